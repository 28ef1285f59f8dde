/* SPDX-License-Identifier: MIT */
/* Unit files: the reader, every key family, errors, templates, drop-ins. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "unit.h"
#include "unit_fixture.h"

static const struct unit_ctx test_ctx = {
	.hostname = "box.example.org", .machine_id = "0123abcd", .kernel_release = "6.1.0",
	.physical_memory = 1000000, .tasks_max_base = 4000,
};

static struct unit *load(const char *text)
{
	return fixture_parse("t.service", text, &test_ctx);
}

static void minimal_defaults(void **state)
{
	struct unit *u = load("[Service]\nExecStart=/bin/true\n");

	(void)state;
	assert_non_null(u);
	assert_string_equal(u->name, "t.service");
	assert_int_equal(u->service_type, SERVICE_SIMPLE);
	assert_int_equal(u->restart, RESTART_NO);
	assert_int_equal(u->restart_sec_ms, 100);
	assert_int_equal(u->timeout_start_ms, 90000);
	assert_int_equal(u->timeout_abort_ms, 90000);
	assert_int_equal(u->kill_signal, SIGTERM);
	assert_int_equal(u->restart_kill_signal, SIGTERM);
	assert_int_equal(u->final_kill_signal, SIGKILL);
	assert_int_equal(u->kill_mode, KILL_CONTROL_GROUP);
	assert_int_equal(u->std_output, OUTPUT_LOG);
	assert_int_equal(u->std_error, OUTPUT_INHERIT);
	assert_int_equal(u->umask, 0022);
	assert_true(u->send_sigkill && u->guess_main_pid && u->ignore_sigpipe);
	assert_true(u->memory_max == UNIT_LIMIT_UNSET);
	assert_non_null(u->after);
	assert_null(u->after[0]);
	assert_int_equal(u->start_limit_burst, 5);
	unit_free(u);
}

static void continuation_and_comments(void **state)
{
	struct unit *u = load("# comment\n; also a comment\n[Unit]\n"
			      "Description=one \\\n# dropped comment\n  two\\\\\n"
			      "[Service]\nExecStart=/bin/echo a;b ; /bin/x\n"
			      "Environment=A=1 ; not a comment\n");

	(void)state;
	assert_null(u);	/* "; /bin/x" makes two ExecStart= commands */
	u = load("[Unit]\nDescription=one \\\n# dropped\n  two\\\\\n[Service]\n"
		 "Type=oneshot\nExecStart=/bin/echo a;b ; /bin/x\n");
	assert_non_null(u);
	assert_string_equal(u->description, "one    two\\\\");
	assert_int_equal(u->exec[EXEC_START].n, 2);
	assert_string_equal(u->exec[EXEC_START].v[0].argv[1], "a;b");
	unit_free(u);
}

static void line_ends(void **state)
{
	struct unit *u;
	const char text[] = "[Service]\r\nExecStart=/bin/a\rUser=nobody\0Group=daemon\n";
	char *s = malloc(sizeof(text));

	(void)state;
	/* parse the NUL too: unit_parse_string stops at it, so use a file */
	memcpy(s, text, sizeof(text));
	u = load("\xef\xbb\xbf[Service]\r\nExecStart=/bin/a\r\nUser=nobody\rGroup=daemon\n");
	assert_non_null(u);
	assert_string_equal(u->exec[EXEC_START].v[0].path, "/bin/a");
	assert_string_equal(u->user, "nobody");
	assert_string_equal(u->group, "daemon");
	unit_free(u);
	free(s);
}

static void nul_ends_a_line(void **state)
{
	char path[] = "/tmp/tend-test-XXXXXX";
	const char text[] = "[Service]\nExecStart=/bin/a\0User=nobody\n";
	struct unit *u = NULL;
	char file[64];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(path));
	snprintf(file, sizeof(file), "%s/n.service", path);
	f = fopen(file, "w");
	fwrite(text, 1, sizeof(text) - 1, f);
	fclose(f);
	assert_int_equal(unit_load(file, NULL, &test_ctx, &u, NULL), 0);
	assert_string_equal(u->user, "nobody");
	assert_string_equal(u->exec[EXEC_START].v[0].path, "/bin/a");
	unit_free(u);
	unlink(file);
	rmdir(path);
}

