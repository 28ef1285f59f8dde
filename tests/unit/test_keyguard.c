/* SPDX-License-Identifier: MIT */
/*
 * The key guard (issue 17): a key tend loads without a warning must do
 * what systemd says, so every key of the key table needs a behaviour test
 * that names it ("Key=" in a unit that an integration test writes and
 * checks), or a place in the warn-and-skip lists.  Prints every key, what
 * tend does with it and where it is tested.  Also checks that README's
 * per-key table is the key table's, and that every field of struct unit
 * is read outside the parser.  Runs from the top of the tree (make unit).
 *
 * How to register a key's test: write "Key=" in a unit of a test under
 * tests/integration/ (or tests/vm, tests/security, tests/daemons,
 * tests/container) that checks what the key does.  Nothing else.  A key
 * that has no such test yet is listed in open_keys[] below with the
 * reason (the guard says STALE once one of them has a test: take it out)
 * and the guard fails for a key that has neither.
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "unitpriv.h"

/* Keys without a behaviour test yet: the key and why.  Keep it short. */
static const char *const open_keys[][2] = {
	{ NULL, NULL },		/* none today */
};

/* Where behaviour tests live. */
static const char *const test_dirs[] = {
	"tests/integration", "tests/vm", "tests/security", "tests/daemons", "tests/container",
};

/* Fields of struct unit that only the loader reads, and why that is right. */
static const char *const loader_fields[][2] = {
	{ NULL, NULL },		/* none today */
};

/* The parser: reading a field here does not count. */
static const char *const parser_files[] = {
	"src/unit.c", "src/unitload.c", "src/unitkeys.c", "src/unitexec.c",
	"src/unitval.c", "src/unitext.c",
};

struct file {
	char *path, *text;
};

static struct file *files;
static size_t n_files;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int add_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode) || st->st_size > 1024 * 1024)
		return 0;
	files = realloc(files, (n_files + 1) * sizeof(*files));
	assert_non_null(files);
	files[n_files].path = strdup(path);
	files[n_files].text = slurp(path);
	if (files[n_files].text)
		n_files++;
	return 0;
}

static bool ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Does text name "key=" as a whole word? */
static bool names_key(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = strstr(text, key); p; p = strstr(p + 1, key))
		if ((p == text || !ident(p[-1])) && p[n] == '=')
			return true;
	return false;
}

/* An Exec*= line with prefix "!" (bang 1) or "!!" (bang 2). */
static bool names_prefix(const char *text, int bang)
{
	const char *p, *q;

	for (p = strstr(text, "Exec"); p; p = strstr(p + 1, "Exec")) {
		for (q = p + 4; isalpha((unsigned char)*q); q++)
			;
		if (*q != '=')
			continue;
		for (q++; *q && strchr("-@+:", *q); q++)
			;
		if (bang == 2 ? strncmp(q, "!!", 2) == 0 : (q[0] == '!' && q[1] != '!'))
			return true;
	}
	return false;
}

static const char *open_reason(const char *key)
{
	for (size_t i = 0; open_keys[i][0]; i++)
		if (strcmp(open_keys[i][0], key) == 0)
			return open_keys[i][1];
	return NULL;
}

struct key {
	char name[64];
	enum ukey_disp disp;
};

static struct key *keys;
static size_t n_keys;

static void load_keys(void)
{
	struct key k;

	for (size_t i = 0; ukey_at(i, k.name, sizeof(k.name), &k.disp); i++) {
		size_t j;

		for (j = 0; j < n_keys && strcmp(keys[j].name, k.name); j++)
			;
		if (j < n_keys)
			continue;	/* in the table and a skip list: the table wins */
		keys = realloc(keys, (n_keys + 1) * sizeof(*keys));
		assert_non_null(keys);
		keys[n_keys++] = k;
	}
}

static int setup(void **state)
{
	(void)state;
	if (access("src/unitkeys.c", F_OK) != 0) {
		fprintf(stderr, "keyguard: run from the top of the tree\n");
		return -1;
	}
	for (size_t i = 0; i < sizeof(test_dirs) / sizeof(test_dirs[0]); i++)
		if (access(test_dirs[i], F_OK) == 0)
			nftw(test_dirs[i], add_file, 16, FTW_PHYS);
	load_keys();
	return n_files && n_keys ? 0 : -1;
}

