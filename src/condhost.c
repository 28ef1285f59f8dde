/* SPDX-License-Identifier: MIT */
/*
 * The tests of conditions about the machine (Virtualization=, Host=,
 * Architecture=, Capability=, ACPower=, Security=, NeedsUpdate=,
 * FirstBoot=, ControlGroupController=, *Pressure=, Firmware=,
 * CPUFeature=), as systemd's src/shared/condition.c answers them.  Only
 * reads host files under the context's root.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "condpriv.h"
#include "unitval.h"
#include "util.h"
#include "virt.h"
#include "nofail.h"

#define CGROUP2_MAGIC 0x63677270

/* A machine id (32 hex digits, or a UUID) into 32 lowercase hex digits. */
static bool id128(const char *s, char out[33])
{
	size_t n = 0;

	for (; *s && n < 32; s++) {
		if (*s == '-' && (n == 8 || n == 12 || n == 16 || n == 20))
			continue;
		if (hex_value(*s) < 0)
			return false;
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
	return n == 32 && !*s;
}

/* Host=: a UUID is the machine ID, the boot ID or the product UUID; else a hostname glob. */
static int t_host(const struct cond_ctx *x, const char *param)
{
	static const char *const ids[] = {
		"/etc/machine-id", "/proc/sys/kernel/random/boot_id", "/sys/class/dmi/id/product_uuid",
	};
	char want[33], have[64], id[33], host[256];
	int r;

	for (size_t i = 0; id128(param, want) && i < ARRAY_SIZE(ids); i++) {
		if (cond_host_read(x, ids[i], have, sizeof(have)) < 0)
			continue;
		have[strcspn(have, "\n")] = '\0';
		if (id128(have, id) && strcmp(id, want) == 0)
			return 1;
	}
	/* and a hostname that looks like a UUID */
	r = cond_host_read(x, "/proc/sys/kernel/hostname", host, sizeof(host));
	if (r < 0)
		return r;
	host[strcspn(host, "\n")] = '\0';
	return fnmatch(param, host, FNM_CASEFOLD) == 0;
}

/* Our user namespace is not the initial one. */
static int in_userns(const struct cond_ctx *x)
{
	char buf[256];
	unsigned a, b, c;

	if (cond_host_read(x, "/proc/self/uid_map", buf, sizeof(buf)) <= 0)
		return 0;
	if (sscanf(buf, "%u %u %u", &a, &b, &c) != 3)
		return 0;
	return !(a == 0 && b == 0 && c == 4294967295U);
}

static int t_virtualization(const struct cond_ctx *x, const char *param)
{
	const char *id;
	enum virt_kind v;
	bool b;

	if (strcmp(param, "private-users") == 0)
		return in_userns(x);
	v = virt_detect(x->root, x->pid1, cond_env_get(x, "container"), &id);
	if (uv_bool(param, &b) == 0)
		return b == (v != VIRT_NONE);
	if (strcmp(param, "vm") == 0)
		return v == VIRT_VM;
	if (strcmp(param, "container") == 0)
		return v == VIRT_CONTAINER;
	return v != VIRT_NONE && strcmp(param, id) == 0;
}

static int t_architecture(const struct cond_ctx *x, const char *param)
{
	char m[64];
	const char *have, *want;

	struct utsname u;

	if (cond_host_read(x, "/proc/sys/kernel/arch", m, sizeof(m)) < 0) {
		if (uname(&u) < 0)
			return -errno;
		strscpy(m, u.machine, sizeof(m));	/* kernels before 5.16 */
	}
	m[strcspn(m, "\n")] = '\0';
	have = virt_arch_uname(m);
	want = strcmp(param, "native") == 0 ? virt_arch_native() : param;
	if (!virt_arch_known(want))
		return 0;	/* systemd: an unknown architecture is not ours */
	return have && strcmp(have, want) == 0;
}

static int t_capability(const struct cond_ctx *x, const char *param)
{
	char buf[4096], *p;
	uint64_t want, bnd = ~0ULL;

	if (strchr(param, ' ') || uv_caps(param, &want) < 0 || !want)
		return -EINVAL;
	if (cond_host_read(x, "/proc/self/status", buf, sizeof(buf)) < 0)
		return -errno;
	p = strstr(buf, "\nCapBnd:");
	if (p)
		bnd = strtoull(p + 8, NULL, 16);
	return (bnd & want) != 0;
}

/* systemd's on_ac_power(): 1 on mains, or when nothing says otherwise. */
static int on_ac_power(const struct cond_ctx *x)
{
	char dir[4096], p[4400], buf[32];
	bool offline = false;
	struct dirent *de;
	DIR *d;
	int r = -1;

	cond_host_path(x, "/sys/class/power_supply", dir, sizeof(dir));
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 1 : -errno;
	while (r < 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/class/power_supply/%s/type", de->d_name);
		if (cond_host_read(x, p, buf, sizeof(buf)) < 0 || strcmp(buf, "Mains\n") != 0)
			continue;
		snprintf(p, sizeof(p), "/sys/class/power_supply/%s/online", de->d_name);
		if (cond_host_read(x, p, buf, sizeof(buf)) < 0)
			continue;
		if (buf[0] == '1')
			r = 1;
		else if (buf[0] == '0')
			offline = true;
	}
	closedir(d);
	return r > 0 || !offline;
}

static int t_ac_power(const struct cond_ctx *x, const char *param)
{
	bool b;

	if (uv_bool(param, &b) < 0)
		return -EINVAL;
	return (on_ac_power(x) != 0) == b;
}

static bool host_exists(const struct cond_ctx *x, const char *path)
{
	char p[4096];

	cond_host_path(x, path, p, sizeof(p));
	return access(p, F_OK) == 0;
}

/* An EFI variable's first data byte (after 4 bytes of attributes) is 1. */
static bool efi_flag(const struct cond_ctx *x, const char *name)
{
	char p[256], buf[16];

	snprintf(p, sizeof(p), "/sys/firmware/efi/efivars/%s", name);
	return cond_host_read(x, p, buf, sizeof(buf)) >= 5 && buf[4] == 1;
}

static int t_security(const struct cond_ctx *x, const char *param)
{
	char buf[16];

	if (!strcmp(param, "selinux"))
		return host_exists(x, "/sys/fs/selinux/enforce");
	if (!strcmp(param, "smack"))
		return host_exists(x, "/sys/fs/smackfs/");
	if (!strcmp(param, "apparmor"))
		return cond_host_read(x, "/sys/module/apparmor/parameters/enabled", buf,
				 sizeof(buf)) > 0 && buf[0] == 'Y';
	if (!strcmp(param, "ima"))
		return host_exists(x, "/sys/kernel/security/ima/");
	if (!strcmp(param, "tomoyo"))
		return host_exists(x, "/sys/kernel/security/tomoyo/version");
	if (!strcmp(param, "uefi-secureboot"))
		return efi_flag(x, "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c");
	if (!strcmp(param, "measured-uki"))
		return host_exists(x, "/sys/firmware/efi/efivars/"
				   "StubPcrKernelImage-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f");
	if (!strcmp(param, "tpm2"))
		return host_exists(x, "/sys/class/tpmrm/tpmrm0");
	if (!strcmp(param, "audit")) {
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
				NETLINK_AUDIT);

		if (fd < 0)
			return !(errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT ||
				 errno == EPERM);
		close(fd);
		return 1;
	}
	return 0;	/* cvm and unknown technologies: not in use */
}

