/* SPDX-License-Identifier: MIT */
/*
 * From a unit's Exec line to a struct spawn_plan: everything is computed
 * here, in the parent, so the child only runs async-signal-safe calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "dirs.h"
#include "ids.h"
#include "plan.h"
#include "signame.h"
#include "spawn.h"
#include "unit.h"
#include "userdb.h"
#include "nofail.h"

extern char **environ;

#define CAP_LAST_CAP_FALLBACK 40	/* CAP_CHECKPOINT_RESTORE, Linux 5.9 */

__attribute__((format(printf, 4, 5)))
static int reason(char *why, size_t whylen, int r, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(why, whylen, "%s: %s", msg, strerror(-r));
	return r;
}

/*
 * ExecStop=, ExecStopPost=: how the run ended, as systemd sets it:
 * $SERVICE_RESULT, and once the main process exited $EXIT_CODE (exited,
 * killed, dumped) and $EXIT_STATUS (the code, or the signal's name).
 */
static int result_env(struct env *e, const struct plan_inputs *in)
{
	int st = in->exit_status, r = env_set(e, "SERVICE_RESULT", in->service_result);
	char num[16];

	if (r < 0 || !in->have_exit)
		return r;
	if (WIFEXITED(st)) {
		snprintf(num, sizeof(num), "%d", WEXITSTATUS(st));
		r = env_set(e, "EXIT_CODE", "exited");
		return r < 0 ? r : env_set(e, "EXIT_STATUS", num);
	}
	r = env_set(e, "EXIT_CODE", WCOREDUMP(st) ? "dumped" : "killed");
	if (r == 0 && signame(WTERMSIG(st)))
		r = env_set(e, "EXIT_STATUS", signame(WTERMSIG(st)));
	else if (r == 0) {
		snprintf(num, sizeof(num), "%d", WTERMSIG(st));
		r = env_set(e, "EXIT_STATUS", num);
	}
	return r;
}

/* systemd's "clean" environment, then the unit's assignments in order. */
static int build_env(struct plan *p, const struct unit *u, const struct plan_inputs *in,
		     const struct passwd *pw, char *why, size_t whylen)
{
	struct env *e = &p->env;
	char num[32];
	int r = env_set(e, "PATH", ENV_DEFAULT_PATH);

	if (r == 0 && pw) {
		r = env_set(e, "HOME", pw->pw_dir);
		if (r == 0)
			r = env_set(e, "USER", pw->pw_name);
		if (r == 0)
			r = env_set(e, "LOGNAME", pw->pw_name);
		if (r == 0)
			r = env_set(e, "SHELL", pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
	}
	for (char **k = u->pass_environment; r == 0 && k && *k; k++) {
		const char *v = getenv(*k);

		if (v)
			r = env_set(e, *k, v);
	}
	for (char **kv = u->environment; r == 0 && kv && *kv; kv++)
		r = env_put(e, *kv);
	for (size_t i = 0; r == 0 && i < u->n_environment_files; i++) {
		const struct unit_envfile *f = &u->environment_files[i];
		int fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), line = 0;
		char *text;
		struct stat st;

		if (fd < 0) {
			if (f->optional && errno == ENOENT)
				continue;
			return reason(why, whylen, -errno, "EnvironmentFile %s", f->path);
		}
		if (fstat(fd, &st) < 0 || st.st_size > (1 << 20) ||
		    !(text = calloc(1, (size_t)st.st_size + 1))) {
			close(fd);
			return reason(why, whylen, -EFBIG, "EnvironmentFile %s", f->path);
		}
		if (read(fd, text, (size_t)st.st_size) < 0)
			r = -errno;
		close(fd);
		if (r == 0)
			r = env_parse_file_text(e, text, &line);
		free(text);
		if (r == -EINVAL) {
			snprintf(why, whylen, "EnvironmentFile %s:%d: not KEY=VALUE", f->path, line);
			return r;
		}
	}
	if (r == 0)
		r = dirs_env(u, NULL, e);
	for (char **k = u->unset_environment; r == 0 && k && *k; k++)
		env_unset(e, *k);
	if (r == 0 && in->notify_socket)
		r = env_set(e, "NOTIFY_SOCKET", in->notify_socket);
	if (r == 0 && in->main_pid > 0) {
		snprintf(num, sizeof(num), "%d", (int)in->main_pid);
		r = env_set(e, "MAINPID", num);
	}
	if (r == 0 && in->creds_dir)
		r = env_set(e, "CREDENTIALS_DIRECTORY", in->creds_dir);
	if (r == 0 && in->service_result)
		r = result_env(e, in);
	if (r == 0 && in->n_listen_fds && !in->control) {
		snprintf(num, sizeof(num), "%zu", in->n_listen_fds);
		r = env_set(e, "LISTEN_FDS", num);
		if (r == 0)
			r = env_set(e, "LISTEN_FDNAMES", in->listen_fdnames ? in->listen_fdnames : "");
		if (r == 0)	/* the child writes its pid here */
			r = env_set(e, "LISTEN_PID", "0000000000");
	}
	if (r == 0 && in->watchdog_usec > 0 && !in->control) {
		snprintf(num, sizeof(num), "%lld", (long long)in->watchdog_usec);
		r = env_set(e, "WATCHDOG_USEC", num);
	}
	if (r < 0 && !*why)
		snprintf(why, whylen, "environment: %s", strerror(-r));
	return r;
}

