/* SPDX-License-Identifier: MIT */
#ifndef TEND_IDS_H
#define TEND_IDS_H

#include <sys/types.h>

struct unit;

/*
 * The uid and gid u's processes run as: User= and Group= from the user
 * database, root without them.  0, -ESRCH for a user or group that does
 * not exist, or -errno.
 */
int ids_of(const struct unit *u, uid_t *ret_uid, gid_t *ret_gid);

#endif
