/*
 * instrument_file.c — reading and writing the instrument file (see
 * instrument_file.h and docs/instrument-file.md), and the built-in files.
 *
 * The reader walks the jansson tree with a path kept in a fixed buffer
 * ("$.items[2].name.en"), records every problem in the diag and carries on,
 * so one run reports all mistakes; then instrument_prepare checks the
 * model's rules. The small JSON helpers follow strategy_file.c (they are
 * file-local there; a shared module for both readers is a later cleanup).
 */
#include "io/instrument_file.h"

#include "io/jsonr.h"

#include "io/jsonw.h"
#include "util/err.h"

#include <jansson.h>
#include <pthread.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define NAME_MAX_CHARS 200
#define NOTE_MAX_CHARS 4000

/* A text field that must not be empty (a blank name or code says nothing). */
static char *text(struct jsonr *r, json_t *obj, const char *key, bool required, size_t max)
{
	char *t = jsonr_text(r, obj, key, required, max);

	if (t && strspn(t, " \t\r\n") == strlen(t)) {
		jsonr_bad(r, key, "must not be empty");
		return NULL;
	}
	return t;
}

/* --- pieces ------------------------------------------------------------------- */

/* {"da": …, "en": …} at key, both required. */
static void names(struct jsonr *r, json_t *obj, const char *key, const char **da, const char **en)
{
	static const char *const keys[] = {"da", "en", NULL};
	json_t *o = jsonr_object(r, obj, key, true);
	size_t old;

	if (!o)
		return;
	old = jsonr_push(r, ".%s", key);
	jsonr_check_keys(r, o, keys);
	*da = text(r, o, "da", true, NAME_MAX_CHARS);
	*en = text(r, o, "en", true, NAME_MAX_CHARS);
	jsonr_pop(r, old);
}

/* A step of 1 or 1/n as raw units per point; 0 when it is not one. */
static int per_point_of(double step)
{
	double inv;
	long n;

	if (!(step > 0) || step > 1)
		return 0;
	inv = 1.0 / step;
	n = lround(inv);
	if (n < 1 || n > INSTRUMENT_MAX_PER_POINT || fabs((double)n * step - 1.0) > 1e-9)
		return 0;
	return (int)n;
}

struct scale {
	bool has_min, has_max, has_step;
	double min, max;
	int per_point; /* 0: not given */
};

/* Reads min, max and step of obj into sc (keeping what sc has for keys
 * that are absent). */
static void read_scale(struct jsonr *r, json_t *obj, struct scale *sc)
{
	double step;

	if (jsonr_number(r, obj, "min", false, &sc->min))
		sc->has_min = true;
	if (jsonr_number(r, obj, "max", false, &sc->max))
		sc->has_max = true;
	if (jsonr_field(r, obj, "step", false))
		sc->has_step = true; /* even when it is wrong: reported once, here */
	if (jsonr_number(r, obj, "step", false, &step)) {
		int pp = per_point_of(step);

		if (pp == 0)
			jsonr_bad(r, "step", "%g must be 1 or 1/n for a whole n up to %d (such as 0.1, 0.5 or 1)", step,
			    INSTRUMENT_MAX_PER_POINT);
		else
			sc->per_point = pp;
	}
}

/* A bound in points as raw units of per_point; false (reported at key when
 * report is set) when it is not a multiple of the step. */
static bool raw_of(struct jsonr *r, const char *key, double v, int per_point, bool report, int *out)
{
	double scaled = v * per_point;
	long n;

	if (fabs(scaled) > 1e6) {
		if (report)
			jsonr_bad(r, key, "%g is too large", v);
		return false;
	}
	n = lround(scaled);
	if (fabs(scaled - (double)n) > 1e-6) {
		if (report)
			jsonr_bad(r, key, "%g is not a multiple of the step %g", v, 1.0 / per_point);
		return false;
	}
	*out = (int)n;
	return true;
}

