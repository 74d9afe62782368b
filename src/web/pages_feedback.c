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

#include "core/suppress.h"
#include "io/feedback_import.h"
#include "io/htmlw.h"
#include "io/instrument_file.h"
#include "io/jsonw.h"
#include "util/date.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* The episodes in the user's unit subtree (today's tree). */
static int subtree_episodes(struct feedback_episode **out, size_t *n, struct instrument_set *set, struct http_req *r)
{
	struct episode_row *rows;
	struct unit *units;
	size_t nrows, nunits, k = 0;
	struct feedback_episode *v;
	struct diag d;
	char today[11];
	int rc;

	date_format(today, date_today());
	diag_init(&d);
	rc = instrument_builtin(set, r->a, &d);
	diag_free(&d);
	if (rc < 0)
		return rc;
	if ((rc = store_unit_list(&units, &nunits, r->store, r->a)) < 0 ||
	    (rc = store_episodes(&rows, &nrows, r->store, r->a, NULL)) < 0)
		return rc;
	v = arena_calloc(r->a, nrows + 1, sizeof *v);
	for (size_t i = 0; i < nrows; i++)
		if (r->user->unit && unit_in_subtree(units, nunits, r->user->unit, rows[i].unit, today))
			feedback_episode_from_row(&v[k++], &rows[i], r->a);
	*out = v;
	*n = k;
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
		struct feedback_aggregate ag;
		bool small;

		if ((rc = feedback_aggregate(&ag, eps, n, &set)) < 0)
			return rc;
		small = suppress_small_n(ag.citizens, SUPPRESS_K_INTERNAL);
		html_f(b, "<table class=\"data\">\n<caption>%s</caption>\n<tbody>\n", tr(r, "Samlet for enheden og dens underenheder", "For the unit and the units below it"));
		html_f(b, "<tr><th scope=\"row\">%s</th><td>%zu</td></tr>\n", tr(r, "Forløb", "Episodes"), ag.episodes);
		if (small) {
			html_f(b, "</tbody></table>\n<p>%s</p>\n",
			       tr(r, "Færre end 3 borgere: tallene vises ikke.", "Fewer than 3 citizens: the figures are not shown."));
		} else {
			html_f(b, "<tr><th scope=\"row\">%s</th>", tr(r, "Gennemsnitlig ændring", "Mean change"));
			cell(b, ag.has_means, ag.mean_change, 1, r->lang);
			html_f(b, "</tr>\n<tr><th scope=\"row\">%s</th>", tr(r, "Effektstørrelse (d)", "Effect size (d)"));
			cell(b, ag.has_effect, ag.effect_size, 2, r->lang);
			html_f(b, "</tr>\n<tr><th scope=\"row\">%s</th>", tr(r, "Andel bedret i klinisk forstand (%)", "Share recovered (%)"));
			cell(b, ag.classified > 0, ag.pct_recovered, 1, r->lang);
			html_f(b, "</tr>\n<tr><th scope=\"row\">%s</th>", tr(r, "Andel forbedret (%)", "Share improved (%)"));
			cell(b, ag.classified > 0, ag.pct_improved, 1, r->lang);
			html_f(b, "</tr>\n<tr><th scope=\"row\">%s</th>", tr(r, "Andel forværret (%)", "Share deteriorated (%)"));
			cell(b, ag.classified > 0, ag.pct_deteriorated, 1, r->lang);
			html_f(b, "</tr>\n<tr><th scope=\"row\">%s</th>", tr(r, "Uplanlagte afslutninger (%)", "Unplanned endings (%)"));
			cell(b, ag.has_unplanned, ag.pct_unplanned, 1, r->lang);
			html_f(b, "</tr>\n<tr><th scope=\"row\">%s</th>", tr(r, "Sessioner med alliance ≥ 36 (%)", "Sessions with alliance ≥ 36 (%)"));
			cell(b, ag.has_alliance_share, ag.pct_alliance_ok, 1, r->lang);
			html_f(b, "</tr>\n</tbody>\n</table>\n");
		}
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
		html_f(b, "<tr><td>%s%s</td><td>%s</td>", eps[i].id, eps[i].end ? "" : tr(r, " (åbent)", " (open)"), eps[i].unit);
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
