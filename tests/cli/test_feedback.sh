# tests/cli/test_feedback.sh — citizen feedback through the CLI (DESIGN §4, §5, §7):
# keygen and `feedback import` of adult ORS/SRS and child CORS/CSRS episodes with a
# collateral rater and skipped sessions; `feedback outcomes` (the DESIGN §7 example
# exactly, every class with worked numbers and their boundaries, age bands from CPR birth
# dates and the century rule, under 6 recorded but not scored, a zero is a score and a
# skipped form is not, collateral ratings apart, alerts on open episodes only, --format
# csv); privacy (no CPR number in the database, in any output or message, or in the
# access log; 64-hex pseudonyms, the same for the same CPR); import errors as
# FILE:LINE:COL, all or nothing; re-import adds nothing, a changed score is refused; key
# file permissions; sessions added by later files; one access-log entry per episode read;
# retention. Checks that assert behaviour the code lacked when written (a CPR number in the
# wrong column echoed in a message, an episode code that is a CPR number, an instrument
# that does not fit the age band, an alliance form imported after its episode) name it.
. "$ROOT/tests/cli/lib.sh"

# Every output and message goes into one transcript, searched for CPR numbers at the end.
TRANSCRIPT="$TMP/transcript"
: >"$TRANSCRIPT"
run() {
	OUT=$("$@" 2>"$TMP/.stderr"); RC=$?
	ERR=$(cat "$TMP/.stderr")
	printf '%s\n%s\n' "$OUT" "$ERR" >>"$TRANSCRIPT"
}
pycheck() {
	local name=$1 script=$2; shift 2
	t "$name" python3 -c "$script" "$@"
}

mkdir -p "$TMP/db" "$TMP/keys" "$TMP/in"
DB="$TMP/db/fb.db"
KEY="$TMP/keys/pejl.key"
export PEJL_KEY="$KEY"

# The citizens. Birth dates from DDMMYY and the 7th digit: 0–3 → 1900s; 4 and 9 → 2000s if
# YY ≤ 36, else 1900s; 5–8 → 2000s if YY ≤ 57, else 1800s.
CPR_A=010180-1237        # 1980-01-01, adult
CPR_A_PLAIN=0101801237   # the same number without the dash
CPR_B=150775-2341        # 1975-07-15, adult
CPR_T=290200-4321        # 2000-02-29 (4, YY 00 → 2000, a leap year): 16 in January 2017, adolescent
CPR_C=010608-5123        # 2008-06-01 (5, YY 08 → 2008): 8, child
CPR_U=050513-9123        # 2013-05-05 (9, YY 13 → 2013): 3, under 6
CPR_O=010140-4111        # 1940-01-01 (4, YY 40 > 36 → 1900s), adult
CPR_Q=010158-6222        # 1858-01-01 (6, YY 58 > 57 → 1800s): 159 in 2017, refused
CPR_R=010157-7222        # 2057-01-01 (7, YY 57 ≤ 57 → 2000s): not born in 2017, refused
CPR_BADDAY=320180-1237   # day 32
CPR_1900=290200-1321     # 29 February 1900 (0–3 → 1900s): not a leap year
ALL_CPR="$CPR_A $CPR_B $CPR_T $CPR_C $CPR_U $CPR_O $CPR_Q $CPR_R $CPR_BADDAY $CPR_1900"

HEADER=episode,cpr,unit,practitioner,date,session,instrument,i1,i2,i3,i4,rater,skipped,end_date,end_reason

# items TOTAL: four items in tenths that sum to TOTAL exactly (16.3 → 4.1,4.1,4.1,4.0).
items() {
	awk -v t="$1" 'BEGIN { n = int(t * 10 + 0.5); q = int(n / 4); r = n % 4
		for (i = 0; i < 4; i++) { v = q + (i < r); printf "%s%d.%d", (i ? "," : ""), int(v / 10), v % 10 } }'
}
# sdate N: the date of session N (weekly from 2017-01-02).
sdate() { date -u -d "2017-01-02 +$((($1 - 1) * 7)) days" +%F; }
# r FILE EPISODE CPR UNIT SESSION INSTRUMENT TOTAL [RATER [SKIPPED [END_DATE [END_REASON]]]]
# appends one row; TOTAL "-" leaves the items empty.
r() {
	local f=$1 ep=$2 cpr=$3 unit=$4 s=$5 in=$6 tot=$7 rater=${8-self} skipped=${9-0} end=${10-} reason=${11-} it=",,,"
	[ "$tot" != - ] && it=$(items "$tot")
	printf '%s,%s,%s,anna,%s,%s,%s,%s,%s,%s,%s,%s\n' "$ep" "$cpr" "$unit" "$(sdate "$s")" "$s" "$in" "$it" \
		"$rater" "$skipped" "$end" "$reason" >>"$f"
}
END=2017-06-30

# outcomes [ARGS...]: `feedback outcomes --format json` into $TMP/out.json.
outcomes() {
	run "$PEJL" --db "$DB" feedback outcomes "$@"
	printf '%s\n' "$OUT" >"$TMP/out.json"
}
# oc NAME EPISODE RATER WANT: the outcome of EPISODE for RATER has every key of WANT (a
# Python dict; "alerts" is compared as the list of alert codes; numbers exactly, booleans
# as booleans).
oc() {
	pycheck "$1" '
import json, sys
d = json.load(open(sys.argv[1]))
ep, rater, want = sys.argv[2], sys.argv[3], eval(sys.argv[4])
m = [o for o in d if o["episode"] == ep and o["rater"] == rater]
assert len(m) == 1, "%d outcomes for %s/%s" % (len(m), ep, rater)
o = m[0]
bad = {}
for k, v in want.items():
    got = o.get(k, "<missing>")
    if k == "alerts":
        got = [a["code"] for a in got]
    if isinstance(v, bool) or v is None or isinstance(got, bool):
        same = got is v
    elif isinstance(v, (int, float)):
        same = isinstance(got, (int, float)) and float(got) == float(v)
    else:
        same = got == v
    if not same:
        bad[k] = ("got", got, "want", v)
assert not bad, bad
' "$TMP/out.json" "$2" "$3" "$4"
}
# access_lines: every access-log line, newest first.
access_lines() { "$PEJL" --db "$DB" access log --limit 100000; }
access_count() { access_lines | grep -c .; }

