/* SPDX-License-Identifier: MIT */
#ifndef TEND_UNITPID_H
#define TEND_UNITPID_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct cg_unit;

/*
 * Whether a pid is one of a unit's processes, asked before tend believes
 * a pid that an untrusted process named (MAINPID=, a PID file) or lets a
 * process speak for the unit (NotifyAccess=).  systemd's rules: a unit's
 * processes are those of its cgroup; without a cgroup tend falls back to
 * the process tree: a descendant of the main or control process, or a
 * process of the session tend made for the unit.
 */
struct unitpid_owner {
	const struct cg_unit *cg;	/* NULL or not open: no cgroup */
	pid_t main_pid, ctl_pid;	/* 0 when none */
	pid_t sid;			/* the unit's session (tend's setsid()), 0 */
};

/* 1 when pid is one of the unit's processes, 0 when not (or gone). */
int unitpid_belongs(const struct unitpid_owner *o, pid_t pid);
/* The same as a notify membership callback (ntf_member_fn): owner is o. */
bool unitpid_member(void *owner, pid_t pid);

/*
 * May pid become the unit's main pid?  Never tend itself or PID 1; never a
 * pid that is not running; and unless the claim is privileged (a root
 * sender, a root-owned PID file) only one of the unit's own processes.
 * 0, or -EPERM, -ESRCH, -EACCES with the reason in why.
 */
int unitpid_check_main(const struct unitpid_owner *o, pid_t pid, bool privileged, char *why,
		       size_t whylen);

/*
 * Read a PID file the way systemd does (service_load_pid_file()): the
 * path is walked one component at a time from "/" (chase() with
 * CHASE_SAFE); where a step goes from a directory or symlink that is not
 * root's to anything of another owner, the file is read anyway with the
 * kernel following the path, and *ret_unsafe_path says so (why names the
 * step): its pid is then "questionable", to be believed only when it is
 * one of the unit's own (unitpid_check_main() unprivileged), even from a
 * root file.  The file must be regular; *ret_root_owned says whether it
 * is root's.  0, or -errno with the reason in why.  Doesn't block: the
 * final open is O_NONBLOCK, and never of anything but a regular file.
 */
int unitpid_read_file(const char *path, pid_t *ret_pid, bool *ret_root_owned,
		      bool *ret_unsafe_path, char *why, size_t whylen);

#endif
