/* SPDX-License-Identifier: MIT */
#ifndef TEND_CHILD_H
#define TEND_CHILD_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Each step of the child's setup, reported through the exec-status pipe. */
enum child_stage {
	CHILD_SIGMASK,
	CHILD_SETSID,
	CHILD_SETPGID,
	CHILD_TTY,
	CHILD_CHDIR,
	CHILD_SETGROUPS,
	CHILD_SETGID,
	CHILD_SETUID,
	CHILD_STDIO,
	CHILD_EXEC,
	CHILD_USERNS,		/* waiting for the parent's uid/gid maps */
	CHILD_CGROUP,		/* joining the unit's cgroup(s) */
	CHILD_SCHED,
	CHILD_AFFINITY,
	CHILD_NICE,
	CHILD_IOPRIO,
	CHILD_OOM,
	CHILD_RLIMIT,
	CHILD_MOUNTS,		/* PrivateTmp, PrivatePIDs' /proc */
	CHILD_NETWORK,		/* PrivateNetwork: lo up */
	CHILD_CAPBSET,
	CHILD_KEEPCAPS,
	CHILD_CAPS,		/* capset() after the uid change */
	CHILD_AMBIENT,
	CHILD_NO_NEW_PRIVS,
	CHILD_SECUREBITS,
	CHILD_BINDS,		/* BindPaths=, BindReadOnlyPaths= */
	_CHILD_STAGE_MAX,
};

/* How many cgroup.procs files a child may have to join (v1 controllers). */
#define CHILD_MAX_CGROUPS 6

/* The child's mounts for new mount namespaces. */
enum {
	CHILD_MNT_PRIVATE = 1 << 0,	/* stop propagation back to tend's namespace */
	CHILD_MNT_TMP = 1 << 1,		/* fresh tmpfs on /tmp and /var/tmp */
	CHILD_MNT_PROC = 1 << 2,	/* fresh /proc of the new PID namespace */
};

extern const char *const child_stage_name[_CHILD_STAGE_MAX];

/* BindPaths=, BindReadOnlyPaths=: one bind mount in the child's namespace. */
struct child_bind {
	const char *src, *dst;
	bool read_only, recursive, optional;
	bool tmpfs;		/* a fresh tmpfs (0755) on dst instead */
	bool hold;		/* only open src (O_PATH), for a later from_held */
	int from_held;		/* >= 0: bind the directory the n-th hold opened */
};

/* How many directories child_bind entries may hold open at once. */
#define CHILD_MAX_HELD 16

/*
 * What a failed child writes before _exit(127); or, with warn set, a step
 * the kernel refused in part and the child went on from (systemd logs
 * those and goes on): OOMScoreAdjust= refused, a Limit*= clamped to the
 * hard limit.  One write of a few bytes: atomic on the pipe.
 */
struct child_err {
	int32_t stage;
	int32_t errnum;
	int32_t warn;		/* 1: not fatal, the child goes on */
	int32_t arg;		/* CHILD_RLIMIT: the RLIMIT_* resource */
	uint64_t cur, max;	/* CHILD_RLIMIT: the limits set instead */
};

/*
 * Everything the child needs, computed in the parent before clone: the
 * child itself only runs async-signal-safe calls.
 */
struct spawn_plan {
	const char *path;		/* resolved: execve(), never a PATH search */
	char *const *argv;
	char *const *envp;
	int status_fd;			/* write end of the exec-status pipe */
	bool new_session;		/* services: setsid() */
	bool ignore_sigpipe;		/* IgnoreSIGPIPE= (systemd's default: yes) */
	bool new_pgrp;			/* main command: its own process group */
	int tty_fd;			/* >= 0: take the foreground of this terminal */
	/*
	 * StandardInput=tty: after setsid(), make stdio[0] the controlling
	 * terminal (TIOCSCTTY; tty-force steals it).  TTYVHangup= hangs up
	 * the terminal first and reopens ctty_path for every slot flagged in
	 * ctty_slots; TTYReset= puts sane termios on it.
	 */
	bool ctty, ctty_force, tty_vhangup, tty_reset;
	const char *ctty_path;
	unsigned ctty_slots;		/* bit i: stdio[i] is the terminal */
	int stdio[3];			/* >= 0: dup2 onto 0, 1, 2; -1: keep tend's */
	bool set_umask;
	mode_t umask;
	const char *cwd;		/* NULL: stay in tend's directory */
	bool cwd_optional;		/* WorkingDirectory=-PATH */
	bool set_ids;			/* User=/Group=: drop to uid/gid/groups */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t ngroups;

	/*
	 * Process attributes (issue 4).  Zero means "leave alone" everywhere,
	 * so a plan built with only the fields above behaves as before.
	 */
	uint64_t clone_flags;		/* CLONE_NEW* namespaces */
	bool into_cgroup;		/* clone3 CLONE_INTO_CGROUP with cgroup_fd */
	int cgroup_fd;			/* v2 dirfd; also joined by its procs fd below */
	int cgroup_procs[CHILD_MAX_CGROUPS];	/* write "0" to join (v1, v2 fallback) */
	size_t n_cgroup_procs;
	int v2_procs_fd;		/* v2 cgroup.procs: the fallback of into_cgroup */
	bool has_v2_procs;
	int userns_fd;			/* PrivateUsers: read end, the parent's go */
	int userns_wr;			/* its write end: the parent's, the child closes it */
	bool has_userns;
	const char *uid_map, *gid_map;	/* written by the parent after clone */
	bool set_sched;
	int sched_policy;		/* | SCHED_RESET_ON_FORK */
	int sched_priority;
	bool has_cpus;
	cpu_set_t cpus;
	bool set_nice;
	int nice;
	bool set_ioprio;
	int ioprio;			/* IOPRIO_PRIO_VALUE(class, data) */
	bool set_oom;
	char oom[16];			/* "-500\n" for /proc/self/oom_score_adj */
	struct {
		int resource;
		struct rlimit lim;
	} rlimits[RLIM_NLIMITS];
	size_t n_rlimits;
	unsigned mounts;		/* CHILD_MNT_* */
	bool lo_up;			/* PrivateNetwork: bring the loopback up */
	bool drop_bounding;
	uint64_t cap_drop;		/* bounding set caps to drop, up to cap_last */
	int cap_last;			/* the kernel's last capability */
	bool set_ambient;
	uint64_t cap_ambient;		/* raise these: inheritable, permitted, ambient */
	bool no_new_privs;
	bool set_securebits;
	int securebits;			/* SecureBits=: PR_SET_SECUREBITS */
	const struct child_bind *binds;	/* after the mounts above */
	size_t n_binds;
	/*
	 * Socket activation: pass_fds[i] becomes fd 3 + i (without
	 * close-on-exec), and the child writes its pid into listen_pid, the
	 * value of the environment's "LISTEN_PID=" entry (room for 10 digits).
	 */
	const int *pass_fds;
	size_t n_pass_fds;
	char *listen_pid;
};

_Noreturn void child_exec(const struct spawn_plan *p);

#endif
