/*
 * test_status.c — worked examples for the status engine (src/core/status.h),
 * one row per rule and edge of DESIGN §3 as read in docs/status-rules.md.
 *
 * A row is a goal version built from a few parameters (direction, measure,
 * sampling, cadence, baseline, target kind/value/period, tolerance,
 * decimals, display unit), a short series of aggregated points, the period
 * asked, and the expected outcome: verdict, trend, carried flag, the value
 * judged, the resolved target, the expected value E, progress % (NA where
 * there must be none), and words and numbers that must appear in the Danish
 * and English explanations ("1.256" / "1,256").
 *
 * The goals are named after the 2014 Copenhagen examples where there is
 * one: 1D (1581 in 2013, 325 fewer by 2017 → 1256), 1C (level 95, no
 * baseline), 3A (at most 1.1). For 1D the straight path is
 * E(2014) = 1499.75, E(2015) = 1418.5, E(2016) = 1337.25, E(2017) = 1256,
 * and progress % = (V − 1581)/(1256 − 1581)·100.
 *
 * Then the roll-ups (status_pejlemaerke, status_strategy) and the verdict
 * codes and labels.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/status.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NA   NAN /* "there must be none" in an expected column */

/* --- the table's vocabulary ------------------------------------------------------- */

struct gspec {
	enum direction dir;
	enum measure m;
	enum sampling smp;
	enum cadence cad;
	const char *bper; /* NULL: no baseline */
	double bval;
	enum target_kind tk;
	double tval;
	const char *tper;
	double tol;
	int dec;
	const char *unit;
};

struct pspec {
	const char *per;
	enum obs_state st;
	double v, num, den, n, sd; /* NAN: not given; a proportion's value comes from num/den */
};

struct expect {
	enum verdict verdict;
	enum trend trend;
	bool carried;
	double value, target, expected, progress; /* NA: has_… must be false */
	const char *da, *en;                      /* substrings of the explanations */
	const char *da2, *en2;                    /* more substrings, or NULL */
};

struct status_row {
	const char *name;
	struct gspec g;
	struct pspec pts[8];
	const char *at;
	struct expect x;
};

#define G(dir, m, smp, cad, bper, bval, tk, tval, tper, tol, dec, unit)                                                \
	{                                                                                                              \
		DIRECTION_##dir, MEASURE_##m, SAMPLING_##smp, CADENCE_##cad, bper, bval, TARGET_##tk, tval, tper, tol, \
		    dec, unit                                                                                          \
	}

/* 1D: 1581 in 2013, 325 fewer by 2017 (T = 1256), down */
#define G_1D      G(DOWN, COUNT, CENSUS, YEARLY, "2013", 1581, DELTA, -325, "2017", 0, 0, NULL)
#define G_1D_TOL5 G(DOWN, COUNT, CENSUS, YEARLY, "2013", 1581, DELTA, -325, "2017", 5, 0, NULL)
/* up from 100 in 2013 to 200 by 2017: E(2015) = 150 */
#define G_UP      G(UP, COUNT, CENSUS, YEARLY, "2013", 100, LEVEL, 200, "2017", 0, 0, NULL)
#define G_UP_TOL5 G(UP, COUNT, CENSUS, YEARLY, "2013", 100, LEVEL, 200, "2017", 5, 0, NULL)
/* direction only, no baseline */
#define G_DIR G(UP, COUNT, CENSUS, YEARLY, NULL, 0, NONE, 0, NULL, 0, 0, NULL)
/* direction only with a baseline of 100 in 2013 and tolerance 5 */
#define G_DIRB_TOL5 G(UP, COUNT, CENSUS, YEARLY, "2013", 100, NONE, 0, NULL, 5, 1, NULL)
#define G_DIRB_DOWN G(DOWN, COUNT, CENSUS, YEARLY, "2013", 100, NONE, 0, NULL, 0, 0, NULL)
/* 533 in 2013, 15 % fewer by 2017: T = 453.05 */
#define G_PCT G(DOWN, COUNT, CENSUS, YEARLY, "2013", 533, PERCENT, -15, "2017", 0, 2, NULL)
/* 3A: at most 1.1 by 2017, from 1.4 in 2013 */
#define G_3A G(DOWN, COUNT, CENSUS, YEARLY, "2013", 1.4, MAX, 1.1, "2017", 0, 1, NULL)
/* at least 50 by 2017, from 40 in 2013 */
#define G_MIN G(UP, COUNT, CENSUS, YEARLY, "2013", 40, MIN, 50, "2017", 0, 0, NULL)
/* 1C: level 95 % by 2017, no baseline */
#define G_1C      G(UP, PROPORTION, CENSUS, YEARLY, NULL, 0, LEVEL, 95, "2017", 0, 1, "%")
#define G_1C_2019 G(UP, PROPORTION, CENSUS, YEARLY, NULL, 0, LEVEL, 95, "2019", 0, 1, "%")
/* biennial, measured in odd years: 100 in 2013 → 140 by 2017, E(2015) = 120 */
#define G_BI    G(UP, COUNT, CENSUS, BIENNIAL, "2013", 100, LEVEL, 140, "2017", 0, 0, NULL)
#define G_BI_NB G(UP, COUNT, CENSUS, BIENNIAL, NULL, 0, LEVEL, 140, "2017", 0, 0, NULL)
/* 100 in 2015Q4 → 130 by 2016Q3: 10 a quarter */
#define G_Q G(UP, COUNT, CENSUS, QUARTERLY, "2015Q4", 100, LEVEL, 130, "2016Q3", 0, 0, NULL)
/* 200 in 2016-11 → 100 by 2017-03: 25 a month */
#define G_M G(DOWN, COUNT, CENSUS, MONTHLY, "2016-11", 200, LEVEL, 100, "2017-03", 0, 0, NULL)
/* 60 in 2014/15 → 80 by 2018/19: 5 a school year */
#define G_SY G(UP, COUNT, CENSUS, SCHOOL_YEAR, "2014/15", 60, LEVEL, 80, "2018/19", 0, 0, NULL)
/* proportions, 40 % in 2013 → 50 % by 2017 */
#define G_PROP       G(UP, PROPORTION, CENSUS, YEARLY, "2013", 40, LEVEL, 50, "2017", 0, 1, "%")
#define G_PROP_S     G(UP, PROPORTION, SAMPLE, YEARLY, "2013", 40, LEVEL, 50, "2017", 0, 1, "%")
#define G_PROP_S_DIR G(UP, PROPORTION, SAMPLE, YEARLY, "2013", 45, NONE, 0, NULL, 0, 1, "%")
/* sample means, direction only, 50 in 2013 */
#define G_MEAN_S  G(UP, MEAN, SAMPLE, YEARLY, "2013", 50, NONE, 0, NULL, 0, 1, NULL)
#define G_COUNT_S G(UP, COUNT, SAMPLE, YEARLY, "2013", 100, NONE, 0, NULL, 0, 0, NULL)

