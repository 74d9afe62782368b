/*
 * test_date.c — unit tests for src/util/date.h: strict "YYYY-MM-DD" parsing
 * (real dates only, years 1800–2199), day numbers since 1970-01-01 and
 * formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/date.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Fails the current test naming the row, when cond is false. */
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
	int y, m, d;
};

static const struct parse_row parse_rows[] = {
    {"plain date", "2017-03-15", true, 2017, 3, 15},
    {"first day of the epoch", "1970-01-01", true, 1970, 1, 1},
    {"last day of a year", "2016-12-31", true, 2016, 12, 31},
    {"leap year divisible by 400 has 02-29", "2000-02-29", true, 2000, 2, 29},
    {"leap year divisible by 4 has 02-29", "2016-02-29", true, 2016, 2, 29},
    {"century 1900 is no leap year", "1900-02-29", false, 0, 0, 0},
    {"century 2100 is no leap year", "2100-02-29", false, 0, 0, 0},
    {"common year has no 02-29", "2017-02-29", false, 0, 0, 0},
    {"02-28 of a common year", "2017-02-28", true, 2017, 2, 28},
    {"02-30 never exists", "2016-02-30", false, 0, 0, 0},
    {"04-31 does not exist", "2017-04-31", false, 0, 0, 0},
    {"04-30 exists", "2017-04-30", true, 2017, 4, 30},
    {"06-31 does not exist", "2017-06-31", false, 0, 0, 0},
    {"09-31 does not exist", "2017-09-31", false, 0, 0, 0},
    {"11-31 does not exist", "2017-11-31", false, 0, 0, 0},
    {"day 00", "2017-01-00", false, 0, 0, 0},
    {"day 32", "2017-01-32", false, 0, 0, 0},
    {"month 00", "2017-00-10", false, 0, 0, 0},
    {"month 13", "2017-13-01", false, 0, 0, 0},
    {"one-digit month", "2017-1-01", false, 0, 0, 0},
    {"one-digit day", "2017-01-1", false, 0, 0, 0},
    {"trailing garbage", "2017-01-01x", false, 0, 0, 0},
    {"trailing space", "2017-01-01 ", false, 0, 0, 0},
    {"leading space", " 2017-01-01", false, 0, 0, 0},
    {"empty string", "", false, 0, 0, 0},
    {"year only", "2017", false, 0, 0, 0},
    {"slashes instead of dashes", "2017/01/01", false, 0, 0, 0},
    {"dots instead of dashes", "2017.01.01", false, 0, 0, 0},
    {"day-month-year order", "01-01-2017", false, 0, 0, 0},
    {"letters in the year", "20x7-01-01", false, 0, 0, 0},
    {"sign in the month", "2017-+1-01", false, 0, 0, 0},
    {"time part", "2017-01-01T00:00", false, 0, 0, 0},
    {"lowest year 1800", "1800-01-01", true, 1800, 1, 1},
    {"highest year 2199", "2199-12-31", true, 2199, 12, 31},
    {"year 1799 is outside the range", "1799-12-31", false, 0, 0, 0},
    {"year 2200 is outside the range", "2200-01-01", false, 0, 0, 0},
    {"year 0000", "0000-01-01", false, 0, 0, 0},
    {"year 9999", "9999-12-31", false, 0, 0, 0},
};

static void test_date_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parse_rows); i++) {
		const struct parse_row *row = &parse_rows[i];
		struct date out = {-1, -1, -1};
		bool ok = date_parse(&out, row->in);

		ROW_CHECK(row, ok == row->ok, "date_parse(\"%s\") returned %d, expected %d", row->in, ok, row->ok);
		if (row->ok)
			ROW_CHECK(row, out.year == row->y && out.month == row->m && out.day == row->d,
			          "parsed %d-%d-%d, expected %d-%d-%d", out.year, out.month, out.day, row->y, row->m,
			          row->d);
		else
			ROW_CHECK(row, out.year == -1 && out.month == -1 && out.day == -1,
			          "out was touched on failure: %d-%d-%d", out.year, out.month, out.day);
	}
}

static void test_date_parse_null(void **state)
{
	struct date out = {1, 2, 3};

	(void)state;
	assert_false(date_parse(&out, NULL));
	assert_int_equal(out.year, 1);
	assert_int_equal(out.month, 2);
	assert_int_equal(out.day, 3);
}

struct leap_row {
	const char *name;
	int year;
	bool leap;
	int feb;
};

static const struct leap_row leap_rows[] = {
    {"divisible by 400", 2000, true, 29}, {"divisible by 4", 2016, true, 29},
    {"century", 1900, false, 28},         {"century 2100", 2100, false, 28},
    {"common year", 2017, false, 28},     {"divisible by 400 (1600)", 1600, true, 29},
};

