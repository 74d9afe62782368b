/*
 * conformance.c — the store conformance suite: every behaviour of store.h,
 * run unchanged against any backend. The database comes from PEJL_TEST_DB:
 * for SQLite a path prefix (each test gets its own file PREFIX.N).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/store.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fx {
	struct store *s;
	struct arena *a;
	char url[512];
};

static int counter;

static const char *base_url(void)
{
	const char *u = getenv("PEJL_TEST_DB");

	return u && *u ? u : "/tmp/pejl-conformance.db";
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	snprintf(f->url, sizeof f->url, "%s.%d.%d", base_url(), (int)getpid(), counter++);
	unlink(f->url);
	if (store_open(&f->s, f->url, STORE_CREATE) < 0) {
		fprintf(stderr, "cannot open %s: %s\n", f->url, err_last());
		free(f);
		return -1;
	}
	f->a = arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[600];

	store_close(f->s);
	arena_free(f->a);
	unlink(f->url);
	snprintf(p, sizeof p, "%s-wal", f->url);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->url);
	unlink(p);
	free(f);
	return 0;
}

/* A small strategy: two principles, two pejlemærker, three goals. */
static struct goal_version version(const char *date, const char *title, double target)
{
	struct goal_version v = {0};

	v.date = date;
	v.decision = "2014-0199006";
	v.title = title;
	v.title_en = "Fewer homeless";
	v.definition = "Antal hjemløse i uge 6; 'citat' og \"anførsel\"";
	v.source = "SFI";
	v.owner = "SOF";
	v.display_unit = "personer";
	v.measure = MEASURE_COUNT;
	v.decimals = 0;
	v.direction = DIRECTION_DOWN;
	v.sampling = SAMPLING_CENSUS;
	v.cadence = CADENCE_BIENNIAL;
	v.has_baseline = true;
	v.baseline_period = "2013";
	v.baseline_value = 1581;
	v.target_kind = TARGET_DELTA;
	v.target_value = target;
	v.target_period = "2017";
	v.tolerance = 2.5;
	return v;
}

static struct strategy make_strategy(struct arena *a, const char *code, int from)
{
	struct strategy st = {0};
	struct principle *p = arena_calloc(a, 2, sizeof *p);
	struct pejlemaerke *pm = arena_calloc(a, 2, sizeof *pm);
	struct commitment *c = arena_calloc(a, 2, sizeof *c);
	struct goal *g = arena_calloc(a, 3, sizeof *g);
	struct goal_version *v = arena_calloc(a, 4, sizeof *v);

	st.code = code;
	st.name = "Socialstrategi; DROP TABLE strategy; --";
	st.name_en = NULL;
	st.valid_from = from;
	st.valid_to = from + 3;
	st.decision_date = "2014-09-17";
	st.decision_body = "Socialudvalget";
	st.decision_case = "2014-0199006";
	c[0] = (struct commitment){"1.1", "Lytte til børn og unge"};
	c[1] = (struct commitment){"1.2", "<script>alert(1)</script>"};
	p[0] = (struct principle){1, "Høj kvalitet", "High quality", NULL, c, 2};
	p[1] = (struct principle){2, "Forebyggelse", NULL, "Beskrivelse", NULL, 0};
	st.principles = p;
	st.nprinciples = 2;
	v[0] = version("2014-09-17", "Færre hjemløse", -325);
	v[1] = version("2016-03-01", "Færre hjemløse (ny)", -400);
	v[2] = version("2014-09-17", "Flere i bolig", 0);
	v[2].measure = MEASURE_PROPORTION;
	v[2].direction = DIRECTION_UP;
	v[2].cadence = CADENCE_SCHOOL_YEAR;
	v[2].has_baseline = false;
	v[2].baseline_period = NULL;
	v[2].target_kind = TARGET_NONE;
	v[2].target_period = NULL;
	v[2].decimals = 1;
	v[2].tolerance = 0;
	v[3] = v[2];
	v[3].title = "Rate";
	v[3].measure = MEASURE_RATE;
	v[3].rate_factor = 1000;
	g[0] = (struct goal){.code = "1D", .main = true, .versions = v, .nversions = 2};
	g[1] = (struct goal){.code = "1A", .main = false, .versions = &v[2], .nversions = 1};
	g[2] = (struct goal){.code = "2A", .main = true, .versions = &v[3], .nversions = 1};
	pm[0] = (struct pejlemaerke){1, "Flere har en bolig", "More have a home", NULL, g, 2};
	pm[1] = (struct pejlemaerke){2, "Skole", NULL, NULL, &g[2], 1};
	st.pejlemaerker = pm;
	st.npejlemaerker = 2;
	return st;
}

