#!/usr/bin/env python3
"""tests/http/test_plans.py — plans, initiatives and the red thread over
HTTP (issue 6): the demo's plans and gaps as the pages, the API and the
exports show them; a leader writing a plan through the forms, adding an
initiative, approving it and finding it in the red thread (and its gaps
closing); an approved plan being read-only and a change becoming a new
version; progress on an initiative; the unit subtree; bad input changing
nothing; every write audited.

The server runs with PEJL_TODAY=2017-06-01, the day the demo's gaps are
designed for (src/io/demo.c): commitments 1.8, 2.4, 3.3, 4.4; goals 7A,
8B; units BBU-ANB-1A, BCH-BOT-1B, BCV-MIS, BCV-SIN-1B; the initiative
"Fælles madlavning"; the milestones due 2017-03-31 and 2017-05-01. The
leader's unit is BCV.
"""

import io
import json
import os
import re
import sys
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["PEJL_TODAY"] = "2017-06-01"  # the server inherits it
import harness  # noqa: E402

CODE = "CP-BCV-MIS-2017"


def gaps(c, today=None):
    r = c.get("/api/v1/redthread/gaps" + ("?today=" + today if today else ""))
    return r, (r.json() or {})


def refs(doc, key, field="code"):
    return [x.get(field) for x in doc.get(key, [])]


def thread_goal(doc, code):
    for pm in doc.get("pejlemaerker", []):
        for g in pm.get("goals", []):
            if g.get("code") == code:
                return g
    return None


def html_ok(t, res, name):
    errors, _ = harness.check_html(res.text)
    t.ok(res.status == 200 and not errors, name, res.describe("HTML problems: %s" % errors[:5]))


def audit_actions(admin):
    r = admin.get("/api/v1/audit")
    return [(e.get("action"), e.get("object")) for e in (r.json() or [])]


