/*
 * pages_edit.c — the pages that change data: a new goal version,
 * commentary, measurement entry and upload, and loading a strategy file.
 * Every form carries the session's CSRF token; the router checks it.
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

/* --- editing -------------------------------------------------------------------------- */

void diag_list(struct http_req *r, struct buf *b, const struct diag *d)
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

void text_input(struct buf *b, const char *id, const char *label, const char *value, bool required)
{
	html_f(b, "<p><label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" value=\"%s\"%s></p>\n", id, label, id, id,
	       value ? value : "", required ? " required" : "");
}

void select_input(struct buf *b, const char *id, const char *label, const char *const *options,
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

int page_entry_post(struct http_req *r, struct http_res *res)
{
	struct measure_import_result mr;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = action_entry(&mr, r, r->form, r->nform, &d);
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

		html_f(b, "<h3 id=\"p-%d\">%d. %s</h3>\n<ul>\n", p->number, p->number,
		       r->lang == LANG_EN && p->title_en ? p->title_en : p->title);
		for (size_t j = 0; j < p->ncommitments; j++)
			html_f(b, "<li id=\"c-%s\"><span class=\"code\">%s</span> %s</li>\n", p->commitments[j].code,
			       p->commitments[j].code, p->commitments[j].text);
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
