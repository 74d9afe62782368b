/*
 * test_strategy_file.c — unit tests for src/io/strategy_file.h: reading the
 * strategy file (docs/strategy-file.md) with every mistake reported at its
 * JSON path, and deterministic writing (write → parse → write is
 * byte-identical).
 *
 * Documents are written as C string literals with ' for " (see dq()), so
 * they stay readable; none of them needs a literal apostrophe.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/strategy_file.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Pieces of a small valid document. */
#define FORMAT        "'format':'pejl-strategy/1',"
#define STRATEGY_HEAD "'code':'t','name':'T','valid_from':2014,'valid_to':2017,"
#define GOAL_START    "'code':'1A','title':'G',"
#define GOAL_REST                                                                                                      \
	"'measure':'count','direction':'down','sampling':'census','cadence':'yearly','version':{'date':'2014-09-17'}"
#define GOAL_BODY GOAL_START "'definition':'D'," GOAL_REST
/* The "strategy" member with the given head fields and goals. */
#define STRATEGY_WITH(head, goals) "'strategy':{" head "'pejlemaerker':[{'number':1,'title':'P','goals':[" goals "]}]}"
#define STRATEGY_OBJ               STRATEGY_WITH(STRATEGY_HEAD, "{" GOAL_BODY "}")
/* Whole documents: with these goals, with one goal ending in `extra`. */
#define DOC_GOALS(goals) "{" FORMAT STRATEGY_WITH(STRATEGY_HEAD, goals) "}"
#define DOC_GOAL(extra)  DOC_GOALS("{" GOAL_BODY extra "}")
#define VALID            "{" FORMAT STRATEGY_OBJ "}"

#define GOAL0 "$.strategy.pejlemaerker[0].goals[0]"

/* A copy of s from the arena with every ' turned into ". */
static char *dq(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);

	for (char *q = p; *q; q++)
		if (*q == '\'')
			*q = '"';
	return p;
}

/* Reads a whole file into malloc'd memory; NULL if it cannot. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)n + 1);
		if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
			free(data);
			data = NULL;
		} else if (data) {
			data[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return data;
}

/* The shipped strategy, found from the repository root (tests/run runs
 * there) or from $ROOT. */
static char *read_shipped(size_t *len)
{
	const char *rel = "data/strategy-kk-2014.json";
	const char *root = getenv("ROOT");
	char path[4096];
	char *data = slurp(rel, len);

	if (!data && root) {
		snprintf(path, sizeof path, "%s/%s", root, rel);
		data = slurp(path, len);
	}
	if (!data) {
		print_error("cannot read %s (run from the repository root or set ROOT)\n", rel);
		fail();
	}
	return data;
}

static void print_diags(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_error("    %s: %s\n", d->items[i].where, d->items[i].msg);
}

/* --- the shipped strategy ----------------------------------------------------- */

static void test_shipped_file_parses(void **state)
{
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	size_t len = 0, ngoals = 0;
	char *data = read_shipped(&len);
	const struct goal *g1d = NULL;
	double t = 0;
	int rc;

	(void)state;
	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "strategy-kk-2014.json", data, len, NULL, 0, &d);
	free(data);
	if (rc != 0 || d.n != 0) {
		print_diags(&d);
		diag_free(&d);
		arena_free(a);
		fail_msg("the shipped strategy does not parse (rc %d)", rc);
	}
	diag_free(&d);
	assert_string_equal(doc->strategy.code, "kk-2014");
	assert_int_equal(doc->strategy.valid_from, 2014);
	assert_int_equal(doc->strategy.valid_to, 2017);
	assert_string_equal(doc->strategy.decision_date, "2014-09-17");
	assert_string_equal(doc->strategy.decision_case, "2014-0199006");
	assert_int_equal(doc->strategy.nprinciples, 4);
	assert_int_equal(doc->strategy.npejlemaerker, 9);
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++) {
		const struct pejlemaerke *pm = &doc->strategy.pejlemaerker[i];

		assert_int_equal(pm->number, (int)i + 1);
		ngoals += pm->ngoals;
		for (size_t j = 0; j < pm->ngoals; j++)
			if (strcmp(pm->goals[j].code, "1D") == 0)
				g1d = &pm->goals[j];
	}
	assert_int_equal(ngoals, 16);
	assert_int_equal(doc->nunits, 4);
	assert_int_equal(doc->ngroups, 8);
	/* Goal 1D: 325 fewer homeless than 1581 (2013) by 2017. */
	assert_non_null(g1d);
	assert_true(g1d->main);
	assert_int_equal(g1d->nversions, 1);
	assert_int_equal(g1d->versions[0].cadence, CADENCE_BIENNIAL);
	assert_int_equal(g1d->versions[0].direction, DIRECTION_DOWN);
	assert_int_equal(g1d->versions[0].target_kind, TARGET_DELTA);
	assert_string_equal(g1d->versions[0].baseline_period, "2013");
	assert_string_equal(g1d->versions[0].target_period, "2017");
	assert_true(goal_version_target(&g1d->versions[0], &t));
	assert_true(t == 1256);
	arena_free(a);
}

