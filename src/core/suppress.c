/*
 * suppress.c — see suppress.h for the rule and the argument why it is safe.
 *
 * The bordered table is R = rows+1 by C = cols+1; node i < R is row i, node
 * R + j is column j, and a hidden cell (i, j) is the edge between them. The
 * tables are small (a few hundred units by a handful of columns), so the
 * graph work is the plain kind: a breadth-first search per hidden cell to
 * find bridges, and an O(V²) Dijkstra to break one.
 */
#include "core/suppress.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS 1000000u

const char *suppress_mark_name(enum suppress_mark m)
{
	static const char *const names[] = {"shown", "primary", "complementary"};

	return names[m];
}

bool suppress_small_n(size_t n, long k)
{
	return n > 0 && (long long)n < (long long)k;
}

void suppress_bordered(long *b, const long *cells, size_t rows, size_t cols)
{
	size_t C = cols + 1;

	memset(b, 0, (rows + 1) * C * sizeof *b);
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			long v = cells[i * cols + j];

			b[i * C + j] = v;
			b[i * C + cols] += v;
			b[rows * C + j] += v;
			b[rows * C + cols] += v;
		}
}

struct grid {
	size_t R, C;
	const long *v;         /* bordered values of the layer being worked on */
	enum suppress_mark *m; /* marks */
	/* scratch for the graph searches, R + C each */
	unsigned char *seen_a, *seen_b;
	size_t *queue;
};

/* A hidden cell that is an edge of the layer's graph: hidden and non-zero
 * in the layer (a cell hidden for another layer's sake may be zero here;
 * with one layer every hidden cell is non-zero). */
static bool hidden(const struct grid *g, size_t i, size_t j)
{
	return g->m[i * g->C + j] != SUPPRESS_NONE && g->v[i * g->C + j] > 0;
}

static bool margin(const struct grid *g, size_t i, size_t j)
{
	return i == g->R - 1 || j == g->C - 1;
}

/* The cost of hiding cell (i, j): its count, a little more for a total so
 * an interior cell wins a tie; UINT64_MAX for a zero (never hidden). */
static uint64_t cost(const struct grid *g, size_t i, size_t j)
{
	long v = g->v[i * g->C + j];

	return v <= 0 ? UINT64_MAX : (uint64_t)v * 2 + margin(g, i, j);
}

/* While some row or column has exactly one hidden cell, hides the cheapest
 * other cell of that line. */
static void fix_lines(struct grid *g)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t line = 0; line < g->R + g->C; line++) {
			bool is_row = line < g->R;
			size_t len = is_row ? g->C : g->R, nh = 0, best = SIZE_MAX;
			uint64_t best_cost = UINT64_MAX;

			for (size_t t = 0; t < len; t++) {
				size_t i = is_row ? line : t, j = is_row ? t : line - g->R;

				if (hidden(g, i, j)) {
					nh++;
				} else if (cost(g, i, j) < best_cost) {
					best_cost = cost(g, i, j);
					best = t;
				}
			}
			if (nh != 1 || best == SIZE_MAX)
				continue;
			if (is_row)
				g->m[line * g->C + best] = SUPPRESS_COMPLEMENTARY;
			else
				g->m[best * g->C + (line - g->R)] = SUPPRESS_COMPLEMENTARY;
			changed = true;
		}
	}
}

/* Marks in seen the nodes reachable from `from` over hidden cells other
 * than (ei, ej). */
static void reach(struct grid *g, unsigned char *seen, size_t from, size_t ei, size_t ej)
{
	size_t head = 0, tail = 0;

	memset(seen, 0, g->R + g->C);
	seen[from] = 1;
	g->queue[tail++] = from;
	while (head < tail) {
		size_t u = g->queue[head++];
		bool is_row = u < g->R;
		size_t len = is_row ? g->C : g->R;

		for (size_t t = 0; t < len; t++) {
			size_t i = is_row ? u : t, j = is_row ? t : u - g->R, w = is_row ? g->R + t : t;

			if (seen[w] || !hidden(g, i, j) || (i == ei && j == ej))
				continue;
			seen[w] = 1;
			g->queue[tail++] = w;
		}
	}
}

/* Finds a hidden cell that is a bridge; fills seen_a with its row's side
 * and seen_b with its column's side. */
