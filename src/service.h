/* SPDX-License-Identifier: MIT */
#ifndef TEND_SERVICE_H
#define TEND_SERVICE_H

/*
 * Private to the service kind: service.c (its entry in the kind table)
 * and svc_run.c (its processes).  The registry never includes this.
 */
#include <stdbool.h>

struct svc;

/* svc_run.c: carry out the table's process actions. */
void run_spawn(struct svc *s);
void run_term(struct svc *s);
void run_kill(struct svc *s);
void run_watchdog(struct svc *s);
/* Leaving the active states: nothing of this run may stay behind. */
void run_cleanup(struct svc *s);
/* Before freeing s: cancel and free what svc_run.c attached (its cgroup). */
void run_release(struct svc *s);
int run_reload(struct svc *s);
int run_signal(struct svc *s, int signo, bool group);

#endif
