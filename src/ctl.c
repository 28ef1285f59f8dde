/* SPDX-License-Identifier: MIT */
/*
 * The control socket: accept, read one bounded request per message, check
 * SO_PEERCRED, answer from the registry.  Replies are written without
 * blocking; what the socket does not take is queued per client up to
 * CTL_OUT_MAX.  A status or list reply is streamed: one record per unit,
 * made only when the client's queue is empty (EPOLLOUT), so it holds a
 * record at most whatever the number of units.  A client that stops
 * reading (past CTL_OUT_MAX, or a stream stalled for CTL_IDLE_MS), sends
 * garbage or too much is dropped and counted, never waited for.  `logs`
 * and its `-f` followers (served from a timer while any exist) are
 * ctl_logs.c's.  The idle timer is armed for the earliest deadline of a
 * live client only: none, no wake-up.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "ctl.h"
#include "ctl_priv.h"
#include "log.h"
#include "loop.h"
#include "svc.h"
#include "svcout.h"
#include "tend/proto.h"
#include "util.h"
#include "nofail.h"

#define ACCEPT_PAUSE_MS 250	/* out of fds or memory: the backlog waits */
#define STREAM_BATCH 64		/* records per turn of the loop: fairness */

struct ctl_state ctl = { .lfd = -1 };

static void accept_resume(struct loop *l, void *data)
{
	(void)data;
	loop_timer_cancel(l, &ctl.accept_timer);
	if (loop_mod_fd(l, ctl.lsrc, EPOLLIN) == 0)
		ctl.accept_paused = false;
}

/*
 * The idle timer for the earliest deadline of a live client (a follower
 * of logs -f is served, not idle), the follow timer while a follower
 * lives; neither armed for nobody, so an idle tend has no wake-up.
 */
void ctl_timers_rearm(void)
{
	int64_t next = 0;
	bool follower = false;

	for (struct client *c = ctl.clients; c; c = c->next) {
		if (c->dead)
			continue;
		follower |= c->follow != NULL;
		if (!c->follow && (!next || c->last_ms + CTL_IDLE_MS < next))
			next = c->last_ms + CTL_IDLE_MS;
	}
	if (!next)
		loop_timer_cancel(ctl.loop, &ctl.idle_timer);
	else if (!loop_timer_armed(&ctl.idle_timer) || ctl.idle_timer.due_ms != next)
		(void)loop_timer_arm(ctl.loop, &ctl.idle_timer, next);
	if (!follower)
		loop_timer_cancel(ctl.loop, &ctl.follow_timer);
}

static void client_drop(struct client *c)
{
	if (c->dead)
		return;
	c->dead = true;
	loop_del_fd(ctl.loop, c->src);
	close(c->fd);
	while (c->head) {
		struct outmsg *m = c->head;

		c->head = m->next;
		free(m);
	}
	c->tail = NULL;
	c->queued = 0;
	free(c->stream.req);
	c->stream.req = NULL;
	c->stream.on = false;
	ctl.st.clients--;
	ctl_timers_rearm();
	loop_defer(ctl.loop, &ctl.reap);	/* freed outside this batch */
	if (ctl.accept_paused)	/* an fd came free: the backlog need not wait */
		accept_resume(ctl.loop, NULL);
}

/* Free dropped clients: deferred, because a callback may still hold one. */
static void reap_cb(struct loop *l, void *data)
{
	struct client **pp = &ctl.clients;

	(void)l;
	(void)data;
	while (*pp) {
		struct client *c = *pp;

		if (c->dead) {
			*pp = c->next;
			free(c);
		} else {
			pp = &c->next;
		}
	}
}

/* Watch for what the client needs: room to write, or its next request. */
static void set_events(struct client *c)
{
	uint32_t ev = c->head || c->stream.on ? EPOLLOUT : 0;

	if (!c->stream.on)	/* a stream's requests wait for its end */
		ev |= EPOLLIN;
	if (ev != c->events && loop_mod_fd(ctl.loop, c->src, ev) == 0)
		c->events = ev;
}

