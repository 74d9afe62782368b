/*
 * feedback_compute.c — see feedback_compute.h.
 */
#include "io/feedback_compute.h"

#include "io/feedback_import.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

/* A goal with a metric in some version. */
struct mgoal {
	const struct goal *g;
};

/* The metric goals, cached with the store (store_user_cache) and keyed by
 * store_strategy_stamp: a server recording sessions loads them once. A
 * rolled-back transaction empties the cache, so goals read inside a
 * strategy import that was undone are not kept under a stamp that a later
 * import (reusing the undone ids) could repeat. */
struct goal_cache {
	long stamp;
	struct arena *a;
	struct mgoal *goals;
	size_t n;
};

static void goal_cache_free(void *p)
{
	struct goal_cache *c = p;

	if (c) {
		arena_free(c->a);
		free(c);
	}
}

static int load_metric_goals(struct mgoal **out, size_t *n, struct store *s, struct arena *a);

static int metric_goals(struct mgoal **out, size_t *n, struct store *s, struct arena *a)
{
	void **slot = store_user_cache(s, goal_cache_free);
	struct goal_cache *c = *slot;
	long stamp;
	int rc;

	(void)a;
	if ((rc = store_strategy_stamp(s, &stamp)) < 0)
		return rc;
	if (c && c->stamp == stamp) {
		*out = c->goals;
		*n = c->n;
		return 0;
	}
	goal_cache_free(c);
	*slot = NULL;
	c = xcalloc(1, sizeof *c);
	c->a = arena_new();
	c->stamp = stamp;
	if ((rc = load_metric_goals(&c->goals, &c->n, s, c->a)) < 0) {
		goal_cache_free(c);
		return rc;
	}
	*slot = c;
	*out = c->goals;
	*n = c->n;
	return 0;
}

/* The goals of the default strategy with a metric in any version. */
static int load_metric_goals(struct mgoal **out, size_t *n, struct store *s, struct arena *a)
{
	struct strategy_doc *doc;
	char *code;
	size_t k = 0, total = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_strategy_default(&code, s, a)) < 0)
		return rc == PEJL_ENOTFOUND ? 0 : rc;
	if ((rc = store_strategy_load(&doc, s, a, code)) < 0)
		return rc;
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		total += doc->strategy.pejlemaerker[i].ngoals;
	*out = arena_calloc(a, total + 1, sizeof **out);
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &doc->strategy.pejlemaerker[i].goals[j];
			bool any = false;

			for (size_t v = 0; v < g->nversions; v++)
				any |= g->versions[v].metric != NULL;
			if (any)
				(*out)[k++].g = g;
		}
	*n = k;
	return 0;
}

/* The version of g in force on the last day of p; before the first
 * version, the first one (as the status and the measurement import take
 * it: a baseline period usually lies before the goal was adopted). */
static const struct goal_version *in_force(const struct goal *g, struct period p)
{
	const struct goal_version *v;
	char first[11], last[11];

	period_days(p, first, last);
	v = goal_version_at(g, last);
	return v ? v : &g->versions[0];
}

/* The parts of ep for goal g: each version's metric for the periods where
 * that version is in force. Returns the count. */
static size_t goal_parts(struct fbmetric_part *out, const struct goal *g, const struct feedback_episode *ep,
			 const struct instrument_set *set)
{
	size_t n = 0;

	for (size_t v = 0; v < g->nversions; v++) {
		const struct goal_version *gv = &g->versions[v];
		struct fbmetric_part parts[FBMETRIC_MAX_PARTS];
		struct fbmetric m;
		char why[200];
		size_t np;

		if (!gv->metric || !fbmetric_parse(&m, gv->metric, why, sizeof why))
			continue;
		np = fbmetric_parts(parts, &m, gv->cadence, ep, set);
		for (size_t i = 0; i < np && n < FBMETRIC_MAX_PARTS; i++)
			if (in_force(g, parts[i].period) == gv)
				out[n++] = parts[i];
	}
	return n;
}

/* One cell while recomputing. */
struct cell {
	size_t goal;
	const char *unit;
	struct period period;
	long num, den;
};

static int cmp_cell(const void *x, const void *y)
{
	const struct cell *a = x, *b = y;
	int c;

	if (a->goal != b->goal)
		return a->goal < b->goal ? -1 : 1;
	if ((c = strcmp(a->unit, b->unit)) != 0)
		return c;
	if (a->period.kind != b->period.kind)
		return a->period.kind < b->period.kind ? -1 : 1;
	return period_cmp(a->period, b->period);
}

/* The stored computed figures of one goal (in the given units, or all)
 * that are not 0 of 0, while scanning. */
struct stored {
	struct arena *a;
	const char *const *units;
	struct {
		const char *period, *unit;
	} *v;
	size_t n, cap;
};

static int collect_stored(void *ctx, const struct obs_row *r)
{
	struct stored *st = ctx;
	bool in = !st->units;

	if (!r->computed || r->group[0] || !(r->v.has_den && r->v.den > 0))
		return 0;
	for (size_t i = 0; !in && st->units[i]; i++)
		in = strcmp(st->units[i], r->unit) == 0;
	if (!in)
		return 0;
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
	}
	st->v[st->n].period = arena_strdup(st->a, r->period);
	st->v[st->n].unit = arena_strdup(st->a, r->unit);
	st->n++;
	return 0;
}

