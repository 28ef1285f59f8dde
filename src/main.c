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
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <sys/syscall.h>

#include "calcmd.h"
#include "signame.h"
#include "cgroup.h"
#include "ctl.h"
#include "entry.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "opts.h"
#include "reap.h"
#include "sig.h"
#include "svc.h"
#include "system.h"
#include "tend/proto.h"
#include "unit.h"
#include "util.h"
#include "nofail.h"

#ifndef TEND_VERSION
#define TEND_VERSION "0.1.0"
#endif

#define REAP_SWEEP_MS 100	/* the full waitpid(-1) pass, at most this often */

static struct {
	struct opts o;
	struct loop loop;
	struct entry entry;
	enum sig_mode mode;
	bool units;		/* supervisor or combined mode */
	bool stopping;
	bool forced;		/* a -force action: units are not stopped in order */
	bool system;		/* PID 1 of a machine: never exits */
	enum system_power power;	/* system mode: how the shutdown ends */
	int exit_code;		/* supervisor mode: 0, or a FailureAction's code */
	pid_t self;		/* getpid(), once: not a syscall per signal */
	struct loop_timer sweep;	/* the next full reap pass */
	int64_t swept_ms;
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

/* Everything is stopped: clean up leftovers, then exit with the right code. */
static void all_stopped(void *data)
{
	(void)data;
	log_info("all units stopped");
	if (g.system) {
		system_finish(&g.loop, g.power);
		return;
	}
	if (!g.o.cmd || g.entry.phase == ENTRY_IDLE || g.entry.phase == ENTRY_RUNNING)
		g.entry.exit_code = g.exit_code;
	entry_cleanup(&g.entry);
}

/* Stop every unit in reverse order; the main command, if running, first gets the signal. */
static void stop_everything(int code)
{
	if (g.stopping)
		return;
	g.stopping = true;
	g.exit_code = code;
	ntf_up_stopping();
	if (g.system)
		system_stopping(&g.loop, g.power);
	if (g.entry.phase == ENTRY_RUNNING && g.entry.pid > 0) {
		/* the units stop when the main command has ended (on_main_exit) */
		g.entry.exit_code = code;
		(void)kill(g.entry.o->pgroup ? -g.entry.pid : g.entry.pid, SIGTERM);
		return;
	}
	svc_stop_all(all_stopped, NULL);
}

/* Combined mode: the main command ended; now the units stop, in reverse order. */
static void main_ended(struct entry *e)
{
	if (g.stopping)
		e->exit_code = g.exit_code;	/* we ended it: FailureAction=exit */
	g.stopping = true;
	svc_stop_all(all_stopped, NULL);
}

/* Combined mode: every unit has settled; now the main command runs. */
static void units_settled(void *data)
{
	(void)data;
	if (g.stopping)
		return;
	log_info("units settled; starting the main command");
	entry_spawn(&g.entry);
}

/* Supervisor mode: every unit has settled; tell our own manager. */
static void units_ready(void *data)
{
	(void)data;
	log_info("all units settled");
	ntf_up_ready("units started");
	if (g.system)
		system_booted((unsigned)svc_count());
}

/*
 * A -force action: no unit is stopped in order (no ExecStop=, no waiting
 * for one unit before the next); every process gets SIGTERM, SIGKILL
 * after the grace, then tend exits or powers off, as systemd's
 * "systemctl poweroff -f".
 */
static void force_everything(int code)
{
	if (g.stopping && g.forced)
		return;
	g.stopping = g.forced = true;
	g.exit_code = code;
	ntf_up_stopping();
	svc_abandon_all();
	if (g.system) {
		system_stopping(&g.loop, g.power);
		system_finish(&g.loop, g.power);
		return;
	}
	if (g.entry.phase == ENTRY_RUNNING)
		g.entry.exit_code = code;
	all_stopped(NULL);
}

/* FailureAction=/SuccessAction= of a unit: exit with code, or a power action. */
static void on_unit_action(enum unit_action a, int code, void *data)
{
	bool force = a == ACTION_EXIT_FORCE || a == ACTION_POWEROFF_FORCE ||
		     a == ACTION_REBOOT_FORCE || a == ACTION_HALT_FORCE;
	bool power = a != ACTION_EXIT && a != ACTION_EXIT_FORCE;

	(void)data;
	if (g.system) {
		/* FailureAction=exit has no exit here: power off */
		g.power = a == ACTION_REBOOT || a == ACTION_REBOOT_FORCE ? POWER_REBOOT :
			  a == ACTION_HALT || a == ACTION_HALT_FORCE ? POWER_HALT : POWER_POWEROFF;
		code = 0;
	} else if (power) {
		log_warn("poweroff/reboot/halt outside system mode: stopping and exiting");
		code = 0;
	}
	if (force)
		force_everything(code);
	else
		stop_everything(code);
}

static int reload_units(char *report, size_t size, void *data);

/* The full reap pass; the ends of entry and system shutdowns wait for "none left". */
static void reap_sweep(struct loop *l, void *data)
{
	bool none_left = reap_all();

	(void)l;
	(void)data;
	g.swept_ms = now_ms();
	entry_reaped(&g.entry, none_left);
	if (g.system)
		system_reaped(none_left);
}

/*
 * SIGCHLD names one pid: collect it now, O(1).  waitpid(-1) walks every
 * child of tend in the kernel (10,000 units: 10,000 per pass), so the full
 * pass, for exits whose SIGCHLD coalesced with another and for orphans,
 * runs at once after a quiet spell and at most every REAP_SWEEP_MS.
 */
static void on_sigchld(struct loop *l, pid_t pid)
{
	int64_t due = g.swept_ms + REAP_SWEEP_MS, now = now_ms();

	reap_pid(pid);
	if (loop_timer_armed(&g.sweep))
		return;
	if (due <= now || loop_timer_arm(l, &g.sweep, due) < 0)
		reap_sweep(l, NULL);
}

static void on_signal(struct loop *l, const struct signalfd_siginfo *si, void *data)
{
	enum sig_action act = sig_classify(g.mode, (int)si->ssi_signo, si->ssi_code,
					   (pid_t)si->ssi_pid, g.self);

	(void)l;
	(void)data;
	log_debug("signal %u from pid %u: %s", si->ssi_signo, si->ssi_pid,
		  sig_action_name[act]);
	switch (act) {
	case SIGACT_REAP:
		on_sigchld(l, (pid_t)si->ssi_pid);
		return;
	case SIGACT_FORWARD:
	case SIGACT_CONT:
		if (g.entry.phase == ENTRY_IDLE && g.units &&
		    (si->ssi_signo == SIGTERM || si->ssi_signo == SIGINT)) {
			stop_everything(128 + (int)si->ssi_signo);	/* before the command ran */
			return;
		}
		entry_signal(&g.entry, si, act);
		return;
	case SIGACT_STOP_EXIT:
	case SIGACT_POWEROFF:
	case SIGACT_REBOOT:
	case SIGACT_HALT:
		if (g.system && !g.stopping)
			g.power = act == SIGACT_REBOOT ? POWER_REBOOT :
				  act == SIGACT_HALT ? POWER_HALT : POWER_POWEROFF;
		log_info("SIG%s: stopping all units", signame((int)si->ssi_signo) ?: "?");
		stop_everything(g.exit_code);
		return;
	case SIGACT_RELOAD: {
		char report[2048];
		int r = reload_units(report, sizeof(report), NULL);

		if (r < 0)
			log_err("SIGHUP: reloading units: %s", strerror(-r));
		return;
	}
	case SIGACT_IGNORE:
	case _SIGACT_MAX:
		return;
	}
}

/* mkdir -p for the runtime directory: its parents may not exist yet. */
static int mkdir_p(const char *path, mode_t mode)
{
	char buf[4096];

	if (!strscpy(buf, path, sizeof(buf)))
		return -ENAMETOOLONG;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static const char *const *unit_dirs(int *ret_n)
{
	static const char *const def[] = { OPTS_DEFAULT_UNIT_DIR };

	*ret_n = g.o.n_unit_dirs ? g.o.n_unit_dirs : 1;
	return g.o.n_unit_dirs ? g.o.unit_dirs : def;
}

/* SIGHUP and tendctl reload-units: apply the difference of the unit files. */
static int reload_units(char *report, size_t size, void *data)
{
	int n;
	const char *const *dirs = unit_dirs(&n);

	(void)data;
	if (!g.units)
		return -EOPNOTSUPP;
	if (g.stopping)
		return -ESHUTDOWN;
	return svc_reload_units(dirs, n, report, size);
}

static int ctl_power(int cmd, void *data)
{
	(void)data;
	log_info("%s requested through the control socket",
		 cmd == P1_POWEROFF ? "poweroff" : cmd == P1_REBOOT ? "reboot" : "halt");
	if (g.system && !g.stopping)
		g.power = cmd == P1_REBOOT ? POWER_REBOOT :
			  cmd == P1_HALT ? POWER_HALT : POWER_POWEROFF;
	stop_everything(g.exit_code);
	return 0;
}

/*
 * tendctl is-ready, a container's readiness probe: no unit failed, every
 * unit wanted up runs (or finished successfully), and in combined mode
 * the main command runs.  A supervisor with no unit loaded supervises
 * nothing: a pod whose units all failed to load must not look ready.
 */
static bool ctl_ready(char *why, size_t size, void *data)
{
	size_t files = 0;

	(void)data;
	if (g.stopping) {
		snprintf(why, size, "stopping");
		return false;
	}
	for (size_t i = 0; i < svc_count(); i++)
		files += strchr(svc_at(i)->u->path, '/') != NULL;	/* not a built-in target */
	if (!g.o.cmd && files == 0) {
		snprintf(why, size, "no unit is loaded");
		return false;
	}
	for (size_t i = 0; i < svc_count(); i++) {
		const struct svc *s = svc_at(i);
		bool done = s->state == SVC_DOWN && s->started_once &&
			    (s->result == RES_SUCCESS || s->result == RES_CONDITION);

		if (s->state == SVC_FAILED ||
		    (s->want_up && s->state != SVC_RUNNING && !done)) {
			snprintf(why, size, "%s is %s", s->u->name, svc_state_name[s->state]);
			return false;
		}
	}
	if (g.o.cmd && g.entry.phase != ENTRY_RUNNING) {
		snprintf(why, size, "the main command is not running");
		return false;
	}
	return true;
}

static void start_ctl(void)
{
	struct ctl_ops ops = {
		.power = ctl_power,
		.reload_units = reload_units,
		.is_ready = ctl_ready,
	};
	int r = ctl_init(&g.loop, g.o.runtime_dir, &ops);

	if (r < 0)
		log_warn("no control socket in %s: %s; tendctl will not reach this tend",
			 g.o.runtime_dir, strerror(-r));
}

static int run_units(void)
{
	struct svc_env env = {
		.loop = &g.loop,
		.runtime_dir = g.o.runtime_dir,
		.on_exit_action = on_unit_action,
		.on_free = ctl_forget,
	};
	int n;
	const char *const *dirs = unit_dirs(&n);
	int r = mkdir_p(g.o.runtime_dir, 0755);
	char why[128];

	if (r < 0)
		log_warn("runtime directory %s: %s: no control socket, no notify sockets; "
			 "tendctl will not reach this tend", g.o.runtime_dir, strerror(-r));
	else if ((r = open_own_dir(AT_FDCWD, g.o.runtime_dir, why, sizeof(why))) < 0)
		log_err("runtime directory %s: %s: refusing it: no control socket, no notify "
			"sockets", g.o.runtime_dir, why);
	else
		close(r);
	if (r < 0)
		env.runtime_dir = NULL;
	else
		start_ctl();
	r = svc_load(&env, dirs, n);

	if (r < 0)
		return r;
	svc_start_all();
	return 0;
}

/* A clean exit: nothing in the runtime directory says a tend still listens. */
static void leave_no_sockets(void)
{
	int r;

	cg_release();	/* a tend in a PID namespace leaves no tend.<ino> behind */
	ctl_fini();
	svc_fini();
	r = unlink_in_own_dir(g.o.runtime_dir, "notify", AT_REMOVEDIR);
	if (r < 0 && r != -ENOENT)
		log_debug("%s/notify left behind: %s", g.o.runtime_dir, strerror(-r));
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
	if (opts_parse(&g.o, argc, argv, why, sizeof(why)) < 0) {
		char *no_args[] = { argv[0], NULL };

		/* words the kernel passes init must not stop a boot */
		if (!system_detect(false) ||
		    opts_parse(&g.o, 1, no_args, why, sizeof(why)) < 0)
			tend_exit(usage_error(why));
		fprintf(stderr, "tend: ignoring the command line: %s\n", why);
	}
	if (g.o.verb == VERB_HELP) {
		fputs(opts_usage, stdout);
		tend_exit(fflush(stdout) == 0 ? 0 : 1);	/* _exit() flushes nothing */
	}
	if (g.o.verb == VERB_VERSION) {
		puts("tend " TEND_VERSION);
		tend_exit(fflush(stdout) == 0 ? 0 : 1);
	}
	log_init(g.o.verbosity > 0 ? L_DEBUG : g.o.verbosity < 0 ? L_WARN : L_INFO);
	if (g.o.verb == VERB_CHECK)
		tend_exit(unit_check_paths(g.o.paths, g.o.strict, g.o.require_sandbox, stdout));
	if (g.o.verb == VERB_CALENDAR)
		tend_exit(calcmd_run(g.o.paths, g.o.iterations, g.o.base_time, stdout));
	g.system = system_detect(g.o.system);
	if (!g.system && !g.o.cmd && !g.o.n_unit_dirs &&
	    access(OPTS_DEFAULT_UNIT_DIR, R_OK | X_OK) < 0) {
		/* a supervisor of nothing would look alive and do nothing */
		snprintf(why, sizeof(why), "no COMMAND and no unit directory (%s: %s)",
			 OPTS_DEFAULT_UNIT_DIR, strerror(errno));
		tend_exit(usage_error(why));
	}
	if (g.system) {
		system_early();
		sanitize_stdio();	/* /dev/null exists now */
	}
	g.units = g.o.n_unit_dirs > 0 || !g.o.cmd;
	g.self = getpid();
	if ((g.self != 1 || g.o.subreaper) && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		log_warn("cannot become a subreaper: %s; orphans will not be reaped here",
			 strerror(errno));
	default_dispositions();
	g.mode = g.system ? SIG_MODE_SYSTEM : g.o.cmd ? SIG_MODE_ENTRY : SIG_MODE_SUPERVISOR;
	r = loop_init(&g.loop);
	loop_timer_init(&g.sweep, reap_sweep, NULL);
	if (r == 0)
		r = reap_init(16);
	if (r == 0)
		r = sig_setup(&g.loop, on_signal, NULL);
	if (r < 0) {
		log_emerg("cannot set up the event loop: %s", strerror(-r));
		if (g.system)
			system_crash("no event loop");
		tend_exit(1);
	}
	if (g.system)
		system_configure(&g.loop, g.o.config);
	log_attach(&g.loop);
	ntf_up_init();
	entry_init(&g.entry, &g.loop, &g.o);
	if (g.units) {
		if (g.o.cmd)
			g.entry.on_main_exit = main_ended;
		r = run_units();
		if (r < 0)
			log_err("loading units: %s", strerror(-r));
		svc_when_settled(g.o.cmd ? units_settled : units_ready, NULL);
	} else {
		entry_spawn(&g.entry);
	}
	if (g.entry.phase != ENTRY_DONE)
		loop_run(&g.loop);
	while (g.system) {
		/* PID 1 of a machine: the kernel panics if init exits */
		log_emerg("the loop ended in system mode; carrying on");
		g.loop.stop = false;
		loop_run(&g.loop);
	}
	if (g.units)
		leave_no_sockets();
	tend_exit(g.entry.exit_code);
}
