/*
 * pages_plan.c — plans and initiatives on the web (DESIGN §2): the list of
 * plans and a plan with its versions and initiatives. The forms that
 * create and change a draft, approve, archive and start a new version, and
 * progress on initiatives are in pages_plan_edit.c; the red thread and its
 * gaps in pages_redthread.c. Every list can be downloaded as CSV or XLSX
 * (?format=csv|xlsx), the same tables the CLI writes.
 *
 * Everyone logged in reads; only leaders write, and only plans of units in
 * their subtree (actions_plan.c decides; these pages only hide the forms
 * a user could not use).
 */
#include "web/pages_impl.h"
#include "web/pages_plan_impl.h"

#include "core/orgtree.h"
#include "io/export.h"
#include "io/htmlw.h"
#include "io/plan_report.h"
#include "util/err.h"
#include "web/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- shared pieces -------------------------------------------------------------------- */

bool pp_da(const struct http_req *r)
{
	return r->lang == LANG_DA;
}

const char *pp_csrf(const struct http_req *r)
{
	return r->csrf ? r->csrf : "";
}

int pp_load(struct plan_report *rep, struct http_req *r, bool commentary)
{
	char today[11];

	plan_today(today);
	return plan_report_load(rep, r->store, r->a, NULL, today, commentary);
}

/* A whole number from a form or query, 0 when it is none or out of range
 * (the validator then names the field). */
int pp_whole(const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		return 0;
	v = strtol(s, &end, 10);
	return *end || v < 0 || v > 1000000 ? 0 : (int)v;
}

/* May the user write plans of this unit? (decides whether forms show) */
static bool may_write(struct http_req *r, const struct plan_report *rep, const char *unit)
{
	bool ok = plan_may_write(r, rep->doc->units, rep->doc->nunits, unit) == 0;

	err_clear();
	return ok;
}

const char *pp_years(struct http_req *r, const struct plan *p)
{
	return p->year_from == p->year_to ? arena_printf(r->a, "%d", p->year_from)
					  : arena_printf(r->a, "%d–%d", p->year_from, p->year_to);
}

void pp_status_badge(struct http_req *r, struct buf *b, enum plan_status s)
{
	html_f(b, "<span class=\"pstatus ps-%s\">%s</span>", plan_status_name(s), plan_status_label(s, pp_da(r)));
}

void pp_unit_link(struct http_req *r, struct buf *b, const struct plan_report *rep, const char *unit)
{
	const char *name = plan_report_unit_name(rep, unit);

	(void)r;
	html_f(b, "<a href=\"/redthread?unit=%s\">%s</a>", unit, name ? name : unit);
}

/* The href of what a link points to. */
static const char *link_href(struct http_req *r, const struct plan_link *l)
{
	switch (l->kind) {
	case LINK_GOAL: return arena_printf(r->a, "/goals/%s", l->ref);
	case LINK_PEJLEMAERKE: return arena_printf(r->a, "/pejlemaerker/%s", l->ref);
	case LINK_PRINCIPLE: return arena_printf(r->a, "/strategy#p-%s", l->ref);
	case LINK_COMMITMENT: return arena_printf(r->a, "/strategy#c-%s", l->ref);
	}
	return "/strategy";
}

/* Answers a table as a CSV or XLSX download when ?format= asks for it;
 * true when it did (or failed: *rc says). */
bool pp_export_requested(int *rc, struct http_req *r, struct http_res *res, const struct table *t,
			     const char *name)
{
	const char *f = req_query(r, "format");

	*rc = 0;
	if (!f || (strcmp(f, "csv") != 0 && strcmp(f, "xlsx") != 0))
		return false;
	if (strcmp(f, "csv") == 0) {
		res->content_type = "text/csv; charset=utf-8";
		export_csv(&res->body, t);
	} else {
		res->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		if ((*rc = export_xlsx(&res->body, t, name)) < 0)
			return true;
	}
	res_header(res, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s.%s\"", name, f));
	return true;
}

