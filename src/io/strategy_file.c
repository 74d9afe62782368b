/*
 * strategy_file.c — reading and writing the strategy file (see
 * strategy_file.h and docs/strategy-file.md).
 *
 * The reader walks the jansson tree with a path kept in a fixed buffer
 * ("$.strategy.pejlemaerker[2].goals[0]"), records every problem in the diag
 * and carries on, so one run reports all mistakes. Only when the shape is
 * right does it run strategy_validate for the model's rules.
 */
#include "io/strategy_file.h"

#include "core/fbmetric.h"
#include "io/feedback_compute.h"
#include "io/instrument_file.h"
#include "io/jsonr.h"
#include "io/jsonw.h"
#include "store/store.h"
#include "util/xmalloc.h"
#include "util/err.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TEXT_MAX 4000
#define LONG_TEXT_MAX 20000
#define FORMAT_ID "pejl-strategy/1"

/* jsonr_integer into an int. */
static bool int_field(struct jsonr *r, json_t *obj, const char *key, bool required, long min, long max, int *out)
{
	long v;

	if (!jsonr_integer(r, obj, key, required, min, max, &v))
		return false;
	*out = (int)v;
	return true;
}

static const char *const version_keys[] = {
	"title", "title_en", "definition", "source", "metric", "owner", "measure", "rate_factor", "display_unit", "decimals",
	"direction", "sampling", "cadence", "baseline", "target", "tolerance", "version", NULL};
static const char *const goal_keys[] = {
	"code", "main", "history", "title", "title_en", "definition", "source", "metric", "owner", "measure", "rate_factor",
	"display_unit", "decimals", "direction", "sampling", "cadence", "baseline", "target", "tolerance", "version",
	NULL};

static void read_version(struct jsonr *r, json_t *o, struct goal_version *v)
{
	json_t *x;
	size_t old;

	v->title = jsonr_text(r, o, "title", true, TEXT_MAX);
	v->title_en = jsonr_text(r, o, "title_en", false, TEXT_MAX);
	v->definition = jsonr_text(r, o, "definition", true, LONG_TEXT_MAX);
	v->source = jsonr_text(r, o, "source", false, TEXT_MAX);
	v->metric = jsonr_text(r, o, "metric", false, 64);
	v->owner = jsonr_text(r, o, "owner", false, 64);
	JSONR_ENUM(r, o, "measure", true, &v->measure, measure_parse, "count, proportion, rate, mean");
	jsonr_number(r, o, "rate_factor", v->measure == MEASURE_RATE, &v->rate_factor);
	v->display_unit = jsonr_text(r, o, "display_unit", false, 64);
	v->decimals = v->measure == MEASURE_COUNT ? 0 : 1;
	int_field(r, o, "decimals", false, 0, 6, &v->decimals);
	JSONR_ENUM(r, o, "direction", true, &v->direction, direction_parse, "up, down");
	JSONR_ENUM(r, o, "sampling", true, &v->sampling, sampling_parse, "census, sample");
	JSONR_ENUM(r, o, "cadence", true, &v->cadence, cadence_parse,
		   "yearly, biennial, quarterly, monthly, school_year");
	if ((x = jsonr_object(r, o, "baseline", false))) {
		static const char *const keys[] = {"period", "value", NULL};

		old = jsonr_push(r, ".baseline");
		jsonr_check_keys(r, x, keys);
		v->baseline_period = jsonr_text(r, x, "period", true, 16);
		v->has_baseline = jsonr_number(r, x, "value", true, &v->baseline_value) && v->baseline_period;
		jsonr_pop(r, old);
	}
	v->target_kind = TARGET_NONE;
	if ((x = jsonr_object(r, o, "target", false))) {
		static const char *const keys[] = {"kind", "value", "period", NULL};

		old = jsonr_push(r, ".target");
		jsonr_check_keys(r, x, keys);
		JSONR_ENUM(r, x, "kind", true, &v->target_kind, target_kind_parse,
			   "level, delta, percent, max, min, none");
		if (v->target_kind == TARGET_NONE) {
			if (json_object_get(x, "value") && !json_is_null(json_object_get(x, "value")))
				jsonr_bad(r, "value", "a target of kind none has no value");
			if (json_object_get(x, "period") && !json_is_null(json_object_get(x, "period")))
				jsonr_bad(r, "period", "a target of kind none has no period");
		} else {
			jsonr_number(r, x, "value", true, &v->target_value);
			v->target_period = jsonr_text(r, x, "period", true, 16);
		}
		jsonr_pop(r, old);
	}
	v->tolerance = 0;
	jsonr_number(r, o, "tolerance", false, &v->tolerance);
	if ((x = jsonr_object(r, o, "version", true))) {
		static const char *const keys[] = {"date", "decision", "note", NULL};

		old = jsonr_push(r, ".version");
		jsonr_check_keys(r, x, keys);
		v->date = jsonr_text(r, x, "date", true, 16);
		v->decision = jsonr_text(r, x, "decision", false, TEXT_MAX);
		v->note = jsonr_text(r, x, "note", false, TEXT_MAX);
		jsonr_pop(r, old);
	}
}

