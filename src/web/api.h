/*
 * api.h — the JSON API under /api/v1 (described by /api/v1/openapi.json).
 * Errors answer {"error":{"code":…,"message":…}}; malformed JSON is 400
 * with the position.
 */
#ifndef PEJL_API_H
#define PEJL_API_H

#include "web/http.h"

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

#endif
