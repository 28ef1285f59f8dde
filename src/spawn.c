/* SPDX-License-Identifier: MIT */
/*
 * Spawning: clone3() with CLONE_PIDFD, so tend keeps a pidfd for every
 * child and never signals a recycled pid.  The exec-status pipe is
 * close-on-exec: EOF means execve() succeeded, a struct child_err means a
 * setup step failed.
 *
 * A plain child (no namespaces, no user namespace handshake, no terminal)
 * is cloned vfork-style, so that a spawn costs the same however big tend
 * is: CLONE_VM (no page tables copied), CLONE_VFORK (tend waits until the
 * child has exec'd or exited: at most the length of child.c's setup) and
 * CLONE_FILES (no fd table copied).  The child runs on a stack of its own
 * and first unshares its fd table keeping only fds below a small window
 * (close_range(CLOSE_RANGE_UNSHARE)), into which tend dup'ed what the
 * child needs: with 10,000 units, tend holds tens of thousands of fds, and
 * copying them at clone and closing them at exec made each spawn O(N).
 * Sharing memory is safe because child.c only makes syscalls and writes
 * its own stack (mmap'd, with a guard page below it); the one shared write
 * is errno, in tend's TLS, which tend never reads after a successful
 * clone.  The steps whose libc wrappers keep libc state (set*id() and
 * setgroups(), which glibc and musl broadcast to every thread; musl's
 * setrlimit() likewise; sigaction()) are raw syscalls in child.c, as in
 * glibc's own posix_spawn; a terminal's termios calls never run here
 * (clone_vm refuses those plans).  tend is single-threaded and has no
 * signal handlers (every disposition is SIG_DFL, signals come through a
 * signalfd), so no handler can run in the child on tend's memory.
 * Other children, and kernels without clone3 or CLOSE_RANGE_UNSHARE, get
 * fork semantics (stack = 0), or fork() where clone3 is missing.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spawn.h"
#include "sys.h"
#include "nofail.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/*
 * clone3() for a child on its own stack: the child starts with a fresh
 * frame there and calls fn(arg), which never returns; the parent gets the
 * pid or -errno.  A C syscall() wrapper can't do this: the child would
 * return through a frame that is not on its stack.  Written for x86_64
 * and aarch64; elsewhere (or built with -DSPAWN_NO_VFORK, to measure or
 * rule out the fast path) the portable twin says ENOSYS and every child
 * gets fork semantics (spawn_start below).
 */
long spawn_clone3_vm(struct clone_args *ca, size_t size, void (*fn)(void *), void *arg);
#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(SPAWN_NO_VFORK)
#define HAVE_CLONE3_VM 1
_Static_assert(SYS_clone3 == 435, "clone3's number is wired into the asm below");
#endif
#if defined(__x86_64__) && HAVE_CLONE3_VM
__asm__(".text\n"
	".globl spawn_clone3_vm\n"
	".hidden spawn_clone3_vm\n"
	".type spawn_clone3_vm, @function\n"
	"spawn_clone3_vm:\n"
	"	mov %rdx, %r8\n"	/* syscall keeps r8, r9 */
	"	mov %rcx, %r9\n"
	"	mov $435, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"	/* the child: outermost frame */
	"	mov %r9, %rdi\n"
	"	call *%r8\n"
	"	hlt\n"
	"1:	ret\n"
	".size spawn_clone3_vm, .-spawn_clone3_vm\n");
#elif defined(__aarch64__) && HAVE_CLONE3_VM
/* x0 = ca, x1 = size, x2 = fn, x3 = arg; svc keeps every register but x0 */
__asm__(".text\n"
	".globl spawn_clone3_vm\n"
	".hidden spawn_clone3_vm\n"
	".type spawn_clone3_vm, %function\n"
	"spawn_clone3_vm:\n"
	"	mov x8, #435\n"
	"	svc #0\n"
	"	cbnz x0, 1f\n"
	"	mov x29, xzr\n"	/* the child: outermost frame */
	"	mov x30, xzr\n"
	"	mov x0, x3\n"
	"	blr x2\n"
	"	brk #0\n"
	"1:	ret\n"
	".size spawn_clone3_vm, .-spawn_clone3_vm\n");
