/*
 * cpr.h — Danish CPR numbers: validation, birth date, age and age band.
 *
 * A CPR number is written "DDMMYY-SSSS" or "DDMMYYSSSS"; anything else
 * (letters, another length, spaces, a dash elsewhere) is refused. The
 * normalised form is the ten digits without the dash; it is what the
 * pseudonym is computed from (src/io/pseudonym.h). The century comes from
 * the 7th digit and the year, by the CPR office's table:
 *
 *   7th digit 0–3        1900–1999
 *   7th digit 4 or 9     2000–2036 if YY ≤ 36, else 1937–1999
 *   7th digit 5–8        2000–2057 if YY ≤ 57, else 1858–1899
 *
 * The date must exist (leap years included). The modulus-11 check is NOT
 * applied: numbers issued since 2007 may fail it and are valid (DESIGN §5).
 *
 * Privacy: a CPR number must never reach a log or a message. Error messages
 * set here say what is wrong ("10 digits expected", "the date does not
 * exist") without quoting any digit of the input — not even the date part,
 * which is six of the ten digits and the citizen's birth date. Nothing here
 * keeps a copy of the input; callers wipe their own buffers.
 *
 * Age bands (DESIGN §4) decide the instrument of an episode: under 6 (not
 * scored), child 6–12 (CORS/CSRS), adolescent 13–17 and adult 18+
 * (ORS/SRS), by the age in whole years on the episode's start date.
 */
#ifndef PEJL_CPR_H
#define PEJL_CPR_H

#include "util/date.h"

#include <stdbool.h>

#define CPR_DIGITS 10 /* a normalised CPR number; buffers need CPR_DIGITS + 1 */

/* The parity of the last digit: odd for men, even for women. */
enum cpr_sex { CPR_SEX_FEMALE = 0, CPR_SEX_MALE = 1 };

enum cpr_age_band {
	CPR_AGE_UNDER6,     /* 0–5: not scored */
	CPR_AGE_CHILD,      /* 6–12: CORS/CSRS */
	CPR_AGE_ADOLESCENT, /* 13–17: ORS/SRS */
	CPR_AGE_ADULT,      /* 18+: ORS/SRS */
};

/* Validates in and, on success, writes the ten digits and a NUL to norm,
 * the birth date to *birth and the parity of the last digit to *sex; each
 * output may be NULL when not wanted. Returns 0, or PEJL_EINPUT with a
 * message that quotes no digit of the input; the outputs are untouched
 * then. */
int cpr_parse(char *norm, struct date *birth, enum cpr_sex *sex, const char *in);

/* Age in whole years on the date on. A person born on 29 February becomes a
 * year older on 1 March in common years. PEJL_EINPUT when on is before
 * birth. */
int cpr_age(int *years, struct date birth, struct date on);

/* The band of an age in whole years (years >= 0). */
enum cpr_age_band cpr_age_band_of_age(int years);

/* The age band on the episode's start date; PEJL_EINPUT when the episode
 * starts before the birth date. */
int cpr_age_band(enum cpr_age_band *out, struct date birth, struct date start);

/* Stable names for storage and the API: "under6", "child", "adolescent",
 * "adult". */
const char *cpr_age_band_name(enum cpr_age_band band);

/* Parses one of those names; false (out untouched) for anything else. */
bool cpr_age_band_parse(enum cpr_age_band *out, const char *s);

#endif
