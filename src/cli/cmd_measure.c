/*
 * cmd_measure.c — `pejl import measurements` and `pejl status`.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/measure_import.h"
#include "io/status_report.h"
#include "util/diag.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void progress(void *ctx, size_t rows)
{
	(void)ctx;
	fprintf(stderr, "\r  %zu rows…", rows);
	fflush(stderr);
}

int cmd_import_measurements(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"dry-run", no_argument, NULL, 'n'},
						  {"strategy", required_argument, NULL, 's'},
						  {"sheet", required_argument, NULL, 'S'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("import", "measurements");
	struct measure_import_opts o = {0};
	struct measure_import_result res;
	struct store *s = NULL;
	struct diag d;
	char *data;
	size_t len;
	int ch, rc;

	diag_init(&d);
	o.actor = c->actor;
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'n')
			o.dry_run = true;
		else if (ch == 's')
			o.strategy = optarg;
		else if (ch == 'S')
			o.sheet = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind == argc ? "which file?" : "one file at a time");
	if (isatty(2))
		o.progress = progress;
	if ((rc = cli_read_file(&data, &len, c, argv[optind], MEASURE_IMPORT_MAX_BYTES + 1)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0)
		goto out;
	rc = measure_import(&res, s, c->a, argv[optind], data, len, &o, &d);
	if (o.progress && res.rows >= 65536)
		fputs("\r", stderr);
	diag_print(&d, stderr);
	if (rc < 0)
		goto out;
	printf("%s%s: %zu rows; %zu added, %zu revised, %zu unchanged%s.\n", o.dry_run ? "Dry run, nothing stored. " : "",
	       argv[optind], res.rows, res.added, res.revised, res.unchanged,
	       diag_warnings(&d) ? " (see the warnings above)" : "");
out:
	store_close(s);
	diag_free(&d);
	return rc;
}

int cmd_status(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"period", required_argument, NULL, 'p'},
						  {"format", required_argument, NULL, 'f'},
						  {"unit", required_argument, NULL, 'u'},
						  {"group", required_argument, NULL, 'g'},
						  {"strategy", required_argument, NULL, 's'},
						  {"lang", required_argument, NULL, 'l'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("status", NULL);
	struct status_opts o = {0};
	struct status_report *r;
	enum cli_format fmt = FORMAT_TEXT;
	enum lang lang = LANG_DA;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		switch (ch) {
		case 'p': o.period = optarg; break;
		case 'u': o.unit = optarg; break;
		case 'g': o.group = optarg; break;
		case 's': o.strategy = optarg; break;
		case 'l':
			if (strcmp(optarg, "da") != 0 && strcmp(optarg, "en") != 0)
				return cli_usage(cmd, "--lang is da or en");
			lang = strcmp(optarg, "en") == 0 ? LANG_EN : LANG_DA;
			break;
		case 'f':
			if (cli_format_parse(&fmt, optarg, 7) < 0)
				return cli_usage(cmd, "unknown format \"%s\"", optarg);
			break;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = status_report_build(&r, s, c->a, &o)) < 0)
		goto out;
	if (fmt == FORMAT_JSON)
		status_report_json(&b, r, true);
	else if (fmt == FORMAT_CSV)
		status_report_csv(&b, r);
	else
		status_report_text(&b, r, lang);
	rc = cli_emit(&b, NULL);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}
