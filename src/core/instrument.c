/*
 * instrument.c — names, age bands, scoring one form and the model's rules
 * for an instrument (see instrument.h and docs/instrument-file.md).
 *
 * Scoring works on raw integers and turns them into points only to add
 * them up; the total is rounded to six decimals (instrument_round) so the
 * rules in feedback.c compare exact decimals. Messages are English, like
 * every diagnostic, and show values in points ("10.5"), as people enter
 * them.
 */
#include "core/instrument.h"

#include "util/err.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NAMES(type, prefix, ...)                                                                                       \
	static const char *const prefix##_names[] = {__VA_ARGS__};                                                     \
	const char *prefix##_name(enum type v)                                                                         \
	{                                                                                                              \
		return prefix##_names[v];                                                                              \
	}                                                                                                              \
	bool prefix##_parse(enum type *out, const char *s)                                                             \
	{                                                                                                              \
		for (size_t i = 0; s && i < sizeof prefix##_names / sizeof prefix##_names[0]; i++)                     \
			if (strcmp(s, prefix##_names[i]) == 0) {                                                       \
				*out = (enum type)i;                                                                   \
				return true;                                                                           \
			}                                                                                              \
		return false;                                                                                          \
	}

NAMES(instrument_kind, instrument_kind, "outcome", "alliance", "wellbeing", "satisfaction")
NAMES(total_rule, total_rule, "sum", "mean")
NAMES(age_band, age_band, "under6", "child", "adolescent", "adult")

const char *age_band_label(enum age_band b, enum lang lang)
{
	static const char *const da[] = {"under 6 år", "barn (6–12 år)", "ung (13–17 år)", "voksen (18+ år)"};
	static const char *const en[] = {"under 6", "child (6–12)", "adolescent (13–17)", "adult (18+)"};

	return lang == LANG_DA ? da[b] : en[b];
}

bool age_band_from_age(enum age_band *out, int age)
{
	if (age < 0 || age > 130)
		return false;
	if (age < 6)
		*out = AGE_BAND_UNDER_6;
	else if (age <= 12)
		*out = AGE_BAND_CHILD;
	else if (age <= 17)
		*out = AGE_BAND_ADOLESCENT;
	else
		*out = AGE_BAND_ADULT;
	return true;
}

int age_years(struct date birth, struct date on)
{
	int age = on.year - birth.year;

	if (on.month < birth.month || (on.month == birth.month && on.day < birth.day))
		age--;
	return age < 0 ? -1 : age;
}

bool age_band_at(enum age_band *out, struct date birth, struct date on)
{
	if (date_to_days(on) < date_to_days(birth))
		return false;
	return age_band_from_age(out, age_years(birth, on));
}

/* --- lookups ------------------------------------------------------------------ */

const struct instrument *instrument_set_find(const struct instrument_set *set, const char *code)
{
	for (size_t i = 0; code && i < set->n; i++)
		if (set->list[i]->code && strcasecmp(set->list[i]->code, code) == 0)
			return set->list[i];
	return NULL;
}

const struct instrument *instrument_set_for_band(const struct instrument_set *set, enum instrument_kind kind,
						 enum age_band band)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->list[i]->kind == kind && instrument_band(set->list[i], band))
			return set->list[i];
	return NULL;
}

const struct instrument_band *instrument_band(const struct instrument *in, enum age_band band)
{
	for (size_t i = 0; i < in->nbands; i++)
		if (in->bands[i].band == band)
			return &in->bands[i];
	return NULL;
}

bool instrument_scored_for(const struct instrument *in, enum age_band band)
{
	const struct instrument_band *b;

	if (in->nbands == 0)
		return true;
	b = instrument_band(in, band);
	return b && b->scored;
}

double instrument_round(double v)
{
	if (!isfinite(v))
		return v;
	return round(v * 1e6) / 1e6 + 0.0; /* + 0.0: no negative zero */
}

/* --- items ------------------------------------------------------------------- */

/* Decimals needed to show a value in steps of 1/per_point exactly (0.5 → 1,
 * 0.25 → 2), at most 6. */
