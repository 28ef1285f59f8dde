/* SPDX-License-Identifier: MIT */
#ifndef TEND_REAP_H
#define TEND_REAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Called with a waitpid() status: an exit, a death, or (when asked) a stop. */
typedef void reap_fn(pid_t pid, int status, void *data);

int reap_init(size_t reserve);
void reap_fini(void);
/* Reserve room so that a later reap_watch() of that many pids cannot fail. */
int reap_reserve(size_t n);
/* Route pid's status to fn; 0 or -ENOMEM (only when nothing was reserved). */
int reap_watch(pid_t pid, reap_fn *fn, void *data);
void reap_unwatch(pid_t pid);
bool reap_is_watched(pid_t pid);
/* Called after each orphan (a pid nobody watches) was reaped; NULL: none. */
typedef void reap_orphan_fn(pid_t pid);
void reap_set_orphan_fn(reap_orphan_fn *fn);
/* Also report stops and continues (the foreground job of a terminal). */
void reap_set_untraced(bool on);

/*
 * Collect every child that has changed state (waitpid(-1, WNOHANG) until 0
 * or ECHILD), dispatching watched pids and counting orphans.  Returns true
 * when tend has no children left at all.
 */
bool reap_all(void);
/*
 * Collect pid alone if it changed state (the pid a SIGCHLD names), O(1);
 * waitpid(-1) walks every child of tend.  SIGCHLDs coalesce: reap_all()
 * must still follow, soon, for the exits whose signal was merged.
 */
void reap_pid(pid_t pid);
uint64_t reap_orphans(void);
size_t reap_watched(void);

/* Signal every descendant of tend (all of the namespace when PID 1). */
int reap_signal_descendants(int signo);

#endif
