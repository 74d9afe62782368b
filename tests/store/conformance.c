/*
 * conformance.c — the store conformance suite: every behaviour of store.h,
 * run unchanged against any backend. The database comes from PEJL_TEST_DB,
 * a prefix to which each test adds ".PID.N" for a database of its own:
 *   SQLite      a path prefix: /tmp/x/conf → the file /tmp/x/conf.PID.N
 *   PostgreSQL  postgresql:///conf → the database "conf.PID.N" (created by
 *               store_open, dropped after the test; the server, user etc.
 *               from the PG* environment, e.g. under tests/pg/with-pg)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/store.h"
#include "util/err.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
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

/* Drops the PostgreSQL database a test used (test housekeeping, outside
 * store.h: the store never drops a database). */
static void drop_pg(const char *url)
{
	const char *keys[] = {"dbname", "dbname", NULL}, *vals[] = {url, "postgres", NULL};
	const char *name = strrchr(url, '/');
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	char *quoted, sql[700];

	if (PQstatus(c) == CONNECTION_OK && name && (quoted = PQescapeIdentifier(c, name + 1, strlen(name + 1)))) {
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted);
		PQclear(PQexec(c, sql));
		PQfreemem(quoted);
	}
	PQfinish(c);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[600];

	store_close(f->s);
	arena_free(f->a);
	if (store_url_is_pg(f->url))
		drop_pg(f->url);
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
	v[2].metric = "ORS:reliable_improvement"; /* computed from feedback */
	v[3] = v[2];
	v[3].title = "Rate";
	v[3].metric = NULL;
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
	assert_str(a->metric, b->metric);
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

/* --- citizen feedback --------------------------------------------------------- */

#define PSEUDO_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define PSEUDO_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static struct episode_row episode(const char *code, const char *pseudonym, const char *unit)
{
	struct episode_row e = {0};

	e.code = code;
	e.pseudonym = pseudonym;
	e.unit = unit;
	e.practitioner = "anna";
	e.start_date = "2017-01-02";
	e.age_band = "adult";
	e.outcome_instrument = "ORS";
	e.alliance_instrument = "SRS";
	return e;
}

static struct feedback_form_row form(int session, const char *instrument, const char *rater, int i1, int i2, int i3,
				     int i4)
{
	struct feedback_form_row f = {0};
	static const char *const dates[] = {"2017-01-02", "2017-01-09", "2017-01-16", "2017-01-23", "2017-01-30"};

	f.session = session;
	f.date = dates[(session - 1) % 5];
	f.instrument = instrument;
	f.rater = rater;
	f.items[0] = i1;
	f.items[1] = i2;
	f.items[2] = i3;
	f.items[3] = i4;
	f.nitems = 4;
	return f;
}

static long feedback_batch(struct store *s)
{
	long batch = 0;

	assert_int_equal(store_batch_add(&batch, s, "test", "feedback", "test.csv", NULL), 0);
	assert_true(batch > 0);
	return batch;
}

static const struct episode_row *find_episode(const struct episode_row *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	fail_msg("episode %s was not read back", code);
	return NULL;
}

static void test_episode_put_rules(void **state)
{
	struct fx *f = *state;
	struct episode_row e = episode("E1", PSEUDO_A, "BCV"), x;
	struct episode_row *v;
	const struct episode_row *r;
	long batch, id = -1, id2 = -1, id3 = -1;
	int existed = -1;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	/* new */
	assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
	assert_int_equal(existed, 0);
	assert_true(id > 0);
	/* the same again: existing, same id */
	existed = -1;
	assert_int_equal(store_episode_put(&id2, &existed, f->s, &e, batch), 0);
	assert_int_equal(existed, 1);
	assert_int_equal(id2, id);
	/* another citizen */
	x = e;
	x.pseudonym = PSEUDO_B;
	assert_int_equal(store_episode_put(&id3, &existed, f->s, &x, batch), PEJL_ECONFLICT);
	/* another unit */
	x = e;
	x.unit = "BBU";
	assert_int_equal(store_episode_put(&id3, &existed, f->s, &x, batch), PEJL_ECONFLICT);
	/* another outcome instrument */
	x = e;
	x.outcome_instrument = "CORS";
	assert_int_equal(store_episode_put(&id3, &existed, f->s, &x, batch), PEJL_ECONFLICT);
	/* a second episode of the same citizen is another row */
	x = episode("E2", PSEUDO_A, "BCV");
	assert_int_equal(store_episode_put(&id3, &existed, f->s, &x, batch), 0);
	assert_int_equal(existed, 0);
	assert_true(id3 != id);
	assert_int_equal(store_commit(f->s), 0);

	/* the end is set later, by a put with an end date */
	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	x = e;
	x.end_date = "2017-06-30";
	x.end_reason = "planned";
	assert_int_equal(store_episode_put(&id2, &existed, f->s, &x, batch), 0);
	assert_int_equal(existed, 1);
	assert_int_equal(id2, id);
	/* the same end again is fine; another end is a conflict; no end leaves it */
	assert_int_equal(store_episode_put(&id2, &existed, f->s, &x, batch), 0);
	x.end_date = "2017-07-31";
	assert_int_equal(store_episode_put(&id2, &existed, f->s, &x, batch), PEJL_ECONFLICT);
	assert_int_equal(store_episode_put(&id2, &existed, f->s, &e, batch), 0);
	assert_int_equal(existed, 1);
	assert_int_equal(store_commit(f->s), 0);

	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_int_equal(n, 2);
	r = find_episode(v, n, "E1");
	assert_int_equal(r->id, id);
	assert_str(r->pseudonym, PSEUDO_A);
	assert_str(r->unit, "BCV");
	assert_str(r->practitioner, "anna");
	assert_str(r->start_date, "2017-01-02");
	assert_str(r->age_band, "adult");
	assert_str(r->outcome_instrument, "ORS");
	assert_str(r->alliance_instrument, "SRS");
	assert_str(r->end_date, "2017-06-30");
	assert_str(r->end_reason, "planned");
	assert_int_equal(r->nforms, 0);
	r = find_episode(v, n, "E2");
	assert_null(r->end_date);
	assert_null(r->end_reason);
	assert_str(r->pseudonym, PSEUDO_A);
}

static void test_episode_put_rolled_back_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct episode_row e = episode("E1", PSEUDO_A, "BCV"), *v;
	struct feedback_form_row fr = form(1, "ORS", "self", 45, 45, 45, 45);
	long batch, id;
	int existed;
	size_t n = 99;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
	assert_int_equal(store_form_put(f->s, id, &fr), 0);
	store_rollback(f->s);
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_int_equal(n, 0);
}

