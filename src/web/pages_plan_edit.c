/*
 * pages_plan_edit.c — the plan forms on the web (DESIGN §2): create and
 * change a draft and its initiatives, approve, archive, start a new
 * version, and record progress on initiatives. The pages that show plans
 * are in pages_plan.c.
 *
 * Only leaders write, and only plans of units in their subtree
 * (actions_plan.c decides; these pages only show the forms).
 */
#include "web/pages_impl.h"
#include "web/pages_plan_impl.h"

#include "io/htmlw.h"
#include "io/plan_report.h"
#include "util/err.h"
#include "web/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the forms of a draft ---------------------------------------------------------------------- */

/* The plan's fields from a form (code from the URL or the form). */
static void plan_from_form(struct plan *p, struct http_req *r, const char *code)
{
	const char *f;

	memset(p, 0, sizeof *p);
	p->code = code;
	if ((f = req_form(r, "type")) && !plan_type_parse(&p->type, f))
		p->type = (enum plan_type)PLAN_TYPE_COUNT; /* reported by the validator */
	p->title = req_form(r, "title");
	p->description = (f = req_form(r, "description")) && *f ? f : NULL;
	p->unit = req_form(r, "unit");
	p->year_from = pp_whole(req_form(r, "year_from"));
	p->year_to = pp_whole(req_form(r, "year_to"));
	p->parent = (f = req_form(r, "parent")) && *f ? f : NULL;
	p->note = (f = req_form(r, "note")) && *f ? f : NULL;
}

/* Checks that a year field is a plain number, so "20x7" is not read as 20. */
static void year_fields(struct http_req *r, struct diag *d)
{
	static const char *const keys[] = {"year_from", "year_to"};

	for (size_t i = 0; i < 2; i++) {
		const char *f = req_form(r, keys[i]);
		char *end;

		if (!f || !*f || (strtol(f, &end, 10), *end))
			diag_error(d, keys[i], "\"%.20s\" is not a year", f ? f : "");
	}
}

/* The posted value of key when the form is being shown again, else dflt. */
static const char *posted_or(struct http_req *r, bool posted, const char *key, const char *dflt)
{
	const char *f = posted ? req_form(r, key) : NULL;

	return f ? f : dflt;
}

static void plan_fields(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct plan *p,
			bool posted)
{
	char from[16], to[16];

#define VAL(key, dflt) posted_or(r, posted, key, dflt)
	snprintf(from, sizeof from, "%d", p ? p->year_from : atoi(rep->today));
	snprintf(to, sizeof to, "%d", p ? p->year_to : atoi(rep->today));
	text_input(b, "title", tr(r, "Titel", "Title"), VAL("title", p ? p->title : ""), true);
	html_f(b, "<p><label for=\"type\">%s</label><select id=\"type\" name=\"type\">", tr(r, "Type", "Type"));
	pp_type_options(r, b, VAL("type", p ? plan_type_name(p->type) : "development"));
	html_f(b, "</select></p>\n<p><label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\">",
	       tr(r, "Ejer (enhed)", "Owner (unit)"));
	pp_unit_options(r, b, rep, VAL("unit", p ? p->unit : r->user->unit), true);
	html_f(b, "</select></p>\n");
	text_input(b, "year_from", tr(r, "Fra år", "From year"), VAL("year_from", from), true);
	text_input(b, "year_to", tr(r, "Til og med år", "To year"), VAL("year_to", to), true);
	html_f(b, "<p><label for=\"parent\">%s</label><select id=\"parent\" name=\"parent\"><option value=\"\">%s</option>",
	       tr(r, "Overordnet plan", "Parent plan"), tr(r, "Ingen", "None"));
	{
		size_t *idx = arena_calloc(r->a, rep->nplans + 1, sizeof *idx), m = plan_codes(idx, rep->plans, rep->nplans);
		const char *sel = VAL("parent", p && p->parent ? p->parent : "");

		for (size_t i = 0; i < m; i++) {
			const struct plan *o = &rep->plans[idx[i]];

			if (p && strcmp(o->code, p->code) == 0)
				continue;
			html_f(b, "<option value=\"%s\"%s>%s — %s</option>", o->code, strcmp(sel, o->code) == 0 ? " selected" : "",
			       o->code, o->title);
		}
	}
	html_f(b, "</select></p>\n<p><label for=\"description\">%s</label><textarea id=\"description\" name=\"description\" "
		  "rows=\"3\">%s</textarea></p>\n<p><label for=\"note\">%s</label><textarea id=\"note\" name=\"note\" "
		  "rows=\"2\">%s</textarea></p>\n",
	       tr(r, "Beskrivelse", "Description"), VAL("description", p && p->description ? p->description : ""),
	       tr(r, "Om denne version", "About this version"), VAL("note", p && p->note ? p->note : ""));
#undef VAL
}

