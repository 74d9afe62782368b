/*
 * test_period.c — unit tests for src/core/period.h: the four period forms,
 * their canonical text, consecutive indexes across year boundaries, ordering
 * and the cadence names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/period.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ROW_CHECK(row, cond, ...)                                                                                      \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			print_error("row \"%s\": ", (row)->name);                                                      \
			print_error(__VA_ARGS__);                                                                      \
			print_error("\n");                                                                             \
			fail();                                                                                        \
		}                                                                                                      \
	} while (0)

struct parse_row {
	const char *name;
	const char *in;
	bool ok;
	enum period_kind kind;
	int year, sub;
};

static const struct parse_row parse_rows[] = {
    {"year", "2017", true, PERIOD_YEAR, 2017, 0},
    {"lowest year 1900", "1900", true, PERIOD_YEAR, 1900, 0},
    {"highest year 2199", "2199", true, PERIOD_YEAR, 2199, 0},
    {"year 1899 is out of range", "1899", false, 0, 0, 0},
    {"year 2200 is out of range", "2200", false, 0, 0, 0},
    {"two-digit year", "17", false, 0, 0, 0},
    {"year with trailing space", "2017 ", false, 0, 0, 0},
    {"year with leading space", " 2017", false, 0, 0, 0},
    {"five-digit year", "20170", false, 0, 0, 0},
    {"empty", "", false, 0, 0, 0},
    {"first quarter", "2017Q1", true, PERIOD_QUARTER, 2017, 1},
    {"fourth quarter", "2016Q4", true, PERIOD_QUARTER, 2016, 4},
    {"quarter 5", "2017Q5", false, 0, 0, 0},
    {"quarter 0", "2017Q0", false, 0, 0, 0},
    {"lower-case q", "2017q1", false, 0, 0, 0},
    {"quarter without number", "2017Q", false, 0, 0, 0},
    {"two-digit quarter", "2017Q01", false, 0, 0, 0},
    {"quarter with a dash", "2017-Q1", false, 0, 0, 0},
    {"quarter of an out-of-range year", "1899Q4", false, 0, 0, 0},
    {"January", "2017-01", true, PERIOD_MONTH, 2017, 1},
    {"December", "2016-12", true, PERIOD_MONTH, 2016, 12},
    {"month 13", "2017-13", false, 0, 0, 0},
    {"month 00", "2017-00", false, 0, 0, 0},
    {"one-digit month", "2017-1", false, 0, 0, 0},
    {"full date is not a period", "2017-01-01", false, 0, 0, 0},
    {"month with letters", "2017-0a", false, 0, 0, 0},
    {"school year", "2016/17", true, PERIOD_SCHOOL_YEAR, 2016, 0},
    {"school year across a century", "2099/00", true, PERIOD_SCHOOL_YEAR, 2099, 0},
    {"school year across 2000", "1999/00", true, PERIOD_SCHOOL_YEAR, 1999, 0},
    {"school year spanning two years", "2016/18", false, 0, 0, 0},
    {"school year backwards", "2016/15", false, 0, 0, 0},
    {"school year with the same year", "2016/16", false, 0, 0, 0},
    {"school year with trailing garbage", "2016/17x", false, 0, 0, 0},
    {"school year with four-digit end", "2016/2017", false, 0, 0, 0},
    {"school year with one-digit end", "2016/7", false, 0, 0, 0},
    {"school year with letters", "2016/1a", false, 0, 0, 0},
    {"sign in the year", "+017", false, 0, 0, 0},
};

static void test_period_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parse_rows); i++) {
		const struct parse_row *row = &parse_rows[i];
		struct period p = {PERIOD_MONTH, -7, -7};
		bool ok = period_parse(&p, row->in);

		ROW_CHECK(row, ok == row->ok, "period_parse(\"%s\") returned %d, expected %d", row->in, ok, row->ok);
		if (!row->ok)
			continue;
		ROW_CHECK(row, p.kind == row->kind && p.year == row->year && p.sub == row->sub,
		          "parsed kind %d year %d sub %d, expected kind %d year %d sub %d", p.kind, p.year, p.sub,
		          row->kind, row->year, row->sub);
	}
	assert_false(period_parse(&(struct period){0}, NULL));
}

/* Every accepted row formats back to exactly its input: each form has one
 * canonical spelling. */
