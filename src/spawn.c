/* SPDX-License-Identifier: MIT */
/*
 * Spawning: clone3() with CLONE_PIDFD (fork semantics: stack = 0), so tend
 * keeps a pidfd for every child and never signals a recycled pid.  Falls
 * back to fork() where clone3 is missing.  The exec-status pipe is
 * close-on-exec: EOF means execve() succeeded, a struct child_err means a
 * setup step failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spawn.h"
#include "sys.h"
#include "nofail.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Write one /proc/PID/ file of a child; 0 or -errno. */
static int write_proc(pid_t pid, const char *file, const char *val)
{
	char path[64];
	int fd, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/*
 * PrivateUsers: map the child's ids, then let it go on.  It blocks in
 * read() until then, so the maps are in place before its first setresuid();
 * a failure travels to the child, which reports it as its userns step.
 */
static void userns_go(const struct spawn_plan *p, pid_t pid)
{
	int32_t e = -write_proc(pid, "uid_map", p->uid_map);

	if (e == 0)
		e = -write_proc(pid, "gid_map", p->gid_map);
	(void)!write(p->userns_wr, &e, sizeof(e));	/* a pipe: never blocks for 4 bytes */
}

int spawn_start(struct spawn_plan *p, struct spawn_result *ret)
{
	struct clone_args ca = { 0 };
	int pfd[2], pidfd = -1;
	long pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	p->status_fd = pfd[1];
	ca.flags = CLONE_PIDFD | p->clone_flags;
	ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	if (p->into_cgroup) {
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)p->cgroup_fd;
	}
	pid = sys_clone3(&ca, sizeof(ca));
	if (pid < 0 && p->into_cgroup && (errno == EINVAL || errno == E2BIG)) {
		/* a kernel before 5.7: the child writes cgroup.procs instead */
		p->into_cgroup = false;
		ca.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
		ca.cgroup = 0;
		pid = sys_clone3(&ca, sizeof(ca));
	}
	if (pid < 0 && errno == ENOSYS && !p->clone_flags) {
		p->into_cgroup = false;
		pidfd = -1;
		pid = fork();
	}
	if (pid == 0) {
		if (p->has_userns)
			close(p->userns_wr);
		child_exec(p);
	}
	if (pid < 0) {
		int r = -errno;

		close(pfd[0]);
		close(pfd[1]);
		return r;
	}
	close(pfd[1]);
	if (p->has_userns)
		userns_go(p, (pid_t)pid);
	if (pidfd >= 0)
		(void)fcntl(pidfd, F_SETFD, FD_CLOEXEC);
	(void)fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	ret->pid = (pid_t)pid;
	ret->pidfd = pidfd;
	ret->status_fd = pfd[0];
	return 0;
}

int spawn_read_status(int fd, struct child_err *ret_err)
{
	for (;;) {
		ssize_t n = read(fd, ret_err, sizeof(*ret_err));

		if (n == (ssize_t)sizeof(*ret_err))
			return 1;
		if (n >= 0)
			return 0;	/* EOF, or a short write that can't be trusted */
		if (errno == EINTR)
			continue;
		return errno == EAGAIN ? -EAGAIN : 0;
	}
}

/* 0 when path is a regular executable file, else -errno as execve would say. */
static int check_exec(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EACCES;
	if (access(path, X_OK) < 0)
		return -errno;
	return 0;
}

int spawn_find_exec(const char *name, const char *path_env, char *buf, size_t size)
{
	const char *p;
	int r, seen_eacces = 0;

	if (!name || !*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (strlen(name) >= size)
			return -ENAMETOOLONG;
		strcpy(buf, name);
		return check_exec(name);
	}
	if (!path_env)
		path_env = DEFAULT_PATH;
	for (p = path_env;; p++) {
		const char *end = strchrnul(p, ':');
		int n = end == p ? snprintf(buf, size, "%s", name)	/* empty entry: cwd */
				 : snprintf(buf, size, "%.*s/%s", (int)(end - p), p, name);

		if (n > 0 && (size_t)n < size) {
			r = check_exec(buf);
			if (r == 0)
				return 0;
			if (r == -EACCES)
				seen_eacces = 1;
		}
		if (!*end)
			break;
		p = end;
	}
	return seen_eacces ? -EACCES : -ENOENT;
}
