/* SPDX-License-Identifier: MIT */
#ifndef TEND_UNITREAD_H
#define TEND_UNITREAD_H

#include <stddef.h>

enum uline_kind {
	UL_SECTION,	/* "[Name]": key holds the name */
	UL_ASSIGN,	/* "Key=Value" */
	UL_BAD,		/* a line inih must not see; why says what is wrong */
};

/* One logical line: continuations joined, whitespace stripped. */
struct uline {
	enum uline_kind kind;
	int line;		/* first physical line, 1-based */
	char *key;
	char *value;
	const char *why;	/* UL_BAD only */
};

/* The logical lines of one file, and where inih has got to. */
struct ureader {
	struct uline *v;
	size_t n, cap;
	size_t next;		/* next line to hand to inih */
};

/*
 * Called once per assignment, in file order, with the section it is in
 * (NULL above the first section).  Returns 0 or -errno (which stops only
 * this line: parsing goes on so that every error is reported).
 */
typedef int uread_fn(void *data, const struct uline *section, const struct uline *l);

/*
 * Pure: cut buf[0..len) into logical lines as systemd does: lines end at
 * LF, CR, CRLF or NUL; a trailing unescaped '\' joins the next line (the
 * '\' becomes a space, comment lines in between are dropped); '#' and ';'
 * start comments only at the beginning of a line; a UTF-8 BOM is skipped.
 * Returns 0 or -ENOMEM.
 */
int uread_split(struct ureader *r, const char *buf, size_t len);

/*
 * Run inih's ini_parse_stream() over r: inih sees one short placeholder
 * per logical line ("[s3]", "k7=v"), so its 200-byte buffer, inline
 * ';' stripping and lack of line numbers never reach the values, which
 * fn() gets from r with their line numbers.  Returns 0 or -ENOMEM.
 */
int uread_parse(struct ureader *r, uread_fn *fn, void *data);

void uread_free(struct ureader *r);

#endif
