#!/usr/bin/env python3
"""tests/http/test_permissions.py — the permission matrix: every route ×
every role (anonymous, viewer, analyst, leader, practitioner, admin).

The expected outcomes are written out below from DESIGN §1 (who does what)
and §5 (access by role): they are NOT derived from src/web/routes.c. The
test only uses routes.c to check that the table names every route there is,
and no route that is not there.

Outcomes:
  ok     the route ran for this role: the row's "ok" statuses (a made-up
         body gets 422 where the route exists; a page 200; …)
  login  GET of a page by an anonymous visitor: 303 to /login?next=…
  401    anonymous request to the API, or anonymous POST
  403    a signed-in role that may not do this
Real path parameters: goal 1D, pejlemærke 1, API token id 1 (made by the
admin before the matrix runs), the demo plans UP-BCV-HJL-1A (approved) and
MP-BCV-2016 (with a draft), and initiative 7 (of MP-BCV-2016), all in the
leader's unit BCV, so a leader's cell tests the role, not the subtree
(test_plans.py tests the subtree). Every state-changing request made with a
session carries that session's CSRF token, so the matrix tests roles, not
CSRF. Requests that would end the session (logout) or replace the cookie
(login) run on a fresh session / a copy of the client.

A second, smaller matrix sends the API routes with each role's API token
(Authorization: Bearer, no cookie, no CSRF token): roles must hold there too.
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import PASSWORD, Client  # noqa: E402

OK, LOGIN, U401, F403 = "ok", "login", "401", "403"
R, L, U, F = OK, LOGIN, U401, F403

# How each row's request is made (see request_for below).
PAGE, LOGIN_FORM, LOGOUT_FORM, FORM_EMPTY, JSON_EMPTY = "page", "login-form", "logout-form", "form-empty", "json-empty"
SESSION_POST, SESSION_DELETE, TOKEN_POST, TOKEN_DELETE, CSV_EMPTY = (
    "session-post",
    "session-delete",
    "token-post",
    "token-delete",
    "csv-empty",
)

ROLE_COLUMNS = ("anonymous", "viewer", "analyst", "leader", "practitioner", "admin")

# fmt: off
#  method    path                               request         "ok" statuses   anon viewer analyst leader pract. admin
MATRIX = [
    ("GET",    "/",                                PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/login",                           PAGE,           (200,),         R,   R,     R,      R,     R,     R),
    ("POST",   "/login",                           LOGIN_FORM,     (303,),         R,   R,     R,      R,     R,     R),
    ("POST",   "/logout",                          LOGOUT_FORM,    (303,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/pejlemaerker/1",                  PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/goals/1D",                        PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/goals/1D/edit",                   PAGE,           (200,),         L,   F,     R,      F,     F,     F),
    ("POST",   "/goals/1D/versions",               FORM_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("POST",   "/goals/1D/commentary",             FORM_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("GET",    "/units",                           PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/strategy",                        PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("POST",   "/strategy",                        FORM_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("GET",    "/measurements/new",                PAGE,           (200,),         L,   F,     R,      F,     F,     F),
    ("POST",   "/measurements",                    FORM_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("GET",    "/imports",                         PAGE,           (200,),         L,   F,     R,      F,     F,     F),
    ("POST",   "/imports",                         FORM_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("GET",    "/audit",                           PAGE,           (200,),         L,   F,     F,      F,     F,     R),
    ("GET",    "/feedback",                        PAGE,           (200,),         L,   F,     F,      R,     R,     F),
    ("GET",    "/access-log",                      PAGE,           (200,),         L,   F,     F,      F,     F,     R),
    ("GET",    "/feedback/sessions/new",           PAGE,           (200,),         L,   F,     F,      F,     R,     F),
    ("GET",    "/feedback/alerts",                 PAGE,           (200,),         L,   F,     F,      R,     R,     F),
    ("GET",    "/feedback/episodes/DEMO-001",      PAGE,           (200,),         L,   F,     F,      R,     R,     F),
    ("POST",   "/feedback/sessions",               FORM_EMPTY,     (422,),         U,   F,     F,      F,     R,     F),
    ("GET",    "/plans",                           PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/plans/new",                       PAGE,           (200,),         L,   F,     F,      R,     F,     F),
    ("POST",   "/plans",                           FORM_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("GET",    "/plans/UP-BCV-HJL-1A",             PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/plans/MP-BCV-2016/edit",          PAGE,           (200,),         L,   F,     F,      R,     F,     F),
    ("POST",   "/plans/UP-BCV-HJL-1A",             FORM_EMPTY,     (409, 422),     U,   F,     F,      R,     F,     F),
    ("POST",   "/plans/UP-BCV-HJL-1A/initiatives", FORM_EMPTY,     (409, 422),     U,   F,     F,      R,     F,     F),
    ("POST",   "/plans/UP-BCV-HJL-1A/approve",     FORM_EMPTY,     (409, 422),     U,   F,     F,      R,     F,     F),
    ("POST",   "/plans/UP-BCV-HJL-1A/archive",     FORM_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("POST",   "/plans/UP-BCV-HJL-1A/versions",    FORM_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("POST",   "/initiatives/7/progress",          FORM_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("GET",    "/redthread",                       PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/redthread/gaps",                  PAGE,           (200,),         L,   R,     R,      R,     R,     R),
    ("GET",    "/static/pejl.css",                 PAGE,           (200,),         R,   R,     R,      R,     R,     R),
    ("GET",    "/favicon.ico",                     PAGE,           (200, 204),     R,   R,     R,      R,     R,     R),
    ("GET",    "/offentlig",                       PAGE,           (303,),         R,   R,     R,      R,     R,     R),
    ("GET",    "/offentlig/2017/da/index.html",    PAGE,           (200,),         R,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/openapi.json",             PAGE,           (200,),         R,   R,     R,      R,     R,     R),
    ("POST",   "/api/v1/session",                  SESSION_POST,   (201,),         R,   R,     R,      R,     R,     R),
    ("DELETE", "/api/v1/session",                  SESSION_DELETE, (204,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/me",                       PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("POST",   "/api/v1/tokens",                   TOKEN_POST,     (201,),         U,   R,     R,      R,     R,     R),
    ("DELETE", "/api/v1/tokens/1",                 TOKEN_DELETE,   (204, 404),     U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/status",                   PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/strategy",                 PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/goals",                    PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/goals/1D",                 PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/goals/1D/observations",    PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("POST",   "/api/v1/goals/1D/observations",    JSON_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("POST",   "/api/v1/goals/1D/versions",        JSON_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("POST",   "/api/v1/goals/1D/commentary",      JSON_EMPTY,     (422,),         U,   F,     R,      F,     F,     F),
    ("POST",   "/api/v1/imports",                  CSV_EMPTY,      (200, 422),     U,   F,     R,      F,     F,     F),
    ("GET",    "/api/v1/units",                    PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/audit",                    PAGE,           (200,),         U,   F,     F,      F,     F,     R),
    ("GET",    "/api/v1/feedback/outcomes",        PAGE,           (200,),         U,   F,     F,      R,     R,     F),
    ("GET",    "/api/v1/feedback/alerts",          PAGE,           (200,),         U,   F,     F,      R,     R,     F),
    ("GET",    "/api/v1/feedback/aggregates",      PAGE,           (200,),         U,   F,     R,      R,     F,     R),
    ("POST",   "/api/v1/feedback/sessions",        JSON_EMPTY,     (422,),         U,   F,     F,      F,     R,     F),
    ("GET",    "/api/v1/plans",                    PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("POST",   "/api/v1/plans",                    JSON_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("GET",    "/api/v1/plans/UP-BCV-HJL-1A",      PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("POST",   "/api/v1/plans/UP-BCV-HJL-1A",      JSON_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("POST",   "/api/v1/plans/UP-BCV-HJL-1A/approve", JSON_EMPTY,  (409, 422),     U,   F,     F,      R,     F,     F),
    ("POST",   "/api/v1/plans/UP-BCV-HJL-1A/archive", JSON_EMPTY,  (422,),         U,   F,     F,      R,     F,     F),
    ("POST",   "/api/v1/plans/UP-BCV-HJL-1A/versions", JSON_EMPTY, (422,),         U,   F,     F,      R,     F,     F),
    ("POST",   "/api/v1/initiatives/7/progress",   JSON_EMPTY,     (422,),         U,   F,     F,      R,     F,     F),
    ("GET",    "/api/v1/redthread",                PAGE,           (200,),         U,   R,     R,      R,     R,     R),
    ("GET",    "/api/v1/redthread/gaps",           PAGE,           (200,),         U,   R,     R,      R,     R,     R),
]
# fmt: on

# The made-up bodies of FORM_EMPTY rows: enough that the handler has something
# to reject (422), nothing it could store.
FORM_BODIES = {
    "/goals/1D/versions": {"note": "permission matrix"},  # no date, no decision
    "/goals/1D/commentary": {"period": "2017"},  # no analysis
    "/measurements": {"goal": "1D", "value": "1"},  # no period
    "/imports": {},  # no file
    "/strategy": {},  # no file
    "/feedback/sessions": {"episode": "X1"},  # no unit
    "/plans": {"code": "MATRIX"},  # no title, unit, years
    "/plans/UP-BCV-HJL-1A": {"title": "matrix"},  # approved (409) / no unit, years (422)
    "/plans/UP-BCV-HJL-1A/initiatives": {"title": "matrix"},  # approved (409) / no owner, status
    "/plans/UP-BCV-HJL-1A/approve": {"by": "matrix"},  # no draft (409) / no date, decision
    "/plans/UP-BCV-HJL-1A/archive": {"date": "2017-02-30"},  # not a date
    "/plans/UP-BCV-HJL-1A/versions": {"note": ""},  # no reason
    "/initiatives/7/progress": {"status": "matrix"},  # not a status
}

# The route patterns the rows stand for (real parameters → "{}").
PARAMS = {"/pejlemaerker/1": "/pejlemaerker/{}", "/api/v1/tokens/1": "/api/v1/tokens/{}",
          "/offentlig/2017/da/index.html": "/offentlig/{*}",
          "/feedback/episodes/DEMO-001": "/feedback/episodes/{}"}


def pattern_of(path):
    if path in PARAMS:
        return PARAMS[path]
    for real in ("/plans/UP-BCV-HJL-1A", "/plans/MP-BCV-2016", "/initiatives/7"):
        if real in path and path != "/plans/new":
            return path.replace(real, real[: real.rindex("/")] + "/{}")
    return path.replace("/goals/1D", "/goals/{}")


def outcome(method, res, oks):
    """The observed outcome of one request, in the table's terms."""
    s = res.status
    loc = res.header("Location") or ""
    if s == 0:
        return "no answer"
    if method == "GET" and 300 <= s < 400 and loc.startswith("/login"):
        return LOGIN
    if s in oks:
        return OK
    if s == 401:
        return U401
    if s == 403:
        return F403
    return "status %d" % s


