# tests/cli/test_feedback_aggregates.sh — `pejl feedback aggregates` (DESIGN §4, §5):
# feedback figures per unit subtree for the episodes that ended in a period, with
# small-cell suppression, on a small imported file:
#
#   SOF ─┬─ BBU        1 citizen                 primary
#        ├─ BCH        3 citizens                complementary (BBU's partner)
#        └─ BCV ─┬─ C1 ─┬─ T1   5 episodes of 4 citizens   complementary (T2's partner)
#                │      └─ T2   2 citizens                  primary
#                └─ C2   4 ORS episodes (mean change 2.25), 3 WHO5 episodes
#
# plus an episode of T1 that ended in 2016 and an open one (both left out), and a unit
# that opens in 2018. Checked: the rows, their order, parents, depths and counts; text,
# JSON and CSV agree figure by figure (C2's mean change of exactly 2.25 included);
# hidden rows are "·" in text, empty cells in CSV and have no figures in JSON; ORS and
# WHO5 rows apart; --unit gives one subtree, hidden as in the whole view; --k changes what is hidden (1 hides
# nothing); nothing is logged or shown at citizen level; after retention has cleared
# the citizen links the same cells stay hidden; bad input: a bad --period (exit 1, the
# period named), an unknown unit or one not there in the period (exit 3), a missing
# --period, a bad --k or --format (exit 2) — and none of them prints figures.
. "$ROOT/tests/cli/lib.sh"

mkdir -p "$TMP/db" "$TMP/keys" "$TMP/in"
DB="$TMP/db/agg.db"
export PEJL_KEY="$TMP/keys/pejl.key"
F="$TMP/in/feedback.csv"

pycheck() {
	local name=$1 script=$2; shift 2
	t "$name" python3 -c "$script" "$@"
}

t "init" "$PEJL" --db "$DB" init
t "keygen" "$PEJL" --db "$DB" keygen --out "$PEJL_KEY"
for u in "C1 centre BCV 2010-01-01" "C2 centre BCV 2010-01-01" "T1 service C1 2010-01-01" \
	"T2 service C1 2010-01-01" "NEWU service SOF 2018-01-01"; do
	set -- $u
	t "units add $1" "$PEJL" --db "$DB" units add "$1" --name "Enhed $1" --kind "$2" --parent "$3" --from "$4"
done