static int build_argv(struct plan *p, const struct unit_cmd *cmd, char *why, size_t whylen)
{
	int r = 0;

	for (char **w = cmd->argv; r == 0 && *w; w++) {
		if (cmd->flags & UNIT_CMD_NO_ENV_EXPAND)
			r = env_push_word(&p->argv, *w);
		else
			r = env_expand_word(&p->env, *w, &p->argv);
	}
	if (r < 0)
		return reason(why, whylen, r, "%s", "argv");
	if (p->argv.n == 0)
		return reason(why, whylen, -EINVAL, "%s", "argv expands to nothing");
	r = spawn_find_exec(cmd->path, ENV_DEFAULT_PATH, p->path, sizeof(p->path));
	if (r < 0)
		return reason(why, whylen, r, "%s", cmd->path);
	return 0;
}

/* User=, Group=, SupplementaryGroups=: names to ids, now, before clone. */
static int build_ids(struct plan *p, const struct unit *u, const struct passwd *pw, char *why,
		     size_t whylen)
{
	struct group *gr;
	int n = PLAN_MAX_GROUPS;

	p->sp.set_ids = true;
	p->sp.uid = pw ? pw->pw_uid : 0;
	p->sp.gid = pw ? pw->pw_gid : 0;
	if (u->group) {
		errno = 0;
		gr = userdb_group(u->group);
		if (!gr)
			return reason(why, whylen, errno ? -errno : -ESRCH, "group '%s'", u->group);
		p->sp.gid = gr->gr_gid;
	}
	if (pw && userdb_grouplist(pw->pw_name, p->sp.gid, p->groups, &n) < 0)
		return reason(why, whylen, -E2BIG, "groups of '%s'", pw->pw_name);
	if (!pw) {
		p->groups[0] = p->sp.gid;
		n = 1;
	}
	for (char **g = u->supplementary_groups; g && *g; g++) {
		if (n >= PLAN_MAX_GROUPS)
			return reason(why, whylen, -E2BIG, "%s", "SupplementaryGroups");
		errno = 0;
		gr = userdb_group(*g);
		if (!gr)
			return reason(why, whylen, errno ? -errno : -ESRCH, "group '%s'", *g);
		p->groups[n++] = gr->gr_gid;
	}
	p->sp.groups = p->groups;
	p->sp.ngroups = (size_t)n;
	return 0;
}

static int open_out(const struct unit *u, enum unit_output o, const char *path,
		    const struct plan_inputs *in, int *ret_fd)
{
	int fl = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY;

	*ret_fd = -1;
	switch (o) {
	case OUTPUT_INHERIT:
	case OUTPUT_SOCKET:	/* the connection: build_stdio() */
		return 0;
	case OUTPUT_NULL:
		*ret_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		break;
	case OUTPUT_LOG:
		*ret_fd = in->out_fd >= 0 ? fcntl(in->out_fd, F_DUPFD_CLOEXEC, 3) : -2;
		if (*ret_fd == -2)
			return 0;
		break;
	case OUTPUT_TTY:
		*ret_fd = open(u->tty_path ? u->tty_path : "/dev/console", O_WRONLY | O_CLOEXEC | O_NOCTTY);
		break;
	case OUTPUT_FILE:
		*ret_fd = open(path, fl, 0644);
		break;
	case OUTPUT_APPEND:
		*ret_fd = open(path, fl | O_APPEND, 0644);
		break;
	case OUTPUT_TRUNCATE:
		*ret_fd = open(path, fl | O_TRUNC, 0644);
		break;
	case _OUTPUT_MAX:
		return -EINVAL;
	}
	return *ret_fd < 0 ? -errno : 0;
}

