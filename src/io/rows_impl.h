/*
 * rows_impl.h — what the row readers share, private to src/io/rows*.c.
 *
 * struct rows is the common head of every reader: an operations table and
 * the CSV separator (0 for XLSX). A reader embeds it as its first member,
 * so rows.c can dispatch without knowing the formats. Callers outside
 * src/io only ever see the opaque handle of rows.h.
 */
#ifndef PEJL_ROWS_IMPL_H
#define PEJL_ROWS_IMPL_H

#include "io/rows.h"

struct rows_ops {
	int (*next)(struct rows *r, const char *const **cells, size_t *ncells, size_t *line);
	void (*close)(struct rows *r); /* frees the whole reader, r included */
};

struct rows {
	const struct rows_ops *ops;
	char sep;
};

#endif