static void long_values(void **state)
{
	size_t n = 9000, i;
	char *text = malloc(n + 200), *p;
	struct unit *u;

	(void)state;
	p = text + sprintf(text, "[Service]\nExecStart=/bin/echo ");
	for (i = 0; i < n; i++)
		*p++ = i % 50 == 49 ? ' ' : (char)('a' + i % 26);
	strcpy(p, " ;x\nEnvironment=\"K=v ; w\"\n");
	u = load(text);
	assert_non_null(u);
	p = u->exec[EXEC_START].v[0].argv[180];
	assert_non_null(p);
	assert_string_equal(u->exec[EXEC_START].v[0].argv[181], ";x");
	assert_string_equal(u->environment[0], "K=v ; w");
	unit_free(u);
	free(text);
}

static void errors_have_lines(void **state)
{
	(void)state;
	assert_null(load("Description=x\n[Service]\nExecStart=/bin/true\n"));
	assert_true(said("t.service:1: key Description= above the first section"));
	assert_null(load("[Service]\nExecStart=/bin/true\n\nTimeoutStopSec=5 parsecs\n"));
	assert_true(said("t.service:4: TimeoutStopSec: not a time span"));
	assert_null(load("[Service]\nExecStart=/bin/true\nRootDirectory=/srv\n"));
	assert_true(said("t.service:3: RootDirectory: key RootDirectory= is not supported"));
	assert_null(load("[Service]\nExecStart=/bin/true\nno equals sign\n"));
	assert_true(said("t.service:3: missing '='"));
	assert_null(load("[Service\nExecStart=/bin/true\n"));
	assert_true(said("t.service:1: invalid section header"));
	assert_null(load("[Service]\nExecStart=/bin/true\nAfter=a.service\n"));
	assert_true(said("belongs in [Unit]"));
	assert_null(load("[Service]\nType=notify\n"));
	assert_true(said("t.service:2: Type: service has no ExecStart="));
	assert_null(load("[Unit]\nDescription=d\n\n[Service]\nUser=nobody\n"));
	assert_true(said("t.service:4: service has no ExecStart="));
	assert_null(load("[Service]\nExecStart=/bin/a\nNice=1\nExecStart=/bin/b\nExecStart=/bin/c\n"));
	assert_true(said("t.service:4: ExecStart: more than one ExecStart="));
	assert_null(load("[Service]\nType=oneshot\nExecStart=/bin/a\nRestart=always\n"));
	assert_true(said("t.service:4: Restart: Restart=always is not allowed"));
	assert_null(load("[Service]\nExecStart=/bin/a\nPrivatePIDs=yes\nTimeoutStopSec=infinity\n"));
	assert_true(said("t.service:3: PrivatePIDs: PrivatePIDs= needs a finite"));
	/* a misspelt section holding keys that decide who or what runs */
	assert_null(load("[Servce]\nUser=nobody\n[Service]\nExecStart=/bin/id\n"));
	assert_true(said("t.service:2: key User= in unknown section [Servce]"));
	assert_null(load("[Unti]\nAfter=b.service\n[Service]\nExecStart=/bin/id\n"));
	assert_true(said("t.service:2: key After= in unknown section [Unti]"));
	assert_null(load("[Service]\nExecStart=/bin/id\n[Srvice]\nNoSuchKeyAnywhere=1\n"));
	assert_true(said("key NoSuchKeyAnywhere= in unknown section [Srvice]"));
	assert_null(load("[Service]\nExecStart=/bin/a \\\n  \"open\n"));
	assert_true(said("t.service:2: ExecStart: bad quoting"));
}

static void skipped_keys(void **state)
{
	struct unit *u;
	struct unit_ctx strict = test_ctx;

	(void)state;
	u = load("[Unit]\nX-Custom=1\n[X-Vendor]\nA=b\n[Service]\nExecStart=/bin/true\n"
		 "ProtectSystem=full\nCPUAccounting=yes\n[Install]\nWantedBy=multi-user.target\n"
		 "DefaultInstance=x\n[Socket]\nListenStream=1\n");
	assert_non_null(u);
	assert_int_equal(diag.n_by_kind[DIAG_SKIP_SANDBOX], 1);
	assert_int_equal(diag.n_by_kind[DIAG_SKIP_INFO], 2);	/* CPUAccounting, DefaultInstance */
	assert_int_equal(diag.n_by_kind[DIAG_WARN], 1);	/* [Socket] */
	assert_true(said("less confined"));
	unit_free(u);
	/* [Install] keys change nothing at run time, but are checked */
	assert_null(load("[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=not a unit\n"));
	assert_true(said("t.service:4: WantedBy: not a unit name: not"));
	/* a misspelt section with only informational or skippable keys: warned */
	u = load("[Srvice]\nDescription=x\nProtectSystem=full\n[Service]\nExecStart=/bin/true\n");
	assert_non_null(u);
	assert_true(said("t.service:1: unknown section [Srvice], ignored"));
	unit_free(u);
	strict.require_sandbox = true;
	unit_diag_free(&diag);
	assert_int_equal(unit_parse_string("[Service]\nExecStart=/bin/true\nProtectHome=yes\n",
					   "t.service", &strict, &u, &diag), -EINVAL);
	strict.require_sandbox = false;
	strict.strict = true;
	unit_diag_free(&diag);
	assert_int_equal(unit_parse_string("[Service]\nExecStart=/bin/true\nSlice=a.slice\n",
					   "t.service", &strict, &u, &diag), -EINVAL);
}

