/* SPDX-License-Identifier: MIT */
/*
 * notify-client: a small Type=notify service, the reference client of
 * tend's NOTIFY_SOCKET.  It speaks through libsystemd's sd_notify():
 * STATUS=starting, READY=1, then WATCHDOG=1 every WATCHDOG_USEC/2 when the
 * manager asked for a watchdog, and STOPPING=1 when SIGTERM or SIGINT
 * arrives.  Every step is also printed on stdout, for the log tests.
 *
 *   notify-client [--delay MS] [--pings N] [--trigger] [--exit CODE]
 *     --delay MS   wait MS milliseconds before READY=1 (a slow start)
 *     --pings N    stop pinging after N pings and hang (a watchdog miss)
 *     --trigger    send WATCHDOG=trigger right after READY=1
 *     --exit CODE  exit with CODE when stopped (default 0)
 *
 * [Service]
 * Type=notify
 * ExecStart=/usr/local/libexec/tend/notify-client
 * WatchdogSec=2
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>

static void say(const char *what)
{
	printf("notify-client: %s\n", what);
	fflush(stdout);
}

static void usage(void)
{
	fprintf(stderr, "usage: notify-client [--delay MS] [--pings N] [--trigger] [--exit CODE]\n");
	exit(100);
}

/* Wait for SIGTERM/SIGINT at most timeout_ms (-1: forever); true if one came. */
static bool wait_stop(const sigset_t *set, long timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000 };
	int sig;

	do
		sig = sigtimedwait(set, NULL, timeout_ms < 0 ? NULL : &ts);
	while (sig < 0 && errno == EINTR);
	return sig > 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "pings", required_argument, NULL, 'p' },
		{ "trigger", no_argument, NULL, 't' },
		{ "exit", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	long delay_ms = 0, pings = -1, code = 0, interval_ms = -1;
	bool trigger = false;
	uint64_t usec = 0;
	sigset_t set;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			delay_ms = strtol(optarg, NULL, 10);
			break;
		case 'p':
			pings = strtol(optarg, NULL, 10);
			break;
		case 't':
			trigger = true;
			break;
		case 'e':
			code = strtol(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	/* signals arrive through sigtimedwait(), which also paces the pings */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);

	if (!getenv("NOTIFY_SOCKET"))
		say("no NOTIFY_SOCKET: nobody to tell");
	sd_notify(0, "STATUS=starting");
	say("starting");
	if (delay_ms > 0 && wait_stop(&set, delay_ms))
		goto stop;

	/* 0 when not asked for (or WATCHDOG_PID names another process) */
	if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
		interval_ms = (long)(usec / 2000) > 0 ? (long)(usec / 2000) : 1;
	sd_notifyf(0, "READY=1\nSTATUS=running, watchdog %s", interval_ms > 0 ? "on" : "off");
	say("ready");
	if (trigger) {
		sd_notify(0, "WATCHDOG=trigger");
		say("watchdog triggered");
	}

	for (;;) {
		if (interval_ms > 0 && pings == 0) {
			say("hanging: no more watchdog pings");
			interval_ms = -1;
		}
		if (wait_stop(&set, interval_ms))
			break;
		sd_notify(0, "WATCHDOG=1");
		if (pings > 0)
			pings--;
	}
stop:
	sd_notify(0, "STOPPING=1\nSTATUS=stopping");
	say("stopping");
	return (int)code;
}
