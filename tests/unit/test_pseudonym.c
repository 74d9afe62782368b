/*
 * test_pseudonym.c — unit tests for src/io/pseudonym.h: the pseudonym
 * against HMAC-SHA-256 test vectors computed independently, both CPR forms
 * giving one pseudonym, the key file (mode 0600 whatever the umask, never
 * overwritten, refused when group or others have access, refused when
 * malformed).
 *
 * The expected pseudonyms were computed with Python's standard library,
 * not with libsodium:
 *
 *   hmac.new(bytes(range(32)), b"0101701234", hashlib.sha256).hexdigest()
 *   hmac.new(b"\xaa" * 32, b"3112999998", hashlib.sha256).hexdigest()
 *   hmac.new(b"\xaa" * 32, b"0101701234", hashlib.sha256).hexdigest()
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/pseudonym.h"
#include "io/secret.h"
#include "util/err.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define KEY_0_31_HEX           "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define PSEUDO_0_31_0101701234 "38cf5eca1c902304c3104621a150fe3503e4c8909b0ebbe60fd1046c052ef9e5"
#define PSEUDO_AA_3112999998   "b64be1cc6f79d1361847f2eea4dfb09284971ae0f2e212508bba9869ef978f13"
#define PSEUDO_AA_0101701234   "77a7f690773a991b3e494a8cf135b32b0b215bfc24e85f8f640e34742de74548"

/* A fresh directory per test, removed (with the files the test named) by
 * the teardown. */
struct fixture {
	char dir[64];
	char path[6][128];
	int npaths;
};

