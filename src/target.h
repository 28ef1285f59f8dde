/* SPDX-License-Identifier: MIT */
#ifndef TEND_TARGET_H
#define TEND_TARGET_H

#include <stddef.h>

/*
 * The i-th well-known target that exists without a file: its name, and
 * its unit text in text; NULL past the last one.
 */
const char *target_builtin(size_t i, char *text, size_t size);

#endif
