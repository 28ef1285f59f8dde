/* SPDX-License-Identifier: MIT */
/* Thin syscall wrappers: the seam that tests wrap with -Wl,--wrap=sys_*. */
#ifndef TEND_SYS_H
#define TEND_SYS_H

#include <sys/types.h>

struct clone_args;

long sys_clone3(struct clone_args *args, size_t size);
int sys_pidfd_send_signal(int pidfd, int sig);
int sys_kill(pid_t pid, int sig);

#endif
