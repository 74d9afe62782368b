/*
 * test_feedback_units.c — feedback aggregates per unit subtree with
 * small-cell suppression (src/core/feedback_units.h), and the summaries
 * feedback_aggregate is built from (src/core/feedback.h).
 *
 * Worked examples on one small tree, as tables of the rows expected (unit,
 * instrument, parent, depth, episodes, citizens, own episodes, and '.'
 * shown, 'P' primary, 'C' complementary):
 *
 *   SOF                       Z (a second root)
 *   ├── A
 *   │   ├── A1
 *   │   ├── A2
 *   │   ├── A3
 *   │   └── OLD (closed 2015: not in the 2017 tree)
 *   └── B (episodes of its own)
 *       └── B1
 *
 * Structure: every root or one subtree, ORS and WHO5 rows apart (by code,
 * whatever order the episodes come in), units without episodes left out,
 * episodes of a closed or unknown unit left out, depth-first order with
 * children by code. Suppression (k 3): a small child is primary and a
 * sibling complementary; small own episodes hide a child; a hidden unit
 * hides its subtree; the view of one unit hides what the whole view hides;
 * a citizen with two episodes counts once; an episode whose citizen link
 * retention cleared counts as a citizen; k ≤ 1 hides nothing; a unit with
 * more than a hundred children keeps them all.
 *
 * Then properties over random trees and episodes, checked without the
 * library's reasoning: every row equals feedback_aggregate over the
 * episodes of its subtree; the rows and their order follow from the tree;
 * a view of one unit is the whole view's part, marks included;
 * and no hidden figure can be worked out from the shown ones through the
 * tree's sums (a unit = its children + its own episodes, the own episodes
 * never shown): by linear algebra (a hidden figure's unit vector is not in
 * the row space of the sums) and, where the search is small, by brute force
 * (every assignment of non-negative counts that agrees with the shown rows;
 * each hidden figure takes at least two values). The hidden figures are the
 * hidden units' episode counts and the own episodes of units whose own
 * citizens are fewer than k.
 *
 * And feedback_aggregate against an aggregate worked out from
 * feedback_outcome and instrument_score for random episodes, and against
 * feedback_aggregate_summaries over the summaries in any order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/feedback_units.h"
#include "io/instrument_file.h"
#include "util/err.h"

#include <math.h>
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

/* --- random numbers ------------------------------------------------------------------------ */

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)((rng_state >> 33) % n);
}

/* --- building episodes ------------------------------------------------------------------------ */

/* The values of a form with this raw total (tenths for ORS, the raw sum for
 * WHO-5), spread over the items. */
static int *spread(struct arena *a, const struct instrument *in, int total, size_t *n)
{
	int *v = arena_calloc(a, in->nitems, sizeof *v);
	int k = (int)in->nitems;

	for (int i = 0; i < k; i++)
		v[i] = total / k + (i < total % k);
	*n = in->nitems;
	return v;
}

/* A closed adult episode with two self scores, intake and latest. */
static struct feedback_episode episode(struct arena *a, const char *id, const char *unit, const char *who,
				       const char *instrument, int intake, int latest)
{
	const struct instrument *in = instrument_set_find(&the_set, instrument);
	struct feedback_session *s = arena_calloc(a, 2, sizeof *s);
	struct feedback_episode ep = {0};

	assert_non_null(in);
	for (int i = 0; i < 2; i++) {
		s[i].number = i + 1;
		s[i].date = i == 0 ? "2017-01-02" : "2017-01-09";
		s[i].outcome = spread(a, in, i == 0 ? intake : latest, &s[i].noutcome);
	}
	ep.id = id;
	ep.pseudonym = who;
	ep.unit = unit;
	ep.practitioner = "anna";
	ep.start = "2017-01-02";
	ep.band = AGE_BAND_ADULT;
	ep.outcome_instrument = instrument;
	ep.end = "2017-06-30";
	ep.end_reason = END_PLANNED;
	ep.sessions = s;
	ep.nsessions = 2;
	return ep;
}

/* --- the view --------------------------------------------------------------------------------- */

struct view {
	struct arena *a;
	struct orgindex ix;
	long *parent;
	long root;
	struct feedback_episode *eps;
	size_t neps;
	struct feedback_unit_row *rows;
	size_t nrows;
	long k;
};

/* The tree of `units` in 2017, the view's root (NULL: every root). */
static void view_tree(struct view *v, const struct unit *units, size_t nunits, const char *root)
{
	v->a = arena_new();
	orgindex_build(&v->ix, units, nunits, arena_calloc(v->a, nunits + 1, sizeof(const char *)));
	v->parent = arena_calloc(v->a, v->ix.ncodes + 1, sizeof *v->parent);
	orgtree_parents(units, nunits, &v->ix, "2017-01-01", "2017-12-31", v->parent);
	v->root = root ? orgindex_find(&v->ix, root) : -1;
	if (root)
		assert_true(v->root >= 0);
}

static int view_run(struct view *v, long k)
{
	struct feedback_units_in in = {0};

	in.ix = &v->ix;
	in.parent = v->parent;
	in.root = v->root;
	in.eps = v->eps;
	in.neps = v->neps;
	in.set = &the_set;
	in.k = k;
	v->k = k;
	v->rows = NULL;
	v->nrows = 0;
	return feedback_unit_aggregates(&v->rows, &v->nrows, &in, v->a);
}

static char mark_char(const struct feedback_unit_row *r)
{
	if (!r->hidden)
		return r->mark == SUPPRESS_NONE ? '.' : '?'; /* '?': shown with a mark */
	return r->mark == SUPPRESS_PRIMARY ? 'P' : r->mark == SUPPRESS_COMPLEMENTARY ? 'C' : '!'; /* '!': no reason */
}

static void print_rows(const struct view *v)
{
	for (size_t i = 0; i < v->nrows; i++) {
		const struct feedback_unit_row *r = &v->rows[i];

		print_error("    %*s%-4s %-5s parent %-4s depth %d  episodes %2zu citizens %2zu own %2zu  %c\n",
			    2 * r->depth, "", v->ix.codes[r->code], r->instrument,
			    r->parent >= 0 ? v->ix.codes[r->parent] : "-", r->depth, r->ag.episodes, r->ag.citizens,
			    r->own, mark_char(r));
	}
}

/* --- worked examples ------------------------------------------------------------------------------ */

static const struct unit tree[] = {
    {"SOF", "Socialforvaltningen", UNIT_ADMINISTRATION, NULL, "2010-01-01", NULL},
    {"A", "Center A", UNIT_CENTRE, "SOF", "2010-01-01", NULL},
    {"A1", "Tilbud A1", UNIT_SERVICE, "A", "2010-01-01", NULL},
    {"A2", "Tilbud A2", UNIT_SERVICE, "A", "2010-01-01", NULL},
    {"A3", "Tilbud A3", UNIT_SERVICE, "A", "2010-01-01", NULL},
    {"OLD", "Lukket tilbud", UNIT_SERVICE, "A", "2010-01-01", "2015-12-31"},
    {"B", "Center B", UNIT_CENTRE, "SOF", "2010-01-01", NULL},
    {"B1", "Tilbud B1", UNIT_SERVICE, "B", "2010-01-01", NULL},
    {"Z", "Anden forvaltning", UNIT_ADMINISTRATION, NULL, "2010-01-01", NULL},
};

