/* SPDX-License-Identifier: MIT */
/*
 * sd_notify, both ways.  Upward, tend is a client of its own manager when
 * NOTIFY_SOCKET is set: one datagram per state, sent by tend itself.  The
 * protocol is systemd's stable interface, and systemd's sd_notify(3) asks
 * programs that need only this not to link libsystemd for it; tend is
 * linked statically, where dlopen() of a shared libsystemd would bring a
 * second libc of whatever version the image has (README, "Notify").
 *
 * Downward, tend serves one datagram socket per unit, a file in
 * <runtime-dir>/notify that any uid may write to.  Where a datagram
 * arrives names its unit; the sender's pid (SO_PASSCRED) decides
 * NotifyAccess, whatever its uid.
 * Nothing here blocks: reads are MSG_DONTWAIT and bounded per wakeup.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "notify.h"
#include "util.h"
#include "nofail.h"

static struct {
	struct sockaddr_un addr;
	socklen_t addrlen;	/* 0: no manager to tell */
	bool tried, ready_sent;
} up;

int ntf_up_addr(const char *s, struct sockaddr_un *ret, socklen_t *ret_len)
{
	size_t n = strlen(s);

	if (s[0] != '/' && s[0] != '@')
		return strncmp(s, "vsock:", 6) == 0 ? -EAFNOSUPPORT : -EINVAL;
	if (n < 2 || n >= sizeof(ret->sun_path))
		return -ENAMETOOLONG;
	memset(ret, 0, sizeof(*ret));
	ret->sun_family = AF_UNIX;
	memcpy(ret->sun_path, s, n);
	/* abstract: a leading NUL, and the length says where the name ends */
	if (s[0] == '@')
		ret->sun_path[0] = '\0';
	*ret_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (s[0] == '/'));
	return 0;
}

void ntf_up_init(void)
{
	const char *sock = getenv("NOTIFY_SOCKET");
	int r;

	if (up.tried || !sock)
		return;
	up.tried = true;
	r = ntf_up_addr(sock, &up.addr, &up.addrlen);
	if (r < 0) {
		up.addrlen = 0;
		log_warn("NOTIFY_SOCKET=%s is not an address tend can use: %s; "
			 "tend will not report readiness to its manager", sock, strerror(-r));
	}
	/* tend answers to its manager; children must not speak for tend */
	unsetenv("NOTIFY_SOCKET");
}

/* One datagram, never waited for: a manager that stops reading loses it. */
static void send_state(const char *state)
{
	int fd;

	if (up.addrlen == 0)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || sendto(fd, state, strlen(state), MSG_NOSIGNAL,
			     (const struct sockaddr *)&up.addr, up.addrlen) < 0)
		log_warn("telling the manager \"%s\" failed: %s", state, strerror(errno));
	if (fd >= 0)
		close(fd);
}

void ntf_up_ready(const char *status)
{
	char buf[256];

	if (up.addrlen == 0 || up.ready_sent)
		return;
	up.ready_sent = true;
	snprintf(buf, sizeof(buf), "READY=1\nSTATUS=%s", status);
	send_state(buf);
}

void ntf_up_status(const char *status)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "STATUS=%s", status);
	send_state(buf);
}

void ntf_up_stopping(void)
{
	send_state("STOPPING=1");
}

/* ---- the parser: pure ---- */

const char *const notify_access_names[_NOTIFY_ACCESS_MAX] = {
	[NOTIFY_ACCESS_NONE] = "none",
	[NOTIFY_ACCESS_MAIN] = "main",
	[NOTIFY_ACCESS_EXEC] = "exec",
	[NOTIFY_ACCESS_ALL] = "all",
};

int notify_access_from_string(const char *s)
{
	int i;

	for (i = 0; i < _NOTIFY_ACCESS_MAX; i++)
		if (strcmp(s, notify_access_names[i]) == 0)
			return i;
	return -EINVAL;
}

