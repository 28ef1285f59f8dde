/* SPDX-License-Identifier: MIT */
#ifndef TEND_SERVICE_H
#define TEND_SERVICE_H

/*
 * Private to the service kind: service.c (its entry in the kind table),
 * svc_run.c (its processes), svc_cg.c (their cgroup), svc_main.c (a main process it did not
 * spawn) and svc_notify.c (its sd_notify messages).
 * The registry never includes this.
 */
#include <stdbool.h>
#include <sys/types.h>

struct cg_unit;
struct svc;
struct unitpid_owner;

/* svc_run.c: carry out the table's process actions. */
void run_spawn(struct svc *s);
void run_term(struct svc *s);
void run_kill(struct svc *s);
void run_watchdog(struct svc *s);
/* Leaving the active states: nothing of this run may stay behind. */
void run_cleanup(struct svc *s);
int run_reload(struct svc *s);
int run_signal(struct svc *s, int signo, bool group);

/* svc_cg.c: the unit's cgroup over its runs. */
/* KillMode=control-group and mixed reach every process of the unit's cgroup. */
bool run_cg_kills(const struct svc *s);
/*
 * The unit's cgroup with its limits written, for the child to join (*ret
 * NULL: run without one).  -errno, the reason in why, when the kernel
 * refused a limit: that fails this start.
 */
int run_cg_prepare(struct svc *s, const struct cg_unit **ret, char *why, size_t whylen);
/* After a run: empty and remove the cgroup, or keep it for a restart. */
void run_cg_done(struct svc *s);
/* Before freeing s: cancel and free what the runs attached (its cgroup). */
void run_release(struct svc *s);

/* svc_run.c, for svc_notify.c: what a message may act on. */
bool run_active(const struct svc *s);
/* The main process counts as started for its Type=: run ExecStartPost. */
void run_main_started(struct svc *s);
/* The reaper's callback for the main process (reap_watch()). */
void run_main_exit_cb(pid_t pid, int status, void *data);

/* svc_main.c: a main process tend did not spawn itself. */
/* What the unit owns, for checking a pid one of its processes named. */
void run_owner_of(const struct svc *s, struct unitpid_owner *ret);
/* Type=forking after the parent's exit: PIDFile=, then GuessMainPID=. */
void run_find_main(struct svc *s);
/* Hold pid (checked by the caller) as the main process; 0 or -errno. */
int run_adopt_main(struct svc *s, pid_t pid);

/* svc_notify.c: the unit's NOTIFY_SOCKET, made when it speaks sd_notify. */
void svc_notify_open(struct svc *s);

#endif
