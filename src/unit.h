/* SPDX-License-Identifier: MIT */
/*
 * A parsed unit file: systemd's .service syntax, the subset DESIGN.md
 * lists.  A struct unit is built once by unit_load() and never changed
 * afterwards; runtime state lives in struct svc, which points here.
 *
 * Conventions of every field below:
 * - times are int64_t milliseconds named *_ms; UNIT_INFINITY (INT64_MAX)
 *   means "infinity"/"disabled".  Add with unit_ms_add(), which saturates.
 * - string lists (char **) are NULL-terminated and never NULL themselves
 *   once loaded (an empty list is { NULL }).
 * - *_set flags say the key was given; the value field then holds it,
 *   otherwise it holds systemd's default.
 * - byte and count limits use UNIT_LIMIT_UNSET (not given: leave the
 *   kernel's value alone) and UNIT_LIMIT_INFINITY ("infinity": "max").
 */
#ifndef TEND_UNIT_H
#define TEND_UNIT_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>

#define UNIT_INFINITY INT64_MAX
#define UNIT_LIMIT_UNSET UINT64_MAX
#define UNIT_LIMIT_INFINITY (UINT64_MAX - 1)

/* Longest logical line (after joining continuations) the reader accepts. */
#define UNIT_LINE_MAX (64 * 1024)
/* Longest unit name, as systemd's UNIT_NAME_MAX. */
#define UNIT_NAME_MAX 255

/* a + b for times in ms, saturating at UNIT_INFINITY. */
static inline int64_t unit_ms_add(int64_t a, int64_t b)
{
	if (a == UNIT_INFINITY || b == UNIT_INFINITY || a > UNIT_INFINITY - b)
		return UNIT_INFINITY;
	return a + b;
}

struct unit_socket;
struct unit_timer;

/* What a unit file's suffix makes it (issue 15: targets, sockets, timers). */
enum unit_kind {
	UNIT_KIND_SERVICE,
	UNIT_KIND_TARGET,
	UNIT_KIND_SOCKET,
	UNIT_KIND_TIMER,
	_UNIT_KIND_MAX,
};
extern const char *const unit_kind_suffix[_UNIT_KIND_MAX];
/* The kind a unit name's suffix asks for, or -1 when tend has none. */
int unit_kind_of(const char *name);

enum service_type {
	SERVICE_SIMPLE,		/* also Type=idle */
	SERVICE_EXEC,
	SERVICE_NOTIFY,
	SERVICE_ONESHOT,
	SERVICE_FORKING,
	_SERVICE_TYPE_MAX,
};

enum unit_restart {
	RESTART_NO,
	RESTART_ON_SUCCESS,
	RESTART_ON_FAILURE,
	RESTART_ON_ABNORMAL,
	RESTART_ON_WATCHDOG,
	RESTART_ON_ABORT,
	RESTART_ALWAYS,
	_RESTART_MAX,
};

enum unit_kill_mode {
	KILL_CONTROL_GROUP,	/* the default */
	KILL_MIXED,
	KILL_PROCESS,
	KILL_NONE,
	_KILL_MODE_MAX,
};

enum unit_notify_access {
	NOTIFY_ACCESS_NONE,
	NOTIFY_ACCESS_MAIN,
	NOTIFY_ACCESS_EXEC,
	NOTIFY_ACCESS_ALL,
	_NOTIFY_ACCESS_MAX,
};

/* SuccessAction=/FailureAction=. */
enum unit_action {
	ACTION_NONE,
	ACTION_EXIT,		/* stop everything, tend exits (ExitStatus) */
	ACTION_POWEROFF,
	ACTION_REBOOT,
	ACTION_HALT,
	/* the -force variants: no unit is stopped in order, tend kills what runs */
	ACTION_EXIT_FORCE,
	ACTION_POWEROFF_FORCE,
	ACTION_REBOOT_FORCE,
	ACTION_HALT_FORCE,
	_ACTION_MAX,
};

enum unit_stdin {
	STDIN_NULL,		/* the default */
	STDIN_TTY,
	STDIN_TTY_FORCE,
	STDIN_TTY_FAIL,
	STDIN_FILE,		/* file:PATH, in stdin_path */
	STDIN_SOCKET,		/* socket: the connection of an Accept=yes socket */
	_STDIN_MAX,
};

enum unit_output {
	OUTPUT_INHERIT,		/* stderr: same as stdout; stdout: tend's stdin */
	OUTPUT_NULL,
	OUTPUT_LOG,		/* journal, syslog, kmsg (+console): tend's log */
	OUTPUT_TTY,		/* TTYPath= */
	OUTPUT_FILE,		/* file:PATH, open for writing, no truncation */
	OUTPUT_APPEND,		/* append:PATH */
	OUTPUT_TRUNCATE,	/* truncate:PATH */
	OUTPUT_SOCKET,		/* socket: the connection of an Accept=yes socket */
	_OUTPUT_MAX,
};

