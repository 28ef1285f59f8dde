/* SPDX-License-Identifier: MIT */
#ifndef TEND_CGRT_H
#define TEND_CGRT_H

#include <stddef.h>
#include <stdint.h>

/*
 * CPUQuota= of a real-time unit on cgroup v1: give the unit's cgroup
 * "name" below base (tend's dir in the cpu hierarchy) a real-time budget,
 * cpu.rt_runtime_us = quota_us / period_us × its cpu.rt_period_us, raising
 * tend's own dir where it is short.  0, or -errno and the reason in why
 * (the kernel has no RT group scheduling, or tend's cgroup has not the
 * budget to give).
 */
int cgrt_budget(int base, const char *name, uint64_t quota_us, uint64_t period_us,
		char *why, size_t whylen);

#endif
