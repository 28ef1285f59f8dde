/* SPDX-License-Identifier: MIT */
#ifndef TEND_TIMESPAN_H
#define TEND_TIMESPAN_H

#include <stdint.h>

/*
 * Pure: a systemd time span ("1min 30s", "250ms", "2h", "5", "1.5s",
 * "infinity") into microseconds.  default_unit_us is what a bare number
 * means (1000000 for seconds).  Returns 0, or -EINVAL / -ERANGE.
 * "infinity" gives UINT64_MAX.
 */
int timespan_parse_us(const char *s, uint64_t default_unit_us, uint64_t *ret_us);

/*
 * As timespan_parse_us() with seconds as the default unit, converted to
 * int64_t milliseconds, rounded up so that a non-zero span stays non-zero;
 * "infinity" gives INT64_MAX (UNIT_INFINITY).
 */
int timespan_parse_ms(const char *s, int64_t *ret_ms);

#endif
