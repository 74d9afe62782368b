/*
 * plan.c — see plan.h. Linear scans throughout: a municipality has a few
 * hundred plans and a few thousand initiatives, and every caller builds a
 * view once per request or command.
 */
#include "core/plan.h"

#include "core/orgtree.h"
#include "util/date.h"
#include "util/err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- names ------------------------------------------------------------------- */

struct names {
	const char *name, *da, *en;
};

static const struct names plan_types[PLAN_TYPE_COUNT] = {
	{"target_group", "målgruppeplan", "target-group plan"},
	{"centre", "centerplan", "centre plan"},
	{"development", "udviklingsplan", "development plan"},
	{"action", "handleplan", "action plan"},
};
static const struct names plan_statuses[PLAN_STATUS_COUNT] = {
	{"draft", "kladde", "draft"},
	{"approved", "godkendt", "approved"},
	{"archived", "arkiveret", "archived"},
};
static const struct names initiative_statuses[INITIATIVE_STATUS_COUNT] = {
	{"planned", "planlagt", "planned"},
	{"active", "i gang", "active"},
	{"done", "gennemført", "done"},
	{"stopped", "stoppet", "stopped"},
};
static const struct names partner_kinds[PARTNER_KIND_COUNT] = {
	{"ngo", "forening/NGO", "NGO"},
	{"volunteer", "frivillige", "volunteers"},
	{"business", "virksomhed", "business"},
	{"administration", "anden forvaltning", "other administration"},
};
static const struct names link_kinds[LINK_KIND_COUNT] = {
	{"goal", "delmål", "goal"},
	{"pejlemaerke", "pejlemærke", "pejlemærke"},
	{"principle", "princip", "principle"},
	{"commitment", "forpligtelse", "commitment"},
};
static const struct names gap_kinds[GAP_KIND_COUNT] = {
	{"commitment_without_initiative", "Forpligtelser uden initiativ", "Commitments without an initiative"},
	{"goal_without_initiative", "Delmål uden initiativ", "Goals without an initiative"},
	{"unit_without_approved_plan", "Enheder uden gældende godkendt plan", "Units without a current approved plan"},
	{"initiative_without_links", "Initiativer uden kobling til strategien",
	 "Initiatives linked to nothing in the strategy"},
	{"overdue_milestone", "Overskredne milepæle", "Overdue milestones"},
};

static bool parse_name(int *out, const struct names *t, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, t[i].name) == 0) {
			*out = i;
			return true;
		}
	return false;
}

#define ENUM_FUNCS(prefix, type, table, count)                                                                         \
	const char *prefix##_name(type v) { return (unsigned)v < (count) ? table[v].name : "?"; }                      \
	const char *prefix##_label(type v, bool danish)                                                                \
	{                                                                                                              \
		return (unsigned)v < (count) ? (danish ? table[v].da : table[v].en) : "?";                             \
	}

ENUM_FUNCS(plan_type, enum plan_type, plan_types, PLAN_TYPE_COUNT)
ENUM_FUNCS(plan_status, enum plan_status, plan_statuses, PLAN_STATUS_COUNT)
ENUM_FUNCS(initiative_status, enum initiative_status, initiative_statuses, INITIATIVE_STATUS_COUNT)
ENUM_FUNCS(partner_kind, enum partner_kind, partner_kinds, PARTNER_KIND_COUNT)
ENUM_FUNCS(link_kind, enum link_kind, link_kinds, LINK_KIND_COUNT)
ENUM_FUNCS(gap_kind, enum gap_kind, gap_kinds, GAP_KIND_COUNT)

bool plan_type_parse(enum plan_type *out, const char *s)
{
	int v;

	if (!parse_name(&v, plan_types, PLAN_TYPE_COUNT, s))
		return false;
	*out = (enum plan_type)v;
	return true;
}

bool plan_status_parse(enum plan_status *out, const char *s)
{
	int v;

	if (!parse_name(&v, plan_statuses, PLAN_STATUS_COUNT, s))
		return false;
	*out = (enum plan_status)v;
	return true;
}

