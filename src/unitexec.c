/* SPDX-License-Identifier: MIT */
/*
 * The parsers of the keys that shape a service's processes, as
 * systemd.exec(5) and systemd.resource-control(5) describe them: Exec*=,
 * Environment*=, WorkingDirectory=, Limit*=, capabilities, CPUAffinity=,
 * the *Directory= lists, Standard*=, User=/Group=, scheduling and I/O
 * class, the cgroup limits.  The key table naming them is unitkeys.c's.
 * Pure.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "cmdline.h"
#include "timespan.h"
#include "unitpriv.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

bool unitexec_env_name_ok(const char *s)
{
	const char *eq = strchr(s, '=');

	return uv_env_name_ok(s, eq ? (size_t)(eq - s) : strlen(s));
}

static bool rel_dir_ok(const char *s)
{
	return *s && *s != '/' && !strstr(s, "..") && !strchr(s, ':');
}

int unitexec_exec(struct uctx *c, const struct ukey *k, const char *v)
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

/* Environment="A=b c" D=e: words with quotes and escapes, each K=V. */
int unitexec_environment(struct uctx *c, const struct ukey *k, const char *v)
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
		if (!strchr(x, '=') || !unitexec_env_name_ok(x))
			r = uctx_fail(c, "not a valid assignment: %s", x);
		else
			r = strv_add(f, x);
		free(x);
		if (r < 0)
			return r;
	}
}

int unitexec_envfile(struct uctx *c, const struct ukey *k, const char *v)
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
	nv = array_grow(u->environment_files, u->n_environment_files, sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	u->environment_files = nv;
	nv[u->n_environment_files].path = strdup(v);
	if (!nv[u->n_environment_files].path)
		return -ENOMEM;
	nv[u->n_environment_files++].optional = optional;
	return 0;
}

int unitexec_workdir(struct uctx *c, const struct ukey *k, const char *v)
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
int unitexec_rlimit(struct uctx *c, const struct ukey *k, const char *v)
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
int unitexec_caps(struct uctx *c, const struct ukey *k, const char *v)
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

int unitexec_cpuset(struct uctx *c, const struct ukey *k, const char *v)
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

int unitexec_dirs(struct uctx *c, const struct ukey *k, const char *v)
{
	struct ukey k2 = { .off = OFF(directories[k->arg]), .tbl = (const void *)rel_dir_ok };

	return ukey_words(c, &k2, v);
}

int unitexec_dir_mode(struct uctx *c, const struct ukey *k, const char *v)
{
	struct ukey k2 = { .off = OFF(directory_mode[k->arg]) };

	return ukey_mode(c, &k2, v);
}

/* UNIT_SINK_* of a StandardOutput=/StandardError= value. */
static uint8_t stdio_sink(const char *v)
{
	uint8_t s = !strncmp(v, "kmsg", 4) ? UNIT_SINK_KMSG :
		    !strncmp(v, "syslog", 6) ? UNIT_SINK_SYSLOG : 0;

	return s && strstr(v, "+console") ? s | UNIT_SINK_ALSO_LOG : s;
}

/* StandardInput/Output/Error: k->arg 0 in, 1 out, 2 err. */
int unitexec_stdio(struct uctx *c, const struct ukey *k, const char *v)
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

int unitexec_stdio_out(struct uctx *c, const struct ukey *k, const char *v)
{
	if (k->arg == 1)
		c->stdout_set = true;
	else
		c->std_error_set = true;
	return unitexec_stdio(c, k, v);
}

int unitexec_user(struct uctx *c, const struct ukey *k, const char *v)
{
	if (*v && !uv_user_name_ok(v))
		return uctx_fail(c, "not a valid user or group name: %s", v);
	return ukey_string(c, k, v);
}

bool unitexec_user_ok(const char *s)
{
	return uv_user_name_ok(s);
}

int unitexec_sched_policy(struct uctx *c, const struct ukey *k, const char *v)
{
	static const struct name_val t[] = {
		{ "other", SCHED_OTHER }, { "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
		{ "fifo", SCHED_FIFO }, { "rr", SCHED_RR }, { NULL, 0 },
	};
	struct ukey k2 = *k;

	k2.tbl = t;
	return ukey_enum(c, &k2, v);
}

int unitexec_io_class(struct uctx *c, const struct ukey *k, const char *v)
{
	static const struct name_val t[] = {
		{ "none", 0 }, { "realtime", 1 }, { "best-effort", 2 }, { "idle", 3 },
		{ "0", 0 }, { "1", 1 }, { "2", 2 }, { "3", 3 }, { NULL, 0 },
	};
	struct ukey k2 = *k;

	k2.tbl = t;
	return ukey_enum(c, &k2, v);
}

int unitexec_cpu_quota(struct uctx *c, const struct ukey *k, const char *v)
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
int unitexec_weight(struct uctx *c, const struct ukey *k, const char *v)
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
int unitexec_limit(struct uctx *c, const struct ukey *k, const char *v)
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
int unitexec_delegate(struct uctx *c, const struct ukey *k, const char *v)
{
	(void)k;
	if (uv_bool(v, &c->u->delegate) < 0)
		c->u->delegate = true;
	return 0;
}
