/*
 * feedback.c — see feedback.h. Rules are those of DESIGN §4; the choices
 * made where it is silent are in docs/instrument-file.md.
 *
 * Everything compared is rounded to six decimals first (instrument_round),
 * so a change of 26.3 − 21.3 meets a reliable change of 5 and an alliance
 * of 37.0 → 36.0 is a fall of exactly 1. The sign s (+1 when higher is
 * better, −1 otherwise) turns every rule into "improvement = s·change".
 */
#include "core/feedback.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const end_reason_names[] = {"none", "planned", "unplanned"};

const char *end_reason_name(enum end_reason r)
{
	return end_reason_names[r];
}

bool end_reason_parse(enum end_reason *out, const char *s)
{
	for (size_t i = 0; s && i < sizeof end_reason_names / sizeof end_reason_names[0]; i++)
		if (strcmp(s, end_reason_names[i]) == 0) {
			*out = (enum end_reason)i;
			return true;
		}
	return false;
}

static const char *const class_names[] = {"recovered",    "improved",     "unchanged",
					  "deteriorated", "insufficient", "not_scored"};

const char *outcome_class_name(enum outcome_class c)
{
	return class_names[c];
}

bool outcome_class_parse(enum outcome_class *out, const char *s)
{
	for (size_t i = 0; s && i < OUTCOME_CLASS_COUNT; i++)
		if (strcmp(s, class_names[i]) == 0) {
			*out = (enum outcome_class)i;
			return true;
		}
	return false;
}

const char *outcome_class_label(enum outcome_class c, enum lang lang)
{
	static const char *const da[] = {"klinisk bedring", "forbedret",       "uændret",
					 "forværret",       "for få målinger", "vurderes ikke"};
	static const char *const en[] = {"recovered",    "improved",        "unchanged",
					 "deteriorated", "too few scores", "not scored"};

	return lang == LANG_DA ? da[c] : en[c];
}

const char *feedback_alert_name(enum feedback_alert_code c)
{
	static const char *const names[] = {"reliable_deterioration", "no_reliable_improvement", "no_change",
					    "alliance_low", "alliance_drop"};

	return names[c];
}

bool feedback_rater_is_self(const char *rater)
{
	return !rater || !*rater || strcasecmp(rater, "self") == 0;
}

static bool rater_match(const char *row, const char *want)
{
	if (feedback_rater_is_self(want))
		return feedback_rater_is_self(row);
	return !feedback_rater_is_self(row) && strcmp(row, want) == 0;
}

static double sign(const struct instrument *in)
{
	return in->higher_is_better ? 1.0 : -1.0;
}

bool feedback_in_clinical_range(const struct instrument *in, const struct instrument_band *b, double total)
{
	double d;

	if (!b || !b->has_cutoff)
		return false;
	d = instrument_round(sign(in) * (total - b->cutoff));
	return b->cutoff_inclusive ? d <= 0 : d < 0;
}

/* The judged band of ep under in, or NULL when it is not judged. */
static const struct instrument_band *judged_band(const struct instrument *in, enum age_band band)
{
	const struct instrument_band *b = instrument_band(in, band);

	return b && b->scored && b->has_rci ? b : NULL;
}

/* --- scores --------------------------------------------------------------------- */

struct score {
	int session;
	double total;
};

struct scan {
	size_t nscores, nskipped, ninvalid;
	bool has_first, has_last, has_prev;
	struct score first, last, prev; /* prev: the last but one session */
};

/* Scans ep's rows of rater for forms of instrument in (outcome values, or
 * alliance values when alliance is true). */
static void scan(struct scan *sc, const struct feedback_episode *ep, const struct instrument *in, const char *rater,
		 bool alliance)
{
	memset(sc, 0, sizeof *sc);
	for (size_t i = 0; i < ep->nsessions; i++) {
		const struct feedback_session *s = &ep->sessions[i];
		const int *v = alliance ? s->alliance : s->outcome;
		size_t nv = alliance ? s->nalliance : s->noutcome;
		struct instrument_score res;
		struct score cur;

		if (!rater_match(s->rater, rater))
			continue;
		if (s->skipped) {
			sc->nskipped++;
			continue;
		}
		if (!v || nv == 0)
			continue;
		if (instrument_score(&res, in, v, nv, NULL, 0) < 0) {
			sc->ninvalid++;
			continue;
		}
		cur.session = s->number;
		cur.total = res.total;
		sc->nscores++;
		if (!sc->has_first || cur.session < sc->first.session) {
			sc->first = cur;
			sc->has_first = true;
		}
		if (!sc->has_last || cur.session > sc->last.session) {
			if (sc->has_last) {
				sc->prev = sc->last;
				sc->has_prev = true;
			}
			sc->last = cur;
			sc->has_last = true;
		} else if (cur.session == sc->last.session) {
			sc->last = cur; /* the later row of a repeated session (feedback_episode_check reports it) */
		} else if (!sc->has_prev || cur.session >= sc->prev.session) {
			sc->prev = cur;
			sc->has_prev = true;
		}
	}
}

