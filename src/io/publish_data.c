/*
 * publish_data.c — the edition's open data (data/):
 *   status.csv, status-da.csv, status.json          one row per goal
 *   maalinger.csv, maalinger-da.csv, maalinger.json  every goal × period ×
 *        unit × group of the breakdowns, totals included
 *   katalog.jsonld                                  DCAT-AP-DK catalogue
 * CSV comes in the international dialect (comma, decimal point, no BOM)
 * and for Danish Excel (semicolon, decimal comma, UTF-8 BOM), both through
 * io/csvw (formula-like text neutralised). Numbers are written in the
 * shortest form that reads back to the same double. A withheld figure has
 * suppressed = 1 and its number fields empty (null in JSON). Columns are
 * listed in docs/publish.md.
 */
#include "io/publish_impl.h"

#include "io/csvw.h"
#include "io/jsonw.h"
#include "io/style.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

void publish_css(struct buf *b)
{
	buf_append(b, style_css, style_css_len);
	buf_append(b, style_edition_css, style_edition_css_len);
}

/* One writer over both CSV dialects and JSON: the same records, once. */
struct rec {
	struct csvw c[2];
	struct jsonw j;
	struct buf cb[2], jb;
	const char *const *head;
	size_t col;
};

static void rec_init(struct rec *r, const char *const *head)
{
	memset(r, 0, sizeof *r);
	r->head = head;
	buf_init(&r->cb[0], 0);
	buf_init(&r->cb[1], 0);
	buf_init(&r->jb, 0);
	csvw_init(&r->c[0], &r->cb[0]);
	csvw_init_danish(&r->c[1], &r->cb[1]);
	for (size_t k = 0; head[k]; k++)
		for (int d = 0; d < 2; d++)
			csvw_text(&r->c[d], head[k]);
	for (int d = 0; d < 2; d++)
		csvw_end_row(&r->c[d]);
	jsonw_init(&r->j, &r->jb, true);
	jsonw_arr_begin(&r->j);
}

static void rec_begin(struct rec *r)
{
	r->col = 0;
	jsonw_obj_begin(&r->j);
}

static void rec_end(struct rec *r)
{
	for (int d = 0; d < 2; d++)
		csvw_end_row(&r->c[d]);
	jsonw_obj_end(&r->j);
}

static const char *key(struct rec *r)
{
	return r->head[r->col++];
}

static void f_text(struct rec *r, const char *s)
{
	for (int d = 0; d < 2; d++)
		csvw_text(&r->c[d], s);
	jsonw_kstr(&r->j, key(r), s);
}

static void f_num(struct rec *r, bool has, double v)
{
	const char *k = key(r);

	for (int d = 0; d < 2; d++)
		if (has)
			csvw_num(&r->c[d], v, -1);
		else
			csvw_text(&r->c[d], NULL);
	jsonw_key(&r->j, k);
	if (has)
		jsonw_num(&r->j, v);
	else
		jsonw_null(&r->j);
}

static void f_int(struct rec *r, long long v)
{
	for (int d = 0; d < 2; d++)
		csvw_int(&r->c[d], v);
	jsonw_kint(&r->j, key(r), v);
}

static void f_bool(struct rec *r, bool v)
{
	for (int d = 0; d < 2; d++)
		csvw_int(&r->c[d], v);
	jsonw_kbool(&r->j, key(r), v);
}

static int rec_finish(struct rec *r, struct edition *e, const char *base)
{
	char name[64];
	int rc;

	jsonw_arr_end(&r->j);
	snprintf(name, sizeof name, "data/%s.csv", base);
	if ((rc = edition_put(e, name, &r->cb[0])) < 0)
		goto out;
	snprintf(name, sizeof name, "data/%s-da.csv", base);
	if ((rc = edition_put(e, name, &r->cb[1])) < 0)
		goto out;
	snprintf(name, sizeof name, "data/%s.json", base);
	rc = edition_put(e, name, &r->jb);
out:
	buf_free(&r->cb[0]);
	buf_free(&r->cb[1]);
	buf_free(&r->jb);
	return rc;
}

static const char *per(char *out, struct period p)
{
	period_format(out, 16, p);
	return out;
}

