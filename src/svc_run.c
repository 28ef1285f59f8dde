/* SPDX-License-Identifier: MIT */
/*
 * The process side of a service: spawning the main process and the control
 * commands (ExecCondition, ExecStartPre/Post, ExecReload, ExecStop,
 * ExecStopPost) one after another, reading exec-status pipes, and
 * signalling by KillMode (sd_notify messages: svc_notify.c).  It raises
 * events for the table in svc_fsm.c through svc_feed(); it never sets a
 * state itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signame.h"
#include "cgroup.h"
#include "creds.h"
#include "dirs.h"
#include "leftover.h"
#include "ids.h"
#include "log.h"
#include "notify.h"
#include "plan.h"
#include "reap.h"
#include "spawn.h"
#include "status.h"
#include "service.h"
#include "socket.h"
#include "svc_kind.h"
#include "svcout.h"
#include "sys.h"
#include "util.h"
#include "userdb.h"
#include "nofail.h"

#define SVC_LOG_RING (16 * 1024)

static const enum unit_exec_phase seq_phase[_SEQ_MAX] = {
	[SEQ_CONDITION] = EXEC_CONDITION,
	[SEQ_START_PRE] = EXEC_START_PRE,
	[SEQ_START] = EXEC_START,
	[SEQ_START_POST] = EXEC_START_POST,
	[SEQ_RELOAD] = EXEC_RELOAD,
	[SEQ_STOP] = EXEC_STOP,
	[SEQ_STOP_POST] = EXEC_STOP_POST,
};

static const char *const seq_name[_SEQ_MAX] = {
	[SEQ_NONE] = "none",
	[SEQ_CONDITION] = "ExecCondition",
	[SEQ_START_PRE] = "ExecStartPre",
	[SEQ_START] = "ExecStart",
	[SEQ_START_POST] = "ExecStartPost",
	[SEQ_RELOAD] = "ExecReload",
	[SEQ_STOP] = "ExecStop",
	[SEQ_STOP_POST] = "ExecStopPost",
};

static void seq_next(struct svc *s);
static void after_main_exit(struct svc *s);
static void stop_signal(struct svc *s);

/* The stop is over: ExecStopPost= ran and nothing of the unit is left. */
static void stop_done(struct svc *s)
{
	svc_feed(s, SVC_EV_EXIT);
}

/* A stop without a main process: its leftovers first (leftover.h). */
static void stop_leftovers(struct svc *s)
{
	if (leftover_stop(s, after_main_exit) <= 0)
		after_main_exit(s);
}

bool run_active(const struct svc *s)
{
	return s->state == SVC_STARTING || s->state == SVC_RUNNING || s->state == SVC_STOPPING;
}

static enum svc_result result_of(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return WCOREDUMP(wstatus) ? RES_CORE_DUMP : RES_SIGNAL;
	return RES_EXIT_CODE;
}

/*
 * Signal the main process: its whole cgroup (or, without one, its process
 * group: the unit's processes) or it alone.
 */
int run_signal(struct svc *s, int signo, bool group)
{
	int r = -ESRCH;

	if (group && run_cg_kills(s) && cg_unit_kill(s->cg, signo) > 0)
		return 0;	/* the main process is one of them */
	if (group && s->pgid > 0 && sys_kill(-s->pgid, signo) == 0)
		r = 0;
	if (s->main_pid > 0) {
		int k = s->main_pidfd >= 0 ? sys_pidfd_send_signal(s->main_pidfd, signo)
					   : sys_kill(s->main_pid, signo);

		if (k == 0)
			r = 0;
		else if (r < 0)
			r = -errno;
	}
	if (group && s->ctl_pid > 0)
		(void)sys_kill(-s->ctl_pid, signo);
	return r;
}

static void begin(struct svc *s, enum svc_seq q)
{
	s->seq = q;
	s->seq_idx = 0;
	seq_next(s);
}