/* Links to the CSV and XLSX of this page with its query. */
void pp_export_links(struct http_req *r, struct buf *b)
{
	struct buf q = BUF_INIT;
	const char *qs;

	for (size_t i = 0; i < r->nquery; i++) {
		if (strcmp(r->query[i].key, "format") == 0)
			continue;
		html_url(&q, r->query[i].key);
		buf_putc(&q, '=');
		html_url(&q, r->query[i].value);
		buf_putc(&q, '&');
	}
	qs = arena_strdup(r->a, buf_cstr(&q));
	buf_free(&q);
	html_f(b, "<p class=\"export\">%s <a href=\"%s?%sformat=csv\">CSV</a> · <a href=\"%s?%sformat=xlsx\">%s</a></p>\n",
	       tr(r, "Hent visningen:", "Download this view:"), r->path, qs, r->path, qs,
	       tr(r, "Excel (XLSX)", "Excel (XLSX)"));
}

/* A labelled input whose id differs from its name. */
static void input(struct buf *b, const char *id, const char *name, const char *label, const char *value, bool required)
{
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" value=\"%s\"%s></p>\n", id, label, id, name,
	       value ? value : "", required ? " required" : "");
}

/* The units valid today in tree order, as <option>s (selected: sel). Only
 * the user's subtree when mine. */
void pp_unit_options(struct http_req *r, struct buf *b, const struct plan_report *rep, const char *sel, bool mine)
{
	size_t n = rep->doc->nunits, *order = arena_calloc(r->a, n + 1, sizeof *order), count;
	int *depth = arena_calloc(r->a, n + 1, sizeof *depth);

	count = orgtree_order(rep->doc->units, n, rep->today, order, depth);
	for (size_t k = 0; k < count; k++) {
		const struct unit *u = &rep->doc->units[order[k]];

		if (mine && !may_write(r, rep, u->code))
			continue;
		html_f(b, "<option value=\"%s\"%s>%s %s</option>", u->code, sel && strcmp(sel, u->code) == 0 ? " selected" : "",
		       u->code, u->name);
	}
}

void pp_type_options(struct http_req *r, struct buf *b, const char *sel)
{
	for (int t = 0; t < PLAN_TYPE_COUNT; t++)
		html_f(b, "<option value=\"%s\"%s>%s</option>", plan_type_name((enum plan_type)t),
		       sel && strcmp(sel, plan_type_name((enum plan_type)t)) == 0 ? " selected" : "",
		       plan_type_label((enum plan_type)t, pp_da(r)));
}

/* --- the list of plans ---------------------------------------------------------------------- */

