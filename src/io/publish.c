/*
 * publish.c — see publish.h. Builds the edition's model (status, the
 * breakdowns of every goal and period, what suppression hides, the
 * period's commentary), has the writers write it into a temporary
 * directory, and renames that into place.
 *
 * The breakdown of a goal at a period is the level directly below the
 * organisation (the citizen centres) × the target groups that have data,
 * with the totals the status uses; deeper levels are not published (they
 * would be hierarchical tables, and most of their cells would be hidden).
 */
#define _GNU_SOURCE
#include "io/publish_impl.h"

#include "io/instrument_file.h"

#include "util/date.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void publish_edition_name(char *out, size_t n, const char *period)
{
	size_t i = 0;

	for (; period[i] && i + 1 < n; i++)
		out[i] = period[i] == '/' ? '-' : period[i];
	out[i] = '\0';
}

const struct pub_goal *edition_goal(const struct edition *e, size_t i, size_t j)
{
	return &e->goals[e->pm_first[i] + j];
}

const char *pub_explanation(const struct pub_goal *g, enum lang lang)
{
	if (g->explanation_hidden)
		return lang == LANG_EN ? "The figures behind this status are withheld because they concern fewer than 5 "
					 "persons."
				       : "Tallene bag denne status er skjult, fordi de angår færre end 5 personer.";
	return lang == LANG_EN ? g->gs->st.explanation_en : g->gs->st.explanation_da;
}

/* --- files ------------------------------------------------------------------------- */

static int mkdirs(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n >= sizeof tmp)
		return err_set(PEJL_EIO, "%s: path too long", path);
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i <= n; i++)
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];

			tmp[i] = '\0';
			if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
				return err_set(PEJL_EIO, "%s: %s", tmp, strerror(errno));
			tmp[i] = c;
		}
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return err_set(PEJL_EIO, "%s: %s", path, strerror(errno));
	if ((len && fwrite(data, 1, len, f) != len) || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		return err_set(PEJL_EIO, "%s: write failed", path);
	}
	if (fclose(f) != 0)
		return err_set(PEJL_EIO, "%s: write failed", path);
	return 0;
}

