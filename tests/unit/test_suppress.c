/*
 * test_suppress.c — small-cell suppression (src/core/suppress.h).
 *
 * Worked examples with the exact pattern expected, written row by row for
 * the bordered table (the last column is the row totals, the last row the
 * column totals): '.' shown, 'P' primary, 'C' complementary.
 *
 * Then proof that the patterns are safe, by two checks that do not use the
 * library's own reasoning:
 *   - brute force: for small random tables, every table of non-negative
 *     counts that agrees with the shown cells (interior cells tried from 0
 *     to one more than the largest count) is listed, and each hidden cell
 *     (interior or total) must take at least two values among them;
 *   - linear algebra: for larger random tables, the shown cells and the
 *     sums as a linear system in the hidden cells, solved by Gaussian
 *     elimination: no hidden cell may be determined (its unit vector must
 *     not lie in the row space).
 * And that "two hidden cells in every row and column" alone is not enough
 * (a bridge between two blocks), which both the library's check and the
 * linear algebra see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/suppress.h"
#include "util/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The pattern as "PC.|CC.|...". */
static void pattern(char *out, size_t size, const enum suppress_mark *m, size_t rows, size_t cols)
{
	size_t k = 0;

	for (size_t i = 0; i <= rows; i++) {
		for (size_t j = 0; j <= cols && k + 2 < size; j++) {
			enum suppress_mark x = m[i * (cols + 1) + j];

			out[k++] = x == SUPPRESS_PRIMARY ? 'P' : x == SUPPRESS_COMPLEMENTARY ? 'C' : '.';
		}
		if (i < rows && k + 2 < size)
			out[k++] = '|';
	}
	out[k] = '\0';
}

static void print_table(const long *cells, size_t rows, size_t cols, const enum suppress_mark *m)
{
	long *b = calloc((rows + 1) * (cols + 1), sizeof *b);

	suppress_bordered(b, cells, rows, cols);
	for (size_t i = 0; i <= rows; i++) {
		print_error("   ");
		for (size_t j = 0; j <= cols; j++) {
			enum suppress_mark x = m ? m[i * (cols + 1) + j] : SUPPRESS_NONE;

			print_error(" %4ld%c", b[i * (cols + 1) + j],
				    x == SUPPRESS_PRIMARY ? 'P' : x == SUPPRESS_COMPLEMENTARY ? 'C' : ' ');
		}
		print_error("\n");
	}
	free(b);
}

/* --- worked examples ------------------------------------------------------------------- */

struct example {
	const char *name;
	size_t rows, cols;
	long cells[16];
	long k;
	const char *want;
};

static const struct example examples[] = {
    {"nothing small", 2, 2, {10, 20, 30, 40}, 5, "...|...|..."},
    {"one small cell hides a rectangle of four", 2, 2, {3, 10, 20, 30}, 5, "PC.|CC.|..."},
    {"zeros are shown", 2, 2, {0, 10, 20, 30}, 5, "...|...|..."},
    {"4 is small, 5 is not", 2, 2, {4, 10, 5, 30}, 5, "PC.|CC.|..."},
    {"k 3 (internal): 3 is shown, 2 is not", 2, 2, {3, 4, 2, 10}, 3, "CC.|PC.|..."},
    {"k 1 hides nothing", 2, 2, {1, 0, 0, 1}, 1, "...|...|..."},
    /* a one-row table: the column totals equal the cells, so they hide too */
    {"one row", 1, 3, {2, 8, 9}, 5, "PC..|PC.."},
    /* a small row total is a small cell: the whole row and its partner go */
    {"a small row total", 2, 2, {1, 1, 10, 10}, 5, "PPP|CCC|..."},
    {"primaries in different rows and columns", 3, 3, {2, 9, 9, 9, 9, 2, 9, 9, 9}, 5, "PCC.|CCP.|....|...."},
    /* two blocks of small cells joined by one small cell: every line has
     * two hidden cells, yet (0,2) would be determined; the cheapest cell
     * joining the blocks, (1,3) = 6, is hidden as well */
    {"a bridge between two blocks is broken", 4, 4, {1, 2, 3, 20, 2, 1, 20, 6, 20, 20, 1, 2, 20, 20, 2, 1}, 5,
     "PPP..|PP.C.|..PP.|..PP.|....."},
    {"an empty table", 0, 0, {0}, 5, "."},
};

