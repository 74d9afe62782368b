# tests/cli/test_status.sh — `pejl status` on the demo (src/io/demo.c): the
# JSON shape of DESIGN §7 and the designed verdicts, other periods (a
# biennial goal carried over its off year, a year without data, a quarter,
# a bad period), --unit and --group, CSV, text in Danish and English, and a
# data break imported for a goal with an explicit baseline.
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/demo.db"
# pycheck NAME SCRIPT ARGS...: passes when the python script exits 0.
pycheck() {
	local name=$1 script=$2; shift 2
	t "$name" python3 -c "$script" "$@"
}
# tj NAME COMMAND...: t, keeping the command's output (a status JSON) in $J.
tj() { t "$@"; J=$OUT; }
# jcheck NAME SCRIPT [ARGS...]: pycheck with that JSON ($J) as argv[1].
jcheck() {
	local name=$1 script=$2; shift 2
	pycheck "$name" "$script" "$J" "$@"
}
# Python prelude: the status JSON in argv[1] as d, its goals by code as g.
PRE='
import json, sys
d = json.loads(sys.argv[1])
g = {x["code"]: x for p in d["pejlemaerker"] for x in p["goals"]}
pm = {p["number"]: p for p in d["pejlemaerker"]}
'

t "init --demo" "$PEJL" --db "$DB" init --demo

# --- status 2017 as JSON ----------------------------------------------------------------
tj "status --format json" "$PEJL" --db "$DB" status --format json
S2017=$OUT
jcheck "the JSON has the DESIGN §7 shape" "$PRE"'
assert d["strategy"] == "kk-2014", d["strategy"]
assert d["period"] == "2017", d["period"]
assert isinstance(d["pejlemaerker"], list) and len(d["pejlemaerker"]) == 9, len(d["pejlemaerker"])
assert [p["number"] for p in d["pejlemaerker"]] == list(range(1, 10))
V = {"met", "on_track", "progress", "no_change", "decline", "no_data", "not_comparable"}
T = {"better", "worse", "same", "none"}
for p in d["pejlemaerker"]:
    for k in ("number", "title", "verdict", "trend", "goals"):
        assert k in p, (p["number"], k)
    assert isinstance(p["title"], str) and p["title"], p["number"]
    assert p["verdict"] in V and p["trend"] in T, (p["number"], p["verdict"], p["trend"])
    assert p["goals"], p["number"]
    for x in p["goals"]:
        for k in ("code", "value", "baseline", "target", "expected", "progress_pct", "verdict", "trend", "explanation"):
            assert k in x, (x.get("code"), k)
        assert x["verdict"] in V and x["trend"] in T, x["code"]
        for k in ("baseline", "target"):
            assert x[k] is None or (set(x[k]) >= {"period", "value"} and isinstance(x[k]["period"], str)
                                    and isinstance(x[k]["value"], (int, float))), (x["code"], k, x[k])
        for k in ("value", "expected", "progress_pct"):
            assert x[k] is None or isinstance(x[k], (int, float)), (x["code"], k)
        e = x["explanation"]
        assert isinstance(e["da"], str) and e["da"] and isinstance(e["en"], str) and e["en"], x["code"]
assert sorted(g) == ["1A", "1B", "1C", "1D", "1E", "2A", "2B", "3A", "4A", "5A", "5B", "6A", "7A", "8A", "8B", "9A", "9B", "9C"], sorted(g)
s = d["summary"]
assert all(isinstance(s[v], int) for v in V), s
assert sum(s[v] for v in V) == 9, s
for v in V:
    assert s[v] == sum(1 for p in d["pejlemaerker"] if p["verdict"] == v), (v, s)
