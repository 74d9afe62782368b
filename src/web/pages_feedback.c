/*
 * pages_feedback.c — citizen feedback on the web (DESIGN §4, §5).
 *
 * Practitioners see the episodes of their own unit subtree with outcomes
 * and alerts; leaders see aggregates for their subtree, with small cells
 * suppressed. Every page or API answer that shows citizen-level data writes
 * one access-log entry per episode shown, in the same transaction as the
 * read. Analysts, viewers and admins see no citizen-level data (the route
 * table keeps them out); admins read the access log.
 */
#include "web/pages_impl.h"

#include "core/orgtree.h"
#include "core/suppress.h"
#include "io/feedback_import.h"
#include "io/feedback_report.h"
#include "io/htmlw.h"
#include "io/instrument_file.h"
#include "io/jsonw.h"
#include "io/trajectory.h"
#include "util/date.h"
#include "util/err.h"
#include "web/actions.h"
#include "web/api.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The episodes in the user's unit subtree (today's tree). */
static int subtree_episodes(struct feedback_episode **out, size_t *n, struct instrument_set *set, struct http_req *r)
{
	struct episode_row *rows;
	struct unit *units;
	size_t nrows, nunits, nsub = 0;
	struct feedback_episode *v;
	const char **sub;
	struct diag d;
	char today[11];
	int rc;

	date_format(today, date_today());
	diag_init(&d);
	rc = instrument_builtin(set, r->a, &d);
	diag_free(&d);
	if (rc < 0)
		return rc;
	if ((rc = store_unit_list(&units, &nunits, r->store, r->a)) < 0)
		return rc;
	/* the distinct codes of the subtree (a code has a row per validity interval) */
	sub = arena_calloc(r->a, nunits + 1, sizeof *sub);
	for (size_t i = 0; i < nunits && r->user->unit; i++) {
		bool seen = false;

		for (size_t j = 0; j < nsub && !seen; j++)
			seen = strcmp(sub[j], units[i].code) == 0;
		if (!seen && unit_in_subtree(units, nunits, r->user->unit, units[i].code, today))
			sub[nsub++] = units[i].code;
	}
	if ((rc = store_episodes(&rows, &nrows, r->store, r->a, sub)) < 0)
		return rc;
	v = arena_calloc(r->a, nrows + 1, sizeof *v);
	for (size_t i = 0; i < nrows; i++)
		feedback_episode_from_row(&v[i], &rows[i],
					  arena_calloc(r->a, rows[i].nforms + 1, sizeof(struct feedback_session)));
	*out = v;
	*n = nrows;
	return 0;
}

static int log_reads(struct http_req *r, const struct feedback_episode *eps, size_t n, const char *what)
{
	int rc;

	if ((rc = store_begin(r->store)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = store_access_log(r->store, r->user->name, what, eps[i].pseudonym, eps[i].id,
					   r->api ? "api" : "web")) < 0) {
			store_rollback(r->store);
			return rc;
		}
	return store_commit(r->store);
}

static void cell(struct buf *b, bool has, double v, int decimals, enum lang lang)
{
	char num[48];

	html_f(b, "<td>%s</td>", has ? numfmt(num, sizeof num, v, decimals, lang) : "–");
}

struct alerted;
struct feedback_units_view;
static int alerted_episodes(struct alerted **out, size_t *n, struct feedback_episode **eps, size_t *neps,
			    struct instrument_set *set, struct http_req *r);
static void alerts_table(struct http_req *r, struct buf *b, const struct alerted *v, size_t n);
static int request_view(struct feedback_units_view *v, struct instrument_set *set, struct http_req *r);
static void aggregates_table(struct http_req *r, struct buf *b, const struct feedback_units_view *v);