static void read_goal(struct jsonr *r, json_t *o, struct goal *g)
{
	json_t *hist;
	size_t nh;

	jsonr_check_keys(r, o, goal_keys);
	g->code = jsonr_text(r, o, "code", true, 16);
	jsonr_boolean(r, o, "main", false, &g->main);
	hist = jsonr_array(r, o, "history", false);
	nh = hist ? json_array_size(hist) : 0;
	g->nversions = nh + 1;
	g->versions = arena_calloc(r->a, g->nversions, sizeof *g->versions);
	{
		size_t old = jsonr_push(r, ".history");

		JSONR_EACH_OBJECT(r, hist, i, el, {
			jsonr_check_keys(r, el, version_keys);
			read_version(r, el, &g->versions[i]);
		})
		jsonr_pop(r, old);
	}
	read_version(r, o, &g->versions[nh]);
}

static void read_strategy(struct jsonr *r, json_t *o, struct strategy *st)
{
	static const char *const keys[] = {"code", "name", "name_en", "valid_from", "valid_to", "decision",
					   "description", "principles", "pejlemaerker", NULL};
	json_t *x, *arr;
	size_t old;

	jsonr_check_keys(r, o, keys);
	st->code = jsonr_text(r, o, "code", true, 64);
	st->name = jsonr_text(r, o, "name", true, TEXT_MAX);
	st->name_en = jsonr_text(r, o, "name_en", false, TEXT_MAX);
	st->description = jsonr_text(r, o, "description", false, LONG_TEXT_MAX);
	int_field(r, o, "valid_from", true, 1900, 2199, &st->valid_from);
	int_field(r, o, "valid_to", true, 1900, 2199, &st->valid_to);
	if ((x = jsonr_object(r, o, "decision", false))) {
		static const char *const dkeys[] = {"date", "body", "case", NULL};

		old = jsonr_push(r, ".decision");
		jsonr_check_keys(r, x, dkeys);
		st->decision_date = jsonr_text(r, x, "date", false, 16);
		st->decision_body = jsonr_text(r, x, "body", false, TEXT_MAX);
		st->decision_case = jsonr_text(r, x, "case", false, 64);
		jsonr_pop(r, old);
	}
	if ((arr = jsonr_array(r, o, "principles", false))) {
		st->nprinciples = json_array_size(arr);
		st->principles = arena_calloc(r->a, st->nprinciples, sizeof *st->principles);
	}
	old = jsonr_push(r, ".principles");
	JSONR_EACH_OBJECT(r, arr, i, el, {
		static const char *const pkeys[] = {"number", "title", "title_en", "description", "commitments", NULL};
		struct principle *p = &st->principles[i];
		json_t *carr;

		jsonr_check_keys(r, el, pkeys);
		int_field(r, el, "number", true, 1, 99, &p->number);
		p->title = jsonr_text(r, el, "title", true, TEXT_MAX);
		p->title_en = jsonr_text(r, el, "title_en", false, TEXT_MAX);
		p->description = jsonr_text(r, el, "description", false, LONG_TEXT_MAX);
		if ((carr = jsonr_array(r, el, "commitments", false))) {
			size_t cold = jsonr_push(r, ".commitments");

			p->ncommitments = json_array_size(carr);
			p->commitments = arena_calloc(r->a, p->ncommitments, sizeof *p->commitments);
			JSONR_EACH_OBJECT(r, carr, j, c, {
				static const char *const ckeys[] = {"code", "text", NULL};

				jsonr_check_keys(r, c, ckeys);
				p->commitments[j].code = jsonr_text(r, c, "code", true, 16);
				p->commitments[j].text = jsonr_text(r, c, "text", true, TEXT_MAX);
			})
			jsonr_pop(r, cold);
		}
	})
	jsonr_pop(r, old);
	if ((arr = jsonr_array(r, o, "pejlemaerker", true))) {
		st->npejlemaerker = json_array_size(arr);
		st->pejlemaerker = arena_calloc(r->a, st->npejlemaerker, sizeof *st->pejlemaerker);
	}
	old = jsonr_push(r, ".pejlemaerker");
	JSONR_EACH_OBJECT(r, arr, i, el, {
		static const char *const pkeys[] = {"number", "title", "title_en", "description", "goals", NULL};
		struct pejlemaerke *pm = &st->pejlemaerker[i];
		json_t *garr;

		jsonr_check_keys(r, el, pkeys);
		int_field(r, el, "number", true, 1, 99, &pm->number);
		pm->title = jsonr_text(r, el, "title", true, TEXT_MAX);
		pm->title_en = jsonr_text(r, el, "title_en", false, TEXT_MAX);
		pm->description = jsonr_text(r, el, "description", false, LONG_TEXT_MAX);
		if ((garr = jsonr_array(r, el, "goals", true))) {
			size_t gold = jsonr_push(r, ".goals");

			pm->ngoals = json_array_size(garr);
			pm->goals = arena_calloc(r->a, pm->ngoals, sizeof *pm->goals);
			JSONR_EACH_OBJECT(r, garr, j, g, { read_goal(r, g, &pm->goals[j]); })
			jsonr_pop(r, gold);
		}
	})
	jsonr_pop(r, old);
}