static const struct instrument *find(const struct instrument_set *set, const char *code, const char *episode)
{
	const struct instrument *in = instrument_set_find(set, code);

	if (!in)
		err_set(PEJL_ENOTFOUND, "episode %s: %s is not a known instrument", episode ? episode : "?",
			code ? code : "(none)");
	return in;
}

/* --- outcome ------------------------------------------------------------------------ */

int feedback_outcome(struct feedback_outcome *out, const struct feedback_episode *ep,
		     const struct instrument_set *set, const char *rater)
{
	const struct instrument *in = find(set, ep->outcome_instrument, ep->id);
	const struct instrument_band *b;
	struct scan sc;
	double imp;

	memset(out, 0, sizeof *out);
	if (!in)
		return PEJL_ENOTFOUND;
	out->instrument = in->code;
	out->rater = feedback_rater_is_self(rater) ? "self" : rater;
	scan(&sc, ep, in, rater, false);
	out->nscores = sc.nscores;
	out->nskipped = sc.nskipped;
	out->ninvalid = sc.ninvalid;
	if ((out->has_intake = sc.has_first)) {
		out->intake = sc.first.total;
		out->intake_session = sc.first.session;
	}
	if ((out->has_latest = sc.has_last)) {
		out->latest = sc.last.total;
		out->latest_session = sc.last.session;
	}
	if (sc.nscores >= 2) {
		out->has_change = true;
		out->change = instrument_round(out->latest - out->intake);
	}
	b = judged_band(in, ep->band);
	if (!b) {
		out->cls = OUTCOME_NOT_SCORED;
		return 0;
	}
	out->judged = true;
	out->rci = b->rci;
	if ((out->has_cutoff = b->has_cutoff)) {
		out->cutoff = b->cutoff;
		out->cutoff_inclusive = b->cutoff_inclusive;
		if (out->has_intake)
			out->intake_above_cutoff = !feedback_in_clinical_range(in, b, out->intake);
	}
	if (!out->has_change) {
		out->cls = OUTCOME_INSUFFICIENT;
		return 0;
	}
	imp = instrument_round(sign(in) * out->change);
	out->reliable_improvement = imp >= b->rci;
	out->reliable_deterioration = imp <= -b->rci;
	out->crossed_cutoff = b->has_cutoff && feedback_in_clinical_range(in, b, out->intake) &&
			      !feedback_in_clinical_range(in, b, out->latest);
	out->recovered = out->reliable_improvement && out->crossed_cutoff;
	if (out->recovered)
		out->cls = OUTCOME_RECOVERED;
	else if (out->reliable_improvement)
		out->cls = OUTCOME_IMPROVED;
	else if (out->reliable_deterioration)
		out->cls = OUTCOME_DETERIORATED;
	else
		out->cls = OUTCOME_UNCHANGED;
	return 0;
}

size_t feedback_raters(const char **out, size_t max, const struct feedback_episode *ep)
{
	size_t n = 0;

	for (size_t i = 0; i < ep->nsessions; i++) {
		const char *r = ep->sessions[i].rater;
		bool seen = false;

		if (feedback_rater_is_self(r))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !feedback_rater_is_self(ep->sessions[k].rater) && strcmp(ep->sessions[k].rater, r) == 0;
		if (seen)
			continue;
		if (n < max)
			out[n] = r;
		n++;
	}
	return n;
}

/* --- alerts --------------------------------------------------------------------------- */

/* A number with the instrument's decimals, with a sign when `signed_` and
 * positive. */
static const char *num(char *out, size_t size, const struct instrument *in, double v, enum lang lang, bool signed_)
{
	char tmp[64];

	instrument_format(tmp, sizeof tmp, in, v, lang);
	snprintf(out, size, "%s%s", signed_ && tmp[0] != '-' && v > 0 ? "+" : "", tmp);
	return out;
}

static struct feedback_alert *add(struct feedback_alerts *out, enum feedback_alert_code code, int session,
				  double value, double threshold)
{
	struct feedback_alert *a = &out->list[out->n++];

	a->code = code;
	a->session = session;
	a->value = value;
	a->threshold = threshold;
	return a;
}