/*
 * Where OUTPUT_LOG lines go: tend's log (journal, 0), /dev/kmsg (kmsg),
 * /dev/log (syslog); "+console" adds tend's log.
 */
enum { UNIT_SINK_KMSG = 1, UNIT_SINK_SYSLOG = 2, UNIT_SINK_ALSO_LOG = 4 };	/* = SVCOUT_TO_* */

enum unit_exec_phase {
	EXEC_CONDITION,
	EXEC_START_PRE,
	EXEC_START,
	EXEC_START_POST,
	EXEC_RELOAD,
	EXEC_STOP,
	EXEC_STOP_POST,
	_EXEC_PHASE_MAX,
};

/* The prefixes of an Exec*= command line. */
enum {
	UNIT_CMD_IGNORE_FAILURE = 1 << 0,	/* '-' */
	UNIT_CMD_ARGV0 = 1 << 1,		/* '@': argv[0] is not path */
	UNIT_CMD_FULL_PRIVILEGES = 1 << 2,	/* '+' */
	UNIT_CMD_NO_SETUID = 1 << 3,		/* '!' */
	UNIT_CMD_AMBIENT = 1 << 4,		/* '!!' */
	UNIT_CMD_NO_ENV_EXPAND = 1 << 5,	/* ':' */
};

/*
 * One command.  path is the executable as written (absolute, or a bare
 * name looked up in a fixed PATH at start time); argv[0] is path unless
 * UNIT_CMD_ARGV0.  Words still hold $VAR/${VAR}/$$ for expansion at start
 * time (unless UNIT_CMD_NO_ENV_EXPAND); specifiers are already resolved.
 * A word that was exactly $VAR (unquoted) is split on whitespace then.
 */
struct unit_cmd {
	char *path;
	char **argv;		/* NULL-terminated, at least argv[0] */
	unsigned flags;
	int line;		/* where it was written, for messages */
};

struct unit_cmds {
	struct unit_cmd *v;
	size_t n;
};

enum unit_cond_kind {
	COND_PATH_EXISTS,
	COND_PATH_EXISTS_GLOB,
	COND_PATH_IS_DIRECTORY,
	COND_PATH_IS_SYMBOLIC_LINK,
	COND_PATH_IS_MOUNT_POINT,
	COND_PATH_IS_READ_WRITE,
	COND_PATH_IS_ENCRYPTED,
	COND_DIRECTORY_NOT_EMPTY,
	COND_FILE_NOT_EMPTY,
	COND_FILE_IS_EXECUTABLE,
	COND_VIRTUALIZATION,
	COND_HOST,
	COND_KERNEL_COMMAND_LINE,
	COND_KERNEL_VERSION,
	COND_ARCHITECTURE,
	COND_FIRMWARE,
	COND_AC_POWER,
	COND_CAPABILITY,
	COND_SECURITY,
	COND_NEEDS_UPDATE,
	COND_FIRST_BOOT,
	COND_USER,
	COND_GROUP,
	COND_CONTROL_GROUP_CONTROLLER,
	COND_ENVIRONMENT,
	COND_OS_RELEASE,
	COND_CPUS,
	COND_MEMORY,
	COND_CPU_FEATURE,
	COND_CREDENTIAL,
	COND_MEMORY_PRESSURE,
	COND_CPU_PRESSURE,
	COND_IO_PRESSURE,
	_COND_KIND_MAX,
};

/* ConditionX=|!value: trigger is '|', negate is '!'. */
struct unit_cond {
	enum unit_cond_kind kind;
	bool negate;
	bool trigger;
	char *value;		/* without the '|' and '!' prefixes */
	const char *file;	/* u->path or one of u->dropins */
	int line;
};

struct unit_conds {
	struct unit_cond *v;
	size_t n;
};

/* SuccessExitStatus= and friends: exit codes 0..255 and signals 1..64. */
struct unit_exit_set {
	uint64_t status[4];	/* bit n%64 of status[n/64]: code n */
	uint64_t signals;	/* bit (s-1): signal s */
};

static inline bool unit_exit_set_has_status(const struct unit_exit_set *s, int code)
{
	return code >= 0 && code < 256 && (s->status[code / 64] >> (code % 64)) & 1;
}

static inline bool unit_exit_set_has_signal(const struct unit_exit_set *s, int sig)
{
	return sig >= 1 && sig <= 64 && (s->signals >> (sig - 1)) & 1;
}

