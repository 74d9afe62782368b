/*
 * test_aggregate.c — unit tests for src/core/aggregate.h and orgtree.h: a
 * goal's observations rolled up over the organisation tree as it stood in
 * each period and over target groups (DESIGN §2, docs/status-rules.md
 * "Aggregation").
 *
 * One small organisation (struct unit rows with validity intervals) serves
 * every row:
 *
 *   SOF  administration
 *   ├── BU   Børn og Unge      C1, C2; MOVE until 2015; MOVE2 until mid-2016
 *   ├── HA   Handicap          C3; MOVE from 2016; MOVE2 from mid-2016
 *   └── VO   Voksne            CLOSE (closed 2016-06-30); NEW (from 2017)
 *   GONE (closed 2014) with ORPH, which is a root once GONE is gone
 *
 * Each aggregation row lists observations (unit, period, group, state,
 * values) and the figures expected for chosen units and periods. The tree
 * of each period comes from orgtree_parents over the period's days
 * (period_days), exactly as the importer and status command build it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/aggregate.h"
#include "core/orgtree.h"
#include "core/period.h"

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

static const struct unit units[] = {
    {"SOF", "Socialforvaltningen", UNIT_ADMINISTRATION, NULL, "2000-01-01", NULL},
    {"BU", "Børn og Unge", UNIT_CITIZEN_CENTRE, "SOF", "2000-01-01", NULL},
    {"HA", "Handicap", UNIT_CITIZEN_CENTRE, "SOF", "2000-01-01", NULL},
    {"VO", "Voksne", UNIT_CITIZEN_CENTRE, "SOF", "2000-01-01", NULL},
    {"C1", "Center 1", UNIT_CENTRE, "BU", "2000-01-01", NULL},
    {"C2", "Center 2", UNIT_CENTRE, "BU", "2000-01-01", NULL},
    {"C3", "Center 3", UNIT_CENTRE, "HA", "2000-01-01", NULL},
    /* moved at the turn of the year: closed and re-added under HA */
    {"MOVE", "Flyttet center", UNIT_CENTRE, "BU", "2000-01-01", "2015-12-31"},
    {"MOVE", "Flyttet center", UNIT_CENTRE, "HA", "2016-01-01", NULL},
    /* moved in the middle of 2016 */
    {"MOVE2", "Flyttet midt i året", UNIT_SERVICE, "BU", "2000-01-01", "2016-06-30"},
    {"MOVE2", "Flyttet midt i året", UNIT_SERVICE, "HA", "2016-07-01", NULL},
    {"CLOSE", "Lukket tilbud", UNIT_SERVICE, "VO", "2000-01-01", "2016-06-30"},
    {"NEW", "Nyt tilbud", UNIT_SERVICE, "VO", "2017-01-01", NULL},
    {"GONE", "Nedlagt forvaltning", UNIT_ADMINISTRATION, NULL, "2000-01-01", "2014-12-31"},
    {"ORPH", "Forældreløst center", UNIT_CENTRE, "GONE", "2000-01-01", NULL},
};

/* --- unit_valid_on --------------------------------------------------------------- */

struct valid_row {
	const char *name;
	struct unit u;
	const char *date;
	bool valid;
};

static const struct valid_row valid_rows[] = {
    {"first day is inside", {"X", "X", UNIT_CENTRE, NULL, "2016-01-01", "2016-06-30"}, "2016-01-01", true},
    {"last day is inside", {"X", "X", UNIT_CENTRE, NULL, "2016-01-01", "2016-06-30"}, "2016-06-30", true},
    {"the day before is outside", {"X", "X", UNIT_CENTRE, NULL, "2016-01-01", "2016-06-30"}, "2015-12-31", false},
    {"the day after is outside", {"X", "X", UNIT_CENTRE, NULL, "2016-01-01", "2016-06-30"}, "2016-07-01", false},
    {"open-ended is valid far ahead", {"X", "X", UNIT_CENTRE, NULL, "2016-01-01", NULL}, "2199-12-31", true},
    {"open-ended not before its start", {"X", "X", UNIT_CENTRE, NULL, "2016-01-01", NULL}, "2015-12-31", false},
    {"one-day unit", {"X", "X", UNIT_CENTRE, NULL, "2016-03-01", "2016-03-01"}, "2016-03-01", true},
};

