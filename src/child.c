/* SPDX-License-Identifier: MIT */
/*
 * The only code that runs between clone and execve.  Async-signal-safe
 * calls only: no malloc, no stdio, no logging.  A failing step writes
 * {stage, errno} to the exec-status pipe and exits 127; the parent reads it
 * from the loop and reports it as "unit: step: errno text".
 *
 * This child may share tend's memory (spawn.c's vfork-style clone), so
 * it calls no libc function that keeps libc state: the ones that do in
 * glibc or musl are the raw syscalls below; the rest (setsid, dup2,
 * chdir, mount, prctl, sigprocmask, execve, ...) are plain syscall
 * wrappers in both, which write nothing but errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "child.h"
#include "nofail.h"

const char *const child_stage_name[_CHILD_STAGE_MAX] = {
	[CHILD_SIGMASK] = "sigmask",
	[CHILD_SETSID] = "setsid",
	[CHILD_SETPGID] = "setpgid",
	[CHILD_TTY] = "tty",
	[CHILD_CHDIR] = "chdir",
	[CHILD_SETGROUPS] = "setgroups",
	[CHILD_SETGID] = "setgid",
	[CHILD_SETUID] = "setuid",
	[CHILD_STDIO] = "stdio",
	[CHILD_EXEC] = "exec",
	[CHILD_USERNS] = "userns",
	[CHILD_CGROUP] = "cgroup",
	[CHILD_SCHED] = "sched",
	[CHILD_AFFINITY] = "affinity",
	[CHILD_NICE] = "nice",
	[CHILD_IOPRIO] = "ioprio",
	[CHILD_OOM] = "oom_score_adj",
	[CHILD_RLIMIT] = "rlimit",
	[CHILD_MOUNTS] = "mounts",
	[CHILD_NETWORK] = "network",
	[CHILD_CAPBSET] = "capbset",
	[CHILD_KEEPCAPS] = "keepcaps",
	[CHILD_CAPS] = "capabilities",
	[CHILD_AMBIENT] = "ambient",
	[CHILD_NO_NEW_PRIVS] = "no_new_privs",
	[CHILD_SECUREBITS] = "securebits",
	[CHILD_BINDS] = "bind mounts",
};

/*
 * Raw syscalls, as glibc's own posix_spawn makes them.  glibc and musl
 * turn set*id() and setgroups() into a broadcast to every thread (musl
 * takes a lock and writes the calling thread's descriptor, which in a
 * vfork-style child is tend's, even with one thread); musl does the same
 * for setrlimit(), and its sched_setscheduler() is a stub that says
 * ENOSYS.  32-bit arm and i386 have 16-bit ids in the old calls.
 */
#ifdef SYS_setresuid32
#define NR_SETGROUPS SYS_setgroups32
#define NR_SETRESGID SYS_setresgid32
#define NR_SETRESUID SYS_setresuid32
#else
#define NR_SETGROUPS SYS_setgroups
#define NR_SETRESGID SYS_setresgid
#define NR_SETRESUID SYS_setresuid
#endif

static int raw_setids(const struct spawn_plan *p, enum child_stage *stage)
{
	*stage = CHILD_SETGROUPS;
	if (syscall(NR_SETGROUPS, p->ngroups, p->groups) < 0)
		return -1;
	*stage = CHILD_SETGID;
	if (syscall(NR_SETRESGID, p->gid, p->gid, p->gid) < 0)
		return -1;
	*stage = CHILD_SETUID;
	return syscall(NR_SETRESUID, p->uid, p->uid, p->uid) < 0 ? -1 : 0;
}

static uint64_t rlim64(rlim_t v)
{
	return v == RLIM_INFINITY ? UINT64_MAX : (uint64_t)v;
}

static int raw_setrlimit(int res, const struct rlimit *lim)
{
	uint64_t l[2] = { rlim64(lim->rlim_cur), rlim64(lim->rlim_max) };

	return syscall(SYS_prlimit64, 0, res, l, NULL) < 0 ? -1 : 0;
}

/* getrlimit() the same way: 64-bit limits even where rlim_t is 32. */
static int raw_getrlimit(int res, struct rlimit *ret)
{
	uint64_t l[2];

	if (syscall(SYS_prlimit64, 0, res, NULL, l) < 0)
		return -1;
	ret->rlim_cur = l[0] == UINT64_MAX || l[0] > (rlim_t)-1 ? RLIM_INFINITY : (rlim_t)l[0];
	ret->rlim_max = l[1] == UINT64_MAX || l[1] > (rlim_t)-1 ? RLIM_INFINITY : (rlim_t)l[1];
	return 0;
}

