/* SPDX-License-Identifier: MIT */
/*
 * The .timer kind (systemd.timer(5)): a timer unit starts the unit it
 * activates (Unit=, by default the same name with .service) when one of
 * its triggers elapses.  Monotonic triggers (On*Sec=) sit in the loop's
 * timer heap like every other deadline.  Calendar triggers (OnCalendar=)
 * share one CLOCK_REALTIME timerfd armed with TFD_TIMER_CANCEL_ON_SET for
 * the earliest of them: it wakes tend at that elapse, or when the clock
 * is set, and never in between.  Persistent= keeps the last trigger in
 * a stamp file, so a run missed while the machine was off happens at
 * start.  timer_next() is the pure part, tested in test_timer.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "caltz.h"
#include "log.h"
#include "svc_kind.h"
#include "tend/proto.h"
#include "timer.h"
#include "unittimer.h"
#include "util.h"
#include "nofail.h"

#define USEC_PER_MSEC 1000LL

/* A timer unit's runtime state (s->kind_data). */
struct timer_rt {
	struct svc *s;
	struct timer_refs refs;
	struct loop_timer mono;		/* the next monotonic elapse */
	int64_t next_mono_ms, next_real_us;
	int64_t random_ms;		/* this run's RandomizedDelaySec= share */
	struct timer_rt *next;		/* every timer unit */
};

static struct timer_rt *all;
static int rt_fd = -1;			/* the calendar timers' CLOCK_REALTIME timerfd */
static struct loop_src *rt_src;
static int64_t rt_armed_us = -1;
static int tz_fd = -1;			/* inotify on /etc, for /etc/localtime */
static struct loop_src *tz_src;
static struct loop_timer tz_settle;	/* a replace is unlink + create: read once */

#define TZ_SETTLE_MS 100
static int64_t startup_ms = -1;		/* tend started (the first timer loaded) */

static int64_t real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- the pure part ---- */