static void new_form(struct http_req *r, struct http_res *res, const struct plan_report *rep, const struct diag *d)
{
	struct buf *b = &res->body;
	const char *code = req_form(r, "code");

	page_begin(r, res, tr(r, "Ny plan", "New plan"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/plans\">%s</a></p>\n<h1>%s</h1>\n<p>%s</p>\n", tr(r, "Planer", "Plans"),
	       tr(r, "Ny plan", "New plan"),
	       tr(r, "Planen oprettes som kladde. Tilføj initiativer, og godkend den, når den er færdig.",
		  "The plan starts as a draft. Add initiatives, and approve it when it is ready."));
	diag_list(r, b, d);
	html_f(b, "<form method=\"post\" action=\"/plans\" class=\"form\">\n<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n",
	       pp_csrf(r));
	text_input(b, "code", tr(r, "Kode (fx UP-BCV-2018; bogstaver, tal, - _ .)", "Code (e.g. UP-BCV-2018; letters, digits, - _ .)"),
		   code ? code : "", true);
	plan_fields(r, b, rep, NULL, d != NULL);
	html_f(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "Opret kladde", "Create the draft"));
	page_end(r, res);
}

int page_plan_new(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	int rc;

	if ((rc = pp_load(&rep, r, false)) < 0)
		return rc;
	new_form(r, res, &rep, NULL);
	return 0;
}

int page_plan_create(struct http_req *r, struct http_res *res)
{
	struct plan_report rep;
	struct plan p;
	struct diag d;
	int rc;

	if ((rc = pp_load(&rep, r, false)) < 0)
		return rc;
	diag_init(&d);
	plan_from_form(&p, r, req_form(r, "code"));
	year_fields(r, &d);
	rc = diag_errors(&d) ? PEJL_EINPUT : action_plan_create(r, &p, "", &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		new_form(r, res, &rep, &d);
		rc = 0;
	} else if (rc == 0) {
		res_redirect(res, arena_printf(r->a, "/plans/%s/edit", p.code));
	}
	diag_free(&d);
	return rc;
}

/* One initiative's form (in: NULL for a new one); posted: fill it from the
 * request (after a failed save of this form). */
