/*
 * status_report.c — see status_report.h.
 *
 * Per goal: one scan of the latest observations up to the period, into a
 * flat array of struct agg_obs; the unit tree of each period; one
 * aggregate_goal call; then status_compute per unit wanted. Memory is per
 * goal and freed before the next.
 */
#include "io/status_report.h"

#include "core/aggregate.h"
#include "core/orgtree.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include "io/table.h"
#include "util/date.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	struct store *s;
	struct arena *a;
	const struct strategy_doc *doc;
	struct orgindex ix;
	long group; /* 0 all, else 1-based index into doc->groups */
};

struct collect {
	const struct ctx *c;
	enum period_kind kind;
	struct agg_obs *obs;
	size_t n, cap;
	struct period *periods;
	char (*ptext)[16];
	size_t np, capp;
};

static int collect_row(void *ctx, const struct obs_row *r)
{
	struct collect *k = ctx;
	struct period p;
	long code, group = 0;
	struct agg_obs *o;

	if (k->np == 0 || strcmp(k->ptext[k->np - 1], r->period) != 0) {
		if (!period_parse(&p, r->period) || p.kind != k->kind)
			return 0;
		if (k->np == k->capp) {
			k->capp = k->capp ? k->capp * 2 : 16;
			k->periods = xreallocarray(k->periods, k->capp, sizeof *k->periods);
			k->ptext = xreallocarray(k->ptext, k->capp, sizeof *k->ptext);
		}
		k->periods[k->np] = p;
		snprintf(k->ptext[k->np], sizeof k->ptext[k->np], "%s", r->period);
		k->np++;
	}
	if ((code = orgindex_find(&k->c->ix, r->unit)) < 0)
		return 0;
	if (r->group[0]) {
		group = -1;
		for (size_t i = 0; i < k->c->doc->ngroups; i++)
			if (strcmp(k->c->doc->groups[i].code, r->group) == 0)
				group = (long)i + 1;
		if (group < 0)
			return 0;
	}
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 4096;
		k->obs = xreallocarray(k->obs, k->cap, sizeof *k->obs);
	}
	o = &k->obs[k->n++];
	o->code = code;
	o->group = group;
	o->period = k->np - 1;
	o->state = r->state;
	o->v = r->v;
	return 0;
}

/* Reads every observation of a goal up to `at` into k, and the tree of
 * each period into *parents (np × ncodes; caller frees it and k's arrays). */
static int goal_scan(struct collect *k, long **parents, const struct ctx *c, const struct goal *g, struct period at)
{
	char to[16];
	int rc;

	memset(k, 0, sizeof *k);
	k->c = c;
	k->kind = at.kind;
	*parents = NULL;
	period_format(to, sizeof to, at);
	if ((rc = store_obs_scan(c->s, g->id, NULL, to, collect_row, k)) < 0)
		return rc;
	*parents = xcalloc(k->np * c->ix.ncodes + 1, sizeof **parents);
	for (size_t p = 0; p < k->np; p++) {
		char first[11], last[11];

		period_days(k->periods[p], first, last);
		orgtree_parents(c->doc->units, c->doc->nunits, &c->ix, first, last, *parents + p * c->ix.ncodes);
	}
	return 0;
}

static void collect_free(struct collect *k)
{
	free(k->obs);
	free(k->periods);
	free(k->ptext);
}

/* Every unit's points of the scanned goal for one group (0: all groups):
 * pts holds np × ncodes. */
static void goal_aggregate(struct point *pts, const struct collect *k, const long *parents,
			   const struct goal_version *v, size_t ncodes, long group)
{
	struct agg_input in = {0};

	in.measure = v->measure;
	in.rate_factor = v->rate_factor;
	in.ncodes = ncodes;
	in.periods = k->periods;
	in.nperiods = k->np;
	in.parents = parents;
	in.obs = k->obs;
	in.nobs = k->n;
	in.group = group;
	aggregate_goal(pts, &in);
}

/* All units' points of one goal up to `at`: *pts is np × ncodes (caller
 * frees *pts and *periods). */
