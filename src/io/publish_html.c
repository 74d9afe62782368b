/*
 * publish_html.c — the edition's pages, in Danish (da/) and English (en/)
 * with the same file names, so the language switch is the same path in
 * the other folder:
 *   index.html               the front page: every pejlemærke, its verdict,
 *                            trend and the count of its goals per verdict
 *   pejlemaerke/N.html       a pejlemærke: its sections (pm_sections below)
 *   delmaal/CODE.html        a goal: status, chart, measurements, the
 *                            breakdown of the period, definition, versions,
 *                            the period's commentary
 *   metode.html              how verdicts are decided; suppression
 *   data.html                the open data files
 *   rapport.html             the committee report (print first)
 * Every link is relative and every page uses only ../pejl.css (or
 * ../../pejl.css): nothing is loaded from outside the edition. Figures come
 * from the model (publish.c), which says what is withheld.
 */
#include "io/publish_impl.h"

#include "io/chart.h"
#include "io/htmlw.h"
#include "io/status_html.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct page {
	struct edition *e;
	enum lang lang;
	int depth;	 /* 1: L/x.html, 2: L/dir/x.html */
	const char *rel; /* path inside L/ */
	struct status_html h;
	struct buf b;
};

static const char *tr(const struct page *pg, const char *da, const char *en)
{
	return pg->lang == LANG_EN ? en : da;
}

static const char *lang_dir(enum lang l)
{
	return l == LANG_EN ? "en" : "da";
}

/* The way back to L/ from the page ("" or "../"). */
static const char *up(const struct page *pg)
{
	return pg->depth == 2 ? "../" : "";
}

static const char *strategy_name(const struct page *pg)
{
	const struct strategy *st = &pg->e->rep->doc->strategy;

	return pg->lang == LANG_EN && st->name_en ? st->name_en : st->name;
}

static void page_init(struct page *pg, struct edition *e, enum lang lang, const char *rel)
{
	memset(pg, 0, sizeof *pg);
	pg->e = e;
	pg->lang = lang;
	pg->rel = rel;
	pg->depth = strchr(rel, '/') ? 2 : 1;
	pg->h.lang = lang;
	pg->h.goal_prefix = pg->depth == 2 ? "../delmaal/" : "delmaal/";
	pg->h.goal_suffix = ".html";
	pg->h.pm_prefix = pg->depth == 2 ? "../pejlemaerke/" : "pejlemaerke/";
	pg->h.pm_suffix = ".html";
	buf_init(&pg->b, 0);
}

static void nav_item(struct page *pg, const char *file, const char *da, const char *en)
{
	html_f(&pg->b, "<li><a href=\"%s%s\"%r>%s</a></li>\n", up(pg), file,
	       strcmp(pg->rel, file) == 0 ? " aria-current=\"page\"" : "", tr(pg, da, en));
}

static void page_begin(struct page *pg, const char *title)
{
	struct buf *b = &pg->b;

	html_f(b,
	       "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<title>%s · %s %s</title>\n<link rel=\"stylesheet\" href=\"%s../pejl.css\">\n"
	       "<link rel=\"alternate\" hreflang=\"%s\" href=\"%s../%s/%s\">\n</head>\n<body>\n"
	       "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"top\">\n<p class=\"brand\"><a href=\"%sindex.html\">%s %s</a></p>\n"
	       "<nav aria-label=\"%s\"><ul>\n",
	       lang_dir(pg->lang), title, tr(pg, "Status", "Status"), pg->e->rep->period, up(pg),
	       lang_dir(pg->lang == LANG_EN ? LANG_DA : LANG_EN), up(pg), lang_dir(pg->lang == LANG_EN ? LANG_DA : LANG_EN),
	       pg->rel, tr(pg, "Gå til indhold", "Skip to content"), up(pg), tr(pg, "Status", "Status"), pg->e->rep->period,
	       tr(pg, "Hovedmenu", "Main menu"));
	nav_item(pg, "index.html", "Forside", "Front page");
	nav_item(pg, "metode.html", "Sådan vurderer vi", "How verdicts are decided");
	nav_item(pg, "data.html", "Åbne data", "Open data");
	nav_item(pg, "rapport.html", "Udvalgsrapport", "Committee report");
	html_f(b, "</ul></nav>\n<p class=\"lang\"><a href=\"%s../%s/%s\" lang=\"%s\" hreflang=\"%s\">%s</a></p>\n</header>\n"
		  "<main id=\"main\">\n",
	       up(pg), lang_dir(pg->lang == LANG_EN ? LANG_DA : LANG_EN), pg->rel,
	       lang_dir(pg->lang == LANG_EN ? LANG_DA : LANG_EN), lang_dir(pg->lang == LANG_EN ? LANG_DA : LANG_EN),
	       pg->lang == LANG_EN ? "Dansk" : "English");
}

