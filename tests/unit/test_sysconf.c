/* SPDX-License-Identifier: MIT */
/* /etc/tend/tend.conf: [Manager] keys, errors with file:line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "sysconf.h"

static void sysconf_keys(void **state)
{
	struct sysconf c;
	char rep[512];

	(void)state;
	sysconf_init(&c);
	assert_int_equal(sysconf_parse(&c,
				       "# comment\n[Manager]\nDefaultRestartSec=2s\n"
				       "DefaultTimeoutStopSec=1min 30s\nShutdownTimeoutSec=3\n"
				       "RuntimeWatchdogSec=20s\nLogLevel=debug\nShowStatus=no\n"
				       "DefaultTimeoutStartSec=500ms\r\nRebootWatchdogSec=90s\n",
				       "t.conf", rep, sizeof(rep)),
			 0);
	assert_int_equal(c.default_restart_ms, 2000);
	assert_int_equal(c.default_timeout_stop_ms, 90000);
	assert_int_equal(c.default_timeout_start_ms, 500);
	assert_int_equal(c.shutdown_timeout_ms, 3000);
	assert_int_equal(c.runtime_watchdog_ms, 20000);
	assert_int_equal(c.reboot_watchdog_ms, 90000);
	assert_int_equal(c.log_level, L_DEBUG);
	assert_int_equal(c.show_status, 0);
	assert_string_equal(rep, "");
}

static void sysconf_errors(void **state)
{
	struct sysconf c;
	char rep[512];

	(void)state;
	sysconf_init(&c);
	assert_int_equal(sysconf_parse(&c,
				       "LogLevel=info\n[Manager]\nDefaultRestartSec=soon\n"
				       "Frobnicate=1\nLogLevel=loud\nRuntimeWatchdogSec=off\n"
				       "junk\n[Other]\nX=1\n",
				       "t.conf", rep, sizeof(rep)),
			 4);
	assert_non_null(strstr(rep, "t.conf:1: LogLevel: assignment outside of a section\n"));
	assert_non_null(strstr(rep, "t.conf:3: DefaultRestartSec: cannot parse time span 'soon'\n"));
	assert_non_null(strstr(rep, "warning: t.conf:4: Frobnicate: unknown key, ignored\n"));
	assert_non_null(strstr(rep, "t.conf:5: LogLevel: unknown level 'loud'\n"));
	assert_non_null(strstr(rep, "t.conf:7: expected KEY=VALUE\n"));
	assert_non_null(strstr(rep, "warning: t.conf:8: [Other]: unknown section"));
	assert_int_equal(c.default_restart_ms, -1);	/* the default stays */
	assert_int_equal(c.runtime_watchdog_ms, 0);
	assert_int_equal(c.log_level, -1);
	assert_int_equal(c.shutdown_timeout_ms, SYSCONF_DEFAULT_SHUTDOWN_MS);
	assert_int_equal(c.reboot_watchdog_ms, SYSCONF_DEFAULT_REBOOT_WATCHDOG_MS);
}

/* LogTarget= and LogTime=: systemd's values; a bad one keeps the default. */
static void sysconf_log(void **state)
{
	static const struct {
		const char *text;
		int errors, target, or_kmsg, time;
	} cases[] = {
		{ "LogTarget=console\n", 0, LOG_TARGET_CONSOLE, 0, -1 },
		{ "LogTarget=kmsg\n", 0, LOG_TARGET_KMSG, 0, -1 },
		{ "LogTarget=syslog\n", 0, LOG_TARGET_SYSLOG, 0, -1 },
		{ "LogTarget=journal\n", 0, LOG_TARGET_SYSLOG, 0, -1 },
		{ "LogTarget=journal-or-kmsg\n", 0, LOG_TARGET_SYSLOG, 1, -1 },
		{ "LogTarget=syslog-or-kmsg\n", 0, LOG_TARGET_SYSLOG, 1, -1 },
		{ "LogTarget=auto\n", 0, LOG_TARGET_SYSLOG, 1, -1 },
		{ "LogTarget=null\n", 0, LOG_TARGET_NULL, 0, -1 },
		{ "LogTarget=printer\n", 1, -1, 0, -1 },
		{ "LogTime=yes\n", 0, -1, 0, LOG_TIME_REALTIME },
		{ "LogTime=no\n", 0, -1, 0, LOG_TIME_NONE },
		{ "LogTime=monotonic\n", 0, -1, 0, LOG_TIME_MONOTONIC },
		{ "LogTime=realtime\n", 0, -1, 0, LOG_TIME_REALTIME },
		{ "LogTime=sometimes\n", 1, -1, 0, -1 },
		{ "LogTime=auto\n", 1, -1, 0, -1 },
	};
	struct sysconf c;
	char text[128], rep[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sysconf_init(&c);
		snprintf(text, sizeof(text), "[Manager]\n%s", cases[i].text);
		assert_int_equal(sysconf_parse(&c, text, "t.conf", rep, sizeof(rep)),
				 cases[i].errors);
		assert_int_equal(c.log_target, cases[i].target);
		assert_int_equal(c.log_target_or_kmsg, cases[i].or_kmsg);
		assert_int_equal(c.log_time, cases[i].time);
	}
}

/* RebootWatchdogSec= (alias ShutdownWatchdogSec=) bounds the shutdown; off: none */
static void sysconf_reboot_watchdog(void **state)
{
	static const struct {
		const char *text;
		int errors;
		int64_t ms;
	} cases[] = {
		{ "[Manager]\nShutdownWatchdogSec=5min\n", 0, 300000 },
		{ "[Manager]\nRebootWatchdogSec=off\n", 0, 0 },
		{ "[Manager]\nRebootWatchdogSec=infinity\n", 0, 0 },
		{ "[Manager]\nRebootWatchdogSec=later\n", 1, 0 },	/* keeps the last */
	};
	struct sysconf c;
	char rep[256];

	(void)state;
	sysconf_init(&c);
	assert_int_equal(c.reboot_watchdog_ms, 600000);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sysconf_parse(&c, cases[i].text, "t", rep, sizeof(rep)),
				 cases[i].errors);
		assert_int_equal(c.reboot_watchdog_ms, cases[i].ms);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sysconf_keys),
		cmocka_unit_test(sysconf_errors),
		cmocka_unit_test(sysconf_log),
		cmocka_unit_test(sysconf_reboot_watchdog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
