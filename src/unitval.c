/* SPDX-License-Identifier: MIT */
/* Pure parsers for unit-file values: booleans, signals, sizes, sets. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

#include "signame.h"
#include "unit.h"
#include "unitval.h"
#include "nofail.h"

#define WHITESPACE " \t\n\r"

int uv_bool(const char *s, bool *ret)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

int uv_int(const char *s, long long min, long long max, long long *ret)
{
	char *end;
	long long v;

	if (!*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int uv_mode(const char *s, mode_t *ret)
{
	char *end;
	unsigned long v;

	if (!*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 8);
	if (errno || *end)
		return -EINVAL;
	if (v > 07777)
		return -ERANGE;
	*ret = (mode_t)v;
	return 0;
}

static int rt_signal(const char *s, int base, int dir, int *ret)
{
	long long n = 0;
	int r;

	if (*s) {
		if (*s != (dir > 0 ? '+' : '-'))
			return -EINVAL;
		r = uv_int(s + 1, 0, SIGRTMAX - SIGRTMIN, &n);
		if (r < 0)
			return r;
	}
	*ret = base + dir * (int)n;
	return 0;
}

int uv_signal(const char *s, int *ret)
{
	long long n;
	int sig;

	if (uv_int(s, 1, 64, &n) == 0) {
		if (n > SIGRTMAX)
			return -ERANGE;
		*ret = (int)n;
		return 0;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	if (strncmp(s, "RTMIN", 5) == 0)
		return rt_signal(s + 5, SIGRTMIN, 1, ret);
	if (strncmp(s, "RTMAX", 5) == 0)
		return rt_signal(s + 5, SIGRTMAX, -1, ret);
	sig = signame_lookup(s);
	if (!sig)
		return -EINVAL;
	*ret = sig;
	return 0;
}

/* Base-1024 multiplier for a size suffix, 0 when unknown. */
static uint64_t size_suffix(const char *s)
{
	static const char sfx[] = "KMGTPE";
	const char *p;
	uint64_t m = 1;

	if (!*s || strcmp(s, "B") == 0)
		return 1;
	p = strchr(sfx, *s);
	if (!p || (s[1] && strcmp(s + 1, "B") != 0))
		return 0;
	for (; p >= sfx; p--)
		m <<= 10;
	return m;
}

/* "N%", "N‰", "N‱" into permyriad; -EINVAL when s has none of them. */
static int parse_share(const char *s, int64_t *ret)
{
	static const struct {
		const char *sym;
		int64_t scale;
	} sym[] = { { "%", 100 }, { "\xe2\x80\xb0", 10 }, { "\xe2\x80\xb1", 1 } };
	char *end;
	double v;
	size_t i;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || v < 0)
		return -ERANGE;
	for (i = 0; i < sizeof(sym) / sizeof(sym[0]); i++) {
		if (strcmp(end, sym[i].sym) == 0) {
			if (v * (double)sym[i].scale > 1e12)
				return -ERANGE;
			*ret = (int64_t)(v * (double)sym[i].scale + 0.5);
			return 0;
		}
	}
	return -EINVAL;
}

int uv_permyriad(const char *s, int64_t *ret)
{
	return parse_share(s, ret);
}

