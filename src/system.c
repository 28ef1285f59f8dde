/* SPDX-License-Identifier: MIT */
/*
 * System mode: tend as the init of a machine.  It mounts what the kernel
 * doesn't give init, finds a console, reads /etc/tend/tend.conf, and at
 * the end of a shutdown takes the machine down with reboot(2).  PID 1
 * never exits here: a failed mount or config line is logged, a failed
 * reboot(2) leaves tend running.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#include "hwdog.h"
#include "log.h"
#include "loop.h"
#include "reap.h"
#include "sysconf.h"
#include "system.h"
#include "unit.h"
#include "util.h"
#include "nofail.h"

#define PROC_PID_INIT_INO 0xEFFFFFFCU	/* the initial PID namespace */
#define KILL_WAIT_MS 2000		/* after SIGKILL: processes in D state */
#define SYSTEM_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

const char *const system_power_name[_POWER_MAX] = {
	[POWER_NONE] = "none",
	[POWER_POWEROFF] = "poweroff",
	[POWER_REBOOT] = "reboot",
	[POWER_HALT] = "halt",
};

/* What system mode mounts, in order; unmounted in reverse. */
static const struct mnt {
	const char *src, *dir, *type;
	unsigned long flags;
	const char *data;
} mnts[] = {
	{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "mode=0620,ptmxmode=0666" },
	{ "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" },
	{ "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755" },
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	  "nsdelegate" },
};

enum phase { PH_UP, PH_TERM, PH_KILL, PH_DONE };

static struct {
	bool on;
	bool initial_ns;	/* a real machine: remount / read-only at the end */
	int64_t exec_boot_ms;	/* CLOCK_BOOTTIME when tend started */
	int64_t exec_mono_ms;
	bool log_kmsg;		/* LogTarget= is kmsg: the boot line is there already */
	bool mounted[ARRAY_SIZE(mnts)];
	int mount_err[ARRAY_SIZE(mnts)];	/* errno of a failed mount, 0 */
	struct sysconf conf;
	struct loop *loop;
	struct loop_timer timer;
	struct loop_timer ceiling;	/* RebootWatchdogSec over the whole shutdown */
	enum phase phase;
	enum system_power power;
} sy;

static int64_t boot_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool is_fs(const char *path, long magic)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && (unsigned long)sf.f_type == (unsigned long)magic;
}

static bool initial_pid_ns(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == PROC_PID_INIT_INO;
}

bool system_detect(bool forced)
{
	sy.exec_boot_ms = boot_ms();
	sy.exec_mono_ms = now_ms();
	if (forced)
		sy.on = true;
	else if (getpid() == 1)
		sy.on = !is_fs("/proc", PROC_SUPER_MAGIC) || initial_pid_ns();
	return sy.on;
}

/* A directory is a mount point when it sits on another device than its parent. */
static bool is_mountpoint(const char *dir)
{
	char parent[64];
	struct stat a, b;
	const char *slash = strrchr(dir, '/');

	if (stat(dir, &a) < 0)
		return false;
	snprintf(parent, sizeof(parent), "%.*s", slash == dir ? 1 : (int)(slash - dir), dir);
	return stat(parent, &b) == 0 && a.st_dev != b.st_dev;
}

static void mount_one(size_t i)
{
	const struct mnt *m = &mnts[i];

	if (is_mountpoint(m->dir))
		return;
	if (mkdir(m->dir, 0755) < 0 && errno != EEXIST) {
		sy.mount_err[i] = errno;
		return;
	}
	if (mount(m->src, m->dir, m->type, m->flags, m->data) == 0) {
		sy.mounted[i] = true;
		return;
	}
	/* an older kernel without nsdelegate still mounts plain cgroup2 */
	if (errno == EINVAL && m->data && !strcmp(m->data, "nsdelegate") &&
	    mount(m->src, m->dir, m->type, m->flags, NULL) == 0) {
		sy.mounted[i] = true;
		return;
	}
	sy.mount_err[i] = errno;
}

