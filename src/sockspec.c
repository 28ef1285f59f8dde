/* SPDX-License-Identifier: MIT */
/* Listen*= addresses of .socket units: pure parsing, as systemd.socket(5). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "sockspec.h"
#include "nofail.h"

const char *const sockspec_key[_SOCKSPEC_KIND_MAX] = {
	[SOCKSPEC_STREAM] = "ListenStream",
	[SOCKSPEC_DGRAM] = "ListenDatagram",
	[SOCKSPEC_SEQPACKET] = "ListenSequentialPacket",
	[SOCKSPEC_FIFO] = "ListenFIFO",
};

int sockspec_type(enum sockspec_kind kind)
{
	return kind == SOCKSPEC_STREAM ? SOCK_STREAM : kind == SOCKSPEC_DGRAM ? SOCK_DGRAM :
	       kind == SOCKSPEC_SEQPACKET ? SOCK_SEQPACKET : 0;
}

/* "1".."65535", digits only; 0 or -EINVAL. */
static int parse_port(const char *s, unsigned *ret)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 65535)
			return -EINVAL;
	}
	if (v == 0)
		return -EINVAL;
	*ret = (unsigned)v;
	return 0;
}

static int parse_unix(const char *v, struct sockspec *s)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&s->addr;
	size_t n = strlen(v);

	s->family = AF_UNIX;
	un->sun_family = AF_UNIX;
	if (v[0] == '@') {	/* abstract: no NUL terminator counted */
		if (n < 2 || n > sizeof(un->sun_path))
			return -EINVAL;
		un->sun_path[0] = '\0';
		memcpy(un->sun_path + 1, v + 1, n - 1);
		s->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
		return 0;
	}
	if (n >= sizeof(un->sun_path) || strstr(v, "/../") || strstr(v, "//"))
		return -EINVAL;
	memcpy(un->sun_path, v, n + 1);
	memcpy(s->path, v, n + 1);
	s->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

static int parse_inet(const char *v, struct sockspec *s)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)&s->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&s->addr;
	char host[64];
	const char *colon, *end;
	unsigned port;

	if (parse_port(v, &port) == 0) {	/* a bare port: every address */
		s->family = AF_INET6;
		s->any = true;
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_any;
		in6->sin6_port = htons((uint16_t)port);
		s->len = sizeof(*in6);
		return 0;
	}
	if (v[0] == '[') {
		end = strchr(v, ']');
		if (!end || end[1] != ':' || (size_t)(end - v - 1) >= sizeof(host))
			return -EINVAL;
		snprintf(host, sizeof(host), "%.*s", (int)(end - v - 1), v + 1);
		if (parse_port(end + 2, &port) < 0 || inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
			return -EINVAL;
		s->family = AF_INET6;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		s->len = sizeof(*in6);
		return 0;
	}
	colon = strrchr(v, ':');
	if (!colon || (size_t)(colon - v) >= sizeof(host))
		return -EINVAL;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - v), v);
	if (parse_port(colon + 1, &port) < 0 || inet_pton(AF_INET, host, &in4->sin_addr) != 1)
		return -EINVAL;
	s->family = AF_INET;
	in4->sin_family = AF_INET;
	in4->sin_port = htons((uint16_t)port);
	s->len = sizeof(*in4);
	return 0;
}

int sockspec_parse(enum sockspec_kind kind, const char *v, struct sockspec *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	if (kind == SOCKSPEC_FIFO) {
		if (v[0] != '/' || strlen(v) >= sizeof(s->path) || strstr(v, "/../"))
			return -EINVAL;
		strcpy(s->path, v);
		return 0;
	}
	if (v[0] == '/' || v[0] == '@')
		return parse_unix(v, s);
	return parse_inet(v, s);
}

void sockspec_format(const struct sockspec *s, char *buf, size_t size)
{
	const struct sockaddr_un *un = (const struct sockaddr_un *)&s->addr;
	const struct sockaddr_in *in4 = (const struct sockaddr_in *)&s->addr;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&s->addr;
	char host[INET6_ADDRSTRLEN];

	if (s->kind == SOCKSPEC_FIFO || (s->family == AF_UNIX && un->sun_path[0])) {
		snprintf(buf, size, "%s", s->path);
	} else if (s->family == AF_UNIX) {
		snprintf(buf, size, "@%.*s",
			 (int)(s->len - offsetof(struct sockaddr_un, sun_path) - 1),
			 un->sun_path + 1);
	} else if (s->family == AF_INET) {
		inet_ntop(AF_INET, &in4->sin_addr, host, sizeof(host));
		snprintf(buf, size, "%s:%u", host, ntohs(in4->sin_port));
	} else {
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(buf, size, "[%s]:%u", host, ntohs(in6->sin6_port));
	}
}
