/*
 * test_jsonw.c — unit tests for the escaping writers in src/io: jsonw.h
 * (JSON strings safe inside HTML, shortest round-tripping numbers, pretty
 * and compact layout) and csvw.h (RFC 4180 quoting, formula neutralising,
 * the Danish Excel dialect).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/csvw.h"
#include "io/jsonw.h"
#include "util/err.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
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

/* --- json_escape ------------------------------------------------------------ */

struct escape_row {
	const char *name;
	const char *in;
	const char *out; /* with the quotes */
};

static const struct escape_row escape_rows[] = {
    {"plain text", "abc", "\"abc\""},
    {"empty string", "", "\"\""},
    {"double quote", "say \"hi\"", "\"say \\\"hi\\\"\""},
    {"backslash", "a\\b", "\"a\\\\b\""},
    {"newline", "a\nb", "\"a\\nb\""},
    {"carriage return", "a\rb", "\"a\\rb\""},
    {"tab", "a\tb", "\"a\\tb\""},
    {"control 0x01", "a\x01z", "\"a\\u0001z\""},
    {"backspace", "\b", "\"\\u0008\""},
    {"form feed", "\f", "\"\\u000c\""},
    {"control 0x1f", "\x1f", "\"\\u001f\""},
    {"DEL is not a control character in JSON", "\x7f", "\"\x7f\""},
    {"closing script tag", "</script>", "\"<\\/script>\""},
    {"every </ is escaped", "a</b></c>", "\"a<\\/b><\\/c>\""},
    {"slash alone stays", "a/b", "\"a/b\""},
    {"leading slash stays", "/x", "\"/x\""},
    {"line separator U+2028", "a\xe2\x80\xa8z", "\"a\\u2028z\""},
    {"paragraph separator U+2029", "\xe2\x80\xa9", "\"\\u2029\""},
    {"two separators in a row", "\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\""},
    {"other E2 80 sequence (ellipsis) stays", "a\xe2\x80\xa6", "\"a\xe2\x80\xa6\""},
    {"euro sign stays", "\xe2\x82\xac", "\"\xe2\x82\xac\""},
    {"truncated E2 at the end stays", "a\xe2", "\"a\xe2\""},
    {"truncated E2 80 at the end stays", "a\xe2\x80", "\"a\xe2\x80\""},
    {"Danish letters stay", "Børn og Unge, Østerbro, Århus", "\"Børn og Unge, Østerbro, Århus\""},
    {"mixed", "\"</\\\n", "\"\\\"<\\/\\\\\\n\""},
};

static void test_json_escape_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(escape_rows); i++) {
		const struct escape_row *row = &escape_rows[i];
		struct buf b = BUF_INIT;

		json_escape(&b, row->in);
		ROW_CHECK(row, strcmp(buf_cstr(&b), row->out) == 0, "got %s, expected %s", buf_cstr(&b), row->out);
		buf_free(&b);
	}
}

/* --- json_format_double ------------------------------------------------------ */

struct double_row {
	const char *name;
	double v;
	const char *out;
};

static const struct double_row double_rows[] = {
    {"whole number", 1581, "1581"},
    {"negative whole number", -325, "-325"},
    {"zero", 0, "0"},
    {"one tenth", 0.1, "0.1"},
    {"1.1", 1.1, "1.1"},
    {"small number uses an exponent", 1e-7, "1e-07"},
    {"two thirds needs 16 digits", 2.0 / 3.0, "0.6666666666666666"},
    {"0.1 + 0.2 needs 17 digits", 0.1 + 0.2, "0.30000000000000004"},
    {"huge number", 1e300, "1e+300"},
    {"largest double", DBL_MAX, "1.7976931348623157e+308"},
    {"smallest normal double", DBL_MIN, "2.2250738585072014e-308"},
    {"twelve digits", 123456789012.0, "123456789012"},
    {"1e15", 1e15, "1e+15"},
    {"percent target 533 * 0.85", 533 * 0.85, "453.05"},
    {"negative fraction", -0.25, "-0.25"},
};

static void test_json_format_double_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(double_rows); i++) {
		const struct double_row *row = &double_rows[i];
		char out[32];
		char *ret = json_format_double(out, row->v);

		ROW_CHECK(row, ret == out, "does not return out");
		ROW_CHECK(row, strcmp(out, row->out) == 0, "got \"%s\", expected \"%s\"", out, row->out);
		ROW_CHECK(row, strtod(out, NULL) == row->v, "\"%s\" does not read back as %.17g", out, row->v);
	}
}

