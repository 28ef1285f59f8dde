/* SPDX-License-Identifier: MIT */
/*
 * Parsing a unit: the inih handler that dispatches each key to its parser
 * (unitkeys.c), the defaults, the checks on the whole unit.  Finding the
 * files (templates, drop-ins) is unitload.c's.  No side effects.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "unitpriv.h"
#include "unitsock.h"
#include "unittimer.h"
#include "unitread.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

const char *const service_type_name[_SERVICE_TYPE_MAX] = {
	[SERVICE_SIMPLE] = "simple", [SERVICE_EXEC] = "exec", [SERVICE_NOTIFY] = "notify",
	[SERVICE_ONESHOT] = "oneshot", [SERVICE_FORKING] = "forking",
};
const char *const unit_restart_name[_RESTART_MAX] = {
	[RESTART_NO] = "no", [RESTART_ON_SUCCESS] = "on-success",
	[RESTART_ON_FAILURE] = "on-failure", [RESTART_ON_ABNORMAL] = "on-abnormal",
	[RESTART_ON_WATCHDOG] = "on-watchdog", [RESTART_ON_ABORT] = "on-abort",
	[RESTART_ALWAYS] = "always",
};
const char *const unit_kill_mode_name[_KILL_MODE_MAX] = {
	[KILL_CONTROL_GROUP] = "control-group", [KILL_MIXED] = "mixed",
	[KILL_PROCESS] = "process", [KILL_NONE] = "none",
};
const char *const unit_notify_access_name[_NOTIFY_ACCESS_MAX] = {
	[NOTIFY_ACCESS_NONE] = "none", [NOTIFY_ACCESS_MAIN] = "main",
	[NOTIFY_ACCESS_EXEC] = "exec", [NOTIFY_ACCESS_ALL] = "all",
};
const char *const unit_action_name[_ACTION_MAX] = {
	[ACTION_NONE] = "none", [ACTION_EXIT] = "exit", [ACTION_POWEROFF] = "poweroff",
	[ACTION_REBOOT] = "reboot", [ACTION_HALT] = "halt", [ACTION_EXIT_FORCE] = "exit-force",
	[ACTION_POWEROFF_FORCE] = "poweroff-force", [ACTION_REBOOT_FORCE] = "reboot-force",
	[ACTION_HALT_FORCE] = "halt-force",
};
const char *const unit_output_name[_OUTPUT_MAX] = {
	[OUTPUT_INHERIT] = "inherit", [OUTPUT_NULL] = "null", [OUTPUT_LOG] = "journal",
	[OUTPUT_TTY] = "tty", [OUTPUT_FILE] = "file", [OUTPUT_APPEND] = "append",
	[OUTPUT_TRUNCATE] = "truncate", [OUTPUT_SOCKET] = "socket",
};

/*
 * The lists recent strv_add() calls appended to, with length and room: a
 * unit file may repeat one key 200,000 times, and counting the list on
 * every append made loading quadratic.  A slot is keyed by the field's
 * address and trusted only while the field still holds the same array;
 * strv_free() forgets an array, so a later one at that address is
 * counted afresh.
 */
#define STRV_SLOTS 64
static struct strv_slot {
	char ***field;
	char **arr;
	size_t n, cap;
} strv_slots[STRV_SLOTS];

static struct strv_slot *strv_slot(char ***v)
{
	return &strv_slots[((uintptr_t)v / sizeof(char **)) % STRV_SLOTS];
}

/* Append a copy of s (NULL: only make sure the list exists); amortised O(1). */
int strv_add(char ***v, const char *s)
{
	struct strv_slot *sl = strv_slot(v);
	size_t n = 0, cap;
	char **nv, *dup = NULL;

	if (*v && sl->field == v && sl->arr == *v) {
		n = sl->n;
		cap = sl->cap;
	} else {
		while (*v && (*v)[n])
			n++;
		cap = *v ? n + 1 : 0;
	}
	if (s) {
		dup = strdup(s);
		if (!dup)
			return -ENOMEM;
	}
	if (n + 2 > cap) {
		cap = n + 2 < 8 ? 8 : 2 * (n + 2);
		nv = realloc(*v, cap * sizeof(char *));
		if (!nv) {
			free(dup);
			return -ENOMEM;
		}
		*v = nv;
	}
	(*v)[n] = dup;
	(*v)[n + (dup ? 1 : 0)] = NULL;
	*sl = (struct strv_slot){ .field = v, .arr = *v, .n = n + (dup ? 1 : 0), .cap = cap };
	return 0;
}

