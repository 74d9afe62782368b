/*
 * cmd_feedback.c — `pejl feedback import|outcomes`, `pejl access log` and
 * `pejl retention run`. Every read of citizen-level data is written to the
 * access log (DESIGN §5), one entry per episode read.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/csvw.h"
#include "io/feedback_compute.h"
#include "io/feedback_import.h"
#include "io/feedback_report.h"
#include "io/table.h"
#include "io/instrument_file.h"
#include "io/jsonw.h"
#include "io/secret.h"
#include "util/date.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *key_path(const char *given)
{
	const char *env = getenv("PEJL_KEY");

	return given ? given : env && *env ? env : "pejl.key";
}

static int load_instruments(struct instrument_set *set, struct arena *a)
{
	struct diag d;
	int rc;

	diag_init(&d);
	rc = instrument_builtin(set, a, &d);
	if (rc < 0)
		diag_print(&d, stderr);
	diag_free(&d);
	return rc;
}

int cmd_feedback_import(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dry-run", no_argument, NULL, 'n'}, {"key", required_argument, NULL, 'k'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("feedback", "import");
	struct feedback_import_result res;
	struct instrument_set set;
	struct pseudonym_key key;
	const char *kpath = NULL;
	struct store *s = NULL;
	struct diag d;
	bool dry = false;
	char *data;
	size_t len;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'n')
			dry = true;
		else
			kpath = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind == argc ? "which file?" : "one file at a time");
	if ((rc = secret_init()) < 0 || (rc = pseudonym_key_load(&key, key_path(kpath))) < 0)
		return rc;
	diag_init(&d);
	if ((rc = load_instruments(&set, c->a)) < 0 ||
	    (rc = cli_read_file(&data, &len, c, argv[optind], 256u << 20)) < 0 || (rc = cli_open(&s, c, 0)) < 0)
		goto out;
	rc = feedback_import(&res, s, c->a, argv[optind], data, len, &key, &set, c->actor, dry, &d);
	diag_print(&d, stderr);
	if (rc < 0)
		goto out;
	printf("%s%s: %zu row%s; episodes %zu new, %zu known; forms %zu new, %zu unchanged.\n",
	       dry ? "Dry run, nothing stored. " : "", argv[optind], res.rows, res.rows == 1 ? "" : "s",
	       res.episodes_added, res.episodes_existing, res.forms_added, res.forms_unchanged);
out:
	pseudonym_key_wipe(&key);
	diag_free(&d);
	store_close(s);
	return rc;
}

static void json_opt(struct jsonw *w, const char *k, bool has, double v)
{
	jsonw_key(w, k);
	if (has)
		jsonw_num(w, v);
	else
		jsonw_null(w);
}

static void outcome_json(struct jsonw *w, const struct feedback_episode *ep, const struct feedback_outcome *o,
			 const struct feedback_alerts *al)
{
	jsonw_obj_begin(w);
	jsonw_kstr(w, "episode", ep->id);
	jsonw_kstr(w, "rater", o->rater);
	jsonw_kstr(w, "unit", ep->unit);
	jsonw_kstr(w, "age_band", age_band_name(ep->band));
	jsonw_kstr(w, "instrument", o->instrument);
	json_opt(w, "intake", o->has_intake, o->intake);
	json_opt(w, "latest", o->has_latest, o->latest);
	json_opt(w, "change", o->has_change, o->change);
	jsonw_kbool(w, "reliable_improvement", o->reliable_improvement);
	jsonw_kbool(w, "reliable_deterioration", o->reliable_deterioration);
	jsonw_kbool(w, "crossed_cutoff", o->crossed_cutoff);
	jsonw_kbool(w, "intake_above_cutoff", o->intake_above_cutoff);
	jsonw_kstr(w, "class", outcome_class_name(o->cls));
	jsonw_kbool(w, "open", ep->end == NULL);
	jsonw_key(w, "alerts");
	jsonw_arr_begin(w);
	for (size_t i = 0; al && i < al->n; i++) {
		jsonw_obj_begin(w);
		jsonw_kstr(w, "code", feedback_alert_name(al->list[i].code));
		jsonw_kint(w, "session", al->list[i].session);
		jsonw_knum(w, "value", al->list[i].value);
		jsonw_knum(w, "threshold", al->list[i].threshold);
		jsonw_kstr(w, "da", al->list[i].da);
		jsonw_kstr(w, "en", al->list[i].en);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

/* Where outcomes go: JSON or CSV into one buffer. */
struct outcome_out {
	enum cli_format fmt;
	struct jsonw w;
	struct csvw cw;
};

