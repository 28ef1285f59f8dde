/* SPDX-License-Identifier: MIT */
/*
 * Service environments, built in the parent at start time: a growable
 * "K=V" list, EnvironmentFile= parsing and Exec word expansion with
 * systemd's rules.  Pure, tested in tests/unit/test_env.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "nofail.h"

void env_init(struct env *e)
{
	e->v = NULL;
	e->n = e->cap = 0;
}

void env_free(struct env *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	env_init(e);
}

static size_t keylen(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq ? (size_t)(eq - kv) : strlen(kv);
}

static int find(const struct env *e, const char *key, size_t klen)
{
	for (size_t i = 0; i < e->n; i++)
		if (keylen(e->v[i]) == klen && strncmp(e->v[i], key, klen) == 0)
			return (int)i;
	return -1;
}

/* Append an owned string; the list stays NULL-terminated. */
static int push(struct env *e, char *s)
{
	if (e->n + 1 >= e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		char **v = realloc(e->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n++] = s;
	e->v[e->n] = NULL;
	return 0;
}

int env_push_word(struct env *e, const char *w)
{
	char *dup = strdup(w);

	if (!dup || push(e, dup) < 0) {
		free(dup);
		return -ENOMEM;
	}
	return 0;
}

int env_put(struct env *e, const char *kv)
{
	size_t klen = keylen(kv);
	char *dup;
	int i;

	if (klen == 0 || kv[klen] != '=')
		return -EINVAL;
	dup = strdup(kv);
	if (!dup)
		return -ENOMEM;
	i = find(e, kv, klen);
	if (i >= 0) {
		free(e->v[i]);
		e->v[i] = dup;
		return 0;
	}
	if (push(e, dup) < 0) {
		free(dup);
		return -ENOMEM;
	}
	return 0;
}

int env_set(struct env *e, const char *key, const char *val)
{
	size_t k = strlen(key), v = strlen(val);
	char *kv = malloc(k + v + 2);
	int r;

	if (!kv)
		return -ENOMEM;
	memcpy(kv, key, k);
	kv[k] = '=';
	memcpy(kv + k + 1, val, v + 1);
	r = env_put(e, kv);
	free(kv);
	return r;
}

void env_unset(struct env *e, const char *spec)
{
	size_t klen = keylen(spec);
	int i = find(e, spec, klen);

	if (i < 0)
		return;
	if (spec[klen] == '=' && strcmp(e->v[i], spec) != 0)
		return;
	free(e->v[i]);
	memmove(e->v + i, e->v + i + 1, (e->n - (size_t)i) * sizeof(*e->v));
	e->n--;
}

const char *env_get(const struct env *e, const char *key)
{
	int i = find(e, key, strlen(key));

	return i < 0 ? NULL : e->v[i] + strlen(key) + 1;
}

/* A growing byte buffer for parsing. */
struct buf {
	char *p;
	size_t n, cap;
};

static int buf_add(struct buf *b, char c)
{
	if (b->n + 1 >= b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		char *p = realloc(b->p, cap);

		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
	return 0;
}

static int buf_adds(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf_add(b, s[i]) < 0)
			return -ENOMEM;
	return 0;
}

static bool valid_key(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* Parse one value from *pp up to the end of its logical line. */
static int parse_value(const char **pp, int *line, struct buf *b)
{
	const char *p = *pp;
	char q = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	for (; *p; p++) {
		if (q) {
			if (*p == q) {
				q = 0;
				continue;
			}
			if (*p == '\\' && q == '"' && p[1] && strchr("\"\\`$", p[1]))
				p++;
			else if (*p == '\n')
				(*line)++;
			if (buf_add(b, *p) < 0)
				return -ENOMEM;
			continue;
		}
		if (*p == '\n')
			break;
		if (*p == '"' || *p == '\'') {
			q = *p;
			continue;
		}
		if (*p == '\\' && p[1] == '\n') {	/* continuation */
			p++;
			(*line)++;
			continue;
		}
		if (*p == '\\' && p[1])
			p++;
		if (buf_add(b, *p) < 0)
			return -ENOMEM;
	}
	if (q)
		return -EINVAL;	/* unterminated quote */
	/* trailing whitespace of an unquoted tail is not part of the value */
	while (b->n && (b->p[b->n - 1] == ' ' || b->p[b->n - 1] == '\t'))
		b->p[--b->n] = '\0';
	*pp = p;
	return 0;
}

int env_parse_file_text(struct env *e, const char *text, int *ret_line)
{
	const char *p = text;
	int line = 1, r = 0;
	struct buf b = { 0 };

	while (*p) {
		const char *key, *eq;
		int start = line;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '#' || *p == ';' || *p == '\n' || !*p) {
			p = strchrnul(p, '\n');
			goto next;
		}
		if (strncmp(p, "export ", 7) == 0)
			p += 7;
		key = p;
		eq = strchr(p, '=');
		if (!eq || memchr(p, '\n', (size_t)(eq - p)))
			goto bad;
		{
			size_t klen = (size_t)(eq - key);

			while (klen && (key[klen - 1] == ' ' || key[klen - 1] == '\t'))
				klen--;
			if (!valid_key(key, klen))
				goto bad;
			b.n = 0;
			if (buf_adds(&b, key, klen) < 0 || buf_add(&b, '=') < 0)
				goto nomem;
		}
		p = eq + 1;
		r = parse_value(&p, &line, &b);
		if (r == -EINVAL) {
			line = start;
			goto bad;
		}
		if (r < 0 || env_put(e, b.p) < 0)
			goto nomem;
next:
		if (*p == '\n') {
			p++;
			line++;
		}
	}
	free(b.p);
	return 0;
bad:
	free(b.p);
	if (ret_line)
		*ret_line = line;
	return -EINVAL;
nomem:
	free(b.p);
	return -ENOMEM;
}

/* Length of a variable name at s (letters, digits, underscore). */
static size_t name_len(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

static int split_into(struct env *out, const char *val)
{
	const char *p = val;

	while (*p) {
		size_t n;
		char *w;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (n = 0; p[n] && !isspace((unsigned char)p[n]); n++)
			;
		w = strndup(p, n);
		if (!w || push(out, w) < 0) {
			free(w);
			return -ENOMEM;
		}
		p += n;
	}
	return 0;
}

static const char *lookup(const struct env *e, const char *name, size_t n)
{
	int i = find(e, name, n);

	return i < 0 ? NULL : e->v[i] + n + 1;
}

int env_expand_word(const struct env *e, const char *word, struct env *out)
{
	struct buf b = { 0 };
	const char *p;
	char *w;

	/* a whole word "$VAR": split the value into words */
	if (word[0] == '$' && word[1] != '{' && word[1] != '$' && name_len(word + 1) &&
	    word[1 + name_len(word + 1)] == '\0') {
		const char *v = lookup(e, word + 1, name_len(word + 1));

		return v ? split_into(out, v) : 0;
	}
	if (buf_add(&b, '\0') < 0)
		return -ENOMEM;
	b.n = 0;
	for (p = word; *p; p++) {
		const char *name = NULL, *v;
		size_t n = 0;

		if (p[0] == '$' && p[1] == '$') {
			p++;
		} else if (p[0] == '$' && p[1] == '{' && strchr(p + 2, '}')) {
			name = p + 2;
			n = (size_t)(strchr(p + 2, '}') - name);
			p = name + n;
		} else if (p[0] == '$' && name_len(p + 1)) {
			name = p + 1;
			n = name_len(name);
			p = name + n - 1;
		}
		if (name) {
			v = lookup(e, name, n);
			if (v && buf_adds(&b, v, strlen(v)) < 0)
				goto nomem;
			continue;
		}
		if (buf_add(&b, *p) < 0)
			goto nomem;
	}
	w = b.p;
	if (push(out, w) < 0)
		goto nomem;
	return 0;
nomem:
	free(b.p);
	return -ENOMEM;
}
