/*
 * feedback.h — citizen feedback (FIT) by the rules of DESIGN §4, as pure
 * functions of plain structs: the outcome of an episode (intake, latest,
 * change, reliable change, cutoff crossing, class), alerts on open
 * episodes, the expected trajectory behind a provider interface (with the
 * local provider built from the municipality's own closed episodes), and
 * aggregates for a set of episodes. Nothing here reads a database.
 *
 * Every number (cutoffs, reliable change, alert thresholds and sessions,
 * trajectory bands and minimums) comes from the instruments
 * (core/instrument.h, data/instruments/). Decisions taken where DESIGN is
 * silent are listed in docs/instrument-file.md ("Rules as implemented").
 *
 * Scores. A score is a session row of the rater in question that is not
 * skipped, has outcome values, and scores under the instrument (see
 * instrument_score); a zero is a score. Skipped rows and rows whose values
 * do not score are counted, never used. Scores are ordered by session
 * number: intake is the first, latest the last. Self-ratings (rater NULL,
 * "" or "self") and each collateral rater are computed apart.
 *
 * Ownership. Episodes and sessions point into memory the caller owns; the
 * functions keep no pointer to them, except the outcome's `instrument` and
 * `rater` strings (the instrument's code, the caller's label).
 */
#ifndef PEJL_FEEDBACK_H
#define PEJL_FEEDBACK_H

#include "core/instrument.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

enum end_reason { END_NONE, END_PLANNED, END_UNPLANNED };

/* "none", "planned", "unplanned". */
const char *end_reason_name(enum end_reason r);
bool end_reason_parse(enum end_reason *out, const char *s);

/* One session row: one form filled in (or not) for one rater. */
struct feedback_session {
	const char *date;      /* "YYYY-MM-DD" */
	int number;            /* 1, 2, ... within the episode */
	const char *rater;     /* NULL, "" or "self": the citizen; else a collateral's label ("mor") */
	bool skipped;          /* the form was not filled in: no score, not a zero */
	const int *outcome;    /* raw item values of the outcome instrument, or NULL */
	size_t noutcome;
	const int *alliance;   /* raw item values of the alliance instrument, or NULL */
	size_t nalliance;
};

/* An episode (forløb). */
struct feedback_episode {
	const char *id;
	const char *pseudonym;
	const char *unit;
	const char *practitioner;
	const char *start;               /* "YYYY-MM-DD" */
	enum age_band band;              /* at the start */
	const char *outcome_instrument;  /* "ORS" */
	const char *alliance_instrument; /* "SRS", or NULL */
	const char *end;                 /* NULL while open */
	enum end_reason end_reason;      /* END_NONE while open */
	const struct feedback_session *sessions;
	size_t nsessions;
};

/* True for a self-rating: rater NULL, "" or "self" (any case). */
bool feedback_rater_is_self(const char *rater);

/* Checks an episode against the instruments: id, pseudonym and dates, the
 * instruments known, of the right kind and listing the age band, an end
 * with an end reason, session numbers from 1 and unique per rater, dates
 * within the episode, skipped rows without values, values that score.
 * Each problem goes into d at "where: sessions[i]…" ; returns their
 * number. */
size_t feedback_episode_check(const struct feedback_episode *ep, const struct instrument_set *set, const char *where,
			      struct diag *d);

/* --- per-episode outcome ------------------------------------------------------ */

enum outcome_class {
	OUTCOME_RECOVERED,    /* reliable improvement and crossed the cutoff */
	OUTCOME_IMPROVED,     /* reliable improvement without crossing */
	OUTCOME_UNCHANGED,
	OUTCOME_DETERIORATED, /* reliable deterioration */
	OUTCOME_INSUFFICIENT, /* fewer than two scores */
	OUTCOME_NOT_SCORED,   /* the age band is not judged (under 6), or the instrument has no reliable change */
};
#define OUTCOME_CLASS_COUNT 6

/* "recovered", "improved", "unchanged", "deteriorated", "insufficient",
 * "not_scored"; labels in Danish and English. */
const char *outcome_class_name(enum outcome_class c);
bool outcome_class_parse(enum outcome_class *out, const char *s);
const char *outcome_class_label(enum outcome_class c, enum lang lang);