static int goal_points(struct point **pts, struct period **periods, size_t *np, const struct ctx *c,
		       const struct goal *g, const struct goal_version *v, struct period at)
{
	struct collect k;
	long *parents = NULL;
	int rc;

	if ((rc = goal_scan(&k, &parents, c, g, at)) < 0)
		goto out;
	*pts = xcalloc(k.np * c->ix.ncodes + 1, sizeof **pts);
	goal_aggregate(*pts, &k, parents, v, c->ix.ncodes, c->group);
	*periods = k.periods;
	k.periods = NULL;
	*np = k.np;
	rc = 0;
out:
	free(parents);
	collect_free(&k);
	return rc;
}

/* The series of unit `code` out of all units' points, skipping periods
 * where it has no figure and no state. */
static size_t unit_series(struct point *out, const struct point *pts, size_t np, size_t ncodes, long code)
{
	size_t n = 0;

	for (size_t p = 0; p < np; p++) {
		const struct point *pt = &pts[p * ncodes + (size_t)code];

		if (pt->parts == 0 && !pt->has_value && pt->state == OBS_MISSING)
			continue;
		out[n++] = *pt;
	}
	return n;
}

static int setup(struct ctx *c, struct store *s, struct arena *a, const struct status_opts *o,
		 struct strategy_doc **doc, struct period *asked, char *period_text)
{
	const char *code = o->strategy;
	char *def;
	int rc;

	memset(c, 0, sizeof *c);
	c->s = s;
	c->a = a;
	if (!code) {
		if ((rc = store_strategy_default(&def, s, a)) < 0)
			return rc;
		code = def;
	}
	if ((rc = store_strategy_load(doc, s, a, code)) < 0)
		return rc;
	c->doc = *doc;
	if (o->period) {
		if (!period_parse(asked, o->period))
			return err_set(PEJL_EINPUT, "--period \"%s\" is not a period (2017, 2017Q3, 2017-03 or 2016/17)",
				       o->period);
	} else {
		int year = date_today().year - 1;

		if ((*doc)->strategy.valid_to < year)
			year = (*doc)->strategy.valid_to;
		*asked = (struct period){PERIOD_YEAR, year, 0};
	}
	period_format(period_text, 16, *asked);
	orgindex_build(&c->ix, (*doc)->units, (*doc)->nunits,
		       arena_calloc(a, (*doc)->nunits ? (*doc)->nunits : 1, sizeof(char *)));
	if (o->group) {
		c->group = -1;
		for (size_t i = 0; i < (*doc)->ngroups; i++)
			if (strcmp((*doc)->groups[i].code, o->group) == 0)
				c->group = (long)i + 1;
		if (c->group < 0)
			return err_set(PEJL_ENOTFOUND, "no target group \"%s\"", o->group);
	}
	return 0;
}

static long report_unit(const struct ctx *c, const struct status_opts *o, struct period asked)
{
	char first[11], last[11];
	long *parents = xcalloc(c->ix.ncodes + 1, sizeof *parents), code = -1;

	period_days(asked, first, last);
	orgtree_parents(c->doc->units, c->doc->nunits, &c->ix, first, last, parents);
	if (o->unit) {
		code = orgindex_find(&c->ix, o->unit);
		if (code < 0)
			err_set(PEJL_ENOTFOUND, "no unit \"%s\"", o->unit);
		else if (parents[code] == -2) {
			err_set(PEJL_ENOTFOUND, "unit %s did not exist in that period", o->unit);
			code = -1;
		}
	} else {
		for (size_t i = 0; i < c->ix.ncodes; i++)
			if (parents[i] == -1) {
				code = (long)i;
				break;
			}
		if (code < 0)
			err_set(PEJL_ENOTFOUND, "the organisation has no unit in that period");
	}
	free(parents);
	return code;
}

/* A goal's baseline and target are decided for the whole organisation and
 * all target groups. For one unit's subtree or one group, the baseline is
 * that part's own value in the baseline period (if it has one; otherwise
 * the status engine uses its first value), and a count target is dropped
 * (a city-wide count says nothing about a part); level, cap and floor
 * targets of proportions, rates and means apply to each part as they are,
 * and a percent target is taken from the part's own baseline. */
