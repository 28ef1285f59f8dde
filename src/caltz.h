/* SPDX-License-Identifier: MIT */
#ifndef TEND_CALTZ_H
#define TEND_CALTZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Time zones for calendar timers, without the C library's TZ state: a PID 1
 * must not setenv("TZ") and call tzset() per timer, as systemd does in a
 * forked child.  A zone is a TZif file's transitions plus its POSIX rule for
 * the years after the last one; NULL everywhere means UTC.
 */

/* One POSIX rule date: Jn (1..365, no Feb 29), n (0..365) or Mm.w.d. */
struct caltz_rdate {
	char kind;		/* 'J', 'n' or 'M' */
	int16_t m, w, d;	/* 'M': month, week 1..5, weekday 0=Sun; else d */
	int32_t secs;		/* local time of day of the change, may be < 0 */
};

/* A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
struct caltz_rule {
	int32_t std_off, dst_off;	/* seconds east of UTC */
	bool has_dst;
	char std_name[16], dst_name[16];
	struct caltz_rdate start, end;
};

struct caltz_type {
	int32_t off;		/* seconds east of UTC */
	bool isdst;
	uint8_t abbr;		/* index into abbrs */
};

struct caltz {
	char *name;		/* "Europe/Berlin"; NULL for a bare TZ string */
	uint32_t ntrans;
	int64_t *trans;		/* UTC seconds, ascending */
	uint8_t *tidx;		/* type of each transition */
	uint32_t ntypes;
	struct caltz_type *types;
	char *abbrs;
	size_t nabbrs;
	bool has_rule;
	struct caltz_rule rule;
	struct caltz *next;	/* caltz_lookup()'s cache */
};

/* What a zone says about one instant. */
struct caltz_info {
	int32_t off;
	bool isdst;
	const char *abbr;
};

/* Pure: parse a POSIX TZ string; 0 or -EINVAL. */
int caltz_parse_rule(const char *s, struct caltz_rule *ret);
/* Pure: a zone from TZif bytes (version 1 to 4); 0, -EINVAL or -ENOMEM. */
int caltz_parse_tzif(const void *buf, size_t len, struct caltz **ret);
/* Pure: a zone from a POSIX TZ string alone ("UTC0", "EST5EDT,..."). */
int caltz_from_rule(const char *s, struct caltz **ret);
void caltz_free(struct caltz *z);

/* The offset, DST flag and abbreviation at UTC second t (z NULL: UTC). */
void caltz_info(const struct caltz *z, int64_t t, struct caltz_info *ret);
/* The C library's tzname[0] and tzname[1] of z. */
void caltz_names(const struct caltz *z, const char **ret_std, const char **ret_dst);

/* localtime_r()/gmtime_r() in z; tm_gmtoff and tm_zone are filled. */
void caltz_localtime(const struct caltz *z, int64_t t, struct tm *ret);
/*
 * mktime() in z, as glibc does it: out-of-range fields carry over; a time
 * that a clock change skips is read with the offset before the change
 * (02:30 becomes 03:30); a time that happens twice is taken with *hint's
 * offset when that fits (glibc keeps the last offset it found), else the
 * first; tm_isdst >= 0 asks for a DST or standard time as glibc does.
 * Updates *hint and *tm; returns the UTC second.
 */
int64_t caltz_mktime(const struct caltz *z, struct tm *tm, int32_t *hint);

/* Pure: days since 1970-01-01 of a proleptic Gregorian date; month 1..12. */
int64_t caltz_days(int64_t y, int m, int d);

/*
 * A named zone from /usr/share/zoneinfo (or $TZDIR), loaded once and kept:
 * NULL when the name is not a valid zone (systemd's timezone_is_valid()).
 */
const struct caltz *caltz_lookup(const char *name);
/*
 * The local zone: $TZ (":Name", "Name" or a POSIX string), else
 * /etc/localtime (UTC without one).  The pointer stays valid for good.
 */
const struct caltz *caltz_local(void);
/*
 * Read /etc/localtime again into caltz_local()'s zone (not with $TZ set):
 * 1 when it changed, 0 when not, -ENOMEM.
 */
int caltz_local_reload(void);
/* Whether name is shaped like a zone name (no "..", no leading "/"). */
bool caltz_name_ok(const char *name);

#endif