static void stream_pump(struct client *c);

static void flush(struct client *c)
{
	while (c->head) {
		struct outmsg *m = c->head;
		ssize_t n = send(c->fd, m->data, m->len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				set_events(c);
				return;
			}
			client_drop(c);
			return;
		}
		c->head = m->next;
		c->queued -= m->len;
		free(m);
	}
	c->tail = NULL;
	if (c->stream.on)
		stream_pump(c);
	else
		set_events(c);
}

/*
 * Send a finished message, or queue what the socket does not take yet;
 * drop the client if it has stopped reading.
 */
void ctl_queue(struct client *c, struct p1_buf *b)
{
	long n = p1_end(b);
	struct outmsg *m;

	if (c->dead || n < 0)
		return;
	if (!c->head) {	/* nothing before it: straight to the socket */
		ssize_t w = send(c->fd, b->p, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w == n)
			return;
		if (w >= 0 || (errno != EAGAIN && errno != EINTR)) {
			client_drop(c);
			return;
		}
	}
	if (c->queued + (size_t)n > CTL_OUT_MAX) {
		ctl.st.dropped_slow++;
		log_warn("control client (uid %u) stopped reading: dropped", (unsigned)c->uid);
		client_drop(c);
		return;
	}
	m = malloc(sizeof(*m) + (size_t)n);
	if (!m) {
		client_drop(c);
		return;
	}
	m->next = NULL;
	m->len = (size_t)n;
	memcpy(m->data, b->p, (size_t)n);
	if (c->tail)
		c->tail->next = m;
	else
		c->head = m;
	c->tail = m;
	c->queued += (size_t)n;
	set_events(c);
}

void ctl_reply_simple(struct client *c, enum p1_cmd cmd, int errnum, const char *unit,
		      const char *text)
{
	uint8_t mem[P1_MSG_MAX];
	struct p1_buf b;

	p1_begin(&b, mem, sizeof(mem), cmd);
	if (errnum)
		p1_put_u32(&b, P1_F_ERRNO, (uint32_t)errnum);
	if (unit)
		p1_put_str(&b, P1_F_UNIT, unit);
	if (text)
		p1_put_str(&b, P1_F_TEXT, text);
	ctl_queue(c, &b);
}

static void unit_record(struct client *c, const struct svc *s, bool brief)
{
	uint8_t mem[P1_MSG_MAX];
	struct p1_buf b;

	p1_begin(&b, mem, sizeof(mem), P1_R_UNIT);
	svc_status(s, &b, brief);
	ctl_queue(c, &b);
}

/*
 * Collect the unit names of a request (a request with none means all);
 * with v NULL, check them and count them only.
 */
int ctl_unit_args(const uint8_t *m, size_t n, size_t off, struct svc **v, size_t max,
		  size_t *ret_n, char *bad, size_t badlen)
{
	char name[UNIT_NAME_MAX + 1];
	int r;

	*ret_n = 0;
	while ((r = p1_next_str(m, n, &off, P1_F_UNIT, name, sizeof(name))) == 1) {
		struct svc *s = svc_find(name);

		if (!s) {
			strscpy(bad, name, badlen);
			return -ENOENT;
		}
		if (!v)
			(*ret_n)++;
		else if (*ret_n < max)
			v[(*ret_n)++] = s;
	}
	return r;
}

uint32_t ctl_field_u32(const uint8_t *m, size_t n, size_t off, enum p1_field type,
		       uint32_t dflt, bool *present)
{
	struct p1_field_view f;

	if (present)
		*present = false;
	while (p1_next(m, n, &off, &f) == 1)
		if (f.type == type) {
			if (present)
				*present = true;
			/* a flag has no bytes; any other length lies: no valid value */
			return f.len == 4 ? p1_u32(&f) : f.len == 0 ? 1 : UINT32_MAX;
		}
	return dflt;
}

