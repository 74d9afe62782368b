/*
 * cmd_plans.c — `pejl plans list|add|approve|archive`, `pejl redthread` and
 * `pejl redthread gaps` (DESIGN §7).
 *
 * The views come from src/io/plan_report.c, so the CLI shows what the web
 * shows. "Today" (current plans, overdue milestones) is --today, else
 * $PEJL_TODAY, else the date. CLI writes are audited as cli:$USER and, like
 * `units add`, are not limited to a unit subtree: the CLI is for whoever
 * runs the installation. `plans add` reads the API's plan JSON
 * (src/io/plan_json.h); every mistake is reported and nothing is stored.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/export.h"
#include "io/plan_json.h"
#include "io/plan_report.h"
#include "util/date.h"
#include "util/err.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* text, json, csv or xlsx (the last only into a file or a pipe). */
enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_XLSX };

static int parse_format(enum out_format *out, const struct cli_command *cmd, const char *s)
{
	static const char *const names[] = {"text", "json", "csv", "xlsx"};

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum out_format)i;
			return 0;
		}
	return cli_usage(cmd, "unknown format \"%s\" (text, json, csv or xlsx)", s);
}

static int parse_today(char today[11], const struct cli_command *cmd, const char *s)
{
	struct date d;

	if (!s) {
		date_format(today, date_today_env());
		return 0;
	}
	if (!date_parse(&d, s))
		return cli_usage(cmd, "--today %s is not a date YYYY-MM-DD", s);
	date_format(today, d);
	return 0;
}

/* Writes a table view in the format (CSV or XLSX), or b as it is. */
static int emit(struct buf *b, const struct table *t, enum out_format fmt, const char *sheet, const char *out)
{
	int rc;

	if (fmt == OUT_CSV)
		export_csv(b, t);
	if (fmt == OUT_XLSX) {
		if (!out && isatty(1))
			return err_set(PEJL_EUSAGE, "an XLSX workbook is not for the terminal: use --out FILE or a pipe");
		if ((rc = export_xlsx(b, t, sheet)) < 0)
			return rc;
	}
	return cli_emit(b, out);
}

#define VIEW_OPTS                                                                                                      \
	{"format", required_argument, NULL, 'f'}, {"out", required_argument, NULL, 'o'},                               \
		{"strategy", required_argument, NULL, 's'}, {"today", required_argument, NULL, 'T'}

