/*
 * pages_plan_impl.h — what the plan pages (pages_plan.c), the plan forms
 * (pages_plan_edit.c) and the red-thread pages (pages_redthread.c) share.
 * Private to src/web.
 */
#ifndef PEJL_PAGES_PLAN_IMPL_H
#define PEJL_PAGES_PLAN_IMPL_H

#include "io/plan_report.h"
#include "io/table.h"
#include "web/pages_impl.h"

/* The page is in Danish. */
bool pp_da(const struct http_req *r);
/* The plan report for the request (default strategy, today's date;
 * with each goal's latest commentary when asked). */
int pp_load(struct plan_report *rep, struct http_req *r, bool commentary);
/* "2017" or "2016–2017". */
const char *pp_years(struct http_req *r, const struct plan *p);
void pp_status_badge(struct http_req *r, struct buf *b, enum plan_status s);
/* The unit's name (its code when unknown), linked to its red thread. */
void pp_unit_link(struct http_req *r, struct buf *b, const struct plan_report *rep, const char *unit);
/* Answers a table as a CSV or XLSX download when ?format= asks for it;
 * true when it did (or failed: *rc says). */
bool pp_export_requested(int *rc, struct http_req *r, struct http_res *res, const struct table *t,
			 const char *name);
/* Links to the CSV and XLSX of this page with its query. */
void pp_export_links(struct http_req *r, struct buf *b);
/* The units valid today in tree order, as <option>s (selected: sel). Only
 * the user's subtree when mine. */
void pp_unit_options(struct http_req *r, struct buf *b, const struct plan_report *rep, const char *sel, bool mine);
/* What an initiative serves, as a list of links into the strategy. */
void pp_links_list(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct initiative *in);

/* The request's CSRF token ("" when none). */
const char *pp_csrf(const struct http_req *r);
/* A whole number from a form or query, 0 when it is none or out of range
 * (the validator then names the field). */
int pp_whole(const char *s);
/* The <option>s of the plan types, sel selected. */
void pp_type_options(struct http_req *r, struct buf *b, const char *sel);

#endif
