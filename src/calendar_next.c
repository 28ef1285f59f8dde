/* SPDX-License-Identifier: MIT */
/*
 * The next elapse of a calendar event.  Pure: the search follows systemd's
 * calendarspec.c find_next() step for step, with caltz_mktime() standing
 * in for glibc's mktime(), so that `tend calendar` and `systemd-analyze
 * calendar` agree, DST days included (tests/integration/cal-systemd).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "calendar.h"
#include "caltz.h"
#include "nofail.h"

#define USEC_PER_SEC 1000000
#define BITS_WEEKDAYS 127
#define MAX_YEAR 2199
/* systemd's safety valve against a search that goes round in circles */
#define MAX_ITERATIONS 1000
#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

struct nctx {
	const struct cal_spec *c;
	int32_t hint;	/* glibc's mktime() remembers the last offset */
};

static int64_t mk(struct nctx *n, struct tm *tm)
{
	return caltz_mktime(n->c->utc ? NULL : n->c->zone, tm, &n->hint);
}

/* The day-th last day of tm's month (day 0 is the last), or -1. */
static int end_of_month(struct nctx *n, const struct tm *tm, int day)
{
	struct tm t = *tm;

	t.tm_mon++;
	t.tm_mday = 1 - day;
	if (mk(n, &t) < 0 || t.tm_mon != tm->tm_mon)
		return -1;
	return t.tm_mday;
}

/* The smallest value >= *val that field f allows: 1 changed, 0 same, -ENOENT. */
static int match(struct nctx *n, int f, const struct tm *tm, int *val)
{
	const struct cal_spec *c = n->c;
	const struct cal_comp *x = c->comp + c->first[f], *end = c->comp + c->first[f + 1];
	int start, stop, d = -1, k;
	bool d_set = false;

	if (x == end)
		return 0;
	for (; x < end; x++) {
		start = x->start;
		stop = x->stop;
		if (c->end_of_month && f == CAL_DAY) {
			start = end_of_month(n, tm, start);
			stop = end_of_month(n, tm, stop);
			if (stop > 0) {
				k = start;
				start = stop;
				stop = k;
			}
		}
		if (start >= *val) {
			if (!d_set || start < d) {
				d = start;
				d_set = true;
			}
		} else if (x->repeat > 0) {
			k = start + x->repeat * ((*val - start + x->repeat - 1) / x->repeat);
			if ((!d_set || k < d) && (stop < 0 || k <= stop)) {
				d = k;
				d_set = true;
			}
		}
	}
	if (!d_set)
		return -ENOENT;
	k = *val != d;
	*val = d;
	return k;
}

/*
 * 1 when tm needs no carrying; 0 when it did and tm is now the carried
 * time, the unit below the first changed one reset (3-33 is 4-1, not
 * 4-2); -EDEADLK when carrying would go backwards (a DST flag that does
 * not fit the day).
 */
static int within_bounds(struct nctx *n, struct tm *tm)
{
	struct tm t = *tm;
	int cmp;

	if (tm->tm_year + 1900 > MAX_YEAR)
		return -ERANGE;
	if (mk(n, &t) < 0)
		return -ERANGE;
	if ((cmp = CMP(t.tm_year, tm->tm_year)) != 0)
		t.tm_mon = 0;
	else if ((cmp = CMP(t.tm_mon, tm->tm_mon)) != 0)
		t.tm_mday = 1;
	else if ((cmp = CMP(t.tm_mday, tm->tm_mday)) != 0)
		t.tm_hour = 0;
	else if ((cmp = CMP(t.tm_hour, tm->tm_hour)) != 0)
		t.tm_min = 0;
	else if ((cmp = CMP(t.tm_min, tm->tm_min)) != 0)
		t.tm_sec = 0;
	else
		cmp = CMP(t.tm_sec, tm->tm_sec);
	if (cmp < 0)
		return -EDEADLK;
	if (cmp > 0)
		*tm = t;
	return cmp == 0;
}