static void test_form_put_rules(void **state)
{
	struct fx *f = *state;
	struct episode_row e = episode("E1", PSEUDO_A, "BCV"), *v;
	struct feedback_form_row a = form(1, "ORS", "self", 45, 45, 45, 45), x;
	long batch, id;
	int existed;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
	/* new, then identical */
	assert_int_equal(store_form_put(f->s, id, &a), 0);
	assert_int_equal(store_form_put(f->s, id, &a), 1);
	/* a different value, date, skipped flag or number of items is a conflict */
	x = a;
	x.items[2] = 46;
	assert_int_equal(store_form_put(f->s, id, &x), PEJL_ECONFLICT);
	x = a;
	x.date = "2017-01-03";
	assert_int_equal(store_form_put(f->s, id, &x), PEJL_ECONFLICT);
	x = a;
	x.skipped = true;
	x.nitems = 0;
	assert_int_equal(store_form_put(f->s, id, &x), PEJL_ECONFLICT);
	x = a;
	x.nitems = 5; /* a fifth item 0: a zero is a value, not a missing one */
	x.items[4] = 0;
	assert_int_equal(store_form_put(f->s, id, &x), PEJL_ECONFLICT);
	/* the same session for another instrument or rater is another form */
	x = form(1, "SRS", "self", 95, 95, 95, 95);
	assert_int_equal(store_form_put(f->s, id, &x), 0);
	x = form(1, "ORS", "mor", 50, 50, 50, 50);
	assert_int_equal(store_form_put(f->s, id, &x), 0);
	/* zeros are stored as zeros; a skipped form has no items */
	x = form(2, "ORS", "self", 0, 0, 0, 0);
	assert_int_equal(store_form_put(f->s, id, &x), 0);
	assert_int_equal(store_form_put(f->s, id, &x), 1);
	x = form(3, "ORS", "self", 0, 0, 0, 0);
	x.skipped = true;
	x.nitems = 0;
	assert_int_equal(store_form_put(f->s, id, &x), 0);
	assert_int_equal(store_form_put(f->s, id, &x), 1);
	x.skipped = false;
	x.nitems = 4;
	assert_int_equal(store_form_put(f->s, id, &x), PEJL_ECONFLICT);
	assert_int_equal(store_commit(f->s), 0);

	/* after the commit the rules hold the same */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_form_put(f->s, id, &a), 1);
	x = a;
	x.items[0] = 44;
	assert_int_equal(store_form_put(f->s, id, &x), PEJL_ECONFLICT);
	assert_int_equal(store_commit(f->s), 0);

	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].nforms, 5);
	/* by session, instrument, rater */
	assert_int_equal(v[0].forms[0].session, 1);
	assert_str(v[0].forms[0].instrument, "ORS");
	assert_str(v[0].forms[0].rater, "mor");
	assert_int_equal(v[0].forms[0].items[0], 50);
	assert_int_equal(v[0].forms[1].session, 1);
	assert_str(v[0].forms[1].instrument, "ORS");
	assert_str(v[0].forms[1].rater, "self");
	assert_str(v[0].forms[1].date, "2017-01-02");
	assert_int_equal(v[0].forms[1].nitems, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(v[0].forms[1].items[i], 45);
	assert_false(v[0].forms[1].skipped);
	assert_str(v[0].forms[2].instrument, "SRS");
	assert_int_equal(v[0].forms[2].items[3], 95);
	assert_int_equal(v[0].forms[3].session, 2);
	assert_int_equal(v[0].forms[3].nitems, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(v[0].forms[3].items[i], 0);
	assert_false(v[0].forms[3].skipped);
	assert_int_equal(v[0].forms[4].session, 3);
	assert_true(v[0].forms[4].skipped);
	assert_int_equal(v[0].forms[4].nitems, 0);
}

/* The episodes that ended from `from` to `to`, read one at a time
 * (store_episodes_ended_each) and kept, by code. */
struct kept {
	struct arena *a;
	struct episode_row *v;
	size_t n, cap;
};

static const char *keep_str(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int keep_one(void *ctx, const struct episode_row *e)
{
	struct kept *k = ctx;
	struct episode_row *c;

	if (k->n == k->cap) {
		struct episode_row *nv = arena_calloc(k->a, k->cap * 2 + 8, sizeof *nv);

		if (k->n)
			memcpy(nv, k->v, k->n * sizeof *nv);
		k->v = nv;
		k->cap = k->cap * 2 + 8;
	}
	c = &k->v[k->n++];
	*c = *e;
	c->code = keep_str(k->a, e->code);
	c->pseudonym = keep_str(k->a, e->pseudonym);
	c->unit = keep_str(k->a, e->unit);
	c->practitioner = keep_str(k->a, e->practitioner);
	c->start_date = keep_str(k->a, e->start_date);
	c->age_band = keep_str(k->a, e->age_band);
	c->outcome_instrument = keep_str(k->a, e->outcome_instrument);
	c->alliance_instrument = keep_str(k->a, e->alliance_instrument);
	c->end_date = keep_str(k->a, e->end_date);
	c->end_reason = keep_str(k->a, e->end_reason);
	c->forms = arena_calloc(k->a, e->nforms + 1, sizeof *c->forms);
	for (size_t i = 0; i < e->nforms; i++) {
		c->forms[i] = e->forms[i];
		c->forms[i].date = keep_str(k->a, e->forms[i].date);
		c->forms[i].instrument = keep_str(k->a, e->forms[i].instrument);
		c->forms[i].rater = keep_str(k->a, e->forms[i].rater);
	}
	return 0;
}

static int by_code(const void *x, const void *y)
{
	return strcmp(((const struct episode_row *)x)->code, ((const struct episode_row *)y)->code);
}

static int episodes_ended(struct episode_row **out, size_t *n, struct fx *f, const char *from, const char *to)
{
	struct kept k = {.a = f->a};
	int rc = store_episodes_ended_each(f->s, from, to, keep_one, &k);

	if (k.n > 1)
		qsort(k.v, k.n, sizeof *k.v, by_code);
	*out = k.v;
	*n = k.n;
	return rc;
}

/* The forms an episode's reads return are packed in its row from the form
 * rows; a read in the transaction that wrote forms sees them, every way of
 * reading agrees, and a savepoint rolled back takes its forms along, even
 * when the episode was read (and packed) inside the savepoint. */
struct seen_forms {
	const char *code;
	size_t nforms;
	int last_item;
};

static int seen_one(void *ctx, const struct episode_row *e)
{
	struct seen_forms *s = ctx;

	if (strcmp(e->code, s->code) == 0) {
		s->nforms = e->nforms;
		s->last_item = e->nforms ? e->forms[e->nforms - 1].items[0] : -1;
	}
	return 0;
}

/* How many forms E1 has, read three ways that must agree. */
static size_t forms_of_e1(struct fx *f, int *last_item)
{
	struct episode_row *one, *all, *ended;
	struct seen_forms seen = {"E1", 99, -2};
	size_t n, nended;

	assert_int_equal(store_episode_get(&one, f->s, f->a, "E1"), 0);
	assert_int_equal(store_episodes(&all, &n, f->s, f->a, NULL), 0);
	assert_int_equal(store_episodes_each(f->s, seen_one, &seen), 0);
	assert_int_equal(n, 1);
	assert_int_equal(all[0].nforms, one->nforms);
	assert_int_equal(seen.nforms, one->nforms);
	assert_int_equal(episodes_ended(&ended, &nended, f, "2017-01-01", "2017-12-31"), 0);
	assert_int_equal(nended, 1);
	assert_int_equal(ended[0].nforms, one->nforms);
	*last_item = one->nforms ? one->forms[one->nforms - 1].items[0] : -1;
	assert_int_equal(seen.last_item, *last_item);
	return one->nforms;
}

/* Puts session k of E1 (items 11·k) and checks it is new. */
static void put_session(struct fx *f, long id, int k)
{
	struct feedback_form_row fr = form(k, "ORS", "self", 11 * k, 11 * k, 11 * k, 11 * k);

	assert_int_equal(store_form_put(f->s, id, &fr), 0);
}

/* E1 has n forms, the last with items 11·last. */
static void expect_e1(struct fx *f, size_t n, int last)
{
	int item;

	assert_int_equal(forms_of_e1(f, &item), n);
	assert_int_equal(item, n ? 11 * last : -1);
}

static void test_forms_read_in_their_transaction(void **state)
{
	struct fx *f = *state;
	struct episode_row e = episode("E1", PSEUDO_A, "BCV");
	long batch, id;
	int existed;

	e.end_date = "2017-06-30";
	e.end_reason = "planned";
	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
	expect_e1(f, 0, 0);
	put_session(f, id, 1);
	expect_e1(f, 1, 1);
	put_session(f, id, 2);
	expect_e1(f, 2, 2);

	/* a savepoint: a form written and read inside it, then rolled back */
	assert_int_equal(store_begin(f->s), 0);
	put_session(f, id, 3);
	expect_e1(f, 3, 3);
	store_rollback(f->s);
	expect_e1(f, 2, 2);

	/* a form written before a savepoint and first packed inside it, which
	 * is then rolled back: the form stays */
	put_session(f, id, 4);
	assert_int_equal(store_begin(f->s), 0);
	expect_e1(f, 3, 4);
	store_rollback(f->s);
	expect_e1(f, 3, 4);

	/* a savepoint released keeps its form */
	assert_int_equal(store_begin(f->s), 0);
	put_session(f, id, 5);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_commit(f->s), 0);
	expect_e1(f, 4, 5);

	/* a form written and never read before the commit is there after it */
	assert_int_equal(store_begin(f->s), 0);
	put_session(f, id, 6);
	assert_int_equal(store_commit(f->s), 0);
	expect_e1(f, 5, 6);

	/* a whole transaction rolled back leaves nothing of its forms */
	assert_int_equal(store_begin(f->s), 0);
	put_session(f, id, 7);
	expect_e1(f, 6, 7);
	store_rollback(f->s);
	expect_e1(f, 5, 6);
}

static void test_episodes_unit_filter_and_form_order(void **state)
{
	struct fx *f = *state;
	const char *const units[][4] = {{"E3", "BBU", PSEUDO_A, NULL}, {"E1", "BCV", PSEUDO_B, NULL},
					{"E2", "BCH", PSEUDO_A, NULL}, {"E4", "BBU", PSEUDO_B, NULL}};
	long ids[4], batch;
	struct episode_row *v;
	const struct episode_row *r;
	const char *const bbu[] = {"BBU", NULL}, *const two[] = {"BBU", "BCH", NULL}, *const none[] = {"NOPE", NULL};
	int existed;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	for (size_t i = 0; i < 4; i++) {
		struct episode_row e = episode(units[i][0], units[i][2], units[i][1]);

		assert_int_equal(store_episode_put(&ids[i], &existed, f->s, &e, batch), 0);
	}
	/* forms stored out of order, across episodes; E4 has none */
	{
		struct feedback_form_row fs[] = {
			form(3, "ORS", "self", 30, 30, 30, 30), form(1, "SRS", "self", 90, 90, 90, 90),
			form(2, "ORS", "self", 20, 20, 20, 20), form(1, "ORS", "self", 10, 10, 10, 10),
			form(1, "ORS", "far", 11, 11, 11, 11),  form(2, "ORS", "far", 21, 21, 21, 21),
		};

		for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
			assert_int_equal(store_form_put(f->s, ids[0], &fs[i]), 0); /* E3 */
			if (i == 2) {
				struct feedback_form_row o = form(1, "ORS", "self", 70, 70, 70, 70);

				assert_int_equal(store_form_put(f->s, ids[1], &o), 0); /* E1 */
			}
		}
		fs[0] = form(2, "ORS", "self", 52, 52, 52, 52);
		fs[1] = form(1, "ORS", "self", 51, 51, 51, 51);
		assert_int_equal(store_form_put(f->s, ids[2], &fs[0]), 0); /* E2 */
		assert_int_equal(store_form_put(f->s, ids[2], &fs[1]), 0);
	}
	assert_int_equal(store_commit(f->s), 0);

	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_int_equal(n, 4);
	r = find_episode(v, n, "E3");
	assert_int_equal(r->nforms, 6);
	{
		const struct {
			int session;
			const char *instrument, *rater;
			int item;
		} want[] = {{1, "ORS", "far", 11}, {1, "ORS", "self", 10}, {1, "SRS", "self", 90},
			    {2, "ORS", "far", 21}, {2, "ORS", "self", 20}, {3, "ORS", "self", 30}};

		for (size_t i = 0; i < 6; i++) {
			assert_int_equal(r->forms[i].session, want[i].session);
			assert_str(r->forms[i].instrument, want[i].instrument);
			assert_str(r->forms[i].rater, want[i].rater);
			assert_int_equal(r->forms[i].items[0], want[i].item);
		}
	}
	r = find_episode(v, n, "E1");
	assert_int_equal(r->nforms, 1);
	assert_int_equal(r->forms[0].items[0], 70);
	assert_str(r->pseudonym, PSEUDO_B);
	r = find_episode(v, n, "E2");
	assert_int_equal(r->nforms, 2);
	assert_int_equal(r->forms[0].session, 1);
	assert_int_equal(r->forms[0].items[0], 51);
	assert_int_equal(r->forms[1].session, 2);
	r = find_episode(v, n, "E4");
	assert_int_equal(r->nforms, 0);

	/* one unit */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, bbu), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_str(v[i].unit, "BBU");
	r = find_episode(v, n, "E3");
	assert_int_equal(r->nforms, 6);
	assert_int_equal(r->forms[5].items[0], 30);
	assert_int_equal(find_episode(v, n, "E4")->nforms, 0);
	/* two units */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, two), 0);
	assert_int_equal(n, 3);
	assert_int_equal(find_episode(v, n, "E2")->nforms, 2);
	assert_int_equal(find_episode(v, n, "E2")->forms[1].items[0], 52);
	for (size_t i = 0; i < n; i++)
		assert_true(strcmp(v[i].code, "E1") != 0);
	/* no such unit */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, none), 0);
	assert_int_equal(n, 0);
}

/* Puts an episode with an end (or none) and its forms, in a transaction. */
static long put_episode(struct fx *f, long batch, const char *code, const char *pseudonym, const char *unit,
			const char *end)
{
	struct episode_row e = episode(code, pseudonym, unit);
	long id = -1;
	int existed = -1;

	e.end_date = end;
	e.end_reason = end ? "planned" : NULL;
	assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
	assert_int_equal(existed, 0);
	return id;
}

/* The forms of r are exactly these (session, instrument, rater, first item). */
struct want_form {
	int session;
	const char *instrument, *rater;
	int item;
};

static void assert_forms(const struct episode_row *r, const struct want_form *w, size_t n)
{
	if (r->nforms != n)
		fail_msg("episode %s: %zu forms, want %zu", r->code, r->nforms, n);
	for (size_t i = 0; i < n; i++)
		if (r->forms[i].session != w[i].session || strcmp(r->forms[i].instrument, w[i].instrument) != 0 ||
		    strcmp(r->forms[i].rater, w[i].rater) != 0 || r->forms[i].items[0] != w[i].item)
			fail_msg("episode %s, form %zu: session %d %s %s %d, want %d %s %s %d", r->code, i,
				 r->forms[i].session, r->forms[i].instrument, r->forms[i].rater, r->forms[i].items[0],
				 w[i].session, w[i].instrument, w[i].rater, w[i].item);
}

/* The codes of v in order, as "A B C". */
static const char *codes_of(struct arena *a, const struct episode_row *v, size_t n)
{
	const char *s = "";

	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? " " : "", v[i].code);
	return s;
}