static void read_units(struct jsonr *r, json_t *root, struct strategy_doc *doc)
{
	json_t *arr = jsonr_array(r, root, "units", false);
	size_t old;

	if (!arr)
		return;
	doc->nunits = json_array_size(arr);
	doc->units = arena_calloc(r->a, doc->nunits, sizeof *doc->units);
	old = jsonr_push(r, ".units");
	JSONR_EACH_OBJECT(r, arr, i, el, {
		static const char *const keys[] = {"code", "name", "kind", "parent", "valid_from", "valid_to", NULL};
		struct unit *u = &doc->units[i];

		jsonr_check_keys(r, el, keys);
		u->code = jsonr_text(r, el, "code", true, 64);
		u->name = jsonr_text(r, el, "name", true, TEXT_MAX);
		JSONR_ENUM(r, el, "kind", true, &u->kind, unit_kind_parse,
			   "administration, citizen_centre, centre_community, centre, service");
		u->parent = jsonr_text(r, el, "parent", false, 64);
		u->valid_from = jsonr_text(r, el, "valid_from", true, 16);
		u->valid_to = jsonr_text(r, el, "valid_to", false, 16);
	})
	jsonr_pop(r, old);
}

static void read_groups(struct jsonr *r, json_t *root, struct strategy_doc *doc)
{
	json_t *arr = jsonr_array(r, root, "target_groups", false);
	size_t old;

	if (!arr)
		return;
	doc->ngroups = json_array_size(arr);
	doc->groups = arena_calloc(r->a, doc->ngroups, sizeof *doc->groups);
	old = jsonr_push(r, ".target_groups");
	JSONR_EACH_OBJECT(r, arr, i, el, {
		static const char *const keys[] = {"code", "name", "name_en", NULL};
		struct target_group *g = &doc->groups[i];

		jsonr_check_keys(r, el, keys);
		g->code = jsonr_text(r, el, "code", true, 64);
		g->name = jsonr_text(r, el, "name", true, TEXT_MAX);
		g->name_en = jsonr_text(r, el, "name_en", false, TEXT_MAX);
	})
	jsonr_pop(r, old);
}