/* --- write → parse → write ----------------------------------------------------- */

/* Parses data and writes it back into out; fails on any diagnostic. */
static void parse_and_write(struct buf *out, struct arena *a, const char *data, size_t len)
{
	struct diag d;
	struct strategy_doc *doc = NULL;
	int rc;

	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "t.json", data, len, NULL, 0, &d);
	if (rc != 0 || d.n != 0) {
		print_diags(&d);
		diag_free(&d);
		fail_msg("parse failed (rc %d)", rc);
	}
	diag_free(&d);
	strategy_file_write(out, doc);
	assert_int_equal(buf_error(out), 0);
}

static void check_round_trip(const char *data, size_t len)
{
	struct arena *a = arena_new();
	struct buf first = BUF_INIT, second = BUF_INIT;
	int same;

	parse_and_write(&first, a, data, len);
	parse_and_write(&second, a, first.data, first.len);
	same = first.len == second.len && memcmp(first.data, second.data, first.len) == 0;
	if (!same)
		print_error("first write:\n%s\nsecond write:\n%s\n", buf_cstr(&first), buf_cstr(&second));
	assert_true(same);
	assert_int_equal(first.data[first.len - 1], '\n');
	buf_free(&first);
	buf_free(&second);
	arena_free(a);
}

static void test_round_trip_shipped(void **state)
{
	size_t len = 0;
	char *data = read_shipped(&len);

	(void)state;
	check_round_trip(data, len);
	free(data);
}

/* Everything optional present, history, every number form, and text that
 * needs escaping. */
static const char tricky_doc[] =
    "{'format':'pejl-strategy/1','strategy':{'code':'kk-x','name':'Navn med \\'citat\\' og </script>',"
    "'name_en':'Line\\u2028separator','valid_from':2014,'valid_to':2017,"
    "'decision':{'date':'2014-09-17','body':'Socialudvalget','case':'2014-0199006'},"
    "'description':'Tab\\there, backslash \\\\ and æøå',"
    "'principles':[{'number':1,'title':'P1','title_en':'P1 en','description':'d','commitments':["
    "{'code':'1.1','text':'a'},{'code':'1.2','text':'b'}]},{'number':2,'title':'P2','commitments':[]}],"
    "'pejlemaerker':[{'number':1,'title':'PM','title_en':'PM en','description':'pd','goals':["
    "{'code':'1A','main':true,'title':'Rate','title_en':'Rate en','definition':'per 1000','source':'DST',"
    "'owner':'BBU','measure':'rate','rate_factor':1000,'display_unit':'pr. 1.000','decimals':2,"
    "'direction':'down','sampling':'sample','cadence':'quarterly',"
    "'baseline':{'period':'2013Q4','value':12.345},'target':{'kind':'percent','value':-15,'period':'2017Q4'},"
    "'tolerance':0.5,'version':{'date':'2016-01-01','decision':'2016-1','note':'ny'},"
    "'history':[{'title':'Rate old','definition':'old','measure':'rate','rate_factor':1000,'direction':'down',"
    "'sampling':'sample','cadence':'quarterly','baseline':{'period':'2013Q4','value':12.345},"
    "'target':{'kind':'delta','value':-1e-7,'period':'2017Q4'},'version':{'date':'2014-09-17'}}]},"
    "{'code':'1B','main':false,'title':'Mean','definition':'m','measure':'mean','direction':'up',"
    "'sampling':'census','cadence':'school_year','baseline':{'period':'2013/14','value':0.1},"
    "'target':{'kind':'level','value':0.30000000000000004,'period':'2016/17'},'version':{'date':'2014-09-17'}},"
    "{'code':'1C','title':'Prop','definition':'p','measure':'proportion','direction':'down','sampling':'census',"
    "'cadence':'monthly','target':{'kind':'max','value':33.333333333333336,'period':'2017-12'},"
    "'version':{'date':'2014-09-17'}},"
    "{'code':'1D','title':'Count','definition':'c','measure':'count','direction':'up','sampling':'census',"
    "'cadence':'biennial','baseline':{'period':'2013','value':-0.0},'target':{'kind':'none'},"
    "'version':{'date':'2014-09-17'}}]}]},"
    "'units':[{'code':'SOF','name':'Socialforvaltningen','kind':'administration','valid_from':'2014-01-01',"
    "'valid_to':null},{'code':'BBU','name':'Børn og Unge','kind':'citizen_centre','parent':'SOF',"
    "'valid_from':'2014-01-01','valid_to':'2015-12-31'},{'code':'BBU','name':'Børn og Unge','kind':"
    "'citizen_centre','parent':'SOF','valid_from':'2016-01-01'}],"
    "'target_groups':[{'code':'homeless','name':'Hjemløse','name_en':'Homelessness'},{'code':'families',"
    "'name':'Familier'}]}";

