/*
 * plan_report.c — see plan_report.h.
 */
#include "io/plan_report.h"

#include "core/access.h"
#include "core/orgtree.h"
#include "io/jsonw.h"
#include "io/plan_json.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int plan_report_load(struct plan_report *out, struct store *s, struct arena *a, const char *strategy,
		     const char *today, bool commentary)
{
	char *code = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(out->today, sizeof out->today, "%s", today);
	if (!strategy && (rc = store_strategy_default(&code, s, a)) < 0)
		return rc;
	if ((rc = store_strategy_load(&out->doc, s, a, strategy ? strategy : code)) < 0 ||
	    (rc = store_plan_list(&out->plans, &out->nplans, s, a)) < 0)
		return rc;
	out->st = &out->doc->strategy;
	if (!commentary)
		return 0;
	for (size_t i = 0; i < out->st->npejlemaerker; i++)
		out->ngoals += out->st->pejlemaerker[i].ngoals;
	out->goal_ids = arena_calloc(a, out->ngoals + 1, sizeof *out->goal_ids);
	out->latest = arena_calloc(a, out->ngoals + 1, sizeof *out->latest);
	out->ngoals = 0;
	for (size_t i = 0; i < out->st->npejlemaerker; i++)
		for (size_t j = 0; j < out->st->pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &out->st->pejlemaerker[i].goals[j];
			struct commentary *cm;
			size_t n;

			if ((rc = store_commentary_list(&cm, &n, s, a, g->id)) < 0)
				return rc;
			out->goal_ids[out->ngoals] = g->id;
			out->latest[out->ngoals++] = n ? &cm[0] : NULL;
		}
	return 0;
}

static const struct unit *find_unit(const struct plan_report *r, const char *code)
{
	const struct unit *best = NULL;

	for (size_t i = 0; code && i < r->doc->nunits; i++) {
		const struct unit *u = &r->doc->units[i];

		if (strcmp(u->code, code) != 0)
			continue;
		if (unit_valid_on(u, r->today))
			return u;
		if (!best || strcmp(u->valid_from, best->valid_from) > 0)
			best = u;
	}
	return best;
}

const char *plan_report_unit_name(const struct plan_report *r, const char *code)
{
	const struct unit *u = find_unit(r, code);

	return u ? u->name : NULL;
}

bool plan_report_unit_exists(const struct plan_report *r, const char *code)
{
	return find_unit(r, code) != NULL;
}

const struct commentary *plan_report_commentary(const struct plan_report *r, const struct goal *g)
{
	for (size_t i = 0; i < r->ngoals; i++)
		if (r->goal_ids[i] == g->id)
			return r->latest[i];
	return NULL;
}

/* --- plans list ----------------------------------------------------------------- */

size_t plan_report_select(const struct plan ***out, const struct plan_report *r, const struct plan_select *f,
			  struct arena *a)
{
	const struct plan **v = arena_calloc(a, r->nplans + 1, sizeof *v);
	size_t *idx = arena_calloc(a, r->nplans + 1, sizeof *idx), n = 0, m;

	if (f->all) {
		/* the store lists by code and version already */
		for (size_t i = 0; i < r->nplans; i++)
			idx[i] = i;
		m = r->nplans;
	} else {
		m = plan_codes(idx, r->plans, r->nplans);
	}
	for (size_t i = 0; i < m; i++) {
		const struct plan *p = &r->plans[idx[i]];

		if (f->unit && strcmp(p->unit, f->unit) != 0 &&
		    !(f->subtree && unit_in_subtree(r->doc->units, r->doc->nunits, f->unit, p->unit, r->today)))
			continue;
		v[n++] = p;
	}
	*out = v;
	return n;
}

static const char *const plans_head[] = {"code",   "version",	   "type",	  "title",	 "unit",
					 "unit_name", "from",	   "to",	  "parent",	 "status",
					 "approved_on", "approved_by", "decision", "archived_on", "initiatives",
					 NULL};

