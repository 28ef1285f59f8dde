/* SPDX-License-Identifier: MIT */
#ifndef TEND_UNITSOCK_H
#define TEND_UNITSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sockspec.h"

/* A .socket unit's [Socket] section (systemd.socket(5)). */
struct unit_socket {
	struct sockspec *listen;	/* Listen*=, in file order */
	size_t n_listen;
	char *user, *group;		/* SocketUser=, SocketGroup= */
	mode_t socket_mode;		/* 0666 */
	mode_t directory_mode;		/* 0755 */
	int backlog;			/* SOMAXCONN */
	int ipv6_only;			/* BindIPv6Only=: -1 default, 0 both, 1 ipv6-only */
	bool reuse_port, free_bind, pass_cred, pass_sec, remove_on_stop, accept;
	bool keep_alive, no_delay;	/* SO_KEEPALIVE, TCP_NODELAY */
	int max_connections;		/* Accept=yes: instances at once, 64 */
	int receive_buffer, send_buffer;	/* bytes; 0: the kernel's */
	char **symlinks;
	char *fdname;			/* FileDescriptorName=; NULL: the unit's name */
	char *service;			/* Service=, or the default, settled at load */
};

struct uctx;
struct ukey;

/* The [Socket] key called name; 0, or -ENOENT when tend has none. */
int usock_find(const char *name, struct ukey *ret);
/* After parsing: defaults, the service it activates, its checks. */
void usock_verify(struct uctx *c);
void usock_free(struct unit_socket *s);

#endif
