/*
 * A service that fails: it prints when it started (CLOCK_MONOTONIC ms, one
 * line appended to the file given as $CRASHLOOP_LOG, if set), waits
 * $CRASHLOOP_MS milliseconds (default 0), and exits with $CRASHLOOP_CODE
 * (default 1).  Used to watch restart policies and backoff at work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void)
{
	const char *logf = getenv("CRASHLOOP_LOG");
	long ms = getenv("CRASHLOOP_MS") ? atol(getenv("CRASHLOOP_MS")) : 0;
	int code = getenv("CRASHLOOP_CODE") ? atoi(getenv("CRASHLOOP_CODE")) : 1;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (logf) {
		FILE *f = fopen(logf, "a");

		if (f) {
			fprintf(f, "%lld\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
			fclose(f);
		}
	}
	printf("crashloop: started, exiting with %d in %ld ms\n", code, ms);
	fflush(stdout);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	nanosleep(&ts, NULL);
	return code;
}
