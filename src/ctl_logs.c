/* SPDX-License-Identifier: MIT */
/*
 * tendctl logs: the last lines of a unit's output ring, escaped as they
 * are sent (svcout_escape()), then for `logs -f` the new ones, from a
 * timer that runs only while some client follows.  Split from ctl.c,
 * whose client queue (ctl_queue()) carries the replies.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "ctl_priv.h"
#include "svc.h"
#include "util.h"
#include "nofail.h"

#define FOLLOW_MS 200

/* A line as sent: escaped (svcout_escape()), cut to what a message holds. */
static char logtext[P1_MSG_MAX];

static void send_logs(struct client *c, struct svc *s, bool end)
{
	uint8_t mem[P1_MSG_MAX];
	struct svcout_line line;
	uint64_t want = c->it.seq;

	while (!c->dead && svcout_iter_next(s->out, &c->it, &line)) {
		struct p1_buf b;

		p1_begin(&b, mem, sizeof(mem), P1_R_LOG);
		p1_put_u64(&b, P1_F_SEQ, line.seq);
		if (line.pid)
			p1_put_u32(&b, P1_F_PID, (uint32_t)line.pid);
		if (line.seq > want)
			p1_put_u64(&b, P1_F_DROPPED, line.seq - want);
		p1_put_bytes(&b, P1_F_TEXT, logtext,
			     svcout_escape(logtext, P1_MSG_MAX - 64, line.text, line.len));
		ctl_queue(c, &b);
		want = line.seq + 1;
	}
	if (end && !c->dead)
		ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
}

void ctl_do_logs(struct client *c, const uint8_t *m, size_t n, size_t off)
{
	struct svc *v[1];
	size_t nv;
	char bad[UNIT_NAME_MAX + 1] = "";
	uint32_t lines = ctl_field_u32(m, n, off, P1_F_LINES, 10, NULL);
	bool follow;
	uint64_t next, first;
	int r = ctl_unit_args(m, n, off, v, 1, &nv, bad, sizeof(bad));

	(void)ctl_field_u32(m, n, off, P1_F_FOLLOW, 0, &follow);
	if (r < 0 || nv != 1) {
		ctl_reply_simple(c, P1_R_END, r == -ENOENT ? ENOENT : EINVAL, bad[0] ? bad : NULL,
			     r == -ENOENT ? "no such unit" : "logs takes one unit");
		return;
	}
	if (!v[0]->out) {
		if (!follow) {
			ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
			return;
		}
		ctl_reply_simple(c, P1_R_END, ENODATA, v[0]->u->name, "no captured output");
		return;
	}
	next = svcout_next_seq(v[0]->out);
	first = svcout_first_seq(v[0]->out);
	svcout_iter_init(v[0]->out, next > lines && next - lines > first ? next - lines : first,
			 &c->it);
	send_logs(c, v[0], !follow);
	if (follow && !c->dead) {
		c->follow = v[0];
		if (!loop_timer_armed(&ctl.follow_timer))
			(void)loop_timer_arm(ctl.loop, &ctl.follow_timer, now_ms() + FOLLOW_MS);
		ctl_timers_rearm();	/* not idle while it follows */
	}
}

/* NB: polls while a follower exists; svcout has no new-line callback. */
void ctl_forget(const struct svc *s)
{
	for (struct client *c = ctl.clients; c; c = c->next) {
		if (c->follow != s)
			continue;
		if (!c->dead && s->out)	/* the lines not sent yet, then the end */
			send_logs(c, c->follow, true);
		else if (!c->dead)
			ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
		c->follow = NULL;
		c->last_ms = now_ms();	/* idle from now on */
		if (ctl.loop)
			ctl_timers_rearm();
	}
}

void ctl_follow_cb(struct loop *l, void *data)
{
	bool any = false;

	(void)data;
	for (struct client *c = ctl.clients; c; c = c->next) {
		if (c->dead || !c->follow)
			continue;
		if (!c->follow->out || c->follow->idx >= svc_count() ||
		    svc_at(c->follow->idx) != c->follow) {
			ctl_reply_simple(c, P1_R_END, 0, NULL, NULL);
			c->follow = NULL;
			c->last_ms = now_ms();	/* idle from now on */
			ctl_timers_rearm();
			continue;
		}
		send_logs(c, c->follow, false);
		any = true;
	}
	if (any)
		(void)loop_timer_arm(l, &ctl.follow_timer, now_ms() + FOLLOW_MS);
}
