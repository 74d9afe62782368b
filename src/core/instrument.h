/*
 * instrument.h — feedback instruments as data (DESIGN §4): ORS, SRS, CORS,
 * CSRS, WHO-5, a satisfaction survey, or any other form an instrument file
 * describes (docs/instrument-file.md). Nothing here knows a particular form:
 * every number comes from the file.
 *
 * An instrument says which items a form has (codes and short neutral names,
 * never a licensed wording), each item's range and resolution, which items
 * are reverse-scored, the subscales, how the total is made (sum or mean of
 * the items, times a factor, prorated when some items are missing), which
 * way is better, and per age band the cutoff and the reliable-change value;
 * plus the alert thresholds and the expected-trajectory settings that the
 * feedback rules (core/feedback.h) read.
 *
 * Values. An item value is an integer in units of the item's resolution,
 * "raw": an ORS item of 7.3 (steps of 0.1) is 73, a WHO-5 item of 4 is 4.
 * INSTRUMENT_MISSING marks an item not answered (a zero is an answer).
 * Totals are doubles in points (an ORS total of 27.4, a WHO-5 index of 64),
 * rounded to six decimals, and every difference the rules compare is
 * rounded the same way (instrument_round), so 26.3 − 21.3 is exactly 5.
 *
 * Ownership. The structs are plain; whoever builds one (the instrument-file
 * reader) allocates all of it from one arena, which owns it.
 */
#ifndef PEJL_INSTRUMENT_H
#define PEJL_INSTRUMENT_H

#include "core/numfmt.h"
#include "util/date.h"
#include "util/diag.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* An item that was not answered. */
#define INSTRUMENT_MISSING INT_MIN
/* Limits a file may not exceed (they keep fixed-size arrays possible). */
#define INSTRUMENT_MAX_ITEMS     64
#define INSTRUMENT_MAX_SUBSCALES 16
/* Largest raw units per point (a step of 1/1000). */
#define INSTRUMENT_MAX_PER_POINT 1000

enum instrument_kind { INSTRUMENT_OUTCOME, INSTRUMENT_ALLIANCE, INSTRUMENT_WELLBEING, INSTRUMENT_SATISFACTION };
enum total_rule { TOTAL_SUM, TOTAL_MEAN };
/* Age bands of DESIGN §4, by age at the start of an episode: under 6 (not
 * scored against cutoffs), child 6–12, adolescent 13–17, adult 18+. Values
 * and names equal those of enum cpr_age_band (core/cpr.h); a test keeps
 * them so. */
enum age_band { AGE_BAND_UNDER_6, AGE_BAND_CHILD, AGE_BAND_ADOLESCENT, AGE_BAND_ADULT };
#define AGE_BAND_COUNT 4

/* Canonical names used in files, the database and the API:
 * "outcome", "alliance", "wellbeing", "satisfaction"; "sum", "mean";
 * "under6", "child", "adolescent", "adult". */
const char *instrument_kind_name(enum instrument_kind k);
bool instrument_kind_parse(enum instrument_kind *out, const char *s);
const char *total_rule_name(enum total_rule r);
bool total_rule_parse(enum total_rule *out, const char *s);
const char *age_band_name(enum age_band b);
bool age_band_parse(enum age_band *out, const char *s);
/* "voksen" / "adult", "barn (6–12)" / "child (6–12)", ... */
const char *age_band_label(enum age_band b, enum lang lang);

/* The age band for an age in whole years: under 6, child 6–12, adolescent
 * 13–17, adult 18+. False for an age below 0 or above 130. */
bool age_band_from_age(enum age_band *out, int age);
/* Age in completed years on a date (a 29 February birthday counts from
 * 1 March in other years); -1 if `on` is before `birth`. */
int age_years(struct date birth, struct date on);
/* The age band of someone born on `birth`, on the date `on`; false when
 * `on` is before `birth` or the age is beyond 130. */
bool age_band_at(enum age_band *out, struct date birth, struct date on);

struct instrument_item {
	const char *code;    /* "i1": unique in the instrument */
	const char *name_da; /* short neutral name ("Socialt"), never form text */
	const char *name_en;
	int min, max;        /* raw units */
	int per_point;       /* raw units per point: 10 for a step of 0.1 */
	bool reverse;        /* scored as min + max − value */
};

struct instrument_subscale {
	const char *code;
	const char *name_da, *name_en;
	const char **item_codes; /* as written in the file */
	size_t *items;           /* indices into instrument.items (instrument_prepare) */
	size_t nitems;
	enum total_rule rule;
	double factor;
	size_t min_answered; /* prorate when at least this many answered; 0: all needed */
};

/* How the total is made. With min_answered 0 every item must be answered;
 * otherwise a form with at least min_answered items answered is prorated:
 * a sum becomes mean-of-answered × number of items, a mean is the mean of
 * the answered items. */
struct instrument_total {
	enum total_rule rule;
	double factor;       /* WHO-5: 4 (raw 0–25 → 0–100) */
	size_t min_answered;
	int decimals;        /* shown decimals of a total */
};

/* Cutoff and reliable change for one age band. The clinical (low) range is
 * "below the cutoff": strictly below, or at or below when cutoff_inclusive
 * (WHO-5: ≤ 50 is low well-being); mirrored when lower is better. A band
 * that is not scored (under 6) is recorded and never judged. */
