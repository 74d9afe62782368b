#!/usr/bin/env python3
"""tests/cli/publish_test.py — pejl publish as the public and an attacker
meet it (run by test_publish.sh; PEJL and ROOT come from tests/run).

 1. usage: missing or bad options are refused with the documented exits;
 2. the demo edition (period 2017): every page parses, has its language,
    and every link and stylesheet resolves to a file inside the edition
    (nothing is loaded from outside); both languages have the same pages;
 3. open data: status and measurements parse back to the same numbers in
    the international CSV, the Danish Excel CSV (BOM, semicolon, decimal
    comma) and JSON, and equal what `pejl status --format json` says;
 4. the workbook opens in LibreOffice (soffice --headless --convert-to csv,
    every sheet) and gives back the same numbers;
 5. golden files (tests/golden/publish/, PEJL_UPDATE_GOLDEN=1 rewrites
    them) and a manifest of every file's SHA-256; publishing twice gives the
    same bytes; a failed publish leaves nothing behind and a republish
    replaces the edition whole;
 6. suppression: a database with small cells (counts, proportions, rates
    and means over three citizen centres × three target groups, with
    totals reported on their own and an inconsistent one) is published, and
    then everything published (the measurements' cells and totals across
    units and groups, in every additive quantity) is used to try to recover
    each withheld figure: by exact linear algebra (no withheld quantity may
    be determined) and by brute force over non-negative whole numbers (each
    withheld count of persons that is not zero must be able to take two
    values). Every small true count must be withheld, and the pages must
    withhold what the data withholds.
"""

import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction
from urllib.parse import unquote, urlsplit

sys.dont_write_bytecode = True
ROOT = os.environ.get("ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
from harness import Tap, check_html  # noqa: E402

PEJL = os.environ.get("PEJL") or os.path.join(ROOT, "build", "san", "pejl")
GOLDEN = os.path.join(ROOT, "tests", "golden", "publish")
UPDATE = os.environ.get("PEJL_UPDATE_GOLDEN") == "1"
BOM = b"\xef\xbb\xbf"
K = 5
# The golden files checked byte for byte (the manifest covers every file).
GOLDEN_FILES = [
    "index.html", "edition.json", "pejl.css",
    "da/index.html", "en/index.html", "da/pejlemaerke/1.html", "en/pejlemaerke/8.html",
    "da/delmaal/1D.html", "en/delmaal/1C.html", "da/metode.html", "en/metode.html",
    "da/data.html", "da/rapport.html",
    "data/status.csv", "data/status-da.csv", "data/status.json", "data/katalog.jsonld",
]


def env():
    e = dict(os.environ)
    for k in list(e):
        if k.startswith("PEJL_"):
            e.pop(k)
    return e


def pejl(*args):
    return subprocess.run([PEJL] + list(args), capture_output=True, env=env(), timeout=300)


def files_under(root):
    out = []
    for d, _dirs, fs in os.walk(root):
        for f in fs:
            out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


# --- 1. usage -----------------------------------------------------------------------------


def usage(t, tmp, db):
    cases = [
        (2, "no --period", ["publish", "--out", tmp + "/u"]),
        (2, "no --out", ["publish", "--period", "2017"]),
        (2, "a period that is not one", ["publish", "--period", "20x7", "--out", tmp + "/u"]),
        (2, "a date that is not one", ["publish", "--period", "2017", "--out", tmp + "/u", "--date", "2018-02-30"]),
        (3, "an unknown strategy", ["publish", "--period", "2017", "--out", tmp + "/u", "--strategy", "nope"]),
        (2, "an unknown option", ["publish", "--period", "2017", "--out", tmp + "/u", "--colour"]),
    ]
    for code, what, args in cases:
        p = pejl("--db", db, *args)
        t.ok(p.returncode == code, "publish with %s exits %d" % (what, code),
             "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
    t.ok(not os.path.exists(tmp + "/u/2017"), "a refused publish writes no edition")
    p = pejl("--db", tmp + "/none.db", "publish", "--period", "2017", "--out", tmp + "/u")
    t.ok(p.returncode == 3, "publish from a database that does not exist exits 3", p.stderr.decode(errors="replace"))


# --- 2. pages and links ---------------------------------------------------------------------


def check_pages(t, ed):
    files = files_under(ed)
    html = [f for f in files if f.endswith(".html")]
    da = sorted(f[3:] for f in html if f.startswith("da/"))
    en = sorted(f[3:] for f in html if f.startswith("en/"))
    t.ok(da == en and len(da) >= 10, "Danish and English have the same %d pages" % len(da), "da %s\nen %s" % (da, en))
    want = ["index.html", "metode.html", "data.html", "rapport.html"] + ["pejlemaerke/%d.html" % i for i in range(1, 10)]
    want += ["delmaal/%s.html" % c for c in "1A 1B 1C 1D 1E 2A 2B 3A 4A 5A 6A 7A 8A 8B 9A 9B".split()]
    t.ok(set(want) <= set(da), "the front page, method, data, report, every pejlemærke and goal page exist",
         "missing: %s" % sorted(set(want) - set(da)))
    parse_errors, lang_errors, broken, external, ids = [], [], [], [], {}
    parsed = {}
    for f in html:
        text = open(os.path.join(ed, f), encoding="utf-8").read()
        errors, p = check_html(text)
        parsed[f] = (text, p)
        ids[f] = set(p.ids)
        if errors:
            parse_errors.append("%s: %s" % (f, errors[:3]))
        m = re.search(r'<html lang="([a-z]+)">', text)
        want_lang = f.split("/")[0] if f[:3] in ("da/", "en/") else "da"
        if not m or m.group(1) != want_lang:
            lang_errors.append("%s: lang %s" % (f, m.group(1) if m else None))
        if len(re.findall(r"<h1[ >]", text)) != 1 and f.count("/") >= 1:
            parse_errors.append("%s: not exactly one h1" % f)
        if re.search(r"<script|<iframe|<img |<object|@import|url\(", text):
            external.append("%s: script, frame, image or CSS import" % f)
    for f, (text, p) in parsed.items():
        for href in p.links + p.refs:
            u = urlsplit(href)
            if u.scheme or u.netloc or href.startswith("/"):
                external.append("%s: %s" % (f, href))
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(f), unquote(u.path))) if u.path else f
            if target.startswith("..") or not os.path.isfile(os.path.join(ed, target)):
                broken.append("%s: %s" % (f, href))
                continue
            if u.fragment and target.endswith(".html") and u.fragment not in ids.get(target, set()):
                broken.append("%s: %s (no id %s)" % (f, href, u.fragment))
    t.ok(not parse_errors, "every page of the edition is well-formed HTML with one h1 (%d pages)" % len(html),
         "\n".join(parse_errors[:10]))
    t.ok(not lang_errors, "every page says its language (da/ Danish, en/ English)", "\n".join(lang_errors[:10]))
    t.ok(not broken, "every link and stylesheet resolves to a file of the edition", "\n".join(broken[:20]))
    t.ok(not external, "nothing is loaded or linked from outside the edition", "\n".join(external[:20]))
    css = open(os.path.join(ed, "pejl.css"), encoding="utf-8").read()
    t.ok("@media print" in css and "url(" not in css and "@import" not in css,
         "the stylesheet has print rules and loads nothing")
    front = parsed["da/index.html"][0]
    t.ok(front.count('class="verdict v-') >= 9 and "fremgang på" in front,
         "the front page shows every pejlemærke's verdict and the headline count")
    goal = parsed["da/delmaal/1C.html"][0]
    t.ok("<svg" in goal and "<table class=\"data\">" in goal and "Fordeling" in goal,
         "a goal page has its chart, its data table and the period's breakdown")
    rep = parsed["da/rapport.html"][0]
    t.ok(rep.count('<section class="pm">') == 9 and "page-break-before" in css,
         "the committee report has a section per pejlemærke, each on a new page when printed")


