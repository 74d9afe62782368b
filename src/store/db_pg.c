/*
 * db_pg.c — the PostgreSQL backend of db.h, on libpq.
 *
 * URLs are libpq's: postgresql://USER:PASSWORD@HOST:PORT/DB?PARAM=…, also
 * postgres://…; what a URL leaves out comes from the PG* environment
 * variables, so the bare "postgresql://" means "as PGHOST, PGDATABASE, …
 * say". Messages name a URL only with its password masked.
 *
 * Statements: the `?` placeholders of db.h become $1, $2, … (outside quoted
 * text and comments). Values always travel as bound parameters, in text
 * form, typed by how they were bound (int8, float8, text; NULL untyped). A
 * statement's first run is unnamed (one round trip); when the same
 * statement runs again it is prepared on the server under a name and run
 * by name from then on. Results are fetched whole, so statements can nest
 * (a loop over one result may run other statements).
 *
 * Writes in a transaction are pipelined: an INSERT, UPDATE or DELETE
 * without RETURNING only needs to be known to have worked by the time
 * anything else is asked of the server, so it is sent without waiting for
 * its answer; the answers are read (and the first error returned) before
 * the next statement that returns rows, the next exec, the commit, or
 * every PIPELINE_MAX writes. The server runs everything in order, so reads
 * see the writes before them. A failed write thus shows as the error of a
 * later call of the same transaction, which then can only roll back, as
 * after any failed statement. Consecutive runs of one plain INSERT … VALUES
 * (…) are gathered further into one INSERT of up to BATCH_ROWS rows (still
 * bound parameters), sent when another statement comes, when it is full,
 * or before any answer is read.
 *
 * Transactions: begin_sql takes a transaction-level advisory lock, so write
 * transactions run one at a time, as on SQLite (BEGIN IMMEDIATE), and each
 * sees every earlier commit; reads outside a transaction never wait. Since
 * every writer takes the same single lock first, pejl's writers cannot
 * deadlock or fail to serialize against each other, and nothing needs a
 * retry. A writer that waits more than 30 s for the lock gives up with a
 * clear message. A COMMIT that PostgreSQL turned into a ROLLBACK (an earlier
 * statement failed) is an error, never a silent success.
 *
 * Opening: a database that does not exist is created when asked to (UTF-8,
 * C collation), through the maintenance database "postgres" (or
 * "template1"); otherwise it is PEJL_ENOTFOUND, as is a database without
 * pejl's schema. pejl compares codes, periods and dates as bytes, so an
 * existing database must be UTF-8 with C (byte order) collation.
 *
 * A connection that broke (the server restarted) is re-established, and a
 * statement outside a transaction that failed because of it runs once more;
 * inside a transaction every statement fails until the rollback (what the
 * transaction wrote is gone).
 */
#include "store/db.h"

#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <libpq-fe.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs (stable since PostgreSQL 7; the server headers are not needed). */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

/* Re-prepare a named statement at most this often when its values come
 * with other types than it was prepared for; after that it runs unnamed. */
#define MAX_PREPARES 4
/* Rows gathered into one multi-row INSERT at most (and parameters: the
 * protocol allows 65535). */
#define BATCH_ROWS 500
#define BATCH_PARAMS 30000
/* Pipelined writes waiting for their answers at most. */
#define PIPELINE_MAX 1000
/* The advisory lock every write transaction takes ("pejl"). */
#define WRITE_LOCK "1885694572"

struct pg_db {
	struct db base;
	PGconn *c;
	unsigned long names;   /* statements named so far */
	unsigned generation;   /* bumped on reconnect: server-side names are gone */
	bool in_tx;            /* between begin_sql and COMMIT/ROLLBACK */
	bool broken;           /* the server ended the connection */
	int pending;           /* pipelined statements whose answers are unread */
	/* rows of one INSERT gathered for a multi-row INSERT */
	struct pg_stmt *batch_owner;
	int batch_rows;
	int *batch_off; /* rows × nparams offsets into batch_text; -1: NULL */
	size_t batch_cap;
	struct buf batch_text;
	char (*stale)[24];     /* names to DEALLOCATE when the connection can */
	size_t nstale, capstale;
};

