/* SPDX-License-Identifier: MIT */
#ifndef TEND_SPAWN_H
#define TEND_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "child.h"

struct spawn_result {
	pid_t pid;
	int pidfd;		/* -1 where the kernel has no pidfds */
	int status_fd;		/* read end of the exec-status pipe, non-blocking */
	/*
	 * Cloned vfork-style: tend resumed only once the child had exec'd or
	 * failed, so the pipe holds the child_err now or never; -EAGAIN from
	 * spawn_read_status() means the exec went through.
	 */
	bool exec_decided;
};

/* Start plan's child; returns 0 or -errno (EAGAIN/ENOMEM: try again later). */
int spawn_start(struct spawn_plan *p, struct spawn_result *ret);

/*
 * Read the exec-status pipe without blocking.  Returns 1 and fills ret_err
 * when the child reported a failed step, 2 when it reported a step it
 * went on from (ret_err->warn: log it, then read again), 0 at EOF (exec
 * succeeded or the child is gone), -EAGAIN when the child has not decided
 * yet.
 */
int spawn_read_status(int fd, struct child_err *ret_err);

/*
 * Let tend hold n fds: raise RLIMIT_NOFILE (the hard limit too, up to
 * fs.nr_open, where tend may).  Children keep the limit tend started
 * with unless their unit sets LimitNOFILE=.  0, or -errno/-EMFILE when
 * the limit stays below n.
 */
int spawn_reserve_fds(size_t n);

/* The vfork-style child's stack (its lowest byte), NULL before the first such spawn. */
char *spawn_vm_stack(void);

/* Resolve a command name like execvp() would, in the parent; 0 or -errno. */
int spawn_find_exec(const char *name, const char *path_env, char *buf, size_t size);

#endif