/* Many doubles read back exactly. */
static void test_json_format_double_round_trip(void **state)
{
	double v = 1.0 / 7.0;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		char out[32];

		v = v * 1.37 + 0.013 * i;
		if (v > 1e200)
			v = 1.0 / (i + 3.0);
		json_format_double(out, v);
		if (strtod(out, NULL) != v) {
			print_error("%.17g was written as \"%s\"\n", v, out);
			fail();
		}
		json_format_double(out, -v);
		if (strtod(out, NULL) != -v) {
			print_error("%.17g was written as \"%s\"\n", -v, out);
			fail();
		}
	}
}

/* The smallest subnormal double is "5e-324" at its shortest; the header
 * promises the shortest form that reads back. */
static void test_json_format_double_subnormal(void **state)
{
	char out[32];

	(void)state;
	json_format_double(out, 4.9406564584124654e-324);
	assert_true(strtod(out, NULL) == 4.9406564584124654e-324);
	assert_string_equal(out, "5e-324");
}

/* --- the streaming writer ----------------------------------------------------- */

static void write_sample(struct jsonw *w)
{
	jsonw_obj_begin(w);
	jsonw_kint(w, "a", 1);
	jsonw_key(w, "b");
	jsonw_arr_begin(w);
	jsonw_num(w, 1.5);
	jsonw_str(w, "x</y");
	jsonw_bool(w, true);
	jsonw_null(w);
	jsonw_obj_begin(w);
	jsonw_obj_end(w);
	jsonw_arr_end(w);
	jsonw_key(w, "c");
	jsonw_obj_begin(w);
	jsonw_key(w, "d");
	jsonw_arr_begin(w);
	jsonw_arr_end(w);
	jsonw_kstr(w, "e\"", NULL);
	jsonw_obj_end(w);
	jsonw_kbool(w, "f", false);
	jsonw_knum(w, "g", -0.0);
	jsonw_key(w, "h");
	jsonw_arr_begin(w);
	jsonw_arr_begin(w);
	jsonw_int(w, INT64_MIN);
	jsonw_arr_end(w);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void test_jsonw_pretty(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;

	(void)state;
	jsonw_init(&w, &b, true);
	write_sample(&w);
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(buf_cstr(&b), "{\n"
	                                  "  \"a\": 1,\n"
	                                  "  \"b\": [\n"
	                                  "    1.5,\n"
	                                  "    \"x<\\/y\",\n"
	                                  "    true,\n"
	                                  "    null,\n"
	                                  "    {}\n"
	                                  "  ],\n"
	                                  "  \"c\": {\n"
	                                  "    \"d\": [],\n"
	                                  "    \"e\\\"\": null\n"
	                                  "  },\n"
	                                  "  \"f\": false,\n"
	                                  "  \"g\": 0,\n"
	                                  "  \"h\": [\n"
	                                  "    [\n"
	                                  "      -9223372036854775808\n"
	                                  "    ]\n"
	                                  "  ]\n"
	                                  "}\n");
	buf_free(&b);
}

static void test_jsonw_compact(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;

	(void)state;
	jsonw_init(&w, &b, false);
	write_sample(&w);
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(buf_cstr(&b),
	                    "{\"a\":1,\"b\":[1.5,\"x<\\/y\",true,null,{}],\"c\":{\"d\":[],\"e\\\"\":null},"
	                    "\"f\":false,\"g\":0,\"h\":[[-9223372036854775808]]}");
	buf_free(&b);
}

struct top_row {
	const char *name;
	bool pretty;
	int what; /* 0 empty object, 1 empty array, 2 int, 3 string, 4 NaN */
	const char *out;
};

static const struct top_row top_rows[] = {
    {"pretty empty object", true, 0, "{}\n"},        {"compact empty object", false, 0, "{}"},
    {"pretty empty array", true, 1, "[]\n"},         {"compact empty array", false, 1, "[]"},
    {"pretty top-level int", true, 2, "42\n"},       {"compact top-level int", false, 2, "42"},
    {"pretty top-level string", true, 3, "\"s\"\n"}, {"compact top-level NaN", false, 4, "null"},
};

static void test_jsonw_top_level_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(top_rows); i++) {
		const struct top_row *row = &top_rows[i];
		struct buf b = BUF_INIT;
		struct jsonw w;

		jsonw_init(&w, &b, row->pretty);
		switch (row->what) {
		case 0:
			jsonw_obj_begin(&w);
			jsonw_obj_end(&w);
			break;
		case 1:
			jsonw_arr_begin(&w);
			jsonw_arr_end(&w);
			break;
		case 2: jsonw_int(&w, 42); break;
		case 3: jsonw_str(&w, "s"); break;
		default: jsonw_num(&w, NAN); break;
		}
		ROW_CHECK(row, strcmp(buf_cstr(&b), row->out) == 0, "got \"%s\", expected \"%s\"", buf_cstr(&b),
		          row->out);
		buf_free(&b);
	}
}

