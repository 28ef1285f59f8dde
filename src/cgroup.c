/* SPDX-License-Identifier: MIT */
/*
 * One cgroup per unit, under tend's own: <own>/tend/<unit> in each
 * hierarchy tend uses.  cgroup v2 gets cpu.max, cpu.weight, memory.max,
 * memory.high and pids.max in one tree, joined at clone time with
 * CLONE_INTO_CGROUP; cgroup v1 gets cpu.cfs_quota_us/cpu.cfs_period_us,
 * cpu.shares, memory.limit_in_bytes and pids.max, one hierarchy per
 * controller, each joined by the child writing its cgroup.procs.  On a
 * hybrid host the cgroup2 tree (no controllers) still tracks every process
 * of the unit and kills them with cgroup.kill.  This file finds the
 * hierarchies and makes the directories and limits; signalling, listing
 * and removing what runs in them is cgproc.c's.
 *
 * Everything here runs in the parent.  Writes to cgroupfs complete in the
 * kernel; nothing waits on another process.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgpriv.h"
#include "cgroup.h"
#include "cgrt.h"
#include "log.h"
#include "sys.h"
#include "unit.h"
#include "util.h"
#include "nofail.h"

#define CG_MNT "/sys/fs/cgroup"
#define CG_BASE "tend"			/* the units' parent, under tend's own */
#define CG_SELF "supervisor"		/* v2: where tend moves if it must */
#define PROC_PID_INIT_INO 0xEFFFFFFCU	/* the initial PID namespace */

const char *const cg_mode_name[_CG_MODE_MAX] = {
	[CG_NONE] = "none",
	[CG_V1] = "v1",
	[CG_HYBRID] = "hybrid",
	[CG_V2] = "v2",
};

const char *const cg_ctrl_name[_CG_CTRL_MAX] = {
	[CG_CPU] = "cpu",
	[CG_CPUACCT] = "cpuacct",
	[CG_MEMORY] = "memory",
	[CG_PIDS] = "pids",
};

struct cg_state cg_state = {
	.v2_base = -1, .v1_base = { -1, -1, -1, -1 },
};

uint64_t cg_shares_to_weight(uint64_t shares)
{
	uint64_t w = shares * 100 / 1024;

	return w < 1 ? 1 : w > 10000 ? 10000 : w;
}

uint64_t cg_weight_to_shares(uint64_t weight)
{
	uint64_t s = weight * 1024 / 100;

	return s < 2 ? 2 : s > 262144 ? 262144 : s;
}

void cg_limits_of(const struct unit *u, struct cg_limits *l)
{
	int64_t period_ms = u->cpu_quota_period_ms;

	memset(l, 0, sizeof(*l));
	/* systemd clamps CPUQuotaPeriodSec= to 1 ms .. 1 s */
	if (period_ms < 0 || period_ms == UNIT_INFINITY)
		period_ms = 100;
	else if (period_ms < 1)
		period_ms = 1;
	else if (period_ms > 1000)
		period_ms = 1000;
	l->period_us = (uint64_t)period_ms * 1000;
	if (u->cpu_quota_permyriad > 0) {
		/* permyriad of one CPU: 10000 is 1 s of CPU per second */
		uint64_t per_sec_us = (uint64_t)u->cpu_quota_permyriad * 100;

		l->cpu_quota = true;
		l->quota_us = per_sec_us * l->period_us / 1000000;
		if (l->quota_us < 1000)
			l->quota_us = 1000;	/* the kernel's minimum */
	}
	if (u->cpu_weight) {
		l->weight = u->cpu_weight;
		l->shares = cg_weight_to_shares(u->cpu_weight);
	} else if (u->cpu_shares) {
		l->shares = u->cpu_shares;
		l->weight = cg_shares_to_weight(u->cpu_shares);
	}
	l->mem_max = u->memory_max != UNIT_LIMIT_UNSET ? u->memory_max : u->memory_limit;
	l->mem_high = u->memory_high;
	l->tasks_max = u->tasks_max;
	l->rt = u->sched_policy_set &&
		(u->sched_policy == SCHED_FIFO || u->sched_policy == SCHED_RR);
}

