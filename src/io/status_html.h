/*
 * status_html.h — the status as HTML pieces, shared by the web pages
 * (src/web/pages_status.c) and the static public edition (io/publish*.c):
 * verdict badges, goal rows, the goal's chart input, its series as a data
 * table, its definition and version history.
 *
 * Nothing here knows about HTTP: the caller gives the language and how
 * links to a goal or a pejlemærke are written (an absolute path on the
 * server, a relative file in the edition). Every text goes through html_f,
 * which escapes; the only unescaped fragments are the charts that
 * io/chart.c built.
 */
#ifndef PEJL_STATUS_HTML_H
#define PEJL_STATUS_HTML_H

#include "io/chart.h"
#include "io/status_report.h"
#include "util/buf.h"

#include <stdbool.h>

/* How the pieces are written: language and link shapes. A goal's link is
 * goal_prefix CODE goal_suffix ("/goals/" "1A" "" on the server,
 * "../delmaal/" "1A" ".html" in the edition); likewise a pejlemærke's. */
struct status_html {
	enum lang lang;
	const char *goal_prefix, *goal_suffix;
	const char *pm_prefix, *pm_suffix;
};

/* da or en by h->lang. */
const char *sh_tr(const struct status_html *h, const char *da, const char *en);

const char *status_html_arrow(enum trend t);
const char *status_html_trend_text(const struct status_html *h, enum trend t);
/* The verdict as a labelled badge, with the trend arrow and its words. */
void status_html_badge(struct buf *b, const struct status_html *h, enum verdict v, enum trend t);
const char *status_html_goal_title(const struct status_html *h, const struct goal_version *v);
const char *status_html_pm_title(const struct status_html *h, const struct pejlemaerke *pm);

/* The chart input for a goal's status (id: the SVG's id prefix); series
 * may replace the goal's own (the edition leaves out hidden points). */
void status_html_chart_input(struct chart_input *ci, const struct status_html *h, const struct goal_status *gs,
			     const struct point *series, size_t n, const char *id);

/* "1.024 (2017)", "93,4 % (2017)" or "–". */
void status_html_value(char *out, size_t n, const struct status_html *h, const struct goal_status *gs);

/* One row of a goals table (code, title, verdict, value, baseline,
 * target) and a row under it with the explanation. value_hidden writes
 * the hidden-value text instead of the value (the edition's suppression),
 * explanation replaces the status's own when not NULL. */
void status_html_goal_row(struct buf *b, const struct status_html *h, const struct goal_status *gs,
			  bool value_hidden, const char *explanation);
/* The head of a goals table (caption and column headings). */
void status_html_goals_head(struct buf *b, const struct status_html *h);

/* One row of the pejlemærker overview: link, badge, sparkline, counts. */
void status_html_pm_row(struct buf *b, const struct status_html *h, const struct pm_status *ps,
			const struct point *series, size_t n);
/* The head of the overview table, with the period in the caption. */
void status_html_pm_head(struct buf *b, const struct status_html *h, const char *period);

/* The goal's measurements as a table: period, value, note. hidden[i]
 * (may be NULL) marks points whose value is withheld (fewer than
 * SUPPRESS_K_PUBLIC persons). */
void status_html_series_table(struct buf *b, const struct status_html *h, const struct goal_status *gs,
			      const bool *hidden);

/* The goal's definition (how measured, source, measure, owner). */
void status_html_definition(struct buf *b, const struct status_html *h, const struct goal_version *v);

/* The goal's versions (the political decisions), newest first. */
void status_html_versions(struct buf *b, const struct status_html *h, const struct goal *g);

/* The text shown for a withheld figure. */
const char *status_html_hidden_text(const struct status_html *h);

#endif
