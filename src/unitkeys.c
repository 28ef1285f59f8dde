/* SPDX-License-Identifier: MIT */
/*
 * The keys tend understands, each with the parser that turns its value
 * into fields of struct unit, and the keys it knowingly skips.  The
 * generic parsers and the [Unit]/[Service] ones live here; those of a
 * service's processes (exec, resource control) in unitexec.c.  Pure.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmdline.h"
#include "timespan.h"
#include "unitpriv.h"
#include "unitsock.h"
#include "unittimer.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

/* the key table names only the fields each entry needs */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"


int ukey_string(struct uctx *c, const struct ukey *k, const char *v)
{
	char **f = FIELD(c, k, char *);
	char *s = NULL;

	if (*v) {
		s = strdup(v);
		if (!s)
			return -ENOMEM;
	}
	free(*f);
	*f = s;
	return 0;
}

static int p_path(struct uctx *c, const struct ukey *k, const char *v)
{
	if (*v && !uv_path_ok(v))
		return uctx_fail(c, "not an absolute path: %s", v);
	return ukey_string(c, k, v);
}

/* After=, Wants= ...: unit names; an empty value does nothing. */
static int p_deps(struct uctx *c, const struct ukey *k, const char *v)
{
	char **f = FIELD(c, k, char *), *w;
	int r;

	for (;;) {
		r = cmd_word(&v, &w, CMD_RETAIN_ESCAPE);
		if (r <= 0)
			return r == -EINVAL ? uctx_fail(c, "bad quoting") : r;
		if (!uv_unit_name_ok(w)) {
			r = uctx_fail(c, "not a unit name: %s", w);
			free(w);
			return r;
		}
		r = strv_add((char ***)f, w);
		free(w);
		if (r < 0)
			return r;
	}
}

/* A list of words that appends, and resets on an empty value. */
int ukey_words(struct uctx *c, const struct ukey *k, const char *v)
{
	char ***f = FIELD(c, k, char **), *w;
	int r;

	if (!*v) {
		strv_free(*f);
		*f = NULL;
		return strv_add(f, NULL);
	}
	for (;;) {
		r = cmd_word(&v, &w, CMD_UNQUOTE | (unsigned)k->arg);
		if (r <= 0)
			return r == -EINVAL ? uctx_fail(c, "bad quoting") : r;
		if (k->tbl && !((bool (*)(const char *))k->tbl)(w)) {
			r = uctx_fail(c, "invalid entry: %s", w);
			free(w);
			return r;
		}
		r = strv_add(f, w);
		free(w);
		if (r < 0)
			return r;
	}
}

/*
 * Keys that change nothing at run time, in systemd too ([Install], which
 * only systemctl enable reads; Documentation=; RequiresMountsFor=, whose
 * mount units tend has none of): checked as systemd checks them, not
 * kept.  k->arg: 0 words (k->tbl checks each), 1 unit names.
 */
static int p_checked(struct uctx *c, const struct ukey *k, const char *v)
{
	char *w;
	int r;

	for (;;) {
		r = cmd_word(&v, &w, k->arg == 1 ? CMD_RETAIN_ESCAPE : CMD_UNQUOTE);
		if (r <= 0)
			return r == -EINVAL ? uctx_fail(c, "bad quoting") : r;
		if (k->arg == 1 ? !uv_unit_name_ok(w) :
		    k->tbl && !((bool (*)(const char *))k->tbl)(w))
			r = uctx_fail(c, "%s: %s", k->arg == 1 ? "not a unit name" : "invalid entry",
				      w);
		free(w);
		if (r < 0)
			return r;
	}
}

/* DefaultDependencies=: read while loading (a .target's ordering), not kept. */
static int p_default_deps(struct uctx *c, const struct ukey *k, const char *v)
{
	bool b;

	(void)k;
	if (uv_bool(v, &b) < 0)
		return uctx_fail(c, "not a boolean: %s", v);
	c->no_default_deps = !b;
	return 0;
}

static int p_bool(struct uctx *c, const struct ukey *k, const char *v)
{
	if (uv_bool(v, FIELD(c, k, bool)) < 0)
		return uctx_fail(c, "not a boolean: %s", v);
	return 0;
}

/* Times in ms; k->arg: 1 if 0 means infinity (timeouts). */
static int p_time(struct uctx *c, const struct ukey *k, const char *v)
{
	int64_t ms;
	int r = timespan_parse_ms(v, &ms);

	if (r < 0)
		return uctx_fail(c, "not a time span: %s", v);
	if (k->arg == 1 && ms == 0)
		ms = UNIT_INFINITY;
	*FIELD(c, k, int64_t) = ms;
	return 0;
}