static int page_end(struct page *pg)
{
	char rel[256];
	int rc;

	html_f(&pg->b, "</main>\n<footer><p>%s · %s %s", strategy_name(pg),
	       tr(pg, "statusudgave", "status edition"), pg->e->rep->period);
	if (pg->e->o->date)
		html_f(&pg->b, " · %s %s", tr(pg, "udgivet", "published"), pg->e->o->date);
	html_f(&pg->b, ". %s</p></footer>\n</body>\n</html>\n",
	       tr(pg, "Tal, der bygger på færre end 5 personer, er skjult.",
		  "Figures that rest on fewer than 5 persons are withheld."));
	snprintf(rel, sizeof rel, "%s/%s", lang_dir(pg->lang), pg->rel);
	rc = edition_put(pg->e, rel, &pg->b);
	buf_free(&pg->b);
	return rc;
}

/* --- pieces --------------------------------------------------------------------------- */

static void hidden_note(struct page *pg)
{
	html_f(&pg->b, "<p class=\"note\">%s</p>\n",
	       tr(pg, "»Skjult«: tallet bygger på færre end 5 personer, eller det er skjult, for at et andet skjult "
		      "tal ikke kan regnes ud af totalerne.",
		  "“Withheld”: the figure rests on fewer than 5 persons, or it is withheld so that another withheld "
		  "figure cannot be worked out from the totals."));
}

static void cell_text(char *out, size_t n, const struct page *pg, const struct goal_version *v, const struct point *p,
		      enum suppress_mark m)
{
	char num[48];

	if (m != SUPPRESS_NONE)
		snprintf(out, n, "%s", tr(pg, "skjult", "withheld"));
	else if (!p->has_value)
		snprintf(out, n, "–");
	else
		snprintf(out, n, "%s%s", numfmt(num, sizeof num, p->value, v->decimals, pg->lang),
			 v->measure == MEASURE_PROPORTION ? " %" : "");
}

/* The breakdown of one period: units × groups with totals. */
static void breakdown_table(struct page *pg, const struct pub_goal *g, const struct pub_table *t)
{
	struct buf *b = &pg->b;
	const struct suppress_breakdown *sb = &t->sb;
	size_t R = sb->rows, C = sb->cols;
	bool total_col = C > 1, total_row = R > 1;
	char per[16], cell[96];

	if (R == 0 || C == 0 || !sb->consistent)
		return;
	period_format(per, sizeof per, t->period);
	html_f(b, "<h2>%s %s</h2>\n<div class=\"wide\">\n<table class=\"breakdown\">\n<caption>%s %s, %s</caption>\n<thead><tr><th scope=\"col\">%s</th>",
	       tr(pg, "Fordeling", "Breakdown"), per, g->gs->goal->code,
	       tr(pg, "fordelt på enheder og målgrupper", "by unit and target group"), per, tr(pg, "Enhed", "Unit"));
	for (size_t j = 0; j < C; j++)
		html_f(b, "<th scope=\"col\">%s</th>", pg->lang == LANG_EN ? t->col_names_en[j] : t->col_names_da[j]);
	if (total_col)
		html_f(b, "<th scope=\"col\">%s</th>", tr(pg, "I alt", "Total"));
	html_f(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i <= R; i++) {
		const char *name;

		if (i == R && !total_row)
			break;
		name = i == R		 ? tr(pg, "I alt", "Total")
		       : t->row_names[i] ? t->row_names[i]
					 : tr(pg, "Øvrige (ikke fordelt på enheder)", "Other (not broken down by unit)");
		html_f(b, "<tr%r><th scope=\"row\">%s</th>", i == R ? " class=\"total\"" : "", name);
		for (size_t j = 0; j <= C; j++) {
			if (j == C && !total_col)
				break;
			cell_text(cell, sizeof cell, pg, g->gs->version, &sb->cells[i * (C + 1) + j], sb->marks[i * (C + 1) + j]);
			html_f(b, "<td>%s</td>", cell);
		}
		html_f(b, "</tr>\n");
	}
	html_f(b, "</tbody>\n</table>\n</div>\n");
	hidden_note(pg);
}

static void goal_chart(struct page *pg, const struct pub_goal *g, const char *id, int w, int h, bool caption)
{
	struct chart_input ci;
	struct buf svg = BUF_INIT;

	status_html_chart_input(&ci, &pg->h, g->gs, g->shown, g->nshown, id);
	chart_svg(&svg, &ci, w, h);
	html_f(&pg->b, "<figure class=\"chart\">%r", buf_cstr(&svg));
	if (caption)
		html_f(&pg->b, "<figcaption><a href=\"%s%s%s\">%s %s</a></figcaption>", pg->h.goal_prefix, g->gs->goal->code,
		       pg->h.goal_suffix, g->gs->goal->code, status_html_goal_title(&pg->h, g->gs->version));
	html_f(&pg->b, "</figure>\n");
	buf_free(&svg);
}

