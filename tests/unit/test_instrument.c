/*
 * test_instrument.c — instruments as data (src/core/instrument.h) and the
 * instrument file (src/io/instrument_file.h, docs/instrument-file.md).
 *
 * The shipped files: they load, carry the reference numbers of
 * ../shared/reference/instruments.md (ORS adult 25, adolescent 28 marked
 * unconfirmed, CORS 32, RCI 5, under 6 not scored, WHO-5 ≤ 50 and 10,
 * alliance below 36 and a fall of 1, sessions 3 and 6, trajectories from 30
 * episodes), hold only short item names, are what the writer writes, and
 * are the bytes built into the binary. Then tables: age bands and their
 * edges, scoring forms (a zero is a score; ranges, missing items, counts,
 * proration, ×4), converting entered values to raw units (resolution),
 * reverse-scored items and subscales, and reader mistakes each reported at
 * its JSON path.
 *
 * Documents are C string literals with ' for " (see dq()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/cpr.h"
#include "io/instrument_file.h"
#include "util/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define M    INSTRUMENT_MISSING

static char *dq(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	for (char *q = p; *q; q++)
		if (*q == '\'')
			*q = '"';
	return p;
}

static void print_diags(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_error("    %s: %s\n", d->items[i].where, d->items[i].msg);
}

/* The built-in set, failing the test if it does not load. */
static struct instrument_set builtin(struct arena *a)
{
	struct instrument_set set = {0};
	struct diag d;

	diag_init(&d);
	if (instrument_builtin(&set, a, &d) != 0 || d.n) {
		print_diags(&d);
		diag_free(&d);
		fail_msg("the built-in instruments do not load");
	}
	diag_free(&d);
	return set;
}

static const struct instrument *get(const struct instrument_set *set, const char *code)
{
	const struct instrument *in = instrument_set_find(set, code);

	if (!in)
		fail_msg("no instrument %s", code);
	return in;
}

