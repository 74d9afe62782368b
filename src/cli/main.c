/*
 * main.c — the pejl command line: global options, the command table, help,
 * and the one place where an error code becomes an exit status.
 *
 * Usage: pejl [--db URL] COMMAND [SUBCOMMAND] [OPTIONS]. --db may also come
 * after the command. Exit codes (DESIGN §7): 0 ok, 1 bad input, 2 usage,
 * 3 not found, 4 permission, 5 storage/IO.
 */
#include "cli/cli.h"

#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

static const struct cli_command commands[] = {
	{"init", NULL, cmd_init, "[--strategy NAME|FILE] [--demo]", "create a database and load a strategy",
	 "Creates the database given by --db (if it does not exist), applies the schema and loads a\n"
	 "strategy: a built-in one by name (default kk-2014, the City of Copenhagen's social strategy\n"
	 "2014-2017) or a strategy file (see docs/strategy-file.md). With --demo it also adds\n"
	 "synthetic demo data, clearly labelled as such. Running init again on a database that\n"
	 "already holds the strategy changes nothing.\n"},
	{"strategy", "import", cmd_strategy_import, "FILE [--dry-run]", "load a strategy file",
	 "Reads a strategy file (JSON, docs/strategy-file.md) and loads it in one transaction. Every\n"
	 "mistake is reported with its JSON path, and if there is any, nothing is loaded (exit 1).\n"
	 "A strategy that exists already may only gain new goal versions (history is never\n"
	 "rewritten). --dry-run checks everything and loads nothing. FILE may be - for stdin.\n"},
	{"strategy", "export", cmd_strategy_export, "[--strategy CODE] [--format json] [--out FILE]",
	 "write a strategy file",
	 "Writes the strategy (default: the one with the latest start year) with every goal version,\n"
	 "and the organisation units and target groups, as a strategy file. Export, import into a\n"
	 "new database and export again gives the same bytes.\n"},
	{"strategy", "list", cmd_strategy_list, "[--format text|json|csv]", "list the strategies",
	 "Lists the strategies in the database, newest first.\n"},
	{"goals", "list", cmd_goals_list, "[--strategy CODE] [--at DATE] [--format text|json|csv]",
	 "list pejlemærker and their goals",
	 "Lists every pejlemærke of the strategy with its goals: measure, direction, cadence, baseline\n"
	 "and target of the version in force (today, or at --at YYYY-MM-DD).\n"},
	{"import", "measurements", cmd_import_measurements, "FILE [--dry-run] [--strategy CODE] [--sheet NAME]",
	 "import measurements from CSV or XLSX",
	 "Reads measurements (one row per goal, period, unit and target group) from a CSV or XLSX\n"
	 "file. Columns, found by their header names in any order: goal, period, unit, group, value,\n"
	 "numerator, denominator, n, sd, state, source, note. Only goal, period and what the goal's\n"
	 "measure type needs are required: value for a count; numerator and denominator for a\n"
	 "proportion or rate; value (the mean) and n, optionally sd, for a mean. An empty unit means\n"
	 "the whole organisation; an empty group means all target groups. state is ok (default),\n"
	 "estimate, break (the first value after a change of method) or missing. CSV may be comma or\n"
	 "semicolon separated, with decimal point or comma, UTF-8 with or without BOM.\n\n"
	 "The import is all or nothing: every problem is reported as FILE:LINE:COLUMN and if there\n"
	 "is any, nothing is stored (exit 1). A row equal to what is stored adds nothing; a changed\n"
	 "value becomes a new revision (the history stays). --dry-run checks and stores nothing.\n"},
	{"measurements", "list", cmd_measurements_list,
	 "GOAL [--period P] [--unit CODE] [--group CODE] [--history] [--format text|json|csv]",
	 "the stored measurements of a goal",
	 "Lists what is stored for a goal: the latest revision of each period, unit and group, or\n"
	 "with --history every revision (a correction never overwrites: it adds a revision), with\n"
	 "who stored it and when.\n"},
	{"status", NULL, cmd_status,
	 "[--period P] [--unit CODE] [--group CODE] [--format text|json|csv] [--lang da|en]",
	 "the status of every goal and pejlemærke",
	 "Decides and explains the status of every goal at a period (default: the strategy's last\n"
	 "year, or last year): met, on track, progress, no change, decline, no data, or not\n"
	 "comparable (data break), with the trend against the previous value, the expected value on\n"
	 "the way to the target, progress %, and one sentence naming the numbers. Figures are for the\n"
	 "whole organisation, or --unit's subtree, for all target groups or --group. See\n"
	 "docs/status-rules.md.\n"},
	{"feedback", "import", cmd_feedback_import, "FILE [--dry-run] [--key FILE]",
	 "import citizen feedback sessions (CSV)",
	 "Reads feedback forms, one row per form filled in: episode, cpr, unit, practitioner, date,\n"
	 "session, instrument, i1..i5 (or total), rater (self, or a collateral's label), skipped\n"
	 "(1 for a session where the form was not filled in), end_date, end_reason (planned or\n"
	 "unplanned). CPR numbers are validated and replaced by pseudonyms (HMAC-SHA-256 with the\n"
	 "key file from --key, PEJL_KEY or ./pejl.key; see pejl keygen) before anything is stored;\n"
	 "they never appear in messages. All or nothing, every problem as FILE:LINE:COLUMN.\n"},
	{"feedback", "outcomes", cmd_feedback_outcomes, "[--unit CODE] [--format json|csv]",
	 "per-episode outcomes, classes and alerts",
	 "For every episode: intake, latest, change, reliable improvement or deterioration, crossed\n"
	 "cutoff, intake above cutoff, class (recovered, improved, unchanged, deteriorated,\n"
	 "insufficient) and the alerts of open episodes, for self-ratings; collateral ratings follow,\n"
	 "apart. Every episode read is written to the access log.\n"},
	{"feedback", "aggregates", cmd_feedback_aggregates,
	 "--period P [--unit CODE] [--k N] [--format text|json|csv]", "feedback figures per unit subtree",
	 "For the episodes that ended in period P: per unit (with the units below it) and outcome\n"
	 "instrument, episodes, citizens, mean intake, final and change, effect size d, % recovered,\n"
	 "improved and deteriorated, % unplanned endings, mean sessions, final alliance and % of\n"
	 "sessions with a good alliance. Cells of fewer than --k citizens (default 3; 5 for public\n"
	 "figures) are hidden, and so are the cells that would give them away. --unit shows one\n"
	 "subtree. Aggregates only: nothing citizen-level is shown or logged.\n"},
	{"feedback", "compute", cmd_feedback_compute, "", "recompute the goals computed from feedback",
	 "Recomputes the figures of every goal whose source is a feedback metric (a goal version's\n"
	 "\"metric\", e.g. ORS:reliable_improvement) from all episodes, per period and unit, and writes\n"
	 "those that changed. Imports and recorded sessions keep them in step by themselves; run this\n"
	 "after restoring data, or to check (a second run changes nothing).\n"},
	{"plans", "list", cmd_plans_list,
	 "[--unit CODE [--subtree]] [--all] [--format text|json|csv|xlsx] [--out FILE]", "list the plans",
	 "Lists the plans: target-group plans, centre plans, development plans and action plans,\n"
	 "one row per plan (the version in force, else the one being prepared, else the latest),\n"
	 "or every version with --all. --unit lists the plans the unit owns; with --subtree also\n"
	 "those of the units below it. The first column is the plan code. JSON holds each plan\n"
	 "with its initiatives, milestones, partners and links; xlsx writes a workbook (--out).\n"},
	{"plans", "add", cmd_plans_add, "FILE [--dry-run]", "add a plan from a JSON file (a draft)",
	 "Reads one plan in the JSON form of the API (docs/decisions.md; GET /api/v1/plans/CODE\n"
	 "gives an example) with its initiatives, milestones, partners and links, checks it against\n"
	 "the strategy, the units and the other plans, and stores it as a draft, version 1. Every\n"
	 "mistake is reported with its JSON path and nothing is stored (exit 1). --dry-run checks\n"
	 "only. FILE may be - for stdin.\n"},
	{"plans", "approve", cmd_plans_approve, "CODE --on DATE --by WHO --decision REF", "approve a plan's draft",
	 "Approves the draft of a plan: the date, who approved it (a person or a body) and the\n"
	 "decision reference. The version approved before it is archived on the same date. An\n"
	 "approved plan is read-only: a change is a new version (on the web or through the API).\n"},
	{"plans", "archive", cmd_plans_archive, "CODE --on DATE", "archive a plan's approved version",
	 "Takes the approved version of a plan out of force; DATE is its last day.\n"},
	{"redthread", NULL, cmd_redthread,
	 "[--pejlemaerke N | --unit CODE] [--today DATE] [--format text|json|csv|xlsx] [--out FILE]",
	 "goal → initiative → plan → unit",
	 "The red thread from the strategy to the units: for every pejlemærke (or only N) its\n"
	 "goals, the initiatives serving each goal (and those serving the pejlemærke as a whole),\n"
	 "the plans they belong to and the units owning those plans, with each goal's latest\n"
	 "commentary. Only the version of a plan in force (else the draft) counts. A goal nothing\n"
	 "serves has a row with empty initiative columns. With --unit: the unit's plans, the\n"
	 "plans above and below them, and what their initiatives serve.\n"},
	{"redthread", "gaps", cmd_redthread_gaps, "[--today DATE] [--format text|json|csv|xlsx] [--out FILE]",
	 "what serves nothing, what nothing serves",
	 "The gaps of the red thread on --today (default: $PEJL_TODAY, else today): commitments and\n"
	 "goals no initiative serves (stopped initiatives serve nothing), units without an approved\n"
	 "plan covering this year, initiatives linked to nothing in the strategy, and milestones\n"
	 "not done and due before today (of planned or active initiatives), oldest first.\n"},
	{"access", "log", cmd_access_log, "[--limit N]", "the access log of citizen-level reads",
	 "Lists the latest reads of citizen-level data: when, who, what, which episode and pseudonym.\n"},
	{"retention", "run", cmd_retention_run, "[--years N] [--log-months M]",
	 "remove old citizen links and old access-log entries",
	 "Episodes that ended more than N years ago (default 5) lose their citizen link (the\n"
	 "pseudonym is cleared; the scores stay for statistics), and access-log entries older than\n"
	 "M months (default 6) are deleted. Run it daily.\n"},
	{"publish", NULL, cmd_publish, "--period P --out DIR [--date YYYY-MM-DD] [--strategy CODE]",
	 "the static public edition of a period",
	 "Writes the frozen public edition of period P as static files into DIR/P (DIR/2016-17 for a\n"
	 "school year): pages in Danish (da/) and English (en/) with the status of every pejlemærke\n"
	 "and goal, charts and data tables, a page on how verdicts are decided, the committee report\n"
	 "(rapport.html, and data/udvalgsrapport.xlsx with a sheet per pejlemærke), and open data in\n"
	 "data/ (CSV with comma and decimal point, CSV for Danish Excel, JSON, and a DCAT-AP-DK\n"
	 "catalogue). Figures resting on fewer than 5 persons are withheld, with complementary\n"
	 "suppression across units and target groups. The edition is written to a temporary\n"
	 "directory and renamed into place; an existing edition of the period is replaced in one\n"
	 "step, and DIR/index.html lists the editions. No clock is read: --date sets the publication\n"
	 "date shown. 'pejl serve' serves DIR under /offentlig ([server] public_dir, PEJL_PUBLIC_DIR).\n"
	 "See docs/publish.md.\n"},
	{"serve", NULL, cmd_serve, "[--listen ADDR:PORT] [--config FILE] [--threads N]",
	 "serve the web application and the JSON API",
	 "Serves the pages and the JSON API (/api/v1, described at /api/v1/openapi.json) on\n"
	 "ADDR:PORT (default 127.0.0.1:8080). The configuration file is INI: [server] listen,\n"
	 "threads; [database] url; [tls] cert, key (HTTPS when both are given); [security]\n"
	 "session_idle_minutes, session_absolute_hours, login_failures, login_window_minutes,\n"
	 "max_upload_mib; [server] public_dir serves the published editions (pejl publish --out)\n"
	 "under /offentlig without a login. PEJL_LISTEN, PEJL_DB, PEJL_THREADS, PEJL_TLS_CERT,\n"
	 "PEJL_TLS_KEY and PEJL_PUBLIC_DIR override it. Stops gracefully on SIGTERM or Ctrl-C. Add users with 'pejl user add'.\n"},
	{"keygen", NULL, cmd_keygen, "[--out FILE]", "make the key that turns CPR numbers into pseudonyms",
	 "Makes the installation key: 32 random bytes in a new file of mode 0600 (--out FILE, else\n"
	 "$PEJL_KEY, else ./pejl.key). CPR numbers are never stored; a citizen is known by\n"
	 "HMAC-SHA-256(key, CPR), so every pseudonym depends on this key. An existing file is never\n"
	 "overwritten (exit 1). Back the key up apart from the database and keep it out of the\n"
	 "database directory: without it no citizen can be matched to their history again.\n"},
	{"user", "add", cmd_user_add, "NAME --role ROLE [--unit CODE]", "add a user of the web application",
	 "Adds a user. ROLE is viewer (reads everything that is not citizen-level), analyst (edits the\n"
	 "strategy and goals, imports measurements, writes commentary), leader (plans and feedback\n"
	 "aggregates for a unit subtree), practitioner (records feedback for own citizens) or admin\n"
	 "(users, units, audit log). Leaders and practitioners need --unit. The password comes from\n"
	 "PEJL_PASSWORD or is asked for on the terminal; at least 10 characters. It is stored only as\n"
	 "an Argon2id hash.\n"},
	{"user", "list", cmd_user_list, "", "list the users", "Lists the users with their roles and units.\n"},
	{"units", "list", cmd_units_list, "[--at DATE | --all] [--format text|json|csv]",
	 "list the organisation units",
	 "Lists the units valid today (or at --at YYYY-MM-DD) as a tree; --all lists every row,\n"
	 "including units that have closed. The first column is the unit code.\n"},
	{"units", "add", cmd_units_add, "CODE --name NAME --kind KIND [--parent CODE] [--from DATE] [--to DATE]",
	 "add an organisation unit",
	 "Adds a unit. KIND is administration, citizen_centre, centre_community, centre or service.\n"
	 "--from defaults to today. A unit that moves in a reorganisation is closed (units close)\n"
	 "and added again with the same code, a new parent and a later --from, so earlier figures\n"
	 "keep the tree they were reported in.\n"},
	{"units", "close", cmd_units_close, "CODE --on DATE", "close a unit (its last day)",
	 "Sets the last day of the unit's open period.\n"},
	{"migrate", NULL, cmd_migrate, "--from URL --to URL", "copy a whole database to another store",
	 "Copies every table of the database at --from (a SQLite file or a postgresql:// URL) into the\n"
	 "database at --to, ids included, in one transaction: all or nothing. The target is created\n"
	 "when it does not exist and must be empty. Then the copy is checked: the rows of every table\n"
	 "are counted in both, and the status (what 'pejl status --format json' prints) is computed\n"
	 "from both and compared. Any difference is an error (exit 5). No pejl writer can change the\n"
	 "source while it is copied. Example:\n"
	 "  pejl migrate --from pejl.db --to postgresql://pejl@dbhost/pejl\n"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

const struct cli_command *cli_find(const char *group, const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].group, group) == 0 &&
		    ((!name && !commands[i].name) || (name && commands[i].name && strcmp(commands[i].name, name) == 0)))
			return &commands[i];
	return NULL;
}