static int t_needs_update(const struct cond_ctx *x, const char *param)
{
	char p[4096], usr[4096];
	struct stat u, o;
	bool b;

	if (cond_cmdline_bool(x, "systemd.condition_needs_update", &b) > 0)
		return b;
	if (host_exists(x, "/etc/initrd-release"))
		return 0;	/* no updates from an initrd */
	if (param[0] != '/')
		return 1;
	if (cond_read_write(param) == 0 && access(param, F_OK) == 0)
		return 0;	/* a read-only file system can't be updated */
	snprintf(p, sizeof(p), "%s/.updated", param);
	cond_host_path(x, "/usr/", usr, sizeof(usr));
	if (lstat(p, &o) < 0 || lstat(usr, &u) < 0)
		return 1;	/* rather run the update tools too often */
	if (u.st_mtim.tv_sec != o.st_mtim.tv_sec)
		return u.st_mtim.tv_sec > o.st_mtim.tv_sec;
	return u.st_mtim.tv_nsec > o.st_mtim.tv_nsec;
}

/*
 * $SYSTEMD_FIRST_BOOT of the manager, the systemd.condition-first-boot=
 * option of older systemd, else what systemd's PID 1 marks a first boot
 * (/run/systemd/first-boot): /etc/machine-id missing, empty or
 * "uninitialized", which tend checks itself.
 */
