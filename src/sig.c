/* SPDX-License-Identifier: MIT */
/*
 * Signals reach tend only through one signalfd: every catchable signal is
 * blocked, so none interrupts the loop and none is lost between checks.
 * Standard signals coalesce; the reaper therefore drains waitpid() in a loop
 * rather than counting SIGCHLDs.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "loop.h"
#include "sig.h"
#include "nofail.h"

const char *const sig_action_name[_SIGACT_MAX] = {
	[SIGACT_IGNORE] = "ignore",
	[SIGACT_REAP] = "reap",
	[SIGACT_FORWARD] = "forward",
	[SIGACT_CONT] = "continue",
	[SIGACT_STOP_EXIT] = "stop-and-exit",
	[SIGACT_POWEROFF] = "poweroff",
	[SIGACT_REBOOT] = "reboot",
	[SIGACT_HALT] = "halt",
	[SIGACT_RELOAD] = "reload",
};

static struct {
	int fd;
	sigset_t mask;
	sig_fn *fn;
	void *data;
	uint64_t received;
} sg = { .fd = -1 };

static bool sent_on_purpose(int32_t code)
{
	/* kill(), sigqueue(), tgkill(): not a fault the kernel raised */
	return code == SI_USER || code == SI_QUEUE || code == SI_TKILL;
}

static bool is_fault_signal(int signo)
{
	switch (signo) {
	case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGSYS: case SIGTRAP:
		return true;
	}
	return false;
}

static enum sig_action classify_system(int signo)
{
	switch (signo) {
	case SIGTERM: case SIGINT:
		return SIGACT_REBOOT;
	case SIGUSR1:
		return SIGACT_HALT;
	case SIGUSR2: case SIGPWR:
		return SIGACT_POWEROFF;
	case SIGHUP:
		return SIGACT_RELOAD;
	}
	return SIGACT_IGNORE;
}

enum sig_action sig_classify(enum sig_mode mode, int signo, int32_t code, pid_t sender,
			     pid_t self)
{
	if (signo == SIGCHLD)
		return SIGACT_REAP;
	if (signo <= 0 || signo == SIGKILL || signo == SIGSTOP || signo > SIGRTMAX)
		return SIGACT_IGNORE;
	/* Raised by tend's own doing (SIGPIPE from its write): nobody else's business. */
	if ((code == SI_USER || code == SI_TKILL) && sender == self && self != 0)
		return SIGACT_IGNORE;
	if (is_fault_signal(signo) && !sent_on_purpose(code))
		return SIGACT_IGNORE;
	switch (mode) {
	case SIG_MODE_ENTRY:
		return signo == SIGCONT ? SIGACT_CONT : SIGACT_FORWARD;
	case SIG_MODE_SUPERVISOR:
		if (signo == SIGTERM || signo == SIGINT)
			return SIGACT_STOP_EXIT;
		return signo == SIGHUP ? SIGACT_RELOAD : SIGACT_IGNORE;
	case SIG_MODE_SYSTEM:
		return classify_system(signo);
	}
	return SIGACT_IGNORE;
}

/* Drain the signalfd completely: signals arriving together are all handled. */
static void sig_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	struct signalfd_siginfo si[16];

	(void)ev;
	(void)data;
	for (;;) {
		ssize_t n = read(fd, si, sizeof(si));
		size_t i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;		/* EAGAIN: drained */
		}
		for (i = 0; i < (size_t)n / sizeof(si[0]); i++) {
			sg.received++;
			sg.fn(l, &si[i], sg.data);
		}
		if ((size_t)n < sizeof(si))
			return;
	}
}

/* Set glibc's reserved signals (SIGCANCEL, SIGSETXID) that sigaddset() refuses. */
static void sig_add_reserved(sigset_t *set)
{
	unsigned long *w = (unsigned long *)set;
	const unsigned bits = 8 * sizeof(*w);

	for (int s = __SIGRTMIN; s < SIGRTMIN; s++)
		w[(s - 1) / bits] |= 1UL << ((s - 1) % bits);
}

int sig_setup(struct loop *l, sig_fn *fn, void *data)
{
	sigfillset(&sg.mask);
	if (sigprocmask(SIG_SETMASK, &sg.mask, NULL) < 0)
		return -errno;
	/* Read back what the kernel accepted (glibc keeps its internal ones out). */
	if (sigprocmask(SIG_SETMASK, NULL, &sg.mask) < 0)
		return -errno;
	/*
	 * glibc's sigfillset() and sigprocmask() leave out 32 and 33, which it
	 * reserves for threads tend never creates.  Left unblocked, their default
	 * action kills tend as soon as anybody sends them: block them with the
	 * raw syscall and read them from the signalfd like any other.
	 */
	sig_add_reserved(&sg.mask);
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &sg.mask, NULL, _NSIG / 8) < 0)
		return -errno;
	sg.fd = signalfd(-1, &sg.mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sg.fd < 0)
		return -errno;
	sg.fn = fn;
	sg.data = data;
	if (!loop_add_fd(l, sg.fd, EPOLLIN, sig_cb, NULL)) {
		int r = -errno;

		close(sg.fd);
		sg.fd = -1;
		return r;
	}
	return 0;
}

const sigset_t *sig_blocked_set(void)
{
	return &sg.mask;
}

uint64_t sig_received(void)
{
	return sg.received;
}