/* EnvironmentFile=[-]PATH. */
struct unit_envfile {
	char *path;
	bool optional;		/* '-': a missing file is not an error */
};

enum unit_dir_kind {
	UNIT_DIR_RUNTIME,	/* under /run */
	UNIT_DIR_STATE,		/* /var/lib */
	UNIT_DIR_CACHE,		/* /var/cache */
	UNIT_DIR_LOGS,		/* /var/log */
	UNIT_DIR_CONFIGURATION,	/* /etc */
	_UNIT_DIR_MAX,
};

enum unit_preserve {
	PRESERVE_NO,
	PRESERVE_YES,
	PRESERVE_RESTART,
	_PRESERVE_MAX,
};

struct unit_rlimit {
	bool set;
	rlim_t soft, hard;	/* RLIM_INFINITY for "infinity" */
};

/* BindPaths=, BindReadOnlyPaths=: [-]SRC[:DST[:rbind|norbind]]. */
struct unit_bind {
	char *src, *dst;
	bool read_only;
	bool recursive;		/* rbind, the default */
	bool optional;		/* '-': a missing SRC is skipped */
};

/* LoadCredential=ID:SRC, SetCredential=ID:DATA. */
struct unit_cred {
	char *id;
	char *src;		/* Load: a path or a name to look up; Set: the data */
	size_t size;		/* Set: the data's length (it may hold NULs) */
};

/*
 * Exec keys few units use (systemd.exec(5)): allocated by the first of
 * them, NULL in most units.
 */
struct unit_ext {
	bool dynamic_user;	/* DynamicUser= */
	bool secure_bits_set;
	int secure_bits;	/* SecureBits=: SECBIT_* */
	struct unit_bind *binds;
	size_t n_binds;
	struct unit_cred *load_creds, *set_creds;
	size_t n_load_creds, n_set_creds;
	char **import_creds;	/* ImportCredential= globs, NULL: none */
};

void unit_ext_free(struct unit_ext *e);

/* Where a diagnostic comes from, which decides what `check` does with it. */
enum unit_diag_kind {
	DIAG_ERROR,		/* the unit does not load */
	DIAG_WARN,		/* e.g. Type=dbus run as simple */
	DIAG_SKIP_INFO,		/* informational or accounting key ignored */
	DIAG_SKIP_SANDBOX,	/* sandboxing key ignored: less confined */
	_DIAG_KIND_MAX,
};

struct unit_diag_msg {
	enum unit_diag_kind kind;
	char *text;		/* "file:line: key: reason", no newline */
};

/* What unit_load() had to say; owned by the caller, unit_diag_free(). */
struct unit_diag {
	struct unit_diag_msg *v;
	size_t n;		/* v grows by array_grow() */
	unsigned n_by_kind[_DIAG_KIND_MAX];
};

/*
 * Host facts for specifiers (%H %m %b %v %a %t ...) and for percentages
 * (MemoryMax=50%, TasksMax=10%).  unit_ctx_host() fills one from the
 * running system; tests fill their own.  NULL strings expand to "".
 */
struct unit_ctx {
	const char *hostname;		/* %H, %l (short) */
	const char *machine_id;		/* %m */
	const char *boot_id;		/* %b */
	const char *kernel_release;	/* %v */
	const char *architecture;	/* %a, systemd's names */
	const char *runtime_dir;	/* %t, default "/run" */
	const char *state_dir;		/* %S, "/var/lib" */
	const char *cache_dir;		/* %C, "/var/cache" */
	const char *logs_dir;		/* %L, "/var/log" */
	const char *config_dir;		/* %E, "/etc" */
	const char *user_name;		/* %u, "root" */
	uid_t uid;			/* %U */
	const char *group_name;		/* %g */
	gid_t gid;			/* %G */
	const char *home;		/* %h, "/root" */
	const char *shell;		/* %s, "/bin/sh" */
	uint64_t physical_memory;	/* bytes, for MemoryMax=N% */
	uint64_t tasks_max_base;	/* for TasksMax=N% */
	/* os-release: %o ID, %w VERSION_ID, %B BUILD_ID, %W VARIANT_ID */
	const char *os_id, *os_version_id, *os_build_id, *os_variant_id;
	const char *pretty_hostname;	/* %q */
	/* refuse instead of skipping: any skipped key / sandboxing keys */
	bool strict;
	bool require_sandbox;
};