static void test_unit_valid_on(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(valid_rows); i++) {
		const struct valid_row *row = &valid_rows[i];
		bool got = unit_valid_on(&row->u, row->date);

		ROW_CHECK(bad, row, got == row->valid, "valid on %s: %d, expected %d", row->date, got, row->valid);
	}
	assert_int_equal(bad, 0);
}

/* --- orgindex ---------------------------------------------------------------------- */

static void build_index(struct orgindex *ix, const char **codes)
{
	orgindex_build(ix, units, N(units), codes);
}

static void test_orgindex(void **state)
{
	static const char *const sorted[] = {"BU",   "C1",    "C2",  "C3",   "CLOSE", "GONE", "HA",
	                                     "MOVE", "MOVE2", "NEW", "ORPH", "SOF",   "VO"};
	const char *codes[N(units)];
	struct orgindex ix;

	(void)state;
	build_index(&ix, codes);
	/* one entry per code even when a code has several rows */
	assert_int_equal(ix.ncodes, N(sorted));
	for (size_t i = 0; i < N(sorted); i++) {
		assert_string_equal(ix.codes[i], sorted[i]);
		assert_int_equal(orgindex_find(&ix, sorted[i]), (long)i);
	}
	assert_int_equal(orgindex_find(&ix, "XX"), -1);
	assert_int_equal(orgindex_find(&ix, ""), -1);
	assert_int_equal(orgindex_find(&ix, "bu"), -1);
}

/* --- orgtree_parents --------------------------------------------------------------- */

struct parent_row {
	const char *name;
	const char *period;
	const char *code;
	const char *parent; /* "-" a root, NULL no row in the period */
};

static const struct parent_row parent_rows[] = {
    {"root", "2016", "SOF", "-"},
    {"citizen centre under the administration", "2016", "BU", "SOF"},
    {"centre under its citizen centre", "2016", "C1", "BU"},
    {"moved unit under its old parent in 2015", "2015", "MOVE", "BU"},
    {"moved unit under its new parent in 2016", "2016", "MOVE", "HA"},
    {"moved unit under its new parent in 2017", "2017", "MOVE", "HA"},
    {"moved mid-year: the later row wins for the whole year", "2016", "MOVE2", "HA"},
    {"moved mid-year: old parent in the quarter before", "2016Q2", "MOVE2", "BU"},
    {"moved mid-year: new parent in the quarter after", "2016Q3", "MOVE2", "HA"},
    {"moved mid-year: old parent in June", "2016-06", "MOVE2", "BU"},
    {"moved mid-year: new parent in July", "2016-07", "MOVE2", "HA"},
    {"moved mid-year: school year 2015/16 ends July 2016", "2015/16", "MOVE2", "HA"},
    {"moved mid-year: school year 2014/15", "2014/15", "MOVE2", "BU"},
    {"closed mid-year still counts that year", "2016", "CLOSE", "VO"},
    {"closed mid-year: gone the year after", "2017", "CLOSE", NULL},
    {"closed mid-year: gone the quarter after", "2016Q3", "CLOSE", NULL},
    {"new unit: not before it opens", "2016", "NEW", NULL},
    {"new unit: there from its first year", "2017", "NEW", "VO"},
    {"parent closed: while the parent exists the orphan is its child", "2014", "ORPH", "GONE"},
    {"parent closed: the orphan becomes a root", "2015", "ORPH", "-"},
    {"a closed root has no row after it closed", "2015", "GONE", NULL},
};

static void parents_for(const struct orgindex *ix, const char *period, long *parent)
{
	struct period p;
	char first[11], last[11];

	assert_true(period_parse(&p, period));
	period_days(p, first, last);
	orgtree_parents(units, N(units), ix, first, last, parent);
}