static void test_round_trip_tricky(void **state)
{
	struct arena *a = arena_new();
	char *data = dq(a, tricky_doc);

	(void)state;
	check_round_trip(data, strlen(data));
	arena_free(a);
}

/* The writer's exact layout for a small document. */
static void test_write_exact(void **state)
{
	struct arena *a = arena_new();
	char *data = dq(a, DOC_GOAL(",'baseline':{'period':'2013','value':1581},"
	                            "'target':{'kind':'delta','value':-325,'period':'2017'}"));
	struct buf out = BUF_INIT;
	static const char want[] = "{\n"
	                           "  \"format\": \"pejl-strategy/1\",\n"
	                           "  \"strategy\": {\n"
	                           "    \"code\": \"t\",\n"
	                           "    \"name\": \"T\",\n"
	                           "    \"valid_from\": 2014,\n"
	                           "    \"valid_to\": 2017,\n"
	                           "    \"principles\": [],\n"
	                           "    \"pejlemaerker\": [\n"
	                           "      {\n"
	                           "        \"number\": 1,\n"
	                           "        \"title\": \"P\",\n"
	                           "        \"goals\": [\n"
	                           "          {\n"
	                           "            \"code\": \"1A\",\n"
	                           "            \"title\": \"G\",\n"
	                           "            \"definition\": \"D\",\n"
	                           "            \"measure\": \"count\",\n"
	                           "            \"decimals\": 0,\n"
	                           "            \"direction\": \"down\",\n"
	                           "            \"sampling\": \"census\",\n"
	                           "            \"cadence\": \"yearly\",\n"
	                           "            \"baseline\": {\n"
	                           "              \"period\": \"2013\",\n"
	                           "              \"value\": 1581\n"
	                           "            },\n"
	                           "            \"target\": {\n"
	                           "              \"kind\": \"delta\",\n"
	                           "              \"value\": -325,\n"
	                           "              \"period\": \"2017\"\n"
	                           "            },\n"
	                           "            \"version\": {\n"
	                           "              \"date\": \"2014-09-17\"\n"
	                           "            }\n"
	                           "          }\n"
	                           "        ]\n"
	                           "      }\n"
	                           "    ]\n"
	                           "  },\n"
	                           "  \"units\": [],\n"
	                           "  \"target_groups\": []\n"
	                           "}\n";

	(void)state;
	parse_and_write(&out, a, data, strlen(data));
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
	arena_free(a);
}

/* --- one mistake, one diagnostic ------------------------------------------------ */

struct bad_row {
	const char *name;
	const char *json;   /* with ' for " */
	const char *where;  /* the exact location */
	const char *phrase; /* part of the message */
};