void plan_report_plans_table(struct table *t, const struct plan_report *r, const struct plan *const *v, size_t n)
{
	table_init(t, plans_head);
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = v[i];
		char ver[16], from[16], to[16], nin[16];
		const char *row[15] = {p->code,
				       ver,
				       plan_type_name(p->type),
				       p->title,
				       p->unit,
				       plan_report_unit_name(r, p->unit),
				       from,
				       to,
				       p->parent,
				       plan_status_name(p->status),
				       p->approved_on,
				       p->approved_by,
				       p->decision,
				       p->archived_on,
				       nin};

		snprintf(ver, sizeof ver, "%d", p->version);
		snprintf(from, sizeof from, "%d", p->year_from);
		snprintf(to, sizeof to, "%d", p->year_to);
		snprintf(nin, sizeof nin, "%zu", p->ninitiatives);
		table_row(t, row);
	}
}

void plan_report_plans_json(struct buf *b, const struct plan_report *r, const struct plan *const *v, size_t n,
			    bool pretty)
{
	struct jsonw w;

	jsonw_init(&w, b, pretty);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++)
		plan_json_write(&w, v[i], plan_report_unit_name(r, v[i]->unit));
	jsonw_arr_end(&w);
}

static void years(char *out, size_t n, const struct plan *p)
{
	if (p->year_from == p->year_to)
		snprintf(out, n, "%d", p->year_from);
	else
		snprintf(out, n, "%d–%d", p->year_from, p->year_to);
}

void plan_report_plans_text(struct buf *b, const struct plan_report *r, const struct plan *const *v, size_t n)
{
	static const char *const head[] = {"code", "version", "type", "unit", "period", "status", "initiatives",
					   "title", NULL};
	struct table t;

	(void)r;
	table_init(&t, head);
	table_cap(&t, 7, 60);
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = v[i];
		char ver[16], period[24], nin[16], status[48];
		const char *row[8] = {p->code, ver, plan_type_name(p->type), p->unit, period, status, nin, p->title};

		snprintf(ver, sizeof ver, "%d", p->version);
		years(period, sizeof period, p);
		snprintf(nin, sizeof nin, "%zu", p->ninitiatives);
		if (p->status == PLAN_APPROVED)
			snprintf(status, sizeof status, "approved %s", p->approved_on ? p->approved_on : "");
		else if (p->status == PLAN_ARCHIVED)
			snprintf(status, sizeof status, "archived %s", p->archived_on ? p->archived_on : "");
		else
			snprintf(status, sizeof status, "draft");
		table_row(&t, row);
	}
	if (n == 0)
		buf_puts(b, "No plans.\n");
	else
		table_render(&t, b);
	table_free(&t);
}

/* --- the red thread by pejlemærke --------------------------------------------------- */

static const char *goal_title(const struct goal *g)
{
	return g->nversions ? g->versions[g->nversions - 1].title : g->code;
}

static const char *const thread_head[] = {"pejlemaerke", "pejlemaerke_title", "goal",	   "goal_title",
					  "initiative_id", "initiative",	"initiative_status", "plan",
					  "plan_version", "plan_type",	"plan_status",	   "unit",
					  "unit_name",	  NULL};

static void thread_row(struct table *t, const struct plan_report *r, const struct pejlemaerke *pm,
		       const struct goal *g, const struct thread_item *it)
{
	char num[16], id[24], ver[16];
	const char *row[13] = {num, pm->title, g ? g->code : NULL, g ? goal_title(g) : NULL};

	snprintf(num, sizeof num, "%d", pm->number);
	if (it) {
		snprintf(id, sizeof id, "%ld", it->initiative->id);
		snprintf(ver, sizeof ver, "%d", it->plan->version);
		row[4] = id;
		row[5] = it->initiative->title;
		row[6] = initiative_status_name(it->initiative->status);
		row[7] = it->plan->code;
		row[8] = ver;
		row[9] = plan_type_name(it->plan->type);
		row[10] = plan_status_name(it->plan->status);
		row[11] = it->plan->unit;
		row[12] = plan_report_unit_name(r, it->plan->unit);
	}
	table_row(t, row);
}

void plan_report_thread_table(struct table *t, const struct plan_report *r, const struct redthread *rt, int number)
{
	table_init(t, thread_head);
	for (size_t i = 0; i < rt->npms; i++) {
		const struct thread_pm *tp = &rt->pms[i];

		if (number && tp->pm->number != number)
			continue;
		for (size_t k = 0; k < tp->ndirect; k++)
			thread_row(t, r, tp->pm, NULL, &tp->direct[k]);
		for (size_t j = 0; j < tp->pm->ngoals; j++) {
			const struct thread_goal *tg = &tp->goals[j];

			if (tg->nitems == 0)
				thread_row(t, r, tp->pm, tg->goal, NULL);
			for (size_t k = 0; k < tg->nitems; k++)
				thread_row(t, r, tp->pm, tg->goal, &tg->items[k]);
		}
	}
}

