# tests/cli/test_computed.sh — goals computed from citizens' feedback (issue 5, DESIGN §4
# "Link to the strategy"): a small strategy file with two metric goals (1A: the share of
# closed ORS episodes with a reliable improvement; 1B: the share of SRS scores of at least
# 36) next to a reported one (2A) and one (1C) that becomes computed by a later version;
# `feedback import` gives them figures per unit and period equal to shares worked out by
# hand here (few episodes: per-episode differences; many: units recomputed), `pejl status`
# rolls them up, `pejl feedback compute` afterwards changes nothing, a dry run changes
# nothing; a measurement import for a computed goal is refused (exit 1, naming the goal)
# and stores nothing; bad metrics in a strategy file are refused with their JSON path.
# Checks that assert behaviour the code lacked when written name it.
. "$ROOT/tests/cli/lib.sh"

pycheck() {
	local name=$1 script=$2; shift 2
	t "$name" python3 -c "$script" "$@"
}

mkdir -p "$TMP/db" "$TMP/keys" "$TMP/in"
DB="$TMP/db/c.db"
export PEJL_KEY="$TMP/keys/pejl.key"
CPR_A=010180-1237 # 1980: adult
CPR_B=150775-2341 # 1975: adult

# --- the strategy file ------------------------------------------------------------------
S="$TMP/in/strategy.json"
cat >"$S" <<'EOF'
{
  "format": "pejl-strategy/1",
  "strategy": {
    "code": "fb-test", "name": "Mål fra borgernes feedback", "valid_from": 2016, "valid_to": 2018,
    "decision": {"date": "2016-01-10", "body": "Socialudvalget", "case": "2016-0000001"},
    "principles": [{"number": 1, "title": "Kvalitet", "commitments": []}],
    "pejlemaerker": [
      {"number": 1, "title": "Borgerne får det bedre", "goals": [
        {"code": "1A", "main": true, "title": "Pålidelig forbedring",
         "definition": "Andelen af afsluttede ORS-forløb med en pålidelig forbedring",
         "metric": "ORS:reliable_improvement", "measure": "proportion", "display_unit": "%", "decimals": 1,
         "direction": "up", "sampling": "census", "cadence": "yearly",
         "target": {"kind": "level", "value": 60, "period": "2018"},
         "version": {"date": "2016-01-10", "decision": "2016-0000001"}},
        {"code": "1B", "title": "Godt samarbejde", "definition": "Andelen af SRS-scorer på mindst 36",
         "metric": "SRS:alliance_ok", "measure": "proportion", "direction": "up", "sampling": "census",
         "cadence": "yearly", "version": {"date": "2016-01-10", "decision": "2016-0000001"}},
        {"code": "1C", "title": "Planlagte afslutninger", "definition": "Andelen af forløb afsluttet som planlagt",
         "measure": "proportion", "direction": "up", "sampling": "census", "cadence": "yearly",
         "version": {"date": "2016-01-10", "decision": "2016-0000001"}}
      ]},
      {"number": 2, "title": "Boliger", "goals": [
        {"code": "2A", "title": "Boliger anvist", "definition": "Antal anviste boliger", "measure": "count",
         "direction": "up", "sampling": "census", "cadence": "yearly",
         "version": {"date": "2016-01-10", "decision": "2016-0000001"}}
      ]}
    ]
  },
  "units": [
    {"code": "SOF", "name": "Socialforvaltningen", "kind": "administration", "valid_from": "2010-01-01"},
    {"code": "BCV", "name": "Borgercenter Voksne", "kind": "citizen_centre", "parent": "SOF", "valid_from": "2010-01-01"},
    {"code": "BCV-A", "name": "Center A", "kind": "centre", "parent": "BCV", "valid_from": "2010-01-01"},
    {"code": "BCV-B", "name": "Center B", "kind": "centre", "parent": "BCV", "valid_from": "2010-01-01"},
    {"code": "BCV-C", "name": "Center C", "kind": "centre", "parent": "BCV", "valid_from": "2010-01-01"}
  ]
}
EOF

t "init with the strategy file (two metric goals)" "$PEJL" --db "$DB" init --strategy "$S"
t "keygen" "$PEJL" keygen --out "$PEJL_KEY"
t "goals list --format json" "$PEJL" --db "$DB" goals list --format json