static void put_root(struct store *s)
{
	struct unit u = {"SOF", "Socialforvaltningen", UNIT_ADMINISTRATION, NULL, "2014-01-01", NULL};

	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_unit_put(s, &u), 0);
	assert_int_equal(store_commit(s), 0);
}

static void assert_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_version_equal(const struct goal_version *a, const struct goal_version *b)
{
	assert_str(a->date, b->date);
	assert_str(a->decision, b->decision);
	assert_str(a->note, b->note);
	assert_str(a->title, b->title);
	assert_str(a->title_en, b->title_en);
	assert_str(a->definition, b->definition);
	assert_str(a->source, b->source);
	assert_str(a->owner, b->owner);
	assert_str(a->display_unit, b->display_unit);
	assert_int_equal(a->measure, b->measure);
	assert_true(a->rate_factor == b->rate_factor);
	assert_int_equal(a->decimals, b->decimals);
	assert_int_equal(a->direction, b->direction);
	assert_int_equal(a->sampling, b->sampling);
	assert_int_equal(a->cadence, b->cadence);
	assert_int_equal(a->has_baseline, b->has_baseline);
	assert_str(a->baseline_period, b->baseline_period);
	if (a->has_baseline)
		assert_true(a->baseline_value == b->baseline_value);
	assert_int_equal(a->target_kind, b->target_kind);
	if (a->target_kind != TARGET_NONE)
		assert_true(a->target_value == b->target_value);
	assert_str(a->target_period, b->target_period);
	assert_true(a->tolerance == b->tolerance);
}

static void test_open_migrates_to_current_version(void **state)
{
	struct fx *f = *state;
	struct store *again;
	int v1, v2;

	assert_int_equal(store_schema_version(f->s, &v1), 0);
	assert_true(v1 >= 1);
	assert_int_equal(store_open(&again, f->url, 0), 0);
	assert_int_equal(store_schema_version(again, &v2), 0);
	assert_int_equal(v1, v2);
	store_close(again);
}

static void test_open_missing_without_create_is_not_found(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	char url[600];

	snprintf(url, sizeof url, "%s.missing", f->url);
	assert_int_equal(store_open(&s, url, 0), PEJL_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err_last(), "init"));
}

static void test_empty_database_has_no_default_strategy(void **state)
{
	struct fx *f = *state;
	struct strategy_info *v;
	size_t n = 99;
	char *code;

	assert_int_equal(store_strategy_default(&code, f->s, f->a), PEJL_ENOTFOUND);
	assert_int_equal(store_strategy_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 0);
}

