/* SPDX-License-Identifier: MIT */
/*
 * Who a unit's processes are: the owner of its files and credentials.
 * DynamicUser= users are tend's own: a uid from 61184-65519 that no user
 * or group of the database has, picked by a hash of the name (so the same
 * name gets the same uid again after tend restarts, as long as it is
 * free), with a group of the same number, and no entry in /etc/passwd.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "unit.h"
#include "unitval.h"
#include "userdb.h"
#include "nofail.h"

struct dyn {
	char name[IDS_NAME_MAX];
	uid_t uid;
};

static struct dyn *dyn;
static size_t n_dyn;

/* User=, or the unit's name without its suffix, '@' and '.' as '-'. */
static int dynamic_name(const struct unit *u, char *buf)
{
	const char *src = u->user ? u->user : u->name;
	size_t n = u->user ? strlen(src) : strcspn(src, ".");

	if (!u->user && strncmp(src + n, ".service", 8) != 0)
		n = strlen(src) - (strrchr(src, '.') ? strlen(strrchr(src, '.')) : 0);
	if (n == 0 || n >= IDS_NAME_MAX)
		return -EINVAL;
	memcpy(buf, src, n);
	buf[n] = '\0';
	for (char *p = buf; *p; p++)
		if (*p == '@' || *p == '.' || *p == '\\')
			*p = '-';
	return uv_user_name_ok(buf) ? 0 : -EINVAL;
}

/* No user or group of the database, nor another dynamic user, has id. */
static bool id_free(uid_t id)
{
	char num[16];

	snprintf(num, sizeof(num), "%u", (unsigned)id);
	if (userdb_user(num) || userdb_group(num))
		return false;
	for (size_t i = 0; i < n_dyn; i++)
		if (dyn[i].uid == id)
			return false;
	return true;
}

static int allocate(const char *name, uid_t *ret)
{
	const unsigned range = IDS_DYNAMIC_LAST - IDS_DYNAMIC_FIRST + 1;
	uint32_t h = 2166136261u;
	struct dyn *v;

	for (size_t i = 0; i < n_dyn; i++) {
		if (strcmp(dyn[i].name, name) == 0) {
			*ret = dyn[i].uid;
			return 0;
		}
	}
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (unsigned k = 0; k < range; k++) {
		uid_t id = IDS_DYNAMIC_FIRST + (h + k) % range;

		if (!id_free(id))
			continue;
		v = realloc(dyn, (n_dyn + 1) * sizeof(*dyn));
		if (!v)
			return -ENOMEM;
		dyn = v;
		snprintf(dyn[n_dyn].name, sizeof(dyn[n_dyn].name), "%s", name);
		dyn[n_dyn++].uid = id;
		*ret = id;
		return 0;
	}
	return -EBUSY;
}

int ids_dynamic(const struct unit *u, char *ret_name, uid_t *ret_uid)
{
	int r;

	if (!u->ext || !u->ext->dynamic_user)
		return 0;
	r = dynamic_name(u, ret_name);
	if (r < 0)
		return r;
	errno = 0;
	if (userdb_user(ret_name))
		return 0;	/* a user of the database: systemd uses it as it is */
	if (errno)
		return -errno;
	r = allocate(ret_name, ret_uid);
	return r < 0 ? r : 1;
}

int ids_of(const struct unit *u, uid_t *ret_uid, gid_t *ret_gid)
{
	char name[IDS_NAME_MAX];
	const char *user = u->user;
	uid_t uid = 0;
	gid_t gid = 0;
	int r = ids_dynamic(u, name, &uid);

	if (r < 0)
		return r;
	if (r == 1)
		gid = uid;
	if (r == 0 && u->ext && u->ext->dynamic_user)
		user = name;	/* DynamicUser= naming a user of the database */
	if (r == 0 && user) {
		struct passwd *pw;

		errno = 0;
		pw = userdb_user(user);
		if (!pw)
			return errno ? -errno : -ESRCH;
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (u->group) {
		struct group *gr;

		errno = 0;
		gr = userdb_group(u->group);
		if (gr)
			gid = gr->gr_gid;
		else if (r != 1)	/* a dynamic user's own group may be named */
			return errno ? -errno : -ESRCH;
	}
	*ret_uid = uid;
	*ret_gid = gid;
	return 0;
}