# --- feedback CSV helpers -----------------------------------------------------------------
HEADER=episode,cpr,unit,practitioner,date,session,instrument,i1,i2,i3,i4,rater,skipped,end_date,end_reason
# items TOTAL: four items in tenths that sum to TOTAL exactly (16.3 → 4.1,4.1,4.1,4.0).
items() {
	awk -v t="$1" 'BEGIN { n = int(t * 10 + 0.5); q = int(n / 4); r = n % 4
		for (i = 0; i < 4; i++) { v = q + (i < r); printf "%s%d.%d", (i ? "," : ""), int(v / 10), v % 10 } }'
}
# r FILE EPISODE CPR UNIT DATE SESSION INSTRUMENT TOTAL [RATER [END_DATE [END_REASON]]]
r() {
	printf '%s,%s,%s,anna,%s,%s,%s,%s,%s,0,%s,%s\n' "$2" "$3" "$4" "$5" "$6" "$7" "$(items "$8")" "${9-self}" \
		"${10-}" "${11-}" >>"$1"
}

# status PERIOD: `pejl status --period PERIOD --format json` into $TMP/status.json
status() { "$PEJL" --db "$DB" status --period "$1" --format json >"$TMP/status.json" 2>"$TMP/status.err"; }
# value_is NAME GOAL NUM DEN [UNIT]: the status value of GOAL in $TMP/status.json is 100·NUM/DEN
value_is() {
	pycheck "$1" '
import json, sys
d = json.load(open(sys.argv[1]))
g = {x["code"]: x for p in d["pejlemaerker"] for x in p["goals"]}[sys.argv[2]]
want = 100.0 * int(sys.argv[3]) / int(sys.argv[4])
assert g["value"] is not None and abs(g["value"] - want) < 1e-9, (g["value"], want, g["explanation"]["en"])
' "$TMP/status.json" "$2" "$3" "$4"
}
# cells NAME GOAL WANT: every stored figure of GOAL (latest revisions) is exactly WANT, a
# Python dict {(period, unit): (num, den)}, each computed and from feedback (0 of 0: missing)
cells() {
	run "$PEJL" --db "$DB" measurements list "$2" --format json
	pycheck "$1" '
import json, sys
rows = json.loads(sys.argv[1])
got = {(r["period"], r["unit"]): (r["numerator"] or 0, r["denominator"] or 0) for r in rows}
want = eval(sys.argv[2])
assert got == want, ("got", sorted(got.items()), "want", sorted(want.items()))
for r in rows:
    assert r["computed"] is True and r["source"] == "feedback" and r["group"] == "", r
    if r["denominator"]:
        assert r["state"] == "ok" and abs(r["value"] - 100.0 * r["numerator"] / r["denominator"]) < 1e-9, r
    else:
        assert r["state"] == "missing" and r["value"] is None, r
' "$OUT" "$3"
}
compute_unchanged() {
	run "$PEJL" --db "$DB" feedback compute
	[ "$RC" -eq 0 ] && ok "$1: feedback compute exits 0" || not_ok "$1: feedback compute exits 0" "exit $RC: $ERR"
	case "$OUT" in
	*"of which 0 changed."*) ok "$1: feedback compute finds nothing to change (the kept figures equal a recompute)" ;;
	*) not_ok "$1: feedback compute finds nothing to change (the kept figures equal a recompute)" "$OUT" ;;
	esac
}

