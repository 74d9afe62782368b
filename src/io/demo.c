/*
 * demo.c — see demo.h. Everything is a fixed table or derived from one by a
 * deterministic hash, so every demo database is identical and tests can
 * rely on its verdicts.
 */
#include "io/demo.h"

#include "io/feedback_compute.h"
#include "io/instrument_file.h"
#include "io/strategy_file.h"

#include "core/plan.h"
#include "util/date.h"
#include "util/err.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *code, *name, *kind, *parent;
} demo_units[] = {
	{"BBU-FOR", "Centerfællesskab Forebyggelse og Rådgivning (syntetisk)", "centre_community", "BBU"},
	{"BBU-FOR-1", "Center for Familieråd Nord (syntetisk)", "centre", "BBU-FOR"},
	{"BBU-FOR-1A", "Familiehuset Nørrebro (syntetisk)", "service", "BBU-FOR-1"},
	{"BBU-FOR-1B", "Ungerådgivningen Bispebjerg (syntetisk)", "service", "BBU-FOR-1"},
	{"BBU-ANB", "Centerfællesskab Anbringelse (syntetisk)", "centre_community", "BBU"},
	{"BBU-ANB-1", "Center for Døgntilbud (syntetisk)", "centre", "BBU-ANB"},
	{"BBU-ANB-1A", "Døgninstitutionen Lærkereden (syntetisk)", "service", "BBU-ANB-1"},
	{"BCH-BOT", "Centerfællesskab Botilbud (syntetisk)", "centre_community", "BCH"},
	{"BCH-BOT-1", "Center for Autisme og ADHD (syntetisk)", "centre", "BCH-BOT"},
	{"BCH-BOT-1A", "Bofællesskabet Amagerbro (syntetisk)", "service", "BCH-BOT-1"},
	{"BCH-BOT-1B", "Aktivitetshuset Valby (syntetisk)", "service", "BCH-BOT-1"},
	{"BCV-HJL", "Centerfællesskab Hjemløse (syntetisk)", "centre_community", "BCV"},
	{"BCV-HJL-1", "Center for Udsatte Voksne (syntetisk)", "centre", "BCV-HJL"},
	{"BCV-HJL-1A", "Herberget Vesterbro (syntetisk)", "service", "BCV-HJL-1"},
	{"BCV-HJL-1B", "Bostøtten Indre By (syntetisk)", "service", "BCV-HJL-1"},
	{"BCV-MIS", "Centerfællesskab Misbrug (syntetisk)", "centre_community", "BCV"},
	{"BCV-MIS-1", "Center for Misbrugsbehandling (syntetisk)", "centre", "BCV-MIS"},
	{"BCV-MIS-1A", "Ambulant Behandling Nordvest (syntetisk)", "service", "BCV-MIS-1"},
	{"BCV-SIN", "Centerfællesskab Sindslidelse (syntetisk)", "centre_community", "BCV"},
	{"BCV-SIN-1", "Center for Socialpsykiatri (syntetisk)", "centre", "BCV-SIN"},
	{"BCV-SIN-1A", "Botilbuddet Sundholm (syntetisk)", "service", "BCV-SIN-1"},
	{"BCV-SIN-1B", "Værestedet Østerbro (syntetisk)", "service", "BCV-SIN-1"},
};

/* Services and the target groups they serve, per citizen centre. */
static const char *const services_bbu[] = {"BBU-FOR-1A", "BBU-FOR-1B", "BBU-ANB-1A", NULL};
static const char *const services_bch[] = {"BCH-BOT-1A", "BCH-BOT-1B", NULL};
static const char *const services_bcv[] = {"BCV-HJL-1A", "BCV-HJL-1B", "BCV-MIS-1A", "BCV-SIN-1A", "BCV-SIN-1B",
					   NULL};
static const char *const services_all[] = {"BBU-FOR-1A", "BBU-FOR-1B", "BBU-ANB-1A", "BCH-BOT-1A", "BCH-BOT-1B",
					   "BCV-HJL-1A", "BCV-HJL-1B", "BCV-MIS-1A", "BCV-SIN-1A", "BCV-SIN-1B", NULL};
static const char *const groups_bbu[] = {"children_youth", "families", NULL};
static const char *const groups_bch[] = {"disability", "mental_illness", NULL};
static const char *const groups_bcv[] = {"homelessness", "substance_misuse", "vulnerable_adults", NULL};
static const char *const groups_all[] = {"children_youth", "disability", "homelessness", "vulnerable_adults", NULL};
static const char *const root_only[] = {"SOF", NULL};
static const char *const no_groups[] = {"", NULL};

/* One goal's designed series: the whole organisation's figure for five
 * consecutive periods (2013..2017, or the school years ending in them, or
 * the fourth quarters). For counts the figure is split over the cells; for
 * proportions `total` is the per-cell denominator scale. NAN: no value. */
struct design {
	const char *goal;
	const char *const *units;
	const char *const *groups;
	double series[5];
	double total;   /* proportions: respondents/cases per year (all cells) */
	int break_at;   /* index of a period in state break, or -1 */
};

