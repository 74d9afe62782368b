/*
 * api_plan.c — plans and the red thread in the JSON API (api.h, documented
 * in openapi.json). Plans are the objects of src/io/plan_json.h; writes go
 * through the same actions as the pages (actions_plan.c), so the same
 * rules and the same audit hold. Problems with a body are 422 with every
 * problem located by its JSON path.
 */
#include "web/api.h"

#include "io/jsonr.h"
#include "io/jsonw.h"
#include "io/plan_json.h"
#include "io/plan_report.h"
#include "util/date.h"
#include "util/err.h"
#include "web/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_ok(struct http_res *res, int status)
{
	res->status = status;
	res->content_type = "application/json";
}

static int load(struct plan_report *rep, struct http_req *r, const char *today, bool commentary)
{
	char t[11];

	if (!today)
		plan_today(t);
	return plan_report_load(rep, r->store, r->a, NULL, today ? today : t, commentary);
}

int api_plans(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct plan_select sel = {0};
	const struct plan **v;
	const char *unit = req_query(r, "unit"), *q;
	size_t n;
	int rc;

	if ((rc = load(&rep, r, NULL, false)) < 0)
		return rc;
	sel.unit = unit && *unit ? unit : NULL;
	sel.subtree = (q = req_query(r, "subtree")) && strcmp(q, "0") != 0;
	sel.all = (q = req_query(r, "all")) && strcmp(q, "0") != 0;
	if (sel.unit && !plan_report_unit_exists(&rep, sel.unit))
		return err_set(PEJL_ENOTFOUND, "there is no unit %s", sel.unit);
	n = plan_report_select(&v, &rep, &sel, r->a);
	json_ok(res, 200);
	plan_report_plans_json(&res->body, &rep, v, n, false);
	return 0;
}

/* Answers one version of a plan (0: the one shown in lists). */
static int plan_answer(struct http_req *r, struct http_res *res, const char *code, int version, int status)
{
	struct plan_report rep;
	struct jsonw w;
	long k;
	int rc;

	if ((rc = load(&rep, r, NULL, false)) < 0)
		return rc;
	k = version ? plan_version_index(rep.plans, rep.nplans, code, version) : plan_shown(rep.plans, rep.nplans, code);
	if (k < 0)
		return version ? err_set(PEJL_ENOTFOUND, "plan %s has no version %d", code, version)
			       : err_set(PEJL_ENOTFOUND, "there is no plan %s", code);
	json_ok(res, status);
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, false);
	plan_json_write(&w, &rep.plans[k], plan_report_unit_name(&rep, rep.plans[k].unit));
	return 0;
}

int api_plan(struct http_req *r, struct http_res *res)
{
	const char *v = req_query(r, "version");
	char *end;
	long version = 0;

	if (v && *v) {
		version = strtol(v, &end, 10);
		if (*end || version < 1 || version > 100000)
			return err_set(PEJL_EUSAGE, "version \"%s\" is not a version number", v);
	}
	return plan_answer(r, res, r->params[0], (int)version, 200);
}

/* Reads the body as a plan; 422 (answered) on problems. */
static int read_plan(struct plan *p, struct http_req *r, struct http_res *res, struct diag *d, bool *answered)
{
	json_t *j = api_body_object(r, res);

	*answered = !j;
	if (!j)
		return 0;
	plan_json_read(p, j, "body", r->a, d);
	json_decref(j);
	return diag_errors(d) ? PEJL_EINPUT : 0;
}

int api_plan_post(struct http_req *r, struct http_res *res)
{
	struct plan p;
	struct diag d;
	bool answered;
	int rc;

	diag_init(&d);
	if ((rc = read_plan(&p, r, res, &d, &answered)) == 0 && !answered)
		rc = action_plan_create(r, &p, "body: $.", &d);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the plan was not stored", &d);
		rc = 0;
	} else if (rc == 0 && !answered) {
		rc = plan_answer(r, res, p.code, 1, 201);
	}
	diag_free(&d);
	return rc;
}