int page_feedback(struct http_req *r, struct http_res *res)
{
	struct feedback_episode *eps;
	struct instrument_set set;
	struct buf *b = &res->body;
	size_t n;
	int rc;

	if ((rc = subtree_episodes(&eps, &n, &set, r)) < 0)
		return rc;
	page_begin(r, res, tr(r, "Feedback", "Feedback"));
	html_f(b, "<h1>%s</h1>\n<p>%s %s. %s</p>\n", tr(r, "Feedback fra borgerne", "Feedback from citizens"),
	       tr(r, "Forløb i", "Episodes in"), r->user->unit ? r->user->unit : "–",
	       tr(r, "Feedback er dialog- og kvalitetsdata; tallene bruges sammen med borgeren.",
		  "Feedback is dialogue and quality data; the numbers are used together with the citizen."));
	if (r->user->role == ROLE_LEADER) {
		struct feedback_units_view v;
		struct instrument_set vset;
		char period[16];

		if ((rc = request_view(&v, &vset, r)) < 0)
			return rc;
		period_format(period, sizeof period, v.period);
		html_f(b, "<h2>%s</h2>\n<form method=\"get\" action=\"/feedback\" class=\"inline\">"
			  "<input type=\"hidden\" name=\"unit\" value=\"%s\">"
			  "<label for=\"period\">%s</label> <input id=\"period\" name=\"period\" value=\"%s\" size=\"8\"> "
			  "<button type=\"submit\">%s</button></form>\n",
		       tr(r, "Resultater for enheden og enhederne under den", "Results for the unit and the units below it"),
		       v.root >= 0 ? v.ix.codes[v.root] : "", tr(r, "Periode (år eller kvartal)", "Period (year or quarter)"),
		       period, tr(r, "Vis", "Show"));
		aggregates_table(r, b, &v);
	} else {
		struct alerted *al;
		struct feedback_episode *aeps;
		size_t nal, naeps;

		if ((rc = alerted_episodes(&al, &nal, &aeps, &naeps, &set, r)) < 0)
			return rc;
		html_f(b, "<h2>%s</h2>\n", tr(r, "Signaler i åbne forløb", "Alerts in open episodes"));
		alerts_table(r, b, al, nal);
		html_f(b, "<p><a href=\"/feedback/alerts?mine=1\">%s</a> · <a href=\"/feedback/sessions/new\">%s</a></p>\n",
		       tr(r, "Kun mine forløb", "Only my episodes"), tr(r, "Registrér en session", "Record a session"));
	}
	html_f(b, "<table class=\"data\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Forløb og signaler", "Episodes and alerts"), tr(r, "Forløb", "Episode"), tr(r, "Enhed", "Unit"),
	       tr(r, "Indtag", "Intake"), tr(r, "Seneste", "Latest"), tr(r, "Ændring", "Change"),
	       tr(r, "Resultat", "Result"), tr(r, "Signaler", "Alerts"));
	for (size_t i = 0; i < n; i++) {
		struct feedback_outcome o;
		struct feedback_alerts al = {0};

		if (feedback_outcome(&o, &eps[i], &set, "self") < 0)
			continue;
		feedback_alerts(&al, &eps[i], &set);
		html_f(b, "<tr><td><a href=\"/feedback/episodes/%s\">%s</a>%s</td><td>%s</td>", eps[i].id, eps[i].id,
		       eps[i].end ? "" : tr(r, " (åbent)", " (open)"), eps[i].unit);
		cell(b, o.has_intake, o.intake, 1, r->lang);
		cell(b, o.has_latest, o.latest, 1, r->lang);
		cell(b, o.has_change, o.change, 1, r->lang);
		html_f(b, "<td>%s</td><td>", outcome_class_label(o.cls, r->lang));
		for (size_t k = 0; k < al.n; k++)
			html_f(b, "%s%s", k ? " " : "", r->lang == LANG_EN ? al.list[k].en : al.list[k].da);
		html_f(b, "</td></tr>\n");
	}
	html_f(b, "</tbody>\n</table>\n");
	page_end(r, res);
	return log_reads(r, eps, n, "feedback.page");
}

int api_feedback_outcomes(struct http_req *r, struct http_res *res)
{
	struct feedback_episode *eps;
	struct instrument_set set;
	struct jsonw w;
	size_t n;
	int rc;

	if ((rc = subtree_episodes(&eps, &n, &set, r)) < 0)
		return rc;
	res->content_type = "application/json";
	jsonw_init(&w, &res->body, false);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++) {
		struct feedback_outcome o;
		struct feedback_alerts al = {0};

		if (feedback_outcome(&o, &eps[i], &set, "self") < 0)
			continue;
		feedback_alerts(&al, &eps[i], &set);
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "episode", eps[i].id);
		jsonw_kstr(&w, "unit", eps[i].unit);
		jsonw_kstr(&w, "age_band", age_band_name(eps[i].band));
		jsonw_kstr(&w, "instrument", o.instrument);