static void outcome_emit(struct outcome_out *out, const struct feedback_episode *ep, const struct feedback_outcome *o,
			 const struct feedback_alerts *al)
{
	struct csvw *cw = &out->cw;
	char alerts[256] = "";

	if (out->fmt == FORMAT_JSON) {
		outcome_json(&out->w, ep, o, al);
		return;
	}
	for (size_t q = 0; al && q < al->n; q++)
		snprintf(alerts + strlen(alerts), sizeof alerts - strlen(alerts), "%s%s", q ? " " : "",
			 feedback_alert_name(al->list[q].code));
	csvw_text(cw, ep->id);
	csvw_text(cw, o->rater);
	csvw_text(cw, ep->unit);
	csvw_text(cw, age_band_name(ep->band));
	csvw_text(cw, o->instrument);
	if (o->has_intake)
		csvw_num(cw, o->intake, -1);
	else
		csvw_text(cw, NULL);
	if (o->has_latest)
		csvw_num(cw, o->latest, -1);
	else
		csvw_text(cw, NULL);
	if (o->has_change)
		csvw_num(cw, o->change, -1);
	else
		csvw_text(cw, NULL);
	csvw_int(cw, o->reliable_improvement);
	csvw_int(cw, o->reliable_deterioration);
	csvw_int(cw, o->crossed_cutoff);
	csvw_int(cw, o->intake_above_cutoff);
	csvw_text(cw, outcome_class_name(o->cls));
	csvw_int(cw, ep->end == NULL);
	csvw_text(cw, alerts);
	csvw_end_row(cw);
}

/* A collateral rater's outcome, kept to be written after the self-ratings. */
struct collateral {
	struct feedback_episode ep; /* id, unit, band and end only */
	struct feedback_outcome o;
};

struct outcomes_run {
	struct cli *c;
	struct store *s;
	const struct instrument_set *set;
	struct outcome_out *out;
	struct feedback_scratch scratch;
	struct collateral *coll;
	size_t ncoll, capcoll;
};

/* One episode: its self outcome now, its collateral ones kept, the read
 * logged. */
static int outcomes_episode(void *ctx, const struct episode_row *row)
{
	struct outcomes_run *run = ctx;
	struct feedback_episode ep;
	struct feedback_outcome o;
	struct feedback_alerts al = {0};
	const char *raters[16];
	size_t nr;

	feedback_episode_from_row_in(&ep, row, &run->scratch);
	if (feedback_outcome(&o, &ep, run->set, "self") == 0) {
		feedback_alerts(&al, &ep, run->set);
		outcome_emit(run->out, &ep, &o, &al);
	}
	nr = feedback_raters(raters, 16, &ep);
	for (size_t k = 0; k < nr && k < 16; k++) {
		struct collateral *cl;

		if (feedback_outcome(&o, &ep, run->set, raters[k]) < 0)
			continue;
		if (run->ncoll == run->capcoll) {
			run->capcoll = run->capcoll ? run->capcoll * 2 : 64;
			run->coll = xreallocarray(run->coll, run->capcoll, sizeof *run->coll);
		}
		cl = &run->coll[run->ncoll++];
		memset(cl, 0, sizeof *cl);
		cl->ep.id = arena_strdup(run->c->a, ep.id);
		cl->ep.unit = arena_strdup(run->c->a, ep.unit);
		cl->ep.end = ep.end ? arena_strdup(run->c->a, ep.end) : NULL;
		cl->ep.band = ep.band;
		cl->o = o;
		cl->o.rater = arena_strdup(run->c->a, o.rater);
	}
	return store_access_log(run->s, run->c->actor, "feedback.outcomes", row->pseudonym, row->code, "cli");
}

static int outcomes_rows(void *ctx, const struct episode_row *rows, size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = outcomes_episode(ctx, &rows[i])) != 0)
			return rc;
	return 0;
}

