/* SPDX-License-Identifier: MIT */
#ifndef TEND_LEFTOVER_H
#define TEND_LEFTOVER_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Private to the service kind (svc_run.c; service.c asks for status):
 * what a unit's processes left once its main process is gone, as
 * systemd's service_enter_signal() without a main pid.
 */
struct svc;

typedef void leftover_fn(struct svc *s);

/*
 * s is STOPPING with no main or control process.  KillMode=control-group:
 * KillSignal= (RestartKillSignal= for a restart), SIGCONT and with
 * SendSIGHUP= SIGHUP go to every process left in the unit's cgroup (its
 * process group without one).  Returns 1 when some are left: then(s)
 * runs once they are gone; until then the stop timer (run_kill()) sends
 * FinalKillSignal=.  0 when there is nothing to wait for (another
 * KillMode=, nothing left, out of memory): the caller goes on.
 */
int leftover_stop(struct svc *s, leftover_fn *then);
/*
 * s's main process ended on its own (s is STARTING or RUNNING), as
 * systemd's stop-sigterm after it: KillMode=control-group sends
 * KillSignal= (SIGCONT, SIGHUP as above), mixed FinalKillSignal=, to the
 * processes left.  Returns 1 when some are left: then(s) runs once they
 * are gone, or TimeoutStopSec= after FinalKillSignal= followed the first
 * TimeoutStopSec= (SendSIGKILL=no: after the first).  0 when there is
 * nothing to wait for: the caller goes on.
 */
int leftover_settle(struct svc *s, leftover_fn *then);
/*
 * s is STOPPING with KillMode=control-group and its main process is gone:
 * what is left had the stop signal with it.  1: then(s) runs once they are
 * gone (the stop timer, run_kill(), sends FinalKillSignal=); 0: nothing
 * is left, or out of memory: the caller goes on.
 */
int leftover_wait(struct svc *s, leftover_fn *then);
/* Whether s waits for its leftovers (leftover_stop(), _settle(), _wait()). */
bool leftover_waiting(const struct svc *s);
/* s leaves STOPPING or is freed: stop waiting for its leftovers. */
void leftover_forget(struct svc *s);
/* The reaper collected an orphan (reap_set_orphan_fn()): re-check. */
void leftover_reaped(pid_t pid);

#endif