/* Decimal digits only, no sign, no blanks, no overflow. */
static bool parse_u64(const char *s, size_t n, uint64_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ret = v;
	return true;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it isn't one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/* Copy valid UTF-8 text, cut on a character boundary; false if invalid. */
static bool copy_status(char *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, keep = 0;

	while (i < n) {
		size_t k = utf8_seq(s + i, n - i);

		if (k == 0)
			return false;
		i += k;
		if (i < NTF_STATUS_MAX)
			keep = i;
	}
	memcpy(dst, src, keep);
	dst[keep] = '\0';
	return true;
}

static bool is_one(const char *v, size_t n)
{
	return n == 1 && v[0] == '1';
}

/* Apply one KEY=VALUE line; false if the key is known and the value bad. */
static bool parse_known(struct ntf_msg *m, const char *k, size_t kn, const char *v, size_t vn,
			bool *known)
{
#define KEY(lit) (kn == sizeof(lit) - 1 && memcmp(k, lit, kn) == 0)
	uint64_t u;

	*known = true;
	if (KEY("READY") || KEY("RELOADING") || KEY("STOPPING") || KEY("BARRIER")) {
		unsigned f = KEY("READY") ? NTF_READY : KEY("RELOADING") ? NTF_RELOADING :
			     KEY("STOPPING") ? NTF_STOPPING : NTF_BARRIER;

		if (!is_one(v, vn))
			return false;
		m->fields |= f;
	} else if (KEY("STATUS")) {
		if (m->fields & NTF_STATUS)
			return true;
		if (!copy_status(m->status, v, vn))
			return false;
		m->fields |= NTF_STATUS;
	} else if (KEY("MAINPID")) {
		if (!parse_u64(v, vn, &u) || u == 0 || u > INT_MAX)
			return false;
		if (!(m->fields & NTF_MAINPID))
			m->main_pid = (pid_t)u;
		m->fields |= NTF_MAINPID;
	} else if (KEY("WATCHDOG")) {
		if (is_one(v, vn))
			m->fields |= NTF_WATCHDOG;
		else if (vn == 7 && memcmp(v, "trigger", 7) == 0)
			m->fields |= NTF_WATCHDOG_TRIGGER;
		else
			return false;
	} else if (KEY("WATCHDOG_USEC") || KEY("EXTEND_TIMEOUT_USEC")) {
		unsigned f = KEY("WATCHDOG_USEC") ? NTF_WATCHDOG_USEC : NTF_EXTEND_TIMEOUT;

		if (!parse_u64(v, vn, &u))
			return false;
		if (!(m->fields & f)) {
			if (f == NTF_WATCHDOG_USEC)
				m->watchdog_usec = u;
			else
				m->extend_usec = u;
		}
		m->fields |= f;
	} else if (KEY("ERRNO")) {
		if (!parse_u64(v, vn, &u) || u > INT_MAX)
			return false;
		if (!(m->fields & NTF_ERRNO))
			m->errnum = (int)u;
		m->fields |= NTF_ERRNO;
	} else {
		*known = false;
	}
	return true;
#undef KEY
}

int ntf_parse(const char *buf, size_t len, struct ntf_msg *ret)
{
	const char *p = buf, *end = buf + len;

	memset(ret, 0, sizeof(*ret));
	if (len > NTF_MSG_MAX)
		return -EMSGSIZE;
	if (len == 0)
		return 0;
	if (memchr(buf, '\0', len))
		return -EBADMSG;
	while (p < end) {
		const char *eol = p, *eq;
		bool known;

		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		if (eol == p) {		/* empty line, as systemd: skipped */
			p++;
			continue;
		}
		eq = memchr(p, '=', (size_t)(eol - p));
		if (!eq || eq == p)
			ret->n_invalid++;
		else if (!parse_known(ret, p, (size_t)(eq - p), eq + 1, (size_t)(eol - eq - 1),
				      &known))
			ret->n_invalid++;
		else if (!known)
			ret->n_unknown++;
		p = eol;
	}
	return 0;
}

bool ntf_access_ok(enum unit_notify_access na, pid_t sender, pid_t main_pid, pid_t control_pid,
		   ntf_member_fn *in_unit, void *data)
{
	if (sender <= 0)	/* not visible in tend's pid namespace */
		return false;
	switch (na) {
	case NOTIFY_ACCESS_NONE:
		return false;
	case NOTIFY_ACCESS_MAIN:
		return main_pid > 0 && sender == main_pid;
	case NOTIFY_ACCESS_EXEC:
		return (main_pid > 0 && sender == main_pid) ||
		       (control_pid > 0 && sender == control_pid);
	case NOTIFY_ACCESS_ALL:
		return in_unit ? in_unit(data, sender) : true;
	case _NOTIFY_ACCESS_MAX:
		break;
	}
	return false;
}

/* ---- the server: one socket per unit ---- */

#define NTF_BATCH 8		/* datagrams per wakeup: fairness between units */
#define NTF_MAX_FDS 8		/* fds accepted (and closed) per datagram */
#define NTF_WARN_MS 10000	/* at most one warning per socket this often */

struct ntf_sock {
	int fd;
	struct loop_src *src;
	ntf_fn *fn;
	void *data;
	uint64_t dropped, bad, bad_reported;
	int64_t warned_ms;
	struct {
		uint64_t n, reported;
		int64_t warned_ms;
	} refused[_NTF_REFUSED_MAX];
	bool in_dispatch, closed;
	bool abstract;		/* no file: nothing to unlink */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	char unit[];
};

const char *ntf_path(const struct ntf_sock *s)
{
	return s->path;
}

uint64_t ntf_dropped(const struct ntf_sock *s)
{
	return s->dropped;
}

/* Count a bad datagram or line; warn at most every NTF_WARN_MS per unit. */
static void note_bad(struct ntf_sock *s, bool dropped, const char *what)
{
	int64_t now = now_ms();

	s->bad++;
	if (dropped)
		s->dropped++;
	if (s->warned_ms && now - s->warned_ms < NTF_WARN_MS)
		return;
	log_warn("'%s': notify: %s (%llu bad message(s) since last warning, %llu dropped in all)",
		 s->unit, what, (unsigned long long)(s->bad - s->bad_reported),
		 (unsigned long long)s->dropped);
	s->bad_reported = s->bad;
	s->warned_ms = now ? now : 1;
}

void ntf_refused(struct ntf_sock *s, enum ntf_refusal kind, const char *fmt, ...)
{
	int64_t now = now_ms();
	char text[256];
	va_list ap;

	if (!s || kind >= _NTF_REFUSED_MAX)
		return;
	s->refused[kind].n++;
	if (s->refused[kind].warned_ms && now - s->refused[kind].warned_ms < NTF_WARN_MS)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (s->refused[kind].n - s->refused[kind].reported > 1)
		log_warn("'%s': notify: %s (%llu refused since the last warning)", s->unit, text,
			 (unsigned long long)(s->refused[kind].n - s->refused[kind].reported - 1));
	else
		log_warn("'%s': notify: %s", s->unit, text);
	s->refused[kind].reported = s->refused[kind].n;
	s->refused[kind].warned_ms = now ? now : 1;
}

/* Take the credentials out of the control data and close any fds passed. */
static bool scan_cmsgs(struct msghdr *mh, struct ucred *ret_cred)
{
	struct cmsghdr *c;
	bool have_cred = false;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
			memcpy(ret_cred, CMSG_DATA(c), sizeof(*ret_cred));
			have_cred = true;
		} else if (c->cmsg_type == SCM_RIGHTS) {
			size_t i, n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			for (i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
				close(fd);	/* BARRIER=1 waits for this; FDSTORE unsupported */
			}
		}
	}
	return have_cred;
}