def body(t, srv):
    viewer = srv.login("viewer")
    leader = srv.login("leader")
    admin = srv.login("admin")
    analyst = srv.login("analyst")

    # --- the demo as everyone sees it ----------------------------------------------------
    r = viewer.get("/api/v1/plans")
    plans = r.json() or []
    t.status(r, 200, "GET /api/v1/plans as a viewer")
    t.eq(len(plans), 24, "the demo has 24 plans (one object per plan)")
    t.ok(all(p.get("title", "").endswith(")") and "syntetisk" in p.get("title", "") for p in plans),
         "every demo plan is labelled synthetic", [p.get("title") for p in plans][:5])
    byc = {p["code"]: p for p in plans if "code" in p}
    cp = byc.get("CP-BCV-HJL-1", {})
    t.ok(cp.get("version") == 2 and cp.get("status") == "approved" and cp.get("from") == 2017,
         "CP-BCV-HJL-1 shows its approved version 2", cp)
    t.eq(byc.get("UP-BBU-ANB-1A", {}).get("status"), "draft", "UP-BBU-ANB-1A is a draft")
    ini = (cp.get("initiatives") or [{}])[0]
    t.ok(isinstance(ini.get("links"), dict) and ini["links"].get("goals") == ["1D"],
         "an initiative's links are grouped by kind", ini)
    r = viewer.get("/api/v1/plans?all=1")
    t.eq(len(r.json() or []), 26, "all=1 lists every version (26: two plans have two)")
    r = viewer.get("/api/v1/plans?unit=BCV-HJL-1")
    t.eq([p.get("code") for p in r.json() or []], ["CP-BCV-HJL-1"], "?unit= lists the plans the unit owns")
    r = viewer.get("/api/v1/plans?unit=BCV-HJL&subtree=1")
    t.eq(sorted(p.get("code") for p in r.json() or []), ["CP-BCV-HJL", "CP-BCV-HJL-1", "UP-BCV-HJL-1A", "UP-BCV-HJL-1B"],
         "?subtree=1 adds the plans of the units below")
    t.status(viewer.get("/api/v1/plans?unit=NOPE"), 404, "an unknown unit: 404")
    r = viewer.get("/api/v1/plans/CP-BCV-HJL-1?version=1")
    j = r.json() or {}
    t.ok(j.get("status") == "archived" and j.get("archived_on") == "2017-02-01" and j.get("approved_on") == "2016-01-28",
         "version 1 is archived on the day version 2 was approved, its approval kept", j)
    t.status(viewer.get("/api/v1/plans/NOPE"), 404, "an unknown plan: 404")
    t.status(viewer.get("/api/v1/plans/CP-BCV-HJL-1?version=9"), 404, "an unknown version: 404")

    r, g = gaps(viewer)
    t.status(r, 200, "GET /api/v1/redthread/gaps")
    t.eq(g.get("today"), "2017-06-01", "the gaps are judged on PEJL_TODAY")
    t.eq(g.get("counts"), {"commitments": 4, "goals": 2, "units": 4, "initiatives": 1, "milestones": 2},
         "the demo's deliberate gaps are all found, and nothing else")
    t.eq(refs(g, "commitments_without_initiative"), ["1.8", "2.4", "3.3", "4.4"], "commitments nothing serves")
    t.eq(refs(g, "goals_without_initiative"), ["7A", "8B"], "goals nothing serves")
    t.eq(refs(g, "units_without_approved_plan"), ["BBU-ANB-1A", "BCH-BOT-1B", "BCV-MIS", "BCV-SIN-1B"],
         "units without a current approved plan, in tree order")
    t.eq(refs(g, "initiatives_without_links", "title"), ["Fælles madlavning (syntetisk)"], "the initiative linked to nothing")
    od = g.get("overdue_milestones", [])
    t.eq([(m.get("due"), m.get("days_overdue"), m.get("plan")) for m in od],
         [("2017-03-31", 62, "MP-BCV-2016"), ("2017-05-01", 31, "UP-BBU-FOR-1A")], "overdue milestones, oldest first")
    r, g16 = gaps(viewer, "2016-06-01")
    t.ok(r.status == 200 and g16.get("counts", {}).get("milestones") == 0 and g16.get("today") == "2016-06-01",
         "?today= judges on another day (2016: nothing overdue yet)", g16.get("counts"))
    t.status(viewer.get("/api/v1/redthread/gaps?today=2017-02-30"), 400, "a today that is no date: 400")

    r = viewer.get("/api/v1/redthread?pejlemaerke=1")
    j = r.json() or {}
    t.ok(r.status == 200 and [p.get("number") for p in j.get("pejlemaerker", [])] == [1],
         "GET /api/v1/redthread?pejlemaerke=1: one pejlemærke", r.describe())
    g1a = thread_goal(j, "1A") or {}
    t.ok([(i.get("title"), i.get("plan", {}).get("code"), i.get("plan", {}).get("unit")) for i in g1a.get("initiatives", [])]
         == [("Boligsocial anvisning med støtte (syntetisk)", "MP-BCV-2016", "BCV")],
         "goal 1A → initiative → plan MP-BCV-2016 → unit BCV", g1a)
    t.ok("commentary" in g1a and g1a["commentary"] is None, "each goal carries its latest commentary (1A: none)", g1a)
    c1d = (thread_goal(j, "1D") or {}).get("commentary") or {}
    t.ok(c1d.get("period") == "2017" and c1d.get("author") == "demo (syntetisk)" and c1d.get("analysis") and
         c1d.get("next_steps") and c1d.get("at"), "1D's commentary: period, analysis, next steps, author, date", c1d)
    r = viewer.get("/api/v1/redthread")
    j = r.json() or {}
    g7a = thread_goal(j, "7A") or {}
    t.eq(g7a.get("initiatives"), [], "goal 7A: no initiative (a break in the red thread)")
    t.status(viewer.get("/api/v1/redthread?pejlemaerke=99"), 404, "an unknown pejlemærke: 404")
    t.status(viewer.get("/api/v1/redthread?pejlemaerke=x"), 400, "a pejlemærke that is no number: 400")
    r = viewer.get("/api/v1/redthread?unit=BCV-HJL-1")
    j = r.json() or {}
    p0 = (j.get("plans") or [{}])[0]
    t.ok(p0.get("code") == "CP-BCV-HJL-1" and [a.get("code") for a in p0.get("above", [])] ==
         ["CP-BCV-HJL", "MP-BCV-2016", "HP-SOF-2017"] and len(p0.get("below", [])) == 2,
         "a unit's thread: its plan, the plans above (nearest first) and below", p0)

    # pages and exports, for a viewer
    for path in ("/plans", "/plans/MP-BCV-2016", "/plans/CP-BCV-HJL-1?version=1", "/redthread", "/redthread?pejlemaerke=1",
                 "/redthread?unit=BCV", "/redthread/gaps", "/plans?unit=BCV&subtree=1&all=1"):
        html_ok(t, viewer.get(path), "GET %s is well-formed HTML" % path)
    r = viewer.get("/plans/MP-BCV-2016")
    t.lacks(r, 'action="/plans/MP-BCV-2016/approve"', "a viewer sees no approval form")
    t.lacks(r, "/progress", "a viewer sees no progress form")
    t.contains(r, "Housing First for unge hjemløse", "the plan page lists its initiatives")
    t.contains(r, "overskredet", "the overdue milestone is marked on the plan page")
    r = viewer.get("/redthread/gaps")
    for needle in ("BCV-MIS", "Fælles madlavning", "Midtvejsevaluering", "7A", "4.4", "2017-06-01"):
        t.contains(r, needle, "the gaps page shows %s" % needle)
    r = viewer.get("/redthread?lang=en")
    t.contains(r, "The red thread", "the red thread in English")
    viewer.get("/redthread?lang=da")  # the language is a cookie: back to Danish
    r = viewer.get("/plans?format=csv")
    t.ok(r.status == 200 and (r.header("Content-Type") or "").startswith("text/csv") and
         r.text.startswith("code,version,type,title,unit,"), "GET /plans?format=csv: CSV with the header",
         r.describe())
    t.ok('filename="plans.csv"' in (r.header("Content-Disposition") or ""), "the CSV is a download named plans.csv")
    t.eq(len(r.text.strip().splitlines()), 25, "the CSV has a header and 24 plans")
    r = viewer.get("/redthread/gaps?format=csv")
    lines = r.text.strip().splitlines()
    t.ok(lines[0].strip() == "kind,ref,title,plan,unit,initiative,due,days_overdue" and len(lines) == 14,
         "the gaps CSV: the header and 13 gaps", r.text[:500])
    r = viewer.get("/redthread?format=xlsx")
    ctype = r.header("Content-Type") or ""
    ok = r.status == 200 and "spreadsheetml" in ctype and r.body[:2] == b"PK"
    names = []
    if ok:
        try:
            z = zipfile.ZipFile(io.BytesIO(r.body))
            names = z.namelist()
            ok = "xl/worksheets/sheet1.xml" in names and b"Housing First" in z.read("xl/sharedStrings.xml")
        except zipfile.BadZipFile as e:
            ok, names = False, [str(e)]
    t.ok(ok, "GET /redthread?format=xlsx: a workbook holding the red thread", r.describe() if not ok else names)
    r = viewer.get("/redthread?unit=BCV-HJL-1&format=csv")
    t.ok(r.text.startswith("unit,plan,plan_version") and "CP-BCV-HJL-1" in r.text, "the unit thread as CSV", r.text[:300])

    # --- a leader writes a plan through the forms ------------------------------------------
    r = leader.get("/plans/new")
    html_ok(t, r, "GET /plans/new as the leader")
    t.ok('value="BCV-MIS"' in r.text and 'value="BBU"' not in r.text,
         "the new-plan form offers only units of the leader's subtree", re.findall(r'option value="(B[^"]*)"', r.text)[:40])
    form = {"code": CODE, "type": "centre", "title": "Centerplan Misbrug 2017 (test)", "unit": "BCV-MIS",
            "year_from": "2017", "year_to": "2017", "parent": "MP-BCV-2016", "description": "", "note": "første udgave"}
    bad = dict(form, year_to="2016", unit="NOPE", title="")
    r = leader.post_form("/plans", bad)
    t.status(r, (403, 422), "a plan for an unknown unit, with a missing title and backwards years is refused")
    bad = dict(form, year_to="2016", title="")
    r = leader.post_form("/plans", bad)
    t.status(r, 422, "a missing title and backwards years: 422")
    t.contains(r, "title", "the error names the title field")
    t.contains(r, "year_to", "the error names year_to")
    t.contains(r, 'value="%s"' % CODE, "the form comes back with what was typed")
    t.status(viewer.get("/api/v1/plans/" + CODE), 404, "the refused plan was not stored")
    r = leader.post_form("/plans", dict(form, year_from="20x7"))
    t.status(r, 422, "a year that is not a number: 422")
    r = leader.post_form("/plans", dict(form, unit="BBU"))
    t.status(r, 403, "a plan for a unit outside the leader's subtree: 403")
    t.status(leader.get("/plans/UP-BBU-ANB-1A/edit"), 403, "editing a draft outside the subtree: 403")
    t.status(leader.post_json("/api/v1/initiatives/7/progress", {}), 422, "progress with neither status nor milestones: 422")
    r = leader.post_form("/plans", dict(form, code="MP-BCV-2016"))
    t.status(r, 422, "a code that exists: 422")
    r = leader.post_form("/plans", dict(form, parent="NOPE"))
    t.status(r, 422, "an unknown parent plan: 422")
    r = leader.post_form("/plans", form)
    t.ok(r.status == 303 and r.header("Location") == "/plans/%s/edit" % CODE, "POST /plans creates the draft",
         r.describe())
    r = leader.get("/plans/%s/edit" % CODE)
    html_ok(t, r, "the edit page of the new draft")
    ini = [("title", "Hurtig udredning (test)"), ("owner", "Centerchef"), ("start", "2017-06-01"), ("end", "2017-12-31"),
           ("status", "active"), ("link", "goal:7A"), ("link", "commitment:2.4"), ("link", "pejlemaerke:6"),
           ("milestones", "2017-09-30 | Evaluering\n2017-03-01 | Opstart | 2017-03-01"),
           ("partners", "forening | Foreningen Ny Start (test)\nvirksomhed | Lokal Cykelsmed (test)"), ("description", "")]
    r = leader.post_form("/plans/%s/initiatives" % CODE, [kv for kv in ini if kv[0] != "link"] +
                         [("link", "goal:9Z"), ("milestones", "")])
    t.status(r, 422, "an initiative linked to a goal that does not exist: 422")
    t.contains(r, "9Z", "the error quotes the unknown goal")
    r = leader.post_form("/plans/%s/initiatives" % CODE, [(k, "2017-02-30 | x" if k == "milestones" else v) for k, v in ini])
    t.status(r, 422, "a milestone with an impossible date: 422")
    t.contains(r, "milestones line 1", "the error names the milestone line")
    r = leader.post_form("/plans/%s/initiatives" % CODE, ini)
    t.ok(r.status == 303 and r.header("Location", ).startswith("/plans/%s/edit" % CODE), "the initiative is added",
         r.describe())
    p = viewer.get("/api/v1/plans/" + CODE).json() or {}
    i0 = (p.get("initiatives") or [{}])[0]
    t.ok(p.get("status") == "draft" and p.get("created_by") == "leader" and p.get("parent") == "MP-BCV-2016",
         "the plan is a draft by the leader under MP-BCV-2016", p)
    t.eq(i0.get("links"), {"goals": ["7A"], "pejlemaerker": [6], "principles": [], "commitments": ["2.4"]},
         "the initiative's links are stored")
    t.eq([(m.get("due"), m.get("title"), m.get("done")) for m in i0.get("milestones", [])],
         [("2017-09-30", "Evaluering", None), ("2017-03-01", "Opstart", "2017-03-01")], "its milestones are stored")
    t.eq([(x.get("kind"), x.get("name")) for x in i0.get("partners", [])],
         [("ngo", "Foreningen Ny Start (test)"), ("business", "Lokal Cykelsmed (test)")],
         "its partners are stored (Danish kinds understood)")
    _, g = gaps(viewer)
    t.ok("7A" not in refs(g, "goals_without_initiative") and "BCV-MIS" in refs(g, "units_without_approved_plan"),
         "a draft's initiative serves 7A at once, but the unit still has no approved plan", g.get("counts"))

    # approve it through the form
    r = leader.get("/plans/" + CODE)
    t.contains(r, 'action="/plans/%s/approve"' % CODE, "the leader sees the approval form")
    r = leader.post_form("/plans/%s/approve" % CODE, {"date": "2017-06-01", "by": "", "decision": "J.nr. 17/99"})
    t.status(r, 422, "approval without 'by': 422")
    r = leader.post_form("/plans/%s/approve" % CODE, {"date": "2017-06-01", "by": "Borgercenterchef", "decision": "J.nr. 17/99"})
    t.ok(r.status == 303, "POST /plans/CODE/approve approves the draft", r.describe())
    p = viewer.get("/api/v1/plans/" + CODE).json() or {}
    t.ok(p.get("status") == "approved" and p.get("approved_on") == "2017-06-01" and p.get("approved_by") == "Borgercenterchef"
         and p.get("decision") == "J.nr. 17/99", "the plan is approved with date, approver and decision", p)
    r = viewer.get("/plans/" + CODE)
    t.contains(r, "godkendt", "the plan page says approved")
    t.contains(r, "J.nr. 17/99", "the plan page shows the decision")

    # ... and find it in the red thread
    j = viewer.get("/api/v1/redthread?pejlemaerke=7").json() or {}
    g7a = thread_goal(j, "7A") or {}
    t.eq([(i.get("title"), i.get("plan", {}).get("code"), i.get("plan", {}).get("status"), i.get("plan", {}).get("unit"))
          for i in g7a.get("initiatives", [])],
         [("Hurtig udredning (test)", CODE, "approved", "BCV-MIS")], "the red thread: 7A → the new initiative → the plan → BCV-MIS")
    r = viewer.get("/redthread?pejlemaerke=7")
    t.contains(r, "Hurtig udredning (test)", "the red thread page shows the new initiative under 7A")
    j = viewer.get("/api/v1/redthread?unit=BCV-MIS").json() or {}
    t.eq([p.get("code") for p in j.get("plans", [])], [CODE], "BCV-MIS's own thread shows the plan")
    _, g = gaps(viewer)
    t.eq(g.get("counts"), {"commitments": 3, "goals": 1, "units": 3, "initiatives": 1, "milestones": 2},
         "the approved plan closes three gaps: 2.4, 7A and BCV-MIS")

    # --- approved is read-only; a change is a new version --------------------------------------
    r = leader.post_form("/plans/" + CODE, form)
    t.status(r, 409, "changing an approved plan: 409")
    r = leader.post_form("/plans/%s/initiatives" % CODE, ini)
    t.status(r, 409, "adding an initiative to an approved plan: 409")
    r = leader.post_json("/api/v1/plans/" + CODE, dict(p, title="changed"))
    t.status(r, 409, "replacing an approved plan through the API: 409")
    t.eq((viewer.get("/api/v1/plans/" + CODE).json() or {}).get("title"), "Centerplan Misbrug 2017 (test)",
         "the approved plan is unchanged")
    r = leader.post_form("/plans/%s/versions" % CODE, {"note": ""})
    t.status(r, 422, "a new version without a reason: 422")
    r = leader.post_form("/plans/%s/versions" % CODE, {"note": "Ny indsats tilføjet"})
    t.ok(r.status == 303 and r.header("Location") == "/plans/%s/edit" % CODE, "a new version starts, to the edit page",
         r.describe())
    r = leader.post_form("/plans/%s/versions" % CODE, {"note": "igen"})
    t.status(r, 409, "a second new version while one is a draft: 409")
    v2 = viewer.get("/api/v1/plans/%s?version=2" % CODE).json() or {}
    t.ok(v2.get("status") == "draft" and len(v2.get("initiatives", [])) == 1 and v2.get("note") == "Ny indsats tilføjet",
         "version 2 is a draft copying version 1", v2)
    t.eq((viewer.get("/api/v1/plans/" + CODE).json() or {}).get("version"), 1, "version 1 stays in force meanwhile")
    r = leader.post_form("/plans/" + CODE, dict(form, title="Centerplan Misbrug 2017, rev. (test)", year_to="2018"))
    t.ok(r.status == 303, "the draft's fields can be changed", r.describe())
    r = leader.post_json("/api/v1/plans/%s/approve" % CODE, {"date": "2017-08-01", "by": "Borgercenterchef", "decision": "J.nr. 17/120"})
    t.status(r, 200, "POST /api/v1/plans/CODE/approve approves version 2")
    t.ok((r.json() or {}).get("version") == 2 and (r.json() or {}).get("title") == "Centerplan Misbrug 2017, rev. (test)",
         "the answer is the approved version 2", r.describe())
    v1 = viewer.get("/api/v1/plans/%s?version=1" % CODE).json() or {}
    t.ok(v1.get("status") == "archived" and v1.get("archived_on") == "2017-08-01" and v1.get("title") == "Centerplan Misbrug 2017 (test)",
         "version 1 is archived, unchanged", v1)

    # --- the API: create, validate, the subtree ----------------------------------------------
    api_plan = {"code": "UP-BCV-API", "type": "development", "title": "Udviklingsplan via API (test)", "unit": "BCV-MIS-1A",
                "from": 2017, "to": 2017, "parent": CODE,
                "initiatives": [{"title": "A", "owner": "B", "status": "planned",
                                 "links": {"goals": ["9Z"], "commitments": ["1.1"]},
                                 "milestones": [{"title": "M", "due": "2017-13-01"}]}]}
    r = leader.post_json("/api/v1/plans", api_plan)
    j = r.json() or {}
    wheres = [x.get("where") for x in (j.get("error") or {}).get("details", [])]
    t.ok(r.status == 422 and "body: $.initiatives[0].links[0]" in wheres and "body: $.initiatives[0].milestones[0].due" in wheres,
         "POST /api/v1/plans with an unknown goal and a bad date: 422 naming both paths", r.describe())
    r = leader.post_json("/api/v1/plans", dict(api_plan, initiatives=[], colour="red"))
    t.status(r, 422, "an unknown key: 422")
    r = leader.post_json("/api/v1/plans", dict(api_plan, initiatives=[], unit="BCH-BOT-1B"))
    t.ok(r.status == 403, "POST /api/v1/plans for a unit outside the subtree: 403", r.describe())
    t.status(viewer.get("/api/v1/plans/UP-BCV-API"), 404, "nothing was stored")
    api_plan["initiatives"][0]["links"] = {"goals": ["6A"]}
    api_plan["initiatives"][0]["milestones"] = [{"title": "M", "due": "2017-12-01"}]
    r = leader.post_json("/api/v1/plans", api_plan)
    j = r.json() or {}
    t.ok(r.status == 201 and j.get("code") == "UP-BCV-API" and j.get("status") == "draft" and j.get("version") == 1,
         "POST /api/v1/plans creates a draft (201)", r.describe())
    # replace the draft: keep the initiative by id, add one
    j["initiatives"][0]["title"] = "A, rettet"
    j["initiatives"].append({"title": "Nyt", "owner": "C"})
    keep = j["initiatives"][0]["id"]
    r = leader.post_json("/api/v1/plans/UP-BCV-API", j)
    j2 = r.json() or {}
    t.ok(r.status == 200 and [i.get("title") for i in j2.get("initiatives", [])] == ["A, rettet", "Nyt"] and
         j2["initiatives"][0].get("id") == keep, "POST /api/v1/plans/CODE replaces the draft, keeping ids", r.describe())
    t.status(analyst.post_json("/api/v1/plans", dict(api_plan, code="X1")), 403, "an analyst may not write plans")

    # --- hostile text is escaped everywhere it is shown ---------------------------------------------
    evil = "=1+2 <script>alert(1)</script>"
    r = leader.post_json("/api/v1/plans", {"code": "HOSTILE-1", "type": "action", "title": evil, "unit": "BCV-MIS-1",
                                           "from": 2017, "to": 2017, "description": "<img src=x onerror=alert(1)>",
                                           "initiatives": [{"title": "@SUM(A1) <b>fed</b>", "owner": "-x",
                                                            "links": {"goals": ["6A"]}}]})
    t.status(r, 201, "a plan with hostile text is stored as text")
    t.lacks(r, "</script>", "the API answer escapes </")
    for path in ("/plans", "/plans/HOSTILE-1", "/redthread?pejlemaerke=6", "/redthread?unit=BCV-MIS-1"):
        res = viewer.get(path)
        t.lacks(res, "<script>alert(1)", "%s: no live <script>" % path)
        t.lacks(res, "<b>fed</b>", "%s: no live markup" % path)
    t.contains(viewer.get("/plans/HOSTILE-1"), "&lt;img src=x onerror=alert(1)&gt;", "the description is escaped")
    r = viewer.get("/plans?format=csv")
    t.contains(r, "'=1+2 <script>", "the CSV neutralises a title that starts with =")
    r = viewer.get("/redthread?pejlemaerke=6&format=csv")
    t.contains(r, "'@SUM(A1)", "the red thread CSV neutralises an initiative that starts with @")
    t.status(viewer.get("/redthread?pejlemaerke=abc"), 404, "a pejlemærke that is no number: 404 on the page")

    # --- progress on an approved plan -------------------------------------------------------------
    hf = next((i for i in (viewer.get("/api/v1/plans/MP-BCV-2016").json() or {}).get("initiatives", [])
               if i.get("title", "").startswith("Housing First")), {})
    mid = next((m.get("id") for m in hf.get("milestones", []) if m.get("title") == "Midtvejsevaluering"), None)
    r = leader.post_json("/api/v1/initiatives/%s/progress" % hf.get("id"), {"milestones": [{"id": mid, "done": "2017-05-30"}]})
    t.ok(r.status == 200 and any(m.get("done") == "2017-05-30" for m in (r.json() or {}).get("milestones", [])),
         "progress on an approved plan: the milestone is done", r.describe())
    _, g = gaps(viewer)
    t.eq(refs(g, "overdue_milestones", "title"), ["Kursus evalueret"], "the milestone is no longer overdue")
    r = leader.post_json("/api/v1/initiatives/%s/progress" % hf.get("id"), {"status": "finished"})
    t.status(r, 422, "an unknown status: 422")
    r = leader.post_json("/api/v1/initiatives/%s/progress" % hf.get("id"), {"milestones": [{"id": 1, "done": "2017-05-30"}]})
    t.status(r, 404, "a milestone of another initiative: 404")
    bbu = next((i for i in (viewer.get("/api/v1/plans/MP-BBU-2016").json() or {}).get("initiatives", [])), {})
    r = leader.post_json("/api/v1/initiatives/%s/progress" % bbu.get("id"), {"status": "done"})
    t.status(r, 403, "progress on a plan outside the subtree: 403")
    r = leader.get("/plans/MP-BCV-2016")
    m = re.search(r'action="/initiatives/(\d+)/progress"', r.text)
    t.ok(m is not None, "the leader sees progress forms on an approved plan of the subtree")
    if m:
        r = leader.post_form("/initiatives/%s/progress" % m.group(1), {"status": "done"})
        t.ok(r.status == 303, "the progress form saves", r.describe())
    r = leader.post_form("/plans/MP-BBU-2016/archive", {"date": "2017-06-01"})
    t.status(r, 403, "archiving a plan outside the subtree: 403")
    r = leader.post_form("/plans/UP-BCV-HJL-1B/archive", {"date": ""})
    t.status(r, 422, "archiving without a date: 422")
    r = leader.post_form("/plans/UP-BCV-HJL-1B/archive", {"date": "2017-06-01"})
    t.ok(r.status == 303, "archiving an approved plan", r.describe())
    _, g = gaps(viewer)
    t.ok("BCV-HJL-1B" in refs(g, "units_without_approved_plan"), "its unit now lacks an approved plan", g.get("counts"))

    # --- every write was audited -------------------------------------------------------------------
    acts = audit_actions(admin)
    for want in [("plan.create", CODE), ("initiative.add", CODE), ("plan.approve", CODE + " v1"), ("plan.version", CODE + " v2"),
                 ("plan.update", CODE), ("plan.approve", CODE + " v2"), ("plan.create", "UP-BCV-API"),
                 ("plan.update", "UP-BCV-API"), ("plan.create", "HOSTILE-1"),
                 ("plan.archive", "UP-BCV-HJL-1B v1")]:
        t.ok(want in acts, "audited: %s %s" % want, acts[:30])
    t.ok(any(a == "initiative.progress" for a, _ in acts), "audited: initiative.progress", acts[:30])


if __name__ == "__main__":
    harness.main(body)
