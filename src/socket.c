/* SPDX-License-Identifier: MIT */
/*
 * The .socket kind: socket activation as systemd.socket(5) describes it.
 * Starting the unit binds and listens; tend keeps the fds
 * for as long as the unit is up, so they outlive every restart of the
 * service and no connection is refused meanwhile.  While the service is
 * down, the fds are watched: the first connection or datagram starts it.
 * The service gets them from fd 3 on with LISTEN_FDS, LISTEN_PID and
 * LISTEN_FDNAMES (socket_fds()), as sd_listen_fds(3) expects.  With
 * Accept=yes tend accepts each connection itself and starts an instance
 * of the template ("foo@.service" as "foo@N.service") that gets the
 * connection, as fd 3 or as its StandardInput=/StandardOutput=socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "plan.h"
#include "reap.h"
#include "spawn.h"
#include "socket.h"
#include "svc_kind.h"
#include "tend/proto.h"
#include "unitsock.h"
#include "userdb.h"
#include "util.h"
#include "nofail.h"

/* Accept=yes: a connection and the instance serving it. */
struct conn {
	struct svc *inst;
	int fd;				/* tend's copy, closed once the instance runs */
	struct conn *next;
};

/* A socket unit's runtime state (s->kind_data). */
struct sock_rt {
	struct svc *s;
	int *fds;			/* one per Listen*=, -1 when closed */
	struct loop_src **srcs;		/* while watching for the first client */
	size_t n;
	bool watching;
	bool service_failed;		/* its service failed: no activation until started */
	struct conn *conns;		/* Accept=yes */
	unsigned n_conns, counter;
	struct loop_timer retry;	/* accept() ran out of fds or memory */
	/* ExecStartPre= ... ExecStopPost=: the command running, and where */
	enum unit_exec_phase phase;
	size_t cmd;
	pid_t pid;
	struct sock_rt *next;		/* every socket unit, for socket_peer() */
};

static struct sock_rt *all;

/* mkdir -p of path's parent directories with mode. */
static void mkdir_parents(const char *path, mode_t mode)
{
	char buf[sizeof(((struct sockspec *)0)->path)];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		(void)mkdir(buf, mode);
		*p = '/';
	}
}

/* SocketUser=/SocketGroup= to ids; -1 for "leave". */
static int owner(const struct unit_socket *us, uid_t *uid, gid_t *gid)
{
	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (us->user) {
		struct passwd *pw = userdb_user(us->user);

		if (!pw)
			return errno ? -errno : -ESRCH;
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	}
	if (us->group) {
		struct group *gr = userdb_group(us->group);

		if (!gr)
			return errno ? -errno : -ESRCH;
		*gid = gr->gr_gid;
	}
	return 0;
}

static int open_fifo(const struct unit_socket *us, const struct sockspec *sp)
{
	struct stat st;
	int fd;

	mkdir_parents(sp->path, us->directory_mode);
	if (mkfifo(sp->path, us->socket_mode) < 0 && errno != EEXIST)
		return -errno;
	fd = open(sp->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		close(fd);
		return -EEXIST;
	}
	(void)fchmod(fd, us->socket_mode);
	return fd;
}

/* The options systemd sets before bind(). */
static void sockopts(const struct unit_socket *us, const struct sockspec *sp, int fd, int family)
{
	int one = 1, v6only;

	if (family != AF_UNIX)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (us->reuse_port)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (us->free_bind && family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one));
	if (us->free_bind && family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one));
	if (family == AF_INET6 && us->ipv6_only >= 0) {
		v6only = us->ipv6_only;
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
	}
	if (us->keep_alive)
		(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	if (us->no_delay && family != AF_UNIX)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (us->pass_cred)
		(void)setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	if (us->pass_sec)
		(void)setsockopt(fd, SOL_SOCKET, SO_PASSSEC, &one, sizeof(one));
	if (us->receive_buffer &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &us->receive_buffer, sizeof(int)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &us->receive_buffer, sizeof(int));
	if (us->send_buffer &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &us->send_buffer, sizeof(int)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &us->send_buffer, sizeof(int));
	(void)sp;
}

