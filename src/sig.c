/* SPDX-License-Identifier: MIT */
/*
 * Signals reach tend only by being read from the pending queue: every
 * catchable signal is blocked, so none interrupts the loop and none is lost
 * between checks.  The loop reads them from one signalfd.
 * Standard signals coalesce; the reaper therefore drains waitpid() in a loop
 * rather than counting SIGCHLDs.  When the signalfd is the loop's only
 * source, the loop waits in rt_sigtimedwait() on the same mask instead
 * (one pending queue): see loop_set_solo() and sig_wait().
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signame.h"
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

#define SIG_BATCH 16

static size_t deliver(struct loop *l, const struct signalfd_siginfo *si, ssize_t n)
{
	size_t i, k = n > 0 ? (size_t)n / sizeof(si[0]) : 0;

	for (i = 0; i < k; i++) {
		sg.received++;
		sg.fn(l, &si[i], sg.data);
	}
	return k;
}

/* Drain the signalfd completely: signals arriving together are all handled. */
static void sig_cb(struct loop *l, int fd, uint32_t ev, void *data)
{
	struct signalfd_siginfo si[SIG_BATCH];

	(void)ev;
	(void)data;
	for (;;) {
		ssize_t n = read(fd, si, sizeof(si));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;		/* EAGAIN: drained */
		}
		if (deliver(l, si, n) < SIG_BATCH)
			return;
	}
}

void sig_ssi_from_siginfo(const siginfo_t *i, struct signalfd_siginfo *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->ssi_signo = (uint32_t)i->si_signo;
	ret->ssi_errno = i->si_errno;
	ret->ssi_code = i->si_code;
	ret->ssi_pid = (uint32_t)i->si_pid;
	ret->ssi_uid = i->si_uid;
	if (i->si_signo == SIGCHLD) {
		ret->ssi_status = i->si_status;
	} else if (i->si_code == SI_QUEUE || i->si_code == SI_MESGQ || i->si_code == SI_TIMER) {
		ret->ssi_int = i->si_int;
		ret->ssi_ptr = (uint64_t)(uintptr_t)i->si_ptr;
	}
}

/*
 * The solo wait: the loop has nothing but signals to wait for, so wait in
 * rt_sigtimedwait() for one; the rest are taken on the next turns.  It
 * beats read() on a blocking signalfd by 0.2-0.4 us a forwarded signal
 * here (tests/bench/RESULTS.md, round 3), and needs no second fd.  The raw syscall:
 * glibc's wrapper would leave its reserved 32 and 33 out of the set.
 */
static int sig_wait(struct loop *l, void *data)
{
	struct signalfd_siginfo si;
	siginfo_t info;

	(void)data;
	/* EINTR (a stop, a tracer): nothing; the loop comes back */
	if (syscall(SYS_rt_sigtimedwait, &sg.mask, &info, NULL, _NSIG / 8) <= 0)
		return 0;
	sig_ssi_from_siginfo(&info, &si);
	return (int)deliver(l, &si, sizeof(si));
}

/* Set the libc's reserved signals (glibc 32-33, musl 32-34) that sigaddset() refuses. */
static void sig_add_reserved(sigset_t *set)
{
	unsigned long *w = (unsigned long *)set;
	const unsigned bits = 8 * sizeof(*w);

	for (int s = SIGNAME_KERNEL_RTMIN; s < SIGRTMIN; s++)
		w[(s - 1) / bits] |= 1UL << ((s - 1) % bits);
}

int sig_setup(struct loop *l, sig_fn *fn, void *data)
{
	struct loop_src *src;

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
	src = loop_add_fd(l, sg.fd, EPOLLIN, sig_cb, NULL);
	if (!src) {
		int r = -errno;

		close(sg.fd);
		sg.fd = -1;
		return r;
	}
	loop_set_solo(l, src, sig_wait, NULL);
	return 0;
}

uint64_t sig_received(void)
{
	return sg.received;
}
