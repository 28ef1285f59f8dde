/* SPDX-License-Identifier: MIT */
#ifndef TEND_CGROUP_H
#define TEND_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "loop.h"

struct unit;

/* Which hierarchies tend found; hybrid is v1 controllers plus a v2 tree. */
enum cg_mode {
	CG_NONE,		/* no writable cgroup hierarchy */
	CG_V1,
	CG_HYBRID,		/* v1 controllers, cgroup2 for tracking (cgroup.kill) */
	CG_V2,
	_CG_MODE_MAX,
};

extern const char *const cg_mode_name[_CG_MODE_MAX];

/* The controllers tend writes: on v1 each is a hierarchy of its own. */
enum cg_ctrl {
	CG_CPU,
	CG_CPUACCT,		/* v1 only: usage counters */
	CG_MEMORY,
	CG_PIDS,
	_CG_CTRL_MAX,
};

extern const char *const cg_ctrl_name[_CG_CTRL_MAX];

/* A unit's cgroup keys in the kernel's terms; see cg_limits_of(). */
struct cg_limits {
	bool cpu_quota;		/* CPUQuota= given */
	uint64_t quota_us;	/* CPU time per period */
	uint64_t period_us;	/* CPUQuotaPeriodSec=, default 100 ms */
	uint64_t weight;	/* v2 cpu.weight (CPUShares= mapped); 0 unset */
	uint64_t shares;	/* v1 cpu.shares (CPUWeight= mapped); 0 unset */
	uint64_t mem_max;	/* UNIT_LIMIT_UNSET, UNIT_LIMIT_INFINITY or bytes */
	uint64_t mem_high;
	uint64_t tasks_max;
	bool rt;		/* CPUSchedulingPolicy=fifo|rr: v1 needs a real-time budget */
};

/* made: bit i for v1 controller i, CG_V2_BIT for the v2 (or hybrid) tree. */
#define CG_V2_BIT (1u << _CG_CTRL_MAX)

/*
 * The cgroup of one unit, in every hierarchy tend uses.  It holds no fds:
 * its files are opened by "<name>/<file>" below tend's base dirfd of each
 * hierarchy when needed, so 10,000 units don't cost 50,000 open dirs.
 */
struct cg_unit {
	char *name;			/* the unit's, set at the first open */
	uint8_t made;			/* where its directory exists */
	bool open;
	bool warned;			/* the "runs without limits" warning was logged */
	bool kill_sent;			/* cgroup.kill was written: don't clone into it */
	bool rt_budget;			/* v1: its cpu cgroup has a real-time budget */
	struct loop_timer gc;		/* kill leftovers, remove the dirs */
	unsigned gc_tries;
};

/* Pure: the unit's keys mapped for both versions (systemd's conversions). */
void cg_limits_of(const struct unit *u, struct cg_limits *ret);
bool cg_limits_any(const struct cg_limits *l);
uint64_t cg_shares_to_weight(uint64_t shares);
uint64_t cg_weight_to_shares(uint64_t weight);
/* "20000 100000" or "max 100000"; returns snprintf's length. */
int cg_fmt_cpu_max(char *buf, size_t size, const struct cg_limits *l);
/* A byte or task limit: v2 "max", v1 "-1" for infinity, else the number. */
int cg_fmt_limit(char *buf, size_t size, uint64_t v, bool v1);

/* Find tend's own cgroups and make <own>/tend in each; idempotent. */
enum cg_mode cg_mode(void);
/*
 * tend is leaving: remove <own>/tend (tend.<pidns>) in each hierarchy with
 * every empty cgroup left below it; populated ones stay.
 */
void cg_release(void);

void cg_unit_init(struct cg_unit *c, loop_timer_fn *gc_fn, void *data);
/* Free what c holds (not its directories: cg_unit_remove() first). */
void cg_unit_fini(struct cg_unit *c);
/*
 * Create u's cgroup (or take the existing one) and write its limits.
 * -EROFS/-EACCES/-ENODEV... when cgroups can't be used at all (why says
 * which); other errors mean a limit the kernel refused.
 */
int cg_unit_open(struct cg_unit *c, const struct unit *u, char *why, size_t whylen);
/*
 * Open what a child needs to join c: cgroup.procs of each v1 hierarchy
 * into procs (at most max), the v2 dir and its cgroup.procs.  -1 where
 * absent.  The caller closes them all after the clone.  A real-time
 * process (rt) stays in tend's own v1 cpu cgroup unless c has a real-time
 * budget (CPUQuota=, cgrt.c): with RT_GROUP_SCHED a new cgroup has none
 * and sched_setscheduler() would fail.
 */
int cg_unit_join_fds(const struct cg_unit *c, bool rt, int *procs, size_t max,
		     size_t *ret_n, int *ret_v2_dir, int *ret_v2_procs);
/*
 * Delegate=: give c's directories, and the files that manage processes
 * and controllers below it, to uid:gid.  -errno, reason in why.
 */
int cg_unit_delegate(const struct cg_unit *c, uid_t uid, gid_t gid, char *why, size_t whylen);
/* Signal every process in c and its sub-cgroups; returns how many were signalled, or -errno. */
int cg_unit_kill(struct cg_unit *c, int sig);
/*
 * The processes in c itself (not its sub-cgroups), as cgroup.procs of the
 * tracking hierarchy lists them: the first max into pids; returns how many
 * there are, or -errno.
 */
int cg_unit_procs(const struct cg_unit *c, pid_t *pids, size_t max);
/* 1 when pid is in c or below (its cgroup.procs), 0 when not, -errno. */
int cg_unit_has_pid(const struct cg_unit *c, pid_t pid);
/* 1 when processes remain in c or below, 0 when empty, -errno. */
int cg_unit_populated(const struct cg_unit *c);
/*
 * Remove c's directories, sub-cgroups first, once empty: 0, -EBUSY while
 * processes remain.
 */
int cg_unit_remove(struct cg_unit *c);
/* CPU throttling of c: periods throttled and time throttled (µs). */
int cg_unit_throttle(const struct cg_unit *c, uint64_t *ret_nr, uint64_t *ret_usec);

#endif
