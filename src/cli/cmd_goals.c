/*
 * cmd_goals.c — `pejl goals list`: the pejlemærker and their goals as they
 * stand at a date (the goal version in force).
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/csvw.h"
#include "io/jsonw.h"
#include "io/table.h"
#include "util/date.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static void fmt_value(char *out, size_t n, double v, int decimals)
{
	snprintf(out, n, "%.*f", decimals, v);
}

static void write_json(struct buf *b, const struct strategy *st, const char *at)
{
	struct jsonw w;

	jsonw_init(&w, b, true);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "strategy");
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "code", st->code);
	jsonw_kstr(&w, "name", st->name);
	jsonw_obj_end(&w);
	jsonw_key(&w, "pejlemaerker");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < st->npejlemaerker; i++) {
		const struct pejlemaerke *pm = &st->pejlemaerker[i];

		jsonw_obj_begin(&w);
		jsonw_kint(&w, "number", pm->number);
		jsonw_kstr(&w, "title", pm->title);
		jsonw_kstr(&w, "title_en", pm->title_en);
		jsonw_key(&w, "goals");
		jsonw_arr_begin(&w);
		for (size_t j = 0; j < pm->ngoals; j++) {
			const struct goal *g = &pm->goals[j];
			const struct goal_version *v = goal_version_at(g, at);
			double t;

			if (!v)
				continue;
			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", g->code);
			jsonw_kbool(&w, "main", g->main);
			jsonw_kstr(&w, "title", v->title);
			jsonw_kstr(&w, "title_en", v->title_en);
			jsonw_kstr(&w, "definition", v->definition);
			jsonw_kstr(&w, "source", v->source);
			jsonw_kstr(&w, "owner", v->owner);
			jsonw_kstr(&w, "measure", measure_name(v->measure));
			jsonw_kstr(&w, "display_unit", v->display_unit);
			jsonw_kint(&w, "decimals", v->decimals);
			jsonw_kstr(&w, "direction", direction_name(v->direction));
			jsonw_kstr(&w, "sampling", sampling_name(v->sampling));
			jsonw_kstr(&w, "cadence", cadence_name(v->cadence));
			jsonw_key(&w, "baseline");
			if (v->has_baseline) {
				jsonw_obj_begin(&w);
				jsonw_kstr(&w, "period", v->baseline_period);
				jsonw_knum(&w, "value", v->baseline_value);
				jsonw_obj_end(&w);
			} else {
				jsonw_null(&w);
			}
			jsonw_key(&w, "target");
			if (v->target_kind != TARGET_NONE) {
				jsonw_obj_begin(&w);
				jsonw_kstr(&w, "kind", target_kind_name(v->target_kind));
				jsonw_knum(&w, "value", v->target_value);
				jsonw_key(&w, "resolved");
				if (goal_version_target(v, &t))
					jsonw_num(&w, t);
				else
					jsonw_null(&w);
				jsonw_kstr(&w, "period", v->target_period);
				jsonw_obj_end(&w);
			} else {
				jsonw_null(&w);
			}
			jsonw_knum(&w, "tolerance", v->tolerance);
			jsonw_key(&w, "version");
			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "date", v->date);
			jsonw_kstr(&w, "decision", v->decision);
			jsonw_kint(&w, "number", (int64_t)(v - g->versions) + 1);
			jsonw_kint(&w, "of", (int64_t)g->nversions);
			jsonw_obj_end(&w);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
}

static void write_csv(struct buf *b, const struct strategy *st, const char *at)
{
	static const char *const head[] = {"pejlemaerke", "goal", "main", "title", "measure", "direction", "sampling",
					   "cadence", "baseline_period", "baseline_value", "target_kind",
					   "target_value", "target_resolved", "target_period", "owner", "version_date",
					   NULL};
	struct csvw w;

	csvw_init(&w, b);
	for (size_t k = 0; head[k]; k++)
		csvw_text(&w, head[k]);
	csvw_end_row(&w);
	for (size_t i = 0; i < st->npejlemaerker; i++)
		for (size_t j = 0; j < st->pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &st->pejlemaerker[i].goals[j];
			const struct goal_version *v = goal_version_at(g, at);
			double t = 0;
			bool has_t;

			if (!v)
				continue;
			has_t = goal_version_target(v, &t);
			csvw_int(&w, st->pejlemaerker[i].number);
			csvw_text(&w, g->code);
			csvw_int(&w, g->main);
			csvw_text(&w, v->title);
			csvw_text(&w, measure_name(v->measure));
			csvw_text(&w, direction_name(v->direction));
			csvw_text(&w, sampling_name(v->sampling));
			csvw_text(&w, cadence_name(v->cadence));
			csvw_text(&w, v->has_baseline ? v->baseline_period : NULL);
			if (v->has_baseline)
				csvw_num(&w, v->baseline_value, -1);
			else
				csvw_text(&w, NULL);
			csvw_text(&w, target_kind_name(v->target_kind));
			if (v->target_kind != TARGET_NONE)
				csvw_num(&w, v->target_value, -1);
			else
				csvw_text(&w, NULL);
			if (has_t)
				csvw_num(&w, t, -1);
			else
				csvw_text(&w, NULL);
			csvw_text(&w, v->target_period);
			csvw_text(&w, v->owner);
			csvw_text(&w, v->date);
			csvw_end_row(&w);
		}
}

static void write_text(struct buf *b, const struct strategy *st, const char *at)
{
	static const char *const head[] = {"pm", "goal", "title", "measure", "dir", "cadence", "baseline", "target",
					   NULL};
	struct table t;

	buf_printf(b, "%s (%s, %d–%d)\n\n", st->name, st->code, st->valid_from, st->valid_to);
	table_init(&t, head);
	table_cap(&t, 2, 56);
	for (size_t i = 0; i < st->npejlemaerker; i++) {
		const struct pejlemaerke *pm = &st->pejlemaerker[i];
		char num[16];
		const char *row[8] = {num, "", pm->title, "", "", "", "", ""};

		snprintf(num, sizeof num, "%d", pm->number);
		table_row(&t, row);
		for (size_t j = 0; j < pm->ngoals; j++) {
			const struct goal *g = &pm->goals[j];
			const struct goal_version *v = goal_version_at(g, at);
			char code[32], base[64] = "", target[96] = "", x[32], y[32];
			double tv;

			if (!v)
				continue;
			snprintf(code, sizeof code, "%s%s", g->code, g->main ? " *" : "");
			if (v->has_baseline) {
				fmt_value(x, sizeof x, v->baseline_value, v->decimals);
				snprintf(base, sizeof base, "%s: %s", v->baseline_period, x);
			}
			if (v->target_kind == TARGET_NONE) {
				snprintf(target, sizeof target, "direction only");
			} else if (goal_version_target(v, &tv)) {
				fmt_value(x, sizeof x, tv, v->decimals);
				if (v->target_kind == TARGET_DELTA || v->target_kind == TARGET_PERCENT) {
					fmt_value(y, sizeof y, v->target_value, v->decimals);
					snprintf(target, sizeof target, "%s: %s (%s%s%s)", v->target_period, x,
						 v->target_value > 0 ? "+" : "", y,
						 v->target_kind == TARGET_PERCENT ? " %" : "");
				} else {
					snprintf(target, sizeof target, "%s: %s%s", v->target_period,
						 v->target_kind == TARGET_MAX ? "≤ " : v->target_kind == TARGET_MIN ? "≥ " : "",
						 x);
				}
			}
			{
				const char *grow[8] = {"", code, v->title, measure_name(v->measure),
						       direction_name(v->direction), cadence_name(v->cadence), base, target};

				table_row(&t, grow);
			}
		}
	}
	table_render(&t, b);
	table_free(&t);
	buf_puts(b, "\n* main goal of the pejlemærke\n");
}

int cmd_goals_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"strategy", required_argument, NULL, 's'},
						  {"format", required_argument, NULL, 'f'},
						  {"at", required_argument, NULL, 'a'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("goals", "list");
	const char *code = NULL, *at = NULL;
	enum cli_format fmt = FORMAT_TEXT;
	struct strategy_doc *doc;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct date dt;
	char *def;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 's')
			code = optarg;
		else if (ch == 'a') {
			if (!date_parse(&dt, optarg))
				return cli_usage(cmd, "--at %s is not a date YYYY-MM-DD", optarg);
			at = optarg;
		} else if (cli_format_parse(&fmt, optarg, 7) < 0)
			return cli_usage(cmd, "unknown format \"%s\"", optarg);
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
	if (fmt == FORMAT_JSON)
		write_json(&b, &doc->strategy, at);
	else if (fmt == FORMAT_CSV)
		write_csv(&b, &doc->strategy, at);
	else
		write_text(&b, &doc->strategy, at);
	rc = cli_emit(&b, NULL);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}
