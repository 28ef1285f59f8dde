/* SPDX-License-Identifier: MIT */
/* calendar.c and caltz.c: systemd.time(7) calendar events and time zones. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "calcmd.h"
#include "calendar.h"
#include "caltz.h"

#define S 1000000LL

static const struct caltz *berlin(void)
{
	const struct caltz *z = caltz_lookup("Europe/Berlin");

	if (!z)
		fail_msg("no /usr/share/zoneinfo/Europe/Berlin (tzdata)");
	return z;
}

/* Parse with a given local zone; the normalised form, or "ERR <errno>". */
static const char *norm_in(const char *expr, const struct caltz *local)
{
	static char buf[512];
	const struct cal_env env = { local, caltz_lookup };
	struct cal_spec c;
	int r = calendar_parse(expr, &env, &c);

	if (r < 0) {
		snprintf(buf, sizeof(buf), "ERR %d", -r);
		return buf;
	}
	assert_int_equal(calendar_format(&c, buf, sizeof(buf)), 0);
	calendar_free(&c);
	return buf;
}

static const char *norm(const char *expr)
{
	return norm_in(expr, NULL);
}

/* UTC seconds of "YYYY-MM-DD HH:MM:SS". */
static int64_t utc(const char *s)
{
	int y, mo, d, h, mi, sec;

	assert_int_equal(sscanf(s, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec), 6);
	return caltz_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
}

/* The next elapse after base (UTC text) as UTC text, or "never". */
static const char *next_in(const char *expr, const struct caltz *local, const char *base)
{
	static char buf[64];
	const struct cal_env env = { local, caltz_lookup };
	struct cal_spec c;
	struct tm tm;
	int64_t us;
	int r;

	assert_int_equal(calendar_parse(expr, &env, &c), 0);
	r = calendar_next(&c, utc(base) * S, &us);
	calendar_free(&c);
	if (r == -ENOENT)
		return "never";
	assert_int_equal(r, 0);
	caltz_localtime(NULL, us / S, &tm);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (us % S)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".%06lld", us % S);
	return buf;
}

static const char *next(const char *expr, const char *base)
{
	return next_in(expr, NULL, base);
}

static void parse_normalises(void **state)
{
	(void)state;
	assert_string_equal(norm("daily"), "*-*-* 00:00:00");
	assert_string_equal(norm("HOURLY"), "*-*-* *:00:00");
	assert_string_equal(norm("minutely"), "*-*-* *:*:00");
	assert_string_equal(norm("weekly"), "Mon *-*-* 00:00:00");
	assert_string_equal(norm("monthly"), "*-*-01 00:00:00");
	assert_string_equal(norm("yearly"), "*-01-01 00:00:00");
	assert_string_equal(norm("quarterly"), "*-01,04,07,10-01 00:00:00");
	assert_string_equal(norm("semiannually"), "*-01,07-01 00:00:00");
	assert_string_equal(norm("Mon..Fri *-*-* 10:00"), "Mon..Fri *-*-* 10:00:00");
	assert_string_equal(norm("Mon-Wed,Fri"), "Mon..Wed,Fri *-*-* 00:00:00");
	assert_string_equal(norm("Sat,Sun"), "Sat,Sun *-*-* 00:00:00");
	assert_string_equal(norm("Mon,Tue,Wed,Thu,Fri,Sat,Sun"), "*-*-* 00:00:00");
	assert_string_equal(norm("Wed,Fri..Sun"), "Wed,Fri..Sun *-*-* 00:00:00");
	assert_string_equal(norm("*:0/15"), "*-*-* *:00/15:00");
	assert_string_equal(norm("1..5/2:00"), "*-*-* 01..05/2:00:00");
	assert_string_equal(norm("0..6/4:00"), "*-*-* 00..04/4:00:00");	/* trimmed */
	assert_string_equal(norm("9,12,9,15:30"), "*-*-* 09,12,15:30:00");	/* sorted, unique */
	assert_string_equal(norm("*-02~1"), "*-02~01 00:00:00");
	assert_string_equal(norm("*~05"), "*-*~05 00:00:00");
	assert_string_equal(norm("24-03-31"), "2024-03-31 00:00:00");
	assert_string_equal(norm("99-01-01"), "1999-01-01 00:00:00");
	assert_string_equal(norm("12:00:00.5/0.25"), "*-*-* 12:00:00.500000/0.250000");
	assert_string_equal(norm("10:00:00.123456789"), "*-*-* 10:00:00.123457");
	assert_string_equal(norm("*-*-* *:*:*"), "*-*-* *:*:*");
	assert_string_equal(norm("@1709121600"), "2024-02-28 12:00:00 UTC");
	assert_string_equal(norm("12:00 UTC"), "*-*-* 12:00:00 UTC");
	assert_string_equal(norm("12:00 Europe/Berlin"), "*-*-* 12:00:00 Europe/Berlin");
	assert_string_equal(norm("12:00 Etc/UTC"), "*-*-* 12:00:00 Etc/UTC");
	assert_string_equal(norm_in("12:00 CEST", berlin()), "*-*-* 12:00:00 CEST");
}