/* Spawn one command of the unit; 0, or -errno with the reason logged. */
static int spawn_cmd(struct svc *s, const struct unit_cmd *c, bool control,
		     struct spawn_result *ret)
{
	struct plan_inputs in = {
		.main_pid = s->main_pid,
		.notify_socket = s->ntf ? ntf_path(s->ntf) : NULL,
		.watchdog_usec = s->u->watchdog_ms > 0 ? s->u->watchdog_ms * 1000 : 0,
		.out_fd = -1,
		.control = control,
		.have_exit = s->have_exit,
		.exit_status = s->exit_status,
	};
	struct plan p;
	char why[256], cwhy[200], creds[PATH_MAX];
	/* the main process runs outside any sequence */
	const char *what = s->seq == SEQ_NONE ? "ExecStart" : seq_name[s->seq];
	int lfds[64], r;
	char lnames[1024];

	if (s->seq == SEQ_STOP || s->seq == SEQ_STOP_POST)
		in.service_result = svc_result_name[s->result];
	if (!control) {	/* socket activation: the main process gets the fds */
		in.n_listen_fds = socket_fds(s, lfds, 64, lnames, sizeof(lnames));
		in.listen_fds = lfds;
		in.listen_fdnames = lnames;
	}
	in.socket_fd = socket_conn_fd(s);	/* Accept=yes: its connection, or -1 */
	in.has_socket_fd = in.socket_fd >= 0;
	if (creds_wanted(s->u) &&
	    creds_path(s->u, svc_env()->runtime_dir, creds, sizeof(creds)) == 0)
		in.creds_dir = creds;
	r = run_cg_prepare(s, &in.cg, cwhy, sizeof(cwhy));
	if (r < 0) {
		log_err("'%s': %s: cgroup: %s", s->u->name, what, cwhy);
		return r;
	}
	if (s->out && svcout_pipe(s->out, &in.out_fd) < 0)
		in.out_fd = -1;
	r = plan_build(&p, s->u, c, &in, why, sizeof(why));
	if (r == 0 && in.cg && s->u->delegate && p.sp.set_ids)
		r = cg_unit_delegate(in.cg, p.sp.uid, p.sp.gid, why, sizeof(why));
	if (r == 0) {
		r = reap_reserve(reap_watched() + 1);
		if (r == 0)
			r = spawn_start(&p.sp, ret);
		if (r < 0)
			snprintf(why, sizeof(why), "spawn: %s", strerror(-r));
	}
	plan_free(&p);
	if (in.out_fd >= 0)
		close(in.out_fd);
	if (r < 0)
		log_err("'%s': %s: %s", s->u->name, what, why);
	else if (s->out) {
		const char *exe = strrchr(c->path, '/');

		svcout_set_pid(s->out, ret->pid);
		if (!s->u->syslog_identifier)	/* systemd: the executable's name */
			svcout_set_ident(s->out, exe ? exe + 1 : c->path);
	}
	return r;
}

/* spawn_read_status(), logging each step the child went on from. */
static int read_child(const struct svc *s, int fd, const char *what, struct child_err *ce)
{
	char msg[200];
	int r;

	while ((r = spawn_read_status(fd, ce)) == 2)
		log_warn("'%s': %s: %s", s->u->name, what,
			 status_child_warning(ce, msg, sizeof(msg)));
	return r;
}

/* Read an exec-status pipe; logs a failed step.  Returns 1 when it failed. */
static int read_status(struct svc *s, int *fdp, const char *what)
{
	struct child_err ce;
	int r;

	if (*fdp < 0)
		return 0;
	r = read_child(s, *fdp, what, &ce);
	if (r == -EAGAIN)
		return 0;
	close(*fdp);
	*fdp = -1;
	if (r != 1)
		return 0;
	log_err("'%s': %s: %s: %s", s->u->name, what,
		(unsigned)ce.stage < _CHILD_STAGE_MAX ? child_stage_name[ce.stage] : "setup",
		strerror(ce.errnum));
	return 1;
}

static void drop_status_src(struct svc *s)
{
	if (s->status_src)
		loop_del_fd(svc_env()->loop, s->status_src);
	s->status_src = NULL;
}