/* An episode of the examples: unit, citizen (NULL: the link cleared by
 * retention), instrument (NULL: ORS). */
struct ep {
	const char *unit, *who, *instrument;
};

struct xrow {
	const char *code, *instrument, *parent;
	int depth;
	size_t episodes, citizens, own;
	char mark;
};

struct example {
	const char *name;
	const char *root;
	long k;
	struct ep eps[24];
	struct xrow want[16];
};

/* The structure: WHO5 episodes first in the input, yet ORS rows come first;
 * A3 has no episode; OLD is closed and NOPE unknown. */
#define STRUCTURE_EPS                                                                                                  \
	{{"A1", "W1", "WHO5"}, {"A1", "W2", "WHO5"}, {"A1", "P01", NULL}, {"A1", "P02", NULL}, {"A1", "P03", NULL},    \
	 {"A2", "P04", NULL},  {"A2", "P05", NULL},  {"A2", "P06", NULL}, {"A2", "P07", NULL}, {"B", "P08", NULL},     \
	 {"B", "P09", NULL},   {"B1", "P10", NULL},  {"B1", "P11", NULL}, {"B1", "P12", NULL}, {"B1", "P13", NULL},    \
	 {"B1", "P14", NULL},  {"Z", "P15", NULL},   {"OLD", "P16", NULL}, {"NOPE", "P17", NULL}}

static const struct example examples[] = {
    {"every root, nothing hidden with k 1",
     NULL,
     1,
     STRUCTURE_EPS,
     {{"SOF", "ORS", NULL, 0, 14, 14, 0, '.'},
      {"SOF", "WHO5", NULL, 0, 2, 2, 0, '.'},
      {"A", "ORS", "SOF", 1, 7, 7, 0, '.'},
      {"A", "WHO5", "SOF", 1, 2, 2, 0, '.'},
      {"A1", "ORS", "A", 2, 3, 3, 3, '.'},
      {"A1", "WHO5", "A", 2, 2, 2, 2, '.'},
      {"A2", "ORS", "A", 2, 4, 4, 4, '.'},
      {"B", "ORS", "SOF", 1, 7, 7, 2, '.'},
      {"B1", "ORS", "B", 2, 5, 5, 5, '.'},
      {"Z", "ORS", NULL, 0, 1, 1, 1, '.'}}},
    {"k 0 hides nothing either",
     "B",
     0,
     STRUCTURE_EPS,
     {{"B", "ORS", NULL, 0, 7, 7, 2, '.'}, {"B1", "ORS", "B", 1, 5, 5, 5, '.'}}},
    {"the subtree of A: its root has no parent and depth 0",
     "A",
     1,
     STRUCTURE_EPS,
     {{"A", "ORS", NULL, 0, 7, 7, 0, '.'},
      {"A", "WHO5", NULL, 0, 2, 2, 0, '.'},
      {"A1", "ORS", "A", 1, 3, 3, 3, '.'},
      {"A1", "WHO5", "A", 1, 2, 2, 2, '.'},
      {"A2", "ORS", "A", 1, 4, 4, 4, '.'}}},
    {"a leaf as the root", "B1", 1, STRUCTURE_EPS, {{"B1", "ORS", NULL, 0, 5, 5, 5, '.'}}},
    {"the second root alone", "Z", 1, STRUCTURE_EPS, {{"Z", "ORS", NULL, 0, 1, 1, 1, '.'}}},
    {"a root without episodes has no rows", "A3", 1, STRUCTURE_EPS, {{NULL}}},
    /* k 3: WHO5 has 2 citizens everywhere (primary); B's own 2 citizens are
     * a small cell beside B1, so B1 goes; Z's one citizen is primary */
    {"k 3 on the same episodes",
     NULL,
     3,
     STRUCTURE_EPS,
     {{"SOF", "ORS", NULL, 0, 14, 14, 0, '.'},
      {"SOF", "WHO5", NULL, 0, 2, 2, 0, 'P'},
      {"A", "ORS", "SOF", 1, 7, 7, 0, '.'},
      {"A", "WHO5", "SOF", 1, 2, 2, 0, 'P'},
      {"A1", "ORS", "A", 2, 3, 3, 3, '.'},
      {"A1", "WHO5", "A", 2, 2, 2, 2, 'P'},
      {"A2", "ORS", "A", 2, 4, 4, 4, '.'},
      {"B", "ORS", "SOF", 1, 7, 7, 2, '.'},
      {"B1", "ORS", "B", 2, 5, 5, 5, 'C'},
      {"Z", "ORS", NULL, 0, 1, 1, 1, 'P'}}},
    /* A1 (2) is primary; of A2 (6) and A3 (5) the smaller goes with it */
    {"a small child is primary, the smallest sibling complementary",
     "SOF",
     3,
     {{"A1", "P1"}, {"A1", "P2"}, {"A2", "P3"}, {"A2", "P4"}, {"A2", "P5"}, {"A2", "P6"}, {"A2", "P7"},
      {"A2", "P8"}, {"A3", "P9"}, {"A3", "P10"}, {"A3", "P11"}, {"A3", "P12"}, {"A3", "P13"}},
     {{"SOF", "ORS", NULL, 0, 13, 13, 0, '.'},
      {"A", "ORS", "SOF", 1, 13, 13, 0, '.'},
      {"A1", "ORS", "A", 2, 2, 2, 2, 'P'},
      {"A2", "ORS", "A", 2, 6, 6, 6, '.'},
      {"A3", "ORS", "A", 2, 5, 5, 5, 'C'}}},
    /* B (2) is primary, so A — the only other child of SOF — goes too, and
     * with A its whole subtree though A1 and A2 are not small */
    {"a lone hidden child forces a complementary one, which hides its subtree",
     "SOF",
     3,
     {{"A1", "P1"}, {"A1", "P2"}, {"A1", "P3"}, {"A1", "P4"}, {"A1", "P5"}, {"A2", "P6"}, {"A2", "P7"},
      {"A2", "P8"}, {"A2", "P9"}, {"A2", "P10"}, {"B1", "P11"}, {"B1", "P12"}},
     {{"SOF", "ORS", NULL, 0, 12, 12, 0, '.'},
      {"A", "ORS", "SOF", 1, 10, 10, 0, 'C'},
      {"A1", "ORS", "A", 2, 5, 5, 5, 'C'},
      {"A2", "ORS", "A", 2, 5, 5, 5, 'C'},
      {"B", "ORS", "SOF", 1, 2, 2, 0, 'P'},
      {"B1", "ORS", "B", 2, 2, 2, 2, 'P'}}},
    /* the same episodes seen from A: A stays hidden with its subtree (the
     * view of SOF shows SOF, so A shown here would give B = SOF − A) */
    {"the view of a hidden unit hides what the whole view hides",
     "A",
     3,
     {{"A1", "P1"}, {"A1", "P2"}, {"A1", "P3"}, {"A1", "P4"}, {"A1", "P5"}, {"A2", "P6"}, {"A2", "P7"},
      {"A2", "P8"}, {"A2", "P9"}, {"A2", "P10"}, {"B1", "P11"}, {"B1", "P12"}},
     {{"A", "ORS", NULL, 0, 10, 10, 0, 'C'},
      {"A1", "ORS", "A", 1, 5, 5, 5, 'C'},
      {"A2", "ORS", "A", 1, 5, 5, 5, 'C'}}},
    {"a complementary leaf stays hidden in its own view",
     "A3",
     3,
     {{"A1", "P1"}, {"A1", "P2"}, {"A2", "P3"}, {"A2", "P4"}, {"A2", "P5"}, {"A2", "P6"}, {"A2", "P7"},
      {"A2", "P8"}, {"A3", "P9"}, {"A3", "P10"}, {"A3", "P11"}, {"A3", "P12"}, {"A3", "P13"}},
     {{"A3", "ORS", NULL, 0, 5, 5, 5, 'C'}}},
    /* B's own episodes (1 citizen) would be B − B1: B1 goes */
    {"small own episodes hide the only child",
     "B",
     3,
     {{"B", "P1"}, {"B1", "P2"}, {"B1", "P3"}, {"B1", "P4"}, {"B1", "P5"}},
     {{"B", "ORS", NULL, 0, 5, 5, 1, '.'}, {"B1", "ORS", "B", 1, 4, 4, 4, 'C'}}},
    /* large own episodes: nothing to protect */
    {"large own episodes hide nothing",
     "B",
     3,
     {{"B", "P1"}, {"B", "P2"}, {"B", "P3"}, {"B1", "P4"}, {"B1", "P5"}, {"B1", "P6"}},
     {{"B", "ORS", NULL, 0, 6, 6, 3, '.'}, {"B1", "ORS", "B", 1, 3, 3, 3, '.'}}},
    /* a small child beside large own episodes: the own episodes are the
     * complement (never shown), the unit stays */
    {"a small child beside own episodes",
     "B",
     3,
     {{"B", "P1"}, {"B", "P2"}, {"B", "P3"}, {"B", "P4"}, {"B1", "P5"}, {"B1", "P6"}},
     {{"B", "ORS", NULL, 0, 6, 6, 4, '.'}, {"B1", "ORS", "B", 1, 2, 2, 2, 'P'}}},
    /* P1 twice in A1: 3 episodes of 2 citizens (primary); P1 also in A2,
     * so A has 6 episodes of 4 citizens */
    {"a citizen with two episodes counts once",
     "A",
     3,
     {{"A1", "P1"}, {"A1", "P1"}, {"A1", "P2"}, {"A2", "P1"}, {"A2", "P3"}, {"A2", "P4"}},
     {{"A", "ORS", NULL, 0, 6, 4, 0, '.'},
      {"A1", "ORS", "A", 1, 3, 2, 3, 'P'},
      {"A2", "ORS", "A", 1, 3, 3, 3, 'C'}}},
    /* after retention no episode has a pseudonym: each counts as a citizen
     * of its own, or nothing would ever be small */
    {"episodes without a citizen link count as a citizen each",
     "A",
     3,
     {{"A1", NULL}, {"A1", NULL}, {"A2", NULL}, {"A2", NULL}, {"A2", NULL}, {"A2", NULL}, {"A2", "P1"},
      {"A2", "P1"}},
     {{"A", "ORS", NULL, 0, 8, 7, 0, '.'},
      {"A1", "ORS", "A", 1, 2, 2, 2, 'P'},
      {"A2", "ORS", "A", 1, 6, 5, 6, 'C'}}},
    {"episodes without a citizen link: k 1", "A1", 1, {{"A1", NULL}, {"A1", NULL}},
     {{"A1", "ORS", NULL, 0, 2, 2, 2, '.'}}},
    {"no episodes, no rows", NULL, 3, {{NULL}}, {{NULL}}},
};

