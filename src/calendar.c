/* SPDX-License-Identifier: MIT */
/*
 * Calendar events as systemd.time(7) defines them: parse, normalise and
 * format, as systemd's calendarspec.c does.  Pure: zones come from caltz.c
 * through struct cal_env.  The next elapse is in calendar_next.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "calendar.h"
#include "caltz.h"
#include "nofail.h"

#define USEC_PER_SEC 1000000
#define BITS_WEEKDAYS 127
#define MIN_YEAR 1970
#define MAX_YEAR 2199

struct chain {
	uint16_t n;
	struct cal_comp c[CAL_COMPONENTS_MAX + 1];
};

/* What the parser builds before the spec gets its compact array. */
struct cparse {
	struct cal_spec *spec;
	struct chain f[_CAL_FIELDS];
	struct chain tmp[3];
};

static int chain_add(struct chain *ch, int32_t start, int32_t stop, int32_t repeat)
{
	if (ch->n > CAL_COMPONENTS_MAX)
		return -ENOBUFS;
	ch->c[ch->n++] = (struct cal_comp){ start, stop, repeat };
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Up to 6 fractional digits, rounding on the seventh, as systemd does. */
static int parse_fraction(const char **p, unsigned *ret)
{
	const char *s = *p;
	unsigned v = 0;
	int i;

	for (i = 0; i < 6; i++, s++) {
		if (!is_digit(*s)) {
			if (i == 0)
				return -EINVAL;
			for (; i < 6; i++)
				v *= 10;
			break;
		}
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (*s >= '5' && *s <= '9')
		v++;
	while (is_digit(*s))
		s++;
	*p = s;
	*ret = v;
	return 0;
}

static int parse_decimal(const char **p, bool usec, int32_t *ret)
{
	unsigned long long v = 0;
	const char *e = *p;
	unsigned add;
	int r;

	if (!is_digit(*e))
		return -EINVAL;
	for (; is_digit(*e); e++) {
		v = v * 10 + (unsigned)(*e - '0');
		if (v > (unsigned long long)INT_MAX * 10)
			return -ERANGE;
	}
	if (usec) {
		v *= USEC_PER_SEC;
		if (e[0] == '.' && e[1] != '.') {	/* ".." is a range */
			e++;
			r = parse_fraction(&e, &add);
			if (r < 0)
				return r;
			v += add;
		}
	}
	if (v > INT_MAX)
		return -ERANGE;
	*p = e;
	*ret = (int32_t)v;
	return 0;
}

/* start[..stop][/repeat][,...] or '*' */
static int parse_chain(const char **p, bool usec, struct chain *ch)
{
	const char *e = *p;
	int32_t start, stop, repeat;
	int r;

	ch->n = 0;
	if (*e == '*') {
		*p = e + 1;
		return usec ? chain_add(ch, 0, -1, USEC_PER_SEC) : 0;
	}
	for (;;) {
		stop = -1;
		repeat = 0;
		r = parse_decimal(&e, usec, &start);
		if (r < 0)
			return r;
		if (e[0] == '.' && e[1] == '.') {
			e += 2;
			r = parse_decimal(&e, usec, &stop);
			if (r < 0)
				return r;
			repeat = usec ? USEC_PER_SEC : 1;
		}
		if (*e == '/') {
			e++;
			r = parse_decimal(&e, usec, &repeat);
			if (r < 0)
				return r;
			if (repeat == 0)
				return -ERANGE;
		} else if (start > INT_MAX - repeat) {
			return -ERANGE;
		} else if (usec && stop >= 0 && start + repeat > stop) {
			return -EINVAL;	/* a range below a second needs a repeat */
		}
		if (!strchr(" ,-~:", *e))	/* the NUL too */
			return -EINVAL;
		r = chain_add(ch, start, stop, repeat);
		if (r < 0)
			return r;
		if (*e != ',')
			break;
		e++;
	}
	*p = e;
	return 0;
}

static const struct {
	const char *name;
	int nr;
} day_nr[] = {
	{ "Monday", 0 }, { "Mon", 0 }, { "Tuesday", 1 }, { "Tue", 1 },
	{ "Wednesday", 2 }, { "Wed", 2 }, { "Thursday", 3 }, { "Thu", 3 },
	{ "Friday", 4 }, { "Fri", 4 }, { "Saturday", 5 }, { "Sat", 5 },
	{ "Sunday", 6 }, { "Sun", 6 },
};

/* One weekday name at *p; its number, -1 when none, -EINVAL when glued. */
static int weekday_at(const char **p)
{
	size_t i, n;

	for (i = 0; i < sizeof(day_nr) / sizeof(day_nr[0]); i++) {
		n = strlen(day_nr[i].name);
		if (strncasecmp(*p, day_nr[i].name, n) != 0)
			continue;
		if (!strchr("-., ", (*p)[n]))
			return -EINVAL;
		*p += n;
		return day_nr[i].nr;
	}
	return -1;
}

static int parse_weekdays(const char **p, struct cal_spec *c)
{
	int l = -1, nr, j;
	bool first = true;

	for (;;) {
		nr = weekday_at(p);
		if (nr == -EINVAL)
			return nr;
		if (nr < 0)
			return first ? 0 : -EINVAL;
		c->weekdays |= 1 << nr;
		if (l >= 0) {
			if (l > nr)
				return -EINVAL;
			for (j = l + 1; j < nr; j++)
				c->weekdays |= 1 << j;
		}
		if (**p == 0)
			return 0;
		if (**p == ' ') {
			*p += strspn(*p, " ");
			return 0;
		}
		if (**p == '.') {
			if (l >= 0 || (*p)[1] != '.')
				return -EINVAL;
			l = nr;
			*p += 2;
		} else if (**p == '-') {	/* old range syntax */
			if (l >= 0)
				return -EINVAL;
			l = nr;
			*p += 1;
		} else if (**p == ',') {
			l = -1;
			*p += 1;
		}
		if (**p == 0 || **p == ' ') {	/* a trailing comma, not an open range */
			*p += strspn(*p, " ");
			return l < 0 ? 0 : -EINVAL;
		}
		first = false;
	}
}

static void set_utc_time(struct cparse *ps, int64_t t)
{
	struct tm tm;

	caltz_localtime(NULL, t, &tm);
	ps->spec->utc = true;
	chain_add(&ps->f[CAL_YEAR], tm.tm_year + 1900, -1, 0);
	chain_add(&ps->f[CAL_MONTH], tm.tm_mon + 1, -1, 0);
	chain_add(&ps->f[CAL_DAY], tm.tm_mday, -1, 0);
	chain_add(&ps->f[CAL_HOUR], tm.tm_hour, -1, 0);
	chain_add(&ps->f[CAL_MINUTE], tm.tm_min, -1, 0);
	chain_add(&ps->f[CAL_USEC], tm.tm_sec * USEC_PER_SEC, -1, 0);
}

/* [[year-]month-day]; 1 when an @timestamp ended it all. */
static int parse_date(const char **p, struct cparse *ps)
{
	const char *t = *p;
	unsigned long long v = 0;
	int r;

	if (!*t)
		return 0;
	if (*t == '@') {
		if (!is_digit(*++t))
			return -EINVAL;
		for (; is_digit(*t); t++)
			if ((v = v * 10 + (unsigned)(*t - '0')) > 253402300799ULL)
				return -ERANGE;
		set_utc_time(ps, (int64_t)v);
		*p = t;
		return 1;
	}
	r = parse_chain(&t, false, &ps->tmp[0]);
	if (r < 0)
		return r;
	if (!*t || *t == ':')
		return 0;	/* it was a time */
	if (*t == '~')
		ps->spec->end_of_month = true;
	else if (*t != '-')
		return -EINVAL;
	t++;
	r = parse_chain(&t, false, &ps->tmp[1]);
	if (r < 0)
		return r;
	if (!*t || *t == ' ') {
		*p = t + strspn(t, " ");
		ps->f[CAL_MONTH] = ps->tmp[0];
		ps->f[CAL_DAY] = ps->tmp[1];
		return 0;
	}
	if (ps->spec->end_of_month)
		return -EINVAL;
	if (*t == '~')
		ps->spec->end_of_month = true;
	else if (*t != '-')
		return -EINVAL;
	t++;
	r = parse_chain(&t, false, &ps->tmp[2]);
	if (r < 0)
		return r;
	if (*t && *t != ' ')
		return -EINVAL;
	*p = t + strspn(t, " ");
	ps->f[CAL_YEAR] = ps->tmp[0];
	ps->f[CAL_MONTH] = ps->tmp[1];
	ps->f[CAL_DAY] = ps->tmp[2];
	return 0;
}

/* hour:minute[:second]; nothing at all is 00:00:00 */
static int parse_time(const char **p, struct cparse *ps)
{
	const char *t = *p;
	int r;

	if (!*t) {
		chain_add(&ps->f[CAL_HOUR], 0, -1, 0);
		chain_add(&ps->f[CAL_MINUTE], 0, -1, 0);
		return chain_add(&ps->f[CAL_USEC], 0, -1, 0);
	}
	r = parse_chain(&t, false, &ps->f[CAL_HOUR]);
	if (r < 0)
		return r;
	if (*t++ != ':')
		return -EINVAL;
	r = parse_chain(&t, false, &ps->f[CAL_MINUTE]);
	if (r < 0)
		return r;
	if (!*t) {
		*p = t;
		return chain_add(&ps->f[CAL_USEC], 0, -1, 0);
	}
	if (*t++ != ':')
		return -EINVAL;
	r = parse_chain(&t, true, &ps->f[CAL_USEC]);
	if (r < 0)
		return r;
	*p = t;
	return *t ? -EINVAL : 0;
}

static const struct {
	const char *name;
	const char *expr;
} shorthands[] = {
	{ "minutely", "*-*-* *:*:00" },
	{ "hourly", "*-*-* *:00:00" },
	{ "daily", "*-*-* 00:00:00" },
	{ "monthly", "*-*-01 00:00:00" },
	{ "weekly", "Mon *-*-* 00:00:00" },
	{ "yearly", "*-01-01 00:00:00" },
	{ "annually", "*-01-01 00:00:00" },
	{ "anually", "*-01-01 00:00:00" },
	{ "quarterly", "*-01,04,07,10-01 00:00:00" },
	{ "semiannually", "*-01,07-01 00:00:00" },
	{ "semi-annually", "*-01,07-01 00:00:00" },
	{ "biannually", "*-01,07-01 00:00:00" },
	{ "bi-annually", "*-01,07-01 00:00:00" },
};

static int parse_body(const char *p, struct cparse *ps)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof(shorthands) / sizeof(shorthands[0]); i++)
		if (strcasecmp(p, shorthands[i].name) == 0) {
			p = shorthands[i].expr;
			break;
		}
	r = parse_weekdays(&p, ps->spec);
	if (r < 0)
		return r;
	r = parse_date(&p, ps);
	if (r < 0)
		return r;
	if (r == 0) {
		r = parse_time(&p, ps);
		if (r < 0)
			return r;
	}
	return *p ? -EINVAL : 0;
}

