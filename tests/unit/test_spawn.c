/* SPDX-License-Identifier: MIT */
/*
 * spawn.c's vfork-style clone, for real: the child shares tend's memory
 * until it execs, so these tests check that the fast path is taken where
 * it exists, that it reports exec failures, that the steps it runs with
 * raw syscalls reach the child and leave this process (the parent)
 * untouched, that plans with a terminal take fork semantics, and that
 * the child's stack has a guard page.  ASan builds never take the fast
 * path (spawn.c's win_init); the plain `make unit` build runs these.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "spawn.h"

#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(__SANITIZE_ADDRESS__)
#define FAST_BUILT 1
#else
#define FAST_BUILT 0
#endif

/* The fast path needs clone3 (qemu-user 7.2, valgrind: ENOSYS). */
static bool fast_expected(void)
{
	errno = 0;
	if (syscall(SYS_clone3, NULL, 0) < 0 && errno == ENOSYS)
		return false;
	return FAST_BUILT;
}

static void plan_init(struct spawn_plan *p, const char *path, char *const *argv)
{
	static char *const envp[] = { "PATH=/usr/bin:/bin", NULL };

	memset(p, 0, sizeof(*p));
	p->path = path;
	p->argv = argv;
	p->envp = envp;
	p->tty_fd = -1;
	p->stdio[0] = p->stdio[1] = p->stdio[2] = -1;
}

/* Start p, wait for its exit; returns the wait status, fills ret_err/ret_got. */
static int run(struct spawn_plan *p, struct spawn_result *r, struct child_err *ret_err,
	       int *ret_got)
{
	int st, got;

	assert_int_equal(spawn_start(p, r), 0);
	assert_true(r->pid > 0);
	assert_int_equal(waitpid(r->pid, &st, 0), r->pid);
	memset(ret_err, 0, sizeof(*ret_err));
	got = spawn_read_status(r->status_fd, ret_err);
	if (got == -EAGAIN)	/* the child is gone: the write end too */
		got = 0;
	close(r->status_fd);
	if (r->pidfd >= 0)
		close(r->pidfd);
	*ret_got = got;
	return st;
}

static void fast_path_runs(void **state)
{
	static char *const argv[] = { "true", NULL };
	struct spawn_plan p;
	struct spawn_result r;
	struct child_err e;
	int st, got;

	(void)state;
	plan_init(&p, "/bin/true", argv);
	st = run(&p, &r, &e, &got);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(got, 0);
	assert_int_equal(r.exec_decided, fast_expected());
}

static void fast_path_reports_exec_failure(void **state)
{
	static char *const argv[] = { "nope", NULL };
	struct spawn_plan p;
	struct spawn_result r;
	struct child_err e;
	int st, got;

	(void)state;
	plan_init(&p, "/nonexistent/nope", argv);
	st = run(&p, &r, &e, &got);
	assert_int_equal(r.exec_decided, fast_expected());
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 127);
	assert_int_equal(got, 1);
	assert_int_equal(e.stage, CHILD_EXEC);
	assert_int_equal(e.errnum, ENOENT);
}

/* A terminal to set up means termios calls: fork semantics, never the fast path. */
static void ctty_plan_takes_fork(void **state)
{
	static char *const argv[] = { "true", NULL };
	struct spawn_plan p;
	struct spawn_result r;
	struct child_err e;
	int st, got, null = open("/dev/null", O_RDWR | O_CLOEXEC);

	(void)state;
	assert_true(null >= 0);
	plan_init(&p, "/bin/true", argv);
	p.new_session = true;
	p.ctty = true;
	p.stdio[0] = null;
	st = run(&p, &r, &e, &got);
	close(null);
	assert_false(r.exec_decided);
	assert_int_equal(WEXITSTATUS(st), 127);	/* /dev/null is no terminal */
	assert_int_equal(got, 1);
	assert_int_equal(e.stage, CHILD_TTY);
}

static int sigpipe_handler_is_default(void)
{
	struct sigaction sa;

	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	return sa.sa_handler == SIG_DFL;
}

/*
 * The raw-syscall steps (groups, ids, rlimit, scheduler, SIGPIPE) reach
 * the child and change nothing in this process, which shares its memory
 * with the child on the fast path.
 */