#define OPT(k, has, v)                                                                                                 \
	jsonw_key(&w, k);                                                                                              \
	if (has)                                                                                                       \
		jsonw_num(&w, v);                                                                                      \
	else                                                                                                           \
		jsonw_null(&w)
		OPT("intake", o.has_intake, o.intake);
		OPT("latest", o.has_latest, o.latest);
		OPT("change", o.has_change, o.change);
#undef OPT
		jsonw_kbool(&w, "reliable_improvement", o.reliable_improvement);
		jsonw_kbool(&w, "reliable_deterioration", o.reliable_deterioration);
		jsonw_kbool(&w, "crossed_cutoff", o.crossed_cutoff);
		jsonw_kbool(&w, "intake_above_cutoff", o.intake_above_cutoff);
		jsonw_kstr(&w, "class", outcome_class_name(o.cls));
		jsonw_key(&w, "alerts");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < al.n; k++)
			jsonw_str(&w, feedback_alert_name(al.list[k].code));
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	return log_reads(r, eps, n, "feedback.api");
}

int page_access_log(struct http_req *r, struct http_res *res)
{
	struct access_entry *v;
	struct buf *b;
	size_t n;
	int rc;

	if ((rc = store_access_list(&v, &n, r->store, r->a, 500)) < 0)
		return rc;
	page_begin(r, res, tr(r, "Adgangslog", "Access log"));
	b = &res->body;
	html_f(b, "<h1>%s</h1>\n<p>%s</p>\n<table class=\"audit\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		  "</thead>\n<tbody>\n",
	       tr(r, "Adgangslog", "Access log"),
	       tr(r, "Hver læsning af data på borgerniveau. Opbevares i 6 måneder.",
		  "Every read of citizen-level data. Kept for 6 months."),
	       tr(r, "De seneste 500 læsninger", "The latest 500 reads"), tr(r, "Tid (UTC)", "Time (UTC)"),
	       tr(r, "Hvem", "Who"), tr(r, "Hvad", "What"), tr(r, "Forløb", "Episode"), tr(r, "Via", "Via"));
	for (size_t i = 0; i < n; i++)
		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", v[i].at, v[i].actor,
		       v[i].what, v[i].episode ? v[i].episode : "–", v[i].via);
	html_f(b, "</tbody>\n</table>\n");
	page_end(r, res);
	return 0;
}

/* --- recording a session ---------------------------------------------------------------- */

/* The session form, made for speed with the keyboard: the fields typed
 * every time come first (episode, CPR, the outcome items, the alliance
 * items) and Enter saves; what usually keeps its default (unit, date, the
 * next session number, the forms, the rater, the end) follows. */
static void item_inputs(struct http_req *r, struct buf *b, char prefix, const char *legend, size_t n)
{
	const char *f;

	html_f(b, "<fieldset class=\"items\"><legend>%s</legend>\n", legend);
	for (size_t i = 1; i <= n; i++) {
		char id[4];

		snprintf(id, sizeof id, "%c%zu", prefix, i);
		html_f(b, "<p><label for=\"%s\">%s %zu</label><input id=\"%s\" name=\"%s\" inputmode=\"decimal\" size=\"4\" "
			  "value=\"%s\"></p>\n",
		       id, tr(r, "Punkt", "Item"), i, id, id, (f = req_form(r, id)) ? f : "");
	}
	html_f(b, "</fieldset>\n");
}