void strv_free(char **v)
{
	char **p;

	if (!v)
		return;
	for (size_t i = 0; i < STRV_SLOTS; i++)
		if (strv_slots[i].arr == v)
			strv_slots[i] = (struct strv_slot){ 0 };
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

static void diag_push(struct uctx *c, enum unit_diag_kind kind, char *text)
{
	struct unit_diag *d = c->diag;
	struct unit_diag_msg *nv;

	if (kind == DIAG_ERROR)
		c->n_errors++;
	if (!d) {
		free(text);
		return;
	}
	nv = array_grow(d->v, d->n, sizeof(*nv));	/* 200,000 bad lines: not O(n^2) */
	if (!nv) {
		free(text);
		return;
	}
	d->v = nv;
	d->v[d->n].kind = kind;
	d->v[d->n++].text = text;
	d->n_by_kind[kind]++;
}

void uctx_diag(struct uctx *c, enum unit_diag_kind kind, const char *fmt, ...)
{
	char msg[512], *text;
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->key)
		r = asprintf(&text, "%s:%d: %s: %s", c->file, c->line, c->key, msg);
	else if (c->line)
		r = asprintf(&text, "%s:%d: %s", c->file, c->line, msg);
	else
		r = asprintf(&text, "%s: %s", c->file, msg);
	if (r < 0) {
		c->n_errors++;
		return;
	}
	diag_push(c, kind, text);
}

int uctx_fail(struct uctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int uctx_expand(void *data, const char *in, char **ret)
{
	struct uctx *c = data;
	char bad;
	int r;

	r = spec_expand(in, &c->spec, ret, &bad);
	if (r == -EBADMSG) {
		if (bad)
			return uctx_fail(c, "unknown specifier %%%c", bad);
		return uctx_fail(c, "'%%' at the end of the value");
	}
	return r;
}

const char *const unit_kind_suffix[_UNIT_KIND_MAX] = {
	[UNIT_KIND_SERVICE] = ".service",
	[UNIT_KIND_TARGET] = ".target",
	[UNIT_KIND_SOCKET] = ".socket",
	[UNIT_KIND_TIMER] = ".timer",
};

int unit_kind_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (int k = 0; dot && k < _UNIT_KIND_MAX; k++)
		if (strcmp(dot, unit_kind_suffix[k]) == 0)
			return k;
	return -1;
}

/* The sections a kind of unit reads; the others are ignored, as systemd does. */
static unsigned kind_sections(enum unit_kind kind)
{
	return kind == UNIT_KIND_SERVICE ? SEC_UNIT | SEC_SERVICE | SEC_INSTALL :
	       kind == UNIT_KIND_SOCKET ? SEC_UNIT | SEC_SOCKET | SEC_INSTALL :
	       kind == UNIT_KIND_TIMER ? SEC_UNIT | SEC_TIMER | SEC_INSTALL :
					  SEC_UNIT | SEC_INSTALL;
}

static unsigned section_of(const char *name)
{
	if (strcmp(name, "Unit") == 0)
		return SEC_UNIT;
	if (strcmp(name, "Service") == 0)
		return SEC_SERVICE;
	if (strcmp(name, "Install") == 0)
		return SEC_INSTALL;
	if (strcmp(name, "Socket") == 0)
		return SEC_SOCKET;
	if (strcmp(name, "Timer") == 0)
		return SEC_TIMER;
	return 0;
}

static const char *section_name(unsigned sec)
{
	return sec == SEC_UNIT ? "Unit" : sec == SEC_SERVICE ? "Service" :
	       sec == SEC_SOCKET ? "Socket" : sec == SEC_TIMER ? "Timer" : "Install";
}

