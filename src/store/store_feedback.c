/*
 * store_feedback.c — episodes, their session forms, the access log and
 * retention (store.h). Forms are never changed once stored: a different
 * form for the same session, instrument and rater is a conflict.
 */
#include "store/store_impl.h"

#include "util/err.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define EPISODE_COLS                                                                                                   \
	"id, code, pseudonym, unit, practitioner, start_date, age_band, outcome_instrument, alliance_instrument,"      \
	" end_date, end_reason"

static void read_episode(struct episode_row *e, struct db_stmt *st, struct arena *a)
{
	e->id = (long)db_col_int(st, 0);
	e->code = store_dup_col(a, st, 1);
	e->pseudonym = store_dup_col(a, st, 2);
	e->unit = store_dup_col(a, st, 3);
	e->practitioner = store_dup_col(a, st, 4);
	e->start_date = store_dup_col(a, st, 5);
	e->age_band = store_dup_col(a, st, 6);
	e->outcome_instrument = store_dup_col(a, st, 7);
	e->alliance_instrument = store_dup_col(a, st, 8);
	e->end_date = store_dup_col(a, st, 9);
	e->end_reason = store_dup_col(a, st, 10);
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

int store_episodes(struct episode_row **out, size_t *n, struct store *s, struct arena *a, const char *const *units)
{
	struct db_stmt *st = NULL, *fs = NULL;
	struct episode_row *v;
	size_t total, len = 0;
	int rc;

	if ((rc = store_count_rows(&total, s, "SELECT COUNT(*) FROM episode WHERE id > ?", 0)) < 0)
		return rc;
	v = arena_calloc(a, total + 1, sizeof *v);
	PREPARE(st, "SELECT " EPISODE_COLS " FROM episode ORDER BY code");
	PREPARE(fs, "SELECT episode_id, session, date, instrument, rater, skipped, i1, i2, i3, i4, i5 FROM feedback_form"
		    " ORDER BY episode_id, session, instrument, rater");
	while ((rc = db_step(st)) > 0 && len < total) {
		struct episode_row e = {0};
		bool wanted = !units;

		read_episode(&e, st, a);
		for (size_t i = 0; units && units[i]; i++)
			wanted |= strcmp(units[i], e.unit) == 0;
		if (wanted)
			v[len++] = e;
	}
	if (rc < 0)
		goto out;
	/* forms in one pass, attached through an index from episode id to
	 * position (ids are dense: they come from the auto-increment key) */
	{
		size_t cap = 0, maxid = 0, *byid;

		for (size_t i = 0; i < len; i++)
			if ((size_t)v[i].id > maxid)
				maxid = (size_t)v[i].id;
		byid = arena_calloc(a, maxid + 1, sizeof *byid);
		for (size_t i = 0; i < len; i++)
			byid[v[i].id] = i + 1;
		struct feedback_form_row *forms = NULL;
		long cur = -1;
		struct episode_row *target = NULL;

		while ((rc = db_step(fs)) > 0) {
			long eid = (long)db_col_int(fs, 0);
			struct feedback_form_row *f;

			if (eid != cur) {
				if (target) {
					target->forms = forms;
					target->nforms = cap;
				}
				cur = eid;
				target = NULL;
				if (eid >= 0 && (size_t)eid <= maxid && byid[eid] > 0)
					target = &v[byid[eid] - 1];
				forms = NULL;
				cap = 0;
			}
			if (!target)
				continue;
			if ((cap & (cap - 1)) == 0) { /* grow at 0, 1, 2, 4, 8, … */
				struct feedback_form_row *nf = arena_calloc(a, cap ? cap * 2 : 1, sizeof *nf);

				if (cap)
					memcpy(nf, forms, cap * sizeof *nf);
				forms = nf;
			}
			f = &forms[cap++];
			f->session = (int)db_col_int(fs, 1);
			f->date = store_dup_col(a, fs, 2);
			f->instrument = store_dup_col(a, fs, 3);
			f->rater = store_dup_col(a, fs, 4);
			f->skipped = db_col_int(fs, 5) != 0;
			for (int i = 0; i < 5; i++)
				if (!db_col_null(fs, 6 + i))
					f->items[f->nitems++] = (int)db_col_int(fs, 6 + i);
		}
		if (target) {
			target->forms = forms;
			target->nforms = cap;
		}
	}
	if (rc < 0)
		goto out;
	*out = v;
	*n = len;
	rc = 0;
out:
	store_finalize(&fs);
	store_finalize(&st);
	return rc;
}

int store_access_log(struct store *s, const char *actor, const char *what, const char *pseudonym, const char *episode,
		     const char *via)
{
	struct db_stmt *st = NULL;
	char now[32];
	int rc;

	assert(s->in_tx);
	store_now(now);
	PREPARE(st, "INSERT INTO access_log (at, actor, what, pseudonym, episode, via) VALUES (?, ?, ?, ?, ?, ?)");
	db_bind_text(st, 0, now);
	db_bind_text(st, 1, actor);
	db_bind_text(st, 2, what);
	db_bind_text(st, 3, pseudonym);
	db_bind_text(st, 4, episode);
	db_bind_text(st, 5, via);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
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