struct param {
	Oid type;
	bool null;
	char *heap; /* a long text value; else buf holds it */
	char buf[40];
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	char *sql; /* with $n placeholders */
	int nparams;
	struct param *p;
	const char **values; /* scratch for a run */
	Oid *types;          /* scratch for a run */
	Oid *ptypes;         /* the types the named statement was prepared with */
	char name[24];       /* "" while not prepared on the server */
	unsigned generation;
	int runs, prepares;
	bool write; /* INSERT, UPDATE or DELETE without RETURNING */
	/* a plain INSERT … VALUES (tuple): the text up to the tuple and the
	 * tuple (with ?), for multi-row INSERTs; NULL otherwise */
	char *head, *tuple;
	int batch_max;        /* rows in a full batch */
	char batch_name[24];  /* the full batch's server-side statement, or "" */
	unsigned batch_generation;
	PGresult *res;
	int row, nrows;
	bool ran;
};

#define P(st) ((struct pg_stmt *)(st))

static const struct db_ops pg_ops;

/* One line of a libpq message, without its trailing newline. */
static void one_line(char *out, size_t size, const char *msg)
{
	size_t n;

	snprintf(out, size, "%s", msg && *msg ? msg : "unknown error");
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

static int fail(struct pg_db *d, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[512];

	one_line(msg, sizeof msg, primary ? primary : PQerrorMessage(d->c));
	if (state && strcmp(state, "55P03") == 0)
		return err_set(PEJL_EIO, "postgresql: %s: another write held the database for more than 30 s (%s); try "
					 "again",
			       what, msg);
	if (state && strncmp(state, "23", 2) == 0)
		return err_set(PEJL_ECONFLICT, "postgresql: %s: %s", what, msg);
	return err_set(PEJL_EIO, "postgresql: %s: %s", what, msg);
}

static void quiet(void *arg, const char *message)
{
	/* NOTICEs such as "relation … already exists, skipping" are not for
	 * the user; errors come back as results. */
	(void)arg;
	(void)message;
}

static int send_batch(struct pg_db *d);

/* Sends the gathered rows and reads the answers of the pipelined writes:
 * 0, or the first failure. */
static int drain(struct pg_db *d)
{
	int rc = 0, nulls = 0;

	if (d->batch_rows && (rc = send_batch(d)) < 0)
		return rc;
	if (!d->pending && PQpipelineStatus(d->c) == PQ_PIPELINE_OFF)
		return 0;
	if (PQpipelineSync(d->c) != 1)
		rc = fail(d, NULL, "write");
	while (rc == 0 || PQstatus(d->c) == CONNECTION_OK) {
		PGresult *r = PQgetResult(d->c);
		ExecStatusType es;

		if (!r) {
			/* one NULL ends each statement's answers */
			if (PQstatus(d->c) != CONNECTION_OK || ++nulls > d->pending + 1)
				break;
			continue;
		}
		es = PQresultStatus(r);
		if (es == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (es == PGRES_FATAL_ERROR && rc == 0)
			rc = fail(d, r, "write");
		PQclear(r);
	}
	if (rc == 0 && PQstatus(d->c) != CONNECTION_OK)
		rc = fail(d, NULL, "write");
	d->pending = 0;
	if (PQexitPipelineMode(d->c) != 1 && rc == 0)
		rc = fail(d, NULL, "write");
	return rc;
}

/* Re-establishes a broken connection, but never inside a transaction (what
 * it wrote is gone: the caller must roll back and start again). */
static int usable(struct pg_db *d)
{
	char msg[512];

	if (PQstatus(d->c) == CONNECTION_OK && !d->broken)
		return 0;
	if (d->in_tx)
		return err_set(PEJL_EIO, "postgresql: the connection broke during a transaction; nothing of it was kept");
	PQreset(d->c);
	if (PQstatus(d->c) != CONNECTION_OK) {
		one_line(msg, sizeof msg, PQerrorMessage(d->c));
		return err_set(PEJL_EIO, "postgresql: the connection broke and cannot be re-established: %s", msg);
	}
	d->generation++;
	d->nstale = 0;
	d->broken = false;
	return 0;
}

/* Did r fail because the connection is gone (the server shut down or
 * restarted; libpq may not have noticed yet)? */
static bool gone(struct pg_db *d, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(d->c) != CONNECTION_OK || (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)))
		d->broken = true;
	return d->broken;
}

/* Deallocates the server-side statements of finalized statements, when the
 * connection is not in a failed transaction. */
