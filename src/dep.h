/* SPDX-License-Identifier: MIT */
#ifndef TEND_DEP_H
#define TEND_DEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An ordering edge: unit `later` starts only once unit `first` has settled. */
struct dep_edge {
	uint32_t later, first;
};

/*
 * The ordering graph of the loaded units, in compressed rows both ways:
 * waits_for(i) are the units i starts after; blocks(i) the units that start
 * after i (and so must stop before i stops).
 */
struct dep_graph {
	uint32_t n;
	uint32_t *wait_off, *wait_idx;
	uint32_t *block_off, *block_idx;
	bool *in_cycle;
};

/* Pure: build from edges (duplicates and self-edges allowed); 0 or -ENOMEM. */
int dep_build(struct dep_graph *g, uint32_t n, const struct dep_edge *e, size_t ne);
void dep_free(struct dep_graph *g);

/*
 * Pure: mark every unit that sits on an ordering cycle (Tarjan's strongly
 * connected components, iterative).  For each cycle found, calls fn with
 * its members.  Returns the number of cycles.
 */
typedef void dep_cycle_fn(const uint32_t *members, uint32_t n, void *data);
unsigned dep_find_cycles(struct dep_graph *g, dep_cycle_fn *fn, void *data);

/* Pure: a start order (each unit after those it waits for), cycles left out; returns count. */
uint32_t dep_topo(const struct dep_graph *g, uint32_t *ret_order);

/* One unit's neighbours: v[0] .. v[n - 1], indexes of units. */
struct dep_span {
	const uint32_t *v;
	uint32_t n;
};

/*
 * The units i waits for / that wait for i.  Empty when the graph is not
 * built (dep_build() ran out of memory, or it was freed) or i is past it:
 * the registry then starts and stops without ordering until the next
 * build, and never reads a freed or missing row.
 */
static inline struct dep_span dep_waits(const struct dep_graph *g, uint32_t i)
{
	if (!g->wait_off || i >= g->n)
		return (struct dep_span){ NULL, 0 };
	return (struct dep_span){ g->wait_idx + g->wait_off[i], g->wait_off[i + 1] - g->wait_off[i] };
}

static inline struct dep_span dep_blocks(const struct dep_graph *g, uint32_t i)
{
	if (!g->block_off || i >= g->n)
		return (struct dep_span){ NULL, 0 };
	return (struct dep_span){ g->block_idx + g->block_off[i],
				  g->block_off[i + 1] - g->block_off[i] };
}

static inline uint32_t dep_nwait(const struct dep_graph *g, uint32_t i)
{
	return dep_waits(g, i).n;
}

static inline uint32_t dep_nblock(const struct dep_graph *g, uint32_t i)
{
	return dep_blocks(g, i).n;
}

#endif
