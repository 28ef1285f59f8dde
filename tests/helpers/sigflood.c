/* SPDX-License-Identifier: MIT */
/*
 * Test helper: send COUNT signals to PID, cycling through the SIG numbers
 * given, with kill() or, with -q, sigqueue() (si_code SI_QUEUE).  A full
 * real-time queue (EAGAIN) is waited out, so every signal is sent.
 *
 *	sigflood [-q] PID COUNT SIG...
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int opt, queue = 0, nsig;
	long count;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+q")) != -1) {
		if (opt != 'q')
			goto usage;
		queue = 1;
	}
	if (argc - optind < 3)
		goto usage;
	pid = (pid_t)atol(argv[optind]);
	count = atol(argv[optind + 1]);
	nsig = argc - optind - 2;
	for (long i = 0; i < count; i++) {
		int sig = atoi(argv[optind + 2 + i % nsig]);
		int r;

		for (int tries = 0;; tries++) {
			r = queue ? sigqueue(pid, sig, (union sigval){ .sival_int = (int)i })
				  : kill(pid, sig);
			if (r == 0 || errno != EAGAIN || tries > 100000)
				break;
			sched_yield();
		}
		if (r < 0) {
			fprintf(stderr, "sigflood: signal %d #%ld to %d: %m\n", sig, i, (int)pid);
			return 1;
		}
	}
	return 0;
usage:
	fprintf(stderr, "usage: sigflood [-q] PID COUNT SIG...\n");
	return 2;
}
