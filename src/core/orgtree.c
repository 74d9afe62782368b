/*
 * orgtree.c — see orgtree.h. O(n²) in the number of rows, which is a few
 * hundred for a municipality; callers on a hot path cache the result.
 */
#include "core/orgtree.h"

#include "util/xmalloc.h"

#include <stdlib.h>
#include <string.h>

bool unit_valid_on(const struct unit *u, const char *date)
{
	return strcmp(u->valid_from, date) <= 0 && (!u->valid_to || strcmp(date, u->valid_to) <= 0);
}

static bool valid_parent(const struct unit *units, size_t n, const char *code, const char *date)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(units[i].code, code) == 0 && unit_valid_on(&units[i], date))
			return true;
	return false;
}

struct walk {
	const struct unit *units;
	size_t n;
	const char *date;
	size_t *order;
	int *depth;
	size_t len;
};

/* Appends the children of parent (NULL: roots) in code order, recursively. */
static void visit(struct walk *w, const char *parent, int d)
{
	const char *last = "";

	if (d > 64) /* cycles are rejected on input; this is a backstop */
		return;
	for (;;) {
		size_t best = w->n;

		for (size_t i = 0; i < w->n; i++) {
			const struct unit *u = &w->units[i];
			bool root = !u->parent || !valid_parent(w->units, w->n, u->parent, w->date);

			if (!unit_valid_on(u, w->date))
				continue;
			if (parent ? (root || strcmp(u->parent, parent) != 0) : !root)
				continue;
			if (strcmp(u->code, last) <= 0)
				continue;
			if (best == w->n || strcmp(u->code, w->units[best].code) < 0)
				best = i;
		}
		if (best == w->n)
			return;
		w->order[w->len] = best;
		w->depth[w->len] = d;
		w->len++;
		last = w->units[best].code;
		visit(w, last, d + 1);
	}
}

size_t orgtree_order(const struct unit *units, size_t n, const char *date, size_t *order, int *depth)
{
	struct walk w = {units, n, date, order, depth, 0};

	visit(&w, NULL, 0);
	return w.len;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void orgindex_build(struct orgindex *ix, const struct unit *units, size_t n, const char **codes)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		codes[i] = units[i].code;
	qsort(codes, n, sizeof *codes, cmp_str);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || strcmp(codes[k - 1], codes[i]) != 0)
			codes[k++] = codes[i];
	ix->codes = codes;
	ix->ncodes = k;
}

long orgindex_find(const struct orgindex *ix, const char *code)
{
	size_t lo = 0, hi = ix->ncodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->codes[mid], code);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void orgtree_parents(const struct unit *units, size_t n, const struct orgindex *ix, const char *first,
		     const char *last, long *parent)
{
	const struct unit **chosen = xcalloc(ix->ncodes ? ix->ncodes : 1, sizeof *chosen);

	for (size_t i = 0; i < n; i++) {
		const struct unit *u = &units[i];
		long c = orgindex_find(ix, u->code);

		if (c < 0 || strcmp(u->valid_from, last) > 0 || (u->valid_to && strcmp(u->valid_to, first) < 0))
			continue;
		if (!chosen[c] || strcmp(u->valid_from, chosen[c]->valid_from) > 0)
			chosen[c] = u;
	}
	for (size_t c = 0; c < ix->ncodes; c++) {
		if (!chosen[c])
			parent[c] = -2;
		else if (!chosen[c]->parent)
			parent[c] = -1;
		else {
			long p = orgindex_find(ix, chosen[c]->parent);

			parent[c] = p >= 0 && chosen[p] ? p : -1;
		}
	}
	free((void *)chosen);
}
