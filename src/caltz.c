/* SPDX-License-Identifier: MIT */
/* Time zones from TZif files and POSIX TZ strings, for calendar timers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caltz.h"
#include "nofail.h"

#define TZIF_MAX (256 * 1024)

int64_t caltz_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days to civil date; the inverse of caltz_days(). */
static void civil(int64_t z, int64_t *ret_y, int *ret_m, int *ret_d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*ret_d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*ret_m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*ret_y = yoe + era * 400 + (*ret_m <= 2);
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ---- POSIX TZ strings ---- */

static const char *rule_name(const char *p, char *buf, size_t size)
{
	size_t n = 0;

	if (*p == '<') {
		for (p++; *p && *p != '>'; p++)
			if (n + 1 < size)
				buf[n++] = *p;
		if (*p != '>')
			return NULL;
		p++;
	} else {
		for (; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'); p++)
			if (n + 1 < size)
				buf[n++] = *p;
	}
	buf[n] = '\0';
	return n >= 3 ? p : NULL;
}

/* [+-]h[h][:mm[:ss]] into seconds; hours up to 167 (TZif v3). */
static const char *rule_time(const char *p, int32_t *ret)
{
	int32_t sign = 1, v[3] = { 0, 0, 0 };
	int i;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9') {
			v[i] = v[i] * 10 + (*p++ - '0');
			if (v[i] > 167)
				return NULL;
		}
		if (*p != ':' || i == 2)
			break;
		p++;
	}
	*ret = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
	return p;
}

static const char *rule_num(const char *p, int16_t *ret, int lo, int hi)
{
	int v = 0;

	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		if (v > hi)
			return NULL;
	}
	if (v < lo)
		return NULL;
	*ret = (int16_t)v;
	return p;
}

static const char *rule_date(const char *p, struct caltz_rdate *r)
{
	memset(r, 0, sizeof(*r));
	r->secs = 7200;
	if (*p == 'M') {
		r->kind = 'M';
		if (!(p = rule_num(p + 1, &r->m, 1, 12)) || *p++ != '.' ||
		    !(p = rule_num(p, &r->w, 1, 5)) || *p++ != '.' ||
		    !(p = rule_num(p, &r->d, 0, 6)))
			return NULL;
	} else if (*p == 'J') {
		r->kind = 'J';
		if (!(p = rule_num(p + 1, &r->d, 1, 365)))
			return NULL;
	} else {
		r->kind = 'n';
		if (!(p = rule_num(p, &r->d, 0, 365)))
			return NULL;
	}
	if (*p == '/')
		p = rule_time(p + 1, &r->secs);
	return p;
}

int caltz_parse_rule(const char *s, struct caltz_rule *r)
{
	const char *p = s;
	int32_t v;

	memset(r, 0, sizeof(*r));
	if (*p == ':')
		return -EINVAL;
	if (!(p = rule_name(p, r->std_name, sizeof(r->std_name))) || !(p = rule_time(p, &v)))
		return -EINVAL;
	r->std_off = -v;
	r->dst_off = r->std_off;
	if (!*p)
		return 0;
	if (!(p = rule_name(p, r->dst_name, sizeof(r->dst_name))))
		return -EINVAL;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (*p && *p != ',') {
		if (!(p = rule_time(p, &v)))
			return -EINVAL;
		r->dst_off = -v;
	}
	if (!*p) {	/* glibc's default: the US rules */
		p = ",M3.2.0,M11.1.0";
	}
	if (*p++ != ',' || !(p = rule_date(p, &r->start)) || *p++ != ',' ||
	    !(p = rule_date(p, &r->end)) || *p)
		return -EINVAL;
	return 0;
}

