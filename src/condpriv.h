/* SPDX-License-Identifier: MIT */
/* Shared between condition.c (the list, paths, identity) and condhost.c. */
#ifndef TEND_CONDPRIV_H
#define TEND_CONDPRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "condition.h"

/* Read root+path, NUL-terminated: the length, or -errno (errno set too). */
int cond_host_read(const struct cond_ctx *x, const char *path, char *buf, size_t size);
/* root+path into buf. */
void cond_host_path(const struct cond_ctx *x, const char *path, char *buf, size_t size);
/* name's value in the manager's environment, or NULL. */
const char *cond_env_get(const struct cond_ctx *x, const char *name);
/* The next word of *s with quotes removed; false at the end. */
bool cond_next_word(const char **s, char *w, size_t size);
/* name= on the kernel command line as a boolean: 1 found, 0 not. */
int cond_cmdline_bool(const struct cond_ctx *x, const char *name, bool *ret);
/* PathIsReadWrite=: 1 writable (or unknown), 0 read-only or missing. */
int cond_read_write(const char *p);
/* The machine kinds: condhost.c. */
int condhost_test(const struct cond_ctx *x, enum unit_cond_kind k, const char *v);

#endif
