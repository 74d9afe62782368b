/*
 * store_copy.c — copying a whole database from one store to another (any
 * backend to any backend) and counting rows, for `pejl migrate` (store.h).
 *
 * The copy is generic: it lists the source's tables from its catalogue (in
 * creation order, so a table comes after the tables its foreign keys refer
 * to), copies every column of every row with its id, and then lets the
 * target move its id generators past the copied ids. Tables that later
 * migrations add are copied without any change here. The source is read
 * inside a write transaction of its own, so no pejl writer changes it
 * during the copy; the target is written in one transaction: all or
 * nothing.
 */
#include "store/store_impl.h"

#include "util/buf.h"
#include "util/err.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* schema_migration is the target's own (it was migrated when opened). */
static bool skipped(const char *table)
{
	return strcmp(table, "schema_migration") == 0;
}

/* Table names come from the catalogue; they go into SQL text as quoted
 * identifiers, and only plain names are accepted. */
static bool plain_name(const char *s)
{
	if (!*s || strlen(s) > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int list_tables(char ***out, size_t *n, struct store *s, struct arena *a)
{
	struct db_stmt *st = NULL;
	char **v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	PREPARE(st, s->db->ops->tables_sql);
	while ((rc = db_step(st)) > 0) {
		const char *name = db_col_text(st, 0);

		if (!name || !plain_name(name)) {
			rc = err_set(PEJL_EIO, "the database has a table with an unexpected name (%s)", name ? name : "NULL");
			goto out;
		}
		if (len == cap) {
			char **nv;

			cap = cap ? cap * 2 : 32;
			nv = arena_calloc(a, cap, sizeof *nv);
			if (len)
				memcpy(nv, v, len * sizeof *nv);
			v = nv;
		}
		v[len++] = arena_strdup(a, name);
	}
	if (rc < 0)
		goto out;
	*out = v;
	*n = len;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

static int count_table(long *out, struct store *s, const char *table)
{
	struct db_stmt *st = NULL;
	char sql[128];
	int rc;

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"", table);
	PREPARE(st, sql);
	if ((rc = db_step(st)) < 0)
		goto out;
	*out = rc > 0 ? (long)db_col_int(st, 0) : 0;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_table_counts(struct store_table_count **out, size_t *n, struct store *s, struct arena *a)
{
	struct store_table_count *v;
	char **tables;
	size_t nt;
	int rc;

	if ((rc = list_tables(&tables, &nt, s, a)) < 0)
		return rc;
	v = arena_calloc(a, nt + 1, sizeof *v);
	for (size_t i = 0; i < nt; i++) {
		v[i].table = tables[i];
		if ((rc = count_table(&v[i].rows, s, tables[i])) < 0)
			return rc;
	}
	*out = v;
	*n = nt;
	return 0;
}

/* Copies the rows of one table; *rows counts them. */
static int copy_table(long *rows, struct store *dst, struct store *src, const char *table)
{
	struct db_stmt *rd = NULL, *wr = NULL;
	struct store *s = src; /* for PREPARE */
	struct buf sql = BUF_INIT;
	bool has_id = false;
	int rc, ncols = 0;

	*rows = 0;
	buf_printf(&sql, "SELECT * FROM \"%s\" ORDER BY 1", table);
	PREPARE(rd, buf_cstr(&sql));
	while ((rc = db_step(rd)) > 0) {
		if (!wr) {
			ncols = db_ncols(rd);
			buf_reset(&sql);
			buf_printf(&sql, "INSERT INTO \"%s\" (", table);
			for (int i = 0; i < ncols; i++) {
				const char *name = db_col_name(rd, i);

				if (!name || !plain_name(name)) {
					rc = err_set(PEJL_EIO, "table %s has a column with an unexpected name", table);
					goto out;
				}
				has_id |= strcmp(name, "id") == 0;
				buf_printf(&sql, "%s\"%s\"", i ? ", " : "", name);
			}
			buf_puts(&sql, ") VALUES (");
			for (int i = 0; i < ncols; i++)
				buf_puts(&sql, i ? ", ?" : "?");
			buf_puts(&sql, ")");
			if ((rc = db_prepare(&wr, dst->db, buf_cstr(&sql))) < 0)
				goto out;
		} else {
			db_reset(wr);
		}
		for (int i = 0; i < ncols; i++) {
			switch (db_col_type(rd, i)) {
			case DB_NULL: db_bind_null(wr, i); break;
			case DB_INT: db_bind_int(wr, i, db_col_int(rd, i)); break;
			case DB_DOUBLE: db_bind_double(wr, i, db_col_double(rd, i)); break;
			case DB_TEXT: db_bind_text(wr, i, db_col_text(rd, i)); break;
			}
		}
		if ((rc = store_exec_one(wr)) < 0) {
			char why[512];

			snprintf(why, sizeof why, "%s", err_last());
			rc = err_set(rc, "copying table %s, row %ld: %s", table, *rows + 1, why);
			goto out;
		}
		(*rows)++;
	}
	if (rc < 0)
		goto out;
	rc = 0;
	if (has_id && dst->db->ops->ids_copied)
		rc = dst->db->ops->ids_copied(dst->db, table);
out:
	store_finalize(&wr);
	store_finalize(&rd);
	buf_free(&sql);
	return rc;
}

int store_copy(struct store *dst, struct store *src, struct arena *a, store_copy_cb progress, void *ctx)
{
	char **tables, **have;
	size_t nt, nh;
	int rc, vs, vd;

	assert(!dst->in_tx && !src->in_tx);
	if ((rc = store_schema_version(src, &vs)) < 0 || (rc = store_schema_version(dst, &vd)) < 0)
		return rc;
	if (vs != vd)
		return err_set(PEJL_EIO, "the source has schema version %d and the target %d", vs, vd);
	if ((rc = list_tables(&tables, &nt, src, a)) < 0 || (rc = list_tables(&have, &nh, dst, a)) < 0)
		return rc;
	/* the target must hold nothing but what opening it put there */
	for (size_t i = 0; i < nh; i++) {
		long rows;

		if (skipped(have[i]) || strcmp(have[i], "change_counter") == 0)
			continue;
		if ((rc = count_table(&rows, dst, have[i])) < 0)
			return rc;
		if (rows > 0)
			return err_set(PEJL_ECONFLICT,
				       "the target database is not empty (table %s has %ld row%s); pejl migrate copies only "
				       "into an empty database",
				       have[i], rows, rows == 1 ? "" : "s");
	}
	for (size_t i = 0; i < nt; i++) {
		bool found = false;

		for (size_t k = 0; k < nh && !found; k++)
			found = strcmp(tables[i], have[k]) == 0;
		if (!found)
			return err_set(PEJL_EIO, "the target has no table %s", tables[i]);
	}
	/* hold the source still: no pejl writer can commit while we read */
	if ((rc = store_begin(src)) < 0)
		return rc;
	if ((rc = store_begin(dst)) < 0)
		goto out;
	for (size_t i = 0; i < nt; i++) {
		long rows;

		if (skipped(tables[i]))
			continue;
		if (strcmp(tables[i], "change_counter") == 0 && (rc = db_exec(dst->db, "DELETE FROM change_counter")) < 0)
			goto out;
		if ((rc = copy_table(&rows, dst, src, tables[i])) < 0)
			goto out;
		if (progress)
			progress(ctx, tables[i], rows);
	}
	rc = store_commit(dst);
out:
	store_rollback(dst);
	store_rollback(src);
	return rc;
}
