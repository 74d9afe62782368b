/*
 * orgtree.h — the organisation tree as it stood on a date.
 *
 * Units are rows with validity intervals (struct unit); a code can have
 * several rows over time. The tree on a date takes the row of each code
 * valid that day; parents are resolved by code on the same day. These
 * helpers are pure and work on arrays of rows; they allocate nothing.
 */
#ifndef PEJL_ORGTREE_H
#define PEJL_ORGTREE_H

#include "core/strategy.h"

#include <stdbool.h>
#include <stddef.h>

/* Is row u valid on date ("YYYY-MM-DD")? */
bool unit_valid_on(const struct unit *u, const char *date);

/* Orders the rows valid on date depth-first from the roots (children by
 * code) into order[] (indexes into units) with their depth; rows whose
 * parent is not valid that day are listed as roots. Returns the count. order
 * and depth must hold n entries. */
size_t orgtree_order(const struct unit *units, size_t n, const char *date, size_t *order, int *depth);

/* The distinct unit codes of a set of rows, sorted, for indexing. */
struct orgindex {
	size_t ncodes;
	const char **codes; /* owned by the caller's arena */
};

/* Fills ix from units (codes point into the rows); codes must hold n. */
void orgindex_build(struct orgindex *ix, const struct unit *units, size_t n, const char **codes);
/* Index of code, or -1. */
long orgindex_find(const struct orgindex *ix, const char *code);

/* The tree during a period [first, last] (dates): each code takes its row
 * with the latest valid_from that starts on or before `last` and does not
 * end before `first`, so a unit closed mid-period still counts, once.
 * parent[i] is the parent's code index, -1 for a root, and -2 when code i
 * has no row in the period. parent holds ix->ncodes entries. */
void orgtree_parents(const struct unit *units, size_t n, const struct orgindex *ix, const char *first,
		     const char *last, long *parent);

#endif
