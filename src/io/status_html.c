/*
 * status_html.c — see status_html.h. Moved here from the web's status
 * pages so the public edition renders the same pieces the same way.
 */
#include "io/status_html.h"

#include "core/suppress.h"
#include "io/htmlw.h"

#include <stdio.h>
#include <string.h>

const char *sh_tr(const struct status_html *h, const char *da, const char *en)
{
	return h->lang == LANG_EN ? en : da;
}

const char *status_html_arrow(enum trend t)
{
	static const char *const a[] = {"", "↑", "↓", "→"};

	return a[t];
}

const char *status_html_trend_text(const struct status_html *h, enum trend t)
{
	switch (t) {
	case TREND_BETTER: return sh_tr(h, "bedre end sidst", "better than last time");
	case TREND_WORSE: return sh_tr(h, "dårligere end sidst", "worse than last time");
	case TREND_SAME: return sh_tr(h, "som sidst", "same as last time");
	case TREND_NONE: break;
	}
	return sh_tr(h, "ingen tidligere måling", "no earlier measurement");
}

void status_html_badge(struct buf *b, const struct status_html *h, enum verdict v, enum trend t)
{
	html_f(b, "<span class=\"verdict v-%s\">%s</span>", verdict_code(v), verdict_label(v, h->lang));
	if (t != TREND_NONE)
		html_f(b, " <span class=\"trend\"><span aria-hidden=\"true\">%s</span><span class=\"sr\">%s</span></span>",
		       status_html_arrow(t), status_html_trend_text(h, t));
}

const char *status_html_goal_title(const struct status_html *h, const struct goal_version *v)
{
	return h->lang == LANG_EN && v->title_en ? v->title_en : v->title;
}

const char *status_html_pm_title(const struct status_html *h, const struct pejlemaerke *pm)
{
	return h->lang == LANG_EN && pm->title_en ? pm->title_en : pm->title;
}

const char *status_html_hidden_text(const struct status_html *h)
{
	return SUPPRESS_K_PUBLIC == 5 ? sh_tr(h, "skjult (færre end 5 personer)", "withheld (fewer than 5 persons)")
				      : sh_tr(h, "skjult (få personer)", "withheld (few persons)");
}

void status_html_chart_input(struct chart_input *ci, const struct status_html *h, const struct goal_status *gs,
			     const struct point *series, size_t n, const char *id)
{
	memset(ci, 0, sizeof *ci);
	ci->goal = gs->version;
	ci->series = series ? series : gs->series;
	ci->n = series ? n : gs->nseries;
	ci->has_baseline = gs->st.has_baseline && !gs->st.baseline_implicit;
	ci->baseline_period = gs->st.baseline_period;
	ci->baseline = gs->st.baseline;
	ci->has_target = gs->st.has_target;
	ci->target_period = gs->st.target_period;
	ci->target = gs->st.target;
	ci->target_kind = gs->version->target_kind;
	ci->lang = h->lang;
	ci->title = status_html_goal_title(h, gs->version);
	ci->id = id;
}

void status_html_value(char *out, size_t n, const struct status_html *h, const struct goal_status *gs)
{
	char num[48], p[16];

	if (!gs->st.has_value) {
		snprintf(out, n, "–");
		return;
	}
	numfmt(num, sizeof num, gs->st.value, gs->version->decimals, h->lang);
	period_format(p, sizeof p, gs->st.value_period);
	snprintf(out, n, "%s%s (%s)", num,
		 gs->version->display_unit && strcmp(gs->version->display_unit, "%") == 0 ? " %" : "", p);
}

void status_html_goals_head(struct buf *b, const struct status_html *h)
{
	html_f(b,
	       "<table class=\"goals\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	       "</thead>\n<tbody>\n",
	       sh_tr(h, "Delmål og deres status", "Goals and their status"), sh_tr(h, "Mål", "Goal"),
	       sh_tr(h, "Titel", "Title"), sh_tr(h, "Vurdering", "Verdict"), sh_tr(h, "Værdi", "Value"),
	       sh_tr(h, "Basis", "Baseline"), sh_tr(h, "Mål for", "Target"));
}

void status_html_goal_row(struct buf *b, const struct status_html *h, const struct goal_status *gs,
			  bool value_hidden, const char *explanation)
{
	char val[64], base[64] = "–", tgt[64] = "–", num[48], p[16];

	if (value_hidden)
		snprintf(val, sizeof val, "%s", status_html_hidden_text(h));
	else
		status_html_value(val, sizeof val, h, gs);
	if (gs->st.has_baseline && !gs->st.baseline_implicit) {
		period_format(p, sizeof p, gs->st.baseline_period);
		snprintf(base, sizeof base, "%s (%s)",
			 numfmt(num, sizeof num, gs->st.baseline, gs->version->decimals, h->lang), p);
	}
	if (gs->st.has_target) {
		period_format(p, sizeof p, gs->st.target_period);
		snprintf(tgt, sizeof tgt, "%s (%s)", numfmt(num, sizeof num, gs->st.target, gs->version->decimals, h->lang),
			 p);
	}
	html_f(b, "<tr><th scope=\"row\"><a href=\"%s%s%s\">%s</a>%s</th><td>%s</td><td>", h->goal_prefix, gs->goal->code,
	       h->goal_suffix, gs->goal->code, gs->goal->main ? sh_tr(h, " (hovedmål)", " (main goal)") : "",
	       status_html_goal_title(h, gs->version));
	status_html_badge(b, h, gs->st.verdict, gs->st.trend);
	html_f(b, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n<tr class=\"why\"><td colspan=\"6\">%s</td></tr>\n", val,
	       base, tgt,
	       explanation ? explanation : h->lang == LANG_EN ? gs->st.explanation_en : gs->st.explanation_da);
}

