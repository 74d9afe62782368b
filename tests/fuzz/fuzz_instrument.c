/*
 * fuzz_instrument.c — fuzz target for the instrument file reader: any
 * input is either rejected with a diagnostic or accepted, and an accepted
 * instrument survives write → parse → write byte for byte.
 */
#include "io/instrument_file.h"
#include "util/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct instrument *in = NULL, *again = NULL;
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	struct diag d;

	diag_init(&d);
	if (instrument_file_parse(&in, a, "fuzz", (const char *)data, size, &d) < 0) {
		if (diag_errors(&d) == 0) {
			fprintf(stderr, "rejected without a diagnostic\n");
			abort();
		}
		goto out;
	}
	instrument_file_write(&b1, in);
	diag_free(&d);
	diag_init(&d);
	if (instrument_file_parse(&again, a, "fuzz-rt", b1.data, b1.len, &d) < 0) {
		diag_print(&d, stderr);
		abort();
	}
	instrument_file_write(&b2, again);
	if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0)
		abort();
out:
	buf_free(&b1);
	buf_free(&b2);
	diag_free(&d);
	arena_free(a);
	return 0;
}
