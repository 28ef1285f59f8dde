/* Every cell of the service transition table (src/svc_fsm.c). */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "svc_fsm.h"

static const struct svc_inputs up_restart = { .want_up = true, .may_restart = true };
static const struct svc_inputs up_norestart = { .want_up = true, .may_restart = false };
static const struct svc_inputs down = { .want_up = false };
static const struct svc_inputs up_limit = { .want_up = true, .may_restart = true,
					    .limit_hit = true };
static const struct svc_inputs down_limit = { .want_up = false, .may_restart = true,
					      .limit_hit = true };

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *res_name(enum svc_result r)
{
	return r == RES_KEEP ? "keep" : svc_result_name[r];
}

/* One cell: next state, action and the result it records (RES_KEEP: none). */
static void expect_step_r(enum svc_state st, enum svc_event ev, const struct svc_inputs *in,
			  enum svc_state next, enum svc_action act, enum svc_result res)
{
	struct svc_step s = svc_next(st, ev, in);

	if (s.next != next || s.action != act || s.result != res)
		fail_msg("%s + %s: got %s/%s/%s, want %s/%s/%s", svc_state_name[st],
			 svc_event_name[ev], svc_state_name[s.next], svc_action_name[s.action],
			 res_name(s.result), svc_state_name[next], svc_action_name[act],
			 res_name(res));
}

static void expect_step(enum svc_state st, enum svc_event ev, const struct svc_inputs *in,
			enum svc_state next, enum svc_action act)
{
	expect_step_r(st, ev, in, next, act, RES_KEEP);
}

static void fsm_down(void **state)
{
	(void)state;
	expect_step(SVC_DOWN, SVC_EV_START, &up_restart, SVC_STARTING, ACT_SPAWN);
	expect_step(SVC_DOWN, SVC_EV_STOP, &up_restart, SVC_DOWN, ACT_NONE);
	expect_step(SVC_DOWN, SVC_EV_EXEC_OK, &up_restart, SVC_DOWN, ACT_NONE);
	expect_step(SVC_DOWN, SVC_EV_EXEC_FAIL, &up_restart, SVC_FAILED, ACT_GIVE_UP);
	expect_step(SVC_DOWN, SVC_EV_READY, &up_restart, SVC_DOWN, ACT_NONE);
	expect_step(SVC_DOWN, SVC_EV_EXIT, &up_restart, SVC_DOWN, ACT_NONE);
}

static void fsm_starting(void **state)
{
	struct svc_inputs notify = { .want_up = true, .uses_notify = true };
	struct svc_inputs oneshot_ok = { .want_up = true, .waits_exit = true, .exit_ok = true };
	struct svc_inputs oneshot_remain = oneshot_ok;
	struct svc_inputs oneshot_bad = { .want_up = true, .waits_exit = true, .may_restart = true };
	struct svc_inputs oneshot_limit = oneshot_bad;
	struct svc_inputs forking_limit = { .want_up = true, .waits_exit = true, .remain = true,
					    .exit_ok = true, .may_restart = true,
					    .limit_hit = true };
	struct svc_inputs limit = { .want_up = true, .limit_hit = true };

	(void)state;
	oneshot_remain.remain = true;
	oneshot_limit.limit_hit = true;
	expect_step(SVC_STARTING, SVC_EV_START, &up_restart, SVC_STARTING, ACT_NONE);
	expect_step(SVC_STARTING, SVC_EV_STOP, &up_restart, SVC_STOPPING, ACT_TERM);
	expect_step(SVC_STARTING, SVC_EV_EXEC_OK, &up_restart, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_STARTING, SVC_EV_EXEC_OK, &notify, SVC_STARTING, ACT_NONE);
	expect_step(SVC_STARTING, SVC_EV_EXEC_OK, &oneshot_ok, SVC_STARTING, ACT_NONE);
	expect_step(SVC_STARTING, SVC_EV_EXEC_FAIL, &up_restart, SVC_BACKOFF, ACT_ARM_RESTART);
	expect_step(SVC_STARTING, SVC_EV_EXEC_FAIL, &up_norestart, SVC_FAILED, ACT_GIVE_UP);
	expect_step(SVC_STARTING, SVC_EV_READY, &notify, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_STARTING, SVC_EV_EXIT, &oneshot_ok, SVC_DOWN, ACT_CANCEL_TIMER);
	expect_step(SVC_STARTING, SVC_EV_EXIT, &oneshot_remain, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_STARTING, SVC_EV_EXIT, &oneshot_bad, SVC_BACKOFF, ACT_ARM_RESTART);
	expect_step(SVC_STARTING, SVC_EV_EXIT, &notify, SVC_FAILED, ACT_GIVE_UP);
	expect_step(SVC_STARTING, SVC_EV_EXIT, &limit, SVC_FAILED, ACT_GIVE_UP);
	expect_step_r(SVC_STARTING, SVC_EV_EXIT, &oneshot_limit, SVC_FAILED, ACT_GIVE_UP,
		      RES_START_LIMIT);
	expect_step_r(SVC_STARTING, SVC_EV_EXEC_FAIL, &up_limit, SVC_FAILED, ACT_GIVE_UP,
		      RES_START_LIMIT);
	/* a start that succeeds spends nothing, even with the budget used up */
	expect_step(SVC_STARTING, SVC_EV_EXIT, &forking_limit, SVC_RUNNING, ACT_NONE);
}