static void outcome_alerts(struct feedback_alerts *out, const struct instrument *in, const struct feedback_outcome *o)
{
	const struct instrument_alerts *al = &in->alerts;
	double imp = instrument_round(sign(in) * o->change);
	char c_da[64], c_en[64], t_da[64], t_en[64];
	struct feedback_alert *a;
	bool det = al->deterioration && o->reliable_deterioration,
	     noimp = al->has_no_improvement && o->latest_session >= al->no_improvement_session &&
		     !o->reliable_improvement,
	     nochange = al->has_no_change && o->latest_session >= al->no_change_session && !o->reliable_improvement &&
			imp <= instrument_round(al->no_change_max);

	if (!det && !noimp && !nochange)
		return; /* most episodes: nothing to write */
	num(c_da, sizeof c_da, in, o->change, LANG_DA, true);
	num(c_en, sizeof c_en, in, o->change, LANG_EN, true);
	num(t_da, sizeof t_da, in, o->rci, LANG_DA, false);
	num(t_en, sizeof t_en, in, o->rci, LANG_EN, false);
	if (det) {
		a = add(out, ALERT_RELIABLE_DETERIORATION, o->latest_session, o->change, o->rci);
		snprintf(a->da, sizeof a->da, "Pålidelig forværring ved session %d: %s point siden første måling "
					      "(grænsen er %s).",
			 o->latest_session, c_da, t_da);
		snprintf(a->en, sizeof a->en, "Reliable deterioration at session %d: %s points since intake (the "
					      "limit is %s).",
			 o->latest_session, c_en, t_en);
	}
	if (noimp) {
		a = add(out, ALERT_NO_RELIABLE_IMPROVEMENT, o->latest_session, o->change, o->rci);
		snprintf(a->da, sizeof a->da, "Ingen pålidelig forbedring ved session %d: %s point siden første "
					      "måling (%s kræves). Overvej en anden tilgang.",
			 o->latest_session, c_da, t_da);
		snprintf(a->en, sizeof a->en, "No reliable improvement at session %d: %s points since intake (%s "
					      "needed). Consider another approach.",
			 o->latest_session, c_en, t_en);
	}
	if (nochange) {
		a = add(out, ALERT_NO_CHANGE, o->latest_session, o->change, al->no_change_max);
		snprintf(a->da, sizeof a->da, "Ingen forbedring ved session %d: %s point siden første måling. Tal med "
					      "borgeren om det.",
			 o->latest_session, c_da);
		snprintf(a->en, sizeof a->en, "No improvement at session %d: %s points since intake. Talk about it "
					      "with the citizen.",
			 o->latest_session, c_en);
	}
}

static void alliance_alerts(struct feedback_alerts *out, const struct instrument *in, const struct scan *sc)
{
	const struct instrument_alerts *al = &in->alerts;
	char v_da[64], v_en[64], t_da[64], t_en[64], p_da[64], p_en[64];
	struct feedback_alert *a;

	if (!sc->has_last)
		return;
	num(v_da, sizeof v_da, in, sc->last.total, LANG_DA, false);
	num(v_en, sizeof v_en, in, sc->last.total, LANG_EN, false);
	if (al->has_below && instrument_round(sign(in) * (sc->last.total - al->below)) < 0) {
		a = add(out, ALERT_ALLIANCE_LOW, sc->last.session, sc->last.total, al->below);
		num(t_da, sizeof t_da, in, al->below, LANG_DA, false);
		num(t_en, sizeof t_en, in, al->below, LANG_EN, false);
		snprintf(a->da, sizeof a->da, "Alliancen er %s ved session %d, under %s. Tal om samarbejdet.", v_da,
			 sc->last.session, t_da);
		snprintf(a->en, sizeof a->en, "Alliance is %s at session %d, below %s. Talk about the working "
					      "relationship.",
			 v_en, sc->last.session, t_en);
	}
	if (al->has_drop && sc->has_prev) {
		double fall = instrument_round(sign(in) * (sc->prev.total - sc->last.total));

		if (fall >= instrument_round(al->drop)) {
			char f_da[64], f_en[64];

			a = add(out, ALERT_ALLIANCE_DROP, sc->last.session, fall, al->drop);
			num(f_da, sizeof f_da, in, fall, LANG_DA, false);
			num(f_en, sizeof f_en, in, fall, LANG_EN, false);
			num(p_da, sizeof p_da, in, sc->prev.total, LANG_DA, false);
			num(p_en, sizeof p_en, in, sc->prev.total, LANG_EN, false);
			snprintf(a->da, sizeof a->da, "Alliancen faldt %s point fra session %d til %d (%s → %s).", f_da,
				 sc->prev.session, sc->last.session, p_da, v_da);
			snprintf(a->en, sizeof a->en, "Alliance fell %s points from session %d to %d (%s → %s).", f_en,
				 sc->prev.session, sc->last.session, p_en, v_en);
		}
	}
}

