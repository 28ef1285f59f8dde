/* SPDX-License-Identifier: MIT */
/*
 * The line reader in front of inih.  Debian's libinih cuts lines at 200
 * bytes, strips inline ';' comments, knows no '\' continuations and gives
 * no line numbers; systemd's syntax needs all four.  So this file owns the
 * text: it cuts logical lines itself and feeds inih placeholders that name
 * them, and the handler maps each placeholder back to the real line.
 */
#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "unitread.h"
#include "nofail.h"

#define WHITESPACE " \t\n\r"

static char *strip(char *s)
{
	char *e;

	s += strspn(s, WHITESPACE);
	e = s + strlen(s);
	while (e > s && strchr(WHITESPACE, e[-1]))
		*--e = '\0';
	return s;
}

static struct uline *add_line(struct ureader *r, enum uline_kind kind, int line)
{
	struct uline *nv, *l;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;

		nv = realloc(r->v, cap * sizeof(*nv));
		if (!nv)
			return NULL;
		r->v = nv;
		r->cap = cap;
	}
	l = &r->v[r->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->line = line;
	return l;
}

static int add_bad(struct ureader *r, int line, const char *why, const char *text)
{
	struct uline *l = add_line(r, UL_BAD, line);

	if (!l)
		return -ENOMEM;
	l->why = why;
	l->key = strndup(text, 64);
	return l->key ? 0 : -ENOMEM;
}

/* One logical line, whitespace and all: a section, an assignment or junk. */
static int add_logical(struct ureader *r, char *text, int line)
{
	struct uline *l;
	char *s = strip(text), *eq;
	size_t n = strlen(s);

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		if (s[n - 1] != ']' || n < 3)
			return add_bad(r, line, "invalid section header", s);
		l = add_line(r, UL_SECTION, line);
		if (!l)
			return -ENOMEM;
		l->key = strndup(s + 1, n - 2);
		return l->key ? 0 : -ENOMEM;
	}
	eq = strchr(s, '=');
	if (!eq)
		return add_bad(r, line, "missing '='", s);
	*eq = '\0';
	if (!*strip(s))
		return add_bad(r, line, "missing key name", eq + 1);
	l = add_line(r, UL_ASSIGN, line);
	if (!l)
		return -ENOMEM;
	l->key = strdup(strip(s));
	l->value = strdup(strip(eq + 1));
	return l->key && l->value ? 0 : -ENOMEM;
}

/* Does the line end in a backslash that is not itself escaped? */
static bool continues(const char *s, size_t n)
{
	bool escaped = false;
	size_t i;

	for (i = 0; i < n; i++)
		escaped = !escaped && s[i] == '\\';
	return escaped;
}

/* The joined logical line being built. */
struct joined {
	char *s;
	size_t len, cap;
	int first;		/* its first physical line, 0 when none */
	bool too_long;
};

static int join(struct joined *j, const char *s, size_t n)
{
	char *ns;

	if (j->too_long || j->len + n >= UNIT_LINE_MAX) {
		j->too_long = true;
		return 0;
	}
	if (j->len + n + 1 > j->cap) {
		size_t cap = (j->len + n + 1) * 2;

		ns = realloc(j->s, cap);
		if (!ns)
			return -ENOMEM;
		j->s = ns;
		j->cap = cap;
	}
	memcpy(j->s + j->len, s, n);
	j->len += n;
	j->s[j->len] = '\0';
	return 0;
}

/* End the logical line in j and record it. */
static int flush(struct ureader *r, struct joined *j)
{
	int ret = 0;

	if (!j->first)
		return 0;
	if (j->too_long)
		ret = add_bad(r, j->first, "line too long", j->s ? j->s : "");
	else if (j->s)
		ret = add_logical(r, j->s, j->first);
	j->len = 0;
	j->first = 0;
	j->too_long = false;
	if (j->s)
		j->s[0] = '\0';
	return ret;
}

/* Length of the physical line at s and of its terminator. */
static size_t physical(const char *s, size_t left, size_t *ret_eol)
{
	size_t n = 0;

	while (n < left && s[n] != '\n' && s[n] != '\r' && s[n] != '\0')
		n++;
	*ret_eol = 0;
	if (n < left) {
		*ret_eol = 1;
		if (s[n] == '\r' && n + 1 < left && s[n + 1] == '\n')
			*ret_eol = 2;
	}
	return n;
}

/* Feed one physical line into j; flushes j when the line ends it. */
static int take_physical(struct ureader *r, struct joined *j, const char *s, size_t n, int line)
{
	const char *t = s;
	int ret;

	if (j->first) {
		/* comments between continued lines are dropped */
		while (t < s + n && strchr(" \t", *t))
			t++;
		if (t < s + n && (*t == '#' || *t == ';'))
			return 0;
	} else {
		j->first = line;
	}
	ret = join(j, s, n);
	if (ret < 0)
		return ret;
	if (!j->too_long && continues(j->s, j->len)) {
		j->s[j->len - 1] = ' ';
		return 0;
	}
	if (j->too_long && n && continues(s, n))
		return 0;
	return flush(r, j);
}

int uread_split(struct ureader *r, const char *buf, size_t len)
{
	struct joined j = { 0 };
	size_t pos = 0, n, eol;
	int line = 0, ret = 0;

	memset(r, 0, sizeof(*r));
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		n = physical(buf + pos, len - pos, &eol);
		ret = take_physical(r, &j, buf + pos, n, ++line);
		if (ret < 0)
			break;
		pos += n + eol;
	}
	if (ret == 0)
		ret = flush(r, &j);
	free(j.s);
	return ret;
}

/* inih's fgets(): the next placeholder line, NULL at the end. */
static char *feed(char *str, int num, void *stream)
{
	struct ureader *r = stream;
	const struct uline *l;

	if (r->next >= r->n)
		return NULL;
	l = &r->v[r->next];
	if (l->kind == UL_SECTION)
		snprintf(str, (size_t)num, "[s%zu]\n", r->next);
	else
		snprintf(str, (size_t)num, "k%zu=v\n", r->next);
	r->next++;
	return str;
}

struct feed_ctx {
	struct ureader *r;
	uread_fn *fn;
	void *data;
};

/* Placeholder "s12" or "k12" back to the index 12; -1 when it is not. */
static long index_of(const char *s, char tag, size_t n)
{
	char *end;
	long i;

	if (!s || s[0] != tag || !s[1])
		return -1;
	i = strtol(s + 1, &end, 10);
	return *end || i < 0 || (size_t)i >= n ? -1 : i;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct feed_ctx *f = user;
	long si = index_of(section, 's', f->r->n), ki = index_of(name, 'k', f->r->n);

	(void)value;
	if (ki < 0)
		return 1;	/* a new-section call, or not ours */
	f->fn(f->data, si < 0 ? NULL : &f->r->v[si], &f->r->v[ki]);
	return 1;
}

int uread_parse(struct ureader *r, uread_fn *fn, void *data)
{
	struct feed_ctx f = { .r = r, .fn = fn, .data = data };
	int ret;

	r->next = 0;
	ret = ini_parse_stream(feed, r, handler, &f);
	return ret == -2 ? -ENOMEM : 0;
}

void uread_free(struct ureader *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].key);
		free(r->v[i].value);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}