static void test_examples(void **state)
{
	(void)state;
	for (size_t e = 0; e < N(examples); e++) {
		const struct example *x = &examples[e];
		enum suppress_mark m[25];
		char got[64];

		assert_int_equal(suppress_table(m, x->cells, x->rows, x->cols, x->k), 0);
		pattern(got, sizeof got, m, x->rows, x->cols);
		if (strcmp(got, x->want) != 0) {
			print_table(x->cells, x->rows, x->cols, m);
			fail_msg("%s: got %s, want %s", x->name, got, x->want);
		}
		assert_true(suppress_table_safe(m, x->cells, x->rows, x->cols, x->k));
	}
}

/* --- an independent check by linear algebra ---------------------------------------------- */

/* Rank of the n × m matrix a (row-major, destroyed). */
static size_t rank_of(double *a, size_t n, size_t m)
{
	size_t r = 0;

	for (size_t c = 0; c < m && r < n; c++) {
		size_t p = r;

		for (size_t i = r + 1; i < n; i++)
			if (fabs(a[i * m + c]) > fabs(a[p * m + c]))
				p = i;
		if (fabs(a[p * m + c]) < 1e-9)
			continue;
		for (size_t j = 0; j < m; j++) {
			double t = a[r * m + j];

			a[r * m + j] = a[p * m + j];
			a[p * m + j] = t;
		}
		for (size_t i = 0; i < n; i++) {
			double f;

			if (i == r || a[i * m + c] == 0)
				continue;
			f = a[i * m + c] / a[r * m + c];
			for (size_t j = 0; j < m; j++)
				a[i * m + j] -= f * a[r * m + j];
		}
		r++;
	}
	return r;
}

/* Counts the hidden cells of the bordered table that the shown cells
 * determine: the equations are "row i of the cells sums to its total" and
 * "column j sums to its total", in the hidden cells only (the shown ones are
 * constants); a hidden cell is determined when adding its unit vector does
 * not raise the rank. idx, when not NULL, gets the first one's index. */
static size_t determined(const enum suppress_mark *marks, size_t rows, size_t cols, size_t *idx)
{
	size_t R = rows + 1, C = cols + 1, u = 0, neq = R + C, found = 0;
	size_t *var = calloc(R * C, sizeof *var);
	double *a, *b;
	size_t base;

	for (size_t i = 0; i < R * C; i++)
		var[i] = marks[i] != SUPPRESS_NONE ? u++ : SIZE_MAX;
	a = calloc((neq + 1) * (u ? u : 1), sizeof *a);
	b = calloc((neq + 1) * (u ? u : 1), sizeof *b);
	/* row i: Σ_j<cols x[i][j] − x[i][cols] = 0; column j likewise */
	for (size_t i = 0; i < R; i++)
		for (size_t j = 0; j < C; j++) {
			size_t v = var[i * C + j];

			if (v == SIZE_MAX)
				continue;
			a[i * u + v] = j == cols ? -1 : 1;
			a[(R + j) * u + v] = i == rows ? -1 : 1;
		}
	memcpy(b, a, neq * u * sizeof *a);
	base = rank_of(b, neq, u);
	for (size_t s = 0; s < R * C; s++) {
		if (var[s] == SIZE_MAX)
			continue;
		memcpy(b, a, neq * u * sizeof *a);
		memset(b + neq * u, 0, u * sizeof *b);
		b[neq * u + var[s]] = 1;
		if (rank_of(b, neq + 1, u) == base) {
			if (found++ == 0 && idx)
				*idx = s;
		}
	}
	free(var);
	free(a);
	free(b);
	return found;
}