static bool find_bridge(struct grid *g, size_t *bi, size_t *bj)
{
	for (size_t i = 0; i < g->R; i++)
		for (size_t j = 0; j < g->C; j++) {
			if (!hidden(g, i, j))
				continue;
			reach(g, g->seen_a, i, i, j);
			if (g->seen_a[g->R + j])
				continue;
			reach(g, g->seen_b, g->R + j, i, j);
			*bi = i;
			*bj = j;
			return true;
		}
	return false;
}

/* Hides the cheapest path of cells from the side seen_a to the side seen_b
 * that avoids the bridge (ei, ej), so the bridge lies on a cycle. Hidden
 * cells cost nothing, zeros are never used. False if there is no path. */
static bool break_bridge(struct grid *g, size_t ei, size_t ej)
{
	size_t V = g->R + g->C, target = SIZE_MAX;
	uint64_t *dist = xcalloc(V, sizeof *dist);
	size_t *prev = xcalloc(V, sizeof *prev);
	unsigned char *done = xcalloc(V, 1);
	bool ok = false;

	for (size_t u = 0; u < V; u++) {
		dist[u] = g->seen_a[u] ? 0 : UINT64_MAX;
		prev[u] = SIZE_MAX;
	}
	for (;;) {
		size_t u = SIZE_MAX;
		bool is_row;
		size_t len;

		for (size_t w = 0; w < V; w++)
			if (!done[w] && dist[w] != UINT64_MAX && (u == SIZE_MAX || dist[w] < dist[u]))
				u = w;
		if (u == SIZE_MAX)
			break;
		done[u] = 1;
		if (g->seen_b[u]) {
			target = u;
			break;
		}
		is_row = u < g->R;
		len = is_row ? g->C : g->R;
		for (size_t t = 0; t < len; t++) {
			size_t i = is_row ? u : t, j = is_row ? t : u - g->R, w = is_row ? g->R + t : t;
			uint64_t c;

			if (done[w] || (i == ei && j == ej))
				continue;
			c = hidden(g, i, j) ? 0 : cost(g, i, j);
			if (c == UINT64_MAX)
				continue;
			if (dist[u] + c < dist[w]) {
				dist[w] = dist[u] + c;
				prev[w] = u;
			}
		}
	}
	if (target != SIZE_MAX) {
		for (size_t w = target; prev[w] != SIZE_MAX; w = prev[w]) {
			size_t u = prev[w];
			size_t i = u < g->R ? u : w, j = u < g->R ? w - g->R : u - g->R;

			if (!hidden(g, i, j))
				g->m[i * g->C + j] = SUPPRESS_COMPLEMENTARY;
		}
		ok = true;
	}
	free(dist);
	free(prev);
	free(done);
	return ok;
}

static void grid_init(struct grid *g, size_t rows, size_t cols, const long *bordered, enum suppress_mark *marks)
{
	g->R = rows + 1;
	g->C = cols + 1;
	g->v = bordered;
	g->m = marks;
	g->seen_a = xcalloc(g->R + g->C, 1);
	g->seen_b = xcalloc(g->R + g->C, 1);
	g->queue = xcalloc(g->R + g->C, sizeof *g->queue);
}

static void grid_free(struct grid *g)
{
	free(g->seen_a);
	free(g->seen_b);
	free(g->queue);
}

/* PEJL_EINPUT for a table that cannot be handled; 0 otherwise. */
static int check_input(const long *cells, size_t rows, size_t cols)
{
	long long sum = 0;

	if (rows > MAX_CELLS || cols > MAX_CELLS || (rows + 1) * (cols + 1) > MAX_CELLS)
		return err_set(PEJL_EINPUT, "a table of %zu × %zu cells is too large to suppress", rows, cols);
	for (size_t i = 0; i < rows * cols; i++) {
		if (cells[i] < 0)
			return err_set(PEJL_EINPUT, "cell %zu of the table is %ld; counts are not negative", i, cells[i]);
		sum += cells[i];
		if (sum > LONG_MAX / 4)
			return err_set(PEJL_EINPUT, "the table's counts are too large");
	}
	return 0;
}

/* Runs the line and bridge rules on one layer until it is safe; true when
 * it hid anything. */