/* A bare port without IPv6 in the kernel: 0.0.0.0 instead of [::]. */
static void to_ipv4_any(const struct sockspec *sp, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	uint16_t port = ((const struct sockaddr_in6 *)&sp->addr)->sin6_port;

	memset(ss, 0, sizeof(*ss));
	in4->sin_family = AF_INET;
	in4->sin_port = port;
	in4->sin_addr.s_addr = htonl(INADDR_ANY);
	*len = sizeof(*in4);
}

/* Bind and listen one Listen*= address; the fd or -errno. */
static int open_one(const struct unit_socket *us, const struct sockspec *sp)
{
	struct sockaddr_storage ss = sp->addr;
	socklen_t len = sp->len;
	int type = sockspec_type(sp->kind), family = sp->family, fd, r;
	mode_t old;

	if (sp->kind == SOCKSPEC_FIFO)
		return open_fifo(us, sp);
	fd = socket(family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 && errno == EAFNOSUPPORT && sp->any) {
		to_ipv4_any(sp, &ss, &len);
		family = AF_INET;
		fd = socket(family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	}
	if (fd < 0)
		return -errno;
	sockopts(us, sp, fd, family);
	if (sp->path[0]) {
		mkdir_parents(sp->path, us->directory_mode);
		(void)unlink(sp->path);	/* a stale socket of an earlier run */
	}
	old = umask(~us->socket_mode & 0777);
	r = bind(fd, (struct sockaddr *)&ss, len);
	umask(old);
	if (r < 0 || ((type == SOCK_STREAM || type == SOCK_SEQPACKET) &&
		      listen(fd, us->backlog) < 0)) {
		r = -errno;
		close(fd);
		return r;
	}
	if (sp->path[0])
		(void)chmod(sp->path, us->socket_mode);
	return fd;
}

static void set_owner(const struct svc *s, const struct unit_socket *us, const char *path)
{
	uid_t uid;
	gid_t gid;
	int r = owner(us, &uid, &gid);

	if (r < 0)
		log_warn("'%s': SocketUser=/SocketGroup=: %s", s->u->name, strerror(-r));
	else if ((uid != (uid_t)-1 || gid != (gid_t)-1) && chown(path, uid, gid) < 0)
		log_warn("'%s': chown %s: %s", s->u->name, path, strerror(errno));
}

static void make_symlinks(const struct svc *s, const struct unit_socket *us, const char *target)
{
	for (char **l = us->symlinks; l && *l; l++) {
		mkdir_parents(*l, us->directory_mode);
		(void)unlink(*l);
		if (symlink(target, *l) < 0)
			log_warn("'%s': Symlinks=%s: %s", s->u->name, *l, strerror(errno));
	}
}

static void unwatch(struct sock_rt *rt)
{
	struct loop *l = svc_env()->loop;

	for (size_t i = 0; i < rt->n; i++) {
		loop_del_fd(l, rt->srcs[i]);
		rt->srcs[i] = NULL;
	}
	rt->watching = false;
}

static struct svc *service_of(const struct svc *s)
{
	return svc_find(s->u->socket->service);
}

static void rewatch(struct sock_rt *rt);

/* Accept=yes: take the connection and start an instance for it. */
static void accept_one(struct sock_rt *rt, int fd)
{
	const struct unit_socket *us = rt->s->u->socket;
	char inst[16];
	struct conn *c;
	int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);	/* blocking, for inetd-style stdio */

	if (cfd < 0 && (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED))
		return;
	if (cfd < 0) {	/* EMFILE, ENOBUFS ...: try again in a second, not in a loop */
		log_warn("'%s': accept: %s", rt->s->u->name, strerror(errno));
		unwatch(rt);
		(void)loop_timer_arm(svc_env()->loop, &rt->retry, now_ms() + 1000);
		return;
	}
	c = calloc(1, sizeof(*c));
	snprintf(inst, sizeof(inst), "%u", rt->counter++);
	if (c)
		c->inst = svc_add_instance(us->service, inst);
	if (!c || !c->inst) {
		close(cfd);
		free(c);
		return;
	}
	c->fd = cfd;
	c->next = rt->conns;
	rt->conns = c;
	if (++rt->n_conns >= (unsigned)us->max_connections) {
		log_warn("'%s': %u connections (MaxConnections=): not accepting more for now",
			 rt->s->u->name, rt->n_conns);
		unwatch(rt);
	}
	log_info("'%s': connection: starting '%s'", rt->s->u->name, c->inst->u->name);
	(void)svc_start(c->inst);
}

