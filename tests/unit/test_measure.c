/*
 * test_measure.c — unit tests for src/core/measure.h: which fields each
 * measure type needs in each state (measure_check), the displayed value of
 * one observation (measure_value), and aggregation (acc_add, acc_merge,
 * acc_point) by the rules of DESIGN §2: counts sum, proportions and rates
 * are Σnum/Σden, means pool by n (with a pooled sd only when every part has
 * one) — never an average of percentages. States combine as documented in
 * docs/status-rules.md: any break → break, else any estimate → estimate,
 * missing rows contribute nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/measure.h"

#include <math.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ROW_CHECK(bad, row, cond, ...)                                                                                 \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			print_error("row \"%s\": ", (row)->name);                                                      \
			print_error(__VA_ARGS__);                                                                      \
			print_error("\n");                                                                             \
			(bad)++;                                                                                       \
		}                                                                                                      \
	} while (0)

/* Field shorthands for struct obs_values. */
#define VAL(x) .has_value = true, .value = (x)
#define NUM(x) .has_num = true, .num = (x)
#define DEN(x) .has_den = true, .den = (x)
#define NN(x)  .has_n = true, .n = (x)
#define SD(x)  .has_sd = true, .sd = (x)

static bool close_to(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (1 + fabs(b));
}

/* --- state names ----------------------------------------------------------- */

static void test_obs_state_names(void **state)
{
	static const char *const names[] = {"ok", "estimate", "break", "missing"};

	(void)state;
	for (int i = 0; i < 4; i++) {
		enum obs_state s = OBS_MISSING;

		assert_string_equal(obs_state_name((enum obs_state)i), names[i]);
		assert_true(obs_state_parse(&s, names[i]));
		assert_int_equal(s, i);
	}
	assert_false(obs_state_parse(&(enum obs_state){OBS_OK}, "OK"));
	assert_false(obs_state_parse(&(enum obs_state){OBS_OK}, ""));
	assert_false(obs_state_parse(&(enum obs_state){OBS_OK}, "brud"));
}

/* --- measure_check ------------------------------------------------------------ */

struct check_row {
	const char *name;
	enum measure m;
	double factor;
	enum obs_state st;
	struct obs_values v;
	const char *field; /* NULL: accepted; else the field named in the refusal */
};