/*
 * The units a request names, in an array of room for every unit (the
 * caller frees it); NULL after replying with the error (unknown unit).
 */
static struct svc **request_units(struct client *c, const uint8_t *m, size_t n, size_t off,
				  size_t *ret_n)
{
	struct svc **v = calloc(svc_count() + 1, sizeof(*v));
	char bad[UNIT_NAME_MAX + 1] = "";
	int r = v ? ctl_unit_args(m, n, off, v, svc_count(), ret_n, bad, sizeof(bad)) : -ENOMEM;

	if (r < 0) {
		ctl_reply_simple(c, P1_R_END, -r, bad[0] ? bad : NULL,
			     r == -ENOENT ? "no such unit" : strerror(-r));
		free(v);
		return NULL;
	}
	return v;
}

/* RefuseManualStart=/RefuseManualStop=: requests systemd refuses too. */
static bool refused(enum p1_cmd cmd, const struct svc *s)
{
	return ((cmd == P1_START || cmd == P1_RESTART) && s->u->refuse_manual_start) ||
	       ((cmd == P1_STOP || cmd == P1_RESTART) && s->u->refuse_manual_stop);
}

static int do_unit_cmd(enum p1_cmd cmd, struct svc *s, int signo)
{
	switch (cmd) {
	case P1_START: return svc_start(s);
	case P1_STOP: return svc_stop(s);
	case P1_RESTART: return svc_restart(s);
	case P1_RELOAD: return svc_reload(s);
	case P1_KILL: return svc_kill(s, signo);
	case P1_RESET_FAILED: return svc_reset_failed(s);
	default: return -EOPNOTSUPP;
	}
}

/* start, stop, restart, reload, kill, reset-failed: one reply per unit. */
static void do_units(struct client *c, enum p1_cmd cmd, const uint8_t *m, size_t n, size_t off)
{
	uint32_t signo = ctl_field_u32(m, n, off, P1_F_SIGNAL, SIGTERM, NULL);
	size_t nv = 0;
	struct svc **v = request_units(c, m, n, off, &nv);
	int r;

	if (!v)
		return;
	if (nv == 0 && cmd == P1_RESET_FAILED)
		for (size_t i = 0; i < svc_count(); i++)
			if (svc_at(i)->state == SVC_FAILED)
				v[nv++] = svc_at(i);
	if (nv == 0 && cmd != P1_RESET_FAILED) {
		ctl_reply_simple(c, P1_R_END, EINVAL, NULL, "no unit named");
		free(v);
		return;
	}
	if (cmd == P1_KILL && (signo < 1 || signo >= NSIG)) {
		ctl_reply_simple(c, P1_R_END, EINVAL, NULL, "bad signal number");
		free(v);
		return;
	}
	for (size_t i = 0; i < nv && !c->dead; i++) {
		if (refused(cmd, v[i])) {
			ctl_reply_simple(c, P1_R_ERROR, EACCES, v[i]->u->name,
				     "operation refused: the unit may be started or stopped by "
				     "a dependency only (RefuseManualStart=/RefuseManualStop=)");
			continue;
		}
		r = do_unit_cmd(cmd, v[i], (int)signo);
		if (r < 0)
			ctl_reply_simple(c, P1_R_ERROR, -r, v[i]->u->name, strerror(-r));
		else
			ctl_reply_simple(c, P1_R_OK, 0, v[i]->u->name, NULL);
	}
	ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
	free(v);
}

