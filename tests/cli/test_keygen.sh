# tests/cli/test_keygen.sh — `pejl keygen`: makes a 0600 key file (at
# --out, $PEJL_KEY or ./pejl.key), never overwrites one (exit 1), says
# where the key is and that it must be backed up and kept away from the
# database, and warns when it is put next to the database.
. "$ROOT/tests/cli/lib.sh"

mode_of() { stat -c %a "$1"; }
is_key() { printf '%s\n' "$(cat "$1")" | grep -Eqx '[0-9a-f]{64}' && [ "$(wc -c <"$1")" -eq 65 ]; }

# --- help ----------------------------------------------------------------------------------
t "keygen --help exits 0" "$PEJL" keygen --help
expect_in "usage: pejl [--db URL] keygen [--out FILE]" "$OUT" "keygen --help prints the usage line"
expect_in "PEJL_KEY" "$OUT" "keygen --help names PEJL_KEY"
expect_in "never" "$OUT" "keygen --help says an existing key is never overwritten"
t "pejl --help exits 0" "$PEJL" --help
printf '%s\n' "$OUT" | grep -Eq '^  keygen  ' && ok "pejl --help lists keygen" || not_ok "pejl --help lists keygen" "$OUT"
[ ! -e pejl.key ] && [ ! -e "$TMP/pejl.key" ] && ok "--help makes no key" || not_ok "--help makes no key"

# --- --out -----------------------------------------------------------------------------------
KEY="$TMP/keys/pejl.key"
mkdir -p "$TMP/keys" "$TMP/data"
t "keygen --out FILE exits 0" "$PEJL" keygen --out "$KEY"
[ -f "$KEY" ] && ok "the key file exists" || not_ok "the key file exists"
m=$(mode_of "$KEY")
[ "$m" = 600 ] && ok "the key file has mode 0600" || not_ok "the key file has mode 0600" "mode $m"
is_key "$KEY" && ok "the key file holds 64 hex characters and a newline" || not_ok "the key file holds 64 hex characters and a newline" "$(od -c "$KEY" | head -n 3)"
expect_in "$KEY" "$OUT" "keygen says where the key is"
expect_in "Back it up" "$OUT" "keygen says the key must be backed up"
expect_in "out of the database directory" "$OUT" "keygen says to keep the key out of the database directory"
KEYTEXT=$(cat "$KEY")
expect_not_in "$KEYTEXT" "$OUT$ERR" "keygen does not print the key"

# --- never overwrite -----------------------------------------------------------------------
t_exit 1 "keygen on an existing key exits 1" "$PEJL" keygen --out "$KEY"
expect_in "$KEY" "$ERR" "the refusal names the file"
expect_in "never overwritten" "$ERR" "the refusal says a key is never overwritten"
expect_in "every pseudonym" "$ERR" "the refusal says why (every pseudonym depends on it)"
[ "$(cat "$KEY")" = "$KEYTEXT" ] && ok "the existing key is unchanged" || not_ok "the existing key is unchanged"
[ "$(mode_of "$KEY")" = 600 ] && ok "the existing key keeps mode 0600" || not_ok "the existing key keeps mode 0600"
printf 'notes\n' >"$TMP/notes.txt"
t_exit 1 "keygen on any existing file exits 1" "$PEJL" keygen --out "$TMP/notes.txt"
[ "$(cat "$TMP/notes.txt")" = notes ] && ok "the existing file is unchanged" || not_ok "the existing file is unchanged"

# --- umask, $PEJL_KEY, ./pejl.key ------------------------------------------------------------
run sh -c 'umask 000; exec "$0" keygen --out "$1"' "$PEJL" "$TMP/keys/umask0.key"
[ "$RC" -eq 0 ] && [ "$(mode_of "$TMP/keys/umask0.key")" = 600 ] && ok "mode 0600 under umask 000" ||
	not_ok "mode 0600 under umask 000" "exit $RC: $ERR"
t "keygen with PEJL_KEY" env PEJL_KEY="$TMP/keys/env.key" "$PEJL" keygen
is_key "$TMP/keys/env.key" && ok "PEJL_KEY names the file" || not_ok "PEJL_KEY names the file"
t "--out wins over PEJL_KEY" env PEJL_KEY="$TMP/keys/env2.key" "$PEJL" keygen --out "$TMP/keys/out.key"
[ -f "$TMP/keys/out.key" ] && [ ! -e "$TMP/keys/env2.key" ] && ok "--out is used, not PEJL_KEY" || not_ok "--out is used, not PEJL_KEY"
run env -u PEJL_KEY sh -c 'cd "$1" && exec "$0" keygen' "$PEJL" "$TMP/data"
[ "$RC" -eq 0 ] && is_key "$TMP/data/pejl.key" && ok "without --out or PEJL_KEY: ./pejl.key in the working directory" ||
	not_ok "without --out or PEJL_KEY: ./pejl.key in the working directory" "exit $RC: $ERR"
run env -u PEJL_KEY sh -c 'cd "$1" && exec "$0" keygen' "$PEJL" "$TMP/keys"
[ "$RC" -eq 1 ] && [ "$(cat "$TMP/keys/pejl.key")" = "$KEYTEXT" ] && ok "an existing ./pejl.key is refused and kept" ||
	not_ok "an existing ./pejl.key is refused and kept" "exit $RC: $ERR"

# --- next to the database: a warning --------------------------------------------------------
t "init a database" "$PEJL" --db "$TMP/data/x.db" init
t "keygen next to the database exits 0" "$PEJL" --db "$TMP/data/x.db" keygen --out "$TMP/data/near.key"
expect_in "warning" "$ERR" "keygen warns about a key in the database directory"
t "keygen away from the database exits 0" "$PEJL" --db "$TMP/data/x.db" keygen --out "$TMP/keys/far.key"
expect_not_in "warning" "$ERR" "no warning for a key elsewhere"

# --- errors ------------------------------------------------------------------------------------
t_exit 5 "keygen into a missing directory exits 5" "$PEJL" keygen --out "$TMP/no/such/dir/pejl.key"
expect_in "$TMP/no/such/dir/pejl.key" "$ERR" "the message names the file"
t_exit 2 "keygen with an extra argument exits 2" "$PEJL" keygen "$TMP/keys/extra.key"
[ ! -e "$TMP/keys/extra.key" ] && ok "an extra argument makes no key" || not_ok "an extra argument makes no key"
t_exit 2 "keygen --out without a value exits 2" "$PEJL" keygen --out
t_exit 2 "keygen with an unknown option exits 2" "$PEJL" keygen --force
t_exit 2 "keygen --out '' exits 2" "$PEJL" keygen --out ""

done_testing