static void read_item(struct jsonr *r, json_t *o, const struct scale *def, struct instrument_item *it)
{
	static const char *const keys[] = {"code", "name", "min", "max", "step", "reverse", NULL};
	struct scale sc = *def;
	bool own_step, own_min, own_max;

	jsonr_check_keys(r, o, keys);
	it->code = text(r, o, "code", true, 32);
	names(r, o, "name", &it->name_da, &it->name_en);
	own_min = jsonr_field(r, o, "min", false) != NULL;
	own_max = jsonr_field(r, o, "max", false) != NULL;
	own_step = jsonr_field(r, o, "step", false) != NULL;
	read_scale(r, o, &sc);
	jsonr_boolean(r, o, "reverse", false, &it->reverse);
	if (!sc.has_min)
		jsonr_bad(r, "min", "is required (here or in $.scale)");
	if (!sc.has_max)
		jsonr_bad(r, "max", "is required (here or in $.scale)");
	if (sc.per_point == 0 && !own_step && !def->has_step)
		jsonr_bad(r, "step", "is required (here or in $.scale)");
	it->per_point = 0; /* until the range is known: instrument_prepare skips it */
	if (sc.per_point == 0 || !sc.has_min || !sc.has_max)
		return;
	/* A bound from $.scale that does not fit the scale's own step was
	 * reported there; one that does not fit the item's step is the
	 * item's mistake. */
	if (!raw_of(r, "min", sc.min, sc.per_point, own_min || own_step, &it->min) ||
	    !raw_of(r, "max", sc.max, sc.per_point, own_max || own_step, &it->max))
		return;
	it->per_point = sc.per_point;
}

/* "proration": "none" or {"min_answered": N}; 0 for none. */
static void read_proration(struct jsonr *r, json_t *obj, size_t *out)
{
	json_t *v = jsonr_field(r, obj, "proration", false);

	*out = 0;
	if (!v)
		return;
	if (json_is_string(v)) {
		if (strcmp(json_string_value(v), "none") != 0)
			jsonr_bad(r, "proration", "must be \"none\" or {\"min_answered\": N}");
		return;
	}
	if (!json_is_object(v)) {
		jsonr_bad(r, "proration", "must be \"none\" or {\"min_answered\": N}, not %s", jsonr_type_name(v));
		return;
	}
	{
		static const char *const keys[] = {"min_answered", NULL};
		size_t old = jsonr_push(r, ".proration");
		long n = 0;

		jsonr_check_keys(r, v, keys);
		if (jsonr_integer(r, v, "min_answered", true, 1, INSTRUMENT_MAX_ITEMS, &n))
			*out = (size_t)n;
		jsonr_pop(r, old);
	}
}

static void read_total(struct jsonr *r, json_t *root, struct instrument *in)
{
	static const char *const keys[] = {"rule", "factor", "proration", "decimals", NULL};
	json_t *o = jsonr_object(r, root, "total", true);
	size_t old;
	long dec = 1;

	in->total.factor = 1;
	in->total.decimals = 1;
	if (!o)
		return;
	old = jsonr_push(r, ".total");
	jsonr_check_keys(r, o, keys);
	JSONR_ENUM(r, o, "rule", true, &in->total.rule, total_rule_parse, "sum, mean");
	jsonr_number(r, o, "factor", false, &in->total.factor);
	read_proration(r, o, &in->total.min_answered);
	if (jsonr_integer(r, o, "decimals", false, 0, 6, &dec))
		in->total.decimals = (int)dec;
	jsonr_pop(r, old);
}

static void read_subscales(struct jsonr *r, json_t *root, struct instrument *in)
{
	json_t *arr = jsonr_array(r, root, "subscales", false);
	size_t old;

	if (!arr)
		return;
	in->nsubscales = json_array_size(arr);
	in->subscales = arena_calloc(r->a, in->nsubscales ? in->nsubscales : 1, sizeof *in->subscales);
	old = jsonr_push(r, ".subscales");
	for (size_t i = 0; i < in->nsubscales; i++) {
		static const char *const keys[] = {"code", "name", "items", "rule", "factor", "proration", NULL};
		struct instrument_subscale *sub = &in->subscales[i];
		json_t *el = json_array_get(arr, i), *items;
		size_t iold = jsonr_push(r, "[%zu]", i);

		sub->factor = 1;
		if (!json_is_object(el)) {
			jsonr_bad(r, NULL, "must be an object, not %s", jsonr_type_name(el));
			jsonr_pop(r, iold);
			continue;
		}
		jsonr_check_keys(r, el, keys);
		sub->code = text(r, el, "code", true, 32);
		names(r, el, "name", &sub->name_da, &sub->name_en);
		JSONR_ENUM(r, el, "rule", true, &sub->rule, total_rule_parse, "sum, mean");
		jsonr_number(r, el, "factor", false, &sub->factor);
		read_proration(r, el, &sub->min_answered);
		if ((items = jsonr_array(r, el, "items", true))) {
			sub->nitems = json_array_size(items);
			sub->item_codes = arena_calloc(r->a, sub->nitems ? sub->nitems : 1, sizeof *sub->item_codes);
			sub->items = arena_calloc(r->a, sub->nitems ? sub->nitems : 1, sizeof *sub->items);
			for (size_t k = 0; k < sub->nitems; k++) {
				json_t *c = json_array_get(items, k);

				if (!json_is_string(c) || json_string_length(c) == 0 ||
				    strlen(json_string_value(c)) != json_string_length(c))
					jsonr_bad(r, NULL, "items[%zu] must be an item code", k);
				else
					sub->item_codes[k] = arena_strdup(r->a, json_string_value(c));
			}
		}
		jsonr_pop(r, iold);
	}
	jsonr_pop(r, old);
}

