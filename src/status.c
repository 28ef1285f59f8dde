/* SPDX-License-Identifier: MIT */
/* Pure mappings from wait statuses and exec errors to what users see. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "child.h"
#include "signame.h"
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
	const char *abbrev = signame(signo);

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

static const char *const limit_name[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = "LimitCPU",
	[RLIMIT_FSIZE] = "LimitFSIZE",
	[RLIMIT_DATA] = "LimitDATA",
	[RLIMIT_STACK] = "LimitSTACK",
	[RLIMIT_CORE] = "LimitCORE",
	[RLIMIT_RSS] = "LimitRSS",
	[RLIMIT_NPROC] = "LimitNPROC",
	[RLIMIT_NOFILE] = "LimitNOFILE",
	[RLIMIT_MEMLOCK] = "LimitMEMLOCK",
	[RLIMIT_AS] = "LimitAS",
	[RLIMIT_LOCKS] = "LimitLOCKS",
	[RLIMIT_SIGPENDING] = "LimitSIGPENDING",
	[RLIMIT_MSGQUEUE] = "LimitMSGQUEUE",
	[RLIMIT_NICE] = "LimitNICE",
	[RLIMIT_RTPRIO] = "LimitRTPRIO",
	[RLIMIT_RTTIME] = "LimitRTTIME",
};

static const char *limit_text(uint64_t v, char *buf, size_t size)
{
	if (v == (uint64_t)RLIM_INFINITY)
		snprintf(buf, size, "infinity");
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
	return buf;
}

const char *status_child_warning(const struct child_err *ce, char *buf, size_t size)
{
	char cur[24], max[24];

	if (ce->stage == CHILD_OOM) {
		snprintf(buf, size, "OOMScoreAdjust= not applied: %s (no CAP_SYS_RESOURCE?)",
			 strerror(ce->errnum));
	} else if (ce->stage == CHILD_RLIMIT && ce->arg >= 0 && ce->arg < RLIM_NLIMITS &&
		   limit_name[ce->arg]) {
		snprintf(buf, size, "%s= above the hard limit tend may set: %s: set to %s:%s",
			 limit_name[ce->arg], strerror(ce->errnum),
			 limit_text(ce->cur, cur, sizeof(cur)), limit_text(ce->max, max, sizeof(max)));
	} else {
		snprintf(buf, size, "%s: %s",
			 (unsigned)ce->stage < _CHILD_STAGE_MAX ? child_stage_name[ce->stage] : "setup",
			 strerror(ce->errnum));
	}
	return buf;
}
