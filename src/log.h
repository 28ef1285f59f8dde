/* SPDX-License-Identifier: MIT */
#ifndef TEND_LOG_H
#define TEND_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

enum log_level { L_EMERG, L_ERR, L_WARN, L_INFO, L_DEBUG };

/* [Manager] LogTarget=: where tend's own lines (and journal units') go. */
enum log_target { LOG_TARGET_CONSOLE, LOG_TARGET_KMSG, LOG_TARGET_SYSLOG, LOG_TARGET_NULL };
/* [Manager] LogTime=: a timestamp before each console line. */
enum log_time { LOG_TIME_NONE, LOG_TIME_MONOTONIC, LOG_TIME_REALTIME };

/* Output goes to fd 2 through a non-blocking file description of its own. */
void log_init(enum log_level level);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Once a loop exists, blocked output is flushed from it (EPOLLOUT). */
void log_attach(struct loop *l);

void log_msg(enum log_level lv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append nlines whole lines at once; false if they were dropped (counted). */
bool log_raw_lines(const char *buf, size_t len, unsigned nlines);
uint64_t log_dropped(void);

/*
 * Send tend's output to t from now on.  syslog needs /dev/log; without it
 * (or without /dev/kmsg for kmsg) the console stays.  Returns the target
 * in effect.
 */
enum log_target log_set_target(enum log_target t);
void log_set_time(enum log_time t);
/* The LogTime= prefix of a console line written now, "" when off; its length. */
size_t log_stamp(char *buf, size_t size);
/*
 * One record straight to kmsg or syslog (a unit's StandardOutput=kmsg or
 * syslog): "<pri>ident[pid]: text", pid left out when 0.  pri is a
 * syslog priority (facility | level).  Never blocks.  Returns 0, -EAGAIN
 * when it was dropped (counted with log_dropped()), -ENOENT when there is
 * no /dev/kmsg or /dev/log to take it.
 */
int log_record(enum log_target t, int pri, const char *ident, int pid, const char *text,
		size_t len);

#define log_emerg(...) log_msg(L_EMERG, __VA_ARGS__)
#define log_err(...) log_msg(L_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(L_WARN, __VA_ARGS__)
#define log_info(...) log_msg(L_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(L_DEBUG, __VA_ARGS__)

#endif
