/*
 * store_feedback.c — episodes, their session forms, the access log and
 * retention (store.h). Forms are never changed once stored: a different
 * form for the same session, instrument and rater is a conflict.
 */
#include "store/store_impl.h"

#include "store/episode_pack.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define EPISODE_COLS                                                                                                   \
	"id, code, pseudonym, unit, practitioner, start_date, age_band, outcome_instrument, alliance_instrument,"      \
	" end_date, end_reason, forms"

/* A pool of the short strings forms repeat (dates, instruments, raters),
 * so four million forms do not make twelve million copies. */
struct pool {
	struct arena *a;
	const char **slot;
	size_t cap, n;
	const char *recent[16]; /* the last string per column: rows repeat them */
};

static const char *pool_get(struct pool *p, struct db_stmt *st, int col)
{
	const char *s;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	if (db_col_null(st, col))
		return NULL;
	s = db_col_text(st, col);
	if (col < 16 && p->recent[col] && strcmp(p->recent[col], s) == 0)
		return p->recent[col];
	if (p->n * 2 >= p->cap) { /* grow and rehash */
		size_t cap = p->cap ? p->cap * 2 : 1024;
		const char **slot = xcalloc(cap, sizeof *slot);

		for (size_t k = 0; k < p->cap; k++)
			if (p->slot[k]) {
				uint64_t g = 1469598103934665603ull;

				for (const char *c = p->slot[k]; *c; c++)
					g = (g ^ (unsigned char)*c) * 1099511628211ull;
				for (i = g & (cap - 1); slot[i]; i = (i + 1) & (cap - 1))
					;
				slot[i] = p->slot[k];
			}
		free(p->slot);
		p->slot = slot;
		p->cap = cap;
	}
	for (const char *c = s; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	for (i = h & (p->cap - 1); p->slot[i]; i = (i + 1) & (p->cap - 1))
		if (strcmp(p->slot[i], s) == 0)
			return col < 16 ? (p->recent[col] = p->slot[i]) : p->slot[i];
	p->n++;
	p->slot[i] = arena_strdup(p->a, s);
	return col < 16 ? (p->recent[col] = p->slot[i]) : p->slot[i];
}

/* Reads an episode row, its forms unpacked; with a pool, the strings
 * episodes repeat (units, dates, instruments) are shared. */
static int read_episode(struct episode_row *e, struct db_stmt *st, struct arena *a, struct pool *p)
{
	size_t where;

	e->id = (long)db_col_int(st, 0);
	e->code = store_dup_col(a, st, 1);
	e->pseudonym = store_dup_col(a, st, 2);
	e->unit = pool_get(p, st, 3);
	e->practitioner = pool_get(p, st, 4);
	e->start_date = pool_get(p, st, 5);
	e->age_band = pool_get(p, st, 6);
	e->outcome_instrument = pool_get(p, st, 7);
	e->alliance_instrument = pool_get(p, st, 8);
	e->end_date = pool_get(p, st, 9);
	e->end_reason = pool_get(p, st, 10);
	if (db_col_null(st, 11)) {
		e->forms = arena_calloc(a, 1, sizeof *e->forms);
		e->nforms = 0;
		return 0;
	}
	{
		const char *text = db_col_text(st, 11);

		if (episode_pack_decode(&e->forms, &e->nforms, text, strlen(text), a, &where) < 0)
			return err_set(PEJL_EIO, "episode %s: its stored forms cannot be read (episode.forms, byte %zu)",
				       e->code, where);
	}
	return 0;
}

/*
 * The packed forms (episode.forms) follow the feedback_form rows. A form
 * written marks its episode; the marked episodes are packed afresh from
 * their rows before the next read of episodes and before the commit, so
 * an import that adds sixteen forms to an episode packs it once. A
 * savepoint rolled back may have undone packs written inside it, so then
 * every episode packed in the transaction is marked again; packing from
 * the rows is always right, however often it is done.
 */
struct store_touched {
	long *ids;
	bool *dirty;
	size_t n, cap, ndirty;
	size_t *slot; /* open addressing: index + 1 into ids */
	size_t nslot;
};

static size_t touched_hash(long id, size_t nslot)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 20) & (nslot - 1);
}

