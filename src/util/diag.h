/*
 * diag.h — a list of diagnostics: every mistake found in one input, each with
 * where it is (file:line:column, or file and JSON path) and what is wrong.
 *
 * Validators add to a diag instead of stopping at the first problem, so a
 * user sees every mistake of a file at once; imports load nothing when
 * diag_errors() is non-zero. Warnings are kept apart and do not block.
 */
#ifndef PEJL_DIAG_H
#define PEJL_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag_item {
	int warning; /* 0 error, 1 warning */
	char *where; /* "file.json: $.strategy.code" or "file.csv:3:5" */
	char *msg;
};

struct diag {
	struct diag_item *items;
	size_t n, cap;
	size_t max;  /* stop recording after this many (0: 1000); still counted */
	size_t dropped;          /* errors not recorded */
	size_t dropped_warnings; /* warnings not recorded */
};

void diag_init(struct diag *d);
void diag_free(struct diag *d);

/* Records an error at where. */
void diag_error(struct diag *d, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

size_t diag_errors(const struct diag *d);
size_t diag_warnings(const struct diag *d);

/* Writes "where: error: msg" lines (and a line for dropped items) to f. */
void diag_print(const struct diag *d, FILE *f);

#endif