static bool row_matches(const struct view *v, const struct feedback_unit_row *r, const struct xrow *x)
{
	return strcmp(v->ix.codes[r->code], x->code) == 0 && strcmp(r->instrument, x->instrument) == 0 &&
	       (x->parent ? r->parent >= 0 && strcmp(v->ix.codes[r->parent], x->parent) == 0 : r->parent == -1) &&
	       r->depth == x->depth && r->ag.episodes == x->episodes && r->ag.citizens == x->citizens &&
	       r->own == x->own && mark_char(r) == x->mark;
}

static void load_example(struct view *v, const struct example *x)
{
	size_t n = 0;

	while (n < N(x->eps) && x->eps[n].unit)
		n++;
	v->eps = arena_calloc(v->a, n + 1, sizeof *v->eps);
	v->neps = n;
	for (size_t i = 0; i < n; i++)
		v->eps[i] = episode(v->a, arena_printf(v->a, "E%zu", i + 1), x->eps[i].unit, x->eps[i].who,
				    x->eps[i].instrument ? x->eps[i].instrument : "ORS", 150 + (int)(i % 7) * 10,
				    200 + (int)(i % 5) * 20);
}

static void test_examples(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t e = 0; e < N(examples); e++) {
		const struct example *x = &examples[e];
		struct view v = {0};
		size_t nwant = 0;
		bool ok;

		view_tree(&v, tree, N(tree), x->root);
		load_example(&v, x);
		while (nwant < N(x->want) && x->want[nwant].code)
			nwant++;
		assert_int_equal(view_run(&v, x->k), 0);
		ok = v.nrows == nwant;
		for (size_t i = 0; ok && i < nwant; i++)
			ok = row_matches(&v, &v.rows[i], &x->want[i]);
		if (!ok) {
			print_error("%s: got\n", x->name);
			print_rows(&v);
			print_error("  want\n");
			for (size_t i = 0; i < nwant; i++)
				print_error("    %s %s %s %d %zu %zu %zu %c\n", x->want[i].code, x->want[i].instrument,
					    x->want[i].parent ? x->want[i].parent : "-", x->want[i].depth,
					    x->want[i].episodes, x->want[i].citizens, x->want[i].own, x->want[i].mark);
			bad++;
		}
		arena_free(v.a);
	}
	assert_int_equal(bad, 0);
}

/* The figures of a row are those of feedback_aggregate over the episodes
 * of the subtree (here A: A1 and A2, ORS only). */