static bool ends_with_word(const char *s, size_t len, const char *w, size_t *ret_cut)
{
	size_t n = strlen(w);

	if (!n || len < n + 1 || strncasecmp(s + len - n, w, n) != 0 || s[len - n - 1] != ' ')
		return false;
	*ret_cut = len - n - 1;
	return true;
}

/* The zone at the end: " UTC", the local tzname[0]/[1], or an IANA name. */
static int parse_zone(const char *s, const struct cal_env *env, struct cal_spec *c,
		      size_t *ret_len)
{
	size_t len = strlen(s);
	const char *names[2], *sp;
	int j;

	*ret_len = len;
	if (ends_with_word(s, len, "UTC", ret_len)) {
		c->utc = true;
		return 0;
	}
	caltz_names(env->local, &names[0], &names[1]);
	for (j = 0; j <= 1; j++)
		if (ends_with_word(s, len, names[j], ret_len)) {
			c->dst = j;
			return 0;
		}
	sp = strrchr(s, ' ');
	if (sp && env->lookup && (c->zone = env->lookup(sp + 1))) {
		c->tz_name = strdup(sp + 1);
		if (!c->tz_name)
			return -ENOMEM;
		*ret_len = (size_t)(sp - s);
	}
	return 0;
}

static int cmp_comp(const void *a, const void *b)
{
	const struct cal_comp *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->stop != y->stop)
		return x->stop < y->stop ? -1 : 1;
	return x->repeat < y->repeat ? -1 : x->repeat > y->repeat;
}