static const struct bad_row bad_rows[] = {
    {"not JSON at all", "hello", "t.json:1:5", "not valid JSON"},
    {"empty file", "", "t.json:1:0", "not valid JSON"},
    {"syntax error reports line and column", "{\n'format': 'pejl-strategy/1',\n'strategy': {,}}", "t.json:3:14",
     "not valid JSON"},
    {"duplicate keys are rejected", "{'format':'pejl-strategy/1','format':'pejl-strategy/1'}", "t.json:1:36",
     "duplicate object key"},
    {"a NUL in a string", DOC_GOAL(",'source':'a\\u0000b'"), "t.json: " GOAL0 ".source", "contains a NUL character"},
    {"top level is an array", "[" VALID "]", "t.json: $", "must hold one JSON object, not an array"},
    {"wrong format id", "{'format':'pejl-strategy/2'," STRATEGY_OBJ "}", "t.json: $.format",
     "must be \"pejl-strategy/1\""},
    {"format missing", "{" STRATEGY_OBJ "}", "t.json: $.format", "must be \"pejl-strategy/1\""},
    {"format of the wrong type", "{'format':1," STRATEGY_OBJ "}", "t.json: $.format", "must be \"pejl-strategy/1\""},
    {"unknown top-level key", "{'unit':[]," FORMAT STRATEGY_OBJ "}", "t.json: $.unit",
     "unknown key (allowed here: format, strategy, units, target_groups)"},
    {"unknown key in a goal", DOC_GOAL(",'titel':'x'"), "t.json: " GOAL0 ".titel", "unknown key"},
    {"strategy missing", "{" FORMAT "'units':[]}", "t.json: $.strategy", "is required"},
    {"number where a string is expected",
     "{" FORMAT STRATEGY_WITH("'code':'t','name':5,'valid_from':2014,'valid_to':2017,", "{" GOAL_BODY "}") "}",
     "t.json: $.strategy.name", "must be a string, not a number"},
    {"string where a number is expected", DOC_GOAL(",'tolerance':'0.5'"), "t.json: " GOAL0 ".tolerance",
     "must be a number, not a string"},
    {"object where an array is expected", DOC_GOAL(",'history':{}"), "t.json: " GOAL0 ".history",
     "must be an array, not an object"},
    {"missing required key", DOC_GOALS("{" GOAL_START GOAL_REST "}"), "t.json: " GOAL0 ".definition", "is required"},
    {"null for a required key", DOC_GOALS("{" GOAL_START "'definition':null," GOAL_REST "}"),
     "t.json: " GOAL0 ".definition", "is required"},
    {"integer expected, fraction given",
     "{" FORMAT STRATEGY_WITH("'code':'t','name':'T','valid_from':2014,'valid_to':2017.5,", "{" GOAL_BODY "}") "}",
     "t.json: $.strategy.valid_to", "must be a whole number, not a fraction"},
    {"integer out of range", DOC_GOAL(",'decimals':7"), "t.json: " GOAL0 ".decimals", "7 is out of range 0..6"},
    {"unknown enumeration value",
     DOC_GOAL(",'owner':null,'display_unit':'%','rate_factor':null,'source':'x',"
              "'title_en':'e','tolerance':0,'main':false,'history':[],"
              "'baseline':null,'target':{'kind':'someday'}"),
     "t.json: " GOAL0 ".target.kind", "\"someday\" is not one of: level, delta, percent, max, min, none"},
    {"true where a boolean is not", DOC_GOAL(",'main':'yes'"), "t.json: " GOAL0 ".main",
     "must be true or false, not a string"},
    {"a rate needs rate_factor",
     DOC_GOALS("{" GOAL_START "'definition':'D','measure':'rate','direction':'down','sampling':'census',"
               "'cadence':'yearly','version':{'date':'2014-09-17'}}"),
     "t.json: " GOAL0 ".rate_factor", "is required"},
    {"target of kind none with a value", DOC_GOAL(",'target':{'kind':'none','value':5}"),
     "t.json: " GOAL0 ".target.value", "a target of kind none has no value"},
    {"target without a period", DOC_GOAL(",'target':{'kind':'level','value':5}"), "t.json: " GOAL0 ".target.period",
     "is required"},
    {"unknown key in a history version",
     DOC_GOAL(",'history':[{'title':'G','definition':'D','measure':'count','direction':'down',"
              "'sampling':'census','cadence':'yearly','version':{'date':'2014-01-01'},'code':'1A'}]"),
     "t.json: " GOAL0 ".history[0].code", "unknown key"},
    {"a non-object array element",
     "{" FORMAT "'strategy':{" STRATEGY_HEAD "'pejlemaerker':[{'number':1,'title':'P','goals':[{" GOAL_BODY "}]},2]}}",
     "t.json: $.strategy.pejlemaerker[1]", "must be an object, not a number"},
    {"a non-object goal", DOC_GOALS("{" GOAL_BODY "},'1B'"), "t.json: $.strategy.pejlemaerker[0].goals[1]",
     "must be an object, not a string"},
    {"a non-object unit", "{" FORMAT "'units':[null]," STRATEGY_OBJ "}", "t.json: $.units[0]",
     "must be an object, not null"},
    {"a rule of the model: unknown owner", DOC_GOAL(",'owner':'XYZ'"), "t.json: " GOAL0 ".owner",
     "unit \"XYZ\" is not in \"units\" nor in the database"},
    {"a rule of the model: level on the wrong side",
     DOC_GOAL(",'baseline':{'period':'2013','value':10},'target':{'kind':'level','value':20,'period':'2017'}"),
     "t.json: " GOAL0 ".target.value", "wrong side of the baseline"},
};

