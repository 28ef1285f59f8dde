/* SPDX-License-Identifier: MIT */
#ifndef TEND_OPTS_H
#define TEND_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPTS_MAX_UNIT_DIRS 16
#define OPTS_DEFAULT_GRACE_MS 5000
#define OPTS_DEFAULT_RUNTIME_DIR "/run/tend"
#define OPTS_DEFAULT_UNIT_DIR "/etc/tend/units"
#define OPTS_DEFAULT_CONFIG "/etc/tend/tend.conf"

enum opts_verb { VERB_RUN, VERB_CHECK, VERB_HELP, VERB_VERSION, VERB_CALENDAR };

struct opts {
	enum opts_verb verb;
	const char *unit_dirs[OPTS_MAX_UNIT_DIRS];
	int n_unit_dirs;
	bool pgroup;		/* -g: signal the main command's process group */
	bool subreaper;		/* -s */
	bool system;		/* --system */
	int verbosity;		/* 0 normal, >0 -v, <0 -q */
	const char *runtime_dir;
	const char *config;	/* --config; NULL: OPTS_DEFAULT_CONFIG */
	int64_t grace_ms;
	char **cmd;		/* NULL-terminated, points into argv; NULL: none */
	/* tend check */
	bool strict, require_sandbox;
	char **paths;		/* check operands, NULL-terminated */
	/* tend calendar: the expressions are in paths */
	unsigned iterations;
	const char *base_time;
};

/*
 * Pure: parse tend's command line into o.  Returns 0, or -EINVAL with a
 * one-line reason in err.  A first non-option word starts the command, as
 * with tini, so `tend sleep 5` and `tend -- sleep 5` are the same.
 */
int opts_parse(struct opts *o, int argc, char **argv, char *why, size_t whylen);

/* Pure: "5", "0.25", "1500ms", "2s" into milliseconds; -EINVAL if not. */
int opts_parse_seconds(const char *s, int64_t *ret_ms);

extern const char opts_usage[];

#endif
