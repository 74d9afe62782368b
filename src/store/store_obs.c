/*
 * store_obs.c — observations and import batches (store.h).
 *
 * Revisions: a key (goal, period, unit, group) has revisions 1, 2, …; the
 * newest has latest = 1. store_obs_put compares with the latest revision and
 * adds one only when something changed.
 */
#include "store/store_impl.h"

#include "util/err.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* --- observations ------------------------------------------------------------- */

int store_batch_add(long *id, struct store *s, const char *actor, const char *kind, const char *name,
		    const char *sha256)
{
	struct db_stmt *st = NULL;
	char now[32];
	int64_t bid;
	int rc;

	assert(s->in_tx);
	store_now(now);
	PREPARE(st, "INSERT INTO import_batch (at, actor, kind, name, sha256, rows, added, revised)"
		    " VALUES (?, ?, ?, ?, ?, 0, 0, 0) RETURNING id");
	db_bind_text(st, 0, now);
	db_bind_text(st, 1, actor);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, sha256);
	if ((rc = store_insert_id(&bid, st)) < 0)
		goto out;
	*id = (long)bid;
out:
	store_finalize(&st);
	return rc;
}

int store_batch_finish(struct store *s, long id, long rows, long added, long revised)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "UPDATE import_batch SET rows = ?, added = ?, revised = ? WHERE id = ?");
	db_bind_int(st, 0, rows);
	db_bind_int(st, 1, added);
	db_bind_int(st, 2, revised);
	db_bind_int(st, 3, id);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

static void bind_opt(struct db_stmt *st, int i, bool has, double v)
{
	if (has)
		db_bind_double(st, i, v);
	else
		db_bind_null(st, i);
}

static bool same_opt(struct db_stmt *st, int i, bool has, double v)
{
	return db_col_null(st, i) ? !has : has && db_col_double(st, i) == v;
}

static const char *const SQL_OBS_LATEST =
	"SELECT id, revision, state, value, numerator, denominator, n, sd, source, note, computed"
	" FROM observation WHERE goal_id = ? AND period = ? AND unit = ? AND grp = ?"
	" ORDER BY revision DESC LIMIT 1";
static const char *const SQL_OBS_UNLATEST = "UPDATE observation SET latest = 0 WHERE id = ?";
static const char *const SQL_OBS_INSERT =
	"INSERT INTO observation (goal_id, period, unit, grp, revision, latest, state, value, numerator,"
	" denominator, n, sd, source, note, computed, batch_id)"
	" VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char *const SQL_OBS_ANY = "SELECT 1 FROM observation WHERE goal_id = ? AND period = ? LIMIT 1";

/* Does the goal have any observation in the period? Remembered for the last
 * pair asked, so a bulk import of new periods skips the per-row lookup of
 * the latest revision (rows of a new pair cannot have one, except rows this
 * transaction wrote itself, which callers never repeat). */
static int pair_is_new(bool *out, struct store *s, long goal_id, const char *period)
{
	struct db_stmt *st;
	int rc;

	if (s->pair_goal == goal_id && strcmp(s->pair_period, period) == 0) {
		*out = s->pair_new;
		return 0;
	}
	if ((rc = store_cached(&st, s, SQL_OBS_ANY)) < 0)
		return rc;
	db_bind_int(st, 0, goal_id);
	db_bind_text(st, 1, period);
	rc = db_step(st);
	db_reset(st); /* a statement left on a row holds a read transaction open */
	if (rc < 0)
		return rc;
	s->pair_goal = goal_id;
	snprintf(s->pair_period, sizeof s->pair_period, "%s", period);
	s->pair_new = *out = rc == 0;
	return 0;
}

