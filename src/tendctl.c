/* SPDX-License-Identifier: MIT */
/* tendctl: the command-line client of tend's control socket. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: tendctl [-s SOCKET] [--json] COMMAND [ARG...]\n"
	"\n"
	"  status [UNIT...]      list\n"
	"  start|stop|restart|reload|kill UNIT...\n"
	"  reset-failed [UNIT...]   logs [-n N] [-f] UNIT   reload-units\n"
	"  is-ready              poweroff|reboot|halt\n";

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 100 : 0;
	}
	fprintf(stderr, "tendctl: %s: the control socket is not in this build yet\n", argv[1]);
	return 100;
}
