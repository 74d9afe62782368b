/*
 * strategy.c — names of the model's enumerations, target resolution and the
 * semantic validation of a strategy document (see strategy.h).
 *
 * Validation reports locations as JSON paths of the strategy file
 * (docs/strategy-file.md): the version in force is the goal object itself,
 * earlier versions are its "history" entries.
 */
#include "core/strategy.h"

#include "core/fbmetric.h"

#include "util/date.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

NAMES(measure, measure, "count", "proportion", "rate", "mean")
NAMES(direction, direction, "up", "down")
NAMES(sampling, sampling, "census", "sample")
NAMES(target_kind, target_kind, "none", "level", "delta", "percent", "max", "min")
NAMES(unit_kind, unit_kind, "administration", "citizen_centre", "centre_community", "centre", "service")

const char *unit_kind_label_da(enum unit_kind k)
{
	static const char *const labels[] = {"forvaltning", "borgercenter", "centerfællesskab", "center", "tilbud"};

	return labels[k];
}

bool goal_version_target(const struct goal_version *v, double *out)
{
	switch (v->target_kind) {
	case TARGET_NONE:
		return false;
	case TARGET_LEVEL:
	case TARGET_MAX:
	case TARGET_MIN:
		*out = v->target_value;
		return true;
	case TARGET_DELTA:
		if (!v->has_baseline)
			return false;
		*out = v->baseline_value + v->target_value;
		return true;
	case TARGET_PERCENT:
		if (!v->has_baseline)
			return false;
		*out = v->baseline_value * (1.0 + v->target_value / 100.0);
		return true;
	}
	return false;
}

const struct goal_version *goal_version_at(const struct goal *g, const char *date)
{
	const struct goal_version *best = NULL;

	for (size_t i = 0; i < g->nversions; i++)
		if (!date || strcmp(g->versions[i].date, date) <= 0)
			best = &g->versions[i];
	return best;
}

static bool matches(const char *s, size_t maxlen, const char *allowed)
{
	size_t n;

	if (!s || !*s)
		return false;
	n = strlen(s);
	if (n > maxlen)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(allowed, s[i]))
			return false;
	return true;
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGIT "0123456789"

bool strategy_code_valid(const char *s)
{
	return matches(s, 32, LOWER DIGIT "-");
}

bool unit_code_valid(const char *s)
{
	return matches(s, 32, LOWER UPPER DIGIT "_.-");
}

bool group_code_valid(const char *s)
{
	return matches(s, 32, LOWER DIGIT "_-");
}

