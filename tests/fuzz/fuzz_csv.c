/*
 * fuzz_csv.c — fuzz target for the CSV row reader (src/io/rows.h).
 *
 * Any input must read to the end or stop with an error that names the
 * input; never crash, leak or hang. What a row hands out is checked too:
 * at most ROWS_MAX_COLS cells, each at most ROWS_MAX_CELL bytes of valid
 * UTF-8 without NULs, lines that never go backwards, and a separator of
 * ',' or ';'. Built with libFuzzer by `make fuzz`, and as a corpus replayer
 * (replay.c) that `make check` runs.
 */
#include "io/rows.h"
#include "util/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether s is valid UTF-8 (no overlongs, surrogates, or past U+10FFFF). */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, n, cp;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xC2 && c < 0xE0)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c < 0xF0)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c < 0xF5)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (unsigned i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		s += n + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rows *r = NULL;
	const char *const *cells;
	size_t ncells, line, last = 0;
	int rc;

	if (rows_open_csv(&r, "fuzz.csv", (const char *)data, size) < 0) {
		if (strncmp(err_last(), "fuzz.csv:", 9) != 0)
			abort();
		return 0;
	}
	if (rows_separator(r) != ',' && rows_separator(r) != ';')
		abort();
	while ((rc = rows_next(r, &cells, &ncells, &line)) > 0) {
		if (ncells == 0 || ncells > ROWS_MAX_COLS || line < last || line < 1)
			abort();
		last = line;
		for (size_t i = 0; i < ncells; i++)
			if (strlen(cells[i]) > ROWS_MAX_CELL || !utf8_ok((const unsigned char *)cells[i]))
				abort();
	}
	if (rc < 0 && strncmp(err_last(), "fuzz.csv:", 9) != 0) {
		fprintf(stderr, "error without the name: %s\n", err_last());
		abort();
	}
	rows_close(r);
	return 0;
}
