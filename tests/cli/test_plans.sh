# tests/cli/test_plans.sh — `pejl plans list`, `pejl redthread` and `pejl
# redthread gaps` (DESIGN §7): text, JSON, CSV (and XLSX), the options,
# exit codes, and "today" from --today or PEJL_TODAY. The demo's plans and
# its deliberate gaps (src/io/demo.c) are what the outputs are checked
# against; on 2017-06-01 the gaps are commitments 1.8 2.4 3.3 4.4, goals 7A
# 8B, units BBU-ANB-1A BCH-BOT-1B BCV-MIS BCV-SIN-1B, one initiative linked
# to nothing and two overdue milestones.
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/demo.db"
unset PEJL_TODAY
csv_rows() { printf '%s\n' "$1" | tr -d '\r' | tail -n +2 | grep -c .; }
py() { python3 -c "$1" "$OUT"; }

t "init --demo" "$PEJL" --db "$DB" init --demo
expect_in "24 plans" "$OUT" "init --demo says how many plans it added"

# --- plans list -----------------------------------------------------------------------------
t "plans list" "$PEJL" --db "$DB" plans list
[ "$(printf '%s\n' "$OUT" | head -n 1 | awk '{print $1}')" = code ] && ok "the text header's first column is code" ||
	not_ok "the text header's first column is code" "$OUT"
codes=$(printf '%s\n' "$OUT" | tail -n +3 | awk 'NF {print $1}' | tr '\n' ' ')
expect_in "CP-BBU-ANB CP-BBU-ANB-1 CP-BBU-FOR" "$codes" "the first column is the plan code, in code order"
expect_in "approved 2017-02-01" "$OUT" "the text shows when a plan was approved"

t "plans list --format csv" "$PEJL" --db "$DB" plans list --format csv
head=$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')
[ "$head" = "code,version,type,title,unit,unit_name,from,to,parent,status,approved_on,approved_by,decision,archived_on,initiatives" ] &&
	ok "the CSV header" || not_ok "the CSV header" "$head"
[ "$(csv_rows "$OUT")" -eq 24 ] && ok "one CSV row per plan (24)" || not_ok "one CSV row per plan (24)" "$OUT"
expect_in "CP-BCV-HJL-1,2,centre,Centerplan Udsatte Voksne (syntetisk),BCV-HJL-1,Center for Udsatte Voksne (syntetisk),2017,2017,CP-BCV-HJL,approved,2017-02-01,Centerchef,J.nr. 2017-302 (syntetisk),,2" \
	"$OUT" "a plan's row: the version in force with its approval"

t "plans list --format json" "$PEJL" --db "$DB" plans list --format json
t "the JSON: 24 plans with their initiatives, milestones, partners and links" py '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 24, len(d)
p = {x["code"]: x for x in d}["MP-BCV-2016"]
assert p["type"] == "target_group" and p["status"] == "approved" and p["version"] == 1 and p["unit"] == "BCV", p
assert p["from"] == 2016 and p["to"] == 2018 and p["parent"] == "HP-SOF-2017" and p["decision"], p
i = p["initiatives"][0]
assert i["title"].startswith("Housing First") and i["status"] == "active" and i["owner"], i
assert i["links"] == {"goals": ["1D", "1E"], "pejlemaerker": [1], "principles": [], "commitments": ["3.2", "4.2"]}, i["links"]
assert [m["due"] for m in i["milestones"]] == ["2016-12-01", "2017-03-31", "2018-06-30"], i["milestones"]
assert i["milestones"][0]["done"] == "2016-11-28" and i["milestones"][1]["done"] is None
assert i["partners"] == [{"kind": "ngo", "name": "Foreningen Tag over Hovedet (syntetisk)"}], i["partners"]
'
run "$PEJL" --db "$DB" plans list --all --format csv
[ "$(csv_rows "$OUT")" -eq 26 ] && ok "--all lists every version (26)" || not_ok "--all lists every version (26)" "$OUT"
expect_in "CP-BCV-HJL-1,1,centre,Centerplan Udsatte Voksne (syntetisk),BCV-HJL-1,Center for Udsatte Voksne (syntetisk),2016,2016,CP-BCV-HJL,archived,2016-01-28" \
	"$OUT" "--all shows the archived version 1"
