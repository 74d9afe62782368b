/*
 * pages_redthread.c — the red thread on the web (DESIGN §2): by
 * pejlemærke (goal → initiative → plan → unit), by unit (its plans, the
 * plans above and below them, and what they serve), and its gaps. Every
 * view can be downloaded as CSV or XLSX (?format=csv|xlsx), the same tables
 * the CLI writes. The pieces shared with the plan pages are in
 * pages_plan_impl.h.
 */
#include "web/pages_impl.h"
#include "web/pages_plan_impl.h"

#include "core/access.h"
#include "core/orgtree.h"
#include "io/export.h"
#include "io/htmlw.h"
#include "io/plan_report.h"
#include "util/date.h"
#include "util/err.h"
#include "web/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the red thread ------------------------------------------------------------------------ */

static void thread_item(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct thread_item *it)
{
	html_f(b, "<li><a href=\"/plans/%s#i-%ld\">%s</a> <span class=\"istatus is-%s\">(%s)</span> → <a href=\"/plans/%s\">%s</a> "
		  "(%s, ",
	       it->plan->code, it->initiative->id, it->initiative->title, initiative_status_name(it->initiative->status),
	       initiative_status_label(it->initiative->status, pp_da(r)), it->plan->code, it->plan->title,
	       plan_type_label(it->plan->type, pp_da(r)));
	pp_status_badge(r, b, it->plan->status);
	html_f(b, ") → ");
	pp_unit_link(r, b, rep, it->plan->unit);
	html_f(b, "</li>\n");
}

static void unit_thread(struct http_req *r, struct http_res *res, const struct plan_report *rep, const char *unit)
{
	struct unit_plan *up;
	struct buf *b = &res->body;
	const char *name = plan_report_unit_name(rep, unit);
	size_t n;

	redthread_unit(&up, &n, rep->plans, rep->nplans, unit, r->a);
	page_begin(r, res, tr(r, "Den røde tråd", "The red thread"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/redthread\">%s</a> › %s</p>\n<h1>%s: %s</h1>\n<p>%s</p>\n",
	       tr(r, "Den røde tråd", "The red thread"), unit, tr(r, "Den røde tråd", "The red thread"), name ? name : unit,
	       tr(r, "Enhedens planer, planerne over og under dem, og hvad initiativerne tjener i strategien.",
		  "The unit's plans, the plans above and below them, and what the initiatives serve in the strategy."));
	pp_export_links(r, b);
	if (n == 0)
		html_f(b, "<p class=\"gap\">%s</p>\n", tr(r, "Enheden har ingen plan.", "The unit has no plan."));
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = up[i].plan;

		html_f(b, "<section class=\"unit-plan\">\n<h2><a href=\"/plans/%s\">%s</a></h2>\n<p>%s · %s · ", p->code, p->title,
		       plan_type_label(p->type, pp_da(r)), pp_years(r, p));
		pp_status_badge(r, b, p->status);
		html_f(b, "</p>\n");
		if (up[i].nancestors) {
			html_f(b, "<p>%s ", tr(r, "Hænger under:", "Hangs under:"));
			for (size_t k = 0; k < up[i].nancestors; k++)
				html_f(b, "%s<a href=\"/plans/%s\">%s</a>", k ? " › " : "", up[i].ancestors[k]->code,
				       up[i].ancestors[k]->title);
			html_f(b, "</p>\n");
		}
		if (up[i].nchildren) {
			html_f(b, "<p>%s ", tr(r, "Planer herunder:", "Plans below:"));
			for (size_t k = 0; k < up[i].nchildren; k++)
				html_f(b, "%s<a href=\"/plans/%s\">%s</a>", k ? ", " : "", up[i].children[k]->code,
				       up[i].children[k]->title);
			html_f(b, "</p>\n");
		}
		for (size_t j = 0; j < p->ninitiatives; j++) {
			html_f(b, "<h3><a href=\"/plans/%s#i-%ld\">%s</a> (%s)</h3>\n", p->code, p->initiatives[j].id,
			       p->initiatives[j].title, initiative_status_label(p->initiatives[j].status, pp_da(r)));
			pp_links_list(r, b, rep, &p->initiatives[j]);
		}
		html_f(b, "</section>\n");
	}
	page_end(r, res);
}

