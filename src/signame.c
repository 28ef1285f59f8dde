/* SPDX-License-Identifier: MIT */
/*
 * Names of the standard signals.  Indexed by this architecture's numbers
 * (the macros), so the table is right wherever SIGBUS or SIGUSR1 differ;
 * the spellings are systemd's, one name per number.  glibc's
 * sigabbrev_np() says POLL where systemd says IO; tend used to print and
 * accept POLL, so it is still accepted.
 */
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "signame.h"

static const char *const names[SIGNAME_KERNEL_RTMIN] = {
	[SIGHUP] = "HUP",	[SIGINT] = "INT",	[SIGQUIT] = "QUIT",
	[SIGILL] = "ILL",	[SIGTRAP] = "TRAP",	[SIGABRT] = "ABRT",
	[SIGBUS] = "BUS",	[SIGFPE] = "FPE",	[SIGKILL] = "KILL",
	[SIGUSR1] = "USR1",	[SIGSEGV] = "SEGV",	[SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE",	[SIGALRM] = "ALRM",	[SIGTERM] = "TERM",
#ifdef SIGSTKFLT
	[SIGSTKFLT] = "STKFLT",
#endif
	[SIGCHLD] = "CHLD",	[SIGCONT] = "CONT",	[SIGSTOP] = "STOP",
	[SIGTSTP] = "TSTP",	[SIGTTIN] = "TTIN",	[SIGTTOU] = "TTOU",
	[SIGURG] = "URG",	[SIGXCPU] = "XCPU",	[SIGXFSZ] = "XFSZ",
	[SIGVTALRM] = "VTALRM",	[SIGPROF] = "PROF",	[SIGWINCH] = "WINCH",
	[SIGIO] = "IO",
#ifdef SIGPWR
	[SIGPWR] = "PWR",
#endif
	[SIGSYS] = "SYS",
};

const char *signame(int sig)
{
	if (sig <= 0 || sig >= SIGNAME_KERNEL_RTMIN)
		return NULL;
	return names[sig];
}

int signame_lookup(const char *name)
{
	if (strcmp(name, "POLL") == 0)
		return SIGIO;
	for (int sig = 1; sig < SIGNAME_KERNEL_RTMIN; sig++)
		if (names[sig] && strcmp(names[sig], name) == 0)
			return sig;
	return 0;
}