static void print_command_line(FILE *f, const struct cli_command *c)
{
	fprintf(f, "pejl [--db URL] %s%s%s %s\n", c->group, c->name ? " " : "", c->name ? c->name : "", c->usage);
}

static void usage_all(FILE *f)
{
	fprintf(f, "pejl — run a social strategy: goals, measurements, status, plans, citizen feedback.\n\n"
		   "Usage: pejl [--db URL] COMMAND [SUBCOMMAND] [OPTIONS]\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char name[64];

		snprintf(name, sizeof name, "%s%s%s", commands[i].group, commands[i].name ? " " : "",
			 commands[i].name ? commands[i].name : "");
		fprintf(f, "  %-18s %s\n", name, commands[i].summary);
	}
	fprintf(f, "\nOptions for every command:\n"
		   "  --db URL    the database: a file path (SQLite) or postgresql://USER@HOST/DB\n"
		   "              (PostgreSQL; postgresql:// alone takes PGHOST, PGDATABASE, … from the\n"
		   "              environment). Default: $PEJL_DB, else ./pejl.db\n"
		   "  --help      help for the command (pejl COMMAND --help)\n\n"
		   "Exit status: 0 ok, 1 bad input, 2 usage, 3 not found, 4 permission, 5 storage/IO.\n"
		   "Start with: pejl --db demo.db init --demo && pejl --db demo.db goals list\n");
}