int strategy_file_parse(struct strategy_doc **out, struct arena *a, const char *name, const char *data, size_t len,
			const char *const *extra_units, size_t nextra, struct diag *d)
{
	struct jsonr r = {.a = a, .d = d, .name = name, .path = "$", .errors = 0};
	size_t first = d->n;
	struct strategy_doc *doc = arena_calloc(a, 1, sizeof *doc);
	json_t *root, *st;

	{
		static const char *const keys[] = {"format", "strategy", "units", "target_groups", NULL};

		if (!(root = jsonr_open(&r, data, len, STRATEGY_FILE_MAX, FORMAT_ID, "strategy", keys)))
			return PEJL_EINPUT;
	}
	if ((st = jsonr_object(&r, root, "strategy", true))) {
		size_t old = jsonr_push(&r, ".strategy");

		read_strategy(&r, st, &doc->strategy);
		jsonr_pop(&r, old);
	}
	read_units(&r, root, doc);
	read_groups(&r, root, doc);
	/* The model's rules run even when the shape had mistakes, so one run
	 * reports everything; fields the reader could not take are NULL and
	 * the validator skips them (they are reported already). */
	if (st) {
		/* One message per location: a rule broken by a field the reader
		 * already complained about adds nothing new. */
		struct diag vd;

		diag_init(&vd);
		strategy_validate(doc, name, extra_units, nextra, &vd);
		for (size_t i = 0; i < vd.n; i++) {
			bool dup = false;

			for (size_t k = first; k < d->n && !dup; k++)
				dup = strcmp(d->items[k].where, vd.items[i].where) == 0;
			if (!dup) {
				diag_error(d, vd.items[i].where, "%s", vd.items[i].msg);
				r.errors++;
			}
		}
		diag_free(&vd);
		/* a metric's instrument must be one pejl knows, of the right kind */
		if (r.errors == 0) {
			struct instrument_set set;
			struct arena *ia = arena_new();
			struct diag id;

			diag_init(&id);
			if (instrument_builtin(&set, ia, &id) == 0)
				for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
					for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++) {
						const struct goal *g = &doc->strategy.pejlemaerker[i].goals[j];

						for (size_t v = 0; v < g->nversions; v++) {
							struct fbmetric m;
							char why[200], where[400];

							if (!g->versions[v].metric ||
							    !fbmetric_parse(&m, g->versions[v].metric, why, sizeof why) ||
							    fbmetric_check(&m, &set, why, sizeof why))
								continue;
							if (v + 1 == g->nversions)
								snprintf(where, sizeof where,
									 "%s: $.strategy.pejlemaerker[%zu].goals[%zu].metric", name, i, j);
							else
								snprintf(where, sizeof where,
									 "%s: $.strategy.pejlemaerker[%zu].goals[%zu].history[%zu].metric",
									 name, i, j, v);
							diag_error(d, where, "%s", why);
							r.errors++;
						}
					}
			diag_free(&id);
			arena_free(ia);
		}
	}
	json_decref(root);
	if (r.errors) {
		return err_set(PEJL_EINPUT, "%s: %zu mistake%s", name, r.errors, r.errors == 1 ? "" : "s");
	}
	*out = doc;
	return 0;
}

/* --- writing ---------------------------------------------------------------- */

static void kstr_opt(struct jsonw *w, const char *k, const char *s)
{
	if (s)
		jsonw_kstr(w, k, s);
}

