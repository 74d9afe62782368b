/*
 * pages.c — the HTML pages (see pages.h). All text goes through html_f,
 * which escapes; charts come from src/io/chart.c.
 */
#include "web/pages.h"

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

const char *tr(const struct http_req *r, const char *da, const char *en)
{
	return r->lang == LANG_EN ? en : da;
}

static const char *lang_switch_href(struct http_req *r)
{
	return arena_printf(r->a, "%s?lang=%s", r->path, r->lang == LANG_EN ? "da" : "en");
}

void page_begin(struct http_req *r, struct http_res *res, const char *title)
{
	struct buf *b = &res->body;
	bool user = r->user != NULL;

	res->content_type = "text/html; charset=utf-8";
	if (req_query(r, "lang"))
		res_header(res, "Set-Cookie",
			   r->lang == LANG_EN ? "pejl_lang=en; Path=/; SameSite=Strict" : "pejl_lang=da; Path=/; SameSite=Strict");
	html_f(b,
	       "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<title>%s · pejl</title>\n<link rel=\"stylesheet\" href=\"/static/pejl.css\">\n</head>\n<body>\n"
	       "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"top\">\n<p class=\"brand\"><a href=\"/\">pejl</a></p>\n",
	       r->lang == LANG_EN ? "en" : "da", title, tr(r, "Gå til indhold", "Skip to content"));
	if (user) {
		enum role role = r->user->role;

		html_f(b, "<nav aria-label=\"%s\"><ul>\n<li><a href=\"/\">%s</a></li>\n<li><a href=\"/units\">%s</a></li>\n"
			  "<li><a href=\"/strategy\">%s</a></li>\n",
		       tr(r, "Hovedmenu", "Main menu"), tr(r, "Overblik", "Overview"), tr(r, "Organisation", "Organisation"),
		       tr(r, "Strategien", "The strategy"));
		if (role == ROLE_ANALYST)
			html_f(b, "<li><a href=\"/measurements/new\">%s</a></li>\n<li><a href=\"/imports\">%s</a></li>\n",
			       tr(r, "Indtast måling", "Enter a measurement"), tr(r, "Indlæs fil", "Upload a file"));
		if (role == ROLE_ADMIN)
			html_f(b, "<li><a href=\"/audit\">%s</a></li>\n", tr(r, "Revisionslog", "Audit log"));
		html_f(b, "</ul></nav>\n<form class=\"logout\" method=\"post\" action=\"/logout\">"
			  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			  "<span>%s (%s)</span> <button type=\"submit\">%s</button></form>\n",
		       r->csrf ? r->csrf : "", r->user->name, role_label(role, r->lang == LANG_DA), tr(r, "Log ud", "Log out"));
	}
	html_f(b, "<p class=\"lang\"><a href=\"%s\" lang=\"%s\">%s</a></p>\n</header>\n<main id=\"main\">\n",
	       lang_switch_href(r), r->lang == LANG_EN ? "da" : "en", r->lang == LANG_EN ? "Dansk" : "English");
}

void page_end(struct http_req *r, struct http_res *res)
{
	html_f(&res->body, "</main>\n<footer><p>%s</p></footer>\n</body>\n</html>\n",
	       tr(r, "pejl · Socialforvaltningens strategi, mål og status",
		  "pejl · the Social Administration's strategy, goals and status"));
}

void page_error(struct http_req *r, struct http_res *res, int status, const char *message)
{
	char title[64];

	snprintf(title, sizeof title, "%s %d", tr(r, "Fejl", "Error"), status);
	page_begin(r, res, title);
	html_f(&res->body, "<h1>%s</h1>\n<p class=\"error\" role=\"alert\">%s</p>\n<p><a href=\"/\">%s</a></p>\n", title,
	       message, tr(r, "Til forsiden", "To the front page"));
	page_end(r, res);
}

/* --- login --------------------------------------------------------------------------- */

