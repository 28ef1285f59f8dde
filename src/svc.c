/* SPDX-License-Identifier: MIT */
/*
 * The unit registry and the one place states change.  svc_feed() asks
 * the pure table in svc_fsm.c what an event means, svc_set_state() (the
 * only writer of s->state) records it, and the unit's kind (svc_kind.h:
 * service.c for .service) carries out the action.  Events raised while an
 * event is being handled are queued and handled in order, never
 * recursively.  A state change wakes the units ordered or required
 * around it; what they then do (start when what they are ordered After=
 * has settled, stop in the reverse order) is svc_dep.c's.  Loading, hot
 * reload and run-time instances are svc_load.c's (svc_priv.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "condition.h"
#include "log.h"
#include "socket.h"
#include "svc_priv.h"
#include "timer.h"
#include "tend/proto.h"
#include "util.h"
#include "nofail.h"

struct svc_reg svc_reg;

/* Every kind of unit tend has; a unit's name picks one by its suffix. */
static const struct svc_kind *const kinds[] = {
	&svc_kind_service,
	&svc_kind_target,
	&svc_kind_socket,
	&svc_kind_timer,
};

const struct svc_kind *svc_kind_of(const char *name)
{
	size_t l = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		size_t k = strlen(kinds[i]->suffix);

		if (l > k && strcmp(name + l - k, kinds[i]->suffix) == 0)
			return kinds[i];
	}
	return NULL;
}

const struct svc_env *svc_env(void)
{
	return &svc_reg.env;
}

size_t svc_count(void)
{
	return svc_reg.n;
}

struct svc *svc_at(size_t i)
{
	return i < svc_reg.n ? svc_reg.v[i] : NULL;
}

int svc_by_name(const void *a, const void *b)
{
	return strcmp((*(struct svc *const *)a)->u->name, (*(struct svc *const *)b)->u->name);
}

static int name_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(struct svc *const *)elem)->u->name);
}

struct svc *svc_find(const char *name)
{
	struct svc **p;
	char full[UNIT_NAME_MAX + 16];

	if (!strchr(name, '.')) {
		snprintf(full, sizeof(full), "%s.service", name);
		name = full;
	}
	p = bsearch(name, svc_reg.v, svc_reg.n, sizeof(*svc_reg.v), name_cmp);
	if (p)
		return *p;
	/* [Install] Alias=: with every unit enabled, its aliases are its names */
	for (size_t i = 0; svc_reg.any_alias && i < svc_reg.n; i++)
		for (char **a = svc_reg.v[i]->u->alias; a && *a; a++)
			if (strcmp(*a, name) == 0)
				return svc_reg.v[i];
	return NULL;
}

/* ---- state changes ---- */

static void queue_neighbours(struct svc *s)
{
	const struct dep_span sp[] = { dep_blocks(&svc_reg.order, s->idx),
				       dep_waits(&svc_reg.order, s->idx),
				       dep_blocks(&svc_reg.need, s->idx) };

	for (size_t j = 0; j < ARRAY_SIZE(sp); j++)
		for (uint32_t k = 0; k < sp[j].n; k++)
			loop_defer(svc_reg.env.loop, &svc_reg.v[sp[j].v[k]]->eval);
	loop_defer(svc_reg.env.loop, &svc_reg.check);
}

static void unit_action(struct svc *s, enum unit_action a, bool failed)
{
	int code = 0;

	if (a == ACTION_NONE)
		return;
	if (failed) {
		code = s->u->failure_exit_status >= 0 ? s->u->failure_exit_status : 1;
		if (s->have_exit && WIFEXITED(s->exit_status) && WEXITSTATUS(s->exit_status) &&
		    s->u->failure_exit_status < 0)
			code = WEXITSTATUS(s->exit_status);
	} else if (s->u->success_exit_status >= 0) {
		code = s->u->success_exit_status;
	}
	log_warn("'%s': %s: %s", s->u->name, failed ? "FailureAction" : "SuccessAction",
		 unit_action_name[a]);
	if (svc_reg.env.on_exit_action)
		svc_reg.env.on_exit_action(a, code, svc_reg.env.data);
}

/* OnFailure=/OnSuccess=: start the units named, as a dependency would. */
static void start_listed(struct svc *s, char **names, const char *key)
{
	for (char **n = names; n && *n; n++) {
		struct svc *o = svc_find(*n);

		if (!o) {
			log_warn("'%s': %s=%s is not loaded", s->u->name, key, *n);
			continue;
		}
		log_info("'%s': %s: starting '%s'", s->u->name, key, o->u->name);
		(void)svc_start(o);
	}
}

/*
 * The only writer of s->state; every transition is one log line.  The
 * kind's side effects come first (a service's leftovers are killed), then
 * the registry's: OnSuccess=, OnFailure=, the unit's actions, neighbours.
 */