static void item_json(struct jsonw *w, const struct plan_report *r, const struct thread_item *it)
{
	jsonw_obj_begin(w);
	jsonw_kint(w, "id", it->initiative->id);
	jsonw_kstr(w, "title", it->initiative->title);
	jsonw_kstr(w, "status", initiative_status_name(it->initiative->status));
	jsonw_kstr(w, "owner", it->initiative->owner);
	jsonw_key(w, "plan");
	jsonw_obj_begin(w);
	jsonw_kstr(w, "code", it->plan->code);
	jsonw_kint(w, "version", it->plan->version);
	jsonw_kstr(w, "title", it->plan->title);
	jsonw_kstr(w, "type", plan_type_name(it->plan->type));
	jsonw_kstr(w, "status", plan_status_name(it->plan->status));
	jsonw_kstr(w, "unit", it->plan->unit);
	jsonw_kstr(w, "unit_name", plan_report_unit_name(r, it->plan->unit));
	jsonw_obj_end(w);
	jsonw_obj_end(w);
}

static void commentary_json(struct jsonw *w, const struct commentary *c)
{
	if (!c) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_begin(w);
	jsonw_kstr(w, "period", c->period);
	jsonw_kstr(w, "analysis", c->analysis);
	jsonw_kstr(w, "next_steps", c->next_steps);
	jsonw_kstr(w, "author", c->author);
	jsonw_kstr(w, "at", c->at);
	jsonw_obj_end(w);
}

void plan_report_thread_json(struct buf *b, const struct plan_report *r, const struct redthread *rt, int number,
			     bool pretty)
{
	struct jsonw w;

	jsonw_init(&w, b, pretty);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "strategy", r->st->code);
	jsonw_key(&w, "pejlemaerker");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < rt->npms; i++) {
		const struct thread_pm *tp = &rt->pms[i];

		if (number && tp->pm->number != number)
			continue;
		jsonw_obj_begin(&w);
		jsonw_kint(&w, "number", tp->pm->number);
		jsonw_kstr(&w, "title", tp->pm->title);
		jsonw_key(&w, "initiatives");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < tp->ndirect; k++)
			item_json(&w, r, &tp->direct[k]);
		jsonw_arr_end(&w);
		jsonw_key(&w, "goals");
		jsonw_arr_begin(&w);
		for (size_t j = 0; j < tp->pm->ngoals; j++) {
			const struct thread_goal *tg = &tp->goals[j];

			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", tg->goal->code);
			jsonw_kstr(&w, "title", goal_title(tg->goal));
			jsonw_kbool(&w, "main", tg->goal->main);
			jsonw_key(&w, "commentary");
			commentary_json(&w, plan_report_commentary(r, tg->goal));
			jsonw_key(&w, "initiatives");
			jsonw_arr_begin(&w);
			for (size_t k = 0; k < tg->nitems; k++)
				item_json(&w, r, &tg->items[k]);
			jsonw_arr_end(&w);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
}

static void item_text(struct buf *b, const struct plan_report *r, const struct thread_item *it, const char *indent)
{
	const char *name = plan_report_unit_name(r, it->plan->unit);

	buf_printf(b, "%s#%ld %s [%s] — plan %s v%d, %s (%s) — %s%s%s\n", indent, it->initiative->id,
		   it->initiative->title, initiative_status_name(it->initiative->status), it->plan->code,
		   it->plan->version, plan_type_label(it->plan->type, false), plan_status_name(it->plan->status),
		   it->plan->unit, name ? " " : "", name ? name : "");
}