bool cg_limits_any(const struct cg_limits *l)
{
	return l->cpu_quota || l->weight || l->mem_max != UNIT_LIMIT_UNSET ||
	       l->mem_high != UNIT_LIMIT_UNSET || l->tasks_max != UNIT_LIMIT_UNSET;
}

int cg_fmt_cpu_max(char *buf, size_t size, const struct cg_limits *l)
{
	if (!l->cpu_quota)
		return snprintf(buf, size, "max %llu", (unsigned long long)l->period_us);
	return snprintf(buf, size, "%llu %llu", (unsigned long long)l->quota_us,
			(unsigned long long)l->period_us);
}

int cg_fmt_limit(char *buf, size_t size, uint64_t v, bool v1)
{
	if (v == UNIT_LIMIT_INFINITY || v == UNIT_LIMIT_UNSET)
		return snprintf(buf, size, "%s", v1 ? "-1" : "max");
	return snprintf(buf, size, "%llu", (unsigned long long)v);
}

/* Write one value to a cgroup file below dirfd; 0 or -errno. */
static int cg_write(int dirfd, const char *file, const char *val)
{
	int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (sys_write(fd, val, strlen(val)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* Read a small cgroup file into buf (NUL-terminated); length or -errno. */
static ssize_t cg_read(int dirfd, const char *file, char *buf, size_t size)
{
	int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* "<unit>/<file>", the path of c's file below a base dirfd; 0 or -ENAMETOOLONG. */
static int unit_file(const struct cg_unit *c, const char *file, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", c->name, file);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* cg_write() of c's file below base; 0 or -errno. */
int cg_unit_write(int base, const struct cg_unit *c, const char *file, const char *val)
{
	char path[PATH_MAX];
	int r = unit_file(c, file, path, sizeof(path));

	return r < 0 ? r : cg_write(base, path, val);
}

/* cg_read() of c's file below base; length or -errno. */
ssize_t cg_unit_read(int base, const struct cg_unit *c, const char *file, char *buf,
			 size_t size)
{
	char path[PATH_MAX];
	int r = unit_file(c, file, path, sizeof(path));

	return r < 0 ? r : cg_read(base, path, buf, size);
}

/* Open c's file (or its directory, file "."): an fd or -errno. */
int cg_unit_openat(int base, const struct cg_unit *c, const char *file, int flags)
{
	char path[PATH_MAX];
	int r = unit_file(c, file, path, sizeof(path)), fd;

	if (r < 0)
		return r;
	fd = openat(base, path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* The base dirfd of c's hierarchy bit (CG_V2_BIT or a v1 controller's), -1. */
int cg_base_of(const struct cg_unit *c, unsigned bit)
{
	if (!(c->made & bit))
		return -1;
	if (bit == CG_V2_BIT)
		return cg_state.v2_base;
	for (int i = 0; i < _CG_CTRL_MAX; i++)
		if (bit == 1u << i)
			return cg_state.v1_base[i];
	return -1;
}

/* mkdir -p of a relative path below dirfd; 0 or -errno. */
static int mkdirs_at(int dirfd, const char *rel)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s", rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (char *p = path + 1;; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (*path && mkdirat(dirfd, path, 0755) < 0 && errno != EEXIST)
			return -errno;
		if (end)
			return 0;
		*p = '/';
	}
}

/*
 * tend's own cgroup in the hierarchy of ctrl (v1), or the v2 one (ctrl
 * NULL), from /proc/self/cgroup; without the leading '/'.
 */
static int own_path(const char *ctrl, char *buf, size_t size)
{
	char line[1024];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (r == -ENOENT && fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *nl = strchr(line, '\n');
		bool match = false;

		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		if (nl)
			*nl = '\0';
		if (!ctrl) {
			match = strcmp(line, "0") == 0 && c1[1] == '\0';
		} else {
			for (char *t = strtok(c1 + 1, ","); t && !match; t = strtok(NULL, ","))
				match = strcmp(t, ctrl) == 0;
		}
		if (match)
			r = snprintf(buf, size, "%s", c2 + 1 + (c2[1] == '/')) < (int)size ?
				    0 : -ENAMETOOLONG;
	}
	fclose(f);
	return r;
}

/*
 * The units' parent below own: "tend" in the initial PID namespace, else
 * "tend.<pid namespace inode>".  Several tends in PID namespaces of their
 * own (nested tends, containers without a cgroup namespace, the tests) may
 * share one own cgroup, root or not: they must never take each other's unit
 * cgroups, or one's MemoryMax= would OOM-kill another's unit of that name.
 */
static void base_name(const char *own, char *buf, size_t size)
{
	struct stat st;

	(void)own;
	if (stat("/proc/self/ns/pid", &st) < 0 || st.st_ino == PROC_PID_INIT_INO)
		snprintf(buf, size, CG_BASE);
	else
		snprintf(buf, size, CG_BASE ".%llu", (unsigned long long)st.st_ino);
}

/* Open <mnt>/<own>/tend, creating it; the base dirfd or -errno. */
static int open_base(const char *mnt, const char *ctrl, char **ret_path)
{
	char own[PATH_MAX], rel[PATH_MAX + 32], base[32];
	int mfd, fd, r;

	r = own_path(ctrl, own, sizeof(own));
	if (r < 0)
		return r;
	mfd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0)
		return -errno;
	base_name(own, base, sizeof(base));
	snprintf(rel, sizeof(rel), "%s%s%s", own, *own ? "/" : "", base);
	r = mkdirs_at(mfd, rel);
	fd = r < 0 ? r : openat(mfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && r == 0)
		fd = -errno;
	close(mfd);
	if (fd >= 0 && asprintf(ret_path, "%s/%s", mnt, rel) < 0)
		*ret_path = NULL;	/* only cg_release() needs it */
	return fd;
}

static bool is_fs(const char *path, long magic)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && (unsigned long)sf.f_type == (unsigned long)magic;
}

/*
 * v2: enable cpu, memory, pids for <own>/tend's children.  tend's own
 * cgroup can't hold processes and enable controllers at once (unless it is
 * the root), so on EBUSY tend moves itself to <own>/supervisor first.
 */
static void v2_enable(void)
{
	static const enum cg_ctrl want[] = { CG_CPU, CG_MEMORY, CG_PIDS };
	char own[PATH_MAX], path[PATH_MAX + 32], avail[256];
	int ofd;

	if (own_path(NULL, own, sizeof(own)) < 0)
		return;
	snprintf(path, sizeof(path), CG_MNT "/%s", own);
	ofd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ofd < 0)
		return;
	if (cg_read(ofd, "cgroup.controllers", avail, sizeof(avail)) < 0)
		avail[0] = '\0';
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char plus[16];
		int r;

		if (!strstr(avail, cg_ctrl_name[want[i]]))
			continue;
		snprintf(plus, sizeof(plus), "+%s", cg_ctrl_name[want[i]]);
		r = cg_write(ofd, "cgroup.subtree_control", plus);
		if (r == -EBUSY && *own && (mkdirat(ofd, CG_SELF, 0755) == 0 || errno == EEXIST)) {
			snprintf(path, sizeof(path), CG_SELF "/cgroup.procs");
			if (cg_write(ofd, path, "0") == 0)
				r = cg_write(ofd, "cgroup.subtree_control", plus);
		}
		if (r == 0 && cg_write(cg_state.v2_base, "cgroup.subtree_control", plus) == 0)
			cg_state.v2_ctrl[want[i]] = true;
	}
	close(ofd);
}