/* Runs one row; true when it gives exactly the expected diagnostic. */
static bool run_bad_row(const struct bad_row *row)
{
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	char *data = dq(a, row->json);
	bool ok = true;
	int rc;

	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "t.json", data, strlen(data), NULL, 0, &d);
	if (rc != PEJL_EINPUT || d.n != 1 || diag_errors(&d) != 1) {
		print_error("row \"%s\": rc %d and %zu diagnostics, expected %d and 1\n", row->name, rc, d.n,
		            PEJL_EINPUT);
		ok = false;
	} else {
		size_t wl = strlen(row->where);
		/* A location ending in ':' is a prefix ("t.json:1:"), else exact. */
		bool where_ok = row->where[wl - 1] == ':' ? strncmp(d.items[0].where, row->where, wl) == 0
		                                          : strcmp(d.items[0].where, row->where) == 0;

		if (!where_ok) {
			print_error("row \"%s\": at \"%s\", expected \"%s\"\n", row->name, d.items[0].where,
			            row->where);
			ok = false;
		}
		if (!strstr(d.items[0].msg, row->phrase)) {
			print_error("row \"%s\": says \"%s\", expected the phrase \"%s\"\n", row->name, d.items[0].msg,
			            row->phrase);
			ok = false;
		}
	}
	if (!ok)
		print_diags(&d);
	diag_free(&d);
	arena_free(a);
	return ok;
}

static void test_parse_mistakes_table(void **state)
{
	size_t failed = 0;

	(void)state;
	for (size_t i = 0; i < N(bad_rows); i++)
		failed += !run_bad_row(&bad_rows[i]);
	if (failed) {
		print_error("%zu of %zu rows failed\n", failed, N(bad_rows));
		fail();
	}
}

/* The small valid document the rows start from is valid indeed, and a
 * database unit satisfies an owner reference. */
static void test_parse_valid_and_extra_units(void **state)
{
	static const char *const extra[] = {"XYZ"};
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	char *valid = dq(a, VALID);
	char *owned = dq(a, DOC_GOAL(",'owner':'XYZ'"));
	int rc1, rc2;
	size_t n1, n2;

	(void)state;
	diag_init(&d);
	rc1 = strategy_file_parse(&doc, a, "t.json", valid, strlen(valid), NULL, 0, &d);
	n1 = d.n;
	rc2 = strategy_file_parse(&doc, a, "t.json", owned, strlen(owned), extra, 1, &d);
	n2 = d.n;
	if (n2)
		print_diags(&d);
	diag_free(&d);
	assert_int_equal(rc1, 0);
	assert_int_equal(n1, 0);
	assert_int_equal(rc2, 0);
	assert_int_equal(n2, 0);
	assert_string_equal(doc->strategy.pejlemaerker[0].goals[0].versions[0].owner, "XYZ");
	/* Defaults: decimals 0 for a count, tolerance 0, no target. */
	assert_int_equal(doc->strategy.pejlemaerker[0].goals[0].versions[0].decimals, 0);
	assert_int_equal(doc->strategy.pejlemaerker[0].goals[0].versions[0].target_kind, TARGET_NONE);
	assert_false(doc->strategy.pejlemaerker[0].goals[0].main);
	arena_free(a);
}

/* --- several mistakes in one file --------------------------------------------------- */

struct want_diag {
	const char *where, *phrase;
};