bool initiative_status_parse(enum initiative_status *out, const char *s)
{
	int v;

	if (!parse_name(&v, initiative_statuses, INITIATIVE_STATUS_COUNT, s))
		return false;
	*out = (enum initiative_status)v;
	return true;
}

bool link_kind_parse(enum link_kind *out, const char *s)
{
	int v;

	if (!parse_name(&v, link_kinds, LINK_KIND_COUNT, s))
		return false;
	*out = (enum link_kind)v;
	return true;
}

bool partner_kind_parse(enum partner_kind *out, const char *s)
{
	static const struct {
		const char *word;
		enum partner_kind kind;
	} words[] = {
		{"ngo", PARTNER_NGO},		  {"forening", PARTNER_NGO},	   {"volunteer", PARTNER_VOLUNTEER},
		{"frivillige", PARTNER_VOLUNTEER}, {"frivillig", PARTNER_VOLUNTEER}, {"business", PARTNER_BUSINESS},
		{"virksomhed", PARTNER_BUSINESS},  {"administration", PARTNER_ADMINISTRATION},
		{"forvaltning", PARTNER_ADMINISTRATION},
	};

	for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*out = words[i].kind;
			return true;
		}
	return false;
}

bool plan_code_valid(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '_' && s[n] != '.' && s[n] != '-')
			return false;
	return n >= 1 && n <= 40;
}

static int year_of(const char *date)
{
	return atoi(date);
}

bool plan_current(const struct plan *p, const char *today)
{
	int y = year_of(today);

	return p->status == PLAN_APPROVED && p->year_from <= y && y <= p->year_to;
}

/* --- links ------------------------------------------------------------------------ */

static bool number_text(const char *s, int *out)
{
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 1000)
		return false;
	*out = (int)v;
	return true;
}

const char *plan_link_title(const struct strategy *st, const struct plan_link *l)
{
	int num;

	switch (l->kind) {
	case LINK_GOAL:
		for (size_t i = 0; i < st->npejlemaerker; i++)
			for (size_t j = 0; j < st->pejlemaerker[i].ngoals; j++) {
				const struct goal *g = &st->pejlemaerker[i].goals[j];

				if (strcmp(g->code, l->ref) == 0)
					return g->nversions ? g->versions[g->nversions - 1].title : g->code;
			}
		break;
	case LINK_PEJLEMAERKE:
		if (number_text(l->ref, &num))
			for (size_t i = 0; i < st->npejlemaerker; i++)
				if (st->pejlemaerker[i].number == num)
					return st->pejlemaerker[i].title;
		break;
	case LINK_PRINCIPLE:
		if (number_text(l->ref, &num))
			for (size_t i = 0; i < st->nprinciples; i++)
				if (st->principles[i].number == num)
					return st->principles[i].title;
		break;
	case LINK_COMMITMENT:
		for (size_t i = 0; i < st->nprinciples; i++)
			for (size_t j = 0; j < st->principles[i].ncommitments; j++)
				if (strcmp(st->principles[i].commitments[j].code, l->ref) == 0)
					return st->principles[i].commitments[j].text;
		break;
	}
	return NULL;
}

/* --- validation ------------------------------------------------------------------- */

