/* SPDX-License-Identifier: MIT */
/*
 * Real-time budgets on cgroup v1.  CFS bandwidth (cpu.cfs_quota_us) does
 * not bind SCHED_FIFO or SCHED_RR threads; with RT_GROUP_SCHED those are
 * bound by cpu.rt_runtime_us per cpu.rt_period_us instead, and a new
 * cgroup starts with no real-time budget at all (sched_setscheduler()
 * fails in it).  So a unit with CPUQuota= and a real-time policy gets
 * both: the CFS quota for its other threads and a real-time budget of the
 * same share.  The kernel wants every cgroup's children to fit in its own
 * budget, so tend's dir (tend/, below tend's own cgroup) is raised first
 * where it is short; it is never lowered, and what units leave behind is
 * there for the next.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgrt.h"
#include "nofail.h"

static int rd_u64(int dirfd, const char *file, uint64_t *ret)
{
	char buf[32];
	int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	*ret = strtoull(buf, NULL, 10);
	return 0;
}

static int wr_u64(int dirfd, const char *file, uint64_t v)
{
	char buf[32];
	int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	if (write(fd, buf, strlen(buf)) < 0)
		r = -errno;
	close(fd);
	return r;
}

__attribute__((format(printf, 4, 5)))
static int fail(char *why, size_t whylen, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return r;
}

/* tend/ is short of real-time budget: add what the unit asks (in its terms). */
static int raise_base(int base, uint64_t add_us, uint64_t unit_period, char *why,
		      size_t whylen)
{
	uint64_t have, period, own = 0, own_period = 0;
	int r = rd_u64(base, "cpu.rt_runtime_us", &have);

	if (r == 0)
		r = rd_u64(base, "cpu.rt_period_us", &period);
	if (r < 0)
		return fail(why, whylen, r, "tend's cpu.rt_runtime_us: %s", strerror(-r));
	r = wr_u64(base, "cpu.rt_runtime_us", have + add_us * period / unit_period);
	if (r == 0)
		return 0;
	(void)rd_u64(base, "../cpu.rt_runtime_us", &own);
	(void)rd_u64(base, "../cpu.rt_period_us", &own_period);
	return fail(why, whylen, r,
		    "tend's cgroup can't give %" PRIu64 " µs more real-time per %" PRIu64
		    " µs (it has %" PRIu64 " µs per %" PRIu64 " µs, of which tend holds %"
		    PRIu64 "): %s",
		    add_us, unit_period, own, own_period, have, strerror(-r));
}

int cgrt_budget(int base, const char *name, uint64_t quota_us, uint64_t period_us,
		char *why, size_t whylen)
{
	char runtime[PATH_MAX], rtperiod[PATH_MAX];
	uint64_t rt_period, want, old = 0;
	int r;

	if ((size_t)snprintf(runtime, sizeof(runtime), "%s/cpu.rt_runtime_us", name) >=
		    sizeof(runtime) ||
	    (size_t)snprintf(rtperiod, sizeof(rtperiod), "%s/cpu.rt_period_us", name) >=
		    sizeof(rtperiod))
		return fail(why, whylen, -ENAMETOOLONG, "%s: name too long", name);
	r = rd_u64(base, rtperiod, &rt_period);
	if (r == -ENOENT)
		return fail(why, whylen, -EINVAL,
			    "CPUQuota= can't bind a real-time process here: the kernel has no "
			    "real-time group scheduling (no cpu.rt_runtime_us)");
	if (r < 0 || period_us == 0)
		return fail(why, whylen, r < 0 ? r : -EINVAL, "%s: %s", rtperiod,
			    strerror(r < 0 ? -r : EINVAL));
	want = quota_us * rt_period / period_us;
	if (want > rt_period)
		want = rt_period;	/* at most all of each CPU */
	(void)rd_u64(base, runtime, &old);
	r = wr_u64(base, runtime, want);
	if (r == -EINVAL || r == -EBUSY) {
		/* the kernel's "children must fit in the parent": make room */
		r = raise_base(base, want > old ? want - old : 0, rt_period, why, whylen);
		if (r < 0)
			return r;
		r = wr_u64(base, runtime, want);
	}
	if (r < 0)
		return fail(why, whylen, r, "%s=%" PRIu64 " (CPUQuota= of a real-time unit): %s",
			    runtime, want, strerror(-r));
	return 0;
}