/* Check one key (or Exec prefix): 0 ok, 1 failure; prints its line. */
static int check_one(const char *label, bool skipped, const char *how, int bang)
{
	const char *why = open_reason(label), *name = label;
	char where[512] = "";
	size_t n = 0, len = 0;
	char shown[80];

	for (size_t i = 0; i < n_files; i++) {
		if (bang ? !names_prefix(files[i].text, bang) : !names_key(files[i].text, name))
			continue;
		if (n++ < 3)
			len += (size_t)snprintf(where + len, sizeof(where) - len, "%s%s",
						len ? ", " : "", files[i].path);
	}
	if (n > 3)
		snprintf(where + len, sizeof(where) - len, " (+%zu)", n - 3);
	snprintf(shown, sizeof(shown), "%s%s", label, bang ? "" : "=");
	if (skipped) {
		printf("  %-34s %s\n", shown, how);
		return 0;
	}
	if (n && why) {
		/* not a failure: other helpers land tests while this list waits */
		printf("  %-34s honoured, tested in %s (STALE: still in open_keys[], "
		       "take it out)\n", shown, where);
		return 0;
	}
	if (n) {
		printf("  %-34s %s, tested in %s\n", shown, how, where);
		return 0;
	}
	if (why) {
		printf("  %-34s OPEN: no behaviour test yet: %s\n", shown, why);
		return 0;
	}
	printf("  %-34s FAIL: loaded without a warning, but no test under tests/ names "
	       "it and it is in no skip list\n", shown);
	return 1;
}

static void every_key_is_tested_or_skipped(void **state)
{
	int bad = 0;
	size_t open = 0;

	(void)state;
	printf("keyguard: %zu keys tend loads, %zu test files\n", n_keys, n_files);
	for (size_t i = 0; i < n_keys; i++) {
		const struct key *k = &keys[i];

		bad += check_one(k->name, k->disp != UKEY_HONOURED,
				 k->disp == UKEY_HONOURED ? "honoured" :
				 k->disp == UKEY_SKIPPED ? "warned and skipped" :
				 "warned and skipped (less confined)", 0);
		open += k->disp == UKEY_HONOURED && open_reason(k->name) != NULL;
	}
	bad += check_one("Exec prefix !", false, "honoured", 1);
	bad += check_one("Exec prefix !!", false, "honoured", 2);
	for (size_t i = 0; open_keys[i][0]; i++) {
		bool known = strncmp(open_keys[i][0], "Exec prefix", 11) == 0;

		for (size_t j = 0; !known && j < n_keys; j++)
			known = strcmp(keys[j].name, open_keys[i][0]) == 0;
		if (!known) {
			printf("  %s: FAIL: open_keys[] names a key tend does not load\n",
			       open_keys[i][0]);
			bad++;
		}
	}
	printf("keyguard: %d failing, %zu open\n", bad, open);
	assert_int_equal(bad, 0);
}

/* ---- README's per-key table, generated from the key table ---- */

#define README_BEGIN "<!-- keys: generated from the key table by tests/unit/test_keyguard.c; " \
		     "KEYGUARD_WRITE=1 build/tests/test_keyguard rewrites it -->\n"
#define README_END "<!-- keys: end -->\n"

static char *readme_table(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fputs(README_BEGIN, f);
	fputs("| key | what tend does |\n| --- | --- |\n", f);
	for (size_t i = 0; i < n_keys; i++)
		fprintf(f, "| `%s=` | %s |\n", keys[i].name,
			keys[i].disp == UKEY_HONOURED ? "honoured" :
			keys[i].disp == UKEY_SKIPPED ? "warned and skipped" :
			"warned and skipped: runs less confined");
	fputs("| any other key | refused |\n", f);
	fputs(README_END, f);
	fclose(f);
	return buf;
}

static void readme_table_is_the_key_table(void **state)
{
	char *readme = slurp("README.md"), *want = readme_table(), *b, *e;
	FILE *f;

	(void)state;
	assert_non_null(readme);
	b = strstr(readme, README_BEGIN);
	e = b ? strstr(b, README_END) : NULL;
	if (!b || !e) {
		printf("keyguard: README.md has no generated key table (markers missing)\n");
		fail();
	}
	e += strlen(README_END);
	if ((size_t)(e - b) == strlen(want) && memcmp(b, want, strlen(want)) == 0) {
		printf("keyguard: README's key table matches the key table\n");
	} else if (getenv("KEYGUARD_WRITE")) {
		f = fopen("README.md", "we");
		assert_non_null(f);
		fprintf(f, "%.*s%s%s", (int)(b - readme), readme, want, e);
		assert_int_equal(fclose(f), 0);
		printf("keyguard: README's key table rewritten\n");
	} else {
		printf("keyguard: FAIL: README's key table is not the key table's; run\n"
		       "  KEYGUARD_WRITE=1 build/tests/test_keyguard\n");
		fail();
	}
	free(readme);
	free(want);
}

