/*
 * instrument_file.h — the instrument file (docs/instrument-file.md): read
 * and write one struct instrument as JSON, and the built-in instruments of
 * data/instruments/ (ORS, SRS, CORS, CSRS, WHO-5, satisfaction) that
 * instrument_data.S compiles into the binary.
 *
 * Reading checks the JSON (syntax, types, required and unknown keys), then
 * the model's rules (instrument_prepare), and reports every mistake with
 * its JSON path ("ors.json: $.bands[1].cutoff"). Writing is deterministic,
 * so write → parse → write is byte-identical, and the shipped files are in
 * that form.
 */
#ifndef PEJL_INSTRUMENT_FILE_H
#define PEJL_INSTRUMENT_FILE_H

#include "core/instrument.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <stddef.h>

/* The largest instrument file accepted (bytes). */
#define INSTRUMENT_FILE_MAX (1u << 20)
/* The "format" value of an instrument file. */
#define INSTRUMENT_FILE_FORMAT "pejl-instrument/1"

/* Parses len bytes of JSON named `name` (for messages) into *out, allocated
 * from a. Every problem goes into d; returns PEJL_EINPUT if there was any
 * (*out is then untouched), 0 otherwise. */
int instrument_file_parse(struct instrument **out, struct arena *a, const char *name, const char *data, size_t len,
			  struct diag *d);

/* Writes in as an instrument file (pretty JSON, newline at the end). Item
 * ranges equal to the first item's are written once as "scale". */
void instrument_file_write(struct buf *b, const struct instrument *in);

/* One built-in instrument file: its path in the source tree
 * ("data/instruments/ors.json") and its bytes (not NUL-terminated in len,
 * though a NUL follows). */
struct instrument_builtin_file {
	const char *name;
	const char *data;
	size_t len;
};

#define INSTRUMENT_BUILTIN_COUNT 6

/* Fills out[0..max) with the built-in instrument files, in the order ORS,
 * SRS, CORS, CSRS, WHO-5, satisfaction, and returns their number
 * (INSTRUMENT_BUILTIN_COUNT). The bytes are static. */
size_t instrument_builtin_files(struct instrument_builtin_file *out, size_t max);

/* The built-in set: every built-in file parsed and the set checked (codes
 * unique, pairs known), once per process; *out points into memory that
 * lives as long as the process (a is not used). Thread-safe. Returns 0, or
 * PEJL_EINPUT with the problems in d (a build that shipped a broken file). */
int instrument_builtin(struct instrument_set *out, struct arena *a, struct diag *d);

#endif