int page_plans(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct plan_select sel = {0};
	const struct plan **v;
	struct table t;
	struct buf *b = &res->body;
	const char *unit = req_query(r, "unit");
	size_t n;
	int rc;

	if ((rc = pp_load(&rep, r, false)) < 0)
		return rc;
	sel.unit = unit && *unit ? unit : NULL;
	sel.subtree = req_query(r, "subtree") != NULL;
	sel.all = req_query(r, "all") != NULL;
	if (sel.unit && !plan_report_unit_exists(&rep, sel.unit))
		return err_set(PEJL_ENOTFOUND, "there is no unit %s", sel.unit);
	n = plan_report_select(&v, &rep, &sel, r->a);
	plan_report_plans_table(&t, &rep, v, n);
	if (pp_export_requested(&rc, r, res, &t, "plans")) {
		table_free(&t);
		return rc;
	}
	table_free(&t);
	page_begin(r, res, tr(r, "Planer", "Plans"));
	html_f(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", tr(r, "Planer", "Plans"),
	       tr(r, "Planerne bærer strategien ned i organisationen: målgruppeplaner på tværs af borgercentrene, "
		     "centerplaner, udviklingsplaner for tilbuddene og handleplaner til udvalget.",
		  "The plans carry the strategy down through the organisation: target-group plans across the citizen "
		  "centres, centre plans, development plans for the services and action plans for the committee."));
	if (r->user->role == ROLE_LEADER)
		html_f(b, "<p class=\"actions\"><a href=\"/plans/new\">%s</a></p>\n", tr(r, "Ny plan", "New plan"));
	html_f(b, "<form method=\"get\" class=\"inline filter\"><label for=\"f-unit\">%s</label> <select id=\"f-unit\" "
		  "name=\"unit\"><option value=\"\">%s</option>",
	       tr(r, "Enhed", "Unit"), tr(r, "Alle enheder", "All units"));
	pp_unit_options(r, b, &rep, sel.unit, false);
	html_f(b, "</select> <input type=\"checkbox\" id=\"f-subtree\" name=\"subtree\" value=\"1\"%s> <label "
		  "for=\"f-subtree\">%s</label> <input type=\"checkbox\" id=\"f-all\" name=\"all\" value=\"1\"%s> <label "
		  "for=\"f-all\">%s</label> <button type=\"submit\">%s</button></form>\n",
	       sel.subtree ? " checked" : "", tr(r, "med enhederne under den", "with the units below it"),
	       sel.all ? " checked" : "", tr(r, "alle versioner", "every version"), tr(r, "Vis", "Show"));
	pp_export_links(r, b);
	html_f(b, "<table class=\"plans\">\n<caption>%s (%zu)</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Planer", "Plans"), n, tr(r, "Plan", "Plan"), tr(r, "Type", "Type"), tr(r, "Enhed", "Unit"),
	       tr(r, "Periode", "Period"), tr(r, "Status", "Status"), tr(r, "Version", "Version"),
	       tr(r, "Initiativer", "Initiatives"));
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = v[i];

		html_f(b, "<tr><th scope=\"row\"><a href=\"/plans/%s%s\">%s</a><br><span class=\"code\">%s</span></th><td>%s</td><td>",
		       p->code, sel.all ? arena_printf(r->a, "?version=%d", p->version) : "", p->title, p->code,
		       plan_type_label(p->type, pp_da(r)));
		pp_unit_link(r, b, &rep, p->unit);
		html_f(b, "</td><td>%s</td><td>", pp_years(r, p));
		pp_status_badge(r, b, p->status);
		if (p->status == PLAN_APPROVED && p->approved_on)
			html_f(b, " %s", p->approved_on);
		html_f(b, "</td><td>%d</td><td>%zu</td></tr>\n", p->version, p->ninitiatives);
	}
	html_f(b, "</tbody>\n</table>\n<p><a href=\"/redthread\">%s</a> · <a href=\"/redthread/gaps\">%s</a></p>\n",
	       tr(r, "Den røde tråd", "The red thread"), tr(r, "Huller i den røde tråd", "Gaps in the red thread"));
	page_end(r, res);
	return 0;
}

/* --- one plan ---------------------------------------------------------------------------- */

void pp_links_list(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct initiative *in)
{
	if (in->nlinks == 0) {
		html_f(b, "<p class=\"gap\">%s</p>\n",
		       tr(r, "Initiativet er ikke koblet til strategien.", "The initiative is linked to nothing in the strategy."));
		return;
	}
	html_f(b, "<ul class=\"serves\">\n");
	for (size_t k = 0; k < in->nlinks; k++) {
		const struct plan_link *l = &in->links[k];
		const char *title = plan_link_title(rep->st, l);

		html_f(b, "<li>%s <a href=\"%s\">%s</a> %s</li>\n", link_kind_label(l->kind, pp_da(r)), link_href(r, l), l->ref,
		       title ? title : tr(r, "(findes ikke i strategien)", "(not in the strategy)"));
	}
	html_f(b, "</ul>\n");
}

static bool overdue(const struct initiative *in, const struct milestone *m, const char *today)
{
	return !m->done_on && strcmp(m->due, today) < 0 &&
	       (in->status == INITIATIVE_PLANNED || in->status == INITIATIVE_ACTIVE);
}

