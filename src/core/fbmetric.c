/*
 * fbmetric.c — see fbmetric.h.
 */
#include "core/fbmetric.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = {"reliable_improvement", "recovered", "reliable_deterioration",
				    "planned_ending", "alliance_ok", "score_above"};

bool fbmetric_parse(struct fbmetric *out, const char *s, char *why, size_t nwhy)
{
	const char *c1 = s ? strchr(s, ':') : NULL, *c2;
	size_t ilen, nlen;
	int k = -1;

	memset(out, 0, sizeof *out);
	if (!c1) {
		snprintf(why, nwhy, "\"%s\" is not INSTRUMENT:METRIC (e.g. ORS:reliable_improvement)", s ? s : "");
		return false;
	}
	ilen = (size_t)(c1 - s);
	if (ilen == 0 || ilen >= sizeof out->instrument) {
		snprintf(why, nwhy, "the instrument code before ':' must have 1 to %zu characters",
			 sizeof out->instrument - 1);
		return false;
	}
	for (size_t i = 0; i < ilen; i++)
		if (!(s[i] == '*' && ilen == 1) && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
						     (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' || s[i] == '_')) {
			snprintf(why, nwhy, "\"%.*s\" is not an instrument code (or *)", (int)ilen, s);
			return false;
		}
	memcpy(out->instrument, s, ilen);
	c2 = strchr(c1 + 1, ':');
	nlen = c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1);
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strlen(names[i]) == nlen && strncmp(names[i], c1 + 1, nlen) == 0)
			k = i;
	if (k < 0) {
		snprintf(why, nwhy,
			 "\"%.*s\" is not a metric (reliable_improvement, recovered, reliable_deterioration, "
			 "planned_ending, alliance_ok, score_above)",
			 (int)nlen, c1 + 1);
		return false;
	}
	out->kind = (enum fbmetric_kind)k;
	if (c2) {
		char *end;

		out->threshold = strtod(c2 + 1, &end);
		if (!c2[1] || *end || !isfinite(out->threshold)) {
			snprintf(why, nwhy, "\"%s\" is not a threshold number", c2 + 1);
			return false;
		}
		if (out->kind != FBM_ALLIANCE_OK && out->kind != FBM_SCORE_ABOVE) {
			snprintf(why, nwhy, "%s takes no threshold", names[k]);
			return false;
		}
		out->has_threshold = true;
	} else if (out->kind == FBM_SCORE_ABOVE) {
		snprintf(why, nwhy, "score_above needs a threshold (e.g. WHO5:score_above:50)");
		return false;
	}
	return true;
}

bool fbmetric_check(const struct fbmetric *m, const struct instrument_set *set, char *why, size_t nwhy)
{
	const struct instrument *in;
	bool alliance = m->kind == FBM_ALLIANCE_OK, fits;
	const char *kind;

	if (strcmp(m->instrument, "*") == 0)
		return true;
	if (!(in = instrument_set_find(set, m->instrument))) {
		snprintf(why, nwhy, "%s is not a known instrument", m->instrument);
		return false;
	}
	/* the kinds an episode can have as its forms (core/feedback.c): an
	 * outcome form is an outcome or wellbeing instrument, never a
	 * satisfaction survey, whose goal would never get a figure */
	fits = alliance ? in->kind == INSTRUMENT_ALLIANCE
			: in->kind == INSTRUMENT_OUTCOME || in->kind == INSTRUMENT_WELLBEING;
	if (!fits) {
		kind = instrument_kind_name(in->kind);
		snprintf(why, nwhy, "%s is %s %s instrument; %s needs %s one", m->instrument,
			 strchr("aeiou", kind[0]) ? "an" : "a", kind, names[m->kind],
			 alliance ? "an alliance" : "an outcome or wellbeing");
		return false;
	}
	return true;
}

struct period fbmetric_period_of(const char *date, enum cadence c)
{
	struct period p = {PERIOD_YEAR, atoi(date), 0};
	int month = atoi(date + 5);

	switch (c) {
	case CADENCE_QUARTERLY:
		p.kind = PERIOD_QUARTER;
		p.sub = (month - 1) / 3 + 1;
		break;
	case CADENCE_MONTHLY:
		p.kind = PERIOD_MONTH;
		p.sub = month;
		break;
	case CADENCE_SCHOOL_YEAR:
		p.kind = PERIOD_SCHOOL_YEAR;
		p.year -= month < 8;
		break;
	case CADENCE_YEARLY:
	case CADENCE_BIENNIAL:
		break;
	}
	return p;
}

