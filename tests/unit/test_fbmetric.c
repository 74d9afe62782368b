/*
 * test_fbmetric.c — goals computed from feedback (src/core/fbmetric.h) as
 * tables of worked examples, with the shipped instruments:
 *
 *   parse    every accepted form and every refusal with its exact message;
 *   check    instruments that exist and are of the metric's kind ("*" for
 *            any; a satisfaction form is neither outcome nor alliance);
 *   parts    each metric on hand-built episodes: the class metrics only for
 *            closed episodes, in their end period, insufficient and
 *            not_scored left out; planned_ending; alliance_ok per session
 *            date, default threshold 36 (exactly 36 counts) and an explicit
 *            one; score_above strictly above, the last score in the period
 *            by session number; instrument codes in any case;
 *   periods  quarterly, monthly, school-year, yearly and biennial cadence;
 *   cut      an episode spanning more than FBMETRIC_MAX_PARTS periods.
 *
 * Totals are written as in test_feedback.c: ORS/CORS/SRS/CSRS in tenths
 * (183 = 18.3), WHO-5 as the raw item sum (13 → 52); the helper spreads a
 * total over the items.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/fbmetric.h"
#include "io/instrument_file.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

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

/* --- parse ------------------------------------------------------------------------------ */

struct parse_row {
	const char *in;
	bool ok;
	enum fbmetric_kind kind;
	const char *instrument;
	bool has_threshold;
	double threshold;
	const char *why; /* the whole message when refused */
};

#define OK(in, kind, instr)          {in, true, FBM_##kind, instr, false, 0, NULL}
#define OKT(in, kind, instr, thr)    {in, true, FBM_##kind, instr, true, thr, NULL}
#define BAD(in, why)                 {in, false, 0, NULL, false, 0, why}
#define METRIC_LIST "(reliable_improvement, recovered, reliable_deterioration, planned_ending, alliance_ok, score_above)"

static const struct parse_row parse_rows[] = {
    OK("ORS:reliable_improvement", RELIABLE_IMPROVEMENT, "ORS"),
    OK("CORS:recovered", RECOVERED, "CORS"),
    OK("ORS:reliable_deterioration", RELIABLE_DETERIORATION, "ORS"),
    OK("ORS:planned_ending", PLANNED_ENDING, "ORS"),
    OK("SRS:alliance_ok", ALLIANCE_OK, "SRS"),
    OK("*:recovered", RECOVERED, "*"),
    OK("*:alliance_ok", ALLIANCE_OK, "*"),
    OK("my_form-2:recovered", RECOVERED, "my_form-2"),
    OK("ABCDEFGHIJKLMNOPQRSTUVW:recovered", RECOVERED, "ABCDEFGHIJKLMNOPQRSTUVW"), /* 23 characters */
    OKT("SRS:alliance_ok:30", ALLIANCE_OK, "SRS", 30),
    OKT("CSRS:alliance_ok:36.5", ALLIANCE_OK, "CSRS", 36.5),
    OKT("WHO5:score_above:50", SCORE_ABOVE, "WHO5", 50),
    OKT("ORS:score_above:25.0", SCORE_ABOVE, "ORS", 25),
    OKT("ORS:score_above:-1", SCORE_ABOVE, "ORS", -1),
    BAD(NULL, "\"\" is not INSTRUMENT:METRIC (e.g. ORS:reliable_improvement)"),
    BAD("", "\"\" is not INSTRUMENT:METRIC (e.g. ORS:reliable_improvement)"),
    BAD("ORS", "\"ORS\" is not INSTRUMENT:METRIC (e.g. ORS:reliable_improvement)"),
    BAD("reliable_improvement", "\"reliable_improvement\" is not INSTRUMENT:METRIC (e.g. ORS:reliable_improvement)"),
    BAD(":recovered", "the instrument code before ':' must have 1 to 23 characters"),
    BAD("ABCDEFGHIJKLMNOPQRSTUVWX:recovered", "the instrument code before ':' must have 1 to 23 characters"),
    BAD("O RS:recovered", "\"O RS\" is not an instrument code (or *)"),
    BAD("**:recovered", "\"**\" is not an instrument code (or *)"),
    BAD("OR*:recovered", "\"OR*\" is not an instrument code (or *)"),
    BAD("ØRS:recovered", "\"ØRS\" is not an instrument code (or *)"),
    BAD("ORS:improved", "\"improved\" is not a metric " METRIC_LIST),
    BAD("ORS:", "\"\" is not a metric " METRIC_LIST),
    BAD("ORS:Recovered", "\"Recovered\" is not a metric " METRIC_LIST),
    BAD("ORS:recovered_", "\"recovered_\" is not a metric " METRIC_LIST),
    BAD("ORS:recover", "\"recover\" is not a metric " METRIC_LIST),
    BAD("ORS:reliable_improvement:5", "reliable_improvement takes no threshold"),
    BAD("ORS:recovered:5", "recovered takes no threshold"),
    BAD("ORS:reliable_deterioration:5", "reliable_deterioration takes no threshold"),
    BAD("ORS:planned_ending:1", "planned_ending takes no threshold"),
    BAD("SRS:alliance_ok:", "\"\" is not a threshold number"),
    BAD("SRS:alliance_ok:3x", "\"3x\" is not a threshold number"),
    BAD("SRS:alliance_ok:36:1", "\"36:1\" is not a threshold number"),
    BAD("SRS:alliance_ok:inf", "\"inf\" is not a threshold number"),
    BAD("SRS:alliance_ok:nan", "\"nan\" is not a threshold number"),
    BAD("WHO5:score_above", "score_above needs a threshold (e.g. WHO5:score_above:50)"),
    BAD("WHO5:score_above:", "\"\" is not a threshold number"),
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parse_rows); i++) {
		const struct parse_row *r = &parse_rows[i];
		struct fbmetric m;
		char why[300] = "";
		bool got = fbmetric_parse(&m, r->in, why, sizeof why);

		if (got != r->ok)
			fail_msg("%s: parse %s (%s)", r->in ? r->in : "(null)", got ? "accepted" : "refused", why);
		if (!r->ok) {
			if (strcmp(why, r->why) != 0)
				fail_msg("%s: message\n  got:  %s\n  want: %s", r->in ? r->in : "(null)", why, r->why);
			continue;
		}
		if (m.kind != r->kind || strcmp(m.instrument, r->instrument) != 0 || m.has_threshold != r->has_threshold ||
		    (r->has_threshold && m.threshold != r->threshold))
			fail_msg("%s: got kind %d, instrument %s, threshold %d/%g", r->in, (int)m.kind, m.instrument,
				 m.has_threshold, m.threshold);
	}
}