# --- the first file: few episodes (each episode's difference) ------------------------------
F1="$TMP/in/first.csv"
echo "$HEADER" >"$F1"
# E1 BCV-A: 18.0 → 26.0 (reliable), ended 2017-03-31; SRS 38.0 (ok), 30.0 (below)
r "$F1" E1 "$CPR_A" BCV-A 2017-01-02 1 ORS 18.0
r "$F1" E1 "$CPR_A" BCV-A 2017-01-02 1 SRS 38.0
r "$F1" E1 "$CPR_A" BCV-A 2017-01-09 2 ORS 26.0
r "$F1" E1 "$CPR_A" BCV-A 2017-01-09 2 SRS 30.0 self 2017-03-31 planned
# E2 BCV-A: 10.0 → 14.9 (not reliable), ended 2017-05-31 unplanned; SRS exactly 36.0 twice (ok)
r "$F1" E2 "$CPR_B" BCV-A 2017-02-06 1 ORS 10.0
r "$F1" E2 "$CPR_B" BCV-A 2017-02-06 1 SRS 36.0
r "$F1" E2 "$CPR_B" BCV-A 2017-02-13 2 ORS 14.9
r "$F1" E2 "$CPR_B" BCV-A 2017-02-13 2 SRS 36.0 self 2017-05-31 unplanned
# E3 BCV-B: 20.0 → 30.0 (reliable), ended 2017-06-30; no alliance form
r "$F1" E3 "$CPR_B" BCV-B 2017-03-06 1 ORS 20.0
r "$F1" E3 "$CPR_B" BCV-B 2017-03-13 2 ORS 30.0 self 2017-06-30 planned
# E4 BCV-B: open, one score 15.0 (not in 1A); SRS 20.0 (below); a collateral SRS 40.0 does not count
r "$F1" E4 "$CPR_A" BCV-B 2017-04-03 1 ORS 15.0
r "$F1" E4 "$CPR_A" BCV-B 2017-04-03 1 SRS 20.0
r "$F1" E4 "$CPR_A" BCV-B 2017-04-03 1 SRS 40.0 mor
# E5 BCV-A: ended 2016-11-30, 12.0 → 22.0 (reliable); SRS 40.0 in 2016
r "$F1" E5 "$CPR_B" BCV-A 2016-10-03 1 ORS 12.0
r "$F1" E5 "$CPR_B" BCV-A 2016-10-03 1 SRS 40.0
r "$F1" E5 "$CPR_B" BCV-A 2016-10-10 2 ORS 22.0 self 2016-11-30 planned
# E0 BCV-B: ended 2015-06-30, before the goal was adopted (2016-01-10): 10.0 → 20.0 (reliable)
# — a baseline year; the first version applies there as it does for status and imports
r "$F1" E0 "$CPR_A" BCV-B 2015-03-02 1 ORS 10.0
r "$F1" E0 "$CPR_A" BCV-B 2015-03-09 2 ORS 20.0 self 2015-06-30 planned

t "feedback import of six episodes" "$PEJL" --db "$DB" feedback import "$F1"
expect_in "episodes 6 new" "$OUT" "six new episodes"

# 1A 2017: E1 yes, E2 no (BCV-A 1 of 2), E3 yes (BCV-B 1 of 1): 2 of 3; 2016: E5 (BCV-A 1 of 1)
cells "1A: figures per unit and period from the episodes, hand-computed" 1A \
	'{("2017", "BCV-A"): (1, 2), ("2017", "BCV-B"): (1, 1), ("2016", "BCV-A"): (1, 1), ("2015", "BCV-B"): (1, 1)}'
# 1B 2017: E1 38 yes, 30 no, E2 36 yes, 36 yes (BCV-A 3 of 4); E4 20 no, collateral left out (BCV-B 0 of 1);
# 2016: E5 40 (BCV-A 1 of 1)
cells "1B: alliance scores of at least 36 per unit and year (exactly 36 counts, collateral not)" 1B \
	'{("2017", "BCV-A"): (3, 4), ("2017", "BCV-B"): (0, 1), ("2016", "BCV-A"): (1, 1)}'
cells "1C (no metric yet) and 2A (a count) get no computed figures" 1C '{}'
status 2017
value_is "status 2017: 1A is 2 of 3 closed episodes (66.7 %)" 1A 2 3
value_is "status 2017: 1B is 3 of 5 alliance scores (60 %)" 1B 3 5
pycheck "status 2017: 1A is on track towards 60 % in 2018 (met), 2A has no data" '
import json, sys
d = json.load(open(sys.argv[1]))
g = {x["code"]: x for p in d["pejlemaerker"] for x in p["goals"]}
assert g["1A"]["verdict"] == "met", g["1A"]
assert g["2A"]["verdict"] == "no_data" and g["2A"]["value"] is None, g["2A"]
' "$TMP/status.json"
"$PEJL" --db "$DB" status --period 2017 --unit BCV-A --format json >"$TMP/status.json" 2>/dev/null
value_is "status 2017 for BCV-A alone: 1A is 1 of 2" 1A 1 2
status 2016
value_is "status 2016: 1A is 1 of 1" 1A 1 1
status 2015
value_is "status 2015, before the goal's first version: 1A is 1 of 1 (fails before the fix: no figure before the version date)" 1A 1 1
compute_unchanged "after the first import"

