/* SPDX-License-Identifier: MIT */
/* `tend check`: lint unit files without running them; host facts. */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "condition.h"
#include "target.h"
#include "svcout.h"
#include "unit.h"
#include "nofail.h"

/* Read the first line of a small file into buf; "" when it can't. */
static const char *first_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, (int)size, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static const char *arch_name(const char *machine)
{
	static const struct {
		const char *uname, *systemd;
	} map[] = {
		{ "x86_64", "x86-64" }, { "i686", "x86" }, { "i586", "x86" }, { "i386", "x86" },
		{ "aarch64", "arm64" }, { "armv7l", "arm" }, { "ppc64le", "ppc64-le" },
		{ "riscv64", "riscv64" }, { "s390x", "s390x" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].uname, machine) == 0)
			return map[i].systemd;
	return machine;
}

void unit_ctx_host(struct unit_ctx *ctx)
{
	static struct utsname uts;
	static char machine_id[64], boot_id[64];
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	char buf[32];

	memset(ctx, 0, sizeof(*ctx));
	if (uname(&uts) == 0) {
		ctx->hostname = uts.nodename;
		ctx->kernel_release = uts.release;
		ctx->architecture = arch_name(uts.machine);
	}
	ctx->machine_id = first_line("/etc/machine-id", machine_id, sizeof(machine_id));
	first_line("/proc/sys/kernel/random/boot_id", boot_id, sizeof(boot_id));
	/* systemd prints the boot id without dashes */
	for (char *s = boot_id, *d = boot_id;; s++)
		if (*s != '-' && !(*d++ = *s))
			break;
	ctx->boot_id = boot_id;
	ctx->user_name = "root";
	ctx->group_name = "root";
	ctx->home = "/root";
	ctx->shell = "/bin/sh";
	if (pages > 0 && psize > 0)
		ctx->physical_memory = (uint64_t)pages * (uint64_t)psize;
	ctx->tasks_max_base = strtoull(first_line("/proc/sys/kernel/pid_max", buf, sizeof(buf)),
				       NULL, 10);
}

static const char *const kind_label[_DIAG_KIND_MAX] = {
	[DIAG_ERROR] = "error", [DIAG_WARN] = "warning",
	[DIAG_SKIP_INFO] = "skipped", [DIAG_SKIP_SANDBOX] = "skipped",
};

/* Why a unit file could not be read, in words (unit_load()'s errors). */
static const char *read_error(int r)
{
	switch (r) {
	case -EFBIG: return "larger than 4 MiB";
	case -EBADFD: return "not a regular file";
	case -EISDIR: return "is a directory";
	default: return strerror(-r);
	}
}

/* The units that loaded, kept for the checks across units. */
struct loaded {
	struct unit **v;
	size_t n, cap;
};

static void keep(struct loaded *l, struct unit *u)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		struct unit **nv = realloc(l->v, nc * sizeof(*nv));

		if (!nv) {
			unit_free(u);	/* NB: then not checked across units */
			return;
		}
		l->v = nv;
		l->cap = nc;
	}
	l->v[l->n++] = u;
}

/* Would the unit start now?  Evaluates its Condition*= and Assert*=. */
static void check_conditions(const char *path, const struct unit *u, FILE *out)
{
	char why[512];
	int r = cond_unit(u, why, sizeof(why));

	if (r != COND_HOLD)
		fprintf(out, "note: %s: %s now: %s not met\n", path,
			r == COND_ASSERT_FAILED ? "the start would fail" : "would be skipped", why);
}

/*
 * A diagnostic quotes the file, which may be anyone's (tend check runs on
 * downloaded packages): its control characters are escaped as service
 * output is (svcout_escape()), so checking a file can't drive a terminal.
 */
static const char *printable(const char *text)
{
	static char buf[4 * 1024 + 1];

	svcout_escape(buf, sizeof(buf), text, strlen(text));
	return buf;
}

/* Check one unit file; true when it loads. */
static bool check_one(const char *path, const struct unit_ctx *ctx, FILE *out,
		      struct loaded *l)
{
	struct unit_diag d = { 0 };
	struct unit *u = NULL;
	const char *base = strrchr(path, '/');
	size_t i;
	int r;

