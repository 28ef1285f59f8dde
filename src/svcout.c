/* SPDX-License-Identifier: MIT */
/*
 * A unit's output.  Each pipe is read from the loop a bounded amount per
 * wakeup (fairness between units, and a flood can't starve the loop), cut
 * into lines of at most SVCOUT_LINE_MAX bytes, and every line goes two
 * ways: into the unit's ring of recent lines (oldest evicted first), and,
 * prefixed with the unit name, to tend's output through log_raw_lines(),
 * which drops what a blocked reader can't take.  A unit that never writes
 * costs only its struct svcout: the ring is allocated at the first line and
 * doubles up to its bound, a partial-line buffer is taken only while a
 * line is incomplete.  Past the bound nothing allocates: a gigabyte of
 * output costs time, never memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "svcout.h"
#include "util.h"
#include "nofail.h"

#define READ_CHUNK 8192		/* one read() */
#define READ_MAX (4 * READ_CHUNK)	/* per wakeup and pipe */
#define OUT_BATCH 8192		/* bytes handed to log_raw_lines() at once */
#define UNIT_SHOWN 64		/* unit name bytes in the prefix */
#define RING_FIRST 1024		/* the ring's first size; it doubles to its bound */
#define LOG_STAMP_MAX 48	/* LogTime='s prefix */

/* A line in the ring: this header, then len bytes of text, wrapping freely. */
struct rec {
	uint64_t seq;
	int64_t ts_ms;
	int32_t pid;
	uint16_t len;
	uint16_t flags;
};

struct svcout_in {
	struct svcout *o;
	int fd;			/* -1 when no pipe */
	struct loop_src *src;
	pid_t pid;		/* shown as unit[pid] when > 0 */
	char *ident;		/* kmsg/syslog records' identifier, NULL: the unit's */
	uint64_t born;		/* creation order: the oldest is evicted first */
	size_t plen;		/* bytes of a partial line held in part */
	char *part;		/* SVCOUT_LINE_MAX bytes while plen > 0, else NULL */
	bool cont;		/* the last line was SVCOUT_SPLIT: this one continues it */
};

struct svcout {
	struct loop *loop;
	char *ring;		/* NULL until the first line */
	size_t cap, head, used;	/* ring bytes, oldest record, bytes in use */
	size_t max;		/* the bound cap grows to */
	uint32_t gen;		/* bumped when the ring moves: iter offsets go stale */
	uint64_t first_seq, next_seq;
	uint64_t dropped;
	uint64_t nborn;
	int newest;		/* slot of the newest input */
	int64_t now;		/* timestamp for lines completed by this feed */
	size_t mem;
	struct svcout_in in[SVCOUT_MAX_PIPES];
	uint8_t unit_len;
	uint8_t sink;		/* SVCOUT_TO_* */
	uint8_t pri;		/* syslog facility | level of a line without <N> */
	char unit[];		/* at most UNIT_SHOWN bytes of the name */
};

/* Lines on their way to log_raw_lines(): shared, tend is single-threaded. */
static struct {
	char buf[OUT_BATCH + LOG_STAMP_MAX + UNIT_SHOWN + 32 + SVCOUT_ESCAPED_MAX];
	size_t len;
	unsigned lines;
	struct svcout *o;	/* whose lines they are */
} out;

static void out_flush(void)
{
	if (out.len && !log_raw_lines(out.buf, out.len, out.lines))
		out.o->dropped += out.lines;
	out.len = 0;
	out.lines = 0;
	out.o = NULL;
}

static bool is_c1(const unsigned char *s, size_t n)
{
	return n >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f;
}

size_t svcout_escape(char *dst, size_t size, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0;

	if (size == 0)
		return 0;
	while (i < len) {
		size_t k = 0;	/* bytes to escape here */

		if (is_c1(s + i, len - i))
			k = 2;
		else if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			k = 1;

		if (k == 0) {
			if (o + 1 >= size)
				break;
			dst[o++] = (char)s[i++];
			continue;
		}
		if (o + 4 * k >= size)
			break;
		for (; k > 0; k--, i++) {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[s[i] >> 4];
			dst[o++] = hex[s[i] & 15];
		}
	}
	dst[o] = '\0';
	return o;
}

/*
 * One line to kmsg or syslog (svcout_set_sink()), escaped like tend's
 * log; false when that target is not there and tend's log takes it.
 */
