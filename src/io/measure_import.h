/*
 * measure_import.h — importing measurements from CSV or XLSX (DESIGN §7).
 *
 * Columns are found by header name in any order: goal, period, unit, group,
 * value, numerator, denominator, n, sd, state, source, note (Danish names
 * are accepted too: maal, periode, enhed, gruppe, vaerdi, taeller, naevner,
 * tilstand, kilde). Only goal, period and the fields the goal's measure
 * type needs are required. Decimal point or comma.
 *
 * The import is one transaction: every row is checked (numbers in range for
 * the measure type, periods of the goal's cadence, known goal/unit/group
 * codes, the unit existing in that period, duplicate keys in the file) and
 * every problem is reported as FILE:LINE:COLUMN; if there is any, nothing is
 * stored. Rows identical to the stored latest revision add nothing, so
 * importing the same file twice changes nothing; a changed value becomes a
 * new revision. Values far outside the stored history are warned about.
 */
#ifndef PEJL_MEASURE_IMPORT_H
#define PEJL_MEASURE_IMPORT_H

#include "store/store.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define MEASURE_IMPORT_MAX_BYTES (512u << 20)

struct measure_import_opts {
	const char *strategy; /* NULL: the default strategy */
	const char *sheet;    /* XLSX sheet; NULL: the first */
	const char *actor;
	bool dry_run;
	/* called every 65536 rows with the count so far (progress); may be NULL */
	void (*progress)(void *ctx, size_t rows);
	void *progress_ctx;
};

struct measure_import_result {
	size_t rows, added, unchanged, revised;
	long batch; /* 0 when nothing was stored */
};

/* Imports data (a whole file named name). Returns 0, PEJL_EINPUT with the
 * problems in d, or a storage error. */
int measure_import(struct measure_import_result *res, struct store *s, struct arena *a, const char *name,
		   const char *data, size_t len, const struct measure_import_opts *o, struct diag *d);

/* Parses a number with a decimal point or comma (no thousands separators).
 * Leading/trailing spaces are allowed. False for anything else, including
 * NaN and infinities. */
bool parse_decimal(const char *s, double *out);

#endif
