/*
 * trajectory.h — the citizen's trajectory as an SVG chart, made to be shown
 * to the citizen (DESIGN §4): the outcome total and the alliance total per
 * session, the clinical cutoff as a line, the reliable-change band around
 * the intake score, and the local expected path where there is one. Skipped
 * sessions leave a gap. Everything textual is escaped; no scripts, no
 * inline styles.
 */
#ifndef PEJL_TRAJECTORY_H
#define PEJL_TRAJECTORY_H

#include "core/feedback.h"
#include "util/buf.h"

/* Draws ep's self-ratings. expected may be NULL (no local path). */
void trajectory_svg(struct buf *b, const struct feedback_episode *ep, const struct instrument_set *set,
		    const struct feedback_trajectory *expected, enum lang lang);

#endif
