/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the command-line splitter (src/cmdline.c): the
 * Exec*= value parser cmd_parse_exec() and the word splitter cmd_word()
 * under every flag combination.  Checks: no crash or leak; cmd_word()
 * only moves forward and returns 1 with a NUL-free word, 0 at the end or
 * -EINVAL/-ENOMEM; cmd_parse_exec() leaves the list as it was on error
 * and writes a reason, and each parsed command has a program and an argv.
 * Build and run with tests/fuzz/run.sh.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "unit.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "CHECK failed: %s:%d: %s\n", __FILE__, __LINE__, #c); __builtin_trap(); } } while (0)

static int expand(void *data, const char *in, char **ret)
{
	(void)data;
	*ret = strdup(in);
	return *ret ? 0 : -ENOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit_cmds cmds;
	char *s, why[256], *w;
	const char *p;
	unsigned flags;
	bool relaxed;
	int r, n;

	if (size < 1 || size > 8192)
		return 0;
	flags = data[0] & 0xf;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';

	p = s;
	for (n = 0; n < 10000; n++) {
		const char *before = p;

		r = cmd_word(&p, &w, flags);
		CHECK(r == 1 || r == 0 || r == -EINVAL || r == -ENOMEM);
		if (r <= 0)
			break;
		CHECK(p > before && p <= s + strlen(s));
		free(w);
	}

	memset(&cmds, 0, sizeof(cmds));
	why[0] = '\0';
	r = cmd_parse_exec(s, expand, NULL, 1, &cmds, &relaxed, why, sizeof(why));
	if (r < 0) {
		CHECK(cmds.n == 0);
		CHECK(why[0] != '\0');
	} else {
		for (size_t i = 0; i < cmds.n; i++)
			CHECK(cmds.v[i].argv && cmds.v[i].argv[0]);
	}
	/* a second value appends to what the first one left */
	r = cmd_parse_exec(s, expand, NULL, 2, &cmds, &relaxed, why, sizeof(why));
	cmd_free(&cmds);
	free(s);
	return 0;
}
