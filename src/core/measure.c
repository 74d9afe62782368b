/*
 * measure.c — see measure.h.
 *
 * Pooled standard deviation of combined groups: with N = Σn and overall
 * mean M = Σ(n·m)/N, the sum of squares is Σ[(n−1)s² + n·m²] − N·M², and
 * the pooled sd is √(SS/(N−1)).
 */
#include "core/measure.h"

#include <math.h>
#include <string.h>

static const char *const state_names[] = {"ok", "estimate", "break", "missing"};

const char *obs_state_name(enum obs_state s)
{
	return state_names[s];
}

bool obs_state_parse(enum obs_state *out, const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum obs_state)i;
			return true;
		}
	return false;
}

#define FAIL(f, msg)                                                                                                   \
	do {                                                                                                           \
		*field = (f);                                                                                          \
		return (msg);                                                                                          \
	} while (0)

const char *measure_check(enum measure m, double rate_factor, enum obs_state st, const struct obs_values *v,
			  const char **field)
{
	if (v->has_value && !isfinite(v->value))
		FAIL("value", "is not a finite number");
	if (v->has_num && !isfinite(v->num))
		FAIL("numerator", "is not a finite number");
	if (v->has_den && !isfinite(v->den))
		FAIL("denominator", "is not a finite number");
	if (v->has_n && !isfinite(v->n))
		FAIL("n", "is not a finite number");
	if (v->has_sd && !isfinite(v->sd))
		FAIL("sd", "is not a finite number");
	if (st == OBS_MISSING) {
		if (v->has_value || v->has_num || v->has_den || v->has_n || v->has_sd)
			FAIL(v->has_value ? "value" : v->has_num ? "numerator" : v->has_den ? "denominator" : v->has_n ? "n" : "sd",
			     "a row with state missing carries no numbers");
		return NULL;
	}
	switch (m) {
	case MEASURE_COUNT:
		if (!v->has_value)
			FAIL("value", "is required for a count");
		if (v->value < 0)
			FAIL("value", "a count cannot be negative");
		if (v->has_num || v->has_den)
			FAIL(v->has_num ? "numerator" : "denominator", "is not used by a count (give value only)");
		if (v->has_n || v->has_sd)
			FAIL(v->has_n ? "n" : "sd", "is not used by a count (give value only)");
		return NULL;
	case MEASURE_PROPORTION:
	case MEASURE_RATE:
		if (!v->has_num)
			FAIL("numerator",
			     m == MEASURE_PROPORTION
				     ? "is required: a proportion is stored as numerator and denominator so it can be "
				       "aggregated (a percentage alone cannot be)"
				     : "is required for a rate");
		if (!v->has_den)
			FAIL("denominator", "is required for this measure");
		if (v->den <= 0)
			FAIL("denominator", "must be greater than 0");
		if (v->num < 0)
			FAIL("numerator", "cannot be negative");
		if (m == MEASURE_PROPORTION && v->num > v->den)
			FAIL("numerator", "is larger than the denominator");
		if (v->has_n || v->has_sd)
			FAIL(v->has_n ? "n" : "sd", "is not used by this measure");
		if (v->has_value) {
			double expect = (m == MEASURE_PROPORTION ? 100.0 : rate_factor) * v->num / v->den;

			if (fabs(expect - v->value) > 0.5 + 1e-9 * fabs(expect))
				FAIL("value", "does not match numerator/denominator (leave it empty, or give the value "
					      "they imply)");
		}
		return NULL;
	case MEASURE_MEAN:
		if (!v->has_value)
			FAIL("value", "is required: the mean");
		if (!v->has_n)
			FAIL("n", "is required for a mean (the number of observations behind it)");
		if (v->n <= 0)
			FAIL("n", "must be greater than 0");
		if (v->has_sd && v->sd < 0)
			FAIL("sd", "cannot be negative");
		if (v->has_num || v->has_den)
			FAIL(v->has_num ? "numerator" : "denominator", "is not used by a mean");
		return NULL;
	}
	return NULL;
}

bool measure_value(enum measure m, double rate_factor, const struct obs_values *v, double *out)
{
	switch (m) {
	case MEASURE_COUNT:
	case MEASURE_MEAN:
		if (!v->has_value)
			return false;
		*out = v->value;
		return true;
	case MEASURE_PROPORTION:
	case MEASURE_RATE:
		if (!v->has_num || !v->has_den || v->den <= 0)
			return false;
		*out = (m == MEASURE_PROPORTION ? 100.0 : rate_factor) * v->num / v->den;
		return true;
	}
	return false;
}

void acc_init(struct acc *a)
{
	memset(a, 0, sizeof *a);
	a->sd_all = true;
}

void acc_add(struct acc *a, enum measure m, enum obs_state st, const struct obs_values *v)
{
	if (st == OBS_MISSING) {
		a->missing++;
		return;
	}
	a->parts++;
	a->breaks += st == OBS_BREAK;
	a->estimates += st == OBS_ESTIMATE;
	switch (m) {
	case MEASURE_COUNT:
		a->v += v->value;
		break;
	case MEASURE_PROPORTION:
	case MEASURE_RATE:
		a->num += v->num;
		a->den += v->den;
		break;
	case MEASURE_MEAN:
		a->n += v->n;
		a->mn += v->n * v->value;
		if (v->has_sd && v->n >= 1)
			a->ss += (v->n - 1) * v->sd * v->sd + v->n * v->value * v->value;
		else
			a->sd_all = false;
		break;
	}
}

void acc_merge(struct acc *a, const struct acc *b)
{
	a->parts += b->parts;
	a->missing += b->missing;
	a->breaks += b->breaks;
	a->estimates += b->estimates;
	a->v += b->v;
	a->num += b->num;
	a->den += b->den;
	a->n += b->n;
	a->mn += b->mn;
	a->ss += b->ss;
	a->sd_all = a->sd_all && b->sd_all;
}

bool acc_empty(const struct acc *a)
{
	return a->parts == 0 && a->missing == 0;
}

void acc_point(const struct acc *a, enum measure m, double rate_factor, struct period p, struct point *out)
{
	memset(out, 0, sizeof *out);
	out->period = p;
	out->parts = a->parts;
	out->state = a->parts == 0 ? OBS_MISSING : a->breaks ? OBS_BREAK : a->estimates ? OBS_ESTIMATE : OBS_OK;
	if (a->parts == 0)
		return;
	switch (m) {
	case MEASURE_COUNT:
		out->has_value = true;
		out->value = a->v;
		break;
	case MEASURE_PROPORTION:
	case MEASURE_RATE:
		out->num = a->num;
		out->den = a->den;
		if (a->den > 0) {
			out->has_value = true;
			out->value = (m == MEASURE_PROPORTION ? 100.0 : rate_factor) * a->num / a->den;
		}
		break;
	case MEASURE_MEAN:
		out->n = a->n;
		if (a->n > 0) {
			double mean = a->mn / a->n;

			out->has_value = true;
			out->value = mean;
			if (a->sd_all && a->n > 1) {
				double ssq = a->ss - a->n * mean * mean;

				out->has_sd = true;
				out->sd = sqrt(ssq > 0 ? ssq / (a->n - 1) : 0);
			}
		}
		break;
	}
}