#define V(per, x)                                                                                                      \
	{                                                                                                              \
		per, OBS_OK, x, NAN, NAN, NAN, NAN                                                                     \
	}
#define VB(per, x)                                                                                                     \
	{                                                                                                              \
		per, OBS_BREAK, x, NAN, NAN, NAN, NAN                                                                  \
	}
#define VEST(per, x)                                                                                                   \
	{                                                                                                              \
		per, OBS_ESTIMATE, x, NAN, NAN, NAN, NAN                                                               \
	}
#define VMISS(per, x)                                                                                                  \
	{                                                                                                              \
		per, OBS_MISSING, x, NAN, NAN, NAN, NAN                                                                \
	}
#define VNONE(per)                                                                                                     \
	{                                                                                                              \
		per, OBS_OK, NAN, NAN, NAN, NAN, NAN                                                                   \
	}
#define PR(per, nu, de)                                                                                                \
	{                                                                                                              \
		per, OBS_OK, NAN, nu, de, NAN, NAN                                                                     \
	}
#define PRB(per, nu, de)                                                                                               \
	{                                                                                                              \
		per, OBS_BREAK, NAN, nu, de, NAN, NAN                                                                  \
	}
#define MN(per, m, n, sd)                                                                                              \
	{                                                                                                              \
		per, OBS_OK, m, NAN, NAN, n, sd                                                                        \
	}

#define X(verdict, trend, carried, value, target, expected, progress, da, en)                                          \
	{                                                                                                              \
		VERDICT_##verdict, TREND_##trend, carried, value, target, expected, progress, da, en, NULL, NULL       \
	}
#define X2(verdict, trend, carried, value, target, expected, progress, da, en, da2, en2)                               \
	{                                                                                                              \
		VERDICT_##verdict, TREND_##trend, carried, value, target, expected, progress, da, en, da2, en2         \
	}

/* --- the worked examples ------------------------------------------------------------- */

