/*
 * test_cpr.c — unit tests for src/core/cpr.h: the two accepted forms, the
 * century from the 7th digit at every boundary of the CPR office's table,
 * real dates (leap years, 1900 and 2000 included), no modulus-11 check,
 * age in whole years, age bands at the 6th, 13th and 18th birthday, and
 * error messages that never quote the number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/cpr.h"
#include "util/err.h"

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

#define F CPR_SEX_FEMALE
#define M CPR_SEX_MALE

/* --- valid numbers: forms, centuries, dates ------------------------------------------ */

struct valid_row {
	const char *name;
	const char *in;
	const char *norm;
	int y, m, d;
	enum cpr_sex sex;
};

static const struct valid_row valid_rows[] = {
    /* forms */
    {"ten digits", "0101701234", "0101701234", 1970, 1, 1, F},
    {"with the dash after the 6th digit", "010170-1234", "0101701234", 1970, 1, 1, F},
    {"odd last digit is male", "010170-1233", "0101701233", 1970, 1, 1, M},
    {"even last digit 0 is female", "010170-1230", "0101701230", 1970, 1, 1, F},
    {"last digit 9 is male", "0101701239", "0101701239", 1970, 1, 1, M},
    /* 7th digit 0–3: the 1900s whatever YY is */
    {"7th digit 0, YY 00 is 1900", "010100-0000", "0101000000", 1900, 1, 1, F},
    {"7th digit 3, YY 99 is 1999", "311299-3001", "3112993001", 1999, 12, 31, M},
    {"7th digit 3, YY 36 is 1936 (not 2036)", "010136-3000", "0101363000", 1936, 1, 1, F},
    {"7th digit 3, YY 37 is 1937", "010137-3000", "0101373000", 1937, 1, 1, F},
    {"7th digit 3, YY 00 is 1900 (not 2000)", "010100-3000", "0101003000", 1900, 1, 1, F},
    /* 7th digit 4 and 9: YY ≤ 36 → 2000s, else 1900s */
    {"7th digit 4, YY 00 is 2000", "010100-4000", "0101004000", 2000, 1, 1, F},
    {"7th digit 4, YY 36 is 2036", "010136-4000", "0101364000", 2036, 1, 1, F},
    {"7th digit 4, YY 37 is 1937", "010137-4000", "0101374000", 1937, 1, 1, F},
    {"7th digit 4, YY 99 is 1999", "311299-4001", "3112994001", 1999, 12, 31, M},
    {"7th digit 9, YY 00 is 2000", "010100-9000", "0101009000", 2000, 1, 1, F},
    {"7th digit 9, YY 36 is 2036", "311236-9000", "3112369000", 2036, 12, 31, F},
    {"7th digit 9, YY 37 is 1937", "010137-9000", "0101379000", 1937, 1, 1, F},
    {"7th digit 9, YY 99 is 1999", "311299-9998", "3112999998", 1999, 12, 31, F},
    /* 7th digit 5–8: YY ≤ 57 → 2000s, else 1800s */
    {"7th digit 5, YY 57 is 2057", "010157-5000", "0101575000", 2057, 1, 1, F},
    {"7th digit 5, YY 58 is 1858", "010158-5000", "0101585000", 1858, 1, 1, F},
    {"7th digit 6, YY 57 is 2057", "010157-6000", "0101576000", 2057, 1, 1, F},
    {"7th digit 6, YY 58 is 1858", "010158-6000", "0101586000", 1858, 1, 1, F},
    {"7th digit 7, YY 57 is 2057", "010157-7000", "0101577000", 2057, 1, 1, F},
    {"7th digit 7, YY 58 is 1858", "010158-7000", "0101587000", 1858, 1, 1, F},
    {"7th digit 8, YY 57 is 2057", "311257-8001", "3112578001", 2057, 12, 31, M},
    {"7th digit 8, YY 58 is 1858", "010158-8000", "0101588000", 1858, 1, 1, F},
    {"7th digit 5, YY 00 is 2000", "010100-5000", "0101005000", 2000, 1, 1, F},
    {"7th digit 8, YY 99 is 1899", "311299-8000", "3112998000", 1899, 12, 31, F},
    /* leap days */
    {"29 Feb 1996 (leap)", "290296-1234", "2902961234", 1996, 2, 29, F},
    {"29 Feb 2000 (divisible by 400) with 7th digit 4", "290200-4000", "2902004000", 2000, 2, 29, F},
    {"29 Feb 2000 with 7th digit 5", "290200-5000", "2902005000", 2000, 2, 29, F},
    {"29 Feb 2000 with 7th digit 9", "290200-9000", "2902009000", 2000, 2, 29, F},
    {"29 Feb 1904 (leap) with 7th digit 2", "290204-2000", "2902042000", 1904, 2, 29, F},
    {"29 Feb 2004 (leap) with 7th digit 4", "290204-4000", "2902044000", 2004, 2, 29, F},
    {"29 Feb 1860 (leap) with 7th digit 5", "290260-5000", "2902605000", 1860, 2, 29, F},
    {"29 Feb 2056 (leap) with 7th digit 6", "290256-6000", "2902566000", 2056, 2, 29, F},
    {"28 Feb 1900", "280200-2000", "2802002000", 1900, 2, 28, F},
    /* month lengths */
    {"30 April exists", "300415-1234", "3004151234", 1915, 4, 30, F},
    {"31 December exists", "311215-1234", "3112151234", 1915, 12, 31, F},
    {"31 January exists", "310185-1234", "3101851234", 1985, 1, 31, F},
    /* modulus 11 is not checked (checked below that these rows fail it) */
    {"fails modulus 11 (remainder 6) and is valid", "010170-1234", "0101701234", 1970, 1, 1, F},
    {"fails modulus 11 (remainder 8) and is valid", "0101700000", "0101700000", 1970, 1, 1, F},
    {"passes modulus 11 and is valid", "0101700003", "0101700003", 1970, 1, 1, M},
};

