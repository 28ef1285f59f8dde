/* SPDX-License-Identifier: MIT */
/*
 * The [Timer] section of .timer units: its keys and checks, apart from
 * unitkeys.c's table (ukey_find() asks here for SEC_TIMER).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caltz.h"
#include "timespan.h"
#include "unitpriv.h"
#include "unittimer.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

const char *const timer_base_key[_TIMER_BASE_MAX] = {
	[TIMER_ACTIVE] = "OnActiveSec",
	[TIMER_BOOT] = "OnBootSec",
	[TIMER_STARTUP] = "OnStartupSec",
	[TIMER_UNIT_ACTIVE] = "OnUnitActiveSec",
	[TIMER_UNIT_INACTIVE] = "OnUnitInactiveSec",
};

static struct unit_timer *tmr(struct uctx *c)
{
	struct unit_timer *t = c->u->timer;

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->accuracy_ms = 60000;
	t->remain_after_elapse = true;
	c->u->timer = t;
	return t;
}

#define TMR(c) ({ struct unit_timer *_t = tmr(c); if (!_t) return -ENOMEM; _t; })

static int p_calendar(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_timer *t = TMR(c);
	const struct cal_env env = { caltz_local(), caltz_lookup };
	struct cal_spec *n;
	int r;

	(void)k;
	if (!*v) {	/* an empty value resets the list */
		for (size_t i = 0; i < t->n_cal; i++)
			calendar_free(&t->cal[i]);
		free(t->cal);
		t->cal = NULL;
		t->n_cal = 0;
		return 0;
	}
	n = array_grow(t->cal, t->n_cal, sizeof(*n));
	if (!n)
		return -ENOMEM;
	t->cal = n;
	r = calendar_parse(v, &env, &n[t->n_cal]);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return uctx_fail(c, "not a calendar event (systemd.time(7); try `tend "
				 "calendar '%s'`)", v);
	t->n_cal++;
	return 0;
}

static int p_mono(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_timer *t = TMR(c);
	struct timer_mono *n;
	int64_t ms;

	if (!*v) {	/* reset every monotonic trigger, as systemd does */
		free(t->mono);
		t->mono = NULL;
		t->n_mono = 0;
		return 0;
	}
	if (timespan_parse_ms(v, &ms) < 0 || ms == INT64_MAX)
		return uctx_fail(c, "not a time span: %s", v);
	n = array_grow(t->mono, t->n_mono, sizeof(*n));
	if (!n)
		return -ENOMEM;
	t->mono = n;
	n[t->n_mono++] = (struct timer_mono){ (enum timer_base)k->arg, ms };
	return 0;
}

static int p_span(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_timer *t = TMR(c);
	int64_t ms;

	if (timespan_parse_ms(v, &ms) < 0)
		return uctx_fail(c, "not a time span: %s", v);
	*(k->arg ? &t->random_ms : &t->accuracy_ms) = ms == INT64_MAX ? 0 : ms;
	return 0;
}

static int p_tbool(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_timer *t = TMR(c);
	bool b, *f[] = { &t->fixed_random, &t->persistent, &t->remain_after_elapse, &b };

	if (uv_bool(v, f[k->arg]) < 0)
		return uctx_fail(c, "not a boolean: %s", v);
	if (k->arg == 3 && b)	/* WakeSystem=yes */
		return uctx_fail(c, "WakeSystem=yes is not supported: tend does not "
				 "program the RTC to resume the system");
	return 0;
}

static int p_unit(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_timer *t = TMR(c);
	const char *dot = strrchr(v, '.');
	char *d;

	(void)k;
	if (!uv_unit_name_ok(v) || !dot || strcmp(dot, ".timer") == 0 ||
	    (strcmp(dot, ".service") != 0 && strcmp(dot, ".target") != 0))
		return uctx_fail(c, "Unit= needs a .service or .target unit name: %s", v);
	d = strdup(v);
	if (!d)
		return -ENOMEM;
	free(t->unit);
	t->unit = d;
	return 0;
}

#define K(n, f, a) { .name = n, .sections = SEC_TIMER, .fn = f, .arg = a }
static const struct ukey keys[] = {
	K("OnCalendar", p_calendar, 0),
	K("OnActiveSec", p_mono, TIMER_ACTIVE),
	K("OnBootSec", p_mono, TIMER_BOOT),
	K("OnStartupSec", p_mono, TIMER_STARTUP),
	K("OnUnitActiveSec", p_mono, TIMER_UNIT_ACTIVE),
	K("OnUnitInactiveSec", p_mono, TIMER_UNIT_INACTIVE),
	K("AccuracySec", p_span, 0),
	K("RandomizedDelaySec", p_span, 1),
	K("FixedRandomDelay", p_tbool, 0),
	K("Persistent", p_tbool, 1),
	K("RemainAfterElapse", p_tbool, 2),
	K("WakeSystem", p_tbool, 3),
	K("Unit", p_unit, 0),
};

int utimer_find(const char *name, struct ukey *ret)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0) {
			*ret = keys[i];
			return 0;
		}
	return -ENOENT;
}

void utimer_verify(struct uctx *c)
{
	struct unit_timer *t = tmr(c);
	const struct unit *u = c->u;
	const char *dot;

	if (!t) {
		c->n_errors++;
		return;
	}
	if (!t->n_cal && !t->n_mono) {
		uctx_diag(c, DIAG_ERROR, "timer unit has no OnCalendar=, OnActiveSec=, "
			  "OnBootSec=, OnStartupSec=, OnUnitActiveSec= or OnUnitInactiveSec=");
		return;
	}
	dot = strrchr(u->name, '.');
	if (!t->unit && asprintf(&t->unit, "%.*s.service", (int)(dot - u->name), u->name) < 0) {
		t->unit = NULL;
		c->n_errors++;
		return;
	}
	/* systemd: a timer is ordered before the unit it activates */
	if (strv_add(&c->u->before, t->unit) < 0)
		c->n_errors++;
}

void utimer_free(struct unit_timer *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cal; i++)
		calendar_free(&t->cal[i]);
	free(t->cal);
	free(t->mono);
	free(t->unit);
	free(t);
}
