/*
 * test_plan_json.c — the API's plan JSON (src/io/plan_json.h): a plan
 * written and read back is the same plan; the keys pejl sets are ignored on
 * the way in; every mistake in a body is found and located by its JSON
 * path, one table row per kind of mistake.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/plan_json.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *j = json_loads(s, JSON_REJECT_DUPLICATES, &e);

	if (!j)
		fail_msg("bad test JSON at %d: %s", e.position, e.text);
	return j;
}

static void test_round_trip(void **state)
{
	struct arena *a = arena_new();
	struct milestone ms[] = {{40, "Evaluering", "2017-06-30", NULL}, {41, "Slut", "2017-12-15", "2017-12-01"}};
	struct partner ps[] = {{"Kirkens Korshær", PARTNER_NGO}, {"Novo", PARTNER_BUSINESS}};
	struct plan_link ls[] = {{LINK_COMMITMENT, "4.2"}, {LINK_GOAL, "1A"}, {LINK_PEJLEMAERKE, "1"}, {LINK_PRINCIPLE, "4"}};
	struct initiative ins[] = {{.id = 12, .title = "Housing \"First\"", .description = "Linje 1\nLinje 2", .owner = "Chef",
				    .start = "2017-01-01", .end = "2017-12-31", .status = INITIATIVE_ACTIVE, .milestones = ms,
				    .nmilestones = 2, .partners = ps, .npartners = 2, .links = ls, .nlinks = 4}};
	struct plan p = {.id = 3, .code = "UP-1", .version = 2, .strategy = "kk-2014", .type = PLAN_DEVELOPMENT,
			 .title = "Udviklingsplan </script>", .unit = "BCV-1", .year_from = 2017, .year_to = 2018,
			 .parent = "CP", .status = PLAN_APPROVED, .approved_on = "2017-02-01", .approved_by = "Chef",
			 .decision = "J.nr. 1", .note = "n", .created_by = "leo", .created_at = "2017-01-01T10:00:00Z",
			 .initiatives = ins, .ninitiatives = 1};
	struct buf b = BUF_INIT;
	struct jsonw w;
	struct plan got;
	struct diag d;
	json_t *j;

	(void)state;
	jsonw_init(&w, &b, false);
	plan_json_write(&w, &p, "Center 1");
	assert_non_null(strstr(buf_cstr(&b), "\"links\":{\"goals\":[\"1A\"],\"pejlemaerker\":[1],\"principles\":[4],"
					     "\"commitments\":[\"4.2\"]}"));
	assert_non_null(strstr(buf_cstr(&b), "\"status\":\"approved\",\"approved_on\":\"2017-02-01\""));
	assert_non_null(strstr(buf_cstr(&b), "\"unit_name\":\"Center 1\""));
	assert_null(strstr(buf_cstr(&b), "</script>")); /* "</" is escaped for HTML */
	j = parse(buf_cstr(&b));
	diag_init(&d);
	assert_int_equal(plan_json_read(&got, j, "body", a, &d), 0);
	json_decref(j);
	assert_string_equal(got.code, "UP-1");
	assert_int_equal(got.type, PLAN_DEVELOPMENT);
	assert_string_equal(got.title, "Udviklingsplan </script>");
	assert_string_equal(got.unit, "BCV-1");
	assert_int_equal(got.year_from, 2017);
	assert_int_equal(got.year_to, 2018);
	assert_string_equal(got.parent, "CP");
	assert_string_equal(got.strategy, "kk-2014");
	/* what pejl sets is not taken from a body */
	assert_int_equal(got.status, PLAN_DRAFT);
	assert_null(got.approved_on);
	assert_int_equal(got.version, 0);
	assert_int_equal(got.ninitiatives, 1);
	assert_int_equal(got.initiatives[0].id, 12);
	assert_string_equal(got.initiatives[0].title, "Housing \"First\"");
	assert_string_equal(got.initiatives[0].description, "Linje 1\nLinje 2");
	assert_int_equal(got.initiatives[0].status, INITIATIVE_ACTIVE);
	assert_int_equal(got.initiatives[0].nmilestones, 2);
	assert_int_equal(got.initiatives[0].milestones[1].id, 41);
	assert_string_equal(got.initiatives[0].milestones[1].done_on, "2017-12-01");
	assert_null(got.initiatives[0].milestones[0].done_on);
	assert_int_equal(got.initiatives[0].npartners, 2);
	assert_int_equal(got.initiatives[0].partners[1].kind, PARTNER_BUSINESS);
	/* links come back grouped by kind */
	assert_int_equal(got.initiatives[0].nlinks, 4);
	assert_int_equal(got.initiatives[0].links[0].kind, LINK_GOAL);
	assert_string_equal(got.initiatives[0].links[1].ref, "1");
	assert_int_equal(got.initiatives[0].links[3].kind, LINK_COMMITMENT);
	diag_free(&d);
	buf_free(&b);
	arena_free(a);
}

