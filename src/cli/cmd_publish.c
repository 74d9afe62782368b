/*
 * cmd_publish.c — `pejl publish --period P --out DIR`: the static public
 * edition (io/publish.h, docs/publish.md).
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "core/suppress.h"
#include "io/publish.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int cmd_publish(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"period", required_argument, NULL, 'p'},
						  {"out", required_argument, NULL, 'o'},
						  {"strategy", required_argument, NULL, 's'},
						  {"date", required_argument, NULL, 'd'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("publish", NULL);
	struct publish_opts o = {0};
	struct publish_result res;
	struct store *s = NULL;
	int ch, rc;

	o.k = SUPPRESS_K_PUBLIC;
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'p')
			o.period = optarg;
		else if (ch == 'o')
			o.out = optarg;
		else if (ch == 's')
			o.strategy = optarg;
		else
			o.date = optarg;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (!o.period)
		return cli_usage(cmd, "--period is required (e.g. --period 2017)");
	if (!o.out || !*o.out)
		return cli_usage(cmd, "--out is required (the editions' directory)");
	if ((rc = cli_open(&s, c, 0)) < 0)
		return rc;
	rc = publish_edition(&res, s, &o);
	store_close(s);
	if (rc < 0)
		return rc;
	fprintf(stderr, "pejl: published %s/%s: %zu files, %zu goals, %zu tables, %zu cells withheld\n", o.out,
		res.edition, res.files, res.goals, res.tables, res.hidden_cells);
	return 0;
}