static void on_retry(struct loop *l, void *data)
{
	(void)l;
	rewatch(data);
}

/* A client is waiting: start the service, which takes over the fds. */
static void on_ready(struct loop *l, int fd, uint32_t ev, void *data)
{
	struct sock_rt *rt = data;
	struct svc *svc = service_of(rt->s);

	(void)l;
	(void)ev;
	if (rt->s->u->socket->accept) {
		accept_one(rt, fd);
		return;
	}
	unwatch(rt);
	if (!svc) {
		log_err("'%s': a client is waiting but '%s' is not loaded", rt->s->u->name,
			rt->s->u->socket->service);
		return;
	}
	log_info("'%s': activity: starting '%s'", rt->s->u->name, svc->u->name);
	if (svc_start(svc) < 0)
		log_warn("'%s': cannot start '%s' now", rt->s->u->name, svc->u->name);
}

/* Watch the fds while the service is down and the socket is up. */
static void rewatch(struct sock_rt *rt)
{
	struct loop *l = svc_env()->loop;
	struct svc *svc = service_of(rt->s);

	if (rt->watching || rt->s->state != SVC_RUNNING || rt->service_failed)
		return;
	if (rt->s->u->socket->accept &&
	    rt->n_conns >= (unsigned)rt->s->u->socket->max_connections)
		return;
	if (!rt->s->u->socket->accept && svc && svc->state != SVC_DOWN)
		return;	/* it runs (or is on its way): it serves the fds */
	for (size_t i = 0; i < rt->n; i++) {
		rt->srcs[i] = loop_add_fd(l, rt->fds[i], EPOLLIN, on_ready, rt);
		if (!rt->srcs[i])
			log_warn("'%s': cannot watch a socket: %s", rt->s->u->name, strerror(ENOMEM));
	}
	rt->watching = true;
}

static void close_all(struct sock_rt *rt, bool remove)
{
	/* a reload's scratch copy has given its unit away: nothing to remove */
	const struct unit_socket *us = rt->s->u ? rt->s->u->socket : NULL;

	unwatch(rt);
	loop_timer_cancel(svc_env()->loop, &rt->retry);
	for (size_t i = 0; i < rt->n; i++) {
		if (rt->fds[i] >= 0)
			close(rt->fds[i]);
		rt->fds[i] = -1;
		if (remove && us && us->listen[i].path[0])
			(void)unlink(us->listen[i].path);
	}
	for (char **l = us ? us->symlinks : NULL; remove && l && *l; l++)
		(void)unlink(*l);
}

/* Bind and listen every Listen*= line; 0, or -1 with the unit failed. */
static int bind_all(struct svc *s)
{
	struct sock_rt *rt = s->kind_data;
	const struct unit_socket *us = s->u->socket;
	char where[160];

	if (rt->n != us->n_listen) {	/* a reload changed the addresses */
		log_err("'%s': the number of Listen*= lines changed: restart tend", s->u->name);
		s->result = RES_RESOURCES;
		svc_feed(s, SVC_EV_EXEC_FAIL);
		return -1;
	}
	for (size_t i = 0; i < rt->n; i++) {
		if (rt->fds[i] >= 0)
			continue;
		rt->fds[i] = open_one(us, &us->listen[i]);
		if (rt->fds[i] < 0) {
			sockspec_format(&us->listen[i], where, sizeof(where));
			log_err("'%s': %s=%s: %s", s->u->name, sockspec_key[us->listen[i].kind],
				where, strerror(-rt->fds[i]));
			rt->fds[i] = -1;
			close_all(rt, false);
			s->result = RES_RESOURCES;
			svc_feed(s, SVC_EV_EXEC_FAIL);
			return -1;
		}
		if (us->listen[i].path[0]) {
			set_owner(s, us, us->listen[i].path);
			if (i == 0)
				make_symlinks(s, us, us->listen[i].path);
		}
	}
	rt->service_failed = false;
	return 0;
}

