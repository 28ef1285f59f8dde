/* SPDX-License-Identifier: MIT */
/*
 * Test helper: make N children that exit at once, never wait for them,
 * then exit.  The N zombies are re-parented to the nearest subreaper
 * (tend) in one go, a burst tend must reap completely.
 *
 *	forkexit N
 *
 * vfork(), not fork(): on the test machines (firecracker guests) a fork
 * costs about 1 ms of page-table copying, so 10,000 forks took longer
 * than the test's time limit; vfork() costs ~50 us and leaves the same
 * zombie behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;

	if (n <= 0) {
		fprintf(stderr, "usage: forkexit N\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		pid_t pid = vfork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			perror("forkexit: vfork");
			return 1;
		}
	}
	printf("forkexit: %d children left behind\n", n);
	return 0;
}
