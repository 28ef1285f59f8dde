/* SPDX-License-Identifier: MIT */
#ifndef TEND_CHILD_H
#define TEND_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Each step of the child's setup, reported through the exec-status pipe. */
enum child_stage {
	CHILD_SIGMASK,
	CHILD_SETSID,
	CHILD_SETPGID,
	CHILD_TTY,
	CHILD_CHDIR,
	CHILD_SETGROUPS,
	CHILD_SETGID,
	CHILD_SETUID,
	CHILD_STDIO,
	CHILD_EXEC,
	_CHILD_STAGE_MAX,
};

extern const char *const child_stage_name[_CHILD_STAGE_MAX];

/* What a failed child writes before _exit(127). */
struct child_err {
	int32_t stage;
	int32_t errnum;
};

/*
 * Everything the child needs, computed in the parent before clone: the
 * child itself only runs async-signal-safe calls.
 */
struct spawn_plan {
	const char *path;		/* resolved: execve(), never a PATH search */
	char *const *argv;
	char *const *envp;
	int status_fd;			/* write end of the exec-status pipe */
	bool new_session;		/* services: setsid() */
	bool new_pgrp;			/* main command: its own process group */
	int tty_fd;			/* >= 0: take the foreground of this terminal */
	int stdio[3];			/* >= 0: dup2 onto 0, 1, 2; -1: keep tend's */
	bool set_umask;
	mode_t umask;
	const char *cwd;		/* NULL: stay in tend's directory */
	bool cwd_optional;		/* WorkingDirectory=-PATH */
	bool set_ids;			/* User=/Group=: drop to uid/gid/groups */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t ngroups;
};

_Noreturn void child_exec(const struct spawn_plan *p);

#endif
