/*
 * feedback_compute.h — the observations of goals computed from feedback
 * (core/fbmetric.h), kept in step with the episodes.
 *
 * A goal version with a metric owns the figures of its goal for the periods
 * it is in force (the version in force on a period's last day decides, and
 * the first version for periods before it, such as a baseline year): per
 * period of the goal's cadence and per unit where episodes are registered,
 * for all target groups, numerator of denominator, marked computed. The
 * status engine rolls them up the organisation like any reported figure.
 *
 * Two ways to keep them: recompute the cells of some units from all their
 * episodes (imports, `pejl feedback compute`, the demo, a strategy with a
 * new metric), or apply what one episode's change adds (a session recorded
 * on the web or through the API: the difference between the episode's
 * contributions before and after). Both run in the caller's transaction.
 */
#ifndef PEJL_FEEDBACK_COMPUTE_H
#define PEJL_FEEDBACK_COMPUTE_H

#include "core/fbmetric.h"
#include "store/store.h"

struct fbcompute_result {
	size_t goals;   /* goals with a metric */
	size_t cells;   /* cells computed (or touched by a delta) */
	size_t changed; /* cells written */
};

/* Recomputes the cells of the units (NULL-terminated codes; NULL: every
 * unit) from their episodes; a computed figure of those units that no
 * episode gives any more (the goal's metric or cadence changed in a later
 * version) becomes 0 of 0 (missing). In a transaction. */
int feedback_compute_units(struct fbcompute_result *res, struct store *s, struct arena *a,
			   const struct instrument_set *set, const char *const *units, long batch);

/* Applies the change of one episode: before (NULL for a new episode) and
 * after are the same episode (same unit). In a transaction. */
int feedback_compute_episode(struct fbcompute_result *res, struct store *s, struct arena *a,
			     const struct instrument_set *set, const struct feedback_episode *before,
			     const struct feedback_episode *after, long batch);

#endif
