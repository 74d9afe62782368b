/*
 * export.h — a table (src/io/table.h: row 0 is the header) written as CSV
 * or as an XLSX workbook of one sheet, for the exports of the plan and red
 * thread views.
 *
 * CSV goes through csvw (RFC 4180, formula-like cells neutralised). XLSX
 * goes through libxlsxwriter, which writes files only: the workbook is
 * written to a private temporary file in $TMPDIR (else /tmp), read back
 * into the buffer and removed. Every cell is written as text, so nothing a
 * user typed is ever evaluated as a formula.
 */
#ifndef PEJL_EXPORT_H
#define PEJL_EXPORT_H

#include "io/table.h"
#include "util/buf.h"

/* Appends t as CSV (comma, CRLF) to b. */
void export_csv(struct buf *b, const struct table *t);

/* Appends t as an XLSX workbook with one sheet named `sheet` (at most 31
 * characters; [ ] : * ? / \ become -) to b: the header row bold and frozen.
 * 0, or PEJL_EIO with a message when the file could not be made. */
int export_xlsx(struct buf *b, const struct table *t, const char *sheet);

#endif
