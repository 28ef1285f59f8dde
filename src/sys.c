/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"
#include "nofail.h"

long sys_clone3(struct clone_args *args, size_t size)
{
	return syscall(SYS_clone3, args, size);
}

/* spawn.c: the assembly, or its portable twin that returns -ENOSYS */
long spawn_clone3_vm(struct clone_args *ca, size_t size, void (*fn)(void *), void *arg);

long sys_clone3_vm(struct clone_args *args, size_t size, void (*fn)(void *), void *arg)
{
	return spawn_clone3_vm(args, size, fn, arg);
}

int sys_pipe2(int fds[2], int flags)
{
	return pipe2(fds, flags);
}

ssize_t sys_write(int fd, const void *buf, size_t n)
{
	return write(fd, buf, n);
}

int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

int sys_kill(pid_t pid, int sig)
{
	return kill(pid, sig);
}