static const struct design designs[] = {
	{"1A", services_bcv, groups_bcv, {862, 900, 948, 985, 1024}, 0, -1},           /* met */
	{"1B", root_only, no_groups, {533, 521, 509, 494, 481}, 0, -1},                /* progress, not met */
	{"1C", services_bcv, groups_bcv, {88.0, 89.4, 90.9, 92.1, 93.4}, 1800, -1},    /* progress */
	{"1D", root_only, no_groups, {1581, NAN, 1536, NAN, 1638}, 0, -1},             /* biennial, decline */
	{"1E", root_only, no_groups, {351, NAN, 372, NAN, 392}, 0, -1},                /* biennial, decline */
	{"2A", services_bbu, groups_bbu, {61.8, 63.0, 64.1, 65.8, 67.4}, 2400, -1},    /* progress */
	{"2B", services_bbu, groups_bbu, {9.1, 8.9, 8.9, 8.6, 8.3}, 2400, -1},         /* progress (down) */
	{"3A", services_bbu, groups_bbu, {1.42, 1.36, 1.27, 1.16, 1.04}, 9000, -1},    /* met (cap) */
	{"4A", services_all, groups_all, {30.2, 30.8, 31.9, 32.4, 33.5}, 3000, -1},    /* progress */
	{"5A", services_bch, groups_bch, {124, 118, 111, 104, 96}, 0, -1},             /* quarterly, progress */
	{"6A", services_bcv, groups_bcv, {41.0, 40.6, 39.4, 38.7, 37.6}, 1500, -1},    /* decline */
	{"7A", root_only, no_groups, {8.5, 8.4, 8.6, 8.5, 8.5}, 40000, -1},            /* no change */
	{"8A", services_all, groups_all, {48.1, 49.0, 50.8, 51.7, 58.2}, 6800, 4},     /* data break 2017 */
	{"8B", services_all, groups_all, {22.0, 21.6, 21.8, 21.3, 21.4}, 6800, -1},    /* not significant */
	{"9A", services_all, groups_all, {70.2, 71.0, 72.1, 73.9, 75.8}, 6800, -1},    /* significant progress */
	{"9B", services_all, groups_all, {80.1, 79.6, 80.3, 79.8, 79.2}, 6800, -1},    /* no change (n.s.) */
};

