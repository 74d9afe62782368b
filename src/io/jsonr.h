/*
 * jsonr.h — reading a JSON document (jansson) against a format and
 * reporting every mistake with its JSON path ("$.strategy.goals[1].title")
 * into a struct diag, without stopping at the first. Used by the readers of
 * the strategy file and the instrument files.
 *
 * A reader keeps its current path in a struct jsonr; jsonr_push extends it
 * ("[2]", ".target") and jsonr_pop restores it. The field getters report
 * absent required keys and wrong types at the child path and return
 * NULL/false; strings are copied into the reader's arena.
 */
#ifndef PEJL_JSONR_H
#define PEJL_JSONR_H

#include "util/arena.h"
#include "util/diag.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct jsonr {
	struct arena *a;
	struct diag *d;
	const char *name; /* the file, for messages */
	char path[512];   /* starts as "$" */
	size_t errors;
};

/* Opens a whole document: at most max bytes of valid JSON holding one
 * object whose "format" is `format` (`what` names the kind of file in the
 * message) and whose keys are among `allowed` (NULL-terminated). Returns
 * the root, which the caller json_decrefs, or NULL when the document cannot
 * be read at all (too large, not JSON, not an object) with the problem in
 * r's diag and the error message set. A wrong format or unknown key is
 * reported and the root still returned, so every other mistake is found. */
json_t *jsonr_open(struct jsonr *r, const char *data, size_t len, size_t max, const char *format, const char *what,
		   const char *const *allowed);

/* Reports a problem at the current path, or at its child `key`. */
void jsonr_bad(struct jsonr *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends to the path; returns the old length for jsonr_pop. */
size_t jsonr_push(struct jsonr *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jsonr_pop(struct jsonr *r, size_t old);
/* "an object", "a string", … for messages. */
const char *jsonr_type_name(const json_t *v);
/* Reports every key of obj not in allowed (NULL-terminated). */
void jsonr_check_keys(struct jsonr *r, json_t *obj, const char *const *allowed);
/* The value at key (NULL when absent or null; reported when required). */
json_t *jsonr_field(struct jsonr *r, json_t *obj, const char *key, bool required);
/* A string of at most max characters (UTF-8 code points), without NULs. */
char *jsonr_text(struct jsonr *r, json_t *obj, const char *key, bool required, size_t max);
bool jsonr_number(struct jsonr *r, json_t *obj, const char *key, bool required, double *out);
bool jsonr_integer(struct jsonr *r, json_t *obj, const char *key, bool required, long min, long max, long *out);
bool jsonr_boolean(struct jsonr *r, json_t *obj, const char *key, bool required, bool *out);
json_t *jsonr_object(struct jsonr *r, json_t *obj, const char *key, bool required);
json_t *jsonr_array(struct jsonr *r, json_t *obj, const char *key, bool required);

/* An enumeration field: parse with fn, list the choices on failure. */
#define JSONR_ENUM(r, obj, key, required, outp, parse, choices)                                                        \
	do {                                                                                                           \
		char *s_ = jsonr_text(r, obj, key, required, 64);                                                            \
		if (s_ && !parse(outp, s_))                                                                            \
			jsonr_bad(r, key, "\"%s\" is not one of: %s", s_, choices);                                          \
	} while (0)

/* Runs fn on each element of arr that is an object, with the path extended
 * by "[i]". */
#define JSONR_EACH_OBJECT(r, arr, i, el, ...)                                                                               \
	for (size_t i = 0; arr && i < json_array_size(arr); i++) {                                                     \
		json_t *el = json_array_get(arr, i);                                                                   \
		size_t old_##i = jsonr_push(r, "[%zu]", i);                                                                     \
		if (!json_is_object(el))                                                                               \
			jsonr_bad(r, NULL, "must be an object, not %s", jsonr_type_name(el));                                      \
		else {                                                                                                 \
			__VA_ARGS__                                                                                    \
		}                                                                                                      \
		jsonr_pop(r, old_##i);                                                                                          \
	}

#endif
