/* SPDX-License-Identifier: MIT */
/*
 * Credentials: secrets handed to a service as files in a directory of its
 * own ($CREDENTIALS_DIRECTORY), as systemd does, so that they are neither
 * in its environment nor in a file other units can read.  A container
 * runtime passes them to tend the same way (tend's own
 * $CREDENTIALS_DIRECTORY), and units pick theirs from there by name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "creds.h"
#include "unit.h"
#include "nofail.h"

#define CRED_MAX (1024 * 1024)		/* systemd's CREDENTIAL_SIZE_MAX */
#define CRED_TOTAL_MAX (1024 * 1024)	/* and its total for one unit */

/* Where a credential named by ID alone is looked for, in order. */
static const char *const stores[] = { "/etc/credstore", "/run/credstore", "/usr/lib/credstore" };

struct fill {
	int dfd;		/* the unit's credentials directory */
	uid_t uid;
	gid_t gid;
	size_t total;
	char *why;
	size_t whylen;
};

bool creds_wanted(const struct unit *u)
{
	const struct unit_ext *e = u->ext;

	return e && (e->n_load_creds || e->n_set_creds || (e->import_creds && *e->import_creds));
}

int creds_path(const struct unit *u, const char *runtime_dir, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/credentials/%s", runtime_dir ? runtime_dir : "/run/tend",
			 u->name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int fail(struct fill *f, int r, const char *what, const char *detail)
{
	snprintf(f->why, f->whylen, "%s: %s", what, detail ? detail : strerror(-r));
	return r;
}

/* Write one credential file: 0400, the unit's; an ID already there stays. */
static int put(struct fill *f, const char *id, const char *data, size_t size)
{
	int fd, r = 0;

	if (size > CRED_MAX || f->total + size > CRED_TOTAL_MAX)
		return fail(f, -EFBIG, id, "credentials above 1 MiB");
	fd = openat(f->dfd, id, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400);
	if (fd < 0)
		return errno == EEXIST ? 0 : fail(f, -errno, id, NULL);
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			break;
		}
		off += (size_t)n;
	}
	if (r == 0 && fchown(fd, f->uid, f->gid) < 0)
		r = -errno;
	close(fd);
	if (r < 0) {
		(void)unlinkat(f->dfd, id, 0);
		return fail(f, r, id, NULL);
	}
	f->total += size;
	return 0;
}

/* Copy the regular file at dirfd/path into credential id. */
static int load_file(struct fill *f, int dirfd, const char *path, const char *id)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), r = 0;
	struct stat st;
	char *buf;
	size_t have = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode))
		r = -EINVAL;
	else if (st.st_size > CRED_MAX)
		r = -EFBIG;
	if (r < 0) {
		close(fd);
		return fail(f, r, path, r == -EINVAL ? "not a regular file" : NULL);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (ssize_t n; have < (size_t)st.st_size; have += (size_t)n) {
		n = read(fd, buf + have, (size_t)st.st_size - have);
		if (n <= 0)
			break;
	}
	close(fd);
	r = put(f, id, buf, have);
	free(buf);
	return r;
}

/* LoadCredential=ID:/dir: each regular file of dir as ID_NAME. */
static int load_dir(struct fill *f, const char *path, const char *id)
{
	char name[512];
	struct dirent *de;
	DIR *d = opendir(path);
	int r = 0;

	if (!d)
		return -errno;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.' || (de->d_type != DT_REG && de->d_type != DT_UNKNOWN))
			continue;
		if ((size_t)snprintf(name, sizeof(name), "%s_%s", id, de->d_name) >= 256)
			r = fail(f, -ENAMETOOLONG, de->d_name, NULL);
		else
			r = load_file(f, dirfd(d), de->d_name, name);
	}
	closedir(d);
	return r;
}