struct unit {
	/* identity of the file */
	char *name;		/* "foo.service" or "foo@inst.service" */
	enum unit_kind kind;	/* from the name's suffix */
	struct unit_socket *socket;	/* .socket: [Socket] (unitsock.h), else NULL */
	struct unit_timer *timer;	/* .timer: [Timer] (unittimer.h), else NULL */
	char **sockets;		/* [Service] Sockets= */
	/*
	 * [Install], as if enabled (the directory is the set): Alias= names
	 * find the unit; WantedBy=/RequiredBy= start a socket's or a timer's
	 * unit at boot, as systemd starts an enabled one.
	 */
	char **wanted_by, **required_by, **alias;
	char *path;		/* the file it was loaded from */
	char *template_name;	/* "foo@.service" for instances, else NULL */
	char *instance;		/* "inst" (escaped form), else NULL */
	char **dropins;		/* drop-in files merged, in order */

	/* [Unit] */
	char *description;
	char **after, **before;
	char **requires, **requisite, **wants, **binds_to, **part_of;
	char **conflicts, **on_failure, **on_success;
	struct unit_conds conditions, asserts;
	enum unit_action success_action, failure_action;	/* none */
	int success_exit_status;	/* SuccessActionExitStatus, -1 unset */
	int failure_exit_status;	/* FailureActionExitStatus, -1 unset */
	int start_limit_burst;		/* 5 */
	int64_t start_limit_interval_ms;	/* 10 s; 0 disables */
	enum unit_action start_limit_action;	/* none */
	bool refuse_manual_start, refuse_manual_stop;

	/* [Service]: what runs */
	enum service_type service_type;	/* simple, oneshot without ExecStart */
	struct unit_cmds exec[_EXEC_PHASE_MAX];
	bool remain_after_exit;
	bool permissions_start_only;	/* false; as '+' on all but ExecStart */
	char *pid_file;
	bool guess_main_pid;		/* true */

	/* restart */
	enum unit_restart restart;	/* no */
	int64_t restart_sec_ms;		/* 100 ms */
	bool restart_sec_set;
	unsigned restart_steps;		/* 0 */
	bool restart_steps_set;
	int64_t restart_max_delay_ms;	/* infinity */
	bool restart_max_delay_set;
	struct unit_exit_set success_status;
	struct unit_exit_set restart_prevent_status;
	struct unit_exit_set restart_force_status;

	/* stop */
	int64_t timeout_start_ms;	/* 90 s; infinity for oneshot */
	int64_t timeout_stop_ms;	/* 90 s */
	int64_t timeout_abort_ms;	/* = timeout_stop_ms unless set (-1 while loading) */
	int64_t runtime_max_ms;		/* infinity */
	enum unit_kill_mode kill_mode;	/* control-group */
	int kill_signal;		/* SIGTERM */
	int restart_kill_signal;	/* = kill_signal unless set */
	int final_kill_signal;		/* SIGKILL */
	int watchdog_signal;		/* SIGABRT */
	bool send_sigkill;		/* true */
	bool send_sighup;		/* false */

	/* readiness */
	enum unit_notify_access notify_access;	/* main for notify, else none */
	int64_t watchdog_ms;		/* 0: off */

	/* identity and environment */
	char *user, *group;		/* NULL: root */
	char **supplementary_groups;
	char *working_directory;	/* NULL: "/" ("~" when home) */
	bool working_directory_home;	/* WorkingDirectory=~ */
	bool working_directory_optional;	/* '-' prefix */
	mode_t umask;			/* 0022 */
	char **environment;		/* "K=V", later ones win */
	struct unit_envfile *environment_files;
	size_t n_environment_files;
	char **pass_environment;
	char **unset_environment;	/* "K" or "K=V" */
	char **directories[_UNIT_DIR_MAX];	/* relative paths */
	mode_t directory_mode[_UNIT_DIR_MAX];	/* 0755 */
	enum unit_preserve runtime_directory_preserve;	/* no */

	/* I/O */
	enum unit_stdin std_input;	/* null */
	char *stdin_path;
	enum unit_output std_output;	/* log (inherit when stdin is a tty) */
	uint8_t std_output_sink;	/* OUTPUT_LOG: UNIT_SINK_* bits, 0: tend's log */
	uint8_t std_error_sink;
	char *stdout_path;
	enum unit_output std_error;	/* inherit */
	char *stderr_path;
	char *tty_path;			/* "/dev/console" */
	bool tty_reset, tty_vhangup;
	char *syslog_identifier;	/* NULL: the process name */
	bool ignore_sigpipe;		/* true */

