/*
 * feedback_import.c — see feedback_import.h.
 */
#include "io/feedback_import.h"

#include "io/feedback_compute.h"

#include "core/cpr.h"
#include "core/orgtree.h"
#include "io/measure_import.h"
#include "io/rows.h"
#include "util/date.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col { C_EPISODE, C_CPR, C_UNIT, C_PRACT, C_DATE, C_SESSION, C_INSTR, C_I1, C_I2, C_I3, C_I4, C_I5, C_TOTAL,
	   C_RATER, C_SKIPPED, C_END, C_REASON, NCOLS };
static const char *const names[NCOLS] = {"episode", "cpr", "unit", "practitioner", "date", "session", "instrument",
					 "i1", "i2", "i3", "i4", "i5", "total", "rater", "skipped", "end_date",
					 "end_reason"};

/* One checked row, kept until the episode is complete. */
struct frow {
	size_t line;
	char *episode, *pseudonym, *unit, *pract, *date, *instr, *rater, *end, *reason;
	struct date birth;
	int session;
	bool skipped;
	int items[5];
	size_t nitems;
	const struct instrument *in;
};

struct imp {
	const char *name;
	struct diag *d;
	struct arena *a;
};

static void bad(struct imp *m, size_t line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void bad(struct imp *m, size_t line, int col, const char *fmt, ...)
{
	char where[300], msg[600];
	va_list ap;

	snprintf(where, sizeof where, "%s:%zu:%d", m->name, line, col + 1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(m->d, where, "%s", msg);
}

/* Does the cell look like a CPR number (ten digits, maybe DDMMYY-SSSS)?
 * Such a cell is never quoted in a message, whatever column it is in. */
static bool cpr_like(const char *s)
{
	size_t digits = 0, other = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '-' && *s != ' ')
			other++;
	}
	return digits == 10 && other == 0;
}

/* The cell for a message: itself, or a placeholder for a CPR-like value. */
static const char *shown(const char *cell)
{
	return cpr_like(cell) ? "(a value that looks like a CPR number, not shown)" : cell;
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr("_.-", *s)))
			return false;
	return true;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int cmp_rows(const void *x, const void *y)
{
	const struct frow *a = x, *b = y;
	int c = strcmp(a->episode, b->episode);

	if (c)
		return c;
	if (a->session != b->session)
		return a->session < b->session ? -1 : 1;
	c = strcmp(a->instr, b->instr);
	return c ? c : strcmp(a->rater, b->rater);
}

static bool unit_exists(const struct unit *u, size_t n, const char *code, const char *date)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].code, code) == 0 && unit_valid_on(&u[i], date))
			return true;
	return false;
}

