/*
 * test_strategy.c — unit tests for src/core/strategy.h: enumeration names,
 * resolved targets, the version in force at a date, the code syntax checks
 * and strategy_validate.
 *
 * strategy_validate is tested from one small valid document built in C
 * (struct fixture); each row of validate_rows changes one thing and names
 * the diagnostics it must cause, exactly: how many, at which path, with
 * which phrase.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/strategy.h"
#include "util/diag.h"

#include <math.h>
#include <stdio.h>
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

/* --- enumeration names ------------------------------------------------------- */

struct enum_row {
	const char *name;
	const char *(*to_name)(int v);
	bool (*parse)(int *out, const char *s);
	const char *names[6];
};

/* Adapters so one table can hold every enum_name/enum_parse pair. */
#define ADAPT(type)                                                                                                    \
	static const char *type##_name_i(int v)                                                                        \
	{                                                                                                              \
		return type##_name((enum type)v);                                                                      \
	}                                                                                                              \
	static bool type##_parse_i(int *out, const char *s)                                                            \
	{                                                                                                              \
		enum type e;                                                                                           \
		bool ok = type##_parse(&e, s);                                                                         \
		if (ok)                                                                                                \
			*out = (int)e;                                                                                 \
		return ok;                                                                                             \
	}
ADAPT(measure)
ADAPT(direction)
ADAPT(sampling)
ADAPT(target_kind)
ADAPT(unit_kind)

static const struct enum_row enum_rows[] = {
    {"measure", measure_name_i, measure_parse_i, {"count", "proportion", "rate", "mean"}},
    {"direction", direction_name_i, direction_parse_i, {"up", "down"}},
    {"sampling", sampling_name_i, sampling_parse_i, {"census", "sample"}},
    {"target_kind", target_kind_name_i, target_kind_parse_i, {"none", "level", "delta", "percent", "max", "min"}},
    {"unit_kind",
     unit_kind_name_i,
     unit_kind_parse_i,
     {"administration", "citizen_centre", "centre_community", "centre", "service"}},
};

static void test_enum_names_table(void **state)
{
	static const char *const rejects[] = {"", "Count", "UP", "count ", " up", "citizen centre", "unknown"};

	(void)state;
	for (size_t i = 0; i < N(enum_rows); i++) {
		const struct enum_row *row = &enum_rows[i];

		for (int v = 0; v < 6 && row->names[v]; v++) {
			int back = -1;

			ROW_CHECK(row, strcmp(row->to_name(v), row->names[v]) == 0,
			          "value %d is named \"%s\", expected \"%s\"", v, row->to_name(v), row->names[v]);
			ROW_CHECK(row, row->parse(&back, row->names[v]) && back == v,
			          "\"%s\" parsed to %d, expected %d", row->names[v], back, v);
		}
		for (size_t k = 0; k < N(rejects); k++) {
			int out = 77;

			ROW_CHECK(row, !row->parse(&out, rejects[k]) && out == 77, "accepted \"%s\"", rejects[k]);
		}
		{
			int out = 77;

			ROW_CHECK(row, !row->parse(&out, NULL) && out == 77, "accepted NULL");
		}
	}
}

static void test_unit_kind_labels(void **state)
{
	(void)state;
	assert_string_equal(unit_kind_label_da(UNIT_ADMINISTRATION), "forvaltning");
	assert_string_equal(unit_kind_label_da(UNIT_CITIZEN_CENTRE), "borgercenter");
	assert_string_equal(unit_kind_label_da(UNIT_CENTRE_COMMUNITY), "centerfællesskab");
	assert_string_equal(unit_kind_label_da(UNIT_CENTRE), "center");
	assert_string_equal(unit_kind_label_da(UNIT_SERVICE), "tilbud");
}

/* --- goal_version_target ----------------------------------------------------- */

struct target_row {
	const char *name;
	enum target_kind kind;
	double value;
	bool has_baseline;
	double baseline;
	bool ok;
	double want;
};

static const struct target_row target_rows[] = {
    {"level is its value", TARGET_LEVEL, 1000, false, 0, true, 1000},
    {"level ignores the baseline", TARGET_LEVEL, 1000, true, 1581, true, 1000},
    {"delta adds to the baseline", TARGET_DELTA, -325, true, 1581, true, 1256},
    {"positive delta", TARGET_DELTA, 80, true, 20, true, 100},
    {"percent scales the baseline", TARGET_PERCENT, -15, true, 533, true, 533 * (1 - 0.15)},
    {"positive percent", TARGET_PERCENT, 50, true, 10, true, 15},
    {"max is its value", TARGET_MAX, 100, false, 0, true, 100},
    {"min is its value", TARGET_MIN, 75, true, 60, true, 75},
    {"none has no target", TARGET_NONE, 5, true, 10, false, 0},
    {"delta without baseline has no target", TARGET_DELTA, -325, false, 1581, false, 0},
    {"percent without baseline has no target", TARGET_PERCENT, -15, false, 533, false, 0},
};

static void test_goal_version_target_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(target_rows); i++) {
		const struct target_row *row = &target_rows[i];
		struct goal_version v = {0};
		double out = -12345;
		bool ok;

		v.target_kind = row->kind;
		v.target_value = row->value;
		v.has_baseline = row->has_baseline;
		v.baseline_period = row->has_baseline ? "2013" : NULL;
		v.baseline_value = row->baseline;
		ok = goal_version_target(&v, &out);
		ROW_CHECK(row, ok == row->ok, "returned %d, expected %d", ok, row->ok);
		if (row->ok)
			ROW_CHECK(row, fabs(out - row->want) < 1e-9, "target %.17g, expected %.17g", out, row->want);
		else
			ROW_CHECK(row, out == -12345, "out was written (%g) although there is no target", out);
	}
}

