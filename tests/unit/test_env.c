/* Service environments and Exec word expansion (src/env.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "env.h"

static void put_replaces_and_unset(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	assert_int_equal(env_put(&e, "A=1"), 0);
	assert_int_equal(env_put(&e, "B=2"), 0);
	assert_int_equal(env_put(&e, "A=3"), 0);
	assert_int_equal(e.n, 2);
	assert_string_equal(env_get(&e, "A"), "3");
	assert_int_equal(env_put(&e, "=x"), -22);
	assert_int_equal(env_put(&e, "novalue"), -22);
	env_unset(&e, "B=9");		/* value differs: kept */
	assert_string_equal(env_get(&e, "B"), "2");
	env_unset(&e, "B=2");
	assert_null(env_get(&e, "B"));
	env_unset(&e, "A");
	assert_int_equal(e.n, 0);
	assert_null(e.v[0]);
	env_free(&e);
}

static void file_text(void **state)
{
	struct env e;
	int line = 0;

	(void)state;
	env_init(&e);
	assert_int_equal(env_parse_file_text(&e,
		"# comment\n"
		"; also\n"
		"\n"
		"PLAIN=value\n"
		"export EXP=yes\n"
		"SPACED = trimmed  \n"
		"DQ=\"a b \\\"c\\\"\"\n"
		"SQ='x $y'\n"
		"CONT=one\\\n"
		"two\n", &line), 0);
	assert_string_equal(env_get(&e, "PLAIN"), "value");
	assert_string_equal(env_get(&e, "EXP"), "yes");
	assert_string_equal(env_get(&e, "SPACED"), "trimmed");
	assert_string_equal(env_get(&e, "DQ"), "a b \"c\"");
	assert_string_equal(env_get(&e, "SQ"), "x $y");
	assert_string_equal(env_get(&e, "CONT"), "onetwo");
	assert_int_equal(env_parse_file_text(&e, "OK=1\n1BAD=2\n", &line), -22);
	assert_int_equal(line, 2);
	assert_int_equal(env_parse_file_text(&e, "A=1\nB=\"open\n", &line), -22);
	assert_int_equal(line, 2);
	env_free(&e);
}

static void expand(void **state)
{
	struct env e, out;

	(void)state;
	env_init(&e);
	env_init(&out);
	env_put(&e, "OPTS=-a  -b\t-c");
	env_put(&e, "NAME=world");
	assert_int_equal(env_expand_word(&e, "$OPTS", &out), 0);	/* split */
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0], "-a");
	assert_string_equal(out.v[2], "-c");
	assert_int_equal(env_expand_word(&e, "${OPTS}", &out), 0);	/* one word */
	assert_string_equal(out.v[3], "-a  -b\t-c");
	assert_int_equal(env_expand_word(&e, "hello-${NAME}!", &out), 0);
	assert_string_equal(out.v[4], "hello-world!");
	assert_int_equal(env_expand_word(&e, "--name=$NAME", &out), 0);
	assert_string_equal(out.v[5], "--name=world");
	assert_int_equal(env_expand_word(&e, "cost: $$5", &out), 0);
	assert_string_equal(out.v[6], "cost: $5");
	assert_int_equal(env_expand_word(&e, "$UNSET", &out), 0);	/* no word */
	assert_int_equal(out.n, 7);
	assert_int_equal(env_expand_word(&e, "${UNSET}", &out), 0);	/* empty word */
	assert_int_equal(out.n, 8);
	assert_string_equal(out.v[7], "");
	assert_int_equal(env_push_word(&out, "$LITERAL"), 0);
	assert_string_equal(out.v[8], "$LITERAL");
	env_free(&e);
	env_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_replaces_and_unset),
		cmocka_unit_test(file_text),
		cmocka_unit_test(expand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