static void test_orgtree_parents(void **state)
{
	const char *codes[N(units)];
	struct orgindex ix;
	long parent[N(units)];
	int bad = 0;

	(void)state;
	build_index(&ix, codes);
	for (size_t i = 0; i < N(parent_rows); i++) {
		const struct parent_row *row = &parent_rows[i];
		long c = orgindex_find(&ix, row->code);
		long want = !row->parent ? -2 : strcmp(row->parent, "-") == 0 ? -1 : orgindex_find(&ix, row->parent);

		assert_true(c >= 0);
		parents_for(&ix, row->period, parent);
		ROW_CHECK(bad, row, parent[c] == want, "%s in %s: parent %ld (%s), expected %ld (%s)", row->code,
		          row->period, parent[c], parent[c] >= 0 ? ix.codes[parent[c]] : "-", want,
		          row->parent ? row->parent : "no row");
	}
	assert_int_equal(bad, 0);
}

/* --- orgtree_order ------------------------------------------------------------------ */

struct order_row {
	const char *name;
	const char *date;
	const char *expect[16]; /* "code:depth", in order */
};

static const struct order_row order_rows[] = {
    {"before the reorganisation",
     "2015-06-30",
     {"ORPH:0", "SOF:0", "BU:1", "C1:2", "C2:2", "MOVE:2", "MOVE2:2", "HA:1", "C3:2", "VO:1", "CLOSE:2"}},
    {"after the move at new year, before the mid-year move",
     "2016-03-01",
     {"ORPH:0", "SOF:0", "BU:1", "C1:2", "C2:2", "MOVE2:2", "HA:1", "C3:2", "MOVE:2", "VO:1", "CLOSE:2"}},
    {"after the mid-year move and closure",
     "2016-07-01",
     {"ORPH:0", "SOF:0", "BU:1", "C1:2", "C2:2", "HA:1", "C3:2", "MOVE:2", "MOVE2:2", "VO:1"}},
    {"with the new unit",
     "2017-01-01",
     {"ORPH:0", "SOF:0", "BU:1", "C1:2", "C2:2", "HA:1", "C3:2", "MOVE:2", "MOVE2:2", "VO:1", "NEW:2"}},
    {"while the old administration existed",
     "2014-12-31",
     {"GONE:0", "ORPH:1", "SOF:0", "BU:1", "C1:2", "C2:2", "MOVE:2", "MOVE2:2", "HA:1", "C3:2", "VO:1", "CLOSE:2"}},
    {"before anything existed", "1999-12-31", {NULL}},
};

static void test_orgtree_order(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(order_rows); i++) {
		const struct order_row *row = &order_rows[i];
		size_t order[N(units)], want = 0;
		int depth[N(units)];
		size_t n = orgtree_order(units, N(units), row->date, order, depth);
		char got[512] = "", exp[512] = "";

		while (want < N(row->expect) && row->expect[want])
			want++;
		for (size_t k = 0; k < n; k++) {
			char item[32];

			snprintf(item, sizeof item, "%s%s:%d", k ? " " : "", units[order[k]].code, depth[k]);
			strncat(got, item, sizeof got - strlen(got) - 1);
		}
		for (size_t k = 0; k < want; k++) {
			strncat(exp, k ? " " : "", sizeof exp - strlen(exp) - 1);
			strncat(exp, row->expect[k], sizeof exp - strlen(exp) - 1);
		}
		ROW_CHECK(bad, row, strcmp(got, exp) == 0, "order on %s:\n  got      %s\n  expected %s", row->date, got,
		          exp);
		for (size_t k = 0; k < n; k++)
			ROW_CHECK(bad, row, unit_valid_on(&units[order[k]], row->date), "row %s is not valid on %s",
			          units[order[k]].code, row->date);
	}
	assert_int_equal(bad, 0);
}

/* --- aggregate_goal ------------------------------------------------------------------ */

struct ob {
	const char *code;
	const char *period;
	long group;
	enum obs_state st;
	struct obs_values v;
};

struct ex {
	const char *code;
	const char *period;
	bool has_value;
	double value;
	enum obs_state st;
	double num, den; /* checked for proportions */
};

struct agg_row {
	const char *name;
	enum measure m;
	double factor;
	long group;
	struct ob obs[24];
	struct ex ex[16];
};

#define C(code, per, x)                                                                                                \
	{                                                                                                              \
		code, per, 0, OBS_OK,                                                                                  \
		{                                                                                                      \
			.has_value = true, .value = (x)                                                                \
		}                                                                                                      \
	}