static int mod11(const char *ten)
{
	static const int w[] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
	int sum = 0;

	for (int i = 0; i < 10; i++)
		sum += (ten[i] - '0') * w[i];
	return sum % 11;
}

static void test_cpr_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(valid_rows); i++) {
		const struct valid_row *row = &valid_rows[i];
		char norm[CPR_DIGITS + 1] = "untouched";
		struct date birth = {0, 0, 0};
		enum cpr_sex sex = row->sex == M ? F : M;
		int rc = cpr_parse(norm, &birth, &sex, row->in);

		ROW_CHECK(row, rc == 0, "cpr_parse returned %d (%s)", rc, err_last());
		ROW_CHECK(row, strcmp(norm, row->norm) == 0, "normalised to \"%s\", expected \"%s\"", norm, row->norm);
		ROW_CHECK(row, birth.year == row->y && birth.month == row->m && birth.day == row->d,
		          "birth date %d-%d-%d, expected %d-%d-%d", birth.year, birth.month, birth.day, row->y, row->m,
		          row->d);
		ROW_CHECK(row, sex == row->sex, "sex parity %d, expected %d", sex, row->sex);
		/* validation alone: every output may be left out */
		ROW_CHECK(row, cpr_parse(NULL, NULL, NULL, row->in) == 0, "validation without outputs failed");
	}
}

static void test_cpr_modulus11_rows_really_fail_it(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(valid_rows); i++) {
		const struct valid_row *row = &valid_rows[i];

		if (strstr(row->name, "fails modulus 11"))
			ROW_CHECK(row, mod11(row->norm) != 0, "the number passes modulus 11; the row proves nothing");
		if (strstr(row->name, "passes modulus 11"))
			ROW_CHECK(row, mod11(row->norm) == 0, "the number fails modulus 11");
	}
}

/* --- refused numbers ------------------------------------------------------------------- */

struct invalid_row {
	const char *name;
	const char *in;
	const char *says; /* a part of the message */
};