def fresh(base):
    """A copy of a client, so a Set-Cookie does not touch the original."""
    c = Client(base.srv, base.role)
    c.cookies = dict(base.cookies)
    c.csrf = base.csrf
    c.bearer = base.bearer
    return c


def request_for(srv, base, role, method, path, kind):
    c = fresh(base)
    who = role if role != "anonymous" else "viewer"
    if kind == PAGE:
        return c.request(method, path)
    if kind == LOGIN_FORM:
        return c.post_form(path, {"name": who, "password": PASSWORD, "next": "/units"})
    if kind == LOGOUT_FORM:
        if role != "anonymous" and not c.bearer:
            c = srv.login(role)  # a session of its own: this one ends
        return c.post_form(path, {})
    if kind == FORM_EMPTY:
        return c.post_form(path, FORM_BODIES[path])
    if kind == JSON_EMPTY:
        return c.post_json(path, {})
    if kind == SESSION_POST:
        return c.post_json(path, {"name": who, "password": PASSWORD})
    if kind == SESSION_DELETE:
        if role != "anonymous" and not c.bearer:
            c = srv.login(role)
        return c.delete(path)
    if kind == TOKEN_POST:
        return c.request("POST", path, b"", {"X-CSRF-Token": c.csrf} if c.csrf and not c.bearer else {})
    if kind == TOKEN_DELETE:
        return c.delete(path)
    if kind == CSV_EMPTY:
        hdrs = {"Content-Type": "text/csv"}
        if c.csrf and not c.bearer:
            hdrs["X-CSRF-Token"] = c.csrf
        return c.request(method, path, "goal,period,value\r\n", hdrs)
    raise ValueError(kind)


