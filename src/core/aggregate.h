/*
 * aggregate.h — a goal's observations rolled up over the organisation tree
 * (as it stood in each period) and over target groups, by measure type.
 *
 * Rules (docs/status-rules.md):
 *  - Group 0 is "all groups" (the CSV's empty group). For the all-groups
 *    figure of a unit, its own group-0 row wins; otherwise its rows for
 *    the separate groups are summed. For one group g, only rows of g count.
 *  - A unit's figure is its own row when it has one; otherwise the sum of
 *    its children's figures in that period's tree. A reported total is
 *    never added to its parts, so nothing is counted twice.
 */
#ifndef PEJL_AGGREGATE_H
#define PEJL_AGGREGATE_H

#include "core/measure.h"

#include <stddef.h>

struct agg_obs {
	long code;    /* unit code index (struct orgindex) */
	long group;   /* 0 all groups, 1.. a target group */
	size_t period; /* index into the periods */
	enum obs_state state;
	struct obs_values v;
};

struct agg_input {
	enum measure measure;
	double rate_factor;
	size_t ncodes;
	const struct period *periods; /* sorted */
	size_t nperiods;
	const long *parents; /* nperiods × ncodes, from orgtree_parents */
	const struct agg_obs *obs;
	size_t nobs;
	long group; /* 0: all groups; g: only group g */
};

/* Fills out[period * ncodes + code] with each unit's figure in each period
 * (state OBS_MISSING and has_value false where there is none). */
void aggregate_goal(struct point *out, const struct agg_input *in);

#endif
