/* SPDX-License-Identifier: MIT */
/*
 * Included by every daemon .c file after its system headers: PID 1 must
 * never die on its own, so the calls that end a process are poisoned and a
 * stray die() does not compile.  Only main.c's entrypoint exit path may end
 * tend, through tend_exit() below, which is defined before the poison.
 */
#ifndef TEND_NOFAIL_H
#define TEND_NOFAIL_H

#include <unistd.h>

/* The one way tend ends: entrypoint mode, after the main command is reaped. */
static inline _Noreturn void tend_exit(int code)
{
	_exit(code);
}

#pragma GCC poison exit abort err errx verr verrx assert

#endif