int uv_bytes(const char *s, uint64_t percent_base, uint64_t *ret)
{
	unsigned long long whole;
	uint64_t mult, frac_v = 0;
	int64_t pm;
	char *end;

	if (strcmp(s, "infinity") == 0) {
		*ret = UNIT_LIMIT_INFINITY;
		return 0;
	}
	if (percent_base && parse_share(s, &pm) == 0) {
		if (pm > 10000)
			return -ERANGE;
		*ret = (uint64_t)((long double)percent_base * pm / 10000);
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	whole = strtoull(s, &end, 10);
	if (errno)
		return -ERANGE;
	if (*end == '.') {
		const char *f = end + 1;
		double frac = strtod(end, &end);

		if (end == f)
			return -EINVAL;
		mult = size_suffix(end);
		if (!mult)
			return -EINVAL;
		frac_v = (uint64_t)(frac * (double)mult);
	} else {
		mult = size_suffix(end);
		if (!mult)
			return -EINVAL;
	}
	if (whole > (UNIT_LIMIT_INFINITY - 1 - frac_v) / mult)
		return -ERANGE;
	*ret = whole * mult + frac_v;
	return 0;
}

int uv_cpu_set(const char *s, cpu_set_t *set)
{
	long long a, b;
	char word[32], *dash;
	size_t n;
	int r;

	for (;;) {
		s += strspn(s, WHITESPACE ",");
		if (!*s)
			return 0;
		n = strcspn(s, WHITESPACE ",");
		if (n >= sizeof(word))
			return -EINVAL;
		memcpy(word, s, n);
		word[n] = '\0';
		s += n;
		dash = strchr(word, '-');
		if (dash)
			*dash = '\0';
		r = uv_int(word, 0, CPU_SETSIZE - 1, &a);
		if (r < 0)
			return r;
		b = a;
		if (dash) {
			r = uv_int(dash + 1, 0, CPU_SETSIZE - 1, &b);
			if (r < 0)
				return r;
			if (b < a)
				return -EINVAL;
		}
		for (; a <= b; a++)
			CPU_SET((size_t)a, set);
	}
}

static const char *const exit_names[256] = {
	[0] = "SUCCESS", [1] = "FAILURE", [2] = "INVALIDARGUMENT",
	[3] = "NOTIMPLEMENTED", [4] = "NOPERMISSION", [5] = "NOTINSTALLED",
	[6] = "NOTCONFIGURED", [7] = "NOTRUNNING", [64] = "USAGE",
	[65] = "DATAERR", [66] = "NOINPUT", [67] = "NOUSER", [68] = "NOHOST",
	[69] = "UNAVAILABLE", [70] = "SOFTWARE", [71] = "OSERR",
	[72] = "OSFILE", [73] = "CANTCREAT", [74] = "IOERR",
	[75] = "TEMPFAIL", [76] = "PROTOCOL", [77] = "NOPERM", [78] = "CONFIG",
};

static int exit_word(const char *w, struct unit_exit_set *set)
{
	long long n;
	int i, sig;

	if (uv_int(w, 0, 255, &n) == 0) {
		set->status[n / 64] |= 1ULL << (n % 64);
		return 0;
	}
	for (i = 0; i < 256; i++) {
		if (exit_names[i] && strcmp(exit_names[i], w) == 0) {
			set->status[i / 64] |= 1ULL << (i % 64);
			return 0;
		}
	}
	if (isdigit((unsigned char)*w) || uv_signal(w, &sig) < 0)
		return -EINVAL;
	set->signals |= 1ULL << (sig - 1);
	return 0;
}

int uv_exit_set(const char *s, struct unit_exit_set *set)
{
	char word[64];
	size_t n;
	int r;

	for (;;) {
		s += strspn(s, WHITESPACE);
		if (!*s)
			return 0;
		n = strcspn(s, WHITESPACE);
		if (n >= sizeof(word))
			return -EINVAL;
		memcpy(word, s, n);
		word[n] = '\0';
		s += n;
		r = exit_word(word, set);
		if (r < 0)
			return r;
	}
}

int uv_caps(const char *s, uint64_t *ret)
{
	char word[64];
	cap_value_t cap;
	uint64_t mask = 0;
	size_t n, i;

	for (;;) {
		s += strspn(s, WHITESPACE);
		if (!*s)
			break;
		n = strcspn(s, WHITESPACE);
		if (n >= sizeof(word))
			return -EINVAL;
		for (i = 0; i < n; i++)
			word[i] = (char)tolower((unsigned char)s[i]);
		word[n] = '\0';
		s += n;
		if (cap_from_name(word, &cap) < 0 || cap < 0 || cap > 63)
			return -EINVAL;
		mask |= 1ULL << cap;
	}
	*ret = mask;
	return 0;
}

bool uv_unit_name_ok(const char *s)
{
	const char *dot = strrchr(s, '.'), *at = strchr(s, '@');
	size_t len = strlen(s);

	if (!len || len > UNIT_NAME_MAX || !dot || dot == s || !dot[1])
		return false;
	/* an instance may itself contain '@': "a@b@c.service" */
	if (at && (at == s || at > dot))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(":-_.\\@", *s))
			return false;
	return true;
}

bool uv_user_name_ok(const char *s)
{
	size_t len = strlen(s);

	if (!len || len > 255 || *s == '-' || *s == '+' || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || strchr(":/, \t\x7f", *s))
			return false;
	return true;
}

bool uv_env_name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

bool uv_path_ok(const char *s)
{
	return s[0] == '/' && strlen(s) < 4096;
}
