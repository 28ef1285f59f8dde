/* SPDX-License-Identifier: MIT */
/*
 * svcout: line cutting and the ring (pure, fed directly), then real pipes
 * through a real struct loop, with tend's output captured or blocked.
 */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "loop.h"
#include "svcout.h"
#include "util.h"

#define RING (16 * 1024)

static struct svcout_line line;	/* 4 KiB: keep it off the stack */

/*
 * Bytes malloc has handed out: glibc's mallinfo2().  musl has no such
 * call; there the heap checks below hold trivially and svcout_mem()'s
 * own accounting is what the tests check.
 */
static size_t heap_used(void)
{
#ifdef __GLIBC__
	return mallinfo2().uordblks;
#else
	return 0;
#endif
}

/* The lines kept from seq `from` on, joined as "text|" for easy comparison. */
static const char *dump(struct svcout *o, uint64_t from)
{
	static char buf[1 << 16];
	struct svcout_iter it;
	size_t n = 0;

	svcout_iter_init(o, from, &it);
	buf[0] = '\0';
	while (svcout_iter_next(o, &it, &line)) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s%s|", line.text,
				      line.flags & SVCOUT_SPLIT ? "+" : "",
				      line.flags & SVCOUT_NOEOL ? "$" : "");
		if (n >= sizeof(buf))
			break;
	}
	return buf;
}

/*
 * tend's log writes to fd 2; cmocka reports on the stderr FILE.  main()
 * points the FILE at the real stderr and fd 2 at /dev/null, and tests that
 * look at tend's output put a pipe on fd 2 for a while.
 */
static struct loop L;		/* flushes tend's log ring (EPOLLOUT) */
static int null_fd = -1, cap_rd = -1;

static void capture_start(void)
{
	int p[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	dup2(p[1], 2);
	close(p[1]);
	cap_rd = p[0];
	fcntl(cap_rd, F_SETFL, O_NONBLOCK);
	log_init(L_INFO);	/* reopens fd 2 non-blocking */
}

static const char *capture_read(void)
{
	static char buf[1 << 17];
	ssize_t n = read(cap_rd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Empty tend's log ring into the pipe (and away) before letting go of it. */
static void capture_stop(void)
{
	int i;

	for (i = 0; i < 1000 && L.nsrcs > 1; i++) {
		capture_read();
		loop_run_once(&L, 10);
	}
	assert_int_equal(L.nsrcs, 1);
	dup2(null_fd, 2);
	close(cap_rd);
	log_init(L_WARN);
}

static void lines_basic(void **state)
{
	struct svcout *o = svcout_new(NULL, "web", RING);

	(void)state;
	assert_non_null(o);
	assert_int_equal(svcout_next_seq(o), 0);
	svcout_feed(o, "a\nbb\n\nccc\n", 10);
	assert_string_equal(dump(o, 0), "a|bb||ccc|");
	assert_int_equal(svcout_first_seq(o), 0);
	assert_int_equal(svcout_next_seq(o), 4);
	assert_string_equal(dump(o, 2), "|ccc|");
	assert_string_equal(dump(o, 4), "");
	assert_string_equal(dump(o, 99), "");
	svcout_free(o);
}

static void lines_partial(void **state)
{
	static const char text[] = "hello\nworld, this is\na test\n\nend";
	struct svcout *o = svcout_new(NULL, "web", RING);
	size_t i;

	(void)state;
	svcout_feed(o, "hel", 3);
	assert_int_equal(svcout_next_seq(o), 0);
	svcout_feed(o, "lo\nwor", 6);
	assert_string_equal(dump(o, 0), "hello|");
	svcout_feed(o, "ld\n", 3);
	assert_string_equal(dump(o, 0), "hello|world|");
	svcout_feed(o, "tail", 4);
	svcout_feed_eof(o);
	assert_string_equal(dump(o, 0), "hello|world|tail$|");
	svcout_feed_eof(o);	/* nothing pending: nothing added */
	assert_int_equal(svcout_next_seq(o), 3);
	svcout_free(o);

	/* one byte at a time gives the same lines as all at once */
	o = svcout_new(NULL, "web", RING);
	for (i = 0; i < sizeof(text) - 1; i++)
		svcout_feed(o, text + i, 1);
	svcout_feed_eof(o);
	assert_string_equal(dump(o, 0), "hello|world, this is|a test||end$|");
	svcout_free(o);
}

static void lines_overlong(void **state)
{
	static char big[3 * SVCOUT_LINE_MAX];
	struct svcout *o = svcout_new(NULL, "web", 64 * 1024);
	struct svcout_iter it;

	(void)state;
	memset(big, 'x', sizeof(big));
	/* 10000 bytes and a newline: 4096 + 4096 + 1808, the first two marked */
	svcout_feed(o, big, 10000);
	svcout_feed(o, "\n", 1);
	svcout_iter_init(o, 0, &it);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, SVCOUT_LINE_MAX);
	assert_int_equal(line.flags, SVCOUT_SPLIT);
	assert_int_equal(strlen(line.text), SVCOUT_LINE_MAX);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, SVCOUT_LINE_MAX);
	assert_int_equal(line.flags, SVCOUT_SPLIT);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, 10000 - 2 * SVCOUT_LINE_MAX);
	assert_int_equal(line.flags, 0);
	assert_false(svcout_iter_next(o, &it, &line));

	/* exactly SVCOUT_LINE_MAX: one line, not split, even when the newline
	 * comes in a later read */
	svcout_feed(o, big, SVCOUT_LINE_MAX);
	assert_int_equal(svcout_next_seq(o), 3);
	svcout_feed(o, "\n", 1);
	svcout_feed(o, big, SVCOUT_LINE_MAX + 1);
	svcout_feed(o, "\n", 1);
	svcout_iter_init(o, 3, &it);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, SVCOUT_LINE_MAX);
	assert_int_equal(line.flags, 0);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.flags, SVCOUT_SPLIT);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, 1);
	assert_int_equal(line.flags, 0);
	/* a full line at EOF is a NOEOL line, not a split */
	svcout_feed(o, big, SVCOUT_LINE_MAX);
	svcout_feed_eof(o);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, SVCOUT_LINE_MAX);
	assert_int_equal(line.flags, SVCOUT_NOEOL);
	/* partial, then a long run: the partial is topped up to the limit */
	svcout_feed(o, "ab", 2);
	svcout_feed(o, big, SVCOUT_LINE_MAX + 5);
	svcout_feed(o, "\n", 1);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, SVCOUT_LINE_MAX);
	assert_int_equal(line.flags, SVCOUT_SPLIT);
	assert_memory_equal(line.text, "abxx", 4);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.len, 7);
	assert_false(svcout_iter_next(o, &it, &line));
	svcout_free(o);
}