static char *slurp(const char *rel, size_t *len)
{
	const char *root = getenv("ROOT");
	char path[4096];
	FILE *f = fopen(rel, "rb");
	char *data;
	long n;

	if (!f && root) {
		snprintf(path, sizeof path, "%s/%s", root, rel);
		f = fopen(path, "rb");
	}
	if (!f)
		fail_msg("cannot read %s (run from the repository root or set ROOT)", rel);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* --- the shipped instruments ----------------------------------------------------- */

static void test_builtin_reference_numbers(void **state)
{
	struct arena *a = arena_new();
	struct instrument_set set = builtin(a);
	const struct instrument *ors = get(&set, "ORS"), *srs = get(&set, "SRS"), *cors = get(&set, "CORS");
	const struct instrument *csrs = get(&set, "CSRS"), *who = get(&set, "WHO5"), *sat = get(&set, "SAT");
	const struct instrument_band *b;
	double lo, hi;

	(void)state;
	assert_int_equal(set.n, 6);
	/* ORS: four items 0.0–10.0 in tenths, sum 0–40, adult 25, adolescent 28 (unconfirmed), RCI 5 */
	assert_int_equal(ors->kind, INSTRUMENT_OUTCOME);
	assert_string_equal(ors->pair, "SRS");
	assert_int_equal(ors->nitems, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(ors->items[i].min, 0);
		assert_int_equal(ors->items[i].max, 100);
		assert_int_equal(ors->items[i].per_point, 10);
		assert_false(ors->items[i].reverse);
	}
	assert_int_equal(ors->total.rule, TOTAL_SUM);
	assert_true(ors->total.factor == 1);
	assert_int_equal(ors->total.min_answered, 0);
	assert_true(ors->higher_is_better);
	instrument_total_range(ors, &lo, &hi);
	assert_true(lo == 0 && hi == 40);
	assert_non_null(b = instrument_band(ors, AGE_BAND_ADULT));
	assert_true(b->scored && b->has_cutoff && b->cutoff == 25 && !b->cutoff_inclusive && b->rci == 5);
	assert_non_null(b = instrument_band(ors, AGE_BAND_ADOLESCENT));
	assert_true(b->cutoff == 28 && b->rci == 5);
	assert_non_null(b->note);
	assert_non_null(strstr(b->note, "unconfirmed"));
	assert_null(instrument_band(ors, AGE_BAND_CHILD));
	assert_true(ors->alerts.has_no_change && ors->alerts.no_change_session == 3 && ors->alerts.no_change_max == 0);
	assert_true(ors->alerts.has_no_improvement && ors->alerts.no_improvement_session == 6);
	assert_true(ors->alerts.deterioration);
	assert_false(ors->alerts.has_below);
	assert_true(ors->trajectory.enabled && ors->trajectory.intake_band == 5);
	assert_int_equal(ors->trajectory.min_episodes, 30);
	/* SRS: alliance, below 36, a fall of 1 */
	assert_int_equal(srs->kind, INSTRUMENT_ALLIANCE);
	assert_true(srs->alerts.has_below && srs->alerts.below == 36);
	assert_true(srs->alerts.has_drop && srs->alerts.drop == 1);
	/* CORS: child 32, RCI 5; under 6 listed and not scored */
	assert_string_equal(cors->pair, "CSRS");
	assert_non_null(b = instrument_band(cors, AGE_BAND_CHILD));
	assert_true(b->cutoff == 32 && b->rci == 5);
	assert_non_null(b = instrument_band(cors, AGE_BAND_UNDER_6));
	assert_false(b->scored);
	assert_false(b->has_cutoff);
	assert_true(csrs->alerts.below == 36 && csrs->alerts.drop == 1);
	/* WHO-5: five items 0–5, ×4 → 0–100, ≤ 50 is low, 10 is meaningful */
	assert_int_equal(who->kind, INSTRUMENT_WELLBEING);
	assert_int_equal(who->nitems, 5);
	assert_true(who->items[0].min == 0 && who->items[0].max == 5 && who->items[0].per_point == 1);
	assert_true(who->total.factor == 4);
	instrument_total_range(who, &lo, &hi);
	assert_true(lo == 0 && hi == 100);
	assert_non_null(b = instrument_band(who, AGE_BAND_ADULT));
	assert_true(b->cutoff == 50 && b->cutoff_inclusive && b->rci == 10);
	/* satisfaction: 1–5, mean of the answered items when at least 3 */
	assert_int_equal(sat->kind, INSTRUMENT_SATISFACTION);
	assert_int_equal(sat->total.rule, TOTAL_MEAN);
	assert_int_equal(sat->total.min_answered, 3);
	instrument_total_range(sat, &lo, &hi);
	assert_true(lo == 1 && hi == 5);
	assert_int_equal(sat->nbands, 0);
	arena_free(a);
}

/* Only short neutral names: no item name is a sentence or a question. */
static void test_builtin_items_are_short_names(void **state)
{
	struct arena *a = arena_new();
	struct instrument_set set = builtin(a);

	(void)state;
	for (size_t i = 0; i < set.n; i++)
		for (size_t k = 0; k < set.list[i]->nitems; k++) {
			const struct instrument_item *it = &set.list[i]->items[k];
			const char *names[] = {it->name_da, it->name_en};

			for (size_t t = 0; t < 2; t++) {
				if (strlen(names[t]) > 30 || strpbrk(names[t], "?.!:"))
					fail_msg("%s %s: \"%s\" is not a short neutral name", set.list[i]->code, it->code,
						 names[t]);
			}
		}
	arena_free(a);
}

/* The bytes in the binary are the files in data/instruments/, and those
 * files are exactly what the writer writes. */
static void test_builtin_files_are_the_data_files_in_written_form(void **state)
{
	struct instrument_builtin_file files[INSTRUMENT_BUILTIN_COUNT];
	size_t n = instrument_builtin_files(files, N(files));

	(void)state;
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		struct arena *a = arena_new();
		struct buf b = BUF_INIT;
		struct instrument *in = NULL;
		struct diag d;
		size_t len;
		char *disk = slurp(files[i].name, &len);

		if (len != files[i].len || memcmp(disk, files[i].data, len) != 0)
			fail_msg("%s differs from the built-in copy: rebuild (make) after editing it", files[i].name);
		assert_int_equal(files[i].data[files[i].len], '\0');
		diag_init(&d);
		assert_int_equal(instrument_file_parse(&in, a, files[i].name, disk, len, &d), 0);
		instrument_file_write(&b, in);
		if (b.len != len || memcmp(b.data, disk, len) != 0)
			fail_msg("%s is not in written form; the writer gives:\n%s", files[i].name, buf_cstr(&b));
		buf_free(&b);
		diag_free(&d);
		free(disk);
		arena_free(a);
	}
}

static void test_set_lookups(void **state)
{
	struct arena *a = arena_new();
	struct instrument_set set = builtin(a);
	static const struct {
		enum instrument_kind kind;
		enum age_band band;
		const char *code; /* NULL: none */
	} rows[] = {
	    {INSTRUMENT_OUTCOME, AGE_BAND_ADULT, "ORS"},        {INSTRUMENT_OUTCOME, AGE_BAND_ADOLESCENT, "ORS"},
	    {INSTRUMENT_OUTCOME, AGE_BAND_CHILD, "CORS"},       {INSTRUMENT_OUTCOME, AGE_BAND_UNDER_6, "CORS"},
	    {INSTRUMENT_ALLIANCE, AGE_BAND_ADULT, "SRS"},       {INSTRUMENT_ALLIANCE, AGE_BAND_CHILD, "CSRS"},
	    {INSTRUMENT_ALLIANCE, AGE_BAND_UNDER_6, "CSRS"},    {INSTRUMENT_WELLBEING, AGE_BAND_ADULT, "WHO5"},
	    {INSTRUMENT_WELLBEING, AGE_BAND_CHILD, NULL},       {INSTRUMENT_SATISFACTION, AGE_BAND_ADULT, NULL},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		const struct instrument *in = instrument_set_for_band(&set, rows[i].kind, rows[i].band);

		if (!rows[i].code)
			assert_null(in);
		else if (!in || strcmp(in->code, rows[i].code) != 0)
			fail_msg("row %zu: %s for %s is %s, want %s", i, instrument_kind_name(rows[i].kind),
				 age_band_name(rows[i].band), in ? in->code : "none", rows[i].code);
	}
	assert_ptr_equal(instrument_set_find(&set, "ors"), instrument_set_find(&set, "ORS"));
	assert_ptr_equal(instrument_set_find(&set, "who5"), instrument_set_find(&set, "WHO5"));
	assert_null(instrument_set_find(&set, "SDQ"));
	assert_null(instrument_set_find(&set, NULL));
	/* judged: listed and scored; an instrument without bands at every age */
	assert_true(instrument_scored_for(get(&set, "ORS"), AGE_BAND_ADULT));
	assert_false(instrument_scored_for(get(&set, "ORS"), AGE_BAND_CHILD));
	assert_true(instrument_scored_for(get(&set, "CORS"), AGE_BAND_CHILD));
	assert_false(instrument_scored_for(get(&set, "CORS"), AGE_BAND_UNDER_6));
	assert_false(instrument_scored_for(get(&set, "CSRS"), AGE_BAND_UNDER_6));
	assert_true(instrument_scored_for(get(&set, "SAT"), AGE_BAND_UNDER_6));
	arena_free(a);
}

