/*
 * jsonw.c — see jsonw.h.
 */
#include "io/jsonw.h"

#include <assert.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jsonw_init(struct jsonw *w, struct buf *b, bool pretty)
{
	memset(w, 0, sizeof *w);
	w->b = b;
	w->pretty = pretty;
}

static void newline(struct jsonw *w)
{
	if (!w->pretty)
		return;
	buf_putc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_puts(w->b, "  ");
}

/* Before any value: the comma and indentation it needs. */
static void before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->need_comma[w->depth])
			buf_putc(w->b, ',');
		newline(w);
		w->need_comma[w->depth] = true;
	}
}

static void after_value(struct jsonw *w)
{
	if (w->depth == 0 && w->pretty)
		buf_putc(w->b, '\n');
}

static void open_container(struct jsonw *w, char c)
{
	before_value(w);
	buf_putc(w->b, c);
	assert(w->depth + 1 < JSONW_MAX_DEPTH);
	w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_container(struct jsonw *w, char c)
{
	bool had = w->need_comma[w->depth];

	assert(w->depth > 0);
	w->depth--;
	if (had)
		newline(w);
	buf_putc(w->b, c);
	after_value(w);
}

void jsonw_obj_begin(struct jsonw *w) { open_container(w, '{'); }
void jsonw_obj_end(struct jsonw *w) { close_container(w, '}'); }
void jsonw_arr_begin(struct jsonw *w) { open_container(w, '['); }
void jsonw_arr_end(struct jsonw *w) { close_container(w, ']'); }

void jsonw_key(struct jsonw *w, const char *k)
{
	before_value(w);
	json_escape(w->b, k);
	buf_puts(w->b, w->pretty ? ": " : ":");
	w->after_key = true;
}

void json_escape(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	buf_putc(b, '"');
	for (; *p; p++) {
		const char *rep = NULL;
		char tmp[8];

		switch (*p) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case '/':
			if (p > (const unsigned char *)s && p[-1] == '<')
				rep = "\\/";
			break;
		case 0xe2: /* U+2028 and U+2029 are E2 80 A8 / E2 80 A9 */
			if (p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
				buf_append(b, run, (size_t)(p - run));
				buf_puts(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
				p += 2;
				run = p + 1;
			}
			continue;
		default:
			if (*p < 0x20) {
				snprintf(tmp, sizeof tmp, "\\u%04x", *p);
				rep = tmp;
			}
		}
		if (rep) {
			buf_append(b, run, (size_t)(p - run));
			buf_puts(b, rep);
			run = p + 1;
		}
	}
	buf_append(b, run, (size_t)(p - run));
	buf_putc(b, '"');
}

char *json_format_double(char out[32], double v)
{
	/* Normal doubles carry at least 15 significant digits, so %.15g (which
	 * drops trailing zeros) is already the shortest form when it reads
	 * back; subnormals carry fewer and need the search from 1. */
	for (int prec = fabs(v) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		snprintf(out, 32, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return out;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	before_value(w);
	json_escape(w->b, s);
	after_value(w);
}

void jsonw_num(struct jsonw *w, double v)
{
	char tmp[32];

	if (!isfinite(v)) {
		jsonw_null(w);
		return;
	}
	before_value(w);
	buf_puts(w->b, json_format_double(tmp, v == 0 ? 0.0 : v));
	after_value(w);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	before_value(w);
	buf_printf(w->b, "%" PRId64, v);
	after_value(w);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_value(w);
	buf_puts(w->b, v ? "true" : "false");
	after_value(w);
}

void jsonw_null(struct jsonw *w)
{
	before_value(w);
	buf_puts(w->b, "null");
	after_value(w);
}

void jsonw_kstr(struct jsonw *w, const char *k, const char *s)
{
	jsonw_key(w, k);
	jsonw_str(w, s);
}

void jsonw_knum(struct jsonw *w, const char *k, double v)
{
	jsonw_key(w, k);
	jsonw_num(w, v);
}

void jsonw_kint(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	jsonw_int(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *k, bool v)
{
	jsonw_key(w, k);
	jsonw_bool(w, v);
}
