/* SPDX-License-Identifier: MIT */
/*
 * The receiving end of the signal latency benchmark, run as the init's
 * child: for every SIGUSR1 it writes the CLOCK_MONOTONIC time of receipt
 * (8 bytes, native order) to stdout, which is a pipe back to siglat.  A
 * first record of 0 says "ready".  SIGTERM ends it (default action).
 */
#include <signal.h>
#include <unistd.h>

#include "bench.h"

int main(void)
{
	uint64_t t = 0;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		die("sigprocmask");
	if (write(1, &t, sizeof(t)) != sizeof(t))
		die("write");
	for (;;) {
		if (sigwaitinfo(&set, NULL) < 0) {
			if (errno == EINTR)
				continue;
			die("sigwaitinfo");
		}
		t = now_ns();
		if (write(1, &t, sizeof(t)) != sizeof(t))
			die("write");
	}
}