int feedback_alerts(struct feedback_alerts *out, const struct feedback_episode *ep, const struct instrument_set *set)
{
	const struct instrument *in, *all = NULL;
	struct feedback_outcome o;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(in = find(set, ep->outcome_instrument, ep->id)))
		return PEJL_ENOTFOUND;
	if (ep->alliance_instrument && !(all = find(set, ep->alliance_instrument, ep->id)))
		return PEJL_ENOTFOUND;
	if (ep->end) /* an ended episode has no alerts */
		return 0;
	if ((rc = feedback_outcome(&o, ep, set, NULL)) < 0)
		return rc;
	if (o.judged && o.has_change)
		outcome_alerts(out, in, &o);
	if (all && instrument_scored_for(all, ep->band)) {
		struct scan sc;

		scan(&sc, ep, all, NULL, true);
		alliance_alerts(out, all, &sc);
	}
	return 0;
}

/* --- quantiles and the local trajectory ----------------------------------------------- */

double feedback_quantile(const double *sorted, size_t n, double p)
{
	double h, lo;
	size_t i;

	if (n == 0)
		return NAN;
	if (p <= 0)
		return sorted[0];
	if (p >= 1)
		return sorted[n - 1];
	h = (double)(n - 1) * p;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

struct traj_group {
	struct feedback_trajectory t;
	struct feedback_trajectory_point *pts; /* t.points, owned */
	long ib;       /* intake band index */
	double lo0, w; /* the instrument's lowest total and band width */
	long nb;       /* number of intake bands */
};

struct traj_ctx {
	struct traj_group *groups;
	size_t n;
};

struct traj_rec {
	size_t inst;
	int band;
	long ib;
	int session;
	double total;
};

static int rec_cmp(const void *pa, const void *pb)
{
	const struct traj_rec *a = pa, *b = pb;

	if (a->inst != b->inst)
		return a->inst < b->inst ? -1 : 1;
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->ib != b->ib)
		return a->ib < b->ib ? -1 : 1;
	if (a->session != b->session)
		return a->session < b->session ? -1 : 1;
	return (a->total > b->total) - (a->total < b->total);
}

static int score_cmp(const void *pa, const void *pb)
{
	const struct score *a = pa, *b = pb;

	return (a->session > b->session) - (a->session < b->session);
}

/* The intake band index of `intake` and the number of bands. */
static long intake_band(const struct instrument *in, double intake, long *nb)
{
	double lo, hi, w = in->trajectory.intake_band;
	long i;

	instrument_total_range(in, &lo, &hi);
	*nb = (long)ceil((hi - lo) / w - 1e-9);
	if (*nb < 1)
		*nb = 1;
	i = (long)floor((intake - lo) / w + 1e-9);
	if (i < 0)
		i = 0;
	if (i >= *nb)
		i = *nb - 1;
	return i;
}

static int local_expected(void *ctx, const struct feedback_trajectory **out, const char *instrument,
			  enum age_band band, double intake)
{
	struct traj_ctx *c = ctx;

	for (size_t i = 0; i < c->n; i++) {
		const struct traj_group *g = &c->groups[i];
		long ib;

		if (g->t.band != band || strcasecmp(g->t.instrument, instrument) != 0)
			continue;
		ib = (long)floor((intake - g->lo0) / g->w + 1e-9);
		if (ib < 0)
			ib = 0;
		if (ib >= g->nb)
			ib = g->nb - 1;
		if (ib == g->ib) {
			*out = &g->t;
			return 0;
		}
	}
	return err_set(PEJL_ENOTFOUND, "no local expected trajectory for %s, %s, intake %g (too few closed episodes)",
		       instrument, age_band_name(band), intake);
}

static void local_free(void *ctx)
{
	struct traj_ctx *c = ctx;

	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->groups[i].pts);
	free(c->groups);
	free(c);
}

/* The self scores of ep under in, one per session number (the first row of
 * a repeated number), sorted by session; returns how many. */