int ukey_enum(struct uctx *c, const struct ukey *k, const char *v)
{
	const struct name_val *t;

	for (t = k->tbl; t->name; t++) {
		if (strcmp(t->name, v) == 0) {
			if (t->val < 0)
				return uctx_fail(c, "value %s is not supported", v);
			*FIELD(c, k, int) = t->val;
			return 0;
		}
	}
	return uctx_fail(c, "invalid value: %s", v);
}

static int p_signal(struct uctx *c, const struct ukey *k, const char *v)
{
	if (uv_signal(v, FIELD(c, k, int)) < 0)
		return uctx_fail(c, "not a signal: %s", v);
	return 0;
}

static int p_exit_set(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_exit_set *f = FIELD(c, k, struct unit_exit_set), s = *f;

	if (!*v) {
		memset(f, 0, sizeof(*f));
		return 0;
	}
	if (uv_exit_set(v, &s) < 0)
		return uctx_fail(c, "not an exit status or signal list: %s", v);
	*f = s;
	return 0;
}

int ukey_mode(struct uctx *c, const struct ukey *k, const char *v)
{
	if (uv_mode(v, FIELD(c, k, mode_t)) < 0)
		return uctx_fail(c, "not an octal mode: %s", v);
	return 0;
}

/* An int field in [tbl-given range]: k->arg is the index in ranges[]. */
static const long long ranges[][2] = {
	{ 0, 1000000 },		/* 0: counts */
	{ -20, 19 },		/* 1: nice */
	{ 0, 99 },		/* 2: rt priority */
	{ 0, 7 },		/* 3: io priority */
	{ -1000, 1000 },	/* 4: oom score */
	{ 0, 255 },		/* 5: exit status */
};

static int p_int(struct uctx *c, const struct ukey *k, const char *v)
{
	long long n;

	if (uv_int(v, ranges[k->arg][0], ranges[k->arg][1], &n) < 0)
		return uctx_fail(c, "not a number in %lld..%lld: %s", ranges[k->arg][0],
				 ranges[k->arg][1], v);
	*FIELD(c, k, int) = (int)n;
	return 0;
}

static const struct name_val cond_names[] = {
	{ "PathExists", COND_PATH_EXISTS },
	{ "PathExistsGlob", COND_PATH_EXISTS_GLOB },
	{ "PathIsDirectory", COND_PATH_IS_DIRECTORY },
	{ "PathIsSymbolicLink", COND_PATH_IS_SYMBOLIC_LINK },
	{ "PathIsMountPoint", COND_PATH_IS_MOUNT_POINT },
	{ "PathIsReadWrite", COND_PATH_IS_READ_WRITE },
	{ "PathIsEncrypted", COND_PATH_IS_ENCRYPTED },
	{ "DirectoryNotEmpty", COND_DIRECTORY_NOT_EMPTY },
	{ "FileNotEmpty", COND_FILE_NOT_EMPTY },
	{ "FileIsExecutable", COND_FILE_IS_EXECUTABLE },
	{ "Virtualization", COND_VIRTUALIZATION },
	{ "Host", COND_HOST },
	{ "KernelCommandLine", COND_KERNEL_COMMAND_LINE },
	{ "KernelVersion", COND_KERNEL_VERSION },
	{ "Architecture", COND_ARCHITECTURE },
	{ "Firmware", COND_FIRMWARE },
	{ "ACPower", COND_AC_POWER },
	{ "Capability", COND_CAPABILITY },
	{ "Security", COND_SECURITY },
	{ "NeedsUpdate", COND_NEEDS_UPDATE },
	{ "FirstBoot", COND_FIRST_BOOT },
	{ "User", COND_USER },
	{ "Group", COND_GROUP },
	{ "ControlGroupController", COND_CONTROL_GROUP_CONTROLLER },
	{ "Environment", COND_ENVIRONMENT },
	{ "OSRelease", COND_OS_RELEASE },
	{ "CPUs", COND_CPUS },
	{ "Memory", COND_MEMORY },
	{ "CPUFeature", COND_CPU_FEATURE },
	{ "Credential", COND_CREDENTIAL },
	{ "MemoryPressure", COND_MEMORY_PRESSURE },
	{ "CPUPressure", COND_CPU_PRESSURE },
	{ "IOPressure", COND_IO_PRESSURE },
	{ NULL, 0 },
};

