/*
 * strategy_file.h — the strategy file (docs/strategy-file.md): read and
 * write a struct strategy_doc as JSON.
 *
 * Reading checks the JSON (syntax, types, required and unknown keys) and
 * then the model's rules (strategy_validate), and reports every mistake with
 * its JSON path. Writing is deterministic, so export → import → export is
 * byte-identical.
 */
#ifndef PEJL_STRATEGY_FILE_H
#define PEJL_STRATEGY_FILE_H

#include "core/strategy.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

/* The largest strategy file accepted (bytes). */
#define STRATEGY_FILE_MAX (16u << 20)

/* Parses len bytes of JSON named `name` (for messages) into *out, allocated
 * from a. Every problem goes into d; returns PEJL_EINPUT if there was any
 * (and *out is then undefined), 0 otherwise. extra_units names units known
 * outside the file (in the database) that the file may refer to. */
int strategy_file_parse(struct strategy_doc **out, struct arena *a, const char *name, const char *data, size_t len,
			const char *const *extra_units, size_t nextra, struct diag *d);

/* Writes doc as a strategy file (pretty JSON, newline at the end). */
void strategy_file_write(struct buf *b, const struct strategy_doc *doc);

struct store;

/* What an import did (or, in a dry run, would do). */
struct strategy_import_result {
	const char *code;       /* the strategy's code */
	bool created;           /* the strategy was new */
	size_t versions_added;  /* goal versions appended to an existing strategy */
	size_t units_added, units_existing;
	size_t groups_added, groups_existing;
	size_t ngoals;
};

/* Reads a strategy file and loads it into s in one transaction, all or
 * nothing. A strategy whose code exists already may only add goal versions
 * after the ones stored (history is never rewritten); an identical file
 * changes nothing. Units and target groups are added when new and must match
 * when they exist. Every problem goes into d (PEJL_EINPUT); storage failures
 * return their own code. With dry_run nothing is committed. actor is written
 * to the audit log. */
int strategy_file_import(struct strategy_import_result *res, struct store *s, struct arena *a, const char *name,
			 const char *data, size_t len, const char *actor, bool dry_run, struct diag *d);

#endif
