/* SPDX-License-Identifier: MIT */
#ifndef TEND_HWDOG_H
#define TEND_HWDOG_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

#define HWDOG_DEFAULT_DEVICE "/dev/watchdog"

/*
 * Open the hardware watchdog dev (which arms it), ask for timeout_ms
 * (whole seconds, rounded up) and pet it from a loop timer at half the
 * timeout the driver actually took.  0 or -errno; calling it again once
 * open is a no-op.
 */
int hwdog_open(struct loop *l, const char *dev, int64_t timeout_ms);
bool hwdog_is_open(void);
/* The timeout the driver took, in ms (0 when closed). */
int64_t hwdog_timeout_ms(void);
/* Clean shutdown: the magic close 'V' disarms the watchdog, then close. */
void hwdog_close(void);

#endif