void status_html_pm_head(struct buf *b, const struct status_html *h, const char *period)
{
	html_f(b,
	       "<table class=\"status\">\n<caption>%s %s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       sh_tr(h, "Pejlemærker, status", "Pejlemærker, status"), period, sh_tr(h, "Pejlemærke", "Pejlemærke"),
	       sh_tr(h, "Vurdering (hovedmål)", "Verdict (main goal)"), sh_tr(h, "Udvikling", "Development"),
	       sh_tr(h, "Delmål", "Goals"));
}

void status_html_pm_row(struct buf *b, const struct status_html *h, const struct pm_status *ps,
			const struct point *series, size_t n)
{
	struct chart_input ci;
	struct buf spark = BUF_INIT;
	char id[32];

	snprintf(id, sizeof id, "s-%d", ps->pm->number);
	status_html_chart_input(&ci, h, &ps->goals[ps->roll.main_index], series, n, id);
	chart_sparkline(&spark, &ci, 120, 32);
	html_f(b, "<tr><th scope=\"row\"><a href=\"%s%d%s\">%d. %s</a></th><td>", h->pm_prefix, ps->pm->number,
	       h->pm_suffix, ps->pm->number, status_html_pm_title(h, ps->pm));
	status_html_badge(b, h, ps->roll.verdict, ps->roll.trend);
	html_f(b, "</td><td>%r</td><td>", buf_cstr(&spark));
	for (int k = 0; k < VERDICT_COUNT; k++)
		if (ps->roll.counts[k])
			html_f(b, "<span class=\"count v-%s\">%zu %s</span> ", verdict_code((enum verdict)k), ps->roll.counts[k],
			       verdict_label((enum verdict)k, h->lang));
	html_f(b, "</td></tr>\n");
	buf_free(&spark);
}

void status_html_series_table(struct buf *b, const struct status_html *h, const struct goal_status *gs,
			      const bool *hidden)
{
	html_f(b,
	       "<table class=\"data\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       sh_tr(h, "Målinger", "Measurements"), sh_tr(h, "Periode", "Period"), sh_tr(h, "Værdi", "Value"),
	       sh_tr(h, "Bemærkning", "Note"));
	for (size_t i = 0; i < gs->nseries; i++) {
		const struct point *p = &gs->series[i];
		char per[16], num[48];
		const char *value = p->has_value ? numfmt(num, sizeof num, p->value, gs->version->decimals, h->lang) : "–";

		if (hidden && hidden[i])
			value = status_html_hidden_text(h);
		period_format(per, sizeof per, p->period);
		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", per, value,
		       p->state == OBS_BREAK	  ? sh_tr(h, "databrud: ikke sammenlignelig med tidligere år",
							  "data break: not comparable with earlier years")
		       : p->state == OBS_ESTIMATE ? sh_tr(h, "skøn", "estimate")
		       : p->state == OBS_MISSING  ? sh_tr(h, "mangler", "missing")
						  : "");
	}
	html_f(b, "</tbody>\n</table>\n");
}

void status_html_definition(struct buf *b, const struct status_html *h, const struct goal_version *v)
{
	html_f(b,
	       "<h2>%s</h2>\n<dl class=\"definition\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
	       "<dt>%s</dt><dd>%s, %s, %s, %s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
	       sh_tr(h, "Definition", "Definition"), sh_tr(h, "Sådan måles det", "How it is measured"), v->definition,
	       sh_tr(h, "Datakilde", "Data source"), v->source ? v->source : "–", sh_tr(h, "Måletype", "Measure"),
	       measure_name(v->measure), direction_name(v->direction), cadence_name(v->cadence),
	       sampling_name(v->sampling), sh_tr(h, "Ejer", "Owner"), v->owner ? v->owner : "–");
}

void status_html_versions(struct buf *b, const struct status_html *h, const struct goal *g)
{
	html_f(b,
	       "<table class=\"versions\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       sh_tr(h, "Versioner (politiske beslutninger)", "Versions (political decisions)"),
	       sh_tr(h, "Gælder fra", "In force from"), sh_tr(h, "Beslutning", "Decision"), sh_tr(h, "Titel", "Title"),
	       sh_tr(h, "Basis", "Baseline"), sh_tr(h, "Mål", "Target"));
	for (size_t i = g->nversions; i-- > 0;) {
		const struct goal_version *v = &g->versions[i];
		char base[64] = "–", tgt[96] = "–", num[48];

		if (v->has_baseline)
			snprintf(base, sizeof base, "%s: %s", v->baseline_period,
				 numfmt(num, sizeof num, v->baseline_value, v->decimals, h->lang));
		if (v->target_kind != TARGET_NONE)
			snprintf(tgt, sizeof tgt, "%s %s: %s", target_kind_name(v->target_kind), v->target_period,
				 numfmt(num, sizeof num, v->target_value, v->decimals, h->lang));
		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", v->date,
		       v->decision ? v->decision : "", status_html_goal_title(h, v), base, tgt);
	}
	html_f(b, "</tbody>\n</table>\n");
}