/* A key tend does not implement: skip with a warning, or refuse. */
static void unsupported(struct uctx *c, unsigned sec, const char *key, const char *value)
{
	int kind = ukey_skip_kind(sec, key, value);

	if (kind < 0) {
		uctx_diag(c, DIAG_ERROR, "key %s= is not supported", key);
		return;
	}
	if (c->ctx->strict ||
	    (kind == DIAG_SKIP_SANDBOX && c->ctx->require_sandbox)) {
		uctx_diag(c, DIAG_ERROR, "key %s= is not supported (%s)", key,
			  c->ctx->strict ? "--strict" : "--require-sandbox");
		return;
	}
	if (kind == DIAG_SKIP_SANDBOX)
		uctx_diag(c, kind, "key %s= is not supported, ignored: the unit runs "
			  "less confined than written", key);
	else
		uctx_diag(c, kind, "key %s= is not supported, ignored", key);
}

/* Informational keys: ignoring them in a misspelt section changes nothing. */
static bool harmless_key(const char *key)
{
	static const char *const info[] = {
		"Description", "Documentation", "WantedBy", "RequiredBy", "UpheldBy",
		"Alias", "Also", "DefaultInstance", "SourcePath",
	};

	for (size_t i = 0; i < sizeof(info) / sizeof(info[0]); i++)
		if (strcmp(key, info[i]) == 0)
			return true;
	return false;
}

/* A section of another unit type ([Socket] in a .service): systemd ignores it. */
static bool other_type_section(const char *name)
{
	static const char *const other[] = {
		"Socket", "Timer", "Path", "Mount", "Automount", "Swap", "Slice", "Scope",
	};

	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (strcmp(name, other[i]) == 0)
			return true;
	return false;
}

/*
 * A key in a section tend does not know ("[Servce]").  Ignoring User= or
 * ExecStart= there would change who or what runs, which DESIGN.md's rule
 * refuses; a key that would be skipped anyway, or a purely informational
 * one, only gets the section's warning.
 */
static void unknown_section(struct uctx *c, const struct uline *section, const struct uline *l)
{
	struct ukey k;
	bool known = ukey_find(SEC_SERVICE, l->key, &k) != -ENOENT;

	if (strncmp(section->key, "X-", 2) == 0 || strncmp(l->key, "X-", 2) == 0)
		return;
	if (!other_type_section(section->key) && !harmless_key(l->key) &&
	    (known || ukey_skip_kind(SEC_SERVICE, l->key, l->value) < 0)) {
		c->key = NULL;
		uctx_diag(c, DIAG_ERROR, "key %s= in unknown section [%s] would change what "
			  "runs if ignored: refused (sections: [Unit], [Service], [Install])",
			  l->key, section->key);
		return;
	}
	if (c->warned_section != section) {
		c->warned_section = section;
		c->line = section->line;
		uctx_diag(c, DIAG_WARN, "unknown section [%s], ignored", section->key);
	}
}

/* Remember where the keys that whole-unit checks name were set. */
static void note_where(struct uctx *c, const char *key)
{
	struct uwhere here = { c->file, c->line };

	if (strcmp(key, "Type") == 0)
		c->at_type = here;
	else if (strcmp(key, "Restart") == 0)
		c->at_restart = here;
	else if (strcmp(key, "PrivatePIDs") == 0)
		c->at_private_pids = here;
	else if (strcmp(key, "PrivateNetwork") == 0)
		c->at_private_network = here;
	else if (strcmp(key, "ExecStart") == 0 && c->u->exec[EXEC_START].n < 2)
		c->at_start2 = (struct uwhere){ 0 };	/* none yet, or reset */
	else if (strcmp(key, "ExecStart") == 0 && !c->at_start2.line)
		c->at_start2 = here;
}

