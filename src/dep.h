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

static inline uint32_t dep_nwait(const struct dep_graph *g, uint32_t i)
{
	return g->wait_off[i + 1] - g->wait_off[i];
}

static inline uint32_t dep_nblock(const struct dep_graph *g, uint32_t i)
{
	return g->block_off[i + 1] - g->block_off[i];
}

#endif
