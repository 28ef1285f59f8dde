/* SPDX-License-Identifier: MIT */
/* Time spans and the other value parsers of unit files. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "timespan.h"
#include "unit.h"
#include "unitval.h"

static int64_t ms(const char *s)
{
	int64_t v = -42;

	if (timespan_parse_ms(s, &v) < 0)
		return -1;
	return v;
}

static void timespan_units(void **state)
{
	(void)state;
	assert_int_equal(ms("5"), 5000);
	assert_int_equal(ms("250ms"), 250);
	assert_int_equal(ms("1min 30s"), 90000);
	assert_int_equal(ms("1min30s"), 90000);
	assert_int_equal(ms("2h"), 7200000);
	assert_int_equal(ms("1.5s"), 1500);
	assert_int_equal(ms("  3 s  "), 3000);
	assert_int_equal(ms("1d 1h"), 90000000);
	assert_int_equal(ms("1w"), 604800000);
	assert_int_equal(ms("500us"), 1);	/* rounded up, never to 0 */
	assert_int_equal(ms("1500\xc2\xb5s"), 2);
	assert_int_equal(ms("0"), 0);
	assert_int_equal(ms("10sec"), 10000);
	assert_int_equal(ms("2 minutes"), 120000);
	assert_int_equal(ms("1M"), 2629800000LL);
	assert_true(ms("infinity") == INT64_MAX);
}

static void timespan_rejects(void **state)
{
	(void)state;
	assert_int_equal(ms(""), -1);
	assert_int_equal(ms("-5s"), -1);
	assert_int_equal(ms("5x"), -1);
	assert_int_equal(ms("s"), -1);
	assert_int_equal(ms("infinity 5s"), -1);
	assert_int_equal(ms("5 s s"), -1);
	assert_int_equal(ms("99999999999999999999s"), -1);
}

static void bools(void **state)
{
	bool b = false;

	(void)state;
	assert_int_equal(uv_bool("Yes", &b), 0);
	assert_true(b);
	assert_int_equal(uv_bool("off", &b), 0);
	assert_false(b);
	assert_int_equal(uv_bool("maybe", &b), -EINVAL);
}

static void signals(void **state)
{
	int s = 0;

	(void)state;
	assert_int_equal(uv_signal("SIGTERM", &s), 0);
	assert_int_equal(s, SIGTERM);
	assert_int_equal(uv_signal("HUP", &s), 0);
	assert_int_equal(s, SIGHUP);
	assert_int_equal(uv_signal("9", &s), 0);
	assert_int_equal(s, 9);
	assert_int_equal(uv_signal("SIGRTMIN+2", &s), 0);
	assert_int_equal(s, SIGRTMIN + 2);
	assert_int_equal(uv_signal("SIGIO", &s), 0);	/* systemd's name; glibc says POLL */
	assert_int_equal(s, SIGIO);
	assert_int_not_equal(uv_signal("SIGFOO", &s), 0);
	assert_int_not_equal(uv_signal("0", &s), 0);
}

static void sizes(void **state)
{
	uint64_t b = 0;

	(void)state;
	assert_int_equal(uv_bytes("512", 0, &b), 0);
	assert_int_equal(b, 512);
	assert_int_equal(uv_bytes("4K", 0, &b), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(uv_bytes("1.5G", 0, &b), 0);
	assert_int_equal(b, 1610612736ULL);
	assert_int_equal(uv_bytes("2T", 0, &b), 0);
	assert_int_equal(b, 2ULL << 40);
	assert_int_equal(uv_bytes("infinity", 0, &b), 0);
	assert_true(b == UNIT_LIMIT_INFINITY);
	assert_int_equal(uv_bytes("50%", 1000, &b), 0);
	assert_int_equal(b, 500);
	assert_int_not_equal(uv_bytes("50%", 0, &b), 0);
	assert_int_not_equal(uv_bytes("12Q", 0, &b), 0);
	assert_int_not_equal(uv_bytes("-1", 0, &b), 0);
}

static void cpu_sets(void **state)
{
	cpu_set_t set;

	(void)state;
	CPU_ZERO(&set);
	assert_int_equal(uv_cpu_set("0-2 5,7", &set), 0);
	assert_int_equal(CPU_COUNT(&set), 5);
	assert_true(CPU_ISSET(7, &set));
	assert_false(CPU_ISSET(3, &set));
	assert_int_not_equal(uv_cpu_set("3-1", &set), 0);
	assert_int_not_equal(uv_cpu_set("a", &set), 0);
}

static void exit_sets(void **state)
{
	struct unit_exit_set s = { { 0 }, 0 };

	(void)state;
	assert_int_equal(uv_exit_set("0 1 255 SIGKILL TERM TEMPFAIL", &s), 0);
	assert_true(unit_exit_set_has_status(&s, 255));
	assert_true(unit_exit_set_has_status(&s, 75));
	assert_false(unit_exit_set_has_status(&s, 2));
	assert_true(unit_exit_set_has_signal(&s, SIGKILL));
	assert_true(unit_exit_set_has_signal(&s, SIGTERM));
	assert_int_not_equal(uv_exit_set("256", &s), 0);
}

static void caps(void **state)
{
	uint64_t m = 0;

	(void)state;
	assert_int_equal(uv_caps("CAP_NET_BIND_SERVICE cap_sys_admin", &m), 0);
	assert_true(m == ((1ULL << 10) | (1ULL << 21)));
	assert_int_not_equal(uv_caps("CAP_MADE_UP", &m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timespan_units), cmocka_unit_test(timespan_rejects),
		cmocka_unit_test(bools),	  cmocka_unit_test(signals),
		cmocka_unit_test(sizes),	  cmocka_unit_test(cpu_sets),
		cmocka_unit_test(exit_sets),	  cmocka_unit_test(caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
