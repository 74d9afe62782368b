/*
 * pages_impl.h — what the page files share (private to src/web): the
 * widgets every page uses.
 */
#ifndef PEJL_PAGES_IMPL_H
#define PEJL_PAGES_IMPL_H

#include "io/chart.h"
#include "io/status_html.h"
#include "io/status_report.h"
#include "util/diag.h"
#include "web/pages.h"

/* The shared status pieces (io/status_html.h) for r's language, with the
 * server's links. */
void page_status_html(struct status_html *h, const struct http_req *r);
const char *goal_title(struct http_req *r, const struct goal_version *v);
const char *pm_title(struct http_req *r, const struct pejlemaerke *pm);
void period_picker(struct http_req *r, struct buf *b, const struct status_report *rep);
const struct goal_status *report_goal(const struct status_report *rep, const char *code, const struct pm_status **pm);
/* The problems of a form or file, as an alert list. */
void diag_list(struct http_req *r, struct buf *b, const struct diag *d);
void text_input(struct buf *b, const char *id, const char *label, const char *value, bool required);
void select_input(struct buf *b, const char *id, const char *label, const char *const *options, const char *selected);

#endif
