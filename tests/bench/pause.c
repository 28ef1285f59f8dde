/* SPDX-License-Identifier: MIT */
/*
 * A service for the scale benchmark: appends one byte to $PAUSE_COUNT (so
 * the bench sees how many are running from the file's size), then sleeps
 * until killed.  Arguments are ignored (runit and s6 pass none).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	const char *path = getenv("PAUSE_COUNT");

	if (path) {
		int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

		if (fd >= 0) {
			(void)!write(fd, "x", 1);
			close(fd);
		}
	}
	for (;;)
		pause();
}