/*
 * SIGPIPE to SIG_IGN.  The kernel's struct sigaction starts with the
 * handler everywhere but on MIPS; flags, restorer and mask are all zero,
 * so where each of them sits does not matter.
 */
static void raw_ignore_sigpipe(void)
{
#if defined(__mips__)
	struct sigaction ign = { .sa_handler = SIG_IGN };

	(void)sigaction(SIGPIPE, &ign, NULL);	/* NB: libc's, on MIPS only */
#else
	struct {
		void (*handler)(int);
		unsigned long zero[4];
	} ign = { .handler = SIG_IGN };

	(void)syscall(SYS_rt_sigaction, SIGPIPE, &ign, NULL, 8);	/* 64 signals */
#endif
}

static _Noreturn void child_fail(int fd, enum child_stage stage)
{
	struct child_err e = { .stage = stage, .errnum = errno };

	(void)!write(fd, &e, sizeof(e));	/* the parent reads it via epoll */
	_exit(127);				/* never exit(): stdio buffers are shared copies */
}

/* Put the planned fds on 0, 1, 2; a fd already in place loses close-on-exec. */
static int child_stdio(const int stdio[3])
{
	int moved[3];

	/* first lift every source above 2, so dup2 order can't clobber one */
	for (int i = 0; i < 3; i++) {
		moved[i] = stdio[i];
		if (moved[i] >= 0 && moved[i] <= 2) {
			moved[i] = fcntl(moved[i], F_DUPFD_CLOEXEC, 3);
			if (moved[i] < 0)
				return -1;
		}
	}
	for (int i = 0; i < 3; i++)
		if (moved[i] >= 0 && dup2(moved[i], i) < 0)
			return -1;
	return 0;
}

/*
 * Socket activation: the fds to 3, 4, ... and our pid into LISTEN_PID.
 * Every source and the status pipe first move above the target range, so
 * no dup2() clobbers one still needed.  Returns the status pipe's fd.
 */
static int child_listen_fds(const struct spawn_plan *p, int sfd)
{
	int top = 3 + (int)p->n_pass_fds, moved[64];
	char digits[16];
	pid_t pid = getpid();
	size_t i, n = 0;

	if (p->n_pass_fds > 64)
		return -1;
	if (sfd < top && (sfd = fcntl(sfd, F_DUPFD_CLOEXEC, top)) < 0)
		return -1;
	for (i = 0; i < p->n_pass_fds; i++) {
		moved[i] = p->pass_fds[i];
		if (moved[i] < top && (moved[i] = fcntl(moved[i], F_DUPFD_CLOEXEC, top)) < 0)
			return -1;
	}
	for (i = 0; i < p->n_pass_fds; i++)
		if (dup2(moved[i], 3 + (int)i) < 0)
			return -1;
	do {
		digits[n++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid > 0 && n < sizeof(digits));
	for (i = 0; p->listen_pid && i < n; i++)
		p->listen_pid[i] = digits[n - 1 - i];
	if (p->listen_pid)
		p->listen_pid[n] = '\0';
	return sfd;
}

/* Sane line discipline, as systemd's TTYReset= (termios calls are async-signal-safe). */
static void child_tty_reset(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | ISTRIP | INLCR | IGNCR | IUCLC);
	t.c_iflag |= ICRNL | IMAXBEL | IUTF8;
	t.c_oflag |= ONLCR | OPOST;
	t.c_cflag |= CREAD;
	t.c_lflag = ISIG | ICANON | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE;
	t.c_cc[VINTR] = 03;
	t.c_cc[VQUIT] = 034;
	t.c_cc[VERASE] = 0177;
	t.c_cc[VKILL] = 025;
	t.c_cc[VEOF] = 04;
	t.c_cc[VSTART] = 021;
	t.c_cc[VSTOP] = 023;
	t.c_cc[VSUSP] = 032;
	t.c_cc[VTIME] = 0;
	t.c_cc[VMIN] = 1;
	(void)tcsetattr(fd, TCSANOW, &t);
	(void)tcflush(fd, TCIOFLUSH);
}

