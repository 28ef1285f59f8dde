/* SPDX-License-Identifier: MIT */
/* Pure mappings from wait statuses and exec errors to what users see. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "status.h"
#include "nofail.h"

int status_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 255;	/* stopped or continued: not an end */
}

int status_exec_errno_code(int errnum)
{
	switch (errnum) {
	case ENOENT: case ENOTDIR: case ENAMETOOLONG: case ELOOP:
		return 127;
	}
	return 126;
}

/* "SIGKILL", or "signal 36" for those without a name (real-time ones). */
static const char *sig_text(int signo, char *buf, size_t size)
{
	const char *abbrev = sigabbrev_np(signo);

	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else
		snprintf(buf, size, "signal %d", signo);
	return buf;
}

const char *status_describe(int wstatus, char *buf, size_t size)
{
	char sig[32];

	if (WIFEXITED(wstatus))
		snprintf(buf, size, "exited %d", WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		snprintf(buf, size, "%s %s", WCOREDUMP(wstatus) ? "dumped core on" : "killed by",
			 sig_text(WTERMSIG(wstatus), sig, sizeof(sig)));
	else if (WIFSTOPPED(wstatus))
		snprintf(buf, size, "stopped by %s", sig_text(WSTOPSIG(wstatus), sig, sizeof(sig)));
	else
		snprintf(buf, size, "continued");
	return buf;
}
