#!/usr/bin/env bash
# test_pg_migrate.sh — pejl migrate copies a SQLite database into
# PostgreSQL: every table with the same number of rows (counted here with
# sqlite3 and psql, apart from what pejl reports), the same status and the
# same reports from both, a copy that keeps working (new ids after the
# copied ones), a refused non-empty target, and no password in any message.
# needs: postgresql
. "$ROOT/tests/cli/lib.sh"
pg_require

SRC="$TMP/src.db"
"$PEJL" --db "$SRC" init --demo >/dev/null
PEJL_PASSWORD=migrate-test-pw "$PEJL" --db "$SRC" user add anna --role analyst >/dev/null
PEJL_PASSWORD=migrate-test-pw "$PEJL" --db "$SRC" user add bo --role leader --unit BCV >/dev/null
printf 'goal,period,unit,group,value\n1B,2017,BCV-HJL-1A,,17\n1B,2017,BCV-HJL-1A,homelessness,4\n' >"$TMP/fix.csv"
"$PEJL" --db "$SRC" import measurements "$TMP/fix.csv" >/dev/null
printf 'goal,period,unit,group,value\n1B,2017,BCV-HJL-1A,,18\n' >"$TMP/fix2.csv"
"$PEJL" --db "$SRC" import measurements "$TMP/fix2.csv" >/dev/null # a revision

URL=$(pg_url migrate)
NAME=${URL##*/}
# trust authentication ignores the password, so a URL can carry one
SECRET_URL="postgresql://postgres:Hemmelig-42@/$NAME?host=$PGHOST"

t "migrate copies a SQLite file into a new PostgreSQL database" "$PEJL" migrate --from "$SRC" --to "$SECRET_URL"
expect_in "every table has the same number of rows in both, and the status is the same" "$OUT" \
	"migrate reports that the row counts and the status agree"
expect_in "observation" "$OUT" "migrate lists the tables it counted"
expect_not_in "DIFFERENT" "$OUT" "no table differs"
expect_not_in "Hemmelig-42" "$OUT$ERR" "the password is not printed"
expect_in "postgresql://postgres:***@/$NAME" "$OUT" "the target is named with its password masked"

# --- the row counts, counted apart from pejl
diffs=""
ntables=0
for table in $(sqlite3 "$SRC" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
	a=$(sqlite3 "$SRC" "SELECT COUNT(*) FROM $table")
	b=$(psql -XAtq -d "$NAME" -c "SELECT COUNT(*) FROM $table" 2>&1)
	ntables=$((ntables + 1))
	[ "$a" = "$b" ] || diffs="$diffs $table:$a/$b"
done
if [ -z "$diffs" ] && [ "$ntables" -ge 20 ]; then ok "all $ntables tables have as many rows in PostgreSQL as in SQLite"
else not_ok "all tables have as many rows in PostgreSQL as in SQLite" "differences (sqlite/pg):$diffs ($ntables tables)"; fi
a=$(sqlite3 "$SRC" "SELECT SUM(id), SUM(revision), CAST(ROUND(SUM(value) * 1000) AS BIGINT) FROM observation")
b=$(psql -XAtq -F '|' -d "$NAME" -c "SELECT SUM(id), SUM(revision), CAST(ROUND(SUM(value) * 1000) AS BIGINT) FROM observation")
if [ "$a" = "$b" ]; then ok "observation ids, revisions and values are the same"; else not_ok "observation ids, revisions and values are the same" "$a vs $b"; fi

# --- the same answers from both
same() { # name args...
	local name=$1; shift
	"$PEJL" --db "$SRC" "$@" >"$TMP/a.out" 2>&1
	"$PEJL" --db "$URL" "$@" >"$TMP/b.out" 2>&1
	if cmp -s "$TMP/a.out" "$TMP/b.out" && [ -s "$TMP/a.out" ]; then ok "$name"
	else not_ok "$name" "$(diff "$TMP/a.out" "$TMP/b.out" | head -20)"; fi
}
same "status --format json is the same from both" status --format json
same "status for a unit and an earlier period is the same" status --unit BCV --period 2015 --format csv
same "the status text is the same" status --lang en
same "goals list is the same" goals list --format json
same "units list --all is the same" units list --all
same "strategy export is the same" strategy export
same "measurements list --history is the same (revisions, who, when)" measurements list 1B --history --format csv
same "user list is the same" user list

# --- the copy is a working database: new rows get new ids
t "the copy takes a new import" "$PEJL" --db "$URL" import measurements "$TMP/fix.csv"
expect_in "1 revised" "$OUT" "the import sees the copied revisions"
t "the copy takes a new user" env PEJL_PASSWORD=migrate-test-pw "$PEJL" --db "$URL" user add cai --role viewer

# --- a target that holds data is refused, and nothing changes
before=$(psql -XAtq -d "$NAME" -c "SELECT COUNT(*) FROM observation")
t_exit 1 "migrate into a database that holds data: exit 1" "$PEJL" migrate --from "$SRC" --to "$URL"
expect_in "not empty" "$ERR" "the message says the target is not empty"
after=$(psql -XAtq -d "$NAME" -c "SELECT COUNT(*) FROM observation")
if [ "$before" = "$after" ]; then ok "the refused migrate changed nothing"; else not_ok "the refused migrate changed nothing" "$before → $after"; fi

# --- mistakes
t_exit 3 "a source that does not exist: exit 3" "$PEJL" migrate --from "$TMP/none.db" --to "$(pg_url unused)"
t_exit 2 "the same database twice: exit 2" "$PEJL" migrate --from "$SRC" --to "$SRC"
t_exit 2 "no --to: exit 2" "$PEJL" migrate --from "$SRC"
t_exit 5 "a server that does not answer: exit 5" "$PEJL" migrate --from "$SRC" \
	--to "postgresql://postgres:Hemmelig-42@127.0.0.1:1/x"
expect_not_in "Hemmelig-42" "$ERR" "the password is not printed when the connection fails"
expect_in "postgresql://postgres:***@127.0.0.1:1/x" "$ERR" "the failing URL is named with its password masked"

# --- and back: PostgreSQL into a new SQLite file gives the same status
t "migrate copies PostgreSQL back into a new SQLite file" "$PEJL" migrate --from "$URL" --to "$TMP/back.db"
"$PEJL" --db "$URL" status --format json >"$TMP/p.json"
"$PEJL" --db "$TMP/back.db" status --format json >"$TMP/q.json"
if cmp -s "$TMP/p.json" "$TMP/q.json"; then ok "the status of the round trip is the same"; else not_ok "the status of the round trip is the same" "$(diff "$TMP/p.json" "$TMP/q.json" | head)"; fi

done_testing