static void test_jsonw_non_finite_is_null(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;

	(void)state;
	jsonw_init(&w, &b, false);
	jsonw_arr_begin(&w);
	jsonw_num(&w, NAN);
	jsonw_num(&w, INFINITY);
	jsonw_num(&w, -INFINITY);
	jsonw_num(&w, 1e-7);
	jsonw_arr_end(&w);
	assert_string_equal(buf_cstr(&b), "[null,null,null,1e-07]");
	buf_free(&b);
}

/* The writer sits on the buffer's cap: too much output is a sticky error. */
static void test_jsonw_limit(void **state)
{
	struct buf b;
	struct jsonw w;

	(void)state;
	buf_init(&b, 16);
	jsonw_init(&w, &b, false);
	jsonw_arr_begin(&w);
	for (int i = 0; i < 10; i++)
		jsonw_str(&w, "abc");
	jsonw_arr_end(&w);
	assert_int_equal(buf_error(&b), PEJL_EINPUT);
	assert_true(b.len <= 16);
	buf_free(&b);
}

/* --- csvw ---------------------------------------------------------------------- */

struct csv_text_row {
	const char *name;
	const char *in;
	const char *out;
};

static const struct csv_text_row csv_text_rows[] = {
    {"plain text", "abc", "abc"},
    {"Danish letters", "Børn og Unge", "Børn og Unge"},
    {"empty string is an empty cell", "", ""},
    {"NULL is an empty cell", NULL, ""},
    {"formula with =", "=SUM(A1:A3)", "\"'=SUM(A1:A3)\""},
    {"formula with +", "+45 12 34 56", "\"'+45 12 34 56\""},
    {"formula with -", "-5", "\"'-5\""},
    {"formula with @", "@cmd", "\"'@cmd\""},
    {"leading tab", "\tx", "\"'\tx\""},
    {"leading carriage return", "\rx", "\"'\rx\""},
    {"= inside the text stays", "a=b", "a=b"},
    {"comma is quoted", "a,b", "\"a,b\""},
    {"semicolon is quoted", "a;b", "\"a;b\""},
    {"quotes are doubled", "say \"hi\"", "\"say \"\"hi\"\"\""},
    {"newline is quoted", "line 1\nline 2", "\"line 1\nline 2\""},
    {"carriage return inside is quoted", "a\rb", "\"a\rb\""},
    {"formula with a quote", "=\"x\"", "\"'=\"\"x\"\"\""},
};

static void test_csvw_text_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(csv_text_rows); i++) {
		const struct csv_text_row *row = &csv_text_rows[i];
		struct buf b = BUF_INIT;
		struct csvw w;

		csvw_init(&w, &b);
		csvw_text(&w, row->in);
		ROW_CHECK(row, strcmp(buf_cstr(&b), row->out) == 0, "got [%s], expected [%s]", buf_cstr(&b), row->out);
		buf_free(&b);
	}
}

struct csv_num_row {
	const char *name;
	double v;
	int decimals;
	const char *out;    /* international */
	const char *out_dk; /* Danish dialect, without the BOM */
};

static const struct csv_num_row csv_num_rows[] = {
    {"whole number, shortest", 1581, -1, "1581", "1581"},
    {"whole number, no decimals", 1581, 0, "1581", "1581"},
    {"one decimal", 1.5, 1, "1.5", "1,5"},
    {"rounded to two decimals", 2.0 / 3.0, 2, "0.67", "0,67"},
    {"padded to two decimals", 12, 2, "12.00", "12,00"},
    {"shortest fraction", 0.1, -1, "0.1", "0,1"},
    {"shortest small number", 1e-7, -1, "1e-07", "1e-07"},
    {"no thousands separator", 1234567.891, 2, "1234567.89", "1234567,89"},
    {"negative number is not neutralised", -5, 0, "-5", "-5"},
    {"negative fraction", -0.25, -1, "-0.25", "-0,25"},
    {"negative zero, shortest", -0.0, -1, "0", "0"},
    {"negative zero, no decimals", -0.0, 0, "0", "0"},
    {"negative zero, two decimals", -0.0, 2, "0.00", "0,00"},
    {"tiny negative rounds to zero", -0.001, 2, "0.00", "0,00"},
    {"tiny negative rounds to whole zero", -0.4, 0, "0", "0"},
    {"small negative that stays negative", -0.006, 2, "-0.01", "-0,01"},
    {"small negative, shortest", -0.0001, -1, "-0.0001", "-0,0001"},
    {"NaN is an empty cell", NAN, 2, "", ""},
    {"infinity is an empty cell", INFINITY, -1, "", ""},
};