static int status_data(struct edition *e)
{
	static const char *const head[] = {
		"pejlemaerke", "pejlemaerke_verdict", "goal", "main", "title", "title_en", "measure", "display_unit",
		"decimals", "direction", "period", "value", "value_period", "state", "baseline_period", "baseline_value",
		"target_kind", "target_period", "target_value", "expected", "progress_pct", "verdict", "trend",
		"explanation_da", "explanation_en", "suppressed", NULL};
	struct rec r;
	char t[16];

	rec_init(&r, head);
	for (size_t i = 0; i < e->rep->npms; i++)
		for (size_t j = 0; j < e->rep->pms[i].pm->ngoals; j++) {
			const struct pub_goal *g = edition_goal(e, i, j);
			const struct goal_status *gs = g->gs;
			const struct status *st = &gs->st;
			const struct goal_version *v = gs->version;
			bool show = st->has_value && !g->value_hidden;

			rec_begin(&r);
			f_int(&r, g->pm->pm->number);
			f_text(&r, verdict_code(g->pm->roll.verdict));
			f_text(&r, gs->goal->code);
			f_bool(&r, gs->goal->main);
			f_text(&r, v->title);
			f_text(&r, v->title_en);
			f_text(&r, measure_name(v->measure));
			f_text(&r, v->display_unit);
			f_int(&r, v->decimals);
			f_text(&r, direction_name(v->direction));
			f_text(&r, per(t, gs->at));
			f_num(&r, show, st->value);
			f_text(&r, st->has_value ? per(t, st->value_period) : NULL);
			f_text(&r, st->has_value ? obs_state_name(st->state) : NULL);
			f_text(&r, st->has_baseline && !(st->baseline_implicit && g->progress_hidden)
					   ? per(t, st->baseline_period)
					   : NULL);
			f_num(&r, st->has_baseline && !(st->baseline_implicit && g->progress_hidden), st->baseline);
			f_text(&r, st->has_target ? target_kind_name(v->target_kind) : NULL);
			f_text(&r, st->has_target ? per(t, st->target_period) : NULL);
			f_num(&r, st->has_target, st->target);
			f_num(&r, st->has_expected, st->expected);
			f_num(&r, st->has_progress && !g->progress_hidden, st->progress_pct);
			f_text(&r, verdict_code(st->verdict));
			f_text(&r, trend_code(st->trend));
			f_text(&r, pub_explanation(g, LANG_DA));
			f_text(&r, pub_explanation(g, LANG_EN));
			f_bool(&r, g->value_hidden);
			rec_end(&r);
		}
	return rec_finish(&r, e, "status");
}

static int measurement_data(struct edition *e)
{
	static const char *const head[] = {"goal",	 "period",     "unit",	      "unit_name", "unit_kind",
					   "group",	 "group_name", "group_kind", "measure",   "value",
					   "numerator", "denominator", "n",	      "state",	   "suppressed",
					   NULL};
	struct rec r;
	char t[16];

	rec_init(&r, head);
	for (size_t gi = 0; gi < e->ngoals; gi++) {
		const struct pub_goal *g = &e->goals[gi];
		enum measure m = g->gs->version->measure;

		for (size_t k = 0; k < g->ntables; k++) {
			const struct pub_table *tb = &g->tables[k];
			const struct suppress_breakdown *sb = &tb->sb;
			size_t R = sb->rows, C = sb->cols;
			bool root_row = R == 1 && tb->row_codes[0] && strcmp(tb->row_codes[0], e->root_code) == 0;

			for (size_t i = 0; i <= R; i++)
				for (size_t j = 0; j <= C; j++) {
					const struct point *p = &sb->cells[i * (C + 1) + j];
					bool hidden = sb->marks[i * (C + 1) + j] != SUPPRESS_NONE;
					bool row_total = i == R, col_total = j == C;
					bool res_row = sb->residual_row && i == R - 1, res_col = sb->residual_col && j == C - 1;

					/* inconsistent breakdowns: the grand total only */
					if (!sb->consistent && !(row_total && col_total))
						continue;
					/* duplicates of a total: the one "all groups" column,
					 * the organisation as the one row */
					if (!col_total && tb->all_groups_col)
						continue;
					if (!row_total && root_row)
						continue;
					rec_begin(&r);
					f_text(&r, g->gs->goal->code);
					f_text(&r, per(t, tb->period));
					f_text(&r, row_total ? e->root_code : res_row ? NULL : tb->row_codes[i]);
					f_text(&r, row_total ? e->root_name
						   : res_row ? "Øvrige (ikke fordelt på enheder)"
							     : tb->row_names[i]);
					f_text(&r, row_total ? "total" : res_row ? "other" : "unit");
					f_text(&r, col_total ? NULL : tb->col_codes[j]);
					f_text(&r, col_total ? "Alle målgrupper" : tb->col_names_da[j]);
					f_text(&r, col_total ? "total" : res_col ? "none" : "group");
					f_text(&r, measure_name(m));
					f_num(&r, !hidden && p->has_value, p->value);
					f_num(&r, !hidden && (m == MEASURE_PROPORTION || m == MEASURE_RATE), p->num);
					f_num(&r, !hidden && (m == MEASURE_PROPORTION || m == MEASURE_RATE), p->den);
					f_num(&r, !hidden && m == MEASURE_MEAN, p->n);
					f_text(&r, obs_state_name(p->state));
					f_bool(&r, hidden);
					rec_end(&r);
				}
		}
	}
	return rec_finish(&r, e, "maalinger");
}

