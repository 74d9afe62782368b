/*
 * cmd_migrate.c — `pejl migrate --from URL --to URL`: copies a whole
 * database into another store (typically a SQLite file into PostgreSQL)
 * and checks the copy: the rows of every table are counted in both, and
 * the status (what `pejl status --format json` prints) is computed from
 * both and compared byte for byte.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/status_report.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void progress(void *ctx, const char *table, long rows)
{
	(void)ctx;
	fprintf(stderr, "  %-24s %10ld rows copied\n", table, rows);
}

/* The status JSON of a store into b; 0, or 1 when it holds no strategy. */
static int status_json(struct buf *b, struct store *s, struct arena *a)
{
	struct status_opts o = {0};
	struct status_report *r;
	char *code;
	int rc;

	if ((rc = store_strategy_default(&code, s, a)) == PEJL_ENOTFOUND)
		return 1;
	if (rc < 0 || (rc = status_report_build(&r, s, a, &o)) < 0)
		return rc;
	status_report_json(b, r, true);
	return buf_error(b);
}

/* Row counts of both, printed side by side; PEJL_EIO when any differs. */
static int compare_counts(long *total, struct store *src, struct store *dst, struct arena *a)
{
	struct store_table_count *cs, *cd;
	size_t ns, nd;
	int rc, bad = 0;

	if ((rc = store_table_counts(&cs, &ns, src, a)) < 0 || (rc = store_table_counts(&cd, &nd, dst, a)) < 0)
		return rc;
	*total = 0;
	printf("%-24s %14s %14s\n", "table", "source rows", "target rows");
	for (size_t i = 0; i < ns; i++) {
		long there = -1;

		for (size_t k = 0; k < nd; k++)
			if (strcmp(cs[i].table, cd[k].table) == 0)
				there = cd[k].rows;
		printf("%-24s %14ld %14ld%s\n", cs[i].table, cs[i].rows, there, there == cs[i].rows ? "" : "  DIFFERENT");
		if (there != cs[i].rows && !bad++)
			rc = err_set(PEJL_EIO, "the copy is not complete: table %s has %ld rows in the source and %ld in "
					       "the target",
				     cs[i].table, cs[i].rows, there);
		if (strcmp(cs[i].table, "schema_migration") != 0)
			*total += cs[i].rows;
	}
	return bad ? rc : 0;
}

int cmd_migrate(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("migrate", NULL);
	const char *from = NULL, *to = NULL;
	struct store *src = NULL, *dst = NULL;
	struct buf js = BUF_INIT, jd = BUF_INIT;
	char from_shown[512], to_shown[512];
	long total = 0;
	int ch, rc, hs, hd;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'f')
			from = optarg;
		else
			to = optarg;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (!from || !*from || !to || !*to)
		return cli_usage(cmd, "give both --from and --to");
	if (strcmp(from, to) == 0)
		return cli_usage(cmd, "--from and --to name the same database");
	store_url_redact(from_shown, sizeof from_shown, from);
	store_url_redact(to_shown, sizeof to_shown, to);
	if ((rc = store_open(&src, from, 0)) < 0 || (rc = store_open(&dst, to, STORE_CREATE)) < 0)
		goto out;
	if ((rc = store_copy(dst, src, c->a, isatty(STDERR_FILENO) ? progress : NULL, NULL)) < 0)
		goto out;
	if ((rc = compare_counts(&total, src, dst, c->a)) < 0)
		goto out;
	if ((hs = status_json(&js, src, c->a)) < 0 || (hd = status_json(&jd, dst, c->a)) < 0) {
		rc = hs < 0 ? hs : hd;
		goto out;
	}
	if (hs != hd || js.len != jd.len || memcmp(js.data, jd.data, js.len) != 0) {
		rc = err_set(PEJL_EIO, "the copy differs: the status computed from %s is not the one computed from %s",
			     to_shown, from_shown);
		goto out;
	}
	printf("Copied %ld rows from %s to %s; every table has the same number of rows in both%s.\n", total,
	       from_shown, to_shown, hs == 1 ? " (no strategy, so no status to compare)" : ", and the status is the same");
	rc = 0;
out:
	buf_free(&js);
	buf_free(&jd);
	store_close(dst);
	store_close(src);
	return rc;
}
