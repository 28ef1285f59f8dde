/* SPDX-License-Identifier: MIT */
/*
 * The reaper: waitpid(-1, WNOHANG) until nothing is left, so coalesced
 * SIGCHLDs never leave a zombie behind.  Watched pids (main commands,
 * services, control processes) are found through an open-addressing hash;
 * everything else is an orphan that was re-parented to tend, reaped and
 * counted.  waitpid(-1) walks all of tend's children in the kernel, so
 * SIGCHLD's own pid is collected first, alone (reap_pid(), O(1) however
 * many services tend runs), and the caller runs the full pass for exits
 * whose SIGCHLD coalesced with another at most every so often.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "reap.h"
#include "sys.h"
#include "util.h"
#include "nofail.h"

struct slot {
	pid_t pid;		/* 0 = empty */
	reap_fn *fn;
	void *data;
};

static struct {
	struct slot *tab;
	size_t cap;		/* power of two */
	size_t used;
	uint64_t orphans;
	bool untraced;
	reap_orphan_fn *orphan_fn;
} rp;

static size_t slot_of(pid_t pid, size_t cap)
{
	uint32_t h = (uint32_t)pid * 2654435761u;	/* Knuth's multiplicative hash */

	return h & (cap - 1);
}

/* The first table is static: entrypoint mode never calls malloc(). */
static struct slot seed_tab[64];

static int rehash(size_t cap)
{
	struct slot *tab;
	size_t i;

	if (!rp.tab && cap <= sizeof(seed_tab) / sizeof(seed_tab[0])) {
		cap = sizeof(seed_tab) / sizeof(seed_tab[0]);
		tab = memset(seed_tab, 0, sizeof(seed_tab));
	} else {
		tab = calloc(cap, sizeof(*tab));
	}
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < rp.cap; i++) {
		size_t j;

		if (!rp.tab[i].pid)
			continue;
		for (j = slot_of(rp.tab[i].pid, cap); tab[j].pid; j = (j + 1) & (cap - 1))
			;
		tab[j] = rp.tab[i];
	}
	if (rp.tab != seed_tab)
		free(rp.tab);
	rp.tab = tab;
	rp.cap = cap;
	return 0;
}

int reap_reserve(size_t n)
{
	size_t cap = rp.cap ? rp.cap : 16;

	while (cap < 2 * (n + 1))	/* keep the load factor at most 1/2 */
		cap *= 2;
	return cap == rp.cap ? 0 : rehash(cap);
}

int reap_init(size_t reserve)
{
	return reap_reserve(reserve);
}

void reap_fini(void)
{
	if (rp.tab != seed_tab)
		free(rp.tab);
	memset(&rp, 0, sizeof(rp));
}

static struct slot *find(pid_t pid)
{
	size_t j;

	if (!rp.cap || pid <= 0)
		return NULL;
	for (j = slot_of(pid, rp.cap); rp.tab[j].pid; j = (j + 1) & (rp.cap - 1))
		if (rp.tab[j].pid == pid)
			return &rp.tab[j];
	return NULL;
}

int reap_watch(pid_t pid, reap_fn *fn, void *data)
{
	struct slot *s = find(pid);
	size_t j;

	if (s) {
		s->fn = fn;
		s->data = data;
		return 0;
	}
	if (reap_reserve(rp.used + 1) < 0)
		return -ENOMEM;
	for (j = slot_of(pid, rp.cap); rp.tab[j].pid; j = (j + 1) & (rp.cap - 1))
		;
	rp.tab[j] = (struct slot){ .pid = pid, .fn = fn, .data = data };
	rp.used++;
	return 0;
}

/* Remove pid, shifting later members of its probe run back (no tombstones). */
void reap_unwatch(pid_t pid)
{
	struct slot *s = find(pid);
	size_t i, j, mask = rp.cap - 1;

	if (!s)
		return;
	i = (size_t)(s - rp.tab);
	rp.tab[i].pid = 0;
	rp.used--;
	for (j = (i + 1) & mask; rp.tab[j].pid; j = (j + 1) & mask) {
		size_t home = slot_of(rp.tab[j].pid, rp.cap);

		/* move j into the hole i if its home is not in (i, j] cyclically */
		if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
			rp.tab[i] = rp.tab[j];
			rp.tab[j].pid = 0;
			i = j;
		}
	}
}

