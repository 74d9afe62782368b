#!/usr/bin/env bash
# test_pg_cli.sh — every command with --db postgresql://…: the same steps on
# a SQLite file and on a PostgreSQL database give the same output (imports,
# corrections, units, users, feedback, strategy files, status in every
# format), mistakes change nothing on either, PEJL_DB and the bare
# postgresql:// (PG* environment) work, and a database pejl cannot use is
# refused with a message that says why: missing (exit 3, "init"), without
# pejl's schema (exit 3), not UTF-8 or not byte-order collation (exit 5),
# a server that does not answer (exit 5).
# needs: postgresql
. "$ROOT/tests/cli/lib.sh"
pg_require

S="$TMP/s.db"
P=$(pg_url cli)
PNAME=${P##*/}
export PEJL_KEY="$TMP/pejl.key"
"$PEJL" keygen --out "$PEJL_KEY" >/dev/null

# the inputs
printf 'goal,period,unit,group,value,note\n1B,2018,BCV-HJL-1A,,40,ny\n1B,2018,BCV-HJL-1A,homelessness,12,\n1B,2017,BCV-HJL-1A,,99,rettelse\n' >"$TMP/m1.csv"
printf 'goal,period,unit,group,value\n1B,2019,BCV,,1\n1B,2019,NOPE,,2\n' >"$TMP/bad.csv"
printf 'goal,period,unit,group,numerator,denominator\n1C,2018,BCV-HJL-1B,,41,50\n1C,2018,BCV-HJL-1B,families,0.5,3\n' >"$TMP/m2.csv"
FB="episode,cpr,unit,practitioner,date,session,instrument,i1,i2,i3,i4,rater,skipped,end_date,end_reason"
{
	echo "$FB"
	echo "P1,010180-1237,BCV-HJL-1A,anna,2017-01-02,1,ORS,4.1,4.1,4.1,4.0,self,0,,"
	echo "P1,010180-1237,BCV-HJL-1A,anna,2017-01-02,1,SRS,9.0,9.0,9.0,9.0,self,0,,"
	echo "P1,010180-1237,BCV-HJL-1A,anna,2017-01-09,2,ORS,6.0,6.0,6.0,6.0,self,0,2017-01-09,planned"
} >"$TMP/fb.csv"

steps() { # db → a transcript of every output on stdout
	local db=$1
	"$PEJL" --db "$db" init --demo
	"$PEJL" --db "$db" init --demo
	echo "init again: $?"
	"$PEJL" --db "$db" import measurements "$TMP/m1.csv"
	"$PEJL" --db "$db" import measurements "$TMP/bad.csv" 2>&1
	echo "bad import: $?"
	"$PEJL" --db "$db" import measurements "$TMP/m2.csv"
	"$PEJL" --db "$db" import measurements --dry-run "$TMP/m1.csv"
	"$PEJL" --db "$db" units add BCV-NY --name "Nyt tilbud" --kind service --parent BCV-HJL-1 --from 2018-01-01
	"$PEJL" --db "$db" units add BCV-NY --name "Nyt tilbud" --kind service --parent BCV-HJL-1 --from 2018-06-01 2>&1
	echo "overlapping unit: $?"
	"$PEJL" --db "$db" units close BCV-NY --on 2018-12-31
	PEJL_PASSWORD=pg-cli-test-pw "$PEJL" --db "$db" user add anna --role analyst
	PEJL_PASSWORD=pg-cli-test-pw "$PEJL" --db "$db" user add anna --role admin 2>&1
	echo "duplicate user: $?"
	"$PEJL" --db "$db" user list
	"$PEJL" --db "$db" feedback import "$TMP/fb.csv"
	"$PEJL" --db "$db" feedback import "$TMP/fb.csv"
	"$PEJL" --db "$db" feedback outcomes --format json
	"$PEJL" --db "$db" strategy list --format json
	"$PEJL" --db "$db" strategy export >"$TMP/export.json"
	python3 - "$TMP/export.json" >"$TMP/export2.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
g = d["strategy"]["pejlemaerker"][0]["goals"][1]
old = {k: v for k, v in g.items() if k not in ("code", "main", "history")}
g.setdefault("history", []).append(old)
g["version"] = {"date": "2018-01-01", "decision": "2018-0001"}
g["title"] = g["title"] + " (2018)"
g["target"] = {"kind": "delta", "value": -100, "period": "2019"}
print(json.dumps(d, ensure_ascii=False))
EOF
	"$PEJL" --db "$db" strategy import "$TMP/export2.json"
	"$PEJL" --db "$db" strategy export
	"$PEJL" --db "$db" goals list --at 2018-06-01 --format csv
	"$PEJL" --db "$db" units list --all --format json
	"$PEJL" --db "$db" measurements list 1B --unit BCV-HJL-1A --history --format json | sed 's/"at": *"[^"]*"/"at":"…"/g'
	"$PEJL" --db "$db" status --period 2018 --format json
	"$PEJL" --db "$db" status --period 2017 --unit BCV --format csv
	"$PEJL" --db "$db" status --period 2017 --group homelessness
	"$PEJL" --db "$db" retention run --years 1
}

steps "$S" >"$TMP/sqlite.out" 2>"$TMP/sqlite.err"
steps "$P" >"$TMP/pg.out" 2>"$TMP/pg.err"
# the database's name is in a few lines; the rest must be byte for byte the same
sed -i "s|$S|DB|g" "$TMP/sqlite.out"
sed -i "s|$P|DB|g" "$TMP/pg.out"
if [ "$(wc -l <"$TMP/sqlite.out")" -gt 200 ] && cmp -s "$TMP/sqlite.out" "$TMP/pg.out"; then
	ok "every step gives the same output on PostgreSQL as on SQLite ($(wc -l <"$TMP/pg.out") lines)"
else
	not_ok "every step gives the same output on PostgreSQL as on SQLite" "$(diff "$TMP/sqlite.out" "$TMP/pg.out" | head -40)
stderr (pg): $(head -c 1500 "$TMP/pg.err")"
fi
expect_in "bad import: 1" "$(cat "$TMP/pg.out")" "a bad import on PostgreSQL exits 1"
expect_in "overlapping unit: 1" "$(cat "$TMP/pg.out")" "an overlapping unit on PostgreSQL exits 1"
expect_in "duplicate user: 1" "$(cat "$TMP/pg.out")" "a duplicate user on PostgreSQL exits 1"
expect_not_in "postgresql:" "$(cat "$TMP/pg.err")" "no PostgreSQL error reached the user"
n=$(psql -XAtq -d "$PNAME" -c "SELECT COUNT(*) FROM observation WHERE period = '2019'")
if [ "$n" = 0 ]; then ok "the bad import stored nothing"; else not_ok "the bad import stored nothing" "$n rows of 2019"; fi

# --- the URL from the environment
t "PEJL_DB may be a postgresql:// URL" env PEJL_DB="$P" "$PEJL" strategy list
expect_in "kk-2014" "$OUT" "PEJL_DB reaches the database"
t "the bare postgresql:// takes the database from PGDATABASE" env PGDATABASE="$PNAME" "$PEJL" --db postgresql:// strategy list
expect_in "kk-2014" "$OUT" "the bare URL reaches the database"
t "postgres:// is accepted too" "$PEJL" --db "postgres:///$PNAME" goals list
t "a URL with its host as a parameter works" "$PEJL" --db "postgresql:///$PNAME?host=$PGHOST&application_name=pejltest" units list

# --- pejl serve takes the URL from its configuration file ([database] url)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf '[server]\nlisten = 127.0.0.1:%s\nthreads = 2\n[database]\nurl = postgresql://postgres:pw-cfg-123@/%s?host=%s\n' \
	"$port" "$PNAME" "$PGHOST" >"$TMP/pg.ini"
"$PEJL" serve --config "$TMP/pg.ini" >"$TMP/serve.out" 2>&1 &
pid=$!
up=0
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && { up=1; break; }; sleep 0.1; done
if [ $up = 1 ]; then ok "pejl serve runs on the PostgreSQL URL of its configuration file"; else not_ok "pejl serve runs on the PostgreSQL URL of its configuration file" "$(cat "$TMP/serve.out")"; fi
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'name=anna&password=pg-cli-test-pw' "http://127.0.0.1:$port/login")
if [ "$code" = 303 ]; then ok "a user stored in PostgreSQL logs in"; else not_ok "a user stored in PostgreSQL logs in" "status $code"; fi
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
if [ $rc = 0 ]; then ok "the server stops with exit 0"; else not_ok "the server stops with exit 0" "exit $rc: $(cat "$TMP/serve.out")"; fi
expect_in "serving postgresql://postgres:***@/$PNAME" "$(cat "$TMP/serve.out")" "serve names the database with its password masked"
expect_not_in "pw-cfg-123" "$(cat "$TMP/serve.out")" "serve never prints the password"
t_exit 3 "serve on a PostgreSQL database that does not exist: exit 3" "$PEJL" --db "postgresql:///nosuchdb_$$" serve --listen 127.0.0.1:1

