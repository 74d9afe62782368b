/*
 * feedback_report.c — see feedback_report.h.
 */
#include "io/feedback_report.h"

#include "io/feedback_import.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The period, the units and the tree of the view. */
static int view_begin(struct feedback_units_view *v, struct store *s, struct arena *a, const char *root,
		      const char *period, long k)
{
	int rc;

	memset(v, 0, sizeof *v);
	v->k = k;
	v->root = -1;
	if (!period_parse(&v->period, period))
		return err_set(PEJL_EINPUT, "period: \"%s\" is not a period (2017, 2017Q3, 2017-03 or 2016/17)", period);
	period_days(v->period, v->first, v->last);
	if ((rc = store_unit_list(&v->units, &v->nunits, s, a)) < 0)
		return rc;
	orgindex_build(&v->ix, v->units, v->nunits, arena_calloc(a, v->nunits + 1, sizeof(const char *)));
	v->parent = arena_calloc(a, v->ix.ncodes + 1, sizeof *v->parent);
	orgtree_parents(v->units, v->nunits, &v->ix, v->first, v->last, v->parent);
	if (root && ((v->root = orgindex_find(&v->ix, root)) < 0 || v->parent[v->root] == -2))
		return err_set(PEJL_ENOTFOUND, "unit: %s did not exist in %s", root, period);
	return 0;
}

/* The aggregates of the rows that ended in the view's period. */
static int view_compute(struct feedback_units_view *v, struct arena *a, const struct episode_row *rows, size_t nrows,
			const struct instrument_set *set)
{
	struct feedback_episode *eps = arena_calloc(a, nrows + 1, sizeof *eps);
	struct feedback_units_in in = {0};
	size_t n = 0;

	for (size_t i = 0; i < nrows; i++)
		if (rows[i].end_date && strcmp(rows[i].end_date, v->first) >= 0 && strcmp(rows[i].end_date, v->last) <= 0)
			feedback_episode_from_row(&eps[n++], &rows[i],
						  arena_calloc(a, rows[i].nforms + 1, sizeof(struct feedback_session)));
	v->nepisodes = n;
	in.ix = &v->ix;
	in.parent = v->parent;
	in.root = v->root;
	in.eps = eps;
	in.neps = n;
	in.set = set;
	in.k = v->k;
	return feedback_unit_aggregates(&v->rows, &v->nrows, &in, a);
}

/* Reading the episodes that ended in the period one at a time, keeping
 * only what the aggregates need of each. */
struct view_read {
	struct feedback_units_in in;
	struct arena *a;
	struct feedback_unit_episode *ues;
	size_t n, cap;
	struct feedback_scratch scratch;
};

static int view_read_one(void *ctx, const struct episode_row *row)
{
	struct view_read *r = ctx;
	struct feedback_episode ep;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->ues = xreallocarray(r->ues, r->cap, sizeof *r->ues);
	}
	feedback_episode_from_row_in(&ep, row, &r->scratch);
	return feedback_unit_episode(&r->ues[r->n++], &ep, &r->in, r->a);
}

static int cmp_unit_episode(const void *x, const void *y)
{
	return strcmp(((const struct feedback_unit_episode *)x)->id, ((const struct feedback_unit_episode *)y)->id);
}

int feedback_units_view(struct feedback_units_view *v, struct store *s, struct arena *a, const char *root,
			const char *period, const struct instrument_set *set, long k)
{
	struct view_read r = {.a = a};
	int rc;

	if ((rc = view_begin(v, s, a, root, period, k)) < 0)
		return rc;
	r.in.ix = &v->ix;
	r.in.parent = v->parent;
	r.in.root = v->root;
	r.in.set = set;
	r.in.k = v->k;
	if ((rc = store_episodes_ended_each(s, v->first, v->last, view_read_one, &r)) == 0) {
		/* by episode code, as the rows of feedback_units_view_rows come */
		if (r.n > 1)
			qsort(r.ues, r.n, sizeof *r.ues, cmp_unit_episode);
		v->nepisodes = r.n;
		r.in.ues = r.ues;
		r.in.neps = r.n;
		rc = feedback_unit_aggregates(&v->rows, &v->nrows, &r.in, a);
	}
	free(r.ues);
	feedback_scratch_free(&r.scratch);
	return rc;
}

int feedback_units_view_rows(struct feedback_units_view *v, struct store *s, struct arena *a,
			     const struct episode_row *rows, size_t nrows, const char *root, const char *period,
			     const struct instrument_set *set, long k)
{
	int rc;

	if ((rc = view_begin(v, s, a, root, period, k)) < 0)
		return rc;
	return view_compute(v, a, rows, nrows, set);
}