/* StandardInput=tty: the terminal becomes ours (we are a session leader now). */
static int child_ctty(const struct spawn_plan *p, int stdio[3])
{
	int fd = stdio[0];

	if (p->tty_vhangup) {
		/* hangs up every open file of the terminal, ours included: reopen */
		(void)ioctl(fd, TIOCVHANGUP, 0);
		fd = open(p->ctty_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		for (int i = 0; i < 3; i++)
			if (p->ctty_slots & (1U << i))
				stdio[i] = fd;
	}
	if (ioctl(fd, TIOCSCTTY, p->ctty_force ? 1 : 0) < 0)
		return -1;
	if (p->tty_reset)
		child_tty_reset(fd);
	return 0;
}

/* PrivateUsers: wait until the parent wrote our uid/gid maps (it sends 0 or an errno). */
static int child_userns(const struct spawn_plan *p)
{
	int32_t e = 0;
	ssize_t n;

	do
		n = read(p->userns_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(p->userns_fd);
	if (n != (ssize_t)sizeof(e)) {
		errno = n < 0 ? errno : EPIPE;
		return -1;
	}
	errno = e;
	return e ? -1 : 0;
}

/* Join the unit's cgroup in each hierarchy the clone did not place us in. */
static int child_cgroup(const struct spawn_plan *p)
{
	for (size_t i = 0; i < p->n_cgroup_procs; i++)
		if (write(p->cgroup_procs[i], "0", 1) < 0)	/* 0: the writer itself */
			return -1;
	if (p->has_v2_procs && !p->into_cgroup && write(p->v2_procs_fd, "0", 1) < 0)
		return -1;
	return 0;
}

/* A step done in part or skipped: tell the parent and go on. */
static void child_warn(int fd, enum child_stage stage, int errnum, int arg,
		       const struct rlimit *set)
{
	struct child_err e = { .stage = stage, .errnum = errnum, .warn = 1, .arg = arg };

	if (set) {
		e.cur = set->rlim_cur;
		e.max = set->rlim_max;
	}
	(void)!write(fd, &e, sizeof(e));
}

/*
 * OOMScoreAdjust=: lowering it takes CAP_SYS_RESOURCE, which a container
 * often lacks.  As systemd, a refusal is reported and the start goes on.
 */
static int child_oom(const struct spawn_plan *p)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	int r = fd < 0 ? -1 : 0, e = errno;

	if (fd >= 0) {
		if (write(fd, p->oom, strlen(p->oom)) < 0) {
			r = -1;
			e = errno;
		}
		close(fd);
	}
	if (r < 0 && (e == EPERM || e == EACCES)) {
		child_warn(p->status_fd, CHILD_OOM, e, 0, NULL);
		return 0;
	}
	errno = e;
	return r;
}

/*
 * setrlimit(), or as close as tend may go, as systemd's
 * setrlimit_closest(): above the hard limit without CAP_SYS_RESOURCE,
 * both limits are clamped to the hard one and the parent is told.
 */
static int child_rlimit(int fd, int res, const struct rlimit *want)
{
	struct rlimit have, set;

	if (raw_setrlimit(res, want) == 0)
		return 0;
	if (errno != EPERM || raw_getrlimit(res, &have) < 0)
		return -1;
	if (have.rlim_max == RLIM_INFINITY) {
		errno = EPERM;		/* not the hard limit: something else */
		return -1;
	}
	set.rlim_cur = want->rlim_cur < have.rlim_max ? want->rlim_cur : have.rlim_max;
	set.rlim_max = want->rlim_max < have.rlim_max ? want->rlim_max : have.rlim_max;
	if ((set.rlim_cur != have.rlim_cur || set.rlim_max != have.rlim_max) &&
	    raw_setrlimit(res, &set) < 0)
		return -1;
	child_warn(fd, CHILD_RLIMIT, EPERM, res, &set);
	return 0;
}

static int child_rlimits(const struct spawn_plan *p)
{
	for (size_t i = 0; i < p->n_rlimits; i++)
		if (child_rlimit(p->status_fd, p->rlimits[i].resource, &p->rlimits[i].lim) < 0)
			return -1;
	return 0;
}

/* New mount namespace: no propagation back, then fresh /tmp, /var/tmp, /proc. */
static int child_mounts(const struct spawn_plan *p)
{
	unsigned long fl = MS_NOSUID | MS_NODEV;

	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return -1;
	if (p->mounts & CHILD_MNT_TMP) {
		if (mount("tmpfs", "/tmp", "tmpfs", fl, "mode=1777") < 0)
			return -1;
		if (mount("tmpfs", "/var/tmp", "tmpfs", fl, "mode=1777") < 0)
			return -1;
	}
	if (p->mounts & CHILD_MNT_PROC &&
	    mount("proc", "/proc", "proc", fl | MS_NOEXEC, NULL) < 0)
		return -1;
	return 0;
}

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442		/* the same number on every architecture */
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* struct mount_attr of <linux/mount.h>, which clashes with <sys/mount.h> */
struct child_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

/* A bind mount read-only, its submounts too where the kernel can (5.12). */
static int child_bind_ro(const struct child_bind *b)
{
	struct child_mount_attr a = { .attr_set = 0x1 /* MOUNT_ATTR_RDONLY */ };

	if (syscall(SYS_mount_setattr, AT_FDCWD, b->dst, b->recursive ? AT_RECURSIVE : 0,
		    &a, sizeof(a)) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	return mount(NULL, b->dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
}

/* A missing mount point: its parents, then a directory or a file like src. */
static int child_mkpoint(const char *dst, bool dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dst);
	int fd;

	if (n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dst, n + 1);
	for (char *q = path + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -1;
		*q = '/';
	}
	if (dir)
		return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* "/proc/self/fd/N" into buf (32 bytes), without snprintf. */
static const char *child_fd_path(int fd, char *buf)
{
	static const char pre[] = "/proc/self/fd/";
	char digits[12];
	int n = 0;

	do
		digits[n++] = (char)('0' + fd % 10);
	while ((fd /= 10) > 0 && n < (int)sizeof(digits));
	memcpy(buf, pre, sizeof(pre) - 1);
	for (int i = 0; i < n; i++)
		buf[sizeof(pre) - 1 + i] = digits[n - 1 - i];
	buf[sizeof(pre) - 1 + n] = '\0';
	return buf;
}

/*
 * BindPaths=, BindReadOnlyPaths=, and DynamicUser='s private directories
 * (a tmpfs over /var/lib/private holding the unit's own), in the unit's
 * own mount namespace.
 */
static int child_binds(const struct spawn_plan *p)
{
	int held[CHILD_MAX_HELD], n_held = 0;

	for (size_t i = 0; i < p->n_binds; i++) {
		const struct child_bind *b = &p->binds[i];
		unsigned long fl = MS_BIND | (b->recursive ? MS_REC : 0);
		const char *src = b->src;
		char fdpath[32];
		struct stat st;

		if (b->hold) {	/* opened in this namespace: a bind source must be */
			if (n_held == CHILD_MAX_HELD) {
				errno = E2BIG;
				return -1;
			}
			held[n_held] = open(b->src, O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (held[n_held] < 0)
				return -1;
			n_held++;
			continue;
		}
		if (b->tmpfs) {
			if (mount("tmpfs", b->dst, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
				  "mode=0755") < 0)
				return -1;
			continue;
		}
		if (b->from_held >= 0 && b->from_held < n_held)
			src = child_fd_path(held[b->from_held], fdpath);
		if (stat(src, &st) < 0) {
			if (errno == ENOENT && b->optional)
				continue;
			return -1;
		}
		if (mount(src, b->dst, NULL, fl, NULL) < 0 &&
		    (errno != ENOENT || child_mkpoint(b->dst, S_ISDIR(st.st_mode)) < 0 ||
		     mount(src, b->dst, NULL, fl, NULL) < 0))
			return -1;
		if (b->read_only && child_bind_ro(b) < 0)
			return -1;
	}
	return 0;
}

/* PrivateNetwork: a new network namespace has only lo, and it is down. */
static int child_lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = -1;

	if (fd < 0)
		return -1;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		r = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return r;
}

static int child_bounding(const struct spawn_plan *p)
{
	for (int c = 0; c <= p->cap_last && c < 64; c++)
		if (p->cap_drop >> c & 1 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
			return -1;
	return 0;
}

/*
 * AmbientCapabilities: after the uid change (made with PR_SET_KEEPCAPS),
 * keep exactly the ambient set as permitted, effective and inheritable,
 * then raise it as ambient so it survives execve() of a non-root program.
 * Raw capset(): libcap's cap_iab_set_proc() may allocate.
 */
static int child_caps(const struct spawn_plan *p, enum child_stage *stage)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	uint64_t keep = p->cap_ambient;

	*stage = CHILD_CAPS;
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	if (p->set_ids && p->uid != 0) {
		d[0].permitted = d[0].effective = (uint32_t)keep;
		d[1].permitted = d[1].effective = (uint32_t)(keep >> 32);
	}
	d[0].inheritable = (uint32_t)keep;
	d[1].inheritable = (uint32_t)(keep >> 32);
	if (syscall(SYS_capset, &h, d) < 0)
		return -1;
	*stage = CHILD_AMBIENT;
	for (int c = 0; c < 64; c++)
		if (keep >> c & 1 &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			return -1;
	return 0;
}

/* The linear setup of DESIGN.md "Spawning a service", one stage per step. */
_Noreturn void child_exec(const struct spawn_plan *p)
{
	enum child_stage st;
	sigset_t none;
	int stdio[3] = { p->stdio[0], p->stdio[1], p->stdio[2] };
	int sfd = p->status_fd;	/* moved above the fds of socket activation */

	if (p->new_session && setsid() < 0)
		child_fail(p->status_fd, CHILD_SETSID);
	if (p->ctty && child_ctty(p, stdio) < 0)
		child_fail(p->status_fd, CHILD_TTY);
	if (p->new_pgrp && setpgid(0, 0) < 0)
		child_fail(p->status_fd, CHILD_SETPGID);
	/* SIGTTOU is still blocked here, so a background tend may take the tty */
	if (p->tty_fd >= 0 && tcsetpgrp(p->tty_fd, getpid()) < 0)
		child_fail(p->status_fd, CHILD_TTY);
	if (p->has_userns && child_userns(p) < 0)
		child_fail(p->status_fd, CHILD_USERNS);
	if (child_cgroup(p) < 0)
		child_fail(p->status_fd, CHILD_CGROUP);
	if (p->set_sched) {
		struct sched_param sp = { .sched_priority = p->sched_priority };

		if (syscall(SYS_sched_setscheduler, 0, p->sched_policy, &sp) < 0)
			child_fail(p->status_fd, CHILD_SCHED);
	}
	/* after joining the cgroup, so a cpuset cannot reset it (systemd#23748) */
	if (p->has_cpus && sched_setaffinity(0, sizeof(p->cpus), &p->cpus) < 0)
		child_fail(p->status_fd, CHILD_AFFINITY);
	if (p->set_nice && setpriority(PRIO_PROCESS, 0, p->nice) < 0)
		child_fail(p->status_fd, CHILD_NICE);
	if (p->set_ioprio && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, p->ioprio) < 0)
		child_fail(p->status_fd, CHILD_IOPRIO);
	if (p->set_oom && child_oom(p) < 0)
		child_fail(p->status_fd, CHILD_OOM);
	if (child_rlimits(p) < 0)
		child_fail(p->status_fd, CHILD_RLIMIT);
	if (p->mounts && child_mounts(p) < 0)
		child_fail(p->status_fd, CHILD_MOUNTS);
	if (p->n_binds && child_binds(p) < 0)
		child_fail(p->status_fd, CHILD_BINDS);
	if (p->lo_up && child_lo_up() < 0)
		child_fail(p->status_fd, CHILD_NETWORK);
	if (p->set_umask)
		umask(p->umask);
	if (p->cwd && chdir(p->cwd) < 0 && !(p->cwd_optional && errno == ENOENT))
		child_fail(p->status_fd, CHILD_CHDIR);
	if (p->drop_bounding && child_bounding(p) < 0)
		child_fail(p->status_fd, CHILD_CAPBSET);
	if (p->set_ambient && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		child_fail(p->status_fd, CHILD_KEEPCAPS);
	/* before the uid change, as systemd, keeping caps for AmbientCapabilities= */
	if (p->set_securebits &&
	    prctl(PR_SET_SECUREBITS, p->securebits | (p->set_ambient ? SECBIT_KEEP_CAPS : 0),
		  0, 0, 0) < 0)
		child_fail(p->status_fd, CHILD_SECUREBITS);
	if (p->set_ids && raw_setids(p, &st) < 0)
		child_fail(p->status_fd, st);
	if (p->set_ambient && child_caps(p, &st) < 0)
		child_fail(p->status_fd, st);
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(p->status_fd, CHILD_NO_NEW_PRIVS);
	if (child_stdio(stdio) < 0)
		child_fail(p->status_fd, CHILD_STDIO);
	if (p->n_pass_fds && (sfd = child_listen_fds(p, sfd)) < 0)
		child_fail(p->status_fd, CHILD_STDIO);
	if (p->ignore_sigpipe)
		raw_ignore_sigpipe();	/* kept across execve */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)	/* the signalfd mask survives exec */
		child_fail(sfd, CHILD_SIGMASK);
	execve(p->path, p->argv, p->envp);
	child_fail(sfd, CHILD_EXEC);
}