static void session_form(struct http_req *r, struct http_res *res, const struct diag *d, const char *done)
{
	static const char *const outcomes[] = {"ORS", "CORS", "WHO5", "SAT", NULL};
	static const char *const alliances[] = {"SRS", "CSRS", "", NULL};
	struct buf *b = &res->body;
	struct unit *units;
	size_t nunits;
	char today[11];
	const char *f;

#define VAL(key, dflt) ((f = req_form(r, key)) && *f ? f : (dflt))
	date_format(today, date_today());
	page_begin(r, res, tr(r, "Registrér session", "Record a session"));
	html_f(b, "<h1>%s</h1>\n<p>%s</p>\n", tr(r, "Registrér session", "Record a session"),
	       tr(r, "Skriv forløbet, CPR-nummeret og punkterne 0,0–10,0 med én decimal, og tryk Enter. Tomt "
		     "sessionsnummer er den næste session. CPR-nummeret bliver til et pseudonym og gemmes aldrig.",
		  "Type the episode, the CPR number and the items 0.0–10.0 with one decimal, and press Enter. An "
		  "empty session number is the next session. The CPR number becomes a pseudonym and is never stored."));
	if (done)
		html_f(b, "<p class=\"ok\" role=\"status\">%s</p>\n", done);
	diag_list(r, b, d);
	html_f(b, "<form method=\"post\" action=\"/feedback/sessions\" class=\"form\" autocomplete=\"off\">\n"
		  "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n",
	       r->csrf ? r->csrf : "");
	html_f(b, "<p><label for=\"episode\">%s</label><input id=\"episode\" name=\"episode\" required autofocus "
		  "value=\"%s\"></p>\n",
	       tr(r, "Forløb", "Episode"), done ? "" : VAL("episode", ""));
	html_f(b, "<p><label for=\"cpr\">%s</label><input id=\"cpr\" name=\"cpr\" inputmode=\"numeric\" required "
		  "autocomplete=\"off\"></p>\n",
	       tr(r, "CPR-nummer", "CPR number"));
	item_inputs(r, b, 'i', tr(r, "Borgerens vurdering af sig selv (fx ORS)", "The citizen's own rating (e.g. ORS)"), 5);
	item_inputs(r, b, 'a', tr(r, "Borgerens vurdering af samarbejdet (fx SRS)", "The citizen's rating of the work together (e.g. SRS)"), 4);
	html_f(b, "<p><button type=\"submit\">%s</button></p>\n<details%s><summary>%s</summary>\n", tr(r, "Gem", "Save"),
	       d && d->n ? " open" : "", tr(r, "Enhed, dato, session, skemaer og afslutning", "Unit, date, session, forms and ending"));
	html_f(b, "<p><label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\">", tr(r, "Enhed", "Unit"));
	if (store_unit_list(&units, &nunits, r->store, r->a) == 0)
		for (size_t i = 0; i < nunits; i++)
			if (r->user->unit && unit_in_subtree(units, nunits, r->user->unit, units[i].code, today) &&
			    unit_valid_on(&units[i], today))
				html_f(b, "<option value=\"%s\"%s>%s %s</option>", units[i].code,
				       strcmp(VAL("unit", r->user->unit), units[i].code) == 0 ? " selected" : "",
				       units[i].code, units[i].name);
	html_f(b, "</select></p>\n");
	text_input(b, "date", tr(r, "Dato (ÅÅÅÅ-MM-DD)", "Date (YYYY-MM-DD)"), VAL("date", today), true);
	text_input(b, "session", tr(r, "Session nr. (tom: den næste)", "Session no. (empty: the next)"),
		   done ? "" : VAL("session", ""), false);
	select_input(b, "instrument", tr(r, "Skema for borgerens vurdering", "Form of the citizen's rating"), outcomes,
		     VAL("instrument", "ORS"));
	select_input(b, "alliance", tr(r, "Skema for samarbejdet (tom: intet)", "Form of the work together (empty: none)"),
		     alliances, (f = req_form(r, "alliance")) ? f : "SRS");
	text_input(b, "rater", tr(r, "Udfyldt af (self eller fx mor)", "Filled in by (self or e.g. mother)"),
		   VAL("rater", "self"), false);
	html_f(b, "<p><input id=\"skipped\" name=\"skipped\" type=\"checkbox\" value=\"1\"> <label for=\"skipped\">%s</label></p>\n",
	       tr(r, "Skemaet blev ikke udfyldt denne gang", "The form was not filled in this time"));
	text_input(b, "end_date", tr(r, "Forløbet slutter (dato, valgfrit)", "The episode ends (date, optional)"),
		   VAL("end_date", ""), false);
	{
		static const char *const reasons[] = {"", "planned", "unplanned", NULL};

		select_input(b, "end_reason", tr(r, "Afslutning", "Ending"), reasons, VAL("end_reason", ""));
	}
	html_f(b, "</details>\n</form>\n");
	page_end(r, res);
#undef VAL
}