# --- 3. open data ------------------------------------------------------------------------------


def read_csv(path, danish):
    data = open(path, "rb").read()
    if danish:
        if not data.startswith(BOM):
            raise ValueError("%s: no BOM" % path)
        data = data[3:]
    elif data.startswith(BOM):
        raise ValueError("%s: a BOM in the international CSV" % path)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";" if danish else ","))


def num(s, danish):
    if s is None or s == "":
        return None
    if danish:
        if "." in s:
            raise ValueError("a point in a Danish number: %r" % s)
        s = s.replace(",", ".")
    return float(s)


def plain_text(s):
    """A CSV cell neutralised against formulas has a leading apostrophe."""
    return s[1:] if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@") else s


def same_records(t, ed, base, numeric):
    """The CSVs and the JSON hold the same records and numbers."""
    intl = read_csv(os.path.join(ed, "data", base + ".csv"), False)
    dk = read_csv(os.path.join(ed, "data", base + "-da.csv"), True)
    js = json.load(open(os.path.join(ed, "data", base + ".json"), encoding="utf-8"))
    problems = []
    if not (len(intl) == len(dk) == len(js)):
        problems.append("rows: csv %d, danish %d, json %d" % (len(intl), len(dk), len(js)))
    for i, (a, b, j) in enumerate(zip(intl, dk, js)):
        if list(a.keys()) != list(j.keys()):
            problems.append("row %d: columns differ from the JSON keys" % i)
            break
        for k, v in j.items():
            if k in numeric:
                x, y = num(a[k], False), num(b[k], True)
                z = None if v is None else float(v)
                if not (x == y == z):
                    problems.append("row %d %s: csv %r danish %r json %r" % (i, k, a[k], b[k], v))
            else:
                want = "" if v is None else ("1" if v is True else "0" if v is False else str(v))
                if plain_text(a[k]) != want or plain_text(b[k]) != want:
                    problems.append("row %d %s: csv %r danish %r json %r" % (i, k, a[k], b[k], v))
    t.ok(not problems and len(js) > 0,
         "%s: the CSV (comma), the CSV for Danish Excel (BOM, semicolon, decimal comma) and the JSON hold the "
         "same %d records and numbers" % (base, len(js)), "\n".join(problems[:10]))
    return js