struct instrument_band {
	enum age_band band;
	bool scored;
	bool has_cutoff;
	double cutoff;
	bool cutoff_inclusive;
	bool has_rci;
	double rci;          /* reliable (or meaningful) change on the total */
	const char *note;    /* e.g. "28 is unconfirmed" */
};

/* Alert thresholds (DESIGN §4); each has_… false switches that alert off.
 * Alliance instruments: total below `below`; a fall of at least `drop`
 * from the previous session. Outcome instruments: change ≤ no_change_max
 * without reliable improvement at session ≥ no_change_session; no reliable
 * improvement at session ≥ no_improvement_session; reliable deterioration. */
struct instrument_alerts {
	bool has_below;
	double below;
	bool has_drop;
	double drop;
	bool has_no_change;
	int no_change_session;
	double no_change_max;
	bool has_no_improvement;
	int no_improvement_session;
	bool deterioration;
};

/* The local expected trajectory (feedback.h): closed episodes grouped by
 * intake band of width intake_band; a band is shown only with at least
 * min_episodes episodes, a session's point only with min_per_session. */
struct instrument_trajectory {
	bool enabled;
	double intake_band;
	unsigned min_episodes;
	unsigned min_per_session;
};

struct instrument {
	const char *code;    /* "ORS" */
	const char *name_da, *name_en;
	enum instrument_kind kind;
	const char *pair;    /* the alliance instrument given with it ("SRS"), or NULL */
	const char *note;
	struct instrument_item *items;
	size_t nitems;
	struct instrument_subscale *subscales;
	size_t nsubscales;
	struct instrument_total total;
	bool higher_is_better;
	struct instrument_band *bands;
	size_t nbands;
	struct instrument_alerts alerts;
	struct instrument_trajectory trajectory;
};

/* A set of instruments (the built-in ones, or those of a database). */
struct instrument_set {
	const struct instrument **list;
	size_t n;
};

/* The instrument with this code (ASCII case-insensitive), or NULL. */
const struct instrument *instrument_set_find(const struct instrument_set *set, const char *code);
/* The first instrument of this kind that lists the age band (scored or
 * not): for an adult, ORS; for a child of 8, CORS. NULL if none. */
const struct instrument *instrument_set_for_band(const struct instrument_set *set, enum instrument_kind kind,
						 enum age_band band);

/* The instrument's entry for an age band, or NULL when it lists none. */
const struct instrument_band *instrument_band(const struct instrument *in, enum age_band band);
/* Whether scores at this age band count for alerts and aggregates: an
 * instrument without bands at every age, one with bands only at a listed
 * band that is scored. Judging an outcome (class, reliable change) also
 * needs the band's reliable change (see feedback.h). */
bool instrument_scored_for(const struct instrument *in, enum age_band band);

/* The smallest and largest total the instrument can give. */
void instrument_total_range(const struct instrument *in, double *lo, double *hi);

/* Rounds to six decimals: what totals and differences are compared at. */
double instrument_round(double v);

/* An item value in points (raw / per_point). */
double instrument_item_points(const struct instrument_item *it, int raw);
/* Converts a value in points (7.3) to raw units (73) into *raw. False, with
 * the reason in why ("7.35 is not a multiple of 0.1", "10.5 is outside the
 * range 0–10"), when it is not a value of the item. why may be NULL. */
bool instrument_item_raw(int *raw, const struct instrument_item *it, double points, char *why, size_t whysz);
/* Writes a raw value as points with the decimals its step needs ("7.3"). */
char *instrument_item_format(char *out, size_t size, const struct instrument_item *it, int raw);

/* The score of one filled-in form. */
struct instrument_score {
	double total;
	size_t answered;
	bool prorated; /* some items were missing and the total was prorated */
	size_t nsub;
	double sub[INSTRUMENT_MAX_SUBSCALES];
	bool has_sub[INSTRUMENT_MAX_SUBSCALES]; /* false: too few of its items answered */
};

/* Checks one form's raw values (n must equal the instrument's item count;
 * each value INSTRUMENT_MISSING or within the item's range; enough items
 * answered for the total rule) and scores it. Returns 0, or PEJL_EINPUT with
 * a one-line reason in why ("item i3 (Social) is 10.5; the range is 0–10")
 * and *out untouched. why may be NULL. */
int instrument_score(struct instrument_score *out, const struct instrument *in, const int *values, size_t n,
		     char *why, size_t whysz);

/* Formats a total with the instrument's decimals ("27,4" / "27.4"). */
char *instrument_format(char *out, size_t size, const struct instrument *in, double v, enum lang lang);

/* Checks the rules of one instrument that do not depend on how it arrived
 * (unique item codes, min < max, subscale items that exist, bands unique,
 * cutoffs within the total's range, alerts that fit the kind, ...) and
 * resolves subscale item codes to indices. Each problem goes into d at
 * "where: $.path"; returns the number of problems. */
size_t instrument_prepare(struct instrument *in, const char *where, struct diag *d);

/* Checks a set: codes unique, each pair names an alliance instrument of the
 * set. names[i] names the file of set->list[i] for messages (may be NULL).
 * Returns the number of problems. */
size_t instrument_set_validate(const struct instrument_set *set, const char *const *names, struct diag *d);

#endif