static void test_row_figures_are_the_subtree_aggregate(void **state)
{
	struct view v = {0};
	struct feedback_episode sub[8];
	struct feedback_aggregate want;
	size_t n = 0;

	(void)state;
	view_tree(&v, tree, N(tree), NULL);
	load_example(&v, &examples[0]);
	for (size_t i = 0; i < v.neps; i++)
		if ((strcmp(v.eps[i].unit, "A1") == 0 || strcmp(v.eps[i].unit, "A2") == 0) &&
		    strcmp(v.eps[i].outcome_instrument, "ORS") == 0)
			sub[n++] = v.eps[i];
	assert_int_equal(n, 7);
	assert_int_equal(feedback_aggregate(&want, sub, n, &the_set), 0);
	assert_int_equal(view_run(&v, 1), 0);
	assert_string_equal(v.ix.codes[v.rows[2].code], "A");
	assert_string_equal(v.rows[2].instrument, "ORS");
	assert_memory_equal(&v.rows[2].ag, &want, sizeof want);
	arena_free(v.a);
}

/* An unknown instrument is refused, naming the episode; a unit code spelt
 * in lower case is not the unit. */
static void test_unknown_instrument(void **state)
{
	struct view v = {0};

	(void)state;
	view_tree(&v, tree, N(tree), NULL);
	v.eps = arena_calloc(v.a, 2, sizeof *v.eps);
	v.eps[0] = episode(v.a, "E1", "A1", "P1", "ORS", 150, 200);
	v.eps[1] = episode(v.a, "E2", "A1", "P2", "ORS", 150, 200);
	v.eps[1].outcome_instrument = "XYZ";
	v.neps = 2;
	assert_int_equal(view_run(&v, 3), PEJL_ENOTFOUND);
	assert_string_equal(err_last(), "episode E2: XYZ is not a known instrument");
	/* outside the view, an unknown instrument does not matter */
	v.eps[1].unit = "a1";
	assert_int_equal(view_run(&v, 3), 0);
	assert_int_equal(v.nrows, 3); /* SOF, A, A1: the one episode; nothing of a1 */
	assert_true(v.rows[0].hidden && v.rows[1].hidden && v.rows[2].hidden);
	arena_free(v.a);
}

/* Instrument codes are case-insensitive (instrument_set_find): "ors" and
 * "ORS" are one instrument and give one row per unit, under its code. */
static void test_instrument_code_case(void **state)
{
	struct view v = {0};

	(void)state;
	view_tree(&v, tree, N(tree), "A1");
	v.eps = arena_calloc(v.a, 2, sizeof *v.eps);
	v.eps[0] = episode(v.a, "E1", "A1", "P1", "ORS", 150, 200);
	v.eps[1] = episode(v.a, "E2", "A1", "P2", "ORS", 150, 200);
	v.eps[1].outcome_instrument = "ors";
	v.neps = 2;
	assert_int_equal(view_run(&v, 1), 0);
	assert_int_equal(v.nrows, 1);
	assert_string_equal(v.rows[0].instrument, "ORS");
	assert_int_equal(v.rows[0].ag.episodes, 2);
	arena_free(v.a);
}

/* A unit with 150 children, each with one episode: every child has its row
 * (in code order, though added in reverse), hidden (one citizen), and the
 * root is shown. */
static void test_many_children(void **state)
{
	enum { KIDS = 150 };
	struct unit u[KIDS + 1];
	char codes[KIDS][8], who[KIDS][8];
	struct view v = {0};

	(void)state;
	u[0] = (struct unit){"ROOT", "Rod", UNIT_ADMINISTRATION, NULL, "2010-01-01", NULL};
	for (int i = 0; i < KIDS; i++) {
		snprintf(codes[i], sizeof codes[i], "K%03d", i);
		snprintf(who[i], sizeof who[i], "P%d", i);
		u[KIDS - i] = (struct unit){codes[i], "Tilbud", UNIT_SERVICE, "ROOT", "2010-01-01", NULL};
	}
	view_tree(&v, u, KIDS + 1, NULL);
	v.eps = arena_calloc(v.a, KIDS, sizeof *v.eps);
	for (int i = 0; i < KIDS; i++)
		v.eps[i] = episode(v.a, who[i], codes[i], who[i], "ORS", 150, 200);
	v.neps = KIDS;
	assert_int_equal(view_run(&v, 3), 0);
	assert_int_equal(v.nrows, KIDS + 1);
	assert_string_equal(v.ix.codes[v.rows[0].code], "ROOT");
	assert_false(v.rows[0].hidden);
	assert_int_equal(v.rows[0].ag.episodes, KIDS);
	for (int i = 0; i < KIDS; i++) {
		const struct feedback_unit_row *r = &v.rows[1 + i];

		assert_string_equal(v.ix.codes[r->code], codes[i]);
		assert_int_equal(r->depth, 1);
		assert_true(r->hidden && r->mark == SUPPRESS_PRIMARY);
	}
	arena_free(v.a);
}

/* --- random trees: the rows, the figures and the suppression -------------------------------- */

#define MAXU   10
#define MAXEPS 64

struct rcase {
	struct unit units[MAXU + 1];
	size_t nunits;
	char codes[MAXU + 1][8];
};

/* A random tree of 2–MAXU units, depth at most 3, codes in random order,
 * sometimes a second root and a unit closed before 2017. */
static void random_tree(struct rcase *c)
{
	int depth[MAXU + 1];
	size_t n = 2 + rnd(MAXU - 1);

	c->nunits = 0;
	for (size_t i = 0; i < n; i++) {
		struct unit *u = &c->units[c->nunits];
		bool unique;

		do {
			snprintf(c->codes[i], sizeof c->codes[i], "%c%c", 'A' + rnd(6), 'a' + rnd(6));
			unique = true;
			for (size_t j = 0; j < i; j++)
				unique = unique && strcmp(c->codes[i], c->codes[j]) != 0;
		} while (!unique);
		u->code = c->codes[i];
		u->name = c->codes[i];
		u->kind = UNIT_SERVICE;
		u->valid_from = "2010-01-01";
		u->valid_to = NULL;
		u->parent = NULL;
		depth[i] = 0;
		if (i > 0 && rnd(8) != 0) {
			size_t p;

			do
				p = rnd((unsigned)i);
			while (depth[p] >= 3);
			u->parent = c->codes[p];
			depth[i] = depth[p] + 1;
		}
		if (i > 0 && rnd(12) == 0)
			u->valid_to = "2015-12-31";
		c->nunits++;
	}
}

/* Random episodes: 0–4 per unit mostly (small cells), sometimes 6–9; ORS
 * or WHO5; citizens from a small pool, some twice, some without a link;
 * now and then an episode of an unknown unit. */
