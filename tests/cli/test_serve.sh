#!/usr/bin/env bash
# test_serve.sh — pejl serve as an operator meets it: the INI file and its
# mistakes, environment overrides, TLS from a certificate and key, a port in
# use, a missing database, and graceful shutdown on SIGTERM.
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/s.db"
"$PEJL" --db "$DB" init --demo >/dev/null
PEJL_PASSWORD=serve-test-pw "$PEJL" --db "$DB" user add ana --role analyst >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { # url [curl args]
	for _ in $(seq 100); do curl -s -o /dev/null "$@" && return 0; sleep 0.1; done
	return 1
}

# --- a configuration file with a mistake names the file, line and setting
printf '[server]\nlisten = 127.0.0.1:1\n\n[security]\nsession_idle_minutes = forever\n' >"$TMP/bad.ini"
t_exit 1 "a bad setting in the INI file: exit 1" "$PEJL" --db "$DB" serve --config "$TMP/bad.ini"
expect_in "bad.ini:5: [security] session_idle_minutes = forever" "$ERR" "the message names file, line and setting"
printf '[server]\nlistne = 127.0.0.1:1\n' >"$TMP/typo.ini"
t_exit 1 "an unknown setting: exit 1" "$PEJL" --db "$DB" serve --config "$TMP/typo.ini"
expect_in "unknown setting" "$ERR" "an unknown setting is named as such"
t_exit 3 "a missing configuration file: exit 3" "$PEJL" --db "$DB" serve --config "$TMP/nope.ini"
t_exit 2 "a listen address without a port: exit 2" "$PEJL" --db "$DB" serve --listen 127.0.0.1
t_exit 3 "a database that does not exist: exit 3" "$PEJL" --db "$TMP/none.db" serve --listen 127.0.0.1:1

# --- the INI file sets the address; PEJL_LISTEN overrides it
p1=$(free_port)
p2=$(free_port)
printf '[server]\nlisten = 127.0.0.1:%s\nthreads = 2\n[database]\nurl = %s\n' "$p1" "$DB" >"$TMP/good.ini"
PEJL_LISTEN="127.0.0.1:$p2" "$PEJL" serve --config "$TMP/good.ini" >"$TMP/out" 2>&1 &
pid=$!
if wait_up "http://127.0.0.1:$p2/login"; then ok "PEJL_LISTEN overrides the file's listen address"; else not_ok "PEJL_LISTEN overrides the file's listen address" "$(cat "$TMP/out")"; fi
expect_in "serving $DB" "$(cat "$TMP/out")" "the database comes from the file's [database] url"

# --- a second server on the same port fails clearly
t_exit 5 "a port in use: exit 5" "$PEJL" --db "$DB" serve --listen "127.0.0.1:$p2"
expect_in "cannot listen" "$ERR" "the message says it cannot listen"

# --- SIGTERM stops it gracefully with exit 0
kill -TERM "$pid"
rc=0
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then not_ok "SIGTERM stops the server within 10 s"; kill -KILL "$pid"; else ok "SIGTERM stops the server within 10 s"; fi
wait "$pid" || rc=$?
if [ "$rc" -eq 0 ]; then ok "a graceful stop exits 0"; else not_ok "a graceful stop exits 0" "exit $rc"; fi

# --- TLS: a self-signed certificate; cookies are Secure, HSTS is sent
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 1 \
	-subj "/CN=127.0.0.1" >/dev/null 2>&1
chmod 600 "$TMP/key.pem"
p3=$(free_port)
PEJL_TLS_CERT="$TMP/cert.pem" PEJL_TLS_KEY="$TMP/key.pem" "$PEJL" --db "$DB" serve --listen "127.0.0.1:$p3" \
	>"$TMP/tls.out" 2>&1 &
