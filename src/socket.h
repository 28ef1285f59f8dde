/* SPDX-License-Identifier: MIT */
#ifndef TEND_SOCKET_H
#define TEND_SOCKET_H

#include <stddef.h>

struct svc;

/* A unit changed state: the socket units that activate it take note. */
void socket_peer(struct svc *t);
/* After loading: the services that sockets activate start on demand. */
void socket_link_all(void);
/*
 * The listening fds svc gets (its socket units', Sockets= ones' too), at
 * most max, and their names joined by ':' for LISTEN_FDNAMES; the count.
 */
size_t socket_fds(const struct svc *svc, int *fds, size_t max, char *names, size_t size);
/* Accept=yes: the connection an instance serves, or -1. */
int socket_conn_fd(const struct svc *t);

#endif