	/* CPU and scheduling */
	int nice;
	bool nice_set;
	cpu_set_t *cpu_affinity;	/* NULL: unset (malloc'd: 128 bytes) */
	int sched_policy;		/* SCHED_* */
	bool sched_policy_set;
	int sched_priority;
	bool sched_priority_set;
	bool sched_reset_on_fork;
	int io_class;			/* IOPRIO_CLASS_* (1 rt, 2 be, 3 idle) */
	bool io_class_set;
	int io_priority;		/* 0..7 */
	bool io_priority_set;
	int oom_score_adjust;
	bool oom_score_adjust_set;

	/* cgroup */
	int64_t cpu_quota_permyriad;	/* -1 unset; 10000 = one CPU */
	int64_t cpu_quota_period_ms;	/* -1 unset (kernel's 100 ms) */
	uint64_t cpu_weight;		/* 0 unset, 1..10000 */
	uint64_t cpu_shares;		/* 0 unset, 2..262144 */
	uint64_t memory_max;		/* bytes; UNIT_LIMIT_* */
	uint64_t memory_high;
	uint64_t memory_limit;		/* old name of memory_max (v1) */
	uint64_t tasks_max;
	bool delegate;

	/*
	 * limits: LimitCPU= ... LimitRTTIME=, indexed by RLIMIT_*; allocated
	 * by the first LimitX= key, NULL in a unit without one (most units:
	 * 384 bytes each saved)
	 */
	struct unit_rlimit *rlimits;

	/* privileges */
	uint64_t cap_bounding;		/* bit n: capability n */
	bool cap_bounding_set;		/* unset: keep all */
	uint64_t cap_ambient;
	bool cap_ambient_set;
	bool no_new_privileges;

	/* namespaces */
	bool private_network;	/* CLONE_NEWNET */
	bool private_ipc;	/* CLONE_NEWIPC */
	bool protect_hostname;	/* CLONE_NEWUTS */
	bool private_pids;	/* CLONE_NEWPID */
	bool private_mounts;	/* CLONE_NEWNS */
	bool private_tmp;	/* CLONE_NEWNS + fresh /tmp, /var/tmp */
	bool private_users;	/* CLONE_NEWUSER */

	struct unit_ext *ext;	/* NULL unless a key of struct unit_ext is given */
};

/*
 * Load the unit at path and its drop-ins (<name>.d/NAME.conf next to it and
 * next to its template).  path may name a template "foo@.service" and
 * instance the instance to make of it.  Returns 0 and *ret, or -errno:
 * -EINVAL when the unit has errors (reasons in diag), -ERFKILL when it is
 * masked (a link to /dev/null), -EFBIG over 4 MiB, -EBADFD for a FIFO,
 * socket or block device, -ENOENT etc.  diag may be NULL; if given, it is
 * always initialised and the caller frees it with unit_diag_free().
 */
int unit_load(const char *path, const char *instance, const struct unit_ctx *ctx,
	      struct unit **ret, struct unit_diag *diag);

/*
 * A unit that exists without a file (the well-known targets): text, plus
 * the name.wants/ and name.requires/ directories of every unit directory.
 */
int unit_parse_builtin(const char *text, const char *name, const char *const *dirs, int ndirs,
		       const struct unit_ctx *ctx, struct unit **ret, struct unit_diag *diag);
/* As unit_load() for text in memory: name is "foo.service", no drop-ins. */
int unit_parse_string(const char *text, const char *name, const struct unit_ctx *ctx,
		      struct unit **ret, struct unit_diag *diag);

void unit_free(struct unit *u);
void unit_diag_free(struct unit_diag *d);

/* Fill ctx from the running system (uname, /etc/machine-id ...). */
void unit_ctx_host(struct unit_ctx *ctx);

/*
 * `tend check [--strict] [--require-sandbox] FILE|DIR...`: load each unit
 * (each *.service and *@.service of a DIR), print diagnostics to out,
 * return the process exit status: 0 when all load, 1 otherwise.
 */
int unit_check_paths(char **paths, bool strict, bool require_sandbox, FILE *out);

extern const char *const service_type_name[_SERVICE_TYPE_MAX];
extern const char *const unit_restart_name[_RESTART_MAX];
extern const char *const unit_kill_mode_name[_KILL_MODE_MAX];
extern const char *const unit_notify_access_name[_NOTIFY_ACCESS_MAX];
extern const char *const unit_action_name[_ACTION_MAX];
extern const char *const unit_output_name[_OUTPUT_MAX];
extern const char *const unit_cond_kind_name[_COND_KIND_MAX];

/* Defaults of units loaded from now on (system mode's [Manager] Default*). */
struct unit_defaults {
	int64_t restart_sec_ms;
	int64_t timeout_start_ms;
	int64_t timeout_stop_ms;
};
extern struct unit_defaults unit_defaults;

#endif
