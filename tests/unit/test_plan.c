/*
 * test_plan.c — plans, the red thread and its gaps (src/core/plan.h).
 *
 * One worked example runs through most tests: a small strategy (two
 * principles with three commitments, two pejlemærker with three goals), a
 * unit tree of five units (one closed), and six plans:
 *
 *   TG  target_group  SOF    2016–2018  v1 approved
 *       I1 "Housing first"   active  → goal 1A, commitment 1.1;
 *          milestones 2017-03-01 (open: 92 days overdue on 2017-06-01),
 *          2017-06-01 (open, due today: not overdue), 2017-01-15 (done)
 *   CP  centre        BCV    parent TG
 *       v1 archived (2016)   → goal 1B (archived: serves nothing)
 *       v2 approved 2017     I "Direct" → pejlemærke 1, principle 2
 *   DP  development   BCV-1  parent CP  v1 draft
 *       I "Unlinked"  planned, no links; milestone 2017-02-01 open → overdue
 *       I "Stopped"   stopped → goal 2A (stopped: serves nothing)
 *       I "Done"      done    → commitment 1.2; open milestone 2017-01-01
 *                     (done initiative: not overdue)
 *   OLD action        BBU    2014–2015  v1 approved (not current in 2017)
 *   X   action        SOF    strategy "other", draft → goal 1B
 *
 * so on 2017-06-01 the gaps are: commitment 2.1; goals 1B and 2A; units
 * BBU and BCV-1; initiative "Unlinked"; milestones 2017-02-01 then
 * 2017-03-01.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/plan.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ROW_CHECK(name, cond, ...)                                                                                     \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			print_error("row \"%s\": ", (name));                                                           \
			print_error(__VA_ARGS__);                                                                      \
			print_error("\n");                                                                             \
			fail();                                                                                        \
		}                                                                                                      \
	} while (0)

/* --- the worked example ------------------------------------------------------------- */

static struct goal_version gv[3] = {
	{.date = "2014-01-01", .title = "Flere i bolig"},
	{.date = "2014-01-01", .title = "Færre hjemløse"},
	{.date = "2014-01-01", .title = "Bedre skole"},
};
static struct goal goals[3] = {
	{.id = 1, .code = "1A", .main = true, .versions = &gv[0], .nversions = 1},
	{.id = 2, .code = "1B", .versions = &gv[1], .nversions = 1},
	{.id = 3, .code = "2A", .main = true, .versions = &gv[2], .nversions = 1},
};
static struct pejlemaerke pms[2] = {
	{1, "Bolig", NULL, NULL, &goals[0], 2},
	{2, "Skole", NULL, NULL, &goals[2], 1},
};
static struct commitment commitments[3] = {{"1.1", "Lytte"}, {"1.2", "Dialog"}, {"2.1", "Forebygge"}};
static struct principle principles[2] = {
	{1, "Kvalitet", NULL, NULL, &commitments[0], 2},
	{2, "Forebyggelse", NULL, NULL, &commitments[2], 1},
};
static const struct strategy strategy = {
	.code = "kk-2014",
	.name = "Socialstrategi",
	.valid_from = 2014,
	.valid_to = 2017,
	.principles = principles,
	.nprinciples = 2,
	.pejlemaerker = pms,
	.npejlemaerker = 2,
};

static const struct unit units[] = {
	{"SOF", "Socialforvaltningen", UNIT_ADMINISTRATION, NULL, "2010-01-01", NULL},
	{"BBU", "Børn og Unge", UNIT_CITIZEN_CENTRE, "SOF", "2010-01-01", NULL},
	{"BCV", "Voksne", UNIT_CITIZEN_CENTRE, "SOF", "2010-01-01", NULL},
	{"BCV-1", "Center 1", UNIT_CENTRE, "BCV", "2010-01-01", NULL},
	{"BCV-2", "Center 2", UNIT_CENTRE, "BCV", "2010-01-01", "2016-12-31"},
};

static struct plan_link l_i1[] = {{LINK_GOAL, "1A"}, {LINK_COMMITMENT, "1.1"}};
static struct milestone m_i1[] = {
	{101, "Evaluering", "2017-03-01", NULL},
	{102, "Due today", "2017-06-01", NULL},
	{103, "Done", "2017-01-15", "2017-01-10"},
};
static struct initiative i_tg[] = {
	{.id = 1, .title = "Housing first", .owner = "Chef", .status = INITIATIVE_ACTIVE, .milestones = m_i1,
	 .nmilestones = 3, .links = l_i1, .nlinks = 2},
};
static struct plan_link l_cp1[] = {{LINK_GOAL, "1B"}};
static struct initiative i_cp1[] = {
	{.id = 2, .title = "Old", .owner = "Chef", .status = INITIATIVE_ACTIVE, .links = l_cp1, .nlinks = 1},
};
static struct plan_link l_cp2[] = {{LINK_PEJLEMAERKE, "1"}, {LINK_PRINCIPLE, "2"}};
static struct initiative i_cp2[] = {
	{.id = 3, .title = "Direct", .owner = "Chef", .status = INITIATIVE_ACTIVE, .links = l_cp2, .nlinks = 2},
};
static struct milestone m_dp1[] = {{201, "Start", "2017-02-01", NULL}};
static struct plan_link l_dp2[] = {{LINK_GOAL, "2A"}};
static struct plan_link l_dp3[] = {{LINK_COMMITMENT, "1.2"}};
static struct milestone m_dp3[] = {{202, "Left open", "2017-01-01", NULL}};
static struct initiative i_dp[] = {
	{.id = 4, .title = "Unlinked", .owner = "Leder", .status = INITIATIVE_PLANNED, .milestones = m_dp1,
	 .nmilestones = 1},
	{.id = 5, .title = "Stopped", .owner = "Leder", .status = INITIATIVE_STOPPED, .links = l_dp2, .nlinks = 1},
	{.id = 6, .title = "Done", .owner = "Leder", .status = INITIATIVE_DONE, .milestones = m_dp3, .nmilestones = 1,
	 .links = l_dp3, .nlinks = 1},
};
static struct plan_link l_x[] = {{LINK_GOAL, "1B"}};
static struct initiative i_x[] = {
	{.id = 7, .title = "Other strategy", .owner = "Chef", .status = INITIATIVE_ACTIVE, .links = l_x, .nlinks = 1},
};