STATUS_NUM = {"pejlemaerke", "decimals", "value", "baseline_value", "target_value", "expected", "progress_pct"}
MEAS_NUM = {"value", "numerator", "denominator", "n"}


def check_open_data(t, ed, db):
    status = same_records(t, ed, "status", STATUS_NUM)
    meas = same_records(t, ed, "maalinger", MEAS_NUM)
    truth = json.loads(pejl("--db", db, "status", "--period", "2017", "--format", "json").stdout)
    goals = {g["code"]: g for pm in truth["pejlemaerker"] for g in pm["goals"]}
    diff = []
    for r in status:
        g = goals[r["goal"]]
        if r["suppressed"]:
            continue
        pairs = [("value", g["value"]), ("target_value", (g["target"] or {}).get("value")),
                 ("expected", g["expected"]), ("progress_pct", g["progress_pct"]),
                 ("baseline_value", (g["baseline"] or {}).get("value")), ]
        for k, want in pairs:
            if r[k] != want:
                diff.append("%s %s: published %r, status %r" % (r["goal"], k, r[k], want))
        if r["verdict"] != g["verdict"] or r["trend"] != g["trend"]:
            diff.append("%s: verdict/trend differ" % r["goal"])
    t.ok(not diff and len(status) == 18, "status.json gives the same numbers and verdicts as pejl status (18 goals: 16 and the 2 computed demo goals)",
         "\n".join(diff[:10]))
    # the whole organisation's figure of every period = the status series
    diff, n = [], 0
    for r in meas:
        if r["unit_kind"] != "total" or r["group_kind"] != "total" or r["suppressed"]:
            continue
        series = {p["period"]: p for p in goals[r["goal"]]["series"]}
        p = series.get(r["period"])
        n += 1
        if p is None:
            diff.append("%s %s: not in the status series" % (r["goal"], r["period"]))
        elif p["value"] != r["value"] or p.get("numerator", r["numerator"]) != r["numerator"] or \
                p.get("denominator", r["denominator"]) != r["denominator"]:
            diff.append("%s %s: published %r, status %r" % (r["goal"], r["period"], r, p))
    t.ok(not diff and n >= 60, "every published organisation total equals the status series (%d)" % n,
         "\n".join(diff[:10]))
    cat = json.load(open(os.path.join(ed, "data", "katalog.jsonld"), encoding="utf-8"))
    dists = [d["dcat:downloadURL"] for ds in cat["dcat:dataset"] for d in ds["dcat:distribution"]]
    t.ok(cat["@type"] == "dcat:Catalog" and len(cat["dcat:dataset"]) == 2 and
         all(os.path.isfile(os.path.join(ed, "data", f)) for f in dists) and len(dists) == 6,
         "the DCAT-AP-DK catalogue describes both datasets and every distribution exists", json.dumps(dists))
    return status


# --- 4. the workbook in LibreOffice --------------------------------------------------------------


