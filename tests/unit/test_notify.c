/* SPDX-License-Identifier: MIT */
/*
 * notify: the pure parser and NotifyAccess rules, then the server for real:
 * a socket in a temp dir, a real struct loop, and the reference clients,
 * libsystemd's sd_notify()/sd_pid_notify() (dlopen()ed, so that the test
 * runs, and says what it skipped, without it) and the systemd-notify
 * binary.  Upward, tend's own client: the address it makes of
 * NOTIFY_SOCKET, and its datagrams arriving at a real server.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "loop.h"
#include "notify.h"
#include "util.h"

static struct ntf_msg parse_ok(const char *s)
{
	struct ntf_msg m;

	assert_int_equal(ntf_parse(s, strlen(s), &m), 0);
	return m;
}

/* ---- parser ---- */

static void parse_flags(void **state)
{
	struct ntf_msg m;

	(void)state;
	m = parse_ok("READY=1");
	assert_int_equal(m.fields, NTF_READY);
	assert_int_equal(m.n_invalid, 0);
	m = parse_ok("RELOADING=1\n");
	assert_int_equal(m.fields, NTF_RELOADING);
	m = parse_ok("STOPPING=1\n");
	assert_int_equal(m.fields, NTF_STOPPING);
	m = parse_ok("WATCHDOG=1");
	assert_int_equal(m.fields, NTF_WATCHDOG);
	m = parse_ok("WATCHDOG=trigger");
	assert_int_equal(m.fields, NTF_WATCHDOG_TRIGGER);
	m = parse_ok("BARRIER=1");
	assert_int_equal(m.fields, NTF_BARRIER);
	m = parse_ok("READY=1\nSTATUS=up\nWATCHDOG=1\n");
	assert_int_equal(m.fields, NTF_READY | NTF_STATUS | NTF_WATCHDOG);
	assert_string_equal(m.status, "up");
}

static void parse_values(void **state)
{
	struct ntf_msg m;

	(void)state;
	m = parse_ok("MAINPID=4711");
	assert_int_equal(m.fields, NTF_MAINPID);
	assert_int_equal(m.main_pid, 4711);
	m = parse_ok("WATCHDOG_USEC=20000000");
	assert_int_equal(m.fields, NTF_WATCHDOG_USEC);
	assert_true(m.watchdog_usec == 20000000);
	m = parse_ok("WATCHDOG_USEC=0");
	assert_int_equal(m.fields, NTF_WATCHDOG_USEC);
	assert_true(m.watchdog_usec == 0);
	m = parse_ok("EXTEND_TIMEOUT_USEC=18446744073709551615");
	assert_int_equal(m.fields, NTF_EXTEND_TIMEOUT);
	assert_true(m.extend_usec == UINT64_MAX);
	m = parse_ok("ERRNO=2");
	assert_int_equal(m.fields, NTF_ERRNO);
	assert_int_equal(m.errnum, 2);
	m = parse_ok("ERRNO=0");
	assert_int_equal(m.fields, NTF_ERRNO);
	m = parse_ok("STATUS=Completed 66% of file system check...");
	assert_string_equal(m.status, "Completed 66% of file system check...");
	m = parse_ok("STATUS=");
	assert_int_equal(m.fields, NTF_STATUS);
	assert_string_equal(m.status, "");
	m = parse_ok("STATUS=a=b=c");
	assert_string_equal(m.status, "a=b=c");
}