static bool out_record(struct svcout *o, const struct svcout_in *in, const char *text,
		       size_t len)
{
	static char esc[SVCOUT_ESCAPED_MAX + 1];
	int pri = o->pri;
	size_t n;

	if (!in->cont && len >= 3 && text[0] == '<' && text[1] >= '0' && text[1] <= '7' &&
	    text[2] == '>') {
		pri = (pri & ~7) | (text[1] - '0');	/* sd-daemon(3)'s level prefix */
		text += 3;
		len -= 3;
	}
	n = svcout_escape(esc, sizeof(esc), text, len);
	return log_record(o->sink & SVCOUT_TO_KMSG ? LOG_TARGET_KMSG : LOG_TARGET_SYSLOG, pri,
			  in->ident ? in->ident : o->unit, (int)in->pid, esc, n) != -ENOENT;
}

/* Queue "unit[pid]: text\n" ("+ " instead of ": " for a continued line). */
static void out_add(struct svcout *o, const struct svcout_in *in, const char *text, size_t len)
{
	char *p;

	if (o->sink & (SVCOUT_TO_KMSG | SVCOUT_TO_SYSLOG) && out_record(o, in, text, len) &&
	    !(o->sink & SVCOUT_ALSO_LOG))
		return;

	if (out.o != o || out.len >= OUT_BATCH)
		out_flush();
	out.o = o;
	p = out.buf + out.len;
	p += log_stamp(p, LOG_STAMP_MAX);
	memcpy(p, o->unit, o->unit_len);
	p += o->unit_len;
	if (in->pid > 0)	/* made per line, not kept per pipe: memory per unit */
		p += snprintf(p, 16, "[%d]", (int)in->pid);
	*p++ = in->cont ? '+' : ':';
	*p++ = ' ';
	p += svcout_escape(p, SVCOUT_ESCAPED_MAX + 1, text, len);
	*p++ = '\n';
	out.len = (size_t)(p - out.buf);
	out.lines++;
}

/* ---- the ring ---- */

static void ring_put(struct svcout *o, size_t off, const void *src, size_t n)
{
	size_t first = n < o->cap - off ? n : o->cap - off;

	memcpy(o->ring + off, src, first);
	memcpy(o->ring, (const char *)src + first, n - first);
}

static void ring_get(const struct svcout *o, size_t off, void *dst, size_t n)
{
	size_t first = n < o->cap - off ? n : o->cap - off;

	memcpy(dst, o->ring + off, first);
	memcpy((char *)dst + first, o->ring, n - first);
}

static void ring_evict(struct svcout *o)
{
	struct rec r;

	ring_get(o, o->head, &r, sizeof(r));
	o->head = (o->head + sizeof(r) + r.len) % o->cap;
	o->used -= sizeof(r) + r.len;
	o->first_seq = r.seq + 1;
}

/* Move the ring into a larger buffer, oldest record first; 0 or -ENOMEM. */
static int ring_grow(struct svcout *o, size_t need)
{
	size_t cap = o->cap ? 2 * o->cap : RING_FIRST;
	char *p;

	while (cap < o->used + need && cap < o->max)
		cap *= 2;
	if (cap > o->max)
		cap = o->max;
	p = malloc(cap);
	if (!p)
		return -ENOMEM;
	if (o->used)
		ring_get(o, o->head, p, o->used);
	free(o->ring);
	o->mem += cap - o->cap;
	o->ring = p;
	o->cap = cap;
	o->head = 0;
	o->gen++;
	return 0;
}

/*
 * Keep a line: grow the ring toward its bound, then evict the oldest until
 * it fits (the bound holds two max lines).  Without memory for a ring at
 * all the line is only written out.
 */
static void ring_append(struct svcout *o, pid_t pid, const char *text, size_t len,
			unsigned flags)
{
	struct rec r = { .seq = o->next_seq++, .ts_ms = o->now, .pid = pid,
			 .len = (uint16_t)len, .flags = (uint16_t)flags };
	size_t tail;

	while (o->cap - o->used < sizeof(r) + len) {
		if (o->cap < o->max && ring_grow(o, sizeof(r) + len) == 0)
			continue;
		if (o->cap < sizeof(r) + len) {	/* no room: the line is not kept */
			o->head = o->used = 0;
			o->first_seq = o->next_seq;
			return;
		}
		ring_evict(o);
	}
	tail = (o->head + o->used) % o->cap;
	ring_put(o, tail, &r, sizeof(r));
	ring_put(o, (tail + sizeof(r)) % o->cap, text, len);
	o->used += sizeof(r) + len;
}

static void put_line(struct svcout *o, struct svcout_in *in, const char *text, size_t len,
		     unsigned flags)
{
	ring_append(o, in->pid, text, len, flags);
	out_add(o, in, text, len);
	in->cont = flags & SVCOUT_SPLIT;
}

/* ---- cutting lines ---- */

/* The held partial line is complete: put it and give its buffer back. */
static void put_part(struct svcout *o, struct svcout_in *in, unsigned flags)
{
	put_line(o, in, in->part, in->plen, flags);
	in->plen = 0;
}

