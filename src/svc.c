/* SPDX-License-Identifier: MIT */
/*
 * The unit registry and the one place states change.  svc_feed() asks
 * the pure table in svc_fsm.c what an event means, svc_set_state() (the
 * only writer of s->state) records it, and the unit's kind (svc_kind.h:
 * service.c for .service) carries out the action.  Events raised while an
 * event is being handled are queued and handled in order, never
 * recursively.  Dependencies: units start when what they are ordered
 * After= has settled, and stop in the reverse order.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "condition.h"
#include "dep.h"
#include "log.h"
#include "nameset.h"
#include "reap.h"
#include "spawn.h"
#include "socket.h"
#include "svc_kind.h"
#include "timer.h"
#include "target.h"
#include "tend/proto.h"
#include "util.h"
#include "nofail.h"

static struct {
	struct svc_env env;
	struct svc **v;			/* sorted by name */
	size_t n;
	struct dep_graph order;		/* After=/Before= */
	struct dep_graph need;		/* Requires=/Requisite=/BindsTo=: later needs first */
	bool stopping_all;
	bool abandoned;		/* a -force action: nothing is stopped in order */
	svc_idle_fn *stopped_fn, *settled_fn;
	void *stopped_data, *settled_data;
	struct loop_defer check;	/* stop-all and settle completion */
	const char *const *dirs;	/* the unit directories, for instances */
	int ndirs;
	struct loop_defer gc;		/* free transient instances that ended */
	bool any_alias;			/* a unit has Alias=: svc_find() looks there too */
} reg;

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
	return &reg.env;
}

size_t svc_count(void)
{
	return reg.n;
}

struct svc *svc_at(size_t i)
{
	return i < reg.n ? reg.v[i] : NULL;
}

static int by_name(const void *a, const void *b)
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
	p = bsearch(name, reg.v, reg.n, sizeof(*reg.v), name_cmp);
	if (p)
		return *p;
	/* [Install] Alias=: with every unit enabled, its aliases are its names */
	for (size_t i = 0; reg.any_alias && i < reg.n; i++)
		for (char **a = reg.v[i]->u->alias; a && *a; a++)
			if (strcmp(*a, name) == 0)
				return reg.v[i];
	return NULL;
}

/* ---- state changes ---- */

int svc_start(struct svc *s);

static bool settled(const struct svc *s)
{
	if (!s->want_up || s->in_cycle)
		return true;
	switch (s->state) {
	case SVC_RUNNING: case SVC_FAILED:
		return true;
	case SVC_DOWN:
		return s->started_once;
	default:
		return false;
	}
}

static bool has_processes(const struct svc *s)
{
	return s->state == SVC_STARTING || s->state == SVC_RUNNING || s->state == SVC_STOPPING;
}

static void queue_neighbours(struct svc *s)
{
	const struct dep_graph *g = &reg.order;

	for (uint32_t k = g->block_off[s->idx]; k < g->block_off[s->idx + 1]; k++)
		loop_defer(reg.env.loop, &reg.v[g->block_idx[k]]->eval);
	for (uint32_t k = g->wait_off[s->idx]; k < g->wait_off[s->idx + 1]; k++)
		loop_defer(reg.env.loop, &reg.v[g->wait_idx[k]]->eval);
	g = &reg.need;
	for (uint32_t k = g->block_off[s->idx]; k < g->block_off[s->idx + 1]; k++)
		loop_defer(reg.env.loop, &reg.v[g->block_idx[k]]->eval);
	loop_defer(reg.env.loop, &reg.check);
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
	if (reg.env.on_exit_action)
		reg.env.on_exit_action(a, code, reg.env.data);
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
		loop_defer(reg.env.loop, &reg.gc);
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
		.want_up = s->want_up && !reg.stopping_all && !requested,
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
	return loop_timer_arm(reg.env.loop, &s->timer, due_ms);
}

static void timer_cb(struct loop *l, void *data)
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
		loop_timer_cancel(reg.env.loop, &s->timer);
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

/* ---- dependencies ---- */

static bool requirement_failed(struct svc *s, const char **ret_name)
{
	const struct dep_graph *g = &reg.need;

	for (uint32_t k = g->wait_off[s->idx]; k < g->wait_off[s->idx + 1]; k++) {
		struct svc *d = reg.v[g->wait_idx[k]];

		if (d->state == SVC_FAILED || d->in_cycle || (!d->want_up && !has_processes(d))) {
			*ret_name = d->u->name;
			return true;
		}
	}
	return false;
}