/* .target units: [Unit] and [Install] only; ordered after what they want */
static void target_units(void **state)
{
	struct unit *u = NULL;

	(void)state;
	unit_diag_free(&diag);
	assert_int_equal(unit_parse_string("[Unit]\nDescription=App\nWants=a.service\n"
					   "Requires=b.service\nAfter=c.service\n"
					   "[Service]\nExecStart=/bin/false\n[Install]\n"
					   "WantedBy=multi-user.target\n",
					   "app.target", &test_ctx, &u, &diag), 0);
	assert_int_equal(u->kind, UNIT_KIND_TARGET);
	assert_string_equal(u->name, "app.target");
	assert_int_equal(u->exec[EXEC_START].n, 0);	/* [Service] ignored */
	assert_true(said("app.target:6: section [Service] does not apply to a target unit"));
	assert_string_equal(u->after[0], "c.service");
	assert_string_equal(u->after[1], "a.service");
	assert_string_equal(u->after[2], "b.service");
	assert_null(u->after[3]);
	unit_free(u);
	unit_diag_free(&diag);
	assert_int_equal(unit_parse_string("[Unit]\nDefaultDependencies=no\nWants=a.service\n",
					   "app@x.target", &test_ctx, &u, &diag), 0);
	assert_string_equal(u->template_name, "app@.target");
	assert_string_equal(u->instance, "x");
	assert_null(u->after[0]);
	unit_free(u);
	/* a key that is not [Unit]'s in a target's [Unit] is still refused */
	unit_diag_free(&diag);
	assert_int_equal(unit_parse_string("[Unit]\nExecStart=/bin/true\n", "app.target",
					   &test_ctx, &u, &diag), -EINVAL);
	assert_int_equal(unit_kind_of("a.path"), -1);
	assert_int_equal(unit_kind_of("a.target"), UNIT_KIND_TARGET);
	assert_int_equal(unit_kind_of("a.service"), UNIT_KIND_SERVICE);
}

