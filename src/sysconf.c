/* SPDX-License-Identifier: MIT */
/*
 * The manager configuration of system mode, /etc/tend/tend.conf: one
 * [Manager] section with the keys of systemd-system.conf(5) that tend
 * implements.  A bad line never stops a boot: it is reported with its
 * file:line and the key keeps its default.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "sysconf.h"
#include "timespan.h"
#include "util.h"
#include "nofail.h"

struct pctx {
	const char *file;
	unsigned line;
	char *report;
	size_t size, len;
	int errors;
};

void sysconf_init(struct sysconf *c)
{
	memset(c, 0, sizeof(*c));
	c->default_restart_ms = -1;
	c->default_timeout_start_ms = -1;
	c->default_timeout_stop_ms = -1;
	c->shutdown_timeout_ms = SYSCONF_DEFAULT_SHUTDOWN_MS;
	c->reboot_watchdog_ms = SYSCONF_DEFAULT_REBOOT_WATCHDOG_MS;
	c->log_level = -1;
	c->show_status = -1;
	c->log_target = -1;
	c->log_time = -1;
}

static void say(struct pctx *p, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct pctx *p, bool error, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (error)
		p->errors++;
	if (!p->report || p->len + 1 >= p->size)
		return;
	n = snprintf(p->report + p->len, p->size - p->len, "%s%s:%u: ",
		     error ? "" : "warning: ", p->file, p->line);
	if (n > 0)
		p->len = p->len + (size_t)n < p->size ? p->len + (size_t)n : p->size - 1;
	va_start(ap, fmt);
	n = vsnprintf(p->report + p->len, p->size - p->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		p->len = p->len + (size_t)n < p->size ? p->len + (size_t)n : p->size - 1;
	if (p->len + 1 < p->size) {
		p->report[p->len++] = '\n';
		p->report[p->len] = '\0';
	}
}

static int parse_level(const char *v)
{
	static const struct {
		const char *name;
		int level;
	} t[] = {
		{ "emerg", L_EMERG }, { "alert", L_EMERG }, { "crit", L_EMERG },
		{ "err", L_ERR }, { "warning", L_WARN }, { "notice", L_INFO },
		{ "info", L_INFO }, { "debug", L_DEBUG },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(v, t[i].name) == 0)
			return t[i].level;
	if (v[0] >= '0' && v[0] <= '7' && !v[1])
		return t[v[0] - '0'].level;
	return -1;
}

static int parse_show(const char *v)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on") ||
	    !strcmp(v, "1") || !strcasecmp(v, "auto"))
		return 1;
	if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcasecmp(v, "off") ||
	    !strcmp(v, "0") || !strcasecmp(v, "error"))
		return 0;
	return -1;
}

/* Keys systemd-system.conf has and tend leaves alone without changing what runs. */
static const char *const ignored[] = {
	"LogColor", "LogLocation", "DumpCore", "CrashShell",
	"CrashReboot", "CrashChangeVT", "CtrlAltDelBurstAction", "CPUAffinity",
	"NUMAPolicy", "NUMAMask",
	"KExecWatchdogSec", "WatchdogDevice", "StatusUnitFormat",
	"DefaultStandardOutput", "DefaultStandardError", "DefaultTimerAccuracySec",
};

