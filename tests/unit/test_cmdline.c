/* SPDX-License-Identifier: MIT */
/* Command-line splitting as systemd.service(5) "Command lines". */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cmdline.h"
#include "unit.h"

static int dup_expand(void *data, const char *in, char **ret)
{
	(void)data;
	*ret = strdup(in);
	return *ret ? 0 : -ENOMEM;
}

static int parse(const char *v, struct unit_cmds *c)
{
	char why[96];
	bool relaxed = false;

	memset(c, 0, sizeof(*c));
	return cmd_parse_exec(v, dup_expand, NULL, 7, c, &relaxed, why, sizeof(why));
}

static void words_and_quotes(void **state)
{
	struct unit_cmds c;

	(void)state;
	assert_int_equal(parse("/bin/echo a \"b c\" 'd e' f\"g h\"i \\x41 \\n", &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].path, "/bin/echo");
	assert_string_equal(c.v[0].argv[0], "/bin/echo");
	assert_string_equal(c.v[0].argv[1], "a");
	assert_string_equal(c.v[0].argv[2], "b c");
	assert_string_equal(c.v[0].argv[3], "d e");
	assert_string_equal(c.v[0].argv[4], "fg hi");
	assert_string_equal(c.v[0].argv[5], "A");
	assert_string_equal(c.v[0].argv[6], "\n");
	assert_null(c.v[0].argv[7]);
	assert_int_equal(c.v[0].line, 7);
	cmd_free(&c);
}

static void variables_kept(void **state)
{
	struct unit_cmds c;

	(void)state;
	assert_int_equal(parse("/bin/sh -c 'echo $HOME ${USER}' $OPTS $$", &c), 0);
	assert_string_equal(c.v[0].argv[2], "echo $HOME ${USER}");
	assert_string_equal(c.v[0].argv[3], "$OPTS");
	assert_string_equal(c.v[0].argv[4], "$$");
	cmd_free(&c);
}

static void prefixes(void **state)
{
	struct unit_cmds c;

	(void)state;
	assert_int_equal(parse("-@/bin/busybox sleep 5", &c), 0);
	assert_int_equal(c.v[0].flags, UNIT_CMD_IGNORE_FAILURE | UNIT_CMD_ARGV0);
	assert_string_equal(c.v[0].path, "/bin/busybox");
	assert_string_equal(c.v[0].argv[0], "sleep");
	assert_string_equal(c.v[0].argv[1], "5");
	cmd_free(&c);
	assert_int_equal(parse("+/bin/true", &c), 0);
	assert_int_equal(c.v[0].flags, UNIT_CMD_FULL_PRIVILEGES);
	cmd_free(&c);
	assert_int_equal(parse("!!/bin/true", &c), 0);
	assert_int_equal(c.v[0].flags, UNIT_CMD_AMBIENT);
	cmd_free(&c);
	assert_int_equal(parse("!/bin/true", &c), 0);
	assert_int_equal(c.v[0].flags, UNIT_CMD_NO_SETUID);
	cmd_free(&c);
	assert_int_equal(parse(":-true", &c), 0);
	assert_int_equal(c.v[0].flags, UNIT_CMD_NO_ENV_EXPAND | UNIT_CMD_IGNORE_FAILURE);
	assert_string_equal(c.v[0].path, "true");
	cmd_free(&c);
}

static void semicolons(void **state)
{
	struct unit_cmds c;

	(void)state;
	assert_int_equal(parse("/bin/a 1 ; /bin/b \\; 2 ;", &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].argv[1], "1");
	assert_null(c.v[0].argv[2]);
	assert_string_equal(c.v[1].argv[1], ";");
	assert_string_equal(c.v[1].argv[2], "2");
	cmd_free(&c);
	/* ';' glued to a word is a plain character */
	assert_int_equal(parse("/bin/a b; c", &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].argv[1], "b;");
	cmd_free(&c);
}

static void errors(void **state)
{
	struct unit_cmds c;

	(void)state;
	assert_int_equal(parse("/bin/echo \"unterminated", &c), -EINVAL);
	assert_int_equal(c.n, 0);
	assert_int_equal(parse("-", &c), -EINVAL);
	assert_int_equal(parse("@/bin/true", &c), -EINVAL);
	assert_int_equal(parse("bin/true", &c), -EINVAL);
	assert_int_equal(parse("/bin/", &c), -EINVAL);
}

static void relaxed_escapes(void **state)
{
	struct unit_cmds c = { 0 };
	char why[96];
	bool relaxed = false;

	(void)state;
	assert_int_equal(cmd_parse_exec("/bin/grep \\d+", dup_expand, NULL, 1, &c, &relaxed,
					why, sizeof(why)), 0);
	assert_true(relaxed);
	assert_string_equal(c.v[0].argv[1], "\\d+");
	cmd_free(&c);
}

static void plain_words(void **state)
{
	const char *p = "  a\\ b  \"c d\"  ";
	char *w;

	(void)state;
	assert_int_equal(cmd_word(&p, &w, CMD_UNQUOTE), 1);
	assert_string_equal(w, "a b");
	free(w);
	assert_int_equal(cmd_word(&p, &w, CMD_UNQUOTE), 1);
	assert_string_equal(w, "c d");
	free(w);
	assert_int_equal(cmd_word(&p, &w, CMD_UNQUOTE), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_and_quotes), cmocka_unit_test(variables_kept),
		cmocka_unit_test(prefixes),	    cmocka_unit_test(semicolons),
		cmocka_unit_test(errors),	    cmocka_unit_test(relaxed_escapes),
		cmocka_unit_test(plain_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