const char *const unit_cond_kind_name[_COND_KIND_MAX] = {
#define C(k, n) [k] = n
	C(COND_PATH_EXISTS, "PathExists"), C(COND_PATH_EXISTS_GLOB, "PathExistsGlob"),
	C(COND_PATH_IS_DIRECTORY, "PathIsDirectory"),
	C(COND_PATH_IS_SYMBOLIC_LINK, "PathIsSymbolicLink"),
	C(COND_PATH_IS_MOUNT_POINT, "PathIsMountPoint"),
	C(COND_PATH_IS_READ_WRITE, "PathIsReadWrite"),
	C(COND_PATH_IS_ENCRYPTED, "PathIsEncrypted"),
	C(COND_DIRECTORY_NOT_EMPTY, "DirectoryNotEmpty"),
	C(COND_FILE_NOT_EMPTY, "FileNotEmpty"), C(COND_FILE_IS_EXECUTABLE, "FileIsExecutable"),
	C(COND_VIRTUALIZATION, "Virtualization"), C(COND_HOST, "Host"),
	C(COND_KERNEL_COMMAND_LINE, "KernelCommandLine"),
	C(COND_KERNEL_VERSION, "KernelVersion"), C(COND_ARCHITECTURE, "Architecture"),
	C(COND_FIRMWARE, "Firmware"), C(COND_AC_POWER, "ACPower"),
	C(COND_CAPABILITY, "Capability"), C(COND_SECURITY, "Security"),
	C(COND_NEEDS_UPDATE, "NeedsUpdate"), C(COND_FIRST_BOOT, "FirstBoot"),
	C(COND_USER, "User"), C(COND_GROUP, "Group"),
	C(COND_CONTROL_GROUP_CONTROLLER, "ControlGroupController"),
	C(COND_ENVIRONMENT, "Environment"), C(COND_OS_RELEASE, "OSRelease"),
	C(COND_CPUS, "CPUs"), C(COND_MEMORY, "Memory"), C(COND_CPU_FEATURE, "CPUFeature"),
	C(COND_CREDENTIAL, "Credential"), C(COND_MEMORY_PRESSURE, "MemoryPressure"),
	C(COND_CPU_PRESSURE, "CPUPressure"), C(COND_IO_PRESSURE, "IOPressure"),
#undef C
};