def check_xlsx(t, ed, tmp, status):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        t.ok(False, "LibreOffice (soffice) is installed for the workbook round trip", "scripts/deps installs libreoffice-calc-nogui")
        return
    out = os.path.join(tmp, "lo")
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(ed, "data", "udvalgsrapport.xlsx"), out)
    p = subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + os.path.join(out, "profile"),
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", out, os.path.join(out, "udvalgsrapport.xlsx")],
                       capture_output=True, timeout=240, env=env())
    sheets = sorted(f for f in os.listdir(out) if f.endswith(".csv"))
    if not t.ok(p.returncode == 0 and len(sheets) == 10,
                "LibreOffice opens the workbook and converts its 10 sheets (an overview and one per pejlemærke)",
                "%s\n%s" % (sheets, p.stderr.decode(errors="replace")[-1500:])):
        return
    by_goal = {r["goal"]: r for r in status}
    cols = [("Værdi", "value"), ("Basis", "baseline_value"), ("Mål", "target_value"), ("Forventet", "expected"),
            ("Fremdrift (%)", "progress_pct")]
    diff, seen = [], 0
    for pm in range(1, 10):
        rows = list(csv.DictReader(open(os.path.join(out, "udvalgsrapport-Pejlemærke %d.csv" % pm), encoding="utf-8")))
        for r in rows:
            s = by_goal.get(r["Delmål"])
            if s is None:
                diff.append("sheet %d: unknown goal %r" % (pm, r["Delmål"]))
                continue
            seen += 1
            for c, k in cols:
                got = r[c]
                want = s[k]
                if got == "skjult":
                    if want is not None:
                        diff.append("%s %s: withheld in the workbook only" % (s["goal"], c))
                elif (got == "") != (want is None):
                    diff.append("%s %s: workbook %r, status %r" % (s["goal"], c, got, want))
                elif want is not None and abs(float(got) - want) > 1e-12 * max(1.0, abs(want)):
                    diff.append("%s %s: workbook %r, status %r" % (s["goal"], c, got, want))
            if r["Vurdering"] == "" or r["Forklaring"] != plain_text(s["explanation_da"]):
                diff.append("%s: verdict or explanation differs" % s["goal"])
    t.ok(not diff and seen == 18, "the workbook converts back to the same numbers as status.csv (18 goals)",
         "\n".join(diff[:10]))
    over = list(csv.DictReader(open(os.path.join(out, "udvalgsrapport-Oversigt.csv"), encoding="utf-8")))
    t.ok(len([r for r in over if r["Pejlemærke"].isdigit()]) == 9, "the overview sheet has the nine pejlemærker")


# --- 5. golden files, determinism, atomic replacement ----------------------------------------------


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def check_golden(t, ed):
    manifest = "".join("%s  %s\n" % (sha(os.path.join(ed, f)), f) for f in files_under(ed) if not f.endswith(".xlsx"))
    items = [(f, open(os.path.join(ed, f), "rb").read()) for f in GOLDEN_FILES] + [("MANIFEST", manifest.encode())]
    if UPDATE:
        for f, data in items:
            path = os.path.join(GOLDEN, f)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "wb").write(data)
        t.ok(True, "golden files written to tests/golden/publish/")
        return
    bad = []
    for f, data in items:
        path = os.path.join(GOLDEN, f)
        want = open(path, "rb").read() if os.path.exists(path) else None
        if data != want:
            if want is None:
                bad.append("%s: no golden file (run with PEJL_UPDATE_GOLDEN=1)" % f)
                continue
            i = next((k for k in range(min(len(data), len(want))) if data[k] != want[k]), min(len(data), len(want)))
            bad.append("%s differs at byte %d:\n golden: %r\n    got: %r" % (f, i, want[max(0, i - 60):i + 60],
                                                                        data[max(0, i - 60):i + 60]))
    t.ok(not bad, "the demo edition matches the golden files (%d files and a manifest of every file)" % len(GOLDEN_FILES),
         "\n".join(bad[:5]))


def check_replace(t, tmp, db, out, ed):
    other = os.path.join(tmp, "again")
    p = pejl("--db", db, "publish", "--period", "2017", "--out", other, "--date", "2018-04-15")
    a, b = files_under(ed), files_under(os.path.join(other, "2017"))
    same = p.returncode == 0 and a == b and all(
        open(os.path.join(ed, f), "rb").read() == open(os.path.join(other, "2017", f), "rb").read() for f in a)
    t.ok(same, "publishing twice gives the same bytes, the workbook included (%d files)" % len(a))
    # a failed publish leaves nothing behind: the edition's place is taken by a file
    bad = os.path.join(tmp, "bad")
    os.makedirs(bad)
    open(os.path.join(bad, "2017"), "w").write("not an edition\n")
    p = pejl("--db", db, "publish", "--period", "2017", "--out", bad)
    left = sorted(os.listdir(bad))
    t.ok(p.returncode == 5 and left == ["2017"] and open(os.path.join(bad, "2017")).read() == "not an edition\n",
         "a publish that cannot be put in place exits 5 and leaves nothing behind", "%d %s %s" % (
             p.returncode, left, p.stderr.decode(errors="replace")))
    # an unwritable directory: exit 5, nothing written
    ro = os.path.join(tmp, "ro")
    os.makedirs(ro)
    os.chmod(ro, 0o555)
    p = pejl("--db", db, "publish", "--period", "2017", "--out", ro)
    if os.geteuid() != 0:
        t.ok(p.returncode == 5 and os.listdir(ro) == [], "a directory that cannot be written to: exit 5, nothing written")
    os.chmod(ro, 0o755)
    # republish after a correction: the edition is replaced whole, no leftovers
    open(os.path.join(tmp, "fix.csv"), "w").write("goal,period,value\n1B,2017,470\n")
    p = pejl("--db", db, "import", "measurements", os.path.join(tmp, "fix.csv"))
    p2 = pejl("--db", db, "publish", "--period", "2017", "--out", out, "--date", "2018-04-15")
    status = json.load(open(os.path.join(out, "2017", "data", "status.json"), encoding="utf-8"))
    v = [r["value"] for r in status if r["goal"] == "1B"]
    t.ok(p.returncode == 0 and p2.returncode == 0 and v == [470] and sorted(os.listdir(out)) == ["2017", "index.html"],
         "a republish replaces the edition whole (the corrected 1B is 470) and leaves no temporary directory",
         "%s %s %s" % (v, os.listdir(out), p2.stderr.decode(errors="replace")))
    idx = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    t.ok('href="2017/da/index.html"' in idx, "the editions' index links the edition")