int edition_put(struct edition *e, const char *rel, struct buf *b)
{
	char path[4096];
	const char *slash = strrchr(rel, '/');
	int rc;

	if (buf_error(b))
		return err_set(PEJL_EIO, "%s: the file is too large", rel);
	if (slash) {
		snprintf(path, sizeof path, "%s/%.*s", e->dir, (int)(slash - rel), rel);
		if ((rc = mkdirs(path)) < 0)
			return rc;
	}
	snprintf(path, sizeof path, "%s/%s", e->dir, rel);
	if ((rc = write_file(path, b->data ? b->data : "", b->len)) < 0)
		return rc;
	e->files++;
	return 0;
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d))) {
			char sub[4096];
			struct stat sb;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
				remove_tree(sub);
			else
				unlink(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* --- the model ------------------------------------------------------------------------ */

static const char *unit_name(const struct strategy_doc *doc, const char *code)
{
	const char *name = code;

	for (size_t i = 0; i < doc->nunits; i++)
		if (strcmp(doc->units[i].code, code) == 0)
			name = doc->units[i].name;
	return name;
}

static bool has_data(const struct point *p)
{
	return p->has_value || p->parts > 0;
}

/* The breakdown table of period p out of the goal's breakdown. */
static int build_table(struct pub_table *t, struct arena *a, const struct edition *e, const struct breakdown *bd,
		       size_t p, long root, enum measure m, double rate_factor)
{
	const struct strategy_doc *doc = e->rep->doc;
	size_t nc = bd->ncodes, G = bd->ngroups, nrows = 0, ncols = 0, *rows, *cols, R, C;
	const long *parents = bd->parents + p * nc;
	struct point *in;
	int rc;

	memset(t, 0, sizeof *t);
	t->period = bd->periods[p];
	rows = arena_calloc(a, nc + 1, sizeof *rows);
	cols = arena_calloc(a, G + 1, sizeof *cols);
	for (size_t c = 0; c < nc; c++) {
		bool any = false;

		if (parents[c] != root)
			continue;
		for (size_t g = 0; g < G && !any; g++)
			any = has_data(breakdown_point(bd, g, p, c));
		if (any)
			rows[nrows++] = c;
	}
	for (size_t g = 1; g < G; g++) {
		bool any = has_data(breakdown_point(bd, g, p, (size_t)root));

		for (size_t i = 0; i < nrows && !any; i++)
			any = has_data(breakdown_point(bd, g, p, rows[i]));
		if (any)
			cols[ncols++] = g;
	}
	/* groups without units: the organisation is the one row; units
	 * without groups: "all groups" is the one column */
	if (nrows == 0 && ncols > 0) {
		rows[nrows++] = (size_t)root;
	}
	if (nrows > 0 && ncols == 0) {
		cols[ncols++] = 0;
		t->all_groups_col = true;
	}
	t->nrows = nrows;
	t->ncols = ncols;
	in = xcalloc((nrows + 1) * (ncols + 1), sizeof *in);
	for (size_t i = 0; i <= nrows; i++)
		for (size_t j = 0; j <= ncols; j++) {
			size_t code = i < nrows ? rows[i] : (size_t)root, g = j < ncols ? cols[j] : 0;

			in[i * (ncols + 1) + j] = *breakdown_point(bd, g, p, code);
		}
	rc = suppress_breakdown(&t->sb, m, rate_factor, in, nrows, ncols, e->o->k);
	free(in);
	if (rc < 0)
		return rc;
	R = t->sb.rows;
	C = t->sb.cols;
	t->row_codes = arena_calloc(a, R + 1, sizeof *t->row_codes);
	t->row_names = arena_calloc(a, R + 1, sizeof *t->row_names);
	t->col_codes = arena_calloc(a, C + 1, sizeof *t->col_codes);
	t->col_names_da = arena_calloc(a, C + 1, sizeof *t->col_names_da);
	t->col_names_en = arena_calloc(a, C + 1, sizeof *t->col_names_en);
	for (size_t i = 0; i < R; i++) {
		if (i < nrows) {
			t->row_codes[i] = bd->codes[rows[i]];
			t->row_names[i] = unit_name(doc, bd->codes[rows[i]]);
		} else {
			t->row_codes[i] = NULL;
			t->row_names[i] = NULL; /* the residual row, named by the writers */
		}
	}
	for (size_t j = 0; j < C; j++) {
		if (j < ncols && cols[j] > 0) {
			const struct target_group *tg = &doc->groups[cols[j] - 1];

			t->col_codes[j] = tg->code;
			t->col_names_da[j] = tg->name;
			t->col_names_en[j] = tg->name_en ? tg->name_en : tg->name;
		} else if (j < ncols) {
			t->col_names_da[j] = "Alle målgrupper";
			t->col_names_en[j] = "All target groups";
		} else {
			t->col_names_da[j] = "Uden målgruppe";
			t->col_names_en[j] = "No target group given";
		}
	}
	return 0;
}

static long code_index(const struct breakdown *bd, const char *code)
{
	for (size_t i = 0; i < bd->ncodes; i++)
		if (strcmp(bd->codes[i], code) == 0)
			return (long)i;
	return -1;
}

static bool point_hidden_in(const struct pub_goal *g, struct period p, bool *found)
{
	for (size_t i = 0; i < g->gs->nseries; i++)
		if (g->gs->series[i].period.kind == p.kind && period_cmp(g->gs->series[i].period, p) == 0) {
			*found = true;
			return g->series_hidden[i];
		}
	*found = false;
	return false;
}

static int build_goal(struct pub_goal *g, struct edition *e, struct store *s, struct arena *a,
		      const struct pm_status *ps, const struct goal_status *gs)
{
	struct breakdown bd;
	const struct status *st = &gs->st;
	long root;
	bool found, prev_hidden = false, base_hidden = false;
	int rc;

	memset(g, 0, sizeof *g);
	g->pm = ps;
	g->gs = gs;
	if ((rc = status_breakdown(&bd, s, a, e->rep, gs)) < 0)
		return rc;
	root = code_index(&bd, e->rep->unit);
	g->tables = arena_calloc(a, bd.nperiods + 1, sizeof *g->tables);
	for (size_t p = 0; p < bd.nperiods && root >= 0; p++) {
		const struct point *total = breakdown_point(&bd, 0, p, (size_t)root);

		if (!has_data(total))
			continue;
		if ((rc = build_table(&g->tables[g->ntables], a, e, &bd, p, root, gs->version->measure,
				      gs->version->rate_factor)) < 0)
			return rc;
		g->ntables++;
	}
	g->series_hidden = arena_calloc(a, gs->nseries + 1, sizeof *g->series_hidden);
	g->shown = arena_calloc(a, gs->nseries + 1, sizeof *g->shown);
	for (size_t i = 0; i < gs->nseries; i++) {
		const struct pub_table *t = NULL;
		bool hide;

		for (size_t k = 0; k < g->ntables; k++)
			if (period_cmp(g->tables[k].period, gs->series[i].period) == 0)
				t = &g->tables[k];
		if (t) {
			hide = t->sb.marks[t->sb.rows * (t->sb.cols + 1) + t->sb.cols] != SUPPRESS_NONE;
		} else {
			/* no table (no figure): decide from the point alone */
			long cnt[2];
			size_t n = suppress_point_counts(cnt, gs->version->measure, &gs->series[i]);

			hide = n == 0;
			for (size_t l = 0; l < n; l++)
				hide |= cnt[l] > 0 && cnt[l] < e->o->k;
		}
		g->series_hidden[i] = hide;
		if (!hide)
			g->shown[g->nshown++] = gs->series[i];
	}
	if (st->has_value) {
		g->value_hidden = point_hidden_in(g, st->value_period, &found);
		for (size_t k = 0; k < g->ntables; k++)
			if (period_cmp(g->tables[k].period, st->value_period) == 0)
				g->current = &g->tables[k];
	}
	if (st->has_previous)
		prev_hidden = point_hidden_in(g, st->previous_period, &found);
	if (st->has_baseline && st->baseline_implicit)
		base_hidden = point_hidden_in(g, st->baseline_period, &found);
	g->progress_hidden = g->value_hidden || base_hidden;
	g->explanation_hidden = g->value_hidden || prev_hidden || base_hidden;
	{
		struct commentary *cm;
		size_t n;
		char at[16];

		period_format(at, sizeof at, gs->at);
		if ((rc = store_commentary_list(&cm, &n, s, a, gs->goal->id)) < 0)
			return rc;
		g->cm = arena_calloc(a, n + 1, sizeof *g->cm);
		for (size_t i = 0; i < n; i++)
			if (strcmp(cm[i].period, e->rep->period) == 0 || strcmp(cm[i].period, at) == 0)
				g->cm[g->ncm++] = cm[i];
	}
	return 0;
}

/* --- editions list ---------------------------------------------------------------------- */

static int cmp_str_desc(const void *a, const void *b)
{
	return strcmp(*(const char *const *)b, *(const char *const *)a);
}

/* out/index.html: every edition (a directory with edition.json), newest
 * first, written to a temporary file and renamed. */
static int write_index(const char *out)
{
	DIR *d = opendir(out);
	struct dirent *de;
	char **names = NULL, path[4096], tmp[4096];
	size_t n = 0, cap = 0;
	struct buf b = BUF_INIT;
	int rc;

	if (!d)
		return err_set(PEJL_EIO, "%s: %s", out, strerror(errno));
	while ((de = readdir(d))) {
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s/edition.json", out, de->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str_desc);
	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<title>Status · udgaver</title>\n");
	if (n)
		buf_printf(&b, "<link rel=\"stylesheet\" href=\"%s/pejl.css\">\n", names[0]);
	buf_puts(&b, "</head>\n<body>\n<main id=\"main\">\n<h1>Status — udgaver</h1>\n"
		     "<p lang=\"en\">Status — editions</p>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "<li>%s: <a href=\"%s/da/index.html\">dansk</a> · <a href=\"%s/en/index.html\" lang=\"en\">English</a></li>\n",
			   names[i], names[i], names[i]);
		free(names[i]);
	}
	free(names);
	buf_puts(&b, "</ul>\n</main>\n</body>\n</html>\n");
	snprintf(tmp, sizeof tmp, "%s/.index.html.tmp", out);
	snprintf(path, sizeof path, "%s/index.html", out);
	if ((rc = write_file(tmp, b.data, b.len)) == 0 && rename(tmp, path) != 0)
		rc = err_set(PEJL_EIO, "%s: %s", path, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	buf_free(&b);
	return rc;
}

/* --- publish --------------------------------------------------------------------------------- */

static int write_meta(struct edition *e)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_printf(&b, "{\n  \"format\": \"pejl-edition/1\",\n  \"period\": \"%s\",\n  \"strategy\": \"%s\",\n", e->rep->period,
		   e->rep->doc->strategy.code);
	if (e->o->date)
		buf_printf(&b, "  \"date\": \"%s\",\n", e->o->date);
	buf_printf(&b, "  \"languages\": [\"da\", \"en\"],\n  \"suppression_k\": %ld\n}\n", e->o->k);
	rc = edition_put(e, "edition.json", &b);
	buf_free(&b);
	return rc;
}

int publish_edition(struct publish_result *res, struct store *s, const struct publish_opts *o)
{
	struct arena *a = arena_new();
	struct edition e;
	struct status_opts so = {0};
	struct period p;
	struct date d;
	char tmpdir[4096], final[4096];
	struct stat sb;
	bool made_tmp = false;
	int rc;

	memset(&e, 0, sizeof e);
	memset(res, 0, sizeof *res);
	e.o = o;
	if (!o->period || !period_parse(&p, o->period)) {
		rc = err_set(PEJL_EUSAGE, "--period \"%s\" is not a period (2017, 2017Q3, 2017-03 or 2016/17)",
			     o->period ? o->period : "");
		goto out;
	}
	if (o->date && !date_parse(&d, o->date)) {
		rc = err_set(PEJL_EUSAGE, "--date \"%s\" is not a date (YYYY-MM-DD)", o->date);
		goto out;
	}
	so.strategy = o->strategy;
	so.period = o->period;
	if ((rc = status_report_build(&e.rep, s, a, &so)) < 0)
		goto out;
	publish_edition_name(e.name, sizeof e.name, e.rep->period);
	snprintf(res->edition, sizeof res->edition, "%s", e.name);
	e.root_code = e.rep->unit;
	e.root_name = e.rep->unit_name ? e.rep->unit_name : e.rep->unit;
	/* the model */
	e.pm_first = arena_calloc(a, e.rep->npms + 1, sizeof *e.pm_first);
	for (size_t i = 0; i < e.rep->npms; i++) {
		e.pm_first[i] = e.ngoals;
		e.ngoals += e.rep->pms[i].pm->ngoals;
	}
	e.goals = arena_calloc(a, e.ngoals + 1, sizeof *e.goals);
	for (size_t i = 0; i < e.rep->npms; i++)
		for (size_t j = 0; j < e.rep->pms[i].pm->ngoals; j++) {
			struct pub_goal *g = &e.goals[e.pm_first[i] + j];

			if ((rc = build_goal(g, &e, s, a, &e.rep->pms[i], &e.rep->pms[i].goals[j])) < 0)
				goto out;
			res->tables += g->ntables;
			for (size_t t = 0; t < g->ntables; t++)
				for (size_t c = 0; c < (g->tables[t].sb.rows + 1) * (g->tables[t].sb.cols + 1); c++)
					res->hidden_cells += g->tables[t].sb.marks[c] != SUPPRESS_NONE;
		}
	res->goals = e.ngoals;
	/* the plans: which initiatives serve each pejlemærke, judged on the
	 * edition's date (or the period's last day) */
	{
		char first[11], last[11];

		period_days(p, first, last);
		e.plans = arena_calloc(a, 1, sizeof *e.plans);
		e.rt = arena_calloc(a, 1, sizeof *e.rt);
		if ((rc = plan_report_load(e.plans, s, a, o->strategy, o->date ? o->date : last, false)) < 0)
			goto out;
		redthread_build(e.rt, e.plans->st, e.plans->plans, e.plans->nplans, a);
	}
	/* the feedback behind goals computed from it, aggregated and with small
	 * cells withheld as in the rest of the edition */
	{
		bool any = false;

		for (size_t i = 0; i < e.ngoals; i++)
			any |= e.goals[i].gs->version && e.goals[i].gs->version->metric;
		if (any) {
			struct instrument_set set;
			struct diag dg;

			diag_init(&dg);
			rc = instrument_builtin(&set, a, &dg);
			diag_free(&dg);
			e.fb = arena_calloc(a, 1, sizeof *e.fb);
			if (rc < 0 || (rc = feedback_units_view(e.fb, s, a, NULL, e.rep->period, &set, SUPPRESS_K_PUBLIC)) < 0)
				goto out;
		}
	}
	/* the files, into a temporary directory beside the final one */
	if ((rc = mkdirs(o->out)) < 0)
		goto out;
	snprintf(tmpdir, sizeof tmpdir, "%s/.%s.tmp-XXXXXX", o->out, e.name);
	if (!mkdtemp(tmpdir)) {
		rc = err_set(PEJL_EIO, "%s: cannot create a temporary directory: %s", o->out, strerror(errno));
		goto out;
	}
	chmod(tmpdir, 0755);
	made_tmp = true;
	e.dir = tmpdir;
	if ((rc = write_meta(&e)) < 0 || (rc = publish_pages(&e)) < 0 || (rc = publish_data(&e)) < 0 ||
	    (rc = publish_xlsx(&e)) < 0)
		goto out;
	/* into place: swap with an existing edition, or plain rename */
	snprintf(final, sizeof final, "%s/%s", o->out, e.name);
	if (lstat(final, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			rc = err_set(PEJL_EIO, "%s exists and is not an edition directory", final);
			goto out;
		}
		if (renameat2(AT_FDCWD, tmpdir, AT_FDCWD, final, RENAME_EXCHANGE) != 0) {
			rc = err_set(PEJL_EIO, "%s: cannot replace the edition: %s", final, strerror(errno));
			goto out;
		}
		/* tmpdir now holds the old edition */
	} else if (rename(tmpdir, final) != 0) {
		rc = err_set(PEJL_EIO, "%s: %s", final, strerror(errno));
		goto out;
	} else {
		made_tmp = false;
	}
	if ((rc = write_index(o->out)) < 0)
		goto out;
	res->files = e.files;
	rc = 0;
out:
	if (made_tmp)
		remove_tree(tmpdir);
	for (size_t i = 0; i < e.ngoals; i++)
		for (size_t t = 0; t < e.goals[i].ntables; t++)
			suppress_breakdown_free(&e.goals[i].tables[t].sb);
	arena_free(a);
	return rc;
}