#define PLAN(id_, code_, ver, type_, unit_, from, to, parent_, status_, ins, nins)                                     \
	{.id = id_, .code = code_, .version = ver, .strategy = "kk-2014", .type = type_, .title = code_,              \
	 .unit = unit_, .year_from = from, .year_to = to, .parent = parent_, .status = status_, .initiatives = ins,   \
	 .ninitiatives = nins}

static struct plan plans[] = {
	PLAN(1, "TG", 1, PLAN_TARGET_GROUP, "SOF", 2016, 2018, NULL, PLAN_APPROVED, i_tg, 1),
	PLAN(2, "CP", 1, PLAN_CENTRE, "BCV", 2016, 2016, "TG", PLAN_ARCHIVED, i_cp1, 1),
	PLAN(3, "CP", 2, PLAN_CENTRE, "BCV", 2017, 2017, "TG", PLAN_APPROVED, i_cp2, 1),
	PLAN(4, "DP", 1, PLAN_DEVELOPMENT, "BCV-1", 2017, 2017, "CP", PLAN_DRAFT, i_dp, 3),
	PLAN(5, "OLD", 1, PLAN_ACTION, "BBU", 2014, 2015, NULL, PLAN_APPROVED, NULL, 0),
	PLAN(6, "X", 1, PLAN_ACTION, "SOF", 2017, 2017, NULL, PLAN_DRAFT, i_x, 1),
};

static void fix_strategies(void)
{
	plans[5].strategy = "other";
}

/* --- names ----------------------------------------------------------------------------- */

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < PLAN_TYPE_COUNT; i++) {
		enum plan_type t;

		assert_true(plan_type_parse(&t, plan_type_name((enum plan_type)i)));
		assert_int_equal(t, i);
	}
	for (int i = 0; i < PLAN_STATUS_COUNT; i++) {
		enum plan_status t;

		assert_true(plan_status_parse(&t, plan_status_name((enum plan_status)i)));
		assert_int_equal(t, i);
	}
	for (int i = 0; i < INITIATIVE_STATUS_COUNT; i++) {
		enum initiative_status t;

		assert_true(initiative_status_parse(&t, initiative_status_name((enum initiative_status)i)));
		assert_int_equal(t, i);
	}
	for (int i = 0; i < LINK_KIND_COUNT; i++) {
		enum link_kind t;

		assert_true(link_kind_parse(&t, link_kind_name((enum link_kind)i)));
		assert_int_equal(t, i);
	}
	assert_string_equal(plan_type_label(PLAN_DEVELOPMENT, true), "udviklingsplan");
	assert_string_equal(plan_type_label(PLAN_ACTION, true), "handleplan");
	assert_string_equal(plan_type_label(PLAN_TARGET_GROUP, true), "målgruppeplan");
	assert_string_equal(plan_status_label(PLAN_APPROVED, true), "godkendt");
	assert_string_equal(gap_kind_name(GAP_MILESTONE), "overdue_milestone");
}

struct partner_word {
	const char *word;
	bool ok;
	enum partner_kind kind;
};

static const struct partner_word partner_words[] = {
	{"ngo", true, PARTNER_NGO},
	{"NGO", true, PARTNER_NGO},
	{"forening", true, PARTNER_NGO},
	{"volunteer", true, PARTNER_VOLUNTEER},
	{"Frivillige", true, PARTNER_VOLUNTEER},
	{"business", true, PARTNER_BUSINESS},
	{"virksomhed", true, PARTNER_BUSINESS},
	{"administration", true, PARTNER_ADMINISTRATION},
	{"forvaltning", true, PARTNER_ADMINISTRATION},
	{"company", false, 0},
	{"", false, 0},
};

static void test_partner_kind_words(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(partner_words); i++) {
		enum partner_kind k = PARTNER_KIND_COUNT;
		bool ok = partner_kind_parse(&k, partner_words[i].word);

		ROW_CHECK(partner_words[i].word, ok == partner_words[i].ok, "parse gave %d", ok);
		if (ok)
			ROW_CHECK(partner_words[i].word, k == partner_words[i].kind, "kind %d", k);
	}
	{
		enum partner_kind k;

		assert_false(partner_kind_parse(&k, NULL));
	}
}