static void flush_stale(struct pg_db *d)
{
	PGTransactionStatusType ts = PQtransactionStatus(d->c);

	if (d->nstale == 0 || (ts != PQTRANS_IDLE && ts != PQTRANS_INTRANS))
		return;
	for (size_t i = 0; i < d->nstale; i++) {
		char sql[48];

		snprintf(sql, sizeof sql, "DEALLOCATE %s", d->stale[i]);
		PQclear(PQexec(d->c, sql));
	}
	d->nstale = 0;
}

static void pg_close(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;

	PQfinish(d->c);
	free(d->stale);
	free(d->batch_off);
	buf_free(&d->batch_text);
	free(d);
}

static int pg_exec(struct db *db, const char *sql)
{
	struct pg_db *d = (struct pg_db *)db;
	bool begin = strncmp(sql, "BEGIN", 5) == 0, commit = strcmp(sql, "COMMIT") == 0,
	     rollback = strcmp(sql, "ROLLBACK") == 0;
	ExecStatusType es;
	PGresult *r;
	int rc = 0;

	if (rollback) {
		d->batch_rows = 0; /* gathered rows of a transaction that is rolled back */
		d->batch_owner = NULL;
	}
	if (rollback && PQstatus(d->c) != CONNECTION_OK) {
		d->in_tx = false; /* the server rolled back when the connection went */
		return 0;
	}
	if ((rc = drain(d)) < 0 && !rollback) {
		/* a pipelined write failed: the transaction cannot commit */
		if (commit) {
			PQclear(PQexec(d->c, "ROLLBACK"));
			d->in_tx = false;
		}
		return rc;
	}
	if ((rc = usable(d)) < 0)
		return rc;
	flush_stale(d);
	r = PQexec(d->c, sql);
	es = PQresultStatus(r);
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK && gone(d, r) && !d->in_tx && usable(d) == 0) {
		/* the server restarted; outside a transaction: once more */
		PQclear(r);
		r = PQexec(d->c, sql);
		es = PQresultStatus(r);
	}
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK)
		rc = fail(d, r, begin ? "begin" : commit ? "commit" : "exec");
	else if (commit && strcmp(PQcmdStatus(r), "ROLLBACK") == 0)
		rc = err_set(PEJL_EIO, "postgresql: commit: the transaction had failed and was rolled back");
	PQclear(r);
	if (begin && rc == 0)
		d->in_tx = true;
	if (commit || rollback)
		d->in_tx = false;
	return rc;
}

/* Rewrites ? placeholders to $1, $2, … outside '…', "…", -- and block
 * comments. Returns the number of parameters. */
static int rewrite(char **out, const char *sql)
{
	size_t len = strlen(sql), n = 0;
	char *o = xmalloc(len * 4 + 16), *w = o;
	int nparams = 0;

	while (n < len) {
		char ch = sql[n];

		if (ch == '\'' || ch == '"') {
			const char *end = strchr(sql + n + 1, ch);
			size_t k = end ? (size_t)(end - sql) + 1 : len;

			memcpy(w, sql + n, k - n);
			w += k - n;
			n = k;
		} else if (ch == '-' && sql[n + 1] == '-') {
			const char *end = strchr(sql + n, '\n');
			size_t k = end ? (size_t)(end - sql) : len;

			memcpy(w, sql + n, k - n);
			w += k - n;
			n = k;
		} else if (ch == '/' && sql[n + 1] == '*') {
			const char *end = strstr(sql + n + 2, "*/");
			size_t k = end ? (size_t)(end - sql) + 2 : len;

			memcpy(w, sql + n, k - n);
			w += k - n;
			n = k;
		} else if (ch == '?') {
			w += sprintf(w, "$%d", ++nparams);
			n++;
		} else {
			*w++ = ch;
			n++;
		}
	}
	*w = '\0';
	*out = o;
	return nparams;
}

/* For a plain "INSERT … VALUES (tuple)" (nothing after the tuple) keeps
 * the head and the tuple, so runs can be gathered into one INSERT. */