/* --- goal_version_at --------------------------------------------------------- */

struct at_row {
	const char *name;
	const char *date;
	int want; /* index into the versions, -1 for NULL */
};

static const struct at_row at_rows[] = {
    {"NULL date means the latest", NULL, 1},
    {"between the versions: the first", "2015-06-01", 0},
    {"before any version: none", "2014-01-01", -1},
    {"the day before the first: none", "2014-09-16", -1},
    {"on the day of the first: the first", "2014-09-17", 0},
    {"the day before the second: the first", "2015-12-31", 0},
    {"on the day of the second: the second", "2016-01-01", 1},
    {"after the last: the last", "2020-01-01", 1},
};

static void test_goal_version_at_table(void **state)
{
	struct goal_version versions[2] = {{.date = "2014-09-17"}, {.date = "2016-01-01"}};
	struct goal g = {.code = "1A", .main = true, .versions = versions, .nversions = 2};

	(void)state;
	for (size_t i = 0; i < N(at_rows); i++) {
		const struct at_row *row = &at_rows[i];
		const struct goal_version *got = goal_version_at(&g, row->date);
		const struct goal_version *want = row->want < 0 ? NULL : &versions[row->want];

		ROW_CHECK(row, got == want, "got version %td, expected %d", got ? got - versions : -1, row->want);
	}
}

/* --- code syntax ------------------------------------------------------------- */

struct code_row {
	const char *name;
	bool (*valid)(const char *s);
	const char *s;
	bool ok;
};

#define C32 "abcdefghijklmnopqrstuvwxyz012345"

static const struct code_row code_rows[] = {
    {"strategy: kk-2014", strategy_code_valid, "kk-2014", true},
    {"strategy: 32 characters", strategy_code_valid, C32, true},
    {"strategy: 33 characters", strategy_code_valid, C32 "6", false},
    {"strategy: upper case and space", strategy_code_valid, "KK 2014", false},
    {"strategy: upper case", strategy_code_valid, "KK-2014", false},
    {"strategy: underscore", strategy_code_valid, "kk_2014", false},
    {"strategy: empty", strategy_code_valid, "", false},
    {"strategy: NULL", strategy_code_valid, NULL, false},
    {"goal: 1A", goal_code_valid, "1A", true},
    {"goal: 10B", goal_code_valid, "10B", true},
    {"goal: several letters", goal_code_valid, "1AB", true},
    {"goal: 8 characters", goal_code_valid, "1234567A", true},
    {"goal: 9 characters", goal_code_valid, "12345678A", false},
    {"goal: letter first", goal_code_valid, "A1", false},
    {"goal: digits only", goal_code_valid, "1", false},
    {"goal: letters only", goal_code_valid, "A", false},
    {"goal: lower case", goal_code_valid, "1a", false},
    {"goal: digit after the letters", goal_code_valid, "1A2", false},
    {"goal: Danish letter", goal_code_valid, "1Æ", false},
    {"goal: empty", goal_code_valid, "", false},
    {"goal: NULL", goal_code_valid, NULL, false},
    {"unit: SOF", unit_code_valid, "SOF", true},
    {"unit: all allowed characters", unit_code_valid, "Ab9_.-", true},
    {"unit: 32 characters", unit_code_valid, C32, true},
    {"unit: 33 characters", unit_code_valid, C32 "X", false},
    {"unit: space", unit_code_valid, "B U", false},
    {"unit: Danish letter", unit_code_valid, "BØ", false},
    {"unit: slash", unit_code_valid, "a/b", false},
    {"unit: empty", unit_code_valid, "", false},
    {"unit: NULL", unit_code_valid, NULL, false},
    {"group: homeless", group_code_valid, "homeless", true},
    {"group: underscore, dash and digits", group_code_valid, "mental_ill-ness2", true},
    {"group: 33 characters", group_code_valid, C32 "x", false},
    {"group: upper case", group_code_valid, "Homeless", false},
    {"group: dot", group_code_valid, "a.b", false},
    {"group: empty", group_code_valid, "", false},
    {"group: NULL", group_code_valid, NULL, false},
};

static void test_code_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(code_rows); i++) {
		const struct code_row *row = &code_rows[i];

		ROW_CHECK(row, row->valid(row->s) == row->ok, "returned %d, expected %d", !row->ok, row->ok);
	}
}

/* --- strategy_validate ------------------------------------------------------- */

/* Room for a small document; fixture_init fills a valid one that uses one
 * principle with one commitment, one pejlemærke with one goal of one
 * version, units SOF (root) and BBU (child of SOF), and one group. Rows
 * switch on the spare slots by raising the counts. */
struct fixture {
	struct strategy_doc doc;
	struct principle principles[2];
	struct commitment commitments[2][2];
	struct pejlemaerke pms[2];
	struct goal goals[2][2];
	struct goal_version versions[2][2][2];
	struct unit units[4];
	struct target_group groups[2];
};

static const struct goal_version base_version = {
    .date = "2014-09-17",
    .decision = "2014-0199006",
    .title = "Færre hjemløse",
    .definition = "Antal hjemløse i den nationale hjemløsetælling",
    .source = "SFI",
    .owner = "SOF",
    .display_unit = "personer",
    .measure = MEASURE_COUNT,
    .decimals = 0,
    .direction = DIRECTION_DOWN,
    .sampling = SAMPLING_CENSUS,
    .cadence = CADENCE_BIENNIAL,
    .has_baseline = true,
    .baseline_period = "2013",
    .baseline_value = 1581,
    .target_kind = TARGET_DELTA,
    .target_value = -325,
    .target_period = "2017",
    .tolerance = 0,
};