static bool waits_done(struct svc *s)
{
	const struct dep_graph *g = &reg.order;

	for (uint32_t k = g->wait_off[s->idx]; k < g->wait_off[s->idx + 1]; k++)
		if (!settled(reg.v[g->wait_idx[k]]))
			return false;
	return true;
}

/* May s stop now?  Not while a unit ordered after it still runs and is stopping too. */
static bool blockers_down(struct svc *s)
{
	const struct dep_graph *g = &reg.order;

	for (uint32_t k = g->block_off[s->idx]; k < g->block_off[s->idx + 1]; k++) {
		struct svc *b = reg.v[g->block_idx[k]];

		if (!b->want_up && has_processes(b))
			return false;
	}
	return true;
}

/* Starting s stops what it Conflicts= with (and what conflicts with it). */
static void stop_conflicts(struct svc *s)
{
	for (char **c = s->u->conflicts; c && *c; c++) {
		struct svc *o = svc_find(*c);

		if (o && o != s && o->want_up) {
			log_info("'%s': stopping '%s' (Conflicts=)", s->u->name, o->u->name);
			svc_stop(o);
		}
	}
	for (size_t i = 0; i < reg.n; i++)
		for (char **c = reg.v[i]->u->conflicts; c && *c; c++)
			if (reg.v[i] != s && strcmp(*c, s->u->name) == 0 && reg.v[i]->want_up)
				svc_stop(reg.v[i]);
}

/* Re-check whether s should start or stop now (deferred: never recursive). */
static void eval_cb(struct loop *l, void *data)
{
	struct svc *s = data;
	const char *dep;

	(void)l;
	if (s->want_up && has_processes(s) && s->state != SVC_STOPPING &&
	    requirement_failed(s, &dep)) {
		struct svc *d = svc_find(dep);

		if (d && !d->want_up) {	/* a required unit was stopped: stop too */
			log_info("'%s': stopping: required unit '%s' was stopped", s->u->name, dep);
			s->want_up = false;
		}
	}
	if (s->want_up) {
		if (s->state != SVC_DOWN || s->in_cycle)
			return;
		if (s->missing) {
			log_err("'%s': not started: it requires '%s', which is not loaded",
				s->u->name, s->missing);
			s->result = RES_DEPENDENCY;
			s->want_up = false;
			svc_feed(s, SVC_EV_EXEC_FAIL);
			return;
		}
		if (requirement_failed(s, &dep)) {
			if (!s->started_once)
				log_err("'%s': not started: it requires '%s', which failed or is not running",
					s->u->name, dep);
			s->result = RES_DEPENDENCY;
			s->want_up = false;
			svc_feed(s, SVC_EV_EXEC_FAIL);
			return;
		}
		if (!s->started_once && waits_done(s)) {
			stop_conflicts(s);
			svc_feed(s, SVC_EV_START);
		}
		return;
	}
	if ((has_processes(s) || s->state == SVC_BACKOFF) && s->state != SVC_STOPPING &&
	    blockers_down(s))
		svc_feed(s, SVC_EV_STOP);
}

static void check_cb(struct loop *l, void *data)
{
	(void)l;
	(void)data;
	if (reg.settled_fn && svc_all_settled()) {
		svc_idle_fn *fn = reg.settled_fn;

		reg.settled_fn = NULL;
		fn(reg.settled_data);
	}
	if (reg.stopping_all && reg.stopped_fn) {
		for (size_t i = 0; i < reg.n; i++)
			if (has_processes(reg.v[i]))
				return;
		svc_idle_fn *fn = reg.stopped_fn;

		reg.stopped_fn = NULL;
		fn(reg.stopped_data);
	}
}

bool svc_all_settled(void)
{
	for (size_t i = 0; i < reg.n; i++)
		if (!settled(reg.v[i]))
			return false;
	return true;
}

void svc_when_settled(svc_idle_fn *fn, void *data)
{
	reg.settled_fn = fn;
	reg.settled_data = data;
	loop_defer(reg.env.loop, &reg.check);
}

/* ---- requests ---- */

/* Want s up, and the on-demand units its Wants=/Requires=/BindsTo= name. */
static void want_with_deps(struct svc *s)
{
	if (s->want_up)
		return;
	s->want_up = true;
	loop_defer(reg.env.loop, &s->eval);
	char **lists[] = { s->u->wants, s->u->requires, s->u->binds_to };

	for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
		for (char **q = lists[k]; q && *q; q++) {
			struct svc *d = svc_find(*q);

			if (d && d->on_demand)
				want_with_deps(d);
		}
}

void svc_start_all(void)
{
	for (size_t i = 0; i < reg.n; i++)
		if (!reg.v[i]->on_demand)
			want_with_deps(reg.v[i]);
	loop_defer(reg.env.loop, &reg.check);
}

