# tests/pg/lib.sh — a throwaway PostgreSQL for tests, sourced by
# tests/pg/with-pg and tests/run (bash).
#
#   pg_start DIR [--bench]     creates a cluster in DIR (empty, made by the
#                              caller, in /tmp: the server's user must reach
#                              it, and a socket path has at most 107 bytes)
#                              and starts it; exports PGHOST, PGPORT,
#                              PGUSER, PGDATABASE and PEJL_PG_URL; 1 with the
#                              reason on stderr when it cannot
#   pg_stop DIR                stops it at once and removes DIR
#
# The server listens only on a Unix socket inside DIR (no TCP port), so any
# number of these can run side by side, and trusts local connections; only
# the owner of DIR (and root) can reach the socket. As root the server runs
# as the `postgres` user (PostgreSQL refuses to run as root), otherwise as
# the caller. For tests it runs with fsync off and 128 MB of shared
# buffers; with --bench as a server would be set up for real use: fsync on,
# 1 GB of shared buffers. Both plan for SSDs (random_page_cost 1.1).
# The binaries: $PEJL_PG_BINDIR, else PostgreSQL 15's, else pg_config's,
# else the PATH.

pg_bindir() {
	local d
	for d in "${PEJL_PG_BINDIR:-}" /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null)"; do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"; return 0
	fi
	return 1
}

# Runs a command as the cluster's owner.
_pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	local dir=$1 mode=${2:-} bin
	if ! bin=$(pg_bindir); then
		echo "pg_start: no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql-15 (scripts/deps does)" >&2
		return 1
	fi
	if [ "$(id -u)" -eq 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			echo "pg_start: running as root, but there is no 'postgres' user to run the server as" >&2
			return 1
		fi
		chown postgres: "$dir" || return 1
	fi
	chmod 700 "$dir"
	if ! _pg_as_owner "$bin/initdb" -D "$dir/data" --username=postgres --auth=trust --encoding=UTF8 \
		--locale=C --no-sync --no-instructions >"$dir/initdb.log" 2>&1; then
		echo "pg_start: initdb failed:" >&2
		cat "$dir/initdb.log" >&2
		return 1
	fi
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$dir'"
		echo "port = 5432"
		echo "max_connections = 100"
		echo "random_page_cost = 1.1"
		if [ "$mode" = --bench ]; then
			echo "shared_buffers = 1GB"
		else
			echo "shared_buffers = 128MB"
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
		fi
	} | _pg_as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
	if ! _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
		echo "pg_start: the server did not start:" >&2
		cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null
		return 1
	fi
	unset PGPASSWORD PGSERVICE PGSERVICEFILE PGHOSTADDR PGSSLMODE PGOPTIONS PGPASSFILE
	export PGHOST=$dir PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
	export PEJL_PG_URL=postgresql://
	export PEJL_PG_DIR=$dir
	if ! "$bin/psql" -XAtqc "SELECT 1" >/dev/null 2>&1 && ! psql -XAtqc "SELECT 1" >/dev/null 2>&1; then
		echo "pg_start: the server runs but does not answer queries" >&2
		return 1
	fi
	return 0
}

pg_stop() {
	local dir=$1 bin
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	if [ -f "$dir/data/postmaster.pid" ] && bin=$(pg_bindir); then
		_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}
