/*
 * test_feedback.c — the FIT rules of DESIGN §4 (src/core/feedback.h) with
 * the shipped instruments, as tables of worked examples:
 *
 *   outcome  intake, latest, change, reliable change (exactly 5 is
 *            reliable), crossing the cutoff (at the cutoff is not below),
 *            recovered, intake above cutoff, the classes; one score is
 *            insufficient; skipped sessions are not scores, zeros are;
 *            adult 25 / adolescent 28 / child 32; under 6 not scored;
 *            WHO-5 "≤ 50 is low"; lower-is-better instruments; collateral
 *            raters apart;
 *   alerts   alliance 35.9 vs 36.0, a fall of exactly 1.0 vs 0.9, sessions
 *            3 and 6 and their edges, reliable deterioration, closed
 *            episodes, under 6, collateral rows;
 *   trajectory  local medians and 25th percentiles, only from 30 closed
 *            episodes per intake band and 30 scores per session, behind a
 *            provider interface another provider can fill;
 *   aggregates  against numbers worked out by hand in the comment;
 *   checks   what feedback_episode_check refuses.
 *
 * A session row is written with its ORS/CORS total in tenths (183 = 18.3),
 * or a WHO-5 raw sum (13 → 52); the helper spreads it over the items.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/feedback.h"
#include "io/instrument_file.h"
#include "util/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NA   NAN

/* --- building episodes --------------------------------------------------------------- */

#define NO  (-1) /* no form */
#define BAD (-2) /* a form with an item out of range */

struct srow {
	int number; /* 0 ends the list */
	const char *rater;
	bool skipped;
	int out, all; /* totals in raw units, NO or BAD */
};

#define S(n, out)         {n, NULL, false, out, NO}
#define SA(n, out, all)   {n, NULL, false, out, all}
#define AL(n, all)        {n, NULL, false, NO, all}
#define SK(n)             {n, NULL, true, NO, NO}
#define C(n, who, out)    {n, who, false, out, NO}

struct espec {
	enum age_band band;
	const char *instrument, *alliance;
	bool closed;
	struct srow s[14];
};

static struct instrument_set the_set;
static struct arena *set_arena;

