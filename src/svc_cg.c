/* SPDX-License-Identifier: MIT */
/*
 * A service's cgroup over its runs: made and limited before the first
 * command of a run (or run without one where the host has none), emptied
 * and removed after it from a timer, never waiting in place, and kept
 * across a restart's delay.  Split from svc_run.c; cgroup.c does the
 * files.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "leftover.h"
#include "log.h"
#include "loop.h"
#include "service.h"
#include "svc_kind.h"
#include "util.h"
#include "nofail.h"

#define CG_KEEP_MS 1000		/* a restarting unit's cgroup outlives its delay by this */

bool run_cg_kills(const struct svc *s)
{
	return s->cg && s->cg->open &&
	       (s->u->kill_mode == KILL_CONTROL_GROUP || s->u->kill_mode == KILL_MIXED);
}

/*
 * After a run: kill what is left in the unit's cgroup (KillMode=
 * control-group, mixed) and remove it, again every 20 ms from a timer
 * until it is empty; never waiting in place.
 */
static void cg_gc(struct loop *l, void *data)
{
	struct svc *s = data;
	bool kill = run_cg_kills(s);
	int r;

	if (run_active(s) || !s->cg->open)
		return;		/* a new run took the cgroup over */
	if (kill)
		(void)cg_unit_kill(s->cg, SIGKILL);
	r = cg_unit_remove(s->cg);
	if (r == 0 || (r == -EBUSY && !kill))
		return;		/* KillMode=process, none: leftovers keep it */
	if (r != -EBUSY || ++s->cg->gc_tries > 250) {
		log_warn("'%s': cgroup not removed: %s", s->u->name, strerror(-r));
		return;
	}
	(void)loop_timer_arm(l, &s->cg->gc, now_ms() + 20);
}

void run_cg_done(struct svc *s)
{
	if (!s->cg || !s->cg->open)
		return;
	s->cg->gc_tries = 0;
	/*
	 * A unit about to restart keeps its (emptied) cgroup for a while:
	 * removing and re-creating it in every hierarchy cost most of a
	 * restart.  The next start cancels the timer and takes it over.
	 */
	if (s->state == SVC_BACKOFF)
		(void)loop_timer_arm(svc_env()->loop, &s->cg->gc,
				     now_ms() + s->restart_delay_ms + CG_KEEP_MS);
	else
		cg_gc(svc_env()->loop, s);
}

/* cgroups that are missing, read-only or without a controller: run anyway. */
static bool cg_unavailable(int r)
{
	return r == -EROFS || r == -EACCES || r == -EPERM || r == -ENODEV ||
	       r == -EOPNOTSUPP || r == -ENOENT;
}

/*
 * The unit's cgroup with its limits written, for the child to join; NULL
 * to run without one.  Returns -errno (reason in why) when the kernel
 * refused a limit: that fails this start.
 */
int run_cg_prepare(struct svc *s, const struct cg_unit **ret, char *why, size_t whylen)
{
	struct cg_limits l;
	int r;

	*ret = NULL;
	if (!s->cg) {
		s->cg = malloc(sizeof(*s->cg));
		if (!s->cg)
			return 0;	/* runs, as without cgroups */
		cg_unit_init(s->cg, cg_gc, s);
	}
	loop_timer_cancel(svc_env()->loop, &s->cg->gc);
	s->cg->gc_tries = 0;
	r = cg_unit_open(s->cg, s->u, why, whylen);
	if (r < 0 && !cg_unavailable(r))
		return r;
	if (r < 0 && !s->cg->warned) {
		cg_limits_of(s->u, &l);
		if (cg_limits_any(&l) || s->u->delegate)
			log_warn("'%s': runs without its cgroup limits: %s", s->u->name, why);
		else
			log_debug("'%s': no cgroup: %s", s->u->name, why);
		s->cg->warned = true;
	}
	*ret = s->cg->open ? s->cg : NULL;
	return 0;
}

void run_release(struct svc *s)
{
	leftover_forget(s);
	if (!s->cg)
		return;
	loop_timer_cancel(svc_env()->loop, &s->cg->gc);
	if (s->cg->open)
		(void)cg_unit_remove(s->cg);
	cg_unit_fini(s->cg);
	free(s->cg);
	s->cg = NULL;
}
