/* SPDX-License-Identifier: MIT */
/*
 * Files-only user database (see userdb.h for why not NSS).  fgetpwent() and
 * fgetgrent() parse one stream and never load a module.
 * NB: reads a file per lookup; a unit start does three at most.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "userdb.h"
#include "nofail.h"

const char *userdb_passwd_path = "/etc/passwd";
const char *userdb_group_path = "/etc/group";

/* A decimal id with nothing around it, as systemd accepts in User=. */
static bool parse_id(const char *s, unsigned long *ret)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*ret = strtoul(s, &end, 10);
	return errno == 0 && *end == '\0' && *ret < (unsigned long)(id_t)-1;
}

struct passwd *userdb_user(const char *name)
{
	unsigned long id;
	bool numeric = parse_id(name, &id);
	struct passwd *pw;
	FILE *f = fopen(userdb_passwd_path, "re");

	if (!f)
		return NULL;
	while ((pw = fgetpwent(f)))
		if (strcmp(pw->pw_name, name) == 0 || (numeric && pw->pw_uid == id))
			break;
	fclose(f);
	errno = 0;
	return pw;
}

struct group *userdb_group(const char *name)
{
	unsigned long id;
	bool numeric = parse_id(name, &id);
	struct group *gr;
	FILE *f = fopen(userdb_group_path, "re");

	if (!f)
		return NULL;
	while ((gr = fgetgrent(f)))
		if (strcmp(gr->gr_name, name) == 0 || (numeric && gr->gr_gid == id))
			break;
	fclose(f);
	errno = 0;
	return gr;
}

static bool is_member(const struct group *gr, const char *user)
{
	for (char **m = gr->gr_mem; m && *m; m++)
		if (strcmp(*m, user) == 0)
			return true;
	return false;
}

static bool has_gid(const gid_t *groups, int n, gid_t gid)
{
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

int userdb_grouplist(const char *user, gid_t gid, gid_t *groups, int *ngroups)
{
	struct group *gr;
	int n = 0, max = *ngroups;
	FILE *f;

	/* counted even where groups[] is full, so that *ngroups can say */
	if (n < max)
		groups[n] = gid;
	n++;
	f = fopen(userdb_group_path, "re");
	if (f) {
		while ((gr = fgetgrent(f)))
			if (is_member(gr, user) && gr->gr_gid != gid &&
			    !has_gid(groups, n < max ? n : max, gr->gr_gid)) {
				if (n < max)
					groups[n] = gr->gr_gid;
				n++;
			}
		fclose(f);
	}
	*ngroups = n;
	return n <= max ? n : -1;
}
