/* SPDX-License-Identifier: MIT */
/*
 * A registry on a real loop over unit files a test writes, for the unit
 * tests that run units (test_kinds.c, test_fault.c).  Define the test's
 * directory first, as static char dir[] = "/tmp/tend-NAME.XXXXXX", then
 * include this after <cmocka.h>.
 */
#ifndef TEND_TEST_SVC_FIXTURE_H
#define TEND_TEST_SVC_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "loop.h"
#include "reap.h"
#include "svc.h"
#include "util.h"

static struct loop loop;

/* Write dir/units/name with text. */
static inline void unit(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/units/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Run the loop and the reaper until s is in state st, or ms pass. */
static inline bool fixture_run(const struct svc *s, enum svc_state st, int64_t ms)
{
	int64_t end = now_ms() + ms;

	while (now_ms() < end) {
		if (s->state == st)
			return true;
		(void)loop_run_once(&loop, 5);
		reap_all();
	}
	return s->state == st;
}

static inline void fixture_done(void *data)
{
	*(bool *)data = true;
}

/* Stop every unit and turn the loop until all are down (10 s at most). */
static inline bool fixture_stop_all(void)
{
	bool done = false;
	int64_t end = now_ms() + 10000;

	svc_stop_all(fixture_done, &done);
	while (!done && now_ms() < end) {
		(void)loop_run_once(&loop, 5);
		reap_all();
	}
	return done;
}

#endif
