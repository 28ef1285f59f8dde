/* SPDX-License-Identifier: MIT */
#ifndef TEND_STATUS_H
#define TEND_STATUS_H

#include <stddef.h>

struct child_err;

/* A wait status as a shell exit code: the code, or 128+S for signal S. */
int status_exit_code(int wstatus);
/* The exit code for a command that could not be run: 127 not found, else 126. */
int status_exec_errno_code(int errnum);
/* "exited 3", "killed by SIGKILL", "dumped core on SIGSEGV" into buf. */
const char *status_describe(int wstatus, char *buf, size_t size);
/*
 * A child's non-fatal step (child_err.warn) as text, e.g. "LimitNOFILE=
 * above the hard limit tend may set: Operation not permitted: set to
 * 20000:20000".
 */
const char *status_child_warning(const struct child_err *ce, char *buf, size_t size);

#endif
