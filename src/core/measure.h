/*
 * measure.h — observations and how each measure type aggregates
 * (DESIGN §2): counts sum; proportions and rates sum numerators and
 * denominators; means pool by n (and pool the sd when every part has one).
 * Never an average of percentages.
 *
 * struct obs_values is what one observation stores; measure_check says
 * whether the fields fit the measure type; struct acc accumulates
 * observations and acc_point turns the sum into the value people see.
 */
#ifndef PEJL_MEASURE_H
#define PEJL_MEASURE_H

#include "core/period.h"
#include "core/strategy.h"

#include <stdbool.h>

enum obs_state { OBS_OK, OBS_ESTIMATE, OBS_BREAK, OBS_MISSING };

const char *obs_state_name(enum obs_state s);
bool obs_state_parse(enum obs_state *out, const char *s);

struct obs_values {
	bool has_value, has_num, has_den, has_n, has_sd;
	double value, num, den, n, sd;
};

/* NULL when v fits measure m in state st; otherwise a reason, and *field
 * names the offending field ("value", "numerator", ...). rate_factor is the
 * goal's factor (for checking a given rate value). */
const char *measure_check(enum measure m, double rate_factor, enum obs_state st, const struct obs_values *v,
			  const char **field);

/* The displayed value of one observation (percent for a proportion,
 * factor·num/den for a rate). False for a missing observation. */
bool measure_value(enum measure m, double rate_factor, const struct obs_values *v, double *out);

/* An aggregated value at one period: what the status rules work on. */
struct point {
	struct period period;
	enum obs_state state;
	bool has_value;
	double value;
	double num, den; /* proportion and rate */
	double n, sd;    /* mean: total n, pooled sd */
	bool has_sd;
	unsigned parts;  /* observations that went into it */
};

struct acc {
	unsigned parts, missing, breaks, estimates;
	double v, num, den, n, mn, ss;
	bool sd_all;
};

void acc_init(struct acc *a);
/* Adds one observation in state st. */
void acc_add(struct acc *a, enum measure m, enum obs_state st, const struct obs_values *v);
/* Adds another accumulator (a child unit, a target group). */
void acc_merge(struct acc *a, const struct acc *b);
bool acc_empty(const struct acc *a);
/* The point for the accumulated observations. */
void acc_point(const struct acc *a, enum measure m, double rate_factor, struct period p, struct point *out);

#endif
