/* SPDX-License-Identifier: MIT */
/* Shared by unit.c (the inih handler), unitload.c (files, templates,
 * drop-ins), unitkeys.c (the key table) and its parsers (unitexec.c...). */
#ifndef TEND_UNITPRIV_H
#define TEND_UNITPRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "specifier.h"
#include "unit.h"

enum {
	SEC_UNIT = 1 << 0,
	SEC_SERVICE = 1 << 1,
	SEC_INSTALL = 1 << 2,
	SEC_SOCKET = 1 << 3,	/* .socket units: unitsock.c */
	SEC_TIMER = 1 << 4,	/* .timer units: unittimer.c */
};

/* The state of one unit_load(): the unit being built and where we are. */
struct uctx {
	struct unit *u;
	const struct unit_ctx *ctx;
	struct unit_diag *diag;
	struct spec_src spec;
	const char *file;	/* the file being read, for messages */
	int line;
	const char *key;
	char why[160];		/* a parser's reason for -EINVAL */
	unsigned n_errors;
	/* which keys were given, for defaults settled after parsing */
	bool type_set, timeout_start_set, notify_access_set, stdout_set;
	bool restart_kill_set, std_error_set;
	bool no_default_deps;	/* DefaultDependencies=no */
	const void *warned_section;
	/* where keys that whole-unit checks blame were written */
	struct uwhere {
		const char *file;	/* c->file: lives as long as the unit */
		int line;
	} at_type, at_start2, at_restart, at_service, at_private_pids, at_private_network;
};

struct ukey;
typedef int ukey_fn(struct uctx *c, const struct ukey *k, const char *v);

/* One supported key. */
struct ukey {
	const char *name;
	unsigned sections;	/* SEC_* */
	ukey_fn *fn;
	size_t off;		/* field in struct unit, for generic parsers */
	int arg;
	const void *tbl;
	size_t set_off;		/* a bool "given" flag in struct unit, or 0 */
	bool raw;		/* specifiers expanded by fn itself, per word */
};

/* The field of struct unit a generic parser writes, and its offset. */
#define FIELD(c, k, type) ((type *)((char *)(c)->u + (k)->off))
#define OFF(f) offsetof(struct unit, f)

/* One word of an enumerated value (k->tbl of ukey_enum()), NULL-ended. */
struct name_val {
	const char *name;
	int val;
};

/* unitkeys.c: generic parsers the specific ones build on. */
ukey_fn ukey_string, ukey_enum, ukey_mode, ukey_words;

/* unitexec.c: the keys of a service's processes (exec, resource control). */
ukey_fn unitexec_exec, unitexec_environment, unitexec_envfile, unitexec_workdir,
	unitexec_rlimit, unitexec_caps, unitexec_cpuset, unitexec_dirs, unitexec_dir_mode,
	unitexec_stdio, unitexec_stdio_out, unitexec_user, unitexec_sched_policy,
	unitexec_io_class, unitexec_cpu_quota, unitexec_weight, unitexec_limit,
	unitexec_delegate;
/* Word checks for ukey_words()'s k->tbl: an environment name, a user name. */
bool unitexec_env_name_ok(const char *s);
bool unitexec_user_ok(const char *s);

/*
 * The key in section sec called name into *ret; -ENOENT when tend has
 * none, -EXDEV when it is a key of another section (its SEC_* in *ret).
 */
int ukey_find(unsigned sec, const char *name, struct ukey *ret);

/* Are specifiers in this key's value expanded before its parser runs? */
bool ukey_printf(const struct ukey *k);

/* What tend does with a key it loads (the key guard and README's table). */
enum ukey_disp {
	UKEY_HONOURED,		/* does what systemd.unit/service/exec(5) say */
	UKEY_SKIPPED,		/* warned and skipped: informational, accounting */
	UKEY_SKIPPED_SANDBOX,	/* warned and skipped: the unit runs less confined */
};

/* The i-th key tend loads into name, and *ret; false past the last. */
bool ukey_at(size_t i, char *name, size_t size, enum ukey_disp *ret);

/* Why an unsupported key is skipped: DIAG_SKIP_*, or -1 to refuse. */
int ukey_skip_kind(unsigned sec, const char *name, const char *value);

/* Record a diagnostic "file:line: key: text". */
void uctx_diag(struct uctx *c, enum unit_diag_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Specifier expansion of one word, as cmd_expand_fn. */
int uctx_expand(void *data, const char *in, char **ret);

/* A reason for -EINVAL, kept in c->why. */
int uctx_fail(struct uctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a copy of s to a NULL-terminated list; 0 or -ENOMEM. */
int strv_add(char ***v, const char *s);
void strv_free(char **v);

/* dir/<unit>.wants/ and .requires/ (and its template's) as Wants=/Requires=. */
int unit_add_links(struct unit *u, const char *dir);

/* unitext.c: the keys of struct unit_ext. */
ukey_fn unitext_secure_bits, unitext_dynamic_user, unitext_binds, unitext_load_cred,
	unitext_set_cred, unitext_import_cred, unitext_encrypted;

/* Settle the defaults that depend on other keys and check the whole. */
void unit_verify(struct uctx *c);

/* A unit with systemd's defaults; NULL when out of memory. */
struct unit *unit_new(void);

/* Parse one file's text into c->u (the unit file or one drop-in). */
int uctx_parse_text(struct uctx *c, const char *text, size_t len, const char *file);

#endif