static void write_version(struct jsonw *w, const struct goal_version *v)
{
	jsonw_kstr(w, "title", v->title);
	kstr_opt(w, "title_en", v->title_en);
	jsonw_kstr(w, "definition", v->definition);
	kstr_opt(w, "source", v->source);
	kstr_opt(w, "metric", v->metric);
	kstr_opt(w, "owner", v->owner);
	jsonw_kstr(w, "measure", measure_name(v->measure));
	if (v->measure == MEASURE_RATE)
		jsonw_knum(w, "rate_factor", v->rate_factor);
	kstr_opt(w, "display_unit", v->display_unit);
	jsonw_kint(w, "decimals", v->decimals);
	jsonw_kstr(w, "direction", direction_name(v->direction));
	jsonw_kstr(w, "sampling", sampling_name(v->sampling));
	jsonw_kstr(w, "cadence", cadence_name(v->cadence));
	if (v->has_baseline) {
		jsonw_key(w, "baseline");
		jsonw_obj_begin(w);
		jsonw_kstr(w, "period", v->baseline_period);
		jsonw_knum(w, "value", v->baseline_value);
		jsonw_obj_end(w);
	}
	if (v->target_kind != TARGET_NONE) {
		jsonw_key(w, "target");
		jsonw_obj_begin(w);
		jsonw_kstr(w, "kind", target_kind_name(v->target_kind));
		jsonw_knum(w, "value", v->target_value);
		jsonw_kstr(w, "period", v->target_period);
		jsonw_obj_end(w);
	}
	if (v->tolerance != 0)
		jsonw_knum(w, "tolerance", v->tolerance);
	jsonw_key(w, "version");
	jsonw_obj_begin(w);
	jsonw_kstr(w, "date", v->date);
	kstr_opt(w, "decision", v->decision);
	kstr_opt(w, "note", v->note);
	jsonw_obj_end(w);
}

static void write_goal(struct jsonw *w, const struct goal *g)
{
	jsonw_obj_begin(w);
	jsonw_kstr(w, "code", g->code);
	if (g->main)
		jsonw_kbool(w, "main", true);
	write_version(w, &g->versions[g->nversions - 1]);
	if (g->nversions > 1) {
		jsonw_key(w, "history");
		jsonw_arr_begin(w);
		for (size_t i = 0; i + 1 < g->nversions; i++) {
			jsonw_obj_begin(w);
			write_version(w, &g->versions[i]);
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
	}
	jsonw_obj_end(w);
}

void strategy_file_write(struct buf *b, const struct strategy_doc *doc)
{
	const struct strategy *st = &doc->strategy;
	struct jsonw w;

	jsonw_init(&w, b, true);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "format", FORMAT_ID);
	jsonw_key(&w, "strategy");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "code", st->code);
	jsonw_kstr(&w, "name", st->name);
	kstr_opt(&w, "name_en", st->name_en);
	jsonw_kint(&w, "valid_from", st->valid_from);
	jsonw_kint(&w, "valid_to", st->valid_to);
	if (st->decision_date || st->decision_body || st->decision_case) {
		jsonw_key(&w, "decision");
		jsonw_obj_begin(&w);
		kstr_opt(&w, "date", st->decision_date);
		kstr_opt(&w, "body", st->decision_body);
		kstr_opt(&w, "case", st->decision_case);
		jsonw_obj_end(&w);
	}
	kstr_opt(&w, "description", st->description);
	jsonw_key(&w, "principles");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < st->nprinciples; i++) {
		const struct principle *p = &st->principles[i];

		jsonw_obj_begin(&w);
		jsonw_kint(&w, "number", p->number);
		jsonw_kstr(&w, "title", p->title);
		kstr_opt(&w, "title_en", p->title_en);
		kstr_opt(&w, "description", p->description);
		jsonw_key(&w, "commitments");
		jsonw_arr_begin(&w);
		for (size_t j = 0; j < p->ncommitments; j++) {
			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", p->commitments[j].code);
			jsonw_kstr(&w, "text", p->commitments[j].text);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "pejlemaerker");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < st->npejlemaerker; i++) {
		const struct pejlemaerke *pm = &st->pejlemaerker[i];

		jsonw_obj_begin(&w);
		jsonw_kint(&w, "number", pm->number);
		jsonw_kstr(&w, "title", pm->title);
		kstr_opt(&w, "title_en", pm->title_en);
		kstr_opt(&w, "description", pm->description);
		jsonw_key(&w, "goals");
		jsonw_arr_begin(&w);
		for (size_t j = 0; j < pm->ngoals; j++)
			write_goal(&w, &pm->goals[j]);
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_key(&w, "units");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < doc->nunits; i++) {
		const struct unit *u = &doc->units[i];

		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "code", u->code);
		jsonw_kstr(&w, "name", u->name);
		jsonw_kstr(&w, "kind", unit_kind_name(u->kind));
		kstr_opt(&w, "parent", u->parent);
		jsonw_kstr(&w, "valid_from", u->valid_from);
		jsonw_kstr(&w, "valid_to", u->valid_to);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "target_groups");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < doc->ngroups; i++) {
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "code", doc->groups[i].code);
		jsonw_kstr(&w, "name", doc->groups[i].name);
		kstr_opt(&w, "name_en", doc->groups[i].name_en);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
}