static void split_insert(struct pg_stmt *st, const char *sql)
{
	const char *v = strstr(sql, " VALUES ("), *p;
	int depth = 0;

	if (!v || strchr(sql, '\'') || strchr(sql, '-') || strchr(sql, ';'))
		return;
	p = v + 8;
	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			break;
	}
	if (!*p || p[1 + strspn(p + 1, " \n")] != '\0')
		return;
	st->head = xstrndup(sql, (size_t)(v + 8 - sql));
	st->tuple = xstrndup(v + 8, (size_t)(p + 1 - (v + 8)));
	st->batch_max = BATCH_PARAMS / st->nparams;
	if (st->batch_max > BATCH_ROWS)
		st->batch_max = BATCH_ROWS;
	if (st->batch_max < 2) {
		free(st->head);
		free(st->tuple);
		st->head = st->tuple = NULL;
	}
}

/* The INSERT of `rows` tuples, with $n placeholders. */
static char *batch_sql(const struct pg_stmt *st, int rows)
{
	struct buf b = BUF_INIT;
	char *out;

	buf_puts(&b, st->head);
	for (int i = 0; i < rows; i++) {
		if (i)
			buf_puts(&b, ", ");
		buf_puts(&b, st->tuple);
	}
	rewrite(&out, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* Sends the gathered rows as one pipelined INSERT. */
static int send_batch(struct pg_db *d)
{
	struct pg_stmt *st = d->batch_owner;
	int rows = d->batch_rows, n, rc = 0;
	const char **vals;
	char *sql;

	d->batch_rows = 0;
	d->batch_owner = NULL;
	if (!st || rows == 0)
		return 0;
	n = rows * st->nparams;
	vals = xcalloc((size_t)n, sizeof *vals);
	for (int i = 0; i < n; i++)
		vals[i] = d->batch_off[i] < 0 ? NULL : d->batch_text.data + d->batch_off[i];
	if (PQpipelineStatus(d->c) == PQ_PIPELINE_OFF && PQenterPipelineMode(d->c) != 1) {
		free(vals);
		buf_reset(&d->batch_text);
		return fail(d, NULL, "write");
	}
	if (rows == st->batch_max) {
		/* full batches recur: prepared once under a name */
		if (!st->batch_name[0] || st->batch_generation != d->generation) {
			snprintf(st->batch_name, sizeof st->batch_name, "pejl_%lu", ++d->names);
			st->batch_generation = d->generation;
			sql = batch_sql(st, rows);
			if (PQsendPrepare(d->c, st->batch_name, sql, n, NULL) != 1)
				rc = fail(d, NULL, "prepare");
			else
				d->pending++;
			free(sql);
		}
		if (rc == 0 && PQsendQueryPrepared(d->c, st->batch_name, n, vals, NULL, NULL, 0) != 1)
			rc = fail(d, NULL, "write");
	} else {
		sql = batch_sql(st, rows);
		if (PQsendQueryParams(d->c, sql, n, NULL, vals, NULL, NULL, 0) != 1)
			rc = fail(d, NULL, "write");
		free(sql);
	}
	if (rc == 0)
		d->pending++;
	free(vals);
	buf_reset(&d->batch_text); /* libpq has copied the values */
	return rc;
}

/* Adds the statement's current values to the gathered rows. */
static int batch_add(struct pg_stmt *st)
{
	struct pg_db *d = st->db;
	size_t need = (size_t)(d->batch_rows + 1) * (size_t)st->nparams;
	int rc;

	if (d->batch_owner != st && d->batch_rows && (rc = send_batch(d)) < 0)
		return rc;
	if (need > d->batch_cap) {
		d->batch_cap = need * 2;
		d->batch_off = xreallocarray(d->batch_off, d->batch_cap, sizeof *d->batch_off);
	}
	d->batch_owner = st;
	for (int i = 0; i < st->nparams; i++) {
		const struct param *p = &st->p[i];
		int *off = &d->batch_off[(size_t)d->batch_rows * (size_t)st->nparams + (size_t)i];

		if (p->null) {
			*off = -1;
		} else {
			const char *v = p->heap ? p->heap : p->buf;

			*off = (int)d->batch_text.len;
			buf_append(&d->batch_text, v, strlen(v) + 1);
		}
	}
	if (buf_error(&d->batch_text))
		return err_set(PEJL_EIO, "postgresql: too much gathered for one write");
	if (++d->batch_rows == st->batch_max)
		return send_batch(d);
	return 0;
}

static int pg_prepare(struct db_stmt **out, struct db *db, const char *sql)
{
	struct pg_db *d = (struct pg_db *)db;
	struct pg_stmt *st = xcalloc(1, sizeof *st);

	st->base.ops = &pg_ops;
	st->db = d;
	st->nparams = rewrite(&st->sql, sql);
	st->write = (strncmp(sql, "INSERT", 6) == 0 || strncmp(sql, "UPDATE", 6) == 0 || strncmp(sql, "DELETE", 6) == 0) &&
		    !strstr(sql, "RETURNING");
	if (st->write && strncmp(sql, "INSERT", 6) == 0 && st->nparams > 0)
		split_insert(st, sql);
	st->p = xcalloc((size_t)st->nparams + 1, sizeof *st->p);
	st->values = xcalloc((size_t)st->nparams + 1, sizeof *st->values);
	st->types = xcalloc((size_t)st->nparams + 1, sizeof *st->types);
	st->ptypes = xcalloc((size_t)st->nparams + 1, sizeof *st->ptypes);
	for (int i = 0; i < st->nparams; i++)
		st->p[i].null = true;
	st->row = -1;
	*out = &st->base;
	return 0;
}

static struct param *param(struct db_stmt *base, int i, Oid type)
{
	struct pg_stmt *st = P(base);
	struct param *p;

	if (i < 0 || i >= st->nparams)
		return NULL;
	p = &st->p[i];
	free(p->heap);
	p->heap = NULL;
	p->type = type;
	p->null = type == 0;
	p->buf[0] = '\0';
	return p;
}

static void pg_bind_text(struct db_stmt *st, int i, const char *v)
{
	struct param *p = param(st, i, OID_TEXT);
	size_t n;

	if (!p)
		return;
	n = strlen(v);
	if (n < sizeof p->buf)
		memcpy(p->buf, v, n + 1);
	else
		p->heap = xstrdup(v);
}

static void pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
	struct param *p = param(st, i, OID_INT8);

	if (p)
		snprintf(p->buf, sizeof p->buf, "%" PRId64, v);
}

static void pg_bind_double(struct db_stmt *st, int i, double v)
{
	struct param *p = param(st, i, OID_FLOAT8);

	if (!p)
		return;
	if (isnan(v))
		snprintf(p->buf, sizeof p->buf, "NaN");
	else if (isinf(v))
		snprintf(p->buf, sizeof p->buf, "%sInfinity", v < 0 ? "-" : "");
	else
		snprintf(p->buf, sizeof p->buf, "%.17g", v);
}

static void pg_bind_null(struct db_stmt *st, int i)
{
	param(st, i, 0);
}

/* May the named statement run with these types? NULLs fit any type. */
static bool fits(const struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		if (st->types[i] && st->types[i] != st->ptypes[i])
			return false;
	return true;
}

static void forget_name(struct pg_stmt *st)
{
	struct pg_db *d = st->db;

	if (!st->name[0])
		return;
	if (st->generation == d->generation) {
		if (d->nstale == d->capstale) {
			d->capstale = d->capstale ? d->capstale * 2 : 16;
			d->stale = xreallocarray(d->stale, d->capstale, sizeof *d->stale);
		}
		memcpy(d->stale[d->nstale++], st->name, sizeof st->name);
	}
	st->name[0] = '\0';
}

static int run(struct pg_stmt *st)
{
	struct pg_db *d = st->db;
	bool pipe = st->write && d->in_tx, retried = false;
	ExecStatusType es;
	PGresult *r;
	int rc;

again:
	if (!pipe || d->pending >= PIPELINE_MAX) {
		if ((rc = drain(d)) < 0)
			return rc;
	}
	if ((rc = usable(d)) < 0)
		return rc;
	if (pipe && st->tuple) {
		if ((rc = batch_add(st)) < 0)
			return rc;
		st->nrows = 0;
		st->row = -1;
		st->ran = true;
		st->runs++;
		return 0;
	}
	if (pipe && d->batch_rows && (rc = send_batch(d)) < 0)
		return rc;
	for (int i = 0; i < st->nparams; i++) {
		const struct param *p = &st->p[i];

		st->values[i] = p->null ? NULL : p->heap ? p->heap : p->buf;
		st->types[i] = p->null ? 0 : p->type;
	}
	if (pipe && PQpipelineStatus(d->c) == PQ_PIPELINE_OFF && PQenterPipelineMode(d->c) != 1)
		return fail(d, NULL, "write");
	if (!pipe)
		flush_stale(d);
	if (st->name[0] && (st->generation != d->generation || !fits(st))) {
		forget_name(st);
		st->name[0] = '\0';
	}
	if (!st->name[0] && st->runs > 0 && st->prepares < MAX_PREPARES) {
		char name[24];

		for (int i = 0; i < st->nparams; i++)
			if (st->types[i])
				st->ptypes[i] = st->types[i];
		snprintf(name, sizeof name, "pejl_%lu", ++d->names);
		if (pipe) {
			if (PQsendPrepare(d->c, name, st->sql, st->nparams, st->ptypes) != 1)
				return fail(d, NULL, "prepare");
			d->pending++;
		} else {
			r = PQprepare(d->c, name, st->sql, st->nparams, st->ptypes);
			if (PQresultStatus(r) != PGRES_COMMAND_OK) {
				rc = fail(d, r, "prepare");
				if (gone(d, r) && !d->in_tx && !retried) {
					PQclear(r);
					retried = true;
					goto again;
				}
				PQclear(r);
				return rc;
			}
			PQclear(r);
		}
		memcpy(st->name, name, sizeof name);
		st->generation = d->generation;
		st->prepares++;
	}
	if (pipe) {
		/* sent; its answer is read by drain() */
		if ((st->name[0] ? PQsendQueryPrepared(d->c, st->name, st->nparams, st->values, NULL, NULL, 0)
				 : PQsendQueryParams(d->c, st->sql, st->nparams, st->types, st->values, NULL, NULL, 0)) != 1)
			return fail(d, NULL, "write");
		d->pending++;
		st->nrows = 0;
		st->row = -1;
		st->ran = true;
		st->runs++;
		return 0;
	}
	if (st->name[0])
		r = PQexecPrepared(d->c, st->name, st->nparams, st->values, NULL, NULL, 0);
	else
		r = PQexecParams(d->c, st->sql, st->nparams, st->types, st->values, NULL, NULL, 0);
	es = PQresultStatus(r);
	if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
		rc = fail(d, r, "step");
		/* the server went away (restarted): outside a transaction the
		 * statement simply runs again on a new connection, once */
		if (gone(d, r) && !d->in_tx && !retried) {
			PQclear(r);
			retried = true;
			goto again;
		}
		PQclear(r);
		return rc;
	}
	st->res = r;
	st->nrows = PQntuples(r);
	st->row = -1;
	st->ran = true;
	st->runs++;
	return 0;
}

