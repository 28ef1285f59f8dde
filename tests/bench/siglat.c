/* SPDX-License-Identifier: MIT */
/*
 * Signal forwarding latency.  Starts every INIT as PID 1 of a fresh PID
 * namespace (unshare --pid --fork --mount-proc INIT -- RECV), then, round
 * robin over the inits (in a new order each round) so that drift and
 * neighbours hit all of them alike, sends SIGUSR1
 * to the init's host pid and waits for RECV's acknowledgement carrying the
 * time it got the signal.  One signal is in flight at a time, so none
 * coalesce.  Prints "NAME MEDIAN_US P99_US MEAN_US MAX_US LOST" per init.
 *
 *   siglat [-n COUNT] [-w WARMUP] RECV INIT...
 */
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define MAX_INITS 8

struct target {
	const char *path;
	pid_t unshare_pid, init_pid;
	int fd;
	uint64_t *lat;
	size_t n, lost;
};

/* Read exactly 8 bytes within timeout_ms; 0 on success, -1 on timeout/EOF. */
static int read_u64(int fd, uint64_t *v, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;

	while (got < sizeof(*v)) {
		ssize_t r;

		if (poll(&p, 1, timeout_ms) <= 0)
			return -1;
		r = read(fd, (char *)v + got, sizeof(*v) - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* The init is unshare's only child: /proc/PID/task/PID/children names it. */
static pid_t child_of(pid_t pid)
{
	char path[64];
	long c = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &c) != 1)
		c = -1;
	fclose(f);
	return (pid_t)c;
}

static void start(struct target *t, const char *recv)
{
	int p[2];
	uint64_t ready;

	if (pipe2(p, O_CLOEXEC) < 0)
		die("pipe");
	t->unshare_pid = fork();
	if (t->unshare_pid < 0)
		die("fork");
	if (t->unshare_pid == 0) {
		char *argv[] = { "unshare", "--pid", "--fork", "--mount-proc",
				 (char *)t->path, "--", (char *)recv, NULL };

		if (dup2(p[1], 1) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	t->fd = p[0];
	if (read_u64(t->fd, &ready, 5000) < 0 || ready != 0) {
		fprintf(stderr, "bench: %s: receiver did not start\n", t->path);
		exit(1);
	}
	t->init_pid = child_of(t->unshare_pid);
	if (t->init_pid <= 0) {
		fprintf(stderr, "bench: %s: cannot find the init's pid\n", t->path);
		exit(1);
	}
}

static void stop(struct target *t)
{
	int st;

	kill(t->init_pid, SIGTERM);	/* forwarded: RECV dies, the init follows */
	for (int i = 0; i < 200; i++) {
		if (waitpid(t->unshare_pid, &st, WNOHANG) == t->unshare_pid)
			return;
		usleep(10000);
	}
	fprintf(stderr, "bench: %s did not exit on SIGTERM; killing it\n", t->path);
	kill(t->init_pid, SIGKILL);
	waitpid(t->unshare_pid, &st, 0);
}

static void ping(struct target *t, bool keep)
{
	uint64_t t0, t1;

	t0 = now_ns();
	if (kill(t->init_pid, SIGUSR1) < 0)
		die("kill");
	if (read_u64(t->fd, &t1, 1000) < 0) {
		t->lost++;
		return;
	}
	if (keep)
		t->lat[t->n++] = t1 - t0;
}

int main(int argc, char **argv)
{
	struct target tg[MAX_INITS] = { 0 };
	long count = 500, warm = 50;
	int opt, n;

	while ((opt = getopt(argc, argv, "+n:w:")) != -1) {
		if (opt == 'n')
			count = atol(optarg);
		else if (opt == 'w')
			warm = atol(optarg);
		else
			return 2;
	}
	n = argc - optind - 1;
	if (n < 1 || n > MAX_INITS || count <= 0 || warm < 0) {
		fprintf(stderr, "usage: siglat [-n COUNT] [-w WARMUP] RECV INIT...\n");
		return 2;
	}
	for (int k = 0; k < n; k++) {
		tg[k].path = argv[optind + 1 + k];
		tg[k].lat = calloc((size_t)count, sizeof(uint64_t));
		if (!tg[k].lat)
			die("calloc");
		start(&tg[k], argv[optind]);
	}
	/*
	 * Each round in a new order: an init's latency depends on which init
	 * ran just before it (measured: the same binary 25.2 us third after
	 * tini, 26.3 us first), so a fixed order favours some.  Shuffled
	 * with a fixed seed, every init follows every other alike and a run
	 * can be repeated.
	 */
	srand(1);
	for (long i = 0; i < warm + count; i++) {
		int order[MAX_INITS];

		for (int k = 0; k < n; k++)
			order[k] = k;
		for (int k = n - 1; k > 0; k--) {
			int j = rand() % (k + 1), t = order[k];

			order[k] = order[j];
			order[j] = t;
		}
		for (int k = 0; k < n; k++)
			ping(&tg[order[k]], i >= warm);
	}
	for (int k = 0; k < n; k++) {
		struct target *t = &tg[k];
		uint64_t sum = 0;

		stop(t);
		if (!t->n) {
			printf("%s - - - - %zu\n", basename((char *)t->path), t->lost);
			continue;
		}
		qsort(t->lat, t->n, sizeof(uint64_t), cmp_u64);
		for (size_t i = 0; i < t->n; i++)
			sum += t->lat[i];
		printf("%s %.1f %.1f %.1f %.1f %zu\n", basename((char *)t->path),
		       pct(t->lat, t->n, 50) / 1e3, pct(t->lat, t->n, 99) / 1e3,
		       (double)sum / (double)t->n / 1e3, t->lat[t->n - 1] / 1e3, t->lost);
	}
	return 0;
}
