/* SPDX-License-Identifier: MIT */
/*
 * The service transition table: decide, never act.  svc.c carries out the
 * action and calls svc_set_state().  Every (state, event) cell is written
 * out; "–" cells are explicit ACT_NONE rows and each one has a test in
 * tests/unit/test_svc_fsm.c.  Inputs that change the outcome of a cell
 * (want_up, may_restart, ...) are decided by the caller, so this stays pure.
 */
#include <signal.h>
#include <sys/wait.h>

#include "svc_fsm.h"
#include "unit.h"
#include "nofail.h"

const char *const svc_state_name[_SVC_STATE_MAX] = {
	[SVC_DOWN] = "inactive",
	[SVC_STARTING] = "starting",
	[SVC_RUNNING] = "running",
	[SVC_STOPPING] = "stopping",
	[SVC_BACKOFF] = "auto-restart",
	[SVC_FAILED] = "failed",
};

const char *const svc_event_name[_SVC_EV_MAX] = {
	[SVC_EV_START] = "start",
	[SVC_EV_STOP] = "stop",
	[SVC_EV_EXEC_OK] = "exec-ok",
	[SVC_EV_EXEC_FAIL] = "exec-fail",
	[SVC_EV_READY] = "ready",
	[SVC_EV_EXIT] = "exit",
	[SVC_EV_START_TIMEOUT] = "start-timeout",
	[SVC_EV_STOP_TIMEOUT] = "stop-timeout",
	[SVC_EV_RESTART_DUE] = "restart-due",
	[SVC_EV_WATCHDOG] = "watchdog",
	[SVC_EV_RUNTIME_MAX] = "runtime-max",
};

const char *const svc_action_name[_ACT_MAX] = {
	[ACT_NONE] = "none",
	[ACT_SPAWN] = "spawn",
	[ACT_RESET_SPAWN] = "reset-spawn",
	[ACT_TERM] = "term",
	[ACT_KILL] = "kill",
	[ACT_WATCHDOG] = "watchdog",
	[ACT_ARM_RESTART] = "arm-restart",
	[ACT_CANCEL_TIMER] = "cancel-timer",
	[ACT_GIVE_UP] = "give-up",
};

const char *const svc_result_name[_RES_MAX] = {
	[RES_SUCCESS] = "success",
	[RES_EXIT_CODE] = "exit-code",
	[RES_SIGNAL] = "signal",
	[RES_CORE_DUMP] = "core-dump",
	[RES_TIMEOUT] = "timeout",
	[RES_WATCHDOG] = "watchdog",
	[RES_START_LIMIT] = "start-limit-hit",
	[RES_RESOURCES] = "resources",
	[RES_DEPENDENCY] = "dependency",
	[RES_CYCLE] = "ordering-cycle",
	[RES_CONDITION] = "condition",
	[RES_ASSERT] = "assert",
};

#define STEP(s, a) ((struct svc_step){ .next = (s), .action = (a), .result = RES_KEEP })
#define STEP_R(s, a, r) ((struct svc_step){ .next = (s), .action = (a), .result = (r) })

/* Restart= asks for one: after the delay, unless the start limit says no. */
static struct svc_step restart(const struct svc_inputs *in)
{
	if (in->limit_hit)
		return STEP_R(SVC_FAILED, ACT_GIVE_UP, RES_START_LIMIT);
	return STEP(SVC_BACKOFF, ACT_ARM_RESTART);
}

/* A failed start or a failed run: restart after the delay, or give up. */
static struct svc_step failure(const struct svc_inputs *in)
{
	if (in->want_up && in->may_restart)
		return restart(in);
	return STEP(SVC_FAILED, ACT_GIVE_UP);
}

/* The main process ended; the outcome depends on the Restart= policy. */
static struct svc_step ended(const struct svc_inputs *in)
{
	if (in->want_up && in->may_restart)
		return restart(in);
	return in->exit_ok ? STEP(SVC_DOWN, ACT_CANCEL_TIMER) : STEP(SVC_FAILED, ACT_GIVE_UP);
}

