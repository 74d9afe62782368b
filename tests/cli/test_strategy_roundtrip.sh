# tests/cli/test_strategy_roundtrip.sh — export → import → export gives the
# same bytes; --out; strategy list; importing twice; appending a goal version
# versus rewriting history.
. "$ROOT/tests/cli/lib.sh"

# Exports the database $1 to the file $2; records a failure if export fails.
export_to() {
	if ! "$PEJL" --db "$1" strategy export >"$2" 2>"$TMP/.exp.err"; then
		not_ok "strategy export of $(basename "$1")" "$(cat "$TMP/.exp.err")"
	fi
}
# same_file NAME A B: passes when A and B have the same bytes.
same_file() {
	if [ ! -s "$2" ]; then not_ok "$1" "$2 is empty (did the export fail?)"
	elif cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$3" | head -20)"; fi
}

# --- round trip, plain and demo -------------------------------------------------
for kind in plain demo; do
	A="$TMP/$kind-a.db" B="$TMP/$kind-b.db"
	if [ $kind = demo ]; then
		t "$kind: init --demo" "$PEJL" --db "$A" init --demo
	else
		t "$kind: init" "$PEJL" --db "$A" init
	fi
	export_to "$A" "$TMP/$kind-1.json"
	[ -s "$TMP/$kind-1.json" ] && ok "$kind: export writes something" || not_ok "$kind: export writes something"
	t "$kind: the export is JSON in format pejl-strategy/1" python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["format"] == "pejl-strategy/1", d.get("format")
assert d["strategy"]["code"] == "kk-2014"
n = sum(len(p["goals"]) for p in d["strategy"]["pejlemaerker"])
assert n == (18 if sys.argv[2] == "demo" else 16), n  # the demo adds its two computed goals 5B and 9C
' "$TMP/$kind-1.json" "$kind"
	t "$kind: import the export into a new database (init --strategy FILE)" \
		"$PEJL" --db "$B" init --strategy "$TMP/$kind-1.json"
	export_to "$B" "$TMP/$kind-2.json"
	same_file "$kind: export → import → export is byte-identical" "$TMP/$kind-1.json" "$TMP/$kind-2.json"
	run "$PEJL" --db "$A" units list --all --format csv
	ua=$OUT
	run "$PEJL" --db "$B" units list --all --format csv
	[ "$ua" = "$OUT" ] && ok "$kind: the new database has the same units" || not_ok "$kind: the new database has the same units" "$(diff <(echo "$ua") <(echo "$OUT") | head)"
done
run "$PEJL" --db "$TMP/demo-a.db" units list --all --format csv
nd=$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)
[ "$nd" -gt 4 ] && ok "the demo export carries the demo units ($nd)" || not_ok "the demo export carries the demo units" "$nd units"
expect_in "(syntetisk)" "$(cat "$TMP/demo-1.json")" "the demo export keeps the synthetic label"

# import the plain export into an empty database with strategy import
: >"$TMP/empty.db" # an empty file is an empty SQLite database; pejl adds its schema
t "strategy import into an empty database" "$PEJL" --db "$TMP/empty.db" strategy import "$TMP/plain-1.json"
expect_in "New strategy kk-2014" "$OUT" "strategy import says the strategy is new"
export_to "$TMP/empty.db" "$TMP/plain-3.json"
same_file "export → strategy import → export is byte-identical" "$TMP/plain-1.json" "$TMP/plain-3.json"
t "strategy import from stdin (-)" "$PEJL" --db "$TMP/plain-a.db" strategy import - <"$TMP/plain-1.json"

# --- --out ---------------------------------------------------------------------------
t "strategy export --out FILE" "$PEJL" --db "$TMP/plain-a.db" strategy export --out "$TMP/out.json"
[ -z "$OUT" ] && ok "--out writes nothing to stdout" || not_ok "--out writes nothing to stdout" "$(printf '%s' "$OUT" | head -3)"
same_file "--out writes the same bytes as stdout" "$TMP/plain-1.json" "$TMP/out.json"
t "strategy export --strategy kk-2014 --format json" "$PEJL" --db "$TMP/plain-a.db" strategy export --strategy kk-2014 --format json
printf '%s\n' "$OUT" >"$TMP/named.json"
same_file "export --strategy kk-2014 equals the default export" "$TMP/plain-1.json" "$TMP/named.json"
t_exit 3 "export --strategy nosuch exits 3" "$PEJL" --db "$TMP/plain-a.db" strategy export --strategy nosuch
t_exit 2 "export --format csv is a usage error" "$PEJL" --db "$TMP/plain-a.db" strategy export --format csv
t_exit 5 "export --out into a missing directory exits 5" "$PEJL" --db "$TMP/plain-a.db" strategy export --out "$TMP/no/such/dir/x.json"