enum cg_mode cg_mode(void)
{
	struct stat st;

	if (cg_state.inited)
		return cg_state.mode;
	cg_state.inited = true;
	cg_state.why = ENODEV;
	if (is_fs(CG_MNT, CGROUP2_SUPER_MAGIC)) {
		cg_state.v2_base = open_base(CG_MNT, NULL, &cg_state.v2_path);
		if (cg_state.v2_base < 0) {
			cg_state.why = -cg_state.v2_base;
			return cg_state.mode;
		}
		cg_state.mode = CG_V2;
		v2_enable();
		cg_state.has_kill = faccessat(cg_state.v2_base, "cgroup.kill", F_OK, 0) == 0;
		return cg_state.mode;
	}
	for (int i = 0; i < _CG_CTRL_MAX; i++) {
		char mnt[64];
		int fd;

		snprintf(mnt, sizeof(mnt), CG_MNT "/%s", cg_ctrl_name[i]);
		if (!is_fs(mnt, CGROUP_SUPER_MAGIC))
			continue;
		/* cpu,cpuacct mounted together: one hierarchy, one directory */
		if (i == CG_CPUACCT && cg_state.v1_base[CG_CPU] >= 0 && stat(mnt, &st) == 0) {
			struct stat cpu;

			if (stat(CG_MNT "/cpu", &cpu) == 0 && cpu.st_ino == st.st_ino &&
			    cpu.st_dev == st.st_dev)
				continue;
		}
		fd = open_base(mnt, cg_ctrl_name[i], &cg_state.v1_path[i]);
		if (fd < 0) {
			cg_state.why = -fd;
			continue;
		}
		cg_state.v1_base[i] = fd;
		cg_state.mode = CG_V1;
	}
	if (cg_state.mode == CG_V1 && is_fs(CG_MNT "/unified", CGROUP2_SUPER_MAGIC)) {
		cg_state.v2_base = open_base(CG_MNT "/unified", NULL, &cg_state.v2_path);
		if (cg_state.v2_base >= 0) {
			cg_state.mode = CG_HYBRID;
			cg_state.has_kill = faccessat(cg_state.v2_base, "cgroup.kill", F_OK, 0) == 0;
		}
	}
	return cg_state.mode;
}

