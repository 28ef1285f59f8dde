/* SPDX-License-Identifier: MIT */
/*
 * The table's inputs (svc_inputs_of) and the Restart= policy
 * (svc_restart_wanted): read-only, and what systemd.service(5) says.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "svc_kind.h"
#include "unit.h"

#define NOW 1000000

static const struct unit_ctx test_ctx = {
	.hostname = "box", .machine_id = "0123abcd", .kernel_release = "6.1.0",
	.physical_memory = 1000000, .tasks_max_base = 4000,
};

static struct unit *parse(const char *text)
{
	struct unit_diag d = { 0 };
	struct unit *u = NULL;

	if (unit_parse_string(text, "t.service", &test_ctx, &u, &d) < 0)
		fail_msg("unit did not parse: %s", d.n ? d.v[0].text : "?");
	unit_diag_free(&d);
	return u;
}

/* A service of text in state st, wanted up, with StartLimitBurst=3 in 60 s. */
static struct svc *svc_of(const char *text, enum svc_state st)
{
	struct svc *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->u = parse(text);
	s->kind = &svc_kind_service;
	s->state = st;
	s->want_up = true;
	backoff_default(&s->bcfg);
	s->bcfg.burst = 3;
	s->bcfg.interval_ms = 60000;
	s->up_ms = NOW - 50;
	return s;
}

static void svc_gone(struct svc *s)
{
	unit_free(s->u);
	free(s);
}

#define FORKING "[Service]\nType=forking\nRestart=always\nExecStart=/bin/true\n"

/* Reading the inputs spends nothing: not the delay growth, not the limit. */
static void inputs_read_only(void **state)
{
	struct svc *s = svc_of(FORKING, SVC_STARTING);
	struct backoff_state before;
	struct svc_inputs in;

	(void)state;
	s->bst = (struct backoff_state){ .n = 2, .nstarts = 3, .begin_ms = NOW - 10 };
	s->have_exit = true;
	s->exit_status = 0;	/* the forking parent exited 0: the start succeeded */
	before = s->bst;
	for (int i = 0; i < 3; i++)
		in = svc_inputs_of(s, NOW);
	assert_memory_equal(&before, &s->bst, sizeof(before));
	assert_int_equal(s->result, RES_SUCCESS);
	assert_true(in.want_up && in.waits_exit && in.remain && in.exit_ok);
	assert_true(in.may_restart);
	assert_true(in.limit_hit);	/* budget used up: a restart would be refused ... */
	/* ... but the parent's exit is a successful start, not a restart */
	assert_int_equal(svc_next(s->state, SVC_EV_EXIT, &in).next, SVC_RUNNING);
	assert_int_equal(svc_next(s->state, SVC_EV_EXIT, &in).action, ACT_NONE);
	/* with budget left, the delay growth must not move either */
	s->bst = (struct backoff_state){ .n = 1, .nstarts = 1, .begin_ms = NOW - 10 };
	before = s->bst;
	in = svc_inputs_of(s, NOW);
	assert_false(in.limit_hit);
	assert_memory_equal(&before, &s->bst, sizeof(before));
	svc_gone(s);
}

static void inputs_limit(void **state)
{
	struct svc *s = svc_of("[Service]\nRestart=on-failure\nExecStart=/bin/false\n",
			       SVC_RUNNING);
	struct svc_inputs in;

	(void)state;
	s->result = RES_EXIT_CODE;
	s->have_exit = true;
	s->exit_status = 1 << 8;
	in = svc_inputs_of(s, NOW);
	assert_true(in.may_restart);
	assert_false(in.limit_hit);	/* no start yet in the window */
	s->bst = (struct backoff_state){ .nstarts = 3, .begin_ms = NOW - 100 };
	assert_true(svc_inputs_of(s, NOW).limit_hit);
	/* the window closes 60 s after it opened */
	assert_false(svc_inputs_of(s, NOW + 60000).limit_hit);
	/* tendctl restart: at once, whatever the budget */
	s->restart_now = true;
	in = svc_inputs_of(s, NOW);
	assert_true(in.may_restart);
	assert_false(in.limit_hit);
	svc_gone(s);
}

/* A stop that was asked for ends down; a timeout or watchdog stop restarts. */
static void inputs_requested_stop(void **state)
{
	struct svc *s = svc_of("[Service]\nRestart=on-failure\nExecStart=/bin/sleep 9\n",
			       SVC_STOPPING);

	(void)state;
	assert_false(svc_inputs_of(s, NOW).want_up);
	s->result = RES_WATCHDOG;
	assert_true(svc_inputs_of(s, NOW).want_up);
	assert_true(svc_inputs_of(s, NOW).may_restart);
	s->result = RES_TIMEOUT;
	assert_true(svc_inputs_of(s, NOW).may_restart);
	s->result = RES_SUCCESS;
	s->restart_now = true;
	assert_true(svc_inputs_of(s, NOW).want_up);
	s->restart_now = false;
	s->want_up = false;
	s->result = RES_WATCHDOG;
	assert_false(svc_inputs_of(s, NOW).want_up);
	assert_false(svc_inputs_of(s, NOW).may_restart);
	svc_gone(s);
}

