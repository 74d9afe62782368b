/*
 * orgtree.c — see orgtree.h. O(n²) in the number of rows, which is a few
 * hundred for a municipality; callers on a hot path cache the result.
 */
#include "core/orgtree.h"

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
