/* src/util.c: /proc/PID/stat parsing (reap.c, guess.c, unitpid.c) and array_grow(). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"

/* A command with spaces and ')' does not shift the fields after it. */
static void parse_hostile_comm(void **state)
{
	const char *t = "4242 (a) b) c (d) S 17 4242 4242 0 -1 4194560 100 0 0 0 "
			"1 2 0 0 20 0 1 0 987654 1000 100";
	unsigned long long start = 0;
	int ppid = 0;

	(void)state;
	assert_int_equal(proc_stat_parse(t, &ppid, &start), 0);
	assert_int_equal(ppid, 17);
	assert_int_equal(start, 987654);
	ppid = 0;
	assert_int_equal(proc_stat_parse(t, &ppid, NULL), 0);
	assert_int_equal(ppid, 17);
}

/* Truncated or foreign text is an error, not a made-up pid. */
static void parse_refuses_garbage(void **state)
{
	unsigned long long start = 7;
	int ppid = 5;

	(void)state;
	assert_int_equal(proc_stat_parse("", &ppid, &start), -EIO);
	assert_int_equal(proc_stat_parse("12 (sh", &ppid, &start), -EIO);
	assert_int_equal(proc_stat_parse("12 (sh) S", &ppid, &start), -EIO);
	assert_int_equal(ppid, 5);
	/* a line cut before starttime: the ppid, and no start time */
	assert_int_equal(proc_stat_parse("12 (sh) S 3 12", &ppid, &start), 0);
	assert_int_equal(ppid, 3);
	assert_int_equal(start, 0);
}

/* The kernel's own file: our parent is getppid(), relative to /proc too. */
static void read_self(void **state)
{
	unsigned long long start = 0;
	char dir[32];
	int ppid = 0, fd;

	(void)state;
	snprintf(dir, sizeof(dir), "/proc/%d", (int)getpid());
	assert_int_equal(proc_stat_at(AT_FDCWD, dir, &ppid, &start), 0);
	assert_int_equal(ppid, getppid());
	assert_true(start > 0);
	fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	snprintf(dir, sizeof(dir), "%d", (int)getpid());
	ppid = 0;
	assert_int_equal(proc_stat_at(fd, dir, &ppid, NULL), 0);
	assert_int_equal(ppid, getppid());
	assert_int_equal(proc_stat_at(fd, "no-such-pid", &ppid, NULL), -ENOENT);
	close(fd);
}

/*
 * array_grow(): reallocates only when n is 0 or a power of two, so 100,000
 * appends take 18 reallocations, and every element written stays.
 */
static void grow_doubles(void **state)
{
	size_t n, moves = 0;
	int *v = NULL;

	(void)state;
	for (n = 0; n < 100000; n++) {
		int *nv = array_grow(v, n, sizeof(*v));

		assert_non_null(nv);
		if (nv != v || (n & (n - 1)) == 0)
			moves++;	/* counted as a reallocation even if in place */
		v = nv;
		v[n] = (int)n;
	}
	assert_int_equal(moves, 18);	/* n = 0, 1, 2, 4, ..., 65536 */
	for (n = 0; n < 100000; n++)
		if (v[n] != (int)n)
			fail_msg("element %zu is %d", n, v[n]);
	/* shrinking n keeps room: no reallocation until past a power of two */
	assert_ptr_equal(array_grow(v, 70000, sizeof(*v)), v);
	free(v);
	/* a size that would overflow is refused, not wrapped */
	assert_null(array_grow(NULL, SIZE_MAX / 2 + 1, 1));
	v = malloc(sizeof(*v));
	assert_null(array_grow(v, SIZE_MAX / 4 + 1, 16));	/* a power of two */
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_hostile_comm),
		cmocka_unit_test(parse_refuses_garbage),
		cmocka_unit_test(read_self),
		cmocka_unit_test(grow_doubles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