# --- 6. suppression: try to recover what is withheld ------------------------------------------------

CENTRES = {"A": ["A1", "A2"], "B": ["B1", "B2"], "C": ["C1", "C2"]}
GROUPS = ["g1", "g2", "g3"]
GOALS = {"1A": "count", "1B": "proportion", "1C": "rate", "1D": "mean"}


def strategy_doc():
    units = [{"code": "SOF", "name": "Forvaltningen (test)", "kind": "administration", "valid_from": "2010-01-01"}]
    for c, svs in CENTRES.items():
        units.append({"code": c, "name": "Center %s" % c, "kind": "citizen_centre", "parent": "SOF",
                      "valid_from": "2010-01-01"})
        for s in svs:
            units.append({"code": s, "name": "Tilbud %s" % s, "kind": "service", "parent": c,
                          "valid_from": "2010-01-01"})
    goals = []
    for code, m in GOALS.items():
        g = {"code": code, "title": "Delmål %s" % code, "definition": "Test.", "measure": m, "direction": "up",
             "sampling": "census", "cadence": "yearly", "version": {"date": "2014-01-01", "decision": "test"}}
        if m == "rate":
            g["rate_factor"] = 1000
        if code == "1A":
            g["main"] = True
        goals.append(g)
    return {"format": "pejl-strategy/1",
            "strategy": {"code": "small", "name": "Små tal", "valid_from": 2015, "valid_to": 2017, "principles": [],
                         "pejlemaerker": [{"number": 1, "title": "Pejlemærke 1", "goals": goals}]},
            "units": units, "target_groups": [{"code": g, "name": "Gruppe %s" % g} for g in GROUPS]}


def small_data():
    """Rows (goal, period, unit, group, fields) and the true layers."""
    rnd = random.Random(7)
    rows = []

    def cnt():
        r = rnd.random()
        return 0 if r < 0.15 else rnd.randint(1, 4) if r < 0.55 else rnd.randint(5, 14)

    for period in ("2016", "2017"):
        for code, m in GOALS.items():
            for c, svs in CENTRES.items():
                for s in svs:
                    for g in GROUPS:
                        if rnd.random() < 0.12:
                            continue
                        if m == "count":
                            rows.append((code, period, s, g, {"value": cnt()}))
                        elif m == "proportion":
                            num, rest = cnt(), cnt()
                            if num + rest == 0:
                                rest = 1
                            rows.append((code, period, s, g, {"numerator": num, "denominator": num + rest}))
                        elif m == "rate":
                            rows.append((code, period, s, g, {"numerator": cnt(), "denominator": 5 + cnt()}))
                        else:
                            n = cnt()
                            if n:
                                rows.append((code, period, s, g, {"value": round(20 + 10 * rnd.random(), 2), "n": n}))
    # totals reported on their own: the organisation's count in 2017 (7 more
    # than its parts: a residual row and column), centre B's proportion in
    # 2017 without a group (a residual column), and an organisation mean in
    # 2016 with fewer persons than its parts (inconsistent)
    def total(code, period, unit, field):
        return sum(r[4].get(field, 0) for r in rows if r[0] == code and r[1] == period and
                   (unit is None or r[2] in CENTRES[unit]))
    rows.append(("1A", "2017", "SOF", "", {"value": total("1A", "2017", None, "value") + 7}))
    rows.append(("1B", "2017", "B", "", {"numerator": total("1B", "2017", "B", "numerator") + 2,
                                          "denominator": total("1B", "2017", "B", "denominator") + 3}))
    rows.append(("1D", "2016", "SOF", "", {"value": 25, "n": max(1, total("1D", "2016", None, "n") - 3)}))
    return rows


def layers_of(m, f):
    """The non-negative counts of persons of a figure (the attacker's and ours)."""
    if m == "count":
        return [f.get("value", 0)]
    if m == "proportion":
        return [f.get("numerator", 0), f.get("denominator", 0) - f.get("numerator", 0)]
    if m == "rate":
        return [f.get("numerator", 0), f.get("denominator", 0)]
    return [f.get("n", 0)]