static void read_bands(struct jsonr *r, json_t *root, struct instrument *in)
{
	json_t *arr = jsonr_array(r, root, "bands", false);
	size_t old;

	if (!arr)
		return;
	in->nbands = json_array_size(arr);
	in->bands = arena_calloc(r->a, in->nbands ? in->nbands : 1, sizeof *in->bands);
	old = jsonr_push(r, ".bands");
	for (size_t i = 0; i < in->nbands; i++) {
		static const char *const keys[] = {"age_band",        "scored", "cutoff", "cutoff_inclusive",
						   "reliable_change", "note",   NULL};
		struct instrument_band *b = &in->bands[i];
		json_t *el = json_array_get(arr, i);
		size_t iold = jsonr_push(r, "[%zu]", i);

		b->scored = true;
		if (!json_is_object(el)) {
			jsonr_bad(r, NULL, "must be an object, not %s", jsonr_type_name(el));
			jsonr_pop(r, iold);
			continue;
		}
		jsonr_check_keys(r, el, keys);
		JSONR_ENUM(r, el, "age_band", true, &b->band, age_band_parse, "under6, child, adolescent, adult");
		jsonr_boolean(r, el, "scored", false, &b->scored);
		b->has_cutoff = jsonr_number(r, el, "cutoff", false, &b->cutoff);
		jsonr_boolean(r, el, "cutoff_inclusive", false, &b->cutoff_inclusive);
		if (b->cutoff_inclusive && !b->has_cutoff)
			jsonr_bad(r, "cutoff_inclusive", "needs a cutoff");
		b->has_rci = jsonr_number(r, el, "reliable_change", false, &b->rci);
		b->note = text(r, el, "note", false, NOTE_MAX_CHARS);
		jsonr_pop(r, iold);
	}
	jsonr_pop(r, old);
}

static void read_alerts(struct jsonr *r, json_t *root, struct instrument_alerts *al)
{
	static const char *const keys[] = {"below", "drop", "no_change", "no_reliable_improvement",
					   "reliable_deterioration", NULL};
	json_t *o = jsonr_object(r, root, "alerts", false), *x;
	size_t old;
	long n;

	if (!o)
		return;
	old = jsonr_push(r, ".alerts");
	jsonr_check_keys(r, o, keys);
	al->has_below = jsonr_number(r, o, "below", false, &al->below);
	al->has_drop = jsonr_number(r, o, "drop", false, &al->drop);
	if ((x = jsonr_object(r, o, "no_change", false))) {
		static const char *const k2[] = {"session", "max_change", NULL};
		size_t o2 = jsonr_push(r, ".no_change");

		jsonr_check_keys(r, x, k2);
		al->has_no_change = true;
		if (jsonr_integer(r, x, "session", true, 1, 1000, &n))
			al->no_change_session = (int)n;
		jsonr_number(r, x, "max_change", true, &al->no_change_max);
		jsonr_pop(r, o2);
	}
	if ((x = jsonr_object(r, o, "no_reliable_improvement", false))) {
		static const char *const k2[] = {"session", NULL};
		size_t o2 = jsonr_push(r, ".no_reliable_improvement");

		jsonr_check_keys(r, x, k2);
		al->has_no_improvement = true;
		if (jsonr_integer(r, x, "session", true, 1, 1000, &n))
			al->no_improvement_session = (int)n;
		jsonr_pop(r, o2);
	}
	jsonr_boolean(r, o, "reliable_deterioration", false, &al->deterioration);
	jsonr_pop(r, old);
}