def check_cell(t, res, method, path, role, want, oks, via=""):
    got = outcome(method, res, oks)
    why = "expected %s, got %s" % (want, got)
    if got == want and want == U401 and path.startswith("/api/"):
        # an API answers errors as JSON {"error":{"code","message"}}
        if res.error_code() != "unauthenticated":
            got, why = "401 without the JSON error", "expected a JSON error with code unauthenticated"
    if got == want and want == F403 and path.startswith("/api/"):
        if res.error_code() != "forbidden":
            got, why = "403 (%s)" % res.error_code(), "expected the JSON error code forbidden (not csrf)"
    t.ok(got == want, "%s %s as %s%s: %s" % (method, path, role, via, want), res.describe(why))


def body(t, srv):
    # coverage: the table names exactly the routes of routes.c
    src = set(harness.routes_from_source())
    table = {(m, pattern_of(p)) for (m, p, *_rest) in MATRIX}
    t.ok(table >= src, "the matrix has a row for every route in routes.c", "missing: %s" % sorted(src - table))
    t.ok(table <= src, "every row of the matrix is a route in routes.c", "not in routes.c: %s" % sorted(table - src))
    t.eq(len(MATRIX), len(table), "the matrix has no duplicate rows")

    clients = {role: srv.login(role) for role in harness.ROLES}
    clients["anonymous"] = srv.anon()

    # API token 1 belongs to the admin; the others' DELETE /api/v1/tokens/1 is not theirs
    r = clients["admin"].request("POST", "/api/v1/tokens?label=matrix", b"", {"X-CSRF-Token": clients["admin"].csrf})
    j = r.json() or {}
    if not t.ok(r.status == 201 and j.get("id") == 1, "the admin's API token has id 1", r.describe()):
        t.note("the DELETE /api/v1/tokens/1 cells use whatever token 1 is")

    order = ["anonymous", "viewer", "analyst", "leader", "practitioner", "admin"]  # admin last: revokes token 1
    for method, path, kind, oks, *cells in MATRIX:
        for role in order:
            want = cells[ROLE_COLUMNS.index(role)]
            res = request_for(srv, clients[role], role, method, path, kind)
            check_cell(t, res, method, path, role, want, oks)

    # the sessions used above are still good (no cell ended them)
    for role in harness.ROLES:
        r = clients[role].get("/api/v1/me")
        t.ok(r.status == 200 and (r.json() or {}).get("role") == role, "%s's session still works after the matrix" % role, r.describe())

    # --- the API routes with API tokens (no cookie, no CSRF) ---
    tokens = {}
    for role in harness.ROLES:
        c = clients[role]
        r = c.request("POST", "/api/v1/tokens?label=bearer-matrix", b"", {"X-CSRF-Token": c.csrf})
        j = r.json() or {}
        if t.ok(r.status == 201 and j.get("token"), "%s gets an API token" % role, r.describe()):
            b = Client(srv, role)
            b.bearer = j["token"]
            tokens[role] = b
    for method, path, kind, oks, *cells in MATRIX:
        if not path.startswith("/api/"):
            continue
        for role in harness.ROLES:
            if role not in tokens:
                continue
            want = cells[ROLE_COLUMNS.index(role)]
            res = request_for(srv, tokens[role], role, method, path, kind)
            check_cell(t, res, method, path, role, want, oks, via=" (API token)")


if __name__ == "__main__":
    harness.main(body)
