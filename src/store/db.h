/*
 * db.h — the thin SQL layer under store.c, private to src/store.
 *
 * One set of calls (prepare, bind, step, column) over either backend, so the
 * queries of store.c are written once. SQL uses `?` placeholders; a backend
 * that needs another style rewrites them (PostgreSQL: $1, $2, …). Parameters
 * are always bound, never spliced into SQL text. Column and parameter
 * indexes start at 0.
 *
 * Backends: db_sqlite.c (a file) and db_pg.c (libpq). Both keep the same
 * transaction model: one writer at a time (SQLite's BEGIN IMMEDIATE; on
 * PostgreSQL a transaction-level advisory lock taken by begin_sql), readers
 * never wait.
 */
#ifndef PEJL_DB_H
#define PEJL_DB_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct db_stmt;

/* The kind of a result value, for copying rows between backends. */
enum db_type { DB_NULL, DB_INT, DB_DOUBLE, DB_TEXT };

struct db_ops {
	const char *name;
	/* The substitution for {ID} in migrations (an auto-increment key). */
	const char *id_type;
	/* The statement that starts a write transaction. */
	const char *begin_sql;
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db_stmt **out, struct db *db, const char *sql);
	void (*bind_text)(struct db_stmt *st, int i, const char *v);
	void (*bind_int)(struct db_stmt *st, int i, int64_t v);
	void (*bind_double)(struct db_stmt *st, int i, double v);
	void (*bind_null)(struct db_stmt *st, int i);
	/* 1 a row is ready, 0 done, <0 error (message set). */
	int (*step)(struct db_stmt *st);
	bool (*col_null)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	int64_t (*col_int)(struct db_stmt *st, int i);
	double (*col_double)(struct db_stmt *st, int i);
	void (*finalize)(struct db_stmt *st);
	/* Makes a statement ready to run again and clears its bindings. */
	void (*reset)(struct db_stmt *st);
	/* Result columns: how many, their names, the kind of the current
	 * row's value (after a step that returned 1). */
	int (*ncols)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int i);
	enum db_type (*col_type)(struct db_stmt *st, int i);
	/* A query listing the database's own tables (one text column), in
	 * the order they were created, so parents come before the tables
	 * whose foreign keys refer to them. */
	const char *tables_sql;
	/* After rows with explicit ids were copied into table: makes the next
	 * generated id larger than every id there (NULL: nothing to do). */
	int (*ids_copied)(struct db *db, const char *table);
};

struct db {
	const struct db_ops *ops;
};

/* Backends. Without create, a database that does not exist (or, for
 * PostgreSQL, holds no pejl schema yet) is PEJL_ENOTFOUND. */
int db_sqlite_open(struct db **out, const char *path, bool create);
int db_pg_open(struct db **out, const char *url, bool create);

static inline int db_exec(struct db *db, const char *sql) { return db->ops->exec(db, sql); }
static inline int db_prepare(struct db_stmt **out, struct db *db, const char *sql)
{
	return db->ops->prepare(out, db, sql);
}

/* Statements carry their db's ops as the first member so the helpers below
 * can dispatch. */
struct db_stmt {
	const struct db_ops *ops;
};

static inline void db_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v)
		st->ops->bind_text(st, i, v);
	else
		st->ops->bind_null(st, i);
}
static inline void db_bind_int(struct db_stmt *st, int i, int64_t v) { st->ops->bind_int(st, i, v); }
static inline void db_bind_double(struct db_stmt *st, int i, double v) { st->ops->bind_double(st, i, v); }
static inline void db_bind_null(struct db_stmt *st, int i) { st->ops->bind_null(st, i); }
static inline int db_step(struct db_stmt *st) { return st->ops->step(st); }
static inline bool db_col_null(struct db_stmt *st, int i) { return st->ops->col_null(st, i); }
static inline const char *db_col_text(struct db_stmt *st, int i) { return st->ops->col_text(st, i); }
static inline int64_t db_col_int(struct db_stmt *st, int i) { return st->ops->col_int(st, i); }
static inline double db_col_double(struct db_stmt *st, int i) { return st->ops->col_double(st, i); }
static inline void db_reset(struct db_stmt *st) { st->ops->reset(st); }
static inline int db_ncols(struct db_stmt *st) { return st->ops->ncols(st); }
static inline const char *db_col_name(struct db_stmt *st, int i) { return st->ops->col_name(st, i); }
static inline enum db_type db_col_type(struct db_stmt *st, int i) { return st->ops->col_type(st, i); }
static inline void db_finalize(struct db_stmt *st)
{
	if (st)
		st->ops->finalize(st);
}

#endif