/* LogTarget=: systemd's values; journal is reached through /dev/log too. */
static bool parse_target(struct sysconf *c, const char *v)
{
	static const struct {
		const char *name;
		int target;
		bool or_kmsg;
	} t[] = {
		{ "console", LOG_TARGET_CONSOLE, false }, { "kmsg", LOG_TARGET_KMSG, false },
		{ "syslog", LOG_TARGET_SYSLOG, false }, { "journal", LOG_TARGET_SYSLOG, false },
		{ "syslog-or-kmsg", LOG_TARGET_SYSLOG, true },
		{ "journal-or-kmsg", LOG_TARGET_SYSLOG, true },
		{ "auto", LOG_TARGET_SYSLOG, true }, { "null", LOG_TARGET_NULL, false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (strcmp(v, t[i].name) == 0) {
			c->log_target = t[i].target;
			c->log_target_or_kmsg = t[i].or_kmsg;
			return true;
		}
	}
	return false;
}

/* LogTime=: systemd's boolean (yes: the wall clock), or which clock. */
static int parse_time(const char *v)
{
	if (!strcmp(v, "monotonic"))
		return LOG_TIME_MONOTONIC;
	if (!strcmp(v, "realtime"))
		return LOG_TIME_REALTIME;
	switch (parse_show(v)) {
	case 1:
		return strcasecmp(v, "auto") ? LOG_TIME_REALTIME : -1;
	case 0:
		return strcasecmp(v, "error") ? LOG_TIME_NONE : -1;
	default:
		return -1;
	}
}

static void manager_key(struct sysconf *c, struct pctx *p, const char *k, const char *v)
{
	int64_t *ms = NULL;
	int x;

	if (!strcmp(k, "DefaultRestartSec"))
		ms = &c->default_restart_ms;
	else if (!strcmp(k, "DefaultTimeoutStartSec"))
		ms = &c->default_timeout_start_ms;
	else if (!strcmp(k, "DefaultTimeoutStopSec"))
		ms = &c->default_timeout_stop_ms;
	else if (!strcmp(k, "ShutdownTimeoutSec"))
		ms = &c->shutdown_timeout_ms;
	else if (!strcmp(k, "RuntimeWatchdogSec"))
		ms = &c->runtime_watchdog_ms;
	else if (!strcmp(k, "RebootWatchdogSec") || !strcmp(k, "ShutdownWatchdogSec"))
		ms = &c->reboot_watchdog_ms;
	if (ms) {
		int64_t val;

		if ((ms == &c->runtime_watchdog_ms || ms == &c->reboot_watchdog_ms) &&
		    !strcmp(v, "off")) {
			*ms = 0;
			return;
		}
		if (timespan_parse_ms(v, &val) < 0) {
			say(p, true, "%s: cannot parse time span '%s'", k, v);
			return;
		}
		if ((ms == &c->runtime_watchdog_ms || ms == &c->reboot_watchdog_ms) &&
		    val == INT64_MAX)
			val = 0;
		*ms = val;
		return;
	}
	if (!strcmp(k, "LogLevel")) {
		x = parse_level(v);
		if (x < 0)
			say(p, true, "%s: unknown level '%s'", k, v);
		else
			c->log_level = x;
		return;
	}
	if (!strcmp(k, "LogTarget")) {
		if (!parse_target(c, v))
			say(p, true, "%s: expected console, kmsg, syslog, journal, "
				     "syslog-or-kmsg, journal-or-kmsg, auto or null, not '%s'", k, v);
		return;
	}
	if (!strcmp(k, "LogTime")) {
		x = parse_time(v);
		if (x < 0)
			say(p, true, "%s: expected a boolean, monotonic or realtime, not '%s'", k, v);
		else
			c->log_time = x;
		return;
	}
	if (!strcmp(k, "ShowStatus")) {
		x = parse_show(v);
		if (x < 0)
			say(p, true, "%s: expected yes, no, auto or error, not '%s'", k, v);
		else
			c->show_status = x;
		return;
	}
	if (!strcmp(k, "WatchdogDevice") && *v) {
		if (v[0] != '/' || !strscpy(c->watchdog_device_buf, v,
					   sizeof(c->watchdog_device_buf))) {
			say(p, true, "%s: expected an absolute path, not '%s'", k, v);
			return;
		}
		c->watchdog_device = c->watchdog_device_buf;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(ignored); i++)
		if (!strcmp(k, ignored[i]))
			return;
	say(p, false, "%s: unknown key, ignored", k);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int sysconf_parse(struct sysconf *c, const char *text, const char *file, char *report,
		  size_t size)
{
	struct pctx p = { .file = file, .report = report, .size = size };
	enum { NONE, MANAGER, OTHER } sect = NONE;
	char line[1024];

	if (report && size)
		report[0] = '\0';
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *s, *eq;

		p.line++;
		if (n >= sizeof(line)) {
			say(&p, true, "line longer than %zu bytes", sizeof(line) - 1);
			n = 0;
			line[0] = '\0';
		} else {
			memcpy(line, text, n);
			line[n] = '\0';
		}
		text += strcspn(text, "\n");
		if (*text)
			text++;
		s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');

			if (!e || e[1]) {
				say(&p, true, "malformed section header");
				sect = OTHER;
				continue;
			}
			*e = '\0';
			sect = strcmp(s + 1, "Manager") == 0 ? MANAGER : OTHER;
			if (sect == OTHER)
				say(&p, false, "[%s]: unknown section, ignored", s + 1);
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			say(&p, true, "expected KEY=VALUE");
			continue;
		}
		*eq = '\0';
		if (sect == NONE) {
			say(&p, true, "%s: assignment outside of a section", trim(s));
			continue;
		}
		if (sect == MANAGER)
			manager_key(c, &p, trim(s), trim(eq + 1));
	}
	return p.errors;
}