static const struct check_row check_rows[] = {
    /* count */
    {"count: a value", MEASURE_COUNT, 0, OBS_OK, {VAL(1581)}, NULL},
    {"count: zero is a value", MEASURE_COUNT, 0, OBS_OK, {VAL(0)}, NULL},
    {"count: estimate", MEASURE_COUNT, 0, OBS_ESTIMATE, {VAL(1581)}, NULL},
    {"count: break", MEASURE_COUNT, 0, OBS_BREAK, {VAL(1581)}, NULL},
    {"count: missing without numbers", MEASURE_COUNT, 0, OBS_MISSING, {0}, NULL},
    {"count: missing with a value", MEASURE_COUNT, 0, OBS_MISSING, {VAL(3)}, "value"},
    {"count: value required", MEASURE_COUNT, 0, OBS_OK, {0}, "value"},
    {"count: value required in an estimate", MEASURE_COUNT, 0, OBS_ESTIMATE, {0}, "value"},
    {"count: value required in a break", MEASURE_COUNT, 0, OBS_BREAK, {0}, "value"},
    {"count: negative count", MEASURE_COUNT, 0, OBS_OK, {VAL(-1)}, "value"},
    {"count: numerator forbidden", MEASURE_COUNT, 0, OBS_OK, {VAL(5), NUM(5)}, "numerator"},
    {"count: denominator forbidden", MEASURE_COUNT, 0, OBS_OK, {VAL(5), DEN(5)}, "denominator"},
    {"count: n forbidden", MEASURE_COUNT, 0, OBS_OK, {VAL(5), NN(5)}, "n"},
    {"count: sd forbidden", MEASURE_COUNT, 0, OBS_OK, {VAL(5), SD(1)}, "sd"},
    {"count: NaN", MEASURE_COUNT, 0, OBS_OK, {VAL(NAN)}, "value"},
    {"count: infinity", MEASURE_COUNT, 0, OBS_OK, {VAL(INFINITY)}, "value"},
    /* proportion */
    {"proportion: numerator and denominator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(40), DEN(1000)}, NULL},
    {"proportion: estimate", MEASURE_PROPORTION, 0, OBS_ESTIMATE, {NUM(40), DEN(1000)}, NULL},
    {"proportion: break", MEASURE_PROPORTION, 0, OBS_BREAK, {NUM(40), DEN(1000)}, NULL},
    {"proportion: missing without numbers", MEASURE_PROPORTION, 0, OBS_MISSING, {0}, NULL},
    {"proportion: missing with a numerator", MEASURE_PROPORTION, 0, OBS_MISSING, {NUM(4)}, "numerator"},
    {"proportion: missing with a denominator", MEASURE_PROPORTION, 0, OBS_MISSING, {DEN(4)}, "denominator"},
    {"proportion: zero numerator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(0), DEN(10)}, NULL},
    {"proportion: numerator equal to denominator (100 %)", MEASURE_PROPORTION, 0, OBS_OK, {NUM(10), DEN(10)}, NULL},
    {"proportion: a percentage alone cannot be aggregated", MEASURE_PROPORTION, 0, OBS_OK, {VAL(40)}, "numerator"},
    {"proportion: denominator required", MEASURE_PROPORTION, 0, OBS_OK, {NUM(40)}, "denominator"},
    {"proportion: numerator required", MEASURE_PROPORTION, 0, OBS_OK, {DEN(40)}, "numerator"},
    {"proportion: numerator above denominator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(11), DEN(10)}, "numerator"},
    {"proportion: zero denominator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(0), DEN(0)}, "denominator"},
    {"proportion: negative denominator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(0), DEN(-10)}, "denominator"},
    {"proportion: negative numerator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(-1), DEN(10)}, "numerator"},
    {"proportion: value consistent with num/den", MEASURE_PROPORTION, 0, OBS_OK, {VAL(4), NUM(40), DEN(1000)}, NULL},
    {"proportion: value rounded as published (1/3 = 33.3)",
     MEASURE_PROPORTION,
     0,
     OBS_OK,
     {VAL(33.3), NUM(1), DEN(3)},
     NULL},
    {"proportion: value as a fraction, not percent",
     MEASURE_PROPORTION,
     0,
     OBS_OK,
     {VAL(0.04), NUM(40), DEN(1000)},
     "value"},
    {"proportion: value inconsistent with num/den",
     MEASURE_PROPORTION,
     0,
     OBS_OK,
     {VAL(45), NUM(40), DEN(100)},
     "value"},
    {"proportion: n forbidden", MEASURE_PROPORTION, 0, OBS_OK, {NUM(4), DEN(10), NN(10)}, "n"},
    {"proportion: sd forbidden", MEASURE_PROPORTION, 0, OBS_OK, {NUM(4), DEN(10), SD(1)}, "sd"},
    {"proportion: NaN numerator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(NAN), DEN(10)}, "numerator"},
    {"proportion: NaN denominator", MEASURE_PROPORTION, 0, OBS_OK, {NUM(1), DEN(NAN)}, "denominator"},
    {"proportion: NaN value", MEASURE_PROPORTION, 0, OBS_OK, {VAL(NAN), NUM(1), DEN(10)}, "value"},
    /* rate */
    {"rate: numerator and denominator", MEASURE_RATE, 1000, OBS_OK, {NUM(25), DEN(2000)}, NULL},
    {"rate: estimate", MEASURE_RATE, 1000, OBS_ESTIMATE, {NUM(25), DEN(2000)}, NULL},
    {"rate: break", MEASURE_RATE, 1000, OBS_BREAK, {NUM(25), DEN(2000)}, NULL},
    {"rate: missing without numbers", MEASURE_RATE, 1000, OBS_MISSING, {0}, NULL},
    {"rate: missing with numbers", MEASURE_RATE, 1000, OBS_MISSING, {NUM(25), DEN(2000)}, "numerator"},
    {"rate: numerator above denominator is fine (events per person)",
     MEASURE_RATE,
     1000,
     OBS_OK,
     {NUM(3), DEN(2)},
     NULL},
    {"rate: value consistent with factor", MEASURE_RATE, 1000, OBS_OK, {VAL(12.5), NUM(25), DEN(2000)}, NULL},
    {"rate: value without the factor", MEASURE_RATE, 1000, OBS_OK, {VAL(0.0125), NUM(25), DEN(2000)}, "value"},
    {"rate: value alone", MEASURE_RATE, 1000, OBS_OK, {VAL(12.5)}, "numerator"},
    {"rate: zero denominator", MEASURE_RATE, 1000, OBS_OK, {NUM(1), DEN(0)}, "denominator"},
    {"rate: negative numerator", MEASURE_RATE, 1000, OBS_OK, {NUM(-1), DEN(10)}, "numerator"},
    {"rate: n forbidden", MEASURE_RATE, 1000, OBS_OK, {NUM(1), DEN(10), NN(3)}, "n"},
    /* mean */
    {"mean: value and n", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(120)}, NULL},
    {"mean: value, n and sd", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(120), SD(0.8)}, NULL},
    {"mean: sd 0 is allowed", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(120), SD(0)}, NULL},
    {"mean: estimate", MEASURE_MEAN, 0, OBS_ESTIMATE, {VAL(3.2), NN(120)}, NULL},
    {"mean: break", MEASURE_MEAN, 0, OBS_BREAK, {VAL(3.2), NN(120)}, NULL},
    {"mean: missing without numbers", MEASURE_MEAN, 0, OBS_MISSING, {0}, NULL},
    {"mean: missing with n", MEASURE_MEAN, 0, OBS_MISSING, {NN(3)}, "n"},
    {"mean: missing with sd", MEASURE_MEAN, 0, OBS_MISSING, {SD(3)}, "sd"},
    {"mean: value required", MEASURE_MEAN, 0, OBS_OK, {NN(120)}, "value"},
    {"mean: n required", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2)}, "n"},
    {"mean: n zero", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(0)}, "n"},
    {"mean: n negative", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(-4)}, "n"},
    {"mean: negative sd", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(10), SD(-1)}, "sd"},
    {"mean: NaN sd", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(10), SD(NAN)}, "sd"},
    {"mean: NaN n", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(NAN)}, "n"},
    {"mean: numerator forbidden", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(10), NUM(1)}, "numerator"},
    {"mean: denominator forbidden", MEASURE_MEAN, 0, OBS_OK, {VAL(3.2), NN(10), DEN(1)}, "denominator"},
    {"mean: a negative mean is allowed (a change score)", MEASURE_MEAN, 0, OBS_OK, {VAL(-1.5), NN(10)}, NULL},
};