static bool is_tty_input(const struct unit *u)
{
	return u->std_input == STDIN_TTY || u->std_input == STDIN_TTY_FORCE ||
	       u->std_input == STDIN_TTY_FAIL;
}

static int build_stdio(struct plan *p, const struct unit *u, const struct plan_inputs *in,
		       char *why, size_t whylen)
{
	int r;

	if (u->std_input == STDIN_SOCKET && !in->has_socket_fd)
		return reason(why, whylen, -ENOTCONN, "%s", "StandardInput=socket: "
			      "not started for a connection (Accept=yes)");
	if ((u->std_output == OUTPUT_SOCKET || u->std_error == OUTPUT_SOCKET) && !in->has_socket_fd)
		return reason(why, whylen, -ENOTCONN, "%s", "StandardOutput=socket: "
			      "not started for a connection (Accept=yes)");
	if (u->std_input == STDIN_SOCKET)
		p->opened[0] = fcntl(in->socket_fd, F_DUPFD_CLOEXEC, 3);
	else if (u->std_input == STDIN_TTY || u->std_input == STDIN_TTY_FORCE ||
	    u->std_input == STDIN_TTY_FAIL)
		p->opened[0] = open(u->tty_path ? u->tty_path : "/dev/console",
				    O_RDWR | O_CLOEXEC | O_NOCTTY);
	else if (u->std_input == STDIN_FILE && u->stdin_path)
		p->opened[0] = open(u->stdin_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	else
		p->opened[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (p->opened[0] < 0)
		return reason(why, whylen, -errno, "%s", "standard input");
	r = u->std_output == OUTPUT_SOCKET ? 0 :
	    open_out(u, u->std_output, u->stdout_path, in, &p->opened[1]);
	if (r < 0)
		return reason(why, whylen, r, "StandardOutput %s",
			      u->stdout_path ? u->stdout_path : unit_output_name[u->std_output]);
	/* StandardOutput=inherit with a terminal on stdin: the terminal */
	if ((u->std_output == OUTPUT_INHERIT && (is_tty_input(u) || u->std_input == STDIN_SOCKET)) ||
	    (u->std_output == OUTPUT_SOCKET && u->std_input == STDIN_SOCKET))
		p->sp.stdio[1] = p->opened[0];
	else if (u->std_output == OUTPUT_SOCKET)	/* the connection for output only */
		p->sp.stdio[1] = p->opened[1] = fcntl(in->socket_fd, F_DUPFD_CLOEXEC, 3);
	else
		p->sp.stdio[1] = p->opened[1];
	if (u->std_error == OUTPUT_INHERIT) {
		p->sp.stdio[2] = p->sp.stdio[1];	/* stderr follows stdout */
	} else if (u->std_error == OUTPUT_SOCKET) {
		p->sp.stdio[2] = u->std_input == STDIN_SOCKET ? p->opened[0] :
				 u->std_output == OUTPUT_SOCKET ? p->opened[1] :
				 (p->opened[2] = fcntl(in->socket_fd, F_DUPFD_CLOEXEC, 3));
	} else {
		r = open_out(u, u->std_error, u->stderr_path, in, &p->opened[2]);
		if (r < 0)
			return reason(why, whylen, r, "StandardError %s",
				      u->stderr_path ? u->stderr_path
						     : unit_output_name[u->std_error]);
		p->sp.stdio[2] = p->opened[2];
	}
	p->sp.stdio[0] = p->opened[0];
	if (is_tty_input(u)) {
		p->sp.ctty = true;
		p->sp.ctty_force = u->std_input == STDIN_TTY_FORCE;
		p->sp.tty_vhangup = u->tty_vhangup;
		p->sp.tty_reset = u->tty_reset;
		p->sp.ctty_path = u->tty_path ? u->tty_path : "/dev/console";
		for (int i = 0; i < 3; i++)
			if (p->sp.stdio[i] == p->opened[0])
				p->sp.ctty_slots |= 1U << i;
		if (u->std_output == OUTPUT_TTY)
			p->sp.ctty_slots |= 1U << 1;
		if (u->std_error == OUTPUT_TTY ||
		    (u->std_error == OUTPUT_INHERIT && u->std_output == OUTPUT_TTY))
			p->sp.ctty_slots |= 1U << 2;
	}
	return 0;
}

/* The kernel's highest capability number; CAP_LAST_CAP of our headers if unknown. */
static int cap_last(void)
{
	static int last = -1;
	char buf[16];
	int fd;
	ssize_t n;

	if (last >= 0)
		return last;
	last = CAP_LAST_CAP_FALLBACK;
	fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return last;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		last = atoi(buf);
	}
	return last;
}

/* CPUSchedulingPolicy/Priority/ResetOnFork: the priority clamped as systemd does. */
static void plan_sched(struct spawn_plan *sp, const struct unit *u)
{
	int pol = u->sched_policy_set ? u->sched_policy : SCHED_OTHER;
	int lo = sched_get_priority_min(pol), hi = sched_get_priority_max(pol);
	int prio = u->sched_priority_set ? u->sched_priority : lo;

	if (!u->sched_policy_set && !u->sched_priority_set && !u->sched_reset_on_fork)
		return;
	sp->set_sched = true;
	sp->sched_policy = pol | (u->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
	sp->sched_priority = prio < lo ? lo : prio > hi ? hi : prio;
}

/* Scheduling, placement and limits: applied to every command of the unit. */
static void plan_attrs(struct plan *p, const struct unit *u)
{
	struct spawn_plan *sp = &p->sp;

	plan_sched(sp, u);
	sp->has_cpus = u->cpu_affinity != NULL;
	if (u->cpu_affinity)
		sp->cpus = *u->cpu_affinity;
	sp->set_nice = u->nice_set;
	sp->nice = u->nice;
	if (u->io_class_set || u->io_priority_set) {
		int cls = u->io_class_set ? u->io_class : 2;	/* best-effort */
		int data = cls == 1 || cls == 2 ? (u->io_priority_set ? u->io_priority : 4) : 0;

		sp->set_ioprio = true;
		sp->ioprio = cls << 13 | data;	/* IOPRIO_PRIO_VALUE() */
	}
	if (u->oom_score_adjust_set) {
		sp->set_oom = true;
		snprintf(sp->oom, sizeof(sp->oom), "%d\n", u->oom_score_adjust);
	}
	for (int i = 0; u->rlimits && i < RLIM_NLIMITS; i++) {
		if (!u->rlimits[i].set)
			continue;
		sp->rlimits[sp->n_rlimits].resource = i;
		sp->rlimits[sp->n_rlimits].lim.rlim_cur = u->rlimits[i].soft;
		sp->rlimits[sp->n_rlimits].lim.rlim_max = u->rlimits[i].hard;
		sp->n_rlimits++;
	}
}

/* Whether this kernel has ambient capabilities (Linux 4.3): '!!' asks. */
static bool ambient_supported(void)
{
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0) >= 0;
}

/* DynamicUser=: where State/Cache/LogsDirectory= really are (dirs.c). */
static const char *const private_root[_UNIT_DIR_MAX] = {
	[UNIT_DIR_STATE] = "/var/lib/private",
	[UNIT_DIR_CACHE] = "/var/cache/private",
	[UNIT_DIR_LOGS] = "/var/log/private",
};

/*
 * A dynamic user's private directories, as systemd: /var/lib/private is
 * root's 0700, so in the unit's namespace a tmpfs covers it, holding only
 * the unit's own directories, bound from fds opened here.
 */
static int plan_private(struct plan *p, const struct unit *u)
{
	struct spawn_plan *sp = &p->sp;

	for (int k = 0; k < _UNIT_DIR_MAX; k++) {
		size_t first = p->n_held;

		if (!private_root[k] || !u->directories[k] || !u->directories[k][0])
			continue;
		for (char **d = u->directories[k]; *d; d++) {
			char *path;

			if (p->n_held == CHILD_MAX_HELD)
				return -E2BIG;
			if (asprintf(&path, "%s/%s", private_root[k], *d) < 0)
				return -ENOMEM;
			p->bind_strs[p->n_bind_strs++] = path;
			p->binds[sp->n_binds++] = (struct child_bind){ .src = path, .hold = true,
								       .from_held = -1 };
			p->n_held++;
		}
		p->binds[sp->n_binds++] = (struct child_bind){ .dst = private_root[k],
							       .tmpfs = true, .from_held = -1 };
		for (size_t i = first; i < p->n_held; i++)
			p->binds[sp->n_binds++] = (struct child_bind){
				.dst = p->bind_strs[i], .from_held = (int)i, .recursive = true };
	}
	return 0;
}

/*
 * SecureBits=, BindPaths=, BindReadOnlyPaths=, a dynamic user's private
 * directories: the last three in a mount namespace of the unit's own.
 */
static int plan_ext(struct plan *p, const struct unit *u)
{
	const struct unit_ext *e = u->ext;
	struct spawn_plan *sp = &p->sp;
	size_t n = 0;
	int r;

	if (!e)
		return 0;
	sp->set_securebits = e->secure_bits_set;
	sp->securebits = e->secure_bits;
	for (int k = 0; p->dynamic && k < _UNIT_DIR_MAX; k++)
		for (char **d = u->directories[k]; private_root[k] && d && *d; d++)
			n += 2 + (d == u->directories[k]);
	if (!e->n_binds && !n)
		return 0;
	p->binds = calloc(e->n_binds + n, sizeof(*p->binds));
	p->bind_strs = calloc(n + 1, sizeof(*p->bind_strs));
	if (!p->binds || !p->bind_strs)
		return -ENOMEM;
	sp->binds = p->binds;
	sp->clone_flags |= CLONE_NEWNS;
	r = p->dynamic ? plan_private(p, u) : 0;
	for (size_t i = 0; r == 0 && i < e->n_binds; i++)
		p->binds[sp->n_binds++] = (struct child_bind){
			.src = e->binds[i].src, .dst = e->binds[i].dst,
			.read_only = e->binds[i].read_only, .recursive = e->binds[i].recursive,
			.optional = e->binds[i].optional, .from_held = -1,
		};
	return r;
}

/* CapabilityBoundingSet=, AmbientCapabilities= (see plan_sandbox()). */
static void plan_caps(struct spawn_plan *sp, const struct unit *u, bool ambient_hack)
{
	uint64_t all = cap_last() >= 63 ? ~0ULL : (1ULL << (cap_last() + 1)) - 1;
	uint64_t keep = u->cap_bounding;

	if (ambient_hack)
		keep |= 1ULL << CAP_SETPCAP | 1ULL << CAP_SETUID | 1ULL << CAP_SETGID;
	if (u->cap_bounding_set && (~keep & all)) {
		sp->drop_bounding = true;
		sp->cap_drop = ~keep & all;
		sp->cap_last = cap_last();
	}
	if (u->cap_ambient_set && u->cap_ambient && !ambient_hack) {
		sp->set_ambient = true;
		sp->cap_ambient = u->cap_ambient;
	}
}

/*
 * Namespaces, capabilities, no_new_privs: what '+' commands run without.
 * ambient_hack: '!!' on a kernel without ambient capabilities, as systemd:
 * the command changes its own uid, so it keeps CAP_SETUID, CAP_SETGID and
 * CAP_SETPCAP in its bounding set and gets no ambient set.
 */
static int plan_sandbox(struct plan *p, const struct unit *u, bool ambient_hack)
{
	struct spawn_plan *sp = &p->sp;
	int r;

	if (u->private_network) {
		sp->clone_flags |= CLONE_NEWNET;
		sp->lo_up = true;
	}
	if (u->private_ipc)
		sp->clone_flags |= CLONE_NEWIPC;
	if (u->protect_hostname)
		sp->clone_flags |= CLONE_NEWUTS;	/* a copy: the hostname stays */
	if (u->private_pids) {
		sp->clone_flags |= CLONE_NEWPID | CLONE_NEWNS;
		sp->mounts |= CHILD_MNT_PROC;
	}
	if (u->private_tmp || p->dynamic) {	/* DynamicUser= implies PrivateTmp= */
		sp->clone_flags |= CLONE_NEWNS;
		sp->mounts |= CHILD_MNT_TMP;
	}
	if (u->private_mounts)
		sp->clone_flags |= CLONE_NEWNS;
	r = plan_ext(p, u);
	if (r < 0)
		return r;
	if (sp->clone_flags & CLONE_NEWNS)
		sp->mounts |= CHILD_MNT_PRIVATE;
	plan_caps(sp, u, ambient_hack);
	sp->no_new_privs = u->no_new_privileges || p->dynamic;	/* implied too */
	if (!u->private_users)
		return 0;
	/* root and the service's own ids map to themselves; the rest is nobody */
	snprintf(p->uid_map, sizeof(p->uid_map), "0 0 1\n");
	snprintf(p->gid_map, sizeof(p->gid_map), "0 0 1\n");
	if (sp->set_ids && sp->uid != 0)
		snprintf(p->uid_map + 6, sizeof(p->uid_map) - 6, "%u %u 1\n", sp->uid, sp->uid);
	if (sp->set_ids && sp->gid != 0)
		snprintf(p->gid_map + 6, sizeof(p->gid_map) - 6, "%u %u 1\n", sp->gid, sp->gid);
	if (sp->set_ids) {	/* unmapped supplementary groups would fail setgroups() */
		size_t n = 0;

		for (size_t i = 0; i < sp->ngroups; i++)
			if (p->groups[i] == 0 || p->groups[i] == sp->gid)
				p->groups[n++] = p->groups[i];
		sp->ngroups = n;
	}
	if (pipe2(p->userns_pipe, O_CLOEXEC) < 0)
		return -errno;
	sp->clone_flags |= CLONE_NEWUSER;
	sp->has_userns = true;
	sp->userns_fd = p->userns_pipe[0];
	sp->userns_wr = p->userns_pipe[1];
	sp->uid_map = p->uid_map;
	sp->gid_map = p->gid_map;
	return 0;
}

/* The fds a child needs to join the unit's cgroup. */
static int plan_cgroup(struct plan *p, const struct cg_unit *cg)
{
	struct spawn_plan *sp = &p->sp;
	int pol = sp->sched_policy & ~SCHED_RESET_ON_FORK;
	bool rt = sp->set_sched && (pol == SCHED_FIFO || pol == SCHED_RR);
	int r;

	if (!cg)
		return 0;
	r = cg_unit_join_fds(cg, rt, p->cg_fds, CHILD_MAX_CGROUPS, &p->n_cg_fds, &p->v2_dir,
			     &p->v2_procs);
	if (r < 0)
		return r;
	for (size_t i = 0; i < p->n_cg_fds; i++)
		sp->cgroup_procs[i] = p->cg_fds[i];
	sp->n_cgroup_procs = p->n_cg_fds;
	if (p->v2_procs >= 0) {
		sp->has_v2_procs = true;
		sp->v2_procs_fd = p->v2_procs;
	}
	if (p->v2_dir >= 0) {
		sp->into_cgroup = true;
		sp->cgroup_fd = p->v2_dir;
	}
	return 0;
}

/*
 * User=, or DynamicUser='s transient user (HOME=/, a nologin shell, as
 * systemd): the entry the service runs as, or NULL for root.
 */
static int plan_user(struct plan *p, const struct unit *u, struct passwd **ret, char *why,
		     size_t whylen)
{
	static char root_dir[] = "/", nologin[] = "/usr/sbin/nologin", none[] = "";
	bool dyn = u->ext && u->ext->dynamic_user;
	const char *name;
	uid_t uid;
	int r = ids_dynamic(u, p->dyn_name, &uid);

	*ret = NULL;
	if (r < 0)
		return reason(why, whylen, r, "DynamicUser '%s'", u->user ? u->user : u->name);
	if (r == 1) {
		p->dynamic = true;
		p->dyn_pw = (struct passwd){ .pw_name = p->dyn_name, .pw_passwd = none,
					     .pw_uid = uid, .pw_gid = uid, .pw_gecos = none,
					     .pw_dir = root_dir, .pw_shell = nologin };
		*ret = &p->dyn_pw;
		return 0;
	}
	name = dyn ? p->dyn_name : u->user;
	if (!name)
		return 0;
	errno = 0;
	*ret = userdb_user(name);
	if (!*ret)
		return reason(why, whylen, errno ? -errno : -ESRCH, "user '%s'", name);
	return 0;
}

int plan_build(struct plan *p, const struct unit *u, const struct unit_cmd *cmd,
	       const struct plan_inputs *in, char *why, size_t whylen)
{
	struct passwd *pw = NULL;
	bool privileged = cmd->flags & UNIT_CMD_FULL_PRIVILEGES ||
			  (in->control && u->permissions_start_only);
	/* '!!' is '!' only where the kernel lacks ambient capabilities */
	bool ambient_hack = cmd->flags & UNIT_CMD_AMBIENT && !ambient_supported();
	/* '!': everything as written but User=, Group=, SupplementaryGroups= */
	bool no_setuid = cmd->flags & UNIT_CMD_NO_SETUID || ambient_hack;
	int r;

	memset(p, 0, sizeof(*p));
	p->opened[0] = p->opened[1] = p->opened[2] = -1;
	p->v2_dir = p->v2_procs = p->userns_pipe[0] = p->userns_pipe[1] = -1;
	p->sp.tty_fd = -1;
	p->sp.stdio[0] = p->sp.stdio[1] = p->sp.stdio[2] = -1;
	why[0] = '\0';
	r = plan_user(p, u, &pw, why, whylen);
	if (r == 0)
		r = build_env(p, u, in, pw, why, whylen);
	if (r == 0)
		r = build_argv(p, cmd, why, whylen);
	if (r == 0 && (pw || u->group || u->supplementary_groups[0]) &&
	    !privileged && !no_setuid)
		r = build_ids(p, u, pw, why, whylen);
	if (r == 0)
		r = build_stdio(p, u, in, why, whylen);
	if (r < 0)
		return r;
	plan_attrs(p, u);
	if (privileged)		/* as systemd: Limit*= belong to the sandbox '+' skips */
		p->sp.n_rlimits = 0;
	r = plan_cgroup(p, in->cg);
	if (r < 0)
		return reason(why, whylen, r, "%s", "cgroup");
	r = privileged ? 0 : plan_sandbox(p, u, ambient_hack);
	if (r < 0)
		return reason(why, whylen, r, "%s", "sandbox");
	if (u->working_directory_home)
		p->cwd = strdup(pw ? pw->pw_dir : "/root");
	else
		p->cwd = strdup(u->working_directory ? u->working_directory : "/");
	if (!p->cwd)
		return reason(why, whylen, -ENOMEM, "%s", "WorkingDirectory");
	p->sp.path = p->path;
	p->sp.argv = p->argv.v;
	p->sp.envp = p->env.v;
	if (in->n_listen_fds && !in->control) {
		for (char **e = p->env.v; *e; e++)
			if (strncmp(*e, "LISTEN_PID=", 11) == 0)
				p->sp.listen_pid = *e + 11;
		p->sp.pass_fds = in->listen_fds;
		p->sp.n_pass_fds = in->n_listen_fds;
	}
	p->sp.new_session = true;
	p->sp.ignore_sigpipe = u->ignore_sigpipe;
	p->sp.set_umask = true;
	p->sp.umask = u->umask;
	p->sp.cwd = p->cwd;
	p->sp.cwd_optional = u->working_directory_optional;
	return 0;
}

void plan_free(struct plan *p)
{
	for (int i = 0; i < 3; i++)
		if (p->opened[i] >= 0)
			close(p->opened[i]);
	for (size_t i = 0; i < p->n_cg_fds; i++)
		close(p->cg_fds[i]);
	p->n_cg_fds = 0;
	for (int i = 0; i < 2; i++) {
		if (p->userns_pipe[i] >= 0)
			close(p->userns_pipe[i]);
		p->userns_pipe[i] = -1;
	}
	if (p->v2_dir >= 0)
		close(p->v2_dir);
	if (p->v2_procs >= 0)
		close(p->v2_procs);
	p->v2_dir = p->v2_procs = -1;
	free(p->binds);
	p->binds = NULL;
	for (size_t i = 0; i < p->n_bind_strs; i++)
		free(p->bind_strs[i]);
	free(p->bind_strs);
	p->bind_strs = NULL;
	p->n_bind_strs = p->n_held = 0;
	env_free(&p->env);
	env_free(&p->argv);
	free(p->cwd);
	memset(p->opened, 0xff, sizeof(p->opened));
	p->cwd = NULL;
}
