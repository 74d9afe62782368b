#!/usr/bin/env bash
# test_concurrent_imports.sh — imports started at the same moment on one
# database, on SQLite and on PostgreSQL: two good imports of the same keys
# with different values and a third that fails on its last row. Afterwards
# both good imports are stored whole, one after the other (every key has
# exactly one revision per import, and the latest values of all keys come
# from the same import, never a mix), and nothing of the failed one is
# there. Three rounds on each store.
# needs: postgresql
. "$ROOT/tests/cli/lib.sh"
pg_require

GROUPS_=",children_youth,disability,mental_illness,substance_misuse,homelessness,vulnerable_adults,families,crime"

# gen FILE VALUE [bad]: one row of goal 1B for every period 2018–2027, unit and
# group, all with VALUE; with "bad", a last row with an unknown unit.
gen() {
	python3 - "$1" "$2" "${3:-}" "$UNITS" "$GROUPS_" <<'EOF'
import sys
path, value, bad, units, groups = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(), sys.argv[5].split(",")
with open(path, "w") as f:
    f.write("goal,period,unit,group,value\n")
    for p in range(2018, 2028):
        for u in units:
            for g in groups:
                f.write("1B,%d,%s,%s,%s\n" % (p, u, g, value))
    if bad:
        f.write("1B,2018,NO-SUCH-UNIT,,%s\n" % value)
EOF
}

# latest values and revision counts of the keys from 2018 on: "NKEYS NREVS VALUES…"
summary() {
	"$PEJL" --db "$1" measurements list 1B --format csv >"$TMP/latest.csv" || return 1
	"$PEJL" --db "$1" measurements list 1B --history --format csv >"$TMP/history.csv" || return 1
	python3 - "$TMP/latest.csv" "$TMP/history.csv" <<'EOF'
import csv, sys
latest = [r for r in csv.DictReader(open(sys.argv[1])) if r["period"] >= "2018"]
history = [r for r in csv.DictReader(open(sys.argv[2])) if r["period"] >= "2018"]
print(len(latest), len(history), " ".join(sorted({r["value"] for r in latest})))
EOF
}

for store in sqlite postgresql; do
	if [ "$store" = sqlite ]; then DB="$TMP/c.db"; else DB=$(pg_url concurrent); fi
	"$PEJL" --db "$DB" init --demo >/dev/null
	UNITS=$("$PEJL" --db "$DB" units list --format csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')
	nkeys=$((10 * $(echo "$UNITS" | wc -w) * 9))
	for round in 1 2 3; do
		a=$((round * 10 + 1)) b=$((round * 10 + 2))
		gen "$TMP/a.csv" "$a"
		gen "$TMP/b.csv" "$b"
		gen "$TMP/c.csv" 999 bad
		"$PEJL" --db "$DB" import measurements "$TMP/a.csv" >"$TMP/a.out" 2>&1 &
		pa=$!
		"$PEJL" --db "$DB" import measurements "$TMP/b.csv" >"$TMP/b.out" 2>&1 &
		pb=$!
		"$PEJL" --db "$DB" import measurements "$TMP/c.csv" >"$TMP/c.out" 2>&1 &
		pc=$!
		wait $pa; ra=$?
		wait $pb; rb=$?
		wait $pc; rc=$?
		if [ $ra -eq 0 ] && [ $rb -eq 0 ]; then ok "$store, round $round: both good imports succeed at once"
		else not_ok "$store, round $round: both good imports succeed at once" "a: exit $ra $(cat "$TMP/a.out")
b: exit $rb $(cat "$TMP/b.out")"; fi
		if [ $rc -eq 1 ]; then ok "$store, round $round: the bad import fails with exit 1"
		else not_ok "$store, round $round: the bad import fails with exit 1" "exit $rc: $(cat "$TMP/c.out")"; fi
		got=$(summary "$DB")
		want_a="$nkeys $((nkeys * 2 * round)) $a" want_b="$nkeys $((nkeys * 2 * round)) $b"
		if [ "$got" = "$want_a" ] || [ "$got" = "$want_b" ]; then
			ok "$store, round $round: each import whole, one after the other, nothing of the failed one ($got)"
		else
			not_ok "$store, round $round: each import whole, one after the other, nothing of the failed one" \
				"keys, revisions, latest values: got '$got', wanted '$want_a' or '$want_b'"
		fi
	done
done

done_testing