static int t_first_boot(const struct cond_ctx *x, const char *param)
{
	const char *e = cond_env_get(x, "SYSTEMD_FIRST_BOOT");
	char id[64];
	bool want, first;
	int r;

	if (uv_bool(param, &want) < 0)
		return -EINVAL;
	if (e && uv_bool(e, &first) == 0)
		return first == want;
	if (cond_cmdline_bool(x, "systemd.condition-first-boot", &first) > 0)
		return first == want;
	r = cond_host_read(x, "/etc/machine-id", id, sizeof(id));
	first = host_exists(x, "/run/systemd/first-boot") || r <= 0 ||
		strncmp(id, "uninitialized", 13) == 0 || id[0] == '\n';
	return first == want;
}

static bool cgroup2_root(const struct cond_ctx *x)
{
	char p[4096];
	struct statfs st;

	cond_host_path(x, "/sys/fs/cgroup", p, sizeof(p));
	return statfs(p, &st) == 0 && st.f_type == CGROUP2_MAGIC;
}

/* Is controller c available (v2: the root's list; v1: enabled in /proc/cgroups)? */
static bool controller_ok(const struct cond_ctx *x, bool v2, const char *c)
{
	char buf[4096], w[64];
	const char *p = buf;
	char *l, *save = NULL;

	if (v2) {
		if (cond_host_read(x, "/sys/fs/cgroup/cgroup.controllers", buf, sizeof(buf)) < 0)
			return false;
		while (cond_next_word(&p, w, sizeof(w)))
			if (strcmp(w, c) == 0 || (!strcmp(c, "cpuacct") && !strcmp(w, "cpu")))
				return true;
		return false;
	}
	if (cond_host_read(x, "/proc/cgroups", buf, sizeof(buf)) < 0)
		return false;
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char name[64];
		unsigned h, n, en;

		if (sscanf(l, "%63s %u %u %u", name, &h, &n, &en) == 4 && en &&
		    strcmp(name, c) == 0)
			return true;
	}
	return false;
}

static int t_cgroup_controller(const struct cond_ctx *x, const char *param)
{
	static const char *const known[] = {
		"cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids",
		"bpf-firewall", "bpf-devices", "bpf-foreign", "bpf-socket-bind",
		"bpf-restrict-network-interfaces", NULL,
	};
	bool v2 = cgroup2_root(x), any = false;
	const char *p = param;
	const char *const *k;
	char w[64];

	if (!strcmp(param, "v2"))
		return v2;
	if (!strcmp(param, "v1"))
		return !v2;
	while (cond_next_word(&p, w, sizeof(w))) {
		for (k = known; *k && strcmp(*k, w); k++)
			;
		if (!*k)
			continue;	/* unknown names are not looked at */
		any = true;
		if (strncmp(w, "bpf-", 4) == 0 || !controller_ok(x, v2, w))
			return 0;
	}
	(void)any;
	return 1;	/* nothing known asked for: true, as systemd */
}

int cond_psi_ok(const char *text, const char *param, bool some)
{
	const char *v = param, *slash = strchr(v, '/'), *line = NULL, *f;
	const char *key = "avg300=";
	char pct[32];
	int64_t limit;
	double cur;

	if ((size_t)(slash ? slash - v : (long)strlen(v)) >= sizeof(pct))
		return -EINVAL;
	snprintf(pct, sizeof(pct), "%.*s", (int)(slash ? slash - v : (long)strlen(v)), v);
	if (uv_permyriad(pct, &limit) < 0)
		return -EINVAL;
	if (slash) {	/* systemd's words: 10sec, 1min, 5min */
		slash += 1 + strspn(slash + 1, " ");
		key = !strncmp(slash, "10sec", 5) ? "avg10=" : !strncmp(slash, "1min", 4) ?
		      "avg60=" : !strncmp(slash, "5min", 4) ? "avg300=" : NULL;
		if (!key)
			return -EINVAL;
	}
	if (!some) {	/* "full", or "some" where there is none */
		line = strstr(text, "full ");
		if (line && line != text && line[-1] != '\n')
			line = NULL;
	}
	if (!line)
		line = strncmp(text, "some ", 5) == 0 ? text : NULL;
	if (!line)
		return -ENODATA;
	f = strstr(line, key);
	if (!f)
		return -ENODATA;
	cur = strtod(f + strlen(key), NULL);
	return (int64_t)(cur * 100 + 0.5) <= limit;
}

