/*
 * status.c — see status.h. Rule numbers refer to DESIGN §3.
 */
#include "core/status.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const verdict_codes[] = {"met", "on_track", "progress", "no_change",
					    "decline", "no_data", "not_comparable"};
static const char *const verdict_da[] = {"opfyldt", "på rette spor", "fremgang", "uændret",
					 "tilbagegang", "ingen data", "ikke sammenlignelig (databrud)"};
static const char *const verdict_en[] = {"met", "on track", "progress", "no change",
					 "decline", "no data", "not comparable (data break)"};

const char *verdict_code(enum verdict v)
{
	return verdict_codes[v];
}

const char *verdict_label(enum verdict v, enum lang lang)
{
	return lang == LANG_DA ? verdict_da[v] : verdict_en[v];
}

bool verdict_parse(enum verdict *out, const char *s)
{
	for (int i = 0; i < VERDICT_COUNT; i++)
		if (strcmp(s, verdict_codes[i]) == 0) {
			*out = (enum verdict)i;
			return true;
		}
	return false;
}

const char *trend_code(enum trend t)
{
	static const char *const codes[] = {"none", "better", "worse", "same"};

	return codes[t];
}

bool verdict_positive(enum verdict v)
{
	return v == VERDICT_MET || v == VERDICT_ON_TRACK || v == VERDICT_PROGRESS;
}

/* --- text helpers -------------------------------------------------------------- */

struct fmt {
	const struct goal_version *g;
	enum lang lang;
};

/* "1.581 personer", "95,0 %", "12.3 per 1,000" */
static const char *val(char *out, size_t n, const struct fmt *f, double v)
{
	char num[64];
	const char *u = f->g->display_unit;

	numfmt(num, sizeof num, v, f->g->decimals, f->lang);
	if (u && strcmp(u, "%") == 0)
		snprintf(out, n, "%s%s%%", num, f->lang == LANG_DA ? " " : "");
	else if (u && *u && f->lang == LANG_DA) /* display units are Danish words */
		snprintf(out, n, "%s %s", num, u);
	else
		snprintf(out, n, "%s", num);
	return out;
}

static const char *per(char *out, size_t n, struct period p)
{
	period_format(out, n, p);
	return out;
}

static const char *signed_diff(char *out, size_t n, const struct fmt *f, double d)
{
	char num[64];

	numfmt(num, sizeof num, fabs(d), f->g->decimals, f->lang);
	snprintf(out, n, "%s%s", d > 0 ? "+" : d < 0 ? "-" : "", num);
	return out;
}

static const char *pval(char *out, size_t n, double p, enum lang lang)
{
	if (p < 0.001)
		snprintf(out, n, "%s", lang == LANG_DA ? "p < 0,001" : "p < 0.001");
	else
		numfmt(out + snprintf(out, n, "p = "), n - 4, p, 3, lang);
	return out;
}

/* One sentence per language: the main clause first, further clauses joined
 * with "; ", and the full stop added by finish(). */