/* The main process's exec-status pipe said r (spawn_read_status()): act on it. */
static void status_done(struct svc *s, int r, const struct child_err *ce)
{
	drop_status_src(s);
	close(s->status_fd);
	s->status_fd = -1;
	if (r == 1) {
		log_err("'%s': ExecStart: %s: %s", s->u->name,
			(unsigned)ce->stage < _CHILD_STAGE_MAX ? child_stage_name[ce->stage] : "setup",
			strerror(ce->errnum));
		s->result = RES_RESOURCES;
		return;	/* the exit (127) follows and is reported as this failure */
	}
	if (s->u->service_type == SERVICE_EXEC && s->state == SVC_STARTING && s->seq == SEQ_NONE &&
	    s->main_pid > 0)
		run_main_started(s);
}

static void status_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	struct svc *s = data;
	struct child_err ce;
	int r;

	(void)l;
	(void)ev;
	r = read_child(s, fd, "ExecStart", &ce);
	if (r != -EAGAIN)
		status_done(s, r, &ce);
}

/* A vfork-style child has decided: its pipe is read now, never watched. */
static void status_now(struct svc *s)
{
	struct child_err ce;
	int r = read_child(s, s->status_fd, "ExecStart", &ce);

	status_done(s, r == -EAGAIN ? 0 : r, &ce);
}

/* The ExecStart= process of a Type=forking unit, whose exit ends the start. */
static bool forking_parent(const struct svc *s)
{
	return s->state == SVC_STARTING && s->seq == SEQ_NONE &&
	       s->u->service_type == SERVICE_FORKING;
}

void run_main_exit_cb(pid_t pid, int status, void *data)
{
	struct svc *s = data;
	char how[64];

	if (!WIFEXITED(status) && !WIFSIGNALED(status))
		return;
	if (s->status_fd >= 0)
		status_cb(svc_env()->loop, s->status_fd, 0, s);	/* its stage first */
	if (s->main_pidfd >= 0)
		close(s->main_pidfd);
	s->main_pidfd = -1;
	s->main_pid = 0;
	log_info("'%s': process %d %s", s->u->name, (int)pid,
		 status_describe(status, how, sizeof(how)));
	if (forking_parent(s) && svc_exit_clean(s->u, status) && s->result == RES_SUCCESS) {
		run_main_started(s);	/* the daemon runs on: not the unit's exit */
		return;
	}
	s->exit_status = status;
	s->have_exit = true;
	s->last_exit = status;
	s->have_last_exit = true;
	if (!run_active(s))
		return;		/* a leftover of a run already given up */
	if (s->result == RES_SUCCESS || s->result == RES_EXIT_CODE || s->result == RES_SIGNAL)
		s->result = svc_exit_clean(s->u, status) ? RES_SUCCESS : result_of(status);
	if (s->state == SVC_STARTING && s->seq == SEQ_START) {
		if (s->result != RES_SUCCESS) {
			s->seq = SEQ_NONE;
			after_main_exit(s);
			return;
		}
		s->seq_idx++;
		seq_next(s);	/* oneshot: the next ExecStart=, or done */
		return;
	}
	if (s->seq == SEQ_STOP)
		return;		/* ExecStop still runs; it finishes the stop */
	/*
	 * RemainAfterExit=: a clean end leaves the unit active (exited), as
	 * systemd's; ExecStop=, ExecStopPost= and the leftovers' signal wait
	 * for its stop.
	 */
	if (s->state == SVC_RUNNING && s->seq == SEQ_NONE && s->u->remain_after_exit &&
	    s->result == RES_SUCCESS) {
		svc_feed(s, SVC_EV_EXIT);
		return;
	}
	/* died on its own after a start that succeeded: ExecStop= still runs */
	if (s->state == SVC_RUNNING && s->was_running && s->seq == SEQ_NONE &&
	    s->u->exec[EXEC_STOP].n && !svc_abandoned()) {
		begin(s, SEQ_STOP);
		return;
	}
	after_main_exit(s);
}

/*
 * A phase of a stop after the main process's: ExecStopPost=, then the
 * final SIGTERM to what is left.  As systemd's stop-post and final-sigterm
 * states, each gets a TimeoutStopSec= of its own, and FinalKillSignal=
 * again when that runs out.
 */
static void stop_phase(struct svc *s)
{
	int64_t t = s->u->timeout_stop_ms;

	if (s->state != SVC_STOPPING || t == UNIT_INFINITY || t <= 0)
		return;
	s->killed = false;
	(void)svc_timer_arm(s, SVC_EV_STOP_TIMEOUT, now_ms() + t);
}

