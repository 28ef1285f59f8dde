/* SPDX-License-Identifier: MIT */
#ifndef TEND_CALCMD_H
#define TEND_CALCMD_H

#include <stdint.h>
#include <stdio.h>

/*
 * `tend calendar EXPR...`: for each expression its normalised form and the
 * next `iterations` elapses after base_time (NULL: now), in the layout of
 * `systemd-analyze calendar`.  Returns the exit code: 0, or 1 when an
 * expression did not parse.
 */
int calcmd_run(char **exprs, unsigned iterations, const char *base_time, FILE *f);

/* "now", "@SECONDS", "[Wkd ]YYYY-MM-DD[ HH:MM[:SS[.frac]]][ UTC|Zone]". */
int calcmd_parse_time(const char *s, int64_t now_us, int64_t *ret_us);

#endif
