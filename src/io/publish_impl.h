/*
 * publish_impl.h — what the publisher's files share (private to
 * src/io/publish*.c): the edition as a model built once from the store
 * (publish.c), then written as pages (publish_html.c), open data
 * (publish_data.c) and the workbook (publish_xlsx.c). Every figure the
 * writers show comes from this model, which already says what is hidden.
 */
#ifndef PEJL_PUBLISH_IMPL_H
#define PEJL_PUBLISH_IMPL_H

#include "core/suppress.h"
#include "io/feedback_report.h"
#include "io/plan_report.h"
#include "io/publish.h"
#include "io/status_report.h"
#include "util/buf.h"

#include <stdbool.h>

/* One published breakdown: a goal at one period, units (the level below
 * the organisation) × target groups, with totals, suppressed. */
struct pub_table {
	struct period period;
	size_t nrows, ncols;   /* before residuals (sb.rows, sb.cols after) */
	const char **row_codes; /* sb.rows; the residual row's code is NULL */
	const char **row_names;
	const char **col_codes; /* sb.cols; NULL for "all groups" and the residual */
	const char **col_names_da, **col_names_en;
	bool all_groups_col;    /* no group breakdown: the one column is all groups */
	struct suppress_breakdown sb;
};

struct pub_goal {
	const struct pm_status *pm;
	const struct goal_status *gs;
	struct pub_table *tables; /* one per period with observations, oldest first */
	size_t ntables;
	bool *series_hidden;      /* per gs->series point */
	struct point *shown;      /* the series without hidden points (charts) */
	size_t nshown;
	bool value_hidden;        /* the status's value is withheld */
	bool progress_hidden;     /* progress % would give the value away */
	bool explanation_hidden;  /* the explanation names a withheld figure */
	const struct pub_table *current; /* the table of the value's period, or NULL */
	struct commentary *cm;    /* the period's commentary, newest first */
	size_t ncm;
};

struct edition {
	struct status_report *rep;
	const struct publish_opts *o;
	char name[32];           /* directory name */
	const char *root_code, *root_name;
	struct pub_goal *goals;  /* every goal, pejlemærke by pejlemærke */
	size_t ngoals;
	size_t *pm_first;        /* pm i's goals start at goals[pm_first[i]] */
	const char *dir;         /* the temporary edition directory being written */
	/* feedback aggregates for the period with the public threshold, for the
	 * pejlemærker with goals computed from feedback; NULL when none is */
	struct feedback_units_view *fb;
	/* the plans and the red thread: the approved plans' initiatives serving
	 * each pejlemærke */
	struct plan_report *plans;
	struct redthread *rt;
	size_t files;
};

/* The goal of pejlemærke i, number j. */
const struct pub_goal *edition_goal(const struct edition *e, size_t i, size_t j);

/* Writes b to dir/rel (creating directories), checking the buffer's error
 * and the write. Counts the file. */
int edition_put(struct edition *e, const char *rel, struct buf *b);

/* The explanation to show for a goal in a language (a neutral sentence
 * when the status's own names a withheld figure). */
const char *pub_explanation(const struct pub_goal *g, enum lang lang);

int publish_pages(struct edition *e);
int publish_data(struct edition *e);
int publish_xlsx(struct edition *e);

/* The stylesheet of the edition: the application's plus print rules. */
void publish_css(struct buf *b);

#endif