static int setup(void **state)
{
	struct diag d;

	(void)state;
	set_arena = arena_new();
	diag_init(&d);
	if (instrument_builtin(&the_set, set_arena, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return -1;
	}
	diag_free(&d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(set_arena);
	return 0;
}

/* The items of a form with this raw total, spread as evenly as possible. */
static int *spread(struct arena *a, const struct instrument *in, int total, size_t *n)
{
	int *v = arena_calloc(a, in->nitems, sizeof *v);
	int k = (int)in->nitems;

	for (int i = 0; i < k; i++)
		v[i] = total / k + (i < total % k);
	if (total == BAD)
		for (int i = 0; i < k; i++)
			v[i] = i == 0 ? in->items[0].max + 1 : in->items[i].min;
	*n = in->nitems;
	return v;
}

static struct feedback_episode make(struct arena *a, const struct espec *sp, const char *id, const char *pseudonym)
{
	const struct instrument *out = instrument_set_find(&the_set, sp->instrument);
	const struct instrument *all = sp->alliance ? instrument_set_find(&the_set, sp->alliance) : NULL;
	struct feedback_session *ss = arena_calloc(a, N(sp->s), sizeof *ss);
	struct feedback_episode ep = {0};
	size_t n = 0;

	assert_non_null(out);
	for (; n < N(sp->s) && sp->s[n].number != 0; n++) {
		const struct srow *r = &sp->s[n];
		struct feedback_session *s = &ss[n];

		s->number = r->number;
		s->date = r->number >= 1 ? arena_printf(a, "2024-01-%02d", r->number) : "2024-01-01";
		s->rater = r->rater;
		s->skipped = r->skipped;
		if (r->out != NO)
			s->outcome = spread(a, out, r->out, &s->noutcome);
		if (r->all != NO) {
			assert_non_null(all);
			s->alliance = spread(a, all, r->all, &s->nalliance);
		}
	}
	ep.id = id;
	ep.pseudonym = pseudonym;
	ep.unit = "U1";
	ep.practitioner = "p1";
	ep.start = "2024-01-01";
	ep.band = sp->band;
	ep.outcome_instrument = sp->instrument;
	ep.alliance_instrument = sp->alliance;
	if (sp->closed) {
		ep.end = "2024-02-01";
		ep.end_reason = END_PLANNED;
	}
	ep.sessions = ss;
	ep.nsessions = n;
	return ep;
}

static bool same(double got, double want)
{
	return isnan(want) ? isnan(got) : got == want;
}

/* --- outcome ----------------------------------------------------------------------------- */

#define ADULT      AGE_BAND_ADULT
#define ADOLESCENT AGE_BAND_ADOLESCENT
#define CHILD      AGE_BAND_CHILD
#define UNDER6     AGE_BAND_UNDER_6

struct oexp {
	enum outcome_class cls;
	size_t nscores, nskipped, ninvalid;
	double intake, latest, change; /* NA: none */
	bool ri, rd, crossed, recovered, above;
};

struct outcome_row {
	const char *name;
	struct espec e;
	const char *rater; /* NULL: self */
	struct oexp x;
};

#define ORS_ADULT(...)      {ADULT, "ORS", NULL, false, {__VA_ARGS__}}
#define ORS_ADOLESCENT(...) {ADOLESCENT, "ORS", NULL, false, {__VA_ARGS__}}
#define CORS_CHILD(...)     {CHILD, "CORS", NULL, false, {__VA_ARGS__}}
#define CORS_UNDER6(...)    {UNDER6, "CORS", NULL, false, {__VA_ARGS__}}
#define WHO5_ADULT(...)     {ADULT, "WHO5", NULL, false, {__VA_ARGS__}}
#define X(cls, ns, sk, inv, in, la, ch, ri, rd, cr, rec, ab)                                                           \
	{OUTCOME_##cls, ns, sk, inv, in, la, ch, ri, rd, cr, rec, ab}

static const struct outcome_row outcome_rows[] = {
    {"adult 18.0 → 26.0 recovered", ORS_ADULT(S(1, 180), S(2, 260)), NULL,
     X(RECOVERED, 2, 0, 0, 18, 26, 8, true, false, true, true, false)},
    {"intake exactly at the cutoff is not below: improved, intake above", ORS_ADULT(S(1, 250), S(2, 300)), NULL,
     X(IMPROVED, 2, 0, 0, 25, 30, 5, true, false, false, false, true)},
    {"latest exactly at the cutoff has crossed", ORS_ADULT(S(1, 200), S(2, 250)), NULL,
     X(RECOVERED, 2, 0, 0, 20, 25, 5, true, false, true, true, false)},
    {"intake 24.9 is below the cutoff", ORS_ADULT(S(1, 249), S(2, 299)), NULL,
     X(RECOVERED, 2, 0, 0, 24.9, 29.9, 5, true, false, true, true, false)},
    {"change exactly 5 is reliable", ORS_ADULT(S(1, 100), S(2, 150)), NULL,
     X(IMPROVED, 2, 0, 0, 10, 15, 5, true, false, false, false, false)},
    {"change 4.9 is not reliable", ORS_ADULT(S(1, 100), S(2, 149)), NULL,
     X(UNCHANGED, 2, 0, 0, 10, 14.9, 4.9, false, false, false, false, false)},
    {"21.3 → 26.3 is a change of exactly 5", ORS_ADULT(S(1, 213), S(2, 263)), NULL,
     X(RECOVERED, 2, 0, 0, 21.3, 26.3, 5, true, false, true, true, false)},
    {"crossing without reliable change is not recovery", ORS_ADULT(S(1, 230), S(2, 260)), NULL,
     X(UNCHANGED, 2, 0, 0, 23, 26, 3, false, false, true, false, false)},
    {"change −5 is reliable deterioration", ORS_ADULT(S(1, 300), S(2, 250)), NULL,
     X(DETERIORATED, 2, 0, 0, 30, 25, -5, false, true, false, false, true)},
    {"change −4.9 is not", ORS_ADULT(S(1, 300), S(2, 251)), NULL,
     X(UNCHANGED, 2, 0, 0, 30, 25.1, -4.9, false, false, false, false, true)},
    {"one score only is insufficient", ORS_ADULT(S(1, 180)), NULL,
     X(INSUFFICIENT, 1, 0, 0, 18, 18, NA, false, false, false, false, false)},
    {"one score above the cutoff still prompts a check", ORS_ADULT(S(1, 300)), NULL,
     X(INSUFFICIENT, 1, 0, 0, 30, 30, NA, false, false, false, false, true)},
    {"no scores at all", ORS_ADULT(SK(1), SK(2)), NULL,
     X(INSUFFICIENT, 0, 2, 0, NA, NA, NA, false, false, false, false, false)},
    {"skipped sessions are not scores", ORS_ADULT(S(1, 180), SK(2), S(3, 240)), NULL,
     X(IMPROVED, 2, 1, 0, 18, 24, 6, true, false, false, false, false)},
    {"skipped at the end: latest is the last score", ORS_ADULT(S(1, 180), S(2, 240), SK(3)), NULL,
     X(IMPROVED, 2, 1, 0, 18, 24, 6, true, false, false, false, false)},
    {"a zero is a score", ORS_ADULT(S(1, 0), S(2, 50)), NULL,
     X(IMPROVED, 2, 0, 0, 0, 5, 5, true, false, false, false, false)},
    {"a zero after a score counts", ORS_ADULT(S(1, 200), S(2, 0)), NULL,
     X(DETERIORATED, 2, 0, 0, 20, 0, -20, false, true, false, false, false)},
    {"intake is the first scored session", ORS_ADULT(SK(1), S(2, 150), S(3, 220)), NULL,
     X(IMPROVED, 2, 1, 0, 15, 22, 7, true, false, false, false, false)},
    {"sessions ordered by number, not by row", ORS_ADULT(S(3, 260), S(1, 180), S(2, 200)), NULL,
     X(RECOVERED, 3, 0, 0, 18, 26, 8, true, false, true, true, false)},
    {"a form that does not score is not a score", ORS_ADULT(S(1, 180), S(2, BAD), S(3, 190)), NULL,
     X(UNCHANGED, 2, 0, 1, 18, 19, 1, false, false, false, false, false)},
    {"adolescent cutoff 28: 26 → 31 recovered", ORS_ADOLESCENT(S(1, 260), S(2, 310)), NULL,
     X(RECOVERED, 2, 0, 0, 26, 31, 5, true, false, true, true, false)},
    {"adult cutoff 25: 26 → 31 only improved", ORS_ADULT(S(1, 260), S(2, 310)), NULL,
     X(IMPROVED, 2, 0, 0, 26, 31, 5, true, false, false, false, true)},
    {"adolescent exactly at 28 is not below", ORS_ADOLESCENT(S(1, 280), S(2, 330)), NULL,
     X(IMPROVED, 2, 0, 0, 28, 33, 5, true, false, false, false, true)},
    {"child cutoff 32: 30 → 35 recovered", CORS_CHILD(S(1, 300), S(2, 350)), NULL,
     X(RECOVERED, 2, 0, 0, 30, 35, 5, true, false, true, true, false)},
    {"child exactly at 32 is not below", CORS_CHILD(S(1, 320), S(2, 370)), NULL,
     X(IMPROVED, 2, 0, 0, 32, 37, 5, true, false, false, false, true)},
    {"adult 30 → 35: above the adult cutoff already", ORS_ADULT(S(1, 300), S(2, 350)), NULL,
     X(IMPROVED, 2, 0, 0, 30, 35, 5, true, false, false, false, true)},
    {"under 6 is recorded, not scored", CORS_UNDER6(S(1, 100), S(2, 300)), NULL,
     X(NOT_SCORED, 2, 0, 0, 10, 30, 20, false, false, false, false, false)},
    {"ORS for a child is not judged", {CHILD, "ORS", NULL, false, {S(1, 100), S(2, 300)}}, NULL,
     X(NOT_SCORED, 2, 0, 0, 10, 30, 20, false, false, false, false, false)},
    {"WHO-5 48 → 60: low to not low, change 12 ≥ 10", WHO5_ADULT(S(1, 12), S(2, 15)), NULL,
     X(RECOVERED, 2, 0, 0, 48, 60, 12, true, false, true, true, false)},
    {"WHO-5 52 is above 50", WHO5_ADULT(S(1, 13), S(2, 16)), NULL,
     X(IMPROVED, 2, 0, 0, 52, 64, 12, true, false, false, false, true)},
    {"WHO-5 change 8 is not meaningful", WHO5_ADULT(S(1, 10), S(2, 12)), NULL,
     X(UNCHANGED, 2, 0, 0, 40, 48, 8, false, false, false, false, false)},
    {"collateral rows are not self scores", ORS_ADULT(S(1, 180), C(1, "mor", 100), C(2, "mor", 120), S(2, 260)),
     NULL, X(RECOVERED, 2, 0, 0, 18, 26, 8, true, false, true, true, false)},
    {"a collateral rater is scored apart", ORS_ADULT(S(1, 180), C(1, "mor", 100), C(2, "mor", 120), S(2, 260)),
     "mor", X(UNCHANGED, 2, 0, 0, 10, 12, 2, false, false, false, false, false)},
    {"another collateral with one score", ORS_ADULT(S(1, 180), C(1, "mor", 100), C(3, "lærer", 150), S(2, 260)),
     "lærer", X(INSUFFICIENT, 1, 0, 0, 15, 15, NA, false, false, false, false, false)},
    {"rater \"Self\" is the citizen", ORS_ADULT(S(1, 180), {2, "Self", false, 260, NO}), NULL,
     X(RECOVERED, 2, 0, 0, 18, 26, 8, true, false, true, true, false)},
};

static void check_outcome(const char *name, const struct feedback_outcome *o, const struct oexp *x)
{
	if (o->cls != x->cls || o->nscores != x->nscores || o->nskipped != x->nskipped || o->ninvalid != x->ninvalid ||
	    !same(o->has_intake ? o->intake : NA, x->intake) || !same(o->has_latest ? o->latest : NA, x->latest) ||
	    !same(o->has_change ? o->change : NA, x->change) || o->reliable_improvement != x->ri ||
	    o->reliable_deterioration != x->rd || o->crossed_cutoff != x->crossed || o->recovered != x->recovered ||
	    o->intake_above_cutoff != x->above)
		fail_msg("%s:\n  got  %s n=%zu sk=%zu inv=%zu intake=%.17g latest=%.17g change=%.17g ri=%d rd=%d "
			 "crossed=%d recovered=%d above=%d\n  want %s n=%zu sk=%zu inv=%zu intake=%g latest=%g "
			 "change=%g ri=%d rd=%d crossed=%d recovered=%d above=%d",
			 name, outcome_class_name(o->cls), o->nscores, o->nskipped, o->ninvalid,
			 o->has_intake ? o->intake : NA, o->has_latest ? o->latest : NA, o->has_change ? o->change : NA,
			 o->reliable_improvement, o->reliable_deterioration, o->crossed_cutoff, o->recovered,
			 o->intake_above_cutoff, outcome_class_name(x->cls), x->nscores, x->nskipped, x->ninvalid,
			 x->intake, x->latest, x->change, x->ri, x->rd, x->crossed, x->recovered, x->above);
}

static void test_outcome_table(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < N(outcome_rows); i++) {
		const struct outcome_row *r = &outcome_rows[i];
		struct feedback_episode ep = make(a, &r->e, "E1", "P1");
		struct feedback_outcome o;

		assert_int_equal(feedback_outcome(&o, &ep, &the_set, r->rater), 0);
		check_outcome(r->name, &o, &r->x);
		assert_string_equal(o.rater, r->rater ? r->rater : "self");
		assert_string_equal(o.instrument, r->e.instrument);
	}
	arena_free(a);
}

/* A symptom scale where lower is better: 0–10, clinical above 5, RCI 2. */
static void test_outcome_lower_is_better(void **state)
{
	static const char doc[] =
	    "{\"format\":\"pejl-instrument/1\",\"code\":\"SYM\",\"name\":{\"da\":\"S\",\"en\":\"S\"},"
	    "\"kind\":\"outcome\",\"higher_is_better\":false,\"scale\":{\"min\":0,\"max\":10,\"step\":1},"
	    "\"items\":[{\"code\":\"i1\",\"name\":{\"da\":\"S\",\"en\":\"S\"}}],\"total\":{\"rule\":\"sum\"},"
	    "\"bands\":[{\"age_band\":\"adult\",\"cutoff\":5,\"reliable_change\":2}],"
	    "\"alerts\":{\"reliable_deterioration\":true,\"no_change\":{\"session\":3,\"max_change\":0}}}";
	static const struct {
		int from, to, at;
		struct oexp x;
		const char *alert; /* NULL: none */
	} rows[] = {
	    {8, 4, 2, X(RECOVERED, 2, 0, 0, 8, 4, -4, true, false, true, true, false), NULL},
	    {8, 5, 2, X(RECOVERED, 2, 0, 0, 8, 5, -3, true, false, true, true, false), NULL}, /* 5 is not above 5 */
	    {5, 3, 2, X(IMPROVED, 2, 0, 0, 5, 3, -2, true, false, false, false, true), NULL},
	    {3, 5, 2, X(DETERIORATED, 2, 0, 0, 3, 5, 2, false, true, false, false, true), "reliable_deterioration"},
	    {7, 8, 3, X(UNCHANGED, 2, 0, 0, 7, 8, 1, false, false, false, false, false), "no_change"},
	    {7, 6, 3, X(UNCHANGED, 2, 0, 0, 7, 6, -1, false, false, false, false, false), NULL},
	};
	struct arena *a = arena_new();
	struct instrument *sym = NULL;
	const struct instrument *list[1];
	struct instrument_set set = {list, 1};
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_int_equal(instrument_file_parse(&sym, a, "sym.json", doc, strlen(doc), &d), 0);
	diag_free(&d);
	list[0] = sym;
	for (size_t i = 0; i < N(rows); i++) {
		int v1 = rows[i].from, v2 = rows[i].to;
		struct feedback_session ss[2] = {{"2024-01-01", 1, NULL, false, &v1, 1, NULL, 0},
						 {"2024-01-08", rows[i].at, NULL, false, &v2, 1, NULL, 0}};
		struct feedback_episode ep = {"E", "P", "U", "p", "2024-01-01", ADULT, "SYM", NULL, NULL, END_NONE, ss, 2};
		struct feedback_outcome o;
		struct feedback_alerts al;
		char name[64];

		snprintf(name, sizeof name, "lower is better %d → %d", v1, v2);
		assert_int_equal(feedback_outcome(&o, &ep, &set, NULL), 0);
		check_outcome(name, &o, &rows[i].x);
		assert_int_equal(feedback_alerts(&al, &ep, &set), 0);
		if (!rows[i].alert)
			assert_int_equal(al.n, 0);
		else if (al.n != 1 || strcmp(feedback_alert_name(al.list[0].code), rows[i].alert) != 0)
			fail_msg("%s: %zu alerts, want %s", name, al.n, rows[i].alert);
	}
	arena_free(a);
}

/* ≤ 50 is low for WHO-5; < 25 for ORS: the cutoff itself is on the low
 * side only where the instrument says so. */
static void test_clinical_range_edges(void **state)
{
	const struct instrument *ors = instrument_set_find(&the_set, "ORS");
	const struct instrument *who = instrument_set_find(&the_set, "WHO5");
	const struct instrument *cors = instrument_set_find(&the_set, "CORS");

	(void)state;
	assert_true(feedback_in_clinical_range(ors, instrument_band(ors, ADULT), 24.9));
	assert_false(feedback_in_clinical_range(ors, instrument_band(ors, ADULT), 25.0));
	assert_true(feedback_in_clinical_range(ors, instrument_band(ors, ADOLESCENT), 27.9));
	assert_false(feedback_in_clinical_range(ors, instrument_band(ors, ADOLESCENT), 28.0));
	assert_true(feedback_in_clinical_range(cors, instrument_band(cors, CHILD), 31.9));
	assert_false(feedback_in_clinical_range(cors, instrument_band(cors, CHILD), 32.0));
	assert_true(feedback_in_clinical_range(who, instrument_band(who, ADULT), 50));
	assert_false(feedback_in_clinical_range(who, instrument_band(who, ADULT), 50.000001));
	assert_false(feedback_in_clinical_range(cors, instrument_band(cors, UNDER6), 0)); /* no cutoff */
	assert_false(feedback_in_clinical_range(ors, NULL, 0));
}

static void test_raters(void **state)
{
	static const struct espec e = ORS_ADULT(S(1, 180), C(1, "mor", 100), C(1, "far", 100), C(2, "mor", 120),
						{2, "self", false, 200, NO}, C(3, "lærer", 150));
	struct arena *a = arena_new();
	struct feedback_episode ep = make(a, &e, "E1", "P1");
	const char *r[2];

	(void)state;
	assert_int_equal(feedback_raters(r, N(r), &ep), 3);
	assert_string_equal(r[0], "mor");
	assert_string_equal(r[1], "far");
	assert_true(feedback_rater_is_self(NULL));
	assert_true(feedback_rater_is_self(""));
	assert_true(feedback_rater_is_self("SELF"));
	assert_false(feedback_rater_is_self("selv"));
	arena_free(a);
}

static void test_outcome_unknown_instrument(void **state)
{
	struct feedback_episode ep = {"E9", "P", "U", "p", "2024-01-01", ADULT, "SDQ", NULL, NULL, END_NONE, NULL, 0};
	struct feedback_outcome o;
	struct feedback_alerts al;
	struct feedback_aggregate ag;

	(void)state;
	assert_int_equal(feedback_outcome(&o, &ep, &the_set, NULL), PEJL_ENOTFOUND);
	assert_string_equal(err_last(), "episode E9: SDQ is not a known instrument");
	assert_int_equal(feedback_alerts(&al, &ep, &the_set), PEJL_ENOTFOUND);
	assert_int_equal(feedback_aggregate(&ag, &ep, 1, &the_set), PEJL_ENOTFOUND);
	ep.outcome_instrument = "ORS";
	ep.alliance_instrument = "XRS";
	assert_int_equal(feedback_alerts(&al, &ep, &the_set), PEJL_ENOTFOUND);
}

static void test_class_names(void **state)
{
	enum outcome_class c;
	enum end_reason r;

	(void)state;
	for (int i = 0; i < OUTCOME_CLASS_COUNT; i++) {
		assert_true(outcome_class_parse(&c, outcome_class_name((enum outcome_class)i)));
		assert_int_equal(c, i);
	}
	assert_string_equal(outcome_class_name(OUTCOME_NOT_SCORED), "not_scored");
	assert_string_equal(outcome_class_label(OUTCOME_RECOVERED, LANG_DA), "klinisk bedring");
	assert_string_equal(outcome_class_label(OUTCOME_INSUFFICIENT, LANG_EN), "too few scores");
	assert_false(outcome_class_parse(&c, "better"));
	assert_true(end_reason_parse(&r, "unplanned") && r == END_UNPLANNED);
	assert_false(end_reason_parse(&r, "dropout"));
}

/* --- alerts --------------------------------------------------------------------------------- */

struct alert_row {
	const char *name;
	struct espec e;
	const char *codes[5]; /* expected, in order; NULL ends */
	const char *da, *en;  /* substrings of the first alert's messages, or NULL */
};

#define OPEN_ADULT(...)  {ADULT, "ORS", "SRS", false, {__VA_ARGS__}}
#define OPEN_CHILD(...)  {CHILD, "CORS", "CSRS", false, {__VA_ARGS__}}
#define OPEN_UNDER6(...) {UNDER6, "CORS", "CSRS", false, {__VA_ARGS__}}

static const struct alert_row alert_rows[] = {
    {"alliance 35.9 is below 36", OPEN_ADULT(SA(1, 200, 359)), {"alliance_low"}, "Alliancen er 35,9 ved session 1, under 36,0",
     "Alliance is 35.9 at session 1, below 36.0"},
    {"alliance 36.0 is not below", OPEN_ADULT(SA(1, 200, 360)), {NULL}, NULL, NULL},
    {"alliance fell exactly 1.0", OPEN_ADULT(SA(1, 200, 370), SA(2, 210, 360)), {"alliance_drop"},
     "Alliancen faldt 1,0 point fra session 1 til 2 (37,0 → 36,0)", "Alliance fell 1.0 points from session 1 to 2"},
    {"alliance fell 0.9", OPEN_ADULT(SA(1, 200, 370), SA(2, 210, 361)), {NULL}, NULL, NULL},
    {"alliance rose", OPEN_ADULT(SA(1, 200, 360), SA(2, 210, 380)), {NULL}, NULL, NULL},
    {"alliance 37.0 → 35.0: low and fell", OPEN_ADULT(SA(1, 200, 370), SA(2, 210, 350)),
     {"alliance_low", "alliance_drop"}, NULL, NULL},
    {"a fall counts from the previous alliance score, over a skipped session",
     OPEN_ADULT(SA(1, 200, 380), SK(2), SA(3, 210, 370)), {"alliance_drop"}, "fra session 1 til 3", NULL},
    {"only the latest alliance counts", OPEN_ADULT(SA(1, 200, 300), SA(2, 210, 380)), {NULL}, NULL, NULL},
    {"alliance without an outcome form", OPEN_ADULT(S(1, 200), AL(2, 340)), {"alliance_low"}, NULL, NULL},
    {"session 3, change 0: talk about it", OPEN_ADULT(S(1, 200), S(2, 210), S(3, 200)), {"no_change"},
     "Ingen forbedring ved session 3: 0,0 point", "No improvement at session 3: 0.0 points since intake"},
    {"session 3, change −1.0", OPEN_ADULT(S(1, 200), S(2, 210), S(3, 190)), {"no_change"},
     "-1,0 point", "-1.0 points"},
    {"session 3, change +0.1: no alert", OPEN_ADULT(S(1, 200), S(2, 210), S(3, 201)), {NULL}, NULL, NULL},
    {"session 2, change 0: too early", OPEN_ADULT(S(1, 200), S(2, 200)), {NULL}, NULL, NULL},
    {"session 3 skipped: the latest score is session 2", OPEN_ADULT(S(1, 200), S(2, 200), SK(3)), {NULL}, NULL,
     NULL},
    {"session 4 with sessions 2–3 skipped, change 0", OPEN_ADULT(S(1, 200), SK(2), SK(3), S(4, 200)),
     {"no_change"}, NULL, NULL},
    {"session 6, change 4.9: no reliable improvement",
     OPEN_ADULT(S(1, 150), S(2, 160), S(3, 170), S(4, 180), S(5, 190), S(6, 199)), {"no_reliable_improvement"},
     "Ingen pålidelig forbedring ved session 6: +4,9 point siden første måling (5,0 kræves). Overvej en anden "
     "tilgang.",
     "No reliable improvement at session 6: +4.9 points since intake (5.0 needed). Consider another approach."},
    {"session 6, change 5.0: none", OPEN_ADULT(S(1, 150), S(6, 200)), {NULL}, NULL, NULL},
    {"session 5, change 4.9: none yet", OPEN_ADULT(S(1, 150), S(5, 199)), {NULL}, NULL, NULL},
    {"session 6, change 0: both", OPEN_ADULT(S(1, 150), S(6, 150)), {"no_reliable_improvement", "no_change"}, NULL,
     NULL},
    {"reliable deterioration at session 2", OPEN_ADULT(S(1, 250), S(2, 200)), {"reliable_deterioration"},
     "Pålidelig forværring ved session 2: -5,0 point siden første måling (grænsen er 5,0).",
     "Reliable deterioration at session 2: -5.0 points since intake (the limit is 5.0)."},
    {"deterioration −4.9 is not reliable", OPEN_ADULT(S(1, 250), S(2, 201)), {NULL}, NULL, NULL},
    {"deterioration at session 6 with a low alliance: everything",
     OPEN_ADULT(SA(1, 250, 380), SA(6, 190, 350)),
     {"reliable_deterioration", "no_reliable_improvement", "no_change", "alliance_low", "alliance_drop"}, NULL,
     NULL},
    {"one score: no outcome alert even at session 6", OPEN_ADULT(SK(1), S(6, 100)), {NULL}, NULL, NULL},
    {"a closed episode has no alerts", {ADULT, "ORS", "SRS", true, {SA(1, 250, 300), SA(6, 190, 350)}}, {NULL},
     NULL, NULL},
    {"child: CSRS 35.9 is below 36", OPEN_CHILD(SA(1, 300, 359)), {"alliance_low"}, NULL, NULL},
    {"child: CORS at session 3 without change", OPEN_CHILD(S(1, 300), S(3, 300)), {"no_change"}, NULL, NULL},
    {"under 6: never judged", OPEN_UNDER6(SA(1, 300, 300), SA(6, 200, 200)), {NULL}, NULL, NULL},
    {"collateral rows raise no alerts", OPEN_ADULT(S(1, 200), S(2, 260), C(1, "mor", 300), C(6, "mor", 100)), {NULL},
     NULL, NULL},
};

static void test_alert_table(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < N(alert_rows); i++) {
		const struct alert_row *r = &alert_rows[i];
		struct feedback_episode ep = make(a, &r->e, "E1", "P1");
		struct feedback_alerts al;
		size_t want = 0;
		bool ok;

		assert_int_equal(feedback_alerts(&al, &ep, &the_set), 0);
		while (want < N(r->codes) && r->codes[want])
			want++;
		ok = al.n == want;
		for (size_t k = 0; ok && k < want; k++)
			ok = strcmp(feedback_alert_name(al.list[k].code), r->codes[k]) == 0;
		if (ok && want && r->da)
			ok = strstr(al.list[0].da, r->da) != NULL;
		if (ok && want && r->en)
			ok = strstr(al.list[0].en, r->en) != NULL;
		if (!ok) {
			for (size_t k = 0; k < al.n; k++)
				print_error("    %s | %s | %s\n", feedback_alert_name(al.list[k].code), al.list[k].da,
					    al.list[k].en);
			fail_msg("%s: %zu alerts, want %zu (first %s)", r->name, al.n, want, want ? r->codes[0] : "-");
		}
	}
	arena_free(a);
}

/* The numbers an alert carries. */
static void test_alert_values(void **state)
{
	static const struct espec e = OPEN_ADULT(SA(1, 250, 380), SA(6, 190, 350));
	struct arena *a = arena_new();
	struct feedback_episode ep = make(a, &e, "E1", "P1");
	struct feedback_alerts al;

	(void)state;
	assert_int_equal(feedback_alerts(&al, &ep, &the_set), 0);
	assert_int_equal(al.n, 5);
	assert_true(al.list[0].value == -6 && al.list[0].threshold == 5 && al.list[0].session == 6);
	assert_true(al.list[2].value == -6 && al.list[2].threshold == 0);
	assert_true(al.list[3].value == 35 && al.list[3].threshold == 36);
	assert_true(al.list[4].value == 3 && al.list[4].threshold == 1);
	arena_free(a);
}

/* --- expected trajectory ------------------------------------------------------------------ */

/* Closed adult ORS episodes with intakes 15–19 (band [15, 20)):
 * episode e has session 1 = 15 + e%5, session 2 = that + 2, session 3
 * (missing for e = 0) and session 4 = that + 4. */
static struct feedback_episode *cohort(struct arena *a, size_t n, enum age_band band, int base, bool closed)
{
	struct feedback_episode *eps = arena_calloc(a, n, sizeof *eps);

	for (size_t e = 0; e < n; e++) {
		int intake = base + 10 * (int)(e % 5);
		struct espec sp = {band, "ORS", NULL, closed, {S(1, intake), S(2, intake + 20), S(3, intake + 30),
							  S(4, intake + 40)}};

		if (e == 0)
			sp.s[2] = (struct srow)SK(3);
		eps[e] = make(a, &sp, arena_printf(a, "E%zu", e), arena_printf(a, "P%zu", e));
	}
	return eps;
}

static void test_trajectory_needs_30_episodes(void **state)
{
	struct arena *a = arena_new();
	struct feedback_trajectory_provider p;
	const struct feedback_trajectory *t = NULL;

	(void)state;
	/* 29 episodes: nothing to show */
	assert_int_equal(feedback_trajectory_local(&p, cohort(a, 29, ADULT, 150, true), 29, &the_set), 0);
	assert_int_equal(p.expected(p.ctx, &t, "ORS", ADULT, 17), PEJL_ENOTFOUND);
	feedback_trajectory_provider_free(&p);
	/* 29 closed and 10 open: open episodes do not count */
	{
		struct feedback_episode *eps = arena_calloc(a, 39, sizeof *eps);

		memcpy(eps, cohort(a, 29, ADULT, 150, true), 29 * sizeof *eps);
		memcpy(eps + 29, cohort(a, 10, ADULT, 150, false), 10 * sizeof *eps);
		assert_int_equal(feedback_trajectory_local(&p, eps, 39, &the_set), 0);
		assert_int_equal(p.expected(p.ctx, &t, "ORS", ADULT, 17), PEJL_ENOTFOUND);
		feedback_trajectory_provider_free(&p);
	}
	/* 30 episodes: shown */
	assert_int_equal(feedback_trajectory_local(&p, cohort(a, 30, ADULT, 150, true), 30, &the_set), 0);
	assert_int_equal(p.expected(p.ctx, &t, "ORS", ADULT, 17), 0);
	assert_int_equal(t->nepisodes, 30);
	feedback_trajectory_provider_free(&p);
	arena_free(a);
}

static void test_trajectory_local_numbers(void **state)
{
	struct arena *a = arena_new();
	struct feedback_episode *eps = arena_calloc(a, 40, sizeof *eps);
	struct feedback_trajectory_provider p;
	const struct feedback_trajectory *t = NULL, *t2 = NULL;
	static const struct espec one = {ADULT, "ORS", NULL, true, {S(1, 160)}};
	static const struct espec open = {ADULT, "ORS", NULL, false, {S(1, 165), S(2, 170)}};

	(void)state;
	memcpy(eps, cohort(a, 30, ADULT, 150, true), 30 * sizeof *eps);
	/* closed with one score, and an adolescent: neither belongs to the group */
	for (size_t i = 30; i < 35; i++)
		eps[i] = make(a, &one, "Eone", "Pone");
	memcpy(eps + 35, cohort(a, 5, ADOLESCENT, 150, true), 5 * sizeof *eps);
	assert_int_equal(feedback_trajectory_local(&p, eps, 40, &the_set), 0);
	assert_string_equal(p.label, "local");
	assert_int_equal(p.expected(p.ctx, &t, "ors", ADULT, 15.0), 0);
	assert_string_equal(t->label, "local");
	assert_string_equal(t->instrument, "ORS");
	assert_int_equal(t->band, ADULT);
	assert_true(t->intake_lo == 15 && t->intake_hi == 20);
	assert_int_equal(t->nepisodes, 30);
	/* session 1: 15..19 six times each: median (x15+x16)/2 of 0-based
	 * h = 14.5 → 17; p25 at h = 7.25 → 16. Session 2 is +2, session 4
	 * +4; session 3 has only 29 scores (< 30): no point. */
	assert_int_equal(t->npoints, 3);
	assert_int_equal(t->points[0].session, 1);
	assert_int_equal(t->points[0].n, 30);
	assert_true(t->points[0].median == 17 && t->points[0].p25 == 16);
	assert_int_equal(t->points[1].session, 2);
	assert_true(t->points[1].median == 19 && t->points[1].p25 == 18);
	assert_int_equal(t->points[2].session, 4);
	assert_true(t->points[2].median == 21 && t->points[2].p25 == 20);
	/* the same group for any intake in [15, 20) */
	assert_int_equal(p.expected(p.ctx, &t2, "ORS", ADULT, 19.9), 0);
	assert_ptr_equal(t, t2);
	/* other bands, instruments, age bands: none */
	assert_int_equal(p.expected(p.ctx, &t2, "ORS", ADULT, 20.0), PEJL_ENOTFOUND);
	assert_int_equal(p.expected(p.ctx, &t2, "ORS", ADULT, 14.9), PEJL_ENOTFOUND);
	assert_int_equal(p.expected(p.ctx, &t2, "ORS", ADOLESCENT, 17), PEJL_ENOTFOUND);
	assert_int_equal(p.expected(p.ctx, &t2, "CORS", ADULT, 17), PEJL_ENOTFOUND);
	/* through an episode: an open one with intake 16.5 */
	{
		struct feedback_episode ep = make(a, &open, "Enew", "Pnew");

		assert_int_equal(feedback_expected(&t2, &p, &ep, &the_set), 0);
		assert_ptr_equal(t, t2);
	}
	feedback_trajectory_provider_free(&p);
	feedback_trajectory_provider_free(&p); /* twice is harmless */
	arena_free(a);
}

/* The top band is closed: an intake of 40 is in [35, 40]. */
static void test_trajectory_top_band(void **state)
{
	struct arena *a = arena_new();
	struct feedback_episode *eps = arena_calloc(a, 30, sizeof *eps);
	struct feedback_trajectory_provider p;
	const struct feedback_trajectory *t = NULL;

	(void)state;
	for (size_t e = 0; e < 30; e++) {
		struct espec sp = {ADULT, "ORS", NULL, true, {S(1, e % 2 ? 400 : 360), S(2, 400)}};

		eps[e] = make(a, &sp, "E", arena_printf(a, "P%zu", e));
	}
	assert_int_equal(feedback_trajectory_local(&p, eps, 30, &the_set), 0);
	assert_int_equal(p.expected(p.ctx, &t, "ORS", ADULT, 40), 0);
	assert_true(t->intake_lo == 35 && t->intake_hi == 40);
	assert_int_equal(p.expected(p.ctx, &t, "ORS", ADULT, 35), 0);
	assert_true(t->points[0].median == 38 && t->points[0].p25 == 36);
	feedback_trajectory_provider_free(&p);
	arena_free(a);
}

/* Another provider fills the same interface (a licensed one, say). */
static const struct feedback_trajectory_point fake_points[] = {{1, 100, 19.5, 17}, {2, 100, 22, 19}};
static const struct feedback_trajectory fake = {"licensed", "ORS", ADULT, 15, 20, 100, fake_points, 2};
static int fake_calls;
static int fake_expected(void *ctx, const struct feedback_trajectory **out, const char *instrument,
			 enum age_band band, double intake)
{
	(void)ctx;
	fake_calls++;
	if (strcmp(instrument, "ORS") != 0 || band != ADULT || intake != 18)
		return PEJL_ENOTFOUND;
	*out = &fake;
	return 0;
}

static void test_trajectory_provider_interface(void **state)
{
	static const struct espec e = {ADULT, "ORS", NULL, false, {S(1, 180), S(2, 200)}};
	struct feedback_trajectory_provider p = {"licensed", NULL, fake_expected, NULL};
	struct arena *a = arena_new();
	struct feedback_episode ep = make(a, &e, "E", "P");
	static const struct espec none = {ADULT, "ORS", NULL, false, {SK(1)}};
	struct feedback_episode ep2 = make(a, &none, "E2", "P2");
	const struct feedback_trajectory *t = NULL;

	(void)state;
	assert_int_equal(feedback_expected(&t, &p, &ep, &the_set), 0);
	assert_ptr_equal(t, &fake);
	assert_int_equal(fake_calls, 1);
	assert_int_equal(feedback_expected(&t, &p, &ep2, &the_set), PEJL_ENOTFOUND); /* no intake yet */
	assert_int_equal(fake_calls, 1);
	feedback_trajectory_provider_free(&p); /* no free function: fine */
	feedback_trajectory_provider_free(NULL);
	arena_free(a);
}

static void test_quantile(void **state)
{
	static const double a4[] = {1, 2, 3, 4}, a1[] = {5}, a2[] = {1, 2};

	(void)state;
	assert_true(feedback_quantile(a4, 4, 0.5) == 2.5);
	assert_true(feedback_quantile(a4, 4, 0.25) == 1.75);
	assert_true(feedback_quantile(a4, 4, 0) == 1 && feedback_quantile(a4, 4, 1) == 4);
	assert_true(feedback_quantile(a1, 1, 0.25) == 5);
	assert_true(feedback_quantile(a2, 2, 0.25) == 1.25);
	assert_true(isnan(feedback_quantile(a1, 0, 0.5)));
}

/* --- aggregates -------------------------------------------------------------------------- */

/*
 * Five adult ORS/SRS episodes, four citizens:
 *   E1 P1  18.0 → 26.0 recovered (+8), SRS 35.0, 38.0; closed planned
 *   E2 P2  20.0, skipped, 22.0 unchanged (+2), SRS 36.0, 37.0; closed unplanned
 *   E3 P1  30.0 → 24.0 deteriorated (−6), SRS 39.0, 39.5; open
 *   E4 P3  12.0 → 18.0 improved (+6), no SRS; closed planned
 *   E5 P4  15.0 only: insufficient; closed unplanned
 * classified 4: mean intake 80/4 = 20, final 90/4 = 22.5, change 10/4 = 2.5;
 * sd(intake) = √(((−2)² + 0² + 10² + (−8)²)/3) = √56 = 7.4833…, d = 0.33408;
 * 25 % each of recovered, improved, unchanged, deteriorated;
 * closed 4, unplanned 2 → 50 %; sessions 2+3+2+2+1 = 10 → 2.0;
 * final alliance (38 + 37 + 39.5)/3 = 38.1667; alliance scores 6, of which
 * 5 are ≥ 36 → 83.33 %.
 */
static void test_aggregate_by_hand(void **state)
{
	static const struct espec specs[] = {
	    {ADULT, "ORS", "SRS", true, {SA(1, 180, 350), SA(2, 260, 380)}},
	    {ADULT, "ORS", "SRS", true, {SA(1, 200, 360), SK(2), SA(3, 220, 370)}},
	    {ADULT, "ORS", "SRS", false, {SA(1, 300, 390), SA(2, 240, 395)}},
	    {ADULT, "ORS", "SRS", true, {S(1, 120), S(2, 180)}},
	    {ADULT, "ORS", "SRS", true, {S(1, 150)}},
	};
	static const char *const who[] = {"P1", "P2", "P1", "P3", "P4"};
	struct arena *a = arena_new();
	struct feedback_episode eps[5];
	struct feedback_aggregate g;

	(void)state;
	for (size_t i = 0; i < 5; i++)
		eps[i] = make(a, &specs[i], arena_printf(a, "E%zu", i + 1), who[i]);
	eps[1].end_reason = END_UNPLANNED;
	eps[4].end_reason = END_UNPLANNED;
	assert_int_equal(feedback_aggregate(&g, eps, 5, &the_set), 0);
	assert_int_equal(g.episodes, 5);
	assert_int_equal(g.citizens, 4);
	assert_int_equal(g.classified, 4);
	assert_int_equal(g.count[OUTCOME_INSUFFICIENT], 1);
	assert_true(g.has_means);
	assert_true(g.mean_intake == 20 && g.mean_final == 22.5 && g.mean_change == 2.5);
	assert_true(g.has_sd && fabs(g.sd_intake - sqrt(56)) < 1e-12);
	assert_true(g.has_effect && fabs(g.effect_size - 2.5 / sqrt(56)) < 1e-12);
	assert_true(fabs(g.effect_size - 0.33408) < 1e-5);
	assert_true(g.pct_recovered == 25 && g.pct_improved == 25 && g.pct_unchanged == 25 &&
		    g.pct_deteriorated == 25);
	assert_int_equal(g.closed, 4);
	assert_int_equal(g.planned, 2);
	assert_int_equal(g.unplanned, 2);
	assert_true(g.has_unplanned && g.pct_unplanned == 50);
	assert_true(g.has_sessions && g.mean_sessions == 2);
	assert_int_equal(g.alliance_episodes, 3);
	assert_true(g.has_final_alliance && fabs(g.mean_final_alliance - 114.5 / 3) < 1e-12);
	assert_int_equal(g.alliance_scores, 6);
	assert_int_equal(g.alliance_ok, 5);
	assert_true(g.has_alliance_share && fabs(g.pct_alliance_ok - 500.0 / 6) < 1e-12);
	arena_free(a);
}

static void test_aggregate_edges(void **state)
{
	static const struct espec one = {ADULT, "ORS", "SRS", false, {SA(1, 180, 360), SA(2, 260, 350)}};
	static const struct espec under6 = {UNDER6, "CORS", "CSRS", true, {SA(1, 100, 300), SA(2, 300, 300)}};
	struct arena *a = arena_new();
	struct feedback_episode eps[2];
	struct feedback_aggregate g;

	(void)state;
	assert_int_equal(feedback_aggregate(&g, NULL, 0, &the_set), 0);
	assert_false(g.has_means || g.has_sd || g.has_effect || g.has_unplanned || g.has_sessions ||
		     g.has_final_alliance || g.has_alliance_share);
	/* one classified episode: means but no sd or d; nothing closed */
	eps[0] = make(a, &one, "E1", "P1");
	assert_int_equal(feedback_aggregate(&g, eps, 1, &the_set), 0);
	assert_true(g.has_means && !g.has_sd && !g.has_effect && !g.has_unplanned);
	assert_true(g.pct_alliance_ok == 50);
	/* under 6 is neither classified nor in the alliance figures */
	eps[1] = make(a, &under6, "E2", "P2");
	assert_int_equal(feedback_aggregate(&g, eps, 2, &the_set), 0);
	assert_int_equal(g.classified, 1);
	assert_int_equal(g.count[OUTCOME_NOT_SCORED], 1);
	assert_int_equal(g.alliance_scores, 2);
	assert_int_equal(g.closed, 1);
	/* the same intake twice: sd 0, no effect size */
	eps[1] = make(a, &one, "E3", "P1");
	assert_int_equal(feedback_aggregate(&g, eps, 2, &the_set), 0);
	assert_int_equal(g.citizens, 1);
	assert_true(g.has_sd && g.sd_intake == 0 && !g.has_effect);
	arena_free(a);
}

/* --- checking an episode --------------------------------------------------------------------- */

static void test_episode_check(void **state)
{
	static const struct {
		const char *name;
		struct espec e;
		const char *start, *end;
		enum end_reason reason;
		const char *where, *msg; /* NULL: no problem */
	} rows[] = {
	    {"a good episode", {ADULT, "ORS", "SRS", false, {SA(1, 180, 380), S(2, 200)}}, "2024-01-01", NULL,
	     END_NONE, NULL, NULL},
	    {"a good closed one", {ADULT, "ORS", "SRS", false, {SA(1, 180, 380)}}, "2024-01-01", "2024-02-01",
	     END_UNPLANNED, NULL, NULL},
	    {"a negative session number", {ADULT, "ORS", NULL, false, {S(1, 180), {-1, NULL, false, 100, NO}}}, "2024-01-01",
	     NULL, END_NONE, "E: sessions[1]", "session number -1; sessions are numbered from 1"},
	    {"a session twice", {ADULT, "ORS", NULL, false, {S(1, 180), S(1, 190)}}, "2024-01-01", NULL, END_NONE,
	     "E: sessions[1]", "session 1 of rater self is also sessions[0]"},
	    {"a collateral may share the session", {ADULT, "ORS", NULL, false, {S(1, 180), C(1, "mor", 190)}},
	     "2024-01-01", NULL, END_NONE, NULL, NULL},
	    {"a skipped session with values", {ADULT, "ORS", NULL, false, {S(1, 180), {2, NULL, true, 100, NO}}},
	     "2024-01-01", NULL, END_NONE, "E: sessions[1]",
	     "a skipped session has no values (a zero is a score: leave skipped off)"},
	    {"values that do not score", {ADULT, "ORS", NULL, false, {S(1, BAD)}}, "2024-01-01", NULL, END_NONE,
	     "E: sessions[0]", "outcome (ORS): item i1 (Individual) is 10.1; the range is 0.0–10.0"},
	    {"a session before the start", {ADULT, "ORS", NULL, false, {S(1, 180)}}, "2024-01-05", NULL, END_NONE,
	     "E: sessions[0]", "date 2024-01-01 is before the episode's start 2024-01-05"},
	    {"a session after the end", {ADULT, "ORS", NULL, false, {S(1, 180), S(9, 180)}}, "2024-01-01",
	     "2024-01-05", END_PLANNED, "E: sessions[1]", "date 2024-01-09 is after the episode's end 2024-01-05"},
	    {"an end without a reason", {ADULT, "ORS", NULL, false, {S(1, 180)}}, "2024-01-01", "2024-02-01",
	     END_NONE, "E: end_reason", "an ended episode needs an end reason (planned or unplanned)"},
	    {"a reason without an end", {ADULT, "ORS", NULL, false, {S(1, 180)}}, "2024-01-01", NULL, END_PLANNED,
	     "E: end_reason", "an open episode has no end reason"},
	    {"an end before the start", {ADULT, "ORS", NULL, false, {{0}}}, "2024-01-10", "2024-01-09", END_PLANNED,
	     "E: end", "2024-01-09 is before the start 2024-01-10"},
	    {"not a date", {ADULT, "ORS", NULL, false, {{0}}}, "2024-02-30", NULL, END_NONE, "E: start",
	     "\"2024-02-30\" is not a date YYYY-MM-DD"},
	    {"ORS for a child", {CHILD, "ORS", NULL, false, {S(1, 180)}}, "2024-01-01", NULL, END_NONE,
	     "E: instrument", "ORS is not for the age band child (6–12)"},
	    {"SRS as the outcome", {ADULT, "SRS", NULL, false, {{0}}}, "2024-01-01", NULL, END_NONE, "E: instrument",
	     "SRS is of kind alliance, not an outcome instrument"},
	    {"CSRS for an adult", {ADULT, "ORS", "CSRS", false, {{0}}}, "2024-01-01", NULL, END_NONE,
	     "E: alliance_instrument", "CSRS is not for the age band adult (18+)"},
	    {"alliance values from a collateral", {ADULT, "ORS", "SRS", false, {{1, "mor", false, 180, 380}}},
	     "2024-01-01", NULL, END_NONE, "E: sessions[0]", "alliance values from mor: the alliance is rated by the "
							      "citizen"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct feedback_episode ep = make(a, &rows[i].e, "E1", "P1");
		struct diag d;
		size_t n;

		ep.start = rows[i].start;
		ep.end = rows[i].end;
		ep.end_reason = rows[i].reason;
		diag_init(&d);
		n = feedback_episode_check(&ep, &the_set, "E", &d);
		if (!rows[i].where ? n != 0
				   : (n != 1 || strcmp(d.items[0].where, rows[i].where) != 0 ||
				      strcmp(d.items[0].msg, rows[i].msg) != 0)) {
			for (size_t k = 0; k < d.n; k++)
				print_error("    %s: %s\n", d.items[k].where, d.items[k].msg);
			fail_msg("%s: %zu problems, want %s", rows[i].name, n, rows[i].msg ? rows[i].msg : "none");
		}
		diag_free(&d);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_outcome_table),
	    cmocka_unit_test(test_outcome_lower_is_better),
	    cmocka_unit_test(test_clinical_range_edges),
	    cmocka_unit_test(test_raters),
	    cmocka_unit_test(test_outcome_unknown_instrument),
	    cmocka_unit_test(test_class_names),
	    cmocka_unit_test(test_alert_table),
	    cmocka_unit_test(test_alert_values),
	    cmocka_unit_test(test_trajectory_needs_30_episodes),
	    cmocka_unit_test(test_trajectory_local_numbers),
	    cmocka_unit_test(test_trajectory_top_band),
	    cmocka_unit_test(test_trajectory_provider_interface),
	    cmocka_unit_test(test_quantile),
	    cmocka_unit_test(test_aggregate_by_hand),
	    cmocka_unit_test(test_aggregate_edges),
	    cmocka_unit_test(test_episode_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
