/*
 * api.c — the JSON API (api.h). Bodies are parsed with jansson; writes go
 * through the same actions as the pages.
 */
#include "web/api.h"

#include "io/jsonw.h"
#include "io/strategy_file.h"
#include "util/err.h"
#include "web/actions.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char pejl_openapi_json[];
extern const char pejl_openapi_json_end[];

static void json_res(struct http_res *res, int status)
{
	res->status = status;
	res->content_type = "application/json";
}

int api_openapi(struct http_req *r, struct http_res *res)
{
	(void)r;
	json_res(res, 200);
	buf_append(&res->body, pejl_openapi_json, (size_t)(pejl_openapi_json_end - pejl_openapi_json));
	return 0;
}

int api_status(struct http_req *r, struct http_res *res)
{
	const char *json;
	size_t len;
	int rc;

	if ((rc = cached_status_json(&json, &len, r)) < 0)
		return rc;
	json_res(res, 200);
	buf_append(&res->body, json, len);
	return 0;
}

int api_strategy(struct http_req *r, struct http_res *res)
{
	struct strategy_doc *doc;
	char *def;
	int rc;

	if ((rc = store_strategy_default(&def, r->store, r->a)) < 0 ||
	    (rc = store_strategy_load(&doc, r->store, r->a, def)) < 0)
		return rc;
	json_res(res, 200);
	strategy_file_write(&res->body, doc);
	return 0;
}

static void goal_json(struct jsonw *w, const struct goal *g, const struct pejlemaerke *pm, bool full)
{
	const struct goal_version *v = &g->versions[g->nversions - 1];
	double t;

	jsonw_obj_begin(w);
	jsonw_kstr(w, "code", g->code);
	jsonw_kint(w, "pejlemaerke", pm->number);
	jsonw_kbool(w, "main", g->main);
	jsonw_kstr(w, "title", v->title);
	jsonw_kstr(w, "title_en", v->title_en);
	jsonw_kstr(w, "measure", measure_name(v->measure));
	jsonw_kstr(w, "direction", direction_name(v->direction));
	jsonw_kstr(w, "sampling", sampling_name(v->sampling));
	jsonw_kstr(w, "cadence", cadence_name(v->cadence));
	jsonw_kstr(w, "display_unit", v->display_unit);
	jsonw_kint(w, "decimals", v->decimals);
	jsonw_key(w, "target");
	if (v->target_kind != TARGET_NONE) {
		jsonw_obj_begin(w);
		jsonw_kstr(w, "kind", target_kind_name(v->target_kind));
		jsonw_knum(w, "value", v->target_value);
		jsonw_key(w, "resolved");
		if (goal_version_target(v, &t))
			jsonw_num(w, t);
		else
			jsonw_null(w);
		jsonw_kstr(w, "period", v->target_period);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	if (full) {
		jsonw_kstr(w, "definition", v->definition);
		jsonw_kstr(w, "source", v->source);
		jsonw_kstr(w, "metric", v->metric); /* computed from feedback (core/fbmetric.h), or null */
		jsonw_kstr(w, "owner", v->owner);
		jsonw_key(w, "versions");
		jsonw_arr_begin(w);
		for (size_t i = 0; i < g->nversions; i++) {
			jsonw_obj_begin(w);
			jsonw_kstr(w, "date", g->versions[i].date);
			jsonw_kstr(w, "decision", g->versions[i].decision);
			jsonw_kstr(w, "title", g->versions[i].title);
			jsonw_kstr(w, "target_kind", target_kind_name(g->versions[i].target_kind));
			if (g->versions[i].target_kind != TARGET_NONE) {
				jsonw_knum(w, "target_value", g->versions[i].target_value);
				jsonw_kstr(w, "target_period", g->versions[i].target_period);
			}
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
	}
	jsonw_obj_end(w);
}

int api_goals(struct http_req *r, struct http_res *res)
{
	struct strategy_doc *doc;
	struct jsonw w;
	char *def;
	int rc;

	if ((rc = store_strategy_default(&def, r->store, r->a)) < 0 ||
	    (rc = store_strategy_load(&doc, r->store, r->a, def)) < 0)
		return rc;
	json_res(res, 200);
	jsonw_init(&w, &res->body, false);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++)
			goal_json(&w, &doc->strategy.pejlemaerker[i].goals[j], &doc->strategy.pejlemaerker[i], false);
	jsonw_arr_end(&w);
	return 0;
}

int api_goal(struct http_req *r, struct http_res *res)
{
	struct strategy_doc *doc;
	const struct goal *g;
	const struct pejlemaerke *pm = NULL;
	struct commentary *cm;
	size_t ncm;
	struct jsonw w;
	int rc;

	if ((rc = find_goal(&g, &doc, r, r->params[0])) < 0)
		return rc;
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++)
			if (&doc->strategy.pejlemaerker[i].goals[j] == g)
				pm = &doc->strategy.pejlemaerker[i];
	if ((rc = store_commentary_list(&cm, &ncm, r->store, r->a, g->id)) < 0)
		return rc;
	json_res(res, 200);
	jsonw_init(&w, &res->body, false);
	/* the goal, then its commentary appended as a sibling object */
	jsonw_obj_begin(&w);
	jsonw_key(&w, "goal");
	goal_json(&w, g, pm, true);
	jsonw_key(&w, "commentary");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < ncm; i++) {
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "period", cm[i].period);
		jsonw_kstr(&w, "analysis", cm[i].analysis);
		jsonw_kstr(&w, "next_steps", cm[i].next_steps);
		jsonw_kstr(&w, "author", cm[i].author);
		jsonw_kstr(&w, "at", cm[i].at);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	return 0;
}

