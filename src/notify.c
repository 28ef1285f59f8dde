/* SPDX-License-Identifier: MIT */
/*
 * sd_notify, both ways.  Upward, tend is a client of its own manager through
 * libsystemd's sd_notify(), loaded with dlopen("libsystemd.so.0") only when
 * NOTIFY_SOCKET is set: linking it costs every container about 1.2 MB of
 * resident memory and seven shared objects for a feature most never use.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "notify.h"
#include "nofail.h"

typedef int sd_notify_fn(int unset_environment, const char *state);

static struct {
	sd_notify_fn *notify;
	char *socket;		/* taken out of the environment children inherit */
	bool tried, ready_sent;
} up;

void ntf_up_init(void)
{
	void *h;

	const char *sock = getenv("NOTIFY_SOCKET");

	if (up.tried || !sock)
		return;
	up.tried = true;
	/* tend answers to its manager; children must not speak for tend */
	up.socket = strdup(sock);
	unsetenv("NOTIFY_SOCKET");
	if (!up.socket)
		return;
	h = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		log_warn("NOTIFY_SOCKET is set but libsystemd.so.0 can't be loaded (%s): "
			 "tend will not report readiness to its manager", dlerror());
		return;
	}
	up.notify = (sd_notify_fn *)dlsym(h, "sd_notify");
	if (!up.notify)
		log_warn("libsystemd.so.0 has no sd_notify: readiness not reported");
}

static void send_state(const char *state)
{
	int r;

	if (!up.notify || setenv("NOTIFY_SOCKET", up.socket, 1) < 0)
		return;
	r = up.notify(1, state);	/* 1: unset NOTIFY_SOCKET again afterwards */
	if (r < 0)
		log_warn("sd_notify(\"%s\") to the manager failed: error %d", state, -r);
}

void ntf_up_ready(const char *status)
{
	char buf[256];

	if (!up.notify || up.ready_sent)
		return;
	up.ready_sent = true;
	snprintf(buf, sizeof(buf), "READY=1\nSTATUS=%s", status);
	send_state(buf);
}

void ntf_up_status(const char *status)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "STATUS=%s", status);
	send_state(buf);
}

void ntf_up_stopping(void)
{
	send_state("STOPPING=1");
}