'
jcheck "1A is met: 1024 against the level target 1000 (2017), baseline 862 (2013)" "$PRE"'
x = g["1A"]
assert x["verdict"] == "met" and x["value"] == 1024, x
assert x["baseline"]["period"] == "2013" and x["baseline"]["value"] == 862, x["baseline"]
assert x["target"]["period"] == "2017" and x["target"]["value"] == 1000, x["target"]
assert x["expected"] is None, x["expected"]
assert "1.024" in x["explanation"]["da"] and "1.000" in x["explanation"]["da"], x["explanation"]
assert "1,024" in x["explanation"]["en"], x["explanation"]
'
jcheck "1D (main goal of pejlemærke 1) declines, so pejlemærke 1 declines" "$PRE"'
x = g["1D"]
assert x["verdict"] == "decline" and x["trend"] == "worse" and x["value"] == 1638, x
assert x["baseline"] == {"period": "2013", "value": 1581}, x["baseline"]
assert x["target"]["period"] == "2017" and x["target"]["value"] == 1256, x["target"]
assert pm[1]["verdict"] == "decline" and pm[1]["trend"] == "worse", pm[1]["verdict"]
assert pm[1]["main_goal"] == "1D", pm[1]["main_goal"]
'
jcheck "1B makes progress but misses its target: progress_pct 65" "$PRE"'
x = g["1B"]
assert x["verdict"] == "progress" and x["value"] == 481, x
assert abs(x["progress_pct"] - 65) < 0.01, x["progress_pct"]
assert x["target"]["value"] == 453, x["target"]
'
jcheck "3A meets its cap" "$PRE"'
x = g["3A"]
assert x["verdict"] == "met" and x["target"]["value"] == 1.1 and x["value"] <= 1.1, x
assert pm[3]["verdict"] == "met", pm[3]["verdict"]
'
jcheck "8A is not comparable (data break 2017) with no trend; pejlemærke 8 follows it" "$PRE"'
x = g["8A"]
assert x["verdict"] == "not_comparable" and x["trend"] == "none", x
assert x["state"] == "break", x["state"]
assert "databrud" in x["explanation"]["da"], x["explanation"]
assert pm[8]["verdict"] == "not_comparable", pm[8]["verdict"]
'
jcheck "8B is no_change: the difference is not significant" "$PRE"'
x = g["8B"]
assert x["verdict"] == "no_change", x["verdict"]
sig = x.get("significance")
assert sig and sig["significant"] is False and sig["p"] > 0.05, sig
assert "ikke statistisk signifikant" in x["explanation"]["da"], x["explanation"]["da"]
assert "not statistically significant" in x["explanation"]["en"], x["explanation"]["en"]
'
jcheck "9A is significant progress" "$PRE"'
x = g["9A"]
assert x["verdict"] == "progress" and x["trend"] == "better", x
sig = x.get("significance")
assert sig and sig["significant"] is True and sig["p"] < 0.05, sig
assert "statistisk signifikant" in x["explanation"]["da"], x["explanation"]["da"]
assert pm[9]["verdict"] == "progress", pm[9]["verdict"]
'
jcheck "the other designed verdicts: 1C 2A 2B 4A 5A progress, 6A decline, 7A 9B no_change" "$PRE"'
want = {"1C": "progress", "2A": "progress", "2B": "progress", "4A": "progress", "5A": "progress",
        "6A": "decline", "7A": "no_change", "9B": "no_change", "1E": "decline"}
got = {k: g[k]["verdict"] for k in want}
assert got == want, got
assert g["2A"]["value"] is not None and "/" in g["2A"]["baseline"]["period"], g["2A"]
assert g["5A"]["baseline"]["period"] == "2013Q1", g["5A"]["baseline"]  # every quarter is reported
'
jcheck "summary: fremgang på 5 af 9 pejlemærker, counts per verdict" "$PRE"'
s = d["summary"]
assert s["headline"]["da"] == "fremgang på 5 af 9 pejlemærker", s["headline"]
assert s["headline"]["en"] == "progress on 5 of 9 pejlemærker", s["headline"]
want = {"met": 1, "on_track": 0, "progress": 4, "no_change": 1, "decline": 2, "no_data": 0, "not_comparable": 1}
assert {k: s[k] for k in want} == want, s
assert s["positive"] == 5 and s["of"] == 9, s
'

# --- other periods --------------------------------------------------------------------
tj "status --period 2016 --format json" "$PEJL" --db "$DB" status --period 2016 --format json
jcheck "2016: 1D (biennial) is carried from 2015" "$PRE"'
assert d["period"] == "2016", d["period"]
x = g["1D"]
assert x["carried"] is True and x["value_period"] == "2015" and x["value"] == 1536, x
assert "hvert andet år" in x["explanation"]["da"], x["explanation"]["da"]
assert "2015" in x["explanation"]["da"], x["explanation"]["da"]
assert g["1E"]["carried"] is True and g["1E"]["value_period"] == "2015", g["1E"]
assert g["1A"]["carried"] is False and g["1A"]["value_period"] == "2016", g["1A"]
'
jcheck "2016: 1A is on track, with the expected level between baseline and target" "$PRE"'
x = g["1A"]
assert x["verdict"] == "on_track" and x["value"] == 986, x
assert abs(x["expected"] - 965.5) < 1e-6, x["expected"]
assert "rette spor" in x["explanation"]["da"], x["explanation"]["da"]
'
tj "status --period 2012 --format json" "$PEJL" --db "$DB" status --period 2012 --format json
jcheck "2012 (before any data): no_data everywhere" "$PRE"'
assert d["period"] == "2012", d["period"]
assert all(x["verdict"] == "no_data" and x["value"] is None for x in g.values()), {k: x["verdict"] for k, x in g.items()}
assert all(p["verdict"] == "no_data" for p in d["pejlemaerker"]), [p["verdict"] for p in d["pejlemaerker"]]
assert d["summary"]["no_data"] == 9, d["summary"]
assert d["summary"]["headline"]["da"] == "fremgang på 0 af 9 pejlemærker", d["summary"]["headline"]
'
tj "status --period 2017Q4 --format json" "$PEJL" --db "$DB" status --period 2017Q4 --format json
jcheck "2017Q4: the quarterly goal 5A at 2017Q4, yearly goals at 2017" "$PRE"'
assert d["period"] == "2017Q4", d["period"]
assert g["5A"]["period"] == "2017Q4" and g["5A"]["value"] == 96 and g["5A"]["verdict"] == "progress", g["5A"]
assert g["1A"]["period"] == "2017" and g["1A"]["verdict"] == "met", g["1A"]
'
t_exit 1 "--period x exits 1" "$PEJL" --db "$DB" status --period x
expect_in '"x"' "$ERR" "the message names the bad period"
expect_in "is not a period" "$ERR" "the message says it is not a period"
t_exit 1 "--period 2017Q5 exits 1" "$PEJL" --db "$DB" status --period 2017Q5
expect_in '"2017Q5"' "$ERR" "the message names 2017Q5"