static void svc_set_state(struct svc *s, enum svc_state next)
{
	enum svc_state prev = s->state;

	if (prev == next)
		return;
	if (next == SVC_STARTING)
		s->result = RES_SUCCESS;	/* a new run: the last one's result is history */
	s->state = next;
	s->since_ms = now_ms();
	if (s->result != RES_SUCCESS)
		log_info("'%s': %s -> %s (%s)", s->u->name, svc_state_name[prev],
			 svc_state_name[next], svc_result_name[s->result]);
	else
		log_info("'%s': %s -> %s", s->u->name, svc_state_name[prev], svc_state_name[next]);
	if (s->kind->entered)
		s->kind->entered(s, prev);
	socket_peer(s);		/* a socket's service: the socket watches or not */
	if (s->transient && (next == SVC_DOWN || next == SVC_FAILED))
		loop_defer(svc_reg.env.loop, &svc_reg.gc);
	timer_peer(s);		/* a timer's unit: OnUnit*Sec= count from now */
	switch (next) {
	case SVC_RUNNING:
		s->started_once = true;
		break;
	case SVC_DOWN:
		s->started_once = true;
		if (s->result == RES_SUCCESS && prev != SVC_BACKOFF && prev != SVC_FAILED) {
			start_listed(s, s->u->on_success, "OnSuccess");
			unit_action(s, s->u->success_action, false);
		}
		break;
	case SVC_FAILED:
		if (s->result == RES_ASSERT)
			break;	/* as systemd: the start failed, not the unit */
		start_listed(s, s->u->on_failure, "OnFailure");
		if (s->result == RES_START_LIMIT)
			unit_action(s, s->u->start_limit_action, true);
		unit_action(s, s->u->failure_action, true);
		break;
	default:
		break;
	}
	queue_neighbours(s);
}

/*
 * The table's inputs for s at now: read from the unit and the registry,
 * nothing changed (the restart budget is only looked at: it is spent by
 * ACT_ARM_RESTART, in spend()).
 */
struct svc_inputs svc_inputs_of(const struct svc *s, int64_t now)
{
	/* a stop that was asked for ends down, not failed: no restart */
	bool requested = s->state == SVC_STOPPING && s->result != RES_WATCHDOG &&
			 s->result != RES_TIMEOUT && !s->restart_now;
	struct svc_inputs in = {
		.want_up = s->want_up && !svc_reg.stopping_all && !requested,
		.exit_ok = s->result == RES_SUCCESS || s->result == RES_CONDITION,
	};

	if (s->kind->inputs)
		s->kind->inputs(s, &in);
	if (s->result == RES_CONDITION) {	/* skipped: ends down, whatever the kind */
		in.waits_exit = true;
		in.remain = in.remain_exited = false;
	}
	if (in.want_up && s->result != RES_CONDITION) {
		in.may_restart = s->restart_now ||
				 svc_restart_wanted(s->u, s->result, s->exit_status, s->have_exit);
		in.limit_hit = !s->restart_now &&
			       backoff_peek(&s->bcfg, &s->bst, now,
					    s->up_ms ? now - s->up_ms : 0) < 0;
	}
	return in;
}

/*
 * Condition*= and Assert*= of the definition this start uses, checked at
 * every start: a failed condition skips it (result condition, dependents
 * proceed), a failed assert fails it.  False when the start ends here.
 */
static bool may_start(struct svc *s)
{
	char why[512];
	int r;

	svc_take_next_unit(s);
	free(s->cond_failed);
	s->cond_failed = NULL;
	r = cond_unit(s->u, why, sizeof(why));
	if (r == COND_HOLD)
		return true;
	s->cond_failed = strdup(why);	/* for status; none without memory */
	if (r == COND_ASSERT_FAILED) {
		log_err("'%s': assertion failed: %s", s->u->name, why);
		s->result = RES_ASSERT;
		svc_feed(s, SVC_EV_EXEC_FAIL);
	} else {
		log_info("'%s': condition not met, skipped: %s", s->u->name, why);
		s->result = RES_CONDITION;
		svc_feed(s, SVC_EV_EXIT);
	}
	return false;
}

/* ACT_ARM_RESTART's budget: one restart of the start limit, the next delay. */
static void spend(struct svc *s, int64_t now)
{
	int64_t d = 0;

	if (!s->restart_now)
		d = backoff_next(&s->bcfg, &s->bst, now, s->up_ms ? now - s->up_ms : 0);
	/* d < 0 can't be: svc_inputs_of() peeked at the same budget and time */
	s->restart_delay_ms = d < 0 ? 0 : d;
}

/* The log line of a result the table chose, in the caller's words. */
static void log_result(const struct svc *s, enum svc_event ev)
{
	const struct unit *u = s->u;

	if (s->result == RES_START_LIMIT)
		log_err("'%s': start limit hit (%d starts in %lld ms): giving up", u->name,
			u->start_limit_burst, (long long)u->start_limit_interval_ms);
	else if (ev == SVC_EV_START_TIMEOUT)
		log_err("'%s': start timed out after %lld ms", u->name,
			(long long)u->timeout_start_ms);
	else if (ev == SVC_EV_RUNTIME_MAX)
		log_warn("'%s': ran for RuntimeMaxSec=%lld ms: stopping", u->name,
			 (long long)u->runtime_max_ms);
}

