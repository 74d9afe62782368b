/*
 * publish.h — `pejl publish`: the frozen public edition of one period as
 * static files (docs/publish.md): pages in Danish and English, open data
 * (CSV in two dialects, JSON, a DCAT-AP-DK catalogue), the committee
 * report (printable HTML and an XLSX workbook), every figure with small
 * cells suppressed (core/suppress.h).
 *
 * The edition is written into a fresh temporary directory inside `out` and
 * renamed into place as out/EDITION (EDITION is the period, "2016-17" for a
 * school year) only when every file is written, so a failed publish leaves
 * nothing half-written; an existing edition of the same period is replaced
 * in one step (renameat2 RENAME_EXCHANGE), and out/index.html, the list of
 * editions, is rewritten the same way. The output depends only on the
 * database and the options: no clock is read (give `date` for a
 * publication date), so publishing twice gives the same bytes.
 */
#ifndef PEJL_PUBLISH_H
#define PEJL_PUBLISH_H

#include "store/store.h"

#include <stddef.h>

struct publish_opts {
	const char *period;   /* required: "2017" */
	const char *out;      /* the editions' directory (created if missing) */
	const char *strategy; /* NULL: the default strategy */
	const char *date;     /* publication date "YYYY-MM-DD" shown on the pages, or NULL */
	long k;               /* the smallest count shown (SUPPRESS_K_PUBLIC) */
};

struct publish_result {
	char edition[32]; /* the directory name under out */
	size_t files;
	size_t goals, tables, hidden_cells;
};

/* Publishes the edition. Returns 0, PEJL_EINPUT/PEJL_EUSAGE for a bad
 * period or date, PEJL_ENOTFOUND for an unknown strategy, PEJL_EIO when a
 * file cannot be written (nothing is left behind then). */
int publish_edition(struct publish_result *res, struct store *s, const struct publish_opts *o);

/* The name of an edition directory for a period ("2017", "2016-17"). */
void publish_edition_name(char *out, size_t n, const char *period);

#endif
