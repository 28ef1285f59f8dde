/* SPDX-License-Identifier: MIT */
/* sockspec.c (Listen*= addresses) and the [Socket] section of .socket units. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>

#include "sockspec.h"
#include "unit.h"
#include "unit_fixture.h"
#include "unitsock.h"

/* The normalised form of a value, or "ERR". */
static const char *fmt(enum sockspec_kind k, const char *v)
{
	static char buf[160];
	struct sockspec s;

	if (sockspec_parse(k, v, &s) < 0)
		return "ERR";
	sockspec_format(&s, buf, sizeof(buf));
	return buf;
}

static void addresses(void **state)
{
	struct sockspec s;

	(void)state;
	assert_string_equal(fmt(SOCKSPEC_STREAM, "/run/foo.sock"), "/run/foo.sock");
	assert_string_equal(fmt(SOCKSPEC_STREAM, "@abstract"), "@abstract");
	assert_string_equal(fmt(SOCKSPEC_STREAM, "80"), "[::]:80");
	assert_string_equal(fmt(SOCKSPEC_DGRAM, "127.0.0.1:53"), "127.0.0.1:53");
	assert_string_equal(fmt(SOCKSPEC_STREAM, "[::1]:8080"), "[::1]:8080");
	assert_string_equal(fmt(SOCKSPEC_STREAM, "[fe80::1:2]:65535"), "[fe80::1:2]:65535");
	assert_string_equal(fmt(SOCKSPEC_FIFO, "/run/fifo"), "/run/fifo");
	assert_int_equal(sockspec_parse(SOCKSPEC_STREAM, "80", &s), 0);
	assert_int_equal(s.family, AF_INET6);
	assert_true(s.any);
	assert_int_equal(sockspec_parse(SOCKSPEC_STREAM, "@x", &s), 0);
	assert_int_equal(s.len, offsetof(struct sockaddr_un, sun_path) + 2);
	assert_int_equal(sockspec_parse(SOCKSPEC_SEQPACKET, "/a", &s), 0);
	assert_int_equal(sockspec_type(s.kind), SOCK_SEQPACKET);
	assert_string_equal(s.path, "/a");
}

static void refused(void **state)
{
	static const char *const bad[] = {
		"", "0", "65536", "-1", "80x", "::1:80", "[::1]80", "[::1]:", "[nope]:80",
		"1.2.3:80", "1.2.3.4:0", "1.2.3.4", "relative/path", "@", "localhost:80",
		"/a/../b", "vsock:2:1234",
	};
	struct sockspec s;
	char longpath[200];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sockspec_parse(SOCKSPEC_STREAM, bad[i], &s) == 0)
			fail_msg("'%s' parsed", bad[i]);
	memset(longpath, 'a', sizeof(longpath));
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(sockspec_parse(SOCKSPEC_STREAM, longpath, &s), -EINVAL);
	assert_int_equal(sockspec_parse(SOCKSPEC_FIFO, "80", &s), -EINVAL);
}

static struct unit *load(const char *name, const char *text)
{
	return fixture_parse(name, text, NULL);
}

static void socket_units(void **state)
{
	struct unit *u;

	(void)state;
	u = load("web.socket", "[Socket]\nListenStream=80\nListenDatagram=/run/d\n"
		 "SocketMode=0600\nBacklog=12\nReceiveBuffer=8M\nPassCredentials=yes\n"
		 "BindIPv6Only=ipv6-only\nSymlinks=/run/a /run/b\n");
	assert_non_null(u);
	assert_int_equal(u->kind, UNIT_KIND_SOCKET);
	assert_int_equal(u->socket->n_listen, 2);
	assert_int_equal(u->socket->listen[1].kind, SOCKSPEC_DGRAM);
	assert_int_equal(u->socket->socket_mode, 0600);
	assert_int_equal(u->socket->backlog, 12);
	assert_int_equal(u->socket->receive_buffer, 8 << 20);
	assert_true(u->socket->pass_cred);
	assert_int_equal(u->socket->ipv6_only, 1);
	assert_string_equal(u->socket->symlinks[1], "/run/b");
	assert_string_equal(u->socket->service, "web.service");
	assert_string_equal(u->before[0], "web.service");	/* implicit */
	unit_free(u);
	u = load("web.socket", "[Socket]\nListenStream=80\nService=other.service\n"
		 "ListenStream=\nListenStream=81\n");
	assert_non_null(u);
	assert_int_equal(u->socket->n_listen, 1);	/* an empty value resets */
	assert_string_equal(u->socket->service, "other.service");
	unit_free(u);
	assert_null(load("web.socket", "[Socket]\nListenStream=nope\n"));
	assert_true(said("web.socket:2: ListenStream: not an address"));
	assert_null(load("web.socket", "[Socket]\nListenStream=80\nDeferAcceptSec=5\n"));
	assert_true(said("web.socket:3: DeferAcceptSec: key DeferAcceptSec= is not supported"));
	u = load("web.socket", "[Socket]\nListenStream=80\nAccept=yes\n");
	assert_non_null(u);
	assert_true(u->socket->accept);
	assert_string_equal(u->socket->service, "web@.service");	/* the template */
	assert_null(u->before[0]);
	unit_free(u);
	assert_null(load("web.socket", "[Socket]\nListenDatagram=80\nAccept=yes\n"));
	assert_true(said("Accept=yes needs stream or sequential packet sockets"));
	assert_null(load("web.socket", "[Socket]\nListenStream=80\nAccept=yes\n"
			 "Service=x.service\n"));
	assert_true(said("Service= cannot be set with Accept=yes"));
	/* StandardInput=socket: the connection; output follows it */
	u = load("x@.service", "[Service]\nStandardInput=socket\nExecStart=/bin/cat\n");
	assert_non_null(u);
	assert_int_equal(u->std_input, STDIN_SOCKET);
	assert_int_equal(u->std_output, OUTPUT_INHERIT);
	unit_free(u);
	assert_null(load("web.socket", "[Unit]\nDescription=x\n"));
	assert_true(said("socket unit has no ListenStream="));
	assert_null(load("web.socket", "[Socket]\nListenStream=80\nService=x.socket\n"));
	/* booleans for BindIPv6Only=, KeepAlive=, specifiers in values */
	u = load("db@x.socket", "[Socket]\nListenStream=/run/%i.sock\nBindIPv6Only=yes\n"
		 "KeepAlive=yes\nNoDelay=yes\nService=mariadb@%i.service\nMaxConnections=5\n");
	assert_non_null(u);
	assert_string_equal(u->socket->listen[0].path, "/run/x.sock");
	assert_int_equal(u->socket->ipv6_only, 1);
	assert_true(u->socket->keep_alive);
	assert_true(u->socket->no_delay);
	assert_int_equal(u->socket->max_connections, 5);
	assert_string_equal(u->socket->service, "mariadb@x.service");
	unit_free(u);
	/* Sockets= in a service: after and wanting them */
	u = load("a.service", "[Service]\nSockets=a.socket b.socket\nExecStart=/bin/true\n");
	assert_non_null(u);
	assert_string_equal(u->sockets[1], "b.socket");
	assert_string_equal(u->after[0], "a.socket");
	assert_string_equal(u->wants[1], "b.socket");
	unit_free(u);
	unit_diag_free(&diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addresses),
		cmocka_unit_test(refused),
		cmocka_unit_test(socket_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