int cmd_feedback_outcomes(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"unit", required_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("feedback", "outcomes");
	const char *unit = NULL;
	const char *units[2] = {NULL, NULL};
	struct instrument_set set;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct outcome_out out = {.fmt = FORMAT_JSON};
	struct outcomes_run run = {0};
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'u')
			unit = optarg;
		else if (cli_format_parse(&out.fmt, optarg, (1u << FORMAT_JSON) | (1u << FORMAT_CSV)) < 0)
			return cli_usage(cmd, "--format is json or csv");
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	units[0] = unit;
	if ((rc = load_instruments(&set, c->a)) < 0 || (rc = cli_open(&s, c, 0)) < 0)
		goto out;
	if (out.fmt == FORMAT_JSON) {
		jsonw_init(&out.w, &b, true);
		jsonw_arr_begin(&out.w);
	} else {
		static const char *const head[] = {"episode", "rater", "unit", "age_band", "instrument", "intake",
						   "latest", "change", "reliable_improvement", "reliable_deterioration",
						   "crossed_cutoff", "intake_above_cutoff", "class", "open", "alerts",
						   NULL};

		csvw_init(&out.cw, &b);
		for (size_t i = 0; head[i]; i++)
			csvw_text(&out.cw, head[i]);
		csvw_end_row(&out.cw);
	}
	run.c = c;
	run.s = s;
	run.set = &set;
	run.out = &out;
	/* every episode read is logged, in one transaction with the reads; the
	 * whole organisation is read one episode at a time (by id), a unit's
	 * episodes at once (by code) */
	if ((rc = store_begin(s)) < 0)
		goto out;
	if (unit) {
		struct episode_row *eps;
		size_t n;

		if ((rc = store_episodes(&eps, &n, s, c->a, units)) < 0 || (rc = outcomes_rows(&run, eps, n)) < 0)
			goto out;
	} else if ((rc = store_episodes_each(s, outcomes_episode, &run)) < 0) {
		goto out;
	}
	for (size_t i = 0; i < run.ncoll; i++) /* collateral raters apart, after the citizens' own */
		outcome_emit(&out, &run.coll[i].ep, &run.coll[i].o, NULL);
	if (out.fmt == FORMAT_JSON)
		jsonw_arr_end(&out.w);
	if ((rc = buf_error(&b)) < 0 || (rc = store_commit(s)) < 0)
		goto out;
	rc = cli_emit(&b, NULL);
out:
	feedback_scratch_free(&run.scratch);
	free(run.coll);
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_feedback_aggregates(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
						 {"unit", required_argument, NULL, 'u'},
						 {"period", required_argument, NULL, 'p'},
						 {"k", required_argument, NULL, 'k'},
						 {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("feedback", "aggregates");
	enum cli_format fmt = FORMAT_TEXT;
	const char *unit = NULL, *period = NULL;
	long k = SUPPRESS_K_INTERNAL;
	struct instrument_set set;
	struct feedback_units_view v;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'u') {
			unit = optarg;
		} else if (ch == 'p') {
			period = optarg;
		} else if (ch == 'k') {
			char *end;

			k = strtol(optarg, &end, 10);
			if (*end || end == optarg || k < 1 || k > 100)
				return cli_usage(cmd, "--k is a whole number from 1 to 100");
		} else if (cli_format_parse(&fmt, optarg, (1u << FORMAT_TEXT) | (1u << FORMAT_JSON) | (1u << FORMAT_CSV)) < 0) {
			return cli_usage(cmd, "--format is text, json or csv");
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (!period)
		return cli_usage(cmd, "--period is required (e.g. --period 2017)");
	if ((rc = load_instruments(&set, c->a)) < 0 || (rc = cli_open(&s, c, 0)) < 0 ||
	    (rc = feedback_units_view(&v, s, c->a, unit, period, &set, k)) < 0)
		goto out;
	if (fmt == FORMAT_JSON) {
		struct jsonw w;

		jsonw_init(&w, &b, true);
		feedback_units_json(&w, &v);
		buf_putc(&b, '\n');
	} else if (fmt == FORMAT_CSV) {
		struct csvw w;

		csvw_init(&w, &b);
		feedback_units_csv(&w, &v);
	} else {
		static const char *const head[] = {"unit", "instrument", "episodes", "citizens", "change", "d",
						   "recovered %", "improved %", "deteriorated %", "unplanned %",
						   "sessions", "alliance ok %", NULL};
		struct table t;

		table_init(&t, head);
		for (size_t i = 0; i < v.nrows; i++) {
			const struct feedback_unit_row *r = &v.rows[i];
			const struct feedback_aggregate *ag = &r->ag;
			char name[96], cells[10][32];
			const char *row[12];

			snprintf(name, sizeof name, "%*s%s", 2 * r->depth, "", v.ix.codes[r->code]);
			row[0] = name;
			row[1] = r->instrument;
#define NUM(i, has, val, dec) \
	(snprintf(cells[i], sizeof cells[i], "%.*f", dec, val), row[2 + i] = r->hidden ? "·" : (has) ? cells[i] : "–")
			NUM(0, true, (double)ag->episodes, 0);
			NUM(1, true, (double)ag->citizens, 0);
			NUM(2, ag->has_means, ag->mean_change, 1);
			NUM(3, ag->has_effect, ag->effect_size, 2);
			NUM(4, ag->classified > 0, ag->pct_recovered, 1);
			NUM(5, ag->classified > 0, ag->pct_improved, 1);
			NUM(6, ag->classified > 0, ag->pct_deteriorated, 1);
			NUM(7, ag->has_unplanned, ag->pct_unplanned, 1);
			NUM(8, ag->has_sessions, ag->mean_sessions, 1);
			NUM(9, ag->has_alliance_share, ag->pct_alliance_ok, 1);
#undef NUM
			table_row(&t, row);
		}
		buf_printf(&b, "Feedback aggregates for episodes that ended %s to %s (%zu episodes); · = hidden, fewer "
			       "than %ld citizens or to protect such a cell\n\n",
			   v.first, v.last, v.nepisodes, k);
		table_render(&t, &b);
		table_free(&t);
	}
	rc = cli_emit(&b, NULL);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_feedback_compute(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("feedback", "compute");
	struct instrument_set set;
	struct fbcompute_result cr;
	struct store *s = NULL;
	long batch;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", NULL)) != -1)
		if (ch < 0)
			return ch;
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = load_instruments(&set, c->a)) < 0 || (rc = cli_open(&s, c, 0)) < 0 || (rc = store_begin(s)) < 0)
		goto out;
	if ((rc = store_batch_add(&batch, s, c->actor, "computed", "feedback compute", NULL)) < 0 ||
	    (rc = feedback_compute_units(&cr, s, c->a, &set, NULL, batch)) < 0 ||
	    (rc = store_batch_finish(s, batch, (long)cr.cells, (long)cr.changed, 0)) < 0 ||
	    (cr.changed && (rc = store_audit(s, c->actor, "feedback.compute", "goals", "computed from feedback")) < 0)) {
		store_rollback(s);
		goto out;
	}
	if ((rc = store_commit(s)) < 0)
		goto out;
	printf("Goals computed from feedback: %zu; cells %zu, of which %zu changed.\n", cr.goals, cr.cells, cr.changed);
out:
	store_close(s);
	return rc;
}

