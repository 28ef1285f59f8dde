/* SPDX-License-Identifier: MIT */
#ifndef TEND_UTIL_H
#define TEND_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Monotonic time in milliseconds: the only clock tend's timers use. */
int64_t now_ms(void);

/* Set O_NONBLOCK and FD_CLOEXEC on fd; returns 0 or -errno. */
int fd_nonblock_cloexec(int fd);

/* Write all of buf to a blocking fd, retrying on EINTR; 0 or -errno. */
int write_full(int fd, const void *buf, size_t len);

/* Copy at most size-1 bytes and terminate; returns true if it all fit. */
bool strscpy(char *dst, const char *src, size_t size);

/* Is path /tmp, /var/tmp or under one of them (what PrivateTmp= replaces)? */
bool path_in_tmp(const char *path);

/* The value of hex digit c, or -1. */
int hex_value(char c);

#endif
