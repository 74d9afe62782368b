/*
 * api.h — the JSON API under /api/v1 (described by /api/v1/openapi.json).
 * Errors answer {"error":{"code":…,"message":…}}; malformed JSON is 400
 * with the position.
 */
#ifndef PEJL_API_H
#define PEJL_API_H

#include "util/diag.h"
#include "web/http.h"

#include <jansson.h>

/* The request body as one JSON object, or NULL after answering 415 (not
 * JSON) or 400 (malformed, with the position). The caller json_decrefs it. */
json_t *api_body_object(struct http_req *r, struct http_res *res);
/* The object's members as text pairs: strings as they are, numbers in
 * shortest form, booleans "1"/"0", null ""; other types are reported in d
 * (PEJL_EINPUT). */
int api_object_fields(struct kv **out, size_t *n, struct http_req *r, json_t *j, struct diag *d);
/* A 4xx answer {"error":{"code":"bad_input","message",…,"details":[…]}}. */
void api_diag_json(struct http_res *res, int status, const char *message, const struct diag *d);

int api_openapi(struct http_req *r, struct http_res *res);
int api_status(struct http_req *r, struct http_res *res);
int api_strategy(struct http_req *r, struct http_res *res);
int api_goals(struct http_req *r, struct http_res *res);
int api_goal(struct http_req *r, struct http_res *res);
int api_observations(struct http_req *r, struct http_res *res);
int api_observation_post(struct http_req *r, struct http_res *res);
int api_import(struct http_req *r, struct http_res *res);
int api_goal_version_post(struct http_req *r, struct http_res *res);
int api_commentary_post(struct http_req *r, struct http_res *res);
int api_units(struct http_req *r, struct http_res *res);
int api_audit(struct http_req *r, struct http_res *res);
int api_me(struct http_req *r, struct http_res *res);
int api_session_post(struct http_req *r, struct http_res *res);
int api_session_delete(struct http_req *r, struct http_res *res);
int api_token_post(struct http_req *r, struct http_res *res);
int api_token_delete(struct http_req *r, struct http_res *res);
/* plans and the red thread (api_plan.c) */
int api_plans(struct http_req *r, struct http_res *res);
int api_plan(struct http_req *r, struct http_res *res);
int api_plan_post(struct http_req *r, struct http_res *res);
int api_plan_put(struct http_req *r, struct http_res *res);
int api_plan_approve(struct http_req *r, struct http_res *res);
int api_plan_archive(struct http_req *r, struct http_res *res);
int api_plan_version(struct http_req *r, struct http_res *res);
int api_initiative_progress(struct http_req *r, struct http_res *res);
int api_redthread(struct http_req *r, struct http_res *res);
int api_redthread_gaps(struct http_req *r, struct http_res *res);

#endif
