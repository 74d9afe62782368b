# tests/cli/test_init.sh — `pejl init`: loading the built-in 2014 strategy,
# the listings of its goals, running init twice, --demo, where --db may
# stand, PEJL_DB, and --strategy NAME|FILE.
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/x.db"

# --- a plain init -------------------------------------------------------------
t "init loads the built-in strategy" "$PEJL" --db "$DB" init
expect_in "kk-2014" "$OUT" "init says which strategy it loaded"
expect_in "16 goals" "$OUT" "init reports 16 goals"
[ -s "$DB" ] && ok "init creates the database file" || not_ok "init creates the database file" "$DB missing or empty"

t "goals list (text)" "$PEJL" --db "$DB" goals list
TEXT=$OUT
for title in "Flere udsatte københavnere har en bolig" \
	"Flere københavnske skoleelever klarer sig bedre" \
	"Færre københavnske unge begår kriminalitet" \
	"Flere københavnere mestrer i højere grad deres eget liv" \
	"Flere københavnere stopper eller reducerer deres misbrug" \
	"Færre københavnere lever i fattigdom" \
	"Flere borgere med særlige behov oplever høj livskvalitet"; do
	expect_in "$title" "$TEXT" "goals list shows pejlemærke \"$title\""
done
# Pejlemærke 4 and 9 have titles longer than the text table's title column
# (it is cut with "…"); the text shows their start, JSON shows them whole.
expect_in "Flere københavnere med særlige behov kommer i uddannel" "$TEXT" "goals list shows pejlemærke 4"
expect_in "Flere borgere er tilfredse med samarbejdet med Socialfo" "$TEXT" "goals list shows pejlemærke 9"
missing=""
for g in 1A 1B 1C 1D 1E 2A 2B 3A 4A 5A 6A 7A 8A 8B 9A 9B; do
	printf '%s\n' "$TEXT" | grep -Eq "^ +$g( \*)? " || missing="$missing $g"
done
[ -z "$missing" ] && ok "goals list shows goals 1A–1E, 2A, 2B, 3A … 9B" ||
	not_ok "goals list shows goals 1A–1E, 2A, 2B, 3A … 9B" "missing:$missing"
npm=$(printf '%s\n' "$TEXT" | grep -cE '^[1-9] ')
[ "$npm" -eq 9 ] && ok "goals list has nine pejlemærke rows" || not_ok "goals list has nine pejlemærke rows" "found $npm"
expect_in "1D *" "$TEXT" "goals list marks 1D as main goal"
expect_in "2013: 1581" "$TEXT" "goals list shows 1D's baseline"
expect_in "2017: 1256 (-325)" "$TEXT" "goals list shows 1D's resolved delta target"

# --- JSON ----------------------------------------------------------------------
"$PEJL" --db "$DB" goals list --format json >"$TMP/goals.json" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "goals list --format json exits 0" || not_ok "goals list --format json exits 0" "exit $rc: $(cat "$TMP/err")"
t "goals list --format json is JSON with 9 pejlemærker, 16 goals, 1D main 1581 → 1256" python3 - "$TMP/goals.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
pms = d["pejlemaerker"]
assert len(pms) == 9, len(pms)
assert [p["number"] for p in pms] == list(range(1, 10)), [p["number"] for p in pms]
titles = [p["title"] for p in pms]
assert titles[0] == "Flere udsatte københavnere har en bolig", titles[0]
assert titles[8] == "Flere borgere er tilfredse med samarbejdet med Socialforvaltningen", titles[8]
goals = {g["code"]: g for p in pms for g in p["goals"]}
codes = [g["code"] for p in pms for g in p["goals"]]
assert len(codes) == 16, codes
assert codes == ["1A", "1B", "1C", "1D", "1E", "2A", "2B", "3A", "4A", "5A", "6A", "7A", "8A", "8B", "9A", "9B"], codes
g = goals["1D"]
assert g["main"] is True, g["main"]
assert g["baseline"]["period"] == "2013" and g["baseline"]["value"] == 1581, g["baseline"]
assert g["target"]["kind"] == "delta" and g["target"]["value"] == -325, g["target"]
assert g["target"]["resolved"] == 1256, g["target"]
assert g["target"]["period"] == "2017", g["target"]
assert goals["1B"]["main"] is False
# exactly one main goal per pejlemærke
for p in pms:
    assert sum(1 for x in p["goals"] if x["main"]) == 1, p["number"]