run "$PEJL" --db "$DB" plans list --unit BCV-HJL-1 --format csv
[ "$(printf '%s\n' "$OUT" | tr -d '\r' | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = "CP-BCV-HJL-1 " ] &&
	ok "--unit lists the plans the unit owns" || not_ok "--unit lists the plans the unit owns" "$OUT"
run "$PEJL" --db "$DB" plans list --unit BCV-HJL --subtree --format csv
[ "$(printf '%s\n' "$OUT" | tr -d '\r' | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = "CP-BCV-HJL CP-BCV-HJL-1 UP-BCV-HJL-1A UP-BCV-HJL-1B " ] &&
	ok "--subtree adds the plans of the units below" || not_ok "--subtree adds the plans of the units below" "$OUT"
run "$PEJL" --db "$DB" plans list --unit BCV-MIS
expect_in "No plans." "$OUT" "a unit without plans: No plans."
t_exit 3 "plans list --unit NOPE: exit 3" "$PEJL" --db "$DB" plans list --unit NOPE
expect_in "NOPE" "$ERR" "the message names the unit"
t_exit 2 "plans list --subtree without --unit: exit 2" "$PEJL" --db "$DB" plans list --subtree
t_exit 2 "plans list --format xml: exit 2" "$PEJL" --db "$DB" plans list --format xml
t_exit 2 "plans list with an argument: exit 2" "$PEJL" --db "$DB" plans list BCV

# --- redthread ---------------------------------------------------------------------------------
t "redthread" "$PEJL" --db "$DB" redthread
expect_in "1. Flere udsatte københavnere har en bolig" "$OUT" "the text names the pejlemærker"
expect_in "9. " "$OUT" "every pejlemærke"
expect_in "(no initiative serves this goal)" "$OUT" "a goal nothing serves is shown as such"
t "redthread --pejlemaerke 1 --format json" "$PEJL" --db "$DB" redthread --pejlemaerke 1 --format json
t "the JSON: pejlemærke 1, its goals, their initiatives, plans and units" py '
import json, sys
d = json.loads(sys.argv[1])
assert d["strategy"] == "kk-2014", d.get("strategy")
assert [p["number"] for p in d["pejlemaerker"]] == [1]
pm = d["pejlemaerker"][0]
assert [g["code"] for g in pm["goals"]] == ["1A", "1B", "1C", "1D", "1E"]
assert [i["plan"]["code"] for i in pm["initiatives"]] == ["MP-BCV-2016"], pm["initiatives"]
g = {g["code"]: g for g in pm["goals"]}
items = [(i["title"], i["status"], i["plan"]["code"], i["plan"]["version"], i["plan"]["type"], i["plan"]["status"], i["plan"]["unit"]) for i in g["1D"]["initiatives"]]
assert items == [("Opsøgende gadeteam (syntetisk)", "active", "CP-BCV-HJL", 1, "centre", "approved", "BCV-HJL"),
                 ("Herbergsplads til alle (syntetisk)", "done", "CP-BCV-HJL-1", 2, "centre", "approved", "BCV-HJL-1"),
                 ("Housing First for unge hjemløse (syntetisk)", "active", "MP-BCV-2016", 1, "target_group", "approved", "BCV")], items
assert g["1D"]["commentary"]["period"] == "2017" and g["1D"]["commentary"]["next_steps"], g["1D"]["commentary"]
assert g["1A"]["commentary"] is None
'
t "redthread --format csv" "$PEJL" --db "$DB" redthread --format csv
head=$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')
[ "$head" = "pejlemaerke,pejlemaerke_title,goal,goal_title,initiative_id,initiative,initiative_status,plan,plan_version,plan_type,plan_status,unit,unit_name" ] &&
	ok "the red thread CSV header" || not_ok "the red thread CSV header" "$head"
t "the CSV: goal → initiative → plan → unit rows; a goal nothing serves has one row with empty initiative" py '
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1])))
r7a = [r for r in rows if r["goal"] == "7A"]
assert len(r7a) == 1 and r7a[0]["initiative"] == "" and r7a[0]["plan"] == "" and r7a[0]["unit"] == "", r7a
r1a = [(r["initiative"], r["plan"], r["unit"]) for r in rows if r["goal"] == "1A"]
assert r1a == [("Boligsocial anvisning med støtte (syntetisk)", "MP-BCV-2016", "BCV")], r1a
direct = [r for r in rows if r["pejlemaerke"] == "1" and r["goal"] == ""]
assert len(direct) == 1 and direct[0]["plan"] == "MP-BCV-2016", direct
assert {r["pejlemaerke"] for r in rows} == {str(n) for n in range(1, 10)}
stopped = [r for r in rows if r["initiative_status"] == "stopped"]
assert stopped == [], stopped  # the stopped initiative serves only a commitment
'
t "redthread --unit BCV-HJL-1 --format json" "$PEJL" --db "$DB" redthread --unit BCV-HJL-1 --format json
t "the unit's thread: its plan, the plans above and below, what the initiatives serve" py '
import json, sys
d = json.loads(sys.argv[1])
assert d["unit"] == "BCV-HJL-1" and d["unit_name"].startswith("Center for Udsatte Voksne"), d
p = d["plans"][0]
assert p["code"] == "CP-BCV-HJL-1" and p["version"] == 2
assert [a["code"] for a in p["above"]] == ["CP-BCV-HJL", "MP-BCV-2016", "HP-SOF-2017"], p["above"]
assert [b["code"] for b in p["below"]] == ["UP-BCV-HJL-1A", "UP-BCV-HJL-1B"], p["below"]
s = p["initiatives"][1]["serves"]
assert [(x["kind"], x["ref"]) for x in s] == [("goal", "1C"), ("commitment", "3.2")] and s[0]["title"], s
'
run "$PEJL" --db "$DB" redthread --unit BCV-HJL-1 --format csv
expect_in "unit,plan,plan_version,plan_type,plan_status,from,to,above,initiative_id" "$OUT" "the unit thread CSV header"
expect_in "CP-BCV-HJL > MP-BCV-2016 > HP-SOF-2017" "$OUT" "the CSV names the plans above"
run "$PEJL" --db "$DB" redthread --unit BCV-HJL-1
expect_in "under CP-BCV-HJL" "$OUT" "the unit thread text"
t_exit 3 "redthread --pejlemaerke 99: exit 3" "$PEJL" --db "$DB" redthread --pejlemaerke 99
t_exit 2 "redthread --pejlemaerke x: exit 2" "$PEJL" --db "$DB" redthread --pejlemaerke x
t_exit 3 "redthread --unit NOPE: exit 3" "$PEJL" --db "$DB" redthread --unit NOPE
t_exit 2 "redthread --unit and --pejlemaerke: exit 2" "$PEJL" --db "$DB" redthread --unit BCV --pejlemaerke 1
t_exit 2 "redthread --format yaml: exit 2" "$PEJL" --db "$DB" redthread --format yaml
t_exit 2 "redthread with a stray word: exit 2" "$PEJL" --db "$DB" redthread gap