/* --- importing into a store -------------------------------------------------- */

/* The strategy part of doc as text, with each goal cut to at most the
 * number of versions given by limit_from (matched by goal code), or all. */
static char *strategy_text(const struct strategy *st, const struct strategy *limit_from)
{
	struct strategy_doc tmp = {0};
	struct buf b = BUF_INIT;
	struct pejlemaerke *pms = xcalloc(st->npejlemaerker ? st->npejlemaerker : 1, sizeof *pms);
	char *out;

	tmp.strategy = *st;
	tmp.strategy.pejlemaerker = pms;
	for (size_t i = 0; i < st->npejlemaerker; i++) {
		pms[i] = st->pejlemaerker[i];
		pms[i].goals = xcalloc(pms[i].ngoals ? pms[i].ngoals : 1, sizeof *pms[i].goals);
		for (size_t j = 0; j < pms[i].ngoals; j++) {
			struct goal *g = &pms[i].goals[j];

			*g = st->pejlemaerker[i].goals[j];
			for (size_t a = 0; limit_from && a < limit_from->npejlemaerker; a++)
				for (size_t k = 0; k < limit_from->pejlemaerker[a].ngoals; k++) {
					const struct goal *old = &limit_from->pejlemaerker[a].goals[k];

					if (strcmp(old->code, g->code) == 0 && old->nversions < g->nversions)
						g->nversions = old->nversions;
				}
		}
	}
	strategy_file_write(&b, &tmp);
	for (size_t i = 0; i < st->npejlemaerker; i++)
		free(pms[i].goals);
	free(pms);
	out = buf_detach(&b, NULL);
	return out;
}

/* Compares the file's strategy with the stored one; appends new versions
 * or reports why it cannot. */
static int merge_existing(struct strategy_import_result *res, struct store *s, struct arena *a, const char *name,
			  const struct strategy *st, struct diag *d)
{
	struct strategy_doc *old;
	char *have = NULL, *want = NULL;
	char where[300];
	int rc;

	if ((rc = store_strategy_load(&old, s, a, st->code)) < 0)
		return rc;
	have = strategy_text(&old->strategy, NULL);
	want = strategy_text(st, &old->strategy);
	snprintf(where, sizeof where, "%s: $.strategy", name);
	if (strcmp(have, want) != 0) {
		diag_error(d, where,
			   "strategy %s exists already with other content; history is never rewritten, so a file "
			   "may only add goal versions after the stored ones (export it, edit, and import the export)",
			   st->code);
		rc = PEJL_EINPUT;
		goto out;
	}
	for (size_t i = 0; i < st->npejlemaerker; i++)
		for (size_t j = 0; j < st->pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &st->pejlemaerker[i].goals[j];
			const struct goal *og = &old->strategy.pejlemaerker[i].goals[j];

			for (size_t v = og->nversions; v < g->nversions; v++) {
				if ((rc = store_goal_version_add(s, st->code, g->code, &g->versions[v])) < 0)
					goto out;
				res->versions_added++;
			}
		}
	rc = 0;
out:
	free(have);
	free(want);
	return rc;
}

static int put_units(struct strategy_import_result *res, struct store *s, const char *name,
		     const struct strategy_doc *doc, struct diag *d)
{
	bool *done = xcalloc(doc->nunits ? doc->nunits : 1, sizeof *done);
	size_t left = doc->nunits;
	char where[300];
	int rc = 0;

	/* Parents first: repeat passes, putting each unit whose parent is in
	 * the store; validation has ruled out unknown parents and cycles. */
	while (left > 0) {
		size_t progress = 0;

		for (size_t i = 0; i < doc->nunits; i++) {
			const struct unit *u = &doc->units[i];
			bool parent_pending = false;

			if (done[i])
				continue;
			for (size_t k = 0; u->parent && k < doc->nunits; k++)
				if (!done[k] && k != i && strcmp(doc->units[k].code, u->parent) == 0)
					parent_pending = true;
			if (parent_pending)
				continue;
			rc = store_unit_put(s, u);
			done[i] = true;
			left--;
			progress++;
			if (rc == 1) {
				res->units_existing++;
			} else if (rc == 0) {
				res->units_added++;
			} else if (rc == PEJL_ECONFLICT || rc == PEJL_ENOTFOUND) {
				snprintf(where, sizeof where, "%s: $.units[%zu]", name, i);
				diag_error(d, where, "%s", err_last());
			} else {
				goto out;
			}
		}
		if (!progress)
			break;
	}
	rc = 0;
out:
	free(done);
	return rc;
}