/* Condition*= and Assert*=: "|!value"; empty resets the whole list. */
static int p_cond(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_conds *l = k->arg ? &c->u->asserts : &c->u->conditions;
	struct unit_cond *nv, cond = { .kind = (enum unit_cond_kind)k->off, .line = c->line };
	size_t i;

	if (!*v) {
		for (i = 0; i < l->n; i++)
			free(l->v[i].value);
		free(l->v);
		l->v = NULL;
		l->n = 0;
		return 0;
	}
	/* as systemd: '|' first, then '!', each followed by optional blanks */
	if (*v == '|') {
		cond.trigger = true;
		v += 1 + strspn(v + 1, " \t");
	}
	if (*v == '!') {
		cond.negate = true;
		v += 1 + strspn(v + 1, " \t");
	}
	cond.file = c->u->path;
	for (i = 0; c->u->dropins && c->u->dropins[i]; i++)
		if (strcmp(c->u->dropins[i], c->file) == 0)
			cond.file = c->u->dropins[i];
	if (cond.kind <= COND_FILE_IS_EXECUTABLE && !uv_path_ok(v))
		return uctx_fail(c, "not an absolute path: %s", v);
	nv = array_grow(l->v, l->n, sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	l->v = nv;
	cond.value = strdup(v);
	if (!cond.value)
		return -ENOMEM;
	l->v[l->n++] = cond;
	return 0;
}

static int p_uint(struct uctx *c, const struct ukey *k, const char *v)
{
	long long n;

	if (uv_int(v, 0, 1000000, &n) < 0)
		return uctx_fail(c, "not a number in 0..1000000: %s", v);
	*FIELD(c, k, unsigned) = (unsigned)n;
	return 0;
}

static const struct name_val types[] = {
	{ "simple", SERVICE_SIMPLE }, { "exec", SERVICE_EXEC }, { "notify", SERVICE_NOTIFY },
	{ "oneshot", SERVICE_ONESHOT }, { "forking", SERVICE_FORKING }, { "idle", SERVICE_SIMPLE },
	{ "dbus", SERVICE_SIMPLE }, { NULL, 0 },
};

static int p_type(struct uctx *c, const struct ukey *k, const char *v)
{
	int r = ukey_enum(c, k, v);

	if (r == 0) {
		c->type_set = true;
		if (strcmp(v, "dbus") == 0)
			uctx_diag(c, DIAG_SKIP_INFO, "Type=dbus runs as Type=simple: "
				  "tend does not wait for the bus name");
	}
	return r;
}

static int p_notify_access(struct uctx *c, const struct ukey *k, const char *v)
{
	c->notify_access_set = true;
	return ukey_enum(c, k, v);
}

/* TimeoutSec= sets both; TimeoutStartSec= also marks the start timeout. */
static int p_timeout(struct uctx *c, const struct ukey *k, const char *v)
{
	int64_t ms;
	int r = timespan_parse_ms(v, &ms);

	if (r < 0)
		return uctx_fail(c, "not a time span: %s", v);
	if (ms == 0)
		ms = UNIT_INFINITY;
	if (k->arg != 1) {
		c->u->timeout_start_ms = ms;
		c->timeout_start_set = true;
	}
	if (k->arg != 0)
		c->u->timeout_stop_ms = ms;
	return 0;
}

static int p_restart_kill(struct uctx *c, const struct ukey *k, const char *v)
{
	c->restart_kill_set = true;
	return p_signal(c, k, v);
}

/* PIDFile=: relative paths are under /run. */
static int p_pidfile(struct uctx *c, const struct ukey *k, const char *v)
{
	char *s;

	(void)k;
	if (!*v || *v == '/')
		return p_path(c, k, v);
	if (asprintf(&s, "/run/%s", v) < 0)
		return -ENOMEM;
	free(c->u->pid_file);
	c->u->pid_file = s;
	return 0;
}

/* PermissionsStartOnly=yes: '+' on every command but ExecStart=. */
static int p_perm_start_only(struct uctx *c, const struct ukey *k, const char *v)
{
	return p_bool(c, k, v);
}

static const struct name_val restarts[] = {
	{ "no", RESTART_NO }, { "on-success", RESTART_ON_SUCCESS },
	{ "on-failure", RESTART_ON_FAILURE }, { "on-abnormal", RESTART_ON_ABNORMAL },
	{ "on-watchdog", RESTART_ON_WATCHDOG }, { "on-abort", RESTART_ON_ABORT },
	{ "always", RESTART_ALWAYS }, { NULL, 0 },
};

static const struct name_val kill_modes[] = {
	{ "control-group", KILL_CONTROL_GROUP }, { "mixed", KILL_MIXED },
	{ "process", KILL_PROCESS }, { "none", KILL_NONE }, { NULL, 0 },
};

static const struct name_val notify_accesses[] = {
	{ "none", NOTIFY_ACCESS_NONE }, { "main", NOTIFY_ACCESS_MAIN },
	{ "exec", NOTIFY_ACCESS_EXEC }, { "all", NOTIFY_ACCESS_ALL }, { NULL, 0 },
};

static const struct name_val actions[] = {
	{ "none", ACTION_NONE }, { "exit", ACTION_EXIT }, { "poweroff", ACTION_POWEROFF },
	{ "reboot", ACTION_REBOOT }, { "halt", ACTION_HALT },
	{ "exit-force", ACTION_EXIT_FORCE }, { "poweroff-force", ACTION_POWEROFF_FORCE },
	{ "reboot-force", ACTION_REBOOT_FORCE }, { "halt-force", ACTION_HALT_FORCE },
	{ "poweroff-immediate", -1 }, { "reboot-immediate", -1 },
	{ "halt-immediate", -1 }, { "kexec", -1 }, { "kexec-force", -1 },
	{ "kexec-immediate", -1 }, { "soft-reboot", -1 }, { NULL, 0 },
};

static const struct name_val preserves[] = {
	{ "no", PRESERVE_NO }, { "yes", PRESERVE_YES }, { "restart", PRESERVE_RESTART },
	{ "false", PRESERVE_NO }, { "true", PRESERVE_YES }, { "0", PRESERVE_NO },
	{ "1", PRESERVE_YES }, { "off", PRESERVE_NO }, { "on", PRESERVE_YES }, { NULL, 0 },
};

#define U SEC_UNIT
#define S SEC_SERVICE
#define I SEC_INSTALL
#define SETF(f) .set_off = OFF(f)

static const struct ukey keys[] = {
	{ "Description", U, ukey_string, OFF(description) },
	{ "Documentation", U, p_checked, 0, 0 },
	{ "After", U, p_deps, OFF(after) },
	{ "Before", U, p_deps, OFF(before) },
	{ "Requires", U, p_deps, OFF(requires) },
	{ "Requisite", U, p_deps, OFF(requisite) },
	{ "Wants", U, p_deps, OFF(wants) },
	{ "BindsTo", U, p_deps, OFF(binds_to) },
	{ "PartOf", U, p_deps, OFF(part_of) },
	{ "Conflicts", U, p_deps, OFF(conflicts) },
	{ "OnFailure", U, p_deps, OFF(on_failure) },
	{ "OnSuccess", U, p_deps, OFF(on_success) },
	{ "RequiresMountsFor", U, p_checked, 0, 0, (const void *)uv_path_ok },
	{ "DefaultDependencies", U, p_default_deps },
	{ "SuccessAction", U, ukey_enum, OFF(success_action), 0, actions },
	{ "FailureAction", U, ukey_enum, OFF(failure_action), 0, actions },
	{ "SuccessActionExitStatus", U, p_int, OFF(success_exit_status), 5 },
	{ "FailureActionExitStatus", U, p_int, OFF(failure_exit_status), 5 },
	{ "StartLimitBurst", U | S, p_int, OFF(start_limit_burst), 0 },
	{ "StartLimitIntervalSec", U, p_time, OFF(start_limit_interval_ms) },
	{ "StartLimitInterval", U | S, p_time, OFF(start_limit_interval_ms) },
	{ "StartLimitAction", U, ukey_enum, OFF(start_limit_action), 0, actions },
	{ "RefuseManualStart", U, p_bool, OFF(refuse_manual_start) },
	{ "RefuseManualStop", U, p_bool, OFF(refuse_manual_stop) },

	{ "WantedBy", I, p_deps, OFF(wanted_by) },
	{ "RequiredBy", I, p_deps, OFF(required_by) },
	{ "Alias", I, p_deps, OFF(alias) },
	{ "Also", I, p_checked, 0, 1 },

	{ "Type", S, p_type, OFF(service_type), 0, types },
	{ "Sockets", S, p_deps, OFF(sockets) },
	{ "ExecCondition", S, unitexec_exec, 0, EXEC_CONDITION, .raw = true },
	{ "ExecStartPre", S, unitexec_exec, 0, EXEC_START_PRE, .raw = true },
	{ "ExecStart", S, unitexec_exec, 0, EXEC_START, .raw = true },
	{ "ExecStartPost", S, unitexec_exec, 0, EXEC_START_POST, .raw = true },
	{ "ExecReload", S, unitexec_exec, 0, EXEC_RELOAD, .raw = true },
	{ "ExecStop", S, unitexec_exec, 0, EXEC_STOP, .raw = true },
	{ "ExecStopPost", S, unitexec_exec, 0, EXEC_STOP_POST, .raw = true },
	{ "PermissionsStartOnly", S, p_perm_start_only, OFF(permissions_start_only) },
	{ "PIDFile", S, p_pidfile, OFF(pid_file) },
	{ "RemainAfterExit", S, p_bool, OFF(remain_after_exit) },
	{ "GuessMainPID", S, p_bool, OFF(guess_main_pid) },

	{ "Restart", S, ukey_enum, OFF(restart), 0, restarts },
	{ "RestartSec", S, p_time, OFF(restart_sec_ms), SETF(restart_sec_set) },
	{ "RestartSteps", S, p_uint, OFF(restart_steps), SETF(restart_steps_set) },
	{ "RestartMaxDelaySec", S, p_time, OFF(restart_max_delay_ms),
	  SETF(restart_max_delay_set) },
	{ "SuccessExitStatus", S, p_exit_set, OFF(success_status) },
	{ "RestartPreventExitStatus", S, p_exit_set, OFF(restart_prevent_status) },
	{ "RestartForceExitStatus", S, p_exit_set, OFF(restart_force_status) },

	{ "TimeoutSec", S, p_timeout, 0, 2 },
	{ "TimeoutStartSec", S, p_timeout, 0, 0 },
	{ "TimeoutStopSec", S, p_timeout, 0, 1 },
	{ "TimeoutAbortSec", S, p_time, OFF(timeout_abort_ms), 1 },
	{ "RuntimeMaxSec", S, p_time, OFF(runtime_max_ms), 1 },
	{ "KillMode", S, ukey_enum, OFF(kill_mode), 0, kill_modes },
	{ "KillSignal", S, p_signal, OFF(kill_signal) },
	{ "RestartKillSignal", S, p_restart_kill, OFF(restart_kill_signal) },
	{ "FinalKillSignal", S, p_signal, OFF(final_kill_signal) },
	{ "WatchdogSignal", S, p_signal, OFF(watchdog_signal) },
	{ "SendSIGKILL", S, p_bool, OFF(send_sigkill) },
	{ "SendSIGHUP", S, p_bool, OFF(send_sighup) },

	{ "NotifyAccess", S, p_notify_access, OFF(notify_access), 0, notify_accesses },
	{ "WatchdogSec", S, p_time, OFF(watchdog_ms) },

	{ "User", S, unitexec_user, OFF(user) },
	{ "Group", S, unitexec_user, OFF(group) },
	{ "SupplementaryGroups", S, ukey_words, OFF(supplementary_groups), 0, (const void *)unitexec_user_ok },
	{ "WorkingDirectory", S, unitexec_workdir },
	{ "UMask", S, ukey_mode, OFF(umask) },
	{ "Environment", S, unitexec_environment, .raw = true },
	{ "EnvironmentFile", S, unitexec_envfile },
	{ "PassEnvironment", S, ukey_words, OFF(pass_environment), 0, (const void *)unitexec_env_name_ok },
	{ "UnsetEnvironment", S, ukey_words, OFF(unset_environment), 0, (const void *)unitexec_env_name_ok },
	{ "RuntimeDirectory", S, unitexec_dirs, 0, UNIT_DIR_RUNTIME },
	{ "StateDirectory", S, unitexec_dirs, 0, UNIT_DIR_STATE },
	{ "CacheDirectory", S, unitexec_dirs, 0, UNIT_DIR_CACHE },
	{ "LogsDirectory", S, unitexec_dirs, 0, UNIT_DIR_LOGS },
	{ "ConfigurationDirectory", S, unitexec_dirs, 0, UNIT_DIR_CONFIGURATION },
	{ "RuntimeDirectoryMode", S, unitexec_dir_mode, 0, UNIT_DIR_RUNTIME },
	{ "StateDirectoryMode", S, unitexec_dir_mode, 0, UNIT_DIR_STATE },
	{ "CacheDirectoryMode", S, unitexec_dir_mode, 0, UNIT_DIR_CACHE },
	{ "LogsDirectoryMode", S, unitexec_dir_mode, 0, UNIT_DIR_LOGS },
	{ "ConfigurationDirectoryMode", S, unitexec_dir_mode, 0, UNIT_DIR_CONFIGURATION },
	{ "RuntimeDirectoryPreserve", S, ukey_enum, OFF(runtime_directory_preserve), 0, preserves },

	{ "StandardInput", S, unitexec_stdio, 0, 0 },
	{ "StandardOutput", S, unitexec_stdio_out, 0, 1 },
	{ "StandardError", S, unitexec_stdio_out, 0, 2 },
	{ "TTYPath", S, p_path, OFF(tty_path) },
	{ "TTYReset", S, p_bool, OFF(tty_reset) },
	{ "TTYVHangup", S, p_bool, OFF(tty_vhangup) },
	{ "SyslogIdentifier", S, ukey_string, OFF(syslog_identifier) },
	{ "IgnoreSIGPIPE", S, p_bool, OFF(ignore_sigpipe) },

	{ "Nice", S, p_int, OFF(nice), 1, SETF(nice_set) },
	{ "CPUAffinity", S, unitexec_cpuset },
	{ "CPUSchedulingPolicy", S, unitexec_sched_policy, OFF(sched_policy), SETF(sched_policy_set) },
	{ "CPUSchedulingPriority", S, p_int, OFF(sched_priority), 2, SETF(sched_priority_set) },
	{ "CPUSchedulingResetOnFork", S, p_bool, OFF(sched_reset_on_fork) },
	{ "IOSchedulingClass", S, unitexec_io_class, OFF(io_class), SETF(io_class_set) },
	{ "IOSchedulingPriority", S, p_int, OFF(io_priority), 3, SETF(io_priority_set) },
	{ "OOMScoreAdjust", S, p_int, OFF(oom_score_adjust), 4, SETF(oom_score_adjust_set) },

	{ "CPUQuota", S, unitexec_cpu_quota },
	{ "CPUQuotaPeriodSec", S, p_time, OFF(cpu_quota_period_ms) },
	{ "CPUWeight", S, unitexec_weight, OFF(cpu_weight), 10000 },
	{ "CPUShares", S, unitexec_weight, OFF(cpu_shares), 262144 },
	{ "MemoryMax", S, unitexec_limit, OFF(memory_max), 0 },
	{ "MemoryHigh", S, unitexec_limit, OFF(memory_high), 0 },
	{ "MemoryLimit", S, unitexec_limit, OFF(memory_limit), 0 },
	{ "TasksMax", S, unitexec_limit, OFF(tasks_max), 1 },
	{ "Delegate", S, unitexec_delegate },

	{ "SecureBits", S, unitext_secure_bits },
	{ "DynamicUser", S, unitext_dynamic_user },
	{ "BindPaths", S, unitext_binds, 0, 0 },
	{ "BindReadOnlyPaths", S, unitext_binds, 0, 1 },
	{ "LoadCredential", S, unitext_load_cred },
	{ "SetCredential", S, unitext_set_cred },
	{ "ImportCredential", S, unitext_import_cred },
	{ "LoadCredentialEncrypted", S, unitext_encrypted },
	{ "SetCredentialEncrypted", S, unitext_encrypted },
	{ "LimitCPU", S, unitexec_rlimit, 0, RLIMIT_CPU },
	{ "LimitFSIZE", S, unitexec_rlimit, 0, RLIMIT_FSIZE },
	{ "LimitDATA", S, unitexec_rlimit, 0, RLIMIT_DATA },
	{ "LimitSTACK", S, unitexec_rlimit, 0, RLIMIT_STACK },
	{ "LimitCORE", S, unitexec_rlimit, 0, RLIMIT_CORE },
	{ "LimitRSS", S, unitexec_rlimit, 0, RLIMIT_RSS },
	{ "LimitNOFILE", S, unitexec_rlimit, 0, RLIMIT_NOFILE },
	{ "LimitAS", S, unitexec_rlimit, 0, RLIMIT_AS },
	{ "LimitNPROC", S, unitexec_rlimit, 0, RLIMIT_NPROC },
	{ "LimitMEMLOCK", S, unitexec_rlimit, 0, RLIMIT_MEMLOCK },
	{ "LimitLOCKS", S, unitexec_rlimit, 0, RLIMIT_LOCKS },
	{ "LimitSIGPENDING", S, unitexec_rlimit, 0, RLIMIT_SIGPENDING },
	{ "LimitMSGQUEUE", S, unitexec_rlimit, 0, RLIMIT_MSGQUEUE },
	{ "LimitNICE", S, unitexec_rlimit, 0, RLIMIT_NICE },
	{ "LimitRTPRIO", S, unitexec_rlimit, 0, RLIMIT_RTPRIO },
	{ "LimitRTTIME", S, unitexec_rlimit, 0, RLIMIT_RTTIME },

	{ "CapabilityBoundingSet", S, unitexec_caps, OFF(cap_bounding), SETF(cap_bounding_set) },
	{ "AmbientCapabilities", S, unitexec_caps, OFF(cap_ambient), SETF(cap_ambient_set) },
	{ "NoNewPrivileges", S, p_bool, OFF(no_new_privileges) },

	{ "PrivateNetwork", S, p_bool, OFF(private_network) },
	{ "PrivateIPC", S, p_bool, OFF(private_ipc) },
	{ "ProtectHostname", S, p_bool, OFF(protect_hostname) },
	{ "PrivatePIDs", S, p_bool, OFF(private_pids) },
	{ "PrivateMounts", S, p_bool, OFF(private_mounts) },
	{ "PrivateTmp", S, p_bool, OFF(private_tmp) },
	{ "PrivateUsers", S, p_bool, OFF(private_users) },
};

#undef U
#undef S
#undef I

bool ukey_printf(const struct ukey *k)
{
	static ukey_fn *const fns[] = {
		ukey_string, p_path, p_deps, ukey_words, p_checked, p_cond, p_pidfile, unitexec_user,
		unitexec_workdir, unitexec_envfile, unitexec_dirs, unitexec_stdio, unitexec_stdio_out,
	};
	size_t i;

	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (k->fn == fns[i])
			return !k->raw;
	return false;
}

int ukey_find(unsigned sec, const char *name, struct ukey *ret)
{
	const struct name_val *t;
	const char *kind = NULL;
	size_t i;

	if (sec == SEC_SOCKET)	/* .socket and .timer units have their own tables */
		return usock_find(name, ret);
	if (sec == SEC_TIMER)
		return utimer_find(name, ret);
	if (strncmp(name, "Condition", 9) == 0)
		kind = name + 9;
	else if (strncmp(name, "Assert", 6) == 0)
		kind = name + 6;
	for (t = cond_names; kind && t->name; t++) {
		if (strcmp(kind, t->name) != 0)
			continue;
		*ret = (struct ukey){ name, SEC_UNIT, p_cond, (size_t)t->val, name[0] == 'A' };
		return sec == SEC_UNIT ? 0 : -EXDEV;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].name, name) != 0)
			continue;
		*ret = keys[i];
		return keys[i].sections & sec ? 0 : -EXDEV;
	}
	return -ENOENT;
}