/* --- age bands ------------------------------------------------------------------- */

static void test_age_band_from_age(void **state)
{
	static const struct {
		int age;
		bool ok;
		enum age_band band;
	} rows[] = {
	    {-1, false, 0},
	    {0, true, AGE_BAND_UNDER_6},
	    {5, true, AGE_BAND_UNDER_6},
	    {6, true, AGE_BAND_CHILD},
	    {12, true, AGE_BAND_CHILD},
	    {13, true, AGE_BAND_ADOLESCENT},
	    {17, true, AGE_BAND_ADOLESCENT},
	    {18, true, AGE_BAND_ADULT},
	    {130, true, AGE_BAND_ADULT},
	    {131, false, 0},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		enum age_band b = AGE_BAND_ADULT;
		bool ok = age_band_from_age(&b, rows[i].age);

		if (ok != rows[i].ok || (ok && b != rows[i].band))
			fail_msg("age %d: got %s %s", rows[i].age, ok ? "ok" : "refused", ok ? age_band_name(b) : "");
	}
}

static void test_age_on_a_date(void **state)
{
	static const struct {
		const char *birth, *on;
		int age;
		const char *band; /* NULL: refused */
	} rows[] = {
	    {"2000-05-10", "2006-05-09", 5, "under6"},   /* the day before the 6th birthday */
	    {"2000-05-10", "2006-05-10", 6, "child"},     /* on it */
	    {"2000-05-10", "2013-05-09", 12, "child"},
	    {"2000-05-10", "2013-05-10", 13, "adolescent"},
	    {"2000-05-10", "2018-05-09", 17, "adolescent"},
	    {"2000-05-10", "2018-05-10", 18, "adult"},
	    {"2004-02-29", "2010-02-28", 5, "under6"},   /* a leap-day birthday counts from 1 March */
	    {"2004-02-29", "2010-03-01", 6, "child"},
	    {"2004-02-29", "2012-02-29", 8, "child"},
	    {"2010-01-01", "2009-12-31", -1, NULL},       /* before birth */
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct date b, on;
		enum age_band band;
		bool ok;

		assert_true(date_parse(&b, rows[i].birth));
		assert_true(date_parse(&on, rows[i].on));
		assert_int_equal(age_years(b, on), rows[i].age);
		ok = age_band_at(&band, b, on);
		if (!rows[i].band)
			assert_false(ok);
		else if (!ok || strcmp(age_band_name(band), rows[i].band) != 0)
			fail_msg("row %zu: %s on %s gives %s, want %s", i, rows[i].birth, rows[i].on,
				 ok ? age_band_name(band) : "refused", rows[i].band);
	}
}

/* core/cpr.h has its own age bands (from a CPR number): the two must agree
 * in value and stored name, so an episode's band can pass between them. */
static void test_age_bands_agree_with_cpr(void **state)
{
	(void)state;
	for (int age = 0; age <= 130; age++) {
		enum age_band b;

		assert_true(age_band_from_age(&b, age));
		if ((int)b != (int)cpr_age_band_of_age(age) ||
		    strcmp(age_band_name(b), cpr_age_band_name(cpr_age_band_of_age(age))) != 0)
			fail_msg("age %d: %s here, %s in cpr.h", age, age_band_name(b),
				 cpr_age_band_name(cpr_age_band_of_age(age)));
	}
}

static void test_names_and_labels(void **state)
{
	enum instrument_kind k;
	enum total_rule r;
	enum age_band b;

	(void)state;
	assert_true(instrument_kind_parse(&k, "wellbeing") && k == INSTRUMENT_WELLBEING);
	assert_false(instrument_kind_parse(&k, "Outcome"));
	assert_true(total_rule_parse(&r, "mean") && r == TOTAL_MEAN);
	assert_true(age_band_parse(&b, "under6") && b == AGE_BAND_UNDER_6);
	assert_false(age_band_parse(&b, "under_6"));
	assert_false(age_band_parse(&b, "baby"));
	assert_string_equal(age_band_label(AGE_BAND_ADULT, LANG_DA), "voksen (18+ år)");
	assert_string_equal(age_band_label(AGE_BAND_CHILD, LANG_EN), "child (6–12)");
}

