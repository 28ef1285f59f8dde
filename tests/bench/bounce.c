/* SPDX-License-Identifier: MIT */
/*
 * A service that exits at once, for restart latency: appends "start end"
 * (CLOCK_MONOTONIC ns at main() and just before _exit) to $BOUNCE_LOG.
 * The next line's start minus this line's end is the time the supervisor
 * took to see the exit, reap it and have the service running again.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	long long t0 = ns();
	const char *path = getenv("BOUNCE_LOG");
	char buf[64];
	int fd, n;

	if (path) {
		fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (fd >= 0) {
			n = snprintf(buf, sizeof(buf), "%lld %lld\n", t0, ns());
			(void)!write(fd, buf, (size_t)n);
			close(fd);
		}
	}
	_exit(0);
}
