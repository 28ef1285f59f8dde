/* SPDX-License-Identifier: MIT */
/* `tend calendar`: calendar events shown as `systemd-analyze calendar` does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "calcmd.h"
#include "calendar.h"
#include "caltz.h"
#include "nofail.h"

#define USEC_PER_SEC 1000000LL

/* glibc's in_utc_timezone(): no offset and no daylight saving time. */
static bool local_is_utc(const struct caltz *z)
{
	uint32_t i;

	if (!z)
		return true;
	if (z->has_rule)
		return z->rule.std_off == 0 && !z->rule.has_dst;
	for (i = 0; i < z->ntypes; i++)
		if (z->types[i].off != 0 || z->types[i].isdst)
			return false;
	return true;
}

static void put_time(FILE *f, const struct caltz *z, int64_t us)
{
	char buf[64];
	struct tm tm;

	caltz_localtime(z, us / USEC_PER_SEC, &tm);
	strftime(buf, sizeof(buf), "%a %Y-%m-%d %H:%M:%S", &tm);
	fprintf(f, "%s %s\n", buf, tm.tm_zone);
}

/* systemd's format_timestamp_relative(). */
static void put_relative(FILE *f, int64_t us, int64_t now)
{
	const int64_t S = USEC_PER_SEC, MIN = 60 * S, H = 60 * MIN, D = 24 * H;
	const int64_t W = 7 * D, MON = 2629800 * S, Y = 31557600 * S;
	const char *s = us > now ? "left" : "ago";
	int64_t d = us > now ? us - now : now - us;

#define PL(n, one, many) (long long)(n), (n) == 1 ? one : many
	if (d >= Y)
		fprintf(f, "%lld %s %lld %s %s\n", PL(d / Y, "year", "years"),
			PL(d % Y / MON, "month", "months"), s);
	else if (d >= MON)
		fprintf(f, "%lld %s %lld %s %s\n", PL(d / MON, "month", "months"),
			PL(d % MON / D, "day", "days"), s);
	else if (d >= W)
		fprintf(f, "%lld %s %lld %s %s\n", PL(d / W, "week", "weeks"),
			PL(d % W / D, "day", "days"), s);
	else if (d >= 2 * D)
		fprintf(f, "%lld days %s\n", (long long)(d / D), s);
	else if (d >= 25 * H)
		fprintf(f, "1 day %lldh %s\n", (long long)((d - D) / H), s);
	else if (d >= 6 * H)
		fprintf(f, "%lldh %s\n", (long long)(d / H), s);
	else if (d >= H)
		fprintf(f, "%lldh %lldmin %s\n", (long long)(d / H), (long long)(d % H / MIN), s);
	else if (d >= 5 * MIN)
		fprintf(f, "%lldmin %s\n", (long long)(d / MIN), s);
	else if (d >= MIN)
		fprintf(f, "%lldmin %llds %s\n", (long long)(d / MIN), (long long)(d % MIN / S), s);
	else if (d >= S)
		fprintf(f, "%llds %s\n", (long long)(d / S), s);
	else if (d >= 1000)
		fprintf(f, "%lldms %s\n", (long long)(d / 1000), s);
	else if (d > 0)
		fprintf(f, "%lldus %s\n", (long long)d, s);
	else
		fprintf(f, "now\n");
#undef PL
}

static int show_one(FILE *f, const char *expr, unsigned iterations, int64_t base, int64_t now)
{
	const struct cal_env env = { caltz_local(), caltz_lookup };
	struct cal_spec c;
	char norm[4096], label[32];
	int64_t next;
	unsigned i;
	int r;

	r = calendar_parse(expr, &env, &c);
	if (r < 0) {
		fflush(f);
		fprintf(stderr, "Failed to parse calendar specification '%s': %s\n", expr,
			strerror(-r));
		return r;
	}
	r = calendar_format(&c, norm, sizeof(norm));
	if (r < 0)
		goto out;
	if (strcmp(norm, expr) != 0)
		fprintf(f, "%16s %s\n", "Original form:", expr);
	fprintf(f, "%16s %s\n", "Normalized form:", norm);
	for (i = 0; i < iterations; i++) {
		r = calendar_next(&c, base, &next);
		if (r == -ENOENT) {
			if (i == 0)
				fprintf(f, "%16s never\n", "Next elapse:");
			r = 0;
			break;
		}
		if (r < 0)
			break;
		if (i == 0)
			snprintf(label, sizeof(label), "Next elapse:");
		else
			snprintf(label, sizeof(label), "Iter. #%u:", i + 1);
		fprintf(f, "%16s ", label);
		put_time(f, env.local, next);
		if (!local_is_utc(env.local)) {
			fprintf(f, "%16s ", "(in UTC):");
			put_time(f, NULL, next);
		}
		fprintf(f, "%16s ", "From now:");
		put_relative(f, next, now);
		base = next;
	}
out:
	calendar_free(&c);
	if (r == -EDEADLK)	/* the search gave up going round in circles */
		fprintf(stderr, "Infinite loop in calendar calculation: %s\n", norm);
	if (r < 0) {
		fflush(f);
		fprintf(stderr, "Failed to determine next elapse for '%s': %s\n", expr,
			strerror(-r));
	}
	return r;
}

