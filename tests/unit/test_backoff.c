/* Restart delays and the start limit (src/backoff.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "backoff.h"

static void default_doubles_to_cap(void **state)
{
	struct backoff_cfg c;

	(void)state;
	backoff_default(&c);
	assert_int_equal(backoff_delay(&c, 0), 100);
	assert_int_equal(backoff_delay(&c, 1), 200);
	assert_int_equal(backoff_delay(&c, 4), 1600);
	assert_int_equal(backoff_delay(&c, 8), 25600);
	assert_int_equal(backoff_delay(&c, 9), 30000);
	assert_int_equal(backoff_delay(&c, 63), 30000);
}

static void fixed_restart_sec(void **state)
{
	struct backoff_cfg c = { .base_ms = 5000, .max_ms = 0 };

	(void)state;
	assert_int_equal(backoff_delay(&c, 0), 5000);
	assert_int_equal(backoff_delay(&c, 10), 5000);
	c.base_ms = 0;
	c.max_ms = 30000;
	assert_int_equal(backoff_delay(&c, 3), 0);
}

static void systemd_steps(void **state)
{
	/* RestartSec=1s RestartSteps=3 RestartMaxDelaySec=8s: 1, 2, 4, 8, 8 */
	struct backoff_cfg c = { .base_ms = 1000, .max_ms = 8000, .steps = 3 };

	(void)state;
	assert_int_equal(backoff_delay(&c, 0), 1000);
	assert_int_equal(backoff_delay(&c, 1), 2000);
	assert_int_equal(backoff_delay(&c, 2), 4000);
	assert_int_equal(backoff_delay(&c, 3), 8000);
	assert_int_equal(backoff_delay(&c, 4), 8000);
}

static void next_grows_and_resets_after_healthy_run(void **state)
{
	struct backoff_cfg c;
	struct backoff_state st;
	int64_t t = 1000000;

	(void)state;
	backoff_default(&c);
	c.burst = 0;	/* no limit here */
	backoff_reset(&st);
	assert_int_equal(backoff_next(&c, &st, t, 5), 100);
	assert_int_equal(backoff_next(&c, &st, t, 5), 200);
	assert_int_equal(backoff_next(&c, &st, t, 5), 400);
	assert_int_equal(backoff_next(&c, &st, t, 10000), 100);	/* ran 10 s: healthy */
	assert_int_equal(backoff_next(&c, &st, t, 9999), 200);
}

static void start_limit_gives_up(void **state)
{
	struct backoff_cfg c = { .base_ms = 0, .burst = 5, .interval_ms = 10000 };
	struct backoff_state st;
	int64_t t = 0;

	(void)state;
	backoff_reset(&st);
	for (int i = 0; i < 5; i++) {
		assert_false(backoff_limit_hit(&c, &st, t));
		backoff_started(&c, &st, t);
		t += 100;
	}
	assert_true(backoff_limit_hit(&c, &st, t));
	assert_int_equal(backoff_next(&c, &st, t, 1), -1);
	assert_true(backoff_limit_hit(&c, &st, 9999));
	/* once the window (from the first start) closes, starting is allowed again */
	assert_false(backoff_limit_hit(&c, &st, 10000));
	assert_int_equal(backoff_next(&c, &st, 10000, 1), 0);
	/* a new window opens at that start: 4 more fit, the 5th is refused */
	backoff_started(&c, &st, 10000);
	for (t = 10100; t < 10500; t += 100) {
		assert_false(backoff_limit_hit(&c, &st, t));
		backoff_started(&c, &st, t);
	}
	assert_true(backoff_limit_hit(&c, &st, 19999));
	assert_false(backoff_limit_hit(&c, &st, 20000));
}

/* systemd's fixed window: starts that straddle two windows are not refused */
static void start_limit_fixed_window(void **state)
{
	struct backoff_cfg c = { .base_ms = 0, .burst = 3, .interval_ms = 1000 };
	struct backoff_state st;

	(void)state;
	backoff_reset(&st);
	backoff_started(&c, &st, 0);	/* window [0, 1000) */
	backoff_started(&c, &st, 900);
	backoff_started(&c, &st, 1000);	/* new window [1000, 2000) */
	backoff_started(&c, &st, 1100);
	assert_false(backoff_limit_hit(&c, &st, 1200));
	backoff_started(&c, &st, 1200);
	assert_true(backoff_limit_hit(&c, &st, 1300));
	/* a burst larger than any ring: counted, not stored */
	c.burst = 1000;
	backoff_reset(&st);
	for (int i = 0; i < 1000; i++)
		backoff_started(&c, &st, i);
	assert_true(backoff_limit_hit(&c, &st, 999));
	assert_false(backoff_limit_hit(&c, &st, 1000));
}

static void no_limit_when_burst_zero(void **state)
{
	struct backoff_cfg c = { .base_ms = 0, .burst = 0, .interval_ms = 10000 };
	struct backoff_state st;

	(void)state;
	backoff_reset(&st);
	for (int i = 0; i < 1000; i++)
		backoff_started(&c, &st, i);
	assert_false(backoff_limit_hit(&c, &st, 1000));
}

/* backoff_peek() answers what backoff_next() would, and spends nothing. */
static void peek_spends_nothing(void **state)
{
	struct backoff_cfg c;
	struct backoff_state st = { 0 }, before;
	int64_t t = 1000;

	(void)state;
	backoff_default(&c);
	for (int i = 0; i < 8; i++, t += 50) {
		int64_t ran = i == 4 ? c.reset_ms : 10;	/* one healthy run */

		backoff_started(&c, &st, t);
		before = st;
		int64_t p = backoff_peek(&c, &st, t, ran);

		assert_memory_equal(&before, &st, sizeof(st));
		assert_int_equal(p, backoff_next(&c, &st, t, ran));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_doubles_to_cap),
		cmocka_unit_test(fixed_restart_sec),
		cmocka_unit_test(systemd_steps),
		cmocka_unit_test(next_grows_and_resets_after_healthy_run),
		cmocka_unit_test(start_limit_gives_up),
		cmocka_unit_test(no_limit_when_burst_zero),
		cmocka_unit_test(start_limit_fixed_window),
		cmocka_unit_test(peek_spends_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
