/* SPDX-License-Identifier: MIT */
/*
 * The main command of entrypoint mode (`tend -- CMD`): spawn it, forward
 * signals to it, give it the terminal's foreground, and when it ends, give
 * leftover processes SIGTERM, a grace period and SIGKILL before tend exits
 * with the command's status (128+S for a death by signal S).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "signame.h"
#include "entry.h"
#include "log.h"
#include "notify.h"
#include "opts.h"
#include "reap.h"
#include "spawn.h"
#include "status.h"
#include "sys.h"
#include "util.h"
#include "nofail.h"

#define ENTRY_FINAL_MS 2000	/* after SIGKILL, how long before tend exits anyway */

extern char **environ;

static void grace_timer(struct loop *l, void *data);

static void fail_status(struct entry *e, struct child_err ce)
{
	const char *stage = (unsigned)ce.stage < _CHILD_STAGE_MAX ? child_stage_name[ce.stage]
								  : "setup";

	log_err("cannot run '%s': %s: %s", e->o->cmd[0], stage, strerror(ce.errnum));
	e->reported = true;
	e->exit_code = ce.stage == CHILD_EXEC ? status_exec_errno_code(ce.errnum) : 126;
}

/* Read the exec-status pipe: a struct child_err, or EOF once execve succeeded. */
static void drain_status(struct entry *e)
{
	struct child_err ce;
	int r;

	if (e->status_fd < 0)
		return;
	while ((r = spawn_read_status(e->status_fd, &ce)) == 2) {
		char msg[200];

		log_warn("'%s': %s", e->o->cmd[0], status_child_warning(&ce, msg, sizeof(msg)));
	}
	if (r == -EAGAIN)
		return;
	if (r == 1)
		fail_status(e, ce);
	loop_del_fd(e->loop, e->status_src);
	e->status_src = NULL;
	close(e->status_fd);
	e->status_fd = -1;
}

static void status_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	(void)l;
	(void)fd;
	(void)ev;
	drain_status(data);
}

static void finish(struct entry *e)
{
	e->phase = ENTRY_DONE;
	loop_timer_cancel(e->loop, &e->grace);
	e->loop->stop = true;
}

/* The main command is gone: clean up what it left, then let tend exit. */
void entry_cleanup(struct entry *e)
{
	int n;

	if (e->tty)
		(void)tcsetpgrp(0, getpgrp());	/* give the shell its terminal back */
	e->phase = ENTRY_GRACE;
	/*
	 * No child left means no descendant left (every orphan is re-parented
	 * to tend and reaped): skip the walk of /proc that a subreaper needs.
	 */
	if (reap_all()) {
		finish(e);
		return;
	}
	n = reap_signal_descendants(SIGTERM);
	if (n > 0)
		(void)reap_signal_descendants(SIGCONT);	/* a stopped leftover can't act on TERM */
	e->phase = ENTRY_GRACE;
	if (reap_all()) {
		finish(e);
		return;
	}
	log_info("waiting up to %lld ms for leftover processes to exit",
		 (long long)e->o->grace_ms);
	if (loop_timer_arm(e->loop, &e->grace, now_ms() + e->o->grace_ms) < 0)
		grace_timer(e->loop, e);
}

static void grace_timer(struct loop *l, void *data)
{
	struct entry *e = data;

	if (e->phase == ENTRY_GRACE) {
		log_warn("leftover processes ignored SIGTERM for %lld ms: sending SIGKILL",
			 (long long)e->o->grace_ms);
		(void)reap_signal_descendants(SIGKILL);
		e->phase = ENTRY_KILLED;
		if (reap_all()) {
			finish(e);
			return;
		}
		if (loop_timer_arm(l, &e->grace, now_ms() + ENTRY_FINAL_MS) == 0)
			return;
	}
	log_warn("leftover processes survived SIGKILL (uninterruptible?): exiting anyway");
	finish(e);
}

/* A stop of the foreground job: behave like a shell's job, stop with it. */
static void job_stopped(struct entry *e, int status)
{
	if (getpid() == 1) {
		log_info("main command stopped by SIG%s; send SIGCONT to tend to resume it",
			 signame(WSTOPSIG(status)));
		e->suspended = true;
		return;
	}
	(void)tcsetpgrp(0, getpgrp());
	e->suspended = true;
	(void)kill(getpid(), SIGSTOP);	/* resumed by the parent shell's SIGCONT */
}