/* DCAT-AP-DK (Digitaliseringsstyrelsen's profile of DCAT-AP) as JSON-LD:
 * the catalogue, its two datasets and their distributions. URLs are
 * relative to the catalogue, so the edition can be served anywhere. */
static void distribution(struct jsonw *w, const char *file, const char *title, const char *media, const char *format)
{
	jsonw_obj_begin(w);
	jsonw_kstr(w, "@type", "dcat:Distribution");
	jsonw_kstr(w, "dct:title", title);
	jsonw_kstr(w, "dcat:accessURL", file);
	jsonw_kstr(w, "dcat:downloadURL", file);
	jsonw_kstr(w, "dcat:mediaType", media);
	jsonw_kstr(w, "dct:format", format);
	jsonw_kstr(w, "dct:license", "http://creativecommons.org/licenses/by/4.0/");
	jsonw_obj_end(w);
}

static void lang_text(struct jsonw *w, const char *key, const char *da, const char *en)
{
	jsonw_key(w, key);
	jsonw_arr_begin(w);
	jsonw_obj_begin(w);
	jsonw_kstr(w, "@language", "da");
	jsonw_kstr(w, "@value", da);
	jsonw_obj_end(w);
	jsonw_obj_begin(w);
	jsonw_kstr(w, "@language", "en");
	jsonw_kstr(w, "@value", en);
	jsonw_obj_end(w);
	jsonw_arr_end(w);
}