static const struct goal_version *local_version(struct arena *a, const struct goal_version *v,
						 const struct point *series, size_t n)
{
	struct goal_version *lv = arena_alloc(a, sizeof *lv);
	struct period b;

	*lv = *v;
	lv->has_baseline = false;
	lv->baseline_period = NULL;
	if (v->has_baseline && period_parse(&b, v->baseline_period))
		for (size_t i = 0; i < n; i++)
			if (series[i].has_value && series[i].state != OBS_MISSING && period_cmp(series[i].period, b) == 0) {
				lv->has_baseline = true;
				lv->baseline_period = v->baseline_period;
				lv->baseline_value = series[i].value;
			}
	if (v->measure == MEASURE_COUNT || v->target_kind == TARGET_DELTA ||
	    (v->target_kind == TARGET_PERCENT && !lv->has_baseline)) {
		lv->target_kind = TARGET_NONE;
		lv->target_period = NULL;
	}
	return lv;
}

int status_report_build(struct status_report **out, struct store *s, struct arena *a, const struct status_opts *o)
{
	struct status_report *r = arena_calloc(a, 1, sizeof *r);
	struct strategy_doc *doc;
	struct pejlemaerke_status *rolls;
	struct period asked;
	struct ctx c;
	long unit;
	bool is_root;
	int rc;

	if ((rc = setup(&c, s, a, o, &doc, &asked, r->period)) < 0)
		return rc;
	if ((unit = report_unit(&c, o, asked)) < 0)
		return PEJL_ENOTFOUND;
	is_root = !o->unit || report_unit(&c, &(struct status_opts){0}, asked) == unit;
	r->doc = doc;
	r->unit = c.ix.codes[unit];
	for (size_t i = 0; i < doc->nunits; i++)
		if (strcmp(doc->units[i].code, r->unit) == 0)
			r->unit_name = doc->units[i].name;
	r->group = o->group;
	r->npms = doc->strategy.npejlemaerker;
	r->pms = arena_calloc(a, r->npms, sizeof *r->pms);
	rolls = arena_calloc(a, r->npms, sizeof *rolls);
	for (size_t i = 0; i < r->npms; i++) {
		const struct pejlemaerke *pm = &doc->strategy.pejlemaerker[i];
		struct pm_status *ps = &r->pms[i];
		struct status *sts = arena_calloc(a, pm->ngoals, sizeof *sts);
		size_t main_index = 0;

		ps->pm = pm;
		ps->goals = arena_calloc(a, pm->ngoals, sizeof *ps->goals);
		for (size_t j = 0; j < pm->ngoals; j++) {
			struct goal_status *gs = &ps->goals[j];
			const struct goal *g = &pm->goals[j];
			struct point *pts = NULL;
			struct period *periods = NULL;
			struct status_input in;
			char first[11], last[11];
			size_t np = 0;

			period_days(asked, first, last);
			gs->goal = g;
			gs->version = goal_version_at(g, last);
			if (!gs->version)
				gs->version = &g->versions[0];
			gs->at = period_for_cadence(asked, gs->version->cadence);
			if ((rc = goal_points(&pts, &periods, &np, &c, g, gs->version, gs->at)) < 0)
				return rc;
			gs->series = arena_calloc(a, np + 1, sizeof *gs->series);
			gs->nseries = unit_series(gs->series, pts, np, c.ix.ncodes, unit);
			free(pts);
			free(periods);
			if (!is_root || o->group)
				gs->version = local_version(a, gs->version, gs->series, gs->nseries);
			in.goal = gs->version;
			in.at = gs->at;
			in.series = gs->series;
			in.npoints = gs->nseries;
			status_compute(&gs->st, &in);
			sts[j] = gs->st;
			r->goal_counts[gs->st.verdict]++;
			if (g->main)
				main_index = j;
		}
		status_pejlemaerke(&ps->roll, sts, pm->ngoals, main_index);
		rolls[i] = ps->roll;
	}
	status_strategy(&r->summary, rolls, r->npms);
	*out = r;
	return 0;
}