/* A strategy with goals computed from feedback: their figures from the
 * episodes there are (io/feedback_compute.h), in the import's transaction. */
static int compute_metric_goals(struct store *s, struct arena *a, const struct strategy *st, const char *actor)
{
	struct instrument_set set;
	struct fbcompute_result cr;
	struct diag d;
	bool any = false;
	long batch;
	int rc;

	for (size_t i = 0; i < st->npejlemaerker; i++)
		for (size_t j = 0; j < st->pejlemaerker[i].ngoals; j++)
			for (size_t v = 0; v < st->pejlemaerker[i].goals[j].nversions; v++)
				any |= st->pejlemaerker[i].goals[j].versions[v].metric != NULL;
	if (!any)
		return 0;
	diag_init(&d);
	rc = instrument_builtin(&set, a, &d);
	diag_free(&d);
	if (rc < 0 || (rc = store_batch_add(&batch, s, actor, "computed", "strategy import", NULL)) < 0 ||
	    (rc = feedback_compute_units(&cr, s, a, &set, NULL, batch)) < 0)
		return rc;
	return store_batch_finish(s, batch, (long)cr.cells, (long)cr.changed, 0);
}

int strategy_file_import(struct strategy_import_result *res, struct store *s, struct arena *a, const char *name,
			 const char *data, size_t len, const char *actor, bool dry_run, struct diag *d)
{
	struct strategy_doc *doc = NULL;
	struct unit *units;
	size_t nunits, nerr;
	const char **codes;
	char where[300];
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = store_unit_list(&units, &nunits, s, a)) < 0)
		return rc;
	codes = arena_calloc(a, nunits, sizeof *codes);
	for (size_t i = 0; i < nunits; i++)
		codes[i] = units[i].code;
	if ((rc = strategy_file_parse(&doc, a, name, data, len, codes, nunits, d)) < 0)
		return rc;
	res->code = doc->strategy.code;
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		res->ngoals += doc->strategy.pejlemaerker[i].ngoals;
	if ((rc = store_begin(s)) < 0)
		return rc;
	nerr = diag_errors(d);
	if ((rc = put_units(res, s, name, doc, d)) < 0)
		goto out;
	for (size_t i = 0; i < doc->ngroups; i++) {
		rc = store_group_put(s, &doc->groups[i]);
		if (rc == 1) {
			res->groups_existing++;
		} else if (rc == 0) {
			res->groups_added++;
		} else if (rc == PEJL_ECONFLICT) {
			snprintf(where, sizeof where, "%s: $.target_groups[%zu]", name, i);
			diag_error(d, where, "%s", err_last());
		} else {
			goto out;
		}
	}
	rc = store_strategy_insert(s, &doc->strategy);
	if (rc == PEJL_ECONFLICT) {
		rc = merge_existing(res, s, a, name, &doc->strategy, d);
	} else if (rc == 0) {
		res->created = true;
	}
	if (rc < 0 && rc != PEJL_EINPUT)
		goto out;
	if (diag_errors(d) > nerr) {
		rc = err_set(PEJL_EINPUT, "%s: %zu mistake%s; nothing was loaded", name, diag_errors(d) - nerr,
			     diag_errors(d) - nerr == 1 ? "" : "s");
		goto out;
	}
	if ((rc = store_audit(s, actor, "strategy.import", doc->strategy.code,
			      res->created ? "created" : "versions appended")) < 0 ||
	    (rc = compute_metric_goals(s, a, &doc->strategy, actor)) < 0)
		goto out;
	if (dry_run) {
		store_rollback(s);
		return 0;
	}
	return store_commit(s);
out:
	store_rollback(s);
	return rc;
}