static size_t self_scores(struct score *out, const struct feedback_episode *ep, const struct instrument *in)
{
	size_t n = 0;

	for (size_t i = 0; i < ep->nsessions; i++) {
		const struct feedback_session *s = &ep->sessions[i];
		struct instrument_score res;
		bool dup = false;

		if (!feedback_rater_is_self(s->rater) || s->skipped || !s->outcome || s->noutcome == 0)
			continue;
		if (instrument_score(&res, in, s->outcome, s->noutcome, NULL, 0) < 0)
			continue;
		for (size_t k = 0; k < n && !dup; k++)
			dup = out[k].session == s->number;
		if (dup)
			continue;
		out[n].session = s->number;
		out[n].total = res.total;
		n++;
	}
	qsort(out, n, sizeof *out, score_cmp);
	return n;
}

/* Builds the groups of c from the sorted records. */
static void build_groups(struct traj_ctx *c, const struct traj_rec *recs, size_t nrecs, const size_t *eps_per_rec,
			 const struct instrument_set *set)
{
	size_t i = 0;

	while (i < nrecs) {
		const struct traj_rec *k = &recs[i];
		const struct instrument *in = set->list[k->inst];
		size_t j = i, neps = 0, np = 0;
		struct feedback_trajectory_point *pts;
		struct traj_group *g;
		double lo, hi;

		while (j < nrecs && recs[j].inst == k->inst && recs[j].band == k->band && recs[j].ib == k->ib) {
			neps += eps_per_rec[j];
			j++;
		}
		if (neps < in->trajectory.min_episodes) {
			i = j;
			continue;
		}
		pts = xcalloc(j - i, sizeof *pts);
		for (size_t s = i; s < j;) {
			size_t e = s;
			double *vals;

			while (e < j && recs[e].session == recs[s].session)
				e++;
			if (e - s >= in->trajectory.min_per_session) {
				vals = xcalloc(e - s, sizeof *vals);
				for (size_t q = s; q < e; q++)
					vals[q - s] = recs[q].total;
				pts[np].session = recs[s].session;
				pts[np].n = e - s;
				pts[np].median = instrument_round(feedback_quantile(vals, e - s, 0.5));
				pts[np].p25 = instrument_round(feedback_quantile(vals, e - s, 0.25));
				np++;
				free(vals);
			}
			s = e;
		}
		c->groups = xreallocarray(c->groups, c->n + 1, sizeof *c->groups);
		g = &c->groups[c->n++];
		memset(g, 0, sizeof *g);
		instrument_total_range(in, &lo, &hi);
		g->ib = k->ib;
		g->lo0 = lo;
		g->w = in->trajectory.intake_band;
		intake_band(in, lo, &g->nb);
		g->t.label = "local";
		g->t.instrument = in->code;
		g->t.band = (enum age_band)k->band;
		g->t.intake_lo = instrument_round(lo + (double)k->ib * g->w);
		g->t.intake_hi = k->ib == g->nb - 1 ? hi : instrument_round(lo + (double)(k->ib + 1) * g->w);
		g->t.nepisodes = neps;
		g->pts = pts;
		g->t.points = pts;
		g->t.npoints = np;
		i = j;
	}
}

int feedback_trajectory_local(struct feedback_trajectory_provider *out, const struct feedback_episode *eps, size_t n,
			      const struct instrument_set *set)
{
	struct traj_ctx *c = xcalloc(1, sizeof *c);
	struct traj_rec *recs = NULL;
	size_t *first = NULL; /* 1 on the first record of each episode: counts episodes */
	size_t nrecs = 0, cap = 0;
	struct score *sc = NULL;
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (size_t e = 0; e < n; e++) {
		const struct feedback_episode *ep = &eps[e];
		const struct instrument *in = find(set, ep->outcome_instrument, ep->id);
		size_t inst = 0, ns;
		long ib, nb;

		if (!in) {
			rc = PEJL_ENOTFOUND;
			goto out;
		}
		if (!ep->end || !in->trajectory.enabled || !judged_band(in, ep->band))
			continue;
		while (set->list[inst] != in)
			inst++;
		sc = xreallocarray(sc, ep->nsessions ? ep->nsessions : 1, sizeof *sc);
		ns = self_scores(sc, ep, in);
		if (ns < 2)
			continue;
		ib = intake_band(in, sc[0].total, &nb);
		if (nrecs + ns > cap) {
			cap = (nrecs + ns) * 2;
			recs = xreallocarray(recs, cap, sizeof *recs);
			first = xreallocarray(first, cap, sizeof *first);
		}
		for (size_t k = 0; k < ns; k++) {
			recs[nrecs] = (struct traj_rec){inst, (int)ep->band, ib, sc[k].session, sc[k].total};
			/* the session key of a record is unique per episode, so
			 * counting an episode on its intake record counts it once */
			first[nrecs] = k == 0;
			nrecs++;
		}
	}
	/* Sort records and their episode marks together. */
	{
		struct pair {
			struct traj_rec r;
			size_t first;
		} *pairs = xcalloc(nrecs ? nrecs : 1, sizeof *pairs);

		for (size_t i = 0; i < nrecs; i++) {
			pairs[i].r = recs[i];
			pairs[i].first = first[i];
		}
		qsort(pairs, nrecs, sizeof *pairs, rec_cmp); /* r is the first member */
		for (size_t i = 0; i < nrecs; i++) {
			recs[i] = pairs[i].r;
			first[i] = pairs[i].first;
		}
		free(pairs);
	}
	build_groups(c, recs, nrecs, first, set);
	out->label = "local";
	out->ctx = c;
	out->expected = local_expected;
	out->free = local_free;
	c = NULL;
out:
	local_free(c);
	free(recs);
	free(first);
	free(sc);
	return rc;
}