/* --- check ------------------------------------------------------------------------------ */

struct check_row {
	const char *metric;
	const char *why; /* NULL: accepted */
};

static const struct check_row check_rows[] = {
    {"ORS:reliable_improvement", NULL},
    {"CORS:recovered", NULL},
    {"ORS:reliable_deterioration", NULL},
    {"ORS:planned_ending", NULL},
    {"WHO5:score_above:50", NULL},
    {"WHO5:reliable_improvement", NULL}, /* a wellbeing form is an episode's outcome form */
    {"SRS:alliance_ok", NULL},
    {"CSRS:alliance_ok:30", NULL},
    {"*:recovered", NULL},
    {"*:alliance_ok", NULL},
    {"ors:reliable_improvement", NULL}, /* codes in any case, as everywhere */
    {"XYZ:recovered", "XYZ is not a known instrument"},
    {"XYZ:alliance_ok", "XYZ is not a known instrument"},
    {"ORS:alliance_ok", "ORS is an outcome instrument; alliance_ok needs an alliance one"},
    {"WHO5:alliance_ok", "WHO5 is a wellbeing instrument; alliance_ok needs an alliance one"},
    {"SAT:alliance_ok", "SAT is a satisfaction instrument; alliance_ok needs an alliance one"},
    {"SRS:reliable_improvement", "SRS is an alliance instrument; reliable_improvement needs an outcome or wellbeing one"},
    {"CSRS:recovered", "CSRS is an alliance instrument; recovered needs an outcome or wellbeing one"},
    {"SRS:planned_ending", "SRS is an alliance instrument; planned_ending needs an outcome or wellbeing one"},
    {"SRS:score_above:30", "SRS is an alliance instrument; score_above needs an outcome or wellbeing one"},
    /* a satisfaction survey is never an episode's outcome form: such a goal would never have a figure */
    {"SAT:score_above:3", "SAT is a satisfaction instrument; score_above needs an outcome or wellbeing one"},
    {"SAT:planned_ending", "SAT is a satisfaction instrument; planned_ending needs an outcome or wellbeing one"},
};

static void test_check_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(check_rows); i++) {
		const struct check_row *r = &check_rows[i];
		struct fbmetric m;
		char why[300] = "";
		bool got;

		if (!fbmetric_parse(&m, r->metric, why, sizeof why))
			fail_msg("%s does not parse: %s", r->metric, why);
		got = fbmetric_check(&m, &the_set, why, sizeof why);
		if (got != (r->why == NULL))
			fail_msg("%s: check %s (%s)", r->metric, got ? "accepted" : "refused", why);
		if (r->why && strcmp(why, r->why) != 0)
			fail_msg("%s: message\n  got:  %s\n  want: %s", r->metric, why, r->why);
	}
}