static void login_form(struct http_req *r, struct http_res *res, const char *error, const char *name)
{
	const char *next = req_query(r, "next");

	if (!next)
		next = req_form(r, "next");
	if (!next || next[0] != '/' || next[1] == '/')
		next = "/";
	page_begin(r, res, tr(r, "Log ind", "Log in"));
	html_f(&res->body, "<h1>%s</h1>\n", tr(r, "Log ind", "Log in"));
	if (error)
		html_f(&res->body, "<p class=\"error\" role=\"alert\" id=\"login-error\">%s</p>\n", error);
	html_f(&res->body,
	       "<form method=\"post\" action=\"/login\" class=\"form\">\n"
	       "<input type=\"hidden\" name=\"next\" value=\"%s\">\n"
	       "<p><label for=\"name\">%s</label>\n<input id=\"name\" name=\"name\" autocomplete=\"username\" required "
	       "value=\"%s\"></p>\n"
	       "<p><label for=\"password\">%s</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
	       "autocomplete=\"current-password\" required></p>\n"
	       "<p><button type=\"submit\">%s</button></p>\n</form>\n",
	       next, tr(r, "Brugernavn", "User name"), name ? name : "", tr(r, "Adgangskode", "Password"),
	       tr(r, "Log ind", "Log in"));
	page_end(r, res);
}

int page_login(struct http_req *r, struct http_res *res)
{
	login_form(r, res, NULL, NULL);
	return 0;
}

int page_login_post(struct http_req *r, struct http_res *res)
{
	struct login_result lr;
	const char *name = req_form(r, "name"), *next = req_form(r, "next");
	int rc = action_login(&lr, r, name, req_form(r, "password"));

	if (rc == PEJL_EPERM || rc == PEJL_ECONFLICT) {
		res->status = rc == PEJL_EPERM ? 401 : 429;
		login_form(r, res,
			   rc == PEJL_EPERM ? tr(r, "Forkert brugernavn eller adgangskode.", "Wrong user name or password.")
					    : tr(r, "For mange forsøg. Vent et kvarter, og prøv igen.",
						 "Too many attempts. Wait a quarter of an hour and try again."),
			   name);
		return 0;
	}
	if (rc < 0)
		return rc;
	res_header(res, "Set-Cookie", session_cookie(r, lr.token));
	if (!next || next[0] != '/' || next[1] == '/')
		next = "/";
	return res_redirect(res, next);
}

int page_logout(struct http_req *r, struct http_res *res)
{
	int rc = action_logout(r);

	if (rc < 0)
		return rc;
	res_header(res, "Set-Cookie", session_cookie_clear(r));
	return res_redirect(res, "/login");
}

/* --- status pages -------------------------------------------------------------------- */

static const char *arrow(enum trend t)
{
	static const char *const a[] = {"", "↑", "↓", "→"};

	return a[t];
}

static const char *trend_text(struct http_req *r, enum trend t)
{
	switch (t) {
	case TREND_BETTER: return tr(r, "bedre end sidst", "better than last time");
	case TREND_WORSE: return tr(r, "dårligere end sidst", "worse than last time");
	case TREND_SAME: return tr(r, "som sidst", "same as last time");
	case TREND_NONE: break;
	}
	return tr(r, "ingen tidligere måling", "no earlier measurement");
}

static void verdict_badge(struct http_req *r, struct buf *b, enum verdict v, enum trend t)
{
	html_f(b, "<span class=\"verdict v-%s\">%s</span>", verdict_code(v), verdict_label(v, r->lang));
	if (t != TREND_NONE)
		html_f(b, " <span class=\"trend\"><span aria-hidden=\"true\">%s</span><span class=\"sr\">%s</span></span>",
		       arrow(t), trend_text(r, t));
}

static const char *goal_title(struct http_req *r, const struct goal_version *v)
{
	return r->lang == LANG_EN && v->title_en ? v->title_en : v->title;
}

static const char *pm_title(struct http_req *r, const struct pejlemaerke *pm)
{
	return r->lang == LANG_EN && pm->title_en ? pm->title_en : pm->title;
}

static void fill_chart(struct chart_input *ci, struct http_req *r, const struct goal_status *gs, const char *id)
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

static void value_text(char *out, size_t n, struct http_req *r, const struct goal_status *gs)
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

static void period_picker(struct http_req *r, struct buf *b, const struct status_report *rep)
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