void plan_report_thread_text(struct buf *b, const struct plan_report *r, const struct redthread *rt, int number)
{
	buf_printf(b, "The red thread of %s: goal → initiative → plan → unit\n", r->st->code);
	for (size_t i = 0; i < rt->npms; i++) {
		const struct thread_pm *tp = &rt->pms[i];

		if (number && tp->pm->number != number)
			continue;
		buf_printf(b, "\n%d. %s\n", tp->pm->number, tp->pm->title);
		if (tp->ndirect) {
			buf_puts(b, "   serving the pejlemærke as a whole:\n");
			for (size_t k = 0; k < tp->ndirect; k++)
				item_text(b, r, &tp->direct[k], "     ");
		}
		for (size_t j = 0; j < tp->pm->ngoals; j++) {
			const struct thread_goal *tg = &tp->goals[j];
			const struct commentary *c = plan_report_commentary(r, tg->goal);

			buf_printf(b, "   %s %s\n", tg->goal->code, goal_title(tg->goal));
			if (c)
				buf_printf(b, "     commentary %s (%s, %.10s)%s%s\n", c->period, c->author, c->at,
					   c->next_steps ? ": next: " : "", c->next_steps ? c->next_steps : "");
			if (tg->nitems == 0)
				buf_puts(b, "     (no initiative serves this goal)\n");
			for (size_t k = 0; k < tg->nitems; k++)
				item_text(b, r, &tg->items[k], "     ");
		}
	}
}

/* --- the red thread of a unit ---------------------------------------------------------- */

static const char *const unit_head[] = {"unit",		 "plan",	 "plan_version",      "plan_type",
					"plan_status",	 "from",	 "to",		      "above",
					"initiative_id", "initiative", "initiative_status", "serves_kind",
					"serves_ref",	 "serves_title", NULL};

/* The codes of the plans above, nearest first, as "CP > TG". */
static char *above_text(const struct unit_plan *up, struct arena *a)
{
	size_t len = 1;
	char *s;

	for (size_t k = 0; k < up->nancestors; k++)
		len += strlen(up->ancestors[k]->code) + 3;
	s = arena_alloc(a, len);
	for (size_t k = 0; k < up->nancestors; k++) {
		if (k)
			strcat(s, " > ");
		strcat(s, up->ancestors[k]->code);
	}
	return s;
}

void plan_report_unit_table(struct table *t, const struct plan_report *r, const char *unit,
			    const struct unit_plan *v, size_t n)
{
	struct arena *a = arena_new();

	table_init(t, unit_head);
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = v[i].plan;
		char ver[16], from[16], to[16];
		const char *row[14] = {unit, p->code, ver, plan_type_name(p->type), plan_status_name(p->status), from, to,
				       above_text(&v[i], a)};

		snprintf(ver, sizeof ver, "%d", p->version);
		snprintf(from, sizeof from, "%d", p->year_from);
		snprintf(to, sizeof to, "%d", p->year_to);
		if (p->ninitiatives == 0)
			table_row(t, row);
		for (size_t j = 0; j < p->ninitiatives; j++) {
			const struct initiative *in = &p->initiatives[j];
			char id[24];

			snprintf(id, sizeof id, "%ld", in->id);
			row[8] = id;
			row[9] = in->title;
			row[10] = initiative_status_name(in->status);
			row[11] = row[12] = row[13] = NULL;
			if (in->nlinks == 0)
				table_row(t, row);
			for (size_t k = 0; k < in->nlinks; k++) {
				row[11] = link_kind_name(in->links[k].kind);
				row[12] = in->links[k].ref;
				row[13] = plan_link_title(r->st, &in->links[k]);
				table_row(t, row);
			}
		}
	}
	arena_free(a);
}

static void plan_ref_json(struct jsonw *w, const struct plan_report *r, const struct plan *p)
{
	jsonw_obj_begin(w);
	jsonw_kstr(w, "code", p->code);
	jsonw_kint(w, "version", p->version);
	jsonw_kstr(w, "title", p->title);
	jsonw_kstr(w, "type", plan_type_name(p->type));
	jsonw_kstr(w, "status", plan_status_name(p->status));
	jsonw_kstr(w, "unit", p->unit);
	jsonw_kstr(w, "unit_name", plan_report_unit_name(r, p->unit));
	jsonw_obj_end(w);
}

