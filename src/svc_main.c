/* SPDX-License-Identifier: MIT */
/*
 * A service's main process when it is not the process tend spawned: the
 * daemon a Type=forking parent left behind (PIDFile=, GuessMainPID=) and
 * the pid a MAINPID= message names.  A service is not trusted, so a pid it
 * names is taken only as unitpid.h allows; the callers check, this file
 * adopts.  Split from svc_run.c, which spawns and signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guess.h"
#include "log.h"
#include "reap.h"
#include "service.h"
#include "svc_kind.h"
#include "unitpid.h"
#include "util.h"
#include "nofail.h"

void run_owner_of(const struct svc *s, struct unitpid_owner *ret)
{
	*ret = (struct unitpid_owner){ .cg = s->cg, .main_pid = s->main_pid,
				       .ctl_pid = s->ctl_pid, .sid = s->pgid };
}

/*
 * pid, which is not tend's child, is the main process now: held by a pidfd
 * (its pid could be reused once it dies, since tend does not reap it) and
 * watched by the reaper.  0, or -errno when it is already gone.
 */
int run_adopt_main(struct svc *s, pid_t pid)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (pidfd < 0)
		return -errno;
	(void)fcntl(pidfd, F_SETFD, FD_CLOEXEC);
	if (s->main_pidfd >= 0)
		close(s->main_pidfd);
	if (s->main_pid > 0)
		reap_unwatch(s->main_pid);
	s->main_pid = pid;
	s->main_pidfd = pidfd;
	if (reap_watch(pid, run_main_exit_cb, s) < 0)
		log_warn("'%s': cannot watch pid %d", s->u->name, (int)pid);
	return 0;
}

/*
 * Type=forking: the daemon's pid from PIDFile=, read without blocking,
 * believed only as systemd does (unitpid.h): not through an unsafe
 * symlink, and from a file that is not root's only a pid of the unit.
 * A file reached through an unsafe step is read anyway, as systemd
 * retries, but its pid must be the unit's, root's file or not.
 */
static void read_pid_file(struct svc *s)
{
	struct unitpid_owner o;
	char why[160], step[160];
	bool root, unsafe;
	pid_t pid;

	if (unitpid_read_file(s->u->pid_file, &pid, &root, &unsafe, step, sizeof(step)) < 0) {
		log_warn("'%s': PIDFile %s: %s", s->u->name, s->u->pid_file, step);
		return;
	}
	run_owner_of(s, &o);
	if (unitpid_check_main(&o, pid, root && !unsafe, why, sizeof(why)) < 0) {
		log_warn("'%s': PIDFile %s: pid %d %s%s%s: refusing it", s->u->name,
			 s->u->pid_file, (int)pid, why, unsafe ? ", and the file's " : root ? "" :
			 ", and the file is not root's", unsafe ? step : "");
		return;
	}
	if (unsafe)
		log_debug("'%s': PIDFile %s: %s: pid %d is the unit's, taken", s->u->name,
			  s->u->pid_file, step, (int)pid);
	if (run_adopt_main(s, pid) < 0) {
		log_warn("'%s': pid %d from PIDFile is not running", s->u->name, (int)pid);
		return;
	}
	s->pgid = getpgid(pid) > 1 ? getpgid(pid) : s->pgid;
}

/*
 * Type=forking without PIDFile=: GuessMainPID= (systemd's default), the
 * one process of the unit left as tend's child; none or several: no main
 * process, and the unit runs on as "exited".
 */
static void guess_main(struct svc *s)
{
	pid_t pid;
	int r = guess_main_pid(s->cg, s->up_ms, &pid);

	if (r == 0)
		r = reap_reserve(reap_watched() + 1);
	if (r == 0)
		r = reap_watch(pid, run_main_exit_cb, s);
	if (r == -ENOTUNIQ) {
		log_warn("'%s': several processes could be the main one; no main process "
			 "(PIDFile= names it)", s->u->name);
		return;
	}
	if (r < 0) {
		log_warn("'%s': no main process found after the parent exited: %s", s->u->name,
			 strerror(-r));
		return;
	}
	s->main_pid = pid;
	s->main_pidfd = -1;	/* tend's own child: its pid can't be reused unreaped */
	s->pgid = getpgid(pid) > 1 ? getpgid(pid) : s->pgid;
	log_info("'%s': main process %d (guessed)", s->u->name, (int)pid);
}

void run_find_main(struct svc *s)
{
	if (s->u->pid_file)
		read_pid_file(s);
	/* as systemd: a PIDFile= that named no process falls back to the guess */
	if (s->main_pid <= 0 && s->u->guess_main_pid)
		guess_main(s);
}
