/*
 * jsonr.c — see jsonr.h.
 */
#include "io/jsonr.h"

#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Reports a problem at the current path, or at its child `key`. */
void jsonr_bad(struct jsonr *r, const char *key, const char *fmt, ...)
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

size_t jsonr_push(struct jsonr *r, const char *fmt, ...)
{
	size_t old = strlen(r->path);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->path + old, sizeof r->path - old, fmt, ap);
	va_end(ap);
	return old;
}

void jsonr_pop(struct jsonr *r, size_t old)
{
	r->path[old] = '\0';
}

const char *jsonr_type_name(const json_t *v)
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
void jsonr_check_keys(struct jsonr *r, json_t *obj, const char *const *allowed)
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
			jsonr_bad(r, key, "unknown key (allowed here: %s)", list);
		}
	}
}

/* The value at key, NULL when absent or null; reports absence if required. */
json_t *jsonr_field(struct jsonr *r, json_t *obj, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);

	if (v && json_is_null(v))
		v = NULL;
	if (!v && required)
		jsonr_bad(r, key, "is required");
	return v;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

char *jsonr_text(struct jsonr *r, json_t *obj, const char *key, bool required, size_t max)
{
	json_t *v = jsonr_field(r, obj, key, required);
	size_t len;

	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		jsonr_bad(r, key, "must be a string, not %s", jsonr_type_name(v));
		return NULL;
	}
	len = json_string_length(v);
	if (utf8_chars(json_string_value(v), len) > max) {
		jsonr_bad(r, key, "is %zu characters long; at most %zu are allowed", utf8_chars(json_string_value(v), len),
		    max);
		return NULL;
	}
	if (strlen(json_string_value(v)) != len) {
		jsonr_bad(r, key, "contains a NUL character");
		return NULL;
	}
	return arena_strndup(r->a, json_string_value(v), len);
}

bool jsonr_number(struct jsonr *r, json_t *obj, const char *key, bool required, double *out)
{
	json_t *v = jsonr_field(r, obj, key, required);

	if (!v)
		return false;
	if (!json_is_number(v)) {
		jsonr_bad(r, key, "must be a number, not %s", jsonr_type_name(v));
		return false;
	}
	*out = json_number_value(v);
	return true;
}

bool jsonr_integer(struct jsonr *r, json_t *obj, const char *key, bool required, long min, long max, long *out)
{
	json_t *v = jsonr_field(r, obj, key, required);
	json_int_t i;

	if (!v)
		return false;
	if (!json_is_integer(v)) {
		jsonr_bad(r, key, "must be a whole number, not %s", json_is_real(v) ? "a fraction" : jsonr_type_name(v));
		return false;
	}
	i = json_integer_value(v);
	if (i < min || i > max) {
		jsonr_bad(r, key, "%lld is out of range %ld..%ld", (long long)i, min, max);
		return false;
	}
	*out = (long)i;
	return true;
}

bool jsonr_boolean(struct jsonr *r, json_t *obj, const char *key, bool required, bool *out)
{
	json_t *v = jsonr_field(r, obj, key, required);

	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		jsonr_bad(r, key, "must be true or false, not %s", jsonr_type_name(v));
		return false;
	}
	*out = json_is_true(v);
	return true;
}


json_t *jsonr_object(struct jsonr *r, json_t *obj, const char *key, bool required)
{
	json_t *v = jsonr_field(r, obj, key, required);

	if (v && !json_is_object(v)) {
		jsonr_bad(r, key, "must be an object, not %s", jsonr_type_name(v));
		return NULL;
	}
	return v;
}

json_t *jsonr_array(struct jsonr *r, json_t *obj, const char *key, bool required)
{
	json_t *v = jsonr_field(r, obj, key, required);

	if (v && !json_is_array(v)) {
		jsonr_bad(r, key, "must be an array, not %s", jsonr_type_name(v));
		return NULL;
	}
	return v;
}

json_t *jsonr_open(struct jsonr *r, const char *data, size_t len, size_t max, const char *format, const char *what,
		   const char *const *allowed)
{
	json_error_t jerr;
	json_t *root;
	const char *fmt;
	char where[600];

	if (len > max) {
		diag_error(r->d, r->name, "the file is %zu bytes; at most %zu are accepted", len, max);
		err_set(PEJL_EINPUT, "%s: too large", r->name);
		return NULL;
	}
	/* JSON_ALLOW_NUL so a \u0000 reaches jsonr_text(), which names its path */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		snprintf(where, sizeof where, "%s:%d:%d", r->name, jerr.line, jerr.column);
		diag_error(r->d, where, "not valid JSON: %s", jerr.text);
		err_set(PEJL_EINPUT, "%s: not valid JSON", r->name);
		return NULL;
	}
	if (!json_is_object(root)) {
		jsonr_bad(r, NULL, "the file must hold one JSON object, not %s", jsonr_type_name(root));
		json_decref(root);
		err_set(PEJL_EINPUT, "%s: %zu mistake%s", r->name, r->errors, r->errors == 1 ? "" : "s");
		return NULL;
	}
	jsonr_check_keys(r, root, allowed);
	fmt = json_string_value(json_object_get(root, "format"));
	if (!fmt || strcmp(fmt, format) != 0)
		jsonr_bad(r, "format", "must be \"%s\" (this is not a pejl %s file, or a newer version)", format, what);
	return root;
}