# --- a dry run changes nothing -------------------------------------------------------------
"$PEJL" --db "$DB" measurements list 1A --format json >"$TMP/1a.before" 2>/dev/null
"$PEJL" --db "$DB" measurements list 1B --format json >"$TMP/1b.before" 2>/dev/null
F2="$TMP/in/dry.csv"
echo "$HEADER" >"$F2"
r "$F2" E4 "$CPR_A" BCV-B 2017-04-10 2 ORS 25.0 self 2017-09-30 planned
r "$F2" E4 "$CPR_A" BCV-B 2017-04-10 2 SRS 39.0 self 2017-09-30 planned
t "feedback import --dry-run" "$PEJL" --db "$DB" feedback import --dry-run "$F2"
"$PEJL" --db "$DB" measurements list 1A --format json >"$TMP/1a.after" 2>/dev/null
"$PEJL" --db "$DB" measurements list 1B --format json >"$TMP/1b.after" 2>/dev/null
cmp -s "$TMP/1a.before" "$TMP/1a.after" && cmp -s "$TMP/1b.before" "$TMP/1b.after" &&
	ok "a dry run leaves the computed figures" || not_ok "a dry run leaves the computed figures"

# --- the second file: many episodes (their units recomputed) --------------------------------
F3="$TMP/in/second.csv"
echo "$HEADER" >"$F3"
# E4 closes: 15.0 → 25.0 (reliable), ended 2017-09-30; SRS 39.0 (ok)
cat "$F2" | tail -n +2 >>"$F3"
# E6..E14 BCV-B, all closed in 2017: odd ones 10.0 → 16.0 (reliable), even ones 10.0 → 12.0 (not);
# E6 and E7 with SRS 37.0 (ok) and 35.9 (below)
for k in 6 7 8 9 10 11 12 13 14; do
	last=12.0
	[ $((k % 2)) -eq 1 ] && last=16.0
	r "$F3" "E$k" "$CPR_B" BCV-B 2017-05-01 1 ORS 10.0
	r "$F3" "E$k" "$CPR_B" BCV-B 2017-05-08 2 ORS "$last" self 2017-10-31 planned
done
r "$F3" E6 "$CPR_B" BCV-B 2017-05-08 2 SRS 37.0 self 2017-10-31 planned
r "$F3" E7 "$CPR_B" BCV-B 2017-05-08 2 SRS 35.9 self 2017-10-31 planned
t "feedback import of ten episodes" "$PEJL" --db "$DB" feedback import "$F3"
expect_in "episodes 9 new, 1 known" "$OUT" "nine new episodes and one known"
# 1A 2017 BCV-B: E3 yes, E4 yes, E7 E9 E11 E13 yes, E6 E8 E10 E12 E14 no: 6 of 11; BCV-A unchanged 1 of 2
cells "1A after the second import: BCV-B 6 of 11, the rest unchanged" 1A \
	'{("2017", "BCV-A"): (1, 2), ("2017", "BCV-B"): (6, 11), ("2016", "BCV-A"): (1, 1), ("2015", "BCV-B"): (1, 1)}'
# 1B 2017 BCV-B: E4 20 no, 39 yes; E6 37 yes; E7 35.9 no: 2 of 4
cells "1B after the second import: BCV-B 2 of 4" 1B \
	'{("2017", "BCV-A"): (3, 4), ("2017", "BCV-B"): (2, 4), ("2016", "BCV-A"): (1, 1)}'
status 2017
value_is "status 2017: 1A is 7 of 13" 1A 7 13
value_is "status 2017: 1B is 5 of 8" 1B 5 8
compute_unchanged "after the second import"

# --- a third file: one known episode, one new (differences again) ----------------------------
F4="$TMP/in/third.csv"
echo "$HEADER" >"$F4"
r "$F4" E2 "$CPR_B" BCV-A 2017-02-20 3 SRS 30.0 self 2017-05-31 unplanned
r "$F4" E15 "$CPR_A" BCV-A 2017-11-06 1 ORS 11.0
r "$F4" E15 "$CPR_A" BCV-A 2017-11-06 1 SRS 39.5
# E16 BCV-C: open, alliance only (no episode of BCV-C ends)
r "$F4" E16 "$CPR_B" BCV-C 2017-11-06 1 ORS 20.0
r "$F4" E16 "$CPR_B" BCV-C 2017-11-06 1 SRS 38.0
t "feedback import of one known and two new episodes" "$PEJL" --db "$DB" feedback import "$F4"
cells "1B after the third import: BCV-A 4 of 6, BCV-C 1 of 1" 1B \
	'{("2017", "BCV-A"): (4, 6), ("2017", "BCV-B"): (2, 4), ("2017", "BCV-C"): (1, 1), ("2016", "BCV-A"): (1, 1)}'