static void dataset(struct jsonw *w, const struct edition *e, const char *base, const char *title_da,
		    const char *title_en, const char *desc_da, const char *desc_en)
{
	char f[64], p[40];

	jsonw_obj_begin(w);
	jsonw_kstr(w, "@type", "dcat:Dataset");
	snprintf(f, sizeof f, "#%s", base);
	jsonw_kstr(w, "@id", f);
	snprintf(f, sizeof f, "%s-%s-%s", e->rep->doc->strategy.code, e->name, base);
	jsonw_kstr(w, "dct:identifier", f);
	lang_text(w, "dct:title", title_da, title_en);
	lang_text(w, "dct:description", desc_da, desc_en);
	jsonw_key(w, "dcat:keyword");
	jsonw_arr_begin(w);
	jsonw_str(w, "pejlemærker");
	jsonw_str(w, "socialstrategi");
	jsonw_str(w, "status");
	jsonw_arr_end(w);
	jsonw_kstr(w, "dcat:theme", "http://publications.europa.eu/resource/authority/data-theme/SOCI");
	jsonw_kstr(w, "dct:language", "http://publications.europa.eu/resource/authority/language/DAN");
	jsonw_kstr(w, "dct:accessRights", "http://publications.europa.eu/resource/authority/access-right/PUBLIC");
	jsonw_kstr(w, "dct:spatial", "https://dawa.aws.dk/kommuner/0101");
	jsonw_key(w, "dct:temporal");
	jsonw_obj_begin(w);
	jsonw_kstr(w, "@type", "dct:PeriodOfTime");
	snprintf(p, sizeof p, "%d-01-01", e->rep->doc->strategy.valid_from - 1);
	jsonw_kstr(w, "dcat:startDate", p);
	jsonw_kstr(w, "dcat:endDate", NULL);
	jsonw_obj_end(w);
	jsonw_kstr(w, "dct:publisher", "#publisher");
	jsonw_kstr(w, "dcat:contactPoint", "#contact");
	if (e->o->date)
		jsonw_kstr(w, "dct:issued", e->o->date);
	jsonw_kstr(w, "dct:accrualPeriodicity", "http://publications.europa.eu/resource/authority/frequency/ANNUAL");
	jsonw_key(w, "dcat:distribution");
	jsonw_arr_begin(w);
	snprintf(f, sizeof f, "%s.csv", base);
	distribution(w, f, "CSV (komma, decimalpunktum)", "text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV");
	snprintf(f, sizeof f, "%s-da.csv", base);
	distribution(w, f, "CSV til dansk Excel (semikolon, decimalkomma, BOM)", "text/csv",
		     "http://publications.europa.eu/resource/authority/file-type/CSV");
	snprintf(f, sizeof f, "%s.json", base);
	distribution(w, f, "JSON", "application/json", "http://publications.europa.eu/resource/authority/file-type/JSON");
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static int catalogue(struct edition *e)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	char title_da[256], title_en[256];
	int rc;

	jsonw_init(&w, &b, true);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "@context");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "dcat", "http://www.w3.org/ns/dcat#");
	jsonw_kstr(&w, "dct", "http://purl.org/dc/terms/");
	jsonw_kstr(&w, "foaf", "http://xmlns.com/foaf/0.1/");
	jsonw_kstr(&w, "vcard", "http://www.w3.org/2006/vcard/ns#");
	jsonw_obj_end(&w);
	jsonw_kstr(&w, "@type", "dcat:Catalog");
	jsonw_kstr(&w, "@id", "#catalog");
	snprintf(title_da, sizeof title_da, "%s — status %s", e->rep->doc->strategy.name, e->rep->period);
	snprintf(title_en, sizeof title_en, "%s — status %s",
		 e->rep->doc->strategy.name_en ? e->rep->doc->strategy.name_en : e->rep->doc->strategy.name, e->rep->period);
	lang_text(&w, "dct:title", title_da, title_en);
	lang_text(&w, "dct:description",
		  "Åbne data fra den årlige statusudgave: pejlemærker, delmål, vurderinger og målinger. Tal, der "
		  "bygger på færre end 5 personer, er skjult.",
		  "Open data of the yearly status edition: pejlemærker, goals, verdicts and measurements. Figures "
		  "that rest on fewer than 5 persons are withheld.");
	jsonw_kstr(&w, "dct:language", "http://publications.europa.eu/resource/authority/language/DAN");
	jsonw_kstr(&w, "dct:license", "http://creativecommons.org/licenses/by/4.0/");
	jsonw_key(&w, "dct:publisher");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "@id", "#publisher");
	jsonw_kstr(&w, "@type", "foaf:Organization");
	jsonw_kstr(&w, "foaf:name", e->root_name);
	jsonw_obj_end(&w);
	jsonw_key(&w, "dcat:contactPoint");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "@id", "#contact");
	jsonw_kstr(&w, "@type", "vcard:Organization");
	jsonw_kstr(&w, "vcard:fn", e->root_name);
	jsonw_obj_end(&w);
	if (e->o->date)
		jsonw_kstr(&w, "dct:issued", e->o->date);
	jsonw_key(&w, "dcat:dataset");
	jsonw_arr_begin(&w);
	dataset(&w, e, "status", "Status for pejlemærker og delmål", "Status of pejlemærker and goals",
		"Ét delmål pr. række: vurdering, udvikling, værdi, basis, mål, fremdrift og en forklaring på dansk "
		"og engelsk.",
		"One goal per row: verdict, trend, value, baseline, target, progress and an explanation in Danish "
		"and English.");
	dataset(&w, e, "maalinger", "Målinger fordelt på enheder og målgrupper", "Measurements by unit and target group",
		"Hvert delmål pr. periode for hele organisationen, borgercentrene og målgrupperne, med totaler og "
		"tællere og nævnere, hvor måletypen har dem.",
		"Every goal per period for the whole organisation, the citizen centres and the target groups, with "
		"totals, and numerators and denominators where the measure has them.");
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	rc = edition_put(e, "data/katalog.jsonld", &b);
	buf_free(&b);
	return rc;
}

int publish_data(struct edition *e)
{
	int rc;

	if ((rc = status_data(e)) < 0 || (rc = measurement_data(e)) < 0 || (rc = catalogue(e)) < 0)
		return rc;
	return 0;
}
