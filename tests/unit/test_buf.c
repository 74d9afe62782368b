/*
 * test_buf.c — unit tests for the memory and output basics in src/util:
 * buf.h (growable buffer with a cap and a sticky error), arena.h (region
 * allocation) and diag.h (lists of diagnostics).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"

#include <stdio.h>
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

/* --- buf ------------------------------------------------------------------ */

static void test_buf_appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_puts(&b, "Hej");
	buf_putc(&b, ',');
	buf_putc(&b, ' ');
	buf_append(&b, "verden!!!", 6);
	buf_printf(&b, " %d%%/%s/%.2f", 42, "æøå", 1.5);
	assert_string_equal(buf_cstr(&b), "Hej, verden 42%/æøå/1.50");
	assert_int_equal(b.len, strlen("Hej, verden 42%/æøå/1.50"));
	assert_int_equal(b.data[b.len], '\0');
	assert_true(b.cap > b.len);
	assert_int_equal(buf_error(&b), 0);
	/* An empty append changes nothing but leaves a C string. */
	buf_append(&b, "", 0);
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, strlen("Hej, verden 42%/æøå/1.50"));
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	buf_free(NULL);
}

static void test_buf_embedded_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_free(&b);
}

/* Growth by doubling keeps every byte: 200,000 single appends. */
static void test_buf_growth(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 200000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 200000);
	assert_int_equal(buf_error(&b), 0);
	for (int i = 0; i < 200000; i++)
		if (b.data[i] != (char)('a' + i % 26)) {
			print_error("byte %d is %c\n", i, b.data[i]);
			fail();
		}
	assert_int_equal(b.data[200000], '\0');
	buf_free(&b);
}

/* One step of a limit scenario: an append (puts or printf). */
struct step {
	const char *puts;    /* when not NULL: buf_puts(puts) */
	const char *fmt_arg; /* else: buf_printf("%s-%d", fmt_arg, 7) */
};

struct limit_row {
	const char *name;
	size_t limit;
	struct step steps[4];
	const char *content; /* what the buffer holds at the end */
	int err;
};

static const struct limit_row limit_rows[] = {
    {"fits below the limit", 10, {{"12345", NULL}, {"678", NULL}}, "12345678", 0},
    {"exactly the limit is allowed", 10, {{"12345", NULL}, {"67890", NULL}}, "1234567890", 0},
    {"one byte over fails the whole append", 10, {{"12345", NULL}, {"678901", NULL}}, "12345", PEJL_EINPUT},
    {"error is sticky: a later small append does nothing",
     10,
     {{"12345", NULL}, {"678901", NULL}, {"6", NULL}},
     "12345",
     PEJL_EINPUT},
    {"first append too big", 4, {{"hello", NULL}, {"a", NULL}}, "", PEJL_EINPUT},
    {"printf within the limit", 10, {{"ab", NULL}, {NULL, "xyz"}}, "abxyz-7", 0},
    {"printf over the limit", 6, {{"ab", NULL}, {NULL, "xyz"}}, "ab", PEJL_EINPUT},
    {"printf after the error does nothing", 10, {{"12345678901", NULL}, {NULL, "x"}}, "", PEJL_EINPUT},
    {"limit of one byte", 1, {{"a", NULL}, {"b", NULL}}, "a", PEJL_EINPUT},
};

static void test_buf_limit_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(limit_rows); i++) {
		const struct limit_row *row = &limit_rows[i];
		struct buf b;

		buf_init(&b, row->limit);
		err_clear();
		for (size_t k = 0; k < N(row->steps); k++) {
			const struct step *s = &row->steps[k];

			if (s->puts)
				buf_puts(&b, s->puts);
			else if (s->fmt_arg)
				buf_printf(&b, "%s-%d", s->fmt_arg, 7);
			ROW_CHECK(row, b.len <= row->limit, "len %zu exceeds the limit %zu after step %zu", b.len,
			          row->limit, k);
		}
		ROW_CHECK(row, strcmp(buf_cstr(&b), row->content) == 0, "content \"%s\", expected \"%s\"", buf_cstr(&b),
		          row->content);
		ROW_CHECK(row, b.len == strlen(row->content), "len %zu", b.len);
		ROW_CHECK(row, buf_error(&b) == row->err, "error %d, expected %d", buf_error(&b), row->err);
		if (row->err)
			ROW_CHECK(row, strstr(err_last(), "limit") != NULL, "message \"%s\" does not mention the limit",
			          err_last());
		buf_free(&b);
	}
}

static void test_buf_reset_clears_error(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	buf_puts(&b, "123456");
	buf_puts(&b, "789");
	assert_int_equal(buf_error(&b), PEJL_EINPUT);
	assert_string_equal(buf_cstr(&b), "123456");
	buf_reset(&b);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_non_null(b.data); /* memory kept */
	assert_int_equal(b.limit, 8);
	buf_puts(&b, "12345678");
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_free(&b);
}