static void test_measure_check_table(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(check_rows); i++) {
		const struct check_row *row = &check_rows[i];
		const char *field = "(untouched)";
		const char *why = measure_check(row->m, row->factor, row->st, &row->v, &field);

		if (!row->field) {
			ROW_CHECK(bad, row, why == NULL, "refused (%s: %s), expected accepted", field, why);
			continue;
		}
		ROW_CHECK(bad, row, why != NULL, "accepted, expected a refusal naming %s", row->field);
		if (why) {
			ROW_CHECK(bad, row, field && strcmp(field, row->field) == 0, "names field %s, expected %s",
			          field ? field : "(null)", row->field);
			ROW_CHECK(bad, row, *why != '\0', "empty reason");
		}
	}
	assert_int_equal(bad, 0);
}

/* --- measure_value ------------------------------------------------------------- */

struct value_row {
	const char *name;
	enum measure m;
	double factor;
	struct obs_values v;
	bool ok;
	double value;
};

static const struct value_row value_rows[] = {
    {"count: the value", MEASURE_COUNT, 0, {VAL(1581)}, true, 1581},
    {"count: no value", MEASURE_COUNT, 0, {0}, false, 0},
    {"proportion: percent of num/den", MEASURE_PROPORTION, 0, {NUM(1), DEN(4)}, true, 25},
    {"proportion: num/den win over a given value", MEASURE_PROPORTION, 0, {VAL(24.9), NUM(1), DEN(4)}, true, 25},
    {"proportion: 99 of 100", MEASURE_PROPORTION, 0, {NUM(99), DEN(100)}, true, 99},
    {"proportion: zero denominator has no value", MEASURE_PROPORTION, 0, {NUM(0), DEN(0)}, false, 0},
    {"proportion: without numerator no value", MEASURE_PROPORTION, 0, {VAL(40), DEN(10)}, false, 0},
    {"rate: factor times num/den", MEASURE_RATE, 1000, {NUM(25), DEN(2000)}, true, 12.5},
    {"rate: factor 100000", MEASURE_RATE, 100000, {NUM(3), DEN(60000)}, true, 5},
    {"mean: the mean", MEASURE_MEAN, 0, {VAL(3.2), NN(10)}, true, 3.2},
    {"mean: no value", MEASURE_MEAN, 0, {NN(10)}, false, 0},
};

