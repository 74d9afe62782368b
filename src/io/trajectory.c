/*
 * trajectory.c — see trajectory.h. A fixed 640×300 viewBox: x is the
 * session number (1 … max), y the instrument's total range.
 */
#include "io/trajectory.h"

#include "io/htmlw.h"

#include <stdio.h>
#include <string.h>

#define W 640
#define H 300
#define LEFT 48
#define RIGHT 16
#define TOP 16
#define BOTTOM 64

struct frame {
	int maxs;
	double lo, hi;
};

static double xs(const struct frame *f, double s)
{
	return LEFT + (W - LEFT - RIGHT) * (f->maxs > 1 ? (s - 1) / (double)(f->maxs - 1) : 0.5);
}

static double ys(const struct frame *f, double v)
{
	return TOP + (H - TOP - BOTTOM) * (1 - (v - f->lo) / (f->hi - f->lo));
}

/* The total of a form, or false for none (skipped, missing, invalid). */
static bool total_of(double *out, const struct instrument *in, const int *items, size_t n)
{
	struct instrument_score sc;

	if (!in || !items || n == 0 || instrument_score(&sc, in, items, n, NULL, 0) < 0)
		return false;
	*out = sc.total;
	return true;
}

/* A polyline of the self-rated totals; a session without a score breaks
 * the line. */