/* "Two hidden cells in every row and column" is not enough: the bridge. */
static void test_two_per_line_is_not_enough(void **state)
{
	const struct example *x = &examples[9];
	enum suppress_mark m[25];
	size_t idx = SIZE_MAX;
	char got[64];

	(void)state;
	assert_int_equal(suppress_table(m, x->cells, 4, 4, 5), 0);
	assert_int_equal(determined(m, 4, 4, NULL), 0);
	/* without the complementary cell (1,3) every line still has 0 or at
	 * least 2 hidden cells ... */
	assert_int_equal(m[1 * 5 + 3], SUPPRESS_COMPLEMENTARY);
	m[1 * 5 + 3] = SUPPRESS_NONE;
	pattern(got, sizeof got, m, 4, 4);
	assert_string_equal(got, "PPP..|PP...|..PP.|..PP.|.....");
	for (size_t line = 0; line < 10; line++) {
		size_t h = 0;

		for (size_t t = 0; t < 5; t++)
			h += line < 5 ? m[line * 5 + t] != SUPPRESS_NONE : m[t * 5 + (line - 5)] != SUPPRESS_NONE;
		assert_true(h == 0 || h >= 2);
	}
	/* ... yet cell (0,2) = 3 is determined (rows 0–1 minus columns 0–1),
	 * and the library's check says so */
	assert_int_equal(determined(m, 4, 4, &idx), 1);
	assert_int_equal(idx, 0 * 5 + 2);
	assert_false(suppress_table_safe(m, x->cells, 4, 4, 5));
}

/* --- random tables --------------------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)((rng_state >> 33) % n);
}

/* A count: a quarter zeros, a third small (1–4), the rest 5..maxv. */
static long count(long maxv)
{
	unsigned r = rnd(12);

	if (r < 3)
		return 0;
	if (r < 7)
		return 1 + rnd(4);
	return 5 + rnd((unsigned)(maxv - 4));
}

/* The properties every pattern must have, whatever checks it. */
static void check_basic(const long *cells, size_t rows, size_t cols, const enum suppress_mark *m, long k)
{
	size_t R = rows + 1, C = cols + 1;
	long *b = calloc(R * C, sizeof *b);

	suppress_bordered(b, cells, rows, cols);
	for (size_t i = 0; i < R * C; i++) {
		if (b[i] > 0 && b[i] < k && m[i] != SUPPRESS_PRIMARY)
			fail_msg("a small cell is not primary");
		if (m[i] == SUPPRESS_PRIMARY && !(b[i] > 0 && b[i] < k))
			fail_msg("a primary cell is not small");
		if (m[i] != SUPPRESS_NONE && b[i] == 0)
			fail_msg("a zero is hidden");
	}
	for (size_t line = 0; line < R + C; line++) {
		size_t h = 0, len = line < R ? C : R;

		for (size_t t = 0; t < len; t++)
			h += line < R ? m[line * C + t] != SUPPRESS_NONE : m[t * C + (line - R)] != SUPPRESS_NONE;
		if (h == 1) {
			print_table(cells, rows, cols, m);
			fail_msg("line %zu has a single hidden cell", line);
		}
	}
	free(b);
}

/* Brute force: lists every table agreeing with the shown cells (hidden
 * interior cells from 0 to top) and records the values each hidden cell
 * takes. Returns false when some hidden cell takes only one value. */
static bool brute_force_layer(const long *cells, size_t rows, size_t cols, const enum suppress_mark *m, long top,
			      bool nonzero_only);

static bool brute_force(const long *cells, size_t rows, size_t cols, const enum suppress_mark *m, long top)
{
	return brute_force_layer(cells, rows, cols, m, top, false);
}

