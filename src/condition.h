/* SPDX-License-Identifier: MIT */
/*
 * Condition*= and Assert*= of a unit: evaluated before every start with
 * systemd.unit(5)'s rules.  Independent of services: any unit type with
 * a [Unit] section uses it.  Reads the host's files; writes nothing.
 */
#ifndef TEND_CONDITION_H
#define TEND_CONDITION_H

#include <stdbool.h>
#include <stddef.h>

#include "unit.h"

/*
 * Where the host facts come from.  root prefixes every host file the
 * conditions read (/proc, /sys, /etc, /run, /usr): "" on a real system,
 * a directory in tests.  Paths written in a unit (PathExists= ...) are
 * taken as written.
 */
struct cond_ctx {
	const char *root;
	char **environ;		/* the manager's environment (Environment=) */
	bool pid1;		/* we are PID 1: our own $container counts */
};

/* The running system: root "", environ, getpid() == 1. */
void cond_ctx_host(struct cond_ctx *x);

/*
 * One condition's own test, before negation: 1 holds, 0 does not,
 * -errno when it can't be answered (systemd counts that as failed,
 * whatever the '!').
 */
int cond_test_raw(const struct cond_ctx *x, const struct unit_cond *c);

/* One condition with its '!': true when it is met. */
bool cond_test(const struct cond_ctx *x, const struct unit_cond *c);

/*
 * A whole list as systemd evaluates it: every non-triggering condition
 * holds and, if there are triggering ones ('|'), at least one of them.
 * On false, *ret_failed is the first non-triggering condition that
 * failed, or the first triggering one when none of them held.
 */
bool cond_list_ok(const struct cond_ctx *x, const struct unit_conds *l,
		  const struct unit_cond **ret_failed);

/*
 * "ConditionPathExists=!/x (file:line)" into buf; assert picks the
 * Assert prefix.  With none_triggered: "no |ConditionX= held (file:line)".
 */
void cond_describe(const struct unit_cond *c, bool is_assert, bool none_triggered,
		   char *buf, size_t size);

enum {
	COND_HOLD,		/* every condition and assert holds */
	COND_SKIP,		/* a condition failed: skip the start */
	COND_ASSERT_FAILED,	/* an assert failed: fail the start */
};

/*
 * A unit's conditions, then its asserts, on the running system: COND_*,
 * and what was not met in why ("ConditionX=v (file:line)").
 */
int cond_unit(const struct unit *u, char *why, size_t size);

/* Pure helpers, exported for the tests. */
/* KernelCommandLine=: is param a word (or word=...) of cmdline? */
bool cond_cmdline_has(const char *cmdline, const char *param);
/* systemd's strverscmp_improved(): <0, 0, >0. */
int cond_vercmp(const char *a, const char *b);
/*
 * "OP VALUE" with OP one of < <= = != >= > (and $= !$= fnmatch when
 * fnmatch): compare actual against VALUE.  def_op is used when no
 * operator is written (NULL: an operator is required).  1, 0 or -EINVAL.
 */
int cond_compare(const char *expr, const char *actual, bool fnmatch_ok,
		 bool eq_by_string, const char *def_op);
/*
 * ConditionMemoryPressure= etc. ("20%", "20%/1min") against the text of
 * a PSI file: its "full" line (or "some" when it has none; some: always).
 */
int cond_psi_ok(const char *psi_text, const char *param, bool some);

#endif
