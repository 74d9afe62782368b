/*
 * test_episode_pack.c — unit tests for src/store/episode_pack.h, the packed
 * text of an episode's forms: worked examples of the text, escapes, every
 * kind of malformed text refused with its offset; and, on a real SQLite
 * file, that migration 7 packs the forms a version-6 database already has,
 * and that a damaged pack is refused with the episode named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/episode_pack.h"
#include "store/migrations.h"
#include "store/store.h"
#include "util/err.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct feedback_form_row form(int session, const char *date, const char *instr, const char *rater,
				     bool skipped, size_t n, int i1, int i2, int i3, int i4, int i5)
{
	struct feedback_form_row f = {.session = session, .date = date, .instrument = instr, .rater = rater,
				      .skipped = skipped, .nitems = n};

	f.items[0] = i1;
	f.items[1] = i2;
	f.items[2] = i3;
	f.items[3] = i4;
	f.items[4] = i5;
	return f;
}

static char *encode(const struct feedback_form_row *f, size_t n)
{
	struct buf b = BUF_INIT;
	char *s;

	episode_pack_encode(&b, f, n);
	s = strdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void assert_same_forms(const struct feedback_form_row *x, const struct feedback_form_row *y, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(x[i].session, y[i].session);
		assert_string_equal(x[i].date, y[i].date);
		assert_string_equal(x[i].instrument, y[i].instrument);
		assert_string_equal(x[i].rater, y[i].rater);
		assert_int_equal(x[i].skipped, y[i].skipped);
		assert_int_equal(x[i].nitems, y[i].nitems);
		for (size_t k = 0; k < x[i].nitems; k++)
			assert_int_equal(x[i].items[k], y[i].items[k]);
	}
}

/* The text of a typical session pair and its way back. */
static void test_worked_example(void **state)
{
	struct feedback_form_row f[] = {
		form(1, "2017-01-02", "ORS", "self", false, 4, 45, 52, 38, 61, 0),
		form(1, "2017-01-02", "SRS", "self", false, 4, 90, 88, 95, 100, 0),
		form(2, "2017-01-09", "ORS", "self", true, 0, 0, 0, 0, 0, 0),
		form(3, "2017-01-16", "ORS", "mor", false, 5, 0, -3, 7, 8, 9),
	};
	struct arena *a = arena_new();
	struct feedback_form_row *back;
	size_t n = 99, where = 99;
	char *text = encode(f, N(f));

	(void)state;
	assert_string_equal(text, "1|2017-01-02,ORS,self,SRS,2017-01-09,2017-01-16,mor|"
				  "1,0,1,2,0,45,52,38,61;1,0,3,2,0,90,88,95,100;2,4,1,2,1;3,5,1,6,0,0,-3,7,8,9");
	assert_int_equal(episode_pack_decode(&back, &n, text, strlen(text), a, &where), 0);
	assert_int_equal(n, N(f));
	assert_same_forms(back, f, n);
	free(text);
	arena_free(a);
}

/* No forms: no text, and no text (or NULL) is no forms. */
static void test_empty(void **state)
{
	struct arena *a = arena_new();
	struct feedback_form_row *back = NULL;
	size_t n = 99, where;
	char *text = encode(NULL, 0);

	(void)state;
	assert_string_equal(text, "");
	assert_int_equal(episode_pack_decode(&back, &n, "", 0, a, &where), 0);
	assert_int_equal(n, 0);
	assert_non_null(back);
	n = 99;
	assert_int_equal(episode_pack_decode(&back, &n, NULL, 0, a, &where), 0);
	assert_int_equal(n, 0);
	/* strings but no forms: nothing */
	assert_int_equal(episode_pack_decode(&back, &n, "1|x|", 4, a, &where), 0);
	assert_int_equal(n, 0);
	free(text);
	arena_free(a);
}

/* Raters are free text: every character the text uses is escaped in them
 * and comes back. */
static void test_escapes(void **state)
{
	struct feedback_form_row f[] = {
		form(1, "2017-01-02", "ORS", "far, mor; 100%|x\ty", false, 1, 7, 0, 0, 0, 0),
		form(1, "2017-01-02", "ORS", "", false, 1, 8, 0, 0, 0, 0),
		form(2, "", "", "æøå", false, 0, 0, 0, 0, 0, 0),
	};
	struct arena *a = arena_new();
	struct feedback_form_row *back;
	size_t n, where;
	char *text = encode(f, N(f));

	(void)state;
	assert_string_equal(text, "1|2017-01-02,ORS,far%2C mor%3B 100%25%7Cx%09y,,æøå|1,0,1,2,0,7;1,0,1,3,0,8;2,3,3,4,0");
	assert_int_equal(episode_pack_decode(&back, &n, text, strlen(text), a, &where), 0);
	assert_int_equal(n, N(f));
	assert_same_forms(back, f, n);
	free(text);
	arena_free(a);
}

