/*
 * date.h — calendar dates as "YYYY-MM-DD" and as day numbers.
 *
 * A day number counts days since 1970-01-01 (proleptic Gregorian), so dates
 * compare and subtract as integers. Parsing is strict: exactly ten
 * characters, a real month and day (leap years included), years 1800–2199.
 */
#ifndef PEJL_DATE_H
#define PEJL_DATE_H

#include <stdbool.h>

struct date {
	int year, month, day;
};

/* Parses "YYYY-MM-DD" into *out; returns false (out untouched) if it is not
 * a real date of that exact form. */
bool date_parse(struct date *out, const char *s);

bool date_valid(int year, int month, int day);
bool date_is_leap(int year);
int date_days_in_month(int year, int month);

/* Days since 1970-01-01. */
long date_to_days(struct date d);
struct date date_from_days(long days);

/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(char out[11], struct date d);

/* Today's date in UTC. */
struct date date_today(void);

/* Today's date in UTC, or the date in $PEJL_TODAY when it holds a real
 * one, so tests and demonstrations can pin "today" (the red thread's
 * overdue milestones and current plans depend on it). */
struct date date_today_env(void);

#endif