static void parse_bad_values(void **state)
{
	static const char *const bad[] = {
		"READY=0", "READY=", "READY=11", "READY=yes", "RELOADING=0", "STOPPING=true",
		"WATCHDOG=0", "WATCHDOG=Trigger", "WATCHDOG=", "MAINPID=0", "MAINPID=-1",
		"MAINPID=2147483648", "MAINPID= 5", "MAINPID=5 ", "MAINPID=0x10", "MAINPID=",
		"WATCHDOG_USEC=-1", "WATCHDOG_USEC=18446744073709551616",
		"WATCHDOG_USEC=99999999999999999999999", "WATCHDOG_USEC=1s",
		"EXTEND_TIMEOUT_USEC=", "EXTEND_TIMEOUT_USEC=+5", "ERRNO=-2", "ERRNO=ENOENT",
		"ERRNO=2147483648", "STATUS=\xff", "STATUS=\xc3", "STATUS=\xed\xa0\x80",
		"STATUS=\xc0\xaf", "STATUS=\xf4\x90\x80\x80", "BARRIER=2",
		"READY", "=1", "garbage", " READY=1", "READY =1", "ready=1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ntf_msg m = parse_ok(bad[i]);

		if (m.fields != 0 || m.n_invalid + m.n_unknown != 1)
			fail_msg("'%s': fields %#x invalid %u unknown %u", bad[i], m.fields,
				 m.n_invalid, m.n_unknown);
	}
	/* lowercase and padded keys are keys tend does not know, as in systemd */
	assert_int_equal(parse_ok("ready=1").n_unknown, 1);
	assert_int_equal(parse_ok("READY=0").n_invalid, 1);
}

static void parse_lines(void **state)
{
	struct ntf_msg m;

	(void)state;
	/* CR and LF both end lines; empty lines are skipped */
	m = parse_ok("\n\nREADY=1\r\nSTATUS=x\r\r\nMAINPID=7\n\n");
	assert_int_equal(m.fields, NTF_READY | NTF_STATUS | NTF_MAINPID);
	assert_string_equal(m.status, "x");
	assert_int_equal(m.main_pid, 7);
	assert_int_equal(m.n_invalid, 0);
	/* unknown keys are ignored, the rest of the message counts */
	m = parse_ok("X_FOO=bar\nFDSTORE=1\nFDNAME=x\nREADY=1\nBUSERROR=a.b");
	assert_int_equal(m.fields, NTF_READY);
	assert_int_equal(m.n_unknown, 4);
	/* a bad line is skipped, the good ones still apply */
	m = parse_ok("MAINPID=abc\nREADY=1\nnoequals\n");
	assert_int_equal(m.fields, NTF_READY);
	assert_int_equal(m.n_invalid, 2);
	/* the first valid occurrence wins, as with systemd's strv_find_startswith */
	m = parse_ok("STATUS=one\nSTATUS=two\nMAINPID=5\nMAINPID=6\nERRNO=1\nERRNO=3\n"
		     "WATCHDOG_USEC=1\nWATCHDOG_USEC=2\nEXTEND_TIMEOUT_USEC=3\n"
		     "EXTEND_TIMEOUT_USEC=4");
	assert_string_equal(m.status, "one");
	assert_int_equal(m.main_pid, 5);
	assert_int_equal(m.errnum, 1);
	assert_true(m.watchdog_usec == 1 && m.extend_usec == 3);
	m = parse_ok("MAINPID=x\nMAINPID=9");
	assert_int_equal(m.main_pid, 9);
	assert_int_equal(m.n_invalid, 1);
	/* empty message */
	m = parse_ok("");
	assert_int_equal(m.fields, 0);
	assert_int_equal(ntf_parse(NULL, 0, &m), 0);
}

static void parse_nul_and_size(void **state)
{
	static char big[NTF_MSG_MAX + 2];
	struct ntf_msg m;

	(void)state;
	assert_int_equal(ntf_parse("READY=1\0STATUS=x", 16, &m), -EBADMSG);
	assert_int_equal(ntf_parse("READY=1\0", 8, &m), -EBADMSG);
	assert_int_equal(ntf_parse("\0", 1, &m), -EBADMSG);
	assert_int_equal(m.fields, 0);
	/* exactly NTF_MSG_MAX is fine, one more is not */
	memset(big, 'x', sizeof(big));
	memcpy(big, "READY=1\nX=", 10);
	assert_int_equal(ntf_parse(big, NTF_MSG_MAX, &m), 0);
	assert_int_equal(m.fields, NTF_READY);
	assert_int_equal(ntf_parse(big, NTF_MSG_MAX + 1, &m), -EMSGSIZE);
	assert_int_equal(m.fields, 0);
}

