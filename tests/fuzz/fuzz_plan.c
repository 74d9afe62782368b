/*
 * fuzz_plan.c — fuzz target for the plan readers: the API's plan JSON
 * (src/io/plan_json.c) and the milestone and partner lines of the web
 * forms (src/core/plan.c). Any input is rejected with a diagnostic or
 * accepted; an accepted plan survives write → read → write byte for byte,
 * and accepted lines survive format → parse with the same count.
 */
#include "core/plan.h"
#include "io/plan_json.h"
#include "util/diag.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a plan from JSON text; true when it was read without problems. */
static bool read_plan(struct plan *p, const char *text, size_t len, struct arena *a, struct diag *d)
{
	json_error_t e;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	size_t errs;

	if (!j)
		return false;
	if (!json_is_object(j)) {
		json_decref(j);
		return false;
	}
	errs = plan_json_read(p, j, "fuzz", a, d);
	json_decref(j);
	if (errs == 0)
		errs = plan_validate(p, NULL, NULL, 0, "fuzz: $.", d);
	if (errs && diag_errors(d) == 0) {
		fprintf(stderr, "rejected without a diagnostic\n");
		abort();
	}
	return errs == 0;
}

static void lines(const char *text, struct arena *a)
{
	struct milestone *m, *m2;
	struct partner *p, *p2;
	size_t n, n2;
	struct diag d;

	diag_init(&d);
	if (plan_parse_milestones(&m, &n, text, "m", a, &d) == 0) {
		char *again = plan_format_milestones(m, n, a);

		if (plan_parse_milestones(&m2, &n2, again, "m", a, &d) != 0 || n2 != n)
			abort();
	}
	if (plan_parse_partners(&p, &n, text, "p", a, &d) == 0) {
		char *again = plan_format_partners(p, n, a);

		if (plan_parse_partners(&p2, &n2, again, "p", a, &d) != 0 || n2 != n)
			abort();
	}
	diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	char *text = arena_strndup(a, (const char *)data, size);
	struct plan p, again;
	struct jsonw w;
	struct diag d;

	lines(text, a);
	diag_init(&d);
	if (!read_plan(&p, (const char *)data, size, a, &d))
		goto out;
	jsonw_init(&w, &b1, false);
	plan_json_write(&w, &p, NULL);
	diag_free(&d);
	diag_init(&d);
	if (!read_plan(&again, b1.data, b1.len, a, &d)) {
		diag_print(&d, stderr);
		abort();
	}
	jsonw_init(&w, &b2, false);
	plan_json_write(&w, &again, NULL);
	if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0)
		abort();
out:
	buf_free(&b1);
	buf_free(&b2);
	diag_free(&d);
	arena_free(a);
	return 0;
}
