/* SPDX-License-Identifier: MIT */
/* The keys of struct unit_ext: SecureBits=, BindPaths=, the credentials. */
#include <errno.h>
#include <linux/securebits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include "unit_fixture.h"

static const struct unit_ctx test_ctx = { .hostname = "box" };
static struct unit *load(const char *text)
{
	return fixture_parse("t.service", text, &test_ctx);
}

static void secure_bits(void **state)
{
	struct unit *u;

	(void)state;
	u = load("[Service]\nExecStart=/bin/true\nSecureBits=noroot keep-caps\n"
		 "SecureBits=no-setuid-fixup-locked\n");
	assert_non_null(u);
	assert_true(u->ext->secure_bits_set);
	assert_int_equal(u->ext->secure_bits,
			 SECBIT_NOROOT | SECBIT_KEEP_CAPS | SECBIT_NO_SETUID_FIXUP_LOCKED);
	unit_free(u);
	u = load("[Service]\nExecStart=/bin/true\nSecureBits=noroot\nSecureBits=\n");
	assert_non_null(u);
	assert_false(u->ext->secure_bits_set);
	assert_int_equal(u->ext->secure_bits, 0);
	unit_free(u);
	assert_null(load("[Service]\nExecStart=/bin/true\nSecureBits=noroot bogus\n"));
	assert_true(said("not a secure bit: bogus"));
	/* units without these keys pay nothing */
	u = load("[Service]\nExecStart=/bin/true\n");
	assert_non_null(u);
	assert_null(u->ext);
	unit_free(u);
}

static void bind_paths(void **state)
{
	struct unit *u;
	const struct unit_bind *b;

	(void)state;
	u = load("[Service]\nExecStart=/bin/true\nBindPaths=/a -/b:/c \"/d e:/f:norbind\"\n"
		 "BindReadOnlyPaths=/g:/h:rbind\n");
	assert_non_null(u);
	assert_int_equal(u->ext->n_binds, 4);
	b = u->ext->binds;
	assert_string_equal(b[0].src, "/a");
	assert_string_equal(b[0].dst, "/a");
	assert_true(b[0].recursive && !b[0].read_only && !b[0].optional);
	assert_string_equal(b[1].src, "/b");
	assert_string_equal(b[1].dst, "/c");
	assert_true(b[1].optional);
	assert_string_equal(b[2].src, "/d e");
	assert_false(b[2].recursive);
	assert_true(b[3].read_only && b[3].recursive);
	unit_free(u);
	/* an empty value resets both lists */
	u = load("[Service]\nExecStart=/bin/true\nBindPaths=/a\nBindReadOnlyPaths=\n");
	assert_non_null(u);
	assert_int_equal(u->ext->n_binds, 0);
	unit_free(u);
	assert_null(load("[Service]\nExecStart=/bin/true\nBindPaths=a:/b\n"));
	assert_true(said("not an absolute path"));
	assert_null(load("[Service]\nExecStart=/bin/true\nBindPaths=/a:/b:bind\n"));
	assert_true(said("not rbind or norbind"));
}

static void credentials(void **state)
{
	struct unit *u;
	const struct unit_ext *e;

	(void)state;
	u = load("[Service]\nExecStart=/bin/true\nLoadCredential=db:dbpass\n"
		 "LoadCredential=cert:/etc/ssl/c.pem\nLoadCredential=token\n"
		 "SetCredential=g:a\\x20b\\n:c\nImportCredential=api_*\n");
	assert_non_null(u);
	e = u->ext;
	assert_int_equal(e->n_load_creds, 3);
	assert_string_equal(e->load_creds[0].id, "db");
	assert_string_equal(e->load_creds[0].src, "dbpass");
	assert_string_equal(e->load_creds[1].src, "/etc/ssl/c.pem");
	assert_string_equal(e->load_creds[2].id, "token");	/* ID alone: by its name */
	assert_string_equal(e->load_creds[2].src, "token");
	assert_int_equal(e->n_set_creds, 1);
	assert_int_equal(e->set_creds[0].size, 6);
	assert_memory_equal(e->set_creds[0].src, "a b\n:c", 6);
	assert_string_equal(e->import_creds[0], "api_*");
	unit_free(u);
	u = load("[Service]\nExecStart=/bin/true\nLoadCredential=a:b\nLoadCredential=\n"
		 "SetCredential=a:b\nSetCredential=\nImportCredential=x\nImportCredential=\n");
	assert_non_null(u);
	assert_int_equal(u->ext->n_load_creds, 0);
	assert_int_equal(u->ext->n_set_creds, 0);
	assert_null(u->ext->import_creds);
	unit_free(u);
	assert_null(load("[Service]\nExecStart=/bin/true\nLoadCredential=a/b:x\n"));
	assert_true(said("not a credential name"));
	assert_null(load("[Service]\nExecStart=/bin/true\nSetCredential=novalue\n"));
	assert_true(said("not ID:VALUE"));
	assert_null(load("[Service]\nExecStart=/bin/true\nSetCredential=k:\\q\n"));
	assert_true(said("bad escape"));
}

static void encrypted_refused(void **state)
{
	(void)state;
	assert_null(load("[Service]\nExecStart=/bin/true\nLoadCredentialEncrypted=k:/x\n"));
	assert_true(said("LoadCredentialEncrypted= is not supported"));
	assert_true(said("LoadCredential="));
	assert_null(load("[Service]\nExecStart=/bin/true\nSetCredentialEncrypted=k:abc\n"));
	assert_true(said("with SetCredential="));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secure_bits),
		cmocka_unit_test(bind_paths),
		cmocka_unit_test(credentials),
		cmocka_unit_test(encrypted_refused),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	unit_diag_free(&diag);
	return r;
}