static void check_all_reported(const char *json, const struct want_diag *want, size_t nwant)
{
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	char *data = dq(a, json);
	size_t failed = 0;
	int rc;

	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "t.json", data, strlen(data), NULL, 0, &d);
	if (rc != PEJL_EINPUT || d.n != nwant || diag_errors(&d) != nwant) {
		print_error("rc %d and %zu diagnostics, expected %d and %zu\n", rc, d.n, PEJL_EINPUT, nwant);
		failed++;
	}
	for (size_t i = 0; !failed && i < nwant; i++)
		if (strcmp(d.items[i].where, want[i].where) != 0 || !strstr(d.items[i].msg, want[i].phrase)) {
			print_error("diagnostic %zu is \"%s: %s\", expected \"%s: ...%s...\"\n", i, d.items[i].where,
			            d.items[i].msg, want[i].where, want[i].phrase);
			failed++;
		}
	if (failed)
		print_diags(&d);
	diag_free(&d);
	arena_free(a);
	assert_int_equal(failed, 0);
}

/* Mistakes of shape, all over the file, are all reported in file order. */
static void test_parse_reports_every_shape_mistake(void **state)
{
	static const char json[] =
	    "{'format':'pejl-strategy/1','strategy':{'code':'t','name':7,'valid_from':2014,'valid_to':2017,"
	    "'colour':'red','pejlemaerker':[{'number':1,'title':'P','goals':[{'code':'1A','title':'G',"
	    "'measure':'counts','direction':'down','sampling':'census','cadence':'yearly',"
	    "'version':{'date':'2014-09-17'}}]}]},"
	    "'units':[{'code':'SOF','name':'S','kind':'agency','valid_from':'2014-01-01'},3],"
	    "'target_groups':[{'code':'homeless'}]}";
	static const struct want_diag want[] = {
	    {"t.json: $.strategy.colour", "unknown key"},
	    {"t.json: $.strategy.name", "must be a string, not a number"},
	    {"t.json: " GOAL0 ".definition", "is required"},
	    {"t.json: " GOAL0 ".measure", "\"counts\" is not one of: count, proportion, rate, mean"},
	    {"t.json: $.units[0].kind", "\"agency\" is not one of"},
	    {"t.json: $.units[1]", "must be an object, not a number"},
	    {"t.json: $.target_groups[0].name", "is required"},
	};

	(void)state;
	check_all_reported(json, want, N(want));
}

/* A file of the right shape that breaks several rules of the model gets
 * each of them reported. */
static void test_parse_reports_every_rule_mistake(void **state)
{
	static const char json[] =
	    "{'format':'pejl-strategy/1','strategy':{'code':'T 1','name':'T','valid_from':2014,'valid_to':2017,"
	    "'pejlemaerker':[{'number':1,'title':'P','goals':[{" GOAL_BODY ",'owner':'XYZ'},"
	    "{'code':'1A','title':'G','definition':'D','measure':'proportion','direction':'up','sampling':'census',"
	    "'cadence':'yearly','baseline':{'period':'2013','value':120},'version':{'date':'2014-09-17'}}]}]},"
	    "'units':[{'code':'SOF','name':'S','kind':'administration','parent':'KK','valid_from':'2014-01-01'}]}";
	static const struct want_diag want[] = {
	    {"t.json: $.strategy.code", "must be 1 to 32"},
	    {"t.json: " GOAL0 ".owner", "unit \"XYZ\" is not in"},
	    {"t.json: $.strategy.pejlemaerker[0].goals[1]", "goal code 1A is used twice"},
	    {"t.json: $.strategy.pejlemaerker[0].goals[1].baseline.value", "must be a percentage from 0 to 100"},
	    {"t.json: $.units[0]", "parent \"KK\" is not in"},
	};

	(void)state;
	check_all_reported(json, want, N(want));
}

/* --- limits ------------------------------------------------------------------------ */