/* One assignment, called for every logical line inih hands over. */
static int on_line(void *data, const struct uline *section, const struct uline *l)
{
	struct uctx *c = data;
	struct ukey k;
	unsigned sec;
	char *x = NULL;
	int r;

	c->line = l->line;
	c->key = NULL;
	if (l->kind == UL_BAD) {
		uctx_diag(c, DIAG_ERROR, "%s: %s", l->why, l->key);
		return 0;
	}
	if (l->kind != UL_ASSIGN)
		return 0;
	if (!section) {
		uctx_diag(c, DIAG_ERROR, "key %s= above the first section", l->key);
		return 0;
	}
	sec = section_of(section->key);
	if (!sec) {
		unknown_section(c, section, l);
		return 0;
	}
	if (!(sec & kind_sections(c->u->kind))) {	/* [Service] in a .target */
		if (c->warned_section != section) {
			c->warned_section = section;
			c->line = section->line;
			uctx_diag(c, DIAG_WARN, "section [%s] does not apply to a %s unit, ignored",
				  section->key, unit_kind_suffix[c->u->kind] + 1);
		}
		return 0;
	}
	if (sec == SEC_SERVICE && !c->at_service.line)
		c->at_service = (struct uwhere){ c->file, section->line };
	c->key = l->key;
	if (strncmp(l->key, "X-", 2) == 0)
		return 0;
	r = ukey_find(sec, l->key, &k);
	if (r == -EXDEV) {
		uctx_diag(c, DIAG_ERROR, "key %s= belongs in [%s], not [%s]", l->key,
			  section_name(k.sections & SEC_UNIT ? SEC_UNIT :
				       k.sections & SEC_SERVICE ? SEC_SERVICE : SEC_INSTALL),
			  section->key);
		return 0;
	}
	if (r < 0) {
		unsupported(c, sec, l->key, l->value);
		return 0;
	}
	c->why[0] = '\0';
	r = ukey_printf(&k) ? uctx_expand(c, l->value, &x) : 0;
	if (r == 0)
		r = k.fn(c, &k, x ? x : l->value);
	free(x);
	if (r == 0 && k.set_off)
		*(bool *)((char *)c->u + k.set_off) = true;
	if (r == 0)
		note_where(c, l->key);
	if (r < 0)
		uctx_diag(c, DIAG_ERROR, "%s", r == -ENOMEM ? "out of memory" :
			  c->why[0] ? c->why : "invalid value");
	return 0;
}

/* Changed by system mode's [Manager] Default*= before units load. */
struct unit_defaults unit_defaults = {
	.restart_sec_ms = 100,
	.timeout_start_ms = 90000,
	.timeout_stop_ms = 90000,
};

/* A unit with systemd's defaults. */
struct unit *unit_new(void)
{
	struct unit *u = calloc(1, sizeof(*u));
	int i;

	if (!u)
		return NULL;
	u->success_exit_status = -1;
	u->failure_exit_status = -1;
	u->start_limit_burst = 5;
	u->start_limit_interval_ms = 10000;
	u->guess_main_pid = true;
	u->restart_sec_ms = unit_defaults.restart_sec_ms;
	u->restart_max_delay_ms = UNIT_INFINITY;
	u->timeout_start_ms = unit_defaults.timeout_start_ms;
	u->timeout_stop_ms = unit_defaults.timeout_stop_ms;
	u->timeout_abort_ms = -1;	/* = TimeoutStopSec= unless given */
	u->runtime_max_ms = UNIT_INFINITY;
	u->kill_signal = SIGTERM;
	u->final_kill_signal = SIGKILL;
	u->watchdog_signal = SIGABRT;
	u->send_sigkill = true;
	u->umask = 0022;
	for (i = 0; i < _UNIT_DIR_MAX; i++)
		u->directory_mode[i] = 0755;
	u->std_output = OUTPUT_LOG;
	u->std_error = OUTPUT_INHERIT;
	u->ignore_sigpipe = true;
	u->cpu_quota_permyriad = -1;
	u->cpu_quota_period_ms = -1;
	u->memory_max = u->memory_high = u->memory_limit = UNIT_LIMIT_UNSET;
	u->tasks_max = UNIT_LIMIT_UNSET;
	u->cap_bounding = ~0ULL;
	return u;
}

