/* SPDX-License-Identifier: MIT */
#ifndef TEND_SVC_FSM_H
#define TEND_SVC_FSM_H

#include <stdbool.h>

/* A service's life: six states, see DESIGN.md "A service's life". */
enum svc_state {
	SVC_DOWN,		/* inactive */
	SVC_STARTING,
	SVC_RUNNING,
	SVC_STOPPING,
	SVC_BACKOFF,		/* auto-restart: waiting out the restart delay */
	SVC_FAILED,
	_SVC_STATE_MAX,
};

enum svc_event {
	SVC_EV_START,		/* want up: tendctl start, boot, a dependent */
	SVC_EV_STOP,		/* want down */
	SVC_EV_EXEC_OK,		/* the main process is exec'd (simple: spawned) */
	SVC_EV_EXEC_FAIL,	/* a start step failed: spawn, ExecStartPre, exec */
	SVC_EV_READY,		/* READY=1, or forking's PIDFile read */
	SVC_EV_EXIT,		/* the main process ended */
	SVC_EV_START_TIMEOUT,	/* TimeoutStartSec= ran out */
	SVC_EV_STOP_TIMEOUT,	/* TimeoutStopSec= (or TimeoutAbortSec=) ran out */
	SVC_EV_RESTART_DUE,	/* the restart delay is over */
	SVC_EV_WATCHDOG,	/* no WATCHDOG=1 in time, or WATCHDOG=trigger */
	SVC_EV_RUNTIME_MAX,	/* RuntimeMaxSec= ran out */
	_SVC_EV_MAX,
};

enum svc_action {
	ACT_NONE,		/* nothing to do (logged at debug) */
	ACT_SPAWN,		/* start the unit's processes */
	ACT_RESET_SPAWN,	/* forget the restart history, then spawn */
	ACT_TERM,		/* ExecStop / KillSignal, arm the stop timeout */
	ACT_KILL,		/* stop timeout: FinalKillSignal/SIGKILL, re-arm */
	ACT_WATCHDOG,		/* watchdog missed: SIGABRT, arm the abort timeout */
	ACT_ARM_RESTART,	/* spend restart budget, arm the restart delay */
	ACT_CANCEL_TIMER,	/* the unit's timer (timeouts, restart delay) */
	ACT_GIVE_UP,		/* no restart: cancel the timer, stay failed */
	_ACT_MAX,
};

/*
 * What the table needs to know beyond (state, event); read from the unit
 * by svc_inputs_of() (svc.c), which changes nothing.
 */
struct svc_inputs {
	bool want_up;
	bool uses_notify;	/* readiness comes later: Type=notify */
	bool waits_exit;	/* start completes at the main exit: oneshot, forking */
	bool remain;		/* RemainAfterExit (or forking with a main pid) */
	bool remain_exited;	/* RemainAfterExit=: a clean exit while running stays up */
	bool exit_ok;		/* the exit counts as success (SuccessExitStatus) */
	bool may_restart;	/* Restart= (or tendctl restart) asks for a restart */
	bool limit_hit;		/* one more start would pass StartLimitBurst= */
};

/* Why a unit is where it is: shown by status, decides Restart=. */
enum svc_result {
	RES_SUCCESS,
	RES_EXIT_CODE,		/* exited non-zero */
	RES_SIGNAL,		/* killed by a signal that is not clean */
	RES_CORE_DUMP,
	RES_TIMEOUT,		/* start or stop timeout */
	RES_WATCHDOG,
	RES_START_LIMIT,
	RES_RESOURCES,		/* spawn failed: EAGAIN, ENOMEM, a setup step */
	RES_DEPENDENCY,		/* a required unit failed or is missing */
	RES_CYCLE,		/* on an ordering cycle */
	RES_CONDITION,		/* a condition was not met: skipped, not failed */
	RES_ASSERT,		/* an Assert*= was not met: the start failed */
	_RES_MAX,
};

extern const char *const svc_result_name[_RES_MAX];

/* A step's result: RES_KEEP leaves the unit's result as it is. */
#define RES_KEEP _RES_MAX

struct svc_step {
	enum svc_state next;
	enum svc_action action;
	enum svc_result result;	/* recorded before the state changes, or RES_KEEP */
};

extern const char *const svc_state_name[_SVC_STATE_MAX];
extern const char *const svc_event_name[_SVC_EV_MAX];
extern const char *const svc_action_name[_ACT_MAX];

/* Pure: the one transition table.  No syscalls, no clock, no globals. */
struct svc_step svc_next(enum svc_state st, enum svc_event ev, const struct svc_inputs *in);


struct unit;

/* Pure: does this wait status count as success (SuccessExitStatus, clean signals)? */
bool svc_exit_clean(const struct unit *u, int wstatus);
/* Pure: does Restart= (with the Prevent/Force lists) ask for a restart after this end? */
bool svc_restart_wanted(const struct unit *u, enum svc_result res, int wstatus, bool have_exit);

#endif
