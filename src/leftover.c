/* SPDX-License-Identifier: MIT */
/*
 * What a unit without a main process leaves behind at its stop (a oneshot
 * with RemainAfterExit=yes that started a daemon, a forking unit whose
 * main pid could not be guessed): systemd sends KillSignal= to the unit's
 * cgroup and waits until it is empty, or TimeoutStopSec=, before the
 * final SIGKILL.  tend does the same without waiting in place.  The same
 * wait follows a main process that ended on its own (leftover_settle()),
 * with its own deadline, since the unit's timer is not a stop timer then.
 *
 * "Empty" needs an event.  Every leftover is re-parented to tend (PID 1
 * or a subreaper) and reaped by it, so each reaped orphan re-checks the
 * units that wait: this works on cgroup v1, v2 and with the process-group
 * fallback alike, where cgroup.events (v2 only) would not.  A process tend
 * does not reap (one moved into the cgroup from outside) is caught by a
 * 1 s backstop timer that runs only while some unit waits.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "leftover.h"
#include "log.h"
#include "reap.h"
#include "signame.h"
#include "svc.h"
#include "svc_kind.h"
#include "sys.h"
#include "util.h"
#include "nofail.h"

#define LEFTOVER_POLL_MS 1000	/* the backstop's period */

struct waiter {
	struct svc *s;
	leftover_fn *then;
	int64_t due_ms;		/* a settle's deadline (TimeoutStopSec=); 0 none */
	bool killed;		/* a settle sent FinalKillSignal= */
};

static struct {
	struct waiter *v;
	size_t n, cap;
	struct loop_timer poll;
	bool timer_init;
} lo;

/* Send sig to what is left of s; true when some process got it. */
static bool signal_left(struct svc *s, int sig)
{
	if (s->cg && s->cg->open)
		return cg_unit_kill(s->cg, sig) > 0;
	return s->pgid > 0 && sys_kill(-s->pgid, sig) == 0;
}

/* Nothing of s is left (an error reading its cgroup counts as nothing). */
static bool gone(const struct svc *s)
{
	if (s->cg && s->cg->open)
		return cg_unit_populated(s->cg) <= 0;
	return s->pgid <= 0 || (kill(-s->pgid, 0) < 0 && errno == ESRCH);
}

static void poll_cb(struct loop *l, void *data);

/* The backstop, or a settle's deadline when that comes first. */
static void arm_poll(void)
{
	struct loop *l = svc_env()->loop;
	int64_t due = now_ms() + LEFTOVER_POLL_MS;

	if (!lo.timer_init) {
		loop_timer_init(&lo.poll, poll_cb, NULL);
		lo.timer_init = true;
	}
	for (size_t i = 0; i < lo.n; i++)
		if (lo.v[i].due_ms > 0 && lo.v[i].due_ms < due)
			due = lo.v[i].due_ms;
	if (!loop_timer_armed(&lo.poll) || due < lo.poll.due_ms)
		(void)loop_timer_arm(l, &lo.poll, due);
}

