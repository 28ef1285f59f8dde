/* SPDX-License-Identifier: MIT */
/*
 * The processes in a unit's cgroup: the cgroup.procs fds a child joins
 * through, signalling every process (cgroup.kill where the kernel has
 * it), listing and finding them, whether any is left, removing the
 * emptied tree, and the CPU throttling counters.  The hierarchies and
 * the unit's directories are cgroup.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgpriv.h"
#include "sys.h"
#include "nofail.h"

/*
 * The sub-cgroups a service made (Delegate=, or root writing there
 * anyway) are walked too, to a bounded depth: PID 1's stack stays small
 * and a deeper tree still goes, by cgroup.kill on v2, or is reported.
 */
#define CG_MAX_DEPTH 16

/* Call fn on each subdirectory of dfd; stops at fn's first error. */
static int each_subdir(int dfd, int (*fn)(int dfd, const char *name, void *arg), void *arg)
{
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while (r == 0 && (de = readdir(d)))
		if (de->d_type == DT_DIR && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			r = fn(dfd, de->d_name, arg);
	closedir(d);
	return r;
}

struct walk {
	int sig;
	pid_t find;	/* > 0: only look for this pid (sig unused) */
	int depth;
	int n;		/* processes signalled, or 1 when populated or found */
};

static int kill_procs(int dfd, struct walk *w);

static int kill_sub(int dfd, const char *name, void *arg)
{
	struct walk *w = arg;
	int fd, r;

	if (w->depth >= CG_MAX_DEPTH)
		return -ELOOP;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	w->depth++;
	r = kill_procs(fd, w);
	w->depth--;
	close(fd);
	return r;
}

/* Signal (or with sig 0, just find) each process listed in dfd and below. */
static int kill_procs(int dfd, struct walk *w)
{
	char buf[4096], *p;
	size_t have = 0;
	ssize_t k;
	int fd;

	fd = openat(dfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((k = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		char *nl;

		have += (size_t)k;
		buf[have] = '\0';
		for (p = buf; (nl = strchr(p, '\n')); p = nl + 1) {
			long pid = strtol(p, NULL, 10);

			if (w->find > 0)
				w->n += pid == w->find;
			else if (pid > 0 && (w->sig == 0 || sys_kill((pid_t)pid, w->sig) == 0))
				w->n++;
		}
		have = strlen(p);
		memmove(buf, p, have);
	}
	close(fd);
	if ((w->sig == 0 || w->find > 0) && w->n > 0)
		return 0;	/* populated, or found: no need to look further */
	return each_subdir(dfd, kill_sub, w);
}

/* Remove the directory name under dfd and every cgroup below it. */
int cg_rm_tree(int dfd, const char *name, void *arg)
{
	int *depth = arg, fd, r;

	if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY || *depth >= CG_MAX_DEPTH)
		return -errno;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	++*depth;
	r = each_subdir(fd, cg_rm_tree, depth);
	--*depth;
	close(fd);
	if (r < 0)
		return r;
	return unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -errno;
}

int cg_unit_join_fds(const struct cg_unit *c, bool rt, int *procs, size_t max,
		     size_t *ret_n, int *ret_v2_dir, int *ret_v2_procs)
{
	size_t n = 0;
	int r = 0;

	*ret_n = 0;
	*ret_v2_dir = *ret_v2_procs = -1;
	if (!c->open)
		return 0;
	for (int i = 0; i < _CG_CTRL_MAX && n < max; i++) {
		if (!(c->made & 1u << i) || (rt && !c->rt_budget && (i == CG_CPU || i == CG_CPUACCT)))
			continue;
		r = cg_unit_openat(cg_state.v1_base[i], c, "cgroup.procs", O_WRONLY);
		if (r < 0)
			goto out_close;
		procs[n++] = r;
	}
	if (c->made & CG_V2_BIT) {
		r = cg_unit_openat(cg_state.v2_base, c, "cgroup.procs", O_WRONLY);
		if (r < 0)
			goto out_close;
		*ret_v2_procs = r;
		/*
		 * After cgroup.kill, this kernel kills children cloned into the
		 * cgroup (cgroup_post_fork() compares kill counts): join by
		 * writing cgroup.procs from the child instead.
		 */
		if (!c->kill_sent) {
			r = cg_unit_openat(cg_state.v2_base, c, ".", O_RDONLY | O_DIRECTORY);
			if (r < 0)
				goto out_close;
			*ret_v2_dir = r;
		}
	}
	*ret_n = n;
	return 0;
out_close:
	while (n > 0)
		close(procs[--n]);
	if (*ret_v2_procs >= 0)
		close(*ret_v2_procs);
	*ret_v2_procs = -1;
	return r;
}

/* The hierarchy whose cgroup.procs lists every process of the unit: its base. */
static int track_base(const struct cg_unit *c)
{
	if (c->made & CG_V2_BIT)
		return cg_state.v2_base;
	for (int i = _CG_CTRL_MAX - 1; i >= 0; i--)	/* pids first */
		if (c->made & 1u << i)
			return cg_state.v1_base[i];
	return -1;
}

/* kill_procs() on c's directory in the tracking hierarchy, opened for it. */
static int walk_unit(const struct cg_unit *c, struct walk *w)
{
	int base = track_base(c), dfd, r;

	if (base < 0)
		return -ENODEV;
	dfd = cg_unit_openat(base, c, ".", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	r = kill_procs(dfd, w);
	close(dfd);
	return r;
}

int cg_unit_kill(struct cg_unit *c, int sig)
{
	struct walk w = { .sig = sig };
	int pop, r;

	if (track_base(c) < 0)
		return -ENODEV;
	if (sig == SIGKILL && cg_state.has_kill && (c->made & CG_V2_BIT)) {
		pop = cg_unit_populated(c);
		if (pop == 0)
			return 0;
		if (pop > 0) {
			r = cg_unit_write(cg_state.v2_base, c, "cgroup.kill", "1");
			if (r < 0)
				return r;
			c->kill_sent = true;
			return 1;
		}
	}
	/* one pass; callers repeat from a timer until the cgroup is empty */
	r = walk_unit(c, &w);
	return w.n > 0 || r == 0 ? w.n : r;
}

int cg_unit_procs(const struct cg_unit *c, pid_t *pids, size_t max)
{
	char buf[4096], *p, *nl;
	size_t have = 0, n = 0;
	ssize_t k;
	int base = track_base(c), fd;

	if (base < 0 || !c->open)
		return -ENODEV;
	fd = cg_unit_openat(base, c, "cgroup.procs", O_RDONLY);
	if (fd < 0)
		return fd;
	while ((k = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		have += (size_t)k;
		buf[have] = '\0';
		for (p = buf; (nl = strchr(p, '\n')); p = nl + 1) {
			long pid = strtol(p, NULL, 10);

			if (pid > 0 && n < max)
				pids[n] = (pid_t)pid;
			n += pid > 0;
		}
		have = strlen(p);
		memmove(buf, p, have);
	}
	close(fd);
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

int cg_unit_has_pid(const struct cg_unit *c, pid_t pid)
{
	struct walk w = { .find = pid };
	int r;

	if (pid <= 0)
		return 0;
	r = walk_unit(c, &w);
	return w.n > 0 ? 1 : r < 0 && r != -ELOOP ? r : 0;
}

int cg_unit_populated(const struct cg_unit *c)
{
	char buf[512];
	ssize_t n;

	if (track_base(c) < 0)
		return 0;
	if (c->made & CG_V2_BIT) {
		char *p;

		n = cg_unit_read(cg_state.v2_base, c, "cgroup.events", buf, sizeof(buf));
		if (n < 0)
			return (int)n;
		p = strstr(buf, "populated ");
		return p && p[10] == '1';
	}
	{
		struct walk w = { .sig = 0 };
		int r = walk_unit(c, &w);

		return w.n > 0 ? 1 : r < 0 ? r : 0;
	}
}

int cg_unit_remove(struct cg_unit *c)
{
	int r = 0, depth = 0;

	if (c->made & CG_V2_BIT) {
		r = cg_rm_tree(cg_state.v2_base, c->name, &depth);
		if (r < 0)
			return r;
		c->made &= ~CG_V2_BIT;
		c->kill_sent = false;	/* made anew at the next open */
	}
	for (int i = 0; i < _CG_CTRL_MAX; i++) {
		if (!(c->made & 1u << i))
			continue;
		int e = cg_rm_tree(cg_state.v1_base[i], c->name, &depth);

		if (e < 0) {
			r = e;
			continue;
		}
		c->made &= ~(1u << i);
	}
	if (r == 0)
		c->open = false;
	return r;
}


/* The number after "key " in a flat-keyed cgroup file. */
static int keyed(const char *buf, const char *key, uint64_t *ret)
{
	size_t kl = strlen(key);

	for (const char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
			*ret = strtoull(p + kl + 1, NULL, 10);
			return 0;
		}
	}
	return -ENOENT;
}

int cg_unit_throttle(const struct cg_unit *c, uint64_t *ret_nr, uint64_t *ret_usec)
{
	int base = cg_base_of(c, cg_state.mode == CG_V2 ? CG_V2_BIT : 1u << CG_CPU);
	char buf[1024];
	uint64_t ns;
	ssize_t n;

	if (base < 0)
		return -ENODEV;
	n = cg_unit_read(base, c, "cpu.stat", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (keyed(buf, "nr_throttled", ret_nr) < 0)
		return -ENOENT;
	if (keyed(buf, "throttled_usec", ret_usec) == 0)
		return 0;
	if (keyed(buf, "throttled_time", &ns) < 0)	/* v1: nanoseconds */
		return -ENOENT;
	*ret_usec = ns / 1000;
	return 0;
}
