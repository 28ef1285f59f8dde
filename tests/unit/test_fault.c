/* SPDX-License-Identifier: MIT */
/*
 * Faults injected at sys.c's seam (-Wl,--wrap=sys_*, see the Makefile):
 * EAGAIN from clone3, EMFILE from the exec-status pipe, ENOSPC from a
 * cgroup limit write.  Real units in a real registry and loop: the unit
 * hit retries cleanly (or fails, with Restart=no), the others keep
 * running, and the supervisor goes on.  And ENOMEM while the dependency
 * graph grows (-Wl,--wrap=reallocarray): the registry goes on without
 * ordering, leaks nothing (the ASan run), and the next reload restores it.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup.h"
#include "dep.h"
#include "svc_priv.h"
#include "sys.h"

static char dir[] = "/tmp/tend-fault.XXXXXX";
#include "svc_fixture.h"

static int fail_clone, fail_pipe, fail_write;	/* how many calls fail */
static int clones_failed, pipes_failed, writes_failed;
static int fail_grow, grows_failed;	/* reallocarray() of dependency edges */

long __real_sys_clone3(struct clone_args *args, size_t size);
long __real_sys_clone3_vm(struct clone_args *args, size_t size, void (*fn)(void *), void *arg);
int __real_sys_pipe2(int fds[2], int flags);
ssize_t __real_sys_write(int fd, const void *buf, size_t n);

long __wrap_sys_clone3(struct clone_args *args, size_t size)
{
	if (fail_clone > 0) {
		fail_clone--;
		clones_failed++;
		errno = EAGAIN;
		return -1;
	}
	return __real_sys_clone3(args, size);
}

long __wrap_sys_clone3_vm(struct clone_args *args, size_t size, void (*fn)(void *), void *arg)
{
	if (fail_clone > 0) {
		fail_clone--;
		clones_failed++;
		return -EAGAIN;
	}
	return __real_sys_clone3_vm(args, size, fn, arg);
}

int __wrap_sys_pipe2(int fds[2], int flags)
{
	if (fail_pipe > 0) {
		fail_pipe--;
		pipes_failed++;
		errno = EMFILE;
		return -1;
	}
	return __real_sys_pipe2(fds, flags);
}

void *__real_reallocarray(void *p, size_t n, size_t size);

void *__wrap_reallocarray(void *p, size_t n, size_t size)
{
	if (fail_grow > 0 && size == sizeof(struct dep_edge)) {
		fail_grow--;
		grows_failed++;
		errno = ENOMEM;
		return NULL;
	}
	return __real_reallocarray(p, n, size);
}

ssize_t __wrap_sys_write(int fd, const void *buf, size_t n)
{
	if (fail_write > 0) {
		fail_write--;
		writes_failed++;
		errno = ENOSPC;
		return -1;
	}
	return __real_sys_write(fd, buf, n);
}

/* Run the loop and the reaper until s is in state st, or 10 s pass. */
static bool run_until(const struct svc *s, enum svc_state st)
{
	return fixture_run(s, st, 10000);
}

static bool alive(const struct svc *s)
{
	return s->main_pid > 0 && kill(s->main_pid, 0) == 0;
}

static int setup(void **state)
{
	char path[256];
	const char *dirs[1];
	struct svc_env env = { .loop = &loop };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/units", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	unit("clone.service", "[Service]\nExecStart=/bin/sleep 1000\nRestart=on-failure\n"
	     "RestartSec=10ms\n");
	unit("pipe.service", "[Service]\nExecStart=/bin/sleep 1001\nRestart=on-failure\n"
	     "RestartSec=10ms\n");
	unit("limit.service", "[Service]\nExecStart=/bin/sleep 1002\nMemoryMax=64M\n"
	     "TasksMax=50\n");
	unit("other.service", "[Service]\nExecStart=/bin/sleep 1003\n");
	assert_int_equal(loop_init(&loop), 0);
	assert_int_equal(reap_init(16), 0);
	env.runtime_dir = dir;
	dirs[0] = path;
	assert_int_equal(svc_load(&env, dirs, 1), 0);
	assert_non_null(svc_find("clone") && svc_find("pipe") && svc_find("limit"));
	assert_int_equal(svc_start(svc_find("other")), 0);
	assert_true(run_until(svc_find("other"), SVC_RUNNING));
	return 0;
}