static const struct invalid_row invalid_rows[] = {
    /* forms */
    {"empty", "", "10 digits expected"},
    {"9 digits", "010170123", "10 digits expected"},
    {"11 digits", "01017012345", "10 digits expected"},
    {"9 digits with the dash", "010170-123", "10 digits expected"},
    {"DDMMYY only", "010170", "10 digits expected"},
    {"a space instead of the dash", "010170 1234", "a space"},
    {"a leading space", " 0101701234", "a space"},
    {"a trailing space", "0101701234 ", "a space"},
    {"a trailing newline", "0101701234\n", "line break"},
    {"a tab instead of the dash", "010170\t1234", "a tab"},
    {"a space inside the digits", "0101 701234", "a space"},
    {"a letter O for a zero", "01O1701234", "a letter"},
    {"a letter at the end", "010170-123A", "a letter"},
    {"a plus sign", "+0101701234", "other than a digit"},
    {"a slash instead of the dash", "010170/1234", "other than a digit"},
    {"an en dash (UTF-8) instead of the dash",
     "010170\xe2\x80\x93"
     "1234",
     "other than a digit"},
    {"two dashes", "010170--1234", "only one dash"},
    {"the dash after the 4th digit", "0101-701234", "after the 6th digit"},
    {"the dash after the 7th digit", "0101701-234", "after the 6th digit"},
    {"a leading dash", "-0101701234", "after the 6th digit"},
    {"a trailing dash", "0101701234-", "after the 6th digit"},
    /* dates */
    {"31 February does not exist", "310299-1234", "does not exist"},
    {"30 February does not exist", "300296-1234", "does not exist"},
    {"31 April does not exist", "310415-1234", "does not exist"},
    {"31 June does not exist", "310615-1234", "does not exist"},
    {"31 September does not exist", "310915-1234", "does not exist"},
    {"31 November does not exist", "311115-1234", "does not exist"},
    {"day 00", "000115-1234", "does not exist"},
    {"day 32", "320115-1234", "does not exist"},
    {"month 00", "010015-1234", "month"},
    {"month 13", "011315-1234", "month"},
    {"29 Feb 1997 (common year)", "290297-1234", "leap year"},
    {"29 Feb 1900 (not a leap year) with 7th digit 0", "290200-0000", "leap year"},
    {"29 Feb 1900 with 7th digit 2", "290200-2000", "leap year"},
    {"29 Feb 1900 with 7th digit 3", "290200-3000", "leap year"},
    {"29 Feb 1858 (common) with 7th digit 5", "290258-5000", "leap year"},
    {"29 Feb 1937 (common) with 7th digit 4", "290237-4000", "leap year"},
    {"29 Feb 2037 is not reached by 7th digit 9 (1937, common)", "290237-9000", "leap year"},
};

/* The ten digits of an input, for checking that a message quotes none of
 * its digit runs. */
static void digits_of(char *out, size_t size, const char *in)
{
	size_t n = 0;

	for (; *in && n + 1 < size; in++)
		if (*in >= '0' && *in <= '9')
			out[n++] = *in;
	out[n] = '\0';
}

static void test_cpr_invalid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(invalid_rows); i++) {
		const struct invalid_row *row = &invalid_rows[i];
		char norm[CPR_DIGITS + 1] = "untouched", digits[64], part[8];
		struct date birth = {-1, -1, -1};
		enum cpr_sex sex = (enum cpr_sex)7;
		const char *msg;
		size_t nd;
		int rc;

		err_clear();
		rc = cpr_parse(norm, &birth, &sex, row->in);
		msg = err_last();
		ROW_CHECK(row, rc == PEJL_EINPUT, "cpr_parse returned %d, expected PEJL_EINPUT", rc);
		ROW_CHECK(row, strstr(msg, row->says) != NULL, "message \"%s\" does not say \"%s\"", msg, row->says);
		ROW_CHECK(row, strcmp(norm, "untouched") == 0 && birth.year == -1 && sex == (enum cpr_sex)7,
		          "outputs were touched on failure");
		/* never the number, nor its date part, nor its sequence number */
		digits_of(digits, sizeof digits, row->in);
		nd = strlen(digits);
		if (*row->in)
			ROW_CHECK(row, strstr(msg, row->in) == NULL, "message \"%s\" quotes the input", msg);
		if (nd >= 4)
			ROW_CHECK(row, strstr(msg, digits) == NULL, "message \"%s\" quotes the digits", msg);
		if (nd >= 6) {
			memcpy(part, digits, 6);
			part[6] = '\0';
			ROW_CHECK(row, strstr(msg, part) == NULL, "message \"%s\" quotes DDMMYY %s", msg, part);
			memcpy(part, digits + nd - 4, 4);
			part[4] = '\0';
			ROW_CHECK(row, strstr(msg, part) == NULL, "message \"%s\" quotes the last four digits %s", msg,
			          part);
		}
		ROW_CHECK(row, strstr(msg, "CPR number") != NULL, "message \"%s\" does not say what it is about", msg);
	}
}

