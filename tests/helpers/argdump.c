/* SPDX-License-Identifier: MIT */
/*
 * Test helper: print argv and the environment byte-exact, in hex, one
 * entry a line, in order ("argv <hex>", "env <hex>").  Comparing its output
 * with and without tend in between shows nothing was changed.
 */
#include <stdio.h>

extern char **environ;

static void hex(const char *tag, const char *s)
{
	printf("%s ", tag);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		printf("%02x", *p);
	putchar('\n');
}

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		hex("argv", argv[i]);
	for (char **e = environ; *e; e++)
		hex("env", *e);
	return 0;
}