void svc_abandon_all(void)
{
	reg.stopping_all = reg.abandoned = true;
	for (size_t i = 0; i < reg.n; i++) {
		struct svc *s = reg.v[i];

		s->want_up = false;
		s->restart_now = false;
		if (s->state == SVC_BACKOFF)
			svc_feed(s, SVC_EV_STOP);	/* no restart: its timer goes */
	}
}

bool svc_abandoned(void)
{
	return reg.abandoned;
}

void svc_stop_all(svc_idle_fn *done, void *data)
{
	reg.stopping_all = true;
	reg.stopped_fn = done;
	reg.stopped_data = data;
	for (size_t i = 0; i < reg.n; i++) {
		reg.v[i]->want_up = false;
		reg.v[i]->restart_now = false;
		loop_defer(reg.env.loop, &reg.v[i]->eval);
	}
	loop_defer(reg.env.loop, &reg.check);
}

/* Want s up, without its dependencies: the start job of one unit. */
static void start_one(struct svc *s)
{
	s->want_up = true;
	if (s->state == SVC_STOPPING)
		s->restart_now = true;	/* a stop it asked for: come back at once after it */
	if (s->state == SVC_FAILED || s->state == SVC_BACKOFF || s->state == SVC_STOPPING) {
		svc_feed(s, SVC_EV_START);	/* a manual start forgets the history */
		return;
	}
	s->started_once = false;
	loop_defer(reg.env.loop, &s->eval);
}

/*
 * The units a start or restart of s reaches, breadth first, s first:
 * next(x, add) calls add for each neighbour of x.  Iterative and bounded
 * by the registry; *ret_v is malloc'd (NULL: only s, out of memory).
 */
typedef void walk_next_fn(struct svc *x, void (*add)(struct svc *o, void *w), void *w);

struct walk {
	struct svc **v;
	size_t n;
};

static void walk_add(struct svc *o, void *data)
{
	struct walk *w = data;

	if (o && !o->walked) {
		o->walked = true;
		w->v[w->n++] = o;
	}
}

static size_t walk(struct svc *s, walk_next_fn *next, struct svc ***ret_v)
{
	struct walk w = { .v = malloc((reg.n + 1) * sizeof(*w.v)) };

	*ret_v = w.v;
	if (!w.v)
		return 0;
	walk_add(s, &w);
	for (size_t head = 0; head < w.n; head++)
		next(w.v[head], walk_add, &w);
	for (size_t i = 0; i < w.n; i++)
		w.v[i]->walked = false;
	return w.n;
}

/* A start pulls in what the unit Requires=, Wants= and BindsTo= (systemd's start job). */
static void pulled_in(struct svc *x, void (*add)(struct svc *o, void *w), void *w)
{
	char **lists[] = { x->u->requires, x->u->wants, x->u->binds_to };

	for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
		for (char **q = lists[k]; q && *q; q++) {
			struct svc *o = svc_find(*q);

			if (o && !o->want_up)
				add(o, w);
		}
}

int svc_start(struct svc *s)
{
	struct svc **v;
	size_t n;

	if (reg.stopping_all)
		return -ESHUTDOWN;
	n = walk(s, pulled_in, &v);
	if (!v) {
		log_warn("'%s': starting without its dependencies: %s", s->u->name,
			 strerror(ENOMEM));
		start_one(s);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			log_info("'%s': pulled in by '%s'", v[i]->u->name, s->u->name);
		start_one(v[i]);
	}
	free(v);
	return 0;
}

int svc_stop(struct svc *s)
{
	s->want_up = false;
	s->restart_now = false;
	/* PartOf=s and BindsTo=s units go down with s */
	for (size_t i = 0; i < reg.n; i++) {
		struct svc *o = reg.v[i];
		char **lists[] = { o->u->part_of, o->u->binds_to };

		for (size_t k = 0; k < ARRAY_SIZE(lists) && o->want_up; k++)
			for (char **c = lists[k]; c && *c; c++)
				if (strcmp(*c, s->u->name) == 0) {
					o->want_up = false;
					loop_defer(reg.env.loop, &o->eval);
					break;
				}
	}
	if (s->state == SVC_FAILED) {
		svc_feed(s, SVC_EV_STOP);
		return 0;
	}
	loop_defer(reg.env.loop, &s->eval);
	return 0;
}

/* Restart s alone: stop it and bring it back at once. */
static int restart_one(struct svc *s)
{
	s->want_up = true;
	if (s->state == SVC_RUNNING || s->state == SVC_STARTING) {
		s->restart_now = true;
		svc_feed(s, SVC_EV_STOP);
		return 0;
	}
	return svc_start(s);
}