/* Receive one datagram; 1 to go on, 0 when drained, -errno on error. */
static int recv_one(struct ntf_sock *s)
{
	static char buf[NTF_MSG_MAX + 1];	/* single-threaded: one buffer will do */
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * NTF_MAX_FDS)];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = &ctl, .msg_controllen = sizeof(ctl) };
	struct ucred cred;
	struct ntf_msg m;
	ssize_t n;
	int r;

	n = recvmsg(s->fd, &mh, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return errno == EINTR ? 1 : -errno;
	}
	if (!scan_cmsgs(&mh, &cred)) {
		note_bad(s, true, "message without credentials dropped");
		return 1;
	}
	if ((size_t)n > NTF_MSG_MAX || (mh.msg_flags & MSG_TRUNC)) {
		note_bad(s, true, "oversized message dropped");
		return 1;
	}
	r = ntf_parse(buf, (size_t)n, &m);
	if (r < 0) {
		note_bad(s, true, "message with an embedded NUL dropped");
		return 1;
	}
	if (!(m.fields & ~(unsigned)NTF_BARRIER)) {
		if (m.n_invalid)
			note_bad(s, true, "garbage message dropped");
		return 1;
	}
	if (m.n_invalid)
		note_bad(s, false, "bad lines ignored");
	s->in_dispatch = true;
	s->fn(s->data, &m, &cred);
	s->in_dispatch = false;
	return 1;
}

static void recv_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	struct ntf_sock *s = data;
	int i;

	(void)l;
	(void)fd;
	(void)ev;
	for (i = 0; i < NTF_BATCH && !s->closed; i++)
		if (recv_one(s) <= 0)
			break;	/* NB: other errors are transient (ENOMEM, ENOBUFS) */
	if (s->closed)
		free(s);	/* ntf_close() from the callback left this to us */
}

/*
 * Choose the socket's name in <runtime_dir>/notify: the unit's name when
 * the whole path fits in sun_path, else a short number (a unit name always
 * has a dot, a number never).  Without a runtime directory (PrivateTmp=
 * hides it, or it was refused) an abstract name that no one can guess, so
 * no one can bind it first: "@tend/" and 16 random hex digits.  Who is
 * heard is decided by the sender's pid either way.
 */