static void series(struct buf *b, const struct frame *f, const struct feedback_episode *ep,
		   const struct instrument *in, bool alliance, const char *colour, const char *dash, const char *cls)
{
	bool pen = false;

	buf_printf(b, "<path class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s d=\"", cls, colour,
		   dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
	for (int s = 1; s <= f->maxs; s++) {
		double t;
		bool found = false;

		for (size_t i = 0; i < ep->nsessions; i++) {
			const struct feedback_session *se = &ep->sessions[i];

			if (se->number != s || !feedback_rater_is_self(se->rater))
				continue;
			if (alliance ? total_of(&t, in, se->alliance, se->nalliance)
				     : !se->skipped && total_of(&t, in, se->outcome, se->noutcome))
				found = true;
		}
		if (!found) {
			pen = false;
			continue;
		}
		buf_printf(b, "%c%.1f %.1f", pen ? 'L' : 'M', xs(f, s), ys(f, t));
		pen = true;
	}
	buf_puts(b, "\"/>\n");
	for (int s = 1; s <= f->maxs; s++)
		for (size_t i = 0; i < ep->nsessions; i++) {
			const struct feedback_session *se = &ep->sessions[i];
			double t;

			if (se->number == s && feedback_rater_is_self(se->rater) &&
			    (alliance ? total_of(&t, in, se->alliance, se->nalliance)
				      : !se->skipped && total_of(&t, in, se->outcome, se->noutcome)))
				buf_printf(b, "<circle class=\"%s-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n", cls,
					   xs(f, s), ys(f, t), colour);
		}
}

void trajectory_svg(struct buf *b, const struct feedback_episode *ep, const struct instrument_set *set,
		    const struct feedback_trajectory *expected, enum lang lang)
{
	const struct instrument *oi = instrument_set_find(set, ep->outcome_instrument);
	const struct instrument *ai = ep->alliance_instrument ? instrument_set_find(set, ep->alliance_instrument) : NULL;
	const struct instrument_band *band = oi ? instrument_band(oi, ep->band) : NULL;
	struct feedback_outcome o;
	struct frame f = {1, 0, 40};
	bool da = lang == LANG_DA;
	char num[32];

	for (size_t i = 0; i < ep->nsessions; i++)
		if (ep->sessions[i].number > f.maxs)
			f.maxs = ep->sessions[i].number;
	if (expected)
		for (size_t i = 0; i < expected->npoints; i++)
			if (expected->points[i].session > f.maxs && expected->points[i].session <= 40)
				f.maxs = expected->points[i].session;
	if (oi)
		instrument_total_range(oi, &f.lo, &f.hi);
	if (f.hi <= f.lo)
		f.hi = f.lo + 1;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
		      "aria-labelledby=\"traj-title traj-desc\" class=\"pejl-chart\" font-family=\"sans-serif\">\n",
		   W, H);
	html_f(b, "<title id=\"traj-title\">%s %s</title>\n", da ? "Forløb" : "Episode", ep->id);
	buf_puts(b, "<desc id=\"traj-desc\">");
	if (oi && feedback_outcome(&o, ep, set, "self") == 0 && o.has_intake) {
		char a[32], z[32];

		instrument_format(a, sizeof a, oi, o.intake, lang);
		instrument_format(z, sizeof z, oi, o.has_latest ? o.latest : o.intake, lang);
		html_f(b, "%s %s, %s %s.", da ? "Første score" : "First score", a, da ? "seneste" : "latest", z);
	}
	buf_puts(b, "</desc>\n");
	/* axes and grid */
	for (int k = 0; k <= 4; k++) {
		double v = f.lo + (f.hi - f.lo) * k / 4.0;

		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>\n", LEFT, ys(&f, v), W - RIGHT,
			   ys(&f, v));
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">%s</text>\n",
			   LEFT - 6, ys(&f, v) + 4, numfmt(num, sizeof num, v, 0, lang));
	}
	for (int s = 1; s <= f.maxs; s++)
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\">%d</text>\n",
			   xs(&f, s), H - BOTTOM + 16, s);
	html_f(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\">%s</text>\n",
	       (W + LEFT) / 2, H - BOTTOM + 32, da ? "Session" : "Session");
	/* the reliable-change band around the intake, and the cutoff */
	if (oi && band && band->has_rci && feedback_outcome(&o, ep, set, "self") == 0 && o.has_intake) {
		double top = o.intake + band->rci, bottom = o.intake - band->rci;

		if (top > f.hi)
			top = f.hi;
		if (bottom < f.lo)
			bottom = f.lo;
		buf_printf(b, "<rect class=\"rci-band\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#e8eef5\"/>\n",
			   LEFT, ys(&f, top), W - LEFT - RIGHT, ys(&f, bottom) - ys(&f, top));
	}
	if (band && band->has_cutoff) {
		buf_printf(b, "<line class=\"cutoff\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#a4000f\" "
			      "stroke-dasharray=\"6 4\"/>\n",
			   LEFT, ys(&f, band->cutoff), W - RIGHT, ys(&f, band->cutoff));
	}
	if (expected && expected->npoints) {
		buf_puts(b, "<path class=\"expected\" fill=\"none\" stroke=\"#6b6b6b\" stroke-width=\"1.5\" "
			    "stroke-dasharray=\"2 3\" d=\"");
		for (size_t i = 0; i < expected->npoints; i++)
			if (expected->points[i].session <= f.maxs)
				buf_printf(b, "%c%.1f %.1f", i ? 'L' : 'M', xs(&f, expected->points[i].session),
					   ys(&f, expected->points[i].median));
		buf_puts(b, "\"/>\n");
	}
	series(b, &f, ep, oi, false, "#1f4e79", NULL, "outcome");
	if (ai)
		series(b, &f, ep, ai, true, "#0b5d1e", "5 3", "alliance");
	/* legend */
	{
		int y = H - 14;

		html_f(b, "<g class=\"legend\" font-size=\"11\" fill=\"#333\">"
			  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f4e79\" stroke-width=\"2\"/>"
			  "<text x=\"%d\" y=\"%d\">%s (%s)</text>",
		       LEFT, y - 4, LEFT + 20, y - 4, LEFT + 24, y, da ? "Hvordan det går" : "How things are going",
		       oi ? oi->code : "");
		if (ai)
			html_f(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b5d1e\" stroke-width=\"2\" "
				  "stroke-dasharray=\"5 3\"/><text x=\"%d\" y=\"%d\">%s (%s)</text>",
			       LEFT + 200, y - 4, LEFT + 220, y - 4, LEFT + 224, y, da ? "Samarbejdet" : "The alliance",
			       ai->code);
		if (band && band->has_cutoff)
			html_f(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#a4000f\" stroke-dasharray=\"6 4\"/>"
				  "<text x=\"%d\" y=\"%d\">%s</text>",
			       LEFT + 380, y - 4, LEFT + 400, y - 4, LEFT + 404, y, da ? "Klinisk grænse" : "Clinical cutoff");
		html_f(b, "</g>\n");
	}
	buf_puts(b, "</svg>\n");
}