/* A unit, by field name so the struct may grow. */
static struct unit mkunit(const char *code, const char *name, enum unit_kind kind, const char *parent,
                          const char *valid_from, const char *valid_to)
{
	return (struct unit){
	    .code = code, .name = name, .kind = kind, .parent = parent, .valid_from = valid_from, .valid_to = valid_to};
}

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	f->doc.strategy = (struct strategy){
	    .code = "kk-2014",
	    .name = "Socialstrategi 2014–2017",
	    .valid_from = 2014,
	    .valid_to = 2017,
	    .decision_date = "2014-09-17",
	    .decision_body = "Socialudvalget",
	    .decision_case = "2014-0199006",
	    .principles = f->principles,
	    .nprinciples = 1,
	    .pejlemaerker = f->pms,
	    .npejlemaerker = 1,
	};
	for (size_t i = 0; i < 2; i++) {
		f->principles[i] = (struct principle){
		    .number = (int)i + 1, .title = "Høj kvalitet", .commitments = f->commitments[i], .ncommitments = 1};
		f->commitments[i][0] = (struct commitment){.code = i ? "2.1" : "1.1", .text = "Lytte til borgerne"};
		f->commitments[i][1] = (struct commitment){.code = i ? "2.2" : "1.2", .text = "Sætte stolene sammen"};
		f->pms[i] = (struct pejlemaerke){
		    .number = (int)i + 1, .title = "Flere har en bolig", .goals = f->goals[i], .ngoals = 1};
		for (size_t j = 0; j < 2; j++) {
			static const char *const codes[2][2] = {{"1A", "1B"}, {"2A", "2B"}};

			f->goals[i][j] = (struct goal){
			    .code = codes[i][j], .main = j == 0, .versions = f->versions[i][j], .nversions = 1};
			f->versions[i][j][0] = base_version;
			f->versions[i][j][1] = base_version;
			f->versions[i][j][1].date = "2016-01-01";
		}
	}
	f->units[0] = mkunit("SOF", "Socialforvaltningen", UNIT_ADMINISTRATION, NULL, "2014-01-01", NULL);
	f->units[1] = mkunit("BBU", "Borgercenter Børn og Unge", UNIT_CITIZEN_CENTRE, "SOF", "2015-01-01", NULL);
	f->units[2] = mkunit("HAN", "Borgercenter Handicap", UNIT_CITIZEN_CENTRE, "SOF", "2015-01-01", NULL);
	f->units[3] = mkunit("VOK", "Borgercenter Voksne", UNIT_CITIZEN_CENTRE, "SOF", "2015-01-01", NULL);
	f->groups[0] = (struct target_group){.code = "homeless", .name = "Hjemløse", .name_en = "Homelessness"};
	f->groups[1] = (struct target_group){.code = "disability", .name = "Handicap"};
	f->doc.units = f->units;
	f->doc.nunits = 2;
	f->doc.groups = f->groups;
	f->doc.ngroups = 1;
}

/* The version in force of the first goal. */
#define V0 (&f->versions[0][0][0])

