/* SPDX-License-Identifier: MIT */
#ifndef TEND_SYSTEM_H
#define TEND_SYSTEM_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

/* What a shutdown ends with: the reboot(2) command. */
enum system_power {
	POWER_NONE,
	POWER_POWEROFF,
	POWER_REBOOT,
	POWER_HALT,
	_POWER_MAX,
};

extern const char *const system_power_name[_POWER_MAX];

/*
 * Is tend the init of a machine?  Forced by --system; otherwise tend must
 * be PID 1 and either find no proc filesystem on /proc (a kernel starts
 * init without one, container runtimes always give one) or find /proc
 * showing the initial PID namespace (init after an initramfs switch_root).
 * Call first thing in main(): it also notes the time of tend's exec.
 */
bool system_detect(bool forced);

/*
 * Make the machine usable: mount /dev, /proc, /sys, /dev/pts, /dev/shm,
 * /run and cgroup2 on /sys/fs/cgroup where nothing is mounted yet, put
 * stdio on /dev/console if the kernel gave none, set the hostname from
 * /etc/hostname, route Ctrl-Alt-Del to SIGINT, set a PATH.  Every failure
 * is logged and none is fatal.
 */
void system_early(void);

/*
 * Read the manager config (path; /etc/tend/tend.conf unless --config) and
 * apply it: log level, unit defaults, and the hardware watchdog
 * (RuntimeWatchdogSec).  Errors are logged file:line.
 */
void system_configure(struct loop *l, const char *path);

/* Every unit has settled after boot: log tend's share of the boot time. */
void system_booted(unsigned nunits);

/*
 * Shutdown begins: the units stop with their own timeouts, but the whole
 * shutdown gets RebootWatchdogSec (10 min by default, as systemd): a unit
 * with TimeoutStopSec=infinity that never stops can't hold the machine up.
 * When it expires, system_finish(p) runs with whatever is left.
 */
void system_stopping(struct loop *l, enum system_power p);

/*
 * The units are down: TERM to what is left, ShutdownTimeoutSec, KILL,
 * sync, unmount what tend mounted, and reboot(2) with p.  If reboot(2)
 * fails tend logs it and stays up.
 */
void system_finish(struct loop *l, enum system_power p);
/* After each reap pass: the final phase ends early once nothing is left. */
void system_reaped(bool none_left);

/* Can't-happen state or no event loop: a shell if there is one, else reboot. */
_Noreturn void system_crash(const char *why);

#endif
