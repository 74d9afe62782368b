#!/usr/bin/env python3
"""tests/http/test_pages.py — the HTML pages as people use them.

As viewer: the overview, the nine pejlemærker, goals 1A and 1D, the
organisation and the strategy render (200) with the expected Danish text
(headline, verdict labels, Danish number format, the chart <svg role="img">),
?lang=en gives English and sticks (cookie), every page is well-formed (every
non-void element closed, in order; no duplicate ids) and every internal link
(<a href="/…">) answers 200 for the viewer. The menu shows each role only
what it may use.
As analyst: the measurement form (a good value, a bad period, an empty
form), uploading a CSV with an error and a good one (multipart), a dry run,
a new goal version (and the status computed with it), a commentary.
As admin: the audit log lists what was done.
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Client  # noqa: E402

DA_LABELS = ("opfyldt", "fremgang", "uændret", "tilbagegang", "ikke sammenlignelig (databrud)")
EN_LABELS = ("met", "progress", "no change", "decline", "not comparable (data break)")


def copy(c):
    d = Client(c.srv, c.role)
    d.cookies = dict(c.cookies)
    d.csrf = c.csrf
    return d


class Pages:
    """Fetches pages, checks them well-formed, and remembers their links."""

    def __init__(self, t):
        self.t = t
        self.links = {}  # role → {href → the page it was found on}

    def get(self, client, path, want=200, name=None):
        t = self.t
        name = name or "GET %s as %s" % (path, client.role)
        r = client.get(path)
        t.status(r, want, "%s answers %d" % (name, want))
        if "text/html" in (r.header("Content-Type") or ""):
            errors, parser = harness.check_html(r.text)
            t.ok(not errors, "%s is well-formed HTML" % name, "\n".join(errors[:20]))
            for href in parser.links + parser.refs:
                if href.startswith("/") and not href.startswith("//"):
                    self.links.setdefault(client.role, {}).setdefault(href.split("#", 1)[0], path)
            r.parser = parser
        return r


def has_text(t, r, needle, name, ci=False):
    hay = r.text.lower() if ci else r.text
    return t.ok((needle.lower() if ci else needle) in hay, name, "expected to find %r in %s\n%s" % (needle, r.path, harness.excerpt(visible(r.text))))


def visible(html):
    """The page's text without tags (for diagnostics and text checks)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def check_links(t, pages, client, done=set()):
    """GETs every internal link found on client's pages (not yet checked for
    its role) with a copy of client; each must answer 200."""
    n = 0
    links = pages.links.get(client.role, {})
    c = copy(client)  # following ?lang=… links must not change client's language
    for href in sorted(links):
        if href in ("", "/logout") or (client.role, href) in done:
            continue
        done.add((client.role, href))
        r = c.get(href)
        n += 1
        t.ok(r.status == 200, "link %s (from %s) answers 200 for the %s" % (href, links[href], client.role), r.describe())
    return n


