/* SPDX-License-Identifier: MIT */
/*
 * Test helper: make N orphaned zombies at once and time how long the
 * reaper takes to collect them.  Each of N short-lived children forks a
 * grandchild and exits, so the grandchild is re-parented to the nearest
 * subreaper (tend, or tend as PID 1).  All grandchildren block on one pipe;
 * closing it lets them exit together, a burst of coalesced SIGCHLDs.  Then
 * poll /proc until every grandchild pid is gone (reaped, not just a zombie).
 *
 *	orphans N [TIMEOUT_SECONDS]
 * prints "reaped N orphans in MS ms", exits 0; 1 if some were left.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 16

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int gone(pid_t pid)
{
	char path[32];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return stat(path, &st) < 0 && errno == ENOENT;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	double limit = argc > 2 ? atof(argv[2]) : 20, t0, t;
	int release[2], report[2], left, nmid;
	pid_t *pids;

	if (n <= 0) {
		fprintf(stderr, "usage: orphans N [TIMEOUT_SECONDS]\n");
		return 2;
	}
	pids = calloc((size_t)n, sizeof(*pids));
	if (!pids || pipe2(release, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0) {
		perror("orphans");
		return 2;
	}
	/*
	 * Fork them all first, then collect: no round trip per orphan.  Each
	 * short-lived child makes up to BATCH grandchildren, so that a build
	 * with sanitizers (slow forks) makes about N forks, not 2N.
	 */
	nmid = (n + BATCH - 1) / BATCH;
	for (int i = 0; i < nmid; i++) {
		pid_t mid = fork();

		if (mid < 0) {
			perror("fork");
			close(release[1]);
			return 2;
		}
		if (mid == 0) {
			for (int k = i * BATCH; k < n && k < (i + 1) * BATCH; k++) {
				pid_t g = fork();

				if (g == 0) {
					char c;

					close(release[1]);
					(void)!read(release[0], &c, 1);	/* EOF: time to go */
					_exit(0);
				}
				(void)!write(report[1], &g, sizeof(g));	/* atomic: < PIPE_BUF */
				if (g < 0)
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int i = 0; i < n; i++) {
		if (read(report[0], &pids[i], sizeof(pids[i])) != sizeof(pids[i]) || pids[i] <= 0) {
			fprintf(stderr, "orphans: grandchild %d failed\n", i);
			close(release[1]);
			return 2;
		}
	}
	for (int i = 0; i < nmid; i++) {
		int st;

		if (wait(&st) < 0 || st != 0) {
			fprintf(stderr, "orphans: child %d failed\n", i);
			close(release[1]);
			return 2;
		}
	}
	t0 = now();
	close(release[1]);	/* all grandchildren exit now */
	for (;;) {
		left = 0;
		for (int i = 0; i < n; i++) {
			if (pids[i] && gone(pids[i]))
				pids[i] = 0;
			left += pids[i] != 0;
		}
		t = now();
		if (!left || t - t0 > limit)
			break;
		usleep(1000);
	}
	free(pids);
	if (left) {
		printf("orphans: %d of %d still in /proc after %.1f s\n", left, n, t - t0);
		return 1;
	}
	printf("reaped %d orphans in %.0f ms\n", n, (t - t0) * 1000);
	return 0;
}