static const char *fx_path(struct fixture *fx, const char *name)
{
	char dir[sizeof fx->dir], *p;

	assert_true(fx->npaths < (int)N(fx->path));
	memcpy(dir, fx->dir, sizeof dir);
	p = fx->path[fx->npaths++];
	snprintf(p, sizeof fx->path[0], "%s/%s", dir, name);
	return p;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/pejl-test-pseudonym-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	for (int i = 0; i < fx->npaths; i++) {
		unlink(fx->path[i]);
		rmdir(fx->path[i]);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void write_file(const char *path, const char *data, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static size_t read_file(char *out, size_t size, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	return n;
}

static void key_fill(struct pseudonym_key *k, int first, int step)
{
	for (int i = 0; i < PSEUDONYM_KEY_BYTES; i++)
		k->bytes[i] = (unsigned char)(first + i * step);
}

/* --- the pseudonym ------------------------------------------------------------------------- */

struct vector_row {
	const char *name;
	int first, step; /* key byte i = first + i * step */
	const char *cpr;
	const char *expected;
};

static const struct vector_row vector_rows[] = {
    {"key 00..1f, ten digits", 0, 1, "0101701234", PSEUDO_0_31_0101701234},
    {"key 00..1f, with the dash", 0, 1, "010170-1234", PSEUDO_0_31_0101701234},
    {"key aa.., a 1999 number with 7th digit 9", 0xaa, 0, "311299-9998", PSEUDO_AA_3112999998},
    {"key aa.., the same number without the dash", 0xaa, 0, "3112999998", PSEUDO_AA_3112999998},
    {"key aa.., the first number: another key gives another pseudonym", 0xaa, 0, "010170-1234", PSEUDO_AA_0101701234},
};

static void test_pseudonym_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(vector_rows); i++) {
		const struct vector_row *row = &vector_rows[i];
		struct pseudonym_key key;
		char out[PSEUDONYM_HEX];
		int rc;

		key_fill(&key, row->first, row->step);
		rc = pseudonym_of(out, &key, row->cpr);
		if (rc != 0 || strcmp(out, row->expected) != 0)
			print_error("row \"%s\": rc %d, pseudonym %s, expected %s\n", row->name, rc, out,
			            row->expected);
		assert_int_equal(rc, 0);
		assert_string_equal(out, row->expected);
	}
	assert_string_not_equal(PSEUDO_0_31_0101701234, PSEUDO_AA_0101701234);
}

static void test_pseudonym_different_keys_differ(void **state)
{
	struct pseudonym_key a, b;
	char pa[PSEUDONYM_HEX], pb[PSEUDONYM_HEX];

	(void)state;
	key_fill(&a, 1, 3);
	key_fill(&b, 1, 3);
	b.bytes[31] ^= 1; /* one bit */
	assert_int_equal(pseudonym_of(pa, &a, "241290-1234"), 0);
	assert_int_equal(pseudonym_of(pb, &b, "241290-1234"), 0);
	assert_string_not_equal(pa, pb);
	assert_int_equal(strlen(pa), 64);
	/* and different numbers under one key differ */
	assert_int_equal(pseudonym_of(pb, &a, "241290-1235"), 0);
	assert_string_not_equal(pa, pb);
}

static void test_pseudonym_invalid_cpr(void **state)
{
	static const char *const bad[] = {"310299-1234", "01017012345", "0101 701234", "", "290200-2000"};
	struct pseudonym_key key;
	char out[PSEUDONYM_HEX];

	(void)state;
	key_fill(&key, 0, 1);
	for (size_t i = 0; i < N(bad); i++) {
		memset(out, 'x', sizeof out);
		assert_int_equal(pseudonym_of(out, &key, bad[i]), PEJL_EINPUT);
		assert_string_equal(out, "");
		assert_non_null(strstr(err_last(), "CPR number"));
		if (*bad[i])
			assert_null(strstr(err_last(), bad[i]));
	}
	assert_null(strstr(err_last(), "290200"));
}

/* --- the key file ---------------------------------------------------------------------------- */

static void test_keygen_mode_and_form(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx_path(fx, "pejl.key");
	char text[256];
	struct stat st;
	struct pseudonym_key key;
	size_t n;

	assert_int_equal(pseudonym_keygen(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	n = read_file(text, sizeof text, path);
	assert_int_equal(n, 65);
	assert_int_equal(text[64], '\n');
	assert_int_equal(strspn(text, "0123456789abcdef"), 64);
	assert_int_equal(pseudonym_key_load(&key, path), 0);
	pseudonym_key_wipe(&key);
}

/* The mode is 0600 exactly, whatever the umask. */
static void test_keygen_ignores_umask(void **state)
{
	struct fixture *fx = *state;
	const char *loose = fx_path(fx, "loose.key"), *tight = fx_path(fx, "tight.key");
	struct stat st;
	mode_t old;

	old = umask(0);
	assert_int_equal(pseudonym_keygen(loose), 0);
	umask(0277);
	assert_int_equal(pseudonym_keygen(tight), 0);
	umask(old);
	assert_int_equal(stat(loose, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(tight, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void test_keygen_two_keys_differ(void **state)
{
	struct fixture *fx = *state;
	const char *p1 = fx_path(fx, "one.key"), *p2 = fx_path(fx, "two.key");
	char t1[128], t2[128];

	assert_int_equal(pseudonym_keygen(p1), 0);
	assert_int_equal(pseudonym_keygen(p2), 0);
	read_file(t1, sizeof t1, p1);
	read_file(t2, sizeof t2, p2);
	assert_string_not_equal(t1, t2);
}

static void test_keygen_refuses_to_overwrite(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx_path(fx, "pejl.key"), *other = fx_path(fx, "other");
	const char *link = fx_path(fx, "dangling.key"), *target = fx_path(fx, "target");
	char before[128], after[128];
	struct stat st;

	assert_int_equal(pseudonym_keygen(path), 0);
	read_file(before, sizeof before, path);
	assert_int_equal(pseudonym_keygen(path), PEJL_ECONFLICT);
	assert_non_null(strstr(err_last(), path));
	assert_non_null(strstr(err_last(), "never overwritten"));
	read_file(after, sizeof after, path);
	assert_string_equal(before, after);
	/* any existing file, not only a key */
	write_file(other, "not a key\n", 0644);
	assert_int_equal(pseudonym_keygen(other), PEJL_ECONFLICT);
	read_file(after, sizeof after, other);
	assert_string_equal(after, "not a key\n");
	/* a symlink, even a dangling one, is not followed */
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(pseudonym_keygen(link), PEJL_ECONFLICT);
	assert_int_not_equal(stat(target, &st), 0);
}

static void test_keygen_unwritable_place(void **state)
{
	struct fixture *fx = *state;
	char path[160];

	snprintf(path, sizeof path, "%s/no/such/dir/pejl.key", fx->dir);
	assert_int_equal(pseudonym_keygen(path), PEJL_EIO);
	assert_non_null(strstr(err_last(), path));
}

struct mode_row {
	const char *name;
	mode_t mode;
	bool ok;
};

static const struct mode_row mode_rows[] = {
    {"0600 is accepted", 0600, true},
    {"0400 (read-only for the owner) is accepted", 0400, true},
    {"0644 is refused (group and world read)", 0644, false},
    {"0640 is refused (group read)", 0640, false},
    {"0604 is refused (world read)", 0604, false},
    {"0620 is refused (group write)", 0620, false},
    {"0602 is refused (world write)", 0602, false},
    {"0666 is refused", 0666, false},
    {"0610 is refused (group execute: no one but the owner)", 0610, false},
};

static void test_key_load_modes(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx_path(fx, "mode.key");

	for (size_t i = 0; i < N(mode_rows); i++) {
		const struct mode_row *row = &mode_rows[i];
		struct pseudonym_key key;
		char want[16];
		int rc;

		unlink(path);
		write_file(path, KEY_0_31_HEX "\n", row->mode);
		memset(key.bytes, 0x55, sizeof key.bytes);
		err_clear();
		rc = pseudonym_key_load(&key, path);
		snprintf(want, sizeof want, "%04o", (unsigned)row->mode);
		if ((rc == 0) != row->ok)
			print_error("row \"%s\": rc %d (%s)\n", row->name, rc, err_last());
		if (row->ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(key.bytes[0], 0x00);
			assert_int_equal(key.bytes[31], 0x1f);
		} else {
			assert_int_equal(rc, PEJL_EPERM);
			assert_non_null(strstr(err_last(), path));
			assert_non_null(strstr(err_last(), want));
			assert_non_null(strstr(err_last(), "chmod 600"));
			assert_int_equal(key.bytes[0], 0x55);
			assert_int_equal(key.bytes[31], 0x55);
		}
	}
}

/* A key written by hand (or restored from a backup) gives the known
 * pseudonym: the file format is the hex of the key bytes. */
static void test_key_load_known_key(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx_path(fx, "known.key"), *bare = fx_path(fx, "bare.key");
	struct pseudonym_key key;
	char out[PSEUDONYM_HEX];

	write_file(path, KEY_0_31_HEX "\n", 0600);
	assert_int_equal(pseudonym_key_load(&key, path), 0);
	assert_int_equal(pseudonym_of(out, &key, "010170-1234"), 0);
	assert_string_equal(out, PSEUDO_0_31_0101701234);
	pseudonym_key_wipe(&key);
	for (int i = 0; i < PSEUDONYM_KEY_BYTES; i++)
		assert_int_equal(key.bytes[i], 0);
	/* without the final newline */
	write_file(bare, KEY_0_31_HEX, 0600);
	assert_int_equal(pseudonym_key_load(&key, bare), 0);
	assert_int_equal(pseudonym_of(out, &key, "0101701234"), 0);
	assert_string_equal(out, PSEUDO_0_31_0101701234);
}

struct form_row {
	const char *name;
	const char *text;
};

static const struct form_row form_rows[] = {
    {"empty", ""},
    {"63 hex characters", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1\n"},
    {"65 hex characters", KEY_0_31_HEX "0\n"},
    {"a character that is not hex", "g00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"},
    {"two newlines", KEY_0_31_HEX "\n\n"},
    {"CRLF", KEY_0_31_HEX "\r\n"},
    {"a second line", KEY_0_31_HEX "\n" KEY_0_31_HEX "\n"},
    {"spaces between the bytes", "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15\n"},
};

static void test_key_load_malformed(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx_path(fx, "bad.key");

	for (size_t i = 0; i < N(form_rows); i++) {
		struct pseudonym_key key;
		int rc;

		unlink(path);
		write_file(path, form_rows[i].text, 0600);
		memset(key.bytes, 0x55, sizeof key.bytes);
		rc = pseudonym_key_load(&key, path);
		if (rc != PEJL_EINPUT)
			print_error("row \"%s\": rc %d (%s)\n", form_rows[i].name, rc, err_last());
		assert_int_equal(rc, PEJL_EINPUT);
		assert_non_null(strstr(err_last(), path));
		assert_non_null(strstr(err_last(), "not a pejl key"));
		assert_int_equal(key.bytes[0], 0x55);
	}
}

static void test_key_load_missing_and_directory(void **state)
{
	struct fixture *fx = *state;
	const char *missing = fx_path(fx, "missing.key"), *dir = fx_path(fx, "dir.key");
	struct pseudonym_key key;

	assert_int_equal(pseudonym_key_load(&key, missing), PEJL_ENOTFOUND);
	assert_non_null(strstr(err_last(), missing));
	assert_non_null(strstr(err_last(), "pejl keygen"));
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(pseudonym_key_load(&key, dir), PEJL_EINPUT);
	assert_non_null(strstr(err_last(), "not a regular file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pseudonym_vectors),
	    cmocka_unit_test(test_pseudonym_different_keys_differ),
	    cmocka_unit_test(test_pseudonym_invalid_cpr),
	    cmocka_unit_test_setup_teardown(test_keygen_mode_and_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keygen_ignores_umask, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keygen_two_keys_differ, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keygen_refuses_to_overwrite, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keygen_unwritable_place, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_modes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_known_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_load_missing_and_directory, setup, teardown),
	};

	if (secret_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
