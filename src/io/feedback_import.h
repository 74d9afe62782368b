/*
 * feedback_import.h — importing citizen feedback (DESIGN §4, §7) and
 * turning stored episodes into the core's structs.
 *
 * The CSV has one row per form filled in: episode, cpr, unit,
 * practitioner, date, session, instrument, i1..i5 (or total), rater,
 * skipped, end_date, end_reason. The CPR number is validated (real date,
 * century from the 7th digit) and replaced by its pseudonym (HMAC-SHA-256
 * with the installation key) before anything is stored; the birth date is
 * used only for the age band at the episode's start. All or nothing: every
 * problem is reported as FILE:LINE:COLUMN and nothing is stored if there is
 * any. Messages never contain a CPR number.
 */
#ifndef PEJL_FEEDBACK_IMPORT_H
#define PEJL_FEEDBACK_IMPORT_H

#include "core/feedback.h"
#include "io/pseudonym.h"
#include "store/store.h"
#include "util/diag.h"

#include <stdbool.h>

struct feedback_import_result {
	size_t rows, episodes_added, episodes_existing, forms_added, forms_unchanged;
	size_t cells_changed; /* computed goal figures written (io/feedback_compute.h) */
};

int feedback_import(struct feedback_import_result *res, struct store *s, struct arena *a, const char *name,
		    const char *data, size_t len, const struct pseudonym_key *key, const struct instrument_set *set,
		    const char *actor, bool dry_run, struct diag *d);

/* A stored episode as the core's struct: sessions merge the outcome and
 * alliance forms of one session number and rater. `sessions` must have room
 * for e->nforms; the items point into e's forms, which must outlive out. */
void feedback_episode_from_row(struct feedback_episode *out, const struct episode_row *e,
			       struct feedback_session *sessions);

/* Room for the sessions of episodes converted one after another. */
struct feedback_scratch {
	struct feedback_session *v;
	size_t room;
};

/* feedback_episode_from_row with the sessions in sc, grown as needed; they
 * are valid until the next call with sc. feedback_scratch_free releases
 * them. */
void feedback_episode_from_row_in(struct feedback_episode *out, const struct episode_row *e,
				  struct feedback_scratch *sc);
void feedback_scratch_free(struct feedback_scratch *sc);

#endif