#else
#define HAVE_CLONE3_VM 0
long spawn_clone3_vm(struct clone_args *ca, size_t size, void (*fn)(void *), void *arg)
{
	(void)ca;
	(void)size;
	(void)fn;
	(void)arg;
	return -ENOSYS;
}
#endif

/* fds below the window's top reach a vfork-style child; see the top. */
#define WIN_SLOTS 16

/*
 * The vfork-style child's stack: one child at a time, and tend waits
 * while it runs.  Mapped once, with a PROT_NONE guard page below it, so
 * that an overflow kills the child (SIGSEGV) instead of overwriting
 * tend's memory.  Only the pages the child touches become resident.
 */
#define VM_STACK (32 * 1024)

static struct {
	bool tried, ok;
	int devnull;
	int fd[WIN_SLOTS];	/* placeholders on /dev/null between spawns */
	int top;		/* the child keeps fds 0..top */
	char *stack;		/* VM_STACK bytes above the guard page */
} win;

struct vm_child {
	const struct spawn_plan *p;
	unsigned keep_below;
};

/* RLIMIT_NOFILE as tend found it, for children, once tend raised its own. */
static struct rlimit child_nofile;
static bool has_child_nofile;

/* fs.nr_open: how high the hard limit may go; 0 when unknown. */
static rlim_t nr_open(void)
{
	char buf[32];
	int fd = open("/proc/sys/fs/nr_open", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (rlim_t)strtoull(buf, NULL, 10);
}

int spawn_reserve_fds(size_t n)
{
	struct rlimit cur, want;

	if (getrlimit(RLIMIT_NOFILE, &cur) < 0)
		return -errno;
	if (cur.rlim_cur != RLIM_INFINITY && cur.rlim_cur >= n)
		return 0;
	if (!has_child_nofile) {
		child_nofile = cur;
		has_child_nofile = true;
	}
	want = cur;
	want.rlim_cur = n;
	if (cur.rlim_max != RLIM_INFINITY && cur.rlim_max < n) {
		rlim_t top = nr_open();

		want.rlim_max = top && top < n ? top : n;
		want.rlim_cur = want.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			return want.rlim_cur >= n ? 0 : -EMFILE;
		want.rlim_cur = want.rlim_max = cur.rlim_max;	/* not allowed: the hard limit */
	}
	if (setrlimit(RLIMIT_NOFILE, &want) < 0)
		return -errno;
	return want.rlim_cur >= n ? 0 : -EMFILE;
}

/* Children get tend's original fd limit back unless the plan sets one. */
static void plan_nofile(struct spawn_plan *p)
{
	if (!has_child_nofile || p->n_rlimits >= RLIM_NLIMITS)
		return;
	for (size_t i = 0; i < p->n_rlimits; i++)
		if (p->rlimits[i].resource == RLIMIT_NOFILE)
			return;
	p->rlimits[p->n_rlimits].resource = RLIMIT_NOFILE;
	p->rlimits[p->n_rlimits].lim = child_nofile;
	p->n_rlimits++;
}

/* Write one /proc/PID/ file of a child; 0 or -errno. */
static int write_proc(pid_t pid, const char *file, const char *val)
{
	char path[64];
	int fd, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/*
 * PrivateUsers: map the child's ids, then let it go on.  It blocks in
 * read() until then, so the maps are in place before its first setresuid();
 * a failure travels to the child, which reports it as its userns step.
 */
static void userns_go(const struct spawn_plan *p, pid_t pid)
{
	int32_t e = -write_proc(pid, "uid_map", p->uid_map);

	if (e == 0)
		e = -write_proc(pid, "gid_map", p->gid_map);
	(void)!write(p->userns_wr, &e, sizeof(e));	/* a pipe: never blocks for 4 bytes */
}

/* The child's stack with its guard page; NULL when it can't be had. */
static char *stack_map(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m;

	if (page <= 0)
		return NULL;
	m = mmap(NULL, VM_STACK + (size_t)page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	if (mprotect(m, (size_t)page, PROT_NONE) < 0) {
		munmap(m, VM_STACK + (size_t)page);
		return NULL;
	}
	return m + page;
}

/*
 * Reserve the low fd window and the stack once; false when vfork-style
 * clones can't be used.  Not under ASan, which can't follow a child
 * running on a stack it did not make: tests/unit/test_spawn.c covers
 * this path in the plain build.
 */
static bool win_init(void)
{
	if (win.tried)
		return win.ok;
	win.tried = true;
#if defined(__SANITIZE_ADDRESS__)
	return false;
#endif
	if (!HAVE_CLONE3_VM || syscall(SYS_close_range, ~0U, ~0U, CLOSE_RANGE_UNSHARE) < 0)
		return false;
	win.devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (win.devnull < 0)
		return false;
	for (int i = 0; i < WIN_SLOTS; i++) {
		win.fd[i] = fcntl(win.devnull, F_DUPFD_CLOEXEC, 3);
		if (win.fd[i] < 0) {
			while (i-- > 0)
				close(win.fd[i]);
			close(win.devnull);
			return false;
		}
		if (win.fd[i] > win.top)
			win.top = win.fd[i];
	}
	win.stack = stack_map();
	if (!win.stack) {
		for (int i = 0; i < WIN_SLOTS; i++)
			close(win.fd[i]);
		close(win.devnull);
		return false;
	}
	win.ok = true;
	return true;
}

char *spawn_vm_stack(void)
{
	return win.stack;
}

/*
 * Move the fds q's child uses into the window (close-on-exec; dup2 onto
 * 0-2 in the child clears that).  Returns the slots used, -1 when they
 * don't fit.
 */
static int win_map(struct spawn_plan *q)
{
	int *use[4 + CHILD_MAX_CGROUPS + 1], n = 0, k = 0;

	use[n++] = &q->status_fd;
	for (int i = 0; i < 3; i++)
		use[n++] = &q->stdio[i];
	for (size_t i = 0; i < q->n_cgroup_procs && i < CHILD_MAX_CGROUPS; i++)
		use[n++] = &q->cgroup_procs[i];
	if (q->has_v2_procs)
		use[n++] = &q->v2_procs_fd;
	for (int i = 0; i < n; i++) {
		if (*use[i] <= win.top)
			continue;	/* -1, 0-2, or low enough already */
		if (k == WIN_SLOTS || dup3(*use[i], win.fd[k], O_CLOEXEC) < 0)
			return -1;
		*use[i] = win.fd[k++];
	}
	return k;
}

/* Put the placeholders back: the window must not hold the child's pipes open. */
static void win_unmap(int k)
{
	while (k-- > 0)
		(void)dup3(win.devnull, win.fd[k], O_CLOEXEC);
}

/* The vfork-style child: its own fd table first, then child.c. */
static _Noreturn void vm_child(void *data)
{
	const struct vm_child *c = data;

	if (syscall(SYS_close_range, c->keep_below, ~0U, CLOSE_RANGE_UNSHARE) < 0) {
		struct child_err e = { .stage = CHILD_STDIO, .errnum = errno };

		(void)!write(c->p->status_fd, &e, sizeof(e));
		_exit(127);
	}
	child_exec(c->p);
}

/*
 * Clone p's child vfork-style (see the top); returns the pid, -errno, or
 * -ENOTSUP when p's child needs fork semantics: namespaces, the user
 * namespace handshake, a terminal to take (tcsetpgrp) or to set up
 * (StandardInput=tty: termios calls), so that only the steps child.c
 * makes with raw syscalls run in a child that shares tend's memory.
 * Socket activation (pass_fds) takes fork semantics too: its fds live
 * above the window, and the child's close_range() would close them.
 */
static long clone_vm(struct spawn_plan *p, struct clone_args *ca)
{
	struct spawn_plan q;
	struct vm_child c = { .p = &q };
	long pid;
	int k;

	if (p->clone_flags || p->has_userns || p->tty_fd >= 0 || p->ctty || p->n_pass_fds ||
	    !win_init())
		return -ENOTSUP;
	q = *p;
	k = win_map(&q);
	if (k < 0) {
		win_unmap(WIN_SLOTS);
		return -ENOTSUP;
	}
	c.keep_below = (unsigned)win.top + 1;
	ca->flags |= CLONE_VM | CLONE_VFORK | CLONE_FILES;
	ca->stack = (uint64_t)(uintptr_t)win.stack;
	ca->stack_size = VM_STACK;
	pid = sys_clone3_vm(ca, sizeof(*ca), vm_child, &c);
	win_unmap(k);
	ca->flags &= ~(uint64_t)(CLONE_VM | CLONE_VFORK | CLONE_FILES);
	ca->stack = ca->stack_size = 0;
	p->into_cgroup = q.into_cgroup;
	return pid;
}

int spawn_start(struct spawn_plan *p, struct spawn_result *ret)
{
	struct clone_args ca = { 0 };
	int pfd[2], pidfd = -1;
	long pid;

	/* O_NONBLOCK on both ends: the child's one write fits any empty pipe */
	if (sys_pipe2(pfd, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	p->status_fd = pfd[1];
	plan_nofile(p);
	ca.flags = CLONE_PIDFD | p->clone_flags;
	ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	if (p->into_cgroup) {
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)p->cgroup_fd;
	}
	pid = clone_vm(p, &ca);
	ret->exec_decided = pid >= 0;
	if (pid >= 0 || (pid != -ENOTSUP && pid != -ENOSYS && pid != -EINVAL)) {
		if (pid < 0) {
			errno = (int)-pid;
			pid = -1;
		}
		goto cloned;
	}
	pid = sys_clone3(&ca, sizeof(ca));
	if (pid < 0 && p->into_cgroup && (errno == EINVAL || errno == E2BIG)) {
		/* a kernel before 5.7: the child writes cgroup.procs instead */
		p->into_cgroup = false;
		ca.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
		ca.cgroup = 0;
		pid = sys_clone3(&ca, sizeof(ca));
	}
	if (pid < 0 && errno == ENOSYS && !p->clone_flags) {
		p->into_cgroup = false;
		pidfd = -1;
		pid = fork();
	}
	if (pid == 0) {
		if (p->has_userns)
			close(p->userns_wr);
		child_exec(p);
	}
cloned:
	if (pid < 0) {
		int r = -errno;

		close(pfd[0]);
		close(pfd[1]);
		return r;
	}
	close(pfd[1]);
	if (p->has_userns)
		userns_go(p, (pid_t)pid);
	/* a CLONE_PIDFD pidfd is always close-on-exec */
	ret->pid = (pid_t)pid;
	ret->pidfd = pidfd;
	ret->status_fd = pfd[0];
	return 0;
}

int spawn_read_status(int fd, struct child_err *ret_err)
{
	for (;;) {
		ssize_t n = read(fd, ret_err, sizeof(*ret_err));

		if (n == (ssize_t)sizeof(*ret_err))
			return ret_err->warn ? 2 : 1;
		if (n >= 0)
			return 0;	/* EOF, or a short write that can't be trusted */
		if (errno == EINTR)
			continue;
		return errno == EAGAIN ? -EAGAIN : 0;
	}
}

/* 0 when path is a regular executable file, else -errno as execve would say. */
static int check_exec(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EACCES;
	if (access(path, X_OK) < 0)
		return -errno;
	return 0;
}

int spawn_find_exec(const char *name, const char *path_env, char *buf, size_t size)
{
	const char *p;
	int r, seen_eacces = 0;

	if (!name || !*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (strlen(name) >= size)
			return -ENAMETOOLONG;
		strcpy(buf, name);
		return check_exec(name);
	}
	if (!path_env)
		path_env = DEFAULT_PATH;
	for (p = path_env;; p++) {
		const char *end = strchrnul(p, ':');
		int n = end == p ? snprintf(buf, size, "%s", name)	/* empty entry: cwd */
				 : snprintf(buf, size, "%.*s/%s", (int)(end - p), p, name);

		if (n > 0 && (size_t)n < size) {
			r = check_exec(buf);
			if (r == 0)
				return 0;
			if (r == -EACCES)
				seen_eacces = 1;
		}
		if (!*end)
			break;
		p = end;
	}
	return seen_eacces ? -EACCES : -ENOENT;
}
