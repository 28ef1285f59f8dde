/* SPDX-License-Identifier: MIT */
#ifndef TEND_ENTRY_H
#define TEND_ENTRY_H

#include <limits.h>
#include <stdbool.h>
#include <sys/signalfd.h>
#include <sys/types.h>

#include "child.h"
#include "loop.h"
#include "sig.h"

struct opts;

enum entry_phase {
	ENTRY_IDLE,		/* no main command */
	ENTRY_RUNNING,
	ENTRY_UNITS,		/* combined mode: main command gone, units stopping */
	ENTRY_GRACE,		/* main command gone; leftovers got SIGTERM */
	ENTRY_KILLED,		/* leftovers got SIGKILL; exiting soon whatever happens */
	ENTRY_DONE,		/* exit_code is final: tend may exit */
};

/* The main command of entrypoint and combined mode. */
struct entry {
	struct loop *loop;
	const struct opts *o;
	enum entry_phase phase;
	pid_t pid;
	int pidfd;
	int status_fd;
	struct loop_src *status_src;
	bool tty;		/* in the foreground of our terminal */
	bool suspended;		/* we stopped ourselves because the job stopped */
	bool reported;		/* the exec-status failure was logged */
	int exit_code;
	struct loop_timer grace;
	/* combined mode: called when the main command ended, instead of the
	 * leftover cleanup; it calls entry_cleanup() once the units are down */
	void (*on_main_exit)(struct entry *e);
	char path[PATH_MAX];
};

/* Prepare e for o->cmd (nothing runs yet). */
void entry_init(struct entry *e, struct loop *l, const struct opts *o);
/* Spawn o->cmd; on a command that can't run, phase is ENTRY_DONE (127/126). */
void entry_spawn(struct entry *e);
/* SIGTERM, grace, SIGKILL to what is left, then phase ENTRY_DONE. */
void entry_cleanup(struct entry *e);
/* A signal sent to tend, classified for entrypoint mode. */
void entry_signal(struct entry *e, const struct signalfd_siginfo *si, enum sig_action act);
/* After a reap pass: with no child left, the grace period is over. */
void entry_reaped(struct entry *e, bool none_left);

#endif