static void test_date_leap_years(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(leap_rows); i++) {
		const struct leap_row *row = &leap_rows[i];

		ROW_CHECK(row, date_is_leap(row->year) == row->leap, "date_is_leap(%d) != %d", row->year, row->leap);
		ROW_CHECK(row, date_days_in_month(row->year, 2) == row->feb, "February of %d has %d days, expected %d",
		          row->year, date_days_in_month(row->year, 2), row->feb);
	}
	assert_int_equal(date_days_in_month(2017, 1), 31);
	assert_int_equal(date_days_in_month(2017, 4), 30);
	assert_int_equal(date_days_in_month(2017, 12), 31);
	assert_int_equal(date_days_in_month(2017, 0), 0);
	assert_int_equal(date_days_in_month(2017, 13), 0);
}

struct days_row {
	const char *name;
	struct date d;
	long days;
};

static const struct days_row days_rows[] = {
    {"epoch is day 0", {1970, 1, 1}, 0},
    {"day after the epoch", {1970, 1, 2}, 1},
    {"day before the epoch", {1969, 12, 31}, -1},
    {"2000-01-01", {2000, 1, 1}, 10957},
    {"2000-03-01 after a leap day", {2000, 3, 1}, 11017},
    {"1900-01-01", {1900, 1, 1}, -25567},
    {"1800-01-01", {1800, 1, 1}, -62091},
    {"2014-09-17 (the decision)", {2014, 9, 17}, 16330},
    {"2199-12-31", {2199, 12, 31}, 84005},
};

static void test_date_days_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(days_rows); i++) {
		const struct days_row *row = &days_rows[i];
		long got = date_to_days(row->d);
		struct date back = date_from_days(row->days);

		ROW_CHECK(row, got == row->days, "date_to_days gave %ld, expected %ld", got, row->days);
		ROW_CHECK(row, back.year == row->d.year && back.month == row->d.month && back.day == row->d.day,
		          "date_from_days(%ld) gave %d-%d-%d", row->days, back.year, back.month, back.day);
	}
}

/* Every day from 1800-01-01 to 2199-12-31: consecutive day numbers, and
 * date_from_days inverts date_to_days; the calendar walk is independent of
 * the day-number algorithm. */
static void test_date_days_round_trip(void **state)
{
	struct date d = {1800, 1, 1};
	long expect = date_to_days(d);
	long count = 0;

	(void)state;
	for (;;) {
		long n = date_to_days(d);
		struct date back = date_from_days(n);

		if (n != expect) {
			print_error("%04d-%02d-%02d is day %ld, expected %ld\n", d.year, d.month, d.day, n, expect);
			fail();
		}
		if (back.year != d.year || back.month != d.month || back.day != d.day) {
			print_error("round trip of %04d-%02d-%02d gave %04d-%02d-%02d\n", d.year, d.month, d.day,
			            back.year, back.month, back.day);
			fail();
		}
		if (!date_valid(d.year, d.month, d.day)) {
			print_error("%04d-%02d-%02d is not valid\n", d.year, d.month, d.day);
			fail();
		}
		count++;
		expect++;
		if (d.year == 2199 && d.month == 12 && d.day == 31)
			break;
		if (++d.day > date_days_in_month(d.year, d.month)) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
	}
	/* 400 Gregorian years are exactly 146097 days. */
	assert_int_equal(count, 146097);
}

struct format_row {
	const char *name;
	struct date d;
	const char *out;
};

static const struct format_row format_rows[] = {
    {"zero-padded month and day", {2017, 3, 5}, "2017-03-05"},
    {"two-digit month and day", {2016, 12, 31}, "2016-12-31"},
    {"epoch", {1970, 1, 1}, "1970-01-01"},
    {"lowest year", {1800, 1, 1}, "1800-01-01"},
};

static void test_date_format_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(format_rows); i++) {
		const struct format_row *row = &format_rows[i];
		char out[11];
		struct date back = {0};

		memset(out, 'X', sizeof out);
		date_format(out, row->d);
		ROW_CHECK(row, strcmp(out, row->out) == 0, "got \"%.11s\", expected \"%s\"", out, row->out);
		ROW_CHECK(row, date_parse(&back, out) && date_to_days(back) == date_to_days(row->d),
		          "\"%s\" does not parse back", out);
	}
}

static void test_date_today(void **state)
{
	struct date t = date_today();

	(void)state;
	assert_true(date_valid(t.year, t.month, t.day));
	assert_true(t.year >= 2024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date_parse_table),     cmocka_unit_test(test_date_parse_null),
	    cmocka_unit_test(test_date_leap_years),      cmocka_unit_test(test_date_days_known),
	    cmocka_unit_test(test_date_days_round_trip), cmocka_unit_test(test_date_format_table),
	    cmocka_unit_test(test_date_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
