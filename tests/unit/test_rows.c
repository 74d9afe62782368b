/*
 * test_rows.c — unit tests for src/io/rows.h: the CSV reader (tables of
 * input and the rows it gives, errors included), and the XLSX reader on
 * workbooks written at test time by libxlsxwriter, on hand-made files from
 * tests/fuzz/corpus/xlsx (made by tests/fuzz/gen_xlsx_corpus.py), and on a
 * 300 MiB zip bomb written at test time.
 *
 * Rows are compared as text: "LINE:cell|cell|…\n" per row, with \ | CR and
 * LF in cells escaped as \\ \| \r \n, and "ERR message" when reading
 * stopped with an error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/rows.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

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

/* Every row of r as text (see the file comment); r is closed. */
static char *render(struct rows *r)
{
	struct buf b = BUF_INIT;
	const char *const *cells;
	size_t ncells, line;
	int rc;

	while ((rc = rows_next(r, &cells, &ncells, &line)) > 0) {
		buf_printf(&b, "%zu:", line);
		for (size_t i = 0; i < ncells; i++) {
			if (i)
				buf_putc(&b, '|');
			for (const char *s = cells[i]; *s; s++) {
				switch (*s) {
				case '\\': buf_puts(&b, "\\\\"); break;
				case '|': buf_puts(&b, "\\|"); break;
				case '\n': buf_puts(&b, "\\n"); break;
				case '\r': buf_puts(&b, "\\r"); break;
				default: buf_putc(&b, *s);
				}
			}
		}
		buf_putc(&b, '\n');
	}
	if (rc < 0)
		buf_printf(&b, "ERR %s", err_last());
	rows_close(r);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static char *read_csv(const char *data, size_t len)
{
	struct rows *r;

	if (rows_open_csv(&r, "t.csv", data, len) < 0)
		return xasprintf("ERR %s", err_last());
	return render(r);
}

static char *read_xlsx(const char *data, size_t len, const char *sheet)
{
	struct rows *r;

	if (rows_open_xlsx(&r, "t.xlsx", data, len, sheet) < 0)
		return xasprintf("ERR %s", err_last());
	return render(r);
}

/* --- CSV ------------------------------------------------------------------ */

struct csv_row {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	char sep;
	const char *want;
};

#define BIN(s) s, sizeof(s) - 1

static const struct csv_row csv_rows[] = {
    {"comma separated with header", "goal,period,value\n1D,2017,12\n", 0, ',', "1:goal|period|value\n2:1D|2017|12\n"},
    {"semicolon separated (Danish Excel)", "goal;period;value\n1D;2017;12,5\n", 0, ';',
     "1:goal|period|value\n2:1D|2017|12,5\n"},
    {"the header decides: more semicolons than commas", "a;b;c,d\n1,5;2;3\n", 0, ';', "1:a|b|c,d\n2:1,5|2|3\n"},
    {"the header decides: more commas than semicolons", "a,b,c;d\n1;5,2,3\n", 0, ',', "1:a|b|c;d\n2:1;5|2|3\n"},
    {"a tie means comma", "a;b,c\n", 0, ',', "1:a;b|c\n"},
    {"no separator at all means comma", "value\n1;2\n", 0, ',', "1:value\n2:1;2\n"},
    {"separators inside quotes are not counted", "\"a;b;c\",d\n", 0, ',', "1:a;b;c|d\n"},
    {"a quoted line break in the header does not end it", "\"x\ny\";b;c\n", 0, ';', "1:x\\ny|b|c\n"},
    {"empty input has no rows", "", 0, ',', ""},
    {"only a BOM", "\xEF\xBB\xBF", 0, ',', ""},
    {"only line ends", "\n\r\n\r\n", 0, ',', ""},
    {"BOM skipped", "\xEF\xBB\xBFgoal;value\n1D;3\n", 0, ';', "1:goal|value\n2:1D|3\n"},
    {"a BOM later is content", "a,\xEF\xBB\xBF\n", 0, ',', "1:a|\xEF\xBB\xBF\n"},
    {"CRLF line ends", "a,b\r\nc,d\r\n", 0, ',', "1:a|b\n2:c|d\n"},
    {"lone CR line ends", "a,b\rc,d\r", 0, ',', "1:a|b\n2:c|d\n"},
    {"mixed line ends count one line each", "a\rb\r\nc\nd", 0, ',', "1:a\n2:b\n3:c\n4:d\n"},
    {"no line end at the end", "a,b\nc,d", 0, ',', "1:a|b\n2:c|d\n"},
    {"blank lines skipped, numbers kept", "a\n\n\nb\r\n\r\nc\n", 0, ',', "1:a\n4:b\n6:c\n"},
    {"blank lines before the header", "\n\na;b\n", 0, ';', "3:a|b\n"},
    {"a line of separators is a row of empty cells", "a,b,c\n,,\n", 0, ',', "1:a|b|c\n2:||\n"},
    {"a trailing separator gives an empty last cell", "a,\n", 0, ',', "1:a|\n"},
    {"a trailing separator at the end of the file", "a,", 0, ',', "1:a|\n"},
    {"spaces are content", " a , b \n", 0, ',', "1: a | b \n"},
    {"a line with a space is not blank", "a\n \nb\n", 0, ',', "1:a\n2: \n3:b\n"},
    {"quoted cells", "\"a\",\"b c\"\n", 0, ',', "1:a|b c\n"},
    {"doubled quotes are one quote", "\"say \"\"hi\"\"\",x\n", 0, ',', "1:say \"hi\"|x\n"},
    {"an empty quoted cell", "\"\",x\n\"\"\n", 0, ',', "1:|x\n2:\n"},
    {"a cell of only a doubled quote", "\"\"\"\"\n", 0, ',', "1:\"\n"},
    {"quoted separator", "\"1,5\",2\n", 0, ',', "1:1,5|2\n"},
    {"quoted semicolon with semicolon separator", "a;b\n\"x;y\";z\n", 0, ';', "1:a|b\n2:x;y|z\n"},
    {"quoted line break: the record keeps its first line, the next counts on", "\"a\nb\",c\nd,e\n", 0, ',',
     "1:a\\nb|c\n3:d|e\n"},
    {"quoted CRLF is kept as it is", "\"a\r\nb\",c\r\nd\r\n", 0, ',', "1:a\\r\\nb|c\n3:d\n"},
    {"quoted lone CR", "\"a\rb\"\rc\r", 0, ',', "1:a\\rb\n3:c\n"},
    {"several quoted line breaks", "h\n\"1\n2\n3\",x\ny\n", 0, ',', "1:h\n2:1\\n2\\n3|x\n5:y\n"},
    {"a quoted cell at the end without line end", "a,\"b\"", 0, ',', "1:a|b\n"},
    {"a quote inside an unquoted cell is a character", "12\" screen,x\"y\"\n", 0, ',', "1:12\" screen|x\"y\"\n"},
    {"a quote after a space is a character", " \"a\",b\n", 0, ',', "1: \"a\"|b\n"},
    {"Danish letters", "navn;by\nBørn og Unge;Århus\n", 0, ';', "1:navn|by\n2:Børn og Unge|Århus\n"},
    {"three- and four-byte UTF-8", "€,\xF0\x9F\x98\x80,\xEF\xBF\xBD\n", 0, ',', "1:€|\xF0\x9F\x98\x80|\xEF\xBF\xBD\n"},
    {"highest code point U+10FFFF", "\xF4\x8F\xBF\xBF\n", 0, ',', "1:\xF4\x8F\xBF\xBF\n"},
    {"quoted UTF-8", "\"æ,ø\"\n", 0, ',', "1:æ,ø\n"},
    {"backslash is an ordinary character", "a\\,b\n", 0, ',', "1:a\\\\|b\n"},
    {"tab is an ordinary character", "a\tb,c\n", 0, ',', "1:a\tb|c\n"},

    {"unterminated quote reports the line it opened on", "a\nb,\"x\ny\nz\n", 0, ',',
     "1:a\nERR t.csv:2:2: a quoted cell is not closed (the quote opens on this line)"},
    {"unterminated quote at the end", "\"abc", 0, ',',
     "ERR t.csv:1:1: a quoted cell is not closed (the quote opens on this line)"},
    {"a lone quote", "\"", 0, ',', "ERR t.csv:1:1: a quoted cell is not closed (the quote opens on this line)"},
    {"characters after the closing quote", "x,y\n\"a\"b,c\n", 0, ',',
     "1:x|y\nERR t.csv:2:1: characters after the closing quote of a quoted cell"},
    {"a space after the closing quote", "a,\"b\" \n", 0, ',',
     "ERR t.csv:1:2: characters after the closing quote of a quoted cell"},
    {"characters after a closing quote on a later line", "\"a\nb\"c\n", 0, ',',
     "ERR t.csv:2:1: characters after the closing quote of a quoted cell"},
    {"a NUL byte", BIN("a,b\nc,d\0e\n"), ',', "1:a|b\nERR t.csv:2:2: a NUL byte (is this a text file?)"},
    {"a NUL byte in a quoted cell", BIN("\"a\n\0\"\n"), ',', "ERR t.csv:2:1: a NUL byte (is this a text file?)"},
    {"Latin-1 text is not UTF-8", "navn\nB\xF8rn\n", 0, ',',
     "1:navn\nERR t.csv:2:1: invalid UTF-8 (save the file as UTF-8)"},
    {"a stray continuation byte", "a,\x80\n", 0, ',', "ERR t.csv:1:2: invalid UTF-8 (save the file as UTF-8)"},
    {"overlong two-byte form", "\xC0\xAF\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"overlong two-byte form C1", "\xC1\xBF\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"overlong three-byte form", "\xE0\x80\xAF\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"overlong four-byte form", "\xF0\x8F\xBF\xBF\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"a surrogate", "a,b,\xED\xA0\x80\n", 0, ',', "ERR t.csv:1:3: invalid UTF-8 (save the file as UTF-8)"},
    {"past U+10FFFF", "\xF4\x90\x80\x80\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"F5 is never UTF-8", "\xF5\x80\x80\x80\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"a sequence cut by a separator", "\xE2\x82,x\n", 0, ',', "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"a sequence cut by the end of the file", "a,\xC3", 0, ',',
     "ERR t.csv:1:2: invalid UTF-8 (save the file as UTF-8)"},
    {"a sequence cut by the end of a quoted cell", "\"\xC3\"\n", 0, ',',
     "ERR t.csv:1:1: invalid UTF-8 (save the file as UTF-8)"},
    {"invalid UTF-8 in a quoted cell on its second line", "\"a\n\xFF\"\n", 0, ',',
     "ERR t.csv:2:1: invalid UTF-8 (save the file as UTF-8)"},
    {"a UTF-16 file", BIN("\xFF\xFEg\0o\0a\0l\0"), ',', "ERR t.csv:1:1: the file is UTF-16 (save it as UTF-8)"},
};

static void test_csv_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(csv_rows); i++) {
		const struct csv_row *row = &csv_rows[i];
		size_t len = row->len ? row->len : strlen(row->in);
		struct rows *r;
		char *got;

		if (rows_open_csv(&r, "t.csv", row->in, len) == 0) {
			ROW_CHECK(row, rows_separator(r) == row->sep, "separator '%c', expected '%c'",
			          rows_separator(r), row->sep);
			got = render(r);
		} else {
			got = xasprintf("ERR %s", err_last());
		}
		ROW_CHECK(row, !strcmp(got, row->want), "got\n%s\nexpected\n%s", got, row->want);
		free(got);
	}
}