void cg_unit_init(struct cg_unit *c, loop_timer_fn *gc_fn, void *data)
{
	memset(c, 0, sizeof(*c));
	loop_timer_init(&c->gc, gc_fn, data);
}

void cg_unit_fini(struct cg_unit *c)
{
	free(c->name);
	c->name = NULL;
}

/*
 * Create the unit's cgroup fresh.  An existing empty one (left by a tend
 * that exited first, or by an earlier tend whose PID namespace inode was
 * reused) is removed and made anew: this kernel's cgroup_post_fork() kills
 * a child cloned with CLONE_INTO_CGROUP into a cgroup whose cgroup.kill
 * count differs from its parent's, so a cgroup that was ever killed must
 * not be cloned into again.  A populated one (EBUSY) is kept.
 */
static int make_dir(int base, const char *name)
{
	if (mkdirat(base, name, 0755) < 0) {
		if (errno != EEXIST)
			return -errno;
		if (unlinkat(base, name, AT_REMOVEDIR) == 0 && mkdirat(base, name, 0755) < 0)
			return -errno;
	}
	return 0;
}

__attribute__((format(printf, 4, 5)))
static int fail(char *why, size_t whylen, int r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < whylen)
		snprintf(why + n, whylen - (size_t)n, ": %s", strerror(-r));
	return r;
}

/* Write one limit file of c below base, or say why not. */
static int put(int base, const struct cg_unit *c, const char *file, const char *val,
	       char *why, size_t whylen)
{
	int r;

	if (base < 0)
		return fail(why, whylen, -ENODEV, "%s: controller not available", file);
	r = cg_unit_write(base, c, file, val);
	return r < 0 ? fail(why, whylen, r, "%s=%s", file, val) : 0;
}