static void initiative_view(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct plan *p,
			    const struct initiative *in, bool progress)
{
	static const char *const sts[] = {"planned", "active", "done", "stopped"};

	html_f(b, "<section class=\"initiative\" id=\"i-%ld\">\n<h3>%s</h3>\n<p><span class=\"istatus is-%s\">%s</span> · "
		  "%s: %s",
	       in->id, in->title, initiative_status_name(in->status), initiative_status_label(in->status, pp_da(r)),
	       tr(r, "Ansvarlig", "Owner"), in->owner);
	if (in->start || in->end)
		html_f(b, " · %s–%s", in->start ? in->start : "", in->end ? in->end : "");
	html_f(b, "</p>\n");
	if (in->description)
		html_f(b, "<p>%s</p>\n", in->description);
	html_f(b, "<h4>%s</h4>\n", tr(r, "Tjener", "Serves"));
	pp_links_list(r, b, rep, in);
	if (in->nmilestones) {
		html_f(b, "<table class=\"milestones\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		       tr(r, "Milepæle", "Milestones"), tr(r, "Frist", "Due"), tr(r, "Milepæl", "Milestone"),
		       tr(r, "Nået", "Done"));
		for (size_t k = 0; k < in->nmilestones; k++) {
			const struct milestone *m = &in->milestones[k];

			html_f(b, "<tr><td>%s</td><td>%s</td><td>", m->due, m->title);
			if (m->done_on)
				html_f(b, "%s", m->done_on);
			else if (overdue(in, m, rep->today))
				html_f(b, "<span class=\"late\">%s</span>", tr(r, "overskredet", "overdue"));
			else
				html_f(b, "–");
			html_f(b, "</td></tr>\n");
		}
		html_f(b, "</tbody>\n</table>\n");
	}
	if (in->npartners) {
		html_f(b, "<h4>%s</h4>\n<ul class=\"partners\">\n", tr(r, "Partnere", "Partners"));
		for (size_t k = 0; k < in->npartners; k++)
			html_f(b, "<li>%s (%s)</li>\n", in->partners[k].name, partner_kind_label(in->partners[k].kind, pp_da(r)));
		html_f(b, "</ul>\n");
	}
	if (progress) {
		html_f(b, "<form method=\"post\" action=\"/initiatives/%ld/progress\" class=\"form progress\">\n"
			  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<fieldset><legend>%s</legend>\n"
			  "<p><label for=\"st-%ld\">%s</label><select id=\"st-%ld\" name=\"status\">",
		       in->id, pp_csrf(r), tr(r, "Opfølgning", "Progress"), in->id, tr(r, "Status", "Status"), in->id);
		for (size_t k = 0; k < 4; k++)
			html_f(b, "<option value=\"%s\"%s>%s</option>", sts[k],
			       strcmp(sts[k], initiative_status_name(in->status)) == 0 ? " selected" : "",
			       initiative_status_label((enum initiative_status)k, pp_da(r)));
		html_f(b, "</select></p>\n");
		for (size_t k = 0; k < in->nmilestones; k++)
			html_f(b, "<p><label for=\"done-%ld\">%s: %s (%s)</label><input id=\"done-%ld\" name=\"done_%ld\" "
				  "value=\"%s\" placeholder=\"ÅÅÅÅ-MM-DD\"></p>\n",
			       in->milestones[k].id, tr(r, "Nået den", "Done on"), in->milestones[k].title, in->milestones[k].due,
			       in->milestones[k].id, in->milestones[k].id, in->milestones[k].done_on ? in->milestones[k].done_on : "");
		html_f(b, "<p><button type=\"submit\">%s</button></p>\n</fieldset>\n</form>\n", tr(r, "Gem opfølgning", "Save progress"));
	}
	(void)p;
	html_f(b, "</section>\n");
}

static void plan_header(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct plan *p)
{
	html_f(b, "<p class=\"crumbs\"><a href=\"/plans\">%s</a> › %s</p>\n<h1>%s</h1>\n<p>", tr(r, "Planer", "Plans"), p->code,
	       p->title);
	pp_status_badge(r, b, p->status);
	html_f(b, " · %s %d · %s · %s · ", tr(r, "version", "version"), p->version, plan_type_label(p->type, pp_da(r)), pp_years(r, p));
	pp_unit_link(r, b, rep, p->unit);
	html_f(b, "</p>\n");
}

