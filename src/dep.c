/* SPDX-License-Identifier: MIT */
/*
 * Dependency order: pure graph code over unit indices.  After=/Before= give
 * ordering edges; Requires=/Wants= only pull units in (as in systemd) and
 * are handled by svc_dep.c.  A cycle is an error that names its members.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dep.h"
#include "nofail.h"

/* Compressed rows of edges grouped by key(e); returns 0 or -ENOMEM. */
static int csr(uint32_t n, const struct dep_edge *e, size_t ne, bool by_later,
	       uint32_t **ret_off, uint32_t **ret_idx)
{
	uint32_t *off = calloc((size_t)n + 1, sizeof(*off));
	uint32_t *idx = malloc((ne ? ne : 1) * sizeof(*idx));
	uint32_t *fill;
	size_t k;

	if (!off || !idx)
		goto out_free;
	for (k = 0; k < ne; k++)
		off[(by_later ? e[k].later : e[k].first) + 1]++;
	for (uint32_t i = 0; i < n; i++)
		off[i + 1] += off[i];
	fill = calloc(n ? n : 1, sizeof(*fill));
	if (!fill)
		goto out_free;
	for (k = 0; k < ne; k++) {
		uint32_t from = by_later ? e[k].later : e[k].first;

		idx[off[from] + fill[from]++] = by_later ? e[k].first : e[k].later;
	}
	free(fill);
	*ret_off = off;
	*ret_idx = idx;
	return 0;
out_free:
	free(off);
	free(idx);
	return -ENOMEM;
}

int dep_build(struct dep_graph *g, uint32_t n, const struct dep_edge *e, size_t ne)
{
	memset(g, 0, sizeof(*g));
	g->n = n;
	for (size_t k = 0; k < ne; k++)
		if (e[k].later >= n || e[k].first >= n)
			return -EINVAL;
	g->in_cycle = calloc(n ? n : 1, sizeof(*g->in_cycle));
	if (!g->in_cycle || csr(n, e, ne, true, &g->wait_off, &g->wait_idx) < 0 ||
	    csr(n, e, ne, false, &g->block_off, &g->block_idx) < 0) {
		dep_free(g);
		return -ENOMEM;
	}
	return 0;
}

void dep_free(struct dep_graph *g)
{
	free(g->wait_off);
	free(g->wait_idx);
	free(g->block_off);
	free(g->block_idx);
	free(g->in_cycle);
	memset(g, 0, sizeof(*g));
}

struct tarjan {
	uint32_t *index, *low, *stack, *call, *edge;
	bool *on;
	uint32_t sp, next;
};

#define NONE UINT32_MAX

/* Pop one strongly connected component rooted at v; report it if a cycle. */
static unsigned pop_scc(struct dep_graph *g, struct tarjan *t, uint32_t v, dep_cycle_fn *fn,
			void *data)
{
	uint32_t start = t->sp, w;
	bool self = false;

	do {
		w = t->stack[--start];
	} while (w != v);
	for (uint32_t k = g->wait_off[v]; k < g->wait_off[v + 1]; k++)
		self |= g->wait_idx[k] == v;
	for (uint32_t k = start; k < t->sp; k++)
		t->on[t->stack[k]] = false;
	if (t->sp - start > 1 || self) {
		for (uint32_t k = start; k < t->sp; k++)
			g->in_cycle[t->stack[k]] = true;
		if (fn)
			fn(t->stack + start, t->sp - start, data);
		t->sp = start;
		return 1;
	}
	t->sp = start;
	return 0;
}

/* Iterative Tarjan from root r: an explicit call stack, no recursion depth limit. */
static unsigned strongconnect(struct dep_graph *g, struct tarjan *t, uint32_t r,
			      dep_cycle_fn *fn, void *data)
{
	uint32_t depth = 0, found = 0;

	t->call[depth] = r;
	t->edge[depth] = g->wait_off[r];
	t->index[r] = t->low[r] = t->next++;
	t->stack[t->sp++] = r;
	t->on[r] = true;
	for (;;) {
		uint32_t v = t->call[depth];

		if (t->edge[depth] < g->wait_off[v + 1]) {
			uint32_t w = g->wait_idx[t->edge[depth]++];

			if (t->index[w] == NONE) {
				t->index[w] = t->low[w] = t->next++;
				t->stack[t->sp++] = w;
				t->on[w] = true;
				t->call[++depth] = w;
				t->edge[depth] = g->wait_off[w];
			} else if (t->on[w] && t->index[w] < t->low[v]) {
				t->low[v] = t->index[w];
			}
			continue;
		}
		if (t->low[v] == t->index[v])
			found += pop_scc(g, t, v, fn, data);
		if (depth == 0)
			return found;
		depth--;
		if (t->low[v] < t->low[t->call[depth]])
			t->low[t->call[depth]] = t->low[v];
	}
}

unsigned dep_find_cycles(struct dep_graph *g, dep_cycle_fn *fn, void *data)
{
	struct tarjan t = { 0 };
	size_t n = g->n ? g->n : 1;
	unsigned found = 0;

	t.index = malloc(n * sizeof(uint32_t));
	t.low = malloc(n * sizeof(uint32_t));
	t.stack = malloc(n * sizeof(uint32_t));
	t.call = malloc(n * sizeof(uint32_t));
	t.edge = malloc(n * sizeof(uint32_t));
	t.on = calloc(n, sizeof(bool));
	if (t.index && t.low && t.stack && t.call && t.edge && t.on) {
		memset(t.index, 0xff, n * sizeof(uint32_t));
		for (uint32_t i = 0; i < g->n; i++)
			if (t.index[i] == NONE)
				found += strongconnect(g, &t, i, fn, data);
	}
	free(t.index);
	free(t.low);
	free(t.stack);
	free(t.call);
	free(t.edge);
	free(t.on);
	return found;
}

uint32_t dep_topo(const struct dep_graph *g, uint32_t *ret_order)
{
	uint32_t *left = malloc((g->n ? g->n : 1) * sizeof(*left));
	uint32_t head = 0, tail = 0;

	if (!left)
		return 0;
	for (uint32_t i = 0; i < g->n; i++) {
		left[i] = dep_nwait(g, i);
		if (!left[i] && !g->in_cycle[i])
			ret_order[tail++] = i;
	}
	while (head < tail) {
		uint32_t v = ret_order[head++];

		for (uint32_t k = g->block_off[v]; k < g->block_off[v + 1]; k++) {
			uint32_t w = g->block_idx[k];

			if (--left[w] == 0 && !g->in_cycle[w])
				ret_order[tail++] = w;
		}
	}
	free(left);
	return tail;
}
