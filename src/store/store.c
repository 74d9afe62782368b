/*
 * store.c — the store interface (store.h) written once over db.h.
 *
 * Everything here is backend-neutral SQL with bound parameters. The open
 * path picks the backend from the URL and applies pending migrations in one
 * transaction, so two processes opening a new database at once cannot both
 * migrate it.
 */
#include "store/store.h"

#include "store/migrations.h"
#include "store/store_impl.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int store_cached(struct db_stmt **out, struct store *s, const char *sql)
{
	int rc;

	for (size_t i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			db_reset(s->cache[i].st);
			*out = s->cache[i].st;
			return 0;
		}
	if ((rc = db_prepare(out, s->db, sql)) < 0)
		return rc;
	if (s->ncache < STMT_CACHE) {
		s->cache[s->ncache].sql = sql;
		s->cache[s->ncache].st = *out;
		s->ncache++;
	}
	return 0;
}

/* The current UTC time as text; formatted once per second, since bulk
 * writes ask for it often. */
void store_now(char out[32])
{
	static _Thread_local time_t last;
	static _Thread_local char text[32];
	time_t t = time(NULL);

	if (t != last) {
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
		last = t;
	}
	memcpy(out, text, sizeof text);
}

void store_release(struct store *s)
{
	for (size_t i = 0; i < s->ncache; i++)
		db_reset(s->cache[i].st);
}

const char *store_backend(const struct store *s)
{
	return s->db->ops->name;
}


/* Finalizes a statement and clears the handle, so a later finalize of the
 * same variable (at `out:`) is harmless. */
void store_finalize(struct db_stmt **st)
{
	db_finalize(*st);
	*st = NULL;
}

char *store_dup_col(struct arena *a, struct db_stmt *st, int i)
{
	return db_col_null(st, i) ? NULL : arena_strdup(a, db_col_text(st, i));
}

int store_exec_one(struct db_stmt *st)
{
	int rc = db_step(st);

	return rc > 0 ? 0 : rc;
}

/* What a migration does after its SQL, in C, by its index in
 * store_migrations (version - 1): data the SQL cannot make. */
static int (*const migration_step[])(struct store *) = {
	[6] = store_feedback_pack_all, /* 7 added episode.forms: pack the forms stored */
};

