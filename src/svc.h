/* SPDX-License-Identifier: MIT */
#ifndef TEND_SVC_H
#define TEND_SVC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "backoff.h"
#include "loop.h"
#include "svc_fsm.h"
#include "unit.h"

struct cg_unit;
struct ntf_sock;
struct p1_buf;
struct svcout;

/* Which command list a unit is running through (inside STARTING/STOPPING). */
enum svc_seq {
	SEQ_NONE,
	SEQ_CONDITION,		/* ExecCondition= */
	SEQ_START_PRE,
	SEQ_START,		/* oneshot: the ExecStart= lines one after another */
	SEQ_START_POST,
	SEQ_RELOAD,
	SEQ_STOP,
	SEQ_STOP_POST,
	_SEQ_MAX,
};

struct svc_kind;

/*
 * Runtime state of one unit; the unit itself is immutable config.  The
 * registry's part comes first, then the service kind's process fields;
 * other kinds keep their state behind kind_data.
 */
struct svc {
	/* the registry's */
	struct unit *u;
	const struct svc_kind *kind;	/* service, ...: svc_kind.h */
	void *kind_data;	/* the kind's own runtime state, or NULL */
	uint32_t idx;
	enum svc_state state;
	bool want_up;
	bool transient;		/* made at run time (Accept=yes), freed when it ends */
	bool on_demand;		/* not started by svc_start_all() on its own (a
				 * socket's or timer's service, shutdown.target) */
	bool started_once;	/* reached RUNNING or finished, this activation */
	bool in_cycle;
	bool walked;		/* in the unit set a start or restart is walking */
	bool restart_now;	/* tendctl restart: come back at once after the stop */
	const char *missing;	/* a required unit that is not loaded */
	enum svc_result result;
	int exit_status;	/* last wait status of the main process */
	bool have_exit;
	int64_t since_ms;	/* entered the current state */
	int64_t up_ms;		/* started the main process */
	int64_t restart_delay_ms;
	unsigned restarts;
	struct backoff_cfg bcfg;
	struct backoff_state bst;
	struct loop_timer timer;	/* start/stop timeout, restart delay ... */
	enum svc_event timer_ev;	/* ... which one: the event it feeds */
	struct loop_defer eval;		/* re-check dependencies */
	enum svc_event evq[8];		/* events raised while one is being handled */
	unsigned nevq;
	bool feeding;
	/* hot reload */
	uint64_t hash;		/* of the unit's file and drop-ins, as loaded */
	struct unit *next_u;	/* a changed definition, taken at the next start */
	bool removed;		/* its file is gone: stopped, freed at a later reload */
	/* the service kind's (service.c, svc_run.c) */
	bool was_running;	/* this run reached RUNNING: ExecStop= applies */
	pid_t main_pid;
	int main_pidfd;
	pid_t pgid;		/* the main process's group (setsid): its leftovers */
	int status_fd;		/* exec-status pipe of the main process */
	struct loop_src *status_src;
	pid_t ctl_pid;		/* control process (ExecStartPre, ExecStop ...) */
	int ctl_status_fd;	/* its exec-status pipe, read when it exits */
	enum svc_seq seq;
	size_t seq_idx;
	bool have_last_exit;	/* status: a main process of the unit exited */
	int last_exit;		/* its wait status, kept across runs */
	bool killed;		/* the final kill signal was sent in this stop */
	bool reloading;
	struct loop_timer wd;		/* watchdog */
	int64_t wd_ms;
	struct ntf_sock *ntf;
	char *status_text;	/* the last STATUS=, NULL before one (malloc'd) */
	char *cond_failed;	/* the Condition/Assert that stopped the last start */
	struct svcout *out;
	struct cg_unit *cg;	/* the unit's cgroup, made at its first start */
};

/* What tend as a whole does when units ask for it. */
typedef void svc_exit_fn(enum unit_action a, int code, void *data);
typedef void svc_idle_fn(void *data);

struct svc_env {
	struct loop *loop;
	const char *runtime_dir;
	svc_exit_fn *on_exit_action;	/* FailureAction=exit etc.: action, exit code */
	void *data;
	/* s is about to be freed (reload, an Accept=yes instance that ended) */
	void (*on_free)(const struct svc *s);
};

/* Load every unit of the directories; errors are logged per unit. */
int svc_load(const struct svc_env *env, const char *const *dirs, int ndirs);
size_t svc_count(void);
struct svc *svc_at(size_t i);
struct svc *svc_find(const char *name);

/* tend is exiting: close and unlink every unit's notify socket. */
void svc_fini(void);

/*
 * A unit made at run time from template_name ("foo@.service") of the unit
 * directories, for instance: Accept=yes sockets, one per connection.  It
 * is on demand and freed once it ends; NULL when it cannot be (logged).
 */
struct svc *svc_add_instance(const char *template_name, const char *instance);

/* Want every loaded unit up; they start in dependency order. */
void svc_start_all(void);
/* Want every unit down; they stop in reverse order, then done() is called. */
void svc_stop_all(svc_idle_fn *done, void *data);
/*
 * The -force actions: from now on no unit starts or restarts, none is
 * stopped in order (no ExecStop=, ExecStopPost=); the caller kills what
 * runs, and the units end as their processes do.
 */
void svc_abandon_all(void);
bool svc_abandoned(void);
/* True when every wanted unit has settled: running, finished or failed. */
bool svc_all_settled(void);
/* Call fn once every wanted unit has settled (combined mode's main command). */
void svc_when_settled(svc_idle_fn *fn, void *data);

/* Operator requests (tendctl); 0 or -errno. */
int svc_start(struct svc *s);
int svc_stop(struct svc *s);
int svc_restart(struct svc *s);
int svc_reload(struct svc *s);
int svc_kill(struct svc *s, int signo);
int svc_reset_failed(struct svc *s);
/* Append s's status fields (the registry's, then its kind's) to a reply. */
void svc_status(const struct svc *s, struct p1_buf *b, bool brief);
/*
 * Re-read the unit directories and apply the difference: new units start,
 * removed ones stop, changed ones restart with the new definition, the rest
 * are not touched.  A file that fails to parse keeps its old definition.
 * One line per change goes into report ("!" first for an error).
 */
int svc_reload_units(const char *const *dirs, int ndirs, char *report, size_t size);
#endif