static void test_buf_detach(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "pejlemærke");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "pejlemærke");
	assert_int_equal(len, strlen("pejlemærke"));
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_cstr(&b), "");
	free(p);

	/* The buffer is usable again after detaching. */
	buf_puts(&b, "igen");
	assert_string_equal(buf_cstr(&b), "igen");
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "igen");
	free(p);

	/* Detaching an empty buffer gives an empty string the caller frees. */
	len = 99;
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_free(&b);
}

static void test_buf_detach_clears_error(void **state)
{
	struct buf b;
	char *p;

	(void)state;
	buf_init(&b, 3);
	buf_puts(&b, "abcd");
	assert_int_equal(buf_error(&b), PEJL_EINPUT);
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "");
	free(p);
	assert_int_equal(buf_error(&b), 0);
	buf_puts(&b, "abc");
	assert_string_equal(buf_cstr(&b), "abc");
	buf_free(&b);
}

/* --- arena ---------------------------------------------------------------- */

#define ALIGN _Alignof(max_align_t)

static void check_block(const unsigned char *p, size_t n, unsigned char v, const char *what, size_t i)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] != v) {
			print_error("%s %zu: byte %zu is %u, expected %u\n", what, i, k, p[k], v);
			fail();
		}
}

/* Many small allocations of varying sizes: each aligned, zero-filled and
 * disjoint from the others (each is filled, then all are checked). */
static void test_arena_many(void **state)
{
	enum { COUNT = 20000 };
	struct arena *a = arena_new();
	unsigned char **p = calloc(COUNT, sizeof *p);
	size_t *n = calloc(COUNT, sizeof *n);

	(void)state;
	assert_non_null(p);
	assert_non_null(n);
	assert_int_equal(arena_used(a), 0);
	for (size_t i = 0; i < COUNT; i++) {
		n[i] = 1 + (i * 37) % 700;
		p[i] = arena_alloc(a, n[i]);
		assert_non_null(p[i]);
		if ((uintptr_t)p[i] % ALIGN != 0) {
			print_error("allocation %zu of %zu bytes is not aligned\n", i, n[i]);
			fail();
		}
		check_block(p[i], n[i], 0, "allocation", i);
		memset(p[i], (int)(i % 251) + 1, n[i]);
	}
	for (size_t i = 0; i < COUNT; i++)
		check_block(p[i], n[i], (unsigned char)(i % 251 + 1), "allocation", i);
	assert_true(arena_used(a) >= COUNT);
	free(p);
	free(n);
	arena_free(a);
}

/* Allocations above 16 KiB get their own block; small allocations before
 * and after them stay intact. */
static void test_arena_big(void **state)
{
	static const size_t sizes[] = {100, 16 * 1024 + 1, 40, 100000, 8, 64 * 1024, 64 * 1024 + 1, 3, 1 << 20, 500};
	struct arena *a = arena_new();
	unsigned char *p[N(sizes)];

	(void)state;
	for (size_t i = 0; i < N(sizes); i++) {
		p[i] = arena_alloc(a, sizes[i]);
		assert_int_equal((uintptr_t)p[i] % ALIGN, 0);
		check_block(p[i], sizes[i], 0, "allocation", i);
		memset(p[i], (int)i + 1, sizes[i]);
	}
	for (size_t i = 0; i < N(sizes); i++)
		check_block(p[i], sizes[i], (unsigned char)(i + 1), "allocation", i);
	arena_free(a);
}

static void test_arena_used_rounds_up(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	arena_alloc(a, 1);
	assert_int_equal(arena_used(a), ALIGN);
	arena_alloc(a, ALIGN);
	assert_int_equal(arena_used(a), 2 * ALIGN);
	arena_alloc(a, ALIGN + 1);
	assert_int_equal(arena_used(a), 4 * ALIGN);
	assert_non_null(arena_alloc(a, 0));
	assert_int_equal(arena_used(a), 5 * ALIGN);
	arena_free(a);
}

static void test_arena_calloc(void **state)
{
	struct arena *a = arena_new();
	long *v;

	(void)state;
	v = arena_calloc(a, 1000, sizeof *v);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(v[i], 0);
	assert_int_equal((uintptr_t)v % ALIGN, 0);
	assert_non_null(arena_calloc(a, 0, 8));
	arena_free(a);
}

static void test_arena_strings(void **state)
{
	struct arena *a = arena_new();
	const char *src = "Socialstrategi";
	char *s, *big;
	char longer[30000];

	(void)state;
	assert_null(arena_strdup(a, NULL));
	s = arena_strdup(a, src);
	assert_string_equal(s, src);
	assert_ptr_not_equal(s, src);
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(a, "abc", 0), "");
	assert_string_equal(arena_printf(a, "%s-%04d/%c", "kk", 14, 'x'), "kk-0014/x");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	/* A formatted string longer than 16 KiB. */
	memset(longer, 'z', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	big = arena_printf(a, "<%s>", longer);
	assert_int_equal(strlen(big), sizeof longer + 1);
	assert_int_equal(big[0], '<');
	assert_int_equal(big[1], 'z');
	assert_int_equal(big[sizeof longer - 1], 'z');
	assert_int_equal(big[sizeof longer], '>');
	arena_free(a);
	arena_free(NULL);
}