struct code_row {
	const char *code;
	bool ok;
};

static const struct code_row code_rows[] = {
	{"UP-BCV-2017", true}, {"a.b_c-1", true},	 {"", false}, {"has space", false},
	{"slash/no", false},   {"æøå", false},	 {"x", true},
	{"0123456789012345678901234567890123456789", true},
	{"01234567890123456789012345678901234567890", false},
};

static void test_plan_code_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(code_rows); i++)
		ROW_CHECK(code_rows[i].code, plan_code_valid(code_rows[i].code) == code_rows[i].ok, "wrong");
	assert_false(plan_code_valid(NULL));
}

/* --- versions ---------------------------------------------------------------------------- */

struct effective_row {
	const char *code;
	long effective; /* index into plans, -1 none */
	long shown;
};

static void test_effective_and_shown(void **state)
{
	static const struct effective_row rows[] = {
		{"TG", 0, 0},  /* the approved version */
		{"CP", 2, 2},  /* v2 approved, v1 archived */
		{"DP", 3, 3},  /* a draft only */
		{"OLD", 4, 4}, /* approved (even if not current) */
		{"NONE", -1, -1},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		ROW_CHECK(rows[i].code, plan_effective(plans, N(plans), rows[i].code) == rows[i].effective, "effective %ld",
			  plan_effective(plans, N(plans), rows[i].code));
		ROW_CHECK(rows[i].code, plan_shown(plans, N(plans), rows[i].code) == rows[i].shown, "shown %ld",
			  plan_shown(plans, N(plans), rows[i].code));
	}
}

static void test_effective_prefers_approved_over_newer_draft(void **state)
{
	struct plan v[3] = {
		PLAN(1, "P", 1, PLAN_CENTRE, "BCV", 2016, 2016, NULL, PLAN_ARCHIVED, NULL, 0),
		PLAN(2, "P", 2, PLAN_CENTRE, "BCV", 2017, 2017, NULL, PLAN_APPROVED, NULL, 0),
		PLAN(3, "P", 3, PLAN_CENTRE, "BCV", 2017, 2018, NULL, PLAN_DRAFT, NULL, 0),
	};

	(void)state;
	assert_int_equal(plan_effective(v, 3, "P"), 1);
	v[1].status = PLAN_ARCHIVED; /* the whole plan archived, then a draft: the draft */
	assert_int_equal(plan_effective(v, 3, "P"), 2);
	v[2].status = PLAN_ARCHIVED; /* all archived: none in force, the latest shown */
	assert_int_equal(plan_effective(v, 3, "P"), -1);
	assert_int_equal(plan_shown(v, 3, "P"), 2);
	assert_int_equal(plan_version_index(v, 3, "P", 1), 0);
	assert_int_equal(plan_version_index(v, 3, "P", 4), -1);
}

static void test_plan_codes_sorted_once_each(void **state)
{
	size_t idx[N(plans)], n;
	const char *want[] = {"CP", "DP", "OLD", "TG", "X"};

	(void)state;
	n = plan_codes(idx, plans, N(plans));
	assert_int_equal(n, N(want));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(plans[idx[i]].code, want[i]);
	assert_int_equal(plans[idx[0]].version, 2); /* CP shows its approved v2 */
}

struct current_row {
	const char *name;
	enum plan_status status;
	int from, to;
	const char *today;
	bool current;
};

static void test_plan_current(void **state)
{
	static const struct current_row rows[] = {
		{"approved, today's year inside", PLAN_APPROVED, 2016, 2018, "2017-06-01", true},
		{"approved, first year", PLAN_APPROVED, 2017, 2018, "2017-01-01", true},
		{"approved, last year's last day", PLAN_APPROVED, 2015, 2017, "2017-12-31", true},
		{"approved, over", PLAN_APPROVED, 2014, 2016, "2017-01-01", false},
		{"approved, not begun", PLAN_APPROVED, 2018, 2019, "2017-12-31", false},
		{"a draft is never current", PLAN_DRAFT, 2016, 2018, "2017-06-01", false},
		{"an archived plan is never current", PLAN_ARCHIVED, 2016, 2018, "2017-06-01", false},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct plan p = PLAN(1, "P", 1, PLAN_CENTRE, "BCV", rows[i].from, rows[i].to, NULL, rows[i].status, NULL, 0);

		ROW_CHECK(rows[i].name, plan_current(&p, rows[i].today) == rows[i].current, "wrong");
	}
}

/* --- validation ---------------------------------------------------------------------------- */

static struct plan good_plan(void)
{
	static struct plan_link links[] = {{LINK_GOAL, "1A"}, {LINK_PEJLEMAERKE, "2"}, {LINK_PRINCIPLE, "1"},
					   {LINK_COMMITMENT, "2.1"}};
	static struct milestone ms[] = {{0, "Første evaluering", "2017-06-30", NULL}};
	static struct partner ps[] = {{"Kirkens Korshær", PARTNER_NGO}};
	static struct initiative ins[1];
	struct plan p = PLAN(0, "UP-1", 1, PLAN_DEVELOPMENT, "BCV-1", 2017, 2018, "CP", PLAN_DRAFT, ins, 1);