static int pg_step(struct db_stmt *base)
{
	struct pg_stmt *st = P(base);
	int rc;

	if (!st->ran && (rc = run(st)) < 0)
		return rc;
	if (st->row + 1 < st->nrows) {
		st->row++;
		return 1;
	}
	st->row = st->nrows;
	return 0;
}

static bool pg_col_null(struct db_stmt *base, int i)
{
	struct pg_stmt *st = P(base);

	return !st->res || st->row < 0 || st->row >= st->nrows || PQgetisnull(st->res, st->row, i);
}

static const char *pg_col_text(struct db_stmt *base, int i)
{
	struct pg_stmt *st = P(base);

	return pg_col_null(base, i) ? NULL : PQgetvalue(st->res, st->row, i);
}

static int64_t pg_col_int(struct db_stmt *base, int i)
{
	const char *v = pg_col_text(base, i);
	char *end;
	long long n;

	if (!v)
		return 0;
	if (strcmp(v, "t") == 0 || strcmp(v, "f") == 0)
		return v[0] == 't';
	n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return (int64_t)strtod(v, NULL);
	return (int64_t)n;
}

static double pg_col_double(struct db_stmt *base, int i)
{
	const char *v = pg_col_text(base, i);

	return v ? strtod(v, NULL) : 0;
}

