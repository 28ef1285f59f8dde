/* SPDX-License-Identifier: MIT */
#ifndef TEND_IDS_H
#define TEND_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct unit;

/* DynamicUser= uids and gids come from here (systemd's range). */
#define IDS_DYNAMIC_FIRST 61184
#define IDS_DYNAMIC_LAST 65519
#define IDS_NAME_MAX 32

/*
 * DynamicUser=: the user u runs as.  Returns 1 with a transient uid (gid
 * the same) allocated for the name, 0 when u has no DynamicUser= or its
 * name is a user of the database (then that user is used), -EBUSY when
 * the range is full, -EINVAL for a name that can't be a user's.  The name
 * is User=, else the unit's name without ".service" (ret_name, at least
 * IDS_NAME_MAX bytes).  A name keeps its uid while tend runs.
 */
int ids_dynamic(const struct unit *u, char *ret_name, uid_t *ret_uid);

/*
 * The uid and gid u's processes run as: User= and Group= from the user
 * database, DynamicUser='s transient one, root without them.  0, -ESRCH
 * for a user or group that does not exist, or -errno.
 */
int ids_of(const struct unit *u, uid_t *ret_uid, gid_t *ret_gid);

#endif