	ins[0] = (struct initiative){.title = "Housing first", .owner = "Centerchef", .start = "2017-01-01",
				     .end = "2017-12-31", .status = INITIATIVE_PLANNED, .milestones = ms,
				     .nmilestones = 1, .partners = ps, .npartners = 1, .links = links, .nlinks = 4};
	return p;
}

struct invalid_row {
	const char *name;
	void (*spoil)(struct plan *p, struct initiative *in);
	const char *where;
	const char *msg; /* a part of the message */
};

static void no_code(struct plan *p, struct initiative *in) { (void)in; p->code = ""; }
static void bad_code(struct plan *p, struct initiative *in) { (void)in; p->code = "a b"; }
static void bad_type(struct plan *p, struct initiative *in) { (void)in; p->type = (enum plan_type)9; }
static void no_title(struct plan *p, struct initiative *in) { (void)in; p->title = NULL; }
static void two_line_title(struct plan *p, struct initiative *in) { (void)in; p->title = "a\nb"; }
static void no_unit(struct plan *p, struct initiative *in) { (void)in; p->unit = ""; }
static void unknown_unit(struct plan *p, struct initiative *in) { (void)in; p->unit = "NOPE"; }
static void years_backwards(struct plan *p, struct initiative *in) { (void)in; p->year_to = 2016; }
static void year_far(struct plan *p, struct initiative *in) { (void)in; p->year_from = 1999; }
static void own_parent(struct plan *p, struct initiative *in) { (void)in; p->parent = "UP-1"; }
static void no_owner(struct plan *p, struct initiative *in) { (void)p; in->owner = ""; }
static void bad_start(struct plan *p, struct initiative *in) { (void)p; in->start = "2017-02-30"; }
static void end_first(struct plan *p, struct initiative *in) { (void)p; in->end = "2016-12-31"; }
static void no_initiative_title(struct plan *p, struct initiative *in) { (void)p; in->title = ""; }
static void bad_due(struct plan *p, struct initiative *in)
{
	static struct milestone m = {0, "x", "30-06-2017", NULL};

	(void)p;
	in->milestones = &m;
}
static void bad_done(struct plan *p, struct initiative *in)
{
	static struct milestone m = {0, "x", "2017-06-30", "yesterday"};

	(void)p;
	in->milestones = &m;
}
static void unknown_goal(struct plan *p, struct initiative *in)
{
	static struct plan_link l[] = {{LINK_GOAL, "9Z"}};

	(void)p;
	in->links = l;
	in->nlinks = 1;
}
static void unknown_commitment(struct plan *p, struct initiative *in)
{
	static struct plan_link l[] = {{LINK_GOAL, "1A"}, {LINK_COMMITMENT, "3.1"}};

	(void)p;
	in->links = l;
	in->nlinks = 2;
}
static void unknown_pejlemaerke(struct plan *p, struct initiative *in)
{
	static struct plan_link l[] = {{LINK_PEJLEMAERKE, "10"}};

	(void)p;
	in->links = l;
	in->nlinks = 1;
}
static void pejlemaerke_not_number(struct plan *p, struct initiative *in)
{
	static struct plan_link l[] = {{LINK_PRINCIPLE, "one"}};

	(void)p;
	in->links = l;
	in->nlinks = 1;
}
static void twice(struct plan *p, struct initiative *in)
{
	static struct plan_link l[] = {{LINK_GOAL, "1A"}, {LINK_GOAL, "1B"}, {LINK_GOAL, "1A"}};

	(void)p;
	in->links = l;
	in->nlinks = 3;
}
static void nameless_partner(struct plan *p, struct initiative *in)
{
	static struct partner x = {"", PARTNER_BUSINESS};

	(void)p;
	in->partners = &x;
}
static void other_strategy(struct plan *p, struct initiative *in) { (void)in; p->strategy = "kk-2018"; }