static const struct status_row status_rows[] = {
    /* Rule 1: no value at p */
    {"rule 1: no value at p and none before is no_data",
     G_1D,
     {{0}},
     "2015",
     X(NO_DATA, NONE, false, NA, 1256, 1418.5, NA, "Ingen data for 2015", "No data for 2015")},
    {"rule 1: no value at p names the latest value",
     G_1D,
     {V("2013", 1581), V("2014", 1500)},
     "2015",
     X(NO_DATA, NONE, false, NA, 1256, 1418.5, NA, "seneste værdi er 1.500 i 2014",
       "the latest value is 1,500 in 2014")},
    {"rule 1: state missing at p is no_data even with a number",
     G_1D,
     {V("2013", 1581), VMISS("2015", 1400)},
     "2015",
     X2(NO_DATA, NONE, false, NA, 1256, 1418.5, NA, "Ingen data for 2015", "No data for 2015", "1.581 i 2013",
        "1,581 in 2013")},
    {"rule 1: a point at p without a value is no_data",
     G_1D,
     {V("2013", 1581), VNONE("2015")},
     "2015",
     X(NO_DATA, NONE, false, NA, 1256, 1418.5, NA, "Ingen data for 2015", "No data for 2015")},
    {"rule 1: later values are not the latest value",
     G_1D,
     {V("2016", 1300)},
     "2015",
     X(NO_DATA, NONE, false, NA, 1256, 1418.5, NA, "Ingen data for 2015", "No data for 2015")},
    {"rule 1: an estimate is a value",
     G_1D,
     {V("2013", 1581), VEST("2015", 1418.5)},
     "2015",
     X(ON_TRACK, BETTER, false, 1418.5, 1256, 1418.5, 50, "på rette spor", "on track")},

    /* Rule 1: biennial cadence */
    {"biennial: a skipped year shows the latest value, carried and said",
     G_BI,
     {V("2013", 100), V("2015", 125)},
     "2016",
     X2(ON_TRACK, BETTER, true, 125, 140, 120, 62.5, "hvert andet år", "every second year",
        "2016 viser værdien fra 2015", "2016 shows the value from 2015")},
    {"biennial: a measured year without a value is no_data",
     G_BI,
     {V("2013", 100), V("2015", 125)},
     "2017",
     X(NO_DATA, NONE, false, NA, 140, NA, NA, "seneste værdi er 125 i 2015", "the latest value is 125 in 2015")},
    {"biennial: a skipped year with nothing before is no_data",
     G_BI,
     {{0}},
     "2014",
     X(NO_DATA, NONE, false, NA, 140, 110, NA, "Ingen data for 2014", "No data for 2014")},
    {"biennial: a value in a skipped year is used as it is",
     G_BI,
     {V("2013", 100), V("2015", 125), V("2016", 131)},
     "2016",
     X(ON_TRACK, BETTER, false, 131, 140, 130, 77.5, "131 i 2016", "131 in 2016")},
    {"biennial without baseline: the target year fixes the measured years",
     G_BI_NB,
     {V("2015", 120)},
     "2016",
     X(ON_TRACK, NONE, true, 120, 140, 120, 0, "hvert andet år", "every second year")},
    {"biennial without baseline: a measured year without value is no_data",
     G_BI_NB,
     {V("2015", 120)},
     "2017",
     X(NO_DATA, NONE, false, NA, 140, NA, NA, "seneste værdi er 120 i 2015", "the latest value is 120 in 2015")},

    /* Rule 2: breaks */
    {"rule 2: a break between baseline and p is not comparable",
     G_1D,
     {V("2013", 1581), V("2014", 1500), VB("2015", 1400), V("2016", 1350)},
     "2016",
     X(NOT_COMPARABLE, BETTER, false, 1350, 1256, 1337.25, NA, "databrud i 2015", "data break in 2015")},
    {"rule 2: the break period itself is not comparable and has no trend",
     G_1D,
     {V("2013", 1581), V("2014", 1500), VB("2015", 1400), V("2016", 1350)},
     "2015",
     X(NOT_COMPARABLE, NONE, false, 1400, 1256, 1418.5, NA, "databrud i 2015", "data break in 2015")},
    {"rule 2: a break exactly at the baseline period is fine",
     G_1D,
     {VB("2013", 1581), V("2014", 1499)},
     "2014",
     X(ON_TRACK, BETTER, false, 1499, 1256, 1499.75, 25.230769230769230, "1.499", "1,499")},
    {"rule 2: a break after p is ignored",
     G_1D,
     {V("2013", 1581), V("2014", 1499), VB("2015", 900)},
     "2014",
     X(ON_TRACK, BETTER, false, 1499, 1256, 1499.75, 25.230769230769230, "1.499", "1,499")},
    {"rule 2: direction only, a break at p after earlier values is not comparable",
     G_DIR,
     {V("2013", 100), V("2014", 110), VB("2015", 50), V("2016", 60)},
     "2015",
     X(NOT_COMPARABLE, NONE, false, 50, NA, NA, NA, "første værdi efter et databrud",
       "first value after a data break")},
    {"rule 2: direction only, the period after a break compares with the break value",
     G_DIR,
     {V("2013", 100), V("2014", 110), VB("2015", 50), V("2016", 60)},
     "2016",
     X(PROGRESS, BETTER, false, 60, NA, NA, NA, "mod 50 i 2015 (første måling)",
       "against 50 in 2015 (first measurement)")},
    {"rule 2: direction only, a break as the very first value is comparable",
     G_DIR,
     {VB("2015", 50)},
     "2015",
     X(NO_CHANGE, NONE, false, 50, NA, NA, NA, "uændret", "no change")},
    {"rule 2: without a baseline, the path starts again at the break",
     G_1C_2019,
     {PR("2014", 900, 1000), PR("2015", 910, 1000), PRB("2016", 800, 1000), PR("2017", 860, 1000)},
     "2017",
     X(ON_TRACK, BETTER, false, 86, 95, 85, 40, "fra 80,0 % i 2016", "from 80.0% in 2016")},

    /* Rule 3: met */
    {"met: down goal exactly at the target (s·(V−T) = 0)",
     G_1D,
     {V("2013", 1581), V("2016", 1300), V("2017", 1256)},
     "2017",
     X2(MET, BETTER, false, 1256, 1256, NA, 100, "højst 1.256", "at most 1,256", "opfyldt", "met")},
    {"met: down goal below the target",
     G_1D,
     {V("2013", 1581), V("2017", 1200)},
     "2017",
     X(MET, BETTER, false, 1200, 1256, NA, 117.23076923076923, "1.200", "1,200")},
    {"met: down goal one above the target at the target period is progress",
     G_1D,
     {V("2013", 1581), V("2017", 1257)},
     "2017",
     X2(PROGRESS, BETTER, false, 1257, 1256, NA, 99.692307692307693, "målet 1.256 i 2017 er ikke nået",
        "the target of 1,256 by 2017 is not met", "1.257", "1,257")},
    {"met: before the target period",
     G_1D,
     {V("2013", 1581), V("2015", 1250)},
     "2015",
     X(MET, BETTER, false, 1250, 1256, 1418.5, 101.84615384615385, "målet er opfyldt", "the target is met")},
    {"met: up goal exactly at the target",
     G_UP,
     {V("2013", 100), V("2017", 200)},
     "2017",
     X(MET, BETTER, false, 200, 200, NA, 100, "mindst 200", "at least 200")},
    {"met: up goal one below the target at the target period is progress",
     G_UP,
     {V("2013", 100), V("2017", 199)},
     "2017",
     X(PROGRESS, BETTER, false, 199, 200, NA, 99, "målet 200 i 2017 er ikke nået",
       "the target of 200 by 2017 is not met")},
    {"met: after the target period",
     G_UP_TOL5,
     {V("2013", 100), V("2018", 205)},
     "2018",
     X(MET, BETTER, false, 205, 200, NA, 105, "205", "205")},

    /* Rule 4: on track */
    {"on track: down goal exactly at the expected value",
     G_1D,
     {V("2013", 1581), V("2015", 1418.5)},
     "2015",
     X(ON_TRACK, BETTER, false, 1418.5, 1256, 1418.5, 50, "på rette spor", "on track")},
    {"on track: just inside the tolerance",
     G_1D_TOL5,
     {V("2013", 1581), V("2015", 1423)},
     "2015",
     X(ON_TRACK, BETTER, false, 1423, 1256, 1418.5, 48.615384615384615, "1.423", "1,423")},
    {"on track: exactly at the tolerance (s·(V−E) = −τ)",
     G_1D_TOL5,
     {V("2013", 1581), V("2015", 1423.5)},
     "2015",
     X(ON_TRACK, BETTER, false, 1423.5, 1256, 1418.5, 48.461538461538462, "på rette spor", "on track")},
    {"on track: just outside the tolerance falls to rule 5",
     G_1D_TOL5,
     {V("2013", 1581), V("2015", 1424)},
     "2015",
     X2(PROGRESS, BETTER, false, 1424, 1256, 1418.5, 48.307692307692308, "1.424 i 2015 mod 1.581 i 2013",
        "1,424 in 2015 against 1,581 in 2013", "fremgang", "progress")},
    {"on track: up goal on the path",
     G_UP,
     {V("2013", 100), V("2015", 150)},
     "2015",
     X(ON_TRACK, BETTER, false, 150, 200, 150, 50, "150", "150")},
    {"on track: up goal below the path is progress",
     G_UP,
     {V("2013", 100), V("2015", 149)},
     "2015",
     X2(PROGRESS, BETTER, false, 149, 200, 150, 49, "forventet niveau i 2015: 150", "expected level in 2015: 150",
        "fremgang", "progress")},
    {"on track: up goal below the baseline is decline",
     G_UP,
     {V("2013", 100), V("2015", 99)},
     "2015",
     X(DECLINE, WORSE, false, 99, 200, 150, -1, "tilbagegang", "decline")},
    {"on track: at the baseline period E is the baseline",
     G_1D,
     {V("2013", 1581)},
     "2013",
     X(ON_TRACK, NONE, false, 1581, 1256, 1581, 0, "1.581", "1,581")},
    {"no on track at the target period even within tolerance",
     G_UP_TOL5,
     {V("2013", 100), V("2017", 198)},
     "2017",
     X(PROGRESS, BETTER, false, 198, 200, NA, 98, "fremgang", "progress")},
    {"no on track after the target period",
     G_UP_TOL5,
     {V("2013", 100), V("2018", 198)},
     "2018",
     X(PROGRESS, BETTER, false, 198, 200, NA, 98, "fremgang", "progress")},

    /* Rule 5: against the baseline, tolerance boundaries */
    {"rule 5: s·(V−B) > τ is progress",
     G_DIRB_TOL5,
     {V("2013", 100), V("2015", 105.5)},
     "2015",
     X(PROGRESS, BETTER, false, 105.5, NA, NA, NA, "fremgang (+5,5)", "progress (+5.5)")},
    {"rule 5: s·(V−B) = τ is no change",
     G_DIRB_TOL5,
     {V("2013", 100), V("2015", 105)},
     "2015",
     X(NO_CHANGE, SAME, false, 105, NA, NA, NA, "uændret (+5,0)", "no change (+5.0)")},
    {"rule 5: s·(V−B) = −τ is no change",
     G_DIRB_TOL5,
     {V("2013", 100), V("2015", 95)},
     "2015",
     X(NO_CHANGE, SAME, false, 95, NA, NA, NA, "uændret (-5,0)", "no change (-5.0)")},
    {"rule 5: s·(V−B) < −τ is decline",
     G_DIRB_TOL5,
     {V("2013", 100), V("2015", 94.5)},
     "2015",
     X(DECLINE, WORSE, false, 94.5, NA, NA, NA, "tilbagegang (-5,5)", "decline (-5.5)")},
    {"rule 5: equal to the baseline is no change",
     G_DIRB_DOWN,
     {V("2013", 100), V("2015", 100)},
     "2015",
     X(NO_CHANGE, SAME, false, 100, NA, NA, NA, "basisår", "baseline")},
    {"rule 5: down goal, fewer is progress",
     G_DIRB_DOWN,
     {V("2013", 100), V("2015", 90)},
     "2015",
     X(PROGRESS, BETTER, false, 90, NA, NA, NA, "90 i 2015 mod 100 i 2013", "90 in 2015 against 100 in 2013")},
    {"rule 5: down goal, more is decline",
     G_DIRB_DOWN,
     {V("2013", 100), V("2015", 110)},
     "2015",
     X(DECLINE, WORSE, false, 110, NA, NA, NA, "tilbagegang", "decline")},

    /* Target kinds */
    {"target level",
     G_UP,
     {V("2013", 100), V("2016", 175)},
     "2016",
     X(ON_TRACK, BETTER, false, 175, 200, 175, 75, "målet 200 i 2017", "the target of 200 by 2017")},
    {"target delta: 1581 − 325 = 1256 (1D)",
     G_1D,
     {V("2013", 1581), V("2016", 1337.25)},
     "2016",
     X(ON_TRACK, BETTER, false, 1337.25, 1256, 1337.25, 75, "målet 1.256 i 2017", "the target of 1,256 by 2017")},
    {"target percent: 533 − 15 % = 453.05 is met",
     G_PCT,
     {V("2013", 533), V("2017", 453.05)},
     "2017",
     X(MET, BETTER, false, 453.05, 453.05, NA, 100, "højst 453,05", "at most 453.05")},
    {"target percent: a hundredth above 453.05 is not met",
     G_PCT,
     {V("2013", 533), V("2017", 453.06)},
     "2017",
     X(PROGRESS, BETTER, false, 453.06, 453.05, NA, 99.987492182614134, "453,06", "453.06")},
    {"target max (3A): at the cap is met",
     G_3A,
     {V("2013", 1.4), V("2016", 1.1)},
     "2016",
     X(MET, BETTER, false, 1.1, 1.1, 1.175, 100, "højst 1,1", "at most 1.1")},
    {"target max: under the cap is met",
     G_3A,
     {V("2013", 1.4), V("2017", 1.0)},
     "2017",
     X(MET, BETTER, false, 1.0, 1.1, NA, 133.33333333333333, "1,0", "1.0")},
    {"target max: over the cap at the target period is progress",
     G_3A,
     {V("2013", 1.4), V("2017", 1.2)},
     "2017",
     X(PROGRESS, BETTER, false, 1.2, 1.1, NA, 66.666666666666667, "1,2", "1.2")},
    {"target max: over the cap and above the baseline is decline",
     G_3A,
     {V("2013", 1.4), V("2017", 1.5)},
     "2017",
     X(DECLINE, WORSE, false, 1.5, 1.1, NA, -33.333333333333333, "tilbagegang", "decline")},
    {"target min: at the floor is met",
     G_MIN,
     {V("2013", 40), V("2017", 50)},
     "2017",
     X(MET, BETTER, false, 50, 50, NA, 100, "mindst 50", "at least 50")},
    {"target min: under the floor is progress",
     G_MIN,
     {V("2013", 40), V("2017", 49)},
     "2017",
     X(PROGRESS, BETTER, false, 49, 50, NA, 90, "49", "49")},
    {"target none: only rule 5, however far it goes",
     G_DIRB_TOL5,
     {V("2013", 100), V("2014", 1000)},
     "2014",
     X(PROGRESS, BETTER, false, 1000, NA, NA, NA, "fremgang", "progress")},
    {"target none without baseline: a single value is no change",
     G_DIR,
     {V("2015", 50)},
     "2015",
     X(NO_CHANGE, NONE, false, 50, NA, NA, NA, "første måling", "first measurement")},
    {"no baseline, with target (1C): progress against the first measurement",
     G_1C,
     {PR("2014", 900, 1000), PR("2015", 910, 1000)},
     "2015",
     X(PROGRESS, BETTER, false, 91, 95, 91.666666666666667, 20, "90,0 % i 2014 (første måling)",
       "90.0% in 2014 (first measurement)")},
    {"no baseline, with target (1C): on track from the first measurement",
     G_1C,
     {PR("2014", 900, 1000), PR("2015", 910, 1000), PR("2016", 940, 1000)},
     "2016",
     X(ON_TRACK, BETTER, false, 94, 95, 93.333333333333333, 80, "94,0 %", "94.0%")},

    /* Periods other than years: E by period index */
    {"quarterly: on the path across a year end",
     G_Q,
     {V("2015Q4", 100), V("2016Q1", 105), V("2016Q2", 120)},
     "2016Q2",
     X(ON_TRACK, BETTER, false, 120, 130, 120, 66.666666666666667, "2016Q2", "2016Q2")},
    {"quarterly: below the path is progress",
     G_Q,
     {V("2015Q4", 100), V("2016Q1", 105)},
     "2016Q1",
     X(PROGRESS, BETTER, false, 105, 130, 110, 16.666666666666667, "forventet niveau i 2016Q1: 110",
       "expected level in 2016Q1: 110")},
    {"monthly: on the path across a year end",
     G_M,
     {V("2016-11", 200), V("2017-01", 150)},
     "2017-01",
     X(ON_TRACK, BETTER, false, 150, 100, 150, 50, "2017-01", "2017-01")},
    {"monthly: above the path of a down goal is progress",
     G_M,
     {V("2016-11", 200), V("2017-01", 160)},
     "2017-01",
     X(PROGRESS, BETTER, false, 160, 100, 150, 40, "160 i 2017-01", "160 in 2017-01")},
    {"school year: on the path",
     G_SY,
     {V("2014/15", 60), V("2016/17", 70)},
     "2016/17",
     X(ON_TRACK, BETTER, false, 70, 80, 70, 50, "70 i 2016/17", "70 in 2016/17")},
    {"school year: no data",
     G_SY,
     {V("2014/15", 60)},
     "2015/16",
     X(NO_DATA, NONE, false, NA, 80, 65, NA, "seneste værdi er 60 i 2014/15", "the latest value is 60 in 2014/15")},

    /* Proportions and samples */
    {"proportion from numerator/denominator",
     G_PROP,
     {PR("2013", 400, 1000), PR("2017", 450, 1000)},
     "2017",
     X(PROGRESS, BETTER, false, 45, 50, NA, 50, "45,0 % i 2017 mod 40,0 % i 2013",
       "45.0% in 2017 against 40.0% in 2013")},
    /* z = 0.05 / sqrt(0.425·0.575·(2/1000)) = 2.262, p = 0.024 */
    {"sample proportion: 40 % vs 45 % of 1000 is significant progress",
     G_PROP_S,
     {PR("2013", 400, 1000), PR("2017", 450, 1000)},
     "2017",
     X2(PROGRESS, BETTER, false, 45, 50, NA, 50, "statistisk signifikant (p = 0,024)",
        "statistically significant (p = 0.024)", "fremgang", "progress")},
    /* z = 0.05 / sqrt(0.425·0.575·(2/50)) = 0.506, p = 0.613 */
    {"sample proportion: 40 % vs 45 % of 50 is not significant, so no change",
     G_PROP_S,
     {PR("2013", 20, 50), PR("2017", 22.5, 50)},
     "2017",
     X2(NO_CHANGE, BETTER, false, 45, 50, NA, 50, "ikke statistisk signifikant (p = 0,613)",
        "not statistically significant (p = 0.613)", "uændret", "no change")},
    {"sample proportion: a significant fall is decline",
     G_PROP_S_DIR,
     {PR("2013", 450, 1000), PR("2015", 400, 1000)},
     "2015",
     X2(DECLINE, WORSE, false, 40, NA, NA, NA, "statistisk signifikant (p = 0,024)",
        "statistically significant (p = 0.024)", "tilbagegang", "decline")},
    {"sample proportion without a count at the baseline: plain rule, and said",
     G_PROP_S,
     {PR("2017", 450, 1000)},
     "2017",
     X2(PROGRESS, NONE, false, 45, 50, NA, 50, "kunne ikke testes", "could not be tested", "fremgang", "progress")},
    /* t = 3/sqrt(1 + 1) = 2.121, df = 198, p = 0.035 */
    {"sample mean with sd: significant (Welch)",
     G_MEAN_S,
     {MN("2013", 50, 100, 10), MN("2015", 53, 100, 10)},
     "2015",
     X2(PROGRESS, BETTER, false, 53, NA, NA, NA, "statistisk signifikant (p = 0,035)",
        "statistically significant (p = 0.035)", "fremgang", "progress")},
    /* t = 3/sqrt(100/30 + 100/30) = 1.162, df = 58, p = 0.250 */
    {"sample mean with sd: not significant, so no change",
     G_MEAN_S,
     {MN("2013", 50, 30, 10), MN("2015", 53, 30, 10)},
     "2015",
     X2(NO_CHANGE, BETTER, false, 53, NA, NA, NA, "ikke statistisk signifikant (p = 0,250)",
        "not statistically significant (p = 0.250)", "uændret", "no change")},
    {"sample mean without sd at the baseline: plain rule, and said",
     G_MEAN_S,
     {MN("2013", 50, 100, NAN), MN("2015", 53, 100, 10)},
     "2015",
     X2(PROGRESS, BETTER, false, 53, NA, NA, NA, "kunne ikke testes", "could not be tested", "fremgang", "progress")},
    {"sample mean without n at the baseline: plain rule, and said",
     G_MEAN_S,
     {MN("2013", 50, NAN, 10), MN("2015", 53, 30, 10)},
     "2015",
     X2(PROGRESS, BETTER, false, 53, NA, NA, NA, "kunne ikke testes", "could not be tested", "fremgang", "progress")},
    {"sample count: no test for the type, plain rule, and said",
     G_COUNT_S,
     {V("2013", 100), V("2015", 120)},
     "2015",
     X(PROGRESS, BETTER, false, 120, NA, NA, NA, "kunne ikke testes", "could not be tested")},

    /* Trend against the previous comparable value */
    {"trend worse while still progress against the baseline",
     G_1D,
     {V("2013", 1581), V("2014", 1450), V("2015", 1460)},
     "2015",
     X(PROGRESS, WORSE, false, 1460, 1256, 1418.5, 37.230769230769231, "1.460", "1,460")},
    {"trend same within the tolerance",
     G_DIRB_TOL5,
     {V("2013", 100), V("2014", 110), V("2015", 113)},
     "2015",
     X(PROGRESS, SAME, false, 113, NA, NA, NA, "fremgang", "progress")},
    {"trend same exactly at the tolerance",
     G_DIRB_TOL5,
     {V("2013", 100), V("2014", 110), V("2015", 115)},
     "2015",
     X(PROGRESS, SAME, false, 115, NA, NA, NA, "fremgang", "progress")},
    {"trend better just beyond the tolerance",
     G_DIRB_TOL5,
     {V("2013", 100), V("2014", 110), V("2015", 115.5)},
     "2015",
     X(PROGRESS, BETTER, false, 115.5, NA, NA, NA, "fremgang", "progress")},
    {"trend worse beyond the tolerance",
     G_DIRB_TOL5,
     {V("2013", 100), V("2014", 120), V("2015", 114.5)},
     "2015",
     X(PROGRESS, WORSE, false, 114.5, NA, NA, NA, "fremgang", "progress")},
    {"trend skips a period without a value",
     G_DIRB_TOL5,
     {V("2013", 100), VMISS("2014", NAN), V("2015", 120)},
     "2015",
     X(PROGRESS, BETTER, false, 120, NA, NA, NA, "fremgang", "progress")},
    {"trend none for the first value",
     G_DIR,
     {V("2015", 50)},
     "2015",
     X(NO_CHANGE, NONE, false, 50, NA, NA, NA, "uændret", "no change")},
};

