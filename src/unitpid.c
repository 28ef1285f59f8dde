/* SPDX-License-Identifier: MIT */
/*
 * Which pids a unit may claim.  A service is not trusted: the pid it names
 * in MAINPID= or writes into its PID file is what tend signals when the
 * unit stops, so a pid outside the unit would let it kill anything.  The
 * rules are systemd's (service_is_suitable_main_pid(), service_load_pid_file(),
 * chase() with CHASE_SAFE).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "unitpid.h"
#include "util.h"
#include "nofail.h"

#define MAX_DEPTH 64		/* parents followed up the process tree */
#define MAX_LINKS 32		/* symlinks followed in a PID file's path */

/* The parent of pid from /proc/PID/stat, 0 when it can't be read. */
static pid_t parent_of(pid_t pid)
{
	char dir[32];
	int ppid;

	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	return proc_stat_at(AT_FDCWD, dir, &ppid, NULL) < 0 ? 0 : (pid_t)ppid;
}

int unitpid_belongs(const struct unitpid_owner *o, pid_t pid)
{
	pid_t p = pid, sid;

	if (pid <= 1)
		return 0;
	if (o->cg && o->cg->open)
		return cg_unit_has_pid(o->cg, pid) > 0;
	for (int i = 0; i < MAX_DEPTH && p > 1; i++, p = parent_of(p))
		if (p == o->main_pid || p == o->ctl_pid)
			return 1;
	sid = getsid(pid);
	return o->sid > 1 && sid == o->sid;
}

bool unitpid_member(void *owner, pid_t pid)
{
	return unitpid_belongs(owner, pid) > 0;
}

int unitpid_check_main(const struct unitpid_owner *o, pid_t pid, bool privileged, char *why,
		       size_t whylen)
{
	if (pid == getpid()) {
		snprintf(why, whylen, "is tend itself");
		return -EPERM;
	}
	if (pid <= 1) {
		snprintf(why, whylen, "is PID 1");
		return -EPERM;
	}
	if (kill(pid, 0) < 0 && errno == ESRCH) {
		snprintf(why, whylen, "is not running");
		return -ESRCH;
	}
	if (privileged || unitpid_belongs(o, pid) > 0)
		return 0;
	snprintf(why, whylen, "does not belong to the unit");
	return -EACCES;
}

/* CHASE_SAFE: from something not root's, only to something of its owner. */
static bool unsafe_step(const struct stat *from, const struct stat *to)
{
	return from->st_uid != 0 && from->st_uid != to->st_uid;
}

static int unsafe(const char *name, const struct stat *from, const struct stat *to, char *why,
		  size_t whylen)
{
	snprintf(why, whylen, "unsafe path: \"%s\" (uid %u) reached from uid %u's", name,
		 (unsigned)to->st_uid, (unsigned)from->st_uid);
	return -ENOLINK;	/* as systemd's chase(CHASE_SAFE) */
}

struct walk {
	char todo[PATH_MAX];	/* what is left of the path */
	int dfd;		/* the directory reached so far */
	struct stat cur;	/* its stat, or the last symlink's */
	int links;
};