static void test_measure_value_table(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(value_rows); i++) {
		const struct value_row *row = &value_rows[i];
		double got = -12345;
		bool ok = measure_value(row->m, row->factor, &row->v, &got);

		ROW_CHECK(bad, row, ok == row->ok, "returned %d, expected %d", ok, row->ok);
		if (ok && row->ok)
			ROW_CHECK(bad, row, close_to(got, row->value), "value %.15g, expected %.15g", got, row->value);
	}
	assert_int_equal(bad, 0);
}

/* --- aggregation --------------------------------------------------------------- */

struct obs {
	enum obs_state st;
	struct obs_values v;
};

struct acc_row {
	const char *name;
	enum measure m;
	double factor;
	struct obs in[5];
	size_t nin;
	/* expected point */
	enum obs_state state;
	bool has_value;
	double value;
	double num, den; /* proportion, rate */
	double n;        /* mean */
	bool has_sd;
	double sd;
	unsigned parts;
};

#define OK(...)                                                                                                        \
	{                                                                                                              \
		OBS_OK,                                                                                                \
		{                                                                                                      \
			__VA_ARGS__                                                                                    \
		}                                                                                                      \
	}
#define EST(...)                                                                                                       \
	{                                                                                                              \
		OBS_ESTIMATE,                                                                                          \
		{                                                                                                      \
			__VA_ARGS__                                                                                    \
		}                                                                                                      \
	}
#define BRK(...)                                                                                                       \
	{                                                                                                              \
		OBS_BREAK,                                                                                             \
		{                                                                                                      \
			__VA_ARGS__                                                                                    \
		}                                                                                                      \
	}
#define MISS                                                                                                           \
	{                                                                                                              \
		OBS_MISSING,                                                                                           \
		{                                                                                                      \
			0                                                                                              \
		}                                                                                                      \
	}