/* Boundaries of the rules when people type decimals: the value that is
 * exactly at the target, on the path or at the tolerance in decimal
 * arithmetic must be treated as exactly there (DESIGN §3: met when
 * s·(V − T) ≥ 0; d = τ is no change), whatever binary rounding does to
 * T = B·(1 + pct/100) or E = B + (T − B)·k/n. */
static const struct status_row decimal_rows[] = {
    {"decimals: 100 + 10 % = 110 exactly is met",
     G(UP, COUNT, CENSUS, YEARLY, "2013", 100, PERCENT, 10, "2017", 0, 0, NULL),
     {V("2013", 100), V("2017", 110)},
     "2017",
     X(MET, BETTER, false, 110, 110, NA, 100, "mindst 110", "at least 110")},
    {"decimals: 533 − 5 % = 506.35 exactly is met",
     G(DOWN, COUNT, CENSUS, YEARLY, "2013", 533, PERCENT, -5, "2017", 0, 2, NULL),
     {V("2013", 533), V("2017", 506.35)},
     "2017",
     X(MET, BETTER, false, 506.35, 506.35, NA, 100, "højst 506,35", "at most 506.35")},
    {"decimals: d = τ = 0.3 (0.1 → 0.4) is no change",
     G(UP, RATE, CENSUS, YEARLY, "2013", 0.1, NONE, 0, NULL, 0.3, 1, NULL),
     {V("2013", 0.1), V("2015", 0.4)},
     "2015",
     X(NO_CHANGE, SAME, false, 0.4, NA, NA, NA, "uændret", "no change")},
    {"decimals: exactly on the path 0.1 → 0.5 (E = 0.3) is on track",
     G(UP, RATE, CENSUS, YEARLY, "2013", 0.1, LEVEL, 0.5, "2017", 0, 1, NULL),
     {V("2013", 0.1), V("2015", 0.3)},
     "2015",
     X(ON_TRACK, BETTER, false, 0.3, 0.5, 0.3, 50, "på rette spor", "on track")},
};