/* "12:34[:56[.789]]" after *p; 0 or -EINVAL. */
static int parse_clock(const char **p, struct tm *tm, int64_t *usec)
{
	int h, m, s = 0, n = 0;
	const char *q;
	long long frac = 0, scale = USEC_PER_SEC;

	if (sscanf(*p, "%2d:%2d%n", &h, &m, &n) != 2 || h > 23 || m > 59)
		return -EINVAL;
	*p += n;
	if (**p == ':') {
		if (sscanf(*p, ":%2d%n", &s, &n) != 1 || s > 60)
			return -EINVAL;
		*p += n;
		if (**p == '.') {
			for (q = *p + 1; *q >= '0' && *q <= '9'; q++)
				if (scale > 1)
					frac += (*q - '0') * (scale /= 10);
			*p = q;
		}
	}
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = s;
	*usec = frac;
	return 0;
}

int calcmd_parse_time(const char *s, int64_t now, int64_t *ret_us)
{
	const struct caltz *z = caltz_local();
	struct tm tm;
	const char *p = s, *sp;
	int64_t usec = 0, t;
	int32_t hint;
	int y, mo, d, n = 0;

	if (strcmp(s, "now") == 0) {
		*ret_us = now;
		return 0;
	}
	if (*s == '@') {
		char *end;
		double v = strtod(s + 1, &end);

		if (end == s + 1 || *end || !(v >= 0 && v < 253402300800.0))
			return -EINVAL;
		*ret_us = (int64_t)(v * USEC_PER_SEC);
		return 0;
	}
	sp = strrchr(s, ' ');
	if (sp && strcasecmp(sp + 1, "UTC") == 0)
		z = NULL;
	else if (sp && !(sp[1] >= '0' && sp[1] <= '9') && caltz_lookup(sp + 1))
		z = caltz_lookup(sp + 1);
	else
		sp = NULL;
	if (p[0] && p[1] && p[2] && p[3] == ' ' && !(p[0] >= '0' && p[0] <= '9'))
		p += 4;	/* a weekday name, as timestamps are printed */
	caltz_localtime(z, now / USEC_PER_SEC, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) {
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		p += n;
		if (*p == ' ' && p != sp)
			p++;
	}
	if (*p >= '0' && *p <= '9' && parse_clock(&p, &tm, &usec) < 0)
		return -EINVAL;
	if (*p && p != sp)
		return -EINVAL;
	tm.tm_isdst = -1;
	hint = (int32_t)tm.tm_gmtoff;
	t = caltz_mktime(z, &tm, &hint);
	*ret_us = t * USEC_PER_SEC + usec;
	return 0;
}

int calcmd_run(char **exprs, unsigned iterations, const char *base_time, FILE *f)
{
	struct timespec ts;
	int64_t now, base;
	int r = 0, k;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (int64_t)ts.tv_sec * USEC_PER_SEC + ts.tv_nsec / 1000;
	base = now;
	if (base_time && calcmd_parse_time(base_time, now, &base) < 0) {
		fprintf(stderr, "Failed to parse --base-time= parameter: %s\n", base_time);
		return 1;
	}
	for (; *exprs; exprs++) {
		k = show_one(f, *exprs, iterations, base, now);
		if (r == 0 && k < 0)
			r = k;
		if (exprs[1])
			fputc('\n', f);
	}
	if (fflush(f) != 0)
		return 1;
	return r < 0 ? 1 : 0;
}
