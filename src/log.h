/* SPDX-License-Identifier: MIT */
#ifndef TEND_LOG_H
#define TEND_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

enum log_level { L_EMERG, L_ERR, L_WARN, L_INFO, L_DEBUG };

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

#define log_emerg(...) log_msg(L_EMERG, __VA_ARGS__)
#define log_err(...) log_msg(L_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(L_WARN, __VA_ARGS__)
#define log_info(...) log_msg(L_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(L_DEBUG, __VA_ARGS__)

#endif