void feedback_trajectory_provider_free(struct feedback_trajectory_provider *p)
{
	if (!p || !p->free)
		return;
	p->free(p->ctx);
	p->ctx = NULL;
	p->free = NULL;
	p->expected = NULL;
}

int feedback_expected(const struct feedback_trajectory **out, const struct feedback_trajectory_provider *p,
		      const struct feedback_episode *ep, const struct instrument_set *set)
{
	struct feedback_outcome o;
	int rc;

	if ((rc = feedback_outcome(&o, ep, set, NULL)) < 0)
		return rc;
	if (!o.has_intake)
		return err_set(PEJL_ENOTFOUND, "episode %s has no score yet", ep->id ? ep->id : "?");
	return p->expected(p->ctx, out, o.instrument, ep->band, o.intake);
}

/* --- aggregates ------------------------------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static size_t distinct_sessions(const struct feedback_episode *ep, int *scratch)
{
	size_t n = 0, d = 0;

	for (size_t i = 0; i < ep->nsessions; i++)
		scratch[n++] = ep->sessions[i].number;
	qsort(scratch, n, sizeof *scratch, int_cmp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || scratch[i] != scratch[i - 1])
			d++;
	return d;
}

static double pct(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : NAN;
}

int feedback_summarise(struct feedback_summary *out, const struct feedback_episode *ep,
		       const struct instrument_set *set)
{
	const struct instrument *all = NULL;
	struct feedback_outcome o;
	int small[64], *scratch = small;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = feedback_outcome(&o, ep, set, NULL)) < 0)
		return rc;
	if (ep->alliance_instrument && !(all = find(set, ep->alliance_instrument, ep->id)))
		return PEJL_ENOTFOUND;
	out->pseudonym = ep->pseudonym;
	out->cls = o.cls;
	if (o.cls != OUTCOME_INSUFFICIENT && o.cls != OUTCOME_NOT_SCORED) {
		out->classified = true;
		out->intake = o.intake;
		out->latest = o.latest;
		out->change = o.change;
	}
	out->closed = ep->end != NULL;
	out->end_reason = ep->end_reason;
	if (ep->nsessions > sizeof small / sizeof small[0])
		scratch = xcalloc(ep->nsessions, sizeof *scratch);
	out->sessions = distinct_sessions(ep, scratch);
	if (scratch != small)
		free(scratch);
	if (all && instrument_scored_for(all, ep->band)) {
		struct scan sc;

		scan(&sc, ep, all, NULL, true);
		if (sc.has_last) {
			out->has_final_alliance = true;
			out->final_alliance = sc.last.total;
		}
		if (all->alerts.has_below)
			for (size_t i = 0; i < ep->nsessions; i++) {
				const struct feedback_session *s = &ep->sessions[i];
				struct instrument_score res;

				if (!feedback_rater_is_self(s->rater) || s->skipped || !s->alliance || s->nalliance == 0 ||
				    instrument_score(&res, all, s->alliance, s->nalliance, NULL, 0) < 0)
					continue;
				out->alliance_scores++;
				out->alliance_ok += instrument_round(sign(all) * (res.total - all->alerts.below)) >= 0;
			}
	}
	return 0;
}

void feedback_aggregate_summaries(struct feedback_aggregate *out, const struct feedback_summary *const *sum, size_t n)
{
	const char **names = xcalloc(n ? n : 1, sizeof *names);
	size_t nnames = 0;
	double s_in = 0, ss_in = 0, s_fin = 0, s_ch = 0, s_all = 0;

	memset(out, 0, sizeof *out);
	out->episodes = n;
	for (size_t e = 0; e < n; e++) {
		const struct feedback_summary *x = sum[e];

		if (x->pseudonym)
			names[nnames++] = x->pseudonym;
		else
			out->citizens++; /* its link cleared by retention: a citizen of its own */
		out->count[x->cls]++;
		if (x->classified) {
			out->classified++;
			s_in += x->intake;
			ss_in += x->intake * x->intake;
			s_fin += x->latest;
			s_ch += x->change;
		}
		if (x->closed) {
			out->closed++;
			out->planned += x->end_reason == END_PLANNED;
			out->unplanned += x->end_reason == END_UNPLANNED;
		}
		out->sessions += x->sessions;
		if (x->has_final_alliance) {
			out->alliance_episodes++;
			s_all += x->final_alliance;
		}
		out->alliance_scores += x->alliance_scores;
		out->alliance_ok += x->alliance_ok;
	}
	qsort(names, nnames, sizeof *names, str_cmp);
	for (size_t i = 0; i < nnames; i++)
		out->citizens += i == 0 || strcmp(names[i], names[i - 1]) != 0;
	if (out->classified > 0) {
		double k = (double)out->classified;

		out->has_means = true;
		out->mean_intake = s_in / k;
		out->mean_final = s_fin / k;
		out->mean_change = s_ch / k;
		out->pct_recovered = pct(out->count[OUTCOME_RECOVERED], out->classified);
		out->pct_improved = pct(out->count[OUTCOME_IMPROVED], out->classified);
		out->pct_unchanged = pct(out->count[OUTCOME_UNCHANGED], out->classified);
		out->pct_deteriorated = pct(out->count[OUTCOME_DETERIORATED], out->classified);
		if (out->classified >= 2) {
			double var = (ss_in - s_in * s_in / k) / (k - 1);

			out->sd_intake = var > 0 ? sqrt(var) : 0;
			out->has_sd = true;
			if (out->sd_intake > 1e-9) {
				out->has_effect = true;
				out->effect_size = out->mean_change / out->sd_intake;
			}
		}
	}
	if (out->closed > 0) {
		out->has_unplanned = true;
		out->pct_unplanned = pct(out->unplanned, out->closed);
	}
	if (n > 0) {
		out->has_sessions = true;
		out->mean_sessions = (double)out->sessions / (double)n;
	}
	if (out->alliance_episodes > 0) {
		out->has_final_alliance = true;
		out->mean_final_alliance = s_all / (double)out->alliance_episodes;
	}
	if (out->alliance_scores > 0) {
		out->has_alliance_share = true;
		out->pct_alliance_ok = pct(out->alliance_ok, out->alliance_scores);
	}
	free(names);
}

