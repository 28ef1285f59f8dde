/* SPDX-License-Identifier: MIT */
/*
 * tendctl: the command-line client of tend's control socket.  It may use
 * stdio and exit: 0 ok, 1 a request failed (or not ready), 3 no such unit,
 * 4 permission denied, 100 usage, 111 tend unreachable (s6's convention
 * for permanent and temporary errors).
 */
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signame.h"
#include "tend/proto.h"

#define EX_FAILED 1
#define EX_NOUNIT 3
#define EX_DENIED 4
#define EX_USAGE 100
#define EX_TEMP 111

static const char usage[] =
	"usage: tendctl [-s SOCKET] [--json] COMMAND [ARG...]\n"
	"\n"
	"  status [UNIT...]            state, pid, uptime, restarts, last exit, STATUS=,\n"
	"                              CPU throttling and context switches\n"
	"  list                        one line per unit\n"
	"  list-timers                 next and last elapse of every timer unit\n"
	"  start|stop|restart|reload UNIT...\n"
	"  kill [-s SIGNAL] UNIT...\n"
	"  reset-failed [UNIT...]\n"
	"  logs [-n N] [-f] UNIT       the unit's captured output\n"
	"  reload-units                re-read the unit directories, apply the difference\n"
	"  is-ready                    exit 0 when every started unit is ready\n"
	"  poweroff|reboot|halt\n"
	"\n"
	"  -s SOCKET   default $TEND_SOCKET, else /run/tend/control.sock\n"
	"  --json      machine-readable output of status, list, logs, is-ready\n"
	"exit: 0 ok, 1 failed, 3 no such unit, 4 permission denied, 100 usage,\n"
	"      111 tend unreachable\n";

static struct {
	int fd;
	bool json, color;
	bool timers;		/* list-timers: status of every unit, timers shown */
} cl = { .fd = -1 };