static void read_trajectory(struct jsonr *r, json_t *root, struct instrument_trajectory *t)
{
	static const char *const keys[] = {"intake_band", "min_episodes", "min_per_session", NULL};
	json_t *o = jsonr_object(r, root, "trajectory", false);
	size_t old;
	long n;

	if (!o)
		return;
	old = jsonr_push(r, ".trajectory");
	jsonr_check_keys(r, o, keys);
	t->enabled = true;
	t->min_episodes = 30;
	jsonr_number(r, o, "intake_band", true, &t->intake_band);
	if (jsonr_integer(r, o, "min_episodes", false, 1, 1000000, &n))
		t->min_episodes = (unsigned)n;
	t->min_per_session = t->min_episodes;
	if (jsonr_integer(r, o, "min_per_session", false, 1, 1000000, &n))
		t->min_per_session = (unsigned)n;
	jsonr_pop(r, old);
}

int instrument_file_parse(struct instrument **out, struct arena *a, const char *name, const char *data, size_t len,
			  struct diag *d)
{
	static const char *const keys[] = {"format", "code",  "name",      "kind",  "pair",   "note",
					   "higher_is_better", "scale", "items", "subscales", "total", "bands",
					   "alerts", "trajectory", NULL};
	struct jsonr r = {.a = a, .d = d, .name = name, .path = "$", .errors = 0};
	struct instrument *in = arena_calloc(a, 1, sizeof *in);
	struct scale def = {0};
	json_t *root, *x;

	if (!(root = jsonr_open(&r, data, len, INSTRUMENT_FILE_MAX, INSTRUMENT_FILE_FORMAT, "instrument", keys)))
		return PEJL_EINPUT;
	in->code = text(&r, root, "code", true, 16);
	names(&r, root, "name", &in->name_da, &in->name_en);
	JSONR_ENUM(&r, root, "kind", true, &in->kind, instrument_kind_parse,
		   "outcome, alliance, wellbeing, satisfaction");
	in->pair = text(&r, root, "pair", false, 16);
	in->note = text(&r, root, "note", false, NOTE_MAX_CHARS);
	jsonr_boolean(&r, root, "higher_is_better", true, &in->higher_is_better);
	if ((x = jsonr_object(&r, root, "scale", false))) {
		static const char *const skeys[] = {"min", "max", "step", NULL};
		size_t old = jsonr_push(&r, ".scale");

		jsonr_check_keys(&r, x, skeys);
		read_scale(&r, x, &def);
		if (def.per_point && def.has_min)
			raw_of(&r, "min", def.min, def.per_point, true, &(int){0});
		if (def.per_point && def.has_max)
			raw_of(&r, "max", def.max, def.per_point, true, &(int){0});
		jsonr_pop(&r, old);
	}
	if ((x = jsonr_array(&r, root, "items", true))) {
		size_t old = jsonr_push(&r, ".items");

		in->nitems = json_array_size(x);
		in->items = arena_calloc(a, in->nitems ? in->nitems : 1, sizeof *in->items);
		for (size_t i = 0; i < in->nitems; i++) {
			json_t *el = json_array_get(x, i);
			size_t iold = jsonr_push(&r, "[%zu]", i);

			if (!json_is_object(el))
				jsonr_bad(&r, NULL, "must be an object, not %s", jsonr_type_name(el));
			else
				read_item(&r, el, &def, &in->items[i]);
			jsonr_pop(&r, iold);
		}
		jsonr_pop(&r, old);
	}
	read_subscales(&r, root, in);
	read_total(&r, root, in);
	read_bands(&r, root, in);
	read_alerts(&r, root, &in->alerts);
	read_trajectory(&r, root, &in->trajectory);
	/* The model's rules need whole items and subscales; with shape
	 * mistakes they would only repeat them. */
	if (r.errors == 0)
		r.errors += instrument_prepare(in, name, d);
	json_decref(root);
	if (r.errors)
		return err_set(PEJL_EINPUT, "%s: %zu mistake%s", name, r.errors, r.errors == 1 ? "" : "s");
	*out = in;
	return 0;
}

/* --- writing ---------------------------------------------------------------- */

static void kstr_opt(struct jsonw *w, const char *k, const char *s)
{
	if (s)
		jsonw_kstr(w, k, s);
}

static void write_names(struct jsonw *w, const char *da, const char *en)
{
	jsonw_key(w, "name");
	jsonw_obj_begin(w);
	jsonw_kstr(w, "da", da);
	jsonw_kstr(w, "en", en);
	jsonw_obj_end(w);
}

