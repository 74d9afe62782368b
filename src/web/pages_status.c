/*
 * pages_status.c — the status pages: the overview of all pejlemærker, a
 * pejlemærke with its goals and charts, and a goal with its chart, data,
 * definition, version history and commentary.
 */
#include "web/pages_impl.h"

#include "core/orgtree.h"
#include "io/chart.h"
#include "io/htmlw.h"
#include "io/strategy_file.h"
#include "util/date.h"
#include "util/err.h"
#include "web/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- status pages -------------------------------------------------------------------- */

const char *arrow(enum trend t)
{
	static const char *const a[] = {"", "↑", "↓", "→"};

	return a[t];
}

const char *trend_text(struct http_req *r, enum trend t)
{
	switch (t) {
	case TREND_BETTER: return tr(r, "bedre end sidst", "better than last time");
	case TREND_WORSE: return tr(r, "dårligere end sidst", "worse than last time");
	case TREND_SAME: return tr(r, "som sidst", "same as last time");
	case TREND_NONE: break;
	}
	return tr(r, "ingen tidligere måling", "no earlier measurement");
}

void verdict_badge(struct http_req *r, struct buf *b, enum verdict v, enum trend t)
{
	html_f(b, "<span class=\"verdict v-%s\">%s</span>", verdict_code(v), verdict_label(v, r->lang));
	if (t != TREND_NONE)
		html_f(b, " <span class=\"trend\"><span aria-hidden=\"true\">%s</span><span class=\"sr\">%s</span></span>",
		       arrow(t), trend_text(r, t));
}

const char *goal_title(struct http_req *r, const struct goal_version *v)
{
	return r->lang == LANG_EN && v->title_en ? v->title_en : v->title;
}

const char *pm_title(struct http_req *r, const struct pejlemaerke *pm)
{
	return r->lang == LANG_EN && pm->title_en ? pm->title_en : pm->title;
}

void fill_chart(struct chart_input *ci, struct http_req *r, const struct goal_status *gs, const char *id)
{
	memset(ci, 0, sizeof *ci);
	ci->goal = gs->version;
	ci->series = gs->series;
	ci->n = gs->nseries;
	ci->has_baseline = gs->st.has_baseline && !gs->st.baseline_implicit;
	ci->baseline_period = gs->st.baseline_period;
	ci->baseline = gs->st.baseline;
	ci->has_target = gs->st.has_target;
	ci->target_period = gs->st.target_period;
	ci->target = gs->st.target;
	ci->target_kind = gs->version->target_kind;
	ci->lang = r->lang;
	ci->title = goal_title(r, gs->version);
	ci->id = id;
}

void value_text(char *out, size_t n, struct http_req *r, const struct goal_status *gs)
{
	char num[48], p[16];

	if (!gs->st.has_value) {
		snprintf(out, n, "–");
		return;
	}
	numfmt(num, sizeof num, gs->st.value, gs->version->decimals, r->lang);
	period_format(p, sizeof p, gs->st.value_period);
	snprintf(out, n, "%s%s (%s)", num,
		 gs->version->display_unit && strcmp(gs->version->display_unit, "%") == 0 ? " %" : "", p);
}

void period_picker(struct http_req *r, struct buf *b, const struct status_report *rep)
{
	html_f(b, "<form method=\"get\" class=\"inline\"><label for=\"period\">%s</label> "
		  "<select id=\"period\" name=\"period\">",
	       tr(r, "Periode", "Period"));
	for (int y = rep->doc->strategy.valid_from - 1; y <= rep->doc->strategy.valid_to; y++) {
		char p[8];

		snprintf(p, sizeof p, "%d", y);
		html_f(b, "<option%s>%s</option>", strcmp(p, rep->period) == 0 ? " selected" : "", p);
	}
	html_f(b, "</select> <button type=\"submit\">%s</button></form>\n", tr(r, "Vis", "Show"));
}