# --- keygen, init ------------------------------------------------------------------------
t "init" "$PEJL" --db "$DB" init
t "keygen" "$PEJL" --db "$DB" keygen --out "$KEY"
[ "$(stat -c %a "$KEY")" = 600 ] && ok "the key has mode 0600" || not_ok "the key has mode 0600"

# --- the main file -------------------------------------------------------------------------
F="$TMP/in/feedback.csv"
echo "$HEADER" >"$F"
# E1: the DESIGN §7 example, open: intake 18.0, latest 26.0; SRS 38 twice; session 3 skipped
r "$F" E1 "$CPR_A" BCV 1 ORS 18.0
r "$F" E1 "$CPR_A" BCV 1 SRS 38.0
r "$F" E1 "$CPR_A" BCV 2 ORS 26.0
r "$F" E1 "$CPR_A" BCV 2 SRS 38.0
r "$F" E1 "$CPR_A" BCV 3 ORS - self 1
# closed episodes (ended 2017-06-30): one per class and boundary
r "$F" E2 "$CPR_A_PLAIN" BCV 1 ORS 16.3                   # the same citizen as E1, no dash
r "$F" E2 "$CPR_A_PLAIN" BCV 2 ORS 21.3 self 0 $END planned # +5.0 exactly: reliable, below 25: improved
r "$F" E3 "$CPR_B" BCV 1 ORS 16.3
r "$F" E3 "$CPR_B" BCV 2 ORS 21.2 self 0 $END planned    # +4.9: not reliable: unchanged
r "$F" E4 "$CPR_B" BCV 1 ORS 20.0
r "$F" E4 "$CPR_B" BCV 2 ORS 25.0 self 0 $END unplanned  # latest exactly 25.0: crossed: recovered
r "$F" E5 "$CPR_B" BCV 1 ORS 25.0
r "$F" E5 "$CPR_B" BCV 2 ORS 30.0 self 0 $END planned    # intake exactly 25.0: above, not crossed: improved
r "$F" E6 "$CPR_B" BCV 1 ORS 30.0                         # would raise every alert, but closed
r "$F" E6 "$CPR_B" BCV 1 SRS 30.0
r "$F" E6 "$CPR_B" BCV 2 ORS 24.0
r "$F" E6 "$CPR_B" BCV 2 SRS 28.0
r "$F" E6 "$CPR_B" BCV 3 ORS 23.0
r "$F" E6 "$CPR_B" BCV 3 SRS 27.0 self 0 $END unplanned
r "$F" E7 "$CPR_B" BCV 1 ORS 30.0
r "$F" E7 "$CPR_B" BCV 2 ORS 25.0 self 0 $END planned    # −5.0 exactly: reliable deterioration
r "$F" E7B "$CPR_B" BCV 1 ORS 30.0
r "$F" E7B "$CPR_B" BCV 2 ORS 25.1 self 0 $END planned   # −4.9: unchanged
r "$F" E8 "$CPR_B" BCV 1 ORS 18.0
r "$F" E8 "$CPR_B" BCV 2 ORS - self 1 $END planned       # skipped: not a score: insufficient
r "$F" E9 "$CPR_B" BCV 1 ORS 0.0                          # a zero is a score
r "$F" E9 "$CPR_B" BCV 2 ORS 5.0 self 0 $END planned     # 0.0 → 5.0: improved
# open episodes and their alerts
r "$F" A1 "$CPR_B" BCV 1 ORS 20.0
r "$F" A1 "$CPR_B" BCV 1 SRS 35.9                         # alliance below 36
r "$F" A1B "$CPR_B" BCV 1 ORS 20.0
r "$F" A1B "$CPR_B" BCV 1 SRS 36.0                        # exactly 36: not below
r "$F" A2 "$CPR_B" BCV 1 ORS 20.0
r "$F" A2 "$CPR_B" BCV 1 SRS 39.0
r "$F" A2 "$CPR_B" BCV 2 ORS 22.0
r "$F" A2 "$CPR_B" BCV 2 SRS 38.0                         # fell exactly 1.0
r "$F" A2B "$CPR_B" BCV 1 ORS 20.0
r "$F" A2B "$CPR_B" BCV 1 SRS 39.0
r "$F" A2B "$CPR_B" BCV 2 ORS 22.0
r "$F" A2B "$CPR_B" BCV 2 SRS 38.1                        # fell 0.9
for s in 1 2 3; do r "$F" A3 "$CPR_B" BCV $s SRS 38.0; done
r "$F" A3 "$CPR_B" BCV 1 ORS 20.0
r "$F" A3 "$CPR_B" BCV 2 ORS 21.0
r "$F" A3 "$CPR_B" BCV 3 ORS 20.0                         # change 0 at session 3: no_change
r "$F" A3B "$CPR_B" BCV 1 ORS 20.0
r "$F" A3B "$CPR_B" BCV 2 ORS 21.0
r "$F" A3B "$CPR_B" BCV 3 ORS 20.1                        # change +0.1: none
s=1; for tot in 20.0 21.0 22.0 23.0 23.0 24.0; do r "$F" A4 "$CPR_B" BCV $s ORS $tot; s=$((s + 1)); done  # +4 at 6
s=1; for tot in 20.0 21.0 22.0 23.0 24.0; do r "$F" A4B "$CPR_B" BCV $s ORS $tot; s=$((s + 1)); done     # +4 at 5
r "$F" A5 "$CPR_B" BCV 1 ORS 24.0
r "$F" A5 "$CPR_B" BCV 2 ORS 19.0                         # −5.0: reliable deterioration
r "$F" A5B "$CPR_B" BCV 1 ORS 24.0
r "$F" A5B "$CPR_B" BCV 2 ORS 19.1                        # −4.9: none
# age bands
r "$F" T1 "$CPR_T" BBU 1 ORS 26.0                         # adolescent: cutoff 28
r "$F" T1 "$CPR_T" BBU 2 ORS 31.0
r "$F" C1 "$CPR_C" BBU 1 CORS 28.0                        # child: cutoff 32
r "$F" C1 "$CPR_C" BBU 1 CSRS 38.0
r "$F" C1 "$CPR_C" BBU 1 CORS 20.0 mor                    # a collateral rater
r "$F" C1 "$CPR_C" BBU 2 CORS 33.0
r "$F" C1 "$CPR_C" BBU 2 CSRS 38.0
r "$F" C1 "$CPR_C" BBU 2 CORS 22.0 mor
r "$F" U1 "$CPR_U" BBU 1 CORS 10.0                        # under 6: recorded, not scored
r "$F" U1 "$CPR_U" BBU 1 CSRS 30.0
r "$F" U1 "$CPR_U" BBU 2 CORS 30.0
r "$F" U1 "$CPR_U" BBU 2 CSRS 25.0
r "$F" O1 "$CPR_O" BCV 1 ORS 20.0
NROWS=$(($(wc -l <"$F") - 1))
NEPISODES=24
CLOSED="E2 E3 E4 E5 E6 E7 E7B E8 E9"
OPEN="E1 A1 A1B A2 A2B A3 A3B A4 A4B A5 A5B T1 C1 U1 O1"

