/*
 * cpr.c — see cpr.h. The input is read in place through digit_at (which
 * skips the dash), so no copy of the number is ever made here; the only
 * copy is the caller's norm buffer.
 */
#include "core/cpr.h"

#include "util/err.h"

#include <assert.h>
#include <string.h>

/* The i-th digit (0–9) of a validated input, with or without the dash. */
static int digit_at(const char *in, bool dashed, int i)
{
	return in[i < 6 || !dashed ? i : i + 1] - '0';
}

static const char *kind_of(char ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
		return "a letter";
	if (ch == ' ')
		return "a space";
	if (ch == '\t' || ch == '\n' || ch == '\r')
		return "a tab or a line break";
	return "a character other than a digit or the dash";
}

/* Checks the form: ten digits, at most one dash and only after the 6th
 * digit. Sets *dashed. */
static int check_form(bool *dashed, const char *in)
{
	int ndigits = 0, ndash = 0, dashpos = -1;
	size_t len;

	if (!in || !*in)
		return err_set(PEJL_EINPUT, "CPR number: 10 digits expected (DDMMYY-SSSS or DDMMYYSSSS), got none");
	len = strlen(in);
	for (size_t i = 0; i < len; i++) {
		char ch = in[i];

		if (ch >= '0' && ch <= '9') {
			ndigits++;
		} else if (ch == '-') {
			ndash++;
			dashpos = (int)i;
		} else {
			return err_set(PEJL_EINPUT,
			               "CPR number: only digits and one dash are allowed (DDMMYY-SSSS); character %zu "
			               "is %s",
			               i + 1, kind_of(ch));
		}
	}
	if (ndash > 1)
		return err_set(PEJL_EINPUT, "CPR number: only one dash is allowed, after the 6th digit (DDMMYY-SSSS)");
	if (ndigits != CPR_DIGITS)
		return err_set(PEJL_EINPUT, "CPR number: 10 digits expected (DDMMYY-SSSS or DDMMYYSSSS), got %d",
		               ndigits);
	if (ndash == 1 && dashpos != 6)
		return err_set(PEJL_EINPUT, "CPR number: the dash must stand after the 6th digit (DDMMYY-SSSS)");
	*dashed = ndash == 1;
	return 0;
}

/* The full year from YY and the 7th digit (the CPR office's table). */
static int century_year(int yy, int d7)
{
	if (d7 <= 3)
		return 1900 + yy;
	if (d7 == 4 || d7 == 9)
		return yy <= 36 ? 2000 + yy : 1900 + yy;
	return yy <= 57 ? 2000 + yy : 1800 + yy;
}

int cpr_parse(char *norm, struct date *birth, enum cpr_sex *sex, const char *in)
{
	bool dashed = false;
	int rc, dd, mm, yy, year;

	if ((rc = check_form(&dashed, in)) < 0)
		return rc;
	dd = digit_at(in, dashed, 0) * 10 + digit_at(in, dashed, 1);
	mm = digit_at(in, dashed, 2) * 10 + digit_at(in, dashed, 3);
	yy = digit_at(in, dashed, 4) * 10 + digit_at(in, dashed, 5);
	year = century_year(yy, digit_at(in, dashed, 6));
	if (mm < 1 || mm > 12)
		return err_set(PEJL_EINPUT,
		               "CPR number: the date in the first six digits (DDMMYY) does not exist: the month is not "
		               "01-12");
	if (dd < 1 || dd > date_days_in_month(year, mm)) {
		if (mm == 2 && dd == 29)
			return err_set(
			    PEJL_EINPUT,
			    "CPR number: the date in the first six digits (DDMMYY) does not exist: 29 February "
			    "in a year that is not a leap year (the century comes from the 7th digit)");
		return err_set(PEJL_EINPUT, "CPR number: the date in the first six digits (DDMMYY) does not exist: "
		                            "the month has no such day");
	}
	assert(date_valid(year, mm, dd));
	if (norm) {
		for (int i = 0; i < CPR_DIGITS; i++)
			norm[i] = (char)('0' + digit_at(in, dashed, i));
		norm[CPR_DIGITS] = '\0';
	}
	if (birth) {
		birth->year = year;
		birth->month = mm;
		birth->day = dd;
	}
	if (sex)
		*sex = digit_at(in, dashed, 9) % 2 ? CPR_SEX_MALE : CPR_SEX_FEMALE;
	return 0;
}

int cpr_age(int *years, struct date birth, struct date on)
{
	int age;

	if (date_to_days(on) < date_to_days(birth))
		return err_set(PEJL_EINPUT, "the date is before the birth date");
	age = on.year - birth.year;
	if (on.month < birth.month || (on.month == birth.month && on.day < birth.day))
		age--;
	*years = age;
	return 0;
}

enum cpr_age_band cpr_age_band_of_age(int years)
{
	assert(years >= 0);
	if (years < 6)
		return CPR_AGE_UNDER6;
	if (years <= 12)
		return CPR_AGE_CHILD;
	if (years <= 17)
		return CPR_AGE_ADOLESCENT;
	return CPR_AGE_ADULT;
}

int cpr_age_band(enum cpr_age_band *out, struct date birth, struct date start)
{
	int years;

	if (date_to_days(start) < date_to_days(birth))
		return err_set(PEJL_EINPUT, "the episode starts before the citizen's birth date");
	cpr_age(&years, birth, start);
	*out = cpr_age_band_of_age(years);
	return 0;
}

static const char *const band_names[] = {"under6", "child", "adolescent", "adult"};

const char *cpr_age_band_name(enum cpr_age_band band)
{
	assert(band >= CPR_AGE_UNDER6 && band <= CPR_AGE_ADULT);
	return band_names[band];
}

bool cpr_age_band_parse(enum cpr_age_band *out, const char *s)
{
	for (int i = 0; s && i < (int)(sizeof band_names / sizeof band_names[0]); i++)
		if (strcmp(s, band_names[i]) == 0) {
			*out = (enum cpr_age_band)i;
			return true;
		}
	return false;
}