static void initiative_form(struct http_req *r, struct buf *b, const struct plan_report *rep, const struct plan *p,
			    const struct initiative *in, bool posted, const struct diag *d)
{
	static const char *const sts[] = {"planned", "active", "done", "stopped"};
	const char *id = in ? arena_printf(r->a, "%ld", in->id) : "new", *f;
	const struct strategy *st = rep->st;
	const char *status = posted && (f = req_form(r, "status")) ? f : in ? initiative_status_name(in->status) : "planned";

#define VAL(key, dflt) posted_or(r, posted, key, (dflt) ? (dflt) : "")
#define ID(name) arena_printf(r->a, "i%s-%s", id, name)
	html_f(b, "<form method=\"post\" action=\"/plans/%s/initiatives\" class=\"form initiative-form\" id=\"f-%s\">\n"
		  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n",
	       p->code, id, pp_csrf(r));
	if (in)
		html_f(b, "<input type=\"hidden\" name=\"id\" value=\"%ld\">\n", in->id);
	html_f(b, "<fieldset><legend>%s</legend>\n", in ? in->title : tr(r, "Nyt initiativ", "New initiative"));
	if (posted)
		diag_list(r, b, d);
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"title\" value=\"%s\" required></p>\n", ID("title"),
	       tr(r, "Titel", "Title"), ID("title"), VAL("title", in ? in->title : NULL));
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"owner\" value=\"%s\" required></p>\n", ID("owner"),
	       tr(r, "Ansvarlig", "Owner"), ID("owner"), VAL("owner", in ? in->owner : NULL));
	html_f(b, "<p><label for=\"%s\">%s</label><textarea id=\"%s\" name=\"description\" rows=\"2\">%s</textarea></p>\n",
	       ID("description"), tr(r, "Beskrivelse", "Description"), ID("description"),
	       VAL("description", in ? in->description : NULL));
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"start\" value=\"%s\" placeholder=\"ÅÅÅÅ-MM-DD\"></p>\n",
	       ID("start"), tr(r, "Start (ÅÅÅÅ-MM-DD)", "Start (YYYY-MM-DD)"), ID("start"), VAL("start", in ? in->start : NULL));
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"end\" value=\"%s\" placeholder=\"ÅÅÅÅ-MM-DD\"></p>\n",
	       ID("end"), tr(r, "Slut (ÅÅÅÅ-MM-DD)", "End (YYYY-MM-DD)"), ID("end"), VAL("end", in ? in->end : NULL));
	html_f(b, "<p><label for=\"%s\">%s</label><select id=\"%s\" name=\"status\">", ID("status"), tr(r, "Status", "Status"),
	       ID("status"));
	for (size_t k = 0; k < 4; k++)
		html_f(b, "<option value=\"%s\"%s>%s</option>", sts[k], strcmp(sts[k], status) == 0 ? " selected" : "",
		       initiative_status_label((enum initiative_status)k, pp_da(r)));
	html_f(b, "</select></p>\n");
	/* links: one checkbox per thing in the strategy */
	html_f(b, "<fieldset class=\"links\"><legend>%s</legend>\n", tr(r, "Tjener (kobling til strategien)", "Serves (links to the strategy)"));
	for (int kind = 0; kind < LINK_KIND_COUNT; kind++) {
		static const char *const legends[LINK_KIND_COUNT][2] = {
			{"Delmål", "Goals"}, {"Pejlemærker", "Pejlemærker"}, {"Principper", "Principles"},
			{"Forpligtelser (Derfor vil vi)", "Commitments"}};

		html_f(b, "<fieldset><legend>%s</legend>\n", tr(r, legends[kind][0], legends[kind][1]));
		for (size_t i = 0; i < (kind == LINK_PRINCIPLE || kind == LINK_COMMITMENT ? st->nprinciples : st->npejlemaerker); i++) {
			size_t nj = kind == LINK_GOAL ? st->pejlemaerker[i].ngoals : kind == LINK_COMMITMENT ? st->principles[i].ncommitments : 1;

			for (size_t j = 0; j < nj; j++) {
				struct plan_link l = {(enum link_kind)kind, NULL};
				const char *value, *title;
				bool on = false;

				if (kind == LINK_GOAL)
					l.ref = st->pejlemaerker[i].goals[j].code;
				else if (kind == LINK_PEJLEMAERKE)
					l.ref = arena_printf(r->a, "%d", st->pejlemaerker[i].number);
				else if (kind == LINK_PRINCIPLE)
					l.ref = arena_printf(r->a, "%d", st->principles[i].number);
				else
					l.ref = st->principles[i].commitments[j].code;
				value = arena_printf(r->a, "%s:%s", link_kind_name(l.kind), l.ref);
				title = plan_link_title(st, &l);
				if (posted) {
					for (size_t k = 0; k < r->nform; k++)
						on |= strcmp(r->form[k].key, "link") == 0 && strcmp(r->form[k].value, value) == 0;
				} else if (in) {
					for (size_t k = 0; k < in->nlinks; k++)
						on |= in->links[k].kind == l.kind && strcmp(in->links[k].ref, l.ref) == 0;
				}
				html_f(b, "<p class=\"check\"><input type=\"checkbox\" id=\"%s\" name=\"link\" value=\"%s\"%s> "
					  "<label for=\"%s\">%s %s</label></p>\n",
				       ID(value), value, on ? " checked" : "", ID(value), l.ref, title ? title : "");
			}
		}
		html_f(b, "</fieldset>\n");
	}
	html_f(b, "</fieldset>\n");
	html_f(b, "<p><label for=\"%s\">%s</label><textarea id=\"%s\" name=\"milestones\" rows=\"3\" "
		  "aria-describedby=\"%s\">%s</textarea><span class=\"hint\" id=\"%s\">%s</span></p>\n",
	       ID("milestones"), tr(r, "Milepæle", "Milestones"), ID("milestones"), ID("mhint"),
	       VAL("milestones", in ? plan_format_milestones(in->milestones, in->nmilestones, r->a) : NULL), ID("mhint"),
	       tr(r, "Én pr. linje: FRIST | TITEL, eller FRIST | TITEL | NÅET (datoer ÅÅÅÅ-MM-DD).",
		  "One a line: DUE | TITLE, or DUE | TITLE | DONE (dates YYYY-MM-DD)."));
	html_f(b, "<p><label for=\"%s\">%s</label><textarea id=\"%s\" name=\"partners\" rows=\"2\" "
		  "aria-describedby=\"%s\">%s</textarea><span class=\"hint\" id=\"%s\">%s</span></p>\n",
	       ID("partners"), tr(r, "Partnere", "Partners"), ID("partners"), ID("phint"),
	       VAL("partners", in ? plan_format_partners(in->partners, in->npartners, r->a) : NULL), ID("phint"),
	       tr(r, "Én pr. linje: TYPE | NAVN; TYPE er forening, frivillige, virksomhed eller forvaltning.",
		  "One a line: KIND | NAME; KIND is ngo, volunteer, business or administration."));
	html_f(b, "<p><button type=\"submit\">%s</button>", in ? tr(r, "Gem initiativet", "Save the initiative")
							     : tr(r, "Tilføj initiativet", "Add the initiative"));
	if (in)
		html_f(b, " <button type=\"submit\" name=\"remove\" value=\"1\" class=\"secondary\">%s</button>",
		       tr(r, "Fjern initiativet", "Remove the initiative"));
	html_f(b, "</p>\n</fieldset>\n</form>\n");