t "feedback import of the main file" "$PEJL" --db "$DB" feedback import "$F"
expect_in "feedback.csv: $NROWS rows; episodes $NEPISODES new, 0 known; forms $NROWS new, 0 unchanged." "$OUT" \
	"the summary counts every row, episode and form"
expect_not_in "error" "$ERR" "a good file gives no errors"

t "feedback outcomes --format json" "$PEJL" --db "$DB" feedback outcomes --format json
printf '%s\n' "$OUT" >"$TMP/out.json"
cp "$TMP/out.json" "$TMP/out.first.json"
pycheck "outcomes: one self outcome per episode and one for the collateral rater" '
import json, sys
d = json.load(open(sys.argv[1]))
self_ = sorted(o["episode"] for o in d if o["rater"] == "self")
assert len(self_) == int(sys.argv[2]) and len(set(self_)) == len(self_), self_
assert sorted((o["episode"], o["rater"]) for o in d if o["rater"] != "self") == [("C1", "mor")], d
' "$TMP/out.json" "$NEPISODES"
pycheck "the DESIGN §7 example is reproduced exactly" '
import json, sys
d = json.load(open(sys.argv[1]))
o = [o for o in d if o["episode"] == "E1" and o["rater"] == "self"][0]
want = {"episode": "E1", "age_band": "adult", "instrument": "ORS", "intake": 18.0, "latest": 26.0, "change": 8.0,
        "reliable_improvement": True, "reliable_deterioration": False, "crossed_cutoff": True,
        "intake_above_cutoff": False, "class": "recovered", "alerts": []}
for k, v in want.items():
    assert k in o, k
    assert (o[k] is v) if isinstance(v, bool) else (o[k] == v and not isinstance(o[k], bool)), (k, o[k], v)
' "$TMP/out.json"
oc "a skipped session after the latest score leaves latest at 26.0 (not a zero)" E1 self \
	'{"latest": 26.0, "change": 8.0, "open": True}'

# classes and boundaries
oc "change exactly +5.0 (16.3 → 21.3) is reliable: improved" E2 self \
	'{"intake": 16.3, "latest": 21.3, "change": 5.0, "reliable_improvement": True, "crossed_cutoff": False, "intake_above_cutoff": False, "class": "improved", "open": False}'
oc "change +4.9 (16.3 → 21.2) is not reliable: unchanged" E3 self \
	'{"intake": 16.3, "latest": 21.2, "change": 4.9, "reliable_improvement": False, "reliable_deterioration": False, "class": "unchanged"}'
oc "latest exactly at the cutoff 25.0 has crossed it: recovered" E4 self \
	'{"intake": 20.0, "latest": 25.0, "change": 5.0, "reliable_improvement": True, "crossed_cutoff": True, "intake_above_cutoff": False, "class": "recovered"}'
oc "intake exactly 25.0 is above the cutoff (below is strict), not crossed: improved" E5 self \
	'{"intake": 25.0, "latest": 30.0, "change": 5.0, "reliable_improvement": True, "crossed_cutoff": False, "intake_above_cutoff": True, "class": "improved"}'
oc "30.0 → 23.0 is deteriorated" E6 self \
	'{"intake": 30.0, "latest": 23.0, "change": -7.0, "reliable_deterioration": True, "reliable_improvement": False, "class": "deteriorated"}'
oc "change exactly −5.0 is reliable deterioration" E7 self \
	'{"change": -5.0, "reliable_deterioration": True, "class": "deteriorated"}'
oc "change −4.9 is not reliable deterioration: unchanged" E7B self \
	'{"change": -4.9, "reliable_deterioration": False, "class": "unchanged"}'
oc "one score and a skipped session is insufficient (skipped is no score)" E8 self \
	'{"intake": 18.0, "latest": 18.0, "change": None, "reliable_improvement": False, "class": "insufficient"}'