/* ---- every field of struct unit is read outside the parser ---- */

/* The names declared in the body of struct unit in src/unit.h. */
static size_t unit_fields(char names[][64], size_t max)
{
	char *h = slurp("src/unit.h"), *b, *e, *p, *decl, *save = NULL;
	size_t n = 0;

	assert_non_null(h);
	b = strstr(h, "\nstruct unit {\n");
	assert_non_null(b);
	e = strstr(b, "\n};\n");
	assert_non_null(e);
	*e = '\0';
	b += strlen("\nstruct unit {\n");
	/* blank out comments and array sizes */
	for (p = b; (p = strstr(p, "/*"));) {
		char *q = strstr(p, "*/");

		assert_non_null(q);
		memset(p, ' ', (size_t)(q + 2 - p));
	}
	for (p = b; (p = strchr(p, '['));) {
		char *q = strchr(p, ']');

		memset(p, ' ', (size_t)(q + 1 - p));
	}
	for (decl = strtok_r(b, ";", &save); decl; decl = strtok_r(NULL, ";", &save)) {
		char *part, *save2 = NULL;

		for (part = strtok_r(decl, ",", &save2); part; part = strtok_r(NULL, ",", &save2)) {
			char *end = part + strlen(part), *start;

			while (end > part && !ident(end[-1]))
				end--;
			start = end;
			while (start > part && ident(start[-1]))
				start--;
			if (start < end && n < max)
				snprintf(names[n++], 64, "%.*s", (int)(end - start), start);
		}
	}
	free(h);
	return n;
}

static bool parser_file(const char *path)
{
	for (size_t i = 0; i < sizeof(parser_files) / sizeof(parser_files[0]); i++)
		if (strcmp(path, parser_files[i]) == 0)
			return true;
	return false;
}

static bool reads_field(const char *text, const char *f)
{
	size_t n = strlen(f);

	for (const char *p = strstr(text, f); p; p = strstr(p + 1, f))
		if (p > text + 1 && !ident(p[n]) &&
		    (p[-1] == '.' || (p[-1] == '>' && p[-2] == '-')))
			return true;
	return false;
}

static void every_unit_field_is_read(void **state)
{
	static char names[256][64];
	size_t n = unit_fields(names, 256), i, j;
	struct file *src = NULL;
	size_t n_src = 0;
	char path[300];
	int bad = 0;
	FILE *ls = popen("ls src/*.c", "re");

	(void)state;
	assert_non_null(ls);
	while (fgets(path, sizeof(path), ls)) {
		path[strcspn(path, "\n")] = '\0';
		if (parser_file(path))
			continue;
		src = realloc(src, (n_src + 1) * sizeof(*src));
		assert_non_null(src);
		src[n_src].path = strdup(path);
		src[n_src++].text = slurp(path);
	}
	pclose(ls);
	printf("keyguard: %zu fields of struct unit\n", n);
	assert_true(n > 50);
	for (i = 0; i < n; i++) {
		const char *why = NULL;

		for (j = 0; loader_fields[j][0]; j++)
			if (strcmp(loader_fields[j][0], names[i]) == 0)
				why = loader_fields[j][1];
		for (j = 0; j < n_src && !reads_field(src[j].text, names[i]); j++)
			;
		if (j < n_src && why) {
			printf("  %-28s read in %s (STALE: still in loader_fields[])\n",
			       names[i], src[j].path);
		} else if (j < n_src) {
			printf("  %-28s read in %s\n", names[i], src[j].path);
		} else if (why) {
			printf("  %-28s only the loader: %s\n", names[i], why);
		} else {
			printf("  %-28s FAIL: only the parser touches it: use it or remove it\n",
			       names[i]);
			bad++;
		}
	}
	for (i = 0; i < n_src; i++) {
		free(src[i].path);
		free(src[i].text);
	}
	free(src);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_key_is_tested_or_skipped),
		cmocka_unit_test(readme_table_is_the_key_table),
		cmocka_unit_test(every_unit_field_is_read),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, setup, NULL);
}
