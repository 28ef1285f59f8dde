/* SPDX-License-Identifier: MIT */
/*
 * Condition*= and Assert*=, with the semantics of systemd's
 * src/shared/condition.c: each kind's test, '!' negation, '|' triggering
 * groups, and an unanswerable test counted as failed.  Runs before every
 * start; only reads files.  NB: a path on a hung network file system can
 * block the stat() here, as it blocks systemd's PID 1.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "condpriv.h"
#include "unitval.h"
#include "userdb.h"
#include "util.h"
#include "virt.h"
#include "nofail.h"

#define SYSTEM_UID_MAX 999

extern char **environ;

void cond_ctx_host(struct cond_ctx *x)
{
	x->root = "";
	x->environ = environ;
	x->pid1 = getpid() == 1;
}

int cond_host_read(const struct cond_ctx *x, const char *path, char *buf, size_t size)
{
	int r = virt_read(x->root, path, buf, size);

	if (r < 0)
		errno = -r;	/* callers may return -errno */
	return r;
}

void cond_host_path(const struct cond_ctx *x, const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", x->root, path);
}

const char *cond_env_get(const struct cond_ctx *x, const char *name)
{
	size_t n = strlen(name);
	char **e;

	for (e = x->environ; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* ---- paths ---- */

#ifndef GLOB_BRACE
#define GLOB_BRACE 0	/* musl: no {a,b} in ConditionPathExistsGlob= */
#endif

static int t_path_exists_glob(const char *p)
{
	glob_t g;
	int r = glob(p, GLOB_NOSORT | GLOB_BRACE, NULL, &g);

	if (r == 0)
		globfree(&g);
	return r == 0 ? 1 : r == GLOB_NOMATCH ? 0 : r == GLOB_NOSPACE ? -ENOMEM : -EIO;
}

/* path_is_mount_point(), following a final symlink. */
#ifdef STATX_ATTR_MOUNT_ROOT
static int t_mount_point(const char *p)
{
	struct statx sx, px;
	char parent[4096];

	if (statx(AT_FDCWD, p, 0, STATX_BASIC_STATS, &sx) < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
		return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	/* old kernels: another device than the parent's, or the root */
	if ((size_t)snprintf(parent, sizeof(parent), "%s/..", p) >= sizeof(parent))
		return -ENAMETOOLONG;
	if (statx(AT_FDCWD, parent, 0, STATX_BASIC_STATS, &px) < 0)
		return -errno;
	return sx.stx_dev_major != px.stx_dev_major || sx.stx_dev_minor != px.stx_dev_minor ||
	       sx.stx_ino == px.stx_ino;
}
#else
/* a libc without statx() (musl before 1.2.5): the device and inode test only */
static int t_mount_point(const char *p)
{
	struct stat s, ps;
	char parent[4096];

	if (stat(p, &s) < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	if ((size_t)snprintf(parent, sizeof(parent), "%s/..", p) >= sizeof(parent))
		return -ENAMETOOLONG;
	if (stat(parent, &ps) < 0)
		return -errno;
	return s.st_dev != ps.st_dev || s.st_ino == ps.st_ino;
}
#endif

/* path_is_read_only_fs() <= 0 && != -ENOENT */
int cond_read_write(const char *p)
{
	struct statvfs st;

	if (statvfs(p, &st) < 0)
		return errno == ENOENT ? 0 : 1;
	if (st.f_flag & ST_RDONLY)
		return 0;
	return !(access(p, W_OK) < 0 && errno == EROFS);
}

/* Is block device maj:min dm-crypt, or built on one? */
static int dev_encrypted(const struct cond_ctx *x, unsigned maj, unsigned mi, int depth)
{
	char p[256], buf[256];
	DIR *d;
	struct dirent *de;
	int r = 0;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/dm/uuid", maj, mi);
	if (cond_host_read(x, p, buf, sizeof(buf)) > 0 && strncmp(buf, "CRYPT-", 6) == 0)
		return 1;
	if (depth > 8)
		return 0;
	snprintf(p, sizeof(p), "%s/sys/dev/block/%u:%u/slaves", x->root, maj, mi);
	d = opendir(p);
	if (!d)
		return 0;
	while (!r && (de = readdir(d))) {
		char dev[300];
		unsigned a, b;

		if (de->d_name[0] == '.')
			continue;
		snprintf(dev, sizeof(dev), "/sys/dev/block/%u:%u/slaves/%s/dev", maj, mi,
			 de->d_name);
		if (cond_host_read(x, dev, buf, sizeof(buf)) > 0 && sscanf(buf, "%u:%u", &a, &b) == 2)
			r = dev_encrypted(x, a, b, depth + 1);
	}
	closedir(d);
	return r;
}

static int t_encrypted(const struct cond_ctx *x, const char *p)
{
	struct stat st;

	if (stat(p, &st) < 0)
		return 0;
	if (major(st.st_dev) == 0)
		return 0;	/* tmpfs, overlay ...: no block device */
	return dev_encrypted(x, major(st.st_dev), minor(st.st_dev), 0);
}

/* systemd's hidden_or_backup_file(): not counted by DirectoryNotEmpty=. */
static bool hidden_or_backup(const char *n)
{
	static const char *const sfx[] = {
		"~", ".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-old", ".dpkg-new", ".dpkg-tmp",
		".dpkg-dist", ".dpkg-bak", ".dpkg-backup", ".dpkg-remove", ".ucf-new",
		".ucf-old", ".ucf-dist", ".swp", ".bak", ".old", ".new",
	};
	size_t i, len = strlen(n), l;

	if (n[0] == '.' || !strcmp(n, "lost+found") || !strcmp(n, "aquota.user") ||
	    !strcmp(n, "aquota.group"))
		return true;
	for (i = 0; i < ARRAY_SIZE(sfx); i++) {
		l = strlen(sfx[i]);
		if (len > l && strcmp(n + len - l, sfx[i]) == 0)
			return true;
	}
	return false;
}

static int t_dir_not_empty(const char *p)
{
	DIR *d = opendir(p);
	struct dirent *de;
	int r = 0;

	if (!d)	/* another error than "not there": systemd says not empty */
		return errno == ENOENT || errno == ENOTDIR ? 0 : 1;
	while (!r && (de = readdir(d)))
		r = !hidden_or_backup(de->d_name);
	closedir(d);
	return r;
}

static int t_path(const struct cond_ctx *x, enum unit_cond_kind k, const char *p)
{
	struct stat st;

	switch (k) {
	case COND_PATH_EXISTS:
		return access(p, F_OK) == 0;
	case COND_PATH_EXISTS_GLOB:
		return t_path_exists_glob(p);
	case COND_PATH_IS_DIRECTORY:
		return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	case COND_PATH_IS_SYMBOLIC_LINK:
		return lstat(p, &st) == 0 && S_ISLNK(st.st_mode);
	case COND_PATH_IS_MOUNT_POINT:
		return t_mount_point(p) > 0;
	case COND_PATH_IS_READ_WRITE:
		return cond_read_write(p);
	case COND_PATH_IS_ENCRYPTED:
		return t_encrypted(x, p);
	case COND_DIRECTORY_NOT_EMPTY:
		return t_dir_not_empty(p);
	case COND_FILE_NOT_EMPTY:
		return stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
	case COND_FILE_IS_EXECUTABLE:
		return stat(p, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
	default:
		return -EINVAL;
	}
}

/* ---- comparisons ---- */

/* One word of s (quotes removed) into w; the rest in *s; false at the end. */
bool cond_next_word(const char **s, char *w, size_t size)
{
	const char *p = *s + strspn(*s, " \t\n");
	size_t n = 0;
	char q = 0;

	if (!*p)
		return false;
	for (; *p && (q || !strchr(" \t\n", *p)); p++) {
		if (!q && (*p == '"' || *p == '\'')) {
			q = *p;
			continue;
		}
		if (q && *p == q) {
			q = 0;
			continue;
		}
		if (n + 1 < size)
			w[n++] = *p;
	}
	w[n] = '\0';
	*s = p;
	return true;
}

bool cond_cmdline_has(const char *cmdline, const char *param)
{
	bool equal = strchr(param, '=') != NULL;
	size_t n = strlen(param);
	char w[4096];

	while (cond_next_word(&cmdline, w, sizeof(w))) {
		if (equal ? strcmp(w, param) == 0
			  : strncmp(w, param, n) == 0 && (w[n] == '\0' || w[n] == '='))
			return true;
	}
	return false;
}

/* The value of name= on the kernel command line: 1 with it, 0 without. */
/* A kernel option's key is name, '-' and '_' alike (as systemd reads it). */
static bool key_is(const char *w, const char *name, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] != name[i] && !(strchr("-_", w[i]) && w[i] && strchr("-_", name[i])))
			return false;
	return w[n] == '\0' || w[n] == '=';
}

int cond_cmdline_bool(const struct cond_ctx *x, const char *name, bool *ret)
{
	char line[4096], w[4096];
	const char *s = line;
	size_t n = strlen(name);
	int r = 0;

	if (cond_host_read(x, "/proc/cmdline", line, sizeof(line)) < 0)
		return 0;
	while (cond_next_word(&s, w, sizeof(w))) {
		if (!key_is(w, name, n))
			continue;
		if (w[n] == '\0')
			*ret = true, r = 1;
		else if (uv_bool(w + n + 1, ret) == 0)
			r = 1;
	}
	return r;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Compare one run of digits or letters at *a and *b, advancing both. */
static int vercmp_segment(const char **a, const char **b)
{
	const char *x = *a, *y = *b;
	size_t nx, ny;
	int r;

	if (is_digit(*x) || is_digit(*y)) {
		if (!is_digit(*x))
			return -1;	/* a letter is less than a number */
		if (!is_digit(*y))
			return 1;
		while (*x == '0')
			x++;
		while (*y == '0')
			y++;
		for (nx = 0; is_digit(x[nx]); nx++)
			;
		for (ny = 0; is_digit(y[ny]); ny++)
			;
		if (nx != ny)
			return nx < ny ? -1 : 1;
		r = strncmp(x, y, nx);
	} else {
		for (nx = 0; is_alpha(x[nx]); nx++)
			;
		for (ny = 0; is_alpha(y[ny]); ny++)
			;
		r = strncmp(x, y, nx < ny ? nx : ny);
		if (r == 0 && nx != ny)
			r = nx < ny ? -1 : 1;
	}
	*a = x + nx;
	*b = y + ny;
	return r < 0 ? -1 : r > 0;
}

int cond_vercmp(const char *a, const char *b)
{
	int r;

	for (;;) {
		/* separators other than ~ - ^ . are ignored */
		while (*a && !is_digit(*a) && !is_alpha(*a) && !strchr("~-^.", *a))
			a++;
		while (*b && !is_digit(*b) && !is_alpha(*b) && !strchr("~-^.", *b))
			b++;
		if (*a == '~' || *b == '~') {	/* ~ sorts before everything */
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		if (!*a || !*b)
			return *a ? 1 : *b ? -1 : 0;
		if (*a == '-' || *b == '-') {
			if (*a != '-')
				return 1;
			if (*b != '-')
				return -1;
			a++, b++;
			continue;
		}
		if (*a == '^' || *b == '^') {
			if (*a != '^')
				return 1;
			if (*b != '^')
				return -1;
			a++, b++;
			continue;
		}
		if (*a == '.' || *b == '.') {
			if (*a != '.')
				return -1;
			if (*b != '.')
				return 1;
			a++, b++;
			continue;
		}
		r = vercmp_segment(&a, &b);
		if (r)
			return r;
	}
}

static const char *const ops[] = { "!$=", "$=", "<=", ">=", "!=", "=", "<", ">", NULL };

/* The operator at *s (advanced past it), or NULL. */
static const char *parse_op(const char **s, bool fnmatch_ok)
{
	const char *const *o;

	for (o = ops; *o; o++) {
		if (!fnmatch_ok && strchr(*o, '$'))
			continue;
		if (strncmp(*s, *o, strlen(*o)) == 0) {
			*s += strlen(*o);
			return *o;
		}
	}
	return NULL;
}

static int op_result(const char *op, int cmp)
{
	if (!strcmp(op, "<"))
		return cmp < 0;
	if (!strcmp(op, "<="))
		return cmp <= 0;
	if (!strcmp(op, "="))
		return cmp == 0;
	if (!strcmp(op, "!="))
		return cmp != 0;
	if (!strcmp(op, ">="))
		return cmp >= 0;
	return cmp > 0;
}

int cond_compare(const char *expr, const char *actual, bool fnmatch_ok, bool eq_by_string,
		 const char *def_op)
{
	const char *op = parse_op(&expr, fnmatch_ok);

	if (!op)
		op = def_op;
	if (!op)
		return -EINVAL;
	expr += strspn(expr, " \t");
	if (!strcmp(op, "$="))
		return fnmatch(expr, actual, 0) == 0;
	if (!strcmp(op, "!$="))
		return fnmatch(expr, actual, 0) != 0;
	if (eq_by_string && (!strcmp(op, "=") || !strcmp(op, "!=")))
		return (strcmp(actual, expr) == 0) == (op[0] == '=');
	return op_result(op, cond_vercmp(actual, expr));
}

/* "<5.10 >=4.19" or a glob, against the kernel release. */
static int t_kernel_version(const struct cond_ctx *x, const char *param)
{
	char rel[256], w[256], w2[256], w3[520];
	const char *p = param, *s;
	bool first = true;
	int r;

	if (cond_host_read(x, "/proc/sys/kernel/osrelease", rel, sizeof(rel)) < 0)
		return -errno;
	rel[strcspn(rel, "\n")] = '\0';
	while (cond_next_word(&p, w, sizeof(w))) {
		s = w;
		if (parse_op(&s, true)) {
			if (!*s) {	/* ">= 4.19": only in the first expression */
				if (!first || !cond_next_word(&p, w2, sizeof(w2)))
					return -EINVAL;
			}
			snprintf(w3, sizeof(w3), "%s%s", w, *s ? "" : w2);
			r = cond_compare(w3, rel, true, true, NULL);
		} else {
			r = fnmatch(w, rel, 0) == 0;
		}
		if (r <= 0)
			return r;
		first = false;
	}
	return 1;
}

/* The value of key in os-release text, "" when missing. */
static void os_release_get(const char *text, const char *key, char *val, size_t size)
{
	size_t n = strlen(key), i = 0;
	const char *l, *v;

	val[0] = '\0';
	for (l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		l += strspn(l, " \t");
		if (strncmp(l, key, n) != 0 || l[n] != '=')
			continue;
		v = l + n + 1;
		if (*v == '"' || *v == '\'') {
			char q = *v++;

			for (i = 0; v[i] && v[i] != q && v[i] != '\n' && i + 1 < size; i++)
				val[i] = v[i];
		} else {
			for (i = 0; v[i] && v[i] != '\n' && i + 1 < size; i++)
				val[i] = v[i];
		}
		val[i] = '\0';
	}
}

static int t_os_release(const struct cond_ctx *x, const char *param)
{
	char text[8192], w[512], key[128], val[512];
	const char *p = param;
	size_t n;
	int r;

	if (cond_host_read(x, "/etc/os-release", text, sizeof(text)) < 0 &&
	    cond_host_read(x, "/usr/lib/os-release", text, sizeof(text)) < 0)
		text[0] = '\0';
	while (cond_next_word(&p, w, sizeof(w))) {
		n = strcspn(w, "<>=!$");
		if (!w[n] || n == 0 || n >= sizeof(key))
			return -EINVAL;
		memcpy(key, w, n);
		key[n] = '\0';
		os_release_get(text, key, val, sizeof(val));
		r = cond_compare(w + n, val, true, true, NULL);
		if (r <= 0)
			return r;
	}
	return 1;
}

/* Physical memory, or the limit of our own cgroup when lower. */
static uint64_t physical_memory(const struct cond_ctx *x)
{
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	uint64_t mem = pages > 0 && psize > 0 ? (uint64_t)pages * (uint64_t)psize : 0, lim;
	char buf[4096], p[4200], v[64];
	char *line, *save = NULL;

	if (cond_host_read(x, "/proc/self/cgroup", buf, sizeof(buf)) <= 0)
		return mem;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c2)
			continue;
		if (c2 == c1 + 1)	/* 0::/path: v2 */
			snprintf(p, sizeof(p), "/sys/fs/cgroup%s/memory.max", c2 + 1);
		else if (strstr(c1, "memory"))
			snprintf(p, sizeof(p), "/sys/fs/cgroup/memory%s/memory.limit_in_bytes",
				 c2 + 1);
		else
			continue;
		if (cond_host_read(x, p, v, sizeof(v)) > 0 && isdigit((unsigned char)v[0])) {
			lim = strtoull(v, NULL, 10);
			if (lim && lim < mem)
				mem = lim;
		}
	}
	return mem;
}

/* CPUs=/Memory=: ">=N", a bare N meaning >=. */
static int t_count(const struct cond_ctx *x, enum unit_cond_kind k, const char *param)
{
	const char *s = param, *op = parse_op(&s, false);
	uint64_t want, have;
	long long n;
	cpu_set_t set;

	s += strspn(s, " \t");
	if (k == COND_CPUS) {
		if (uv_int(s, 0, INT32_MAX, &n) < 0)
			return -EINVAL;
		want = (uint64_t)n;
		if (sched_getaffinity(0, sizeof(set), &set) < 0)
			return -errno;
		have = (uint64_t)CPU_COUNT(&set);
	} else {
		if (uv_bytes(s, 0, &want) < 0)
			return -EINVAL;
		have = physical_memory(x);
	}
	return op_result(op ? op : ">=", have < want ? -1 : have > want);
}

/* ---- identity and environment ---- */

static int t_user(const struct cond_ctx *x, const char *param)
{
	const char *user = cond_env_get(x, "USER");
	char name[256] = "", id_s[16];
	struct passwd *pw;
	long long id;

	if (strcmp(param, "root") == 0)
		return getuid() == 0 || geteuid() == 0;
	if (strcmp(param, "nobody") == 0)
		return getuid() == 65534 || geteuid() == 65534;
	if (strcmp(param, "@system") == 0)
		return getuid() <= SYSTEM_UID_MAX || geteuid() <= SYSTEM_UID_MAX;
	if (uv_int(param, 0, UINT32_MAX - 1, &id) == 0)
		return (uid_t)id == getuid() || (uid_t)id == geteuid();
	if (x->pid1)	/* PID 1 runs as root, checked above; no lookups in PID 1 */
		return 0;
	/* systemd's getusername(): $USER, else the name of our uid */
	if (user) {
		strscpy(name, user, sizeof(name));
	} else {
		snprintf(id_s, sizeof(id_s), "%u", (unsigned)getuid());
		pw = userdb_user(id_s);
		strscpy(name, pw ? pw->pw_name : "", sizeof(name));
	}
	if (strcmp(name, param) == 0)
		return 1;
	pw = userdb_user(param);
	return pw && (pw->pw_uid == getuid() || pw->pw_uid == geteuid());
}

static bool in_gid(gid_t g)
{
	gid_t v[256];
	int n, i;

	if (g == getgid() || g == getegid())
		return true;
	n = getgroups(256, v);
	for (i = 0; i < n; i++)
		if (v[i] == g)
			return true;
	return false;
}

static int t_group(const struct cond_ctx *x, const char *param)
{
	long long id;
	struct group *gr;

	if (uv_int(param, 0, UINT32_MAX - 1, &id) == 0)
		return in_gid((gid_t)id);
	if (x->pid1)
		return strcmp(param, "root") == 0;
	gr = userdb_group(param);
	return gr && in_gid(gr->gr_gid);
}

static int t_environment(const struct cond_ctx *x, const char *param)
{
	bool equal = strchr(param, '=') != NULL;
	size_t n = strlen(param);
	char **e;

	for (e = x->environ; e && *e; e++)
		if (equal ? strcmp(*e, param) == 0
			  : strncmp(*e, param, n) == 0 && ((*e)[n] == '\0' || (*e)[n] == '='))
			return 1;
	return 0;
}

static int t_credential(const struct cond_ctx *x, const char *param)
{
	static const char *const vars[] = {
		"CREDENTIALS_DIRECTORY", "ENCRYPTED_CREDENTIALS_DIRECTORY",
	};
	char p[4096];
	size_t i;

	if (!*param || strchr(param, '/') || !strcmp(param, ".") || !strcmp(param, "..") ||
	    strlen(param) > 255)
		return 0;
	for (i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *d = cond_env_get(x, vars[i]);

		if (!d || *d != '/')
			continue;
		snprintf(p, sizeof(p), "%s/%s", d, param);
		if (faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
			return 1;
	}
	return 0;
}

/* ---- one condition, a list ---- */

int cond_test_raw(const struct cond_ctx *x, const struct unit_cond *c)
{
	const char *v = c->value;
	char line[4096];

	if (c->kind <= COND_FILE_IS_EXECUTABLE)
		return t_path(x, c->kind, v);
	switch (c->kind) {
	case COND_KERNEL_COMMAND_LINE:
		if (cond_host_read(x, "/proc/cmdline", line, sizeof(line)) < 0)
			return -errno;
		return cond_cmdline_has(line, v);
	case COND_KERNEL_VERSION: return t_kernel_version(x, v);
	case COND_USER: return t_user(x, v);
	case COND_GROUP: return t_group(x, v);
	case COND_ENVIRONMENT: return t_environment(x, v);
	case COND_OS_RELEASE: return t_os_release(x, v);
	case COND_CPUS:
	case COND_MEMORY: return t_count(x, c->kind, v);
	case COND_CREDENTIAL: return t_credential(x, v);
	default: return condhost_test(x, c->kind, v);
	}
}

bool cond_test(const struct cond_ctx *x, const struct unit_cond *c)
{
	int r = cond_test_raw(x, c);

	if (r < 0)
		return false;	/* can't tell: failed, whatever the '!' */
	return (r > 0) != c->negate;
}

bool cond_list_ok(const struct cond_ctx *x, const struct unit_conds *l,
		  const struct unit_cond **ret_failed)
{
	const struct unit_cond *first_trigger = NULL;
	bool triggered = false;
	size_t i;

	*ret_failed = NULL;
	for (i = 0; i < l->n; i++) {
		const struct unit_cond *c = &l->v[i];
		bool ok = cond_test(x, c);

		if (!c->trigger && !ok) {
			*ret_failed = c;
			return false;
		}
		if (c->trigger) {
			if (!first_trigger)
				first_trigger = c;
			triggered = triggered || ok;
		}
	}
	if (first_trigger && !triggered) {
		*ret_failed = first_trigger;
		return false;
	}
	return true;
}

void cond_describe(const struct unit_cond *c, bool is_assert, bool none_triggered, char *buf,
		   size_t size)
{
	const char *fam = is_assert ? "Assert" : "Condition";
	const char *kind = unit_cond_kind_name[c->kind];

	if (none_triggered)
		snprintf(buf, size, "none of the triggering %s*=| held, first %s%s=|%s%s (%s:%d)",
			 fam, fam, kind, c->negate ? "!" : "", c->value,
			 c->file ? c->file : "?", c->line);
	else
		snprintf(buf, size, "%s%s=%s%s%s (%s:%d)", fam, kind, c->trigger ? "|" : "",
			 c->negate ? "!" : "", c->value, c->file ? c->file : "?", c->line);
}

int cond_unit(const struct unit *u, char *why, size_t size)
{
	const struct unit_cond *c;
	struct cond_ctx x;
	bool is_assert;

	if (!u->conditions.n && !u->asserts.n)
		return COND_HOLD;
	cond_ctx_host(&x);
	is_assert = cond_list_ok(&x, &u->conditions, &c) && !cond_list_ok(&x, &u->asserts, &c);
	if (!c)
		return COND_HOLD;
	cond_describe(c, is_assert, c->trigger, why, size);
	return is_assert ? COND_ASSERT_FAILED : COND_SKIP;
}
