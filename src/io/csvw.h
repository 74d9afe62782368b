/*
 * csvw.h — a CSV writer on a struct buf (RFC 4180 quoting).
 *
 * Text cells that start with = + - @ (or a tab or carriage return) are
 * neutralised with a leading apostrophe so a spreadsheet does not run them
 * as formulas (DESIGN §5); numbers go through csvw_num and are written as
 * numbers. The Danish dialect uses ';' and a decimal comma.
 */
#ifndef PEJL_CSVW_H
#define PEJL_CSVW_H

#include "util/buf.h"

#include <stdbool.h>

struct csvw {
	struct buf *b;
	char sep;           /* ',' or ';' */
	bool decimal_comma; /* write 1,5 instead of 1.5 */
	bool at_line_start;
};

/* International dialect: comma and decimal point. */
void csvw_init(struct csvw *w, struct buf *b);
/* Danish Excel dialect: semicolon, decimal comma, UTF-8 BOM written now. */
void csvw_init_danish(struct csvw *w, struct buf *b);

void csvw_text(struct csvw *w, const char *s); /* NULL: empty cell */
void csvw_num(struct csvw *w, double v, int decimals); /* NaN: empty; decimals<0: shortest */
void csvw_int(struct csvw *w, long long v);
void csvw_end_row(struct csvw *w);

#endif