static const struct acc_row acc_rows[] = {
    {"counts sum", MEASURE_COUNT, 0, {OK(VAL(12)), OK(VAL(30)), OK(VAL(0))}, 3, OBS_OK, true, 42, 0, 0, 0, false, 0, 3},
    {"a single count", MEASURE_COUNT, 0, {OK(VAL(1581))}, 1, OBS_OK, true, 1581, 0, 0, 0, false, 0, 1},
    /* 1/2 = 50 % and 99/100 = 99 %: the average of the percentages would be
     * 74.5 %, but 100 of 102 people is 98.04 % */
    {"proportions: 1/2 and 99/100 are 100/102, not the 74.5 % average",
     MEASURE_PROPORTION,
     0,
     {OK(NUM(1), DEN(2)), OK(NUM(99), DEN(100))},
     2,
     OBS_OK,
     true,
     100.0 * 100 / 102,
     100,
     102,
     0,
     false,
     0,
     2},
    {"proportions: a given value does not enter the sum",
     MEASURE_PROPORTION,
     0,
     {OK(VAL(40), NUM(40), DEN(100)), OK(VAL(10), NUM(10), DEN(100))},
     2,
     OBS_OK,
     true,
     25,
     50,
     200,
     0,
     false,
     0,
     2},
    {"proportions: zero of something",
     MEASURE_PROPORTION,
     0,
     {OK(NUM(0), DEN(5)), OK(NUM(0), DEN(7))},
     2,
     OBS_OK,
     true,
     0,
     0,
     12,
     0,
     false,
     0,
     2},
    /* 5/1000 = 5 ‰ and 15/3000 = 5 ‰: 20/4000 · 1000 = 5 */
    {"rates: Σnum/Σden times the factor",
     MEASURE_RATE,
     1000,
     {OK(NUM(5), DEN(1000)), OK(NUM(15), DEN(3000))},
     2,
     OBS_OK,
     true,
     5,
     20,
     4000,
     0,
     false,
     0,
     2},
    /* 1/100 = 10 ‰ and 9/900 = 10 ‰ but 10/1000 = 10 ‰; with 1/100 and 30/1000
     * the average of rates would be 20 ‰, the pooled rate is 31/1100 = 28.18 ‰ */
    {"rates: not an average of rates",
     MEASURE_RATE,
     1000,
     {OK(NUM(1), DEN(100)), OK(NUM(30), DEN(1000))},
     2,
     OBS_OK,
     true,
     1000.0 * 31 / 1100,
     31,
     1100,
     0,
     false,
     0,
     2},
    /* (10·10 + 20·30) / 40 = 700/40 = 17.5, not (10 + 20)/2 = 15 */
    {"means pool by n",
     MEASURE_MEAN,
     0,
     {OK(VAL(10), NN(10)), OK(VAL(20), NN(30))},
     2,
     OBS_OK,
     true,
     17.5,
     0,
     0,
     40,
     false,
     0,
     2},
    /* group 1: mean 10, sd 2, n 5; group 2: mean 10, sd 2, n 5: same means,
     * SS = 2·(4·4) = 32, pooled sd = sqrt(32/9) */
    {"means with sd: same means pool the spread",
     MEASURE_MEAN,
     0,
     {OK(VAL(10), NN(5), SD(2)), OK(VAL(10), NN(5), SD(2))},
     2,
     OBS_OK,
     true,
     10,
     0,
     0,
     10,
     true,
     1.8856180831641267,
     2},
    /* group 1: 0, n 2, sd 0; group 2: 2, n 2, sd 0 → raw data 0 0 2 2:
     * mean 1, SS = 4, sd = sqrt(4/3) */
    {"means with sd: spread between groups counts",
     MEASURE_MEAN,
     0,
     {OK(VAL(0), NN(2), SD(0)), OK(VAL(2), NN(2), SD(0))},
     2,
     OBS_OK,
     true,
     1,
     0,
     0,
     4,
     true,
     1.1547005383792515,
     2},
    {"means: sd dropped when one part lacks it",
     MEASURE_MEAN,
     0,
     {OK(VAL(10), NN(5), SD(2)), OK(VAL(20), NN(5))},
     2,
     OBS_OK,
     true,
     15,
     0,
     0,
     10,
     false,
     0,
     2},
    {"means: sd dropped when the first part lacks it",
     MEASURE_MEAN,
     0,
     {OK(VAL(20), NN(5)), OK(VAL(10), NN(5), SD(2))},
     2,
     OBS_OK,
     true,
     15,
     0,
     0,
     10,
     false,
     0,
     2},
    {"means: one part keeps its sd",
     MEASURE_MEAN,
     0,
     {OK(VAL(3.2), NN(120), SD(0.8))},
     1,
     OBS_OK,
     true,
     3.2,
     0,
     0,
     120,
     true,
     0.8,
     1},
    {"states: ok and estimate give estimate",
     MEASURE_COUNT,
     0,
     {OK(VAL(1)), EST(VAL(2))},
     2,
     OBS_ESTIMATE,
     true,
     3,
     0,
     0,
     0,
     false,
     0,
     2},
    {"states: ok and break give break",
     MEASURE_COUNT,
     0,
     {OK(VAL(1)), BRK(VAL(2))},
     2,
     OBS_BREAK,
     true,
     3,
     0,
     0,
     0,
     false,
     0,
     2},
    {"states: estimate and break give break",
     MEASURE_COUNT,
     0,
     {EST(VAL(1)), BRK(VAL(2)), OK(VAL(4))},
     3,
     OBS_BREAK,
     true,
     7,
     0,
     0,
     0,
     false,
     0,
     3},
    {"states: a missing row contributes nothing",
     MEASURE_COUNT,
     0,
     {OK(VAL(5)), MISS},
     2,
     OBS_OK,
     true,
     5,
     0,
     0,
     0,
     false,
     0,
     1},
    {"states: a missing row does not make an estimate",
     MEASURE_PROPORTION,
     0,
     {MISS, EST(NUM(1), DEN(4)), MISS},
     3,
     OBS_ESTIMATE,
     true,
     25,
     1,
     4,
     0,
     false,
     0,
     1},
    {"states: only missing rows give no value",
     MEASURE_COUNT,
     0,
     {MISS, MISS},
     2,
     OBS_MISSING,
     false,
     0,
     0,
     0,
     0,
     false,
     0,
     0},
    {"states: nothing at all gives no value", MEASURE_MEAN, 0, {{0}}, 0, OBS_MISSING, false, 0, 0, 0, 0, false, 0, 0},
    {"states: a missing mean row keeps the sd of the others",
     MEASURE_MEAN,
     0,
     {OK(VAL(10), NN(5), SD(2)), MISS, OK(VAL(10), NN(5), SD(2))},
     3,
     OBS_OK,
     true,
     10,
     0,
     0,
     10,
     true,
     1.8856180831641267,
     2},
};