static void unit_section(void **state)
{
	struct unit *u = load(
		"[Unit]\nDescription=d\nDocumentation=man:x(1) https://x\nAfter=a.service b.target\n"
		"After=c.socket\nBefore=z.service\nRequires=r.service\nWants=w.service\n"
		"BindsTo=b.service\nPartOf=p.service\nConflicts=c.service\nRequisite=q.service\n"
		"OnFailure=f@%n.service h@a@b.service\nAfter=\nConditionPathExists=!/etc/x\n"
		"ConditionPathExists=|/etc/y\nAssertVirtualization=container\n"
		"ConditionKernelCommandLine=!quiet\nFailureAction=exit\nSuccessAction=poweroff\n"
		"StartLimitIntervalSec=1min\nStartLimitBurst=3\nDefaultDependencies=no\n"
		"RequiresMountsFor=/var /srv\n"
		"[Service]\nExecStart=/bin/true\n");

	(void)state;
	assert_non_null(u);
	assert_string_equal(u->after[2], "c.socket");	/* "After=" is no reset */
	assert_string_equal(u->on_failure[0], "f@t.service.service");
	assert_string_equal(u->on_failure[1], "h@a@b.service");
	assert_int_equal(u->conditions.n, 3);
	assert_true(u->conditions.v[0].negate);
	assert_string_equal(u->conditions.v[0].value, "/etc/x");
	assert_true(u->conditions.v[1].trigger);
	assert_int_equal(u->conditions.v[2].kind, COND_KERNEL_COMMAND_LINE);
	assert_int_equal(u->asserts.n, 1);
	assert_int_equal(u->failure_action, ACTION_EXIT);
	assert_int_equal(u->success_action, ACTION_POWEROFF);
	assert_int_equal(u->start_limit_interval_ms, 60000);
	assert_int_equal(u->start_limit_burst, 3);
	unit_free(u);
	assert_null(load("[Unit]\nRequiresMountsFor=var\n[Service]\nExecStart=/bin/true\n"));
	assert_null(load("[Unit]\nDefaultDependencies=maybe\n[Service]\nExecStart=/bin/true\n"));
	u = load("[Unit]\nConditionPathExists=/a\nConditionPathExists=\n[Service]\n"
		 "ExecStart=/bin/true\n");
	assert_int_equal(u->conditions.n, 0);
	unit_free(u);
	u = load("[Unit]\nFailureAction=reboot-force\nSuccessAction=exit-force\n[Service]\n"
		 "ExecStart=/bin/true\n");
	assert_non_null(u);
	assert_int_equal(u->failure_action, ACTION_REBOOT_FORCE);
	assert_int_equal(u->success_action, ACTION_EXIT_FORCE);
	unit_free(u);
	/* the -immediate and kexec variants: not done, refused */
	assert_null(load("[Unit]\nFailureAction=reboot-immediate\n[Service]\nExecStart=/bin/true\n"));
	assert_null(load("[Unit]\nAfter=not a unit\n[Service]\nExecStart=/bin/true\n"));
}

static void exec_and_restart(void **state)
{
	struct unit *u = load(
		"[Service]\nType=notify\nExecStartPre=-/bin/pre\nExecStartPre=+/bin/pre2\n"
		"ExecStart=@/bin/daemon mydaemon --flag=%i\nExecStartPost=/bin/post\n"
		"ExecReload=/bin/kill -HUP $MAINPID\nExecStop=/bin/stop\nExecStopPost=/bin/sp\n"
		"ExecCondition=/bin/cond\nExecStartPre=\nExecStartPre=/bin/only\n"
		"Restart=on-failure\nRestartSec=2s\nRestartSteps=5\nRestartMaxDelaySec=1min\n"
		"SuccessExitStatus=3 SIGUSR1\nRestartPreventExitStatus=4\n"
		"RestartForceExitStatus=SIGPIPE\nTimeoutSec=10\nTimeoutStopSec=0\n"
		"TimeoutAbortSec=3\nKillMode=mixed\nKillSignal=SIGINT\nRestartKillSignal=HUP\n"
		"FinalKillSignal=9\nSendSIGKILL=no\nSendSIGHUP=yes\nWatchdogSec=20s\n"
		"RemainAfterExit=yes\nGuessMainPID=no\nPIDFile=foo.pid\n");

	(void)state;
	assert_non_null(u);
	assert_int_equal(u->service_type, SERVICE_NOTIFY);
	assert_int_equal(u->notify_access, NOTIFY_ACCESS_MAIN);
	assert_int_equal(u->exec[EXEC_START_PRE].n, 1);
	assert_string_equal(u->exec[EXEC_START_PRE].v[0].path, "/bin/only");
	assert_int_equal(u->exec[EXEC_START].v[0].flags, UNIT_CMD_ARGV0);
	assert_string_equal(u->exec[EXEC_START].v[0].argv[0], "mydaemon");
	assert_string_equal(u->exec[EXEC_START].v[0].argv[1], "--flag=");
	assert_string_equal(u->exec[EXEC_RELOAD].v[0].argv[2], "$MAINPID");
	assert_int_equal(u->exec[EXEC_CONDITION].n, 1);
	assert_int_equal(u->restart, RESTART_ON_FAILURE);
	assert_int_equal(u->restart_sec_ms, 2000);
	assert_true(u->restart_sec_set && u->restart_steps_set && u->restart_max_delay_set);
	assert_int_equal(u->restart_steps, 5);
	assert_int_equal(u->restart_max_delay_ms, 60000);
	assert_true(unit_exit_set_has_status(&u->success_status, 3));
	assert_true(unit_exit_set_has_signal(&u->success_status, SIGUSR1));
	assert_true(unit_exit_set_has_status(&u->restart_prevent_status, 4));
	assert_true(unit_exit_set_has_signal(&u->restart_force_status, SIGPIPE));
	assert_int_equal(u->timeout_start_ms, 10000);
	assert_true(u->timeout_stop_ms == UNIT_INFINITY);
	assert_int_equal(u->timeout_abort_ms, 3000);
	assert_int_equal(u->kill_mode, KILL_MIXED);
	assert_int_equal(u->kill_signal, SIGINT);
	assert_int_equal(u->restart_kill_signal, SIGHUP);
	assert_int_equal(u->final_kill_signal, SIGKILL);
	assert_false(u->send_sigkill);
	assert_true(u->send_sighup);
	assert_int_equal(u->watchdog_ms, 20000);
	assert_string_equal(u->pid_file, "/run/foo.pid");
	unit_free(u);
	u = load("[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b\n");
	assert_non_null(u);
	assert_true(u->timeout_start_ms == UNIT_INFINITY);
	unit_free(u);
	u = load("[Service]\nExecStop=/bin/a\nRemainAfterExit=yes\n");
	assert_non_null(u);
	assert_int_equal(u->service_type, SERVICE_ONESHOT);
	unit_free(u);
	u = load("[Service]\nType=dbus\nBusName=org.x\nExecStart=/bin/d\n");
	assert_non_null(u);
	assert_int_equal(u->service_type, SERVICE_SIMPLE);
	assert_true(said("Type=dbus"));
	unit_free(u);
	assert_null(load("[Service]\nType=oneshot\nExecStart=/bin/a\nRestart=always\n"));
	assert_null(load("[Service]\nExecStart=/bin/a\nRestart=sometimes\n"));
	assert_null(load("[Service]\nExecStart=/bin/a\nKillSignal=SIGNOPE\n"));
}

