/*
 * chart.h — SVG charts of a goal's series for the web pages and the static
 * public edition: a full chart (axes, baseline, target, expected path,
 * legend) and a sparkline for overview tables.
 *
 * The output is one self-contained inline <svg> element with a viewBox and
 * no width or height, so CSS sizes it. It contains no scripts, no external
 * references, no event handlers and no style attributes (the CSP forbids
 * inline styles): colours, dashes and fonts are presentation attributes,
 * and every element carries a class name a stylesheet may refine. Every
 * piece of text (title, labels, the description) goes through the module's
 * XML escaping, which also replaces invalid UTF-8 and characters XML cannot
 * hold with U+FFFD, so any title yields well-formed XML.
 *
 * How the series is drawn (DESIGN §2, §3):
 *   - the x axis runs over every period, consecutive by period_index, from
 *     the earlier of the first point and the baseline period to the later of
 *     the last point and the target period; periods of another kind than the
 *     goal's cadence are left out;
 *   - a period without a point between two points is a gap and breaks the
 *     line, except that a biennial goal's skipped year (exactly one period
 *     between two points) is bridged by a dashed line;
 *   - a point in state break starts a new segment, has a hollow square marker
 *     and a dashed vertical rule labelled "databrud"/"data break"; an
 *     estimate has a hollow circle; points without a (finite) value are not
 *     drawn;
 *   - the baseline is a hollow diamond, the target a ring with a dot, a
 *     max/min cap also a dashed horizontal line across the plot, and the
 *     expected path a dotted line from baseline to target.
 * Every break is named, including one at the first point. A target of kind
 * TARGET_NONE with has_target set is drawn as a level. Markers shrink when
 * periods lie closer than 10 px.
 * The y axis is a 1-2-5 "nice" range over the values, baseline and target
 * that starts at zero for non-negative counts, proportions and rates when
 * the smallest value is at most half the largest; tick labels use numfmt
 * with as many decimals as the step needs (never more than the goal's),
 * proportions with a % suffix. The x labels are period_format, at most 12,
 * thinned to every 1-2-5 years (2, 4, 10 for a biennial goal, counted from
 * the first point), 2, 4, 8 quarters or 2, 3, 6, 12 months.
 *
 * Words are Danish or English by lang; numbers follow numfmt, and a goal's
 * display unit (a Danish word) is shown in Danish only, as in the status
 * explanations. The <desc> is one sentence: first and last value, the
 * breaks, the target ("1.581 personer i 2013, 1.638 personer i 2017;
 * databrud i 2015; mål: 1.256 personer i 2017."; "No data." without
 * values). The baseline and target labels name their value ("basis 1.581
 * personer", "mål højst 100"), without the unit when the label would take
 * more than half the width; each goes above or below its marker, wherever
 * it covers least, with a white halo. Every point has a <title> tooltip.
 * The legend names only what is drawn: measurements, biennial bridges,
 * estimates, baseline, target, expected path, data break.
 *
 * The sparkline spans only the series' own periods and values (no zero,
 * no baseline or target) and draws the line by the same rules.
 *
 * Values beyond ±10^15 are treated like missing ones (no real measure comes
 * near; it keeps the tick arithmetic exact).
 *
 * Output is deterministic (same input, same bytes); coordinates are printed
 * with at most one decimal. Both functions only append to b: errors are the
 * buffer's sticky error. They allocate nothing and keep no pointers. The
 * caller must pass a goal and a positive width and height (asserted); a NULL
 * title counts as the goal's title and a NULL id as "chart". The ids are
 * written escaped but not checked: pass something without spaces. The
 * sparkline has a <title> but no <desc>: the table around it carries the
 * numbers.
 */
#ifndef PEJL_CHART_H
#define PEJL_CHART_H

#include "core/measure.h"
#include "core/numfmt.h"
#include "core/period.h"
#include "core/strategy.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* clang-format off */
struct chart_input {
	const struct goal_version *goal; /* measure, direction, decimals, display_unit, cadence */
	const struct point *series;      /* sorted by period, one per period; may be empty */
	size_t n;
	bool has_baseline; struct period baseline_period; double baseline;
	bool has_target;   struct period target_period;   double target;
	enum target_kind target_kind;
	enum lang lang;                  /* LANG_DA or LANG_EN: labels and number format */
	const char *title;               /* accessible name, escaped by the chart */
	const char *id;                  /* unique id prefix for the SVG's ids (title/desc), e.g. "g-1D" */
};
/* clang-format on */

/* A chart of a goal's series (width × height px viewBox, scales with CSS). */
void chart_svg(struct buf *b, const struct chart_input *in, int width, int height);
/* A small trend line for overview tables: no axes, the last point marked. */
void chart_sparkline(struct buf *b, const struct chart_input *in, int width, int height);

#endif
