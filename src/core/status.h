/*
 * status.h — the status engine of DESIGN §3: the verdict of a goal at a
 * period, its trend, expected value, progress and a one-sentence
 * explanation in Danish and English naming the numbers used; and the
 * roll-up to pejlemærker and the strategy.
 *
 * Input is the goal version in force and the goal's series of aggregated
 * points (one per period, sorted, any number of periods); nothing here reads
 * a database. Decisions we took where DESIGN is silent are in
 * docs/status-rules.md.
 */
#ifndef PEJL_STATUS_H
#define PEJL_STATUS_H

#include "core/measure.h"
#include "core/numfmt.h"
#include "core/stats.h"
#include "core/strategy.h"

#include <stdbool.h>
#include <stddef.h>

enum verdict {
	VERDICT_MET,
	VERDICT_ON_TRACK,
	VERDICT_PROGRESS,
	VERDICT_NO_CHANGE,
	VERDICT_DECLINE,
	VERDICT_NO_DATA,
	VERDICT_NOT_COMPARABLE,
};
#define VERDICT_COUNT 7

enum trend { TREND_NONE, TREND_BETTER, TREND_WORSE, TREND_SAME };

/* Machine codes ("on_track") and Danish/English labels ("på rette spor"). */
const char *verdict_code(enum verdict v);
const char *verdict_label(enum verdict v, enum lang lang);
bool verdict_parse(enum verdict *out, const char *s);
const char *trend_code(enum trend t); /* "better", "worse", "same", "none" */
/* Is the verdict good news (met, on track, progress)? */
bool verdict_positive(enum verdict v);

struct status_input {
	const struct goal_version *goal;
	struct period at;
	const struct point *series; /* sorted by period, one point per period */
	size_t npoints;
};

struct status {
	enum verdict verdict;
	enum trend trend;
	/* the value judged: at `at`, or carried from an earlier period when
	 * the cadence skips `at` (biennial) */
	bool has_value;
	double value;
	struct period value_period;
	bool carried;
	enum obs_state state;
	/* the baseline used: the goal's, or (implicit) the first comparable value */
	bool has_baseline;
	bool baseline_implicit;
	double baseline;
	struct period baseline_period;
	bool has_target;
	double target;
	struct period target_period;
	bool has_expected;
	double expected;
	bool has_progress;
	double progress_pct;
	bool has_previous;
	double previous;
	struct period previous_period;
	/* significance (sample goals, rule 5) */
	bool test_applied;   /* a test was run */
	bool test_missing;   /* a test was due but n or sd was missing */
	struct test_result test;
	char explanation_da[640];
	char explanation_en[640];
};

/* Computes the status of in->goal at in->at. */
void status_compute(struct status *out, const struct status_input *in);

/* Roll-up of one pejlemærke: the main goal's verdict and trend and how many
 * of its goals have each verdict. */
struct pejlemaerke_status {
	enum verdict verdict;
	enum trend trend;
	size_t main_index; /* index of the main goal in the goals passed */
	size_t counts[VERDICT_COUNT];
};

/* goals[i] is the status of the pejlemærke's i-th goal; main_index is the
 * goal marked main (or 0). */
void status_pejlemaerke(struct pejlemaerke_status *out, const struct status *goals, size_t n, size_t main_index);

/* The strategy headline: positive = pejlemærker whose verdict is good news,
 * of = all; text "fremgang på 6 af 9 pejlemærker". */
struct strategy_summary {
	size_t counts[VERDICT_COUNT]; /* pejlemærker per verdict */
	size_t positive, of;
	char headline_da[128];
	char headline_en[128];
};

void status_strategy(struct strategy_summary *out, const struct pejlemaerke_status *pms, size_t n);

#endif