static bool settle_layer(struct grid *g)
{
	size_t n = g->R * g->C, bi, bj, before = 0, after = 0;

	for (size_t i = 0; i < n; i++)
		before += g->m[i] != SUPPRESS_NONE;
	for (;;) {
		fix_lines(g);
		if (!find_bridge(g, &bi, &bj))
			break;
		if (!break_bridge(g, bi, bj)) {
			/* Cannot happen while hidden cells are non-zero (each
			 * has a non-zero total beside it); hide everything
			 * non-zero rather than publish a determined cell. */
			for (size_t i = 0; i < n; i++)
				if (g->v[i] > 0 && g->m[i] == SUPPRESS_NONE)
					g->m[i] = SUPPRESS_COMPLEMENTARY;
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		after += g->m[i] != SUPPRESS_NONE;
	return after != before;
}

int suppress_layers(enum suppress_mark *marks, const long *const *layers, size_t nlayers, size_t rows, size_t cols,
		    long k)
{
	size_t n = (rows + 1) * (cols + 1);
	long **b;
	struct grid g;
	bool changed;
	int rc;

	for (size_t l = 0; l < nlayers; l++)
		if ((rc = check_input(layers[l], rows, cols)) < 0)
			return rc;
	b = xcalloc(nlayers ? nlayers : 1, sizeof *b);
	for (size_t i = 0; i < n; i++)
		marks[i] = SUPPRESS_NONE;
	for (size_t l = 0; l < nlayers; l++) {
		b[l] = xcalloc(n, sizeof *b[l]);
		suppress_bordered(b[l], layers[l], rows, cols);
		for (size_t i = 0; i < n; i++)
			if (b[l][i] > 0 && b[l][i] < k)
				marks[i] = SUPPRESS_PRIMARY;
	}
	grid_init(&g, rows, cols, nlayers ? b[0] : NULL, marks);
	/* A cell hidden for one layer may be a bridge in another: go round
	 * until no layer hides anything more (marks only grow, so this ends). */
	do {
		changed = false;
		for (size_t l = 0; l < nlayers; l++) {
			g.v = b[l];
			changed |= settle_layer(&g);
		}
	} while (changed && nlayers > 1);
	grid_free(&g);
	for (size_t l = 0; l < nlayers; l++)
		free(b[l]);
	free(b);
	return 0;
}

int suppress_table(enum suppress_mark *marks, const long *cells, size_t rows, size_t cols, long k)
{
	const long *layers[1] = {cells};

	return suppress_layers(marks, layers, 1, rows, cols, k);
}

bool suppress_layers_safe(const enum suppress_mark *marks, const long *const *layers, size_t nlayers, size_t rows,
			  size_t cols, long k)
{
	size_t n = (rows + 1) * (cols + 1), bi, bj;
	enum suppress_mark *m;
	long **b;
	struct grid g;
	bool ok = true;

	for (size_t l = 0; l < nlayers; l++)
		if (check_input(layers[l], rows, cols) < 0)
			return false;
	b = xcalloc(nlayers ? nlayers : 1, sizeof *b);
	m = xcalloc(n, sizeof *m);
	memcpy(m, marks, n * sizeof *m);
	for (size_t l = 0; l < nlayers; l++) {
		b[l] = xcalloc(n, sizeof *b[l]);
		suppress_bordered(b[l], layers[l], rows, cols);
		for (size_t i = 0; i < n; i++)
			if (b[l][i] > 0 && b[l][i] < k && m[i] == SUPPRESS_NONE)
				ok = false;
	}
	/* every hidden cell is non-zero in some layer */
	for (size_t i = 0; i < n && ok; i++) {
		bool nonzero = false;

		for (size_t l = 0; l < nlayers; l++)
			nonzero |= b[l][i] > 0;
		if (m[i] != SUPPRESS_NONE && !nonzero)
			ok = false;
	}
	if (ok && nlayers) {
		grid_init(&g, rows, cols, b[0], m);
		for (size_t l = 0; l < nlayers && ok; l++) {
			g.v = b[l];
			ok = !find_bridge(&g, &bi, &bj);
		}
		grid_free(&g);
	}
	for (size_t l = 0; l < nlayers; l++)
		free(b[l]);
	free(b);
	free(m);
	return ok;
}

bool suppress_table_safe(const enum suppress_mark *marks, const long *cells, size_t rows, size_t cols, long k)
{
	const long *layers[1] = {cells};

	return suppress_layers_safe(marks, layers, 1, rows, cols, k);
}

/* --- measurement breakdowns ---------------------------------------------------------- */

static bool whole(double v, long *out)
{
	if (!isfinite(v) || v < -0.5 || v > (double)(LONG_MAX / 8))
		return false;
	*out = lround(v);
	return true;
}

size_t suppress_point_counts(long out[2], enum measure m, const struct point *p)
{
	bool data = p->has_value || p->parts > 0;

	out[0] = out[1] = 0;
	switch (m) {
	case MEASURE_COUNT:
		return !data || !p->has_value || whole(p->value, &out[0]) ? 1 : 0;
	case MEASURE_PROPORTION:
		if (data && !(whole(p->num, &out[0]) && whole(p->den - p->num, &out[1])))
			return 0;
		return 2;
	case MEASURE_RATE:
		if (data && !(whole(p->num, &out[0]) && whole(p->den, &out[1])))
			return 0;
		return 2;
	case MEASURE_MEAN:
		return !data || whole(p->n, &out[0]) ? 1 : 0;
	}
	return 0;
}

/* The additive quantities of a figure: value; num, den; n, n·mean. */
static void sums(double out[2], enum measure m, const struct point *p)
{
	out[0] = out[1] = 0;
	if (!p->has_value && p->parts == 0)
		return;
	switch (m) {
	case MEASURE_COUNT: out[0] = p->has_value ? p->value : 0; break;
	case MEASURE_PROPORTION:
	case MEASURE_RATE:
		out[0] = p->num;
		out[1] = p->den;
		break;
	case MEASURE_MEAN:
		out[0] = p->n;
		out[1] = p->has_value ? p->n * p->value : 0;
		break;
	}
}

/* The figure for additive quantities s (the residual's). */
static void from_sums(struct point *out, enum measure m, double rate_factor, const double s[2], const struct point *like)
{
	memset(out, 0, sizeof *out);
	out->period = like->period;
	out->state = like->state;
	switch (m) {
	case MEASURE_COUNT:
		out->has_value = true;
		out->value = s[0];
		break;
	case MEASURE_PROPORTION:
	case MEASURE_RATE:
		out->num = s[0];
		out->den = s[1];
		if (s[1] > 0) {
			out->has_value = true;
			out->value = (m == MEASURE_PROPORTION ? 100.0 : rate_factor) * s[0] / s[1];
		}
		break;
	case MEASURE_MEAN:
		out->n = s[0];
		if (s[0] > 0) {
			out->has_value = true;
			out->value = s[1] / s[0];
		}
		break;
	}
	out->parts = 1;
}

void suppress_breakdown_free(struct suppress_breakdown *b)
{
	if (!b)
		return;
	free(b->cells);
	free(b->marks);
	b->cells = NULL;
	b->marks = NULL;
}

int suppress_breakdown(struct suppress_breakdown *out, enum measure m, double rate_factor, const struct point *in,
		       size_t rows, size_t cols, long k)
{
	size_t C0 = cols + 1, R, C, nl = 0;
	long cnt[2];
	double *rowres, *colres, corner[2] = {0, 0};
	bool need_row = false, need_col = false, ok = true;
	long *layers[2] = {NULL, NULL};
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (rows > MAX_CELLS || cols > MAX_CELLS || (rows + 2) * (cols + 2) > MAX_CELLS)
		return err_set(PEJL_EINPUT, "a table of %zu × %zu cells is too large to suppress", rows, cols);
	/* residuals: for each row, its total minus its cells (a residual
	 * column); for each column, its total minus its cells (a residual
	 * row); the corner closes both */
	rowres = xcalloc(2 * (rows + 1), sizeof *rowres);
	colres = xcalloc(2 * (cols + 1), sizeof *colres);
	for (size_t i = 0; i <= rows; i++) {
		double t[2];

		sums(t, m, &in[i * C0 + cols]);
		rowres[2 * i] = t[0];
		rowres[2 * i + 1] = t[1];
		for (size_t j = 0; j < cols; j++) {
			double c[2];

			sums(c, m, &in[i * C0 + j]);
			rowres[2 * i] -= c[0];
			rowres[2 * i + 1] -= c[1];
		}
	}
	for (size_t j = 0; j <= cols; j++) {
		double t[2];

		sums(t, m, &in[rows * C0 + j]);
		colres[2 * j] = t[0];
		colres[2 * j + 1] = t[1];
		for (size_t i = 0; i < rows; i++) {
			double c[2];

			sums(c, m, &in[i * C0 + j]);
			colres[2 * j] -= c[0];
			colres[2 * j + 1] -= c[1];
		}
	}
	/* the corner of the residuals: grand total − column totals − row
	 * residual... = colres[cols] − Σ_i rowres[i] over the interior rows */
	corner[0] = colres[2 * cols];
	corner[1] = colres[2 * cols + 1];
	for (size_t i = 0; i < rows; i++) {
		corner[0] -= rowres[2 * i];
		corner[1] -= rowres[2 * i + 1];
	}
	for (size_t i = 0; i <= rows; i++)
		need_col |= fabs(rowres[2 * i]) > 1e-9 || fabs(rowres[2 * i + 1]) > 1e-9;
	for (size_t j = 0; j <= cols; j++)
		need_row |= fabs(colres[2 * j]) > 1e-9 || fabs(colres[2 * j + 1]) > 1e-9;
	R = rows + need_row;
	C = cols + need_col;
	out->rows = R;
	out->cols = C;
	out->residual_row = need_row;
	out->residual_col = need_col;
	out->cells = xcalloc((R + 1) * (C + 1), sizeof *out->cells);
	out->marks = xcalloc((R + 1) * (C + 1), sizeof *out->marks);
	/* map the input and the residuals into the published layout */
	for (size_t i = 0; i <= R; i++)
		for (size_t j = 0; j <= C; j++) {
			bool last_row = i == R, last_col = j == C;
			bool res_row = need_row && i == R - 1, res_col = need_col && j == C - 1;
			size_t si = last_row ? rows : i, sj = last_col ? cols : j;
			struct point *o = &out->cells[i * (C + 1) + j];
			const struct point *like = &in[rows * C0 + cols];

			if (res_row && res_col)
				from_sums(o, m, rate_factor, corner, like);
			else if (res_row)
				from_sums(o, m, rate_factor, &colres[2 * sj], like);
			else if (res_col)
				from_sums(o, m, rate_factor, &rowres[2 * si], like);
			else
				*o = in[si * C0 + sj];
		}
	/* the layers of the interior, and the check that the published
	 * totals are the sums of the published cells in every layer */
	for (size_t i = 0; i < R * C; i++) {
		size_t r = i / C, c = i % C;
		size_t n = suppress_point_counts(cnt, m, &out->cells[r * (C + 1) + c]);

		if (n == 0) {
			ok = false;
			break;
		}
		if (!layers[0]) {
			nl = n;
			for (size_t l = 0; l < nl; l++)
				layers[l] = xcalloc(R * C + 1, sizeof *layers[l]);
		}
		for (size_t l = 0; l < nl; l++) {
			if (cnt[l] < 0)
				ok = false;
			layers[l][i] = cnt[l];
		}
	}
	if (ok && R * C > 0) {
		long *b = xcalloc((R + 1) * (C + 1), sizeof *b);

		for (size_t l = 0; l < nl && ok; l++) {
			suppress_bordered(b, layers[l], R, C);
			for (size_t i = 0; i <= R && ok; i++)
				for (size_t j = 0; j <= C && ok; j++) {
					if (i < R && j < C)
						continue;
					if (suppress_point_counts(cnt, m, &out->cells[i * (C + 1) + j]) == 0 ||
					    labs(cnt[l] - b[i * (C + 1) + j]) > 0)
						ok = false;
				}
		}
		free(b);
	}
	if (ok && R * C > 0) {
		rc = suppress_layers(out->marks, (const long *const *)layers, nl, R, C, k);
	} else {
		/* the grand total alone */
		size_t n = suppress_point_counts(cnt, m, &out->cells[R * (C + 1) + C]);
		bool small = n == 0;

		for (size_t l = 0; l < n; l++)
			small |= cnt[l] > 0 && cnt[l] < k;
		for (size_t i = 0; i < (R + 1) * (C + 1); i++)
			out->marks[i] = SUPPRESS_COMPLEMENTARY;
		out->marks[R * (C + 1) + C] = small ? SUPPRESS_PRIMARY : SUPPRESS_NONE;
	}
	out->consistent = ok;
	for (size_t l = 0; l < 2; l++)
		free(layers[l]);
	free(rowres);
	free(colres);
	if (rc < 0)
		suppress_breakdown_free(out);
	return rc;
}