static void test_episodes_ended_range_and_forms(void **state)
{
	struct fx *f = *state;
	long batch, id[8];
	struct episode_row *v;
	size_t n = 99;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	/* codes not in the order of their ends or ids */
	id[0] = put_episode(f, batch, "X5", PSEUDO_A, "BCV", "2016-12-31"); /* the day before */
	id[1] = put_episode(f, batch, "X4", PSEUDO_A, "BBU", "2017-01-01"); /* the first day */
	id[2] = put_episode(f, batch, "X1", PSEUDO_B, "BCH", "2017-06-15");
	id[3] = put_episode(f, batch, "X3", PSEUDO_B, "BCV", "2017-12-31"); /* the last day */
	id[4] = put_episode(f, batch, "X2", PSEUDO_A, "BCV", "2018-01-01"); /* the day after */
	id[5] = put_episode(f, batch, "X0", PSEUDO_B, "BCV", NULL);         /* open */
	id[6] = put_episode(f, batch, "X6", NULL, "BBU", "2017-03-01");     /* unlinked, no forms */
	/* forms out of order and interleaved across episodes */
	{
		const struct {
			int ep;
			struct feedback_form_row fr;
		} forms[] = {
			{2, form(2, "SRS", "self", 92, 92, 92, 92)}, {3, form(1, "ORS", "self", 31, 31, 31, 31)},
			{2, form(1, "ORS", "self", 11, 11, 11, 11)}, {0, form(1, "ORS", "self", 1, 1, 1, 1)},
			{2, form(2, "ORS", "mor", 23, 23, 23, 23)},  {4, form(1, "ORS", "self", 41, 41, 41, 41)},
			{2, form(1, "SRS", "self", 91, 91, 91, 91)}, {5, form(1, "ORS", "self", 51, 51, 51, 51)},
			{2, form(2, "ORS", "far", 22, 22, 22, 22)},  {1, form(3, "ORS", "self", 13, 13, 13, 13)},
			{2, form(2, "ORS", "self", 21, 21, 21, 21)}, {1, form(1, "ORS", "self", 12, 12, 12, 12)},
			{3, form(2, "ORS", "self", 32, 32, 32, 32)}, {2, form(1, "ORS", "far", 10, 10, 10, 10)},
		};

		for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
			assert_int_equal(store_form_put(f->s, id[forms[i].ep], &forms[i].fr), 0);
	}
	assert_int_equal(store_commit(f->s), 0);

	/* 2017: both ends included, open ones and the day after out, by code */
	assert_int_equal(episodes_ended(&v, &n, f, "2017-01-01", "2017-12-31"), 0);
	assert_str(codes_of(f->a, v, n), "X1 X3 X4 X6");
	{
		static const struct want_form x1[] = {{1, "ORS", "far", 10}, {1, "ORS", "self", 11},
						      {1, "SRS", "self", 91}, {2, "ORS", "far", 22},
						      {2, "ORS", "mor", 23}, {2, "ORS", "self", 21},
						      {2, "SRS", "self", 92}};
		static const struct want_form x3[] = {{1, "ORS", "self", 31}, {2, "ORS", "self", 32}};
		static const struct want_form x4[] = {{1, "ORS", "self", 12}, {3, "ORS", "self", 13}};

		assert_forms(&v[0], x1, sizeof x1 / sizeof x1[0]);
		assert_forms(&v[1], x3, sizeof x3 / sizeof x3[0]);
		assert_forms(&v[2], x4, sizeof x4 / sizeof x4[0]);
		assert_forms(&v[3], NULL, 0);
	}
	/* the episode's own columns come along */
	assert_str(v[0].unit, "BCH");
	assert_str(v[0].pseudonym, PSEUDO_B);
	assert_str(v[0].end_date, "2017-06-15");
	assert_str(v[0].end_reason, "planned");
	assert_str(v[0].outcome_instrument, "ORS");
	assert_str(v[0].alliance_instrument, "SRS");
	assert_str(v[0].start_date, "2017-01-02");
	assert_str(v[0].age_band, "adult");
	assert_str(v[0].practitioner, "anna");
	assert_int_equal(v[0].id, id[2]);
	assert_null(v[3].pseudonym);
	/* one day; a quarter; nothing */
	assert_int_equal(episodes_ended(&v, &n, f, "2017-06-15", "2017-06-15"), 0);
	assert_str(codes_of(f->a, v, n), "X1");
	assert_int_equal(v[0].nforms, 7);
	assert_int_equal(episodes_ended(&v, &n, f, "2017-10-01", "2017-12-31"), 0);
	assert_str(codes_of(f->a, v, n), "X3");
	assert_int_equal(episodes_ended(&v, &n, f, "2016-12-31", "2018-01-01"), 0);
	assert_str(codes_of(f->a, v, n), "X1 X2 X3 X4 X5 X6");
	assert_int_equal(find_episode(v, n, "X2")->forms[0].items[0], 41);
	assert_int_equal(find_episode(v, n, "X5")->forms[0].items[0], 1);
	n = 99;
	assert_int_equal(episodes_ended(&v, &n, f, "2019-01-01", "2019-12-31"), 0);
	assert_int_equal(n, 0);
	n = 99;
	assert_int_equal(episodes_ended(&v, &n, f, "2017-12-31", "2017-01-01"), 0);
	assert_int_equal(n, 0);
	/* the open one is there for store_episodes, with its form */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_str(codes_of(f->a, v, n), "X0 X1 X2 X3 X4 X5 X6");
	assert_int_equal(v[0].nforms, 1);
	assert_int_equal(v[0].forms[0].items[0], 51);
	assert_null(v[0].end_date);
}

static void test_episodes_of_several_units(void **state)
{
	struct fx *f = *state;
	const char *const three[] = {"BCV", "BBU", "BCH", NULL}, *const twice[] = {"BBU", "BBU", NULL},
			  *const with_unknown[] = {"NOPE", "BCH", NULL}, *const empty[] = {NULL};
	long batch, id[6];
	struct episode_row *v;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	id[0] = put_episode(f, batch, "K5", PSEUDO_A, "BBU", NULL);
	id[1] = put_episode(f, batch, "K1", PSEUDO_B, "BCV", "2017-03-01");
	id[2] = put_episode(f, batch, "K4", PSEUDO_A, "SOF", NULL);
	id[3] = put_episode(f, batch, "K2", PSEUDO_B, "BBU", NULL);
	id[4] = put_episode(f, batch, "K3", PSEUDO_A, "BCH", NULL);
	id[5] = put_episode(f, batch, "K0", PSEUDO_A, "BCV", NULL);
	{
		const struct {
			int ep;
			struct feedback_form_row fr;
		} forms[] = {
			{0, form(2, "ORS", "self", 52, 52, 52, 52)}, {1, form(1, "ORS", "self", 11, 11, 11, 11)},
			{2, form(1, "ORS", "self", 41, 41, 41, 41)}, {0, form(1, "SRS", "self", 90, 90, 90, 90)},
			{3, form(1, "ORS", "self", 21, 21, 21, 21)}, {0, form(1, "ORS", "self", 51, 51, 51, 51)},
			{4, form(3, "ORS", "self", 33, 33, 33, 33)}, {4, form(1, "ORS", "mor", 30, 30, 30, 30)},
			{4, form(1, "ORS", "self", 31, 31, 31, 31)}, {1, form(2, "ORS", "self", 12, 12, 12, 12)},
		};

		for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
			assert_int_equal(store_form_put(f->s, id[forms[i].ep], &forms[i].fr), 0);
	}
	assert_int_equal(store_commit(f->s), 0);

	/* three units given out of order: their episodes by code, SOF's left out */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, three), 0);
	assert_str(codes_of(f->a, v, n), "K0 K1 K2 K3 K5");
	{
		static const struct want_form k1[] = {{1, "ORS", "self", 11}, {2, "ORS", "self", 12}};
		static const struct want_form k2[] = {{1, "ORS", "self", 21}};
		static const struct want_form k3[] = {{1, "ORS", "mor", 30}, {1, "ORS", "self", 31},
						      {3, "ORS", "self", 33}};
		static const struct want_form k5[] = {{1, "ORS", "self", 51}, {1, "SRS", "self", 90},
						      {2, "ORS", "self", 52}};

		assert_forms(&v[0], NULL, 0);
		assert_forms(&v[1], k1, 2);
		assert_forms(&v[2], k2, 1);
		assert_forms(&v[3], k3, 3);
		assert_forms(&v[4], k5, 3);
		assert_str(v[3].unit, "BCH");
		assert_str(v[1].end_date, "2017-03-01");
	}
	/* a unit given twice: its episodes once */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, twice), 0);
	assert_str(codes_of(f->a, v, n), "K2 K5");
	assert_int_equal(v[0].nforms, 1);
	assert_int_equal(v[1].nforms, 3);
	/* an unknown unit among them is no error */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, with_unknown), 0);
	assert_str(codes_of(f->a, v, n), "K3");
	assert_int_equal(v[0].nforms, 3);
	/* an empty list: no episode */
	n = 99;
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, empty), 0);
	assert_int_equal(n, 0);
	/* all, the same forms */
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_str(codes_of(f->a, v, n), "K0 K1 K2 K3 K4 K5");
	assert_int_equal(v[4].nforms, 1);
	assert_int_equal(v[5].nforms, 3);
	assert_int_equal(v[5].forms[2].items[0], 52);
}

static void test_access_log_newest_first(void **state)
{
	struct fx *f = *state;
	struct access_entry *v;
	size_t n = 99;

	assert_int_equal(store_access_list(&v, &n, f->s, f->a, 10), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_access_log(f->s, "cli:anna", "feedback.outcomes", PSEUDO_A, "E1", "cli"), 0);
	assert_int_equal(store_access_log(f->s, "web:bo", "episode.view", PSEUDO_B, "E2", "web"), 0);
	assert_int_equal(store_access_log(f->s, "cli:anna", "feedback.outcomes", NULL, "E3", "cli"), 0);
	assert_int_equal(store_commit(f->s), 0);
	/* a rolled-back read log is not kept */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_access_log(f->s, "cli:x", "feedback.outcomes", PSEUDO_A, "E9", "cli"), 0);
	store_rollback(f->s);

	assert_int_equal(store_access_list(&v, &n, f->s, f->a, 10), 0);
	assert_int_equal(n, 3);
	assert_str(v[0].episode, "E3");
	assert_null(v[0].pseudonym);
	assert_str(v[1].episode, "E2");
	assert_str(v[1].actor, "web:bo");
	assert_str(v[1].what, "episode.view");
	assert_str(v[1].pseudonym, PSEUDO_B);
	assert_str(v[1].via, "web");
	assert_str(v[2].episode, "E1");
	assert_str(v[2].actor, "cli:anna");
	assert_str(v[2].pseudonym, PSEUDO_A);
	assert_int_equal(strlen(v[2].at), 20);
	assert_true(strcmp(v[0].at, v[2].at) >= 0);
	assert_int_equal(store_access_list(&v, &n, f->s, f->a, 2), 0);
	assert_int_equal(n, 2);
	assert_str(v[0].episode, "E3");
	assert_str(v[1].episode, "E2");
}