struct obs_ctx {
	struct jsonw *w;
};

static int obs_row(void *ctx, const struct obs_row *o)
{
	struct jsonw *w = ((struct obs_ctx *)ctx)->w;

	jsonw_obj_begin(w);
	jsonw_kstr(w, "period", o->period);
	jsonw_kstr(w, "unit", o->unit);
	jsonw_kstr(w, "group", o->group);
#define OPT(k, has, v)                                                                                                 \
	jsonw_key(w, k);                                                                                               \
	if (has)                                                                                                       \
		jsonw_num(w, v);                                                                                       \
	else                                                                                                           \
		jsonw_null(w)
	OPT("value", o->v.has_value, o->v.value);
	OPT("numerator", o->v.has_num, o->v.num);
	OPT("denominator", o->v.has_den, o->v.den);
	OPT("n", o->v.has_n, o->v.n);
	OPT("sd", o->v.has_sd, o->v.sd);
#undef OPT
	jsonw_kstr(w, "state", obs_state_name(o->state));
	jsonw_kstr(w, "source", o->source);
	jsonw_kstr(w, "note", o->note);
	jsonw_kint(w, "revision", o->revision);
	jsonw_obj_end(w);
	return 0;
}

int api_observations(struct http_req *r, struct http_res *res)
{
	struct strategy_doc *doc;
	const struct goal *g;
	struct obs_ctx k;
	struct jsonw w;
	int rc;

	if ((rc = find_goal(&g, &doc, r, r->params[0])) < 0)
		return rc;
	json_res(res, 200);
	jsonw_init(&w, &res->body, false);
	k.w = &w;
	jsonw_arr_begin(&w);
	if ((rc = store_obs_scan(r->store, g->id, NULL, NULL, obs_row, &k)) < 0)
		return rc;
	jsonw_arr_end(&w);
	return 0;
}

/* Parses the body as one JSON object; answers 400 with the position. */
json_t *api_body_object(struct http_req *r, struct http_res *res)
{
	json_error_t e;
	json_t *j;

	if (!r->content_type || strncmp(r->content_type, "application/json", 16) != 0) {
		res_error(r, res, 415, "unsupported_media_type", "send the body as application/json");
		return NULL;
	}
	j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		res_error(r, res, 400, "bad_json", "line %d, column %d (byte %d): %s", e.line, e.column, e.position,
			  e.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		res_error(r, res, 400, "bad_json", "the body must be a JSON object");
		json_decref(j);
		return NULL;
	}
	return j;
}

/* The object's members as text pairs (numbers in shortest form); other
 * types are reported. */
int api_object_fields(struct kv **out, size_t *n, struct http_req *r, json_t *j, struct diag *d)
{
	const char *key;
	json_t *v;
	size_t k = 0;
	struct kv *f = arena_calloc(r->a, json_object_size(j) + 1, sizeof *f);

	json_object_foreach(j, key, v) {
		char num[32];

		f[k].key = arena_strdup(r->a, key);
		if (json_is_string(v))
			f[k].value = arena_strdup(r->a, json_string_value(v));
		else if (json_is_number(v))
			f[k].value = arena_strdup(r->a, json_format_double(num, json_number_value(v)));
		else if (json_is_boolean(v))
			f[k].value = json_is_true(v) ? "1" : "0";
		else if (json_is_null(v))
			f[k].value = "";
		else {
			diag_error(d, key, "must be a string or a number");
			continue;
		}
		k++;
	}
	*out = f;
	*n = k;
	return diag_errors(d) ? PEJL_EINPUT : 0;
}

