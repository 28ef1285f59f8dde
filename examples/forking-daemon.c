/*
 * A classic double-forking daemon for Type=forking units: the parent
 * returns once the daemon is ready, the daemon writes its pid to the file
 * named by argv[1] (PIDFile=), then runs until SIGTERM.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	int ready[2];
	char c;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: forking-daemon PIDFILE\n");
		return 2;
	}
	if (pipe(ready) < 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid > 0) {		/* the parent: wait for the daemon to be ready */
		close(ready[1]);
		return read(ready[0], &c, 1) == 1 ? 0 : 1;
	}
	setsid();
	if (fork() > 0)
		_exit(0);	/* the middle process: the daemon is re-parented */
	close(ready[0]);
	signal(SIGTERM, on_term);
	{
		FILE *f = fopen(argv[1], "w");

		if (!f)
			return 1;
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	printf("forking-daemon: running as %d\n", (int)getpid());
	fflush(stdout);
	(void)!write(ready[1], "r", 1);
	close(ready[1]);
	while (!stop)
		pause();
	unlink(argv[1]);
	printf("forking-daemon: stopping\n");
	/*
	 * No atexit work: built with ASan (make asan), LeakSanitizer's check
	 * at exit sometimes hung here, in the middle of the unit's stop.
	 */
	fflush(stdout);
	_exit(0);
}
