/* SPDX-License-Identifier: MIT */
/*
 * The directories a unit asks for: made before its first command runs,
 * owned by its user, the runtime ones removed when it stops.
 * NB: runs in the loop; directory work on /run (tmpfs) and local disks is
 * quick, but a unit's /var/lib on a hung network mount would block tend.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirs.h"
#include "ids.h"
#include "env.h"
#include "unit.h"
#include "userdb.h"
#include "nofail.h"

static const char *const root_of[_UNIT_DIR_MAX] = {
	[UNIT_DIR_RUNTIME] = "/run",
	[UNIT_DIR_STATE] = "/var/lib",
	[UNIT_DIR_CACHE] = "/var/cache",
	[UNIT_DIR_LOGS] = "/var/log",
	[UNIT_DIR_CONFIGURATION] = "/etc",
};

static const char *const env_of[_UNIT_DIR_MAX] = {
	[UNIT_DIR_RUNTIME] = "RUNTIME_DIRECTORY",
	[UNIT_DIR_STATE] = "STATE_DIRECTORY",
	[UNIT_DIR_CACHE] = "CACHE_DIRECTORY",
	[UNIT_DIR_LOGS] = "LOGS_DIRECTORY",
	[UNIT_DIR_CONFIGURATION] = "CONFIGURATION_DIRECTORY",
};

static const char *root(enum unit_dir_kind k, const char *run_root)
{
	return k == UNIT_DIR_RUNTIME && run_root ? run_root : root_of[k];
}

/*
 * Open the directory name in dfd without following a symlink that someone
 * other than root could have made: a symlink is followed only when it and
 * the directory holding it are root's (DynamicUser='s <dir> -> private/),
 * else -ELOOP.  A directory of the unit's user may hold a symlink its
 * service planted (app/sub -> a root directory): tend must not chown
 * what that points to.
 */
static int open_dir_at(int dfd, const char *name)
{
	struct stat dst, lst;
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 || (errno != ELOOP && errno != ENOTDIR))
		return fd < 0 ? -errno : fd;
	if (fstatat(dfd, name, &lst, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISLNK(lst.st_mode))
		return -ENOTDIR;
	if (fstat(dfd, &dst) < 0 || dst.st_uid != 0 || lst.st_uid != 0)
		return -ELOOP;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/*
 * mkdir -p of base/rel; the last component gets mode, uid, gid, set
 * through its fd after a walk from base by open_dir_at(), never by path.
 */
static int make(const char *base, const char *rel, mode_t mode, uid_t uid, gid_t gid)
{
	char buf[4096], *comp, *next, *save = NULL;
	int dfd, fd, r = 0;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", rel) >= sizeof(buf))
		return -ENAMETOOLONG;
	dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);	/* /run, /var/lib...: root's */
	if (dfd < 0)
		return -errno;
	for (comp = strtok_r(buf, "/", &save); comp && r == 0; comp = next) {
		next = strtok_r(NULL, "/", &save);
		if (mkdirat(dfd, comp, next ? 0755 : mode) < 0 && errno != EEXIST)
			r = -errno;
		fd = r ? r : open_dir_at(dfd, comp);
		if (fd < 0) {
			r = fd;
		} else {
			close(dfd);
			dfd = fd;
		}
	}
	if (r == 0 && (fchmod(dfd, mode) < 0 || fchown(dfd, uid, gid) < 0))
		r = -errno;
	close(dfd);
	return r;
}

static uid_t chown_uid;
static gid_t chown_gid;

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	(void)!lchown(path, chown_uid, chown_gid);
	return 0;
}

/*
 * DynamicUser=: State/Cache/LogsDirectory= live in <root>/private/<dir>
 * (root's 0700), reached through the symlink <root>/<dir>, as systemd
 * lays them out: a later unit given the same uid can't read them.  A
 * directory of an earlier run without DynamicUser= moves in; files of an
 * earlier uid are given to this one.
 */