/* As brute_force; with nonzero_only, hidden cells that are zero in this
 * layer (hidden for another layer's sake) need not take two values. */
static bool brute_force_layer(const long *cells, size_t rows, size_t cols, const enum suppress_mark *m, long top,
			      bool nonzero_only)
{
	size_t R = rows + 1, C = cols + 1, nh = 0;
	size_t hid[16];
	long *truth = calloc(R * C, sizeof *truth), *b = calloc(R * C, sizeof *b), *try = calloc(rows * cols, sizeof *try);
	long *first = calloc(R * C, sizeof *first);
	bool *seen = calloc(R * C, sizeof *seen), *two = calloc(R * C, sizeof *two);
	size_t solutions = 0;
	bool ok = true;

	suppress_bordered(truth, cells, rows, cols);
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++)
			if (m[i * C + j] != SUPPRESS_NONE)
				hid[nh++] = i * cols + j;
	memcpy(try, cells, rows * cols * sizeof *try);
	for (size_t h = 0; h < nh; h++)
		try[hid[h]] = 0;
	for (;;) {
		bool agrees = true;

		suppress_bordered(b, try, rows, cols);
		for (size_t i = 0; i < R * C && agrees; i++)
			agrees = m[i] != SUPPRESS_NONE || b[i] == truth[i];
		if (agrees) {
			solutions++;
			for (size_t i = 0; i < R * C; i++) {
				if (m[i] == SUPPRESS_NONE)
					continue;
				if (!seen[i]) {
					seen[i] = true;
					first[i] = b[i];
				} else if (b[i] != first[i]) {
					two[i] = true;
				}
			}
		}
		/* next assignment (odometer) */
		{
			size_t h = 0;

			while (h < nh && try[hid[h]] == top)
				try[hid[h++]] = 0;
			if (h == nh)
				break;
			try[hid[h]]++;
		}
	}
	assert_true(solutions >= 1); /* the true table itself */
	for (size_t i = 0; i < R * C; i++)
		if (m[i] != SUPPRESS_NONE && !two[i] && (!nonzero_only || truth[i] > 0))
			ok = false;
	free(truth);
	free(b);
	free(try);
	free(first);
	free(seen);
	free(two);
	return ok;
}

/* The two checks do see a disclosure: hiding only a row's two cells leaves
 * each of them equal to its column total minus the shown cell. */
static void test_checkers_see_a_disclosure(void **state)
{
	static const long cells[] = {3, 10, 20, 30};
	enum suppress_mark m[9] = {SUPPRESS_PRIMARY, SUPPRESS_COMPLEMENTARY};

	(void)state;
	assert_false(brute_force(cells, 2, 2, m, 31));
	assert_int_equal(determined(m, 2, 2, NULL), 2);
	assert_false(suppress_table_safe(m, cells, 2, 2, 5));
	m[3] = m[4] = SUPPRESS_COMPLEMENTARY;
	assert_true(brute_force(cells, 2, 2, m, 31));
	assert_int_equal(determined(m, 2, 2, NULL), 0);
}

static void test_random_small_tables_brute_force(void **state)
{
	size_t forced = 0, with_hidden = 0;

	(void)state;
	for (int t = 0; t < 600; t++) {
		size_t rows = 1 + rnd(3), cols = 1 + rnd(4), hidden_interior = 0;
		long cells[12], k = rnd(4) == 0 ? 3 : 5, maxv = 9;
		enum suppress_mark m[20];

		for (size_t i = 0; i < rows * cols; i++)
			cells[i] = count(maxv);
		assert_int_equal(suppress_table(m, cells, rows, cols, k), 0);
		check_basic(cells, rows, cols, m, k);
		if (!suppress_table_safe(m, cells, rows, cols, k)) {
			print_table(cells, rows, cols, m);
			fail_msg("table %d: the library's own check fails", t);
		}
		for (size_t i = 0; i < rows; i++)
			for (size_t j = 0; j < cols; j++)
				hidden_interior += m[i * (cols + 1) + j] != SUPPRESS_NONE;
		with_hidden += hidden_interior > 0;
		if (hidden_interior > 5)
			continue; /* 11^6 tables is too slow for a unit test */
		forced++;
		if (!brute_force(cells, rows, cols, m, maxv + 1)) {
			print_table(cells, rows, cols, m);
			fail_msg("table %d: a hidden cell can be worked out", t);
		}
	}
	/* the sample is not trivial */
	if (forced < 300 || with_hidden < 200)
		fail_msg("only %zu tables brute-forced, %zu with hidden cells", forced, with_hidden);
}

