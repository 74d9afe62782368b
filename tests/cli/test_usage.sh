# tests/cli/test_usage.sh — the command line itself: help, usage errors
# (exit 2), a missing database (exit 3), a path that is not a database
# (exit 5).
. "$ROOT/tests/cli/lib.sh"

DB="$TMP/x.db"

# --- help ------------------------------------------------------------------------------
t_exit 2 "pejl alone exits 2" "$PEJL"
expect_in "Usage:" "$ERR" "pejl alone prints the usage on stderr"
[ -z "$OUT" ] && ok "pejl alone prints nothing on stdout" || not_ok "pejl alone prints nothing on stdout" "$OUT"

t "pejl --help exits 0" "$PEJL" --help
HELP=$OUT
expect_in "Usage:" "$HELP" "pejl --help prints the usage on stdout"
for c in "init" "strategy import" "strategy export" "strategy list" "goals list" "units list" "units add" "units close"; do
	printf '%s\n' "$HELP" | grep -Eq "^  $c  " && ok "pejl --help lists \"$c\"" || not_ok "pejl --help lists \"$c\"" "$HELP"
done
expect_in "--db" "$HELP" "pejl --help explains --db"
expect_in "PEJL_DB" "$HELP" "pejl --help mentions PEJL_DB"
t "pejl -h exits 0" "$PEJL" -h
[ "$OUT" = "$HELP" ] && ok "pejl -h is the same as --help" || not_ok "pejl -h is the same as --help"
t "pejl help exits 0" "$PEJL" help
t "pejl --version exits 0" "$PEJL" --version
expect_in "pejl" "$OUT" "pejl --version names the program"

t "pejl init --help exits 0" "$PEJL" init --help
expect_in "usage: pejl [--db URL] init" "$OUT" "init --help prints a usage line"
expect_in "--strategy" "$OUT" "init --help mentions --strategy"
expect_in "--demo" "$OUT" "init --help mentions --demo"
t "pejl strategy import --help exits 0" "$PEJL" strategy import --help
expect_in "usage: pejl [--db URL] strategy import FILE" "$OUT" "strategy import --help prints a usage line"
expect_in "--dry-run" "$OUT" "strategy import --help mentions --dry-run"
for c in "strategy export" "strategy list" "goals list" "units list" "units add" "units close"; do
	# shellcheck disable=SC2086
	t "pejl $c --help exits 0" "$PEJL" $c --help
	expect_in "usage: pejl [--db URL] $c" "$OUT" "$c --help prints its usage line"
done
# --help wins over everything else on the line and touches no database
t "--help with other options exits 0" "$PEJL" --db "$TMP/help.db" init --demo --help
[ ! -e "$TMP/help.db" ] && ok "init --help creates no database" || not_ok "init --help creates no database"
t "goals list --format xml --help exits 0" "$PEJL" --db "$TMP/help.db" goals list --format xml --help

