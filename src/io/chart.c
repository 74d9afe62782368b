/*
 * chart.c — see chart.h.
 *
 * chart_svg lays the chart out top to bottom: a top margin that holds the
 * data-break labels, the plot, the x labels, then the legend rows. The
 * legend is measured first (its height decides the plot's), then the y
 * range (its labels decide the left margin), then the x axis. Text widths
 * are estimated from the number of code points (0.6 em each), which is
 * generous for the digits and Latin text the charts hold.
 *
 * Everything is written through out(), a tiny formatter whose %e escapes
 * and whose %p prints a coordinate with at most one decimal; %s is for
 * string literals of this file only (colours, class names).
 */
#include "io/chart.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Colours on white: text ≥ 4.5:1, graphics ≥ 3:1 (the grid is decoration). */
#define C_SERIES   "#1f4e79" /* 8.6:1 */
#define C_TEXT     "#6b6b6b" /* 5.3:1: axes, tick labels, break rules */
#define C_LEGEND   "#333333" /* 12.6:1 */
#define C_BASELINE "#404040" /* 10.4:1 */
#define C_TARGET   "#b35900" /* 4.8:1 */
#define C_GRID     "#e6e6e6"
#define C_WHITE    "#ffffff"

#define DASH_SKIP     "6 4"   /* a biennial goal's skipped year */
#define DASH_BREAK    "4 3"   /* the data-break rule */
#define DASH_CAP      "8 4"   /* a max/min cap */
#define DASH_EXPECTED "1.5 3" /* the expected path */

#define VALUE_LIMIT 1e15 /* larger values are not drawn (chart.h) */

#define FONT_AXIS   11
#define FONT_LEGEND 12
#define TOP         22 /* room for the break labels above the plot */
#define XLABELS     24 /* below the plot: ticks and period labels */
#define PAD         12 /* inside the plot, left and right of the first and last period */
#define LEGEND_ROW  18
#define LEGEND_SYM  22 /* width of a legend symbol */
#define LEGEND_GAP  16 /* between legend items */
#define MAX_XLABELS 12

/* --- text --------------------------------------------------------------------- */

struct labels {
	const char *series, *skip, *estimate, *brk, *baseline, *target, *target_max, *target_min, *expected;
	const char *rule;                    /* beside the break rule */
	const char *estimate_word;           /* in a point's tooltip */
	const char *base_word, *target_word; /* marker labels */
	const char *at_most, *at_least;
	const char *in, *by;      /* "1.581 personer i 2013", "mål: 1.256 i 2017" */
	const char *target_intro; /* "; mål: " */
	const char *breaks_intro; /* "; databrud i " */
	const char *and_word;
	const char *no_data;
};

static const struct labels labels_da = {
    .series = "Målinger",
    .skip = "Måles hvert andet år",
    .estimate = "Skøn",
    .brk = "Databrud",
    .baseline = "Basis",
    .target = "Mål",
    .target_max = "Mål (højst)",
    .target_min = "Mål (mindst)",
    .expected = "Forventet forløb",
    .rule = "databrud",
    .estimate_word = "skøn",
    .base_word = "basis",
    .target_word = "mål",
    .at_most = "højst ",
    .at_least = "mindst ",
    .in = " i ",
    .by = " i ",
    .target_intro = "; mål: ",
    .breaks_intro = "; databrud i ",
    .and_word = " og ",
    .no_data = "Ingen data",
};

static const struct labels labels_en = {
    .series = "Measurements",
    .skip = "Measured every other year",
    .estimate = "Estimate",
    .brk = "Data break",
    .baseline = "Baseline",
    .target = "Target",
    .target_max = "Target (at most)",
    .target_min = "Target (at least)",
    .expected = "Expected path",
    .rule = "data break",
    .estimate_word = "estimate",
    .base_word = "baseline",
    .target_word = "target",
    .at_most = "at most ",
    .at_least = "at least ",
    .in = " in ",
    .by = " by ",
    .target_intro = "; target: ",
    .breaks_intro = "; data break in ",
    .and_word = " and ",
    .no_data = "No data",
};

/* Length of the valid UTF-8 sequence at s that XML 1.0 may hold, or 0. */
static size_t xml_char_len(const unsigned char *s)
{
	unsigned c = s[0];

	if (c < 0x80)
		return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)) /* overlong, surrogate */
			return 0;
		if (c == 0xef && s[1] == 0xbf && s[2] >= 0xbe) /* U+FFFE, U+FFFF */
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Appends s as XML character data or attribute text: & < > " ' become
 * entities, and a byte that does not start an allowed character becomes
 * U+FFFD. */
static void escape(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = xml_char_len(p);

		switch (n ? *p : 0) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		case 0: buf_puts(b, "\xef\xbf\xbd"); break;
		default: buf_append(b, p, n); break;
		}
		p += n ? n : 1;
	}
}

/* Estimated width in px of s at font size `size`. */
static double text_w(const char *s, int size)
{
	size_t cps = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cps += (*p & 0xc0) != 0x80;
	return (double)cps * size * 0.6;
}

/* A coordinate rounded to one decimal, without a trailing ".0" or "-0". */
static void coord(struct buf *b, double v)
{
	long t = lround(v * 10);

	if (t < 0) {
		buf_putc(b, '-');
		t = -t;
	}
	if (t % 10)
		buf_printf(b, "%ld.%ld", t / 10, t % 10);
	else
		buf_printf(b, "%ld", t / 10);
}

/* Appends fmt with %p (double: a coordinate), %e (text, escaped), %s (a
 * literal of this file, raw), %d (int) and %% filled in. */