static void test_random_larger_tables_linear_algebra(void **state)
{
	size_t complementary = 0;

	(void)state;
	for (int t = 0; t < 300; t++) {
		size_t rows = 1 + rnd(8), cols = 1 + rnd(6);
		long cells[48], k = 5;
		enum suppress_mark m[63];
		size_t idx = 0;

		for (size_t i = 0; i < rows * cols; i++)
			cells[i] = count(30);
		assert_int_equal(suppress_table(m, cells, rows, cols, k), 0);
		check_basic(cells, rows, cols, m, k);
		assert_true(suppress_table_safe(m, cells, rows, cols, k));
		if (determined(m, rows, cols, &idx) != 0) {
			print_table(cells, rows, cols, m);
			fail_msg("table %d: cell %zu of the bordered table is determined", t, idx);
		}
		for (size_t i = 0; i < (rows + 1) * (cols + 1); i++)
			complementary += m[i] == SUPPRESS_COMPLEMENTARY;
	}
	assert_true(complementary > 500);
}

/* A big table stays quick and safe (300 units × 8 columns). */
static void test_big_table(void **state)
{
	enum { ROWS = 300, COLS = 8 };
	long *cells = calloc(ROWS * COLS, sizeof *cells);
	enum suppress_mark *m = calloc((ROWS + 1) * (COLS + 1), sizeof *m);

	(void)state;
	for (size_t i = 0; i < ROWS * COLS; i++)
		cells[i] = count(200);
	assert_int_equal(suppress_table(m, cells, ROWS, COLS, 5), 0);
	check_basic(cells, ROWS, COLS, m, 5);
	assert_true(suppress_table_safe(m, cells, ROWS, COLS, 5));
	free(cells);
	free(m);
}

/* Layers: a proportion's numerator and the rest of its denominator (those
 * with and those without) in one pattern. Every small count of either layer
 * is hidden, and brute force on each layer finds every non-zero hidden
 * count free to take two values; the linear algebra (the same for every
 * layer) finds nothing determined. */
