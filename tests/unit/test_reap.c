/* SPDX-License-Identifier: MIT */
/* The reaper: the pid hash, waitpid dispatch, and signalling descendants. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "reap.h"

/* Children a test forked: killed in teardown, so a failed test leaves none. */
static pid_t kids[16];
static int nkids;

static pid_t xfork(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid > 0 && nkids < 16)
		kids[nkids++] = pid;
	return pid;
}

static int setup(void **state)
{
	(void)state;
	nkids = 0;
	return reap_init(16);
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < nkids; i++)
		if (kill(kids[i], SIGKILL) == 0)
			(void)waitpid(kids[i], NULL, 0);
	reap_fini();
	return 0;
}

static void nop(pid_t pid, int status, void *data)
{
	(void)pid;
	(void)status;
	(void)data;
}

static void many_pids(void **state)
{
	const int n = 5000;

	for (pid_t p = 1; p <= n; p++)
		assert_int_equal(reap_watch(p, nop, NULL), 0);
	assert_int_equal(reap_watched(), n);
	for (pid_t p = 1; p <= n; p++)
		assert_true(reap_is_watched(p));
	assert_false(reap_is_watched(n + 1));
	for (pid_t p = 2; p <= n; p += 2)
		reap_unwatch(p);
	assert_int_equal(reap_watched(), n / 2);
	for (pid_t p = 1; p <= n; p++)
		assert_int_equal(reap_is_watched(p), p % 2 == 1);
	/* watching a pid twice updates it, it does not add a second slot */
	assert_int_equal(reap_watch(1, nop, (void *)1), 0);
	assert_int_equal(reap_watched(), n / 2);
	reap_unwatch(n + 7);	/* not watched: no-op */
	reap_unwatch(2);	/* already removed: no-op */
	assert_int_equal(reap_watched(), n / 2);
	assert_false(reap_is_watched(0));
	assert_false(reap_is_watched(-1));
	(void)state;
}

/*
 * Pids equal modulo 2^20 share their home slot in every table up to 2^20
 * slots (the hash is a multiplication by an odd constant): one long probe
 * run, removed from its head, middle and tail, wrapping around the end.
 */
static void collisions(void **state)
{
	const int n = 300;
	pid_t pids[300];

	for (int base = 1; base <= 16; base++) {
		for (int k = 0; k < n; k++) {
			pids[k] = base + k * (1 << 20);
			assert_int_equal(reap_watch(pids[k], nop, NULL), 0);
		}
		/* a few neighbours whose home slots sit inside the run */
		for (int k = 1; k < 40; k++)
			assert_int_equal(reap_watch(base * 100000 + k, nop, NULL), 0);
		reap_unwatch(pids[0]);
		reap_unwatch(pids[n / 2]);
		reap_unwatch(pids[n - 1]);
		for (int k = 0; k < n; k++)
			assert_int_equal(reap_is_watched(pids[k]), k != 0 && k != n / 2 && k != n - 1);
		for (int k = 1; k < 40; k++)
			assert_true(reap_is_watched(base * 100000 + k));
		for (int k = 0; k < n; k += 3)
			reap_unwatch(pids[k]);
		for (int k = 0; k < n; k++)
			assert_int_equal(reap_is_watched(pids[k]),
					 k % 3 != 0 && k != n / 2 && k != n - 1);
		for (int k = 0; k < n; k++)
			reap_unwatch(pids[k]);
		for (int k = 1; k < 40; k++) {
			assert_true(reap_is_watched(base * 100000 + k));
			reap_unwatch(base * 100000 + k);
		}
		assert_int_equal(reap_watched(), 0);
	}
	(void)state;
}

