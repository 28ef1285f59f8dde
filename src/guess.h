/* SPDX-License-Identifier: MIT */
#ifndef TEND_GUESS_H
#define TEND_GUESS_H

#include <stdint.h>
#include <sys/types.h>

struct cg_unit;

/*
 * GuessMainPID= of a Type=forking unit without PIDFile=, once its parent
 * exited, as systemd's unit_search_main_pid(): the one process of the unit
 * that is tend's own child (the daemon, re-parented to tend) and that no
 * one else watches.  The unit's processes are those of its cgroup cg; with
 * no cgroup, tend's unwatched children started since spawn_ms (monotonic),
 * when the unit's ExecStart= was spawned.  0 and *ret, -ENOENT when there
 * is none, -ENOTUNIQ when several could be it, or -errno.
 */
int guess_main_pid(const struct cg_unit *cg, int64_t spawn_ms, pid_t *ret);

#endif