void api_diag_json(struct http_res *res, int status, const char *message, const struct diag *d)
{
	struct jsonw w;

	json_res(res, status);
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, false);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "error");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "code", "bad_input");
	jsonw_kstr(&w, "message", message);
	jsonw_key(&w, "details");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < d->n; i++) {
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "where", d->items[i].where);
		jsonw_kstr(&w, "severity", d->items[i].warning ? "warning" : "error");
		jsonw_kstr(&w, "message", d->items[i].msg);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
}

static void import_json(struct http_res *res, int status, const struct measure_import_result *mr, const struct diag *d)
{
	struct jsonw w;

	json_res(res, status);
	jsonw_init(&w, &res->body, false);
	jsonw_obj_begin(&w);
	jsonw_kint(&w, "rows", (int64_t)mr->rows);
	jsonw_kint(&w, "added", (int64_t)mr->added);
	jsonw_kint(&w, "revised", (int64_t)mr->revised);
	jsonw_kint(&w, "unchanged", (int64_t)mr->unchanged);
	jsonw_key(&w, "warnings");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].warning) {
			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "where", d->items[i].where);
			jsonw_kstr(&w, "message", d->items[i].msg);
			jsonw_obj_end(&w);
		}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
}

int api_observation_post(struct http_req *r, struct http_res *res)
{
	struct measure_import_result mr;
	struct strategy_doc *doc;
	const struct goal *g;
	struct kv *f;
	size_t n;
	struct diag d;
	json_t *j;
	int rc;

	if ((rc = find_goal(&g, &doc, r, r->params[0])) < 0)
		return rc;
	if (!(j = api_body_object(r, res)))
		return 0;
	diag_init(&d);
	if (api_object_fields(&f, &n, r, j, &d) == 0) {
		struct kv *all = arena_calloc(r->a, n + 1, sizeof *all);

		memcpy(all, f, n * sizeof *f);
		all[n].key = "goal";
		all[n].value = r->params[0];
		rc = action_entry(&mr, r, all, n + 1, &d);
	} else {
		rc = PEJL_EINPUT;
	}
	json_decref(j);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the measurement was not stored", &d);
		rc = 0;
	} else if (rc == 0) {
		import_json(res, mr.added ? 201 : 200, &mr, &d);
	}
	diag_free(&d);
	return rc;
}

int api_import(struct http_req *r, struct http_res *res)
{
	struct measure_import_result mr;
	const char *dry = req_query(r, "dry_run"), *name = req_query(r, "name");
	struct diag d;
	int rc;

	diag_init(&d);
	rc = action_import(&mr, r, name && *name ? name : "upload", r->body, r->body_len,
			   dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0), req_query(r, "sheet"), &d);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "nothing was imported", &d);
		rc = 0;
	} else if (rc == 0) {
		import_json(res, 200, &mr, &d);
	}
	diag_free(&d);
	return rc;
}

int api_goal_version_post(struct http_req *r, struct http_res *res)
{
	struct kv *f;
	size_t n;
	struct diag d;
	json_t *j = api_body_object(r, res);
	int rc;

	if (!j)
		return 0;
	diag_init(&d);
	rc = api_object_fields(&f, &n, r, j, &d);
	if (rc == 0)
		rc = action_goal_version(r, r->params[0], f, n, &d);
	json_decref(j);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the version was not stored", &d);
		rc = 0;
	} else if (rc == 0) {
		json_res(res, 201);
		buf_puts(&res->body, "{\"stored\":true}");
	}
	diag_free(&d);
	return rc;
}

int api_commentary_post(struct http_req *r, struct http_res *res)
{
	struct diag d;
	json_t *j = api_body_object(r, res);
	int rc;

	if (!j)
		return 0;
	diag_init(&d);
	rc = action_commentary(r, r->params[0], json_string_value(json_object_get(j, "period")),
			       json_string_value(json_object_get(j, "analysis")),
			       json_string_value(json_object_get(j, "next_steps")), &d);
	json_decref(j);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the commentary was not stored", &d);
		rc = 0;
	} else if (rc == 0) {
		json_res(res, 201);
		buf_puts(&res->body, "{\"stored\":true}");
	}
	diag_free(&d);
	return rc;
}

