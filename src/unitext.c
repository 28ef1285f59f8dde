/* SPDX-License-Identifier: MIT */
/*
 * The keys of struct unit_ext: SecureBits=, DynamicUser=, BindPaths=,
 * BindReadOnlyPaths=, LoadCredential=, SetCredential=, ImportCredential=,
 * as systemd.exec(5).  Few units use them, so they live in a struct
 * allocated by the first of them.  Pure.
 */
#include <errno.h>
#include <linux/securebits.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "unitpriv.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

static struct unit_ext *ext(struct uctx *c)
{
	if (!c->u->ext)
		c->u->ext = calloc(1, sizeof(*c->u->ext));
	return c->u->ext;
}

/* Grow a vector of n elements of size sz by one zeroed element; NULL on ENOMEM. */
static void *grow(void **v, size_t *n, size_t sz)
{
	char *p = array_grow(*v, *n, sz);

	if (!p)
		return NULL;
	*v = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}

static const struct {
	const char *name;
	int bit;
} secure_bits[] = {
	{ "noroot", SECBIT_NOROOT },
	{ "noroot-locked", SECBIT_NOROOT_LOCKED },
	{ "no-setuid-fixup", SECBIT_NO_SETUID_FIXUP },
	{ "no-setuid-fixup-locked", SECBIT_NO_SETUID_FIXUP_LOCKED },
	{ "keep-caps", SECBIT_KEEP_CAPS },
	{ "keep-caps-locked", SECBIT_KEEP_CAPS_LOCKED },
};

/* SecureBits=: words that add up; an empty value resets. */
int unitext_secure_bits(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_ext *e = ext(c);
	char *w;
	int r, bits = 0;

	(void)k;
	if (!e)
		return -ENOMEM;
	while ((r = cmd_word(&v, &w, 0)) > 0) {
		size_t i;

		for (i = 0; i < sizeof(secure_bits) / sizeof(secure_bits[0]); i++)
			if (strcmp(w, secure_bits[i].name) == 0)
				break;
		if (i == sizeof(secure_bits) / sizeof(secure_bits[0])) {
			r = uctx_fail(c, "not a secure bit: %s", w);
			free(w);
			return r;
		}
		bits |= secure_bits[i].bit;
		free(w);
	}
	if (r < 0)
		return r == -EINVAL ? uctx_fail(c, "bad quoting") : r;
	e->secure_bits = bits ? e->secure_bits | bits : 0;
	e->secure_bits_set = bits != 0;
	return 0;
}

int unitext_dynamic_user(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_ext *e = ext(c);

	(void)k;
	if (!e)
		return -ENOMEM;
	if (uv_bool(v, &e->dynamic_user) < 0)
		return uctx_fail(c, "not a boolean: %s", v);
	if (!e->dynamic_user)
		return 0;
	/* PrivateTmp= and NoNewPrivileges=, also implied, are applied */
	if (c->ctx->strict || c->ctx->require_sandbox)
		return uctx_fail(c, "implies ProtectSystem=strict, ProtectHome=read-only, "
				 "RestrictSUIDSGID= and RemoveIPC=, which tend does not apply (%s)",
				 c->ctx->strict ? "--strict" : "--require-sandbox");
	uctx_diag(c, DIAG_SKIP_SANDBOX, "implies ProtectSystem=strict, ProtectHome=read-only, "
		  "RestrictSUIDSGID= and RemoveIPC=, which tend does not apply: the unit runs "
		  "less confined than written");
	return 0;
}

static void binds_free(struct unit_ext *e)
{
	for (size_t i = 0; i < e->n_binds; i++) {
		free(e->binds[i].src);
		free(e->binds[i].dst);
	}
	free(e->binds);
	e->binds = NULL;
	e->n_binds = 0;
}

/* One "[-]SRC[:DST[:rbind|norbind]]" into b (its strings malloc'd). */
static int bind_one(struct uctx *c, char *w, struct unit_bind *b)
{
	char *src = w + (*w == '-'), *dst, *opt = NULL;

	b->optional = *w == '-';
	b->recursive = true;	/* systemd's default: rbind */
	dst = strchr(src, ':');
	if (dst) {
		*dst++ = '\0';
		opt = strchr(dst, ':');
		if (opt)
			*opt++ = '\0';
	}
	if (!uv_path_ok(src) || (dst && !uv_path_ok(dst)))
		return uctx_fail(c, "not an absolute path in: %s", w);
	if (opt && strcmp(opt, "norbind") == 0)
		b->recursive = false;
	else if (opt && strcmp(opt, "rbind") != 0)
		return uctx_fail(c, "not rbind or norbind: %s", opt);
	b->src = strdup(src);
	b->dst = strdup(dst ? dst : src);
	return b->src && b->dst ? 0 : -ENOMEM;
}

/* BindPaths=, BindReadOnlyPaths= (k->arg 1): append; empty resets both. */
int unitext_binds(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_ext *e = ext(c);
	struct unit_bind *b;
	char *w;
	int r;

	if (!e)
		return -ENOMEM;
	if (!*v) {
		binds_free(e);
		return 0;
	}
	while ((r = cmd_word(&v, &w, CMD_UNQUOTE)) > 0) {
		b = grow((void **)&e->binds, &e->n_binds, sizeof(*b));
		r = b ? bind_one(c, w, b) : -ENOMEM;
		free(w);
		if (r < 0)
			return r;
		b->read_only = k->arg;
	}
	return r == -EINVAL ? uctx_fail(c, "bad quoting") : r;
}