static struct svc_step from_down(enum svc_event ev)
{
	switch (ev) {
	case SVC_EV_START: return STEP(SVC_STARTING, ACT_SPAWN);
	case SVC_EV_STOP: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_EXEC_OK: return STEP(SVC_DOWN, ACT_NONE);
	/* a start that could not even begin: a required unit failed */
	case SVC_EV_EXEC_FAIL: return STEP(SVC_FAILED, ACT_GIVE_UP);
	case SVC_EV_READY: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_EXIT: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_START_TIMEOUT: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_STOP_TIMEOUT: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_RESTART_DUE: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_WATCHDOG: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_RUNTIME_MAX: return STEP(SVC_DOWN, ACT_NONE);
	case _SVC_EV_MAX: break;
	}
	return STEP(SVC_DOWN, ACT_NONE);
}

static struct svc_step from_starting(enum svc_event ev, const struct svc_inputs *in)
{
	switch (ev) {
	case SVC_EV_START: return STEP(SVC_STARTING, ACT_NONE);
	case SVC_EV_STOP: return STEP(SVC_STOPPING, ACT_TERM);
	case SVC_EV_EXEC_OK:
		if (in->uses_notify || in->waits_exit)
			return STEP(SVC_STARTING, ACT_NONE);
		return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_EXEC_FAIL: return failure(in);
	case SVC_EV_READY: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_EXIT:
		if (in->waits_exit && in->exit_ok)
			return in->remain ? STEP(SVC_RUNNING, ACT_NONE)
					  : STEP(SVC_DOWN, ACT_CANCEL_TIMER);
		return failure(in);
	case SVC_EV_START_TIMEOUT: return STEP_R(SVC_STOPPING, ACT_TERM, RES_TIMEOUT);
	case SVC_EV_STOP_TIMEOUT: return STEP(SVC_STARTING, ACT_NONE);
	case SVC_EV_RESTART_DUE: return STEP(SVC_STARTING, ACT_NONE);
	case SVC_EV_WATCHDOG: return STEP(SVC_STARTING, ACT_NONE);
	case SVC_EV_RUNTIME_MAX: return STEP(SVC_STARTING, ACT_NONE);
	case _SVC_EV_MAX: break;
	}
	return STEP(SVC_STARTING, ACT_NONE);
}

static struct svc_step from_running(enum svc_event ev, const struct svc_inputs *in)
{
	switch (ev) {
	case SVC_EV_START: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_STOP: return STEP(SVC_STOPPING, ACT_TERM);
	case SVC_EV_EXEC_OK: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_EXEC_FAIL: return failure(in);	/* Type=simple: exec failed late */
	case SVC_EV_READY: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_EXIT:
		/* RemainAfterExit=: active (exited) until stopped, no restart */
		if (in->remain_exited && in->exit_ok)
			return STEP(SVC_RUNNING, ACT_NONE);
		return ended(in);
	case SVC_EV_START_TIMEOUT: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_STOP_TIMEOUT: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_RESTART_DUE: return STEP(SVC_RUNNING, ACT_NONE);
	case SVC_EV_WATCHDOG: return STEP_R(SVC_STOPPING, ACT_WATCHDOG, RES_WATCHDOG);
	case SVC_EV_RUNTIME_MAX: return STEP_R(SVC_STOPPING, ACT_TERM, RES_TIMEOUT);
	case _SVC_EV_MAX: break;
	}
	return STEP(SVC_RUNNING, ACT_NONE);
}

static struct svc_step from_stopping(enum svc_event ev, const struct svc_inputs *in)
{
	switch (ev) {
	case SVC_EV_START: return STEP(SVC_STOPPING, ACT_NONE);	/* caller sets want up */
	case SVC_EV_STOP: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_EXEC_OK: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_EXEC_FAIL: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_READY: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_EXIT:
		if (!in->want_up)
			return STEP(SVC_DOWN, ACT_CANCEL_TIMER);
		return in->may_restart ? restart(in) : STEP(SVC_FAILED, ACT_GIVE_UP);
	case SVC_EV_START_TIMEOUT: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_STOP_TIMEOUT: return STEP(SVC_STOPPING, ACT_KILL);
	case SVC_EV_RESTART_DUE: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_WATCHDOG: return STEP(SVC_STOPPING, ACT_NONE);
	case SVC_EV_RUNTIME_MAX: return STEP(SVC_STOPPING, ACT_NONE);
	case _SVC_EV_MAX: break;
	}
	return STEP(SVC_STOPPING, ACT_NONE);
}