static bool names(char **list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/* A restart of x restarts the running units PartOf=, Requires= or BindsTo= x. */
static void restarted_with(struct svc *x, void (*add)(struct svc *o, void *w), void *w)
{
	for (size_t i = 0; i < reg.n; i++) {
		struct svc *o = reg.v[i];

		if (o != x && o->want_up && !o->restart_now &&
		    (o->state == SVC_RUNNING || o->state == SVC_STARTING) &&
		    (names(o->u->part_of, x->u->name) || names(o->u->requires, x->u->name) ||
		     names(o->u->binds_to, x->u->name)))
			add(o, w);
	}
}

int svc_restart(struct svc *s)
{
	struct svc **v;
	size_t n;

	if (reg.stopping_all)
		return -ESHUTDOWN;
	n = walk(s, restarted_with, &v);
	if (!v)
		return restart_one(s);
	for (size_t i = 1; i < n; i++) {
		log_info("'%s': restarting with '%s'", v[i]->u->name, s->u->name);
		(void)restart_one(v[i]);
	}
	free(v);
	return restart_one(s);
}

int svc_reload(struct svc *s)
{
	return s->kind->reload ? s->kind->reload(s) : -EOPNOTSUPP;
}

int svc_kill(struct svc *s, int signo)
{
	if (!has_processes(s))
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

/* ---- loading ---- */

/* FNV-1a over the unit's file and drop-ins: "changed" for a reload. */
static uint64_t hash_file(uint64_t h, const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return h ^ 0x9e3779b97f4a7c15ull;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 0x100000001b3ull;
	close(fd);
	return h;
}

static uint64_t unit_hash(const struct unit *u)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = hash_file(h, u->path);
	for (const char *p = u->instance ? u->instance : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	for (char **d = u->dropins; d && *d; d++)
		h = hash_file(h, *d);
	return h;
}

/* Backoff settings from the unit: tend's default, fixed, or systemd's steps. */
static void apply_unit(struct svc *s)
{
	const struct unit *u = s->u;

	backoff_default(&s->bcfg);
	if (u->restart_sec_set && !u->restart_steps_set && !u->restart_max_delay_set) {
		s->bcfg.base_ms = u->restart_sec_ms;	/* systemd: a fixed delay */
		s->bcfg.max_ms = 0;
	} else if (u->restart_sec_set || u->restart_steps_set || u->restart_max_delay_set) {
		s->bcfg.base_ms = u->restart_sec_ms;
		s->bcfg.max_ms = u->restart_max_delay_ms == UNIT_INFINITY ? 30000
									  : u->restart_max_delay_ms;
		s->bcfg.steps = u->restart_steps;
	}
	s->bcfg.burst = u->start_limit_burst > 0 ? (unsigned)u->start_limit_burst : 0;
	s->bcfg.interval_ms = u->start_limit_interval_ms;
}

void svc_take_next_unit(struct svc *s)
{
	if (!s->next_u)
		return;
	unit_free(s->u);
	s->u = s->next_u;
	s->next_u = NULL;
	apply_unit(s);
	log_info("'%s': now runs its new definition", s->u->name);
}

static void log_diag(const struct unit_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].kind == DIAG_ERROR)
			log_err("%s", d->v[i].text);
		else
			log_warn("%s", d->v[i].text);
	}
}

/* Units being loaded, in load order, and the set of their names. */
struct batch {
	struct svc **v;
	size_t n, cap;
	struct nameset names;
};

static bool loaded(const struct batch *b, const char *name)
{
	return nameset_has(&b->names, name);
}

static int add_unit(struct batch *b, struct unit *u)
{
	const struct svc_kind *kind = svc_kind_of(u->name);
	struct svc *s;
	int r;

	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 32;
		struct svc **nv = realloc(b->v, nc * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		b->v = nv;
		b->cap = nc;
	}
	if (nameset_add(&b->names, u->name) < 0)
		return -ENOMEM;
	if (!kind)
		return -EINVAL;	/* a name load_dir() and load_instance() never pass */
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;	/* NB: the name stays in the set: not loaded, not retried */
	s->u = u;
	s->kind = kind;
	loop_timer_init(&s->timer, timer_cb, s);
	loop_defer_init(&s->eval, eval_cb, s);
	r = kind->load ? kind->load(s) : 0;
	if (r < 0) {
		free(s);
		return r;
	}
	b->v[b->n++] = s;
	return 0;
}