static void goal_row(struct http_req *r, struct buf *b, const struct goal_status *gs)
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

static const struct goal_status *report_goal(const struct status_report *rep, const char *code,
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

static void version_table(struct http_req *r, struct buf *b, const struct goal *g)
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

/* --- editing -------------------------------------------------------------------------- */

static void diag_list(struct http_req *r, struct buf *b, const struct diag *d)
{
	if (!d || d->n == 0)
		return;
	html_f(b, "<div class=\"errors\" role=\"alert\" id=\"errors\"><h2>%s</h2>\n<ul>\n",
	       tr(r, "Noget skal rettes", "Something needs fixing"));
	for (size_t i = 0; i < d->n; i++)
		html_f(b, "<li class=\"%s\"><span class=\"where\">%s</span>: %s</li>\n", d->items[i].warning ? "warning" : "error",
		       d->items[i].where, d->items[i].msg);
	if (d->dropped)
		html_f(b, "<li>%s %zu</li>\n", tr(r, "… og flere:", "… and more:"), d->dropped);
	html_f(b, "</ul></div>\n");
}

static void text_input(struct buf *b, const char *id, const char *label, const char *value, bool required)
{
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" value=\"%s\"%s></p>\n", id, label, id, id,
	       value ? value : "", required ? " required" : "");
}

static void select_input(struct buf *b, const char *id, const char *label, const char *const *options,
			 const char *selected)
{
	html_f(b, "<p><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", id, label, id, id);
	for (size_t i = 0; options[i]; i++)
		html_f(b, "<option%s>%s</option>", selected && strcmp(selected, options[i]) == 0 ? " selected" : "",
		       options[i]);
	html_f(b, "</select></p>\n");
}

static void goal_edit_form(struct http_req *r, struct http_res *res, const struct goal *g, const struct diag *d)
{
	const struct goal_version *v = &g->versions[g->nversions - 1];
	static const char *const dirs[] = {"up", "down", NULL};
	static const char *const samplings[] = {"census", "sample", NULL};
	static const char *const cadences[] = {"yearly", "biennial", "quarterly", "monthly", "school_year", NULL};
	static const char *const kinds[] = {"none", "level", "delta", "percent", "max", "min", NULL};
	struct buf *b = &res->body;
	char num[3][48], today[11];
	const char *f;

#define VAL(key, dflt) ((f = req_form(r, key)) ? f : (dflt))
	date_format(today, date_today());
	snprintf(num[0], sizeof num[0], "%.15g", v->baseline_value);
	snprintf(num[1], sizeof num[1], "%.15g", v->target_value);
	snprintf(num[2], sizeof num[2], "%.15g", v->tolerance);
	page_begin(r, res, tr(r, "Ny version af målet", "New version of the goal"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/goals/%s\">%s</a></p>\n<h1>%s %s</h1>\n<p>%s</p>\n", g->code, g->code,
	       tr(r, "Ny version af mål", "New version of goal"), g->code,
	       tr(r, "Mål og definitioner er politiske beslutninger. En ændring gemmes som en ny version med dato og "
		     "beslutningsreference; tidligere versioner bevares.",
		  "Goals and definitions are political decisions. A change is kept as a new version with its date and "
		  "decision reference; earlier versions stay."));
	diag_list(r, b, d);
	html_f(b, "<form method=\"post\" action=\"/goals/%s/versions\" class=\"form\">\n"
		  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n",
	       g->code, r->csrf ? r->csrf : "");
	text_input(b, "date", tr(r, "Gælder fra (ÅÅÅÅ-MM-DD)", "In force from (YYYY-MM-DD)"), VAL("date", today), true);
	text_input(b, "decision", tr(r, "Beslutning (fx sagsnummer)", "Decision (e.g. case number)"), VAL("decision", ""),
		   true);
	text_input(b, "title", tr(r, "Titel", "Title"), VAL("title", v->title), true);
	text_input(b, "title_en", tr(r, "Titel på engelsk", "Title in English"), VAL("title_en", v->title_en), false);
	html_f(b, "<p><label for=\"definition\">%s</label><textarea id=\"definition\" name=\"definition\" rows=\"3\" "
		  "required>%s</textarea></p>\n",
	       tr(r, "Definition", "Definition"), VAL("definition", v->definition));
	text_input(b, "source", tr(r, "Datakilde", "Data source"), VAL("source", v->source), false);
	select_input(b, "direction", tr(r, "Ønsket retning", "Desired direction"), dirs,
		     VAL("direction", direction_name(v->direction)));
	select_input(b, "sampling", tr(r, "Opgørelse", "Sampling"), samplings, VAL("sampling", sampling_name(v->sampling)));
	select_input(b, "cadence", tr(r, "Hyppighed", "Cadence"), cadences, VAL("cadence", cadence_name(v->cadence)));
	text_input(b, "baseline_period", tr(r, "Basisperiode", "Baseline period"),
		   VAL("baseline_period", v->has_baseline ? v->baseline_period : ""), false);
	text_input(b, "baseline_value", tr(r, "Basisværdi", "Baseline value"),
		   VAL("baseline_value", v->has_baseline ? num[0] : ""), false);
	select_input(b, "target_kind", tr(r, "Måltype", "Target kind"), kinds,
		     VAL("target_kind", target_kind_name(v->target_kind)));
	text_input(b, "target_value", tr(r, "Målværdi", "Target value"),
		   VAL("target_value", v->target_kind != TARGET_NONE ? num[1] : ""), false);
	text_input(b, "target_period", tr(r, "Målperiode", "Target period"), VAL("target_period", v->target_period), false);
	text_input(b, "tolerance", tr(r, "Tolerance", "Tolerance"), VAL("tolerance", num[2]), false);
	text_input(b, "note", tr(r, "Note", "Note"), VAL("note", ""), false);
	html_f(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "Gem ny version", "Save new version"));
	page_end(r, res);
#undef VAL
}