#define CG(code, per, g, x)                                                                                            \
	{                                                                                                              \
		code, per, g, OBS_OK,                                                                                  \
		{                                                                                                      \
			.has_value = true, .value = (x)                                                                \
		}                                                                                                      \
	}
#define CS(code, per, st, x)                                                                                           \
	{                                                                                                              \
		code, per, 0, st,                                                                                      \
		{                                                                                                      \
			.has_value = true, .value = (x)                                                                \
		}                                                                                                      \
	}
#define MISSING(code, per)                                                                                             \
	{                                                                                                              \
		code, per, 0, OBS_MISSING,                                                                             \
		{                                                                                                      \
			0                                                                                              \
		}                                                                                                      \
	}
#define PROP(code, per, nu, de)                                                                                        \
	{                                                                                                              \
		code, per, 0, OBS_OK,                                                                                  \
		{                                                                                                      \
			.has_num = true, .num = (nu), .has_den = true, .den = (de)                                     \
		}                                                                                                      \
	}
#define PROPG(code, per, g, nu, de)                                                                                    \
	{                                                                                                              \
		code, per, g, OBS_OK,                                                                                  \
		{                                                                                                      \
			.has_num = true, .num = (nu), .has_den = true, .den = (de)                                     \
		}                                                                                                      \
	}
#define MEAN(code, per, mean, cnt, spread)                                                                             \
	{                                                                                                              \
		code, per, 0, OBS_OK,                                                                                  \
		{                                                                                                      \
			.has_value = true, .value = (mean), .has_n = true, .n = (cnt), .has_sd = true, .sd = (spread)  \
		}                                                                                                      \
	}
#define IS(code, per, x)                                                                                               \
	{                                                                                                              \
		code, per, true, x, OBS_OK, 0, 0                                                                       \
	}
#define IS_ST(code, per, x, st)                                                                                        \
	{                                                                                                              \
		code, per, true, x, st, 0, 0                                                                           \
	}
#define IS_P(code, per, nu, de)                                                                                        \
	{                                                                                                              \
		code, per, true, 100.0 * (nu) / (de), OBS_OK, nu, de                                                   \
	}
#define NONE(code, per)                                                                                                \
	{                                                                                                              \
		code, per, false, 0, OBS_MISSING, 0, 0                                                                 \
	}

/* The figures of the reorganisation example, per leaf and year. */
#define REORG_OBS                                                                                                      \
	C("C1", "2015", 10), C("C1", "2016", 11), C("C1", "2017", 12), C("C2", "2015", 20), C("C2", "2016", 21),       \
	    C("C2", "2017", 22), C("C3", "2015", 30), C("C3", "2016", 31), C("C3", "2017", 32), C("MOVE", "2015", 5),  \
	    C("MOVE", "2016", 6), C("MOVE", "2017", 7), C("MOVE2", "2015", 1), C("MOVE2", "2016", 2),                  \
	    C("MOVE2", "2017", 3), C("CLOSE", "2015", 100), C("CLOSE", "2016", 50), C("CLOSE", "2017", 99),            \
	    C("NEW", "2016", 8), C("NEW", "2017", 9)

