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

/* --- plans (actions_plan.c) ---------------------------------------------------------
 * Only leaders write plans, and only for units in their subtree (today's
 * tree): PEJL_EPERM otherwise. Content problems go to d (located with
 * prefix, e.g. "" for forms, "body: $." for the API) and give PEJL_EINPUT;
 * workflow conflicts (no draft, a draft already) are PEJL_ECONFLICT. */

/* "Today" for plans: $PEJL_TODAY when set, else the date. */
void plan_today(char out[11]);
/* 0 when the user may write plans of unit, else PEJL_EPERM. */
int plan_may_write(struct http_req *r, const struct unit *units, size_t nunits, const char *unit);
/* A new plan (a draft, version 1); p->strategy defaults to the default
 * strategy's code; created_by is set to the user. */
int action_plan_create(struct http_req *r, struct plan *p, const char *prefix, struct diag *d);
/* Replaces the draft of p->code with p (store_plan_replace_draft). */
int action_plan_update(struct http_req *r, struct plan *p, const char *prefix, struct diag *d);
/* Approves the draft (date, by whom, decision reference: fields "date",
 * "by", "decision"); the draft is validated again first. */
int action_plan_approve(int *version, struct http_req *r, const char *code, const char *on, const char *by,
			const char *decision, struct diag *d);
/* Archives the approved version on a date (field "date"). */
int action_plan_archive(int *version, struct http_req *r, const char *code, const char *on, struct diag *d);
/* Starts a new version of an approved plan (field "note": why). */
int action_plan_new_version(int *version, struct http_req *r, const char *code, const char *note, struct diag *d);
/* Adds (in->id 0), replaces or (remove) removes one initiative of the
 * draft of code; problems of that initiative are located by its own field
 * names ("title", "milestones[0].due"). *id is its id afterwards. */
int action_initiative_save(long *id, struct http_req *r, const char *code, const struct initiative *in, bool remove,
			   struct diag *d);
/* Records progress: status (field "status") and milestones' done dates. */
int action_initiative_progress(struct http_req *r, long id, const char *status, const struct milestone *ms, size_t n,
			       struct diag *d);

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
