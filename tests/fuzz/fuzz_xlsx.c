/*
 * fuzz_xlsx.c — fuzz target for the XLSX row reader (src/io/rows.h).
 *
 * Any input must open and read to the end or fail with a message that
 * names the input; never crash, leak, hang or blow up memory (zip bombs and
 * entity expansion are refused by the reader). Rows are checked like in
 * fuzz_csv.c: at most ROWS_MAX_COLS cells of at most ROWS_MAX_CELL bytes,
 * at least one of them non-empty. The corpus (tests/fuzz/corpus/xlsx,
 * written by gen_xlsx_corpus.py) stores its entries uncompressed, so
 * mutations reach the XML. Built with libFuzzer by `make fuzz`, and as a
 * corpus replayer (replay.c) that `make check` runs.
 */
#include "io/rows.h"
#include "util/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rows *r = NULL;
	const char *const *cells;
	size_t ncells, line;
	int rc;

	if (rows_open_xlsx(&r, "fuzz.xlsx", (const char *)data, size, NULL) < 0) {
		if (strncmp(err_last(), "fuzz.xlsx", 9) != 0) {
			fprintf(stderr, "error without the name: %s\n", err_last());
			abort();
		}
		return 0;
	}
	if (rows_separator(r) != 0)
		abort();
	while ((rc = rows_next(r, &cells, &ncells, &line)) > 0) {
		size_t nonempty = 0;

		if (ncells == 0 || ncells > ROWS_MAX_COLS || line < 1)
			abort();
		for (size_t i = 0; i < ncells; i++) {
			if (strlen(cells[i]) > ROWS_MAX_CELL)
				abort();
			nonempty += cells[i][0] != '\0';
		}
		if (!nonempty || cells[ncells - 1][0] == '\0')
			abort();
	}
	if (rc < 0)
		abort();
	rows_close(r);
	return 0;
}