static void test_retention_unlinks_and_deletes(void **state)
{
	struct fx *f = *state;
	const struct {
		const char *code, *end;
	} eps[] = {{"OLD1", "2010-03-31"}, {"OLD2", "2015-12-31"}, {"EDGE", "2016-01-01"}, {"NEW", "2019-01-01"},
		   {"OPEN", NULL}};
	long batch, id, unlinked = -1, deleted = -1;
	struct episode_row *v;
	struct access_entry *log;
	int existed;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
		struct episode_row e = episode(eps[i].code, PSEUDO_A, "BCV");
		struct feedback_form_row fr = form(1, "ORS", "self", 45, 45, 45, 45);

		e.end_date = eps[i].end;
		e.end_reason = eps[i].end ? "planned" : NULL;
		assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
		assert_int_equal(store_form_put(f->s, id, &fr), 0);
	}
	assert_int_equal(store_access_log(f->s, "cli:anna", "feedback.outcomes", PSEUDO_A, "OLD1", "cli"), 0);
	assert_int_equal(store_access_log(f->s, "cli:anna", "feedback.outcomes", PSEUDO_A, "OPEN", "cli"), 0);
	assert_int_equal(store_commit(f->s), 0);

	/* episodes that ended before 2016-01-01 (strictly); no log entry older than 2000 */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_retention(&unlinked, &deleted, f->s, "2016-01-01", "2000-01-01T00:00:00Z"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(unlinked, 2);
	assert_int_equal(deleted, 0);
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_int_equal(n, 5);
	assert_null(find_episode(v, n, "OLD1")->pseudonym);
	assert_null(find_episode(v, n, "OLD2")->pseudonym);
	assert_str(find_episode(v, n, "EDGE")->pseudonym, PSEUDO_A);
	assert_str(find_episode(v, n, "NEW")->pseudonym, PSEUDO_A);
	assert_str(find_episode(v, n, "OPEN")->pseudonym, PSEUDO_A);
	/* the scores stay for statistics */
	assert_int_equal(find_episode(v, n, "OLD1")->nforms, 1);
	assert_str(find_episode(v, n, "OLD1")->end_date, "2010-03-31");
	assert_int_equal(store_access_list(&log, &n, f->s, f->a, 10), 0);
	assert_int_equal(n, 2);

	/* again: nothing more to unlink; a cut in the future deletes every entry */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_retention(&unlinked, &deleted, f->s, "2016-01-01", "9999-12-31T00:00:00Z"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(unlinked, 0);
	assert_int_equal(deleted, 2);
	assert_int_equal(store_access_list(&log, &n, f->s, f->a, 10), 0);
	assert_int_equal(n, 0);

	/* a later cut takes the rest of the closed episodes, never the open one */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_retention(&unlinked, &deleted, f->s, "2030-01-01", "2000-01-01T00:00:00Z"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(unlinked, 2);
	assert_int_equal(deleted, 0);
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_null(find_episode(v, n, "EDGE")->pseudonym);
	assert_null(find_episode(v, n, "NEW")->pseudonym);
	assert_str(find_episode(v, n, "OPEN")->pseudonym, PSEUDO_A);
}

static void test_retention_rolled_back_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct episode_row e = episode("OLD", PSEUDO_A, "BCV"), *v;
	long batch, id, unlinked, deleted;
	int existed;
	size_t n;

	e.end_date = "2010-01-01";
	e.end_reason = "unplanned";
	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	assert_int_equal(store_episode_put(&id, &existed, f->s, &e, batch), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_retention(&unlinked, &deleted, f->s, "2016-01-01", "2000-01-01T00:00:00Z"), 0);
	assert_int_equal(unlinked, 1);
	store_rollback(f->s);
	assert_int_equal(store_episodes(&v, &n, f->s, f->a, NULL), 0);
	assert_int_equal(n, 1);
	assert_str(v[0].pseudonym, PSEUDO_A);
	assert_str(v[0].end_reason, "unplanned");
}

/* --- plans ------------------------------------------------------------------------------ */

static struct plan sample_plan(struct arena *a, const char *code)
{
	struct plan p = {0};
	struct initiative *in = arena_calloc(a, 2, sizeof *in);
	struct milestone *m = arena_calloc(a, 2, sizeof *m);
	struct partner *pa = arena_calloc(a, 2, sizeof *pa);
	struct plan_link *l = arena_calloc(a, 3, sizeof *l);

	m[0] = (struct milestone){0, "Første evaluering", "2017-06-30", NULL};
	m[1] = (struct milestone){0, "Slutrapport; DROP TABLE plan", "2017-12-15", "2017-12-01"};
	pa[0] = (struct partner){"Kirkens Korshær", PARTNER_NGO};
	pa[1] = (struct partner){"Novo <b>", PARTNER_BUSINESS};
	l[0] = (struct plan_link){LINK_GOAL, "1D"};
	l[1] = (struct plan_link){LINK_COMMITMENT, "1.2"};
	l[2] = (struct plan_link){LINK_PEJLEMAERKE, "1"};
	in[0] = (struct initiative){.title = "Housing first", .description = "Bolig først\nmed støtte",
				    .owner = "Centerchef", .start = "2017-01-01", .end = "2017-12-31",
				    .status = INITIATIVE_ACTIVE, .milestones = m, .nmilestones = 2, .partners = pa,
				    .npartners = 2, .links = l, .nlinks = 3};
	in[1] = (struct initiative){.title = "Uden kobling", .owner = "Leder", .status = INITIATIVE_PLANNED};
	p.code = code;
	p.strategy = "kk-2014";
	p.type = PLAN_DEVELOPMENT;
	p.title = "Udviklingsplan 2017";
	p.description = "'citat' og \"anførsel\"";
	p.unit = "SOF";
	p.year_from = 2017;
	p.year_to = 2018;
	p.parent = NULL;
	p.note = "første udgave";
	p.created_by = "leder";
	p.initiatives = in;
	p.ninitiatives = 2;
	return p;
}

static void assert_initiative_equal(const struct initiative *a, const struct initiative *b)
{
	assert_str(a->title, b->title);
	assert_str(a->description, b->description);
	assert_str(a->owner, b->owner);
	assert_str(a->start, b->start);
	assert_str(a->end, b->end);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->nmilestones, b->nmilestones);
	for (size_t k = 0; k < a->nmilestones; k++) {
		assert_str(a->milestones[k].title, b->milestones[k].title);
		assert_str(a->milestones[k].due, b->milestones[k].due);
		assert_str(a->milestones[k].done_on, b->milestones[k].done_on);
	}
	assert_int_equal(a->npartners, b->npartners);
	for (size_t k = 0; k < a->npartners; k++) {
		assert_str(a->partners[k].name, b->partners[k].name);
		assert_int_equal(a->partners[k].kind, b->partners[k].kind);
	}
	assert_int_equal(a->nlinks, b->nlinks);
	for (size_t k = 0; k < a->nlinks; k++) {
		assert_int_equal(a->links[k].kind, b->links[k].kind);
		assert_str(a->links[k].ref, b->links[k].ref);
	}
}

static long create_plan(struct fx *f, const struct plan *p)
{
	long id = 0;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_create(&id, f->s, p), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_true(id > 0);
	return id;
}

static void test_plan_create_and_get_round_trip(void **state)
{
	struct fx *f = *state;
	struct plan p = sample_plan(f->a, "UP-1"), *got, *v;
	size_t n;
	long id = create_plan(f, &p);

	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_int_equal(got->id, id);
	assert_str(got->code, "UP-1");
	assert_int_equal(got->version, 1);
	assert_int_equal(got->status, PLAN_DRAFT);
	assert_str(got->strategy, "kk-2014");
	assert_int_equal(got->type, PLAN_DEVELOPMENT);
	assert_str(got->title, p.title);
	assert_str(got->description, p.description);
	assert_str(got->unit, "SOF");
	assert_int_equal(got->year_from, 2017);
	assert_int_equal(got->year_to, 2018);
	assert_null(got->parent);
	assert_null(got->approved_on);
	assert_str(got->note, "første udgave");
	assert_str(got->created_by, "leder");
	assert_non_null(got->created_at);
	assert_int_equal(got->ninitiatives, 2);
	assert_true(got->initiatives[0].id > 0 && got->initiatives[1].id > 0);
	assert_true(got->initiatives[0].milestones[0].id > 0);
	for (size_t i = 0; i < 2; i++)
		assert_initiative_equal(&got->initiatives[i], &p.initiatives[i]);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 1), 0);
	assert_int_equal(got->id, id);
	/* a second plan under the first; the list is by code, then version */
	p.code = "A-FIRST";
	p.parent = "UP-1";
	p.ninitiatives = 0;
	create_plan(f, &p);
	assert_int_equal(store_plan_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 2);
	assert_str(v[0].code, "A-FIRST");
	assert_str(v[0].parent, "UP-1");
	assert_int_equal(v[0].ninitiatives, 0);
	assert_str(v[1].code, "UP-1");
	assert_int_equal(v[1].ninitiatives, 2);
	assert_initiative_equal(&v[1].initiatives[0], &sample_plan(f->a, "x").initiatives[0]);
}

static void test_plan_create_rules(void **state)
{
	struct fx *f = *state;
	struct plan p = sample_plan(f->a, "UP-1"), *got;
	long id;

	create_plan(f, &p);
	assert_int_equal(store_begin(f->s), 0);
	p.title = "En anden";
	assert_int_equal(store_plan_create(&id, f->s, &p), PEJL_ECONFLICT);
	assert_non_null(strstr(err_last(), "UP-1"));
	store_rollback(f->s);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_str(got->title, "Udviklingsplan 2017");
	assert_int_equal(store_plan_get(&got, f->s, f->a, "NOPE", 0), PEJL_ENOTFOUND);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 2), PEJL_ENOTFOUND);
	/* a rolled-back create leaves nothing */
	p.code = "GONE";
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_create(&id, f->s, &p), 0);
	store_rollback(f->s);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "GONE", 0), PEJL_ENOTFOUND);
}

static void test_plan_replace_draft(void **state)
{
	struct fx *f = *state;
	struct plan p = sample_plan(f->a, "UP-1"), *got, edit;
	struct initiative *in = arena_calloc(f->a, 2, sizeof *in);
	long first;

	create_plan(f, &p);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	first = got->initiatives[0].id;
	/* keep the first (changed, fewer milestones), drop the second, add one */
	edit = *got;
	edit.title = "Udviklingsplan 2017, rettet";
	edit.year_to = 2019;
	edit.parent = "PARENT";
	in[0] = got->initiatives[0];
	in[0].title = "Housing first (rettet)";
	in[0].nmilestones = 1;
	in[0].status = INITIATIVE_DONE;
	in[1] = (struct initiative){.title = "Ny", .owner = "Ny ejer", .status = INITIATIVE_PLANNED};
	edit.initiatives = in;
	edit.ninitiatives = 2;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_replace_draft(f->s, &edit), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_int_equal(got->version, 1);
	assert_str(got->title, "Udviklingsplan 2017, rettet");
	assert_int_equal(got->year_to, 2019);
	assert_str(got->parent, "PARENT");
	assert_int_equal(got->ninitiatives, 2);
	assert_int_equal(got->initiatives[0].id, first);
	assert_initiative_equal(&got->initiatives[0], &in[0]);
	assert_true(got->initiatives[1].id > 0 && got->initiatives[1].id != first); /* SQLite may reuse the removed id */
	assert_initiative_equal(&got->initiatives[1], &in[1]);
	/* an initiative id that is not the draft's: refused, nothing changes */
	in[1].id = 999999;
	edit.title = "skal ikke gemmes";
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_replace_draft(f->s, &edit), PEJL_ECONFLICT);
	store_rollback(f->s);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_str(got->title, "Udviklingsplan 2017, rettet");
	/* unknown code */
	edit.code = "NOPE";
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_replace_draft(f->s, &edit), PEJL_ENOTFOUND);
	store_rollback(f->s);
}

static void test_plan_workflow_and_versions(void **state)
{
	struct fx *f = *state;
	struct plan p = sample_plan(f->a, "UP-1"), *got, *v;
	size_t n;
	int version = 0;

	create_plan(f, &p);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_archive(&version, f->s, "UP-1", "2017-01-01"), PEJL_ECONFLICT);
	assert_int_equal(store_plan_new_version(&version, f->s, "UP-1", "ændring", "leder"), PEJL_ECONFLICT);
	assert_int_equal(store_plan_approve(&version, f->s, "UP-1", "2017-02-01", "Socialudvalget", "2017-0012345"), 0);
	assert_int_equal(version, 1);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_int_equal(got->status, PLAN_APPROVED);
	assert_str(got->approved_on, "2017-02-01");
	assert_str(got->approved_by, "Socialudvalget");
	assert_str(got->decision, "2017-0012345");
	/* approved is read-only */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_replace_draft(f->s, got), PEJL_ECONFLICT);
	assert_non_null(strstr(err_last(), "new version"));
	assert_int_equal(store_plan_approve(&version, f->s, "UP-1", "2017-02-02", "x", "y"), PEJL_ECONFLICT);
	store_rollback(f->s);
	/* a change is a new version, a draft copying the approved one */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_new_version(&version, f->s, "UP-1", "nye tal", "leder2"), 0);
	assert_int_equal(version, 2);
	assert_int_equal(store_plan_new_version(&version, f->s, "UP-1", "igen", "leder2"), PEJL_ECONFLICT);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 2), 0);
	assert_int_equal(got->status, PLAN_DRAFT);
	assert_null(got->approved_on);
	assert_str(got->note, "nye tal");
	assert_str(got->created_by, "leder2");
	assert_int_equal(got->ninitiatives, 2);
	for (size_t i = 0; i < 2; i++)
		assert_initiative_equal(&got->initiatives[i], &p.initiatives[i]);
	/* the effective version is still the approved v1 */
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_int_equal(got->version, 1);
	/* approving v2 archives v1 on the same date */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_approve(&version, f->s, "UP-1", "2017-09-01", "Centerchef", "J.nr. 17/2"), 0);
	assert_int_equal(version, 2);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_plan_list(&v, &n, f->s, f->a), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].version, 1);
	assert_int_equal(v[0].status, PLAN_ARCHIVED);
	assert_str(v[0].archived_on, "2017-09-01");
	assert_str(v[0].approved_on, "2017-02-01"); /* history kept */
	assert_int_equal(v[1].status, PLAN_APPROVED);
	/* archiving the plan */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_archive(&version, f->s, "UP-1", "2018-12-31"), 0);
	assert_int_equal(version, 2);
	assert_int_equal(store_plan_archive(&version, f->s, "UP-1", "2018-12-31"), PEJL_ECONFLICT);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	assert_int_equal(got->version, 2); /* none in force: the latest */
	assert_int_equal(got->status, PLAN_ARCHIVED);
	assert_str(got->archived_on, "2018-12-31");
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_approve(&version, f->s, "NOPE", "2017-01-01", "x", "y"), PEJL_ENOTFOUND);
	assert_int_equal(store_plan_archive(&version, f->s, "NOPE", "2017-01-01"), PEJL_ENOTFOUND);
	assert_int_equal(store_plan_new_version(&version, f->s, "NOPE", "x", "y"), PEJL_ENOTFOUND);
	store_rollback(f->s);
}

