/* SPDX-License-Identifier: MIT */
#ifndef TEND_USERDB_H
#define TEND_USERDB_H

#include <grp.h>
#include <pwd.h>
#include <sys/types.h>

/*
 * User and group lookups for User=, Group= and SupplementaryGroups=, read
 * from /etc/passwd and /etc/group only.  tend is linked statically, and a
 * static glibc's getpwnam() would dlopen() the NSS modules nsswitch.conf
 * names (nss_systemd, nss_sss...) together with a second libc: with an
 * image's libc of another version, that can crash PID 1.  Files are what
 * containers, VMs and embedded systems have; directory services are not
 * consulted (README, "Users").
 *
 * A name may also be a decimal id, as in systemd (User=1000); it must still
 * have an entry.  The results live in the C library's static buffers, valid
 * until the next lookup of the same kind.  Not found: NULL with errno 0;
 * an unreadable file: NULL with its errno.
 */
extern const char *userdb_passwd_path;	/* "/etc/passwd"; tests point it elsewhere */
extern const char *userdb_group_path;	/* "/etc/group" */

struct passwd *userdb_user(const char *name);
struct group *userdb_group(const char *name);

/*
 * getgrouplist(3) from /etc/group: gid first, then every other group that
 * lists user as a member, each once.  Returns the count, or -1 with
 * *ngroups set to the count needed when groups[] is too small.
 */
int userdb_grouplist(const char *user, gid_t gid, gid_t *groups, int *ngroups);

#endif
