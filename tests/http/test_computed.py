#!/usr/bin/env python3
"""tests/http/test_computed.py — sessions recorded on the web keep the goals
computed from feedback in step (issue 5), on the demo (goals 5B,
*:reliable_improvement, and 9C, *:alliance_ok):

- sessions posted to POST /api/v1/feedback/sessions from several threads at
  once (the server's group commit: one transaction with a savepoint per
  request), each episode's second session closing it, with and without an
  alliance form, some requests failing on a bad item value in between;
  every 201 is in the database with its forms, no failed request left
  anything, the computed figures moved by the hand-counted amounts, and
  `pejl feedback compute` afterwards changes nothing (the incrementally kept
  figures equal a full recompute);
- the session form (POST /feedback/sessions) with alliance fields records
  two forms, an empty session number is the episode's next (1 for a new
  episode: refused before the fix), a bad alliance item is named a2 (it was
  named i2) and stores neither form."""

import os
import re
import sqlite3
import sys
import threading

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

THREADS = 8  # client threads (and server threads)
EPISODES = 3  # per client thread
UNITS = ("BCV-HJL-1A", "BCV-SIN-1B")  # in the practitioner's subtree (BCV)
CPRS = ("010180-1237", "150775-2341", "010140-4111")  # adults


def items(total, n=4):
    """n item values (one decimal) that sum to total exactly."""
    tenths = int(round(total * 10))
    return [(tenths // n + (1 if i < tenths % n else 0)) / 10 for i in range(n)]


def session_body(code, unit, cpr, date, ors, srs=None, session=None, end=None):
    b = {"episode": code, "cpr": cpr, "unit": unit, "date": date, "instrument": "ORS"}
    for i, v in enumerate(items(ors), 1):
        b["i%d" % i] = v
    if srs is not None:
        b["alliance"] = "SRS"
        for i, v in enumerate(items(srs), 1):
            b["a%d" % i] = v
    if session is not None:
        b["session"] = session
    if end:
        b["end_date"], b["end_reason"] = end, "planned"
    return b


def cells(srv, goal, period):
    """{unit: (num, den)} of the latest figures of goal in period (all groups)."""
    with sqlite3.connect(srv.db) as c:
        rows = c.execute(
            "SELECT o.unit, o.numerator, o.denominator, o.computed FROM observation o JOIN goal g ON g.id = o.goal_id"
            " WHERE g.code = ? AND o.period = ? AND o.grp = '' AND o.latest = 1",
            (goal, period),
        ).fetchall()
    return {u: (int(n or 0), int(d or 0), bool(comp)) for u, n, d, comp in rows}


def forms(srv, code):
    """Sorted (session, instrument, rater) of an episode's forms, and its end date."""
    with sqlite3.connect(srv.db) as c:
        f = c.execute(
            "SELECT f.session, f.instrument, f.rater FROM feedback_form f JOIN episode e ON e.id = f.episode_id"
            " WHERE e.code = ? ORDER BY 1, 2, 3",
            (code,),
        ).fetchall()
        e = c.execute("SELECT end_date FROM episode WHERE code = ?", (code,)).fetchone()
    return f, (e[0] if e else "<none>")


def changes(srv):
    with sqlite3.connect(srv.db) as c:
        return c.execute("SELECT n FROM change_counter").fetchone()[0]


def compute(t, srv, when):
    p = srv.cli("feedback", "compute", check=False)
    out = p.stdout.decode()
    t.eq(p.returncode, 0, "%s: pejl feedback compute exits 0" % when)
    m = re.search(r"cells (\d+), of which (\d+) changed", out)
    t.ok(m and int(m.group(1)) > 0 and int(m.group(2)) == 0,
         "%s: pejl feedback compute changes nothing (kept figures = a full recompute)" % when, out + p.stderr.decode())


def clone(c):
    """Another client with the same login (each thread its own cookie jar)."""
    k = harness.Client(c.srv, c.role)
    k.cookies, k.csrf = dict(c.cookies), c.csrf
    return k


def body(t, srv):
    pract = srv.login("practitioner")
    b5, b9 = cells(srv, "5B", "2017"), cells(srv, "9C", "2017")
    t.ok(all(b5.get(u, (0, 0, True))[2] for u in UNITS) and all(b9[u][2] for u in UNITS),
         "the demo's 2017 figures of 5B and 9C in the two units are computed", (b5, b9))
    compute(t, srv, "the demo as loaded")

    # --- many sessions at once ------------------------------------------------------------
    results = []  # (thread, kind, code, status, response)
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(k):
        c = clone(pract)
        start.wait(timeout=60)
        for e in range(EPISODES):
            code = "HTTP-%d-%d" % (k, e)
            unit, cpr = UNITS[(k + e) % 2], CPRS[(k + e) % 3]
            improves = (k * EPISODES + e) % 3 == 0
            # session 1: intake 15.0, alliance 38.0 (good); explicit number
            r = c.post_json("/api/v1/feedback/sessions",
                            session_body(code, unit, cpr, "2017-04-%02d" % (3 + e), 15.0, 38.0, session=1))
            with lock:
                results.append((k, "first", code, r.status, r))
            if e == 1:  # a request that fails in the middle: an item out of range
                bad = session_body("HTTP-BAD-%d" % k, unit, cpr, "2017-04-20", 15.0, 38.0, session=1)
                bad["i3"] = 11.0
                r = c.post_json("/api/v1/feedback/sessions", bad)
                with lock:
                    results.append((k, "bad", bad["episode"], r.status, r))
            # session 2 (number left out: the next), closing the episode: 25.0 (a reliable
            # improvement of 10) or 17.0 (none); alliance 30.0 (below 36)
            r = c.post_json("/api/v1/feedback/sessions",
                            session_body(code, unit, cpr, "2017-05-%02d" % (3 + e), 25.0 if improves else 17.0, 30.0,
                                         end="2017-06-30"))
            with lock:
                results.append((k, "second", code, r.status, r))

    c0 = changes(srv)
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    t.ok(not any(th.is_alive() for th in threads), "every client thread finished")
    commits = changes(srv) - c0

    good = [x for x in results if x[1] != "bad"]
    bad = [x for x in results if x[1] == "bad"]
    t.eq(len(good), THREADS * EPISODES * 2, "every good request was answered")
    wrong = [(x[2], x[1], x[3], x[4].text[:300]) for x in good if x[3] != 201]
    t.eq(wrong, [], "every good session is stored: 201")
    t.ok(all(x[4].json() == {"forms_added": 2, "episodes_added": 1 if x[1] == "first" else 0} for x in good),
         "each 201 added the outcome and the alliance form (and the episode on its first session)",
         [x[4].text for x in good[:4]])
    t.eq(sorted(x[3] for x in bad), [422] * THREADS, "the bad requests are refused (422)")
    t.ok(all(any(d.get("where") == "i3" and "11" in d.get("message", "") for d in x[4].json()["error"]["details"])
             for x in bad if x[4].json()), "the refusal names the item i3 and its value", bad[0][4].text if bad else "")
    t.note("%d requests (%d refused) from %d threads in %d commits" % (len(results), len(bad), THREADS, commits))

    want_forms = [(1, "ORS", "self"), (1, "SRS", "self"), (2, "ORS", "self"), (2, "SRS", "self")]
    missing = []
    for k in range(THREADS):
        for e in range(EPISODES):
            code = "HTTP-%d-%d" % (k, e)
            f, end = forms(srv, code)
            if f != want_forms or end != "2017-06-30":
                missing.append((code, f, end))
    t.eq(missing, [], "every acknowledged session is in the database: two sessions of two forms, the episode closed")
    left = [forms(srv, "HTTP-BAD-%d" % k) for k in range(THREADS)]
    t.eq(left, [([], "<none>")] * THREADS, "a refused request left nothing (no episode, no form)")

    # the computed figures moved by what the new episodes add, per unit
    a5, a9 = cells(srv, "5B", "2017"), cells(srv, "9C", "2017")
    for u in UNITS:
        eps = [(k, e) for k in range(THREADS) for e in range(EPISODES) if UNITS[(k + e) % 2] == u]
        n, improved = len(eps), sum(1 for k, e in eps if (k * EPISODES + e) % 3 == 0)
        was5, was9 = b5.get(u, (0, 0, True)), b9[u]
        t.eq(a5[u][:2], (was5[0] + improved, was5[1] + n),
             "5B 2017 %s: %d more closed episodes, %d of them with a reliable improvement" % (u, n, improved))
        t.eq(a9[u][:2], (was9[0] + n, was9[1] + 2 * n),
             "9C 2017 %s: %d more alliance scores, %d of them at least 36" % (u, 2 * n, n))
        t.ok(a5[u][2] and a9[u][2], "%s: the figures are still marked computed" % u)
    with sqlite3.connect(srv.db) as c:
        revs = c.execute(
            "SELECT MAX(o.revision) FROM observation o JOIN goal g ON g.id = o.goal_id WHERE g.code IN ('5B', '9C')"
            " AND o.period = '2017'").fetchone()[0]
    t.eq(revs, 1, "the computed figures were updated in place (no revision per session)")
    compute(t, srv, "after the concurrent sessions")

    # --- the session form ---------------------------------------------------------------------
    form = {"episode": "HTTP-FORM", "cpr": CPRS[0], "unit": UNITS[0], "date": "2017-09-04", "instrument": "ORS",
            "i1": "4,0", "i2": "4,0", "i3": "4,0", "i4": "4,0", "alliance": "SRS", "a1": "9,5", "a2": "9,5",
            "a3": "9,5", "a4": "9,5", "rater": "self", "session": ""}
    r = pract.post_form("/feedback/sessions", form)
    t.status(r, 200, "form: a new episode with an empty session number is saved (refused before the fix)")
    t.contains(r, "Sessionen er gemt.", "form: the saved message")
    t.eq(forms(srv, "HTTP-FORM")[0], [(1, "ORS", "self"), (1, "SRS", "self")],
         "form: an empty session number of a new episode is 1, and the alliance fields make a second form")
    r = pract.post_form("/feedback/sessions", dict(form, date="2017-09-11", i1="6,0"))
    t.status(r, 200, "form: the next session")
    t.eq(forms(srv, "HTTP-FORM")[0], [(1, "ORS", "self"), (1, "SRS", "self"), (2, "ORS", "self"), (2, "SRS", "self")],
         "form: an empty session number is the episode's next (2), with its alliance form")
    r = pract.post_form("/feedback/sessions", dict(form, date="2017-09-18", alliance="", a1="", a2="", a3="", a4=""))
    t.status(r, 200, "form: a session without an alliance form")
    t.eq(forms(srv, "HTTP-FORM")[0][4:], [(3, "ORS", "self")], "form: session 3 has only the outcome form")
    r = pract.post_form("/feedback/sessions", dict(form, date="2017-09-25", a2="11"))
    t.status(r, 422, "form: an alliance item out of range is refused (422)")
    t.contains(r, "a2: 11", "form: the message names the alliance item a2 (it said i2 before the fix)")
    t.lacks(r, "i2: 11", "form: ... and not the outcome item i2")
    t.eq(len(forms(srv, "HTTP-FORM")[0]), 5, "form: neither form of the refused session is stored")
    r = pract.post_form("/feedback/sessions", dict(form, date="2017-09-25", session="3", i1="5,0"))
    t.status(r, 422, "form: a different form for a stored session number is refused")
    compute(t, srv, "after the form posts")


if __name__ == "__main__":
    harness.main(body, key=True, threads=THREADS)
