/* SPDX-License-Identifier: MIT */
/* Who a unit's processes are: the owner of its files and credentials. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>

#include "ids.h"
#include "unit.h"
#include "userdb.h"
#include "nofail.h"

int ids_of(const struct unit *u, uid_t *ret_uid, gid_t *ret_gid)
{
	uid_t uid = 0;
	gid_t gid = 0;

	if (u->user) {
		struct passwd *pw;

		errno = 0;
		pw = userdb_user(u->user);
		if (!pw)
			return errno ? -errno : -ESRCH;
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (u->group) {
		struct group *gr;

		errno = 0;
		gr = userdb_group(u->group);
		if (!gr)
			return errno ? -errno : -ESRCH;
		gid = gr->gr_gid;
	}
	*ret_uid = uid;
	*ret_gid = gid;
	return 0;
}