/* Ignoring these leaves the service less confined than written. */
static const char *const sandbox_keys[] = {
	"ProtectSystem", "ProtectHome", "ProtectKernelTunables", "ProtectKernelModules",
	"ProtectKernelLogs", "ProtectControlGroups", "ProtectClock", "ProtectProc",
	"ProcSubset", "PrivateDevices", "RestrictNamespaces", "RestrictRealtime",
	"RestrictSUIDSGID", "RestrictAddressFamilies", "RestrictFileSystems",
	"RestrictNetworkInterfaces", "SystemCallFilter", "SystemCallArchitectures",
	"SystemCallErrorNumber", "SystemCallLog", "MemoryDenyWriteExecute",
	"LockPersonality", "ReadWritePaths", "ReadOnlyPaths", "InaccessiblePaths",
	"ExecPaths", "NoExecPaths", "ReadWriteDirectories", "ReadOnlyDirectories",
	"InaccessibleDirectories", "TemporaryFileSystem", "DeviceAllow", "DevicePolicy",
	"IPAddressAllow", "IPAddressDeny", "IPIngressFilterPath", "IPEgressFilterPath",
	"SocketBindAllow", "SocketBindDeny", "AppArmorProfile", "SELinuxContext",
	"SmackProcessLabel", "MountAPIVFS", "MountFlags", "KeyringMode", "RemoveIPC",
	"RestrictSUIDSGID", "PrivateKeyring", "ProtectKernelModules", NULL,
};