struct feedback_outcome {
	enum outcome_class cls;
	const char *instrument; /* the outcome instrument's code */
	const char *rater;      /* "self", or the collateral's label */
	bool judged;            /* the band has a reliable change and is scored */
	size_t nscores, nskipped, ninvalid;
	bool has_intake;
	double intake;
	int intake_session;
	bool has_latest;
	double latest;
	int latest_session;
	bool has_change; /* two scores or more */
	double change;   /* latest − intake */
	bool has_cutoff;
	double cutoff;
	bool cutoff_inclusive;
	double rci;      /* when judged */
	bool reliable_improvement;   /* improvement ≥ RCI (change ≥ RCI when higher is better) */
	bool reliable_deterioration; /* improvement ≤ −RCI */
	bool crossed_cutoff;         /* intake in the clinical range, latest not */
	bool recovered;              /* reliable improvement and crossed cutoff */
	bool intake_above_cutoff;    /* intake not in the clinical range: prompt a check */
};

/* The outcome of ep for one rater (NULL or "self": the citizen). Returns 0,
 * or PEJL_ENOTFOUND (message set) when ep's outcome instrument is not in
 * set. */
int feedback_outcome(struct feedback_outcome *out, const struct feedback_episode *ep,
		     const struct instrument_set *set, const char *rater);

/* The distinct collateral raters of ep in order of first appearance: up to
 * max labels into out (pointers into ep); returns how many there are. */
size_t feedback_raters(const char **out, size_t max, const struct feedback_episode *ep);

/* Whether `total` lies in the clinical range of band b of instrument in:
 * below the cutoff (strictly, or at or below when inclusive), mirrored when
 * lower is better. False when the band has no cutoff. */
bool feedback_in_clinical_range(const struct instrument *in, const struct instrument_band *b, double total);

/* --- alerts --------------------------------------------------------------------- */

enum feedback_alert_code {
	ALERT_RELIABLE_DETERIORATION,
	ALERT_NO_RELIABLE_IMPROVEMENT, /* session ≥ 6: consider another approach */
	ALERT_NO_CHANGE,               /* session ≥ 3: talk about it */
	ALERT_ALLIANCE_LOW,            /* alliance below 36 */
	ALERT_ALLIANCE_DROP,           /* alliance fell ≥ 1 from the previous session */
};
#define FEEDBACK_ALERT_MAX 5

/* "reliable_deterioration", "no_reliable_improvement", "no_change",
 * "alliance_low", "alliance_drop". */
const char *feedback_alert_name(enum feedback_alert_code c);

struct feedback_alert {
	enum feedback_alert_code code;
	int session;      /* the session that raised it */
	double value;     /* the change, the alliance total, or the fall */
	double threshold; /* the number it was held against */
	char da[256];     /* one sentence naming the numbers */
	char en[256];
};

struct feedback_alerts {
	size_t n;
	struct feedback_alert list[FEEDBACK_ALERT_MAX]; /* in the order of enum feedback_alert_code */
};

/* The alerts of an open episode from its self-ratings (a closed episode
 * has none; neither has an age band that is not judged). Outcome alerts
 * look at the latest score and need two scores; alliance alerts look at the
 * latest alliance score and the one before it. Several alerts may hold at
 * once. Returns 0, or PEJL_ENOTFOUND for an unknown instrument. */
int feedback_alerts(struct feedback_alerts *out, const struct feedback_episode *ep, const struct instrument_set *set);

/* --- expected trajectory ---------------------------------------------------------- */

struct feedback_trajectory_point {
	int session;
	size_t n;      /* episodes with a score at this session */
	double median;
	double p25;    /* 25th percentile */
};

struct feedback_trajectory {
	const char *label;        /* "local" for the local provider */
	const char *instrument;   /* code */
	enum age_band band;
	double intake_lo, intake_hi; /* intake band: lo ≤ intake < hi (≤ hi for the top band) */
	size_t nepisodes;
	const struct feedback_trajectory_point *points; /* by session number, only those with enough episodes */
	size_t npoints;
};

/* Where expected trajectories come from. The local provider computes them
 * from the municipality's own episodes; a licensed provider can fill in
 * the same struct. expected() gives the trajectory for an instrument, age
 * band and intake score: 0 and *out (owned by the provider, valid until
 * free), or PEJL_ENOTFOUND when there is none to show. */
struct feedback_trajectory_provider {
	const char *label;
	void *ctx;
	int (*expected)(void *ctx, const struct feedback_trajectory **out, const char *instrument, enum age_band band,
			double intake);
	void (*free)(void *ctx);
};

