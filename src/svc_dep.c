/* SPDX-License-Identifier: MIT */
/*
 * What wanting a unit up or down means for the others: requirement
 * checks, After=/Before= waits, Conflicts=, the units a start pulls in
 * (Requires=, Wants=, BindsTo=), the units that go down or restart with
 * one (PartOf=, BindsTo=, Requires=), start-all and the ordered
 * stop-all.  Each unit re-checks itself in a deferred svc_eval_cb(),
 * woken by its neighbours' state changes (svc.c): never recursively.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "svc_priv.h"
#include "util.h"
#include "nofail.h"

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

/* ---- dependencies ---- */

static bool requirement_failed(struct svc *s, const char **ret_name)
{
	const struct dep_span sp = dep_waits(&svc_reg.need, s->idx);

	for (uint32_t k = 0; k < sp.n; k++) {
		struct svc *d = svc_reg.v[sp.v[k]];

		if (d->state == SVC_FAILED || d->in_cycle || (!d->want_up && !svc_has_processes(d))) {
			*ret_name = d->u->name;
			return true;
		}
	}
	return false;
}

static bool waits_done(struct svc *s)
{
	const struct dep_span sp = dep_waits(&svc_reg.order, s->idx);

	for (uint32_t k = 0; k < sp.n; k++)
		if (!settled(svc_reg.v[sp.v[k]]))
			return false;
	return true;
}

/* May s stop now?  Not while a unit ordered after it still runs and is stopping too. */
static bool blockers_down(struct svc *s)
{
	const struct dep_span sp = dep_blocks(&svc_reg.order, s->idx);

	for (uint32_t k = 0; k < sp.n; k++) {
		struct svc *b = svc_reg.v[sp.v[k]];

		if (!b->want_up && svc_has_processes(b))
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
	for (size_t i = 0; i < svc_reg.n; i++)
		for (char **c = svc_reg.v[i]->u->conflicts; c && *c; c++)
			if (svc_reg.v[i] != s && strcmp(*c, s->u->name) == 0 && svc_reg.v[i]->want_up)
				svc_stop(svc_reg.v[i]);
}

/* Re-check whether s should start or stop now (deferred: never recursive). */
void svc_eval_cb(struct loop *l, void *data)
{
	struct svc *s = data;
	const char *dep;

	(void)l;
	if (s->want_up && svc_has_processes(s) && s->state != SVC_STOPPING &&
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
	if ((svc_has_processes(s) || s->state == SVC_BACKOFF) && s->state != SVC_STOPPING &&
	    blockers_down(s))
		svc_feed(s, SVC_EV_STOP);
}

void svc_check_cb(struct loop *l, void *data)
{
	(void)l;
	(void)data;
	if (svc_reg.settled_fn && svc_all_settled()) {
		svc_idle_fn *fn = svc_reg.settled_fn;

		svc_reg.settled_fn = NULL;
		fn(svc_reg.settled_data);
	}
	if (svc_reg.stopping_all && svc_reg.stopped_fn) {
		for (size_t i = 0; i < svc_reg.n; i++)
			if (svc_has_processes(svc_reg.v[i]))
				return;
		svc_idle_fn *fn = svc_reg.stopped_fn;

		svc_reg.stopped_fn = NULL;
		fn(svc_reg.stopped_data);
	}
}

bool svc_all_settled(void)
{
	for (size_t i = 0; i < svc_reg.n; i++)
		if (!settled(svc_reg.v[i]))
			return false;
	return true;
}

void svc_when_settled(svc_idle_fn *fn, void *data)
{
	svc_reg.settled_fn = fn;
	svc_reg.settled_data = data;
	loop_defer(svc_reg.env.loop, &svc_reg.check);
}

/* ---- requests ---- */

/* Want s up, and the on-demand units its Wants=/Requires=/BindsTo= name. */
static void want_with_deps(struct svc *s)
{
	if (s->want_up)
		return;
	s->want_up = true;
	loop_defer(svc_reg.env.loop, &s->eval);
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
	for (size_t i = 0; i < svc_reg.n; i++)
		if (!svc_reg.v[i]->on_demand)
			want_with_deps(svc_reg.v[i]);
	loop_defer(svc_reg.env.loop, &svc_reg.check);
}

void svc_abandon_all(void)
{
	svc_reg.stopping_all = svc_reg.abandoned = true;
	for (size_t i = 0; i < svc_reg.n; i++) {
		struct svc *s = svc_reg.v[i];

		s->want_up = false;
		s->restart_now = false;
		if (s->state == SVC_BACKOFF)
			svc_feed(s, SVC_EV_STOP);	/* no restart: its timer goes */
	}
}

bool svc_abandoned(void)
{
	return svc_reg.abandoned;
}

void svc_stop_all(svc_idle_fn *done, void *data)
{
	svc_reg.stopping_all = true;
	svc_reg.stopped_fn = done;
	svc_reg.stopped_data = data;
	for (size_t i = 0; i < svc_reg.n; i++) {
		svc_reg.v[i]->want_up = false;
		svc_reg.v[i]->restart_now = false;
		loop_defer(svc_reg.env.loop, &svc_reg.v[i]->eval);
	}
	loop_defer(svc_reg.env.loop, &svc_reg.check);
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
	loop_defer(svc_reg.env.loop, &s->eval);
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
	struct walk w = { .v = malloc((svc_reg.n + 1) * sizeof(*w.v)) };

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

	if (svc_reg.stopping_all)
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
	for (size_t i = 0; i < svc_reg.n; i++) {
		struct svc *o = svc_reg.v[i];
		char **lists[] = { o->u->part_of, o->u->binds_to };

		for (size_t k = 0; k < ARRAY_SIZE(lists) && o->want_up; k++)
			for (char **c = lists[k]; c && *c; c++)
				if (strcmp(*c, s->u->name) == 0) {
					o->want_up = false;
					loop_defer(svc_reg.env.loop, &o->eval);
					break;
				}
	}
	if (s->state == SVC_FAILED) {
		svc_feed(s, SVC_EV_STOP);
		return 0;
	}
	loop_defer(svc_reg.env.loop, &s->eval);
	return 0;
}

/* Restart s alone: stop it and bring it back at once. */
int svc_restart_one(struct svc *s)
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
	for (size_t i = 0; i < svc_reg.n; i++) {
		struct svc *o = svc_reg.v[i];

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

	if (svc_reg.stopping_all)
		return -ESHUTDOWN;
	n = walk(s, restarted_with, &v);
	if (!v)
		return svc_restart_one(s);
	for (size_t i = 1; i < n; i++) {
		log_info("'%s': restarting with '%s'", v[i]->u->name, s->u->name);
		(void)svc_restart_one(v[i]);
	}
	free(v);
	return svc_restart_one(s);
}