/* Trim ranges to a multiple of their repeat, sort, drop duplicates. */
static void normalize_chain(struct chain *ch)
{
	uint16_t i, k;

	for (i = 0; i < ch->n; i++) {
		struct cal_comp *x = &ch->c[i];

		if (x->stop > x->start && x->repeat > 0)
			x->stop -= (x->stop - x->start) % x->repeat;
	}
	if (ch->n <= 1)
		return;
	qsort(ch->c, ch->n, sizeof(ch->c[0]), cmp_comp);
	for (i = 1, k = 1; i < ch->n; i++)
		if (cmp_comp(&ch->c[i], &ch->c[k - 1]) != 0)
			ch->c[k++] = ch->c[i];
	ch->n = k;
}

static void fix_year(struct chain *ch)
{
	uint16_t i;

	for (i = 0; i < ch->n; i++) {
		int32_t *v[2] = { &ch->c[i].start, &ch->c[i].stop };
		int j;

		for (j = 0; j < 2; j++) {
			if (*v[j] >= 0 && *v[j] < 70)
				*v[j] += 2000;
			else if (*v[j] >= 70 && *v[j] < 100)
				*v[j] += 1900;
		}
	}
}

static bool chain_valid(const struct chain *ch, int from, int to, bool eom)
{
	uint16_t i;

	if (eom)
		to -= 3;	/* no more than 28 days from the end */
	for (i = 0; i < ch->n; i++) {
		const struct cal_comp *x = &ch->c[i];

		if (x->start < from || x->start > to || x->repeat > to - from)
			return false;
		if (x->stop >= 0) {
			if (x->stop < from || x->stop > to || x->start + x->repeat > x->stop)
				return false;
		} else if (eom ? x->start - x->repeat < from : x->start + x->repeat > to) {
			return false;
		}
	}
	return true;
}

