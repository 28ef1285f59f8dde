/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the unit parser: arbitrary bytes as a unit file.
 * Built and run by tests/fuzz/run.sh.  Must never crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct unit_ctx ctx = {
		.hostname = "fuzz", .machine_id = "m", .physical_memory = 1 << 30,
		.tasks_max_base = 32768,
	};
	struct unit_diag diag;
	struct unit *u = NULL;
	const char *name = "fuzz@inst\\x2d1.service";
	char *text;

	if (size > 256 * 1024)
		return 0;
	/* the first byte picks a name: plain or instance */
	if (size && data[0] & 1)
		name = "fuzz.service";
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (unit_parse_string(text, name, &ctx, &u, &diag) == 0)
		unit_free(u);
	unit_diag_free(&diag);
	free(text);
	return 0;
}