static void parse_status_cut(void **state)
{
	char buf[NTF_MSG_MAX];
	struct ntf_msg m;
	size_t i, n;

	(void)state;
	/* 300 ASCII bytes: kept up to NTF_STATUS_MAX - 1 */
	n = (size_t)snprintf(buf, sizeof(buf), "STATUS=");
	for (i = 0; i < 300; i++)
		buf[n++] = 'a';
	assert_int_equal(ntf_parse(buf, n, &m), 0);
	assert_int_equal(strlen(m.status), NTF_STATUS_MAX - 1);
	/* 3-byte characters: cut on a character boundary, never inside one */
	n = (size_t)snprintf(buf, sizeof(buf), "STATUS=");
	for (i = 0; i < 100; i++) {
		memcpy(buf + n, "\xe2\x82\xac", 3);	/* U+20AC */
		n += 3;
	}
	assert_int_equal(ntf_parse(buf, n, &m), 0);
	assert_int_equal(strlen(m.status) % 3, 0);
	assert_true(strlen(m.status) >= NTF_STATUS_MAX - 3);
	m = parse_ok("STATUS=\xf0\x9f\x98\x80 ok \xc3\xa9");
	assert_string_equal(m.status, "\xf0\x9f\x98\x80 ok \xc3\xa9");
}

/* ---- NotifyAccess ---- */

static bool member_odd(void *data, pid_t pid)
{
	(*(int *)data)++;
	return pid % 2 == 1;
}

static void access_rules(void **state)
{
	int calls = 0;

	(void)state;
	assert_false(ntf_access_ok(NOTIFY_ACCESS_NONE, 10, 10, 0, NULL, NULL));
	assert_true(ntf_access_ok(NOTIFY_ACCESS_MAIN, 10, 10, 11, NULL, NULL));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_MAIN, 11, 10, 11, NULL, NULL));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_MAIN, 12, 10, 11, NULL, NULL));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_MAIN, 10, 0, 0, NULL, NULL));
	assert_true(ntf_access_ok(NOTIFY_ACCESS_EXEC, 10, 10, 11, NULL, NULL));
	assert_true(ntf_access_ok(NOTIFY_ACCESS_EXEC, 11, 10, 11, NULL, NULL));
	assert_true(ntf_access_ok(NOTIFY_ACCESS_EXEC, 11, 0, 11, NULL, NULL));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_EXEC, 12, 10, 11, NULL, NULL));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_EXEC, 12, 0, 0, NULL, NULL));
	assert_true(ntf_access_ok(NOTIFY_ACCESS_ALL, 12, 10, 0, NULL, NULL));
	assert_true(ntf_access_ok(NOTIFY_ACCESS_ALL, 13, 10, 0, member_odd, &calls));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_ALL, 14, 10, 0, member_odd, &calls));
	assert_int_equal(calls, 2);
	/* a sender outside tend's pid namespace shows as pid 0: never trusted */
	assert_false(ntf_access_ok(NOTIFY_ACCESS_MAIN, 0, 0, 0, NULL, NULL));
	assert_false(ntf_access_ok(NOTIFY_ACCESS_ALL, 0, 10, 0, NULL, NULL));
	assert_false(ntf_access_ok(_NOTIFY_ACCESS_MAX, 10, 10, 0, NULL, NULL));
	/* names */
	assert_int_equal(notify_access_from_string("none"), NOTIFY_ACCESS_NONE);
	assert_int_equal(notify_access_from_string("main"), NOTIFY_ACCESS_MAIN);
	assert_int_equal(notify_access_from_string("exec"), NOTIFY_ACCESS_EXEC);
	assert_int_equal(notify_access_from_string("all"), NOTIFY_ACCESS_ALL);
	assert_int_equal(notify_access_from_string("All"), -EINVAL);
	assert_int_equal(notify_access_from_string(""), -EINVAL);
}

/* ---- the server, with real clients ---- */

#define MAXGOT 64