const char *feedback_units_name(const struct feedback_units_view *v, long code)
{
	const char *name = "";

	if (code < 0 || (size_t)code >= v->ix.ncodes)
		return name;
	/* the row of the code valid last in the period */
	for (size_t i = 0; i < v->nunits; i++)
		if (strcmp(v->units[i].code, v->ix.codes[code]) == 0 && strcmp(v->units[i].valid_from, v->last) <= 0)
			name = v->units[i].name;
	return name;
}

/* The figures of a row: JSON key, whether there is a value, the value. */
struct figure {
	const char *key;
	bool has;
	double value;
	int decimals;
};

static size_t figures(struct figure *f, const struct feedback_aggregate *ag)
{
	size_t n = 0;

#define FIG(k, h, v, d) f[n++] = (struct figure){k, h, v, d}
	FIG("episodes", true, (double)ag->episodes, 0);
	FIG("citizens", true, (double)ag->citizens, 0);
	FIG("classified", true, (double)ag->classified, 0);
	FIG("mean_intake", ag->has_means, ag->mean_intake, 1);
	FIG("mean_final", ag->has_means, ag->mean_final, 1);
	FIG("mean_change", ag->has_means, ag->mean_change, 1);
	FIG("effect_size", ag->has_effect, ag->effect_size, 2);
	FIG("pct_recovered", ag->classified > 0, ag->pct_recovered, 1);
	FIG("pct_improved", ag->classified > 0, ag->pct_improved, 1);
	FIG("pct_deteriorated", ag->classified > 0, ag->pct_deteriorated, 1);
	FIG("pct_unplanned", ag->has_unplanned, ag->pct_unplanned, 1);
	FIG("mean_sessions", ag->has_sessions, ag->mean_sessions, 1);
	FIG("mean_final_alliance", ag->has_final_alliance, ag->mean_final_alliance, 1);
	FIG("pct_alliance_ok", ag->has_alliance_share, ag->pct_alliance_ok, 1);
#undef FIG
	return n;
}
#define NFIGURES 14

/* v rounded to `decimals` places as printf rounds it ("%.1f" of 2.25 is
 * 2.2), so the JSON says what the CSV and the text table say. */
static double rounded(double v, int decimals)
{
	char tmp[64];

	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	return strtod(tmp, NULL);
}

void feedback_units_json(struct jsonw *w, const struct feedback_units_view *v)
{
	char period[16];

	period_format(period, sizeof period, v->period);
	jsonw_obj_begin(w);
	jsonw_kstr(w, "period", period);
	jsonw_kstr(w, "unit", v->root >= 0 ? v->ix.codes[v->root] : NULL);
	jsonw_kint(w, "k", v->k);
	jsonw_kint(w, "episodes_ended", (int64_t)v->nepisodes);
	jsonw_key(w, "rows");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct feedback_unit_row *r = &v->rows[i];
		struct figure f[NFIGURES];
		size_t nf = figures(f, &r->ag);

		jsonw_obj_begin(w);
		jsonw_kstr(w, "unit", v->ix.codes[r->code]);
		jsonw_kstr(w, "name", feedback_units_name(v, r->code));
		jsonw_kstr(w, "parent", r->parent >= 0 ? v->ix.codes[r->parent] : NULL);
		jsonw_kint(w, "depth", r->depth);
		jsonw_kstr(w, "instrument", r->instrument);
		jsonw_kbool(w, "suppressed", r->hidden);
		if (!r->hidden)
			for (size_t j = 0; j < nf; j++) {
				jsonw_key(w, f[j].key);
				if (f[j].has)
					jsonw_num(w, rounded(f[j].value, f[j].decimals));
				else
					jsonw_null(w);
			}
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

void feedback_units_csv(struct csvw *w, const struct feedback_units_view *v)
{
	static const char *const head[] = {"unit", "name", "parent", "depth", "instrument", "suppressed", NULL};
	struct figure f[NFIGURES];
	size_t nf = figures(f, &(struct feedback_aggregate){0});

	for (size_t j = 0; head[j]; j++)
		csvw_text(w, head[j]);
	for (size_t j = 0; j < nf; j++)
		csvw_text(w, f[j].key);
	csvw_end_row(w);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct feedback_unit_row *r = &v->rows[i];

		nf = figures(f, &r->ag);
		csvw_text(w, v->ix.codes[r->code]);
		csvw_text(w, feedback_units_name(v, r->code));
		csvw_text(w, r->parent >= 0 ? v->ix.codes[r->parent] : NULL);
		csvw_int(w, r->depth);
		csvw_text(w, r->instrument);
		csvw_int(w, r->hidden);
		for (size_t j = 0; j < nf; j++)
			csvw_num(w, !r->hidden && f[j].has ? f[j].value : NAN, f[j].decimals);
		csvw_end_row(w);
	}
}