/* Limits: ROWS_MAX_COLS cells and ROWS_MAX_CELL bytes pass, one more fails. */
static void test_csv_limits(void **state)
{
	struct buf b = BUF_INIT;
	char *got, *want;

	(void)state;
	/* 256 cells, then 257 on line 2 */
	for (int i = 0; i < ROWS_MAX_COLS; i++)
		buf_puts(&b, i ? ",x" : "x");
	buf_puts(&b, "\n");
	for (int i = 0; i <= ROWS_MAX_COLS; i++)
		buf_puts(&b, i ? ",y" : "y");
	buf_puts(&b, "\n");
	got = read_csv(b.data, b.len);
	want = strstr(got, "\nERR ");
	assert_non_null(want);
	assert_string_equal(want + 1, "ERR t.csv:2:257: more than 256 cells in a row");
	assert_int_equal(strncmp(got, "1:x|x|", 6), 0);
	free(got);

	/* a cell of exactly ROWS_MAX_CELL bytes, then one byte more */
	buf_reset(&b);
	for (int i = 0; i < ROWS_MAX_CELL; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, ",b\nc,");
	for (int i = 0; i <= ROWS_MAX_CELL; i++)
		buf_putc(&b, 'a');
	got = read_csv(b.data, b.len);
	want = strstr(got, "\nERR ");
	assert_non_null(want);
	assert_string_equal(want + 1, "ERR t.csv:2:2: a cell longer than 65536 bytes");
	assert_int_equal(want - got, (ptrdiff_t)(2 + ROWS_MAX_CELL + 2));
	free(got);

	/* quoted: 65536 bytes after unescaping pass (the raw text is longer) */
	buf_reset(&b);
	buf_putc(&b, '"');
	for (int i = 0; i < ROWS_MAX_CELL / 2; i++)
		buf_puts(&b, "a\"\"");
	buf_puts(&b, "\"\n\"");
	for (int i = 0; i <= ROWS_MAX_CELL / 2; i++)
		buf_puts(&b, "\"\"a");
	buf_puts(&b, "\"\n");
	got = read_csv(b.data, b.len);
	want = strstr(got, "\nERR ");
	assert_non_null(want);
	assert_string_equal(want + 1, "ERR t.csv:2:1: a cell longer than 65536 bytes");
	assert_int_equal(want - got, (ptrdiff_t)(2 + ROWS_MAX_CELL));
	free(got);

	/* a quoted cell that grows past the limit through its line breaks */
	buf_reset(&b);
	buf_puts(&b, "x\n\"");
	for (int i = 0; i <= ROWS_MAX_CELL; i++)
		buf_putc(&b, '\n');
	buf_puts(&b, "\"\n");
	got = read_csv(b.data, b.len);
	assert_string_equal(got, "1:x\nERR t.csv:2:1: a cell longer than 65536 bytes");
	free(got);
	buf_free(&b);
}

