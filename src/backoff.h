/* SPDX-License-Identifier: MIT */
#ifndef TEND_BACKOFF_H
#define TEND_BACKOFF_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Restart delay and start limit of one unit.  Three shapes, by what the unit
 * sets (see README "Restart and backoff"):
 *  - nothing: tend's default, doubling from 100 ms up to 30 s;
 *  - RestartSec only: that fixed delay, as systemd does;
 *  - RestartSteps and RestartMaxDelaySec: systemd's geometric growth from
 *    RestartSec to RestartMaxDelaySec over RestartSteps restarts.
 */
struct backoff_cfg {
	int64_t base_ms;	/* RestartSec */
	int64_t max_ms;		/* RestartMaxDelaySec; <= base: no growth */
	unsigned steps;		/* RestartSteps; 0 with max > base: doubling */
	int64_t reset_ms;	/* a run this long resets the growth */
	unsigned burst;		/* StartLimitBurst; 0 = no limit */
	int64_t interval_ms;	/* StartLimitIntervalSec; 0 = no limit */
};

/*
 * The start limit counts starts in a fixed window that opens at the first
 * start after the last window closed, as systemd's ratelimit does (not a
 * sliding window: 16 bytes per unit instead of a ring of start times).
 */
struct backoff_state {
	unsigned n;		/* restarts since the last healthy run */
	unsigned nstarts;	/* starts in the window opened at begin_ms */
	int64_t begin_ms;
};

/* Pure: tend's defaults (exponential 100 ms .. 30 s, 5 starts in 10 s). */
void backoff_default(struct backoff_cfg *c);
void backoff_reset(struct backoff_state *st);
/* Record a start at now_ms for the start limit. */
void backoff_started(const struct backoff_cfg *c, struct backoff_state *st, int64_t now_ms);
/* Would one more start at now_ms exceed StartLimitBurst within the interval? */
bool backoff_limit_hit(const struct backoff_cfg *c, const struct backoff_state *st,
		       int64_t now_ms);
/*
 * The delay before the next restart, given the run that just ended lasted
 * ran_ms; -1 when the start limit says give up.
 */
int64_t backoff_next(const struct backoff_cfg *c, struct backoff_state *st, int64_t now_ms,
		     int64_t ran_ms);
/* What backoff_next() would return, without spending anything. */
int64_t backoff_peek(const struct backoff_cfg *c, const struct backoff_state *st,
		     int64_t now_ms, int64_t ran_ms);
/* The delay for restart number n (0-based), without side effects. */
int64_t backoff_delay(const struct backoff_cfg *c, unsigned n);

#endif
