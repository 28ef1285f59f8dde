/* SPDX-License-Identifier: MIT */
/*
 * powerkey: turn the power button into a clean poweroff.
 *
 * On the kernels here (Debian's cloud image, most VMs) the ACPI power
 * button does not signal init: the `button` driver, a module, reports
 * KEY_POWER as an input event, and `evdev` (a module too) exposes it as
 * /dev/input/eventN.  This program watches every input device that has
 * KEY_POWER and, on a press, sends SIGUSR2 to PID 1, which is poweroff
 * for tend in system mode and for BusyBox init alike.  Run it as a unit
 * after the modules are loaded (see examples/vm/units/powerkey.service).
 *
 *   powerkey [-n]    -n: print the press instead of signalling PID 1
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_DEVS 32
#define BITS_PER_LONG (8 * sizeof(long))

static int has_power_key(int fd)
{
	unsigned long keys[KEY_MAX / BITS_PER_LONG + 1] = { 0 };

	if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof(keys)), keys) < 0)
		return 0;
	return (keys[KEY_POWER / BITS_PER_LONG] >> (KEY_POWER % BITS_PER_LONG)) & 1;
}

int main(int argc, char **argv)
{
	struct pollfd pf[MAX_DEVS];
	int n = 0, dry = argc > 1 && strcmp(argv[1], "-n") == 0;
	DIR *d = opendir("/dev/input");
	struct dirent *de;

	while (d && (de = readdir(d)) && n < MAX_DEVS) {
		char path[300], name[128] = "?";
		int fd;

		if (strncmp(de->d_name, "event", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "/dev/input/%s", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!has_power_key(fd)) {
			close(fd);
			continue;
		}
		(void)ioctl(fd, EVIOCGNAME(sizeof(name)), name);
		printf("powerkey: watching %s (%s)\n", path, name);
		pf[n].fd = fd;
		pf[n++].events = POLLIN;
	}
	if (d)
		closedir(d);
	if (!n) {
		fprintf(stderr, "powerkey: no input device with KEY_POWER "
				"(are the button and evdev modules loaded?)\n");
		return 1;
	}
	fflush(stdout);
	for (;;) {
		if (poll(pf, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("powerkey: poll");
			return 1;
		}
		for (int i = 0; i < n; i++) {
			struct input_event ev[16];
			ssize_t r;

			if (!(pf[i].revents & POLLIN))
				continue;
			r = read(pf[i].fd, ev, sizeof(ev));
			for (ssize_t j = 0; r > 0 && j < r / (ssize_t)sizeof(ev[0]); j++) {
				if (ev[j].type != EV_KEY || ev[j].code != KEY_POWER || ev[j].value != 1)
					continue;
				printf("powerkey: power button pressed: %s\n",
				       dry ? "(dry run)" : "asking PID 1 to power off");
				fflush(stdout);
				if (!dry && kill(1, SIGUSR2) < 0)
					perror("powerkey: kill 1");
			}
		}
	}
}
