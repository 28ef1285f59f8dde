/* SPDX-License-Identifier: MIT */
/*
 * tend: argv, PID-1 setup (sane fds 0-2, subreaper when not PID 1, default
 * signal dispositions), then the loop.  The loop ends only in entrypoint
 * mode, once the main command and its leftovers are gone.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/syscall.h>

#include "entry.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "opts.h"
#include "reap.h"
#include "sig.h"
#include "nofail.h"

#ifndef TEND_VERSION
#define TEND_VERSION "0.1.0"
#endif

static struct {
	struct opts o;
	struct loop loop;
	struct entry entry;
	enum sig_mode mode;
} g;

/* A PID 1 may be started with 0, 1 or 2 closed: point them at /dev/null. */
static void sanitize_stdio(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int n = open("/dev/null", O_RDWR);	/* lowest free: this fd */

		if (n >= 0 && n != fd)
			close(n);
	}
	/* Only 0, 1 and 2 reach children: whatever else tend inherited stays here. */
	(void)syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
}

/* An inherited SIG_IGN would discard a signal before the signalfd sees it. */
static void default_dispositions(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };

	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			(void)sigaction(s, &sa, NULL);
}

static void on_signal(struct loop *l, const struct signalfd_siginfo *si, void *data)
{
	enum sig_action act = sig_classify(g.mode, (int)si->ssi_signo, si->ssi_code,
					   (pid_t)si->ssi_pid, getpid());

	(void)l;
	(void)data;
	log_debug("signal %u from pid %u: %s", si->ssi_signo, si->ssi_pid,
		  sig_action_name[act]);
	if (act == SIGACT_REAP) {
		bool none = reap_all();

		entry_reaped(&g.entry, none);
		return;
	}
	if (g.mode == SIG_MODE_ENTRY)
		entry_signal(&g.entry, si, act);
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "tend: %s\n%s", msg, opts_usage);
	return 2;
}

int main(int argc, char **argv)
{
	char why[256];
	int r;

	sanitize_stdio();
	if (opts_parse(&g.o, argc, argv, why, sizeof(why)) < 0)
		tend_exit(usage_error(why));
	if (g.o.verb == VERB_HELP) {
		fputs(opts_usage, stdout);
		tend_exit(0);
	}
	if (g.o.verb == VERB_VERSION) {
		puts("tend " TEND_VERSION);
		tend_exit(0);
	}
	log_init(g.o.verbosity > 0 ? L_DEBUG : g.o.verbosity < 0 ? L_WARN : L_INFO);
	if (g.o.verb == VERB_CHECK || !g.o.cmd) {
		log_err("unit files are not supported by this build yet; give a COMMAND");
		tend_exit(2);
	}
	if ((getpid() != 1 || g.o.subreaper) && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		log_warn("cannot become a subreaper: %s; orphans will not be reaped here",
			 strerror(errno));
	default_dispositions();
	g.mode = SIG_MODE_ENTRY;
	r = loop_init(&g.loop);
	if (r == 0)
		r = reap_init(16);
	if (r == 0)
		r = sig_setup(&g.loop, on_signal, NULL);
	if (r < 0) {
		log_emerg("cannot set up the event loop: %s", strerror(-r));
		tend_exit(1);
	}
	log_attach(&g.loop);
	ntf_up_init();
	entry_start(&g.entry, &g.loop, &g.o);
	if (g.entry.phase != ENTRY_DONE)
		loop_run(&g.loop);
	tend_exit(g.entry.exit_code);
}
