/* SPDX-License-Identifier: MIT */
/*
 * The hardware watchdog (RuntimeWatchdogSec=): once /dev/watchdog is
 * open, the machine resets unless tend pets it in time, so a hung or
 * stopped tend gets the machine rebooted.  Petting rides on the loop's
 * timer heap: one wake-up per half timeout, and none when it is closed.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/watchdog.h>

#include "hwdog.h"
#include "log.h"
#include "loop.h"
#include "util.h"
#include "nofail.h"

static struct {
	int fd;
	int64_t timeout_ms;
	struct loop *loop;
	struct loop_timer pet;
} wd = { .fd = -1 };

static void pet(struct loop *l, void *data)
{
	int dummy = 0;

	(void)data;
	if (wd.fd < 0)
		return;
	if (ioctl(wd.fd, WDIOC_KEEPALIVE, &dummy) < 0 && write(wd.fd, "\0", 1) < 0)
		log_warn("watchdog: keepalive failed: %s", strerror(errno));
	if (loop_timer_arm(l, &wd.pet, now_ms() + wd.timeout_ms / 2) < 0)
		log_err("watchdog: cannot arm the keepalive timer: the machine will reset");
}

int hwdog_open(struct loop *l, const char *dev, int64_t timeout_ms)
{
	int secs = (int)((timeout_ms + 999) / 1000);
	int r;

	if (wd.fd >= 0)
		return 0;
	if (secs < 1)
		secs = 1;
	wd.fd = open(dev ? dev : HWDOG_DEFAULT_DEVICE, O_WRONLY | O_CLOEXEC);
	if (wd.fd < 0)
		return -errno;
	if (ioctl(wd.fd, WDIOC_SETTIMEOUT, &secs) < 0) {
		r = -errno;
		/* a fixed-timeout driver: use what it has */
		if (ioctl(wd.fd, WDIOC_GETTIMEOUT, &secs) < 0 || secs < 1) {
			hwdog_close();
			return r;
		}
	}
	wd.timeout_ms = (int64_t)secs * 1000;
	wd.loop = l;
	loop_timer_init(&wd.pet, pet, NULL);
	pet(l, NULL);
	return 0;
}

bool hwdog_is_open(void)
{
	return wd.fd >= 0;
}

int64_t hwdog_timeout_ms(void)
{
	return wd.fd >= 0 ? wd.timeout_ms : 0;
}

void hwdog_close(void)
{
	if (wd.fd < 0)
		return;
	if (wd.loop)
		loop_timer_cancel(wd.loop, &wd.pet);
	if (write(wd.fd, "V", 1) != 1)
		log_warn("watchdog: magic close failed: %s; the machine may reset",
			 strerror(errno));
	close(wd.fd);
	wd.fd = -1;
}