/* Random inserts and removals against a plain array. */
static void random_model(void **state)
{
	enum { RANGE = 1 << 14 };
	static bool in[RANGE];
	size_t count = 0;

	srandom(4711);
	for (int op = 0; op < 200000; op++) {
		pid_t p = 1 + (pid_t)(random() % (RANGE - 1));

		if (random() % 2) {
			assert_int_equal(reap_watch(p, nop, NULL), 0);
			count += !in[p];
			in[p] = true;
		} else {
			reap_unwatch(p);
			count -= in[p];
			in[p] = false;
		}
		if (op % 10000 == 0)
			for (pid_t q = 1; q < RANGE; q++)
				assert_int_equal(reap_is_watched(q), in[q]);
	}
	assert_int_equal(reap_watched(), count);
	for (pid_t q = 1; q < RANGE; q++)
		assert_int_equal(reap_is_watched(q), in[q]);
	(void)state;
}

/* ---- reap_all() with real children ---- */

static struct {
	int n;
	pid_t pid[8];
	int status[8];
	pid_t rewatch;		/* watch this pid from inside the callback */
} seen;

static void record(pid_t pid, int status, void *data)
{
	assert_ptr_equal(data, &seen);
	if (WIFEXITED(status) || WIFSIGNALED(status))
		assert_false(reap_is_watched(pid));	/* unwatched before the call */
	else
		assert_true(reap_is_watched(pid));	/* a stop is not an end */
	if (seen.rewatch) {
		assert_int_equal(reap_watch(seen.rewatch, record, &seen), 0);
		seen.rewatch = 0;
	}
	seen.pid[seen.n] = pid;
	seen.status[seen.n] = status;
	seen.n++;
}

static pid_t child_exit(int code)
{
	pid_t pid = xfork();

	if (pid == 0)
		_exit(code);
	return pid;
}

/* Wait until pid is a zombie, without reaping it. */
static void until_zombie(pid_t pid)
{
	siginfo_t si;

	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
}

static int status_of(pid_t pid)
{
	for (int i = 0; i < seen.n; i++)
		if (seen.pid[i] == pid)
			return seen.status[i];
	return -1;
}

static void reap_dispatches(void **state)
{
	pid_t a, b, c, d;
	uint64_t orphans = reap_orphans();
	int pfd[2];

	memset(&seen, 0, sizeof(seen));
	assert_int_equal(pipe(pfd), 0);
	d = xfork();	/* still running while the others are reaped */
	if (d == 0) {
		char x;

		close(pfd[1]);
		(void)!read(pfd[0], &x, 1);
		_exit(9);
	}
	close(pfd[0]);
	a = child_exit(3);
	b = child_exit(4);
	c = child_exit(5);	/* not watched: counted as an orphan */
	assert_int_equal(reap_watch(a, record, &seen), 0);
	assert_int_equal(reap_watch(b, record, &seen), 0);
	assert_int_equal(reap_watch(d, record, &seen), 0);
	seen.rewatch = 999999;
	until_zombie(a);
	until_zombie(b);
	until_zombie(c);
	assert_false(reap_all());	/* d is still alive */
	assert_int_equal(seen.n, 2);
	assert_true(WIFEXITED(status_of(a)) && WEXITSTATUS(status_of(a)) == 3);
	assert_true(WIFEXITED(status_of(b)) && WEXITSTATUS(status_of(b)) == 4);
	assert_int_equal(reap_orphans(), orphans + 1);
	assert_true(reap_is_watched(999999));
	assert_true(reap_is_watched(d));
	reap_unwatch(999999);
	close(pfd[1]);
	until_zombie(d);
	assert_true(reap_all());	/* no children left at all */
	assert_int_equal(seen.n, 3);
	assert_true(WIFEXITED(status_of(d)) && WEXITSTATUS(status_of(d)) == 9);
	assert_int_equal(reap_watched(), 0);
	assert_true(reap_all());	/* ECHILD: still "none left" */
	(void)state;
}