/* --- scoring one form ------------------------------------------------------------ */

struct score_row {
	const char *name;
	const char *instrument;
	int v[8];
	size_t n;
	bool ok;
	double total;
	bool prorated;
	const char *why; /* the exact reason when !ok */
};

static void test_score_table(void **state)
{
	static const struct score_row rows[] = {
	    {"ORS all zeros is a score of 0", "ORS", {0, 0, 0, 0}, 4, true, 0, false, NULL},
	    {"ORS tenths add up", "ORS", {73, 50, 61, 90}, 4, true, 27.4, false, NULL},
	    {"ORS top", "ORS", {100, 100, 100, 100}, 4, true, 40, false, NULL},
	    {"ORS item above 10.0", "ORS", {50, 101, 50, 50}, 4, false, 0, false,
	     "item i2 (Interpersonal) is 10.1; the range is 0.0–10.0"},
	    {"ORS negative item", "ORS", {50, 50, 50, -1}, 4, false, 0, false,
	     "item i4 (Overall) is -0.1; the range is 0.0–10.0"},
	    {"ORS needs every item", "ORS", {50, 50, M, 50}, 4, false, 0, false,
	     "item i3 (Social) is missing; ORS needs every item"},
	    {"ORS three values", "ORS", {50, 50, 50}, 3, false, 0, false, "3 values given; ORS has 4 items"},
	    {"ORS nothing answered", "ORS", {M, M, M, M}, 4, false, 0, false,
	     "item i1 (Individual) is missing; ORS needs every item"},
	    {"WHO-5 top ×4 is 100", "WHO5", {5, 5, 5, 5, 5}, 5, true, 100, false, NULL},
	    {"WHO-5 raw 13 is 52", "WHO5", {3, 3, 3, 2, 2}, 5, true, 52, false, NULL},
	    {"WHO-5 zeros", "WHO5", {0, 0, 0, 0, 0}, 5, true, 0, false, NULL},
	    {"WHO-5 item 6", "WHO5", {3, 3, 6, 2, 2}, 5, false, 0, false, "item i3 (Active) is 6; the range is 0–5"},
	    {"WHO-5 has no proration", "WHO5", {3, 3, 3, 2, M}, 5, false, 0, false,
	     "item i5 (Interested) is missing; WHO5 needs every item"},
	    {"satisfaction mean", "SAT", {5, 4, 4, 3, 5}, 5, true, 4.2, false, NULL},
	    {"satisfaction prorated from 3 of 5", "SAT", {5, M, 4, M, 3}, 5, true, 4, true, NULL},
	    {"satisfaction 2 of 5 is too few", "SAT", {5, M, M, M, 3}, 5, false, 0, false,
	     "2 of 5 items answered; SAT needs at least 3"},
	    {"satisfaction 0 is outside 1–5", "SAT", {0, 4, 4, 4, 4}, 5, false, 0, false,
	     "item i1 (Respected) is 0; the range is 1–5"},
	};
	struct arena *a = arena_new();
	struct instrument_set set = builtin(a);

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		const struct score_row *r = &rows[i];
		struct instrument_score sc = {.total = -99};
		char why[300] = "";
		int rc = instrument_score(&sc, get(&set, r->instrument), r->v, r->n, why, sizeof why);

		if (r->ok) {
			if (rc != 0 || sc.total != r->total || sc.prorated != r->prorated)
				fail_msg("%s: rc %d total %.17g prorated %d (%s)", r->name, rc, sc.total, sc.prorated,
					 why);
		} else {
			if (rc != PEJL_EINPUT || strcmp(why, r->why) != 0)
				fail_msg("%s: rc %d, reason \"%s\", want \"%s\"", r->name, rc, why, r->why);
			assert_true(sc.total == -99); /* untouched */
		}
	}
	arena_free(a);
}

/* Entered values (points) to raw units: the resolution is checked. */
static void test_item_raw_table(void **state)
{
	static const struct {
		const char *instrument;
		double points;
		bool ok;
		int raw;
		const char *why;
	} rows[] = {
	    {"ORS", 7.3, true, 73, NULL},
	    {"ORS", 0, true, 0, NULL},
	    {"ORS", 10, true, 100, NULL},
	    {"ORS", 0.1 + 0.2, true, 3, NULL}, /* 0.30000000000000004 is 0.3 */
	    {"ORS", 7.35, false, 0, "7.35 is not a multiple of 0.1"},
	    {"ORS", 10.5, false, 0, "10.5 is outside the range 0.0–10.0"},
	    {"ORS", -0.1, false, 0, "-0.1 is outside the range 0.0–10.0"},
	    {"ORS", NAN, false, 0, "is not a number"},
	    {"WHO5", 4, true, 4, NULL},
	    {"WHO5", 2.5, false, 0, "2.5 is not a multiple of 1"},
	    {"SAT", 0, false, 0, "0 is outside the range 1–5"},
	};
	struct arena *a = arena_new();
	struct instrument_set set = builtin(a);

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		const struct instrument *in = get(&set, rows[i].instrument);
		char why[200] = "";
		int raw = -7;
		bool ok = instrument_item_raw(&raw, &in->items[0], rows[i].points, why, sizeof why);

		if (ok != rows[i].ok || (ok && raw != rows[i].raw) || (!ok && strcmp(why, rows[i].why) != 0))
			fail_msg("row %zu (%s %g): ok %d raw %d why \"%s\"", i, rows[i].instrument, rows[i].points, ok,
				 raw, why);
	}
	arena_free(a);
}

