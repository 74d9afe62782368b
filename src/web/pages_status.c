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

/* The shared status pieces (io/status_html.h) for this request's language,
 * with the server's links. */
void page_status_html(struct status_html *h, const struct http_req *r)
{
	h->lang = r->lang;
	h->goal_prefix = "/goals/";
	h->goal_suffix = "";
	h->pm_prefix = "/pejlemaerker/";
	h->pm_suffix = "";
}

const char *goal_title(struct http_req *r, const struct goal_version *v)
{
	return r->lang == LANG_EN && v->title_en ? v->title_en : v->title;
}

const char *pm_title(struct http_req *r, const struct pejlemaerke *pm)
{
	return r->lang == LANG_EN && pm->title_en ? pm->title_en : pm->title;
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
	struct status_html h;
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
	page_status_html(&h, r);
	status_html_pm_head(b, &h, rep->period);
	for (size_t i = 0; i < rep->npms; i++)
		if (rep->pms[i].pm->ngoals > 0)
			status_html_pm_row(b, &h, &rep->pms[i], NULL, 0);
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

int page_pejlemaerke(struct http_req *r, struct http_res *res)
{
	struct status_html h;
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
	page_status_html(&h, r);
	status_html_badge(b, &h, ps->roll.verdict, ps->roll.trend);
	html_f(b, " — %s %s</p>\n", tr(r, "status", "status"), rep->period);
	period_picker(r, b, rep);
	status_html_goals_head(b, &h);
	for (size_t j = 0; j < ps->pm->ngoals; j++)
		status_html_goal_row(b, &h, &ps->goals[j], false, NULL);
	html_f(b, "</tbody>\n</table>\n");
	for (size_t j = 0; j < ps->pm->ngoals; j++) {
		struct chart_input ci;
		struct buf svg = BUF_INIT;
		char id[32];

		snprintf(id, sizeof id, "c-%s", ps->goals[j].goal->code);
		status_html_chart_input(&ci, &h, &ps->goals[j], NULL, 0, id);
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

int page_goal(struct http_req *r, struct http_res *res)
{
	struct status_html h;
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
	page_status_html(&h, r);
	page_begin(r, res, goal_title(r, gs->version));
	html_f(b, "<p class=\"crumbs\"><a href=\"/\">%s</a> › <a href=\"/pejlemaerker/%d\">%s %d</a> › %s</p>\n"
		  "<h1>%s: %s</h1>\n<p>",
	       tr(r, "Overblik", "Overview"), pm->pm->number, tr(r, "Pejlemærke", "Pejlemærke"), pm->pm->number,
	       gs->goal->code, gs->goal->code, goal_title(r, gs->version));
	status_html_badge(b, &h, gs->st.verdict, gs->st.trend);
	html_f(b, " — %s %s</p>\n<p class=\"why\">%s</p>\n", tr(r, "status", "status"), rep->period,
	       r->lang == LANG_EN ? gs->st.explanation_en : gs->st.explanation_da);
	if (r->user->role == ROLE_ANALYST)
		html_f(b, "<p class=\"actions\"><a href=\"/measurements/new?goal=%s\">%s</a> · <a href=\"/goals/%s/edit\">%s</a></p>\n",
		       gs->goal->code, tr(r, "Indtast måling", "Enter a measurement"), gs->goal->code,
		       tr(r, "Ny version af målet", "New version of the goal"));
	status_html_chart_input(&ci, &h, gs, NULL, 0, "chart");
	chart_svg(&svg, &ci, 720, 320);
	html_f(b, "<figure class=\"chart\">%r</figure>\n", buf_cstr(&svg));
	buf_free(&svg);
	status_html_series_table(b, &h, gs, NULL);
	status_html_definition(b, &h, gs->version);
	status_html_versions(b, &h, gs->goal);
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