/* The local provider (DESIGN §4): from the closed episodes among eps with
 * at least two self scores in a judged band, grouped by instrument, age
 * band and intake band (the instrument's trajectory.intake_band wide,
 * starting at the lowest total), the median and 25th percentile of the
 * scores at each session number — only for groups of at least
 * trajectory.min_episodes episodes and sessions with at least
 * trajectory.min_per_session scores. Instruments without a trajectory
 * section get none. Percentiles interpolate linearly between order
 * statistics. The provider copies what it needs from eps; it keeps
 * pointers to the instrument codes of set, which must outlive it. Returns 0,
 * or PEJL_ENOTFOUND for an episode with an unknown instrument. */
int feedback_trajectory_local(struct feedback_trajectory_provider *out, const struct feedback_episode *eps, size_t n,
			      const struct instrument_set *set);
/* Releases a provider (any provider); accepts NULL. */
void feedback_trajectory_provider_free(struct feedback_trajectory_provider *p);
/* The expected trajectory for ep's self-rated intake through provider p:
 * 0 and *out, or PEJL_ENOTFOUND (no intake yet, or none to show). */
int feedback_expected(const struct feedback_trajectory **out, const struct feedback_trajectory_provider *p,
		      const struct feedback_episode *ep, const struct instrument_set *set);

/* The p-th quantile (0 ≤ p ≤ 1) of n sorted values, interpolating linearly
 * between order statistics (R type 7): the median of 1, 2, 3, 4 is 2.5. */
double feedback_quantile(const double *sorted, size_t n, double p);

/* --- aggregates -------------------------------------------------------------------- */

/* Aggregates for a set of episodes the caller chose (a unit subtree and
 * the episodes that ended in a period, say; one instrument family, since
 * totals of different scales do not mix). Self-ratings only.
 * Bases:
 *   episodes: all; citizens: distinct pseudonyms, and each episode
 *     without one (its citizen link cleared by retention) as a citizen of
 *     its own, so small-cell tests still see the episodes of old periods;
 *   classified: episodes with a class other than insufficient and
 *     not_scored — the base of the means, the sd, d and the class shares;
 *   closed: episodes with an end — the base of % unplanned;
 *   mean sessions: distinct session numbers per episode (skipped sessions
 *     are sessions), over all episodes;
 *   final alliance: the last alliance score of each episode that has one;
 *   alliance share: self alliance scores not below the alliance
 *     instrument's alerts.below, of all self alliance scores.
 * d = mean change / sd(intake), the sample sd (n − 1). A has_… flag is
 * false when its base is empty (or, for sd and d, below 2 or sd 0). */
struct feedback_aggregate {
	size_t episodes, citizens, closed, planned, unplanned;
	size_t classified;
	size_t count[OUTCOME_CLASS_COUNT]; /* episodes per class */
	bool has_means;
	double mean_intake, mean_final, mean_change;
	bool has_sd;
	double sd_intake;
	bool has_effect;
	double effect_size;
	double pct_recovered, pct_improved, pct_unchanged, pct_deteriorated; /* of classified */
	bool has_unplanned;
	double pct_unplanned;   /* of closed */
	bool has_sessions;
	double mean_sessions;
	size_t sessions;        /* distinct session numbers, summed */
	size_t alliance_episodes;
	bool has_final_alliance;
	double mean_final_alliance;
	size_t alliance_scores, alliance_ok;
	bool has_alliance_share;
	double pct_alliance_ok;
};

/* Computes the aggregate of n episodes. Returns 0, or PEJL_ENOTFOUND for an
 * episode with an unknown instrument. */
int feedback_aggregate(struct feedback_aggregate *out, const struct feedback_episode *eps, size_t n,
		       const struct instrument_set *set);

/* What one episode adds to an aggregate, so episodes counted in several
 * aggregates (a unit and every unit above it) are scored once. The
 * pseudonym points into the episode. */
struct feedback_summary {
	const char *pseudonym;
	enum outcome_class cls;
	bool classified; /* a class other than insufficient and not_scored */
	double intake, latest, change;
	bool closed;
	enum end_reason end_reason;
	size_t sessions; /* distinct session numbers */
	bool has_final_alliance;
	double final_alliance;
	size_t alliance_scores, alliance_ok;
};

int feedback_summarise(struct feedback_summary *out, const struct feedback_episode *ep,
		       const struct instrument_set *set);
/* feedback_aggregate from the summaries of n episodes. */
void feedback_aggregate_summaries(struct feedback_aggregate *out, const struct feedback_summary *const *sum, size_t n);

#endif