int api_plan_put(struct http_req *r, struct http_res *res)
{
	struct plan p;
	struct diag d;
	bool answered;
	int rc;

	diag_init(&d);
	rc = read_plan(&p, r, res, &d, &answered);
	if (rc == 0 && !answered && p.code && strcmp(p.code, r->params[0]) != 0) {
		diag_error(&d, "body: $.code", "is %s, but the address names plan %s", p.code, r->params[0]);
		rc = PEJL_EINPUT;
	}
	if (rc == 0 && !answered)
		rc = action_plan_update(r, &p, "body: $.", &d);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the draft was not changed", &d);
		rc = 0;
	} else if (rc == 0 && !answered) {
		struct plan *all;
		size_t n;
		int version = 0;

		/* the draft as stored now */
		if ((rc = store_plan_list(&all, &n, r->store, r->a)) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (strcmp(all[i].code, p.code) == 0 && all[i].status == PLAN_DRAFT)
				version = all[i].version;
		rc = plan_answer(r, res, p.code, version, 200);
	}
out:
	diag_free(&d);
	return rc;
}

/* The body's members as text (an empty body counts as {}). */
static json_t *body_or_empty(struct http_req *r, struct http_res *res)
{
	if (r->body_len == 0)
		return json_object();
	return api_body_object(r, res);
}

static const char *text_member(json_t *j, const char *key, struct diag *d)
{
	json_t *v = json_object_get(j, key);
	char where[64];

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		snprintf(where, sizeof where, "body: $.%s", key);
		diag_error(d, where, "must be a string");
		return NULL;
	}
	return json_string_value(v);
}

/* Runs a workflow step with the body's fields: kind 0 approve (date, by,
 * decision), 1 archive (date), 2 new version (note). */
static int workflow(struct http_req *r, struct http_res *res, int kind)
{
	static const char *const keys[3][4] = {{"date", "by", "decision", NULL}, {"date", NULL}, {"note", NULL}};
	json_t *j = body_or_empty(r, res);
	struct jsonr jr;
	struct diag d;
	int rc = 0, version = 0;
	const char *a, *b, *c;

	if (!j)
		return 0;
	diag_init(&d);
	jr = (struct jsonr){r->a, &d, "body", "$", 0};
	jsonr_check_keys(&jr, j, keys[kind]);
	a = text_member(j, keys[kind][0], &d);
	b = kind == 0 ? text_member(j, "by", &d) : NULL;
	c = kind == 0 ? text_member(j, "decision", &d) : NULL;
	if (!diag_errors(&d)) {
		if (kind == 0)
			rc = action_plan_approve(&version, r, r->params[0], a, b, c, &d);
		else if (kind == 1)
			rc = action_plan_archive(&version, r, r->params[0], a, &d);
		else
			rc = action_plan_new_version(&version, r, r->params[0], a, &d);
	} else {
		rc = PEJL_EINPUT;
	}
	json_decref(j);
	if (rc == PEJL_EINPUT) {
		/* the actions name fields plainly; the API names JSON paths */
		for (size_t i = 0; i < d.n; i++)
			if (d.items[i].where[0] != 'b') {
				char *w = d.items[i].where;

				d.items[i].where = strdup(arena_printf(r->a, "body: $.%s", w));
				free(w);
			}
		api_diag_json(res, 422, kind == 0 ? "the plan was not approved" : kind == 1 ? "the plan was not archived"
											   : "no new version was started",
			      &d);
		rc = 0;
	} else if (rc == 0) {
		rc = plan_answer(r, res, r->params[0], version, kind == 2 ? 201 : 200);
	}
	diag_free(&d);
	return rc;
}

int api_plan_approve(struct http_req *r, struct http_res *res)
{
	return workflow(r, res, 0);
}

int api_plan_archive(struct http_req *r, struct http_res *res)
{
	return workflow(r, res, 1);
}

int api_plan_version(struct http_req *r, struct http_res *res)
{
	return workflow(r, res, 2);
}