int status_all_units(size_t *count, struct store *s, struct arena *a, const struct status_opts *o, status_unit_cb cb,
		     void *ctx)
{
	struct strategy_doc *doc;
	struct period asked;
	char ptext[16], first[11], last[11];
	struct ctx c;
	struct point *series = NULL;
	long *roots;
	int rc;

	*count = 0;
	if ((rc = setup(&c, s, a, o, &doc, &asked, ptext)) < 0)
		return rc;
	period_days(asked, first, last);
	roots = arena_calloc(a, c.ix.ncodes + 1, sizeof *roots);
	orgtree_parents(doc->units, doc->nunits, &c.ix, first, last, roots);
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &doc->strategy.pejlemaerker[i].goals[j];
			const struct goal_version *v = goal_version_at(g, last);
			struct point *pts = NULL;
			struct period *periods = NULL;
			struct status_input in;
			size_t np = 0;

			if (!v)
				v = &g->versions[0];
			in.goal = v;
			in.at = period_for_cadence(asked, v->cadence);
			if ((rc = goal_points(&pts, &periods, &np, &c, g, v, in.at)) < 0)
				goto out;
			series = xreallocarray(series, np + 1, sizeof *series);
			for (size_t u = 0; u < c.ix.ncodes; u++) {
				struct status st;

				in.series = series;
				in.npoints = unit_series(series, pts, np, c.ix.ncodes, (long)u);
				in.goal = roots[u] == -1 && !o->group ? v : local_version(a, v, series, in.npoints);
				status_compute(&st, &in);
				if (cb)
					cb(ctx, g, c.ix.codes[u], &st);
				(*count)++;
			}
			free(pts);
			free(periods);
		}
	rc = 0;
out:
	free(series);
	return rc;
}

int status_breakdown(struct breakdown *out, struct store *s, struct arena *a, const struct status_report *r,
		     const struct goal_status *gs)
{
	struct ctx c;
	struct collect k;
	long *parents = NULL;
	size_t cells;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	c.s = s;
	c.a = a;
	c.doc = r->doc;
	orgindex_build(&c.ix, r->doc->units, r->doc->nunits,
		       arena_calloc(a, r->doc->nunits ? r->doc->nunits : 1, sizeof(char *)));
	if ((rc = goal_scan(&k, &parents, &c, gs->goal, gs->at)) < 0)
		goto out;
	out->nperiods = k.np;
	out->periods = arena_calloc(a, k.np + 1, sizeof *out->periods);
	memcpy(out->periods, k.periods, k.np * sizeof *k.periods);
	out->ncodes = c.ix.ncodes;
	out->codes = c.ix.codes;
	out->ngroups = r->doc->ngroups + 1;
	out->parents = arena_calloc(a, k.np * c.ix.ncodes + 1, sizeof *out->parents);
	memcpy(out->parents, parents, k.np * c.ix.ncodes * sizeof *parents);
	cells = k.np * c.ix.ncodes;
	out->pts = arena_calloc(a, out->ngroups * cells + 1, sizeof *out->pts);
	for (size_t grp = 0; grp < out->ngroups; grp++)
		goal_aggregate(out->pts + grp * cells, &k, parents, gs->version, c.ix.ncodes, (long)grp);
	rc = 0;
out:
	free(parents);
	collect_free(&k);
	return rc;
}

const struct point *breakdown_point(const struct breakdown *b, size_t group, size_t period, size_t code)
{
	return &b->pts[group * b->nperiods * b->ncodes + period * b->ncodes + code];
}

/* --- writers ----------------------------------------------------------------------- */

static void json_period_value(struct jsonw *w, const char *key, bool has, struct period p, double v)
{
	char t[16];

	jsonw_key(w, key);
	if (!has) {
		jsonw_null(w);
		return;
	}
	period_format(t, sizeof t, p);
	jsonw_obj_begin(w);
	jsonw_kstr(w, "period", t);
	jsonw_knum(w, "value", v);
	jsonw_obj_end(w);
}

static void json_opt_num(struct jsonw *w, const char *key, bool has, double v)
{
	jsonw_key(w, key);
	if (has)
		jsonw_num(w, v);
	else
		jsonw_null(w);
}