# --- databases pejl cannot use
t_exit 3 "a database that does not exist: exit 3" "$PEJL" --db "postgresql:///nosuchdb_$$" status
expect_in "pejl --db postgresql:///nosuchdb_$$ init" "$ERR" "the message says how to create it"
EMPTY=$(pg_url empty)
psql -XAtq -d postgres -c "CREATE DATABASE \"${EMPTY##*/}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
t_exit 3 "a database without pejl's schema: exit 3" "$PEJL" --db "$EMPTY" status
expect_in "holds no pejl data yet" "$ERR" "the message says it holds no pejl data"
n=$(psql -XAtq -d "${EMPTY##*/}" -c "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$n" = 0 ]; then ok "reading an empty database creates nothing in it"; else not_ok "reading an empty database creates nothing in it" "$n tables"; fi
t "init fills an empty database made by an administrator" "$PEJL" --db "$EMPTY" init
ASCII=$(pg_url ascii)
psql -XAtq -d postgres -c "CREATE DATABASE \"${ASCII##*/}\" TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'"
t_exit 5 "a database that is not UTF-8: exit 5" "$PEJL" --db "$ASCII" init
expect_in "pejl needs UTF8" "$ERR" "the message names the encoding pejl needs"
ICU=$(pg_url icu)
if psql -XAtq -d postgres -c "CREATE DATABASE \"${ICU##*/}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'da-DK' LOCALE 'C'" 2>"$TMP/icu.err"; then
	t_exit 5 "a database with a language's collation: exit 5" "$PEJL" --db "$ICU" init
	expect_in "LC_COLLATE 'C'" "$ERR" "the message says which collation pejl needs"
else
	not_ok "a database with ICU collation can be made for the test" "$(cat "$TMP/icu.err")"
fi
t_exit 5 "a server that does not answer: exit 5" "$PEJL" --db "postgresql://pejl:pw-123456@127.0.0.1:1/x" status
expect_in "cannot connect to postgresql://pejl:***@127.0.0.1:1/x" "$ERR" "the message names the server, password masked"
expect_not_in "pw-123456" "$ERR" "the password is not printed"

done_testing