assert d["strategy"]["code"] == "kk-2014", d["strategy"]
EOF

# --- CSV -----------------------------------------------------------------------
t "goals list --format csv" "$PEJL" --db "$DB" goals list --format csv
CSV=$OUT
head=$(printf '%s\n' "$CSV" | head -n 1)
expect_in "pejlemaerke,goal,main,title" "$head" "the CSV has a header row"
rows=$(printf '%s\n' "$CSV" | tail -n +2 | grep -c .)
[ "$rows" -eq 16 ] && ok "the CSV has 16 data rows" || not_ok "the CSV has 16 data rows" "found $rows"
t "the CSV parses with python's csv module and 1D resolves to 1256" python3 -c '
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1].lstrip("\ufeff"))))
assert len(rows) == 16, len(rows)
d = {r["goal"]: r for r in rows}
assert d["1D"]["main"] == "1" and d["1D"]["baseline_value"] == "1581" and d["1D"]["target_resolved"] == "1256", d["1D"]
' "$CSV"

# --- init twice ------------------------------------------------------------------
"$PEJL" --db "$DB" strategy export >"$TMP/before.json"
t "init on a database that holds the strategy exits 0" "$PEJL" --db "$DB" init
expect_in "already holds strategy kk-2014" "$OUT" "the second init says the strategy is there already"
expect_not_in "Loaded strategy" "$OUT" "the second init does not claim to load it again"
run "$PEJL" --db "$DB" goals list --format csv
rows=$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)
[ "$rows" -eq 16 ] && ok "still 16 goals after the second init" || not_ok "still 16 goals after the second init" "found $rows"
"$PEJL" --db "$DB" strategy export >"$TMP/after.json"
cmp -s "$TMP/before.json" "$TMP/after.json" && ok "the second init changes nothing (export identical)" ||
	not_ok "the second init changes nothing (export identical)" "$(diff "$TMP/before.json" "$TMP/after.json" | head -20)"
run "$PEJL" --db "$DB" strategy list --format csv
n=$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)
[ "$n" -eq 1 ] && ok "still one strategy after the second init" || not_ok "still one strategy after the second init" "$OUT"

# --- no demo data without --demo -------------------------------------------------
run "$PEJL" --db "$DB" units list --all
expect_in "Socialforvaltningen" "$OUT" "a plain init has the administration unit SOF"
expect_not_in "syntetisk" "$OUT" "a plain init adds no synthetic units"

# --- init --demo -------------------------------------------------------------------
DEMO="$TMP/demo.db"
t "init --demo" "$PEJL" --db "$DEMO" init --demo
expect_in "synthetic" "$OUT" "init --demo says the demo data is synthetic"
t "units list on the demo database" "$PEJL" --db "$DEMO" units list
expect_in "(syntetisk)" "$OUT" "demo units are labelled (syntetisk)"
t "demo: every unit below the citizen centres is labelled synthetic" python3 -c '
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1].lstrip("\ufeff"))))
real = {"SOF", "BBU", "BCH", "BCV"}
demo = [r for r in rows if r["code"] not in real]
assert len(demo) > 0, "no demo units"
bad = [r["code"] for r in demo if "(syntetisk)" not in r["name"]]
assert not bad, bad
assert all("syntetisk" not in r["name"] for r in rows if r["code"] in real)
' "$("$PEJL" --db "$DEMO" units list --all --format csv)"
run "$PEJL" --db "$DEMO" goals list --format csv
rows=$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)
[ "$rows" -eq 18 ] && ok "the demo database has the 16 goals and the 2 synthetic computed goals" ||
	not_ok "the demo database has the 16 goals and the 2 synthetic computed goals" "found $rows"