static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Adds an error at prefix + path (printf-style path). */
static void bad(struct diag *d, const char *prefix, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void bad(struct diag *d, const char *prefix, const char *path, const char *fmt, ...)
{
	char where[256], msg[512];
	va_list ap;

	snprintf(where, sizeof where, "%s%s", prefix ? prefix : "", path);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(d, where, "%s", msg);
}

/* A required (or optional) single-line or multi-line text within limits. */
static void check_text(struct diag *d, const char *prefix, const char *path, const char *s, bool required,
		       size_t max, bool one_line)
{
	if (!s || !*s) {
		if (required)
			bad(d, prefix, path, "is required");
		return;
	}
	if (utf8_len(s) > max)
		bad(d, prefix, path, "is longer than %zu characters", max);
	else if (one_line && strpbrk(s, "\r\n"))
		bad(d, prefix, path, "must be one line");
}

static void check_date(struct diag *d, const char *prefix, const char *path, const char *s, bool required)
{
	struct date dt;

	if (!s || !*s) {
		if (required)
			bad(d, prefix, path, "is required (a date YYYY-MM-DD)");
		return;
	}
	if (!date_parse(&dt, s))
		bad(d, prefix, path, "\"%.40s\" is not a real date YYYY-MM-DD", s);
}

static bool valid_date(const char *s)
{
	struct date dt;

	return s && date_parse(&dt, s);
}

static void check_initiative(const struct initiative *in, size_t i, const struct strategy *st, const char *prefix,
			     struct diag *d)
{
	char path[160];

#define AT(...) (snprintf(path, sizeof path, __VA_ARGS__), path)
	check_text(d, prefix, AT("initiatives[%zu].title", i), in->title, true, 200, true);
	check_text(d, prefix, AT("initiatives[%zu].description", i), in->description, false, 20000, false);
	check_text(d, prefix, AT("initiatives[%zu].owner", i), in->owner, true, 200, true);
	check_date(d, prefix, AT("initiatives[%zu].start", i), in->start, false);
	check_date(d, prefix, AT("initiatives[%zu].end", i), in->end, false);
	if (valid_date(in->start) && valid_date(in->end) && strcmp(in->end, in->start) < 0)
		bad(d, prefix, AT("initiatives[%zu].end", i), "%s is before the start %s", in->end, in->start);
	if ((unsigned)in->status >= INITIATIVE_STATUS_COUNT)
		bad(d, prefix, AT("initiatives[%zu].status", i), "is not planned, active, done or stopped");
	for (size_t k = 0; k < in->nmilestones; k++) {
		const struct milestone *m = &in->milestones[k];

		check_text(d, prefix, AT("initiatives[%zu].milestones[%zu].title", i, k), m->title, true, 200, true);
		check_date(d, prefix, AT("initiatives[%zu].milestones[%zu].due", i, k), m->due, true);
		check_date(d, prefix, AT("initiatives[%zu].milestones[%zu].done", i, k), m->done_on, false);
	}
	for (size_t k = 0; k < in->npartners; k++) {
		check_text(d, prefix, AT("initiatives[%zu].partners[%zu].name", i, k), in->partners[k].name, true, 200, true);
		if ((unsigned)in->partners[k].kind >= PARTNER_KIND_COUNT)
			bad(d, prefix, AT("initiatives[%zu].partners[%zu].kind", i, k),
			    "is not ngo, volunteer, business or administration");
	}
	for (size_t k = 0; k < in->nlinks; k++) {
		const struct plan_link *l = &in->links[k];

		AT("initiatives[%zu].links[%zu]", i, k);
		if ((unsigned)l->kind >= LINK_KIND_COUNT || !l->ref || !*l->ref) {
			bad(d, prefix, path, "is not a link to a goal, pejlemærke, principle or commitment");
			continue;
		}
		if (st && !plan_link_title(st, l))
			bad(d, prefix, path, "strategy %s has no %s \"%.40s\"", st->code, link_kind_name(l->kind), l->ref);
		for (size_t j = 0; j < k; j++)
			if (in->links[j].kind == l->kind && in->links[j].ref && strcmp(in->links[j].ref, l->ref) == 0) {
				bad(d, prefix, path, "the %s %.40s is linked twice", link_kind_name(l->kind), l->ref);
				break;
			}
	}
#undef AT
}

size_t plan_validate(const struct plan *p, const struct strategy *st, const struct unit *units, size_t nunits,
		     const char *prefix, struct diag *d)
{
	size_t before = diag_errors(d);

	if (!p->code || !*p->code)
		bad(d, prefix, "code", "is required");
	else if (!plan_code_valid(p->code))
		bad(d, prefix, "code", "\"%.60s\": use 1 to 40 of A-Z a-z 0-9 _ . -", p->code);
	else if (strcmp(p->code, "new") == 0)
		bad(d, prefix, "code", "\"new\" is reserved (it is the address of the form for a new plan)");
	if ((unsigned)p->type >= PLAN_TYPE_COUNT)
		bad(d, prefix, "type", "is not target_group, centre, development or action");
	check_text(d, prefix, "title", p->title, true, 200, true);
	check_text(d, prefix, "description", p->description, false, 20000, false);
	check_text(d, prefix, "note", p->note, false, 2000, false);
	if (!p->unit || !*p->unit) {
		bad(d, prefix, "unit", "is required (the owner unit's code)");
	} else if (units) {
		bool found = false;

		for (size_t i = 0; i < nunits && !found; i++)
			found = strcmp(units[i].code, p->unit) == 0;
		if (!found)
			bad(d, prefix, "unit", "there is no unit %.40s", p->unit);
	}
	if (p->year_from < 2000 || p->year_from > 2100)
		bad(d, prefix, "year_from", "must be a year from 2000 to 2100");
	if (p->year_to < 2000 || p->year_to > 2100)
		bad(d, prefix, "year_to", "must be a year from 2000 to 2100");
	else if (p->year_to < p->year_from)
		bad(d, prefix, "year_to", "%d is before the first year %d", p->year_to, p->year_from);
	if (p->parent && *p->parent && !plan_code_valid(p->parent))
		bad(d, prefix, "parent", "\"%.60s\" is not a plan code", p->parent);
	if (p->parent && p->code && strcmp(p->parent, p->code) == 0)
		bad(d, prefix, "parent", "a plan cannot be its own parent");
	if (st && p->strategy && strcmp(st->code, p->strategy) != 0)
		bad(d, prefix, "strategy", "is %s, but the links are checked against %s", p->strategy, st->code);
	if (p->ninitiatives > 500)
		bad(d, prefix, "initiatives", "at most 500 initiatives per plan");
	for (size_t i = 0; i < p->ninitiatives; i++)
		check_initiative(&p->initiatives[i], i, st, prefix, d);
	return diag_errors(d) - before;
}

bool plan_check_parent(const struct plan *plans, size_t n, const char *code, const char *parent, const char *where,
		       struct diag *d)
{
	const char *at = parent;

	if (!parent || !*parent)
		return true;
	if (code && strcmp(code, parent) == 0) {
		diag_error(d, where, "a plan cannot be its own parent");
		return false;
	}
	if (plan_shown(plans, n, parent) < 0) {
		diag_error(d, where, "there is no plan %.40s", parent);
		return false;
	}
	/* walk up from the parent: meeting code again would close a cycle */
	for (size_t steps = 0; at && steps <= n; steps++) {
		long k = plan_shown(plans, n, at);

		if (code && strcmp(at, code) == 0) {
			diag_error(d, where, "%.40s lies below %.40s already; that would make a cycle", parent, code);
			return false;
		}
		at = k >= 0 ? plans[k].parent : NULL;
	}
	return true;
}

size_t plan_check(const struct plan *p, const struct strategy *st, const struct unit *units, size_t nunits,
		  const struct plan *plans, size_t nplans, bool is_new, const char *prefix, struct diag *d)
{
	size_t before = diag_errors(d);
	char where[256];

	plan_validate(p, st, units, nunits, prefix, d);
	snprintf(where, sizeof where, "%sparent", prefix ? prefix : "");
	if (p->parent && *p->parent && plan_code_valid(p->parent) && !(p->code && strcmp(p->parent, p->code) == 0))
		plan_check_parent(plans, nplans, p->code, p->parent, where, d);
	if (is_new && p->code && plan_shown(plans, nplans, p->code) >= 0) {
		snprintf(where, sizeof where, "%scode", prefix ? prefix : "");
		diag_error(d, where, "a plan with code %.40s exists already", p->code);
	}
	return diag_errors(d) - before;
}

/* --- versions ----------------------------------------------------------------------- */

long plan_effective(const struct plan *plans, size_t n, const char *code)
{
	long approved = -1, draft = -1;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(plans[i].code, code) != 0)
			continue;
		if (plans[i].status == PLAN_APPROVED &&
		    (approved < 0 || plans[i].version > plans[approved].version))
			approved = (long)i;
		if (plans[i].status == PLAN_DRAFT && (draft < 0 || plans[i].version > plans[draft].version))
			draft = (long)i;
	}
	return approved >= 0 ? approved : draft;
}