int store_obs_put(struct store *s, const struct obs_row *r, long batch, enum obs_put_outcome *outcome)
{
	struct db_stmt *st;
	int64_t prev_id = 0;
	int rc, revision = 1;
	bool fresh;

	assert(s->in_tx);
	assert(batch > 0);
	if ((rc = pair_is_new(&fresh, s, r->goal_id, r->period)) < 0)
		return rc;
	if (fresh)
		goto insert;
	if ((rc = store_cached(&st, s, SQL_OBS_LATEST)) < 0)
		return rc;
	db_bind_int(st, 0, r->goal_id);
	db_bind_text(st, 1, r->period);
	db_bind_text(st, 2, r->unit);
	db_bind_text(st, 3, r->group);
	if ((rc = db_step(st)) < 0) {
		db_reset(st);
		return rc;
	}
	if (rc > 0) {
		prev_id = db_col_int(st, 0);
		revision = (int)db_col_int(st, 1) + 1;
		if (strcmp(db_col_text(st, 2), obs_state_name(r->state)) == 0 &&
		    same_opt(st, 3, r->v.has_value, r->v.value) && same_opt(st, 4, r->v.has_num, r->v.num) &&
		    same_opt(st, 5, r->v.has_den, r->v.den) && same_opt(st, 6, r->v.has_n, r->v.n) &&
		    same_opt(st, 7, r->v.has_sd, r->v.sd) &&
		    store_same_text(db_col_null(st, 8) ? NULL : db_col_text(st, 8), r->source) &&
		    store_same_text(db_col_null(st, 9) ? NULL : db_col_text(st, 9), r->note) &&
		    (db_col_int(st, 10) != 0) == r->computed) {
			db_reset(st);
			*outcome = OBS_UNCHANGED;
			return 0;
		}
		db_reset(st);
		if ((rc = store_cached(&st, s, SQL_OBS_UNLATEST)) < 0)
			return rc;
		db_bind_int(st, 0, prev_id);
		if ((rc = store_exec_one(st)) < 0)
			return rc;
	}
insert:
	if ((rc = store_cached(&st, s, SQL_OBS_INSERT)) < 0)
		return rc;
	db_bind_int(st, 0, r->goal_id);
	db_bind_text(st, 1, r->period);
	db_bind_text(st, 2, r->unit);
	db_bind_text(st, 3, r->group);
	db_bind_int(st, 4, revision);
	db_bind_text(st, 5, obs_state_name(r->state));
	bind_opt(st, 6, r->v.has_value, r->v.value);
	bind_opt(st, 7, r->v.has_num, r->v.num);
	bind_opt(st, 8, r->v.has_den, r->v.den);
	bind_opt(st, 9, r->v.has_n, r->v.n);
	bind_opt(st, 10, r->v.has_sd, r->v.sd);
	db_bind_text(st, 11, r->source);
	db_bind_text(st, 12, r->note);
	db_bind_int(st, 13, r->computed);
	db_bind_int(st, 14, batch);
	if ((rc = store_exec_one(st)) < 0)
		return rc;
	*outcome = prev_id ? OBS_REVISED : OBS_ADDED;
	return 0;
}

/* Reads the common observation columns starting at column c. */
static void read_obs(struct obs_row *r, struct db_stmt *st, int c)
{
	obs_state_parse(&r->state, db_col_text(st, c));
	r->v.has_value = !db_col_null(st, c + 1);
	r->v.value = r->v.has_value ? db_col_double(st, c + 1) : 0;
	r->v.has_num = !db_col_null(st, c + 2);
	r->v.num = r->v.has_num ? db_col_double(st, c + 2) : 0;
	r->v.has_den = !db_col_null(st, c + 3);
	r->v.den = r->v.has_den ? db_col_double(st, c + 3) : 0;
	r->v.has_n = !db_col_null(st, c + 4);
	r->v.n = r->v.has_n ? db_col_double(st, c + 4) : 0;
	r->v.has_sd = !db_col_null(st, c + 5);
	r->v.sd = r->v.has_sd ? db_col_double(st, c + 5) : 0;
}

int store_obs_scan(struct store *s, long goal_id, const char *from, const char *to, store_obs_cb cb, void *ctx)
{
	struct db_stmt *st = NULL;
	struct obs_row r;
	int rc;

	PREPARE(st, "SELECT period, unit, grp, state, value, numerator, denominator, n, sd, source, note, computed,"
		    " revision FROM observation"
		    " WHERE goal_id = ? AND period >= ? AND period <= ? AND latest = 1"
		    " ORDER BY goal_id, period, unit, grp");
	db_bind_int(st, 0, goal_id);
	db_bind_text(st, 1, from ? from : "");
	db_bind_text(st, 2, to ? to : "~");
	while ((rc = db_step(st)) > 0) {
		memset(&r, 0, sizeof r);
		r.goal_id = goal_id;
		r.period = db_col_text(st, 0);
		r.unit = db_col_text(st, 1);
		r.group = db_col_text(st, 2);
		read_obs(&r, st, 3);
		r.source = db_col_null(st, 9) ? NULL : db_col_text(st, 9);
		r.note = db_col_null(st, 10) ? NULL : db_col_text(st, 10);
		r.computed = db_col_int(st, 11) != 0;
		r.revision = (int)db_col_int(st, 12);
		if ((rc = cb(ctx, &r)) != 0)
			goto out;
	}
out:
	store_finalize(&st);
	return rc;
}