/* Lines "N:<pad>" with growing N: check every kept line is intact. */
static void ring_wrap(void **state)
{
	struct svcout *o = svcout_new(NULL, "web", 0);	/* the minimum ring */
	struct svcout_iter it, follow;
	char buf[256];
	uint64_t i, want;
	size_t mem;

	(void)state;
	svcout_iter_init(o, 0, &follow);
	for (i = 0; i < 5000; i++) {
		int n = snprintf(buf, sizeof(buf), "%llu:%.*s\n", (unsigned long long)i,
				 (int)(i * 7 % 200), "................................................"
				 "...................................................................."
				 "...................................................................."
				 "........................................");

		svcout_feed(o, buf, (size_t)n);
		if (i % 97 == 0) {	/* a follower reading now and then */
			while (svcout_iter_next(o, &follow, &line))
				assert_int_equal(strtoull(line.text, NULL, 10), line.seq);
		}
	}
	assert_int_equal(svcout_next_seq(o), 5000);
	assert_true(svcout_first_seq(o) > 4800);	/* about 8 KiB of small lines */
	assert_true(svcout_first_seq(o) < 4990);
	mem = svcout_mem(o);	/* grown to its bound, 2 max lines, and no further */
	assert_true(mem >= 2 * (24 + SVCOUT_LINE_MAX));
	assert_true(mem < 2 * (24 + SVCOUT_LINE_MAX) + 2048);
	/* everything kept is contiguous and intact */
	want = svcout_first_seq(o);
	svcout_iter_init(o, 0, &it);
	while (svcout_iter_next(o, &it, &line)) {
		assert_int_equal(line.seq, want);
		assert_int_equal(strtoull(line.text, NULL, 10), want);
		assert_int_equal(line.len, strlen(line.text));
		want++;
	}
	assert_int_equal(want, 5000);
	/* a follower that fell behind skips to the oldest kept line */
	svcout_iter_init(o, 10, &it);
	assert_true(svcout_iter_next(o, &it, &line));
	assert_int_equal(line.seq, svcout_first_seq(o));
	/* a follower at the end picks up new lines, across wraps */
	for (i = 5000; i < 5100; i++) {
		int n = snprintf(buf, sizeof(buf), "%llu:%0*d\n", (unsigned long long)i,
				 (int)(i % 150), 0);

		svcout_feed(o, buf, (size_t)n);
		assert_true(svcout_iter_next(o, &follow, &line) ||
			    svcout_iter_next(o, &follow, &line));
		assert_int_equal(strtoull(line.text, NULL, 10), line.seq);
	}
	svcout_free(o);
}