/* After an error every further call fails with the same message. */
static void test_csv_error_is_sticky(void **state)
{
	struct rows *r;
	const char *const *cells;
	size_t n, line;
	const char *in = "a\n\"b\"x\nc\n";

	(void)state;
	assert_int_equal(rows_open_csv(&r, "s.csv", in, strlen(in)), 0);
	assert_int_equal(rows_next(r, &cells, &n, &line), 1);
	assert_int_equal(rows_next(r, &cells, &n, &line), PEJL_EINPUT);
	err_clear();
	assert_int_equal(rows_next(r, &cells, &n, &line), PEJL_EINPUT);
	assert_string_equal(err_last(), "s.csv:2:1: characters after the closing quote of a quoted cell");
	rows_close(r);
	rows_close(NULL);
}

/* Many rows, a very wide one among them: counts, lines and contents hold
 * while the buffer grows and is reused; the input is never written to. */
static void test_csv_many_rows(void **state)
{
	struct buf b = BUF_INIT;
	struct rows *r;
	const char *const *cells;
	size_t n, line, rows = 0;
	char *copy;
	int rc;

	(void)state;
	buf_puts(&b, "goal;period;value\n");
	for (int i = 0; i < 50000; i++) {
		if (i == 100) {
			buf_putc(&b, '"');
			for (int k = 0; k < 20000; k++)
				buf_puts(&b, "ø\"\"");
			buf_puts(&b, "\";x;y\n");
		}
		buf_printf(&b, "G%d;%d;\"%d,5\"\n", i, 2000 + i % 30, i);
	}
	copy = xstrndup(b.data, b.len);
	assert_int_equal(rows_open_csv(&r, "big.csv", b.data, b.len), 0);
	while ((rc = rows_next(r, &cells, &n, &line)) > 0) {
		char want[32];

		assert_int_equal(n, 3);
		assert_int_equal(line, rows + 1);
		if (rows == 101) {
			assert_int_equal(strlen(cells[0]), 20000 * 3);
			assert_int_equal(strncmp(cells[0], "ø\"ø\"", 6), 0);
		} else if (rows > 0) {
			int i = (int)rows - 1 - (rows > 101);

			snprintf(want, sizeof want, "G%d", i);
			assert_string_equal(cells[0], want);
			snprintf(want, sizeof want, "%d,5", i);
			assert_string_equal(cells[2], want);
		}
		rows++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 50002);
	assert_int_equal(rows_next(r, &cells, &n, &line), 0);
	rows_close(r);
	assert_memory_equal(copy, b.data, b.len);
	free(copy);
	buf_free(&b);
}