static int finish(struct cparse *ps)
{
	struct cal_spec *c = ps->spec;
	static const int lim[_CAL_FIELDS][2] = {
		{ MIN_YEAR, MAX_YEAR }, { 1, 12 }, { 1, 31 }, { 0, 23 }, { 0, 59 },
		{ 0, 60 * USEC_PER_SEC - 1 },
	};
	size_t n = 0;
	int f;

	if (c->tz_name && strcmp(c->tz_name, "UTC") == 0) {
		c->utc = true;
		free(c->tz_name);
		c->tz_name = NULL;
	}
	if (c->weekdays <= 0 || c->weekdays >= BITS_WEEKDAYS)
		c->weekdays = -1;
	if (c->end_of_month && ps->f[CAL_DAY].n == 0)
		c->end_of_month = false;
	fix_year(&ps->f[CAL_YEAR]);
	for (f = 0; f < _CAL_FIELDS; f++) {
		normalize_chain(&ps->f[f]);
		if (!chain_valid(&ps->f[f], lim[f][0], lim[f][1], f == CAL_DAY && c->end_of_month))
			return -EINVAL;
		n += ps->f[f].n;
	}
	c->comp = malloc((n ? n : 1) * sizeof(*c->comp));
	if (!c->comp)
		return -ENOMEM;
	for (f = 0, n = 0; f < _CAL_FIELDS; f++) {
		c->first[f] = (uint16_t)n;
		memcpy(c->comp + n, ps->f[f].c, ps->f[f].n * sizeof(*c->comp));
		n += ps->f[f].n;
	}
	c->first[_CAL_FIELDS] = (uint16_t)n;
	if (c->utc)
		c->zone = NULL;
	return 0;
}

