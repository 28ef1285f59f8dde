/* SPDX-License-Identifier: MIT */
#ifndef TEND_SYSCONF_H
#define TEND_SYSCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYSCONF_PATH "/etc/tend/tend.conf"	/* OPTS_DEFAULT_CONFIG */
#define SYSCONF_DEFAULT_SHUTDOWN_MS 10000
#define SYSCONF_DEFAULT_REBOOT_WATCHDOG_MS (10 * 60 * 1000)	/* systemd's */

/* /etc/tend/tend.conf, [Manager] with systemd-system.conf(5) spellings. */
struct sysconf {
	int64_t default_restart_ms;	/* DefaultRestartSec; -1: the unit default */
	int64_t default_timeout_start_ms;	/* DefaultTimeoutStartSec; -1: unset */
	int64_t default_timeout_stop_ms;	/* DefaultTimeoutStopSec; -1: unset */
	int64_t shutdown_timeout_ms;	/* ShutdownTimeoutSec: leftovers, TERM to KILL */
	int64_t runtime_watchdog_ms;	/* RuntimeWatchdogSec; 0: off */
	int64_t reboot_watchdog_ms;	/* RebootWatchdogSec: the whole shutdown; 0: none */
	const char *watchdog_device;	/* WatchdogDevice; NULL: /dev/watchdog */
	char watchdog_device_buf[128];
	int log_level;			/* LogLevel as enum log_level; -1: unset */
	int show_status;		/* ShowStatus: -1 unset, 0 no/error, 1 yes/auto */
	int log_target;			/* LogTarget as enum log_target; -1: unset */
	bool log_target_or_kmsg;	/* *-or-kmsg, auto: kmsg when syslog isn't there */
	int log_time;			/* LogTime as enum log_time; -1: unset */
};

void sysconf_init(struct sysconf *c);

/*
 * Pure: parse the text of file into c.  A bad value is an error and leaves
 * that key at its default; an unknown key or section is a warning.  Each
 * problem appends one line "file:line: key: reason" (warnings prefixed
 * "warning: ") to report.  Returns the number of errors.
 */
int sysconf_parse(struct sysconf *c, const char *text, const char *file, char *report,
		  size_t size);

#endif