oc "a zero is a score: 0.0 → 5.0 is improved" E9 self \
	'{"intake": 0.0, "latest": 5.0, "change": 5.0, "reliable_improvement": True, "class": "improved"}'

# age bands from the CPR's birth date
oc "born 2000-02-29 (7th digit 4, YY 00): adolescent, cutoff 28: 26.0 → 31.0 recovered" T1 self \
	'{"age_band": "adolescent", "instrument": "ORS", "intake": 26.0, "latest": 31.0, "crossed_cutoff": True, "intake_above_cutoff": False, "class": "recovered"}'
oc "born 2008 (7th digit 5, YY 08): child, CORS, cutoff 32: 28.0 → 33.0 recovered" C1 self \
	'{"age_band": "child", "instrument": "CORS", "intake": 28.0, "latest": 33.0, "change": 5.0, "crossed_cutoff": True, "intake_above_cutoff": False, "class": "recovered", "alerts": []}'
oc "born 2013 (7th digit 9, YY 13): under 6 is recorded but not scored, and has no alerts" U1 self \
	'{"age_band": "under6", "instrument": "CORS", "intake": 10.0, "latest": 30.0, "change": 20.0, "reliable_improvement": False, "crossed_cutoff": False, "class": "not_scored", "open": True, "alerts": []}'
oc "7th digit 4 with YY 40 is 1940: adult" O1 self '{"age_band": "adult", "class": "insufficient"}'

# collateral ratings apart
oc "the collateral rater mor is reported apart (rater field): 20.0 → 22.0 unchanged" C1 mor \
	'{"rater": "mor", "instrument": "CORS", "intake": 20.0, "latest": 22.0, "change": 2.0, "class": "unchanged", "alerts": []}'
pycheck "the self outcome of C1 is listed before its collateral outcome" '
import json, sys
d = json.load(open(sys.argv[1]))
k = [(o["episode"], o["rater"]) for o in d]
assert k.index(("C1", "self")) < k.index(("C1", "mor")), k
' "$TMP/out.json"

# alerts: open episodes only
oc "alliance 35.9 is below 36: alliance_low" A1 self '{"alerts": ["alliance_low"]}'
oc "alliance exactly 36.0 is not below 36: no alert" A1B self '{"alerts": []}'
oc "alliance 39.0 → 38.0 fell exactly 1: alliance_drop" A2 self '{"alerts": ["alliance_drop"]}'
oc "alliance 39.0 → 38.1 fell 0.9: no alert" A2B self '{"alerts": []}'
oc "change 0 at session 3: no_change" A3 self '{"change": 0.0, "class": "unchanged", "alerts": ["no_change"]}'
oc "change +0.1 at session 3: no alert" A3B self '{"alerts": []}'
oc "no reliable improvement at session 6: no_reliable_improvement" A4 self \
	'{"change": 4.0, "alerts": ["no_reliable_improvement"]}'
oc "no reliable improvement at session 5: not yet" A4B self '{"change": 4.0, "alerts": []}'
oc "reliable deterioration −5.0 on an open episode: reliable_deterioration" A5 self \
	'{"change": -5.0, "class": "deteriorated", "alerts": ["reliable_deterioration"]}'
oc "−4.9 on an open episode: no alert" A5B self '{"alerts": []}'
oc "a closed episode has no alerts (deterioration, no change, low and falling alliance)" E6 self \
	'{"open": False, "alerts": []}'
pycheck "no closed episode has alerts" '
import json, sys
d = json.load(open(sys.argv[1]))
bad = [(o["episode"], o["alerts"]) for o in d if o["episode"] in sys.argv[2].split() and o["alerts"]]
assert not bad, bad
assert all(o["open"] is False for o in d if o["episode"] in sys.argv[2].split())
' "$TMP/out.json" "$CLOSED"
pycheck "alerts name their session and numbers" '
import json, sys
d = json.load(open(sys.argv[1]))
a = [o for o in d if o["episode"] == "A1" and o["rater"] == "self"][0]["alerts"][0]
assert a["session"] == 1 and a["value"] == 35.9 and a["threshold"] == 36, a
assert "35.9" in a["en"] and "36" in a["en"] and "35,9" in a["da"], a
a = [o for o in d if o["episode"] == "A4" and o["rater"] == "self"][0]["alerts"][0]
assert a["session"] == 6 and a["value"] == 4, a
' "$TMP/out.json"

# --unit
t "feedback outcomes --unit BBU" "$PEJL" --db "$DB" feedback outcomes --unit BBU --format json
pycheck "--unit BBU gives only the BBU episodes" '
import json, sys
d = json.loads(sys.argv[1])
assert sorted({o["episode"] for o in d}) == ["C1", "T1", "U1"], d
assert all(o["unit"] == "BBU" for o in d), d
' "$OUT"

# --- CSV --------------------------------------------------------------------------------------
t "feedback outcomes --format csv" "$PEJL" --db "$DB" feedback outcomes --format csv
printf '%s\n' "$OUT" >"$TMP/out.csv"
pycheck "--format csv parses with python csv and agrees with the JSON" '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head, body = rows[0], [r for r in rows[1:] if r]
for col in ("episode", "rater", "age_band", "instrument", "intake", "latest", "change", "reliable_improvement",
            "reliable_deterioration", "crossed_cutoff", "intake_above_cutoff", "class", "alerts"):
    assert col in head, (col, head)