int cmd_access_log(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("access", "log");
	struct access_entry *v;
	struct store *s = NULL;
	size_t n, limit = 100;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		limit = strtoul(optarg, NULL, 10);
		if (limit == 0 || limit > 100000)
			return cli_usage(cmd, "--limit is a number from 1 to 100000");
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_access_list(&v, &n, s, c->a, limit)) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		printf("%s  %-20s %-20s %-12s %s  %s\n", v[i].at, v[i].actor, v[i].what, v[i].episode ? v[i].episode : "-",
		       v[i].pseudonym ? v[i].pseudonym : "-", v[i].via);
out:
	store_close(s);
	return rc;
}

int cmd_retention_run(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"years", required_argument, NULL, 'y'},
						  {"log-months", required_argument, NULL, 'm'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("retention", "run");
	long years = 5, months = 6, unlinked, deleted;
	struct store *s = NULL;
	struct date today = date_today(), cut;
	char ended[11], logcut[32];
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'y' && ((years = strtol(optarg, NULL, 10)) < 1 || years > 100))
			return cli_usage(cmd, "--years is a number from 1 to 100");
		if (ch == 'm' && ((months = strtol(optarg, NULL, 10)) < 1 || months > 120))
			return cli_usage(cmd, "--log-months is a number from 1 to 120");
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	cut = today;
	cut.year -= (int)years;
	if (cut.month == 2 && cut.day == 29 && !date_is_leap(cut.year))
		cut.day = 28;
	date_format(ended, cut);
	{
		int m = today.month - (int)months, y = today.year;

		while (m < 1) {
			m += 12;
			y--;
		}
		snprintf(logcut, sizeof logcut, "%04d-%02d-%02dT00:00:00Z", y, m,
			 today.day > date_days_in_month(y, m) ? date_days_in_month(y, m) : today.day);
	}
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_begin(s)) < 0)
		goto out;
	if ((rc = store_retention(&unlinked, &deleted, s, ended, logcut)) < 0 ||
	    (rc = store_audit(s, c->actor, "retention.run", ended, logcut)) < 0 || (rc = store_commit(s)) < 0)
		goto out;
	printf("Retention: %ld episode%s that ended before %s lost the citizen link; %ld access-log entr%s older than "
	       "%s deleted.\n",
	       unlinked, unlinked == 1 ? "" : "s", ended, deleted, deleted == 1 ? "y" : "ies", logcut);
out:
	store_close(s);
	return rc;
}
