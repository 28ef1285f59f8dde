/* SPDX-License-Identifier: MIT */
/*
 * condition: Condition*=/Assert*= semantics (negation, triggering, an
 * unanswerable test) and each kind's test against host files faked under
 * a temporary root: the sides of a kind this machine can't show for real
 * (an encrypted path, a battery, PSI over a threshold, a container).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "condition.h"

static char root[] = "/tmp/tend-cond-XXXXXX";
static char *env[8];
static struct cond_ctx X = { .root = root, .environ = env };

static void put(const char *path, const char *text, size_t len)
{
	char p[512], *s;
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, path);
	for (s = strchr(p + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void puts_(const char *path, const char *text)
{
	put(path, text, strlen(text));
}

static int raw(enum unit_cond_kind k, const char *v)
{
	struct unit_cond c = { .kind = k, .value = (char *)v };

	return cond_test_raw(&X, &c);
}

static void rm_root(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/*", root);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- the list rules ---- */

static struct unit_cond C(const char *v, bool trigger, bool negate, int line)
{
	return (struct unit_cond){ .kind = COND_ENVIRONMENT, .value = (char *)v,
				   .trigger = trigger, .negate = negate, .file = "u.service",
				   .line = line };
}

static void list_rules(void **state)
{
	struct unit_cond v[4];
	struct unit_conds l = { v, 0 };
	const struct unit_cond *bad;

	(void)state;
	env[0] = "A=1";
	env[1] = NULL;
	assert_true(cond_list_ok(&X, &l, &bad));	/* none: holds */
	assert_null(bad);
	v[0] = C("A", false, false, 1);
	v[1] = C("B", false, true, 2);			/* !B */
	l.n = 2;
	assert_true(cond_list_ok(&X, &l, &bad));
	v[1] = C("B", false, false, 2);
	assert_false(cond_list_ok(&X, &l, &bad));
	assert_ptr_equal(bad, &v[1]);
	/* triggering: one of them is enough */
	v[0] = C("B", true, false, 1);
	v[1] = C("A", true, false, 2);
	assert_true(cond_list_ok(&X, &l, &bad));
	v[1] = C("C", true, false, 2);
	assert_false(cond_list_ok(&X, &l, &bad));
	assert_ptr_equal(bad, &v[0]);			/* the first '|' is named */
	/* a plain one failing beats a '|' one holding */
	v[0] = C("A", true, false, 1);
	v[1] = C("C", false, false, 2);
	assert_false(cond_list_ok(&X, &l, &bad));
	assert_ptr_equal(bad, &v[1]);
	/* '|' and '!' together */
	v[1] = C("C", true, true, 2);
	v[0] = C("B", true, false, 1);
	assert_true(cond_list_ok(&X, &l, &bad));
}

static void unknown_fails_even_negated(void **state)
{
	struct unit_cond c = { .kind = COND_CAPABILITY, .value = "CAP_NO_SUCH", .negate = true };

	(void)state;
	assert_true(cond_test_raw(&X, &c) < 0);
	assert_false(cond_test(&X, &c));
	c.negate = false;
	assert_false(cond_test(&X, &c));
}

static void describe(void **state)
{
	struct unit_cond c = { .kind = COND_PATH_EXISTS, .value = "/x", .negate = true,
			       .file = "/u/a.service", .line = 7 };
	char buf[128];

	(void)state;
	cond_describe(&c, false, false, buf, sizeof(buf));
	assert_string_equal(buf, "ConditionPathExists=!/x (/u/a.service:7)");
	cond_describe(&c, true, false, buf, sizeof(buf));
	assert_string_equal(buf, "AssertPathExists=!/x (/u/a.service:7)");
}

/* ---- pure helpers ---- */

static void cmdline(void **state)
{
	const char *l = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet \"x=a b\" rd.x\n";

	(void)state;
	assert_true(cond_cmdline_has(l, "quiet"));
	assert_true(cond_cmdline_has(l, "root"));
	assert_true(cond_cmdline_has(l, "root=/dev/sda1"));
	assert_false(cond_cmdline_has(l, "root=/dev/sda"));
	assert_false(cond_cmdline_has(l, "roo"));
	assert_true(cond_cmdline_has(l, "x=a b"));
	assert_true(cond_cmdline_has(l, "rd.x"));
	assert_false(cond_cmdline_has(l, "rd"));
}