int page_overview(struct http_req *r, struct http_res *res)
{
	struct status_report *rep;
	struct buf main = BUF_INIT, *b = &main;
	const char *key = status_cache_key(r, "overview"), *cached;
	size_t len;
	long counter;
	int rc;

	/* The page's main part depends only on the data and the query; the
	 * frame around it carries the user's name and CSRF token. */
	if ((rc = store_change_counter(r->store, &counter)) < 0)
		return rc;
	if (cache_get(&cached, &len, r, key, counter)) {
		page_begin(r, res, tr(r, "Overblik", "Overview"));
		buf_append(&res->body, cached, len);
		page_end(r, res);
		return 0;
	}
	if ((rc = status_for_request(&rep, r)) < 0)
		return rc;
	html_f(b, "<h1>%s</h1>\n<p class=\"lead\">%s %s: <strong>%s</strong>.</p>\n",
	       r->lang == LANG_EN && rep->doc->strategy.name_en ? rep->doc->strategy.name_en : rep->doc->strategy.name,
	       tr(r, "Status", "Status"), rep->period,
	       r->lang == LANG_EN ? rep->summary.headline_en : rep->summary.headline_da);
	period_picker(r, b, rep);
	html_f(b, "<table class=\"status\">\n<caption>%s %s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Pejlemærker, status", "Pejlemærker, status"), rep->period, tr(r, "Pejlemærke", "Pejlemærke"),
	       tr(r, "Vurdering (hovedmål)", "Verdict (main goal)"), tr(r, "Udvikling", "Development"),
	       tr(r, "Delmål", "Goals"));
	for (size_t i = 0; i < rep->npms; i++) {
		const struct pm_status *ps = &rep->pms[i];
		struct chart_input ci;
		struct buf spark = BUF_INIT;
		char id[32];

		if (ps->pm->ngoals == 0)
			continue;
		snprintf(id, sizeof id, "s-%d", ps->pm->number);
		fill_chart(&ci, r, &ps->goals[ps->roll.main_index], id);
		chart_sparkline(&spark, &ci, 120, 32);
		html_f(b, "<tr><th scope=\"row\"><a href=\"/pejlemaerker/%d\">%d. %s</a></th><td>", ps->pm->number,
		       ps->pm->number, pm_title(r, ps->pm));
		verdict_badge(r, b, ps->roll.verdict, ps->roll.trend);
		html_f(b, "</td><td>%r</td><td>", buf_cstr(&spark));
		for (int k = 0; k < VERDICT_COUNT; k++)
			if (ps->roll.counts[k])
				html_f(b, "<span class=\"count v-%s\">%zu %s</span> ", verdict_code((enum verdict)k),
				       ps->roll.counts[k], verdict_label((enum verdict)k, r->lang));
		html_f(b, "</td></tr>\n");
		buf_free(&spark);
	}
	html_f(b, "</tbody>\n</table>\n");
	if ((rc = buf_error(b)) < 0) {
		buf_free(&main);
		return rc;
	}
	cache_put(key, counter, buf_cstr(b), b->len);
	page_begin(r, res, tr(r, "Overblik", "Overview"));
	buf_append(&res->body, buf_cstr(b), b->len);
	page_end(r, res);
	buf_free(&main);
	return 0;
}

void goal_row(struct http_req *r, struct buf *b, const struct goal_status *gs)
{
	char val[64], base[64] = "–", tgt[64] = "–", num[48], p[16];

	value_text(val, sizeof val, r, gs);
	if (gs->st.has_baseline && !gs->st.baseline_implicit) {
		period_format(p, sizeof p, gs->st.baseline_period);
		snprintf(base, sizeof base, "%s (%s)", numfmt(num, sizeof num, gs->st.baseline, gs->version->decimals, r->lang),
			 p);
	}
	if (gs->st.has_target) {
		period_format(p, sizeof p, gs->st.target_period);
		snprintf(tgt, sizeof tgt, "%s (%s)", numfmt(num, sizeof num, gs->st.target, gs->version->decimals, r->lang), p);
	}
	html_f(b, "<tr><th scope=\"row\"><a href=\"/goals/%s\">%s</a>%s</th><td>%s</td><td>", gs->goal->code,
	       gs->goal->code, gs->goal->main ? tr(r, " (hovedmål)", " (main goal)") : "", goal_title(r, gs->version));
	verdict_badge(r, b, gs->st.verdict, gs->st.trend);
	html_f(b, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n<tr class=\"why\"><td colspan=\"6\">%s</td></tr>\n", val,
	       base, tgt, r->lang == LANG_EN ? gs->st.explanation_en : gs->st.explanation_da);
}