static void raw_steps_reach_child_only(void **state)
{
	static char *const argv[] = {
		"sh", "-c",
		"echo $(id -u) $(id -g) $(id -G) $(ulimit -n) $(ulimit -Hn)"
		" $(cut -d' ' -f41 /proc/self/stat)"
		" $(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status)",
		NULL,
	};
	static const gid_t groups[] = { 65534, 4711 };
	struct rlimit before, after;
	gid_t gb[64], ga[64];
	int nb, na, pfd[2], st, got, pol;
	struct spawn_plan p;
	struct spawn_result r;
	struct child_err e;
	char out[256] = "";
	char want[128];
	unsigned long long ign;
	ssize_t n;

	(void)state;
	if (geteuid() != 0) {
		print_message("skipped: setresuid to another user needs root\n");
		skip();
	}
	signal(SIGPIPE, SIG_DFL);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &before), 0);
	nb = getgroups(64, gb);
	pol = sched_getscheduler(0);
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);

	plan_init(&p, "/bin/sh", argv);
	p.stdio[1] = pfd[1];
	p.set_ids = true;
	p.uid = 65534;
	p.gid = 65534;
	p.groups = groups;
	p.ngroups = 2;
	p.rlimits[0].resource = RLIMIT_NOFILE;
	p.rlimits[0].lim = (struct rlimit){ 77, 99 };
	p.n_rlimits = 1;
	p.set_sched = true;
	p.sched_policy = SCHED_BATCH;
	p.ignore_sigpipe = true;
	st = run(&p, &r, &e, &got);
	close(pfd[1]);
	n = read(pfd[0], out, sizeof(out) - 1);
	close(pfd[0]);
	assert_true(n > 0);
	out[n] = '\0';
	assert_int_equal(got, 0);
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(r.exec_decided, fast_expected());
	snprintf(want, sizeof(want), "65534 65534 65534 4711 77 99 %d ", SCHED_BATCH);
	assert_memory_equal(out, want, strlen(want));
	ign = strtoull(out + strlen(want), NULL, 16);
	assert_true(ign >> (SIGPIPE - 1) & 1);	/* SigIgn: SIGPIPE ignored */

	/* this process, whose memory the child shared: as it was */
	assert_int_equal(getuid(), 0);
	assert_int_equal(geteuid(), 0);
	assert_int_equal(getgid(), 0);
	na = getgroups(64, ga);
	assert_int_equal(na, nb);
	assert_memory_equal(ga, gb, (size_t)nb * sizeof(gid_t));
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &after), 0);
	assert_int_equal(after.rlim_cur, before.rlim_cur);
	assert_int_equal(after.rlim_max, before.rlim_max);
	assert_int_equal(sched_getscheduler(0), pol);
	assert_true(sigpipe_handler_is_default());
}

/* The permissions /proc/self/maps shows for the mapping holding addr. */
static void perms_at(uintptr_t addr, char ret[8])
{
	unsigned long lo, hi;
	char line[512], perm[8];
	FILE *f = fopen("/proc/self/maps", "re");

	assert_non_null(f);
	strcpy(ret, "none");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perm) == 3 && addr >= lo && addr < hi)
			strcpy(ret, perm);
	fclose(f);
}

/*
 * The child's stack sits right above a PROT_NONE page: running off its
 * end kills the writer instead of overwriting tend's memory.
 */
static void stack_has_guard_page(void **state)
{
	char *stack = spawn_vm_stack();
	char perm[8];
	pid_t pid;
	int st;

	(void)state;
	if (!fast_expected()) {
		print_message("skipped: no fast path in this build or kernel (ASan, no clone3, "
			      "not x86_64/aarch64): no stack to check\n");
		skip();
	}
	assert_non_null(stack);	/* mapped by the spawns above */
	perms_at((uintptr_t)stack, perm);
	assert_memory_equal(perm, "rw", 2);
	perms_at((uintptr_t)stack - 1, perm);
	assert_memory_equal(perm, "---", 3);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);	/* cmocka catches it */
		*(volatile char *)(stack - 1) = 1;	/* one byte past the end */
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSEGV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fast_path_runs),
		cmocka_unit_test(fast_path_reports_exec_failure),
		cmocka_unit_test(ctty_plan_takes_fork),
		cmocka_unit_test(raw_steps_reach_child_only),
		cmocka_unit_test(stack_has_guard_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
