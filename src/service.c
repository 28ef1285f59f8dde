/* SPDX-License-Identifier: MIT */
/*
 * The .service kind: what a run of a service is, for the registry.  The
 * table's actions become processes (svc_run.c); entering a state arms or
 * clears the service's timers and what its last run left behind; a status
 * reply shows its processes.  The registry reaches all of this only
 * through svc_kind_service (svc_kind.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "creds.h"
#include "dirs.h"
#include "leftover.h"
#include "loop.h"
#include "notify.h"
#include "service.h"
#include "svc_kind.h"
#include "svcout.h"
#include "tend/proto.h"
#include "util.h"
#include "nofail.h"

/* Type= decides when a start is complete and what an exit means. */
static void service_inputs(const struct svc *s, struct svc_inputs *in)
{
	enum service_type t = s->u->service_type;

	in->uses_notify = t == SERVICE_NOTIFY;
	in->waits_exit = t == SERVICE_ONESHOT || t == SERVICE_FORKING;
	in->remain = s->u->remain_after_exit || t == SERVICE_FORKING;
	in->remain_exited = s->u->remain_after_exit;
}

static void wd_cb(struct loop *l, void *data)
{
	struct svc *s = data;

	(void)l;
	svc_feed(s, SVC_EV_WATCHDOG);
}

static int service_load(struct svc *s)
{
	s->main_pidfd = s->status_fd = s->ctl_status_fd = -1;
	loop_timer_init(&s->wd, wd_cb, s);
	return 0;
}

static void service_act(struct svc *s, enum svc_action a)
{
	if (a == ACT_KILL)
		run_kill(s);
	else if (a == ACT_WATCHDOG)
		run_watchdog(s);
}

/* The process side of a state change. */
static void service_entered(struct svc *s, enum svc_state prev)
{
	struct loop *l = svc_env()->loop;
	const struct unit *u = s->u;

	(void)prev;
	switch (s->state) {
	case SVC_RUNNING:
		s->was_running = true;
		loop_timer_cancel(l, &s->timer);
		if (u->runtime_max_ms != UNIT_INFINITY && u->runtime_max_ms > 0)
			(void)svc_timer_arm(s, SVC_EV_RUNTIME_MAX, now_ms() + u->runtime_max_ms);
		s->wd_ms = u->watchdog_ms;
		if (s->wd_ms > 0)
			(void)loop_timer_arm(l, &s->wd, now_ms() + s->wd_ms);
		break;
	case SVC_DOWN:
	case SVC_FAILED:
		run_cleanup(s);
		dirs_cleanup(u, NULL, false);
		creds_remove(u, svc_env()->runtime_dir);
		break;
	case SVC_BACKOFF:
		run_cleanup(s);
		dirs_cleanup(u, NULL, true);	/* RuntimeDirectoryPreserve=restart */
		creds_remove(u, svc_env()->runtime_dir);
		break;
	default:
		break;
	}
}

static int service_kill(struct svc *s, int signo)
{
	return run_signal(s, signo, s->u->kill_mode == KILL_CONTROL_GROUP);
}

static void service_release(struct svc *s)
{
	loop_timer_cancel(svc_env()->loop, &s->wd);
	run_release(s);		/* its cgroup and the cgroup's timer */
	svcout_free(s->out);
	s->out = NULL;
	ntf_close(svc_env()->loop, s->ntf);
	s->ntf = NULL;
	free(s->status_text);
	s->status_text = NULL;
}

/* tend exits: close and unlink the notify socket. */
static void service_fini(struct svc *s)
{
	ntf_close(svc_env()->loop, s->ntf);
	s->ntf = NULL;
}

/* voluntary and involuntary context switches of pid, from /proc/PID/status */
static void ctxt_switches(pid_t pid, uint64_t *vol, uint64_t *invol)
{
	char path[64], buf[2048], *p;
	ssize_t n;
	int fd;

	*vol = *invol = 0;
	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	if ((p = strstr(buf, "\nvoluntary_ctxt_switches:")))
		*vol = strtoull(p + 25, NULL, 10);
	if ((p = strstr(buf, "\nnonvoluntary_ctxt_switches:")))
		*invol = strtoull(p + 28, NULL, 10);
}

static const char *sub_state(const struct svc *s)
{
	static const char *const seq[_SEQ_MAX] = {
		[SEQ_NONE] = "", [SEQ_CONDITION] = "condition", [SEQ_START_PRE] = "start-pre",
		[SEQ_START] = "start", [SEQ_START_POST] = "start-post", [SEQ_RELOAD] = "reload",
		[SEQ_STOP] = "stop", [SEQ_STOP_POST] = "stop-post",
	};

	if (s->reloading)
		return "reloading";
	if (s->seq != SEQ_NONE)
		return seq[s->seq];
	if (s->state != SVC_STOPPING && leftover_waiting(s))
		return "stop-sigterm";	/* the main process ended; its leftovers' turn */
	switch (s->state) {
	case SVC_STARTING:
		return "start";		/* waiting for exec, READY=1 or the parent's exit */
	case SVC_RUNNING:
		return s->main_pid > 0 ? "running" : "exited";
	case SVC_STOPPING:
		return s->killed ? "final-sigkill" : "stop-sigterm";
	case SVC_BACKOFF:
		return "auto-restart";
	case SVC_FAILED:
		return "failed";
	default:
		return "dead";
	}
}

/* A service's part of a status reply: its processes, output and cgroup. */
static void service_status(const struct svc *s, struct p1_buf *b, bool brief)
{
	uint64_t vol, invol, nr, usec;

	p1_put_str(b, P1_F_U_SUB, sub_state(s));
	if (brief)
		return;
	p1_put_str(b, P1_F_U_TYPE, service_type_name[s->u->service_type]);
	p1_put_u32(b, P1_F_U_MAINPID, s->main_pid > 0 ? (uint32_t)s->main_pid : 0);
	/* the last main process's end, of this run or the one before */
	if (s->have_last_exit)
		p1_put_u32(b, P1_F_U_EXIT, (uint32_t)s->last_exit);
	if (s->status_text)
		p1_put_str(b, P1_F_U_STATUS, s->status_text);
	ctxt_switches(s->main_pid, &vol, &invol);
	if (s->main_pid > 0) {
		p1_put_u64(b, P1_F_U_VCSW, vol);
		p1_put_u64(b, P1_F_U_NVCSW, invol);
	}
	if (s->out)
		p1_put_u64(b, P1_F_U_LOGDROP, svcout_dropped(s->out));
	if (s->state == SVC_BACKOFF && loop_timer_armed(&s->timer)) {
		int64_t left = s->timer.due_ms - now_ms();

		p1_put_u64(b, P1_F_U_RESTART_IN_MS, left > 0 ? (uint64_t)left : 0);
	}
	if (s->cg && s->cg->open && cg_unit_throttle(s->cg, &nr, &usec) == 0) {
		p1_put_u64(b, P1_F_U_NR_THROTTLED, nr);
		p1_put_u64(b, P1_F_U_THROTTLED_US, usec);
	}
}

const struct svc_kind svc_kind_service = {
	.suffix = ".service",
	.load = service_load,
	.inputs = service_inputs,
	.start = run_spawn,
	.stop = run_term,
	.act = service_act,
	.entered = service_entered,
	.reload = run_reload,
	.kill = service_kill,
	.status = service_status,
	.release = service_release,
	.fini = service_fini,
};
