/* SPDX-License-Identifier: MIT */
/*
 * freeze1: stop PID 1 and keep it stopped, to prove the hardware watchdog
 * resets a hung init.  `kill -STOP 1` does nothing: the kernel drops
 * SIGSTOP sent to the init of a PID namespace from inside it.  A ptrace
 * attach stops it with a kernel-sent SIGSTOP; we then never let it go.
 */
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int st;

	if (ptrace(PTRACE_ATTACH, 1, NULL, NULL) < 0) {
		perror("freeze1: ptrace attach 1");
		return 1;
	}
	if (waitpid(1, &st, __WALL) == 1 && WIFSTOPPED(st))
		printf("freeze1: PID 1 stopped (signal %d)\n", WSTOPSIG(st));
	fflush(stdout);
	for (;;)
		pause();
}