def body(t, srv):
    pages = Pages(t)

    # --- anonymous: to the login page ---
    anon = Client(srv)
    r = anon.get("/")
    t.ok(r.status == 303 and r.header("Location") == "/login?next=/", "GET / anonymously redirects to /login?next=/", r.describe())
    r = pages.get(anon, "/login?next=/")
    t.ok('name="next" value="/"' in r.text, "the login form carries next=/", harness.excerpt(r.text))

    viewer = srv.login("viewer", via="form")
    t.ok(bool(viewer.session), "the viewer logs in through the form")

    # --- viewer, Danish ---
    r = pages.get(viewer, "/")
    t.ok('<html lang="da">' in r.text, "the overview is in Danish (html lang=da)")
    has_text(t, r, "fremgang på 5 af 9 pejlemærker", "the overview says “fremgang på 5 af 9 pejlemærker”", ci=True)
    for label in DA_LABELS:
        has_text(t, r, ">%s<" % label, "the overview shows the verdict label “%s”" % label)
    t.ok(len(re.findall(r'href="/pejlemaerker/\d"', r.text)) == 9, "the overview links the nine pejlemærker")
    t.ok(len(r.parser.svgs) >= 9 and all(s.get("role") == "img" for s in r.parser.svgs), "the overview's sparklines are <svg role=\"img\">", "svgs: %r" % r.parser.svgs[:3])
    t.ok('name="_csrf"' in r.text, "the page carries the CSRF token (logout form)")

    pm_labels = {}
    for n in range(1, 10):
        r = pages.get(viewer, "/pejlemaerker/%d" % n)
        has_text(t, r, "<h1>%d. " % n, "pejlemærke %d has its number as heading" % n)
        svgs = r.parser.svgs
        t.ok(svgs and all(s.get("role") == "img" and (s.get("aria-labelledby") or s.get("aria-label")) for s in svgs), "pejlemærke %d: every chart is <svg role=\"img\"> with a label" % n, "svgs: %r" % svgs)
        pm_labels[n] = visible(r.text)
    t.ok("tilbagegang" in pm_labels[1] and "opfyldt" in pm_labels[1], "pejlemærke 1 shows “opfyldt” (1A) and “tilbagegang” (1D)")
    t.ok("ikke sammenlignelig (databrud)" in pm_labels[8], "pejlemærke 8 shows “ikke sammenlignelig (databrud)”")
    t.ok("uændret" in pm_labels[7], "pejlemærke 7 shows “uændret”")

    r = pages.get(viewer, "/goals/1D")
    has_text(t, r, "1D: Færre hjemløse i København", "goal 1D has its code and title as heading")
    has_text(t, r, ">tilbagegang<", "goal 1D is “tilbagegang”")
    has_text(t, r, "1.638 personer i 2017", "goal 1D's explanation uses Danish numbers (1.638)")
    t.ok(any(s.get("role") == "img" for s in r.parser.svgs), 'goal 1D has a chart <svg role="img">')
    has_text(t, r, "<svg", "goal 1D's chart is inline SVG")
    has_text(t, r, "2014-0199006", "goal 1D lists its version (decision 2014-0199006)")
    r = pages.get(viewer, "/goals/1A")
    has_text(t, r, ">opfyldt<", "goal 1A is “opfyldt”")
    t.ok(any(s.get("role") == "img" for s in r.parser.svgs), 'goal 1A has a chart <svg role="img">')
    r = pages.get(viewer, "/units")
    for text in ("Socialforvaltningen", "Borgercenter Voksne", "BCV-HJL-1A"):
        has_text(t, r, text, "the organisation lists %s" % text)
    r = pages.get(viewer, "/strategy")
    has_text(t, r, "Socialstrategi 2014–2017", "the strategy page names the strategy")
    r = pages.get(viewer, "/?period=2016")
    has_text(t, r, "<option selected>2016</option>", "?period=2016 selects 2016 in the period picker")
    r = viewer.get("/?period=20x6")
    t.status(r, 422, "?period=20x6 answers 422")
    has_text(t, r, 'role="alert"', "… with the error shown")

    # menus by role: the viewer sees no analyst or admin links
    r = viewer.get("/")
    for href in ("/measurements/new", "/imports", "/audit", "/goals/1D/edit"):
        t.ok('href="%s"' % href not in r.text, "the viewer's pages do not link %s" % href)
    t.ok("/goals/1D/edit" not in viewer.get("/goals/1D").text, "the viewer's goal page has no edit link")
    t.ok('action="/goals/1D/commentary"' not in viewer.get("/goals/1D").text, "the viewer's goal page has no commentary form")

    # --- English ---
    en = copy(viewer)
    r = pages.get(en, "/?lang=en")
    t.ok('<html lang="en">' in r.text, "?lang=en gives html lang=en")
    has_text(t, r, "progress on 5 of 9", "the overview says “progress on 5 of 9”", ci=True)
    for label in EN_LABELS:
        has_text(t, r, ">%s<" % label, "the English overview shows the verdict label “%s”" % label)
    t.ok(en.cookies.get("pejl_lang") == "en", "?lang=en sets the pejl_lang cookie", repr(en.cookies))
    r = pages.get(en, "/goals/1D")
    t.ok('<html lang="en">' in r.text, "the choice sticks: /goals/1D is in English without ?lang")
    has_text(t, r, "1,638 in 2017", "goal 1D's English explanation uses English numbers (1,638)")
    has_text(t, r, ">decline<", "goal 1D is “decline”")
    r = pages.get(en, "/pejlemaerker/1")
    has_text(t, r, ">met<", "pejlemærke 1 in English shows “met”")
    pages.get(en, "/units")
    r = pages.get(en, "/?lang=da")
    t.ok('<html lang="da">' in r.text, "?lang=da switches back to Danish")

    # --- every internal link answers 200 for the viewer ---
    checked = check_links(t, pages, viewer)
    t.ok(checked >= 15, "the viewer's pages hold at least 15 distinct internal links (%d)" % checked)

    # --- analyst ---
    analyst = srv.login("analyst")
    r = pages.get(analyst, "/")
    for href in ("/measurements/new", "/imports"):
        t.ok('href="%s"' % href in r.text, "the analyst's menu links %s" % href)
    t.ok('href="/audit"' not in r.text, "the analyst's menu does not link /audit")
    r = pages.get(analyst, "/goals/1D")
    t.ok('href="/goals/1D/edit"' in r.text and 'action="/goals/1D/commentary"' in r.text, "the analyst's goal page has the edit link and the commentary form")
    pages.get(analyst, "/measurements/new")
    r = pages.get(analyst, "/measurements/new?goal=1C")
    has_text(t, r, '<option value="1C" selected>', "/measurements/new?goal=1C preselects 1C")
    pages.get(analyst, "/imports")
    pages.get(analyst, "/goals/1D/edit")

    check_links(t, pages, analyst)

    # the measurement form
    r = analyst.post_form("/measurements", {"goal": "1A", "period": "2018", "value": "1111", "state": "ok", "source": "skema"})
    t.status(r, 200, "POST /measurements with a good value answers 200")
    has_text(t, r, "Målingen er gemt", "… and says “Målingen er gemt”")
    errors, _ = harness.check_html(r.text)
    t.ok(not errors, "the answer is well-formed HTML", "\n".join(errors))
    r = analyst.get("/goals/1A?period=2018")
    has_text(t, r, "<td>2018</td><td>1.111</td>", "goal 1A (period 2018) lists the new value 1.111")
    r = analyst.post_form("/measurements", {"goal": "1A", "period": "20x8", "value": "5"})
    t.status(r, 422, "POST /measurements with a bad period answers 422")
    has_text(t, r, 'class="errors"', "… and shows the errors")
    has_text(t, r, '<span class="where">period</span>', "… naming the field period")
    has_text(t, r, "&quot;20x8&quot;", "… quoting the bad value")
    has_text(t, r, 'name="period" value="20x8"', "… with the form refilled")
    errors, _ = harness.check_html(r.text)
    t.ok(not errors, "the 422 page is well-formed HTML", "\n".join(errors))
    r = analyst.post_form("/measurements", {"goal": "1C", "period": "2018", "numerator": "120", "denominator": "100"})
    t.status(r, 422, "numerator > denominator answers 422")
    has_text(t, r, '<span class="where">numerator</span>', "… naming the field numerator")
    r = analyst.post_form("/measurements", {"goal": "", "period": "", "value": ""})
    t.status(r, 422, "an empty measurement form answers 422 (goal and period are required)")
    t.ok("allerede gemt" not in r.text, "an empty measurement form is not reported as “already stored”", harness.excerpt(visible(r.text)))

    # uploads (multipart)
    bad = b"goal,period,value\n1A,2020,1200\n1B,2020,abc\n1A,20x0,5\n"
    r = analyst.post_multipart("/imports", {}, {"file": ("maalinger.csv", bad, "text/csv")})
    t.status(r, 422, "uploading a CSV with errors answers 422")
    has_text(t, r, "maalinger.csv:3:3", "the page locates the bad value as FILE:LINE:COL (maalinger.csv:3:3)")
    has_text(t, r, "maalinger.csv:4:2", "… and the bad period (maalinger.csv:4:2)")
    has_text(t, r, "abc", "… quoting the bad value")
    r = analyst.get("/goals/1A?period=2020")
    t.ok("<td>2020</td>" not in r.text, "the failed upload stored nothing (no 2020 for 1A)")
    good = b"goal;period;value\r\n1A;2019;1150\r\n1B;2019;470\r\n"
    r = analyst.post_multipart("/imports", {"dry_run": "1"}, {"file": ("godt.csv", good, "text/csv")})
    t.status(r, 200, "a dry run answers 200")
    has_text(t, r, "Kontrol (intet gemt) af godt.csv: 2 rækker", "… and says nothing was stored")
    t.ok("<td>2019</td>" not in analyst.get("/goals/1A?period=2019").text, "the dry run stored nothing")
    r = analyst.post_multipart("/imports", {}, {"file": ("godt.csv", good, "text/csv")})
    t.status(r, 200, "uploading a good CSV answers 200")
    has_text(t, r, "godt.csv: 2 rækker, 2 nye, 0 rettede, 0 uændrede", "the page shows the counts")
    errors, _ = harness.check_html(r.text)
    t.ok(not errors, "the upload answer is well-formed HTML", "\n".join(errors))
    r = analyst.post_multipart("/imports", {}, {})
    t.status(r, 422, "uploading no file answers 422")

    # a new goal version
    r = analyst.post_form("/goals/1B/versions", {"date": "2016-01-01", "decision": "2015-0001234", "target_value": "1100"})
    t.status(r, 422, "a version whose delta points the wrong way answers 422")
    has_text(t, r, '<span class="where">target_value</span>', "… naming the form's field target_value")
    r = analyst.post_form("/goals/1B/versions", {"date": "2016-01-01", "decision": "2015-0001234", "target_value": "-100"})
    t.ok(r.status == 303 and r.header("Location") == "/goals/1B", "POST /goals/1B/versions redirects to /goals/1B", r.describe())
    r = pages.get(analyst, "/goals/1B")
    m = re.search(r'<table class="versions">(.*?)</table>', r.text, re.S)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", m.group(1)) if m else []
    t.ok(
        ("2016-01-01", "2015-0001234") in rows and ("2014-09-17", "2014-0199006") in rows,
        "GET /goals/1B shows both versions",
        repr(rows),
    )
    has_text(t, r, "målet 433 udsættelser i 2017", "the status uses the version in force (target 533 − 100 = 433)")
    r = analyst.post_form("/goals/1B/versions", {"date": "2016-01-01", "decision": "2015-0001234", "target_value": "-90"})
    t.status(r, 422, "a second version on the same date answers 422")

    # commentary
    r = analyst.post_form("/goals/1D/commentary", {"period": "2017", "analysis": "Tællingen viser flere hjemløse.", "next_steps": "Flere boliger."})
    t.ok(r.status == 303 and r.header("Location") == "/goals/1D", "POST /goals/1D/commentary redirects to the goal", r.describe())
    r = pages.get(viewer, "/goals/1D")
    has_text(t, r, "Tællingen viser flere hjemløse.", "the goal page shows the commentary")
    has_text(t, r, "analyst, ", "… with its author")
    r = analyst.post_form("/goals/1D/commentary", {"period": "2017", "analysis": ""})
    t.status(r, 422, "a commentary without analysis answers 422")

    # --- admin: the audit log ---
    admin = srv.login("admin")
    r = pages.get(admin, "/audit")
    t.ok('href="/audit"' in r.text, "the admin's menu links /audit")
    for action in ("session.login", "measurements.import", "goal.version", "goal.commentary", "user.add", "demo.load"):
        has_text(t, r, "<td>%s</td>" % action, "the audit log lists %s" % action)
    has_text(t, r, "<td>analyst</td><td>goal.version</td><td>1B</td><td>2015-0001234</td>", "the audit log says who added 1B's version, with the decision")
    has_text(t, r, "<td>godt.csv</td>", "the audit log names the uploaded file")
    t.ok("maalinger.csv" not in r.text, "the failed upload left no audit entry (nothing was imported)")
    r = viewer.get("/audit")
    t.status(r, 403, "the viewer may not read the audit log")

    # leader and practitioner read the status like a viewer
    for role in ("leader", "practitioner"):
        c = srv.login(role)
        r = pages.get(c, "/goals/1D")
        t.ok("/measurements/new" not in r.text and "/audit" not in r.text, "the %s's pages have no analyst or admin links" % role)


if __name__ == "__main__":
    harness.main(body)