bool reap_is_watched(pid_t pid)
{
	return find(pid) != NULL;
}

size_t reap_watched(void)
{
	return rp.used;
}

uint64_t reap_orphans(void)
{
	return rp.orphans;
}

void reap_set_orphan_fn(reap_orphan_fn *fn)
{
	rp.orphan_fn = fn;
}

void reap_set_untraced(bool on)
{
	rp.untraced = on;
}

/* Hand pid's waitpid() status to its watcher, or count an orphan. */
static void dispatch(pid_t pid, int status)
{
	struct slot *s = find(pid);

	if (!s) {
		rp.orphans++;
		log_debug("reaped orphan %d", (int)pid);
		if (rp.orphan_fn)
			rp.orphan_fn(pid);
		return;
	}
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		reap_fn *fn = s->fn;
		void *data = s->data;

		reap_unwatch(pid);	/* before fn: it may watch a new pid */
		fn(pid, status, data);
	} else {
		s->fn(pid, status, s->data);
	}
}

bool reap_all(void)
{
	int flags = WNOHANG | (rp.untraced ? WUNTRACED | WCONTINUED : 0);

	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, flags);

		if (pid == 0)
			return false;
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			return errno == ECHILD;
		}
		dispatch(pid, status);
	}
}

void reap_pid(pid_t pid)
{
	int flags = WNOHANG | (rp.untraced ? WUNTRACED | WCONTINUED : 0), status;
	pid_t r;

	if (pid <= 0)
		return;
	do
		r = waitpid(pid, &status, flags);	/* one pid: the kernel looks it up */
	while (r < 0 && errno == EINTR);
	if (r == pid)
		dispatch(pid, status);
}

/* The parent pid from /proc/PID/stat (name: PID under dirfd), or -1. */
static pid_t read_ppid(int dirfd, const char *name)
{
	int ppid;

	return proc_stat_at(dirfd, name, &ppid, NULL) < 0 ? -1 : (pid_t)ppid;
}

struct pp {
	pid_t pid, ppid;
	bool desc;
};

/* Mark every entry whose parent chain reaches self; O(n * depth), shutdown only. */
static void mark_descendants(struct pp *v, size_t n, pid_t self)
{
	bool grew;

	do {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			if (v[i].desc || v[i].ppid <= 0)
				continue;
			if (v[i].ppid == self) {
				v[i].desc = grew = true;
				continue;
			}
			for (size_t k = 0; k < n; k++)
				if (v[k].desc && v[k].pid == v[i].ppid) {
					v[i].desc = grew = true;
					break;
				}
		}
	} while (grew);
}

/* Not PID 1: find descendants by walking /proc's parent links. */
static int signal_tree(int signo)
{
	struct pp *v = NULL;
	size_t n = 0, cap = 0;
	int hits = 0;
	DIR *d = opendir("/proc");

	if (!d)
		return -errno;
	for (struct dirent *e; (e = readdir(d));) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct pp *nv = realloc(v, ncap * sizeof(*v));

			if (!nv)
				break;	/* NB: under ENOMEM only the pids read so far are signalled */
			v = nv;
			cap = ncap;
		}
		v[n].pid = (pid_t)strtol(e->d_name, NULL, 10);
		v[n].ppid = read_ppid(dirfd(d), e->d_name);
		v[n].desc = false;
		n++;
	}
	closedir(d);
	mark_descendants(v, n, getpid());
	for (size_t i = 0; i < n; i++)
		if (v[i].desc && sys_kill(v[i].pid, signo) == 0)
			hits++;
	free(v);
	return hits;
}

int reap_signal_descendants(int signo)
{
	if (getpid() == 1)
		return sys_kill(-1, signo) == 0 ? 1 : (errno == ESRCH ? 0 : -errno);
	return signal_tree(signo);
}
