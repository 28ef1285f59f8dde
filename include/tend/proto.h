/* SPDX-License-Identifier: MIT */
/*
 * The control protocol between tend and tendctl: the only header the two
 * share.  One request or reply per SOCK_SEQPACKET message, at most
 * P1_MSG_MAX bytes: a fixed header, then fields as (type, length, bytes).
 * Integers are little-endian fixed width; strings carry no NUL.
 *
 * Version history:
 *   1  first version: status, list, start, stop, restart, reload, kill,
 *      reset-failed, logs, reload-units, is-ready, poweroff, reboot, halt.
 *      Later, within version 1 (readers skip fields they don't know):
 *      P1_F_U_CONDITION, the Condition or Assert that stopped the last
 *      start.  P1_F_U_TIMER_NEXT_US, P1_F_U_TIMER_LAST_US and
 *      P1_F_U_TIMER_UNIT for .timer units (tendctl list-timers).
 *      Later, within version 1 (the messages are the same): a status or
 *      list reply has no size cap.  tend sends one P1_R_UNIT per unit as
 *      the client's socket drains, then P1_R_END; a client reads until
 *      P1_R_END (as tendctl always did) and must keep reading: one that
 *      stops for CTL_IDLE_MS is dropped.  A unit named in the request
 *      that is removed (reload-units) before its turn gets P1_R_ERROR
 *      ENOENT.  Before, tend queued the whole reply and dropped a
 *      client when it passed 64 KiB (about 400 units for a slow reader).
 */
#ifndef TEND_PROTO_H
#define TEND_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define P1_MAGIC 0x314e4554u	/* "TEN1" */
#define P1_VERSION 1
#define P1_MSG_MAX 4096

enum p1_cmd {
	/* requests */
	P1_STATUS = 1,		/* [P1_F_UNIT...]: one P1_R_UNIT per unit, then P1_R_END */
	P1_LIST,		/* as STATUS, names and states only */
	P1_START,		/* P1_F_UNIT...: P1_R_OK or P1_R_ERROR per unit, then END */
	P1_STOP,
	P1_RESTART,
	P1_RELOAD,
	P1_KILL,		/* P1_F_SIGNAL, P1_F_UNIT... */
	P1_RESET_FAILED,	/* [P1_F_UNIT...] */
	P1_LOGS,		/* P1_F_UNIT, P1_F_LINES, [P1_F_FOLLOW]: P1_R_LOG..., END */
	P1_RELOAD_UNITS,	/* P1_R_OK/P1_R_ERROR lines, then END */
	P1_IS_READY,		/* P1_R_OK (ready) or P1_R_ERROR (what is not), END */
	P1_POWEROFF,
	P1_REBOOT,
	P1_HALT,
	_P1_REQ_MAX,
	/* replies */
	P1_R_OK = 0x100,	/* [P1_F_UNIT], [P1_F_TEXT] */
	P1_R_ERROR,		/* P1_F_ERRNO, [P1_F_UNIT], P1_F_TEXT */
	P1_R_UNIT,		/* the P1_F_U_* fields of one unit */
	P1_R_LOG,		/* P1_F_SEQ, P1_F_TEXT, [P1_F_PID], [P1_F_DROPPED] */
	P1_R_END,		/* end of a reply; P1_F_ERRNO when the request failed */
};

enum p1_field {
	P1_F_UNIT = 1,		/* string */
	P1_F_TEXT,		/* string */
	P1_F_ERRNO,		/* u32, a positive errno */
	P1_F_SIGNAL,		/* u32 */
	P1_F_LINES,		/* u32 */
	P1_F_FOLLOW,		/* no bytes */
	P1_F_SEQ,		/* u64 */
	P1_F_PID,		/* u32 */
	P1_F_DROPPED,		/* u64: lines missed before this one */
	/* P1_R_UNIT */
	P1_F_U_STATE = 32,	/* string: inactive, starting, running, ... */
	P1_F_U_SUB,		/* string: what runs now (ExecStartPre, reloading ...) */
	P1_F_U_RESULT,		/* string */
	P1_F_U_DESC,		/* string */
	P1_F_U_MAINPID,		/* u32 */
	P1_F_U_SINCE_MS,	/* u64: ms in the current state */
	P1_F_U_RESTARTS,	/* u32 */
	P1_F_U_EXIT,		/* u32: last wait status of the main process */
	P1_F_U_STATUS,		/* string: STATUS= from sd_notify */
	P1_F_U_WANT,		/* u32: 1 wanted up */
	P1_F_U_NR_THROTTLED,	/* u64 */
	P1_F_U_THROTTLED_US,	/* u64 */
	P1_F_U_VCSW,		/* u64: voluntary context switches of the main process */
	P1_F_U_NVCSW,		/* u64: involuntary */
	P1_F_U_TYPE,		/* string */
	P1_F_U_CGROUP,		/* string */
	P1_F_U_LOGDROP,		/* u64 */
	P1_F_U_CONDITION,	/* string: "ConditionX=value (file:line)" not met */
	P1_F_U_TIMER_NEXT_US,	/* u64: a timer's next elapse, realtime us; 0 none */
	P1_F_U_TIMER_LAST_US,	/* u64: its last elapse, realtime us; 0 never */
	P1_F_U_TIMER_UNIT,	/* string: the unit it activates */
	P1_F_U_RESTART_IN_MS,	/* u64: auto-restart: ms until the next start */
};

struct p1_msg_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t cmd;
	uint32_t len;		/* payload bytes after the header */
};

/* A message being built in a caller's buffer of P1_MSG_MAX bytes. */
struct p1_buf {
	uint8_t *p;
	size_t len, cap;
	bool overflow;		/* a field did not fit: the message is unusable */
};

/* One field read back out of a message. */
struct p1_field_view {
	uint16_t type;
	uint16_t len;
	const uint8_t *data;
};

void p1_begin(struct p1_buf *b, uint8_t *mem, size_t cap, enum p1_cmd cmd);
void p1_put_str(struct p1_buf *b, enum p1_field f, const char *s);
void p1_put_bytes(struct p1_buf *b, enum p1_field f, const void *d, size_t n);
void p1_put_u32(struct p1_buf *b, enum p1_field f, uint32_t v);
void p1_put_u64(struct p1_buf *b, enum p1_field f, uint64_t v);
void p1_put_flag(struct p1_buf *b, enum p1_field f);
/* Finish: fills the header's length; returns the message size, or -EMSGSIZE. */
long p1_end(struct p1_buf *b);

/*
 * Check a received message: magic, version, length.  Returns the command
 * and sets *ret_off to the first field, or -EBADMSG / -EPROTO (version).
 */
int p1_open(const uint8_t *m, size_t n, size_t *ret_off);
/* Next field at *off; 1 and the field, 0 at the end, -EBADMSG if truncated. */
int p1_next(const uint8_t *m, size_t n, size_t *off, struct p1_field_view *ret);
uint32_t p1_u32(const struct p1_field_view *f);
uint64_t p1_u64(const struct p1_field_view *f);
/* Copy a string field into buf, NUL-terminated; false if it did not fit. */
bool p1_str(const struct p1_field_view *f, char *buf, size_t size);
/*
 * The next field of this type at *off, as a string in buf (other fields
 * are skipped): 1, 0 at the end, -EBADMSG if truncated, -EINVAL if it did
 * not fit or holds a NUL (*off is past it: the caller may go on).  A
 * cursor over the P1_F_UNIT names of a request, kept between messages.
 */
int p1_next_str(const uint8_t *m, size_t n, size_t *off, enum p1_field type, char *buf,
		size_t size);

#endif
