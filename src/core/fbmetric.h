/*
 * fbmetric.h — goals computed from feedback instruments (DESIGN §4, "Link
 * to the strategy"). A goal version's `metric` names an instrument metric;
 * pejl computes the goal's observations from the episodes, per period of
 * the goal's cadence and unit, as numerator and denominator.
 *
 * A metric is written INSTRUMENT:NAME[:THRESHOLD]; INSTRUMENT is a code of
 * data/instruments ("ORS", "SRS", "WHO5", …) or "*" for any. Names:
 *   reliable_improvement    of the episodes that ended in the period and
 *   recovered               have a class (two self scores or more, a judged
 *   reliable_deterioration  band), those with a reliable improvement, that
 *                           recovered, or with a reliable deterioration;
 *                           INSTRUMENT is the outcome instrument
 *   planned_ending          of the episodes that ended in the period, those
 *                           ended as planned (outcome instrument)
 *   alliance_ok             of the self alliance scores of sessions dated in
 *                           the period, those at or above THRESHOLD (default:
 *                           the instrument's alert threshold, 36 for SRS);
 *                           INSTRUMENT is the alliance instrument
 *   score_above             of the episodes with a self outcome score in the
 *                           period, those whose last score in the period is
 *                           above THRESHOLD (required; WHO5:score_above:50)
 * Values are percentages (numerator / denominator × 100): the goal's
 * measure must be a proportion.
 *
 * Each episode contributes to the cells (period) of a metric independently
 * of the others, so a cell is the sum of its episodes' contributions and a
 * new session changes a cell by the difference of one episode's
 * contributions before and after it.
 */
#ifndef PEJL_FBMETRIC_H
#define PEJL_FBMETRIC_H

#include "core/feedback.h"
#include "core/period.h"

enum fbmetric_kind {
	FBM_RELIABLE_IMPROVEMENT,
	FBM_RECOVERED,
	FBM_RELIABLE_DETERIORATION,
	FBM_PLANNED_ENDING,
	FBM_ALLIANCE_OK,
	FBM_SCORE_ABOVE,
};

struct fbmetric {
	enum fbmetric_kind kind;
	char instrument[24]; /* a code, or "*" */
	bool has_threshold;
	double threshold;
};

/* Parses s; false with the reason in why. Instruments are not looked up
 * here (see fbmetric_check). */
bool fbmetric_parse(struct fbmetric *out, const char *s, char *why, size_t nwhy);
/* Whether the metric's instrument exists and is of the right kind (an
 * alliance instrument for alliance_ok, else an outcome or wellbeing one:
 * what an episode's forms can be); false with the reason in why. */
bool fbmetric_check(const struct fbmetric *m, const struct instrument_set *set, char *why, size_t nwhy);

/* One cell an episode contributes to. */
struct fbmetric_part {
	struct period period;
	long num, den;
};
#define FBMETRIC_MAX_PARTS 64

/* The contributions of ep to metric m with cadence c (at most
 * FBMETRIC_MAX_PARTS cells: an episode spanning more periods keeps the
 * first FBMETRIC_MAX_PARTS periods it meets, in session order, with every
 * session that falls in them). Instrument codes match in any case.
 * Returns how many parts were written. */
size_t fbmetric_parts(struct fbmetric_part *out, const struct fbmetric *m, enum cadence c,
		      const struct feedback_episode *ep, const struct instrument_set *set);

/* The period of cadence c that holds date ("YYYY-MM-DD"). A biennial goal
 * has yearly periods. */
struct period fbmetric_period_of(const char *date, enum cadence c);

#endif