static void commentary(struct page *pg, const struct pub_goal *g, const char *heading_tag)
{
	for (size_t i = 0; i < g->ncm; i++) {
		html_f(&pg->b, "<article class=\"comment\"><%r>%s %s</%r><p>%s</p>\n", heading_tag,
		       tr(pg, "Kommentar", "Commentary"), g->cm[i].period, heading_tag, g->cm[i].analysis);
		if (g->cm[i].next_steps)
			html_f(&pg->b, "<p><strong>%s</strong> %s</p>\n", tr(pg, "Det gør vi nu:", "What is being done next:"),
			       g->cm[i].next_steps);
		html_f(&pg->b, "</article>\n");
	}
}

/* --- the sections of a pejlemærke ------------------------------------------------------ */

enum where { ON_PAGE, IN_REPORT };

static void section_goals(struct page *pg, size_t i, enum where w)
{
	const struct pm_status *ps = &pg->e->rep->pms[i];

	(void)w;
	status_html_goals_head(&pg->b, &pg->h);
	for (size_t j = 0; j < ps->pm->ngoals; j++) {
		const struct pub_goal *g = edition_goal(pg->e, i, j);

		status_html_goal_row(&pg->b, &pg->h, g->gs, g->value_hidden, pub_explanation(g, pg->lang));
	}
	html_f(&pg->b, "</tbody>\n</table>\n");
}

static void section_charts(struct page *pg, size_t i, enum where w)
{
	const struct pm_status *ps = &pg->e->rep->pms[i];

	for (size_t j = 0; j < ps->pm->ngoals; j++) {
		const struct pub_goal *g = edition_goal(pg->e, i, j);
		char id[40];

		snprintf(id, sizeof id, "%s-%s", w == IN_REPORT ? "r" : "c", g->gs->goal->code);
		goal_chart(pg, g, id, 640, w == IN_REPORT ? 240 : 280, true);
	}
}

static void section_commentary(struct page *pg, size_t i, enum where w)
{
	const struct pm_status *ps = &pg->e->rep->pms[i];
	bool any = false;

	if (w != IN_REPORT)
		return;
	for (size_t j = 0; j < ps->pm->ngoals; j++)
		any |= edition_goal(pg->e, i, j)->ncm > 0;
	html_f(&pg->b, "<h3>%s</h3>\n", tr(pg, "Kommentarer", "Commentary"));
	if (!any) {
		html_f(&pg->b, "<p>%s</p>\n", tr(pg, "Ingen kommentarer for perioden.", "No commentary for the period."));
		return;
	}
	for (size_t j = 0; j < ps->pm->ngoals; j++) {
		const struct pub_goal *g = edition_goal(pg->e, i, j);

		if (g->ncm == 0)
			continue;
		html_f(&pg->b, "<h4>%s %s</h4>\n", g->gs->goal->code, status_html_goal_title(&pg->h, g->gs->version));
		commentary(pg, g, "h5");
	}
}

/* The initiatives of approved plans that serve the pejlemærke or one of
 * its goals (each once), with the plan, the unit and the partners. */
static void section_initiatives(struct page *pg, size_t i, enum where w)
{
	const struct thread_pm *tp = NULL;
	const struct initiative **seen;
	size_t nseen = 0, total = 0;
	bool da = pg->lang != LANG_EN;

	(void)w;
	for (size_t k = 0; pg->e->rt && k < pg->e->rt->npms; k++)
		if (pg->e->rt->pms[k].pm->number == pg->e->rep->pms[i].pm->number)
			tp = &pg->e->rt->pms[k];
	html_f(&pg->b, "<h3>%s</h3>\n", tr(pg, "Initiativer", "Initiatives"));
	if (tp) {
		total = tp->ndirect;
		for (size_t g = 0; g < tp->pm->ngoals; g++)
			total += tp->goals[g].nitems;
	}
	seen = xcalloc(total + 1, sizeof *seen);
	for (int pass = -1; tp && pass < (int)tp->pm->ngoals; pass++) {
		const struct thread_item *items = pass < 0 ? tp->direct : tp->goals[pass].items;
		size_t n = pass < 0 ? tp->ndirect : tp->goals[pass].nitems;

		for (size_t k = 0; k < n; k++) {
			const struct thread_item *it = &items[k];
			bool dup = false;

			if (it->plan->status != PLAN_APPROVED)
				continue;
			for (size_t q = 0; q < nseen && !dup; q++)
				dup = seen[q] == it->initiative;
			if (dup)
				continue;
			if (nseen == 0)
				html_f(&pg->b, "<ul class=\"initiatives\">\n");
			seen[nseen++] = it->initiative;
			html_f(&pg->b, "<li><strong>%s</strong> (%s) — %s »%s«, %s",
			       it->initiative->title, initiative_status_label(it->initiative->status, da),
			       plan_type_label(it->plan->type, da), it->plan->title,
			       plan_report_unit_name(pg->e->plans, it->plan->unit) ? plan_report_unit_name(pg->e->plans, it->plan->unit)
										  : it->plan->unit);
			if (pass >= 0)
				html_f(&pg->b, ". %s %s", tr(pg, "Tjener delmål", "Serves goal"), tp->goals[pass].goal->code);
			if (it->initiative->npartners) {
				html_f(&pg->b, ". %s: ", tr(pg, "Partnere", "Partners"));
				for (size_t q = 0; q < it->initiative->npartners; q++)
					html_f(&pg->b, "%s%s (%s)", q ? ", " : "", it->initiative->partners[q].name,
					       partner_kind_label(it->initiative->partners[q].kind, da));
			}
			html_f(&pg->b, ".</li>\n");
		}
	}
	if (nseen)
		html_f(&pg->b, "</ul>\n");
	else
		html_f(&pg->b, "<p>%s</p>\n", tr(pg, "Ingen godkendte planer har initiativer, der tjener pejlemærket.",
						  "No approved plan has initiatives serving this pejlemærke."));
	free(seen);
}

