/*
 * publish_xlsx.c — the committee report as a workbook (libxlsxwriter):
 * data/udvalgsrapport.xlsx with a sheet "Oversigt" (one row per
 * pejlemærke) and one sheet per pejlemærke ("Pejlemærke N": one row per
 * goal with verdict, trend, value, baseline, target, expected, progress,
 * the explanation and the period's commentary). Numbers are cell numbers
 * with the goal's decimals as the display format; a withheld figure is the
 * text "skjult". The workbook's creation time is the publication date (or
 * 1 January 2000), so the file does not depend on the clock.
 */
#include "io/publish_impl.h"

#include "util/err.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

struct book {
	lxw_workbook *wb;
	lxw_format *head, *wrap, *num[7];
};

static time_t created(const struct edition *e)
{
	struct tm tm = {0};
	int y = 2000, m = 1, d = 1;

	if (e->o->date)
		sscanf(e->o->date, "%d-%d-%d", &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return timegm(&tm);
}

static const char *trend_da(enum trend t)
{
	static const char *const w[] = {"", "bedre", "dårligere", "som sidst"};

	return w[t];
}

static lxw_format *numfmt_of(struct book *bk, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	return bk->num[decimals];
}

static void cell_num(lxw_worksheet *ws, struct book *bk, lxw_row_t r, lxw_col_t c, bool has, bool hidden, double v,
		     int decimals)
{
	if (hidden)
		worksheet_write_string(ws, r, c, "skjult", NULL);
	else if (has)
		worksheet_write_number(ws, r, c, v, numfmt_of(bk, decimals));
}

static void cell_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s)
		worksheet_write_string(ws, r, c, s, f);
}

static void heads(lxw_worksheet *ws, struct book *bk, const char *const *h)
{
	for (lxw_col_t c = 0; h[c]; c++)
		worksheet_write_string(ws, 0, c, h[c], bk->head);
	worksheet_freeze_panes(ws, 1, 0);
}

