/* SPDX-License-Identifier: MIT */
#ifndef TEND_SPECIFIER_H
#define TEND_SPECIFIER_H

struct unit_ctx;

/* What specifiers expand from: the unit's name and file, plus the host. */
struct spec_src {
	const char *name;	/* "foo@bar.service" */
	const char *path;	/* the unit file, for %y %Y; may be NULL */
	const struct unit_ctx *ctx;
};

/*
 * Pure: expand %n %N %p %P %i %I %j %J %f %t %S %C %L %E %T %V %h %s %u %U
 * %g %G %H %l %m %b %v %a %o %w %B %W %q %y %Y %% in s.  Returns 0 and a
 * malloc'd *ret, -EBADMSG for an unknown or trailing '%' (the letter in
 * *ret_bad, '\0' for a trailing one), -ENOMEM.
 */
int spec_expand(const char *s, const struct spec_src *src, char **ret, char *ret_bad);

#endif
