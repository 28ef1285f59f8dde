/* SPDX-License-Identifier: MIT */
/*
 * The keys tend understands, each with the parser that turns its value
 * into fields of struct unit, and the keys it knowingly skips.  Pure.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
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
#include "nofail.h"

/* the key table names only the fields each entry needs */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define FIELD(c, k, type) ((type *)((char *)(c)->u + (k)->off))
#define OFF(f) offsetof(struct unit, f)

struct name_val {
	const char *name;
	int val;
};

static int p_string(struct uctx *c, const struct ukey *k, const char *v)
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
	return p_string(c, k, v);
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
static int p_words(struct uctx *c, const struct ukey *k, const char *v)
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

static bool env_name_ok(const char *s)
{
	const char *eq = strchr(s, '=');

	return uv_env_name_ok(s, eq ? (size_t)(eq - s) : strlen(s));
}

static bool rel_dir_ok(const char *s)
{
	return *s && *s != '/' && !strstr(s, "..") && !strchr(s, ':');
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

static int p_enum(struct uctx *c, const struct ukey *k, const char *v)
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

static int p_mode(struct uctx *c, const struct ukey *k, const char *v)
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

static int p_exec(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_cmds *cmds = &c->u->exec[k->arg];
	bool relaxed = false;
	char why[96];
	int r;

	if (!*v) {
		cmd_free(cmds);
		return 0;
	}
	r = cmd_parse_exec(v, uctx_expand, c, c->line, cmds, &relaxed, why, sizeof(why));
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return uctx_fail(c, "%s", why);
	if (relaxed)
		uctx_diag(c, DIAG_WARN, "unknown escape sequences kept as written");
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
	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
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

/* Environment="A=b c" D=e: words with quotes and escapes, each K=V. */
static int p_environment(struct uctx *c, const struct ukey *k, const char *v)
{
	char ***f = &c->u->environment, *w, *x;
	bool relaxed = false;
	int r;

	(void)k;
	if (!*v) {
		strv_free(*f);
		*f = NULL;
		return strv_add(f, NULL);
	}
	for (;;) {
		r = cmd_word_relaxed(&v, &w, CMD_UNQUOTE | CMD_CUNESCAPE, &relaxed);
		if (r <= 0)
			return r == -EINVAL ? uctx_fail(c, "bad quoting") : r;
		r = uctx_expand(c, w, &x);
		free(w);
		if (r < 0)
			return r;
		if (!strchr(x, '=') || !env_name_ok(x))
			r = uctx_fail(c, "not a valid assignment: %s", x);
		else
			r = strv_add(f, x);
		free(x);
		if (r < 0)
			return r;
	}
}

static int p_envfile(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit *u = c->u;
	struct unit_envfile *nv;
	bool optional = *v == '-';
	size_t i;

	(void)k;
	if (!*v) {
		for (i = 0; i < u->n_environment_files; i++)
			free(u->environment_files[i].path);
		free(u->environment_files);
		u->environment_files = NULL;
		u->n_environment_files = 0;
		return 0;
	}
	v += optional;
	if (!uv_path_ok(v))
		return uctx_fail(c, "not an absolute path: %s", v);
	nv = realloc(u->environment_files, (u->n_environment_files + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	u->environment_files = nv;
	nv[u->n_environment_files].path = strdup(v);
	if (!nv[u->n_environment_files].path)
		return -ENOMEM;
	nv[u->n_environment_files++].optional = optional;
	return 0;
}

static int p_workdir(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit *u = c->u;

	(void)k;
	u->working_directory_optional = *v == '-';
	v += *v == '-';
	u->working_directory_home = strcmp(v, "~") == 0;
	if (*v && !u->working_directory_home && !uv_path_ok(v))
		return uctx_fail(c, "not an absolute path or ~: %s", v);
	free(u->working_directory);
	u->working_directory = *v ? strdup(v) : NULL;
	return *v && !u->working_directory ? -ENOMEM : 0;
}

static int p_rlimit_value(const char *s, int res, rlim_t *ret)
{
	uint64_t b, us;
	long long n;

	if (strcmp(s, "infinity") == 0) {
		*ret = RLIM_INFINITY;
		return 0;
	}
	switch (res) {
	case RLIMIT_CPU:
	case RLIMIT_RTTIME:
		if (timespan_parse_us(s, res == RLIMIT_CPU ? 1000000 : 1, &us) < 0)
			return -EINVAL;
		*ret = us == UINT64_MAX ? RLIM_INFINITY :
		       res == RLIMIT_CPU ? (us + 999999) / 1000000 : us;
		return 0;
	case RLIMIT_AS: case RLIMIT_CORE: case RLIMIT_DATA: case RLIMIT_FSIZE:
	case RLIMIT_MEMLOCK: case RLIMIT_MSGQUEUE: case RLIMIT_RSS: case RLIMIT_STACK:
		if (uv_bytes(s, 0, &b) < 0)
			return -EINVAL;
		*ret = b == UNIT_LIMIT_INFINITY ? RLIM_INFINITY : b;
		return 0;
	case RLIMIT_NICE:
		if (*s == '-' || *s == '+') {
			if (uv_int(s, -20, 19, &n) < 0)
				return -EINVAL;
			*ret = (rlim_t)(20 - n);
			return 0;
		}
		if (uv_int(s, 0, 40, &n) < 0)
			return -EINVAL;
		*ret = (rlim_t)n;
		return 0;
	}
	if (uv_int(s, 0, INT64_MAX, &n) < 0)
		return -EINVAL;
	*ret = (rlim_t)n;
	return 0;
}

/* LimitX=soft[:hard]. */
static int p_rlimit(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_rlimit *l;
	char soft[64];
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	rlim_t s, h;

	if (n >= sizeof(soft))
		return uctx_fail(c, "invalid resource limit: %s", v);
	memcpy(soft, v, n);
	soft[n] = '\0';
	if (p_rlimit_value(soft, k->arg, &s) < 0 ||
	    p_rlimit_value(colon ? colon + 1 : soft, k->arg, &h) < 0)
		return uctx_fail(c, "invalid resource limit: %s", v);
	if (s > h)
		return uctx_fail(c, "soft limit above hard limit: %s", v);
	if (!c->u->rlimits && !(c->u->rlimits = calloc(RLIM_NLIMITS, sizeof(struct unit_rlimit))))
		return -ENOMEM;
	l = &c->u->rlimits[k->arg];
	l->set = true;
	l->soft = s;
	l->hard = h;
	return 0;
}

/* CapabilityBoundingSet=[~]caps; empty means none, lines merge. */
static int p_caps(struct uctx *c, const struct ukey *k, const char *v)
{
	uint64_t *f = FIELD(c, k, uint64_t), sum, all = (1ULL << (CAP_LAST_CAP + 1)) - 1;
	bool *set = (bool *)((char *)c->u + k->set_off), invert = *v == '~';

	if (uv_caps(v + invert, &sum) < 0)
		return uctx_fail(c, "unknown capability in: %s", v);
	if (invert)
		sum = ~sum & all;
	if (sum == 0 || !*set)
		*f = sum;
	else if (invert)
		*f &= sum;
	else
		*f |= sum;
	*set = true;
	return 0;
}

static int p_cpuset(struct uctx *c, const struct ukey *k, const char *v)
{
	cpu_set_t set;

	(void)k;
	if (!*v) {
		free(c->u->cpu_affinity);
		c->u->cpu_affinity = NULL;
		return 0;
	}
	if (c->u->cpu_affinity)
		set = *c->u->cpu_affinity;
	else
		CPU_ZERO(&set);
	if (uv_cpu_set(v, &set) < 0)
		return uctx_fail(c, "not a CPU list: %s", v);
	if (!c->u->cpu_affinity && !(c->u->cpu_affinity = malloc(sizeof(set))))
		return -ENOMEM;
	*c->u->cpu_affinity = set;
	return 0;
}

static int p_dirs(struct uctx *c, const struct ukey *k, const char *v)
{
	struct ukey k2 = { .off = OFF(directories[k->arg]), .tbl = (const void *)rel_dir_ok };

	return p_words(c, &k2, v);
}

static int p_dir_mode(struct uctx *c, const struct ukey *k, const char *v)
{
	struct ukey k2 = { .off = OFF(directory_mode[k->arg]) };

	return p_mode(c, &k2, v);
}

/* UNIT_SINK_* of a StandardOutput=/StandardError= value. */
static uint8_t stdio_sink(const char *v)
{
	uint8_t s = !strncmp(v, "kmsg", 4) ? UNIT_SINK_KMSG :
		    !strncmp(v, "syslog", 6) ? UNIT_SINK_SYSLOG : 0;

	return s && strstr(v, "+console") ? s | UNIT_SINK_ALSO_LOG : s;
}

/* StandardInput/Output/Error: k->arg 0 in, 1 out, 2 err. */
static int p_stdio(struct uctx *c, const struct ukey *k, const char *v)
{
	static const struct name_val outs[] = {
		{ "inherit", OUTPUT_INHERIT }, { "null", OUTPUT_NULL }, { "tty", OUTPUT_TTY },
		{ "journal", OUTPUT_LOG }, { "syslog", OUTPUT_LOG }, { "kmsg", OUTPUT_LOG },
		{ "journal+console", OUTPUT_LOG }, { "syslog+console", OUTPUT_LOG },
		{ "kmsg+console", OUTPUT_LOG }, { "socket", OUTPUT_SOCKET }, { NULL, 0 },
	};
	static const struct name_val ins[] = {
		{ "null", STDIN_NULL }, { "tty", STDIN_TTY }, { "tty-force", STDIN_TTY_FORCE },
		{ "tty-fail", STDIN_TTY_FAIL }, { "socket", STDIN_SOCKET }, { NULL, 0 },
	};
	static const struct name_val files[] = {
		{ "file:", OUTPUT_FILE }, { "append:", OUTPUT_APPEND },
		{ "truncate:", OUTPUT_TRUNCATE }, { NULL, 0 },
	};
	struct unit *u = c->u;
	const struct name_val *t;
	char **path = k->arg == 0 ? &u->stdin_path : k->arg == 1 ? &u->stdout_path :
		      &u->stderr_path;
	int *f = k->arg == 0 ? (int *)&u->std_input : k->arg == 1 ? (int *)&u->std_output :
		 (int *)&u->std_error;

	for (t = k->arg == 0 ? ins : outs; t->name; t++) {
		if (strcmp(v, t->name) == 0) {
			*f = t->val;
			if (k->arg)
				*(k->arg == 1 ? &u->std_output_sink : &u->std_error_sink) =
					stdio_sink(v);
			return 0;
		}
	}
	for (t = files; t->name; t++) {
		size_t n = strlen(t->name);

		if (strncmp(v, t->name, n) != 0 || (k->arg == 0 && t->val != OUTPUT_FILE))
			continue;
		if (!uv_path_ok(v + n))
			return uctx_fail(c, "not an absolute path: %s", v + n);
		free(*path);
		*path = strdup(v + n);
		if (!*path)
			return -ENOMEM;
		*f = k->arg == 0 ? STDIN_FILE : t->val;
		return 0;
	}
	if (strncmp(v, "fd:", 3) == 0 || strcmp(v, "data") == 0)
		return uctx_fail(c, "value %s is not supported", v);
	return uctx_fail(c, "invalid value: %s", v);
}

static const struct name_val types[] = {
	{ "simple", SERVICE_SIMPLE }, { "exec", SERVICE_EXEC }, { "notify", SERVICE_NOTIFY },
	{ "oneshot", SERVICE_ONESHOT }, { "forking", SERVICE_FORKING }, { "idle", SERVICE_SIMPLE },
	{ "dbus", SERVICE_SIMPLE }, { NULL, 0 },
};

static int p_type(struct uctx *c, const struct ukey *k, const char *v)
{
	int r = p_enum(c, k, v);

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
	return p_enum(c, k, v);
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

static int p_stdio_out(struct uctx *c, const struct ukey *k, const char *v)
{
	if (k->arg == 1)
		c->stdout_set = true;
	else
		c->std_error_set = true;
	return p_stdio(c, k, v);
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

static int p_user(struct uctx *c, const struct ukey *k, const char *v)
{
	if (*v && !uv_user_name_ok(v))
		return uctx_fail(c, "not a valid user or group name: %s", v);
	return p_string(c, k, v);
}

static bool user_ok(const char *s)
{
	return uv_user_name_ok(s);
}

static int p_sched_policy(struct uctx *c, const struct ukey *k, const char *v)
{
	static const struct name_val t[] = {
		{ "other", SCHED_OTHER }, { "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
		{ "fifo", SCHED_FIFO }, { "rr", SCHED_RR }, { NULL, 0 },
	};
	struct ukey k2 = *k;

	k2.tbl = t;
	return p_enum(c, &k2, v);
}

static int p_io_class(struct uctx *c, const struct ukey *k, const char *v)
{
	static const struct name_val t[] = {
		{ "none", 0 }, { "realtime", 1 }, { "best-effort", 2 }, { "idle", 3 },
		{ "0", 0 }, { "1", 1 }, { "2", 2 }, { "3", 3 }, { NULL, 0 },
	};
	struct ukey k2 = *k;

	k2.tbl = t;
	return p_enum(c, &k2, v);
}

static int p_cpu_quota(struct uctx *c, const struct ukey *k, const char *v)
{
	int64_t pm;

	(void)k;
	if (!*v) {
		c->u->cpu_quota_permyriad = -1;
		return 0;
	}
	if (uv_permyriad(v, &pm) < 0 || pm <= 0)
		return uctx_fail(c, "not a positive percentage: %s", v);
	c->u->cpu_quota_permyriad = pm;
	return 0;
}

/* CPUWeight= 1..10000, CPUShares= 2..262144 (k->arg is the maximum). */
static int p_weight(struct uctx *c, const struct ukey *k, const char *v)
{
	long long n;

	if (!*v) {
		*FIELD(c, k, uint64_t) = 0;
		return 0;
	}
	if (uv_int(v, k->arg == 10000 ? 1 : 2, k->arg, &n) < 0)
		return uctx_fail(c, "not a weight in range: %s", v);
	*FIELD(c, k, uint64_t) = (uint64_t)n;
	return 0;
}

/* MemoryMax= and friends, TasksMax= (k->arg: 1 tasks, 0 bytes). */
static int p_limit(struct uctx *c, const struct ukey *k, const char *v)
{
	uint64_t base = k->arg ? c->ctx->tasks_max_base : c->ctx->physical_memory;
	uint64_t n;
	long long t;

	if (!*v) {
		*FIELD(c, k, uint64_t) = UNIT_LIMIT_UNSET;
		return 0;
	}
	if (k->arg && strcmp(v, "infinity") != 0 && !strpbrk(v, "%\xe2")) {
		if (uv_int(v, 1, INT64_MAX, &t) < 0)
			return uctx_fail(c, "not a task count: %s", v);
		*FIELD(c, k, uint64_t) = (uint64_t)t;
		return 0;
	}
	if (uv_bytes(v, base ? base : 1, &n) < 0)
		return uctx_fail(c, "not a size: %s", v);
	*FIELD(c, k, uint64_t) = n;
	return 0;
}

/* Delegate=yes|no or a list of controllers (which means yes). */
static int p_delegate(struct uctx *c, const struct ukey *k, const char *v)
{
	(void)k;
	if (uv_bool(v, &c->u->delegate) < 0)
		c->u->delegate = true;
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
	{ "Description", U, p_string, OFF(description) },
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
	{ "SuccessAction", U, p_enum, OFF(success_action), 0, actions },
	{ "FailureAction", U, p_enum, OFF(failure_action), 0, actions },
	{ "SuccessActionExitStatus", U, p_int, OFF(success_exit_status), 5 },
	{ "FailureActionExitStatus", U, p_int, OFF(failure_exit_status), 5 },
	{ "StartLimitBurst", U | S, p_int, OFF(start_limit_burst), 0 },
	{ "StartLimitIntervalSec", U, p_time, OFF(start_limit_interval_ms) },
	{ "StartLimitInterval", U | S, p_time, OFF(start_limit_interval_ms) },
	{ "StartLimitAction", U, p_enum, OFF(start_limit_action), 0, actions },
	{ "RefuseManualStart", U, p_bool, OFF(refuse_manual_start) },
	{ "RefuseManualStop", U, p_bool, OFF(refuse_manual_stop) },

	{ "WantedBy", I, p_deps, OFF(wanted_by) },
	{ "RequiredBy", I, p_deps, OFF(required_by) },
	{ "Alias", I, p_deps, OFF(alias) },
	{ "Also", I, p_checked, 0, 1 },

	{ "Type", S, p_type, OFF(service_type), 0, types },
	{ "Sockets", S, p_deps, OFF(sockets) },
	{ "ExecCondition", S, p_exec, 0, EXEC_CONDITION, .raw = true },
	{ "ExecStartPre", S, p_exec, 0, EXEC_START_PRE, .raw = true },
	{ "ExecStart", S, p_exec, 0, EXEC_START, .raw = true },
	{ "ExecStartPost", S, p_exec, 0, EXEC_START_POST, .raw = true },
	{ "ExecReload", S, p_exec, 0, EXEC_RELOAD, .raw = true },
	{ "ExecStop", S, p_exec, 0, EXEC_STOP, .raw = true },
	{ "ExecStopPost", S, p_exec, 0, EXEC_STOP_POST, .raw = true },
	{ "PermissionsStartOnly", S, p_perm_start_only, OFF(permissions_start_only) },
	{ "PIDFile", S, p_pidfile, OFF(pid_file) },
	{ "RemainAfterExit", S, p_bool, OFF(remain_after_exit) },
	{ "GuessMainPID", S, p_bool, OFF(guess_main_pid) },

	{ "Restart", S, p_enum, OFF(restart), 0, restarts },
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
	{ "KillMode", S, p_enum, OFF(kill_mode), 0, kill_modes },
	{ "KillSignal", S, p_signal, OFF(kill_signal) },
	{ "RestartKillSignal", S, p_restart_kill, OFF(restart_kill_signal) },
	{ "FinalKillSignal", S, p_signal, OFF(final_kill_signal) },
	{ "WatchdogSignal", S, p_signal, OFF(watchdog_signal) },
	{ "SendSIGKILL", S, p_bool, OFF(send_sigkill) },
	{ "SendSIGHUP", S, p_bool, OFF(send_sighup) },

	{ "NotifyAccess", S, p_notify_access, OFF(notify_access), 0, notify_accesses },
	{ "WatchdogSec", S, p_time, OFF(watchdog_ms) },

	{ "User", S, p_user, OFF(user) },
	{ "Group", S, p_user, OFF(group) },
	{ "SupplementaryGroups", S, p_words, OFF(supplementary_groups), 0, (const void *)user_ok },
	{ "WorkingDirectory", S, p_workdir },
	{ "UMask", S, p_mode, OFF(umask) },
	{ "Environment", S, p_environment, .raw = true },
	{ "EnvironmentFile", S, p_envfile },
	{ "PassEnvironment", S, p_words, OFF(pass_environment), 0, (const void *)env_name_ok },
	{ "UnsetEnvironment", S, p_words, OFF(unset_environment), 0, (const void *)env_name_ok },
	{ "RuntimeDirectory", S, p_dirs, 0, UNIT_DIR_RUNTIME },
	{ "StateDirectory", S, p_dirs, 0, UNIT_DIR_STATE },
	{ "CacheDirectory", S, p_dirs, 0, UNIT_DIR_CACHE },
	{ "LogsDirectory", S, p_dirs, 0, UNIT_DIR_LOGS },
	{ "ConfigurationDirectory", S, p_dirs, 0, UNIT_DIR_CONFIGURATION },
	{ "RuntimeDirectoryMode", S, p_dir_mode, 0, UNIT_DIR_RUNTIME },
	{ "StateDirectoryMode", S, p_dir_mode, 0, UNIT_DIR_STATE },
	{ "CacheDirectoryMode", S, p_dir_mode, 0, UNIT_DIR_CACHE },
	{ "LogsDirectoryMode", S, p_dir_mode, 0, UNIT_DIR_LOGS },
	{ "ConfigurationDirectoryMode", S, p_dir_mode, 0, UNIT_DIR_CONFIGURATION },
	{ "RuntimeDirectoryPreserve", S, p_enum, OFF(runtime_directory_preserve), 0, preserves },

	{ "StandardInput", S, p_stdio, 0, 0 },
	{ "StandardOutput", S, p_stdio_out, 0, 1 },
	{ "StandardError", S, p_stdio_out, 0, 2 },
	{ "TTYPath", S, p_path, OFF(tty_path) },
	{ "TTYReset", S, p_bool, OFF(tty_reset) },
	{ "TTYVHangup", S, p_bool, OFF(tty_vhangup) },
	{ "SyslogIdentifier", S, p_string, OFF(syslog_identifier) },
	{ "IgnoreSIGPIPE", S, p_bool, OFF(ignore_sigpipe) },

	{ "Nice", S, p_int, OFF(nice), 1, SETF(nice_set) },
	{ "CPUAffinity", S, p_cpuset },
	{ "CPUSchedulingPolicy", S, p_sched_policy, OFF(sched_policy), SETF(sched_policy_set) },
	{ "CPUSchedulingPriority", S, p_int, OFF(sched_priority), 2, SETF(sched_priority_set) },
	{ "CPUSchedulingResetOnFork", S, p_bool, OFF(sched_reset_on_fork) },
	{ "IOSchedulingClass", S, p_io_class, OFF(io_class), SETF(io_class_set) },
	{ "IOSchedulingPriority", S, p_int, OFF(io_priority), 3, SETF(io_priority_set) },
	{ "OOMScoreAdjust", S, p_int, OFF(oom_score_adjust), 4, SETF(oom_score_adjust_set) },

	{ "CPUQuota", S, p_cpu_quota },
	{ "CPUQuotaPeriodSec", S, p_time, OFF(cpu_quota_period_ms) },
	{ "CPUWeight", S, p_weight, OFF(cpu_weight), 10000 },
	{ "CPUShares", S, p_weight, OFF(cpu_shares), 262144 },
	{ "MemoryMax", S, p_limit, OFF(memory_max), 0 },
	{ "MemoryHigh", S, p_limit, OFF(memory_high), 0 },
	{ "MemoryLimit", S, p_limit, OFF(memory_limit), 0 },
	{ "TasksMax", S, p_limit, OFF(tasks_max), 1 },
	{ "Delegate", S, p_delegate },

	{ "SecureBits", S, unitext_secure_bits },
	{ "DynamicUser", S, unitext_dynamic_user },
	{ "BindPaths", S, unitext_binds, 0, 0 },
	{ "BindReadOnlyPaths", S, unitext_binds, 0, 1 },
	{ "LoadCredential", S, unitext_load_cred },
	{ "SetCredential", S, unitext_set_cred },
	{ "ImportCredential", S, unitext_import_cred },
	{ "LoadCredentialEncrypted", S, unitext_encrypted },
	{ "SetCredentialEncrypted", S, unitext_encrypted },
	{ "LimitCPU", S, p_rlimit, 0, RLIMIT_CPU },
	{ "LimitFSIZE", S, p_rlimit, 0, RLIMIT_FSIZE },
	{ "LimitDATA", S, p_rlimit, 0, RLIMIT_DATA },
	{ "LimitSTACK", S, p_rlimit, 0, RLIMIT_STACK },
	{ "LimitCORE", S, p_rlimit, 0, RLIMIT_CORE },
	{ "LimitRSS", S, p_rlimit, 0, RLIMIT_RSS },
	{ "LimitNOFILE", S, p_rlimit, 0, RLIMIT_NOFILE },
	{ "LimitAS", S, p_rlimit, 0, RLIMIT_AS },
	{ "LimitNPROC", S, p_rlimit, 0, RLIMIT_NPROC },
	{ "LimitMEMLOCK", S, p_rlimit, 0, RLIMIT_MEMLOCK },
	{ "LimitLOCKS", S, p_rlimit, 0, RLIMIT_LOCKS },
	{ "LimitSIGPENDING", S, p_rlimit, 0, RLIMIT_SIGPENDING },
	{ "LimitMSGQUEUE", S, p_rlimit, 0, RLIMIT_MSGQUEUE },
	{ "LimitNICE", S, p_rlimit, 0, RLIMIT_NICE },
	{ "LimitRTPRIO", S, p_rlimit, 0, RLIMIT_RTPRIO },
	{ "LimitRTTIME", S, p_rlimit, 0, RLIMIT_RTTIME },

	{ "CapabilityBoundingSet", S, p_caps, OFF(cap_bounding), SETF(cap_bounding_set) },
	{ "AmbientCapabilities", S, p_caps, OFF(cap_ambient), SETF(cap_ambient_set) },
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
		p_string, p_path, p_deps, p_words, p_checked, p_cond, p_pidfile, p_user,
		p_workdir, p_envfile, p_dirs, p_stdio, p_stdio_out,
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