static int write_v2(const struct cg_unit *c, const struct cg_limits *l, char *why,
		    size_t whylen)
{
	int v2 = cg_base_of(c, CG_V2_BIT);
	int cpu = cg_state.v2_ctrl[CG_CPU] ? v2 : -1;
	int mem = cg_state.v2_ctrl[CG_MEMORY] ? v2 : -1;
	int pids = cg_state.v2_ctrl[CG_PIDS] ? v2 : -1;
	char v[64];
	int r = 0;

	if (l->cpu_quota) {
		cg_fmt_cpu_max(v, sizeof(v), l);
		r = put(cpu, c, "cpu.max", v, why, whylen);
	}
	if (r == 0 && l->weight) {
		snprintf(v, sizeof(v), "%llu", (unsigned long long)l->weight);
		r = put(cpu, c, "cpu.weight", v, why, whylen);
	}
	if (r == 0 && l->mem_max != UNIT_LIMIT_UNSET) {
		cg_fmt_limit(v, sizeof(v), l->mem_max, false);
		r = put(mem, c, "memory.max", v, why, whylen);
	}
	if (r == 0 && l->mem_high != UNIT_LIMIT_UNSET) {
		cg_fmt_limit(v, sizeof(v), l->mem_high, false);
		r = put(mem, c, "memory.high", v, why, whylen);
	}
	if (r == 0 && l->tasks_max != UNIT_LIMIT_UNSET) {
		cg_fmt_limit(v, sizeof(v), l->tasks_max, false);
		r = put(pids, c, "pids.max", v, why, whylen);
	}
	return r;
}

static int write_v1(const struct cg_unit *c, const struct cg_limits *l, char *why,
		    size_t whylen)
{
	char v[64];
	int r = 0;

	if (l->cpu_quota) {
		snprintf(v, sizeof(v), "%llu", (unsigned long long)l->period_us);
		r = put(cg_base_of(c, 1u << CG_CPU), c, "cpu.cfs_period_us", v, why, whylen);
		snprintf(v, sizeof(v), "%llu", (unsigned long long)l->quota_us);
		if (r == 0)
			r = put(cg_base_of(c, 1u << CG_CPU), c, "cpu.cfs_quota_us", v, why, whylen);
	}
	if (r == 0 && l->shares) {
		snprintf(v, sizeof(v), "%llu", (unsigned long long)l->shares);
		r = put(cg_base_of(c, 1u << CG_CPU), c, "cpu.shares", v, why, whylen);
	}
	if (r == 0 && l->mem_max != UNIT_LIMIT_UNSET) {
		cg_fmt_limit(v, sizeof(v), l->mem_max, true);
		r = put(cg_base_of(c, 1u << CG_MEMORY), c, "memory.limit_in_bytes", v, why, whylen);
	}
	/* MemoryHigh= has no v1 equivalent: cg_unit_open() warns */
	if (r == 0 && l->tasks_max != UNIT_LIMIT_UNSET) {
		cg_fmt_limit(v, sizeof(v), l->tasks_max, false);
		r = put(cg_base_of(c, 1u << CG_PIDS), c, "pids.max", v, why, whylen);
	}
	return r;
}

