/* SPDX-License-Identifier: MIT */
/*
 * Test helper: print the numbers of this process's open fds (from
 * /proc/self/fd, not counting the directory's own), ascending, one line;
 * and each fd's target on stderr, to say what leaked.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	int fds[1024], n = 0;
	struct dirent *e;

	if (!d) {
		perror("/proc/self/fd");
		return 2;
	}
	while ((e = readdir(d)) && n < 1024) {
		int fd;

		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd != dirfd(d))
			fds[n++] = fd;
	}
	qsort(fds, (size_t)n, sizeof(fds[0]), cmp);
	for (int i = 0; i < n; i++) {
		char path[64], target[256];
		ssize_t len;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[i]);
		len = readlink(path, target, sizeof(target) - 1);
		target[len < 0 ? 0 : len] = '\0';
		fprintf(stderr, "fd %d -> %s\n", fds[i], target);
		printf(i ? " %d" : "%d", fds[i]);
	}
	putchar('\n');
	closedir(d);
	return 0;
}