/* A flood through the pure path: memory stops at the ring's bound. */
static void memory_bound(void **state)
{
	static char chunk[65536];
	struct svcout *o;
	size_t before, i, mem;
	size_t after;
	int64_t t0;

	(void)state;
	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = i % 61 == 60 ? '\n' : 'a' + (char)(i % 26);
	o = svcout_new(NULL, "flood", 64 * 1024);
	assert_true(svcout_mem(o) < 2048);	/* no ring before the first line */
	svcout_feed(o, chunk, sizeof(chunk));
	mem = svcout_mem(o);
	assert_true(mem < 64 * 1024 + SVCOUT_MAX_PIPES * SVCOUT_LINE_MAX + 2048);
	before = heap_used();
	t0 = now_ms();
	for (i = 0; i < 1024; i++)	/* 64 MiB */
		svcout_feed(o, chunk, sizeof(chunk));
	print_message("pure feed: 64 MiB in %lld ms\n", (long long)(now_ms() - t0));
	after = heap_used();
	assert_int_equal(svcout_mem(o), mem);
	assert_true(after <= before + 4096);
	assert_true(svcout_next_seq(o) > 1000000);
	svcout_free(o);
}

/* What tend's output gets: the prefix, pid, continuation marks. */
static void output_format(void **state)
{
	static char big[SVCOUT_LINE_MAX + 10];
	struct svcout *o = svcout_new(NULL, "web.service", RING);
	const char *got;

	(void)state;
	capture_start();
	svcout_feed(o, "one\ntwo\n", 8);
	svcout_set_pid(o, 42);
	svcout_feed(o, "three\npart", 10);
	memset(big, 'y', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	svcout_feed(o, big, sizeof(big));
	svcout_set_pid(o, 0);
	svcout_feed(o, "last", 4);
	svcout_free(o);	/* flushes the partial last line */
	got = capture_read();
	capture_stop();
	assert_memory_equal(got, "web.service: one\nweb.service: two\nweb.service[42]: three\n"
			    "web.service[42]: partyyy", 60);
	/* "part" + 4092 y's, then the 13 left, then "last" at svcout_free() */
	assert_non_null(strstr(got, "y\nweb.service[42]+ yyyyyyyyyyyyy\nweb.service: last\n"));
	assert_int_equal(strlen(got), 17 + 17 + 23 + 17 + SVCOUT_LINE_MAX + 1 + 17 + 13 + 1 + 18);
}

/* A record identifier is kept only with a record sink, and counted. */
static void ident_kept_for_records(void **state)
{
	struct svcout *o = svcout_new(NULL, "web.service", RING);
	size_t base = svcout_mem(o);

	(void)state;
	svcout_set_ident(o, "nginx");	/* tend's log only: nothing to name */
	assert_int_equal(svcout_mem(o), base);
	svcout_set_sink(o, SVCOUT_TO_SYSLOG, (3 << 3) | 6);
	svcout_set_ident(o, "nginx");
	assert_int_equal(svcout_mem(o), base + 6);
	svcout_set_ident(o, "sh");	/* the next command's: replaced, not added */
	assert_int_equal(svcout_mem(o), base + 3);
	svcout_set_ident(o, NULL);
	assert_int_equal(svcout_mem(o), base);
	svcout_set_ident(o, "sh");
	svcout_free(o);	/* frees it (ASan and valgrind runs check) */
}

/* tend's output blocked: lines are dropped there, counted, kept in the ring. */
static void output_blocked(void **state)
{
	struct svcout *o = svcout_new(NULL, "web", RING);
	char buf[128];
	uint64_t before, i;

	(void)state;
	capture_start();	/* nobody reads the pipe: it fills, then log's ring */
	before = log_dropped();
	for (i = 0; i < 20000; i++) {
		int n = snprintf(buf, sizeof(buf), "line %llu of a flood\n", (unsigned long long)i);

		svcout_feed(o, buf, (size_t)n);
	}
	assert_true(svcout_dropped(o) > 10000);
	assert_int_equal(log_dropped() - before, svcout_dropped(o));
	assert_int_equal(svcout_next_seq(o), 20000);
	svcout_free(o);
	capture_stop();
}

/* ---- real pipes, real loop ---- */

static pid_t spawn_writer(int wfd, const char *text, size_t chunks, size_t chunk_len)
{
	pid_t pid = fork();

	if (pid == 0) {
		size_t i;

		dup2(wfd, 1);
		dup2(wfd, 2);
		for (i = 0; i < chunks; i++)
			if (write_full(1, text, chunk_len) < 0)
				_exit(1);
		_exit(0);
	}
	close(wfd);
	return pid;
}

static void pipe_lines(void **state __attribute__((unused)))
{
	struct svcout *o = svcout_new(&L, "web", RING);
	int64_t end = now_ms() + 5000;
	const char *got;
	pid_t pid;
	int wfd, st;

	capture_start();
	log_attach(&L);
	assert_int_equal(svcout_pipe(o, &wfd), 0);
	assert_true(fcntl(wfd, F_GETFD) & FD_CLOEXEC);
	assert_false(fcntl(wfd, F_GETFL) & O_NONBLOCK);
	pid = spawn_writer(wfd, "first\nsecond\nno newline", 1, 23);
	svcout_set_pid(o, pid);
	while (now_ms() < end && svcout_next_seq(o) < 3)
		loop_run_once(&L, 100);
	waitpid(pid, &st, 0);
	assert_string_equal(dump(o, 0), "first|second|no newline$|");
	assert_int_equal(line.pid, pid);
	got = capture_read();
	capture_stop();
	assert_non_null(strstr(got, "web["));
	assert_non_null(strstr(got, "]: no newline\n"));
	svcout_free(o);
}

/* More pipes than slots: the oldest is flushed and closed. */
static void pipe_evict(void **state __attribute__((unused)))
{
	struct svcout *o = svcout_new(&L, "web", RING);
	int w[SVCOUT_MAX_PIPES + 1], i;

	capture_start();
	for (i = 0; i <= SVCOUT_MAX_PIPES; i++) {
		assert_int_equal(svcout_pipe(o, &w[i]), 0);
		assert_int_equal(write(w[i], "p", 1), 1);
		loop_run_once(&L, 100);
	}
	/* the first pipe was closed, its partial line flushed */
	assert_string_equal(dump(o, 0), "p$|");
	assert_int_equal(write(w[0], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	for (i = 0; i <= SVCOUT_MAX_PIPES; i++)
		close(w[i]);
	for (i = 0; i < 5; i++)
		loop_run_once(&L, 20);
	assert_string_equal(dump(o, 0), "p$|p$|p$|p$|");
	assert_int_equal(L.nsrcs, 1);	/* only the loop's timerfd is left */
	capture_stop();
	svcout_free(o);
}

/* One wakeup reads a bounded amount from a full pipe. */
static void pipe_bounded_read(void **state __attribute__((unused)))
{
	static char buf[65536];
	struct svcout *o = svcout_new(&L, "web", 64 * 1024);
	int wfd, i;
	ssize_t n;

	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = i % 64 == 63 ? '\n' : 'z';
	capture_start();
	assert_int_equal(svcout_pipe(o, &wfd), 0);
	fcntl(wfd, F_SETFL, O_NONBLOCK);
	n = write(wfd, buf, sizeof(buf));
	assert_true(n >= 32768);
	loop_run_once(&L, 100);
	assert_true(svcout_next_seq(o) > 0);
	assert_true(svcout_next_seq(o) * 64 <= 4 * 8192);
	close(wfd);
	for (i = 0; i < 10; i++)
		loop_run_once(&L, 20);
	assert_int_equal(svcout_next_seq(o), (uint64_t)n / 64);
	capture_stop();
	svcout_free(o);
}

static int64_t cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * A writer at full speed with tend's output blocked: the loop never waits
 * long, memory stays fixed, everything is read, drops are counted.
 * TEND_FLOOD_MB (default 64) sets the size.
 */
static void pipe_flood(void **state __attribute__((unused)))
{
	static char chunk[65536];
	struct svcout *o = svcout_new(&L, "flood", 64 * 1024);
	const char *env = getenv("TEND_FLOOD_MB");
	size_t mb = env ? strtoul(env, NULL, 10) : 64, i;
	int64_t t0, worst = 0, end, elapsed;
	size_t heap0, heap1;
	uint64_t want;
	pid_t pid;
	int wfd, st;

	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = i % 80 == 79 ? '\n' : 'a' + (char)(i % 26);
	capture_start();	/* never read: tend's output is blocked */
	log_attach(&L);
	assert_int_equal(svcout_pipe(o, &wfd), 0);
	heap0 = heap_used();
	t0 = now_ms();
	pid = spawn_writer(wfd, chunk, mb * 16, sizeof(chunk));
	want = mb * 16 * (sizeof(chunk) / 80) + 1;
	end = t0 + 120000;
	/* poll without waiting, so that each call's time is work, not sleep */
	while (now_ms() < end && svcout_next_seq(o) < want) {
		int64_t t = cpu_us();

		loop_run_once(&L, 0);
		if (cpu_us() - t > worst)
			worst = cpu_us() - t;
	}
	elapsed = now_ms() - t0;
	waitpid(pid, &st, 0);
	heap1 = heap_used();
	print_message("flood: %zu MiB in %lld ms (%.0f MiB/s), %llu lines, %llu dropped, "
		      "longest wakeup %lld us of CPU, %zu bytes held\n", mb, (long long)elapsed,
		      mb * 1000.0 / (double)(elapsed + 1),
		      (unsigned long long)svcout_next_seq(o),
		      (unsigned long long)svcout_dropped(o), (long long)worst, svcout_mem(o));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* each 64 KiB chunk ends in a partial line that the next one completes */
	assert_int_equal(svcout_next_seq(o), want);
	assert_true(svcout_dropped(o) > svcout_next_seq(o) / 2);
	/* the ring grew to its bound (64 KiB) and no further */
	assert_true(heap1 <= heap0 + 64 * 1024 + SVCOUT_LINE_MAX + 4096);
	/*
	 * Bounded work per wake-up: typically 0.2-0.6 ms of CPU here (ASan
	 * included); a reader that kept reading while the writer kept up
	 * would spend most of the flood (>= 196 ms) in one wake-up.  100 ms
	 * leaves room for a loaded CI machine (34 ms was seen once).
	 */
	assert_true(worst < 100000);
	capture_stop();
	svcout_free(o);
}

/* Controls become \xNN, tab and UTF-8 pass, an escape is never cut. */
static void escape_controls(void **state)
{
	char buf[64];
	const char in[] = "a\rb\tc\033[2J\x7f\xc2\x9b\xc3\xa9";
	size_t n = svcout_escape(buf, sizeof(buf), in, sizeof(in) - 1);

	(void)state;
	assert_string_equal(buf, "a\\x0db\tc\\x1b[2J\\x7f\\xc2\\x9b\xc3\xa9");
	assert_int_equal(n, strlen(buf));
	n = svcout_escape(buf, 4, "\n", 1);	/* "\x0a" needs 5 with the NUL */
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");
	n = svcout_escape(buf, 6, "ab\n", 3);	/* 7 would fit "ab\\x0a" */
	assert_string_equal(buf, "ab");
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_basic),
		cmocka_unit_test(escape_controls),
		cmocka_unit_test(lines_partial),
		cmocka_unit_test(lines_overlong),
		cmocka_unit_test(ring_wrap),
		cmocka_unit_test(memory_bound),
		cmocka_unit_test(output_format),
		cmocka_unit_test(ident_kept_for_records),
		cmocka_unit_test(output_blocked),
		cmocka_unit_test(pipe_lines),
		cmocka_unit_test(pipe_evict),
		cmocka_unit_test(pipe_bounded_read),
		cmocka_unit_test(pipe_flood),
	};

	int real_err = dup(2);
	FILE *err_file = fdopen(real_err, "w");

	signal(SIGPIPE, SIG_IGN);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (real_err < 0 || !err_file || null_fd < 0 || loop_init(&L) < 0)
		return 1;
	setvbuf(err_file, NULL, _IONBF, 0);
#ifdef __GLIBC__
	stderr = err_file;	/* cmocka's reports; fd 2 is tend's output */
#else
	(void)err_file;		/* musl's stderr is const: failures show as the exit code */
#endif
	dup2(null_fd, 2);
	log_init(L_WARN);
	log_attach(&L);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