static void out(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *s = fmt, *pct;

	va_start(ap, fmt);
	while ((pct = strchr(s, '%')) != NULL) {
		buf_append(b, s, (size_t)(pct - s));
		switch (pct[1]) {
		case 'p': coord(b, va_arg(ap, double)); break;
		case 'e': escape(b, va_arg(ap, const char *)); break;
		case 's': buf_puts(b, va_arg(ap, const char *)); break;
		case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
		default:
			assert(pct[1] == '%');
			buf_putc(b, '%');
			break;
		}
		s = pct + 2;
	}
	buf_puts(b, s);
	va_end(ap);
}

static bool is_percent(const struct goal_version *g)
{
	return g->measure == MEASURE_PROPORTION || (g->display_unit && strcmp(g->display_unit, "%") == 0);
}

/* A value as people read it: "1.581 personer", "95,5 %", "95.5%". Display
 * units are Danish words and only shown in Danish (as in status.c), and
 * only when words is set (a percent sign is always shown). */
static const char *value_words(char *o, size_t n, const struct goal_version *g, enum lang lang, double v, int decimals,
                               bool words)
{
	char num[64];
	const char *u = g->display_unit;

	numfmt(num, sizeof num, v, decimals, lang);
	if (is_percent(g))
		snprintf(o, n, "%s%s%%", num, lang == LANG_DA ? " " : "");
	else if (words && u && *u && lang == LANG_DA)
		snprintf(o, n, "%s %s", num, u);
	else
		snprintf(o, n, "%s", num);
	return o;
}

static const char *value_text(char *o, size_t n, const struct goal_version *g, enum lang lang, double v, int decimals)
{
	return value_words(o, n, g, lang, v, decimals, true);
}

/* --- the frame: which periods and values, and where they go ------------------- */

struct frame {
	const struct chart_input *in;
	const struct labels *L;
	enum period_kind kind;
	int decimals;                    /* the goal's, within 0..6 */
	bool any;                        /* something to put on the x axis */
	long i0, i1;                     /* first and last period index */
	double x0, x1;                   /* where i0 and i1 sit */
	double left, right, top, bottom; /* the plot area */
	double lo, hi;                   /* the y range */
	int step_m, step_e;              /* y tick step = step_m × 10^step_e */
	long tick0, ticks;               /* lo = tick0 × step, hi = (tick0 + ticks) × step */
	bool base, tgt, cap;             /* baseline, target, target is a cap */
};

static bool finite_value(double v)
{
	return isfinite(v) && fabs(v) <= VALUE_LIMIT;
}

static bool usable(const struct frame *f, const struct point *p)
{
	return p->has_value && finite_value(p->value) && p->period.kind == f->kind;
}

static void frame_init(struct frame *f, const struct chart_input *in)
{
	const struct goal_version *g = in->goal;

	assert(g);
	memset(f, 0, sizeof *f);
	f->in = in;
	f->L = in->lang == LANG_EN ? &labels_en : &labels_da;
	f->kind = cadence_period_kind(g->cadence);
	f->decimals = g->decimals < 0 ? 0 : g->decimals > 6 ? 6 : g->decimals;
	f->base = in->has_baseline && finite_value(in->baseline) && in->baseline_period.kind == f->kind;
	f->tgt = in->has_target && finite_value(in->target) && in->target_period.kind == f->kind;
	f->cap = f->tgt && (in->target_kind == TARGET_MAX || in->target_kind == TARGET_MIN);
}

static void extend(struct frame *f, struct period p)
{
	long i = period_index(p);

	if (!f->any || i < f->i0)
		f->i0 = i;
	if (!f->any || i > f->i1)
		f->i1 = i;
	f->any = true;
}

/* The x axis: every usable point, and the baseline and target periods when
 * with_marks. */
static void x_extent(struct frame *f, bool with_marks)
{
	const struct chart_input *in = f->in;

	for (size_t i = 0; i < in->n; i++)
		if (usable(f, &in->series[i]))
			extend(f, in->series[i].period);
	if (with_marks && f->base)
		extend(f, in->baseline_period);
	if (with_marks && f->tgt)
		extend(f, in->target_period);
}

static double xpos(const struct frame *f, long i)
{
	if (f->i1 == f->i0)
		return (f->x0 + f->x1) / 2;
	return f->x0 + (double)(i - f->i0) * (f->x1 - f->x0) / (double)(f->i1 - f->i0);
}

static double ypos(const struct frame *f, double v)
{
	if (!(f->hi > f->lo))
		return (f->top + f->bottom) / 2;
	return f->bottom - (v - f->lo) * (f->bottom - f->top) / (f->hi - f->lo);
}

static double pt_x(const struct frame *f, const struct point *p)
{
	return xpos(f, period_index(p->period));
}

static double pt_y(const struct frame *f, const struct point *p)
{
	return ypos(f, p->value);
}

/* The smallest 1-2-5 × 10^k step (m, e) at least raw. */
static void nice_step(double raw, int *m, int *e)
{
	double fr;

	*e = (int)floor(log10(raw));
	fr = raw / pow(10, *e);
	*m = fr <= 1 ? 1 : fr <= 2 ? 2 : fr <= 5 ? 5 : 10;
	if (*m == 10) {
		*m = 1;
		++*e;
	}
}

static double step_value(int m, int e)
{
	return e >= 0 ? m * pow(10, e) : m / pow(10, -e);
}

static double tick_value(const struct frame *f, long i)
{
	double k = (double)(f->tick0 + i) * f->step_m;

	return f->step_e >= 0 ? k * pow(10, f->step_e) : k / pow(10, -f->step_e);
}