# --- strategy list ----------------------------------------------------------------------
t "strategy list" "$PEJL" --db "$TMP/plain-a.db" strategy list
expect_in "kk-2014" "$OUT" "strategy list shows kk-2014"
t "strategy list --format json" "$PEJL" --db "$TMP/plain-a.db" strategy list --format json
t "strategy list --format json has kk-2014 with 9 pejlemærker and 16 goals" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 1, d
assert d[0]["code"] == "kk-2014" and d[0]["pejlemaerker"] == 9 and d[0]["goals"] == 16, d
assert d[0]["valid_from"] == 2014 and d[0]["valid_to"] == 2017, d
' "$OUT"
t "strategy list --format csv" "$PEJL" --db "$TMP/plain-a.db" strategy list --format csv
expect_in "kk-2014,Socialstrategi" "$OUT" "strategy list --format csv: code first, then name"

# --- importing the same file twice ------------------------------------------------------
D="$TMP/twice.db"
: >"$D"
t "import once" "$PEJL" --db "$D" strategy import "$TMP/demo-1.json"
export_to "$D" "$TMP/twice-1.json"
"$PEJL" --db "$D" units list --all --format csv >"$TMP/twice-u1.csv"
t "import the same file again" "$PEJL" --db "$D" strategy import "$TMP/demo-1.json"
expect_in "0 new goal versions" "$OUT" "the second import adds no goal versions"
expect_in "units 0 new" "$OUT" "the second import adds no units"
expect_in "target groups 0 new" "$OUT" "the second import adds no target groups"
export_to "$D" "$TMP/twice-2.json"
same_file "importing twice changes nothing (export)" "$TMP/twice-1.json" "$TMP/twice-2.json"
"$PEJL" --db "$D" units list --all --format csv >"$TMP/twice-u2.csv"
same_file "importing twice changes nothing (units)" "$TMP/twice-u1.csv" "$TMP/twice-u2.csv"
run "$PEJL" --db "$D" strategy list --format csv
n=$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)
[ "$n" -eq 1 ] && ok "importing twice leaves one strategy" || not_ok "importing twice leaves one strategy" "$OUT"

# --- a new goal version ----------------------------------------------------------------------
V="$TMP/versions.db"
t "init for the version tests" "$PEJL" --db "$V" init
export_to "$V" "$TMP/v0.json"
t "make a file that adds a version of 1D" python3 - "$TMP/v0.json" "$TMP/v1.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"][3]
assert g["code"] == "1D" and "history" not in g
old = {k: v for k, v in g.items() if k not in ("code", "main", "history")}
g["history"] = [old]
g["target"] = {"kind": "delta", "value": -400, "period": "2017"}
g["version"] = {"date": "2016-03-01", "decision": "2016-0012345", "note": "Skærpet mål"}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
t "import the file with a new version of 1D" "$PEJL" --db "$V" strategy import "$TMP/v1.json"
expect_in "1 new goal versions" "$OUT" "the import reports one new goal version"
export_to "$V" "$TMP/v2.json"
t "the export has both versions of 1D, oldest in history" python3 - "$TMP/v2.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"][3]
assert g["code"] == "1D" and g["main"] is True
assert g["target"] == {"kind": "delta", "value": -400, "period": "2017"}, g["target"]
assert g["version"]["date"] == "2016-03-01", g["version"]
assert len(g["history"]) == 1, g.get("history")
h = g["history"][0]
assert h["target"] == {"kind": "delta", "value": -325, "period": "2017"}, h["target"]
assert h["version"]["date"] == "2014-09-17", h["version"]
others = [x for p in d["strategy"]["pejlemaerker"] for x in p["goals"] if x["code"] != "1D"]
assert all("history" not in x for x in others)
EOF
run "$PEJL" --db "$V" goals list --format csv
expect_in "1,1D,1,Færre hjemløse i København,count,down,census,biennial,2013,1581,delta,-400,1181,2017" "$OUT" \
	"goals list shows the new version of 1D today"
