/*
 * aggregate.c — see aggregate.h. Per period the codes are processed from
 * the deepest to the roots so each child is final before its parent reads
 * it: O(nobs + nperiods·ncodes·depth).
 */
#include "core/aggregate.h"

#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

struct item {
	long code;
	int depth;
};

static int by_depth_desc(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return (y->depth > x->depth) - (y->depth < x->depth);
}

void aggregate_goal(struct point *out, const struct agg_input *in)
{
	size_t nc = in->ncodes, np = in->nperiods, cells = nc * np;
	struct acc *own = xcalloc(cells ? cells : 1, sizeof *own);
	struct acc *grp = xcalloc(cells ? cells : 1, sizeof *grp);
	struct acc *kids = xcalloc(nc ? nc : 1, sizeof *kids);
	struct item *items = xcalloc(nc ? nc : 1, sizeof *items);

	for (size_t i = 0; i < cells; i++) {
		acc_init(&own[i]);
		acc_init(&grp[i]);
	}
	for (size_t i = 0; i < in->nobs; i++) {
		const struct agg_obs *o = &in->obs[i];
		size_t cell;

		if (o->code < 0 || (size_t)o->code >= nc || o->period >= np)
			continue;
		cell = o->period * nc + (size_t)o->code;
		if (in->group == 0) {
			if (o->group == 0)
				acc_add(&own[cell], in->measure, o->state, &o->v);
			else
				acc_add(&grp[cell], in->measure, o->state, &o->v);
		} else if (o->group == in->group) {
			acc_add(&own[cell], in->measure, o->state, &o->v);
		}
	}
	for (size_t p = 0; p < np; p++) {
		const long *parent = in->parents + p * nc;
		size_t n = 0;

		for (size_t c = 0; c < nc; c++) {
			int depth = 0;
			long q = parent[c];

			acc_init(&kids[c]);
			if (q == -2)
				continue;
			while (q >= 0 && depth <= 64) {
				q = parent[q];
				depth++;
			}
			items[n].code = (long)c;
			items[n].depth = depth;
			n++;
		}
		qsort(items, n, sizeof *items, by_depth_desc);
		for (size_t c = 0; c < nc; c++) {
			struct point *pt = &out[p * nc + c];

			memset(pt, 0, sizeof *pt);
			pt->period = in->periods[p];
			pt->state = OBS_MISSING;
		}
		for (size_t k = 0; k < n; k++) {
			long c = items[k].code;
			size_t cell = p * nc + (size_t)c;
			struct acc total;

			if (!acc_empty(&own[cell]))
				total = own[cell];
			else if (!acc_empty(&grp[cell]))
				total = grp[cell];
			else
				total = kids[c];
			acc_point(&total, in->measure, in->rate_factor, in->periods[p], &out[cell]);
			if (parent[c] >= 0)
				acc_merge(&kids[parent[c]], &total);
		}
	}
	free(own);
	free(grp);
	free(kids);
	free(items);
}
