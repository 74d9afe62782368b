/*
 * period.c — see period.h.
 */
#include "core/period.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool period_parse(struct period *out, const char *s)
{
	size_t len;
	int y;

	if (!s)
		return false;
	len = strlen(s);
	if (len < 4 || (y = num(s, 4)) < 1900 || y > 2199)
		return false;
	if (len == 4) {
		*out = (struct period){PERIOD_YEAR, y, 0};
		return true;
	}
	if (len == 6 && s[4] == 'Q' && s[5] >= '1' && s[5] <= '4') {
		*out = (struct period){PERIOD_QUARTER, y, s[5] - '0'};
		return true;
	}
	if (len == 7 && s[4] == '-') {
		int m = num(s + 5, 2);

		if (m < 1 || m > 12)
			return false;
		*out = (struct period){PERIOD_MONTH, y, m};
		return true;
	}
	if (len == 7 && s[4] == '/') {
		int e = num(s + 5, 2);

		if (e < 0 || e != (y + 1) % 100)
			return false;
		*out = (struct period){PERIOD_SCHOOL_YEAR, y, 0};
		return true;
	}
	return false;
}

void period_format(char *out, size_t size, struct period p)
{
	switch (p.kind) {
	case PERIOD_YEAR:
		snprintf(out, size, "%04d", p.year);
		break;
	case PERIOD_QUARTER:
		snprintf(out, size, "%04dQ%d", p.year, p.sub);
		break;
	case PERIOD_MONTH:
		snprintf(out, size, "%04d-%02d", p.year, p.sub);
		break;
	case PERIOD_SCHOOL_YEAR:
		snprintf(out, size, "%04d/%02d", p.year, (p.year + 1) % 100);
		break;
	}
}

long period_index(struct period p)
{
	switch (p.kind) {
	case PERIOD_QUARTER:
		return (long)p.year * 4 + p.sub - 1;
	case PERIOD_MONTH:
		return (long)p.year * 12 + p.sub - 1;
	case PERIOD_YEAR:
	case PERIOD_SCHOOL_YEAR:
		break;
	}
	return p.year;
}

int period_cmp(struct period a, struct period b)
{
	long x = period_index(a), y = period_index(b);

	return (x > y) - (x < y);
}

static const char *const cadence_names[] = {"yearly", "biennial", "quarterly", "monthly", "school_year"};

enum period_kind cadence_period_kind(enum cadence c)
{
	switch (c) {
	case CADENCE_QUARTERLY:
		return PERIOD_QUARTER;
	case CADENCE_MONTHLY:
		return PERIOD_MONTH;
	case CADENCE_SCHOOL_YEAR:
		return PERIOD_SCHOOL_YEAR;
	case CADENCE_YEARLY:
	case CADENCE_BIENNIAL:
		break;
	}
	return PERIOD_YEAR;
}

const char *cadence_name(enum cadence c)
{
	return cadence_names[c];
}

bool cadence_parse(enum cadence *out, const char *s)
{
	for (size_t i = 0; i < sizeof cadence_names / sizeof cadence_names[0]; i++)
		if (s && strcmp(s, cadence_names[i]) == 0) {
			*out = (enum cadence)i;
			return true;
		}
	return false;
}

const char *period_kind_name(enum period_kind k)
{
	static const char *const names[] = {"year", "quarter", "month", "school year"};

	return names[k];
}

void period_days(struct period p, char first[11], char last[11])
{
	struct date a = {p.year, 1, 1}, b = {p.year, 12, 31};

	switch (p.kind) {
	case PERIOD_YEAR:
		break;
	case PERIOD_QUARTER:
		a.month = 3 * (p.sub - 1) + 1;
		b.month = a.month + 2;
		b.day = date_days_in_month(p.year, b.month);
		break;
	case PERIOD_MONTH:
		a.month = b.month = p.sub;
		b.day = date_days_in_month(p.year, p.sub);
		break;
	case PERIOD_SCHOOL_YEAR:
		a.month = 8;
		b.year = p.year + 1;
		b.month = 7;
		break;
	}
	date_format(first, a);
	date_format(last, b);
}

struct period period_for_cadence(struct period asked, enum cadence c)
{
	enum period_kind want = cadence_period_kind(c);
	int end_year = asked.kind == PERIOD_SCHOOL_YEAR ? asked.year + 1 : asked.year;
	int end_month = asked.kind == PERIOD_QUARTER ? asked.sub * 3
			: asked.kind == PERIOD_MONTH ? asked.sub
			: asked.kind == PERIOD_SCHOOL_YEAR ? 7
							   : 12;

	if (asked.kind == want)
		return asked;
	switch (want) {
	case PERIOD_YEAR:
		return (struct period){PERIOD_YEAR, end_year, 0};
	case PERIOD_QUARTER:
		return (struct period){PERIOD_QUARTER, end_year, (end_month + 2) / 3};
	case PERIOD_MONTH:
		return (struct period){PERIOD_MONTH, end_year, end_month};
	case PERIOD_SCHOOL_YEAR:
		/* a year: the school year ending in it; a quarter or month: the
		 * school year that contains its last month */
		if (asked.kind == PERIOD_YEAR)
			return (struct period){PERIOD_SCHOOL_YEAR, end_year - 1, 0};
		return (struct period){PERIOD_SCHOOL_YEAR, end_month <= 7 ? end_year - 1 : end_year, 0};
	}
	return asked;
}
