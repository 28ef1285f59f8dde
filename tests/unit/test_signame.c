/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "signame.h"

static void names_of_standard_signals(void **state)
{
	(void)state;
	assert_string_equal(signame(SIGTERM), "TERM");
	assert_string_equal(signame(SIGKILL), "KILL");
	assert_string_equal(signame(SIGCHLD), "CHLD");
	assert_string_equal(signame(SIGABRT), "ABRT");	/* not IOT */
	assert_string_equal(signame(SIGIO), "IO");	/* not POLL */
	assert_string_equal(signame(SIGSYS), "SYS");
	assert_null(signame(0));
	assert_null(signame(-1));
	assert_null(signame(SIGNAME_KERNEL_RTMIN));
	assert_null(signame(SIGRTMIN));
	assert_null(signame(SIGRTMAX));
	assert_null(signame(4711));
}

/* Every name maps back to its number, and 1..31 all have one on Linux. */
static void lookup_round_trips(void **state)
{
	(void)state;
	for (int s = 1; s < SIGNAME_KERNEL_RTMIN; s++) {
		const char *n = signame(s);

		assert_non_null(n);
		assert_int_equal(signame_lookup(n), s);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
		/* glibc's spellings are accepted too (it says POLL for IO) */
		assert_int_equal(signame_lookup(sigabbrev_np(s)), s);
#endif
	}
	assert_int_equal(signame_lookup("POLL"), SIGIO);
	assert_int_equal(signame_lookup("SIGTERM"), 0);	/* the caller strips SIG */
	assert_int_equal(signame_lookup("term"), 0);
	assert_int_equal(signame_lookup(""), 0);
	assert_int_equal(signame_lookup("RTMIN"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_of_standard_signals),
		cmocka_unit_test(lookup_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
