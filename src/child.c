/* SPDX-License-Identifier: MIT */
/*
 * The only code that runs between clone and execve.  Async-signal-safe
 * calls only: no malloc, no stdio, no logging.  A failing step writes
 * {stage, errno} to the exec-status pipe and exits 127; the parent reads it
 * from the loop and reports it as "unit: step: errno text".
 */
#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "child.h"
#include "nofail.h"

const char *const child_stage_name[_CHILD_STAGE_MAX] = {
	[CHILD_SIGMASK] = "sigmask",
	[CHILD_SETSID] = "setsid",
	[CHILD_SETPGID] = "setpgid",
	[CHILD_TTY] = "tty",
	[CHILD_EXEC] = "exec",
};

static _Noreturn void child_fail(int fd, enum child_stage stage)
{
	struct child_err e = { .stage = stage, .errnum = errno };

	(void)!write(fd, &e, sizeof(e));	/* the parent reads it via epoll */
	_exit(127);				/* never exit(): stdio buffers are shared copies */
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
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)	/* the signalfd mask survives exec */
		child_fail(p->status_fd, CHILD_SIGMASK);
	execve(p->path, p->argv, p->envp);
	child_fail(p->status_fd, CHILD_EXEC);
}
