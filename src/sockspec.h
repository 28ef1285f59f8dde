/* SPDX-License-Identifier: MIT */
#ifndef TEND_SOCKSPEC_H
#define TEND_SOCKSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* What a Listen*= line of a .socket unit asks for. */
enum sockspec_kind {
	SOCKSPEC_STREAM,	/* ListenStream= */
	SOCKSPEC_DGRAM,		/* ListenDatagram= */
	SOCKSPEC_SEQPACKET,	/* ListenSequentialPacket= */
	SOCKSPEC_FIFO,		/* ListenFIFO= */
	_SOCKSPEC_KIND_MAX,
};

extern const char *const sockspec_key[_SOCKSPEC_KIND_MAX];

/*
 * One listening address, as systemd.socket(5) writes them: "/path" (a
 * file system socket), "@name" (abstract), "PORT" (every address, IPv6
 * and IPv4), "1.2.3.4:PORT", "[::1]:PORT"; a FIFO's path.
 */
struct sockspec {
	enum sockspec_kind kind;
	int family;			/* AF_UNIX, AF_INET, AF_INET6; 0 for a FIFO */
	bool any;			/* a bare port: [::] (or 0.0.0.0 without IPv6) */
	socklen_t len;			/* of addr */
	struct sockaddr_storage addr;
	char path[108];			/* AF_UNIX file system path or FIFO, else "" */
};

/* Pure: parse value for a Listen*= key; 0 or -EINVAL. */
int sockspec_parse(enum sockspec_kind kind, const char *value, struct sockspec *ret);
/* Pure: the address as the unit wrote it, normalised ("[::]:80", "@x"). */
void sockspec_format(const struct sockspec *s, char *buf, size_t size);
/* The socket(2) type of a kind (SOCK_STREAM ...), 0 for a FIFO. */
int sockspec_type(enum sockspec_kind kind);

#endif
