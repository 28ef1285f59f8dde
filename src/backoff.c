/* SPDX-License-Identifier: MIT */
/* Restart delay and rate limiting: pure, tested in tests/unit/test_backoff.c. */
#include <string.h>

#include "backoff.h"
#include "nofail.h"

void backoff_default(struct backoff_cfg *c)
{
	*c = (struct backoff_cfg){
		.base_ms = 100, .max_ms = 30000, .steps = 0, .reset_ms = 10000,
		.burst = 5, .interval_ms = 10000,
	};
}

void backoff_reset(struct backoff_state *st)
{
	memset(st, 0, sizeof(*st));
}

static bool window_open(const struct backoff_cfg *c, const struct backoff_state *st,
			int64_t now_ms)
{
	return st->nstarts > 0 && now_ms - st->begin_ms < c->interval_ms;
}

void backoff_started(const struct backoff_cfg *c, struct backoff_state *st, int64_t now_ms)
{
	if (!c->burst || c->interval_ms <= 0)
		return;
	if (!window_open(c, st, now_ms)) {
		st->begin_ms = now_ms;
		st->nstarts = 0;
	}
	if (st->nstarts < c->burst)
		st->nstarts++;
}

bool backoff_limit_hit(const struct backoff_cfg *c, const struct backoff_state *st,
		       int64_t now_ms)
{
	if (!c->burst || c->interval_ms <= 0)
		return false;
	/* `burst` starts already in the window still open at now_ms */
	return window_open(c, st, now_ms) && st->nstarts >= c->burst;
}

/*
 * The per-step factor r with r^steps = ratio, by bisection: multiplications
 * only, so tend needs no libm (a third shared object, ~300 KiB resident,
 * for one pow()).
 */
static double step_factor(double ratio, unsigned steps)
{
	double lo = 1.0, hi = ratio;

	for (int i = 0; i < 60; i++) {
		double mid = (lo + hi) / 2, p = 1.0;

		for (unsigned k = 0; k < steps && p <= ratio; k++)
			p *= mid;
		if (p > ratio)
			hi = mid;
		else
			lo = mid;
	}
	return (lo + hi) / 2;
}

int64_t backoff_delay(const struct backoff_cfg *c, unsigned n)
{
	double d;

	if (c->base_ms <= 0)
		return 0;	/* RestartSec=0: at once, every time */
	if (c->max_ms <= c->base_ms)
		return c->base_ms;
	if (c->steps == 0) {		/* doubling, capped */
		if (n >= 40)
			return c->max_ms;
		d = (double)c->base_ms * (double)(1ull << n);
	} else {			/* systemd: base * (max/base)^(n/steps) */
		if (n >= c->steps)
			return c->max_ms;
		double r = step_factor((double)c->max_ms / (double)c->base_ms, c->steps);

		d = (double)c->base_ms;
		for (unsigned k = 0; k < n; k++)
			d *= r;
	}
	return d >= (double)c->max_ms ? c->max_ms : (int64_t)(d + 0.5);
}

/* The growth step of the next restart: back to 0 after a long enough run. */
static unsigned next_step(const struct backoff_cfg *c, const struct backoff_state *st,
			  int64_t ran_ms)
{
	return c->reset_ms > 0 && ran_ms >= c->reset_ms ? 0 : st->n;
}

int64_t backoff_peek(const struct backoff_cfg *c, const struct backoff_state *st,
		     int64_t now_ms, int64_t ran_ms)
{
	int64_t d = backoff_delay(c, next_step(c, st, ran_ms));

	return backoff_limit_hit(c, st, now_ms + d) ? -1 : d;
}

int64_t backoff_next(const struct backoff_cfg *c, struct backoff_state *st, int64_t now_ms,
		     int64_t ran_ms)
{
	int64_t d = backoff_peek(c, st, now_ms, ran_ms);

	if (d < 0)
		return -1;
	st->n = next_step(c, st, ran_ms) + 1;
	return d;
}