int svc_timer_arm(struct svc *s, enum svc_event ev, int64_t due_ms)
{
	s->timer_ev = ev;
	return loop_timer_arm(svc_reg.env.loop, &s->timer, due_ms);
}

void svc_timer_cb(struct loop *l, void *data)
{
	struct svc *s = data;

	(void)l;
	svc_feed(s, s->timer_ev);
}

static void act(struct svc *s, enum svc_action a)
{
	switch (a) {
	case ACT_NONE:
		break;
	case ACT_CANCEL_TIMER:
	case ACT_GIVE_UP:
		loop_timer_cancel(svc_reg.env.loop, &s->timer);
		break;
	case ACT_RESET_SPAWN:
		backoff_reset(&s->bst);
		/* fall through */
	case ACT_SPAWN:
		if (may_start(s))
			s->kind->start(s);
		break;
	case ACT_TERM:
		s->kind->stop(s);
		break;
	case ACT_KILL:
	case ACT_WATCHDOG:
		if (s->kind->act)
			s->kind->act(s, a);
		break;
	case ACT_ARM_RESTART:
		s->restarts++;
		s->restart_now = false;
		log_info("'%s': restarting in %lld ms", s->u->name, (long long)s->restart_delay_ms);
		if (svc_timer_arm(s, SVC_EV_RESTART_DUE, now_ms() + s->restart_delay_ms) < 0)
			svc_feed(s, SVC_EV_RESTART_DUE);	/* no room for a timer: now */
		break;
	case _ACT_MAX:
		break;
	}
}

/* Feed one event through the table; re-entrant calls are queued. */
void svc_feed(struct svc *s, enum svc_event ev)
{
	if (s->feeding) {
		if (s->nevq < ARRAY_SIZE(s->evq))
			s->evq[s->nevq++] = ev;
		else
			log_emerg("'%s': event queue full, %s dropped", s->u->name,
				  svc_event_name[ev]);
		return;
	}
	s->feeding = true;
	for (;;) {
		int64_t now = now_ms();
		struct svc_inputs in = svc_inputs_of(s, now);
		struct svc_step st = svc_next(s->state, ev, &in);

		log_debug("'%s': %s + %s -> %s, %s", s->u->name, svc_state_name[s->state],
			  svc_event_name[ev], svc_state_name[st.next], svc_action_name[st.action]);
		if (st.result != RES_KEEP) {
			s->result = st.result;	/* before the state change: its log line names it */
			log_result(s, ev);
		}
		/* before the state change too: leaving for BACKOFF keeps the cgroup for the delay */
		if (st.action == ACT_ARM_RESTART)
			spend(s, now);
		svc_set_state(s, st.next);	/* before the action: it may raise events */
		act(s, st.action);
		if (!s->nevq)
			break;
		ev = s->evq[0];
		memmove(s->evq, s->evq + 1, --s->nevq * sizeof(s->evq[0]));
	}
	s->feeding = false;
}

int svc_reload(struct svc *s)
{
	return s->kind->reload ? s->kind->reload(s) : -EOPNOTSUPP;
}

int svc_kill(struct svc *s, int signo)
{
	if (!svc_has_processes(s))
		return -ESRCH;
	return s->kind->kill ? s->kind->kill(s, signo) : -EOPNOTSUPP;
}

/* A status reply: the registry's fields, then the kind's. */
void svc_status(const struct svc *s, struct p1_buf *b, bool brief)
{
	p1_put_str(b, P1_F_UNIT, s->u->name);
	p1_put_str(b, P1_F_U_STATE, svc_state_name[s->state]);
	p1_put_u32(b, P1_F_U_WANT, s->want_up);
	if (!brief) {
		p1_put_str(b, P1_F_U_RESULT, svc_result_name[s->result]);
		if (s->u->description)
			p1_put_str(b, P1_F_U_DESC, s->u->description);
		p1_put_u64(b, P1_F_U_SINCE_MS, (uint64_t)(now_ms() - s->since_ms));
		p1_put_u32(b, P1_F_U_RESTARTS, s->restarts);
		if (s->cond_failed)
			p1_put_str(b, P1_F_U_CONDITION, s->cond_failed);
	}
	if (s->kind->status)
		s->kind->status(s, b, brief);
}

void svc_fini(void)
{
	for (size_t i = 0; i < svc_reg.n; i++)
		if (svc_reg.v[i]->kind->fini)
			svc_reg.v[i]->kind->fini(svc_reg.v[i]);
}

int svc_reset_failed(struct svc *s)
{
	backoff_reset(&s->bst);
	if (s->state != SVC_FAILED)
		return 0;
	s->want_up = false;
	s->result = RES_SUCCESS;
	svc_feed(s, SVC_EV_STOP);	/* failed -> inactive */
	return 0;
}