int page_redthread(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct redthread rt;
	struct table t;
	struct buf *b = &res->body;
	const char *unit = req_query(r, "unit"), *pq = req_query(r, "pejlemaerke");
	char *end = NULL;
	long number = pq && *pq ? strtol(pq, &end, 10) : 0;
	bool found = number == 0 && (!end || !*end);
	int rc;

	if (unit && !*unit)
		unit = NULL;
	if ((rc = pp_load(&rep, r, !unit)) < 0)
		return rc;
	if (unit) {
		struct unit_plan *up;
		size_t n;

		if (!plan_report_unit_exists(&rep, unit))
			return err_set(PEJL_ENOTFOUND, "there is no unit %s", unit);
		redthread_unit(&up, &n, rep.plans, rep.nplans, unit, r->a);
		plan_report_unit_table(&t, &rep, unit, up, n);
		if (pp_export_requested(&rc, r, res, &t, "redthread-unit")) {
			table_free(&t);
			return rc;
		}
		table_free(&t);
		unit_thread(r, res, &rep, unit);
		return 0;
	}
	for (size_t i = 0; i < rep.st->npejlemaerker; i++)
		found |= rep.st->pejlemaerker[i].number == number;
	if (!found || (end && *end))
		return err_set(PEJL_ENOTFOUND, "there is no pejlemærke %s", pq);
	redthread_build(&rt, rep.st, rep.plans, rep.nplans, r->a);
	plan_report_thread_table(&t, &rep, &rt, (int)number);
	if (pp_export_requested(&rc, r, res, &t, "redthread")) {
		table_free(&t);
		return rc;
	}
	table_free(&t);
	page_begin(r, res, tr(r, "Den røde tråd", "The red thread"));
	html_f(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", tr(r, "Den røde tråd", "The red thread"),
	       tr(r, "Fra pejlemærker og delmål over de initiativer, der tjener dem, og planerne, de hører til, til "
		     "enhederne. Kun den gældende version af en plan (ellers kladden) tæller.",
		  "From pejlemærker and goals through the initiatives serving them and the plans they belong to, to "
		  "the units. Only the version of a plan in force (else its draft) counts."));
	html_f(b, "<form method=\"get\" class=\"inline filter\"><label for=\"rt-pm\">%s</label> <select id=\"rt-pm\" "
		  "name=\"pejlemaerke\"><option value=\"\">%s</option>",
	       tr(r, "Pejlemærke", "Pejlemærke"), tr(r, "Alle", "All"));
	for (size_t i = 0; i < rep.st->npejlemaerker; i++)
		html_f(b, "<option value=\"%d\"%s>%d. %s</option>", rep.st->pejlemaerker[i].number,
		       rep.st->pejlemaerker[i].number == (int)number ? " selected" : "", rep.st->pejlemaerker[i].number,
		       pm_title(r, &rep.st->pejlemaerker[i]));
	html_f(b, "</select> <button type=\"submit\">%s</button></form>\n", tr(r, "Vis", "Show"));
	html_f(b, "<form method=\"get\" class=\"inline filter\"><label for=\"rt-unit\">%s</label> <select id=\"rt-unit\" "
		  "name=\"unit\">",
	       tr(r, "Eller en enheds tråd", "Or a unit's thread"));
	pp_unit_options(r, b, &rep, r->user->unit, false);
	html_f(b, "</select> <button type=\"submit\">%s</button></form>\n", tr(r, "Vis enheden", "Show the unit"));
	pp_export_links(r, b);
	html_f(b, "<p><a href=\"/redthread/gaps\">%s</a></p>\n", tr(r, "Huller i den røde tråd", "Gaps in the red thread"));
	for (size_t i = 0; i < rt.npms; i++) {
		const struct thread_pm *tp = &rt.pms[i];

		if (number && tp->pm->number != number)
			continue;
		html_f(b, "<section class=\"thread\" id=\"pm-%d\">\n<h2><a href=\"/pejlemaerker/%d\">%d. %s</a></h2>\n", tp->pm->number,
		       tp->pm->number, tp->pm->number, pm_title(r, tp->pm));
		if (tp->ndirect) {
			html_f(b, "<h3>%s</h3>\n<ul class=\"thread\">\n", tr(r, "Tjener hele pejlemærket", "Serving the whole pejlemærke"));
			for (size_t k = 0; k < tp->ndirect; k++)
				thread_item(r, b, &rep, &tp->direct[k]);
			html_f(b, "</ul>\n");
		}
		for (size_t j = 0; j < tp->pm->ngoals; j++) {
			const struct thread_goal *tg = &tp->goals[j];
			const struct commentary *c = plan_report_commentary(&rep, tg->goal);

			html_f(b, "<h3><a href=\"/goals/%s\">%s</a> %s</h3>\n", tg->goal->code, tg->goal->code,
			       goal_title(r, &tg->goal->versions[tg->goal->nversions - 1]));
			if (c) {
				html_f(b, "<div class=\"comment\"><p><strong>%s %s:</strong> %s</p>\n", tr(r, "Kommentar", "Commentary"),
				       c->period, c->analysis);
				if (c->next_steps)
					html_f(b, "<p><strong>%s</strong> %s</p>\n", tr(r, "Det gør vi nu:", "What is being done next:"),
					       c->next_steps);
				html_f(b, "<p class=\"meta\">%s, %s</p></div>\n", c->author, c->at);
			}
			if (tg->nitems == 0) {
				html_f(b, "<p class=\"gap\">%s</p>\n", tr(r, "Intet initiativ tjener dette delmål.", "No initiative serves this goal."));
				continue;
			}
			html_f(b, "<ul class=\"thread\">\n");
			for (size_t k = 0; k < tg->nitems; k++)
				thread_item(r, b, &rep, &tg->items[k]);
			html_f(b, "</ul>\n");
		}
		html_f(b, "</section>\n");
	}
	page_end(r, res);
	return 0;
}