static struct svc_step from_backoff(enum svc_event ev)
{
	switch (ev) {
	case SVC_EV_START: return STEP(SVC_STARTING, ACT_SPAWN);	/* don't make a user wait */
	case SVC_EV_STOP: return STEP(SVC_DOWN, ACT_CANCEL_TIMER);
	case SVC_EV_EXEC_OK: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_EXEC_FAIL: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_READY: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_EXIT: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_START_TIMEOUT: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_STOP_TIMEOUT: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_RESTART_DUE: return STEP(SVC_STARTING, ACT_SPAWN);
	case SVC_EV_WATCHDOG: return STEP(SVC_BACKOFF, ACT_NONE);
	case SVC_EV_RUNTIME_MAX: return STEP(SVC_BACKOFF, ACT_NONE);
	case _SVC_EV_MAX: break;
	}
	return STEP(SVC_BACKOFF, ACT_NONE);
}

static struct svc_step from_failed(enum svc_event ev)
{
	switch (ev) {
	case SVC_EV_START: return STEP(SVC_STARTING, ACT_RESET_SPAWN);
	case SVC_EV_STOP: return STEP(SVC_DOWN, ACT_NONE);
	case SVC_EV_EXEC_OK: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_EXEC_FAIL: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_READY: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_EXIT: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_START_TIMEOUT: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_STOP_TIMEOUT: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_RESTART_DUE: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_WATCHDOG: return STEP(SVC_FAILED, ACT_NONE);
	case SVC_EV_RUNTIME_MAX: return STEP(SVC_FAILED, ACT_NONE);
	case _SVC_EV_MAX: break;
	}
	return STEP(SVC_FAILED, ACT_NONE);
}

struct svc_step svc_next(enum svc_state st, enum svc_event ev, const struct svc_inputs *in)
{
	switch (st) {
	case SVC_DOWN: return from_down(ev);
	case SVC_STARTING: return from_starting(ev, in);
	case SVC_RUNNING: return from_running(ev, in);
	case SVC_STOPPING: return from_stopping(ev, in);
	case SVC_BACKOFF: return from_backoff(ev);
	case SVC_FAILED: return from_failed(ev);
	case _SVC_STATE_MAX: break;
	}
	return STEP(st, ACT_NONE);
}

bool svc_exit_clean(const struct unit *u, int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus) == 0 ||
		       unit_exit_set_has_status(&u->success_status, WEXITSTATUS(wstatus));
	if (WIFSIGNALED(wstatus)) {
		int sig = WTERMSIG(wstatus);

		/* systemd: these four are a clean end for a long-running service */
		if (u->service_type != SERVICE_ONESHOT &&
		    (sig == SIGHUP || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE))
			return true;
		return unit_exit_set_has_signal(&u->success_status, sig);
	}
	return false;
}

static bool in_set(const struct unit_exit_set *set, int wstatus)
{
	if (WIFEXITED(wstatus))
		return unit_exit_set_has_status(set, WEXITSTATUS(wstatus));
	return WIFSIGNALED(wstatus) && unit_exit_set_has_signal(set, WTERMSIG(wstatus));
}

/* systemd.service(5), the table under Restart=. */
bool svc_restart_wanted(const struct unit *u, enum svc_result res, int wstatus, bool have_exit)
{
	bool clean = res == RES_SUCCESS;
	bool unclean_code = res == RES_EXIT_CODE || res == RES_RESOURCES;
	bool unclean_sig = res == RES_SIGNAL || res == RES_CORE_DUMP;
	bool timeout = res == RES_TIMEOUT;
	bool watchdog = res == RES_WATCHDOG;

	if (res == RES_START_LIMIT || res == RES_DEPENDENCY || res == RES_CYCLE ||
	    res == RES_CONDITION || res == RES_ASSERT)
		return false;
	if (have_exit && in_set(&u->restart_prevent_status, wstatus))
		return false;
	if (have_exit && in_set(&u->restart_force_status, wstatus))
		return true;
	switch (u->restart) {
	case RESTART_NO: return false;
	case RESTART_ALWAYS: return true;
	case RESTART_ON_SUCCESS: return clean;
	case RESTART_ON_FAILURE: return unclean_code || unclean_sig || timeout || watchdog;
	case RESTART_ON_ABNORMAL: return unclean_sig || timeout || watchdog;
	case RESTART_ON_WATCHDOG: return watchdog;
	case RESTART_ON_ABORT: return unclean_sig;
	case _RESTART_MAX: break;
	}
	return false;
}
