/* SPDX-License-Identifier: MIT */
/* systemd time spans, as systemd.time(7) describes them: pure parsing. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "timespan.h"
#include "nofail.h"

#define USEC_PER_SEC 1000000ULL

static const struct {
	const char *suffix;
	uint64_t us;
} units[] = {
	/* longest first where one is a prefix of another */
	{ "seconds", USEC_PER_SEC },
	{ "second", USEC_PER_SEC },
	{ "sec", USEC_PER_SEC },
	{ "s", USEC_PER_SEC },
	{ "minutes", 60 * USEC_PER_SEC },
	{ "minute", 60 * USEC_PER_SEC },
	{ "min", 60 * USEC_PER_SEC },
	{ "months", 2629800 * USEC_PER_SEC },
	{ "month", 2629800 * USEC_PER_SEC },
	{ "msec", 1000 },
	{ "ms", 1000 },
	{ "m", 60 * USEC_PER_SEC },
	{ "hours", 3600 * USEC_PER_SEC },
	{ "hour", 3600 * USEC_PER_SEC },
	{ "hr", 3600 * USEC_PER_SEC },
	{ "h", 3600 * USEC_PER_SEC },
	{ "days", 86400 * USEC_PER_SEC },
	{ "day", 86400 * USEC_PER_SEC },
	{ "d", 86400 * USEC_PER_SEC },
	{ "weeks", 604800 * USEC_PER_SEC },
	{ "week", 604800 * USEC_PER_SEC },
	{ "w", 604800 * USEC_PER_SEC },
	{ "years", 31557600 * USEC_PER_SEC },
	{ "year", 31557600 * USEC_PER_SEC },
	{ "y", 31557600 * USEC_PER_SEC },
	{ "M", 2629800 * USEC_PER_SEC },
	{ "usec", 1 },
	{ "us", 1 },
	{ "\xc2\xb5s", 1 },	/* µs, MICRO SIGN */
	{ "\xce\xbcs", 1 },	/* μs, GREEK SMALL LETTER MU */
	{ "nsec", 0 },
	{ "ns", 0 },
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The unit at *p, or default_us when none; advances *p past it. */
static int parse_unit(const char **p, uint64_t default_us, uint64_t *ret_us, bool *ret_ns)
{
	size_t i, n;

	*ret_ns = false;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		n = strlen(units[i].suffix);
		if (strncmp(*p, units[i].suffix, n) != 0)
			continue;
		/* a unit ends at a digit, a space or the end */
		if ((*p)[n] && !is_space((*p)[n]) && !((*p)[n] >= '0' && (*p)[n] <= '9'))
			continue;
		*p += n;
		*ret_us = units[i].us;
		*ret_ns = units[i].us == 0;
		return 0;
	}
	if (**p && !is_space(**p))
		return -EINVAL;
	*ret_us = default_us;
	return 0;
}

/* One "<number>[.<fraction>] [unit]" component; adds it to *sum. */
static int parse_component(const char **p, uint64_t default_us, uint64_t *sum)
{
	uint64_t whole = 0, frac = 0, frac_div = 1, mult, v;
	const char *s = *p;
	bool digits = false, ns;
	int r;

	while (*s >= '0' && *s <= '9') {
		if (whole > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		whole = whole * 10 + (uint64_t)(*s++ - '0');
		digits = true;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			if (frac_div < 1000000000000ULL) {
				frac = frac * 10 + (uint64_t)(*s - '0');
				frac_div *= 10;
			}
			s++;
			digits = true;
		}
	}
	if (!digits)
		return -EINVAL;
	while (is_space(*s))
		s++;
	r = parse_unit(&s, default_us, &mult, &ns);
	if (r < 0)
		return r;
	if (ns)
		v = whole / 1000;
	else {
		if (mult && whole > UINT64_MAX / mult)
			return -ERANGE;
		v = whole * mult;
		v += (uint64_t)((double)frac * (double)mult / (double)frac_div);
	}
	if (v > UINT64_MAX - 1 - *sum)
		return -ERANGE;
	*sum += v;
	*p = s;
	return 0;
}

int timespan_parse_us(const char *s, uint64_t default_unit_us, uint64_t *ret_us)
{
	uint64_t sum = 0;
	int r;

	while (is_space(*s))
		s++;
	if (strncmp(s, "infinity", 8) == 0) {
		s += 8;
		while (is_space(*s))
			s++;
		if (*s)
			return -EINVAL;
		*ret_us = UINT64_MAX;
		return 0;
	}
	if (!*s)
		return -EINVAL;
	while (*s) {
		if (*s == '-' || *s == '+')
			return -EINVAL;
		r = parse_component(&s, default_unit_us, &sum);
		if (r < 0)
			return r;
		while (is_space(*s))
			s++;
	}
	*ret_us = sum;
	return 0;
}

int timespan_parse_ms(const char *s, int64_t *ret_ms)
{
	uint64_t us;
	int r;

	r = timespan_parse_us(s, USEC_PER_SEC, &us);
	if (r < 0)
		return r;
	if (us == UINT64_MAX || us / 1000 >= (uint64_t)INT64_MAX)
		*ret_ms = INT64_MAX;
	else
		*ret_ms = (int64_t)((us + 999) / 1000);
	return 0;
}