static void test_layers(void **state)
{
	size_t tables = 0, extra = 0;

	(void)state;
	for (int t = 0; t < 400; t++) {
		size_t rows = 1 + rnd(3), cols = 1 + rnd(3), hidden_interior = 0;
		long with[9], without[9], k = 5, maxv = 9;
		const long *layers[2] = {with, without};
		enum suppress_mark m[16], m1[16];

		for (size_t i = 0; i < rows * cols; i++) {
			with[i] = count(maxv);
			without[i] = count(maxv);
		}
		assert_int_equal(suppress_layers(m, layers, 2, rows, cols, k), 0);
		if (!suppress_layers_safe(m, layers, 2, rows, cols, k)) {
			print_table(with, rows, cols, m);
			print_table(without, rows, cols, m);
			fail_msg("table %d: the library's own check fails", t);
		}
		assert_int_equal(determined(m, rows, cols, NULL), 0);
		/* one layer alone is not enough: the layered pattern hides at
		 * least what each layer's own pattern hides... */
		for (size_t l = 0; l < 2; l++) {
			assert_int_equal(suppress_table(m1, layers[l], rows, cols, k), 0);
			for (size_t i = 0; i < (rows + 1) * (cols + 1); i++)
				if (m1[i] == SUPPRESS_PRIMARY && m[i] == SUPPRESS_NONE)
					fail_msg("table %d: a small cell of layer %zu is shown", t, l);
			extra += !suppress_layers_safe(m1, layers, 2, rows, cols, k);
		}
		for (size_t i = 0; i < rows; i++)
			for (size_t j = 0; j < cols; j++)
				hidden_interior += m[i * (cols + 1) + j] != SUPPRESS_NONE;
		if (hidden_interior > 5)
			continue;
		tables++;
		for (size_t l = 0; l < 2; l++)
			if (!brute_force_layer(layers[l], rows, cols, m, maxv + 1, true)) {
				print_table(with, rows, cols, m);
				print_table(without, rows, cols, m);
				fail_msg("table %d: a hidden count of layer %zu can be worked out", t, l);
			}
	}
	/* ... and often a single layer's pattern would leave the other layer
	 * open: the layers matter */
	if (tables < 150 || extra < 50)
		fail_msg("only %zu tables brute-forced, %zu single-layer patterns unsafe", tables, extra);
	/* a single layer is suppress_table */
	{
		static const long cells[] = {3, 10, 20, 30};
		const long *one[1] = {cells};
		enum suppress_mark a[9], b[9];

		assert_int_equal(suppress_layers(a, one, 1, 2, 2, 5), 0);
		assert_int_equal(suppress_table(b, cells, 2, 2, 5), 0);
		assert_memory_equal(a, b, sizeof a);
	}
	/* with = 0 and without = 3: the cell is hidden for the second layer.
	 * In the first layer it is zero, so it is no edge of that layer's
	 * graph (a conservative choice: a zero may take only +1 on a cycle),
	 * and the first layer's hidden cells need a cycle of their own through
	 * the totals of row 0, row 1 and the column totals. */
	{
		static const long with0[] = {0, 10, 20, 30}, rest[] = {3, 10, 20, 30};
		const long *two[2] = {with0, rest};
		enum suppress_mark a[9];
		char got[16];

		assert_int_equal(suppress_layers(a, two, 2, 2, 2, 5), 0);
		pattern(got, sizeof got, a, 2, 2);
		assert_string_equal(got, "PCC|CCC|CC.");
		assert_true(suppress_layers_safe(a, two, 2, 2, 2, 5));
		assert_true(brute_force_layer(with0, 2, 2, a, 61, true));
		assert_true(brute_force_layer(rest, 2, 2, a, 61, true));
		a[2] = SUPPRESS_NONE; /* row 0's total shown: its cells follow in the first layer */
		assert_false(suppress_layers_safe(a, two, 2, 2, 2, 5));
		a[2] = SUPPRESS_COMPLEMENTARY;
		a[1] = SUPPRESS_NONE;
		assert_false(suppress_layers_safe(a, two, 2, 2, 2, 5));
	}
}

/* --- measurement breakdowns ------------------------------------------------------------ */

static struct point count_pt(double v)
{
	struct point p = {0};

	p.has_value = true;
	p.value = v;
	p.parts = 1;
	return p;
}

static struct point prop_pt(double num, double den)
{
	struct point p = {0};

	p.num = num;
	p.den = den;
	p.has_value = den > 0;
	p.value = den > 0 ? 100 * num / den : 0;
	p.parts = 1;
	return p;
}

static void test_point_counts(void **state)
{
	long c[2];
	struct point p = prop_pt(38, 40), m = {0}, none = {0}, neg = count_pt(-3);

	(void)state;
	assert_int_equal(suppress_point_counts(c, MEASURE_PROPORTION, &p), 2);
	assert_int_equal(c[0], 38);
	assert_int_equal(c[1], 2); /* those without: 2 persons */
	assert_int_equal(suppress_point_counts(c, MEASURE_RATE, &p), 2);
	assert_int_equal(c[1], 40);
	m.has_value = true;
	m.value = 23.5;
	m.n = 4;
	m.parts = 1;
	assert_int_equal(suppress_point_counts(c, MEASURE_MEAN, &m), 1);
	assert_int_equal(c[0], 4);
	assert_int_equal(suppress_point_counts(c, MEASURE_COUNT, &none), 1);
	assert_int_equal(c[0], 0);
	assert_int_equal(suppress_point_counts(c, MEASURE_COUNT, &neg), 0); /* not a count of persons */
}