static void test_validate_rejects(void **state)
{
	static const struct invalid_row rows[] = {
		{"no code", no_code, "code", "is required"},
		{"a code with a space", bad_code, "code", "use 1 to 40"},
		{"an unknown type", bad_type, "type", "target_group, centre"},
		{"no title", no_title, "title", "is required"},
		{"a title of two lines", two_line_title, "title", "one line"},
		{"no unit", no_unit, "unit", "is required"},
		{"an unknown unit", unknown_unit, "unit", "no unit NOPE"},
		{"last year before first", years_backwards, "year_to", "before the first year"},
		{"a year out of range", year_far, "year_from", "2000 to 2100"},
		{"its own parent", own_parent, "parent", "own parent"},
		{"an initiative without owner", no_owner, "initiatives[0].owner", "is required"},
		{"an initiative without title", no_initiative_title, "initiatives[0].title", "is required"},
		{"a start that is no date", bad_start, "initiatives[0].start", "not a real date"},
		{"an end before the start", end_first, "initiatives[0].end", "before the start"},
		{"a milestone due in another form", bad_due, "initiatives[0].milestones[0].due", "not a real date"},
		{"a milestone done on no date", bad_done, "initiatives[0].milestones[0].done", "not a real date"},
		{"a link to an unknown goal", unknown_goal, "initiatives[0].links[0]", "no goal \"9Z\""},
		{"a link to an unknown commitment", unknown_commitment, "initiatives[0].links[1]",
		 "no commitment \"3.1\""},
		{"a link to an unknown pejlemærke", unknown_pejlemaerke, "initiatives[0].links[0]",
		 "no pejlemaerke \"10\""},
		{"a principle that is no number", pejlemaerke_not_number, "initiatives[0].links[0]",
		 "no principle \"one\""},
		{"the same goal twice", twice, "initiatives[0].links[2]", "linked twice"},
		{"a partner without name", nameless_partner, "initiatives[0].partners[0].name", "is required"},
		{"links checked against another strategy", other_strategy, "strategy", "kk-2018"},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct plan p = good_plan();
		struct initiative in = p.initiatives[0];
		struct diag d;
		size_t errs;

		p.initiatives = &in;
		rows[i].spoil(&p, &in);
		diag_init(&d);
		errs = plan_validate(&p, &strategy, units, N(units), "", &d);
		ROW_CHECK(rows[i].name, errs == 1, "%zu errors, first: %s: %s", errs, d.n ? d.items[0].where : "-",
			  d.n ? d.items[0].msg : "-");
		if (d.n) {
			ROW_CHECK(rows[i].name, strcmp(d.items[0].where, rows[i].where) == 0, "where \"%s\", wanted \"%s\"",
				  d.items[0].where, rows[i].where);
			ROW_CHECK(rows[i].name, strstr(d.items[0].msg, rows[i].msg) != NULL, "message \"%s\" lacks \"%s\"",
				  d.items[0].msg, rows[i].msg);
		}
		diag_free(&d);
	}
}

static void test_validate_accepts_and_prefixes(void **state)
{
	struct plan p = good_plan();
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_int_equal(plan_validate(&p, &strategy, units, N(units), "", &d), 0);
	/* without a strategy or units nothing of those is checked */
	p.unit = "ANYWHERE";
	assert_int_equal(plan_validate(&p, NULL, NULL, 0, "", &d), 0);
	p.title = "";
	assert_int_equal(plan_validate(&p, NULL, NULL, 0, "$.", &d), 1);
	assert_string_equal(d.items[0].where, "$.title");
	diag_free(&d);
}

struct parent_row {
	const char *name;
	const char *code, *parent;
	bool ok;
	const char *msg;
};

static void test_check_parent(void **state)
{
	static const struct parent_row rows[] = {
		{"no parent", "NEW", NULL, true, NULL},
		{"an empty parent", "NEW", "", true, NULL},
		{"an existing parent", "NEW", "DP", true, NULL},
		{"an archived-only version still counts as a plan", "NEW", "OLD", true, NULL},
		{"an unknown parent", "NEW", "NOPE", false, "no plan NOPE"},
		{"itself", "DP", "DP", false, "own parent"},
		{"TG under DP: DP lies below TG", "TG", "DP", false, "cycle"},
		{"CP under DP: DP lies below CP", "CP", "DP", false, "cycle"},
		{"DP under TG: fine", "DP", "TG", true, NULL},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct diag d;
		bool ok;

		diag_init(&d);
		ok = plan_check_parent(plans, N(plans), rows[i].code, rows[i].parent, "parent", &d);
		ROW_CHECK(rows[i].name, ok == rows[i].ok, "gave %d", ok);
		if (!ok)
			ROW_CHECK(rows[i].name, d.n == 1 && strstr(d.items[0].msg, rows[i].msg), "message %s",
				  d.n ? d.items[0].msg : "-");
		diag_free(&d);
	}
}

static void test_plan_check_in_context(void **state)
{
	struct plan p = good_plan();
	struct diag d;

	(void)state;
	diag_init(&d);
	/* good_plan hangs under CP, which exists */
	assert_int_equal(plan_check(&p, &strategy, units, N(units), plans, N(plans), true, "x: $.", &d), 0);
	p.code = "TG"; /* taken, and TG under CP would be a cycle */
	assert_int_equal(plan_check(&p, &strategy, units, N(units), plans, N(plans), true, "x: $.", &d), 2);
	assert_string_equal(d.items[0].where, "x: $.parent");
	assert_non_null(strstr(d.items[0].msg, "cycle"));
	assert_string_equal(d.items[1].where, "x: $.code");
	assert_non_null(strstr(d.items[1].msg, "exists already"));
	/* changing a stored plan: its own code is no conflict */
	p.code = "DP";
	p.parent = "TG";
	assert_int_equal(plan_check(&p, &strategy, units, N(units), plans, N(plans), false, "", &d), 0);
	p.code = "new";
	assert_int_equal(plan_check(&p, &strategy, units, N(units), plans, N(plans), true, "", &d), 1);
	assert_non_null(strstr(d.items[2].msg, "reserved"));
	diag_free(&d);
}

/* --- the red thread ----------------------------------------------------------------------- */