def true_tables(rows):
    """(goal, period) → {(rowkey, colkey): layers} for the centres × groups,
    totals "T" and residuals "other"/"none", by the aggregation rules."""
    out = {}
    for code, m in GOALS.items():
        for period in ("2016", "2017"):
            nl = len(layers_of(m, {}))
            add = lambda a, b: [x + y for x, y in zip(a, b)]
            zero = [0] * nl
            sel = [r for r in rows if r[0] == code and r[1] == period]
            cell = {}
            for c, svs in CENTRES.items():
                for g in GROUPS:
                    v = zero
                    for r in sel:
                        if r[2] in svs and r[3] == g:
                            v = add(v, layers_of(m, r[4]))
                    cell[(c, g)] = v
            tab = dict(cell)
            for c in CENTRES:
                own = [r for r in sel if r[2] == c and r[3] == ""]
                tab[(c, "T")] = layers_of(m, own[0][4]) if own else [sum(x) for x in zip(*[cell[(c, g)] for g in GROUPS])]
            for g in GROUPS:
                tab[("T", g)] = [sum(x) for x in zip(*[cell[(c, g)] for c in CENTRES])]
            own = [r for r in sel if r[2] == "SOF" and r[3] == ""]
            tab[("T", "T")] = layers_of(m, own[0][4]) if own else [sum(x) for x in zip(*[tab[(c, "T")] for c in CENTRES])]
            # residuals
            for c in CENTRES:
                tab[(c, "none")] = [a - sum(x) for a, x in zip(tab[(c, "T")], zip(*[cell[(c, g)] for g in GROUPS]))]
            for g in GROUPS:
                tab[("other", g)] = [0] * nl
            tab[("T", "none")] = [a - sum(x) for a, x in zip(tab[("T", "T")], zip(*[tab[("T", g)] for g in GROUPS]))]
            tab[("other", "T")] = [a - sum(x) for a, x in zip(tab[("T", "T")], zip(*[tab[(c, "T")] for c in CENTRES]))]
            tab[("other", "none")] = [a - sum(x) for a, x in zip(tab[("other", "T")], zip(*[tab[("other", g)] for g in GROUPS]))]
            out[(code, period)] = tab
    return out


def key_of(r):
    rk = "T" if r["unit_kind"] == "total" else "other" if r["unit_kind"] == "other" else r["unit"]
    ck = "T" if r["group_kind"] == "total" else "none" if r["group_kind"] == "none" else r["group"]
    return rk, ck


def quantities(m, r):
    """The additive quantities the attacker reads from a shown record."""
    z = lambda v: Fraction(0) if v is None else Fraction(str(v))
    if m == "count":
        return [z(r["value"])]
    if m in ("proportion", "rate"):
        return [z(r["numerator"]), z(r["denominator"])]
    return [z(r["n"]), z(r["n"]) * z(r["value"])]


def rank(rows_, ncols):
    a = [list(r) for r in rows_]
    rk, col = 0, 0
    while rk < len(a) and col < ncols:
        piv = next((i for i in range(rk, len(a)) if a[i][col] != 0), None)
        if piv is None:
            col += 1
            continue
        a[rk], a[piv] = a[piv], a[rk]
        for i in range(len(a)):
            if i != rk and a[i][col] != 0:
                f = a[i][col] / a[rk][col]
                a[i] = [x - f * y for x, y in zip(a[i], a[rk])]
        rk += 1
        col += 1
    return rk


def table_equations(keys):
    """Row and column equations over the published keys: Σ cells = total."""
    rows_ = sorted({k[0] for k in keys if k[0] != "T"})
    cols_ = sorted({k[1] for k in keys if k[1] != "T"})
    eqs = []
    if cols_:
        for rk in rows_ + ["T"]:
            eqs.append(([(rk, c) for c in cols_ if (rk, c) in keys], (rk, "T")))
    if rows_:
        for ck in cols_ + ["T"]:
            eqs.append(([(r, ck) for r in rows_ if (r, ck) in keys], ("T", ck)))
    return [(parts, tot) for parts, tot in eqs if tot in keys]


def determined(keys, hidden):
    """The hidden keys that the equations pin down (exact linear algebra)."""
    idx = {k: i for i, k in enumerate(sorted(hidden))}
    A = []
    for parts, tot in table_equations(keys):
        row = [Fraction(0)] * len(idx)
        for p in parts:
            if p in idx:
                row[idx[p]] += 1
        if tot in idx:
            row[idx[tot]] -= 1
        if any(row):
            A.append(row)
    base = rank(A, len(idx))
    out = []
    for k, i in idx.items():
        e = [Fraction(0)] * len(idx)
        e[i] = Fraction(1)
        if rank(A + [e], len(idx)) == base:
            out.append(k)
    return out