/* Totals that are the sums of their cells: no residual; a small cell is
 * hidden with its complements, exactly as suppress_table would. */
static void test_breakdown_adds_up(void **state)
{
	/* 2 units × 2 groups, bordered */
	struct point in[9] = {count_pt(3), count_pt(10), count_pt(13), count_pt(20), count_pt(30),
			      count_pt(50), count_pt(23), count_pt(40), count_pt(63)};
	static const long cells[] = {3, 10, 20, 30};
	enum suppress_mark want[9];
	struct suppress_breakdown b;

	(void)state;
	assert_int_equal(suppress_breakdown(&b, MEASURE_COUNT, 0, in, 2, 2, 5), 0);
	assert_true(b.consistent);
	assert_false(b.residual_row);
	assert_false(b.residual_col);
	assert_int_equal(suppress_table(want, cells, 2, 2, 5), 0);
	assert_memory_equal(b.marks, want, sizeof want);
	suppress_breakdown_free(&b);
}

/* A total reported on its own (the organisation's 70, its parts 63): a
 * residual row and column of 7 make the table add up, and the pattern is
 * safe over the completed table. */
static void test_breakdown_residual(void **state)
{
	struct point in[9] = {count_pt(3), count_pt(10), count_pt(13), count_pt(20), count_pt(30),
			      count_pt(50), count_pt(23), count_pt(40), count_pt(70)};
	struct suppress_breakdown b;
	long cells[9];

	(void)state;
	assert_int_equal(suppress_breakdown(&b, MEASURE_COUNT, 0, in, 2, 2, 5), 0);
	assert_true(b.consistent);
	assert_true(b.residual_row);
	assert_true(b.residual_col);
	assert_int_equal(b.rows, 3);
	assert_int_equal(b.cols, 3);
	/* the residual row: 0, 0, 7 | 7; the residual column: 0, 0, 7 | 7 */
	assert_true(b.cells[2 * 4 + 2].value == 7);
	assert_true(b.cells[2 * 4 + 3].value == 7);
	assert_true(b.cells[3 * 4 + 2].value == 7);
	assert_true(b.cells[3 * 4 + 3].value == 70);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 3; j++)
			cells[i * 3 + j] = lround(b.cells[i * 4 + j].value);
	assert_true(suppress_table_safe(b.marks, cells, 3, 3, 5));
	assert_int_equal(determined(b.marks, 3, 3, NULL), 0);
	assert_int_equal(b.marks[0], SUPPRESS_PRIMARY);
	suppress_breakdown_free(&b);
}

/* Parts larger than a total (a unit reported 40 for itself, its groups 43):
 * inconsistent, only the grand total may be shown. */
static void test_breakdown_inconsistent(void **state)
{
	struct point in[9] = {count_pt(13), count_pt(30), count_pt(40), count_pt(20), count_pt(30),
			      count_pt(50), count_pt(33), count_pt(60), count_pt(90)};
	struct suppress_breakdown b;

	(void)state;
	assert_int_equal(suppress_breakdown(&b, MEASURE_COUNT, 0, in, 2, 2, 5), 0);
	assert_false(b.consistent);
	for (size_t i = 0; i + 1 < (b.rows + 1) * (b.cols + 1); i++)
		assert_int_not_equal(b.marks[i], SUPPRESS_NONE);
	assert_int_equal(b.marks[(b.rows + 1) * (b.cols + 1) - 1], SUPPRESS_NONE);
	suppress_breakdown_free(&b);
	/* the grand total alone, small: hidden */
	{
		struct point one[1] = {count_pt(3)};

		assert_int_equal(suppress_breakdown(&b, MEASURE_COUNT, 0, one, 0, 0, 5), 0);
		assert_int_equal(b.marks[0], SUPPRESS_PRIMARY);
		suppress_breakdown_free(&b);
	}
}