static int choose_path(struct ntf_sock *s, const char *runtime_dir)
{
	static unsigned long seq;
	const size_t max = sizeof(((struct sockaddr_un *)0)->sun_path);
	uint64_t rnd;
	int n;

	if (!runtime_dir) {
		if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
			return errno == EAGAIN ? -EAGAIN : -errno;
		snprintf(s->path, sizeof(s->path), "@tend/%016llx", (unsigned long long)rnd);
		s->abstract = true;
		return 0;
	}
	n = snprintf(s->path, sizeof(s->path), "%s/notify/%s", runtime_dir, s->unit);
	if (n > 0 && (size_t)n < max)
		return 0;
	n = snprintf(s->path, sizeof(s->path), "%s/notify/%lu", runtime_dir, ++seq);
	return n > 0 && (size_t)n < max ? 0 : -ENAMETOOLONG;
}

/* Bind s->fd to its abstract name (a leading NUL, no trailing one). */
static int bind_abstract(struct ntf_sock *s)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strlen(s->path);

	memcpy(a.sun_path + 1, s->path + 1, n - 1);
	if (bind(s->fd, (struct sockaddr *)&a,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)) < 0)
		return -errno;
	return 0;
}

/*
 * <runtime_dir>/notify, made and opened without following a symlink, and
 * both directories refused unless tend's own and unwritable by others.
 */
static int open_notify_dir(const char *runtime_dir)
{
	char why[128];
	int rt, fd;

	rt = open_own_dir(AT_FDCWD, runtime_dir, why, sizeof(why));
	if (rt < 0)
		return rt;
	if (mkdirat(rt, "notify", 0755) < 0 && errno != EEXIST) {
		fd = -errno;
		close(rt);
		return fd;
	}
	fd = open_own_dir(rt, "notify", why, sizeof(why));
	close(rt);
	return fd;
}

/*
 * Create the socket and bind it where choose_path() said, mode 0666: any
 * uid may send, since a service may change its uid after it starts; who
 * may speak for the unit is decided by the sender's pid (NotifyAccess=).
 */
static int bind_sock(struct ntf_sock *s, const char *runtime_dir)
{
	int one = 1, dfd, r;

	s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -errno;
	if (setsockopt(s->fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
		return -errno;
	if (s->abstract)
		return bind_abstract(s);
	dfd = open_notify_dir(runtime_dir);
	if (dfd < 0)
		return dfd;
	r = bind_unix_at(s->fd, dfd, strrchr(s->path, '/') + 1, 0666);
	close(dfd);
	return r;
}

/* Remove the socket's file from notify/, by the directory's fd. */
static void unlink_sock(const struct ntf_sock *s)
{
	char dir[sizeof(s->path)];
	char *slash;

	if (s->abstract)
		return;
	strcpy(dir, s->path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	(void)unlink_in_own_dir(dir, slash + 1, 0);
}

static bool unit_name_ok(const char *unit)
{
	return unit[0] && !strchr(unit, '/') && strcmp(unit, ".") != 0 &&
	       strcmp(unit, "..") != 0;
}

struct ntf_sock *ntf_open(struct loop *l, const char *runtime_dir, const char *unit, ntf_fn *fn,
			  void *data, char *ret_path, size_t size)
{
	struct ntf_sock *s;
	int r;

	if (!unit_name_ok(unit) || !fn) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s) + strlen(unit) + 1);
	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	strcpy(s->unit, unit);
	s->fn = fn;
	s->data = data;
	s->fd = -1;
	r = choose_path(s, runtime_dir);
	if (r == 0 && ret_path && strlen(s->path) >= size)
		r = -ENAMETOOLONG;
	if (r == 0)
		r = bind_sock(s, runtime_dir);
	if (r == 0) {
		s->src = loop_add_fd(l, s->fd, EPOLLIN, recv_cb, s);
		if (!s->src) {
			r = -errno;
			unlink_sock(s);
		}
	}
	if (r < 0) {
		if (s->fd >= 0)
			close(s->fd);
		free(s);
		errno = -r;
		return NULL;
	}
	if (ret_path)
		strcpy(ret_path, s->path);
	return s;
}

void ntf_close(struct loop *l, struct ntf_sock *s)
{
	if (!s || s->closed)
		return;
	loop_del_fd(l, s->src);
	close(s->fd);
	unlink_sock(s);
	s->closed = true;
	if (!s->in_dispatch)
		free(s);
}