/* The next record of a stream, or its end. */
static void stream_one(struct client *c)
{
	char name[UNIT_NAME_MAX + 1];
	struct svc *sv = NULL;
	int r = 0;

	if (c->stream.req) {
		r = p1_next_str(c->stream.req, c->stream.req_len, &c->stream.off, P1_F_UNIT, name,
				sizeof(name));
		sv = r == 1 ? svc_find(name) : NULL;
	} else if (c->stream.next < svc_count()) {
		sv = svc_at(c->stream.next++);
	}
	if (sv) {
		unit_record(c, sv, c->stream.brief);
	} else if (r == 1) {	/* removed by reload-units since the request */
		ctl_reply_simple(c, P1_R_ERROR, ENOENT, name, "no such unit");
	} else {
		free(c->stream.req);
		c->stream.req = NULL;
		c->stream.on = false;
		ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
	}
}

/*
 * Records while the socket takes them straight away, a batch at most: the
 * rest when it drains (EPOLLOUT), or at the next turn of the loop.
 */
static void stream_pump(struct client *c)
{
	c->last_ms = now_ms();	/* it reads: not stalled */
	for (int i = 0; i < STREAM_BATCH && c->stream.on && !c->head && !c->dead; i++)
		stream_one(c);
	if (!c->dead)
		set_events(c);
}

/* status, list: one P1_R_UNIT per unit, streamed, then P1_R_END. */
static void do_status(struct client *c, bool brief, const uint8_t *m, size_t n, size_t off)
{
	size_t nv = 0;
	char bad[UNIT_NAME_MAX + 1] = "";
	int r = ctl_unit_args(m, n, off, NULL, 0, &nv, bad, sizeof(bad));

	c->stream.req = NULL;
	if (r == 0 && nv) {	/* names: walked again, one per record */
		c->stream.req = malloc(n);
		if (!c->stream.req)
			r = -ENOMEM;
		else
			memcpy(c->stream.req, m, n);
	}
	if (r < 0) {
		ctl_reply_simple(c, P1_R_END, -r, bad[0] ? bad : NULL,
			     r == -ENOENT ? "no such unit" : strerror(-r));
		return;
	}
	c->stream.on = true;
	c->stream.brief = brief;
	c->stream.next = 0;
	c->stream.req_len = n;
	c->stream.off = off;
	stream_pump(c);
}

static void do_reload_units(struct client *c)
{
	char report[P1_MSG_MAX - 64];
	int r;

	report[0] = '\0';
	r = ctl.ops.reload_units ? ctl.ops.reload_units(report, sizeof(report), ctl.ops.data)
				 : -EOPNOTSUPP;
	for (char *line = report, *nl; *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		if (nl > line) {
			char save = *nl;

			*nl = '\0';
			ctl_reply_simple(c, line[0] == '!' ? P1_R_ERROR : P1_R_OK, 0, NULL,
				     line + (line[0] == '!'));
			*nl = save;
		}
		if (!*nl)
			break;
	}
	ctl_reply_simple(c, P1_R_END, r < 0 ? -r : 0, NULL, r < 0 ? strerror(-r) : NULL);
}

static bool changes_state(enum p1_cmd cmd)
{
	return cmd != P1_STATUS && cmd != P1_LIST && cmd != P1_LOGS && cmd != P1_IS_READY;
}