/* A made-up instrument: item i2 reverse-scored, two subscales, a prorated
 * sum × 2, items 0–4 with one item 0–8 in halves. */
#define CUSTOM                                                                                                         \
	"{'format':'pejl-instrument/1','code':'X','name':{'da':'X','en':'X'},'kind':'outcome',"                        \
	"'higher_is_better':false,'scale':{'min':0,'max':4,'step':1},"                                                 \
	"'items':[{'code':'a','name':{'da':'A','en':'A'}},{'code':'b','name':{'da':'B','en':'B'},'reverse':true},"     \
	"{'code':'c','name':{'da':'C','en':'C'}},{'code':'d','name':{'da':'D','en':'D'},'max':8,'step':0.5}],"         \
	"'subscales':[{'code':'ab','name':{'da':'AB','en':'AB'},'items':['a','b'],'rule':'sum'},"                      \
	"{'code':'cd','name':{'da':'CD','en':'CD'},'items':['c','d'],'rule':'mean','proration':{'min_answered':1}}],"  \
	"'total':{'rule':'sum','factor':2,'proration':{'min_answered':3},'decimals':1},"                               \
	"'bands':[{'age_band':'adult','cutoff':10,'reliable_change':4}]}"

static struct instrument *parse_ok(struct arena *a, const char *doc)
{
	struct instrument *in = NULL;
	struct diag d;
	char *text = dq(a, doc);

	diag_init(&d);
	if (instrument_file_parse(&in, a, "t.json", text, strlen(text), &d) != 0) {
		print_diags(&d);
		diag_free(&d);
		fail_msg("the document does not parse");
	}
	diag_free(&d);
	return in;
}

static void test_reverse_subscales_proration(void **state)
{
	static const struct {
		const char *name;
		int v[4];
		bool ok;
		double total;
		bool prorated;
		bool has_ab, has_cd;
		double ab, cd;
	} rows[] = {
	    /* b = 1 reversed is 3; d = 6 raw is 3.0 */
	    {"all answered", {1, 1, 2, 6}, true, 18, false, true, true, 4, 2.5},
	    /* d missing: (1+3+2)/3·4 = 8, ×2 = 16; cd from c alone */
	    {"one missing, prorated", {1, 1, 2, M}, true, 16, true, true, true, 4, 2},
	    /* b missing: ab needs both */
	    {"subscale without proration lacks", {1, M, 2, 6}, true, 2 * (6.0 / 3 * 4), true, false, true, 0, 2.5},
	    {"two missing is too few", {1, M, M, 6}, false, 0, false, false, false, 0, 0},
	    {"reverse of the top is 0", {0, 4, 0, 0}, true, 0, false, true, true, 0, 0},
	};
	struct arena *a = arena_new();
	struct instrument *in = parse_ok(a, CUSTOM);
	char buf[64];
	int raw;

	(void)state;
	assert_int_equal(in->items[3].per_point, 2);
	assert_int_equal(in->items[3].max, 16);
	assert_true(in->items[1].reverse);
	assert_int_equal(in->subscales[1].items[1], 3);
	assert_string_equal(instrument_item_format(buf, sizeof buf, &in->items[3], 13), "6.5");
	assert_true(instrument_item_raw(&raw, &in->items[3], 6.5, NULL, 0) && raw == 13);
	assert_false(instrument_item_raw(&raw, &in->items[3], 6.25, buf, sizeof buf));
	assert_string_equal(buf, "6.25 is not a multiple of 0.5");
	for (size_t i = 0; i < N(rows); i++) {
		struct instrument_score sc;
		int rc = instrument_score(&sc, in, rows[i].v, 4, NULL, 0);

		if (!rows[i].ok) {
			assert_int_equal(rc, PEJL_EINPUT);
			continue;
		}
		if (rc != 0 || sc.total != rows[i].total || sc.prorated != rows[i].prorated || sc.nsub != 2 ||
		    sc.has_sub[0] != rows[i].has_ab || sc.has_sub[1] != rows[i].has_cd ||
		    (rows[i].has_ab && sc.sub[0] != rows[i].ab) || (rows[i].has_cd && sc.sub[1] != rows[i].cd))
			fail_msg("%s: rc %d total %g prorated %d ab %d/%g cd %d/%g", rows[i].name, rc, sc.total,
				 sc.prorated, sc.has_sub[0], sc.sub[0], sc.has_sub[1], sc.sub[1]);
	}
	arena_free(a);
}

