/*
 * jsonw.h — a streaming JSON writer on a struct buf that escapes by default.
 *
 * Strings are escaped (quotes, backslash, control characters, and "</" and
 * U+2028/U+2029 so the output can sit inside HTML); numbers are written in
 * the shortest form that reads back to the same double; NaN and infinities
 * become null. Pretty mode indents with two spaces and ends with a newline
 * at the close of the outermost value. Errors are the buffer's sticky error.
 */
#ifndef PEJL_JSONW_H
#define PEJL_JSONW_H

#include "util/buf.h"

#include <stdbool.h>
#include <stdint.h>

#define JSONW_MAX_DEPTH 64

struct jsonw {
	struct buf *b;
	bool pretty;
	int depth;
	bool need_comma[JSONW_MAX_DEPTH];
	bool after_key;
};

void jsonw_init(struct jsonw *w, struct buf *b, bool pretty);

void jsonw_obj_begin(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr_begin(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
/* The next value belongs to key k (inside an object). */
void jsonw_key(struct jsonw *w, const char *k);

void jsonw_str(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_num(struct jsonw *w, double v);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* Shorthands: key then value. */
void jsonw_kstr(struct jsonw *w, const char *k, const char *s);
void jsonw_knum(struct jsonw *w, const char *k, double v);
void jsonw_kint(struct jsonw *w, const char *k, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *k, bool v);

/* Appends s as a JSON string literal (with quotes) to b. */
void json_escape(struct buf *b, const char *s);

/* Writes the shortest decimal form of v that strtod reads back exactly
 * ("1581", "0.1", "1e-07") into out; returns out. */
char *json_format_double(char out[32], double v);

#endif