/* Local midnight of a rule date in year y, as seconds since the epoch. */
static int64_t rdate_local(const struct caltz_rdate *r, int64_t y)
{
	int64_t days = caltz_days(y, 1, 1);
	int wd1, day, mlen;
	static const int ml[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (r->kind == 'J')
		days += r->d - 1 + (leap(y) && r->d >= 60);
	else if (r->kind == 'n')
		days += r->d;
	else {
		days = caltz_days(y, r->m, 1);
		wd1 = (int)(((days % 7) + 7 + 4) % 7);	/* 1970-01-01 was a Thursday */
		day = 1 + (r->d - wd1 + 7) % 7 + (r->w - 1) * 7;
		mlen = ml[r->m - 1] + (r->m == 2 && leap(y));
		while (day > mlen)
			day -= 7;
		days += day - 1;
	}
	return days * 86400 + r->secs;
}

static bool rule_isdst(const struct caltz_rule *r, int64_t t)
{
	int64_t y, start, end;
	int m, d;

	if (!r->has_dst)
		return false;
	civil(floordiv(t + r->std_off, 86400), &y, &m, &d);
	start = rdate_local(&r->start, y) - r->std_off;
	end = rdate_local(&r->end, y) - r->dst_off;
	if (start < end)
		return t >= start && t < end;
	return !(t >= end && t < start);
}

/* ---- TZif ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_hdr {
	uint32_t isut, isstd, leap, time, type, chars;
};

static int tzif_hdr(const unsigned char *p, size_t len, struct tzif_hdr *h, size_t tsize,
		    size_t *ret_size)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -EINVAL;
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chars = be32(p + 40);
	if (h->time > 100000 || h->type == 0 || h->type > 256 || h->chars > 1024 ||
	    h->leap > 1000 || h->isut > 256 || h->isstd > 256)
		return -EINVAL;
	*ret_size = 44 + h->time * (tsize + 1) + h->type * 6 + h->chars +
		    h->leap * (tsize + 4) + h->isstd + h->isut;
	return *ret_size <= len ? 0 : -EINVAL;
}

static int tzif_fill(struct caltz *z, const unsigned char *p, const struct tzif_hdr *h,
		     size_t tsize)
{
	uint32_t i;

	p += 44;
	for (i = 0; i < h->time; i++, p += tsize)
		z->trans[i] = tsize == 8 ? be64(p) : (int32_t)be32(p);
	for (i = 0; i < h->time; i++, p++) {
		if (*p >= h->type)
			return -EINVAL;
		z->tidx[i] = *p;
	}
	for (i = 0; i < h->type; i++, p += 6) {
		z->types[i].off = (int32_t)be32(p);
		z->types[i].isdst = p[4] != 0;
		z->types[i].abbr = p[5];
		if (p[5] >= h->chars)
			return -EINVAL;
	}
	memcpy(z->abbrs, p, h->chars);
	z->abbrs[h->chars] = '\0';
	return 0;
}

static int tzif_footer(struct caltz *z, const char *p, const char *end)
{
	char buf[128];
	size_t n;
	const char *nl;

	if (p >= end || *p != '\n')
		return 0;
	p++;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl || nl == p)
		return 0;
	n = (size_t)(nl - p);
	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (caltz_parse_rule(buf, &z->rule) < 0)
		return -EINVAL;
	z->has_rule = true;
	return 0;
}

int caltz_parse_tzif(const void *buf, size_t len, struct caltz **ret)
{
	const unsigned char *p = buf;
	struct tzif_hdr h;
	struct caltz *z;
	size_t size, tsize = 4;
	int r;

	r = tzif_hdr(p, len, &h, 4, &size);
	if (r < 0)
		return r;
	if (p[4] >= '2') {	/* skip the 32-bit block: the 64-bit one follows */
		p += size;
		len -= size;
		tsize = 8;
		r = tzif_hdr(p, len, &h, 8, &size);
		if (r < 0)
			return r;
	}
	z = calloc(1, sizeof(*z) + h.time * 9 + h.type * sizeof(struct caltz_type) + h.chars + 1);
	if (!z)
		return -ENOMEM;
	z->trans = (int64_t *)(z + 1);
	z->types = (struct caltz_type *)(z->trans + h.time);
	z->tidx = (uint8_t *)(z->types + h.type);
	z->abbrs = (char *)(z->tidx + h.time);
	z->ntrans = h.time;
	z->ntypes = h.type;
	z->nabbrs = h.chars;
	r = tzif_fill(z, p, &h, tsize);
	if (r == 0 && tsize == 8)
		r = tzif_footer(z, (const char *)p + size, (const char *)p + len);
	if (r < 0) {
		free(z);
		return r;
	}
	*ret = z;
	return 0;
}

int caltz_from_rule(const char *s, struct caltz **ret)
{
	struct caltz *z = calloc(1, sizeof(*z));
	int r;

	if (!z)
		return -ENOMEM;
	r = caltz_parse_rule(s, &z->rule);
	if (r < 0) {
		free(z);
		return r;
	}
	z->has_rule = true;
	*ret = z;
	return 0;
}