int cmd_plans_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {VIEW_OPTS,
						  {"unit", required_argument, NULL, 'u'},
						  {"subtree", no_argument, NULL, 'S'},
						  {"all", no_argument, NULL, 'A'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("plans", "list");
	enum out_format fmt = OUT_TEXT;
	struct plan_select sel = {0};
	struct plan_report rep;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct table t = {0};
	const struct plan **v;
	const char *out = NULL, *strategy = NULL, *today_arg = NULL;
	char today[11];
	size_t n;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		switch (ch) {
		case 'f':
			if ((rc = parse_format(&fmt, cmd, optarg)) < 0)
				return rc;
			break;
		case 'o': out = optarg; break;
		case 's': strategy = optarg; break;
		case 'T': today_arg = optarg; break;
		case 'u': sel.unit = optarg; break;
		case 'S': sel.subtree = true; break;
		case 'A': sel.all = true; break;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (sel.subtree && !sel.unit)
		return cli_usage(cmd, "--subtree goes with --unit CODE");
	if ((rc = parse_today(today, cmd, today_arg)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = plan_report_load(&rep, s, c->a, strategy, today, false)) < 0)
		goto out;
	if (sel.unit && !plan_report_unit_exists(&rep, sel.unit)) {
		rc = err_set(PEJL_ENOTFOUND, "there is no unit %s", sel.unit);
		goto out;
	}
	n = plan_report_select(&v, &rep, &sel, c->a);
	if (fmt == OUT_JSON)
		plan_report_plans_json(&b, &rep, v, n, true);
	else if (fmt == OUT_TEXT)
		plan_report_plans_text(&b, &rep, v, n);
	else
		plan_report_plans_table(&t, &rep, v, n);
	rc = emit(&b, &t, fmt, "plans", out);
out:
	if (t.cells)
		table_free(&t);
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_redthread(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {VIEW_OPTS,
						  {"pejlemaerke", required_argument, NULL, 'p'},
						  {"unit", required_argument, NULL, 'u'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("redthread", NULL);
	enum out_format fmt = OUT_TEXT;
	struct plan_report rep;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct table t = {0};
	const char *out = NULL, *strategy = NULL, *today_arg = NULL, *unit = NULL;
	char today[11], *end;
	long number = 0;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		switch (ch) {
		case 'f':
			if ((rc = parse_format(&fmt, cmd, optarg)) < 0)
				return rc;
			break;
		case 'o': out = optarg; break;
		case 's': strategy = optarg; break;
		case 'T': today_arg = optarg; break;
		case 'u': unit = optarg; break;
		case 'p':
			number = strtol(optarg, &end, 10);
			if (!*optarg || *end || number < 1 || number > 1000)
				return cli_usage(cmd, "--pejlemaerke %s is not a pejlemærke number", optarg);
			break;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\" (did you mean 'pejl redthread gaps'?)", argv[optind]);
	if (unit && number)
		return cli_usage(cmd, "give --pejlemaerke or --unit, not both");
	if ((rc = parse_today(today, cmd, today_arg)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = plan_report_load(&rep, s, c->a, strategy, today, !unit)) < 0)
		goto out;
	if (unit) {
		struct unit_plan *up;
		size_t n;

		if (!plan_report_unit_exists(&rep, unit)) {
			rc = err_set(PEJL_ENOTFOUND, "there is no unit %s", unit);
			goto out;
		}
		redthread_unit(&up, &n, rep.plans, rep.nplans, unit, c->a);
		if (fmt == OUT_JSON)
			plan_report_unit_json(&b, &rep, unit, up, n, true);
		else if (fmt == OUT_TEXT)
			plan_report_unit_text(&b, &rep, unit, up, n);
		else
			plan_report_unit_table(&t, &rep, unit, up, n);
	} else {
		struct redthread rt;
		bool found = number == 0;

		for (size_t i = 0; i < rep.st->npejlemaerker; i++)
			found |= rep.st->pejlemaerker[i].number == number;
		if (!found) {
			rc = err_set(PEJL_ENOTFOUND, "strategy %s has no pejlemærke %ld", rep.st->code, number);
			goto out;
		}
		redthread_build(&rt, rep.st, rep.plans, rep.nplans, c->a);
		if (fmt == OUT_JSON)
			plan_report_thread_json(&b, &rep, &rt, (int)number, true);
		else if (fmt == OUT_TEXT)
			plan_report_thread_text(&b, &rep, &rt, (int)number);
		else
			plan_report_thread_table(&t, &rep, &rt, (int)number);
	}
	rc = emit(&b, &t, fmt, "redthread", out);
out:
	if (t.cells)
		table_free(&t);
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_redthread_gaps(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {VIEW_OPTS, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("redthread", "gaps");
	enum out_format fmt = OUT_TEXT;
	struct plan_report rep;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct table t = {0};
	struct gaps g;
	const char *out = NULL, *strategy = NULL, *today_arg = NULL;
	char today[11];
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		switch (ch) {
		case 'f':
			if ((rc = parse_format(&fmt, cmd, optarg)) < 0)
				return rc;
			break;
		case 'o': out = optarg; break;
		case 's': strategy = optarg; break;
		case 'T': today_arg = optarg; break;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = parse_today(today, cmd, today_arg)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = plan_report_load(&rep, s, c->a, strategy, today, false)) < 0 ||
	    (rc = redthread_gaps(&g, rep.st, rep.plans, rep.nplans, rep.doc->units, rep.doc->nunits, today, c->a)) < 0)
		goto out;
	if (fmt == OUT_JSON)
		plan_report_gaps_json(&b, &rep, &g, true);
	else if (fmt == OUT_TEXT)
		plan_report_gaps_text(&b, &rep, &g);
	else
		plan_report_gaps_table(&t, &rep, &g);
	rc = emit(&b, &t, fmt, "gaps", out);
out:
	if (t.cells)
		table_free(&t);
	buf_free(&b);
	store_close(s);
	return rc;
}

/* --- writing plans -------------------------------------------------------------------------- */

/* The default strategy (with units) and every plan. */
static int context(struct strategy_doc **doc, struct plan **plans, size_t *nplans, struct store *s, struct arena *a)
{
	char *code;
	int rc;

	if ((rc = store_strategy_default(&code, s, a)) < 0 || (rc = store_strategy_load(doc, s, a, code)) < 0)
		return rc;
	return store_plan_list(plans, nplans, s, a);
}

int cmd_plans_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"dry-run", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("plans", "add");
	struct strategy_doc *doc;
	struct plan p, *plans;
	struct store *s = NULL;
	struct diag d;
	json_error_t je;
	json_t *j = NULL;
	const char *path;
	char *data, *prefix;
	size_t len, nplans;
	bool dry = false;
	long id;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		dry = true;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind == argc ? "which file?" : "one file at a time");
	path = argv[optind];
	diag_init(&d);
	if ((rc = cli_read_file(&data, &len, c, path, 1 << 20)) < 0)
		goto out;
	if (!(j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je))) {
		rc = err_set(PEJL_EINPUT, "%s:%d:%d: not valid JSON: %s", path, je.line, je.column, je.text);
		goto out;
	}
	if (!json_is_object(j)) {
		rc = err_set(PEJL_EINPUT, "%s: the file must hold one plan (a JSON object)", path);
		goto out;
	}
	prefix = arena_printf(c->a, "%s: $.", path);
	plan_json_read(&p, j, path, c->a, &d);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = context(&doc, &plans, &nplans, s, c->a)) < 0)
		goto out;
	if (!p.strategy)
		p.strategy = doc->strategy.code;
	p.created_by = c->actor;
	if (!diag_errors(&d))
		plan_check(&p, &doc->strategy, doc->units, doc->nunits, plans, nplans, true, prefix, &d);
	if (diag_errors(&d)) {
		diag_print(&d, stderr);
		rc = err_set(PEJL_EINPUT, "%s: %zu mistake%s; nothing was stored", path, diag_errors(&d),
			     diag_errors(&d) == 1 ? "" : "s");
		goto out;
	}
	if (dry) {
		printf("%s: plan %s is valid (%zu initiatives); nothing stored (--dry-run).\n", path, p.code, p.ninitiatives);
		goto out;
	}
	if ((rc = store_begin(s)) < 0)
		goto out;
	if ((rc = store_plan_create(&id, s, &p)) < 0 || (rc = store_audit(s, c->actor, "plan.create", p.code, p.title)) < 0 ||
	    (rc = store_commit(s)) < 0)
		goto out;
	printf("Added plan %s (a draft, version 1) with %zu initiatives.\n", p.code, p.ninitiatives);
out:
	json_decref(j);
	diag_free(&d);
	store_close(s);
	return rc;
}

static int date_option(const struct cli_command *cmd, const char *name, const char *v)
{
	struct date dt;

	if (!v)
		return cli_usage(cmd, "--%s DATE is required", name);
	if (!date_parse(&dt, v))
		return err_set(PEJL_EINPUT, "--%s \"%s\" is not a real date YYYY-MM-DD", name, v);
	return 0;
}

int cmd_plans_approve(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"on", required_argument, NULL, 'o'},
						  {"by", required_argument, NULL, 'b'},
						  {"decision", required_argument, NULL, 'd'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("plans", "approve");
	struct strategy_doc *doc;
	struct plan *plans;
	const struct plan *draft = NULL;
	struct store *s = NULL;
	struct diag d;
	const char *on = NULL, *by = NULL, *decision = NULL, *code;
	size_t nplans;
	int ch, rc, version;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'o')
			on = optarg;
		else if (ch == 'b')
			by = optarg;
		else
			decision = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "which plan code?");
	code = argv[optind];
	if ((rc = date_option(cmd, "on", on)) < 0)
		return rc;
	if (!by || !*by || !decision || !*decision)
		return cli_usage(cmd, "--by WHO and --decision REF are required");
	diag_init(&d);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = context(&doc, &plans, &nplans, s, c->a)) < 0)
		goto out;
	for (size_t i = 0; i < nplans; i++)
		if (strcmp(plans[i].code, code) == 0 && plans[i].status == PLAN_DRAFT)
			draft = &plans[i];
	if (!draft) {
		rc = plan_shown(plans, nplans, code) < 0 ? err_set(PEJL_ENOTFOUND, "there is no plan %s", code)
							 : err_set(PEJL_ECONFLICT, "plan %s has no draft to approve", code);
		goto out;
	}
	/* what is approved must hold up against the strategy and units of today */
	if (plan_validate(draft, strcmp(draft->strategy, doc->strategy.code) == 0 ? &doc->strategy : NULL, doc->units,
			  doc->nunits, arena_printf(c->a, "%s v%d: ", code, draft->version), &d)) {
		diag_print(&d, stderr);
		rc = err_set(PEJL_EINPUT, "plan %s was not approved", code);
		goto out;
	}
	if ((rc = store_begin(s)) < 0)
		goto out;
	if ((rc = store_plan_approve(&version, s, code, on, by, decision)) < 0 ||
	    (rc = store_audit(s, c->actor, "plan.approve", arena_printf(c->a, "%s v%d", code, version),
			      arena_printf(c->a, "%s, %s: %s", on, by, decision))) < 0 ||
	    (rc = store_commit(s)) < 0)
		goto out;
	printf("Approved plan %s version %d on %s (%s).\n", code, version, on, decision);
out:
	diag_free(&d);
	store_close(s);
	return rc;
}

int cmd_plans_archive(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"on", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("plans", "archive");
	struct store *s = NULL;
	const char *on = NULL, *code;
	int ch, rc, version;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		on = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "which plan code?");
	code = argv[optind];
	if ((rc = date_option(cmd, "on", on)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_begin(s)) < 0)
		goto out;
	if ((rc = store_plan_archive(&version, s, code, on)) < 0 ||
	    (rc = store_audit(s, c->actor, "plan.archive", arena_printf(c->a, "%s v%d", code, version), on)) < 0 ||
	    (rc = store_commit(s)) < 0)
		goto out;
	printf("Archived plan %s version %d; its last day in force is %s.\n", code, version, on);
out:
	store_close(s);
	return rc;
}