int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("pejl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nusage: ", stderr);
	print_command_line(stderr, cmd);
	err_set(PEJL_EUSAGE, "usage");
	return PEJL_EUSAGE;
}

int cli_format_parse(enum cli_format *out, const char *s, unsigned allowed)
{
	static const char *const names[] = {"text", "json", "csv"};

	for (int i = 0; i < 3; i++)
		if ((allowed & (1u << i)) && strcmp(s, names[i]) == 0) {
			*out = (enum cli_format)i;
			return 0;
		}
	return err_set(PEJL_EUSAGE, "unknown format \"%s\"", s);
}

int cli_open(struct store **out, struct cli *c, int flags)
{
	return store_open(out, c->db, flags);
}

int cli_read_file(char **data, size_t *len, struct cli *c, const char *path, size_t max)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(errno == ENOENT ? PEJL_ENOTFOUND : PEJL_EIO, "%s: %s", path, strerror(errno));
	buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, n);
		if (buf_error(&b)) {
			rc = err_set(PEJL_EINPUT, "%s: the file is larger than %zu bytes", path, max);
			goto out;
		}
	}
	if (ferror(f)) {
		rc = err_set(PEJL_EIO, "%s: read error", path);
		goto out;
	}
	*len = b.len;
	*data = arena_strndup(c->a, buf_cstr(&b), b.len);