run "$PEJL" --db "$V" goals list --format csv --at 2015-01-01
expect_in "1,1D,1,Færre hjemløse i København,count,down,census,biennial,2013,1581,delta,-325,1256,2017" "$OUT" \
	"goals list --at 2015-01-01 shows the first version of 1D"
run "$PEJL" --db "$V" goals list --format json
t "goals list --format json numbers the version (2 of 2)" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
g = [x for p in d["pejlemaerker"] for x in p["goals"] if x["code"] == "1D"][0]
assert g["version"]["number"] == 2 and g["version"]["of"] == 2, g["version"]
' "$OUT"
t "round trip of the two-version strategy" "$PEJL" --db "$TMP/versions-b.db" init --strategy "$TMP/v2.json"
export_to "$TMP/versions-b.db" "$TMP/v3.json"
same_file "export → import → export with history is byte-identical" "$TMP/v2.json" "$TMP/v3.json"
t "importing the version file again" "$PEJL" --db "$V" strategy import "$TMP/v1.json"
expect_in "0 new goal versions" "$OUT" "importing the version file again adds nothing"
export_to "$V" "$TMP/v2b.json"
same_file "importing the version file again changes nothing" "$TMP/v2.json" "$TMP/v2b.json"
# the old file (one version of 1D) may be refused or accepted as changing
# nothing, but must never drop the stored newer version
run "$PEJL" --db "$V" strategy import "$TMP/v0.json"
[ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] && ok "importing the older one-version file exits 0 or 1" ||
	not_ok "importing the older one-version file exits 0 or 1" "exit $RC: $ERR"
export_to "$V" "$TMP/v2c.json"
same_file "importing the older file changes nothing" "$TMP/v2.json" "$TMP/v2c.json"

# --- rewriting an existing version is refused -----------------------------------------------
t "make a file that changes 1D's target without a new version" python3 - "$TMP/v0.json" "$TMP/vbad.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"][3]
assert g["code"] == "1D"
g["target"]["value"] = -300
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
R="$TMP/rewrite.db"
t "init for the rewrite test" "$PEJL" --db "$R" init
export_to "$R" "$TMP/r-before.json"
t_exit 1 "a file that rewrites a stored version is refused (exit 1)" "$PEJL" --db "$R" strategy import "$TMP/vbad.json"
expect_in "vbad.json" "$ERR" "the refusal names the file"
expect_in "\$.strategy" "$ERR" "the refusal names a JSON path"
export_to "$R" "$TMP/r-after.json"
same_file "the refused import changes nothing" "$TMP/r-before.json" "$TMP/r-after.json"
run "$PEJL" --db "$R" goals list --format csv
expect_in "delta,-325,1256,2017" "$OUT" "1D still has its stored target"
# the same rewrite on the database that has two versions of 1D
t_exit 1 "rewriting the first of two versions is refused" "$PEJL" --db "$V" strategy import "$TMP/vbad.json"
export_to "$V" "$TMP/v2d.json"
same_file "the refused import leaves both versions as they were" "$TMP/v2.json" "$TMP/v2d.json"
# a "new" version with the same date as the stored one is not a new version
t "make a file with a second version on the same date" python3 - "$TMP/v0.json" "$TMP/vsame.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g = d["strategy"]["pejlemaerker"][0]["goals"][3]
old = {k: v for k, v in g.items() if k not in ("code", "main", "history")}
g["history"] = [old]
g["target"] = {"kind": "delta", "value": -300, "period": "2017"}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
t_exit 1 "a version dated the same day as the one before is refused" "$PEJL" --db "$R" strategy import "$TMP/vsame.json"
expect_in "\$.strategy.pejlemaerker[0].goals[3]" "$ERR" "the refusal names 1D's JSON path"
export_to "$R" "$TMP/r-after2.json"
same_file "the refused same-date version changes nothing" "$TMP/r-before.json" "$TMP/r-after2.json"

done_testing
