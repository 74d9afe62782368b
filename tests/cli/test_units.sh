# tests/cli/test_units.sh — `pejl units list|add|close`: the tree order,
# formats, adding and closing units, and a reorganisation (a code that moves
# to a new parent with a new validity interval).
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/x.db"
# first_col TEXT: the first column of the rows of a text table (after the
# header and the dashes).
first_col() { printf '%s\n' "$1" | tail -n +3 | awk 'NF { print $1 }'; }
# CSV output ends its lines with CRLF (RFC 4180); these helpers drop the CR.
csv_codes() { printf '%s\n' "$1" | tr -d '\r' | tail -n +2 | cut -d, -f1 | grep .; }
# has_row CSV CODE [PARENT]: the CSV has a row for CODE (with PARENT).
has_row() { printf '%s\n' "$1" | tr -d '\r' | grep -q "^$2,.*,${3:-[^,]*},[0-9-]*,[0-9-]*\$"; }
# lacks NAME CSV CODE: passes when the listing (which must hold SOF, so it
# is a real listing) has no row for CODE.
lacks() {
	if ! has_row "$2" SOF; then not_ok "$1" "not a unit listing: $2"
	elif has_row "$2" "$3"; then not_ok "$1" "$2"
	else ok "$1"; fi
}

t "init" "$PEJL" --db "$DB" init

# --- units list ----------------------------------------------------------------------
t "units list" "$PEJL" --db "$DB" units list
expect_in "code" "$(printf '%s\n' "$OUT" | head -n 1 | awk '{print $1}')" "the header's first column is code"
codes=$(first_col "$OUT" | tr '\n' ' ')
[ "$codes" = "SOF BBU BCH BCV " ] && ok "the first column is the unit code, in tree order (SOF, BBU, BCH, BCV)" ||
	not_ok "the first column is the unit code, in tree order (SOF, BBU, BCH, BCV)" "got: $codes"
expect_in "Socialforvaltningen" "$OUT" "units list shows the unit names"

t "units list --format csv" "$PEJL" --db "$DB" units list --format csv
head=$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')
[ "$head" = "code,name,kind,parent,valid_from,valid_to" ] && ok "the CSV header starts with code" ||
	not_ok "the CSV header starts with code" "got: $head"
codes=$(csv_codes "$OUT" | tr '\n' ' ')
[ "$codes" = "SOF BBU BCH BCV " ] && ok "the CSV lists the units in tree order" || not_ok "the CSV lists the units in tree order" "got: $codes"
expect_in "BBU,Borgercenter Børn og Unge,citizen_centre,SOF,2010-01-01," "$OUT" "a CSV row holds code, name, kind, parent, dates"

t "units list --format json" "$PEJL" --db "$DB" units list --format json
t "the JSON is a list of units in tree order with depth" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [u["code"] for u in d] == ["SOF", "BBU", "BCH", "BCV"], [u["code"] for u in d]
assert d[0]["parent"] is None and d[0]["depth"] == 0 and d[0]["kind"] == "administration", d[0]
assert d[1]["parent"] == "SOF" and d[1]["depth"] == 1, d[1]
assert d[1]["valid_from"] == "2010-01-01" and d[1]["valid_to"] is None, d[1]
' "$OUT"

# the demo tree: parents always come before their children
t "init --demo for the tree order" "$PEJL" --db "$TMP/demo.db" init --demo
t "demo units list --format json" "$PEJL" --db "$TMP/demo.db" units list --format json
t "demo tree order: SOF first, then BBU and its subtree, every parent before its children" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
codes = [u["code"] for u in d]
assert codes[0] == "SOF" and codes[1] == "BBU", codes[:3]
seen = set()
for u in d:
    assert u["parent"] is None or u["parent"] in seen, (u["code"], u["parent"])
    seen.add(u["code"])
# a depth-first tree: each unit directly follows its parent or a unit of its parent subtree
depth = {u["code"]: u["depth"] for u in d}
for a, b in zip(d, d[1:]):
    assert b["depth"] <= a["depth"] + 1, (a["code"], b["code"])
    if b["depth"] == a["depth"] + 1:
        assert b["parent"] == a["code"], (a["code"], b["code"])
# BBU subtree comes before BCH
assert codes.index("BCH") > max(i for i, c in enumerate(codes) if c.startswith("BBU"))
' "$OUT"