# --- usage errors --------------------------------------------------------------------------
t "init (for the usage tests)" "$PEJL" --db "$DB" init
t_exit 2 "an unknown command exits 2" "$PEJL" --db "$DB" frobnicate
expect_in "frobnicate" "$ERR" "the message names the unknown command"
[ -z "$OUT" ] && ok "an unknown command prints nothing on stdout" || not_ok "an unknown command prints nothing on stdout" "$OUT"
t_exit 2 "an unknown subcommand exits 2" "$PEJL" --db "$DB" goals frobnicate
expect_in "frobnicate" "$ERR" "the message names the unknown subcommand"
expect_in "goals list" "$ERR" "the message lists the group's subcommands"
t_exit 2 "an unknown subcommand of strategy exits 2" "$PEJL" --db "$DB" strategy delete
t_exit 2 "an unknown option exits 2" "$PEJL" --db "$DB" goals list --bogus
expect_in "--bogus" "$ERR" "the message names the unknown option"
expect_in "usage: pejl [--db URL] goals list" "$ERR" "an unknown option prints the command's usage"
t_exit 2 "an unknown option to init exits 2" "$PEJL" --db "$TMP/opt.db" init --nonsense
[ ! -e "$TMP/opt.db" ] && ok "init with an unknown option creates no database" || not_ok "init with an unknown option creates no database"
t_exit 2 "an option without its value exits 2" "$PEJL" --db "$DB" goals list --format
t_exit 2 "an extra argument exits 2" "$PEJL" --db "$DB" goals list extra
t_exit 2 "--db without a value exits 2" "$PEJL" goals list --db
t_exit 2 "goals list --format xml exits 2" "$PEJL" --db "$DB" goals list --format xml
expect_in "xml" "$ERR" "the message names the unknown format"
t_exit 2 "strategy list --format xml exits 2" "$PEJL" --db "$DB" strategy list --format xml
t_exit 2 "goals list --at 2014-13-01 exits 2" "$PEJL" --db "$DB" goals list --at 2014-13-01
expect_in "2014-13-01" "$ERR" "the message quotes the bad date"
t_exit 2 "goals list --at 2015-02-29 (not a leap year) exits 2" "$PEJL" --db "$DB" goals list --at 2015-02-29
t_exit 2 "goals list --at 2014-1-1 exits 2" "$PEJL" --db "$DB" goals list --at 2014-1-1
t "goals list --at 2016-02-29 (a leap day) exits 0" "$PEJL" --db "$DB" goals list --at 2016-02-29
t_exit 3 "goals list --strategy nosuch exits 3" "$PEJL" --db "$DB" goals list --strategy nosuch

# --- the database ----------------------------------------------------------------------------
for cmd in "goals list" "strategy list" "strategy export" "units list"; do
	# shellcheck disable=SC2086
	t_exit 3 "$cmd on a missing database exits 3" "$PEJL" --db "$TMP/missing.db" $cmd
	expect_in "init" "$ERR" "$cmd on a missing database says how to create it (init)"
	expect_in "missing.db" "$ERR" "$cmd on a missing database names it"
done
t_exit 3 "strategy import into a missing database exits 3" "$PEJL" --db "$TMP/missing.db" strategy import "$ROOT/data/strategy-kk-2014.json"
t_exit 3 "units add in a missing database exits 3" "$PEJL" --db "$TMP/missing.db" units add X --name X --kind centre --from 2016-01-01
[ ! -e "$TMP/missing.db" ] && ok "commands other than init create no database" || not_ok "commands other than init create no database"
(cd "$TMP" && mkdir -p cwd && cd cwd && env -u PEJL_DB "$PEJL" goals list >/dev/null 2>"$TMP/cwd.err")
rc=$?
[ $rc -eq 3 ] && ok "without --db and PEJL_DB the default ./pejl.db is missing: exit 3" || not_ok "without --db and PEJL_DB the default ./pejl.db is missing: exit 3" "exit $rc"
expect_in "pejl.db" "$(cat "$TMP/cwd.err")" "the message names ./pejl.db"

mkdir "$TMP/dir.db"
t_exit 5 "a database path that is a directory exits 5" "$PEJL" --db "$TMP/dir.db" goals list
expect_in "dir.db" "$ERR" "the message names the directory"
t_exit 5 "init on a directory exits 5" "$PEJL" --db "$TMP/dir.db" init
printf 'this is a text file, not a database\n%.0s' $(seq 1 200) >"$TMP/text.db"
cp "$TMP/text.db" "$TMP/text.orig"
t_exit 5 "a database path that is a text file exits 5" "$PEJL" --db "$TMP/text.db" goals list
expect_in "text.db" "$ERR" "the message names the file"
expect_in "not a database" "$ERR" "the message says the file is not a database"
n=$(printf '%s\n' "$ERR" | grep -o "cannot use [^ ]* as a database" | wc -l)
[ "$n" -le 1 ] && ok "the message is not garbled (its prefix is not repeated)" || not_ok "the message is not garbled (its prefix is not repeated)" "$ERR"
t_exit 5 "init on a text file exits 5" "$PEJL" --db "$TMP/text.db" init
cmp -s "$TMP/text.db" "$TMP/text.orig" && ok "init leaves a text file that is not a database alone" ||
	not_ok "init leaves a text file that is not a database alone"
t_exit 5 "strategy import into a text file exits 5" "$PEJL" --db "$TMP/text.db" strategy import "$ROOT/data/strategy-kk-2014.json"
done_testing