/* The titles of a thread's items as "A,B". */
static void titles(char *out, size_t n, const struct thread_item *v, size_t k)
{
	out[0] = '\0';
	for (size_t i = 0; i < k; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s/%s", i ? "," : "", v[i].initiative->title, v[i].plan->code);
}

static void test_redthread_build(void **state)
{
	struct arena *a = arena_new();
	struct redthread rt;
	char got[256];

	(void)state;
	fix_strategies();
	redthread_build(&rt, &strategy, plans, N(plans), a);
	assert_int_equal(rt.npms, 2);
	/* pejlemærke 1: CP v2's initiative serves it directly */
	titles(got, sizeof got, rt.pms[0].direct, rt.pms[0].ndirect);
	assert_string_equal(got, "Direct/CP");
	assert_int_equal(rt.pms[0].direct[0].plan->version, 2);
	/* 1A ← TG's Housing first; 1B ← nothing (CP v1 is archived, X is
	 * another strategy's) */
	assert_ptr_equal(rt.pms[0].goals[0].goal, &goals[0]);
	titles(got, sizeof got, rt.pms[0].goals[0].items, rt.pms[0].goals[0].nitems);
	assert_string_equal(got, "Housing first/TG");
	assert_int_equal(rt.pms[0].goals[1].nitems, 0);
	/* 2A ← the stopped initiative of the draft DP: shown, with its status */
	assert_int_equal(rt.pms[1].ndirect, 0);
	titles(got, sizeof got, rt.pms[1].goals[0].items, rt.pms[1].goals[0].nitems);
	assert_string_equal(got, "Stopped/DP");
	assert_int_equal(rt.pms[1].goals[0].items[0].initiative->status, INITIATIVE_STOPPED);
	arena_free(a);
}

static void test_redthread_several_initiatives_in_code_order(void **state)
{
	struct arena *a = arena_new();
	static struct plan_link l[] = {{LINK_GOAL, "2A"}};
	static struct initiative i1[] = {{.id = 11, .title = "Z first", .owner = "o", .links = l, .nlinks = 1},
					 {.id = 12, .title = "A second", .owner = "o", .links = l, .nlinks = 1}};
	static struct initiative i2[] = {{.id = 13, .title = "Other plan", .owner = "o", .links = l, .nlinks = 1}};
	struct plan v[] = {
		PLAN(1, "B", 1, PLAN_CENTRE, "BCV", 2017, 2017, NULL, PLAN_APPROVED, i1, 2),
		PLAN(2, "A", 1, PLAN_CENTRE, "BCV", 2017, 2017, NULL, PLAN_DRAFT, i2, 1),
	};
	struct redthread rt;
	char got[256];

	(void)state;
	redthread_build(&rt, &strategy, v, 2, a);
	titles(got, sizeof got, rt.pms[1].goals[0].items, rt.pms[1].goals[0].nitems);
	assert_string_equal(got, "Other plan/A,Z first/B,A second/B");
	arena_free(a);
}

static void test_redthread_unit(void **state)
{
	struct arena *a = arena_new();
	struct unit_plan *up;
	size_t n;

	(void)state;
	redthread_unit(&up, &n, plans, N(plans), "BCV", a);
	assert_int_equal(n, 1);
	assert_string_equal(up[0].plan->code, "CP");
	assert_int_equal(up[0].plan->version, 2);
	assert_int_equal(up[0].nancestors, 1);
	assert_string_equal(up[0].ancestors[0]->code, "TG");
	assert_int_equal(up[0].nchildren, 1);
	assert_string_equal(up[0].children[0]->code, "DP");
	redthread_unit(&up, &n, plans, N(plans), "BCV-1", a);
	assert_int_equal(n, 1);
	assert_int_equal(up[0].nancestors, 2); /* CP, then TG */
	assert_string_equal(up[0].ancestors[0]->code, "CP");
	assert_string_equal(up[0].ancestors[1]->code, "TG");
	assert_int_equal(up[0].nchildren, 0);
	redthread_unit(&up, &n, plans, N(plans), "SOF", a);
	assert_int_equal(n, 2); /* TG and X, in code order */
	assert_string_equal(up[0].plan->code, "TG");
	assert_string_equal(up[1].plan->code, "X");
	redthread_unit(&up, &n, plans, N(plans), "BCV-2", a);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void test_redthread_unit_survives_a_cycle(void **state)
{
	struct arena *a = arena_new();
	struct plan v[] = {
		PLAN(1, "A", 1, PLAN_CENTRE, "U", 2017, 2017, "B", PLAN_DRAFT, NULL, 0),
		PLAN(2, "B", 1, PLAN_CENTRE, "U", 2017, 2017, "A", PLAN_DRAFT, NULL, 0),
	};
	struct unit_plan *up;
	size_t n;

	(void)state;
	redthread_unit(&up, &n, v, 2, "U", a);
	assert_int_equal(n, 2);
	assert_true(up[0].nancestors <= 2);
	arena_free(a);
}

/* The gaps of a kind as "ref,ref". */
static void gap_refs(char *out, size_t n, const struct gaps *g, enum gap_kind kind)
{
	out[0] = '\0';
	for (size_t i = 0; i < g->n; i++)
		if (g->items[i].kind == kind)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", g->items[i].ref);
}

struct gap_row {
	const char *name;
	const char *today;
	const char *want[GAP_KIND_COUNT]; /* refs per kind */
};

static void test_gaps_worked_example(void **state)
{
	static const struct gap_row rows[] = {
		{"the example on 2017-06-01", "2017-06-01", {"2.1", "1B,2A", "BBU,BCV-1", "4", "201,101"}},
		/* 2017-03-01: the TG milestone is due today, not yet overdue */
		{"2017-03-01", "2017-03-01", {"2.1", "1B,2A", "BBU,BCV-1", "4", "201"}},
		/* 2017-06-02: the milestone due 2017-06-01 is overdue too */
		{"2017-06-02", "2017-06-02", {"2.1", "1B,2A", "BBU,BCV-1", "4", "201,101,102"}},
		/* 2016: CP v2 (2017) is not current, v1 is archived; BCV-2
		 * still exists; nothing is overdue yet */
		{"2016-06-01", "2016-06-01", {"2.1", "1B,2A", "BBU,BCV,BCV-1,BCV-2", "4", ""}},
		/* 2019: TG (2016–2018) is over; 202 stays out (its initiative is done) */
		{"2019-01-01", "2019-01-01", {"2.1", "1B,2A", "SOF,BBU,BCV,BCV-1", "4", "201,101,102"}},
	};
	struct arena *a = arena_new();

	(void)state;
	fix_strategies();
	for (size_t i = 0; i < N(rows); i++) {
		struct gaps g;
		char got[256];

		assert_int_equal(redthread_gaps(&g, &strategy, plans, N(plans), units, N(units), rows[i].today, a), 0);
		for (int k = 0; k < GAP_KIND_COUNT; k++) {
			const char *want = rows[i].want[k];

			gap_refs(got, sizeof got, &g, (enum gap_kind)k);
			ROW_CHECK(rows[i].name, strcmp(got, want) == 0, "%s: got \"%s\", wanted \"%s\"",
				  gap_kind_name((enum gap_kind)k), got, want);
		}
	}
	arena_free(a);
}

static void test_gaps_details(void **state)
{
	struct arena *a = arena_new();
	struct gaps g;

	(void)state;
	fix_strategies();
	assert_int_equal(redthread_gaps(&g, &strategy, plans, N(plans), units, N(units), "2017-06-01", a), 0);
	assert_int_equal(g.n, 8);
	assert_int_equal(g.count[GAP_COMMITMENT], 1);
	assert_int_equal(g.count[GAP_GOAL], 2);
	assert_int_equal(g.count[GAP_UNIT], 2);
	assert_int_equal(g.count[GAP_INITIATIVE], 1);
	assert_int_equal(g.count[GAP_MILESTONE], 2);
	/* by kind */
	for (size_t i = 1; i < g.n; i++)
		assert_true(g.items[i - 1].kind <= g.items[i].kind);
	assert_string_equal(g.items[0].title, "Forebygge");
	assert_int_equal(g.items[0].number, 2);
	assert_string_equal(g.items[1].title, "Færre hjemløse");
	assert_int_equal(g.items[1].number, 1);
	assert_int_equal(g.items[2].number, 2);
	assert_string_equal(g.items[3].unit->code, "BBU");
	assert_string_equal(g.items[5].initiative->title, "Unlinked");
	assert_string_equal(g.items[5].plan->code, "DP");
	/* overdue: oldest first, with the days counted */
	assert_string_equal(g.items[6].milestone->due, "2017-02-01");
	assert_int_equal(g.items[6].days_overdue, 120);
	assert_string_equal(g.items[7].milestone->title, "Evaluering");
	assert_int_equal(g.items[7].days_overdue, 92);
	assert_string_equal(g.items[7].plan->code, "TG");
	assert_string_equal(g.items[7].initiative->title, "Housing first");
	arena_free(a);
}

static void test_gaps_serving_everything(void **state)
{
	struct arena *a = arena_new();
	static struct plan_link all[] = {{LINK_GOAL, "1A"},	  {LINK_GOAL, "1B"},	      {LINK_GOAL, "2A"},
					 {LINK_COMMITMENT, "1.1"}, {LINK_COMMITMENT, "1.2"}, {LINK_COMMITMENT, "2.1"}};
	static struct initiative ins[] = {{.id = 1, .title = "All", .owner = "o", .status = INITIATIVE_DONE,
					   .links = all, .nlinks = 6}};
	struct unit one[] = {{"SOF", "Socialforvaltningen", UNIT_ADMINISTRATION, NULL, "2010-01-01", NULL}};
	struct plan v[] = {PLAN(1, "P", 1, PLAN_ACTION, "SOF", 2017, 2017, NULL, PLAN_APPROVED, ins, 1)};
	struct gaps g;

	(void)state;
	assert_int_equal(redthread_gaps(&g, &strategy, v, 1, one, 1, "2017-12-31", a), 0);
	assert_int_equal(g.n, 0);
	/* nothing at all: every commitment, goal and unit is a gap */
	assert_int_equal(redthread_gaps(&g, &strategy, NULL, 0, units, N(units), "2017-12-31", a), 0);
	assert_int_equal(g.count[GAP_COMMITMENT], 3);
	assert_int_equal(g.count[GAP_GOAL], 3);
	assert_int_equal(g.count[GAP_UNIT], 4);
	assert_int_equal(g.count[GAP_INITIATIVE] + g.count[GAP_MILESTONE], 0);
	assert_int_equal(redthread_gaps(&g, &strategy, NULL, 0, units, N(units), "2017-13-01", a), PEJL_EINPUT);
	assert_int_equal(redthread_gaps(&g, &strategy, NULL, 0, units, N(units), NULL, a), PEJL_EINPUT);
	arena_free(a);
}

/* --- the text forms of the web forms --------------------------------------------------------- */

struct ms_row {
	const char *name;
	const char *text;
	size_t n, errors;
	const char *first; /* "due|title|done" of the first, or the first error's where */
};

static void test_parse_milestones(void **state)
{
	static const struct ms_row rows[] = {
		{"empty", "", 0, 0, NULL},
		{"blank lines only", "\n  \n\r\n", 0, 0, NULL},
		{"one", "2017-06-30 | Første evaluering", 1, 0, "2017-06-30|Første evaluering|"},
		{"with a done date", "2017-06-30|Evaluering|2017-06-20\n", 1, 0, "2017-06-30|Evaluering|2017-06-20"},
		{"an empty done field", "2017-06-30 | Evaluering |  ", 1, 0, "2017-06-30|Evaluering|"},
		{"CRLF lines", "2017-01-01 | A\r\n2017-02-01 | B\r\n", 2, 0, "2017-01-01|A|"},
		{"a bad date", "2017-02-30 | A", 0, 1, "milestones line 1"},
		{"no title", "2017-02-01 |", 0, 1, "milestones line 1"},
		{"no bar", "2017-02-01 Evaluering", 0, 1, "milestones line 1"},
		{"too many fields", "2017-02-01 | a | 2017-02-02 | x", 0, 1, "milestones line 1"},
		{"a bad done date", "2017-02-01 | a | soon", 0, 1, "milestones line 1"},
		{"errors name their line", "2017-01-01 | A\n\n2017-13-01 | B", 1, 1, "milestones line 3"},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct arena *a = arena_new();
		struct milestone *m;
		struct diag d;
		size_t n, errs;
		char got[300];

		diag_init(&d);
		errs = plan_parse_milestones(&m, &n, rows[i].text, "milestones", a, &d);
		ROW_CHECK(rows[i].name, errs == rows[i].errors && n == rows[i].n, "%zu errors, %zu milestones", errs, n);
		if (rows[i].first && errs) {
			ROW_CHECK(rows[i].name, strcmp(d.items[0].where, rows[i].first) == 0, "where %s", d.items[0].where);
		} else if (rows[i].first && n) {
			snprintf(got, sizeof got, "%s|%s|%s", m[0].due, m[0].title, m[0].done_on ? m[0].done_on : "");
			ROW_CHECK(rows[i].name, strcmp(got, rows[i].first) == 0, "got %s", got);
		}
		diag_free(&d);
		arena_free(a);
	}
}

static void test_parse_partners_and_round_trip(void **state)
{
	struct arena *a = arena_new();
	struct partner *p;
	struct milestone *m;
	struct diag d;
	size_t n;
	char *text;

	(void)state;
	diag_init(&d);
	assert_int_equal(plan_parse_partners(&p, &n, "ngo | Kirkens Korshær\nfrivillige|Natteravnene\n\n"
						     "Virksomhed | Novo\nadministration | BUF",
					     "partners", a, &d),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(p[1].kind, PARTNER_VOLUNTEER);
	assert_string_equal(p[1].name, "Natteravnene");
	assert_int_equal(p[2].kind, PARTNER_BUSINESS);
	text = plan_format_partners(p, n, a);
	assert_string_equal(text, "ngo | Kirkens Korshær\nvolunteer | Natteravnene\nbusiness | Novo\n"
				  "administration | BUF\n");
	assert_int_equal(plan_parse_partners(&p, &n, text, "partners", a, &d), 0);
	assert_int_equal(n, 4);
	assert_int_equal(plan_parse_partners(&p, &n, "company | X\nngo\nngo | \n", "partners", a, &d), 3);
	assert_string_equal(d.items[0].where, "partners line 1");
	assert_non_null(strstr(d.items[0].msg, "company"));
	assert_string_equal(d.items[2].where, "partners line 3");
	assert_int_equal(n, 0);
	assert_int_equal(plan_parse_milestones(&m, &n, "2017-01-01 | A | 2017-01-02\n2017-02-01 | B", "m", a, &d), 0);
	text = plan_format_milestones(m, n, a);
	assert_string_equal(text, "2017-01-01 | A | 2017-01-02\n2017-02-01 | B\n");
	diag_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_partner_kind_words),
		cmocka_unit_test(test_plan_code_valid),
		cmocka_unit_test(test_effective_and_shown),
		cmocka_unit_test(test_effective_prefers_approved_over_newer_draft),
		cmocka_unit_test(test_plan_codes_sorted_once_each),
		cmocka_unit_test(test_plan_current),
		cmocka_unit_test(test_validate_rejects),
		cmocka_unit_test(test_validate_accepts_and_prefixes),
		cmocka_unit_test(test_check_parent),
		cmocka_unit_test(test_plan_check_in_context),
		cmocka_unit_test(test_redthread_build),
		cmocka_unit_test(test_redthread_several_initiatives_in_code_order),
		cmocka_unit_test(test_redthread_unit),
		cmocka_unit_test(test_redthread_unit_survives_a_cycle),
		cmocka_unit_test(test_gaps_worked_example),
		cmocka_unit_test(test_gaps_details),
		cmocka_unit_test(test_gaps_serving_everything),
		cmocka_unit_test(test_parse_milestones),
		cmocka_unit_test(test_parse_partners_and_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