/* --- XLSX written by libxlsxwriter --------------------------------------- */

static char tmpdir[256];

static int make_tmpdir(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/pejl-rows-XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	(void)state;
	while (d && (e = readdir(d))) {
		char path[600];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
	return 0;
}

/* The whole file at path, or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = xmalloc(n > 0 ? (size_t)n : 1);
	if (n > 0 && fread(data, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	*len = n > 0 ? (size_t)n : 0;
	return data;
}

static char *tmp_path(const char *file)
{
	return xasprintf("%s/%s", tmpdir, file);
}

/* The test workbook: strings (shared), numbers, dates in several formats,
 * a time, booleans, a formula with a string result, blanks and gaps, and
 * two more sheets. */
static void write_workbook(const char *path, uint8_t constant_memory)
{
	lxw_workbook_options opt = {.constant_memory = constant_memory, .tmpdir = tmpdir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Målinger");
	lxw_worksheet *other = workbook_add_worksheet(wb, "Andet ark");
	lxw_worksheet *bad = workbook_add_worksheet(wb, "Dato 60");
	lxw_format *iso = workbook_add_format(wb), *builtin = workbook_add_format(wb), *dk = workbook_add_format(wb);
	lxw_format *stamp = workbook_add_format(wb), *hm = workbook_add_format(wb), *fixed = workbook_add_format(wb);
	lxw_format *elapsed = workbook_add_format(wb), *blank = workbook_add_format(wb),
	           *bold = workbook_add_format(wb);
	lxw_datetime dt = {2017, 3, 1, 0, 0, 0};
	lxw_rich_string_tuple t1 = {.format = bold, .string = "fed"}, t2 = {.format = NULL, .string = " og tynd"};
	lxw_rich_string_tuple *rich[] = {&t1, &t2, NULL};

	format_set_num_format(iso, "yyyy-mm-dd");
	format_set_num_format_index(builtin, 14);
	format_set_num_format(dk, "[$-406]d\\. mmmm yyyy;@");
	format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
	format_set_num_format(hm, "h:mm");
	format_set_num_format(fixed, "0.00");
	format_set_num_format(elapsed, "[mm]:ss");
	format_set_bold(blank);

	/* row 1: header */
	worksheet_write_string(ws, 0, 0, "goal", NULL);
	worksheet_write_string(ws, 0, 1, "period", NULL);
	worksheet_write_string(ws, 0, 2, "value", NULL);
	worksheet_write_string(ws, 0, 3, "date", NULL);
	worksheet_write_string(ws, 0, 4, "flag", NULL);
	worksheet_write_string(ws, 0, 5, "formula", NULL);
	/* row 2: the common kinds */
	worksheet_write_string(ws, 1, 0, "1D", NULL);
	worksheet_write_number(ws, 1, 1, 2017, NULL);
	worksheet_write_number(ws, 1, 2, 1.5, NULL);
	worksheet_write_datetime(ws, 1, 3, &dt, iso);
	worksheet_write_boolean(ws, 1, 4, 1, NULL);
	worksheet_write_formula_str(ws, 1, 5, "=A2&\"x\"", NULL, "1Dx");
	/* row 3: only a formatted blank: skipped */
	worksheet_write_blank(ws, 2, 0, blank);
	worksheet_write_blank(ws, 2, 3, blank);
	/* row 4: gaps are empty cells; a trailing blank is no cell */
	worksheet_write_string(ws, 3, 0, "Børn og Unge", NULL);
	worksheet_write_number(ws, 3, 3, 42736, builtin);
	worksheet_write_boolean(ws, 3, 4, 0, NULL);
	worksheet_write_blank(ws, 3, 7, blank);
	/* row 5: number texts */
	worksheet_write_number(ws, 4, 0, 0.1, NULL);
	worksheet_write_number(ws, 4, 1, 1.0 / 3, NULL);
	worksheet_write_number(ws, 4, 2, -3, NULL);
	worksheet_write_number(ws, 4, 3, 1e20, NULL);
	worksheet_write_number(ws, 4, 4, 123456.789, NULL);
	worksheet_write_number(ws, 4, 5, -0.0, NULL);
	worksheet_write_number(ws, 4, 6, 2.5e-7, NULL);
	worksheet_write_number(ws, 4, 7, 3, fixed);
	/* row 6: date formats, times stay numbers */
	worksheet_write_number(ws, 5, 0, 42736, dk);
	worksheet_write_number(ws, 5, 1, 42736.75, stamp);
	worksheet_write_number(ws, 5, 2, 0.5, hm);
	worksheet_write_number(ws, 5, 3, 0.25, elapsed);
	worksheet_write_number(ws, 5, 4, 59, iso);
	worksheet_write_number(ws, 5, 5, 61, iso);
	/* row 7: text as it is */
	worksheet_write_string(ws, 6, 0, "  mellemrum  ", NULL);
	worksheet_write_rich_string(ws, 6, 1, rich, NULL);
	worksheet_write_string(ws, 6, 2, "to\nlinjer", NULL);
	worksheet_write_string(ws, 6, 3, "a|b\\c", NULL);
	worksheet_write_string(ws, 6, 4, "ctl\x01", NULL);
	/* row 10 after two empty ones */
	worksheet_write_string(ws, 9, 1, "sidst", NULL);

	worksheet_write_string(other, 0, 0, "x", NULL);
	worksheet_write_number(other, 0, 1, 2, NULL);
	worksheet_write_number(bad, 0, 0, 1, NULL);
	worksheet_write_number(bad, 0, 1, 60, iso);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static const char workbook_want[] = "1:goal|period|value|date|flag|formula\n"
                                    "2:1D|2017|1.5|2017-03-01|1|1Dx\n"
                                    "4:Børn og Unge|||2017-01-01|0\n"
                                    "5:0.1|0.3333333333333333|-3|1e+20|123456.789|0|2.5e-07|3\n"
                                    "6:2017-01-01|2017-01-01|0.5|0.25|1900-02-28|1900-03-01\n"
                                    "7:  mellemrum  |fed og tynd|to\\nlinjer|a\\|b\\\\c|ctl\x01\n"
                                    "10:|sidst\n";

static void check_workbook(uint8_t constant_memory)
{
	char *path = tmp_path(constant_memory ? "cm.xlsx" : "wb.xlsx");
	char *data, *got;
	size_t len;

	write_workbook(path, constant_memory);
	data = slurp(path, &len);
	assert_non_null(data);

	got = read_xlsx(data, len, NULL);
	assert_string_equal(got, workbook_want);
	free(got);
	got = read_xlsx(data, len, "Målinger");
	assert_string_equal(got, workbook_want);
	free(got);
	got = read_xlsx(data, len, "Andet ark");
	assert_string_equal(got, "1:x|2\n");
	free(got);
	got = read_xlsx(data, len, "Dato 60");
	assert_string_equal(got, "ERR t.xlsx:1:2: the cell has a date format but 60 is no date");
	free(got);
	got = read_xlsx(data, len, "andet ark");
	assert_string_equal(got, "ERR t.xlsx: no sheet named \"andet ark\"; the workbook has \"Målinger\", "
	                         "\"Andet ark\", \"Dato 60\"");
	free(got);
	free(data);
	unlink(path);
	free(path);
}

/* Shared strings (the default writer mode). */
static void test_xlsx_workbook(void **state)
{
	(void)state;
	check_workbook(0);
}

/* Inline strings (libxlsxwriter's constant-memory mode writes them). */
static void test_xlsx_workbook_inline_strings(void **state)
{
	(void)state;
	check_workbook(1);
}

/* A zip of the given parts ({path, content} pairs), written with minizip
 * into the temp dir and read back; the caller frees it. */
static char *zip_parts(const char *const (*parts)[2], size_t n, size_t *len)
{
	char *path = tmp_path("parts.xlsx"), *data;
	zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);

	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(zipOpenNewFileInZip64(z, parts[i][0], NULL, NULL, 0, NULL, 0, NULL, 8, 6, 0), ZIP_OK);
		assert_int_equal(zipWriteInFileInZip(z, parts[i][1], (unsigned)strlen(parts[i][1])), ZIP_OK);
		assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	}
	assert_int_equal(zipClose(z, NULL), ZIP_OK);
	data = slurp(path, len);
	assert_non_null(data);
	unlink(path);
	free(path);
	return data;
}

#define WORKBOOK_XML                                                                                                   \
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                               \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"                             \
	"<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS_XML                                                                                                       \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                       \
	"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"

/* Numbers (as Excel writes them in <v>) come back as the shortest text
 * that reads back to the same double. */
static const struct number_row {
	const char *name;
	const char *v;
	const char *want;
} number_rows[] = {
    {"integer", "2017", "2017"},
    {"integer written with a point", "2017.0", "2017"},
    {"negative integer", "-42", "-42"},
    {"zero", "0", "0"},
    {"negative zero", "-0", "0"},
    {"large integer below 1e17", "12345678901234568", "12345678901234568"},
    {"1e17 is written with an exponent", "1E+17", "1e+17"},
    {"one tenth", "0.1", "0.1"},
    {"one tenth with 17 digits", "0.10000000000000001", "0.1"},
    {"0.1 + 0.2 needs 17 digits", "0.30000000000000004", "0.30000000000000004"},
    {"two thirds needs 16", "0.66666666666666663", "0.6666666666666666"},
    {"pi", "3.1415926535897931", "3.141592653589793"},
    {"small", "1E-10", "1e-10"},
    {"smallest normal", "2.2250738585072014E-308", "2.2250738585072014e-308"},
    {"largest double", "1.7976931348623157E+308", "1.7976931348623157e+308"},
    {"decimal fraction", "12.5", "12.5"},
    {"negative fraction", "-1E-3", "-0.001"},
    {"plus sign", "+7", "7"},
    {"leading zeros", "007", "7"},
    {"trailing zeros", "100.50", "100.5"},
    {"no integer part", ".5", "0.5"},
    {"a point and nothing after it", "1.", "1"},
    {"zero with a fraction of zeros", "0.000", "0"},
    {"four significant decimals after three zeros", "0.0001234", "0.0001234"},
    {"below 1e-4 %g writes an exponent", "0.00001234", "1.234e-05"},
    {"15 digits", "123456789012345", "123456789012345"},
    {"16 digits", "1234567890123456", "1234567890123456"},
    {"15 significant digits with a fraction", "-12345678901234.5", "-12345678901234.5"},
    {"16 significant digits read back as 15", "0.1000000000000000", "0.1"},
};

static void test_xlsx_numbers(void **state)
{
	struct buf sheet = BUF_INIT, want = BUF_INIT;
	char *data, *got;
	size_t len;

	(void)state;
	buf_puts(&sheet, "<worksheet><sheetData>");
	for (size_t i = 0; i < N(number_rows); i++) {
		buf_printf(&sheet, "<row><c><v>%s</v></c></row>", number_rows[i].v);
		buf_printf(&want, "%zu:%s\n", i + 1, number_rows[i].want);
	}
	buf_puts(&sheet, "</sheetData></worksheet>");
	{
		const char *const parts[][2] = {{"xl/workbook.xml", WORKBOOK_XML},
		                                {"xl/_rels/workbook.xml.rels", RELS_XML},
		                                {"xl/worksheets/sheet1.xml", buf_cstr(&sheet)}};

		data = zip_parts(parts, N(parts), &len);
	}
	got = read_xlsx(data, len, NULL);
	if (strcmp(got, buf_cstr(&want))) {
		for (size_t i = 0; i < N(number_rows); i++)
			print_error("row %zu \"%s\": want %s\n", i + 1, number_rows[i].name, number_rows[i].want);
	}
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	free(data);
	buf_free(&sheet);
	buf_free(&want);
}

/* Cell values that are refused, each in a sheet of its own. */
static const struct bad_cell_row {
	const char *name;
	const char *cell;
	const char *want;
} bad_cell_rows[] = {
    {"a number overflowing a double", "<c r=\"B2\"><v>1E+309</v></c>",
     "ERR t.xlsx:2:2: a number cell holds \"1E+309\""},
    {"hexadecimal is no number", "<c r=\"B2\"><v>0x10</v></c>", "ERR t.xlsx:2:2: a number cell holds \"0x10\""},
    {"inf is no number", "<c r=\"B2\"><v>inf</v></c>", "ERR t.xlsx:2:2: a number cell holds \"inf\""},
    {"a boolean that is neither", "<c r=\"C2\" t=\"b\"><v>2</v></c>", "ERR t.xlsx:2:3: a boolean cell holds \"2\""},
    {"an unknown type", "<c r=\"A2\" t=\"x\"><v>1</v></c>", "ERR t.xlsx:2:1: an unknown cell type t=\"x\""},
    {"a bad reference", "<c r=\"2B\"><v>1</v></c>",
     "ERR t.xlsx: xl/worksheets/sheet1.xml:1: a bad cell reference \"2B\""},
    {"a reference past XFD", "<c r=\"XFE2\"><v>1</v></c>",
     "ERR t.xlsx: xl/worksheets/sheet1.xml:1: a bad cell reference \"XFE2\""},
    {"a shared string without strings", "<c r=\"A2\" t=\"s\"><v>0</v></c>",
     "ERR t.xlsx:2:1: shared string 0 does not exist (the file has 0)"},
    {"a shared string index that is no number", "<c r=\"A2\" t=\"s\"><v>x</v></c>",
     "ERR t.xlsx:2:1: a bad shared string index \"x\""},
    {"an Excel error from a formula", "<c r=\"D2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>",
     "ERR t.xlsx:2:4: the cell holds the Excel error #DIV/0!"},
    {"a #N/A error", "<c r=\"A2\" t=\"e\"><v>#N/A</v></c>", "ERR t.xlsx:2:1: the cell holds the Excel error #N/A"},
    {"an ISO date cell", "<c r=\"A2\" t=\"d\"><v>2017-03-01T00:00:00</v></c>", "2:2017-03-01\n"},
    {"a bad ISO date cell", "<c r=\"A2\" t=\"d\"><v>2017-02-30</v></c>",
     "ERR t.xlsx:2:1: a date cell holds \"2017-02-30\""},
    {"a formula without a cached value is empty", "<c r=\"A2\"><f>B2</f></c><c r=\"B2\"><v>1</v></c>", "2:|1\n"},
    {"a row inside a row", "<c r=\"A2\"><v>1</v></c><row r=\"3\"><c r=\"A3\"><v>1</v></c></row>",
     "ERR t.xlsx: xl/worksheets/sheet1.xml:1: a <row> inside a <row>"},
    {"a cell inside a cell", "<c r=\"B2\"><c r=\"C2\"><v>1</v></c><v>2</v></c>",
     "ERR t.xlsx: xl/worksheets/sheet1.xml:1: a <c> inside a <c>"},
    {"a row number past 1048576", "</row><row r=\"1048577\">",
     "ERR t.xlsx: xl/worksheets/sheet1.xml:1: a bad row number \"1048577\""},
    {"cells without r count on from the last", "<c r=\"B2\"><v>1</v></c><c><v>2</v></c>", "2:|1|2\n"},
    {"an inline string with a phonetic run", "<c r=\"A2\" t=\"inlineStr\"><is><t>x</t><rPh><t>y</t></rPh></is></c>",
     "2:x\n"},
};

static void test_xlsx_bad_cells(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(bad_cell_rows); i++) {
		const struct bad_cell_row *row = &bad_cell_rows[i];
		char *sheet =
		    xasprintf("<worksheet><sheetData><row r=\"2\">%s</row></sheetData></worksheet>", row->cell);
		const char *const parts[][2] = {{"xl/workbook.xml", WORKBOOK_XML},
		                                {"xl/_rels/workbook.xml.rels", RELS_XML},
		                                {"xl/worksheets/sheet1.xml", sheet}};
		size_t len;
		char *data = zip_parts(parts, N(parts), &len), *got = read_xlsx(data, len, NULL);

		ROW_CHECK(row, !strcmp(got, row->want), "got\n%s\nexpected\n%s", got, row->want);
		free(got);
		free(data);
		free(sheet);
	}
}

