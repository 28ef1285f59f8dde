/* SPDX-License-Identifier: MIT */
/*
 * Which process is the daemon a forking unit left behind?  systemd asks
 * its cgroup for the processes whose parent is the manager: after the
 * double fork the daemon is re-parented to PID 1 (or to tend as a
 * subreaper); its helpers are its own children.  One candidate is the
 * main process; none or several is no main process, never a guess among
 * them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "guess.h"
#include "reap.h"
#include "util.h"
#include "nofail.h"

#define GUESS_MAX_PROCS 256	/* a forking unit with more right after its start: ambiguous */

/* pid is one of ours: tend's child, not watched by anyone, started in time. */
static bool candidate(pid_t pid, unsigned long long min_start)
{
	unsigned long long start = 0;
	char dir[32];
	int ppid = 0;

	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	if (reap_is_watched(pid) || proc_stat_at(AT_FDCWD, dir, &ppid, &start) < 0)
		return false;
	return ppid == getpid() && start >= min_start;
}

/* Add pid to the guess; -ENOTUNIQ once there are two. */
static int take(pid_t pid, pid_t *found)
{
	if (*found > 0 && *found != pid)
		return -ENOTUNIQ;
	*found = pid;
	return 0;
}

static int from_cgroup(const struct cg_unit *cg, pid_t *found)
{
	pid_t pids[GUESS_MAX_PROCS];
	int n = cg_unit_procs(cg, pids, GUESS_MAX_PROCS), r = 0;

	if (n < 0)
		return n;
	if (n > GUESS_MAX_PROCS)
		return -ENOTUNIQ;
	for (int i = 0; r == 0 && i < n; i++)
		if (candidate(pids[i], 0))
			r = take(pids[i], found);
	return r;
}

/* No cgroup: tend's unwatched children that started after spawn_ms. */
static int from_children(int64_t spawn_ms, pid_t *found)
{
	struct timespec mono, boot;
	long tick = sysconf(_SC_CLK_TCK);
	unsigned long long min_start = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (clock_gettime(CLOCK_MONOTONIC, &mono) == 0 && clock_gettime(CLOCK_BOOTTIME, &boot) == 0 &&
	    tick > 0) {
		int64_t mono_ms = mono.tv_sec * 1000LL + mono.tv_nsec / 1000000;
		int64_t boot_ms = boot.tv_sec * 1000LL + boot.tv_nsec / 1000000;
		int64_t at = boot_ms - (mono_ms - spawn_ms) - 1000 / tick;	/* a tick early */

		min_start = at > 0 ? (unsigned long long)at * (unsigned long long)tick / 1000 : 0;
	}
	d = opendir("/proc");
	if (!d)
		return -errno;
	while (r == 0 && (de = readdir(d))) {
		long pid = strtol(de->d_name, NULL, 10);

		if (pid > 1 && candidate((pid_t)pid, min_start))
			r = take((pid_t)pid, found);
	}
	closedir(d);
	return r;
}

int guess_main_pid(const struct cg_unit *cg, int64_t spawn_ms, pid_t *ret)
{
	pid_t found = 0;
	int r = cg && cg->open ? from_cgroup(cg, &found) : from_children(spawn_ms, &found);

	if (r < 0)
		return r;
	if (found <= 0)
		return -ENOENT;
	*ret = found;
	return 0;
}