static void json_goal(struct jsonw *w, const struct goal_status *gs)
{
	const struct status *st = &gs->st;
	const struct goal_version *v = gs->version;
	char t[16];

	jsonw_obj_begin(w);
	jsonw_kstr(w, "code", gs->goal->code);
	jsonw_kbool(w, "main", gs->goal->main);
	jsonw_kstr(w, "title", v->title);
	jsonw_kstr(w, "title_en", v->title_en);
	jsonw_kstr(w, "measure", measure_name(v->measure));
	jsonw_kstr(w, "display_unit", v->display_unit);
	jsonw_kint(w, "decimals", v->decimals);
	jsonw_kstr(w, "direction", direction_name(v->direction));
	jsonw_kstr(w, "sampling", sampling_name(v->sampling));
	jsonw_kstr(w, "cadence", cadence_name(v->cadence));
	period_format(t, sizeof t, gs->at);
	jsonw_kstr(w, "period", t);
	json_opt_num(w, "value", st->has_value, st->value);
	if (st->has_value) {
		period_format(t, sizeof t, st->value_period);
		jsonw_kstr(w, "value_period", t);
		jsonw_kstr(w, "state", obs_state_name(st->state));
	} else {
		jsonw_kstr(w, "value_period", NULL);
		jsonw_kstr(w, "state", NULL);
	}
	jsonw_kbool(w, "carried", st->carried);
	json_period_value(w, "baseline", st->has_baseline, st->baseline_period, st->baseline);
	jsonw_kbool(w, "baseline_implicit", st->baseline_implicit);
	jsonw_key(w, "target");
	if (st->has_target) {
		period_format(t, sizeof t, st->target_period);
		jsonw_obj_begin(w);
		jsonw_kstr(w, "period", t);
		jsonw_knum(w, "value", st->target);
		jsonw_kstr(w, "kind", target_kind_name(v->target_kind));
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	json_opt_num(w, "expected", st->has_expected, st->expected);
	json_opt_num(w, "progress_pct", st->has_progress, st->progress_pct);
	json_period_value(w, "previous", st->has_previous, st->previous_period, st->previous);
	jsonw_kstr(w, "verdict", verdict_code(st->verdict));
	jsonw_key(w, "verdict_label");
	jsonw_obj_begin(w);
	jsonw_kstr(w, "da", verdict_label(st->verdict, LANG_DA));
	jsonw_kstr(w, "en", verdict_label(st->verdict, LANG_EN));
	jsonw_obj_end(w);
	jsonw_kstr(w, "trend", trend_code(st->trend));
	jsonw_key(w, "significance");
	if (st->test_applied) {
		jsonw_obj_begin(w);
		jsonw_kstr(w, "test", v->measure == MEASURE_PROPORTION ? "two_proportion_z" : "welch_t");
		jsonw_knum(w, "statistic", st->test.statistic);
		if (v->measure == MEASURE_MEAN)
			jsonw_knum(w, "df", st->test.df);
		jsonw_knum(w, "p", st->test.p);
		jsonw_kbool(w, "significant", st->test.significant);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "explanation");
	jsonw_obj_begin(w);
	jsonw_kstr(w, "da", st->explanation_da);
	jsonw_kstr(w, "en", st->explanation_en);
	jsonw_obj_end(w);
	jsonw_key(w, "series");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < gs->nseries; i++) {
		const struct point *p = &gs->series[i];

		period_format(t, sizeof t, p->period);
		jsonw_obj_begin(w);
		jsonw_kstr(w, "period", t);
		json_opt_num(w, "value", p->has_value, p->value);
		jsonw_kstr(w, "state", obs_state_name(p->state));
		if (v->measure == MEASURE_PROPORTION || v->measure == MEASURE_RATE) {
			jsonw_knum(w, "numerator", p->num);
			jsonw_knum(w, "denominator", p->den);
		} else if (v->measure == MEASURE_MEAN) {
			jsonw_knum(w, "n", p->n);
			json_opt_num(w, "sd", p->has_sd, p->sd);
		}
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void json_counts(struct jsonw *w, const size_t *counts)
{
	for (int k = 0; k < VERDICT_COUNT; k++)
		jsonw_kint(w, verdict_code((enum verdict)k), (int64_t)counts[k]);
}

void status_report_json(struct buf *b, const struct status_report *r, bool pretty)
{
	struct jsonw w;

	jsonw_init(&w, b, pretty);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "strategy", r->doc->strategy.code);
	jsonw_kstr(&w, "strategy_name", r->doc->strategy.name);
	jsonw_kstr(&w, "period", r->period);
	jsonw_kstr(&w, "unit", r->unit);
	jsonw_kstr(&w, "unit_name", r->unit_name);
	jsonw_kstr(&w, "group", r->group);
	jsonw_key(&w, "pejlemaerker");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < r->npms; i++) {
		const struct pm_status *ps = &r->pms[i];

		jsonw_obj_begin(&w);
		jsonw_kint(&w, "number", ps->pm->number);
		jsonw_kstr(&w, "title", ps->pm->title);
		jsonw_kstr(&w, "title_en", ps->pm->title_en);
		jsonw_kstr(&w, "verdict", verdict_code(ps->roll.verdict));
		jsonw_kstr(&w, "trend", trend_code(ps->roll.trend));
		jsonw_kstr(&w, "main_goal", ps->pm->ngoals ? ps->pm->goals[ps->roll.main_index].code : NULL);
		jsonw_key(&w, "counts");
		jsonw_obj_begin(&w);
		json_counts(&w, ps->roll.counts);
		jsonw_obj_end(&w);
		jsonw_key(&w, "goals");
		jsonw_arr_begin(&w);
		for (size_t j = 0; j < ps->pm->ngoals; j++)
			json_goal(&w, &ps->goals[j]);
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "summary");
	jsonw_obj_begin(&w);
	json_counts(&w, r->summary.counts);
	jsonw_kint(&w, "positive", (int64_t)r->summary.positive);
	jsonw_kint(&w, "of", (int64_t)r->summary.of);
	jsonw_key(&w, "headline");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "da", r->summary.headline_da);
	jsonw_kstr(&w, "en", r->summary.headline_en);
	jsonw_obj_end(&w);
	jsonw_key(&w, "goals");
	jsonw_obj_begin(&w);
	json_counts(&w, r->goal_counts);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
}

