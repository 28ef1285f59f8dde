/* The set of unit names loading uses (src/nameset.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nameset.h"

static void empty_has_nothing(void **state)
{
	struct nameset s = { 0 };

	(void)state;
	assert_false(nameset_has(&s, "a.service"));
	assert_false(nameset_has(&s, ""));
	nameset_free(&s);
}

static void add_then_has(void **state)
{
	struct nameset s = { 0 };

	(void)state;
	assert_int_equal(nameset_add(&s, "a.service"), 0);
	assert_true(nameset_has(&s, "a.service"));
	assert_false(nameset_has(&s, "b.service"));
	assert_false(nameset_has(&s, "a.servic"));
	assert_int_equal(nameset_add(&s, "a.service"), 0);	/* twice: once */
	assert_int_equal(s.n, 1);
	nameset_free(&s);
	assert_false(nameset_has(&s, "a.service"));
}

/* Many names across several growths: every one found, no other. */
static void many_names(void **state)
{
	enum { N = 20000 };
	static char names[N][24];
	struct nameset s = { 0 };
	char other[24];

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "p%05d.service", i);
		assert_int_equal(nameset_add(&s, names[i]), 0);
	}
	assert_int_equal(s.n, N);
	assert_true(s.cap >= 2 * N);
	for (int i = 0; i < N; i++) {
		assert_true(nameset_has(&s, names[i]));
		snprintf(other, sizeof(other), "q%05d.service", i);
		assert_false(nameset_has(&s, other));
	}
	nameset_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_has_nothing),
		cmocka_unit_test(add_then_has),
		cmocka_unit_test(many_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