pid=$!
if wait_up -k "https://127.0.0.1:$p3/login"; then ok "the server answers HTTPS with the given certificate"; else not_ok "the server answers HTTPS with the given certificate" "$(cat "$TMP/tls.out")"; fi
run curl -s -k -i -d 'name=ana&password=serve-test-pw' "https://127.0.0.1:$p3/login"
expect_in "Secure" "$(printf '%s' "$OUT" | grep -i '^set-cookie')" "under TLS the session cookie is Secure"
expect_in "Strict-Transport-Security" "$OUT" "under TLS the answer carries HSTS"
run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p3/login"
if [ "$OUT" != "200" ]; then ok "plain HTTP is not answered on the TLS port"; else not_ok "plain HTTP is not answered on the TLS port"; fi
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
t_exit 1 "TLS with a certificate but no key: exit 1" env PEJL_TLS_CERT="$TMP/cert.pem" "$PEJL" --db "$DB" serve --listen 127.0.0.1:1

# --- citizen feedback: the pseudonym key, recording a session through the API
"$PEJL" keygen --out "$TMP/k.key" >/dev/null 2>&1
PEJL_PASSWORD=pract-pass-1 "$PEJL" --db "$DB" user add mette --role practitioner --unit BCV-HJL-1A >/dev/null
chmod 644 "$TMP/k.key"
t_exit 4 "the server refuses a pseudonym key others can read: exit 4" env PEJL_KEY="$TMP/k.key" "$PEJL" --db "$DB" serve --listen 127.0.0.1:1
expect_in "chmod 600" "$ERR" "the message says how to fix the key file's mode"
chmod 600 "$TMP/k.key"
p4=$(free_port)
PEJL_KEY="$TMP/k.key" "$PEJL" --db "$DB" serve --listen "127.0.0.1:$p4" >"$TMP/fb.out" 2>&1 &
pid=$!
wait_up "http://127.0.0.1:$p4/login" || not_ok "the server with a key starts" "$(cat "$TMP/fb.out")"
curl -s -c "$TMP/cj" -d 'name=mette&password=pract-pass-1' "http://127.0.0.1:$p4/login" -o /dev/null
csrf=$(curl -s -b "$TMP/cj" "http://127.0.0.1:$p4/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
post() { curl -s -b "$TMP/cj" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d "$1" \
	-o "$TMP/body" -w '%{http_code}' "http://127.0.0.1:$p4/api/v1/feedback/sessions"; }
code=$(post '{"episode":"W1","cpr":"010180-1234","unit":"BCV-HJL-1A","date":"2017-03-01","session":1,"instrument":"ORS","i1":4.5,"i2":4.5,"i3":4.5,"i4":4.5}')
if [ "$code" = 201 ]; then ok "a practitioner records a session: 201"; else not_ok "a practitioner records a session: 201" "$code $(cat "$TMP/body")"; fi
code=$(post '{"episode":"W2","cpr":"010180-1234","unit":"BCV","date":"2017-03-01","session":1,"instrument":"ORS","i1":4.5,"i2":4.5,"i3":4.5,"i4":4.5}')
if [ "$code" = 403 ]; then ok "a unit outside the practitioner's subtree: 403"; else not_ok "a unit outside the practitioner's subtree: 403" "$code"; fi
code=$(post '{"episode":"W1","cpr":"010180-1234","unit":"BCV-HJL-1A","date":"2017-03-08","session":2,"instrument":"ORS","i1":10.5,"i2":4.5,"i3":4.5,"i4":4.5}')
if [ "$code" = 422 ] && grep -q '"where":"i1"' "$TMP/body"; then ok "an item out of range: 422 naming i1"; else not_ok "an item out of range: 422 naming i1" "$code $(cat "$TMP/body")"; fi
expect_not_in "010180" "$(cat "$TMP/body")" "the answer never echoes the CPR number"
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
if grep -q -a -e 0101801234 -e 010180-1234 "$DB" "$DB-wal" 2>/dev/null; then not_ok "the CPR number is nowhere in the database"; else ok "the CPR number is nowhere in the database"; fi

done_testing
