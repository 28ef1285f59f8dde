/* SPDX-License-Identifier: MIT */
/*
 * A service's sd_notify side: its NOTIFY_SOCKET, made on the first start
 * of a unit that speaks the protocol, and what its messages do (READY=,
 * RELOADING=, STATUS=, MAINPID=, WATCHDOG=, EXTEND_TIMEOUT_USEC=) once
 * NotifyAccess= lets them through.  Like svc_run.c, it raises events
 * through svc_feed() and never sets a state itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "notify.h"
#include "service.h"
#include "svc_kind.h"
#include "svcout.h"
#include "unitpid.h"
#include "util.h"
#include "nofail.h"

#define SVC_STATUS_MAX 255	/* bytes of a STATUS= text kept for tendctl status */

static void watchdog_rearm(struct svc *s)
{
	if (s->wd_ms > 0 && s->state == SVC_RUNNING)
		(void)loop_timer_arm(svc_env()->loop, &s->wd, now_ms() + s->wd_ms);
}

/* One message from the unit's socket: acted on if NotifyAccess= lets it through. */
static void ntf_cb(void *data, const struct ntf_msg *m, const struct ucred *cred)
{
	struct svc *s = data;
	struct unitpid_owner o;
	char why[96];

	/* by the sender's pid, whatever its uid (unitpid.h) */
	run_owner_of(s, &o);
	if (!ntf_access_ok(s->u->notify_access, cred->pid, s->main_pid, s->ctl_pid,
			   unitpid_member, &o)) {
		ntf_refused(s->ntf, NTF_REFUSED_ACCESS, "message from pid %d (uid %u) refused: "
			    "NotifyAccess=%s", (int)cred->pid, (unsigned)cred->uid,
			    notify_access_names[s->u->notify_access]);
		return;
	}
	if (m->fields & NTF_STATUS) {
		char esc[SVC_STATUS_MAX + 1];	/* data for a terminal: escaped (svcout.h) */

		free(s->status_text);	/* NULL when out of memory: no status shown */
		svcout_escape(esc, sizeof(esc), m->status, strlen(m->status));
		s->status_text = esc[0] ? strdup(esc) : NULL;
	}
	if (m->fields & NTF_MAINPID && m->main_pid != s->main_pid && run_active(s) &&
	    unitpid_check_main(&o, m->main_pid, cred->uid == 0, why, sizeof(why)) < 0) {
		ntf_refused(s->ntf, NTF_REFUSED_MAINPID, "MAINPID=%d from pid %d (uid %u) %s: "
			    "refused", (int)m->main_pid, (int)cred->pid, (unsigned)cred->uid, why);
	} else if (m->fields & NTF_MAINPID && m->main_pid != s->main_pid && run_active(s)) {
		(void)run_adopt_main(s, m->main_pid);	/* gone already: nothing to adopt */
	}
	if (m->fields & NTF_WATCHDOG_USEC) {
		s->wd_ms = (int64_t)(m->watchdog_usec / 1000);
		watchdog_rearm(s);
	}
	if (m->fields & NTF_WATCHDOG)
		watchdog_rearm(s);
	if (m->fields & NTF_WATCHDOG_TRIGGER)
		svc_feed(s, SVC_EV_WATCHDOG);
	if (m->fields & NTF_EXTEND_TIMEOUT && loop_timer_armed(&s->timer) &&
	    (s->state == SVC_STARTING || s->state == SVC_STOPPING)) {
		int64_t due = now_ms() + (int64_t)(m->extend_usec / 1000);

		if (due > s->timer.due_ms)
			(void)svc_timer_arm(s, s->timer_ev, due);
	}
	if (m->fields & NTF_RELOADING)
		s->reloading = true;
	if (m->fields & NTF_READY) {
		s->reloading = false;
		if (s->state == SVC_STARTING && s->seq == SEQ_NONE && s->u->service_type == SERVICE_NOTIFY)
			run_main_started(s);
	}
}

/* Lazily create the unit's notify socket when it speaks sd_notify. */
void svc_notify_open(struct svc *s)
{
	const struct svc_env *env = svc_env();
	bool wants_ntf = s->u->service_type == SERVICE_NOTIFY ||
			 s->u->notify_access != NOTIFY_ACCESS_NONE || s->u->watchdog_ms > 0;

	if (!s->ntf && wants_ntf) {
		/*
		 * PrivateTmp= mounts a fresh /tmp over a runtime directory under
		 * it: the abstract namespace stays reachable (PrivateNetwork= is
		 * refused with it at load), though not restricted to the user.
		 */
		bool hidden = (s->u->private_tmp || (s->u->ext && s->u->ext->dynamic_user)) &&
			      env->runtime_dir && path_in_tmp(env->runtime_dir);

		s->ntf = ntf_open(env->loop, hidden ? NULL : env->runtime_dir, s->u->name, ntf_cb,
				  s, NULL, 0);
		if (!s->ntf)
			log_warn("'%s': no NOTIFY_SOCKET: %s", s->u->name, strerror(errno));
		else if (hidden)
			log_warn("'%s': PrivateTmp= hides %s: NOTIFY_SOCKET is the abstract %s",
				 s->u->name, env->runtime_dir, ntf_path(s->ntf));
	}
}