int feedback_import(struct feedback_import_result *res, struct store *s, struct arena *a, const char *name,
		    const char *data, size_t len, const struct pseudonym_key *key, const struct instrument_set *set,
		    const char *actor, bool dry_run, struct diag *d)
{
	struct imp m = {name, d, a};
	struct rows *rows = NULL;
	struct frow *v = NULL;
	struct unit *units;
	size_t nunits, n = 0, cap = 0, ncells, line, before = diag_errors(d);
	const char *const *cells;
	int cols[NCOLS], rc;
	long batch = 0;
	bool in_tx = false, few;
	size_t nepisodes = 0;
	struct feedback_episode *bef = NULL;

	memset(res, 0, sizeof *res);
	if ((rc = store_unit_list(&units, &nunits, s, a)) < 0)
		return rc;
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		rc = rows_open_xlsx(&rows, name, data, len, NULL);
	else
		rc = rows_open_csv(&rows, name, data, len);
	if (rc < 0) {
		diag_error(d, name, "%s", err_last());
		return err_set(PEJL_EINPUT, "%s: nothing was imported", name);
	}
	for (int c = 0; c < NCOLS; c++)
		cols[c] = -1;
	if ((rc = rows_next(rows, &cells, &ncells, &line)) <= 0) {
		diag_error(d, name, rc < 0 ? "%s" : "the file is empty: it needs a header row%s", rc < 0 ? err_last() : "");
		rc = PEJL_EINPUT;
		goto out;
	}
	for (size_t i = 0; i < ncells; i++) {
		bool known = false;

		for (int c = 0; c < NCOLS; c++)
			if (strcasecmp(cells[i], names[c]) == 0) {
				cols[c] = (int)i;
				known = true;
			}
		if (!known && *cells[i]) {
			char where[300];

			snprintf(where, sizeof where, "%s:%zu:%zu", name, line, i + 1);
			diag_warning(d, where, "unknown column \"%s\" is ignored", cells[i]);
		}
	}
	for (int c = C_EPISODE; c <= C_INSTR; c++)
		if (cols[c] < 0) {
			char where[300];

			snprintf(where, sizeof where, "%s:%zu", name, line);
			diag_error(d, where, "the header has no \"%s\" column", names[c]);
		}
	if (diag_errors(d) > before) {
		rc = PEJL_EINPUT;
		goto out;
	}
	while ((rc = rows_next(rows, &cells, &ncells, &line)) > 0) {
		const char *f[NCOLS];
		struct frow r = {0};
		size_t errs = diag_errors(d);
		struct date dt;
		char *end;
		bool blank = true;

		for (int c = 0; c < NCOLS; c++) {
			f[c] = cols[c] >= 0 && (size_t)cols[c] < ncells ? cells[cols[c]] : "";
			blank = blank && !*f[c];
		}
		if (blank)
			continue;
		res->rows++;
		r.line = line;
		if (cpr_like(f[C_EPISODE]))
			bad(&m, line, cols[C_EPISODE],
			    "episode: the code looks like a CPR number; episode codes must never contain one");
		else if (!code_ok(f[C_EPISODE]))
			bad(&m, line, cols[C_EPISODE], "episode: \"%s\" is not an episode code (1–64 of A–Z a–z 0–9 _ . -)",
			    f[C_EPISODE]);
		if (cpr_parse(NULL, &r.birth, NULL, f[C_CPR]) < 0)
			bad(&m, line, cols[C_CPR], "cpr: %s", err_last());
		else {
			char ps[PSEUDONYM_HEX];

			if (pseudonym_of(ps, key, f[C_CPR]) < 0)
				bad(&m, line, cols[C_CPR], "cpr: %s", err_last());
			else
				r.pseudonym = arena_strdup(a, ps);
		}
		if (!date_parse(&dt, f[C_DATE]))
			bad(&m, line, cols[C_DATE], "date: \"%s\" is not a real date YYYY-MM-DD", shown(f[C_DATE]));
		else if (!unit_exists(units, nunits, f[C_UNIT], f[C_DATE]))
			bad(&m, line, cols[C_UNIT], "unit: \"%s\" is not a unit on %s", shown(f[C_UNIT]), f[C_DATE]);
		if (!*f[C_PRACT] || strlen(f[C_PRACT]) > 64)
			bad(&m, line, cols[C_PRACT], "practitioner: give the practitioner's user name (1–64 characters)");
		r.session = (int)strtol(f[C_SESSION], &end, 10);
		if (!*f[C_SESSION] || *end || r.session < 1 || r.session > 1000)
			bad(&m, line, cols[C_SESSION], "session: \"%s\" is not a session number from 1 to 1000", shown(f[C_SESSION]));
		if (!(r.in = instrument_set_find(set, f[C_INSTR])))
			bad(&m, line, cols[C_INSTR], "instrument: \"%s\" is not a known instrument", shown(f[C_INSTR]));
		r.skipped = strcmp(f[C_SKIPPED], "1") == 0;
		if (*f[C_SKIPPED] && strcmp(f[C_SKIPPED], "0") != 0 && strcmp(f[C_SKIPPED], "1") != 0)
			bad(&m, line, cols[C_SKIPPED], "skipped: \"%s\" is not 0 or 1", shown(f[C_SKIPPED]));
		if (r.in && !r.skipped) {
			double total;

			if (*f[C_TOTAL] && !*f[C_I1]) {
				/* a total only: each item is total / number of items */
				if (!parse_decimal(f[C_TOTAL], &total))
					bad(&m, line, cols[C_TOTAL], "total: \"%s\" is not a number", shown(f[C_TOTAL]));
				else
					for (size_t i = 0; i < r.in->nitems && i < 5; i++) {
						char why[200];

						if (!instrument_item_raw(&r.items[i], &r.in->items[i], total / (double)r.in->nitems,
									 why, sizeof why)) {
							bad(&m, line, cols[C_TOTAL], "total: %s", why);
							break;
						}
						r.nitems = i + 1;
					}
			} else {
				for (size_t i = 0; i < r.in->nitems && i < 5; i++) {
					double x;
					char why[200];
					int c = C_I1 + (int)i;

					if (!*f[c]) {
						bad(&m, line, cols[c] >= 0 ? cols[c] : cols[C_INSTR],
						    "%s: %s needs item %zu (or a total)", names[c], r.in->code, i + 1);
						break;
					}
					if (!parse_decimal(f[c], &x)) {
						bad(&m, line, cols[c], "%s: \"%s\" is not a number", names[c], shown(f[c]));
						break;
					}
					if (!instrument_item_raw(&r.items[i], &r.in->items[i], x, why, sizeof why)) {
						bad(&m, line, cols[c], "%s: %s", names[c], why);
						break;
					}
					r.nitems = i + 1;
				}
			}
		} else if (r.skipped && (*f[C_I1] || *f[C_TOTAL])) {
			bad(&m, line, cols[C_SKIPPED], "skipped: a skipped session has no scores (a zero is a score)");
		}
		if (*f[C_END]) {
			if (!date_parse(&dt, f[C_END]))
				bad(&m, line, cols[C_END], "end_date: \"%s\" is not a real date", shown(f[C_END]));
			else if (strcmp(f[C_END], f[C_DATE]) < 0)
				bad(&m, line, cols[C_END], "end_date: %s is before the session's date %s", f[C_END], f[C_DATE]);
			if (strcmp(f[C_REASON], "planned") != 0 && strcmp(f[C_REASON], "unplanned") != 0)
				bad(&m, line, cols[C_REASON] >= 0 ? cols[C_REASON] : cols[C_END],
				    "end_reason: give planned or unplanned with an end date");
		} else if (*f[C_REASON]) {
			bad(&m, line, cols[C_REASON], "end_reason: only with an end_date");
		}
		if (diag_errors(d) > errs)
			continue;
		r.episode = arena_strdup(a, f[C_EPISODE]);
		r.unit = arena_strdup(a, f[C_UNIT]);
		r.pract = arena_strdup(a, f[C_PRACT]);
		r.date = arena_strdup(a, f[C_DATE]);
		r.instr = arena_strdup(a, r.in->code);
		r.rater = arena_strdup(a, *f[C_RATER] && !feedback_rater_is_self(f[C_RATER]) ? f[C_RATER] : "self");
		r.end = *f[C_END] ? arena_strdup(a, f[C_END]) : NULL;
		r.reason = *f[C_REASON] ? arena_strdup(a, f[C_REASON]) : NULL;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = r;
	}
	if (rc < 0) {
		diag_error(d, name, "%s", err_last());
		rc = PEJL_EINPUT;
		goto out;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_rows);
	/* per episode: one citizen, unit and practitioner; no duplicate forms */
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i].episode, v[i - 1].episode) != 0)
			continue;
		if (strcmp(v[i].pseudonym, v[i - 1].pseudonym) != 0)
			bad(&m, v[i].line, cols[C_CPR], "cpr: episode %s has another citizen on line %zu", v[i].episode,
			    v[i - 1].line);
		if (strcmp(v[i].unit, v[i - 1].unit) != 0)
			bad(&m, v[i].line, cols[C_UNIT], "unit: episode %s is at unit %s on line %zu", v[i].episode,
			    v[i - 1].unit, v[i - 1].line);
		if (v[i].session == v[i - 1].session && strcmp(v[i].instr, v[i - 1].instr) == 0 &&
		    strcmp(v[i].rater, v[i - 1].rater) == 0)
			bad(&m, v[i].line, cols[C_SESSION], "session: %s session %d (%s, %s) is also on line %zu", v[i].episode,
			    v[i].session, v[i].instr, v[i].rater, v[i - 1].line);
	}
	if (diag_errors(d) > before) {
		rc = err_set(PEJL_EINPUT, "%s: %zu mistake%s; nothing was imported", name, diag_errors(d) - before,
			     diag_errors(d) - before == 1 ? "" : "s");
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		nepisodes += k == 0 || strcmp(v[k].episode, v[k - 1].episode) != 0;
	few = nepisodes <= 8;
	if ((rc = store_begin(s)) < 0)
		goto out;
	in_tx = true;
	if ((rc = store_batch_add(&batch, s, actor, "feedback", name, NULL)) < 0)
		goto out;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		struct episode_row e = {0};
		struct date birth = v[i].birth, start;
		enum age_band band;
		long eid;
		int existed;

		e.start_date = v[i].date;
		e.end_date = NULL;
		while (j < n && strcmp(v[j].episode, v[i].episode) == 0) {
			if (strcmp(v[j].date, e.start_date) < 0)
				e.start_date = v[j].date;
			if (v[j].end) {
				e.end_date = v[j].end;
				e.end_reason = v[j].reason;
			}
			if (v[j].in->kind == INSTRUMENT_ALLIANCE) {
				if (!e.alliance_instrument)
					e.alliance_instrument = v[j].instr;
			} else if (!e.outcome_instrument) {
				e.outcome_instrument = v[j].instr;
			}
			j++;
		}
		date_parse(&start, e.start_date);
		if (!age_band_at(&band, birth, start)) {
			bad(&m, v[i].line, cols[C_CPR], "cpr: the citizen was not born at the episode's start %s",
			    e.start_date);
			i = j;
			continue;
		}
		e.code = v[i].episode;
		e.pseudonym = v[i].pseudonym;
		e.unit = v[i].unit;
		e.practitioner = v[i].pract;
		e.age_band = age_band_name(band);
		{
			const struct instrument *oi = e.outcome_instrument ? instrument_set_find(set, e.outcome_instrument) : NULL;

			/* the age band decides the instrument (DESIGN §4): under 6 is
			 * recorded, never scored; otherwise the instrument must be
			 * one made for the band */
			if (oi && band != AGE_BAND_UNDER_6 && !instrument_scored_for(oi, band)) {
				bad(&m, v[i].line, cols[C_INSTR],
				    "instrument: the citizen is %s at the episode's start (%s), and %s is not for that age",
				    age_band_name(band), e.start_date, oi->code);
				i = j;
				continue;
			}
		}
		if (few) { /* its contributions to computed goals before the change */
			struct episode_row *old;

			bef = NULL;
			if ((rc = store_episode_get(&old, s, a, e.code)) == 0) {
				bef = arena_calloc(a, 1, sizeof *bef);
				feedback_episode_from_row(bef, old, arena_calloc(a, old->nforms + 1, sizeof(struct feedback_session)));
			} else if (rc != PEJL_ENOTFOUND) {
				goto out;
			}
		}
		rc = store_episode_put(&eid, &existed, s, &e, batch);
		if (rc == PEJL_ECONFLICT) {
			bad(&m, v[i].line, cols[C_EPISODE], "episode: %s", err_last());
			i = j;
			continue;
		}
		if (rc < 0)
			goto out;
		res->episodes_added += !existed;
		res->episodes_existing += existed;
		for (size_t k = i; k < j; k++) {
			struct feedback_form_row fr = {0};

			fr.session = v[k].session;
			fr.date = v[k].date;
			fr.instrument = v[k].instr;
			fr.rater = v[k].rater;
			fr.skipped = v[k].skipped;
			memcpy(fr.items, v[k].items, sizeof fr.items);
			fr.nitems = v[k].nitems;
			rc = store_form_put(s, eid, &fr);
			if (rc == PEJL_ECONFLICT) {
				bad(&m, v[k].line, cols[C_SESSION], "session: %s", err_last());
				continue;
			}
			if (rc < 0)
				goto out;
			res->forms_added += rc == 0;
			res->forms_unchanged += rc == 1;
		}
		if (few && diag_errors(d) == before) { /* and after: the difference goes into the goals */
			struct episode_row *now;
			struct feedback_episode aft;
			struct fbcompute_result cr;

			if ((rc = store_episode_get(&now, s, a, e.code)) < 0)
				goto out;
			feedback_episode_from_row(&aft, now, arena_calloc(a, now->nforms + 1, sizeof(struct feedback_session)));
			if ((rc = feedback_compute_episode(&cr, s, a, set, bef, &aft, batch)) < 0)
				goto out;
			res->cells_changed += cr.changed;
		}
		i = j;
	}
	if (!few && diag_errors(d) == before) { /* many episodes: recompute their units */
		const char **touched = arena_calloc(a, n + 1, sizeof *touched);
		size_t nu = 0;
		struct fbcompute_result cr;

		for (size_t k = 0; k < n; k++)
			touched[k] = v[k].unit;
		qsort(touched, n, sizeof *touched, cmp_str);
		for (size_t k = 0; k < n; k++)
			if (k == 0 || strcmp(touched[k], touched[nu - 1]) != 0)
				touched[nu++] = touched[k];
		touched[nu] = NULL;
		if ((rc = feedback_compute_units(&cr, s, a, set, touched, batch)) < 0)
			goto out;
		res->cells_changed += cr.changed;
	}
	if (diag_errors(d) > before) {
		rc = err_set(PEJL_EINPUT, "%s: %zu mistake%s; nothing was imported", name, diag_errors(d) - before,
			     diag_errors(d) - before == 1 ? "" : "s");
		goto out;
	}
	if ((rc = store_batch_finish(s, batch, (long)res->rows, (long)res->forms_added, 0)) < 0 ||
	    (rc = store_audit(s, actor, "feedback.import", name, "episodes and sessions")) < 0)
		goto out;
	if (dry_run) {
		store_rollback(s);
		in_tx = false;
		rc = 0;
		goto out;
	}
	rc = store_commit(s);
	in_tx = false;