# --- redthread gaps --------------------------------------------------------------------------------
t "redthread gaps --today 2017-06-01 --format json" "$PEJL" --db "$DB" redthread gaps --today 2017-06-01 --format json
t "the gaps JSON: exactly the demo's deliberate gaps" py '
import json, sys
d = json.loads(sys.argv[1])
assert d["today"] == "2017-06-01" and d["strategy"] == "kk-2014"
assert d["counts"] == {"commitments": 4, "goals": 2, "units": 4, "initiatives": 1, "milestones": 2}, d["counts"]
assert [c["code"] for c in d["commitments_without_initiative"]] == ["1.8", "2.4", "3.3", "4.4"]
assert d["commitments_without_initiative"][0]["principle"] == 1 and d["commitments_without_initiative"][0]["text"]
assert [(g["code"], g["pejlemaerke"]) for g in d["goals_without_initiative"]] == [("7A", 7), ("8B", 8)]
assert [u["code"] for u in d["units_without_approved_plan"]] == ["BBU-ANB-1A", "BCH-BOT-1B", "BCV-MIS", "BCV-SIN-1B"]
assert d["units_without_approved_plan"][2]["kind"] == "centre_community"
i = d["initiatives_without_links"]
assert len(i) == 1 and i[0]["title"] == "Fælles madlavning (syntetisk)" and i[0]["plan"] == "UP-BCH-BOT-1A", i
m = [(x["due"], x["days_overdue"], x["title"], x["plan"], x["unit"]) for x in d["overdue_milestones"]]
assert m == [("2017-03-31", 62, "Midtvejsevaluering", "MP-BCV-2016", "BCV"), ("2017-05-01", 31, "Kursus evalueret", "UP-BBU-FOR-1A", "BBU-FOR-1A")], m
'
t "redthread gaps --format csv" "$PEJL" --db "$DB" redthread gaps --today 2017-06-01 --format csv
head=$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')
[ "$head" = "kind,ref,title,plan,unit,initiative,due,days_overdue" ] && ok "the gaps CSV header" || not_ok "the gaps CSV header" "$head"
[ "$(csv_rows "$OUT")" -eq 13 ] && ok "one CSV row per gap (13)" || not_ok "one CSV row per gap (13)" "$OUT"
expect_in "overdue_milestone," "$OUT" "the CSV names the kind of gap"
expect_in "unit_without_approved_plan,BCV-MIS,Centerfællesskab Misbrug (syntetisk),,BCV-MIS,,," "$OUT" "a unit gap row"
t "redthread gaps (text)" "$PEJL" --db "$DB" redthread gaps --today 2017-06-01
for s in "Commitments without an initiative (4)" "Goals without an initiative (2)" "Units without a current approved plan (4)" \
	"Initiatives linked to nothing in the strategy (1)" "Overdue milestones (2)" "62 days overdue"; do
	expect_in "$s" "$OUT" "the text has: $s"