static int make_private(const char *base, const char *rel, mode_t mode, uid_t uid, gid_t gid)
{
	char priv[4096], real[4096], link[4096], target[4096] = "";
	struct stat st;
	int r;

	if ((size_t)snprintf(priv, sizeof(priv), "%s/private", base) >= sizeof(priv) ||
	    (size_t)snprintf(real, sizeof(real), "%s/%s", priv, rel) >= sizeof(real) ||
	    (size_t)snprintf(link, sizeof(link), "%s/%s", base, rel) >= sizeof(link))
		return -ENAMETOOLONG;
	if (mkdir(priv, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (chmod(priv, 0700) < 0)
		return -errno;
	if (lstat(link, &st) == 0 && S_ISDIR(st.st_mode) && lstat(real, &st) < 0 &&
	    rename(link, real) < 0)
		return -errno;
	if (lstat(real, &st) == 0 && (st.st_uid != uid || st.st_gid != gid)) {
		chown_uid = uid;
		chown_gid = gid;
		(void)nftw(real, chown_one, 16, FTW_PHYS | FTW_MOUNT);
	}
	r = make(priv, rel, mode, uid, gid);
	if (r < 0)
		return r;
	for (const char *p = rel; (p = strchr(p, '/')); p++)
		strcat(target, "../");
	if (strlen(target) + strlen(rel) + 9 >= sizeof(target))
		return -ENAMETOOLONG;
	strcat(target, "private/");
	strcat(target, rel);
	(void)unlink(link);	/* a symlink of an earlier layout */
	r = make(base, rel, 0755, 0, 0);	/* its parents */
	if (r == 0 && rmdir(link) < 0)
		r = -errno;
	if (r == 0 && symlink(target, link) < 0)
		r = -errno;
	return r;
}

int dirs_prepare(const struct unit *u, const char *run_root, char *why, size_t whylen)
{
	char name[IDS_NAME_MAX];
	uid_t uid = 0;
	gid_t gid = 0;
	int dyn = ids_dynamic(u, name, &uid), r = ids_of(u, &uid, &gid);

	if (r == -ESRCH && dyn != 1 && u->user && !userdb_user(u->user))
		snprintf(why, whylen, "user '%s': no such user", u->user);
	else if (r == -ESRCH && u->group)
		snprintf(why, whylen, "group '%s': no such group", u->group);
	else if (r < 0)
		snprintf(why, whylen, "the unit's user: %s", strerror(-r));
	if (r < 0)
		return r;
	for (int k = 0; k < _UNIT_DIR_MAX; k++)
		for (char **d = u->directories[k]; d && *d; d++) {
			bool priv = dyn == 1 && (k == UNIT_DIR_STATE || k == UNIT_DIR_CACHE ||
						 k == UNIT_DIR_LOGS);

			r = priv ? make_private(root(k, run_root), *d, u->directory_mode[k], uid, gid)
				 : make(root(k, run_root), *d, u->directory_mode[k], uid, gid);

			if (r < 0) {
				snprintf(why, whylen, "%s/%s: %s", root(k, run_root), *d,
					 strerror(-r));
				return r;
			}
		}
	return 0;
}

int dirs_env(const struct unit *u, const char *run_root, struct env *e)
{
	for (int k = 0; k < _UNIT_DIR_MAX; k++) {
		char val[4096];
		size_t off = 0;

		if (!u->directories[k] || !u->directories[k][0])
			continue;
		val[0] = '\0';
		for (char **d = u->directories[k]; *d && off < sizeof(val); d++)
			off += (size_t)snprintf(val + off, sizeof(val) - off, "%s%s/%s",
						off ? ":" : "", root(k, run_root), *d);
		if (env_set(e, env_of[k], val) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return 0;
}

void dirs_cleanup(const struct unit *u, const char *run_root, bool restarting)
{
	char path[4096];

	if (u->runtime_directory_preserve == PRESERVE_YES ||
	    (restarting && u->runtime_directory_preserve == PRESERVE_RESTART))
		return;
	for (char **d = u->directories[UNIT_DIR_RUNTIME]; d && *d; d++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", root(UNIT_DIR_RUNTIME, run_root),
				     *d) >= sizeof(path))
			continue;
		(void)nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	}
}