/* A deterministic weight in [0.6, 1.4) for a cell. */
static double weight(const char *a, const char *b, int salt)
{
	uint32_t h = 2166136261u ^ (uint32_t)salt;

	for (const char *p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (const char *p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return 0.6 + 0.8 * (double)(h % 10000) / 10000.0;
}

static size_t count(const char *const *v)
{
	size_t n = 0;

	while (v[n])
		n++;
	return n;
}

static void period_name(char *out, size_t n, enum cadence c, int year)
{
	switch (c) {
	case CADENCE_QUARTERLY:
		snprintf(out, n, "%dQ4", year);
		break;
	case CADENCE_MONTHLY:
		snprintf(out, n, "%d-12", year);
		break;
	case CADENCE_SCHOOL_YEAR:
		snprintf(out, n, "%d/%02d", year - 1, year % 100);
		break;
	case CADENCE_YEARLY:
	case CADENCE_BIENNIAL:
		snprintf(out, n, "%d", year);
		break;
	}
}

static int load_design(struct demo_result *res, struct store *s, long batch,
		       const struct design *dz, const struct goal *g)
{
	const struct goal_version *v = &g->versions[g->nversions - 1];
	size_t nu = count(dz->units), ng = count(dz->groups);
	int rc;

	/* quarterly goals get every quarter, on a straight line between the
	 * designed fourth-quarter values (the first year flat) */
	int nper = v->cadence == CADENCE_QUARTERLY ? 20 : 5;

	for (int pi = 0; pi < nper; pi++) {
		double wsum = 0, level;
		char period[16];
		int y = v->cadence == CADENCE_QUARTERLY ? pi / 4 : pi;

		if (isnan(dz->series[y]))
			continue;
		level = dz->series[y];
		if (v->cadence == CADENCE_QUARTERLY) {
			int q = pi % 4 + 1;
			double prev = y > 0 ? dz->series[y - 1] : dz->series[0];

			level = prev + (dz->series[y] - prev) * q / 4.0;
			snprintf(period, sizeof period, "%dQ%d", 2013 + y, q);
		} else {
			period_name(period, sizeof period, v->cadence, 2013 + y);
		}
		for (size_t u = 0; u < nu; u++)
			for (size_t k = 0; k < ng; k++)
				wsum += weight(dz->units[u], dz->groups[k], 0);
		for (size_t u = 0; u < nu; u++)
			for (size_t k = 0; k < ng; k++) {
				double w = weight(dz->units[u], dz->groups[k], 0) / wsum;
				struct obs_row r = {0};
				enum obs_put_outcome outcome;

				r.goal_id = g->id;
				r.period = period;
				r.unit = dz->units[u];
				r.group = dz->groups[k];
				r.state = y == dz->break_at ? OBS_BREAK : OBS_OK;
				r.source = "Syntetiske demodata";
				r.note = "syntetisk";
				if (v->measure == MEASURE_COUNT) {
					r.v.has_value = true;
					r.v.value = nu * ng == 1 ? level : round(level * w);
				} else {
					/* per-cell rate varies a little around the design */
					double jitter = nu * ng == 1 ? 0
									: (weight(dz->units[u], dz->groups[k], y + 1) - 1.0) * 0.04;
					double den = nu * ng == 1 ? dz->total
								  : round(dz->total * w *
									  (0.95 + 0.1 * weight(dz->units[u], period, 7)));
					double pct = level * (1.0 + jitter);

					if (den < 1)
						den = 1;
					if (pct > 100)
						pct = 100;
					r.v.has_num = r.v.has_den = true;
					r.v.den = den;
					r.v.num = round(pct / 100.0 * den);
				}
				if ((rc = store_obs_put(s, &r, batch, &outcome)) < 0)
					return rc;
				res->observations_added += outcome == OBS_ADDED;
			}
	}
	return 0;
}

/* A small deterministic generator (xorshift) for the synthetic episodes. */
static uint32_t rng_state = 2014;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static double rnd01(void)
{
	return (double)(rnd() % 10000) / 10000.0;
}

/* Synthetic feedback episodes (FIT), 2014–2017: adults with ORS/SRS in the
 * adult services, children with CORS/CSRS and adolescents with ORS/SRS in
 * the children's services; most improve (more so each year), some stall or
 * worsen, and those that started late in 2017 are still open. The pseudonyms are labelled synthetic; no CPR numbers exist. */
#define DEMO_EPISODES 168

static int load_episodes(struct demo_result *res, struct store *s, long batch)
{
	static const struct {
		const char *unit, *band, *outcome, *alliance;
	} places[] = {
		{"BCV-HJL-1A", "adult", "ORS", "SRS"},	     {"BCV-HJL-1B", "adult", "ORS", "SRS"},
		{"BCV-MIS-1A", "adult", "ORS", "SRS"},	     {"BCV-SIN-1A", "adult", "ORS", "SRS"},
		{"BCV-SIN-1B", "adult", "ORS", "SRS"},	     {"BBU-FOR-1A", "child", "CORS", "CSRS"},
		{"BBU-FOR-1B", "adolescent", "ORS", "SRS"},
	};
	int rc;

	rng_state = 2014;
	for (int e = 0; e < DEMO_EPISODES; e++) {
		const int p = e % 7;
		struct episode_row ep = {0};
		char code[32], pseudo[32], start[11], end[11], pract[32];
		/* starts spread over 2014 to autumn 2017; the later the year, the
		 * better the work goes on average, so the computed goals improve */
		int nsess = 3 + (int)(rnd() % 8), day0 = e * 1370 / DEMO_EPISODES + (int)(rnd() % 9);
		int year = 2014 + day0 / 365;
		double intake = (p == 5 ? 20 : 14) + rnd01() * 10, gain = (rnd01() - 0.38 + 0.06 * (year - 2014)) * 20;
		bool open = year == 2017 && day0 % 365 > 200;
		long id;
		int existed;
		struct date d0 = {2014, 1, 1};

		snprintf(code, sizeof code, "DEMO-%03d", e + 1);
		snprintf(pseudo, sizeof pseudo, "syntetisk-%04d", e + 1);
		snprintf(pract, sizeof pract, "behandler-%d", p + 1);
		date_format(start, date_from_days(date_to_days(d0) + day0));
		date_format(end, date_from_days(date_to_days(d0) + day0 + 7 * (nsess - 1)));
		ep.code = code;
		ep.pseudonym = pseudo;
		ep.unit = places[p].unit;
		ep.practitioner = pract;
		ep.start_date = start;
		ep.age_band = places[p].band;
		ep.outcome_instrument = places[p].outcome;
		ep.alliance_instrument = places[p].alliance;
		ep.end_date = open ? NULL : end;
		ep.end_reason = open ? NULL : e % 5 == 0 ? "unplanned" : "planned";
		if ((rc = store_episode_put(&id, &existed, s, &ep, batch)) < 0)
			return rc;
		if (existed)
			return 0; /* loaded before: the episodes come as one set */
		res->episodes_added++;
		for (int k = 1; k <= nsess; k++) {
			char date[11];
			double t = (double)(k - 1) / (double)(nsess > 1 ? nsess - 1 : 1);
			double total = intake + gain * (1 - (1 - t) * (1 - t)) + (rnd01() - 0.5) * 2;
			double alliance = 37.5 + rnd01() * 2.4 - (gain < 0 && k > 2 ? 3 : 0);
			struct feedback_form_row f = {0};

			if (total < 0)
				total = 0;
			if (total > 40)
				total = 40;
			date_format(date, date_from_days(date_to_days(d0) + day0 + 7 * (k - 1)));
			f.session = k;
			f.date = date;
			f.rater = "self";
			f.instrument = places[p].outcome;
			f.nitems = 4;
			f.skipped = k > 1 && k < nsess && rnd() % 12 == 0;
			for (int i = 0; i < 4; i++)
				f.items[i] = (int)(total * 10 / 4 + 0.5);
			if ((rc = store_form_put(s, id, &f)) < 0)
				return rc;
			f.instrument = places[p].alliance;
			f.skipped = false;
			for (int i = 0; i < 4; i++)
				f.items[i] = (int)(alliance * 10 / 4 + 0.5);
			if ((rc = store_form_put(s, id, &f)) < 0)
				return rc;
			res->forms_added += 2;
		}
	}
	return 0;
}

int demo_strategy(struct buf *out, struct arena *a, const char *name, const char *data, size_t len, struct diag *d)
{
	static struct goal_version v5b = {
		.date = "2014-01-01",
		.decision = "demo",
		.title = "Flere borgere i behandlingsforløb oplever en pålidelig forbedring (syntetisk demo-mål)",
		.title_en = "More citizens in treatment see a reliable improvement (synthetic demo goal)",
		.definition = "Andelen af forløb afsluttet i året med mindst to målinger (ORS eller CORS), hvor borgerens "
			      "egen score er steget mindst den pålidelige ændring. Beregnes af pejl fra borgernes feedback.",
		.source = "Borgernes feedback (FIT), beregnet af pejl",
		.metric = "*:reliable_improvement",
		.display_unit = "%",
		.measure = MEASURE_PROPORTION,
		.decimals = 1,
		.direction = DIRECTION_UP,
		.sampling = SAMPLING_CENSUS,
		.cadence = CADENCE_YEARLY,
		.target_kind = TARGET_LEVEL,
		.target_value = 50,
		.target_period = "2017",
	};
	static struct goal_version v9c = {
		.date = "2014-01-01",
		.decision = "demo",
		.title = "Flere borgere oplever et godt samarbejde i deres forløb (syntetisk demo-mål)",
		.title_en = "More citizens find the work together good (synthetic demo goal)",
		.definition = "Andelen af sessioner i året, hvor borgerens egen vurdering af samarbejdet (SRS eller CSRS) "
			      "er mindst 36. Beregnes af pejl fra borgernes feedback.",
		.source = "Borgernes feedback (FIT), beregnet af pejl",
		.metric = "*:alliance_ok",
		.display_unit = "%",
		.measure = MEASURE_PROPORTION,
		.decimals = 1,
		.direction = DIRECTION_UP,
		.sampling = SAMPLING_CENSUS,
		.cadence = CADENCE_YEARLY,
		.target_kind = TARGET_NONE,
	};
	const struct goal goals[] = {
		{.code = "5B", .versions = &v5b, .nversions = 1},
		{.code = "9C", .versions = &v9c, .nversions = 1},
	};
	const int pm[] = {5, 9};
	struct strategy_doc *doc;
	int rc;

	if ((rc = strategy_file_parse(&doc, a, name, data, len, NULL, 0, d)) < 0)
		return rc;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < doc->strategy.npejlemaerker; i++) {
			struct pejlemaerke *p = &doc->strategy.pejlemaerker[i];
			struct goal *g;

			if (p->number != pm[k])
				continue;
			g = arena_calloc(a, p->ngoals + 1, sizeof *g);
			memcpy(g, p->goals, p->ngoals * sizeof *g);
			g[p->ngoals++] = goals[k];
			p->goals = g;
		}
	strategy_file_write(out, doc);
	return buf_error(out);
}

/* --- plans (synthetic) -------------------------------------------------------------------
 *
 * A plan for nearly every demo unit, hanging in a tree under the
 * administration's action plan, with deliberate gaps for the gap report
 * (on 2017-06-01, the day `make demo` pins): commitments 1.8, 2.4, 3.3 and
 * 4.4 and goals 7A and 8B are served by no initiative; BCH-BOT-1B and
 * BCV-MIS have no plan, BBU-ANB-1A only a draft and BCV-SIN-1B one that
 * ran out in 2016; "Fælles madlavning" is linked to nothing; two
 * milestones are overdue. CP-BCV-HJL-1 has an archived version 1 and an
 * approved version 2; MP-BCV-2016 has a draft version 2 in the making. */
static const struct demo_plan {
	const char *code, *type, *title, *unit, *parent;
	int from, to;
	const char *approved_on, *approved_by, *decision; /* NULL: a draft */
	/* a second version: its years, approval (NULL: left a draft), note */
	int v2_from, v2_to;
	const char *v2_approved_on, *v2_approved_by, *v2_decision, *v2_note;
} demo_plans[] = {
	{"HP-SOF-2017", "action", "Handleplan for socialstrategien 2016–2017 (syntetisk)", "SOF", NULL, 2016, 2017,
	 "2016-02-24", "Socialudvalget", "2016-0012345 (syntetisk)"},
	{"MP-BBU-2016", "target_group", "Målgruppeplan for udsatte børn og unge (syntetisk)", "BBU", "HP-SOF-2017", 2016,
	 2018, "2016-04-12", "Socialudvalget", "2016-0023456 (syntetisk)"},
	{"MP-BCH-2016", "target_group", "Målgruppeplan for borgere med handicap (syntetisk)", "BCH", "HP-SOF-2017", 2016,
	 2018, "2016-04-12", "Socialudvalget", "2016-0023457 (syntetisk)"},
	{"MP-BCV-2016", "target_group", "Målgruppeplan for hjemløse og udsatte voksne (syntetisk)", "BCV",
	 "HP-SOF-2017", 2016, 2018, "2016-04-12", "Socialudvalget", "2016-0023458 (syntetisk)", 2016, 2018, NULL, NULL,
	 NULL, "Udslusning fra herberg tilføjes (syntetisk)"},
	{"CP-BBU-FOR", "centre", "Centerplan Forebyggelse og Rådgivning 2017 (syntetisk)", "BBU-FOR", "MP-BBU-2016",
	 2017, 2017, "2017-01-20", "Borgercenterchef, Børn og Unge", "J.nr. 2017-101 (syntetisk)"},
	{"CP-BBU-FOR-1", "centre", "Centerplan Familieråd Nord 2017 (syntetisk)", "BBU-FOR-1", "CP-BBU-FOR", 2017, 2017,
	 "2017-01-27", "Centerchef", "J.nr. 2017-102 (syntetisk)"},
	{"UP-BBU-FOR-1A", "development", "Udviklingsplan Familiehuset Nørrebro 2017 (syntetisk)", "BBU-FOR-1A",
	 "CP-BBU-FOR-1", 2017, 2017, "2017-02-03", "Centerchef", "J.nr. 2017-103 (syntetisk)"},
	{"UP-BBU-FOR-1B", "development", "Udviklingsplan Ungerådgivningen 2017 (syntetisk)", "BBU-FOR-1B",
	 "CP-BBU-FOR-1", 2017, 2017, "2017-02-03", "Centerchef", "J.nr. 2017-104 (syntetisk)"},
	{"CP-BBU-ANB", "centre", "Centerplan Anbringelse 2017 (syntetisk)", "BBU-ANB", "MP-BBU-2016", 2017, 2017,
	 "2017-01-20", "Borgercenterchef, Børn og Unge", "J.nr. 2017-105 (syntetisk)"},
	{"CP-BBU-ANB-1", "centre", "Centerplan Døgntilbud 2017 (syntetisk)", "BBU-ANB-1", "CP-BBU-ANB", 2017, 2017,
	 "2017-01-31", "Centerchef", "J.nr. 2017-106 (syntetisk)"},
	{"UP-BBU-ANB-1A", "development", "Udviklingsplan Lærkereden 2017 (syntetisk, kladde)", "BBU-ANB-1A",
	 "CP-BBU-ANB-1", 2017, 2017, NULL, NULL, NULL},
	{"CP-BCH-BOT", "centre", "Centerplan Botilbud 2017 (syntetisk)", "BCH-BOT", "MP-BCH-2016", 2017, 2017,
	 "2017-01-18", "Borgercenterchef, Handicap", "J.nr. 2017-201 (syntetisk)"},
	{"CP-BCH-BOT-1", "centre", "Centerplan Autisme og ADHD 2017 (syntetisk)", "BCH-BOT-1", "CP-BCH-BOT", 2017, 2017,
	 "2017-01-25", "Centerchef", "J.nr. 2017-202 (syntetisk)"},
	{"UP-BCH-BOT-1A", "development", "Udviklingsplan Bofællesskabet Amagerbro 2017 (syntetisk)", "BCH-BOT-1A",
	 "CP-BCH-BOT-1", 2017, 2017, "2017-02-08", "Centerchef", "J.nr. 2017-203 (syntetisk)"},
	{"CP-BCV-HJL", "centre", "Centerplan Hjemløse 2017 (syntetisk)", "BCV-HJL", "MP-BCV-2016", 2017, 2017,
	 "2017-01-19", "Borgercenterchef, Voksne", "J.nr. 2017-301 (syntetisk)"},
	{"CP-BCV-HJL-1", "centre", "Centerplan Udsatte Voksne (syntetisk)", "BCV-HJL-1", "CP-BCV-HJL", 2016, 2016,
	 "2016-01-28", "Centerchef", "J.nr. 2016-302 (syntetisk)", 2017, 2017, "2017-02-01", "Centerchef",
	 "J.nr. 2017-302 (syntetisk)", "Revideret efter evalueringen af 2016 (syntetisk)"},
	{"UP-BCV-HJL-1A", "development", "Udviklingsplan Herberget Vesterbro 2017 (syntetisk)", "BCV-HJL-1A",
	 "CP-BCV-HJL-1", 2017, 2017, "2017-02-10", "Centerchef", "J.nr. 2017-303 (syntetisk)"},
	{"UP-BCV-HJL-1B", "development", "Udviklingsplan Bostøtten Indre By 2017 (syntetisk)", "BCV-HJL-1B",
	 "CP-BCV-HJL-1", 2017, 2017, "2017-02-10", "Centerchef", "J.nr. 2017-304 (syntetisk)"},
	{"CP-BCV-MIS-1", "centre", "Centerplan Misbrugsbehandling 2017 (syntetisk)", "BCV-MIS-1", "MP-BCV-2016", 2017,
	 2017, "2017-01-26", "Centerchef", "J.nr. 2017-305 (syntetisk)"},
	{"UP-BCV-MIS-1A", "development", "Udviklingsplan Ambulant Behandling Nordvest 2017 (syntetisk)", "BCV-MIS-1A",
	 "CP-BCV-MIS-1", 2017, 2017, "2017-02-14", "Centerchef", "J.nr. 2017-306 (syntetisk)"},
	{"CP-BCV-SIN", "centre", "Centerplan Sindslidelse 2017 (syntetisk)", "BCV-SIN", "MP-BCV-2016", 2017, 2017,
	 "2017-01-19", "Borgercenterchef, Voksne", "J.nr. 2017-307 (syntetisk)"},
	{"CP-BCV-SIN-1", "centre", "Centerplan Socialpsykiatri 2017 (syntetisk)", "BCV-SIN-1", "CP-BCV-SIN", 2017, 2017,
	 "2017-01-30", "Centerchef", "J.nr. 2017-308 (syntetisk)"},
	{"UP-BCV-SIN-1A", "development", "Udviklingsplan Botilbuddet Sundholm 2017 (syntetisk)", "BCV-SIN-1A",
	 "CP-BCV-SIN-1", 2017, 2017, "2017-02-15", "Centerchef", "J.nr. 2017-309 (syntetisk)"},
	{"UP-BCV-SIN-1B", "development", "Udviklingsplan Værestedet Østerbro 2015–2016 (syntetisk)", "BCV-SIN-1B",
	 "CP-BCV-SIN-1", 2015, 2016, "2015-03-01", "Centerchef", "J.nr. 2015-310 (syntetisk)"},
};

/* in: 0 every version, 1 only version 1, 2 only from version 2 */
static const struct demo_initiative {
	const char *plan, *title, *owner, *start, *end, *status, *status_v2, *links, *partners, *milestones;
	int in;
} demo_initiatives[] = {
	{"HP-SOF-2017", "Én indgang til forvaltningen (syntetisk)", "Direktionen", "2016-03-01", "2017-12-31", "active",
	 NULL, "goal:9A commitment:1.4 commitment:1.5 commitment:1.7 principle:1",
	 "administration | Beskæftigelses- og Integrationsforvaltningen (syntetisk)",
	 "2016-09-01 | Fælles visitation i drift | 2016-08-25\n2017-09-30 | Evaluering forelagt udvalget"},
	/* the user panels also bring the citizens' own feedback (FIT) into the
	 * work, so they serve the demo's computed goals 5B and 9C */
	{"HP-SOF-2017", "Brugerpaneler i alle borgercentre (syntetisk)", "Kvalitetschef", "2016-01-01", "2017-12-31",
	 "active", NULL, "goal:9B goal:5B goal:9C commitment:1.3 commitment:4.1 principle:4", "ngo | Brugerforeningen (syntetisk)",
	 "2017-01-31 | Første møde i brugerpanelerne | 2017-01-26"},
	{"MP-BBU-2016", "Tidlig opsporing i skoler og dagtilbud (syntetisk)", "Borgercenterchef, Børn og Unge",
	 "2016-08-01", "2018-06-30", "active", NULL,
	 "pejlemaerke:2 goal:2A goal:2B commitment:2.1 commitment:2.2",
	 "administration | Børne- og Ungdomsforvaltningen (syntetisk)", "2017-08-31 | Opsporingsmodel i alle distrikter"},
	{"MP-BBU-2016", "Kriminalpræventiv indsats for unge (syntetisk)", "Borgercenterchef, Børn og Unge", "2016-01-01",
	 "2018-12-31", "active", NULL, "pejlemaerke:3 goal:3A commitment:1.1",
	 "ngo | Foreningen Nattevagten (syntetisk)\nvolunteer | Frivillige mentorer (syntetisk)", NULL},
	{"MP-BCH-2016", "Fra botilbud til egen bolig (syntetisk)", "Borgercenterchef, Handicap", "2016-05-01",
	 "2018-12-31", "active", NULL, "goal:5A commitment:1.9 commitment:3.2", NULL,
	 "2017-10-01 | 20 borgere flyttet i egen bolig"},
	{"MP-BCH-2016", "Job med støtte (syntetisk)", "Borgercenterchef, Handicap", "2016-09-01", "2018-12-31", "active",
	 NULL, "pejlemaerke:4 goal:4A commitment:3.4 commitment:4.3",
	 "business | Lokale virksomheder i Valby (syntetisk)", NULL},
	{"MP-BCV-2016", "Housing First for unge hjemløse (syntetisk)", "Borgercenterchef, Voksne", "2016-06-01",
	 "2018-12-31", "active", NULL, "pejlemaerke:1 goal:1D goal:1E commitment:3.2 commitment:4.2",
	 "ngo | Foreningen Tag over Hovedet (syntetisk)",
	 "2016-12-01 | 25 unge i egen bolig | 2016-11-28\n2017-03-31 | Midtvejsevaluering\n2018-06-30 | Slutevaluering"},
	{"MP-BCV-2016", "Boligsocial anvisning med støtte (syntetisk)", "Borgercenterchef, Voksne", "2016-04-01", NULL,
	 "active", NULL, "goal:1A goal:1B commitment:1.10", "administration | Økonomiforvaltningen (syntetisk)", NULL},
	{"MP-BCV-2016", "Udslusning fra herberg (syntetisk)", "Borgercenterchef, Voksne", "2017-09-01", "2018-12-31",
	 "planned", NULL, "goal:1C", NULL, NULL, 2},
	{"CP-BBU-FOR", "Familierådslagning som standard (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:2A commitment:3.5", NULL, NULL},
	{"CP-BBU-FOR-1", "Rådgivning i lokalområdet (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:2B commitment:2.3", NULL, NULL},
	{"UP-BBU-FOR-1A", "Forældrekursus (syntetisk)", "Leder af Familiehuset", "2017-02-01", "2017-11-30", "active",
	 NULL, "goal:2A commitment:3.1", "volunteer | Forældrenetværket (syntetisk)",
	 "2017-03-01 | Første hold startet | 2017-03-01\n2017-05-01 | Kursus evalueret"},
	{"UP-BBU-FOR-1B", "Anonym ungerådgivning (syntetisk)", "Leder af Ungerådgivningen", "2017-01-01", "2017-12-31",
	 "active", NULL, "goal:3A commitment:2.3", NULL, NULL},
	{"CP-BBU-ANB", "Trygge overgange ved hjemgivelse (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:2A commitment:1.1 commitment:1.6", NULL, NULL},
	{"CP-BBU-ANB-1", "Netværksanbringelser (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active", NULL,
	 "goal:2B commitment:3.6", NULL, NULL},
	{"UP-BBU-ANB-1A", "Skolegang for anbragte børn (syntetisk)", "Forstander", "2017-08-01", "2017-12-31", "planned",
	 NULL, "goal:2A commitment:3.4", "administration | Børne- og Ungdomsforvaltningen (syntetisk)", NULL},
	{"CP-BCH-BOT", "Sundhedsindsats i botilbud (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active", NULL,
	 "goal:8A commitment:2.5", NULL, NULL},
	{"CP-BCH-BOT-1", "Specialiseret støtte ved autisme (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31",
	 "active", NULL, "goal:5A commitment:3.1", NULL, NULL},
	{"UP-BCH-BOT-1A", "Fælles madlavning (syntetisk)", "Leder af bofællesskabet", "2017-03-01", "2017-12-31",
	 "active", NULL, "", "volunteer | Madklubben (syntetisk)", NULL},
	{"UP-BCH-BOT-1A", "Selvstændig bolig med bostøtte (syntetisk)", "Leder af bofællesskabet", "2017-01-01",
	 "2017-12-31", "active", NULL, "goal:5A commitment:3.2", NULL, "2017-11-30 | Tre beboere klar til egen bolig"},
	{"CP-BCV-HJL", "Opsøgende gadeteam (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active", NULL,
	 "goal:1D commitment:2.2", "ngo | Gadeholdet (syntetisk)", NULL},
	{"CP-BCV-HJL-1", "Herbergsplads til alle (syntetisk)", "Centerchef", "2016-01-01", "2016-12-31", "active", "done",
	 "goal:1D", NULL, NULL},
	{"CP-BCV-HJL-1", "Bostøtte efter udflytning (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:1C commitment:3.2", NULL, "2017-04-30 | Bostøtteteam etableret | 2017-04-20", 2},
	{"UP-BCV-HJL-1A", "Samtaler med feedback (FIT) (syntetisk)", "Forstander", "2017-01-01", "2017-12-31", "active",
	 NULL, "principle:1 goal:9B commitment:1.3", NULL,
	 "2017-02-28 | Alle medarbejdere uddannet | 2017-02-20\n2017-10-31 | Første opfølgning på resultaterne"},
	{"UP-BCV-HJL-1B", "Bostøtte med netværk (syntetisk)", "Leder af bostøtten", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:1C commitment:3.6", "volunteer | Besøgsvenner (syntetisk)", NULL},
	{"CP-BCV-MIS-1", "Hurtig adgang til behandling (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:6A commitment:2.2", NULL, NULL},
	{"UP-BCV-MIS-1A", "Ambulant behandling om aftenen (syntetisk)", "Afdelingsleder", "2017-02-01", "2017-12-31",
	 "active", NULL, "goal:6A commitment:1.2", NULL, NULL},
	{"UP-BCV-MIS-1A", "Gruppeforløb for pårørende (syntetisk)", "Afdelingsleder", "2017-01-01", "2017-06-30",
	 "stopped", NULL, "commitment:3.5", NULL, "2017-04-01 | Første gruppe"},
	{"CP-BCV-SIN", "Recovery-orienteret praksis (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:8A commitment:1.2 commitment:3.7", NULL, NULL},
	{"CP-BCV-SIN-1", "Medarbejdere med brugerbaggrund (syntetisk)", "Centerchef", "2017-01-01", "2017-12-31",
	 "active", NULL, "goal:4A commitment:3.7", NULL, NULL},
	{"UP-BCV-SIN-1A", "Fra botilbud til eget hjem (syntetisk)", "Forstander", "2017-01-01", "2017-12-31", "active",
	 NULL, "goal:5A commitment:1.9", NULL, NULL},
	{"UP-BCV-SIN-1B", "Åbent værested i weekenden (syntetisk)", "Leder af værestedet", "2015-03-01", "2016-12-31",
	 "done", NULL, "goal:8A commitment:4.2", "ngo | Foreningen Et Åbent Sted (syntetisk)", NULL},
};

/* "goal:1A commitment:3.2 …" into links. */
static size_t demo_links(struct plan_link **out, const char *spec, struct arena *a)
{
	char *copy = arena_strdup(a, spec), *save = NULL, *tok;
	struct plan_link *v = arena_calloc(a, strlen(spec) / 2 + 1, sizeof *v);
	size_t n = 0;

	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(tok, ':');

		if (!colon)
			continue;
		*colon = '\0';
		link_kind_parse(&v[n].kind, tok);
		v[n++].ref = colon + 1;
	}
	*out = v;
	return n;
}

/* Version v (1 or 2) of a demo plan, with its initiatives. */
static int demo_plan_build(struct plan *p, const struct demo_plan *dp, int v, struct arena *a, struct diag *d)
{
	size_t n = 0;

	memset(p, 0, sizeof *p);
	p->code = dp->code;
	p->strategy = "kk-2014";
	plan_type_parse(&p->type, dp->type);
	p->title = dp->title;
	p->description = "Syntetiske demodata: planen findes ikke i virkeligheden.";
	p->unit = dp->unit;
	p->parent = dp->parent;
	p->year_from = v == 2 ? dp->v2_from : dp->from;
	p->year_to = v == 2 ? dp->v2_to : dp->to;
	p->note = v == 2 ? dp->v2_note : "Første version (syntetisk)";
	p->created_by = "demo";
	p->initiatives = arena_calloc(a, sizeof demo_initiatives / sizeof demo_initiatives[0], sizeof *p->initiatives);
	for (size_t i = 0; i < sizeof demo_initiatives / sizeof demo_initiatives[0]; i++) {
		const struct demo_initiative *di = &demo_initiatives[i];
		struct initiative *in = &p->initiatives[n];

		if (strcmp(di->plan, dp->code) != 0 || (di->in && di->in != v))
			continue;
		in->title = di->title;
		in->description = "Syntetisk demodata.";
		in->owner = di->owner;
		in->start = di->start;
		in->end = di->end;
		initiative_status_parse(&in->status, v == 2 && di->status_v2 ? di->status_v2 : di->status);
		in->nlinks = demo_links(&in->links, di->links, a);
		plan_parse_partners(&in->partners, &in->npartners, di->partners, di->title, a, d);
		plan_parse_milestones(&in->milestones, &in->nmilestones, di->milestones, di->title, a, d);
		n++;
	}
	p->ninitiatives = n;
	return diag_errors(d) ? err_set(PEJL_EIO, "the demo plan %s is not valid: %s: %s", dp->code, d->items[0].where,
					d->items[0].msg)
			      : 0;
}

/* Synthetic commentary for a few goals, shown with them and in the red
 * thread. */
static const struct {
	const char *goal, *period, *analysis, *next_steps;
} demo_commentary[] = {
	{"1D", "2017",
	 "Tællingen viser flere hjemløse end i 2015, især blandt unge (syntetisk kommentar).",
	 "Housing First for unge udvides, og det opsøgende gadeteam er i drift hele året (syntetisk)."},
	{"6A", "2017", "Andelen, der stopper eller reducerer misbruget, falder svagt (syntetisk kommentar).",
	 "Aftenåbent ambulant tilbud evalueres i efteråret (syntetisk)."},
	{"7A", "2017",
	 "Ingen initiativer i planerne tjener målet endnu; det er et hul i den røde tråd (syntetisk kommentar).",
	 "En indsats for familier med lav indkomst forberedes med Beskæftigelses- og Integrationsforvaltningen "
	 "(syntetisk)."},
};

static int load_commentary(struct store *s, const struct strategy_doc *doc)
{
	int rc;

	for (size_t k = 0; k < sizeof demo_commentary / sizeof demo_commentary[0]; k++)
		for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
			for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++) {
				const struct goal *g = &doc->strategy.pejlemaerker[i].goals[j];

				if (strcmp(g->code, demo_commentary[k].goal) == 0 &&
				    (rc = store_commentary_add(s, g->id, demo_commentary[k].period, demo_commentary[k].analysis,
							       demo_commentary[k].next_steps, "demo (syntetisk)")) < 0)
					return rc;
			}
	return 0;
}