struct report {
	char *p;
	size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void report(struct report *rep, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!rep || rep->len + 1 >= rep->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(rep->p + rep->len, rep->size - rep->len - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	rep->len += (size_t)n < rep->size - rep->len - 1 ? (size_t)n : rep->size - rep->len - 2;
	rep->p[rep->len++] = '\n';
	rep->p[rep->len] = '\0';
}

static int load_one(const struct unit_ctx *ctx, const char *path, const char *instance,
		    struct batch *b, struct report *rep)
{
	struct unit_diag d = { 0 };
	struct unit *u = NULL;
	int r = unit_load(path, instance, ctx, &u, &d);

	log_diag(&d);
	for (size_t i = 0; r < 0 && i < d.n; i++)
		if (d.v[i].kind == DIAG_ERROR)
			report(rep, "!%s", d.v[i].text);
	unit_diag_free(&d);
	if (r < 0) {
		log_err("%s%s%s: not loaded: %s", path, instance ? " instance " : "",
			instance ? instance : "", r == -EINVAL ? "errors above" : strerror(-r));
		return r;
	}
	if (loaded(b, u->name)) {
		unit_free(u);
		return 0;
	}
	r = add_unit(b, u);
	if (r < 0) {
		log_err("'%s': not loaded: %s", u->name, strerror(-r));
		unit_free(u);
		return r;
	}
	return 0;
}

/* "foo@.service": a template, loaded only through its instances. */
static bool is_template(const char *name)
{
	const char *at = strchr(name, '@');

	return at && at[1] == '.';
}

static int load_dir(const struct unit_ctx *ctx, const char *dir, struct batch *b,
		    struct report *rep)
{
	struct dirent **ents;
	int m = scandir(dir, &ents, NULL, alphasort);
	char path[4096];

	if (m < 0) {
		int r = -errno;

		log_err("unit directory %s: %s", dir, strerror(-r));
		report(rep, "!unit directory %s: %s", dir, strerror(-r));
		return r;
	}
	for (int i = 0; i < m; i++) {
		const char *name = ents[i]->d_name;

		if (svc_kind_of(name) && !is_template(name) && !loaded(b, name)) {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			(void)load_one(ctx, path, NULL, b, rep);
		}
		free(ents[i]);
	}
	free(ents);
	return 0;
}

/* "foo@bar.service" named by a dependency: load it from foo@.service. */
static void load_instance(const struct unit_ctx *ctx, const char *const *dirs, int ndirs,
			  const char *name, struct batch *b, struct report *rep)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	char path[4096], inst[UNIT_NAME_MAX + 1];

	if (!at || !dot || dot <= at + 1 || !svc_kind_of(name) || loaded(b, name))
		return;
	snprintf(inst, sizeof(inst), "%.*s", (int)(dot - at - 1), at + 1);
	for (int i = 0; i < ndirs; i++) {
		snprintf(path, sizeof(path), "%s/%.*s@%s", dirs[i], (int)(at - name), name, dot);
		if (access(path, R_OK) == 0) {
			(void)load_one(ctx, path, inst, b, rep);
			return;
		}
	}
}

/* The well-known targets that no file of the directories defines. */
static void load_builtins(const struct unit_ctx *ctx, const char *const *dirs, int ndirs,
			  struct batch *b)
{
	char text[256];
	const char *name;