int page_session_form(struct http_req *r, struct http_res *res)
{
	session_form(r, res, NULL, NULL);
	return 0;
}

int page_session_post(struct http_req *r, struct http_res *res)
{
	struct feedback_import_result fr;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = action_feedback_session(&fr, r, r->form, r->nform, &d);
	if (rc == PEJL_EINPUT) {
		res->status = 422;
		session_form(r, res, &d, NULL);
		rc = 0;
	} else if (rc == 0) {
		session_form(r, res, NULL,
			     fr.forms_added ? tr(r, "Sessionen er gemt.", "The session is saved.")
					    : tr(r, "Sessionen var allerede gemt.", "The session was already saved."));
	}
	diag_free(&d);
	return rc;
}

int api_session_record(struct http_req *r, struct http_res *res)
{
	struct feedback_import_result fr;
	struct kv *f;
	struct diag d;
	struct jsonw w;
	json_t *j;
	size_t n;
	int rc;

	if (!(j = api_body_object(r, res)))
		return 0;
	diag_init(&d);
	rc = api_object_fields(&f, &n, r, j, &d);
	json_decref(j);
	if (rc == 0)
		rc = action_feedback_session(&fr, r, f, n, &d);
	if (rc == PEJL_EINPUT) {
		api_diag_json(res, 422, "the session was not stored", &d);
		rc = 0;
	} else if (rc == 0) {
		res->status = fr.forms_added ? 201 : 200;
		res->content_type = "application/json";
		jsonw_init(&w, &res->body, false);
		jsonw_obj_begin(&w);
		jsonw_kint(&w, "forms_added", (int64_t)fr.forms_added);
		jsonw_kint(&w, "episodes_added", (int64_t)fr.episodes_added);
		jsonw_obj_end(&w);
	}
	diag_free(&d);
	return rc;
}

/* --- one episode: the citizen's trajectory --------------------------------------------- */