long plan_shown(const struct plan *plans, size_t n, const char *code)
{
	long k = plan_effective(plans, n, code);

	if (k >= 0)
		return k;
	for (size_t i = 0; i < n; i++)
		if (strcmp(plans[i].code, code) == 0 && (k < 0 || plans[i].version > plans[k].version))
			k = (long)i;
	return k;
}

long plan_version_index(const struct plan *plans, size_t n, const char *code, int version)
{
	for (size_t i = 0; i < n; i++)
		if (plans[i].version == version && strcmp(plans[i].code, code) == 0)
			return (long)i;
	return -1;
}

size_t plan_codes(size_t *idx, const struct plan *plans, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(plans[j].code, plans[i].code) == 0;
		if (!seen)
			idx[k++] = (size_t)plan_shown(plans, n, plans[i].code);
	}
	/* insertion sort by code: few plans, and no global comparator state
	 * (server threads share this code) */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && strcmp(plans[idx[j - 1]].code, plans[idx[j]].code) > 0; j--) {
			size_t t = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	return k;
}

/* The effective versions, in code order (NULL-free array of pointers). */
static size_t effective_list(const struct plan ***out, const struct plan *plans, size_t n, struct arena *a)
{
	size_t *idx = arena_calloc(a, n + 1, sizeof *idx), k = 0, m = plan_codes(idx, plans, n);
	const struct plan **v = arena_calloc(a, m + 1, sizeof *v);

	for (size_t i = 0; i < m; i++) {
		long e = plan_effective(plans, n, plans[idx[i]].code);

		if (e >= 0)
			v[k++] = &plans[e];
	}
	*out = v;
	return k;
}

