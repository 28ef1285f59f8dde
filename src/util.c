/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "nofail.h"

int proc_stat_parse(const char *text, int *ret_ppid, unsigned long long *ret_start)
{
	const char *p = strrchr(text, ')');	/* the command may hold ')' too */
	int ppid, i;

	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -EIO;
	*ret_ppid = ppid;
	if (!ret_start)
		return 0;
	/* field 22, starttime: 19 fields after the state */
	for (i = 0, p += 2; p && i < 19; i++)
		p = strchr(p + 1, ' ');
	*ret_start = p ? strtoull(p + 1, NULL, 10) : 0;
	return 0;
}

int proc_stat_at(int dirfd, const char *dir, int *ret_ppid, unsigned long long *ret_start)
{
	char path[PATH_MAX], buf[1024];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/stat", dir) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return proc_stat_parse(buf, ret_ppid, ret_start);
}

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void *array_grow(void *v, size_t n, size_t size)
{
	if (v && n & (n - 1))	/* between powers of two: room already */
		return v;
	if (size == 0 || n > SIZE_MAX / 2 / size)
		return NULL;	/* checked here: ASan aborts on reallocarray's overflow */
	return reallocarray(v, n ? 2 * n : 1, size);
}

bool strscpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size == 0)
		return false;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool path_in_tmp(const char *path)
{
	static const char *const tmp[] = { "/tmp", "/var/tmp" };

	while (path[0] == '/' && path[1] == '/')
		path++;
	for (size_t i = 0; i < sizeof(tmp) / sizeof(tmp[0]); i++) {
		size_t n = strlen(tmp[i]);

		if (strncmp(path, tmp[i], n) == 0 && (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

int open_own_dir(int at, const char *path, char *why, size_t whylen)
{
	struct stat st;
	int fd, r;

	fd = openat(at, path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		if (r == -ENOTDIR && fstatat(at, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			r = -ELOOP;
		snprintf(why, whylen, "%s", r == -ELOOP ? "is a symbolic link" :
					    r == -ENOTDIR ? "is not a directory" : strerror(-r));
		return r;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(why, whylen, "%s", strerror(-r));
	} else if (st.st_uid != geteuid()) {
		r = -EPERM;
		snprintf(why, whylen, "owned by uid %u, not by tend's uid %u",
			 (unsigned)st.st_uid, (unsigned)geteuid());
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		r = -EACCES;
		snprintf(why, whylen, "writable by %s (mode %04o)",
			 st.st_mode & S_IWOTH ? "others" : "its group",
			 (unsigned)(st.st_mode & 07777));
	} else {
		return fd;
	}
	close(fd);
	return r;
}

int unlink_in_own_dir(const char *dir, const char *name, int flags)
{
	char why[128];
	int dfd = open_own_dir(AT_FDCWD, dir, why, sizeof(why)), r = 0;

	if (dfd < 0)
		return dfd;
	if (unlinkat(dfd, name, flags) < 0)
		r = -errno;
	close(dfd);
	return r;
}

int bind_unix_at(int sfd, int dirfd, const char *name, unsigned mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int cwd, r = 0;
	mode_t old;

	if (!strscpy(sa.sun_path, name, sizeof(sa.sun_path)))
		return -ENAMETOOLONG;
	if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
		return -errno;
	cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0)
		return -errno;
	if (fchdir(dirfd) < 0) {
		r = -errno;
		close(cwd);
		return r;
	}
	old = umask(~mode & 0777);
	if (bind(sfd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		r = -errno;
	umask(old);
	if (fchdir(cwd) < 0 && chdir("/") < 0)
		r = r ? r : -errno;	/* NB: tend's cwd is "/" or where it was started */
	close(cwd);
	return r;
}
