/* SPDX-License-Identifier: MIT */
#ifndef TEND_SVC_PRIV_H
#define TEND_SVC_PRIV_H

/*
 * Private to the registry's own files: svc.c (names, the table, state
 * changes), svc_dep.c (dependencies and requests), svc_load.c (loading,
 * hot reload, run-time instances).  The unit kinds see svc_kind.h only.
 */
#include <stdbool.h>
#include <stddef.h>

#include "dep.h"
#include "loop.h"
#include "svc_kind.h"

/* The registry: every loaded unit, sorted by name, and its graphs. */
struct svc_reg {
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
};

extern struct svc_reg svc_reg;	/* svc.c */

static inline bool svc_has_processes(const struct svc *s)
{
	return s->state == SVC_STARTING || s->state == SVC_RUNNING || s->state == SVC_STOPPING;
}

/* qsort() order of svc_reg.v: by unit name (svc.c). */
int svc_by_name(const void *a, const void *b);
/* The unit's timer fired: feed the event it was armed for (svc.c). */
void svc_timer_cb(struct loop *l, void *data);

/* svc_dep.c */
/* Re-check whether a unit should start or stop (s->eval, deferred). */
void svc_eval_cb(struct loop *l, void *data);
/* Stop-all and settle completion (svc_reg.check, deferred). */
void svc_check_cb(struct loop *l, void *data);
/* Restart s alone: stop it and bring it back at once. */
int svc_restart_one(struct svc *s);

#endif