static void handle(struct client *c, const uint8_t *m, size_t n)
{
	size_t off;
	int cmd = p1_open(m, n, &off);
	char why[256];

	if (cmd < 0 || cmd == 0 || cmd >= _P1_REQ_MAX) {
		ctl.st.dropped_garbage++;
		log_warn("control client (uid %u) sent a malformed request: dropped",
			 (unsigned)c->uid);
		if (cmd == -EPROTO)
			ctl_reply_simple(c, P1_R_END, EPROTO, NULL, "protocol version mismatch");
		flush(c);
		client_drop(c);
		return;
	}
	if (changes_state(cmd) && !c->privileged) {
		ctl.st.denied++;
		ctl_reply_simple(c, P1_R_END, EPERM, NULL, "permission denied");
		return;
	}
	switch (cmd) {
	case P1_STATUS: do_status(c, false, m, n, off); break;
	case P1_LIST: do_status(c, true, m, n, off); break;
	case P1_LOGS: ctl_do_logs(c, m, n, off); break;
	case P1_RELOAD_UNITS: do_reload_units(c); break;
	case P1_IS_READY:
		why[0] = '\0';
		if (ctl.ops.is_ready && ctl.ops.is_ready(why, sizeof(why), ctl.ops.data))
			ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
		else
			ctl_reply_simple(c, P1_R_END, EAGAIN, NULL, why[0] ? why : "not ready");
		break;
	case P1_POWEROFF: case P1_REBOOT: case P1_HALT: {
		int r = ctl.ops.power ? ctl.ops.power(cmd, ctl.ops.data) : -EOPNOTSUPP;

		ctl_reply_simple(c, P1_R_END, r < 0 ? -r : 0, NULL, r < 0 ? strerror(-r) : NULL);
		break;
	}
	default:
		do_units(c, cmd, m, n, off);
		break;
	}
}

static void client_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	struct client *c = data;
	uint8_t m[P1_MSG_MAX];

	(void)l;
	if (ev & EPOLLOUT)
		flush(c);
	if (!c->dead && c->stream.on && (ev & (EPOLLHUP | EPOLLERR)))
		client_drop(c);	/* gone before the end of its reply */
	if (c->dead || c->stream.on || !(ev & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	/* bounded: fairness between clients; a stream's end first */
	for (int i = 0; i < 16 && !c->dead && !c->stream.on; i++) {
		ssize_t n = recv(fd, m, sizeof(m), MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				client_drop(c);
			return;
		}
		if (n == 0) {
			client_drop(c);
			return;
		}
		if ((size_t)n > sizeof(m)) {
			ctl.st.dropped_garbage++;
			log_warn("control client (uid %u) sent %zd bytes (limit %d): dropped",
				 (unsigned)c->uid, n, P1_MSG_MAX);
			client_drop(c);
			return;
		}
		c->last_ms = now_ms();
		handle(c, m, (size_t)n);
	}
}

/*
 * accept() failed for want of fds or memory: the pending connection keeps
 * the listener readable, so stop watching it for a while instead of
 * spinning on it; the backlog waits.
 */
static void accept_pause(struct loop *l, int errnum)
{
	if (!ctl.accept_warned)
		log_warn("control socket: accept: %s: retrying every %d ms", strerror(errnum),
			 ACCEPT_PAUSE_MS);
	ctl.accept_warned = true;
	if (loop_mod_fd(l, ctl.lsrc, 0) == 0) {
		ctl.accept_paused = true;
		(void)loop_timer_arm(l, &ctl.accept_timer, now_ms() + ACCEPT_PAUSE_MS);
	}
}

/*
 * Close the clients that have said nothing for CTL_IDLE_MS (a follower of
 * logs -f is being served, not idle), and those whose streamed reply has
 * not moved on for as long; re-armed for the next one due.
 */
static void idle_cb(struct loop *l, void *data)
{
	int64_t now = now_ms();

	(void)l;
	(void)data;
	for (struct client *c = ctl.clients; c; c = c->next) {
		if (c->dead || c->follow || now - c->last_ms < CTL_IDLE_MS)
			continue;
		if (c->stream.on) {
			ctl.st.dropped_slow++;
			log_warn("control client (uid %u) stopped reading: dropped",
				 (unsigned)c->uid);
		} else {
			ctl.st.dropped_idle++;
			log_debug("control client (uid %u) idle for %d ms: closed",
				  (unsigned)c->uid, CTL_IDLE_MS);
		}
		client_drop(c);
	}
	ctl_timers_rearm();
}

/*
 * May one more client of this uid have a slot?  An unprivileged uid holds
 * at most CTL_MAX_PER_UID, and all of them together leave CTL_PRIV_RESERVE
 * to root and tend's own uid, so no user can lock root out.
 */
static bool slot_free(uid_t uid, bool privileged)
{
	unsigned same = 0, unpriv = 0;

	if (ctl.st.clients >= CTL_MAX_CLIENTS)
		return false;
	if (privileged)
		return true;
	for (struct client *c = ctl.clients; c; c = c->next) {
		if (c->dead || c->privileged)
			continue;
		unpriv++;
		same += c->uid == uid;
	}
	if (same < CTL_MAX_PER_UID && unpriv < CTL_MAX_CLIENTS - CTL_PRIV_RESERVE)
		return true;
	if (now_ms() - ctl.cap_warned_ms >= 10000) {
		log_warn("control socket: uid %u holds %u connection(s), unprivileged users %u: "
			 "refusing more", (unsigned)uid, same, unpriv);
		ctl.cap_warned_ms = now_ms();
	}
	return false;
}

static void accept_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	(void)ev;
	(void)data;
	for (int i = 0; i < 64; i++) {
		int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct ucred cr;
		socklen_t len = sizeof(cr);
		struct client *c;

		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM)
				accept_pause(l, errno);
			return;	/* EAGAIN: all accepted */
		}
		ctl.accept_warned = false;
		if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 ||
		    !slot_free(cr.uid, cr.uid == 0 || cr.uid == geteuid()) ||
		    !(c = calloc(1, sizeof(*c)))) {
			ctl.st.refused++;
			close(cfd);
			continue;
		}
		c->fd = cfd;
		c->uid = cr.uid;
		c->privileged = cr.uid == 0 || cr.uid == geteuid();
		c->last_ms = now_ms();
		c->events = EPOLLIN;
		c->src = loop_add_fd(l, cfd, EPOLLIN, client_cb, c);
		if (!c->src) {
			close(cfd);
			free(c);
			ctl.st.refused++;
			continue;
		}
		c->next = ctl.clients;
		ctl.clients = c;
		ctl.st.clients++;
		ctl.st.accepted++;
		if (!loop_timer_armed(&ctl.idle_timer))
			(void)loop_timer_arm(l, &ctl.idle_timer, c->last_ms + CTL_IDLE_MS);
	}
}