/*
 * A socket that (re)starts while its service runs (reload-units changed
 * it): the service holds the old fds, so it restarts to get the new.
 */
static void restart_service(struct sock_rt *rt)
{
	struct svc *svc = rt->s->u->socket->accept ? NULL : service_of(rt->s);

	if (!svc || svc->state == SVC_DOWN || svc->state == SVC_FAILED)
		return;
	log_info("'%s': bound anew: restarting '%s' for the new sockets", rt->s->u->name,
		 svc->u->name);
	(void)svc_restart(svc);
}

static const char *const phase_key[_EXEC_PHASE_MAX] = {
	[EXEC_START_PRE] = "ExecStartPre", [EXEC_START_POST] = "ExecStartPost",
	[EXEC_STOP] = "ExecStopPre", [EXEC_STOP_POST] = "ExecStopPost",
};

static void step(struct sock_rt *rt, bool ok);

/* One command of the socket (as a service's control process did). */
static int spawn_cmd(struct sock_rt *rt, const struct unit_cmd *cmd)
{
	struct plan_inputs in = { .out_fd = -1, .control = true };
	struct spawn_result sr;
	struct plan p;
	char why[256];
	int r;

	r = plan_build(&p, rt->s->u, cmd, &in, why, sizeof(why));
	if (r == 0 && (r = reap_reserve(reap_watched() + 1)) == 0 &&
	    (r = spawn_start(&p.sp, &sr)) < 0)
		snprintf(why, sizeof(why), "spawn: %s", strerror(-r));
	plan_free(&p);
	if (r < 0) {
		log_err("'%s': %s: %s", rt->s->u->name, phase_key[rt->phase], why);
		return r;
	}
	if (sr.pidfd >= 0)
		close(sr.pidfd);
	if (sr.status_fd >= 0)
		close(sr.status_fd);	/* a failed exec exits 127: the exit says it */
	rt->pid = sr.pid;
	return 0;
}