/* Adds the demo plans and commentary unless the plans are there (then
 * nothing). */
static int load_plans(struct demo_result *res, struct store *s, const struct strategy_doc *doc)
{
	struct arena *a = arena_new();
	struct plan *have;
	struct diag d;
	int rc = 0, version;

	diag_init(&d);
	if (store_plan_get(&have, s, a, demo_plans[0].code, 0) == 0)
		goto out;
	for (size_t i = 0; i < sizeof demo_plans / sizeof demo_plans[0]; i++) {
		const struct demo_plan *dp = &demo_plans[i];
		struct plan p;
		long id;

		if ((rc = demo_plan_build(&p, dp, 1, a, &d)) < 0)
			goto out;
		/* the units are the demo's own, put in this transaction */
		if (plan_validate(&p, &doc->strategy, NULL, 0, arena_printf(a, "%s: ", dp->code), &d)) {
			rc = err_set(PEJL_EIO, "the demo plan %s is not valid: %s: %s", dp->code, d.items[0].where,
				     d.items[0].msg);
			goto out;
		}
		if ((rc = store_plan_create(&id, s, &p)) < 0)
			goto out;
		res->plans_added++;
		if (dp->approved_on &&
		    (rc = store_plan_approve(&version, s, dp->code, dp->approved_on, dp->approved_by, dp->decision)) < 0)
			goto out;
		if (!dp->v2_from)
			continue;
		/* a change: a new version, its content, maybe approved */
		if ((rc = store_plan_new_version(&version, s, dp->code, dp->v2_note, "demo")) < 0 ||
		    (rc = demo_plan_build(&p, dp, 2, a, &d)) < 0)
			goto out;
		{
			struct plan *draft;

			/* keep the initiatives carried over (by title) so their ids stay */
			if ((rc = store_plan_get(&draft, s, a, dp->code, version)) < 0)
				goto out;
			for (size_t k = 0; k < p.ninitiatives; k++)
				for (size_t j = 0; j < draft->ninitiatives; j++)
					if (strcmp(draft->initiatives[j].title, p.initiatives[k].title) == 0)
						p.initiatives[k].id = draft->initiatives[j].id;
		}
		if ((rc = store_plan_replace_draft(s, &p)) < 0)
			goto out;
		if (dp->v2_approved_on && (rc = store_plan_approve(&version, s, dp->code, dp->v2_approved_on,
								   dp->v2_approved_by, dp->v2_decision)) < 0)
			goto out;
	}
	rc = load_commentary(s, doc);
out:
	diag_free(&d);
	arena_free(a);
	return rc;
}