/* The citizens' feedback behind the pejlemærke's goals computed from it:
 * the whole organisation and the level below, per outcome instrument, for
 * the episodes that ended in the period; small cells withheld. */
static void section_feedback(struct page *pg, size_t i, enum where w)
{
	const struct pm_status *ps = &pg->e->rep->pms[i];
	const struct feedback_units_view *v = pg->e->fb;
	bool any = false;
	char num[48];

	(void)w;
	for (size_t j = 0; j < ps->pm->ngoals; j++)
		any |= edition_goal(pg->e, i, j)->gs->version && edition_goal(pg->e, i, j)->gs->version->metric;
	if (!any || !v)
		return;
	html_f(&pg->b, "<h3>%s</h3>\n<p>%s</p>\n", tr(pg, "Borgernes feedback", "The citizens' feedback"),
	       tr(pg, "Mål med kilden »borgernes feedback« beregnes af de skemaer, borgerne selv udfylder i deres forløb "
		      "(Feedback Informed Treatment). Tallene gælder forløb, der sluttede i perioden.",
		  "Goals whose source is the citizens' feedback are computed from the forms citizens fill in themselves "
		  "during their course (Feedback Informed Treatment). The figures are for courses that ended in the period."));
	if (v->nrows == 0) {
		html_f(&pg->b, "<p>%s</p>\n", tr(pg, "Ingen forløb sluttede i perioden.", "No course ended in the period."));
		return;
	}
	html_f(&pg->b, "<div class=\"wide\"><table class=\"breakdown\">\n<caption>%s %s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(pg, "Afsluttede forløb", "Courses ended"), pg->e->rep->period, tr(pg, "Enhed", "Unit"),
	       tr(pg, "Skema", "Form"), tr(pg, "Forløb", "Courses"), tr(pg, "Pålidelig forbedring %", "Reliable improvement %"),
	       tr(pg, "Forværret %", "Deteriorated %"), tr(pg, "Godt samarbejde %", "Good alliance %"));
	for (size_t r = 0; r < v->nrows; r++) {
		const struct feedback_unit_row *row = &v->rows[r];
		const struct feedback_aggregate *ag = &row->ag;

		if (row->depth > 1)
			continue;
		html_f(&pg->b, "<tr><th scope=\"row\">%s</th><td>%s</td>", feedback_units_name(v, row->code), row->instrument);
		if (row->hidden) {
			html_f(&pg->b, "<td colspan=\"4\">%s</td></tr>\n", tr(pg, "tilbageholdt: få borgere, eller for at beskytte sådanne tal", "withheld: few citizens, or to protect such figures"));
			continue;
		}
		html_f(&pg->b, "<td>%zu</td>", ag->episodes);
		html_f(&pg->b, "<td>%s</td>",
		       ag->classified ? numfmt(num, sizeof num, 100.0 * (double)(ag->count[OUTCOME_RECOVERED] + ag->count[OUTCOME_IMPROVED]) /
								  (double)ag->classified, 1, pg->lang) : "–");
		html_f(&pg->b, "<td>%s</td>", ag->classified ? numfmt(num, sizeof num, ag->pct_deteriorated, 1, pg->lang) : "–");
		html_f(&pg->b, "<td>%s</td></tr>\n",
		       ag->has_alliance_share ? numfmt(num, sizeof num, ag->pct_alliance_ok, 1, pg->lang) : "–");
	}
	html_f(&pg->b, "</tbody>\n</table></div>\n");
}