/* Instrument codes compare as instrument_set_find does: in any case. */
static bool matches(const char *want, const char *code)
{
	return code && (strcmp(want, "*") == 0 || strcasecmp(want, code) == 0);
}

/* The part for period p, added when new. */
static struct fbmetric_part *part(struct fbmetric_part *out, size_t *n, struct period p)
{
	for (size_t i = 0; i < *n; i++)
		if (period_cmp(out[i].period, p) == 0)
			return &out[i];
	if (*n == FBMETRIC_MAX_PARTS)
		return NULL;
	out[*n] = (struct fbmetric_part){p, 0, 0};
	return &out[(*n)++];
}

size_t fbmetric_parts(struct fbmetric_part *out, const struct fbmetric *m, enum cadence c,
		      const struct feedback_episode *ep, const struct instrument_set *set)
{
	size_t n = 0;

	switch (m->kind) {
	case FBM_RELIABLE_IMPROVEMENT:
	case FBM_RECOVERED:
	case FBM_RELIABLE_DETERIORATION:
	case FBM_PLANNED_ENDING: {
		struct feedback_outcome o;
		struct fbmetric_part *p;

		if (!ep->end || !matches(m->instrument, ep->outcome_instrument))
			return 0;
		if (m->kind == FBM_PLANNED_ENDING) {
			p = part(out, &n, fbmetric_period_of(ep->end, c));
			p->den = 1;
			p->num = ep->end_reason == END_PLANNED;
			return n;
		}
		if (feedback_outcome(&o, ep, set, "self") < 0 || o.cls == OUTCOME_INSUFFICIENT ||
		    o.cls == OUTCOME_NOT_SCORED)
			return 0;
		p = part(out, &n, fbmetric_period_of(ep->end, c));
		p->den = 1;
		p->num = m->kind == FBM_RELIABLE_IMPROVEMENT ? o.reliable_improvement
			 : m->kind == FBM_RECOVERED	     ? o.recovered
							     : o.reliable_deterioration;
		return n;
	}
	case FBM_ALLIANCE_OK: {
		const struct instrument *all;
		double below;

		if (!matches(m->instrument, ep->alliance_instrument) ||
		    !(all = instrument_set_find(set, ep->alliance_instrument)) || !instrument_scored_for(all, ep->band))
			return 0;
		if (!m->has_threshold && !all->alerts.has_below)
			return 0;
		below = m->has_threshold ? m->threshold : all->alerts.below;
		for (size_t i = 0; i < ep->nsessions; i++) {
			const struct feedback_session *s = &ep->sessions[i];
			struct instrument_score res;
			struct fbmetric_part *p;

			if (!feedback_rater_is_self(s->rater) || s->skipped || !s->alliance || s->nalliance == 0 ||
			    instrument_score(&res, all, s->alliance, s->nalliance, NULL, 0) < 0)
				continue;
			if (!(p = part(out, &n, fbmetric_period_of(s->date, c))))
				continue; /* a period past the cut; later sessions may fall in kept ones */
			p->den++;
			p->num += instrument_round((all->higher_is_better ? 1 : -1) * (res.total - below)) >= 0;
		}
		return n;
	}
	case FBM_SCORE_ABOVE: {
		const struct instrument *in;
		int last[FBMETRIC_MAX_PARTS];
		double total[FBMETRIC_MAX_PARTS];

		if (!matches(m->instrument, ep->outcome_instrument) ||
		    !(in = instrument_set_find(set, ep->outcome_instrument)) || !instrument_scored_for(in, ep->band))
			return 0;
		for (size_t i = 0; i < ep->nsessions; i++) {
			const struct feedback_session *s = &ep->sessions[i];
			struct instrument_score res;
			struct fbmetric_part *p;
			size_t k;

			if (!feedback_rater_is_self(s->rater) || s->skipped || !s->outcome || s->noutcome == 0 ||
			    instrument_score(&res, in, s->outcome, s->noutcome, NULL, 0) < 0)
				continue;
			if (!(p = part(out, &n, fbmetric_period_of(s->date, c))))
				continue;
			k = (size_t)(p - out);
			if (p->den == 0 || s->number > last[k]) {
				last[k] = s->number;
				total[k] = res.total;
			}
			p->den = 1;
		}
		for (size_t k = 0; k < n; k++)
			out[k].num = instrument_round(total[k] - m->threshold) > 0;
		return n;
	}
	}
	return 0;
}