static _Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static _Noreturn void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("tendctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (strlen(path) >= sizeof(sa.sun_path))
		die(EX_USAGE, "socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	cl.fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (cl.fd < 0)
		die(EX_TEMP, "socket: %s", strerror(errno));
	if (connect(cl.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno == EACCES || errno == EPERM)
			die(EX_DENIED, "%s: permission denied", path);
		die(EX_TEMP, "cannot reach tend at %s: %s", path, strerror(errno));
	}
	/* before a byte is sent: is this tend, or a socket another user planted? */
	if (getsockopt(cl.fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		die(EX_TEMP, "%s: SO_PEERCRED: %s", path, strerror(errno));
	if (cr.uid != 0 && cr.uid != getuid())
		die(EX_DENIED, "%s is served by uid %u, neither root nor you: not talking to it",
		    path, (unsigned)cr.uid);
}

static void send_msg(struct p1_buf *b)
{
	long n = p1_end(b);

	if (n < 0)
		die(EX_USAGE, "request too large");
	if (send(cl.fd, b->p, (size_t)n, MSG_NOSIGNAL) != n)
		die(EX_TEMP, "send: %s", strerror(errno));
}

/* Receive one reply; returns its command, fills m/n. */
static int recv_msg(uint8_t *m, size_t *n, size_t *off)
{
	ssize_t r = recv(cl.fd, m, P1_MSG_MAX, 0);
	int cmd;

	if (r <= 0)
		die(EX_TEMP, "tend closed the connection%s%s", r < 0 ? ": " : "",
		    r < 0 ? strerror(errno) : "");
	*n = (size_t)r;
	cmd = p1_open(m, *n, off);
	if (cmd < 0)
		die(EX_TEMP, "malformed reply from tend (%s)", strerror(-cmd));
	return cmd;
}

/* The fields of one reply, decoded. */
struct reply {
	char unit[256], text[P1_MSG_MAX];
	char state[32], sub[32], result[32], type[16], desc[512], status[512], cond[600];
	uint32_t errnum, pid, restarts, want, exit_status;
	bool have_exit, have_pid, have_csw, have_thr, have_restart;
	uint64_t since_ms, seq, dropped, vcsw, nvcsw, nr_thr, thr_us, logdrop;
	uint64_t tnext, tlast;		/* timers: realtime us, 0 none */
	uint64_t restart_ms;		/* auto-restart: the next start in */
	char tunit[256];
};

static void decode(const uint8_t *m, size_t n, size_t off, struct reply *r)
{
	struct p1_field_view f;

	memset(r, 0, sizeof(*r));
	while (p1_next(m, n, &off, &f) == 1) {
		switch (f.type) {
		case P1_F_UNIT: p1_str(&f, r->unit, sizeof(r->unit)); break;
		case P1_F_TEXT: p1_str(&f, r->text, sizeof(r->text)); break;
		case P1_F_ERRNO: r->errnum = p1_u32(&f); break;
		case P1_F_SEQ: r->seq = p1_u64(&f); break;
		case P1_F_PID: r->pid = p1_u32(&f); r->have_pid = true; break;
		case P1_F_DROPPED: r->dropped = p1_u64(&f); break;
		case P1_F_U_STATE: p1_str(&f, r->state, sizeof(r->state)); break;
		case P1_F_U_SUB: p1_str(&f, r->sub, sizeof(r->sub)); break;
		case P1_F_U_RESULT: p1_str(&f, r->result, sizeof(r->result)); break;
		case P1_F_U_TYPE: p1_str(&f, r->type, sizeof(r->type)); break;
		case P1_F_U_TIMER_NEXT_US: r->tnext = p1_u64(&f); break;
		case P1_F_U_TIMER_LAST_US: r->tlast = p1_u64(&f); break;
		case P1_F_U_TIMER_UNIT: p1_str(&f, r->tunit, sizeof(r->tunit)); break;
		case P1_F_U_DESC: p1_str(&f, r->desc, sizeof(r->desc)); break;
		case P1_F_U_STATUS: p1_str(&f, r->status, sizeof(r->status)); break;
		case P1_F_U_MAINPID: r->pid = p1_u32(&f); r->have_pid = r->pid > 0; break;
		case P1_F_U_SINCE_MS: r->since_ms = p1_u64(&f); break;
		case P1_F_U_RESTARTS: r->restarts = p1_u32(&f); break;
		case P1_F_U_EXIT: r->exit_status = p1_u32(&f); r->have_exit = true; break;
		case P1_F_U_WANT: r->want = p1_u32(&f); break;
		case P1_F_U_VCSW: r->vcsw = p1_u64(&f); r->have_csw = true; break;
		case P1_F_U_NVCSW: r->nvcsw = p1_u64(&f); break;
		case P1_F_U_NR_THROTTLED: r->nr_thr = p1_u64(&f); r->have_thr = true; break;
		case P1_F_U_THROTTLED_US: r->thr_us = p1_u64(&f); break;
		case P1_F_U_LOGDROP: r->logdrop = p1_u64(&f); break;
		case P1_F_U_CONDITION: p1_str(&f, r->cond, sizeof(r->cond)); break;
		case P1_F_U_RESTART_IN_MS:
			r->restart_ms = p1_u64(&f);
			r->have_restart = true;
			break;
		}
	}
}

static void json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static const char *exit_text(uint32_t st, char *buf, size_t size)
{
	if (WIFEXITED(st))
		snprintf(buf, size, "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, size, "%s SIG%s", WCOREDUMP(st) ? "dumped core on" : "killed by",
			 signame(WTERMSIG(st)) ? signame(WTERMSIG(st)) : "?");
	else
		snprintf(buf, size, "-");
	return buf;
}

static const char *color_of(const char *state)
{
	if (!cl.color)
		return "";
	if (strcmp(state, "running") == 0)
		return "\033[32m";
	if (strcmp(state, "failed") == 0)
		return "\033[31m";
	if (strcmp(state, "inactive") == 0)
		return "";
	return "\033[33m";
}

static void print_duration(uint64_t ms)
{
	if (ms < 1000)
		printf("%llums", (unsigned long long)ms);
	else if (ms < 60000)
		printf("%.1fs", (double)ms / 1000);
	else if (ms < 3600000)
		printf("%llumin %llus", (unsigned long long)(ms / 60000),
		       (unsigned long long)(ms / 1000 % 60));
	else
		printf("%lluh %llumin", (unsigned long long)(ms / 3600000),
		       (unsigned long long)(ms / 60000 % 60));
}

static void json_unit(const struct reply *r, bool brief)
{
	printf("{\"name\":");
	json_str(r->unit);
	printf(",\"state\":");
	json_str(r->state);
	printf(",\"sub\":");
	json_str(r->sub);
	printf(",\"want\":\"%s\"", r->want ? "up" : "down");
	if (!brief) {
		printf(",\"result\":");
		json_str(r->result);
		printf(",\"type\":");
		json_str(r->type);
		printf(",\"description\":");
		json_str(r->desc);
		if (r->have_pid)
			printf(",\"main_pid\":%u", r->pid);
		else
			printf(",\"main_pid\":null");
		printf(",\"since_ms\":%llu,\"restarts\":%u", (unsigned long long)r->since_ms,
		       r->restarts);
		if (r->have_restart)
			printf(",\"restart_in_ms\":%llu", (unsigned long long)r->restart_ms);
		else
			printf(",\"restart_in_ms\":null");
		if (!r->have_exit)
			printf(",\"last_exit\":null");
		else if (WIFEXITED(r->exit_status))
			printf(",\"last_exit\":{\"code\":%d}", WEXITSTATUS(r->exit_status));
		else
			printf(",\"last_exit\":{\"signal\":\"SIG%s\",\"core\":%s}",
			       signame(WTERMSIG(r->exit_status)) ?: "?",
			       WCOREDUMP(r->exit_status) ? "true" : "false");
		printf(",\"status_text\":");
		json_str(r->status);
		printf(",\"condition_failed\":");
		if (r->cond[0])
			json_str(r->cond);
		else
			fputs("null", stdout);
		printf(",\"nr_throttled\":%llu,\"throttled_usec\":%llu",
		       (unsigned long long)r->nr_thr, (unsigned long long)r->thr_us);
		printf(",\"voluntary_ctxt_switches\":%llu,\"nonvoluntary_ctxt_switches\":%llu",
		       (unsigned long long)r->vcsw, (unsigned long long)r->nvcsw);
		printf(",\"log_dropped\":%llu", (unsigned long long)r->logdrop);
	}
	putchar('}');
}

/* A realtime stamp as systemctl list-timers shows it, and how far off. */
static void timer_when(uint64_t us, uint64_t now, bool left)
{
	char buf[64] = "-", rel[32] = "-";
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	uint64_t d;

	if (us) {
		localtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%a %Y-%m-%d %H:%M:%S %Z", &tm);
		d = (left ? us - now : now - us) / 1000000;
		if (left ? us < now : us > now)
			d = 0;
		if (d >= 86400)
			snprintf(rel, sizeof(rel), "%llud %lluh", (unsigned long long)(d / 86400),
				 (unsigned long long)(d / 3600 % 24));
		else if (d >= 3600)
			snprintf(rel, sizeof(rel), "%lluh %llumin", (unsigned long long)(d / 3600),
				 (unsigned long long)(d / 60 % 60));
		else if (d >= 60)
			snprintf(rel, sizeof(rel), "%llumin %llus", (unsigned long long)(d / 60),
				 (unsigned long long)(d % 60));
		else
			snprintf(rel, sizeof(rel), "%llus", (unsigned long long)d);
		strncat(rel, left ? " left" : " ago", sizeof(rel) - strlen(rel) - 1);
	}
	printf("%-28s %-13s ", buf, rel);
}

/* tendctl list-timers: a timer's line (text) or object (json). */
static void timer_line(const struct reply *r, bool first)
{
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	if (cl.json) {
		printf("%s{\"unit\":", first ? "" : ",");
		json_str(r->unit);
		printf(",\"activates\":");
		json_str(r->tunit);
		printf(",\"state\":");
		json_str(r->state);
		printf(",\"next_usec\":%llu,\"last_usec\":%llu}", (unsigned long long)r->tnext,
		       (unsigned long long)r->tlast);
		return;
	}
	if (first)
		printf("%-28s %-13s %-28s %-13s %-24s %s\n", "NEXT", "LEFT", "LAST", "PASSED",
		       "UNIT", "ACTIVATES");
	timer_when(r->tnext, now, true);
	timer_when(r->tlast, now, false);
	printf("%-24s %s\n", r->unit, r->tunit);
}

static void text_unit_line(const struct reply *r)
{
	printf("%s%-32s %-12s %-12s%s", color_of(r->state), r->unit, r->state, r->sub,
	       cl.color && *color_of(r->state) ? "\033[0m" : "");
	if (r->have_pid)
		printf(" pid %u", r->pid);
	if (r->restarts)
		printf(" restarts %u", r->restarts);
	putchar('\n');
}

static void text_unit_block(const struct reply *r)
{
	char buf[64];

	printf("%s%s%s - %s\n", color_of(r->state), r->unit, cl.color ? "\033[0m" : "",
	       r->desc[0] ? r->desc : "");
	printf("    state: %s (%s) since ", r->state, r->sub);
	print_duration(r->since_ms);
	printf(" ago%s%s, want %s\n", strcmp(r->result, "success") ? ", result " : "",
	       strcmp(r->result, "success") ? r->result : "", r->want ? "up" : "down");
	printf("     type: %s\n", r->type);
	if (r->have_pid)
		printf(" main pid: %u\n", r->pid);
	printf(" restarts: %u", r->restarts);
	if (r->have_restart) {
		printf(", the next in ");
		print_duration(r->restart_ms);
	}
	putchar('\n');
	if (r->have_exit)
		printf("last exit: %s\n", exit_text(r->exit_status, buf, sizeof(buf)));
	if (r->status[0])
		printf("   status: %s\n", r->status);
	if (r->cond[0])
		printf("  not met: %s\n", r->cond);
	if (r->have_thr)
		printf("      cpu: throttled %llu times, %llu us\n", (unsigned long long)r->nr_thr,
		       (unsigned long long)r->thr_us);
	if (r->have_csw)
		printf(" switches: %llu voluntary, %llu involuntary\n",
		       (unsigned long long)r->vcsw, (unsigned long long)r->nvcsw);
	if (r->logdrop)
		printf("     logs: %llu lines dropped\n", (unsigned long long)r->logdrop);
}

static int end_code(const struct reply *r)
{
	if (!r->errnum)
		return 0;
	if (r->errnum == ENOENT)
		return EX_NOUNIT;
	if (r->errnum == EPERM)
		return EX_DENIED;
	return EX_FAILED;
}

static void report_error(const struct reply *r)
{
	if (r->errnum == EPERM)
		fprintf(stderr, "tendctl: permission denied\n");
	else if (r->unit[0])
		fprintf(stderr, "tendctl: %s: %s\n", r->unit, r->text[0] ? r->text : strerror((int)r->errnum));
	else
		fprintf(stderr, "tendctl: %s\n", r->text[0] ? r->text : strerror((int)r->errnum));
}

/*
 * Read replies to the end; prints per command; returns the exit code.
 * lines: one line per unit (list, or status of every unit), else blocks.
 */
static int read_replies(int req, bool lines)
{
	uint8_t m[P1_MSG_MAX];
	struct reply *r = malloc(sizeof(*r));
	int code = 0, units = 0, cmd;
	size_t n, off;

	if (!r)
		die(EX_TEMP, "out of memory");
	if (cl.json && (req == P1_STATUS || req == P1_LIST))
		printf(cl.timers ? "{\"timers\":[" : "{\"units\":[");
	if (cl.json && req == P1_LOGS)
		printf("{\"lines\":[");
	for (;;) {
		cmd = recv_msg(m, &n, &off);
		decode(m, n, off, r);
		if (cmd == P1_R_END)
			break;
		if (cmd == P1_R_UNIT && cl.timers) {
			if (strcmp(r->type, "timer") == 0)
				timer_line(r, units++ == 0);
		} else if (cmd == P1_R_UNIT) {
			if (cl.json) {
				if (units)
					putchar(',');
				json_unit(r, req == P1_LIST);
			} else if (lines) {
				text_unit_line(r);
			} else {
				text_unit_block(r);
			}
			units++;
		} else if (cmd == P1_R_LOG) {
			if (cl.json) {
				if (units++)
					putchar(',');
				printf("{\"seq\":%llu,\"pid\":%u,\"dropped_before\":%llu,\"text\":",
				       (unsigned long long)r->seq, r->pid,
				       (unsigned long long)r->dropped);
				json_str(r->text);
				putchar('}');
			} else {
				if (r->dropped)
					printf("-- %llu lines no longer kept --\n",
					       (unsigned long long)r->dropped);
				printf("%s\n", r->text);
			}
			fflush(stdout);
		} else if (cmd == P1_R_ERROR) {
			report_error(r);
			code = r->errnum == ENOENT ? EX_NOUNIT : EX_FAILED;
		} else if (cmd == P1_R_OK && r->text[0]) {
			printf("%s\n", r->text);
		}
	}
	if (cl.json && (req == P1_STATUS || req == P1_LIST || req == P1_LOGS))
		printf("]}\n");
	if (r->errnum) {
		if (req == P1_IS_READY && cl.json) {
			printf("{\"ready\":false,\"reason\":");
			json_str(r->text);
			printf("}\n");
		} else if (req == P1_IS_READY) {
			fprintf(stderr, "tendctl: not ready: %s\n", r->text);
		} else {
			report_error(r);
		}
		code = end_code(r);
	} else if (req == P1_IS_READY && cl.json) {
		printf("{\"ready\":true}\n");
	}
	free(r);
	return code;
}

static int signal_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end && n > 0 && n < NSIG)
		return (int)n;
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	n = signame_lookup(s);
	return n ? (int)n : -1;
}

static const struct {
	const char *name;
	enum p1_cmd cmd;
	int min_units;		/* -1: none allowed */
} verbs[] = {
	{ "status", P1_STATUS, 0 },	  { "list", P1_LIST, -1 },
	{ "start", P1_START, 1 },	  { "stop", P1_STOP, 1 },
	{ "restart", P1_RESTART, 1 },	  { "reload", P1_RELOAD, 1 },
	{ "kill", P1_KILL, 1 },		  { "reset-failed", P1_RESET_FAILED, 0 },
	{ "logs", P1_LOGS, 1 },		  { "reload-units", P1_RELOAD_UNITS, -1 },
	{ "is-ready", P1_IS_READY, -1 },  { "poweroff", P1_POWEROFF, -1 },
	{ "reboot", P1_REBOOT, -1 },	  { "halt", P1_HALT, -1 },
	{ "list-timers", P1_LIST, -1 },
};

int main(int argc, char **argv)
{
	const char *sock = getenv("TEND_SOCKET");
	uint8_t mem[P1_MSG_MAX];
	struct p1_buf b;
	int i = 1, v = -1, nunits = 0;
	int signo = SIGTERM;
	long lines = 10;
	bool follow = false;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			cl.json = true;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else
			die(EX_USAGE, "unknown option %s (see --help)", argv[i]);
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return EX_USAGE;
	}
	for (size_t k = 0; k < sizeof(verbs) / sizeof(verbs[0]); k++)
		if (strcmp(argv[i], verbs[k].name) == 0)
			v = (int)k;
	if (v < 0)
		die(EX_USAGE, "unknown command '%s' (see --help)", argv[i]);
	p1_begin(&b, mem, sizeof(mem), verbs[v].cmd);
	for (i++; i < argc; i++) {
		const char *a = argv[i];

		if (verbs[v].cmd == P1_KILL && strcmp(a, "-s") == 0 && i + 1 < argc) {
			signo = signal_number(argv[++i]);
			if (signo < 0)
				die(EX_USAGE, "unknown signal '%s'", argv[i]);
		} else if (verbs[v].cmd == P1_LOGS && strcmp(a, "-n") == 0 && i + 1 < argc) {
			lines = strtol(argv[++i], NULL, 10);
			if (lines < 0 || lines > 1000000)
				die(EX_USAGE, "-n takes a number of lines");
		} else if (verbs[v].cmd == P1_LOGS && strcmp(a, "-f") == 0) {
			follow = true;
		} else if (a[0] == '-') {
			die(EX_USAGE, "%s: unknown option %s", verbs[v].name, a);
		} else {
			if (verbs[v].min_units < 0)
				die(EX_USAGE, "%s takes no unit", verbs[v].name);
			p1_put_str(&b, P1_F_UNIT, a);
			nunits++;
		}
	}
	if (verbs[v].min_units > 0 && nunits < verbs[v].min_units)
		die(EX_USAGE, "%s needs a unit name", verbs[v].name);
	if (verbs[v].cmd == P1_LOGS && nunits != 1)
		die(EX_USAGE, "logs takes one unit");
	if (verbs[v].cmd == P1_KILL)
		p1_put_u32(&b, P1_F_SIGNAL, (uint32_t)signo);
	if (verbs[v].cmd == P1_LOGS) {
		p1_put_u32(&b, P1_F_LINES, (uint32_t)lines);
		if (follow)
			p1_put_flag(&b, P1_F_FOLLOW);
	}
	cl.color = !cl.json && isatty(1) && !getenv("NO_COLOR");
	cl.timers = strcmp(verbs[v].name, "list-timers") == 0;
	connect_to(sock ? sock : "/run/tend/control.sock");
	send_msg(&b);
	return read_replies(verbs[v].cmd,
			    verbs[v].cmd == P1_LIST || (verbs[v].cmd == P1_STATUS && nunits == 0));
}