/*
 * The partial-line buffer is kept while its input lasts: a writer whose
 * reads end mid-line (most of them, at full speed) would otherwise cost a
 * malloc and a free per read.  Given back at end of input.
 */
static void drop_part(struct svcout *o, struct svcout_in *in)
{
	if (!in->part)
		return;
	free(in->part);
	in->part = NULL;
	o->mem -= SVCOUT_LINE_MAX;
}

/* Cut buf into lines; a partial last line waits in in->part. */
static void feed(struct svcout *o, struct svcout_in *in, const char *p, size_t n)
{
	o->now = now_ms();
	while (n > 0) {
		const char *nl;
		size_t seg, take;

		if (in->plen == SVCOUT_LINE_MAX) {	/* full: the next byte decides */
			bool eol = p[0] == '\n';

			put_part(o, in, eol ? 0 : SVCOUT_SPLIT);
			p += eol;
			n -= eol;
			continue;
		}
		nl = memchr(p, '\n', n);
		seg = nl ? (size_t)(nl - p) : n;
		if (in->plen == 0 && nl && seg <= SVCOUT_LINE_MAX) {	/* no copy */
			put_line(o, in, p, seg, 0);
			p += seg + 1;
			n -= seg + 1;
			continue;
		}
		if (in->plen == 0 && seg > SVCOUT_LINE_MAX) {
			put_line(o, in, p, SVCOUT_LINE_MAX, SVCOUT_SPLIT);
			p += SVCOUT_LINE_MAX;
			n -= SVCOUT_LINE_MAX;
			continue;
		}
		take = seg < SVCOUT_LINE_MAX - in->plen ? seg : SVCOUT_LINE_MAX - in->plen;
		if (!in->part && (in->part = malloc(SVCOUT_LINE_MAX)))
			o->mem += SVCOUT_LINE_MAX;
		if (!in->part) {
			/* plen is 0 and p holds no newline: pass the piece on */
			put_line(o, in, p, take, SVCOUT_SPLIT);
			p += take;
			n -= take;
			continue;
		}
		memcpy(in->part + in->plen, p, take);
		in->plen += take;
		p += take;
		n -= take;
		if (take == seg && nl) {
			put_part(o, in, 0);
			p++;
			n--;
		}
	}
}

static void feed_eof(struct svcout *o, struct svcout_in *in)
{
	if (in->plen) {
		o->now = now_ms();
		put_part(o, in, SVCOUT_NOEOL);
	}
	drop_part(o, in);
	in->cont = false;
}

static struct svcout_in *feed_in(struct svcout *o)
{
	return &o->in[o->newest];
}

void svcout_feed(struct svcout *o, const char *buf, size_t len)
{
	feed(o, feed_in(o), buf, len);
	out_flush();
}

void svcout_feed_eof(struct svcout *o)
{
	feed_eof(o, feed_in(o));
	out_flush();
}

/* ---- pipes ---- */

static void set_ident(struct svcout *o, struct svcout_in *in, const char *ident)
{
	if (in->ident) {
		o->mem -= strlen(in->ident) + 1;
		free(in->ident);
		in->ident = NULL;
	}
	if (ident && (in->ident = strdup(ident)))	/* none: the unit's name, no harm */
		o->mem += strlen(ident) + 1;
}

static void in_close(struct svcout *o, struct svcout_in *in)
{
	feed_eof(o, in);	/* a partial last line still goes out under in->ident */
	if (in->fd >= 0) {
		loop_del_fd(o->loop, in->src);
		close(in->fd);
	}
	in->fd = -1;
	in->src = NULL;
	set_ident(o, in, NULL);
}

static void in_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	static char buf[READ_CHUNK];
	struct svcout_in *in = data;
	struct svcout *o = in->o;
	size_t total = 0;

	(void)l;
	(void)ev;
	while (total < READ_MAX) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n > 0) {
			feed(o, in, buf, (size_t)n);
			total += (size_t)n;
			if ((size_t)n < sizeof(buf))
				break;	/* drained for now */
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			in_close(o, in);	/* every writer is gone (or EIO): done */
			break;
		} else if (errno == EAGAIN) {
			break;
		}
	}
	out_flush();
}