static void clear_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->nrows = 0;
	st->row = -1;
	st->ran = false;
}

static void pg_reset(struct db_stmt *base)
{
	struct pg_stmt *st = P(base);

	clear_result(st);
	for (int i = 0; i < st->nparams; i++)
		param(base, i, 0);
}

static void pg_finalize(struct db_stmt *base)
{
	struct pg_stmt *st = P(base);

	if (st->db->batch_owner == st)
		send_batch(st->db); /* an error shows at the next drain */
	clear_result(st);
	forget_name(st);
	if (st->batch_name[0]) {
		memcpy(st->name, st->batch_name, sizeof st->name);
		st->generation = st->batch_generation;
		forget_name(st);
	}
	free(st->head);
	free(st->tuple);
	for (int i = 0; i < st->nparams; i++)
		free(st->p[i].heap);
	free(st->p);
	free(st->values);
	free(st->types);
	free(st->ptypes);
	free(st->sql);
	free(st);
}

static int pg_ncols(struct db_stmt *base)
{
	struct pg_stmt *st = P(base);

	return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(struct db_stmt *base, int i)
{
	struct pg_stmt *st = P(base);

	return st->res ? PQfname(st->res, i) : NULL;
}

static enum db_type pg_col_type(struct db_stmt *base, int i)
{
	struct pg_stmt *st = P(base);

	if (pg_col_null(base, i))
		return DB_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID: return DB_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC: return DB_DOUBLE;
	default: return DB_TEXT;
	}
}