static int step_decimals(int per_point)
{
	long p10 = 1;

	for (int d = 0; d <= 6; d++, p10 *= 10)
		if (p10 % per_point == 0)
			return d;
	return 6;
}

double instrument_item_points(const struct instrument_item *it, int raw)
{
	return (double)raw / it->per_point;
}

char *instrument_item_format(char *out, size_t size, const struct instrument_item *it, int raw)
{
	snprintf(out, size, "%.*f", step_decimals(it->per_point), instrument_item_points(it, raw));
	return out;
}

static void why_set(char *why, size_t whysz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void why_set(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;

	if (!why || whysz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
}

/* "0–10" for the item's range. */
static const char *range_text(char *out, size_t size, const struct instrument_item *it)
{
	char lo[32], hi[32];

	snprintf(out, size, "%s–%s", instrument_item_format(lo, sizeof lo, it, it->min),
		 instrument_item_format(hi, sizeof hi, it, it->max));
	return out;
}

/* A double in its shortest plain form ("7.35", "10", "-0.5"). */
static const char *plain(char *out, size_t size, double v)
{
	snprintf(out, size, "%.10g", v);
	return out;
}

bool instrument_item_raw(int *raw, const struct instrument_item *it, double points, char *why, size_t whysz)
{
	char a[40], b[40], c[80];
	double scaled;
	long r;

	if (!isfinite(points)) {
		why_set(why, whysz, "is not a number");
		return false;
	}
	scaled = points * it->per_point;
	if (fabs(scaled) > 1e9) {
		why_set(why, whysz, "%s is outside the range %s", plain(a, sizeof a, points),
			range_text(c, sizeof c, it));
		return false;
	}
	r = lround(scaled);
	if (fabs(scaled - (double)r) > 1e-6) {
		why_set(why, whysz, "%s is not a multiple of %s", plain(a, sizeof a, points),
			instrument_item_format(b, sizeof b, it, 1));
		return false;
	}
	if (r < it->min || r > it->max) {
		why_set(why, whysz, "%s is outside the range %s", plain(a, sizeof a, points),
			range_text(c, sizeof c, it));
		return false;
	}
	*raw = (int)r;
	return true;
}

/* --- scoring ------------------------------------------------------------------ */

/* Points of one answered item, reverse-scored when the item says so. */
static double item_value(const struct instrument_item *it, int raw)
{
	return instrument_item_points(it, it->reverse ? it->min + it->max - raw : raw);
}

/* The total of `answered` of n items summing to sum. */
static double combine(enum total_rule rule, double factor, double sum, size_t answered, size_t n)
{
	double mean = sum / (double)answered;

	return instrument_round((rule == TOTAL_SUM ? mean * (double)n : mean) * factor);
}

int instrument_score(struct instrument_score *out, const struct instrument *in, const int *values, size_t n,
		     char *why, size_t whysz)
{
	struct instrument_score sc;
	double sum = 0;
	char v[40], rng[80];

	memset(&sc, 0, sizeof sc);
	if (n != in->nitems) {
		why_set(why, whysz, "%zu value%s given; %s has %zu item%s", n, n == 1 ? "" : "s", in->code, in->nitems,
			in->nitems == 1 ? "" : "s");
		return PEJL_EINPUT;
	}
	for (size_t i = 0; i < n; i++) {
		const struct instrument_item *it = &in->items[i];

		if (values[i] == INSTRUMENT_MISSING)
			continue;
		if (values[i] < it->min || values[i] > it->max) {
			why_set(why, whysz, "item %s (%s) is %s; the range is %s", it->code, it->name_en,
				instrument_item_format(v, sizeof v, it, values[i]), range_text(rng, sizeof rng, it));
			return PEJL_EINPUT;
		}
		sum += item_value(it, values[i]);
		sc.answered++;
	}
	if (in->total.min_answered == 0 && sc.answered < n) {
		for (size_t i = 0; i < n; i++)
			if (values[i] == INSTRUMENT_MISSING) {
				why_set(why, whysz, "item %s (%s) is missing; %s needs every item", in->items[i].code,
					in->items[i].name_en, in->code);
				break;
			}
		return PEJL_EINPUT;
	}
	if (sc.answered == 0 || sc.answered < in->total.min_answered) {
		why_set(why, whysz, "%zu of %zu items answered; %s needs at least %zu", sc.answered, n, in->code,
			in->total.min_answered ? in->total.min_answered : n);
		return PEJL_EINPUT;
	}
	sc.prorated = sc.answered < n;
	sc.total = combine(in->total.rule, in->total.factor, sum, sc.answered, n);
	sc.nsub = in->nsubscales;
	for (size_t s = 0; s < in->nsubscales && s < INSTRUMENT_MAX_SUBSCALES; s++) {
		const struct instrument_subscale *sub = &in->subscales[s];
		double ssum = 0;
		size_t got = 0;

		for (size_t k = 0; k < sub->nitems; k++) {
			size_t i = sub->items[k];

			if (values[i] != INSTRUMENT_MISSING) {
				ssum += item_value(&in->items[i], values[i]);
				got++;
			}
		}
		if (got == 0 || (sub->min_answered == 0 ? got < sub->nitems : got < sub->min_answered))
			continue;
		sc.has_sub[s] = true;
		sc.sub[s] = combine(sub->rule, sub->factor, ssum, got, sub->nitems);
	}
	*out = sc;
	return 0;
}

void instrument_total_range(const struct instrument *in, double *lo, double *hi)
{
	double a = 0, b = 0;

	for (size_t i = 0; i < in->nitems; i++) {
		a += instrument_item_points(&in->items[i], in->items[i].min);
		b += instrument_item_points(&in->items[i], in->items[i].max);
	}
	if (in->total.rule == TOTAL_MEAN && in->nitems > 0) {
		a /= (double)in->nitems;
		b /= (double)in->nitems;
	}
	*lo = instrument_round(a * in->total.factor);
	*hi = instrument_round(b * in->total.factor);
}

char *instrument_format(char *out, size_t size, const struct instrument *in, double v, enum lang lang)
{
	return numfmt(out, size, v, in->total.decimals, lang);
}

/* --- the model's rules --------------------------------------------------------- */

struct run {
	const char *where;
	struct diag *d;
	size_t errors;
};

static void report(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports a problem; fmt starts with the path ("$.items[0].code") and a
 * tab, then the message. */
static void report(struct run *r, const char *fmt, ...)
{
	char text[1200], loc[700];
	const char *tab;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	tab = strchr(text, '\t');
	snprintf(loc, sizeof loc, "%s: %.*s", r->where, tab ? (int)(tab - text) : 1, tab ? text : "$");
	diag_error(r->d, loc, "%s", tab ? tab + 1 : text);
	r->errors++;
}

static bool code_valid(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-' || *p == '.'))
			return false;
	return true;
}

static void check_items(struct run *r, struct instrument *in)
{
	if (in->nitems == 0)
		report(r, "$.items\tan instrument needs at least one item");
	if (in->nitems > INSTRUMENT_MAX_ITEMS)
		report(r, "$.items\t%zu items; at most %d are allowed", in->nitems, INSTRUMENT_MAX_ITEMS);
	for (size_t i = 0; i < in->nitems; i++) {
		const struct instrument_item *it = &in->items[i];

		if (it->code && !code_valid(it->code, 32))
			report(r, "$.items[%zu].code\t\"%s\" must be 1 to 32 of A-Z a-z 0-9 _ - .", i, it->code);
		for (size_t k = 0; it->code && k < i; k++)
			if (in->items[k].code && strcmp(in->items[k].code, it->code) == 0) {
				report(r, "$.items[%zu].code\t\"%s\" is also the code of items[%zu]", i, it->code, k);
				break;
			}
		if (it->per_point < 1 || it->per_point > INSTRUMENT_MAX_PER_POINT)
			continue; /* the reader reported the step */
		if (it->min >= it->max)
			report(r, "$.items[%zu].max\tmust be greater than min", i);
	}
}

static void check_subscales(struct run *r, struct instrument *in)
{
	if (in->nsubscales > INSTRUMENT_MAX_SUBSCALES)
		report(r, "$.subscales\t%zu subscales; at most %d are allowed", in->nsubscales,
		       INSTRUMENT_MAX_SUBSCALES);
	for (size_t s = 0; s < in->nsubscales; s++) {
		struct instrument_subscale *sub = &in->subscales[s];

		if (sub->code && !code_valid(sub->code, 32))
			report(r, "$.subscales[%zu].code\t\"%s\" must be 1 to 32 of A-Z a-z 0-9 _ - .", s, sub->code);
		for (size_t k = 0; sub->code && k < s; k++)
			if (in->subscales[k].code && strcmp(in->subscales[k].code, sub->code) == 0) {
				report(r, "$.subscales[%zu].code\t\"%s\" is also the code of subscales[%zu]", s,
				       sub->code, k);
				break;
			}
		if (sub->nitems == 0)
			report(r, "$.subscales[%zu].items\ta subscale needs at least one item", s);
		for (size_t k = 0; k < sub->nitems; k++) {
			const char *c = sub->item_codes[k];
			bool found = false;

			if (!c)
				continue;
			for (size_t i = 0; i < in->nitems && !found; i++)
				if (in->items[i].code && strcmp(in->items[i].code, c) == 0) {
					sub->items[k] = i;
					found = true;
				}
			if (!found)
				report(r, "$.subscales[%zu].items[%zu]\t\"%s\" is not an item of this instrument", s, k,
				       c);
			for (size_t j = 0; j < k; j++)
				if (sub->item_codes[j] && strcmp(sub->item_codes[j], c) == 0) {
					report(r, "$.subscales[%zu].items[%zu]\t\"%s\" is listed twice", s, k, c);
					break;
				}
		}
		if (!(sub->factor > 0))
			report(r, "$.subscales[%zu].factor\tmust be greater than 0", s);
		if (sub->min_answered > sub->nitems)
			report(r, "$.subscales[%zu].proration.min_answered\t%zu is more than its %zu items", s,
			       sub->min_answered, sub->nitems);
	}
}

static bool may_judge(enum instrument_kind k)
{
	return k == INSTRUMENT_OUTCOME || k == INSTRUMENT_WELLBEING;
}

static void check_bands(struct run *r, const struct instrument *in, double lo, double hi)
{
	for (size_t i = 0; i < in->nbands; i++) {
		const struct instrument_band *b = &in->bands[i];

		for (size_t k = 0; k < i; k++)
			if (in->bands[k].band == b->band) {
				report(r, "$.bands[%zu].age_band\t%s is also bands[%zu]", i, age_band_name(b->band), k);
				break;
			}
		if (!may_judge(in->kind) && (b->has_cutoff || b->has_rci)) {
			report(r, "$.bands[%zu]\tonly outcome and wellbeing instruments have cutoffs and reliable change "
				  "(alliance thresholds are alerts)",
			       i);
			continue;
		}
		if (!b->scored) {
			if (b->has_cutoff)
				report(r, "$.bands[%zu].cutoff\ta band that is not scored has no cutoff", i);
			if (b->has_rci)
				report(r, "$.bands[%zu].reliable_change\ta band that is not scored has no reliable change",
				       i);
			continue;
		}
		if (may_judge(in->kind) && !b->has_rci)
			report(r, "$.bands[%zu].reliable_change\tis required for a scored band", i);
		if (b->has_cutoff && (b->cutoff < lo || b->cutoff > hi))
			report(r, "$.bands[%zu].cutoff\t%g is outside the total's range %g–%g", i, b->cutoff, lo, hi);
		if (b->has_rci && (!(b->rci > 0) || b->rci > hi - lo))
			report(r, "$.bands[%zu].reliable_change\t%g must be greater than 0 and at most %g", i, b->rci,
			       hi - lo);
	}
}

static void check_alerts(struct run *r, const struct instrument *in, double lo, double hi)
{
	const struct instrument_alerts *al = &in->alerts;

	if (in->kind != INSTRUMENT_ALLIANCE && (al->has_below || al->has_drop))
		report(r, "$.alerts\tbelow and drop are alerts of alliance instruments");
	if (!may_judge(in->kind) && (al->has_no_change || al->has_no_improvement || al->deterioration))
		report(r, "$.alerts\tno_change, no_reliable_improvement and reliable_deterioration are alerts of "
			  "outcome and wellbeing instruments");
	if (al->has_below && (al->below < lo || al->below > hi))
		report(r, "$.alerts.below\t%g is outside the total's range %g–%g", al->below, lo, hi);
	if (al->has_drop && !(al->drop > 0))
		report(r, "$.alerts.drop\tmust be greater than 0");
	if (al->has_no_change && al->no_change_session < 2)
		report(r, "$.alerts.no_change.session\tmust be 2 or more (change needs two scores)");
	if (al->has_no_improvement && al->no_improvement_session < 2)
		report(r, "$.alerts.no_reliable_improvement.session\tmust be 2 or more (change needs two scores)");
	if (may_judge(in->kind) && (al->has_no_change || al->has_no_improvement || al->deterioration) &&
	    in->nbands == 0)
		report(r, "$.alerts\tchange alerts need bands with a reliable change");
}

size_t instrument_prepare(struct instrument *in, const char *where, struct diag *d)
{
	struct run r = {where ? where : "instrument", d, 0};
	double lo, hi;

	if (in->code && !code_valid(in->code, 16))
		report(&r, "$.code\t\"%s\" must be 1 to 16 of A-Z a-z 0-9 _ - .", in->code);
	if (in->pair && in->code && strcasecmp(in->pair, in->code) == 0)
		report(&r, "$.pair\tan instrument cannot be its own pair");
	if (in->pair && !may_judge(in->kind))
		report(&r, "$.pair\tonly outcome and wellbeing instruments name a paired alliance instrument");
	check_items(&r, in);
	check_subscales(&r, in);
	if (!(in->total.factor > 0))
		report(&r, "$.total.factor\tmust be greater than 0");
	if (in->total.min_answered > in->nitems)
		report(&r, "$.total.proration.min_answered\t%zu is more than the %zu items", in->total.min_answered,
		       in->nitems);
	if (in->total.decimals < 0 || in->total.decimals > 6)
		report(&r, "$.total.decimals\tmust be 0 to 6");
	if (r.errors == 0) {
		instrument_total_range(in, &lo, &hi);
		check_bands(&r, in, lo, hi);
		check_alerts(&r, in, lo, hi);
	}
	if (in->trajectory.enabled) {
		if (!may_judge(in->kind))
			report(&r, "$.trajectory\tonly outcome and wellbeing instruments have an expected trajectory");
		if (!(in->trajectory.intake_band > 0))
			report(&r, "$.trajectory.intake_band\tmust be greater than 0");
		if (in->trajectory.min_episodes < 1)
			report(&r, "$.trajectory.min_episodes\tmust be 1 or more");
		if (in->trajectory.min_per_session < 1)
			report(&r, "$.trajectory.min_per_session\tmust be 1 or more");
	}
	return r.errors;
}

size_t instrument_set_validate(const struct instrument_set *set, const char *const *names, struct diag *d)
{
	size_t errors = 0;

	for (size_t i = 0; i < set->n; i++) {
		const struct instrument *in = set->list[i];
		const struct instrument *pair;
		char loc[600];

		snprintf(loc, sizeof loc, "%s: $.code", names && names[i] ? names[i] : in->code);
		for (size_t k = 0; k < i; k++)
			if (strcasecmp(set->list[k]->code, in->code) == 0) {
				diag_error(d, loc, "%s is defined twice", in->code);
				errors++;
				break;
			}
		if (!in->pair)
			continue;
		snprintf(loc, sizeof loc, "%s: $.pair", names && names[i] ? names[i] : in->code);
		pair = instrument_set_find(set, in->pair);
		if (!pair) {
			diag_error(d, loc, "%s is not a known instrument", in->pair);
			errors++;
		} else if (pair->kind != INSTRUMENT_ALLIANCE) {
			diag_error(d, loc, "%s is of kind %s; a pair must be an alliance instrument", pair->code,
				   instrument_kind_name(pair->kind));
			errors++;
		}
	}
	return errors;
}
