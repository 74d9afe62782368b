/*
 * cmd_measure.c — `pejl import measurements` and `pejl status`.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/csvw.h"
#include "io/jsonw.h"
#include "io/measure_import.h"
#include "io/table.h"
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
	printf("%s%s: %zu row%s; %zu added, %zu revised, %zu unchanged%s.\n",
	       o.dry_run ? "Dry run, nothing stored. " : "", argv[optind], res.rows, res.rows == 1 ? "" : "s", res.added,
	       res.revised, res.unchanged,
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

/* `pejl measurements list`: the stored observations of a goal, latest
 * revisions, or with --history every revision of each. */
struct list_ctx {
	struct csvw *csv;
	struct jsonw *json;
	struct table *table;
	const char *unit, *group, *period;
	const char *goal;
	struct store *s;
	struct arena *a;
	bool history;
	int rc;
};

static void list_one(struct list_ctx *k, const struct obs_row *r)
{
	char v[5][32];
	const double *nums[5] = {r->v.has_value ? &r->v.value : NULL, r->v.has_num ? &r->v.num : NULL,
				 r->v.has_den ? &r->v.den : NULL, r->v.has_n ? &r->v.n : NULL,
				 r->v.has_sd ? &r->v.sd : NULL};
	static const char *const names[5] = {"value", "numerator", "denominator", "n", "sd"};
	char rev[16];

	for (int i = 0; i < 5; i++)
		if (nums[i])
			json_format_double(v[i], *nums[i]);
		else
			v[i][0] = '\0';
	snprintf(rev, sizeof rev, "%d", r->revision);
	if (k->json) {
		jsonw_obj_begin(k->json);
		jsonw_kstr(k->json, "goal", k->goal);
		jsonw_kstr(k->json, "period", r->period);
		jsonw_kstr(k->json, "unit", r->unit);
		jsonw_kstr(k->json, "group", r->group);
		for (int i = 0; i < 5; i++) {
			jsonw_key(k->json, names[i]);
			if (nums[i])
				jsonw_num(k->json, *nums[i]);
			else
				jsonw_null(k->json);
		}
		jsonw_kstr(k->json, "state", obs_state_name(r->state));
		jsonw_kstr(k->json, "source", r->source);
		jsonw_kstr(k->json, "note", r->note);
		jsonw_kbool(k->json, "computed", r->computed);
		jsonw_kint(k->json, "revision", r->revision);
		if (r->at) {
			jsonw_kstr(k->json, "by", r->actor);
			jsonw_kstr(k->json, "at", r->at);
		}
		jsonw_obj_end(k->json);
	} else if (k->csv) {
		csvw_text(k->csv, k->goal);
		csvw_text(k->csv, r->period);
		csvw_text(k->csv, r->unit);
		csvw_text(k->csv, r->group);
		for (int i = 0; i < 5; i++)
			if (nums[i])
				csvw_num(k->csv, *nums[i], -1);
			else
				csvw_text(k->csv, NULL);
		csvw_text(k->csv, obs_state_name(r->state));
		csvw_text(k->csv, r->source);
		csvw_text(k->csv, r->note);
		csvw_int(k->csv, r->revision);
		csvw_text(k->csv, r->actor);
		csvw_text(k->csv, r->at);
		csvw_end_row(k->csv);
	} else {
		const char *row[12] = {r->period, r->unit, r->group, v[0], v[1], v[2], v[3], v[4],
				       obs_state_name(r->state), rev, r->actor, r->at};

		table_row(k->table, row);
	}
}

static int list_row(void *ctx, const struct obs_row *r)
{
	struct list_ctx *k = ctx;

	if ((k->unit && strcmp(k->unit, r->unit) != 0) || (k->group && strcmp(k->group, r->group) != 0) ||
	    (k->period && strcmp(k->period, r->period) != 0))
		return 0;
	if (k->history) {
		struct obs_row *h;
		size_t n;

		if ((k->rc = store_obs_history(&h, &n, k->s, k->a, r->goal_id, r->period, r->unit, r->group)) < 0)
			return k->rc;
		for (size_t i = 0; i < n; i++)
			list_one(k, &h[i]);
		return 0;
	}
	list_one(k, r);
	return 0;
}

int cmd_measurements_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"unit", required_argument, NULL, 'u'},	  {"group", required_argument, NULL, 'g'},
		{"period", required_argument, NULL, 'p'}, {"strategy", required_argument, NULL, 's'},
		{"history", no_argument, NULL, 'H'},	  {"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("measurements", "list");
	struct list_ctx k = {0};
	enum cli_format fmt = FORMAT_TEXT;
	const char *code = NULL;
	struct strategy_doc *doc;
	const struct goal *g = NULL;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct csvw cw;
	struct jsonw jw;
	struct table t;
	char *def;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		switch (ch) {
		case 'u': k.unit = optarg; break;
		case 'g': k.group = optarg; break;
		case 'p': k.period = optarg; break;
		case 's': code = optarg; break;
		case 'H': k.history = true; break;
		case 'f':
			if (cli_format_parse(&fmt, optarg, 7) < 0)
				return cli_usage(cmd, "unknown format \"%s\"", optarg);
			break;
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "which goal? (e.g. 1D)");
	k.goal = argv[optind];
	if ((rc = cli_open(&s, c, 0)) < 0)
		goto out;
	if (!code) {
		if ((rc = store_strategy_default(&def, s, c->a)) < 0)
			goto out;
		code = def;
	}
	if ((rc = store_strategy_load(&doc, s, c->a, code)) < 0)
		goto out;
	for (size_t i = 0; i < doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < doc->strategy.pejlemaerker[i].ngoals; j++)
			if (strcmp(doc->strategy.pejlemaerker[i].goals[j].code, k.goal) == 0)
				g = &doc->strategy.pejlemaerker[i].goals[j];
	if (!g) {
		rc = err_set(PEJL_ENOTFOUND, "no goal %s in strategy %s", k.goal, code);
		goto out;
	}
	k.s = s;
	k.a = c->a;
	if (fmt == FORMAT_JSON) {
		jsonw_init(&jw, &b, true);
		jsonw_arr_begin(&jw);
		k.json = &jw;
	} else if (fmt == FORMAT_CSV) {
		static const char *const head[] = {"goal", "period", "unit", "group", "value", "numerator",
						   "denominator", "n", "sd", "state", "source", "note",
						   "revision", "by", "at", NULL};

		csvw_init(&cw, &b);
		for (size_t i = 0; head[i]; i++)
			csvw_text(&cw, head[i]);
		csvw_end_row(&cw);
		k.csv = &cw;
	} else {
		static const char *const head[] = {"period", "unit", "group", "value", "numerator", "denominator",
						   "n", "sd", "state", "rev", "by", "at", NULL};

		table_init(&t, head);
		k.table = &t;
	}
	rc = store_obs_scan(s, g->id, NULL, NULL, list_row, &k);
	if (rc == 0)
		rc = k.rc;
	if (k.json)
		jsonw_arr_end(&jw);
	if (k.table) {
		table_render(&t, &b);
		table_free(&t);
	}
	if (rc == 0)
		rc = cli_emit(&b, NULL);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}
