/* SPDX-License-Identifier: MIT */
/*
 * Loading the unit registry and changing it at run time: the unit
 * directories, template instances and the built-in targets into struct
 * svcs, the dependency graphs between them, hot reload (the difference
 * between the loaded units and the directories, applied), and the
 * instances made and freed at run time (Accept=yes).  What a loaded unit
 * does is svc.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dep.h"
#include "log.h"
#include "nameset.h"
#include "reap.h"
#include "spawn.h"
#include "socket.h"
#include "svc_priv.h"
#include "timer.h"
#include "target.h"
#include "util.h"
#include "nofail.h"

/* FNV-1a over the unit's file and drop-ins: "changed" for a reload. */
static uint64_t hash_file(uint64_t h, const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return h ^ 0x9e3779b97f4a7c15ull;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 0x100000001b3ull;
	close(fd);
	return h;
}

static uint64_t unit_hash(const struct unit *u)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = hash_file(h, u->path);
	for (const char *p = u->instance ? u->instance : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	for (char **d = u->dropins; d && *d; d++)
		h = hash_file(h, *d);
	return h;
}

/* Backoff settings from the unit: tend's default, fixed, or systemd's steps. */
static void apply_unit(struct svc *s)
{
	const struct unit *u = s->u;

	backoff_default(&s->bcfg);
	if (u->restart_sec_set && !u->restart_steps_set && !u->restart_max_delay_set) {
		s->bcfg.base_ms = u->restart_sec_ms;	/* systemd: a fixed delay */
		s->bcfg.max_ms = 0;
	} else if (u->restart_sec_set || u->restart_steps_set || u->restart_max_delay_set) {
		s->bcfg.base_ms = u->restart_sec_ms;
		s->bcfg.max_ms = u->restart_max_delay_ms == UNIT_INFINITY ? 30000
									  : u->restart_max_delay_ms;
		s->bcfg.steps = u->restart_steps;
	}
	s->bcfg.burst = u->start_limit_burst > 0 ? (unsigned)u->start_limit_burst : 0;
	s->bcfg.interval_ms = u->start_limit_interval_ms;
}

void svc_take_next_unit(struct svc *s)
{
	if (!s->next_u)
		return;
	unit_free(s->u);
	s->u = s->next_u;
	s->next_u = NULL;
	apply_unit(s);
	log_info("'%s': now runs its new definition", s->u->name);
}

static void log_diag(const struct unit_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].kind == DIAG_ERROR)
			log_err("%s", d->v[i].text);
		else
			log_warn("%s", d->v[i].text);
	}
}

/* Units being loaded, in load order, and the set of their names. */
struct batch {
	struct svc **v;
	size_t n, cap;
	struct nameset names;
};

static bool loaded(const struct batch *b, const char *name)
{
	return nameset_has(&b->names, name);
}

static int add_unit(struct batch *b, struct unit *u)
{
	const struct svc_kind *kind = svc_kind_of(u->name);
	struct svc *s;
	int r;

	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 32;
		struct svc **nv = realloc(b->v, nc * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		b->v = nv;
		b->cap = nc;
	}
	if (nameset_add(&b->names, u->name) < 0)
		return -ENOMEM;
	if (!kind)
		return -EINVAL;	/* a name load_dir() and load_instance() never pass */
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;	/* NB: the name stays in the set: not loaded, not retried */
	s->u = u;
	s->kind = kind;
	loop_timer_init(&s->timer, svc_timer_cb, s);
	loop_defer_init(&s->eval, svc_eval_cb, s);
	r = kind->load ? kind->load(s) : 0;
	if (r < 0) {
		free(s);
		return r;
	}
	b->v[b->n++] = s;
	return 0;
}