static int teardown(void **state)
{
	bool done;
	char cmd[300];

	(void)state;
	done = fixture_stop_all();
	cg_release();	/* tend's base cgroups, as main() does at exit */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return done && system(cmd) == 0 ? 0 : -1;
}

/* clone3 says EAGAIN twice: the unit restarts twice, then runs. */
static void clone_eagain_retries(void **state)
{
	struct svc *s = svc_find("clone");

	(void)state;
	fail_clone = 2;
	assert_int_equal(svc_start(s), 0);
	assert_true(run_until(s, SVC_RUNNING));
	assert_int_equal(clones_failed, 2);
	assert_int_equal(s->restarts, 2);
	assert_true(alive(s));
	assert_true(alive(svc_find("other")));
}

/* Out of fds for the exec-status pipe (EMFILE): one retry, then it runs. */
static void pipe_emfile_retries(void **state)
{
	struct svc *s = svc_find("pipe");

	(void)state;
	fail_pipe = 1;
	assert_int_equal(svc_start(s), 0);
	assert_true(run_until(s, SVC_RUNNING));
	assert_int_equal(pipes_failed, 1);
	assert_int_equal(s->restarts, 1);
	assert_true(alive(s));
	assert_true(alive(svc_find("clone")));
}

/* A cgroup limit the kernel refuses (ENOSPC) fails that start, nothing else. */
static void cgroup_enospc_fails_the_unit(void **state)
{
	struct svc *s = svc_find("limit");

	(void)state;
	fail_write = 1000;
	assert_int_equal(svc_start(s), 0);
	if (!run_until(s, SVC_FAILED) && writes_failed == 0) {
		fail_write = 0;
		skip();		/* no writable cgroup hierarchy here: no limit was written */
	}
	fail_write = 0;
	assert_true(writes_failed > 0);
	assert_int_equal(s->result, RES_RESOURCES);
	assert_int_equal(s->main_pid, 0);
	assert_true(alive(svc_find("other")));
	assert_true(alive(svc_find("clone")));
	/* and the next start, with the kernel agreeing again, runs */
	assert_int_equal(svc_start(s), 0);
	assert_true(run_until(s, SVC_RUNNING));
	assert_true(alive(s));
}

/*
 * The edge array can't grow during a reload (70 After= edges, 64 fit
 * before the first growth): the reload says so, the registry has no
 * ordering until the next build, and units still start and stop (before,
 * the first state change read the freed graph and PID 1 crashed).
 */
static void graph_enomem_reload(void **state)
{
	static char body[70 * 24 + 64];
	char path[256], text[4096];
	const char *dirs[1];
	size_t off = 0;
	struct svc *hub;

	(void)state;
	off += (size_t)snprintf(body + off, sizeof(body) - off, "[Unit]\n");
	for (int i = 0; i < 70; i++) {
		char name[32];

		snprintf(name, sizeof(name), "g%d.target", i);
		unit(name, "[Unit]\nDescription=an ordering point\n");
		off += (size_t)snprintf(body + off, sizeof(body) - off, "After=%s\n", name);
	}
	snprintf(body + off, sizeof(body) - off, "[Service]\nExecStart=/bin/sleep 1004\n");
	unit("hub.service", body);
	snprintf(path, sizeof(path), "%s/units", dir);
	dirs[0] = path;
	fail_grow = 1;
	assert_int_equal(svc_reload_units(dirs, 1, text, sizeof(text)), -ENOMEM);
	assert_int_equal(grows_failed, 1);
	hub = svc_find("hub");
	assert_non_null(hub);
	assert_int_equal(dep_nwait(&svc_reg.order, hub->idx), 0);
	assert_int_equal(svc_start(hub), 0);
	assert_true(run_until(hub, SVC_RUNNING));
	assert_int_equal(svc_stop(hub), 0);
	assert_true(run_until(hub, SVC_DOWN));
	assert_true(alive(svc_find("other")));
	/* memory again: the next reload builds the order */
	assert_int_equal(svc_reload_units(dirs, 1, text, sizeof(text)), 0);
	hub = svc_find("hub");
	assert_int_equal(dep_nwait(&svc_reg.order, hub->idx), 70);
	assert_int_equal(svc_start(hub), 0);
	assert_true(run_until(hub, SVC_RUNNING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone_eagain_retries),
		cmocka_unit_test(pipe_emfile_retries),
		cmocka_unit_test(cgroup_enospc_fails_the_unit),
		cmocka_unit_test(graph_enomem_reload),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