static void test_cpr_null(void **state)
{
	(void)state;
	assert_int_equal(cpr_parse(NULL, NULL, NULL, NULL), PEJL_EINPUT);
	assert_non_null(strstr(err_last(), "10 digits expected"));
}

/* The brief's example: a date that does not exist is named as such, and the
 * message does not quote it. */
static void test_cpr_message_for_31_february(void **state)
{
	(void)state;
	assert_int_equal(cpr_parse(NULL, NULL, NULL, "310299-1234"), PEJL_EINPUT);
	assert_non_null(strstr(err_last(), "does not exist"));
	assert_null(strstr(err_last(), "310299"));
	assert_null(strstr(err_last(), "1234"));
}

/* --- age and age bands -------------------------------------------------------------------- */

struct age_row {
	const char *name;
	struct date birth, on;
	int years;
	enum cpr_age_band band;
};

static const struct age_row age_rows[] = {
    {"on the day of birth", {2010, 5, 15}, {2010, 5, 15}, 0, CPR_AGE_UNDER6},
    {"the day before the 6th birthday", {2010, 5, 15}, {2016, 5, 14}, 5, CPR_AGE_UNDER6},
    {"on the 6th birthday", {2010, 5, 15}, {2016, 5, 15}, 6, CPR_AGE_CHILD},
    {"the day before the 13th birthday", {2010, 5, 15}, {2023, 5, 14}, 12, CPR_AGE_CHILD},
    {"on the 13th birthday", {2010, 5, 15}, {2023, 5, 15}, 13, CPR_AGE_ADOLESCENT},
    {"the day before the 18th birthday", {2010, 5, 15}, {2028, 5, 14}, 17, CPR_AGE_ADOLESCENT},
    {"on the 18th birthday", {2010, 5, 15}, {2028, 5, 15}, 18, CPR_AGE_ADULT},
    {"a month before the birthday counts the year not yet", {2010, 5, 15}, {2028, 4, 20}, 17, CPR_AGE_ADOLESCENT},
    {"born 31 Dec: the day before the 18th birthday", {1999, 12, 31}, {2017, 12, 30}, 17, CPR_AGE_ADOLESCENT},
    {"born 31 Dec: on the 18th birthday", {1999, 12, 31}, {2017, 12, 31}, 18, CPR_AGE_ADULT},
    {"born 1 Jan: on the 13th birthday", {2000, 1, 1}, {2013, 1, 1}, 13, CPR_AGE_ADOLESCENT},
    {"born 29 Feb: 28 Feb of a common year is the day before", {2012, 2, 29}, {2018, 2, 28}, 5, CPR_AGE_UNDER6},
    {"born 29 Feb: 1 Mar of a common year is the 6th birthday", {2012, 2, 29}, {2018, 3, 1}, 6, CPR_AGE_CHILD},
    {"born 29 Feb: 29 Feb of a leap year is the birthday", {2012, 2, 29}, {2024, 2, 29}, 12, CPR_AGE_CHILD},
    {"born 29 Feb: 28 Feb 2025 is the day before the 13th birthday", {2012, 2, 29}, {2025, 2, 28}, 12, CPR_AGE_CHILD},
    {"born 29 Feb: 1 Mar 2025 is the 13th birthday", {2012, 2, 29}, {2025, 3, 1}, 13, CPR_AGE_ADOLESCENT},
    {"an old citizen from the 1800s", {1899, 12, 31}, {2017, 1, 1}, 117, CPR_AGE_ADULT},
};

