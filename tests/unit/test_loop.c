/* SPDX-License-Identifier: MIT */
/* The loop: timer heap order, cancel and re-arm, the timerfd, defer, fds. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <cmocka.h>

#include "loop.h"
#include "util.h"

#define NT 2000

static struct {
	int order[NT + 16];
	int64_t due[NT + 16];
	int n;
} fired;

struct tt {
	struct loop_timer t;
	int id;
	struct loop_timer *cancel;	/* cancel this one when fired */
	int64_t rearm_ms;		/* > 0: re-arm itself this much later */
	struct loop *l;
};

static void on_timer(struct loop *l, void *data)
{
	struct tt *x = data;

	fired.order[fired.n] = x->id;
	fired.due[fired.n] = x->t.due_ms;
	fired.n++;
	if (x->cancel)
		loop_timer_cancel(l, x->cancel);
	if (x->rearm_ms > 0) {
		x->rearm_ms = -x->rearm_ms;	/* once */
		loop_timer_arm(l, &x->t, x->t.due_ms - x->rearm_ms);
	}
}

static int setup(void **state)
{
	static struct loop l;

	memset(&fired, 0, sizeof(fired));
	if (loop_init(&l) < 0)
		return -1;
	*state = &l;
	return 0;
}

static int teardown(void **state)
{
	loop_fini(*state);
	return 0;
}

static void tt_init(struct tt *x, int id)
{
	memset(x, 0, sizeof(*x));
	x->id = id;
	loop_timer_init(&x->t, on_timer, x);
}

