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

/* mkdir -p of root/rel; the last component gets mode, uid, gid. */
static int make(const char *base, const char *rel, mode_t mode, uid_t uid, gid_t gid)
{
	char path[4096];
	size_t bl = strlen(base);

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", base, rel) >= sizeof(path))
		return -ENAMETOOLONG;
	for (char *p = path + bl + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return -errno;
	if (chmod(path, mode) < 0 || chown(path, uid, gid) < 0)
		return -errno;
	return 0;
}

int dirs_prepare(const struct unit *u, const char *run_root, char *why, size_t whylen)
{
	uid_t uid = 0;
	gid_t gid = 0;

	if (u->user) {
		struct passwd *pw = userdb_user(u->user);

		if (!pw) {
			snprintf(why, whylen, "user '%s': no such user", u->user);
			return -ESRCH;
		}
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (u->group) {
		struct group *gr = userdb_group(u->group);

		if (!gr) {
			snprintf(why, whylen, "group '%s': no such group", u->group);
			return -ESRCH;
		}
		gid = gr->gr_gid;
	}
	for (int k = 0; k < _UNIT_DIR_MAX; k++)
		for (char **d = u->directories[k]; d && *d; d++) {
			int r = make(root(k, run_root), *d, u->directory_mode[k], uid, gid);

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