void caltz_free(struct caltz *z)
{
	if (!z)
		return;
	free(z->name);
	free(z);
}

void caltz_info(const struct caltz *z, int64_t t, struct caltz_info *ret)
{
	const struct caltz_type *ty;
	uint32_t lo, hi, mid;

	if (!z) {
		*ret = (struct caltz_info){ 0, false, "UTC" };
		return;
	}
	if (z->has_rule && (z->ntrans == 0 || t >= z->trans[z->ntrans - 1])) {
		bool dst = rule_isdst(&z->rule, t);

		ret->off = dst ? z->rule.dst_off : z->rule.std_off;
		ret->isdst = dst;
		ret->abbr = dst ? z->rule.dst_name : z->rule.std_name;
		return;
	}
	if (z->ntrans == 0 || t < z->trans[0]) {
		ty = &z->types[0];
	} else {
		lo = 0;
		hi = z->ntrans;	/* trans[lo] <= t < trans[hi] */
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (z->trans[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		ty = &z->types[z->tidx[lo]];
	}
	ret->off = ty->off;
	ret->isdst = ty->isdst;
	ret->abbr = z->abbrs + ty->abbr;
}

void caltz_names(const struct caltz *z, const char **ret_std, const char **ret_dst)
{
	uint32_t i;

	*ret_std = *ret_dst = "UTC";
	if (!z)
		return;
	if (z->has_rule) {
		*ret_std = z->rule.std_name;
		*ret_dst = z->rule.has_dst ? z->rule.dst_name : z->rule.std_name;
		return;
	}
	for (i = 0; i < z->ntypes; i++)
		*(z->types[i].isdst ? ret_dst : ret_std) = z->abbrs + z->types[i].abbr;
}

void caltz_localtime(const struct caltz *z, int64_t t, struct tm *tm)
{
	struct caltz_info in;
	int64_t l, days, y, secs;
	int m, d;

	caltz_info(z, t, &in);
	l = t + in.off;
	days = floordiv(l, 86400);
	secs = l - days * 86400;
	civil(days, &y, &m, &d);
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)(((days % 7) + 11) % 7);
	tm->tm_yday = (int)(days - caltz_days(y, 1, 1));
	tm->tm_isdst = in.isdst;
	tm->tm_gmtoff = in.off;
	tm->tm_zone = in.abbr;
}

/* The wall-clock fields of tm, carried over, as seconds since the epoch. */
static int64_t tm_local(const struct tm *tm)
{
	int64_t y = (int64_t)tm->tm_year + 1900, mon = tm->tm_mon;

	y += floordiv(mon, 12);
	mon -= floordiv(mon, 12) * 12;
	return (caltz_days(y, (int)mon + 1, 1) + tm->tm_mday - 1) * 86400 +
	       (int64_t)tm->tm_hour * 3600 + (int64_t)tm->tm_min * 60 + tm->tm_sec;
}

/* glibc: the nearest instant with the asked DST flag, probed week by week. */
static int32_t isdst_offset(const struct caltz *z, int64_t t, bool isdst, int32_t fallback)
{
	struct caltz_info in;
	int64_t delta;
	int dir;

	for (delta = 601200; delta < 536454000; delta += 601200)
		for (dir = -1; dir <= 1; dir += 2) {
			caltz_info(z, t + dir * delta, &in);
			if (in.isdst == isdst)
				return in.off;
		}
	return fallback;
}

int64_t caltz_mktime(const struct caltz *z, struct tm *tm, int32_t *hint)
{
	struct caltz_info a, b, in;
	int64_t l = tm_local(tm), t, ta, tb;
	bool va, vb;

	if (!z) {
		caltz_localtime(NULL, l, tm);
		return l;
	}
	caltz_info(z, l - 86400, &a);
	caltz_info(z, l + 86400, &b);
	ta = l - a.off;
	tb = l - b.off;
	caltz_info(z, ta, &in);
	va = in.off == a.off;
	caltz_info(z, tb, &in);
	vb = in.off == b.off;
	if (va && vb && ta != tb) {	/* happens twice */
		if (tm->tm_isdst >= 0 && a.isdst != b.isdst)
			t = (a.isdst == (tm->tm_isdst > 0)) ? ta : tb;
		else
			t = b.off == *hint ? tb : ta;
	} else if (va || vb) {
		t = va ? ta : tb;
		caltz_info(z, t, &in);
		if (tm->tm_isdst >= 0 && in.isdst != (tm->tm_isdst > 0))
			t = l - isdst_offset(z, t, tm->tm_isdst > 0, in.off);
	} else {
		t = ta;	/* skipped: read with the offset before the change */
	}
	caltz_localtime(z, t, tm);
	*hint = (int32_t)tm->tm_gmtoff;
	return t;
}

/* ---- zone files ---- */

bool caltz_name_ok(const char *name)
{
	const char *p;

	if (!*name || *name == '/' || strlen(name) > 255)
		return false;
	for (p = name; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("/-_+.", *p)))
			return false;
		if (*p == '.' && (p == name || p[-1] == '/') &&
		    (p[1] == '.' || p[1] == '/' || !p[1]))
			return false;
	}
	return p[-1] != '/';
}

