/*
 * store_feedback.c — episodes, their session forms, the access log and
 * retention (store.h). Forms are never changed once stored: a different
 * form for the same session, instrument and rater is a conflict.
 */
#include "store/store_impl.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define EPISODE_COLS                                                                                                   \
	"id, code, pseudonym, unit, practitioner, start_date, age_band, outcome_instrument, alliance_instrument,"      \
	" end_date, end_reason"

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

/* Reads an episode row; with a pool, the strings episodes repeat (units,
 * dates, instruments) are shared. */
static void read_episode(struct episode_row *e, struct db_stmt *st, struct arena *a, struct pool *p)
{
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
	return store_exec_one(st);
}

static int cmp_episode_code(const void *x, const void *y)
{
	return strcmp(((const struct episode_row *)x)->code, ((const struct episode_row *)y)->code);
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

/* The episodes (all, or those of the units), then their forms in two
 * passes: how many each episode has, then the forms themselves straight
 * into one array, in table order (a sequential read, three times faster
 * than reading them in key order), sorted per episode at the end. */
/* What to load: every episode, those of some units, or those that ended
 * in a date range. */
struct episode_filter {
	const char *const *units;
	const char *from, *to;
	const char *code;
};

static const char *const SQL_EP[4] = {
	"SELECT " EPISODE_COLS " FROM episode ORDER BY code",
	"SELECT " EPISODE_COLS " FROM episode WHERE unit = ?",
	"SELECT " EPISODE_COLS " FROM episode WHERE end_date >= ? AND end_date <= ? ORDER BY code",
	"SELECT " EPISODE_COLS " FROM episode WHERE code = ?",
};
static const char *const SQL_COUNT[4] = {
	"SELECT episode_id, COUNT(*) FROM feedback_form GROUP BY episode_id",
	"SELECT f.episode_id, COUNT(*) FROM feedback_form f JOIN episode e ON e.id = f.episode_id"
	" WHERE e.unit = ? GROUP BY f.episode_id",
	"SELECT f.episode_id, COUNT(*) FROM episode e JOIN feedback_form f ON f.episode_id = e.id"
	" WHERE e.end_date >= ? AND e.end_date <= ? GROUP BY f.episode_id",
	"SELECT f.episode_id, COUNT(*) FROM feedback_form f JOIN episode e ON e.id = f.episode_id"
	" WHERE e.code = ? GROUP BY f.episode_id",
};
#define FORM_COLS "f.episode_id, f.session, f.date, f.instrument, f.rater, f.skipped, f.i1, f.i2, f.i3, f.i4, f.i5"
static const char *const SQL_FORMS[4] = {
	"SELECT " FORM_COLS " FROM feedback_form f",
	/* the episodes first, then each one's forms by the key (CROSS JOIN fixes
	 * the order in SQLite; PostgreSQL plans it as it likes) */
	"SELECT " FORM_COLS " FROM episode e CROSS JOIN feedback_form f WHERE f.episode_id = e.id AND e.unit = ?",
	"SELECT " FORM_COLS " FROM episode e CROSS JOIN feedback_form f WHERE f.episode_id = e.id"
	" AND e.end_date >= ? AND e.end_date <= ?",
	"SELECT " FORM_COLS " FROM episode e CROSS JOIN feedback_form f WHERE f.episode_id = e.id AND e.code = ?",
};

/* Prepares the filter's statement for the u-th unit (or the only run). */
static int prepare_filtered(struct db_stmt **st, struct store *s, const char *const sql[4],
			    const struct episode_filter *f, size_t u)
{
	int mode = f->units ? 1 : f->from ? 2 : f->code ? 3 : 0, rc;

	if ((rc = db_prepare(st, s->db, sql[mode])) < 0)
		return rc;
	if (mode == 1) {
		db_bind_text(*st, 0, f->units[u]);
	} else if (mode == 2) {
		db_bind_text(*st, 0, f->from);
		db_bind_text(*st, 1, f->to);
	} else if (mode == 3) {
		db_bind_text(*st, 0, f->code);
	}
	return 0;
}

static int load_episodes(struct episode_row **out, size_t *n, struct store *s, struct arena *a,
			 const struct episode_filter *given)
{
	struct episode_filter filter = *given, *flt = &filter;
	const char **distinct = NULL;
	const char *const *units;
	struct db_stmt *st = NULL;
	struct episode_row *v = NULL;
	struct feedback_form_row *forms;
	struct pool pool = {.a = a};
	size_t len = 0, cap = 0, maxid = 0, total = 0, *byid = NULL, *room = NULL, ntmp = 0, tmpcap = 0;
	bool filtered = flt->units || flt->from || flt->code;
	struct {
		size_t ep;
		struct feedback_form_row f;
	} *tmp = NULL;
	int rc = 0;

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
	units = flt->units;
	/* episodes */
	for (size_t u = 0; u == 0 || (units && units[u]); u++) {
		if (units && !units[u])
			break;
		if ((rc = prepare_filtered(&st, s, SQL_EP, flt, u)) < 0)
			goto out;
		while ((rc = db_step(st)) > 0) {
			if (len == cap) {
				cap = cap ? cap * 2 : 256;
				v = xreallocarray(v, cap, sizeof *v);
			}
			memset(&v[len], 0, sizeof v[len]);
			read_episode(&v[len], st, a, &pool);
			if ((size_t)v[len].id > maxid)
				maxid = (size_t)v[len].id;
			len++;
		}
		store_finalize(&st);
		if (rc < 0)
			goto out;
		if (!units)
			break;
	}
	if (units && len > 1)
		qsort(v, len, sizeof *v, cmp_episode_code);
	byid = xcalloc(maxid + 1, sizeof *byid);
	room = xcalloc(len + 1, sizeof *room);
	for (size_t i = 0; i < len; i++)
		byid[v[i].id] = i + 1;
	/* all forms: pass 1, how many forms each episode has (from the key's
	 * index); a filtered few: read into a list first */
	for (size_t u = 0; !filtered && len && (u == 0 || (units && units[u])); u++) {
		if ((rc = prepare_filtered(&st, s, SQL_COUNT, flt, u)) < 0)
			goto out;
		while ((rc = db_step(st)) > 0) {
			int64_t id = db_col_int(st, 0);

			if (id > 0 && (size_t)id <= maxid && byid[id]) {
				room[byid[id] - 1] = (size_t)db_col_int(st, 1);
				total += room[byid[id] - 1];
			}
		}
		store_finalize(&st);
		if (rc < 0)
			goto out;
		if (!units)
			break;
	}
	forms = arena_calloc(a, total + 1, sizeof *forms);
	for (size_t i = 0, at = 0; i < len; i++) {
		v[i].forms = forms + at;
		at += room[i];
	}
	/* pass 2: the forms (all: in table order) */
	for (size_t u = 0; len && (u == 0 || (units && units[u])); u++) {
		if ((rc = prepare_filtered(&st, s, SQL_FORMS, flt, u)) < 0)
			goto out;
		while ((rc = db_step(st)) > 0) {
			int64_t id = db_col_int(st, 0);
			struct episode_row *e;
			struct feedback_form_row *f;

			if (id <= 0 || (size_t)id > maxid || !byid[id])
				continue;
			e = &v[byid[id] - 1];
			if (filtered) {
				if (ntmp == tmpcap) {
					tmpcap = tmpcap ? tmpcap * 2 : 1024;
					tmp = xreallocarray(tmp, tmpcap, sizeof *tmp);
				}
				tmp[ntmp].ep = byid[id] - 1;
				f = &tmp[ntmp++].f;
				memset(f, 0, sizeof *f);
				room[byid[id] - 1]++;
			} else if (e->nforms == room[byid[id] - 1]) {
				continue; /* written since pass 1: seen next time */
			} else {
				f = &e->forms[e->nforms++];
			}
			f->session = (int)db_col_int(st, 1);
			f->date = pool_get(&pool, st, 2);
			f->instrument = pool_get(&pool, st, 3);
			f->rater = pool_get(&pool, st, 4);
			f->skipped = db_col_int(st, 5) != 0;
			for (int i = 0; i < 5; i++)
				if (!db_col_null(st, 6 + i))
					f->items[f->nitems++] = (int)db_col_int(st, 6 + i);
		}
		store_finalize(&st);
		if (rc < 0)
			goto out;
		if (!units)
			break;
	}
	if (filtered) { /* place the list: room[] holds the counts now */
		total = ntmp;
		forms = arena_calloc(a, total + 1, sizeof *forms);
		for (size_t i = 0, at = 0; i < len; i++) {
			v[i].forms = forms + at;
			at += room[i];
		}
		for (size_t i = 0; i < ntmp; i++)
			v[tmp[i].ep].forms[v[tmp[i].ep].nforms++] = tmp[i].f;
	}
	/* by session, instrument, rater (insertion sort: nearly sorted, short) */
	for (size_t i = 0; i < len; i++) {
		struct feedback_form_row *f = v[i].forms;

		for (size_t j = 1; j < v[i].nforms; j++) {
			struct feedback_form_row x = f[j];
			size_t k = j;

			for (; k > 0 && cmp_form(&f[k - 1], &x) > 0; k--)
				f[k] = f[k - 1];
			f[k] = x;
		}
	}
	*out = arena_calloc(a, len + 1, sizeof **out);
	if (len)
		memcpy(*out, v, len * sizeof *v);
	*n = len;
	rc = 0;
out:
	store_finalize(&st);
	free(distinct);
	free(pool.slot);
	free(tmp);
	free(byid);
	free(room);
	free(v);
	return rc;
}

int store_episodes_each(struct store *s, store_episode_cb fn, void *ctx)
{
	struct db_stmt *st = NULL, *fs = NULL;
	struct arena *a = arena_new();
	struct pool pool = {.a = a};
	struct feedback_form_row *forms = NULL;
	size_t cap = 0, done = 0;
	int64_t fid = -1;
	int rc, frc = 1;

	PREPARE(st, "SELECT " EPISODE_COLS " FROM episode ORDER BY id");
	PREPARE(fs, "SELECT episode_id, session, instrument, rater, date, skipped, i1, i2, i3, i4, i5 FROM feedback_form"
		    " ORDER BY episode_id, session, instrument, rater");
	while ((rc = db_step(st)) > 0) {
		struct episode_row e = {0};
		struct arena *ea = arena_new();

		read_episode(&e, st, ea, &pool);
		/* the forms of this episode: the form cursor is at the first form
		 * whose episode is not below this one */
		if (frc > 0 && fid < e.id)
			while ((frc = db_step(fs)) > 0 && (fid = db_col_int(fs, 0)) < e.id)
				;
		while (frc > 0 && fid == e.id) {
			struct feedback_form_row *f;

			if (e.nforms == cap) {
				cap = cap ? cap * 2 : 64;
				forms = xreallocarray(forms, cap, sizeof *forms);
			}
			f = &forms[e.nforms++];
			memset(f, 0, sizeof *f);
			f->session = (int)db_col_int(fs, 1);
			f->instrument = pool_get(&pool, fs, 2);
			f->rater = pool_get(&pool, fs, 3);
			f->date = pool_get(&pool, fs, 4);
			f->skipped = db_col_int(fs, 5) != 0;
			for (int i = 0; i < 5; i++)
				if (!db_col_null(fs, 6 + i))
					f->items[f->nitems++] = (int)db_col_int(fs, 6 + i);
			if ((frc = db_step(fs)) > 0)
				fid = db_col_int(fs, 0);
		}
		if (frc < 0) {
			arena_free(ea);
			rc = frc;
			goto out;
		}
		e.forms = forms;
		rc = fn(ctx, &e);
		arena_free(ea);
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
	store_finalize(&fs);
	store_finalize(&st);
	free(pool.slot);
	free(forms);
	arena_free(a);
	return rc;
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

int store_episodes_ended(struct episode_row **out, size_t *n, struct store *s, struct arena *a, const char *from,
			 const char *to)
{
	struct episode_filter f = {.from = from, .to = to};

	return load_episodes(out, n, s, a, &f);
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