out:
	buf_free(&b);
	if (f != stdin)
		fclose(f);
	return rc;
}

int cli_emit(struct buf *b, const char *path)
{
	FILE *f;

	if (buf_error(b))
		return buf_error(b);
	f = path ? fopen(path, "wb") : stdout;
	if (!f)
		return err_set(PEJL_EIO, "%s: %s", path, strerror(errno));
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len) {
		if (path)
			fclose(f);
		return err_set(PEJL_EIO, "%s: write failed", path ? path : "stdout");
	}
	if (path ? fclose(f) != 0 : fflush(f) != 0)
		return err_set(PEJL_EIO, "%s: write failed", path ? path : "stdout");
	return 0;
}

static bool is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0 || strcmp(s, "help") == 0;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	const struct cli_command *cmd = NULL;
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	int nargs = 0, rc, consumed;
	const char *user = getenv("USER");
	struct passwd *pw;

	log_init_from_env();
	c.db = getenv("PEJL_DB");
	/* --db may stand anywhere; take it out before dispatching. */
	for (int i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "pejl: --db needs a value\n");
				free(args);
				return 2;
			}
			c.db = argv[++i];
		} else if (i > 0 && strncmp(argv[i], "--db=", 5) == 0) {
			c.db = argv[i] + 5;
		} else {
			args[nargs++] = argv[i];
		}
	}
	c.db_explicit = c.db && *c.db;
	if (!c.db || !*c.db)
		c.db = "pejl.db";
	if (nargs < 2 || is_help(args[1])) {
		usage_all(nargs < 2 ? stderr : stdout);
		free(args);
		return nargs < 2 ? 2 : 0;
	}
	if (strcmp(args[1], "--version") == 0) {
		printf("pejl 0.1\n");
		free(args);
		return 0;
	}
	consumed = 2;
	if (nargs >= 3 && args[2][0] != '-')
		cmd = cli_find(args[1], args[2]);
	if (cmd)
		consumed = 3;
	else
		cmd = cli_find(args[1], NULL);
	if (!cmd) {
		bool group = false;

		for (size_t i = 0; i < NCOMMANDS; i++)
			group |= strcmp(commands[i].group, args[1]) == 0;
		if (group) {
			bool bad = nargs >= 3 && !is_help(args[2]);
			FILE *f = bad ? stderr : stdout;

			if (bad)
				fprintf(f, "pejl: unknown subcommand \"%s %s\"\n", args[1], args[2]);
			fprintf(f, "usage:\n");
			for (size_t i = 0; i < NCOMMANDS; i++)
				if (strcmp(commands[i].group, args[1]) == 0) {
					fputs("  ", f);
					print_command_line(f, &commands[i]);
				}
			free(args);
			return bad ? 2 : 0;
		}
		fprintf(stderr, "pejl: unknown command \"%s\" (pejl --help lists them)\n", args[1]);
		free(args);
		return 2;
	}
	for (int i = consumed; i < nargs; i++)
		if (is_help(args[i]) && strcmp(args[i], "help") != 0) {
			fputs("usage: ", stdout);
			print_command_line(stdout, cmd);
			printf("\n%s", cmd->help);
			free(args);
			return 0;
		}
	if ((!user || !*user) && (pw = getpwuid(getuid())))
		user = pw->pw_name;
	c.a = arena_new();
	c.actor = arena_printf(c.a, "cli:%s", user && *user ? user : "unknown");
	/* Handlers see argv[0] = the command's last word, then their arguments. */
	rc = cmd->run(&c, nargs - consumed + 1, args + consumed - 1);
	if (rc < 0 && rc != PEJL_EUSAGE && *err_last())
		fprintf(stderr, "pejl: %s\n", err_last());
	arena_free(c.a);
	free(args);
	return err_exit_code(rc);
}
