/* SPDX-License-Identifier: MIT */
/*
 * What the machine is, for ConditionVirtualization= and
 * ConditionArchitecture=: systemd's detect_virtualization() and its
 * architecture names.  Reads host files under a
 * root prefix ("" on a real system) so tests can fake them.
 */
#ifndef TEND_VIRT_H
#define TEND_VIRT_H

#include <stdbool.h>
#include <stddef.h>

enum virt_kind {
	VIRT_NONE,
	VIRT_VM,
	VIRT_CONTAINER,
};

/*
 * systemd's detect_virtualization(): a container first, then a VM.
 * Returns the kind and *ret_id, systemd's name ("docker", "kvm",
 * "container-other", "vm-other"; "none").  pid1: our own $container
 * (container_env, NULL when unset) is authoritative, as for systemd.
 */
enum virt_kind virt_detect(const char *root, bool pid1, const char *container_env,
			   const char **ret_id);

/* Is name one of systemd's virtualization ids? */
bool virt_id_known(const char *name);

/* systemd's name of this machine's architecture (uname), or NULL. */
const char *virt_arch_uname(const char *machine);
/* The architecture tend was built for, systemd's name. */
const char *virt_arch_native(void);
/* Is name one of systemd's architecture names? */
bool virt_arch_known(const char *name);

/* Read root+path (at most size-1 bytes, NUL-terminated): length or -errno. */
int virt_read(const char *root, const char *path, char *buf, size_t size);

#endif