static void fsm_running(void **state)
{
	struct svc_inputs clean = { .want_up = true, .exit_ok = true };
	struct svc_inputs remain_clean = { .want_up = true, .exit_ok = true, .may_restart = true,
					   .remain_exited = true };
	struct svc_inputs remain_failed = { .want_up = true, .may_restart = true,
					    .remain_exited = true };

	(void)state;
	expect_step(SVC_RUNNING, SVC_EV_START, &up_restart, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_RUNNING, SVC_EV_STOP, &up_restart, SVC_STOPPING, ACT_TERM);
	expect_step(SVC_RUNNING, SVC_EV_EXEC_OK, &up_restart, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_RUNNING, SVC_EV_EXEC_FAIL, &up_restart, SVC_BACKOFF, ACT_ARM_RESTART);
	expect_step(SVC_RUNNING, SVC_EV_EXEC_FAIL, &up_norestart, SVC_FAILED, ACT_GIVE_UP);
	expect_step(SVC_RUNNING, SVC_EV_READY, &up_restart, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_RUNNING, SVC_EV_EXIT, &up_restart, SVC_BACKOFF, ACT_ARM_RESTART);
	expect_step(SVC_RUNNING, SVC_EV_EXIT, &up_norestart, SVC_FAILED, ACT_GIVE_UP);
	expect_step(SVC_RUNNING, SVC_EV_EXIT, &clean, SVC_DOWN, ACT_CANCEL_TIMER);
	/* RemainAfterExit=: a clean end stays up (even with Restart=); a failure does not */
	expect_step(SVC_RUNNING, SVC_EV_EXIT, &remain_clean, SVC_RUNNING, ACT_NONE);
	expect_step(SVC_RUNNING, SVC_EV_EXIT, &remain_failed, SVC_BACKOFF, ACT_ARM_RESTART);
	expect_step_r(SVC_RUNNING, SVC_EV_EXIT, &up_limit, SVC_FAILED, ACT_GIVE_UP,
		      RES_START_LIMIT);
	expect_step_r(SVC_RUNNING, SVC_EV_EXEC_FAIL, &up_limit, SVC_FAILED, ACT_GIVE_UP,
		      RES_START_LIMIT);
}

static void fsm_stopping(void **state)
{
	(void)state;
	expect_step(SVC_STOPPING, SVC_EV_START, &up_restart, SVC_STOPPING, ACT_NONE);
	expect_step(SVC_STOPPING, SVC_EV_STOP, &down, SVC_STOPPING, ACT_NONE);
	expect_step(SVC_STOPPING, SVC_EV_EXEC_OK, &down, SVC_STOPPING, ACT_NONE);
	expect_step(SVC_STOPPING, SVC_EV_EXEC_FAIL, &down, SVC_STOPPING, ACT_NONE);
	expect_step(SVC_STOPPING, SVC_EV_READY, &down, SVC_STOPPING, ACT_NONE);
	expect_step(SVC_STOPPING, SVC_EV_EXIT, &down, SVC_DOWN, ACT_CANCEL_TIMER);
	expect_step(SVC_STOPPING, SVC_EV_EXIT, &up_restart, SVC_BACKOFF, ACT_ARM_RESTART);
	expect_step(SVC_STOPPING, SVC_EV_EXIT, &up_norestart, SVC_FAILED, ACT_GIVE_UP);
	expect_step_r(SVC_STOPPING, SVC_EV_EXIT, &up_limit, SVC_FAILED, ACT_GIVE_UP,
		      RES_START_LIMIT);
	expect_step(SVC_STOPPING, SVC_EV_EXIT, &down_limit, SVC_DOWN, ACT_CANCEL_TIMER);
}