static void random_episodes(struct view *v, const struct rcase *c)
{
	static const char *const pool[] = {"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11", "p12",
					   "p13", "p14", "p15", "p16", "p17", "p18", "p19", "p20"};
	bool who5 = rnd(3) == 0;

	v->eps = arena_calloc(v->a, MAXEPS, sizeof *v->eps);
	v->neps = 0;
	for (size_t u = 0; u < c->nunits + 1; u++) {
		size_t m = rnd(5) == 0 ? 6 + rnd(4) : rnd(5);

		for (size_t j = 0; j < m && v->neps < MAXEPS; j++) {
			const char *unit = u < c->nunits ? c->units[u].code : "NOPE";
			const char *who = rnd(10) == 0 ? NULL : pool[rnd(N(pool))];
			const char *instr = who5 && rnd(3) == 0 ? "WHO5" : "ORS";
			int intake = instr[0] == 'W' ? (int)rnd(26) : 50 + (int)rnd(300);
			int latest = instr[0] == 'W' ? (int)rnd(26) : 50 + (int)rnd(300);

			if (u == c->nunits && rnd(3) != 0)
				break;
			v->eps[v->neps] = episode(v->a, arena_printf(v->a, "E%zu", v->neps), unit, who, instr, intake,
						  latest);
			v->neps++;
		}
	}
	/* shuffle: the input order must not matter */
	for (size_t i = v->neps; i > 1; i--) {
		size_t j = rnd((unsigned)i);
		struct feedback_episode t = v->eps[i - 1];

		v->eps[i - 1] = v->eps[j];
		v->eps[j] = t;
	}
}

/* Whether code c is in the view: in the period's tree and under the root. */
static bool in_view(const struct view *v, long c)
{
	if (c < 0 || v->parent[c] == -2)
		return false;
	for (; c >= 0; c = v->parent[c])
		if (v->root < 0 || c == v->root)
			return true;
	return false;
}

/* Whether code c lies in the subtree of code top. */
static bool in_subtree(const struct view *v, long c, long top)
{
	for (; c >= 0; c = v->parent[c])
		if (c == top)
			return true;
	return false;
}

/* Persons among episodes: distinct pseudonyms, and each episode without. */
static size_t persons(const struct feedback_episode *const *eps, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; eps[i]->pseudonym && j < i && !seen; j++)
			seen = eps[j]->pseudonym && strcmp(eps[j]->pseudonym, eps[i]->pseudonym) == 0;
		count += !seen;
	}
	return count;
}

static const char *canonical(const char *code)
{
	return instrument_set_find(&the_set, code)->code;
}

/* The expected rows: the view's units depth first (children by code), and
 * per unit its instruments by code, where the subtree has episodes. */
struct erow {
	long code;
	const char *instrument;
	int depth;
};

static void expect_order(const struct view *v, long c, int depth, struct erow *out, size_t *n)
{
	static const char *const instruments[] = {"ORS", "WHO5"};

	for (size_t k = 0; k < N(instruments); k++) {
		bool any = false;

		for (size_t i = 0; i < v->neps && !any; i++) {
			long u = orgindex_find(&v->ix, v->eps[i].unit);

			any = u >= 0 && in_view(v, u) && in_subtree(v, u, c) &&
			      strcmp(canonical(v->eps[i].outcome_instrument), instruments[k]) == 0;
		}
		if (any)
			out[(*n)++] = (struct erow){c, instruments[k], depth};
	}
	for (long ch = 0; ch < (long)v->ix.ncodes; ch++)
		if (v->parent[ch] == c && ch != c)
			expect_order(v, ch, depth + 1, out, n);
}

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

/* The sums of one instrument's rows, for the disclosure checks. Rows
 * r = 0..n-1 of the view in order; row r's children rows ch[r]; E[r] the
 * true episode count, own[r] the own episodes, small_own[r] when the own
 * episodes' citizens are fewer than k. */
struct sums {
	size_t n;
	size_t row[MAXU * 2];  /* index into v->rows */
	long parent[MAXU * 2]; /* position of the parent row, -1 */
	long E[MAXU * 2];
	long own[MAXU * 2];
	bool hidden[MAXU * 2], small_own[MAXU * 2];
};

/* Linear algebra: unknowns are the hidden rows' counts and every own
 * count (never shown); one equation per row, E = Σ children + own. Returns
 * the number of hidden figures (hidden counts, small own counts) that the
 * equations determine. */
static size_t determined(const struct sums *s)
{
	size_t var[MAXU * 4], u = 0, found = 0, base;
	double *a, *b;

	for (size_t r = 0; r < s->n; r++)
		var[r] = s->hidden[r] ? u++ : SIZE_MAX;
	for (size_t r = 0; r < s->n; r++)
		var[s->n + r] = s->own[r] > 0 ? u++ : SIZE_MAX;
	if (u == 0)
		return 0;
	a = calloc((s->n + 1) * u, sizeof *a);
	b = calloc((s->n + 1) * u, sizeof *b);
	for (size_t r = 0; r < s->n; r++) {
		if (var[r] != SIZE_MAX)
			a[r * u + var[r]] += 1;
		if (var[s->n + r] != SIZE_MAX)
			a[r * u + var[s->n + r]] -= 1;
		if (s->parent[r] >= 0 && var[r] != SIZE_MAX)
			a[(size_t)s->parent[r] * u + var[r]] -= 1;
	}
	memcpy(b, a, s->n * u * sizeof *a);
	base = rank_of(b, s->n, u);
	for (size_t t = 0; t < 2 * s->n; t++) {
		bool target = t < s->n ? s->hidden[t] : s->small_own[t - s->n];

		if (!target || var[t] == SIZE_MAX)
			continue;
		memcpy(b, a, s->n * u * sizeof *a);
		memset(b + s->n * u, 0, u * sizeof *b);
		b[s->n * u + var[t]] = 1;
		found += rank_of(b, s->n + 1, u) == base;
	}
	free(a);
	free(b);
	return found;
}

/* Brute force: every assignment of the hidden counts (0 up to the parent's
 * count) whose own counts come out ≥ 0 where the unit has own episodes and
 * exactly 0 where it has none; records the values each hidden figure takes. */
struct brute {
	const struct sums *s;
	long x[MAXU * 2];
	long first[MAXU * 4];
	bool seen[MAXU * 4], two[MAXU * 4];
	size_t solutions, nodes;
};

static long value(const struct brute *b, size_t r)
{
	return b->s->hidden[r] ? b->x[r] : b->s->E[r];
}

static void record(struct brute *b, size_t t, long val)
{
	if (!b->seen[t]) {
		b->seen[t] = true;
		b->first[t] = val;
	} else if (val != b->first[t]) {
		b->two[t] = true;
	}
}

static void search(struct brute *b, size_t r)
{
	const struct sums *s = b->s;

	if (++b->nodes > 300000)
		return;
	if (r == s->n) {
		long o[MAXU * 2];

		for (size_t i = 0; i < s->n; i++)
			o[i] = value(b, i);
		for (size_t i = 0; i < s->n; i++)
			if (s->parent[i] >= 0)
				o[s->parent[i]] -= value(b, i);
		for (size_t i = 0; i < s->n; i++)
			if (o[i] < 0 || (s->own[i] == 0 && o[i] != 0))
				return;
		b->solutions++;
		for (size_t i = 0; i < s->n; i++) {
			if (s->hidden[i])
				record(b, i, b->x[i]);
			if (s->small_own[i])
				record(b, s->n + i, o[i]);
		}
		return;
	}
	if (!s->hidden[r]) {
		search(b, r + 1);
		return;
	}
	{
		/* no more than the parent, nor (at a root) than the truth and a bit */
		long top = s->parent[r] >= 0 ? value(b, (size_t)s->parent[r]) : s->E[r] + 3;

		for (long val = 0; val <= top; val++) {
			b->x[r] = val;
			search(b, r + 1);
		}
	}
}

