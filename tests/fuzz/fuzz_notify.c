/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for ntf_parse(), the sd_notify datagram parser.  Checks
 * the contract, not just the absence of crashes: the only errors are
 * -EMSGSIZE and -EBADMSG and exactly when they apply, only known field bits
 * are set, values are in range, STATUS= is bounded, NUL-terminated valid
 * UTF-8, and parsing is deterministic.  Build and run:
 *
 *   clang -g -O1 -std=gnu11 -D_GNU_SOURCE -Isrc \
 *	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *	-o build/fuzz/fuzz_notify tests/fuzz/fuzz_notify.c \
 *	src/notify.c src/log.c src/loop.c src/util.c -ldl
 *   build/fuzz/fuzz_notify -max_total_time=30 -max_len=5000 \
 *	-dict=tests/fuzz/notify.dict build/fuzz/corpus_notify tests/fuzz/corpus_notify
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "notify.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static const unsigned all_fields = NTF_READY | NTF_RELOADING | NTF_STOPPING | NTF_STATUS |
	NTF_MAINPID | NTF_WATCHDOG | NTF_WATCHDOG_TRIGGER | NTF_WATCHDOG_USEC |
	NTF_EXTEND_TIMEOUT | NTF_ERRNO | NTF_BARRIER;

/* A strict UTF-8 check, written apart from the parser's on purpose. */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, n, i;
		uint32_t cp;

		if (c < 0x80) {
			s++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			n = 1, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			n = 2, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ntf_msg a, b;
	int r = ntf_parse((const char *)data, size, &a);

	if (size > NTF_MSG_MAX) {
		CHECK(r == -EMSGSIZE);
		CHECK(a.fields == 0);
		return 0;
	}
	if (size && memchr(data, '\0', size)) {
		CHECK(r == -EBADMSG);
		CHECK(a.fields == 0);
		return 0;
	}
	CHECK(r == 0);
	CHECK((a.fields & ~all_fields) == 0);
	CHECK(!(a.fields & NTF_MAINPID) || a.main_pid > 0);
	CHECK(!(a.fields & NTF_ERRNO) || a.errnum >= 0);
	CHECK(memchr(a.status, '\0', sizeof(a.status)) != NULL);
	CHECK(a.fields & NTF_STATUS || a.status[0] == '\0');
	CHECK(utf8_ok((const unsigned char *)a.status));
	CHECK(a.n_invalid + a.n_unknown <= size);
	if (a.fields & NTF_READY)
		CHECK(memmem(data, size, "READY=1", 7) != NULL);
	CHECK(ntf_parse((const char *)data, size, &b) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	return 0;
}