static void versions(void **state)
{
	(void)state;
	assert_true(cond_vercmp("5.10", "5.9") > 0);
	assert_true(cond_vercmp("2.6.32", "5.10") < 0);
	assert_int_equal(cond_vercmp("1.0", "1.0"), 0);
	assert_true(cond_vercmp("1.0~rc1", "1.0") < 0);
	assert_true(cond_vercmp("5.10.0-20-amd64", "5.10") > 0);
	assert_true(cond_vercmp("6.1", "6.1.0") < 0);
	assert_int_equal(cond_compare(">=4.19", "5.10.0", false, false, NULL), 1);
	assert_int_equal(cond_compare("<4.19", "5.10.0", false, false, NULL), 0);
	assert_int_equal(cond_compare("!=5.10", "5.10", false, false, NULL), 0);
	assert_int_equal(cond_compare("$=5.*", "5.10", true, false, NULL), 1);
	assert_int_equal(cond_compare("!$=5.*", "5.10", true, false, NULL), 0);
	assert_int_equal(cond_compare("=12.0", "12", true, true, NULL), 0);	/* strings */
	assert_int_equal(cond_compare("=12.0", "12.0", true, true, NULL), 1);
	assert_int_equal(cond_compare("3", "4", false, false, ">="), 1);
	assert_int_equal(cond_compare("3", "4", false, false, NULL), -EINVAL);
}

static void psi(void **state)
{
	const char *t = "some avg10=5.00 avg60=9.00 avg300=40.00 total=1\n"
			"full avg10=1.00 avg60=1.50 avg300=30.00 total=1\n";

	(void)state;
	assert_int_equal(cond_psi_ok(t, "20%", false), 0);	/* full avg300: 30% */
	assert_int_equal(cond_psi_ok(t, "30%", false), 1);
	assert_int_equal(cond_psi_ok(t, "20%/1min", false), 1);
	assert_int_equal(cond_psi_ok(t, "1%/10sec", false), 1);
	assert_int_equal(cond_psi_ok(t, "0.5%/10sec", false), 0);
	assert_int_equal(cond_psi_ok(t, "30%/5min", false), 1);
	assert_int_equal(cond_psi_ok(t, "20%/10s", false), -EINVAL);	/* systemd's words only */
	assert_int_equal(cond_psi_ok(t, "20%/7sec", false), -EINVAL);
	assert_int_equal(cond_psi_ok(t, "lots", false), -EINVAL);
	assert_int_equal(cond_psi_ok(t, "35%", true), 0);		/* some avg300: 40% */
	/* no full line (older kernels' cpu): some */
	assert_int_equal(cond_psi_ok("some avg10=0.00 avg60=0.00 avg300=50.00 total=1\n", "20%",
				     false), 0);
}

/* ---- kinds against a fake root ---- */

static void virtualization(void **state)
{
	(void)state;
	rm_root();
	env[0] = NULL;
	X.pid1 = false;
	assert_int_equal(raw(COND_VIRTUALIZATION, "private-users"), 0);
	puts_("/.dockerenv", "");
	assert_int_equal(raw(COND_VIRTUALIZATION, "docker"), 1);
	assert_int_equal(raw(COND_VIRTUALIZATION, "container"), 1);
	assert_int_equal(raw(COND_VIRTUALIZATION, "yes"), 1);
	assert_int_equal(raw(COND_VIRTUALIZATION, "vm"), 0);
	assert_int_equal(raw(COND_VIRTUALIZATION, "podman"), 0);
	/* PID 1's environment, /proc/1/environ and /run/systemd/container win */
	put("/proc/1/environ", "A=1\0container=lxc\0", 18);
	assert_int_equal(raw(COND_VIRTUALIZATION, "lxc"), 1);
	puts_("/run/systemd/container", "systemd-nspawn\n");
	assert_int_equal(raw(COND_VIRTUALIZATION, "systemd-nspawn"), 1);
	X.pid1 = true;
	env[0] = "container=oci";
	env[1] = NULL;
	assert_int_equal(raw(COND_VIRTUALIZATION, "docker"), 1);	/* oci: by files */
	env[0] = "container=something";
	assert_int_equal(raw(COND_VIRTUALIZATION, "container-other"), 1);
	puts_("/run/.containerenv", "");
	env[0] = "container=oci";
	assert_int_equal(raw(COND_VIRTUALIZATION, "podman"), 1);
	puts_("/proc/sys/kernel/osrelease", "5.15.0-microsoft-standard-WSL2\n");
	assert_int_equal(raw(COND_VIRTUALIZATION, "wsl"), 1);
	put("/proc/self/uid_map", "         0     100000      65536\n", 33);
	assert_int_equal(raw(COND_VIRTUALIZATION, "private-users"), 1);
	X.pid1 = false;
	env[0] = NULL;
}