/* --- building episodes ------------------------------------------------------------------ */

#define NO (-1) /* no form */

struct srow {
	int number; /* 0 ends the list */
	const char *date;
	const char *rater; /* NULL: self */
	bool skipped;
	int out, all; /* raw totals, or NO */
};

#define S(n, date, out)         {n, date, NULL, false, out, NO}
#define SA(n, date, out, all)   {n, date, NULL, false, out, all}
#define AL(n, date, all)        {n, date, NULL, false, NO, all}
#define SK(n, date)             {n, date, NULL, true, NO, NO}
#define C(n, date, who, out)    {n, date, who, false, out, NO}
#define CA(n, date, who, all)   {n, date, who, false, NO, all}

struct espec {
	enum age_band band;
	const char *instrument, *alliance;
	const char *end; /* NULL: open */
	enum end_reason reason;
	struct srow s[8];
};

/* The items of a form with this raw total, spread as evenly as possible. */
static int *spread(struct arena *a, const struct instrument *in, int total, size_t *n)
{
	int *v = arena_calloc(a, in->nitems, sizeof *v);
	int k = (int)in->nitems;

	for (int i = 0; i < k; i++)
		v[i] = total / k + (i < total % k);
	*n = in->nitems;
	return v;
}

static struct feedback_episode make(struct arena *a, const struct espec *sp)
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
		s->date = r->date;
		s->rater = r->rater;
		s->skipped = r->skipped;
		if (r->out != NO)
			s->outcome = spread(a, out, r->out, &s->noutcome);
		if (r->all != NO) {
			assert_non_null(all);
			s->alliance = spread(a, all, r->all, &s->nalliance);
		}
	}
	ep.id = "E";
	ep.pseudonym = "p";
	ep.unit = "U1";
	ep.practitioner = "anna";
	ep.start = "2016-01-04";
	ep.band = sp->band;
	ep.outcome_instrument = sp->instrument;
	ep.alliance_instrument = sp->alliance;
	ep.end = sp->end;
	ep.end_reason = sp->end ? sp->reason : END_NONE;
	ep.sessions = ss;
	ep.nsessions = n;
	return ep;
}

/* --- parts ------------------------------------------------------------------------------ */

struct xpart {
	const char *period;
	long num, den;
};

struct parts_row {
	const char *name;
	const char *metric;
	enum cadence cadence;
	struct espec e;
	size_t n;
	struct xpart x[4]; /* in period order */
};

#define ADULT      AGE_BAND_ADULT
#define ADOLESCENT AGE_BAND_ADOLESCENT
#define CHILD      AGE_BAND_CHILD
#define UNDER6     AGE_BAND_UNDER_6
#define YEARLY     CADENCE_YEARLY
#define QUARTERLY  CADENCE_QUARTERLY
#define MONTHLY    CADENCE_MONTHLY
#define SCHOOL     CADENCE_SCHOOL_YEAR
#define BIENNIAL   CADENCE_BIENNIAL
#define PLANNED    END_PLANNED
#define UNPLANNED  END_UNPLANNED

/* ORS adult: cutoff 25, reliable change 5. CORS child: cutoff 32. */
#define ORS_CLOSED(end, ...)  {ADULT, "ORS", "SRS", end, PLANNED, {__VA_ARGS__}}
#define ORS_OPEN(...)         {ADULT, "ORS", "SRS", NULL, END_NONE, {__VA_ARGS__}}
#define RECOVERS              S(1, "2017-01-02", 180), S(2, "2017-01-09", 260) /* 18.0 → 26.0 */
#define IMPROVES              S(1, "2017-01-02", 100), S(2, "2017-01-09", 150) /* 10.0 → 15.0: exactly 5 */
#define STAYS                 S(1, "2017-01-02", 100), S(2, "2017-01-09", 149) /* 10.0 → 14.9 */
#define WORSENS               S(1, "2017-01-02", 300), S(2, "2017-01-09", 250) /* 30.0 → 25.0: exactly −5 */