struct report {
	char *p;
	size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void report(struct report *rep, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!rep || rep->len + 1 >= rep->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(rep->p + rep->len, rep->size - rep->len - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	rep->len += (size_t)n < rep->size - rep->len - 1 ? (size_t)n : rep->size - rep->len - 2;
	rep->p[rep->len++] = '\n';
	rep->p[rep->len] = '\0';
}

static int load_one(const struct unit_ctx *ctx, const char *path, const char *instance,
		    struct batch *b, struct report *rep)
{
	struct unit_diag d = { 0 };
	struct unit *u = NULL;
	int r = unit_load(path, instance, ctx, &u, &d);

	log_diag(&d);
	for (size_t i = 0; r < 0 && i < d.n; i++)
		if (d.v[i].kind == DIAG_ERROR)
			report(rep, "!%s", d.v[i].text);
	unit_diag_free(&d);
	if (r < 0) {
		log_err("%s%s%s: not loaded: %s", path, instance ? " instance " : "",
			instance ? instance : "", r == -EINVAL ? "errors above" : strerror(-r));
		return r;
	}
	if (loaded(b, u->name)) {
		unit_free(u);
		return 0;
	}
	r = add_unit(b, u);
	if (r < 0) {
		log_err("'%s': not loaded: %s", u->name, strerror(-r));
		unit_free(u);
		return r;
	}
	return 0;
}

/* "foo@.service": a template, loaded only through its instances. */
static bool is_template(const char *name)
{
	const char *at = strchr(name, '@');

	return at && at[1] == '.';
}

static int load_dir(const struct unit_ctx *ctx, const char *dir, struct batch *b,
		    struct report *rep)
{
	struct dirent **ents;
	int m = scandir(dir, &ents, NULL, alphasort);
	char path[4096];

	if (m < 0) {
		int r = -errno;

		log_err("unit directory %s: %s", dir, strerror(-r));
		report(rep, "!unit directory %s: %s", dir, strerror(-r));
		return r;
	}
	for (int i = 0; i < m; i++) {
		const char *name = ents[i]->d_name;

		if (svc_kind_of(name) && !is_template(name) && !loaded(b, name)) {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			(void)load_one(ctx, path, NULL, b, rep);
		}
		free(ents[i]);
	}
	free(ents);
	return 0;
}

/* "foo@bar.service" named by a dependency: load it from foo@.service. */
static void load_instance(const struct unit_ctx *ctx, const char *const *dirs, int ndirs,
			  const char *name, struct batch *b, struct report *rep)
{
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	char path[4096], inst[UNIT_NAME_MAX + 1];

	if (!at || !dot || dot <= at + 1 || !svc_kind_of(name) || loaded(b, name))
		return;
	snprintf(inst, sizeof(inst), "%.*s", (int)(dot - at - 1), at + 1);
	for (int i = 0; i < ndirs; i++) {
		snprintf(path, sizeof(path), "%s/%.*s@%s", dirs[i], (int)(at - name), name, dot);
		if (access(path, R_OK) == 0) {
			(void)load_one(ctx, path, inst, b, rep);
			return;
		}
	}
}

/* The well-known targets that no file of the directories defines. */
static void load_builtins(const struct unit_ctx *ctx, const char *const *dirs, int ndirs,
			  struct batch *b)
{
	char text[256];
	const char *name;

	for (size_t i = 0; (name = target_builtin(i, text, sizeof(text))); i++) {
		struct unit_diag d = { 0 };
		struct unit *u = NULL;

		if (loaded(b, name))
			continue;
		if (unit_parse_builtin(text, name, dirs, ndirs, ctx, &u, &d) == 0 &&
		    add_unit(b, u) < 0)
			unit_free(u);
		log_diag(&d);
		unit_diag_free(&d);
	}
}

static void on_cycle(const uint32_t *m, uint32_t n, void *data)
{
	char text[1024];
	size_t off = 0;

	(void)data;
	for (uint32_t i = 0; i < n && off < sizeof(text); i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "%s%s",
					i ? " -> " : "", svc_reg.v[m[i]]->u->name);
	if (off < sizeof(text))
		snprintf(text + off, sizeof(text) - off, " -> %s", svc_reg.v[m[0]]->u->name);
	log_err("ordering cycle: %s; these units will not start", text);
}

/* Append x to v; false, v kept as it was, when it can't grow (ENOMEM). */
static bool push_edge(struct dep_edge **v, size_t *n, size_t *cap, struct dep_edge x)
{
	if (*n == *cap) {
		struct dep_edge *nv = reallocarray(*v, *cap * 2, sizeof(**v));

		if (!nv)
			return false;
		*v = nv;
		*cap *= 2;
	}
	(*v)[(*n)++] = x;
	return true;
}

/* Ordering and requirement edges between loaded units, then cycles. */
static int build_graphs(void)
{
	size_t cap = 64, ne = 0, nn = 0, ncap = 64;
	struct dep_edge *e = malloc(cap * sizeof(*e)), *ne_v = malloc(ncap * sizeof(*ne_v));
	int r = -ENOMEM;

	if (!e || !ne_v)
		goto out;
	for (size_t i = 0; i < svc_reg.n; i++) {
		struct svc *s = svc_reg.v[i];
		const struct unit *u = s->next_u ? s->next_u : s->u;
		char **req[] = { u->requires, u->requisite, u->binds_to };
		bool ok = true;

		s->missing = NULL;
		s->in_cycle = false;
		for (char **a = u->after; ok && a && *a; a++) {
			struct svc *d = svc_find(*a);

			ok = !d || push_edge(&e, &ne, &cap, (struct dep_edge){ s->idx, d->idx });
		}
		for (char **b = u->before; ok && b && *b; b++) {
			struct svc *d = svc_find(*b);

			ok = !d || push_edge(&e, &ne, &cap, (struct dep_edge){ d->idx, s->idx });
		}
		for (size_t k = 0; k < ARRAY_SIZE(req); k++)
			for (char **q = req[k]; ok && q && *q; q++) {
				struct svc *d = svc_find(*q);

				if (!d && !s->missing)
					s->missing = *q;
				ok = !d || push_edge(&ne_v, &nn, &ncap,
						     (struct dep_edge){ s->idx, d->idx });
			}
		if (!ok)
			goto out;
	}
	r = dep_build(&svc_reg.order, (uint32_t)svc_reg.n, e, ne);
	if (r == 0)
		r = dep_build(&svc_reg.need, (uint32_t)svc_reg.n, ne_v, nn);
	if (r == 0 && dep_find_cycles(&svc_reg.order, on_cycle, NULL))
		for (size_t i = 0; i < svc_reg.n; i++)
			svc_reg.v[i]->in_cycle = svc_reg.order.in_cycle[i];
out:
	free(e);
	free(ne_v);
	return r;
}

/*
 * Every unit of the directories, and the instances their dependencies name.
 * Returns the first directory's error: its units are unknown, not gone.
 */
static int load_all(const char *const *dirs, int ndirs, struct svc ***v, size_t *n,
		    struct report *rep)
{
	struct batch b = { 0 };
	struct unit_ctx ctx;
	size_t before;
	int r = 0;

	unit_ctx_host(&ctx);
	ctx.runtime_dir = svc_reg.env.runtime_dir;
	for (int i = 0; i < ndirs; i++) {
		int k = load_dir(&ctx, dirs[i], &b, rep);

		if (k < 0 && r == 0)
			r = k;
	}
	load_builtins(&ctx, dirs, ndirs, &b);
	do {	/* instances named by dependencies, which may name more */
		before = b.n;
		for (size_t i = 0; i < before; i++) {
			struct unit *u = b.v[i]->u;
			char **lists[] = { u->wants, u->requires, u->requisite, u->binds_to };

			for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
				for (char **q = lists[k]; q && *q; q++)
					load_instance(&ctx, dirs, ndirs, *q, &b, rep);
		}
	} while (b.n != before);
	nameset_free(&b.names);
	*v = b.v;
	*n = b.n;
	return r;
}

static void gc_cb(struct loop *l, void *data);

/* Does any unit have an Alias=?  Else svc_find() need not look for one. */
static void note_aliases(void)
{
	svc_reg.any_alias = false;
	for (size_t i = 0; i < svc_reg.n && !svc_reg.any_alias; i++)
		svc_reg.any_alias = svc_reg.v[i]->u->alias && svc_reg.v[i]->u->alias[0];
}

int svc_load(const struct svc_env *env, const char *const *dirs, int ndirs)
{
	svc_reg.env = *env;
	svc_reg.dirs = dirs;
	svc_reg.ndirs = ndirs;
	loop_defer_init(&svc_reg.gc, gc_cb, NULL);
	loop_defer_init(&svc_reg.check, svc_check_cb, NULL);
	(void)load_all(dirs, ndirs, &svc_reg.v, &svc_reg.n, NULL);	/* logged; a reload retries */
	if (svc_reg.n)
		qsort(svc_reg.v, svc_reg.n, sizeof(*svc_reg.v), svc_by_name);
	for (size_t i = 0; i < svc_reg.n; i++) {
		svc_reg.v[i]->idx = (uint32_t)i;
		svc_reg.v[i]->hash = unit_hash(svc_reg.v[i]->u);
		apply_unit(svc_reg.v[i]);
	}
	reap_reserve(svc_reg.n * 2 + 8);
	loop_timer_reserve(svc_reg.env.loop, (uint32_t)(svc_reg.n * 2 + 8));
	/* a running unit holds up to ~4 fds (pidfd, output and exec-status pipes, socket) */
	if (spawn_reserve_fds(svc_reg.n * 4 + 256) < 0)
		log_warn("fd limit too low for %zu units: %s", svc_reg.n, strerror(EMFILE));
	log_info("loaded %zu units", svc_reg.n);
	note_aliases();
	socket_link_all();
	timer_link_all();
	return build_graphs();
}

/* ---- hot reload ---- */

/*
 * The reloaded unit named like s, walking sorted (nv by name) with *k in
 * step with svc_reg.v, which is sorted too: a merge, O(N) for the whole diff.
 */
static struct svc *next_match(struct svc **sorted, size_t nn, size_t *k, const struct svc *s)
{
	int c = 1;

	while (*k < nn && (c = strcmp(sorted[*k]->u->name, s->u->name)) < 0)
		(*k)++;
	return *k < nn && c == 0 ? sorted[(*k)++] : NULL;
}

/* A file of the directories that exists but did not load: keep the old unit. */
static bool file_present(const char *const *dirs, int ndirs, const struct svc *s)
{
	const char *base = strrchr(s->u->path, '/');

	base = base ? base + 1 : s->u->path;
	for (int i = 0; i < ndirs; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dirs[i], base);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

static void svc_free(struct svc *s)
{
	if (svc_reg.env.on_free)
		svc_reg.env.on_free(s);	/* tendctl logs -f of s ends, never reads freed memory */
	if (s->kind->release)
		s->kind->release(s);
	loop_timer_cancel(svc_reg.env.loop, &s->timer);
	unit_free(s->next_u);
	unit_free(s->u);
	free(s->cond_failed);
	free(s);
}

/* Apply one reloaded unit n to the old unit s (same name). */
static void apply_changed(struct svc *s, struct svc *n, struct report *rep)
{
	unit_free(s->next_u);
	s->next_u = n->u;
	s->hash = n->hash;
	s->removed = false;
	n->u = NULL;
	report(rep, "changed %s", s->u->name);
	s->want_up = true;
	if (svc_has_processes(s) || s->state == SVC_BACKOFF) {
		(void)svc_restart_one(s);	/* the new definition is taken at the spawn */
		return;
	}
	svc_take_next_unit(s);
	s->started_once = false;
	backoff_reset(&s->bst);
	if (s->state == SVC_FAILED)
		svc_feed(s, SVC_EV_STOP);
	loop_defer(svc_reg.env.loop, &s->eval);
}

int svc_reload_units(const char *const *dirs, int ndirs, char *text, size_t size)
{
	struct report rep = { .p = text, .size = size };
	struct svc **nv = NULL, **all, **sorted = NULL;
	size_t nn = 0, keep = 0, k = 0;
	int r;

	text[0] = '\0';
	svc_reg.dirs = dirs;
	svc_reg.ndirs = ndirs;
	r = load_all(dirs, ndirs, &nv, &nn, &rep);
	if (r < 0) {	/* an unreadable directory would remove all its units */
		report(&rep, "!units left as they were");
		goto out;
	}
	for (size_t i = 0; i < nn; i++)
		nv[i]->hash = unit_hash(nv[i]->u);
	/* nv keeps load order (the "added" lines); the merge walks a sorted copy */
	if (nn && !(sorted = malloc(nn * sizeof(*sorted)))) {
		r = -ENOMEM;
		goto out;
	}
	if (nn) {
		memcpy(sorted, nv, nn * sizeof(*sorted));
		qsort(sorted, nn, sizeof(*sorted), svc_by_name);
	}
	for (size_t i = 0; i < svc_reg.n; i++) {
		struct svc *s = svc_reg.v[i], *n;

		if (s->transient)
			continue;	/* a connection's instance: not in the directories */
		n = next_match(sorted, nn, &k, s);
		if (!n && !s->removed && file_present(dirs, ndirs, s)) {
			report(&rep, "!%s: kept its old definition (the file has errors)", s->u->name);
		} else if (!n && !s->removed) {
			report(&rep, "removed %s", s->u->name);
			s->removed = true;
			(void)svc_stop(s);
		} else if (n && n->hash != s->hash) {
			apply_changed(s, n, &rep);
		}
		if (n)
			n->removed = true;	/* matched: not new */
	}
	all = realloc(svc_reg.v, (svc_reg.n + nn + 1) * sizeof(*all));
	if (!all) {
		r = -ENOMEM;
		goto out;
	}
	svc_reg.v = all;
	for (size_t i = 0; i < nn; i++) {
		if (nv[i]->removed) {
			svc_free(nv[i]);
			continue;
		}
		report(&rep, "added %s", nv[i]->u->name);
		nv[i]->want_up = !svc_reg.stopping_all && !nv[i]->on_demand;
		apply_unit(nv[i]);
		svc_reg.v[svc_reg.n++] = nv[i];
		loop_defer(svc_reg.env.loop, &nv[i]->eval);
	}
	nn = 0;
	/* units removed earlier and down by now are freed */
	for (size_t i = 0; i < svc_reg.n; i++) {
		struct svc *s = svc_reg.v[i];

		if (s->removed && !svc_has_processes(s) && s->state != SVC_BACKOFF && !s->eval.queued &&
		    !loop_timer_armed(&s->timer) && !s->feeding) {
			svc_free(s);
			continue;
		}
		svc_reg.v[keep++] = s;
	}
	svc_reg.n = keep;
	qsort(svc_reg.v, svc_reg.n, sizeof(*svc_reg.v), svc_by_name);
	for (size_t i = 0; i < svc_reg.n; i++)
		svc_reg.v[i]->idx = (uint32_t)i;
	dep_free(&svc_reg.order);
	dep_free(&svc_reg.need);
	(void)reap_reserve(svc_reg.n * 2 + 8);
	(void)loop_timer_reserve(svc_reg.env.loop, (uint32_t)(svc_reg.n * 2 + 8));
	note_aliases();
	r = build_graphs();
	if (r < 0)
		log_err("dependencies: %s: units start and stop without ordering until the next reload",
			strerror(-r));
	socket_link_all();
	timer_link_all();
	loop_defer(svc_reg.env.loop, &svc_reg.check);
	log_info("reloaded units: %zu loaded", svc_reg.n);
out:
	for (size_t i = 0; i < nn; i++)
		svc_free(nv[i]);
	free(nv);
	free(sorted);
	return r;
}

/* ---- instances made at run time (Accept=yes: one per connection) ---- */

static bool gone(const struct svc *s)
{
	return s->transient && (s->state == SVC_DOWN || s->state == SVC_FAILED) &&
	       !s->eval.queued && !loop_timer_armed(&s->timer) && !s->feeding;
}

/* Free the transient instances that ended; the rest keep their order. */
static void gc_cb(struct loop *l, void *data)
{
	size_t keep = 0, n = svc_reg.n;

	(void)l;
	(void)data;
	for (size_t i = 0; i < n; i++) {
		if (gone(svc_reg.v[i])) {
			svc_free(svc_reg.v[i]);
			continue;
		}
		svc_reg.v[keep] = svc_reg.v[i];
		svc_reg.v[keep]->idx = (uint32_t)keep;
		keep++;
	}
	if (keep == n)
		return;
	svc_reg.n = keep;
	dep_free(&svc_reg.order);
	dep_free(&svc_reg.need);
	if (build_graphs() < 0)
		log_err("dependencies after freeing instances: %s", strerror(ENOMEM));
}

struct svc *svc_add_instance(const char *template_name, const char *instance)
{
	struct unit_diag d = { 0 };
	struct unit_ctx ctx;
	struct unit *u = NULL;
	struct svc *s, **nv;
	char path[4096];
	size_t at;
	int i, r = -ENOENT;

	for (i = 0; i < svc_reg.ndirs; i++) {
		snprintf(path, sizeof(path), "%s/%s", svc_reg.dirs[i], template_name);
		if (access(path, R_OK) == 0)
			break;
	}
	if (i < svc_reg.ndirs) {
		unit_ctx_host(&ctx);
		ctx.runtime_dir = svc_reg.env.runtime_dir;
		r = unit_load(path, instance, &ctx, &u, &d);
		log_diag(&d);
		unit_diag_free(&d);
	}
	if (r == 0 && svc_find(u->name))
		r = -EEXIST;
	s = r == 0 ? calloc(1, sizeof(*s)) : NULL;
	nv = s ? realloc(svc_reg.v, (svc_reg.n + 1) * sizeof(*nv)) : NULL;
	if (nv)
		svc_reg.v = nv;
	if (!nv) {
		log_err("'%s' instance %s: %s", template_name, instance,
			strerror(r < 0 ? -r : ENOMEM));
		free(s);
		unit_free(u);
		return NULL;
	}
	s->u = u;
	s->kind = svc_kind_of(u->name);
	s->transient = s->on_demand = true;
	loop_timer_init(&s->timer, svc_timer_cb, s);
	loop_defer_init(&s->eval, svc_eval_cb, s);
	if (!s->kind || (s->kind->load && s->kind->load(s) < 0)) {
		log_err("'%s': not loaded", u->name);
		unit_free(u);
		free(s);
		return NULL;
	}
	s->hash = unit_hash(u);
	apply_unit(s);
	for (at = 0; at < svc_reg.n && strcmp(svc_reg.v[at]->u->name, u->name) < 0; at++)
		;
	memmove(svc_reg.v + at + 1, svc_reg.v + at, (svc_reg.n - at) * sizeof(*svc_reg.v));
	svc_reg.v[at] = s;
	svc_reg.n++;
	for (size_t k = 0; k < svc_reg.n; k++)
		svc_reg.v[k]->idx = (uint32_t)k;
	dep_free(&svc_reg.order);
	dep_free(&svc_reg.need);
	(void)reap_reserve(svc_reg.n * 2 + 8);
	(void)loop_timer_reserve(svc_reg.env.loop, (uint32_t)(svc_reg.n * 2 + 8));
	svc_reg.any_alias |= u->alias && u->alias[0];
	if (build_graphs() < 0)
		log_err("'%s': dependencies: %s", u->name, strerror(ENOMEM));
	return s;
}