done
# today from PEJL_TODAY, and --today winning over it
run env PEJL_TODAY=2016-06-01 "$PEJL" --db "$DB" redthread gaps --format json
t "PEJL_TODAY sets today (2016-06-01: nothing overdue, CP-BCV-HJL-1 v2 not yet current)" py '
import json, sys
d = json.loads(sys.argv[1])
assert d["today"] == "2016-06-01" and d["counts"]["milestones"] == 0, d["counts"]
assert "BCV-HJL-1" in [u["code"] for u in d["units_without_approved_plan"]]
'
run env PEJL_TODAY=2016-06-01 "$PEJL" --db "$DB" redthread gaps --today 2017-06-01 --format json
expect_in '"today": "2017-06-01"' "$OUT" "--today wins over PEJL_TODAY"
run env PEJL_TODAY=2019-01-01 "$PEJL" --db "$DB" redthread gaps --format csv
[ "$(csv_rows "$OUT")" -gt 13 ] && ok "in 2019 the 2016–2018 plans have run out: more gaps" || not_ok "in 2019 more gaps" "$OUT"
t_exit 2 "redthread gaps --today 2017-02-30: exit 2" "$PEJL" --db "$DB" redthread gaps --today 2017-02-30
expect_in "2017-02-30" "$ERR" "the message quotes the bad date"
t_exit 2 "redthread gaps with an argument: exit 2" "$PEJL" --db "$DB" redthread gaps now