	for (size_t i = 0; (name = target_builtin(i, text, sizeof(text))); i++) {
		struct unit_diag d = { 0 };
		struct unit *u = NULL;

		if (loaded(b, name))
			continue;
		if (unit_parse_builtin(text, name, dirs, ndirs, ctx, &u, &d) == 0 &&
		    add_unit(b, u) < 0)
			unit_free(u);
		log_diag(&d);
		unit_diag_free(&d);
	}
}

static void on_cycle(const uint32_t *m, uint32_t n, void *data)
{
	char text[1024];
	size_t off = 0;

	(void)data;
	for (uint32_t i = 0; i < n && off < sizeof(text); i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "%s%s",
					i ? " -> " : "", reg.v[m[i]]->u->name);
	if (off < sizeof(text))
		snprintf(text + off, sizeof(text) - off, " -> %s", reg.v[m[0]]->u->name);
	log_err("ordering cycle: %s; these units will not start", text);
}

/* Ordering and requirement edges between loaded units, then cycles. */
static int build_graphs(void)
{
	size_t cap = 64, ne = 0, nn = 0, ncap = 64;
	struct dep_edge *e = malloc(cap * sizeof(*e)), *ne_v = malloc(ncap * sizeof(*ne_v));
	int r = -ENOMEM;

	if (!e || !ne_v)
		goto out;
	for (size_t i = 0; i < reg.n; i++) {
		struct svc *s = reg.v[i];
		const struct unit *u = s->next_u ? s->next_u : s->u;
		char **req[] = { u->requires, u->requisite, u->binds_to };

		s->missing = NULL;
		s->in_cycle = false;
		for (char **a = u->after; a && *a; a++) {
			struct svc *d = svc_find(*a);

			if (d && (ne < cap || (e = reallocarray(e, cap *= 2, sizeof(*e)))))
				e[ne++] = (struct dep_edge){ s->idx, d->idx };
		}
		for (char **b = u->before; b && *b; b++) {
			struct svc *d = svc_find(*b);

			if (d && (ne < cap || (e = reallocarray(e, cap *= 2, sizeof(*e)))))
				e[ne++] = (struct dep_edge){ d->idx, s->idx };
		}
		for (size_t k = 0; k < ARRAY_SIZE(req); k++)
			for (char **q = req[k]; q && *q; q++) {
				struct svc *d = svc_find(*q);

				if (!d && !s->missing)
					s->missing = *q;
				if (d && (nn < ncap ||
					  (ne_v = reallocarray(ne_v, ncap *= 2, sizeof(*ne_v)))))
					ne_v[nn++] = (struct dep_edge){ s->idx, d->idx };
			}
		if (!e || !ne_v)
			goto out;
	}
	r = dep_build(&reg.order, (uint32_t)reg.n, e, ne);
	if (r == 0)
		r = dep_build(&reg.need, (uint32_t)reg.n, ne_v, nn);
	if (r == 0 && dep_find_cycles(&reg.order, on_cycle, NULL))
		for (size_t i = 0; i < reg.n; i++)
			reg.v[i]->in_cycle = reg.order.in_cycle[i];
out:
	free(e);
	free(ne_v);
	return r;
}

/*
 * Every unit of the directories, and the instances their dependencies name.
 * Returns the first directory's error: its units are unknown, not gone.
 */
static int load_all(const char *const *dirs, int ndirs, struct svc ***v, size_t *n,
		    struct report *rep)
{
	struct batch b = { 0 };
	struct unit_ctx ctx;
	size_t before;
	int r = 0;