static int t_pressure(const struct cond_ctx *x, enum unit_cond_kind k, const char *param)
{
	static const char *const res[] = { "memory", "cpu", "io" };
	const char *r = res[k - COND_MEMORY_PRESSURE];
	char p[64], text[512];

	if (!host_exists(x, "/proc/pressure/"))
		return 1;	/* no PSI: systemd skips the check */
	if (strchr(param, ':'))
		return 1;	/* a slice: tend has none, and systemd skips a missing one */
	snprintf(p, sizeof(p), "/proc/pressure/%s", r);
	if (cond_host_read(x, p, text, sizeof(text)) < 0)
		return -errno;
	/* a system-wide "full" line for cpu is reported but undefined */
	return cond_psi_ok(text, param, k == COND_CPU_PRESSURE);
}

static int t_firmware(const struct cond_ctx *x, const char *param)
{
	char buf[4096], name[128], p[256];
	size_t n = strlen(param);
	const char *s;
	int len, i;

	if (!strcmp(param, "device-tree"))
		return host_exists(x, "/sys/firmware/devicetree/");
	if (!strcmp(param, "uefi"))
		return host_exists(x, "/sys/firmware/efi/");
	if (!strncmp(param, "device-tree-compatible(", 23) && param[n - 1] == ')') {
		len = cond_host_read(x, "/proc/device-tree/compatible", buf, sizeof(buf));
		for (i = 0; len > 0 && i < len; i += (int)strlen(buf + i) + 1)
			if (strlen(buf + i) == n - 24 && !strncmp(buf + i, param + 23, n - 24))
				return 1;
		return 0;
	}
	if (!strncmp(param, "smbios-field(", 13) && param[n - 1] == ')') {
		s = param + 13;
		len = (int)strcspn(s, "<>=!$ ");
		if (len <= 0 || len >= (int)sizeof(name) || !s[len])
			return -EINVAL;
		snprintf(name, sizeof(name), "%.*s", len, s);
		snprintf(p, sizeof(p), "/sys/class/dmi/id/%s", name);
		if (cond_host_read(x, p, buf, sizeof(buf)) < 0)
			return errno == ENOENT ? 0 : -errno;
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(p, sizeof(p), "%.*s", (int)(n - 14 - (size_t)len), s + len);
		return cond_compare(p + strspn(p, " "), buf, true, true, NULL);
	}
	return 0;	/* unknown firmware: systemd says no */
}

/* CPUFeature=: a word of the "flags" line of /proc/cpuinfo (x86; none elsewhere). */
static int t_cpu_feature(const struct cond_ctx *x, const char *param)
{
	char buf[16384], want[64], w[64];
	const char *line, *p;
	size_t i;

	for (i = 0; param[i] && i + 1 < sizeof(want); i++)
		want[i] = (char)tolower((unsigned char)param[i]);
	want[i] = '\0';
	if (cond_host_read(x, "/proc/cpuinfo", buf, sizeof(buf)) < 0)
		return -errno;
	for (line = buf; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "flags", 5) != 0 || !(p = strchr(line, ':')))
			continue;
		for (p++; *p && *p != '\n';) {
			p += strspn(p, " \t");
			i = strcspn(p, " \t\n");
			snprintf(w, sizeof(w), "%.*s", (int)i, p);
			if (strcmp(w, want) == 0)
				return 1;
			p += i;
		}
		return 0;	/* the first CPU's flags */
	}
	return 0;
}

int condhost_test(const struct cond_ctx *x, enum unit_cond_kind k, const char *v)
{
	switch (k) {
	case COND_VIRTUALIZATION: return t_virtualization(x, v);
	case COND_HOST: return t_host(x, v);
	case COND_ARCHITECTURE: return t_architecture(x, v);
	case COND_FIRMWARE: return t_firmware(x, v);
	case COND_AC_POWER: return t_ac_power(x, v);
	case COND_CAPABILITY: return t_capability(x, v);
	case COND_SECURITY: return t_security(x, v);
	case COND_NEEDS_UPDATE: return t_needs_update(x, v);
	case COND_FIRST_BOOT: return t_first_boot(x, v);
	case COND_CONTROL_GROUP_CONTROLLER: return t_cgroup_controller(x, v);
	case COND_CPU_FEATURE: return t_cpu_feature(x, v);
	case COND_MEMORY_PRESSURE:
	case COND_CPU_PRESSURE:
	case COND_IO_PRESSURE: return t_pressure(x, k, v);
	default: return -EINVAL;
	}
}
