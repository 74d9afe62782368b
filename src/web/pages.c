/*
 * pages.c — the HTML pages (see pages.h). All text goes through html_f,
 * which escapes; charts come from src/io/chart.c.
 */
#include "web/pages_impl.h"
#include "web/router.h"

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
	struct buf b = BUF_INIT;
	const char *out;

	buf_puts(&b, r->path);
	buf_puts(&b, r->lang == LANG_EN ? "?lang=da" : "?lang=en");
	for (size_t i = 0; i < r->nquery; i++) {
		if (strcmp(r->query[i].key, "lang") == 0)
			continue;
		buf_putc(&b, '&');
		html_url(&b, r->query[i].key);
		buf_putc(&b, '=');
		html_url(&b, r->query[i].value);
	}
	out = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return out;
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
			  "<li><a href=\"/strategy\">%s</a></li>\n<li><a href=\"/plans\">%s</a></li>\n"
			  "<li><a href=\"/redthread\">%s</a></li>\n<li><a href=\"/redthread/gaps\">%s</a></li>\n",
		       tr(r, "Hovedmenu", "Main menu"), tr(r, "Overblik", "Overview"), tr(r, "Organisation", "Organisation"),
		       tr(r, "Strategien", "The strategy"), tr(r, "Planer", "Plans"), tr(r, "Den røde tråd", "The red thread"),
		       tr(r, "Huller", "Gaps"));
		if (role == ROLE_ANALYST)
			html_f(b, "<li><a href=\"/measurements/new\">%s</a></li>\n<li><a href=\"/imports\">%s</a></li>\n",
			       tr(r, "Indtast måling", "Enter a measurement"), tr(r, "Indlæs fil", "Upload a file"));
		if (role == ROLE_ADMIN)
			html_f(b, "<li><a href=\"/audit\">%s</a></li>\n<li><a href=\"/access-log\">%s</a></li>\n",
			       tr(r, "Revisionslog", "Audit log"), tr(r, "Adgangslog", "Access log"));
		if (role == ROLE_LEADER || role == ROLE_PRACTITIONER)
			html_f(b, "<li><a href=\"/feedback\">%s</a></li>\n", tr(r, "Feedback", "Feedback"));
		if (role == ROLE_PRACTITIONER)
			html_f(b, "<li><a href=\"/feedback/sessions/new\">%s</a></li>\n",
			       tr(r, "Registrér session", "Record a session"));
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
	next = safe_next(next);
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
	return res_redirect(res, safe_next(next));
}

int page_logout(struct http_req *r, struct http_res *res)
{
	int rc = action_logout(r);

	if (rc < 0)
		return rc;
	res_header(res, "Set-Cookie", session_cookie_clear(r));
	return res_redirect(res, "/login");
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

		html_f(b, "<li class=\"d%d\"><span class=\"code\">%s</span> <a href=\"/redthread?unit=%s\">%s</a> "
			  "<span class=\"kind\">(%s)</span></li>\n",
		       depth[k] > 5 ? 5 : depth[k], u->code, u->code, u->name,
		       r->lang == LANG_EN ? unit_kind_name(u->kind) : unit_kind_label_da(u->kind));
	}
	html_f(b, "</ul>\n");
	page_end(r, res);
	return 0;
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