/* Every list field, so that loaded units never hold a NULL list. */
static const size_t list_fields[] = {
	offsetof(struct unit, dropins), offsetof(struct unit, sockets),
	offsetof(struct unit, wanted_by), offsetof(struct unit, required_by),
	offsetof(struct unit, alias),
	offsetof(struct unit, after), offsetof(struct unit, before),
	offsetof(struct unit, requires), offsetof(struct unit, requisite),
	offsetof(struct unit, wants), offsetof(struct unit, binds_to),
	offsetof(struct unit, part_of), offsetof(struct unit, conflicts),
	offsetof(struct unit, on_failure), offsetof(struct unit, on_success),
	offsetof(struct unit, supplementary_groups),
	offsetof(struct unit, environment), offsetof(struct unit, pass_environment),
	offsetof(struct unit, unset_environment),
	offsetof(struct unit, directories[0]), offsetof(struct unit, directories[1]),
	offsetof(struct unit, directories[2]), offsetof(struct unit, directories[3]),
	offsetof(struct unit, directories[4]),
};

/* Blame the line where w was written (the file alone when it was not). */
static void blame(struct uctx *c, const struct uwhere *w, const char *key)
{
	c->file = w->line ? w->file : c->u->path;
	c->line = w->line;
	c->key = w->line ? key : NULL;
}

static void verify_exec(struct uctx *c)
{
	struct unit *u = c->u;
	size_t n_start = u->exec[EXEC_START].n;

	if (!c->type_set)
		u->service_type = n_start ? SERVICE_SIMPLE : SERVICE_ONESHOT;
	if (!n_start && u->service_type != SERVICE_ONESHOT) {
		blame(c, &c->at_type, "Type");
		uctx_diag(c, DIAG_ERROR, "service has no ExecStart=, which only "
			  "Type=oneshot allows");
	} else if (!n_start && !u->exec[EXEC_STOP].n && u->success_action == ACTION_NONE) {
		blame(c, &c->at_service, NULL);
		uctx_diag(c, DIAG_ERROR, "service has no ExecStart=, ExecStop= or "
			  "SuccessAction=");
	}
	if (n_start > 1 && u->service_type != SERVICE_ONESHOT) {
		blame(c, &c->at_start2, "ExecStart");
		uctx_diag(c, DIAG_ERROR, "more than one ExecStart= command, which only "
			  "Type=oneshot allows (Type=%s)", service_type_name[u->service_type]);
	}
	if (u->service_type == SERVICE_ONESHOT &&
	    (u->restart == RESTART_ALWAYS || u->restart == RESTART_ON_SUCCESS)) {
		blame(c, &c->at_restart, "Restart");
		uctx_diag(c, DIAG_ERROR, "Restart=%s is not allowed for Type=oneshot",
			  unit_restart_name[u->restart]);
	}
	blame(c, &(struct uwhere){ 0 }, NULL);
}

/* Empty lists are NULL-terminated arrays, never NULL. */
static void fill_lists(struct uctx *c)
{
	for (size_t i = 0; i < sizeof(list_fields) / sizeof(list_fields[0]); i++) {
		char ***l = (char ***)((char *)c->u + list_fields[i]);

		if (!*l && strv_add(l, NULL) < 0)
			c->n_errors++;
	}
}

/*
 * A .target: with DefaultDependencies=yes (the default) it is ordered
 * after what it Wants= and Requires=, as systemd.target(5) says, so that
 * it is reached once they are up.
 */
static void verify_other(struct uctx *c)
{
	struct unit *u = c->u;
	char **lists[2] = { u->wants, u->requires };

	if (u->kind == UNIT_KIND_TARGET && !c->no_default_deps)
		for (size_t k = 0; k < 2; k++)
			for (char **d = lists[k]; d && *d; d++)
				if (strv_add(&u->after, *d) < 0)
					c->n_errors++;
	if (u->kind == UNIT_KIND_SOCKET)
		usock_verify(c);
	if (u->kind == UNIT_KIND_TIMER)
		utimer_verify(c);
	fill_lists(c);
}