bool goal_code_valid(const char *s)
{
	size_t i = 0, n;

	if (!s || (n = strlen(s)) == 0 || n > 8)
		return false;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

/* A validation run: the document, where it came from and the sink. */
struct run {
	const struct strategy_doc *doc;
	const char *where;
	const char *const *extra;
	size_t nextra;
	struct diag *d;
	size_t errors;
};

static void report(struct run *r, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report(struct run *r, const char *path, const char *fmt, ...)
{
	char loc[512], msg[1024];
	va_list ap;

	snprintf(loc, sizeof loc, "%s: %s", r->where, path);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(r->d, loc, "%s", msg);
	r->errors++;
}

/* True for text that is present but only whitespace. NULL is not blank: a
 * required field that is absent has been reported by the reader. */
static bool blank(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static bool unit_known(struct run *r, const char *code)
{
	for (size_t i = 0; i < r->doc->nunits; i++)
		if (r->doc->units[i].code && strcmp(r->doc->units[i].code, code) == 0)
			return true;
	for (size_t i = 0; i < r->nextra; i++)
		if (strcmp(r->extra[i], code) == 0)
			return true;
	return false;
}

/* Checks a value against what the measure type allows; NULL when fine. */
static const char *value_problem(enum measure m, double v)
{
	if (!isfinite(v))
		return "is not a finite number";
	switch (m) {
	case MEASURE_COUNT:
	case MEASURE_RATE:
		if (v < 0)
			return "must be 0 or more for this measure";
		break;
	case MEASURE_PROPORTION:
		if (v < 0 || v > 100)
			return "must be a percentage from 0 to 100";
		break;
	case MEASURE_MEAN:
		break;
	}
	return NULL;
}

static void check_period(struct run *r, const char *path, const char *s, enum cadence c, struct period *out,
			 bool *ok)
{
	struct period p;

	*ok = false;
	if (!s)
		return;
	if (!period_parse(&p, s)) {
		report(r, path, "\"%s\" is not a period (2017, 2017Q3, 2017-03 or 2016/17)", s);
		return;
	}
	if (p.kind != cadence_period_kind(c)) {
		report(r, path, "\"%s\" is a %s but the goal's cadence is %s", s, period_kind_name(p.kind),
		       cadence_name(c));
		return;
	}
	*out = p;
	*ok = true;
}

static void check_version(struct run *r, const char *base, const struct goal_version *v)
{
	char path[400];
	struct period bp = {0}, tp = {0};
	bool bok = false, tok = false;
	const char *prob;
	double t;
	int s = v->direction == DIRECTION_UP ? 1 : -1;

#define AT(field) (snprintf(path, sizeof path, "%s.%s", base, field), path)
	if (blank(v->title))
		report(r, AT("title"), "must not be empty");
	if (blank(v->definition))
		report(r, AT("definition"), "must not be empty: say how the goal is measured");
	if (v->date && !date_parse(&(struct date){0}, v->date))
		report(r, AT("version.date"), "\"%s\" is not a real date of the form YYYY-MM-DD", v->date);
	if (v->owner && !unit_known(r, v->owner))
		report(r, AT("owner"), "unit \"%s\" is not in \"units\" nor in the database", v->owner);
	if (v->measure == MEASURE_RATE && !(v->rate_factor > 0 && isfinite(v->rate_factor)))
		report(r, AT("rate_factor"), "a rate needs a factor greater than 0 (e.g. 1000)");
	if (v->measure != MEASURE_RATE && v->rate_factor != 0)
		report(r, AT("rate_factor"), "only a rate has a factor (this goal's measure is %s)",
		       measure_name(v->measure));
	if (v->decimals < 0 || v->decimals > 6)
		report(r, AT("decimals"), "%d is out of range 0..6", v->decimals);
	if (v->metric) {
		struct fbmetric m;
		char why[200];

		if (!fbmetric_parse(&m, v->metric, why, sizeof why))
			report(r, AT("metric"), "%s", why);
		else if (v->measure != MEASURE_PROPORTION)
			report(r, AT("metric"), "a goal computed from feedback is a proportion (this goal's measure is %s)",
			       measure_name(v->measure));
	}
	if (!(v->tolerance >= 0) || !isfinite(v->tolerance))
		report(r, AT("tolerance"), "must be 0 or more");
	if (v->has_baseline) {
		check_period(r, AT("baseline.period"), v->baseline_period, v->cadence, &bp, &bok);
		if ((prob = value_problem(v->measure, v->baseline_value)))
			report(r, AT("baseline.value"), "%g %s", v->baseline_value, prob);
	}
	if (v->target_kind == TARGET_NONE)
		return;
	check_period(r, AT("target.period"), v->target_period, v->cadence, &tp, &tok);
	if (bok && tok && period_cmp(tp, bp) <= 0)
		report(r, AT("target.period"), "the target period %s must come after the baseline period %s",
		       v->target_period, v->baseline_period);
	if (!isfinite(v->target_value)) {
		report(r, AT("target.value"), "is not a finite number");
		return;
	}
	switch (v->target_kind) {
	case TARGET_DELTA:
	case TARGET_PERCENT:
		if (!v->has_baseline) {
			report(r, AT("target.kind"), "a %s target needs a baseline", target_kind_name(v->target_kind));
			return;
		}
		if (s * v->target_value <= 0)
			report(r, AT("target.value"),
			       "%g points the wrong way: the goal's direction is %s, so a %s target must be %s", v->target_value,
			       direction_name(v->direction), target_kind_name(v->target_kind),
			       s > 0 ? "positive" : "negative");
		if (v->target_kind == TARGET_PERCENT && v->target_value <= -100)
			report(r, AT("target.value"), "a change of %g%% would leave nothing", v->target_value);
		break;
	case TARGET_LEVEL:
		if (v->has_baseline && s * (v->target_value - v->baseline_value) < 0)
			report(r, AT("target.value"),
			       "%g lies on the wrong side of the baseline %g for a goal whose direction is %s",
			       v->target_value, v->baseline_value, direction_name(v->direction));
		break;
	case TARGET_MAX:
		if (v->direction != DIRECTION_DOWN)
			report(r, AT("target.kind"), "a max (cap) target goes with direction down, not %s",
			       direction_name(v->direction));
		break;
	case TARGET_MIN:
		if (v->direction != DIRECTION_UP)
			report(r, AT("target.kind"), "a min (floor) target goes with direction up, not %s",
			       direction_name(v->direction));
		break;
	case TARGET_NONE:
		break;
	}
	if (goal_version_target(v, &t) && (prob = value_problem(v->measure, t)))
		report(r, AT("target.value"), "the resolved target %g %s", t, prob);
#undef AT
}

static void check_goals(struct run *r)
{
	const struct strategy *st = &r->doc->strategy;
	char base[256], path[300];

	for (size_t i = 0; i < st->npejlemaerker; i++) {
		const struct pejlemaerke *pm = &st->pejlemaerker[i];
		size_t mains = 0;

		snprintf(path, sizeof path, "$.strategy.pejlemaerker[%zu]", i);
		if (pm->number != 0 && (pm->number < 1 || pm->number > 99))
			report(r, path, "number %d is out of range 1..99", pm->number);
		for (size_t k = 0; k < i && pm->number != 0; k++)
			if (st->pejlemaerker[k].number == pm->number)
				report(r, path, "number %d is used twice (also $.strategy.pejlemaerker[%zu])", pm->number,
				       k);
		if (blank(pm->title))
			report(r, path, "title must not be empty");
		if (pm->ngoals == 0)
			report(r, path, "a pejlemærke needs at least one goal");
		for (size_t j = 0; j < pm->ngoals; j++) {
			const struct goal *g = &pm->goals[j];

			snprintf(base, sizeof base, "$.strategy.pejlemaerker[%zu].goals[%zu]", i, j);
			mains += g->main;
			if (g->code && !goal_code_valid(g->code))
				report(r, base, "code \"%s\" is not a goal code like 1A", g->code);
			for (size_t a = 0; a <= i; a++)
				for (size_t b = 0; b < (a == i ? j : st->pejlemaerker[a].ngoals); b++)
					if (g->code && st->pejlemaerker[a].goals[b].code &&
					    strcmp(st->pejlemaerker[a].goals[b].code, g->code) == 0)
						report(r, base, "goal code %s is used twice", g->code);
			for (size_t v = 0; v < g->nversions; v++) {
				const struct goal_version *gv = &g->versions[v];
				char vbase[300];

				if (v + 1 == g->nversions)
					snprintf(vbase, sizeof vbase, "%s", base);
				else
					snprintf(vbase, sizeof vbase, "%s.history[%zu]", base, v);
				check_version(r, vbase, gv);
				if (v > 0 && gv->date && g->versions[v - 1].date &&
				    strcmp(g->versions[v - 1].date, gv->date) >= 0)
					report(r, vbase, "version date %s must be later than the version before it (%s)",
					       gv->date, g->versions[v - 1].date);
			}
		}
		if (mains > 1)
			report(r, path, "%zu goals are marked main; at most one may be", mains);
	}
}

static void check_principles(struct run *r)
{
	const struct strategy *st = &r->doc->strategy;
	char path[300];

	for (size_t i = 0; i < st->nprinciples; i++) {
		const struct principle *p = &st->principles[i];

		snprintf(path, sizeof path, "$.strategy.principles[%zu]", i);
		if (p->number != 0 && (p->number < 1 || p->number > 99))
			report(r, path, "number %d is out of range 1..99", p->number);
		for (size_t k = 0; k < i && p->number != 0; k++)
			if (st->principles[k].number == p->number)
				report(r, path, "number %d is used twice (also $.strategy.principles[%zu])", p->number, k);
		if (blank(p->title))
			report(r, path, "title must not be empty");
		for (size_t j = 0; j < p->ncommitments; j++) {
			const struct commitment *c = &p->commitments[j];

			snprintf(path, sizeof path, "$.strategy.principles[%zu].commitments[%zu]", i, j);
			if (c->code && (blank(c->code) || strlen(c->code) > 16))
				report(r, path, "code must be 1 to 16 characters");
			if (blank(c->text))
				report(r, path, "text must not be empty");
			for (size_t a = 0; a <= i; a++)
				for (size_t b = 0; b < (a == i ? j : st->principles[a].ncommitments); b++)
					if (c->code && st->principles[a].commitments[b].code &&
					    strcmp(c->code, st->principles[a].commitments[b].code) == 0)
						report(r, path, "commitment code %s is used twice", c->code);
		}
	}
}

static bool overlaps(const struct unit *a, const struct unit *b)
{
	/* Intervals [from, to] with NULL `to` open-ended; dates compare as text. */
	bool a_before_b = a->valid_to && strcmp(a->valid_to, b->valid_from) < 0;
	bool b_before_a = b->valid_to && strcmp(b->valid_to, a->valid_from) < 0;

	return !a_before_b && !b_before_a;
}

static void check_units(struct run *r)
{
	const struct strategy_doc *doc = r->doc;
	char path[64];
	struct date from, to;

	for (size_t i = 0; i < doc->nunits; i++) {
		const struct unit *u = &doc->units[i];
		bool dates_ok = true;

		snprintf(path, sizeof path, "$.units[%zu]", i);
		if (u->code && !unit_code_valid(u->code))
			report(r, path, "code \"%s\" must be 1 to 32 of A-Z a-z 0-9 _ . -", u->code);
		if (blank(u->name))
			report(r, path, "name must not be empty");
		if (!u->valid_from) {
			dates_ok = false;
		} else if (!date_parse(&from, u->valid_from)) {
			report(r, path, "valid_from \"%s\" is not a real date YYYY-MM-DD", u->valid_from);
			dates_ok = false;
		}
		if (u->valid_to && !date_parse(&to, u->valid_to)) {
			report(r, path, "valid_to \"%s\" is not a real date YYYY-MM-DD", u->valid_to);
			dates_ok = false;
		}
		if (dates_ok && u->valid_to && strcmp(u->valid_to, u->valid_from) < 0)
			report(r, path, "valid_to %s is before valid_from %s", u->valid_to, u->valid_from);
		if (u->parent && u->code && strcmp(u->parent, u->code) == 0)
			report(r, path, "a unit cannot be its own parent");
		else if (u->parent && !unit_known(r, u->parent))
			report(r, path, "parent \"%s\" is not in \"units\" nor in the database", u->parent);
		for (size_t k = 0; dates_ok && k < i; k++)
			if (u->code && doc->units[k].code && strcmp(u->code, doc->units[k].code) == 0 &&
			    doc->units[k].valid_from && overlaps(u, &doc->units[k]))
				report(r, path, "unit %s is also $.units[%zu] with an overlapping validity interval", u->code,
				       k);
	}
	/* Cycles in the code-level parent graph: follow parents at most n steps. */
	for (size_t i = 0; i < doc->nunits; i++) {
		const char *code = doc->units[i].parent;
		size_t steps = 0;

		/* a unit that is its own parent is reported above */
		if (code && doc->units[i].code && strcmp(code, doc->units[i].code) == 0)
			continue;

		while (code && steps <= doc->nunits) {
			const char *next = NULL;

			if (doc->units[i].code && strcmp(code, doc->units[i].code) == 0) {
				snprintf(path, sizeof path, "$.units[%zu]", i);
				report(r, path, "unit %s is its own ancestor (the parent links make a cycle)", code);
				break;
			}
			for (size_t k = 0; k < doc->nunits; k++)
				if (doc->units[k].code && strcmp(doc->units[k].code, code) == 0 && doc->units[k].parent) {
					next = doc->units[k].parent;
					break;
				}
			code = next;
			steps++;
		}
	}
}

static void check_groups(struct run *r)
{
	char path[64];

	for (size_t i = 0; i < r->doc->ngroups; i++) {
		const struct target_group *g = &r->doc->groups[i];

		snprintf(path, sizeof path, "$.target_groups[%zu]", i);
		if (g->code && !group_code_valid(g->code))
			report(r, path, "code \"%s\" must be 1 to 32 of a-z 0-9 _ -", g->code);
		if (blank(g->name))
			report(r, path, "name must not be empty");
		for (size_t k = 0; k < i; k++)
			if (g->code && r->doc->groups[k].code && strcmp(g->code, r->doc->groups[k].code) == 0)
				report(r, path, "code %s is used twice (also $.target_groups[%zu])", g->code, k);
	}
}

size_t strategy_validate(const struct strategy_doc *doc, const char *where, const char *const *extra_units,
			 size_t nextra, struct diag *d)
{
	struct run r = {doc, where ? where : "strategy", extra_units, nextra, d, 0};
	const struct strategy *st = &doc->strategy;

	if (st->code && !strategy_code_valid(st->code))
		report(&r, "$.strategy.code", "\"%s\" must be 1 to 32 of a-z 0-9 -", st->code);
	if (blank(st->name))
		report(&r, "$.strategy.name", "must not be empty");
	/* 0 means absent (the reader reported it) */
	if (st->valid_from != 0 && (st->valid_from < 1900 || st->valid_from > 2199))
		report(&r, "$.strategy.valid_from", "%d is not a year", st->valid_from);
	if (st->valid_to != 0 && (st->valid_to < 1900 || st->valid_to > 2199))
		report(&r, "$.strategy.valid_to", "%d is not a year", st->valid_to);
	else if (st->valid_to != 0 && st->valid_to < st->valid_from)
		report(&r, "$.strategy.valid_to", "%d is before valid_from %d", st->valid_to, st->valid_from);
	if (st->decision_date && !date_parse(&(struct date){0}, st->decision_date))
		report(&r, "$.strategy.decision.date", "\"%s\" is not a real date YYYY-MM-DD", st->decision_date);
	if (st->npejlemaerker == 0)
		report(&r, "$.strategy.pejlemaerker", "a strategy needs at least one pejlemærke");
	check_principles(&r);
	check_goals(&r);
	check_units(&r);
	check_groups(&r);
	return r.errors;
}