/* Go on from a symlink (fd, its stat st) to its target; 0 or -errno. */
static int follow(struct walk *w, int fd, const struct stat *st, const char *rest, char *why,
		  size_t whylen)
{
	char target[PATH_MAX], next[PATH_MAX];
	ssize_t n;

	if (++w->links > MAX_LINKS)
		return -ELOOP;
	n = readlinkat(fd, "", target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if ((size_t)snprintf(next, sizeof(next), "%s/%s", target, rest) >= sizeof(next))
		return -ENAMETOOLONG;
	strcpy(w->todo, next);
	if (target[0] == '/') {
		close(w->dfd);
		w->dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (w->dfd < 0 || fstat(w->dfd, &w->cur) < 0)
			return -errno;
	}
	/* the link itself goes on to the directory its target starts from */
	if (unsafe_step(st, &w->cur))
		return unsafe(target, st, &w->cur, why, whylen);
	return 0;
}

/* One component: a directory to enter, a symlink to follow, or the file. */
static int step(struct walk *w, const char *name, const char *rest, bool last, int *ret_fd,
		char *why, size_t whylen)
{
	struct stat st;
	int fd, flags = last ? O_RDONLY | O_NONBLOCK | O_NOCTTY : O_PATH;

	fd = openat(w->dfd, name, flags | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && last && errno == ELOOP)	/* a symlink: look at it */
		fd = openat(w->dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	if (unsafe_step(&w->cur, &st)) {
		close(fd);
		return unsafe(name, &w->cur, &st, why, whylen);
	}
	if (S_ISLNK(st.st_mode)) {
		int r = follow(w, fd, &st, rest, why, whylen);

		close(fd);
		return r;
	}
	if (last) {
		*ret_fd = fd;
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		return -ENOTDIR;
	}
	close(w->dfd);
	w->dfd = fd;
	w->cur = st;
	return 0;
}

/* Open path for reading, CHASE_SAFE; 0 and *ret_fd, or -errno. */
static int open_safe(const char *path, int *ret_fd, char *why, size_t whylen)
{
	struct walk w = { .dfd = -1 };
	int r = 0;

	if (path[0] != '/')
		return -EINVAL;
	if (!strscpy(w.todo, path, sizeof(w.todo)))
		return -ENAMETOOLONG;
	w.dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w.dfd < 0 || fstat(w.dfd, &w.cur) < 0)
		r = -errno;
	while (r == 0) {
		char *name = w.todo + strspn(w.todo, "/"), *end = strchrnul(name, '/');
		char comp[NAME_MAX + 1];

		if (!*name) {
			r = -EISDIR;	/* the path ends in a directory */
			break;
		}
		if ((size_t)(end - name) > NAME_MAX) {
			r = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, name, (size_t)(end - name));
		comp[end - name] = '\0';
		end += strspn(end, "/");
		memmove(w.todo, end, strlen(end) + 1);	/* todo: the rest */
		if (strcmp(comp, ".") == 0)
			continue;
		r = step(&w, comp, w.todo, w.todo[0] == '\0', ret_fd, why, whylen);
	}
	if (w.dfd >= 0)
		close(w.dfd);
	return r < 0 ? r : 0;
}

/*
 * The retry after an unsafe step: the kernel follows the path, and only a
 * regular file is opened for reading (through its O_PATH fd, so that no
 * device or FIFO is ever opened).  0 and *ret_fd, or -errno.
 */
static int open_relaxed(const char *path, int *ret_fd)
{
	char proc[64];
	struct stat st;
	int pfd, fd, r = 0;

	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (fstat(pfd, &st) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode))
		r = -EBADFD;
	if (r == 0) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
		fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			r = -errno;
		else
			*ret_fd = fd;
	}
	close(pfd);
	return r;
}

/* Open a PID file CHASE_SAFE, else relaxed as systemd retries (unsafe_path). */
static int open_pid_file(const char *path, int *ret_fd, bool *unsafe_path, char *why,
			 size_t whylen)
{
	int r = open_safe(path, ret_fd, why, whylen);

	*unsafe_path = r == -ENOLINK;
	if (*unsafe_path)
		r = open_relaxed(path, ret_fd);	/* why keeps the unsafe step */
	if (r < 0)
		snprintf(why, whylen, "%s", r == -EBADFD ? "not a regular file" : strerror(-r));
	return r;
}

int unitpid_read_file(const char *path, pid_t *ret_pid, bool *ret_root_owned,
		      bool *ret_unsafe_path, char *why, size_t whylen)
{
	char buf[32], *end;
	struct stat st;
	ssize_t n;
	long pid;
	int fd, r;

	snprintf(why, whylen, "cannot be read");
	r = open_pid_file(path, &fd, ret_unsafe_path, why, whylen);
	if (r < 0)
		return r;
	r = fstat(fd, &st) < 0 ? -errno : S_ISREG(st.st_mode) ? 0 : -EBADFD;
	if (r < 0) {
		snprintf(why, whylen, "%s", r == -EBADFD ? "not a regular file" : strerror(-r));
		close(fd);
		return r;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -EIO;
	}
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	end += strspn(end, " \t\n");
	if (errno || end == buf || *end || pid <= 0 || pid > INT_MAX) {
		snprintf(why, whylen, "holds no pid");
		return -EINVAL;
	}
	*ret_pid = (pid_t)pid;
	*ret_root_owned = st.st_uid == 0;
	return 0;
}
