/*
 * test_export.c — tables as CSV and XLSX downloads (src/io/export.h): what
 * is written reads back the same through the project's own readers
 * (src/io/rows.h), Danish letters and empty cells included; formula-like
 * text is neutralised in CSV and stays plain text in XLSX; the sheet name
 * is made legal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/export.h"
#include "io/rows.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const head[] = {"code", "title", "note", NULL};
static const char *const cells[][3] = {
	{"UP-1", "Udviklingsplan for Ærø og Østerbro", "første"},
	{"UP-2", "=HYPERLINK(\"http://x\")", ""},
	{"UP-3", "Linje 1\nLinje 2, med \"citat\"", "+45 12 34"},
};

static void make(struct table *t)
{
	table_init(t, head);
	for (size_t i = 0; i < 3; i++)
		table_row(t, cells[i]);
}

/* Reads every row of r into "a|b|c;" form. */
static void slurp(char *out, size_t n, struct rows *r)
{
	const char *const *c;
	size_t nc, line;

	out[0] = '\0';
	while (rows_next(r, &c, &nc, &line) > 0) {
		for (size_t k = 0; k < nc; k++)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", k ? "|" : "", c[k]);
		snprintf(out + strlen(out), n - strlen(out), ";");
	}
}

static void test_csv_reads_back(void **state)
{
	struct table t;
	struct buf b = BUF_INIT;
	struct rows *r;
	char got[1000];

	(void)state;
	make(&t);
	export_csv(&b, &t);
	assert_int_equal(strncmp(buf_cstr(&b), "code,title,note\r\n", 17), 0);
	assert_int_equal(rows_open_csv(&r, "t.csv", b.data, b.len), 0);
	slurp(got, sizeof got, r);
	rows_close(r);
	/* formula-like cells gain an apostrophe in CSV (DESIGN §5) */
	assert_string_equal(got, "code|title|note;UP-1|Udviklingsplan for Ærø og Østerbro|første;"
				 "UP-2|'=HYPERLINK(\"http://x\")|;UP-3|Linje 1\nLinje 2, med \"citat\"|'+45 12 34;");
	buf_free(&b);
	table_free(&t);
}

static void test_xlsx_reads_back(void **state)
{
	struct table t;
	struct buf b = BUF_INIT;
	struct rows *r;
	char got[1000];

	(void)state;
	make(&t);
	assert_int_equal(export_xlsx(&b, &t, "plans"), 0);
	assert_true(b.len > 100);
	assert_memory_equal(b.data, "PK", 2);
	assert_int_equal(rows_open_xlsx(&r, "t.xlsx", b.data, b.len, "plans"), 0);
	slurp(got, sizeof got, r);
	rows_close(r);
	/* text cells stay text: nothing to neutralise, nothing evaluated; an
	 * empty cell is not written, so a row ends at its last filled cell */
	assert_string_equal(got, "code|title|note;UP-1|Udviklingsplan for Ærø og Østerbro|første;"
				 "UP-2|=HYPERLINK(\"http://x\");UP-3|Linje 1\nLinje 2, med \"citat\"|+45 12 34;");
	buf_free(&b);
	table_free(&t);
}

static void test_xlsx_sheet_name_and_header_only(void **state)
{
	struct table t;
	struct buf b = BUF_INIT;
	struct rows *r;
	char got[200];

	(void)state;
	table_init(&t, head);
	assert_int_equal(export_xlsx(&b, &t, "red/thread: [2017]?"), 0);
	assert_int_equal(rows_open_xlsx(&r, "t.xlsx", b.data, b.len, "red-thread- -2017--"), 0);
	slurp(got, sizeof got, r);
	rows_close(r);
	assert_string_equal(got, "code|title|note;");
	buf_free(&b);
	table_free(&t);
}

static void test_xlsx_unwritable_tmpdir(void **state)
{
	struct table t;
	struct buf b = BUF_INIT;
	const char *old = getenv("TMPDIR");
	char *keep = old ? strdup(old) : NULL;

	(void)state;
	table_init(&t, head);
	setenv("TMPDIR", "/nonexistent/pejl", 1);
	assert_int_equal(export_xlsx(&b, &t, "x"), PEJL_EIO);
	assert_non_null(strstr(err_last(), "temporary file"));
	if (keep)
		setenv("TMPDIR", keep, 1);
	else
		unsetenv("TMPDIR");
	free(keep);
	buf_free(&b);
	table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_reads_back),
		cmocka_unit_test(test_xlsx_reads_back),
		cmocka_unit_test(test_xlsx_sheet_name_and_header_only),
		cmocka_unit_test(test_xlsx_unwritable_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
