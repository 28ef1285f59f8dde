/* SPDX-License-Identifier: MIT */
#ifndef TEND_ENV_H
#define TEND_ENV_H

#include <stdbool.h>
#include <stddef.h>

/* The fixed PATH services get and bare Exec names are looked up in. */
#define ENV_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* A growable "K=V" list; later assignments of a key replace earlier ones. */
struct env {
	char **v;		/* NULL-terminated */
	size_t n, cap;
};

void env_init(struct env *e);
void env_free(struct env *e);
/* Set "K=V" (kv must contain '='); 0 or -ENOMEM / -EINVAL. */
int env_put(struct env *e, const char *kv);
int env_set(struct env *e, const char *key, const char *val);
/* "K" removes K; "K=V" removes K only where its value is V (systemd). */
void env_unset(struct env *e, const char *spec);
const char *env_get(const struct env *e, const char *key);
/* Append a copy of w as a plain list item (argv building); 0 or -ENOMEM. */
int env_push_word(struct env *e, const char *w);

/*
 * Pure: parse an EnvironmentFile's text (KEY=VALUE lines, # and ; comments,
 * single/double quotes, backslash continuations, "export " allowed).  Returns
 * 0, or -EINVAL with the offending 1-based line in *ret_line.
 */
int env_parse_file_text(struct env *e, const char *text, int *ret_line);

/*
 * Pure: expand one Exec word at start time.  A word that is exactly $VAR
 * splits its value on whitespace into several words; ${VAR} and $VAR inside
 * a word substitute; $$ is a literal $.  Unset variables are empty (and an
 * unset whole-word $VAR gives no word at all).  Appends to out (a NULL-
 * terminated list built with env_put-like growth in struct env's storage).
 */
int env_expand_word(const struct env *e, const char *word, struct env *out);

#endif