/* A row as wide as allowed, and one cell more. */
static void test_xlsx_columns(void **state)
{
	char *path = tmp_path("wide.xlsx"), *data, *got;
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "w");
	lxw_worksheet *wider = workbook_add_worksheet(wb, "wider");
	size_t len;

	(void)state;
	for (lxw_col_t c = 0; c < ROWS_MAX_COLS; c++)
		worksheet_write_number(ws, 0, c, c, NULL);
	worksheet_write_string(wider, 4, ROWS_MAX_COLS, "x", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	data = slurp(path, &len);
	got = read_xlsx(data, len, "w");
	assert_int_equal(strncmp(got, "1:0|1|2|", 8), 0);
	assert_non_null(strstr(got, "|254|255\n"));
	free(got);
	got = read_xlsx(data, len, "wider");
	assert_string_equal(got, "ERR t.xlsx:5:257: more than 256 cells in a row");
	free(got);
	free(data);
	unlink(path);
	free(path);
}

/* --- hand-made XLSX files from the fuzz corpus --------------------------- */

static const struct file_row {
	const char *name;
	const char *file;
	const char *sheet;
	const char *want;
} file_rows[] = {
    {"stored entries, shared strings, inline strings, formula, date, gap", "minimal.xlsx", NULL,
     "1:goal|period|value\n2:1D|2017|0.1\n4:1D||2017-01-01|0\n"},
    {"deflated entries", "minimal-deflated.xlsx", NULL, "1:goal|period|value\n2:1D|2017|0.1\n4:1D||2017-01-01|0\n"},
    {"the first sheet by default", "two-sheets.xlsx", NULL, "1:goal|period|value\n2:1D|2017|0.1\n4:1D||2017-01-01|0\n"},
    {"a sheet by its name", "two-sheets.xlsx", "Data", "1:goal|period|value\n2:1D|2017|0.1\n4:1D||2017-01-01|0\n"},
    {"an unknown sheet lists the sheets", "two-sheets.xlsx", "Ark1",
     "ERR t.xlsx: no sheet named \"Ark1\"; the workbook has \"Første\", \"Data\""},
    {"1904 date system; elapsed time and fixed formats stay numbers", "date1904.xlsx", NULL,
     "1:1904-01-01|2017-01-01|1.5|41274\n"},
    {"1900 date system around the phantom leap day", "date1900.xlsx", NULL,
     "1:1900-01-01|1900-02-28|1900-03-01|2017-01-01|0.5\n"},
    {"Excel's 1900-02-29 is no date", "date-phantom.xlsx", NULL,
     "ERR t.xlsx:7:3: the cell has a date format but 60 is no date"},
    {"absolute relationship targets", "absolute-target.xlsx", NULL, "1:absolut\n"},
    {"rich text joined, phonetic runs dropped, spaces kept, escapes decoded; rows without r count on", "rich-text.xlsx",
     NULL, "1:fed og  tynd |line\\rbreak\n3:||fed og  tynd \n"},
    {"element names with a namespace prefix", "prefixed.xlsx", NULL, "1:præfiks\n"},
    {"shared string index out of range", "sst-out-of-range.xlsx", NULL,
     "ERR t.xlsx:2:2: shared string 3 does not exist (the file has 3)"},
    {"an Excel error value", "excel-error.xlsx", NULL, "ERR t.xlsx:3:2: the cell holds the Excel error #DIV/0!"},
    {"cells out of order", "out-of-order.xlsx", NULL,
     "ERR t.xlsx:1:2: cell B1 is out of order (columns must increase along a row)"},
    {"a value past column 256", "too-many-columns.xlsx", NULL, "ERR t.xlsx:1:257: more than 256 cells in a row"},
    {"a number cell that is no number", "bad-number.xlsx", NULL, "ERR t.xlsx:5:1: a number cell holds \"1,5\""},
    {"malformed XML names the part and line", "malformed.xlsx", NULL,
     "ERR t.xlsx: xl/worksheets/sheet1.xml:4: XML error: mismatched tag"},
    {"a DOCTYPE (entity expansion) is refused", "doctype-entities.xlsx", NULL,
     "ERR t.xlsx: xl/worksheets/sheet1.xml:2: a DOCTYPE is not allowed in XLSX parts"},
    {"nesting 10,000 deep is refused", "deep-nesting.xlsx", NULL,
     "ERR t.xlsx: xl/worksheets/sheet1.xml:2: elements nested deeper than 64 levels"},
    {"a truncated zip", "truncated.xlsx", NULL, "ERR t.xlsx: not an XLSX file (not a zip archive)"},
    {"compressed more than 100:1", "bomb-ratio.xlsx", NULL,
     "ERR t.xlsx: xl/worksheets/sheet1.xml is compressed more than 100:1 (a zip bomb?)"},
    {"declared larger than the part limit", "bomb-declared.xlsx", NULL,
     "ERR t.xlsx: xl/worksheets/sheet1.xml unpacks to more than 256 MiB"},
    {"an OLE file (encrypted or .xls)", "ole-header.xlsx", NULL,
     "ERR t.xlsx: an encrypted workbook or an old .xls file (save it as .xlsx without a password)"},
    {"not a zip", "not-a-zip.xlsx", NULL, "ERR t.xlsx: not an XLSX file (not a zip archive)"},
    {"no workbook relationships", "no-rels.xlsx", NULL,
     "ERR t.xlsx: xl/_rels/workbook.xml.rels is missing (is this an XLSX file?)"},
};