static void main_exited(pid_t pid, int status, void *data)
{
	struct entry *e = data;
	char how[64];

	(void)pid;
	if (WIFSTOPPED(status)) {
		if (e->tty)
			job_stopped(e, status);
		return;
	}
	if (WIFCONTINUED(status))
		return;
	drain_status(e);
	if (e->pidfd >= 0)
		close(e->pidfd);
	e->pidfd = -1;
	e->pid = 0;
	if (!e->reported)
		e->exit_code = status_exit_code(status);
	log_debug("main command %s", status_describe(status, how, sizeof(how)));
	if (e->on_main_exit) {
		if (e->tty)
			(void)tcsetpgrp(0, getpgrp());
		e->phase = ENTRY_UNITS;
		e->on_main_exit(e);
		return;
	}
	entry_cleanup(e);
}

static void forward(struct entry *e, int signo)
{
	int r;

	if (e->o->pgroup || e->tty)
		r = sys_kill(-e->pid, signo);
	else if (e->pidfd >= 0)
		r = sys_pidfd_send_signal(e->pidfd, signo);
	else
		r = sys_kill(e->pid, signo);
	if (r < 0 && errno != ESRCH)
		log_warn("forwarding SIG%s to %d: %s", signame(signo) ?: "RT", (int)e->pid,
			 strerror(errno));
}

void entry_signal(struct entry *e, const struct signalfd_siginfo *si, enum sig_action act)
{
	int signo = (int)si->ssi_signo;

	if (e->phase == ENTRY_GRACE &&
	    (signo == SIGTERM || signo == SIGINT || signo == SIGQUIT)) {
		loop_timer_arm(e->loop, &e->grace, 0);	/* impatient: go to SIGKILL now */
		return;
	}
	if (e->phase != ENTRY_RUNNING || e->pid <= 0)
		return;
	if (act == SIGACT_CONT && e->suspended) {
		e->suspended = false;
		if (e->tty)
			(void)tcsetpgrp(0, e->pid);
		(void)sys_kill(-e->pid, SIGCONT);
		return;
	}
	if (act == SIGACT_FORWARD || act == SIGACT_CONT)
		forward(e, signo);
}

void entry_reaped(struct entry *e, bool none_left)
{
	if ((e->phase == ENTRY_GRACE || e->phase == ENTRY_KILLED) && none_left)
		finish(e);
}

/* Is stdin a terminal whose foreground we hold?  Then CMD gets it. */
static bool own_foreground(void)
{
	pid_t fg;

	if (!isatty(0))
		return false;
	fg = tcgetpgrp(0);
	return fg > 0 && fg == getpgrp();
}

/* The command could not be started: nothing of it to wait for. */
static void never_ran(struct entry *e)
{
	if (e->on_main_exit) {
		e->phase = ENTRY_UNITS;
		e->on_main_exit(e);
		return;
	}
	finish(e);
}

void entry_init(struct entry *e, struct loop *l, const struct opts *o)
{
	memset(e, 0, sizeof(*e));
	e->loop = l;
	e->o = o;
	e->pidfd = e->status_fd = -1;
	loop_timer_init(&e->grace, grace_timer, e);
}

void entry_spawn(struct entry *e)
{
	const struct opts *o = e->o;
	struct loop *l = e->loop;
	struct spawn_plan p = { .tty_fd = -1, .stdio = { -1, -1, -1 } };
	struct spawn_result sr;
	int r;

	r = spawn_find_exec(o->cmd[0], getenv("PATH"), e->path, sizeof(e->path));
	if (r < 0) {
		log_err("cannot run '%s': %s", o->cmd[0], strerror(-r));
		e->exit_code = status_exec_errno_code(-r);
		never_ran(e);
		return;
	}
	e->tty = own_foreground();
	p.path = e->path;
	p.argv = o->cmd;
	p.envp = environ;
	p.new_pgrp = e->tty || o->pgroup;
	p.tty_fd = e->tty ? 0 : -1;
	reap_set_untraced(e->tty);
	r = reap_reserve(reap_watched() + 1);
	if (r == 0)
		r = spawn_start(&p, &sr);
	if (r < 0) {
		log_err("cannot start '%s': %s", o->cmd[0], strerror(-r));
		e->exit_code = 126;
		never_ran(e);
		return;
	}
	if (p.new_pgrp)
		(void)setpgid(sr.pid, sr.pid);	/* both sides set it: no race with kill(-pid) */
	e->pid = sr.pid;
	e->pidfd = sr.pidfd;
	e->status_fd = sr.status_fd;
	e->status_src = loop_add_fd(l, sr.status_fd, EPOLLIN, status_cb, e);
	(void)reap_watch(sr.pid, main_exited, e);	/* reserved above: cannot fail */
	e->phase = ENTRY_RUNNING;
	log_debug("started '%s' as pid %d", e->path, (int)sr.pid);
	ntf_up_ready("main command started");
}
