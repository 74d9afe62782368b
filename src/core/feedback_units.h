/*
 * feedback_units.h — feedback aggregates per unit subtree (DESIGN §4) with
 * small-cell suppression (DESIGN §5), for leaders, the API and the CLI.
 *
 * The caller gives the episodes that ended in the period (the aggregates
 * are "by episode end") and the organisation as it stood in the period
 * (orgtree_parents). Each unit's row aggregates the episodes of its whole
 * subtree, one row per outcome instrument (totals of different scales do
 * not mix).
 *
 * Suppression. For every unit and instrument, the table of its children's
 * citizens plus the citizens of its own episodes (those registered on the
 * unit itself), bordered by the unit's total, goes through suppress_table
 * with k; a child marked there is hidden. A unit whose citizens are fewer
 * than k is hidden (primary). A hidden unit hides its whole subtree, since
 * the rows below it would add up to it. All this is decided for the whole
 * organisation whatever the view, and a view (in.root) shows its part: so
 * the view of one unit hides what the view of all hides, and no hidden
 * cell follows from comparing two views of the same period and k. So no
 * hidden figure — a hidden
 * unit's count, or small own episodes, which are never shown — can be
 * worked out from the shown ones by adding or subtracting rows (tested).
 * A citizen with episodes in two children counts in both cells, which only
 * makes the table's total larger than the unit's citizens, so the
 * small-cell test on the unit's own citizens is done apart. Citizens are
 * counted as feedback_aggregate counts them: an episode whose citizen link
 * retention cleared is a citizen of its own.
 */
#ifndef PEJL_FEEDBACK_UNITS_H
#define PEJL_FEEDBACK_UNITS_H

#include "core/feedback.h"
#include "core/orgtree.h"
#include "core/suppress.h"
#include "util/arena.h"

struct feedback_unit_row {
	long code;              /* index into the orgindex */
	long parent;            /* code index, -1 for the root of the view */
	int depth;              /* 0 for the root of the view */
	const char *instrument; /* the outcome instrument's code */
	struct feedback_aggregate ag;
	size_t own;             /* episodes registered on the unit itself */
	bool hidden;            /* suppressed: show only that it is */
	enum suppress_mark mark; /* why: primary, complementary, or hidden with an ancestor (complementary) */
};

/* What the aggregates need of one episode, made as it is read, so the
 * episodes of a period need not all be held (feedback_unit_episode). */
struct feedback_unit_episode {
	const char *id;         /* the episode's code */
	long code;              /* its unit's code index; -1: not in the period's tree, left out */
	const char *instrument; /* the outcome instrument's code as the set has it */
	struct feedback_summary sum;
};

struct feedback_units_in {
	const struct orgindex *ix;
	const long *parent; /* ix->ncodes entries, from orgtree_parents for the period */
	long root;          /* code index of the view's root, or -1 for every root */
	/* the episodes that ended in the period: whole, or (eps NULL) made
	 * into feedback_unit_episode already, by episode code */
	const struct feedback_episode *eps;
	size_t neps;
	const struct feedback_unit_episode *ues;
	const struct instrument_set *set;
	long k;             /* SUPPRESS_K_INTERNAL or SUPPRESS_K_PUBLIC; <= 1: nothing hidden */
};

/* One row per unit of the view (depth first, children by code) and outcome
 * instrument (by code; "ors" is ORS) that has episodes in the subtree. Rows for units without any
 * episode are left out. Episodes of units outside the view or not in the
 * period's tree are left out of the rows. Returns 0 (rows from a), or
 * PEJL_ENOTFOUND for an episode (of a unit in the period's tree) with an
 * unknown instrument. */
int feedback_unit_aggregates(struct feedback_unit_row **out, size_t *n, const struct feedback_units_in *in,
			     struct arena *a);

/* What the aggregates of in (its tree and instruments; eps and ues are not
 * read) need of the episode ep, with its code and pseudonym copied into a.
 * Returns 0, or PEJL_ENOTFOUND for an episode in the tree with an unknown
 * instrument. */
int feedback_unit_episode(struct feedback_unit_episode *out, const struct feedback_episode *ep,
			  const struct feedback_units_in *in, struct arena *a);

#endif
