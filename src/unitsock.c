/* SPDX-License-Identifier: MIT */
/*
 * The [Socket] section of .socket units: its keys and checks.  Kept apart
 * from unitkeys.c's table (ukey_find() asks here for SEC_SOCKET) so that
 * the unit types do not grow the service table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "unitpriv.h"
#include "unitsock.h"
#include "unitval.h"
#include "util.h"
#include "nofail.h"

static struct unit_socket *sock(struct uctx *c)
{
	struct unit_socket *s = c->u->socket;

	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->socket_mode = 0666;
	s->directory_mode = 0755;
	s->backlog = SOMAXCONN;
	s->ipv6_only = -1;
	s->max_connections = 64;
	c->u->socket = s;
	return s;
}

#define SOCK(c) ({ struct unit_socket *_s = sock(c); if (!_s) return -ENOMEM; _s; })

/* Values with specifiers (%t, %i ...): parse the expansion. */
static int expanded(struct uctx *c, const struct ukey *k, const char *v, ukey_fn *fn)
{
	char *x = NULL;
	int r = uctx_expand(c, v, &x);

	if (r == 0)
		r = fn(c, k, x);
	free(x);
	return r;
}

static int p_listen(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	struct sockspec *n;

	if (!*v) {	/* an empty value resets the list, as in systemd */
		free(s->listen);
		s->listen = NULL;
		s->n_listen = 0;
		return 0;
	}
	n = array_grow(s->listen, s->n_listen, sizeof(*n));
	if (!n)
		return -ENOMEM;
	s->listen = n;
	if (sockspec_parse((enum sockspec_kind)k->arg, v, &n[s->n_listen]) < 0)
		return uctx_fail(c, "not an address tend can listen on: %s (a path, @abstract, "
				 "PORT, ADDR:PORT or [ADDR6]:PORT)", v);
	s->n_listen++;
	return 0;
}

static int p_str(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	char **f = k->arg == 0 ? &s->user : k->arg == 1 ? &s->group :
		   k->arg == 2 ? &s->fdname : &s->service;
	char *d = NULL;

	if (k->arg == 2 && (strlen(v) > 255 || strchr(v, ':')))
		return uctx_fail(c, "FileDescriptorName= may not contain ':' or exceed 255");
	if (k->arg == 3 && *v && (!uv_unit_name_ok(v) || !strstr(v, ".service") ||
				  strcmp(strrchr(v, '.'), ".service") != 0))
		return uctx_fail(c, "Service= needs a .service unit name: %s", v);
	if (*v && !(d = strdup(v)))
		return -ENOMEM;
	free(*f);
	*f = d;
	return 0;
}

static int p_sbool(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	bool *f[] = { &s->reuse_port, &s->free_bind, &s->pass_cred, &s->pass_sec,
		      &s->remove_on_stop, &s->accept, &s->keep_alive, &s->no_delay };

	if (uv_bool(v, f[k->arg]) < 0)
		return uctx_fail(c, "not a boolean: %s", v);
	return 0;
}

static int p_smode(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);

	if (uv_mode(v, k->arg ? &s->directory_mode : &s->socket_mode) < 0)
		return uctx_fail(c, "not an octal mode: %s", v);
	return 0;
}

static int p_backlog(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	long long n;

	(void)k;
	if (uv_int(v, 0, 2147483647, &n) < 0)
		return uctx_fail(c, "not a backlog: %s", v);
	s->backlog = (int)n;
	return 0;
}

static int p_buffer(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	uint64_t n;

	if (uv_bytes(v, 0, &n) < 0 || n > 2147483647)
		return uctx_fail(c, "not a buffer size: %s", v);
	*(k->arg ? &s->send_buffer : &s->receive_buffer) = (int)n;
	return 0;
}

static int p_ipv6only(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	bool b;

	(void)k;
	if (uv_bool(v, &b) == 0)	/* a boolean: ipv6-only or both, as in systemd */
		s->ipv6_only = b;
	else if (strcmp(v, "default") == 0)
		s->ipv6_only = -1;
	else if (strcmp(v, "both") == 0)
		s->ipv6_only = 0;
	else if (strcmp(v, "ipv6-only") == 0)
		s->ipv6_only = 1;
	else
		return uctx_fail(c, "BindIPv6Only= is default, both or ipv6-only: %s", v);
	return 0;
}

static int p_symlinks(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	const char *p = v;
	char *w;

	(void)k;
	if (!*v) {
		strv_free(s->symlinks);
		s->symlinks = NULL;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, " \t");

		if (n) {
			w = strndup(p, n);
			if (!w)
				return -ENOMEM;
			if (!uv_path_ok(w)) {
				uctx_fail(c, "Symlinks= needs absolute paths: %s", w);
				free(w);
				return -EINVAL;
			}
			if (strv_add(&s->symlinks, w) < 0) {
				free(w);
				return -ENOMEM;
			}
			free(w);
		}
		p += n;
		p += strspn(p, " \t");
	}
	return 0;
}

static int p_listen_x(struct uctx *c, const struct ukey *k, const char *v)
{
	return expanded(c, k, v, p_listen);
}

static int p_str_x(struct uctx *c, const struct ukey *k, const char *v)
{
	return expanded(c, k, v, p_str);
}

static int p_symlinks_x(struct uctx *c, const struct ukey *k, const char *v)
{
	return expanded(c, k, v, p_symlinks);
}

static int p_maxconn(struct uctx *c, const struct ukey *k, const char *v)
{
	struct unit_socket *s = SOCK(c);
	long long n;

	(void)k;
	if (uv_int(v, 1, 1000000, &n) < 0)
		return uctx_fail(c, "not a number of connections: %s", v);
	s->max_connections = (int)n;
	return 0;
}

