/* SPDX-License-Identifier: MIT */
/*
 * systemd's detect_virtualization() (src/basic/virt.c) and its
 * architecture names, for the conditions.  Only reads small files under
 * a root prefix and executes CPUID.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "util.h"
#include "virt.h"
#include "nofail.h"

static const char *const containers[] = {
	"systemd-nspawn", "lxc-libvirt", "lxc", "openvz", "docker", "podman", "rkt",
	"wsl", "proot", "pouch", "container-other", NULL,
};

static const char *const vms[] = {
	"qemu", "kvm", "amazon", "zvm", "vmware", "microsoft", "oracle", "powervm", "xen",
	"bochs", "uml", "parallels", "bhyve", "qnx", "acrn", "apple", "sre", "google",
	"vm-other", NULL,
};

static bool in(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

bool virt_id_known(const char *name)
{
	return in(containers, name) || in(vms, name);
}

int virt_read(const char *root, const char *path, char *buf, size_t size)
{
	char p[4096];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(p, sizeof(p), "%s%s", root, path) >= sizeof(p))
		return -ENAMETOOLONG;
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	return (int)n;
}

/* The first line of root+path, without its newline; -errno. */
static int read_line(const char *root, const char *path, char *buf, size_t size)
{
	int r = virt_read(root, path, buf, size);

	if (r >= 0)
		buf[strcspn(buf, "\n")] = '\0';
	return r;
}

static bool exists(const char *root, const char *path)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s%s", root, path);
	return access(p, F_OK) == 0;
}

/* systemd's names for $container values; unknown ones are "container-other". */
static const char *container_name(const char *root, const char *e)
{
	if (strcmp(e, "oci") == 0) {
		/* not a manager: look at the well-known files */
		if (exists(root, "/run/.containerenv"))
			return "podman";
		if (exists(root, "/.dockerenv"))
			return "docker";
		return "container-other";
	}
	return in(containers, e) ? e : "container-other";
}

static const char *detect_container(const char *root, bool pid1, const char *env)
{
	static char m[64];
	char buf[4096];
	int n;

	if (exists(root, "/proc/vz") && !exists(root, "/proc/bc"))
		return "openvz";
	if (read_line(root, "/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0 &&
	    (strstr(buf, "Microsoft") || strstr(buf, "WSL")))
		return "wsl";
	if (read_line(root, "/run/host/container-manager", m, sizeof(m)) > 0)
		return container_name(root, m);
	if (pid1) {
		if (env)
			return *env ? container_name(root, env) : NULL;
		goto files;
	}
	if (read_line(root, "/run/systemd/container", m, sizeof(m)) > 0)
		return container_name(root, m);
	/* PID 1 was not systemd: its environment (needs CAP_SYS_PTRACE) */
	n = virt_read(root, "/proc/1/environ", buf, sizeof(buf));
	for (int i = 0; n > 0 && i < n; i += (int)strlen(buf + i) + 1) {
		if (strncmp(buf + i, "container=", 10) == 0) {
			strscpy(m, buf + i + 10, sizeof(m));
			return container_name(root, m);
		}
	}
files:
	if (exists(root, "/run/.containerenv"))
		return "podman";
	if (exists(root, "/.dockerenv"))
		return "docker";
	return NULL;
}

static const char *dmi_vendor(const char *root)
{
	static const char *const files[] = {
		"/sys/class/dmi/id/product_name", "/sys/class/dmi/id/sys_vendor",
		"/sys/class/dmi/id/board_vendor", "/sys/class/dmi/id/bios_vendor",
		"/sys/class/dmi/id/product_version",
	};
	static const struct {
		const char *vendor, *id;
	} t[] = {
		{ "KVM", "kvm" }, { "OpenStack", "kvm" }, { "KubeVirt", "kvm" },
		{ "Amazon EC2", "amazon" }, { "QEMU", "qemu" }, { "VMware", "vmware" },
		{ "VMW", "vmware" }, { "innotek GmbH", "oracle" }, { "VirtualBox", "oracle" },
		{ "Oracle Corporation", "oracle" }, { "Xen", "xen" }, { "Bochs", "bochs" },
		{ "Parallels", "parallels" }, { "BHYVE", "bhyve" }, { "Hyper-V", "microsoft" },
		{ "Apple Virtualization", "apple" }, { "Google Compute Engine", "google" },
	};
	char buf[256];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (read_line(root, files[i], buf, sizeof(buf)) <= 0)
			continue;
		for (j = 0; j < ARRAY_SIZE(t); j++)
			if (strncmp(buf, t[j].vendor, strlen(t[j].vendor)) == 0)
				return t[j].id;
	}
	return NULL;
}

/* The hypervisor's CPUID signature; NULL without the hypervisor bit. */
static const char *cpuid_vm(const char *root)
{
#if defined(__i386__) || defined(__x86_64__)
	static const struct {
		const char sig[13], *id;
	} t[] = {
		{ "XenVMMXenVMM", "xen" }, { "KVMKVMKVM", "kvm" }, { "Linux KVM Hv", "kvm" },
		{ "TCGTCGTCGTCG", "qemu" }, { "VMwareVMware", "vmware" },
		{ "Microsoft Hv", "microsoft" }, { "bhyve bhyve ", "bhyve" },
		{ "QNXQVMBSQG", "qnx" }, { "ACRNACRNACRN", "acrn" }, { "SRESRESRESRE", "sre" },
		{ "Apple VZ", "apple" },
	};
	unsigned a, b, c, d;
	char sig[13] = "";
	size_t i;

	(void)root;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1U << 31)))
		return NULL;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(sig, t[i].sig) == 0)
			return t[i].id;
	return "vm-other";
