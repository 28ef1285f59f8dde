/* SPDX-License-Identifier: MIT */
#ifndef TEND_SIGNAME_H
#define TEND_SIGNAME_H

/*
 * The first real-time signal of the kernel.  The C library's SIGRTMIN is
 * above it: glibc keeps 32 and 33 for itself, musl 32 to 34.
 */
#define SIGNAME_KERNEL_RTMIN 32

/*
 * Pure: "TERM" for SIGTERM, as systemd spells the
 * standard signals of this architecture; NULL for real-time signals and
 * numbers without a name.  tend's own table, so that any libc builds it.
 */
const char *signame(int sig);

/* The signal called name ("TERM", no "SIG"; "POLL" too); 0 when none is. */
int signame_lookup(const char *name);

#endif
