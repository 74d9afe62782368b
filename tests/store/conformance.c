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
		T(test_episodes_unit_filter_and_form_order),
		T(test_access_log_newest_first),
		T(test_retention_unlinks_and_deletes),
		T(test_retention_rolled_back_changes_nothing),
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