/* The main process's end is dealt with: ExecStopPost=, unless abandoned. */
static void stop_post(struct svc *s)
{
	if (s->ctl_pid > 0)
		(void)sys_kill(-s->ctl_pid, SIGKILL);
	if (!svc_abandoned() && s->u->exec[EXEC_STOP_POST].n)
		stop_phase(s);
	if (svc_abandoned()) {
		s->seq = SEQ_NONE;	/* a -force action: no ExecStopPost= */
		svc_feed(s, SVC_EV_EXIT);
		return;
	}
	begin(s, SEQ_STOP_POST);
}

/*
 * What the main process left behind gets the stop signal, then
 * ExecStopPost.  When it ended on its own (not in a stop), KillMode=
 * control-group and mixed wait for them first, as systemd does; in a
 * control-group stop they had the stop signal already, and ExecStopPost=
 * waits until they are gone or the stop timer kills them.
 */
static void after_main_exit(struct svc *s)
{
	enum unit_kill_mode km = s->u->kill_mode;

	/* a stop of control-group: they had KillSignal= with the main process */
	bool later = s->state == SVC_STOPPING && km == KILL_CONTROL_GROUP && !svc_abandoned();

	loop_timer_cancel(svc_env()->loop, &s->wd);	/* nothing left to watch */
	if (leftover_settle(s, stop_post) > 0)
		return;
	/* a stop: the stop signal reached them with the main process */
	if (later && leftover_wait(s, stop_post) > 0)
		return;
	if (s->pgid > 0 && (km == KILL_CONTROL_GROUP || km == KILL_MIXED) && !later) {
		int sig = s->state == SVC_STOPPING ? SIGKILL : s->u->kill_signal;

		if (sys_kill(-s->pgid, sig) == 0 && sig != SIGKILL)
			(void)sys_kill(-s->pgid, SIGCONT);
	}
	stop_post(s);
}

static void ctl_exit_cb(pid_t pid, int status, void *data)
{
	struct svc *s = data;
	const struct unit_cmds *cs = &s->u->exec[seq_phase[s->seq]];
	bool ignore = s->seq_idx < cs->n && cs->v[s->seq_idx].flags & UNIT_CMD_IGNORE_FAILURE;
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	char how[64];

	if (!WIFEXITED(status) && !WIFSIGNALED(status))
		return;
	s->ctl_pid = 0;
	read_status(s, &s->ctl_status_fd, seq_name[s->seq]);
	if (!ok)
		log_warn("'%s': %s process %d %s%s", s->u->name, seq_name[s->seq], (int)pid,
			 status_describe(status, how, sizeof(how)), ignore ? " (ignored)" : "");
	if (!run_active(s))
		return;
	if (s->state == SVC_STOPPING && s->seq != SEQ_STOP && s->seq != SEQ_STOP_POST) {
		/* a start or reload command cut short by the stop */
		s->seq = SEQ_NONE;
		if (s->main_pid <= 0)
			stop_leftovers(s);
		return;
	}
	if (!ok && !ignore) {
		s->exit_status = status;
		if (s->seq == SEQ_CONDITION && WIFEXITED(status) && WEXITSTATUS(status) < 255) {
			s->result = RES_CONDITION;
		} else if (s->seq != SEQ_STOP && s->seq != SEQ_STOP_POST && s->seq != SEQ_RELOAD) {
			s->result = WIFSIGNALED(status) ? RES_SIGNAL : RES_EXIT_CODE;
		}
		if (s->seq != SEQ_STOP && s->seq != SEQ_STOP_POST && s->seq != SEQ_RELOAD) {
			enum svc_seq q = s->seq;

			s->seq = SEQ_NONE;
			if (q == SEQ_START_POST)
				(void)run_signal(s, SIGKILL, true);
			svc_feed(s, s->result == RES_CONDITION ? SVC_EV_EXIT : SVC_EV_EXEC_FAIL);
			return;
		}
	}
	s->seq_idx++;
	seq_next(s);
}

/*
 * sr's child is the main process now.  tend keeps no pidfd of its own
 * children: a child's pid can't be reused until tend reaps it, and the
 * reaper clears main_pid before anything else runs, so kill(main_pid) is
 * as safe as a pidfd, and 10,000 units hold 10,000 fds fewer.  Pids that
 * are not tend's children (PIDFile=, MAINPID=) still get a pidfd.
 */