int page_episode(struct http_req *r, struct http_res *res)
{
	struct feedback_episode *eps, *ep = NULL;
	struct instrument_set set;
	struct feedback_trajectory_provider prov = {0};
	const struct feedback_trajectory *expected = NULL;
	struct feedback_outcome o;
	struct feedback_alerts al = {0};
	struct buf *b = &res->body, svg = BUF_INIT;
	size_t n;
	int rc;

	if ((rc = subtree_episodes(&eps, &n, &set, r)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(eps[i].id, r->params[0]) == 0)
			ep = &eps[i];
	if (!ep) /* not there, or not in the user's part of the organisation */
		return err_set(PEJL_ENOTFOUND, "no episode %s in your part of the organisation", r->params[0]);
	/* the local expected path, from the municipality's own closed episodes */
	if (feedback_trajectory_local(&prov, eps, n, &set) == 0 && feedback_expected(&expected, &prov, ep, &set) < 0)
		expected = NULL;
	trajectory_svg(&svg, ep, &set, expected, r->lang);
	feedback_outcome(&o, ep, &set, "self");
	feedback_alerts(&al, ep, &set);
	page_begin(r, res, tr(r, "Forløb", "Episode"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/feedback\">%s</a> › %s</p>\n<h1>%s %s</h1>\n<p>%s: %s, %s. %s: %s.</p>\n",
	       tr(r, "Feedback", "Feedback"), ep->id, tr(r, "Forløb", "Episode"), ep->id, tr(r, "Enhed", "Unit"), ep->unit,
	       age_band_label(ep->band, r->lang), tr(r, "Resultat", "Result"), outcome_class_label(o.cls, r->lang));
	for (size_t k = 0; k < al.n; k++)
		html_f(b, "<p class=\"error\" role=\"status\">%s</p>\n", r->lang == LANG_EN ? al.list[k].en : al.list[k].da);
	html_f(b, "<figure class=\"chart\">%r<figcaption>%s</figcaption></figure>\n", buf_cstr(&svg),
	       expected ? tr(r, "Den stiplede grå linje er det lokale forventede forløb (egne afsluttede forløb).",
			     "The dotted grey line is the local expected path (our own closed episodes).")
			: tr(r, "Intet lokalt forventet forløb: for få afsluttede forløb at sammenligne med.",
			     "No local expected path: too few closed episodes to compare with."));
	page_end(r, res);
	buf_free(&svg);
	feedback_trajectory_provider_free(&prov);
	return log_reads(r, ep, 1, "feedback.episode");
}

/* --- the practitioner's alerts across open episodes -------------------------------------- */

/* Open episodes in the subtree with at least one alert, most serious first
 * (the order of enum feedback_alert_code), then by episode. */
struct alerted {
	const struct feedback_episode *ep;
	struct feedback_alerts al;
};

static int cmp_alerted(const void *x, const void *y)
{
	const struct alerted *a = x, *b = y;

	if (a->al.list[0].code != b->al.list[0].code)
		return a->al.list[0].code < b->al.list[0].code ? -1 : 1;
	return strcmp(a->ep->id, b->ep->id);
}

static int alerted_episodes(struct alerted **out, size_t *n, struct feedback_episode **eps, size_t *neps,
			    struct instrument_set *set, struct http_req *r)
{
	const char *mine = req_query(r, "mine");
	struct alerted *v;
	size_t k = 0;
	int rc;

	if ((rc = subtree_episodes(eps, neps, set, r)) < 0)
		return rc;
	v = arena_calloc(r->a, *neps + 1, sizeof *v);
	for (size_t i = 0; i < *neps; i++) {
		const struct feedback_episode *ep = &(*eps)[i];

		if (ep->end || (mine && *mine == '1' && strcmp(ep->practitioner, r->user->name) != 0))
			continue;
		v[k].ep = ep;
		if (feedback_alerts(&v[k].al, ep, set) == 0 && v[k].al.n > 0)
			k++;
	}
	qsort(v, k, sizeof *v, cmp_alerted);
	*out = v;
	*n = k;
	return 0;
}

static void alerts_table(struct http_req *r, struct buf *b, const struct alerted *v, size_t n)
{
	if (n == 0) {
		html_f(b, "<p>%s</p>\n", tr(r, "Ingen åbne forløb har signaler lige nu.", "No open episode has an alert right now."));
		return;
	}
	html_f(b, "<table class=\"data\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	       tr(r, "Åbne forløb med signaler, de mest alvorlige først", "Open episodes with alerts, most serious first"),
	       tr(r, "Forløb", "Episode"), tr(r, "Enhed", "Unit"), tr(r, "Behandler", "Practitioner"),
	       tr(r, "Signaler", "Alerts"));
	for (size_t i = 0; i < n; i++) {
		html_f(b, "<tr><td><a href=\"/feedback/episodes/%s\">%s</a></td><td>%s</td><td>%s</td><td><ul class=\"alerts\">",
		       v[i].ep->id, v[i].ep->id, v[i].ep->unit, v[i].ep->practitioner);
		for (size_t k = 0; k < v[i].al.n; k++)
			html_f(b, "<li>%s</li>", r->lang == LANG_EN ? v[i].al.list[k].en : v[i].al.list[k].da);
		html_f(b, "</ul></td></tr>\n");
	}
	html_f(b, "</tbody>\n</table>\n");
}

static int log_alerted(struct http_req *r, const struct alerted *v, size_t n, const char *what)
{
	int rc;

	if ((rc = store_begin(r->store)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = store_access_log(r->store, r->user->name, what, v[i].ep->pseudonym, v[i].ep->id,
					   r->api ? "api" : "web")) < 0) {
			store_rollback(r->store);
			return rc;
		}
	return store_commit(r->store);
}

int page_feedback_alerts(struct http_req *r, struct http_res *res)
{
	struct feedback_episode *eps;
	struct instrument_set set;
	struct alerted *v;
	struct buf *b = &res->body;
	const char *mine = req_query(r, "mine");
	size_t n, neps;
	int rc;

	if ((rc = alerted_episodes(&v, &n, &eps, &neps, &set, r)) < 0)
		return rc;
	page_begin(r, res, tr(r, "Signaler", "Alerts"));
	html_f(b, "<p class=\"crumbs\"><a href=\"/feedback\">%s</a> › %s</p>\n<h1>%s</h1>\n<p>%s</p>\n",
	       tr(r, "Feedback", "Feedback"), tr(r, "Signaler", "Alerts"), tr(r, "Signaler i åbne forløb", "Alerts in open episodes"),
	       tr(r, "Et signal er en anledning til at tale med borgeren om forløbet, ikke en dom.",
		  "An alert is a reason to talk with the citizen about the work together, not a verdict."));
	html_f(b, "<p><a href=\"/feedback/alerts%s\">%s</a></p>\n", mine && *mine == '1' ? "" : "?mine=1",
	       mine && *mine == '1' ? tr(r, "Vis alle forløb i enheden", "Show every episode of the unit")
				    : tr(r, "Vis kun mine forløb", "Show only my episodes"));
	alerts_table(r, b, v, n);
	page_end(r, res);
	return log_alerted(r, v, n, "feedback.alerts");
}

int api_feedback_alerts(struct http_req *r, struct http_res *res)
{
	struct feedback_episode *eps;
	struct instrument_set set;
	struct alerted *v;
	struct jsonw w;
	size_t n, neps;
	int rc;

	if ((rc = alerted_episodes(&v, &n, &eps, &neps, &set, r)) < 0)
		return rc;
	res->content_type = "application/json";
	jsonw_init(&w, &res->body, false);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "episode", v[i].ep->id);
		jsonw_kstr(&w, "unit", v[i].ep->unit);
		jsonw_kstr(&w, "practitioner", v[i].ep->practitioner);
		jsonw_key(&w, "alerts");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < v[i].al.n; k++) {
			const struct feedback_alert *a = &v[i].al.list[k];

			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", feedback_alert_name(a->code));
			jsonw_kint(&w, "session", a->session);
			jsonw_knum(&w, "value", a->value);
			jsonw_knum(&w, "threshold", a->threshold);
			jsonw_key(&w, "explanation");
			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "da", a->da);
			jsonw_kstr(&w, "en", a->en);
			jsonw_obj_end(&w);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	return log_alerted(r, v, n, "feedback.alerts.api");
}