/*
 * The sections of a pejlemærke, in order, on its own page and in the
 * committee report. This is the one place to add a section per
 * pejlemærke: the initiatives that serve it (plans, issue 6) and its
 * feedback figures (issue 5) become one entry each here.
 */
static const struct {
	const char *id;
	void (*render)(struct page *pg, size_t pm_index, enum where w);
} pm_sections[] = {
	{"goals", section_goals},
	{"charts", section_charts},
	{"commentary", section_commentary},
	{"initiatives", section_initiatives},
	{"feedback", section_feedback},
};

static void pm_sections_render(struct page *pg, size_t i, enum where w)
{
	for (size_t k = 0; k < sizeof pm_sections / sizeof pm_sections[0]; k++) {
		html_f(&pg->b, "<section class=\"pm-%s\">\n", pm_sections[k].id);
		pm_sections[k].render(pg, i, w);
		html_f(&pg->b, "</section>\n");
	}
}

/* --- the pages ------------------------------------------------------------------------- */

static int page_front(struct edition *e, enum lang lang)
{
	struct page pg;

	page_init(&pg, e, lang, "index.html");
	page_begin(&pg, strategy_name(&pg));
	html_f(&pg.b, "<h1>%s</h1>\n<p class=\"lead\">%s %s: <strong>%s</strong>.</p>\n", strategy_name(&pg),
	       tr(&pg, "Status", "Status"), e->rep->period,
	       lang == LANG_EN ? e->rep->summary.headline_en : e->rep->summary.headline_da);
	if (e->o->date)
		html_f(&pg.b, "<p>%s %s.</p>\n", tr(&pg, "Udgivet", "Published"), e->o->date);
	status_html_pm_head(&pg.b, &pg.h, e->rep->period);
	for (size_t i = 0; i < e->rep->npms; i++) {
		const struct pm_status *ps = &e->rep->pms[i];
		const struct pub_goal *g;

		if (ps->pm->ngoals == 0)
			continue;
		g = edition_goal(e, i, ps->roll.main_index);
		status_html_pm_row(&pg.b, &pg.h, ps, g->shown, g->nshown);
	}
	html_f(&pg.b, "</tbody>\n</table>\n<p>%s <a href=\"metode.html\">%s</a>. %s <a href=\"data.html\">%s</a>.</p>\n",
	       tr(&pg, "Hvert pejlemærke vurderes efter sit hovedmål; se", "Each pejlemærke is judged by its main goal; see"),
	       tr(&pg, "sådan vurderer vi", "how verdicts are decided"),
	       tr(&pg, "Alle tal kan hentes som", "Every figure can be downloaded as"),
	       tr(&pg, "åbne data", "open data"));
	return page_end(&pg);
}

static int page_pm(struct edition *e, enum lang lang, size_t i)
{
	const struct pm_status *ps = &e->rep->pms[i];
	char rel[64];
	struct page pg;

	snprintf(rel, sizeof rel, "pejlemaerke/%d.html", ps->pm->number);
	page_init(&pg, e, lang, rel);
	page_begin(&pg, status_html_pm_title(&pg.h, ps->pm));
	html_f(&pg.b, "<p class=\"crumbs\"><a href=\"../index.html\">%s</a> › %s %d</p>\n<h1>%d. %s</h1>\n<p>",
	       tr(&pg, "Forside", "Front page"), tr(&pg, "Pejlemærke", "Pejlemærke"), ps->pm->number, ps->pm->number,
	       status_html_pm_title(&pg.h, ps->pm));
	status_html_badge(&pg.b, &pg.h, ps->roll.verdict, ps->roll.trend);
	html_f(&pg.b, " — %s %s</p>\n", tr(&pg, "status", "status"), e->rep->period);
	if (ps->pm->description && lang == LANG_DA)
		html_f(&pg.b, "<p>%s</p>\n", ps->pm->description);
	pm_sections_render(&pg, i, ON_PAGE);
	return page_end(&pg);
}

