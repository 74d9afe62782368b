/*
 * test_stats.c — unit tests for src/core/stats.h: the normal and Student t
 * distributions, the regularized incomplete beta function, and the two
 * significance tests of DESIGN §3 rule 5 (two-proportion z-test with pooled
 * variance, Welch's t-test).
 *
 * Reference values are exact where a closed form exists (noted per row) and
 * otherwise computed to 30 digits with mpmath; the test statistics are
 * worked by hand in the comments next to each row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/stats.h"

#include <math.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Prints the row's name and the detail; the test fails after the loop so
 * every failing row is listed, not only the first. */
#define ROW_CHECK(bad, row, cond, ...)                                                                                 \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			print_error("row \"%s\": ", (row)->name);                                                      \
			print_error(__VA_ARGS__);                                                                      \
			print_error("\n");                                                                             \
			(bad)++;                                                                                       \
		}                                                                                                      \
	} while (0)

/* --- distributions --------------------------------------------------------- */

enum dist { NORM, STUDENT_T, BETAINC };

struct dist_row {
	const char *name;
	enum dist f;
	double a, b, x; /* norm: x; t: x = t, a = df; betainc: a, b, x */
	double expected;
	double tol;
};

static const struct dist_row dist_rows[] = {
    {"normal: 1.96 is the 97.5 % quantile", NORM, 0, 0, 1.96, 0.975002104851780, 1e-9},
    {"normal: symmetric at -1.96", NORM, 0, 0, -1.96, 0.024997895148220, 1e-9},
    {"normal: one sd", NORM, 0, 0, 1.0, 0.841344746068543, 1e-9},
    {"normal: zero is the median", NORM, 0, 0, 0.0, 0.5, 1e-12},
    {"normal: far tail", NORM, 0, 0, -8.0, 6.22096057427178e-16, 1e-18},
    {"t: 2.228 with 10 df is the 97.5 % quantile (table value)", STUDENT_T, 10, 0, 2.228, 0.975, 1e-4},
    {"t: 2.228 with 10 df, exact", STUDENT_T, 10, 0, 2.228, 0.974994114091444, 1e-8},
    /* df = 1 is the Cauchy distribution: 1/2 + atan(t)/pi = 0.75 at t = 1 */
    {"t: Cauchy at 1 (df 1)", STUDENT_T, 1, 0, 1.0, 0.75, 1e-10},
    {"t: Cauchy at -1 (df 1)", STUDENT_T, 1, 0, -1.0, 0.25, 1e-10},
    /* df = 2 has the closed form 1/2 + t/(2 sqrt(2 + t^2)) = 0.5 + 2/(2 sqrt 6) */
    {"t: closed form for df 2", STUDENT_T, 2, 0, 2.0, 0.908248290463863, 1e-10},
    {"t: lower tail, df 3", STUDENT_T, 3, 0, -2.5, 0.0438533235040328, 1e-10},
    {"t: fractional df (Welch)", STUDENT_T, 30.5, 0, 1.5, 0.928052109882913, 1e-9},
    {"t: zero is the median", STUDENT_T, 7, 0, 0.0, 0.5, 1e-12},
    {"t: large df approaches the normal", STUDENT_T, 100000, 0, 2.0, 0.977248518271206, 1e-8},
    /* I_x(2,3) = sum_{j=2..4} C(4,j) x^j (1-x)^(4-j) = .3456 + .1536 + .0256 */
    {"betainc: binomial identity I_0.4(2,3)", BETAINC, 2, 3, 0.4, 0.5248, 1e-10},
    {"betainc: I_x(a,1) = x^a", BETAINC, 2, 1, 0.3, 0.09, 1e-10},
    {"betainc: I_x(1,b) = 1-(1-x)^b", BETAINC, 1, 3, 0.3, 0.657, 1e-10},
    {"betainc: I_x(1,1) = x", BETAINC, 1, 1, 0.37, 0.37, 1e-12},
    {"betainc: symmetric at one half", BETAINC, 10, 10, 0.5, 0.5, 1e-10},
    /* arcsine law: I_x(1/2,1/2) = (2/pi) asin(sqrt x) */
    {"betainc: arcsine I_0.2(1/2,1/2)", BETAINC, 0.5, 0.5, 0.2, 0.295167235300867, 1e-10},
    {"betainc: upper branch I_0.9(5,2.5)", BETAINC, 5, 2.5, 0.9, 0.944666181391490, 1e-9},
    {"betainc: skewed I_0.95(30,1/2)", BETAINC, 30, 0.5, 0.95, 0.0806294269064306, 1e-9},
    {"betainc: x = 0", BETAINC, 2, 3, 0.0, 0.0, 0},
    {"betainc: x = 1", BETAINC, 2, 3, 1.0, 1.0, 0},
    {"betainc: below 0 clamps to 0", BETAINC, 2, 3, -0.5, 0.0, 0},
    {"betainc: above 1 clamps to 1", BETAINC, 2, 3, 1.5, 1.0, 0},
};