int cg_unit_open(struct cg_unit *c, const struct unit *u, char *why, size_t whylen)
{
	enum cg_mode m = cg_mode();
	struct cg_limits l;
	int r = 0;

	why[0] = '\0';
	if (m == CG_NONE)
		return fail(why, whylen, -cg_state.why, "no writable cgroup hierarchy");
	if (!c->name && !(c->name = strdup(u->name)))
		return fail(why, whylen, -ENOMEM, "%s", u->name);
	if (cg_state.v2_base >= 0 && !(c->made & CG_V2_BIT)) {
		r = make_dir(cg_state.v2_base, c->name);
		c->made |= r == 0 ? CG_V2_BIT : 0;
	}
	for (int i = 0; r == 0 && i < _CG_CTRL_MAX; i++) {
		if (cg_state.v1_base[i] >= 0 && !(c->made & 1u << i)) {
			r = make_dir(cg_state.v1_base[i], c->name);
			c->made |= r == 0 ? 1u << i : 0;
		}
	}
	if (r < 0)
		return fail(why, whylen, r, "mkdir %s", c->name);
	c->open = true;
	cg_limits_of(u, &l);
	/*
	 * cpu.max binds SCHED_OTHER only, and v2 has no real-time budget: a
	 * fifo/rr unit would run without its quota.  Never silently: refuse.
	 */
	if (m == CG_V2 && l.cpu_quota && l.rt)
		return fail(why, whylen, -EINVAL, "CPUQuota= with a real-time CPUSchedulingPolicy= "
			    "(cgroup v2 has no cpu.rt_runtime_us; cpu.max would not bind it)");
	r = m == CG_V2 ? write_v2(c, &l, why, whylen) : write_v1(c, &l, why, whylen);
	/* CFS quota does not bind a real-time process: give it a budget too */
	c->rt_budget = false;
	if (r == 0 && m != CG_V2 && l.cpu_quota && l.rt) {
		r = cgrt_budget(cg_base_of(c, 1u << CG_CPU), c->name, l.quota_us, l.period_us, why,
				whylen);
		c->rt_budget = r == 0;
	}
	if (r == 0 && m != CG_V2 && l.mem_high != UNIT_LIMIT_UNSET)
		r = fail(why, whylen, -EOPNOTSUPP, "MemoryHigh= on cgroup v1");
	return r;
}

/*
 * Delegate=: hand the unit's cgroup to its user, in every hierarchy, as
 * systemd does: the directory and the files that move processes and
 * enable controllers below it.  Sub-cgroups the service makes inherit the
 * owner from the kernel (cgroup_kn_set_ugid).  Limits on the unit's own
 * cgroup stay root's, so the service can't lift them.
 */
static const char *const delegate_files[] = {
	"cgroup.procs", "cgroup.threads", "cgroup.subtree_control",	/* v2 */
	"tasks", "cgroup.clone_children",				/* v1 */
};

static int chown_dir(int base, const char *name, uid_t uid, gid_t gid)
{
	char path[PATH_MAX];

	if (fchownat(base, name, uid, gid, 0) < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(delegate_files) / sizeof(delegate_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", name, delegate_files[i]);
		if (fchownat(base, path, uid, gid, 0) < 0 && errno != ENOENT)
			return -errno;
	}
	return 0;
}

int cg_unit_delegate(const struct cg_unit *c, uid_t uid, gid_t gid, char *why, size_t whylen)
{
	int r = 0;

	if (!c->open)
		return fail(why, whylen, -ENODEV, "Delegate=: no cgroup");
	if (c->made & CG_V2_BIT)
		r = chown_dir(cg_state.v2_base, c->name, uid, gid);
	for (int i = 0; r == 0 && i < _CG_CTRL_MAX; i++)
		if (c->made & 1u << i)
			r = chown_dir(cg_state.v1_base[i], c->name, uid, gid);
	return r < 0 ? fail(why, whylen, r, "Delegate=: chown %s to %u:%u", c->name,
			    (unsigned)uid, (unsigned)gid) : 0;
}

/* Remove one base and whatever empty cgroups are left below it. */
static void release_base(int *fd, char **path)
{
	int depth = 0, r;

	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	if (!*path)
		return;
	r = cg_rm_tree(AT_FDCWD, *path, &depth);
	if (r < 0)
		log_debug("cgroup %s not removed: %s", *path, strerror(-r));
	free(*path);
	*path = NULL;
}

void cg_release(void)
{
	release_base(&cg_state.v2_base, &cg_state.v2_path);
	for (int i = 0; i < _CG_CTRL_MAX; i++)
		release_base(&cg_state.v1_base[i], &cg_state.v1_path[i]);
	cg_state.inited = false;
	cg_state.mode = CG_NONE;
}