out:
	if (in_tx)
		store_rollback(s);
	free(v);
	rows_close(rows);
	return rc;
}

void feedback_episode_from_row_in(struct feedback_episode *out, const struct episode_row *e,
				  struct feedback_scratch *sc)
{
	if (e->nforms >= sc->room) {
		sc->room = e->nforms + 16;
		sc->v = xreallocarray(sc->v, sc->room, sizeof *sc->v);
	}
	feedback_episode_from_row(out, e, sc->v);
}

void feedback_scratch_free(struct feedback_scratch *sc)
{
	free(sc->v);
	sc->v = NULL;
	sc->room = 0;
}

void feedback_episode_from_row(struct feedback_episode *out, const struct episode_row *e, struct feedback_session *ss)
{
	size_t n = 0;

	memset(out, 0, sizeof *out);
	out->id = e->code;
	out->pseudonym = e->pseudonym;
	out->unit = e->unit;
	out->practitioner = e->practitioner;
	out->start = e->start_date;
	age_band_parse(&out->band, e->age_band);
	out->outcome_instrument = e->outcome_instrument;
	out->alliance_instrument = e->alliance_instrument;
	out->end = e->end_date;
	end_reason_parse(&out->end_reason, e->end_reason ? e->end_reason : "none");
	/* forms come ordered by session, instrument, rater: merge the outcome
	 * and the alliance form of one session and rater */
	for (size_t i = 0; i < e->nforms; i++) {
		const struct feedback_form_row *f = &e->forms[i];
		bool alliance = e->alliance_instrument && strcmp(f->instrument, e->alliance_instrument) == 0 &&
				strcmp(f->instrument, e->outcome_instrument) != 0;
		struct feedback_session *sp = NULL;

		/* forms are by session: the match, if any, is among the last */
		for (size_t k = n; k-- > 0 && ss[k].number == f->session;)
			if (strcmp(ss[k].rater, f->rater) == 0)
				sp = &ss[k];
		if (!sp) {
			sp = &ss[n++];
			memset(sp, 0, sizeof *sp);
			sp->number = f->session;
			sp->date = f->date;
			sp->rater = f->rater;
		}
		if (f->skipped) {
			if (!alliance)
				sp->skipped = true;
			continue;
		}
		if (alliance) {
			sp->alliance = f->items;
			sp->nalliance = f->nitems;
		} else {
			sp->outcome = f->items;
			sp->noutcome = f->nitems;
		}
	}
	out->sessions = ss;
	out->nsessions = n;
}