int page_pejlemaerke(struct http_req *r, struct http_res *res)
{
	struct status_report *rep;
	struct buf *b = &res->body;
	const struct pm_status *ps = NULL;
	int rc, number = atoi(r->params[0]);

	if ((rc = status_for_request(&rep, r)) < 0)
		return rc;
	for (size_t i = 0; i < rep->npms; i++)
		if (rep->pms[i].pm->number == number)
			ps = &rep->pms[i];
	if (!ps)
		return err_set(PEJL_ENOTFOUND, "no pejlemærke %s", r->params[0]);
	page_begin(r, res, pm_title(r, ps->pm));
	html_f(b, "<p class=\"crumbs\"><a href=\"/\">%s</a> › %s %d</p>\n<h1>%d. %s</h1>\n<p>", tr(r, "Overblik", "Overview"),
	       tr(r, "Pejlemærke", "Pejlemærke"), ps->pm->number, ps->pm->number, pm_title(r, ps->pm));
	verdict_badge(r, b, ps->roll.verdict, ps->roll.trend);
	html_f(b, " — %s %s</p>\n", tr(r, "status", "status"), rep->period);
	period_picker(r, b, rep);
	html_f(b, "<table class=\"goals\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		  "</thead>\n<tbody>\n",
	       tr(r, "Delmål og deres status", "Goals and their status"), tr(r, "Mål", "Goal"), tr(r, "Titel", "Title"),
	       tr(r, "Vurdering", "Verdict"), tr(r, "Værdi", "Value"), tr(r, "Basis", "Baseline"), tr(r, "Mål for", "Target"));
	for (size_t j = 0; j < ps->pm->ngoals; j++)
		goal_row(r, b, &ps->goals[j]);
	html_f(b, "</tbody>\n</table>\n");
	for (size_t j = 0; j < ps->pm->ngoals; j++) {
		struct chart_input ci;
		struct buf svg = BUF_INIT;
		char id[32];

		snprintf(id, sizeof id, "c-%s", ps->goals[j].goal->code);
		fill_chart(&ci, r, &ps->goals[j], id);
		chart_svg(&svg, &ci, 640, 280);
		html_f(b, "<figure class=\"chart\">%r<figcaption><a href=\"/goals/%s\">%s %s</a></figcaption></figure>\n",
		       buf_cstr(&svg), ps->goals[j].goal->code, ps->goals[j].goal->code, goal_title(r, ps->goals[j].version));
		buf_free(&svg);
	}
	page_end(r, res);
	return 0;
}

const struct goal_status *report_goal(const struct status_report *rep, const char *code,
					     const struct pm_status **pm)
{
	for (size_t i = 0; i < rep->npms; i++)
		for (size_t j = 0; j < rep->pms[i].pm->ngoals; j++)
			if (strcmp(rep->pms[i].goals[j].goal->code, code) == 0) {
				*pm = &rep->pms[i];
				return &rep->pms[i].goals[j];
			}
	return NULL;
}

void version_table(struct http_req *r, struct buf *b, const struct goal *g)
{
	html_f(b, "<table class=\"versions\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Versioner (politiske beslutninger)", "Versions (political decisions)"), tr(r, "Gælder fra", "In force from"),
	       tr(r, "Beslutning", "Decision"), tr(r, "Titel", "Title"), tr(r, "Basis", "Baseline"), tr(r, "Mål", "Target"));
	for (size_t i = g->nversions; i-- > 0;) {
		const struct goal_version *v = &g->versions[i];
		char base[64] = "–", tgt[96] = "–", num[48];

		if (v->has_baseline)
			snprintf(base, sizeof base, "%s: %s", v->baseline_period,
				 numfmt(num, sizeof num, v->baseline_value, v->decimals, r->lang));
		if (v->target_kind != TARGET_NONE)
			snprintf(tgt, sizeof tgt, "%s %s: %s", target_kind_name(v->target_kind), v->target_period,
				 numfmt(num, sizeof num, v->target_value, v->decimals, r->lang));
		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", v->date,
		       v->decision ? v->decision : "", goal_title(r, v), base, tgt);
	}
	html_f(b, "</tbody>\n</table>\n");
}