/* One mutation per row. */
static void m_none(struct fixture *f)
{
	(void)f;
}
static void m_delta_wrong_sign(struct fixture *f)
{
	V0->target_value = 325;
}
static void m_percent_no_baseline(struct fixture *f)
{
	V0->target_kind = TARGET_PERCENT;
	V0->target_value = -15;
	V0->has_baseline = false;
	V0->baseline_period = NULL;
	V0->baseline_value = 0;
}
static void m_delta_no_baseline(struct fixture *f)
{
	V0->has_baseline = false;
	V0->baseline_period = NULL;
	V0->baseline_value = 0;
}
static void m_percent_ok(struct fixture *f)
{
	V0->target_kind = TARGET_PERCENT;
	V0->target_value = -15;
	V0->baseline_value = 533;
}
static void m_percent_minus_100(struct fixture *f)
{
	V0->target_kind = TARGET_PERCENT;
	V0->target_value = -100;
}
static void m_max_up(struct fixture *f)
{
	V0->target_kind = TARGET_MAX;
	V0->target_value = 2000;
	V0->direction = DIRECTION_UP;
}
static void m_max_down_ok(struct fixture *f)
{
	V0->target_kind = TARGET_MAX;
	V0->target_value = 1000;
}
static void m_min_down(struct fixture *f)
{
	V0->target_kind = TARGET_MIN;
	V0->target_value = 100;
}
static void m_min_up_ok(struct fixture *f)
{
	V0->target_kind = TARGET_MIN;
	V0->target_value = 2000;
	V0->direction = DIRECTION_UP;
}
static void m_level_wrong_side(struct fixture *f)
{
	V0->target_kind = TARGET_LEVEL;
	V0->target_value = 2000;
}
static void m_level_up_wrong_side(struct fixture *f)
{
	V0->target_kind = TARGET_LEVEL;
	V0->target_value = 1000;
	V0->direction = DIRECTION_UP;
}
static void m_level_ok(struct fixture *f)
{
	V0->target_kind = TARGET_LEVEL;
	V0->target_value = 1000;
}
static void m_level_without_baseline_ok(struct fixture *f)
{
	V0->target_kind = TARGET_LEVEL;
	V0->target_value = 1000;
	V0->has_baseline = false;
	V0->baseline_period = NULL;
}
static void m_up_delta_ok(struct fixture *f)
{
	V0->direction = DIRECTION_UP;
	V0->target_value = 80;
}
static void m_target_same_period(struct fixture *f)
{
	V0->target_period = "2013";
}
static void m_target_before_baseline(struct fixture *f)
{
	V0->target_period = "2011";
}
static void m_baseline_quarter_on_yearly(struct fixture *f)
{
	V0->cadence = CADENCE_YEARLY;
	V0->baseline_period = "2013Q1";
}
static void m_target_month_on_biennial(struct fixture *f)
{
	V0->target_period = "2017-12";
}
static void m_target_not_a_period(struct fixture *f)
{
	V0->target_period = "2017 ";
}
static void m_school_year_ok(struct fixture *f)
{
	V0->cadence = CADENCE_SCHOOL_YEAR;
	V0->baseline_period = "2013/14";
	V0->target_period = "2016/17";
}
static void m_school_year_with_year(struct fixture *f)
{
	V0->cadence = CADENCE_SCHOOL_YEAR;
	V0->baseline_period = "2013/14";
	V0->target_period = "2017";
}
static void m_quarterly_ok(struct fixture *f)
{
	V0->cadence = CADENCE_QUARTERLY;
	V0->baseline_period = "2013Q4";
	V0->target_period = "2017Q4";
}
static void m_proportion_120(struct fixture *f)
{
	V0->measure = MEASURE_PROPORTION;
	V0->decimals = 1;
	V0->baseline_value = 120;
	V0->target_value = -30;
}
static void m_proportion_target_over_100(struct fixture *f)
{
	V0->measure = MEASURE_PROPORTION;
	V0->direction = DIRECTION_UP;
	V0->baseline_value = 90;
	V0->target_value = 20;
}
static void m_negative_count_target(struct fixture *f)
{
	V0->target_kind = TARGET_LEVEL;
	V0->target_value = -1;
}
static void m_negative_count_baseline(struct fixture *f)
{
	V0->baseline_value = -5;
	V0->target_kind = TARGET_NONE;
	V0->target_period = NULL;
}
static void m_negative_mean_ok(struct fixture *f)
{
	V0->measure = MEASURE_MEAN;
	V0->baseline_value = -2;
	V0->target_value = -1;
}
static void m_decimals_7(struct fixture *f)
{
	V0->decimals = 7;
}
static void m_decimals_minus_1(struct fixture *f)
{
	V0->decimals = -1;
}
static void m_decimals_6_ok(struct fixture *f)
{
	V0->decimals = 6;
}
static void m_rate_without_factor(struct fixture *f)
{
	V0->measure = MEASURE_RATE;
}
static void m_rate_with_factor_ok(struct fixture *f)
{
	V0->measure = MEASURE_RATE;
	V0->rate_factor = 1000;
}
static void m_factor_without_rate(struct fixture *f)
{
	V0->rate_factor = 1000;
}
static void m_negative_tolerance(struct fixture *f)
{
	V0->tolerance = -1;
}
static void m_nan_target(struct fixture *f)
{
	V0->target_value = NAN;
}
static void m_empty_title(struct fixture *f)
{
	V0->title = " ";
}
static void m_empty_definition(struct fixture *f)
{
	V0->definition = "";
}
static void m_bad_version_date(struct fixture *f)
{
	V0->date = "2014-02-30";
}
static void m_no_target_ok(struct fixture *f)
{
	V0->target_kind = TARGET_NONE;
	V0->target_period = NULL;
	V0->has_baseline = false;
	V0->baseline_period = NULL;
}
static void m_bad_goal_code(struct fixture *f)
{
	f->goals[0][0].code = "A1";
}
static void m_two_main_goals(struct fixture *f)
{
	f->pms[0].ngoals = 2;
	f->goals[0][1].main = true;
}
static void m_two_goals_one_main_ok(struct fixture *f)
{
	f->pms[0].ngoals = 2;
}
static void m_duplicate_goal_code_in_pejlemaerke(struct fixture *f)
{
	f->pms[0].ngoals = 2;
	f->goals[0][1].code = "1A";
}
static void m_duplicate_goal_code_across(struct fixture *f)
{
	f->doc.strategy.npejlemaerker = 2;
	f->goals[1][0].code = "1A";
}
static void m_two_pejlemaerker_ok(struct fixture *f)
{
	f->doc.strategy.npejlemaerker = 2;
}
static void m_duplicate_pejlemaerke_number(struct fixture *f)
{
	f->doc.strategy.npejlemaerker = 2;
	f->pms[1].number = 1;
}
static void m_pejlemaerke_number_100(struct fixture *f)
{
	f->pms[0].number = 100;
}
static void m_pejlemaerke_without_goals(struct fixture *f)
{
	f->doc.strategy.npejlemaerker = 2;
	f->pms[1].ngoals = 0;
}
static void m_pejlemaerke_empty_title(struct fixture *f)
{
	f->pms[0].title = "";
}
static void m_no_pejlemaerker(struct fixture *f)
{
	f->doc.strategy.npejlemaerker = 0;
}
static void m_unknown_owner(struct fixture *f)
{
	V0->owner = "XYZ";
}
static void m_owner_in_extra(struct fixture *f)
{
	V0->owner = "EXT";
}
static void m_no_owner_ok(struct fixture *f)
{
	V0->owner = NULL;
}
static void m_unknown_parent(struct fixture *f)
{
	f->units[1].parent = "NOPE";
}
static void m_parent_in_extra(struct fixture *f)
{
	f->units[0].parent = "KK";
}
static void m_parent_later_in_list_ok(struct fixture *f)
{
	f->doc.nunits = 3;
	f->units[1] = mkunit("CEN", "Center for Udsatte", UNIT_CENTRE, "HAN", "2015-01-01", NULL);
	f->units[2] = mkunit("HAN", "Borgercenter Handicap", UNIT_CITIZEN_CENTRE, "SOF", "2015-01-01", NULL);
}
static void m_unit_cycle(struct fixture *f)
{
	f->doc.nunits = 4;
	f->units[2] = mkunit("A", "Enhed A", UNIT_CENTRE, "B", "2015-01-01", NULL);
	f->units[3] = mkunit("B", "Enhed B", UNIT_CENTRE, "A", "2015-01-01", NULL);
}
static void m_unit_own_parent(struct fixture *f)
{
	f->units[1].parent = "BBU";
}
static void m_unit_overlap(struct fixture *f)
{
	f->doc.nunits = 3;
	f->units[2] = f->units[1];
	f->units[2].valid_from = "2016-01-01";
}
static void m_unit_overlap_one_day(struct fixture *f)
{
	f->doc.nunits = 3;
	f->units[1].valid_to = "2016-01-01";
	f->units[2] = f->units[1];
	f->units[2].valid_from = "2016-01-01";
	f->units[2].valid_to = NULL;
}
static void m_unit_moved_ok(struct fixture *f)
{
	f->doc.nunits = 3;
	f->units[1].valid_to = "2015-12-31";
	f->units[2] = f->units[1];
	f->units[2].valid_from = "2016-01-01";
	f->units[2].valid_to = NULL;
	f->units[2].parent = NULL;
}
static void m_unit_to_before_from(struct fixture *f)
{
	f->units[1].valid_to = "2014-12-31";
}
static void m_unit_bad_from(struct fixture *f)
{
	f->units[1].valid_from = "2015-13-01";
}
static void m_unit_bad_code(struct fixture *f)
{
	f->units[1].code = "B B";
	V0->owner = "SOF";
}
static void m_unit_empty_name(struct fixture *f)
{
	f->units[1].name = "";
}
static void m_duplicate_group(struct fixture *f)
{
	f->doc.ngroups = 2;
	f->groups[1].code = "homeless";
}
static void m_bad_group_code(struct fixture *f)
{
	f->groups[0].code = "Homeless";
}
static void m_two_groups_ok(struct fixture *f)
{
	f->doc.ngroups = 2;
}
static void m_bad_strategy_code(struct fixture *f)
{
	f->doc.strategy.code = "KK 2014";
}
static void m_strategy_empty_name(struct fixture *f)
{
	f->doc.strategy.name = "";
}
static void m_strategy_to_before_from(struct fixture *f)
{
	f->doc.strategy.valid_to = 2013;
}
static void m_strategy_from_not_a_year(struct fixture *f)
{
	f->doc.strategy.valid_from = 14;
}
static void m_strategy_bad_decision_date(struct fixture *f)
{
	f->doc.strategy.decision_date = "17-09-2014";
}
static void m_no_decision_date_ok(struct fixture *f)
{
	f->doc.strategy.decision_date = NULL;
}
static void m_history_ok(struct fixture *f)
{
	f->goals[0][0].nversions = 2;
	f->versions[0][0][1].target_value = -300;
}
static void m_history_dates_decrease(struct fixture *f)
{
	f->goals[0][0].nversions = 2;
	f->versions[0][0][0].date = "2016-01-01";
	f->versions[0][0][1].date = "2014-09-17";
}
static void m_history_dates_equal(struct fixture *f)
{
	f->goals[0][0].nversions = 2;
	f->versions[0][0][1].date = "2014-09-17";
}
static void m_history_version_bad(struct fixture *f)
{
	f->goals[0][0].nversions = 2;
	f->versions[0][0][0].title = "";
}
static void m_duplicate_principle_number(struct fixture *f)
{
	f->doc.strategy.nprinciples = 2;
	f->principles[1].number = 1;
}
static void m_duplicate_commitment_code(struct fixture *f)
{
	f->doc.strategy.nprinciples = 2;
	f->commitments[1][0].code = "1.1";
}
static void m_duplicate_commitment_in_principle(struct fixture *f)
{
	f->principles[0].ncommitments = 2;
	f->commitments[0][1].code = "1.1";
}
static void m_commitment_code_too_long(struct fixture *f)
{
	f->commitments[0][0].code = "12345678901234567";
}
static void m_principle_empty_title(struct fixture *f)
{
	f->principles[0].title = "";
}