static int page_goal(struct edition *e, enum lang lang, size_t i, size_t j)
{
	const struct pub_goal *g = edition_goal(e, i, j);
	const struct goal_status *gs = g->gs;
	char rel[64];
	struct page pg;

	snprintf(rel, sizeof rel, "delmaal/%s.html", gs->goal->code);
	page_init(&pg, e, lang, rel);
	page_begin(&pg, status_html_goal_title(&pg.h, gs->version));
	html_f(&pg.b,
	       "<p class=\"crumbs\"><a href=\"../index.html\">%s</a> › <a href=\"../pejlemaerke/%d.html\">%s %d</a> › %s</p>\n"
	       "<h1>%s: %s</h1>\n<p>",
	       tr(&pg, "Forside", "Front page"), g->pm->pm->number, tr(&pg, "Pejlemærke", "Pejlemærke"), g->pm->pm->number,
	       gs->goal->code, gs->goal->code, status_html_goal_title(&pg.h, gs->version));
	status_html_badge(&pg.b, &pg.h, gs->st.verdict, gs->st.trend);
	html_f(&pg.b, " — %s %s</p>\n<p class=\"why\">%s</p>\n", tr(&pg, "status", "status"), e->rep->period,
	       pub_explanation(g, lang));
	goal_chart(&pg, g, "chart", 720, 320, false);
	status_html_series_table(&pg.b, &pg.h, gs, g->series_hidden);
	if (g->current)
		breakdown_table(&pg, g, g->current);
	status_html_definition(&pg.b, &pg.h, gs->version);
	status_html_versions(&pg.b, &pg.h, gs->goal);
	if (g->ncm) {
		html_f(&pg.b, "<h2>%s</h2>\n", tr(&pg, "Kommentar", "Commentary"));
		commentary(&pg, g, "h3");
	}
	return page_end(&pg);
}

static const char *const verdict_rules_da[] = {
	"Målet er nået: værdien er på målets side af målværdien (for et loft eller en bund: inden for grænsen).",
	"Før målåret: værdien er mindst så god som den forventede værdi på en ret linje fra basis til mål (med "
	"målets tolerance).",
	"Værdien er bedre end basis med mere end tolerancen (for stikprøver: og forskellen er statistisk signifikant "
	"på 95 %-niveau).",
	"Værdien er inden for tolerancen fra basis, eller forskellen er ikke signifikant.",
	"Værdien er dårligere end basis med mere end tolerancen (og signifikant for stikprøver).",
	"Der er ingen værdi for perioden. Et mål, der måles hvert andet år, viser seneste værdi.",
	"Der er et databrud (ny målemetode) mellem basis og perioden: tallene kan ikke sammenlignes.",
};
static const char *const verdict_rules_en[] = {
	"The target is reached: the value is on the right side of the target (for a cap or a floor: within it).",
	"Before the target year: the value is at least as good as the expected value on a straight line from "
	"baseline to target (within the goal's tolerance).",
	"The value is better than the baseline by more than the tolerance (for samples: and the difference is "
	"statistically significant at 95 %).",
	"The value is within the tolerance of the baseline, or the difference is not significant.",
	"The value is worse than the baseline by more than the tolerance (and significant for samples).",
	"There is no value for the period. A goal measured every other year shows its latest value.",
	"There is a data break (a new method) between the baseline and the period: the figures cannot be compared.",
};