/* 1 when every hidden figure takes two values, 0 when one does not, -1
 * when the search was too large. */
static int brute_force(const struct sums *s)
{
	struct brute *b = calloc(1, sizeof *b);
	int ok = 1;

	b->s = s;
	search(b, 0);
	if (b->nodes > 300000) {
		free(b);
		return -1;
	}
	assert_true(b->solutions >= 1); /* the truth */
	for (size_t r = 0; r < s->n; r++)
		if ((s->hidden[r] && !b->two[r]) || (s->small_own[r] && !b->two[s->n + r]))
			ok = 0;
	free(b);
	return ok;
}

static void test_random_trees(void **state)
{
	size_t cases_hidden = 0, complementary = 0, brute = 0, subtrees = 0, small_own = 0;

	(void)state;
	for (int t = 0; t < 1500; t++) {
		struct rcase c;
		struct view v = {0};
		struct erow want[MAXU * 2];
		size_t nwant = 0;
		long k = rnd(3) == 0 ? 5 : rnd(8) == 0 ? (long)rnd(2) : 3;
		const char *root = NULL;

		random_tree(&c);
		view_tree(&v, c.units, c.nunits, NULL);
		if (rnd(3) == 0) {
			long r = (long)rnd((unsigned)v.ix.ncodes);

			if (v.parent[r] != -2) {
				root = v.ix.codes[r];
				v.root = r;
				subtrees++;
			}
		}
		random_episodes(&v, &c);
		assert_int_equal(view_run(&v, k), 0);

		/* the rows and their order */
		for (long r = 0; r < (long)v.ix.ncodes; r++)
			if (v.parent[r] != -2 && (v.root >= 0 ? r == v.root : v.parent[r] == -1))
				expect_order(&v, r, 0, want, &nwant);
		if (v.nrows != nwant) {
			print_rows(&v);
			fail_msg("case %d (root %s): %zu rows, want %zu", t, root ? root : "-", v.nrows, nwant);
		}
		for (size_t i = 0; i < nwant; i++) {
			const struct feedback_unit_row *r = &v.rows[i];
			const struct feedback_episode *sub[MAXEPS];
			struct feedback_episode copy[MAXEPS];
			struct feedback_aggregate ag;
			size_t nsub = 0, nown = 0;

			if (r->code != want[i].code || strcmp(r->instrument, want[i].instrument) != 0 ||
			    r->depth != want[i].depth ||
			    r->parent != (r->code == v.root ? -1 : v.parent[r->code])) {
				print_rows(&v);
				fail_msg("case %d: row %zu is %s %s depth %d, want %s %s depth %d", t, i,
					 v.ix.codes[r->code], r->instrument, r->depth, v.ix.codes[want[i].code],
					 want[i].instrument, want[i].depth);
			}
			for (size_t e = 0; e < v.neps; e++) {
				long u = orgindex_find(&v.ix, v.eps[e].unit);

				if (u < 0 || !in_view(&v, u) || !in_subtree(&v, u, r->code) ||
				    strcmp(canonical(v.eps[e].outcome_instrument), r->instrument) != 0)
					continue;
				copy[nsub] = v.eps[e];
				sub[nsub++] = &v.eps[e];
				nown += u == r->code;
			}
			/* the figures: those of feedback_aggregate over the subtree,
			 * with each unlinked episode a citizen */
			assert_int_equal(feedback_aggregate(&ag, copy, nsub, &the_set), 0);
			if (memcmp(&ag, &r->ag, sizeof ag) != 0) {
				print_rows(&v);
				fail_msg("case %d: the figures of row %zu are not the subtree's aggregate", t, i);
			}
			assert_int_equal(r->ag.citizens, persons(sub, nsub));
			assert_int_equal(r->own, nown);
			/* primary: fewer than k citizens */
			if (k > 1 && r->ag.citizens < (size_t)k && !r->hidden) {
				print_rows(&v);
				fail_msg("case %d: row %zu has %zu citizens, shown with k %ld", t, i, r->ag.citizens, k);
			}
			if (r->hidden != (r->mark != SUPPRESS_NONE))
				fail_msg("case %d: row %zu: hidden %d with mark %d", t, i, r->hidden, r->mark);
			if (k <= 1 && r->hidden)
				fail_msg("case %d: k %ld hides row %zu", t, k, i);
			/* a hidden unit hides its subtree */
			for (size_t j = 0; j < i; j++)
				if (v.rows[j].hidden && v.rows[j].code == r->parent &&
				    strcmp(v.rows[j].instrument, r->instrument) == 0 && !r->hidden) {
					print_rows(&v);
					fail_msg("case %d: row %zu is shown under a hidden unit", t, i);
				}
			complementary += r->hidden && r->mark == SUPPRESS_COMPLEMENTARY;
		}

		/* a view is the whole view's part: the same rows, figures and marks */
		if (v.root >= 0) {
			struct feedback_unit_row *part = v.rows;
			size_t npart = v.nrows, at = 0;
			long top = v.root;

			v.root = -1;
			assert_int_equal(view_run(&v, k), 0);
			while (at < v.nrows && v.rows[at].code != top)
				at++;
			if (at + npart > v.nrows)
				fail_msg("case %d: the view of %s has more rows than the whole view", t, root);
			for (size_t i = 0; i < npart; i++) {
				const struct feedback_unit_row *x = &part[i], *y = &v.rows[at + i];

				if (x->code != y->code || strcmp(x->instrument, y->instrument) != 0 ||
				    x->hidden != y->hidden || x->mark != y->mark || x->own != y->own ||
				    x->depth != y->depth - v.rows[at].depth || memcmp(&x->ag, &y->ag, sizeof x->ag) != 0)
					fail_msg("case %d: row %zu of the view of %s differs from the whole view's", t, i,
						 root);
			}
			/* the disclosure checks below run on the whole view */
		}

		/* no hidden figure follows from the shown ones, per instrument (the
		 * sums of a view are a part of the whole view's) */
		for (int inst = 0; inst < 2; inst++) {
			const char *code = inst == 0 ? "ORS" : "WHO5";
			struct sums s = {0};
			bool any_hidden = false;

			for (size_t i = 0; i < v.nrows; i++) {
				const struct feedback_unit_row *r = &v.rows[i];
				const struct feedback_episode *own[MAXEPS];
				size_t nown = 0;

				if (strcmp(r->instrument, code) != 0)
					continue;
				s.row[s.n] = i;
				s.parent[s.n] = -1;
				for (size_t j = 0; j < s.n; j++)
					if (v.rows[s.row[j]].code == r->parent)
						s.parent[s.n] = (long)j;
				s.E[s.n] = (long)r->ag.episodes;
				s.own[s.n] = (long)r->own;
				s.hidden[s.n] = r->hidden;
				for (size_t e = 0; e < v.neps; e++)
					if (strcmp(v.eps[e].unit, v.ix.codes[r->code]) == 0 &&
					    strcmp(canonical(v.eps[e].outcome_instrument), code) == 0)
						own[nown++] = &v.eps[e];
				s.small_own[s.n] = k > 1 && nown > 0 && persons(own, nown) < (size_t)k;
				small_own += s.small_own[s.n] && !r->hidden;
				any_hidden = any_hidden || r->hidden;
				s.n++;
			}
			cases_hidden += any_hidden;
			if (determined(&s) != 0) {
				print_rows(&v);
				fail_msg("case %d (k %ld, %s): a hidden figure follows from the shown ones", t, k, code);
			}
			if (any_hidden) {
				int bf = brute_force(&s);

				if (bf == 0) {
					print_rows(&v);
					fail_msg("case %d (k %ld, %s): brute force pins a hidden figure", t, k, code);
				}
				brute += bf == 1;
			}
		}
		arena_free(v.a);
	}
	/* the sample is not trivial */
	if (cases_hidden < 600 || complementary < 300 || brute < 400 || subtrees < 300 || small_own < 100)
		fail_msg("%zu cases with hidden rows, %zu complementary rows, %zu brute-forced, %zu subtrees, %zu "
			 "small own cells under shown units",
			 cases_hidden, complementary, brute, subtrees, small_own);
}