static void test_distributions(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(dist_rows); i++) {
		const struct dist_row *row = &dist_rows[i];
		double got = row->f == NORM        ? stats_norm_cdf(row->x)
		             : row->f == STUDENT_T ? stats_t_cdf(row->x, row->a)
		                                   : stats_betainc(row->a, row->b, row->x);

		ROW_CHECK(bad, row, fabs(got - row->expected) <= row->tol, "got %.15g, expected %.15g (±%g)", got,
		          row->expected, row->tol);
	}
	assert_int_equal(bad, 0);
}

/* --- significance tests ------------------------------------------------------ */

enum test_kind { TWO_PROP, WELCH };

struct test_row {
	const char *name;
	enum test_kind kind;
	/* TWO_PROP: p1, n1, p2, n2 in a[0..3]; WELCH: m1, sd1, n1, m2, sd2, n2 */
	double a[6];
	bool ok;
	double statistic, df, p; /* df only for Welch */
	bool significant;
};

static const struct test_row test_rows[] = {
    /* pooled = (400 + 450)/2000 = 0.425;
     * se = sqrt(0.425 * 0.575 * (1/1000 + 1/1000)) = sqrt(0.00048875) = 0.0221077;
     * z = (0.45 - 0.40)/0.0221077 = 2.26166; p = 2(1 - Φ(2.26166)) = 0.02372 */
    {"two proportions: 40 % vs 45 % of 1000 is significant",
     TWO_PROP,
     {0.40, 1000, 0.45, 1000},
     true,
     2.26165636515950,
     0,
     0.0237186426321914,
     true},
    /* same proportions, n = 50: se = sqrt(0.425 * 0.575 * 0.04) = 0.0988686;
     * z = 0.05/0.0988686 = 0.505722; p = 0.6131 */
    {"two proportions: 40 % vs 45 % of 50 is not significant",
     TWO_PROP,
     {0.40, 50, 0.45, 50},
     true,
     0.505721737424174,
     0,
     0.613052006190557,
     false},
    /* unequal sizes, a fall: pooled = (60 + 60)/500 = 0.24;
     * se = sqrt(0.24 * 0.76 * (1/200 + 1/300)) = sqrt(0.00152) = 0.0389872;
     * z = (0.2 - 0.3)/0.0389872 = -2.56495; p = 0.01032 */
    {"two proportions: a significant fall gives a negative z",
     TWO_PROP,
     {0.30, 200, 0.20, 300},
     true,
     -2.56494588021289,
     0,
     0.0103191899080349,
     true},
    {"two proportions: no difference", TWO_PROP, {0.35, 400, 0.35, 500}, true, 0, 0, 1, false},
    /* both 0 (or both 1): pooled variance 0, so se = 0; no difference */
    {"two proportions: both 0 % (se 0)", TWO_PROP, {0, 100, 0, 100}, true, 0, 0, 1, false},
    {"two proportions: both 100 % (se 0)", TWO_PROP, {1, 100, 1, 80}, true, 0, 0, 1, false},
    {"two proportions: n1 = 0 cannot be tested", TWO_PROP, {0.4, 0, 0.45, 100}, false, 0, 0, 0, false},
    {"two proportions: n2 < 0 cannot be tested", TWO_PROP, {0.4, 100, 0.45, -5}, false, 0, 0, 0, false},
    {"two proportions: a proportion above 1 cannot be tested", TWO_PROP, {1.2, 100, 0.45, 100}, false, 0, 0, 0, false},
    /* v1 = 10²/100 = 1, v2 = 12²/80 = 1.8; se = sqrt(2.8) = 1.673320;
     * t = (53 - 50)/1.673320 = 1.792843;
     * df = 2.8² / (1²/99 + 1.8²/79) = 7.84 / (0.0101010 + 0.0410127) = 153.384;
     * p = 2(1 - T_153.384(1.792843)) = 0.07497 */
    {"Welch: unequal sd and n, not significant",
     WELCH,
     {50, 10, 100, 53, 12, 80},
     true,
     1.79284291400159,
     153.383630178107,
     0.0749686959599005,
     false},
    /* v1 = v2 = 1; t = 3/sqrt 2 = 2.121320; df = 4/(1/99 + 1/99) = 198; p = 0.03514 */
    {"Welch: equal groups of 100, significant",
     WELCH,
     {50, 10, 100, 53, 10, 100},
     true,
     2.12132034355964,
     198,
     0.0351386642049665,
     true},
    /* v1 = v2 = 100/30; t = 3/sqrt(6.6667) = 1.161895; df = 58; p = 0.2500 */
    {"Welch: equal groups of 30, not significant",
     WELCH,
     {50, 10, 30, 53, 10, 30},
     true,
     1.16189500386223,
     58,
     0.250037184591258,
     false},
    /* v1 = 16/10 = 1.6, v2 = 4/5 = 0.8; t = (16 - 20)/sqrt 2.4 = -2.581989;
     * df = 2.4² / (1.6²/9 + 0.8²/4) = 5.76 / (0.284444 + 0.16) = 12.96; p = 0.02282 */
    {"Welch: a fall, small samples",
     WELCH,
     {20, 4, 10, 16, 2, 5},
     true,
     -2.58198889747161,
     12.96,
     0.0228161356663539,
     true},
    {"Welch: n1 = 1 cannot be tested", WELCH, {50, 10, 1, 53, 10, 100}, false, 0, 0, 0, false},
    {"Welch: n2 = 0 cannot be tested", WELCH, {50, 10, 100, 53, 10, 0}, false, 0, 0, 0, false},
    {"Welch: negative sd cannot be tested", WELCH, {50, -1, 100, 53, 10, 100}, false, 0, 0, 0, false},
    {"Welch: NaN sd cannot be tested", WELCH, {50, NAN, 100, 53, 10, 100}, false, 0, 0, 0, false},
    /* se 0: both groups without spread */
    {"Welch: zero spread, same mean: no difference", WELCH, {50, 0, 10, 50, 0, 10}, true, 0, 18, 1, false},
    {"Welch: zero spread, different means: certain difference", WELCH, {50, 0, 10, 51, 0, 10}, true, 0, 18, 0, true},
};