/* systemd's credential_name_valid(): a file name. */
static bool cred_id_ok(const char *s, size_t n)
{
	return n > 0 && n <= 255 && !memchr(s, '/', n) && !(n == 1 && *s == '.') &&
	       !(n == 2 && s[0] == '.' && s[1] == '.');
}

static void creds_free(struct unit_cred *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].src);
	}
	free(v);
}

/* LoadCredential=ID[:PATH]: PATH absolute, or a name looked up; empty resets. */
int unitext_load_cred(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_ext *e = ext(c);
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	const char *src = colon ? colon + 1 : v;
	struct unit_cred *cr;

	(void)k;
	if (!e)
		return -ENOMEM;
	if (!*v) {
		creds_free(e->load_creds, e->n_load_creds);
		e->load_creds = NULL;
		e->n_load_creds = 0;
		return 0;
	}
	if (!cred_id_ok(v, n))
		return uctx_fail(c, "not a credential name: %.*s", (int)n, v);
	if (!*src || (*src != '/' && !cred_id_ok(src, strlen(src))))
		return uctx_fail(c, "not an absolute path or a credential name: %s", src);
	cr = grow((void **)&e->load_creds, &e->n_load_creds, sizeof(*cr));
	if (!cr)
		return -ENOMEM;
	cr->id = strndup(v, n);
	cr->src = strdup(src);
	return cr->id && cr->src ? 0 : -ENOMEM;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* C escapes of SetCredential= (systemd's cunescape()) into out; its length, or -1. */
static long unescape(const char *in, char *out)
{
	static const char from[] = "abfnrtv\\\"'s", to[] = "\a\b\f\n\r\t\v\\\"' ";
	char *o = out;

	while (*in) {
		const char *m;

		if (*in != '\\') {
			*o++ = *in++;
			continue;
		}
		in++;
		if (*in && (m = strchr(from, *in))) {
			*o++ = to[m - from];
			in++;
		} else if (*in == 'x' && hexval(in[1]) >= 0 && hexval(in[2]) >= 0) {
			*o++ = (char)(hexval(in[1]) << 4 | hexval(in[2]));
			in += 3;
		} else if (in[0] >= '0' && in[0] <= '3' && in[1] >= '0' && in[1] <= '7' &&
			   in[2] >= '0' && in[2] <= '7') {
			*o++ = (char)((in[0] - '0') << 6 | (in[1] - '0') << 3 | (in[2] - '0'));
			in += 3;
		} else {
			return -1;
		}
	}
	return o - out;
}

/* SetCredential=ID:VALUE, C escapes decoded; empty resets. */
int unitext_set_cred(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_ext *e = ext(c);
	const char *colon = strchr(v, ':');
	struct unit_cred *cr;
	long len;

	(void)k;
	if (!e)
		return -ENOMEM;
	if (!*v) {
		creds_free(e->set_creds, e->n_set_creds);
		e->set_creds = NULL;
		e->n_set_creds = 0;
		return 0;
	}
	if (!colon || !cred_id_ok(v, (size_t)(colon - v)))
		return uctx_fail(c, "not ID:VALUE with a credential name: %s", v);
	cr = grow((void **)&e->set_creds, &e->n_set_creds, sizeof(*cr));
	if (!cr)
		return -ENOMEM;
	cr->id = strndup(v, (size_t)(colon - v));
	cr->src = malloc(strlen(colon + 1) + 1);
	if (!cr->id || !cr->src)
		return -ENOMEM;
	len = unescape(colon + 1, cr->src);
	if (len < 0)
		return uctx_fail(c, "bad escape in: %s", colon + 1);
	cr->size = (size_t)len;
	return 0;
}

/* ImportCredential=GLOB: append; empty resets. */
int unitext_import_cred(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_ext *e = ext(c);

	(void)k;
	if (!e)
		return -ENOMEM;
	if (!*v) {
		strv_free(e->import_creds);
		e->import_creds = NULL;
		return 0;
	}
	if (strchr(v, '/') || strlen(v) > 255)
		return uctx_fail(c, "not a credential name or glob: %s", v);
	return strv_add(&e->import_creds, v);
}

/* LoadCredentialEncrypted=, SetCredentialEncrypted=: refused with the way out. */
int unitext_encrypted(struct uctx *c, const struct ukey *k, const char *v)
{
	(void)v;
	return uctx_fail(c, "%s= is not supported: tend has no TPM2 or host key to decrypt "
			 "credentials; pass the plain secret with %s=", k->name,
			 strncmp(k->name, "Set", 3) == 0 ? "SetCredential" : "LoadCredential");
}

void unit_ext_free(struct unit_ext *e)
{
	if (!e)
		return;
	binds_free(e);
	creds_free(e->load_creds, e->n_load_creds);
	creds_free(e->set_creds, e->n_set_creds);
	strv_free(e->import_creds);
	free(e);
}