int api_initiative_progress(struct http_req *r, struct http_res *res)
{
	static const char *const keys[] = {"status", "milestones", NULL};
	struct plan *p;
	const struct initiative *in;
	struct milestone *ms = NULL;
	struct jsonr jr;
	struct diag d;
	json_t *j, *arr;
	size_t n = 0;
	char *end;
	long id = strtol(r->params[0], &end, 10);
	int rc;

	if (*end || id <= 0)
		return err_set(PEJL_ENOTFOUND, "there is no initiative %s", r->params[0]);
	if ((rc = store_initiative_get(&p, &in, r->store, r->a, id)) < 0)
		return rc;
	if (!(j = api_body_object(r, res)))
		return 0;
	diag_init(&d);
	jr = (struct jsonr){r->a, &d, "body", "$", 0};
	jsonr_check_keys(&jr, j, keys);
	if ((arr = jsonr_array(&jr, j, "milestones", false))) {
		ms = arena_calloc(r->a, json_array_size(arr) + 1, sizeof *ms);
		JSONR_EACH_OBJECT(&jr, arr, i, m, {
			static const char *const mk[] = {"id", "done", NULL};
			long mid = 0;

			jsonr_check_keys(&jr, m, mk);
			if (jsonr_integer(&jr, m, "id", true, 1, 1L << 53, &mid)) {
				ms[n].id = mid;
				ms[n++].done_on = jsonr_text(&jr, m, "done", false, 10);
			}
		})
	}
	if (!json_object_get(j, "status") && !json_object_get(j, "milestones"))
		diag_error(&d, "body: $", "give the status, the milestones done, or both");
	{
		const char *status = jsonr_text(&jr, j, "status", false, 20);

		if (!status)
			status = initiative_status_name(in->status); /* only milestones given */
		rc = diag_errors(&d) ? PEJL_EINPUT : action_initiative_progress(r, id, status, ms, n, &d);
	}
	json_decref(j);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the progress was not stored", &d);
		rc = 0;
	} else if (rc == 0) {
		struct plan *after;
		const struct initiative *now;
		struct jsonw w;

		if ((rc = store_initiative_get(&after, &now, r->store, r->a, id)) == 0) {
			json_ok(res, 200);
			jsonw_init(&w, &res->body, false);
			initiative_json_write(&w, now);
		}
	}
	diag_free(&d);
	return rc;
}

int api_redthread(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	const char *unit = req_query(r, "unit"), *pq = req_query(r, "pejlemaerke");
	long number = 0;
	char *end;
	int rc;

	if (unit && !*unit)
		unit = NULL;
	if (pq && *pq) {
		number = strtol(pq, &end, 10);
		if (*end || number < 1 || number > 1000)
			return err_set(PEJL_EUSAGE, "pejlemaerke \"%s\" is not a pejlemærke number", pq);
	}
	if (unit && number)
		return err_set(PEJL_EUSAGE, "ask for a pejlemaerke or a unit, not both");
	if ((rc = load(&rep, r, NULL, !unit)) < 0)
		return rc;
	json_ok(res, 200);
	if (unit) {
		struct unit_plan *up;
		size_t n;

		if (!plan_report_unit_exists(&rep, unit))
			return err_set(PEJL_ENOTFOUND, "there is no unit %s", unit);
		redthread_unit(&up, &n, rep.plans, rep.nplans, unit, r->a);
		plan_report_unit_json(&res->body, &rep, unit, up, n, false);
	} else {
		struct redthread rt;
		bool found = number == 0;

		for (size_t i = 0; i < rep.st->npejlemaerker; i++)
			found |= rep.st->pejlemaerker[i].number == number;
		if (!found)
			return err_set(PEJL_ENOTFOUND, "strategy %s has no pejlemærke %ld", rep.st->code, number);
		redthread_build(&rt, rep.st, rep.plans, rep.nplans, r->a);
		plan_report_thread_json(&res->body, &rep, &rt, (int)number, false);
	}
	return 0;
}

int api_redthread_gaps(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct gaps g;
	const char *tq = req_query(r, "today");
	struct date dt;
	int rc;

	if (tq && *tq && !date_parse(&dt, tq))
		return err_set(PEJL_EUSAGE, "today \"%s\" is not a date YYYY-MM-DD", tq);
	if ((rc = load(&rep, r, tq && *tq ? tq : NULL, false)) < 0 ||
	    (rc = redthread_gaps(&g, rep.st, rep.plans, rep.nplans, rep.doc->units, rep.doc->nunits, rep.today, r->a)) < 0)
		return rc;
	json_ok(res, 200);
	plan_report_gaps_json(&res->body, &rep, &g, false);
	return 0;
}