static int page_method(struct edition *e, enum lang lang)
{
	struct page pg;
	struct buf *b;

	page_init(&pg, e, lang, "metode.html");
	page_begin(&pg, tr(&pg, "Sådan vurderer vi", "How verdicts are decided"));
	b = &pg.b;
	html_f(b, "<h1>%s</h1>\n<p>%s</p>\n", tr(&pg, "Sådan vurderer vi", "How verdicts are decided"),
	       tr(&pg, "Hvert delmål har en basis (en periode og en værdi), ofte et mål (en værdi i et målår) og en "
		       "ønsket retning. Status for en periode afgøres efter de samme regler for alle delmål, i denne "
		       "rækkefølge:",
		  "Every goal has a baseline (a period and a value), often a target (a value in a target year) and a "
		  "desired direction. The status of a period is decided by the same rules for every goal, in this "
		  "order:"));
	html_f(b, "<table class=\"rules\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(&pg, "Vurderinger", "Verdicts"), tr(&pg, "Vurdering", "Verdict"), tr(&pg, "Hvornår", "When"));
	{
		static const enum verdict order[] = {VERDICT_NO_DATA,  VERDICT_NOT_COMPARABLE, VERDICT_MET,
						     VERDICT_ON_TRACK, VERDICT_PROGRESS,       VERDICT_NO_CHANGE,
						     VERDICT_DECLINE};

		for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
			html_f(b, "<tr><th scope=\"row\">");
			status_html_badge(b, &pg.h, order[k], TREND_NONE);
			html_f(b, "</th><td>%s</td></tr>\n",
			       lang == LANG_EN ? verdict_rules_en[order[k]] : verdict_rules_da[order[k]]);
		}
	}
	html_f(b, "</tbody>\n</table>\n");
	html_f(b, "<h2>%s</h2>\n<p>%s</p>\n<p>%s</p>\n<p>%s</p>\n", tr(&pg, "Udvikling og fremdrift", "Trend and progress"),
	       tr(&pg, "Pilen viser udviklingen siden den forrige sammenlignelige måling: ↑ bedre, ↓ dårligere, → "
		       "uændret. Fremdrift i procent er (værdi − basis) / (mål − basis) · 100.",
		  "The arrow shows the development since the previous comparable measurement: ↑ better, ↓ worse, → "
		  "the same. Progress in per cent is (value − baseline) / (target − baseline) · 100."),
	       tr(&pg, "Et pejlemærke får sit hovedmåls vurdering og udvikling; ved siden af står, hvor mange af dets "
		       "delmål der har hver vurdering. Forsiden tæller de pejlemærker, hvis vurdering er opfyldt, på "
		       "rette spor eller fremgang.",
		  "A pejlemærke takes its main goal's verdict and trend; beside it stands how many of its goals have "
		  "each verdict. The front page counts the pejlemærker whose verdict is met, on track or progress."),
	       tr(&pg, "Tal for hele organisationen og alle målgrupper lægges sammen efter måletypen: antal summeres, "
		       "andele og rater beregnes af summen af tællere og nævnere, gennemsnit vægtes med antallet af "
		       "personer. Der tages aldrig gennemsnit af procenter.",
		  "Figures for the whole organisation and all target groups are added up by measure type: counts are "
		  "summed, proportions and rates are computed from the summed numerators and denominators, means are "
		  "weighted by the number of persons. Percentages are never averaged."));
	html_f(b, "<h2>%s</h2>\n<p>%s</p>\n<p>%s</p>\n", tr(&pg, "Små tal skjules", "Small figures are withheld"),
	       tr(&pg, "Et tal, der bygger på færre end 5 personer, offentliggøres ikke: et antal på 1–4, og for en "
		       "andel både dem med og dem uden (for eksempel 2 af 40). For at et skjult tal ikke kan regnes ud "
		       "af totalerne, skjules også andre tal i samme række eller kolonne (sekundær diskretionering), "
		       "så ethvert skjult tal kan have mindst to værdier, der passer med alt det offentliggjorte. Det "
		       "gælder alle sider, de åbne data og udvalgsrapporten.",
		  "A figure that rests on fewer than 5 persons is not published: a count of 1–4, and for a "
		  "proportion both those with and those without (for example 2 of 40). So that a withheld figure "
		  "cannot be worked out from the totals, other figures in the same row or column are withheld too "
		  "(complementary suppression), so that every withheld figure can take at least two values that "
		  "agree with everything published. This holds for every page, the open data and the committee "
		  "report."),
	       tr(&pg, "Fordelingerne viser niveauet lige under hele organisationen (borgercentrene) og målgrupperne. "
		       "Hvor en total er indberettet for sig og ikke er summen af delene, vises forskellen som »Øvrige« "
		       "eller »Uden målgruppe«, så alle tal går op.",
		  "The breakdowns show the level just below the whole organisation (the citizen centres) and the "
		  "target groups. Where a total was reported on its own and is not the sum of its parts, the "
		  "difference is shown as “Other” or “No target group given”, so that every table adds up."));
	return page_end(&pg);
}

static int page_data(struct edition *e, enum lang lang)
{
	static const struct {
		const char *base, *da, *en;
	} sets[] = {
		{"status", "Status: ét delmål pr. række med vurdering, værdi, basis, mål og forklaring.",
		 "Status: one goal per row with verdict, value, baseline, target and explanation."},
		{"maalinger", "Målinger: hvert delmål pr. periode fordelt på enheder og målgrupper, med totaler.",
		 "Measurements: every goal per period by unit and target group, with totals."},
	};
	struct page pg;
	struct buf *b;

	page_init(&pg, e, lang, "data.html");
	page_begin(&pg, tr(&pg, "Åbne data", "Open data"));
	b = &pg.b;
	html_f(b, "<h1>%s</h1>\n<p>%s</p>\n<table class=\"files\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(&pg, "Åbne data", "Open data"),
	       tr(&pg, "Alle tal i udgaven kan hentes frit (CC BY 4.0). Små tal er skjult som på siderne. CSV findes i "
		       "to udgaver: international (komma og decimalpunktum) og til dansk Excel (semikolon, decimalkomma, "
		       "UTF-8 med BOM).",
		  "Every figure of the edition can be downloaded freely (CC BY 4.0). Small figures are withheld as on "
		  "the pages. CSV comes in two dialects: international (comma and decimal point) and for Danish "
		  "Excel (semicolon, decimal comma, UTF-8 with BOM)."),
	       tr(&pg, "Datasæt", "Datasets"), tr(&pg, "Datasæt", "Dataset"), tr(&pg, "Filer", "Files"));
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		html_f(b,
		       "<tr><td>%s</td><td><a href=\"%s../data/%s.csv\">CSV</a> · <a href=\"%s../data/%s-da.csv\">%s</a> · "
		       "<a href=\"%s../data/%s.json\">JSON</a></td></tr>\n",
		       lang == LANG_EN ? sets[i].en : sets[i].da, up(&pg), sets[i].base, up(&pg), sets[i].base,
		       tr(&pg, "CSV til dansk Excel", "CSV for Danish Excel"), up(&pg), sets[i].base);
	html_f(b,
	       "<tr><td>%s</td><td><a href=\"../data/udvalgsrapport.xlsx\">XLSX</a></td></tr>\n"
	       "<tr><td>%s</td><td><a href=\"../data/katalog.jsonld\">JSON-LD</a></td></tr>\n</tbody>\n</table>\n",
	       tr(&pg, "Udvalgsrapporten som regneark: ét ark pr. pejlemærke.",
		  "The committee report as a workbook: one sheet per pejlemærke."),
	       tr(&pg, "Datakatalog (DCAT-AP-DK), der beskriver datasættene.",
		  "Data catalogue (DCAT-AP-DK) describing the datasets."));
	html_f(b, "<p>%s</p>\n",
	       tr(&pg, "Kolonnen suppressed er 1, hvor tallet er skjult; så er tallets felter tomme. Se "
		       "docs/publish.md for alle kolonner.",
		  "The column suppressed is 1 where the figure is withheld; its fields are empty then. See "
		  "docs/publish.md for every column."));
	return page_end(&pg);
}