assert all(len(r) == len(head) for r in body), [r for r in body if len(r) != len(head)]
d = json.load(open(sys.argv[2]))
assert len(body) == len(d), (len(body), len(d))
byk = {(r[head.index("episode")], r[head.index("rater")]): dict(zip(head, r)) for r in body}
for o in d:
    c = byk[(o["episode"], o["rater"])]
    assert c["class"] == o["class"] and c["age_band"] == o["age_band"] and c["instrument"] == o["instrument"], (c, o)
    for k in ("intake", "latest", "change"):
        assert (c[k] == "") if o[k] is None else float(c[k]) == o[k], (k, c, o)
    for k in ("reliable_improvement", "reliable_deterioration", "crossed_cutoff", "intake_above_cutoff"):
        assert c[k] in ("0", "1", "true", "false"), (k, c[k])
        assert (c[k] in ("1", "true")) == o[k], (k, c, o)
    assert sorted(c["alerts"].split()) == sorted(a["code"] for a in o["alerts"]), (c, o)
e1 = byk[("E1", "self")]
assert (e1["intake"], e1["latest"], e1["change"], e1["class"]) == ("18", "26", "8", "recovered") or \
       (float(e1["intake"]), float(e1["latest"]), float(e1["change"])) == (18.0, 26.0, 8.0), e1
' "$TMP/out.csv" "$TMP/out.first.json"

# --- pseudonyms and the access log --------------------------------------------------------------
before=$(access_count)
t "feedback outcomes (all)" "$PEJL" --db "$DB" feedback outcomes
after=$(access_count)
[ "$after" -eq $((before + NEPISODES)) ] && ok "outcomes writes one access-log entry per episode read ($NEPISODES)" ||
	not_ok "outcomes writes one access-log entry per episode read ($NEPISODES)" "before $before, after $after"
before=$after
t "feedback outcomes --unit BBU (again)" "$PEJL" --db "$DB" feedback outcomes --unit BBU
after=$(access_count)
[ "$after" -eq $((before + 3)) ] && ok "--unit BBU logs its 3 episodes only" ||
	not_ok "--unit BBU logs its 3 episodes only" "before $before, after $after"
t "access log" "$PEJL" --db "$DB" access log --limit 100000
printf '%s\n' "$OUT" >"$TMP/access.txt"
pycheck "access-log entries name the episode and a 64-hex pseudonym; the same CPR gives the same pseudonym" '
import re, sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
last = lines[3:3 + int(sys.argv[2])]       # the full outcomes run, after the 3 BBU reads (newest first)
ps = {}
for f in last:
    assert len(f) == 6, f
    at, actor, what, ep, p, via = f
    assert what == "feedback.outcomes", f
    assert re.fullmatch(r"[0-9a-f]{64}", p), f
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", at), f
    ps[ep] = p
assert len(ps) == int(sys.argv[2]), sorted(ps)
assert ps["E1"] == ps["E2"], "CPR with and without the dash: another pseudonym"
b = [ps[e] for e in ("E3", "E4", "A1", "A5B")]
assert len(set(b)) == 1, b
others = [ps[e] for e in ("E1", "E3", "T1", "C1", "U1", "O1")]
assert len(set(others)) == len(others), others
' "$TMP/access.txt" "$NEPISODES"
for c in $ALL_CPR; do
	expect_not_in "$c" "$OUT" "the access log does not show $c"
	expect_not_in "${c%-*}${c#*-}" "$OUT" "the access log does not show ${c%-*}${c#*-}"
done

# --- importing again, changed scores -------------------------------------------------------------
t "importing the same file again" "$PEJL" --db "$DB" feedback import "$F"
expect_in "episodes 0 new, $NEPISODES known; forms 0 new, $NROWS unchanged." "$OUT" "the same file again adds nothing"
t "outcomes after the second import" "$PEJL" --db "$DB" feedback outcomes
printf '%s\n' "$OUT" >"$TMP/out.json"
cmp -s "$TMP/out.json" "$TMP/out.first.json" && ok "outcomes are unchanged by the second import" ||
	not_ok "outcomes are unchanged by the second import" "$(diff "$TMP/out.first.json" "$TMP/out.json" | head -n 20)"

# same_as_first NAME: outcomes are still those of the first import.
same_as_first() {
	outcomes
	if cmp -s "$TMP/out.json" "$TMP/out.first.json"; then ok "$1"; else
		not_ok "$1" "$(diff "$TMP/out.first.json" "$TMP/out.json" | head -n 20)"
	fi
}

CH="$TMP/in/changed.csv"
echo "$HEADER" >"$CH"
r "$CH" NEW1 "$CPR_B" BCV 1 ORS 20.0
r "$CH" E1 "$CPR_A" BCV 1 ORS 18.1
t_exit 1 "a changed score for a stored session is refused (exit 1)" "$PEJL" --db "$DB" feedback import "$CH"
expect_in "$CH:3:" "$ERR" "the refusal names the file and line 3"
same_as_first "a refused change stores nothing (not even the new episode on line 2)"

CS="$TMP/in/skipchange.csv"
echo "$HEADER" >"$CS"
r "$CS" E8 "$CPR_B" BCV 2 ORS 18.0
t_exit 1 "a score for a session stored as skipped is refused (exit 1)" "$PEJL" --db "$DB" feedback import "$CS"
same_as_first "nothing changes after the refused skipped → score"

CC="$TMP/in/othercpr.csv"
echo "$HEADER" >"$CC"
r "$CC" E1 "$CPR_B" BCV 4 ORS 20.0
t_exit 1 "a stored episode given with another CPR number is refused (exit 1)" "$PEJL" --db "$DB" feedback import "$CC"
expect_in "$CC:2:" "$ERR" "the refusal names the file and line"
same_as_first "nothing changes after another CPR for a stored episode"

CU="$TMP/in/otherunit.csv"
echo "$HEADER" >"$CU"
r "$CU" E1 "$CPR_A" BCH 4 ORS 20.0
t_exit 1 "a stored episode given at another unit is refused (exit 1)" "$PEJL" --db "$DB" feedback import "$CU"
same_as_first "nothing changes after another unit for a stored episode"