int svcout_pipe(struct svcout *o, int *ret_write_fd)
{
	struct svcout_in *in = NULL;
	int i, fds[2];

	if (!o->loop)
		return -EINVAL;
	for (i = 0; i < SVCOUT_MAX_PIPES; i++) {
		struct svcout_in *c = &o->in[i];

		if (c->fd < 0) {
			in = c;
			break;
		}
		if (!in || c->born < in->born)
			in = c;
	}
	if (in->fd >= 0) {	/* all busy: the oldest instance's pipe goes */
		in_close(o, in);
		out_flush();
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0)
		goto out_close;
	in->src = loop_add_fd(o->loop, fds[0], EPOLLIN, in_cb, in);
	if (!in->src)
		goto out_close;
	in->fd = fds[0];
	in->pid = 0;
	set_ident(o, in, NULL);
	if (in->plen)		/* a pure feed's partial line */
		put_part(o, in, SVCOUT_NOEOL);
	drop_part(o, in);
	in->cont = false;
	in->born = ++o->nborn;
	o->newest = (int)(in - o->in);
	*ret_write_fd = fds[1];
	return 0;
out_close:
	i = -errno;
	close(fds[0]);
	close(fds[1]);
	return i;
}

void svcout_set_pid(struct svcout *o, pid_t pid)
{
	feed_in(o)->pid = pid;
}

void svcout_set_ident(struct svcout *o, const char *ident)
{
	if (o->sink & (SVCOUT_TO_KMSG | SVCOUT_TO_SYSLOG))	/* only records carry it */
		set_ident(o, feed_in(o), ident);
}

void svcout_set_sink(struct svcout *o, unsigned sink, int priority)
{
	o->sink = (uint8_t)sink;
	o->pri = (uint8_t)priority;
}

struct svcout *svcout_new(struct loop *l, const char *unit, size_t ring_bytes)
{
	const size_t min = 2 * (sizeof(struct rec) + SVCOUT_LINE_MAX);
	struct svcout *o;
	size_t name_len;
	int i;

	if (ring_bytes < min)
		ring_bytes = min;
	if (ring_bytes > ((size_t)1 << 30)) {
		errno = EINVAL;
		return NULL;
	}
	name_len = strnlen(unit, UNIT_SHOWN);
	o = calloc(1, sizeof(*o) + name_len + 1);
	if (!o) {
		errno = ENOMEM;
		return NULL;
	}
	o->loop = l;
	o->mem = sizeof(*o) + name_len + 1;
	o->max = ring_bytes;
	for (i = 0; i < SVCOUT_MAX_PIPES; i++)
		o->in[i] = (struct svcout_in){ .o = o, .fd = -1 };
	memcpy(o->unit, unit, name_len);
	o->unit_len = (uint8_t)name_len;
	return o;
}

void svcout_free(struct svcout *o)
{
	int i;

	if (!o)
		return;
	for (i = 0; i < SVCOUT_MAX_PIPES; i++)
		in_close(o, &o->in[i]);
	out_flush();
	free(o->ring);
	free(o);
}

/* ---- reading the ring ---- */

uint64_t svcout_dropped(const struct svcout *o)
{
	return o->dropped;
}

size_t svcout_mem(const struct svcout *o)
{
	return o->mem;
}

uint64_t svcout_first_seq(const struct svcout *o)
{
	return o->first_seq;
}

uint64_t svcout_next_seq(const struct svcout *o)
{
	return o->next_seq;
}

void svcout_iter_init(const struct svcout *o, uint64_t from_seq, struct svcout_iter *it)
{
	it->seq = from_seq < o->first_seq ? o->first_seq : from_seq;
	it->off = SIZE_MAX;
	it->gen = o->gen;
}

/* Offset of the record it->seq: kept from the last step, else walked to. */
static size_t iter_find(const struct svcout *o, const struct svcout_iter *it)
{
	struct rec r;
	size_t off;

	if (it->off < o->cap && it->gen == o->gen) {
		ring_get(o, it->off, &r, sizeof(r));
		if (r.seq == it->seq)	/* records never move while kept */
			return it->off;
	}
	for (off = o->head;; off = (off + sizeof(r) + r.len) % o->cap) {
		ring_get(o, off, &r, sizeof(r));
		if (r.seq == it->seq)
			return off;
	}
}

bool svcout_iter_next(const struct svcout *o, struct svcout_iter *it, struct svcout_line *ret)
{
	struct rec r;
	size_t off;

	if (it->seq < o->first_seq) {	/* evicted meanwhile: skip to the oldest */
		it->seq = o->first_seq;
		it->off = SIZE_MAX;
	}
	if (it->seq >= o->next_seq)
		return false;
	off = iter_find(o, it);
	ring_get(o, off, &r, sizeof(r));
	ret->seq = r.seq;
	ret->ts_ms = r.ts_ms;
	ret->pid = r.pid;
	ret->flags = r.flags;
	ret->len = r.len;
	ring_get(o, (off + sizeof(r)) % o->cap, ret->text, r.len);
	ret->text[r.len] = '\0';
	it->seq = r.seq + 1;
	it->off = (off + sizeof(r) + r.len) % o->cap;
	it->gen = o->gen;
	return true;
}
