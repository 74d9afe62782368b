/*
 * opts.c — see opts.h.
 */
#include "cli/opts.h"

#include "util/err.h"

#include <stdio.h>
#include <string.h>

int cli_getopt(const struct cli_command *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	char spec[64];
	int ch;

	snprintf(spec, sizeof spec, ":%s", shortopts);
	opterr = 0;
	ch = getopt_long(argc, argv, spec, longopts, NULL);
	if (ch == '?')
		return cli_usage(cmd, "unknown option %s", argv[optind - 1]);
	if (ch == ':')
		return cli_usage(cmd, "option %s needs a value", argv[optind - 1]);
	return ch;
}