/* --- running a row ------------------------------------------------------------------- */

static void make_goal(struct goal_version *g, const struct gspec *s)
{
	memset(g, 0, sizeof *g);
	g->date = "2014-01-01";
	g->title = "Testmål";
	g->definition = "Til test";
	g->measure = s->m;
	g->rate_factor = s->m == MEASURE_RATE ? 1000 : 0;
	g->decimals = s->dec;
	g->display_unit = s->unit;
	g->direction = s->dir;
	g->sampling = s->smp;
	g->cadence = s->cad;
	g->has_baseline = s->bper != NULL;
	g->baseline_period = s->bper;
	g->baseline_value = s->bval;
	g->target_kind = s->tk;
	g->target_value = s->tval;
	g->target_period = s->tk == TARGET_NONE ? NULL : s->tper;
	g->tolerance = s->tol;
}

static size_t make_points(struct point *out, const struct pspec *ps, size_t max)
{
	size_t n = 0;

	for (; n < max && ps[n].per; n++) {
		const struct pspec *s = &ps[n];
		struct point *pt = &out[n];

		memset(pt, 0, sizeof *pt);
		assert_true(period_parse(&pt->period, s->per));
		pt->state = s->st;
		pt->parts = 1;
		if (!isnan(s->num) && !isnan(s->den)) {
			pt->num = s->num;
			pt->den = s->den;
			if (isnan(s->v) && s->den > 0) {
				pt->has_value = true;
				pt->value = 100.0 * s->num / s->den;
			}
		}
		if (!isnan(s->v)) {
			pt->has_value = true;
			pt->value = s->v;
		}
		pt->n = isnan(s->n) ? 0 : s->n;
		pt->has_sd = !isnan(s->sd);
		pt->sd = pt->has_sd ? s->sd : 0;
	}
	return n;
}

