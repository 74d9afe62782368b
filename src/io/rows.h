/*
 * rows.h — tabular input, one row at a time, from CSV or XLSX.
 *
 * The measurement and feedback importers read rows of text cells through
 * this interface and never see which format the file was. Cells are UTF-8
 * strings owned by the reader and valid until the next rows_next call.
 * Readers check their format strictly (quoting, UTF-8, zip and XML limits)
 * and report problems as "NAME:LINE:COLUMN: reason" through err_set.
 */
#ifndef PEJL_ROWS_H
#define PEJL_ROWS_H

#include <stddef.h>

struct rows;

/* Limits every reader enforces. */
#define ROWS_MAX_CELL (64 * 1024)     /* bytes in one cell */
#define ROWS_MAX_COLS 256             /* cells in one row */
#define ROWS_XLSX_MAX_PART (256u << 20) /* uncompressed bytes of one XLSX part */

/* CSV (RFC 4180): comma or semicolon separated (decided from the header
 * line: whichever occurs more often outside quotes), UTF-8 with or without
 * a BOM, LF or CRLF line ends, "" inside quoted cells. data must stay alive
 * while the reader is used. name is used in messages. */
int rows_open_csv(struct rows **out, const char *name, const char *data, size_t len);

/* XLSX: the sheet named `sheet`, or the first sheet when NULL. Shared and
 * inline strings, numbers (shortest text that reads back to the same
 * double), booleans ("1"/"0"), dates (cells with a date format become
 * "YYYY-MM-DD"), formula results; empty cells are "". */
int rows_open_xlsx(struct rows **out, const char *name, const char *data, size_t len, const char *sheet);

/* The next row: 1 and the cells, 0 at the end, or <0 with a message. line
 * is the file's line (CSV, of the record's first line) or row number
 * (XLSX). Blank rows are skipped. */
int rows_next(struct rows *r, const char *const **cells, size_t *ncells, size_t *line);

/* The separator a CSV reader chose (',' or ';'), 0 for XLSX. */
char rows_separator(const struct rows *r);

void rows_close(struct rows *r);

#endif