int page_goal_edit(struct http_req *r, struct http_res *res)
{
	struct strategy_doc *doc;
	const struct goal *g;
	int rc;

	if ((rc = find_goal(&g, &doc, r, r->params[0])) < 0)
		return rc;
	goal_edit_form(r, res, g, NULL);
	return 0;
}

int page_goal_version_post(struct http_req *r, struct http_res *res)
{
	struct strategy_doc *doc;
	const struct goal *g;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = action_goal_version(r, r->params[0], r->form, r->nform, &d);
	if (rc == PEJL_EINPUT) {
		if ((rc = find_goal(&g, &doc, r, r->params[0])) == 0) {
			res->status = 422;
			goal_edit_form(r, res, g, &d);
		}
	} else if (rc == 0) {
		res_redirect(res, arena_printf(r->a, "/goals/%s", r->params[0]));
	}
	diag_free(&d);
	return rc;
}

int page_commentary_post(struct http_req *r, struct http_res *res)
{
	struct diag d;
	int rc;

	diag_init(&d);
	rc = action_commentary(r, r->params[0], req_form(r, "period"), req_form(r, "analysis"), req_form(r, "next_steps"),
			       &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		page_begin(r, res, tr(r, "Kommentar", "Commentary"));
		diag_list(r, &res->body, &d);
		html_f(&res->body, "<p><a href=\"/goals/%s\">%s</a></p>\n", r->params[0], tr(r, "Tilbage", "Back"));
		page_end(r, res);
		rc = 0;
	} else if (rc == 0) {
		res_redirect(res, arena_printf(r->a, "/goals/%s", r->params[0]));
	}
	diag_free(&d);
	return rc;
}

/* --- organisation --------------------------------------------------------------------- */

