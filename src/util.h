/* SPDX-License-Identifier: MIT */
#ifndef TEND_UTIL_H
#define TEND_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Monotonic time in milliseconds: the only clock tend's timers use. */
int64_t now_ms(void);

/*
 * Room for one more element in an array of n elements of size bytes that
 * only ever grows through this call (or shrinks, or is freed and NULLed
 * with n = 0): the capacity is implied by n, the next power of two, so an
 * array of a unit file's thousands of lines is reallocated ~20 times, not
 * once a line.  Returns v itself when there is room, the grown array when
 * not, NULL (v untouched) on ENOMEM or overflow.
 */
void *array_grow(void *v, size_t n, size_t size);

/* Write all of buf to a blocking fd, retrying on EINTR; 0 or -errno. */
int write_full(int fd, const void *buf, size_t len);

/* Copy at most size-1 bytes and terminate; returns true if it all fit. */
bool strscpy(char *dst, const char *src, size_t size);

/* Is path /tmp, /var/tmp or under one of them (what PrivateTmp= replaces)? */
bool path_in_tmp(const char *path);

/* The value of hex digit c, or -1. */
int hex_value(char c);

/*
 * Pure: the parent pid and start time (clock ticks since boot) from the
 * text of /proc/PID/stat ("pid (comm) S ppid ... starttime"; comm may hold
 * spaces and parentheses).  ret_start may be NULL.  0 or -EIO.
 */
int proc_stat_parse(const char *text, int *ret_ppid, unsigned long long *ret_start);
/* The same, read from <dir>/stat relative to dirfd (AT_FDCWD, a /proc fd). */
int proc_stat_at(int dirfd, const char *dir, int *ret_ppid, unsigned long long *ret_start);

/*
 * Open a directory tend may keep its sockets in: at/path itself not a
 * symlink (O_NOFOLLOW), a real directory, owned by tend's uid, with no
 * group or other write.  Returns the fd (O_PATH, close-on-exec) or -errno:
 * -ELOOP/-ENOTDIR, -EPERM (owner), -EACCES (mode), why saying which.
 */
int open_own_dir(int at, const char *path, char *why, size_t whylen);

/*
 * unlinkat(name, flags) in dir, once open_own_dir() accepts dir: what tend
 * made in its runtime directory is removed without following a path that
 * someone could have swapped meanwhile.  0 or -errno.
 */
int unlink_in_own_dir(const char *dir, const char *name, int flags);

/*
 * Bind the AF_UNIX socket sfd to name inside the directory dirfd, the file
 * created with mode (via the umask, never a chmod through a path), without
 * following any path another user could swap: the bind happens from
 * dirfd as the working directory, then tend's own is restored.  An old
 * file of that name is unlinked first.  0 or -errno.
 */
int bind_unix_at(int sfd, int dirfd, const char *name, unsigned mode);

#endif
