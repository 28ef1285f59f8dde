/* SPDX-License-Identifier: MIT */
/*
 * Orphan reaping throughput, run as the child of the init under test (PID 2
 * of a fresh PID namespace).
 *
 *   orphans stream N BATCH   fork a middle process that forks BATCH
 *                            grandchildren (each _exit()s at once) and then
 *                            exits itself, until N grandchildren exist; they
 *                            are re-parented to PID 1 as zombies.  Timed from
 *                            the first fork to the last orphan reaped.
 *   orphans drain N          one middle forks all N, waits until each has
 *                            run, then exits: N zombies land on PID 1 at
 *                            once.  Timed from the middle's exit to the last
 *                            orphan reaped: the init's reaping alone.
 *
 * "Reaped" is watched from here with kill(pid, 0), which succeeds on a
 * zombie and fails with ESRCH once its parent has waited for it.  All pids
 * are checked after the last fork, so a pid reused by a later grandchild is
 * simply waited for too.  Prints orphans per second and elapsed seconds.
 */
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

struct shared {
	uint64_t t0;		/* drain: when the middle exits */
	pid_t pids[];
};

static struct shared *sh;

/* Fork n grandchildren from a middle process, storing their pids at pids[from]. */
static void middle(long from, long n, int syncfd)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			if (syncfd >= 0)
				(void)!write(syncfd, "x", 1);
			_exit(0);
		}
		sh->pids[from + i] = pid;
	}
}

static void wait_middle(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench: middle process failed\n");
		exit(1);
	}
}

static void wait_reaped(long n)
{
	for (long i = 0; i < n; i++)
		while (kill(sh->pids[i], 0) == 0)
			sched_yield();
}

static uint64_t stream(long n, long batch)
{
	uint64_t t0 = now_ns();

	for (long done = 0; done < n; done += batch) {
		long k = n - done < batch ? n - done : batch;
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			middle(done, k, -1);
			_exit(0);
		}
		wait_middle(pid);
	}
	wait_reaped(n);
	return now_ns() - t0;
}

static uint64_t drain(long n)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		char buf[4096];
		long got = 0;

		middle(0, n, p[1]);
		close(p[1]);
		while (got < n) {
			ssize_t r = read(p[0], buf, sizeof(buf));

			if (r <= 0 && errno != EINTR)
				die("read");
			got += r > 0 ? r : 0;
		}
		sh->t0 = now_ns();
		_exit(0);
	}
	close(p[0]);
	close(p[1]);
	wait_middle(pid);
	wait_reaped(n);
	return now_ns() - sh->t0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 20000;
	long batch = argc > 3 ? atol(argv[3]) : 100;
	uint64_t dt;
	size_t len;

	if (argc < 2 || n <= 0 || batch <= 0) {
		fprintf(stderr, "usage: orphans stream|drain N [BATCH]\n");
		return 2;
	}
	len = sizeof(*sh) + (size_t)n * sizeof(pid_t);
	sh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap");
	if (!strcmp(argv[1], "stream"))
		dt = stream(n, batch);
	else if (!strcmp(argv[1], "drain"))
		dt = drain(n);
	else
		return 2;
	printf("%.0f %.6f\n", n * 1e9 / (double)dt, dt / 1e9);
	return 0;
}
