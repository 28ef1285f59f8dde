/* SPDX-License-Identifier: MIT */
/*
 * Start-up overhead: run each command many times, round robin so that drift
 * hits all of them alike, and print the median and p90 wall time of one
 * run, from posix_spawn() to waitpid().  Commands are separated by ":::".
 * stdout and stderr go to /dev/null.  Prints "MEDIAN_US P90_US" per command.
 *
 *   startup [-n RUNS] [-w WARMUP] CMD ARG... [::: CMD ARG...]...
 */
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define MAX_CMDS 16

extern char **environ;

int main(int argc, char **argv)
{
	char **cmd[MAX_CMDS];
	uint64_t *lat[MAX_CMDS];
	long runs = 300, warm = 20;
	posix_spawn_file_actions_t fa;
	int opt, ncmd = 0, devnull;

	while ((opt = getopt(argc, argv, "+n:w:")) != -1) {
		if (opt == 'n')
			runs = atol(optarg);
		else if (opt == 'w')
			warm = atol(optarg);
		else
			return 2;
	}
	if (optind >= argc || runs <= 0 || warm < 0) {
		fprintf(stderr, "usage: startup [-n RUNS] [-w WARMUP] CMD... [::: CMD...]...\n");
		return 2;
	}
	cmd[ncmd++] = &argv[optind];
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], ":::"))
			continue;
		argv[i] = NULL;
		if (ncmd == MAX_CMDS || i + 1 >= argc)
			return 2;
		cmd[ncmd++] = &argv[i + 1];
	}
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0)
		die("/dev/null");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, devnull, 1);
	posix_spawn_file_actions_adddup2(&fa, devnull, 2);
	for (int k = 0; k < ncmd; k++) {
		lat[k] = calloc((size_t)runs, sizeof(uint64_t));
		if (!lat[k])
			die("calloc");
	}
	for (long i = 0; i < warm + runs; i++) {
		for (int k = 0; k < ncmd; k++) {
			uint64_t t0 = now_ns();
			pid_t pid;
			int st;

			errno = posix_spawnp(&pid, cmd[k][0], &fa, NULL, cmd[k], environ);
			if (errno)
				die(cmd[k][0]);
			while (waitpid(pid, &st, 0) < 0)
				if (errno != EINTR)
					die("waitpid");
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
				fprintf(stderr, "bench: %s failed (status %#x)\n", cmd[k][0], st);
				return 1;
			}
			if (i >= warm)
				lat[k][i - warm] = now_ns() - t0;
		}
	}
	for (int k = 0; k < ncmd; k++) {
		qsort(lat[k], (size_t)runs, sizeof(uint64_t), cmp_u64);
		printf("%.1f %.1f\n", pct(lat[k], (size_t)runs, 50) / 1e3,
		       pct(lat[k], (size_t)runs, 90) / 1e3);
	}
	return 0;
}