int page_units(struct http_req *r, struct http_res *res)
{
	struct unit *units;
	size_t n, count, *order;
	int *depth, rc;
	char today[11];
	const char *at = req_query(r, "at");
	struct date dt;
	struct buf *b;

	date_format(today, date_today());
	if (!at || !date_parse(&dt, at))
		at = today;
	if ((rc = store_unit_list(&units, &n, r->store, r->a)) < 0)
		return rc;
	order = arena_calloc(r->a, n + 1, sizeof *order);
	depth = arena_calloc(r->a, n + 1, sizeof *depth);
	count = orgtree_order(units, n, at, order, depth);
	page_begin(r, res, tr(r, "Organisation", "Organisation"));
	b = &res->body;
	html_f(b, "<h1>%s</h1>\n<p>%s %s.</p>\n<ul class=\"tree\">\n", tr(r, "Organisation", "Organisation"),
	       tr(r, "Enhederne, som de var", "The units as they were on"), at);
	for (size_t k = 0; k < count; k++) {
		const struct unit *u = &units[order[k]];

		html_f(b, "<li class=\"d%d\"><span class=\"code\">%s</span> %s <span class=\"kind\">(%s)</span></li>\n",
		       depth[k] > 5 ? 5 : depth[k], u->code, u->name,
		       r->lang == LANG_EN ? unit_kind_name(u->kind) : unit_kind_label_da(u->kind));
	}
	html_f(b, "</ul>\n");
	page_end(r, res);
	return 0;
}

/* --- measurements ---------------------------------------------------------------------- */

static void entry_form(struct http_req *r, struct http_res *res, const struct diag *d, const char *done)
{
	struct strategy_doc *doc;
	struct buf *b = &res->body;
	const char *goal = req_form(r, "goal") ? req_form(r, "goal") : req_query(r, "goal");
	static const char *const states[] = {"ok", "estimate", "break", "missing", NULL};
	char *def;
	const char *f;

	page_begin(r, res, tr(r, "Indtast måling", "Enter a measurement"));
	html_f(b, "<h1>%s</h1>\n", tr(r, "Indtast måling", "Enter a measurement"));
	if (done)
		html_f(b, "<p class=\"ok\" role=\"status\">%s</p>\n", done);
	diag_list(r, b, d);
	if (store_strategy_default(&def, r->store, r->a) < 0 || store_strategy_load(&doc, r->store, r->a, def) < 0) {
		page_end(r, res);
		return;
	}
	html_f(b, "<form method=\"post\" action=\"/measurements\" class=\"form\">\n"
		  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<p><label for=\"goal\">%s</label><select id=\"goal\" name=\"goal\">",
	       r->csrf ? r->csrf : "", tr(r, "Mål", "Goal"));
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &doc->strategy.pejlemaerker[i].goals[j];

			html_f(b, "<option value=\"%s\"%s>%s %s</option>", g->code,
			       goal && strcmp(goal, g->code) == 0 ? " selected" : "", g->code,
			       goal_title(r, &g->versions[g->nversions - 1]));
		}
	html_f(b, "</select></p>\n");
#define VAL(key) ((f = req_form(r, key)) ? f : "")
	text_input(b, "period", tr(r, "Periode (2017, 2017Q3, 2017-03, 2016/17)", "Period (2017, 2017Q3, 2017-03, 2016/17)"),
		   VAL("period"), true);
	html_f(b, "<p><label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\"><option value=\"\">%s</option>",
	       tr(r, "Enhed", "Unit"), tr(r, "Hele forvaltningen", "The whole administration"));
	for (size_t i = 0; i < doc->nunits; i++)
		html_f(b, "<option value=\"%s\"%s>%s %s</option>", doc->units[i].code,
		       strcmp(VAL("unit"), doc->units[i].code) == 0 ? " selected" : "", doc->units[i].code, doc->units[i].name);
	html_f(b, "</select></p>\n<p><label for=\"group\">%s</label><select id=\"group\" name=\"group\"><option value=\"\">%s</option>",
	       tr(r, "Målgruppe", "Target group"), tr(r, "Alle målgrupper", "All target groups"));
	for (size_t i = 0; i < doc->ngroups; i++)
		html_f(b, "<option value=\"%s\"%s>%s</option>", doc->groups[i].code,
		       strcmp(VAL("group"), doc->groups[i].code) == 0 ? " selected" : "",
		       r->lang == LANG_EN && doc->groups[i].name_en ? doc->groups[i].name_en : doc->groups[i].name);
	html_f(b, "</select></p>\n<fieldset><legend>%s</legend>\n", tr(r, "Tal (efter måletype)", "Figures (by measure type)"));
	text_input(b, "value", tr(r, "Værdi (antal eller gennemsnit)", "Value (count or mean)"), VAL("value"), false);
	text_input(b, "numerator", tr(r, "Tæller", "Numerator"), VAL("numerator"), false);
	text_input(b, "denominator", tr(r, "Nævner", "Denominator"), VAL("denominator"), false);
	text_input(b, "n", tr(r, "Antal bag gennemsnittet (n)", "Number behind the mean (n)"), VAL("n"), false);
	text_input(b, "sd", tr(r, "Spredning (sd)", "Standard deviation (sd)"), VAL("sd"), false);
	html_f(b, "</fieldset>\n");
	select_input(b, "state", tr(r, "Tilstand", "State"), states, VAL("state"));
	text_input(b, "source", tr(r, "Kilde", "Source"), VAL("source"), false);
	text_input(b, "note", tr(r, "Note", "Note"), VAL("note"), false);
	html_f(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "Gem måling", "Save measurement"));