# --- units add --------------------------------------------------------------------------
t "units add NEW under BCV from 2016-01-01" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCV --from 2016-01-01
expect_in "NEW" "$OUT" "units add confirms the code"
run "$PEJL" --db "$DB" units list --at 2016-06-01 --format csv
has_row "$OUT" NEW BCV && ok "units list shows NEW under BCV" || not_ok "units list shows NEW under BCV" "$OUT"
codes=$(csv_codes "$OUT" | tr '\n' ' ')
[ "$codes" = "SOF BBU BCH BCV NEW " ] && ok "NEW comes after its parent BCV" || not_ok "NEW comes after its parent BCV" "got: $codes"
run "$PEJL" --db "$DB" units list --at 2016-06-01
expect_in "Center for Nyt" "$OUT" "the text listing shows the new unit's name"
run "$PEJL" --db "$DB" units list --at 2015-12-31 --format csv
lacks "units list --at the day before --from does not show NEW" "$OUT" NEW

t_exit 1 "adding the same unit again: exit 1" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCV --from 2016-01-01
expect_in "NEW" "$ERR" "the message names the unit"
t_exit 1 "adding an overlapping period of NEW: exit 1" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCH --from 2016-06-01
t_exit 3 "an unknown parent: exit 3" "$PEJL" --db "$DB" units add ORPHAN --name "Forældreløs" --kind centre --parent NOSUCH --from 2016-01-01
expect_in "NOSUCH" "$ERR" "the message names the unknown parent"
t_exit 1 "a bad kind: exit 1" "$PEJL" --db "$DB" units add BADKIND --name "X" --kind centrum --parent BCV --from 2016-01-01
expect_in "centrum" "$ERR" "the message quotes the bad kind"
expect_in "citizen_centre" "$ERR" "the message lists the kinds"
t_exit 1 "a date that does not exist (2016-02-30): exit 1" "$PEJL" --db "$DB" units add BADDATE --name "X" --kind centre --parent BCV --from 2016-02-30
expect_in "2016-02-30" "$ERR" "the message quotes the bad date"
t_exit 1 "a date in the wrong form (01-01-2016): exit 1" "$PEJL" --db "$DB" units add BADDATE --name "X" --kind centre --parent BCV --from 01-01-2016
t_exit 1 "--to before --from: exit 1" "$PEJL" --db "$DB" units add BADDATE --name "X" --kind centre --parent BCV --from 2016-01-01 --to 2015-01-01
t_exit 2 "missing --name: exit 2" "$PEJL" --db "$DB" units add NONAME --kind centre --parent BCV --from 2016-01-01
expect_in "--name" "$ERR" "the usage message mentions --name"
t_exit 2 "missing --kind: exit 2" "$PEJL" --db "$DB" units add NOKIND --name "X" --parent BCV --from 2016-01-01
t_exit 2 "missing code: exit 2" "$PEJL" --db "$DB" units add --name "X" --kind centre --parent BCV
t_exit 1 "a code with a space: exit 1" "$PEJL" --db "$DB" units add "BAD CODE" --name "X" --kind centre --parent BCV --from 2016-01-01
run "$PEJL" --db "$DB" units list --all --format csv
for c in ORPHAN BADKIND BADDATE NONAME NOKIND; do
	lacks "the refused unit $c was not added" "$OUT" "$c"
done
n=$(printf '%s\n' "$OUT" | grep -c '^NEW,')
[ "$n" -eq 1 ] && ok "NEW has exactly one row after the refused adds" || not_ok "NEW has exactly one row after the refused adds" "$OUT"

# --- units close -------------------------------------------------------------------------------
t "units close NEW --on 2017-12-31" "$PEJL" --db "$DB" units close NEW --on 2017-12-31
run "$PEJL" --db "$DB" units list --at 2018-06-01 --format csv
lacks "after closing, units list --at 2018-06-01 does not list NEW" "$OUT" NEW
run "$PEJL" --db "$DB" units list --at 2017-06-01 --format csv
has_row "$OUT" NEW BCV && ok "units list --at 2017-06-01 lists NEW" || not_ok "units list --at 2017-06-01 lists NEW" "$OUT"
run "$PEJL" --db "$DB" units list --at 2017-12-31 --format csv
has_row "$OUT" NEW BCV && ok "units list --at the last day (2017-12-31) lists NEW" || not_ok "units list --at the last day (2017-12-31) lists NEW" "$OUT"
run "$PEJL" --db "$DB" units list --at 2018-01-01 --format csv
lacks "units list --at the day after the last day does not list NEW" "$OUT" NEW
run "$PEJL" --db "$DB" units list --all --format csv
expect_in "NEW,Center for Nyt,centre,BCV,2016-01-01,2017-12-31" "$OUT" "units list --all lists the closed unit with its last day"
t_exit 3 "closing an unknown unit: exit 3" "$PEJL" --db "$DB" units close NOSUCH --on 2017-12-31
t_exit 1 "closing with a bad date: exit 1" "$PEJL" --db "$DB" units close BBU --on 2017-02-29
t_exit 1 "closing before the unit started: exit 1" "$PEJL" --db "$DB" units close BBU --on 2009-12-31
t_exit 2 "closing without --on: exit 2" "$PEJL" --db "$DB" units close BBU
run "$PEJL" --db "$DB" units list --all --format csv
expect_in "BBU,Borgercenter Børn og Unge,citizen_centre,SOF,2010-01-01," "$OUT" "BBU is still open after the refused closes"

