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
 *
 * [Manager] LogTarget=kmsg or syslog sends each line instead as one
 * record to /dev/kmsg or the /dev/log datagram socket, with a syslog
 * priority; a record that can't go now is dropped and counted (neither
 * blocks: kmsg takes a record or refuses it, the socket is non-blocking).
 * LogTime= puts a timestamp before each console line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "nofail.h"

#define LOG_RING (64 * 1024)
#define LOG_LINE 1024
/*
 * A /dev/kmsg write of more than 992 bytes is refused (EINVAL) by kernels
 * before 6.7 (LOG_LINE_MAX, 1024 - 32); the record's newline counts.
 */
#define KMSG_MAX 992
#define RECORD_MAX 2048		/* a syslog datagram */
#define LOG_DAEMON_FAC (3 << 3)

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
	enum log_target target;
	enum log_time time;
	int kmsg_fd, syslog_fd;		/* -1 until first used */
} lg = { .fd = 2, .level = L_INFO, .kmsg_fd = -1, .syslog_fd = -1 };

/* syslog levels of tend's own lines */
static const int level_pri[] = {
	[L_EMERG] = 0, [L_ERR] = 3, [L_WARN] = 4, [L_INFO] = 6, [L_DEBUG] = 7,
};

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
		lg.src = loop_add_fd(lg.loop, lg.target == LOG_TARGET_SYSLOG ? lg.syslog_fd : lg.fd,
				     EPOLLOUT, out_cb, NULL);
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
static int send_record(enum log_target t, const char *buf, size_t len);
static int put_record(enum log_target t, const char *rec, size_t len);

/* syslog: the ring holds whole records, one a line; send them in order. */
static bool ring_flush_records(void)
{
	char rec[RECORD_MAX];

	while (lg.len) {
		size_t n = 0, take;
		int r;

		while (n < lg.len && ring[(lg.head + n) % LOG_RING] != '\n')
			n++;
		take = n < sizeof(rec) ? n : sizeof(rec);
		for (size_t i = 0; i < take; i++)
			rec[i] = ring[(lg.head + i) % LOG_RING];
		r = send_record(LOG_TARGET_SYSLOG, rec, take);
		if (r == -EAGAIN)
			return false;
		if (r < 0)
			lg.dropped++;	/* the socket is gone */
		n += n < lg.len;	/* the newline */
		lg.head = (lg.head + n) % LOG_RING;
		lg.len -= n;
	}
	lg.head = 0;
	return true;
}