CE="$TMP/in/otherend.csv"
echo "$HEADER" >"$CE"
r "$CE" E2 "$CPR_A" BCV 2 ORS 21.3 self 0 2017-07-31 planned
t_exit 1 "another end date for a closed episode is refused (exit 1)" "$PEJL" --db "$DB" feedback import "$CE"
same_as_first "nothing changes after another end date"

DR="$TMP/in/dry.csv"
echo "$HEADER" >"$DR"
r "$DR" NEW1 "$CPR_B" BCV 1 ORS 20.0
t "--dry-run of a good file" "$PEJL" --db "$DB" feedback import --dry-run "$DR"
expect_in "Dry run, nothing stored." "$OUT" "--dry-run says nothing was stored"
same_as_first "--dry-run stores nothing"

# --- import errors: FILE:LINE:COL, all or nothing --------------------------------------------------
# bad_file NAME LINES_REGEX COLS_REGEX WORD: the file $TMP/in/NAME.csv (header, a good new
# episode on line 2, then the bad rows) is refused with exit 1 and a message
# FILE:LINE:COL: naming WORD, and nothing is stored.
bad_file() {
	local f="$TMP/in/$1.csv" lines=$2 cols=$3 word=$4
	t_exit 1 "$1: refused with exit 1" "$PEJL" --db "$DB" feedback import "$f"
	BAD_ERR=$ERR
	if printf '%s\n' "$ERR" | grep -F "$f:" | grep -Eq "/$1\\.csv:($lines):($cols): .*$word"; then
		ok "$1: reported as FILE:LINE:COL naming $word"
	else
		not_ok "$1: reported as FILE:LINE:COL naming $word" "wanted $f:($lines):($cols): …$word…, got: $ERR"
	fi
	expect_in "nothing was imported" "$ERR" "$1: says nothing was imported"
	same_as_first "$1: nothing stored"
}
# new_bad NAME: starts $TMP/in/NAME.csv with the header and a good row.
new_bad() { echo "$HEADER" >"$TMP/in/$1.csv"; r "$TMP/in/$1.csv" NEW1 "$CPR_B" BCV 1 ORS 20.0; }

new_bad cpr_date; r "$TMP/in/cpr_date.csv" NEW2 "$CPR_BADDAY" BCV 1 ORS 20.0
bad_file cpr_date 3 2 cpr
new_bad cpr_century; r "$TMP/in/cpr_century.csv" NEW2 "$CPR_1900" BCV 1 ORS 20.0
bad_file cpr_century 3 2 cpr
new_bad unit; r "$TMP/in/unit.csv" NEW2 "$CPR_B" NOPE 1 ORS 20.0
bad_file unit 3 3 unit
new_bad instrument; r "$TMP/in/instrument.csv" NEW2 "$CPR_B" BCV 1 XYZ 20.0
bad_file instrument 3 7 instrument
new_bad range; echo "NEW2,$CPR_B,BCV,anna,2017-01-02,1,ORS,5.0,5.0,10.5,5.0,self,0,," >>"$TMP/in/range.csv"
bad_file range 3 10 i3
new_bad decimals; echo "NEW2,$CPR_B,BCV,anna,2017-01-02,1,ORS,5.0,7.25,5.0,5.0,self,0,," >>"$TMP/in/decimals.csv"
bad_file decimals 3 9 i2
new_bad skipped_scores; r "$TMP/in/skipped_scores.csv" NEW2 "$CPR_B" BCV 1 ORS 20.0 self 1
bad_file skipped_scores 3 '8|13' skipped
new_bad end_no_reason; r "$TMP/in/end_no_reason.csv" NEW2 "$CPR_B" BCV 1 ORS 20.0 self 0 $END ""
bad_file end_no_reason 3 '14|15' end_
new_bad duplicate; r "$TMP/in/duplicate.csv" NEW2 "$CPR_B" BCV 1 ORS 20.0; r "$TMP/in/duplicate.csv" NEW2 "$CPR_B" BCV 1 ORS 22.0
bad_file duplicate '3|4' '[0-9]+' session
expect_in "line" "$BAD_ERR" "duplicate: the message names the other line"
new_bad two_cpr; r "$TMP/in/two_cpr.csv" NEW2 "$CPR_A" BCV 1 ORS 20.0; r "$TMP/in/two_cpr.csv" NEW2 "$CPR_B" BCV 2 ORS 22.0
bad_file two_cpr '3|4' 2 cpr
new_bad not_born; r "$TMP/in/not_born.csv" NEW2 "$CPR_U" BBU 1 CORS 20.0
sed -i 's/^NEW2,\([^,]*\),BBU,anna,2017-01-02/NEW2,\1,BBU,anna,2012-01-02/' "$TMP/in/not_born.csv"
bad_file not_born 3 '[0-9]+' cpr
new_bad cpr_1800s; r "$TMP/in/cpr_1800s.csv" NEW2 "$CPR_Q" BCV 1 ORS 20.0
bad_file cpr_1800s 3 2 cpr
new_bad cpr_2057; r "$TMP/in/cpr_2057.csv" NEW2 "$CPR_R" BCV 1 ORS 20.0
bad_file cpr_2057 3 2 cpr
# The next three go to a fresh database each, so that a file wrongly taken in does not
# upset the checks after them. scratch_refused NAME LINES_REGEX COLS_REGEX WORD: as
# bad_file, and the fresh database has no episode afterwards.
scratch_refused() {
	local f="$TMP/in/$1.csv" sdb="$TMP/db/scratch-$1.db" got
	"$PEJL" --db "$sdb" init >/dev/null 2>&1
	t_exit 1 "$1: refused with exit 1" "$PEJL" --db "$sdb" feedback import "$f"
	if printf '%s\n' "$ERR" | grep -Eq "/$1\\.csv:($2):($3): .*$4"; then
		ok "$1: reported as FILE:LINE:COL naming $4"
	else
		not_ok "$1: reported as FILE:LINE:COL naming $4" "wanted $f:($2):($3): …$4…, got: $ERR"
	fi
	got=$("$PEJL" --db "$sdb" feedback outcomes 2>&1)
	[ "$got" = "[]" ] && ok "$1: nothing stored" || not_ok "$1: nothing stored" "$(printf '%s' "$got" | head -c 300)"
}
# an episode code that is a CPR number would store the number: refused
new_bad cpr_as_episode; r "$TMP/in/cpr_as_episode.csv" "${CPR_B%-*}${CPR_B#*-}" "$CPR_B" BCV 1 ORS 20.0
scratch_refused cpr_as_episode 3 1 episode
# the instrument follows the age band (DESIGN §4: adult → ORS/SRS, child → CORS/CSRS)
new_bad adult_cors; r "$TMP/in/adult_cors.csv" NEW2 "$CPR_B" BCV 1 CORS 20.0
scratch_refused adult_cors 3 '[0-9]+' '(CORS|instrument|age)'
new_bad child_ors; r "$TMP/in/child_ors.csv" NEW2 "$CPR_C" BBU 1 ORS 20.0
scratch_refused child_ors 3 '[0-9]+' '(ORS|instrument|age)'
# every problem is reported, not just the first
new_bad two_errors; r "$TMP/in/two_errors.csv" NEW2 "$CPR_B" NOPE 1 ORS 20.0; r "$TMP/in/two_errors.csv" NEW3 "$CPR_B" BCV 1 XYZ 20.0
t_exit 1 "a file with two mistakes is refused" "$PEJL" --db "$DB" feedback import "$TMP/in/two_errors.csv"
expect_in "two_errors.csv:3:3:" "$ERR" "the first mistake is reported (line 3, unit)"
expect_in "two_errors.csv:4:7:" "$ERR" "the second mistake is reported (line 4, instrument)"
# a CPR number in the wrong column is not echoed back either
SW="$TMP/in/swapped.csv"
echo "$HEADER" >"$SW"
echo "NEW2,BCV,$CPR_B,anna,2017-01-02,1,ORS,5.0,5.0,5.0,5.0,self,0,," >>"$SW"
t_exit 1 "cpr and unit swapped: refused" "$PEJL" --db "$DB" feedback import "$SW"
expect_not_in "$CPR_B" "$ERR" "a CPR number in the unit column is not echoed in the message"