#else
	(void)root;
	return NULL;
#endif
}

static const char *device_tree_vm(const char *root)
{
	char buf[256];
	DIR *d;
	struct dirent *de;
	char p[4096];
	const char *r = NULL;

	if (read_line(root, "/proc/device-tree/hypervisor/compatible", buf, sizeof(buf)) >= 0) {
		if (strcmp(buf, "linux,kvm") == 0)
			return "kvm";
		if (strstr(buf, "xen"))
			return "xen";
		if (strstr(buf, "vmware"))
			return "vmware";
		return "vm-other";
	}
	snprintf(p, sizeof(p), "%s/proc/device-tree", root);
	d = opendir(p);
	if (!d)
		return NULL;
	while (!r && (de = readdir(d)))
		if (strstr(de->d_name, "fw-cfg"))
			r = "qemu";
	closedir(d);
	if (!r && read_line(root, "/proc/device-tree/compatible", buf, sizeof(buf)) >= 0 &&
	    strcmp(buf, "qemu,pseries") == 0)
		r = "powervm";
	return r;
}

static const char *detect_vm(const char *root)
{
	const char *dmi = dmi_vendor(root), *v;
	char buf[4096];
	bool other = false;

	if (dmi && (!strcmp(dmi, "oracle") || !strcmp(dmi, "xen") || !strcmp(dmi, "amazon") ||
		    !strcmp(dmi, "parallels") || !strcmp(dmi, "google")))
		return dmi;
	if (virt_read(root, "/proc/cpuinfo", buf, sizeof(buf)) > 0 &&
	    strstr(buf, "\nvendor_id\t: User Mode Linux"))
		return "uml";
	v = cpuid_vm(root);
	if (v && strcmp(v, "vm-other") != 0)
		return v;
	other = v != NULL;
	if (dmi)
		return dmi;
	if (read_line(root, "/sys/hypervisor/type", buf, sizeof(buf)) > 0)
		return strcmp(buf, "xen") == 0 ? "xen" : "vm-other";
	if ((v = device_tree_vm(root)))
		return v;
	if (virt_read(root, "/proc/sysinfo", buf, sizeof(buf)) > 0 &&
	    strstr(buf, "VM00 Control Program"))
		return strstr(buf, "z/VM") ? "zvm" : "kvm";
	return other ? "vm-other" : NULL;
}

enum virt_kind virt_detect(const char *root, bool pid1, const char *container_env,
			   const char **ret_id)
{
	const char *id = detect_container(root, pid1, container_env);

	if (id) {
		*ret_id = id;
		return VIRT_CONTAINER;
	}
	id = detect_vm(root);
	*ret_id = id ? id : "none";
	return id ? VIRT_VM : VIRT_NONE;
}

static const struct {
	const char *uname, *name;
} arches[] = {
	{ "x86_64", "x86-64" }, { "i686", "x86" }, { "i586", "x86" }, { "i486", "x86" },
	{ "i386", "x86" }, { "aarch64", "arm64" }, { "aarch64_be", "arm64-be" },
	{ "armv8l", "arm" }, { "armv7l", "arm" }, { "armv7b", "arm-be" }, { "armv6l", "arm" },
	{ "armv5tel", "arm" }, { "ppc64le", "ppc64-le" }, { "ppc64", "ppc64" },
	{ "ppcle", "ppc-le" }, { "ppc", "ppc" }, { "riscv64", "riscv64" },
	{ "riscv32", "riscv32" }, { "s390x", "s390x" }, { "s390", "s390" },
	{ "mips64", "mips64" }, { "mips", "mips" }, { "loongarch64", "loongarch64" },
	{ "alpha", "alpha" }, { "ia64", "ia64" }, { "parisc64", "parisc64" },
	{ "parisc", "parisc" }, { "sparc64", "sparc64" }, { "sparc", "sparc" },
	{ "m68k", "m68k" }, { "sh", "sh" }, { "arc", "arc" },
};

const char *virt_arch_uname(const char *machine)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].uname, machine) == 0)
			return arches[i].name;
	return NULL;
}

bool virt_arch_known(const char *name)
{
	static const char *const more[] = {
		"mips-le", "mips64-le", "arm-be", "arc-be", "sh64", "tilegx", "cris", "nios2",
		NULL,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].name, name) == 0)
			return true;
	return in(more, name);
}

const char *virt_arch_native(void)
{
#if defined(__x86_64__)
	return "x86-64";
#elif defined(__i386__)
	return "x86";
#elif defined(__aarch64__) && defined(__AARCH64EB__)
	return "arm64-be";
#elif defined(__aarch64__)
	return "arm64";
#elif defined(__arm__) && defined(__ARMEB__)
	return "arm-be";
#elif defined(__arm__)
	return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
	return "riscv64";
#elif defined(__riscv)
	return "riscv32";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return "ppc64-le";
#elif defined(__powerpc64__)
	return "ppc64";
#elif defined(__s390x__)
	return "s390x";
#elif defined(__loongarch64)
	return "loongarch64";
#else
	return "unknown";
#endif
}
