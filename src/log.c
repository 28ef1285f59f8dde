/* SPDX-License-Identifier: MIT */
/*
 * tend's own output.  Writing never blocks: a pipe, FIFO or terminal on
 * stderr is reopened through /proc/self/fd/2 as a separate, non-blocking
 * file description (setting O_NONBLOCK on the inherited one would leak into
 * every child sharing it); a terminal stops taking output under flow
 * control (a serial console after XOFF, a pty nobody reads) just like a
 * full pipe.  A socket (systemd's journal stream) is written with
 * MSG_DONTWAIT instead, which changes nothing shared.
 * What the reader doesn't take now waits in a fixed ring; when the ring is
 * full, whole lines are dropped, counted, and reported once output flows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "nofail.h"

#define LOG_RING (64 * 1024)
#define LOG_LINE 1024

/* Outside the initialised struct below, so it lives in .bss, not in the binary. */
static char ring[LOG_RING];

static struct {
	int fd;
	enum log_level level;
	size_t head, len;		/* bytes waiting in ring from head */
	uint64_t dropped, dropped_reported;
	struct loop *loop;
	struct loop_src *src;
	bool want_out;
	bool sock;			/* fd is a socket: send(MSG_DONTWAIT) */
} lg = { .fd = 2, .level = L_INFO };

static const char *const level_tag[] = {
	[L_EMERG] = "emerg: ",
	[L_ERR] = "error: ",
	[L_WARN] = "warning: ",
	[L_INFO] = "",
	[L_DEBUG] = "debug: ",
};

void log_init(enum log_level level)
{
	struct stat st;
	int fd;

	lg.level = level;
	lg.fd = 2;
	lg.sock = false;
	if (fstat(2, &st) < 0)
		return;
	if (S_ISSOCK(st.st_mode)) {
		lg.sock = true;
		return;
	}
	/* pipes, FIFOs and terminals reopen into a file description of our own */
	if (!S_ISFIFO(st.st_mode) && !(S_ISCHR(st.st_mode) && isatty(2)))
		return;
	fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0)
		lg.fd = fd;
}

static ssize_t out_write(const void *buf, size_t len)
{
	if (lg.sock)
		return send(lg.fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	return write(lg.fd, buf, len);
}

void log_set_level(enum log_level level)
{
	lg.level = level;
}

enum log_level log_get_level(void)
{
	return lg.level;
}

uint64_t log_dropped(void)
{
	return lg.dropped;
}

static void out_cb(struct loop *l, int fd, uint32_t ev, void *data);

static void want_output(bool on)
{
	if (!lg.loop || on == lg.want_out)
		return;
	if (on && !lg.src)
		lg.src = loop_add_fd(lg.loop, lg.fd, EPOLLOUT, out_cb, NULL);
	else if (!on && lg.src) {
		loop_del_fd(lg.loop, lg.src);
		lg.src = NULL;
	}
	lg.want_out = on && lg.src;
}

void log_attach(struct loop *l)
{
	lg.loop = l;
	if (lg.len)
		want_output(true);
}

/* Write what the ring holds; returns false when the reader is full. */
static bool ring_flush(void)
{
	while (lg.len) {
		size_t chunk = lg.len;
		ssize_t n;

		if (lg.head + chunk > LOG_RING)
			chunk = LOG_RING - lg.head;
		n = out_write(ring + lg.head, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return false;
			lg.len = 0;	/* EPIPE, EBADF: nobody listens */
			return true;
		}
		lg.head = (lg.head + (size_t)n) % LOG_RING;
		lg.len -= (size_t)n;
	}
	lg.head = 0;
	return true;
}

static bool ring_put(const char *buf, size_t len, unsigned nlines)
{
	size_t tail, first;

	if (len > LOG_RING - lg.len) {
		lg.dropped += nlines;
		return false;
	}
	tail = (lg.head + lg.len) % LOG_RING;
	first = len < LOG_RING - tail ? len : LOG_RING - tail;
	memcpy(ring + tail, buf, first);
	memcpy(ring, buf + first, len - first);
	lg.len += len;
	return true;
}

static bool emit(const char *buf, size_t len, unsigned nlines);

static void report_drops(void)
{
	char note[96];
	int n;

	if (lg.dropped == lg.dropped_reported)
		return;
	n = snprintf(note, sizeof(note), "tend: warning: %llu log lines dropped (output blocked)\n",
		     (unsigned long long)(lg.dropped - lg.dropped_reported));
	lg.dropped_reported = lg.dropped;
	emit(note, (size_t)n, 1);
}

/* Queue or write whole lines; never blocks.  false: dropped, and counted. */
static bool emit(const char *buf, size_t len, unsigned nlines)
{
	bool kept;

	if (lg.len == 0) {
		ssize_t n = out_write(buf, len);

		if (n == (ssize_t)len)
			return true;
		if (n < 0)
			n = 0;
		buf += n;
		len -= (size_t)n;
		nlines = 0;	/* begun: the rest must follow, it fits an empty ring */
	}
	kept = ring_put(buf, len, nlines);
	want_output(true);
	return kept;
}

static void out_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	(void)l;
	(void)fd;
	(void)ev;
	(void)data;
	if (ring_flush()) {
		want_output(false);
		report_drops();
	}
}

bool log_raw_lines(const char *buf, size_t len, unsigned nlines)
{
	return emit(buf, len, nlines);
}

void log_msg(enum log_level lv, const char *fmt, ...)
{
	char line[LOG_LINE];
	va_list ap;
	int n, m;

	if (lv > lg.level)
		return;
	n = snprintf(line, sizeof(line), "tend: %s", level_tag[lv]);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += m;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	emit(line, (size_t)n, 1);
}
