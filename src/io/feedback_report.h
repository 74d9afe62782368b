/*
 * feedback_report.h — feedback aggregates per unit subtree for a period
 * (core/feedback_units.h) loaded from the store and written as JSON, CSV or
 * rows for a page: the one place the CLI, the API and the leader pages get
 * them from.
 */
#ifndef PEJL_FEEDBACK_REPORT_H
#define PEJL_FEEDBACK_REPORT_H

#include "core/feedback_units.h"
#include "core/period.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include "store/store.h"

struct feedback_units_view {
	struct period period;
	char first[11], last[11]; /* the period's days */
	struct orgindex ix;
	long *parent;
	struct unit *units;
	size_t nunits;
	long root; /* code index, or -1 */
	struct feedback_unit_row *rows;
	size_t nrows;
	size_t nepisodes; /* episodes that ended in the period */
	long k;
};

/* Loads the episodes that ended in `period` ("2017", "2017Q2", ...) and
 * aggregates them over the subtree of unit `root` (NULL: the whole
 * organisation) as it stood in the period, hiding small cells with k.
 * Returns 0, PEJL_EINPUT for a period that does not parse, PEJL_ENOTFOUND
 * for a root unknown in the period. The rows are aggregates, not
 * citizen-level data: no access log. */
int feedback_units_view(struct feedback_units_view *v, struct store *s, struct arena *a, const char *root,
			const char *period, const struct instrument_set *set, long k);

/* The same from episodes already loaded (any set: those that ended in the
 * period are used). */
int feedback_units_view_rows(struct feedback_units_view *v, struct store *s, struct arena *a,
			     const struct episode_row *rows, size_t nrows, const char *root, const char *period,
			     const struct instrument_set *set, long k);

/* The unit's name in the period ("" when unknown). */
const char *feedback_units_name(const struct feedback_units_view *v, long code);

/* {"period":…, "unit":…, "k":…, "rows":[{"unit":…, "name":…, "parent":…,
 * "depth":…, "instrument":…, "suppressed":false, "episodes":…, …}]}; a
 * suppressed row has only unit, name, parent, depth, instrument and
 * "suppressed":true. */
void feedback_units_json(struct jsonw *w, const struct feedback_units_view *v);
/* The same rows as CSV with a header; suppressed cells are empty. */
void feedback_units_csv(struct csvw *w, const struct feedback_units_view *v);

#endif