/* --- the red thread ------------------------------------------------------------------ */

static bool links_to(const struct initiative *in, enum link_kind kind, const char *ref)
{
	for (size_t k = 0; k < in->nlinks; k++)
		if (in->links[k].kind == kind && strcmp(in->links[k].ref, ref) == 0)
			return true;
	return false;
}

/* The initiatives of eff[] (plans of st) linked to kind/ref. */
static void collect(struct thread_item **out, size_t *n, const struct plan *const *eff, size_t neff,
		    enum link_kind kind, const char *ref, struct arena *a)
{
	size_t count = 0, k = 0;
	struct thread_item *v;

	for (size_t i = 0; i < neff; i++)
		for (size_t j = 0; j < eff[i]->ninitiatives; j++)
			count += links_to(&eff[i]->initiatives[j], kind, ref);
	v = arena_calloc(a, count + 1, sizeof *v);
	for (size_t i = 0; i < neff; i++)
		for (size_t j = 0; j < eff[i]->ninitiatives; j++)
			if (links_to(&eff[i]->initiatives[j], kind, ref)) {
				v[k].plan = eff[i];
				v[k].initiative = &eff[i]->initiatives[j];
				k++;
			}
	*out = v;
	*n = k;
}

/* The effective plans of strategy st. */
static size_t strategy_plans(const struct plan ***out, const struct strategy *st, const struct plan *plans,
			     size_t nplans, struct arena *a)
{
	const struct plan **eff;
	size_t n = effective_list(&eff, plans, nplans, a), k = 0;

	for (size_t i = 0; i < n; i++)
		if (eff[i]->strategy && strcmp(eff[i]->strategy, st->code) == 0)
			eff[k++] = eff[i];
	*out = eff;
	return k;
}

void redthread_build(struct redthread *out, const struct strategy *st, const struct plan *plans, size_t nplans,
		     struct arena *a)
{
	const struct plan **eff;
	size_t neff = strategy_plans(&eff, st, plans, nplans, a);