void status_report_csv(struct buf *b, const struct status_report *r)
{
	static const char *const head[] = {
		"pejlemaerke", "goal",	       "main",	      "period",	      "unit",	       "group",
		"value",       "value_period", "carried",     "state",	      "baseline_period", "baseline_value",
		"target_period", "target_value", "expected",  "progress_pct", "verdict",	       "trend",
		"explanation_da", "explanation_en", NULL};
	struct csvw w;
	char t[16];

	csvw_init(&w, b);
	for (size_t k = 0; head[k]; k++)
		csvw_text(&w, head[k]);
	csvw_end_row(&w);
	for (size_t i = 0; i < r->npms; i++)
		for (size_t j = 0; j < r->pms[i].pm->ngoals; j++) {
			const struct goal_status *gs = &r->pms[i].goals[j];
			const struct status *st = &gs->st;

			csvw_int(&w, r->pms[i].pm->number);
			csvw_text(&w, gs->goal->code);
			csvw_int(&w, gs->goal->main);
			period_format(t, sizeof t, gs->at);
			csvw_text(&w, t);
			csvw_text(&w, r->unit);
			csvw_text(&w, r->group);
			if (st->has_value) {
				csvw_num(&w, st->value, -1);
				period_format(t, sizeof t, st->value_period);
				csvw_text(&w, t);
			} else {
				csvw_text(&w, NULL);
				csvw_text(&w, NULL);
			}
			csvw_int(&w, st->carried);
			csvw_text(&w, st->has_value ? obs_state_name(st->state) : NULL);
			if (st->has_baseline) {
				period_format(t, sizeof t, st->baseline_period);
				csvw_text(&w, t);
				csvw_num(&w, st->baseline, -1);
			} else {
				csvw_text(&w, NULL);
				csvw_text(&w, NULL);
			}
			if (st->has_target) {
				period_format(t, sizeof t, st->target_period);
				csvw_text(&w, t);
				csvw_num(&w, st->target, -1);
			} else {
				csvw_text(&w, NULL);
				csvw_text(&w, NULL);
			}
			if (st->has_expected)
				csvw_num(&w, st->expected, -1);
			else
				csvw_text(&w, NULL);
			if (st->has_progress)
				csvw_num(&w, st->progress_pct, 1);
			else
				csvw_text(&w, NULL);
			csvw_text(&w, verdict_code(st->verdict));
			csvw_text(&w, trend_code(st->trend));
			csvw_text(&w, st->explanation_da);
			csvw_text(&w, st->explanation_en);
			csvw_end_row(&w);
		}
}