/* A proportion of 38 of 40 tells about 2 persons: hidden. */
static void test_breakdown_proportion(void **state)
{
	struct point in[9] = {prop_pt(38, 40), prop_pt(20, 40), prop_pt(58, 80), prop_pt(30, 60), prop_pt(25, 50),
			      prop_pt(55, 110), prop_pt(68, 100), prop_pt(45, 90), prop_pt(113, 190)};
	struct suppress_breakdown b;

	(void)state;
	assert_int_equal(suppress_breakdown(&b, MEASURE_PROPORTION, 0, in, 2, 2, 5), 0);
	assert_true(b.consistent);
	assert_int_equal(b.marks[0], SUPPRESS_PRIMARY);
	assert_int_not_equal(b.marks[1], SUPPRESS_NONE);
	assert_int_not_equal(b.marks[3], SUPPRESS_NONE);
	suppress_breakdown_free(&b);
}

static void test_safe_check_and_input(void **state)
{
	static const long cells[] = {3, 10, 20, 30};
	static const long negative[] = {3, -1, 20, 30};
	enum suppress_mark m[9];

	(void)state;
	assert_int_equal(suppress_table(m, cells, 2, 2, 5), 0);
	assert_true(suppress_table_safe(m, cells, 2, 2, 5));
	m[0] = SUPPRESS_NONE; /* the primary shown */
	assert_false(suppress_table_safe(m, cells, 2, 2, 5));
	memset(m, 0, sizeof m);
	assert_false(suppress_table_safe(m, cells, 2, 2, 5));
	assert_true(suppress_table_safe(m, cells, 2, 2, 3)); /* nothing below 3 */
	/* a hidden zero is not trusted */
	{
		static const long z[] = {0, 10, 20, 30};

		assert_int_equal(suppress_table(m, z, 2, 2, 5), 0);
		m[0] = m[1] = m[3] = m[4] = SUPPRESS_COMPLEMENTARY;
		assert_false(suppress_table_safe(m, z, 2, 2, 5));
	}
	assert_int_equal(suppress_table(m, negative, 2, 2, 5), PEJL_EINPUT);
	assert_string_equal(err_last(), "cell 1 of the table is -1; counts are not negative");
	assert_string_equal(suppress_mark_name(SUPPRESS_COMPLEMENTARY), "complementary");
}

static void test_small_n(void **state)
{
	static const struct {
		size_t n;
		long k;
		bool hide;
	} rows[] = {
	    {0, 5, false}, {1, 5, true}, {4, 5, true}, {5, 5, false}, {2, 3, true}, {3, 3, false}, {100, 5, false},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++)
		if (suppress_small_n(rows[i].n, rows[i].k) != rows[i].hide)
			fail_msg("n %zu, k %ld", rows[i].n, rows[i].k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_two_per_line_is_not_enough),
	    cmocka_unit_test(test_checkers_see_a_disclosure),
	    cmocka_unit_test(test_random_small_tables_brute_force),
	    cmocka_unit_test(test_random_larger_tables_linear_algebra),
	    cmocka_unit_test(test_big_table),
	    cmocka_unit_test(test_layers),
	    cmocka_unit_test(test_point_counts),
	    cmocka_unit_test(test_breakdown_adds_up),
	    cmocka_unit_test(test_breakdown_residual),
	    cmocka_unit_test(test_breakdown_inconsistent),
	    cmocka_unit_test(test_breakdown_proportion),
	    cmocka_unit_test(test_safe_check_and_input),
	    cmocka_unit_test(test_small_n),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