static void test_strategy_insert_and_load_round_trip(void **state)
{
	struct fx *f = *state;
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_doc *doc;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_load(&doc, f->s, f->a, "kk-2014"), 0);
	assert_str(doc->strategy.name, st.name);
	assert_null(doc->strategy.name_en);
	assert_int_equal(doc->strategy.valid_to, 2017);
	assert_str(doc->strategy.decision_case, "2014-0199006");
	assert_int_equal(doc->strategy.nprinciples, 2);
	assert_int_equal(doc->strategy.principles[0].ncommitments, 2);
	assert_str(doc->strategy.principles[0].commitments[1].text, "<script>alert(1)</script>");
	assert_int_equal(doc->strategy.principles[1].ncommitments, 0);
	assert_str(doc->strategy.principles[1].description, "Beskrivelse");
	assert_int_equal(doc->strategy.npejlemaerker, 2);
	assert_int_equal(doc->strategy.pejlemaerker[0].ngoals, 2);
	/* goal order is the stored position, not the code */
	assert_str(doc->strategy.pejlemaerker[0].goals[0].code, "1D");
	assert_true(doc->strategy.pejlemaerker[0].goals[0].main);
	assert_false(doc->strategy.pejlemaerker[0].goals[1].main);
	assert_int_equal(doc->strategy.pejlemaerker[0].goals[0].nversions, 2);
	for (size_t i = 0; i < 2; i++)
		assert_version_equal(&doc->strategy.pejlemaerker[0].goals[0].versions[i],
				     &st.pejlemaerker[0].goals[0].versions[i]);
	assert_version_equal(&doc->strategy.pejlemaerker[0].goals[1].versions[0],
			     &st.pejlemaerker[0].goals[1].versions[0]);
	assert_version_equal(&doc->strategy.pejlemaerker[1].goals[0].versions[0],
			     &st.pejlemaerker[1].goals[0].versions[0]);
	assert_int_equal(doc->nunits, 1);
}

static void test_strategy_insert_duplicate_code_conflicts(void **state)
{
	struct fx *f = *state;
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_info *v;
	size_t n;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), PEJL_ECONFLICT);
	store_rollback(f->s);
	assert_int_equal(store_strategy_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].ngoals, 3);
	assert_int_equal(v[0].npejlemaerker, 2);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_info *v;
	struct unit *u;
	size_t n;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_audit(f->s, "test", "x", "y", NULL), 0);
	store_rollback(f->s);
	assert_int_equal(store_strategy_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_unit_list(&u, &n, f->s, f->a), 0);
	assert_int_equal(n, 1);
}

static void test_several_strategies_default_is_latest(void **state)
{
	struct fx *f = *state;
	struct strategy a = make_strategy(f->a, "kk-2010", 2010), b = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_info *v;
	size_t n;
	char *code;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &b), 0);
	assert_int_equal(store_strategy_insert(f->s, &a), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_default(&code, f->s, f->a), 0);
	assert_string_equal(code, "kk-2014");
	assert_int_equal(store_strategy_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].code, "kk-2014");
	assert_string_equal(v[1].code, "kk-2010");
}

static void test_load_unknown_strategy_is_not_found(void **state)
{
	struct fx *f = *state;
	struct strategy_doc *doc;

	assert_int_equal(store_strategy_load(&doc, f->s, f->a, "nope"), PEJL_ENOTFOUND);
}

static void test_goal_versions_only_append(void **state)
{
	struct fx *f = *state;
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct goal_version v = version("2017-01-01", "Færre hjemløse (2017)", -500);
	struct strategy_doc *doc;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_goal_version_add(f->s, "kk-2014", "1D", &v), 0);
	v.date = "2017-01-01";
	assert_int_equal(store_goal_version_add(f->s, "kk-2014", "1D", &v), PEJL_ECONFLICT);
	v.date = "2015-01-01";
	assert_int_equal(store_goal_version_add(f->s, "kk-2014", "1D", &v), PEJL_ECONFLICT);
	assert_int_equal(store_goal_version_add(f->s, "kk-2014", "9Z", &v), PEJL_ENOTFOUND);
	assert_int_equal(store_goal_version_add(f->s, "nope", "1D", &v), PEJL_ENOTFOUND);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_load(&doc, f->s, f->a, "kk-2014"), 0);
	assert_int_equal(doc->strategy.pejlemaerker[0].goals[0].nversions, 3);
	assert_string_equal(doc->strategy.pejlemaerker[0].goals[0].versions[2].title, "Færre hjemløse (2017)");
	assert_true(doc->strategy.pejlemaerker[0].goals[0].versions[2].target_value == -500);
}

