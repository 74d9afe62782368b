/*
 * period.h — reporting periods and goal cadences (DESIGN §2).
 *
 * A period is a year ("2017"), a quarter ("2017Q3"), a month ("2017-03") or
 * a school year ("2016/17", August to July, named by its two calendar years).
 * Periods of one kind are totally ordered; period_index maps them onto
 * consecutive integers so status rules can interpolate between a baseline
 * and a target. A goal's cadence fixes the kind of its periods; a biennial
 * goal has yearly periods and simply no value in the years between.
 */
#ifndef PEJL_PERIOD_H
#define PEJL_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

enum period_kind { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH, PERIOD_SCHOOL_YEAR };

struct period {
	enum period_kind kind;
	int year; /* calendar year; for a school year, the year it starts */
	int sub;  /* quarter 1–4, month 1–12, otherwise 0 */
};

enum cadence { CADENCE_YEARLY, CADENCE_BIENNIAL, CADENCE_QUARTERLY, CADENCE_MONTHLY, CADENCE_SCHOOL_YEAR };

/* Parses a period in one of the four forms (years 1900–2199); false if s is
 * not exactly one of them. */
bool period_parse(struct period *out, const char *s);

/* Writes the canonical text form into out (at least 12 bytes). */
void period_format(char *out, size_t size, struct period p);

/* Consecutive integer per kind: years, year*4+q-1, year*12+m-1, start year. */
long period_index(struct period p);

/* <0, 0, >0; only meaningful for periods of the same kind. */
int period_cmp(struct period a, struct period b);

/* The first and last day of p as "YYYY-MM-DD" (each at least 11 bytes).
 * A school year runs 1 August to 31 July. */
void period_days(struct period p, char first[11], char last[11]);

/* The period of a goal's cadence that corresponds to `asked`: a year asked
 * of a quarterly goal is its fourth quarter, of a monthly goal December, of a
 * school-year goal the school year ending in it; a quarter, month or school
 * year asked of a yearly goal is the year it ends in. */
struct period period_for_cadence(struct period asked, enum cadence c);

/* The period kind a cadence uses. */
enum period_kind cadence_period_kind(enum cadence c);

/* Canonical names: "yearly", "biennial", "quarterly", "monthly",
 * "school_year"; cadence_parse returns false for anything else. */
const char *cadence_name(enum cadence c);
bool cadence_parse(enum cadence *out, const char *s);

const char *period_kind_name(enum period_kind k);

#endif
