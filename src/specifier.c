/* SPDX-License-Identifier: MIT */
/* Unit specifiers (systemd.unit(5) "Specifiers"): pure string expansion. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "specifier.h"
#include "unit.h"
#include "util.h"
#include "nofail.h"

/* A growing output string. */
struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	char *ns;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s ? s : "", s ? strlen(s) : 0);
}

/* Append the unescaped form of s[0..n): '-' is '/', \xNN a byte. */
static void put_unescaped(struct buf *b, const char *s, size_t n)
{
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		if (s[i] == '-') {
			c = '/';
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
			   hex_value(s[i + 2]) >= 0 && hex_value(s[i + 3]) >= 0) {
			c = (char)(hex_value(s[i + 2]) << 4 | hex_value(s[i + 3]));
			i += 3;
		} else {
			c = s[i];
		}
		put(b, &c, 1);
	}
}

/* %f: "/" + the unescaped instance (or prefix), "/" alone for "-". */
static void put_path(struct buf *b, const char *s, size_t n)
{
	if (n == 1 && s[0] == '-') {
		put(b, "/", 1);
		return;
	}
	if (!n || s[0] != '-')
		put(b, "/", 1);
	put_unescaped(b, s, n);
}

/* The parts of a unit name. */
struct parts {
	const char *name;
	size_t stem;		/* name without ".service" */
	size_t prefix;		/* up to '@' or the stem */
	const char *inst;	/* after '@', NULL when none */
	size_t inst_len;
};

static void split_name(const char *name, struct parts *p)
{
	const char *dot = strrchr(name, '.'), *at = strchr(name, '@');

	p->name = name;
	p->stem = dot ? (size_t)(dot - name) : strlen(name);
	p->inst = NULL;
	p->inst_len = 0;
	if (at && (size_t)(at - name) < p->stem) {
		p->prefix = (size_t)(at - name);
		p->inst = at + 1;
		p->inst_len = p->stem - p->prefix - 1;
	} else {
		p->prefix = p->stem;
	}
}

/* Specifiers that come from the unit's name; false if c is not one. */
static bool put_name_spec(struct buf *b, char c, const struct parts *p)
{
	const char *dash;
	size_t off;

	switch (c) {
	case 'n': puts_(b, p->name); return true;
	case 'N': put(b, p->name, p->stem); return true;
	case 'p': put(b, p->name, p->prefix); return true;
	case 'P': put_unescaped(b, p->name, p->prefix); return true;
	case 'i': put(b, p->inst ? p->inst : "", p->inst_len); return true;
	case 'I': put_unescaped(b, p->inst ? p->inst : "", p->inst_len); return true;
	case 'f':
		if (p->inst)
			put_path(b, p->inst, p->inst_len);
		else
			put_path(b, p->name, p->prefix);
		return true;
	case 'j':
	case 'J':
		dash = memrchr(p->name, '-', p->prefix);
		off = dash ? (size_t)(dash - p->name) + 1 : 0;
		if (c == 'j')
			put(b, p->name + off, p->prefix - off);
		else
			put_unescaped(b, p->name + off, p->prefix - off);
		return true;
	}
	return false;
}

static const char *or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* Specifiers that come from the host; false if c is not one. */
static bool put_host_spec(struct buf *b, char c, const struct unit_ctx *x)
{
	char num[24];
	const char *dot;

	switch (c) {
	case 't': puts_(b, or(x->runtime_dir, "/run")); return true;
	case 'S': puts_(b, or(x->state_dir, "/var/lib")); return true;
	case 'C': puts_(b, or(x->cache_dir, "/var/cache")); return true;
	case 'L': puts_(b, or(x->logs_dir, "/var/log")); return true;
	case 'E': puts_(b, or(x->config_dir, "/etc")); return true;
	case 'T': puts_(b, "/tmp"); return true;
	case 'V': puts_(b, "/var/tmp"); return true;
	case 'h': puts_(b, or(x->home, "/root")); return true;
	case 's': puts_(b, or(x->shell, "/bin/sh")); return true;
	case 'u': puts_(b, or(x->user_name, "root")); return true;
	case 'g': puts_(b, or(x->group_name, "root")); return true;
	case 'U':
	case 'G':
		snprintf(num, sizeof(num), "%u", c == 'U' ? (unsigned)x->uid : (unsigned)x->gid);
		puts_(b, num);
		return true;
	case 'H': puts_(b, x->hostname); return true;
	case 'l':
		dot = x->hostname ? strchr(x->hostname, '.') : NULL;
		if (dot)
			put(b, x->hostname, (size_t)(dot - x->hostname));
		else
			puts_(b, x->hostname);
		return true;
	case 'q': puts_(b, or(x->pretty_hostname, x->hostname)); return true;
	case 'm': puts_(b, x->machine_id); return true;
	case 'b': puts_(b, x->boot_id); return true;
	case 'v': puts_(b, x->kernel_release); return true;
	case 'a': puts_(b, x->architecture); return true;
	case 'o': puts_(b, x->os_id); return true;
	case 'w': puts_(b, x->os_version_id); return true;
	case 'B': puts_(b, x->os_build_id); return true;
	case 'W': puts_(b, x->os_variant_id); return true;
	}
	return false;
}

int spec_expand(const char *s, const struct spec_src *src, char **ret, char *ret_bad)
{
	static const struct unit_ctx none;
	const struct unit_ctx *x = src->ctx ? src->ctx : &none;
	struct buf b = { 0 };
	struct parts p;
	const char *pct, *slash;

	split_name(src->name ? src->name : "", &p);
	for (;;) {
		pct = strchr(s, '%');
		if (!pct) {
			puts_(&b, s);
			break;
		}
		put(&b, s, (size_t)(pct - s));
		s = pct + 2;
		if (pct[1] == '%') {
			put(&b, "%", 1);
		} else if (pct[1] == 'y' || pct[1] == 'Y') {
			slash = src->path ? strrchr(src->path, '/') : NULL;
			if (pct[1] == 'y')
				puts_(&b, src->path);
			else if (slash)
				put(&b, src->path, slash == src->path ? 1 : (size_t)(slash - src->path));
		} else if (!pct[1] || (!put_name_spec(&b, pct[1], &p) &&
				       !put_host_spec(&b, pct[1], x))) {
			*ret_bad = pct[1];
			free(b.s);
			return -EBADMSG;
		}
	}
	if (b.oom) {
		free(b.s);
		return -ENOMEM;
	}
	*ret = b.s;
	return 0;
}
