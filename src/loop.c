/* SPDX-License-Identifier: MIT */
/*
 * The event loop: one epoll set, one timerfd for a binary heap of timers, and
 * a queue of deferred calls drained before each wait, so that transitions
 * raised inside callbacks run iteratively and never recursively.  An idle
 * loop has no timer armed and sleeps in epoll_wait with no wake-ups at all.
 * One source may be marked solo: when it is the only one (entrypoint mode
 * after start-up: just the signalfd), it waits by itself, which spares a
 * forwarded signal the trip through epoll.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"
#include "nofail.h"

#define LOOP_BATCH 64

static void timer_fd_cb(struct loop *l, int fd, uint32_t ev, void *data);
static void heap_remove(struct loop *l, struct loop_timer *t);

int loop_init(struct loop *l)
{
	int r;

	memset(l, 0, sizeof(*l));
	/* the seeds are not on all_srcs: never freed */
	for (size_t i = 0; i < LOOP_SEED_SRCS; i++) {
		l->seed[i].next = l->free_srcs;
		l->free_srcs = &l->seed[i];
	}
	l->dtail = &l->dhead;
	l->tfd_due_ms = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -errno;
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd < 0) {
		r = -errno;
		goto out_close_ep;
	}
	l->tsrc = loop_add_fd(l, l->tfd, EPOLLIN, timer_fd_cb, NULL);
	if (!l->tsrc) {
		r = -errno;
		goto out_close_tfd;
	}
	return 0;
out_close_tfd:
	close(l->tfd);
out_close_ep:
	close(l->epfd);
	return r;
}

static void free_list(struct loop_src *s)
{
	while (s) {
		struct loop_src *n = s->all;

		free(s);
		s = n;
	}
}

void loop_fini(struct loop *l)
{
	l->solo = NULL;
	free_list(l->all_srcs);	/* live, dead and free ones alike */
	l->all_srcs = l->free_srcs = l->dead_srcs = NULL;
	free(l->heap);
	l->heap = NULL;
	close(l->tfd);
	close(l->epfd);
}

/*
 * Register fd; the source comes from a free pool so steady state never
 * allocates, and the first few are embedded in the loop: entrypoint mode
 * never calls malloc() at all.
 */
struct loop_src *loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_fn *fn,
			     void *data)
{
	struct epoll_event ev = { .events = events };
	struct loop_src *s = l->free_srcs;

	if (s) {
		l->free_srcs = s->next;
	} else {
		s = malloc(sizeof(*s));
		if (!s) {
			errno = ENOMEM;
			return NULL;
		}
		/* a live source is otherwise pointed to only by the kernel's epoll set */
		s->all = l->all_srcs;
		l->all_srcs = s;
	}
	*s = (struct loop_src){ .fd = fd, .fn = fn, .data = data, .all = s->all };
	ev.data.ptr = s;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = errno;

		s->next = l->free_srcs;
		l->free_srcs = s;
		errno = e;
		return NULL;
	}
	l->nsrcs++;
	return s;
}

int loop_mod_fd(struct loop *l, struct loop_src *s, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = s };

	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, s->fd, &ev) < 0)
		return -errno;
	return 0;
}

/* Mark s dead: events already fetched for it in this batch are skipped. */
void loop_del_fd(struct loop *l, struct loop_src *s)
{
	if (!s || s->dead)
		return;
	if (l->solo == s)
		l->solo = NULL;
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, s->fd, NULL);
	s->dead = true;
	s->next = l->dead_srcs;
	l->dead_srcs = s;
	l->nsrcs--;
}

void loop_set_solo(struct loop *l, struct loop_src *s, loop_solo_fn *fn, void *data)
{
	l->solo = s;
	l->solo_fn = fn;
	l->solo_data = data;
}

/* Is the solo source all there is to wait for?  (The idle timerfd aside.) */
static bool solo_alone(const struct loop *l)
{
	return l->solo && !l->solo->dead && !l->dhead && l->nheap == 0 &&
	       l->nsrcs == 1 + (l->tsrc != NULL);
}

static void recycle_dead(struct loop *l)
{
	while (l->dead_srcs) {
		struct loop_src *s = l->dead_srcs;

		l->dead_srcs = s->next;
		s->next = l->free_srcs;
		l->free_srcs = s;
	}
}

/* ---- timers: a binary min-heap on (due_ms, seq) ---- */

static bool timer_before(const struct loop_timer *a, const struct loop_timer *b)
{
	if (a->due_ms != b->due_ms)
		return a->due_ms < b->due_ms;
	return a->seq < b->seq;
}

static void heap_set(struct loop *l, uint32_t i, struct loop_timer *t)
{
	l->heap[i] = t;
	t->idx = i;
}

static void heap_up(struct loop *l, uint32_t i)
{
	struct loop_timer *t = l->heap[i];

	while (i > 0) {
		uint32_t p = (i - 1) / 2;

		if (!timer_before(t, l->heap[p]))
			break;
		heap_set(l, i, l->heap[p]);
		i = p;
	}
	heap_set(l, i, t);
}

