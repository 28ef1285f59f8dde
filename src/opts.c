/* SPDX-License-Identifier: MIT */
/* tend's command line: pure parsing, tested in tests/unit/test_opts.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "nofail.h"

const char opts_usage[] =
	"usage: tend [OPTIONS] [--] [COMMAND [ARG...]]\n"
	"       tend check [--strict] [--require-sandbox] FILE|DIR...\n"
	"       tend calendar [--iterations=N] [--base-time=TIME] EXPR...\n"
	"\n"
	"  -u, --units DIR     unit directory (repeatable; default " OPTS_DEFAULT_UNIT_DIR "\n"
	"                      when no COMMAND is given)\n"
	"  -g, --pgroup        forward signals to the command's process group\n"
	"  -s, --subreaper     force PR_SET_CHILD_SUBREAPER (automatic when not PID 1)\n"
	"  -v, --verbose       more log lines; -q, --quiet fewer\n"
	"      --runtime-dir DIR   where sockets live (default " OPTS_DEFAULT_RUNTIME_DIR ")\n"
	"      --grace SECONDS     after COMMAND exits, how long leftover processes\n"
	"                          get between SIGTERM and SIGKILL (default 5)\n"
	"      --system        force system mode (PID 1 of a machine)\n"
	"      --config FILE   system mode's manager config (default " OPTS_DEFAULT_CONFIG ")\n"
	"      --version, --help\n";

int opts_parse_seconds(const char *s, int64_t *ret_ms)
{
	char *end;
	double v;

	if (!s || !*s || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	/* written so that NaN ("nan" parses) fails too: it compares false */
	if (errno || end == s || !(v >= 0 && v <= 31536000.0))
		return -EINVAL;
	if (strcmp(end, "ms") == 0)
		v /= 1000.0;
	else if (*end && strcmp(end, "s") != 0)
		return -EINVAL;
	*ret_ms = (int64_t)(v * 1000.0 + 0.5);
	return 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Options that take a value: "--units DIR", "--units=DIR", "-uDIR", "-u DIR". */
static const char *take_value(int argc, char **argv, int *i, const char *name, char *why,
			      size_t whylen)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (a[1] != '-' && a[2])
		return a + 2;
	if (a[1] == '-' && a[2 + n] == '=')
		return a + 3 + n;
	if (*i + 1 >= argc) {
		fail(why, whylen, "option %s needs a value", a);
		return NULL;
	}
	return argv[++*i];
}

static bool is_opt(const char *a, char s, const char *l)
{
	size_t n = strlen(l);

	if (s && a[0] == '-' && a[1] == s)
		return true;
	return a[0] == '-' && a[1] == '-' && strncmp(a + 2, l, n) == 0 &&
	       (a[2 + n] == '\0' || a[2 + n] == '=');
}

static int parse_check(struct opts *o, int argc, char **argv, int i, char *why, size_t whylen)
{
	o->verb = VERB_CHECK;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--strict") == 0)
			o->strict = true;
		else if (strcmp(argv[i], "--require-sandbox") == 0)
			o->require_sandbox = true;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			return fail(why, whylen, "check: unknown option %s", argv[i]);
	}
	if (i >= argc)
		return fail(why, whylen, "%s", "check: no FILE or DIR given");
	o->paths = argv + i;
	return 0;
}

/* tend calendar: options anywhere, as systemd-analyze takes them. */
static int parse_calendar(struct opts *o, int argc, char **argv, char *why, size_t whylen)
{
	int i, n = 0;
	char *end;
	const char *v;
	bool dashdash = false;

	o->verb = VERB_CALENDAR;
	o->iterations = 1;
	for (i = 2; i < argc; i++) {
		if (!dashdash && strcmp(argv[i], "--") == 0) {
			dashdash = true;
		} else if (!dashdash && is_opt(argv[i], 0, "iterations")) {
			if (!(v = take_value(argc, argv, &i, "iterations", why, whylen)))
				return -EINVAL;
			errno = 0;
			o->iterations = (unsigned)strtoul(v, &end, 10);
			if (errno || end == v || *end || *v == '-' || o->iterations > 100000)
				return fail(why, whylen, "calendar: bad --iterations '%s'", v);
		} else if (!dashdash && is_opt(argv[i], 0, "base-time")) {
			if (!(v = take_value(argc, argv, &i, "base-time", why, whylen)))
				return -EINVAL;
			o->base_time = v;
		} else if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
			return fail(why, whylen, "calendar: unknown option %s", argv[i]);
		} else {
			argv[2 + n++] = argv[i];	/* the expressions, in order */
		}
	}
	if (n == 0)
		return fail(why, whylen, "%s", "calendar: no expression given");
	argv[2 + n] = NULL;
	o->paths = argv + 2;
	return 0;
}

/* Flags without a value; returns 1 when a handled, 0 when not one of them. */
static int parse_flag(struct opts *o, const char *a)
{
	if (strcmp(a, "-g") == 0 || strcmp(a, "--pgroup") == 0)
		o->pgroup = true;
	else if (strcmp(a, "-s") == 0 || strcmp(a, "--subreaper") == 0)
		o->subreaper = true;
	else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
		o->verbosity++;
	else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
		o->verbosity--;
	else if (strcmp(a, "--system") == 0)
		o->system = true;
	else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
		o->verb = VERB_HELP;
	else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)
		o->verb = VERB_VERSION;
	else
		return 0;
	return 1;
}

int opts_parse(struct opts *o, int argc, char **argv, char *why, size_t whylen)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->runtime_dir = OPTS_DEFAULT_RUNTIME_DIR;
	o->grace_ms = OPTS_DEFAULT_GRACE_MS;
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return parse_check(o, argc, argv, 2, why, whylen);
	if (argc > 1 && strcmp(argv[1], "calendar") == 0)
		return parse_calendar(o, argc, argv, why, whylen);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;

		if (strcmp(a, "--") == 0) {
			if (++i >= argc)	/* tini too: ENTRYPOINT ["tend", "--"], no CMD */
				return fail(why, whylen, "%s", "'--' and no COMMAND after it");
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;	/* the command starts here */
		if (parse_flag(o, a))
			continue;
		if (is_opt(a, 'u', "units")) {
			if (!(v = take_value(argc, argv, &i, "units", why, whylen)))
				return -EINVAL;
			if (o->n_unit_dirs == OPTS_MAX_UNIT_DIRS)
				return fail(why, whylen, "%s", "too many --units directories");
			o->unit_dirs[o->n_unit_dirs++] = v;
		} else if (is_opt(a, 0, "runtime-dir")) {
			if (!(v = take_value(argc, argv, &i, "runtime-dir", why, whylen)))
				return -EINVAL;
			if (!*v)
				return fail(why, whylen, "%s", "--runtime-dir: empty path");
			o->runtime_dir = v;
		} else if (is_opt(a, 0, "config")) {
			if (!(v = take_value(argc, argv, &i, "config", why, whylen)))
				return -EINVAL;
			if (!*v)
				return fail(why, whylen, "%s", "--config: empty path");
			o->config = v;
		} else if (is_opt(a, 0, "grace")) {
			if (!(v = take_value(argc, argv, &i, "grace", why, whylen)))
				return -EINVAL;
			if (opts_parse_seconds(v, &o->grace_ms) < 0)
				return fail(why, whylen, "--grace: '%s' is not a number of seconds", v);
		} else {
			return fail(why, whylen, "unknown option %s (see --help)", a);
		}
	}
	if (i < argc)
		o->cmd = argv + i;
	return 0;
}