static int64_t min_set(int64_t a, int64_t b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

static int64_t max2(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

void timer_next(const struct unit_timer *t, const struct timer_refs *r, int64_t *ret_mono_ms,
		int64_t *ret_real_us)
{
	int64_t mono = -1, real = -1, base, at;

	for (size_t i = 0; i < t->n_mono; i++) {
		const struct timer_mono *m = &t->mono[i];

		switch (m->base) {
		case TIMER_ACTIVE: base = r->active_mono_ms; break;
		case TIMER_BOOT: base = r->boot_mono_ms; break;
		case TIMER_STARTUP: base = r->startup_mono_ms; break;
		case TIMER_UNIT_ACTIVE: base = max2(r->unit_active_mono_ms, r->last_mono_ms); break;
		default: base = max2(r->unit_inactive_mono_ms, r->last_mono_ms); break;
		}
		if (base < 0)
			continue;	/* the unit never ran: nothing to count from */
		at = base + m->ms;
		/* fired already: a one-time trigger is done (systemd: disabled) */
		if (r->last_mono_ms >= 0 && at <= r->last_mono_ms)
			continue;
		mono = min_set(mono, at);
	}
	for (size_t i = 0; i < t->n_cal; i++) {
		int64_t next, from = r->last_real_us >= 0 ? r->last_real_us : r->active_real_us;

		if (calendar_next(&t->cal[i], from, &next) == 0)
			real = min_set(real, next);
	}
	*ret_mono_ms = mono;
	*ret_real_us = real;
}

/*
 * The clock was set back: a start or a last elapse "in the future" counts
 * from now, or the next elapse would wait for a time that has already
 * been (systemd rewinds its last trigger the same way).
 */
void timer_rewind(struct timer_refs *r, int64_t now_us)
{
	if (r->last_real_us > now_us)
		r->last_real_us = now_us;
	if (r->active_real_us > now_us)
		r->active_real_us = now_us;
}

/* A stable share of RandomizedDelaySec= (FixedRandomDelay=), or a new one. */
static int64_t random_delay(const struct svc *s)
{
	const struct unit_timer *t = s->u->timer;
	uint64_t h = 0xcbf29ce484222325ull;
	char id[64] = "";
	int fd;

	if (t->random_ms <= 0)
		return 0;
	if (t->fixed_random) {	/* machine id and unit name, as systemd hashes them */
		fd = open("/etc/machine-id", O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd >= 0) {
			(void)!read(fd, id, sizeof(id) - 1);
			close(fd);
		}
		for (const char *p = id; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
		for (const char *p = s->u->name; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	} else {
		h ^= (uint64_t)real_us() * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
		h *= 0xbf58476d1ce4e5b9ull;
		h ^= h >> 32;
	}
	return (int64_t)(h % (uint64_t)t->random_ms);
}

/* ---- Persistent=: the stamp file's mtime is the last trigger ---- */

static const char *stamp_dir(void)
{
	const char *d = getenv("TEND_TIMER_STAMPS");	/* tests point it elsewhere */

	return d && *d ? d : "/var/lib/tend/timers";
}

static int64_t stamp_read(const struct svc *s)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/stamp-%s", stamp_dir(), s->u->name);
	if (stat(path, &st) < 0)
		return -1;
	return (int64_t)st.st_mtim.tv_sec * 1000000 + st.st_mtim.tv_nsec / 1000;
}

/* NB: a small synchronous write, as systemd's touch of its stamp file. */
static void stamp_write(const struct svc *s, int64_t us)
{
	struct timespec ts[2] = { { us / 1000000, (us % 1000000) * 1000 },
				  { us / 1000000, (us % 1000000) * 1000 } };
	char path[512];
	int fd;

	(void)mkdir("/var/lib/tend", 0755);
	(void)mkdir(stamp_dir(), 0755);
	snprintf(path, sizeof(path), "%s/stamp-%s", stamp_dir(), s->u->name);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW, 0644);
	if (fd < 0 || futimens(fd, ts) < 0)
		log_warn("'%s': Persistent=: %s: %s", s->u->name, path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* ---- arming ---- */

/* Point the realtime timerfd at the earliest calendar elapse of all. */
static void arm_real(void)
{
	struct itimerspec its = { 0 };
	int64_t first = -1;

	for (struct timer_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		if (rt->s->state == SVC_RUNNING)
			first = min_set(first, rt->next_real_us);
	}
	if (first == rt_armed_us || rt_fd < 0)
		return;
	if (first >= 0) {
		its.it_value.tv_sec = first / 1000000;
		its.it_value.tv_nsec = (first % 1000000) * 1000;
		if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
			its.it_value.tv_nsec = 1;	/* 0 would disarm */
	}
	if (timerfd_settime(rt_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) < 0)
		log_err("calendar timers: timerfd_settime: %s", strerror(errno));
	else
		rt_armed_us = first;
}

static void trigger(struct timer_rt *rt);

/* Compute and arm rt's next elapse; a timer with nothing left ends. */
static void schedule(struct timer_rt *rt)
{
	struct svc *s = rt->s;
	struct loop *l = svc_env()->loop;
	int64_t mono, real;

	if (s->state != SVC_RUNNING)
		return;
	timer_next(s->u->timer, &rt->refs, &mono, &real);
	rt->next_mono_ms = mono < 0 ? -1 : mono + rt->random_ms;
	rt->next_real_us = real < 0 ? -1 : real + rt->random_ms * USEC_PER_MSEC;
	loop_timer_cancel(l, &rt->mono);
	if (rt->next_mono_ms >= 0 && loop_timer_arm(l, &rt->mono, rt->next_mono_ms) < 0)
		log_err("'%s': no room for its timer", s->u->name);
	arm_real();
	if (mono < 0 && real < 0 && !s->u->timer->remain_after_elapse && rt->refs.last_mono_ms >= 0) {
		log_info("'%s': elapsed, nothing left to wait for: stopping", s->u->name);
		(void)svc_stop(s);
	}
}

/* Elapsed: start the unit, remember when, wait for the next. */
static void trigger(struct timer_rt *rt)
{
	struct svc *s = rt->s, *u = svc_find(s->u->timer->unit);

	rt->refs.last_mono_ms = now_ms();
	rt->refs.last_real_us = real_us();
	rt->random_ms = random_delay(s);
	if (s->u->timer->persistent)
		stamp_write(s, rt->refs.last_real_us);
	if (!u)
		log_err("'%s': elapsed, but '%s' is not loaded", s->u->name, s->u->timer->unit);
	else if (u->state == SVC_RUNNING || u->state == SVC_STARTING)
		log_info("'%s': elapsed; '%s' is still running", s->u->name, u->u->name);
	else {
		log_info("'%s': elapsed: starting '%s'", s->u->name, u->u->name);
		if (svc_start(u) < 0)
			log_warn("'%s': cannot start '%s' now", s->u->name, u->u->name);
	}
	schedule(rt);
}

static void on_mono(struct loop *l, void *data)
{
	(void)l;
	trigger(data);
}

/* The realtime timerfd: calendar elapses, or the clock was set. */
static void on_real(struct loop *l, int fd, uint32_t ev, void *data)
{
	uint64_t n;
	int64_t now;
	bool set;

	(void)l;
	(void)ev;
	(void)data;
	rt_armed_us = -2;	/* re-arm whatever happens */
	set = read(fd, &n, sizeof(n)) < 0 && errno == ECANCELED;
	if (set)
		log_info("the clock was set: calendar timers recomputed");
	now = real_us();
	for (struct timer_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		if (set)
			timer_rewind(&rt->refs, now);
		if (rt->s->state == SVC_RUNNING && rt->next_real_us >= 0 && rt->next_real_us <= now)
			trigger(rt);
		else
			schedule(rt);
	}
	arm_real();
}

/*
 * /etc/localtime was replaced (ln -sf, a package's postinst): as systemd,
 * local calendar times move with the zone, so every timer is recomputed.
 */
static void tz_reload(struct loop *l, void *data)
{
	(void)l;
	(void)data;
	if (caltz_local_reload() <= 0)
		return;
	log_info("the time zone changed (/etc/localtime): calendar timers recomputed");
	for (struct timer_rt *rt = all; rt; rt = rt->next)
		if (rt->s->u)	/* not a reload's scratch copy */
			schedule(rt);
	arm_real();
}

/* Something in /etc changed: /etc/localtime is read once things settle. */
static void on_tz(struct loop *l, int fd, uint32_t ev, void *data)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *e;
	bool hit = false;
	ssize_t n;

	(void)ev;
	(void)data;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + n; p += sizeof(*e) + e->len) {
			e = (const struct inotify_event *)p;
			if (e->mask & IN_Q_OVERFLOW || (e->len && strcmp(e->name, "localtime") == 0))
				hit = true;
		}
	if (hit)
		(void)loop_timer_arm(l, &tz_settle, now_ms() + TZ_SETTLE_MS);
}

/* Watch /etc for a new /etc/localtime; without the watch, timers still run. */
static void tz_watch(void)
{
	loop_timer_init(&tz_settle, tz_reload, NULL);
	tz_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (tz_fd >= 0 && inotify_add_watch(tz_fd, "/etc", IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE |
					    IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR) >= 0 &&
	    (tz_src = loop_add_fd(svc_env()->loop, tz_fd, EPOLLIN, on_tz, NULL)))
		return;
	log_debug("calendar timers: no watch on /etc/localtime: %s", strerror(errno));
	if (tz_fd >= 0)
		close(tz_fd);
	tz_fd = -1;
}

static int real_fd(void)
{
	if (rt_fd >= 0)
		return 0;
	if (tz_fd < 0)
		tz_watch();
	rt_fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	if (rt_fd < 0)
		return -errno;
	rt_src = loop_add_fd(svc_env()->loop, rt_fd, EPOLLIN, on_real, NULL);
	if (!rt_src) {
		close(rt_fd);
		rt_fd = -1;
		return -ENOMEM;
	}
	return 0;
}

/* ---- the kind ---- */

/* OnBootSec= counts from the boot, or in a container from tend's start. */
static int64_t boot_ms(void)
{
	char link[64];
	ssize_t n = readlink("/proc/self/ns/pid", link, sizeof(link) - 1);

	if (n > 0) {
		link[n] = '\0';
		if (strcmp(link, "pid:[4026531836]") == 0)	/* the initial namespace */
			return 0;
	}
	return startup_ms;
}

static void timer_start(struct svc *s)
{
	struct timer_rt *rt = s->kind_data;
	int r;

	svc_take_next_unit(s);
	if (s->u->timer->n_cal && (r = real_fd()) < 0) {
		log_err("'%s': calendar timerfd: %s", s->u->name, strerror(-r));
		s->result = RES_RESOURCES;
		svc_feed(s, SVC_EV_EXEC_FAIL);
		return;
	}
	rt->refs.active_mono_ms = now_ms();
	rt->refs.active_real_us = real_us();
	rt->refs.boot_mono_ms = boot_ms();
	rt->refs.startup_mono_ms = startup_ms;
	if (s->u->timer->persistent && rt->refs.last_real_us < 0) {
		rt->refs.last_real_us = stamp_read(s);
		if (rt->refs.last_real_us > rt->refs.active_real_us) {	/* as systemd */
			log_warn("'%s': Persistent=: the stamp is in the future (the clock "
				 "was set back): not used", s->u->name);
			rt->refs.last_real_us = -1;
		}
	}
	rt->random_ms = random_delay(s);
	svc_feed(s, SVC_EV_EXEC_OK);
}

static void timer_stop(struct svc *s)
{
	struct timer_rt *rt = s->kind_data;

	loop_timer_cancel(svc_env()->loop, &rt->mono);
	rt->next_mono_ms = rt->next_real_us = -1;
	svc_feed(s, SVC_EV_EXIT);
}

static void timer_entered(struct svc *s, enum svc_state prev)
{
	struct timer_rt *rt = s->kind_data;
	int64_t now;

	(void)prev;
	if (s->state != SVC_RUNNING) {
		arm_real();
		return;
	}
	schedule(rt);
	/* Persistent=: an elapse missed while tend was not running: now */
	now = real_us();
	if (rt->next_real_us >= 0 && rt->next_real_us <= now) {
		log_info("'%s': missed its last elapse (Persistent=): now", s->u->name);
		trigger(rt);
	} else if (rt->next_mono_ms >= 0 && rt->next_mono_ms <= now_ms()) {
		trigger(rt);	/* OnBootSec= already past at start */
	}
}

static int timer_load(struct svc *s)
{
	struct timer_rt *rt;

	if (!s->u->timer)
		return -EINVAL;
	rt = calloc(1, sizeof(*rt));
	if (!rt)
		return -ENOMEM;
	if (startup_ms < 0)
		startup_ms = now_ms();
	rt->s = s;
	rt->refs = (struct timer_refs){ .unit_active_mono_ms = -1, .unit_inactive_mono_ms = -1,
					.last_mono_ms = -1, .last_real_us = -1 };
	rt->next_mono_ms = rt->next_real_us = -1;
	loop_timer_init(&rt->mono, on_mono, rt);
	rt->next = all;
	all = rt;
	s->kind_data = rt;
	return 0;
}

static void timer_release(struct svc *s)
{
	struct timer_rt *rt = s->kind_data, **p;

	if (!rt)
		return;
	loop_timer_cancel(svc_env()->loop, &rt->mono);
	for (p = &all; *p; p = &(*p)->next)
		if (*p == rt) {
			*p = rt->next;
			break;
		}
	free(rt);
	s->kind_data = NULL;
	arm_real();
}

static void timer_status(const struct svc *s, struct p1_buf *b, bool brief)
{
	const struct timer_rt *rt = s->kind_data;
	int64_t next = -1, now_r = real_us(), now_m = now_ms();

	(void)brief;
	p1_put_str(b, P1_F_U_SUB, s->state != SVC_RUNNING ? "dead" :
		   rt->next_mono_ms < 0 && rt->next_real_us < 0 ? "elapsed" : "waiting");
	p1_put_str(b, P1_F_U_TYPE, "timer");
	if (s->state == SVC_RUNNING) {	/* both clocks as realtime */
		if (rt->next_mono_ms >= 0)
			next = now_r + (rt->next_mono_ms - now_m) * USEC_PER_MSEC;
		next = min_set(next, rt->next_real_us);
	}
	p1_put_u64(b, P1_F_U_TIMER_NEXT_US, next < 0 ? 0 : (uint64_t)next);
	p1_put_u64(b, P1_F_U_TIMER_LAST_US,
		   rt->refs.last_real_us < 0 ? 0 : (uint64_t)rt->refs.last_real_us);
	p1_put_str(b, P1_F_U_TIMER_UNIT, s->u->timer->unit);
}

const struct svc_kind svc_kind_timer = {
	.suffix = ".timer",
	.load = timer_load,
	.start = timer_start,
	.stop = timer_stop,
	.entered = timer_entered,
	.status = timer_status,
	.release = timer_release,
};

void timer_peer(struct svc *t)
{
	for (struct timer_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		if (svc_find(rt->s->u->timer->unit) != t)
			continue;
		if (t->state == SVC_STARTING)
			rt->refs.unit_active_mono_ms = now_ms();
		else if (t->state == SVC_DOWN || t->state == SVC_FAILED)
			rt->refs.unit_inactive_mono_ms = now_ms();
		else
			continue;
		schedule(rt);
	}
}

void timer_link_all(void)
{
	for (struct timer_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		struct svc *u = svc_find(rt->s->u->timer->unit);

		/* WantedBy=/RequiredBy=: enabled, so started at boot too, as in systemd */
		if (u && !u->u->wanted_by[0] && !u->u->required_by[0])
			u->on_demand = true;
	}
}