static void heap_down(struct loop *l, uint32_t i)
{
	struct loop_timer *t = l->heap[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= l->nheap)
			break;
		if (c + 1 < l->nheap && timer_before(l->heap[c + 1], l->heap[c]))
			c++;
		if (!timer_before(l->heap[c], t))
			break;
		heap_set(l, i, l->heap[c]);
		i = c;
	}
	heap_set(l, i, t);
}

int loop_timer_reserve(struct loop *l, uint32_t n)
{
	struct loop_timer **h;

	if (n <= l->capheap)
		return 0;
	h = realloc(l->heap, (size_t)n * sizeof(*h));
	if (!h)
		return -ENOMEM;
	l->heap = h;
	l->capheap = n;
	return 0;
}

/* Point the timerfd at the earliest deadline, or disarm it. */
static void timerfd_sync(struct loop *l)
{
	struct itimerspec its = { 0 };
	int64_t due = loop_next_due(l);

	if (due == l->tfd_due_ms)
		return;
	if (due >= 0) {
		if (due == 0)
			due = 1;	/* an all-zero it_value would disarm */
		its.it_value.tv_sec = due / 1000;
		its.it_value.tv_nsec = (due % 1000) * 1000000;
	}
	if (timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		l->tfd_due_ms = loop_next_due(l);
	else
		l->tfd_due_ms = -2;	/* unknown: retry at next sync */
}

void loop_timer_init(struct loop_timer *t, loop_timer_fn *fn, void *data)
{
	*t = (struct loop_timer){ .idx = LOOP_UNARMED, .fn = fn, .data = data };
}

/* Arm (or re-arm) t for the absolute monotonic deadline due_ms. */
int loop_timer_arm(struct loop *l, struct loop_timer *t, int64_t due_ms)
{
	if (due_ms < 0)
		due_ms = 0;
	heap_remove(l, t);
	if (l->nheap == l->capheap) {
		int r = loop_timer_reserve(l, l->capheap ? l->capheap * 2 : 16);

		if (r < 0)
			return r;
	}
	t->due_ms = due_ms;
	t->seq = l->seq++;
	heap_set(l, l->nheap++, t);
	heap_up(l, t->idx);
	timerfd_sync(l);
	return 0;
}

/* Take t out of the heap without touching the timerfd. */
static void heap_remove(struct loop *l, struct loop_timer *t)
{
	uint32_t i = t->idx;

	if (i == LOOP_UNARMED || i >= l->nheap || l->heap[i] != t)
		return;
	t->idx = LOOP_UNARMED;
	l->nheap--;
	if (i != l->nheap) {
		heap_set(l, i, l->heap[l->nheap]);
		heap_down(l, i);
		heap_up(l, l->heap[i]->idx);
	}
}

void loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	heap_remove(l, t);
	timerfd_sync(l);
}

int64_t loop_next_due(const struct loop *l)
{
	return l->nheap ? l->heap[0]->due_ms : -1;
}

unsigned loop_fire_timers(struct loop *l, int64_t now)
{
	unsigned n = 0;

	while (l->nheap && l->heap[0]->due_ms <= now) {
		struct loop_timer *t = l->heap[0];

		heap_remove(l, t);
		t->fn(l, t->data);	/* may re-arm itself or others */
		n++;
	}
	timerfd_sync(l);
	return n;
}

static void timer_fd_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	uint64_t expirations;

	(void)ev;
	(void)data;
	(void)!read(fd, &expirations, sizeof(expirations));
	l->tfd_due_ms = -2;	/* the timerfd is spent: force a re-arm */
	loop_fire_timers(l, now_ms());
}

/* ---- deferred calls ---- */

void loop_defer_init(struct loop_defer *d, loop_defer_fn *fn, void *data)
{
	*d = (struct loop_defer){ .fn = fn, .data = data };
}

void loop_defer(struct loop *l, struct loop_defer *d)
{
	if (d->queued)
		return;
	d->queued = true;
	d->next = NULL;
	*l->dtail = d;
	l->dtail = &d->next;
}

void loop_run_deferred(struct loop *l)
{
	while (l->dhead) {
		struct loop_defer *d = l->dhead;

		l->dhead = d->next;
		if (!l->dhead)
			l->dtail = &l->dhead;
		d->queued = false;
		d->fn(l, d->data);	/* may queue more: drained in this loop */
	}
}

int loop_run_once(struct loop *l, int timeout_ms)
{
	struct epoll_event evs[LOOP_BATCH];
	int i, n;

	loop_run_deferred(l);
	if (l->stop)
		return 0;
	if (timeout_ms < 0 && solo_alone(l)) {
		n = l->solo_fn(l, l->solo_data);
		recycle_dead(l);
		return n;
	}
	n = epoll_wait(l->epfd, evs, LOOP_BATCH, l->dhead ? 0 : timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		struct loop_src *s = evs[i].data.ptr;

		if (!s->dead)
			s->fn(l, s->fd, evs[i].events, s->data);
	}
	recycle_dead(l);
	return n;
}

void loop_run(struct loop *l)
{
	while (!l->stop) {
		if (loop_run_once(l, -1) < 0)
			loop_run_deferred(l);	/* NB: epoll_wait only fails on EBADF/EINVAL */
	}
	loop_run_deferred(l);
}
