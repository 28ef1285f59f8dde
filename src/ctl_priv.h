/* SPDX-License-Identifier: MIT */
#ifndef TEND_CTL_PRIV_H
#define TEND_CTL_PRIV_H

/*
 * Private to the control socket: ctl.c (accepting, requests, replies,
 * streamed lists) and ctl_logs.c (tendctl logs and its -f followers).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctl.h"
#include "loop.h"
#include "svcout.h"
#include "tend/proto.h"

struct svc;

struct outmsg {
	struct outmsg *next;
	size_t len;
	uint8_t data[];
};

struct client {
	int fd;
	struct loop_src *src;
	uid_t uid;
	bool privileged;
	int64_t last_ms;	/* connected, the last request, or a stream moved on */
	struct outmsg *head, *tail;
	size_t queued;
	uint32_t events;	/* what the loop watches for */
	/* a status/list reply being streamed; requests wait until its end */
	struct {
		bool on, brief;
		size_t next;	/* every unit: the index of the next one */
		uint8_t *req;	/* named units: a copy of the request ... */
		size_t req_len, off;	/* ... and where the next name is */
	} stream;
	struct client *next;
	/* logs -f */
	struct svc *follow;
	struct svcout_iter it;
	bool dead;
};

struct ctl_state {
	struct loop *loop;
	int lfd;
	char path[108];
	struct ctl_ops ops;
	struct client *clients;
	struct ctl_stats st;
	struct loop_timer follow_timer;
	struct loop_defer reap;
	struct loop_src *lsrc;
	struct loop_timer accept_timer;	/* re-enables lsrc after a pause */
	struct loop_timer idle_timer;	/* closes clients that say nothing */
	int64_t cap_warned_ms;
	bool accept_warned;
	bool accept_paused;	/* lsrc unwatched until the timer or a free fd */
};

extern struct ctl_state ctl;

/* ctl.c, for ctl_logs.c */
/* Re-arm the idle timer for the live clients, the follow timer for followers. */
void ctl_timers_rearm(void);
/* Send a finished message, or queue it; a client that stopped reading is dropped. */
void ctl_queue(struct client *c, struct p1_buf *b);
void ctl_reply_simple(struct client *c, enum p1_cmd cmd, int errnum, const char *unit,
		      const char *text);
/* The unit names of a request (none: all); with v NULL, check and count only. */
int ctl_unit_args(const uint8_t *m, size_t n, size_t off, struct svc **v, size_t max,
		  size_t *ret_n, char *bad, size_t badlen);
/* A u32 field of a request (a flag reads 1), or dflt; *present says which. */
uint32_t ctl_field_u32(const uint8_t *m, size_t n, size_t off, enum p1_field type,
		       uint32_t dflt, bool *present);

/* ctl_logs.c */
/* tendctl logs UNIT [-n N] [-f]: the last lines, then (-f) the new ones. */
void ctl_do_logs(struct client *c, const uint8_t *m, size_t n, size_t off);
/* The follow timer: new lines to every follower, every FOLLOW_MS. */
void ctl_follow_cb(struct loop *l, void *data);

#endif
