/*
 * store_impl.h — what the store's own files share (private to src/store):
 * the store handle, the statement cache and small helpers. Nothing outside
 * src/store includes this.
 */
#ifndef PEJL_STORE_IMPL_H
#define PEJL_STORE_IMPL_H

#include "store/db.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define STMT_CACHE 32

struct store {
	struct db *db;
	bool in_tx;
	int depth; /* savepoints inside the transaction (nested store_begin) */
	void *user; /* store_user_cache */
	void (*user_free)(void *);
	/* prepared statements kept for hot paths, keyed by their SQL text's
	 * address (the SQL is always a string literal) */
	struct {
		const char *sql;
		struct db_stmt *st;
	} cache[STMT_CACHE];
	size_t ncache;
	/* the last (goal, period) pair store_obs_put checked, within the
	 * current transaction */
	long pair_goal;
	char pair_period[16];
	bool pair_new;
	/* the episodes whose forms changed in this transaction, to be packed
	 * (store_feedback.c) */
	struct store_touched *touched;
};

/* Prepares sql into st or jumps to `out` with rc set. */
#define PREPARE(st, sql)                                                                                               \
	do {                                                                                                           \
		if ((rc = db_prepare(&(st), s->db, (sql))) < 0)                                                        \
			goto out;                                                                                      \
	} while (0)

/* A cached statement for sql, reset and ready to bind. Callers must not
 * finalize it. */
int store_cached(struct db_stmt **out, struct store *s, const char *sql);
/* Finalizes a statement and clears the handle (safe to repeat). */
void store_finalize(struct db_stmt **st);
/* The column as an arena string, NULL for SQL NULL. */
char *store_dup_col(struct arena *a, struct db_stmt *st, int i);
/* Steps a statement that returns no rows: 0 or an error. */
int store_exec_one(struct db_stmt *st);
/* Steps an INSERT … RETURNING id. */
int store_insert_id(int64_t *id, struct db_stmt *st);
/* Counts rows of sql with one integer parameter. */
int store_count_rows(size_t *out, struct store *s, const char *sql, int64_t id);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void store_now(char out[32]);
bool store_same_text(const char *a, const char *b);

/* The packed forms of episodes (store_feedback.c): packs the episodes whose
 * forms changed since they were last packed (before a read of episodes and
 * before the commit); after a rollback, forgets the changes (the whole
 * transaction) or marks every packed episode again (a savepoint); packs
 * every episode (migration 7); releases the bookkeeping. */
int store_feedback_flush(struct store *s);
void store_feedback_rolled_back(struct store *s, bool whole);
int store_feedback_pack_all(struct store *s);
void store_feedback_free(struct store *s);

#endif