# --- key file -----------------------------------------------------------------------------------
cp "$KEY" "$TMP/keys/open.key"
chmod 644 "$TMP/keys/open.key"
t_exit 4 "a key file with mode 0644 is refused (exit 4)" "$PEJL" --db "$DB" feedback import --key "$TMP/keys/open.key" "$DR"
expect_in "$TMP/keys/open.key" "$ERR" "the refusal names the key file"
t_exit 4 "PEJL_KEY naming a 0644 key is refused (exit 4)" env PEJL_KEY="$TMP/keys/open.key" "$PEJL" --db "$DB" feedback import "$DR"
t_exit 3 "a missing key file exits 3" "$PEJL" --db "$DB" feedback import --key "$TMP/keys/none.key" "$DR"
expect_in "$TMP/keys/none.key" "$ERR" "the message names the missing key file"
same_as_first "nothing is stored without a usable key"
"$PEJL" keygen --out "$TMP/keys/other.key" >/dev/null 2>&1
t "another key imports the same rows" "$PEJL" --db "$TMP/db/other.db" init
t "import with another key" "$PEJL" --db "$TMP/db/other.db" feedback import --key "$TMP/keys/other.key" "$F"
"$PEJL" --db "$TMP/db/other.db" feedback outcomes >/dev/null 2>&1
run "$PEJL" --db "$TMP/db/other.db" access log --limit 100000
p_other=$(printf '%s\n' "$OUT" | awk '$4 == "E1" { print $5; exit }')
p_main=$(awk '$4 == "E1" { print $5; exit }' "$TMP/access.txt")
[ -n "$p_other" ] && [ -n "$p_main" ] && [ "$p_other" != "$p_main" ] && ok "the pseudonym depends on the key" ||
	not_ok "the pseudonym depends on the key" "main $p_main, other $p_other"

# --- setting the end later ---------------------------------------------------------------------
EN="$TMP/in/end.csv"
echo "$HEADER" >"$EN"
r "$EN" O1 "$CPR_O" BCV 2 ORS 21.0 self 0 2017-03-01 planned
t "an end date for an open episode is taken later" "$PEJL" --db "$DB" feedback import "$EN"
outcomes
oc "O1 is now closed" O1 self '{"open": False, "latest": 21.0, "alerts": []}'
CLOSED="$CLOSED O1"
OPEN=${OPEN/ O1/}

# --- sessions added in later files ---------------------------------------------------------------
I1="$TMP/in/inc1.csv" I2="$TMP/in/inc2.csv" I3="$TMP/in/inc3.csv"
echo "$HEADER" >"$I1"; echo "$HEADER" >"$I2"; echo "$HEADER" >"$I3"
r "$I1" I2 "$CPR_B" BCV 1 ORS 20.0
r "$I1" I3 "$CPR_B" BCV 1 ORS 20.0
t "first file of two open episodes (outcome forms only)" "$PEJL" --db "$DB" feedback import "$I1"
r "$I2" I2 "$CPR_B" BCV 2 ORS 22.0
r "$I2" I2 "$CPR_B" BCV 2 SRS 35.0
t "a later file with the next session's ORS and the first SRS" "$PEJL" --db "$DB" feedback import "$I2"
r "$I3" I3 "$CPR_B" BCV 1 SRS 35.0
t "a later file with only an SRS form for a stored episode" "$PEJL" --db "$DB" feedback import "$I3"
outcomes
oc "an SRS added later is an alliance score, not an outcome score" I2 self \
	'{"instrument": "ORS", "intake": 20.0, "latest": 22.0, "change": 2.0, "alerts": ["alliance_low"]}'
