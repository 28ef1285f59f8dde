/* Control protocol encoding: round trip, truncation, overflow (src/proto.c). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "tend/proto.h"

static void round_trip(void **state)
{
	uint8_t m[P1_MSG_MAX];
	struct p1_buf b;
	struct p1_field_view f;
	size_t off;
	long n;
	char s[64];

	(void)state;
	p1_begin(&b, m, sizeof(m), P1_KILL);
	p1_put_u32(&b, P1_F_SIGNAL, 15);
	p1_put_str(&b, P1_F_UNIT, "web.service");
	p1_put_u64(&b, P1_F_SEQ, 0x1122334455667788ull);
	p1_put_flag(&b, P1_F_FOLLOW);
	n = p1_end(&b);
	assert_true(n > 0);
	assert_int_equal(p1_open(m, (size_t)n, &off), P1_KILL);
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 1);
	assert_int_equal(f.type, P1_F_SIGNAL);
	assert_int_equal(p1_u32(&f), 15);
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 1);
	assert_true(p1_str(&f, s, sizeof(s)));
	assert_string_equal(s, "web.service");
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 1);
	assert_true(p1_u64(&f) == 0x1122334455667788ull);
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 1);
	assert_int_equal(f.type, P1_F_FOLLOW);
	assert_int_equal(f.len, 0);
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 0);
}

static void truncated_and_bad(void **state)
{
	uint8_t m[P1_MSG_MAX];
	struct p1_buf b;
	struct p1_field_view f;
	size_t off;
	long n;

	(void)state;
	p1_begin(&b, m, sizeof(m), P1_STATUS);
	p1_put_str(&b, P1_F_UNIT, "a.service");
	n = p1_end(&b);
	/* every shorter prefix is refused by the length check */
	for (long k = 0; k < n; k++)
		assert_true(p1_open(m, (size_t)k, &off) < 0);
	/* a field claiming more bytes than there are */
	m[sizeof(struct p1_msg_hdr) + 2] = 200;
	assert_int_equal(p1_open(m, (size_t)n, &off), P1_STATUS);
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), -EBADMSG);
	m[0] ^= 0xff;
	assert_int_equal(p1_open(m, (size_t)n, &off), -EBADMSG);
	m[0] ^= 0xff;
	m[4] = 9;	/* another version */
	assert_int_equal(p1_open(m, (size_t)n, &off), -EPROTO);
}

static void oversized(void **state)
{
	uint8_t m[64], big[100];
	struct p1_buf b;

	(void)state;
	memset(big, 'x', sizeof(big));
	p1_begin(&b, m, sizeof(m), P1_STATUS);
	p1_put_bytes(&b, P1_F_TEXT, big, sizeof(big));
	assert_true(b.overflow);
	assert_int_equal(p1_end(&b), -EMSGSIZE);
}

static void str_with_nul_rejected(void **state)
{
	uint8_t m[P1_MSG_MAX];
	struct p1_buf b;
	struct p1_field_view f;
	size_t off;
	long n;
	char s[16];

	(void)state;
	p1_begin(&b, m, sizeof(m), P1_START);
	p1_put_bytes(&b, P1_F_UNIT, "a\0b", 3);
	p1_put_str(&b, P1_F_UNIT, "0123456789abcdefXYZ");
	n = p1_end(&b);
	assert_int_equal(p1_open(m, (size_t)n, &off), P1_START);
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 1);
	assert_false(p1_str(&f, s, sizeof(s)));		/* embedded NUL */
	assert_int_equal(p1_next(m, (size_t)n, &off, &f), 1);
	assert_false(p1_str(&f, s, sizeof(s)));		/* too long */
	assert_int_equal(strlen(s), sizeof(s) - 1);
}

/* The unit-name cursor a streamed status reply keeps between messages. */
static void next_str_cursor(void **state)
{
	uint8_t m[P1_MSG_MAX];
	struct p1_buf b;
	size_t off, n;
	char s[16];

	(void)state;
	p1_begin(&b, m, sizeof(m), P1_STATUS);
	p1_put_u32(&b, P1_F_SIGNAL, 9);
	p1_put_str(&b, P1_F_UNIT, "a.service");
	p1_put_str(&b, P1_F_TEXT, "not a unit");
	p1_put_str(&b, P1_F_UNIT, "0123456789abcdefXYZ");	/* too long for s */
	p1_put_bytes(&b, P1_F_UNIT, "a\0b", 3);
	p1_put_str(&b, P1_F_UNIT, "b.timer");
	n = (size_t)p1_end(&b);
	assert_int_equal(p1_open(m, n, &off), P1_STATUS);
	assert_int_equal(p1_next_str(m, n, &off, P1_F_UNIT, s, sizeof(s)), 1);
	assert_string_equal(s, "a.service");
	/* the cursor goes past a bad name: the next call finds the one after */
	assert_int_equal(p1_next_str(m, n, &off, P1_F_UNIT, s, sizeof(s)), -EINVAL);
	assert_int_equal(p1_next_str(m, n, &off, P1_F_UNIT, s, sizeof(s)), -EINVAL);
	assert_int_equal(p1_next_str(m, n, &off, P1_F_UNIT, s, sizeof(s)), 1);
	assert_string_equal(s, "b.timer");
	assert_int_equal(p1_next_str(m, n, &off, P1_F_UNIT, s, sizeof(s)), 0);
	assert_int_equal(p1_next_str(m, n, &off, P1_F_UNIT, s, sizeof(s)), 0);
	/* a truncated field ends the walk with an error, never reads past n */
	assert_int_equal(p1_open(m, n, &off), P1_STATUS);
	assert_int_equal(p1_next_str(m, n - 2, &off, P1_F_UNIT, s, sizeof(s)), 1);
	assert_int_equal(p1_next_str(m, n - 2, &off, P1_F_UNIT, s, sizeof(s)), -EINVAL);
	assert_int_equal(p1_next_str(m, n - 2, &off, P1_F_UNIT, s, sizeof(s)), -EINVAL);
	assert_int_equal(p1_next_str(m, n - 2, &off, P1_F_UNIT, s, sizeof(s)), -EBADMSG);
	/* no field of the type at all */
	assert_int_equal(p1_open(m, n, &off), P1_STATUS);
	assert_int_equal(p1_next_str(m, n, &off, P1_F_U_CGROUP, s, sizeof(s)), 0);
	assert_int_equal(off, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(truncated_and_bad),
		cmocka_unit_test(oversized),
		cmocka_unit_test(str_with_nul_rejected),
		cmocka_unit_test(next_str_cursor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