static void touched_dirty(struct store_touched *t, size_t i)
{
	if (!t->dirty[i]) {
		t->dirty[i] = true;
		t->ndirty++;
	}
}

static void touched_mark(struct store *s, long id)
{
	struct store_touched *t = s->touched;
	size_t i;

	if (!t)
		t = s->touched = xcalloc(1, sizeof *t);
	if (t->n && t->ids[t->n - 1] == id) { /* forms come episode by episode */
		touched_dirty(t, t->n - 1);
		return;
	}
	if ((t->n + 1) * 2 > t->nslot) {
		t->nslot = t->nslot ? t->nslot * 2 : 1024;
		free(t->slot);
		t->slot = xcalloc(t->nslot, sizeof *t->slot);
		for (size_t k = 0; k < t->n; k++) {
			for (i = touched_hash(t->ids[k], t->nslot); t->slot[i]; i = (i + 1) & (t->nslot - 1))
				;
			t->slot[i] = k + 1;
		}
	}
	for (i = touched_hash(id, t->nslot); t->slot[i]; i = (i + 1) & (t->nslot - 1))
		if (t->ids[t->slot[i] - 1] == id) {
			touched_dirty(t, t->slot[i] - 1);
			return;
		}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->ids = xreallocarray(t->ids, t->cap, sizeof *t->ids);
		t->dirty = xreallocarray(t->dirty, t->cap, sizeof *t->dirty);
	}
	t->ids[t->n] = id;
	t->dirty[t->n] = false;
	t->slot[i] = ++t->n;
	touched_dirty(t, t->n - 1);
}

static int cmp_form(const struct feedback_form_row *x, const struct feedback_form_row *y)
{
	int c;

	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	if ((c = strcmp(x->instrument, y->instrument)) != 0)
		return c;
	return strcmp(x->rater, y->rater);
}

static const char *const SQL_PACK_FORMS = "SELECT session, date, instrument, rater, skipped, i1, i2, i3, i4, i5"
					  " FROM feedback_form WHERE episode_id = ?";
static const char *const SQL_PACK_PUT = "UPDATE episode SET forms = ? WHERE id = ?";

/* Packs one episode's forms from its rows into episode.forms. The order is
 * the store's own (session, then instrument and rater byte by byte), the
 * same on every backend. */
static int pack_episode(struct store *s, long id, struct buf *text)
{
	struct db_stmt *st;
	struct arena *a = arena_new();
	struct feedback_form_row *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = store_cached(&st, s, SQL_PACK_FORMS)) < 0)
		goto out;
	db_bind_int(st, 0, id);
	while ((rc = db_step(st)) > 0) {
		struct feedback_form_row *f;

		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xreallocarray(v, cap, sizeof *v);
		}
		f = &v[n++];
		memset(f, 0, sizeof *f);
		f->session = (int)db_col_int(st, 0);
		f->date = store_dup_col(a, st, 1);
		f->instrument = store_dup_col(a, st, 2);
		f->rater = store_dup_col(a, st, 3);
		f->skipped = db_col_int(st, 4) != 0;
		for (int i = 0; i < 5; i++)
			if (!db_col_null(st, 5 + i))
				f->items[f->nitems++] = (int)db_col_int(st, 5 + i);
	}
	db_reset(st);
	if (rc < 0)
		goto out;
	for (size_t j = 1; j < n; j++) { /* insertion sort: nearly sorted, short */
		struct feedback_form_row x = v[j];
		size_t k = j;

		for (; k > 0 && cmp_form(&v[k - 1], &x) > 0; k--)
			v[k] = v[k - 1];
		v[k] = x;
	}
	buf_reset(text);
	episode_pack_encode(text, v, n);
	if ((rc = buf_error(text)) < 0)
		goto out;
	if ((rc = store_cached(&st, s, SQL_PACK_PUT)) < 0)
		goto out;
	db_bind_text(st, 0, n ? buf_cstr(text) : NULL);
	db_bind_int(st, 1, id);
	rc = store_exec_one(st);
