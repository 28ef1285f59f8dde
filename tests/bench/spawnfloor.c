/* SPDX-License-Identifier: MIT */
/*
 * The floor for the scale benchmark's "all running" row: posix_spawn() N
 * copies of the pause service in a tight loop and time until all N have
 * appended their byte to $PAUSE_COUNT (the same signal scale.py waits
 * for), then kill them.  No supervisor, no unit files, no cgroups.
 *
 *	: >/tmp/cnt; PAUSE_COUNT=/tmp/cnt spawnfloor N build/bench/pause
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0;
	const char *count = getenv("PAUSE_COUNT");
	struct stat st = { 0 };
	pid_t *pids;
	double t0;

	if (n <= 0 || !count) {
		fprintf(stderr, "usage: PAUSE_COUNT=FILE spawnfloor N PROGRAM\n");
		return 2;
	}
	pids = calloc((size_t)n, sizeof(*pids));
	if (!pids)
		return 1;
	t0 = now_ms();
	for (int i = 0; i < n; i++) {
		char *args[] = { argv[2], NULL };
		int r = posix_spawn(&pids[i], argv[2], NULL, NULL, args, environ);

		if (r) {
			fprintf(stderr, "spawnfloor: posix_spawn: error %d after %d\n", r, i);
			n = i;
			break;
		}
	}
	while (stat(count, &st) == 0 && st.st_size < n)
		usleep(1000);
	printf("%d spawned and running in %.0f ms\n", n, now_ms() - t0);
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	return 0;
}
