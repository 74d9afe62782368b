/*
 * db_sqlite.c — the SQLite backend of db.h.
 *
 * Connection settings: WAL journal, foreign keys on, synchronous FULL (a
 * commit is durable when it returns), a 10 s busy timeout so concurrent
 * writers wait instead of failing.
 */
#include "store/db.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

struct sq_db {
	struct db base;
	sqlite3 *h;
};

struct sq_stmt {
	struct db_stmt base;
	struct sq_db *db;
	sqlite3_stmt *h;
};

static int fail(sqlite3 *h, const char *what)
{
	int code = sqlite3_extended_errcode(h);
	int rc = PEJL_EIO;

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		rc = PEJL_ECONFLICT;
	return err_set(rc, "sqlite: %s: %s", what, sqlite3_errmsg(h));
}

static void sq_close(struct db *db)
{
	struct sq_db *d = (struct sq_db *)db;

	sqlite3_close(d->h);
	free(d);
}

static int sq_exec(struct db *db, const char *sql)
{
	struct sq_db *d = (struct sq_db *)db;

	if (sqlite3_exec(d->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(d->h, "exec");
	return 0;
}

static const struct db_ops sq_ops;

static int sq_prepare(struct db_stmt **out, struct db *db, const char *sql)
{
	struct sq_db *d = (struct sq_db *)db;
	sqlite3_stmt *h;
	struct sq_stmt *st;

	if (sqlite3_prepare_v2(d->h, sql, -1, &h, NULL) != SQLITE_OK)
		return fail(d->h, "prepare");
	st = xcalloc(1, sizeof *st);
	st->base.ops = &sq_ops;
	st->db = d;
	st->h = h;
	*out = &st->base;
	return 0;
}

#define S(st) ((struct sq_stmt *)(st))

static void sq_bind_text(struct db_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(S(st)->h, i + 1, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_int(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(S(st)->h, i + 1, v);
}

static void sq_bind_double(struct db_stmt *st, int i, double v)
{
	sqlite3_bind_double(S(st)->h, i + 1, v);
}

static void sq_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(S(st)->h, i + 1);
}

static int sq_step(struct db_stmt *st)
{
	int rc = sqlite3_step(S(st)->h);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(S(st)->db->h, "step");
}

static bool sq_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(S(st)->h, i) == SQLITE_NULL;
}

static const char *sq_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(S(st)->h, i);
}

static int64_t sq_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(S(st)->h, i);
}

static double sq_col_double(struct db_stmt *st, int i)
{
	return sqlite3_column_double(S(st)->h, i);
}

static void sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(S(st)->h);
	free(st);
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(S(st)->h);
	sqlite3_clear_bindings(S(st)->h);
}

static int sq_ncols(struct db_stmt *st)
{
	return sqlite3_column_count(S(st)->h);
}

static const char *sq_col_name(struct db_stmt *st, int i)
{
	return sqlite3_column_name(S(st)->h, i);
}

static enum db_type sq_col_type(struct db_stmt *st, int i)
{
	switch (sqlite3_column_type(S(st)->h, i)) {
	case SQLITE_INTEGER: return DB_INT;
	case SQLITE_FLOAT: return DB_DOUBLE;
	case SQLITE_NULL: return DB_NULL;
	default: return DB_TEXT;
	}
}

static const struct db_ops sq_ops = {
	.name = "sqlite",
	.id_type = "INTEGER PRIMARY KEY",
	.begin_sql = "BEGIN IMMEDIATE",
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_null = sq_col_null,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.ncols = sq_ncols,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
		      " ORDER BY rowid",
};

int db_sqlite_open(struct db **out, const char *path, bool create)
{
	struct sq_db *d;
	struct stat sb;
	sqlite3 *h = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (!create && stat(path, &sb) != 0)
		return err_set(PEJL_ENOTFOUND, "no database at %s (create one with 'pejl --db %s init')", path, path);
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
		int rc = err_set(PEJL_EIO, "cannot open database %s: %s", path, h ? sqlite3_errmsg(h) : "out of memory");

		sqlite3_close(h);
		return rc;
	}
	sqlite3_busy_timeout(h, 10000);
	sqlite3_extended_result_codes(h, 1);
	d = xcalloc(1, sizeof *d);
	d->base.ops = &sq_ops;
	d->h = h;
	if (sq_exec(&d->base, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
			   " PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;") < 0) {
		char why[512];
		int rc;

		snprintf(why, sizeof why, "%s", err_last());
		rc = err_set(PEJL_EIO, "cannot use %s as a database: %s", path, why);

		sq_close(&d->base);
		return rc;
	}
	*out = &d->base;
	return 0;
}