static void test_initiative_progress(void **state)
{
	struct fx *f = *state;
	struct plan p = sample_plan(f->a, "UP-1"), *got, *other;
	const struct initiative *in;
	struct milestone done[2];
	long iid, mid, foreign;
	int version;

	create_plan(f, &p);
	p.code = "UP-2";
	create_plan(f, &p);
	assert_int_equal(store_plan_get(&other, f->s, f->a, "UP-2", 0), 0);
	foreign = other->initiatives[0].milestones[0].id;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_plan_approve(&version, f->s, "UP-1", "2017-02-01", "Socialudvalget", "2017-1"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_plan_get(&got, f->s, f->a, "UP-1", 0), 0);
	iid = got->initiatives[0].id;
	mid = got->initiatives[0].milestones[0].id;
	/* progress on the approved plan: status, a milestone done, another undone */
	done[0] = (struct milestone){mid, NULL, NULL, "2017-06-29"};
	done[1] = (struct milestone){got->initiatives[0].milestones[1].id, NULL, NULL, NULL};
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_initiative_progress(f->s, iid, INITIATIVE_DONE, done, 2), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_initiative_get(&got, &in, f->s, f->a, iid), 0);
	assert_str(got->code, "UP-1");
	assert_int_equal(in->id, iid);
	assert_int_equal(in->status, INITIATIVE_DONE);
	assert_str(in->milestones[0].done_on, "2017-06-29");
	assert_null(in->milestones[1].done_on);
	assert_str(in->title, "Housing first"); /* content unchanged */
	/* someone else's milestone: refused, nothing changes */
	done[0] = (struct milestone){foreign, NULL, NULL, "2017-01-01"};
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_initiative_progress(f->s, iid, INITIATIVE_STOPPED, done, 1), PEJL_ENOTFOUND);
	store_rollback(f->s);
	assert_int_equal(store_initiative_get(&got, &in, f->s, f->a, iid), 0);
	assert_int_equal(in->status, INITIATIVE_DONE);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_initiative_progress(f->s, 99999, INITIATIVE_DONE, NULL, 0), PEJL_ENOTFOUND);
	/* an archived version takes no progress */
	assert_int_equal(store_plan_archive(&version, f->s, "UP-1", "2017-12-31"), 0);
	assert_int_equal(store_initiative_progress(f->s, iid, INITIATIVE_ACTIVE, NULL, 0), PEJL_ECONFLICT);
	store_rollback(f->s);
	assert_int_equal(store_initiative_get(&got, &in, f->s, f->a, 99999), PEJL_ENOTFOUND);
}

/* --- nested transactions (savepoints) ------------------------------------------- */

static struct unit centre(const char *code)
{
	struct unit u = {code, "Center", UNIT_CENTRE, "SOF", "2014-01-01", NULL};

	return u;
}

static bool has_unit(struct store *s, struct arena *a, const char *code)
{
	struct unit *v;
	size_t n;

	assert_int_equal(store_unit_list(&v, &n, s, a), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return true;
	return false;
}

static void test_nested_rollback_keeps_outer_work(void **state)
{
	struct fx *f = *state;
	struct unit a = centre("A"), b = centre("B"), c = centre("C");
	struct store *other;

	put_root(f->s);
	assert_int_equal(store_open(&other, f->url, 0), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &a), 0);
	/* an inner part that fails: rolled back alone */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &b), 0);
	assert_true(has_unit(f->s, f->a, "B"));
	store_rollback(f->s);
	assert_false(has_unit(f->s, f->a, "B"));
	assert_true(has_unit(f->s, f->a, "A"));
	/* an inner part that succeeds: released into the outer transaction, not
	 * committed: another connection does not see it yet */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &c), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_false(has_unit(other, f->a, "C"));
	assert_false(has_unit(other, f->a, "A"));
	/* the outer transaction goes on and commits both */
	assert_int_equal(store_audit(f->s, "test", "nested", "A", NULL), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_true(has_unit(other, f->a, "A"));
	assert_true(has_unit(other, f->a, "C"));
	assert_false(has_unit(other, f->a, "B"));
	store_close(other);
}

static void test_nested_outer_rollback_drops_released_work(void **state)
{
	struct fx *f = *state;
	struct unit d = centre("D"), e = centre("E");
	struct audit_entry *v;
	size_t n;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &d), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &e), 0);
	assert_int_equal(store_audit(f->s, "test", "inner", "E", NULL), 0);
	assert_int_equal(store_commit(f->s), 0); /* released */
	store_rollback(f->s);                    /* the outer one */
	assert_false(has_unit(f->s, f->a, "D"));
	assert_false(has_unit(f->s, f->a, "E"));
	assert_int_equal(store_audit_list(&v, &n, f->s, f->a, 10), 0);
	assert_int_equal(n, 0);
	/* and the store is out of the transaction: a new one starts */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &d), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_true(has_unit(f->s, f->a, "D"));
}

static void test_nested_three_deep(void **state)
{
	struct fx *f = *state;
	struct unit x1 = centre("X1"), x2 = centre("X2"), x3 = centre("X3"), x4 = centre("X4");
	long c0, c1;

	put_root(f->s);
	assert_int_equal(store_change_counter(f->s, &c0), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &x1), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &x2), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &x3), 0);
	store_rollback(f->s); /* drops X3 only */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &x4), 0);
	assert_int_equal(store_commit(f->s), 0); /* X4 into level 1 */
	assert_int_equal(store_commit(f->s), 0); /* level 1 into the transaction */
	/* releasing savepoints is not a commit: the change counter has not moved */
	assert_int_equal(store_change_counter(f->s, &c1), 0);
	assert_int_equal(c1, c0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_change_counter(f->s, &c1), 0);
	assert_true(c1 > c0);
	assert_true(has_unit(f->s, f->a, "X1"));
	assert_true(has_unit(f->s, f->a, "X2"));
	assert_false(has_unit(f->s, f->a, "X3"));
	assert_true(has_unit(f->s, f->a, "X4"));
	/* a rollback outside any transaction is harmless */
	store_rollback(f->s);
	assert_true(has_unit(f->s, f->a, "X4"));
}

/* A failed write inside a savepoint (a conflict) rolled back, and the
 * outer transaction's observations written before it kept. */
static void test_nested_rollback_after_a_failed_write(void **state)
{
	struct fx *f = *state;
	struct unit a = centre("A"), clash = centre("A");
	struct obs_row *h;
	long batch, gid;
	bool changed;
	size_t n;
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_doc *doc;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_unit_put(f->s, &a), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_load(&doc, f->s, f->a, "kk-2014"), 0);
	gid = doc->strategy.pejlemaerker[0].goals[1].id;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_batch_add(&batch, f->s, "test", "computed", "nested", NULL), 0);
	assert_int_equal(store_obs_computed(f->s, gid, "2016/17", "A", false, 1, 2, batch, &changed), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_obs_computed(f->s, gid, "2016/17", "A", true, 1, 1, batch, &changed), 0);
	clash.name = "Et andet navn";
	assert_int_equal(store_unit_put(f->s, &clash), PEJL_ECONFLICT);
	store_rollback(f->s);
	/* the same cell again after the rollback: the stored figure is 1 of 2 */
	assert_int_equal(store_obs_computed(f->s, gid, "2016/17", "A", true, 1, 1, batch, &changed), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2016/17", "A", ""), 0);
	assert_int_equal(n, 1);
	assert_true(h[0].v.num == 2 && h[0].v.den == 3);
}

/* --- observations computed from feedback ---------------------------------------- */

/* The strategy with goal 1A (a proportion) stored; its id. */
static long computed_goal(struct fx *f)
{
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_doc *doc;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_load(&doc, f->s, f->a, "kk-2014"), 0);
	assert_string_equal(doc->strategy.pejlemaerker[0].goals[1].code, "1A");
	return doc->strategy.pejlemaerker[0].goals[1].id;
}

/* One call in its own transaction; returns its result, *changed. */
static int computed(struct fx *f, long gid, const char *period, bool delta, long num, long den, bool *changed,
		    long *batch_out)
{
	long batch;
	int rc;

	*changed = false;
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_batch_add(&batch, f->s, "test", "computed", "conformance", NULL), 0);
	rc = store_obs_computed(f->s, gid, period, "SOF", delta, num, den, batch, changed);
	if (rc < 0)
		store_rollback(f->s);
	else
		assert_int_equal(store_commit(f->s), 0);
	if (batch_out)
		*batch_out = batch;
	return rc;
}

static void test_obs_computed_set_and_delta(void **state)
{
	struct fx *f = *state;
	long gid = computed_goal(f), count0, count1, batch;
	struct obs_row *h;
	bool changed;
	size_t n;

	assert_int_equal(store_obs_count(f->s, &count0), 0);
	/* set: 3 of 4 → 75 %, computed, from feedback */
	assert_int_equal(computed(f, gid, "2016/17", false, 3, 4, &changed, NULL), 0);
	assert_true(changed);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2016/17", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].revision, 1);
	assert_true(h[0].computed);
	assert_int_equal(h[0].state, OBS_OK);
	assert_true(h[0].v.has_value && h[0].v.value == 75);
	assert_true(h[0].v.has_num && h[0].v.num == 3 && h[0].v.has_den && h[0].v.den == 4);
	assert_str(h[0].source, "feedback");
	assert_str(h[0].group, "");
	/* the same figure again writes nothing */
	assert_int_equal(computed(f, gid, "2016/17", false, 3, 4, &changed, NULL), 0);
	assert_false(changed);
	/* a delta adds to it in place: 4 of 5, still revision 1, no new row */
	assert_int_equal(store_obs_count(f->s, &count1), 0);
	assert_int_equal(computed(f, gid, "2016/17", true, 1, 1, &changed, &batch), 0);
	assert_true(changed);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2016/17", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].revision, 1);
	assert_true(h[0].v.num == 4 && h[0].v.den == 5 && h[0].v.value == 80);
	assert_int_equal(h[0].batch, batch); /* who and when: the latest write */
	/* a new value by set, in place as well */
	assert_int_equal(computed(f, gid, "2016/17", false, 1, 5, &changed, NULL), 0);
	assert_true(changed);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2016/17", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_true(h[0].v.num == 1 && h[0].v.den == 5 && h[0].v.value == 20);
	{
		long count2;

		assert_int_equal(store_obs_count(f->s, &count2), 0);
		assert_int_equal(count2, count1);
		assert_int_equal(count1, count0 + 1);
	}
	/* a delta of nothing changes nothing */
	assert_int_equal(computed(f, gid, "2016/17", true, 0, 0, &changed, NULL), 0);
	assert_false(changed);
	/* a delta on a cell without a figure starts from 0 of 0 */
	assert_int_equal(computed(f, gid, "2015/16", true, 1, 2, &changed, NULL), 0);
	assert_true(changed);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2015/16", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_true(h[0].computed && h[0].v.num == 1 && h[0].v.den == 2 && h[0].v.value == 50);
	/* back to 0 of 0: the figure is missing (no value), still the same row */
	assert_int_equal(computed(f, gid, "2015/16", true, -1, -2, &changed, NULL), 0);
	assert_true(changed);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2015/16", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].state, OBS_MISSING);
	assert_false(h[0].v.has_value);
	/* and from there up again */
	assert_int_equal(computed(f, gid, "2015/16", true, 2, 2, &changed, NULL), 0);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2015/16", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].state, OBS_OK);
	assert_true(h[0].v.value == 100);
}

