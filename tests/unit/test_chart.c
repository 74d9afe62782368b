/*
 * test_chart.c — unit tests for the SVG charts (src/io/chart.h).
 *
 * Every chart of the input table is parsed with expat: it must be
 * well-formed, carry no style attribute, script, event handler or
 * reference, keep its colours at WCAG AA contrast on white, and give back
 * the title it was handed. Then tables for the behaviours one by one: gaps
 * and breaks in the series path, biennial skips dashed, the data-break
 * label, the description sentence, the y ticks and the x labels. Three
 * charts and a sparkline are compared byte for byte with the golden files
 * in tests/golden/chart/; PEJL_UPDATE_GOLDEN=1 rewrites them. The tests run
 * from the repository root (or with ROOT set to it).
 */
#define _GNU_SOURCE /* strcasestr, memmem */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/chart.h"

#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define S(a) a, N(a)

#define ROW_CHECK(row, cond, ...)                                                                                      \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			print_error("row \"%s\": ", (row)->name);                                                      \
			print_error(__VA_ARGS__);                                                                      \
			print_error("\n");                                                                             \
			fail();                                                                                        \
		}                                                                                                      \
	} while (0)

/* --- goals and series ----------------------------------------------------------- */

#define GOAL(m, cad, dec, unit)                                                                                        \
	{                                                                                                              \
		.title = "Goal", .definition = "d", .measure = (m), .cadence = (cad), .decimals = (dec),               \
		.display_unit = (unit)                                                                                 \
	}

static const struct goal_version g_count = GOAL(MEASURE_COUNT, CADENCE_YEARLY, 0, "personer");
static const struct goal_version g_biennial = GOAL(MEASURE_PROPORTION, CADENCE_BIENNIAL, 1, "%");
static const struct goal_version g_quarterly = GOAL(MEASURE_COUNT, CADENCE_QUARTERLY, 0, "udsættelser");
static const struct goal_version g_monthly = GOAL(MEASURE_COUNT, CADENCE_MONTHLY, 0, NULL);
static const struct goal_version g_school = GOAL(MEASURE_PROPORTION, CADENCE_SCHOOL_YEAR, 1, "%");
static const struct goal_version g_prop = GOAL(MEASURE_PROPORTION, CADENCE_YEARLY, 1, "%");
static const struct goal_version g_mean = GOAL(MEASURE_MEAN, CADENCE_YEARLY, 2, NULL);
static const struct goal_version g_rate = GOAL(MEASURE_RATE, CADENCE_YEARLY, 1, NULL);

#define PT(kind, y, s, st, v)                                                                                          \
	{                                                                                                              \
		.period = {kind, y, s}, .state = (st), .has_value = true, .value = (v), .parts = 1                     \
	}
#define Y(y, v)      PT(PERIOD_YEAR, y, 0, OBS_OK, v)
#define YS(y, st, v) PT(PERIOD_YEAR, y, 0, st, v)
#define YNONE(y)                                                                                                       \
	{                                                                                                              \
		.period = {PERIOD_YEAR, y, 0}, .state = OBS_MISSING                                                    \
	}
#define Q(y, q, v) PT(PERIOD_QUARTER, y, q, OBS_OK, v)
#define SY(y, v)   PT(PERIOD_SCHOOL_YEAR, y, 0, OBS_OK, v)

/* 1D of the 2014 strategy: homeless people, 1581 in 2013, target 1256 in 2017. */
static const struct point s_1d[] = {Y(2013, 1581), Y(2014, 1605), Y(2015, 1680), Y(2016, 1659), Y(2017, 1638)};
static const struct point s_one[] = {Y(2013, 1581)};
static const struct point s_gap[] = {Y(2013, 1581), Y(2014, 1605), Y(2016, 1659), Y(2017, 1638)};
static const struct point s_two_gaps[] = {Y(2010, 10), Y(2012, 12), Y(2013, 13), Y(2015, 15)};
static const struct point s_break[] = {Y(2013, 1581), Y(2014, 1605), YS(2015, OBS_BREAK, 1400), Y(2016, 1380),
                                       Y(2017, 1350)};
static const struct point s_two_breaks[] = {Y(2012, 5), YS(2013, OBS_BREAK, 6), Y(2014, 7), YS(2015, OBS_BREAK, 4),
                                            Y(2016, 5)};
static const struct point s_first_break[] = {YS(2013, OBS_BREAK, 6), Y(2014, 7)};
static const struct point s_gap_break[] = {Y(2012, 5), YS(2014, OBS_BREAK, 6), Y(2015, 7)};
static const struct point s_estimate[] = {Y(2013, 1581), Y(2014, 1605), YS(2015, OBS_ESTIMATE, 1600), Y(2016, 1590)};
static const struct point s_novalue[] = {Y(2013, 1581), YNONE(2014), Y(2015, 1600), Y(2016, 1590)};
static const struct point s_allnone[] = {YNONE(2013), YNONE(2014)};
static const struct point s_biennial[] = {Y(2011, 62.5), Y(2013, 64.0), Y(2015, 61.2), Y(2017, 66.8)};
static const struct point s_biennial_hole[] = {Y(2011, 62.5), Y(2013, 64.0), Y(2017, 66.8), Y(2019, 67.0)};
static const struct point s_biennial_break[] = {Y(2011, 62.5), YS(2013, OBS_BREAK, 70.0), Y(2015, 71.2)};
static const struct point s_quarterly[] = {Q(2016, 1, 310), Q(2016, 2, 295), Q(2016, 3, 330), Q(2016, 4, 301),
                                           Q(2017, 1, 288), Q(2017, 2, 270), Q(2017, 4, 262), Q(2018, 1, 251),
                                           Q(2018, 2, 248), Q(2018, 3, 240), Q(2018, 4, 236)};
