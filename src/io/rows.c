/*
 * rows.c — the row reader interface (dispatch to the format) and the CSV
 * reader. The XLSX reader lives in rows_xlsx.c.
 *
 * The CSV reader scans the input once, byte by byte through a 256-entry
 * class table, and copies each row's cells into one reused buffer with a
 * NUL after each cell, so a row costs no allocation once the buffer has
 * grown to the widest row. Quoted cells are copied in runs between the
 * quotes, which is where "" becomes ". The input is never modified.
 *
 * Rules (RFC 4180 with the usual spreadsheet dialects):
 *  - the separator is ',' or ';', whichever occurs more often outside
 *    quotes in the first non-blank record (ties and no separator: ',');
 *  - a UTF-8 BOM at the start is skipped; LF, CRLF and a lone CR end lines;
 *  - a cell is quoted when its first byte is '"'; inside, "" is a quote and
 *    separators and line ends are content; after the closing quote only a
 *    separator, a line end or the end of the file may follow;
 *  - a quote elsewhere in an unquoted cell is an ordinary character (there
 *    is nothing it could be confused with, and files like `12" screen`
 *    exist);
 *  - lines with no characters are skipped; a line of separators only is a
 *    row of empty cells; the last line needs no line end;
 *  - NUL bytes, invalid UTF-8 (overlong forms, surrogates, code points past
 *    U+10FFFF, truncated sequences), cells over ROWS_MAX_CELL bytes and rows
 *    over ROWS_MAX_COLS cells are errors. Errors are sticky: once rows_next
 *    failed it fails again with the same message.
 * Line numbers count physical lines, so a record with quoted line breaks
 * reports the line it starts on and the next record is numbered after it.
 */
#include "io/rows.h"
#include "io/rows_impl.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rows_next(struct rows *r, const char *const **cells, size_t *ncells, size_t *line)
{
	return r->ops->next(r, cells, ncells, line);
}

char rows_separator(const struct rows *r)
{
	return r->sep;
}

void rows_close(struct rows *r)
{
	if (r)
		r->ops->close(r);
}

/* --- CSV ------------------------------------------------------------------ */

struct csv {
	struct rows base;
	char *name;
	const unsigned char *p, *end;
	size_t line;              /* physical line of *p */
	unsigned char stop[256];  /* ends a run of unquoted cell bytes */
	unsigned char qstop[256]; /* ends a run of quoted cell bytes */
	char *buf;                /* the current row's cells, NUL after each */
	size_t cap;
	size_t off[ROWS_MAX_COLS]; /* where each cell starts in buf */
	const char *cells[ROWS_MAX_COLS];
	int rc; /* sticky error */
	char *msg;
};

static int fail(struct csv *c, size_t line, size_t col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct csv *c, size_t line, size_t col, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	c->rc = err_set(PEJL_EINPUT, "%s:%zu:%zu: %s", c->name, line, col, reason);
	free(c->msg);
	c->msg = xstrdup(err_last());
	return c->rc;
}

/* Length of the valid UTF-8 sequence of two or more bytes at p, or 0 when
 * it is not one (stray continuation byte, overlong form, surrogate, past
 * U+10FFFF, or cut short by end). */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t avail = (size_t)(end - p);

	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

		return avail >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c < 0xF5) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

		return avail >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* Makes room for n more bytes after used. */
static inline void reserve(struct csv *c, size_t used, size_t n)
{
	if (used + n > c->cap) {
		size_t ncap = c->cap * 2;

		while (ncap < used + n)
			ncap *= 2;
		c->buf = xreallocarray(c->buf, ncap, 1);
		c->cap = ncap;
	}
}

static inline const unsigned char *line_end(const unsigned char *p, const unsigned char *end)
{
	if (*p++ == '\r' && p < end && *p == '\n')
		p++;
	return p;
}

/* A quoted cell starting at the quote *p. Copies its content to buf at
 * *used and returns the position after the closing quote, or NULL after
 * fail(). Advances c->line over embedded line ends. */
static const unsigned char *quoted(struct csv *c, const unsigned char *p, size_t *used, size_t col)
{
	const unsigned char *end = c->end, *s;
	size_t qline = c->line, start = *used, u = *used;

	p++;
	for (;;) {
		size_t n;

		s = p;
		while (p < end && !c->qstop[*p])
			p++;
		n = (size_t)(p - s);
		if (u - start + n > ROWS_MAX_CELL) {
			fail(c, qline, col, "a cell longer than %d bytes", ROWS_MAX_CELL);
			return NULL;
		}
		reserve(c, u, n + 4);
		memcpy(c->buf + u, s, n);
		u += n;
		if (p == end) {
			fail(c, qline, col, "a quoted cell is not closed (the quote opens on this line)");
			return NULL;
		}
		switch (*p) {
		case '"':
			if (p + 1 < end && p[1] == '"') {
				c->buf[u++] = '"';
				p += 2;
				break;
			}
			*used = u;
			return p + 1;
		case '\n':
			c->buf[u++] = '\n';
			c->line++;
			p++;
			break;
		case '\r':
			c->buf[u++] = '\r';
			c->line++;
			p++;
			if (p < end && *p == '\n') {
				c->buf[u++] = '\n';
				p++;
			}
			break;
		case '\0': fail(c, c->line, col, "a NUL byte (is this a text file?)"); return NULL;
		default:
			if (!(n = utf8_seq(p, end))) {
				fail(c, c->line, col, "invalid UTF-8 (save the file as UTF-8)");
				return NULL;
			}
			memcpy(c->buf + u, p, n);
			u += n;
			p += n;
		}
	}
}