static void identity_and_io(void **state)
{
	struct unit *u = load(
		"[Service]\nExecStart=/bin/true\nUser=www-data\nGroup=www-data\n"
		"SupplementaryGroups=adm video\nSupplementaryGroups=audio\n"
		"WorkingDirectory=-/srv/x\nUMask=0077\n"
		"Environment=A=1 \"B=two words\" C=%H\nEnvironment=D=\\x41\n"
		"EnvironmentFile=-/etc/default/x\nEnvironmentFile=/etc/y\n"
		"PassEnvironment=TERM LANG\nUnsetEnvironment=FOO BAR=1\n"
		"RuntimeDirectory=x x/sub\nRuntimeDirectoryMode=0750\nStateDirectory=s\n"
		"CacheDirectory=c\nLogsDirectory=l\nConfigurationDirectory=e\n"
		"RuntimeDirectoryPreserve=restart\nStandardInput=tty\n"
		"StandardError=append:/var/log/x.log\nTTYPath=/dev/tty5\nTTYReset=yes\n"
		"TTYVHangup=yes\nSyslogIdentifier=xx\nIgnoreSIGPIPE=no\n");

	(void)state;
	assert_non_null(u);
	assert_string_equal(u->user, "www-data");
	assert_string_equal(u->supplementary_groups[2], "audio");
	assert_true(u->working_directory_optional);
	assert_string_equal(u->working_directory, "/srv/x");
	assert_int_equal(u->umask, 077);
	assert_string_equal(u->environment[1], "B=two words");
	assert_string_equal(u->environment[2], "C=box.example.org");
	assert_string_equal(u->environment[3], "D=A");
	assert_int_equal(u->n_environment_files, 2);
	assert_true(u->environment_files[0].optional);
	assert_false(u->environment_files[1].optional);
	assert_string_equal(u->pass_environment[1], "LANG");
	assert_string_equal(u->unset_environment[1], "BAR=1");
	assert_string_equal(u->directories[UNIT_DIR_RUNTIME][1], "x/sub");
	assert_int_equal(u->directory_mode[UNIT_DIR_RUNTIME], 0750);
	assert_int_equal(u->directory_mode[UNIT_DIR_STATE], 0755);
	assert_string_equal(u->directories[UNIT_DIR_CONFIGURATION][0], "e");
	assert_int_equal(u->runtime_directory_preserve, PRESERVE_RESTART);
	assert_int_equal(u->std_input, STDIN_TTY);
	assert_int_equal(u->std_output, OUTPUT_INHERIT);
	assert_int_equal(u->std_error, OUTPUT_APPEND);
	assert_string_equal(u->stderr_path, "/var/log/x.log");
	assert_string_equal(u->tty_path, "/dev/tty5");
	assert_true(u->tty_reset && u->tty_vhangup);
	assert_false(u->ignore_sigpipe);
	unit_free(u);
	u = load("[Service]\nExecStart=/bin/true\nEnvironment=A=1\nEnvironment=\n"
		 "WorkingDirectory=~\n");
	assert_null(u->environment[0]);
	assert_true(u->working_directory_home);
	unit_free(u);
	assert_null(load("[Service]\nExecStart=/bin/true\nEnvironment=NOEQUALS\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nUser=bad:name\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nStateDirectory=/abs\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nStandardOutput=fd:foo\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nUMask=999\n"));
}

