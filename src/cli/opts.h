/*
 * opts.h — getopt_long for command handlers, with pejl's usage errors.
 *
 * CLI_GETOPT loops over the options of a handler; an unknown option or a
 * missing value ends the handler with a usage error naming the option.
 */
#ifndef PEJL_OPTS_H
#define PEJL_OPTS_H

#include "cli/cli.h"

#include <getopt.h>

/* Returns the next option character, -1 at the end, or PEJL_EUSAGE after
 * printing the problem. */
int cli_getopt(const struct cli_command *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

#endif