static const char *arrow(enum trend t)
{
	static const char *const a[] = {"", "↑", "↓", "→"};

	return a[t];
}

void status_report_text(struct buf *b, const struct status_report *r, enum lang lang)
{
	static const char *const head_da[] = {"pm", "mål", "vurdering", "", "værdi", "basis", "mål for", NULL};
	static const char *const head_en[] = {"pm", "goal", "verdict", "", "value", "baseline", "target", NULL};
	struct table t;

	buf_printf(b, "%s — status %s%s%s (%s%s%s)\n", r->doc->strategy.name,
		   lang == LANG_DA ? "" : "", r->period, "", r->unit_name ? r->unit_name : r->unit,
		   r->group ? ", " : "", r->group ? r->group : "");
	buf_printf(b, "%s%s.\n\n", lang == LANG_DA ? "Fremgang" : "Progress",
		   (lang == LANG_DA ? r->summary.headline_da : r->summary.headline_en) + (lang == LANG_DA ? 8 : 8));
	table_init(&t, lang == LANG_DA ? head_da : head_en);
	table_cap(&t, 1, 64);
	for (size_t i = 0; i < r->npms; i++) {
		const struct pm_status *ps = &r->pms[i];
		char num[8];
		const char *title = lang == LANG_EN && ps->pm->title_en ? ps->pm->title_en : ps->pm->title;
		const char *row[7] = {num, title, verdict_label(ps->roll.verdict, lang), arrow(ps->roll.trend), "", "", ""};

		snprintf(num, sizeof num, "%d", ps->pm->number);
		table_row(&t, row);
		for (size_t j = 0; j < ps->pm->ngoals; j++) {
			const struct goal_status *gs = &ps->goals[j];
			const struct status *st = &gs->st;
			char code[600], val[48] = "", base[48] = "", tgt[48] = "", x[32], p[16];
			const char *grow[7] = {"", code, verdict_label(st->verdict, lang), arrow(st->trend), val, base, tgt};

			snprintf(code, sizeof code, "  %s%s  %s", gs->goal->code, gs->goal->main ? "*" : " ",
				 lang == LANG_EN && gs->version->title_en ? gs->version->title_en : gs->version->title);
			if (st->has_value) {
				period_format(p, sizeof p, st->value_period);
				snprintf(val, sizeof val, "%s (%s)%s", numfmt(x, sizeof x, st->value, gs->version->decimals, lang),
					 p, st->carried ? "ᶜ" : "");
			}
			if (st->has_baseline) {
				period_format(p, sizeof p, st->baseline_period);
				snprintf(base, sizeof base, "%s (%s)", numfmt(x, sizeof x, st->baseline, gs->version->decimals, lang), p);
			}
			if (st->has_target) {
				period_format(p, sizeof p, st->target_period);
				snprintf(tgt, sizeof tgt, "%s (%s)", numfmt(x, sizeof x, st->target, gs->version->decimals, lang), p);
			}
			table_row(&t, grow);
		}
	}
	table_render(&t, b);
	table_free(&t);
	buf_puts(b, lang == LANG_DA ? "\n* hovedmål   ᶜ værdien er fra seneste måling (målingen er ikke årlig)\n\n"
				    : "\n* main goal   ᶜ the value is from the latest measurement (not measured every year)\n\n");
	for (size_t i = 0; i < r->npms; i++)
		for (size_t j = 0; j < r->pms[i].pm->ngoals; j++) {
			const struct goal_status *gs = &r->pms[i].goals[j];

			buf_printf(b, "%-4s %s\n", gs->goal->code,
				   lang == LANG_DA ? gs->st.explanation_da : gs->st.explanation_en);
		}
}
