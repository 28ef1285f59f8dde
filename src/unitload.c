/* SPDX-License-Identifier: MIT */
/*
 * Finding and reading a unit: its file (or the template a missing
 * instance file stands for), its name, template and instance, its
 * drop-ins and .wants/.requires links, then the whole-unit checks.
 * unit.c parses each text; nothing here but reading the files given.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unitpriv.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

#define UNIT_FILE_MAX (4 * 1024 * 1024)

/* Read all of a regular file into a malloc'd buffer. */
static int read_file(const char *path, char **ret, size_t *ret_len)
{
	struct stat st;
	size_t len = 0;
	ssize_t n;
	char *buf;
	int fd, ret_err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret_err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > UNIT_FILE_MAX) {
		/* a link to /dev/null masks a unit, as in systemd */
		ret_err = S_ISDIR(st.st_mode) ? -EISDIR : S_ISCHR(st.st_mode) ? -ERFKILL :
			  S_ISREG(st.st_mode) ? -EFBIG : -EBADFD;
		goto out_close;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ret_err = -ENOMEM;
		goto out_close;
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
out_close:
	close(fd);
	return ret_err;
}

struct dropin {
	char *base, *path;
};

static int dropin_cmp(const void *a, const void *b)
{
	const struct dropin *x = a, *y = b;

	return strcmp(x->base, y->base);
}

/* Add dir/NAME.d/X.conf files to *v; a missing directory is fine. */
static int collect_dropins(const char *dir, const char *name, struct dropin **v, size_t *n)
{
	char *d;
	DIR *dh;
	struct dirent *de;
	struct dropin *nv;
	size_t i, len;
	int ret = 0;

	if (asprintf(&d, "%s/%s.d", dir, name) < 0)
		return -ENOMEM;
	dh = opendir(d);
	if (!dh) {
		free(d);
		return 0;
	}
	while (ret == 0 && (de = readdir(dh))) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".conf") != 0 || de->d_name[0] == '.')
			continue;
		for (i = 0; i < *n; i++)	/* the instance's masks the template's */
			if (strcmp((*v)[i].base, de->d_name) == 0)
				break;
		if (i == *n) {
			nv = array_grow(*v, *n, sizeof(*nv));
			if (!nv) {
				ret = -ENOMEM;
				break;
			}
			*v = nv;
			(*n)++;
		} else {
			free((*v)[i].base);
			free((*v)[i].path);
		}
		(*v)[i].base = strdup(de->d_name);
		if (asprintf(&(*v)[i].path, "%s/%s", d, de->d_name) < 0)
			(*v)[i].path = NULL;
		if (!(*v)[i].base || !(*v)[i].path)
			ret = -ENOMEM;
	}
	closedir(dh);
	free(d);
	return ret;
}

static const char *last(char **v)
{
	size_t n = 0;

	while (v[n])
		n++;
	return v[n - 1];
}

/* Merge the drop-ins of u (and of its template) in lexical order. */
static int apply_dropins(struct uctx *c, const char *dir)
{
	struct dropin *v = NULL;
	size_t n = 0, i, len;
	char *text;
	int ret = 0, r;

	if (c->u->template_name)
		ret = collect_dropins(dir, c->u->template_name, &v, &n);
	if (ret == 0 && strcmp(c->u->name, c->u->template_name ? c->u->template_name : ""))
		ret = collect_dropins(dir, c->u->name, &v, &n);
	if (n)
		qsort(v, n, sizeof(*v), dropin_cmp);
	for (i = 0; ret == 0 && i < n; i++) {
		r = read_file(v[i].path, &text, &len);
		if (r < 0) {
			c->file = v[i].path;
			c->line = 0;
			c->key = NULL;
			uctx_diag(c, DIAG_ERROR, "%s", strerror(-r));
			continue;
		}
		if (strv_add(&c->u->dropins, v[i].path) < 0) {
			ret = -ENOMEM;
			free(text);
			break;
		}
		/* the unit's copy of the path: whole-unit checks may name it later */
		uctx_parse_text(c, text, len, last(c->u->dropins));
		free(text);
	}
	for (i = 0; i < n; i++) {
		free(v[i].base);
		free(v[i].path);
	}
	free(v);
	return ret;
}

/*
 * Settle name, template and instance of u from a file name and an
 * optional instance.  "foo@.service" + "bar" → "foo@bar.service".
 */
static int unit_names(struct unit *u, const char *base, const char *instance)
{
	const char *at = strchr(base, '@'), *dot = strrchr(base, '.');
	int kind = unit_kind_of(base);
	size_t plen;

	if (!dot || kind < 0 || !uv_unit_name_ok(base))
		return -EINVAL;
	u->kind = (enum unit_kind)kind;
	if (!at) {
		u->name = strdup(base);
		return instance ? -EINVAL : u->name ? 0 : -ENOMEM;
	}
	plen = (size_t)(at - base);
	if (asprintf(&u->template_name, "%.*s@%s", (int)plen, base, dot) < 0)
		return -ENOMEM;
	if (!instance && at + 1 < dot) {
		u->instance = strndup(at + 1, (size_t)(dot - at - 1));
	} else if (instance) {
		if (!*instance || strchr(instance, '/') || strchr(instance, '@'))
			return -EINVAL;
		u->instance = strdup(instance);
	}
	if (u->instance) {
		if (asprintf(&u->name, "%.*s@%s%s", (int)plen, base, u->instance, dot) < 0)
			return -ENOMEM;
		return uv_unit_name_ok(u->name) ? 0 : -EINVAL;
	}
	u->name = strdup(base);
	return u->name ? 0 : -ENOMEM;
}