static void fsm_backoff(void **state)
{
	(void)state;
	expect_step(SVC_BACKOFF, SVC_EV_START, &up_restart, SVC_STARTING, ACT_SPAWN);
	expect_step(SVC_BACKOFF, SVC_EV_STOP, &down, SVC_DOWN, ACT_CANCEL_TIMER);
	expect_step(SVC_BACKOFF, SVC_EV_EXEC_OK, &up_restart, SVC_BACKOFF, ACT_NONE);
	expect_step(SVC_BACKOFF, SVC_EV_EXEC_FAIL, &up_restart, SVC_BACKOFF, ACT_NONE);
	expect_step(SVC_BACKOFF, SVC_EV_READY, &up_restart, SVC_BACKOFF, ACT_NONE);
	expect_step(SVC_BACKOFF, SVC_EV_EXIT, &up_restart, SVC_BACKOFF, ACT_NONE);
}

static void fsm_failed(void **state)
{
	(void)state;
	expect_step(SVC_FAILED, SVC_EV_START, &up_restart, SVC_STARTING, ACT_RESET_SPAWN);
	expect_step(SVC_FAILED, SVC_EV_STOP, &down, SVC_DOWN, ACT_NONE);
	for (int ev = SVC_EV_EXEC_OK; ev <= SVC_EV_EXIT; ev++)
		expect_step(SVC_FAILED, ev, &up_restart, SVC_FAILED, ACT_NONE);
}

/* The five timer events, one per timer: every cell, whatever the inputs. */
static void fsm_timers(void **state)
{
	static const struct {
		enum svc_state st;
		enum svc_event ev;
		enum svc_state next;
		enum svc_action act;
		enum svc_result res;
	} cells[] = {
		{ SVC_DOWN, SVC_EV_START_TIMEOUT, SVC_DOWN, ACT_NONE, RES_KEEP },
		{ SVC_DOWN, SVC_EV_STOP_TIMEOUT, SVC_DOWN, ACT_NONE, RES_KEEP },
		{ SVC_DOWN, SVC_EV_RESTART_DUE, SVC_DOWN, ACT_NONE, RES_KEEP },
		{ SVC_DOWN, SVC_EV_WATCHDOG, SVC_DOWN, ACT_NONE, RES_KEEP },
		{ SVC_DOWN, SVC_EV_RUNTIME_MAX, SVC_DOWN, ACT_NONE, RES_KEEP },
		{ SVC_STARTING, SVC_EV_START_TIMEOUT, SVC_STOPPING, ACT_TERM, RES_TIMEOUT },
		{ SVC_STARTING, SVC_EV_STOP_TIMEOUT, SVC_STARTING, ACT_NONE, RES_KEEP },
		{ SVC_STARTING, SVC_EV_RESTART_DUE, SVC_STARTING, ACT_NONE, RES_KEEP },
		{ SVC_STARTING, SVC_EV_WATCHDOG, SVC_STARTING, ACT_NONE, RES_KEEP },
		{ SVC_STARTING, SVC_EV_RUNTIME_MAX, SVC_STARTING, ACT_NONE, RES_KEEP },
		{ SVC_RUNNING, SVC_EV_START_TIMEOUT, SVC_RUNNING, ACT_NONE, RES_KEEP },
		{ SVC_RUNNING, SVC_EV_STOP_TIMEOUT, SVC_RUNNING, ACT_NONE, RES_KEEP },
		{ SVC_RUNNING, SVC_EV_RESTART_DUE, SVC_RUNNING, ACT_NONE, RES_KEEP },
		{ SVC_RUNNING, SVC_EV_WATCHDOG, SVC_STOPPING, ACT_WATCHDOG, RES_WATCHDOG },
		{ SVC_RUNNING, SVC_EV_RUNTIME_MAX, SVC_STOPPING, ACT_TERM, RES_TIMEOUT },
		{ SVC_STOPPING, SVC_EV_START_TIMEOUT, SVC_STOPPING, ACT_NONE, RES_KEEP },
		{ SVC_STOPPING, SVC_EV_STOP_TIMEOUT, SVC_STOPPING, ACT_KILL, RES_KEEP },
		{ SVC_STOPPING, SVC_EV_RESTART_DUE, SVC_STOPPING, ACT_NONE, RES_KEEP },
		{ SVC_STOPPING, SVC_EV_WATCHDOG, SVC_STOPPING, ACT_NONE, RES_KEEP },
		{ SVC_STOPPING, SVC_EV_RUNTIME_MAX, SVC_STOPPING, ACT_NONE, RES_KEEP },
		{ SVC_BACKOFF, SVC_EV_START_TIMEOUT, SVC_BACKOFF, ACT_NONE, RES_KEEP },
		{ SVC_BACKOFF, SVC_EV_STOP_TIMEOUT, SVC_BACKOFF, ACT_NONE, RES_KEEP },
		{ SVC_BACKOFF, SVC_EV_RESTART_DUE, SVC_STARTING, ACT_SPAWN, RES_KEEP },
		{ SVC_BACKOFF, SVC_EV_WATCHDOG, SVC_BACKOFF, ACT_NONE, RES_KEEP },
		{ SVC_BACKOFF, SVC_EV_RUNTIME_MAX, SVC_BACKOFF, ACT_NONE, RES_KEEP },
		{ SVC_FAILED, SVC_EV_START_TIMEOUT, SVC_FAILED, ACT_NONE, RES_KEEP },
		{ SVC_FAILED, SVC_EV_STOP_TIMEOUT, SVC_FAILED, ACT_NONE, RES_KEEP },
		{ SVC_FAILED, SVC_EV_RESTART_DUE, SVC_FAILED, ACT_NONE, RES_KEEP },
		{ SVC_FAILED, SVC_EV_WATCHDOG, SVC_FAILED, ACT_NONE, RES_KEEP },
		{ SVC_FAILED, SVC_EV_RUNTIME_MAX, SVC_FAILED, ACT_NONE, RES_KEEP },
	};
	const struct svc_inputs *ins[] = { &up_restart, &up_norestart, &down, &up_limit };

	(void)state;
	assert_int_equal(ARRAY_LEN(cells), _SVC_STATE_MAX * (_SVC_EV_MAX - SVC_EV_START_TIMEOUT));
	for (size_t i = 0; i < ARRAY_LEN(cells); i++)
		for (size_t k = 0; k < ARRAY_LEN(ins); k++)
			expect_step_r(cells[i].st, cells[i].ev, ins[k], cells[i].next,
				      cells[i].act, cells[i].res);
}

