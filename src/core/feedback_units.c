/*
 * feedback_units.c — see feedback_units.h.
 */
#include "core/feedback_units.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The citizens among the episodes listed in idx: distinct pseudonyms, and
 * each episode without one (its link cleared by retention) as a citizen of
 * its own, as feedback_aggregate counts them. */
static size_t citizens(const struct feedback_unit_episode *ues, const size_t *idx, size_t n)
{
	const char **names = xcalloc(n + 1, sizeof *names);
	size_t count = 0, nnames = 0;

	for (size_t i = 0; i < n; i++)
		if (ues[idx[i]].sum.pseudonym)
			names[nnames++] = ues[idx[i]].sum.pseudonym;
		else
			count++;
	qsort(names, nnames, sizeof *names, str_cmp);
	for (size_t i = 0; i < nnames; i++)
		count += i == 0 || strcmp(names[i], names[i - 1]) != 0;
	free(names);
	return count;
}

int feedback_unit_episode(struct feedback_unit_episode *out, const struct feedback_episode *ep,
			  const struct feedback_units_in *in, struct arena *a)
{
	const struct instrument *found;
	int rc;

	memset(out, 0, sizeof *out);
	out->id = ep->id ? arena_strdup(a, ep->id) : "";
	out->code = orgindex_find(in->ix, ep->unit);
	if (out->code < 0 || in->parent[out->code] == -2) {
		out->code = -1;
		return 0;
	}
	if (!(found = instrument_set_find(in->set, ep->outcome_instrument)))
		return err_set(PEJL_ENOTFOUND, "episode %s: %s is not a known instrument", out->id,
			       ep->outcome_instrument ? ep->outcome_instrument : "(none)");
	out->instrument = found->code; /* codes are case-insensitive: "ors" is ORS */
	if ((rc = feedback_summarise(&out->sum, ep, in->set)) < 0)
		return rc;
	if (out->sum.pseudonym)
		out->sum.pseudonym = arena_strdup(a, out->sum.pseudonym);
	return 0;
}

/* Whether code c lies under root (or is it); every code when root < 0. */
static bool under(const long *parent, long c, long root)
{
	for (int hops = 0; c >= 0 && hops < 64; hops++, c = parent[c])
		if (root < 0 || c == root)
			return true;
	return false;
}

int feedback_unit_aggregates(struct feedback_unit_row **out, size_t *n, const struct feedback_units_in *in,
			     struct arena *a)
{
	size_t ncodes = in->ix->ncodes, ninstr = 0, nrows = 0, total = 0, *start, *fill, *lists = NULL, *order;
	const char *instr[16] = {NULL};
	long *code_of = xcalloc(in->neps + 1, sizeof *code_of);
	int *instr_of = xcalloc(in->neps + 1, sizeof *instr_of);
	int *depth = xcalloc(ncodes + 1, sizeof *depth);
	long *stack = xcalloc(ncodes + 1, sizeof *stack);
	const struct feedback_summary **scratch = NULL;
	struct feedback_unit_episode *made = NULL;
	const struct feedback_unit_episode *ues = in->ues;
	struct feedback_unit_row *rows, **at;
	size_t nscratch = 0, norder = 0;
	int rc = 0;