/* Every malformed text is refused, with the offset of what is wrong. */
static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		size_t where;
	} bad[] = {
		{"2|a|1,0,0,0,0", 0},		/* another version */
		{"1", 1},			/* no strings */
		{"1-a|1,0,0,0,0", 1},		/* no bar after the version */
		{"1|a,b", 5},			/* the strings never end */
		{"1|a%2|1,0,0,0,0", 3},		/* a short escape */
		{"1|a%2c|1,0,0,0,0", 3},	/* lower-case hex */
		{"1|a%41|1,0,0,0,0", 3},	/* an escape of a plain letter */
		{"1|a%00|1,0,0,0,0", 3},	/* an escaped NUL */
		{"1|a|", 0},			/* (fine: no forms) */
		{"1|a|x", 4},			/* no session */
		{"1|a|1,0,0,0", 11},		/* no skipped flag */
		{"1|a|1,0,0,1,0", 10},		/* a string index past the strings */
		{"1|a|1,0,0,0,2", 12},		/* skipped is 0 or 1 */
		{"1|a|1,0,0,0,0,1,2,3,4,5,6", 24}, /* a sixth item */
		{"1|a|1,0,0,0,0;", 13},		/* a separator with nothing after it */
		{"1|a|1,0,0,0,0;;", 14},	/* an empty form */
		{"1|a|1,0,0,0,0,", 14},		/* an empty item */
		{"1|a|1,0,0,0,0,9999999999999", 14}, /* an item out of range */
		{"1|a|99999999999,0,0,0,0", 4},	/* a session out of range */
		{"1|a|1,0,0,0,0 ", 13},		/* trailing text */
		{"1|a|1,-0,0,0,0", 6},		/* (a negative index: "-0" is 0, fine) */
		{"1|a|1,-1,0,0,0", 6},		/* a negative index */
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		struct feedback_form_row *f;
		size_t n, where = 12345;
		int rc = episode_pack_decode(&f, &n, bad[i].text, strlen(bad[i].text), a, &where);
		bool fine = strcmp(bad[i].text, "1|a|") == 0 || strcmp(bad[i].text, "1|a|1,-0,0,0,0") == 0;

		if (fine) {
			assert_int_equal(rc, 0);
			continue;
		}
		if (rc != -1 || where != bad[i].where)
			fail_msg("\"%s\": rc %d, where %zu (expected -1 at %zu)", bad[i].text, rc, where, bad[i].where);
	}
	/* a NUL inside the text */
	{
		struct feedback_form_row *f;
		size_t n, where;

		assert_int_equal(episode_pack_decode(&f, &n, "1|a\0|1,0,0,0,0", 14, a, &where), -1);
		assert_int_equal(where, 3);
	}
	arena_free(a);
}

/* A long episode: many sessions and dates, each string once. */
static void test_long_episode(void **state)
{
	struct feedback_form_row f[400];
	char dates[200][11];
	struct arena *a = arena_new();
	struct feedback_form_row *back;
	size_t n, where;
	char *text;

	(void)state;
	for (int i = 0; i < 200; i++) {
		snprintf(dates[i], sizeof dates[i], "2017-%02d-%02d", 1 + i / 28, 1 + i % 28);
		f[2 * i] = form(i + 1, dates[i], "ORS", "self", false, 4, i % 101, 100 - i % 101, 50, 50, 0);
		f[2 * i + 1] = form(i + 1, dates[i], "SRS", "self", false, 4, 90, 90, 90, 90, 0);
	}
	text = encode(f, N(f));
	assert_int_equal(episode_pack_decode(&back, &n, text, strlen(text), a, &where), 0);
	assert_int_equal(n, N(f));
	assert_same_forms(back, f, n);
	assert_non_null(strstr(text, "|1,0,1,2,0,0,100,50,50;1,0,3,2,0,90,90,90,90;2,4,1,2,0,1,99,50,50;"));
	free(text);
	arena_free(a);
}

/* --- on a real SQLite file ------------------------------------------------------------ */

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A database at schema version 6 (the migrations as they were), with an
 * episode and its forms stored in no particular order. */