#undef VAL
	page_end(r, res);
}

int page_entry(struct http_req *r, struct http_res *res)
{
	entry_form(r, res, NULL, NULL);
	return 0;
}

/* Rewrites "form:2:5" locations into field names for people. */
static void locate_fields(struct diag *d)
{
	static const char *const cols[] = {"goal", "period", "unit", "group", "value", "numerator", "denominator",
					   "n", "sd", "state", "source", "note"};

	for (size_t i = 0; i < d->n; i++) {
		const char *c = strrchr(d->items[i].where, ':');
		int col = c ? atoi(c + 1) : 0;

		if (col >= 1 && col <= 12 && strncmp(d->items[i].where, "form:", 5) == 0) {
			free(d->items[i].where);
			d->items[i].where = strdup(cols[col - 1]);
		}
	}
}

int page_entry_post(struct http_req *r, struct http_res *res)
{
	struct measure_import_result mr;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = action_entry(&mr, r, r->form, r->nform, &d);
	locate_fields(&d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		entry_form(r, res, &d, NULL);
		rc = 0;
	} else if (rc == 0) {
		const char *msg = mr.added ? tr(r, "Målingen er gemt.", "The measurement is saved.")
			      : mr.revised ? tr(r, "Målingen er rettet; den tidligere værdi er gemt i historikken.",
						"The measurement is corrected; the earlier value is kept in the history.")
					   : tr(r, "Målingen var allerede gemt med samme værdi.",
						"The measurement was already stored with the same value.");

		entry_form(r, res, &d, msg);
	}
	diag_free(&d);
	return rc;
}

static void import_form(struct http_req *r, struct http_res *res, const struct diag *d, const char *done)
{
	struct buf *b = &res->body;

	page_begin(r, res, tr(r, "Indlæs målinger", "Upload measurements"));
	html_f(b, "<h1>%s</h1>\n<p>%s</p>\n", tr(r, "Indlæs målinger", "Upload measurements"),
	       tr(r, "En CSV- eller XLSX-fil med kolonnerne goal, period, unit, group, value, numerator, denominator, n, sd, "
		     "state, source, note (kun goal, period og det, måletypen kræver, er påkrævet). Filen indlæses helt "
		     "eller slet ikke.",
		  "A CSV or XLSX file with the columns goal, period, unit, group, value, numerator, denominator, n, sd, "
		  "state, source, note (only goal, period and what the measure type needs are required). The file is "
		  "imported whole or not at all."));
	if (done)
		html_f(b, "<p class=\"ok\" role=\"status\">%s</p>\n", done);
	diag_list(r, b, d);
	html_f(b, "<form method=\"post\" action=\"/imports\" enctype=\"multipart/form-data\" class=\"form\">\n"
		  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
		  "<p><label for=\"file\">%s</label><input id=\"file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx\" required></p>\n"
		  "<p><label for=\"sheet\">%s</label><input id=\"sheet\" name=\"sheet\"></p>\n"
		  "<p><input id=\"dry_run\" name=\"dry_run\" type=\"checkbox\" value=\"1\"> <label for=\"dry_run\">%s</label></p>\n"
		  "<p><button type=\"submit\">%s</button></p>\n</form>\n",
	       r->csrf ? r->csrf : "", tr(r, "Fil", "File"), tr(r, "Ark (XLSX, valgfrit)", "Sheet (XLSX, optional)"),
	       tr(r, "Kun kontrol, gem intet", "Check only, store nothing"), tr(r, "Indlæs", "Upload"));
	page_end(r, res);
}

