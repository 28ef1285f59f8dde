/* SPDX-License-Identifier: MIT */
#ifndef TEND_NOTIFY_H
#define TEND_NOTIFY_H

/*
 * Upward: tell tend's own manager (systemd, podman --sdnotify=container, a
 * parent tend) that tend is ready.  libsystemd is dlopen()ed only when
 * NOTIFY_SOCKET is set, so a container that never uses it pays nothing.
 */
void ntf_up_init(void);
void ntf_up_ready(const char *status);
void ntf_up_status(const char *status);
void ntf_up_stopping(void);

#endif
