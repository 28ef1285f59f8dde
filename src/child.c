/* SPDX-License-Identifier: MIT */
/*
 * The only code that runs between clone and execve.  Async-signal-safe
 * calls only: no malloc, no stdio, no logging.  A failing step writes
 * {stage, errno} to the exec-status pipe and exits 127; the parent reads it
 * from the loop and reports it as "unit: step: errno text".
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "child.h"
#include "nofail.h"

const char *const child_stage_name[_CHILD_STAGE_MAX] = {
	[CHILD_SIGMASK] = "sigmask",
	[CHILD_SETSID] = "setsid",
	[CHILD_SETPGID] = "setpgid",
	[CHILD_TTY] = "tty",
	[CHILD_CHDIR] = "chdir",
	[CHILD_SETGROUPS] = "setgroups",
	[CHILD_SETGID] = "setgid",
	[CHILD_SETUID] = "setuid",
	[CHILD_STDIO] = "stdio",
	[CHILD_EXEC] = "exec",
};

static _Noreturn void child_fail(int fd, enum child_stage stage)
{
	struct child_err e = { .stage = stage, .errnum = errno };

	(void)!write(fd, &e, sizeof(e));	/* the parent reads it via epoll */
	_exit(127);				/* never exit(): stdio buffers are shared copies */
}

/* Put the planned fds on 0, 1, 2; a fd already in place loses close-on-exec. */
static int child_stdio(const struct spawn_plan *p)
{
	int moved[3];

	/* first lift every source above 2, so dup2 order can't clobber one */
	for (int i = 0; i < 3; i++) {
		moved[i] = p->stdio[i];
		if (moved[i] >= 0 && moved[i] <= 2) {
			moved[i] = fcntl(moved[i], F_DUPFD_CLOEXEC, 3);
			if (moved[i] < 0)
				return -1;
		}
	}
	for (int i = 0; i < 3; i++)
		if (moved[i] >= 0 && dup2(moved[i], i) < 0)
			return -1;
	return 0;
}

_Noreturn void child_exec(const struct spawn_plan *p)
{
	sigset_t none;

	if (p->new_session && setsid() < 0)
		child_fail(p->status_fd, CHILD_SETSID);
	if (p->new_pgrp && setpgid(0, 0) < 0)
		child_fail(p->status_fd, CHILD_SETPGID);
	/* SIGTTOU is still blocked here, so a background tend may take the tty */
	if (p->tty_fd >= 0 && tcsetpgrp(p->tty_fd, getpid()) < 0)
		child_fail(p->status_fd, CHILD_TTY);
	if (p->set_umask)
		umask(p->umask);
	if (p->cwd && chdir(p->cwd) < 0 && !(p->cwd_optional && errno == ENOENT))
		child_fail(p->status_fd, CHILD_CHDIR);
	if (p->set_ids) {
		if (setgroups(p->ngroups, p->groups) < 0)
			child_fail(p->status_fd, CHILD_SETGROUPS);
		if (setresgid(p->gid, p->gid, p->gid) < 0)
			child_fail(p->status_fd, CHILD_SETGID);
		if (setresuid(p->uid, p->uid, p->uid) < 0)
			child_fail(p->status_fd, CHILD_SETUID);
	}
	if (child_stdio(p) < 0)
		child_fail(p->status_fd, CHILD_STDIO);
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)	/* the signalfd mask survives exec */
		child_fail(p->status_fd, CHILD_SIGMASK);
	execve(p->path, p->argv, p->envp);
	child_fail(p->status_fd, CHILD_EXEC);
}