int demo_load(struct demo_result *res, struct store *s, const char *actor)
{
	struct arena *a = arena_new();
	struct strategy_doc *doc = NULL;
	long batch = 0;
	int rc;

	memset(res, 0, sizeof *res);
	rc = store_strategy_load(&doc, s, a, "kk-2014");
	if (rc < 0 && rc != PEJL_ENOTFOUND)
		goto done;
	if ((rc = store_begin(s)) < 0)
		goto done;
	for (size_t i = 0; i < sizeof demo_units / sizeof demo_units[0]; i++) {
		struct unit u = {0};

		u.code = demo_units[i].code;
		u.name = demo_units[i].name;
		u.parent = demo_units[i].parent;
		u.valid_from = "2010-01-01";
		unit_kind_parse(&u.kind, demo_units[i].kind);
		if ((rc = store_unit_put(s, &u)) < 0)
			goto out;
		res->units_added += rc == 0;
	}
	if (doc) {
		if ((rc = store_batch_add(&batch, s, actor, "demo", "demo (syntetisk)", NULL)) < 0)
			goto out;
		for (size_t d = 0; d < sizeof designs / sizeof designs[0]; d++)
			for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
				for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++) {
					const struct goal *g = &doc->strategy.pejlemaerker[i].goals[j];

					if (strcmp(g->code, designs[d].goal) == 0 &&
					    (rc = load_design(res, s, batch, &designs[d], g)) < 0)
						goto out;
				}
		if ((rc = load_episodes(res, s, batch)) < 0 || (rc = load_plans(res, s, doc)) < 0)
			goto out;
		{
			struct instrument_set set;
			struct fbcompute_result cr;
			struct diag d;

			diag_init(&d);
			rc = instrument_builtin(&set, a, &d);
			diag_free(&d);
			if (rc < 0 || (rc = feedback_compute_units(&cr, s, a, &set, NULL, batch)) < 0)
				goto out;
			res->observations_added += cr.changed;
		}
		if ((rc = store_batch_finish(s, batch, (long)res->observations_added, (long)res->observations_added,
					     0)) < 0)
			goto out;
	}
	if ((res->units_added || res->observations_added || res->plans_added) &&
	    (rc = store_audit(s, actor, "demo.load", "kk-2014", "synthetic demo units, measurements and plans")) < 0)
		goto out;
	rc = store_commit(s);
	goto done;
out:
	store_rollback(s);
done:
	arena_free(a);
	return rc;
}
