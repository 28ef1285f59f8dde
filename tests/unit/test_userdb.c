/* SPDX-License-Identifier: MIT */
/*
 * userdb: User=, Group= and SupplementaryGroups= from passwd and group
 * files of the test's own, written to a temp dir.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "userdb.h"

static char dir[] = "/tmp/tend-userdb-XXXXXX";
static char passwd[64], group[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(passwd, sizeof(passwd), "%s/passwd", dir);
	snprintf(group, sizeof(group), "%s/group", dir);
	write_file(passwd,
		   "root:x:0:0:root:/root:/bin/sh\n"
		   "# not an entry\n"
		   "app:x:1000:1000:App:/srv/app:/bin/sh\n"
		   "2000:x:1001:1001::/:/bin/sh\n"
		   "web:x:33:33:www:/var/www:/usr/sbin/nologin\n");
	write_file(group,
		   "root:x:0:\n"
		   "app:x:1000:\n"
		   "audio:x:29:app,web\n"
		   "video:x:44:web,app\n"
		   "again:x:29:app\n"
		   "staff:x:50:web\n"
		   "self:x:1000:app\n");
	userdb_passwd_path = passwd;
	userdb_group_path = group;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(passwd);
	unlink(group);
	rmdir(dir);
	return 0;
}

static void users(void **state)
{
	struct passwd *pw;

	(void)state;
	pw = userdb_user("app");
	assert_non_null(pw);
	assert_int_equal(pw->pw_uid, 1000);
	assert_int_equal(pw->pw_gid, 1000);
	assert_string_equal(pw->pw_dir, "/srv/app");
	/* a decimal id names the entry with that uid... */
	pw = userdb_user("33");
	assert_non_null(pw);
	assert_string_equal(pw->pw_name, "web");
	/* a user whose name is digits is found by that name too */
	pw = userdb_user("2000");
	assert_non_null(pw);
	assert_int_equal(pw->pw_uid, 1001);
	/* not found: NULL with errno 0 */
	errno = EIO;
	assert_null(userdb_user("nobody"));
	assert_int_equal(errno, 0);
	assert_null(userdb_user("4242"));
	assert_int_equal(errno, 0);
	assert_null(userdb_user("33x"));
	assert_null(userdb_user("-33"));
	assert_null(userdb_user(""));
	/* an unreadable file: its errno */
	userdb_passwd_path = "/nonexistent/passwd";
	assert_null(userdb_user("app"));
	assert_int_equal(errno, ENOENT);
	userdb_passwd_path = passwd;
}

static void groups(void **state)
{
	struct group *gr;

	(void)state;
	gr = userdb_group("video");
	assert_non_null(gr);
	assert_int_equal(gr->gr_gid, 44);
	assert_string_equal(gr->gr_mem[0], "web");
	assert_string_equal(gr->gr_mem[1], "app");
	assert_null(gr->gr_mem[2]);
	gr = userdb_group("50");
	assert_non_null(gr);
	assert_string_equal(gr->gr_name, "staff");
	errno = EIO;
	assert_null(userdb_group("wheel"));
	assert_int_equal(errno, 0);
}

static void grouplist(void **state)
{
	gid_t g[8];
	int n = 8;

	(void)state;
	/* the primary group first, then each other group once: 29 is listed
	 * twice and 1000 is the primary group again */
	assert_int_equal(userdb_grouplist("app", 1000, g, &n), 3);
	assert_int_equal(n, 3);
	assert_int_equal(g[0], 1000);
	assert_int_equal(g[1], 29);
	assert_int_equal(g[2], 44);
	n = 8;
	assert_int_equal(userdb_grouplist("web", 33, g, &n), 4);
	assert_int_equal(g[3], 50);
	n = 8;
	assert_int_equal(userdb_grouplist("root", 0, g, &n), 1);
	assert_int_equal(g[0], 0);
	/* too small: -1 and the count needed, as getgrouplist(3) */
	n = 2;
	assert_int_equal(userdb_grouplist("web", 33, g, &n), -1);
	assert_int_equal(n, 4);
	assert_int_equal(g[0], 33);
	assert_int_equal(g[1], 29);
	n = 0;
	assert_int_equal(userdb_grouplist("web", 33, g, &n), -1);
	assert_int_equal(n, 4);
	/* no group file: the primary group alone */
	userdb_group_path = "/nonexistent/group";
	n = 8;
	assert_int_equal(userdb_grouplist("app", 1000, g, &n), 1);
	userdb_group_path = group;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(users),
		cmocka_unit_test(groups),
		cmocka_unit_test(grouplist),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