int feedback_aggregate(struct feedback_aggregate *out, const struct feedback_episode *eps, size_t n,
		       const struct instrument_set *set)
{
	struct feedback_summary *sum = xcalloc(n ? n : 1, sizeof *sum);
	const struct feedback_summary **ptr = xcalloc(n ? n : 1, sizeof *ptr);
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (size_t e = 0; e < n && rc == 0; e++) {
		rc = feedback_summarise(&sum[e], &eps[e], set);
		ptr[e] = &sum[e];
	}
	if (rc == 0)
		feedback_aggregate_summaries(out, ptr, n);
	free(ptr);
	free(sum);
	return rc;
}

/* --- checking an episode ------------------------------------------------------------------ */

struct chk {
	const char *where;
	struct diag *d;
	size_t errors;
};

static void problem(struct chk *c, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct chk *c, const char *at, const char *fmt, ...)
{
	char loc[600], msg[1024];
	va_list ap;

	snprintf(loc, sizeof loc, "%s%s%s", c->where, at ? ": " : "", at ? at : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(c->d, loc, "%s", msg);
	c->errors++;
}

static void check_form(struct chk *c, const char *at, const char *what, const struct instrument *in, const int *v,
		       size_t nv)
{
	struct instrument_score res;
	char why[300];

	if (!v || nv == 0 || !in)
		return;
	if (instrument_score(&res, in, v, nv, why, sizeof why) < 0)
		problem(c, at, "%s (%s): %s", what, in->code, why);
}

size_t feedback_episode_check(const struct feedback_episode *ep, const struct instrument_set *set, const char *where,
			      struct diag *d)
{
	struct chk c = {where ? where : "episode", d, 0};
	const struct instrument *in = NULL, *all = NULL;
	struct date start, end, sd;
	bool has_start = false, has_end = false;

	if (!ep->id || !*ep->id)
		problem(&c, "id", "is required");
	if (!ep->pseudonym || !*ep->pseudonym)
		problem(&c, "pseudonym", "is required");
	if (!ep->start || !date_parse(&start, ep->start))
		problem(&c, "start", "\"%s\" is not a date YYYY-MM-DD", ep->start ? ep->start : "");
	else
		has_start = true;
	if (ep->end) {
		if (!date_parse(&end, ep->end))
			problem(&c, "end", "\"%s\" is not a date YYYY-MM-DD", ep->end);
		else if (has_start && date_to_days(end) < date_to_days(start))
			problem(&c, "end", "%s is before the start %s", ep->end, ep->start);
		else
			has_end = true;
		if (ep->end_reason == END_NONE)
			problem(&c, "end_reason", "an ended episode needs an end reason (planned or unplanned)");
	} else if (ep->end_reason != END_NONE) {
		problem(&c, "end_reason", "an open episode has no end reason");
	}
	if (!(in = instrument_set_find(set, ep->outcome_instrument))) {
		problem(&c, "instrument", "%s is not a known instrument", ep->outcome_instrument ? ep->outcome_instrument : "(none)");
	} else if (in->kind != INSTRUMENT_OUTCOME && in->kind != INSTRUMENT_WELLBEING) {
		problem(&c, "instrument", "%s is of kind %s, not an outcome instrument", in->code,
			instrument_kind_name(in->kind));
		in = NULL;
	} else if (in->nbands > 0 && !instrument_band(in, ep->band)) {
		problem(&c, "instrument", "%s is not for the age band %s", in->code, age_band_label(ep->band, LANG_EN));
	}
	if (ep->alliance_instrument) {
		if (!(all = instrument_set_find(set, ep->alliance_instrument)))
			problem(&c, "alliance_instrument", "%s is not a known instrument", ep->alliance_instrument);
		else if (all->kind != INSTRUMENT_ALLIANCE) {
			problem(&c, "alliance_instrument", "%s is of kind %s, not an alliance instrument", all->code,
				instrument_kind_name(all->kind));
			all = NULL;
		} else if (all->nbands > 0 && !instrument_band(all, ep->band)) {
			problem(&c, "alliance_instrument", "%s is not for the age band %s", all->code,
				age_band_label(ep->band, LANG_EN));
		}
	}
	for (size_t i = 0; i < ep->nsessions; i++) {
		const struct feedback_session *s = &ep->sessions[i];
		char at[64];

		snprintf(at, sizeof at, "sessions[%zu]", i);
		if (s->number < 1)
			problem(&c, at, "session number %d; sessions are numbered from 1", s->number);
		for (size_t k = 0; k < i; k++)
			if (ep->sessions[k].number == s->number &&
			    rater_match(ep->sessions[k].rater, feedback_rater_is_self(s->rater) ? NULL : s->rater)) {
				problem(&c, at, "session %d of rater %s is also sessions[%zu]", s->number,
					feedback_rater_is_self(s->rater) ? "self" : s->rater, k);
				break;
			}
		if (!s->date || !date_parse(&sd, s->date))
			problem(&c, at, "date \"%s\" is not a date YYYY-MM-DD", s->date ? s->date : "");
		else if (has_start && date_to_days(sd) < date_to_days(start))
			problem(&c, at, "date %s is before the episode's start %s", s->date, ep->start);
		else if (has_end && date_to_days(sd) > date_to_days(end))
			problem(&c, at, "date %s is after the episode's end %s", s->date, ep->end);
		if (s->skipped) {
			if ((s->outcome && s->noutcome) || (s->alliance && s->nalliance))
				problem(&c, at, "a skipped session has no values (a zero is a score: leave skipped off)");
			continue;
		}
		check_form(&c, at, "outcome", in, s->outcome, s->noutcome);
		if (s->alliance && s->nalliance && !ep->alliance_instrument)
			problem(&c, at, "alliance values, but the episode has no alliance instrument");
		else if (s->alliance && s->nalliance && !feedback_rater_is_self(s->rater))
			problem(&c, at, "alliance values from %s: the alliance is rated by the citizen", s->rater);
		else
			check_form(&c, at, "alliance", all, s->alliance, s->nalliance);
	}
	return c.errors;
}