	out->npms = st->npejlemaerker;
	out->pms = arena_calloc(a, st->npejlemaerker + 1, sizeof *out->pms);
	for (size_t i = 0; i < st->npejlemaerker; i++) {
		const struct pejlemaerke *pm = &st->pejlemaerker[i];
		struct thread_pm *t = &out->pms[i];
		char num[16];

		t->pm = pm;
		snprintf(num, sizeof num, "%d", pm->number);
		collect(&t->direct, &t->ndirect, eff, neff, LINK_PEJLEMAERKE, num, a);
		t->goals = arena_calloc(a, pm->ngoals + 1, sizeof *t->goals);
		for (size_t j = 0; j < pm->ngoals; j++) {
			t->goals[j].goal = &pm->goals[j];
			collect(&t->goals[j].items, &t->goals[j].nitems, eff, neff, LINK_GOAL, pm->goals[j].code, a);
		}
	}
}

void redthread_unit(struct unit_plan **out, size_t *n, const struct plan *plans, size_t nplans, const char *unit,
		    struct arena *a)
{
	const struct plan **eff;
	size_t neff = effective_list(&eff, plans, nplans, a), k = 0;
	struct unit_plan *v = arena_calloc(a, neff + 1, sizeof *v);

	for (size_t i = 0; i < neff; i++) {
		struct unit_plan *up = &v[k];
		const char *parent;
		size_t nc = 0;

		if (strcmp(eff[i]->unit, unit) != 0)
			continue;
		up->plan = eff[i];
		up->ancestors = arena_calloc(a, nplans + 1, sizeof *up->ancestors);
		parent = eff[i]->parent;
		/* the chain upwards; the step bound stops a cycle that slipped in */
		while (parent && up->nancestors < nplans) {
			long p = plan_shown(plans, nplans, parent);

			if (p < 0)
				break;
			up->ancestors[up->nancestors++] = &plans[p];
			parent = plans[p].parent;
		}
		for (size_t j = 0; j < neff; j++)
			nc += eff[j]->parent && strcmp(eff[j]->parent, eff[i]->code) == 0;
		up->children = arena_calloc(a, nc + 1, sizeof *up->children);
		for (size_t j = 0; j < neff; j++)
			if (eff[j]->parent && strcmp(eff[j]->parent, eff[i]->code) == 0)
				up->children[up->nchildren++] = eff[j];
		k++;
	}
	*out = v;
	*n = k;
}

static bool serves(const struct plan *const *eff, size_t neff, enum link_kind kind, const char *ref)
{
	for (size_t i = 0; i < neff; i++)
		for (size_t j = 0; j < eff[i]->ninitiatives; j++)
			if (eff[i]->initiatives[j].status != INITIATIVE_STOPPED && links_to(&eff[i]->initiatives[j], kind, ref))
				return true;
	return false;
}

/* The next gap; items was sized for every candidate. */
static struct gap *add_gap(struct gaps *g, enum gap_kind kind)
{
	struct gap *x = &g->items[g->n++];

	memset(x, 0, sizeof *x);
	x->kind = kind;
	g->count[kind]++;
	return x;
}

static int by_due(const void *a, const void *b)
{
	const struct gap *x = a, *y = b;
	int c = strcmp(x->milestone->due, y->milestone->due);

	if (c)
		return c;
	c = strcmp(x->plan->code, y->plan->code);
	return c ? c : (x->milestone->id > y->milestone->id) - (x->milestone->id < y->milestone->id);
}