static const struct point s_school[] = {SY(2014, 88.1), SY(2015, 89.4), SY(2016, 90.2), SY(2017, 91.0)};
static const struct point s_prop[] = {Y(2013, 94.0), Y(2014, 94.8), YS(2015, OBS_ESTIMATE, 95.5), Y(2016, 96.1)};
static const struct point s_mean[] = {Y(2013, -1.25), Y(2014, -0.4), Y(2015, 0.35), Y(2016, 1.8), Y(2017, 2.05)};
static const struct point s_huge[] = {Y(2013, 1.2e12), Y(2014, 3.4e12), Y(2015, 9.87654321e12)};
static const struct point s_flat[] = {Y(2013, 50), Y(2014, 50), Y(2015, 50)};
static const struct point s_zero[] = {Y(2013, 0), Y(2014, 0)};
static const struct point s_nonfinite[] = {Y(2013, 10), Y(2014, NAN), Y(2015, INFINITY), Y(2016, 1e300), Y(2017, 12)};
static const struct point s_wrong_kind[] = {Y(2013, 10), Q(2014, 1, 99), Y(2014, 11)};
static const struct point s_rate[] = {Y(2014, 12.5), Y(2015, 11.9), Y(2016, 11.0)};
static const struct point s_tiny_range[] = {Y(2013, 1000000.001), Y(2014, 1000000.002)};
static struct point s_monthly[120];

static void fill_monthly(void)
{
	for (int i = 0; i < 120; i++)
		s_monthly[i] = (struct point){.period = {PERIOD_MONTH, 2010 + i / 12, i % 12 + 1},
		                              .state = OBS_OK,
		                              .has_value = true,
		                              .value = 200 + 40 * sin(i / 6.0) + i};
}

/* --- rows and rendering ------------------------------------------------------------ */

struct row {
	const char *name;
	const struct goal_version *goal;
	const struct point *series;
	size_t n;
	const char *bper; /* NULL: no baseline */
	double bval;
	const char *tper; /* NULL: no target */
	double tval;
	enum target_kind tk;
	enum lang lang;
	const char *title; /* NULL: "T" */
};

static struct chart_input input_of(const struct row *r)
{
	struct chart_input in = {
	    .goal = r->goal,
	    .series = r->series,
	    .n = r->n,
	    .target_kind = r->tk,
	    .lang = r->lang,
	    .title = r->title ? r->title : "T",
	    .id = "g-1D",
	};

	if (r->bper) {
		assert_true(period_parse(&in.baseline_period, r->bper));
		in.has_baseline = true;
		in.baseline = r->bval;
	}
	if (r->tper) {
		assert_true(period_parse(&in.target_period, r->tper));
		in.has_target = true;
		in.target = r->tval;
		if (in.target_kind == TARGET_NONE)
			in.target_kind = TARGET_LEVEL;
	}
	return in;
}

enum which { FULL, SPARK };