static int page_report(struct edition *e, enum lang lang)
{
	struct page pg;
	struct buf *b;

	page_init(&pg, e, lang, "rapport.html");
	page_begin(&pg, tr(&pg, "Udvalgsrapport", "Committee report"));
	b = &pg.b;
	html_f(b, "<article class=\"report\">\n<h1>%s %s</h1>\n<p class=\"lead\">%s. %s: <strong>%s</strong>.</p>\n",
	       tr(&pg, "Status", "Status"), e->rep->period, strategy_name(&pg),
	       tr(&pg, "Samlet", "Overall"),
	       lang == LANG_EN ? e->rep->summary.headline_en : e->rep->summary.headline_da);
	if (e->o->date)
		html_f(b, "<p>%s %s.</p>\n", tr(&pg, "Dato", "Date"), e->o->date);
	status_html_pm_head(b, &pg.h, e->rep->period);
	for (size_t i = 0; i < e->rep->npms; i++) {
		const struct pm_status *ps = &e->rep->pms[i];
		const struct pub_goal *g;

		if (ps->pm->ngoals == 0)
			continue;
		g = edition_goal(e, i, ps->roll.main_index);
		status_html_pm_row(b, &pg.h, ps, g->shown, g->nshown);
	}
	html_f(b, "</tbody>\n</table>\n");
	for (size_t i = 0; i < e->rep->npms; i++) {
		const struct pm_status *ps = &e->rep->pms[i];

		html_f(b, "<section class=\"pm\">\n<h2>%d. %s</h2>\n<p>", ps->pm->number, status_html_pm_title(&pg.h, ps->pm));
		status_html_badge(b, &pg.h, ps->roll.verdict, ps->roll.trend);
		html_f(b, "</p>\n");
		pm_sections_render(&pg, i, IN_REPORT);
		html_f(b, "</section>\n");
	}
	hidden_note(&pg);
	html_f(b, "</article>\n");
	return page_end(&pg);
}

/* The edition's own front door: both languages. */
static int page_door(struct edition *e)
{
	struct buf b = BUF_INIT;
	int rc;

	html_f(&b,
	       "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Status %s</title>\n"
	       "<link rel=\"stylesheet\" href=\"pejl.css\">\n</head>\n<body>\n<main id=\"main\">\n<h1>Status %s</h1>\n"
	       "<ul>\n<li><a href=\"da/index.html\">Dansk</a></li>\n<li><a href=\"en/index.html\" lang=\"en\" hreflang=\"en\">English</a></li>\n</ul>\n"
	       "</main>\n</body>\n</html>\n",
	       e->rep->period, e->rep->period);
	rc = edition_put(e, "index.html", &b);
	buf_free(&b);
	return rc;
}

int publish_pages(struct edition *e)
{
	static const enum lang langs[] = {LANG_DA, LANG_EN};
	struct buf css = BUF_INIT;
	int rc;

	publish_css(&css);
	rc = edition_put(e, "pejl.css", &css);
	buf_free(&css);
	if (rc < 0 || (rc = page_door(e)) < 0)
		return rc;
	for (size_t l = 0; l < 2; l++) {
		if ((rc = page_front(e, langs[l])) < 0 || (rc = page_method(e, langs[l])) < 0 ||
		    (rc = page_data(e, langs[l])) < 0 || (rc = page_report(e, langs[l])) < 0)
			return rc;
		for (size_t i = 0; i < e->rep->npms; i++) {
			if ((rc = page_pm(e, langs[l], i)) < 0)
				return rc;
			for (size_t j = 0; j < e->rep->pms[i].pm->ngoals; j++)
				if ((rc = page_goal(e, langs[l], i, j)) < 0)
					return rc;
		}
	}
	return 0;
}
