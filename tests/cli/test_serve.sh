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

done_testing
