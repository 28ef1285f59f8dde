/* SPDX-License-Identifier: MIT */
#ifndef TEND_CALENDAR_H
#define TEND_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct caltz;

/*
 * Pure: systemd.time(7) calendar events ("Mon..Fri *-*-* 10:00",
 * "*-02~1", "daily", "12:00 Europe/Berlin"), normalised and formatted as
 * systemd does, and the next elapse after a given time.  Times are
 * microseconds since the epoch (CLOCK_REALTIME).
 */

enum cal_field { CAL_YEAR, CAL_MONTH, CAL_DAY, CAL_HOUR, CAL_MINUTE, CAL_USEC, _CAL_FIELDS };

/* start[..stop][/repeat]; stop -1 when none, repeat 0 when none */
struct cal_comp {
	int32_t start, stop, repeat;
};

#define CAL_COMPONENTS_MAX 240

struct cal_spec {
	int weekdays;		/* bit 0 Monday .. bit 6 Sunday; -1 any */
	bool end_of_month;	/* '~' */
	bool utc;
	int dst;		/* -1, or 0/1: the local zone's tzname[dst] was given */
	char *tz_name;		/* an IANA zone after the time, or NULL */
	const struct caltz *zone;	/* tz_name's zone, the local one, or NULL (UTC) */
	struct cal_comp *comp;	/* all fields; field f is comp[first[f]..first[f + 1]) */
	uint16_t first[_CAL_FIELDS + 1];	/* an empty field is '*' */
};

/* Where parsing finds zones: the local one and named ones (NULL: unknown). */
struct cal_env {
	const struct caltz *local;
	const struct caltz *(*lookup)(const char *name);
};

/* Parse and normalise; 0, -EINVAL, -ERANGE, -ENOBUFS or -ENOMEM. */
int calendar_parse(const char *s, const struct cal_env *env, struct cal_spec *ret);
void calendar_free(struct cal_spec *c);
/* The normalised form ("Mon..Fri *-*-* 10:00:00"); 0 or -ENOBUFS. */
int calendar_format(const struct cal_spec *c, char *buf, size_t size);
/*
 * The first elapse strictly after after_us; 0, -ENOENT (never again) or
 * -EDEADLK (the search went round in circles, as systemd's can).
 */
int calendar_next(const struct cal_spec *c, int64_t after_us, int64_t *ret_us);

#endif
