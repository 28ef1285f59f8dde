/* SPDX-License-Identifier: MIT */
#ifndef TEND_CTL_H
#define TEND_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct svc;

#define CTL_MAX_CLIENTS 256
/* Slots one unprivileged uid may hold, and those kept for root and tend's uid. */
#define CTL_MAX_PER_UID 32
#define CTL_PRIV_RESERVE 32
/* A client that sends nothing for this long is closed (logs -f followers aside). */
#define CTL_IDLE_MS 5000
#define CTL_OUT_MAX (64 * 1024)	/* queued reply bytes before a client is dropped */

/* What the control socket asks of the rest of tend. */
struct ctl_ops {
	/* P1_POWEROFF/REBOOT/HALT: 0 or -errno */
	int (*power)(int cmd, void *data);
	/* re-read the unit directories; a report line per change into out */
	int (*reload_units)(char *out, size_t size, void *data);
	/* true when tend and every wanted unit are up; else why */
	bool (*is_ready)(char *why, size_t size, void *data);
	void *data;
};

/* Listen on <runtime_dir>/control.sock (SOCK_SEQPACKET, mode 0600). */
int ctl_init(struct loop *l, const char *runtime_dir, const struct ctl_ops *ops);
void ctl_fini(void);
/* s is about to be freed: its `logs -f` followers get the end of the stream. */
void ctl_forget(const struct svc *s);

struct ctl_stats {
	uint64_t accepted, refused, dropped_garbage, dropped_slow, dropped_idle, denied;
	unsigned clients;
};

#endif
