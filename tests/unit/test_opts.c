/* SPDX-License-Identifier: MIT */
/* opts_parse() and opts_parse_seconds(): tend's command-line contract. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "opts.h"

static char why[256];

/* Parse a NULL-terminated list of words as tend's argv (argv[0] added). */
static int parse(struct opts *o, char **words)
{
	static char *argv[64];
	int argc = 1;

	argv[0] = "tend";
	while (*words)
		argv[argc++] = *words++;
	argv[argc] = NULL;
	why[0] = '\0';
	return opts_parse(o, argc, argv, why, sizeof(why));
}

#define PARSE(o, ...) parse(o, (char *[]){ __VA_ARGS__, NULL })

static void dashdash_command(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--", "sleep", "5"), 0);
	assert_non_null(o.cmd);
	assert_string_equal(o.cmd[0], "sleep");
	assert_string_equal(o.cmd[1], "5");
	assert_null(o.cmd[2]);
	assert_int_equal(o.verb, VERB_RUN);
	assert_int_equal(o.grace_ms, OPTS_DEFAULT_GRACE_MS);
	assert_string_equal(o.runtime_dir, OPTS_DEFAULT_RUNTIME_DIR);
	assert_false(o.pgroup);
	assert_false(o.subreaper);
	assert_int_equal(o.n_unit_dirs, 0);
	(void)state;
}

static void bare_command(void **state)
{
	struct opts o;

	/* the first non-option word starts the command, as with tini */
	assert_int_equal(PARSE(&o, "sleep", "-g", "--grace", "1"), 0);
	assert_string_equal(o.cmd[0], "sleep");
	assert_string_equal(o.cmd[1], "-g");	/* the command's, not tend's */
	assert_false(o.pgroup);
	assert_int_equal(o.grace_ms, OPTS_DEFAULT_GRACE_MS);
	(void)state;
}

static void no_command(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "-v"), 0);
	assert_null(o.cmd);
	assert_int_equal(parse(&o, (char *[]){ NULL }), 0);
	assert_null(o.cmd);
	assert_int_equal(PARSE(&o, "-g"), 0);
	assert_null(o.cmd);
	assert_true(o.pgroup);
	(void)state;
}

/* `tend --` with nothing after it: a usage error, as tini's */
static void dashdash_without_command(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--"), -EINVAL);
	assert_non_null(strstr(why, "no COMMAND"));
	assert_int_equal(PARSE(&o, "-g", "--"), -EINVAL);
	assert_int_equal(PARSE(&o, "-u", "d", "--"), -EINVAL);
	assert_int_equal(PARSE(&o, "--", "--"), 0);	/* a command named "--" */
	assert_string_equal(o.cmd[0], "--");
	(void)state;
}

static void after_dashdash_everything_is_command(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--", "--", "-v"), 0);
	assert_string_equal(o.cmd[0], "--");
	assert_string_equal(o.cmd[1], "-v");
	assert_int_equal(o.verbosity, 0);
	assert_int_equal(PARSE(&o, "--", "--help"), 0);
	assert_int_equal(o.verb, VERB_RUN);
	assert_string_equal(o.cmd[0], "--help");
	/* a lone "-" is a command name, not an option */
	assert_int_equal(PARSE(&o, "-", "x"), 0);
	assert_string_equal(o.cmd[0], "-");
	(void)state;
}

static void flags(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "-g", "-s", "-v", "-v", "-q", "--system", "--", "x"), 0);
	assert_true(o.pgroup);
	assert_true(o.subreaper);
	assert_true(o.system);
	assert_int_equal(o.verbosity, 1);
	assert_int_equal(PARSE(&o, "--pgroup", "--subreaper", "--quiet", "--quiet", "x"), 0);
	assert_true(o.pgroup);
	assert_true(o.subreaper);
	assert_false(o.system);
	assert_int_equal(o.verbosity, -2);
	assert_int_equal(PARSE(&o, "--verbose", "x"), 0);
	assert_int_equal(o.verbosity, 1);
	(void)state;
}

static void help_and_version(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--help"), 0);
	assert_int_equal(o.verb, VERB_HELP);
	assert_int_equal(PARSE(&o, "-h"), 0);
	assert_int_equal(o.verb, VERB_HELP);
	assert_int_equal(PARSE(&o, "--version"), 0);
	assert_int_equal(o.verb, VERB_VERSION);
	assert_int_equal(PARSE(&o, "-V"), 0);
	assert_int_equal(o.verb, VERB_VERSION);
	assert_non_null(strstr(opts_usage, "--grace"));
	assert_non_null(strstr(opts_usage, "--pgroup"));
	(void)state;
}

