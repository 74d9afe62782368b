# tests/cli/lib.sh — a small TAP harness for CLI tests, sourced by each
# tests/cli/test_*.sh. The runner sets PEJL (the binary under test, the
# sanitizer build) and ROOT (the repository).
#
#   t "name" command...        passes when the command exits 0
#   t_exit N "name" command... passes when the command exits N
#   ok "name" / not_ok "name" "why"   record a result directly
#   run command...             runs it, keeping $OUT, $ERR and $RC
#   expect_in "needle" "$hay" "name"  passes when hay contains needle
# Each test file gets a fresh $TMP directory, removed at the end; call
# `done_testing` last.
#
# PostgreSQL: a test that needs it has the line "# needs: postgresql" (so
# tests/run gives it the shared throwaway server) and calls
#   pg_require                 first: outside tests/run it re-runs itself
#                              under tests/pg/with-pg
#   pg_url NAME                prints a URL of a fresh database of its own
#                              (postgresql:///NAME_PID; created by pejl init or
#                              migrate, dropped at the end)
set -u
: "${PEJL:?PEJL must name the pejl binary}"
: "${ROOT:?ROOT must name the repository}"
TMP=$(mktemp -d)
_pg_dbs=()
_cleanup() {
	local d
	for d in "${_pg_dbs[@]}"; do
		psql -XAtq -d postgres -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1
	done
	rm -rf "$TMP"
}
trap _cleanup EXIT
_n=0 _failed=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() {
	_n=$((_n + 1)); _failed=$((_failed + 1))
	echo "not ok $_n - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}
run() {
	OUT=$("$@" 2>"$TMP/.stderr"); RC=$?
	ERR=$(cat "$TMP/.stderr")
}
t() {
	local name=$1; shift
	run "$@"
	if [ "$RC" -eq 0 ]; then ok "$name"; else not_ok "$name" "exit $RC: $ERR"; fi
}
t_exit() {
	local want=$1 name=$2; shift 2
	run "$@"
	if [ "$RC" -eq "$want" ]; then ok "$name"; else not_ok "$name" "wanted exit $want, got $RC: $ERR"; fi
}
expect_in() {
	case "$2" in
	*"$1"*) ok "$3" ;;
	*) not_ok "$3" "expected to find: $1
in: $(printf '%s' "$2" | head -c 2000)" ;;
	esac
}
expect_not_in() {
	case "$2" in
	*"$1"*) not_ok "$3" "did not expect: $1" ;;
	*) ok "$3" ;;
	esac
}
pg_require() {
	if [ -z "${PEJL_PG_URL:-}" ]; then
		rm -rf "$TMP"
		trap - EXIT
		exec "$ROOT/tests/pg/with-pg" bash "$0" "$@"
	fi
}
pg_url() {
	local name="$1_$$"
	_pg_dbs+=("$name")
	echo "postgresql:///$name"
}
done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