/* Sets to 0 of 0 (missing) the computed figures of goal k that no episode
 * gives any more (cells: what the episodes give, sorted): a later version
 * with another metric or cadence leaves none of the old figures standing
 * beside the new ones. */
static int clear_stale(struct fbcompute_result *res, struct store *s, struct arena *a, const struct mgoal *goals,
		       size_t k, const struct cell *cells, size_t ncells, const char *const *units, long batch)
{
	struct stored st = {a, units, NULL, 0, 0};
	int rc;

	if ((rc = store_obs_scan(s, goals[k].g->id, NULL, NULL, collect_stored, &st)) < 0)
		goto out;
	for (size_t i = 0; i < st.n; i++) {
		struct cell key = {k, st.v[i].unit, {0}, 0, 0};
		bool changed;

		if (period_parse(&key.period, st.v[i].period) &&
		    bsearch(&key, cells, ncells, sizeof *cells, cmp_cell))
			continue;
		if ((rc = store_obs_computed(s, goals[k].g->id, st.v[i].period, st.v[i].unit, false, 0, 0, batch,
					     &changed)) < 0)
			goto out;
		res->cells++;
		res->changed += changed;
	}
	rc = 0;
out:
	free(st.v);
	return rc;
}

int feedback_compute_units(struct fbcompute_result *res, struct store *s, struct arena *a,
			   const struct instrument_set *set, const char *const *units, long batch)
{
	struct episode_row *rows;
	struct mgoal *goals;
	struct feedback_scratch scratch = {0};
	struct cell *cells = NULL;
	size_t ngoals, nrows, ncells = 0, cap = 0;
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = metric_goals(&goals, &ngoals, s, a)) < 0 || ngoals == 0)
		return rc;
	res->goals = ngoals;
	if ((rc = store_episodes(&rows, &nrows, s, a, units)) < 0)
		return rc;
	for (size_t i = 0; i < nrows; i++) {
		struct feedback_episode ep;

		feedback_episode_from_row_in(&ep, &rows[i], &scratch);
		for (size_t k = 0; k < ngoals; k++) {
			struct fbmetric_part parts[FBMETRIC_MAX_PARTS];
			size_t np = goal_parts(parts, goals[k].g, &ep, set);

			for (size_t p = 0; p < np; p++) {
				if (ncells == cap) {
					cap = cap ? cap * 2 : 1024;
					cells = xreallocarray(cells, cap, sizeof *cells);
				}
				cells[ncells++] = (struct cell){k, rows[i].unit, parts[p].period, parts[p].num, parts[p].den};
			}
		}
	}
	if (ncells > 1)
		qsort(cells, ncells, sizeof *cells, cmp_cell);
	for (size_t i = 0; i < ncells;) {
		struct cell c = cells[i];
		char period[16];
		bool changed;
		size_t j = i + 1;

		for (; j < ncells && cmp_cell(&cells[j], &c) == 0; j++) {
			c.num += cells[j].num;
			c.den += cells[j].den;
		}
		period_format(period, sizeof period, c.period);
		if ((rc = store_obs_computed(s, goals[c.goal].g->id, period, c.unit, false, c.num, c.den, batch,
					     &changed)) < 0)
			goto out;
		res->cells++;
		res->changed += changed;
		i = j;
	}
	for (size_t k = 0; k < ngoals; k++)
		if ((rc = clear_stale(res, s, a, goals, k, cells, ncells, units, batch)) < 0)
			goto out;
	rc = 0;
out:
	free(cells);
	feedback_scratch_free(&scratch);
	return rc;
}

int feedback_compute_episode(struct fbcompute_result *res, struct store *s, struct arena *a,
			     const struct instrument_set *set, const struct feedback_episode *before,
			     const struct feedback_episode *after, long batch)
{
	struct mgoal *goals;
	size_t ngoals;
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = metric_goals(&goals, &ngoals, s, a)) < 0 || ngoals == 0)
		return rc;
	res->goals = ngoals;
	for (size_t k = 0; k < ngoals; k++) {
		struct fbmetric_part pb[FBMETRIC_MAX_PARTS], pa[FBMETRIC_MAX_PARTS];
		size_t nb = before ? goal_parts(pb, goals[k].g, before, set) : 0;
		size_t na = goal_parts(pa, goals[k].g, after, set);

		/* after minus before, per period */
		for (size_t i = 0; i < nb; i++) {
			bool found = false;

			for (size_t j = 0; j < na && !found; j++)
				if (pa[j].period.kind == pb[i].period.kind && period_cmp(pa[j].period, pb[i].period) == 0) {
					pa[j].num -= pb[i].num;
					pa[j].den -= pb[i].den;
					found = true;
				}
			if (!found && na < FBMETRIC_MAX_PARTS)
				pa[na++] = (struct fbmetric_part){pb[i].period, -pb[i].num, -pb[i].den};
		}
		for (size_t j = 0; j < na; j++) {
			char period[16];
			bool changed;

			if (pa[j].num == 0 && pa[j].den == 0)
				continue;
			period_format(period, sizeof period, pa[j].period);
			if ((rc = store_obs_computed(s, goals[k].g->id, period, after->unit, true, pa[j].num, pa[j].den,
						     batch, &changed)) < 0)
				return rc;
			res->cells++;
			res->changed += changed;
		}
	}
	return 0;
}