/* Read a TZif file into a zone; 0 or -errno. */
/* FNV-1a of a file's bytes: whether a reload found another zone. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* A zone from a TZif file; *hash (when asked for) of its bytes. */
static int load_file_hash(const char *path, struct caltz **ret, uint64_t *hash)
{
	unsigned char *buf;
	struct stat st;
	ssize_t n;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ELOOP)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > TZIF_MAX) {
		close(fd);
		return -EINVAL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	n = read(fd, buf, (size_t)st.st_size);
	r = n < 0 ? -errno : caltz_parse_tzif(buf, (size_t)n, ret);
	if (r == 0 && hash)
		*hash = fnv1a(buf, (size_t)n);
	close(fd);
	free(buf);
	return r;
}

static int load_file(const char *path, struct caltz **ret)
{
	return load_file_hash(path, ret, NULL);
}

static struct caltz *cache;

const struct caltz *caltz_lookup(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	struct caltz *z;

	for (z = cache; z; z = z->next)
		if (z->name && strcmp(z->name, name) == 0)
			return z;
	if (!caltz_name_ok(name))
		return NULL;
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return NULL;
	if (load_file(path, &z) < 0)
		return NULL;
	z->name = strdup(name);
	if (!z->name) {
		caltz_free(z);
		return NULL;
	}
	z->next = cache;
	cache = z;
	return z;
}

/*
 * /etc/localtime lives in one object whose address never changes: parsed
 * calendar specs hold it, and caltz_local_reload() refills it in place
 * when the file changes.  $TZ, when set, wins and is never reloaded.
 */
static struct caltz local_obj;
static struct caltz *local_block;	/* what local_obj's arrays point into */
static uint64_t local_hash;
static bool local_loaded, local_done, env_set;
static const struct caltz *env_zone;

static const struct caltz *zone_of_env(const char *tz)
{
	struct caltz *z = NULL;

	if (*tz == ':')
		tz++;
	if (*tz && tz[0] != '/' && caltz_lookup(tz))
		return caltz_lookup(tz);
	if (*tz == '/' && load_file(tz, &z) == 0)
		return z;
	if (*tz && caltz_from_rule(tz, &z) == 0)
		return z;
	return NULL;	/* glibc: an unknown TZ is UTC */
}

const struct caltz *caltz_local(void)
{
	const char *tz;

	if (!local_done) {
		local_done = true;
		tz = getenv("TZ");
		env_set = tz && *tz;
		if (env_set)
			env_zone = zone_of_env(tz);
		else
			(void)caltz_local_reload();
	}
	return env_set ? env_zone : &local_obj;
}

int caltz_local_reload(void)
{
	struct caltz *z = NULL, *old = local_block;
	uint64_t h = 0;

	if (env_set)
		return 0;
	if (load_file_hash("/etc/localtime", &z, &h) < 0)
		z = NULL;	/* none, or unreadable: UTC, as glibc */
	if (local_loaded && h == local_hash) {
		caltz_free(z);
		return 0;
	}
	if (!z && caltz_from_rule("UTC0", &z) < 0)
		return -ENOMEM;
	local_obj = *z;
	local_obj.name = NULL;
	local_obj.next = NULL;
	local_block = z;
	local_hash = h;
	local_loaded = true;
	caltz_free(old);
	return 1;
}