/* Is fd missing, or /dev/null (what a console-less start leaves)? */
static bool no_output(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return true;
	return S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
}

/* The kernel opens /dev/console for init only if it exists in the initramfs. */
static bool console_stdio(void)
{
	int fd;

	if (!no_output(1) && !no_output(2))
		return false;
	fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return false;
	for (int i = 0; i <= 2; i++)
		(void)dup2(fd, i);	/* dup2 clears close-on-exec on 0-2 */
	if (fd > 2)
		close(fd);
	return true;
}

static void set_hostname(void)
{
	char buf[256];
	ssize_t n;
	int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	char *s, *e;

	if (fd < 0) {
		if (errno != ENOENT)
			log_warn("/etc/hostname: %s", strerror(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (s = buf; *s == ' ' || *s == '\t' || *s == '\n'; s++)
		;
	for (e = s; *e && *e != '\n' && *e != ' ' && *e != '\t' && *e != '#'; e++)
		;
	*e = '\0';
	if (!*s)
		return;
	if (sethostname(s, (size_t)(e - s)) < 0)
		log_warn("hostname '%s': %s", s, strerror(errno));
	else
		log_info("hostname: %s", s);
}

void system_early(void)
{
	bool console;

	mount_one(0);			/* /dev first: the console lives there */
	console = console_stdio();
	for (size_t i = 1; i < ARRAY_SIZE(mnts); i++)
		mount_one(i);
	if (console)
		log_init(log_get_level());	/* fd 2 changed under the log */
	sy.initial_ns = initial_pid_ns();
	log_info("system mode: tend is the init of this machine (%s)",
		 sy.initial_ns ? "initial PID namespace" : "forced with --system");
	for (size_t i = 0; i < ARRAY_SIZE(mnts); i++)
		if (sy.mount_err[i])
			log_err("mount %s on %s: %s; carrying on without it", mnts[i].type,
				mnts[i].dir, strerror(sy.mount_err[i]));
		else if (sy.mounted[i])
			log_debug("mounted %s on %s", mnts[i].type, mnts[i].dir);
	if (!is_fs("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC) && !sy.mounted[ARRAY_SIZE(mnts) - 1])
		log_info("/sys/fs/cgroup is not cgroup2: using what is there");
	set_hostname();
	/* EINVAL in a PID namespace: there is no keyboard to route there */
	if (reboot(RB_DISABLE_CAD) < 0 && sy.initial_ns)
		log_warn("cannot route Ctrl-Alt-Del to SIGINT: %s", strerror(errno));
	if (setenv("PATH", SYSTEM_PATH, 0) < 0)
		log_warn("PATH: %s", strerror(errno));
	sysconf_init(&sy.conf);
}

static void watchdog_try(void)
{
	int r;

	if (!sy.conf.runtime_watchdog_ms || hwdog_is_open())
		return;
	r = hwdog_open(sy.loop, sy.conf.watchdog_device, sy.conf.runtime_watchdog_ms);
	if (r == 0)
		log_info("watchdog: %s armed, timeout %lld ms, petted every %lld ms",
			 sy.conf.watchdog_device ?: HWDOG_DEFAULT_DEVICE,
			 (long long)hwdog_timeout_ms(), (long long)hwdog_timeout_ms() / 2);
	else
		log_warn("watchdog: %s: %s%s", sy.conf.watchdog_device ?: HWDOG_DEFAULT_DEVICE,
			 strerror(-r), r == -ENOENT ? " (trying again once the units settle)" : "");
}

/* Read the whole (small) config file; NULL with errno when missing or unreadable. */
static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *nb = cap > (1 << 20) ? NULL : realloc(buf, cap ? cap * 2 : 4096);

			if (!nb) {
				free(buf);
				close(fd);
				errno = cap ? EFBIG : ENOMEM;
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

static void log_report(char *report)
{
	for (char *line = strtok(report, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "warning: ", 9))
			log_warn("%s", line + 9);
		else
			log_err("%s", line);
	}
}

/* LogTarget=: syslog needs /dev/log, kmsg /dev/kmsg; else say so and keep the console. */
static void configure_log_target(const struct sysconf *c)
{
	static const char *const name[] = {
		[LOG_TARGET_CONSOLE] = "console", [LOG_TARGET_KMSG] = "kmsg",
		[LOG_TARGET_SYSLOG] = "syslog", [LOG_TARGET_NULL] = "null",
	};
	enum log_target want = (enum log_target)c->log_target;
	enum log_target got = log_set_target(want);

	if (got != want && c->log_target_or_kmsg)
		got = log_set_target(LOG_TARGET_KMSG);
	sy.log_kmsg = got == LOG_TARGET_KMSG;
	if (got != want && !(c->log_target_or_kmsg && got == LOG_TARGET_KMSG))
		log_warn("LogTarget=%s: %s not there, logging to the %s", name[want],
			 want == LOG_TARGET_SYSLOG ? "/dev/log" : "/dev/kmsg", name[got]);
}

void system_configure(struct loop *l, const char *path)
{
	char report[2048];
	bool given = path;	/* --config: a missing file is an error too */
	char *text;

	if (!given)
		path = SYSCONF_PATH;
	text = slurp(path);
	sy.loop = l;
	loop_timer_init(&sy.timer, NULL, NULL);
	if (text) {
		int n = sysconf_parse(&sy.conf, text, path, report, sizeof(report));

		free(text);
		log_report(report);
		if (n)
			log_err("%s: %d error(s); those keys keep their defaults", path, n);
	} else if (errno != ENOENT || given) {
		log_err("%s: %s; using the defaults", path, strerror(errno));
	}
	if (sy.conf.log_time >= 0)
		log_set_time((enum log_time)sy.conf.log_time);
	if (sy.conf.log_target >= 0)
		configure_log_target(&sy.conf);
	if (sy.conf.log_level >= 0)
		log_set_level((enum log_level)sy.conf.log_level);
	else if (sy.conf.show_status == 0 && log_get_level() > L_WARN)
		log_set_level(L_WARN);
	if (sy.conf.default_restart_ms >= 0)
		unit_defaults.restart_sec_ms = sy.conf.default_restart_ms;
	if (sy.conf.default_timeout_start_ms >= 0)
		unit_defaults.timeout_start_ms = sy.conf.default_timeout_start_ms;
	if (sy.conf.default_timeout_stop_ms >= 0)
		unit_defaults.timeout_stop_ms = sy.conf.default_timeout_stop_ms;
	watchdog_try();
}

/* One line with a kernel timestamp next to the kernel's own boot messages. */
static void kmsg(const char *line)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)!write(fd, line, strlen(line));
	close(fd);
}

void system_booted(unsigned nunits)
{
	char line[160];
	int64_t now = boot_ms();

	snprintf(line, sizeof(line),
		 "<6>tend: boot: %u units settled %lld ms after tend's exec (%lld.%03lld s since the kernel started)\n",
		 nunits, (long long)(now_ms() - sy.exec_mono_ms), (long long)now / 1000,
		 (long long)now % 1000);
	log_info("%.*s", (int)strlen(line + 3 + 6) - 1, line + 3 + 6);	/* no "\n" */
	if (!sy.log_kmsg)	/* else log_info() just put it there */
		kmsg(line);
	watchdog_try();
}

static void unmount_all(void)
{
	for (size_t i = ARRAY_SIZE(mnts); i-- > 0;) {
		if (!sy.mounted[i])
			continue;
		if (umount2(mnts[i].dir, 0) == 0) {
			sy.mounted[i] = false;
			continue;
		}
		/* busy (the console on /dev, a lazy process): at least read-only */
		if (errno == EBUSY &&
		    mount(NULL, mnts[i].dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0)
			continue;
		log_debug("unmount %s: %s", mnts[i].dir, strerror(errno));
	}
	/* only a real machine: in a namespace "/" is the host's */
	if (sy.initial_ns && mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0 &&
	    errno != EINVAL)
		log_warn("remount / read-only: %s", strerror(errno));
}

static void power_off_now(void)
{
	static const int cmd[_POWER_MAX] = {
		[POWER_NONE] = RB_POWER_OFF,
		[POWER_POWEROFF] = RB_POWER_OFF,
		[POWER_REBOOT] = RB_AUTOBOOT,
		[POWER_HALT] = RB_HALT_SYSTEM,
	};

	sy.phase = PH_DONE;
	loop_timer_cancel(sy.loop, &sy.timer);
	loop_timer_cancel(sy.loop, &sy.ceiling);
	log_info("syncing and unmounting");
	sync();			/* NB: blocks until the disks have the data; nothing is left to serve */
	unmount_all();
	hwdog_close();
	log_info("%s", sy.power == POWER_REBOOT ? "rebooting" :
		       sy.power == POWER_HALT ? "halting" : "powering off");
	if (reboot(cmd[sy.power]) < 0)
		log_emerg("reboot(2) for %s failed: %s; tend stays up",
			  system_power_name[sy.power], strerror(errno));
}

static void final_timer(struct loop *l, void *data)
{
	(void)data;
	if (sy.phase == PH_TERM) {
		log_warn("processes ignored SIGTERM for %lld ms: sending SIGKILL",
			 (long long)sy.conf.shutdown_timeout_ms);
		(void)reap_signal_descendants(SIGKILL);
		sy.phase = PH_KILL;
		if (reap_all() || loop_timer_arm(l, &sy.timer, now_ms() + KILL_WAIT_MS) < 0)
			power_off_now();
		return;
	}
	if (sy.phase == PH_KILL) {
		log_warn("processes survived SIGKILL for %d ms: going down anyway", KILL_WAIT_MS);
		power_off_now();
	}
}

static void ceiling_timer(struct loop *l, void *data)
{
	(void)data;
	if (sy.phase != PH_UP)
		return;		/* the final phase has timeouts of its own */
	log_err("shutdown: units still stopping after %lld ms (RebootWatchdogSec): "
		"going on without them", (long long)sy.conf.reboot_watchdog_ms);
	system_finish(l, sy.power);
}

void system_stopping(struct loop *l, enum system_power p)
{
	int64_t t = sy.conf.reboot_watchdog_ms;

	sy.power = p;
	loop_timer_init(&sy.ceiling, ceiling_timer, NULL);
	if (t > 0 && t != INT64_MAX && loop_timer_arm(l, &sy.ceiling, now_ms() + t) < 0)
		log_warn("shutdown: no RebootWatchdogSec timer; units stop with their own timeouts");
}

void system_finish(struct loop *l, enum system_power p)
{
	if (sy.phase != PH_UP)
		return;
	sy.loop = l;
	sy.power = p == POWER_NONE ? POWER_POWEROFF : p;
	loop_timer_init(&sy.timer, final_timer, NULL);
	sy.phase = PH_TERM;
	if (reap_all()) {
		power_off_now();
		return;
	}
	log_info("sending SIGTERM to the remaining processes");
	if (reap_signal_descendants(SIGTERM) > 0)
		(void)reap_signal_descendants(SIGCONT);
	if (reap_all() || loop_timer_arm(l, &sy.timer, now_ms() + sy.conf.shutdown_timeout_ms) < 0)
		power_off_now();
}

void system_reaped(bool none_left)
{
	if (none_left && (sy.phase == PH_TERM || sy.phase == PH_KILL))
		power_off_now();
}

_Noreturn void system_crash(const char *why)
{
	static char *const argv[] = { "/bin/sh", NULL };
	sigset_t none;

	log_emerg("%s: starting /bin/sh, or rebooting without one", why);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	execv(argv[0], argv);
	(void)reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}
