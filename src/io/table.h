/*
 * table.h — plain text tables for the terminal: rows of cells, columns
 * padded to their widest cell, measured in characters (UTF-8 code points)
 * rather than bytes so Danish text lines up. Long cells can be capped.
 */
#ifndef PEJL_TABLE_H
#define PEJL_TABLE_H

#include "util/buf.h"

#include <stddef.h>

#define TABLE_MAX_COLS 16

struct table {
	size_t ncols;
	size_t maxw[TABLE_MAX_COLS]; /* 0: no cap */
	char **cells;                /* nrows * ncols, owned */
	size_t nrows, cap;
};

/* A table with the given header cells (NULL-terminated). */
void table_init(struct table *t, const char *const *header);
void table_free(struct table *t);
/* Caps column col at w characters (longer cells end with "…"). */
void table_cap(struct table *t, size_t col, size_t w);
/* Adds a row of ncols cells (NULL prints as empty). */
void table_row(struct table *t, const char *const *cells);
/* Renders header, a rule and the rows. */
void table_render(const struct table *t, struct buf *b);

/* Number of UTF-8 code points in s. */
size_t utf8_width(const char *s);

#endif
