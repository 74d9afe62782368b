/*
 * cli.h — what the command files of src/cli share: the command table entry,
 * the context every handler gets, and small helpers (opening the store,
 * reading a file, output formats).
 *
 * A handler returns 0 or a negative enum pejl_err; main turns that into the
 * exit status (err_exit_code) and prints the message. Handlers print their
 * own multi-line diagnostics (diag_print) before returning PEJL_EINPUT.
 */
#ifndef PEJL_CLI_H
#define PEJL_CLI_H

#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

struct cli {
	const char *db;    /* --db URL, PEJL_DB, or "pejl.db" */
	bool db_explicit;  /* --db or PEJL_DB was given */
	const char *actor; /* for the audit log: "cli:USER" */
	struct arena *a;   /* freed when the command ends */
};

struct cli_command {
	const char *group; /* "strategy" */
	const char *name;  /* "import", or NULL for a one-word command */
	int (*run)(struct cli *c, int argc, char **argv);
	const char *usage;   /* "FILE [--dry-run]" */
	const char *summary; /* one line */
	const char *help;    /* paragraphs shown by --help */
};

enum cli_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

/* Parses "text", "json", "csv" (allowed: a mask of 1<<FORMAT_x). */
int cli_format_parse(enum cli_format *out, const char *s, unsigned allowed);

/* Opens the store named by c->db. */
int cli_open(struct store **out, struct cli *c, int flags);

/* Reads a whole file (at most max bytes) into memory from c->a. "-" is
 * standard input. */
int cli_read_file(char **data, size_t *len, struct cli *c, const char *path, size_t max);

/* Writes b to standard output (or to path when not NULL), checking the
 * buffer's sticky error and the write. */
int cli_emit(struct buf *b, const char *path);

/* Reports a usage error for the command and returns PEJL_EUSAGE. */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The command table entry for a handler (for usage messages). */
const struct cli_command *cli_find(const char *group, const char *name);

/* Built-in strategy files (data/ compiled in). */
struct cli_builtin {
	const char *name;
	const char *data;
	size_t len;
};
const struct cli_builtin *cli_builtin_find(const char *name);
extern const char *const cli_builtin_names;

/* Handlers, one file per command group. */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_strategy_import(struct cli *c, int argc, char **argv);
int cmd_strategy_export(struct cli *c, int argc, char **argv);
int cmd_strategy_list(struct cli *c, int argc, char **argv);
int cmd_goals_list(struct cli *c, int argc, char **argv);
int cmd_units_list(struct cli *c, int argc, char **argv);
int cmd_units_add(struct cli *c, int argc, char **argv);
int cmd_units_close(struct cli *c, int argc, char **argv);
int cmd_import_measurements(struct cli *c, int argc, char **argv);
int cmd_status(struct cli *c, int argc, char **argv);
int cmd_measurements_list(struct cli *c, int argc, char **argv);
int cmd_user_add(struct cli *c, int argc, char **argv);
int cmd_user_list(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_feedback_import(struct cli *c, int argc, char **argv);
int cmd_feedback_outcomes(struct cli *c, int argc, char **argv);
int cmd_feedback_aggregates(struct cli *c, int argc, char **argv);
int cmd_feedback_compute(struct cli *c, int argc, char **argv);
int cmd_access_log(struct cli *c, int argc, char **argv);
int cmd_retention_run(struct cli *c, int argc, char **argv);
int cmd_keygen(struct cli *c, int argc, char **argv);
int cmd_publish(struct cli *c, int argc, char **argv);
int cmd_plans_list(struct cli *c, int argc, char **argv);
int cmd_plans_add(struct cli *c, int argc, char **argv);
int cmd_plans_approve(struct cli *c, int argc, char **argv);
int cmd_plans_archive(struct cli *c, int argc, char **argv);
int cmd_redthread(struct cli *c, int argc, char **argv);
int cmd_redthread_gaps(struct cli *c, int argc, char **argv);
int cmd_migrate(struct cli *c, int argc, char **argv);

#endif