static void inputs_shape(void **state)
{
	struct svc *n = svc_of("[Service]\nType=notify\nExecStart=/bin/true\n", SVC_STARTING);
	struct svc *o = svc_of("[Service]\nType=oneshot\nRemainAfterExit=yes\n"
			       "ExecStart=/bin/true\n", SVC_STARTING);
	struct svc *c = svc_of("[Service]\nRestart=always\nExecStart=/bin/true\n",
			       SVC_STARTING);
	struct svc_inputs in;

	(void)state;
	in = svc_inputs_of(n, NOW);
	assert_true(in.uses_notify && !in.waits_exit && !in.remain);
	in = svc_inputs_of(o, NOW);
	assert_true(!in.uses_notify && in.waits_exit && in.remain);
	/* ExecCondition= said no: skipped, never restarted */
	c->result = RES_CONDITION;
	in = svc_inputs_of(c, NOW);
	assert_true(in.exit_ok);
	assert_false(in.may_restart);
	svc_gone(n);
	svc_gone(o);
	svc_gone(c);
}

#define EXITED(c) ((c) << 8)

/* systemd.service(5), the table under Restart=: rows by result, one per policy. */
static void restart_table(void **state)
{
	static const char *const policy[] = {
		"no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort",
		"always",
	};
	static const struct {
		enum svc_result res;
		int wstatus;
		bool want[7];	/* in the order of policy[] */
	} rows[] = {
		{ RES_SUCCESS, EXITED(0), { 0, 1, 0, 0, 0, 0, 1 } },
		{ RES_EXIT_CODE, EXITED(1), { 0, 0, 1, 0, 0, 0, 1 } },
		{ RES_SIGNAL, SIGKILL, { 0, 0, 1, 1, 0, 1, 1 } },
		{ RES_CORE_DUMP, SIGSEGV | 0x80, { 0, 0, 1, 1, 0, 1, 1 } },
		{ RES_TIMEOUT, SIGKILL, { 0, 0, 1, 1, 0, 0, 1 } },
		{ RES_WATCHDOG, SIGABRT, { 0, 0, 1, 1, 1, 0, 1 } },
		{ RES_RESOURCES, EXITED(127), { 0, 0, 1, 0, 0, 0, 1 } },
		{ RES_START_LIMIT, EXITED(1), { 0, 0, 0, 0, 0, 0, 0 } },
		{ RES_DEPENDENCY, 0, { 0, 0, 0, 0, 0, 0, 0 } },
		{ RES_CONDITION, EXITED(1), { 0, 0, 0, 0, 0, 0, 0 } },
	};
	char text[200];

	(void)state;
	for (size_t p = 0; p < 7; p++) {
		struct unit *u;

		snprintf(text, sizeof(text), "[Service]\nRestart=%s\nExecStart=/bin/true\n",
			 policy[p]);
		u = parse(text);
		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
			if (svc_restart_wanted(u, rows[r].res, rows[r].wstatus, true) !=
			    rows[r].want[p])
				fail_msg("Restart=%s, result %s: want %d", policy[p],
					 svc_result_name[rows[r].res], rows[r].want[p]);
		unit_free(u);
	}
}

/* RestartPreventExitStatus= wins over Restart=; RestartForceExitStatus= over both. */
static void restart_lists(void **state)
{
	struct unit *u = parse("[Service]\nRestart=always\nRestartPreventExitStatus=3 SIGUSR1\n"
			       "ExecStart=/bin/true\n");
	struct unit *f = parse("[Service]\nRestart=no\nRestartForceExitStatus=4 SIGHUP\n"
			       "ExecStart=/bin/true\n");

	(void)state;
	assert_false(svc_restart_wanted(u, RES_EXIT_CODE, EXITED(3), true));
	assert_false(svc_restart_wanted(u, RES_SIGNAL, SIGUSR1, true));
	assert_true(svc_restart_wanted(u, RES_EXIT_CODE, EXITED(2), true));
	/* no exit status (a failed spawn): the lists don't apply */
	assert_true(svc_restart_wanted(u, RES_RESOURCES, EXITED(3), false));
	assert_true(svc_restart_wanted(f, RES_EXIT_CODE, EXITED(4), true));
	assert_true(svc_restart_wanted(f, RES_SUCCESS, SIGHUP, true));
	assert_false(svc_restart_wanted(f, RES_EXIT_CODE, EXITED(5), true));
	unit_free(u);
	unit_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inputs_read_only),	 cmocka_unit_test(inputs_limit),
		cmocka_unit_test(inputs_requested_stop), cmocka_unit_test(inputs_shape),
		cmocka_unit_test(restart_table),	 cmocka_unit_test(restart_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