static void test_custom_round_trip(void **state)
{
	struct arena *a = arena_new();
	struct instrument *in = parse_ok(a, CUSTOM), *again;
	struct buf first = BUF_INIT, second = BUF_INIT;

	(void)state;
	instrument_file_write(&first, in);
	again = parse_ok(a, buf_cstr(&first));
	instrument_file_write(&second, again);
	assert_string_equal(buf_cstr(&first), buf_cstr(&second));
	/* the item with its own range keeps it; the others take the scale */
	assert_non_null(strstr(buf_cstr(&first), "\"max\": 8,\n      \"step\": 0.5"));
	assert_non_null(strstr(buf_cstr(&first), "\"reverse\": true"));
	buf_free(&first);
	buf_free(&second);
	arena_free(a);
}

/* --- reader mistakes ---------------------------------------------------------------- */

#define HEAD  "'format':'pejl-instrument/1','code':'T','name':{'da':'T','en':'T'},'higher_is_better':true,"
#define ITEMS "'scale':{'min':0,'max':10,'step':0.1},'items':[{'code':'i1','name':{'da':'A','en':'A'}},"      \
	      "{'code':'i2','name':{'da':'B','en':'B'}}]"
#define TOTAL "'total':{'rule':'sum'}"
/* An outcome instrument (0–20) with extra members. */
#define OUT(extra)  "{" HEAD "'kind':'outcome'," ITEMS "," TOTAL extra "}"
#define KIND(k, extra) "{" HEAD "'kind':'" k "'," ITEMS "," TOTAL extra "}"