static void test_unit_put_rules(void **state)
{
	struct fx *f = *state;
	struct unit bcv = {"BCV", "Borgercenter Voksne", UNIT_CITIZEN_CENTRE, "SOF", "2014-01-01", "2016-12-31"};
	struct unit other = bcv;
	struct unit orphan = {"X1", "Ukendt forælder", UNIT_CENTRE, "NOPE", "2014-01-01", NULL};
	struct unit *v;
	size_t n;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &bcv), 0);
	assert_int_equal(store_unit_put(f->s, &bcv), 1);
	other.name = "Andet navn";
	assert_int_equal(store_unit_put(f->s, &other), PEJL_ECONFLICT);
	other = bcv;
	other.valid_from = "2016-06-01"; /* overlaps [2014-01-01, 2016-12-31] */
	other.valid_to = NULL;
	assert_int_equal(store_unit_put(f->s, &other), PEJL_ECONFLICT);
	other.valid_from = "2017-01-01"; /* a reorganisation: same code, later */
	assert_int_equal(store_unit_put(f->s, &other), 0);
	assert_int_equal(store_unit_put(f->s, &orphan), PEJL_ENOTFOUND);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_unit_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[1].code, "BCV");
	assert_string_equal(v[1].valid_to, "2016-12-31");
	assert_null(v[2].valid_to);
	assert_int_equal(v[1].kind, UNIT_CITIZEN_CENTRE);
	assert_string_equal(v[1].parent, "SOF");
	assert_null(v[0].parent);
}

static void test_unit_close(void **state)
{
	struct fx *f = *state;
	struct unit *v;
	size_t n;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_close(f->s, "SOF", "2013-01-01"), PEJL_EINPUT);
	assert_int_equal(store_unit_close(f->s, "NOPE", "2020-01-01"), PEJL_ENOTFOUND);
	assert_int_equal(store_unit_close(f->s, "SOF", "2020-12-31"), 0);
	assert_int_equal(store_unit_close(f->s, "SOF", "2021-12-31"), PEJL_ENOTFOUND);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_unit_list(&v, &n, f->s, f->a), 0);
	assert_string_equal(v[0].valid_to, "2020-12-31");
}

static void test_group_put_rules(void **state)
{
	struct fx *f = *state;
	struct target_group g = {"homeless", "Hjemløshed", "Homelessness"}, h = g;
	struct target_group *v;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_group_put(f->s, &g), 0);
	assert_int_equal(store_group_put(f->s, &g), 1);
	h.name_en = NULL;
	assert_int_equal(store_group_put(f->s, &h), PEJL_ECONFLICT);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_group_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name_en, "Homelessness");
}

static void test_audit_newest_first(void **state)
{
	struct fx *f = *state;
	struct audit_entry *v;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_audit(f->s, "cli:anna", "strategy.import", "kk-2014", "created"), 0);
	assert_int_equal(store_audit(f->s, "cli:bo", "unit.add", "X", NULL), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_audit_list(&v, &n, f->s, f->a, 10), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].actor, "cli:bo");
	assert_null(v[0].detail);
	assert_string_equal(v[1].action, "strategy.import");
	assert_int_equal(strlen(v[1].at), 20);
	assert_int_equal(store_audit_list(&v, &n, f->s, f->a, 1), 0);
	assert_int_equal(n, 1);
}

static void test_two_connections_see_committed_writes(void **state)
{
	struct fx *f = *state;
	struct store *other;
	struct unit *v;
	size_t n;

	assert_int_equal(store_open(&other, f->url, 0), 0);
	put_root(f->s);
	assert_int_equal(store_unit_list(&v, &n, other, f->a), 0);
	assert_int_equal(n, 1);
	store_close(other);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_migrates_to_current_version),
		T(test_open_missing_without_create_is_not_found),
		T(test_empty_database_has_no_default_strategy),
		T(test_strategy_insert_and_load_round_trip),
		T(test_strategy_insert_duplicate_code_conflicts),
		T(test_rollback_leaves_nothing),
		T(test_several_strategies_default_is_latest),
		T(test_load_unknown_strategy_is_not_found),
		T(test_goal_versions_only_append),
		T(test_unit_put_rules),
		T(test_unit_close),
		T(test_group_put_rules),
		T(test_audit_newest_first),
		T(test_two_connections_see_committed_writes),
	};

	return cmocka_run_group_tests_name("store conformance", tests, NULL, NULL);
}