static void cmd_exit(pid_t pid, int status, void *data)
{
	struct sock_rt *rt = data;
	const struct unit_cmd *cmd = &rt->s->u->exec[rt->phase].v[rt->cmd];
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	(void)pid;
	rt->pid = 0;
	if (!ok && !(cmd->flags & UNIT_CMD_IGNORE_FAILURE))
		log_err("'%s': %s=%s %s %d", rt->s->u->name, phase_key[rt->phase], cmd->path,
			WIFEXITED(status) ? "exited" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	rt->cmd++;
	step(rt, ok || (cmd->flags & UNIT_CMD_IGNORE_FAILURE));
}

/*
 * The socket's sequence: ExecStartPre=, bind, ExecStartPost=, running;
 * ExecStopPre=, close, ExecStopPost=, down.  A command failing (without
 * '-') fails the start, or goes on with the stop, as in systemd.
 */
static void step(struct sock_rt *rt, bool ok)
{
	struct svc *s = rt->s;
	const struct unit_cmds *cmds;

	for (;;) {
		bool stopping = rt->phase == EXEC_STOP || rt->phase == EXEC_STOP_POST;


		cmds = &s->u->exec[rt->phase];
		if (ok && rt->cmd < cmds->n) {
			if (spawn_cmd(rt, &cmds->v[rt->cmd]) == 0 &&
			    reap_watch(rt->pid, cmd_exit, rt) == 0)
				return;
			ok = false;
		}
		if (!ok && !stopping) {	/* the start failed */
			close_all(rt, false);
			s->result = RES_EXIT_CODE;
			rt->phase = EXEC_STOP_POST;	/* systemd runs it after a failed start */
			rt->cmd = 0;
			ok = true;
			if (!s->u->exec[EXEC_STOP_POST].n) {
				svc_feed(s, SVC_EV_EXEC_FAIL);
				return;
			}
			continue;
		}
		rt->cmd = 0;
		ok = true;
		switch (rt->phase) {
		case EXEC_START_PRE:
			rt->phase = EXEC_START_POST;
			if (bind_all(s) < 0)
				return;
			continue;
		case EXEC_START_POST:
			restart_service(rt);
			svc_feed(s, SVC_EV_EXEC_OK);
			return;
		case EXEC_STOP:
			rt->phase = EXEC_STOP_POST;
			close_all(rt, s->u->socket->remove_on_stop);
			continue;
		default:	/* EXEC_STOP_POST */
			svc_feed(s, s->state == SVC_STARTING ? SVC_EV_EXEC_FAIL : SVC_EV_EXIT);
			return;
		}
	}
}

static void socket_start(struct svc *s)
{
	struct sock_rt *rt = s->kind_data;

	svc_take_next_unit(s);
	rt->phase = EXEC_START_PRE;
	rt->cmd = 0;
	step(rt, true);
}

static void socket_stop(struct svc *s)
{
	struct sock_rt *rt = s->kind_data;

	if (rt->pid > 0) {	/* a start command still runs: end it, then stop */
		reap_unwatch(rt->pid);
		(void)kill(rt->pid, SIGKILL);
		rt->pid = 0;
	}
	rt->phase = EXEC_STOP;
	rt->cmd = 0;
	step(rt, true);
}

static void socket_entered(struct svc *s, enum svc_state prev)
{
	(void)prev;
	if (s->state == SVC_RUNNING)
		rewatch(s->kind_data);
}

static int socket_load(struct svc *s)
{
	struct sock_rt *rt = calloc(1, sizeof(*rt));
	size_t n = s->u->socket ? s->u->socket->n_listen : 0;

	if (!rt || !n)
		goto fail;
	rt->fds = malloc(n * sizeof(*rt->fds));
	rt->srcs = calloc(n, sizeof(*rt->srcs));
	if (!rt->fds || !rt->srcs)
		goto fail;
	for (size_t i = 0; i < n; i++)
		rt->fds[i] = -1;
	rt->n = n;
	rt->s = s;
	loop_timer_init(&rt->retry, on_retry, rt);
	rt->next = all;
	all = rt;
	s->kind_data = rt;
	return 0;
fail:
	if (rt) {
		free(rt->fds);
		free(rt->srcs);
	}
	free(rt);
	return n ? -ENOMEM : -EINVAL;
}

static void socket_release(struct svc *s)
{
	struct sock_rt *rt = s->kind_data, **p;

	if (!rt)
		return;
	if (rt->pid > 0)
		reap_unwatch(rt->pid);
	close_all(rt, false);
	while (rt->conns) {	/* the instances live on; their connections stay theirs */
		struct conn *c = rt->conns;

		rt->conns = c->next;
		if (c->fd >= 0)
			close(c->fd);
		free(c);
	}
	for (p = &all; *p; p = &(*p)->next)
		if (*p == rt) {
			*p = rt->next;
			break;
		}
	free(rt->fds);
	free(rt->srcs);
	free(rt);
	s->kind_data = NULL;
}

static void socket_fini(struct svc *s)
{
	struct sock_rt *rt = s->kind_data;

	if (rt && s->u->socket->remove_on_stop)
		close_all(rt, true);
}

static void socket_status(const struct svc *s, struct p1_buf *b, bool brief)
{
	const struct sock_rt *rt = s->kind_data;

	(void)brief;
	p1_put_str(b, P1_F_U_SUB, s->state != SVC_RUNNING ? "dead" :
		   rt->watching ? "listening" : "running");
	p1_put_str(b, P1_F_U_TYPE, "socket");
}

const struct svc_kind svc_kind_socket = {
	.suffix = ".socket",
	.load = socket_load,
	.start = socket_start,
	.stop = socket_stop,
	.entered = socket_entered,
	.status = socket_status,
	.release = socket_release,
	.fini = socket_fini,
};

/* An instance of an Accept=yes socket moved: close tend's copy, forget it. */
static bool conn_peer(struct svc *t)
{
	for (struct sock_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		for (struct conn **p = &rt->conns, *c; (c = *p); p = &c->next) {
			if (c->inst != t)
				continue;
			if (t->state == SVC_STARTING)
				return true;	/* it still needs the fd to spawn */
			if (c->fd >= 0)
				close(c->fd);
			c->fd = -1;
			if (t->state == SVC_DOWN || t->state == SVC_FAILED) {
				*p = c->next;
				free(c);
				rt->n_conns--;
				rewatch(rt);
			}
			return true;
		}
	}
	return false;
}

int socket_conn_fd(const struct svc *t)
{
	for (const struct sock_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		for (const struct conn *c = rt->conns; c; c = c->next)
			if (c->inst == t)
				return c->fd;
	}
	return -1;
}

void socket_peer(struct svc *t)
{
	if (t->transient && conn_peer(t))
		return;
	for (struct sock_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		if (service_of(rt->s) != t)
			continue;
		if (t->state == SVC_FAILED) {
			if (!rt->service_failed)
				log_warn("'%s': '%s' failed: no activation until it is started again",
					 rt->s->u->name, t->u->name);
			rt->service_failed = true;
			unwatch(rt);
		} else if (t->state == SVC_STARTING) {
			rt->service_failed = false;
			unwatch(rt);
		} else if (t->state == SVC_DOWN) {
			rewatch(rt);
		}
	}
}

void socket_link_all(void)
{
	for (struct sock_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		struct svc *svc = service_of(rt->s);

		/* WantedBy=/RequiredBy=: enabled, so started at boot too, as in systemd */
		if (svc && !svc->u->wanted_by[0] && !svc->u->required_by[0])
			svc->on_demand = true;
	}
}

/* Is socket unit rt one whose fds go to svc? */
static bool feeds(const struct sock_rt *rt, const struct svc *svc)
{
	if (service_of(rt->s) == svc)	/* by name or by Alias= */
		return true;
	for (char **k = svc->u->sockets; k && *k; k++)
		if (strcmp(*k, rt->s->u->name) == 0)
			return true;
	return false;
}

size_t socket_fds(const struct svc *svc, int *fds, size_t max, char *names, size_t size)
{
	size_t n = 0, len = 0;
	int cfd = socket_conn_fd(svc);

	if (size)
		names[0] = '\0';
	if (cfd >= 0 && max > 0 && size > 10) {	/* Accept=yes: the connection alone */
		fds[0] = cfd;
		strcpy(names, "connection");
		return 1;
	}
	for (const struct sock_rt *rt = all; rt; rt = rt->next) {
		if (!rt->s->u)	/* a reload's scratch copy, its unit given away */
			continue;
		const char *name = rt->s->u->socket->fdname ? rt->s->u->socket->fdname
							     : rt->s->u->name;

		if (rt->s->state != SVC_RUNNING || !feeds(rt, svc))
			continue;
		for (size_t i = 0; i < rt->n && n < max; i++) {
			int w;

			if (rt->fds[i] < 0)
				continue;
			w = snprintf(names + len, len < size ? size - len : 0, "%s%s",
				     n ? ":" : "", name);
			if (w < 0 || len + (size_t)w >= size)
				return n;	/* names full: pass what is named */
			len += (size_t)w;
			fds[n++] = rt->fds[i];
		}
	}
	return n;
}
