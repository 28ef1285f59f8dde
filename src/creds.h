/* SPDX-License-Identifier: MIT */
#ifndef TEND_CREDS_H
#define TEND_CREDS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct unit;

/* Does u pass credentials (LoadCredential=, SetCredential=, ImportCredential=)? */
bool creds_wanted(const struct unit *u);

/* Its $CREDENTIALS_DIRECTORY: <runtime_dir>/credentials/<unit>; 0 or -ENAMETOOLONG. */
int creds_path(const struct unit *u, const char *runtime_dir, char *buf, size_t size);

/*
 * Fill u's credentials directory afresh before a start, as systemd.exec(5)
 * says: LoadCredential= from a file (a directory: each file in it as
 * ID_NAME) or, for a name, from tend's own $CREDENTIALS_DIRECTORY and the
 * credstores; SetCredential= where no LoadCredential= of the ID loaded;
 * ImportCredential= globs from the same places.  The directory is 0700,
 * the files 0400, owned by uid:gid.  0, or -errno with the reason in why.
 * NB: reads the sources in tend's loop: local files of at most 1 MiB.
 */
int creds_prepare(const struct unit *u, const char *runtime_dir, uid_t uid, gid_t gid,
		  char *why, size_t whylen);

/* After the unit stopped: its credentials directory goes. */
void creds_remove(const struct unit *u, const char *runtime_dir);

#endif
