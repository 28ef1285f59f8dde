/* SPDX-License-Identifier: MIT */
/* Shared bits of the benchmark programs: a monotonic clock and dying loudly. */
#ifndef TEND_BENCH_H
#define TEND_BENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline _Noreturn void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static inline int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array: p in (0, 100]. */
static inline uint64_t pct(const uint64_t *v, size_t n, unsigned p)
{
	size_t r = (n * p + 99) / 100;

	return v[r ? r - 1 : 0];
}

#endif
