/*
 * test_trajectory.c — the citizen's trajectory SVG (io/trajectory.h): well
 * formed, escaped, a gap for a skipped session, the cutoff and the
 * reliable-change band present when the band has them, the expected path
 * only when given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/instrument_file.h"
#include "io/trajectory.h"

#include <expat.h>
#include <string.h>

static struct instrument_set set;
static struct arena *arena;

static int setup(void **state)
{
	struct diag d;
	int rc;

	(void)state;
	arena = arena_new();
	diag_init(&d);
	rc = instrument_builtin(&set, arena, &d);
	diag_free(&d);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

static bool well_formed(const char *s)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	bool ok = XML_Parse(p, s, (int)strlen(s), 1) == XML_STATUS_OK;

	XML_ParserFree(p);
	return ok;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static const int ors18[] = {45, 45, 45, 45}, ors26[] = {65, 65, 65, 65}, ors22[] = {55, 55, 55, 55};
static const int srs38[] = {95, 95, 95, 95};

static void draw(struct buf *b, const char *id, const struct feedback_session *s, size_t n,
		 const struct feedback_trajectory *expected)
{
	struct feedback_episode ep = {0};

	ep.id = id;
	ep.unit = "U1";
	ep.practitioner = "p";
	ep.start = "2017-01-01";
	ep.band = AGE_BAND_ADULT;
	ep.outcome_instrument = "ORS";
	ep.alliance_instrument = "SRS";
	ep.sessions = s;
	ep.nsessions = n;
	trajectory_svg(b, &ep, &set, expected, LANG_DA);
}

static void test_well_formed_with_cutoff_band_and_both_lines(void **state)
{
	struct feedback_session s[] = {
		{"2017-01-01", 1, "self", false, ors18, 4, srs38, 4},
		{"2017-01-08", 2, "self", false, ors22, 4, srs38, 4},
		{"2017-01-15", 3, "self", false, ors26, 4, srs38, 4},
	};
	struct buf b = BUF_INIT;

	(void)state;
	draw(&b, "E1", s, 3, NULL);
	assert_true(well_formed(buf_cstr(&b)));
	assert_non_null(strstr(buf_cstr(&b), "class=\"cutoff\""));
	assert_non_null(strstr(buf_cstr(&b), "class=\"rci-band\""));
	assert_int_equal(count(buf_cstr(&b), "class=\"outcome-point\""), 3);
	assert_int_equal(count(buf_cstr(&b), "class=\"alliance-point\""), 3);
	assert_null(strstr(buf_cstr(&b), "class=\"expected\""));
	assert_null(strstr(buf_cstr(&b), "style="));
	assert_null(strstr(buf_cstr(&b), "<script"));
	/* the description names the first and latest scores, Danish style */
	assert_non_null(strstr(buf_cstr(&b), "Første score 18,0, seneste 26,0."));
	buf_free(&b);
}

static void test_a_skipped_session_breaks_the_line(void **state)
{
	struct feedback_session s[] = {
		{"2017-01-01", 1, "self", false, ors18, 4, NULL, 0},
		{"2017-01-08", 2, "self", true, NULL, 0, NULL, 0},
		{"2017-01-15", 3, "self", false, ors26, 4, NULL, 0},
	};
	struct buf b = BUF_INIT;
	const char *path;

	(void)state;
	draw(&b, "E2", s, 3, NULL);
	assert_true(well_formed(buf_cstr(&b)));
	path = strstr(buf_cstr(&b), "class=\"outcome\"");
	assert_non_null(path);
	path = strstr(path, " d=\"");
	assert_non_null(path);
	{
		/* the path data alone: two separate moves, no line across session 2 */
		char d[512];
		const char *end = strchr(path + 4, '"');

		assert_non_null(end);
		assert_true((size_t)(end - path - 4) < sizeof d);
		memcpy(d, path + 4, (size_t)(end - path - 4));
		d[end - path - 4] = '\0';
		assert_int_equal(count(d, "M"), 2);
		assert_int_equal(count(d, "L"), 0);
	}
	assert_int_equal(count(buf_cstr(&b), "class=\"outcome-point\""), 2);
	buf_free(&b);
}

static void test_collateral_ratings_are_not_drawn(void **state)
{
	struct feedback_session s[] = {
		{"2017-01-01", 1, "self", false, ors18, 4, NULL, 0},
		{"2017-01-01", 1, "mor", false, ors26, 4, NULL, 0},
	};
	struct buf b = BUF_INIT;

	(void)state;
	draw(&b, "E3", s, 2, NULL);
	assert_int_equal(count(buf_cstr(&b), "class=\"outcome-point\""), 1);
	buf_free(&b);
}

static void test_hostile_episode_code_is_escaped(void **state)
{
	struct feedback_session s[] = {{"2017-01-01", 1, "self", false, ors18, 4, NULL, 0}};
	struct buf b = BUF_INIT;

	(void)state;
	draw(&b, "<script>alert(1)</script>&\"'", s, 1, NULL);
	assert_true(well_formed(buf_cstr(&b)));
	assert_null(strstr(buf_cstr(&b), "<script"));
	assert_non_null(strstr(buf_cstr(&b), "&lt;script&gt;"));
	buf_free(&b);
}

static void test_expected_path_only_when_given(void **state)
{
	struct feedback_trajectory_point pts[] = {{1, 30, 18, 15}, {2, 30, 20, 17}, {3, 30, 22, 18}};
	struct feedback_trajectory t = {"local", "ORS", AGE_BAND_ADULT, 15, 20, 30, pts, 3};
	struct feedback_session s[] = {{"2017-01-01", 1, "self", false, ors18, 4, NULL, 0}};
	struct buf b = BUF_INIT;

	(void)state;
	draw(&b, "E4", s, 1, &t);
	assert_true(well_formed(buf_cstr(&b)));
	assert_non_null(strstr(buf_cstr(&b), "class=\"expected\""));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed_with_cutoff_band_and_both_lines),
		cmocka_unit_test(test_a_skipped_session_breaks_the_line),
		cmocka_unit_test(test_collateral_ratings_are_not_drawn),
		cmocka_unit_test(test_hostile_episode_code_is_escaped),
		cmocka_unit_test(test_expected_path_only_when_given),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