/* The y range over the values, the baseline and the target, with `want`
 * ticks or so; stretched down to zero for a non-negative count, proportion
 * or rate when that costs at most half the height. */
static void y_range(struct frame *f, int want)
{
	const struct chart_input *in = f->in;
	double mn = INFINITY, mx = -INFINITY, step;

	for (size_t i = 0; i < in->n; i++)
		if (usable(f, &in->series[i])) {
			mn = fmin(mn, in->series[i].value);
			mx = fmax(mx, in->series[i].value);
		}
	if (f->base) {
		mn = fmin(mn, in->baseline);
		mx = fmax(mx, in->baseline);
	}
	if (f->tgt) {
		mn = fmin(mn, in->target);
		mx = fmax(mx, in->target);
	}
	if (!(mn <= mx)) {
		mn = 0;
		mx = is_percent(in->goal) ? 100 : 1;
	}
	if (in->goal->measure != MEASURE_MEAN && mn >= 0 && mn <= mx / 2)
		mn = 0;
	if (mn == mx) {
		double pad = mn == 0 ? 1 : fabs(mn) / 10;

		if (mn >= 0 && in->goal->measure != MEASURE_MEAN)
			mn = fmax(0, mn - pad);
		else
			mn -= pad;
		mx += pad;
	}
	nice_step(mx / want - mn / want, &f->step_m, &f->step_e);
	if (f->step_e < -f->decimals) {
		f->step_m = 1;
		f->step_e = -f->decimals;
	}
	/* Keep tick numbers small enough to be exact. */
	while (fmax(fabs(mn), fabs(mx)) / step_value(f->step_m, f->step_e) > 1e12) {
		f->step_m = f->step_m == 1 ? 2 : f->step_m == 2 ? 5 : 1;
		f->step_e += f->step_m == 1;
	}
	step = step_value(f->step_m, f->step_e);
	f->tick0 = (long)floor(mn / step + 1e-9);
	f->ticks = (long)ceil(mx / step - 1e-9) - f->tick0;
	if (f->ticks < 1)
		f->ticks = 1;
	f->lo = tick_value(f, 0);
	f->hi = tick_value(f, f->ticks);
}

/* How a point is joined to the usable point before it. */
enum link { LINK_NONE, LINK_SOLID, LINK_DASHED };

static enum link link_of(const struct frame *f, const struct point *prev, const struct point *p)
{
	long d;

	if (!prev || p->state == OBS_BREAK)
		return LINK_NONE;
	d = period_index(p->period) - period_index(prev->period);
	if (d == 1)
		return LINK_SOLID;
	if (d == 2 && f->in->goal->cadence == CADENCE_BIENNIAL)
		return LINK_DASHED;
	return LINK_NONE;
}

/* --- pieces of the chart ---------------------------------------------------- */

static void svg_open(struct buf *b, const struct chart_input *in, int w, int h, const char *cls, bool desc)
{
	const char *id = in->id ? in->id : "chart";
	const char *title = in->title ? in->title : in->goal->title ? in->goal->title : "";

	out(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" class=\"%s\" ", w, h, cls);
	if (desc)
		out(b, "aria-labelledby=\"%e-title %e-desc\"", id, id);
	else
		out(b, "aria-labelledby=\"%e-title\"", id);
	out(b, " font-family=\"sans-serif\">\n<title id=\"%e-title\">%e</title>\n", id, title);
}

/* "1.581 personer i 2013, 1.638 personer i 2017; databrud i 2015; mål:
 * 1.256 personer i 2017." */
static void svg_desc(struct buf *b, const struct frame *f)
{
	const struct chart_input *in = f->in;
	const struct goal_version *g = in->goal;
	const struct point *first = NULL, *last = NULL;
	char v[96], per[16];
	size_t nbreaks = 0, k = 0;

	for (size_t i = 0; i < in->n; i++)
		if (usable(f, &in->series[i])) {
			if (!first)
				first = &in->series[i];
			nbreaks += in->series[i].state == OBS_BREAK;
			last = &in->series[i];
		}
	out(b, "<desc id=\"%e-desc\">", in->id ? in->id : "chart");
	if (!first) {
		out(b, "%e", f->L->no_data);
	} else {
		period_format(per, sizeof per, first->period);
		out(b, "%e%e%e", value_text(v, sizeof v, g, in->lang, first->value, f->decimals), f->L->in, per);
		if (last != first) {
			period_format(per, sizeof per, last->period);
			out(b, ", %e%e%e", value_text(v, sizeof v, g, in->lang, last->value, f->decimals), f->L->in,
			    per);
		}
	}
	if (nbreaks) {
		out(b, "%e", f->L->breaks_intro);
		for (size_t i = 0; i < in->n; i++) {
			const struct point *p = &in->series[i];

			if (!usable(f, p) || p->state != OBS_BREAK)
				continue;
			period_format(per, sizeof per, p->period);
			k++;
			out(b, "%e%e", k == 1 ? "" : k == nbreaks ? f->L->and_word : ", ", per);
		}
	}
	if (f->tgt) {
		const char *qual = in->target_kind == TARGET_MAX   ? f->L->at_most
		                   : in->target_kind == TARGET_MIN ? f->L->at_least
		                                                   : "";

		period_format(per, sizeof per, in->target_period);
		out(b, "%e%e%e%e%e", f->L->target_intro, qual,
		    value_text(v, sizeof v, g, in->lang, in->target, f->decimals), f->L->by, per);
	}
	out(b, ".</desc>\n");
}

