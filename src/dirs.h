/* SPDX-License-Identifier: MIT */
#ifndef TEND_DIRS_H
#define TEND_DIRS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct unit;
struct env;

/*
 * RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=,
 * ConfigurationDirectory=: create each under its root (/run, /var/lib,
 * /var/cache, /var/log, /etc; runtime_dir replaces /run for tests) with its
 * mode, owned by the unit's user and group.  0 or -errno with the path in why.
 */
int dirs_prepare(const struct unit *u, const char *run_root, char *why, size_t whylen);
/* RUNTIME_DIRECTORY=... for the service's environment (':'-separated). */
int dirs_env(const struct unit *u, const char *run_root, struct env *e);
/* Remove the runtime directories after a stop, unless preserved. */
void dirs_cleanup(const struct unit *u, const char *run_root, bool restarting);

#endif
