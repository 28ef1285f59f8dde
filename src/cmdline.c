/* SPDX-License-Identifier: MIT */
/*
 * Command lines split the way systemd.service(5) "Command lines" says:
 * whitespace-separated words, "..." and '...' quoting (also mid-word),
 * C escapes, a lone ';' between commands and "\;" for a literal ';'.
 * $VAR and ${VAR} stay in the words; they are expanded at start time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "unit.h"
#include "util.h"
#include "nofail.h"

#define WHITESPACE " \t\n\r"

/* Encode code point u as UTF-8 into out; returns the length. */
static size_t utf8_put(char *out, unsigned long u)
{
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (char)(0xc0 | (u >> 6));
		out[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		out[0] = (char)(0xe0 | (u >> 12));
		out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		out[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (u >> 18));
	out[1] = (char)(0x80 | ((u >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((u >> 6) & 0x3f));
	out[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

/*
 * Decode the escape whose letter is at p (after the backslash) into out.
 * Returns the number of input bytes used, or -EINVAL; *ret_len the output.
 */
static int unescape_one(const char *p, char *out, size_t *ret_len)
{
	static const char from[] = "abfnrtv\\\"'s", to[] = "\a\b\f\n\r\t\v\\\"' ";
	const char *c = *p ? strchr(from, *p) : NULL;
	unsigned long u = 0;
	int i, n, v;

	if (c) {
		out[0] = to[c - from];
		*ret_len = 1;
		return 1;
	}
	if (*p == 'x' || *p == 'u' || *p == 'U') {
		n = *p == 'x' ? 2 : *p == 'u' ? 4 : 8;
		for (i = 1; i <= n; i++) {
			v = hex_value(p[i]);
			if (v < 0)
				return -EINVAL;
			u = u << 4 | (unsigned long)v;
		}
		if (u == 0 || u > 0x10ffff)
			return -EINVAL;
		if (*p == 'x') {
			out[0] = (char)u;
			*ret_len = 1;
		} else {
			*ret_len = utf8_put(out, u);
		}
		return n + 1;
	}
	if (*p >= '0' && *p <= '7') {
		for (i = 0; i < 3; i++) {
			if (p[i] < '0' || p[i] > '7')
				return -EINVAL;
			u = u << 3 | (unsigned long)(p[i] - '0');
		}
		if (u == 0 || u > 255)
			return -EINVAL;
		out[0] = (char)u;
		*ret_len = 1;
		return 3;
	}
	return -EINVAL;
}

/* The backslash at *s: decode or keep it; advances *s past the escape. */
static int take_escape(const char **s, char *out, size_t *len, unsigned flags)
{
	const char *p = *s + 1;
	size_t n;
	int r;

	if (!*p) {
		if (!(flags & CMD_RELAX))
			return -EINVAL;
		out[(*len)++] = '\\';
		*s = p;
		return 0;
	}
	if (flags & CMD_CUNESCAPE) {
		r = unescape_one(p, out + *len, &n);
		if (r < 0) {
			if (!(flags & CMD_RELAX))
				return -EINVAL;
			out[(*len)++] = '\\';
			out[(*len)++] = *p;
			*s = p + 1;
			return 0;
		}
		*len += n;
		*s = p + r;
		return 0;
	}
	if (flags & CMD_RETAIN_ESCAPE)
		out[(*len)++] = '\\';
	out[(*len)++] = *p;
	*s = p + 1;
	return 0;
}

int cmd_word(const char **p, char **ret, unsigned flags)
{
	const char *s = *p;
	char quote = 0, *out;
	size_t len = 0;
	int r;

	s += strspn(s, WHITESPACE);
	if (!*s) {
		*p = s;
		return 0;
	}
	/* decoding never makes a word longer, except \u: 6 bytes give 3 */
	out = malloc(strlen(s) * 2 + 2);
	if (!out)
		return -ENOMEM;
	for (;;) {
		if (!*s) {
			if (quote) {
				free(out);
				return -EINVAL;
			}
			break;
		}
		if (*s == '\\') {
			r = take_escape(&s, out, &len, flags);
			if (r < 0) {
				free(out);
				return r;
			}
			continue;
		}
		if (quote) {
			if (*s == quote)
				quote = 0;
			else
				out[len++] = *s;
		} else if ((flags & CMD_UNQUOTE) && (*s == '"' || *s == '\'')) {
			quote = *s;
		} else if (strchr(WHITESPACE, *s)) {
			break;
		} else {
			out[len++] = *s;
		}
		s++;
	}
	out[len] = '\0';
	*p = s + strspn(s, WHITESPACE);
	*ret = out;
	return 1;
}

int cmd_word_relaxed(const char **p, char **ret, unsigned flags, bool *ret_relaxed)
{
	const char *save = *p;
	int r;

	r = cmd_word(p, ret, flags);
	if (r != -EINVAL || (flags & CMD_RELAX))
		return r;
	*p = save;
	r = cmd_word(p, ret, flags | CMD_RELAX);
	if (r >= 0 && ret_relaxed)
		*ret_relaxed = true;
	return r;
}

static int strv_push(char ***v, size_t *n, char *s)
{
	char **nv = realloc(*v, (*n + 2) * sizeof(char *));

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

static void strv_free_n(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The '-' '@' '+' '!' '!!' ':' prefixes at the start of the first word. */
static const char *exec_prefixes(const char *f, unsigned *flags)
{
	for (;; f++) {
		if (*f == '-' && !(*flags & UNIT_CMD_IGNORE_FAILURE))
			*flags |= UNIT_CMD_IGNORE_FAILURE;
		else if (*f == '@' && !(*flags & UNIT_CMD_ARGV0))
			*flags |= UNIT_CMD_ARGV0;
		else if (*f == ':' && !(*flags & UNIT_CMD_NO_ENV_EXPAND))
			*flags |= UNIT_CMD_NO_ENV_EXPAND;
		else if (*f == '+' && !(*flags & (UNIT_CMD_FULL_PRIVILEGES | UNIT_CMD_NO_SETUID |
						  UNIT_CMD_AMBIENT)))
			*flags |= UNIT_CMD_FULL_PRIVILEGES;
		else if (*f == '!' && !(*flags & (UNIT_CMD_FULL_PRIVILEGES | UNIT_CMD_AMBIENT))) {
			if (*flags & UNIT_CMD_NO_SETUID)
				*flags = (*flags & ~(unsigned)UNIT_CMD_NO_SETUID) | UNIT_CMD_AMBIENT;
			else
				*flags |= UNIT_CMD_NO_SETUID;
		} else
			return f;
	}
}

/* Is the executable path acceptable: absolute, or a plain file name? */
static const char *bad_path(const char *path)
{
	if (!*path)
		return "empty executable path";
	if (path[strlen(path) - 1] == '/')
		return "executable path specifies a directory";
	if (path[0] != '/' && strchr(path, '/'))
		return "executable path is neither absolute nor a plain file name";
	if (strcmp(path, ".") == 0 || strcmp(path, "..") == 0)
		return "executable path is not a file name";
	return NULL;
}

/* Add one expanded word to argv. */
static int push_expanded(char ***argv, size_t *argc, const char *word, cmd_expand_fn *expand,
			 void *data)
{
	char *x;
	int r;

	r = expand(data, word, &x);
	if (r < 0)
		return r;
	r = strv_push(argv, argc, x);
	if (r < 0)
		free(x);
	return r;
}

/* The arguments after the path, up to the end or a lone ';'. */
static int parse_args(const char **p, struct unit_cmd *c, size_t *argc, cmd_expand_fn *expand,
		      void *data, bool *ret_semicolon, bool *ret_relaxed)
{
	const char *s = *p;
	char *word;
	int r;

	while (*s) {
		if (s[0] == ';' && (!s[1] || strchr(WHITESPACE, s[1]))) {
			s++;
			*ret_semicolon = true;
			break;
		}
		if (s[0] == '\\' && s[1] == ';' && (!s[2] || strchr(WHITESPACE, s[2]))) {
			s += 2;
			s += strspn(s, WHITESPACE);
			r = push_expanded(&c->argv, argc, ";", expand, data);
			if (r < 0)
				return r;
			continue;
		}
		r = cmd_word_relaxed(&s, &word, CMD_UNQUOTE | CMD_CUNESCAPE, ret_relaxed);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		r = push_expanded(&c->argv, argc, word, expand, data);
		free(word);
		if (r < 0)
			return r;
	}
	*p = s + strspn(s, WHITESPACE);
	return 0;
}

/* One command of an Exec*= value: 1 and *c, 0 when there is none. */
static int parse_one(const char **p, cmd_expand_fn *expand, void *data, struct unit_cmd *c,
		     bool *ret_semicolon, bool *ret_relaxed, const char **ret_why)
{
	char *first;
	const char *f, *why;
	size_t argc = 0;
	int r;

	memset(c, 0, sizeof(*c));
	*ret_why = "bad quoting or escape";
	r = cmd_word_relaxed(p, &first, CMD_UNQUOTE | CMD_CUNESCAPE, ret_relaxed);
	if (r <= 0)
		return r;
	f = exec_prefixes(first, &c->flags);
	r = expand(data, f, &c->path);
	free(first);
	if (r < 0) {
		*ret_why = "bad specifier";
		return r;
	}
	why = bad_path(c->path);
	if (why) {
		*ret_why = why;
		r = -EINVAL;
		goto out_free;
	}
	if (!(c->flags & UNIT_CMD_ARGV0)) {
		first = strdup(c->path);
		r = first ? strv_push(&c->argv, &argc, first) : -ENOMEM;
		if (r < 0) {
			free(first);
			goto out_free;
		}
	}
	r = parse_args(p, c, &argc, expand, data, ret_semicolon, ret_relaxed);
	if (r < 0)
		goto out_free;
	if (argc == 0) {
		*ret_why = "empty executable name or zeroeth argument";
		r = -EINVAL;
		goto out_free;
	}
	return 1;
out_free:
	free(c->path);
	strv_free_n(c->argv, argc);
	memset(c, 0, sizeof(*c));
	return r;
}

int cmd_parse_exec(const char *value, cmd_expand_fn *expand, void *data, int line,
		   struct unit_cmds *cmds, bool *ret_relaxed, char *why, size_t whylen)
{
	struct unit_cmd c, *nv;
	const char *p = value, *reason;
	size_t old_n = cmds->n;
	bool semicolon;
	int r;

	do {
		semicolon = false;
		r = parse_one(&p, expand, data, &c, &semicolon, ret_relaxed, &reason);
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		c.line = line;
		nv = array_grow(cmds->v, cmds->n, sizeof(*nv));
		if (!nv) {
			free(c.path);
			for (char **a = c.argv; a && *a; a++)
				free(*a);
			free(c.argv);
			r = -ENOMEM;
			reason = "out of memory";
			goto fail;
		}
		cmds->v = nv;
		cmds->v[cmds->n++] = c;
	} while (semicolon);
	return 0;
fail:
	snprintf(why, whylen, "%s", r == -ENOMEM ? "out of memory" : reason);
	while (cmds->n > old_n) {
		struct unit_cmd *d = &cmds->v[--cmds->n];

		free(d->path);
		for (char **a = d->argv; a && *a; a++)
			free(*a);
		free(d->argv);
	}
	return r;
}

void cmd_free(struct unit_cmds *cmds)
{
	size_t i;
	char **a;

	for (i = 0; i < cmds->n; i++) {
		free(cmds->v[i].path);
		for (a = cmds->v[i].argv; a && *a; a++)
			free(*a);
		free(cmds->v[i].argv);
	}
	free(cmds->v);
	cmds->v = NULL;
	cmds->n = 0;
}
