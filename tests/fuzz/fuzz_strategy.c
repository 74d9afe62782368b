/*
 * fuzz_strategy.c — fuzz target for the strategy file reader.
 *
 * Any input must be either rejected with at least one diagnostic, or
 * accepted; an accepted document must survive write → parse → write with
 * identical bytes (the round-trip oracle). Built with libFuzzer by `make
 * fuzz`, and as a corpus replayer (replay.c) that `make check` runs.
 */
#include "io/strategy_file.h"
#include "util/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct strategy_doc *doc = NULL, *again = NULL;
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = strategy_file_parse(&doc, a, "fuzz", (const char *)data, size, NULL, 0, &d);
	if (rc < 0) {
		if (diag_errors(&d) == 0) {
			fprintf(stderr, "rejected without a diagnostic\n");
			abort();
		}
		goto out;
	}
	strategy_file_write(&b1, doc);
	diag_free(&d);
	diag_init(&d);
	if (strategy_file_parse(&again, a, "fuzz-rt", b1.data, b1.len, NULL, 0, &d) < 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "written document does not read back\n");
		abort();
	}
	strategy_file_write(&b2, again);
	if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0) {
		fprintf(stderr, "write → parse → write changed the bytes\n");
		abort();
	}
out:
	buf_free(&b1);
	buf_free(&b2);
	diag_free(&d);
	arena_free(a);
	return 0;
}
