/* SPDX-License-Identifier: MIT */
/*
 * Thin syscall wrappers: the seam that tests wrap with -Wl,--wrap=sys_*
 * (tests/unit/test_fault.c injects EAGAIN, EMFILE, ENOSPC here).  A call
 * inside one object file can't be wrapped, so the calls whose failures
 * matter go through this file: both clones, the exec-status pipe, and
 * the writes of cgroup limits.
 */
#ifndef TEND_SYS_H
#define TEND_SYS_H

#include <sys/types.h>

struct clone_args;

long sys_clone3(struct clone_args *args, size_t size);
/* spawn.c's vfork-style clone3: the child runs fn(arg); -errno on failure. */
long sys_clone3_vm(struct clone_args *args, size_t size, void (*fn)(void *), void *arg);
int sys_pipe2(int fds[2], int flags);
ssize_t sys_write(int fd, const void *buf, size_t n);
int sys_pidfd_send_signal(int pidfd, int sig);
int sys_kill(pid_t pid, int sig);

#endif