/*
 * Over every cell and every combination of inputs: a step that leaves a
 * state with a timer for DOWN or FAILED cancels the timer (ACT_CANCEL_TIMER
 * or ACT_GIVE_UP: act() does it), and only ACT_ARM_RESTART goes to BACKOFF
 * (the one action that spends restart budget).
 */
static void fsm_timer_and_budget_rules(void **state)
{
	(void)state;
	for (unsigned bits = 0; bits < 128; bits++) {
		struct svc_inputs in = {
			.want_up = bits & 1, .uses_notify = bits & 2, .waits_exit = bits & 4,
			.remain = bits & 8, .exit_ok = bits & 16, .may_restart = bits & 32,
			.limit_hit = bits & 64,
		};

		for (int st = 0; st < _SVC_STATE_MAX; st++)
			for (int ev = 0; ev < _SVC_EV_MAX; ev++) {
				struct svc_step s = svc_next(st, ev, &in);
				bool timed = st != SVC_DOWN && st != SVC_FAILED;

				if (timed && (s.next == SVC_DOWN || s.next == SVC_FAILED) &&
				    s.action != ACT_CANCEL_TIMER && s.action != ACT_GIVE_UP)
					fail_msg("%s + %s -> %s keeps its timer", svc_state_name[st],
						 svc_event_name[ev], svc_state_name[s.next]);
				if ((s.action == ACT_ARM_RESTART) != (s.next == SVC_BACKOFF &&
								     st != SVC_BACKOFF))
					fail_msg("%s + %s: %s to %s", svc_state_name[st],
						 svc_event_name[ev], svc_action_name[s.action],
						 svc_state_name[s.next]);
				if (s.action == ACT_ARM_RESTART && (in.limit_hit || !in.may_restart))
					fail_msg("%s + %s: restart past the limit or unwanted",
						 svc_state_name[st], svc_event_name[ev]);
				if (s.result == RES_START_LIMIT && !in.limit_hit)
					fail_msg("%s + %s: start limit without hitting it",
						 svc_state_name[st], svc_event_name[ev]);
			}
	}
}

static void fsm_names_complete(void **state)
{
	(void)state;
	for (int i = 0; i < _SVC_STATE_MAX; i++)
		assert_non_null(svc_state_name[i]);
	for (int i = 0; i < _SVC_EV_MAX; i++)
		assert_non_null(svc_event_name[i]);
	for (int i = 0; i < _ACT_MAX; i++)
		assert_non_null(svc_action_name[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fsm_down),	 cmocka_unit_test(fsm_starting),
		cmocka_unit_test(fsm_running),	 cmocka_unit_test(fsm_stopping),
		cmocka_unit_test(fsm_backoff),	 cmocka_unit_test(fsm_failed),
		cmocka_unit_test(fsm_timers),	 cmocka_unit_test(fsm_timer_and_budget_rules),
		cmocka_unit_test(fsm_names_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