static bool ring_flush(void)
{
	if (lg.target == LOG_TARGET_SYSLOG)
		return ring_flush_records();
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
	if (lg.target == LOG_TARGET_KMSG || lg.target == LOG_TARGET_SYSLOG)
		(void)log_record(lg.target, LOG_DAEMON_FAC | 4, "tend", (int)getpid(),
				 note + 15, (size_t)n - 16);	/* no "tend: warning: ", "\n" */
	else
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

static int kmsg_fd(void)
{
	if (lg.kmsg_fd < 0)
		lg.kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return lg.kmsg_fd;
}

/* The /dev/log socket, connected; -1 when there is no syslog daemon. */
static int syslog_fd(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
	int fd;

	if (lg.syslog_fd >= 0)
		return lg.syslog_fd;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return lg.syslog_fd = fd;
}

/* One whole record to kmsg or syslog: 0, -EAGAIN (not now), -ENOENT (no such target). */
static int send_record(enum log_target t, const char *buf, size_t len)
{
	int fd;

	if (t == LOG_TARGET_KMSG) {
		fd = kmsg_fd();
		if (fd < 0)
			return -ENOENT;
		/*
		 * Ended by a newline: the kernel keeps a record without one
		 * open for a continuation, and readers of /dev/kmsg (dmesg,
		 * a syslog daemon's imklog) see it only once the next record
		 * arrives, from whoever writes it.
		 */
		struct iovec iov[2] = {
			{ .iov_base = (void *)buf, .iov_len = len < KMSG_MAX ? len : KMSG_MAX - 1 },
			{ .iov_base = "\n", .iov_len = 1 },
		};

		return writev(fd, iov, 2) < 0 ? -EAGAIN : 0;
	}
	for (int again = 0; again < 2; again++) {
		fd = syslog_fd();
		if (fd < 0)
			return -ENOENT;
		if (send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno != ECONNREFUSED && errno != ENOTCONN)
			return -EAGAIN;	/* the daemon is behind */
		close(fd);		/* the daemon restarted: connect anew once */
		lg.syslog_fd = -1;
	}
	return -ENOENT;
}

/*
 * A record for t.  syslog's socket takes at most net.unix.max_dgram_qlen
 * (10) datagrams ahead of its reader: when it is full, records wait in
 * the ring (one a line) for EPOLLOUT, as console output does, and are
 * dropped and counted only when the ring is full too.
 */
static int put_record(enum log_target t, const char *rec, size_t len)
{
	int r;

	if (t != LOG_TARGET_SYSLOG || lg.target != LOG_TARGET_SYSLOG)
		return send_record(t, rec, len);
	if (lg.len == 0) {
		r = send_record(t, rec, len);
		if (r != -EAGAIN)
			return r;
	}
	if (len + 1 > LOG_RING - lg.len)
		return -EAGAIN;
	ring_put(rec, len, 0);
	ring_put("\n", 1, 0);
	want_output(true);
	return 0;
}

int log_record(enum log_target t, int pri, const char *ident, int pid, const char *text,
	       size_t len)
{
	char rec[RECORD_MAX];
	int n, r;

	if (pid > 0)
		n = snprintf(rec, sizeof(rec), "<%d>%s[%d]: ", pri, ident, pid);
	else
		n = snprintf(rec, sizeof(rec), "<%d>%s: ", pri, ident);
	if (n < 0 || (size_t)n >= sizeof(rec))
		return -EINVAL;
	if (len > sizeof(rec) - (size_t)n)
		len = sizeof(rec) - (size_t)n;
	memcpy(rec + n, text, len);
	r = put_record(t, rec, (size_t)n + len);
	if (r == -EAGAIN)
		lg.dropped++;
	return r;
}

/* Whole lines, each as one record at priority pri (kmsg, syslog targets). */
static bool emit_records(const char *buf, size_t len, int pri)
{
	char rec[RECORD_MAX];
	bool all = true;

	while (len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t line = nl ? (size_t)(nl - buf) : len;
		int n = snprintf(rec, sizeof(rec), "<%d>", pri);
		size_t take = line < sizeof(rec) - (size_t)n ? line : sizeof(rec) - (size_t)n;

		memcpy(rec + n, buf, take);
		if (put_record(lg.target, rec, (size_t)n + take) < 0) {
			lg.dropped++;
			all = false;
		}
		line += nl ? 1 : 0;
		buf += line;
		len -= line;
	}
	return all;
}

/* Lines to the target in effect; false when some were dropped (counted). */
static bool out_lines(const char *buf, size_t len, unsigned nlines, int pri)
{
	switch (lg.target) {
	case LOG_TARGET_KMSG:
	case LOG_TARGET_SYSLOG:
		return emit_records(buf, len, LOG_DAEMON_FAC | pri);
	case LOG_TARGET_NULL:
		return true;
	default:
		return emit(buf, len, nlines);
	}
}

bool log_raw_lines(const char *buf, size_t len, unsigned nlines)
{
	return out_lines(buf, len, nlines, 6);
}

enum log_target log_set_target(enum log_target t)
{
	if ((t == LOG_TARGET_KMSG && kmsg_fd() < 0) || (t == LOG_TARGET_SYSLOG && syslog_fd() < 0))
		t = LOG_TARGET_CONSOLE;
	lg.target = t;
	return t;
}

void log_set_time(enum log_time t)
{
	lg.time = t;
}

size_t log_stamp(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	int n = 0;

	buf[0] = '\0';
	if (lg.time == LOG_TIME_NONE || lg.target != LOG_TARGET_CONSOLE)
		return 0;
	if (lg.time == LOG_TIME_MONOTONIC) {
		clock_gettime(CLOCK_MONOTONIC, &ts);	/* dmesg's seconds since boot */
		n = snprintf(buf, size, "[%5lld.%06ld] ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
		if (gmtime_r(&ts.tv_sec, &tm))
			n = (int)strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
		if (n > 0)
			n += snprintf(buf + n, size - (size_t)n, ".%06ldZ ", ts.tv_nsec / 1000);
	}
	if (n < 0 || (size_t)n >= size) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

void log_msg(enum log_level lv, const char *fmt, ...)
{
	char line[LOG_LINE];
	va_list ap;
	int n, m;

	if (lv > lg.level || lg.target == LOG_TARGET_NULL)
		return;
	if (lg.target != LOG_TARGET_CONSOLE) {
		va_start(ap, fmt);
		m = vsnprintf(line, sizeof(line), fmt, ap);
		va_end(ap);
		if (m > (int)sizeof(line) - 1)
			m = (int)sizeof(line) - 1;
		log_record(lg.target, LOG_DAEMON_FAC | level_pri[lv], "tend", (int)getpid(), line,
			   m > 0 ? (size_t)m : 0);
		return;
	}
	n = (int)log_stamp(line, 48);
	n += snprintf(line + n, sizeof(line) - (size_t)n, "tend: %s", level_tag[lv]);
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