#undef VAL
#undef ID
}

/* The edit page of the draft of code. posted_id: the form that failed
 * ("plan", an initiative id, "new"), with its problems in d. */
static int edit_page(struct http_req *r, struct http_res *res, const char *code, const char *posted_id,
		     const struct diag *d)
{
	struct plan_report rep;
	struct buf *b = &res->body;
	const struct plan *draft = NULL;
	int rc;

	if ((rc = pp_load(&rep, r, false)) < 0)
		return rc;
	for (size_t i = 0; i < rep.nplans; i++)
		if (strcmp(rep.plans[i].code, code) == 0 && rep.plans[i].status == PLAN_DRAFT)
			draft = &rep.plans[i];
	if (!draft) {
		if (plan_shown(rep.plans, rep.nplans, code) < 0)
			return err_set(PEJL_ENOTFOUND, "there is no plan %s", code);
		return err_set(PEJL_ECONFLICT, "plan %s has no draft: an approved plan is read-only; start a new version to change it",
			       code);
	}
	if ((rc = plan_may_write(r, rep.doc->units, rep.doc->nunits, draft->unit)) < 0)
		return rc;
	page_begin(r, res, tr(r, "Redigér kladde", "Edit the draft"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/plans\">%s</a> › <a href=\"/plans/%s?version=%d\">%s</a></p>\n"
		  "<h1>%s: %s (%s %d)</h1>\n",
	       tr(r, "Planer", "Plans"), draft->code, draft->version, draft->code, tr(r, "Redigér kladde", "Edit the draft"),
	       draft->title, tr(r, "version", "version"), draft->version);
	if (req_query(r, "done"))
		html_f(b, "<p class=\"ok\" role=\"status\">%s</p>\n", tr(r, "Gemt.", "Saved."));
	html_f(b, "<form method=\"post\" action=\"/plans/%s\" class=\"form\" id=\"f-plan\">\n"
		  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n<fieldset><legend>%s</legend>\n",
	       draft->code, pp_csrf(r), tr(r, "Planen", "The plan"));
	if (posted_id && strcmp(posted_id, "plan") == 0)
		diag_list(r, b, d);
	plan_fields(r, b, &rep, draft, posted_id && strcmp(posted_id, "plan") == 0);
	html_f(b, "<p><button type=\"submit\">%s</button></p>\n</fieldset>\n</form>\n", tr(r, "Gem planen", "Save the plan"));
	html_f(b, "<h2>%s</h2>\n", tr(r, "Initiativer", "Initiatives"));
	if (draft->ninitiatives)
		html_f(b, "<p>%s</p>\n", tr(r, "Fold et initiativ ud for at rette det.", "Unfold an initiative to change it."));
	for (size_t i = 0; i < draft->ninitiatives; i++) {
		const struct initiative *in = &draft->initiatives[i];
		bool posted = posted_id && atol(posted_id) == in->id;

		/* collapsed unless its form came back with problems (no script needed) */
		html_f(b, "<details class=\"edit-initiative\"%s><summary>%s (%s)</summary>\n", posted ? " open" : "", in->title,
		       initiative_status_label(in->status, pp_da(r)));
		initiative_form(r, b, &rep, draft, in, posted, d);
		html_f(b, "</details>\n");
	}
	html_f(b, "<h2>%s</h2>\n", tr(r, "Nyt initiativ", "New initiative"));
	initiative_form(r, b, &rep, draft, NULL, posted_id && strcmp(posted_id, "new") == 0, d);
	html_f(b, "<p><a href=\"/plans/%s\">%s</a></p>\n", draft->code, tr(r, "Tilbage til planen", "Back to the plan"));
	page_end(r, res);
	return 0;
}

int page_plan_edit(struct http_req *r, struct http_res *res)
{
	return edit_page(r, res, r->params[0], NULL, NULL);
}

int page_plan_update(struct http_req *r, struct http_res *res)
{
	struct plan *draft = NULL, *all, p;
	size_t n;
	struct diag d;
	int rc;

	if ((rc = store_plan_list(&all, &n, r->store, r->a)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].code, r->params[0]) == 0 && all[i].status == PLAN_DRAFT)
			draft = &all[i];
	diag_init(&d);
	plan_from_form(&p, r, r->params[0]);
	if (draft) {
		/* the form holds the plan's own fields; the initiatives stay */
		p.initiatives = draft->initiatives;
		p.ninitiatives = draft->ninitiatives;
		p.strategy = draft->strategy;
	}
	year_fields(r, &d);
	rc = diag_errors(&d) ? PEJL_EINPUT : action_plan_update(r, &p, "", &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		rc = edit_page(r, res, r->params[0], "plan", &d);
	} else if (rc == 0) {
		res_redirect(res, arena_printf(r->a, "/plans/%s/edit?done=1", r->params[0]));
	}
	diag_free(&d);
	return rc;
}