/* reap_pid() collects the one pid it is told about and leaves the rest. */
static void reap_pid_one(void **state)
{
	pid_t a, b;
	siginfo_t si = { 0 };

	memset(&seen, 0, sizeof(seen));
	a = child_exit(3);
	b = child_exit(4);
	assert_int_equal(reap_watch(a, record, &seen), 0);
	assert_int_equal(reap_watch(b, record, &seen), 0);
	until_zombie(a);
	until_zombie(b);
	reap_pid(a);
	assert_int_equal(seen.n, 1);
	assert_true(WIFEXITED(status_of(a)) && WEXITSTATUS(status_of(a)) == 3);
	assert_false(reap_is_watched(a));
	/* b was left alone: still a zombie */
	assert_int_equal(waitid(P_PID, (id_t)b, &si, WEXITED | WNOHANG | WNOWAIT), 0);
	assert_int_equal(si.si_pid, b);
	reap_pid(a);		/* gone already: nothing */
	reap_pid(0);		/* SIGCHLD from outside the namespace */
	assert_int_equal(seen.n, 1);
	assert_true(reap_all());	/* the full pass takes b */
	assert_int_equal(seen.n, 2);
	assert_true(WIFEXITED(status_of(b)) && WEXITSTATUS(status_of(b)) == 4);
	assert_int_equal(reap_watched(), 0);
	(void)state;
}

static void reap_reports_stops_when_asked(void **state)
{
	pid_t p;
	siginfo_t si;

	memset(&seen, 0, sizeof(seen));
	p = xfork();
	if (p == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(reap_watch(p, record, &seen), 0);
	reap_set_untraced(true);
	kill(p, SIGSTOP);
	assert_int_equal(waitid(P_PID, (id_t)p, &si, WSTOPPED | WNOWAIT), 0);
	assert_false(reap_all());
	assert_int_equal(seen.n, 1);
	assert_true(WIFSTOPPED(seen.status[0]));
	assert_int_equal(WSTOPSIG(seen.status[0]), SIGSTOP);
	kill(p, SIGKILL);
	assert_int_equal(waitid(P_PID, (id_t)p, &si, WEXITED | WNOWAIT), 0);
	assert_true(reap_all());
	assert_int_equal(seen.n, 2);
	assert_true(WIFSIGNALED(seen.status[1]));
	assert_int_equal(WTERMSIG(seen.status[1]), SIGKILL);
	reap_set_untraced(false);
	(void)state;
}

/* Not PID 1: descendants are found through /proc, grandchildren included. */
static void signal_descendants(void **state)
{
	int pfd[2];
	pid_t child;
	int st;

	if (getpid() == 1)
		skip();
	assert_int_equal(pipe(pfd), 0);
	child = xfork();
	if (child == 0) {
		pid_t g = fork();

		if (g == 0) {
			close(pfd[0]);
			(void)!write(pfd[1], "g", 1);
			for (;;)
				pause();
		}
		(void)!write(pfd[1], "c", 1);
		for (;;)
			pause();
	}
	close(pfd[1]);
	{
		char buf[2];

		assert_int_equal(read(pfd[0], buf, 1), 1);
		assert_int_equal(read(pfd[0], buf + 1, 1), 1);
	}
	close(pfd[0]);
	assert_int_equal(reap_signal_descendants(SIGTERM), 2);
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	/* the grandchild is gone too (not ours to reap: it was init's) */
	for (int i = 0; i < 500 && reap_signal_descendants(0) > 0; i++)
		usleep(2000);
	assert_int_equal(reap_signal_descendants(0), 0);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(many_pids, setup, teardown),
		cmocka_unit_test_setup_teardown(collisions, setup, teardown),
		cmocka_unit_test_setup_teardown(random_model, setup, teardown),
		cmocka_unit_test_setup_teardown(reap_dispatches, setup, teardown),
		cmocka_unit_test_setup_teardown(reap_pid_one, setup, teardown),
		cmocka_unit_test_setup_teardown(reap_reports_stops_when_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_descendants, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
