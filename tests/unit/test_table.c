/*
 * test_table.c — unit tests for src/io/table.h: terminal tables whose
 * columns line up by characters (UTF-8 code points), with caps that end in
 * an ellipsis and no trailing spaces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/table.h"

#include <stdio.h>
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

struct width_row {
	const char *name;
	const char *s;
	size_t width;
};

static const struct width_row width_rows[] = {
    {"empty", "", 0},
    {"ASCII", "abc", 3},
    {"Danish letters count once each", "æøå", 3},
    {"capital Danish letters", "ÆØÅ", 3},
    {"mixed", "Børn og Unge", 12},
    {"ellipsis", "…", 1},
    {"euro sign (3 bytes)", "€", 1},
    {"emoji (4 bytes)", "\xf0\x9f\x98\x80", 1},
    {"Århus", "Århus", 5},
};

static void test_utf8_width_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(width_rows); i++) {
		const struct width_row *row = &width_rows[i];

		ROW_CHECK(row, utf8_width(row->s) == row->width, "utf8_width gave %zu, expected %zu",
		          utf8_width(row->s), row->width);
	}
}

/* A rendering scenario: header, rows, caps, and the exact text. */
struct render_row {
	const char *name;
	const char *header[4];
	const char *cells[3][3]; /* rows of 3 cells; a row whose first cell is "$end" stops */
	size_t nrows;
	size_t cap_col, cap; /* cap == 0: none */
	const char *out;
};

static const struct render_row render_rows[] = {
    {"columns line up by characters with Danish letters",
     {"Kode", "Navn", "Værdi", NULL},
     {{"1A", "Børn og Unge", "12"}, {"10B", "Ældre", "3"}},
     2,
     0,
     0,
     "Kode  Navn          Værdi\n"
     "----  ------------  -----\n"
     "1A    Børn og Unge  12\n"
     "10B   Ældre         3\n"},
    {"empty last cell leaves no trailing spaces",
     {"Kode", "Navn", "Værdi", NULL},
     {{"1A", "Børn og Unge", NULL}, {"10B", "Ældre", ""}},
     2,
     0,
     0,
     "Kode  Navn          Værdi\n"
     "----  ------------  -----\n"
     "1A    Børn og Unge\n"
     "10B   Ældre\n"},
    {"trailing spaces of a last cell are trimmed",
     {"a", "b", NULL},
     {{"x", "y   ", NULL}},
     1,
     0,
     0,
     "a  b\n"
     "-  ----\n"
     "x  y\n"},
    {"cap cuts with an ellipsis counted as one character",
     {"Kode", "Navn", "Værdi", NULL},
     {{"1A", "Børn og Unge", "12"}, {"10B", "Ældre", "3"}},
     2,
     1,
     6,
     "Kode  Navn    Værdi\n"
     "----  ------  -----\n"
     "1A    Børn …  12\n"
     "10B   Ældre   3\n"},
    {"cap cuts inside Danish letters on character boundaries",
     {"Navn", "x", NULL},
     {{"æøåæøå", "1"}},
     1,
     0,
     4,
     "Navn  x\n"
     "----  -\n"
     "æøå…  1\n"},
    {"cell exactly at the cap is not cut",
     {"Navn", "x", NULL},
     {{"Ældre", "1"}},
     1,
     0,
     5,
     "Navn   x\n"
     "-----  -\n"
     "Ældre  1\n"},
    {"cap of one character leaves only the ellipsis",
     {"N", "x", NULL},
     {{"Ældre", "1"}},
     1,
     0,
     1,
     "N  x\n"
     "-  -\n"
     "…  1\n"},
    {"cap on the last column",
     {"a", "Titel", NULL},
     {{"1", "Flere udsatte københavnere har en bolig"}},
     1,
     1,
     10,
     "a  Titel\n"
     "-  ----------\n"
     "1  Flere uds…\n"},
    {"header only",
     {"Kode", "Navn", NULL},
     {{NULL}},
     0,
     0,
     0,
     "Kode  Navn\n"
     "----  ----\n"},
    {"single column",
     {"Enhed", NULL},
     {{"SOF"}, {"BBU"}},
     2,
     0,
     0,
     "Enhed\n"
     "-----\n"
     "SOF\n"
     "BBU\n"},
};

static void test_table_render_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(render_rows); i++) {
		const struct render_row *row = &render_rows[i];
		struct table t;
		struct buf b = BUF_INIT;

		table_init(&t, row->header);
		if (row->cap)
			table_cap(&t, row->cap_col, row->cap);
		for (size_t r = 0; r < row->nrows; r++)
			table_row(&t, row->cells[r]);
		table_render(&t, &b);
		table_free(&t);
		if (strcmp(buf_cstr(&b), row->out) != 0) {
			print_error("row \"%s\": got\n%s---\nexpected\n%s---\n", row->name, buf_cstr(&b), row->out);
			buf_free(&b);
			fail();
		}
		buf_free(&b);
	}
}

/* Many rows (the cell array grows) keep their order and alignment. */
static void test_table_many_rows(void **state)
{
	static const char *const header[] = {"nr", "navn", NULL};
	struct table t;
	struct buf b = BUF_INIT;
	struct buf want = BUF_INIT;

	(void)state;
	table_init(&t, header);
	buf_puts(&want, "nr   navn\n---  ----\n");
	for (int i = 0; i < 150; i++) {
		char nr[16], name[24];
		const char *cells[2] = {nr, name};

		snprintf(nr, sizeof nr, "%d", i);
		snprintf(name, sizeof name, "%s%d", i % 2 ? "ø" : "o", i % 10000);
		table_row(&t, cells);
		buf_printf(&want, "%-*s%s\n", 5, nr, name);
	}
	table_render(&t, &b);
	table_free(&t);
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(buf_cstr(&b), buf_cstr(&want));
	buf_free(&b);
	buf_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_width_table),
	    cmocka_unit_test(test_table_render_table),
	    cmocka_unit_test(test_table_many_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