static void set_main(struct svc *s, struct spawn_result *sr)
{
	if (sr->pidfd >= 0)
		close(sr->pidfd);
	s->main_pid = s->pgid = sr->pid;
	s->main_pidfd = -1;
	s->status_fd = sr->status_fd;
	if (!sr->exec_decided)
		s->status_src = loop_add_fd(svc_env()->loop, sr->status_fd, EPOLLIN, status_cb, s);
}

static void start_main(struct svc *s)
{
	const struct unit_cmds *cs = &s->u->exec[EXEC_START];
	struct spawn_result sr;

	if (s->u->service_type == SERVICE_ONESHOT) {
		begin(s, SEQ_START);
		return;
	}
	s->seq = SEQ_NONE;
	if (cs->n == 0 || spawn_cmd(s, &cs->v[0], false, &sr) < 0) {
		s->result = RES_RESOURCES;
		svc_feed(s, SVC_EV_EXEC_FAIL);
		return;
	}
	set_main(s, &sr);
	s->up_ms = now_ms();
	(void)reap_watch(sr.pid, run_main_exit_cb, s);	/* reserved in spawn_cmd */
	if (sr.exec_decided)
		status_now(s);	/* Type=exec: started, or a failed step logged */
	if (s->u->service_type == SERVICE_SIMPLE)
		run_main_started(s);
}

/* Stop watching the main process and leave it running (it is not ours). */
static void forget_main(struct svc *s)
{
	if (s->main_pid > 0)
		reap_unwatch(s->main_pid);
	if (s->main_pidfd >= 0)
		close(s->main_pidfd);
	s->main_pidfd = -1;
	s->main_pid = 0;
}

/*
 * KillMode=none: the stop signals nothing and, as systemd, waits for
 * nothing: the main process is left running, no longer the unit's.
 */
static bool leave_running(struct svc *s)
{
	if (s->u->kill_mode != KILL_NONE)
		return false;
	log_info("'%s': KillMode=none: process %d left running", s->u->name, (int)s->main_pid);
	forget_main(s);
	s->pgid = 0;
	return true;
}

/* A command list is done: go on to the next step of the start or stop. */
static void seq_done(struct svc *s)
{
	enum svc_seq q = s->seq;

	s->seq = SEQ_NONE;
	s->seq_idx = 0;
	switch (q) {
	case SEQ_CONDITION:
		begin(s, SEQ_START_PRE);
		break;
	case SEQ_START_PRE:
		start_main(s);
		break;
	case SEQ_START:
		run_main_started(s);
		break;
	case SEQ_START_POST:
		if (s->u->service_type == SERVICE_NOTIFY)
			svc_feed(s, SVC_EV_READY);
		else if (s->u->service_type == SERVICE_ONESHOT || s->u->service_type == SERVICE_FORKING)
			svc_feed(s, SVC_EV_EXIT);
		else
			svc_feed(s, SVC_EV_EXEC_OK);
		break;
	case SEQ_RELOAD:
		s->reloading = false;
		log_info("'%s': reloaded", s->u->name);
		break;
	case SEQ_STOP:
		if (s->main_pid <= 0)
			stop_leftovers(s);
		else if (!leave_running(s))
			stop_signal(s);
		else
			after_main_exit(s);
		break;
	case SEQ_STOP_POST:	/* systemd's final SIGTERM to what is left */
		if (leftover_stop(s, stop_done) <= 0)
			svc_feed(s, SVC_EV_EXIT);
		else
			stop_phase(s);
		break;
	case SEQ_NONE:
	case _SEQ_MAX:
		break;
	}
}