/* Load into c->u: names, the file, its drop-ins, then the checks. */
static int load(struct uctx *c, const char *path, const char *instance, const char *text,
		size_t len, const char *dir)
{
	const char *slash = strrchr(path, '/');
	int r;

	c->file = path;
	r = unit_names(c->u, slash ? slash + 1 : path, instance);
	if (r == -EINVAL) {
		uctx_diag(c, DIAG_ERROR, "not a valid unit name (.service or .target)%s%s",
			  instance ? " with instance " : "", instance ? instance : "");
		return r;
	}
	if (r < 0)
		return r;
	c->u->path = strdup(path);
	if (!c->u->path)
		return -ENOMEM;
	c->spec.name = c->u->name;
	c->spec.path = c->u->path;
	uctx_parse_text(c, text, len, path);
	if (dir) {
		r = apply_dropins(c, dir);
		if (r == 0)
			r = unit_add_links(c->u, dir);
		if (r < 0)
			return r;
	}
	c->file = path;
	unit_verify(c);
	return c->n_errors ? -EINVAL : 0;
}

/* Start c on a new unit with systemd's defaults; 0 or -ENOMEM. */
static int begin(struct uctx *c, struct unit_diag *diag)
{
	if (diag)
		memset(diag, 0, sizeof(*diag));
	c->diag = diag;
	c->spec.ctx = c->ctx;
	c->u = unit_new();
	return c->u ? 0 : -ENOMEM;
}

/* Hand c's unit to *ret when r is 0, else free it; returns r. */
static int finish(struct uctx *c, int r, struct unit **ret)
{
	if (r < 0) {
		unit_free(c->u);
		return r;
	}
	*ret = c->u;
	return 0;
}

static int load_common(const char *path, const char *instance, const char *text, size_t len,
		       const char *dir, const struct unit_ctx *ctx, struct unit **ret,
		       struct unit_diag *diag)
{
	static const struct unit_ctx none;
	struct uctx c = { .ctx = ctx ? ctx : &none };
	int r = begin(&c, diag);

	if (r == 0)
		r = load(&c, path, instance, text, len, dir);
	return finish(&c, r, ret);
}

int unit_parse_string(const char *text, const char *name, const struct unit_ctx *ctx,
		      struct unit **ret, struct unit_diag *diag)
{
	return load_common(name, NULL, text, strlen(text), NULL, ctx, ret, diag);
}

int unit_parse_builtin(const char *text, const char *name, const char *const *dirs, int ndirs,
		       const struct unit_ctx *ctx, struct unit **ret, struct unit_diag *diag)
{
	struct uctx c = { .ctx = ctx };
	int r = begin(&c, diag);

	c.file = name;
	if (r == 0)
		r = unit_names(c.u, name, NULL);
	if (r == 0 && !(c.u->path = strdup(name)))
		r = -ENOMEM;
	if (r == 0) {
		c.spec.name = c.u->name;
		c.spec.path = c.u->path;
		uctx_parse_text(&c, text, strlen(text), name);
	}
	for (int i = 0; r == 0 && i < ndirs; i++)
		r = unit_add_links(c.u, dirs[i]);
	if (r == 0) {
		c.file = name;
		unit_verify(&c);
		r = c.n_errors ? -EINVAL : 0;
	}
	return finish(&c, r, ret);
}

/* "dir/foo@bar.service" that does not exist → "dir/foo@.service", "bar". */
static int find_template(const char *path, char **ret_path, char **ret_inst)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	const char *at = strchr(base, '@'), *dot = strrchr(base, '.');

	if (!at || !dot || at + 1 >= dot)
		return -ENOENT;
	*ret_inst = strndup(at + 1, (size_t)(dot - at - 1));
	if (asprintf(ret_path, "%.*s%s", (int)(at + 1 - path), path, dot) < 0) {
		free(*ret_inst);
		return -ENOMEM;
	}
	return 0;
}

int unit_load(const char *path, const char *instance, const struct unit_ctx *ctx,
	      struct unit **ret, struct unit_diag *diag)
{
	char *text = NULL, *dir, *tpath = NULL, *tinst = NULL, *slash;
	size_t len;
	int r;

	if (diag)	/* the caller frees it whatever happens */
		memset(diag, 0, sizeof(*diag));
	r = read_file(path, &text, &len);
	if (r == -ENOENT && !instance && find_template(path, &tpath, &tinst) == 0) {
		r = read_file(tpath, &text, &len);
		instance = tinst;
	}
	if (r < 0)
		goto out;
	dir = strdup(tpath ? tpath : path);
	if (!dir) {
		r = -ENOMEM;
		goto out;
	}
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	r = load_common(tpath ? tpath : path, instance, text, len, slash ? dir : ".", ctx,
			ret, diag);
	free(dir);
out:
	free(text);
	free(tpath);
	free(tinst);
	return r;
}
