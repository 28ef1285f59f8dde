/* SPDX-License-Identifier: MIT */
#ifndef TEND_CMDLINE_H
#define TEND_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct unit_cmds;

enum {
	CMD_UNQUOTE = 1 << 0,	/* "..." and '...' group and are removed */
	CMD_CUNESCAPE = 1 << 1,	/* \n \t \xNN \NNN \uNNNN ... are decoded */
	CMD_RELAX = 1 << 2,	/* unknown escapes stay as written */
	CMD_RETAIN_ESCAPE = 1 << 3,	/* without CUNESCAPE: keep "\c" as is */
};

/*
 * Pure: systemd's extract_first_word() for whitespace-separated words.
 * Returns 1 and a malloc'd word in *ret, 0 at the end, -EINVAL on an
 * unbalanced quote or a bad escape (retry with CMD_RELAX to keep the
 * escape), -ENOMEM.
 */
int cmd_word(const char **p, char **ret, unsigned flags);

/* As cmd_word() with systemd's relaxed retry: *ret_relaxed says so. */
int cmd_word_relaxed(const char **p, char **ret, unsigned flags, bool *ret_relaxed);

/* Expands specifiers in one word: 0 and *ret (malloc'd) or -errno. */
typedef int cmd_expand_fn(void *data, const char *in, char **ret);

/*
 * Pure: one Exec*= value (prefixes -@+!!!: then words, ';' separating
 * commands) appended to cmds, with expand() run on every word.  line is
 * stored in each command.  On error returns -errno, leaves cmds as it was
 * and writes the reason into why.  *ret_relaxed is set when an unknown
 * escape was kept as written.
 */
int cmd_parse_exec(const char *value, cmd_expand_fn *expand, void *data, int line,
		   struct unit_cmds *cmds, bool *ret_relaxed, char *why, size_t whylen);

void cmd_free(struct unit_cmds *cmds);

#endif