/* Informational, accounting, or about systemd's own jobs and logging. */
static const char *const info_keys[] = {
	"SourcePath", "IgnoreOnIsolate", "AllowIsolate", "CollectMode", "JobTimeoutSec",
	"JobRunningTimeoutSec", "JobTimeoutAction", "JobTimeoutRebootArgument",
	"StopWhenUnneeded", "OnFailureJobMode", "PropagatesReloadTo",
	"ReloadPropagatedFrom", "PropagatesStopTo", "StopPropagatedFrom", "RebootArgument",
	"StartLimitIntervalSec", "BusName", "Slice", "CPUAccounting", "MemoryAccounting",
	"TasksAccounting", "IOAccounting", "IPAccounting", "BlockIOAccounting",
	"SyslogFacility", "SyslogLevel", "SyslogLevelPrefix", "LogLevelMax",
	"LogExtraFields", "LogRateLimitIntervalSec", "LogRateLimitBurst",
	"LogFilterPatterns", "OOMPolicy", "UtmpIdentifier", "UtmpMode",
	"FileDescriptorStoreMax", "FileDescriptorStorePreserve", "CoredumpFilter",
	"TimerSlackNSec", "ManagedOOMSwap", "ManagedOOMMemoryPressure",
	"ManagedOOMMemoryPressureLimit", "ManagedOOMPreference", "MemoryMin", "MemoryLow",
	"NUMAPolicy", "NUMAMask", "StartupCPUWeight", "StartupCPUShares",
	"StartupIOWeight", "StartupBlockIOWeight", "StartupAllowedCPUs", "DefaultInstance",
	"UpheldBy", "Markers", "NonBlocking",
	/* the terminal is not cleared after the service: it runs the same */
	"TTYVTDisallocate", NULL,
};