# --- XLSX --------------------------------------------------------------------------------------------
t "redthread gaps --format xlsx --out FILE" "$PEJL" --db "$DB" redthread gaps --today 2017-06-01 --format xlsx --out "$TMP/gaps.xlsx"
t "the workbook is a zip with one sheet holding the gaps" python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert "xl/worksheets/sheet1.xml" in names and "xl/worksheets/sheet2.xml" not in names, names
s = z.read("xl/sharedStrings.xml").decode()
for want in ("days_overdue", "Midtvejsevaluering", "BCV-MIS", "Fælles madlavning (syntetisk)"):
    assert want in s, want
assert "name=\"gaps\"" in z.read("xl/workbook.xml").decode()
' "$TMP/gaps.xlsx"
t "plans list --format xlsx --out FILE" "$PEJL" --db "$DB" plans list --format xlsx --out "$TMP/plans.xlsx"
t "redthread --format xlsx --out FILE" "$PEJL" --db "$DB" redthread --format xlsx --out "$TMP/rt.xlsx"
t_exit 5 "an XLSX into a directory that does not exist: exit 5" "$PEJL" --db "$DB" redthread --format xlsx --out "$TMP/no/such/dir/x.xlsx"

# --- plans add / approve / archive ---------------------------------------------------------------------
cat >"$TMP/bad.json" <<'JSON'
{"code": "CP-BCV-MIS-CLI", "type": "centre", "title": "Centerplan Misbrug (cli)", "unit": "BCV-MIS",
 "from": 2017, "to": 2016, "parent": "NOPE",
 "initiatives": [{"title": "Udredning", "owner": "Centerchef", "status": "active",
   "links": {"goals": ["7A", "9Z"], "commitments": ["2.4"]},
   "milestones": [{"title": "Evaluering", "due": "2017-02-30"}]}]}
JSON
t_exit 1 "plans add with four mistakes: exit 1" "$PEJL" --db "$DB" plans add "$TMP/bad.json"
for w in "bad.json: \$.year_to" "bad.json: \$.parent" "bad.json: \$.initiatives\[0\].links\[1\]" \
	"bad.json: \$.initiatives\[0\].milestones\[0\].due"; do
	printf '%s\n' "$ERR" | grep -q "$w" && ok "the mistake is located: $w" || not_ok "the mistake is located: $w" "$ERR"
done
expect_in "nothing was stored" "$ERR" "the message says nothing was stored"
run "$PEJL" --db "$DB" plans list --unit BCV-MIS
expect_in "No plans." "$OUT" "the refused plan was not stored"
sed -e 's/"to": 2016, "parent": "NOPE"/"to": 2017, "parent": "MP-BCV-2016"/' -e 's/, "9Z"//' -e 's/2017-02-30/2017-09-30/' \
	"$TMP/bad.json" >"$TMP/good.json"
t "plans add --dry-run" "$PEJL" --db "$DB" plans add "$TMP/good.json" --dry-run
run "$PEJL" --db "$DB" plans list --unit BCV-MIS
expect_in "No plans." "$OUT" "--dry-run stores nothing"
t "plans add" "$PEJL" --db "$DB" plans add "$TMP/good.json"
expect_in "CP-BCV-MIS-CLI" "$OUT" "plans add names the plan"
t_exit 1 "plans add the same code again: exit 1" "$PEJL" --db "$DB" plans add "$TMP/good.json"
expect_in "exists already" "$ERR" "the message says the code exists"
printf '[1]' >"$TMP/array.json"
t_exit 1 "plans add of a JSON array: exit 1" "$PEJL" --db "$DB" plans add "$TMP/array.json"
printf '{"code": ' >"$TMP/cut.json"
t_exit 1 "plans add of broken JSON: exit 1" "$PEJL" --db "$DB" plans add "$TMP/cut.json"
expect_in "cut.json:1:" "$ERR" "the JSON error names file and line"
t_exit 3 "plans add of a missing file: exit 3" "$PEJL" --db "$DB" plans add "$TMP/none.json"
run "$PEJL" --db "$DB" plans list --unit BCV-MIS --format csv
expect_in "CP-BCV-MIS-CLI,1,centre,Centerplan Misbrug (cli),BCV-MIS,Centerfællesskab Misbrug (syntetisk),2017,2017,MP-BCV-2016,draft," \
	"$OUT" "the plan is listed as a draft"