#define GOAL0 "$.strategy.pejlemaerker[0].goals[0]"

struct validate_row {
	const char *name;
	void (*mutate)(struct fixture *f);
	size_t nerrors;        /* exactly this many diagnostics, all errors */
	const char *path[2];   /* where of the first diagnostics, without "t.json: " */
	const char *phrase[2]; /* ... and a phrase of their messages */
	const char *extra[2];  /* extra_units (units known from the database) */
};

static const struct validate_row validate_rows[] = {
    {"the base document is valid", m_none, 0, {NULL}, {NULL}, {NULL}},
    /* targets */
    {"delta with a positive value on a down goal",
     m_delta_wrong_sign,
     1,
     {GOAL0 ".target.value"},
     {"points the wrong way"},
     {NULL}},
    {"delta with a positive value on an up goal is fine", m_up_delta_ok, 0, {NULL}, {NULL}, {NULL}},
    {"percent without a baseline",
     m_percent_no_baseline,
     1,
     {GOAL0 ".target.kind"},
     {"a percent target needs a baseline"},
     {NULL}},
    {"delta without a baseline",
     m_delta_no_baseline,
     1,
     {GOAL0 ".target.kind"},
     {"a delta target needs a baseline"},
     {NULL}},
    {"percent -15 with a baseline is fine", m_percent_ok, 0, {NULL}, {NULL}, {NULL}},
    {"percent -100 would leave nothing",
     m_percent_minus_100,
     1,
     {GOAL0 ".target.value"},
     {"would leave nothing"},
     {NULL}},
    {"max with direction up", m_max_up, 1, {GOAL0 ".target.kind"}, {"goes with direction down"}, {NULL}},
    {"max with direction down is fine", m_max_down_ok, 0, {NULL}, {NULL}, {NULL}},
    {"min with direction down", m_min_down, 1, {GOAL0 ".target.kind"}, {"goes with direction up"}, {NULL}},
    {"min with direction up is fine", m_min_up_ok, 0, {NULL}, {NULL}, {NULL}},
    {"level above the baseline of a down goal",
     m_level_wrong_side,
     1,
     {GOAL0 ".target.value"},
     {"wrong side of the baseline"},
     {NULL}},
    {"level below the baseline of an up goal",
     m_level_up_wrong_side,
     1,
     {GOAL0 ".target.value"},
     {"wrong side of the baseline"},
     {NULL}},
    {"level below the baseline of a down goal is fine", m_level_ok, 0, {NULL}, {NULL}, {NULL}},
    {"level without a baseline is fine", m_level_without_baseline_ok, 0, {NULL}, {NULL}, {NULL}},
    {"no target and no baseline is fine", m_no_target_ok, 0, {NULL}, {NULL}, {NULL}},
    {"target value NaN", m_nan_target, 1, {GOAL0 ".target.value"}, {"not a finite number"}, {NULL}},
    /* periods */
    {"target period equal to the baseline period",
     m_target_same_period,
     1,
     {GOAL0 ".target.period"},
     {"must come after the baseline period"},
     {NULL}},
    {"target period before the baseline period",
     m_target_before_baseline,
     1,
     {GOAL0 ".target.period"},
     {"must come after the baseline period"},
     {NULL}},
    {"quarter baseline on a yearly goal",
     m_baseline_quarter_on_yearly,
     1,
     {GOAL0 ".baseline.period"},
     {"\"2013Q1\" is a quarter but the goal's cadence is yearly"},
     {NULL}},
    {"month target on a biennial goal",
     m_target_month_on_biennial,
     1,
     {GOAL0 ".target.period"},
     {"is a month but the goal's cadence is biennial"},
     {NULL}},
    {"target period that is no period",
     m_target_not_a_period,
     1,
     {GOAL0 ".target.period"},
     {"is not a period"},
     {NULL}},
    {"school year cadence with 2016/17 is fine", m_school_year_ok, 0, {NULL}, {NULL}, {NULL}},
    {"school year cadence with a year target",
     m_school_year_with_year,
     1,
     {GOAL0 ".target.period"},
     {"is a year but the goal's cadence is school_year"},
     {NULL}},
    {"quarterly cadence with quarters is fine", m_quarterly_ok, 0, {NULL}, {NULL}, {NULL}},
    /* measures and values */
    {"proportion baseline of 120",
     m_proportion_120,
     1,
     {GOAL0 ".baseline.value"},
     {"must be a percentage from 0 to 100"},
     {NULL}},
    {"proportion target resolving above 100",
     m_proportion_target_over_100,
     1,
     {GOAL0 ".target.value"},
     {"the resolved target 110 must be a percentage"},
     {NULL}},
    {"negative count target",
     m_negative_count_target,
     1,
     {GOAL0 ".target.value"},
     {"the resolved target -1 must be 0 or more"},
     {NULL}},
    {"negative count baseline", m_negative_count_baseline, 1, {GOAL0 ".baseline.value"}, {"must be 0 or more"}, {NULL}},
    {"negative mean is fine", m_negative_mean_ok, 0, {NULL}, {NULL}, {NULL}},
    {"decimals 7", m_decimals_7, 1, {GOAL0 ".decimals"}, {"7 is out of range 0..6"}, {NULL}},
    {"decimals -1", m_decimals_minus_1, 1, {GOAL0 ".decimals"}, {"-1 is out of range 0..6"}, {NULL}},
    {"decimals 6 is fine", m_decimals_6_ok, 0, {NULL}, {NULL}, {NULL}},
    {"rate without a factor", m_rate_without_factor, 1, {GOAL0 ".rate_factor"}, {"a rate needs a factor"}, {NULL}},
    {"rate with a factor is fine", m_rate_with_factor_ok, 0, {NULL}, {NULL}, {NULL}},
    {"count with a factor",
     m_factor_without_rate,
     1,
     {GOAL0 ".rate_factor"},
     {"only a rate has a factor (this goal's measure is count)"},
     {NULL}},
    {"negative tolerance", m_negative_tolerance, 1, {GOAL0 ".tolerance"}, {"must be 0 or more"}, {NULL}},
    {"blank title", m_empty_title, 1, {GOAL0 ".title"}, {"must not be empty"}, {NULL}},
    {"empty definition", m_empty_definition, 1, {GOAL0 ".definition"}, {"say how the goal is measured"}, {NULL}},
    {"version date 2014-02-30",
     m_bad_version_date,
     1,
     {GOAL0 ".version.date"},
     {"\"2014-02-30\" is not a real date"},
     {NULL}},
    /* goals and pejlemærker */
    {"goal code A1", m_bad_goal_code, 1, {GOAL0}, {"code \"A1\" is not a goal code"}, {NULL}},
    {"two main goals in one pejlemærke",
     m_two_main_goals,
     1,
     {"$.strategy.pejlemaerker[0]"},
     {"2 goals are marked main"},
     {NULL}},
    {"two goals, one main, is fine", m_two_goals_one_main_ok, 0, {NULL}, {NULL}, {NULL}},
    {"duplicate goal code in one pejlemærke",
     m_duplicate_goal_code_in_pejlemaerke,
     1,
     {"$.strategy.pejlemaerker[0].goals[1]"},
     {"goal code 1A is used twice"},
     {NULL}},
    {"duplicate goal code across pejlemærker",
     m_duplicate_goal_code_across,
     1,
     {"$.strategy.pejlemaerker[1].goals[0]"},
     {"goal code 1A is used twice"},
     {NULL}},
    {"two pejlemærker are fine", m_two_pejlemaerker_ok, 0, {NULL}, {NULL}, {NULL}},
    {"duplicate pejlemærke number",
     m_duplicate_pejlemaerke_number,
     1,
     {"$.strategy.pejlemaerker[1]"},
     {"number 1 is used twice"},
     {NULL}},
    {"pejlemærke number 100",
     m_pejlemaerke_number_100,
     1,
     {"$.strategy.pejlemaerker[0]"},
     {"number 100 is out of range 1..99"},
     {NULL}},
    {"pejlemærke without goals",
     m_pejlemaerke_without_goals,
     1,
     {"$.strategy.pejlemaerker[1]"},
     {"needs at least one goal"},
     {NULL}},
    {"pejlemærke without a title",
     m_pejlemaerke_empty_title,
     1,
     {"$.strategy.pejlemaerker[0]"},
     {"title must not be empty"},
     {NULL}},
    {"strategy without pejlemærker",
     m_no_pejlemaerker,
     1,
     {"$.strategy.pejlemaerker"},
     {"needs at least one pejlemærke"},
     {NULL}},
    /* history */
    {"a history version before the goal is fine", m_history_ok, 0, {NULL}, {NULL}, {NULL}},
    {"version dates decreasing",
     m_history_dates_decrease,
     1,
     {GOAL0},
     {"version date 2014-09-17 must be later than the version before it (2016-01-01)"},
     {NULL}},
    {"version dates equal", m_history_dates_equal, 1, {GOAL0}, {"must be later than the version before it"}, {NULL}},
    {"a history version is reported under history[i]",
     m_history_version_bad,
     1,
     {GOAL0 ".history[0].title"},
     {"must not be empty"},
     {NULL}},
    /* principles */
    {"duplicate principle number",
     m_duplicate_principle_number,
     1,
     {"$.strategy.principles[1]"},
     {"number 1 is used twice"},
     {NULL}},
    {"duplicate commitment code across principles",
     m_duplicate_commitment_code,
     1,
     {"$.strategy.principles[1].commitments[0]"},
     {"commitment code 1.1 is used twice"},
     {NULL}},
    {"duplicate commitment code in one principle",
     m_duplicate_commitment_in_principle,
     1,
     {"$.strategy.principles[0].commitments[1]"},
     {"commitment code 1.1 is used twice"},
     {NULL}},
    {"commitment code of 17 characters",
     m_commitment_code_too_long,
     1,
     {"$.strategy.principles[0].commitments[0]"},
     {"code must be 1 to 16 characters"},
     {NULL}},
    {"principle without a title",
     m_principle_empty_title,
     1,
     {"$.strategy.principles[0]"},
     {"title must not be empty"},
     {NULL}},
    /* units */
    {"unknown owner unit",
     m_unknown_owner,
     1,
     {GOAL0 ".owner"},
     {"unit \"XYZ\" is not in \"units\" nor in the database"},
     {NULL}},
    {"owner known from the database", m_owner_in_extra, 0, {NULL}, {NULL}, {"OTHER", "EXT"}},
    {"owner not among the database units",
     m_owner_in_extra,
     1,
     {GOAL0 ".owner"},
     {"unit \"EXT\" is not in"},
     {"OTHER"}},
    {"no owner is fine", m_no_owner_ok, 0, {NULL}, {NULL}, {NULL}},
    {"unknown parent unit", m_unknown_parent, 1, {"$.units[1]"}, {"parent \"NOPE\" is not in"}, {NULL}},
    {"parent known from the database", m_parent_in_extra, 0, {NULL}, {NULL}, {"KK"}},
    {"parent listed after its child is fine", m_parent_later_in_list_ok, 0, {NULL}, {NULL}, {NULL}},
    /* Each unit on the cycle is its own ancestor and is reported. */
    {"unit cycle A -> B -> A",
     m_unit_cycle,
     2,
     {"$.units[2]", "$.units[3]"},
     {"unit A is its own ancestor", "unit B is its own ancestor"},
     {NULL}},
    {"unit that is its own parent", m_unit_own_parent, 1, {"$.units[1]"}, {"a unit cannot be its own parent"}, {NULL}},
    {"overlapping intervals of one unit code",
     m_unit_overlap,
     1,
     {"$.units[2]"},
     {"unit BBU is also $.units[1] with an overlapping validity interval"},
     {NULL}},
    {"intervals sharing one day overlap (valid_to is inclusive)",
     m_unit_overlap_one_day,
     1,
     {"$.units[2]"},
     {"overlapping validity interval"},
     {NULL}},
    {"a unit that moved: consecutive intervals are fine", m_unit_moved_ok, 0, {NULL}, {NULL}, {NULL}},
    {"unit valid_to before valid_from",
     m_unit_to_before_from,
     1,
     {"$.units[1]"},
     {"valid_to 2014-12-31 is before valid_from 2015-01-01"},
     {NULL}},
    {"unit valid_from not a date",
     m_unit_bad_from,
     1,
     {"$.units[1]"},
     {"valid_from \"2015-13-01\" is not a real date"},
     {NULL}},
    {"unit code with a space", m_unit_bad_code, 1, {"$.units[1]"}, {"code \"B B\" must be 1 to 32"}, {NULL}},
    {"unit without a name", m_unit_empty_name, 1, {"$.units[1]"}, {"name must not be empty"}, {NULL}},
    /* groups */
    {"duplicate group code",
     m_duplicate_group,
     1,
     {"$.target_groups[1]"},
     {"code homeless is used twice (also $.target_groups[0])"},
     {NULL}},
    {"group code in upper case", m_bad_group_code, 1, {"$.target_groups[0]"}, {"code \"Homeless\" must be"}, {NULL}},
    {"two groups are fine", m_two_groups_ok, 0, {NULL}, {NULL}, {NULL}},
    /* the strategy */
    {"strategy code KK 2014",
     m_bad_strategy_code,
     1,
     {"$.strategy.code"},
     {"\"KK 2014\" must be 1 to 32 of a-z 0-9 -"},
     {NULL}},
    {"strategy without a name", m_strategy_empty_name, 1, {"$.strategy.name"}, {"must not be empty"}, {NULL}},
    {"strategy valid_to before valid_from",
     m_strategy_to_before_from,
     1,
     {"$.strategy.valid_to"},
     {"2013 is before valid_from 2014"},
     {NULL}},
    {"strategy valid_from not a year",
     m_strategy_from_not_a_year,
     1,
     {"$.strategy.valid_from"},
     {"14 is not a year"},
     {NULL}},
    {"strategy decision date not a date",
     m_strategy_bad_decision_date,
     1,
     {"$.strategy.decision.date"},
     {"\"17-09-2014\" is not a real date"},
     {NULL}},
    {"strategy without a decision date is fine", m_no_decision_date_ok, 0, {NULL}, {NULL}, {NULL}},
};