static void test_cpr_age_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(age_rows); i++) {
		const struct age_row *row = &age_rows[i];
		enum cpr_age_band band = (enum cpr_age_band)99;
		int years = -1, rc;

		rc = cpr_age(&years, row->birth, row->on);
		ROW_CHECK(row, rc == 0, "cpr_age returned %d (%s)", rc, err_last());
		ROW_CHECK(row, years == row->years, "age %d, expected %d", years, row->years);
		rc = cpr_age_band(&band, row->birth, row->on);
		ROW_CHECK(row, rc == 0, "cpr_age_band returned %d (%s)", rc, err_last());
		ROW_CHECK(row, band == row->band, "band %d, expected %d", band, row->band);
		ROW_CHECK(row, cpr_age_band_of_age(row->years) == row->band, "cpr_age_band_of_age(%d) is %d",
		          row->years, cpr_age_band_of_age(row->years));
	}
}

static void test_cpr_age_before_birth(void **state)
{
	struct date birth = {2010, 5, 15}, before = {2010, 5, 14};
	enum cpr_age_band band = CPR_AGE_ADULT;
	int years = 42;

	(void)state;
	assert_int_equal(cpr_age(&years, birth, before), PEJL_EINPUT);
	assert_int_equal(years, 42);
	assert_int_equal(cpr_age_band(&band, birth, before), PEJL_EINPUT);
	assert_int_equal(band, CPR_AGE_ADULT);
	assert_non_null(strstr(err_last(), "before"));
}

/* From the number to the band: the century rule decides the band. */
static void test_cpr_band_from_number(void **state)
{
	struct date birth, start = {2016, 5, 15};
	enum cpr_age_band band;

	(void)state;
	assert_int_equal(cpr_parse(NULL, &birth, NULL, "150510-4000"), 0); /* 2010-05-15 */
	assert_int_equal(cpr_age_band(&band, birth, start), 0);
	assert_int_equal(band, CPR_AGE_CHILD);
	assert_int_equal(cpr_parse(NULL, &birth, NULL, "150510-3000"), 0); /* 1910-05-15 */
	assert_int_equal(cpr_age_band(&band, birth, start), 0);
	assert_int_equal(band, CPR_AGE_ADULT);
	assert_int_equal(cpr_parse(NULL, &birth, NULL, "160510-4000"), 0); /* 2010-05-16 */
	assert_int_equal(cpr_age_band(&band, birth, start), 0);
	assert_int_equal(band, CPR_AGE_UNDER6);
}

static void test_cpr_age_band_names(void **state)
{
	static const struct {
		enum cpr_age_band band;
		const char *name;
	} names[] = {{CPR_AGE_UNDER6, "under6"},
	             {CPR_AGE_CHILD, "child"},
	             {CPR_AGE_ADOLESCENT, "adolescent"},
	             {CPR_AGE_ADULT, "adult"}};
	enum cpr_age_band band;

	(void)state;
	for (size_t i = 0; i < N(names); i++) {
		assert_string_equal(cpr_age_band_name(names[i].band), names[i].name);
		band = (enum cpr_age_band)99;
		assert_true(cpr_age_band_parse(&band, names[i].name));
		assert_int_equal(band, names[i].band);
	}
	band = CPR_AGE_CHILD;
	assert_false(cpr_age_band_parse(&band, "Adult"));
	assert_false(cpr_age_band_parse(&band, "under 6"));
	assert_false(cpr_age_band_parse(&band, ""));
	assert_false(cpr_age_band_parse(&band, NULL));
	assert_int_equal(band, CPR_AGE_CHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cpr_valid_table),
	    cmocka_unit_test(test_cpr_modulus11_rows_really_fail_it),
	    cmocka_unit_test(test_cpr_invalid_table),
	    cmocka_unit_test(test_cpr_null),
	    cmocka_unit_test(test_cpr_message_for_31_february),
	    cmocka_unit_test(test_cpr_age_table),
	    cmocka_unit_test(test_cpr_age_before_birth),
	    cmocka_unit_test(test_cpr_band_from_number),
	    cmocka_unit_test(test_cpr_age_band_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