static char *render(const struct row *r, enum which w, int width, int height)
{
	struct chart_input in = input_of(r);
	struct buf b = BUF_INIT;
	char *s;

	if (w == FULL)
		chart_svg(&b, &in, width, height);
	else
		chart_sparkline(&b, &in, width, height);
	assert_int_equal(buf_error(&b), 0);
	s = buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

/* --- what expat sees ------------------------------------------------------------- */

#define MAXD 64

struct seen {
	int depth;
	const char *fill[MAXD]; /* inherited fill per depth */
	bool grid[MAXD];        /* inside class="grid" (decoration) */
	char *capture;          /* where character data goes, or NULL */
	size_t cap_size;
	int capture_depth;
	char title[512], desc[1024], text[64];
	char series_d[16384], skip_d[4096], skip_dash[32];
	bool has_series, has_skip;
	int break_labels, break_rects, estimate_circles, texts, last_dots;
	char break_label[64];
	char y_labels[16][32];
	int ny;
	char x_labels[40][16];
	int nx;
	int in_y, in_x; /* depth of the label groups, or 0 */
	char problems[512];
	char fills[MAXD][8];
};

static void problem(struct seen *s, const char *what, const char *detail)
{
	size_t l = strlen(s->problems);

	snprintf(s->problems + l, sizeof s->problems - l, "%s%s %s", l ? "; " : "", what, detail);
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static double channel(unsigned v)
{
	double c = v / 255.0;

	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG contrast of "#rrggbb" on white; 0 for anything else. */
static double contrast(const char *col)
{
	unsigned r, g, b;
	double l;

	if (!col || strlen(col) != 7 || sscanf(col, "#%2x%2x%2x", &r, &g, &b) != 3)
		return 0;
	l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
	return 1.05 / (l + 0.05);
}

static void start_capture(struct seen *s, char *where, size_t size)
{
	s->capture = where;
	s->cap_size = size;
	where[0] = '\0';
	s->capture_depth = s->depth;
}

static void XMLCALL on_start(void *ud, const char *el, const char **atts)
{
	struct seen *s = ud;
	const char *cls = attr(atts, "class"), *fill = attr(atts, "fill"), *stroke = attr(atts, "stroke");
	bool grid;

	s->depth++;
	assert_true(s->depth < MAXD);
	grid = s->grid[s->depth - 1] || (cls && strcmp(cls, "grid") == 0);
	s->grid[s->depth] = grid;
	s->fill[s->depth] = s->fill[s->depth - 1];
	if (fill) {
		snprintf(s->fills[s->depth], sizeof s->fills[0], "%s", fill);
		s->fill[s->depth] = s->fills[s->depth];
	}
	for (int i = 0; atts[i]; i += 2) {
		const char *a = atts[i], *v = atts[i + 1];

		if (strcasecmp(a, "style") == 0 || strncasecmp(a, "on", 2) == 0 || strstr(a, "href"))
			problem(s, "attribute", a);
		if (strstr(v, "url(") || strstr(v, "javascript:"))
			problem(s, "reference in", a);
	}
	if (strcasecmp(el, "script") == 0 || strcasecmp(el, "style") == 0 || strcasecmp(el, "foreignObject") == 0 ||
	    strcasecmp(el, "image") == 0 || strcasecmp(el, "use") == 0)
		problem(s, "element", el);
	/* Colours: text ≥ 4.5:1, graphics ≥ 3:1, except white fills and the grid. */
	if (!grid) {
		if (strcmp(el, "text") == 0 && contrast(s->fill[s->depth]) < 4.5)
			problem(s, "text colour", s->fill[s->depth] ? s->fill[s->depth] : "(none)");
		if (strcmp(el, "text") != 0 && fill && strcmp(fill, "none") != 0 && strcmp(fill, "#ffffff") != 0 &&
		    contrast(fill) < 3)
			problem(s, "fill", fill);
		if (stroke && strcmp(stroke, "#ffffff") != 0 && contrast(stroke) < 3) /* white: a label's halo */
			problem(s, "stroke", stroke);
	}

	if (s->depth == 2 && strcmp(el, "title") == 0)
		start_capture(s, s->title, sizeof s->title);
	else if (s->depth == 2 && strcmp(el, "desc") == 0)
		start_capture(s, s->desc, sizeof s->desc);
	if (strcmp(el, "text") == 0) {
		s->texts++;
		if (cls && strcmp(cls, "break-label") == 0) {
			s->break_labels++;
			start_capture(s, s->break_label, sizeof s->break_label);
		} else if (s->in_y && s->ny < 16) {
			start_capture(s, s->y_labels[s->ny++], sizeof s->y_labels[0]);
		} else if (s->in_x && s->nx < 40) {
			start_capture(s, s->x_labels[s->nx++], sizeof s->x_labels[0]);
		} else {
			start_capture(s, s->text, sizeof s->text);
		}
	}
	if (strcmp(el, "g") == 0 && cls && strcmp(cls, "y-labels") == 0)
		s->in_y = s->depth;
	if (strcmp(el, "g") == 0 && cls && strcmp(cls, "x-labels") == 0)
		s->in_x = s->depth;
	if (strcmp(el, "path") == 0 && cls && strcmp(cls, "series") == 0) {
		assert_false(s->has_series);
		s->has_series = true;
		snprintf(s->series_d, sizeof s->series_d, "%s", attr(atts, "d") ? attr(atts, "d") : "");
	}
	if (strcmp(el, "path") == 0 && cls && strcmp(cls, "series-skip") == 0) {
		const char *dash = attr(atts, "stroke-dasharray");

		s->has_skip = true;
		snprintf(s->skip_d, sizeof s->skip_d, "%s", attr(atts, "d") ? attr(atts, "d") : "");
		snprintf(s->skip_dash, sizeof s->skip_dash, "%s", dash ? dash : "");
	}
	if (cls && strcmp(cls, "point break") == 0)
		s->break_rects += strcmp(el, "rect") == 0;
	if (cls && strcmp(cls, "point estimate") == 0)
		s->estimate_circles++;
	if (cls && strcmp(cls, "last") == 0)
		s->last_dots++;
}

static void XMLCALL on_end(void *ud, const char *el)
{
	struct seen *s = ud;

	(void)el;
	if (s->capture && s->depth == s->capture_depth)
		s->capture = NULL;
	if (s->in_y == s->depth)
		s->in_y = 0;
	if (s->in_x == s->depth)
		s->in_x = 0;
	s->depth--;
}

static void XMLCALL on_text(void *ud, const char *t, int len)
{
	struct seen *s = ud;
	size_t l;

	if (!s->capture)
		return;
	l = strlen(s->capture);
	if (l + (size_t)len < s->cap_size) {
		memcpy(s->capture + l, t, (size_t)len);
		s->capture[l + (size_t)len] = '\0';
	}
}

/* Parses svg into *s; false (with the reason in msg) when not well-formed. */
static bool parse(struct seen *s, const char *svg, char *msg, size_t msize)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	bool ok;

	memset(s, 0, sizeof *s);
	XML_SetUserData(p, s);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	ok = XML_Parse(p, svg, (int)strlen(svg), 1) == XML_STATUS_OK;
	if (!ok)
		snprintf(msg, msize, "%s at line %lu column %lu", XML_ErrorString(XML_GetErrorCode(p)),
		         (unsigned long)XML_GetCurrentLineNumber(p), (unsigned long)XML_GetCurrentColumnNumber(p));
	XML_ParserFree(p);
	return ok;
}

static int count_char(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* --- every input: well-formed and safe -------------------------------------------- */

#define HOSTILE "<script>alert(1)</script>&\"'"

static const struct row input_rows[] = {
    {"empty series", &g_count, NULL, 0},
    {"empty series with baseline and target", &g_count, NULL, 0, "2013", 1581, "2017", 1256},
    {"one point", &g_count, S(s_one)},
    {"one point with its baseline", &g_count, S(s_one), "2013", 1581},
    {"the 1D series with baseline and target", &g_count, S(s_1d), "2013", 1581, "2017", 1256},
    {"a gap", &g_count, S(s_gap), "2013", 1581, "2017", 1256},
    {"two gaps", &g_count, S(s_two_gaps)},
    {"a break", &g_count, S(s_break), "2013", 1581, "2017", 1256},
    {"two breaks", &g_count, S(s_two_breaks)},
    {"a break as the first point", &g_count, S(s_first_break)},
    {"a break after a gap", &g_count, S(s_gap_break)},
    {"an estimate", &g_count, S(s_estimate)},
    {"a point without a value", &g_count, S(s_novalue)},
    {"only points without values", &g_count, S(s_allnone), "2013", 10, "2014", 5},
    {"biennial", &g_biennial, S(s_biennial), "2011", 62.5, "2019", 70, TARGET_LEVEL},
    {"biennial with a missed wave", &g_biennial, S(s_biennial_hole)},
    {"biennial with a break", &g_biennial, S(s_biennial_break)},
    {"quarterly", &g_quarterly, S(s_quarterly), "2016Q1", 310, "2018Q4", 200},
    {"monthly over ten years", &g_monthly, S(s_monthly)},
    {"school years", &g_school, S(s_school), "2014/15", 88.1, "2018/19", 93, TARGET_LEVEL, LANG_EN},
    {"proportion with a min cap", &g_prop, S(s_prop), "2013", 94, "2017", 95, TARGET_MIN},
    {"proportion with a max cap", &g_prop, S(s_prop), NULL, 0, "2016", 97, TARGET_MAX, LANG_EN},
    {"negative values for a mean", &g_mean, S(s_mean), "2013", -1.25, "2018", 2.5},
    {"huge counts", &g_count, S(s_huge), NULL, 0, "2016", 1e13},
    {"a rate", &g_rate, S(s_rate), "2014", 12.5, "2017", 10, TARGET_MAX},
    {"flat values", &g_count, S(s_flat)},
    {"all zero", &g_count, S(s_zero)},
    {"non-finite and absurd values are left out", &g_count, S(s_nonfinite)},
    {"a point of another period kind is left out", &g_count, S(s_wrong_kind)},
    {"a range smaller than the decimals", &g_count, S(s_tiny_range)},
    {"baseline after the last point, target before the first", &g_count, S(s_1d), "2019", 1500, "2010", 1700},
    {"baseline and target of another kind are left out", &g_count, S(s_1d), "2013Q1", 1581, "2017-12", 1256},
    {"English", &g_count, S(s_1d), "2013", 1581, "2017", 1256, TARGET_DELTA, LANG_EN},
    {"hostile title", &g_count, S(s_1d), "2013", 1581, "2017", 1256, TARGET_LEVEL, LANG_DA, HOSTILE},
    {"Danish title", &g_count, S(s_1d), NULL, 0, NULL, 0, TARGET_NONE, LANG_DA, "Færre hjemløse – Østerbro"},
};

static const struct {
	const char *name;
	enum which which;
	int w, h;
} sizes[] = {
    {"chart 640×320", FULL, 640, 320},
    {"chart 320×200", FULL, 320, 200},
    {"chart 60×40 (too small for its legend)", FULL, 60, 40},
    {"sparkline 120×24", SPARK, 120, 24},
    {"sparkline 1×1", SPARK, 1, 1},
};

static void test_every_input_is_well_formed_and_safe(void **state)
{
	(void)state;
	fill_monthly();
	for (size_t i = 0; i < N(input_rows); i++) {
		const struct row *row = &input_rows[i];

		for (size_t k = 0; k < N(sizes); k++) {
			char *svg = render(row, sizes[k].which, sizes[k].w, sizes[k].h), *again, msg[256];
			struct seen *s = calloc(1, sizeof *s);
			const char *want_title = row->title ? row->title : "T";

			ROW_CHECK(row, parse(s, svg, msg, sizeof msg), "%s: not well-formed: %s\n%s", sizes[k].name,
			          msg, svg);
			ROW_CHECK(row, s->problems[0] == '\0', "%s: %s", sizes[k].name, s->problems);
			ROW_CHECK(row, strstr(svg, "style=") == NULL, "%s: style attribute", sizes[k].name);
			ROW_CHECK(row, strcasestr(svg, "<script") == NULL, "%s: a script", sizes[k].name);
			ROW_CHECK(row,
			          strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 52) == 0,
			          "%s: starts %.60s", sizes[k].name, svg);
			ROW_CHECK(row, strstr(svg, "role=\"img\"") != NULL, "%s: no role", sizes[k].name);
			ROW_CHECK(row, strcmp(s->title, want_title) == 0, "%s: title \"%s\"", sizes[k].name, s->title);
			if (sizes[k].which == FULL) {
				ROW_CHECK(row, strstr(svg, "aria-labelledby=\"g-1D-title g-1D-desc\"") != NULL,
				          "%s: aria-labelledby", sizes[k].name);
				ROW_CHECK(row, s->desc[0] && s->desc[strlen(s->desc) - 1] == '.', "%s: desc \"%s\"",
				          sizes[k].name, s->desc);
			} else {
				ROW_CHECK(row, strstr(svg, "<desc") == NULL && strstr(svg, "<text") == NULL,
				          "%s: a sparkline has no desc or text", sizes[k].name);
			}
			/* No NaN or infinity leaks into coordinates. */
			ROW_CHECK(row, strcasestr(svg, "nan") == NULL && strcasestr(svg, "inf") == NULL,
			          "%s: nan/inf in\n%s", sizes[k].name, svg);
			again = render(row, sizes[k].which, sizes[k].w, sizes[k].h);
			ROW_CHECK(row, strcmp(svg, again) == 0, "%s: not deterministic", sizes[k].name);
			free(again);
			free(s);
			free(svg);
		}
	}
}

static void test_hostile_title_is_escaped(void **state)
{
	const struct row row = {"hostile", &g_count, S(s_1d),      "2013",  1581,
	                        "2017",    1256,     TARGET_LEVEL, LANG_DA, HOSTILE};

	(void)state;
	for (int w = FULL; w <= SPARK; w++) {
		char *svg = render(&row, (enum which)w, 300, 150);

		assert_null(strstr(svg, "<script"));
		assert_null(strstr(svg, "alert(1)</"));
		assert_null(strstr(svg, "&\""));
		assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
		free(svg);
	}
}

static void test_id_is_escaped(void **state)
{
	struct chart_input in = {.goal = &g_count, .series = s_1d, .n = N(s_1d), .title = "t", .id = "a\"><x"};
	struct buf b = BUF_INIT;
	struct seen s;
	char msg[128];

	(void)state;
	chart_svg(&b, &in, 300, 150);
	assert_true(parse(&s, buf_cstr(&b), msg, sizeof msg));
	assert_non_null(strstr(buf_cstr(&b), "id=\"a&quot;&gt;&lt;x-title\""));
	buf_free(&b);
}

/* Titles that are not clean UTF-8 text still give well-formed XML. */
static const struct {
	const char *name, *in, *out;
} title_rows[] = {
    {"plain", "Færre hjemløse", "Færre hjemløse"},
    {"control character", "a\x01z", "a\xef\xbf\xbdz"},
    {"tab and newline stay", "a\tb\nc", "a\tb\nc"},
    {"invalid byte", "a\xffz", "a\xef\xbf\xbdz"},
    {"truncated sequence at the end", "a\xc3", "a\xef\xbf\xbd"},
    {"overlong slash", "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},
    {"surrogate", "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    {"U+FFFE", "\xef\xbf\xbe", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    {"four-byte emoji stays", "\xf0\x9f\x93\x88", "\xf0\x9f\x93\x88"},
    {"entities", "<&>\"'", "<&>\"'"},
};

static void test_title_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(title_rows); i++) {
		struct chart_input in = {.goal = &g_count, .series = s_1d, .n = N(s_1d), .title = title_rows[i].in};
		struct buf b = BUF_INIT;
		struct seen s;
		char msg[128];

		chart_sparkline(&b, &in, 100, 20);
		ROW_CHECK(&title_rows[i], parse(&s, buf_cstr(&b), msg, sizeof msg), "%s\n%s", msg, buf_cstr(&b));
		ROW_CHECK(&title_rows[i], strcmp(s.title, title_rows[i].out) == 0, "title \"%s\"", s.title);
		buf_free(&b);
	}
}

/* --- the series path: gaps, breaks, biennial skips --------------------------------- */

static const struct {
	const char *name;
	const struct goal_version *goal;
	const struct point *series;
	size_t n;
	int moves; /* "M" commands in the series path */
	int lines; /* "L" commands in it */
	int skips; /* dashed bridges (0: no series-skip path) */
} path_rows[] = {
    {"consecutive years are one line", &g_count, S(s_1d), 1, 4, 0},
    {"a single point is one move", &g_count, S(s_one), 1, 0, 0},
    {"a gap breaks the line", &g_count, S(s_gap), 2, 2, 0},
    {"two gaps break it twice", &g_count, S(s_two_gaps), 3, 1, 0},
    {"a point without a value is a gap", &g_count, S(s_novalue), 2, 1, 0},
    {"a break starts a new segment", &g_count, S(s_break), 2, 3, 0},
    {"two breaks, two new segments", &g_count, S(s_two_breaks), 3, 2, 0},
    {"a break as the first point", &g_count, S(s_first_break), 1, 1, 0},
    {"a gap before a break", &g_count, S(s_gap_break), 2, 1, 0},
    {"an estimate stays on the line", &g_count, S(s_estimate), 1, 3, 0},
    {"biennial skipped years are bridged, dashed", &g_biennial, S(s_biennial), 4, 0, 3},
    {"biennial: a missed wave is a gap", &g_biennial, S(s_biennial_hole), 4, 0, 2},
    {"biennial: no bridge into a break", &g_biennial, S(s_biennial_break), 3, 0, 1},
    {"a yearly goal is not bridged over a skipped year", &g_count, S(s_two_gaps), 3, 1, 0},
    {"quarterly with a missing quarter", &g_quarterly, S(s_quarterly), 2, 9, 0},
    {"values left out break the line", &g_count, S(s_nonfinite), 2, 0, 0},
    {"a point of another kind is ignored", &g_count, S(s_wrong_kind), 1, 1, 0},
};

static void test_series_path_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(path_rows); i++) {
		const struct row row = {path_rows[i].name, path_rows[i].goal, path_rows[i].series, path_rows[i].n};

		for (int w = FULL; w <= SPARK; w++) {
			char *svg = render(&row, (enum which)w, 400, w == FULL ? 240 : 24), msg[128];
			struct seen *s = calloc(1, sizeof *s);

			ROW_CHECK(&row, parse(s, svg, msg, sizeof msg), "%s", msg);
			ROW_CHECK(&row, s->has_series, "no series path");
			ROW_CHECK(&row, count_char(s->series_d, 'M') == path_rows[i].moves, "%s: %d moves in \"%s\"",
			          w == FULL ? "chart" : "sparkline", count_char(s->series_d, 'M'), s->series_d);
			ROW_CHECK(&row, count_char(s->series_d, 'L') == path_rows[i].lines, "%s: %d lines in \"%s\"",
			          w == FULL ? "chart" : "sparkline", count_char(s->series_d, 'L'), s->series_d);
			ROW_CHECK(&row, s->has_skip == (path_rows[i].skips > 0), "skip path %s",
			          s->has_skip ? "present" : "absent");
			if (path_rows[i].skips) {
				ROW_CHECK(&row, count_char(s->skip_d, 'M') == path_rows[i].skips, "bridges \"%s\"",
				          s->skip_d);
				ROW_CHECK(&row, s->skip_dash[0] != '\0', "the bridges are not dashed");
			}
			if (w == SPARK)
				ROW_CHECK(&row, s->last_dots == 1, "%d dots at the last point", s->last_dots);
			free(s);
			free(svg);
		}
	}
}