static void cpu_cgroup_limits(void **state)
{
	struct unit *u = load(
		"[Service]\nExecStart=/bin/true\nNice=-5\nCPUAffinity=0-1\nCPUAffinity=3\n"
		"CPUSchedulingPolicy=fifo\nCPUSchedulingPriority=50\n"
		"CPUSchedulingResetOnFork=yes\nIOSchedulingClass=idle\nIOSchedulingPriority=7\n"
		"OOMScoreAdjust=-100\nCPUQuota=150%\nCPUQuotaPeriodSec=50ms\nCPUWeight=200\n"
		"CPUShares=512\nMemoryMax=50%\nMemoryHigh=1G\nMemoryLimit=infinity\n"
		"TasksMax=10%\nDelegate=cpu memory\nLimitNOFILE=1024:4096\nLimitCORE=infinity\n"
		"LimitCPU=1min\nLimitNICE=-10\nLimitAS=1G\n"
		"CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN\n"
		"CapabilityBoundingSet=~CAP_CHOWN\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"
		"NoNewPrivileges=yes\nPrivateNetwork=yes\nPrivateIPC=yes\nProtectHostname=yes\n"
		"PrivateMounts=yes\nPrivateTmp=yes\nPrivateUsers=yes\n");

	(void)state;
	assert_non_null(u);
	assert_true(u->nice_set);
	assert_int_equal(u->nice, -5);
	assert_non_null(u->cpu_affinity);
	assert_int_equal(CPU_COUNT(u->cpu_affinity), 3);
	assert_true(u->sched_policy_set && u->sched_priority_set && u->sched_reset_on_fork);
	assert_int_equal(u->sched_priority, 50);
	assert_int_equal(u->io_class, 3);
	assert_int_equal(u->io_priority, 7);
	assert_int_equal(u->oom_score_adjust, -100);
	assert_int_equal(u->cpu_quota_permyriad, 15000);
	assert_int_equal(u->cpu_quota_period_ms, 50);
	assert_int_equal(u->cpu_weight, 200);
	assert_int_equal(u->cpu_shares, 512);
	assert_int_equal(u->memory_max, 500000);
	assert_int_equal(u->memory_high, 1 << 30);
	assert_true(u->memory_limit == UNIT_LIMIT_INFINITY);
	assert_int_equal(u->tasks_max, 400);
	assert_true(u->delegate);
	assert_non_null(u->rlimits);
	assert_true(u->rlimits[RLIMIT_NOFILE].set);
	assert_int_equal(u->rlimits[RLIMIT_NOFILE].soft, 1024);
	assert_int_equal(u->rlimits[RLIMIT_NOFILE].hard, 4096);
	assert_true(u->rlimits[RLIMIT_CORE].hard == RLIM_INFINITY);
	assert_int_equal(u->rlimits[RLIMIT_CPU].soft, 60);
	assert_int_equal(u->rlimits[RLIMIT_NICE].soft, 30);
	assert_false(u->rlimits[RLIMIT_STACK].set);
	assert_true(u->cap_bounding_set);
	assert_true(u->cap_bounding == (1ULL << 10));
	assert_true(u->cap_ambient == (1ULL << 10));
	assert_true(u->no_new_privileges && u->private_network && u->private_ipc);
	assert_true(u->protect_hostname && u->private_mounts && u->private_tmp);
	assert_true(u->private_users);
	unit_free(u);
	u = load("[Service]\nExecStart=/bin/true\nCapabilityBoundingSet=\n");
	assert_true(u->cap_bounding_set);
	assert_true(u->cap_bounding == 0);
	unit_free(u);
	assert_null(load("[Service]\nExecStart=/bin/true\nNice=20\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nLimitNOFILE=10:5\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nCPUAffinity=2-1\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nCPUQuota=0%\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nCPUWeight=0\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nCPUSchedulingPolicy=rt\n"));
	assert_null(load("[Service]\nExecStart=/bin/true\nAmbientCapabilities=CAP_NOPE\n"));
}

