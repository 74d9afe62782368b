/*
 * episode_pack.h — the packed text form of an episode's session forms,
 * kept in episode.forms beside the feedback_form rows it is made from, so
 * an episode and all its forms are one row to read (store_feedback.c).
 *
 * The text is
 *
 *   "1|" STRINGS "|" FORMS
 *   STRINGS = string *("," string)      dates, instruments and raters, each
 *                                        once; '%', ',', '|', ';' and bytes
 *                                        below 0x20 as %XX
 *   FORMS   = [form *(";" form)]
 *   form    = session "," date "," instrument "," rater "," skipped
 *             *("," item)                date, instrument and rater are
 *                                        indexes into STRINGS; skipped 0|1;
 *                                        at most 5 items
 *
 * No I/O here; the store reads and writes the text. The decoder trusts
 * nothing: every malformed text is refused with the offset where it went
 * wrong (tests/fuzz/fuzz_pack.c).
 */
#ifndef PEJL_EPISODE_PACK_H
#define PEJL_EPISODE_PACK_H

#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stddef.h>

/* Appends the packed text of the n forms to b. */
void episode_pack_encode(struct buf *b, const struct feedback_form_row *f, size_t n);

/* Decodes len bytes of packed text (NULL or "" is no forms; text[len] must
 * be NUL) into an array of forms allocated in a, whose strings are in a
 * too. Returns 0, or -1 with *where set to the offset of the first byte
 * that is wrong. */
int episode_pack_decode(struct feedback_form_row **out, size_t *n, const char *text, size_t len, struct arena *a,
			size_t *where);

#endif
