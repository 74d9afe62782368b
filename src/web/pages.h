/*
 * pages.h — the server-rendered HTML pages (Danish first, English with
 * ?lang=en), the layout they share, and the page handlers.
 *
 * Pages work without JavaScript (there is none) and aim at WCAG 2.1 AA:
 * landmarks, a skip link, labelled form fields, visible focus, text
 * alternatives for every chart, colour never the only carrier of meaning.
 */
#ifndef PEJL_PAGES_H
#define PEJL_PAGES_H

#include "web/http.h"

/* da or en text for the request's language. */
const char *tr(const struct http_req *r, const char *da, const char *en);

/* The page frame: head, header with navigation for the user's role, the
 * language switch; page_end closes it. */
void page_begin(struct http_req *r, struct http_res *res, const char *title);
void page_end(struct http_req *r, struct http_res *res);
/* An error page with status already set in res. */
void page_error(struct http_req *r, struct http_res *res, int status, const char *message);

int page_login(struct http_req *r, struct http_res *res);
int page_login_post(struct http_req *r, struct http_res *res);
int page_logout(struct http_req *r, struct http_res *res);
int page_overview(struct http_req *r, struct http_res *res);
int page_pejlemaerke(struct http_req *r, struct http_res *res);
int page_goal(struct http_req *r, struct http_res *res);
int page_goal_edit(struct http_req *r, struct http_res *res);
int page_goal_version_post(struct http_req *r, struct http_res *res);
int page_commentary_post(struct http_req *r, struct http_res *res);
int page_units(struct http_req *r, struct http_res *res);
int page_entry(struct http_req *r, struct http_res *res);
int page_entry_post(struct http_req *r, struct http_res *res);
int page_import(struct http_req *r, struct http_res *res);
int page_import_post(struct http_req *r, struct http_res *res);
int page_audit(struct http_req *r, struct http_res *res);
int page_strategy(struct http_req *r, struct http_res *res);
int page_feedback(struct http_req *r, struct http_res *res);
int page_access_log(struct http_req *r, struct http_res *res);
int api_feedback_outcomes(struct http_req *r, struct http_res *res);
int page_feedback_alerts(struct http_req *r, struct http_res *res);
int api_feedback_alerts(struct http_req *r, struct http_res *res);
int api_feedback_aggregates(struct http_req *r, struct http_res *res);
int page_session_form(struct http_req *r, struct http_res *res);
int page_session_post(struct http_req *r, struct http_res *res);
int api_session_record(struct http_req *r, struct http_res *res);
int page_episode(struct http_req *r, struct http_res *res);
int page_strategy_post(struct http_req *r, struct http_res *res);
int page_plans(struct http_req *r, struct http_res *res);
int page_plan_new(struct http_req *r, struct http_res *res);
int page_plan_create(struct http_req *r, struct http_res *res);
int page_plan(struct http_req *r, struct http_res *res);
int page_plan_edit(struct http_req *r, struct http_res *res);
int page_plan_update(struct http_req *r, struct http_res *res);
int page_plan_approve(struct http_req *r, struct http_res *res);
int page_plan_archive(struct http_req *r, struct http_res *res);
int page_plan_version(struct http_req *r, struct http_res *res);
int page_initiative_save(struct http_req *r, struct http_res *res);
int page_initiative_progress(struct http_req *r, struct http_res *res);
int page_redthread(struct http_req *r, struct http_res *res);
int page_redthread_gaps(struct http_req *r, struct http_res *res);
int page_css(struct http_req *r, struct http_res *res);
int page_favicon(struct http_req *r, struct http_res *res);
/* /offentlig: the latest published edition (pages_public.c). */
int page_public(struct http_req *r, struct http_res *res);

#endif