# --- a reorganisation: NEW moves to BBU from 2018 ---------------------------------------------
t "re-adding NEW under BBU from 2018-01-01" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BBU --from 2018-01-01
run "$PEJL" --db "$DB" units list --at 2017-06-01 --format csv
has_row "$OUT" NEW BCV && ok "--at 2017-06-01: NEW is under BCV" || not_ok "--at 2017-06-01: NEW is under BCV" "$OUT"
n=$(printf '%s\n' "$OUT" | grep -c '^NEW,')
[ "$n" -eq 1 ] && ok "--at 2017-06-01: NEW once" || not_ok "--at 2017-06-01: NEW once" "$OUT"
run "$PEJL" --db "$DB" units list --at 2018-06-01 --format csv
has_row "$OUT" NEW BBU && ok "--at 2018-06-01: NEW is under BBU" || not_ok "--at 2018-06-01: NEW is under BBU" "$OUT"
n=$(printf '%s\n' "$OUT" | grep -c '^NEW,')
[ "$n" -eq 1 ] && ok "--at 2018-06-01: NEW once" || not_ok "--at 2018-06-01: NEW once" "$OUT"
codes=$(csv_codes "$OUT" | tr '\n' ' ')
[ "$codes" = "SOF BBU NEW BCH BCV " ] && ok "--at 2018-06-01: NEW follows BBU in tree order" || not_ok "--at 2018-06-01: NEW follows BBU in tree order" "got: $codes"
run "$PEJL" --db "$DB" units list --at 2018-06-01 --format json
t "--at 2018-06-01 (JSON): NEW has parent BBU and depth 2" python3 -c '
import json, sys
d = [u for u in json.loads(sys.argv[1]) if u["code"] == "NEW"]
assert len(d) == 1 and d[0]["parent"] == "BBU" and d[0]["depth"] == 2 and d[0]["valid_to"] is None, d
' "$OUT"
run "$PEJL" --db "$DB" units list --all --format csv
n=$(printf '%s\n' "$OUT" | grep -c '^NEW,')
[ "$n" -eq 2 ] && ok "--all lists both periods of NEW" || not_ok "--all lists both periods of NEW" "$OUT"
expect_in "NEW,Center for Nyt,centre,BBU,2018-01-01," "$OUT" "--all shows the new period, open"
t_exit 1 "a re-add overlapping the closed period is refused" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCH --from 2017-06-01
t_exit 1 "a re-add overlapping the open period is refused" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCH --from 2019-01-01
t_exit 1 "a re-add with --to reaching into the next period is refused" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCH --from 2015-01-01 --to 2016-06-30
run "$PEJL" --db "$DB" units list --all --format csv
n=$(printf '%s\n' "$OUT" | grep -c '^NEW,')
[ "$n" -eq 2 ] && ok "the refused re-adds add no rows" || not_ok "the refused re-adds add no rows" "$OUT"
t "a re-add before the first period that does not overlap is accepted" "$PEJL" --db "$DB" units add NEW --name "Center for Nyt" --kind centre --parent BCH --from 2015-01-01 --to 2015-12-31
run "$PEJL" --db "$DB" units list --at 2015-06-01 --format csv
has_row "$OUT" NEW BCH && ok "--at 2015-06-01: NEW is under BCH" || not_ok "--at 2015-06-01: NEW is under BCH" "$OUT"

# the units survive an export/import round trip with their history
"$PEJL" --db "$DB" strategy export >"$TMP/units.json"
t "import the export with the reorganised unit into a new database" "$PEJL" --db "$TMP/copy.db" init --strategy "$TMP/units.json"
run "$PEJL" --db "$TMP/copy.db" units list --all --format csv
n=$(printf '%s\n' "$OUT" | grep -c '^NEW,')
[ "$n" -eq 3 ] && ok "the copy has all three periods of NEW" || not_ok "the copy has all three periods of NEW" "$OUT"

# --- usage ---------------------------------------------------------------------------------------
t_exit 2 "units list --at with a bad date: exit 2" "$PEJL" --db "$DB" units list --at 2018-02-30
t_exit 2 "units list --format xml: exit 2" "$PEJL" --db "$DB" units list --format xml

done_testing
