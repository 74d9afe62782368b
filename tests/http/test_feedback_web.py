#!/usr/bin/env python3
"""tests/http/test_feedback_web.py — the practitioner's alerts and the
leaders' aggregates on the web and in the API (issue 5), on the demo data:
alerts only for open episodes of the user's subtree, most serious first,
every episode shown written to the access log; aggregates per unit subtree
equal to `pejl feedback aggregates`, limited to the leader's subtree, with
the public threshold for analysts."""

import json
import os
import sqlite3
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ORDER = ["reliable_deterioration", "no_reliable_improvement", "no_change", "alliance_low", "alliance_drop"]


def access_count(srv, what):
    with sqlite3.connect(srv.db) as c:
        return c.execute("SELECT COUNT(*) FROM access_log WHERE what = ?", (what,)).fetchone()[0]


def body(t, srv):
    pract = srv.login("practitioner")
    leader = srv.login("leader")
    analyst = srv.login("analyst")

    # --- alerts -------------------------------------------------------------------------
    before = access_count(srv, "feedback.alerts.api")
    res = pract.get("/api/v1/feedback/alerts")
    t.status(res, 200, "alerts: 200 for a practitioner")
    alerts = res.json()
    t.ok(len(alerts) > 0, "alerts: the demo has open episodes with alerts", len(alerts))
    with sqlite3.connect(srv.db) as c:
        rows = {r[0]: r[1:] for r in c.execute("SELECT code, unit, end_date FROM episode")}
    t.ok(all(rows[a["episode"]][1] is None for a in alerts), "alerts: only open episodes")
    t.ok(all(rows[a["episode"]][0].startswith("BCV") for a in alerts), "alerts: only the user's subtree (BCV)")
    firsts = [ORDER.index(a["alerts"][0]["code"]) for a in alerts]
    t.eq(firsts, sorted(firsts), "alerts: most serious first")
    t.ok(all(a["alerts"][0]["explanation"]["da"] and a["alerts"][0]["explanation"]["en"] for a in alerts),
         "alerts: each alert explains itself in Danish and English")
    t.eq(access_count(srv, "feedback.alerts.api") - before, len(alerts), "alerts: one access-log entry per episode shown")
    res = pract.get("/api/v1/feedback/alerts?mine=1")
    t.eq(res.json(), [], "alerts: ?mine=1 keeps only the user's own episodes (none in the demo)")
    page = pract.get("/feedback/alerts")
    t.status(page, 200, "alerts page: 200")
    t.contains(page.text, alerts[0]["episode"], "alerts page: lists the first alerted episode")
    t.contains(page.text, alerts[0]["alerts"][0]["explanation"]["da"], "alerts page: with the Danish sentence")
    t.contains(pract.get("/feedback").text, "Signaler i åbne forløb", "feedback page: the practitioner sees alerts first")

    # --- aggregates ---------------------------------------------------------------------
    res = leader.get("/api/v1/feedback/aggregates?period=2016")
    t.status(res, 200, "aggregates: 200 for a leader")
    agg = res.json()
    t.eq(agg["unit"], "BCV", "aggregates: a leader's view starts at the leader's unit")
    t.eq(agg["k"], 3, "aggregates: leaders get the internal threshold")
    cli = json.loads(srv.cli("feedback", "aggregates", "--period", "2016", "--unit", "BCV", "--format", "json").stdout)
    t.eq(agg, cli, "aggregates: the API answers what `pejl feedback aggregates` prints")
    root = agg["rows"][0]
    t.eq((root["unit"], root["depth"], root["parent"]), ("BCV", 0, None), "aggregates: the root row first")
    with sqlite3.connect(srv.db) as c:
        n = c.execute("SELECT COUNT(*) FROM episode WHERE unit LIKE 'BCV%' AND end_date BETWEEN '2016-01-01' AND '2016-12-31'"
                      " AND outcome_instrument = ?", (root["instrument"],)).fetchone()[0]
    t.eq(root["episodes"], n, "aggregates: the root counts every episode of its subtree that ended in 2016")
    hidden = [r for r in agg["rows"] if r["suppressed"]]
    t.ok(all("episodes" not in r and "mean_change" not in r for r in hidden), "aggregates: a hidden row has no figures")
    for r in agg["rows"]:
        if not r["suppressed"]:
            t.ok(r["citizens"] >= 3, "aggregates: shown row %s has at least 3 citizens" % r["unit"], r)
    res = leader.get("/api/v1/feedback/aggregates?period=2016&unit=BBU")
    t.status(res, 403, "aggregates: a leader may not look outside the subtree")
    res = leader.get("/api/v1/feedback/aggregates?period=2016&unit=BCV-HJL")
    t.status(res, 200, "aggregates: a leader may look at a unit below")
    t.eq(res.json()["rows"][0]["unit"], "BCV-HJL", "aggregates: the view starts there")
    res = leader.get("/api/v1/feedback/aggregates?period=20x6")
    t.ok(res.status in (400, 422), "aggregates: a bad period is refused", res.describe())
    t.contains(res.text, "20x6", "aggregates: the message names the period")
    res = analyst.get("/api/v1/feedback/aggregates?period=2016")
    t.status(res, 200, "aggregates: analysts may read aggregates")
    a2 = res.json()
    t.eq((a2["unit"], a2["k"]), (None, 5), "aggregates: analysts see the whole organisation with the public threshold")
    t.ok(all(r["citizens"] >= 5 for r in a2["rows"] if not r["suppressed"]), "aggregates: nothing under 5 shown to analysts")
    page = leader.get("/feedback?period=2016")
    t.status(page, 200, "leader page: 200")
    t.contains(page.text, "Resultater pr. enhed", "leader page: the table of units")
    t.contains(page.text, "BCV-HJL", "leader page: lists the units below")
    t.status(leader.get("/feedback?period=2016&unit=BBU"), 403, "leader page: not outside the subtree")


if __name__ == "__main__":
    harness.main(body)