def brute_force(keys, hidden, shown_vals, top, limit=400000):
    """Every non-negative whole-number filling of the hidden interior cells
    that agrees with the shown cells and totals; the values each hidden key
    takes, or None when the search is too large. Cells are filled row by
    row; the last hidden cell of a line whose total is shown is forced."""
    interior = sorted(k for k in hidden if k[0] != "T" and k[1] != "T")
    eqs = table_equations(keys)
    row_eq = {tot[0]: (parts, tot) for parts, tot in eqs if tot[1] == "T" and tot[0] != "T"}
    col_eq = {tot[1]: (parts, tot) for parts, tot in eqs if tot[0] == "T" and tot[1] != "T"}
    last_in_row, last_in_col = {}, {}
    for i, k in enumerate(interior):
        last_in_row[k[0]] = i
        last_in_col[k[1]] = i
    values = {k: set() for k in hidden}
    count = [0]

    def line_rest(eq, assign):
        """(shown total − the line's known cells), or None when the total is hidden."""
        parts, tot = eq
        if tot in hidden:
            return None
        return shown_vals[tot] - sum(assign.get(p, shown_vals.get(p, 0)) for p in parts if p in assign or p not in hidden)

    def rec(i, assign):
        count[0] += 1
        if count[0] > limit:
            raise OverflowError
        if i == len(interior):
            full = dict(shown_vals)
            full.update(assign)
            # hidden totals follow from lines whose cells are known
            changed = True
            while changed:
                changed = False
                for parts, tot in eqs:
                    if tot not in full and all(p in full for p in parts):
                        full[tot] = sum(full[p] for p in parts)
                        changed = True
            for parts, tot in eqs:
                if tot in full and all(p in full for p in parts) and sum(full[p] for p in parts) != full[tot]:
                    return
            for k in hidden:
                if k in full:
                    values[k].add(full[k])
            return
        k = interior[i]
        rr = line_rest(row_eq[k[0]], assign) if k[0] in row_eq else None
        cr = line_rest(col_eq[k[1]], assign) if k[1] in col_eq else None
        if rr is not None and last_in_row[k[0]] == i:
            choices = [rr] if rr >= 0 else []
        elif cr is not None and last_in_col[k[1]] == i:
            choices = [cr] if cr >= 0 else []
        else:
            ub = top
            if rr is not None:
                ub = min(ub, rr)
            if cr is not None:
                ub = min(ub, cr)
            choices = range(0, ub + 1)
        for v in choices:
            assign[k] = v
            rec(i + 1, assign)
        assign.pop(k, None)

    try:
        rec(0, {})
    except OverflowError:
        return None
    return values