static void test_parse_mistakes_table(void **state)
{
	static const struct {
		const char *doc;
		const char *where, *msg; /* the one diagnostic expected */
	} rows[] = {
	    {OUT(""), NULL, NULL},
	    {"[1]", "t.json: $", "the file must hold one JSON object, not an array"},
	    {"{'format':'pejl-strategy/1','code':'T','name':{'da':'T','en':'T'},'higher_is_better':true,'kind':"
	     "'outcome'," ITEMS "," TOTAL "}",
	     "t.json: $.format",
	     "must be \"pejl-instrument/1\" (this is not a pejl instrument file, or a newer version)"},
	    {OUT(",'colour':'red'"), "t.json: $.colour",
	     "unknown key (allowed here: format, code, name, kind, pair, note, higher_is_better, scale, items, "
	     "subscales, total, bands, alerts, trajectory)"},
	    {KIND("bogus", ""), "t.json: $.kind", "\"bogus\" is not one of: outcome, alliance, wellbeing, satisfaction"},
	    {"{" HEAD "'kind':'outcome','scale':{'min':0,'max':10,'step':0.3},'items':[{'code':'i1','name':{'da':'A',"
	     "'en':'A'}}]," TOTAL "}",
	     "t.json: $.scale.step", "0.3 must be 1 or 1/n for a whole n up to 1000 (such as 0.1, 0.5 or 1)"},
	    {"{" HEAD "'kind':'outcome','scale':{'min':0.05,'max':10,'step':0.1},'items':[{'code':'i1','name':{'da':"
	     "'A','en':'A'}}]," TOTAL "}",
	     "t.json: $.scale.min", "0.05 is not a multiple of the step 0.1"},
	    {"{" HEAD "'kind':'outcome','items':[{'code':'i1','name':{'da':'A','en':'A'},'max':4,'step':1}]," TOTAL
	     "}",
	     "t.json: $.items[0].min", "is required (here or in $.scale)"},
	    {"{" HEAD "'kind':'outcome','scale':{'min':0,'max':10,'step':1},'items':[{'code':'i1','name':{'da':'A',"
	     "'en':'A'},'max':0}]," TOTAL "}",
	     "t.json: $.items[0].max", "must be greater than min"},
	    {"{" HEAD "'kind':'outcome','scale':{'min':0,'max':10,'step':1},'items':[{'code':'i1','name':{'da':'A',"
	     "'en':'A'}},{'code':'i1','name':{'da':'B','en':'B'}}]," TOTAL "}",
	     "t.json: $.items[1].code", "\"i1\" is also the code of items[0]"},
	    {"{" HEAD "'kind':'outcome','scale':{'min':0,'max':10,'step':1},'items':[{'code':'i 1','name':{'da':'A',"
	     "'en':'A'}}]," TOTAL "}",
	     "t.json: $.items[0].code", "\"i 1\" must be 1 to 32 of A-Z a-z 0-9 _ - ."},
	    {"{" HEAD "'kind':'outcome','scale':{'min':0,'max':10,'step':1},'items':[]," TOTAL "}", "t.json: $.items",
	     "an instrument needs at least one item"},
	    {"{'format':'pejl-instrument/1','code':'T','name':{'da':'T'},'higher_is_better':true,'kind':'outcome',"
	     ITEMS "," TOTAL "}",
	     "t.json: $.name.en", "is required"},
	    {"{'format':'pejl-instrument/1','code':' ','name':{'da':'T','en':'T'},'higher_is_better':true,'kind':"
	     "'outcome'," ITEMS "," TOTAL "}",
	     "t.json: $.code", "must not be empty"},
	    {"{" HEAD "'kind':'outcome'," ITEMS ",'total':{'rule':'sum','proration':'some'}}", "t.json: $.total.proration",
	     "must be \"none\" or {\"min_answered\": N}"},
	    {"{" HEAD "'kind':'outcome'," ITEMS ",'total':{'rule':'sum','proration':{'min_answered':3}}}",
	     "t.json: $.total.proration.min_answered", "3 is more than the 2 items"},
	    {"{" HEAD "'kind':'outcome'," ITEMS ",'total':{'rule':'median'}}", "t.json: $.total.rule",
	     "\"median\" is not one of: sum, mean"},
	    {"{" HEAD "'kind':'outcome'," ITEMS ",'total':{'rule':'sum','factor':0}}", "t.json: $.total.factor",
	     "must be greater than 0"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':15,'reliable_change':5},{'age_band':'adult','cutoff':15,"
		 "'reliable_change':5}]"),
	     "t.json: $.bands[1].age_band", "adult is also bands[0]"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':21,'reliable_change':5}]"), "t.json: $.bands[0].cutoff",
	     "21 is outside the total's range 0–20"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':15}]"), "t.json: $.bands[0].reliable_change",
	     "is required for a scored band"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':15,'reliable_change':0}]"),
	     "t.json: $.bands[0].reliable_change", "0 must be greater than 0 and at most 20"},
	    {OUT(",'bands':[{'age_band':'under6','scored':false,'cutoff':15}]"), "t.json: $.bands[0].cutoff",
	     "a band that is not scored has no cutoff"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff_inclusive':true,'reliable_change':5}]"),
	     "t.json: $.bands[0].cutoff_inclusive", "needs a cutoff"},
	    {OUT(",'bands':[{'age_band':'toddler'}]"), "t.json: $.bands[0].age_band",
	     "\"toddler\" is not one of: under6, child, adolescent, adult"},
	    {KIND("alliance", ",'bands':[{'age_band':'adult','cutoff':15}]"), "t.json: $.bands[0]",
	     "only outcome and wellbeing instruments have cutoffs and reliable change (alliance thresholds are "
	     "alerts)"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':15,'reliable_change':5}],'alerts':{'below':18}"),
	     "t.json: $.alerts", "below and drop are alerts of alliance instruments"},
	    {KIND("alliance", ",'alerts':{'reliable_deterioration':true}"), "t.json: $.alerts",
	     "no_change, no_reliable_improvement and reliable_deterioration are alerts of outcome and wellbeing "
	     "instruments"},
	    {KIND("alliance", ",'alerts':{'below':21}"), "t.json: $.alerts.below", "21 is outside the total's range 0–20"},
	    {KIND("alliance", ",'alerts':{'drop':-1}"), "t.json: $.alerts.drop", "must be greater than 0"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':15,'reliable_change':5}],'alerts':{'no_change':{'session':"
		 "2.5,'max_change':0}}"),
	     "t.json: $.alerts.no_change.session", "must be a whole number, not a fraction"},
	    {OUT(",'bands':[{'age_band':'adult','cutoff':15,'reliable_change':5}],'alerts':{'no_change':{'session':"
		 "1,'max_change':0}}"),
	     "t.json: $.alerts.no_change.session", "must be 2 or more (change needs two scores)"},
	    {OUT(",'alerts':{'reliable_deterioration':true}"), "t.json: $.alerts",
	     "change alerts need bands with a reliable change"},
	    {KIND("alliance", ",'pair':'ORS'"), "t.json: $.pair",
	     "only outcome and wellbeing instruments name a paired alliance instrument"},
	    {OUT(",'pair':'t'"), "t.json: $.pair", "an instrument cannot be its own pair"},
	    {OUT(",'subscales':[{'code':'s','name':{'da':'S','en':'S'},'rule':'sum','items':['i1','i9']}]"),
	     "t.json: $.subscales[0].items[1]", "\"i9\" is not an item of this instrument"},
	    {OUT(",'subscales':[{'code':'s','name':{'da':'S','en':'S'},'rule':'sum','items':['i1','i1']}]"),
	     "t.json: $.subscales[0].items[1]", "\"i1\" is listed twice"},
	    {OUT(",'trajectory':{'intake_band':0}"), "t.json: $.trajectory.intake_band", "must be greater than 0"},
	    {KIND("satisfaction", ",'trajectory':{'intake_band':1}"), "t.json: $.trajectory",
	     "only outcome and wellbeing instruments have an expected trajectory"},
	    {OUT(",'higher_is_better':1"), "t.json:1:", NULL}, /* a duplicate key is not valid JSON */
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct instrument *in = NULL;
		struct diag d;
		char *text = dq(a, rows[i].doc);
		int rc;

		diag_init(&d);
		rc = instrument_file_parse(&in, a, "t.json", text, strlen(text), &d);
		if (!rows[i].where) {
			if (rc != 0 || d.n != 0) {
				print_diags(&d);
				fail_msg("row %zu: a valid document was refused", i);
			}
		} else if (rc != PEJL_EINPUT || d.n != 1 ||
			   strncmp(d.items[0].where, rows[i].where, strlen(rows[i].where)) != 0 ||
			   (rows[i].msg && strcmp(d.items[0].msg, rows[i].msg) != 0)) {
			print_diags(&d);
			fail_msg("row %zu: want \"%s: %s\" (rc %d, %zu diagnostics)", i, rows[i].where,
				 rows[i].msg ? rows[i].msg : "…", rc, d.n);
		}
		diag_free(&d);
	}
	arena_free(a);
}