static void test_obs_computed_refusals(void **state)
{
	struct fx *f = *state;
	long gid = computed_goal(f), batch;
	struct obs_row r = {0}, *h;
	enum obs_put_outcome outcome;
	bool changed;
	size_t n;

	assert_int_equal(computed(f, gid, "2016/17", false, 4, 5, &changed, NULL), 0);
	/* more than all, below none: refused, nothing written */
	assert_int_equal(computed(f, gid, "2016/17", false, 6, 5, &changed, NULL), PEJL_ECONFLICT);
	assert_false(changed);
	assert_non_null(strstr(err_last(), "does not add up"));
	assert_int_equal(computed(f, gid, "2016/17", true, 2, 0, &changed, NULL), PEJL_ECONFLICT); /* 6 of 5 */
	assert_int_equal(computed(f, gid, "2016/17", true, -5, -5, &changed, NULL), PEJL_ECONFLICT); /* −1 of 0 */
	assert_int_equal(computed(f, gid, "2016/17", false, -1, 5, &changed, NULL), PEJL_ECONFLICT);
	assert_int_equal(computed(f, gid, "2016/17", false, 1, -1, &changed, NULL), PEJL_ECONFLICT);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2016/17", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_true(h[0].v.num == 4 && h[0].v.den == 5);

	/* a reported figure is not adjusted by a delta */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_batch_add(&batch, f->s, "test", "measurements", "m.csv", NULL), 0);
	r.goal_id = gid;
	r.period = "2014/15";
	r.unit = "SOF";
	r.group = "";
	r.state = OBS_OK;
	r.v.has_value = r.v.has_num = r.v.has_den = true;
	r.v.num = 30;
	r.v.den = 40;
	r.v.value = 75;
	assert_int_equal(store_obs_put(f->s, &r, batch, &outcome), 0);
	assert_int_equal(outcome, OBS_ADDED);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(computed(f, gid, "2014/15", true, 1, 1, &changed, NULL), PEJL_ECONFLICT);
	assert_false(changed);
	assert_non_null(strstr(err_last(), "reported"));
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2014/15", "SOF", ""), 0);
	assert_int_equal(n, 1);
	assert_false(h[0].computed);
	/* setting it puts a computed revision on top; the reported one stays in the history */
	assert_int_equal(computed(f, gid, "2014/15", false, 1, 4, &changed, NULL), 0);
	assert_true(changed);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2014/15", "SOF", ""), 0);
	assert_int_equal(n, 2);
	assert_false(h[0].computed);
	assert_true(h[0].v.num == 30);
	assert_true(h[1].computed);
	assert_int_equal(h[1].revision, 2);
	assert_true(h[1].v.num == 1 && h[1].v.den == 4 && h[1].v.value == 25);
	/* from then on it is a computed figure, kept in place */
	assert_int_equal(computed(f, gid, "2014/15", true, 1, 0, &changed, NULL), 0);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, gid, "2014/15", "SOF", ""), 0);
	assert_int_equal(n, 2);
	assert_true(h[1].v.num == 2 && h[1].v.den == 4);
}

/* --- one episode by its code ---------------------------------------------------- */

static void test_episode_get(void **state)
{
	struct fx *f = *state;
	struct episode_row e1 = episode("E1", PSEUDO_A, "BCV"), e2 = episode("E2", PSEUDO_B, "BBU"), *got;
	struct feedback_form_row a = form(1, "ORS", "self", 45, 45, 45, 45), b = form(1, "SRS", "self", 90, 90, 90, 90),
				 c = form(2, "ORS", "self", 60, 60, 60, 60);
	long batch, id1, id2;
	int existed;

	assert_int_equal(store_begin(f->s), 0);
	batch = feedback_batch(f->s);
	assert_int_equal(store_episode_put(&id1, &existed, f->s, &e1, batch), 0);
	assert_int_equal(store_episode_put(&id2, &existed, f->s, &e2, batch), 0);
	assert_int_equal(store_form_put(f->s, id1, &c), 0);
	assert_int_equal(store_form_put(f->s, id1, &a), 0);
	assert_int_equal(store_form_put(f->s, id1, &b), 0);
	assert_int_equal(store_form_put(f->s, id2, &a), 0);
	assert_int_equal(store_commit(f->s), 0);

	assert_int_equal(store_episode_get(&got, f->s, f->a, "E1"), 0);
	assert_int_equal(got->id, id1);
	assert_str(got->code, "E1");
	assert_str(got->pseudonym, PSEUDO_A);
	assert_str(got->unit, "BCV");
	assert_str(got->outcome_instrument, "ORS");
	assert_str(got->alliance_instrument, "SRS");
	assert_null(got->end_date);
	/* its own forms only, in the order of store_episodes */
	assert_int_equal(got->nforms, 3);
	assert_int_equal(got->forms[0].session, 1);
	assert_str(got->forms[0].instrument, "ORS");
	assert_int_equal(got->forms[0].items[0], 45);
	assert_int_equal(got->forms[1].session, 1);
	assert_str(got->forms[1].instrument, "SRS");
	assert_int_equal(got->forms[2].session, 2);
	assert_int_equal(got->forms[2].items[3], 60);

	assert_int_equal(store_episode_get(&got, f->s, f->a, "E2"), 0);
	assert_int_equal(got->nforms, 1);
	assert_str(got->unit, "BBU");

	/* inside a transaction it sees the transaction's own writes */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_form_put(f->s, id2, &c), 0);
	assert_int_equal(store_episode_get(&got, f->s, f->a, "E2"), 0);
	assert_int_equal(got->nforms, 2);
	store_rollback(f->s);

	assert_int_equal(store_episode_get(&got, f->s, f->a, "E3"), PEJL_ENOTFOUND);
	assert_non_null(strstr(err_last(), "E3"));
	assert_int_equal(store_episode_get(&got, f->s, f->a, "e1"), PEJL_ENOTFOUND); /* codes are exact */
	assert_int_equal(store_episode_get(&got, f->s, f->a, ""), PEJL_ENOTFOUND);
}

/* --- the strategy stamp and the per-connection cache ---------------------------- */

static void test_strategy_stamp_changes_with_versions(void **state)
{
	struct fx *f = *state;
	struct strategy st = make_strategy(f->a, "kk-2014", 2014), other = make_strategy(f->a, "kk-2018", 2018);
	struct goal_version v = version("2017-01-01", "Færre hjemløse (2017)", -500);
	struct unit a = centre("A");
	long s0, s1, s2, s3, s4;
	struct store *second;

	assert_int_equal(store_strategy_stamp(f->s, &s0), 0);
	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_stamp(f->s, &s1), 0);
	assert_true(s1 != s0);
	/* other writes leave it */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_unit_put(f->s, &a), 0);
	assert_int_equal(store_audit(f->s, "test", "x", "y", NULL), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_stamp(f->s, &s2), 0);
	assert_int_equal(s2, s1);
	/* a new goal version moves it, as seen from another connection too */
	assert_int_equal(store_open(&second, f->url, 0), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_goal_version_add(f->s, "kk-2014", "1D", &v), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_stamp(f->s, &s3), 0);
	assert_true(s3 != s2);
	assert_int_equal(store_strategy_stamp(second, &s4), 0);
	assert_int_equal(s4, s3);
	store_close(second);
	/* so does another strategy */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &other), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_stamp(f->s, &s4), 0);
	assert_true(s4 != s3 && s4 != s2 && s4 != s1);
}

static int freed;
static void count_free(void *p)
{
	freed++;
	free(p);
}

static void test_user_cache_lives_with_the_connection(void **state)
{
	struct fx *f = *state;
	struct store *s2;
	void **slot, **again;

	assert_int_equal(store_open(&s2, f->url, 0), 0);
	slot = store_user_cache(s2, count_free);
	assert_null(*slot);
	*slot = malloc(16);
	again = store_user_cache(s2, count_free);
	assert_ptr_equal(again, slot);
	assert_non_null(*again);
	/* another connection has its own slot */
	assert_null(*store_user_cache(f->s, count_free));
	freed = 0;
	store_close(s2);
	assert_int_equal(freed, 1);
}

/* The caller's cache slot: kept by commits and savepoints rolled back,
 * freed by the rollback of a whole transaction (it may hold what the
 * transaction undid), freed once by store_close. */
static void test_rollback_drops_user_cache(void **state)
{
	struct fx *f = *state;
	void **slot = store_user_cache(f->s, count_free);

	freed = 0;
	*slot = malloc(8);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_non_null(*store_user_cache(f->s, count_free));
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_begin(f->s), 0);
	store_rollback(f->s); /* a savepoint */
	assert_non_null(*store_user_cache(f->s, count_free));
	assert_int_equal(freed, 0);
	store_rollback(f->s);
	assert_int_equal(freed, 1);
	assert_null(*store_user_cache(f->s, count_free));
	/* filled again, it is freed once at the close */
	*store_user_cache(f->s, count_free) = malloc(8);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(freed, 2);
	assert_int_equal(store_open(&f->s, f->url, 0), 0);
}

/* --- observations, accounts, the change counter ------------------------------- */

/* Inserts the test strategy and returns the id of goal 1D. */
static long strategy_goal(struct fx *f)
{
	struct strategy st = make_strategy(f->a, "kk-2014", 2014);
	struct strategy_doc *doc;

	put_root(f->s);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_strategy_insert(f->s, &st), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_strategy_load(&doc, f->s, f->a, "kk-2014"), 0);
	assert_true(doc->strategy.pejlemaerker[0].goals[0].id > 0);
	return doc->strategy.pejlemaerker[0].goals[0].id;
}

static struct obs_row obs(long goal, const char *period, const char *unit, const char *group, double value)
{
	struct obs_row r = {0};

	r.goal_id = goal;
	r.period = period;
	r.unit = unit;
	r.group = group;
	r.state = OBS_OK;
	r.v.has_value = true;
	r.v.value = value;
	return r;
}

struct scan_ctx {
	struct arena *a;
	struct obs_row rows[64];
	size_t n;
};

static int keep_row(void *ctx, const struct obs_row *r)
{
	struct scan_ctx *k = ctx;

	if (k->n < 64) {
		k->rows[k->n] = *r;
		k->rows[k->n].period = arena_strdup(k->a, r->period);
		k->rows[k->n].unit = arena_strdup(k->a, r->unit);
		k->rows[k->n].group = arena_strdup(k->a, r->group);
		k->rows[k->n].source = r->source ? arena_strdup(k->a, r->source) : NULL;
		k->rows[k->n].note = r->note ? arena_strdup(k->a, r->note) : NULL;
	}
	k->n++;
	return 0;
}