static int pg_ids_copied(struct db *db, const char *table)
{
	struct pg_db *d = (struct pg_db *)db;
	char *quoted = PQescapeIdentifier(d->c, table, strlen(table));
	struct db_stmt *st = NULL;
	char *sql;
	int rc;

	if (!quoted)
		return fail(d, NULL, "quote");
	/* the table name is an identifier from the catalogue, quoted; the
	 * value is bound */
	sql = xmalloc(strlen(quoted) * 2 + 128);
	sprintf(sql, "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM %s",
		quoted);
	if ((rc = pg_prepare(&st, db, sql)) == 0) {
		pg_bind_text(st, 0, quoted);
		rc = pg_step(st);
		rc = rc > 0 ? 0 : rc;
		pg_finalize(st);
	}
	PQfreemem(quoted);
	free(sql);
	return rc;
}

static const struct db_ops pg_ops = {
	.name = "postgresql",
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.begin_sql = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '30s';"
		     " SELECT pg_advisory_xact_lock(" WRITE_LOCK ")",
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_null = pg_col_null,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.ncols = pg_ncols,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.tables_sql = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		      " WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.oid",
	.ids_copied = pg_ids_copied,
};

/* --- opening ------------------------------------------------------------------- */

/* Connects to url, or to the database `dbname` of the same server when
 * given. */
static PGconn *connect_url(const char *url, const char *dbname)
{
	const char *keys[5], *vals[5];
	int n = 0;

	keys[n] = "dbname";
	vals[n++] = url;
	if (dbname) {
		keys[n] = "dbname";
		vals[n++] = dbname;
	}
	keys[n] = "fallback_application_name";
	vals[n++] = "pejl";
	keys[n] = "client_encoding";
	vals[n++] = "UTF8";
	keys[n] = NULL;
	vals[n] = NULL;
	return PQconnectdbParams(keys, vals, 1);
}

/* A connection to the server's maintenance database, or NULL. */
static PGconn *maintenance(const char *url)
{
	static const char *const names[] = {"postgres", "template1"};

	for (size_t i = 0; i < 2; i++) {
		PGconn *m = connect_url(url, names[i]);

		if (PQstatus(m) == CONNECTION_OK)
			return m;
		PQfinish(m);
	}
	return NULL;
}

/* 1 when the database exists, 0 when it does not, -1 when that cannot be
 * told. */
static int database_exists(PGconn *m, const char *name)
{
	const char *vals[1] = {name};
	PGresult *r = PQexecParams(m, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, vals, NULL, NULL, 0);
	int rc = PQresultStatus(r) != PGRES_TUPLES_OK ? -1 : PQntuples(r) > 0;

	PQclear(r);
	return rc;
}

