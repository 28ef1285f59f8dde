/* SPDX-License-Identifier: MIT */
#ifndef TEND_LOOP_H
#define TEND_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

typedef void loop_fd_fn(struct loop *l, int fd, uint32_t ev, void *data);
typedef void loop_timer_fn(struct loop *l, void *data);
typedef void loop_defer_fn(struct loop *l, void *data);
/* Wait for and handle src's events by itself, blocking; returns how many. */
typedef int loop_solo_fn(struct loop *l, void *data);

/* A registered fd; only loop.c looks inside. */
struct loop_src {
	int fd;
	loop_fd_fn *fn;
	void *data;
	bool dead;
	struct loop_src *next;	/* free or dead list */
	struct loop_src *all;	/* every source allocated, for loop_fini() */
};

/* Sources embedded in struct loop: entrypoint mode needs four at most. */
#define LOOP_SEED_SRCS 4

/* A timer embedded in its owner; idx is its heap slot or LOOP_UNARMED. */
#define LOOP_UNARMED UINT32_MAX
struct loop_timer {
	int64_t due_ms;
	uint64_t seq;		/* ties on due_ms fire in arming order */
	uint32_t idx;
	loop_timer_fn *fn;
	void *data;
};

/* A deferred call embedded in its owner: queued at most once. */
struct loop_defer {
	struct loop_defer *next;
	loop_defer_fn *fn;
	void *data;
	bool queued;
};

struct loop {
	int epfd;
	int tfd;			/* the one timerfd, armed for heap[0] */
	int64_t tfd_due_ms;		/* what tfd is armed for; -1 when off */
	struct loop_src *tsrc;
	struct loop_timer **heap;
	uint32_t nheap, capheap;
	uint64_t seq;
	struct loop_defer *dhead, **dtail;
	struct loop_src *free_srcs;	/* pool: sources are reused, not freed */
	struct loop_src *dead_srcs;	/* deleted during this batch */
	struct loop_src *all_srcs;	/* every source ever allocated */
	struct loop_src seed[LOOP_SEED_SRCS];	/* the first sources, not allocated */
	unsigned nsrcs;
	struct loop_src *solo;		/* may wait alone when it is the only source */
	loop_solo_fn *solo_fn;
	void *solo_data;
	bool stop;
};

int loop_init(struct loop *l);
void loop_fini(struct loop *l);

struct loop_src *loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_fn *fn,
			     void *data);
int loop_mod_fd(struct loop *l, struct loop_src *s, uint32_t events);
void loop_del_fd(struct loop *l, struct loop_src *s);
/*
 * When s is the loop's only source and no timer or deferred call is
 * pending, loop_run() calls fn instead of epoll_wait(): fn may block until
 * s has something (one syscall instead of epoll_wait plus a read).
 */
void loop_set_solo(struct loop *l, struct loop_src *s, loop_solo_fn *fn, void *data);

void loop_timer_init(struct loop_timer *t, loop_timer_fn *fn, void *data);
int loop_timer_arm(struct loop *l, struct loop_timer *t, int64_t due_ms);
void loop_timer_cancel(struct loop *l, struct loop_timer *t);
int loop_timer_reserve(struct loop *l, uint32_t n);

static inline bool loop_timer_armed(const struct loop_timer *t)
{
	return t->idx != LOOP_UNARMED;
}

void loop_defer_init(struct loop_defer *d, loop_defer_fn *fn, void *data);
void loop_defer(struct loop *l, struct loop_defer *d);

/* Deadline of the earliest timer, or -1 when none is armed. */
int64_t loop_next_due(const struct loop *l);
/* Fire every timer due at or before now; returns how many fired. */
unsigned loop_fire_timers(struct loop *l, int64_t now);
void loop_run_deferred(struct loop *l);
/* One iteration: deferred calls, wait, dispatch. timeout_ms -1 = forever. */
int loop_run_once(struct loop *l, int timeout_ms);
void loop_run(struct loop *l);

#endif
