/* The pure side of src/cgroup.c: unit keys mapped to cgroup v1 and v2 values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "unit.h"

static struct unit *parse(const char *keys)
{
	struct unit_ctx ctx = { .physical_memory = 1ULL << 30, .tasks_max_base = 1000 };
	char text[1024];
	struct unit *u = NULL;

	snprintf(text, sizeof(text), "[Service]\nExecStart=/bin/true\n%s", keys);
	assert_int_equal(unit_parse_string(text, "t.service", &ctx, &u, NULL), 0);
	return u;
}

static void limits(const char *keys, struct cg_limits *l)
{
	struct unit *u = parse(keys);

	cg_limits_of(u, l);
	unit_free(u);
}

static void cpu_max_strings(void **state)
{
	struct cg_limits l;
	char b[64];

	(void)state;
	limits("CPUQuota=20%\n", &l);
	cg_fmt_cpu_max(b, sizeof(b), &l);
	assert_string_equal(b, "20000 100000");
	limits("CPUQuota=150%\nCPUQuotaPeriodSec=10ms\n", &l);
	cg_fmt_cpu_max(b, sizeof(b), &l);
	assert_string_equal(b, "15000 10000");
	/* the kernel's minimum quota is 1 ms */
	limits("CPUQuota=1%\nCPUQuotaPeriodSec=10ms\n", &l);
	cg_fmt_cpu_max(b, sizeof(b), &l);
	assert_string_equal(b, "1000 10000");
	/* the period is clamped to 1 ms .. 1 s as systemd does */
	limits("CPUQuota=50%\nCPUQuotaPeriodSec=5s\n", &l);
	cg_fmt_cpu_max(b, sizeof(b), &l);
	assert_string_equal(b, "500000 1000000");
	limits("", &l);
	assert_false(l.cpu_quota);
	cg_fmt_cpu_max(b, sizeof(b), &l);
	assert_string_equal(b, "max 100000");
	assert_false(cg_limits_any(&l));
}

static void weight_shares(void **state)
{
	struct cg_limits l;

	(void)state;
	assert_int_equal(cg_shares_to_weight(1024), 100);
	assert_int_equal(cg_shares_to_weight(2), 1);
	assert_int_equal(cg_shares_to_weight(262144), 10000);
	assert_int_equal(cg_weight_to_shares(100), 1024);
	assert_int_equal(cg_weight_to_shares(1), 10);
	assert_int_equal(cg_weight_to_shares(10000), 102400);
	limits("CPUWeight=50\n", &l);
	assert_int_equal(l.weight, 50);
	assert_int_equal(l.shares, 512);
	limits("CPUShares=2048\n", &l);
	assert_int_equal(l.weight, 200);
	assert_int_equal(l.shares, 2048);
	assert_true(cg_limits_any(&l));
}

static void memory_tasks(void **state)
{
	struct cg_limits l;
	char b[32];

	(void)state;
	limits("MemoryMax=64M\nMemoryHigh=infinity\nTasksMax=5\n", &l);
	assert_int_equal(l.mem_max, 64 << 20);
	cg_fmt_limit(b, sizeof(b), l.mem_high, false);
	assert_string_equal(b, "max");
	cg_fmt_limit(b, sizeof(b), l.mem_high, true);
	assert_string_equal(b, "-1");
	cg_fmt_limit(b, sizeof(b), l.tasks_max, false);
	assert_string_equal(b, "5");
	/* MemoryLimit= is the old name: used when MemoryMax= is not given */
	limits("MemoryLimit=1G\n", &l);
	assert_int_equal(l.mem_max, 1ULL << 30);
	limits("MemoryLimit=1G\nMemoryMax=2G\n", &l);
	assert_int_equal(l.mem_max, 2ULL << 30);
	limits("MemoryMax=50%\n", &l);
	assert_int_equal(l.mem_max, 512 << 20);
	limits("", &l);
	assert_true(l.mem_max == UNIT_LIMIT_UNSET && l.tasks_max == UNIT_LIMIT_UNSET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpu_max_strings),
		cmocka_unit_test(weight_shares),
		cmocka_unit_test(memory_tasks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