static int create_database(PGconn *m, const char *name, const char *shown)
{
	char *quoted = PQescapeIdentifier(m, name, strlen(name));
	char *sql, msg[512];
	const char *state;
	PGresult *r;
	int rc = 0;

	if (!quoted)
		return err_set(PEJL_EIO, "postgresql: cannot quote the database name %s", name);
	/* CREATE DATABASE takes no parameters: the name is a quoted
	 * identifier */
	sql = xmalloc(strlen(quoted) + 128);
	sprintf(sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", quoted);
	r = PQexec(m, sql);
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && !(state && strcmp(state, "42P04") == 0)) {
		one_line(msg, sizeof msg, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
		rc = err_set(PEJL_EIO,
			     "cannot create the database %s at %s: %s (create it with ENCODING 'UTF8' LC_COLLATE 'C' "
			     "and run 'pejl init' again)",
			     name, shown, msg);
	}
	PQclear(r);
	PQfreemem(quoted);
	free(sql);
	return rc;
}

static bool byte_order(const char *collate)
{
	return strcmp(collate, "C") == 0 || strcmp(collate, "POSIX") == 0 || strncmp(collate, "C.", 2) == 0;
}

/* The database must be UTF-8 with byte-order collation; without create it
 * must hold pejl's schema. */
static int check_database(struct pg_db *d, const char *shown, bool create)
{
	const char *sql = PQserverVersion(d->c) >= 150000
				  ? "SELECT pg_encoding_to_char(encoding), datcollate, datlocprovider::text,"
				    " to_regclass('schema_migration') IS NOT NULL, current_database()"
				    " FROM pg_database WHERE datname = current_database()"
				  : "SELECT pg_encoding_to_char(encoding), datcollate, 'c',"
				    " to_regclass('schema_migration') IS NOT NULL, current_database()"
				    " FROM pg_database WHERE datname = current_database()";
	PGresult *r;
	int rc = 0;

	if (PQserverVersion(d->c) < 120000)
		return err_set(PEJL_EIO, "%s: PostgreSQL %d is too old; pejl needs 12 or later (15 is tested)", shown,
			       PQserverVersion(d->c) / 10000);
	r = PQexec(d->c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = fail(d, r, "open");
	} else if (strcmp(PQgetvalue(r, 0, 0), "UTF8") != 0) {
		rc = err_set(PEJL_EIO, "the database %s at %s is encoded %s; pejl needs UTF8", PQgetvalue(r, 0, 4), shown,
			     PQgetvalue(r, 0, 0));
	} else if (!byte_order(PQgetvalue(r, 0, 1)) || strcmp(PQgetvalue(r, 0, 2), "c") != 0) {
		rc = err_set(PEJL_EIO,
			     "the database %s at %s sorts text by the collation %s; pejl compares codes and periods "
			     "byte by byte and needs LC_COLLATE 'C' (let 'pejl init' create the database, or create it "
			     "with TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C')",
			     PQgetvalue(r, 0, 4), shown, PQgetvalue(r, 0, 1));
	} else if (!create && strcmp(PQgetvalue(r, 0, 3), "t") != 0) {
		rc = err_set(PEJL_ENOTFOUND, "the database %s at %s holds no pejl data yet (create it with 'pejl --db %s init')",
			     PQgetvalue(r, 0, 4), shown, shown);
	}
	PQclear(r);
	return rc;
}

int db_pg_open(struct db **out, const char *url, bool create)
{
	char shown[512], why[512], name[256] = "";
	struct pg_db *d;
	PGconn *c, *m;
	int rc, exists;

	store_url_redact(shown, sizeof shown, url);
	c = connect_url(url, NULL);
	if (PQstatus(c) != CONNECTION_OK) {
		one_line(why, sizeof why, PQerrorMessage(c));
		if (PQdb(c))
			snprintf(name, sizeof name, "%s", PQdb(c));
		PQfinish(c);
		c = NULL;
		m = name[0] ? maintenance(url) : NULL;
		exists = m ? database_exists(m, name) : -1;
		if (exists == 0 && !create) {
			PQfinish(m);
			return err_set(PEJL_ENOTFOUND, "there is no database %s at %s (create it with 'pejl --db %s init')",
				       name, shown, shown);
		}
		if (exists == 0) {
			rc = create_database(m, name, shown);
			PQfinish(m);
			if (rc < 0)
				return rc;
			c = connect_url(url, NULL);
			if (PQstatus(c) != CONNECTION_OK) {
				one_line(why, sizeof why, PQerrorMessage(c));
				PQfinish(c);
				c = NULL;
			}
		} else {
			PQfinish(m);
		}
		if (!c)
			return err_set(PEJL_EIO, "cannot connect to %s: %s", shown, why);
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	d = xcalloc(1, sizeof *d);
	d->base.ops = &pg_ops;
	d->c = c;
	if ((rc = check_database(d, shown, create)) < 0) {
		pg_close(&d->base);
		return rc;
	}
	*out = &d->base;
	return 0;
}
