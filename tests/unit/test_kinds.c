/* SPDX-License-Identifier: MIT */
/*
 * The unit kinds' state transitions through the registry, with a real
 * loop and no process: a .target is reached once what it is ordered
 * after has settled and goes down when stopped; a .socket binds when it
 * starts, watches while its service is down, and closes (RemoveOnStop=)
 * when it stops; a .timer waits, elapses (its unit not loaded: logged),
 * and with RemainAfterElapse=no goes down once nothing is left.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

static char dir[] = "/tmp/tend-kinds.XXXXXX";
#include "svc_fixture.h"

static bool run_until(const struct svc *s, enum svc_state st, int64_t ms)
{
	return fixture_run(s, st, ms);
}

static int setup(void **state)
{
	char path[256], text[512];
	const char *dirs[1];
	struct svc_env env = { .loop = &loop };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/units", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	unit("app.target", "[Unit]\nWants=net.socket\nAfter=net.socket\n");
	snprintf(text, sizeof(text), "[Socket]\nListenStream=%s/net.sock\nRemoveOnStop=yes\n", dir);
	unit("net.socket", text);
	unit("net.service", "[Service]\nExecStart=/bin/sleep 1000\n");
	unit("soon.timer", "[Timer]\nOnActiveSec=50ms\nRemainAfterElapse=no\nUnit=gone.service\n");
	assert_int_equal(loop_init(&loop), 0);
	assert_int_equal(reap_init(16), 0);
	env.runtime_dir = dir;
	dirs[0] = path;
	assert_int_equal(svc_load(&env, dirs, 1), 0);
	return 0;
}

static int teardown(void **state)
{
	bool done;
	char cmd[300];

	(void)state;
	done = fixture_stop_all();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return done && system(cmd) == 0 ? 0 : -1;
}

static void kinds(void **state)
{
	struct svc *app = svc_find("app.target"), *net = svc_find("net.socket");
	struct svc *svc = svc_find("net.service"), *soon = svc_find("soon.timer");
	struct svc *builtin = svc_find("network.target");
	char path[256];
	struct stat st;

	(void)state;
	assert_non_null(app);
	assert_non_null(net);
	assert_non_null(svc);
	assert_non_null(soon);
	assert_non_null(builtin);	/* exists without a file */
	assert_true(svc->on_demand);	/* a socket starts it, not the boot */
	svc_start_all();
	assert_true(run_until(net, SVC_RUNNING, 2000));
	snprintf(path, sizeof(path), "%s/net.sock", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_true(run_until(app, SVC_RUNNING, 2000));	/* after the socket */
	assert_true(run_until(builtin, SVC_RUNNING, 2000));
	assert_int_equal(svc->state, SVC_DOWN);		/* no client yet */
	assert_false(svc->want_up);
	/* the timer waits, elapses (gone.service is not loaded), then ends */
	assert_true(run_until(soon, SVC_RUNNING, 2000));
	assert_true(run_until(soon, SVC_DOWN, 3000));
	/* a stopped target is down; started again, reached again */
	assert_int_equal(svc_stop(app), 0);
	assert_true(run_until(app, SVC_DOWN, 2000));
	assert_int_equal(svc_start(app), 0);
	assert_true(run_until(app, SVC_RUNNING, 2000));
	/* a stopped socket closes and removes its file */
	assert_int_equal(svc_stop(net), 0);
	assert_true(run_until(net, SVC_DOWN, 2000));
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kinds, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