struct bad_row {
	const char *name;
	const char *json;
	const char *where;
	const char *msg;
};

#define BASE "\"code\":\"X\",\"type\":\"action\",\"title\":\"T\",\"unit\":\"SOF\",\"from\":2017,\"to\":2017"

static void test_mistakes_located(void **state)
{
	static const struct bad_row rows[] = {
		{"no code", "{\"type\":\"action\",\"title\":\"T\",\"unit\":\"SOF\",\"from\":2017,\"to\":2017}", "body: $.code",
		 "is required"},
		{"an unknown type", "{\"code\":\"X\",\"type\":\"plan\",\"title\":\"T\",\"unit\":\"SOF\",\"from\":2017,\"to\":2017}",
		 "body: $.type", "\"plan\" is not"},
		{"a year as text", "{\"code\":\"X\",\"type\":\"action\",\"title\":\"T\",\"unit\":\"SOF\",\"from\":\"2017\",\"to\":2017}",
		 "body: $.from", "whole number"},
		{"a year out of range", "{\"code\":\"X\",\"type\":\"action\",\"title\":\"T\",\"unit\":\"SOF\",\"from\":1999,\"to\":2017}",
		 "body: $.from", "out of range"},
		{"an unknown key", "{" BASE ",\"colour\":\"red\"}", "body: $.colour", "unknown key"},
		{"initiatives not a list", "{" BASE ",\"initiatives\":{}}", "body: $.initiatives", "must be an array"},
		{"an initiative not an object", "{" BASE ",\"initiatives\":[7]}", "body: $.initiatives[0]", "must be an object"},
		{"an initiative without owner", "{" BASE ",\"initiatives\":[{\"title\":\"A\"}]}", "body: $.initiatives[0].owner",
		 "is required"},
		{"an unknown status", "{" BASE ",\"initiatives\":[{\"title\":\"A\",\"owner\":\"B\",\"status\":\"busy\"}]}",
		 "body: $.initiatives[0].status", "\"busy\""},
		{"a milestone without due",
		 "{" BASE ",\"initiatives\":[{\"title\":\"A\",\"owner\":\"B\",\"milestones\":[{\"title\":\"M\"}]}]}",
		 "body: $.initiatives[0].milestones[0].due", "is required"},
		{"a partner of an unknown kind",
		 "{" BASE ",\"initiatives\":[{\"title\":\"A\",\"owner\":\"B\",\"partners\":[{\"kind\":\"firm\",\"name\":\"N\"}]}]}",
		 "body: $.initiatives[0].partners[0].kind", "\"firm\""},
		{"an unknown links key",
		 "{" BASE ",\"initiatives\":[{\"title\":\"A\",\"owner\":\"B\",\"links\":{\"targets\":[]}}]}",
		 "body: $.initiatives[0].links.targets", "unknown key"},
		{"a goal given as a number",
		 "{" BASE ",\"initiatives\":[{\"title\":\"A\",\"owner\":\"B\",\"links\":{\"goals\":[1]}}]}",
		 "body: $.initiatives[0].links.goals[0]", "must be a code"},
		{"a pejlemærke given as an object",
		 "{" BASE ",\"initiatives\":[{\"title\":\"A\",\"owner\":\"B\",\"links\":{\"pejlemaerker\":[{}]}}]}",
		 "body: $.initiatives[0].links.pejlemaerker[0]", "must be a number"},
		{"a title too long", "{" BASE ",\"initiatives\":[{\"title\":\"" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"owner\":\"B\"}]}",
		 "body: $.initiatives[0].title", "at most 200"},
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct arena *a = arena_new();
		json_t *j = parse(rows[i].json);
		struct plan p;
		struct diag d;
		bool found = false;
		size_t errs;

		diag_init(&d);
		errs = plan_json_read(&p, j, "body", a, &d);
		for (size_t k = 0; k < d.n; k++)
			found |= strcmp(d.items[k].where, rows[i].where) == 0 && strstr(d.items[k].msg, rows[i].msg);
		if (errs == 0 || !found) {
			print_error("row \"%s\": %zu errors:\n", rows[i].name, errs);
			diag_print(&d, stderr);
			fail();
		}
		json_decref(j);
		diag_free(&d);
		arena_free(a);
	}
}

static void test_every_mistake_at_once(void **state)
{
	struct arena *a = arena_new();
	json_t *j = parse("{\"code\":5,\"type\":\"x\",\"unit\":\"\",\"from\":2017,\"initiatives\":[{\"owner\":\"o\"},{\"title\":\"t\"}]}");
	struct plan p;
	struct diag d;

	(void)state;
	diag_init(&d);
	/* code, type, title, to, initiatives[0].title, initiatives[1].owner */
	assert_int_equal(plan_json_read(&p, j, "body", a, &d), 6);
	json_decref(j);
	diag_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_mistakes_located),
		cmocka_unit_test(test_every_mistake_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