static void parse_refuses(void **state)
{
	static const char *const bad[] = {
		"", " daily", "daily ", "foo", "Mon..Wed..Fri", "Sun-Mon", "mon,wed friday",
		"*:*/2", "*-*-* 00:00:60", "*-*-32", "*-13-01", "25:00", "*:61",
		"*-*-* 0/0:00", "2200-01-01", "*-*-* 00:00:00 Nowhere/Land", "Monday1",
		"*-*-*-*", "1:2:3:4", "12:00 ../../etc/passwd", "*-*~29", "*-02~1-03", "*-*~3..1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strncmp(norm(bad[i]), "ERR ", 4) != 0)
			fail_msg("'%s' parsed as '%s'", bad[i], norm(bad[i]));
}

static void parse_limits_components(void **state)
{
	char buf[2048];
	int i, n = 0;

	(void)state;
	for (i = 0; i < 241; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%d", i ? "," : "", i % 60);
	snprintf(buf + n, sizeof(buf) - n, ":00");
	assert_string_equal(norm(buf), "ERR 22");	/* 241 hours: invalid, not a crash */
	n = 0;
	for (i = 0; i < 242; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%d", i ? "," : "", i % 24);
	snprintf(buf + n, sizeof(buf) - n, ":00");
	assert_string_equal(norm(buf), "ERR 105");	/* -ENOBUFS, as systemd */
}

static void next_utc(void **state)
{
	(void)state;
	assert_string_equal(next("daily", "2024-02-28 12:00:00"), "2024-02-29 00:00:00");
	assert_string_equal(next("*-02-29", "2024-03-01 00:00:00"), "2028-02-29 00:00:00");
	assert_string_equal(next("*-02~1", "2024-02-01 00:00:00"), "2024-02-29 00:00:00");
	assert_string_equal(next("*-02~1", "2025-02-01 00:00:00"), "2025-02-28 00:00:00");
	assert_string_equal(next("*-02-29 12:00", "2096-03-01 00:00:00"), "2104-02-29 12:00:00");
	assert_string_equal(next("Fri *-*-13", "2024-01-01 00:00:00"), "2024-09-13 00:00:00");
	assert_string_equal(next("Mon..Fri 10:00", "2024-03-01 10:00:00"), "2024-03-04 10:00:00");
	assert_string_equal(next("*:0/15", "2024-02-28 12:00:00"), "2024-02-28 12:15:00");
	assert_string_equal(next("*-*~1..3", "2024-04-27 00:00:00"), "2024-04-28 00:00:00");
	assert_string_equal(next("12:00:00.5/0.25", "2024-02-28 12:00:00"),
			    "2024-02-28 12:00:00.500000");
	assert_string_equal(next("2024-02-29", "2024-03-01 00:00:00"), "never");
	assert_string_equal(next("2023-02-29", "2020-01-01 00:00:00"), "never");
	assert_string_equal(next("2199-12-31 23:59:59", "2199-12-31 00:00:00"),
			    "2199-12-31 23:59:59");
	assert_string_equal(next("quarterly", "2024-12-31 23:59:59"), "2025-01-01 00:00:00");
}

static void next_dst(void **state)
{
	const struct caltz *b = berlin();

	(void)state;
	/* 2024-03-31 02:30 does not exist in Berlin: the next one is a day later */
	assert_string_equal(next_in("*-*-* 02:30", b, "2024-03-30 12:00:00"),
			    "2024-04-01 00:30:00");
	assert_string_equal(next("*-*-* 02:30 Europe/Berlin", "2024-03-30 12:00:00"),
			    "2024-04-01 00:30:00");
	/* 2024-10-27 02:30 happens twice: the first one counts */
	assert_string_equal(next_in("*-*-* 02:30", b, "2024-10-26 12:00:00"),
			    "2024-10-27 00:30:00");
	/* after the first 02:30, the next is the following day */
	assert_string_equal(next_in("*-*-* 02:30", b, "2024-10-27 00:30:00"),
			    "2024-10-28 01:30:00");
	/* hourly across the fall-back hour: 25 elapses that day */
	/* hourly across the fall-back hour: the second 02:00 (CET) is skipped,
	 * as in systemd, whose search keeps the offset it saw last */
	assert_string_equal(next_in("hourly", b, "2024-10-27 00:00:00"), "2024-10-27 02:00:00");
	assert_string_equal(next_in("daily", b, "2024-10-26 22:00:00"), "2024-10-27 23:00:00");
	/* past the last transition of the file, the POSIX rule decides */
	assert_string_equal(next_in("*-*-* 12:00", b, "2100-07-01 00:00:00"),
			    "2100-07-01 10:00:00");
	assert_string_equal(next_in("*-*-* 12:00", b, "2100-12-01 00:00:00"),
			    "2100-12-01 11:00:00");
	/* a local zone name fixes tm_isdst: CEST in winter never matches, as
	 * with systemd; CET does */
	assert_string_equal(next_in("*-*-* 12:00 CEST", b, "2024-01-10 00:00:00"), "never");
	assert_string_equal(next_in("*-*-* 12:00 CET", b, "2024-01-10 00:00:00"),
			    "2024-01-10 11:00:00");
}

static void tz_rules(void **state)
{
	struct caltz_rule r;
	struct caltz *z;
	struct caltz_info in;

	(void)state;
	assert_int_equal(caltz_parse_rule("CET-1CEST,M3.5.0,M10.5.0/3", &r), 0);
	assert_int_equal(r.std_off, 3600);
	assert_int_equal(r.dst_off, 7200);
	assert_string_equal(r.dst_name, "CEST");
	assert_int_equal(caltz_parse_rule("<+0330>-3:30", &r), 0);
	assert_int_equal(r.std_off, 12600);
	assert_false(r.has_dst);
	assert_int_equal(caltz_parse_rule("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", &r), 0);
	assert_int_equal(r.start.secs, -7200);
	assert_int_equal(caltz_parse_rule("EST5EDT,M3.2.0,M11.1.0", &r), 0);
	assert_int_equal(caltz_parse_rule("AB1", &r), -EINVAL);
	assert_int_equal(caltz_parse_rule("CET-1CEST,M13.5.0,M10.5.0", &r), -EINVAL);
	assert_int_equal(caltz_parse_rule("CET-1CEST,M3.5.0", &r), -EINVAL);
	assert_int_equal(caltz_from_rule("EST5EDT,M3.2.0,M11.1.0", &z), 0);
	caltz_info(z, utc("2030-03-10 06:59:59"), &in);	/* 01:59:59 EST */
	assert_int_equal(in.off, -18000);
	caltz_info(z, utc("2030-03-10 07:00:00"), &in);	/* 03:00 EDT */
	assert_int_equal(in.off, -14400);
	assert_true(in.isdst);
	assert_string_equal(in.abbr, "EDT");
	caltz_info(z, utc("2030-11-03 06:00:00"), &in);	/* 01:00 EST again */
	assert_int_equal(in.off, -18000);
	caltz_free(z);
}

static void tz_tzif(void **state)
{
	static const unsigned char junk[] = "TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xff\xff\xff\xff";
	struct caltz *z = NULL;
	FILE *f;
	unsigned char buf[8192];
	size_t n, cut;

	(void)state;
	assert_int_equal(caltz_parse_tzif(junk, sizeof(junk), &z), -EINVAL);
	assert_int_equal(caltz_parse_tzif("nope", 4, &z), -EINVAL);
	f = fopen("/usr/share/zoneinfo/Europe/Berlin", "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(caltz_parse_tzif(buf, n, &z), 0);
	caltz_free(z);
	for (cut = 0; cut < n; cut += 7) {	/* every truncation is refused or whole */
		z = NULL;
		if (caltz_parse_tzif(buf, cut, &z) == 0)
			caltz_free(z);
	}
	assert_false(caltz_name_ok("../etc/passwd"));
	assert_false(caltz_name_ok("/etc/localtime"));
	assert_false(caltz_name_ok("Europe/"));
	assert_true(caltz_name_ok("America/Argentina/Buenos_Aires"));
	assert_true(caltz_name_ok("Etc/GMT+5"));
	assert_null(caltz_lookup("Europe/Nowhere"));
	assert_ptr_equal(caltz_lookup("Europe/Berlin"), caltz_lookup("Europe/Berlin"));
}

static void tz_mktime(void **state)
{
	const struct caltz *b = berlin();
	struct tm tm = { .tm_year = 124, .tm_mon = 2, .tm_mday = 31, .tm_hour = 2, .tm_min = 30,
			 .tm_isdst = -1 };
	int32_t hint = 3600;

	(void)state;
	/* skipped 02:30 reads as 03:30 CEST, as glibc's mktime() does */
	assert_int_equal(caltz_mktime(b, &tm, &hint), utc("2024-03-31 01:30:00"));
	assert_int_equal(tm.tm_hour, 3);
	assert_int_equal(tm.tm_isdst, 1);
	/* the doubled 02:30 follows the hint, or the asked tm_isdst */
	tm = (struct tm){ .tm_year = 124, .tm_mon = 9, .tm_mday = 27, .tm_hour = 2,
			  .tm_min = 30, .tm_isdst = -1 };
	hint = 3600;
	assert_int_equal(caltz_mktime(b, &tm, &hint), utc("2024-10-27 01:30:00"));
	tm = (struct tm){ .tm_year = 124, .tm_mon = 9, .tm_mday = 27, .tm_hour = 2,
			  .tm_min = 30, .tm_isdst = 1 };
	assert_int_equal(caltz_mktime(b, &tm, &hint), utc("2024-10-27 00:30:00"));
	/* fields out of range carry over: Feb 30 is Mar 1 (2024) */
	tm = (struct tm){ .tm_year = 124, .tm_mon = 1, .tm_mday = 30, .tm_isdst = -1 };
	assert_int_equal(caltz_mktime(NULL, &tm, &hint), utc("2024-03-01 00:00:00"));
	assert_int_equal(tm.tm_wday, 5);
}

static void base_time(void **state)
{
	int64_t us;

	(void)state;
	unsetenv("TZ");
	setenv("TZ", "UTC", 1);
	assert_int_equal(calcmd_parse_time("@1709121600", 0, &us), 0);
	assert_int_equal(us, 1709121600 * S);
	assert_int_equal(calcmd_parse_time("2024-02-28 12:00:00 UTC", 0, &us), 0);
	assert_int_equal(us, 1709121600 * S);
	assert_int_equal(calcmd_parse_time("Wed 2024-02-28 13:00:00 Europe/Berlin", 0, &us), 0);
	assert_int_equal(us, 1709121600 * S);
	assert_int_equal(calcmd_parse_time("now", 42, &us), 0);
	assert_int_equal(us, 42);
	assert_int_equal(calcmd_parse_time("2024-02-28 25:00", 0, &us), -EINVAL);
	assert_int_equal(calcmd_parse_time("yesterday-ish", 0, &us), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_normalises), cmocka_unit_test(parse_refuses),
		cmocka_unit_test(parse_limits_components), cmocka_unit_test(next_utc),
		cmocka_unit_test(next_dst), cmocka_unit_test(tz_rules),
		cmocka_unit_test(tz_tzif), cmocka_unit_test(tz_mktime),
		cmocka_unit_test(base_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
