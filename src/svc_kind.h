/* SPDX-License-Identifier: MIT */
#ifndef TEND_SVC_KIND_H
#define TEND_SVC_KIND_H

/*
 * Private to the registry (svc.c, svc_dep.c, svc_load.c) and the unit
 * kinds (service.c, and one file per further kind).  The registry owns
 * names, dependencies, the transition table, the state log, reload and
 * stop-all; a kind owns what a run of its units means.  Models:
 * systemd's UnitVTable (src/core/unit.h), dinit's service_record
 * subclasses.  See /work/coord/SEAM.md.
 */
#include <stdbool.h>
#include <stdint.h>

#include "svc.h"

struct p1_buf;

/*
 * What one kind of unit does.  Every unit of the registry has one
 * (s->kind, chosen by the suffix of its name).  The registry calls these;
 * a kind reports back only through svc_feed().  NULL means "nothing".
 */
struct svc_kind {
	const char *suffix;	/* ".service": how a unit's name picks this kind */
	/* Loaded or reloaded: check what only this kind knows; 0 or -errno. */
	int (*load)(struct svc *s);
	/* The table's shape inputs (uses_notify, waits_exit, remain); read-only. */
	void (*inputs)(const struct svc *s, struct svc_inputs *in);
	/* ACT_SPAWN: begin a run, then feed EXEC_OK/READY/EXIT or EXEC_FAIL. */
	void (*start)(struct svc *s);
	/* ACT_TERM: begin stopping, then feed SVC_EV_EXIT when nothing is left. */
	void (*stop)(struct svc *s);
	/* The table's other actions that belong to the kind (ACT_KILL, ACT_WATCHDOG). */
	void (*act)(struct svc *s, enum svc_action a);
	/* s entered a state (logged already): the kind's side effects. */
	void (*entered)(struct svc *s, enum svc_state prev);
	/* tendctl reload / kill; -EOPNOTSUPP without them. */
	int (*reload)(struct svc *s);
	int (*kill)(struct svc *s, int signo);
	/* The kind's part of a status reply: P1_F_U_SUB and its own fields. */
	void (*status)(const struct svc *s, struct p1_buf *b, bool brief);
	/* Before s is freed: cancel timers, close fds, free kind_data. */
	void (*release)(struct svc *s);
	/* tend exits: remove what would outlive it (socket files). */
	void (*fini)(struct svc *s);
};

extern const struct svc_kind svc_kind_service;	/* service.c */
extern const struct svc_kind svc_kind_target;	/* target.c */
extern const struct svc_kind svc_kind_socket;	/* socket.c */
extern const struct svc_kind svc_kind_timer;	/* timer.c */

/* The kind a unit name asks for, by its suffix; NULL for none tend has. */
const struct svc_kind *svc_kind_of(const char *name);

/*
 * Arm the unit's one timer to feed ev (SVC_EV_START_TIMEOUT, ...) at
 * due_ms; 0 or -errno.  ACT_CANCEL_TIMER and ACT_GIVE_UP cancel it.
 */
int svc_timer_arm(struct svc *s, enum svc_event ev, int64_t due_ms);
/* The table's inputs for s at now (for tests: it changes nothing). */
struct svc_inputs svc_inputs_of(const struct svc *s, int64_t now);
/* Feed one event through the table; re-entrant calls are queued. */
void svc_feed(struct svc *s, enum svc_event ev);
const struct svc_env *svc_env(void);
/* Take a pending changed definition (a kind calls it before a new run). */
void svc_take_next_unit(struct svc *s);

#endif