static void write_proration(struct jsonw *w, size_t min_answered)
{
	if (min_answered == 0) {
		jsonw_kstr(w, "proration", "none");
		return;
	}
	jsonw_key(w, "proration");
	jsonw_obj_begin(w);
	jsonw_kint(w, "min_answered", (int64_t)min_answered);
	jsonw_obj_end(w);
}

static void write_scale(struct jsonw *w, const struct instrument_item *it)
{
	jsonw_knum(w, "min", instrument_item_points(it, it->min));
	jsonw_knum(w, "max", instrument_item_points(it, it->max));
	jsonw_knum(w, "step", 1.0 / it->per_point);
}

void instrument_file_write(struct buf *b, const struct instrument *in)
{
	const struct instrument_item *first = in->nitems ? &in->items[0] : NULL;
	const struct instrument_alerts *al = &in->alerts;
	struct jsonw w;

	jsonw_init(&w, b, true);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "format", INSTRUMENT_FILE_FORMAT);
	jsonw_kstr(&w, "code", in->code);
	write_names(&w, in->name_da, in->name_en);
	jsonw_kstr(&w, "kind", instrument_kind_name(in->kind));
	kstr_opt(&w, "pair", in->pair);
	kstr_opt(&w, "note", in->note);
	jsonw_kbool(&w, "higher_is_better", in->higher_is_better);
	if (first) {
		jsonw_key(&w, "scale");
		jsonw_obj_begin(&w);
		write_scale(&w, first);
		jsonw_obj_end(&w);
	}
	jsonw_key(&w, "items");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < in->nitems; i++) {
		const struct instrument_item *it = &in->items[i];

		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "code", it->code);
		write_names(&w, it->name_da, it->name_en);
		if (it->per_point != first->per_point) {
			write_scale(&w, it);
		} else {
			if (it->min != first->min)
				jsonw_knum(&w, "min", instrument_item_points(it, it->min));
			if (it->max != first->max)
				jsonw_knum(&w, "max", instrument_item_points(it, it->max));
		}
		if (it->reverse)
			jsonw_kbool(&w, "reverse", true);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	if (in->nsubscales) {
		jsonw_key(&w, "subscales");
		jsonw_arr_begin(&w);
		for (size_t s = 0; s < in->nsubscales; s++) {
			const struct instrument_subscale *sub = &in->subscales[s];

			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", sub->code);
			write_names(&w, sub->name_da, sub->name_en);
			jsonw_key(&w, "items");
			jsonw_arr_begin(&w);
			for (size_t k = 0; k < sub->nitems; k++)
				jsonw_str(&w, sub->item_codes[k]);
			jsonw_arr_end(&w);
			jsonw_kstr(&w, "rule", total_rule_name(sub->rule));
			jsonw_knum(&w, "factor", sub->factor);
			write_proration(&w, sub->min_answered);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
	}
	jsonw_key(&w, "total");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "rule", total_rule_name(in->total.rule));
	jsonw_knum(&w, "factor", in->total.factor);
	write_proration(&w, in->total.min_answered);
	jsonw_kint(&w, "decimals", in->total.decimals);
	jsonw_obj_end(&w);
	if (in->nbands) {
		jsonw_key(&w, "bands");
		jsonw_arr_begin(&w);
		for (size_t i = 0; i < in->nbands; i++) {
			const struct instrument_band *bd = &in->bands[i];

			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "age_band", age_band_name(bd->band));
			if (!bd->scored)
				jsonw_kbool(&w, "scored", false);
			if (bd->has_cutoff)
				jsonw_knum(&w, "cutoff", bd->cutoff);
			if (bd->cutoff_inclusive)
				jsonw_kbool(&w, "cutoff_inclusive", true);
			if (bd->has_rci)
				jsonw_knum(&w, "reliable_change", bd->rci);
			kstr_opt(&w, "note", bd->note);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
	}
	if (al->has_below || al->has_drop || al->has_no_change || al->has_no_improvement || al->deterioration) {
		jsonw_key(&w, "alerts");
		jsonw_obj_begin(&w);
		if (al->has_below)
			jsonw_knum(&w, "below", al->below);
		if (al->has_drop)
			jsonw_knum(&w, "drop", al->drop);
		if (al->has_no_change) {
			jsonw_key(&w, "no_change");
			jsonw_obj_begin(&w);
			jsonw_kint(&w, "session", al->no_change_session);
			jsonw_knum(&w, "max_change", al->no_change_max);
			jsonw_obj_end(&w);
		}
		if (al->has_no_improvement) {
			jsonw_key(&w, "no_reliable_improvement");
			jsonw_obj_begin(&w);
			jsonw_kint(&w, "session", al->no_improvement_session);
			jsonw_obj_end(&w);
		}
		if (al->deterioration)
			jsonw_kbool(&w, "reliable_deterioration", true);
		jsonw_obj_end(&w);
	}
	if (in->trajectory.enabled) {
		jsonw_key(&w, "trajectory");
		jsonw_obj_begin(&w);
		jsonw_knum(&w, "intake_band", in->trajectory.intake_band);
		jsonw_kint(&w, "min_episodes", in->trajectory.min_episodes);
		jsonw_kint(&w, "min_per_session", in->trajectory.min_per_session);
		jsonw_obj_end(&w);
	}
	jsonw_obj_end(&w);
}