/* Computes the status of row's goal and series at row->at. */
static void compute_row(const struct status_row *row, struct status *o)
{
	struct goal_version g;
	struct point pts[N(row->pts)];
	struct status_input in;

	make_goal(&g, &row->g);
	in.goal = &g;
	in.series = pts;
	in.npoints = make_points(pts, row->pts, N(row->pts));
	assert_true(period_parse(&in.at, row->at));
	memset(o, 0x5A, sizeof *o);
	status_compute(o, &in);
}

/* Compares o with the row's expectations; returns the number of failed
 * checks, each printed with the row's name. */
static int check_row(const struct status_row *row, const struct status *o)
{
	const struct expect *x = &row->x;
	int bad = 0;

#define CHECK(cond, ...)                                                                                               \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			print_error("row \"%s\": ", row->name);                                                        \
			print_error(__VA_ARGS__);                                                                      \
			print_error("\n");                                                                             \
			bad++;                                                                                         \
		}                                                                                                      \
	} while (0)
#define CHECK_OPT(has, got, want, what)                                                                                \
	do {                                                                                                           \
		if (isnan(want))                                                                                       \
			CHECK(!(has), "%s: %.15g, expected none", what, got);                                          \
		else if (!(has))                                                                                       \
			CHECK(false, "%s: none, expected %.15g", what, want);                                          \
		else                                                                                                   \
			CHECK(fabs((got) - (want)) <= 1e-9 * (1 + fabs(want)), "%s: %.15g, expected %.15g", what, got, \
			      want);                                                                                   \
	} while (0)

	CHECK(o->verdict == x->verdict, "verdict %s, expected %s", verdict_code(o->verdict), verdict_code(x->verdict));
	CHECK(o->trend == x->trend, "trend %s, expected %s", trend_code(o->trend), trend_code(x->trend));
	CHECK(o->carried == x->carried, "carried %d, expected %d", o->carried, x->carried);
	CHECK_OPT(o->has_value, o->value, x->value, "value");
	CHECK_OPT(o->has_target, o->target, x->target, "target");
	CHECK_OPT(o->has_expected, o->expected, x->expected, "expected value E");
	CHECK_OPT(o->has_progress, o->progress_pct, x->progress, "progress %");
	CHECK(memchr(o->explanation_da, '\0', sizeof o->explanation_da) &&
	          memchr(o->explanation_en, '\0', sizeof o->explanation_en),
	      "explanation not terminated");
	if (memchr(o->explanation_da, '\0', sizeof o->explanation_da) &&
	    memchr(o->explanation_en, '\0', sizeof o->explanation_en)) {
		CHECK(strstr(o->explanation_da, x->da), "explanation_da \"%s\" lacks \"%s\"", o->explanation_da, x->da);
		CHECK(strstr(o->explanation_en, x->en), "explanation_en \"%s\" lacks \"%s\"", o->explanation_en, x->en);
		if (x->da2)
			CHECK(strstr(o->explanation_da, x->da2), "explanation_da \"%s\" lacks \"%s\"",
			      o->explanation_da, x->da2);
		if (x->en2)
			CHECK(strstr(o->explanation_en, x->en2), "explanation_en \"%s\" lacks \"%s\"",
			      o->explanation_en, x->en2);
	}