/* --- feedback_aggregate and its summaries ------------------------------------------------------ */

/* A random episode: any instrument and band, 0–7 session rows with skipped
 * rows, collateral raters, repeated session numbers, values that do not
 * score, alliance forms; open or closed; a citizen, or none. */
static struct feedback_episode random_episode(struct arena *a, size_t id)
{
	static const struct {
		const char *out, *all;
		enum age_band band;
	} kinds[] = {{"ORS", "SRS", AGE_BAND_ADULT},   {"ORS", "SRS", AGE_BAND_ADOLESCENT},
		     {"ORS", NULL, AGE_BAND_ADULT},    {"CORS", "CSRS", AGE_BAND_CHILD},
		     {"CORS", "CSRS", AGE_BAND_UNDER_6}, {"WHO5", NULL, AGE_BAND_ADULT}};
	static const char *const raters[] = {NULL, "self", "", "mor", "far"};
	static const char *const who[] = {"a", "b", "c", "d", "e", "f", NULL};
	size_t kind = rnd(N(kinds)), ns = rnd(8);
	const struct instrument *out = instrument_set_find(&the_set, kinds[kind].out);
	const struct instrument *all = kinds[kind].all ? instrument_set_find(&the_set, kinds[kind].all) : NULL;
	struct feedback_session *s = arena_calloc(a, ns + 1, sizeof *s);
	struct feedback_episode ep = {0};

	for (size_t i = 0; i < ns; i++) {
		s[i].number = 1 + (int)rnd(6);
		s[i].date = "2017-02-01";
		s[i].rater = raters[rnd(N(raters))];
		s[i].skipped = rnd(8) == 0;
		if (s[i].skipped)
			continue;
		if (rnd(6) != 0) {
			int max = (int)(out->nitems * (size_t)out->items[0].max);

			int *v = spread(a, out, (int)rnd((unsigned)max + 1), &s[i].noutcome);

			if (rnd(15) == 0)
				v[0] = out->items[0].max + 1; /* does not score */
			s[i].outcome = v;
		}
		if (all && feedback_rater_is_self(s[i].rater) && rnd(3) != 0) {
			int max = (int)(all->nitems * (size_t)all->items[0].max);

			s[i].alliance = spread(a, all, (int)rnd((unsigned)max + 1), &s[i].nalliance);
		}
	}
	ep.id = arena_printf(a, "R%zu", id);
	ep.pseudonym = who[rnd(N(who))];
	ep.unit = "A1";
	ep.start = "2017-01-01";
	ep.band = kinds[kind].band;
	ep.outcome_instrument = kinds[kind].out;
	ep.alliance_instrument = kinds[kind].all;
	if (rnd(3) != 0) {
		ep.end = "2017-06-30";
		ep.end_reason = rnd(2) ? END_PLANNED : END_UNPLANNED;
	}
	ep.sessions = s;
	ep.nsessions = ns;
	return ep;
}

/* The aggregate worked out from the public rules: feedback_outcome for the
 * classes, instrument_score for the alliance. */
static void reference(struct feedback_aggregate *g, const struct feedback_episode *eps, size_t n)
{
	const char *names[256];
	size_t nnames = 0, unlinked = 0;
	double s_in = 0, ss_in = 0, s_fin = 0, s_ch = 0, s_all = 0;

	memset(g, 0, sizeof *g);
	g->episodes = n;
	for (size_t e = 0; e < n; e++) {
		const struct feedback_episode *ep = &eps[e];
		const struct instrument *all =
		    ep->alliance_instrument ? instrument_set_find(&the_set, ep->alliance_instrument) : NULL;
		struct feedback_outcome o;
		bool seen = false;
		int numbers[16];
		size_t nnum = 0;

		assert_int_equal(feedback_outcome(&o, ep, &the_set, NULL), 0);
		if (!ep->pseudonym)
			unlinked++;
		for (size_t i = 0; ep->pseudonym && i < nnames && !seen; i++)
			seen = strcmp(names[i], ep->pseudonym) == 0;
		if (ep->pseudonym && !seen)
			names[nnames++] = ep->pseudonym;
		g->count[o.cls]++;
		if (o.cls != OUTCOME_INSUFFICIENT && o.cls != OUTCOME_NOT_SCORED) {
			g->classified++;
			s_in += o.intake;
			ss_in += o.intake * o.intake;
			s_fin += o.latest;
			s_ch += o.change;
		}
		if (ep->end) {
			g->closed++;
			g->planned += ep->end_reason == END_PLANNED;
			g->unplanned += ep->end_reason == END_UNPLANNED;
		}
		for (size_t i = 0; i < ep->nsessions; i++) {
			bool dup = false;

			for (size_t j = 0; j < nnum; j++)
				dup = dup || numbers[j] == ep->sessions[i].number;
			if (!dup)
				numbers[nnum++] = ep->sessions[i].number;
		}
		g->sessions += nnum;
		if (all && instrument_scored_for(all, ep->band)) {
			bool has_last = false;
			int last_session = 0;
			double last = 0;

			for (size_t i = 0; i < ep->nsessions; i++) {
				const struct feedback_session *s = &ep->sessions[i];
				struct instrument_score res;

				if (!feedback_rater_is_self(s->rater) || s->skipped || !s->alliance || s->nalliance == 0 ||
				    instrument_score(&res, all, s->alliance, s->nalliance, NULL, 0) < 0)
					continue;
				if (!has_last || s->number >= last_session) {
					has_last = true;
					last_session = s->number;
					last = res.total;
				}
				if (all->alerts.has_below) {
					double d = instrument_round((all->higher_is_better ? 1 : -1) *
								    (res.total - all->alerts.below));

					g->alliance_scores++;
					g->alliance_ok += d >= 0;
				}
			}
			if (has_last) {
				g->alliance_episodes++;
				s_all += last;
			}
		}
	}
	g->citizens = nnames + unlinked;
	if (g->classified > 0) {
		double k = (double)g->classified;

		g->has_means = true;
		g->mean_intake = s_in / k;
		g->mean_final = s_fin / k;
		g->mean_change = s_ch / k;
		g->pct_recovered = 100.0 * (double)g->count[OUTCOME_RECOVERED] / k;
		g->pct_improved = 100.0 * (double)g->count[OUTCOME_IMPROVED] / k;
		g->pct_unchanged = 100.0 * (double)g->count[OUTCOME_UNCHANGED] / k;
		g->pct_deteriorated = 100.0 * (double)g->count[OUTCOME_DETERIORATED] / k;
		if (g->classified >= 2) {
			double var = (ss_in - s_in * s_in / k) / (k - 1);

			g->has_sd = true;
			g->sd_intake = var > 0 ? sqrt(var) : 0;
			if (g->sd_intake > 1e-9) {
				g->has_effect = true;
				g->effect_size = g->mean_change / g->sd_intake;
			}
		}
	}
	if (g->closed > 0) {
		g->has_unplanned = true;
		g->pct_unplanned = 100.0 * (double)g->unplanned / (double)g->closed;
	}
	if (n > 0) {
		g->has_sessions = true;
		g->mean_sessions = (double)g->sessions / (double)n;
	}
	if (g->alliance_episodes > 0) {
		g->has_final_alliance = true;
		g->mean_final_alliance = s_all / (double)g->alliance_episodes;
	}
	if (g->alliance_scores > 0) {
		g->has_alliance_share = true;
		g->pct_alliance_ok = 100.0 * (double)g->alliance_ok / (double)g->alliance_scores;
	}
}

