/*
 * router.h — the route table and the one place where access is decided.
 *
 * Each route names its method, path pattern ("/goals/{}" captures one
 * segment, a final "{*}" the rest of the path), handler, the roles that may use it (core/access.h masks;
 * ROLES_PUBLIC admits anonymous requests), its body limit, and flags. Before
 * a handler runs, router_dispatch authenticates the request (API token or
 * session cookie, with idle and absolute timeouts), finds the route (404,
 * 405), checks the role (401 or 403) and, for state-changing requests made
 * with a session cookie, the CSRF token (403).
 */
#ifndef PEJL_ROUTER_H
#define PEJL_ROUTER_H

#include "web/http.h"

enum route_flags {
	ROUTE_API = 1,     /* answers JSON, errors as JSON */
	ROUTE_NO_CSRF = 2, /* a POST that needs no CSRF token (the login form) */
};

struct route {
	const char *method;
	const char *pattern;
	int (*handler)(struct http_req *r, struct http_res *res);
	unsigned roles;
	size_t body_limit;
	unsigned flags;
};

extern const struct route routes[];
extern const size_t nroutes;

/* The route for method and path, filling r->params; NULL and *status 404
 * or 405 when there is none. */
const struct route *router_match(struct http_req *r, const char *method, const char *path, int *status);

/* The methods the route table has for path, for an Allow header. */
const char *router_allowed(struct http_req *r, const char *path);

/* A safe local redirect target: next when it is a path on this site ("/…"
 * with no "//", backslash or control characters), else "/". */
const char *safe_next(const char *next);

/* Authenticates r (sets r->user etc.). 0, or an error already answered in
 * res (e.g. a bad bearer token: 401). */
int router_authenticate(struct http_req *r, struct http_res *res);

/* Runs the route's checks and its handler, filling res. */
void router_dispatch(const struct route *rt, struct http_req *r, struct http_res *res);

#endif