static const struct parts_row parts_rows[] = {
    /* --- the class metrics: closed episodes, by end period ----------------------------- */
    {"recovered: 18.0 → 26.0, ended 2017-03-31, counts in 2017", "ORS:recovered", YEARLY,
     ORS_CLOSED("2017-03-31", RECOVERS), 1, {{"2017", 1, 1}}},
    {"recovered: the same episode under reliable_improvement", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-03-31", RECOVERS), 1, {{"2017", 1, 1}}},
    {"recovered: no reliable deterioration", "ORS:reliable_deterioration", YEARLY, ORS_CLOSED("2017-03-31", RECOVERS),
     1, {{"2017", 0, 1}}},
    {"the end period decides, not the session dates (quarterly: ended 2017-04-01 → 2017Q2)", "ORS:recovered",
     QUARTERLY, ORS_CLOSED("2017-04-01", RECOVERS), 1, {{"2017Q2", 1, 1}}},
    {"ended 2017-12-31 is 2017 even with sessions in 2016", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-12-31", S(1, "2016-11-01", 100), S(2, "2016-12-01", 150)), 1, {{"2017", 1, 1}}},
    {"improved by exactly 5 without crossing: reliable, not recovered", "ORS:recovered", YEARLY,
     ORS_CLOSED("2017-06-30", IMPROVES), 1, {{"2017", 0, 1}}},
    {"improved by exactly 5: reliable improvement", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-06-30", IMPROVES), 1, {{"2017", 1, 1}}},
    {"4.9 is not a reliable improvement, but the episode is in the base", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-06-30", STAYS), 1, {{"2017", 0, 1}}},
    {"−5.0 exactly is a reliable deterioration", "ORS:reliable_deterioration", YEARLY,
     ORS_CLOSED("2017-06-30", WORSENS), 1, {{"2017", 1, 1}}},
    {"−5.0: no reliable improvement", "ORS:reliable_improvement", YEARLY, ORS_CLOSED("2017-06-30", WORSENS), 1,
     {{"2017", 0, 1}}},
    {"an open episode has no class contribution", "ORS:reliable_improvement", YEARLY, ORS_OPEN(RECOVERS), 0, {{0}}},
    {"an open episode: recovered neither", "ORS:recovered", YEARLY, ORS_OPEN(RECOVERS), 0, {{0}}},
    {"one score is insufficient: left out of the base", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-06-30", S(1, "2017-01-02", 100)), 0, {{0}}},
    {"a skipped second session is not a score: insufficient", "ORS:reliable_deterioration", YEARLY,
     ORS_CLOSED("2017-06-30", S(1, "2017-01-02", 100), SK(2, "2017-01-09")), 0, {{0}}},
    {"collateral scores only: insufficient for the citizen", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-06-30", C(1, "2017-01-02", "mor", 100), C(2, "2017-01-09", "mor", 200)), 0, {{0}}},
    {"collateral scores do not change the citizen's class", "ORS:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-06-30", S(1, "2017-01-02", 100), C(1, "2017-01-02", "mor", 100), S(2, "2017-01-09", 120),
		C(2, "2017-01-09", "mor", 300)),
     1, {{"2017", 0, 1}}},
    {"under 6: not scored, left out", "CORS:reliable_improvement", YEARLY,
     {UNDER6, "CORS", "CSRS", "2017-06-30", PLANNED, {S(1, "2017-01-02", 100), S(2, "2017-01-09", 300)}}, 0, {{0}}},
    {"a child on CORS (cutoff 32): 20.0 → 33.0 recovered", "CORS:recovered", YEARLY,
     {CHILD, "CORS", "CSRS", "2017-06-30", PLANNED, {S(1, "2017-01-02", 200), S(2, "2017-01-09", 330)}}, 1,
     {{"2017", 1, 1}}},
    {"another instrument's metric: nothing", "CORS:reliable_improvement", YEARLY, ORS_CLOSED("2017-06-30", RECOVERS),
     0, {{0}}},
    {"* takes any outcome instrument (ORS)", "*:reliable_improvement", YEARLY, ORS_CLOSED("2017-06-30", RECOVERS), 1,
     {{"2017", 1, 1}}},
    {"* takes any outcome instrument (CORS)", "*:recovered", YEARLY,
     {CHILD, "CORS", "CSRS", "2017-06-30", PLANNED, {S(1, "2017-01-02", 200), S(2, "2017-01-09", 330)}}, 1,
     {{"2017", 1, 1}}},
    {"an instrument code in lower case matches ORS", "ors:reliable_improvement", YEARLY,
     ORS_CLOSED("2017-06-30", RECOVERS), 1, {{"2017", 1, 1}}},
    {"school year: ended 2017-07-31 → 2016/17", "ORS:recovered", SCHOOL, ORS_CLOSED("2017-07-31", RECOVERS), 1,
     {{"2016/17", 1, 1}}},
    {"school year: ended 2017-08-01 → 2017/18", "ORS:recovered", SCHOOL, ORS_CLOSED("2017-08-01", RECOVERS), 1,
     {{"2017/18", 1, 1}}},

    /* --- planned_ending ---------------------------------------------------------------- */
    {"planned ending: 1 of 1", "ORS:planned_ending", YEARLY, ORS_CLOSED("2016-05-31", RECOVERS), 1, {{"2016", 1, 1}}},
    {"unplanned ending: 0 of 1", "ORS:planned_ending", YEARLY,
     {ADULT, "ORS", "SRS", "2016-05-31", UNPLANNED, {RECOVERS}}, 1, {{"2016", 0, 1}}},
    {"planned ending needs no scores (one score, insufficient for a class)", "ORS:planned_ending", MONTHLY,
     ORS_CLOSED("2016-05-31", S(1, "2016-05-02", 100)), 1, {{"2016-05", 1, 1}}},
    {"planned ending of an under-6 episode counts (no scores needed)", "*:planned_ending", YEARLY,
     {UNDER6, "CORS", "CSRS", "2016-05-31", PLANNED, {S(1, "2016-05-02", 100)}}, 1, {{"2016", 1, 1}}},
    {"an open episode has not ended", "ORS:planned_ending", YEARLY, ORS_OPEN(RECOVERS), 0, {{0}}},
    {"planned ending of another instrument's episode: nothing", "CORS:planned_ending", YEARLY,
     ORS_CLOSED("2016-05-31", RECOVERS), 0, {{0}}},

    /* --- alliance_ok: self alliance scores by session date ----------------------------- */
    {"alliance: exactly 36.0 counts, 35.9 does not; per year of the session date", "SRS:alliance_ok", YEARLY,
     ORS_OPEN(SA(1, "2016-12-30", 200, 360), SA(2, "2017-01-05", 210, 359), SA(3, "2017-12-31", 220, 400),
	      SA(4, "2018-01-02", 230, 200)),
     3, {{"2016", 1, 1}, {"2017", 1, 2}, {"2018", 0, 1}}},
    {"alliance with an explicit threshold 35.9: 35.9 counts now", "SRS:alliance_ok:35.9", YEARLY,
     ORS_OPEN(SA(1, "2016-12-30", 200, 360), SA(2, "2017-01-05", 210, 359), SA(3, "2017-12-31", 220, 400),
	      SA(4, "2018-01-02", 230, 200)),
     3, {{"2016", 1, 1}, {"2017", 2, 2}, {"2018", 0, 1}}},
    {"alliance with an explicit threshold 20: 20.0 counts", "SRS:alliance_ok:20", YEARLY,
     ORS_OPEN(SA(1, "2018-01-02", 230, 200), SA(2, "2018-01-09", 230, 199)), 1, {{"2018", 1, 2}}},
    {"alliance with an explicit threshold 40: 36.0 no longer counts", "SRS:alliance_ok:40", YEARLY,
     ORS_OPEN(SA(1, "2017-01-02", 200, 360), SA(2, "2017-01-09", 200, 400)), 1, {{"2017", 1, 2}}},
    {"alliance counts in closed episodes too", "SRS:alliance_ok", YEARLY,
     ORS_CLOSED("2017-06-30", SA(1, "2017-01-02", 200, 380), SA(2, "2017-01-09", 260, 390)), 1, {{"2017", 2, 2}}},
    {"alliance: collateral, skipped and form-less sessions are left out", "SRS:alliance_ok", YEARLY,
     ORS_OPEN(SA(1, "2017-01-02", 200, 380), CA(1, "2017-01-02", "mor", 100), SK(2, "2017-01-09"),
	      S(3, "2017-01-16", 210), AL(4, "2017-01-23", 300)),
     1, {{"2017", 1, 2}}},
    {"alliance per month", "SRS:alliance_ok", MONTHLY,
     ORS_OPEN(SA(1, "2017-01-31", 200, 380), SA(2, "2017-02-01", 200, 300), SA(3, "2017-02-28", 200, 370)), 2,
     {{"2017-01", 1, 1}, {"2017-02", 1, 2}}},
    {"alliance per quarter", "SRS:alliance_ok", QUARTERLY,
     ORS_OPEN(SA(1, "2017-03-31", 200, 380), SA(2, "2017-04-01", 200, 300)), 2, {{"2017Q1", 1, 1}, {"2017Q2", 0, 1}}},
    {"a biennial goal counts per year", "SRS:alliance_ok", BIENNIAL,
     ORS_OPEN(SA(1, "2016-12-31", 200, 380), SA(2, "2017-01-01", 200, 390)), 2, {{"2016", 1, 1}, {"2017", 1, 1}}},
    {"SRS metric on a child's CSRS: nothing", "SRS:alliance_ok", YEARLY,
     {CHILD, "CORS", "CSRS", NULL, END_NONE, {SA(1, "2017-01-02", 200, 380)}}, 0, {{0}}},
    {"CSRS for a child: default threshold 36", "CSRS:alliance_ok", YEARLY,
     {CHILD, "CORS", "CSRS", NULL, END_NONE, {SA(1, "2017-01-02", 200, 360), SA(2, "2017-01-09", 200, 350)}}, 1,
     {{"2017", 1, 2}}},
    {"* takes any alliance instrument", "*:alliance_ok", YEARLY,
     {CHILD, "CORS", "CSRS", NULL, END_NONE, {SA(1, "2017-01-02", 200, 360)}}, 1, {{"2017", 1, 1}}},
    {"an episode without an alliance form: nothing, even for *", "*:alliance_ok", YEARLY,
     {ADULT, "ORS", NULL, NULL, END_NONE, {S(1, "2017-01-02", 200)}}, 0, {{0}}},
    {"under 6: the alliance is not scored", "*:alliance_ok", YEARLY,
     {UNDER6, "CORS", "CSRS", NULL, END_NONE, {SA(1, "2017-01-02", 200, 380)}}, 0, {{0}}},
    {"alliance in lower case matches SRS", "srs:alliance_ok", YEARLY, ORS_OPEN(SA(1, "2017-01-02", 200, 380)), 1,
     {{"2017", 1, 1}}},

    /* --- score_above: the last self score in each period, strictly above ---------------- */
    {"WHO-5 52 > 50: above", "WHO5:score_above:50", YEARLY,
     {ADULT, "WHO5", NULL, NULL, END_NONE, {S(1, "2017-01-02", 13)}}, 1, {{"2017", 1, 1}}},
    {"WHO-5 exactly 52 is not above 52", "WHO5:score_above:52", YEARLY,
     {ADULT, "WHO5", NULL, NULL, END_NONE, {S(1, "2017-01-02", 13)}}, 1, {{"2017", 0, 1}}},
    {"WHO-5 48 is not above 50", "WHO5:score_above:50", YEARLY,
     {ADULT, "WHO5", NULL, NULL, END_NONE, {S(1, "2017-01-02", 12)}}, 1, {{"2017", 0, 1}}},
    {"the last score in the period counts, once per episode (80 then 40: not above)", "WHO5:score_above:50", YEARLY,
     {ADULT, "WHO5", NULL, NULL, END_NONE, {S(1, "2017-01-02", 20), S(2, "2017-06-01", 10), S(3, "2018-02-01", 15)}},
     2, {{"2017", 0, 1}, {"2018", 1, 1}}},
    {"the last by session number, not by order of the rows", "WHO5:score_above:50", YEARLY,
     {ADULT, "WHO5", NULL, NULL, END_NONE, {S(2, "2017-06-01", 20), S(1, "2017-01-02", 10)}}, 1, {{"2017", 1, 1}}},
    {"score_above: collateral and skipped rows are not the citizen's last score", "WHO5:score_above:50", YEARLY,
     {ADULT, "WHO5", NULL, NULL, END_NONE, {S(1, "2017-01-02", 20), C(2, "2017-02-01", "mor", 5), SK(3, "2017-03-01")}},
     1, {{"2017", 1, 1}}},
    {"ORS 25.0 is not above 25", "ORS:score_above:25", QUARTERLY, ORS_OPEN(S(1, "2017-05-02", 250)), 1,
     {{"2017Q2", 0, 1}}},
    {"ORS 25.1 is above 25", "ORS:score_above:25", QUARTERLY, ORS_OPEN(S(1, "2017-05-02", 251)), 1,
     {{"2017Q2", 1, 1}}},
    {"score_above in closed episodes too, by session date", "ORS:score_above:25", YEARLY,
     ORS_CLOSED("2018-01-31", S(1, "2017-05-02", 200), S(2, "2018-01-08", 300)), 2, {{"2017", 0, 1}, {"2018", 1, 1}}},
    {"score_above of another instrument: nothing", "WHO5:score_above:50", YEARLY, ORS_OPEN(S(1, "2017-05-02", 300)),
     0, {{0}}},
    {"score_above under 6: not scored", "*:score_above:1", YEARLY,
     {UNDER6, "CORS", "CSRS", NULL, END_NONE, {S(1, "2017-01-02", 200)}}, 0, {{0}}},
};

static int cmp_part(const void *x, const void *y)
{
	const struct fbmetric_part *a = x, *b = y;

	return period_cmp(a->period, b->period);
}

static void test_parts_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(parts_rows); i++) {
		const struct parts_row *r = &parts_rows[i];
		struct arena *a = arena_new();
		struct feedback_episode ep = make(a, &r->e);
		struct fbmetric_part parts[FBMETRIC_MAX_PARTS];
		struct fbmetric m;
		char why[300], got[400] = "", want[400] = "";
		size_t n, len = 0, wlen = 0;

		if (!fbmetric_parse(&m, r->metric, why, sizeof why))
			fail_msg("%s: %s does not parse: %s", r->name, r->metric, why);
		n = fbmetric_parts(parts, &m, r->cadence, &ep, &the_set);
		qsort(parts, n, sizeof *parts, cmp_part);
		for (size_t k = 0; k < n; k++) {
			char p[16];

			period_format(p, sizeof p, parts[k].period);
			len += (size_t)snprintf(got + len, sizeof got - len, "%s %ld/%ld; ", p, parts[k].num, parts[k].den);
		}
		for (size_t k = 0; k < r->n; k++)
			wlen += (size_t)snprintf(want + wlen, sizeof want - wlen, "%s %ld/%ld; ", r->x[k].period, r->x[k].num,
						 r->x[k].den);
		if (strcmp(got, want) != 0)
			fail_msg("%s (%s):\n  got:  %s\n  want: %s", r->name, r->metric, got, want);
		arena_free(a);
	}
}

/* The episode's cells add up: a cell summed over several episodes is the
 * sum of each one's parts (what the incremental update relies on). */
static void test_parts_add_up_over_episodes(void **state)
{
	static const struct espec eps[] = {
	    ORS_CLOSED("2017-03-31", RECOVERS), ORS_CLOSED("2017-06-30", IMPROVES), ORS_CLOSED("2017-09-30", STAYS),
	    ORS_CLOSED("2017-12-31", WORSENS),  ORS_OPEN(RECOVERS),
	    ORS_CLOSED("2016-12-31", RECOVERS), ORS_CLOSED("2017-06-30", S(1, "2017-01-02", 100)),
	};
	long num = 0, den = 0;
	struct arena *a = arena_new();
	struct fbmetric m;
	char why[300];

	(void)state;
	assert_true(fbmetric_parse(&m, "ORS:reliable_improvement", why, sizeof why));
	for (size_t i = 0; i < N(eps); i++) {
		struct feedback_episode ep = make(a, &eps[i]);
		struct fbmetric_part parts[FBMETRIC_MAX_PARTS];
		size_t n = fbmetric_parts(parts, &m, CADENCE_YEARLY, &ep, &the_set);

		for (size_t k = 0; k < n; k++)
			if (parts[k].period.year == 2017) {
				num += parts[k].num;
				den += parts[k].den;
			}
	}
	/* 2017: recovered, improved (5.0), unchanged (4.9), deteriorated; the open,
	 * the 2016 and the insufficient episode are not in it: 2 of 4 */
	assert_int_equal(num, 2);
	assert_int_equal(den, 4);
	arena_free(a);
}

/* --- period_of --------------------------------------------------------------------------- */

struct period_row {
	const char *date;
	enum cadence c;
	const char *want;
	enum period_kind kind;
};

static const struct period_row period_rows[] = {
    {"2017-01-01", YEARLY, "2017", PERIOD_YEAR},
    {"2017-12-31", YEARLY, "2017", PERIOD_YEAR},
    {"2016-06-15", BIENNIAL, "2016", PERIOD_YEAR}, /* a biennial goal has yearly periods */
    {"2017-06-15", BIENNIAL, "2017", PERIOD_YEAR},
    {"2017-01-01", QUARTERLY, "2017Q1", PERIOD_QUARTER},
    {"2017-03-31", QUARTERLY, "2017Q1", PERIOD_QUARTER},
    {"2017-04-01", QUARTERLY, "2017Q2", PERIOD_QUARTER},
    {"2017-06-30", QUARTERLY, "2017Q2", PERIOD_QUARTER},
    {"2017-07-01", QUARTERLY, "2017Q3", PERIOD_QUARTER},
    {"2017-09-30", QUARTERLY, "2017Q3", PERIOD_QUARTER},
    {"2017-10-01", QUARTERLY, "2017Q4", PERIOD_QUARTER},
    {"2017-12-31", QUARTERLY, "2017Q4", PERIOD_QUARTER},
    {"2017-01-31", MONTHLY, "2017-01", PERIOD_MONTH},
    {"2017-03-15", MONTHLY, "2017-03", PERIOD_MONTH},
    {"2017-12-01", MONTHLY, "2017-12", PERIOD_MONTH},
    {"2017-01-15", SCHOOL, "2016/17", PERIOD_SCHOOL_YEAR},
    {"2017-07-31", SCHOOL, "2016/17", PERIOD_SCHOOL_YEAR},
    {"2017-08-01", SCHOOL, "2017/18", PERIOD_SCHOOL_YEAR},
    {"2017-12-31", SCHOOL, "2017/18", PERIOD_SCHOOL_YEAR},
    {"2000-01-01", SCHOOL, "1999/00", PERIOD_SCHOOL_YEAR},
};

static void test_period_of_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(period_rows); i++) {
		const struct period_row *r = &period_rows[i];
		struct period p = fbmetric_period_of(r->date, r->c);
		char got[16];

		period_format(got, sizeof got, p);
		if (strcmp(got, r->want) != 0 || p.kind != r->kind)
			fail_msg("%s, %s: got %s (kind %d), want %s", r->date, cadence_name(r->c), got, (int)p.kind, r->want);
	}
}

/* --- the cut at FBMETRIC_MAX_PARTS ------------------------------------------------------- */

/* An open adult episode with one session in each of nmonths months from
 * January 2010, alliance 40 (good) in each, then one more session back in
 * the first month with alliance 20 (poor). */
static struct feedback_episode long_episode(struct arena *a, size_t nmonths)
{
	const struct instrument *ors = instrument_set_find(&the_set, "ORS");
	const struct instrument *srs = instrument_set_find(&the_set, "SRS");
	struct feedback_session *ss = arena_calloc(a, nmonths + 1, sizeof *ss);
	struct feedback_episode ep = {0};

	for (size_t i = 0; i <= nmonths; i++) {
		size_t month = i < nmonths ? i : 0;

		ss[i].number = (int)i + 1;
		ss[i].date = arena_printf(a, "%04zu-%02zu-%02d", 2010 + month / 12, month % 12 + 1, i < nmonths ? 5 : 20);
		ss[i].outcome = spread(a, ors, 200 + (int)(i % 50), &ss[i].noutcome);
		ss[i].alliance = spread(a, srs, i < nmonths ? 400 : 200, &ss[i].nalliance);
	}
	ep.id = "LONG";
	ep.pseudonym = "p";
	ep.unit = "U1";
	ep.start = "2010-01-05";
	ep.band = AGE_BAND_ADULT;
	ep.outcome_instrument = "ORS";
	ep.alliance_instrument = "SRS";
	ep.sessions = ss;
	ep.nsessions = nmonths + 1;
	return ep;
}

static void test_max_parts_cut(void **state)
{
	struct arena *a = arena_new();
	struct feedback_episode ep = long_episode(a, FBMETRIC_MAX_PARTS + 6);
	struct fbmetric_part parts[FBMETRIC_MAX_PARTS];
	struct fbmetric m;
	char why[300], p[16];
	size_t n;

	(void)state;
	assert_true(fbmetric_parse(&m, "SRS:alliance_ok", why, sizeof why));
	n = fbmetric_parts(parts, &m, CADENCE_MONTHLY, &ep, &the_set);
	assert_int_equal(n, FBMETRIC_MAX_PARTS);
	qsort(parts, n, sizeof *parts, cmp_part);
	period_format(p, sizeof p, parts[0].period);
	assert_string_equal(p, "2010-01");
	period_format(p, sizeof p, parts[n - 1].period);
	assert_string_equal(p, "2015-04"); /* the 64th month; May 2015 and later are cut */
	/* the late session back in January 2010 still counts in a period that is kept */
	assert_int_equal(parts[0].den, 2);
	assert_int_equal(parts[0].num, 1);
	for (size_t k = 1; k < n; k++)
		assert_true(parts[k].num == 1 && parts[k].den == 1);

	/* the same for the last score per period */
	assert_true(fbmetric_parse(&m, "ORS:score_above:10", why, sizeof why));
	n = fbmetric_parts(parts, &m, CADENCE_MONTHLY, &ep, &the_set);
	assert_int_equal(n, FBMETRIC_MAX_PARTS);
	for (size_t k = 0; k < n; k++)
		assert_true(parts[k].num == 1 && parts[k].den == 1);

	/* exactly FBMETRIC_MAX_PARTS periods are not cut */
	arena_free(a);
	a = arena_new();
	ep = long_episode(a, FBMETRIC_MAX_PARTS);
	assert_true(fbmetric_parse(&m, "SRS:alliance_ok", why, sizeof why));
	n = fbmetric_parts(parts, &m, CADENCE_MONTHLY, &ep, &the_set);
	assert_int_equal(n, FBMETRIC_MAX_PARTS);
	/* and yearly, the 70 months are six years */
	arena_free(a);
	a = arena_new();
	ep = long_episode(a, FBMETRIC_MAX_PARTS + 6);
	n = fbmetric_parts(parts, &m, CADENCE_YEARLY, &ep, &the_set);
	assert_int_equal(n, 6);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_table),
	    cmocka_unit_test(test_check_table),
	    cmocka_unit_test(test_parts_table),
	    cmocka_unit_test(test_parts_add_up_over_episodes),
	    cmocka_unit_test(test_period_of_table),
	    cmocka_unit_test(test_max_parts_cut),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