t_exit 2 "plans approve without --decision: exit 2" "$PEJL" --db "$DB" plans approve CP-BCV-MIS-CLI --on 2017-06-01 --by Chef
t_exit 1 "plans approve with a bad date: exit 1" "$PEJL" --db "$DB" plans approve CP-BCV-MIS-CLI --on 2017-13-01 --by Chef --decision X
t_exit 3 "plans approve of an unknown plan: exit 3" "$PEJL" --db "$DB" plans approve NOPE --on 2017-06-01 --by Chef --decision X
t "plans approve" "$PEJL" --db "$DB" plans approve CP-BCV-MIS-CLI --on 2017-06-01 --by Borgercenterchef --decision "J.nr. 17/1"
t_exit 1 "approving again (no draft): exit 1" "$PEJL" --db "$DB" plans approve CP-BCV-MIS-CLI --on 2017-06-02 --by x --decision y
run "$PEJL" --db "$DB" redthread --pejlemaerke 7 --format csv
expect_in "7,Færre københavnere lever i fattigdom,7A,Færre børn vokser op i familier med langvarig lav indkomst,"$(
	)"" "$OUT" "7A has a row"
expect_in ",Udredning,active,CP-BCV-MIS-CLI,1,centre,approved,BCV-MIS,Centerfællesskab Misbrug (syntetisk)" "$OUT" \
	"the red thread: 7A → the initiative → the approved plan → BCV-MIS"
run "$PEJL" --db "$DB" redthread gaps --today 2017-06-01 --format json
t "the plan closes the gaps 2.4, 7A and BCV-MIS" py '
import json, sys
d = json.loads(sys.argv[1])
assert d["counts"] == {"commitments": 3, "goals": 1, "units": 3, "initiatives": 1, "milestones": 2}, d["counts"]
'
t "plans archive" "$PEJL" --db "$DB" plans archive CP-BCV-MIS-CLI --on 2017-06-30
t_exit 1 "archiving again: exit 1" "$PEJL" --db "$DB" plans archive CP-BCV-MIS-CLI --on 2017-06-30
t_exit 2 "plans archive without --on: exit 2" "$PEJL" --db "$DB" plans archive CP-BCV-MIS-CLI
run "$PEJL" --db "$DB" redthread gaps --today 2017-07-01 --format json
t "archived, BCV-MIS lacks a plan again" py '
import json, sys
d = json.loads(sys.argv[1])
assert "BCV-MIS" in [u["code"] for u in d["units_without_approved_plan"]], d["units_without_approved_plan"]
assert "7A" in [g["code"] for g in d["goals_without_initiative"]]
'
run "$PEJL" --db "$DB" plans list --unit BCV-MIS --format csv
expect_in ",archived,2017-06-01,Borgercenterchef,J.nr. 17/1,2017-06-30,1" "$OUT" "the archived plan keeps its approval"

# --- a database without plans -------------------------------------------------------------------------
t "init (no demo)" "$PEJL" --db "$TMP/bare.db" init
run "$PEJL" --db "$TMP/bare.db" plans list
expect_in "No plans." "$OUT" "no plans: No plans."
t "redthread gaps without plans" "$PEJL" --db "$TMP/bare.db" redthread gaps --today 2017-06-01 --format json
t "without plans every commitment, goal and unit is a gap" py '
import json, sys
d = json.loads(sys.argv[1])
assert d["counts"] == {"commitments": 26, "goals": 16, "units": 4, "initiatives": 0, "milestones": 0}, d["counts"]
'
t_exit 3 "a database that does not exist: exit 3" "$PEJL" --db "$TMP/none.db" plans list

done_testing
