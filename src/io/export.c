/*
 * export.c — see export.h.
 */
#include "io/export.h"

#include "io/csvw.h"
#include "util/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void export_csv(struct buf *b, const struct table *t)
{
	struct csvw w;

	csvw_init(&w, b);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			csvw_text(&w, t->cells[r * t->ncols + c]);
		csvw_end_row(&w);
	}
}

/* Reads the whole file into b. */
static int slurp(struct buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(PEJL_EIO, "cannot read the workbook back: %s", strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(b, chunk, n);
	if (ferror(f))
		rc = err_set(PEJL_EIO, "cannot read the workbook back");
	fclose(f);
	return rc ? rc : buf_error(b);
}

int export_xlsx(struct buf *b, const struct table *t, const char *sheet)
{
	const char *dir = getenv("TMPDIR");
	char path[4096], name[32];
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_error le;
	size_t widths[TABLE_MAX_COLS] = {0};
	int fd, rc = 0;

	snprintf(path, sizeof path, "%s/pejl-export-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return err_set(PEJL_EIO, "cannot make a temporary file for the workbook: %s", strerror(errno));
	close(fd);
	snprintf(name, sizeof name, "%s", sheet && *sheet ? sheet : "pejl");
	for (char *p = name; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '-';
	if (!(wb = workbook_new(path))) {
		rc = err_set(PEJL_EIO, "cannot start the workbook");
		goto out;
	}
	ws = workbook_add_worksheet(wb, name);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t w = utf8_width(cell);

			if (w > widths[c])
				widths[c] = w;
			if (*cell)
				worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, cell, r == 0 ? bold : NULL);
		}
	for (size_t c = 0; c < t->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c] > 60 ? 60 : (double)widths[c] + 2, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	le = workbook_close(wb);
	wb = NULL;
	if (le != LXW_NO_ERROR) {
		rc = err_set(PEJL_EIO, "cannot write the workbook: %s", lxw_strerror(le));
		goto out;
	}
	rc = slurp(b, path);
out:
	if (wb)
		workbook_close(wb);
	unlink(path);
	return rc;
}