static void overview(struct book *bk, const struct edition *e)
{
	static const char *const h[] = {"Pejlemærke", "Titel", "Vurdering", "Udvikling", "Hovedmål", "Opfyldt",
					"På rette spor", "Fremgang", "Uændret", "Tilbagegang", "Ingen data",
					"Ikke sammenlignelig", NULL};
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Oversigt");
	char line[256];

	heads(ws, bk, h);
	worksheet_set_column(ws, 1, 1, 60, bk->wrap);
	worksheet_set_column(ws, 2, 3, 16, NULL);
	for (size_t i = 0; i < e->rep->npms; i++) {
		const struct pm_status *ps = &e->rep->pms[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		worksheet_write_number(ws, r, 0, ps->pm->number, NULL);
		cell_text(ws, r, 1, ps->pm->title, bk->wrap);
		cell_text(ws, r, 2, verdict_label(ps->roll.verdict, LANG_DA), NULL);
		cell_text(ws, r, 3, trend_da(ps->roll.trend), NULL);
		cell_text(ws, r, 4, ps->pm->ngoals ? ps->pm->goals[ps->roll.main_index].code : NULL, NULL);
		for (int k = 0; k < VERDICT_COUNT; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(5 + k), (double)ps->roll.counts[k], NULL);
	}
	snprintf(line, sizeof line, "%s — status %s: %s", e->rep->doc->strategy.name, e->rep->period,
		 e->rep->summary.headline_da);
	worksheet_write_string(ws, (lxw_row_t)(e->rep->npms + 2), 0, line, NULL);
}

static void pm_sheet(struct book *bk, const struct edition *e, size_t i)
{
	static const char *const h[] = {"Delmål",    "Hovedmål",   "Titel",	      "Vurdering",    "Udvikling",
					"Værdi",     "Værdiperiode", "Basis",      "Basisperiode", "Mål",
					"Målperiode", "Forventet",   "Fremdrift (%)", "Forklaring",   "Kommentar",
					"Det gør vi nu", NULL};
	const struct pm_status *ps = &e->rep->pms[i];
	char name[32], t[16];
	lxw_worksheet *ws;

	snprintf(name, sizeof name, "Pejlemærke %d", ps->pm->number);
	ws = workbook_add_worksheet(bk->wb, name);
	heads(ws, bk, h);
	worksheet_set_column(ws, 2, 2, 50, bk->wrap);
	worksheet_set_column(ws, 3, 3, 16, NULL);
	worksheet_set_column(ws, 13, 15, 60, bk->wrap);
	for (size_t j = 0; j < ps->pm->ngoals; j++) {
		const struct pub_goal *g = edition_goal(e, i, j);
		const struct status *st = &g->gs->st;
		int dec = g->gs->version->decimals;
		lxw_row_t r = (lxw_row_t)(j + 1);
		bool base = st->has_baseline && !(st->baseline_implicit && g->progress_hidden);

		cell_text(ws, r, 0, g->gs->goal->code, NULL);
		cell_text(ws, r, 1, g->gs->goal->main ? "ja" : "", NULL);
		cell_text(ws, r, 2, g->gs->version->title, bk->wrap);
		cell_text(ws, r, 3, verdict_label(st->verdict, LANG_DA), NULL);
		cell_text(ws, r, 4, trend_da(st->trend), NULL);
		cell_num(ws, bk, r, 5, st->has_value, st->has_value && g->value_hidden, st->value, dec);
		if (st->has_value) {
			period_format(t, sizeof t, st->value_period);
			cell_text(ws, r, 6, t, NULL);
		}
		cell_num(ws, bk, r, 7, base, false, st->baseline, dec);
		if (base) {
			period_format(t, sizeof t, st->baseline_period);
			cell_text(ws, r, 8, t, NULL);
		}
		cell_num(ws, bk, r, 9, st->has_target, false, st->target, dec);
		if (st->has_target) {
			period_format(t, sizeof t, st->target_period);
			cell_text(ws, r, 10, t, NULL);
		}
		cell_num(ws, bk, r, 11, st->has_expected, false, st->expected, dec);
		cell_num(ws, bk, r, 12, st->has_progress, st->has_progress && g->progress_hidden, st->progress_pct, 1);
		cell_text(ws, r, 13, pub_explanation(g, LANG_DA), bk->wrap);
		if (g->ncm) {
			cell_text(ws, r, 14, g->cm[0].analysis, bk->wrap);
			cell_text(ws, r, 15, g->cm[0].next_steps, bk->wrap);
		}
	}
}

int publish_xlsx(struct edition *e)
{
	static const char *const fmts[] = {"0", "0.0", "0.00", "0.000", "0.0000", "0.00000", "0.000000"};
	lxw_workbook_options opts = {0};
	lxw_doc_properties props = {0};
	struct book bk = {0};
	char path[4096], title[256];
	lxw_error err;

	snprintf(path, sizeof path, "%s/data/udvalgsrapport.xlsx", e->dir);
	opts.tmpdir = (char *)(uintptr_t)e->dir;
	if (!(bk.wb = workbook_new_opt(path, &opts)))
		return err_set(PEJL_EIO, "%s: cannot create the workbook", path);
	snprintf(title, sizeof title, "%s — status %s", e->rep->doc->strategy.name, e->rep->period);
	props.title = title;
	props.author = (char *)(uintptr_t)e->root_name;
	props.created = created(e);
	workbook_set_properties(bk.wb, &props);
	bk.head = workbook_add_format(bk.wb);
	format_set_bold(bk.head);
	format_set_text_wrap(bk.head);
	bk.wrap = workbook_add_format(bk.wb);
	format_set_text_wrap(bk.wrap);
	format_set_align(bk.wrap, LXW_ALIGN_VERTICAL_TOP);
	for (int d = 0; d < 7; d++) {
		bk.num[d] = workbook_add_format(bk.wb);
		format_set_num_format(bk.num[d], fmts[d]);
	}
	overview(&bk, e);
	for (size_t i = 0; i < e->rep->npms; i++)
		pm_sheet(&bk, e, i);
	if ((err = workbook_close(bk.wb)) != LXW_NO_ERROR)
		return err_set(PEJL_EIO, "%s: %s", path, lxw_strerror(err));
	e->files++;
	return 0;
}