int api_units(struct http_req *r, struct http_res *res)
{
	struct unit *u;
	size_t n;
	struct jsonw w;
	int rc;

	if ((rc = store_unit_list(&u, &n, r->store, r->a)) < 0)
		return rc;
	json_res(res, 200);
	jsonw_init(&w, &res->body, false);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "code", u[i].code);
		jsonw_kstr(&w, "name", u[i].name);
		jsonw_kstr(&w, "kind", unit_kind_name(u[i].kind));
		jsonw_kstr(&w, "parent", u[i].parent);
		jsonw_kstr(&w, "valid_from", u[i].valid_from);
		jsonw_kstr(&w, "valid_to", u[i].valid_to);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	return 0;
}

int api_audit(struct http_req *r, struct http_res *res)
{
	struct audit_entry *v;
	const char *lim = req_query(r, "limit");
	size_t n, limit = lim ? strtoul(lim, NULL, 10) : 100;
	struct jsonw w;
	int rc;

	if (limit == 0 || limit > 10000)
		limit = 100;
	if ((rc = store_audit_list(&v, &n, r->store, r->a, limit)) < 0)
		return rc;
	json_res(res, 200);
	jsonw_init(&w, &res->body, false);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj_begin(&w);
		jsonw_kint(&w, "id", v[i].id);
		jsonw_kstr(&w, "at", v[i].at);
		jsonw_kstr(&w, "actor", v[i].actor);
		jsonw_kstr(&w, "action", v[i].action);
		jsonw_kstr(&w, "object", v[i].object);
		jsonw_kstr(&w, "detail", v[i].detail);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	return 0;
}

int api_me(struct http_req *r, struct http_res *res)
{
	struct jsonw w;

	json_res(res, 200);
	jsonw_init(&w, &res->body, false);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "name", r->user->name);
	jsonw_kstr(&w, "role", role_name(r->user->role));
	jsonw_kstr(&w, "unit", r->user->unit);
	jsonw_kstr(&w, "csrf", r->via_token ? NULL : r->csrf);
	jsonw_obj_end(&w);
	return 0;
}

int api_session_post(struct http_req *r, struct http_res *res)
{
	struct login_result lr;
	json_t *j = api_body_object(r, res);
	struct jsonw w;
	int rc;

	if (!j)
		return 0;
	rc = action_login(&lr, r, json_string_value(json_object_get(j, "name")),
			  json_string_value(json_object_get(j, "password")));
	json_decref(j);
	if (rc == PEJL_EPERM)
		return res_error(r, res, 401, "unauthenticated", "wrong name or password");
	if (rc == PEJL_ECONFLICT)
		return res_error(r, res, 429, "throttled", "%s", err_last());
	if (rc < 0)
		return rc;
	res_header(res, "Set-Cookie", session_cookie(r, lr.token));
	json_res(res, 201);
	jsonw_init(&w, &res->body, false);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "name", lr.user->name);
	jsonw_kstr(&w, "role", role_name(lr.user->role));
	jsonw_kstr(&w, "csrf", arena_strdup(r->a, lr.csrf));
	jsonw_obj_end(&w);
	return 0;
}

int api_session_delete(struct http_req *r, struct http_res *res)
{
	int rc = action_logout(r);

	if (rc < 0)
		return rc;
	res_header(res, "Set-Cookie", session_cookie_clear(r));
	res->status = 204;
	return 0;
}

int api_token_post(struct http_req *r, struct http_res *res)
{
	char token[SECRET_TOKEN_HEX], hash[SECRET_TOKEN_HEX];
	const char *label = req_query(r, "label");
	struct jsonw w;
	long id;
	int rc;

	secret_token(token);
	secret_sha256_hex(hash, token, strlen(token));
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_token_add(&id, r->store, hash, r->user->id, label)) < 0 ||
	    (rc = store_audit(r->store, r->user->name, "token.add", r->user->name, label)) < 0) {
		store_rollback(r->store);
		return rc;
	}
	if ((rc = store_commit(r->store)) < 0)
		return rc;
	json_res(res, 201);
	jsonw_init(&w, &res->body, false);
	jsonw_obj_begin(&w);
	jsonw_kint(&w, "id", id);
	jsonw_kstr(&w, "token", token);
	jsonw_obj_end(&w);
	return 0;
}

int api_token_delete(struct http_req *r, struct http_res *res)
{
	long id = strtol(r->params[0], NULL, 10);
	int rc;

	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_token_revoke(r->store, id, r->user->id)) < 0 ||
	    (rc = store_audit(r->store, r->user->name, "token.revoke", r->user->name, r->params[0])) < 0) {
		store_rollback(r->store);
		return rc;
	}
	if ((rc = store_commit(r->store)) < 0)
		return rc;
	res->status = 204;
	return 0;
}
