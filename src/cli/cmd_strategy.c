/*
 * cmd_strategy.c — `pejl strategy import|export|list`.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/csvw.h"
#include "io/jsonw.h"
#include "io/strategy_file.h"
#include "io/table.h"
#include "util/diag.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int cmd_strategy_import(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"dry-run", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("strategy", "import");
	struct strategy_import_result res;
	struct store *s = NULL;
	struct diag d;
	bool dry = false;
	char *data;
	size_t len;
	int ch, rc;

	diag_init(&d);
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		dry = true;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind == argc ? "which file?" : "one file at a time");
	if ((rc = cli_read_file(&data, &len, c, argv[optind], STRATEGY_FILE_MAX + 1)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0)
		goto out;
	rc = strategy_file_import(&res, s, c->a, argv[optind], data, len, c->actor, dry, &d);
	if (rc == PEJL_EINPUT) {
		diag_print(&d, stderr);
		goto out;
	}
	if (rc < 0)
		goto out;
	printf("%s%s %s: %zu goals; %zu new goal versions; units %zu new, %zu unchanged; target groups %zu new, "
	       "%zu unchanged.\n",
	       dry ? "Dry run, nothing loaded. " : "", res.created ? "New strategy" : "Strategy", res.code, res.ngoals,
	       res.versions_added, res.units_added, res.units_existing, res.groups_added, res.groups_existing);
out:
	store_close(s);
	diag_free(&d);
	return rc;
}

int cmd_strategy_export(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"strategy", required_argument, NULL, 's'},
						  {"format", required_argument, NULL, 'f'},
						  {"out", required_argument, NULL, 'o'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("strategy", "export");
	const char *code = NULL, *out_path = NULL;
	struct strategy_doc *doc;
	enum cli_format fmt = FORMAT_JSON;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	char *def;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 's')
			code = optarg;
		else if (ch == 'o')
			out_path = optarg;
		else if (ch == 'f' && cli_format_parse(&fmt, optarg, 1u << FORMAT_JSON) < 0)
			return cli_usage(cmd, "the strategy file is JSON; --format %s is not available", optarg);
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_open(&s, c, 0)) < 0)
		goto out;
	if (!code) {
		if ((rc = store_strategy_default(&def, s, c->a)) < 0)
			goto out;
		code = def;
	}
	if ((rc = store_strategy_load(&doc, s, c->a, code)) < 0)
		goto out;
	strategy_file_write(&b, doc);
	rc = cli_emit(&b, out_path);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_strategy_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("strategy", "list");
	enum cli_format fmt = FORMAT_TEXT;
	struct strategy_info *v;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	size_t n;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (cli_format_parse(&fmt, optarg, 7) < 0)
			return cli_usage(cmd, "unknown format \"%s\"", optarg);
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_strategy_list(&v, &n, s, c->a)) < 0)
		goto out;
	if (fmt == FORMAT_JSON) {
		struct jsonw w;

		jsonw_init(&w, &b, true);
		jsonw_arr_begin(&w);
		for (size_t i = 0; i < n; i++) {
			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", v[i].code);
			jsonw_kstr(&w, "name", v[i].name);
			jsonw_kint(&w, "valid_from", v[i].valid_from);
			jsonw_kint(&w, "valid_to", v[i].valid_to);
			jsonw_kint(&w, "pejlemaerker", (int64_t)v[i].npejlemaerker);
			jsonw_kint(&w, "goals", (int64_t)v[i].ngoals);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
	} else if (fmt == FORMAT_CSV) {
		struct csvw w;
		static const char *const head[] = {"code", "name", "valid_from", "valid_to", "pejlemaerker", "goals"};

		csvw_init(&w, &b);
		for (size_t k = 0; k < 6; k++)
			csvw_text(&w, head[k]);
		csvw_end_row(&w);
		for (size_t i = 0; i < n; i++) {
			csvw_text(&w, v[i].code);
			csvw_text(&w, v[i].name);
			csvw_int(&w, v[i].valid_from);
			csvw_int(&w, v[i].valid_to);
			csvw_int(&w, (long long)v[i].npejlemaerker);
			csvw_int(&w, (long long)v[i].ngoals);
			csvw_end_row(&w);
		}
	} else {
		static const char *const head[] = {"code", "period", "pejlemærker", "goals", "name", NULL};
		struct table t;

		table_init(&t, head);
		for (size_t i = 0; i < n; i++) {
			char period[32], np[16], ng[16];
			const char *row[5];

			snprintf(period, sizeof period, "%d–%d", v[i].valid_from, v[i].valid_to);
			snprintf(np, sizeof np, "%zu", v[i].npejlemaerker);
			snprintf(ng, sizeof ng, "%zu", v[i].ngoals);
			row[0] = v[i].code;
			row[1] = period;
			row[2] = np;
			row[3] = ng;
			row[4] = v[i].name;
			table_row(&t, row);
		}
		table_render(&t, &b);
		table_free(&t);
	}
	rc = cli_emit(&b, NULL);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}