	/* what each episode adds, if the caller has not made it */
	if (in->eps) {
		made = xcalloc(in->neps + 1, sizeof *made);
		for (size_t i = 0; i < in->neps; i++)
			if ((rc = feedback_unit_episode(&made[i], &in->eps[i], in, a)) < 0)
				goto out;
		ues = made;
	}
	/* which code and instrument each episode has */
	for (size_t i = 0; i < in->neps; i++) {
		const char *code = ues[i].instrument;
		int k = 0;

		if ((code_of[i] = ues[i].code) < 0)
			continue;
		while (k < (int)ninstr && strcmp(instr[k], code) != 0)
			k++;
		if (k == (int)ninstr) {
			if (ninstr == sizeof instr / sizeof instr[0]) {
				rc = err_set(PEJL_EINPUT, "more than %zu outcome instruments", ninstr);
				goto out;
			}
			instr[ninstr++] = code;
		}
		instr_of[i] = k;
	}
	/* the instruments by code, whatever order the episodes came in */
	{
		const char *seen[16];

		memcpy(seen, instr, sizeof seen);
		qsort(instr, ninstr, sizeof *instr, str_cmp);
		for (size_t i = 0; i < in->neps; i++) {
			int k = 0;

			if (code_of[i] < 0)
				continue;
			while (strcmp(instr[k], seen[instr_of[i]]) != 0)
				k++;
			instr_of[i] = k;
		}
	}
	/* the episodes of each (code, instrument) subtree, as index lists */
	start = arena_calloc(a, ncodes * ninstr + 1, sizeof *start);
	fill = arena_calloc(a, ncodes * ninstr + 1, sizeof *fill);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < in->neps; i++)
			for (long c = code_of[i], hops = 0; c >= 0 && hops < 64; c = in->parent[c], hops++) {
				size_t cell = (size_t)c * ninstr + (size_t)instr_of[i];

				if (pass == 0)
					start[cell]++;
				else
					lists[fill[cell]++] = i;
			}
		if (pass == 0) {
			for (size_t c = 0; c < ncodes * ninstr; c++) {
				size_t m = start[c];

				start[c] = fill[c] = total;
				total += m;
			}
			lists = arena_calloc(a, total + 1, sizeof *lists);
		}
	}
	/* every unit depth first, children by code (codes are sorted): the
	 * suppression is decided for the whole organisation, and a view shows
	 * its part of it, so that no view shows a cell another one hides (the
	 * view of a unit hidden as the partner of a small sibling would show
	 * it, and the sibling would follow by subtraction) */
	order = arena_calloc(a, ncodes + 1, sizeof *order);
	for (long r = 0; r < (long)ncodes; r++) {
		size_t sp = 0;

		if (in->parent[r] != -1)
			continue;
		stack[sp++] = r;
		depth[r] = 0;
		while (sp > 0) {
			long c = stack[--sp];

			order[norder++] = (size_t)c;
			/* push children in reverse code order so they pop in order;
			 * each code is pushed once at most (a tree) */
			for (long ch = (long)ncodes - 1; ch >= 0; ch--)
				if (in->parent[ch] == c && ch != c && sp < ncodes) {
					depth[ch] = depth[c] + 1;
					stack[sp++] = ch;
				}
		}
	}
	/* one row per unit and instrument with episodes */
	rows = arena_calloc(a, norder * ninstr + 1, sizeof *rows);
	at = arena_calloc(a, ncodes * ninstr + 1, sizeof *at);
	for (size_t o = 0; o < norder; o++)
		for (size_t k = 0; k < ninstr; k++) {
			size_t c = order[o], cell = c * ninstr + k, m = fill[cell] - start[cell];
			struct feedback_unit_row *r;

			if (m == 0)
				continue;
			r = &rows[nrows++];
			at[cell] = r;
			r->code = (long)c;
			r->parent = in->parent[c];
			r->depth = depth[c];
			r->instrument = instr[k];
			if (m > nscratch) {
				nscratch = m;
				scratch = xreallocarray(scratch, nscratch, sizeof *scratch);
			}
			for (size_t j = 0; j < m; j++) {
				scratch[j] = &ues[lists[start[cell] + j]].sum;
				r->own += code_of[lists[start[cell] + j]] == (long)c;
			}
			feedback_aggregate_summaries(&r->ag, scratch, m);
		}
	/* suppression: each unit's table of children (and own episodes), top down */
	for (size_t i = 0; i < nrows; i++) {
		struct feedback_unit_row *r = &rows[i];
		size_t cell = (size_t)r->code * ninstr, k = 0, nch = 0;
		long *cells;
		size_t *who;
		enum suppress_mark *marks;

		while (strcmp(instr[k], r->instrument) != 0)
			k++;
		cell += k;
		if (in->k > 1 && suppress_small_n(r->ag.citizens, in->k) && !r->hidden) {
			r->hidden = true;
			r->mark = SUPPRESS_PRIMARY;
		}
		if (r->parent >= 0 && at[(size_t)r->parent * ninstr + k] && at[(size_t)r->parent * ninstr + k]->hidden &&
		    !r->hidden) {
			r->hidden = true; /* with its ancestor */
			r->mark = SUPPRESS_COMPLEMENTARY;
		}
		/* the children with episodes, then the own episodes */
		cells = xcalloc(ncodes + 2, sizeof *cells);
		who = xcalloc(ncodes + 2, sizeof *who);
		for (size_t ch = 0; ch < ncodes; ch++)
			if (in->parent[ch] == r->code && (size_t)r->code != ch && at[ch * ninstr + k]) {
				cells[nch] = (long)at[ch * ninstr + k]->ag.citizens;
				who[nch++] = ch;
			}
		if (r->own > 0) {
			size_t *own = xcalloc(r->own, sizeof *own), no = 0;

			for (size_t j = start[cell]; j < fill[cell]; j++)
				if (code_of[lists[j]] == r->code)
					own[no++] = lists[j];
			cells[nch] = (long)citizens(ues, own, no);
			who[nch++] = (size_t)-1;
			free(own);
		}
		marks = xcalloc((nch + 1) * 2, sizeof *marks);
		if (in->k > 1 && nch > 0 && suppress_table(marks, cells, nch, 1, in->k) == 0) {
			if ((marks[nch * 2] != SUPPRESS_NONE || marks[nch * 2 + 1] != SUPPRESS_NONE) && !r->hidden) {
				r->hidden = true;
				r->mark = SUPPRESS_COMPLEMENTARY;
			}
			for (size_t j = 0; j < nch; j++)
				if (who[j] != (size_t)-1 && (marks[j * 2] != SUPPRESS_NONE || marks[j * 2 + 1] != SUPPRESS_NONE)) {
					struct feedback_unit_row *c = at[who[j] * ninstr + k];

					if (!c->hidden) {
						c->hidden = true;
						c->mark = marks[j * 2] != SUPPRESS_NONE ? marks[j * 2] : marks[j * 2 + 1];
					}
				}
		}
		free(marks);
		free(cells);
		free(who);
	}
	/* the view: the root's subtree, which is contiguous in depth-first order */
	if (in->root >= 0) {
		size_t kept = 0;

		for (size_t i = 0; i < nrows; i++) {
			if (!under(in->parent, rows[i].code, in->root))
				continue;
			rows[kept] = rows[i];
			rows[kept].depth -= depth[in->root];
			if (rows[kept].code == in->root)
				rows[kept].parent = -1;
			kept++;
		}
		nrows = kept;
	}
	*out = rows;
	*n = nrows;
out:
	free(stack);
	free(scratch);
	free(made);
	free(code_of);
	free(instr_of);
	free(depth);
	return rc;
}