/* Biennial bridges are dashed and named in the legend; the solid series is
 * not dashed. */
static void test_biennial_skips_are_dashed(void **state)
{
	const struct row row = {"biennial", &g_biennial, S(s_biennial)};
	char *svg = render(&row, FULL, 640, 320);

	(void)state;
	assert_non_null(strstr(svg, "class=\"series-skip\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\" "
	                            "stroke-dasharray=\"6 4\""));
	assert_non_null(strstr(svg, ">Måles hvert andet år</text>"));
	{
		const char *p = strstr(svg, "<path class=\"series\"");
		const char *e = strchr(p, '\n');

		assert_true(p && e);
		assert_null(memmem(p, (size_t)(e - p), "dasharray", 9));
	}
	free(svg);
}

/* --- breaks and estimates ---------------------------------------------------------- */

static const struct {
	const char *name;
	const struct point *series;
	size_t n;
	enum lang lang;
	int breaks, estimates;
	const char *label;
} break_rows[] = {
    {"a break gets the Danish label", S(s_break), LANG_DA, 1, 0, "databrud"},
    {"a break gets the English label", S(s_break), LANG_EN, 1, 0, "data break"},
    {"two breaks, two rules", S(s_two_breaks), LANG_DA, 2, 0, "databrud"},
    {"a break as the first point is still marked", S(s_first_break), LANG_DA, 1, 0, "databrud"},
    {"no break, no label", S(s_1d), LANG_DA, 0, 0, ""},
    {"an estimate is a hollow circle", S(s_estimate), LANG_DA, 0, 1, ""},
};

