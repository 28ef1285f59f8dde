/* SPDX-License-Identifier: MIT */
#ifndef TEND_SERVICE_H
#define TEND_SERVICE_H

/*
 * Private to the service kind: service.c (its entry in the kind table),
 * svc_run.c (its processes) and svc_notify.c (its sd_notify messages).
 * The registry never includes this.
 */
#include <stdbool.h>
#include <sys/types.h>

struct svc;
struct unitpid_owner;

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

/* svc_run.c, for svc_notify.c: what a message may act on. */
bool run_active(const struct svc *s);
/* The main process counts as started for its Type=: run ExecStartPost. */
void run_main_started(struct svc *s);
/* The reaper's callback for the main process (reap_watch()). */
void run_main_exit_cb(pid_t pid, int status, void *data);
/* What the unit owns, for checking a pid one of its processes named. */
void run_owner_of(const struct svc *s, struct unitpid_owner *ret);

/* svc_notify.c: the unit's NOTIFY_SOCKET, made when it speaks sd_notify. */
void svc_notify_open(struct svc *s);

#endif
