/* SPDX-License-Identifier: MIT */
/*
 * Test helper: a process that ignores every catchable signal (SIGTERM,
 * SIGCONT, SIGHUP, SIGINT...) and forks CHILDREN more that do the same,
 * then writes one pid per line to FILE and waits forever.  Only SIGKILL
 * (or SIGSTOP) ends it.
 *
 *	stubborn FILE [CHILDREN]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int children = argc > 2 ? atoi(argv[2]) : 0;
	pid_t kids[64];
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: stubborn FILE [CHILDREN]\n");
		return 2;
	}
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD)
			signal(s, SIG_IGN);
	if (children > 64)
		children = 64;
	for (int i = 0; i < children; i++) {
		pid_t p = fork();

		if (p < 0) {
			perror("stubborn: fork");
			return 1;
		}
		if (p == 0) {
			for (;;)
				pause();
		}
		kids[i] = p;
	}
	f = fopen(argv[1], "we");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	/* the parent's pid last: a full file means every pid is in it */
	for (int i = 0; i < children; i++)
		fprintf(f, "%d\n", (int)kids[i]);
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	for (;;)
		pause();
}