/* Run command seq_idx of the current list, or finish the list. */
static void seq_next(struct svc *s)
{
	const struct unit_cmds *cs = &s->u->exec[seq_phase[s->seq]];
	struct spawn_result sr;

	if (s->seq_idx >= cs->n) {
		seq_done(s);
		return;
	}
	if (spawn_cmd(s, &cs->v[s->seq_idx], s->seq != SEQ_START, &sr) < 0) {
		s->result = RES_RESOURCES;
		s->seq = SEQ_NONE;
		svc_feed(s, SVC_EV_EXEC_FAIL);
		return;
	}
	if (s->seq == SEQ_START) {	/* oneshot: each ExecStart= is the main process */
		set_main(s, &sr);
		(void)reap_watch(sr.pid, run_main_exit_cb, s);
		if (sr.exec_decided)
			status_now(s);
		return;
	}
	if (sr.pidfd >= 0)
		close(sr.pidfd);
	s->ctl_pid = sr.pid;
	s->ctl_status_fd = sr.status_fd;
	(void)reap_watch(sr.pid, ctl_exit_cb, s);
}

/* The main process counts as started for its Type=: run ExecStartPost. */
void run_main_started(struct svc *s)
{
	if (s->u->service_type == SERVICE_FORKING)
		run_find_main(s);
	begin(s, SEQ_START_POST);
}

_Static_assert((int)UNIT_SINK_KMSG == (int)SVCOUT_TO_KMSG &&
	       (int)UNIT_SINK_SYSLOG == (int)SVCOUT_TO_SYSLOG &&
	       (int)UNIT_SINK_ALSO_LOG == (int)SVCOUT_ALSO_LOG, "unit.h and svcout.h agree");

/* Lazily create what a running unit needs: output ring, notify socket. */
static void prepare(struct svc *s)
{
	const struct svc_env *env = svc_env();

	if (!s->out && (s->u->std_output == OUTPUT_LOG || s->u->std_error == OUTPUT_LOG)) {
		s->out = svcout_new(env->loop, s->u->syslog_identifier ? s->u->syslog_identifier
									: s->u->name,
				    SVC_LOG_RING);
		if (!s->out)
			log_warn("'%s': no log capture: %s", s->u->name, strerror(errno));
		else	/* daemon.info: systemd's SyslogFacility=, SyslogLevel= */
			svcout_set_sink(s->out, s->u->std_output == OUTPUT_LOG ? s->u->std_output_sink
									 : s->u->std_error_sink,
					(3 << 3) | 6);
	}
	svc_notify_open(s);
}

/* The unit's directories and credentials, before its first command; logs. */
static int prepare_files(const struct unit *u)
{
	char why[256];
	uid_t uid;
	gid_t gid;
	int r = dirs_prepare(u, NULL, why, sizeof(why));

	if (r < 0) {
		log_err("'%s': directories: %s", u->name, why);
		return r;
	}
	if (!creds_wanted(u))
		return 0;
	r = ids_of(u, &uid, &gid);
	if (r < 0) {
		log_err("'%s': credentials: their owner: %s", u->name, strerror(-r));
		return r;
	}
	r = creds_prepare(u, svc_env()->runtime_dir, uid, gid, why, sizeof(why));
	if (r < 0)
		log_err("'%s': credentials: %s", u->name, why);
	return r;
}

void run_spawn(struct svc *s)
{
	const struct unit *u;

	svc_take_next_unit(s);
	u = s->u;
	s->result = RES_SUCCESS;
	s->have_exit = s->killed = s->reloading = s->was_running = false;
	free(s->status_text);
	s->status_text = NULL;
	s->pgid = 0;
	prepare(s);
	backoff_started(&s->bcfg, &s->bst, now_ms());
	if (prepare_files(u) < 0) {
		s->result = RES_RESOURCES;
		svc_feed(s, SVC_EV_EXEC_FAIL);
		return;
	}
	if (u->timeout_start_ms != UNIT_INFINITY && u->timeout_start_ms > 0)
		(void)svc_timer_arm(s, SVC_EV_START_TIMEOUT, now_ms() + u->timeout_start_ms);
	begin(s, SEQ_CONDITION);
}

/* The stop signal to the main process (KillMode= decides who else). */
static void stop_signal(struct svc *s)
{
	int sig = s->want_up ? s->u->restart_kill_signal : s->u->kill_signal;
	bool group = s->u->kill_mode == KILL_CONTROL_GROUP;

	if (s->u->kill_mode == KILL_NONE)
		return;
	if (run_signal(s, sig, group) == 0) {
		(void)run_signal(s, SIGCONT, group);
		if (s->u->send_sighup)
			(void)run_signal(s, SIGHUP, group);
	}
}

