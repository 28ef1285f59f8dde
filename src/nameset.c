/* SPDX-License-Identifier: MIT */
/*
 * A hash set of borrowed strings: FNV-1a, linear probing, load factor at
 * most 1/2.  Pure: no syscalls, nothing logged.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nameset.h"
#include "nofail.h"

static size_t hash(const char *p)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*p)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ull;
	return (size_t)(h ^ h >> 32);
}

/* The slot holding name, or the empty slot where it would go. */
static size_t slot(const char **tab, size_t cap, const char *name)
{
	size_t i = hash(name) & (cap - 1);

	while (tab[i] && strcmp(tab[i], name) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

bool nameset_has(const struct nameset *s, const char *name)
{
	return s->cap && s->tab[slot(s->tab, s->cap, name)];
}

static int grow(struct nameset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	const char **tab = calloc(cap, sizeof(*tab));

	if (!tab)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (s->tab[i])
			tab[slot(tab, cap, s->tab[i])] = s->tab[i];
	free(s->tab);
	s->tab = tab;
	s->cap = cap;
	return 0;
}

int nameset_add(struct nameset *s, const char *name)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap && grow(s) < 0)
		return -ENOMEM;
	i = slot(s->tab, s->cap, name);
	if (!s->tab[i]) {
		s->tab[i] = name;
		s->n++;
	}
	return 0;
}

void nameset_free(struct nameset *s)
{
	free(s->tab);
	memset(s, 0, sizeof(*s));
}