static const struct ukey keys[] = {
	{ .name = "ListenStream", .sections = SEC_SOCKET, .fn = p_listen_x, .arg = SOCKSPEC_STREAM },
	{ .name = "ListenDatagram", .sections = SEC_SOCKET, .fn = p_listen_x, .arg = SOCKSPEC_DGRAM },
	{ .name = "ListenSequentialPacket", .sections = SEC_SOCKET, .fn = p_listen_x, .arg = SOCKSPEC_SEQPACKET },
	{ .name = "ListenFIFO", .sections = SEC_SOCKET, .fn = p_listen_x, .arg = SOCKSPEC_FIFO },
	{ .name = "SocketUser", .sections = SEC_SOCKET, .fn = p_str_x, .arg = 0 },
	{ .name = "SocketGroup", .sections = SEC_SOCKET, .fn = p_str_x, .arg = 1 },
	{ .name = "FileDescriptorName", .sections = SEC_SOCKET, .fn = p_str_x, .arg = 2 },
	{ .name = "Service", .sections = SEC_SOCKET, .fn = p_str_x, .arg = 3 },
	{ .name = "ReusePort", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 0 },
	{ .name = "FreeBind", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 1 },
	{ .name = "PassCredentials", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 2 },
	{ .name = "PassSecurity", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 3 },
	{ .name = "RemoveOnStop", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 4 },
	{ .name = "Accept", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 5 },
	{ .name = "SocketMode", .sections = SEC_SOCKET, .fn = p_smode, .arg = 0 },
	{ .name = "DirectoryMode", .sections = SEC_SOCKET, .fn = p_smode, .arg = 1 },
	{ .name = "Backlog", .sections = SEC_SOCKET, .fn = p_backlog, .arg = 0 },
	{ .name = "ReceiveBuffer", .sections = SEC_SOCKET, .fn = p_buffer, .arg = 0 },
	{ .name = "SendBuffer", .sections = SEC_SOCKET, .fn = p_buffer, .arg = 1 },
	{ .name = "BindIPv6Only", .sections = SEC_SOCKET, .fn = p_ipv6only, .arg = 0 },
	{ .name = "Symlinks", .sections = SEC_SOCKET, .fn = p_symlinks_x, .arg = 0 },
	{ .name = "KeepAlive", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 6 },
	{ .name = "NoDelay", .sections = SEC_SOCKET, .fn = p_sbool, .arg = 7 },
	{ .name = "MaxConnections", .sections = SEC_SOCKET, .fn = p_maxconn, .arg = 0 },
};

/* The commands of a socket unit, parsed as the service's Exec*= lines. */
static const char *const exec_keys[][2] = {
	{ "ExecStartPre", "ExecStartPre" }, { "ExecStartPost", "ExecStartPost" },
	{ "ExecStopPre", "ExecStop" }, { "ExecStopPost", "ExecStopPost" },
};

int usock_find(const char *name, struct ukey *ret)
{
	for (size_t i = 0; i < sizeof(exec_keys) / sizeof(exec_keys[0]); i++)
		if (strcmp(name, exec_keys[i][0]) == 0 &&
		    ukey_find(SEC_SERVICE, exec_keys[i][1], ret) == 0) {
			ret->name = exec_keys[i][0];
			ret->sections = SEC_SOCKET;
			return 0;
		}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0) {
			*ret = keys[i];
			return 0;
		}
	return -ENOENT;
}

/* "foo.socket" → "foo.service"; Accept=yes: "foo@.service". */
static int default_service(struct unit *u, struct unit_socket *s)
{
	const char *dot = strrchr(u->name, '.');
	int n = (int)(dot - u->name);

	if (u->instance)	/* "foo@x.socket" → "foo@x.service" */
		return asprintf(&s->service, "%.*s.service", n, u->name) < 0 ? -ENOMEM : 0;
	return asprintf(&s->service, "%.*s%s.service", n, u->name, s->accept ? "@" : "") < 0
		       ? -ENOMEM : 0;
}

void usock_verify(struct uctx *c)
{
	struct unit_socket *s = sock(c);

	if (!s) {
		c->n_errors++;
		return;
	}
	if (!s->n_listen) {
		uctx_diag(c, DIAG_ERROR, "socket unit has no ListenStream=, ListenDatagram=, "
			  "ListenSequentialPacket= or ListenFIFO=");
		return;
	}
	for (size_t i = 0; s->accept && i < s->n_listen; i++)
		if (s->listen[i].kind == SOCKSPEC_DGRAM || s->listen[i].kind == SOCKSPEC_FIFO) {
			uctx_diag(c, DIAG_ERROR, "Accept=yes needs stream or sequential "
				  "packet sockets, not %s=", sockspec_key[s->listen[i].kind]);
			return;
		}
	if (s->accept && s->service) {
		uctx_diag(c, DIAG_ERROR, "Service= cannot be set with Accept=yes (each "
			  "connection gets an instance of the socket's own template)");
		return;
	}
	if (!s->service && default_service(c->u, s) < 0) {
		c->n_errors++;
		return;
	}
	/* systemd: a socket is ordered before the service it activates */
	if (!s->accept && strv_add(&c->u->before, s->service) < 0)
		c->n_errors++;
}

void usock_free(struct unit_socket *s)
{
	if (!s)
		return;
	free(s->listen);
	free(s->user);
	free(s->group);
	strv_free(s->symlinks);
	free(s->fdname);
	free(s->service);
	free(s);
}