static void order_and_ties(void **state)
{
	struct loop *l = *state;
	static const int64_t due[] = { 50, 10, 30, 10, 20, 10, 40 };
	static const int want[] = { 1, 3, 5, 4, 2, 6, 0 };	/* ties: arming order */
	struct tt x[7];

	for (int i = 0; i < 7; i++) {
		tt_init(&x[i], i);
		assert_false(loop_timer_armed(&x[i].t));
		assert_int_equal(loop_timer_arm(l, &x[i].t, due[i]), 0);
		assert_true(loop_timer_armed(&x[i].t));
	}
	assert_int_equal(loop_next_due(l), 10);
	assert_int_equal(loop_fire_timers(l, 9), 0);
	assert_int_equal(loop_fire_timers(l, 25), 4);	/* 10, 10, 10, 20 */
	assert_int_equal(loop_next_due(l), 30);
	assert_int_equal(loop_fire_timers(l, 1000), 3);
	assert_int_equal(fired.n, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(fired.order[i], want[i]);
	assert_int_equal(loop_next_due(l), -1);
	for (int i = 0; i < 7; i++)
		assert_false(loop_timer_armed(&x[i].t));
}

static void cancel(void **state)
{
	struct loop *l = *state;
	struct tt x[5];

	for (int i = 0; i < 5; i++) {
		tt_init(&x[i], i);
		loop_timer_arm(l, &x[i].t, 100 + i);
	}
	loop_timer_cancel(l, &x[0].t);	/* the head */
	loop_timer_cancel(l, &x[2].t);	/* the middle */
	loop_timer_cancel(l, &x[4].t);	/* the last */
	loop_timer_cancel(l, &x[2].t);	/* twice: harmless */
	assert_false(loop_timer_armed(&x[0].t));
	assert_int_equal(loop_next_due(l), 101);
	assert_int_equal(loop_fire_timers(l, 1000), 2);
	assert_int_equal(fired.order[0], 1);
	assert_int_equal(fired.order[1], 3);
	/* cancelling a timer that never was armed does nothing */
	tt_init(&x[0], 0);
	loop_timer_cancel(l, &x[0].t);
	assert_int_equal(loop_next_due(l), -1);
}

static void rearm_moves_not_duplicates(void **state)
{
	struct loop *l = *state;
	struct tt a, b;

	tt_init(&a, 1);
	tt_init(&b, 2);
	loop_timer_arm(l, &a.t, 100);
	loop_timer_arm(l, &b.t, 50);
	loop_timer_arm(l, &a.t, 10);	/* earlier */
	assert_int_equal(loop_next_due(l), 10);
	loop_timer_arm(l, &a.t, 500);	/* later again */
	assert_int_equal(loop_next_due(l), 50);
	assert_int_equal(loop_fire_timers(l, 10000), 2);
	assert_int_equal(fired.n, 2);
	assert_int_equal(fired.order[0], 2);
	assert_int_equal(fired.order[1], 1);
	assert_int_equal(fired.due[1], 500);
	/* a negative deadline is clamped, not lost */
	loop_timer_arm(l, &a.t, -5);
	assert_int_equal(loop_next_due(l), 0);
	loop_timer_cancel(l, &a.t);
}

static void callbacks_cancel_and_rearm(void **state)
{
	struct loop *l = *state;
	struct tt a, b, c;

	tt_init(&a, 1);
	tt_init(&b, 2);
	tt_init(&c, 3);
	a.cancel = &b.t;	/* both due: a's callback cancels b before it fires */
	c.rearm_ms = 100;	/* c re-arms itself once, in the future */
	loop_timer_arm(l, &a.t, 10);
	loop_timer_arm(l, &b.t, 20);
	loop_timer_arm(l, &c.t, 30);
	assert_int_equal(loop_fire_timers(l, 50), 2);
	assert_int_equal(fired.order[0], 1);
	assert_int_equal(fired.order[1], 3);
	assert_false(loop_timer_armed(&b.t));
	assert_true(loop_timer_armed(&c.t));
	assert_int_equal(loop_next_due(l), 130);
	assert_int_equal(loop_fire_timers(l, 130), 1);
	assert_int_equal(fired.order[2], 3);
	assert_int_equal(loop_next_due(l), -1);
}

/* Many timers, random cancels and re-arms: checked against a model. */
static void heap_model(void **state)
{
	struct loop *l = *state;
	static struct tt x[NT];
	static int64_t want[NT];	/* -1: not armed */
	int64_t now, last = -1;
	int expect = 0;

	srandom(12345);
	for (int i = 0; i < NT; i++) {
		tt_init(&x[i], i);
		want[i] = random() % 5000;
		assert_int_equal(loop_timer_arm(l, &x[i].t, want[i]), 0);
	}
	for (int k = 0; k < 3 * NT; k++) {
		int i = (int)(random() % NT);

		if (random() % 3 == 0) {
			loop_timer_cancel(l, &x[i].t);
			want[i] = -1;
		} else {
			want[i] = random() % 5000;
			loop_timer_arm(l, &x[i].t, want[i]);
		}
	}
	for (int i = 0; i < NT; i++) {
		expect += want[i] >= 0;
		assert_int_equal(loop_timer_armed(&x[i].t), want[i] >= 0);
	}
	for (now = 0; now <= 5000; now += 37)
		loop_fire_timers(l, now);
	loop_fire_timers(l, 5000);
	assert_int_equal(fired.n, expect);
	for (int k = 0; k < fired.n; k++) {
		int id = fired.order[k];

		assert_true(fired.due[k] >= last);	/* never out of order */
		last = fired.due[k];
		assert_int_equal(fired.due[k], want[id]);
		want[id] = -2;	/* each fires once */
	}
	assert_int_equal(loop_next_due(l), -1);
}

static int64_t timerfd_left_ms(struct loop *l)
{
	struct itimerspec its;

	assert_int_equal(timerfd_gettime(l->tfd, &its), 0);
	return (int64_t)its.it_value.tv_sec * 1000 + its.it_value.tv_nsec / 1000000;
}

/* The real timerfd wakes the loop, and is disarmed when nothing is due. */
static void timerfd_fires(void **state)
{
	struct loop *l = *state;
	struct tt a, b;
	int64_t t0 = now_ms();

	tt_init(&a, 1);
	tt_init(&b, 2);
	assert_int_equal(timerfd_left_ms(l), 0);	/* idle: disarmed */
	loop_timer_arm(l, &b.t, t0 + 60000);
	loop_timer_arm(l, &a.t, t0 + 30);
	assert_true(timerfd_left_ms(l) > 0 && timerfd_left_ms(l) <= 30);
	while (fired.n == 0)
		assert_true(loop_run_once(l, 2000) > 0);
	assert_int_equal(fired.order[0], 1);
	assert_true(now_ms() - t0 >= 30);
	assert_true(now_ms() - t0 < 1000);
	/* the next deadline is programmed */
	assert_true(timerfd_left_ms(l) > 50000);
	loop_timer_cancel(l, &b.t);
	assert_int_equal(timerfd_left_ms(l), 0);	/* nothing armed: no wake-ups */
	assert_int_equal(l->tfd_due_ms, -1);
	assert_int_equal(loop_run_once(l, 50), 0);
	assert_int_equal(fired.n, 1);
	/* a deadline already in the past fires at the next turn */
	loop_timer_arm(l, &a.t, 0);
	assert_true(loop_run_once(l, 1000) > 0);
	assert_int_equal(fired.n, 2);
}

/* ---- deferred calls ---- */

struct dd {
	struct loop_defer d;
	int id;
	int again;		/* re-queue itself this many times */
	struct loop_defer *chain;
};

static int depth, max_depth;

static void on_defer(struct loop *l, void *data)
{
	struct dd *x = data;

	depth++;
	if (depth > max_depth)
		max_depth = depth;
	fired.order[fired.n++] = x->id;
	if (x->chain)
		loop_defer(l, x->chain);
	if (x->again-- > 0)
		loop_defer(l, &x->d);
	depth--;
}

static void defer_queue(void **state)
{
	struct loop *l = *state;
	struct dd a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 };

	loop_defer_init(&a.d, on_defer, &a);
	loop_defer_init(&b.d, on_defer, &b);
	loop_defer_init(&c.d, on_defer, &c);
	loop_defer(l, &a.d);
	loop_defer(l, &b.d);
	loop_defer(l, &a.d);	/* already queued: once only */
	loop_run_deferred(l);
	assert_int_equal(fired.n, 2);
	assert_int_equal(fired.order[0], 1);
	assert_int_equal(fired.order[1], 2);
	/* queued from inside a callback: runs in the same drain, iteratively */
	fired.n = 0;
	max_depth = 0;
	a.chain = &b.d;
	b.chain = &c.d;
	c.again = 3;
	loop_defer(l, &a.d);
	loop_run_deferred(l);
	assert_int_equal(fired.n, 6);
	assert_int_equal(fired.order[0], 1);
	assert_int_equal(fired.order[1], 2);
	for (int i = 2; i < 6; i++)
		assert_int_equal(fired.order[i], 3);
	assert_int_equal(max_depth, 1);
	/* the loop drains the queue before it waits, and does not block for it */
	fired.n = 0;
	a.chain = NULL;
	loop_defer(l, &a.d);
	assert_int_equal(loop_run_once(l, 5000), 0);
	assert_int_equal(fired.n, 1);
}