static void test_observations_revisions_and_exact_values(void **state)
{
	struct fx *f = *state;
	long goal = strategy_goal(f), batch, count;
	/* values that a decimal round trip could change */
	static const double tricky[] = {0.1, 1.0 / 3.0, 1e-300, 123456789.12345679, -2.5e17, 0.30000000000000004};
	struct obs_row r = obs(goal, "2014", "SOF", "", 1581);
	struct obs_row *h;
	struct scan_ctx k = {.a = f->a};
	enum obs_put_outcome o;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_batch_add(&batch, f->s, "cli:test", "measurements", "a.csv", "ab12"), 0);
	r.source = "SFI; 'kilde'";
	r.note = NULL;
	assert_int_equal(store_obs_put(f->s, &r, batch, &o), 0);
	assert_int_equal(o, OBS_ADDED);
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
		struct obs_row t = obs(goal, "2015", "SOF", "", tricky[i]);
		char g[8];

		snprintf(g, sizeof g, "g%zu", i);
		t.group = arena_strdup(f->a, g);
		t.v.has_num = true;
		t.v.num = tricky[i] * 3;
		t.v.has_den = true;
		t.v.den = 7;
		assert_int_equal(store_obs_put(f->s, &t, batch, &o), 0);
	}
	assert_int_equal(store_batch_finish(f->s, batch, 7, 7, 0), 0);
	assert_int_equal(store_commit(f->s), 0);

	/* the same again: unchanged; another value: a revision */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_batch_add(&batch, f->s, "cli:bo", "entry", NULL, NULL), 0);
	assert_int_equal(store_obs_put(f->s, &r, batch, &o), 0);
	assert_int_equal(o, OBS_UNCHANGED);
	r.v.value = 1638;
	r.note = "rettet";
	assert_int_equal(store_obs_put(f->s, &r, batch, &o), 0);
	assert_int_equal(o, OBS_REVISED);
	assert_int_equal(store_commit(f->s), 0);

	assert_int_equal(store_obs_count(f->s, &count), 0);
	assert_int_equal(count, 8);
	assert_int_equal(store_obs_history(&h, &n, f->s, f->a, goal, "2014", "SOF", ""), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].revision, 1);
	assert_true(h[0].v.value == 1581);
	assert_str(h[0].actor, "cli:test");
	assert_str(h[0].source, "SFI; 'kilde'");
	assert_null(h[0].note);
	assert_int_equal(h[1].revision, 2);
	assert_true(h[1].v.value == 1638);
	assert_str(h[1].actor, "cli:bo");
	assert_str(h[1].note, "rettet");
	assert_false(h[1].v.has_num);

	/* the scan sees the latest revisions in key order, doubles exactly */
	assert_int_equal(store_obs_scan(f->s, goal, "2014", "2015", keep_row, &k), 0);
	assert_int_equal(k.n, 7);
	assert_str(k.rows[0].period, "2014");
	assert_true(k.rows[0].v.value == 1638);
	assert_int_equal(k.rows[0].revision, 2);
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
		assert_str(k.rows[i + 1].period, "2015");
		assert_true(k.rows[i + 1].v.value == tricky[i]);
		assert_true(k.rows[i + 1].v.num == tricky[i] * 3);
		assert_true(k.rows[i + 1].v.has_den && k.rows[i + 1].v.den == 7);
		assert_false(k.rows[i + 1].v.has_n);
	}
	/* an open range and a range with nothing in it */
	k.n = 0;
	assert_int_equal(store_obs_scan(f->s, goal, NULL, NULL, keep_row, &k), 0);
	assert_int_equal(k.n, 7);
	k.n = 0;
	assert_int_equal(store_obs_scan(f->s, goal, "2016", NULL, keep_row, &k), 0);
	assert_int_equal(k.n, 0);
}

static void test_users_sessions_and_tokens(void **state)
{
	struct fx *f = *state;
	struct user *u, *list, tu;
	struct session_row sr;
	const char *hash;
	long tid;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_user_add(f->s, "anna", ROLE_ANALYST, NULL, "$argon2id$x"), 0);
	assert_int_equal(store_user_add(f->s, "bo", ROLE_LEADER, "BCV", "$argon2id$y"), 0);
	assert_int_equal(store_user_add(f->s, "anna", ROLE_ADMIN, NULL, "$argon2id$z"), PEJL_ECONFLICT);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_user_get(&u, &hash, f->s, f->a, "bo"), 0);
	assert_int_equal(u->role, ROLE_LEADER);
	assert_str(u->unit, "BCV");
	assert_str(hash, "$argon2id$y");
	assert_int_equal(store_user_get(&u, &hash, f->s, f->a, "nobody"), PEJL_ENOTFOUND);
	assert_int_equal(store_user_list(&list, &n, f->s, f->a), 0);
	assert_int_equal(n, 2);
	assert_str(list[0].name, "anna");

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_user_set_password(f->s, "anna", "$argon2id$new"), 0);
	assert_int_equal(store_user_set_password(f->s, "nobody", "$argon2id$new"), PEJL_ENOTFOUND);
	assert_int_equal(store_session_add(f->s, "tokhash1", list[0].id, "csrf1", 1000), 0);
	assert_int_equal(store_session_add(f->s, "tokhash2", list[1].id, "csrf2", 1000), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_user_get(&u, &hash, f->s, f->a, "anna"), 0);
	assert_str(hash, "$argon2id$new");

	assert_int_equal(store_session_get(&sr, f->s, f->a, "tokhash1"), 0);
	assert_str(sr.user.name, "anna");
	assert_str(sr.csrf, "csrf1");
	assert_int_equal(sr.created, 1000);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "nope"), PEJL_ENOTFOUND);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_session_touch(f->s, "tokhash1", 1500), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "tokhash1"), 0);
	assert_int_equal(sr.last_seen, 1500);
	/* idle since before 1200: session 2 goes, session 1 stays */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_session_expire(f->s, 1200, 0), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "tokhash2"), PEJL_ENOTFOUND);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "tokhash1"), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_session_delete(f->s, "tokhash1"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "tokhash1"), PEJL_ENOTFOUND);

	/* API tokens */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_token_add(&tid, f->s, "apihash", list[1].id, "script"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_true(tid > 0);
	assert_int_equal(store_token_user(&tu, f->s, f->a, "apihash"), 0);
	assert_str(tu.name, "bo");
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_token_revoke(f->s, tid, list[0].id), PEJL_ENOTFOUND); /* not anna's */
	assert_int_equal(store_token_revoke(f->s, tid, list[1].id), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_token_user(&tu, f->s, f->a, "apihash"), PEJL_ENOTFOUND);
}

static void test_login_failures_by_name_or_address(void **state)
{
	struct fx *f = *state;
	long n;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_login_attempt(f->s, "anna", "10.0.0.1", 100, false), 0);
	assert_int_equal(store_login_attempt(f->s, "anna", "10.0.0.2", 200, false), 0);
	assert_int_equal(store_login_attempt(f->s, "bo", "10.0.0.1", 300, false), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_login_failures(&n, f->s, "anna", "10.9.9.9", 0), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_login_failures(&n, f->s, "anna", "10.9.9.9", 150), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_login_failures(&n, f->s, "carl", "10.0.0.1", 0), 0);
	assert_int_equal(n, 2);
	/* a success clears the name's failures, not the address's others */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_login_attempt(f->s, "anna", "10.0.0.1", 400, true), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_login_failures(&n, f->s, "anna", "10.9.9.9", 0), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_login_failures(&n, f->s, "carl", "10.0.0.1", 0), 0);
	assert_int_equal(n, 1);
}

static void test_commentary_newest_first(void **state)
{
	struct fx *f = *state;
	long goal = strategy_goal(f);
	struct commentary *v;
	size_t n;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_commentary_add(f->s, goal, "2016", "Første", NULL, "anna"), 0);
	assert_int_equal(store_commentary_add(f->s, goal, "2017", "Anden", "Mere", "anna"), 0);
	assert_int_equal(store_commentary_add(f->s, goal, "2017", "Tredje", NULL, "bo"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_commentary_list(&v, &n, f->s, f->a, goal), 0);
	assert_int_equal(n, 3);
	assert_str(v[0].analysis, "Tredje");
	assert_str(v[1].analysis, "Anden");
	assert_str(v[1].next_steps, "Mere");
	assert_str(v[2].period, "2016");
	assert_null(v[2].next_steps);
}

static void test_change_counter_moves_with_every_commit_seen_by_others(void **state)
{
	struct fx *f = *state;
	struct store *other;
	long a0, a1, b1, b2;

	assert_int_equal(store_open(&other, f->url, 0), 0);
	assert_int_equal(store_change_counter(f->s, &a0), 0);
	put_root(f->s);
	assert_int_equal(store_change_counter(f->s, &a1), 0);
	assert_int_equal(store_change_counter(other, &b1), 0);
	assert_true(a1 > a0);
	assert_int_equal(b1, a1);
	/* a rollback does not move it; a commit in the other connection does */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_audit(f->s, "t", "x", "y", NULL), 0);
	store_rollback(f->s);
	assert_int_equal(store_change_counter(other, &b2), 0);
	assert_int_equal(b2, b1);
	assert_int_equal(store_begin(other), 0);
	assert_int_equal(store_audit(other, "t", "x", "y", NULL), 0);
	assert_int_equal(store_commit(other), 0);
	assert_int_equal(store_change_counter(f->s, &a1), 0);
	assert_int_equal(a1, b1 + 1);
	store_close(other);
}

/* A write that breaks a rule of the schema (here a unique key the store
 * does not check first) fails the transaction: that call, or at the latest
 * the commit (PostgreSQL's writes are pipelined), returns PEJL_ECONFLICT,
 * and nothing of the transaction is kept. */
static void test_failed_write_fails_the_transaction(void **state)
{
	struct fx *f = *state;
	struct session_row sr;
	struct user *u;
	const char *hash;
	long before, after;
	int rc;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_user_add(f->s, "anna", ROLE_ANALYST, NULL, "$argon2id$x"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_user_get(&u, &hash, f->s, f->a, "anna"), 0);
	assert_int_equal(store_change_counter(f->s, &before), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_session_add(f->s, "other", u->id, "c0", 1), 0);
	assert_int_equal(store_session_add(f->s, "same", u->id, "c1", 1), 0);
	rc = store_session_add(f->s, "same", u->id, "c2", 1);
	if (rc == 0)
		rc = store_commit(f->s);
	else
		store_rollback(f->s);
	assert_int_equal(rc, PEJL_ECONFLICT);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "same"), PEJL_ENOTFOUND);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "other"), PEJL_ENOTFOUND);
	assert_int_equal(store_change_counter(f->s, &after), 0);
	assert_int_equal(after, before);
	/* and the store works on */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_session_add(f->s, "same", u->id, "c3", 1), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "same"), 0);
	assert_str(sr.csrf, "c3");
}

/* --- parallel writers ------------------------------------------------------- */

#define WRITERS 4
#define WRITER_TXS 15
#define KEYS 6

/* In a child process: WRITER_TXS transactions, each a batch of KEYS new
 * observations of its own. Exits 0 or 1. */
static void writer_distinct(const char *url, long goal, int w)
{
	struct store *s;

	if (store_open(&s, url, 0) < 0)
		goto fail;
	for (int t = 0; t < WRITER_TXS; t++) {
		long batch;

		if (store_begin(s) < 0 || store_batch_add(&batch, s, "writer", "entry", NULL, NULL) < 0)
			goto fail;
		for (int k = 0; k < KEYS; k++) {
			char unit[16], group[16];
			struct obs_row r;
			enum obs_put_outcome o;

			snprintf(unit, sizeof unit, "W%d", w);
			snprintf(group, sizeof group, "t%dk%d", t, k);
			r = obs(goal, "2016", unit, group, w * 1000 + t);
			if (store_obs_put(s, &r, batch, &o) < 0 || o != OBS_ADDED)
				goto fail;
		}
		if (store_batch_finish(s, batch, KEYS, KEYS, 0) < 0 || store_audit(s, "writer", "w", "x", NULL) < 0 ||
		    store_commit(s) < 0)
			goto fail;
	}
	store_close(s);
	_exit(0);
fail:
	fprintf(stderr, "writer %d: %s\n", w, err_last());
	_exit(1);
}

static void wait_children(const pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		int status = 0;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static void test_parallel_writers_each_commit_whole(void **state)
{
	struct fx *f = *state;
	long goal = strategy_goal(f), before, after, count;
	struct audit_entry *v;
	pid_t pids[WRITERS];
	size_t n;

	assert_int_equal(store_change_counter(f->s, &before), 0);
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			writer_distinct(f->url, goal, w);
	}
	wait_children(pids, WRITERS);
	assert_int_equal(store_obs_count(f->s, &count), 0);
	assert_int_equal(count, WRITERS * WRITER_TXS * KEYS);
	assert_int_equal(store_change_counter(f->s, &after), 0);
	assert_int_equal(after - before, WRITERS * WRITER_TXS);
	assert_int_equal(store_audit_list(&v, &n, f->s, f->a, 1000), 0);
	assert_int_equal(n, WRITERS * WRITER_TXS);
}

/* In a child process: transactions that each write the same KEYS keys, all
 * with one value that no other transaction uses. */
