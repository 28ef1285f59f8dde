/* SPDX-License-Identifier: MIT */
/* Private to cgroup.c (detection, bases, limits) and cgproc.c (processes). */
#ifndef TEND_CGPRIV_H
#define TEND_CGPRIV_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"

/* The hierarchies tend found and the bases it made in them (cgroup.c). */
struct cg_state {
	bool inited;
	enum cg_mode mode;
	int v2_base;			/* <own>/tend in the v2 tree, -1 */
	int v1_base[_CG_CTRL_MAX];	/* <own>/tend per v1 controller, -1 */
	bool v2_ctrl[_CG_CTRL_MAX];	/* enabled for the units (v2) */
	bool has_kill;			/* cgroup.kill (Linux 5.14) */
	int why;			/* errno: why there is no cgroup at all */
	char *v2_path;			/* the bases as mount + path, for cg_release() */
	char *v1_path[_CG_CTRL_MAX];
};
extern struct cg_state cg_state;

/* The base dirfd of c's hierarchy bit (CG_V2_BIT or a v1 controller's), -1. */
int cg_base_of(const struct cg_unit *c, unsigned bit);

/* Open c's file (or its directory, file "."): an fd or -errno. */
int cg_unit_openat(int base, const struct cg_unit *c, const char *file, int flags);

/* Read / write one small file of c below base; length or 0, or -errno. */
ssize_t cg_unit_read(int base, const struct cg_unit *c, const char *file, char *buf,
		     size_t size);
int cg_unit_write(int base, const struct cg_unit *c, const char *file, const char *val);

/* Remove the directory name under dfd and every cgroup below it (cgproc.c). */
int cg_rm_tree(int dfd, const char *name, void *arg);

#endif