static const struct agg_row agg_rows[] = {
    {"leaves sum to their parents and the root",
     MEASURE_COUNT,
     0,
     0,
     {C("C1", "2016", 11), C("C2", "2016", 21), C("C3", "2016", 31)},
     {IS("C1", "2016", 11), IS("BU", "2016", 32), IS("HA", "2016", 31), IS("SOF", "2016", 63), NONE("VO", "2016"),
      NONE("SOF", "2015"), NONE("SOF", "2017")}},
    /* 2015: BU = C1 10 + C2 20 + MOVE 5 + MOVE2 1 = 36; HA = C3 30; VO = CLOSE 100
     * 2016: BU = 11 + 21 = 32; HA = 31 + MOVE 6 + MOVE2 2 = 39; VO = CLOSE 50
     *       (NEW's 8 is before it exists)
     * 2017: BU = 34; HA = 32 + 7 + 3 = 42; VO = NEW 9 (CLOSE's 99 is after it closed) */
    {"reorganisation: a moved unit counts under its old parent, then its new one",
     MEASURE_COUNT,
     0,
     0,
     {REORG_OBS},
     {IS("BU", "2015", 36), IS("HA", "2015", 30), IS("BU", "2016", 32), IS("HA", "2016", 39), IS("BU", "2017", 34),
      IS("HA", "2017", 42), IS("MOVE", "2015", 5), IS("MOVE", "2016", 6)}},
    {"reorganisation: a unit closed mid-2016 counts in 2016, not in 2017",
     MEASURE_COUNT,
     0,
     0,
     {REORG_OBS},
     {IS("VO", "2015", 100), IS("VO", "2016", 50), IS("CLOSE", "2016", 50), NONE("CLOSE", "2017"),
      IS("VO", "2017", 9)}},
    {"reorganisation: a unit not yet existing has no figure",
     MEASURE_COUNT,
     0,
     0,
     {REORG_OBS},
     {NONE("NEW", "2015"), NONE("NEW", "2016"), IS("NEW", "2017", 9)}},
    {"reorganisation: the root counts every unit once per year",
     MEASURE_COUNT,
     0,
     0,
     {REORG_OBS},
     {IS("SOF", "2015", 166), IS("SOF", "2016", 121), IS("SOF", "2017", 85)}},
    {"an orphan whose parent closed is its own root, not part of SOF",
     MEASURE_COUNT,
     0,
     0,
     {C("ORPH", "2016", 7), C("C1", "2016", 1)},
     {IS("ORPH", "2016", 7), IS("SOF", "2016", 1), NONE("GONE", "2016")}},
    {"an explicit parent row wins over its children (no double counting)",
     MEASURE_COUNT,
     0,
     0,
     {C("C1", "2016", 11), C("C2", "2016", 21), C("BU", "2016", 40), C("C3", "2016", 31)},
     {IS("BU", "2016", 40), IS("C1", "2016", 11), IS("SOF", "2016", 71)}},
    {"an explicit root row wins over everything below",
     MEASURE_COUNT,
     0,
     0,
     {C("C1", "2016", 11), C("BU", "2016", 40), C("SOF", "2016", 500)},
     {IS("SOF", "2016", 500), IS("BU", "2016", 40)}},
    {"explicit rows only where given: the other year still sums",
     MEASURE_COUNT,
     0,
     0,
     {C("C1", "2015", 10), C("C2", "2015", 20), C("BU", "2016", 40), C("C1", "2016", 11)},
     {IS("BU", "2015", 30), IS("BU", "2016", 40)}},
    /* C3: all-groups row 30 and group rows 12 + 18; C1 only group rows 4 + 6 */
    {"group 0 row wins over group rows",
     MEASURE_COUNT,
     0,
     0,
     {C("C3", "2016", 30), CG("C3", "2016", 1, 12), CG("C3", "2016", 2, 18), CG("C1", "2016", 1, 4),
      CG("C1", "2016", 2, 6)},
     {IS("C3", "2016", 30), IS("C1", "2016", 10), IS("BU", "2016", 10), IS("HA", "2016", 30), IS("SOF", "2016", 40)}},
    {"group selection: only rows of the group count",
     MEASURE_COUNT,
     0,
     1,
     {C("C3", "2016", 30), CG("C3", "2016", 1, 12), CG("C3", "2016", 2, 18), CG("C1", "2016", 1, 4),
      CG("C1", "2016", 2, 6), C("C2", "2016", 21)},
     {IS("C3", "2016", 12), IS("C1", "2016", 4), NONE("C2", "2016"), IS("BU", "2016", 4), IS("HA", "2016", 12),
      IS("SOF", "2016", 16)}},
    {"group selection: another group",
     MEASURE_COUNT,
     0,
     2,
     {CG("C3", "2016", 1, 12), CG("C3", "2016", 2, 18), CG("C1", "2016", 1, 4)},
     {IS("C3", "2016", 18), NONE("C1", "2016"), NONE("BU", "2016"), IS("SOF", "2016", 18)}},
    {"group selection: an explicit parent row of the group wins",
     MEASURE_COUNT,
     0,
     1,
     {CG("C1", "2016", 1, 4), CG("C2", "2016", 1, 5), CG("BU", "2016", 1, 20), C("BU", "2016", 99)},
     {IS("BU", "2016", 20), IS("SOF", "2016", 20)}},
    /* 1/2 and 99/100: 100/102 = 98.04 %, not the 74.5 % average */
    {"proportions aggregate by Σnum/Σden",
     MEASURE_PROPORTION,
     0,
     0,
     {PROP("C1", "2016", 1, 2), PROP("C2", "2016", 99, 100), PROP("C3", "2016", 30, 40)},
     {IS_P("C1", "2016", 1, 2), IS_P("BU", "2016", 100, 102), IS_P("SOF", "2016", 130, 142)}},
    {"proportions over groups by Σnum/Σden",
     MEASURE_PROPORTION,
     0,
     0,
     {PROPG("C1", "2016", 1, 1, 2), PROPG("C1", "2016", 2, 99, 100)},
     {IS_P("C1", "2016", 100, 102), IS_P("SOF", "2016", 100, 102)}},
    {"rates aggregate by Σnum/Σden times the factor",
     MEASURE_RATE,
     1000,
     0,
     {PROP("C1", "2016", 1, 100), PROP("C3", "2016", 30, 1000)},
     {{"SOF", "2016", true, 1000.0 * 31 / 1100, OBS_OK, 31, 1100}}},
    /* (10·10 + 20·30)/40 = 17.5 */
    {"means pool by n up the tree",
     MEASURE_MEAN,
     0,
     0,
     {MEAN("C1", "2016", 10, 10, 2), MEAN("C3", "2016", 20, 30, 2)},
     {IS("BU", "2016", 10), IS("SOF", "2016", 17.5)}},
    {"missing rows: a missing leaf contributes nothing",
     MEASURE_COUNT,
     0,
     0,
     {MISSING("C1", "2016"), C("C2", "2016", 20)},
     {NONE("C1", "2016"), IS("BU", "2016", 20), IS("SOF", "2016", 20)}},
    {"missing rows: only missing rows below give no figure",
     MEASURE_COUNT,
     0,
     0,
     {MISSING("C1", "2016"), MISSING("C2", "2016")},
     {NONE("C1", "2016"), NONE("BU", "2016"), NONE("SOF", "2016")}},
    {"missing rows: a unit's own missing row means no figure (explicit beats derived)",
     MEASURE_COUNT,
     0,
     0,
     {MISSING("BU", "2016"), C("C1", "2016", 11)},
     {NONE("BU", "2016"), IS("C1", "2016", 11)}},
    {"states: an estimate below makes the parent an estimate",
     MEASURE_COUNT,
     0,
     0,
     {C("C1", "2016", 1), CS("C2", "2016", OBS_ESTIMATE, 2)},
     {IS_ST("BU", "2016", 3, OBS_ESTIMATE), IS_ST("SOF", "2016", 3, OBS_ESTIMATE), IS("C1", "2016", 1)}},
    {"states: a break below makes the parent a break",
     MEASURE_COUNT,
     0,
     0,
     {CS("C1", "2016", OBS_ESTIMATE, 1), CS("C3", "2016", OBS_BREAK, 2)},
     {IS_ST("SOF", "2016", 3, OBS_BREAK), IS_ST("BU", "2016", 1, OBS_ESTIMATE), IS_ST("HA", "2016", 2, OBS_BREAK)}},
    {"rows for a code with no row in the period are ignored",
     MEASURE_COUNT,
     0,
     0,
     {C("GONE", "2016", 5), C("C1", "2016", 1)},
     {NONE("GONE", "2016"), IS("SOF", "2016", 1)}},
};