int page_import(struct http_req *r, struct http_res *res)
{
	import_form(r, res, NULL, NULL);
	return 0;
}

int page_import_post(struct http_req *r, struct http_res *res)
{
	const struct upload *f = req_file(r, "file");
	struct measure_import_result mr;
	const char *sheet = req_form(r, "sheet");
	bool dry = req_form(r, "dry_run") != NULL;
	struct diag d;
	int rc;

	if (!f || f->len == 0) {
		res->status = 422;
		diag_init(&d);
		diag_error(&d, "file", "%s", tr(r, "vælg en fil", "choose a file"));
		import_form(r, res, &d, NULL);
		diag_free(&d);
		return 0;
	}
	diag_init(&d);
	rc = action_import(&mr, r, f->filename && *f->filename ? f->filename : "upload", f->data, f->len, dry,
			   sheet && *sheet ? sheet : NULL, &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		import_form(r, res, &d, NULL);
		rc = 0;
	} else if (rc == 0) {
		const char *msg = arena_printf(r->a, "%s%s: %zu %s, %zu %s, %zu %s, %zu %s.",
					       dry ? tr(r, "Kontrol (intet gemt) af ", "Check (nothing stored) of ") : "",
					       f->filename, mr.rows, tr(r, "rækker", "rows"), mr.added, tr(r, "nye", "added"),
					       mr.revised, tr(r, "rettede", "revised"), mr.unchanged, tr(r, "uændrede", "unchanged"));

		import_form(r, res, &d, msg);
	}
	diag_free(&d);
	return rc;
}

/* --- admin --------------------------------------------------------------------------- */

int page_audit(struct http_req *r, struct http_res *res)
{
	struct audit_entry *v;
	size_t n;
	struct buf *b;
	int rc;

	if ((rc = store_audit_list(&v, &n, r->store, r->a, 500)) < 0)
		return rc;
	page_begin(r, res, tr(r, "Revisionslog", "Audit log"));
	b = &res->body;
	html_f(b, "<h1>%s</h1>\n<table class=\"audit\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		  "</thead>\n<tbody>\n",
	       tr(r, "Revisionslog", "Audit log"), tr(r, "De seneste 500 ændringer", "The latest 500 changes"),
	       tr(r, "Tid (UTC)", "Time (UTC)"), tr(r, "Hvem", "Who"), tr(r, "Handling", "Action"), tr(r, "Hvad", "What"),
	       tr(r, "Detaljer", "Details"));
	for (size_t i = 0; i < n; i++)
		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", v[i].at, v[i].actor,
		       v[i].action, v[i].object, v[i].detail ? v[i].detail : "");
	html_f(b, "</tbody>\n</table>\n");
	page_end(r, res);
	return 0;
}

int page_favicon(struct http_req *r, struct http_res *res)
{
	(void)r;
	res->status = 204;
	res->cacheable = true;
	return 0;
}

/* --- the strategy ------------------------------------------------------------------------ */