cells "1A after the third import: unchanged (E15 is open)" 1A \
	'{("2017", "BCV-A"): (1, 2), ("2017", "BCV-B"): (6, 11), ("2016", "BCV-A"): (1, 1), ("2015", "BCV-B"): (1, 1)}'
compute_unchanged "after the third import"

# --- measurements for a computed goal are refused ----------------------------------------------
"$PEJL" --db "$DB" measurements list 1A --format json >"$TMP/1a.before" 2>/dev/null
M="$TMP/in/m.csv"
printf 'goal,period,unit,value,numerator,denominator\n2A,2017,SOF,12,,\n1A,2017,BCV-A,,3,4\n' >"$M"
t_exit 1 "a measurement import with a row for computed goal 1A fails (exit 1)" "$PEJL" --db "$DB" import measurements "$M"
expect_in "m.csv:3" "$ERR" "the message names the file and line"
expect_in "1A is computed from citizens' feedback (ORS:reliable_improvement)" "$ERR" "the message names the goal and its metric"
run "$PEJL" --db "$DB" measurements list 2A --format json
pycheck "all or nothing: the good row for 2A is not stored either" 'import json, sys; assert json.loads(sys.argv[1]) == [], sys.argv[1]' "$OUT"
"$PEJL" --db "$DB" measurements list 1A --format json >"$TMP/1a.after" 2>/dev/null
cmp -s "$TMP/1a.before" "$TMP/1a.after" && ok "1A's figures are unchanged" || not_ok "1A's figures are unchanged"
printf 'goal,period,unit,value,numerator,denominator\n2A,2017,SOF,12,,\n' >"$M"
t "a measurement import for the reported goal 2A alone works" "$PEJL" --db "$DB" import measurements "$M"

# --- a later version makes 1C computed from 2017 ----------------------------------------------
S2="$TMP/in/strategy2.json"
python3 - "$S" "$S2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"][2]
old = {k: v for k, v in g.items() if k not in ("code", "main")}
g["history"] = [old]
g["metric"] = "ORS:planned_ending"
g["version"] = {"date": "2017-01-01", "decision": "2016-0000099"}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
t "strategy import of a new version of 1C with a metric" "$PEJL" --db "$DB" strategy import "$S2"
# 1C 2017: BCV-A E1 planned, E2 unplanned (1 of 2); BCV-B E3, E4, E6..E14 planned (11 of 11);
# 2016 and 2015 are under the version without a metric: no figures there
cells "1C: computed from the episodes for 2017 only, where the new version is in force" 1C \
	'{("2017", "BCV-A"): (1, 2), ("2017", "BCV-B"): (11, 11)}'
compute_unchanged "after the strategy import"
printf 'goal,period,unit,value,numerator,denominator\n1C,2016,SOF,,7,10\n' >"$M"
t "a measurement for 1C in 2016 (version without a metric) is imported" "$PEJL" --db "$DB" import measurements "$M"
printf 'goal,period,unit,value,numerator,denominator\n1C,2017,SOF,,7,10\n' >"$M"
t_exit 1 "a measurement for 1C in 2017 (version with a metric) is refused" "$PEJL" --db "$DB" import measurements "$M"
expect_in "1C is computed from citizens' feedback (ORS:planned_ending) in 2017" "$ERR" "the message names 1C, its metric and the period"

