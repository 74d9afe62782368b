/*
 * suppress.h — small-cell suppression for published and viewer-level
 * figures (DESIGN §5): a count of fewer than k persons (default 5; 3 for
 * internal use) is hidden, and further cells are hidden so that no hidden
 * cell can be worked out from what is shown.
 *
 * The table. rows × cols counts of persons, each person in one cell, shown
 * with row totals, column totals and the grand total. The totals are cells
 * too: a total of 3 is as telling as a cell of 3, so the margins are
 * checked and, when needed, hidden like any cell (as Statistics Denmark
 * checks every marginal combination). marks has (rows+1) × (cols+1)
 * entries, row-major: marks[i*(cols+1)+j] for cell (i, j), column `cols`
 * for the row totals, row `rows` for the column totals, and the corner for
 * the grand total.
 *
 * The guarantee. Write each total as minus itself and every row and column
 * of the bordered table sums to zero; the hidden cells are then the edges
 * of a bipartite graph (rows and columns as nodes), and a hidden cell is
 * determined by the shown cells exactly when its edge is a bridge (it lies
 * on no cycle). suppress_table hides the primary cells (0 < count < k;
 * zeros are shown), then, as long as a row or column has exactly one hidden
 * cell, hides the smallest other non-zero cell of that line (interior cells
 * before totals on a tie), and then breaks every remaining bridge with the
 * cheapest path of non-zero cells. At the end every hidden cell lies on a
 * cycle of hidden non-zero cells, so adding and taking 1 around the cycle
 * gives another table of non-negative counts with the same shown cells:
 * each hidden cell can take at least two values.
 *
 * Layers. A published cell often carries more than one count of persons
 * that adds up over the table: a proportion's numerator and the rest of its
 * denominator (those with and those without), a rate's numerator and
 * denominator, a mean's n (and n·mean, which is not a count but adds up the
 * same way). suppress_layers hides whole cells, all layers together: a cell
 * is primary when any layer has 0 < count < k, and the rules above run on
 * each layer in turn, a layer's graph being the hidden cells that are
 * non-zero in it, until no layer needs more (a cell hidden for one layer
 * can be a bridge in another). Every hidden cell then lies on a cycle of
 * hidden cells in every layer where it is non-zero, so each of its non-zero
 * counts can take two values; and since every layer's sums have the same
 * coefficients, no additive quantity of a hidden cell (n·mean too) is
 * determined by the shown cells. A layer that is zero in a hidden cell may
 * show that it is zero ("none of these had the trait"); zeros are shown
 * anyway.
 */
#ifndef PEJL_SUPPRESS_H
#define PEJL_SUPPRESS_H

#include "core/measure.h"

#include <stdbool.h>
#include <stddef.h>

/* The smallest count shown: public figures and internal ones (DESIGN §5,
 * Statistics Denmark's rule is 3). */
#define SUPPRESS_K_PUBLIC   5
#define SUPPRESS_K_INTERNAL 3

enum suppress_mark { SUPPRESS_NONE, SUPPRESS_PRIMARY, SUPPRESS_COMPLEMENTARY };

/* "shown", "primary", "complementary". */
const char *suppress_mark_name(enum suppress_mark m);

/* The row totals, column totals and grand total of cells, written into
 * bordered ((rows+1) × (cols+1), the layout of marks) with the cells. */
void suppress_bordered(long *bordered, const long *cells, size_t rows, size_t cols);

/* Decides which cells of the rows × cols table (row-major, counts ≥ 0) and
 * of its totals to hide, writing (rows+1) × (cols+1) marks. k ≤ 1 hides
 * nothing. Returns 0, or PEJL_EINPUT (message set) for a negative count or
 * a table too large (more than 1,000,000 cells). */
int suppress_table(enum suppress_mark *marks, const long *cells, size_t rows, size_t cols, long k);

/* suppress_table for a table with several layers of counts (layers[l] is
 * rows × cols, row-major, counts ≥ 0), one pattern for all of them. */
int suppress_layers(enum suppress_mark *marks, const long *const *layers, size_t nlayers, size_t rows, size_t cols,
		    long k);

/* suppress_table_safe for layers: every small count of any layer hidden,
 * every hidden cell non-zero in some layer and no bridge in any layer. */
bool suppress_layers_safe(const enum suppress_mark *marks, const long *const *layers, size_t nlayers, size_t rows,
			  size_t cols, long k);

/* Checks a suppression pattern: every cell and total with 0 < count < k is
 * hidden, every hidden cell is non-zero and none is determined by the shown
 * cells (no bridge). */
bool suppress_table_safe(const enum suppress_mark *marks, const long *cells, size_t rows, size_t cols, long k);

/* --- measurement breakdowns (the public edition) ------------------------------------- */

/* The counts of persons a figure carries, as layers (at most 2): a count's
 * value; a proportion's numerator and denominator − numerator (those with
 * and those without); a rate's numerator and denominator; a mean's n. Each
 * is rounded to a whole number; a point without data carries zeros.
 * Returns the number of layers, or 0 when a count is negative (no
 * suppression can be decided for it). */
size_t suppress_point_counts(long out[2], enum measure m, const struct point *p);

/* A breakdown as published (DESIGN §5): rows × cols figures (units ×
 * target groups) with their row totals, column totals and grand total, in
 * the bordered layout of marks. The totals come from aggregation and need
 * not be the sums of the cells (a unit or the organisation reported a
 * figure of its own, rows without a group): then a residual row ("other
 * units") and/or a residual column ("no group given") holding total minus
 * cells is added, so that everything published adds up and the guarantee
 * above covers the totals too. When a residual would be negative (the
 * parts exceed a total) or a count is negative, the breakdown is
 * inconsistent: only the grand total may be published, suppressed alone. */
struct suppress_breakdown {
	size_t rows, cols;          /* as published, residuals included */
	bool residual_row, residual_col; /* the last row / column is the residual */
	bool consistent;
	struct point *cells;        /* (rows+1) × (cols+1), bordered */
	enum suppress_mark *marks;  /* (rows+1) × (cols+1) */
};

/* Builds the published breakdown from in ((rows+1) × (cols+1) bordered
 * points of measure m) and decides what to hide with suppress_layers.
 * Allocates out's arrays (suppress_breakdown_free). Returns 0 or
 * PEJL_EINPUT for a table too large. */
int suppress_breakdown(struct suppress_breakdown *out, enum measure m, double rate_factor, const struct point *in,
		       size_t rows, size_t cols, long k);
void suppress_breakdown_free(struct suppress_breakdown *b);

/* Whether a mean, an effect size or a percentage computed from n persons
 * must be hidden: 0 < n < k (with n = 0 there is nothing to show). */
bool suppress_small_n(size_t n, long k);

#endif