static void test_csvw_num_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(csv_num_rows); i++) {
		const struct csv_num_row *row = &csv_num_rows[i];
		struct buf b = BUF_INIT, dk = BUF_INIT;
		struct csvw w, wdk;
		const char *got_dk;

		csvw_init(&w, &b);
		csvw_num(&w, row->v, row->decimals);
		ROW_CHECK(row, strcmp(buf_cstr(&b), row->out) == 0, "got [%s], expected [%s]", buf_cstr(&b), row->out);
		csvw_init_danish(&wdk, &dk);
		csvw_num(&wdk, row->v, row->decimals);
		got_dk = buf_cstr(&dk);
		ROW_CHECK(row, strncmp(got_dk, "\xEF\xBB\xBF", 3) == 0, "no BOM");
		ROW_CHECK(row, strcmp(got_dk + 3, row->out_dk) == 0, "Danish: got [%s], expected [%s]", got_dk + 3,
		          row->out_dk);
		buf_free(&b);
		buf_free(&dk);
	}
}

static void test_csvw_rows(void **state)
{
	struct buf b = BUF_INIT;
	struct csvw w;

	(void)state;
	csvw_init(&w, &b);
	csvw_text(&w, "code");
	csvw_text(&w, "title");
	csvw_text(&w, NULL);
	csvw_text(&w, "value");
	csvw_end_row(&w);
	csvw_text(&w, "1A");
	csvw_text(&w, "Færre hjemløse, i alt");
	csvw_text(&w, "");
	csvw_num(&w, 1256.5, 1);
	csvw_end_row(&w);
	csvw_int(&w, -7);
	csvw_int(&w, 42);
	csvw_num(&w, NAN, 0);
	csvw_end_row(&w);
	csvw_end_row(&w); /* an empty row */
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(buf_cstr(&b), "code,title,,value\r\n"
	                                  "1A,\"Færre hjemløse, i alt\",,1256.5\r\n"
	                                  "-7,42,\r\n"
	                                  "\r\n");
	buf_free(&b);
}

static void test_csvw_danish(void **state)
{
	struct buf b = BUF_INIT;
	struct csvw w;

	(void)state;
	csvw_init_danish(&w, &b);
	csvw_text(&w, "Mål");
	csvw_text(&w, "Værdi");
	csvw_text(&w, "Note");
	csvw_end_row(&w);
	csvw_text(&w, "1A");
	csvw_num(&w, 12.25, 2);
	csvw_text(&w, "a;b");
	csvw_end_row(&w);
	csvw_text(&w, "=1+1");
	csvw_int(&w, 1000000);
	csvw_text(&w, "1,5");
	csvw_end_row(&w);
	assert_string_equal(buf_cstr(&b), "\xEF\xBB\xBF"
	                                  "Mål;Værdi;Note\r\n"
	                                  "1A;12,25;\"a;b\"\r\n"
	                                  "\"'=1+1\";1000000;\"1,5\"\r\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_escape_table),
	    cmocka_unit_test(test_json_format_double_table),
	    cmocka_unit_test(test_json_format_double_round_trip),
	    cmocka_unit_test(test_json_format_double_subnormal),
	    cmocka_unit_test(test_jsonw_pretty),
	    cmocka_unit_test(test_jsonw_compact),
	    cmocka_unit_test(test_jsonw_top_level_table),
	    cmocka_unit_test(test_jsonw_non_finite_is_null),
	    cmocka_unit_test(test_jsonw_limit),
	    cmocka_unit_test(test_csvw_text_table),
	    cmocka_unit_test(test_csvw_num_table),
	    cmocka_unit_test(test_csvw_rows),
	    cmocka_unit_test(test_csvw_danish),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