static void test_break_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(break_rows); i++) {
		const struct row row = {break_rows[i].name, &g_count, break_rows[i].series, break_rows[i].n,
		                        .lang = break_rows[i].lang};
		char *svg = render(&row, FULL, 640, 320), msg[128];
		struct seen *s = calloc(1, sizeof *s);

		ROW_CHECK(&row, parse(s, svg, msg, sizeof msg), "%s", msg);
		ROW_CHECK(&row, s->break_labels == break_rows[i].breaks, "%d break labels", s->break_labels);
		ROW_CHECK(&row, s->break_rects == break_rows[i].breaks, "%d break markers", s->break_rects);
		ROW_CHECK(&row, s->estimate_circles == break_rows[i].estimates, "%d estimate markers",
		          s->estimate_circles);
		ROW_CHECK(&row, (strstr(svg, "class=\"break-rule\"") != NULL) == (break_rows[i].breaks > 0),
		          "break rule");
		if (break_rows[i].breaks) {
			ROW_CHECK(&row, strcmp(s->break_label, break_rows[i].label) == 0, "label \"%s\"",
			          s->break_label);
			ROW_CHECK(
			    &row,
			    strstr(svg, break_rows[i].lang == LANG_DA ? ">Databrud</text>" : ">Data break</text>"),
			    "no legend item");
		}
		free(s);
		free(svg);
	}
}