/* --- aggregates per unit subtree ------------------------------------------------------------ */

/* The view for the request: ?period= (default: the last whole year) and
 * ?unit= (default and limit: the leader's unit; analysts and admins may
 * see any, with the public threshold). */
static int request_view(struct feedback_units_view *v, struct instrument_set *set, struct http_req *r)
{
	const char *period = req_query(r, "period"), *unit = req_query(r, "unit");
	struct unit *units;
	size_t nunits;
	char today[11], year[8];
	struct diag d;
	long k = SUPPRESS_K_INTERNAL;
	int rc;

	date_format(today, date_today());
	if (!period || !*period) { /* the year the latest episode ended, else last year */
		char last[11];

		if ((rc = store_episodes_last_end(last, r->store)) < 0)
			return rc;
		if (last[0])
			snprintf(year, sizeof year, "%.4s", last);
		else
			snprintf(year, sizeof year, "%d", atoi(today) - 1);
		period = year;
	}
	diag_init(&d);
	rc = instrument_builtin(set, r->a, &d);
	diag_free(&d);
	if (rc < 0)
		return rc;
	if (unit && !*unit)
		unit = NULL;
	if (r->user->role == ROLE_LEADER) {
		if (!unit)
			unit = r->user->unit;
		if ((rc = store_unit_list(&units, &nunits, r->store, r->a)) < 0)
			return rc;
		if (!unit || !r->user->unit || !unit_in_subtree(units, nunits, r->user->unit, unit, today))
			return err_set(PEJL_EPERM, "unit %s is not in your part of the organisation", unit ? unit : "–");
	} else {
		k = SUPPRESS_K_PUBLIC;
	}
	return feedback_units_view(v, r->store, r->a, unit, period, set, k);
}

