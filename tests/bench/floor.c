/* SPDX-License-Identifier: MIT */
/*
 * The floor for reaping: fork(), _exit() in the child, waitpid() in the
 * parent, in a tight loop with no init involved.  With BATCH > 1, fork
 * BATCH children before waiting for them, the same shape as the orphan
 * benchmark's middle process.  Prints processes per second and the elapsed
 * seconds.
 *
 *   floor [N [BATCH]]
 */
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	long batch = argc > 2 ? atol(argv[2]) : 1;
	uint64_t t0, t1;

	if (n <= 0 || batch <= 0)
		return 2;
	t0 = now_ns();
	for (long done = 0; done < n; done += batch) {
		long k = n - done < batch ? n - done : batch;

		for (long i = 0; i < k; i++) {
			pid_t pid = fork();

			if (pid < 0)
				die("fork");
			if (pid == 0)
				_exit(0);
		}
		for (long i = 0; i < k; i++) {
			int st;

			while (wait(&st) < 0)
				if (errno != EINTR)
					die("wait");
		}
	}
	t1 = now_ns();
	printf("%.0f %.6f\n", n * 1e9 / (double)(t1 - t0), (t1 - t0) / 1e9);
	return 0;
}
