/* SPDX-License-Identifier: MIT */
/*
 * Parsing a unit from a string, for the unit tests: the diagnostics of
 * the last parse stay in diag for said() to search.  Include after
 * <cmocka.h>; free diag at the end of main().
 */
#ifndef TEND_TEST_UNIT_FIXTURE_H
#define TEND_TEST_UNIT_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

static struct unit_diag diag;

/* text as the unit called name (ctx may be NULL); NULL when refused. */
static inline struct unit *fixture_parse(const char *name, const char *text,
					 const struct unit_ctx *ctx)
{
	struct unit *u = NULL;

	unit_diag_free(&diag);
	if (unit_parse_string(text, name, ctx, &u, &diag) < 0)
		return NULL;
	return u;
}

/* Does a diagnostic of the last parse contain s?  If not, show them all. */
static inline bool said(const char *s)
{
	for (size_t i = 0; i < diag.n; i++)
		if (strstr(diag.v[i].text, s))
			return true;
	for (size_t i = 0; i < diag.n; i++)
		fprintf(stderr, "diag: %s\n", diag.v[i].text);
	return false;
}

#endif