static void machine_facts(void **state)
{
	(void)state;
	rm_root();
	puts_("/proc/sys/kernel/hostname", "Web-01\n");
	puts_("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
	assert_int_equal(raw(COND_HOST, "web-*"), 1);	/* case-insensitive glob */
	assert_int_equal(raw(COND_HOST, "db-*"), 0);
	assert_int_equal(raw(COND_HOST, "01234567-89ab-cdef-0123-456789abcdef"), 1);
	assert_int_equal(raw(COND_HOST, "11111111111111111111111111111111"), 0);
	puts_("/proc/cmdline", "root=/dev/vda quiet systemd.condition-first-boot=0\n");
	assert_int_equal(raw(COND_KERNEL_COMMAND_LINE, "quiet"), 1);
	assert_int_equal(raw(COND_KERNEL_COMMAND_LINE, "splash"), 0);
	puts_("/proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
	assert_int_equal(raw(COND_KERNEL_VERSION, ">=5.10 <6.2"), 1);
	assert_int_equal(raw(COND_KERNEL_VERSION, ">= 6.2"), 0);
	assert_int_equal(raw(COND_KERNEL_VERSION, "6.1.*"), 1);
	assert_int_equal(raw(COND_KERNEL_VERSION, "5.*"), 0);
	assert_int_equal(raw(COND_KERNEL_VERSION, "=6.1.0-13-amd64"), 1);	/* strings */
	assert_int_equal(raw(COND_KERNEL_VERSION, "=6.1"), 0);
	assert_int_equal(raw(COND_KERNEL_VERSION, "$=6.1.*"), 1);
	puts_("/proc/sys/kernel/random/boot_id", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n");
	assert_int_equal(raw(COND_HOST, "aaaaaaaabbbbccccddddeeeeeeeeeeee"), 1);	/* boot ID */
	puts_("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu sse2 avx2\n\nprocessor\t: 1\n");
	assert_int_equal(raw(COND_CPU_FEATURE, "avx2"), 1);
	assert_int_equal(raw(COND_CPU_FEATURE, "SSE2"), 1);		/* any case */
	assert_int_equal(raw(COND_CPU_FEATURE, "avx"), 0);
	puts_("/proc/cpuinfo", "processor\t: 0\nFeatures\t: fp asimd\n");
	assert_int_equal(raw(COND_CPU_FEATURE, "asimd"), 0);		/* x86 only */
	puts_("/proc/sys/kernel/arch", "aarch64\n");
	assert_int_equal(raw(COND_ARCHITECTURE, "arm64"), 1);
	assert_int_equal(raw(COND_ARCHITECTURE, "x86-64"), 0);
	assert_int_equal(raw(COND_ARCHITECTURE, "no-such-arch"), 0);	/* not ours */
	puts_("/proc/self/status", "Name:\tx\nCapBnd:\t0000000000000001\n");
	assert_int_equal(raw(COND_CAPABILITY, "CAP_CHOWN"), 1);
	assert_int_equal(raw(COND_CAPABILITY, "CAP_SYS_ADMIN"), 0);
	/* first boot: the command line overrides machine-id */
	assert_int_equal(raw(COND_FIRST_BOOT, "no"), 1);
	puts_("/proc/cmdline", "quiet\n");
	assert_int_equal(raw(COND_FIRST_BOOT, "no"), 1);
	puts_("/etc/machine-id", "uninitialized\n");
	assert_int_equal(raw(COND_FIRST_BOOT, "yes"), 1);
	assert_true(raw(COND_FIRST_BOOT, "maybe") < 0);
	env[0] = "SYSTEMD_FIRST_BOOT=0";		/* the manager's environment wins */
	env[1] = NULL;
	assert_int_equal(raw(COND_FIRST_BOOT, "no"), 1);
	env[0] = NULL;
}

static void os_release(void **state)
{
	(void)state;
	rm_root();
	puts_("/usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\nNAME='Debian GNU/Linux'\n");
	assert_int_equal(raw(COND_OS_RELEASE, "ID=debian"), 1);
	assert_int_equal(raw(COND_OS_RELEASE, "ID=fedora"), 0);
	assert_int_equal(raw(COND_OS_RELEASE, "ID!=fedora VERSION_ID>=11"), 1);
	assert_int_equal(raw(COND_OS_RELEASE, "VERSION_ID<12"), 0);
	assert_int_equal(raw(COND_OS_RELEASE, "ID$=deb*"), 1);
	assert_int_equal(raw(COND_OS_RELEASE, "\"NAME=Debian GNU/Linux\""), 1);
	assert_int_equal(raw(COND_OS_RELEASE, "BUILD_ID="), 1);	/* missing is "" */
	assert_true(raw(COND_OS_RELEASE, "ID") < 0);
	puts_("/etc/os-release", "ID=alpine\n");		/* /etc wins */
	assert_int_equal(raw(COND_OS_RELEASE, "ID=alpine"), 1);
}

static void power_security_firmware(void **state)
{
	(void)state;
	rm_root();
	assert_int_equal(raw(COND_AC_POWER, "true"), 1);	/* nothing known: on AC */
	puts_("/sys/class/power_supply/BAT0/type", "Battery\n");
	puts_("/sys/class/power_supply/AC/type", "Mains\n");
	puts_("/sys/class/power_supply/AC/online", "0\n");
	assert_int_equal(raw(COND_AC_POWER, "false"), 1);
	assert_int_equal(raw(COND_AC_POWER, "true"), 0);
	puts_("/sys/class/power_supply/AC2/type", "Mains\n");
	puts_("/sys/class/power_supply/AC2/online", "1\n");
	assert_int_equal(raw(COND_AC_POWER, "true"), 1);
	assert_true(raw(COND_AC_POWER, "sometimes") < 0);

	assert_int_equal(raw(COND_SECURITY, "apparmor"), 0);
	puts_("/sys/module/apparmor/parameters/enabled", "Y\n");
	assert_int_equal(raw(COND_SECURITY, "apparmor"), 1);
	puts_("/sys/fs/selinux/enforce", "1\n");
	assert_int_equal(raw(COND_SECURITY, "selinux"), 1);
	assert_int_equal(raw(COND_SECURITY, "smack"), 0);
	put("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c",
	    "\x06\0\0\0\x01", 5);
	assert_int_equal(raw(COND_SECURITY, "uefi-secureboot"), 1);
	assert_int_equal(raw(COND_SECURITY, "cvm"), 0);

	assert_int_equal(raw(COND_FIRMWARE, "uefi"), 1);
	assert_int_equal(raw(COND_FIRMWARE, "device-tree"), 0);
	put("/proc/device-tree/compatible", "acme,board\0acme,soc\0", 20);
	assert_int_equal(raw(COND_FIRMWARE, "device-tree-compatible(acme,soc)"), 1);
	assert_int_equal(raw(COND_FIRMWARE, "device-tree-compatible(acme,so)"), 0);
	puts_("/sys/class/dmi/id/sys_vendor", "QEMU\n");
	assert_int_equal(raw(COND_FIRMWARE, "smbios-field(sys_vendor = QEMU)"), 1);
	assert_int_equal(raw(COND_FIRMWARE, "smbios-field(sys_vendor $= QE*)"), 1);
	assert_int_equal(raw(COND_FIRMWARE, "smbios-field(sys_vendor = Xen)"), 0);
	assert_int_equal(raw(COND_FIRMWARE, "something-else"), 0);
}

static void cgroups_and_pressure(void **state)
{
	(void)state;
	rm_root();
	puts_("/proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
			       "cpu\t3\t1\t1\nmemory\t4\t1\t1\npids\t0\t1\t0\n");
	assert_int_equal(raw(COND_CONTROL_GROUP_CONTROLLER, "v1"), 1);
	assert_int_equal(raw(COND_CONTROL_GROUP_CONTROLLER, "v2"), 0);
	assert_int_equal(raw(COND_CONTROL_GROUP_CONTROLLER, "cpu memory"), 1);
	assert_int_equal(raw(COND_CONTROL_GROUP_CONTROLLER, "memory pids"), 0);
	assert_int_equal(raw(COND_CONTROL_GROUP_CONTROLLER, "no-such"), 1);
	assert_int_equal(raw(COND_CONTROL_GROUP_CONTROLLER, "bpf-firewall"), 0);
	/* no PSI: systemd skips the check, true */
	assert_int_equal(raw(COND_MEMORY_PRESSURE, "1%"), 1);
	puts_("/proc/pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
				       "full avg10=0.00 avg60=0.00 avg300=12.50 total=0\n");
	puts_("/proc/pressure/io", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
				   "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	assert_int_equal(raw(COND_MEMORY_PRESSURE, "10%"), 0);
	assert_int_equal(raw(COND_MEMORY_PRESSURE, "12.5%"), 1);
	assert_int_equal(raw(COND_IO_PRESSURE, "0%"), 1);
	assert_true(raw(COND_CPU_PRESSURE, "10%") < 0);		/* its file is missing */
	assert_false(cond_test(&X, &(struct unit_cond){ .kind = COND_CPU_PRESSURE,
							.value = "10%", .negate = true }));
	/* a slice: tend has none, and systemd skips a missing one */
	assert_int_equal(raw(COND_MEMORY_PRESSURE, "foo.slice:10%"), 1);
	puts_("/proc/pressure/cpu", "some avg10=0.00 avg60=0.00 avg300=20.00 total=0\n"
				    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	assert_int_equal(raw(COND_CPU_PRESSURE, "10%"), 0);	/* cpu: the some line */
}

static void paths(void **state)
{
	char p[600], q[600];
	int fd;

	(void)state;
	rm_root();
	snprintf(p, sizeof(p), "%s/dir", root);
	mkdir(p, 0755);
	assert_int_equal(raw(COND_DIRECTORY_NOT_EMPTY, p), 0);
	snprintf(q, sizeof(q), "%s/dir/.hidden", root);
	close(open(q, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	snprintf(q, sizeof(q), "%s/dir/x.dpkg-old", root);
	close(open(q, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	assert_int_equal(raw(COND_DIRECTORY_NOT_EMPTY, p), 0);	/* hidden, backup */
	snprintf(q, sizeof(q), "%s/dir/real", root);
	fd = open(q, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(raw(COND_DIRECTORY_NOT_EMPTY, p), 1);
	assert_int_equal(raw(COND_DIRECTORY_NOT_EMPTY, q), 0);		/* not a dir */
	assert_int_equal(raw(COND_FILE_NOT_EMPTY, q), 0);
	assert_int_equal(raw(COND_FILE_IS_EXECUTABLE, q), 0);
	chmod(q, 0744);
	assert_int_equal(raw(COND_FILE_IS_EXECUTABLE, q), 1);
	assert_int_equal(raw(COND_FILE_IS_EXECUTABLE, p), 0);		/* a dir */
	snprintf(q, sizeof(q), "%s/d*/re?l", root);
	assert_int_equal(raw(COND_PATH_EXISTS_GLOB, q), 1);
	snprintf(q, sizeof(q), "%s/{x,dir}", root);
#ifdef __GLIBC__
	assert_int_equal(raw(COND_PATH_EXISTS_GLOB, q), 1);		/* GLOB_BRACE */
#else
	assert_int_equal(raw(COND_PATH_EXISTS_GLOB, q), 0);		/* musl: no braces */
#endif
	snprintf(q, sizeof(q), "%s/link", root);
	assert_int_equal(symlink(p, q), 0);
	assert_int_equal(raw(COND_PATH_IS_SYMBOLIC_LINK, q), 1);
	assert_int_equal(raw(COND_PATH_IS_DIRECTORY, q), 1);		/* followed */
	assert_int_equal(raw(COND_PATH_IS_MOUNT_POINT, "/"), 1);
	assert_int_equal(raw(COND_PATH_IS_MOUNT_POINT, p), 0);
	assert_int_equal(raw(COND_PATH_IS_READ_WRITE, p), 1);
	assert_int_equal(raw(COND_PATH_IS_READ_WRITE, "/nonexistent"), 0);
}

/* PathIsEncrypted=: dm-crypt under the path's device, faked in sysfs. */
static void encrypted(void **state)
{
	struct stat st;
	char p[128], dev[32];

	(void)state;
	rm_root();
	if (stat("/", &st) < 0 || major(st.st_dev) == 0)
		skip();	/* / has no block device here (overlay, tmpfs) */
	assert_int_equal(raw(COND_PATH_IS_ENCRYPTED, "/"), 0);
	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/slaves/dm-0/dev", major(st.st_dev),
		 minor(st.st_dev));
	puts_(p, "253:0\n");
	assert_int_equal(raw(COND_PATH_IS_ENCRYPTED, "/"), 0);
	puts_("/sys/dev/block/253:0/dm/uuid", "CRYPT-LUKS2-abc-root\n");
	assert_int_equal(raw(COND_PATH_IS_ENCRYPTED, "/"), 1);
	snprintf(dev, sizeof(dev), "/sys/dev/block/%u:%u/dm/uuid", major(st.st_dev),
		 minor(st.st_dev));
	puts_(dev, "LVM-xyz\n");
	assert_int_equal(raw(COND_PATH_IS_ENCRYPTED, "/"), 1);		/* LVM on LUKS */
}

static void needs_update(void **state)
{
	char p[128];
	struct timespec old[2] = { { 1000, 0 }, { 1000, 0 } }, new_[2] = { { 2000, 0 }, { 2000, 0 } };

	(void)state;
	rm_root();
	snprintf(p, sizeof(p), "%s/usr", root);
	mkdir(p, 0755);
	assert_int_equal(utimensat(AT_FDCWD, p, new_, 0), 0);
	assert_int_equal(raw(COND_NEEDS_UPDATE, root), 1);	/* no .updated */
	puts_("/.updated", "");
	snprintf(p, sizeof(p), "%s/.updated", root);
	assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
	assert_int_equal(raw(COND_NEEDS_UPDATE, root), 1);	/* /usr is newer */
	snprintf(p, sizeof(p), "%s/usr", root);
	assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
	assert_int_equal(raw(COND_NEEDS_UPDATE, root), 0);
	puts_("/proc/cmdline", "systemd.condition-needs-update=1\n");
	assert_int_equal(raw(COND_NEEDS_UPDATE, root), 1);
}

static void identity_env(void **state)
{
	char p[128];

	(void)state;
	rm_root();
	env[0] = "FOO=bar";
	env[1] = "EMPTY=";
	env[2] = NULL;
	assert_int_equal(raw(COND_ENVIRONMENT, "FOO"), 1);
	assert_int_equal(raw(COND_ENVIRONMENT, "FOO=bar"), 1);
	assert_int_equal(raw(COND_ENVIRONMENT, "FOO=ba"), 0);
	assert_int_equal(raw(COND_ENVIRONMENT, "FO"), 0);
	assert_int_equal(raw(COND_ENVIRONMENT, "EMPTY="), 1);
	snprintf(p, sizeof(p), "CREDENTIALS_DIRECTORY=%s", root);
	env[2] = p;
	env[3] = NULL;
	puts_("/token", "x");
	assert_int_equal(raw(COND_CREDENTIAL, "token"), 1);
	assert_int_equal(raw(COND_CREDENTIAL, "other"), 0);
	assert_int_equal(raw(COND_CREDENTIAL, "../token"), 0);
	env[0] = NULL;
	assert_int_equal(raw(COND_USER, "@system"), getuid() <= 999 || geteuid() <= 999);
	assert_int_equal(raw(COND_USER, "4000000"), getuid() == 4000000);
	assert_int_equal(raw(COND_GROUP, "4000000"), 0);
	assert_int_equal(raw(COND_CPUS, ">=1"), 1);
	assert_int_equal(raw(COND_CPUS, "1000000"), 0);		/* a bare N is >= */
	assert_int_equal(raw(COND_MEMORY, ">=1K"), 1);
	assert_int_equal(raw(COND_MEMORY, "<1K"), 0);
	assert_true(raw(COND_MEMORY, ">=lots") < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_rules),
		cmocka_unit_test(unknown_fails_even_negated),
		cmocka_unit_test(describe),
		cmocka_unit_test(cmdline),
		cmocka_unit_test(versions),
		cmocka_unit_test(psi),
		cmocka_unit_test(virtualization),
		cmocka_unit_test(machine_facts),
		cmocka_unit_test(os_release),
		cmocka_unit_test(power_security_firmware),
		cmocka_unit_test(cgroups_and_pressure),
		cmocka_unit_test(paths),
		cmocka_unit_test(encrypted),
		cmocka_unit_test(needs_update),
		cmocka_unit_test(identity_env),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