int page_goal(struct http_req *r, struct http_res *res)
{
	struct status_report *rep;
	struct buf *b = &res->body;
	const struct pm_status *pm;
	const struct goal_status *gs;
	struct commentary *cm;
	struct chart_input ci;
	struct buf svg = BUF_INIT;
	size_t ncm;
	int rc;

	if ((rc = status_for_request(&rep, r)) < 0)
		return rc;
	if (!(gs = report_goal(rep, r->params[0], &pm)))
		return err_set(PEJL_ENOTFOUND, "no goal %s", r->params[0]);
	if ((rc = store_commentary_list(&cm, &ncm, r->store, r->a, gs->goal->id)) < 0)
		return rc;
	page_begin(r, res, goal_title(r, gs->version));
	html_f(b, "<p class=\"crumbs\"><a href=\"/\">%s</a> › <a href=\"/pejlemaerker/%d\">%s %d</a> › %s</p>\n"
		  "<h1>%s: %s</h1>\n<p>",
	       tr(r, "Overblik", "Overview"), pm->pm->number, tr(r, "Pejlemærke", "Pejlemærke"), pm->pm->number,
	       gs->goal->code, gs->goal->code, goal_title(r, gs->version));
	verdict_badge(r, b, gs->st.verdict, gs->st.trend);
	html_f(b, " — %s %s</p>\n<p class=\"why\">%s</p>\n", tr(r, "status", "status"), rep->period,
	       r->lang == LANG_EN ? gs->st.explanation_en : gs->st.explanation_da);
	if (r->user->role == ROLE_ANALYST)
		html_f(b, "<p class=\"actions\"><a href=\"/measurements/new?goal=%s\">%s</a> · <a href=\"/goals/%s/edit\">%s</a></p>\n",
		       gs->goal->code, tr(r, "Indtast måling", "Enter a measurement"), gs->goal->code,
		       tr(r, "Ny version af målet", "New version of the goal"));
	fill_chart(&ci, r, gs, "chart");
	chart_svg(&svg, &ci, 720, 320);
	html_f(b, "<figure class=\"chart\">%r</figure>\n", buf_cstr(&svg));
	buf_free(&svg);
	/* the data table */
	html_f(b, "<table class=\"data\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Målinger", "Measurements"), tr(r, "Periode", "Period"), tr(r, "Værdi", "Value"),
	       tr(r, "Bemærkning", "Note"));
	for (size_t i = 0; i < gs->nseries; i++) {
		const struct point *p = &gs->series[i];
		char per[16], num[48];

		period_format(per, sizeof per, p->period);
		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", per,
		       p->has_value ? numfmt(num, sizeof num, p->value, gs->version->decimals, r->lang) : "–",
		       p->state == OBS_BREAK	  ? tr(r, "databrud: ikke sammenlignelig med tidligere år",
							  "data break: not comparable with earlier years")
		       : p->state == OBS_ESTIMATE ? tr(r, "skøn", "estimate")
		       : p->state == OBS_MISSING  ? tr(r, "mangler", "missing")
						  : "");
	}
	html_f(b, "</tbody>\n</table>\n<h2>%s</h2>\n<dl class=\"definition\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		  "<dt>%s</dt><dd>%s, %s, %s, %s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
	       tr(r, "Definition", "Definition"), tr(r, "Sådan måles det", "How it is measured"), gs->version->definition,
	       tr(r, "Datakilde", "Data source"), gs->version->source ? gs->version->source : "–",
	       tr(r, "Måletype", "Measure"), measure_name(gs->version->measure), direction_name(gs->version->direction),
	       cadence_name(gs->version->cadence), sampling_name(gs->version->sampling), tr(r, "Ejer", "Owner"),
	       gs->version->owner ? gs->version->owner : "–");
	version_table(r, b, gs->goal);
	html_f(b, "<p><a href=\"/redthread?pejlemaerke=%d\">%s</a></p>\n", pm->pm->number,
	       tr(r, "Den røde tråd: initiativer og planer, der tjener målet", "The red thread: initiatives and plans serving the goal"));
	html_f(b, "<h2>%s</h2>\n", tr(r, "Kommentarer", "Commentary"));
	if (ncm == 0)
		html_f(b, "<p>%s</p>\n", tr(r, "Ingen kommentarer endnu.", "No commentary yet."));
	for (size_t i = 0; i < ncm; i++) {
		html_f(b, "<article class=\"comment\"><h3>%s</h3><p>%s</p>\n", cm[i].period, cm[i].analysis);
		if (cm[i].next_steps)
			html_f(b, "<p><strong>%s</strong> %s</p>\n", tr(r, "Det gør vi nu:", "What is being done next:"),
			       cm[i].next_steps);
		html_f(b, "<p class=\"meta\">%s, %s</p></article>\n", cm[i].author, cm[i].at);
	}
	if (r->user->role == ROLE_ANALYST)
		html_f(b, "<form method=\"post\" action=\"/goals/%s/commentary\" class=\"form\">\n"
			  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<h3>%s</h3>\n"
			  "<p><label for=\"cperiod\">%s</label><input id=\"cperiod\" name=\"period\" value=\"%s\" required></p>\n"
			  "<p><label for=\"analysis\">%s</label><textarea id=\"analysis\" name=\"analysis\" rows=\"4\" required></textarea></p>\n"
			  "<p><label for=\"next_steps\">%s</label><textarea id=\"next_steps\" name=\"next_steps\" rows=\"3\"></textarea></p>\n"
			  "<p><button type=\"submit\">%s</button></p>\n</form>\n",
		       gs->goal->code, r->csrf ? r->csrf : "", tr(r, "Skriv kommentar", "Write commentary"),
		       tr(r, "Periode", "Period"), rep->period, tr(r, "Analyse", "Analysis"),
		       tr(r, "Det gør vi nu", "What is being done next"), tr(r, "Gem kommentar", "Save commentary"));
	page_end(r, res);
	return 0;
}