int redthread_gaps(struct gaps *out, const struct strategy *st, const struct plan *plans, size_t nplans,
		   const struct unit *units, size_t nunits, const char *today, struct arena *a)
{
	const struct plan **eff, **all;
	size_t neff, nall, cap = 0, ncommit = 0, ngoals = 0, nms = 0, ninit = 0, nu, first_ms;
	size_t *order;
	int *depth;
	struct date td;
	long tdays;

	memset(out, 0, sizeof *out);
	if (!today || !date_parse(&td, today))
		return err_set(PEJL_EINPUT, "today \"%s\" is not a date YYYY-MM-DD", today ? today : "");
	tdays = date_to_days(td);
	neff = strategy_plans(&eff, st, plans, nplans, a);
	nall = effective_list(&all, plans, nplans, a);
	for (size_t i = 0; i < st->nprinciples; i++)
		ncommit += st->principles[i].ncommitments;
	for (size_t i = 0; i < st->npejlemaerker; i++)
		ngoals += st->pejlemaerker[i].ngoals;
	for (size_t i = 0; i < nall; i++) {
		ninit += all[i]->ninitiatives;
		for (size_t j = 0; j < all[i]->ninitiatives; j++)
			nms += all[i]->initiatives[j].nmilestones;
	}
	cap = ncommit + ngoals + nunits + ninit + nms + 1;
	out->items = arena_calloc(a, cap, sizeof *out->items);

	for (size_t i = 0; i < st->nprinciples; i++)
		for (size_t j = 0; j < st->principles[i].ncommitments; j++) {
			const struct commitment *c = &st->principles[i].commitments[j];
			struct gap *x;

			if (serves(eff, neff, LINK_COMMITMENT, c->code))
				continue;
			x = add_gap(out, GAP_COMMITMENT);
			x->ref = c->code;
			x->title = c->text;
			x->number = st->principles[i].number;
		}
	for (size_t i = 0; i < st->npejlemaerker; i++)
		for (size_t j = 0; j < st->pejlemaerker[i].ngoals; j++) {
			const struct goal *g = &st->pejlemaerker[i].goals[j];
			struct gap *x;

			if (serves(eff, neff, LINK_GOAL, g->code))
				continue;
			x = add_gap(out, GAP_GOAL);
			x->ref = g->code;
			x->title = g->nversions ? g->versions[g->nversions - 1].title : g->code;
			x->number = st->pejlemaerker[i].number;
		}
	order = arena_calloc(a, nunits + 1, sizeof *order);
	depth = arena_calloc(a, nunits + 1, sizeof *depth);
	nu = orgtree_order(units, nunits, today, order, depth);
	for (size_t k = 0; k < nu; k++) {
		const struct unit *u = &units[order[k]];
		bool covered = false;
		struct gap *x;

		for (size_t i = 0; i < nplans && !covered; i++)
			covered = strcmp(plans[i].unit, u->code) == 0 && plan_current(&plans[i], today);
		if (covered)
			continue;
		x = add_gap(out, GAP_UNIT);
		x->ref = u->code;
		x->title = u->name;
		x->unit = u;
	}
	for (size_t i = 0; i < nall; i++)
		for (size_t j = 0; j < all[i]->ninitiatives; j++) {
			const struct initiative *in = &all[i]->initiatives[j];
			struct gap *x;

			if (in->nlinks || in->status == INITIATIVE_STOPPED)
				continue;
			x = add_gap(out, GAP_INITIATIVE);
			x->ref = arena_printf(a, "%ld", in->id);
			x->title = in->title;
			x->plan = all[i];
			x->initiative = in;
		}
	first_ms = out->n;
	for (size_t i = 0; i < nall; i++)
		for (size_t j = 0; j < all[i]->ninitiatives; j++) {
			const struct initiative *in = &all[i]->initiatives[j];

			if (in->status != INITIATIVE_PLANNED && in->status != INITIATIVE_ACTIVE)
				continue;
			for (size_t k = 0; k < in->nmilestones; k++) {
				const struct milestone *m = &in->milestones[k];
				struct date due;
				struct gap *x;

				if (m->done_on || !date_parse(&due, m->due) || date_to_days(due) >= tdays)
					continue;
				x = add_gap(out, GAP_MILESTONE);
				x->ref = arena_printf(a, "%ld", m->id);
				x->title = m->title;
				x->plan = all[i];
				x->initiative = in;
				x->milestone = m;
				x->days_overdue = tdays - date_to_days(due);
			}
		}
	qsort(out->items + first_ms, out->n - first_ms, sizeof *out->items, by_due);
	return 0;
}

/* --- text forms ---------------------------------------------------------------------- */

/* s without leading and trailing blanks (modified in place). */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Splits line at '|' into at most max trimmed fields; returns the count
 * (max + 1 when there are more). */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *bar = strchr(p, '|');

		if (bar)
			*bar = '\0';
		if (n == max)
			return max + 1;
		f[n++] = trim(p);
		if (!bar)
			return n;
		p = bar + 1;
	}
}