static void test_period_format_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parse_rows); i++) {
		const struct parse_row *row = &parse_rows[i];
		struct period p;
		char out[12];

		if (!row->ok)
			continue;
		assert_true(period_parse(&p, row->in));
		memset(out, 'X', sizeof out);
		period_format(out, sizeof out, p);
		ROW_CHECK(row, strcmp(out, row->in) == 0, "formatted as \"%.12s\", expected \"%s\"", out, row->in);
	}
}

struct format_row {
	const char *name;
	struct period p;
	const char *out;
};

static const struct format_row format_rows[] = {
    {"year", {PERIOD_YEAR, 2017, 0}, "2017"},
    {"quarter", {PERIOD_QUARTER, 2017, 3}, "2017Q3"},
    {"month pads to two digits", {PERIOD_MONTH, 2017, 3}, "2017-03"},
    {"school year", {PERIOD_SCHOOL_YEAR, 2016, 0}, "2016/17"},
    {"school year ending in 00", {PERIOD_SCHOOL_YEAR, 2099, 0}, "2099/00"},
    {"school year ending in 01", {PERIOD_SCHOOL_YEAR, 2000, 0}, "2000/01"},
};

static void test_period_format_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(format_rows); i++) {
		const struct format_row *row = &format_rows[i];
		char out[12];

		period_format(out, sizeof out, row->p);
		ROW_CHECK(row, strcmp(out, row->out) == 0, "got \"%s\", expected \"%s\"", out, row->out);
	}
}

struct step_row {
	const char *name;
	const char *a, *b;
	long diff; /* period_index(b) - period_index(a) */
};

static const struct step_row step_rows[] = {
    {"next year", "2016", "2017", 1},
    {"quarter to quarter", "2017Q1", "2017Q2", 1},
    {"Q4 to Q1 of the next year", "2016Q4", "2017Q1", 1},
    {"Q1 to Q4 of the year before", "2017Q1", "2016Q4", -1},
    {"a year of quarters", "2016Q3", "2017Q3", 4},
    {"month to month", "2017-03", "2017-04", 1},
    {"December to January", "2016-12", "2017-01", 1},
    {"a year of months", "2016-05", "2017-05", 12},
    {"school year to school year", "2016/17", "2017/18", 1},
    {"school year across a century", "2099/00", "2100/01", 1},
    {"same period", "2017Q2", "2017Q2", 0},
    {"baseline 2013 to target 2017", "2013", "2017", 4},
};

static void test_period_index_steps(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(step_rows); i++) {
		const struct step_row *row = &step_rows[i];
		struct period a, b;
		long diff;
		int want_cmp = (row->diff > 0) - (row->diff < 0);

		ROW_CHECK(row, period_parse(&a, row->a) && period_parse(&b, row->b), "could not parse");
		diff = period_index(b) - period_index(a);
		ROW_CHECK(row, diff == row->diff, "index difference %ld, expected %ld", diff, row->diff);
		ROW_CHECK(row, period_cmp(b, a) == want_cmp, "period_cmp(b, a) = %d, expected %d", period_cmp(b, a),
		          want_cmp);
		ROW_CHECK(row, period_cmp(a, b) == -want_cmp, "period_cmp(a, b) = %d, expected %d", period_cmp(a, b),
		          -want_cmp);
	}
}

/* Walking every month and quarter from 1900 to 2199 gives consecutive
 * indexes (the documented formulas). */
