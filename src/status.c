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

const char *status_describe(int wstatus, char *buf, size_t size)
{
	if (WIFEXITED(wstatus))
		snprintf(buf, size, "exited %d", WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		snprintf(buf, size, "%s SIG%s", WCOREDUMP(wstatus) ? "dumped core on" : "killed by",
			 sigabbrev_np(WTERMSIG(wstatus)) ? sigabbrev_np(WTERMSIG(wstatus)) : "?");
	else if (WIFSTOPPED(wstatus))
		snprintf(buf, size, "stopped by SIG%s",
			 sigabbrev_np(WSTOPSIG(wstatus)) ? sigabbrev_np(WSTOPSIG(wstatus)) : "?");
	else
		snprintf(buf, size, "continued");
	return buf;
}