static void check_point(int *bad, const struct acc_row *row, const char *how, const struct point *pt, struct period p)
{
	ROW_CHECK(*bad, row, pt->period.kind == p.kind && period_cmp(pt->period, p) == 0, "%s: wrong period", how);
	ROW_CHECK(*bad, row, pt->state == row->state, "%s: state %s, expected %s", how, obs_state_name(pt->state),
	          obs_state_name(row->state));
	ROW_CHECK(*bad, row, pt->has_value == row->has_value, "%s: has_value %d, expected %d", how, pt->has_value,
	          row->has_value);
	ROW_CHECK(*bad, row, pt->parts == row->parts, "%s: parts %u, expected %u", how, pt->parts, row->parts);
	if (!row->has_value || !pt->has_value)
		return;
	ROW_CHECK(*bad, row, close_to(pt->value, row->value), "%s: value %.15g, expected %.15g", how, pt->value,
	          row->value);
	if (row->m == MEASURE_PROPORTION || row->m == MEASURE_RATE)
		ROW_CHECK(*bad, row, close_to(pt->num, row->num) && close_to(pt->den, row->den),
		          "%s: num/den %g/%g, expected %g/%g", how, pt->num, pt->den, row->num, row->den);
	if (row->m == MEASURE_MEAN) {
		ROW_CHECK(*bad, row, close_to(pt->n, row->n), "%s: n %g, expected %g", how, pt->n, row->n);
		ROW_CHECK(*bad, row, pt->has_sd == row->has_sd, "%s: has_sd %d, expected %d", how, pt->has_sd,
		          row->has_sd);
		if (pt->has_sd && row->has_sd)
			ROW_CHECK(*bad, row, close_to(pt->sd, row->sd), "%s: sd %.15g, expected %.15g", how, pt->sd,
			          row->sd);
	}
}

/* Every row three ways: all observations into one accumulator; each into
 * its own accumulator merged one by one (acc_merge, as a parent adds its
 * children); and split in two halves merged. All must give the same point. */
static void test_acc_table(void **state)
{
	struct period p = {PERIOD_YEAR, 2016, 0};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(acc_rows); i++) {
		const struct acc_row *row = &acc_rows[i];
		struct acc all, merged, half1, half2;
		struct point pt;

		acc_init(&all);
		acc_init(&merged);
		acc_init(&half1);
		acc_init(&half2);
		ROW_CHECK(bad, row, acc_empty(&all), "a fresh accumulator is not empty");
		for (size_t k = 0; k < row->nin; k++) {
			struct acc one;

			acc_add(&all, row->m, row->in[k].st, &row->in[k].v);
			acc_init(&one);
			acc_add(&one, row->m, row->in[k].st, &row->in[k].v);
			acc_merge(&merged, &one);
			acc_add(k < row->nin / 2 ? &half1 : &half2, row->m, row->in[k].st, &row->in[k].v);
		}
		acc_merge(&half1, &half2);
		ROW_CHECK(bad, row, acc_empty(&all) == (row->nin == 0), "acc_empty %d with %zu rows", acc_empty(&all),
		          row->nin);
		acc_point(&all, row->m, row->factor, p, &pt);
		check_point(&bad, row, "added", &pt, p);
		acc_point(&merged, row->m, row->factor, p, &pt);
		check_point(&bad, row, "merged one by one", &pt, p);
		acc_point(&half1, row->m, row->factor, p, &pt);
		check_point(&bad, row, "merged halves", &pt, p);
	}
	assert_int_equal(bad, 0);
}