/* --- built-in files --------------------------------------------------------- */

extern const char pejl_instrument_ors[], pejl_instrument_ors_end[];
extern const char pejl_instrument_srs[], pejl_instrument_srs_end[];
extern const char pejl_instrument_cors[], pejl_instrument_cors_end[];
extern const char pejl_instrument_csrs[], pejl_instrument_csrs_end[];
extern const char pejl_instrument_who5[], pejl_instrument_who5_end[];
extern const char pejl_instrument_satisfaction[], pejl_instrument_satisfaction_end[];

size_t instrument_builtin_files(struct instrument_builtin_file *out, size_t max)
{
	static const struct {
		const char *name;
		const char *start, *end;
	} files[INSTRUMENT_BUILTIN_COUNT] = {
	    {"data/instruments/ors.json", pejl_instrument_ors, pejl_instrument_ors_end},
	    {"data/instruments/srs.json", pejl_instrument_srs, pejl_instrument_srs_end},
	    {"data/instruments/cors.json", pejl_instrument_cors, pejl_instrument_cors_end},
	    {"data/instruments/csrs.json", pejl_instrument_csrs, pejl_instrument_csrs_end},
	    {"data/instruments/who5.json", pejl_instrument_who5, pejl_instrument_who5_end},
	    {"data/instruments/satisfaction.json", pejl_instrument_satisfaction, pejl_instrument_satisfaction_end},
	};

	for (size_t i = 0; i < INSTRUMENT_BUILTIN_COUNT && i < max; i++) {
		out[i].name = files[i].name;
		out[i].data = files[i].start;
		out[i].len = (size_t)(files[i].end - files[i].start);
	}
	return INSTRUMENT_BUILTIN_COUNT;
}

/* The built-in set is parsed once per process and shared (it never
 * changes): a server parses it for its first request only. */
static pthread_mutex_t builtin_mu = PTHREAD_MUTEX_INITIALIZER;
static struct arena *builtin_arena;
static struct instrument_set builtin_set;

static int builtin_parse(struct instrument_set *out, struct arena *a, struct diag *d);

int instrument_builtin(struct instrument_set *out, struct arena *a, struct diag *d)
{
	int rc = 0;

	(void)a;
	pthread_mutex_lock(&builtin_mu);
	if (!builtin_arena) {
		struct arena *na = arena_new();

		if ((rc = builtin_parse(&builtin_set, na, d)) == 0)
			builtin_arena = na;
		else
			arena_free(na);
	}
	if (rc == 0)
		*out = builtin_set;
	pthread_mutex_unlock(&builtin_mu);
	return rc;
}

static int builtin_parse(struct instrument_set *out, struct arena *a, struct diag *d)
{
	struct instrument_builtin_file files[INSTRUMENT_BUILTIN_COUNT];
	size_t n = instrument_builtin_files(files, INSTRUMENT_BUILTIN_COUNT);
	const struct instrument **list = arena_calloc(a, n, sizeof *list);
	const char **fnames = arena_calloc(a, n, sizeof *fnames);
	struct instrument_set set = {list, 0};
	size_t bad_files = 0;

	for (size_t i = 0; i < n; i++) {
		struct instrument *in = NULL;

		if (instrument_file_parse(&in, a, files[i].name, files[i].data, files[i].len, d) < 0) {
			bad_files++;
			continue;
		}
		fnames[set.n] = files[i].name;
		list[set.n++] = in;
	}
	if (bad_files || instrument_set_validate(&set, fnames, d) > 0)
		return err_set(PEJL_EINPUT, "the built-in instruments do not load (%zu file%s)", bad_files,
			       bad_files == 1 ? "" : "s");
	*out = set;
	return 0;
}