/* --- the description ----------------------------------------------------------- */

static const struct {
	struct row row;
	const char *desc;
} desc_rows[] = {
    {{"first and last value, level target", &g_count, S(s_1d), "2013", 1581, "2017", 1256, TARGET_LEVEL},
     "1.581 personer i 2013, 1.638 personer i 2017; mål: 1.256 personer i 2017."},
    {{"English: no Danish unit, 'by' the target", &g_count, S(s_1d), "2013", 1581, "2017", 1256, TARGET_DELTA, LANG_EN},
     "1,581 in 2013, 1,638 in 2017; target: 1,256 by 2017."},
    {{"no target", &g_count, S(s_gap)}, "1.581 personer i 2013, 1.638 personer i 2017."},
    {{"one point", &g_count, S(s_one)}, "1.581 personer i 2013."},
    {{"no data", &g_count, NULL, 0}, "Ingen data."},
    {{"no data yet, but a target", &g_count, NULL, 0, "2013", 1581, "2017", 1256},
     "Ingen data; mål: 1.256 personer i 2017."},
    {{"No data in English", &g_count, NULL, 0, .lang = LANG_EN}, "No data."},
    {{"only points without values", &g_count, S(s_allnone)}, "Ingen data."},
    {{"a break is named", &g_count, S(s_break)}, "1.581 personer i 2013, 1.350 personer i 2017; databrud i 2015."},
    {{"two breaks are listed", &g_count, S(s_two_breaks), .lang = LANG_EN},
     "5 in 2012, 5 in 2016; data break in 2013 and 2015."},
    {{"a break as the first value is named too (it is drawn)", &g_count, S(s_first_break)},
     "6 personer i 2013, 7 personer i 2014; databrud i 2013."},
    {{"proportion, Danish", &g_prop, S(s_prop), "2013", 94, "2017", 95, TARGET_MIN},
     "94,0 % i 2013, 96,1 % i 2016; mål: mindst 95,0 % i 2017."},
    {{"proportion, English", &g_prop, S(s_prop), NULL, 0, "2016", 97, TARGET_MAX, LANG_EN},
     "94.0% in 2013, 96.1% in 2016; target: at most 97.0% by 2016."},
    {{"school years", &g_school, S(s_school), .lang = LANG_EN}, "88.1% in 2014/15, 91.0% in 2017/18."},
    {{"quarters, last value after a gap", &g_quarterly, S(s_quarterly)},
     "310 udsættelser i 2016Q1, 236 udsættelser i 2018Q4."},
    {{"negative mean", &g_mean, S(s_mean)}, "-1,25 i 2013, 2,05 i 2017."},
    {{"huge counts", &g_count, S(s_huge), .lang = LANG_EN}, "1,200,000,000,000 in 2013, 9,876,543,210,000 in 2015."},
};

static void test_desc_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(desc_rows); i++) {
		const struct row *row = &desc_rows[i].row;
		char *svg = render(row, FULL, 640, 320), msg[128];
		struct seen *s = calloc(1, sizeof *s);

		ROW_CHECK(row, parse(s, svg, msg, sizeof msg), "%s", msg);
		ROW_CHECK(row, strcmp(s->desc, desc_rows[i].desc) == 0, "desc \"%s\", expected \"%s\"", s->desc,
		          desc_rows[i].desc);
		free(s);
		free(svg);
	}
}

/* --- the axes -------------------------------------------------------------------- */

static const struct {
	struct row row;
	const char *y; /* the y labels bottom to top, separated by "|" */
} yaxis_rows[] = {
    {{"counts start at zero when that costs at most half", &g_count, S(s_1d), "2013", 1581, "2017", 700},
     "0|500|1.000|1.500|2.000"},
    {{"counts close together do not", &g_count, S(s_two_gaps)}, "10|11|12|13|14|15"},
    {{"counts far from zero do not", &g_count, S(s_1d), "2013", 1581, "2017", 1256},
     "1.200|1.300|1.400|1.500|1.600|1.700"},
    {{"proportions with a % suffix and the decimals the step needs", &g_school, S(s_school)},
     "88,0 %|88,5 %|89,0 %|89,5 %|90,0 %|90,5 %|91,0 %"},
    {{"English percent", &g_school, S(s_school), .lang = LANG_EN}, "88.0%|88.5%|89.0%|89.5%|90.0%|90.5%|91.0%"},
    {{"a mean keeps its negative values", &g_mean, S(s_mean)}, "-2|-1|0|1|2|3"},
    {{"huge counts", &g_count, S(s_huge)},
     "0|2.000.000.000.000|4.000.000.000.000|6.000.000.000.000|8.000.000.000.000|10.000.000.000.000"},
    {{"the step is never finer than the goal's decimals", &g_count, S(s_tiny_range)}, "1.000.000|1.000.001"},
    {{"flat values get a range around them", &g_count, S(s_flat)}, "44|46|48|50|52|54|56"},
    {{"all zero", &g_count, S(s_zero)}, "0|1"},
    {{"only a baseline", &g_prop, NULL, 0, "2013", 50, NULL, 0}, "44 %|46 %|48 %|50 %|52 %|54 %|56 %"},
};

