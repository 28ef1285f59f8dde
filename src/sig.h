/* SPDX-License-Identifier: MIT */
#ifndef TEND_SIG_H
#define TEND_SIG_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/types.h>

struct loop;

/* What tend is: it decides what a signal sent to tend means. */
enum sig_mode {
	SIG_MODE_ENTRY,		/* a main command is given: forward */
	SIG_MODE_SUPERVISOR,	/* units only, in a container or under a shell */
	SIG_MODE_SYSTEM,	/* PID 1 of a machine: BusyBox conventions */
};

enum sig_action {
	SIGACT_IGNORE,		/* consumed or not meant for anyone */
	SIGACT_REAP,		/* SIGCHLD: drain waitpid */
	SIGACT_FORWARD,		/* pass to the main command */
	SIGACT_CONT,		/* SIGCONT: resume a stopped foreground job, then forward */
	SIGACT_STOP_EXIT,	/* stop every unit in order, then exit 0 */
	SIGACT_POWEROFF,
	SIGACT_REBOOT,
	SIGACT_HALT,
	SIGACT_RELOAD,		/* re-read the unit directories */
	_SIGACT_MAX,
};

extern const char *const sig_action_name[_SIGACT_MAX];

/*
 * Pure: classify one signal by mode, signal number, si_code and sender.
 * Signals tend raised itself (SIGPIPE from a write) are never forwarded, and
 * the fault signals are forwarded only when a process sent them on purpose.
 */
enum sig_action sig_classify(enum sig_mode mode, int signo, int32_t code, pid_t sender,
			     pid_t self);

typedef void sig_fn(struct loop *l, const struct signalfd_siginfo *si, void *data);

/* What the signalfd would have said of the signal that siginfo describes. */
void sig_ssi_from_siginfo(const siginfo_t *i, struct signalfd_siginfo *ret);

/* Block every catchable signal and read them all from one signalfd. */
int sig_setup(struct loop *l, sig_fn *fn, void *data);
uint64_t sig_received(void);

#endif
