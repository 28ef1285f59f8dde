/* SPDX-License-Identifier: MIT */
#ifndef TEND_UNITVAL_H
#define TEND_UNITVAL_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct unit_exit_set;

/*
 * Pure parsers for unit-file values, with systemd's spellings.  Each
 * returns 0 or -EINVAL/-ERANGE and writes its result only on success.
 */

/* 1/yes/y/true/t/on and 0/no/n/false/f/off, any case. */
int uv_bool(const char *s, bool *ret);
/* "SIGTERM", "TERM", "15", "SIGRTMIN+3", "RTMAX-1". */
int uv_signal(const char *s, int *ret);
/* A decimal integer in [min, max]. */
int uv_int(const char *s, long long min, long long max, long long *ret);
/* An octal mode like 0755 or 022, at most 07777. */
int uv_mode(const char *s, mode_t *ret);
/*
 * A byte size with base-1024 suffixes (K M G T P E, optional B) and a
 * fraction ("1.5G"); "infinity" gives UNIT_LIMIT_INFINITY.  With
 * percent_base non-zero, "N%" (also ‰ ‱) is a share of it.
 */
int uv_bytes(const char *s, uint64_t percent_base, uint64_t *ret);
/* "N%" (fractions to 0.01) into permyriad; 10000 is 100%. */
int uv_permyriad(const char *s, int64_t *ret);
/* Add "0-3 5,7" to set (an empty list is the caller's reset). */
int uv_cpu_set(const char *s, cpu_set_t *set);
/* SuccessExitStatus= words into set: codes, names, signals. */
int uv_exit_set(const char *s, struct unit_exit_set *set);
/* "cap_sys_admin CAP_NET_RAW" into a mask; ~ is the caller's. */
int uv_caps(const char *s, uint64_t *ret);
/* A unit name foo.service / foo@bar.target (no specifiers left). */
bool uv_unit_name_ok(const char *s);
/* User= / Group=: a name systemd accepts, or a number. */
bool uv_user_name_ok(const char *s);
/* An environment variable name. */
bool uv_env_name_ok(const char *s, size_t len);
/* An absolute path with no "//"-free requirement: just '/' first, no NUL. */
bool uv_path_ok(const char *s);

#endif