int page_redthread_gaps(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct gaps g;
	struct table t;
	struct buf *b = &res->body;
	const char *tq = req_query(r, "today");
	char today[11];
	struct date dt;
	int rc;

	plan_today(today);
	if (tq && *tq) {
		if (!date_parse(&dt, tq))
			return err_set(PEJL_EINPUT, "today \"%s\" is not a date YYYY-MM-DD", tq);
		snprintf(today, sizeof today, "%s", tq);
	}
	if ((rc = plan_report_load(&rep, r->store, r->a, NULL, today, false)) < 0 ||
	    (rc = redthread_gaps(&g, rep.st, rep.plans, rep.nplans, rep.doc->units, rep.doc->nunits, today, r->a)) < 0)
		return rc;
	plan_report_gaps_table(&t, &rep, &g);
	if (pp_export_requested(&rc, r, res, &t, "gaps")) {
		table_free(&t);
		return rc;
	}
	table_free(&t);
	page_begin(r, res, tr(r, "Huller i den røde tråd", "Gaps in the red thread"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/redthread\">%s</a></p>\n<h1>%s</h1>\n<p class=\"lead\">%s %s.</p>\n",
	       tr(r, "Den røde tråd", "The red thread"), tr(r, "Huller i den røde tråd", "Gaps in the red thread"),
	       tr(r, "Det, intet tjener, og det, der ikke tjener noget, pr.", "What nothing serves and what serves nothing, on"),
	       today);
	html_f(b, "<form method=\"get\" class=\"inline filter\"><label for=\"g-today\">%s</label> <input id=\"g-today\" "
		  "name=\"today\" value=\"%s\"> <button type=\"submit\">%s</button></form>\n",
	       tr(r, "Dato (ÅÅÅÅ-MM-DD)", "Date (YYYY-MM-DD)"), today, tr(r, "Vis", "Show"));
	pp_export_links(r, b);
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		html_f(b, "<section class=\"gaps\" id=\"%s\">\n<h2>%s (%zu)</h2>\n", gap_kind_name((enum gap_kind)k),
		       gap_kind_label((enum gap_kind)k, pp_da(r)), g.count[k]);
		if (!g.count[k]) {
			html_f(b, "<p>%s</p>\n</section>\n", tr(r, "Ingen.", "None."));
			continue;
		}
		html_f(b, "<ul>\n");
		for (size_t i = 0; i < g.n; i++) {
			const struct gap *x = &g.items[i];

			if ((int)x->kind != k)
				continue;
			switch (x->kind) {
			case GAP_COMMITMENT:
				html_f(b, "<li><a href=\"/strategy#c-%s\">%s</a> %s</li>\n", x->ref, x->ref, x->title);
				break;
			case GAP_GOAL:
				html_f(b, "<li><a href=\"/goals/%s\">%s</a> %s (%s %d)</li>\n", x->ref, x->ref, x->title,
				       tr(r, "pejlemærke", "pejlemærke"), x->number);
				break;
			case GAP_UNIT:
				html_f(b, "<li><a href=\"/redthread?unit=%s\">%s</a> %s (%s)</li>\n", x->ref, x->ref, x->title,
				       r->lang == LANG_EN ? unit_kind_name(x->unit->kind) : unit_kind_label_da(x->unit->kind));
				break;
			case GAP_INITIATIVE:
				html_f(b, "<li><a href=\"/plans/%s#i-%ld\">%s</a> — %s <a href=\"/plans/%s\">%s</a></li>\n",
				       x->plan->code, x->initiative->id, x->title, tr(r, "plan", "plan"), x->plan->code, x->plan->code);
				break;
			case GAP_MILESTONE:
				html_f(b, "<li>%s: %s — %ld %s — <a href=\"/plans/%s#i-%ld\">%s</a> (%s)</li>\n", x->milestone->due,
				       x->title, x->days_overdue, tr(r, "dage over fristen", "days overdue"), x->plan->code,
				       x->initiative->id, x->initiative->title, x->plan->code);
				break;
			}
		}
		html_f(b, "</ul>\n</section>\n");
	}
	page_end(r, res);
	return 0;
}