/* --- diag ----------------------------------------------------------------- */

static void test_diag_counts(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_int_equal(diag_errors(&d), 0);
	assert_int_equal(diag_warnings(&d), 0);
	diag_error(&d, "a.json: $.x", "bad %d", 1);
	diag_warning(&d, "a.json: $.y", "odd");
	diag_warning(&d, NULL, "odd %s", "too");
	diag_error(&d, "a.csv:3:5", "bad");
	diag_warning(&d, "w", "x");
	assert_int_equal(diag_errors(&d), 2);
	assert_int_equal(diag_warnings(&d), 3);
	assert_int_equal(d.n, 5);
	assert_int_equal(d.dropped, 0);
	assert_string_equal(d.items[0].where, "a.json: $.x");
	assert_string_equal(d.items[0].msg, "bad 1");
	assert_int_equal(d.items[0].warning, 0);
	assert_int_equal(d.items[1].warning, 1);
	assert_string_equal(d.items[2].where, "");
	assert_string_equal(d.items[2].msg, "odd too");
	diag_free(&d);
	diag_free(NULL);
}

static void test_diag_cap(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	d.max = 3;
	for (int i = 0; i < 7; i++)
		diag_error(&d, "f", "error %d", i);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.dropped, 4);
	assert_int_equal(diag_errors(&d), 7);
	assert_string_equal(d.items[2].msg, "error 2");
	diag_free(&d);
}

/* The default cap is 1000 recorded items. */
static void test_diag_default_cap(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	for (int i = 0; i < 1005; i++)
		diag_error(&d, "f", "e");
	assert_int_equal(d.n, 1000);
	assert_int_equal(d.dropped, 5);
	assert_int_equal(diag_errors(&d), 1005);
	diag_free(&d);
}

/* Warnings past the cap are still counted — as warnings. Warnings must not
 * block an import (diag.h), so a dropped warning must not turn into an
 * error. */
static void test_diag_cap_keeps_warnings_apart(void **state)
{
	struct diag d;
	size_t n, errors, warnings;

	(void)state;
	diag_init(&d);
	d.max = 2;
	diag_warning(&d, "f", "w1");
	diag_warning(&d, "f", "w2");
	diag_warning(&d, "f", "w3");
	n = d.n;
	errors = diag_errors(&d);
	warnings = diag_warnings(&d);
	diag_free(&d); /* before asserting, so a failure does not leak */
	assert_int_equal(n, 2);
	assert_int_equal(errors, 0);
	assert_int_equal(warnings, 3);
}

static void test_diag_print(void **state)
{
	struct diag d;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	diag_init(&d);
	d.max = 3;
	diag_error(&d, "s.json: $.strategy.code", "\"%s\" must be 1 to 32 of a-z 0-9 -", "KK 2014");
	diag_warning(&d, "units.csv:3:5", "odd name");
	diag_error(&d, NULL, "plain");
	diag_error(&d, "x", "dropped 1");
	diag_error(&d, "x", "dropped 2");
	f = open_memstream(&out, &len);
	assert_non_null(f);
	diag_print(&d, f);
	fclose(f);
	assert_string_equal(out, "s.json: $.strategy.code: error: \"KK 2014\" must be 1 to 32 of a-z 0-9 -\n"
	                         "units.csv:3:5: warning: odd name\n"
	                         ": error: plain\n"
	                         "... and 2 more errors\n");
	free(out);
	diag_free(&d);

	/* Nothing recorded: nothing printed. */
	diag_init(&d);
	out = NULL;
	f = open_memstream(&out, &len);
	diag_print(&d, f);
	fclose(f);
	assert_string_equal(out, "");
	free(out);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_appends),
	    cmocka_unit_test(test_buf_embedded_nul),
	    cmocka_unit_test(test_buf_growth),
	    cmocka_unit_test(test_buf_limit_table),
	    cmocka_unit_test(test_buf_reset_clears_error),
	    cmocka_unit_test(test_buf_detach),
	    cmocka_unit_test(test_buf_detach_clears_error),
	    cmocka_unit_test(test_arena_many),
	    cmocka_unit_test(test_arena_big),
	    cmocka_unit_test(test_arena_used_rounds_up),
	    cmocka_unit_test(test_arena_calloc),
	    cmocka_unit_test(test_arena_strings),
	    cmocka_unit_test(test_diag_counts),
	    cmocka_unit_test(test_diag_cap),
	    cmocka_unit_test(test_diag_default_cap),
	    cmocka_unit_test(test_diag_cap_keeps_warnings_apart),
	    cmocka_unit_test(test_diag_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