out:
	free(v);
	arena_free(a);
	return rc;
}

int store_feedback_flush(struct store *s)
{
	struct store_touched *t = s->touched;
	struct buf text = BUF_INIT;
	int rc = 0;

	if (!t || t->ndirty == 0)
		return 0;
	assert(s->in_tx);
	for (size_t i = 0; i < t->n && rc == 0; i++)
		if (t->dirty[i]) {
			rc = pack_episode(s, t->ids[i], &text);
			if (rc == 0) {
				t->dirty[i] = false;
				t->ndirty--;
			}
		}
	buf_free(&text);
	return rc;
}

void store_feedback_rolled_back(struct store *s, bool whole)
{
	struct store_touched *t = s->touched;

	if (!t)
		return;
	if (whole) {
		t->n = t->ndirty = 0;
		if (t->slot)
			memset(t->slot, 0, t->nslot * sizeof *t->slot);
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		t->dirty[i] = true;
	t->ndirty = t->n;
}

void store_feedback_free(struct store *s)
{
	struct store_touched *t = s->touched;

	if (!t)
		return;
	free(t->ids);
	free(t->dirty);
	free(t->slot);
	free(t);
	s->touched = NULL;
}

int store_feedback_pack_all(struct store *s)
{
	struct db_stmt *st = NULL;
	long *ids = NULL;
	size_t n = 0, cap = 0;
	struct buf text = BUF_INIT;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT id FROM episode ORDER BY id");
	while ((rc = db_step(st)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = (long)db_col_int(st, 0);
	}
	if (rc < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = pack_episode(s, ids[i], &text);
out:
	store_finalize(&st);
	buf_free(&text);
	free(ids);
	return rc;
}

int store_episode_put(long *id, int *existed, struct store *s, const struct episode_row *e, long batch)
{
	struct db_stmt *st = NULL;
	int64_t eid;
	int rc;

	assert(s->in_tx);
	*existed = 0;
	PREPARE(st, "SELECT id, pseudonym, unit, outcome_instrument, end_date, end_reason, alliance_instrument"
		    " FROM episode WHERE code = ?");
	db_bind_text(st, 0, e->code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		const char *end = db_col_null(st, 4) ? NULL : db_col_text(st, 4);

		*existed = 1;
		*id = (long)db_col_int(st, 0);
		if (!store_same_text(db_col_null(st, 1) ? NULL : db_col_text(st, 1), e->pseudonym)) {
			rc = err_set(PEJL_ECONFLICT, "episode %s belongs to another citizen", e->code);
			goto out;
		}
		if (!store_same_text(db_col_text(st, 2), e->unit) ||
		    (e->outcome_instrument && !store_same_text(db_col_text(st, 3), e->outcome_instrument)) ||
		    (e->alliance_instrument && !db_col_null(st, 6) &&
		     !store_same_text(db_col_text(st, 6), e->alliance_instrument))) {
			rc = err_set(PEJL_ECONFLICT, "episode %s is stored with another unit or instrument", e->code);
			goto out;
		}
		if (end && e->end_date && strcmp(end, e->end_date) != 0) {
			rc = err_set(PEJL_ECONFLICT, "episode %s ended %s already", e->code, end);
			goto out;
		}
		{
			bool set_alliance = db_col_null(st, 6) && e->alliance_instrument;

			store_finalize(&st);
			if (set_alliance) {
				/* the alliance form came in a later file */
				PREPARE(st, "UPDATE episode SET alliance_instrument = ? WHERE id = ?");
				db_bind_text(st, 0, e->alliance_instrument);
				db_bind_int(st, 1, *id);
				if ((rc = store_exec_one(st)) < 0)
					goto out;
				store_finalize(&st);
			}
		}
		if (!end && e->end_date) {
			PREPARE(st, "UPDATE episode SET end_date = ?, end_reason = ? WHERE id = ?");
			db_bind_text(st, 0, e->end_date);
			db_bind_text(st, 1, e->end_reason);
			db_bind_int(st, 2, *id);
			rc = store_exec_one(st);
		} else {
			rc = 0;
		}
		goto out;
	}
	store_finalize(&st);
	PREPARE(st, "INSERT INTO episode (code, pseudonym, unit, practitioner, start_date, age_band, outcome_instrument,"
		    " alliance_instrument, end_date, end_reason, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		    " RETURNING id");
	db_bind_text(st, 0, e->code);
	db_bind_text(st, 1, e->pseudonym);
	db_bind_text(st, 2, e->unit);
	db_bind_text(st, 3, e->practitioner);
	db_bind_text(st, 4, e->start_date);
	db_bind_text(st, 5, e->age_band);
	db_bind_text(st, 6, e->outcome_instrument ? e->outcome_instrument : e->alliance_instrument);
	db_bind_text(st, 7, e->alliance_instrument);
	db_bind_text(st, 8, e->end_date);
	db_bind_text(st, 9, e->end_reason);
	db_bind_int(st, 10, batch);
	if ((rc = store_insert_id(&eid, st)) < 0)
		goto out;
	*id = (long)eid;
out:
	store_finalize(&st);
	return rc;
}

static const char *const SQL_FORM_GET = "SELECT date, skipped, i1, i2, i3, i4, i5 FROM feedback_form"
					" WHERE episode_id = ? AND session = ? AND instrument = ? AND rater = ?";
static const char *const SQL_FORM_ADD =
	"INSERT INTO feedback_form (episode_id, session, date, instrument, rater, skipped, i1, i2, i3, i4, i5)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

int store_form_put(struct store *s, long episode_id, const struct feedback_form_row *f)
{
	struct db_stmt *st;
	int rc;

	assert(s->in_tx);
	if ((rc = store_cached(&st, s, SQL_FORM_GET)) < 0)
		return rc;
	db_bind_int(st, 0, episode_id);
	db_bind_int(st, 1, f->session);
	db_bind_text(st, 2, f->instrument);
	db_bind_text(st, 3, f->rater);
	if ((rc = db_step(st)) < 0) {
		db_reset(st);
		return rc;
	}
	if (rc > 0) {
		bool same = strcmp(db_col_text(st, 0), f->date) == 0 && (db_col_int(st, 1) != 0) == f->skipped;

		for (size_t i = 0; i < 5; i++) {
			bool has = i < f->nitems && !f->skipped;

			same = same && (db_col_null(st, (int)i + 2) ? !has : has && db_col_int(st, (int)i + 2) == f->items[i]);
		}
		db_reset(st);
		if (!same)
			return err_set(PEJL_ECONFLICT, "session %d (%s, %s) is stored already with other values", f->session,
				       f->instrument, f->rater);
		return 1;
	}
	db_reset(st);
	if ((rc = store_cached(&st, s, SQL_FORM_ADD)) < 0)
		return rc;
	db_bind_int(st, 0, episode_id);
	db_bind_int(st, 1, f->session);
	db_bind_text(st, 2, f->date);
	db_bind_text(st, 3, f->instrument);
	db_bind_text(st, 4, f->rater);
	db_bind_int(st, 5, f->skipped);
	for (size_t i = 0; i < 5; i++)
		if (i < f->nitems && !f->skipped)
			db_bind_int(st, (int)i + 6, f->items[i]);
		else
			db_bind_null(st, (int)i + 6);
	if ((rc = store_exec_one(st)) < 0)
		return rc;
	touched_mark(s, episode_id);
	return 0;
}

static int cmp_episode_code(const void *x, const void *y)
{
	return strcmp(((const struct episode_row *)x)->code, ((const struct episode_row *)y)->code);
}

/* What to load: every episode, those of some units, or one by its code. */
struct episode_filter {
	const char *const *units;
	const char *code;
};

static const char *const SQL_EP[3] = {
	"SELECT " EPISODE_COLS " FROM episode",
	"SELECT " EPISODE_COLS " FROM episode WHERE unit = ?",
	"SELECT " EPISODE_COLS " FROM episode WHERE code = ?",
};

/* Prepares the filter's statement for the u-th unit (or the only run). */
static int prepare_filtered(struct db_stmt **st, struct store *s, const struct episode_filter *f, size_t u)
{
	int mode = f->units ? 1 : f->code ? 2 : 0, rc;

	if ((rc = db_prepare(st, s->db, SQL_EP[mode])) < 0)
		return rc;
	if (mode == 1)
		db_bind_text(*st, 0, f->units[u]);
	else if (mode == 2)
		db_bind_text(*st, 0, f->code);
	return 0;
}

/* The episodes the filter selects, each read whole from its row (its forms
 * are packed in it), by code (sorted here: the rows come in the order that
 * reads them fastest). */
static int load_episodes(struct episode_row **out, size_t *n, struct store *s, struct arena *a,
			 const struct episode_filter *given)
{
	struct episode_filter filter = *given;
	const char **distinct = NULL;
	struct db_stmt *st = NULL;
	struct episode_row *v = NULL;
	struct pool pool = {.a = a};
	size_t len = 0, cap = 0;
	int rc = 0;

	if ((rc = store_feedback_flush(s)) < 0)
		return rc;
	/* each unit once, or its episodes would be read twice */
	if (given->units) {
		size_t m = 0, nd = 0;

		while (given->units[m])
			m++;
		distinct = xcalloc(m + 1, sizeof *distinct);
		for (size_t i = 0; i < m; i++) {
			bool seen = false;

			for (size_t j = 0; j < nd && !seen; j++)
				seen = strcmp(distinct[j], given->units[i]) == 0;
			if (!seen)
				distinct[nd++] = given->units[i];
		}
		filter.units = distinct;
	}
	for (size_t u = 0; u == 0 || (filter.units && filter.units[u]); u++) {
		if (filter.units && !filter.units[u])
			break;
		if ((rc = prepare_filtered(&st, s, &filter, u)) < 0)
			goto out;
		while ((rc = db_step(st)) > 0) {
			if (len == cap) {
				cap = cap ? cap * 2 : 256;
				v = xreallocarray(v, cap, sizeof *v);
			}
			memset(&v[len], 0, sizeof v[len]);
			if ((rc = read_episode(&v[len], st, a, &pool)) < 0)
				goto out;
			len++;
		}
		store_finalize(&st);
		if (rc < 0)
			goto out;
		if (!filter.units)
			break;
	}
	if (len > 1)
		qsort(v, len, sizeof *v, cmp_episode_code);
	*out = arena_calloc(a, len + 1, sizeof **out);
	if (len)
		memcpy(*out, v, len * sizeof *v);
	*n = len;
	rc = 0;
out:
	store_finalize(&st);
	free(distinct);
	free(pool.slot);
	free(v);
	return rc;
}

/* Calls fn for each episode of the statement (from and to bound when
 * given), one at a time. */
static int episodes_each(struct store *s, const char *sql, const char *from, const char *to, store_episode_cb fn,
			 void *ctx)
{
	struct db_stmt *st = NULL;
	struct arena *a = arena_new(), *ea = arena_new();
	struct pool pool = {.a = a};
	size_t done = 0;
	int rc;

	if ((rc = store_feedback_flush(s)) < 0)
		goto out;
	PREPARE(st, sql);
	if (from) {
		db_bind_text(st, 0, from);
		db_bind_text(st, 1, to);
	}
	while ((rc = db_step(st)) > 0) {
		struct episode_row e = {0};

		if ((rc = read_episode(&e, st, ea, &pool)) == 0)
			rc = fn(ctx, &e);
		arena_reset(ea);
		if (rc != 0)
			goto out;
		/* the pool's strings outlive an episode; start it afresh now and then
		 * so a long run does not keep every code it saw */
		if (++done % 65536 == 0 && pool.n > 4096) {
			free(pool.slot);
			memset(&pool, 0, sizeof pool);
			arena_free(a);
			a = arena_new();
			pool.a = a;
		}
	}
out:
	store_finalize(&st);
	free(pool.slot);
	arena_free(ea);
	arena_free(a);
	return rc;
}

int store_episodes_each(struct store *s, store_episode_cb fn, void *ctx)
{
	return episodes_each(s, "SELECT " EPISODE_COLS " FROM episode ORDER BY id", NULL, NULL, fn, ctx);
}

int store_episodes_ended_each(struct store *s, const char *from, const char *to, store_episode_cb fn, void *ctx)
{
	return episodes_each(s, "SELECT " EPISODE_COLS " FROM episode WHERE end_date >= ? AND end_date <= ?", from, to,
			     fn, ctx);
}

int store_episodes(struct episode_row **out, size_t *n, struct store *s, struct arena *a, const char *const *units)
{
	struct episode_filter f = {.units = units};

	return load_episodes(out, n, s, a, &f);
}

int store_episode_get(struct episode_row **out, struct store *s, struct arena *a, const char *code)
{
	struct episode_filter f = {.code = code};
	size_t n;
	int rc;

	if ((rc = load_episodes(out, &n, s, a, &f)) < 0)
		return rc;
	return n == 1 ? 0 : err_set(PEJL_ENOTFOUND, "no episode %s", code);
}

int store_access_log(struct store *s, const char *actor, const char *what, const char *pseudonym, const char *episode,
		     const char *via)
{
	struct db_stmt *st = NULL;
	char now[32];
	int rc;

	assert(s->in_tx);
	store_now(now);
	if ((rc = store_cached(&st, s, "INSERT INTO access_log (at, actor, what, pseudonym, episode, via)"
					" VALUES (?, ?, ?, ?, ?, ?)")) < 0)
		return rc;
	db_bind_text(st, 0, now);
	db_bind_text(st, 1, actor);
	db_bind_text(st, 2, what);
	db_bind_text(st, 3, pseudonym);
	db_bind_text(st, 4, episode);
	db_bind_text(st, 5, via);
	return store_exec_one(st);
}

int store_access_list(struct access_entry **out, size_t *n, struct store *s, struct arena *a, size_t limit)
{
	struct db_stmt *st = NULL;
	struct access_entry *v = arena_calloc(a, limit + 1, sizeof *v);
	size_t len = 0;
	int rc;

	PREPARE(st, "SELECT at, actor, what, pseudonym, episode, via FROM access_log ORDER BY id DESC LIMIT ?");
	db_bind_int(st, 0, (int64_t)limit);
	while ((rc = db_step(st)) > 0 && len < limit) {
		v[len].at = store_dup_col(a, st, 0);
		v[len].actor = store_dup_col(a, st, 1);
		v[len].what = store_dup_col(a, st, 2);
		v[len].pseudonym = store_dup_col(a, st, 3);
		v[len].episode = store_dup_col(a, st, 4);
		v[len].via = store_dup_col(a, st, 5);
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

int store_retention(long *unlinked, long *log_deleted, struct store *s, const char *ended_before,
		    const char *log_before)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	*unlinked = *log_deleted = 0;
	PREPARE(st, "UPDATE episode SET pseudonym = NULL WHERE pseudonym IS NOT NULL AND end_date IS NOT NULL"
		    " AND end_date < ? RETURNING id");
	db_bind_text(st, 0, ended_before);
	while ((rc = db_step(st)) > 0)
		(*unlinked)++;
	if (rc < 0)
		goto out;
	store_finalize(&st);
	PREPARE(st, "DELETE FROM access_log WHERE at < ? RETURNING id");
	db_bind_text(st, 0, log_before);
	while ((rc = db_step(st)) > 0)
		(*log_deleted)++;
out:
	store_finalize(&st);
	return rc;
}

int store_episodes_last_end(char out[11], struct store *s)
{
	struct db_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	PREPARE(st, "SELECT MAX(end_date) FROM episode");
	if ((rc = db_step(st)) > 0 && !db_col_null(st, 0))
		snprintf(out, 11, "%s", db_col_text(st, 0));
	rc = rc < 0 ? rc : 0;
out:
	store_finalize(&st);
	return rc;
}