static void aggregates_table(struct http_req *r, struct buf *b, const struct feedback_units_view *v)
{
	char period[16];

	period_format(period, sizeof period, v->period);
	if (v->nrows == 0) {
		html_f(b, "<p>%s %s.</p>\n", tr(r, "Ingen forløb sluttede i", "No episode ended in"), period);
		return;
	}
	html_f(b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table class=\"data\">\n<caption>%s %s (%s %s–%s)</caption>\n<thead><tr>",
	       tr(r, "Resultater pr. enhed", "Results per unit"), tr(r, "Forløb afsluttet i", "Episodes that ended in"), period, tr(r, "afsluttet", "ended"), v->first, v->last);
	{
		const char *const head[] = {tr(r, "Enhed", "Unit"), tr(r, "Skema", "Form"), tr(r, "Forløb", "Episodes"),
					    tr(r, "Borgere", "Citizens"), tr(r, "Gns. ændring", "Mean change"),
					    tr(r, "Effekt (d)", "Effect (d)"), tr(r, "Bedret klinisk %", "Recovered %"),
					    tr(r, "Forbedret %", "Improved %"), tr(r, "Forværret %", "Deteriorated %"),
					    tr(r, "Uplanlagt afsluttet %", "Unplanned endings %"), tr(r, "Sessioner", "Sessions"),
					    tr(r, "Alliance ≥ 36 %", "Alliance ≥ 36 %")};

		for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
			html_f(b, "<th scope=\"col\">%s</th>", head[i]);
	}
	html_f(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->nrows; i++) {
		const struct feedback_unit_row *row = &v->rows[i];
		const struct feedback_aggregate *ag = &row->ag;
		const char *code = v->ix.codes[row->code];

		html_f(b, "<tr><th scope=\"row\" class=\"d%d\">", row->depth > 5 ? 5 : row->depth);
		if (row->depth > 0)
			html_f(b, "<a href=\"/feedback?unit=%s&amp;period=%s\">%s</a>", code, period, code);
		else
			html_f(b, "%s", code);
		html_f(b, " <span class=\"meta\">%s</span></th><td>%s</td>", feedback_units_name(v, row->code), row->instrument);
		if (row->hidden) {
			html_f(b, "<td colspan=\"10\" class=\"meta\">%s</td></tr>\n",
			       tr(r, "Skjult: for få borgere, eller for at beskytte sådan et tal",
				  "Hidden: too few citizens, or to protect such a cell"));
			continue;
		}
		html_f(b, "<td>%zu</td><td>%zu</td>", ag->episodes, ag->citizens);
		cell(b, ag->has_means, ag->mean_change, 1, r->lang);
		cell(b, ag->has_effect, ag->effect_size, 2, r->lang);
		cell(b, ag->classified > 0, ag->pct_recovered, 1, r->lang);
		cell(b, ag->classified > 0, ag->pct_improved, 1, r->lang);
		cell(b, ag->classified > 0, ag->pct_deteriorated, 1, r->lang);
		cell(b, ag->has_unplanned, ag->pct_unplanned, 1, r->lang);
		cell(b, ag->has_sessions, ag->mean_sessions, 1, r->lang);
		cell(b, ag->has_alliance_share, ag->pct_alliance_ok, 1, r->lang);
		html_f(b, "</tr>\n");
	}
	html_f(b, "</tbody>\n</table></div>\n<p class=\"meta\">%s %ld %s</p>\n",
	       tr(r, "Tal for færre end", "Figures for fewer than"), v->k,
	       tr(r, "borgere vises ikke, og heller ikke de tal, de kunne regnes ud af.",
		  "citizens are not shown, nor the figures they could be worked out from."));
}

int api_feedback_aggregates(struct http_req *r, struct http_res *res)
{
	struct feedback_units_view v;
	struct instrument_set set;
	struct jsonw w;
	int rc;

	if ((rc = request_view(&v, &set, r)) < 0)
		return rc;
	res->content_type = "application/json";
	jsonw_init(&w, &res->body, false);
	feedback_units_json(&w, &v);
	return 0;
}
