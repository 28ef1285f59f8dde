/* SPDX-License-Identifier: MIT */
/*
 * The .target kind: a synchronisation point with no process of its own.
 * Starting one is reaching it, once what it is ordered After= has
 * settled (the registry waits for that before it starts any unit);
 * stopping one is immediate.  The well-known targets exist without a
 * file (target_builtin), so that Requires=network.target and friends
 * in shipped units find them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "svc_kind.h"
#include "target.h"
#include "tend/proto.h"
#include "nofail.h"

/*
 * systemd.special(7)'s targets that shipped units name.  tend has no
 * mounts, network management or clock sync of its own: each is reached
 * as soon as the units ordered Before= it (and those it Wants=) have
 * started; with none, at once.
 */
static const char *const builtin[][2] = {
	{ "basic.target", "Basic System" },
	{ "default.target", "Default target" },
	{ "local-fs.target", "Local File Systems" },
	{ "multi-user.target", "Multi-User System" },
	{ "network-online.target", "Network is Online" },
	{ "network-pre.target", "Preparation for Network" },
	{ "network.target", "Network" },
	{ "nss-lookup.target", "Host and Network Name Lookups" },
	{ "paths.target", "Path Units" },
	{ "remote-fs.target", "Remote File Systems" },
	{ "shutdown.target", "System Shutdown" },
	{ "sockets.target", "Socket Units" },
	{ "sysinit.target", "System Initialization" },
	{ "time-sync.target", "System Time Synchronized" },
	{ "timers.target", "Timer Units" },
};

const char *target_builtin(size_t i, char *text, size_t size)
{
	if (i >= sizeof(builtin) / sizeof(builtin[0]))
		return NULL;
	/* shutdown.target is reached only when tend stops everything */
	snprintf(text, size, "[Unit]\nDescription=%s\n", builtin[i][1]);
	return builtin[i][0];
}

/* shutdown.target is reached only on the way down, never at boot. */
static int target_load(struct svc *s)
{
	s->on_demand = strcmp(s->u->name, "shutdown.target") == 0;
	return 0;
}

/* Reached: nothing runs, so the start is complete at once. */
static void target_start(struct svc *s)
{
	svc_feed(s, SVC_EV_EXEC_OK);
}

static void target_stop(struct svc *s)
{
	svc_feed(s, SVC_EV_EXIT);
}

static void target_status(const struct svc *s, struct p1_buf *b, bool brief)
{
	(void)brief;
	p1_put_str(b, P1_F_U_SUB, s->state == SVC_RUNNING ? "reached" : "dead");
	p1_put_str(b, P1_F_U_TYPE, "target");
}

const struct svc_kind svc_kind_target = {
	.suffix = ".target",
	.load = target_load,
	.start = target_start,
	.stop = target_stop,
	.status = target_status,
};