# --- parts of the organisation and target groups ----------------------------------------
tj "status --unit BCV --format json" "$PEJL" --db "$DB" status --unit BCV --format json
jcheck "--unit BCV: BCV's own figures" "$PRE"'
w = {x["code"]: x for p in json.loads(sys.argv[2])["pejlemaerker"] for x in p["goals"]}
assert d["unit"] == "BCV", d["unit"]
# 4A is reported by services in all citizen centres: BCV alone differs
assert g["4A"]["value"] is not None and abs(g["4A"]["value"] - w["4A"]["value"]) > 1e-9, (g["4A"]["value"], w["4A"]["value"])
# 1A is reported only by BCV services: the subtree sums to the whole figure,
# but a city-wide count target says nothing about a part
assert g["1A"]["value"] == w["1A"]["value"] == 1024, (g["1A"]["value"], w["1A"]["value"])
assert g["1A"]["target"] is None and g["1A"]["verdict"] == "progress", g["1A"]
# 1B is reported for the whole organisation only
assert g["1B"]["verdict"] == "no_data" and g["1B"]["value"] is None, g["1B"]
' "$S2017"
tj "status --unit BCV-HJL-1A --format json" "$PEJL" --db "$DB" status --unit BCV-HJL-1A --format json
jcheck "--unit BCV-HJL-1A: 1A is one service's share, less than the whole" "$PRE"'
assert d["unit"] == "BCV-HJL-1A", d["unit"]
assert g["1A"]["value"] is not None and 0 < g["1A"]["value"] < 1024, g["1A"]["value"]
assert g["1A"]["baseline"]["period"] == "2013" and g["1A"]["baseline"]["value"] < 862, g["1A"]["baseline"]
'
tj "status --group homelessness --format json" "$PEJL" --db "$DB" status --group homelessness --format json
HOMELESS=$J
jcheck "--group homelessness: 1A differs from the whole organisation's" "$PRE"'
assert d["group"] == "homelessness", d["group"]
assert g["1A"]["value"] is not None and 0 < g["1A"]["value"] < 1024, g["1A"]["value"]
assert g["1A"]["baseline"]["value"] < 862, g["1A"]["baseline"]
assert g["1B"]["verdict"] == "no_data", g["1B"]
'
tj "status --unit BCV --group homelessness" "$PEJL" --db "$DB" status --unit BCV --group homelessness --format json
jcheck "--unit BCV --group homelessness: 1A as for the group (all of 1A is in BCV), 4A BCV's share" "$PRE"'
h = {x["code"]: x for p in json.loads(sys.argv[2])["pejlemaerker"] for x in p["goals"]}
assert d["unit"] == "BCV" and d["group"] == "homelessness", (d["unit"], d["group"])
assert g["1A"]["value"] == h["1A"]["value"], (g["1A"]["value"], h["1A"]["value"])
assert g["4A"]["value"] is not None and abs(g["4A"]["value"] - h["4A"]["value"]) > 1e-9, (g["4A"]["value"], h["4A"]["value"])
' "$HOMELESS"
t_exit 3 "an unknown unit exits 3" "$PEJL" --db "$DB" status --unit NOPE
expect_in "NOPE" "$ERR" "the message names the unknown unit"
t_exit 3 "an unknown group exits 3" "$PEJL" --db "$DB" status --group nope
expect_in "nope" "$ERR" "the message names the unknown group"
tj "status --unit SOF" "$PEJL" --db "$DB" status --unit SOF --format json
[ "$OUT" = "$S2017" ] && ok "--unit SOF (the root) is the whole organisation" || not_ok "--unit SOF (the root) is the whole organisation"

