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

struct rd {
	struct arena *a;
	struct diag *d;
	const char *name;
	char path[512];
	size_t errors;
};

static void bad(struct rd *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reports a problem at the current path, or at its child `key`. */
static void bad(struct rd *r, const char *key, const char *fmt, ...)
{
	char where[700], msg[1024];
	va_list ap;

	snprintf(where, sizeof where, "%s: %s%s%s", r->name, r->path, key ? "." : "", key ? key : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(r->d, where, "%s", msg);
	r->errors++;
}

static size_t push(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t push(struct rd *r, const char *fmt, ...)
{
	size_t old = strlen(r->path);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->path + old, sizeof r->path - old, fmt, ap);
	va_end(ap);
	return old;
}

static void pop(struct rd *r, size_t old)
{
	r->path[old] = '\0';
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "true/false";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* Reports keys of obj not in allowed (NULL-terminated). */
static void check_keys(struct rd *r, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		bool ok = false;

		for (const char *const *k = allowed; *k; k++)
			if (strcmp(*k, key) == 0)
				ok = true;
		if (!ok) {
			char list[400] = "";

			for (const char *const *k = allowed; *k; k++) {
				strncat(list, *k, sizeof list - strlen(list) - 1);
				if (k[1])
					strncat(list, ", ", sizeof list - strlen(list) - 1);
			}
			bad(r, key, "unknown key (allowed here: %s)", list);
		}
	}
}

/* The value at key, NULL when absent or null; reports absence if required. */
static json_t *field(struct rd *r, json_t *obj, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);

	if (v && json_is_null(v))
		v = NULL;
	if (!v && required)
		bad(r, key, "is required");
	return v;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static char *text(struct rd *r, json_t *obj, const char *key, bool required, size_t max)
{
	json_t *v = field(r, obj, key, required);
	size_t len;

	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		bad(r, key, "must be a string, not %s", type_name(v));
		return NULL;
	}
	len = json_string_length(v);
	if (utf8_chars(json_string_value(v), len) > max) {
		bad(r, key, "is %zu characters long; at most %zu are allowed", utf8_chars(json_string_value(v), len),
		    max);
		return NULL;
	}
	if (strlen(json_string_value(v)) != len) {
		bad(r, key, "contains a NUL character");
		return NULL;
	}
	return arena_strndup(r->a, json_string_value(v), len);
}

static bool number(struct rd *r, json_t *obj, const char *key, bool required, double *out)
{
	json_t *v = field(r, obj, key, required);

	if (!v)
		return false;
	if (!json_is_number(v)) {
		bad(r, key, "must be a number, not %s", type_name(v));
		return false;
	}
	*out = json_number_value(v);
	return true;
}

static bool integer(struct rd *r, json_t *obj, const char *key, bool required, long min, long max, int *out)
{
	json_t *v = field(r, obj, key, required);
	json_int_t i;

	if (!v)
		return false;
	if (!json_is_integer(v)) {
		bad(r, key, "must be a whole number, not %s", json_is_real(v) ? "a fraction" : type_name(v));
		return false;
	}
	i = json_integer_value(v);
	if (i < min || i > max) {
		bad(r, key, "%lld is out of range %ld..%ld", (long long)i, min, max);
		return false;
	}
	*out = (int)i;
	return true;
}

static bool boolean(struct rd *r, json_t *obj, const char *key, bool *out)
{
	json_t *v = field(r, obj, key, false);

	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		bad(r, key, "must be true or false, not %s", type_name(v));
		return false;
	}
	*out = json_is_true(v);
	return true;
}

/* An enumeration field: parse with fn, list the choices on failure. */
#define ENUM_FIELD(r, obj, key, required, outp, parse, choices)                                                        \
	do {                                                                                                           \
		char *s_ = text(r, obj, key, required, 64);                                                            \
		if (s_ && !parse(outp, s_))                                                                            \
			bad(r, key, "\"%s\" is not one of: %s", s_, choices);                                          \
	} while (0)

static json_t *object(struct rd *r, json_t *obj, const char *key, bool required)
{
	json_t *v = field(r, obj, key, required);

	if (v && !json_is_object(v)) {
		bad(r, key, "must be an object, not %s", type_name(v));
		return NULL;
	}
	return v;
}