int ctl_init(struct loop *l, const char *runtime_dir, const struct ctl_ops *ops)
{
	char why[128];
	int fd, dfd, r;

	ctl.loop = l;
	ctl.ops = *ops;
	loop_timer_init(&ctl.follow_timer, ctl_follow_cb, NULL);
	loop_timer_init(&ctl.accept_timer, accept_resume, NULL);
	loop_timer_init(&ctl.idle_timer, idle_cb, NULL);
	loop_defer_init(&ctl.reap, reap_cb, NULL);
	if ((size_t)snprintf(ctl.path, sizeof(ctl.path), "%s/control.sock", runtime_dir) >=
	    sizeof(ctl.path))
		return -ENAMETOOLONG;
	/* made 0600 by the umask and bound from the directory's fd: no chmod
	 * through a path that someone could have swapped for a symlink */
	dfd = open_own_dir(AT_FDCWD, runtime_dir, why, sizeof(why));
	if (dfd < 0)
		return dfd;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	r = fd < 0 ? -errno : bind_unix_at(fd, dfd, "control.sock", 0600);
	close(dfd);
	if (r == 0 && listen(fd, 128) < 0)
		r = -errno;
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		return r;
	}
	ctl.lsrc = loop_add_fd(l, fd, EPOLLIN, accept_cb, NULL);
	if (!ctl.lsrc) {
		r = -errno;
		close(fd);
		return r;
	}
	ctl.lfd = fd;
	return 0;
}

void ctl_fini(void)
{
	if (ctl.lfd >= 0) {
		char dir[sizeof(ctl.path)];

		strcpy(dir, ctl.path);
		*strrchr(dir, '/') = '\0';
		(void)unlink_in_own_dir(dir, "control.sock", 0);
		ctl.lfd = -1;
	}
}