static void test_parse_too_large(void **state)
{
	size_t len = (size_t)STRATEGY_FILE_MAX + 1;
	char *data = malloc(len);
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	char where[100] = "", msg[200] = "";
	size_t n;
	int rc;

	(void)state;
	assert_non_null(data);
	memset(data, ' ', len);
	memcpy(data, "{}", 2);
	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "big.json", data, len, NULL, 0, &d);
	n = d.n;
	if (n) {
		snprintf(where, sizeof where, "%s", d.items[0].where);
		snprintf(msg, sizeof msg, "%s", d.items[0].msg);
	}
	diag_free(&d);
	arena_free(a);
	free(data);
	assert_int_equal(rc, PEJL_EINPUT);
	assert_int_equal(n, 1);
	assert_string_equal(where, "big.json");
	assert_non_null(strstr(msg, "the file is 16777217 bytes; at most 16777216 are accepted"));
}

/* A file of exactly STRATEGY_FILE_MAX bytes is not rejected for its size. */
static void test_parse_at_the_limit(void **state)
{
	size_t len = STRATEGY_FILE_MAX;
	char *data = malloc(len);
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	char *valid = dq(a, VALID);
	size_t n;
	int rc;

	(void)state;
	assert_non_null(data);
	memset(data, ' ', len);
	memcpy(data, valid, strlen(valid));
	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "big.json", data, len, NULL, 0, &d);
	n = d.n;
	if (n)
		print_diags(&d);
	diag_free(&d);
	arena_free(a);
	free(data);
	assert_int_equal(rc, 0);
	assert_int_equal(n, 0);
}

/* Parses VALID with the goal title replaced by title; returns the number
 * of diagnostics, and the first one's message in msg. */
static size_t parse_with_title(const char *title, char *msg, size_t msgsize)
{
	struct arena *a = arena_new();
	struct diag d;
	struct strategy_doc *doc = NULL;
	char *json =
	    arena_printf(a,
	                 "{\"format\":\"pejl-strategy/1\",\"strategy\":{\"code\":\"t\",\"name\":\"T\","
	                 "\"valid_from\":2014,\"valid_to\":2017,\"pejlemaerker\":[{\"number\":1,\"title\":\"P\","
	                 "\"goals\":[{\"code\":\"1A\",\"title\":\"%s\",\"definition\":\"D\",\"measure\":\"count\","
	                 "\"direction\":\"down\",\"sampling\":\"census\",\"cadence\":\"yearly\","
	                 "\"version\":{\"date\":\"2014-09-17\"}}]}]}}",
	                 title);
	size_t n;

	diag_init(&d);
	strategy_file_parse(&doc, a, "t.json", json, strlen(json), NULL, 0, &d);
	n = d.n;
	msg[0] = '\0';
	if (n)
		snprintf(msg, msgsize, "%s: %s", d.items[0].where, d.items[0].msg);
	diag_free(&d);
	arena_free(a);
	return n;
}

static void test_parse_text_limit(void **state)
{
	char title[4002], msg[300];

	(void)state;
	memset(title, 'x', 4000);
	title[4000] = '\0';
	assert_int_equal(parse_with_title(title, msg, sizeof msg), 0);
	title[4000] = 'x';
	title[4001] = '\0';
	assert_int_equal(parse_with_title(title, msg, sizeof msg), 1);
	assert_string_equal(msg, "t.json: " GOAL0 ".title: is 4001 characters long; at most 4000 are allowed");
}

/* docs/strategy-file.md: "Text is at most 4,000 characters". A title of
 * 2,500 Danish letters is 2,500 characters (5,000 bytes of UTF-8). */
static void test_parse_text_limit_counts_characters(void **state)
{
	char title[2 * 2500 + 1], msg[300];

	(void)state;
	for (size_t i = 0; i < 2500; i++)
		memcpy(title + 2 * i, "ø", 2);
	title[5000] = '\0';
	if (parse_with_title(title, msg, sizeof msg) != 0)
		fail_msg("a title of 2500 characters was rejected: %s", msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_file_parses),
	    cmocka_unit_test(test_round_trip_shipped),
	    cmocka_unit_test(test_round_trip_tricky),
	    cmocka_unit_test(test_write_exact),
	    cmocka_unit_test(test_parse_mistakes_table),
	    cmocka_unit_test(test_parse_valid_and_extra_units),
	    cmocka_unit_test(test_parse_reports_every_shape_mistake),
	    cmocka_unit_test(test_parse_reports_every_rule_mistake),
	    cmocka_unit_test(test_parse_too_large),
	    cmocka_unit_test(test_parse_at_the_limit),
	    cmocka_unit_test(test_parse_text_limit),
	    cmocka_unit_test(test_parse_text_limit_counts_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