	unit_ctx_host(&ctx);
	ctx.runtime_dir = reg.env.runtime_dir;
	for (int i = 0; i < ndirs; i++) {
		int k = load_dir(&ctx, dirs[i], &b, rep);

		if (k < 0 && r == 0)
			r = k;
	}
	load_builtins(&ctx, dirs, ndirs, &b);
	do {	/* instances named by dependencies, which may name more */
		before = b.n;
		for (size_t i = 0; i < before; i++) {
			struct unit *u = b.v[i]->u;
			char **lists[] = { u->wants, u->requires, u->requisite, u->binds_to };

			for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
				for (char **q = lists[k]; q && *q; q++)
					load_instance(&ctx, dirs, ndirs, *q, &b, rep);
		}
	} while (b.n != before);
	nameset_free(&b.names);
	*v = b.v;
	*n = b.n;
	return r;
}

static void gc_cb(struct loop *l, void *data);

/* Does any unit have an Alias=?  Else svc_find() need not look for one. */
static void note_aliases(void)
{
	reg.any_alias = false;
	for (size_t i = 0; i < reg.n && !reg.any_alias; i++)
		reg.any_alias = reg.v[i]->u->alias && reg.v[i]->u->alias[0];
}

int svc_load(const struct svc_env *env, const char *const *dirs, int ndirs)
{
	reg.env = *env;
	reg.dirs = dirs;
	reg.ndirs = ndirs;
	loop_defer_init(&reg.gc, gc_cb, NULL);
	loop_defer_init(&reg.check, check_cb, NULL);
	(void)load_all(dirs, ndirs, &reg.v, &reg.n, NULL);	/* logged; a reload retries */
	if (reg.n)
		qsort(reg.v, reg.n, sizeof(*reg.v), by_name);
	for (size_t i = 0; i < reg.n; i++) {
		reg.v[i]->idx = (uint32_t)i;
		reg.v[i]->hash = unit_hash(reg.v[i]->u);
		apply_unit(reg.v[i]);
	}
	reap_reserve(reg.n * 2 + 8);
	loop_timer_reserve(reg.env.loop, (uint32_t)(reg.n * 2 + 8));
	/* a running unit holds up to ~4 fds (pidfd, output and exec-status pipes, socket) */
	if (spawn_reserve_fds(reg.n * 4 + 256) < 0)
		log_warn("fd limit too low for %zu units: %s", reg.n, strerror(EMFILE));
	log_info("loaded %zu units", reg.n);
	note_aliases();
	socket_link_all();
	timer_link_all();
	return build_graphs();
}

void svc_fini(void)
{
	for (size_t i = 0; i < reg.n; i++)
		if (reg.v[i]->kind->fini)
			reg.v[i]->kind->fini(reg.v[i]);
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

/* ---- hot reload ---- */

/*
 * The reloaded unit named like s, walking sorted (nv by name) with *k in
 * step with reg.v, which is sorted too: a merge, O(N) for the whole diff.
 */
static struct svc *next_match(struct svc **sorted, size_t nn, size_t *k, const struct svc *s)
{
	int c = 1;

	while (*k < nn && (c = strcmp(sorted[*k]->u->name, s->u->name)) < 0)
		(*k)++;
	return *k < nn && c == 0 ? sorted[(*k)++] : NULL;
}

/* A file of the directories that exists but did not load: keep the old unit. */
static bool file_present(const char *const *dirs, int ndirs, const struct svc *s)
{
	const char *base = strrchr(s->u->path, '/');

	base = base ? base + 1 : s->u->path;
	for (int i = 0; i < ndirs; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dirs[i], base);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

static void svc_free(struct svc *s)
{
	if (reg.env.on_free)
		reg.env.on_free(s);	/* tendctl logs -f of s ends, never reads freed memory */
	if (s->kind->release)
		s->kind->release(s);
	loop_timer_cancel(reg.env.loop, &s->timer);
	unit_free(s->next_u);
	unit_free(s->u);
	free(s->cond_failed);
	free(s);
}

/* Apply one reloaded unit n to the old unit s (same name). */
static void apply_changed(struct svc *s, struct svc *n, struct report *rep)
{
	unit_free(s->next_u);
	s->next_u = n->u;
	s->hash = n->hash;
	s->removed = false;
	n->u = NULL;
	report(rep, "changed %s", s->u->name);
	s->want_up = true;
	if (has_processes(s) || s->state == SVC_BACKOFF) {
		(void)restart_one(s);	/* the new definition is taken at the spawn */
		return;
	}
	svc_take_next_unit(s);
	s->started_once = false;
	backoff_reset(&s->bst);
	if (s->state == SVC_FAILED)
		svc_feed(s, SVC_EV_STOP);
	loop_defer(reg.env.loop, &s->eval);
}

int svc_reload_units(const char *const *dirs, int ndirs, char *text, size_t size)
{
	struct report rep = { .p = text, .size = size };
	struct svc **nv = NULL, **all, **sorted = NULL;
	size_t nn = 0, keep = 0, k = 0;
	int r;

	text[0] = '\0';
	reg.dirs = dirs;
	reg.ndirs = ndirs;
	r = load_all(dirs, ndirs, &nv, &nn, &rep);
	if (r < 0) {	/* an unreadable directory would remove all its units */
		report(&rep, "!units left as they were");
		goto out;
	}
	for (size_t i = 0; i < nn; i++)
		nv[i]->hash = unit_hash(nv[i]->u);
	/* nv keeps load order (the "added" lines); the merge walks a sorted copy */
	if (nn && !(sorted = malloc(nn * sizeof(*sorted)))) {
		r = -ENOMEM;
		goto out;
	}
	if (nn) {
		memcpy(sorted, nv, nn * sizeof(*sorted));
		qsort(sorted, nn, sizeof(*sorted), by_name);
	}
	for (size_t i = 0; i < reg.n; i++) {
		struct svc *s = reg.v[i], *n;

		if (s->transient)
			continue;	/* a connection's instance: not in the directories */
		n = next_match(sorted, nn, &k, s);
		if (!n && !s->removed && file_present(dirs, ndirs, s)) {
			report(&rep, "!%s: kept its old definition (the file has errors)", s->u->name);
		} else if (!n && !s->removed) {
			report(&rep, "removed %s", s->u->name);
			s->removed = true;
			(void)svc_stop(s);
		} else if (n && n->hash != s->hash) {
			apply_changed(s, n, &rep);
		}
		if (n)
			n->removed = true;	/* matched: not new */
	}
	all = realloc(reg.v, (reg.n + nn + 1) * sizeof(*all));
	if (!all) {
		r = -ENOMEM;
		goto out;
	}
	reg.v = all;
	for (size_t i = 0; i < nn; i++) {
		if (nv[i]->removed) {
			svc_free(nv[i]);
			continue;
		}
		report(&rep, "added %s", nv[i]->u->name);
		nv[i]->want_up = !reg.stopping_all && !nv[i]->on_demand;
		apply_unit(nv[i]);
		reg.v[reg.n++] = nv[i];
		loop_defer(reg.env.loop, &nv[i]->eval);
	}
	nn = 0;
	/* units removed earlier and down by now are freed */
	for (size_t i = 0; i < reg.n; i++) {
		struct svc *s = reg.v[i];

		if (s->removed && !has_processes(s) && s->state != SVC_BACKOFF && !s->eval.queued &&
		    !loop_timer_armed(&s->timer) && !s->feeding) {
			svc_free(s);
			continue;
		}
		reg.v[keep++] = s;
	}
	reg.n = keep;
	qsort(reg.v, reg.n, sizeof(*reg.v), by_name);
	for (size_t i = 0; i < reg.n; i++)
		reg.v[i]->idx = (uint32_t)i;
	dep_free(&reg.order);
	dep_free(&reg.need);
	(void)reap_reserve(reg.n * 2 + 8);
	(void)loop_timer_reserve(reg.env.loop, (uint32_t)(reg.n * 2 + 8));
	note_aliases();
	r = build_graphs();
	socket_link_all();
	timer_link_all();
	loop_defer(reg.env.loop, &reg.check);
	log_info("reloaded units: %zu loaded", reg.n);
out:
	for (size_t i = 0; i < nn; i++)
		svc_free(nv[i]);
	free(nv);
	free(sorted);
	return r;
}

/* ---- instances made at run time (Accept=yes: one per connection) ---- */

static bool gone(const struct svc *s)
{
	return s->transient && (s->state == SVC_DOWN || s->state == SVC_FAILED) &&
	       !s->eval.queued && !loop_timer_armed(&s->timer) && !s->feeding;
}

/* Free the transient instances that ended; the rest keep their order. */
static void gc_cb(struct loop *l, void *data)
{
	size_t keep = 0, n = reg.n;

	(void)l;
	(void)data;
	for (size_t i = 0; i < n; i++) {
		if (gone(reg.v[i])) {
			svc_free(reg.v[i]);
			continue;
		}
		reg.v[keep] = reg.v[i];
		reg.v[keep]->idx = (uint32_t)keep;
		keep++;
	}
	if (keep == n)
		return;
	reg.n = keep;
	dep_free(&reg.order);
	dep_free(&reg.need);
	if (build_graphs() < 0)
		log_err("dependencies after freeing instances: %s", strerror(ENOMEM));
}

struct svc *svc_add_instance(const char *template_name, const char *instance)
{
	struct unit_diag d = { 0 };
	struct unit_ctx ctx;
	struct unit *u = NULL;
	struct svc *s, **nv;
	char path[4096];
	size_t at;
	int i, r = -ENOENT;

	for (i = 0; i < reg.ndirs; i++) {
		snprintf(path, sizeof(path), "%s/%s", reg.dirs[i], template_name);
		if (access(path, R_OK) == 0)
			break;
	}
	if (i < reg.ndirs) {
		unit_ctx_host(&ctx);
		ctx.runtime_dir = reg.env.runtime_dir;
		r = unit_load(path, instance, &ctx, &u, &d);
		log_diag(&d);
		unit_diag_free(&d);
	}
	if (r == 0 && svc_find(u->name))
		r = -EEXIST;
	s = r == 0 ? calloc(1, sizeof(*s)) : NULL;
	nv = s ? realloc(reg.v, (reg.n + 1) * sizeof(*nv)) : NULL;
	if (nv)
		reg.v = nv;
	if (!nv) {
		log_err("'%s' instance %s: %s", template_name, instance,
			strerror(r < 0 ? -r : ENOMEM));
		free(s);
		unit_free(u);
		return NULL;
	}
	s->u = u;
	s->kind = svc_kind_of(u->name);
	s->transient = s->on_demand = true;
	loop_timer_init(&s->timer, timer_cb, s);
	loop_defer_init(&s->eval, eval_cb, s);
	if (!s->kind || (s->kind->load && s->kind->load(s) < 0)) {
		log_err("'%s': not loaded", u->name);
		unit_free(u);
		free(s);
		return NULL;
	}
	s->hash = unit_hash(u);
	apply_unit(s);
	for (at = 0; at < reg.n && strcmp(reg.v[at]->u->name, u->name) < 0; at++)
		;
	memmove(reg.v + at + 1, reg.v + at, (reg.n - at) * sizeof(*reg.v));
	reg.v[at] = s;
	reg.n++;
	for (size_t k = 0; k < reg.n; k++)
		reg.v[k]->idx = (uint32_t)k;
	dep_free(&reg.order);
	dep_free(&reg.need);
	(void)reap_reserve(reg.n * 2 + 8);
	(void)loop_timer_reserve(reg.env.loop, (uint32_t)(reg.n * 2 + 8));
	reg.any_alias |= u->alias && u->alias[0];
	if (build_graphs() < 0)
		log_err("'%s': dependencies: %s", u->name, strerror(ENOMEM));
	return s;
}
