/* Every cell of the service transition table (src/svc_fsm.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "svc_fsm.h"

static const struct svc_inputs up_restart = { .want_up = true, .may_restart = true };
static const struct svc_inputs up_norestart = { .want_up = true, .may_restart = false };
static const struct svc_inputs down = { .want_up = false };

static void expect_step(enum svc_state st, enum svc_event ev, const struct svc_inputs *in,
			enum svc_state next, enum svc_action act)
{
	struct svc_step s = svc_next(st, ev, in);

	if (s.next != next || s.action != act)
		fail_msg("%s + %s: got %s/%s, want %s/%s", svc_state_name[st], svc_event_name[ev],
			 svc_state_name[s.next], svc_action_name[s.action], svc_state_name[next],
			 svc_action_name[act]);
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
	expect_step(SVC_DOWN, SVC_EV_TIMER, &up_restart, SVC_DOWN, ACT_NONE);
}

static void fsm_starting(void **state)
{
	struct svc_inputs notify = { .want_up = true, .uses_notify = true };
	struct svc_inputs oneshot_ok = { .want_up = true, .waits_exit = true, .exit_ok = true };
	struct svc_inputs oneshot_remain = oneshot_ok;
	struct svc_inputs oneshot_bad = { .want_up = true, .waits_exit = true, .may_restart = true };

	(void)state;
	oneshot_remain.remain = true;
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
	expect_step(SVC_STARTING, SVC_EV_TIMER, &notify, SVC_STOPPING, ACT_TERM);
}

static void fsm_running(void **state)
{
	struct svc_inputs clean = { .want_up = true, .exit_ok = true };

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
	expect_step(SVC_RUNNING, SVC_EV_TIMER, &up_restart, SVC_STOPPING, ACT_WATCHDOG);
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
	expect_step(SVC_STOPPING, SVC_EV_TIMER, &down, SVC_STOPPING, ACT_KILL);
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
	expect_step(SVC_BACKOFF, SVC_EV_TIMER, &up_restart, SVC_STARTING, ACT_SPAWN);
}

static void fsm_failed(void **state)
{
	(void)state;
	expect_step(SVC_FAILED, SVC_EV_START, &up_restart, SVC_STARTING, ACT_RESET_SPAWN);
	expect_step(SVC_FAILED, SVC_EV_STOP, &down, SVC_DOWN, ACT_NONE);
	for (int ev = SVC_EV_EXEC_OK; ev < _SVC_EV_MAX; ev++)
		expect_step(SVC_FAILED, ev, &up_restart, SVC_FAILED, ACT_NONE);
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
		cmocka_unit_test(fsm_names_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
