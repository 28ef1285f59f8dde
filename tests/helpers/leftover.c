/* SPDX-License-Identifier: MIT */
/*
 * Test helper: leave a process behind and exit with CODE.  The leftover
 * writes its pid to PIDFILE (atomically, by rename) and waits forever.  In
 * "ignore" mode it catches SIGTERM, appends "TERM" to PIDFILE.log and goes
 * on waiting (only SIGKILL ends it); in "honour" mode SIGTERM ends it.
 *
 *	leftover ignore|honour CODE PIDFILE
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char logpath[4096];

static void on_term(int sig)
{
	int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	(void)sig;
	if (fd >= 0) {
		(void)!write(fd, "TERM\n", 5);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	int p[2], ignore;
	char c, tmp[4200], buf[32];
	pid_t pid;

	if (argc != 4 || (strcmp(argv[1], "ignore") && strcmp(argv[1], "honour"))) {
		fprintf(stderr, "usage: leftover ignore|honour CODE PIDFILE\n");
		return 2;
	}
	ignore = strcmp(argv[1], "ignore") == 0;
	snprintf(logpath, sizeof(logpath), "%s.log", argv[3]);
	if (pipe(p) < 0)
		return 2;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = ignore ? on_term : SIG_DFL };
		sigset_t none;
		int fd, n;

		sigaction(SIGTERM, &sa, NULL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		snprintf(tmp, sizeof(tmp), "%s.tmp", argv[3]);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
		if (fd < 0 || write(fd, buf, (size_t)n) != n || close(fd) < 0 ||
		    rename(tmp, argv[3]) < 0)
			_exit(2);
		close(p[0]);
		(void)!write(p[1], "x", 1);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		return 2;
	return atoi(argv[2]);
}