int page_initiative_save(struct http_req *r, struct http_res *res)
{
	struct initiative in = {0};
	struct diag d;
	const char *f, *idf = req_form(r, "id");
	bool remove = req_form(r, "remove") != NULL;
	size_t nlinks = 0;
	long id = 0;
	int rc;

	diag_init(&d);
	in.id = idf ? atol(idf) : 0;
	in.title = req_form(r, "title");
	in.owner = req_form(r, "owner");
	in.description = (f = req_form(r, "description")) && *f ? f : NULL;
	in.start = (f = req_form(r, "start")) && *f ? f : NULL;
	in.end = (f = req_form(r, "end")) && *f ? f : NULL;
	if (!(f = req_form(r, "status")) || !initiative_status_parse(&in.status, f))
		diag_error(&d, "status", "\"%.20s\" is not planned, active, done or stopped", f ? f : "");
	for (size_t k = 0; k < r->nform; k++)
		nlinks += strcmp(r->form[k].key, "link") == 0;
	in.links = arena_calloc(r->a, nlinks + 1, sizeof *in.links);
	for (size_t k = 0; k < r->nform; k++) {
		char *v, *colon;

		if (strcmp(r->form[k].key, "link") != 0)
			continue;
		v = arena_strdup(r->a, r->form[k].value);
		if (!(colon = strchr(v, ':')) || (*colon = '\0', !link_kind_parse(&in.links[in.nlinks].kind, v))) {
			diag_error(&d, "link", "\"%.40s\" is not a link to the strategy", r->form[k].value);
			continue;
		}
		in.links[in.nlinks++].ref = colon + 1;
	}
	plan_parse_milestones(&in.milestones, &in.nmilestones, req_form(r, "milestones"), "milestones", r->a, &d);
	plan_parse_partners(&in.partners, &in.npartners, req_form(r, "partners"), "partners", r->a, &d);
	if (remove) { /* removing needs none of the fields */
		diag_free(&d);
		diag_init(&d);
	}
	rc = diag_errors(&d) ? PEJL_EINPUT : action_initiative_save(&id, r, r->params[0], &in, remove, &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		rc = edit_page(r, res, r->params[0], in.id ? arena_printf(r->a, "%ld", in.id) : "new", &d);
	} else if (rc == 0) {
		res_redirect(res, remove ? arena_printf(r->a, "/plans/%s/edit?done=1", r->params[0])
					 : arena_printf(r->a, "/plans/%s/edit?done=1#f-%ld", r->params[0], id));
	}
	diag_free(&d);
	return rc;
}