static void plan_details(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct plan *p)
{
	long parent = p->parent ? plan_shown(rep->plans, rep->nplans, p->parent) : -1;
	bool children = false;

	html_f(b, "<dl class=\"definition\">\n");
	if (p->description)
		html_f(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "Beskrivelse", "Description"), p->description);
	html_f(b, "<dt>%s</dt><dd>", tr(r, "Overordnet plan", "Parent plan"));
	if (parent >= 0)
		html_f(b, "<a href=\"/plans/%s\">%s</a> (%s)", rep->plans[parent].code, rep->plans[parent].title,
		       plan_type_label(rep->plans[parent].type, pp_da(r)));
	else
		html_f(b, "%s", p->parent ? p->parent : "–");
	html_f(b, "</dd>\n<dt>%s</dt><dd>", tr(r, "Planer herunder", "Plans below"));
	for (size_t i = 0; i < rep->nplans; i++) {
		const struct plan *c = &rep->plans[i];

		if (!c->parent || strcmp(c->parent, p->code) != 0 || plan_shown(rep->plans, rep->nplans, c->code) != (long)i)
			continue;
		html_f(b, "%s<a href=\"/plans/%s\">%s</a>", children ? ", " : "", c->code, c->title);
		children = true;
	}
	html_f(b, "%s</dd>\n", children ? "" : "–");
	if (p->approved_on)
		html_f(b, "<dt>%s</dt><dd>%s, %s. %s %s</dd>\n", tr(r, "Godkendt", "Approved"), p->approved_on,
		       p->approved_by ? p->approved_by : "", tr(r, "Beslutning:", "Decision:"), p->decision ? p->decision : "–");
	if (p->archived_on)
		html_f(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "Arkiveret", "Archived"), p->archived_on);
	if (p->note)
		html_f(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "Om denne version", "About this version"), p->note);
	html_f(b, "<dt>%s</dt><dd>%s, %s</dd>\n</dl>\n", tr(r, "Oprettet", "Created"), p->created_by, p->created_at);
}

static void versions_table(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct plan *p)
{
	html_f(b, "<table class=\"versions\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Versioner", "Versions"), tr(r, "Version", "Version"), tr(r, "Status", "Status"),
	       tr(r, "Periode", "Period"), tr(r, "Godkendt", "Approved"), tr(r, "Om versionen", "About the version"));
	for (size_t i = 0; i < rep->nplans; i++) {
		const struct plan *v = &rep->plans[i];

		if (strcmp(v->code, p->code) != 0)
			continue;
		html_f(b, "<tr><td><a href=\"/plans/%s?version=%d\"%s>%d</a></td><td>", v->code, v->version,
		       v->version == p->version ? " aria-current=\"page\"" : "", v->version);
		pp_status_badge(r, b, v->status);
		html_f(b, "</td><td>%s</td><td>%s %s</td><td>%s</td></tr>\n", pp_years(r, v), v->approved_on ? v->approved_on : "",
		       v->decision ? v->decision : "", v->note ? v->note : "");
	}
	html_f(b, "</tbody>\n</table>\n");
}