static int csv_next(struct rows *r, const char *const **cells, size_t *ncells, size_t *line)
{
	struct csv *c = (struct csv *)r;
	const unsigned char *p = c->p, *end = c->end;
	const unsigned char sep = (unsigned char)c->base.sep;
	size_t n = 0, used = 0, first;

	if (c->rc)
		return err_set(c->rc, "%s", c->msg);
	while (p < end && (*p == '\n' || *p == '\r')) {
		p = line_end(p, end);
		c->line++;
	}
	if (p == end) {
		c->p = p;
		return 0;
	}
	first = c->line;
	for (;;) {
		if (n == ROWS_MAX_COLS)
			return fail(c, c->line, n + 1, "more than %d cells in a row", ROWS_MAX_COLS);
		c->off[n] = used;
		if (p < end && *p == '"') {
			if (!(p = quoted(c, p, &used, n + 1)))
				return c->rc;
			if (p < end && *p != sep && *p != '\n' && *p != '\r')
				return fail(c, c->line, n + 1, "characters after the closing quote of a quoted cell");
		} else {
			const unsigned char *s = p;
			size_t len;

			for (;;) {
				size_t k;

				while (p < end && !c->stop[*p])
					p++;
				if (p == end || *p < 0x80)
					break;
				if (!(k = utf8_seq(p, end)))
					return fail(c, c->line, n + 1, "invalid UTF-8 (save the file as UTF-8)");
				p += k;
			}
			if (p < end && *p == '\0')
				return fail(c, c->line, n + 1, "a NUL byte (is this a text file?)");
			len = (size_t)(p - s);
			if (len > ROWS_MAX_CELL)
				return fail(c, c->line, n + 1, "a cell longer than %d bytes", ROWS_MAX_CELL);
			reserve(c, used, len + 1);
			memcpy(c->buf + used, s, len);
			used += len;
		}
		c->buf[used++] = '\0';
		n++;
		if (p == end)
			break;
		if (*p == sep) {
			p++;
			continue;
		}
		p = line_end(p, end);
		c->line++;
		break;
	}
	for (size_t i = 0; i < n; i++)
		c->cells[i] = c->buf + c->off[i];
	c->p = p;
	*cells = c->cells;
	*ncells = n;
	*line = first;
	return 1;
}

static void csv_close(struct rows *r)
{
	struct csv *c = (struct csv *)r;

	free(c->name);
	free(c->buf);
	free(c->msg);
	free(c);
}

static const struct rows_ops csv_ops = {csv_next, csv_close};

/* ',' or ';': whichever occurs more often outside quotes in the first
 * record starting at p (ties: ','). */
static char guess_separator(const unsigned char *p, const unsigned char *end)
{
	size_t commas = 0, semicolons = 0;
	bool quoted = false;

	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == ',')
			commas++;
		else if (*p == ';')
			semicolons++;
		else if (*p == '\n' || *p == '\r')
			break;
	}
	return semicolons > commas ? ';' : ',';
}

int rows_open_csv(struct rows **out, const char *name, const char *data, size_t len)
{
	struct csv *c;
	const unsigned char *p = (const unsigned char *)data, *end = p + len;

	*out = NULL;
	if (!name)
		name = "(input)";
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return err_set(PEJL_EINPUT, "%s:1:1: the file is UTF-16 (save it as UTF-8)", name);
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	c = xcalloc(1, sizeof *c);
	c->base.ops = &csv_ops;
	c->name = xstrdup(name);
	c->p = p;
	c->end = end;
	c->line = 1;
	{
		const unsigned char *q = p;

		while (q < end && (*q == '\n' || *q == '\r'))
			q++;
		c->base.sep = guess_separator(q, end);
	}
	for (int i = 0x80; i < 256; i++)
		c->stop[i] = c->qstop[i] = 1;
	c->stop[0] = c->stop['\n'] = c->stop['\r'] = c->stop[(unsigned char)c->base.sep] = 1;
	c->qstop[0] = c->qstop['\n'] = c->qstop['\r'] = c->qstop['"'] = 1;
	c->cap = 4096;
	c->buf = xmalloc(c->cap);
	*out = &c->base;
	return 0;
}