static void strategy_page(struct http_req *r, struct http_res *res, const struct diag *d, const char *done)
{
	struct strategy_doc *doc;
	struct buf *b = &res->body;
	char *def;

	page_begin(r, res, tr(r, "Strategien", "The strategy"));
	if (store_strategy_default(&def, r->store, r->a) < 0 || store_strategy_load(&doc, r->store, r->a, def) < 0) {
		html_f(b, "<h1>%s</h1>\n<p>%s</p>\n", tr(r, "Strategien", "The strategy"),
		       tr(r, "Databasen har ingen strategi endnu.", "The database holds no strategy yet."));
		page_end(r, res);
		return;
	}
	html_f(b, "<h1>%s</h1>\n<p>%d–%d. %s %s, %s (%s).</p>\n",
	       r->lang == LANG_EN && doc->strategy.name_en ? doc->strategy.name_en : doc->strategy.name,
	       doc->strategy.valid_from, doc->strategy.valid_to, tr(r, "Vedtaget af", "Adopted by"),
	       doc->strategy.decision_body ? doc->strategy.decision_body : "–",
	       doc->strategy.decision_date ? doc->strategy.decision_date : "–",
	       doc->strategy.decision_case ? doc->strategy.decision_case : "–");
	if (done)
		html_f(b, "<p class=\"ok\" role=\"status\">%s</p>\n", done);
	diag_list(r, b, d);
	html_f(b, "<p><a href=\"/api/v1/strategy\" download=\"strategy-%s.json\">%s</a></p>\n", doc->strategy.code,
	       tr(r, "Hent strategifilen (JSON)", "Download the strategy file (JSON)"));
	html_f(b, "<h2>%s</h2>\n", tr(r, "Principper", "Principles"));
	for (size_t i = 0; i < doc->strategy.nprinciples; i++) {
		const struct principle *p = &doc->strategy.principles[i];

		html_f(b, "<h3>%d. %s</h3>\n<ul>\n", p->number, r->lang == LANG_EN && p->title_en ? p->title_en : p->title);
		for (size_t j = 0; j < p->ncommitments; j++)
			html_f(b, "<li><span class=\"code\">%s</span> %s</li>\n", p->commitments[j].code, p->commitments[j].text);
		html_f(b, "</ul>\n");
	}
	html_f(b, "<h2>%s</h2>\n<ol>\n", tr(r, "Pejlemærker", "Pejlemærker"));
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		html_f(b, "<li><a href=\"/pejlemaerker/%d\">%s</a></li>\n", doc->strategy.pejlemaerker[i].number,
		       pm_title(r, &doc->strategy.pejlemaerker[i]));
	html_f(b, "</ol>\n");
	if (r->user->role == ROLE_ANALYST)
		html_f(b, "<h2>%s</h2>\n<p>%s</p>\n"
			  "<form method=\"post\" action=\"/strategy\" enctype=\"multipart/form-data\" class=\"form\">\n"
			  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
			  "<p><label for=\"sfile\">%s</label><input id=\"sfile\" name=\"file\" type=\"file\" accept=\".json\" required></p>\n"
			  "<p><button type=\"submit\">%s</button></p>\n</form>\n",
		       tr(r, "Indlæs en strategifil", "Load a strategy file"),
		       tr(r, "En ny strategi, eller denne med nye versioner af mål tilføjet. Historikken omskrives aldrig.",
			  "A new strategy, or this one with new goal versions added. History is never rewritten."),
		       r->csrf ? r->csrf : "", tr(r, "Strategifil (JSON)", "Strategy file (JSON)"),
		       tr(r, "Indlæs", "Load"));
	page_end(r, res);
}

int page_strategy(struct http_req *r, struct http_res *res)
{
	strategy_page(r, res, NULL, NULL);
	return 0;
}

int page_strategy_post(struct http_req *r, struct http_res *res)
{
	const struct upload *f = req_file(r, "file");
	struct strategy_import_result sr;
	struct diag d;
	int rc;

	diag_init(&d);
	if (!f || f->len == 0) {
		diag_error(&d, "file", "%s", tr(r, "vælg en fil", "choose a file"));
		rc = PEJL_EINPUT;
	} else {
		rc = strategy_file_import(&sr, r->store, r->a, f->filename && *f->filename ? f->filename : "upload",
					  f->data, f->len, r->user->name, false, &d);
	}
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		strategy_page(r, res, &d, NULL);
		rc = 0;
	} else if (rc == 0) {
		strategy_page(r, res, &d,
			      arena_printf(r->a, "%s %s: %zu %s, %zu %s.", sr.created ? tr(r, "Ny strategi", "New strategy") : tr(r, "Strategi", "Strategy"),
					   sr.code, sr.ngoals, tr(r, "mål", "goals"), sr.versions_added,
					   tr(r, "nye versioner", "new versions")));
	}
	diag_free(&d);
	return rc;
}