static void test_y_axis_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(yaxis_rows); i++) {
		const struct row *row = &yaxis_rows[i].row;
		char *svg = render(row, FULL, 640, 320), msg[128], got[512] = "";
		struct seen *s = calloc(1, sizeof *s);

		ROW_CHECK(row, parse(s, svg, msg, sizeof msg), "%s", msg);
		for (int k = 0; k < s->ny; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? "|" : "", s->y_labels[k]);
		ROW_CHECK(row, strcmp(got, yaxis_rows[i].y) == 0, "y labels \"%s\", expected \"%s\"", got,
		          yaxis_rows[i].y);
		free(s);
		free(svg);
	}
}

static const struct {
	struct row row;
	int width;
	const char *x; /* the x labels left to right, separated by "|" */
} xaxis_rows[] = {
    {{"every year", &g_count, S(s_1d)}, 640, "2013|2014|2015|2016|2017"},
    {{"from the baseline to the target", &g_count, S(s_1d), "2010", 1500, "2020", 1256},
     640,
     "2010|2011|2012|2013|2014|2015|2016|2017|2018|2019|2020"},
    {{"thinned when narrow, counted from the first point", &g_count, S(s_1d), "2010", 1500, "2020", 1256},
     320,
     "2011|2013|2015|2017|2019"},
    {{"thinned further by 1-2-5", &g_count, S(s_1d), "2010", 1500, "2020", 1256}, 200, "2013|2018"},
    {{"biennial years counted from the first point", &g_biennial, S(s_biennial)}, 200, "2011|2013|2015|2017"},
    {{"biennial thinned to measured years", &g_biennial, S(s_biennial)}, 150, "2011|2015"},
    {{"quarters", &g_quarterly, S(s_quarterly)},
     800,
     "2016Q1|2016Q2|2016Q3|2016Q4|2017Q1|2017Q2|2017Q3|2017Q4|2018Q1|2018Q2|2018Q3|2018Q4"},
    {{"quarters, every other", &g_quarterly, S(s_quarterly)}, 640, "2016Q1|2016Q3|2017Q1|2017Q3|2018Q1|2018Q3"},
    {{"quarters thinned to the first quarter", &g_quarterly, S(s_quarterly)}, 300, "2016Q1|2017Q1|2018Q1"},
    {{"ten years of months: at most 12 labels, Januaries", &g_monthly, S(s_monthly)},
     800,
     "2010-01|2011-01|2012-01|2013-01|2014-01|2015-01|2016-01|2017-01|2018-01|2019-01"},
    {{"ten years of months, narrower: every other January", &g_monthly, S(s_monthly)},
     640,
     "2010-01|2012-01|2014-01|2016-01|2018-01"},
    {{"school years", &g_school, S(s_school)}, 640, "2014/15|2015/16|2016/17|2017/18"},
};

static void test_x_axis_table(void **state)
{
	(void)state;
	fill_monthly();
	for (size_t i = 0; i < N(xaxis_rows); i++) {
		const struct row *row = &xaxis_rows[i].row;
		char *svg = render(row, FULL, xaxis_rows[i].width, 320), msg[128], got[512] = "";
		struct seen *s = calloc(1, sizeof *s);

		ROW_CHECK(row, parse(s, svg, msg, sizeof msg), "%s", msg);
		for (int k = 0; k < s->nx; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? "|" : "", s->x_labels[k]);
		ROW_CHECK(row, strcmp(got, xaxis_rows[i].x) == 0, "x labels \"%s\", expected \"%s\"", got,
		          xaxis_rows[i].x);
		free(s);
		free(svg);
	}
}

/* --- legend, marks -------------------------------------------------------------- */

static const struct {
	struct row row;
	const char *present, *absent; /* "|"-separated legend texts */
} legend_rows[] = {
    {{"series only", &g_count, S(s_1d)}, "Målinger", "Basis|Mål|Forventet forløb|Databrud|Skøn"},
    {{"baseline, target, expected path", &g_count, S(s_1d), "2013", 1581, "2017", 1256},
     "Målinger|Basis|Mål|Forventet forløb",
     "Databrud|Skøn|Mål (højst)"},
    {{"a max cap", &g_rate, S(s_rate), "2014", 12.5, "2017", 10, TARGET_MAX}, "Mål (højst)|Forventet forløb", ""},
    {{"a min cap in English", &g_prop, S(s_prop), NULL, 0, "2017", 95, TARGET_MIN, LANG_EN},
     "Measurements|Target (at least)|Estimate",
     "Expected path|Baseline"},
    {{"break and estimate", &g_count, S(s_break)}, "Databrud", "Skøn"},
};

static void test_legend_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(legend_rows); i++) {
		const struct row *row = &legend_rows[i].row;
		char *svg = render(row, FULL, 640, 320), *legend = strstr(svg, "<g class=\"legend\"");
		char list[256], *save = NULL;

		ROW_CHECK(row, legend != NULL, "no legend");
		for (int pass = 0; pass < 2; pass++) {
			snprintf(list, sizeof list, "%s", pass ? legend_rows[i].absent : legend_rows[i].present);
			for (char *t = strtok_r(list, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
				char needle[128];

				snprintf(needle, sizeof needle, ">%s</text>", t);
				ROW_CHECK(row, (strstr(legend, needle) != NULL) == !pass, "legend item \"%s\" %s", t,
				          pass ? "present" : "missing");
			}
		}
		free(svg);
	}
}

