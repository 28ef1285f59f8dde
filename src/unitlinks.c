/* SPDX-License-Identifier: MIT */
/*
 * The <unit>.wants/ and <unit>.requires/ directories next to a unit file:
 * the symlinks `systemctl enable` and Debian's maintainer scripts make.
 * Each entry's name is a Wants=/Requires= of the unit, as in systemd; a
 * template entry ("b@.service") in an instance's directory names the
 * same instance ("b@i.service").  Reads directories, nothing else.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unitpriv.h"
#include "unitval.h"
#include "nofail.h"

static bool listed(char **v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

/* The unit an entry of the directory names; false for one to skip. */
static bool entry_name(const struct unit *u, const char *ent, char *buf, size_t size)
{
	const char *at = strchr(ent, '@'), *dot = strrchr(ent, '.');
	int n;

	if (ent[0] == '.' || !uv_unit_name_ok(ent))
		return false;
	if (!at || !dot || dot != at + 1) {
		n = snprintf(buf, size, "%s", ent);
		return n > 0 && (size_t)n < size;
	}
	if (!u->instance)
		return false;	/* a template needs an instance */
	n = snprintf(buf, size, "%.*s%s%s", (int)(at + 1 - ent), ent, u->instance, dot);
	return n > 0 && (size_t)n < size && uv_unit_name_ok(buf);
}

/* Add the names in dir/NAME.SUFFIX/ to *list; a missing directory is fine. */
static int add_dir(const struct unit *u, const char *dir, const char *name,
		   const char *suffix, char ***list)
{
	char path[4096], dep[UNIT_NAME_MAX + 1];
	struct dirent **ents;
	int n, r = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s", dir, name, suffix) >= sizeof(path))
		return 0;
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0)
		return errno == ENOMEM ? -ENOMEM : 0;
	for (int i = 0; i < n; i++) {
		if (r == 0 && ents[i]->d_type != DT_DIR &&
		    entry_name(u, ents[i]->d_name, dep, sizeof(dep)) &&
		    strcmp(dep, u->name) != 0 && !listed(*list, dep))
			r = strv_add(list, dep);
		free(ents[i]);
	}
	free(ents);
	return r;
}

int unit_add_links(struct unit *u, const char *dir)
{
	static const char *const suffix[] = { "wants", "requires" };
	char ***const lists[] = { &u->wants, &u->requires };
	int r = 0;

	for (size_t k = 0; r == 0 && k < 2; k++) {
		char ***l = lists[k];

		if (u->template_name)
			r = add_dir(u, dir, u->template_name, suffix[k], l);
		if (r == 0 && (!u->template_name || strcmp(u->template_name, u->name) != 0))
			r = add_dir(u, dir, u->name, suffix[k], l);
	}
	return r;
}
