/*
 * test_store_url.c — unit tests for the database URLs of src/store/store.h:
 * which URLs mean PostgreSQL, and store_url_redact, which every message
 * naming a database goes through: a password in the user part or in a
 * password= parameter never shows; everything else shows as given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/store.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct redact_row {
	const char *name, *url, *shown;
};

static const struct redact_row redact_rows[] = {
    {"a file path is shown as it is", "/var/lib/pejl/pejl.db", "/var/lib/pejl/pejl.db"},
    {"a file: URL is shown as it is", "file:pejl.db", "file:pejl.db"},
    {"a file path with a colon and an at sign is not a URL", "/tmp/a:b@c.db", "/tmp/a:b@c.db"},
    {"no password: as it is", "postgresql://pejl@db.example/pejl", "postgresql://pejl@db.example/pejl"},
    {"the bare URL", "postgresql://", "postgresql://"},
    {"user and password", "postgresql://pejl:hemmelig@db.example:5432/pejl",
     "postgresql://pejl:***@db.example:5432/pejl"},
    {"postgres:// too", "postgres://u:p@h/d", "postgres://u:***@h/d"},
    {"a password with an at sign (the last @ ends it)", "postgresql://u:p@ss@h/d", "postgresql://u:***@h/d"},
    {"an empty host", "postgresql://u:pw@/d?host=/tmp/x", "postgresql://u:***@/d?host=/tmp/x"},
    {"a password parameter", "postgresql://h/d?user=u&password=hemmelig", "postgresql://h/d?user=u&password=***"},
    {"a password parameter first, more after", "postgresql:///d?password=x1&sslmode=require",
     "postgresql:///d?password=***&sslmode=require"},
    {"both at once", "postgresql://u:a@h/d?password=b", "postgresql://u:***@h/d?password=***"},
    {"a parameter merely ending in password", "postgresql://h/d?xpassword=1", "postgresql://h/d?xpassword=1"},
    {"a colon in the path is not a password", "postgresql://h/d:x", "postgresql://h/d:x"},
};

static void test_redact(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(redact_rows); i++) {
		char out[256];

		store_url_redact(out, sizeof out, redact_rows[i].url);
		if (strcmp(out, redact_rows[i].shown) != 0)
			fail_msg("%s: %s shown as %s, wanted %s", redact_rows[i].name, redact_rows[i].url, out,
				 redact_rows[i].shown);
	}
}

static void test_redact_truncates_safely(void **state)
{
	char out[12];

	(void)state;
	store_url_redact(out, sizeof out, "postgresql://u:secret@host/db");
	assert_int_equal(strlen(out), sizeof out - 1);
	assert_null(strstr(out, "secret"));
}

static void test_which_urls_are_postgresql(void **state)
{
	(void)state;
	assert_true(store_url_is_pg("postgresql://"));
	assert_true(store_url_is_pg("postgres://h/d"));
	assert_false(store_url_is_pg("pejl.db"));
	assert_false(store_url_is_pg("file:pejl.db"));
	assert_false(store_url_is_pg("postgresql:/x"));
	assert_false(store_url_is_pg("mysql://h/d"));
	assert_false(store_url_is_pg(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_redact_truncates_safely),
		cmocka_unit_test(test_which_urls_are_postgresql),
	};

	return cmocka_run_group_tests_name("store urls", tests, NULL, NULL);
}