void unit_verify(struct uctx *c)
{
	struct unit *u = c->u;

	c->line = 0;
	c->key = NULL;
	if (u->kind != UNIT_KIND_SERVICE) {
		verify_other(c);
		return;
	}
	verify_exec(c);
	/* Sockets=: ordered after them and wanting them, as systemd does */
	for (char **k = u->sockets; k && *k; k++)
		if (strv_add(&u->after, *k) < 0 || strv_add(&u->wants, *k) < 0)
			c->n_errors++;
	if (u->service_type == SERVICE_ONESHOT && !c->timeout_start_set)
		u->timeout_start_ms = UNIT_INFINITY;
	if (u->timeout_abort_ms < 0)
		u->timeout_abort_ms = u->timeout_stop_ms;
	if (!c->restart_kill_set)
		u->restart_kill_signal = u->kill_signal;
	if (!c->notify_access_set && (u->service_type == SERVICE_NOTIFY || u->watchdog_ms))
		u->notify_access = NOTIFY_ACCESS_MAIN;
	if (!c->stdout_set && (u->std_input == STDIN_SOCKET ||
			       u->std_input == STDIN_TTY || u->std_input == STDIN_TTY_FORCE ||
			       u->std_input == STDIN_TTY_FAIL))
		u->std_output = OUTPUT_INHERIT;
	if ((u->std_input != STDIN_NULL && u->std_input != STDIN_FILE &&
	     u->std_input != STDIN_SOCKET) ||
	    u->std_output == OUTPUT_TTY || u->std_error == OUTPUT_TTY) {
		if (!u->tty_path)
			u->tty_path = strdup("/dev/console");
	}
	if (u->private_pids && u->timeout_stop_ms == UNIT_INFINITY) {
		blame(c, &c->at_private_pids, "PrivatePIDs");
		uctx_diag(c, DIAG_ERROR, "PrivatePIDs= needs a finite TimeoutStopSec=");
	}
	/* svc_notify.c moves the socket of a PrivateTmp= unit to the abstract namespace */
	if (u->private_tmp && u->private_network && u->notify_access != NOTIFY_ACCESS_NONE &&
	    c->ctx->runtime_dir && path_in_tmp(c->ctx->runtime_dir)) {
		blame(c, &c->at_private_network, "PrivateNetwork");
		uctx_diag(c, DIAG_ERROR, "the notify socket under %s is hidden by PrivateTmp= "
			  "and its abstract twin by PrivateNetwork=: READY=1 could never "
			  "arrive (use a --runtime-dir outside /tmp)", c->ctx->runtime_dir);
	}
	blame(c, &(struct uwhere){ 0 }, NULL);
	fill_lists(c);
}

/* Parse one file's text into c->u (the unit file or one drop-in). */
int uctx_parse_text(struct uctx *c, const char *text, size_t len, const char *file)
{
	struct ureader r;
	int ret;

	c->file = file;
	ret = uread_split(&r, text, len);
	if (ret == 0)
		ret = uread_parse(&r, on_line, c);
	uread_free(&r);
	if (ret < 0)
		uctx_diag(c, DIAG_ERROR, "%s", strerror(-ret));
	return ret;
}

static void conds_free(struct unit_conds *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].value);
	free(l->v);
}

void unit_free(struct unit *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < sizeof(list_fields) / sizeof(list_fields[0]); i++)
		strv_free(*(char ***)((char *)u + list_fields[i]));
	for (i = 0; i < _EXEC_PHASE_MAX; i++)
		cmd_free(&u->exec[i]);
	usock_free(u->socket);
	utimer_free(u->timer);
	for (i = 0; i < u->n_environment_files; i++)
		free(u->environment_files[i].path);
	free(u->environment_files);
	conds_free(&u->conditions);
	conds_free(&u->asserts);
	free(u->name);
	free(u->path);
	free(u->template_name);
	free(u->instance);
	free(u->description);
	free(u->pid_file);
	free(u->user);
	free(u->group);
	free(u->working_directory);
	free(u->stdin_path);
	free(u->stdout_path);
	free(u->stderr_path);
	free(u->tty_path);
	free(u->syslog_identifier);
	free(u->rlimits);
	free(u->cpu_affinity);
	unit_ext_free(u->ext);
	free(u);
}

void unit_diag_free(struct unit_diag *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	memset(d, 0, sizeof(*d));
}