void run_term(struct svc *s)
{
	const struct unit *u = s->u;
	int64_t t = u->timeout_stop_ms;

	loop_timer_cancel(svc_env()->loop, &s->wd);
	if (t != UNIT_INFINITY && t > 0)
		(void)svc_timer_arm(s, SVC_EV_STOP_TIMEOUT, now_ms() + t);
	else
		loop_timer_cancel(svc_env()->loop, &s->timer);
	if (s->ctl_pid > 0 && s->seq != SEQ_STOP && s->seq != SEQ_STOP_POST)
		(void)sys_kill(-s->ctl_pid, SIGTERM);
	/* the main process ended on its own and its leftovers have their signal */
	if (leftover_waiting(s))
		return;
	/* ExecStop= runs once the start completed, also for a finished oneshot */
	if (s->was_running && u->exec[EXEC_STOP].n && s->seq == SEQ_NONE && !svc_abandoned()) {
		begin(s, SEQ_STOP);
		return;
	}
	if (s->main_pid > 0 && !leave_running(s)) {
		stop_signal(s);
		return;
	}
	if (s->ctl_pid <= 0)
		stop_leftovers(s);	/* no process of its own: its leftovers, ExecStopPost */
}

void run_kill(struct svc *s)
{
	const struct unit *u = s->u;
	bool group = u->kill_mode == KILL_CONTROL_GROUP || u->kill_mode == KILL_MIXED;

	if (!s->killed && u->send_sigkill && u->kill_mode != KILL_NONE) {
		s->killed = true;
		log_warn("'%s': stop timed out: sending SIG%s", u->name,
			 signame(u->final_kill_signal) ?: "KILL");
		(void)run_signal(s, u->final_kill_signal, group);
		(void)svc_timer_arm(s, SVC_EV_STOP_TIMEOUT,
				    now_ms() + (u->timeout_stop_ms != UNIT_INFINITY ?
						u->timeout_stop_ms : 90000));
		return;
	}
	log_err("'%s': processes still running after the stop timeout; giving up on them",
		u->name);
	forget_main(s);
	if (s->ctl_pid > 0)
		reap_unwatch(s->ctl_pid);
	s->ctl_pid = 0;
	s->pgid = 0;	/* left alone, as systemd leaves them (SendSIGKILL=no) */
	s->seq = SEQ_NONE;
	svc_feed(s, SVC_EV_EXIT);
}

void run_watchdog(struct svc *s)
{
	int64_t t = s->u->timeout_abort_ms;

	log_err("'%s': watchdog timeout (no WATCHDOG=1 for %lld ms): sending SIG%s", s->u->name,
		(long long)s->wd_ms, signame(s->u->watchdog_signal) ?: "ABRT");
	(void)run_signal(s, s->u->watchdog_signal, false);
	if (t != UNIT_INFINITY && t > 0)
		(void)svc_timer_arm(s, SVC_EV_STOP_TIMEOUT, now_ms() + t);
}

/*
 * Leaving the active states: nothing of this run may stay behind, but
 * with KillMode=process its main process alone, as its cgroup is left.
 */
void run_cleanup(struct svc *s)
{
	leftover_forget(s);
	if (s->main_pid > 0 || s->pgid > 0)
		(void)run_signal(s, SIGKILL, s->u->kill_mode != KILL_PROCESS);
	if (s->ctl_pid > 0)
		(void)sys_kill(-s->ctl_pid, SIGKILL);
	if (s->status_fd >= 0) {
		drop_status_src(s);
		close(s->status_fd);
		s->status_fd = -1;
	}
	loop_timer_cancel(svc_env()->loop, &s->wd);
	s->seq = SEQ_NONE;
	s->pgid = 0;
	run_cg_done(s);
}

int run_reload(struct svc *s)
{
	if (s->state != SVC_RUNNING)
		return -EAGAIN;
	if (s->seq != SEQ_NONE)
		return -EBUSY;
	if (s->u->exec[EXEC_RELOAD].n) {
		s->reloading = true;
		begin(s, SEQ_RELOAD);
		return 0;
	}
	return run_signal(s, SIGHUP, false);
}