/* The headline example spelled out: two units, 1 of 2 and 99 of 100. */
static void test_proportion_is_not_average_of_percentages(void **state)
{
	struct obs_values a = {NUM(1), DEN(2)}, b = {NUM(99), DEN(100)};
	struct acc acc;
	struct point pt;
	double pa, pb;

	(void)state;
	assert_true(measure_value(MEASURE_PROPORTION, 0, &a, &pa));
	assert_true(measure_value(MEASURE_PROPORTION, 0, &b, &pb));
	assert_float_equal((pa + pb) / 2, 74.5, 1e-12); /* the wrong answer */
	acc_init(&acc);
	acc_add(&acc, MEASURE_PROPORTION, OBS_OK, &a);
	acc_add(&acc, MEASURE_PROPORTION, OBS_OK, &b);
	acc_point(&acc, MEASURE_PROPORTION, 0, (struct period){PERIOD_YEAR, 2017, 0}, &pt);
	assert_true(pt.has_value);
	assert_float_equal(pt.num, 100, 0);
	assert_float_equal(pt.den, 102, 0);
	assert_float_equal(pt.value, 98.0392156862745, 1e-9);
	assert_true(fabs(pt.value - 74.5) > 20);
}

/* --- pooled sd against raw data ------------------------------------------------ */

static double mean_of(const double *x, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

/* Sample standard deviation (n − 1). */
static double sd_of(const double *x, size_t n)
{
	double m = mean_of(x, n), ss = 0;

	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (double)(n - 1));
}

struct raw_group {
	const double *x;
	size_t n;
};

struct pool_row {
	const char *name;
	struct raw_group g[3];
	size_t ng;
};

static const double raw_a[] = {2, 4, 4, 4, 5, 5, 7, 9};
static const double raw_b[] = {10, 12, 14, 11};
static const double raw_c[] = {3.5, 3.5, 6.25};
static const double raw_d[] = {-1, 0, 1, 50, 51, 49, 48};
static const double raw_e[] = {12.5, 12.5};

static const struct pool_row pool_rows[] = {
    {"two groups with different means", {{raw_a, N(raw_a)}, {raw_b, N(raw_b)}}, 2},
    {"three groups", {{raw_a, N(raw_a)}, {raw_b, N(raw_b)}, {raw_c, N(raw_c)}}, 3},
    {"a wide group and one without spread", {{raw_d, N(raw_d)}, {raw_e, N(raw_e)}}, 2},
};

/* The sd pooled from (mean, n, sd) of each group equals the sd of all the
 * raw numbers put together. */
static void test_pooled_sd_equals_raw_sd(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(pool_rows); i++) {
		const struct pool_row *row = &pool_rows[i];
		double all[64];
		size_t nall = 0;
		struct acc acc;
		struct point pt;

		acc_init(&acc);
		for (size_t k = 0; k < row->ng; k++) {
			const struct raw_group *g = &row->g[k];
			struct obs_values v = {VAL(mean_of(g->x, g->n)), NN((double)g->n), SD(sd_of(g->x, g->n))};

			acc_add(&acc, MEASURE_MEAN, OBS_OK, &v);
			memcpy(all + nall, g->x, g->n * sizeof *all);
			nall += g->n;
		}
		acc_point(&acc, MEASURE_MEAN, 0, (struct period){PERIOD_YEAR, 2016, 0}, &pt);
		ROW_CHECK(bad, row, pt.has_value && pt.has_sd, "has_value %d has_sd %d", pt.has_value, pt.has_sd);
		ROW_CHECK(bad, row, close_to(pt.value, mean_of(all, nall)), "mean %.15g, raw %.15g", pt.value,
		          mean_of(all, nall));
		ROW_CHECK(bad, row, close_to(pt.n, (double)nall), "n %g, raw %zu", pt.n, nall);
		ROW_CHECK(bad, row, close_to(pt.sd, sd_of(all, nall)), "sd %.15g, raw %.15g", pt.sd, sd_of(all, nall));
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_obs_state_names),
	    cmocka_unit_test(test_measure_check_table),
	    cmocka_unit_test(test_measure_value_table),
	    cmocka_unit_test(test_acc_table),
	    cmocka_unit_test(test_proportion_is_not_average_of_percentages),
	    cmocka_unit_test(test_pooled_sd_equals_raw_sd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