static int migrate(struct store *s)
{
	struct db_stmt *st = NULL;
	struct buf sql = BUF_INIT;
	int rc, have = 0;
	char now[32];
	time_t t = time(NULL);

	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	if ((rc = store_begin(s)) < 0)
		return rc;
	if ((rc = db_exec(s->db, "CREATE TABLE IF NOT EXISTS schema_migration ("
				 " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")) < 0)
		goto out;
	PREPARE(st, "SELECT COALESCE(MAX(version), 0) FROM schema_migration");
	if ((rc = db_step(st)) < 0)
		goto out;
	have = (int)db_col_int(st, 0);
	store_finalize(&st);
	if ((size_t)have > store_nmigrations) {
		rc = err_set(PEJL_EIO, "the database has schema version %d; this pejl knows only up to %zu", have,
			     store_nmigrations);
		goto out;
	}
	if ((size_t)have == store_nmigrations) {
		/* nothing to do: end the transaction without a write */
		store_finalize(&st);
		buf_free(&sql);
		store_rollback(s);
		return 0;
	}
	for (size_t v = (size_t)have; v < store_nmigrations; v++) {
		const char *p = store_migrations[v], *q;

		buf_reset(&sql);
		while ((q = strstr(p, "{ID}"))) {
			buf_append(&sql, p, (size_t)(q - p));
			buf_puts(&sql, s->db->ops->id_type);
			p = q + 4;
		}
		buf_puts(&sql, p);
		if ((rc = db_exec(s->db, buf_cstr(&sql))) < 0)
			goto out;
		if (v < sizeof migration_step / sizeof migration_step[0] && migration_step[v] &&
		    (rc = migration_step[v](s)) < 0)
			goto out;
		PREPARE(st, "INSERT INTO schema_migration (version, applied_at) VALUES (?, ?)");
		db_bind_int(st, 0, (int64_t)v + 1);
		db_bind_text(st, 1, now);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
	rc = store_commit(s);
out:
	store_finalize(&st);
	buf_free(&sql);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

bool store_url_is_pg(const char *url)
{
	return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

/* Copies url into out with the password of a postgresql:// URL (in the
 * user part or a password= parameter) replaced by "***". */
void store_url_redact(char *out, size_t size, const char *url)
{
	struct buf b = BUF_INIT;
	const char *p, *auth, *end, *at = NULL, *colon = NULL;

	if (!store_url_is_pg(url)) {
		snprintf(out, size, "%s", url ? url : "");
		return;
	}
	p = strstr(url, "://") + 3;
	auth = p;
	end = p + strcspn(p, "/?#");
	for (const char *q = auth; q < end; q++)
		if (*q == '@')
			at = q;
	if (at)
		colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon) {
		buf_append(&b, url, (size_t)(colon + 1 - url));
		buf_puts(&b, "***");
		p = at;
	} else {
		buf_append(&b, url, (size_t)(p - url));
	}
	/* the rest, with any password=… parameter masked */
	while (*p) {
		if ((p[-1] == '?' || p[-1] == '&') && strncmp(p, "password=", 9) == 0) {
			buf_puts(&b, "password=***");
			p += 9;
			p += strcspn(p, "&#");
			continue;
		}
		buf_putc(&b, *p++);
	}
	snprintf(out, size, "%s", buf_cstr(&b));
	buf_free(&b);
}

int store_open(struct store **out, const char *url, int flags)
{
	struct store *s;
	struct db *db = NULL;
	const char *path = url;
	int rc;

	*out = NULL;
	if (!url || !*url)
		return err_set(PEJL_EUSAGE, "no database given (use --db PATH or set PEJL_DB)");
	if (store_url_is_pg(url)) {
		if ((rc = db_pg_open(&db, url, flags & STORE_CREATE)) < 0)
			return rc;
	} else {
		if (strncmp(url, "file:", 5) == 0)
			path = url + 5;
		if ((rc = db_sqlite_open(&db, path, flags & STORE_CREATE)) < 0)
			return rc;
	}
	s = xcalloc(1, sizeof *s);
	s->db = db;
	if ((rc = migrate(s)) < 0) {
		store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	store_rollback(s);
	if (s->user && s->user_free)
		s->user_free(s->user);
	store_feedback_free(s);
	for (size_t i = 0; i < s->ncache; i++)
		db_finalize(s->cache[i].st);
	s->db->ops->close(s->db);
	free(s);
}

int store_begin(struct store *s)
{
	char sql[32];
	int rc;

	if (s->in_tx) { /* nested: a savepoint that commits or rolls back alone */
		snprintf(sql, sizeof sql, "SAVEPOINT pejl%d", s->depth + 1);
		if ((rc = db_exec(s->db, sql)) < 0)
			return rc;
		s->depth++;
		return 0;
	}
	if ((rc = db_exec(s->db, s->db->ops->begin_sql)) < 0)
		return rc;
	s->in_tx = true;
	s->depth = 0;
	s->pair_goal = 0;
	return 0;
}

static const char *const SQL_BUMP = "UPDATE change_counter SET n = n + 1 WHERE id = 1";
static const char *const SQL_COUNTER = "SELECT n FROM change_counter WHERE id = 1";

int store_commit(struct store *s)
{
	struct db_stmt *st;
	char sql[32];
	int rc;

	assert(s->in_tx);
	if (s->depth > 0) {
		snprintf(sql, sizeof sql, "RELEASE pejl%d", s->depth);
		if ((rc = db_exec(s->db, sql)) < 0) {
			store_rollback(s);
			return rc;
		}
		s->depth--;
		return 0;
	}
	/* Every committed write moves the change counter, so caches in any
	 * process sharing the database know their copy is stale. */
	if ((rc = store_feedback_flush(s)) < 0 || (rc = store_cached(&st, s, SQL_BUMP)) < 0 ||
	    (rc = store_exec_one(st)) < 0) {
		store_rollback(s);
		return rc;
	}
	store_release(s);
	if ((rc = db_exec(s->db, "COMMIT")) < 0) {
		store_rollback(s);
		return rc;
	}
	s->in_tx = false;
	return 0;
}

void store_rollback(struct store *s)
{
	char sql[64];

	if (!s->in_tx)
		return;
	store_release(s);
	s->pair_goal = 0;
	store_feedback_rolled_back(s, s->depth == 0);
	if (s->depth > 0) {
		snprintf(sql, sizeof sql, "ROLLBACK TO pejl%d; RELEASE pejl%d", s->depth, s->depth);
		db_exec(s->db, sql);
		s->depth--;
		return;
	}
	db_exec(s->db, "ROLLBACK");
	s->in_tx = false;
	/* the caller's cache may hold what the transaction undid (a strategy
	 * read inside it): drop it */
	if (s->user && s->user_free)
		s->user_free(s->user);
	s->user = NULL;
}

int store_change_counter(struct store *s, long *out)
{
	struct db_stmt *st;
	int rc;

	if ((rc = store_cached(&st, s, SQL_COUNTER)) < 0)
		return rc;
	if ((rc = db_step(st)) < 0)
		return rc;
	*out = rc > 0 ? (long)db_col_int(st, 0) : 0;
	db_reset(st);
	return 0;
}

int store_schema_version(struct store *s, int *out)
{
	struct db_stmt *st = NULL;
	int rc;

	PREPARE(st, "SELECT COALESCE(MAX(version), 0) FROM schema_migration");
	if ((rc = db_step(st)) < 0)
		goto out;
	*out = (int)db_col_int(st, 0);
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

/* --- strategies ------------------------------------------------------------ */

int store_strategy_list(struct strategy_info **out, size_t *n, struct store *s, struct arena *a)
{
	struct db_stmt *st = NULL;
	struct strategy_info *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	PREPARE(st, "SELECT s.code, s.name, s.valid_from, s.valid_to,"
		    " (SELECT COUNT(*) FROM pejlemaerke p WHERE p.strategy_id = s.id),"
		    " (SELECT COUNT(*) FROM goal g WHERE g.strategy_id = s.id)"
		    " FROM strategy s ORDER BY s.valid_from DESC, s.code");
	while ((rc = db_step(st)) > 0) {
		if (len == cap) {
			struct strategy_info *nv;

			cap = cap ? cap * 2 : 8;
			nv = arena_calloc(a, cap, sizeof *nv);
			if (len)
				memcpy(nv, v, len * sizeof *nv);
			v = nv;
		}
		v[len].code = store_dup_col(a, st, 0);
		v[len].name = store_dup_col(a, st, 1);
		v[len].valid_from = (int)db_col_int(st, 2);
		v[len].valid_to = (int)db_col_int(st, 3);
		v[len].npejlemaerker = (size_t)db_col_int(st, 4);
		v[len].ngoals = (size_t)db_col_int(st, 5);
		len++;
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

int store_strategy_default(char **out, struct store *s, struct arena *a)
{
	struct db_stmt *st = NULL;
	int rc;

	PREPARE(st, "SELECT code FROM strategy ORDER BY valid_from DESC, code LIMIT 1");
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "the database holds no strategy yet (load one with 'pejl init' or "
					     "'pejl strategy import FILE')");
		goto out;
	}
	*out = store_dup_col(a, st, 0);
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

/* Counts rows of `sql` (one ? bound to id) to size an array. */
int store_count_rows(size_t *out, struct store *s, const char *sql, int64_t id)
{
	struct db_stmt *st = NULL;
	int rc;

	PREPARE(st, sql);
	db_bind_int(st, 0, id);
	if ((rc = db_step(st)) < 0)
		goto out;
	*out = (size_t)db_col_int(st, 0);
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

static int load_principles(struct store *s, struct arena *a, struct strategy *stg, int64_t sid)
{
	struct db_stmt *st = NULL, *cs = NULL;
	size_t i = 0;
	int rc;

	if ((rc = store_count_rows(&stg->nprinciples, s, "SELECT COUNT(*) FROM principle WHERE strategy_id = ?", sid)) < 0)
		return rc;
	stg->principles = arena_calloc(a, stg->nprinciples, sizeof *stg->principles);
	PREPARE(st, "SELECT id, number, title, title_en, description FROM principle WHERE strategy_id = ?"
		    " ORDER BY number");
	PREPARE(cs, "SELECT code, text FROM commitment WHERE principle_id = ? ORDER BY position");
	db_bind_int(st, 0, sid);
	while ((rc = db_step(st)) > 0 && i < stg->nprinciples) {
		struct principle *p = &stg->principles[i++];
		int64_t pid = db_col_int(st, 0);
		size_t j = 0;

		p->number = (int)db_col_int(st, 1);
		p->title = store_dup_col(a, st, 2);
		p->title_en = store_dup_col(a, st, 3);
		p->description = store_dup_col(a, st, 4);
		if ((rc = store_count_rows(&p->ncommitments, s, "SELECT COUNT(*) FROM commitment WHERE principle_id = ?",
				     pid)) < 0)
			goto out;
		p->commitments = arena_calloc(a, p->ncommitments, sizeof *p->commitments);
		store_finalize(&cs);
		PREPARE(cs, "SELECT code, text FROM commitment WHERE principle_id = ? ORDER BY position");
		db_bind_int(cs, 0, pid);
		while ((rc = db_step(cs)) > 0 && j < p->ncommitments) {
			p->commitments[j].code = store_dup_col(a, cs, 0);
			p->commitments[j].text = store_dup_col(a, cs, 1);
			j++;
		}
		if (rc < 0)
			goto out;
		p->ncommitments = j;
	}
	if (rc < 0)
		goto out;
	stg->nprinciples = i;
	rc = 0;
out:
	store_finalize(&cs);
	store_finalize(&st);
	return rc;
}

static void read_version(struct goal_version *v, struct db_stmt *st, struct arena *a, int c)
{
	v->date = store_dup_col(a, st, c + 0);
	v->decision = store_dup_col(a, st, c + 1);
	v->note = store_dup_col(a, st, c + 2);
	v->title = store_dup_col(a, st, c + 3);
	v->title_en = store_dup_col(a, st, c + 4);
	v->definition = store_dup_col(a, st, c + 5);
	v->source = store_dup_col(a, st, c + 6);
	v->owner = store_dup_col(a, st, c + 7);
	v->display_unit = store_dup_col(a, st, c + 8);
	measure_parse(&v->measure, db_col_text(st, c + 9));
	v->rate_factor = db_col_double(st, c + 10);
	v->decimals = (int)db_col_int(st, c + 11);
	direction_parse(&v->direction, db_col_text(st, c + 12));
	sampling_parse(&v->sampling, db_col_text(st, c + 13));
	cadence_parse(&v->cadence, db_col_text(st, c + 14));
	v->has_baseline = !db_col_null(st, c + 15);
	v->baseline_period = store_dup_col(a, st, c + 15);
	v->baseline_value = v->has_baseline ? db_col_double(st, c + 16) : 0;
	target_kind_parse(&v->target_kind, db_col_text(st, c + 17));
	v->target_value = db_col_null(st, c + 18) ? 0 : db_col_double(st, c + 18);
	v->target_period = store_dup_col(a, st, c + 19);
	v->tolerance = db_col_double(st, c + 20);
	v->metric = store_dup_col(a, st, c + 21);
}

#define VERSION_COLS                                                                                                   \
	"valid_from, decision, note, title, title_en, definition, source, owner, display_unit, measure,"               \
	" rate_factor, decimals, direction, sampling, cadence, baseline_period, baseline_value,"                       \
	" target_kind, target_value, target_period, tolerance, metric"

static int load_goals(struct store *s, struct arena *a, struct pejlemaerke *pm, int64_t pmid)
{
	struct db_stmt *st = NULL, *vs = NULL;
	size_t i = 0;
	int rc;

	if ((rc = store_count_rows(&pm->ngoals, s, "SELECT COUNT(*) FROM goal WHERE pejlemaerke_id = ?", pmid)) < 0)
		return rc;
	pm->goals = arena_calloc(a, pm->ngoals, sizeof *pm->goals);
	PREPARE(st, "SELECT id, code, is_main FROM goal WHERE pejlemaerke_id = ? ORDER BY position");
	db_bind_int(st, 0, pmid);
	while ((rc = db_step(st)) > 0 && i < pm->ngoals) {
		struct goal *g = &pm->goals[i++];
		int64_t gid = db_col_int(st, 0);
		size_t j = 0;

		g->id = (long)gid;
		g->code = store_dup_col(a, st, 1);
		g->main = db_col_int(st, 2) != 0;
		if ((rc = store_count_rows(&g->nversions, s, "SELECT COUNT(*) FROM goal_version WHERE goal_id = ?", gid)) <
		    0)
			goto out;
		g->versions = arena_calloc(a, g->nversions, sizeof *g->versions);
		PREPARE(vs, "SELECT " VERSION_COLS " FROM goal_version WHERE goal_id = ? ORDER BY valid_from");
		db_bind_int(vs, 0, gid);
		while ((rc = db_step(vs)) > 0 && j < g->nversions)
			read_version(&g->versions[j++], vs, a, 0);
		if (rc < 0)
			goto out;
		g->nversions = j;
		store_finalize(&vs);
	}
	if (rc < 0)
		goto out;
	pm->ngoals = i;
	rc = 0;
out:
	store_finalize(&vs);
	store_finalize(&st);
	return rc;
}

static int load_pejlemaerker(struct store *s, struct arena *a, struct strategy *stg, int64_t sid)
{
	struct db_stmt *st = NULL;
	size_t i = 0;
	int rc;

	if ((rc = store_count_rows(&stg->npejlemaerker, s, "SELECT COUNT(*) FROM pejlemaerke WHERE strategy_id = ?", sid)) <
	    0)
		return rc;
	stg->pejlemaerker = arena_calloc(a, stg->npejlemaerker, sizeof *stg->pejlemaerker);
	PREPARE(st, "SELECT id, number, title, title_en, description FROM pejlemaerke WHERE strategy_id = ?"
		    " ORDER BY number");
	db_bind_int(st, 0, sid);
	while ((rc = db_step(st)) > 0 && i < stg->npejlemaerker) {
		struct pejlemaerke *pm = &stg->pejlemaerker[i++];

		pm->number = (int)db_col_int(st, 1);
		pm->title = store_dup_col(a, st, 2);
		pm->title_en = store_dup_col(a, st, 3);
		pm->description = store_dup_col(a, st, 4);
		if ((rc = load_goals(s, a, pm, db_col_int(st, 0))) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	stg->npejlemaerker = i;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_strategy_load(struct strategy_doc **out, struct store *s, struct arena *a, const char *code)
{
	struct db_stmt *st = NULL;
	struct strategy_doc *doc = arena_calloc(a, 1, sizeof *doc);
	struct strategy *stg = &doc->strategy;
	int64_t sid;
	int rc;

	PREPARE(st, "SELECT id, code, name, name_en, description, valid_from, valid_to, decision_date,"
		    " decision_body, decision_case FROM strategy WHERE code = ?");
	db_bind_text(st, 0, code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "no strategy with code \"%s\"", code);
		goto out;
	}
	sid = db_col_int(st, 0);
	stg->code = store_dup_col(a, st, 1);
	stg->name = store_dup_col(a, st, 2);
	stg->name_en = store_dup_col(a, st, 3);
	stg->description = store_dup_col(a, st, 4);
	stg->valid_from = (int)db_col_int(st, 5);
	stg->valid_to = (int)db_col_int(st, 6);
	stg->decision_date = store_dup_col(a, st, 7);
	stg->decision_body = store_dup_col(a, st, 8);
	stg->decision_case = store_dup_col(a, st, 9);
	if ((rc = load_principles(s, a, stg, sid)) < 0 || (rc = load_pejlemaerker(s, a, stg, sid)) < 0 ||
	    (rc = store_unit_list(&doc->units, &doc->nunits, s, a)) < 0 ||
	    (rc = store_group_list(&doc->groups, &doc->ngroups, s, a)) < 0)
		goto out;
	*out = doc;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

/* INSERT … RETURNING id, one row. */
int store_insert_id(int64_t *id, struct db_stmt *st)
{
	int rc = db_step(st);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(PEJL_EIO, "insert returned no id");
	*id = db_col_int(st, 0);
	return 0;
}

static int insert_version(struct store *s, int64_t gid, const struct goal_version *v)
{
	struct db_stmt *st = NULL;
	int rc;

	PREPARE(st, "INSERT INTO goal_version (goal_id, " VERSION_COLS ")"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int(st, 0, gid);
	db_bind_text(st, 1, v->date);
	db_bind_text(st, 2, v->decision);
	db_bind_text(st, 3, v->note);
	db_bind_text(st, 4, v->title);
	db_bind_text(st, 5, v->title_en);
	db_bind_text(st, 6, v->definition);
	db_bind_text(st, 7, v->source);
	db_bind_text(st, 8, v->owner);
	db_bind_text(st, 9, v->display_unit);
	db_bind_text(st, 10, measure_name(v->measure));
	db_bind_double(st, 11, v->rate_factor);
	db_bind_int(st, 12, v->decimals);
	db_bind_text(st, 13, direction_name(v->direction));
	db_bind_text(st, 14, sampling_name(v->sampling));
	db_bind_text(st, 15, cadence_name(v->cadence));
	if (v->has_baseline) {
		db_bind_text(st, 16, v->baseline_period);
		db_bind_double(st, 17, v->baseline_value);
	} else {
		db_bind_null(st, 16);
		db_bind_null(st, 17);
	}
	db_bind_text(st, 18, target_kind_name(v->target_kind));
	if (v->target_kind != TARGET_NONE) {
		db_bind_double(st, 19, v->target_value);
		db_bind_text(st, 20, v->target_period);
	} else {
		db_bind_null(st, 19);
		db_bind_null(st, 20);
	}
	db_bind_double(st, 21, v->tolerance);
	db_bind_text(st, 22, v->metric);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

static int insert_goals(struct store *s, int64_t sid, int64_t pmid, const struct pejlemaerke *pm)
{
	struct db_stmt *st = NULL;
	int rc = 0;

	for (size_t i = 0; i < pm->ngoals; i++) {
		const struct goal *g = &pm->goals[i];
		int64_t gid;

		PREPARE(st, "INSERT INTO goal (strategy_id, pejlemaerke_id, position, code, is_main)"
			    " VALUES (?, ?, ?, ?, ?) RETURNING id");
		db_bind_int(st, 0, sid);
		db_bind_int(st, 1, pmid);
		db_bind_int(st, 2, (int64_t)i);
		db_bind_text(st, 3, g->code);
		db_bind_int(st, 4, g->main);
		if ((rc = store_insert_id(&gid, st)) < 0)
			goto out;
		store_finalize(&st);
		for (size_t v = 0; v < g->nversions; v++)
			if ((rc = insert_version(s, gid, &g->versions[v])) < 0)
				goto out;
	}
out:
	store_finalize(&st);
	return rc;
}

int store_strategy_insert(struct store *s, const struct strategy *stg)
{
	struct db_stmt *st = NULL;
	int64_t sid, id;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT 1 FROM strategy WHERE code = ?");
	db_bind_text(st, 0, stg->code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		rc = err_set(PEJL_ECONFLICT, "a strategy with code \"%s\" exists already", stg->code);
		goto out;
	}
	store_finalize(&st);
	PREPARE(st, "INSERT INTO strategy (code, name, name_en, description, valid_from, valid_to, decision_date,"
		    " decision_body, decision_case) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_text(st, 0, stg->code);
	db_bind_text(st, 1, stg->name);
	db_bind_text(st, 2, stg->name_en);
	db_bind_text(st, 3, stg->description);
	db_bind_int(st, 4, stg->valid_from);
	db_bind_int(st, 5, stg->valid_to);
	db_bind_text(st, 6, stg->decision_date);
	db_bind_text(st, 7, stg->decision_body);
	db_bind_text(st, 8, stg->decision_case);
	if ((rc = store_insert_id(&sid, st)) < 0)
		goto out;
	for (size_t i = 0; i < stg->nprinciples; i++) {
		const struct principle *p = &stg->principles[i];

		store_finalize(&st);
		PREPARE(st, "INSERT INTO principle (strategy_id, number, title, title_en, description)"
			    " VALUES (?, ?, ?, ?, ?) RETURNING id");
		db_bind_int(st, 0, sid);
		db_bind_int(st, 1, p->number);
		db_bind_text(st, 2, p->title);
		db_bind_text(st, 3, p->title_en);
		db_bind_text(st, 4, p->description);
		if ((rc = store_insert_id(&id, st)) < 0)
			goto out;
		for (size_t j = 0; j < p->ncommitments; j++) {
			store_finalize(&st);
			PREPARE(st, "INSERT INTO commitment (principle_id, position, code, text) VALUES (?, ?, ?, ?)");
			db_bind_int(st, 0, id);
			db_bind_int(st, 1, (int64_t)j);
			db_bind_text(st, 2, p->commitments[j].code);
			db_bind_text(st, 3, p->commitments[j].text);
			if ((rc = store_exec_one(st)) < 0)
				goto out;
		}
	}
	for (size_t i = 0; i < stg->npejlemaerker; i++) {
		const struct pejlemaerke *pm = &stg->pejlemaerker[i];

		store_finalize(&st);
		PREPARE(st, "INSERT INTO pejlemaerke (strategy_id, number, title, title_en, description)"
			    " VALUES (?, ?, ?, ?, ?) RETURNING id");
		db_bind_int(st, 0, sid);
		db_bind_int(st, 1, pm->number);
		db_bind_text(st, 2, pm->title);
		db_bind_text(st, 3, pm->title_en);
		db_bind_text(st, 4, pm->description);
		if ((rc = store_insert_id(&id, st)) < 0)
			goto out;
		if ((rc = insert_goals(s, sid, id, pm)) < 0)
			goto out;
	}
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_goal_version_add(struct store *s, const char *strategy_code, const char *goal_code,
			   const struct goal_version *v)
{
	struct db_stmt *st = NULL;
	int64_t gid;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT g.id, (SELECT MAX(valid_from) FROM goal_version WHERE goal_id = g.id)"
		    " FROM goal g JOIN strategy s ON s.id = g.strategy_id WHERE s.code = ? AND g.code = ?");
	db_bind_text(st, 0, strategy_code);
	db_bind_text(st, 1, goal_code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "no goal %s in strategy %s", goal_code, strategy_code);
		goto out;
	}
	gid = db_col_int(st, 0);
	if (!db_col_null(st, 1) && strcmp(db_col_text(st, 1), v->date) >= 0) {
		rc = err_set(PEJL_ECONFLICT,
			     "goal %s already has a version from %s; a new version must be dated later than that (%s)",
			     goal_code, db_col_text(st, 1), v->date);
		goto out;
	}
	rc = insert_version(s, gid, v);
out:
	store_finalize(&st);
	return rc;
}

/* --- organisation ---------------------------------------------------------- */

bool store_same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int store_unit_list(struct unit **out, size_t *n, struct store *s, struct arena *a)
{
	struct db_stmt *st = NULL;
	struct unit *v;
	size_t len = 0, total;
	int rc;

	if ((rc = store_count_rows(&total, s, "SELECT COUNT(*) FROM unit WHERE id > ?", 0)) < 0)
		return rc;
	v = arena_calloc(a, total, sizeof *v);
	PREPARE(st, "SELECT code, name, kind, parent, valid_from, valid_to FROM unit ORDER BY id");
	while ((rc = db_step(st)) > 0 && len < total) {
		v[len].code = store_dup_col(a, st, 0);
		v[len].name = store_dup_col(a, st, 1);
		unit_kind_parse(&v[len].kind, db_col_text(st, 2));
		v[len].parent = store_dup_col(a, st, 3);
		v[len].valid_from = store_dup_col(a, st, 4);
		v[len].valid_to = store_dup_col(a, st, 5);
		len++;
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

int store_unit_put(struct store *s, const struct unit *u)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT name, kind, parent, valid_to FROM unit WHERE code = ? AND valid_from = ?");
	db_bind_text(st, 0, u->code);
	db_bind_text(st, 1, u->valid_from);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		if (store_same_text(db_col_text(st, 0), u->name) && store_same_text(db_col_text(st, 1), unit_kind_name(u->kind)) &&
		    store_same_text(db_col_null(st, 2) ? NULL : db_col_text(st, 2), u->parent) &&
		    store_same_text(db_col_null(st, 3) ? NULL : db_col_text(st, 3), u->valid_to))
			rc = 1;
		else
			rc = err_set(PEJL_ECONFLICT, "unit %s from %s exists already with other details", u->code,
				     u->valid_from);
		goto out;
	}
	store_finalize(&st);
	/* Overlap with another row of the same code: [f1,t1] and [f2,t2] overlap
	 * unless one ends before the other starts (NULL end = open). The CAST
	 * gives a NULL parameter a type, which PostgreSQL needs. */
	PREPARE(st, "SELECT valid_from FROM unit WHERE code = ?"
		    " AND NOT ((valid_to IS NOT NULL AND valid_to < ?) OR (CAST(? AS TEXT) IS NOT NULL AND ? < valid_from))");
	db_bind_text(st, 0, u->code);
	db_bind_text(st, 1, u->valid_from);
	db_bind_text(st, 2, u->valid_to);
	db_bind_text(st, 3, u->valid_to);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		rc = err_set(PEJL_ECONFLICT, "unit %s already exists from %s and the validity intervals overlap", u->code,
			     db_col_text(st, 0));
		goto out;
	}
	store_finalize(&st);
	if (u->parent) {
		PREPARE(st, "SELECT 1 FROM unit WHERE code = ?");
		db_bind_text(st, 0, u->parent);
		if ((rc = db_step(st)) < 0)
			goto out;
		if (rc == 0) {
			rc = err_set(PEJL_ENOTFOUND, "parent unit %s does not exist", u->parent);
			goto out;
		}
		store_finalize(&st);
	}
	PREPARE(st, "INSERT INTO unit (code, name, kind, parent, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)");
	db_bind_text(st, 0, u->code);
	db_bind_text(st, 1, u->name);
	db_bind_text(st, 2, unit_kind_name(u->kind));
	db_bind_text(st, 3, u->parent);
	db_bind_text(st, 4, u->valid_from);
	db_bind_text(st, 5, u->valid_to);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_unit_close(struct store *s, const char *code, const char *valid_to)
{
	struct db_stmt *st = NULL;
	int64_t id;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT id, valid_from FROM unit WHERE code = ? AND valid_to IS NULL");
	db_bind_text(st, 0, code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "unit %s has no open period to close", code);
		goto out;
	}
	id = db_col_int(st, 0);
	if (strcmp(valid_to, db_col_text(st, 1)) < 0) {
		rc = err_set(PEJL_EINPUT, "unit %s starts %s; it cannot end before that (%s)", code,
			     db_col_text(st, 1), valid_to);
		goto out;
	}
	store_finalize(&st);
	PREPARE(st, "UPDATE unit SET valid_to = ? WHERE id = ?");
	db_bind_text(st, 0, valid_to);
	db_bind_int(st, 1, id);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_group_list(struct target_group **out, size_t *n, struct store *s, struct arena *a)
{
	struct db_stmt *st = NULL;
	struct target_group *v;
	size_t len = 0, total;
	int rc;

	if ((rc = store_count_rows(&total, s, "SELECT COUNT(*) FROM target_group WHERE id > ?", 0)) < 0)
		return rc;
	v = arena_calloc(a, total, sizeof *v);
	PREPARE(st, "SELECT code, name, name_en FROM target_group ORDER BY id");
	while ((rc = db_step(st)) > 0 && len < total) {
		v[len].code = store_dup_col(a, st, 0);
		v[len].name = store_dup_col(a, st, 1);
		v[len].name_en = store_dup_col(a, st, 2);
		len++;
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

int store_group_put(struct store *s, const struct target_group *g)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT name, name_en FROM target_group WHERE code = ?");
	db_bind_text(st, 0, g->code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		if (store_same_text(db_col_text(st, 0), g->name) &&
		    store_same_text(db_col_null(st, 1) ? NULL : db_col_text(st, 1), g->name_en))
			rc = 1;
		else
			rc = err_set(PEJL_ECONFLICT, "target group %s exists already with another name", g->code);
		goto out;
	}
	store_finalize(&st);
	PREPARE(st, "INSERT INTO target_group (code, name, name_en) VALUES (?, ?, ?)");
	db_bind_text(st, 0, g->code);
	db_bind_text(st, 1, g->name);
	db_bind_text(st, 2, g->name_en);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

/* --- audit ----------------------------------------------------------------- */

int store_audit(struct store *s, const char *actor, const char *action, const char *object, const char *detail)
{
	struct db_stmt *st = NULL;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc;

	assert(s->in_tx);
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	PREPARE(st, "INSERT INTO audit (at, actor, action, object, detail) VALUES (?, ?, ?, ?, ?)");
	db_bind_text(st, 0, now);
	db_bind_text(st, 1, actor);
	db_bind_text(st, 2, action);
	db_bind_text(st, 3, object);
	db_bind_text(st, 4, detail);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_audit_list(struct audit_entry **out, size_t *n, struct store *s, struct arena *a, size_t limit)
{
	struct db_stmt *st = NULL;
	struct audit_entry *v = arena_calloc(a, limit, sizeof *v);
	size_t len = 0;
	int rc;

	PREPARE(st, "SELECT id, at, actor, action, object, detail FROM audit ORDER BY id DESC LIMIT ?");
	db_bind_int(st, 0, (int64_t)limit);
	while ((rc = db_step(st)) > 0 && len < limit) {
		v[len].id = (long)db_col_int(st, 0);
		v[len].at = store_dup_col(a, st, 1);
		v[len].actor = store_dup_col(a, st, 2);
		v[len].action = store_dup_col(a, st, 3);
		v[len].object = store_dup_col(a, st, 4);
		v[len].detail = store_dup_col(a, st, 5);
		len++;
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

void **store_user_cache(struct store *s, void (*free_fn)(void *))
{
	s->user_free = free_fn;
	return &s->user;
}

int store_strategy_stamp(struct store *s, long *out)
{
	struct db_stmt *st;
	int rc;

	if ((rc = store_cached(&st, s, "SELECT COUNT(*) * 1000003 + COALESCE(MAX(id), 0) FROM goal_version")) < 0)
		return rc;
	if ((rc = db_step(st)) < 0)
		return rc;
	*out = rc > 0 ? (long)db_col_int(st, 0) : 0;
	db_reset(st);
	return 0;
}