static void test_period_index_consecutive(void **state)
{
	struct period prev_m = {PERIOD_MONTH, 1900, 1}, prev_q = {PERIOD_QUARTER, 1900, 1};

	(void)state;
	assert_int_equal(period_index(prev_m), 1900L * 12);
	assert_int_equal(period_index(prev_q), 1900L * 4);
	assert_int_equal(period_index((struct period){PERIOD_YEAR, 2017, 0}), 2017);
	assert_int_equal(period_index((struct period){PERIOD_SCHOOL_YEAR, 2016, 0}), 2016);
	for (int y = 1900; y <= 2199; y++) {
		for (int m = 1; m <= 12; m++) {
			struct period p = {PERIOD_MONTH, y, m};

			if (y == 1900 && m == 1)
				continue;
			if (period_index(p) != period_index(prev_m) + 1 || period_cmp(prev_m, p) != -1) {
				print_error("month %d-%02d does not follow the one before\n", y, m);
				fail();
			}
			prev_m = p;
		}
		for (int q = 1; q <= 4; q++) {
			struct period p = {PERIOD_QUARTER, y, q};

			if (y == 1900 && q == 1)
				continue;
			if (period_index(p) != period_index(prev_q) + 1 || period_cmp(prev_q, p) != -1) {
				print_error("quarter %dQ%d does not follow the one before\n", y, q);
				fail();
			}
			prev_q = p;
		}
	}
}

struct cadence_row {
	const char *name;
	enum cadence c;
	enum period_kind kind;
};

static const struct cadence_row cadence_rows[] = {
    {"yearly", CADENCE_YEARLY, PERIOD_YEAR},
    {"biennial", CADENCE_BIENNIAL, PERIOD_YEAR},
    {"quarterly", CADENCE_QUARTERLY, PERIOD_QUARTER},
    {"monthly", CADENCE_MONTHLY, PERIOD_MONTH},
    {"school_year", CADENCE_SCHOOL_YEAR, PERIOD_SCHOOL_YEAR},
};

static void test_cadence_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cadence_rows); i++) {
		const struct cadence_row *row = &cadence_rows[i];
		enum cadence c = (enum cadence)99;

		ROW_CHECK(row, strcmp(cadence_name(row->c), row->name) == 0, "cadence_name gave \"%s\"",
		          cadence_name(row->c));
		ROW_CHECK(row, cadence_parse(&c, row->name) && c == row->c, "cadence_parse gave %d", c);
		ROW_CHECK(row, cadence_period_kind(row->c) == row->kind, "period kind %d, expected %d",
		          cadence_period_kind(row->c), row->kind);
	}
}

static void test_cadence_parse_rejects(void **state)
{
	static const char *const bad[] = {"", "Yearly", "yearly ", "annual", "school year", "school-year", "quarter"};
	enum cadence c = CADENCE_MONTHLY;

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		if (cadence_parse(&c, bad[i])) {
			print_error("cadence_parse accepted \"%s\"\n", bad[i]);
			fail();
		}
		assert_int_equal(c, CADENCE_MONTHLY);
	}
	assert_false(cadence_parse(&c, NULL));
}

static void test_period_kind_names(void **state)
{
	(void)state;
	assert_string_equal(period_kind_name(PERIOD_YEAR), "year");
	assert_string_equal(period_kind_name(PERIOD_QUARTER), "quarter");
	assert_string_equal(period_kind_name(PERIOD_MONTH), "month");
	assert_string_equal(period_kind_name(PERIOD_SCHOOL_YEAR), "school year");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_period_parse_table),       cmocka_unit_test(test_period_format_round_trip),
	    cmocka_unit_test(test_period_format_table),      cmocka_unit_test(test_period_index_steps),
	    cmocka_unit_test(test_period_index_consecutive), cmocka_unit_test(test_cadence_table),
	    cmocka_unit_test(test_cadence_parse_rejects),    cmocka_unit_test(test_period_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