static char *corpus_path(const char *file)
{
	const char *root = getenv("ROOT");

	if (access("tests/fuzz/corpus/xlsx", F_OK) == 0 || !root)
		return xasprintf("tests/fuzz/corpus/xlsx/%s", file);
	return xasprintf("%s/tests/fuzz/corpus/xlsx/%s", root, file);
}

static void test_xlsx_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(file_rows); i++) {
		const struct file_row *row = &file_rows[i];
		char *path = corpus_path(row->file), *data, *got;
		size_t len;

		data = slurp(path, &len);
		ROW_CHECK(row, data != NULL, "cannot read %s", path);
		got = read_xlsx(data, len, row->sheet);
		ROW_CHECK(row, !strcmp(got, row->want), "got\n%s\nexpected\n%s", got, row->want);
		free(got);
		free(data);
		free(path);
	}
}

/* A sheet of 300 MiB of spaces (about 300 KiB compressed) is refused
 * before it is inflated. */
static void test_xlsx_zip_bomb(void **state)
{
	static const char wbxml[] = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	                            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	                            "<sheets><sheet name=\"B\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char relxml[] =
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
	static const char head[] = "<worksheet><sheetData>";
	char *path = tmp_path("bomb.xlsx"), *data, *got, *spaces = xmalloc(1 << 20);
	zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
	size_t len;

	(void)state;
	assert_non_null(z);
	memset(spaces, ' ', 1 << 20);
	assert_int_equal(zipOpenNewFileInZip64(z, "xl/workbook.xml", NULL, NULL, 0, NULL, 0, NULL, 8, 6, 0), ZIP_OK);
	assert_int_equal(zipWriteInFileInZip(z, wbxml, sizeof wbxml - 1), ZIP_OK);
	assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	assert_int_equal(zipOpenNewFileInZip64(z, "xl/_rels/workbook.xml.rels", NULL, NULL, 0, NULL, 0, NULL, 8, 6, 0),
	                 ZIP_OK);
	assert_int_equal(zipWriteInFileInZip(z, relxml, sizeof relxml - 1), ZIP_OK);
	assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	assert_int_equal(zipOpenNewFileInZip64(z, "xl/worksheets/sheet1.xml", NULL, NULL, 0, NULL, 0, NULL, 8, 9, 0),
	                 ZIP_OK);
	assert_int_equal(zipWriteInFileInZip(z, head, sizeof head - 1), ZIP_OK);
	for (int i = 0; i < 300; i++)
		assert_int_equal(zipWriteInFileInZip(z, spaces, 1 << 20), ZIP_OK);
	assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	assert_int_equal(zipClose(z, NULL), ZIP_OK);
	free(spaces);

	data = slurp(path, &len);
	assert_non_null(data);
	assert_true(len < 1 << 20);
	got = read_xlsx(data, len, NULL);
	assert_string_equal(got, "ERR t.xlsx: xl/worksheets/sheet1.xml unpacks to more than 256 MiB");
	free(got);
	free(data);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_table),           cmocka_unit_test(test_csv_limits),
	    cmocka_unit_test(test_csv_error_is_sticky), cmocka_unit_test(test_csv_many_rows),
	    cmocka_unit_test(test_xlsx_workbook),       cmocka_unit_test(test_xlsx_workbook_inline_strings),
	    cmocka_unit_test(test_xlsx_numbers),        cmocka_unit_test(test_xlsx_bad_cells),
	    cmocka_unit_test(test_xlsx_columns),        cmocka_unit_test(test_xlsx_files),
	    cmocka_unit_test(test_xlsx_zip_bomb),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