def check_suppression(t, tmp):
    db = os.path.join(tmp, "small.db")
    sfile = os.path.join(tmp, "small.json")
    json.dump(strategy_doc(), open(sfile, "w"))
    p = pejl("--db", db, "init", "--strategy", sfile)
    if not t.ok(p.returncode == 0, "a database with a small strategy", p.stderr.decode(errors="replace")):
        return
    rows = small_data()
    with open(os.path.join(tmp, "small.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["goal", "period", "unit", "group", "value", "numerator", "denominator", "n"])
        for code, period, unit, group, fl in rows:
            w.writerow([code, period, unit, group, fl.get("value", ""), fl.get("numerator", ""),
                        fl.get("denominator", ""), fl.get("n", "")])
    p = pejl("--db", db, "import", "measurements", os.path.join(tmp, "small.csv"))
    if not t.ok(p.returncode == 0, "the small cells import", p.stderr.decode(errors="replace")):
        return
    out = os.path.join(tmp, "small-out")
    p = pejl("--db", db, "publish", "--period", "2017", "--out", out)
    if not t.ok(p.returncode == 0, "the edition with small cells is published", p.stderr.decode(errors="replace")):
        return
    ed = os.path.join(out, "2017")
    meas = json.load(open(os.path.join(ed, "data", "maalinger.json"), encoding="utf-8"))
    truth = true_tables(rows)
    tables = {}
    for r in meas:
        tables.setdefault((r["goal"], r["period"]), []).append(r)
    t.ok(set(tables) == set(truth), "every goal and period has a published table", "%s" % sorted(tables))
    small_shown, recovered, pinned, brute_fail = [], [], [], []
    n_hidden = n_compl = n_brute = n_inconsistent = 0
    for (code, period), recs in sorted(tables.items()):
        m = GOALS[code]
        tt = truth[(code, period)]
        keys = {key_of(r): r for r in recs}
        hidden = {k for k, r in keys.items() if r["suppressed"]}
        if len(keys) == 1:
            n_inconsistent += 1
        # every small true count is withheld
        for k, r in keys.items():
            if any(0 < v < K for v in tt[k]) and not r["suppressed"]:
                small_shown.append("%s %s %s: %s shown" % (code, period, k, tt[k]))
            if r["suppressed"]:
                n_hidden += 1
                n_compl += all(v == 0 or v >= K for v in tt[k])
        # shown figures are the truth
        for k, r in keys.items():
            if not r["suppressed"]:
                got = [int(x) if x.denominator == 1 else x for x in quantities(m, r)]
                want = tt[k]
                if m == "proportion":
                    got = [got[0], got[1] - got[0]]
                if got[:len(want)] != want:
                    small_shown.append("%s %s %s: published %s, true %s" % (code, period, k, got, want))
        if not hidden:
            continue
        # linear algebra: no withheld quantity is determined by what is shown
        for k in determined(set(keys), hidden):
            recovered.append("%s %s %s (true %s)" % (code, period, k, tt[k]))
        # brute force per layer of persons
        nl = len(tt[next(iter(tt))])
        for layer in range(nl):
            shown_vals = {}
            for k, r in keys.items():
                if not r["suppressed"]:
                    q = quantities(m, r)
                    q = [q[0], q[1] - q[0]] if m == "proportion" else q
                    shown_vals[k] = int(q[layer])
            top = max([v for v in shown_vals.values()] + [max(tt[k][layer] for k in keys)]) + 1
            values = brute_force(set(keys), hidden, shown_vals, min(top, 60))
            if values is None:
                continue
            n_brute += 1
            for k in hidden:
                if tt[k][layer] > 0 and len(values[k]) < 2:
                    pinned.append("%s %s %s layer %d: only %s (true %s)" % (code, period, k, layer,
                                                                          sorted(values[k]), tt[k][layer]))
            if tt and not all(tt[k][layer] in values[k] for k in hidden):
                brute_fail.append("%s %s layer %d: the truth is not among the solutions" % (code, period, layer))
    t.ok(not small_shown, "every small true count is withheld, and every shown figure is the true one",
         "\n".join(small_shown[:10]))
    t.ok(n_hidden >= 20 and n_compl >= 5, "the tables are not trivial: %d withheld cells, %d of them complementary"
         % (n_hidden, n_compl))
    t.ok(n_inconsistent >= 1, "an inconsistent breakdown publishes only its total (%d)" % n_inconsistent)
    t.ok(not recovered, "linear algebra over every published cell and total recovers no withheld quantity",
         "\n".join(recovered[:10]))
    t.ok(not brute_fail and n_brute >= 8, "brute force over whole numbers finds the truth among the solutions (%d searches)"
         % n_brute, "\n".join(brute_fail[:5]))
    t.ok(not pinned, "no withheld count of persons is pinned to one value by the published figures",
         "\n".join(pinned[:10]))
    # the pages withhold what the data withholds: the goal page's breakdown
    bad = []
    for code in GOALS:
        page = open(os.path.join(ed, "da", "delmaal", code + ".html"), encoding="utf-8").read()
        recs = tables.get((code, "2017"), [])
        keys = {key_of(r) for r in recs}
        hidden = sum(1 for r in recs if r["suppressed"])
        shown_in_page = page.count("<td>skjult</td>")
        # the page shows the same cells as the data (one column or row is not repeated)
        if len(keys) > 1 and shown_in_page != hidden:
            bad.append("%s: page withholds %d cells, data %d" % (code, shown_in_page, hidden))
    t.ok(not bad, "each goal page's breakdown withholds exactly the cells the open data withholds", "\n".join(bad))
    st = json.load(open(os.path.join(ed, "data", "status.json"), encoding="utf-8"))
    bad = [r["goal"] for r in st if r["suppressed"] and (r["value"] is not None or r["progress_pct"] is not None)]
    t.ok(not bad, "a withheld status value has no value or progress in status.json", "%s" % bad)


def main():
    t = Tap()
    tmp = tempfile.mkdtemp(prefix="pejl-publish-")
    try:
        db = os.path.join(tmp, "demo.db")
        p = pejl("--db", db, "init", "--demo")
        if not t.ok(p.returncode == 0, "a demo database", p.stderr.decode(errors="replace")):
            return
        usage(t, tmp, db)
        out = os.path.join(tmp, "public")
        p = pejl("--db", db, "publish", "--period", "2017", "--out", out, "--date", "2018-04-15")
        t.ok(p.returncode == 0 and b"published" in p.stderr, "pejl publish --period 2017 --out DIR exits 0",
             p.stderr.decode(errors="replace"))
        ed = os.path.join(out, "2017")
        t.ok(os.path.isfile(os.path.join(ed, "da", "index.html")) and os.path.isfile(os.path.join(out, "index.html")),
             "the edition is DIR/2017 with da/, en/ and data/, and DIR/index.html lists it")
        check_pages(t, ed)
        status = check_open_data(t, ed, db)
        check_xlsx(t, ed, tmp, status)
        check_golden(t, ed)
        check_replace(t, tmp, db, out, ed)
        check_suppression(t, tmp)
    except Exception:
        import traceback
        t.ok(False, "the test script ran to its end", traceback.format_exc())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        t.done()


if __name__ == "__main__":
    main()
