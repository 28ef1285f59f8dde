/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the control protocol decoder, p1_open() and
 * p1_next() (src/proto.c), which tend runs on every request of a client.
 * Checks the contract: p1_open() accepts exactly the messages whose
 * header is valid; p1_next() walks fields strictly inside the message,
 * each field's data within bounds, and stops at the end or with -EBADMSG;
 * p1_u32/u64/str read only what the field holds.  A message rebuilt from
 * the fields with p1_put_bytes() is byte-identical.  Build and run with
 * tests/fuzz/run.sh.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tend/proto.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "CHECK failed: %s:%d: %s\n", __FILE__, __LINE__, #c); __builtin_trap(); } } while (0)

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t again[P1_MSG_MAX + 64];
	struct p1_field_view f;
	struct p1_buf b;
	size_t off, prev;
	int cmd, r, fields = 0;
	char str[64];

	cmd = p1_open(data, size, &off);
	if (size < sizeof(struct p1_msg_hdr) || le32(data) != P1_MAGIC) {
		CHECK(cmd == -EBADMSG);
		return 0;
	}
	if ((data[4] | data[5] << 8) != P1_VERSION) {
		CHECK(cmd == -EPROTO);
		return 0;
	}
	if (le32(data + 8) != size - sizeof(struct p1_msg_hdr)) {
		CHECK(cmd == -EBADMSG);
		return 0;
	}
	CHECK(cmd == (data[6] | data[7] << 8));
	CHECK(off == sizeof(struct p1_msg_hdr));
	p1_begin(&b, again, sizeof(again), (enum p1_cmd)cmd);
	for (;;) {
		prev = off;
		r = p1_next(data, size, &off, &f);
		if (r == 0) {
			CHECK(off == size);
			break;
		}
		if (r < 0) {
			CHECK(r == -EBADMSG);
			CHECK(off == prev);
			return 0;
		}
		CHECK(r == 1);
		CHECK(off == prev + 4 + f.len && off <= size);
		CHECK(f.data == data + prev + 4);
		if (f.len == 4)
			CHECK(p1_u32(&f) == le32(f.data));
		else
			CHECK(p1_u32(&f) == 0);
		if (f.len != 8)
			CHECK(p1_u64(&f) == 0);
		if (p1_str(&f, str, sizeof(str))) {
			CHECK(f.len < sizeof(str) && strlen(str) == f.len);
			CHECK(memcmp(str, f.data, f.len) == 0);
		} else {
			CHECK(strlen(str) < sizeof(str));
		}
		p1_put_bytes(&b, (enum p1_field)f.type, f.data, f.len);
		fields++;
	}
	/* a valid message re-encodes to itself */
	if (size <= sizeof(again)) {
		long n = p1_end(&b);

		CHECK(n == (long)size);
		CHECK(memcmp(again, data, size) == 0);
	}
	(void)fields;
	return 0;
}