int calendar_parse(const char *s, const struct cal_env *env, struct cal_spec *c)
{
	struct cparse *ps;
	size_t len;
	char *body;
	int r;

	memset(c, 0, sizeof(*c));
	c->dst = -1;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return -ENOMEM;
	ps->spec = c;
	r = parse_zone(s, env, c, &len);
	body = r < 0 ? NULL : strndup(s, len);
	if (r == 0 && !body)
		r = -ENOMEM;
	if (r == 0 && !c->tz_name)
		c->zone = c->utc ? NULL : env->local;
	if (r == 0)
		r = *body ? parse_body(body, ps) : -EINVAL;
	if (r == 0)
		r = finish(ps);
	free(body);
	free(ps);
	if (r < 0)
		calendar_free(c);
	return r;
}

void calendar_free(struct cal_spec *c)
{
	free(c->comp);
	free(c->tz_name);
	c->comp = NULL;
	c->tz_name = NULL;
}

/* ---- formatting ---- */

struct out {
	char *buf;
	size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void format_weekdays(struct out *o, int bits)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	int l = -1, x;
	bool comma = false;

	for (x = 0; x < 7; x++) {
		if (bits & (1 << x)) {
			if (l < 0) {
				put(o, "%s%s", comma ? "," : "", days[x]);
				comma = true;
				l = x;
			}
		} else if (l >= 0) {
			if (x > l + 1)
				put(o, "%s%s", x > l + 2 ? ".." : ",", days[x - 1]);
			l = -1;
		}
	}
	if (l >= 0 && x > l + 1)
		put(o, "%s%s", x > l + 2 ? ".." : ",", days[x - 1]);
}

static void format_field(struct out *o, const struct cal_spec *c, int f, int width)
{
	const struct cal_comp *x = c->comp + c->first[f], *end = c->comp + c->first[f + 1];
	int d = f == CAL_USEC ? USEC_PER_SEC : 1;

	if (x == end || (f == CAL_USEC && end - x == 1 && x->start == 0 &&
			 x->repeat == USEC_PER_SEC)) {
		put(o, "*");
		return;
	}
	for (; x < end; x++) {
		put(o, "%s%0*d", x == c->comp + c->first[f] ? "" : ",", width, x->start / d);
		if (x->start % d > 0)
			put(o, ".%06d", x->start % d);
		if (x->stop > 0)
			put(o, "..%0*d", width, x->stop / d);
		if (x->stop % d > 0)
			put(o, ".%06d", x->stop % d);
		if (x->repeat > 0 && !(x->stop > 0 && x->repeat == d))
			put(o, "/%d", x->repeat / d);
		if (x->repeat % d > 0)
			put(o, ".%06d", x->repeat % d);
	}
}

int calendar_format(const struct cal_spec *c, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };
	const char *names[2];

	if (size)
		buf[0] = '\0';
	if (c->weekdays > 0 && c->weekdays <= BITS_WEEKDAYS) {
		format_weekdays(&o, c->weekdays);
		put(&o, " ");
	}
	format_field(&o, c, CAL_YEAR, 4);
	put(&o, "-");
	format_field(&o, c, CAL_MONTH, 2);
	put(&o, c->end_of_month ? "~" : "-");
	format_field(&o, c, CAL_DAY, 2);
	put(&o, " ");
	format_field(&o, c, CAL_HOUR, 2);
	put(&o, ":");
	format_field(&o, c, CAL_MINUTE, 2);
	put(&o, ":");
	format_field(&o, c, CAL_USEC, 2);
	if (c->utc)
		put(&o, " UTC");
	else if (c->tz_name)
		put(&o, " %s", c->tz_name);
	else if (c->dst == 0 || c->dst == 1) {
		caltz_names(c->zone, &names[0], &names[1]);
		if (*names[c->dst])
			put(&o, " %s", names[c->dst]);
	}
	return o.len < size ? 0 : -ENOBUFS;
}