# The file: ORS episodes of two sessions (intake, latest), WHO5 ones of five items.
python3 - "$F" <<'EOF'
import sys
rows = ["episode,cpr,unit,practitioner,date,session,instrument,i1,i2,i3,i4,i5,rater,skipped,end_date,end_reason"]
def items(t, n=4):
    v = int(round(t * 10)); q, r = divmod(v, n)
    return ",".join("%d.%d" % ((q + (i < r)) // 10, (q + (i < r)) % 10) for i in range(n))
def cpr(i):  # born 1975 (7th digit 1: the 1900s): adults
    return "%02d0175-1%03d" % (i, i)
def ep(code, c, unit, a, b, end="2017-06-30", reason="planned", d1="2017-01-02", d2="2017-01-09"):
    rows.append(f"{code},{cpr(c)},{unit},anna,{d1},1,ORS,{items(a)},,self,0,,")
    rows.append(f"{code},{cpr(c)},{unit},anna,{d2},2,ORS,{items(b)},,self,0,{end},{reason if end else ''}")
ep("Q1", 1, "T1", 18, 26); ep("Q2", 2, "T1", 20, 22); ep("Q3", 3, "T1", 15, 21); ep("Q4", 4, "T1", 25, 30)
ep("Q5", 1, "T1", 16, 21)                      # citizen 1 again
ep("Q6", 5, "T2", 18, 24); ep("Q7", 6, "T2", 19, 20, reason="unplanned")
ep("Q8", 7, "C2", 20, 22); ep("Q9", 8, "C2", 20, 22.5, reason="unplanned")
ep("Q10", 9, "C2", 20, 22); ep("Q11", 10, "C2", 20, 22.5)  # mean change 2.25 exactly
ep("Q12", 12, "BCH", 10, 20); ep("Q13", 13, "BCH", 12, 18); ep("Q14", 14, "BCH", 14, 16)
ep("Q15", 15, "BBU", 10, 30)
ep("Q16", 16, "T1", 10, 20, end="2016-11-30", d1="2016-10-03", d2="2016-10-10")  # 2016
ep("Q17", 17, "T1", 10, 20, end="")                                               # open
for code, c, a, b in (("W1", 7, 2, 3), ("W2", 8, 1, 4), ("W3", 11, 3, 3)):
    rows.append(f"{code},{cpr(c)},C2,anna,2017-01-02,1,WHO5,{a},{a},{a},{a},{a},self,0,,")
    rows.append(f"{code},{cpr(c)},C2,anna,2017-01-09,2,WHO5,{b},{b},{b},{b},{b},self,0,2017-05-31,planned")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
EOF
t "feedback import" "$PEJL" --db "$DB" feedback import "$F"
expect_in "episodes 20 new" "$OUT" "20 episodes imported"

access_count() { "$PEJL" --db "$DB" access log --limit 100000 | grep -c .; }
LOG_BEFORE=$(access_count)

# agg NAME ARGS...: the three formats into $TMP/NAME.{txt,json,csv}, each exit 0.
agg() {
	local name=$1; shift
	t "aggregates $* (text)" "$PEJL" --db "$DB" feedback aggregates "$@"
	printf '%s\n' "$OUT" >"$TMP/$name.txt"
	t "aggregates $* --format json" "$PEJL" --db "$DB" feedback aggregates "$@" --format json
	printf '%s\n' "$OUT" >"$TMP/$name.json"
	t "aggregates $* --format csv" "$PEJL" --db "$DB" feedback aggregates "$@" --format csv
	printf '%s\n' "$OUT" >"$TMP/$name.csv"
}

# agree NAME: text, JSON and CSV hold the same rows, the same hidden rows and the same
# figures, each as the text and CSV print it; hidden rows have no figures anywhere.
AGREE='
import csv, json, sys
base = sys.argv[1]
j = json.load(open(base + ".json"))
c = list(csv.DictReader(open(base + ".csv", newline="")))
lines = open(base + ".txt").read().splitlines()
h = next(i for i, l in enumerate(lines) if l.startswith("unit "))
t = [l for l in lines[h + 2:] if l.strip()]
text_keys = [("episodes", 0), ("citizens", 0), ("mean_change", 1), ("effect_size", 2), ("pct_recovered", 1),
             ("pct_improved", 1), ("pct_deteriorated", 1), ("pct_unplanned", 1), ("mean_sessions", 1),
             ("pct_alliance_ok", 1)]
csv_keys = [("episodes", 0), ("citizens", 0), ("classified", 0), ("mean_intake", 1), ("mean_final", 1),
            ("mean_change", 1), ("effect_size", 2), ("pct_recovered", 1), ("pct_improved", 1),
            ("pct_deteriorated", 1), ("pct_unplanned", 1), ("mean_sessions", 1), ("mean_final_alliance", 1),
            ("pct_alliance_ok", 1)]
figures = [k for k, _ in csv_keys]
assert len(j["rows"]) == len(c) == len(t), (len(j["rows"]), len(c), len(t))
def fmt(v, d):
    return "" if v is None else "%.*f" % (d, v)
for r, cr, tl in zip(j["rows"], c, t):
    cells = tl.split()
    depth = (len(tl) - len(tl.lstrip(" "))) // 2
    key = (r["unit"], r["instrument"])
    assert (cells[0], cells[1]) == key == (cr["unit"], cr["instrument"]), (cells, key, cr)
    assert depth == r["depth"] == int(cr["depth"]), (key, depth, r["depth"], cr["depth"])
    assert (r["parent"] or "") == cr["parent"], key
    assert r["name"] == cr["name"], key
    assert cr["suppressed"] == ("1" if r["suppressed"] else "0"), key
    if r["suppressed"]:
        assert set(r) == {"unit", "name", "parent", "depth", "instrument", "suppressed"}, r
        assert all(cr[k] == "" for k in figures), cr
        assert cells[2:] == ["·"] * 10, tl
        continue
    assert all(k in r for k in figures), r
    for (k, d), cell in zip(text_keys, cells[2:]):
        want = fmt(r[k], d) or "–"
        assert cell == want, (key, k, "text", cell, "json", r[k])
    for k, d in csv_keys:
        assert cr[k] == fmt(r[k], d), (key, k, "csv", cr[k], "json", r[k])
'
agree() { pycheck "$1: text, JSON and CSV agree" "$AGREE" "$TMP/$1"; }

# rows NAME WANT: the JSON rows as "UNIT/INSTRUMENT/PARENT/DEPTH/MARK/EPISODES/CITIZENS"
# (MARK . shown, H hidden; figures - when hidden) equal WANT, in order.
ROWS='
import json, sys
j = json.load(open(sys.argv[1]))
got = []
for r in j["rows"]:
    if r["suppressed"]:
        got.append("%s/%s/%s/%d/H/-/-" % (r["unit"], r["instrument"], r["parent"] or "", r["depth"]))
    else:
        got.append("%s/%s/%s/%d/./%d/%d" % (r["unit"], r["instrument"], r["parent"] or "", r["depth"],
                                             r["episodes"], r["citizens"]))
want = sys.argv[2].split()
assert got == want, "\n got: " + " ".join(got) + "\nwant: " + " ".join(want)
'
rows() { pycheck "$1" "$ROWS" "$TMP/$2.json" "$3"; }

# --- the whole organisation, k 3 (the default) --------------------------------------------
agg all --period 2017
agree all
rows "2017, k 3: depth first, children by code, ORS and WHO5 apart; BBU primary, BCH its partner; T2 primary, T1 its partner" all \
	"SOF/ORS//0/./15/14 SOF/WHO5//0/./3/3 BBU/ORS/SOF/1/H/-/- BCH/ORS/SOF/1/H/-/- BCV/ORS/SOF/1/./11/10
	 BCV/WHO5/SOF/1/./3/3 C1/ORS/BCV/2/./7/6 T1/ORS/C1/3/H/-/- T2/ORS/C1/3/H/-/- C2/ORS/BCV/2/./4/4
	 C2/WHO5/BCV/2/./3/3"
pycheck "JSON: period, unit, k and the episodes that ended (the 2016 and the open one left out)" '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["period"] == "2017" and j["unit"] is None and j["k"] == 3 and j["episodes_ended"] == 18, j
' "$TMP/all.json"
pycheck "figures of a shown row: C1 (T1 and T2: 7 episodes, 6 citizens, 1 of 7 unplanned)" '
import json, sys
j = json.load(open(sys.argv[1]))
r = [r for r in j["rows"] if r["unit"] == "C1"][0]
want = {"episodes": 7, "citizens": 6, "classified": 7, "mean_sessions": 2, "pct_unplanned": 14.3,
        "mean_intake": 18.7, "mean_change": 4.7, "pct_alliance_ok": None, "mean_final_alliance": None}
bad = {k: (r[k], v) for k, v in want.items() if r[k] != v}
assert not bad, bad
w = [r for r in j["rows"] if r["unit"] == "C2" and r["instrument"] == "WHO5"][0]
assert w["mean_intake"] == 40 and w["mean_final"] == 66.7 and w["episodes"] == 3, w
' "$TMP/all.json"
expect_in "ended 2017-01-01 to 2017-12-31 (18 episodes)" "$(cat "$TMP/all.txt")" "the text names the period's days and the episodes"
expect_in "fewer than 3 citizens" "$(cat "$TMP/all.txt")" "the text names k"
head=$(head -n 1 "$TMP/all.csv" | tr -d '\r')
[ "$head" = "unit,name,parent,depth,instrument,suppressed,episodes,citizens,classified,mean_intake,mean_final,mean_change,effect_size,pct_recovered,pct_improved,pct_deteriorated,pct_unplanned,mean_sessions,mean_final_alliance,pct_alliance_ok" ] &&
	ok "the CSV header" || not_ok "the CSV header" "$head"
expect_in "BBU,Borgercenter Børn og Unge,SOF,1,ORS,1,,,,,,,,,,,,,," "$(tr -d '\r' <"$TMP/all.csv")" \
	"a hidden CSV row: every figure cell empty"
pycheck "C2 (mean change exactly 2.25) prints the same in every format" '
import sys
txt, js, cs = (open(sys.argv[1] + e).read() for e in (".txt", ".json", ".csv"))
import json, csv
j = [r for r in json.load(open(sys.argv[1] + ".json"))["rows"] if r["unit"] == "C2" and r["instrument"] == "ORS"][0]
c = [r for r in csv.DictReader(open(sys.argv[1] + ".csv")) if r["unit"] == "C2" and r["instrument"] == "ORS"][0]
t = [l.split() for l in txt.splitlines() if l.split()[:2] == ["C2", "ORS"]][0]
assert "%.1f" % j["mean_change"] == c["mean_change"] == t[4], (j["mean_change"], c["mean_change"], t[4])
assert "%.1f" % j["mean_final"] == c["mean_final"], (j["mean_final"], c["mean_final"])
' "$TMP/all"

# --- one subtree --------------------------------------------------------------------------------
agg bcv --period 2017 --unit BCV
agree bcv
rows "--unit BCV: its subtree, BCV at depth 0 without a parent; T1 and T2 hidden as before" bcv \
	"BCV/ORS//0/./11/10 BCV/WHO5//0/./3/3 C1/ORS/BCV/1/./7/6 T1/ORS/C1/2/H/-/- T2/ORS/C1/2/H/-/-
	 C2/ORS/BCV/1/./4/4 C2/WHO5/BCV/1/./3/3"
pycheck "--unit BCV: the JSON names the unit" '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["unit"] == "BCV" and j["episodes_ended"] == 18, j
' "$TMP/bcv.json"
agg t1 --period 2017 --unit T1
rows "--unit T1: hidden as in the whole view (T1 is T2's partner: shown here, T2 = C1 − T1)" t1 "T1/ORS//0/H/-/-"
agg c1k2 --period 2017 --unit C1 --k 2
agree c1k2
rows "--unit C1 --k 2: T2's 2 citizens are no longer small" c1k2 "C1/ORS//0/./7/6 T1/ORS/C1/1/./5/4 T2/ORS/C1/1/./2/2"
agg bbu --period 2017 --unit BBU
rows "--unit BBU: one citizen, hidden even alone" bbu "BBU/ORS//0/H/-/-"

# --- k --------------------------------------------------------------------------------------
agg k1 --period 2017 --k 1
agree k1
rows "--k 1 hides nothing" k1 \
	"SOF/ORS//0/./15/14 SOF/WHO5//0/./3/3 BBU/ORS/SOF/1/./1/1 BCH/ORS/SOF/1/./3/3 BCV/ORS/SOF/1/./11/10
	 BCV/WHO5/SOF/1/./3/3 C1/ORS/BCV/2/./7/6 T1/ORS/C1/3/./5/4 T2/ORS/C1/3/./2/2 C2/ORS/BCV/2/./4/4
	 C2/WHO5/BCV/2/./3/3"
agg k5 --period 2017 --k 5
agree k5
pycheck "--k 5: every row of fewer than 5 citizens is hidden, and the JSON says k 5" '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["k"] == 5
hidden = {(r["unit"], r["instrument"]) for r in j["rows"] if r["suppressed"]}
small = {("BBU", "ORS"), ("BCH", "ORS"), ("T1", "ORS"), ("T2", "ORS"), ("C2", "ORS"), ("C2", "WHO5"),
         ("BCV", "WHO5"), ("SOF", "WHO5")}
assert small <= hidden, small - hidden
assert ("SOF", "ORS") not in hidden, hidden
' "$TMP/k5.json"

# --- other periods --------------------------------------------------------------------------
agg y2016 --period 2016
rows "2016: the one episode that ended then, hidden (one citizen)" y2016 \
	"SOF/ORS//0/H/-/- BCV/ORS/SOF/1/H/-/- C1/ORS/BCV/2/H/-/- T1/ORS/C1/3/H/-/-"
agg q3 --period 2017Q3
rows "2017Q3: nothing ended, no rows" q3 ""
agg q2 --period 2017Q2 --k 1
pycheck "2017Q2: the ORS episodes (ended 30 June) and the WHO5 ones (31 May)" '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["period"] == "2017Q2" and j["episodes_ended"] == 18, j
' "$TMP/q2.json"
agg may --period 2017-05 --k 1
rows "2017-05: only the WHO5 episodes" may "SOF/WHO5//0/./3/3 BCV/WHO5/SOF/1/./3/3 C2/WHO5/BCV/2/./3/3"

# --- aggregates only: nothing citizen-level -------------------------------------------------
all_out=$(cat "$TMP"/*.txt "$TMP"/*.json "$TMP"/*.csv)
if printf '%s' "$all_out" | grep -Eq '[0-9a-f]{64}|[0-9]{6}-?[0-9]{4}|"Q[0-9]+"'; then
	not_ok "no pseudonym, CPR number or episode code in any output" \
		"$(printf '%s' "$all_out" | grep -Eo '[0-9a-f]{64}|[0-9]{6}-?[0-9]{4}|"Q[0-9]+"' | head -3)"
else
	ok "no pseudonym, CPR number or episode code in any output"
fi
[ "$(access_count)" -eq "$LOG_BEFORE" ] && ok "aggregates write nothing to the access log" ||
	not_ok "aggregates write nothing to the access log" "before $LOG_BEFORE, after $(access_count)"

# --- bad input: a message, an exit code, no figures ------------------------------------------
t_exit 1 "a bad --period is bad input (exit 1)" "$PEJL" --db "$DB" feedback aggregates --period 2017-13
expect_in '"2017-13" is not a period (2017, 2017Q3, 2017-03 or 2016/17)' "$ERR" \
	"the message names the period and the forms a period takes"
[ -z "$OUT" ] && ok "a bad --period prints no figures" || not_ok "a bad --period prints no figures" "$OUT"
t_exit 1 "--period '' is bad input (exit 1)" "$PEJL" --db "$DB" feedback aggregates --period ""
expect_in '"" is not a period' "$ERR" "the message shows the empty period"
t_exit 3 "an unknown --unit is not found (exit 3)" "$PEJL" --db "$DB" feedback aggregates --period 2017 --unit NOPE
expect_in "NOPE" "$ERR" "the message names the unit"
[ -z "$OUT" ] && ok "an unknown --unit prints no figures" || not_ok "an unknown --unit prints no figures" "$OUT"
t_exit 3 "a unit that opened after the period is not found (exit 3)" "$PEJL" --db "$DB" feedback aggregates \
	--period 2017 --unit NEWU
expect_in "NEWU did not exist in 2017" "$ERR" "the message names the unit and the period"
t "the same unit in its own year" "$PEJL" --db "$DB" feedback aggregates --period 2018 --unit NEWU --format json
t_exit 2 "a missing --period is a usage error (exit 2)" "$PEJL" --db "$DB" feedback aggregates
expect_in "--period" "$ERR" "the usage message names --period"
t_exit 2 "--k 0 is a usage error" "$PEJL" --db "$DB" feedback aggregates --period 2017 --k 0
t_exit 2 "--k abc is a usage error" "$PEJL" --db "$DB" feedback aggregates --period 2017 --k abc
t_exit 2 "--k 101 is a usage error" "$PEJL" --db "$DB" feedback aggregates --period 2017 --k 101
t_exit 2 "--format xml is a usage error" "$PEJL" --db "$DB" feedback aggregates --period 2017 --format xml
t_exit 2 "an extra argument is a usage error" "$PEJL" --db "$DB" feedback aggregates --period 2017 BCV

# --- after retention: the citizen links are gone, the cells stay hidden -------------------------
t "retention run --years 1 clears the citizen links of the 2016 and 2017 episodes" "$PEJL" --db "$DB" retention run --years 1
agg ret --period 2017
agree ret
rows "after retention each episode counts as a citizen: the same cells hidden (T1 now 5 citizens)" ret \
	"SOF/ORS//0/./15/15 SOF/WHO5//0/./3/3 BBU/ORS/SOF/1/H/-/- BCH/ORS/SOF/1/H/-/- BCV/ORS/SOF/1/./11/11
	 BCV/WHO5/SOF/1/./3/3 C1/ORS/BCV/2/./7/7 T1/ORS/C1/3/H/-/- T2/ORS/C1/3/H/-/- C2/ORS/BCV/2/./4/4
	 C2/WHO5/BCV/2/./3/3"

done_testing