void plan_report_unit_json(struct buf *b, const struct plan_report *r, const char *unit, const struct unit_plan *v,
			   size_t n, bool pretty)
{
	struct jsonw w;

	jsonw_init(&w, b, pretty);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "strategy", r->st->code);
	jsonw_kstr(&w, "unit", unit);
	jsonw_kstr(&w, "unit_name", plan_report_unit_name(r, unit));
	jsonw_key(&w, "plans");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = v[i].plan;

		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "code", p->code);
		jsonw_kint(&w, "version", p->version);
		jsonw_kstr(&w, "title", p->title);
		jsonw_kstr(&w, "type", plan_type_name(p->type));
		jsonw_kstr(&w, "status", plan_status_name(p->status));
		jsonw_kint(&w, "from", p->year_from);
		jsonw_kint(&w, "to", p->year_to);
		jsonw_key(&w, "above");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < v[i].nancestors; k++)
			plan_ref_json(&w, r, v[i].ancestors[k]);
		jsonw_arr_end(&w);
		jsonw_key(&w, "below");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < v[i].nchildren; k++)
			plan_ref_json(&w, r, v[i].children[k]);
		jsonw_arr_end(&w);
		jsonw_key(&w, "initiatives");
		jsonw_arr_begin(&w);
		for (size_t j = 0; j < p->ninitiatives; j++) {
			const struct initiative *in = &p->initiatives[j];

			jsonw_obj_begin(&w);
			jsonw_kint(&w, "id", in->id);
			jsonw_kstr(&w, "title", in->title);
			jsonw_kstr(&w, "status", initiative_status_name(in->status));
			jsonw_key(&w, "serves");
			jsonw_arr_begin(&w);
			for (size_t k = 0; k < in->nlinks; k++) {
				jsonw_obj_begin(&w);
				jsonw_kstr(&w, "kind", link_kind_name(in->links[k].kind));
				jsonw_kstr(&w, "ref", in->links[k].ref);
				jsonw_kstr(&w, "title", plan_link_title(r->st, &in->links[k]));
				jsonw_obj_end(&w);
			}
			jsonw_arr_end(&w);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
}

void plan_report_unit_text(struct buf *b, const struct plan_report *r, const char *unit, const struct unit_plan *v,
			   size_t n)
{
	const char *name = plan_report_unit_name(r, unit);

	buf_printf(b, "%s%s%s: its plans and what they serve\n", unit, name ? " " : "", name ? name : "");
	if (n == 0)
		buf_puts(b, "\n(the unit has no plan)\n");
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = v[i].plan;
		char period[24];

		years(period, sizeof period, p);
		buf_printf(b, "\n%s v%d %s %s (%s) — %s\n", p->code, p->version, plan_type_label(p->type, false), period,
			   plan_status_name(p->status), p->title);
		for (size_t k = 0; k < v[i].nancestors; k++)
			buf_printf(b, "  %s %s (%s, %s)\n", k ? "   and" : "under", v[i].ancestors[k]->code,
				   plan_type_label(v[i].ancestors[k]->type, false), v[i].ancestors[k]->unit);
		for (size_t k = 0; k < v[i].nchildren; k++)
			buf_printf(b, "  above %s (%s, %s)\n", v[i].children[k]->code,
				   plan_type_label(v[i].children[k]->type, false), v[i].children[k]->unit);
		for (size_t j = 0; j < p->ninitiatives; j++) {
			const struct initiative *in = &p->initiatives[j];

			buf_printf(b, "  #%ld %s [%s]\n", in->id, in->title, initiative_status_name(in->status));
			if (in->nlinks == 0)
				buf_puts(b, "      serves nothing in the strategy\n");
			for (size_t k = 0; k < in->nlinks; k++) {
				const char *title = plan_link_title(r->st, &in->links[k]);

				buf_printf(b, "      serves %s %s%s%s\n", link_kind_name(in->links[k].kind), in->links[k].ref,
					   title ? " " : "", title ? title : "");
			}
		}
	}
}

/* --- gaps ------------------------------------------------------------------------------ */

static const char *const gaps_head[] = {"kind", "ref", "title", "plan", "unit", "initiative", "due",
					"days_overdue", NULL};

void plan_report_gaps_table(struct table *t, const struct plan_report *r, const struct gaps *g)
{
	(void)r;
	table_init(t, gaps_head);
	for (size_t i = 0; i < g->n; i++) {
		const struct gap *x = &g->items[i];
		char days[24] = "";
		const char *row[8] = {gap_kind_name(x->kind), x->ref, x->title};

		if (x->plan) {
			row[3] = x->plan->code;
			row[4] = x->plan->unit;
		}
		if (x->kind == GAP_UNIT)
			row[4] = x->ref;
		if (x->kind == GAP_MILESTONE) {
			snprintf(days, sizeof days, "%ld", x->days_overdue);
			row[5] = x->initiative->title;
			row[6] = x->milestone->due;
			row[7] = days;
		}
		table_row(t, row);
	}
}