static void grace_forms(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--grace", "1.5", "x"), 0);
	assert_int_equal(o.grace_ms, 1500);
	assert_int_equal(PARSE(&o, "--grace=250ms", "x"), 0);
	assert_int_equal(o.grace_ms, 250);
	assert_int_equal(PARSE(&o, "--grace", "2s", "x"), 0);
	assert_int_equal(o.grace_ms, 2000);
	assert_int_equal(PARSE(&o, "--grace", "0", "x"), 0);
	assert_int_equal(o.grace_ms, 0);
	(void)state;
}

static void grace_errors(void **state)
{
	static const char *bad[] = { "-1", "", "abc", "5x", "1.5.3", " 1", "5 ", "nan",
				     "inf", "1e30", "99999999999", NULL };
	struct opts o;

	for (const char **b = bad; *b; b++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "--grace=%s", *b);
		assert_int_equal(PARSE(&o, arg, "x"), -EINVAL);
		assert_non_null(strstr(why, "--grace"));
	}
	assert_int_equal(PARSE(&o, "--grace"), -EINVAL);
	assert_non_null(strstr(why, "needs a value"));
	(void)state;
}

static void seconds(void **state)
{
	int64_t ms = -42;

	assert_int_equal(opts_parse_seconds("5", &ms), 0);
	assert_int_equal(ms, 5000);
	assert_int_equal(opts_parse_seconds("0.25", &ms), 0);
	assert_int_equal(ms, 250);
	assert_int_equal(opts_parse_seconds("1500ms", &ms), 0);
	assert_int_equal(ms, 1500);
	assert_int_equal(opts_parse_seconds("0.0004", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(opts_parse_seconds("0.0006", &ms), 0);
	assert_int_equal(ms, 1);	/* rounded, not truncated */
	assert_int_equal(opts_parse_seconds("31536000", &ms), 0);
	assert_int_equal(ms, 31536000000LL);
	ms = -42;
	assert_int_equal(opts_parse_seconds(NULL, &ms), -EINVAL);
	assert_int_equal(opts_parse_seconds("31536001", &ms), -EINVAL);
	assert_int_equal(opts_parse_seconds("1 s", &ms), -EINVAL);
	assert_int_equal(opts_parse_seconds("1min", &ms), -EINVAL);
	assert_int_equal(opts_parse_seconds("NaN", &ms), -EINVAL);
	assert_int_equal(opts_parse_seconds("-0", &ms), -EINVAL);
	assert_int_equal(ms, -42);	/* untouched on error */
	(void)state;
}

static void units_forms(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "-u", "a", "--units", "b", "-uc", "--units=d", "--", "x"), 0);
	assert_int_equal(o.n_unit_dirs, 4);
	assert_string_equal(o.unit_dirs[0], "a");
	assert_string_equal(o.unit_dirs[1], "b");
	assert_string_equal(o.unit_dirs[2], "c");
	assert_string_equal(o.unit_dirs[3], "d");
	assert_string_equal(o.cmd[0], "x");
	assert_int_equal(PARSE(&o, "-u"), -EINVAL);
	assert_non_null(strstr(why, "-u"));
	(void)state;
}

static void too_many_units(void **state)
{
	char *argv[2 * OPTS_MAX_UNIT_DIRS + 4];
	struct opts o;
	int argc = 0;

	argv[argc++] = "tend";
	for (int i = 0; i <= OPTS_MAX_UNIT_DIRS; i++) {
		argv[argc++] = "-u";
		argv[argc++] = "d";
	}
	argv[argc] = NULL;
	assert_int_equal(opts_parse(&o, argc, argv, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "too many"));
	/* exactly the maximum is fine */
	assert_int_equal(opts_parse(&o, argc - 2, argv, why, sizeof(why)), 0);
	assert_int_equal(o.n_unit_dirs, OPTS_MAX_UNIT_DIRS);
	(void)state;
}

static void runtime_dir(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--runtime-dir", "/tmp/r", "x"), 0);
	assert_string_equal(o.runtime_dir, "/tmp/r");
	assert_int_equal(PARSE(&o, "--runtime-dir=/tmp/s", "x"), 0);
	assert_string_equal(o.runtime_dir, "/tmp/s");
	assert_int_equal(PARSE(&o, "--runtime-dir=", "x"), -EINVAL);
	assert_non_null(strstr(why, "empty"));
	(void)state;
}