static bool in_list(const char *const *l, const char *name)
{
	for (; *l; l++)
		if (strcmp(*l, name) == 0)
			return true;
	return false;
}

int ukey_skip_kind(unsigned sec, const char *name, const char *value)
{
	(void)value;
	if (sec == SEC_INSTALL)
		return DIAG_SKIP_INFO;
	if (in_list(sandbox_keys, name))
		return DIAG_SKIP_SANDBOX;
	if (in_list(info_keys, name))
		return DIAG_SKIP_INFO;
	return -1;
}

/*
 * The key guard's view of the table (tests/unit/test_keyguard.c): every
 * key tend loads, in table order, each with what tend does with it.
 */
bool ukey_at(size_t i, char *name, size_t size, enum ukey_disp *ret)
{
	size_t n_keys = sizeof(keys) / sizeof(keys[0]), n_cond = 0, n;

	while (cond_names[n_cond].name)
		n_cond++;
	*ret = UKEY_HONOURED;
	if (i < n_keys)
		return snprintf(name, size, "%s", keys[i].name) >= 0;
	i -= n_keys;
	if (i < 2 * n_cond)
		return snprintf(name, size, "%s%s", i < n_cond ? "Condition" : "Assert",
				cond_names[i % n_cond].name) >= 0;
	i -= 2 * n_cond;
	for (n = 0; sandbox_keys[n]; n++)
		;
	if (i < n) {
		*ret = UKEY_SKIPPED_SANDBOX;
		return snprintf(name, size, "%s", sandbox_keys[i]) >= 0;
	}
	i -= n;
	for (n = 0; info_keys[n]; n++)
		;
	if (i < n) {
		*ret = UKEY_SKIPPED;
		return snprintf(name, size, "%s", info_keys[i]) >= 0;
	}
	return false;
}
