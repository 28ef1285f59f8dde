/* SPDX-License-Identifier: MIT */
#ifndef TEND_NOTIFY_H
#define TEND_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "unit.h"

struct loop;

/*
 * Upward: tell tend's own manager (systemd, podman --sdnotify=container, a
 * parent tend) that tend is ready, in sd_notify's protocol, when
 * NOTIFY_SOCKET is set.  ntf_up_addr() turns its value (a path, or '@' for
 * an abstract name) into an address: 0, or -EINVAL, -EAFNOSUPPORT (vsock:)
 * or -ENAMETOOLONG.
 */
int ntf_up_addr(const char *s, struct sockaddr_un *ret, socklen_t *ret_len);
void ntf_up_init(void);
void ntf_up_ready(const char *status);
void ntf_up_status(const char *status);
void ntf_up_stopping(void);

/*
 * Downward: tend's NOTIFY_SOCKET server.  One datagram socket per unit, so a
 * message is attributed to its unit by where it arrived, never by a racy
 * /proc lookup of a sender that may already be gone; the sender's
 * credentials (SO_PASSCRED) only decide NotifyAccess.
 */

/* Largest datagram accepted (systemd's limit, PIPE_BUF); bigger is dropped. */
#define NTF_MSG_MAX 4096
/* STATUS= text kept, NUL included; longer text is cut on a UTF-8 boundary. */
#define NTF_STATUS_MAX 256

/* NotifyAccess=; systemd's default is none, main for Type=notify. */
/* NotifyAccess= is unit.h's enum unit_notify_access: one enum for one key. */

extern const char *const notify_access_names[_NOTIFY_ACCESS_MAX];
/* "none", "main", "exec", "all" → enum value, or -EINVAL. */
int notify_access_from_string(const char *s);

/* Bits of ntf_msg.fields: which keys a message carried with a valid value. */
enum ntf_field {
	NTF_READY = 1u << 0,		/* READY=1 */
	NTF_RELOADING = 1u << 1,	/* RELOADING=1 */
	NTF_STOPPING = 1u << 2,		/* STOPPING=1 */
	NTF_STATUS = 1u << 3,		/* STATUS=text */
	NTF_MAINPID = 1u << 4,		/* MAINPID=pid */
	NTF_WATCHDOG = 1u << 5,		/* WATCHDOG=1 */
	NTF_WATCHDOG_TRIGGER = 1u << 6,	/* WATCHDOG=trigger */
	NTF_WATCHDOG_USEC = 1u << 7,	/* WATCHDOG_USEC=n */
	NTF_EXTEND_TIMEOUT = 1u << 8,	/* EXTEND_TIMEOUT_USEC=n */
	NTF_ERRNO = 1u << 9,		/* ERRNO=n */
	NTF_BARRIER = 1u << 10,		/* BARRIER=1 (its fd is closed by the server) */
};

/* One parsed datagram.  Repeated keys: the first valid one wins, as in systemd. */
struct ntf_msg {
	unsigned fields;		/* enum ntf_field bits */
	pid_t main_pid;			/* MAINPID=, > 0 */
	int errnum;			/* ERRNO=, >= 0 */
	uint64_t watchdog_usec;		/* WATCHDOG_USEC= */
	uint64_t extend_usec;		/* EXTEND_TIMEOUT_USEC= */
	unsigned n_invalid;		/* lines ignored: no '=', bad value */
	unsigned n_unknown;		/* keys tend doesn't know: ignored */
	char status[NTF_STATUS_MAX];	/* STATUS=, valid UTF-8, NUL-terminated */
};

/*
 * Parse one datagram of newline-separated KEY=VALUE lines (pure).  Returns
 * 0, -EMSGSIZE when len > NTF_MSG_MAX, -EBADMSG for an embedded NUL.  A bad
 * line is counted in n_invalid and skipped; the rest of the message counts.
 */
int ntf_parse(const char *buf, size_t len, struct ntf_msg *ret);

/*
 * May this sender speak for the unit?  main: only main_pid; exec: main_pid
 * or control_pid (the ExecStartPre/Post/Reload/Stop process running now, 0
 * if none); all: any process of the unit, asked of in_unit(data, sender)
 * (unitpid_member(): its cgroup, or its process tree without one); in_unit
 * NULL means every sender belongs to it (tests only).  Pure.
 */
typedef bool ntf_member_fn(void *data, pid_t pid);
bool ntf_access_ok(enum unit_notify_access na, pid_t sender, pid_t main_pid, pid_t control_pid,
		   ntf_member_fn *in_unit, void *data);

struct ntf_sock;

/*
 * Called for every well-formed datagram with at least one known key, with
 * the sender's credentials.  It may ntf_close() its own socket.
 */
typedef void ntf_fn(void *data, const struct ntf_msg *m, const struct ucred *cred);

/*
 * Open and register the unit's socket, bound at <runtime_dir>/notify/<unit>
 * (or <runtime_dir>/notify/<number> when that path does not fit in
 * sun_path), mode 0666: whoever sends, only the unit's own processes are
 * heard (ntf_access_ok()).  runtime_dir NULL (PrivateTmp= hides it): the
 * abstract "@tend/<16 random hex digits>", which no one can bind first.  The runtime
 * directory and notify/ (made 0755) must be tend's own and unwritable by
 * others (open_own_dir()), and nothing is followed through a symlink.
 * Writes the NOTIFY_SOCKET value for the service into ret_path (size >=
 * 108 always fits), unless ret_path is NULL: ntf_path() has it too.
 * Returns NULL with errno set on failure: ENAMETOOLONG when even a short
 * name does not fit.  NB: an abstract address is not reachable from a
 * service in its own network namespace.
 */
struct ntf_sock *ntf_open(struct loop *l, const char *runtime_dir, const char *unit, ntf_fn *fn,
			  void *data, char *ret_path, size_t size);

/* What tend refused a unit's processes: each kind is logged on its own. */
enum ntf_refusal {
	NTF_REFUSED_ACCESS,	/* a sender NotifyAccess= does not allow */
	NTF_REFUSED_MAINPID,	/* a MAINPID= that is not the unit's */
	_NTF_REFUSED_MAX,
};
/*
 * Log a refusal for s's unit: the first of each kind at once, then at most
 * one line per kind every 10 s with the count since.  NULL s: nothing.
 */
void ntf_refused(struct ntf_sock *s, enum ntf_refusal kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Unregister, close and unlink; NULL is a no-op. */
void ntf_close(struct loop *l, struct ntf_sock *s);
/* The NOTIFY_SOCKET value, as written to ret_path. */
const char *ntf_path(const struct ntf_sock *s);
/* Datagrams dropped so far: oversized, embedded NUL, no credentials, garbage. */
uint64_t ntf_dropped(const struct ntf_sock *s);

#endif