oc "an SRS-only file is stored as the alliance (35.0: alliance_low), the outcome unchanged" I3 self '{"intake": 20.0, "latest": 20.0, "class": "insufficient", "alerts": ["alliance_low"]}'
NEPISODES=$((NEPISODES + 2))
OPEN="$OPEN I2 I3"

# --- retention ----------------------------------------------------------------------------------
nclosed=$(echo $CLOSED | wc -w)
t "retention run --years 1" "$PEJL" --db "$DB" retention run --years 1
printf '%s\n' "$OUT" | grep -Eq "^Retention: $nclosed episodes that ended before [0-9]{4}-[0-9]{2}-[0-9]{2} lost the citizen link; [0-9]+ access-log entr(y|ies) older than .* deleted\.$" &&
	ok "retention unlinks the $nclosed episodes that ended in 2017" || not_ok "retention unlinks the $nclosed episodes that ended in 2017" "$OUT"
printf '%s\n' "$OUT" | grep -Eq "; 0 access-log entries older than" && ok "retention deletes none of today's access-log entries" ||
	not_ok "retention deletes none of today's access-log entries" "$OUT"
before=$(access_count)
outcomes
after=$(access_count)
[ "$after" -eq $((before + NEPISODES)) ] && ok "after retention, outcomes still logs one entry per episode" ||
	not_ok "after retention, outcomes still logs one entry per episode" "before $before, after $after"
pycheck "after retention, the outcomes of the unlinked episodes are unchanged" '
import json, sys
a = {(o["episode"], o["rater"]): o for o in json.load(open(sys.argv[1]))}
b = {(o["episode"], o["rater"]): o for o in json.load(open(sys.argv[2]))}
assert set(b) <= set(a), set(b) - set(a)
for k in b:
    if k[0] != "O1":
        assert a[k] == b[k], (k, a[k], b[k])
' "$TMP/out.json" "$TMP/out.first.json"
run "$PEJL" --db "$DB" access log --limit "$NEPISODES"
printf '%s\n' "$OUT" >"$TMP/access2.txt"
pycheck "after retention, reads of unlinked episodes log the pseudonym as -, open ones keep theirs" '
import re, sys
f = [l.split() for l in open(sys.argv[1]) if l.strip()]
ps = {x[3]: x[4] for x in f}
closed, open_ = sys.argv[2].split(), sys.argv[3].split()
assert set(ps) == set(closed) | set(open_), sorted(ps)
assert all(ps[e] == "-" for e in closed), {e: ps[e] for e in closed}
assert all(re.fullmatch(r"[0-9a-f]{64}", ps[e]) for e in open_), {e: ps[e] for e in open_}
' "$TMP/access2.txt" "$CLOSED" "$OPEN"
before=$(access_count)
t "retention run (defaults)" "$PEJL" --db "$DB" retention run
expect_in "Retention: 0 episodes" "$OUT" "a second run unlinks nothing"
printf '%s\n' "$OUT" | grep -Eq "; 0 access-log entries older than [0-9]{4}-[0-9]{2}-[0-9]{2}" &&
	ok "the default run reports the access-log cut (6 months) and deletes nothing of today" ||
	not_ok "the default run reports the access-log cut (6 months) and deletes nothing of today" "$OUT"
cut=$(printf '%s\n' "$OUT" | sed -n 's/.*older than \([0-9-]*\).*/\1/p')
want=$(date -u -d "$(date -u +%Y-%m-15) -6 months" +%Y-%m)
[ "${cut%-*}" = "$want" ] && ok "the default access-log cut is 6 months back ($want)" ||
	not_ok "the default access-log cut is 6 months back ($want)" "$OUT"
t "retention run --log-months 1" "$PEJL" --db "$DB" retention run --log-months 1
after=$(access_count)
[ "$after" -eq "$before" ] && ok "retention keeps today's access-log entries" ||
	not_ok "retention keeps today's access-log entries" "before $before, after $after"
today=$(date -u +%F)
[ "$(access_lines | grep -c "^$today")" -eq "$after" ] && ok "every access-log entry is from today" ||
	not_ok "every access-log entry is from today" "$(access_lines | head -n 3)"
t_exit 2 "retention run --years 0 is a usage error" "$PEJL" --db "$DB" retention run --years 0

# --- the CPR number is nowhere ---------------------------------------------------------------------
for c in $ALL_CPR; do
	plain="${c%-*}${c#*-}"
	found=
	for f in "$DB" "$DB-wal" "$DB-journal" "$TMP/db/other.db" "$TMP/db/other.db-wal"; do
		[ -f "$f" ] || continue
		grep -a -q -F -e "$c" -e "$plain" "$f" && found="$found $f"
	done
	[ -z "$found" ] && ok "$c is in no database file (with or without the dash)" ||
		not_ok "$c is in no database file (with or without the dash)" "found in:$found"
	grep -q -F -e "$c" -e "$plain" "$TRANSCRIPT" && not_ok "$c is in no output or message" \
		"$(grep -n -F -e "$c" -e "$plain" "$TRANSCRIPT" | head -n 3)" || ok "$c is in no output or message"
done
[ -s "$TRANSCRIPT" ] && ok "the transcript searched for CPR numbers is not empty" || not_ok "the transcript is not empty"

done_testing
