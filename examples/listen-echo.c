/* SPDX-License-Identifier: MIT */
/*
 * listen-echo: a socket-activated service, the reference client of tend's
 * socket activation.  It takes its listening sockets from the manager
 * through libsystemd's sd_listen_fds_with_names() (fds from 3 on, checked
 * against LISTEN_PID), prints them, then answers each stream connection
 * or datagram with "PID NAME: LINE".  With --once it exits after the
 * first answer, so the next client activates it again.
 *
 * [Socket]                      [Service]
 * ListenStream=/run/echo.sock   ExecStart=/usr/local/libexec/tend/listen-echo
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>

#define MAX_FDS 16

static void free_names(char **names)
{
	for (char **p = names; p && *p; p++)
		free(*p);
	free(names);
}

static void answer_stream(int fd, const char *name)
{
	char buf[512], out[600];
	int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	ssize_t n;
	int len;

	if (c < 0)
		return;	/* EAGAIN: another process took it */
	n = read(c, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		len = snprintf(out, sizeof(out), "%d %s: %s\n", (int)getpid(), name, buf);
		(void)!write(c, out, (size_t)len);
	}
	close(c);
}

static void answer_dgram(int fd, const char *name)
{
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	if (n > 0) {
		buf[n] = '\0';
		printf("%d %s: datagram %s\n", (int)getpid(), name, buf);
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	struct pollfd pfd[MAX_FDS];
	char **names = NULL;
	int n = sd_listen_fds_with_names(1, &names), i, type;
	socklen_t l = sizeof(type);
	int once = argc > 1 && strcmp(argv[1], "--once") == 0;

	if (n <= 0) {
		fprintf(stderr, "listen-echo: no sockets from the manager (%s)\n",
			n < 0 ? strerror(-n) : "LISTEN_FDS unset");
		return 1;
	}
	if (n > MAX_FDS)
		n = MAX_FDS;
	for (i = 0; i < n; i++) {
		pfd[i] = (struct pollfd){ .fd = SD_LISTEN_FDS_START + i, .events = POLLIN };
		printf("listen-echo: fd %d is %s, a %s\n", SD_LISTEN_FDS_START + i,
		       names && names[i] ? names[i] : "?",
		       sd_is_socket(pfd[i].fd, AF_UNSPEC, 0, -1) > 0 ? "socket" :
		       sd_is_fifo(pfd[i].fd, NULL) > 0 ? "fifo" : "file");
	}
	printf("listen-echo: %d fds, LISTEN_FDS and LISTEN_PID are %s\n", n,
	       getenv("LISTEN_FDS") ? "still set" : "unset");
	fflush(stdout);
	for (;;) {
		if (poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR) {
			free_names(names);
			return 1;
		}
		for (i = 0; i < n; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			if (getsockopt(pfd[i].fd, SOL_SOCKET, SO_TYPE, &type, &l) == 0 &&
			    type == SOCK_STREAM)
				answer_stream(pfd[i].fd, names && names[i] ? names[i] : "?");
			else
				answer_dgram(pfd[i].fd, names && names[i] ? names[i] : "?");
			if (once) {
				free_names(names);
				return 0;
			}
		}
	}
}