expect_in "5,5B," "$OUT" "the demo's computed goal 5B is under pejlemærke 5"
expect_in "9,9C," "$OUT" "the demo's computed goal 9C is under pejlemærke 9"
"$PEJL" --db "$DEMO" units list --all --format csv >"$TMP/demo-units1.csv"
t "init --demo again exits 0" "$PEJL" --db "$DEMO" init --demo
"$PEJL" --db "$DEMO" units list --all --format csv >"$TMP/demo-units2.csv"
cmp -s "$TMP/demo-units1.csv" "$TMP/demo-units2.csv" && ok "init --demo twice adds no units twice" ||
	not_ok "init --demo twice adds no units twice" "$(diff "$TMP/demo-units1.csv" "$TMP/demo-units2.csv" | head)"

# --- where --db may stand, PEJL_DB ----------------------------------------------------
t "--db after the command" "$PEJL" init --db "$TMP/after.db"
run "$PEJL" goals list --format csv --db "$TMP/after.db"
[ "$RC" -eq 0 ] && [ "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" -eq 16 ] &&
	ok "--db after the command: goals list sees 16 goals" || not_ok "--db after the command: goals list sees 16 goals" "exit $RC: $ERR"
t "--db=PATH form" "$PEJL" --db="$TMP/after.db" strategy list
expect_in "kk-2014" "$OUT" "--db=PATH names the same database"
( cd "$TMP" && mkdir -p envcwd && cd envcwd && PEJL_DB="$TMP/env.db" "$PEJL" init >/dev/null 2>&1 )
rc=$?
[ $rc -eq 0 ] && ok "init with PEJL_DB exits 0" || not_ok "init with PEJL_DB exits 0" "exit $rc"
[ -s "$TMP/env.db" ] && ok "PEJL_DB names the database init creates" || not_ok "PEJL_DB names the database init creates" "$TMP/env.db missing"
[ ! -e "$TMP/envcwd/pejl.db" ] && ok "with PEJL_DB set, no ./pejl.db is created" || not_ok "with PEJL_DB set, no ./pejl.db is created"
run env PEJL_DB="$TMP/env.db" "$PEJL" strategy list
expect_in "kk-2014" "$OUT" "PEJL_DB is used by other commands"
run env PEJL_DB="$TMP/nosuch-env.db" "$PEJL" --db "$TMP/env.db" strategy list
[ "$RC" -eq 0 ] && expect_in "kk-2014" "$OUT" "--db wins over PEJL_DB" || not_ok "--db wins over PEJL_DB" "exit $RC: $ERR"

# --- --strategy NAME|FILE ------------------------------------------------------------
t_exit 3 "init --strategy nosuch exits 3" "$PEJL" --db "$TMP/nosuch.db" init --strategy nosuch
expect_in "nosuch" "$ERR" "the message names the missing strategy"
expect_in "kk-2014" "$ERR" "the message lists the built-in strategies"
[ ! -e "$TMP/nosuch.db" ] && ok "init --strategy nosuch creates no database" || not_ok "init --strategy nosuch creates no database"
t_exit 3 "init --strategy with a missing file exits 3" "$PEJL" --db "$TMP/nosuch2.db" init --strategy "$TMP/nosuch.json"
expect_in "nosuch.json" "$ERR" "the message names the missing file"
t "init --strategy kk-2014 (by name)" "$PEJL" --db "$TMP/byname.db" init --strategy kk-2014

t "init --strategy FILE with an exported file" "$PEJL" --db "$TMP/fromfile.db" init --strategy "$TMP/before.json"
expect_in "kk-2014" "$OUT" "init --strategy FILE reports the strategy"
"$PEJL" --db "$TMP/fromfile.db" strategy export >"$TMP/fromfile.json"
cmp -s "$TMP/before.json" "$TMP/fromfile.json" && ok "init --strategy FILE loads exactly the exported strategy" ||
	not_ok "init --strategy FILE loads exactly the exported strategy" "$(diff "$TMP/before.json" "$TMP/fromfile.json" | head -20)"
# A file whose name has neither '/' nor '.': still a file when given as ./NAME.
cp "$TMP/before.json" "$TMP/stratfile"
( cd "$TMP" && "$PEJL" --db "$TMP/rel.db" init --strategy ./stratfile >/dev/null 2>&1 )
rc=$?
[ $rc -eq 0 ] && ok "init --strategy ./FILE (relative path)" || not_ok "init --strategy ./FILE (relative path)" "exit $rc"

done_testing
