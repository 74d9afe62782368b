#!/usr/bin/env python3
"""tests/http/test_api.py — the JSON API (DESIGN §7): golden answers, the
status document against `pejl status --format json`, the OpenAPI document
(checked structurally here, and against the route table), writing
observations, imports, API tokens, sessions and login throttling.

Golden files: tests/golden/http/{goals,units,goal-1D-observations}.json,
compared byte for byte; PEJL_UPDATE_GOLDEN=1 rewrites them. The answers are
deterministic (the demo data is synthetic and seeded); a timestamp
("YYYY-MM-DDTHH:MM:SS…") would be replaced by "<timestamp>" before the
comparison, but none of these three answers holds one today.

Order matters: goldens first (before anything is written), login throttling
near the end (it locks 127.0.0.1 out of logging in for the window), and the
stale-connection check last.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import PASSWORD, Client  # noqa: E402

VERDICTS = {"met", "on_track", "progress", "no_change", "decline", "no_data", "not_comparable"}
TRENDS = {"better", "worse", "same", "none", None}
TIMESTAMP = re.compile(rb'"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"')


def normalise(body):
    """Timestamps → "<timestamp>" (none are expected in the golden answers)."""
    return TIMESTAMP.sub(b'"<timestamp>"', body)


def cli_status(srv, *args):
    p = srv.cli("status", "--format", "json", *args, check=False)
    try:
        return p.returncode, json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        return p.returncode, None


def verdicts(doc):
    """{goal code: (verdict, trend, value)} and {pejlemærke: (verdict, trend)}."""
    goals, pms = {}, {}
    for pm in (doc or {}).get("pejlemaerker", []):
        pms[pm.get("number")] = (pm.get("verdict"), pm.get("trend"))
        for g in pm.get("goals", []):
            goals[g.get("code")] = (g.get("verdict"), g.get("trend"), g.get("value"))
    return goals, pms


def find_goal(doc, code):
    for pm in (doc or {}).get("pejlemaerker", []):
        for g in pm.get("goals", []):
            if g.get("code") == code:
                return g
    return None


# --- a small validator for the OpenAPI document's schemas (a subset of JSON Schema) ----


def resolve(doc, ref):
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise KeyError("not a local reference: %r" % (ref,))
    node = doc
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(ref)
    return node


def validate(doc, schema, value, where="$", depth=0):
    """Errors (strings) of value against schema: $ref, type, nullable,
    required, properties, items, enum, allOf/anyOf/oneOf."""
    if depth > 40:
        return []
    if "$ref" in schema:
        return validate(doc, resolve(doc, schema["$ref"]), value, where, depth + 1)
    errs = []
    if value is None:
        if schema.get("nullable") or not schema.get("type"):
            return []
        return ["%s: null, but the schema does not allow null" % where]
    if "allOf" in schema:
        for s in schema["allOf"]:
            errs += validate(doc, s, value, where, depth + 1)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            fits = [s for s in schema[key] if not validate(doc, s, value, where, depth + 1)]
            if not fits:
                errs.append("%s: fits none of %s" % (where, key))
    t = schema.get("type")
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "integer": int,
        "number": (int, float),
    }
    if t in types:
        ok = isinstance(value, types[t]) and not (t in ("integer", "number") and isinstance(value, bool))
        if t == "integer" and isinstance(value, float) and value.is_integer():
            ok = True
        if not ok:
            return errs + ["%s: %s is not of type %s" % (where, json.dumps(value)[:80], t)]
    if "enum" in schema and value not in schema["enum"]:
        errs.append("%s: %r is not one of %r" % (where, value, schema["enum"]))
    if isinstance(value, dict):
        for k in schema.get("required", []):
            if k not in value:
                errs.append("%s: the required member %r is missing" % (where, k))
        for k, s in schema.get("properties", {}).items():
            if k in value:
                errs += validate(doc, s, value[k], "%s.%s" % (where, k), depth + 1)
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value[:200]):
            errs += validate(doc, schema["items"], v, "%s[%d]" % (where, i), depth + 1)
    return errs


def response_schema(api, path, method, status):
    op = api.get("paths", {}).get(path, {}).get(method, {})
    resp = op.get("responses", {}).get(str(status))
    if resp is None:
        return None
    if "$ref" in resp:
        resp = resolve(api, resp["$ref"])
    return resp.get("content", {}).get("application/json", {}).get("schema")


def check_openapi(t, srv, viewer):
    r = Client(srv).get("/api/v1/openapi.json")  # public
    t.status(r, 200, "GET /api/v1/openapi.json answers 200 without a login")
    t.ok((r.header("Content-Type") or "").startswith("application/json"), "the OpenAPI document is application/json", r.describe())
    api = r.json()
    if not t.ok(isinstance(api, dict), "the OpenAPI document is a JSON object", r.describe()):
        return None
    with open(os.path.join(harness.ROOT, "src", "web", "openapi.json"), "rb") as f:
        t.ok(r.body == f.read(), "the served document is src/web/openapi.json as it is")
    t.ok(bool(re.fullmatch(r"3\.0\.\d+", str(api.get("openapi")))), "openapi is 3.0.x", "openapi: %r" % api.get("openapi"))
    info = api.get("info") or {}
    t.ok(isinstance(info.get("title"), str) and info["title"], "info.title is a non-empty string", repr(info))
    t.ok(isinstance(info.get("version"), str) and info["version"], "info.version is a non-empty string", repr(info))
    paths = api.get("paths")
    t.ok(isinstance(paths, dict) and paths, "paths is a non-empty object")
    paths = paths if isinstance(paths, dict) else {}

    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    item_keys = methods | {"summary", "description", "servers", "parameters", "$ref"}
    problems = []
    op_ids = {}
    documented = set()
    schemes = (api.get("components") or {}).get("securitySchemes") or {}
    for p, item in paths.items():
        if not p.startswith("/"):
            problems.append("%s: a path must start with /" % p)
        if not isinstance(item, dict):
            problems.append("%s: the path item is not an object" % p)
            continue
        for k in item:
            if k not in item_keys and not k.startswith("x-"):
                problems.append("%s: unknown path item member %r" % (p, k))
        template = set(re.findall(r"\{([^}]+)\}", p))
        item_params = {(q.get("name"), q.get("in")) for q in item.get("parameters", []) if isinstance(q, dict)}
        for m, op in item.items():
            if m not in methods:
                continue
            documented.add((m.upper(), re.sub(r"\{[^}]+\}", "{}", p)))
            if not isinstance(op, dict):
                problems.append("%s %s: not an object" % (m, p))
                continue
            resp = op.get("responses")
            if not isinstance(resp, dict) or not resp:
                problems.append("%s %s: no responses" % (m.upper(), p))
            else:
                for code, rv in resp.items():
                    if not re.fullmatch(r"[1-5](\d\d|XX)|default", str(code)):
                        problems.append("%s %s: response key %r is not a status code" % (m.upper(), p, code))
                    if isinstance(rv, dict) and "$ref" not in rv and not isinstance(rv.get("description"), str):
                        problems.append("%s %s %s: a response needs a description" % (m.upper(), p, code))
            if "operationId" in op:
                if op["operationId"] in op_ids:
                    problems.append("operationId %r used twice" % op["operationId"])
                op_ids[op["operationId"]] = p
            params = set(item_params) | {
                (q.get("name"), q.get("in")) for q in op.get("parameters", []) if isinstance(q, dict)
            }
            for q in op.get("parameters", []) + item.get("parameters", []):
                if isinstance(q, dict) and "$ref" not in q:
                    if q.get("in") not in ("query", "header", "path", "cookie") or not q.get("name"):
                        problems.append("%s %s: a parameter needs a name and in: %r" % (m.upper(), p, q))
                    if q.get("in") == "path" and q.get("required") is not True:
                        problems.append("%s %s: path parameter %s must be required" % (m.upper(), p, q.get("name")))
            path_params = {n for n, i in params if i == "path"}
            if path_params != template:
                problems.append(
                    "%s %s: path parameters %s do not match the template %s" % (m.upper(), p, sorted(path_params), sorted(template))
                )
            for req in op.get("security", api.get("security", [])) or []:
                for name in req:
                    if name not in schemes:
                        problems.append("%s %s: security scheme %r is not defined" % (m.upper(), p, name))
    t.ok(not problems, "every operation has responses (with descriptions) and declares its path parameters", "\n".join(problems))

    refs = []

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref":
                    refs.append((where, v))
                else:
                    walk(v, where + "/" + k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, "%s/%d" % (where, i))

    walk(api, "#")
    bad = []
    for where, ref in refs:
        try:
            resolve(api, ref)
        except (KeyError, ValueError, IndexError) as e:
            bad.append("%s: %r (%s)" % (where, ref, e))
    t.ok(refs and not bad, "every $ref (%d) resolves inside the document" % len(refs), "\n".join(bad) or "no $ref at all")

    src = {(m, p) for m, p in harness.routes_from_source() if p.startswith("/api/v1")}
    t.ok(src <= documented, "every /api/v1 route in routes.c is documented", "not documented: %s" % sorted(src - documented))
    t.ok(documented <= src, "every documented operation is a route in routes.c", "not routes: %s" % sorted(documented - src))
    return api


def body(t, srv):
    viewer = srv.login("viewer")
    analyst = srv.login("analyst")

    # --- golden answers, before anything is written ---
    for path, name in (
        ("/api/v1/goals", "goals.json"),
        ("/api/v1/units", "units.json"),
        ("/api/v1/goals/1D/observations", "goal-1D-observations.json"),
    ):
        r1 = viewer.get(path)
        r2 = viewer.get(path)
        t.status(r1, 200, "GET %s answers 200" % path)
        t.ok((r1.header("Content-Type") or "").startswith("application/json"), "GET %s is application/json" % path, r1.describe())
        t.ok(r1.json() is not None, "GET %s is valid JSON" % path, r1.describe())
        t.ok(r1.body == r2.body, "GET %s answers the same twice" % path)
        golden_body = normalise(r1.body)
        if golden_body != r1.body:
            t.note("%s: timestamps normalised before the golden comparison" % path)
        harness.golden(t, name, golden_body, "GET %s matches tests/golden/http/%s" % (path, name))

    api = check_openapi(t, srv, viewer) or {}

    # --- status: DESIGN §7 shape, and the same as `pejl status --format json` ---
    r = viewer.get("/api/v1/status")
    t.status(r, 200, "GET /api/v1/status answers 200")
    st = r.json() or {}
    t.ok(isinstance(st.get("strategy"), str) and st.get("strategy"), "status has the strategy", r.describe())
    t.eq(st.get("period"), "2017", "status defaults to the strategy's last year, 2017")
    pms = st.get("pejlemaerker")
    t.ok(isinstance(pms, list) and len(pms) == 9, "status lists the nine pejlemærker", r.describe())
    shape = []
    for pm in pms or []:
        for k in ("number", "title", "verdict", "trend", "goals"):
            if k not in pm:
                shape.append("pejlemærke %s: no %s" % (pm.get("number"), k))
        if pm.get("verdict") not in VERDICTS:
            shape.append("pejlemærke %s: verdict %r" % (pm.get("number"), pm.get("verdict")))
        for g in pm.get("goals") or []:
            for k in ("code", "value", "baseline", "target", "expected", "progress_pct", "verdict", "trend", "explanation"):
                if k not in g:
                    shape.append("goal %s: no %s" % (g.get("code"), k))
            if g.get("verdict") not in VERDICTS:
                shape.append("goal %s: verdict %r" % (g.get("code"), g.get("verdict")))
            if g.get("trend") not in TRENDS:
                shape.append("goal %s: trend %r" % (g.get("code"), g.get("trend")))
            ex = g.get("explanation") or {}
            if not (isinstance(ex.get("da"), str) and ex["da"] and isinstance(ex.get("en"), str) and ex["en"]):
                shape.append("goal %s: explanation needs da and en" % g.get("code"))
            for k in ("baseline", "target"):
                v = g.get(k)
                if v is not None and not (isinstance(v, dict) and "period" in v and "value" in v):
                    shape.append("goal %s: %s is not {period, value}" % (g.get("code"), k))
    summary = st.get("summary") or {}
    for v in VERDICTS:
        if not isinstance(summary.get(v), int):
            shape.append("summary: no count for %s" % v)
    t.ok(not shape, "every pejlemærke and goal has the DESIGN §7 members with known codes", "\n".join(shape[:40]))
    g1d = find_goal(st, "1D") or {}
    t.ok(
        g1d.get("baseline") == {"period": "2013", "value": 1581} and (g1d.get("target") or {}).get("period") == "2017",
        "goal 1D: baseline 2013 = 1581, target period 2017",
        json.dumps({k: g1d.get(k) for k in ("baseline", "target", "value", "verdict")}),
    )
    schema = response_schema(api, "/api/v1/status", "get", 200)
    if schema:
        errs = validate(api, schema, st)
        t.ok(not errs, "the status answer fits its OpenAPI schema", "\n".join(errs[:30]))

    rc, cli = cli_status(srv)
    t.eq(rc, 0, "pejl status --format json runs on the server's database")
    cg, cp = verdicts(cli)
    ag, ap = verdicts(st)
    t.ok(cg and cg == ag, "the API and the CLI agree on every goal's verdict, trend and value (2017)", "api: %r\ncli: %r" % (ag, cg))
    t.ok(cp and cp == ap, "the API and the CLI agree on every pejlemærke's verdict and trend (2017)", "api: %r\ncli: %r" % (ap, cp))
    t.ok(cli == st, "the API status document equals the CLI's (2017)")

    for period in ("2016", "2015", "2014"):
        r = viewer.get("/api/v1/status?period=" + period)
        t.status(r, 200, "GET /api/v1/status?period=%s answers 200" % period)
        doc = r.json() or {}
        t.eq(doc.get("period"), period, "status?period=%s is for %s" % (period, period))
        rc, cli = cli_status(srv, "--period", period)
        t.ok(rc == 0 and verdicts(cli) == verdicts(doc), "the API and `pejl status --period %s` agree on every verdict" % period)
    r = viewer.get("/api/v1/status?period=2016/17")
    t.status(r, 200, "status?period=2016/17 (a school year) answers 200")
    r = viewer.get("/api/v1/status?period=20x6")
    t.status(r, 422, "status?period=20x6 answers 422")
    t.eq(r.error_code(), "bad_input", "the bad period's error is a JSON error with a code")

    # --- writing an observation ---
    r = viewer.get("/api/v1/status?period=2018")  # fill the cache: it must notice the write
    before = find_goal(r.json(), "1A") or {}
    t.ok(before.get("value_period") != "2018", "before the write, 1A has no 2018 value", json.dumps(before)[:300])
    r = analyst.post_json("/api/v1/goals/1A/observations", {"period": "2018", "value": 1111, "source": "http test", "note": "api"})
    t.status(r, 201, "POST /api/v1/goals/1A/observations as analyst answers 201")
    j = r.json() or {}
    t.ok(j.get("rows") == 1 and j.get("added") == 1, "the answer counts one added row", r.describe())
    schema = response_schema(api, "/api/v1/goals/{code}/observations", "post", 201)
    if schema:
        errs = validate(api, schema, j)
        t.ok(not errs, "the answer fits its OpenAPI schema", "\n".join(errs))
    r = viewer.get("/api/v1/goals/1A/observations")
    rows = [o for o in (r.json() or []) if o.get("period") == "2018"]
    t.ok(
        len(rows) == 1 and rows[0].get("value") == 1111 and rows[0].get("source") == "http test" and rows[0].get("note") == "api",
        "the new value is among 1A's observations",
        json.dumps(rows),
    )
    schema = response_schema(api, "/api/v1/goals/{code}/observations", "get", 200)
    if schema:
        errs = validate(api, schema, r.json())
        t.ok(not errs, "the observations answer fits its OpenAPI schema", "\n".join(errs[:20]))
    r = viewer.get("/api/v1/status?period=2018")
    g = find_goal(r.json(), "1A") or {}
    t.ok(g.get("value") == 1111 and g.get("value_period") == "2018", "status?period=2018 shows the new 1A value", json.dumps(g)[:400])
    rc, cli = cli_status(srv, "--period", "2018")
    t.ok(rc == 0 and verdicts(cli) == verdicts(r.json()), "the API and `pejl status --period 2018` agree after the write")

    r = analyst.post_json("/api/v1/goals/1C/observations", {"period": "2018", "numerator": 120, "denominator": 100})
    t.status(r, 422, "numerator > denominator answers 422")
    err = (r.json() or {}).get("error") or {}
    details = err.get("details") or []
    t.ok(
        any("numerator" in (d.get("where", "") + " " + d.get("message", "")) for d in details),
        "the 422's details name the numerator",
        r.describe(),
    )
    t.ok(
        any(d.get("where") == "numerator" for d in details),
        "the 422's details locate the error by field (where: numerator), not by an internal CSV cell",
        r.describe(),
    )
    r = viewer.get("/api/v1/goals/1C/observations")
    t.ok(not [o for o in (r.json() or []) if o.get("period") == "2018"], "the bad observation was not stored")
    r = analyst.post_json("/api/v1/goals/1A/observations", {"period": "2018Q9", "value": 1})
    t.status(r, 422, "a bad period answers 422")
    r = analyst.request("POST", "/api/v1/goals/1A/observations", '{"period":"2019","value":1}', {"Content-Type": "text/plain", "X-CSRF-Token": analyst.csrf})
    t.status(r, 415, "an observation sent as text/plain answers 415")
    r = analyst.post_json("/api/v1/goals/ZZ/observations", {"period": "2018", "value": 1})
    t.status(r, 404, "an observation for an unknown goal answers 404")
    r = analyst.post_json("/api/v1/goals/1A/observations", {"period": "2018", "value": 1}, csrf=False)
    t.ok(r.status == 403 and r.error_code() == "csrf", "a cookie-authenticated POST without X-CSRF-Token answers 403 csrf", r.describe())
    r = viewer.post_json("/api/v1/goals/1A/observations", {"period": "2019", "value": 1})
    t.ok(r.status == 403 and r.error_code() == "forbidden", "a viewer may not write observations (403 forbidden)", r.describe())

    # --- imports ---
    good = "goal,period,value\r\n1A,2019,1150\r\n1B,2019,470\r\n"
    r = analyst.request("POST", "/api/v1/imports?name=good.csv", good, {"Content-Type": "text/csv", "X-CSRF-Token": analyst.csrf})
    t.status(r, 200, "POST /api/v1/imports (CSV) as analyst answers 200")
    j = r.json() or {}
    t.ok(
        (j.get("rows"), j.get("added"), j.get("revised"), j.get("unchanged")) == (2, 2, 0, 0),
        "the import answer counts 2 rows, 2 added",
        r.describe(),
    )
    semi = "\ufeffgoal;period;numerator;denominator\r\n1C;2019;905;1000\r\n"
    r = analyst.request("POST", "/api/v1/imports?name=semi.csv", semi.encode("utf-8"), {"Content-Type": "text/csv", "X-CSRF-Token": analyst.csrf})
    t.ok(r.status == 200 and (r.json() or {}).get("added") == 1, "a semicolon CSV with a BOM imports", r.describe())
    bad = "goal,period,value\n1A,2020,1200\n1B,2020,abc\n1A,20x0,5\n"
    r = analyst.request("POST", "/api/v1/imports?name=bad.csv", bad, {"Content-Type": "text/csv", "X-CSRF-Token": analyst.csrf})
    t.status(r, 422, "a CSV with errors answers 422")
    details = ((r.json() or {}).get("error") or {}).get("details") or []
    wheres = [d.get("where") for d in details]
    t.ok(wheres and all(re.fullmatch(r"bad\.csv:\d+:\d+", w or "") for w in wheres), "every error is located as FILE:LINE:COLUMN", r.describe())
    t.ok("bad.csv:3:3" in wheres, "the bad value is at bad.csv:3:3 (line 3, column 3)", r.describe())
    t.ok("bad.csv:4:2" in wheres, "the bad period is at bad.csv:4:2", r.describe())
    r = viewer.get("/api/v1/goals/1A/observations")
    t.ok(not [o for o in (r.json() or []) if o.get("period") == "2020"], "a failed import stores nothing (line 2's good row neither)")
    r = analyst.request("POST", "/api/v1/imports?name=empty.csv", "", {"Content-Type": "text/csv", "X-CSRF-Token": analyst.csrf})
    t.status(r, 422, "an empty upload answers 422")

    # --- API tokens ---
    r = analyst.request("POST", "/api/v1/tokens?label=ci", b"", {"X-CSRF-Token": analyst.csrf})
    t.status(r, 201, "POST /api/v1/tokens answers 201")
    j = r.json() or {}
    token, tid = j.get("token"), j.get("id")
    t.ok(isinstance(token, str) and re.fullmatch(r"[0-9a-f]{64}", token or "") and isinstance(tid, int), "the answer holds the id and a 256-bit token", r.describe())
    bot = Client(srv, "analyst")
    bot.bearer = token
    r = bot.get("/api/v1/me")
    j = r.json() or {}
    t.ok(r.status == 200 and j.get("role") == "analyst" and j.get("csrf") is None, "Bearer works without a cookie (and has no CSRF token)", r.describe())
    r = bot.post_json("/api/v1/goals/1A/observations", {"period": "2021", "value": 1160}, csrf=False)
    t.status(r, 201, "a POST with Bearer needs no CSRF token")
    r = viewer.delete("/api/v1/tokens/%s" % tid)
    t.status(r, 404, "another user cannot revoke the analyst's token (404)")
    t.status(bot.get("/api/v1/me"), 200, "the token still works after that attempt")
    r = bot.delete("/api/v1/tokens/%s" % tid, csrf=False)
    t.status(r, 204, "DELETE /api/v1/tokens/ID revokes the token (204)")
    r = bot.get("/api/v1/me")
    t.ok(r.status == 401 and r.error_code() == "unauthenticated", "the revoked token answers 401", r.describe())
    r = bot.get("/api/v1/openapi.json")
    t.status(r, 401, "a revoked token is refused even on a public route (401)")
    stored = b""
    for suffix in ("", "-wal"):
        try:
            with open(srv.db + suffix, "rb") as f:
                stored += f.read()
        except OSError:
            pass
    t.ok(stored and token.encode() not in stored, "the API token's text is not in the database (stored hashed)")
    t.ok(viewer.session.encode() not in stored, "the session cookie's text is not in the database (stored hashed)")

    # --- sessions ---
    anon = Client(srv)
    r = anon.post_json("/api/v1/session", {"name": "viewer", "password": "not the password"}, csrf=False)
    t.ok(r.status == 401 and r.error_code() == "unauthenticated", "POST /api/v1/session with a wrong password answers 401", r.describe())
    t.ok(not r.header_all("Set-Cookie"), "a failed login sets no cookie", r.describe())
    r = anon.post_json("/api/v1/session", "{", csrf=False)
    t.status(r, 400, "POST /api/v1/session with broken JSON answers 400")
    c = srv.login("viewer")
    old = c.session
    r = c.delete("/api/v1/session", csrf=False)
    t.ok(r.status == 403 and r.error_code() == "csrf", "DELETE /api/v1/session without X-CSRF-Token answers 403", r.describe())
    r = c.delete("/api/v1/session")
    t.status(r, 204, "DELETE /api/v1/session logs out (204)")
    sc = " ".join(r.header_all("Set-Cookie"))
    t.ok("pejl_session=;" in sc and "Max-Age=0" in sc, "logout clears the cookie", r.describe())
    stale = Client(srv, "viewer")
    stale.cookies["pejl_session"] = old
    r = stale.get("/api/v1/me")
    t.ok(r.status == 401 and r.error_code() == "unauthenticated", "the logged-out session's cookie answers 401", r.describe())
    r = stale.get("/")
    t.ok(r.status == 303 and (r.header("Location") or "").startswith("/login"), "… and pages send it to /login", r.describe())

    # --- login throttling (last login of this file: it locks 127.0.0.1 out) ---
    keep = srv.login("admin")  # a session made before the lock-out
    fails = []
    for i in range(5):  # login_failures defaults to 5
        r = anon.post_json("/api/v1/session", {"name": "leader", "password": "wrong password %d" % i}, csrf=False)
        fails.append(r.status)
    t.eq(fails, [401] * 5, "five wrong passwords answer 401 each")
    r = anon.post_json("/api/v1/session", {"name": "leader", "password": PASSWORD}, csrf=False)
    t.ok(r.status == 429 and r.error_code() == "throttled", "the sixth try answers 429 even with the right password", r.describe())
    t.ok(not r.header_all("Set-Cookie"), "the throttled login sets no cookie", r.describe())
    r = anon.post_form("/login", {"name": "leader", "password": PASSWORD}, csrf=False)
    t.status(r, 429, "the login form is throttled too (429)")
    r = keep.get("/api/v1/me")
    t.status(r, 200, "a session made before the lock-out still works")

    # --- a write after a re-import and a write from outside (other worker, other process) ---
    # The same rows again leave everything unchanged; then another process
    # writes; every later write on every worker must still succeed.
    r = analyst.request("POST", "/api/v1/imports?name=good.csv", good, {"Content-Type": "text/csv", "X-CSRF-Token": analyst.csrf})
    j = r.json() or {}
    t.ok(r.status == 200 and (j.get("added"), j.get("unchanged")) == (0, 2), "importing the same file again changes nothing (2 unchanged)", r.describe())
    again = []  # more of the same, so that every worker has done one
    for _ in range(5):
        r = analyst.request("POST", "/api/v1/imports?name=good.csv", good, {"Content-Type": "text/csv", "X-CSRF-Token": analyst.csrf})
        again.append(r.status if r.status != 500 else "500 %s" % ((r.json() or {}).get("error") or {}).get("message"))
    path = os.path.join(srv.tmp, "outside.csv")
    with open(path, "w") as f:
        f.write("goal,period,value\n1B,2022,460\n")
    p = srv.cli("import", "measurements", path, check=False)
    t.eq(p.returncode, 0, "pejl import measurements (another process) writes while the server runs")
    after = []
    for i in range(8):
        r = analyst.post_json("/api/v1/goals/1A/observations", {"period": str(2030 + i), "value": 1200 + i})
        after.append(r.status if r.status != 500 else "500 %s" % ((r.json() or {}).get("error") or {}).get("message"))
    t.ok(
        after == [201] * 8 and again == [200] * 5,
        "every write after that succeeds (no worker keeps a stale read transaction)",
        "re-imports: %r\nlater writes (want 201 each): %r" % (again, after),
    )
    seen = []
    for _ in range(6):
        r = viewer.get("/api/v1/goals/1B/observations")
        seen.append(any(o.get("period") == "2022" for o in (r.json() or [])))
    t.eq(seen, [True] * 6, "every worker sees the other process's write")


if __name__ == "__main__":
    harness.main(body)
