/*
 * pages_impl.h — what the page files share (private to src/web): the
 * widgets every page uses.
 */
#ifndef PEJL_PAGES_IMPL_H
#define PEJL_PAGES_IMPL_H

#include "io/chart.h"
#include "io/status_report.h"
#include "util/diag.h"
#include "web/pages.h"

const char *arrow(enum trend t);
const char *trend_text(struct http_req *r, enum trend t);
/* The verdict as a labelled badge, with the trend arrow and its words. */
void verdict_badge(struct http_req *r, struct buf *b, enum verdict v, enum trend t);
const char *goal_title(struct http_req *r, const struct goal_version *v);
const char *pm_title(struct http_req *r, const struct pejlemaerke *pm);
void fill_chart(struct chart_input *ci, struct http_req *r, const struct goal_status *gs, const char *id);
void value_text(char *out, size_t n, struct http_req *r, const struct goal_status *gs);
void period_picker(struct http_req *r, struct buf *b, const struct status_report *rep);
void goal_row(struct http_req *r, struct buf *b, const struct goal_status *gs);
const struct goal_status *report_goal(const struct status_report *rep, const char *code, const struct pm_status **pm);
void version_table(struct http_req *r, struct buf *b, const struct goal *g);
/* The problems of a form or file, as an alert list. */
void diag_list(struct http_req *r, struct buf *b, const struct diag *d);
void text_input(struct buf *b, const char *id, const char *label, const char *value, bool required);
void select_input(struct buf *b, const char *id, const char *label, const char *const *options, const char *selected);

#endif