int page_plan(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct buf *b = &res->body;
	const char *vq = req_query(r, "version");
	const struct plan *p, *draft = NULL;
	long k;
	bool write, progress;
	char today[11];
	int rc;

	if ((rc = pp_load(&rep, r, false)) < 0)
		return rc;
	k = vq ? plan_version_index(rep.plans, rep.nplans, r->params[0], pp_whole(vq))
	       : plan_shown(rep.plans, rep.nplans, r->params[0]);
	if (k < 0)
		return err_set(PEJL_ENOTFOUND, "there is no plan %s%s%s", r->params[0], vq ? " version " : "", vq ? vq : "");
	p = &rep.plans[k];
	for (size_t i = 0; i < rep.nplans; i++)
		if (strcmp(rep.plans[i].code, p->code) == 0 && rep.plans[i].status == PLAN_DRAFT)
			draft = &rep.plans[i];
	write = may_write(r, &rep, p->unit);
	progress = write && p->status != PLAN_ARCHIVED;
	plan_today(today);
	page_begin(r, res, p->title);
	plan_header(r, b, &rep, p);
	if (req_query(r, "done"))
		html_f(b, "<p class=\"ok\" role=\"status\">%s</p>\n", tr(r, "Gemt.", "Saved."));
	if (p->status == PLAN_ARCHIVED)
		html_f(b, "<p class=\"note\">%s</p>\n",
		       tr(r, "Denne version er arkiveret og gælder ikke længere.", "This version is archived and no longer in force."));
	else if (p->status == PLAN_APPROVED)
		html_f(b, "<p class=\"note\">%s</p>\n",
		       tr(r, "En godkendt plan kan ikke ændres; en ændring bliver en ny version.",
			  "An approved plan cannot be changed; a change becomes a new version."));
	plan_details(r, b, &rep, p);
	if (write) {
		html_f(b, "<h2>%s</h2>\n", tr(r, "Handlinger", "Actions"));
		if (draft && draft != p)
			html_f(b, "<p><a href=\"/plans/%s?version=%d\">%s %d</a></p>\n", p->code, draft->version,
			       tr(r, "Se kladden til version", "See the draft of version"), draft->version);
		if (draft) {
			html_f(b, "<p><a href=\"/plans/%s/edit\">%s</a></p>\n", p->code, tr(r, "Redigér kladden", "Edit the draft"));
			html_f(b, "<form method=\"post\" action=\"/plans/%s/approve\" class=\"form\">\n"
				  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<fieldset><legend>%s %d</legend>\n",
			       p->code, pp_csrf(r), tr(r, "Godkend version", "Approve version"), draft->version);
			input(b, "a-date", "date", tr(r, "Godkendt den (ÅÅÅÅ-MM-DD)", "Approved on (YYYY-MM-DD)"), today, true);
			input(b, "a-by", "by", tr(r, "Godkendt af", "Approved by"), r->user->name, true);
			input(b, "a-decision", "decision", tr(r, "Beslutning (fx sagsnummer)", "Decision (e.g. case number)"), "",
			      true);
			html_f(b, "<p><button type=\"submit\">%s</button></p>\n</fieldset>\n</form>\n", tr(r, "Godkend", "Approve"));
		}
		if (!draft && p->status == PLAN_APPROVED)
			html_f(b, "<form method=\"post\" action=\"/plans/%s/versions\" class=\"form\">\n"
				  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<fieldset><legend>%s</legend>\n"
				  "<p><label for=\"v-note\">%s</label><textarea id=\"v-note\" name=\"note\" rows=\"2\" required></textarea></p>\n"
				  "<p><button type=\"submit\">%s</button></p>\n</fieldset>\n</form>\n",
			       p->code, pp_csrf(r), tr(r, "Ændr planen (ny version)", "Change the plan (a new version)"),
			       tr(r, "Hvorfor ændres planen?", "Why does the plan change?"), tr(r, "Start ny version", "Start a new version"));
		if (p->status == PLAN_APPROVED) {
			html_f(b, "<form method=\"post\" action=\"/plans/%s/archive\" class=\"form\">\n"
				  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<fieldset><legend>%s</legend>\n",
			       p->code, pp_csrf(r), tr(r, "Arkivér planen", "Archive the plan"));
			input(b, "r-date", "date", tr(r, "Gælder til og med (ÅÅÅÅ-MM-DD)", "In force until (YYYY-MM-DD)"), today, true);
			html_f(b, "<p><button type=\"submit\">%s</button></p>\n</fieldset>\n</form>\n", tr(r, "Arkivér", "Archive"));
		}
	}
	html_f(b, "<h2>%s (%zu)</h2>\n", tr(r, "Initiativer", "Initiatives"), p->ninitiatives);
	if (p->ninitiatives == 0)
		html_f(b, "<p>%s</p>\n", tr(r, "Planen har ingen initiativer endnu.", "The plan has no initiatives yet."));
	for (size_t i = 0; i < p->ninitiatives; i++)
		initiative_view(r, b, &rep, p, &p->initiatives[i], progress);
	versions_table(r, b, &rep, p);
	page_end(r, res);
	return 0;
}
