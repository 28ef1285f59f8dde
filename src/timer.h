/* SPDX-License-Identifier: MIT */
#ifndef TEND_TIMER_H
#define TEND_TIMER_H

#include <stdint.h>

struct svc;
struct unit_timer;

/* What a timer's triggers count from; -1 for "not yet". */
struct timer_refs {
	int64_t active_mono_ms;		/* the timer unit started */
	int64_t active_real_us;
	int64_t boot_mono_ms;		/* OnBootSec=: 0, or tend's start in a container */
	int64_t startup_mono_ms;	/* OnStartupSec=: tend's start */
	int64_t unit_active_mono_ms;	/* the activated unit last started */
	int64_t unit_inactive_mono_ms;	/* ... and last stopped */
	int64_t last_mono_ms;		/* the timer last elapsed */
	int64_t last_real_us;		/* same, or Persistent='s stamp */
};

/*
 * Pure: the next elapse of t's monotonic triggers (ms, CLOCK_MONOTONIC)
 * and of its calendar triggers (us, CLOCK_REALTIME); -1 for none.  A
 * one-time trigger (OnActiveSec=, OnBootSec=, OnStartupSec=) that fired
 * already counts no more, as in systemd.
 */
void timer_next(const struct unit_timer *t, const struct timer_refs *r, int64_t *ret_mono_ms,
		int64_t *ret_real_us);
/* The clock was set: refs later than now_us become now_us. */
void timer_rewind(struct timer_refs *r, int64_t now_us);
/* A unit changed state: timers counting from it (OnUnit*Sec=) reschedule. */
void timer_peer(struct svc *t);
/* After loading: the units timers activate start on demand. */
void timer_link_all(void);

#endif