static bool close_to(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (1 + fabs(a) + fabs(b));
}

/* Every count equal, every figure equal (to rounding when `exact` is false). */
static bool same_aggregate(const struct feedback_aggregate *x, const struct feedback_aggregate *y, bool exact)
{
	bool ok = x->episodes == y->episodes && x->citizens == y->citizens && x->closed == y->closed &&
		  x->planned == y->planned && x->unplanned == y->unplanned && x->classified == y->classified &&
		  x->sessions == y->sessions && x->alliance_episodes == y->alliance_episodes &&
		  x->alliance_scores == y->alliance_scores && x->alliance_ok == y->alliance_ok &&
		  x->has_means == y->has_means && x->has_sd == y->has_sd && x->has_effect == y->has_effect &&
		  x->has_unplanned == y->has_unplanned && x->has_sessions == y->has_sessions &&
		  x->has_final_alliance == y->has_final_alliance && x->has_alliance_share == y->has_alliance_share;
	const double xs[] = {x->mean_intake,   x->mean_final,       x->mean_change,      x->sd_intake,
			     x->effect_size,   x->pct_recovered,    x->pct_improved,     x->pct_unchanged,
			     x->pct_deteriorated, x->pct_unplanned, x->mean_sessions,    x->mean_final_alliance,
			     x->pct_alliance_ok};
	const double ys[] = {y->mean_intake,   y->mean_final,       y->mean_change,      y->sd_intake,
			     y->effect_size,   y->pct_recovered,    y->pct_improved,     y->pct_unchanged,
			     y->pct_deteriorated, y->pct_unplanned, y->mean_sessions,    y->mean_final_alliance,
			     y->pct_alliance_ok};

	for (size_t i = 0; i < OUTCOME_CLASS_COUNT; i++)
		ok = ok && x->count[i] == y->count[i];
	for (size_t i = 0; i < N(xs); i++)
		ok = ok && (exact ? xs[i] == ys[i] : close_to(xs[i], ys[i]));
	return ok;
}

static void test_aggregate_equals_summaries(void **state)
{
	size_t classified = 0, alliance = 0;

	(void)state;
	for (int t = 0; t < 400; t++) {
		struct arena *a = arena_new();
		size_t n = rnd(40);
		struct feedback_episode *eps = arena_calloc(a, n + 1, sizeof *eps);
		struct feedback_summary *sum = arena_calloc(a, n + 1, sizeof *sum);
		const struct feedback_summary **ptr = arena_calloc(a, n + 1, sizeof *ptr);
		struct feedback_aggregate g, want, viasum;
		size_t half = n / 2;

		for (size_t i = 0; i < n; i++)
			eps[i] = random_episode(a, i);
		assert_int_equal(feedback_aggregate(&g, eps, n, &the_set), 0);
		reference(&want, eps, n);
		if (!same_aggregate(&g, &want, true))
			fail_msg("case %d: feedback_aggregate differs from the rules worked out by hand", t);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(feedback_summarise(&sum[i], &eps[i], &the_set), 0);
			ptr[i] = &sum[i];
		}
		feedback_aggregate_summaries(&viasum, ptr, n);
		assert_memory_equal(&viasum, &g, sizeof g);
		/* any order of the summaries: the same counts, the same figures
		 * to rounding */
		for (size_t i = n; i > 1; i--) {
			size_t j = rnd((unsigned)i);
			const struct feedback_summary *x = ptr[i - 1];

			ptr[i - 1] = ptr[j];
			ptr[j] = x;
		}
		feedback_aggregate_summaries(&viasum, ptr, n);
		if (!same_aggregate(&viasum, &g, false))
			fail_msg("case %d: the summaries in another order give another aggregate", t);
		/* a part of them: the aggregate of that part */
		for (size_t i = 0; i < half; i++)
			ptr[i] = &sum[i];
		feedback_aggregate_summaries(&viasum, ptr, half);
		assert_int_equal(feedback_aggregate(&g, eps, half, &the_set), 0);
		assert_memory_equal(&viasum, &g, sizeof g);
		classified += want.classified;
		alliance += want.alliance_scores;
		arena_free(a);
	}
	assert_true(classified > 500 && alliance > 500);
}

/* An unknown alliance instrument is refused by both, naming the episode. */
static void test_summary_unknown_instrument(void **state)
{
	struct arena *a = arena_new();
	struct feedback_episode ep = episode(a, "E9", "A1", "P1", "ORS", 150, 200);
	struct feedback_summary s;
	struct feedback_aggregate g;

	(void)state;
	ep.alliance_instrument = "NOPE";
	assert_int_equal(feedback_summarise(&s, &ep, &the_set), PEJL_ENOTFOUND);
	assert_string_equal(err_last(), "episode E9: NOPE is not a known instrument");
	assert_int_equal(feedback_aggregate(&g, &ep, 1, &the_set), PEJL_ENOTFOUND);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_row_figures_are_the_subtree_aggregate),
	    cmocka_unit_test(test_unknown_instrument),
	    cmocka_unit_test(test_instrument_code_case),
	    cmocka_unit_test(test_many_children),
	    cmocka_unit_test(test_random_trees),
	    cmocka_unit_test(test_aggregate_equals_summaries),
	    cmocka_unit_test(test_summary_unknown_instrument),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
