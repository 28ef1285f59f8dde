/* SPDX-License-Identifier: MIT */
#ifndef TEND_NAMESET_H
#define TEND_NAMESET_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A set of strings the caller owns (unit names while units load): an
 * open-addressing hash, so that loading N units checks N names in O(N)
 * rather than O(N^2).  Zero-initialised is empty.
 */
struct nameset {
	const char **tab;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

bool nameset_has(const struct nameset *s, const char *name);
/* Add name (not copied: it must outlive the set); 0 or -ENOMEM. */
int nameset_add(struct nameset *s, const char *name);
void nameset_free(struct nameset *s);

#endif