/* One run names every shape mistake of a file. */
static void test_parse_reports_every_mistake(void **state)
{
	static const char doc[] =
	    "{'format':'pejl-instrument/1','code':'T','name':{'da':'T','en':7},'kind':'outcome',"
	    "'higher_is_better':'yes','items':[{'code':'i1','name':{'da':'A','en':'A'},'min':0,'max':4,'step':1,"
	    "'weight':2},3],'total':{'rule':'sum'},'bands':[{'age_band':'adult','reliable_change':'5'}]}";
	static const char *const want[] = {
	    "t.json: $.name.en",
	    "t.json: $.higher_is_better",
	    "t.json: $.items[0].weight",
	    "t.json: $.items[1]",
	    "t.json: $.bands[0].reliable_change",
	};
	struct arena *a = arena_new();
	struct instrument *in = NULL;
	struct diag d;
	char *text = dq(a, doc);

	(void)state;
	diag_init(&d);
	assert_int_equal(instrument_file_parse(&in, a, "t.json", text, strlen(text), &d), PEJL_EINPUT);
	if (d.n != N(want)) {
		print_diags(&d);
		fail_msg("%zu diagnostics, want %zu", d.n, N(want));
	}
	for (size_t i = 0; i < N(want); i++)
		assert_string_equal(d.items[i].where, want[i]);
	assert_null(in);
	diag_free(&d);
	arena_free(a);
}

static void test_parse_too_large(void **state)
{
	size_t len = INSTRUMENT_FILE_MAX + 1;
	char *big = malloc(len);
	struct arena *a = arena_new();
	struct instrument *in = NULL;
	struct diag d;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	diag_init(&d);
	assert_int_equal(instrument_file_parse(&in, a, "big.json", big, len, &d), PEJL_EINPUT);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].where, "big.json");
	diag_free(&d);
	free(big);
	arena_free(a);
}

static void test_set_validate(void **state)
{
	struct arena *a = arena_new();
	struct instrument *x = parse_ok(a, "{" HEAD "'kind':'outcome','pair':'Y'," ITEMS "," TOTAL "}");
	struct instrument *y = parse_ok(a, "{'format':'pejl-instrument/1','code':'Y','name':{'da':'Y','en':'Y'},"
					   "'higher_is_better':true,'kind':'wellbeing'," ITEMS "," TOTAL "}");
	struct instrument *z = parse_ok(a, "{'format':'pejl-instrument/1','code':'t','name':{'da':'Z','en':'Z'},"
					   "'higher_is_better':true,'kind':'outcome','pair':'NOPE'," ITEMS "," TOTAL "}");
	const struct instrument *list[] = {x, y, z};
	const char *names[] = {"x.json", "y.json", "z.json"};
	struct instrument_set set = {list, 3};
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_int_equal(instrument_set_validate(&set, names, &d), 3);
	assert_string_equal(d.items[0].where, "x.json: $.pair");
	assert_string_equal(d.items[0].msg, "Y is of kind wellbeing; a pair must be an alliance instrument");
	assert_string_equal(d.items[1].where, "z.json: $.code");
	assert_string_equal(d.items[1].msg, "t is defined twice");
	assert_string_equal(d.items[2].where, "z.json: $.pair");
	assert_string_equal(d.items[2].msg, "NOPE is not a known instrument");
	diag_free(&d);
	arena_free(a);
}

static void test_format_total(void **state)
{
	struct arena *a = arena_new();
	struct instrument_set set = builtin(a);
	char out[32];

	(void)state;
	assert_string_equal(instrument_format(out, sizeof out, get(&set, "ORS"), 27.4, LANG_DA), "27,4");
	assert_string_equal(instrument_format(out, sizeof out, get(&set, "ORS"), 25, LANG_EN), "25.0");
	assert_string_equal(instrument_format(out, sizeof out, get(&set, "WHO5"), 52, LANG_EN), "52");
	assert_true(instrument_round(26.3 - 21.3) == 5);
	assert_true(instrument_round(0.1 + 0.2) == 0.3);
	assert_false(signbit(instrument_round(-1e-9)));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builtin_reference_numbers),
	    cmocka_unit_test(test_builtin_items_are_short_names),
	    cmocka_unit_test(test_builtin_files_are_the_data_files_in_written_form),
	    cmocka_unit_test(test_set_lookups),
	    cmocka_unit_test(test_age_band_from_age),
	    cmocka_unit_test(test_age_on_a_date),
	    cmocka_unit_test(test_age_bands_agree_with_cpr),
	    cmocka_unit_test(test_names_and_labels),
	    cmocka_unit_test(test_score_table),
	    cmocka_unit_test(test_item_raw_table),
	    cmocka_unit_test(test_reverse_subscales_proration),
	    cmocka_unit_test(test_custom_round_trip),
	    cmocka_unit_test(test_parse_mistakes_table),
	    cmocka_unit_test(test_parse_reports_every_mistake),
	    cmocka_unit_test(test_parse_too_large),
	    cmocka_unit_test(test_set_validate),
	    cmocka_unit_test(test_format_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