static int add(struct svc *s, leftover_fn *then, int64_t due_ms)
{
	if (lo.n == lo.cap) {
		size_t cap = lo.cap ? lo.cap * 2 : 8;
		struct waiter *v = realloc(lo.v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		lo.v = v;
		lo.cap = cap;
	}
	lo.v[lo.n++] = (struct waiter){ .s = s, .then = then, .due_ms = due_ms };
	reap_set_orphan_fn(leftover_reaped);
	arm_poll();
	return 0;
}

/* Wait for what is left of s; 1, or 0 when out of memory (said). */
static int wait_for(struct svc *s, leftover_fn *then, int64_t due_ms)
{
	if (add(s, then, due_ms) < 0) {
		log_warn("'%s': cannot wait for its processes: %s", s->u->name, strerror(ENOMEM));
		return 0;
	}
	return 1;
}

/*
 * sig (then SIGCONT, and SIGHUP with SendSIGHUP= when hup) to what is
 * left of s, and a wait for it: 1, or 0 when nothing is left to wait for.
 */
static int signal_and_wait(struct svc *s, int sig, bool hup, leftover_fn *then, int64_t due_ms)
{
	leftover_forget(s);
	if (!signal_left(s, sig))
		return 0;	/* nothing was left */
	if (sig != SIGCONT && sig != SIGKILL)
		(void)signal_left(s, SIGCONT);
	if (hup && s->u->send_sighup && sig != SIGHUP)
		(void)signal_left(s, SIGHUP);
	if (gone(s))
		return 0;
	return wait_for(s, then, due_ms);
}

int leftover_stop(struct svc *s, leftover_fn *then)
{
	int sig = s->want_up ? s->u->restart_kill_signal : s->u->kill_signal;

	if (s->state != SVC_STOPPING || s->u->kill_mode != KILL_CONTROL_GROUP || svc_abandoned())
		return 0;
	if (signal_and_wait(s, sig, true, then, 0) <= 0)
		return 0;
	log_info("'%s': no main process: sent SIG%s to the processes left, waiting for them",
		 s->u->name, signame(sig) ?: "?");
	return 1;
}

int leftover_settle(struct svc *s, leftover_fn *then)
{
	const struct unit *u = s->u;
	bool mixed = u->kill_mode == KILL_MIXED;
	int sig = mixed ? u->final_kill_signal : u->kill_signal;
	int64_t t = u->timeout_stop_ms;

	if (s->state == SVC_STOPPING || svc_abandoned() || (mixed && !u->send_sigkill) ||
	    (u->kill_mode != KILL_CONTROL_GROUP && !mixed))
		return 0;
	if (signal_and_wait(s, sig, !mixed, then, t != UNIT_INFINITY && t > 0 ? now_ms() + t : 0) <= 0)
		return 0;
	lo.v[lo.n - 1].killed = mixed;	/* FinalKillSignal= is sent already */
	log_info("'%s': main process gone: sent SIG%s to the processes left, waiting for them",
		 u->name, signame(sig) ?: "?");
	return 1;
}

int leftover_wait(struct svc *s, leftover_fn *then)
{
	if (s->state != SVC_STOPPING || s->u->kill_mode != KILL_CONTROL_GROUP || svc_abandoned() ||
	    gone(s))
		return 0;
	leftover_forget(s);
	if (!wait_for(s, then, 0))
		return 0;
	log_debug("'%s': main process gone: waiting for the processes left", s->u->name);
	return 1;
}

bool leftover_waiting(const struct svc *s)
{
	for (size_t i = 0; i < lo.n; i++)
		if (lo.v[i].s == s)
			return true;
	return false;
}

/*
 * A settle ran out of TimeoutStopSec=: FinalKillSignal= and as long
 * again, as systemd's stop-sigkill; then (or with SendSIGKILL=no) the
 * unit goes on without them.  True when w is done waiting.
 */
static bool overdue(struct waiter *w, int64_t now)
{
	const struct unit *u = w->s->u;

	if (w->due_ms <= 0 || now < w->due_ms)
		return false;
	if (!w->killed && u->send_sigkill) {
		log_warn("'%s': processes left did not exit in time: sending SIG%s", u->name,
			 signame(u->final_kill_signal) ?: "KILL");
		(void)signal_left(w->s, u->final_kill_signal);
		w->killed = true;
		w->due_ms = now + u->timeout_stop_ms;
		return false;
	}
	log_err("'%s': processes still running after the stop timeout; going on without them",
		u->name);
	return true;
}

void leftover_forget(struct svc *s)
{
	for (size_t i = 0; i < lo.n; i++) {
		if (lo.v[i].s != s)
			continue;
		lo.v[i] = lo.v[--lo.n];
		break;
	}
	if (lo.n == 0 && lo.timer_init)
		loop_timer_cancel(svc_env()->loop, &lo.poll);
}

/*
 * Hand the units whose leftovers are gone back to the stop.  then() may
 * start or end other waits (a stop pulls others down): each one found is
 * taken off the list first and the scan starts over.
 */
static void check(void)
{
	size_t i = 0;
	int64_t now = now_ms();

	while (i < lo.n) {
		struct waiter w;

		if (!gone(lo.v[i].s) && !overdue(&lo.v[i], now)) {
			i++;
			continue;
		}
		w = lo.v[i];
		lo.v[i] = lo.v[--lo.n];
		w.then(w.s);
		i = 0;
	}
	if (lo.n == 0 && lo.timer_init)
		loop_timer_cancel(svc_env()->loop, &lo.poll);
}

void leftover_reaped(pid_t pid)
{
	(void)pid;
	if (lo.n > 0)
		check();
}

static void poll_cb(struct loop *l, void *data)
{
	(void)l;
	(void)data;
	check();
	if (lo.n > 0)
		arm_poll();
}