#undef CHECK_OPT
#undef CHECK
	return bad;
}

static void run_table(const struct status_row *rows, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		struct status o;

		compute_row(&rows[i], &o);
		bad += check_row(&rows[i], &o);
	}
	assert_int_equal(bad, 0);
}

static void test_status_table(void **state)
{
	(void)state;
	run_table(status_rows, N(status_rows));
}

static void test_status_decimal_boundaries(void **state)
{
	(void)state;
	run_table(decimal_rows, N(decimal_rows));
}

/* DESIGN §3: the explanation is "one plain sentence". A sentence ends in
 * ". " followed by a capital letter (thousands separators like "1.581" and
 * "p = 0,024" are not ends). */
static int sentences(const char *s)
{
	int n = 0;

	for (const char *p = s; *p; p++)
		if (*p == '.' && p[1] == ' ' && ((p[2] >= 'A' && p[2] <= 'Z') || (unsigned char)p[2] >= 0xC3))
			n++;
	return n + 1;
}

static void test_status_explanation_is_one_sentence(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(status_rows); i++) {
		struct status o;
		int nd, ne;

		compute_row(&status_rows[i], &o);
		nd = sentences(o.explanation_da);
		ne = sentences(o.explanation_en);
		if (nd != 1 || ne != 1) {
			print_error("row \"%s\": %d and %d sentences:\n  da: %s\n  en: %s\n", status_rows[i].name, nd,
			            ne, o.explanation_da, o.explanation_en);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Every row, whatever its verdict: the explanations are not empty and name
 * the period asked; the value judged is the one at that period unless it was
 * carried; and a second run gives the same (no hidden state). */
static void test_status_invariants(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(status_rows); i++) {
		const struct status_row *row = &status_rows[i];
		struct status a, b;
		struct period p;

		compute_row(row, &a);
		compute_row(row, &b);
		assert_true(period_parse(&p, row->at));
		if (a.explanation_da[0] == '\0' || a.explanation_en[0] == '\0' || !strstr(a.explanation_da, row->at) ||
		    !strstr(a.explanation_en, row->at)) {
			print_error("row \"%s\": explanation empty or without the period %s\n", row->name, row->at);
			bad++;
		}
		if (a.verdict != b.verdict || a.trend != b.trend || strcmp(a.explanation_da, b.explanation_da) != 0 ||
		    strcmp(a.explanation_en, b.explanation_en) != 0) {
			print_error("row \"%s\": a second run differs\n", row->name);
			bad++;
		}
		if (a.has_value && !a.carried && period_cmp(a.value_period, p) != 0) {
			print_error("row \"%s\": value_period differs from the period asked\n", row->name);
			bad++;
		}
		if (a.carried && !(a.has_value && period_cmp(a.value_period, p) < 0)) {
			print_error("row \"%s\": a carried value must come from an earlier period\n", row->name);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* --- roll-ups ------------------------------------------------------------------------ */

static struct status st(enum verdict v, enum trend t)
{
	struct status s;

	memset(&s, 0, sizeof s);
	s.verdict = v;
	s.trend = t;
	return s;
}

struct pm_row {
	const char *name;
	enum verdict verdicts[6];
	enum trend trends[6];
	size_t n;
	size_t main_index;
	/* expected */
	enum verdict verdict;
	enum trend trend;
	size_t main_used;
	size_t counts[VERDICT_COUNT]; /* in enum order */
};

static const struct pm_row pm_rows[] = {
    {"the main goal's verdict and trend",
     {VERDICT_PROGRESS, VERDICT_MET, VERDICT_DECLINE},
     {TREND_BETTER, TREND_SAME, TREND_WORSE},
     3,
     2,
     VERDICT_DECLINE,
     TREND_WORSE,
     2,
     {1, 0, 1, 0, 1, 0, 0}},
    {"no main goal marked: the first goal",
     {VERDICT_NO_DATA, VERDICT_MET, VERDICT_MET},
     {TREND_NONE, TREND_BETTER, TREND_BETTER},
     3,
     0,
     VERDICT_NO_DATA,
     TREND_NONE,
     0,
     {2, 0, 0, 0, 0, 1, 0}},
    {"counts per verdict over all goals",
     {VERDICT_MET, VERDICT_ON_TRACK, VERDICT_PROGRESS, VERDICT_NO_CHANGE, VERDICT_NOT_COMPARABLE, VERDICT_ON_TRACK},
     {TREND_BETTER, TREND_SAME, TREND_BETTER, TREND_SAME, TREND_NONE, TREND_WORSE},
     6,
     1,
     VERDICT_ON_TRACK,
     TREND_SAME,
     1,
     {1, 2, 1, 1, 0, 0, 1}},
    {"a single goal",
     {VERDICT_NOT_COMPARABLE},
     {TREND_NONE},
     1,
     0,
     VERDICT_NOT_COMPARABLE,
     TREND_NONE,
     0,
     {0, 0, 0, 0, 0, 0, 1}},
    {"a main index out of range falls back to the first goal",
     {VERDICT_PROGRESS, VERDICT_DECLINE},
     {TREND_BETTER, TREND_WORSE},
     2,
     7,
     VERDICT_PROGRESS,
     TREND_BETTER,
     0,
     {0, 0, 1, 0, 1, 0, 0}},
    {"no goals: no data", {VERDICT_MET}, {TREND_NONE}, 0, 0, VERDICT_NO_DATA, TREND_NONE, 0, {0}},
};

static void test_status_pejlemaerke(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(pm_rows); i++) {
		const struct pm_row *row = &pm_rows[i];
		struct status goals[6];
		struct pejlemaerke_status out;
		bool counts_ok = true;

		for (size_t k = 0; k < row->n; k++)
			goals[k] = st(row->verdicts[k], row->trends[k]);
		memset(&out, 0x5A, sizeof out);
		status_pejlemaerke(&out, goals, row->n, row->main_index);
		for (int v = 0; v < VERDICT_COUNT; v++)
			counts_ok = counts_ok && out.counts[v] == row->counts[v];
		if (out.verdict != row->verdict || out.trend != row->trend || out.main_index != row->main_used ||
		    !counts_ok) {
			print_error("row \"%s\": verdict %s trend %s main %zu, expected %s %s %zu; counts %s\n",
			            row->name, verdict_code(out.verdict), trend_code(out.trend), out.main_index,
			            verdict_code(row->verdict), trend_code(row->trend), row->main_used,
			            counts_ok ? "ok" : "differ");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

struct strategy_row {
	const char *name;
	enum verdict verdicts[10];
	size_t n;
	size_t positive;
	const char *da, *en;
};

static const struct strategy_row strategy_rows[] = {
    {"met, on track and progress count: 6 of 9",
     {VERDICT_MET, VERDICT_MET, VERDICT_ON_TRACK, VERDICT_PROGRESS, VERDICT_PROGRESS, VERDICT_PROGRESS,
      VERDICT_NO_CHANGE, VERDICT_DECLINE, VERDICT_NO_DATA},
     9,
     6,
     "fremgang på 6 af 9 pejlemærker",
     "6 of 9"},
    {"no change, decline, no data and not comparable do not count",
     {VERDICT_NO_CHANGE, VERDICT_DECLINE, VERDICT_NO_DATA, VERDICT_NOT_COMPARABLE},
     4,
     0,
     "fremgang på 0 af 4 pejlemærker",
     "0 of 4"},
    {"all good news",
     {VERDICT_MET, VERDICT_ON_TRACK, VERDICT_PROGRESS, VERDICT_MET},
     4,
     4,
     "fremgang på 4 af 4 pejlemærker",
     "4 of 4"},
    {"ten pejlemærker (2010–13)",
     {VERDICT_MET, VERDICT_MET, VERDICT_MET, VERDICT_MET, VERDICT_MET, VERDICT_MET, VERDICT_MET, VERDICT_ON_TRACK,
      VERDICT_PROGRESS, VERDICT_DECLINE},
     10,
     9,
     "fremgang på 9 af 10 pejlemærker",
     "9 of 10"},
    {"none", {VERDICT_MET}, 0, 0, "fremgang på 0 af 0 pejlemærker", "0 of 0"},
};

static void test_status_strategy(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(strategy_rows); i++) {
		const struct strategy_row *row = &strategy_rows[i];
		struct pejlemaerke_status pms[10];
		struct strategy_summary out;
		size_t counts[VERDICT_COUNT] = {0};
		bool counts_ok = true;

		memset(pms, 0, sizeof pms);
		for (size_t k = 0; k < row->n; k++) {
			pms[k].verdict = row->verdicts[k];
			counts[row->verdicts[k]]++;
		}
		status_strategy(&out, pms, row->n);
		for (int v = 0; v < VERDICT_COUNT; v++)
			counts_ok = counts_ok && out.counts[v] == counts[v];
		if (out.positive != row->positive || out.of != row->n || !counts_ok ||
		    strcmp(out.headline_da, row->da) != 0 || !strstr(out.headline_en, row->en)) {
			print_error(
			    "row \"%s\": %zu of %zu, \"%s\" / \"%s\"; expected %zu of %zu, \"%s\" / \"…%s…\"%s\n",
			    row->name, out.positive, out.of, out.headline_da, out.headline_en, row->positive, row->n,
			    row->da, row->en, counts_ok ? "" : "; counts differ");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* --- codes and labels ------------------------------------------------------------------ */

struct label_row {
	enum verdict v;
	const char *code, *da;
	bool positive;
};

static const struct label_row label_rows[] = {
    {VERDICT_MET, "met", "opfyldt", true},
    {VERDICT_ON_TRACK, "on_track", "på rette spor", true},
    {VERDICT_PROGRESS, "progress", "fremgang", true},
    {VERDICT_NO_CHANGE, "no_change", "uændret", false},
    {VERDICT_DECLINE, "decline", "tilbagegang", false},
    {VERDICT_NO_DATA, "no_data", "ingen data", false},
    {VERDICT_NOT_COMPARABLE, "not_comparable", "ikke sammenlignelig (databrud)", false},
};

static void test_verdict_codes_and_labels(void **state)
{
	static const char *const refused[] = {"opfyldt", "on track", "MET", "", "met ", "not comparable"};

	(void)state;
	assert_int_equal(N(label_rows), VERDICT_COUNT);
	for (size_t i = 0; i < N(label_rows); i++) {
		const struct label_row *row = &label_rows[i];
		enum verdict back = row->v == VERDICT_MET ? VERDICT_DECLINE : VERDICT_MET;
		const char *en = verdict_label(row->v, LANG_EN);

		assert_string_equal(verdict_code(row->v), row->code);
		assert_string_equal(verdict_label(row->v, LANG_DA), row->da);
		assert_non_null(en);
		assert_true(en[0] != '\0');
		/* round trip: code → parse → same verdict */
		assert_true(verdict_parse(&back, row->code));
		assert_int_equal(back, row->v);
		assert_int_equal(verdict_positive(row->v), row->positive);
	}
	/* labels are not codes; unknown words are refused */
	for (size_t i = 0; i < N(refused); i++) {
		enum verdict v = VERDICT_MET;

		if (verdict_parse(&v, refused[i])) {
			print_error("verdict_parse accepted \"%s\"\n", refused[i]);
			fail();
		}
	}
	assert_string_equal(trend_code(TREND_BETTER), "better");
	assert_string_equal(trend_code(TREND_WORSE), "worse");
	assert_string_equal(trend_code(TREND_SAME), "same");
	assert_string_equal(trend_code(TREND_NONE), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_table),
	    cmocka_unit_test(test_status_decimal_boundaries),
	    cmocka_unit_test(test_status_explanation_is_one_sentence),
	    cmocka_unit_test(test_status_invariants),
	    cmocka_unit_test(test_status_pejlemaerke),
	    cmocka_unit_test(test_status_strategy),
	    cmocka_unit_test(test_verdict_codes_and_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
