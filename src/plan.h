/* SPDX-License-Identifier: MIT */
#ifndef TEND_PLAN_H
#define TEND_PLAN_H

#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "child.h"
#include "env.h"

struct cg_unit;
struct unit;
struct unit_cmd;

#define PLAN_MAX_GROUPS 64

/* What a start of one command knows beyond the unit file. */
struct plan_inputs {
	pid_t main_pid;			/* $MAINPID; 0: unset */
	const char *notify_socket;	/* NOTIFY_SOCKET for the service, or NULL */
	int64_t watchdog_usec;		/* WATCHDOG_USEC; 0: none */
	int out_fd;			/* the unit's log pipe (write end), or -1 */
	bool control;			/* a control process, not the main one */
	const struct cg_unit *cg;	/* the unit's cgroup to join, or NULL */
	/* ExecStop=, ExecStopPost=: $SERVICE_RESULT, and $EXIT_CODE/$EXIT_STATUS */
	const char *creds_dir;		/* $CREDENTIALS_DIRECTORY, or NULL */
	const char *service_result;	/* NULL: not a stop command */
	bool have_exit;			/* the main process of this run exited */
	int exit_status;		/* its wait status */
	/* socket activation: fds for 3, 4, ... and LISTEN_FDNAMES (main only) */
	const int *listen_fds;
	size_t n_listen_fds;
	const char *listen_fdnames;
	/* Accept=yes: the connection, for StandardInput=/Output=socket */
	bool has_socket_fd;
	int socket_fd;
};

/* The storage behind a spawn_plan: freed with plan_free() after spawning. */
struct plan {
	struct spawn_plan sp;
	struct env env;
	struct env argv;
	char path[PATH_MAX];
	gid_t groups[PLAN_MAX_GROUPS];
	int opened[3];			/* fds plan_build() opened: closed by plan_free() */
	char *cwd;
	int cg_fds[CHILD_MAX_CGROUPS];	/* cgroup.procs per v1 hierarchy */
	size_t n_cg_fds;
	int v2_dir, v2_procs;		/* v2 cgroup: CLONE_INTO_CGROUP, fallback */
	int userns_pipe[2];		/* PrivateUsers: the parent's go */
	char uid_map[64], gid_map[64];
	struct child_bind *binds;	/* BindPaths=, BindReadOnlyPaths= ... */
	char **bind_strs;		/* their paths plan_build() made */
	size_t n_bind_strs;
	size_t n_held;			/* child_bind entries that hold a directory */
	bool dynamic;			/* DynamicUser= with a transient user */
	char dyn_name[32];
	struct passwd dyn_pw;
};

/*
 * Build everything the child needs to run cmd of unit u, in the parent:
 * environment, expanded argv, resolved path, user and groups, stdio.  On
 * failure returns -errno and a one-line reason in why ("user 'x': no such
 * user").  NB: user and group lookups go through NSS and may block on a
 * network directory; tend's own units should use local accounts.
 */
int plan_build(struct plan *p, const struct unit *u, const struct unit_cmd *cmd,
	       const struct plan_inputs *in, char *why, size_t whylen);
void plan_free(struct plan *p);

#endif
