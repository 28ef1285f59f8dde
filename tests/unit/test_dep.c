/* Ordering graph, cycles and start order (src/dep.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dep.h"

static unsigned seen_sizes[8], nseen;

static void on_cycle(const uint32_t *m, uint32_t n, void *data)
{
	(void)m;
	(void)data;
	if (nseen < 8)
		seen_sizes[nseen++] = n;
}

static uint32_t pos_of(const uint32_t *order, uint32_t n, uint32_t v)
{
	for (uint32_t i = 0; i < n; i++)
		if (order[i] == v)
			return i;
	return UINT32_MAX;
}

static void chain_orders(void **state)
{
	/* 0 after 1, 1 after 2: start 2, 1, 0 */
	struct dep_edge e[] = { { 0, 1 }, { 1, 2 } };
	struct dep_graph g;
	uint32_t order[3];

	(void)state;
	assert_int_equal(dep_build(&g, 3, e, 2), 0);
	assert_int_equal(dep_find_cycles(&g, NULL, NULL), 0);
	assert_int_equal(dep_topo(&g, order), 3);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 0);
	assert_int_equal(dep_nwait(&g, 0), 1);
	assert_int_equal(dep_nblock(&g, 2), 1);
	dep_free(&g);
}

/* Spans name the right units; an unbuilt or freed graph has none. */
static void spans_and_unbuilt(void **state)
{
	struct dep_edge e[] = { { 0, 1 }, { 0, 2 }, { 2, 1 } };
	struct dep_graph g = { 0 };
	struct dep_span sp;

	(void)state;
	assert_int_equal(dep_waits(&g, 0).n, 0);	/* never built */
	assert_int_equal(dep_blocks(&g, 5).n, 0);
	assert_int_equal(dep_build(&g, 3, e, 3), 0);
	sp = dep_waits(&g, 0);
	assert_int_equal(sp.n, 2);
	assert_true((sp.v[0] == 1 && sp.v[1] == 2) || (sp.v[0] == 2 && sp.v[1] == 1));
	sp = dep_blocks(&g, 1);
	assert_int_equal(sp.n, 2);
	assert_int_equal(dep_waits(&g, 3).n, 0);	/* past the graph */
	dep_free(&g);
	assert_int_equal(dep_waits(&g, 0).n, 0);
	assert_int_equal(dep_blocks(&g, 1).n, 0);
}

static void cycle_is_named_and_excluded(void **state)
{
	/* 0 -> 1 -> 2 -> 0 is a cycle; 3 waits for 0; 4 is free; 5 waits for itself */
	struct dep_edge e[] = { { 0, 1 }, { 1, 2 }, { 2, 0 }, { 3, 0 }, { 5, 5 } };
	struct dep_graph g;
	uint32_t order[6];
	uint32_t n;

	(void)state;
	nseen = 0;
	assert_int_equal(dep_build(&g, 6, e, 5), 0);
	assert_int_equal(dep_find_cycles(&g, on_cycle, NULL), 2);
	assert_true(g.in_cycle[0] && g.in_cycle[1] && g.in_cycle[2] && g.in_cycle[5]);
	assert_false(g.in_cycle[3] || g.in_cycle[4]);
	assert_true((seen_sizes[0] == 3 && seen_sizes[1] == 1) ||
		    (seen_sizes[0] == 1 && seen_sizes[1] == 3));
	n = dep_topo(&g, order);
	assert_int_equal(n, 1);	/* only 4: 3 waits on a cycle forever */
	assert_int_equal(order[0], 4);
	dep_free(&g);
}

static void diamond_and_duplicates(void **state)
{
	/* 3 after 1 and 2; 1 and 2 after 0; duplicate edge allowed */
	struct dep_edge e[] = { { 3, 1 }, { 3, 2 }, { 1, 0 }, { 2, 0 }, { 2, 0 } };
	struct dep_graph g;
	uint32_t order[4];

	(void)state;
	assert_int_equal(dep_build(&g, 4, e, 5), 0);
	assert_int_equal(dep_find_cycles(&g, NULL, NULL), 0);
	assert_int_equal(dep_topo(&g, order), 4);
	assert_true(pos_of(order, 4, 0) < pos_of(order, 4, 1));
	assert_true(pos_of(order, 4, 0) < pos_of(order, 4, 2));
	assert_true(pos_of(order, 4, 2) < pos_of(order, 4, 3));
	dep_free(&g);
}

static void long_chain_no_recursion_limit(void **state)
{
	enum { N = 200000 };
	struct dep_edge *e = malloc(N * sizeof(*e));
	uint32_t *order = malloc(N * sizeof(*order));
	struct dep_graph g;

	(void)state;
	for (uint32_t i = 0; i + 1 < N; i++)
		e[i] = (struct dep_edge){ i, i + 1 };
	e[N - 1] = (struct dep_edge){ N - 1, 0 };	/* closes one giant cycle */
	assert_int_equal(dep_build(&g, N, e, N), 0);
	assert_int_equal(dep_find_cycles(&g, NULL, NULL), 1);
	assert_int_equal(dep_topo(&g, order), 0);
	dep_free(&g);
	free(e);
	free(order);
}

static void bad_index_rejected(void **state)
{
	struct dep_edge e[] = { { 0, 7 } };
	struct dep_graph g;

	(void)state;
	assert_int_equal(dep_build(&g, 2, e, 1), -22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chain_orders),
		cmocka_unit_test(spans_and_unbuilt),
		cmocka_unit_test(cycle_is_named_and_excluded),
		cmocka_unit_test(diamond_and_duplicates),
		cmocka_unit_test(long_chain_no_recursion_limit),
		cmocka_unit_test(bad_index_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
