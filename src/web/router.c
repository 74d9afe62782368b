/*
 * router.c — matching, authentication and the access checks (router.h).
 */
#include "web/router.h"

#include "io/htmlw.h"
#include "io/secret.h"
#include "util/err.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Does path match pattern? Captures {} segments into r->params; a final
 * {*} captures the rest of the path (slashes included, possibly empty, at
 * most 1024 bytes). */
static bool match(struct http_req *r, const char *pattern, const char *path)
{
	const char *p = pattern, *q = path;

	r->nparams = 0;
	while (*p) {
		if (strcmp(p, "{*}") == 0) {
			size_t n = strlen(q);

			if (n > 1024 || r->nparams == HTTP_MAX_PARAMS)
				return false;
			r->params[r->nparams++] = arena_strndup(r->a, q, n);
			return true;
		}
		if (!*q)
			break;
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(q, '/');
			size_t n = end ? (size_t)(end - q) : strlen(q);

			if (n == 0 || n > 200 || r->nparams == HTTP_MAX_PARAMS)
				return false;
			r->params[r->nparams++] = arena_strndup(r->a, q, n);
			p += 2;
			q += n;
			continue;
		}
		if (*p != *q)
			return false;
		p++;
		q++;
	}
	return *p == '\0' && *q == '\0';
}

const struct route *router_match(struct http_req *r, const char *method, const char *path, int *status)
{
	bool path_found = false;

	for (size_t i = 0; i < nroutes; i++) {
		if (!match(r, routes[i].pattern, path))
			continue;
		path_found = true;
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return &routes[i];
	}
	*status = path_found ? 405 : 404;
	return NULL;
}

const char *router_allowed(struct http_req *r, const char *path)
{
	struct buf b = BUF_INIT;
	const char *out;

	for (size_t i = 0; i < nroutes; i++)
		if (match(r, routes[i].pattern, path) && !strstr(buf_cstr(&b), routes[i].method)) {
			if (b.len)
				buf_puts(&b, ", ");
			buf_puts(&b, routes[i].method);
		}
	out = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	return next;
}

int router_authenticate(struct http_req *r, struct http_res *res)
{
	const char *token;
	char hash[SECRET_TOKEN_HEX];
	long now = (long)time(NULL);

	if (r->authorization && strncmp(r->authorization, "Bearer ", 7) == 0) {
		struct user *u = arena_calloc(r->a, 1, sizeof *u);

		token = r->authorization + 7;
		secret_sha256_hex(hash, token, strlen(token));
		if (store_token_user(u, r->store, r->a, hash) < 0)
			return res_error(r, res, 401, "unauthenticated", "the API token is not valid") - 1;
		r->user = u;
		r->via_token = true;
		return 0;
	}
	token = req_cookie(r, r->a, "pejl_session");
	if (!token || strlen(token) != 64)
		return 0;
	secret_sha256_hex(hash, token, strlen(token));
	{
		struct session_row sr;

		if (store_session_get(&sr, r->store, r->a, hash) < 0)
			return 0;
		if (now - sr.last_seen > r->cfg->session_idle || now - sr.created > r->cfg->session_absolute) {
			/* expired: forget it */
			if (store_begin(r->store) == 0) {
				store_session_delete(r->store, hash);
				store_commit(r->store);
			}
			return 0;
		}
		/* Touch at most once a minute so reads stay reads. */
		if (now - sr.last_seen >= 60 && store_begin(r->store) == 0) {
			if (store_session_touch(r->store, hash, now) < 0)
				store_rollback(r->store);
			else
				store_commit(r->store);
		}
		r->user = arena_calloc(r->a, 1, sizeof *r->user);
		*r->user = sr.user;
		r->session_hash = arena_strdup(r->a, hash);
		r->csrf = sr.csrf;
	}
	return 0;
}

static bool state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

void router_dispatch(const struct route *rt, struct http_req *r, struct http_res *res)
{
	int rc;

	r->api = rt->flags & ROUTE_API;
	if (!(rt->roles & ROLES_PUBLIC)) {
		if (!r->user) {
			if (r->api || state_changing(r->method)) {
				res_error(r, res, 401, "unauthenticated", "log in first");
			} else {
				struct buf b = BUF_INIT, target = BUF_INIT;

				/* back to the same page and query after logging in */
				buf_puts(&target, r->path);
				for (size_t i = 0; i < r->nquery; i++) {
					buf_putc(&target, i ? '&' : '?');
					html_url(&target, r->query[i].key);
					buf_putc(&target, '=');
					html_url(&target, r->query[i].value);
				}
				buf_puts(&b, "/login?next=");
				/* percent-encode all but the slashes, which stay readable */
				for (const char *p = buf_cstr(&target); *p; p++) {
					if (*p == '/')
						buf_putc(&b, '/');
					else
						html_url(&b, (char[]){*p, '\0'});
				}
				res_redirect(res, arena_strdup(r->a, buf_cstr(&b)));
				buf_free(&b);
				buf_free(&target);
			}
			return;
		}
		if (!(rt->roles & ROLE_BIT(r->user->role))) {
			res_error(r, res, 403, "forbidden", "your role (%s) may not do this", role_name(r->user->role));
			return;
		}
	}
	if (state_changing(r->method) && r->user && !r->via_token && !(rt->flags & ROUTE_NO_CSRF)) {
		const char *sent = r->csrf_header ? r->csrf_header : req_form(r, "_csrf");

		if (!sent || !r->csrf || !secret_equal(sent, r->csrf)) {
			res_error(r, res, 403, "csrf", "the form's security token is missing or stale; reload the page");
			return;
		}
	}
	if ((rc = rt->handler(r, res)) < 0)
		res_error(r, res, http_status_for(rc), err_name(rc), "%s", err_last());
}