static bool weekday_ok(struct nctx *n, const struct tm *tm)
{
	struct tm t = *tm;

	if (n->c->weekdays < 0 || n->c->weekdays >= BITS_WEEKDAYS)
		return true;
	if (mk(n, &t) < 0)
		return false;
	return n->c->weekdays & (1 << (t.tm_wday == 0 ? 6 : t.tm_wday - 1));
}

/* Zero the fields below f (from month down to the microseconds). */
static void reset_below(struct tm *tm, int *usec, int f)
{
	if (f < CAL_MONTH)
		tm->tm_mon = 0;
	if (f < CAL_DAY)
		tm->tm_mday = 1;
	if (f < CAL_HOUR)
		tm->tm_hour = 0;
	if (f < CAL_MINUTE)
		tm->tm_min = 0;
	tm->tm_sec = 0;
	*usec = 0;
}

/* Match field f; 1 to go on, 0 to start over with *tm. */
static int step(struct nctx *n, int f, struct tm *tm, int *val, int off, int *usec)
{
	int r, v = *val + off;

	r = match(n, f, tm, &v);
	*val = v - off;
	if (r > 0)
		reset_below(tm, usec, f);
	if (r < 0 || (r = within_bounds(n, tm)) < 0) {
		/* nothing left in this field: carry into the one above */
		if (f == CAL_MONTH)
			tm->tm_year++;
		else if (f == CAL_DAY)
			tm->tm_mon++;
		else if (f == CAL_HOUR)
			tm->tm_mday++;
		else
			tm->tm_hour++;
		reset_below(tm, usec, f - 1);
		if (f == CAL_MONTH)
			tm->tm_mon = 0;
		return 0;
	}
	return r;
}

static int find_next(struct nctx *n, struct tm *tm, int *ret_usec)
{
	struct tm c = *tm;
	int usec = *ret_usec, r, v;
	unsigned i;

	for (i = 0; i < MAX_ITERATIONS; i++) {
		mk(n, &c);
		c.tm_isdst = n->c->dst;

		v = c.tm_year + 1900;
		r = match(n, CAL_YEAR, &c, &v);
		c.tm_year = v - 1900;
		if (r > 0)
			reset_below(&c, &usec, CAL_YEAR);
		if (r < 0)
			return r;
		if (within_bounds(n, &c) <= 0)
			return -ENOENT;
		if (step(n, CAL_MONTH, &c, &c.tm_mon, 1, &usec) == 0)
			continue;
		if (step(n, CAL_DAY, &c, &c.tm_mday, 0, &usec) == 0)
			continue;
		if (!weekday_ok(n, &c)) {
			c.tm_mday++;
			reset_below(&c, &usec, CAL_DAY);
			continue;
		}
		if (step(n, CAL_HOUR, &c, &c.tm_hour, 0, &usec) == 0)
			continue;
		if (step(n, CAL_MINUTE, &c, &c.tm_min, 0, &usec) == 0)
			continue;
		v = c.tm_sec * USEC_PER_SEC + usec;
		r = match(n, CAL_USEC, &c, &v);
		usec = v % USEC_PER_SEC;
		c.tm_sec = v / USEC_PER_SEC;
		if (r < 0 || (r = within_bounds(n, &c)) < 0) {
			c.tm_min++;
			c.tm_sec = usec = 0;
			continue;
		}
		if (r == 0)
			continue;
		*tm = c;
		*ret_usec = usec;
		return 0;
	}
	return -EDEADLK;
}

int calendar_next(const struct cal_spec *c, int64_t after_us, int64_t *ret_us)
{
	struct nctx n = { .c = c };
	struct tm tm;
	int64_t us = after_us + 1, t;
	int usec, r;

	if (after_us < 0 || after_us > (int64_t)253402300799 * USEC_PER_SEC)
		return -EINVAL;
	caltz_localtime(c->utc ? NULL : c->zone, us / USEC_PER_SEC, &tm);
	n.hint = (int32_t)tm.tm_gmtoff;
	usec = (int)(us % USEC_PER_SEC);
	r = find_next(&n, &tm, &usec);
	if (r < 0)
		return r;
	t = mk(&n, &tm);
	if (t < 0)
		return -EINVAL;
	*ret_us = t * USEC_PER_SEC + usec;
	return 0;
}