/* ---- fd sources ---- */

static struct loop_src *src[2];
static int calls[2];

static void on_fd(struct loop *l, int fd, uint32_t ev, void *data)
{
	int i = (int)(intptr_t)data;

	(void)fd;
	assert_true(ev & EPOLLIN);
	calls[i]++;
	loop_del_fd(l, src[!i]);	/* delete the other one, maybe due in this batch */
	loop_del_fd(l, src[i]);
}

static void deleted_source_skipped(void **state)
{
	struct loop *l = *state;
	int p[2][2];
	unsigned before = l->nsrcs;

	for (int i = 0; i < 2; i++) {
		assert_int_equal(pipe2(p[i], O_NONBLOCK | O_CLOEXEC), 0);
		src[i] = loop_add_fd(l, p[i][0], EPOLLIN, on_fd, (void *)(intptr_t)i);
		assert_non_null(src[i]);
		assert_int_equal(write(p[i][1], "x", 1), 1);
	}
	assert_int_equal(l->nsrcs, before + 2);
	assert_int_equal(loop_run_once(l, 1000), 2);	/* both were ready */
	assert_int_equal(calls[0] + calls[1], 1);	/* but one deleted the other */
	assert_int_equal(l->nsrcs, before);
	assert_int_equal(loop_run_once(l, 0), 0);
	/* a freed source is reused and works */
	src[0] = loop_add_fd(l, p[0][0], EPOLLIN, on_fd, (void *)0);
	assert_non_null(src[0]);
	src[1] = NULL;
	assert_int_equal(loop_run_once(l, 1000), 1);
	/* adding an invalid fd fails cleanly */
	assert_null(loop_add_fd(l, -1, EPOLLIN, on_fd, NULL));
	assert_int_equal(errno, EBADF);
	for (int i = 0; i < 2; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
}

/* ---- the solo wait ---- */

static int solo_waits, solo_fds;

static int on_solo(struct loop *l, void *data)
{
	int fd = (int)(intptr_t)data;
	char c;

	(void)l;
	solo_waits++;
	return read(fd, &c, 1) == 1;
}

static void on_solo_fd(struct loop *l, int fd, uint32_t ev, void *data)
{
	char c;

	(void)l;
	(void)ev;
	(void)data;
	solo_fds++;
	(void)!read(fd, &c, 1);
}

static void stop_timer(struct loop *l, void *data)
{
	(void)data;
	l->stop = true;
}

/* The solo source waits alone only when nothing else can need the loop. */
static void solo_only_when_alone(void **state)
{
	struct loop *l = *state;
	struct loop_src *s, *other;
	struct loop_timer t;
	int p[2], q[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);	/* blocking, as the solo wait wants */
	assert_int_equal(pipe2(q, O_NONBLOCK | O_CLOEXEC), 0);
	s = loop_add_fd(l, p[0], EPOLLIN, on_solo_fd, NULL);
	assert_non_null(s);
	loop_set_solo(l, s, on_solo, (void *)(intptr_t)p[0]);

	/* alone: the solo wait, not epoll */
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run_once(l, -1), 1);
	assert_int_equal(solo_waits, 1);
	assert_int_equal(solo_fds, 0);

	/* a finite timeout, an armed timer, another fd: epoll */
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run_once(l, 1000), 1);
	loop_timer_init(&t, stop_timer, NULL);
	assert_int_equal(loop_timer_arm(l, &t, now_ms() + 60000), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run_once(l, -1), 1);
	loop_timer_cancel(l, &t);
	other = loop_add_fd(l, q[0], EPOLLIN, on_solo_fd, NULL);
	assert_non_null(other);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run_once(l, -1), 1);
	assert_int_equal(solo_waits, 1);
	assert_int_equal(solo_fds, 3);

	/* alone again once the other is gone */
	loop_del_fd(l, other);
	assert_int_equal(loop_run_once(l, 0), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run_once(l, -1), 1);
	assert_int_equal(solo_waits, 2);

	/* a deleted solo source is forgotten */
	loop_del_fd(l, s);
	assert_null(l->solo);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(order_and_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(rearm_moves_not_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(callbacks_cancel_and_rearm, setup, teardown),
		cmocka_unit_test_setup_teardown(heap_model, setup, teardown),
		cmocka_unit_test_setup_teardown(timerfd_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(defer_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(deleted_source_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(solo_only_when_alone, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