static void test_caps_and_expected_path(void **state)
{
	const struct row cap = {"cap", &g_rate, S(s_rate), "2014", 12.5, "2017", 10, TARGET_MAX};
	const struct row level = {"level", &g_count, S(s_1d), NULL, 0, "2017", 1256};
	char *svg = render(&cap, FULL, 640, 320), *svg2 = render(&level, FULL, 640, 320);

	(void)state;
	assert_non_null(strstr(svg, "<line class=\"cap\""));
	assert_non_null(strstr(svg, "<line class=\"expected\""));
	assert_non_null(strstr(svg, ">mål højst 10,0</text>"));
	assert_non_null(strstr(svg, ">basis 12,5</text>"));
	assert_null(strstr(svg2, "class=\"cap\""));
	assert_null(strstr(svg2, "class=\"expected\""));
	assert_non_null(strstr(svg2, ">mål 1.256 personer</text>"));
	free(svg);
	free(svg2);
}

/* Coordinates have at most one decimal. */
static void test_coordinates_have_one_decimal(void **state)
{
	(void)state;
	fill_monthly();
	for (size_t i = 0; i < N(input_rows); i++) {
		char *svg = render(&input_rows[i], FULL, 613, 287);

		for (const char *p = svg; *p; p++)
			if (*p == '.' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && p > svg &&
			    isdigit((unsigned char)p[-1])) {
				/* a number with two decimals: only allowed in text (labels) */
				const char *lt = p, *gt = p;

				while (lt > svg && *lt != '<' && *lt != '>')
					lt--;
				while (*gt && *gt != '<' && *gt != '>')
					gt++;
				ROW_CHECK(&input_rows[i], *lt == '>' && *gt == '<', "two decimals at \"%.30s\"", p - 5);
			}
		free(svg);
	}
}

static void test_buffer_limit_is_sticky(void **state)
{
	struct chart_input in = {.goal = &g_count, .series = s_1d, .n = N(s_1d), .title = "t", .id = "x"};
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	chart_svg(&b, &in, 640, 320);
	assert_int_not_equal(buf_error(&b), 0);
	assert_true(b.len <= 100);
	buf_free(&b);
}

/* --- golden files ------------------------------------------------------------------ */

static const struct point s_golden_1d[] = {
    Y(2013, 1581), Y(2014, 1605), YS(2015, OBS_ESTIMATE, 1680), Y(2016, 1659), YS(2017, OBS_BREAK, 1500),
    Y(2018, 1421)};

static const struct {
	const char *file;
	struct row row;
	enum which which;
	int w, h;
} golden_rows[] = {
    {"1d-count-da.svg",
     {"Danish count: baseline, target, estimate, break", &g_count, S(s_golden_1d), "2013", 1581, "2019", 1256,
      TARGET_DELTA, LANG_DA, "1D Færre hjemløse"},
     FULL,
     640,
     320},
    {"biennial-proportion-en.svg",
     {"English biennial proportion with a min cap", &g_biennial, S(s_biennial), "2011", 62.5, "2019", 70, TARGET_MIN,
      LANG_EN, "3B Share who feel included"},
     FULL,
     480,
     280},
    {"quarterly-gap-da.svg",
     {"Danish quarterly count with a gap, no baseline", &g_quarterly, S(s_quarterly), NULL, 0, "2018Q4", 200,
      TARGET_MAX, LANG_DA, "4A Udsættelser"},
     FULL,
     640,
     300},
    {"sparkline-1d.svg", {"sparkline with a break", &g_count, S(s_golden_1d), .title = "1D"}, SPARK, 120, 24},
};

static char *golden_path(const char *file)
{
	const char *root = getenv("ROOT");
	static char path[512];

	snprintf(path, sizeof path, "%s%stests/golden/chart/%s", root ? root : "", root ? "/" : "", file);
	return path;
}

static void test_golden_files(void **state)
{
	bool update = getenv("PEJL_UPDATE_GOLDEN") && strcmp(getenv("PEJL_UPDATE_GOLDEN"), "1") == 0;

	(void)state;
	for (size_t i = 0; i < N(golden_rows); i++) {
		const struct row *row = &golden_rows[i].row;
		char *svg = render(row, golden_rows[i].which, golden_rows[i].w, golden_rows[i].h);
		const char *path = golden_path(golden_rows[i].file);
		FILE *f;

		if (update) {
			f = fopen(path, "wb");
			ROW_CHECK(row, f != NULL, "cannot write %s", path);
			fputs(svg, f);
			fclose(f);
		} else {
			char *want;
			long len;

			f = fopen(path, "rb");
			ROW_CHECK(row, f != NULL,
			          "cannot read %s (run with PEJL_UPDATE_GOLDEN=1 from the repository root)", path);
			fseek(f, 0, SEEK_END);
			len = ftell(f);
			rewind(f);
			want = calloc(1, (size_t)len + 1);
			ROW_CHECK(row, fread(want, 1, (size_t)len, f) == (size_t)len, "short read of %s", path);
			fclose(f);
			ROW_CHECK(row, strcmp(svg, want) == 0, "differs from %s; got:\n%s", path, svg);
			free(want);
		}
		free(svg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_input_is_well_formed_and_safe),
	    cmocka_unit_test(test_hostile_title_is_escaped),
	    cmocka_unit_test(test_id_is_escaped),
	    cmocka_unit_test(test_title_table),
	    cmocka_unit_test(test_series_path_table),
	    cmocka_unit_test(test_biennial_skips_are_dashed),
	    cmocka_unit_test(test_break_table),
	    cmocka_unit_test(test_desc_table),
	    cmocka_unit_test(test_y_axis_table),
	    cmocka_unit_test(test_x_axis_table),
	    cmocka_unit_test(test_legend_table),
	    cmocka_unit_test(test_caps_and_expected_path),
	    cmocka_unit_test(test_coordinates_have_one_decimal),
	    cmocka_unit_test(test_buffer_limit_is_sticky),
	    cmocka_unit_test(test_golden_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
