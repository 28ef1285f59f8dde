/* SPDX-License-Identifier: MIT */
#ifndef TEND_SVCOUT_H
#define TEND_SVCOUT_H

/*
 * A unit's stdout/stderr: non-blocking pipes read from the loop, cut into
 * lines, written prefixed with the unit name to tend's output (log_raw_lines()),
 * and kept in a bounded ring for `tendctl logs`.  The ring is allocated at
 * the first line and grows to its bound, never past it; a service writing
 * at full speed never blocks tend:
 * each wakeup reads a bounded amount, and lines tend's output can't take
 * are dropped and counted.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct loop;
struct svcout;

/* Longer lines are cut into pieces of this many bytes. */
#define SVCOUT_LINE_MAX 4096
/*
 * Service output is data: svcout_escape() is where tend turns it into text
 * for a terminal or a log, so a service can neither drive the terminal nor
 * forge a line of another unit.  C0 controls except tab, DEL and the C1
 * controls in UTF-8 (U+0080..U+009F) become "\xNN" per byte; all else,
 * invalid UTF-8 included, passes as it is.  Writes at most size - 1 bytes
 * and a NUL, never half an escape; returns the bytes written.  Every
 * output target calls it (tend's output, `tendctl logs`, kmsg, syslog).
 */
size_t svcout_escape(char *dst, size_t size, const char *src, size_t len);
/* Room an escaped line of SVCOUT_LINE_MAX bytes may take (NUL not counted). */
#define SVCOUT_ESCAPED_MAX (4 * SVCOUT_LINE_MAX)

/* Pipes read at once (a new instance while the last one still drains). */
#define SVCOUT_MAX_PIPES 3

enum svcout_flag {
	SVCOUT_SPLIT = 1u << 0,	/* cut at SVCOUT_LINE_MAX: the next line continues it */
	SVCOUT_NOEOL = 1u << 1,	/* ended without a newline (pipe closed, svcout freed) */
};

/* One line copied out of the ring: text without its newline, NUL-terminated. */
struct svcout_line {
	uint64_t seq;		/* 0, 1, 2...: per svcout, never reused */
	int64_t ts_ms;		/* CLOCK_MONOTONIC ms when the line was completed */
	pid_t pid;		/* as given to svcout_set_pid(), or 0 */
	unsigned flags;		/* enum svcout_flag */
	size_t len;
	char text[SVCOUT_LINE_MAX + 1];
};

/* Position in the ring; survives appends and evictions (it re-finds seq). */
struct svcout_iter {
	uint64_t seq;
	size_t off;
	uint32_t gen;		/* the ring's generation off belongs to */
};

/*
 * ring_bytes bounds the kept lines (each costs its length plus a 24-byte
 * header; at least 2 * SVCOUT_LINE_MAX is used).  l may be NULL for a pure
 * svcout that is only fed with svcout_feed() (tests).  NULL + errno on error.
 */
struct svcout *svcout_new(struct loop *l, const char *unit, size_t ring_bytes);
/*
 * Create a pipe whose read end (non-blocking, close-on-exec) the loop reads;
 * *ret_write_fd (blocking, close-on-exec: dup2 it to 1 and 2 in the child)
 * belongs to the caller, who closes it after spawning.  The pipe is read until
 * every writer has closed it.  With SVCOUT_MAX_PIPES already open, the oldest
 * is flushed and closed first.  0 or -errno.
 */
int svcout_pipe(struct svcout *o, int *ret_write_fd);
/* Prefix lines of the newest pipe with name[pid]: (0: name: only). */
void svcout_set_pid(struct svcout *o, pid_t pid);
/*
 * The identifier of the newest pipe's kmsg/syslog records (a copy; NULL:
 * the name given to svcout_new()), as systemd names a command's stream
 * after its executable when SyslogIdentifier= is not set.  tend's own log
 * keeps the name.  Call after svcout_set_sink(); without a record sink it
 * does nothing.
 */
void svcout_set_ident(struct svcout *o, const char *ident);
/*
 * Send the unit's lines to /dev/kmsg or /dev/log instead of tend's log
 * (SVCOUT_TO_* bits; 0, the default: tend's log only), each as one
 * record "ident[pid]: text" escaped as for tend's log, at priority
 * (facility | level) unless the line starts with sd-daemon(3)'s "<N>".
 * Without /dev/log or /dev/kmsg a line goes to tend's log.
 */
enum { SVCOUT_TO_KMSG = 1, SVCOUT_TO_SYSLOG = 2, SVCOUT_ALSO_LOG = 4 };
void svcout_set_sink(struct svcout *o, unsigned sink, int priority);
/* Flush partial lines (as SVCOUT_NOEOL), close the pipes, free; NULL ok. */
void svcout_free(struct svcout *o);

/* Feed bytes as if read from the newest pipe (or a pipeless input). Pure. */
void svcout_feed(struct svcout *o, const char *buf, size_t len);
/* End of that input: a partial last line becomes a SVCOUT_NOEOL line. */
void svcout_feed_eof(struct svcout *o);

/* Lines that tend's output could not take (dropped there; still in the ring). */
uint64_t svcout_dropped(const struct svcout *o);
/*
 * Bytes allocated for this svcout now: its struct, the ring (grown so far,
 * at most ring_bytes) and partial-line buffers (SVCOUT_LINE_MAX each, held
 * only while a line is incomplete).
 */
size_t svcout_mem(const struct svcout *o);
/* seq of the oldest line still kept, and the seq the next line will get. */
uint64_t svcout_first_seq(const struct svcout *o);
uint64_t svcout_next_seq(const struct svcout *o);

/*
 * Iterate: svcout_iter_init(o, from, &it) then while (svcout_iter_next(o,
 * &it, &line)).  Lines older than the ring are skipped: line.seq > from
 * tells the caller how many it missed.  At the end it.seq is next_seq, so
 * `logs -f` keeps the iter and calls svcout_iter_next() again later.
 */
void svcout_iter_init(const struct svcout *o, uint64_t from_seq, struct svcout_iter *it);
bool svcout_iter_next(const struct svcout *o, struct svcout_iter *it, struct svcout_line *ret);

#endif
