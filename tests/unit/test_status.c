/* SPDX-License-Identifier: MIT */
/* Exit-status mapping: what a user's shell sees when tend exits. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "child.h"
#include "status.h"

/* The kernel's wait-status encoding; glibc names it, musl does not. */
#ifndef W_EXITCODE
#define W_EXITCODE(ret, sig) ((ret) << 8 | (sig))
#endif
#ifndef W_STOPCODE
#define W_STOPCODE(sig) ((sig) << 8 | 0x7f)
#endif
#ifndef WCOREFLAG
#define WCOREFLAG 0x80
#endif
#ifndef __W_CONTINUED
#define __W_CONTINUED 0xffff
#endif

/* A real wait status from a child that runs fn. */
static int real_status(void (*fn)(int), int arg)
{
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		fn(arg);
		_exit(99);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void do_exit(int code)
{
	_exit(code);
}

static void do_kill(int sig)
{
	signal(sig, SIG_DFL);
	kill(getpid(), sig);
	pause();
}

static void exit_codes(void **state)
{
	int codes[] = { 0, 1, 3, 42, 126, 127, 128, 200, 255 };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_int_equal(status_exit_code(real_status(do_exit, codes[i])), codes[i]);
		assert_int_equal(status_exit_code(W_EXITCODE(codes[i], 0)), codes[i]);
	}
	(void)state;
}

static void signal_deaths(void **state)
{
	int sigs[] = { SIGHUP, SIGINT, SIGKILL, SIGTERM, SIGUSR1, SIGRTMIN, SIGRTMAX };
	/* qemu-user (tests/cross) can't deliver the guest's real-time signals */
	size_t n = sizeof(sigs) / sizeof(sigs[0]) - (getenv("TEND_TEST_QEMU") ? 2 : 0);

	for (size_t i = 0; i < n; i++)
		assert_int_equal(status_exit_code(real_status(do_kill, sigs[i])), 128 + sigs[i]);
	assert_int_equal(status_exit_code(W_EXITCODE(0, SIGKILL)), 137);
	assert_int_equal(status_exit_code(W_EXITCODE(0, SIGSEGV) | WCOREFLAG), 139);
	(void)state;
}

static void not_an_end(void **state)
{
	assert_int_equal(status_exit_code(W_STOPCODE(SIGTSTP)), 255);
	assert_int_equal(status_exit_code(__W_CONTINUED), 255);
	(void)state;
}

static void exec_errors(void **state)
{
	assert_int_equal(status_exec_errno_code(ENOENT), 127);
	assert_int_equal(status_exec_errno_code(ENOTDIR), 127);
	assert_int_equal(status_exec_errno_code(ENAMETOOLONG), 127);
	assert_int_equal(status_exec_errno_code(EACCES), 126);
	assert_int_equal(status_exec_errno_code(EPERM), 126);
	assert_int_equal(status_exec_errno_code(ENOEXEC), 126);
	assert_int_equal(status_exec_errno_code(ETXTBSY), 126);
	assert_int_equal(status_exec_errno_code(E2BIG), 126);
	assert_int_equal(status_exec_errno_code(ENOMEM), 126);
	(void)state;
}

static void describe(void **state)
{
	char buf[64], rt[16];

	assert_string_equal(status_describe(W_EXITCODE(3, 0), buf, sizeof(buf)), "exited 3");
	assert_string_equal(status_describe(W_EXITCODE(0, SIGKILL), buf, sizeof(buf)),
			    "killed by SIGKILL");
	assert_string_equal(status_describe(W_EXITCODE(0, SIGSEGV) | WCOREFLAG, buf, sizeof(buf)),
			    "dumped core on SIGSEGV");
	assert_string_equal(status_describe(W_STOPCODE(SIGTSTP), buf, sizeof(buf)),
			    "stopped by SIGTSTP");
	assert_string_equal(status_describe(__W_CONTINUED, buf, sizeof(buf)), "continued");
	/* real-time signals have no abbreviation: still say which one */
	status_describe(W_EXITCODE(0, SIGRTMIN + 2), buf, sizeof(buf));
	snprintf(rt, sizeof(rt), "%d", SIGRTMIN + 2);	/* 36 with glibc, 37 with musl */
	assert_non_null(strstr(buf, rt));
	/* a short buffer truncates, never overflows */
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(status_describe(W_EXITCODE(0, SIGKILL), buf, 8), buf);
	assert_string_equal(buf, "killed ");
	assert_int_equal(buf[8], 'x');
	(void)state;
}

/* A child's non-fatal step: OOMScoreAdjust= refused, a Limit*= clamped. */
static void child_warnings(void **state)
{
	struct child_err oom = { .stage = CHILD_OOM, .errnum = EACCES, .warn = 1 };
	struct child_err nofile = { .stage = CHILD_RLIMIT, .errnum = EPERM, .warn = 1,
				    .arg = RLIMIT_NOFILE, .cur = 2000, .max = 4096 };
	struct child_err core = { .stage = CHILD_RLIMIT, .errnum = EPERM, .warn = 1,
				  .arg = RLIMIT_CORE, .cur = RLIM_INFINITY, .max = RLIM_INFINITY };
	struct child_err odd = { .stage = CHILD_RLIMIT, .errnum = EPERM, .warn = 1, .arg = 99 };
	char buf[200];

	assert_non_null(strstr(status_child_warning(&oom, buf, sizeof(buf)),
			       "OOMScoreAdjust= not applied: Permission denied"));
	assert_string_equal(status_child_warning(&nofile, buf, sizeof(buf)),
			    "LimitNOFILE= above the hard limit tend may set: "
			    "Operation not permitted: set to 2000:4096");
	assert_non_null(strstr(status_child_warning(&core, buf, sizeof(buf)),
			       "LimitCORE="));
	assert_non_null(strstr(buf, "set to infinity:infinity"));
	/* a resource out of range is named by its step, never indexed */
	assert_string_equal(status_child_warning(&odd, buf, sizeof(buf)),
			    "rlimit: Operation not permitted");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_codes),
		cmocka_unit_test(signal_deaths),
		cmocka_unit_test(not_an_end),
		cmocka_unit_test(exec_errors),
		cmocka_unit_test(describe),
		cmocka_unit_test(child_warnings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
