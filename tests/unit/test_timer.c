/* SPDX-License-Identifier: MIT */
/* .timer units: the [Timer] keys (unittimer.c) and timer_next() (timer.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "caltz.h"
#include "timer.h"
#include "unit.h"
#include "unit_fixture.h"
#include "unittimer.h"

static struct unit *load(const char *name, const char *text)
{
	return fixture_parse(name, text, NULL);
}

static void keys(void **state)
{
	struct unit *u;

	(void)state;
	setenv("TZ", "UTC", 1);
	u = load("backup.timer", "[Timer]\nOnCalendar=daily\nOnCalendar=Mon 10:00\n"
		 "OnBootSec=15min\nOnUnitActiveSec=1d\nRandomizedDelaySec=30s\n"
		 "AccuracySec=1us\nPersistent=yes\nRemainAfterElapse=no\nWakeSystem=no\n");
	assert_non_null(u);
	assert_int_equal(u->kind, UNIT_KIND_TIMER);
	assert_int_equal(u->timer->n_cal, 2);
	assert_int_equal(u->timer->n_mono, 2);
	assert_int_equal(u->timer->mono[0].base, TIMER_BOOT);
	assert_int_equal(u->timer->mono[0].ms, 900000);
	assert_int_equal(u->timer->mono[1].base, TIMER_UNIT_ACTIVE);
	assert_int_equal(u->timer->random_ms, 30000);
	assert_int_equal(u->timer->accuracy_ms, 1);
	assert_true(u->timer->persistent);
	assert_false(u->timer->remain_after_elapse);
	assert_string_equal(u->timer->unit, "backup.service");
	assert_string_equal(u->before[0], "backup.service");
	unit_free(u);
	u = load("a.timer", "[Timer]\nOnActiveSec=5\nUnit=b.service\nOnActiveSec=\n"
		 "OnStartupSec=1h\n");
	assert_non_null(u);
	assert_int_equal(u->timer->n_mono, 1);	/* an empty value resets */
	assert_int_equal(u->timer->mono[0].base, TIMER_STARTUP);
	assert_string_equal(u->timer->unit, "b.service");
	assert_true(u->timer->remain_after_elapse);
	unit_free(u);
	assert_null(load("a.timer", "[Timer]\nOnCalendar=daily\nWakeSystem=yes\n"));
	assert_true(said("a.timer:3: WakeSystem: WakeSystem=yes is not supported"));
	assert_null(load("a.timer", "[Timer]\nOnCalendar=Mon..Wed..Fri\n"));
	assert_true(said("a.timer:2: OnCalendar: not a calendar event"));
	assert_null(load("a.timer", "[Timer]\nOnCalendar=daily\nOnClockChange=yes\n"));
	assert_true(said("key OnClockChange= is not supported"));
	assert_null(load("a.timer", "[Timer]\nAccuracySec=1\n"));
	assert_true(said("timer unit has no OnCalendar="));
	assert_null(load("a.timer", "[Timer]\nOnActiveSec=1\nUnit=b.timer\n"));
	assert_null(load("a.timer", "[Timer]\nOnActiveSec=soon\n"));
	unit_diag_free(&diag);
}

static const struct timer_refs fresh = {
	.active_mono_ms = 1000, .active_real_us = 1709121600000000LL,	/* 2024-02-28 12:00 UTC */
	.boot_mono_ms = 0, .startup_mono_ms = 500,
	.unit_active_mono_ms = -1, .unit_inactive_mono_ms = -1,
	.last_mono_ms = -1, .last_real_us = -1,
};

static void next_elapse(void **state)
{
	struct unit *u;
	struct timer_refs r = fresh;
	int64_t mono, real;

	(void)state;
	u = load("a.timer", "[Timer]\nOnActiveSec=10s\nOnBootSec=1min\nOnUnitActiveSec=5s\n"
		 "OnCalendar=*-*-* 13:00\n");
	assert_non_null(u);
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, 11000);			/* OnActiveSec: 1 s + 10 s */
	assert_int_equal(real, 1709125200000000LL);	/* 13:00 that day */
	r.last_mono_ms = 11000;				/* it fired: OnActiveSec is done */
	r.last_real_us = 1709121610000000LL;
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, 16000);			/* OnUnitActiveSec from the trigger */
	r.unit_active_mono_ms = 20000;			/* the unit started later */
	r.last_mono_ms = 16000;
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, 25000);
	r.last_mono_ms = 60000;				/* past OnBootSec too */
	r.unit_active_mono_ms = 58000;
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, 65000);
	unit_free(u);
	/* OnUnitInactiveSec= needs a base */
	u = load("b.timer", "[Timer]\nOnStartupSec=2s\nOnUnitInactiveSec=3s\n");
	r = fresh;
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, 2500);			/* the unit never stopped: no base */
	assert_int_equal(real, -1);
	r.last_mono_ms = 2500;	/* OnStartupSec= is done; as in systemd, */
	timer_next(u->timer, &r, &mono, &real);	/* OnUnit*Sec= count from the trigger too */
	assert_int_equal(mono, 5500);
	r.unit_inactive_mono_ms = 6000;
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, 9000);
	unit_free(u);
	u = load("d.timer", "[Timer]\nOnActiveSec=2s\n");
	r = fresh;
	r.last_mono_ms = 3000;
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(mono, -1);		/* fired: nothing left */
	unit_free(u);
	/* Persistent=: the stamp is the base; a missed elapse is in the past */
	u = load("c.timer", "[Timer]\nOnCalendar=hourly\nPersistent=yes\n");
	r = fresh;
	r.last_real_us = 1709114400000000LL;		/* 10:00, two hours before */
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(real, 1709118000000000LL);	/* 11:00: missed */
	assert_int_equal(mono, -1);
	unit_free(u);
	unit_diag_free(&diag);
}

/* The clock set back a day: both the start and the last elapse now lie
 * ahead; rewound, the next elapse is the calendar's next from now. */
static void clock_set_back(void **state)
{
	struct unit *u;
	struct timer_refs r = fresh;
	int64_t mono, real, back = 1709121600000000LL - 86400000000LL + 1800000000LL;

	(void)state;
	u = load("e.timer", "[Timer]\nOnCalendar=hourly\n");
	assert_non_null(u);
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(real, 1709125200000000LL);	/* 13:00 on the 28th */
	timer_rewind(&r, back);				/* 12:30 on the 27th */
	assert_int_equal(r.active_real_us, back);
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(real, 1709038800000000LL);	/* 13:00 on the 27th */
	r.last_real_us = 1709125200000000LL;		/* it fired at 13:00 on the 28th */
	timer_rewind(&r, back);
	assert_int_equal(r.last_real_us, back);
	timer_next(u->timer, &r, &mono, &real);
	assert_int_equal(real, 1709038800000000LL);
	r.last_real_us = back - 3600000000LL;		/* the past stays as it was */
	timer_rewind(&r, back);
	assert_int_equal(r.last_real_us, back - 3600000000LL);
	assert_int_equal(mono, -1);
	unit_free(u);
	unit_diag_free(&diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(next_elapse),
		cmocka_unit_test(clock_set_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
