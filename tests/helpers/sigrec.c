/* SPDX-License-Identifier: MIT */
/*
 * Test helper: record every signal received, one "signo si_code" line per
 * signal appended to OUT, until EXITSIG arrives; then exit 0.  Every signal
 * is blocked and taken with rt_sigtimedwait, so even SIGTSTP, SIGSEGV or
 * glibc's reserved 32 and 33 are recorded rather than acted on.  With
 * -c CHILDOUT a child in the same process group does the same into CHILDOUT
 * (for tend -g).  "ready" is the first line once the mask is in place.
 *
 *	sigrec [-c CHILDOUT] OUT EXITSIG
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void all_signals(sigset_t *set)
{
	memset(set, 0xff, sizeof(*set));	/* 32 and 33 too, unlike sigfillset() */
}

static int out_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

static void put(int fd, const char *line)
{
	if (write(fd, line, strlen(line)) < 0)
		exit(3);
}

static int record(const char *path, int exitsig)
{
	sigset_t set;
	siginfo_t si;
	char line[64];
	int fd = out_open(path);

	put(fd, "ready\n");
	all_signals(&set);
	for (;;) {
		int s = (int)syscall(SYS_rt_sigtimedwait, &set, &si, NULL, _NSIG / 8);

		if (s < 0) {
			if (errno == EINTR)
				continue;
			perror("rt_sigtimedwait");
			return 4;
		}
		snprintf(line, sizeof(line), "%d %d\n", s, si.si_code);
		put(fd, line);
		if (s == exitsig)
			return 0;
	}
}

int main(int argc, char **argv)
{
	const char *childout = NULL;
	sigset_t set;
	pid_t child = 0;
	int opt, exitsig, r;

	while ((opt = getopt(argc, argv, "+c:")) != -1) {
		if (opt != 'c')
			goto usage;
		childout = optarg;
	}
	if (argc - optind != 2)
		goto usage;
	exitsig = atoi(argv[optind + 1]);
	all_signals(&set);
	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, _NSIG / 8) < 0) {
		perror("rt_sigprocmask");
		return 2;
	}
	if (childout) {
		child = fork();
		if (child < 0) {
			perror("fork");
			return 2;
		}
		if (child == 0)
			_exit(record(childout, exitsig));
	}
	r = record(argv[optind], exitsig);
	if (child > 0) {
		/* with -g it got EXITSIG too: give it 2 s to record it and go */
		pid_t w = 0;

		for (int i = 0; i < 2000 && (w = waitpid(child, NULL, WNOHANG)) == 0; i++)
			usleep(1000);
		if (w == 0) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
		}
	}
	return r;
usage:
	fprintf(stderr, "usage: sigrec [-c CHILDOUT] OUT EXITSIG\n");
	return 2;
}