/* Runs one row; returns true when it behaves as expected, else prints why. */
static bool run_validate_row(const struct validate_row *row)
{
	struct fixture f;
	struct diag d;
	size_t nextra = 0, n;
	bool ok = true;

	fixture_init(&f);
	row->mutate(&f);
	while (nextra < N(row->extra) && row->extra[nextra])
		nextra++;
	diag_init(&d);
	n = strategy_validate(&f.doc, "t.json", row->extra, nextra, &d);
	if (n != row->nerrors || d.n != row->nerrors || diag_errors(&d) != row->nerrors || diag_warnings(&d) != 0) {
		print_error("row \"%s\": returned %zu, recorded %zu errors, %zu warnings; expected %zu errors\n",
		            row->name, n, diag_errors(&d), diag_warnings(&d), row->nerrors);
		ok = false;
	}
	for (size_t i = 0; ok && i < row->nerrors && i < N(row->path); i++) {
		char where[300];

		snprintf(where, sizeof where, "t.json: %s", row->path[i]);
		if (strcmp(d.items[i].where, where) != 0) {
			print_error("row \"%s\": diagnostic %zu is at \"%s\", expected \"%s\"\n", row->name, i,
			            d.items[i].where, where);
			ok = false;
		}
		if (!strstr(d.items[i].msg, row->phrase[i])) {
			print_error("row \"%s\": diagnostic %zu says \"%s\", expected the phrase \"%s\"\n", row->name,
			            i, d.items[i].msg, row->phrase[i]);
			ok = false;
		}
	}
	if (!ok)
		for (size_t i = 0; i < d.n; i++)
			print_error("    %s: %s\n", d.items[i].where, d.items[i].msg);
	diag_free(&d);
	return ok;
}