static void test_significance(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(test_rows); i++) {
		const struct test_row *row = &test_rows[i];
		const double *a = row->a;
		struct test_result r = row->kind == TWO_PROP ? stats_two_proportion(a[0], a[1], a[2], a[3])
		                                             : stats_welch(a[0], a[1], a[2], a[3], a[4], a[5]);

		ROW_CHECK(bad, row, r.ok == row->ok, "ok %d, expected %d", r.ok, row->ok);
		if (!row->ok || !r.ok) {
			ROW_CHECK(bad, row, !r.significant, "an impossible test says significant");
			continue;
		}
		ROW_CHECK(bad, row, fabs(r.statistic - row->statistic) <= 1e-9 * (1 + fabs(row->statistic)),
		          "statistic %.15g, expected %.15g", r.statistic, row->statistic);
		if (row->kind == WELCH)
			ROW_CHECK(bad, row, fabs(r.df - row->df) <= 1e-9 * (1 + row->df), "df %.15g, expected %.15g",
			          r.df, row->df);
		ROW_CHECK(bad, row, fabs(r.p - row->p) <= 1e-8, "p %.15g, expected %.15g", r.p, row->p);
		ROW_CHECK(bad, row, r.significant == row->significant, "significant %d, expected %d", r.significant,
		          row->significant);
		ROW_CHECK(bad, row, r.significant == (r.p < 0.05), "significant %d disagrees with p %.6g < 0.05",
		          r.significant, r.p);
	}
	assert_int_equal(bad, 0);
}

/* Swapping the two samples flips the sign of the statistic and keeps p. */
static void test_significance_symmetry(void **state)
{
	struct test_result a = stats_two_proportion(0.40, 1000, 0.45, 1000);
	struct test_result b = stats_two_proportion(0.45, 1000, 0.40, 1000);
	struct test_result c = stats_welch(50, 10, 100, 53, 12, 80);
	struct test_result d = stats_welch(53, 12, 80, 50, 10, 100);

	(void)state;
	assert_true(a.ok && b.ok && c.ok && d.ok);
	assert_float_equal(a.statistic, -b.statistic, 1e-12);
	assert_float_equal(a.p, b.p, 1e-12);
	assert_float_equal(c.statistic, -d.statistic, 1e-12);
	assert_float_equal(c.df, d.df, 1e-9);
	assert_float_equal(c.p, d.p, 1e-12);
}

/* The t distribution's CDF is monotone and stays inside [0, 1]. */
static void test_t_cdf_monotone(void **state)
{
	static const double dfs[] = {0.5, 1, 2.7, 10, 58, 1000};

	(void)state;
	for (size_t k = 0; k < N(dfs); k++) {
		double last = 0;

		for (double t = -40; t <= 40; t += 0.25) {
			double c = stats_t_cdf(t, dfs[k]);

			if (!(c >= last - 1e-15 && c <= 1)) {
				print_error("df %g: cdf(%g) = %.17g after %.17g\n", dfs[k], t, c, last);
				fail();
			}
			last = c;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_distributions),
	    cmocka_unit_test(test_significance),
	    cmocka_unit_test(test_significance_symmetry),
	    cmocka_unit_test(test_t_cdf_monotone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
