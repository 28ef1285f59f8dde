/* SPDX-License-Identifier: MIT */
#ifndef TEND_UNITTIMER_H
#define TEND_UNITTIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"

/* The monotonic triggers of systemd.timer(5). */
enum timer_base {
	TIMER_ACTIVE,		/* OnActiveSec=: since the timer started */
	TIMER_BOOT,		/* OnBootSec= */
	TIMER_STARTUP,		/* OnStartupSec=: since tend started */
	TIMER_UNIT_ACTIVE,	/* OnUnitActiveSec=: since the unit last started */
	TIMER_UNIT_INACTIVE,	/* OnUnitInactiveSec=: since it last stopped */
	_TIMER_BASE_MAX,
};

struct timer_mono {
	enum timer_base base;
	int64_t ms;
};

/* A .timer unit's [Timer] section. */
struct unit_timer {
	struct cal_spec *cal;		/* OnCalendar=, each parsed */
	size_t n_cal;
	struct timer_mono *mono;	/* On*Sec= */
	size_t n_mono;
	int64_t accuracy_ms;		/* AccuracySec=, 1 min */
	int64_t random_ms;		/* RandomizedDelaySec=, 0 */
	bool fixed_random, persistent, remain_after_elapse;
	char *unit;			/* Unit=, or the default, settled at load */
};

extern const char *const timer_base_key[_TIMER_BASE_MAX];

struct uctx;
struct ukey;

int utimer_find(const char *name, struct ukey *ret);
void utimer_verify(struct uctx *c);
void utimer_free(struct unit_timer *t);

#endif
