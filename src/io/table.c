/*
 * table.c — see table.h.
 */
#include "io/table.h"

#include "util/xmalloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void table_init(struct table *t, const char *const *header)
{
	memset(t, 0, sizeof *t);
	while (header[t->ncols])
		t->ncols++;
	assert(t->ncols <= TABLE_MAX_COLS);
	table_row(t, header);
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

void table_cap(struct table *t, size_t col, size_t w)
{
	t->maxw[col] = w;
}

void table_row(struct table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols, sizeof *t->cells);
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "");
	t->nrows++;
}

/* Appends at most w code points of s; marks a cut with an ellipsis. */
static size_t put_capped(struct buf *b, const char *s, size_t w)
{
	size_t n = utf8_width(s), k = 0;
	const char *p = s;

	if (!w || n <= w) {
		buf_puts(b, s);
		return n;
	}
	while (*p && k < w - 1) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		k++;
	}
	buf_append(b, s, (size_t)(p - s));
	buf_puts(b, "…");
	return w;
}

void table_render(const struct table *t, struct buf *b)
{
	size_t width[TABLE_MAX_COLS] = {0};

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = utf8_width(t->cells[r * t->ncols + c]);

			if (t->maxw[c] && w > t->maxw[c])
				w = t->maxw[c];
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = put_capped(b, t->cells[r * t->ncols + c], t->maxw[c]);

			if (c + 1 < t->ncols)
				for (; w < width[c] + 2; w++)
					buf_putc(b, ' ');
		}
		/* trim trailing spaces of the line */
		while (b->len && b->data[b->len - 1] == ' ')
			b->data[--b->len] = '\0';
		buf_putc(b, '\n');
		if (r == 0) {
			for (size_t c = 0; c < t->ncols; c++) {
				for (size_t k = 0; k < width[c]; k++)
					buf_putc(b, '-');
				if (c + 1 < t->ncols)
					buf_puts(b, "  ");
			}
			buf_putc(b, '\n');
		}
	}
}