int store_obs_history(struct obs_row **out, size_t *n, struct store *s, struct arena *a, long goal_id,
		      const char *period, const char *unit, const char *group)
{
	struct db_stmt *st = NULL;
	struct obs_row *v;
	size_t len = 0, cap = 8;
	int rc;

	v = arena_calloc(a, cap, sizeof *v);
	PREPARE(st, "SELECT o.state, o.value, o.numerator, o.denominator, o.n, o.sd, o.source, o.note, o.computed,"
		    " o.revision, b.actor, b.at, o.batch_id FROM observation o JOIN import_batch b ON b.id = o.batch_id"
		    " WHERE o.goal_id = ? AND o.period = ? AND o.unit = ? AND o.grp = ? ORDER BY o.revision");
	db_bind_int(st, 0, goal_id);
	db_bind_text(st, 1, period);
	db_bind_text(st, 2, unit);
	db_bind_text(st, 3, group);
	while ((rc = db_step(st)) > 0) {
		struct obs_row *r;

		if (len == cap) {
			struct obs_row *nv = arena_calloc(a, cap * 2, sizeof *nv);

			memcpy(nv, v, len * sizeof *v);
			v = nv;
			cap *= 2;
		}
		r = &v[len++];
		r->goal_id = goal_id;
		r->period = arena_strdup(a, period);
		r->unit = arena_strdup(a, unit);
		r->group = arena_strdup(a, group);
		read_obs(r, st, 0);
		r->source = store_dup_col(a, st, 6);
		r->note = store_dup_col(a, st, 7);
		r->computed = db_col_int(st, 8) != 0;
		r->revision = (int)db_col_int(st, 9);
		r->actor = store_dup_col(a, st, 10);
		r->at = store_dup_col(a, st, 11);
		r->batch = db_col_null(st, 12) ? 0 : (long)db_col_int(st, 12);
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

int store_obs_count(struct store *s, long *out)
{
	size_t n;
	int rc = store_count_rows(&n, s, "SELECT COUNT(*) FROM observation WHERE id > ?", 0);

	*out = (long)n;
	return rc;
}


int store_obs_computed(struct store *s, long goal_id, const char *period, const char *unit, bool delta, long num,
		       long den, long batch, bool *changed)
{
	struct db_stmt *st;
	struct obs_row r = {0};
	enum obs_put_outcome outcome;
	double onum = 0, oden = 0;
	int64_t id = 0;
	bool computed = false;
	int rc;

	assert(s->in_tx);
	*changed = false;
	if ((rc = store_cached(&st, s, SQL_OBS_LATEST)) < 0)
		return rc;
	db_bind_int(st, 0, goal_id);
	db_bind_text(st, 1, period);
	db_bind_text(st, 2, unit);
	db_bind_text(st, 3, "");
	if ((rc = db_step(st)) < 0) {
		db_reset(st);
		return rc;
	}
	if (rc > 0) {
		id = db_col_int(st, 0);
		computed = db_col_int(st, 10) != 0;
		onum = db_col_null(st, 4) ? 0 : db_col_double(st, 4);
		oden = db_col_null(st, 5) ? 0 : db_col_double(st, 5);
	}
	db_reset(st);
	if (delta) {
		if (id && !computed) /* a reported figure is not ours to adjust */
			return err_set(PEJL_ECONFLICT, "goal %ld %s %s: the figure is reported, not computed", goal_id, period,
				       unit);
		num += (long)onum;
		den += (long)oden;
	}
	if (num < 0 || den < 0 || num > den)
		return err_set(PEJL_ECONFLICT, "goal %ld %s %s: computed %ld of %ld does not add up", goal_id, period, unit,
			       num, den);
	if (computed && onum == (double)num && oden == (double)den)
		return 0;
	*changed = true;
	if (computed) { /* a derived figure follows its data in place: no revision per session */
		if ((rc = store_cached(&st, s, "UPDATE observation SET state = ?, value = ?, numerator = ?,"
						" denominator = ?, batch_id = ? WHERE id = ?")) < 0)
			return rc;
		db_bind_text(st, 0, obs_state_name(den > 0 ? OBS_OK : OBS_MISSING));
		if (den > 0)
			db_bind_double(st, 1, 100.0 * (double)num / (double)den);
		else
			db_bind_null(st, 1);
		if (den > 0) {
			db_bind_double(st, 2, (double)num);
			db_bind_double(st, 3, (double)den);
		} else {
			db_bind_null(st, 2);
			db_bind_null(st, 3);
		}
		db_bind_int(st, 4, batch);
		db_bind_int(st, 5, id);
		return store_exec_one(st);
	}
	r.goal_id = goal_id;
	r.period = period;
	r.unit = unit;
	r.group = "";
	r.state = den > 0 ? OBS_OK : OBS_MISSING;
	r.v.has_value = r.v.has_num = r.v.has_den = den > 0;
	r.v.value = den > 0 ? 100.0 * (double)num / (double)den : 0;
	r.v.num = (double)num;
	r.v.den = (double)den;
	r.source = "feedback";
	r.computed = true;
	return store_obs_put(s, &r, batch, &outcome);
}