static size_t count_lines(const char *text)
{
	size_t n = 1;

	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

size_t plan_parse_milestones(struct milestone **out, size_t *n, const char *text, const char *where, struct arena *a,
			     struct diag *d)
{
	size_t before = diag_errors(d), k = 0, lineno = 0;
	char *copy = arena_strdup(a, text ? text : ""), *save = NULL, *line;
	struct milestone *v = arena_calloc(a, count_lines(copy) + 1, sizeof *v);

	for (line = copy; line; line = save) {
		char *f[3], loc[128];
		size_t nf;
		struct date dt;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		line = trim(line);
		if (!*line)
			continue;
		snprintf(loc, sizeof loc, "%s line %zu", where, lineno);
		nf = fields(line, f, 3);
		if (nf < 2 || nf > 3) {
			diag_error(d, loc, "write a milestone as DUE | TITLE or DUE | TITLE | DONE (dates YYYY-MM-DD)");
			continue;
		}
		if (!date_parse(&dt, f[0])) {
			diag_error(d, loc, "\"%.40s\" is not a real date YYYY-MM-DD", f[0]);
			continue;
		}
		if (!*f[1]) {
			diag_error(d, loc, "the milestone needs a title");
			continue;
		}
		if (utf8_len(f[1]) > 200) {
			diag_error(d, loc, "the title is longer than 200 characters");
			continue;
		}
		if (nf == 3 && *f[2] && !date_parse(&dt, f[2])) {
			diag_error(d, loc, "the done date \"%.40s\" is not a real date YYYY-MM-DD", f[2]);
			continue;
		}
		v[k].due = arena_strdup(a, f[0]);
		v[k].title = arena_strdup(a, f[1]);
		v[k].done_on = nf == 3 && *f[2] ? arena_strdup(a, f[2]) : NULL;
		k++;
	}
	*out = v;
	*n = k;
	return diag_errors(d) - before;
}

size_t plan_parse_partners(struct partner **out, size_t *n, const char *text, const char *where, struct arena *a,
			   struct diag *d)
{
	size_t before = diag_errors(d), k = 0, lineno = 0;
	char *copy = arena_strdup(a, text ? text : ""), *save = NULL, *line;
	struct partner *v = arena_calloc(a, count_lines(copy) + 1, sizeof *v);

	for (line = copy; line; line = save) {
		char *f[2], loc[128];
		size_t nf;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		line = trim(line);
		if (!*line)
			continue;
		snprintf(loc, sizeof loc, "%s line %zu", where, lineno);
		nf = fields(line, f, 2);
		if (nf != 2) {
			diag_error(d, loc, "write a partner as KIND | NAME (KIND: ngo, volunteer, business or administration)");
			continue;
		}
		if (!partner_kind_parse(&v[k].kind, f[0])) {
			diag_error(d, loc, "\"%.40s\" is not ngo, volunteer, business or administration", f[0]);
			continue;
		}
		if (!*f[1] || utf8_len(f[1]) > 200) {
			diag_error(d, loc, "the partner needs a name of at most 200 characters");
			continue;
		}
		v[k].name = arena_strdup(a, f[1]);
		k++;
	}
	*out = v;
	*n = k;
	return diag_errors(d) - before;
}

char *plan_format_milestones(const struct milestone *m, size_t n, struct arena *a)
{
	size_t len = 1;
	char *s, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(m[i].due) + strlen(m[i].title) + (m[i].done_on ? strlen(m[i].done_on) : 0) + 8;
	p = s = arena_alloc(a, len);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s | %s%s%s\n", m[i].due, m[i].title, m[i].done_on ? " | " : "",
			     m[i].done_on ? m[i].done_on : "");
	*p = '\0';
	return s;
}

char *plan_format_partners(const struct partner *v, size_t n, struct arena *a)
{
	size_t len = 1;
	char *s, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(partner_kind_name(v[i].kind)) + strlen(v[i].name) + 4;
	p = s = arena_alloc(a, len);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s | %s\n", partner_kind_name(v[i].kind), v[i].name);
	*p = '\0';
	return s;
}