/* Tick label of the y axis. */
static const char *y_label(char *o, size_t n, const struct frame *f, double v)
{
	char num[64];
	int dec = f->step_e < 0 ? -f->step_e : 0;

	numfmt(num, sizeof num, v, dec, f->in->lang);
	if (is_percent(f->in->goal))
		snprintf(o, n, "%s%s%%", num, f->in->lang == LANG_DA ? " " : "");
	else
		snprintf(o, n, "%s", num);
	return o;
}

static double y_labels_width(const struct frame *f)
{
	char l[80];
	double w = 0;

	for (long i = 0; i <= f->ticks; i++)
		w = fmax(w, text_w(y_label(l, sizeof l, f, tick_value(f, i)), FONT_AXIS));
	return w;
}

static void y_axis(struct buf *b, const struct frame *f)
{
	char l[80];

	out(b, "<g class=\"grid\" stroke=\"%s\" stroke-width=\"1\">\n", C_GRID);
	for (long i = 0; i <= f->ticks; i++) {
		double y = ypos(f, tick_value(f, i));

		out(b, "<line x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\"/>\n", f->left, y, f->right, y);
	}
	out(b, "</g>\n");
	if (f->lo < 0 && f->hi > 0)
		out(b,
		    "<line class=\"zero\" x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		    f->left, ypos(f, 0), f->right, ypos(f, 0), C_TEXT);
	out(b, "<g class=\"y-labels\" fill=\"%s\" font-size=\"%d\" text-anchor=\"end\">\n", C_TEXT, FONT_AXIS);
	for (long i = 0; i <= f->ticks; i++) {
		double v = tick_value(f, i);

		out(b, "<text x=\"%p\" y=\"%p\">%e</text>\n", f->left - 6, ypos(f, v) + 4, y_label(l, sizeof l, f, v));
	}
	out(b, "</g>\n");
}

static struct period period_at(enum period_kind kind, long i)
{
	struct period p = {kind, (int)i, 0};

	if (kind == PERIOD_QUARTER) {
		p.year = (int)(i / 4);
		p.sub = (int)(i % 4) + 1;
	} else if (kind == PERIOD_MONTH) {
		p.year = (int)(i / 12);
		p.sub = (int)(i % 12) + 1;
	}
	return p;
}

/* Smallest 1-2-5 × 10^k at least m. */
static long nice125(long m)
{
	for (long p = 1;; p *= 10)
		for (int j = 0; j < 3; j++) {
			long c = p * (j == 0 ? 1 : j == 1 ? 2 : 5);

			if (c >= m)
				return c;
		}
}

/* Every how many periods to label: at least `need`, and a step that reads
 * well for the kind (years by 1-2-5, a biennial goal's by 2, 4, 10, …,
 * quarters by 1, 2, 4, 8, …, months by 1, 2, 3, 6, 12, 24, …). */
static long label_every(enum period_kind kind, bool biennial, long need)
{
	if (need <= 1)
		return 1;
	if (biennial) /* keep to the years measured */
		return 2 * nice125((need + 1) / 2);
	if (kind == PERIOD_QUARTER)
		return need <= 2 ? 2 : 4 * nice125((need + 3) / 4);
	if (kind == PERIOD_MONTH) {
		if (need <= 3)
			return need;
		if (need <= 6)
			return 6;
		return 12 * nice125((need + 11) / 12);
	}
	return nice125(need);
}

static long mod(long a, long m)
{
	long r = a % m;

	return r < 0 ? r + m : r;
}

static void x_axis(struct buf *b, const struct frame *f)
{
	const struct chart_input *in = f->in;
	char l[16];
	long n = f->i1 - f->i0, every, anchor = f->i0, start;
	double step_px = n ? (f->x1 - f->x0) / (double)n : f->x1 - f->x0;
	double lw;

	period_format(l, sizeof l, period_at(f->kind, f->i0));
	lw = text_w(l, FONT_AXIS) + 16; /* 0.6 em is narrow for some fonts: a wide gap */
	every = (long)ceil(lw / step_px);
	if (every < (n + MAX_XLABELS) / MAX_XLABELS)
		every = (n + MAX_XLABELS) / MAX_XLABELS;
	every = label_every(f->kind, in->goal->cadence == CADENCE_BIENNIAL, every);
	/* Years count from the first point (a biennial goal's years); quarters
	 * and months from the calendar. */
	if (f->kind == PERIOD_QUARTER || f->kind == PERIOD_MONTH)
		anchor = 0;
	else
		for (size_t i = 0; i < in->n; i++)
			if (usable(f, &in->series[i])) {
				anchor = period_index(in->series[i].period);
				break;
			}
	start = f->i0 + mod(anchor - f->i0, every);

	out(b, "<g class=\"axis\" stroke=\"%s\" stroke-width=\"1\" fill=\"none\">\n", C_TEXT);
	out(b, "<line x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\"/>\n", f->left, f->bottom, f->right, f->bottom);
	out(b, "<path d=\"");
	if (step_px >= 6 && every > 1)
		for (long i = f->i0; i <= f->i1; i++)
			if (mod(i - start, every))
				out(b, "M%p %pv2", xpos(f, i), f->bottom);
	for (long i = start; i <= f->i1; i += every)
		out(b, "M%p %pv4", xpos(f, i), f->bottom);
	out(b, "\"/>\n</g>\n");

	out(b, "<g class=\"x-labels\" fill=\"%s\" font-size=\"%d\" text-anchor=\"middle\">\n", C_TEXT, FONT_AXIS);
	for (long i = start; i <= f->i1; i += every) {
		period_format(l, sizeof l, period_at(f->kind, i));
		out(b, "<text x=\"%p\" y=\"%p\">%e</text>\n", xpos(f, i), f->bottom + 17, l);
	}
	out(b, "</g>\n");
}

/* The series as one path per link kind: solid segments (gaps and breaks
 * start a new "M") and, for a biennial goal, the dashed bridges. */
static void series_paths(struct buf *b, const struct frame *f, const char *width, const char *skip_dash)
{
	const struct chart_input *in = f->in;
	const struct point *prev = NULL;
	bool any_skip = false, started = false;

	for (size_t i = 0; i < in->n; i++) {
		const struct point *p = &in->series[i];

		if (!usable(f, p))
			continue;
		if (!started)
			out(b,
			    "<path class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" "
			    "stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"",
			    C_SERIES, width);
		out(b, "%s%p %p",
		    !started                            ? "M"
		    : link_of(f, prev, p) == LINK_SOLID ? "L"
		                                        : "M",
		    pt_x(f, p), pt_y(f, p));
		any_skip |= link_of(f, prev, p) == LINK_DASHED;
		started = true;
		prev = p;
	}
	if (started)
		out(b, "\"/>\n");
	if (!any_skip)
		return;
	out(b,
	    "<path class=\"series-skip\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"%s\" d=\"",
	    C_SERIES, width, skip_dash);
	prev = NULL;
	for (size_t i = 0; i < in->n; i++) {
		const struct point *p = &in->series[i];

		if (!usable(f, p))
			continue;
		if (link_of(f, prev, p) == LINK_DASHED)
			out(b, "M%p %pL%p %p", pt_x(f, prev), pt_y(f, prev), pt_x(f, p), pt_y(f, p));
		prev = p;
	}
	out(b, "\"/>\n");
}

static void break_rules(struct buf *b, const struct frame *f)
{
	const struct chart_input *in = f->in;

	for (size_t i = 0; i < in->n; i++) {
		const struct point *p = &in->series[i];
		long idx = period_index(p->period);
		double x, w = text_w(f->L->rule, FONT_AXIS);
		const char *anchor = "middle";

		if (!usable(f, p) || p->state != OBS_BREAK)
			continue;
		/* Between the period before and the break, where the method changed. */
		x = idx > f->i0 ? (xpos(f, idx - 1) + xpos(f, idx)) / 2 : xpos(f, idx);
		out(b,
		    "<line class=\"break-rule\" x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" "
		    "stroke-width=\"1\" stroke-dasharray=\"%s\"/>\n",
		    x, f->top - 2, x, f->bottom, C_TEXT, DASH_BREAK);
		if (x - w / 2 < 2)
			anchor = "start";
		else if (x + w / 2 > f->right + 6)
			anchor = "end";
		out(b,
		    "<text class=\"break-label\" x=\"%p\" y=\"%p\" fill=\"%s\" font-size=\"%d\" "
		    "text-anchor=\"%s\">%e</text>\n",
		    x, f->top - 6, C_TEXT, FONT_AXIS, anchor, f->L->rule);
	}
}

/* A point's marker (by state) with a tooltip naming period and value. */
static void marker(struct buf *b, const struct frame *f, const struct point *p, double r)
{
	double x = pt_x(f, p), y = pt_y(f, p);
	char v[96], per[16];

	if (p->state == OBS_BREAK)
		out(b,
		    "<rect class=\"point break\" x=\"%p\" y=\"%p\" width=\"%p\" height=\"%p\" fill=\"%s\" "
		    "stroke=\"%s\" "
		    "stroke-width=\"1.5\"",
		    x - r, y - r, 2 * r, 2 * r, C_WHITE, C_SERIES);
	else if (p->state == OBS_ESTIMATE)
		out(b,
		    "<circle class=\"point estimate\" cx=\"%p\" cy=\"%p\" r=\"%p\" fill=\"%s\" stroke=\"%s\" "
		    "stroke-width=\"1.5\"",
		    x, y, r, C_WHITE, C_SERIES);
	else
		out(b, "<circle class=\"point\" cx=\"%p\" cy=\"%p\" r=\"%p\" fill=\"%s\"", x, y, r, C_SERIES);
	period_format(per, sizeof per, p->period);
	out(b, "><title>%e: %e%e%e%e</title></%s>\n", per,
	    value_text(v, sizeof v, f->in->goal, f->in->lang, p->value, f->decimals), p->state == OBS_OK ? "" : " (",
	    p->state == OBS_BREAK      ? f->L->rule
	    : p->state == OBS_ESTIMATE ? f->L->estimate_word
	                               : "",
	    p->state == OBS_OK ? "" : ")", p->state == OBS_BREAK ? "rect" : "circle");
}

/* Markers shrink when periods lie closer than 10 px, so a long monthly
 * series stays a line. */
static void markers(struct buf *b, const struct frame *f)
{
	double step = f->i1 > f->i0 ? (f->x1 - f->x0) / (double)(f->i1 - f->i0) : 100;
	double r = fmax(1.5, fmin(3.5, step / 3));

	for (size_t i = 0; i < f->in->n; i++)
		if (usable(f, &f->in->series[i]))
			marker(b, f, &f->in->series[i], r);
}

static void diamond(struct buf *b, double x, double y, double r, const char *cls)
{
	out(b,
	    "<path class=\"%s\" d=\"M%p %pL%p %pL%p %pL%p %pZ\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
	    cls, x, y - r, x + r, y, x, y + r, x - r, y, C_BASELINE);
}

static void ring(struct buf *b, double x, double y, double r, const char *cls)
{
	out(b, "<circle class=\"%s\" cx=\"%p\" cy=\"%p\" r=\"%p\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
	    cls, x, y, r, C_TARGET);
	out(b, "<circle class=\"%s\" cx=\"%p\" cy=\"%p\" r=\"2\" fill=\"%s\"/>\n", cls, x, y, C_TARGET);
}

struct box {
	double x0, y0, x1, y1;
};

/* Whether the segment from a to b touches r (Liang–Barsky clipping). */
static bool seg_hits(struct box r, double ax, double ay, double bx, double by)
{
	double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
	double p[4] = {-dx, dx, -dy, dy}, q[4] = {ax - r.x0, r.x1 - ax, ay - r.y0, r.y1 - ay};

	for (int i = 0; i < 4; i++) {
		double t;

		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		t = q[i] / p[i];
		if (p[i] < 0 && t > t1)
			return false;
		if (p[i] > 0 && t < t0)
			return false;
		if (p[i] < 0)
			t0 = fmax(t0, t);
		else
			t1 = fmin(t1, t);
	}
	return true;
}

static bool box_hits(struct box a, struct box b)
{
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* How much of the drawing a label box at r would cover: series segments,
 * markers, the expected path, the cap, break rules and the labels placed. */
static int collisions(const struct frame *f, struct box r, const struct box *placed, size_t nplaced)
{
	const struct chart_input *in = f->in;
	const struct point *prev = NULL;
	int n = 0;

	for (size_t i = 0; i < in->n; i++) {
		const struct point *p = &in->series[i];
		double x, y;

		if (!usable(f, p))
			continue;
		x = pt_x(f, p);
		y = pt_y(f, p);
		n += box_hits(r, (struct box){x - 5, y - 5, x + 5, y + 5});
		if (link_of(f, prev, p) != LINK_NONE)
			n += seg_hits(r, pt_x(f, prev), pt_y(f, prev), x, y);
		if (p->state == OBS_BREAK)
			n += seg_hits(r, x, f->top, x, f->bottom);
		prev = p;
	}
	if (f->base && f->tgt)
		n += seg_hits(r, xpos(f, period_index(in->baseline_period)), ypos(f, in->baseline),
		              xpos(f, period_index(in->target_period)), ypos(f, in->target));
	if (f->cap)
		n += seg_hits(r, f->left, ypos(f, in->target), f->right, ypos(f, in->target));
	for (size_t i = 0; i < nplaced; i++)
		n += 2 * box_hits(r, placed[i]);
	return n;
}

/* A label beside the marker at (x, y): of the places above and below it,
 * the first that covers least, starting on the side away from the series
 * value at that period. The text has a white halo, so whatever it still
 * crosses stays readable. Its box is added to placed. */
static void mark_label(struct buf *b, const struct frame *f, struct period at, double x, double y, const char *text,
                       const char *cls, const char *colour, int width, struct box *placed, size_t *nplaced)
{
	const struct chart_input *in = f->in;
	static const double above[] = {-10, 18, -24, 32}, below[] = {18, -10, 32, -24};
	double w = text_w(text, FONT_AXIS), ty = 0, x0;
	const double *dys = above;
	const char *anchor = "middle";
	int best = -1;
	struct box bb = {0, 0, 0, 0};

	for (size_t i = 0; i < in->n; i++)
		if (usable(f, &in->series[i]) && period_cmp(in->series[i].period, at) == 0 &&
		    pt_y(f, &in->series[i]) < y - 1)
			dys = below;
	/* A label that would reach into the y-axis numbers (or past the left
	 * edge) starts at the point instead of centring on it. */
	if (x - w / 2 < f->left + 2) {
		anchor = "start";
		x = fmax(x - 6, f->left + 2);
		x0 = x;
	} else if (x + w / 2 > width - 2) {
		anchor = "end";
		x = fmin(x + 6, width - 2);
		x0 = x - w;
	} else {
		x0 = x - w / 2;
	}
	for (int k = 0; k < 4; k++) {
		double t = y + dys[k];
		struct box r = {x0, t - 9, x0 + w, t + 2};
		int c;

		if (r.y0 < f->top - TOP + 2 || r.y1 > f->bottom - 1)
			continue;
		c = collisions(f, r, placed, *nplaced);
		if (best < 0 || c < best) {
			best = c;
			ty = t;
			bb = r;
		}
	}
	if (best < 0) { /* no room anywhere: the first place */
		ty = y + dys[0];
		bb = (struct box){x0, ty - 9, x0 + w, ty + 2};
	}
	placed[(*nplaced)++] = bb;
	out(b,
	    "<text class=\"%s\" x=\"%p\" y=\"%p\" fill=\"%s\" font-size=\"%d\" text-anchor=\"%s\" "
	    "stroke=\"%s\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">%e</text>\n",
	    cls, x, ty, colour, FONT_AXIS, anchor, C_WHITE, text);
}

/* The cap line and the expected path, under the series. */
static void target_lines(struct buf *b, const struct frame *f)
{
	const struct chart_input *in = f->in;

	if (f->cap)
		out(b,
		    "<line class=\"cap\" x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" stroke-width=\"1.5\" "
		    "stroke-dasharray=\"%s\"/>\n",
		    f->left, ypos(f, in->target), f->right, ypos(f, in->target), C_TARGET, DASH_CAP);
	if (f->base && f->tgt)
		out(b,
		    "<line class=\"expected\" x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" "
		    "stroke-width=\"1.5\" "
		    "stroke-dasharray=\"%s\" stroke-linecap=\"round\"/>\n",
		    xpos(f, period_index(in->baseline_period)), ypos(f, in->baseline),
		    xpos(f, period_index(in->target_period)), ypos(f, in->target), C_TARGET, DASH_EXPECTED);
}

/* "basis 1.581 personer", "mål højst 1.256 personer"; without the unit
 * when that would take more than half the chart's width. */
static const char *mark_text(char *o, size_t n, const struct frame *f, const char *word, const char *qual, double v,
                             int width)
{
	char val[96];

	for (int words = 1; words >= 0; words--) {
		snprintf(o, n, "%s %s%s", word, qual,
		         value_words(val, sizeof val, f->in->goal, f->in->lang, v, f->decimals, words));
		if (text_w(o, FONT_AXIS) <= width / 2.0)
			break;
	}
	return o;
}

static void mark_points(struct buf *b, const struct frame *f, int width)
{
	const struct chart_input *in = f->in;
	char l[160];
	struct box placed[2];
	size_t nplaced = 0;

	if (f->base) {
		double x = xpos(f, period_index(in->baseline_period)), y = ypos(f, in->baseline);

		diamond(b, x, y, 7, "baseline");
		mark_text(l, sizeof l, f, f->L->base_word, "", in->baseline, width);
		mark_label(b, f, in->baseline_period, x, y, l, "baseline-label", C_BASELINE, width, placed, &nplaced);
	}
	if (f->tgt) {
		double x = xpos(f, period_index(in->target_period)), y = ypos(f, in->target);
		const char *qual = in->target_kind == TARGET_MAX   ? f->L->at_most
		                   : in->target_kind == TARGET_MIN ? f->L->at_least
		                                                   : "";

		ring(b, x, y, 6, "target");
		mark_text(l, sizeof l, f, f->L->target_word, qual, in->target, width);
		mark_label(b, f, in->target_period, x, y, l, "target-label", C_TARGET, width, placed, &nplaced);
	}
}

/* --- the legend ------------------------------------------------------------- */

enum legend_kind { LEG_SERIES, LEG_SKIP, LEG_ESTIMATE, LEG_BASELINE, LEG_TARGET, LEG_EXPECTED, LEG_BREAK, LEG_N };

struct legend {
	bool on[LEG_N];
	const char *text[LEG_N];
	double x[LEG_N];
	int row[LEG_N];
	int rows;
};

static void legend_layout(struct legend *lg, const struct frame *f, int width)
{
	const struct chart_input *in = f->in;
	const struct point *prev = NULL;
	double x = 8;

	memset(lg, 0, sizeof *lg);
	for (size_t i = 0; i < in->n; i++) {
		const struct point *p = &in->series[i];

		if (!usable(f, p))
			continue;
		lg->on[LEG_SERIES] = true;
		lg->on[LEG_SKIP] |= link_of(f, prev, p) == LINK_DASHED;
		lg->on[LEG_ESTIMATE] |= p->state == OBS_ESTIMATE;
		lg->on[LEG_BREAK] |= p->state == OBS_BREAK;
		prev = p;
	}
	lg->on[LEG_BASELINE] = f->base;
	lg->on[LEG_TARGET] = f->tgt;
	lg->on[LEG_EXPECTED] = f->base && f->tgt;
	lg->text[LEG_SERIES] = f->L->series;
	lg->text[LEG_SKIP] = f->L->skip;
	lg->text[LEG_ESTIMATE] = f->L->estimate;
	lg->text[LEG_BASELINE] = f->L->baseline;
	lg->text[LEG_TARGET] = in->target_kind == TARGET_MAX   ? f->L->target_max
	                       : in->target_kind == TARGET_MIN ? f->L->target_min
	                                                       : f->L->target;
	lg->text[LEG_EXPECTED] = f->L->expected;
	lg->text[LEG_BREAK] = f->L->brk;
	for (int k = 0; k < LEG_N; k++) {
		double w = LEGEND_SYM + 5 + text_w(lg->text[k], FONT_LEGEND);

		if (!lg->on[k])
			continue;
		if (lg->rows == 0)
			lg->rows = 1;
		else if (x + w > width - 8 && x > 8) {
			lg->rows++;
			x = 8;
		}
		lg->x[k] = x;
		lg->row[k] = lg->rows - 1;
		x += w + LEGEND_GAP;
	}
}

static void legend_draw(struct buf *b, const struct legend *lg, const struct frame *f)
{
	if (!lg->rows)
		return;
	out(b, "<g class=\"legend\" font-size=\"%d\">\n", FONT_LEGEND);
	for (int k = 0; k < LEG_N; k++) {
		double x = lg->x[k], y = f->bottom + XLABELS + 4 + lg->row[k] * LEGEND_ROW, cy = y + 8;
		double mid = x + LEGEND_SYM / 2.0, end = x + LEGEND_SYM;

		if (!lg->on[k])
			continue;
		switch ((enum legend_kind)k) {
		case LEG_SERIES:
		case LEG_SKIP:
			out(b, "<line x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
			    x, cy, end, cy, C_SERIES, k == LEG_SKIP ? " stroke-dasharray=\"" DASH_SKIP "\"" : "");
			if (k == LEG_SERIES)
				out(b, "<circle cx=\"%p\" cy=\"%p\" r=\"3.5\" fill=\"%s\"/>\n", mid, cy, C_SERIES);
			break;
		case LEG_ESTIMATE:
		case LEG_BREAK:
			if (k == LEG_BREAK)
				out(b,
				    "<line x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" stroke-width=\"1\" "
				    "stroke-dasharray=\"%s\"/>\n",
				    mid, y - 1, mid, y + 17, C_TEXT, DASH_BREAK);
			if (k == LEG_BREAK)
				out(b,
				    "<rect x=\"%p\" y=\"%p\" width=\"7\" height=\"7\" fill=\"%s\" stroke=\"%s\" "
				    "stroke-width=\"1.5\"/>\n",
				    mid - 3.5, cy - 3.5, C_WHITE, C_SERIES);
			else
				out(b,
				    "<circle cx=\"%p\" cy=\"%p\" r=\"3.5\" fill=\"%s\" stroke=\"%s\" "
				    "stroke-width=\"1.5\"/>\n",
				    mid, cy, C_WHITE, C_SERIES);
			break;
		case LEG_BASELINE: diamond(b, mid, cy, 6, "baseline"); break;
		case LEG_TARGET:
			if (f->cap)
				out(b,
				    "<line x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" stroke-width=\"1.5\" "
				    "stroke-dasharray=\"%s\"/>\n",
				    x, cy, end, cy, C_TARGET, DASH_CAP);
			ring(b, mid, cy, 5, "target");
			break;
		case LEG_EXPECTED:
			out(b,
			    "<line x1=\"%p\" y1=\"%p\" x2=\"%p\" y2=\"%p\" stroke=\"%s\" stroke-width=\"1.5\" "
			    "stroke-dasharray=\"%s\" stroke-linecap=\"round\"/>\n",
			    x, cy, end, cy, C_TARGET, DASH_EXPECTED);
			break;
		case LEG_N: break;
		}
		out(b, "<text x=\"%p\" y=\"%p\" fill=\"%s\">%e</text>\n", x + LEGEND_SYM + 5, cy + 4, C_LEGEND,
		    lg->text[k]);
	}
	out(b, "</g>\n");
}

/* --- the two charts ------------------------------------------------------------ */

void chart_svg(struct buf *b, const struct chart_input *in, int width, int height)
{
	struct frame f;
	struct legend lg;
	char l[16];
	double lw, margin_right;
	bool any_point = false;

	assert(width > 0 && height > 0);
	frame_init(&f, in);
	x_extent(&f, true);
	svg_open(b, in, width, height, "pejl-chart", true);
	svg_desc(b, &f);
	if (!f.any) {
		out(b,
		    "<text class=\"no-data\" x=\"%p\" y=\"%p\" fill=\"%s\" font-size=\"%d\" "
		    "text-anchor=\"middle\">%e</text>\n",
		    width / 2.0, height / 2.0, C_TEXT, FONT_LEGEND, f.L->no_data);
		out(b, "</svg>\n");
		return;
	}
	for (size_t i = 0; i < in->n; i++)
		any_point |= usable(&f, &in->series[i]);

	legend_layout(&lg, &f, width);
	f.top = TOP;
	f.bottom = height - XLABELS - (lg.rows ? lg.rows * LEGEND_ROW + 6 : 4);
	if (f.bottom < f.top + 20)
		f.bottom = f.top + 20;
	{
		int want = (int)((f.bottom - f.top) / 40);

		y_range(&f, want < 2 ? 2 : want > 6 ? 6 : want);
	}
	f.left = fmax(24, y_labels_width(&f) + 10);
	period_format(l, sizeof l, period_at(f.kind, f.i1));
	lw = text_w(l, FONT_AXIS);
	margin_right = fmax(8, lw / 2 - PAD + 4);
	f.right = fmax(f.left + 2 * PAD + 1, width - margin_right);
	f.x0 = f.left + PAD;
	f.x1 = f.right - PAD;

	y_axis(b, &f);
	x_axis(b, &f);
	target_lines(b, &f);
	break_rules(b, &f);
	series_paths(b, &f, "2", DASH_SKIP);
	markers(b, &f);
	mark_points(b, &f, width);
	if (!any_point)
		out(b,
		    "<text class=\"no-data\" x=\"%p\" y=\"%p\" fill=\"%s\" font-size=\"%d\" text-anchor=\"middle\" "
		    "stroke=\"%s\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">%e</text>\n",
		    (f.left + f.right) / 2, (f.top + f.bottom) / 2, C_TEXT, FONT_LEGEND, C_WHITE, f.L->no_data);
	legend_draw(b, &lg, &f);
	out(b, "</svg>\n");
}

void chart_sparkline(struct buf *b, const struct chart_input *in, int width, int height)
{
	struct frame f;
	const struct point *last = NULL;
	const double pad = 3;

	assert(width > 0 && height > 0);
	frame_init(&f, in);
	x_extent(&f, false);
	svg_open(b, in, width, height, "pejl-sparkline", false);
	if (f.any) {
		f.lo = INFINITY;
		f.hi = -INFINITY;
		for (size_t i = 0; i < in->n; i++)
			if (usable(&f, &in->series[i])) {
				last = &in->series[i];
				f.lo = fmin(f.lo, last->value);
				f.hi = fmax(f.hi, last->value);
			}
		f.left = f.x0 = pad;
		f.right = f.x1 = width - pad;
		f.top = pad;
		f.bottom = height - pad;
		series_paths(b, &f, "1.5", "3 2");
		out(b, "<circle class=\"last\" cx=\"%p\" cy=\"%p\" r=\"2.5\" fill=\"%s\"/>\n", pt_x(&f, last),
		    pt_y(&f, last), C_SERIES);
	}
	out(b, "</svg>\n");
}