static void writer_same_keys(const char *url, long goal, int w)
{
	struct store *s;

	if (store_open(&s, url, 0) < 0)
		goto fail;
	for (int t = 0; t < WRITER_TXS; t++) {
		long batch;

		if (store_begin(s) < 0 || store_batch_add(&batch, s, "writer", "entry", NULL, NULL) < 0)
			goto fail;
		for (int k = 0; k < KEYS; k++) {
			char group[16];
			struct obs_row r;
			enum obs_put_outcome o;

			snprintf(group, sizeof group, "g%d", k);
			r = obs(goal, "2017", "SOF", group, w * 1000 + t);
			if (store_obs_put(s, &r, batch, &o) < 0)
				goto fail;
		}
		if (store_commit(s) < 0)
			goto fail;
	}
	store_close(s);
	_exit(0);
fail:
	fprintf(stderr, "writer %d: %s\n", w, err_last());
	_exit(1);
}

struct same_ctx {
	double first;
	size_t n;
	bool mixed;
};

static int same_value(void *ctx, const struct obs_row *r)
{
	struct same_ctx *k = ctx;

	if (k->n++ == 0)
		k->first = r->v.value;
	else if (r->v.value != k->first)
		k->mixed = true;
	return 0;
}

/* In a child process: reads the keys until told to stop; any read that
 * sees values of two transactions fails it. */
static void reader_same_keys(const char *url, long goal, int stop_fd)
{
	struct store *s;
	long scans = 0;
	char c;

	if (store_open(&s, url, 0) < 0)
		goto fail;
	for (;;) {
		struct same_ctx k = {0};

		if (store_obs_scan(s, goal, "2017", "2017", same_value, &k) < 0)
			goto fail;
		store_release(s);
		if (k.mixed || (k.n != 0 && k.n != KEYS)) {
			fprintf(stderr, "reader: a read saw a partial mix (%zu rows)\n", k.n);
			_exit(1);
		}
		scans++;
		if (read(stop_fd, &c, 1) != -1)
			break;
	}
	store_close(s);
	_exit(scans > 0 ? 0 : 1);
fail:
	fprintf(stderr, "reader: %s\n", err_last());
	_exit(1);
}

static void test_parallel_writers_of_the_same_keys_never_mix(void **state)
{
	struct fx *f = *state;
	long goal = strategy_goal(f);
	pid_t pids[WRITERS], reader;
	struct same_ctx k = {0};
	int pipefd[2];

	assert_int_equal(pipe(pipefd), 0);
	assert_int_equal(fcntl(pipefd[0], F_SETFL, O_NONBLOCK), 0);
	reader = fork();
	assert_true(reader >= 0);
	if (reader == 0) {
		close(pipefd[1]);
		reader_same_keys(f->url, goal, pipefd[0]);
	}
	close(pipefd[0]);
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			writer_same_keys(f->url, goal, w);
	}
	wait_children(pids, WRITERS);
	assert_int_equal(write(pipefd[1], "x", 1), 1);
	close(pipefd[1]);
	wait_children(&reader, 1);
	/* every key has one revision per transaction, numbered without gaps,
	 * and the latest ones all come from the same transaction */
	for (int g = 0; g < KEYS; g++) {
		struct obs_row *h;
		char group[16];
		size_t n;

		snprintf(group, sizeof group, "g%d", g);
		assert_int_equal(store_obs_history(&h, &n, f->s, f->a, goal, "2017", "SOF", group), 0);
		assert_int_equal(n, WRITERS * WRITER_TXS);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(h[i].revision, (int)i + 1);
	}
	assert_int_equal(store_obs_scan(f->s, goal, "2017", "2017", same_value, &k), 0);
	assert_int_equal(k.n, KEYS);
	assert_false(k.mixed);
}

/* --- copying a whole database ----------------------------------------------- */

/* A SQLite source database holding a little of everything. */
static void fill_source(struct store *s, struct arena *a)
{
	struct strategy st = make_strategy(a, "kk-2014", 2014);
	struct strategy_doc *doc;
	struct unit bcv = {"BCV", "Borgercenter Voksne", UNIT_CITIZEN_CENTRE, "SOF", "2014-01-01", NULL};
	struct target_group g = {"homeless", "Hjemløshed", NULL};
	struct episode_row e = episode("E1", PSEUDO_A, "BCV");
	struct feedback_form_row fr = form(1, "ORS", "self", 50, 60, 70, 80);
	struct user *users;
	long goal, batch, eid, tid;
	int existed;
	size_t n;
	enum obs_put_outcome o;

	put_root(s);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_unit_put(s, &bcv), 0);
	assert_int_equal(store_group_put(s, &g), 0);
	assert_int_equal(store_strategy_insert(s, &st), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_strategy_load(&doc, s, a, "kk-2014"), 0);
	goal = doc->strategy.pejlemaerker[0].goals[0].id;
	for (int rev = 0; rev < 2; rev++) {
		assert_int_equal(store_begin(s), 0);
		assert_int_equal(store_batch_add(&batch, s, "cli:anna", "measurements", "m.csv", NULL), 0);
		for (int y = 2013; y <= 2017; y++) {
			char period[8];
			struct obs_row r;

			snprintf(period, sizeof period, "%d", y);
			r = obs(goal, arena_strdup(a, period), "BCV", "", 1000.5 + y + rev * 0.25);
			assert_int_equal(store_obs_put(s, &r, batch, &o), 0);
		}
		assert_int_equal(store_commit(s), 0);
	}
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_user_add(s, "anna", ROLE_ANALYST, NULL, "$argon2id$a"), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_user_list(&users, &n, s, a), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_session_add(s, "sesshash", users[0].id, "csrf", 5000), 0);
	assert_int_equal(store_token_add(&tid, s, "apihash", users[0].id, "label"), 0);
	assert_int_equal(store_login_attempt(s, "anna", "10.0.0.1", 4000, false), 0);
	assert_int_equal(store_commentary_add(s, goal, "2017", "Analyse", NULL, "anna"), 0);
	batch = feedback_batch(s);
	assert_int_equal(store_episode_put(&eid, &existed, s, &e, batch), 0);
	assert_int_equal(store_form_put(s, eid, &fr), 0);
	assert_int_equal(store_access_log(s, "cli:anna", "outcomes", PSEUDO_A, "E1", "cli"), 0);
	assert_int_equal(store_audit(s, "cli:anna", "fill", "all", NULL), 0);
	assert_int_equal(store_commit(s), 0);
}

static void test_copy_from_sqlite_keeps_every_row_and_id(void **state)
{
	struct fx *f = *state;
	struct store *src;
	struct store_table_count *cs, *cd;
	struct strategy_doc *ds, *dd;
	struct obs_row *hs, *hd;
	struct session_row sr;
	struct user tu;
	struct episode_row *ep;
	char path[600];
	size_t ns, nd, nh, ne;
	long goal, batch, count;
	enum obs_put_outcome o;

	snprintf(path, sizeof path, "%s/pejl-copy-src.%d.%d.db", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid(), counter);
	unlink(path);
	assert_int_equal(store_open(&src, path, STORE_CREATE), 0);
	fill_source(src, f->a);
	assert_int_equal(store_copy(f->s, src, f->a, NULL, NULL), 0);

	/* the same tables with the same numbers of rows */
	assert_int_equal(store_table_counts(&cs, &ns, src, f->a), 0);
	assert_int_equal(store_table_counts(&cd, &nd, f->s, f->a), 0);
	assert_int_equal(ns, nd);
	for (size_t i = 0; i < ns; i++) {
		bool found = false;

		for (size_t k = 0; k < nd; k++)
			if (strcmp(cs[i].table, cd[k].table) == 0) {
				found = true;
				if (cs[i].rows != cd[k].rows)
					fail_msg("table %s: %ld rows in the source, %ld in the copy", cs[i].table, cs[i].rows,
						 cd[k].rows);
			}
		if (!found)
			fail_msg("table %s was not in the copy", cs[i].table);
		if (strcmp(cs[i].table, "observation") == 0)
			assert_int_equal(cs[i].rows, 10);
	}
	/* the same content, through the interface */
	assert_int_equal(store_strategy_load(&ds, src, f->a, "kk-2014"), 0);
	assert_int_equal(store_strategy_load(&dd, f->s, f->a, "kk-2014"), 0);
	goal = dd->strategy.pejlemaerker[0].goals[0].id;
	assert_int_equal(goal, ds->strategy.pejlemaerker[0].goals[0].id);
	assert_version_equal(&dd->strategy.pejlemaerker[0].goals[0].versions[1],
			     &ds->strategy.pejlemaerker[0].goals[0].versions[1]);
	assert_int_equal(dd->nunits, 2);
	assert_int_equal(store_obs_history(&hs, &nh, src, f->a, goal, "2015", "BCV", ""), 0);
	assert_int_equal(store_obs_history(&hd, &nh, f->s, f->a, goal, "2015", "BCV", ""), 0);
	assert_int_equal(nh, 2);
	assert_true(hd[1].v.value == hs[1].v.value);
	assert_int_equal(hd[1].batch, hs[1].batch);
	assert_str(hd[1].at, hs[1].at);
	assert_int_equal(store_session_get(&sr, f->s, f->a, "sesshash"), 0);
	assert_str(sr.user.name, "anna");
	assert_int_equal(store_token_user(&tu, f->s, f->a, "apihash"), 0);
	assert_int_equal(store_episodes(&ep, &ne, f->s, f->a, NULL), 0);
	assert_int_equal(ne, 1);
	assert_int_equal(ep[0].nforms, 1);
	assert_int_equal(ep[0].forms[0].items[3], 80);

	/* new rows get new ids after the copied ones */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_batch_add(&batch, f->s, "t", "entry", NULL, NULL), 0);
	assert_true(batch > hd[1].batch);
	{
		struct obs_row r = obs(goal, "2018", "BCV", "", 1);

		assert_int_equal(store_obs_put(f->s, &r, batch, &o), 0);
	}
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_obs_count(f->s, &count), 0);
	assert_int_equal(count, 11);

	/* a target that holds data is refused and left as it was */
	assert_int_equal(store_copy(f->s, src, f->a, NULL, NULL), PEJL_ECONFLICT);
	assert_non_null(strstr(err_last(), "not empty"));
	assert_int_equal(store_obs_count(f->s, &count), 0);
	assert_int_equal(count, 11);
	store_close(src);
	unlink(path);
	snprintf(path + strlen(path), 8, "-wal");
	unlink(path);
	path[strlen(path) - 4] = '\0';
	snprintf(path + strlen(path), 8, "-shm");
	unlink(path);
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
		T(test_episode_put_rules),
		T(test_episode_put_rolled_back_leaves_nothing),
		T(test_form_put_rules),
		T(test_forms_read_in_their_transaction),
		T(test_rollback_drops_user_cache),
		T(test_episodes_unit_filter_and_form_order),
		T(test_episodes_ended_range_and_forms),
		T(test_episodes_of_several_units),
		T(test_access_log_newest_first),
		T(test_retention_unlinks_and_deletes),
		T(test_retention_rolled_back_changes_nothing),
		T(test_plan_create_and_get_round_trip),
		T(test_plan_create_rules),
		T(test_plan_replace_draft),
		T(test_plan_workflow_and_versions),
		T(test_initiative_progress),
		T(test_nested_rollback_keeps_outer_work),
		T(test_nested_outer_rollback_drops_released_work),
		T(test_nested_three_deep),
		T(test_nested_rollback_after_a_failed_write),
		T(test_obs_computed_set_and_delta),
		T(test_obs_computed_refusals),
		T(test_episode_get),
		T(test_strategy_stamp_changes_with_versions),
		T(test_user_cache_lives_with_the_connection),
		T(test_observations_revisions_and_exact_values),
		T(test_users_sessions_and_tokens),
		T(test_login_failures_by_name_or_address),
		T(test_commentary_newest_first),
		T(test_change_counter_moves_with_every_commit_seen_by_others),
		T(test_failed_write_fails_the_transaction),
		T(test_parallel_writers_each_commit_whole),
		T(test_parallel_writers_of_the_same_keys_never_mix),
		T(test_copy_from_sqlite_keeps_every_row_and_id),
	};

	return cmocka_run_group_tests_name("store conformance", tests, NULL, NULL);
}
