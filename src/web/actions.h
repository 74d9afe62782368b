/*
 * actions.h — what pages and the API both do, written once: logging in
 * (with throttling), recording a measurement, importing a file, adding a
 * goal version or commentary, and the cached status answer. Each write is
 * one transaction and is audited.
 */
#ifndef PEJL_ACTIONS_H
#define PEJL_ACTIONS_H

#include "io/measure_import.h"
#include "io/secret.h"
#include "io/status_report.h"
#include "util/diag.h"
#include "web/http.h"

/* Cookies for a new session. */
struct login_result {
	char token[SECRET_TOKEN_HEX];
	char csrf[SECRET_TOKEN_HEX];
	struct user *user;
};

/* Checks the password (Argon2id) unless the name or address has had too
 * many failures in the window (PEJL_ECONFLICT: throttled); records the
 * attempt; on success creates a session. PEJL_EPERM for bad credentials. */
int action_login(struct login_result *out, struct http_req *r, const char *name, const char *password);
int action_logout(struct http_req *r);
/* The Set-Cookie values for a session (and for clearing it). */
const char *session_cookie(struct http_req *r, const char *token);
const char *session_cookie_clear(struct http_req *r);

/* Records one measurement given as column → value pairs (the CSV column
 * names of DESIGN §7) by running the importer on a one-row table, so every
 * rule of a file import applies. */
int action_entry(struct measure_import_result *res, struct http_req *r, const struct kv *fields, size_t n,
		 struct diag *d);
/* Imports a CSV/XLSX upload. */
int action_import(struct measure_import_result *res, struct http_req *r, const char *name, const char *data,
		  size_t len, bool dry_run, const char *sheet, struct diag *d);

/* Adds a goal version from fields (the strategy file's goal keys, flat:
 * title, definition, …, baseline_period, baseline_value, target_kind,
 * target_value, target_period, date, decision, note); every problem goes to
 * d with the field name as its location. */
int action_goal_version(struct http_req *r, const char *goal_code, const struct kv *fields, size_t n,
			struct diag *d);
int action_commentary(struct http_req *r, const char *goal_code, const char *period, const char *analysis,
		      const char *next_steps, struct diag *d);

/* Records one feedback form (the feedback CSV's columns as pairs) for a
 * unit in the user's subtree, through the feedback importer: CPR numbers
 * become pseudonyms and are never stored. PEJL_EPERM for a unit outside
 * the subtree; PEJL_EIO (503) when the server has no pseudonym key. */
struct feedback_import_result;
int action_feedback_session(struct feedback_import_result *res, struct http_req *r, const struct kv *fields,
			    size_t n, struct diag *d);

/* Finds a goal of the default strategy. */
int find_goal(const struct goal **out, struct strategy_doc **doc, struct http_req *r, const char *code);

/* A per-process cache of rendered answers, keyed by text and valid while
 * the database's change counter is unchanged (so writes by any process
 * invalidate it). cache_get copies a hit into the request arena. */
bool cache_get(const char **data, size_t *len, struct http_req *r, const char *key, long counter);
void cache_put(const char *key, long counter, const char *data, size_t len);
/* The cache key of a status answer of `kind` for the request's query and
 * language. */
const char *status_cache_key(struct http_req *r, const char *kind);

/* The status report for the request's query (period, unit, group), from a
 * per-process cache keyed by the database's change counter. *json (and
 * *len) is the JSON text; report is NULL when served from the cache unless
 * need_report. */
int cached_status_json(const char **json, size_t *len, struct http_req *r);
int status_for_request(struct status_report **out, struct http_req *r);

#endif