/* A credential by name: tend's own $CREDENTIALS_DIRECTORY, then the stores. */
static int load_named(struct fill *f, const char *name, const char *id)
{
	const char *own = getenv("CREDENTIALS_DIRECTORY");
	int r = -ENOENT;

	if (own && *own) {
		int dfd = open(own, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			r = load_file(f, dfd, name, id);
			close(dfd);
		}
	}
	for (size_t i = 0; r == -ENOENT && i < sizeof(stores) / sizeof(stores[0]); i++) {
		int dfd = open(stores[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			r = load_file(f, dfd, name, id);
			close(dfd);
		}
	}
	return r;
}

static int load_one(struct fill *f, const struct unit_cred *c)
{
	struct stat st;

	if (c->src[0] != '/')
		return load_named(f, c->src, c->id);
	if (stat(c->src, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? load_dir(f, c->src, c->id) : load_file(f, AT_FDCWD, c->src, c->id);
}

/* ImportCredential=GLOB: every matching file of one directory not taken yet. */
static int import_from(struct fill *f, const char *dir, char *const *globs)
{
	struct dirent *de;
	DIR *d = dir && *dir ? opendir(dir) : NULL;
	int r = 0;

	if (!d)
		return 0;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		for (char *const *g = globs; *g; g++) {
			if (fnmatch(*g, de->d_name, FNM_PATHNAME | FNM_PERIOD) != 0)
				continue;
			r = load_file(f, dirfd(d), de->d_name, de->d_name);
			if (r == -EINVAL) {
				r = 0;	/* not a regular file: not a credential */
				f->why[0] = '\0';
			}
			break;
		}
	}
	closedir(d);
	return r;
}

/* Empty the unit's directory of what a run before left (flat: files only). */
static void empty_dir(int dfd)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			(void)unlinkat(dfd, de->d_name, 0);
	closedir(d);
}

static int fill_all(struct fill *f, const struct unit_ext *e)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < e->n_load_creds; i++) {
		const struct unit_cred *c = &e->load_creds[i];
		bool fallback = false;

		r = load_one(f, c);
		for (size_t k = 0; r == -ENOENT && k < e->n_set_creds; k++)
			fallback |= strcmp(e->set_creds[k].id, c->id) == 0;
		if (r == -ENOENT && fallback)
			r = 0;	/* SetCredential= of the same ID stands in */
		else if (r < 0 && !*f->why)
			r = fail(f, r, c->src, NULL);
	}
	/* put() keeps a loaded ID: SetCredential= only fills in */
	for (size_t i = 0; r == 0 && i < e->n_set_creds; i++)
		r = put(f, e->set_creds[i].id, e->set_creds[i].src, e->set_creds[i].size);
	if (r == 0 && e->import_creds) {
		r = import_from(f, getenv("CREDENTIALS_DIRECTORY"), e->import_creds);
		for (size_t i = 0; r == 0 && i < sizeof(stores) / sizeof(stores[0]); i++)
			r = import_from(f, stores[i], e->import_creds);
	}
	return r;
}

int creds_prepare(const struct unit *u, const char *runtime_dir, uid_t uid, gid_t gid,
		  char *why, size_t whylen)
{
	struct fill f = { .uid = uid, .gid = gid, .why = why, .whylen = whylen };
	char path[4096], *slash;
	int r;

	why[0] = '\0';
	if (!creds_wanted(u))
		return 0;
	r = creds_path(u, runtime_dir, path, sizeof(path));
	if (r < 0)
		return fail(&f, r, u->name, NULL);
	slash = strrchr(path, '/');
	*slash = '\0';		/* <runtime_dir>/credentials first */
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return fail(&f, -errno, path, NULL);
	*slash = '/';
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return fail(&f, -errno, path, NULL);
	f.dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (f.dfd < 0)
		return fail(&f, -errno, path, NULL);
	empty_dir(f.dfd);
	r = fchown(f.dfd, uid, gid) < 0 || fchmod(f.dfd, 0700) < 0 ? fail(&f, -errno, path, NULL)
								  : fill_all(&f, u->ext);
	close(f.dfd);
	if (r < 0)
		creds_remove(u, runtime_dir);
	return r;
}

void creds_remove(const struct unit *u, const char *runtime_dir)
{
	char path[4096];
	int dfd;

	if (!creds_wanted(u) || creds_path(u, runtime_dir, path, sizeof(path)) < 0)
		return;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return;
	empty_dir(dfd);
	close(dfd);
	(void)rmdir(path);
}