# --- CSV and text ---------------------------------------------------------------------------
t "status --format csv" "$PEJL" --db "$DB" status --format csv
pycheck "the CSV has a header and 18 rows (16 goals, 2 computed demo goals) and parses" '
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1], newline="")))
head, body = rows[0], rows[1:]
assert len(body) == 18, len(body)
for k in ("pejlemaerke", "goal", "period", "value", "baseline_period", "baseline_value", "target_period",
          "target_value", "expected", "progress_pct", "verdict", "trend", "explanation_da", "explanation_en"):
    assert k in head, (k, head)
assert all(len(r) == len(head) for r in body), [len(r) for r in body]
d = {r[head.index("goal")]: dict(zip(head, r)) for r in body}
assert list(d) == ["1A", "1B", "1C", "1D", "1E", "2A", "2B", "3A", "4A", "5A", "5B", "6A", "7A", "8A", "8B", "9A", "9B", "9C"], list(d)
assert d["5B"]["verdict"] == "progress" and d["9C"]["verdict"] == "progress", (d["5B"], d["9C"])
assert d["1A"]["verdict"] == "met" and float(d["1A"]["value"]) == 1024, d["1A"]
assert d["1D"]["verdict"] == "decline" and d["1D"]["baseline_period"] == "2013", d["1D"]
assert abs(float(d["1B"]["progress_pct"]) - 65) < 0.1, d["1B"]
assert d["8A"]["verdict"] == "not_comparable", d["8A"]
assert "1.024" in d["1A"]["explanation_da"], d["1A"]
' "$OUT"
t "status (text)" "$PEJL" --db "$DB" status
expect_in "Fremgang på 5 af 9 pejlemærker" "$OUT" "text: the Danish headline"
expect_in "tilbagegang" "$OUT" "text: Danish verdict labels"
expect_in "ikke sammenlignelig (databrud)" "$OUT" "text: the Danish label for a data break"
expect_in "1.581" "$OUT" "text: Danish number format (1.581)"
t "status --lang en" "$PEJL" --db "$DB" status --lang en
expect_in "Progress on 5 of 9 pejlemærker" "$OUT" "English: the headline"
expect_in "decline" "$OUT" "English: verdict labels"
expect_in "not comparable (data break)" "$OUT" "English: the label for a data break"
expect_in "the target is met" "$OUT" "English: the explanations"
expect_not_in "tilbagegang" "$OUT" "English: no Danish verdict labels"
t_exit 2 "--lang fr is a usage error" "$PEJL" --db "$DB" status --lang fr
t_exit 2 "--format xml is a usage error" "$PEJL" --db "$DB" status --format xml

# --- a data break --------------------------------------------------------------------------
# 1A has an explicit baseline (2013); a break in 2016 for the whole
# organisation (its own row wins over the sum of its services).
printf 'goal,period,unit,value,state\n1A,2016,,1000,break\n' >"$TMP/break.csv"
t "import 1A 2016 in state break" "$PEJL" --db "$DB" import measurements "$TMP/break.csv"
tj "status after the break" "$PEJL" --db "$DB" status --format json
jcheck "1A 2017 is not_comparable (break in 2016 after the baseline 2013)" "$PRE"'
x = g["1A"]
assert x["verdict"] == "not_comparable", x["verdict"]
assert x["value"] == 1024 and x["baseline"] == {"period": "2013", "value": 862}, x
assert "databrud" in x["explanation"]["da"] and "2016" in x["explanation"]["da"], x["explanation"]["da"]
'
jcheck "the trend is still drawn against 2016 (1000 → 1024: better)" "$PRE"'
x = g["1A"]
assert x["trend"] == "better", x["trend"]
assert x["previous"] == {"period": "2016", "value": 1000}, x["previous"]
assert d["summary"]["goals"]["not_comparable"] == 2, d["summary"]["goals"]
assert pm[1]["verdict"] == "decline", pm[1]["verdict"]
'
tj "status --period 2016 after the break" "$PEJL" --db "$DB" status --period 2016 --format json
jcheck "1A 2016 (the break itself) is not_comparable with no trend" "$PRE"'
x = g["1A"]
assert x["verdict"] == "not_comparable" and x["trend"] == "none" and x["value"] == 1000, x
'
# a break in one cell makes the aggregate a break
t "init --demo a second database" "$PEJL" --db "$TMP/b.db" init --demo
printf 'goal,period,unit,group,value,state\n1A,2016,BCV-HJL-1A,homelessness,69,break\n' >"$TMP/break2.csv"
t "import a break for one service and group" "$PEJL" --db "$TMP/b.db" import measurements "$TMP/break2.csv"
tj "status after the cell break" "$PEJL" --db "$TMP/b.db" status --format json
jcheck "a break in one cell makes the whole figure not comparable" "$PRE"'
assert g["1A"]["verdict"] == "not_comparable", g["1A"]
assert g["1A"]["trend"] == "better", g["1A"]["trend"]
'

done_testing