static json_t *array(struct rd *r, json_t *obj, const char *key, bool required)
{
	json_t *v = field(r, obj, key, required);

	if (v && !json_is_array(v)) {
		bad(r, key, "must be an array, not %s", type_name(v));
		return NULL;
	}
	return v;
}

/* Runs fn on each element of arr that is an object, with the path extended
 * by "[i]". */
#define EACH_OBJECT(r, arr, i, el, ...)                                                                               \
	for (size_t i = 0; arr && i < json_array_size(arr); i++) {                                                     \
		json_t *el = json_array_get(arr, i);                                                                   \
		size_t old_##i = push(r, "[%zu]", i);                                                                     \
		if (!json_is_object(el))                                                                               \
			bad(r, NULL, "must be an object, not %s", type_name(el));                                      \
		else {                                                                                                 \
			__VA_ARGS__                                                                                    \
		}                                                                                                      \
		pop(r, old_##i);                                                                                          \
	}

static const char *const version_keys[] = {
	"title", "title_en", "definition", "source", "owner", "measure", "rate_factor", "display_unit", "decimals",
	"direction", "sampling", "cadence", "baseline", "target", "tolerance", "version", NULL};
static const char *const goal_keys[] = {
	"code", "main", "history", "title", "title_en", "definition", "source", "owner", "measure", "rate_factor",
	"display_unit", "decimals", "direction", "sampling", "cadence", "baseline", "target", "tolerance", "version",
	NULL};

static void read_version(struct rd *r, json_t *o, struct goal_version *v)
{
	json_t *x;
	size_t old;

	v->title = text(r, o, "title", true, TEXT_MAX);
	v->title_en = text(r, o, "title_en", false, TEXT_MAX);
	v->definition = text(r, o, "definition", true, LONG_TEXT_MAX);
	v->source = text(r, o, "source", false, TEXT_MAX);
	v->owner = text(r, o, "owner", false, 64);
	ENUM_FIELD(r, o, "measure", true, &v->measure, measure_parse, "count, proportion, rate, mean");
	number(r, o, "rate_factor", v->measure == MEASURE_RATE, &v->rate_factor);
	v->display_unit = text(r, o, "display_unit", false, 64);
	v->decimals = v->measure == MEASURE_COUNT ? 0 : 1;
	integer(r, o, "decimals", false, 0, 6, &v->decimals);
	ENUM_FIELD(r, o, "direction", true, &v->direction, direction_parse, "up, down");
	ENUM_FIELD(r, o, "sampling", true, &v->sampling, sampling_parse, "census, sample");
	ENUM_FIELD(r, o, "cadence", true, &v->cadence, cadence_parse,
		   "yearly, biennial, quarterly, monthly, school_year");
	if ((x = object(r, o, "baseline", false))) {
		static const char *const keys[] = {"period", "value", NULL};

		old = push(r, ".baseline");
		check_keys(r, x, keys);
		v->baseline_period = text(r, x, "period", true, 16);
		v->has_baseline = number(r, x, "value", true, &v->baseline_value) && v->baseline_period;
		pop(r, old);
	}
	v->target_kind = TARGET_NONE;
	if ((x = object(r, o, "target", false))) {
		static const char *const keys[] = {"kind", "value", "period", NULL};

		old = push(r, ".target");
		check_keys(r, x, keys);
		ENUM_FIELD(r, x, "kind", true, &v->target_kind, target_kind_parse,
			   "level, delta, percent, max, min, none");
		if (v->target_kind == TARGET_NONE) {
			if (json_object_get(x, "value") && !json_is_null(json_object_get(x, "value")))
				bad(r, "value", "a target of kind none has no value");
			if (json_object_get(x, "period") && !json_is_null(json_object_get(x, "period")))
				bad(r, "period", "a target of kind none has no period");
		} else {
			number(r, x, "value", true, &v->target_value);
			v->target_period = text(r, x, "period", true, 16);
		}
		pop(r, old);
	}
	v->tolerance = 0;
	number(r, o, "tolerance", false, &v->tolerance);
	if ((x = object(r, o, "version", true))) {
		static const char *const keys[] = {"date", "decision", "note", NULL};

		old = push(r, ".version");
		check_keys(r, x, keys);
		v->date = text(r, x, "date", true, 16);
		v->decision = text(r, x, "decision", false, TEXT_MAX);
		v->note = text(r, x, "note", false, TEXT_MAX);
		pop(r, old);
	}
}

static void read_goal(struct rd *r, json_t *o, struct goal *g)
{
	json_t *hist;
	size_t nh;

	check_keys(r, o, goal_keys);
	g->code = text(r, o, "code", true, 16);
	boolean(r, o, "main", &g->main);
	hist = array(r, o, "history", false);
	nh = hist ? json_array_size(hist) : 0;
	g->nversions = nh + 1;
	g->versions = arena_calloc(r->a, g->nversions, sizeof *g->versions);
	{
		size_t old = push(r, ".history");

		EACH_OBJECT(r, hist, i, el, {
			check_keys(r, el, version_keys);
			read_version(r, el, &g->versions[i]);
		})
		pop(r, old);
	}
	read_version(r, o, &g->versions[nh]);
}

static void read_strategy(struct rd *r, json_t *o, struct strategy *st)
{
	static const char *const keys[] = {"code", "name", "name_en", "valid_from", "valid_to", "decision",
					   "description", "principles", "pejlemaerker", NULL};
	json_t *x, *arr;
	size_t old;

	check_keys(r, o, keys);
	st->code = text(r, o, "code", true, 64);
	st->name = text(r, o, "name", true, TEXT_MAX);
	st->name_en = text(r, o, "name_en", false, TEXT_MAX);
	st->description = text(r, o, "description", false, LONG_TEXT_MAX);
	integer(r, o, "valid_from", true, 1900, 2199, &st->valid_from);
	integer(r, o, "valid_to", true, 1900, 2199, &st->valid_to);
	if ((x = object(r, o, "decision", false))) {
		static const char *const dkeys[] = {"date", "body", "case", NULL};

		old = push(r, ".decision");
		check_keys(r, x, dkeys);
		st->decision_date = text(r, x, "date", false, 16);
		st->decision_body = text(r, x, "body", false, TEXT_MAX);
		st->decision_case = text(r, x, "case", false, 64);
		pop(r, old);
	}
	if ((arr = array(r, o, "principles", false))) {
		st->nprinciples = json_array_size(arr);
		st->principles = arena_calloc(r->a, st->nprinciples, sizeof *st->principles);
	}
	old = push(r, ".principles");
	EACH_OBJECT(r, arr, i, el, {
		static const char *const pkeys[] = {"number", "title", "title_en", "description", "commitments", NULL};
		struct principle *p = &st->principles[i];
		json_t *carr;

		check_keys(r, el, pkeys);
		integer(r, el, "number", true, 1, 99, &p->number);
		p->title = text(r, el, "title", true, TEXT_MAX);
		p->title_en = text(r, el, "title_en", false, TEXT_MAX);
		p->description = text(r, el, "description", false, LONG_TEXT_MAX);
		if ((carr = array(r, el, "commitments", false))) {
			size_t cold = push(r, ".commitments");

			p->ncommitments = json_array_size(carr);
			p->commitments = arena_calloc(r->a, p->ncommitments, sizeof *p->commitments);
			EACH_OBJECT(r, carr, j, c, {
				static const char *const ckeys[] = {"code", "text", NULL};

				check_keys(r, c, ckeys);
				p->commitments[j].code = text(r, c, "code", true, 16);
				p->commitments[j].text = text(r, c, "text", true, TEXT_MAX);
			})
			pop(r, cold);
		}
	})
	pop(r, old);
	if ((arr = array(r, o, "pejlemaerker", true))) {
		st->npejlemaerker = json_array_size(arr);
		st->pejlemaerker = arena_calloc(r->a, st->npejlemaerker, sizeof *st->pejlemaerker);
	}
	old = push(r, ".pejlemaerker");
	EACH_OBJECT(r, arr, i, el, {
		static const char *const pkeys[] = {"number", "title", "title_en", "description", "goals", NULL};
		struct pejlemaerke *pm = &st->pejlemaerker[i];
		json_t *garr;

		check_keys(r, el, pkeys);
		integer(r, el, "number", true, 1, 99, &pm->number);
		pm->title = text(r, el, "title", true, TEXT_MAX);
		pm->title_en = text(r, el, "title_en", false, TEXT_MAX);
		pm->description = text(r, el, "description", false, LONG_TEXT_MAX);
		if ((garr = array(r, el, "goals", true))) {
			size_t gold = push(r, ".goals");

			pm->ngoals = json_array_size(garr);
			pm->goals = arena_calloc(r->a, pm->ngoals, sizeof *pm->goals);
			EACH_OBJECT(r, garr, j, g, { read_goal(r, g, &pm->goals[j]); })
			pop(r, gold);
		}
	})
	pop(r, old);
}

static void read_units(struct rd *r, json_t *root, struct strategy_doc *doc)
{
	json_t *arr = array(r, root, "units", false);
	size_t old;

	if (!arr)
		return;
	doc->nunits = json_array_size(arr);
	doc->units = arena_calloc(r->a, doc->nunits, sizeof *doc->units);
	old = push(r, ".units");
	EACH_OBJECT(r, arr, i, el, {
		static const char *const keys[] = {"code", "name", "kind", "parent", "valid_from", "valid_to", NULL};
		struct unit *u = &doc->units[i];

		check_keys(r, el, keys);
		u->code = text(r, el, "code", true, 64);
		u->name = text(r, el, "name", true, TEXT_MAX);
		ENUM_FIELD(r, el, "kind", true, &u->kind, unit_kind_parse,
			   "administration, citizen_centre, centre_community, centre, service");
		u->parent = text(r, el, "parent", false, 64);
		u->valid_from = text(r, el, "valid_from", true, 16);
		u->valid_to = text(r, el, "valid_to", false, 16);
	})
	pop(r, old);
}

static void read_groups(struct rd *r, json_t *root, struct strategy_doc *doc)
{
	json_t *arr = array(r, root, "target_groups", false);
	size_t old;

	if (!arr)
		return;
	doc->ngroups = json_array_size(arr);
	doc->groups = arena_calloc(r->a, doc->ngroups, sizeof *doc->groups);
	old = push(r, ".target_groups");
	EACH_OBJECT(r, arr, i, el, {
		static const char *const keys[] = {"code", "name", "name_en", NULL};
		struct target_group *g = &doc->groups[i];

		check_keys(r, el, keys);
		g->code = text(r, el, "code", true, 64);
		g->name = text(r, el, "name", true, TEXT_MAX);
		g->name_en = text(r, el, "name_en", false, TEXT_MAX);
	})
	pop(r, old);
}

int strategy_file_parse(struct strategy_doc **out, struct arena *a, const char *name, const char *data, size_t len,
			const char *const *extra_units, size_t nextra, struct diag *d)
{
	struct rd r = {.a = a, .d = d, .name = name, .path = "$", .errors = 0};
	size_t first = d->n;
	struct strategy_doc *doc = arena_calloc(a, 1, sizeof *doc);
	json_error_t jerr;
	json_t *root, *st;
	const char *fmt;
	char where[600];

	if (len > STRATEGY_FILE_MAX) {
		diag_error(d, name, "the file is %zu bytes; at most %u are accepted", len, STRATEGY_FILE_MAX);
		return err_set(PEJL_EINPUT, "%s: too large", name);
	}
	/* JSON_ALLOW_NUL so a \u0000 reaches text(), which names its path */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		snprintf(where, sizeof where, "%s:%d:%d", name, jerr.line, jerr.column);
		diag_error(d, where, "not valid JSON: %s", jerr.text);
		return err_set(PEJL_EINPUT, "%s: not valid JSON", name);
	}
	if (!json_is_object(root)) {
		bad(&r, NULL, "the file must hold one JSON object, not %s", type_name(root));
		goto out;
	}
	{
		static const char *const keys[] = {"format", "strategy", "units", "target_groups", NULL};

		check_keys(&r, root, keys);
	}
	fmt = json_string_value(json_object_get(root, "format"));
	if (!fmt || strcmp(fmt, FORMAT_ID) != 0)
		bad(&r, "format", "must be \"%s\" (this is not a pejl strategy file, or a newer version)", FORMAT_ID);
	if ((st = object(&r, root, "strategy", true))) {
		size_t old = push(&r, ".strategy");

		read_strategy(&r, st, &doc->strategy);
		pop(&r, old);
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
	}
out:
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
			      res->created ? "created" : "versions appended")) < 0)
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