struct fixture {
	struct loop l;
	char dir[64];
	char path[128];
	struct ntf_sock *s;
	unsigned ngot;
	struct ntf_msg got[MAXGOT];
	struct ucred cred[MAXGOT];
	bool close_in_cb;
};

typedef int sd_notify_fn(int unset, const char *state);
typedef int sd_pid_notify_fn(pid_t pid, int unset, const char *state);
static sd_notify_fn *p_sd_notify;
static sd_pid_notify_fn *p_sd_pid_notify;

static void on_msg(void *data, const struct ntf_msg *m, const struct ucred *cred)
{
	struct fixture *f = data;

	if (f->ngot < MAXGOT) {
		f->got[f->ngot] = *m;
		f->cred[f->ngot] = *cred;
	}
	f->ngot++;
	if (f->close_in_cb) {
		ntf_close(&f->l, f->s);
		f->s = NULL;
	}
}

static int setup(void **state)
{
	static bool loaded;
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (!loaded) {
		void *h = dlopen("libsystemd.so.0", RTLD_NOW);

		loaded = true;
		if (h) {
			p_sd_notify = (sd_notify_fn *)dlsym(h, "sd_notify");
			p_sd_pid_notify = (sd_pid_notify_fn *)dlsym(h, "sd_pid_notify");
		}
	}
	strcpy(f->dir, "/tmp/tend-ntf-XXXXXX");
	if (!mkdtemp(f->dir) || loop_init(&f->l) < 0)
		return -1;
	f->s = ntf_open(&f->l, f->dir, "web.service", on_msg, f, f->path, sizeof(f->path));
	if (!f->s)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char sub[128];

	ntf_close(&f->l, f->s);
	loop_del_fd(&f->l, f->l.tsrc);	/* NB: loop_fini() leaks the live timerfd source */
	loop_fini(&f->l);
	snprintf(sub, sizeof(sub), "%s/notify", f->dir);
	rmdir(sub);
	rmdir(f->dir);
	unsetenv("NOTIFY_SOCKET");
	free(f);
	return 0;
}

/* Run the loop until n messages arrived or 5 s passed. */
static void pump(struct fixture *f, unsigned n)
{
	int64_t end = now_ms() + 5000;

	while (f->ngot < n && now_ms() < end)
		loop_run_once(&f->l, 100);
}

static void send_raw(const char *path, const void *buf, size_t len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	strcpy(a.sun_path, path);
	assert_int_equal(sendto(fd, buf, len, 0, (struct sockaddr *)&a, sizeof(a)), (ssize_t)len);
	close(fd);
}