static void specifiers(void **state)
{
	struct unit *u = NULL;

	(void)state;
	unit_diag_free(&diag);
	assert_int_equal(unit_parse_string(
		"[Unit]\nDescription=%n|%N|%p|%P|%i|%I|%f|%j|%J|%H|%l|%m|%v|%t|%%|%S\n"
		"[Service]\nExecStart=/bin/echo %I\n",
		"get-ty@dev-tty1\\x2dx.service", &test_ctx, &u, &diag), 0);
	assert_string_equal(u->description,
			    "get-ty@dev-tty1\\x2dx.service|get-ty@dev-tty1\\x2dx|get-ty|get/ty|"
			    "dev-tty1\\x2dx|dev/tty1-x|/dev/tty1-x|ty|ty|box.example.org|box|"
			    "0123abcd|6.1.0|/run|%|/var/lib");
	assert_string_equal(u->exec[EXEC_START].v[0].argv[1], "dev/tty1-x");
	unit_free(u);
	assert_null(load("[Unit]\nDescription=%z\n[Service]\nExecStart=/bin/true\n"));
	assert_true(said("unknown specifier %z"));
}

/* A directory with a template, drop-ins for it and for one instance. */
static void templates_and_dropins(void **state)
{
	char dir[] = "/tmp/tend-test-XXXXXX", cmd[256], path[128];
	struct unit *u = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/w@.service.d %s/w@a.service.d", dir, dir);
	assert_int_equal(system(cmd), 0);
#define WRITE(name, text)                                           \
	do {                                                        \
		snprintf(path, sizeof(path), "%s/%s", dir, name);   \
		f = fopen(path, "w");                               \
		fputs(text, f);                                     \
		fclose(f);                                          \
	} while (0)
	WRITE("w@.service", "[Unit]\nDescription=worker %i\n[Service]\n"
			    "ExecStart=/bin/w %i\nEnvironment=A=1\n");
	WRITE("w@.service.d/10-env.conf", "[Service]\nEnvironment=B=2\n");
	WRITE("w@.service.d/20-x.conf", "[Service]\nEnvironment=C=template\n");
	WRITE("w@a.service.d/20-x.conf", "[Service]\nEnvironment=C=instance\n");
	WRITE("w@a.service.d/30-reset.conf", "[Service]\nExecStart=\nExecStart=/bin/w2\n");
	WRITE("w@a.service.d/ignored.txt", "garbage");
	snprintf(path, sizeof(path), "%s/w@a.service", dir);
	assert_int_equal(unit_load(path, NULL, &test_ctx, &u, NULL), 0);
	assert_string_equal(u->name, "w@a.service");
	assert_string_equal(u->instance, "a");
	assert_string_equal(u->template_name, "w@.service");
	assert_string_equal(u->description, "worker a");
	assert_string_equal(u->environment[0], "A=1");
	assert_string_equal(u->environment[1], "B=2");
	assert_string_equal(u->environment[2], "C=instance");
	assert_null(u->environment[3]);
	assert_int_equal(u->exec[EXEC_START].n, 1);
	assert_string_equal(u->exec[EXEC_START].v[0].path, "/bin/w2");
	unit_free(u);
	snprintf(path, sizeof(path), "%s/w@.service", dir);
	assert_int_equal(unit_load(path, "b", &test_ctx, &u, NULL), 0);
	assert_string_equal(u->name, "w@b.service");
	assert_string_equal(u->environment[2], "C=template");
	assert_string_equal(u->exec[EXEC_START].v[0].argv[1], "b");
	unit_free(u);
	WRITE("w@.service.d/40-bad.conf", "[Service]\nNice=99\n");
	snprintf(path, sizeof(path), "%s/w@.service", dir);
	unit_diag_free(&diag);
	assert_int_equal(unit_load(path, "b", &test_ctx, &u, &diag), -EINVAL);
	assert_true(said("40-bad.conf:2: Nice"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* <unit>.wants/ and .requires/ symlinks (systemctl enable's) as dependencies. */
static void wants_requires_dirs(void **state)
{
	char dir[] = "/tmp/tend-test-XXXXXX", cmd[1024], path[128];
	struct unit *u = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p db.service.wants db.service.requires w@.service.wants "
		 "w@a.service.wants && ln -s ../w@.service db.service.wants/w@main.service && "
		 "ln -s /nonexistent db.service.wants/log.service && "
		 "ln -s ../x.service db.service.requires/x.service && "
		 "touch db.service.wants/.hidden && mkdir db.service.wants/sub.service && "
		 "ln -s ../h@.service w@.service.wants/h@.service && "
		 "ln -s ../h@.service db.service.wants/h@.service && "
		 "ln -s ../k.service w@a.service.wants/k.service", dir);
	assert_int_equal(system(cmd), 0);
	WRITE("db.service", "[Unit]\nWants=log.service\n[Service]\nExecStart=/bin/db\n");
	WRITE("w@.service", "[Service]\nExecStart=/bin/w %i\n");
	snprintf(path, sizeof(path), "%s/db.service", dir);
	assert_int_equal(unit_load(path, NULL, &test_ctx, &u, NULL), 0);
	/* Wants= first, then the directory in name order; no duplicate, no template */
	assert_string_equal(u->wants[0], "log.service");
	assert_string_equal(u->wants[1], "w@main.service");
	assert_null(u->wants[2]);
	assert_string_equal(u->requires[0], "x.service");
	assert_null(u->requires[1]);
	unit_free(u);
	/* an instance: its template's directory (a template entry takes the instance) */
	snprintf(path, sizeof(path), "%s/w@a.service", dir);
	assert_int_equal(unit_load(path, NULL, &test_ctx, &u, NULL), 0);
	assert_string_equal(u->wants[0], "h@a.service");
	assert_string_equal(u->wants[1], "k.service");
	assert_null(u->wants[2]);
	unit_free(u);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}
#undef WRITE

/* check DIR knows the set: a Requires=/BindsTo= outside it is said (--strict: refused). */
static void check_missing_requirement(void **state)
{
	char dir[] = "/tmp/tend-test-XXXXXX", cmd[1024], line[512], *paths[] = { dir, NULL };
	FILE *out;
	int warned = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cd %s && printf '[Unit]\\nRequires=b.service w@x.service network.target "
		 "s.socket\\nBindsTo=gone.service\\n[Service]\\nExecStart=/bin/a\\n' >a.service && "
		 "printf '[Socket]\\nListenStream=1\\n' >s.socket && "
		 "printf '[Service]\\nExecStart=/bin/b\\n' >b.service && "
		 "printf '[Service]\\nExecStart=/bin/w %%%%i\\n' >w@.service", dir);
	assert_int_equal(system(cmd), 0);
	out = tmpfile();
	assert_int_equal(unit_check_paths(paths, false, false, out), 0);
	rewind(out);
	while (fgets(line, sizeof(line), out)) {
		assert_non_null(strstr(line, "warning: "));
		assert_non_null(strstr(line, "a.service: BindsTo=gone.service: no such unit"));
		warned++;
	}
	assert_int_equal(warned, 1);	/* the others are there, or built in */
	fclose(out);
	out = tmpfile();
	assert_int_equal(unit_check_paths(paths, true, false, out), 1);
	rewind(out);
	assert_non_null(fgets(line, sizeof(line), out));
	assert_non_null(strstr(line, "error: "));
	fclose(out);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every file in units/ loads cleanly (make unit runs from the top). */
static void shipped_units_load(void **state)
{
	char *paths[] = { "units", NULL };
	FILE *out = tmpfile();
	char line[512];

	(void)state;
	assert_int_equal(unit_check_paths(paths, true, true, out), 0);
	rewind(out);
	while (fgets(line, sizeof(line), out))
		fail_msg("units/ has diagnostics: %s", line);
	fclose(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_defaults),
		cmocka_unit_test(continuation_and_comments),
		cmocka_unit_test(line_ends),
		cmocka_unit_test(nul_ends_a_line),
		cmocka_unit_test(long_values),
		cmocka_unit_test(errors_have_lines),
		cmocka_unit_test(skipped_keys),
		cmocka_unit_test(unit_section),
		cmocka_unit_test(exec_and_restart),
		cmocka_unit_test(identity_and_io),
		cmocka_unit_test(cpu_cgroup_limits),
		cmocka_unit_test(specifiers),
		cmocka_unit_test(templates_and_dropins),
		cmocka_unit_test(wants_requires_dirs),
		cmocka_unit_test(check_missing_requirement),
		cmocka_unit_test(shipped_units_load),
		cmocka_unit_test(target_units),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	unit_diag_free(&diag);
	return r;
}