	base = base ? base + 1 : path;
	/* a template is checked as one instance of itself */
	r = unit_load(path, strstr(base, "@.") ? "check" : NULL, ctx, &u, &d);
	for (i = 0; i < d.n; i++)
		fprintf(out, "%s: %s\n", kind_label[d.v[i].kind], printable(d.v[i].text));
	if (r == 0)
		check_conditions(path, u, out);
	if (r == -ERFKILL)
		fprintf(out, "error: %s: unit is masked\n", path);
	else if (r < 0 && !d.n_by_kind[DIAG_ERROR])
		fprintf(out, "error: %s: %s\n", path, read_error(r));
	unit_diag_free(&d);
	if (r == 0)
		keep(l, u);
	else
		unit_free(u);
	return r == 0;
}

/* A unit file of a kind tend loads from a directory. */
static bool is_unit_file(const char *name)
{
	static const char *const suffix[] = { ".service", ".target", ".socket", ".timer" };
	const char *dot = strrchr(name, '.');

	for (size_t k = 0; name[0] != '.' && dot && k < 4; k++)
		if (strcmp(dot, suffix[k]) == 0)
			return true;
	return false;
}

/* Check every unit file in dir, in name order; returns the failures. */
static int check_dir(const char *dir, const struct unit_ctx *ctx, FILE *out, struct loaded *l)
{
	struct dirent **names = NULL;
	char path[4096];
	int n, i, bad = 0, units = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(out, "error: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (is_unit_file(names[i]->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			bad += !check_one(path, ctx, out, l);
			units++;
		}
		free(names[i]);
	}
	free(names);
	if (units == 0) {	/* a file's name given for a directory, most likely */
		fprintf(out, "error: %s: a directory with no unit files in it\n", dir);
		return 1;
	}
	return bad;
}

/* Would tend have name among the units checked: loaded, or an instance of a template that is? */
static bool in_set(const struct loaded *l, const char *name)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	size_t plen = at ? (size_t)(at - name) : 0;
	char text[256];
	const char *b;

	for (size_t i = 0; (b = target_builtin(i, text, sizeof(text))); i++)
		if (strcmp(b, name) == 0)
			return true;	/* exists without a file */
	for (size_t i = 0; i < l->n; i++) {
		const struct unit *u = l->v[i];

		if (strcmp(u->name, name) == 0)
			return true;
		/* an instance of a template that loaded: "foo@x.service" of "foo@.service" */
		if (at && dot && u->template_name &&
		    strncmp(u->template_name, name, plen + 1) == 0 &&
		    strcmp(u->template_name + plen + 1, dot) == 0)
			return true;
	}
	return false;
}

/*
 * Requires=, Requisite= and BindsTo= on a unit that is not among those
 * checked: tend would fail the unit when it starts.  Returns the units
 * refused (--strict).
 */
static int check_requirements(const struct loaded *l, bool strict, FILE *out)
{
	int bad = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct unit *u = l->v[i];
		const char *key[] = { "Requires", "Requisite", "BindsTo" };
		char **const lists[] = { u->requires, u->requisite, u->binds_to };
		bool refused = false;

		for (size_t k = 0; k < 3; k++)
			for (char **q = lists[k]; q && *q; q++) {
				if (in_set(l, *q))
					continue;
				fprintf(out, "%s: %s: %s=%s: no such unit among those checked: "
					"'%s' will not start%s\n", strict ? "error" : "warning",
					u->path, key[k], *q, u->name,
					strict ? " (--strict)" : "");
				refused = strict;
			}
		bad += refused;
	}
	return bad;
}

int unit_check_paths(char **paths, bool strict, bool require_sandbox, FILE *out)
{
	struct unit_ctx ctx;
	struct loaded l = { 0 };
	struct stat st;
	bool dirs = false;
	int bad = 0;

	unit_ctx_host(&ctx);
	ctx.strict = strict;
	ctx.require_sandbox = require_sandbox;
	if (!paths || !*paths) {
		fprintf(out, "error: tend check: no unit files given\n");
		return 1;
	}
	for (; *paths; paths++) {
		if (stat(*paths, &st) == 0 && S_ISDIR(st.st_mode)) {
			dirs = true;
			bad += check_dir(*paths, &ctx, out, &l);
		} else {
			bad += !check_one(*paths, &ctx, out, &l);
		}
	}
	/* given a directory, check knows the set of units tend would load */
	if (dirs)
		bad += check_requirements(&l, strict, out);
	for (size_t i = 0; i < l.n; i++)
		unit_free(l.v[i]);
	free(l.v);
	/* the caller may leave through _exit(): flush here */
	fflush(out);
	return bad ? 1 : 0;
}