static void add(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 3 >= size)
		return;
	if (n > 0) {
		memcpy(buf + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

#define DA(...) add(o->explanation_da, sizeof o->explanation_da, __VA_ARGS__)
#define EN(...) add(o->explanation_en, sizeof o->explanation_en, __VA_ARGS__)

static void finish(struct status *o)
{
	strncat(o->explanation_da, ".", sizeof o->explanation_da - strlen(o->explanation_da) - 1);
	strncat(o->explanation_en, ".", sizeof o->explanation_en - strlen(o->explanation_en) - 1);
}

/* Differences this small are rounding noise of the arithmetic (110 vs
 * 100·1.1 = 110.00000000000001), not a real difference. */
static double noise(double a, double b, double c)
{
	double m = fmax(1.0, fmax(fabs(a), fmax(fabs(b), fabs(c))));

	return 1e-9 * m;
}

/* --- the rules ------------------------------------------------------------------ */

static const struct point *find(const struct status_input *in, struct period p)
{
	for (size_t i = 0; i < in->npoints; i++)
		if (in->series[i].period.kind == p.kind && period_cmp(in->series[i].period, p) == 0)
			return &in->series[i];
	return NULL;
}

static bool usable(const struct point *pt)
{
	return pt->has_value && pt->state != OBS_MISSING;
}

/* The latest usable point strictly before p, or NULL. */
static const struct point *before(const struct status_input *in, struct period p)
{
	const struct point *best = NULL;

	for (size_t i = 0; i < in->npoints; i++)
		if (usable(&in->series[i]) && in->series[i].period.kind == p.kind &&
		    period_cmp(in->series[i].period, p) < 0)
			best = &in->series[i];
	return best;
}

static bool skipped_by_cadence(const struct status_input *in, const struct period *baseline)
{
	const struct goal_version *g = in->goal;
	struct period anchor;

	if (g->cadence != CADENCE_BIENNIAL)
		return false;
	if (baseline)
		anchor = *baseline;
	else if (g->target_kind != TARGET_NONE && period_parse(&anchor, g->target_period))
		;
	else if (in->npoints > 0)
		anchor = in->series[0].period;
	else
		return false;
	return ((in->at.year - anchor.year) % 2) != 0;
}

static void explain_no_data(struct status *o, const struct status_input *in, const struct fmt *da,
			    const struct fmt *en)
{
	const struct point *last = before(in, in->at);
	char p[16], lp[16], vd[80], ve[80];

	per(p, sizeof p, in->at);
	DA("Ingen data for %s", p);
	EN("No data for %s", p);
	if (last) {
		per(lp, sizeof lp, last->period);
		DA("seneste værdi er %s i %s", val(vd, sizeof vd, da, last->value), lp);
		EN("the latest value is %s in %s", val(ve, sizeof ve, en, last->value), lp);
	}
	finish(o);
}

static void run_test(struct status *o, const struct status_input *in, const struct point *vp)
{
	const struct goal_version *g = in->goal;
	const struct point *bp = find(in, o->baseline_period);

	switch (g->measure) {
	case MEASURE_PROPORTION:
		if (bp && usable(bp) && bp->den > 0 && vp->den > 0) {
			o->test = stats_two_proportion(o->baseline / 100, bp->den, o->value / 100, vp->den);
			o->test_applied = o->test.ok;
		}
		break;
	case MEASURE_MEAN:
		if (bp && usable(bp) && bp->has_sd && vp->has_sd && bp->n > 1 && vp->n > 1) {
			o->test = stats_welch(o->baseline, bp->sd, bp->n, o->value, vp->sd, vp->n);
			o->test_applied = o->test.ok;
		}
		break;
	case MEASURE_COUNT:
	case MEASURE_RATE:
		break;
	}
	o->test_missing = !o->test_applied;
}

/* E on the straight path from (b, B) to (t, T) at p, when b <= p < t. */
static bool expected_at(double *out, struct period p, struct period b, double B, struct period t, double T)
{
	if (period_cmp(p, t) >= 0 || period_cmp(p, b) < 0 || period_index(t) == period_index(b))
		return false;
	*out = B + (T - B) * (double)(period_index(p) - period_index(b)) / (double)(period_index(t) - period_index(b));
	return true;
}

void status_compute(struct status *o, const struct status_input *in)
{
	const struct goal_version *g = in->goal;
	struct fmt da = {g, LANG_DA}, en = {g, LANG_EN};
	const struct point *vp, *prev;
	int s = g->direction == DIRECTION_UP ? 1 : -1;
	double tau = g->tolerance, d;
	struct period b, t, break_at = {0};
	bool explicit_base = false, broken = false;
	char P[16], B_[16], T_[16], E_[16], v1[80], v2[80], v3[80], v4[80], x[64];

	memset(o, 0, sizeof *o);
	o->state = OBS_MISSING;
	o->has_target = goal_version_target(g, &o->target) && period_parse(&t, g->target_period);
	if (o->has_target) {
		o->target_period = t;
		per(T_, sizeof T_, t);
	}
	if (g->has_baseline && period_parse(&b, g->baseline_period)) {
		explicit_base = true;
		o->has_baseline = true;
		o->baseline = g->baseline_value;
		o->baseline_period = b;
	}

	/* Rule 1: the value at p, or the latest one when the cadence skips p. */
	vp = find(in, in->at);
	if (vp && !usable(vp))
		vp = NULL;
	if (!vp && skipped_by_cadence(in, explicit_base ? &b : NULL)) {
		vp = before(in, in->at);
		o->carried = vp != NULL;
	}
	if (!vp) {
		o->verdict = VERDICT_NO_DATA;
		if (explicit_base && o->has_target)
			o->has_expected = expected_at(&o->expected, in->at, b, o->baseline, t, o->target);
		explain_no_data(o, in, &da, &en);
		return;
	}
	o->has_value = true;
	o->value = vp->value;
	o->value_period = vp->period;
	o->state = vp->state;
	per(P, sizeof P, vp->period);

	/* The previous comparable value and the trend (none across a break). */
	prev = before(in, vp->period);
	if (prev) {
		o->has_previous = true;
		o->previous = prev->value;
		o->previous_period = prev->period;
		if (vp->state != OBS_BREAK) {
			d = s * (vp->value - prev->value);
			o->trend = d > tau + noise(vp->value, prev->value, tau)	   ? TREND_BETTER
				   : d < -tau - noise(vp->value, prev->value, tau) ? TREND_WORSE
										    : TREND_SAME;
		}
	}

	/* The baseline: the goal's, or the first comparable value. */
	if (explicit_base) {
		for (size_t i = 0; i < in->npoints; i++) {
			const struct point *pt = &in->series[i];

			if (pt->state == OBS_BREAK && period_cmp(pt->period, b) > 0 &&
			    period_cmp(pt->period, vp->period) <= 0) {
				broken = true;
				break_at = pt->period;
			}
		}
	} else {
		const struct point *first = NULL;

		for (size_t i = 0; i < in->npoints; i++) {
			const struct point *pt = &in->series[i];

			if (!usable(pt) || period_cmp(pt->period, vp->period) > 0)
				continue;
			if (!first || pt->state == OBS_BREAK)
				first = pt;
		}
		if (first == vp && vp->state == OBS_BREAK && prev) {
			broken = true;
			break_at = vp->period;
		}
		o->has_baseline = true;
		o->baseline_implicit = true;
		o->baseline = first->value;
		o->baseline_period = first->period;
		b = first->period;
	}
	per(B_, sizeof B_, b);

	if (o->has_target) {
		o->has_expected = expected_at(&o->expected, vp->period, b, o->baseline, t, o->target);
		if (o->has_expected)
			per(E_, sizeof E_, vp->period);
		if (o->target != o->baseline && !broken) {
			o->has_progress = true;
			o->progress_pct = (o->value - o->baseline) / (o->target - o->baseline) * 100.0;
		}
	}

	/* Rule 2: a break between baseline and p. */
	if (broken) {
		char br[16];

		o->verdict = VERDICT_NOT_COMPARABLE;
		per(br, sizeof br, break_at);
		if (explicit_base) {
			DA("%s i %s kan ikke sammenlignes med basisåret %s (%s), fordi der er databrud i %s",
			   val(v1, sizeof v1, &da, o->value), P, B_, val(v2, sizeof v2, &da, o->baseline), br);
			EN("%s in %s cannot be compared with the baseline %s (%s) because of a data break in %s",
			   val(v3, sizeof v3, &en, o->value), P, val(v4, sizeof v4, &en, o->baseline), B_, br);
		} else {
			DA("%s i %s er den første værdi efter et databrud og kan ikke sammenlignes med tidligere år",
			   val(v1, sizeof v1, &da, o->value), P);
			EN("%s in %s is the first value after a data break and cannot be compared with earlier years",
			   val(v3, sizeof v3, &en, o->value), P);
		}
		goto carried;
	}

	/* Rule 3: met. */
	if (o->has_target && s * (o->value - o->target) >= -noise(o->value, o->target, 0)) {
		o->verdict = VERDICT_MET;
		DA("%s i %s mod målet %s%s i %s: målet er opfyldt", val(v1, sizeof v1, &da, o->value), P,
		   s > 0 ? "mindst " : "højst ", val(v2, sizeof v2, &da, o->target), T_);
		EN("%s in %s against the target of %s%s by %s: the target is met", val(v3, sizeof v3, &en, o->value), P,
		   s > 0 ? "at least " : "at most ", val(v4, sizeof v4, &en, o->target), T_);
		goto carried;
	}

	/* Rule 4: on track before the target period. */
	if (o->has_expected && s * (o->value - o->expected) >= -tau - noise(o->value, o->expected, tau)) {
		o->verdict = VERDICT_ON_TRACK;
		DA("%s i %s er på rette spor: på vejen fra %s i %s til målet %s i %s er det forventede niveau %s",
		   val(v1, sizeof v1, &da, o->value), P, val(v2, sizeof v2, &da, o->baseline), B_,
		   val(v4, sizeof v4, &da, o->target), T_, val(v3, sizeof v3, &da, o->expected));
		EN("%s in %s is on track: on the way from %s in %s to the target of %s by %s the expected level is %s",
		   val(v1, sizeof v1, &en, o->value), P, val(v2, sizeof v2, &en, o->baseline), B_,
		   val(v4, sizeof v4, &en, o->target), T_, val(v3, sizeof v3, &en, o->expected));
		goto carried;
	}

	/* Rule 5: compared with the baseline (significance for samples). */
	d = s * (o->value - o->baseline);
	o->verdict = d > tau + noise(o->value, o->baseline, tau)    ? VERDICT_PROGRESS
		     : d < -tau - noise(o->value, o->baseline, tau) ? VERDICT_DECLINE
								    : VERDICT_NO_CHANGE;
	if (g->sampling == SAMPLING_SAMPLE && o->verdict != VERDICT_NO_CHANGE) {
		run_test(o, in, vp);
		if (o->test_applied && !o->test.significant)
			o->verdict = VERDICT_NO_CHANGE;
	}
	signed_diff(x, sizeof x, &da, o->value - o->baseline);
	DA("%s i %s mod %s i %s (%s): %s (%s)", val(v1, sizeof v1, &da, o->value), P,
	   val(v2, sizeof v2, &da, o->baseline), B_, o->baseline_implicit ? "første måling" : "basisår",
	   verdict_label(o->verdict, LANG_DA), x);
	signed_diff(x, sizeof x, &en, o->value - o->baseline);
	EN("%s in %s against %s in %s (%s): %s (%s)", val(v3, sizeof v3, &en, o->value), P,
	   val(v4, sizeof v4, &en, o->baseline), B_, o->baseline_implicit ? "first measurement" : "baseline",
	   verdict_label(o->verdict, LANG_EN), x);
	if (o->test_applied) {
		char pd[32], pe[32];

		pval(pd, sizeof pd, o->test.p, LANG_DA);
		pval(pe, sizeof pe, o->test.p, LANG_EN);
		if (o->test.significant) {
			DA("forskellen er statistisk signifikant (%s)", pd);
			EN("the difference is statistically significant (%s)", pe);
		} else {
			DA("forskellen er ikke statistisk signifikant (%s) og regnes som uændret", pd);
			EN("the difference is not statistically significant (%s) and counts as no change", pe);
		}
	} else if (o->test_missing) {
		DA("stikprøve: signifikans kunne ikke testes (%s), så den enkle regel er brugt",
		   g->measure == MEASURE_PROPORTION ? "antal svar mangler"
		   : g->measure == MEASURE_MEAN     ? "n eller spredning mangler"
						    : "ingen test for denne måletype");
		EN("sample: significance could not be tested (%s), so the plain rule is used",
		   g->measure == MEASURE_PROPORTION ? "the number of respondents is missing"
		   : g->measure == MEASURE_MEAN     ? "n or the standard deviation is missing"
						    : "no test for this measure type");
	}
	if (o->has_target && o->has_expected) {
		DA("forventet niveau i %s: %s, og målet er %s i %s", E_, val(v1, sizeof v1, &da, o->expected),
		   val(v2, sizeof v2, &da, o->target), T_);
		EN("expected level in %s: %s, and the target is %s by %s", E_, val(v3, sizeof v3, &en, o->expected),
		   val(v4, sizeof v4, &en, o->target), T_);
	} else if (o->has_target) {
		DA("målet %s i %s er ikke nået", val(v2, sizeof v2, &da, o->target), T_);
		EN("the target of %s by %s is not met", val(v4, sizeof v4, &en, o->target), T_);
	}
carried:
	if (o->carried) {
		char at[16];

		per(at, sizeof at, in->at);
		DA("målingen er hvert andet år, så %s viser værdien fra %s", at, P);
		EN("the measurement is every second year, so %s shows the value from %s", at, P);
	}
	finish(o);
}

void status_pejlemaerke(struct pejlemaerke_status *out, const struct status *goals, size_t n, size_t main_index)
{
	memset(out, 0, sizeof *out);
	out->verdict = VERDICT_NO_DATA;
	out->trend = TREND_NONE;
	for (size_t i = 0; i < n; i++)
		out->counts[goals[i].verdict]++;
	if (n == 0)
		return;
	if (main_index >= n)
		main_index = 0;
	out->main_index = main_index;
	out->verdict = goals[main_index].verdict;
	out->trend = goals[main_index].trend;
}

void status_strategy(struct strategy_summary *out, const struct pejlemaerke_status *pms, size_t n)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		out->counts[pms[i].verdict]++;
		out->positive += verdict_positive(pms[i].verdict);
	}
	out->of = n;
	snprintf(out->headline_da, sizeof out->headline_da, "fremgang på %zu af %zu pejlemærker", out->positive, n);
	snprintf(out->headline_en, sizeof out->headline_en, "progress on %zu of %zu pejlemærker", out->positive, n);
}