static size_t period_pos(const struct period *ps, size_t n, const char *s)
{
	struct period p;

	assert_true(period_parse(&p, s));
	for (size_t i = 0; i < n; i++)
		if (period_cmp(ps[i], p) == 0)
			return i;
	fail_msg("period %s not in the test's periods", s);
	return 0;
}

static void test_aggregate_table(void **state)
{
	static const char *const pnames[] = {"2014", "2015", "2016", "2017"};
	const char *codes[N(units)];
	struct orgindex ix;
	struct period periods[N(pnames)];
	long parents[N(pnames) * N(units)];
	int bad = 0;

	(void)state;
	build_index(&ix, codes);
	for (size_t p = 0; p < N(pnames); p++) {
		assert_true(period_parse(&periods[p], pnames[p]));
		parents_for(&ix, pnames[p], parents + p * ix.ncodes);
	}
	for (size_t i = 0; i < N(agg_rows); i++) {
		const struct agg_row *row = &agg_rows[i];
		struct agg_obs obs[N(row->obs)];
		struct point out[N(pnames) * N(units)];
		size_t nobs = 0;
		struct agg_input in = {row->m, row->factor, ix.ncodes, periods, N(pnames), parents, obs, 0, row->group};

		for (; nobs < N(row->obs) && row->obs[nobs].code; nobs++) {
			const struct ob *o = &row->obs[nobs];

			obs[nobs].code = orgindex_find(&ix, o->code);
			assert_true(obs[nobs].code >= 0);
			obs[nobs].group = o->group;
			obs[nobs].period = period_pos(periods, N(pnames), o->period);
			obs[nobs].state = o->st;
			obs[nobs].v = o->v;
		}
		in.nobs = nobs;
		memset(out, 0xA5, sizeof out);
		aggregate_goal(out, &in);
		for (size_t k = 0; k < N(row->ex) && row->ex[k].code; k++) {
			const struct ex *e = &row->ex[k];
			long c = orgindex_find(&ix, e->code);
			size_t p = period_pos(periods, N(pnames), e->period);
			const struct point *pt;

			assert_true(c >= 0);
			pt = &out[p * ix.ncodes + (size_t)c];
			ROW_CHECK(bad, row, period_cmp(pt->period, periods[p]) == 0, "%s %s: wrong period", e->code,
			          e->period);
			ROW_CHECK(bad, row, pt->has_value == e->has_value,
			          "%s %s: has_value %d, expected %d (value %g)", e->code, e->period, pt->has_value,
			          e->has_value, pt->has_value ? pt->value : 0.0);
			if (!e->has_value) {
				ROW_CHECK(bad, row, pt->state == OBS_MISSING, "%s %s: state %s without a value",
				          e->code, e->period, obs_state_name(pt->state));
				continue;
			}
			if (!pt->has_value)
				continue;
			ROW_CHECK(bad, row, fabs(pt->value - e->value) <= 1e-9 * (1 + fabs(e->value)),
			          "%s %s: value %.15g, expected %.15g", e->code, e->period, pt->value, e->value);
			ROW_CHECK(bad, row, pt->state == e->st, "%s %s: state %s, expected %s", e->code, e->period,
			          obs_state_name(pt->state), obs_state_name(e->st));
			if (row->m == MEASURE_PROPORTION || row->m == MEASURE_RATE)
				ROW_CHECK(bad, row, pt->num == e->num && pt->den == e->den,
				          "%s %s: num/den %g/%g, expected %g/%g", e->code, e->period, pt->num, pt->den,
				          e->num, e->den);
		}
	}
	assert_int_equal(bad, 0);
}

/* No observations at all: every cell is "no figure" with its period set. */
static void test_aggregate_empty(void **state)
{
	const char *codes[N(units)];
	struct orgindex ix;
	struct period periods[1];
	long parents[N(units)];
	struct point out[N(units)];
	struct agg_input in = {MEASURE_COUNT, 0, 0, periods, 1, parents, NULL, 0, 0};

	(void)state;
	build_index(&ix, codes);
	assert_true(period_parse(&periods[0], "2016"));
	parents_for(&ix, "2016", parents);
	in.ncodes = ix.ncodes;
	memset(out, 0xA5, sizeof out);
	aggregate_goal(out, &in);
	for (size_t c = 0; c < ix.ncodes; c++) {
		assert_false(out[c].has_value);
		assert_int_equal(out[c].state, OBS_MISSING);
		assert_int_equal(period_cmp(out[c].period, periods[0]), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unit_valid_on),   cmocka_unit_test(test_orgindex),
	    cmocka_unit_test(test_orgtree_parents), cmocka_unit_test(test_orgtree_order),
	    cmocka_unit_test(test_aggregate_table), cmocka_unit_test(test_aggregate_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