static void server_path(void **state)
{
	struct fixture *f = *state;
	char want[128];
	struct stat st;

	snprintf(want, sizeof(want), "%s/notify/web.service", f->dir);
	assert_string_equal(f->path, want);
	assert_string_equal(ntf_path(f->s), want);
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	/* any uid may send: the sender's pid decides (NotifyAccess=) */
	assert_int_equal(st.st_mode & 0777, 0666);
	/* close removes the file */
	ntf_close(&f->l, f->s);
	f->s = NULL;
	assert_int_equal(stat(want, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static void server_sd_notify(void **state)
{
	struct fixture *f = *state;

	if (!p_sd_notify)
		skip();
	setenv("NOTIFY_SOCKET", f->path, 1);
	assert_true(p_sd_notify(0, "READY=1\nSTATUS=hello") > 0);
	assert_true(p_sd_pid_notify(0, 0, "WATCHDOG=1\nMAINPID=4242") > 0);
	assert_true(p_sd_notify(1, "STOPPING=1") > 0);
	assert_null(getenv("NOTIFY_SOCKET"));
	pump(f, 3);
	assert_int_equal(f->ngot, 3);
	assert_int_equal(f->got[0].fields, NTF_READY | NTF_STATUS);
	assert_string_equal(f->got[0].status, "hello");
	assert_int_equal(f->got[1].fields, NTF_WATCHDOG | NTF_MAINPID);
	assert_int_equal(f->got[1].main_pid, 4242);
	assert_int_equal(f->got[2].fields, NTF_STOPPING);
	assert_int_equal(f->cred[0].pid, getpid());
	assert_int_equal(f->cred[0].uid, getuid());
	assert_int_equal(f->cred[0].gid, getgid());
	assert_int_equal(ntf_dropped(f->s), 0);
}

/* systemd-notify waits (BARRIER=1 + a pipe fd) until the server closes the fd. */
static void server_systemd_notify(void **state)
{
	struct fixture *f = *state;
	int64_t t0, end;
	pid_t pid;
	int st = -1;

	if (access("/usr/bin/systemd-notify", X_OK) != 0)
		skip();
	t0 = now_ms();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("NOTIFY_SOCKET", f->path, 1);
		execl("/usr/bin/systemd-notify", "systemd-notify", "--ready", "--status=x",
		      (char *)NULL);
		_exit(127);
	}
	end = now_ms() + 5000;
	while (now_ms() < end) {
		loop_run_once(&f->l, 50);
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
	}
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_true(now_ms() - t0 < 2000);	/* the barrier was released, not timed out */
	pump(f, 1);
	assert_int_equal(f->ngot, 1);
	assert_int_equal(f->got[0].fields, NTF_READY | NTF_STATUS);
	assert_string_equal(f->got[0].status, "x");
	/* sent on behalf of its parent when privileged, else as itself */
	assert_true(f->cred[0].pid == getpid() || f->cred[0].pid == pid);
	assert_int_equal(f->cred[0].uid, getuid());

	/* --pid: MAINPID= of the caller, as the man page says */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("NOTIFY_SOCKET", f->path, 1);
		execl("/usr/bin/systemd-notify", "systemd-notify", "--pid=1234", "WATCHDOG=1",
		      (char *)NULL);
		_exit(127);
	}
	end = now_ms() + 5000;
	while (now_ms() < end) {
		loop_run_once(&f->l, 50);
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
	}
	assert_int_equal(WEXITSTATUS(st), 0);
	pump(f, 2);
	assert_int_equal(f->ngot, 2);
	assert_int_equal(f->got[1].fields, NTF_MAINPID | NTF_WATCHDOG);
	assert_int_equal(f->got[1].main_pid, 1234);
}

/* Run the loop while waiting for pid; returns its wait status, -1 on timeout. */
static int pump_wait(struct fixture *f, pid_t pid, int64_t ms)
{
	int64_t end = now_ms() + ms;
	int st;

	while (now_ms() < end) {
		loop_run_once(&f->l, 20);
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
	}
	return -1;
}

static pid_t run_client(struct fixture *f, const char *prog, const char *wd_usec,
			const char *arg)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("NOTIFY_SOCKET", f->path, 1);
		if (wd_usec)
			setenv("WATCHDOG_USEC", wd_usec, 1);
		execl(prog, prog, arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* examples/notify-client: the Type=notify service of the docs and tests. */
static void server_example_client(void **state)
{
	struct fixture *f = *state;
	const char *dir = getenv("TEND_EXAMPLES");
	char prog[256];
	unsigned i, j, pings = 0;
	pid_t pid;
	int st;

	snprintf(prog, sizeof(prog), "%s/notify-client", dir ? dir : "build/examples");
	if (access(prog, X_OK) != 0) {
		if (dir)
			fail_msg("%s not built", prog);
		skip();	/* run by hand: make build/examples/notify-client */
	}
	/* watchdog every 100 ms / 2; SIGTERM once READY=1 and three pings came */
	pid = run_client(f, prog, "100000", NULL);
	for (i = 0; i < 100 && pings < 3; i++) {
		loop_run_once(&f->l, 50);
		for (pings = 0, j = 0; j < f->ngot && j < MAXGOT; j++)
			pings += !!(f->got[j].fields & NTF_WATCHDOG);
	}
	assert_true(pings >= 3);
	kill(pid, SIGTERM);
	st = pump_wait(f, pid, 5000);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	pump(f, f->ngot + 1);
	assert_true(f->ngot >= 6 && f->ngot < MAXGOT);
	assert_int_equal(f->got[0].fields, NTF_STATUS);
	assert_string_equal(f->got[0].status, "starting");
	assert_int_equal(f->got[1].fields, NTF_READY | NTF_STATUS);
	assert_string_equal(f->got[1].status, "running, watchdog on");
	for (i = 2; i + 1 < f->ngot; i++)
		assert_int_equal(f->got[i].fields, NTF_WATCHDOG);
	assert_int_equal(f->got[f->ngot - 1].fields, NTF_STOPPING | NTF_STATUS);
	for (i = 0; i < f->ngot; i++)
		assert_int_equal(f->cred[i].pid, pid);

	/* --pings 2: two pings, then silence (what a watchdog miss looks like) */
	f->ngot = 0;
	pid = run_client(f, prog, "40000", "--pings=2");
	for (i = 0; i < 10; i++)	/* 200 ms: ten intervals */
		loop_run_once(&f->l, 20);
	kill(pid, SIGTERM);
	st = pump_wait(f, pid, 5000);
	assert_true(WIFEXITED(st));
	pump(f, 5);
	assert_int_equal(f->ngot, 5);	/* STATUS, READY, 2 x WATCHDOG, STOPPING */
	assert_int_equal(f->got[2].fields, NTF_WATCHDOG);
	assert_int_equal(f->got[3].fields, NTF_WATCHDOG);

	/* no watchdog asked for: no pings; --trigger: WATCHDOG=trigger */
	f->ngot = 0;
	pid = run_client(f, prog, NULL, "--trigger");
	pump(f, 3);
	kill(pid, SIGTERM);
	assert_true(WIFEXITED(pump_wait(f, pid, 5000)));
	pump(f, 4);
	assert_int_equal(f->ngot, 4);
	assert_string_equal(f->got[1].status, "running, watchdog off");
	assert_int_equal(f->got[2].fields, NTF_WATCHDOG_TRIGGER);
	assert_int_equal(f->got[3].fields, NTF_STOPPING | NTF_STATUS);
}

static void server_drops(void **state)
{
	static char big[NTF_MSG_MAX + 100];
	struct fixture *f = *state;
	int i;

	memset(big, 'x', sizeof(big));
	memcpy(big, "READY=1\nX=", 10);
	send_raw(f->path, big, NTF_MSG_MAX + 1);		/* oversized */
	send_raw(f->path, big, sizeof(big));			/* oversized */
	send_raw(f->path, "READY=1\0STATUS=x", 16);		/* embedded NUL */
	send_raw(f->path, "garbage\nmore garbage", 20);		/* no valid line */
	send_raw(f->path, "X_UNKNOWN=1", 11);			/* ignored, not dropped */
	send_raw(f->path, "", 0);				/* empty: ignored */
	send_raw(f->path, "MAINPID=x\nREADY=1", 17);		/* delivered, bad line counted */
	send_raw(f->path, big, NTF_MSG_MAX);			/* exactly the maximum: fine */
	for (i = 0; i < 10; i++)
		loop_run_once(&f->l, 20);
	assert_int_equal(f->ngot, 2);
	assert_int_equal(f->got[0].fields, NTF_READY);
	assert_int_equal(f->got[0].n_invalid, 1);
	assert_int_equal(f->got[1].fields, NTF_READY);
	assert_int_equal(ntf_dropped(f->s), 4);
}

/*
 * A wakeup reads a bounded batch; the rest waits for the next one.  The
 * kernel queues only net.unix.max_dgram_qlen (10) datagrams per socket, so
 * send non-blocking until it refuses.
 */
static void server_batch(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned n = 0;

	assert_true(fd >= 0);
	strcpy(a.sun_path, f->path);
	while (n < 100 && sendto(fd, "WATCHDOG=1", 10, MSG_DONTWAIT, (struct sockaddr *)&a,
				 sizeof(a)) == 10)
		n++;
	close(fd);
	assert_true(n > 8);
	loop_run_once(&f->l, 100);
	assert_int_equal(f->ngot, 8);
	pump(f, n);
	assert_int_equal(f->ngot, n);
}

static void server_close_in_callback(void **state)
{
	struct fixture *f = *state;

	f->close_in_cb = true;
	send_raw(f->path, "READY=1", 7);
	send_raw(f->path, "READY=1", 7);
	pump(f, 1);
	loop_run_once(&f->l, 20);
	assert_int_equal(f->ngot, 1);
	assert_null(f->s);
	assert_int_equal(access(f->path, F_OK), -1);
}

/*
 * Never an abstract address: a unit name too long for sun_path gets a short
 * file name in notify/, a runtime dir too deep (or none) gets no socket, and
 * a runtime dir that is a symlink, not tend's or writable by others is
 * refused.
 */
static void server_no_abstract(void **state)
{
	struct fixture *f = *state;
	char deep[160], path[128], small[8], link[160], want[160];
	struct ntf_sock *s;
	struct stat st;

	memset(deep, 'u', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	s = ntf_open(&f->l, f->dir, deep, on_msg, f, path, sizeof(path));
	assert_non_null(s);
	snprintf(want, sizeof(want), "%s/notify/", f->dir);
	assert_memory_equal(path, want, strlen(want));
	assert_int_equal(strspn(path + strlen(want), "0123456789"), strlen(path + strlen(want)));
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	send_raw(path, "READY=1", 7);
	pump(f, 1);
	assert_int_equal(f->ngot, 1);
	ntf_close(&f->l, s);
	/* too deep: no socket at all */
	memset(deep, 'd', sizeof(deep) - 1);
	deep[0] = '/';
	assert_null(ntf_open(&f->l, deep, "db.service", on_msg, f, path, sizeof(path)));
	assert_int_equal(errno, ENAMETOOLONG);
	/* no runtime dir (PrivateTmp= hides it): an abstract name nobody can guess */
	s = ntf_open(&f->l, NULL, "x.service", on_msg, f, path, sizeof(path));
	assert_non_null(s);
	assert_int_equal(strlen(path), strlen("@tend/") + 16);
	assert_memory_equal(path, "@tend/", 6);
	assert_int_equal(strspn(path + 6, "0123456789abcdef"), 16);
	ntf_close(&f->l, s);
	/* a symlink to the runtime dir, or one others may write to: refused */
	snprintf(link, sizeof(link), "%s.link", f->dir);
	assert_int_equal(symlink(f->dir, link), 0);
	assert_null(ntf_open(&f->l, link, "a.service", on_msg, f, path, sizeof(path)));
	assert_int_equal(errno, ELOOP);
	unlink(link);
	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_null(ntf_open(&f->l, f->dir, "a.service", on_msg, f, path, sizeof(path)));
	assert_int_equal(errno, EACCES);
	assert_int_equal(chmod(f->dir, 0700), 0);
	/* bad input */
	assert_null(ntf_open(&f->l, f->dir, "a/b", on_msg, f, path, sizeof(path)));
	assert_int_equal(errno, EINVAL);
	assert_null(ntf_open(&f->l, f->dir, "..", on_msg, f, path, sizeof(path)));
	assert_null(ntf_open(&f->l, f->dir, "", on_msg, f, path, sizeof(path)));
	assert_null(ntf_open(&f->l, f->dir, "a", on_msg, f, small, sizeof(small)));
	assert_int_equal(errno, ENAMETOOLONG);
	assert_null(ntf_open(&f->l, "/nonexistent/dir", "a", on_msg, f, path, sizeof(path)));
	assert_int_equal(errno, ENOENT);
}

/* ---- upward: NOTIFY_SOCKET as tend's manager sets it ---- */

static void up_addr(void **state)
{
	struct sockaddr_un a;
	socklen_t len = 0;
	char longest[sizeof(a.sun_path) + 1];

	(void)state;
	assert_int_equal(ntf_up_addr("/run/x/notify", &a, &len), 0);
	assert_int_equal(a.sun_family, AF_UNIX);
	assert_string_equal(a.sun_path, "/run/x/notify");
	/* a path's length counts its NUL, as sd_notify's does */
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 14);
	assert_int_equal(ntf_up_addr("@tend/a", &a, &len), 0);
	assert_int_equal(a.sun_path[0], '\0');
	assert_memory_equal(a.sun_path + 1, "tend/a", 6);
	/* abstract: no NUL at the end; the length ends the name */
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 7);
	assert_int_equal(ntf_up_addr("vsock:2:1234", &a, &len), -EAFNOSUPPORT);
	assert_int_equal(ntf_up_addr("run/x", &a, &len), -EINVAL);
	assert_int_equal(ntf_up_addr("", &a, &len), -EINVAL);
	assert_int_equal(ntf_up_addr("@", &a, &len), -ENAMETOOLONG);
	memset(longest, 'p', sizeof(longest) - 1);
	longest[0] = '/';
	longest[sizeof(longest) - 1] = '\0';
	assert_int_equal(ntf_up_addr(longest, &a, &len), -ENAMETOOLONG);
	longest[sizeof(a.sun_path) - 1] = '\0';	/* 107 bytes and a NUL: fits */
	assert_int_equal(ntf_up_addr(longest, &a, &len), 0);
	assert_int_equal(len, sizeof(a));
}

/* tend's upward messages, received by tend's own server (a path) and the
 * address ntf_up_addr() makes of an abstract name, used by hand. */
static void up_client(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_un a;
	socklen_t len;
	char path[128], buf[16];
	int fd, srv;

	setenv("NOTIFY_SOCKET", f->path, 1);
	ntf_up_init();
	/* taken out of the environment that tend's children inherit */
	assert_null(getenv("NOTIFY_SOCKET"));
	ntf_up_status("starting");
	ntf_up_ready("units started");
	ntf_up_ready("twice");	/* READY=1 goes once */
	ntf_up_stopping();
	pump(f, 3);
	assert_int_equal(f->ngot, 3);
	assert_int_equal(f->got[0].fields, NTF_STATUS);
	assert_string_equal(f->got[0].status, "starting");
	assert_int_equal(f->got[1].fields, NTF_READY | NTF_STATUS);
	assert_string_equal(f->got[1].status, "units started");
	assert_int_equal(f->got[2].fields, NTF_STOPPING);
	assert_int_equal(f->cred[1].pid, getpid());
	loop_run_once(&f->l, 300);
	assert_int_equal(f->ngot, 3);

	/* an abstract NOTIFY_SOCKET, as podman sets it: served by hand here */
	snprintf(path, sizeof(path), "@tend-test/%d", (int)getpid());
	assert_int_equal(ntf_up_addr(path, &a, &len), 0);
	srv = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(srv >= 0);
	assert_int_equal(bind(srv, (struct sockaddr *)&a, len), 0);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(sendto(fd, "READY=1", 7, 0, (struct sockaddr *)&a, len), 7);
	close(fd);
	assert_int_equal(recv(srv, buf, sizeof(buf), MSG_DONTWAIT), 7);
	assert_memory_equal(buf, "READY=1", 7);
	close(srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_flags),
		cmocka_unit_test(parse_values),
		cmocka_unit_test(parse_bad_values),
		cmocka_unit_test(parse_lines),
		cmocka_unit_test(parse_nul_and_size),
		cmocka_unit_test(parse_status_cut),
		cmocka_unit_test(access_rules),
		cmocka_unit_test_setup_teardown(server_path, setup, teardown),
		cmocka_unit_test_setup_teardown(server_sd_notify, setup, teardown),
		cmocka_unit_test_setup_teardown(server_systemd_notify, setup, teardown),
		cmocka_unit_test_setup_teardown(server_example_client, setup, teardown),
		cmocka_unit_test_setup_teardown(server_drops, setup, teardown),
		cmocka_unit_test_setup_teardown(server_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(server_close_in_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(server_no_abstract, setup, teardown),
		cmocka_unit_test(up_addr),
		cmocka_unit_test_setup_teardown(up_client, setup, teardown),
	};

	log_init(L_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