/* A workflow form that failed: its problems on an error page with a way back. */
static int workflow_error(struct http_req *r, struct http_res *res, const char *title, const struct diag *d)
{
	res->status = 422;
	page_begin(r, res, title);
	html_f(&res->body, "<h1>%s</h1>\n", title);
	diag_list(r, &res->body, d);
	html_f(&res->body, "<p><a href=\"/plans/%s\">%s</a></p>\n", r->params[0], tr(r, "Tilbage til planen", "Back to the plan"));
	page_end(r, res);
	return 0;
}

int page_plan_approve(struct http_req *r, struct http_res *res)
{
	struct diag d;
	int rc, version = 0;

	diag_init(&d);
	rc = action_plan_approve(&version, r, r->params[0], req_form(r, "date"), req_form(r, "by"),
				 req_form(r, "decision"), &d);
	if (rc == PEJL_EINPUT)
		rc = workflow_error(r, res, tr(r, "Planen blev ikke godkendt", "The plan was not approved"), &d);
	else if (rc == 0)
		res_redirect(res, arena_printf(r->a, "/plans/%s?done=1", r->params[0]));
	diag_free(&d);
	return rc;
}

int page_plan_archive(struct http_req *r, struct http_res *res)
{
	struct diag d;
	int rc, version = 0;

	diag_init(&d);
	rc = action_plan_archive(&version, r, r->params[0], req_form(r, "date"), &d);
	if (rc == PEJL_EINPUT)
		rc = workflow_error(r, res, tr(r, "Planen blev ikke arkiveret", "The plan was not archived"), &d);
	else if (rc == 0)
		res_redirect(res, arena_printf(r->a, "/plans/%s?version=%d&done=1", r->params[0], version));
	diag_free(&d);
	return rc;
}

int page_plan_version(struct http_req *r, struct http_res *res)
{
	struct diag d;
	int rc, version = 0;

	diag_init(&d);
	rc = action_plan_new_version(&version, r, r->params[0], req_form(r, "note"), &d);
	if (rc == PEJL_EINPUT)
		rc = workflow_error(r, res, tr(r, "Der blev ikke startet en ny version", "No new version was started"), &d);
	else if (rc == 0)
		res_redirect(res, arena_printf(r->a, "/plans/%s/edit", r->params[0]));
	diag_free(&d);
	return rc;
}

int page_initiative_progress(struct http_req *r, struct http_res *res)
{
	struct plan *p;
	const struct initiative *in;
	struct milestone *ms;
	struct diag d;
	char *end;
	long id = strtol(r->params[0], &end, 10);
	size_t n = 0;
	int rc;

	if (*end || id <= 0)
		return err_set(PEJL_ENOTFOUND, "there is no initiative %s", r->params[0]);
	if ((rc = store_initiative_get(&p, &in, r->store, r->a, id)) < 0)
		return rc;
	/* each milestone of the initiative: done_<id> (empty: not done) */
	ms = arena_calloc(r->a, in->nmilestones + 1, sizeof *ms);
	for (size_t k = 0; k < in->nmilestones; k++) {
		const char *v = req_form(r, arena_printf(r->a, "done_%ld", in->milestones[k].id));

		if (!v)
			continue;
		ms[n].id = in->milestones[k].id;
		ms[n++].done_on = *v ? v : NULL;
	}
	diag_init(&d);
	rc = action_initiative_progress(r, id, req_form(r, "status"), ms, n, &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		page_begin(r, res, tr(r, "Opfølgningen blev ikke gemt", "The progress was not saved"));
		html_f(&res->body, "<h1>%s</h1>\n", tr(r, "Opfølgningen blev ikke gemt", "The progress was not saved"));
		diag_list(r, &res->body, &d);
		html_f(&res->body, "<p><a href=\"/plans/%s#i-%ld\">%s</a></p>\n", p->code, id,
		       tr(r, "Tilbage til planen", "Back to the plan"));
		page_end(r, res);
		rc = 0;
	} else if (rc == 0) {
		res_redirect(res, arena_printf(r->a, "/plans/%s?version=%d&done=1#i-%ld", p->code, p->version, id));
	}
	diag_free(&d);
	return rc;
}