# --- bad metrics in a strategy file -------------------------------------------------------------
# bad NAME PATH JQ_PY MESSAGE: a copy of the strategy with one change (Python on d), refused by
# init and by import with exit 1, the message naming the JSON path and the reason
bad() {
	local name=$1 path=$2 change=$3 why=$4 f="$TMP/in/bad-$_n.json"
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
pm = d["strategy"]["pejlemaerker"]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
' "$S2" "$f" "$change"
	t_exit 1 "$name: init refuses it (exit 1)" "$PEJL" --db "$TMP/db/bad-$_n.db" init --strategy "$f"
	expect_in "$path" "$ERR" "$name: the message names $path"
	expect_in "$why" "$ERR" "$name: the message says why"
	run "$PEJL" --db "$TMP/db/bad-$_n.db" strategy list --format csv
	[ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" -eq 0 ] && ok "$name: nothing is loaded" ||
		not_ok "$name: nothing is loaded" "$OUT"
	t_exit 1 "$name: strategy import into the database refuses it too" "$PEJL" --db "$DB" strategy import "$f"
	expect_in "$path" "$ERR" "$name: strategy import names $path"
}
"$PEJL" --db "$DB" strategy export >"$TMP/export.before" 2>/dev/null
bad "an unknown metric name" '$.strategy.pejlemaerker[0].goals[1].metric' \
	'pm[0]["goals"][1]["metric"] = "SRS:alliance_good"' '"alliance_good" is not a metric'
bad "an unknown instrument" '$.strategy.pejlemaerker[0].goals[0].metric' \
	'pm[0]["goals"][0]["metric"] = "XYZ:reliable_improvement"' 'XYZ is not a known instrument'
bad "an alliance metric on an outcome instrument" '$.strategy.pejlemaerker[0].goals[1].metric' \
	'pm[0]["goals"][1]["metric"] = "ORS:alliance_ok"' 'ORS is an outcome instrument; alliance_ok needs an alliance one'
bad "a metric on a count goal" '$.strategy.pejlemaerker[1].goals[0].metric' \
	'pm[1]["goals"][0]["metric"] = "ORS:recovered"' 'a goal computed from feedback is a proportion (this goal'"'"'s measure is count)'
bad "a bad metric in an earlier version" '$.strategy.pejlemaerker[0].goals[2].history[0].metric' \
	'pm[0]["goals"][2]["history"][0]["metric"] = "SRS:recovered"' 'SRS is an alliance instrument; recovered needs an outcome or wellbeing one'
bad "score_above without a threshold" '$.strategy.pejlemaerker[0].goals[0].metric' \
	'pm[0]["goals"][0]["metric"] = "WHO5:score_above"' 'score_above needs a threshold'
bad "a satisfaction survey as the outcome (never an episode's form; accepted before the fix)" \
	'$.strategy.pejlemaerker[0].goals[0].metric' 'pm[0]["goals"][0]["metric"] = "SAT:score_above:3"' \
	'SAT is a satisfaction instrument'
"$PEJL" --db "$DB" strategy export >"$TMP/export.after" 2>/dev/null
cmp -s "$TMP/export.before" "$TMP/export.after" && ok "the refused imports left the strategy as it was" ||
	not_ok "the refused imports left the strategy as it was"

# --- the metric round-trips through export ------------------------------------------------------
pycheck "strategy export writes each version's metric" '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = {x["code"]: x for p in d["strategy"]["pejlemaerker"] for x in p["goals"]}
assert g["1A"]["metric"] == "ORS:reliable_improvement", g["1A"]
assert g["1B"]["metric"] == "SRS:alliance_ok", g["1B"]
assert g["1C"]["metric"] == "ORS:planned_ending" and "metric" not in g["1C"]["history"][0], g["1C"]
assert "metric" not in g["2A"], g["2A"]
' "$TMP/export.after"

# --- a later version with another metric replaces the old figures --------------------------------
S3="$TMP/in/strategy3.json"
python3 - "$S2" "$S3" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"][1]
old = {k: v for k, v in g.items() if k not in ("code", "main")}
g["history"] = [old]
g["metric"] = "ORS:planned_ending"
g["version"] = {"date": "2017-01-01", "decision": "2016-0000100"}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
t "strategy import: 1B counts planned endings from 2017" "$PEJL" --db "$DB" strategy import "$S3"
# 2016 stays under the alliance metric; 2017: BCV-A E1 planned, E2 unplanned (1 of 2), BCV-B 11 of 11,
# and BCV-C, where no episode ended, has no figure any more instead of its alliance share
cells "1B: 2017 recomputed as planned endings, BCV-C's alliance figure gone (it stayed before the fix)" 1B \
	'{("2016", "BCV-A"): (1, 1), ("2017", "BCV-A"): (1, 2), ("2017", "BCV-B"): (11, 11), ("2017", "BCV-C"): (0, 0)}'
status 2017
value_is "status 2017: 1B is 12 of 13 planned endings, no alliance scores mixed in" 1B 12 13
compute_unchanged "after the metric changed"

done_testing
