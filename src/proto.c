/* SPDX-License-Identifier: MIT */
/*
 * Pack and unpack control messages (include/tend/proto.h).  Pure, shared by
 * tend and tendctl, tested in tests/unit/test_proto.c and fuzzed.
 */
#include <errno.h>
#include <string.h>

#include "tend/proto.h"
#include "nofail.h"

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void p1_begin(struct p1_buf *b, uint8_t *mem, size_t cap, enum p1_cmd cmd)
{
	b->p = mem;
	b->cap = cap;
	b->overflow = cap < sizeof(struct p1_msg_hdr);
	b->len = sizeof(struct p1_msg_hdr);
	if (b->overflow)
		return;
	put_le(mem, P1_MAGIC, 4);
	put_le(mem + 4, P1_VERSION, 2);
	put_le(mem + 6, (uint64_t)cmd, 2);
	put_le(mem + 8, 0, 4);
}

void p1_put_bytes(struct p1_buf *b, enum p1_field f, const void *d, size_t n)
{
	if (b->overflow || n > UINT16_MAX || b->len + 4 + n > b->cap) {
		b->overflow = true;
		return;
	}
	put_le(b->p + b->len, (uint64_t)f, 2);
	put_le(b->p + b->len + 2, n, 2);
	if (n)
		memcpy(b->p + b->len + 4, d, n);
	b->len += 4 + n;
}

void p1_put_str(struct p1_buf *b, enum p1_field f, const char *s)
{
	p1_put_bytes(b, f, s, s ? strlen(s) : 0);
}

void p1_put_u32(struct p1_buf *b, enum p1_field f, uint32_t v)
{
	uint8_t x[4];

	put_le(x, v, 4);
	p1_put_bytes(b, f, x, 4);
}

void p1_put_u64(struct p1_buf *b, enum p1_field f, uint64_t v)
{
	uint8_t x[8];

	put_le(x, v, 8);
	p1_put_bytes(b, f, x, 8);
}

void p1_put_flag(struct p1_buf *b, enum p1_field f)
{
	p1_put_bytes(b, f, NULL, 0);
}

long p1_end(struct p1_buf *b)
{
	if (b->overflow)
		return -EMSGSIZE;
	put_le(b->p + 8, b->len - sizeof(struct p1_msg_hdr), 4);
	return (long)b->len;
}

int p1_open(const uint8_t *m, size_t n, size_t *ret_off)
{
	if (n < sizeof(struct p1_msg_hdr) || get_le(m, 4) != P1_MAGIC)
		return -EBADMSG;
	if (get_le(m + 4, 2) != P1_VERSION)
		return -EPROTO;
	if (get_le(m + 8, 4) != n - sizeof(struct p1_msg_hdr))
		return -EBADMSG;
	*ret_off = sizeof(struct p1_msg_hdr);
	return (int)get_le(m + 6, 2);
}

int p1_next(const uint8_t *m, size_t n, size_t *off, struct p1_field_view *ret)
{
	size_t len;

	if (*off == n)
		return 0;
	if (*off > n || n - *off < 4)
		return -EBADMSG;
	len = (size_t)get_le(m + *off + 2, 2);
	if (n - *off - 4 < len)
		return -EBADMSG;
	ret->type = (uint16_t)get_le(m + *off, 2);
	ret->len = (uint16_t)len;
	ret->data = m + *off + 4;
	*off += 4 + len;
	return 1;
}

uint32_t p1_u32(const struct p1_field_view *f)
{
	return f->len == 4 ? (uint32_t)get_le(f->data, 4) : 0;
}

uint64_t p1_u64(const struct p1_field_view *f)
{
	return f->len == 8 ? get_le(f->data, 8) : 0;
}

bool p1_str(const struct p1_field_view *f, char *buf, size_t size)
{
	size_t n = f->len < size ? f->len : size - 1;

	if (!size)
		return false;
	memcpy(buf, f->data, n);
	buf[n] = '\0';
	return f->len < size && !memchr(buf, '\0', n);
}

int p1_next_str(const uint8_t *m, size_t n, size_t *off, enum p1_field type, char *buf,
		size_t size)
{
	struct p1_field_view f;
	int r;

	while ((r = p1_next(m, n, off, &f)) == 1)
		if (f.type == type)
			return p1_str(&f, buf, size) ? 1 : -EINVAL;
	return r;
}
