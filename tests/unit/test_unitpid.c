/* SPDX-License-Identifier: MIT */
/* Which pids a unit may claim: PID files read CHASE_SAFE, main pid checks. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "unitpid.h"

#define USER 65534	/* nobody: files "the service" owns */

static char dir[64];

static void put(const char *name, const char *text, uid_t uid)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(lchown(path, uid, uid), 0);
}

static void link_as(const char *target, const char *name, uid_t uid)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(lchown(path, uid, uid), 0);
}

static bool unsafe;	/* the last read_pid() went through an unsafe step */

static int read_pid(const char *name, pid_t *pid, bool *root)
{
	char path[128], why[160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return unitpid_read_file(path, pid, root, &unsafe, why, sizeof(why));
}

static int setup(void **state)
{
	char user[80];

	(void)state;
	strcpy(dir, "/tmp/tend-pid-XXXXXX");
	if (!mkdtemp(dir) || chmod(dir, 0755) < 0)
		return -1;
	snprintf(user, sizeof(user), "%s/user", dir);
	if (mkdir(user, 0755) < 0)
		return -1;
	return geteuid() == 0 && chown(user, USER, USER) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[96];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A PID file is read only through safe steps (systemd's CHASE_SAFE). */
static void pid_file_safe(void **state)
{
	char target[128];
	pid_t pid = 0;
	bool root = false;

	(void)state;
	if (geteuid() != 0)
		skip();	/* needs files of another owner */
	put("root.pid", "123\n", 0);
	assert_int_equal(read_pid("root.pid", &pid, &root), 0);
	assert_int_equal(pid, 123);
	assert_true(root);
	put("user/own.pid", "456", USER);
	assert_int_equal(read_pid("user/own.pid", &pid, &root), 0);
	assert_int_equal(pid, 456);
	assert_false(root);
	/* the user's relative link to the user's own file: fine */
	link_as("own.pid", "user/rel.pid", USER);
	assert_int_equal(read_pid("user/rel.pid", &pid, &root), 0);
	assert_int_equal(pid, 456);
	assert_false(unsafe);
	/*
	 * the user's link to root's file, relative or absolute: unsafe, read
	 * anyway (systemd's relaxed retry), its pid only for a pid of the unit
	 */
	link_as("../root.pid", "user/up.pid", USER);
	assert_int_equal(read_pid("user/up.pid", &pid, &root), 0);
	assert_true(unsafe);
	assert_int_equal(pid, 123);
	snprintf(target, sizeof(target), "%s/root.pid", dir);
	link_as(target, "user/abs.pid", USER);
	pid = 0;
	assert_int_equal(read_pid("user/abs.pid", &pid, &root), 0);
	assert_true(unsafe);
	assert_true(root);
	assert_int_equal(pid, 123);
	/* root's link into the user's directory: fine (from root, anything) */
	link_as("user/own.pid", "rootlink.pid", 0);
	assert_int_equal(read_pid("rootlink.pid", &pid, &root), 0);
	assert_false(unsafe);
	assert_int_equal(pid, 456);
	/* a root file in the user's directory (chrony's): reached unsafely */
	put("user/planted.pid", "1", 0);
	assert_int_equal(read_pid("user/planted.pid", &pid, &root), 0);
	assert_true(unsafe);
	assert_true(root);
	/* the relaxed read opens regular files only, never a FIFO or device */
	link_as("/dev/null", "user/dev.pid", USER);
	assert_int_equal(read_pid("user/dev.pid", &pid, &root), -EBADFD);
}

/* What a PID file must hold, and what it must be. */
static void pid_file_content(void **state)
{
	char path[128];
	pid_t pid = 0;
	bool root;

	(void)state;
	put("empty.pid", "", geteuid());
	assert_int_equal(read_pid("empty.pid", &pid, &root), -EINVAL);
	put("junk.pid", "12ab\n", geteuid());
	assert_int_equal(read_pid("junk.pid", &pid, &root), -EINVAL);
	put("neg.pid", "-5\n", geteuid());
	assert_int_equal(read_pid("neg.pid", &pid, &root), -EINVAL);
	put("big.pid", "99999999999\n", geteuid());
	assert_int_equal(read_pid("big.pid", &pid, &root), -EINVAL);
	snprintf(path, sizeof(path), "%s/fifo.pid", dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(read_pid("fifo.pid", &pid, &root), -EBADFD);	/* no hang */
	assert_int_equal(read_pid("user", &pid, &root), -EBADFD);
	assert_int_equal(read_pid("missing.pid", &pid, &root), -ENOENT);
	link_as("loop2.pid", "loop1.pid", geteuid());
	link_as("loop1.pid", "loop2.pid", geteuid());
	assert_int_equal(read_pid("loop1.pid", &pid, &root), -ELOOP);
	assert_int_equal(unitpid_read_file("relative.pid", &pid, &root, &unsafe, path, sizeof(path)),
			 -EINVAL);
}

/* Never tend itself or PID 1; a dead pid; the unit's tree without cgroups. */
static void main_pid_rules(void **state)
{
	struct unitpid_owner o = { .main_pid = getpid() };
	char why[96];
	pid_t kid;
	int fds[2], up[2];

	(void)state;
	assert_int_equal(unitpid_check_main(&o, getpid(), true, why, sizeof(why)), -EPERM);
	assert_int_equal(unitpid_check_main(&o, 1, true, why, sizeof(why)), -EPERM);
	/* a process of the tree below the main pid: the unit's */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(pipe(up), 0);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		char c = 's';

		/* its own session, as tend makes one per unit: our own session id
		 * reads 0 when its leader is outside this PID namespace (CI) */
		close(fds[1]);
		close(up[0]);
		(void)!setsid();
		(void)!write(up[1], &c, 1);
		(void)!read(fds[0], &c, 1);
		_exit(0);
	}
	close(fds[0]);
	close(up[1]);
	{
		char c;

		assert_int_equal(read(up[0], &c, 1), 1);
		close(up[0]);
	}
	assert_int_equal(unitpid_check_main(&o, kid, false, why, sizeof(why)), 0);
	assert_int_equal(unitpid_belongs(&o, kid), 1);
	/* not below another main pid, not in its session: refused unless privileged */
	o.main_pid = 0;
	o.sid = 0;
	assert_int_equal(unitpid_belongs(&o, kid), 0);
	assert_int_equal(unitpid_check_main(&o, kid, false, why, sizeof(why)), -EACCES);
	assert_string_equal(why, "does not belong to the unit");
	assert_int_equal(unitpid_check_main(&o, kid, true, why, sizeof(why)), 0);
	/* the session tend made for the unit counts */
	o.sid = kid;
	assert_int_equal(getsid(kid), kid);
	assert_int_equal(unitpid_belongs(&o, kid), 1);
	close(fds[1]);
	assert_int_equal(waitpid(kid, NULL, 0), kid);
	/* gone: not running */
	assert_int_equal(unitpid_check_main(&o, kid, true, why, sizeof(why)), -ESRCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pid_file_safe, setup, teardown),
		cmocka_unit_test_setup_teardown(pid_file_content, setup, teardown),
		cmocka_unit_test(main_pid_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