static const char *const gap_json_keys[GAP_KIND_COUNT] = {"commitments_without_initiative", "goals_without_initiative",
							  "units_without_approved_plan", "initiatives_without_links",
							  "overdue_milestones"};

void plan_report_gaps_json(struct buf *b, const struct plan_report *r, const struct gaps *g, bool pretty)
{
	static const char *const count_keys[GAP_KIND_COUNT] = {"commitments", "goals", "units", "initiatives",
							       "milestones"};
	struct jsonw w;

	jsonw_init(&w, b, pretty);
	jsonw_obj_begin(&w);
	jsonw_kstr(&w, "strategy", r->st->code);
	jsonw_kstr(&w, "today", r->today);
	jsonw_key(&w, "counts");
	jsonw_obj_begin(&w);
	for (int k = 0; k < GAP_KIND_COUNT; k++)
		jsonw_kint(&w, count_keys[k], (int64_t)g->count[k]);
	jsonw_obj_end(&w);
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		jsonw_key(&w, gap_json_keys[k]);
		jsonw_arr_begin(&w);
		for (size_t i = 0; i < g->n; i++) {
			const struct gap *x = &g->items[i];

			if ((int)x->kind != k)
				continue;
			jsonw_obj_begin(&w);
			switch (x->kind) {
			case GAP_COMMITMENT:
				jsonw_kstr(&w, "code", x->ref);
				jsonw_kint(&w, "principle", x->number);
				jsonw_kstr(&w, "text", x->title);
				break;
			case GAP_GOAL:
				jsonw_kstr(&w, "code", x->ref);
				jsonw_kint(&w, "pejlemaerke", x->number);
				jsonw_kstr(&w, "title", x->title);
				break;
			case GAP_UNIT:
				jsonw_kstr(&w, "code", x->ref);
				jsonw_kstr(&w, "name", x->title);
				jsonw_kstr(&w, "kind", unit_kind_name(x->unit->kind));
				jsonw_kstr(&w, "parent", x->unit->parent);
				break;
			case GAP_INITIATIVE:
				jsonw_kint(&w, "id", x->initiative->id);
				jsonw_kstr(&w, "title", x->title);
				jsonw_kstr(&w, "status", initiative_status_name(x->initiative->status));
				jsonw_kstr(&w, "plan", x->plan->code);
				jsonw_kstr(&w, "unit", x->plan->unit);
				break;
			case GAP_MILESTONE:
				jsonw_kint(&w, "id", x->milestone->id);
				jsonw_kstr(&w, "title", x->title);
				jsonw_kstr(&w, "due", x->milestone->due);
				jsonw_kint(&w, "days_overdue", x->days_overdue);
				jsonw_kint(&w, "initiative_id", x->initiative->id);
				jsonw_kstr(&w, "initiative", x->initiative->title);
				jsonw_kstr(&w, "plan", x->plan->code);
				jsonw_kstr(&w, "unit", x->plan->unit);
				break;
			}
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
	}
	jsonw_obj_end(&w);
}

void plan_report_gaps_text(struct buf *b, const struct plan_report *r, const struct gaps *g)
{
	buf_printf(b, "Gaps in the red thread of %s on %s\n", r->st->code, r->today);
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		buf_printf(b, "\n%s (%zu)\n", gap_kind_label((enum gap_kind)k, false), g->count[k]);
		if (!g->count[k])
			buf_puts(b, "  none\n");
		for (size_t i = 0; i < g->n; i++) {
			const struct gap *x = &g->items[i];

			if ((int)x->kind != k)
				continue;
			switch (x->kind) {
			case GAP_COMMITMENT:
				buf_printf(b, "  %-6s %s\n", x->ref, x->title);
				break;
			case GAP_GOAL:
				buf_printf(b, "  %-6s %s (pejlemærke %d)\n", x->ref, x->title, x->number);
				break;
			case GAP_UNIT:
				buf_printf(b, "  %-12s %s\n", x->ref, x->title);
				break;
			case GAP_INITIATIVE:
				buf_printf(b, "  #%ld %s — plan %s (%s)\n", x->initiative->id, x->title, x->plan->code,
					   x->plan->unit);
				break;
			case GAP_MILESTONE:
				buf_printf(b, "  %s %s — %ld days overdue — #%ld %s, plan %s (%s)\n", x->milestone->due,
					   x->title, x->days_overdue, x->initiative->id, x->initiative->title, x->plan->code,
					   x->plan->unit);
				break;
			}
		}
	}
}