static void config_file(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--system"), 0);
	assert_null(o.config);
	assert_int_equal(PARSE(&o, "--system", "--config", "/tmp/t.conf"), 0);
	assert_string_equal(o.config, "/tmp/t.conf");
	assert_int_equal(PARSE(&o, "--config=/tmp/u.conf"), 0);
	assert_string_equal(o.config, "/tmp/u.conf");
	assert_int_equal(PARSE(&o, "--config="), -EINVAL);
	assert_non_null(strstr(why, "--config: empty"));
	assert_int_equal(PARSE(&o, "--config"), -EINVAL);
	(void)state;
}

static void unknown_option(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "--bogus", "x"), -EINVAL);
	assert_non_null(strstr(why, "--bogus"));
	assert_int_equal(PARSE(&o, "-z", "x"), -EINVAL);
	assert_non_null(strstr(why, "-z"));
	/* prefixes of long options are not the option */
	assert_int_equal(PARSE(&o, "--gracefully", "x"), -EINVAL);
	assert_int_equal(PARSE(&o, "--pgroupx", "x"), -EINVAL);
	(void)state;
}

/* tend calendar: options anywhere, as systemd-analyze calendar takes them */
static void calendar_verb(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(PARSE(&o, "calendar", "daily", "--iterations=3", "Mon 10:00",
			       "--base-time", "2024-02-28 12:00:00 UTC"), 0);
	assert_int_equal(o.verb, VERB_CALENDAR);
	assert_int_equal(o.iterations, 3);
	assert_string_equal(o.base_time, "2024-02-28 12:00:00 UTC");
	assert_string_equal(o.paths[0], "daily");
	assert_string_equal(o.paths[1], "Mon 10:00");
	assert_null(o.paths[2]);
	assert_int_equal(PARSE(&o, "calendar", "hourly"), 0);
	assert_int_equal(o.iterations, 1);
	assert_null(o.base_time);
	assert_int_equal(PARSE(&o, "calendar", "--", "--weird"), 0);
	assert_string_equal(o.paths[0], "--weird");
	assert_int_equal(PARSE(&o, "calendar"), -EINVAL);
	assert_int_equal(PARSE(&o, "calendar", "--iterations=x", "daily"), -EINVAL);
	assert_int_equal(PARSE(&o, "calendar", "--iterations=-1", "daily"), -EINVAL);
	assert_int_equal(PARSE(&o, "calendar", "--frob", "daily"), -EINVAL);
}

static void check_verb(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "check", "--strict", "--require-sandbox", "a", "b"), 0);
	assert_int_equal(o.verb, VERB_CHECK);
	assert_true(o.strict);
	assert_true(o.require_sandbox);
	assert_string_equal(o.paths[0], "a");
	assert_string_equal(o.paths[1], "b");
	assert_null(o.paths[2]);
	assert_int_equal(PARSE(&o, "check", "--", "--strict"), 0);
	assert_false(o.strict);
	assert_string_equal(o.paths[0], "--strict");
	assert_int_equal(PARSE(&o, "check"), -EINVAL);
	assert_non_null(strstr(why, "no FILE"));
	assert_int_equal(PARSE(&o, "check", "--strict"), -EINVAL);
	assert_int_equal(PARSE(&o, "check", "--frobnicate", "a"), -EINVAL);
	assert_non_null(strstr(why, "--frobnicate"));
	/* "check" only counts as the first word */
	assert_int_equal(PARSE(&o, "--", "check", "a"), 0);
	assert_int_equal(o.verb, VERB_RUN);
	assert_string_equal(o.cmd[0], "check");
	(void)state;
}

static void reparse_resets(void **state)
{
	struct opts o;

	assert_int_equal(PARSE(&o, "-g", "-u", "a", "--grace", "1", "x"), 0);
	assert_int_equal(PARSE(&o, "y"), 0);
	assert_false(o.pgroup);
	assert_int_equal(o.n_unit_dirs, 0);
	assert_int_equal(o.grace_ms, OPTS_DEFAULT_GRACE_MS);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dashdash_command),
		cmocka_unit_test(bare_command),
		cmocka_unit_test(no_command),
		cmocka_unit_test(dashdash_without_command),
		cmocka_unit_test(after_dashdash_everything_is_command),
		cmocka_unit_test(flags),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(grace_forms),
		cmocka_unit_test(grace_errors),
		cmocka_unit_test(seconds),
		cmocka_unit_test(units_forms),
		cmocka_unit_test(too_many_units),
		cmocka_unit_test(runtime_dir),
		cmocka_unit_test(config_file),
		cmocka_unit_test(unknown_option),
		cmocka_unit_test(check_verb),
		cmocka_unit_test(calendar_verb),
		cmocka_unit_test(reparse_resets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