static void make_v6(const char *path)
{
	sqlite3 *db;

	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec(db, "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
	for (size_t v = 0; v < 6; v++) {
		char sql[65536], *q = sql;
		const char *p = store_migrations[v], *id;

		while ((id = strstr(p, "{ID}"))) {
			q += sprintf(q, "%.*sINTEGER PRIMARY KEY", (int)(id - p), p);
			p = id + 4;
		}
		strcpy(q, p);
		exec(db, sql);
		sprintf(sql, "INSERT INTO schema_migration VALUES (%zu, '2017-01-01T00:00:00Z')", v + 1);
		exec(db, sql);
	}
	exec(db, "INSERT INTO import_batch (id, at, actor, kind, rows, added, revised)"
		 " VALUES (1, '2017-01-01', 'test', 'feedback', 0, 0, 0);"
		 "INSERT INTO episode (id, code, pseudonym, unit, practitioner, start_date, age_band,"
		 " outcome_instrument, alliance_instrument, batch_id)"
		 " VALUES (7, 'E1', 'p', 'BCV', 'anna', '2017-01-02', 'adult', 'ORS', 'SRS', 1),"
		 " (8, 'E2', 'q', 'BCV', 'anna', '2017-01-02', 'adult', 'ORS', NULL, 1);"
		 "INSERT INTO feedback_form (episode_id, session, date, instrument, rater, skipped, i1, i2, i3, i4)"
		 " VALUES (7, 2, '2017-01-09', 'ORS', 'self', 0, 50, 51, 52, 53),"
		 " (7, 1, '2017-01-02', 'SRS', 'self', 0, 90, 91, 92, 93),"
		 " (7, 1, '2017-01-02', 'ORS', 'self', 0, 40, 41, 42, 43),"
		 " (7, 1, '2017-01-02', 'ORS', 'mor', 1, NULL, NULL, NULL, NULL);");
	sqlite3_close(db);
}

static void test_migration_packs_stored_forms(void **state)
{
	char path[64];
	struct store *s;
	struct arena *a = arena_new();
	struct episode_row *e;
	sqlite3 *db;
	sqlite3_stmt *st;

	(void)state;
	snprintf(path, sizeof path, "/tmp/pejl-pack-%d.db", (int)getpid());
	make_v6(path);
	assert_int_equal(store_open(&s, path, 0), 0);
	assert_int_equal(store_episode_get(&e, s, a, "E1"), 0);
	assert_int_equal(e->nforms, 4);
	/* by session, instrument, rater (byte order: "mor" before "self") */
	assert_int_equal(e->forms[0].session, 1);
	assert_string_equal(e->forms[0].rater, "mor");
	assert_true(e->forms[0].skipped);
	assert_int_equal(e->forms[0].nitems, 0);
	assert_string_equal(e->forms[1].instrument, "ORS");
	assert_string_equal(e->forms[1].rater, "self");
	assert_int_equal(e->forms[1].items[3], 43);
	assert_string_equal(e->forms[2].instrument, "SRS");
	assert_int_equal(e->forms[3].session, 2);
	assert_string_equal(e->forms[3].date, "2017-01-09");
	assert_int_equal(e->forms[3].items[0], 50);
	assert_int_equal(store_episode_get(&e, s, a, "E2"), 0);
	assert_int_equal(e->nforms, 0);
	store_close(s);

	/* the text is the pack of the rows; the old covering index is gone,
	 * episodes by their end have one */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT forms FROM episode WHERE id = 7", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "1|2017-01-02,ORS,mor,self,SRS,2017-01-09|1,0,1,2,1;1,0,1,3,0,40,41,42,43;"
			    "1,0,4,3,0,90,91,92,93;2,5,1,3,0,50,51,52,53");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master"
					    " WHERE name IN ('feedback_form_all', 'episode_end') ORDER BY name)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "episode_end");
	sqlite3_finalize(st);
	/* a damaged pack is refused, naming the episode and the byte */
	exec(db, "UPDATE episode SET forms = '1|2017-01-02|1,0,0,0,9' WHERE id = 7");
	sqlite3_close(db);
	assert_int_equal(store_open(&s, path, 0), 0);
	assert_int_equal(store_episode_get(&e, s, a, "E1"), PEJL_EIO);
	assert_non_null(strstr(err_last(), "episode E1"));
	assert_non_null(strstr(err_last(), "byte 21"));
	store_close(s);
	unlink(path);
	{
		char p[80];

		snprintf(p, sizeof p, "%s-wal", path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", path);
		unlink(p);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_long_episode),
		cmocka_unit_test(test_migration_packs_stored_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