static void test_strategy_validate_table(void **state)
{
	size_t failed = 0;

	(void)state;
	for (size_t i = 0; i < N(validate_rows); i++)
		failed += !run_validate_row(&validate_rows[i]);
	if (failed) {
		print_error("%zu of %zu rows failed\n", failed, N(validate_rows));
		fail();
	}
}

/* With no `where`, locations start with "strategy". */
static void test_strategy_validate_default_where(void **state)
{
	struct fixture f;
	struct diag d;
	size_t n;
	char where[200] = "";

	(void)state;
	fixture_init(&f);
	f.doc.strategy.code = "";
	diag_init(&d);
	n = strategy_validate(&f.doc, NULL, NULL, 0, &d);
	if (d.n > 0)
		snprintf(where, sizeof where, "%s", d.items[0].where);
	diag_free(&d);
	assert_int_equal(n, 1);
	assert_string_equal(where, "strategy: $.strategy.code");
}

/* Several independent mistakes in one document are each reported, and
 * diagnostics already in the diag are kept (the return value counts only
 * the new ones). */
static void test_strategy_validate_reports_all(void **state)
{
	struct fixture f;
	struct diag d;
	size_t n, count;
	static const char *const want[] = {
	    "t.json: $.strategy.code", "t.json: " GOAL0 ".decimals", "t.json: " GOAL0 ".target.kind",
	    "t.json: $.units[1]",      "t.json: $.target_groups[0]",
	};
	char got[N(want)][200];

	(void)state;
	fixture_init(&f);
	f.doc.strategy.code = "KK 2014";
	f.versions[0][0][0].decimals = 9;
	f.versions[0][0][0].target_kind = TARGET_MIN;
	f.versions[0][0][0].target_value = 100;
	f.units[1].parent = "NOPE";
	f.groups[0].code = "";
	diag_init(&d);
	diag_error(&d, "earlier", "an earlier problem");
	n = strategy_validate(&f.doc, "t.json", NULL, 0, &d);
	count = d.n;
	for (size_t i = 0; i < N(want) && i + 1 < d.n; i++)
		snprintf(got[i], sizeof got[i], "%s", d.items[i + 1].where);
	diag_free(&d);
	assert_int_equal(n, 5);
	assert_int_equal(count, 6);
	for (size_t i = 0; i < N(want); i++)
		assert_string_equal(got[i], want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_enum_names_table),
	    cmocka_unit_test(test_unit_kind_labels),
	    cmocka_unit_test(test_goal_version_target_table),
	    cmocka_unit_test(test_goal_version_at_table),
	    cmocka_unit_test(test_code_valid_table),
	    cmocka_unit_test(test_strategy_validate_table),
	    cmocka_unit_test(test_strategy_validate_default_where),
	    cmocka_unit_test(test_strategy_validate_reports_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
