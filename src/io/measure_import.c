/*
 * measure_import.c — see measure_import.h.
 *
 * One pass over the rows inside one transaction: each row is checked and,
 * while no error has been seen, stored; at the end the transaction commits
 * only if there was no error and this is not a dry run. Duplicate keys in a
 * file are found with an open-addressing hash of the keys seen.
 */
#include "io/measure_import.h"

#include "core/orgtree.h"
#include "io/rows.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <ctype.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col { C_GOAL, C_PERIOD, C_UNIT, C_GROUP, C_VALUE, C_NUM, C_DEN, C_N, C_SD, C_STATE, C_SOURCE, C_NOTE, NCOLS };

static const struct {
	const char *name;
	enum col col;
} headers[] = {
	{"goal", C_GOAL},         {"maal", C_GOAL},          {"mål", C_GOAL},          {"delmaal", C_GOAL},
	{"delmål", C_GOAL},       {"period", C_PERIOD},      {"periode", C_PERIOD},    {"unit", C_UNIT},
	{"enhed", C_UNIT},        {"group", C_GROUP},        {"gruppe", C_GROUP},      {"maalgruppe", C_GROUP},
	{"målgruppe", C_GROUP},   {"value", C_VALUE},        {"vaerdi", C_VALUE},      {"værdi", C_VALUE},
	{"numerator", C_NUM},     {"taeller", C_NUM},        {"tæller", C_NUM},        {"denominator", C_DEN},
	{"naevner", C_DEN},       {"nævner", C_DEN},         {"n", C_N},               {"sd", C_SD},
	{"state", C_STATE},       {"tilstand", C_STATE},     {"status", C_STATE},      {"source", C_SOURCE},
	{"kilde", C_SOURCE},      {"note", C_NOTE},          {"bemaerkning", C_NOTE},  {"bemærkning", C_NOTE},
};
static const char *const col_names[NCOLS] = {"goal", "period", "unit", "group", "value", "numerator",
					     "denominator", "n", "sd", "state", "source", "note"};

bool parse_decimal(const char *s, double *out)
{
	char buf[64];
	size_t k = 0;
	bool sep = false, digit = false;
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+' || *s == '-')
		buf[k++] = *s++;
	for (; *s && *s != ' ' && *s != '\t'; s++) {
		if (k + 2 >= sizeof buf)
			return false;
		if (*s >= '0' && *s <= '9') {
			buf[k++] = *s;
			digit = true;
		} else if ((*s == '.' || *s == ',') && !sep) {
			buf[k++] = '.';
			sep = true;
		} else if ((*s == 'e' || *s == 'E') && digit) {
			/* exponent: digits with an optional sign */
			buf[k++] = 'e';
			s++;
			if (*s == '+' || *s == '-')
				buf[k++] = *s++;
			if (!(*s >= '0' && *s <= '9'))
				return false;
			while (*s >= '0' && *s <= '9' && k + 2 < sizeof buf)
				buf[k++] = *s++;
			break;
		} else {
			return false;
		}
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || !digit)
		return false;
	buf[k] = '\0';
	*out = strtod(buf, &end);
	return *end == '\0' && isfinite(*out);
}

/* --- the duplicate-key set --------------------------------------------------------- */

/* Keys are packed into 64 bits: goal id (20 bits), period number in this
 * import (12), unit code index (20), group index (12); 0 is the empty slot,
 * so every field is stored plus one. */
struct keyset {
	uint64_t *keys;
	uint32_t *lines;
	size_t cap, n;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* Adds key; returns 0 if new, else the line where it was first seen. */
static size_t keyset_add(struct keyset *ks, uint64_t key, size_t line)
{
	size_t i;

	if (ks->n * 2 >= ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 4096;
		uint64_t *nk = xcalloc(ncap, sizeof *nk);
		uint32_t *nl = xcalloc(ncap, sizeof *nl);

		for (size_t k = 0; k < ks->cap; k++)
			if (ks->keys[k]) {
				size_t j = mix(ks->keys[k]) & (ncap - 1);

				while (nk[j])
					j = (j + 1) & (ncap - 1);
				nk[j] = ks->keys[k];
				nl[j] = ks->lines[k];
			}
		free(ks->keys);
		free(ks->lines);
		ks->keys = nk;
		ks->lines = nl;
		ks->cap = ncap;
	}
	i = mix(key) & (ks->cap - 1);
	while (ks->keys[i]) {
		if (ks->keys[i] == key)
			return ks->lines[i];
		i = (i + 1) & (ks->cap - 1);
	}
	ks->keys[i] = key;
	ks->lines[i] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	ks->n++;
	return 0;
}

/* --- per-import state -------------------------------------------------------------- */

struct goal_ref {
	const struct goal *g;
	bool history_loaded;
	/* stored history per unit/group key, for outlier warnings */
	struct range {
		char *key;
		double lo, hi;
		size_t n;
	} *ranges;
	size_t nranges;
};

struct period_tree {
	char period[16];
	long *parents;
};

struct imp {
	struct store *s;
	struct arena *a;
	const char *name;
	struct diag *d;
	struct strategy_doc *doc;
	struct goal_ref *goals, *last_goal;
	size_t ngoals;
	struct unit *units;
	size_t nunits;
	struct orgindex ix;
	struct target_group *groups;
	size_t ngroups;
	struct period_tree *trees;
	size_t ntrees, captrees;
	size_t errors_before;
	char separator; /* the CSV's separator, 0 for XLSX */
};

static void row_error(struct imp *m, size_t line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void row_error(struct imp *m, size_t line, int col, const char *fmt, ...)
{
	char where[512], msg[1024];
	va_list ap;

	snprintf(where, sizeof where, "%s:%zu:%d", m->name, line, col + 1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(m->d, where, "%s", msg);
}

static struct goal_ref *find_goal(struct imp *m, const char *code)
{
	/* rows usually come grouped by goal: try the last one first */
	if (m->last_goal && strcmp(m->last_goal->g->code, code) == 0)
		return m->last_goal;
	for (size_t i = 0; i < m->ngoals; i++)
		if (strcmp(m->goals[i].g->code, code) == 0)
			return m->last_goal = &m->goals[i];
	return NULL;
}

static const long *tree_for(struct imp *m, struct period p, const char *text)
{
	char first[11], last[11];

	for (size_t i = 0; i < m->ntrees; i++)
		if (strcmp(m->trees[i].period, text) == 0)
			return m->trees[i].parents;
	if (m->ntrees == m->captrees) {
		m->captrees = m->captrees ? m->captrees * 2 : 16;
		m->trees = xreallocarray(m->trees, m->captrees, sizeof *m->trees);
	}
	period_days(p, first, last);
	snprintf(m->trees[m->ntrees].period, sizeof m->trees[m->ntrees].period, "%s", text);
	m->trees[m->ntrees].parents = arena_calloc(m->a, m->ix.ncodes ? m->ix.ncodes : 1, sizeof(long));
	orgtree_parents(m->units, m->nunits, &m->ix, first, last, m->trees[m->ntrees].parents);
	return m->trees[m->ntrees++].parents;
}

struct hist_ctx {
	struct imp *m;
	struct goal_ref *gr;
	const struct goal_version *v;
	size_t cap;
};

static int collect_history(void *ctx, const struct obs_row *r)
{
	struct hist_ctx *h = ctx;
	struct goal_ref *gr = h->gr;
	char key[200];
	double val;
	size_t i;

	if (r->state == OBS_MISSING || !measure_value(h->v->measure, h->v->rate_factor, &r->v, &val))
		return 0;
	snprintf(key, sizeof key, "%s\x1f%s", r->unit, r->group);
	for (i = 0; i < gr->nranges; i++)
		if (strcmp(gr->ranges[i].key, key) == 0)
			break;
	if (i == gr->nranges) {
		if (gr->nranges == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 64;
			gr->ranges = xreallocarray(gr->ranges, h->cap, sizeof *gr->ranges);
		}
		gr->ranges[i].key = arena_strdup(h->m->a, key);
		gr->ranges[i].lo = gr->ranges[i].hi = val;
		gr->ranges[i].n = 0;
		gr->nranges++;
	}
	if (val < gr->ranges[i].lo)
		gr->ranges[i].lo = val;
	if (val > gr->ranges[i].hi)
		gr->ranges[i].hi = val;
	gr->ranges[i].n++;
	return 0;
}

/* Warns when val lies far outside the stored history of its key: more than
 * two margins beyond the range, the margin being the larger of the range
 * and a quarter of the largest magnitude. */
static void check_outlier(struct imp *m, struct goal_ref *gr, const struct goal_version *v, const char *unit,
			  const char *group, double val, size_t line, int col)
{
	char key[200], where[512];

	if (!gr->history_loaded) {
		struct hist_ctx h = {m, gr, v, 0};

		gr->history_loaded = true;
		if (store_obs_scan(m->s, gr->g->id, NULL, NULL, collect_history, &h) < 0)
			return;
	}
	snprintf(key, sizeof key, "%s\x1f%s", unit, group);
	for (size_t i = 0; i < gr->nranges; i++) {
		const struct range *r = &gr->ranges[i];
		double margin;

		if (strcmp(r->key, key) != 0)
			continue;
		if (r->n < 2)
			return;
		margin = fmax(r->hi - r->lo, 0.25 * fmax(fabs(r->hi), fabs(r->lo)));
		if (val > r->hi + 2 * margin || val < r->lo - 2 * margin) {
			snprintf(where, sizeof where, "%s:%zu:%d", m->name, line, col + 1);
			diag_warning(m->d, where,
				     "goal %s, unit %s: %g is far outside the stored history (%g to %g over %zu periods); "
				     "check it",
				     gr->g->code, unit, val, r->lo, r->hi, r->n);
		}
		return;
	}
}

static long group_index(struct imp *m, const char *code)
{
	if (!*code)
		return 0;
	for (size_t i = 0; i < m->ngroups; i++)
		if (strcmp(m->groups[i].code, code) == 0)
			return (long)i + 1;
	return -1;
}

static bool group_known(struct imp *m, const char *code)
{
	return group_index(m, code) > 0;
}

/* The packed key of a checked row (see struct keyset). */
static uint64_t row_key(struct imp *m, const struct obs_row *r)
{
	uint64_t period = 0, unit = (uint64_t)orgindex_find(&m->ix, r->unit);

	for (size_t i = 0; i < m->ntrees; i++)
		if (strcmp(m->trees[i].period, r->period) == 0)
			period = i;
	return ((uint64_t)(r->goal_id & 0xFFFFF) + 1) << 44 | (period + 1) << 32 | (unit + 1) << 12 |
	       (uint64_t)(group_index(m, r->group) + 1);
}

static const char *root_unit(struct imp *m, const long *parents)
{
	for (size_t c = 0; c < m->ix.ncodes; c++)
		if (parents[c] == -1)
			return m->ix.codes[c];
	return NULL;
}

static bool biennial_off_year(const struct goal_version *v, struct period p)
{
	struct period anchor;

	if (v->cadence != CADENCE_BIENNIAL)
		return false;
	if (v->has_baseline && period_parse(&anchor, v->baseline_period))
		return (p.year - anchor.year) % 2 != 0;
	if (v->target_kind != TARGET_NONE && period_parse(&anchor, v->target_period))
		return (p.year - anchor.year) % 2 != 0;
	return false;
}

/* Lower-cases ASCII and the Danish capitals Æ Ø Å (UTF-8 C3 86/98/85) in
 * place. */
static void lower_da(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p - 'A' + 'a');
		else if (*p == 0xC3 && (p[1] == 0x86 || p[1] == 0x98 || p[1] == 0x85)) {
			p[1] = (unsigned char)(p[1] + 0x20);
			p++;
		}
	}
}

static const char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static bool state_parse_any(enum obs_state *out, const char *s)
{
	static const struct {
		const char *name;
		enum obs_state st;
	} alias[] = {{"", OBS_OK},         {"skøn", OBS_ESTIMATE},   {"skoen", OBS_ESTIMATE},
		     {"databrud", OBS_BREAK}, {"mangler", OBS_MISSING}, {"estimat", OBS_ESTIMATE}};

	if (obs_state_parse(out, s))
		return true;
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (strcmp(alias[i].name, s) == 0) {
			*out = alias[i].st;
			return true;
		}
	return false;
}

/* Checks one row and fills r; returns false after reporting problems. */
static bool check_row(struct imp *m, const char *const *cells, size_t ncells, const int *cols, size_t line,
		      struct obs_row *r, struct goal_ref **grp, const struct goal_version **vout, char *tmp)
{
	const char *f[NCOLS];
	struct goal_ref *gr;
	const struct goal_version *v;
	struct period p;
	const long *parents;
	const char *field = NULL, *why;
	char first[11], last[11];
	size_t before = diag_errors(m->d);
	double *num_slot[NCOLS] = {0};
	bool *has_slot[NCOLS] = {0};

	for (int c = 0; c < NCOLS; c++) {
		f[c] = "";
		if (cols[c] >= 0 && (size_t)cols[c] < ncells) {
			/* copy so trimming does not touch the reader's buffer */
			size_t len = strlen(cells[cols[c]]);
			char *t = tmp;

			tmp += len + 1;
			memcpy(t, cells[cols[c]], len + 1);
			f[c] = trim(t);
		}
	}
	memset(r, 0, sizeof *r);
	if (!*f[C_GOAL]) {
		row_error(m, line, cols[C_GOAL], "goal: empty; every row needs a goal code");
		return false;
	}
	if (!(gr = find_goal(m, f[C_GOAL]))) {
		row_error(m, line, cols[C_GOAL], "goal: \"%s\" is not a goal of strategy %s", f[C_GOAL],
			  m->doc->strategy.code);
		return false;
	}
	if (!period_parse(&p, f[C_PERIOD])) {
		row_error(m, line, cols[C_PERIOD], "period: \"%s\" is not a period (2017, 2017Q3, 2017-03 or 2016/17)",
			  f[C_PERIOD]);
		return false;
	}
	period_days(p, first, last);
	v = goal_version_at(gr->g, last);
	if (!v)
		v = &gr->g->versions[0];
	if (v->metric) {
		row_error(m, line, cols[C_GOAL],
			  "goal: %s is computed from citizens' feedback (%s) in %s; its figures are not imported", gr->g->code,
			  v->metric, f[C_PERIOD]);
		return false;
	}
	if (p.kind != cadence_period_kind(v->cadence)) {
		row_error(m, line, cols[C_PERIOD], "period: \"%s\" is a %s, but goal %s is measured %s", f[C_PERIOD],
			  period_kind_name(p.kind), gr->g->code, cadence_name(v->cadence));
		return false;
	}
	if (biennial_off_year(v, p))
		row_error(m, line, cols[C_PERIOD],
			  "period: goal %s is measured every second year (from %s); %s is not one of its years",
			  gr->g->code, v->has_baseline ? v->baseline_period : v->target_period, f[C_PERIOD]);
	parents = tree_for(m, p, f[C_PERIOD]);
	if (*f[C_UNIT]) {
		long c = orgindex_find(&m->ix, f[C_UNIT]);

		if (c < 0)
			row_error(m, line, cols[C_UNIT], "unit: \"%s\" is not a unit", f[C_UNIT]);
		else if (parents[c] == -2)
			row_error(m, line, cols[C_UNIT], "unit: %s did not exist in %s", f[C_UNIT], f[C_PERIOD]);
		r->unit = c >= 0 ? m->ix.codes[c] : NULL;
	} else {
		r->unit = root_unit(m, parents);
		if (!r->unit)
			row_error(m, line, cols[C_UNIT], "unit: empty, and no unit existed in %s to default to",
				  f[C_PERIOD]);
	}
	if (*f[C_GROUP] && !group_known(m, f[C_GROUP]))
		row_error(m, line, cols[C_GROUP], "group: \"%s\" is not a target group", f[C_GROUP]);
	lower_da((char *)(uintptr_t)f[C_STATE]);
	if (!state_parse_any(&r->state, f[C_STATE]))
		row_error(m, line, cols[C_STATE], "state: \"%s\" is not one of ok, estimate, break, missing", f[C_STATE]);
	num_slot[C_VALUE] = &r->v.value, has_slot[C_VALUE] = &r->v.has_value;
	num_slot[C_NUM] = &r->v.num, has_slot[C_NUM] = &r->v.has_num;
	num_slot[C_DEN] = &r->v.den, has_slot[C_DEN] = &r->v.has_den;
	num_slot[C_N] = &r->v.n, has_slot[C_N] = &r->v.has_n;
	num_slot[C_SD] = &r->v.sd, has_slot[C_SD] = &r->v.has_sd;
	for (int c = C_VALUE; c <= C_SD; c++) {
		const char *dot;

		if (!*f[c])
			continue;
		if (m->separator == ';' && (dot = strchr(f[c], '.')) && !strchr(f[c], ',') &&
		    strspn(dot + 1, "0123456789") == 3 && dot[4] == '\0') {
			row_error(m, line, cols[c],
				  "%s: \"%s\" looks like a number with a Danish thousands separator; write it without "
				  "(e.g. 1024) and with a decimal comma",
				  col_names[c], f[c]);
			continue;
		}
		if (!parse_decimal(f[c], num_slot[c]))
			row_error(m, line, cols[c], "%s: \"%s\" is not a number", col_names[c], f[c]);
		else
			*has_slot[c] = true;
	}
	if (diag_errors(m->d) > before)
		return false;
	if ((why = measure_check(v->measure, v->rate_factor, r->state, &r->v, &field))) {
		int c = C_VALUE;

		for (int k = 0; k < NCOLS; k++)
			if (strcmp(col_names[k], field) == 0)
				c = k;
		row_error(m, line, cols[c] >= 0 ? cols[c] : cols[C_GOAL], "%s: %s (goal %s is a %s)", field, why,
			  gr->g->code, measure_name(v->measure));
		return false;
	}
	if (strlen(f[C_SOURCE]) > 4000 || strlen(f[C_NOTE]) > 4000) {
		row_error(m, line, cols[strlen(f[C_SOURCE]) > 4000 ? C_SOURCE : C_NOTE], "text longer than 4000 bytes");
		return false;
	}
	r->goal_id = gr->g->id;
	r->period = f[C_PERIOD];
	r->group = f[C_GROUP];
	r->source = *f[C_SOURCE] ? f[C_SOURCE] : NULL;
	r->note = *f[C_NOTE] ? f[C_NOTE] : NULL;
	*grp = gr;
	*vout = v;
	return true;
}

static int read_header(struct imp *m, struct rows *rows, int *cols)
{
	const char *const *cells;
	size_t n, line;
	int rc;

	for (int c = 0; c < NCOLS; c++)
		cols[c] = -1;
	if ((rc = rows_next(rows, &cells, &n, &line)) < 0)
		return rc;
	if (rc == 0) {
		diag_error(m->d, m->name, "the file is empty: it needs a header row (goal, period, value, …)");
		return PEJL_EINPUT;
	}
	for (size_t i = 0; i < n; i++) {
		char name[64];
		size_t k = 0;
		const char *s = cells[i];
		bool known = false;

		while (*s == ' ')
			s++;
		for (; *s && k + 1 < sizeof name; s++)
			name[k++] = *s;
		while (k > 0 && name[k - 1] == ' ')
			k--;
		name[k] = '\0';
		lower_da(name);
		if (!*name)
			continue;
		for (size_t h = 0; h < sizeof headers / sizeof headers[0]; h++)
			if (strcmp(headers[h].name, name) == 0) {
				known = true;
				if (cols[headers[h].col] >= 0) {
					char where[300];

					snprintf(where, sizeof where, "%s:%zu:%zu", m->name, line, i + 1);
					diag_error(m->d, where, "column %s appears twice (also column %d)",
						   col_names[headers[h].col], cols[headers[h].col] + 1);
				}
				cols[headers[h].col] = (int)i;
			}
		if (!known) {
			char where[300];

			snprintf(where, sizeof where, "%s:%zu:%zu", m->name, line, i + 1);
			diag_warning(m->d, where, "unknown column \"%s\" is ignored (known: goal, period, unit, group, "
						  "value, numerator, denominator, n, sd, state, source, note)",
				     cells[i]);
		}
	}
	for (int c = C_GOAL; c <= C_PERIOD; c++)
		if (cols[c] < 0) {
			char where[300];

			snprintf(where, sizeof where, "%s:%zu", m->name, line);
			diag_error(m->d, where, "the header has no \"%s\" column", col_names[c]);
		}
	return diag_errors(m->d) > m->errors_before ? PEJL_EINPUT : 0;
}

int measure_import(struct measure_import_result *res, struct store *s, struct arena *a, const char *name,
		   const char *data, size_t len, const struct measure_import_opts *o, struct diag *d)
{
	struct imp m = {.s = s, .a = a, .name = name, .d = d};
	struct rows *rows = NULL;
	struct keyset ks = {0};
	const char *const *cells;
	const char *code;
	char *defcode, *tmp = NULL, hex[crypto_hash_sha256_BYTES * 2 + 1];
	unsigned char hash[crypto_hash_sha256_BYTES];
	int cols[NCOLS], rc;
	size_t n, line, tmpcap = 0;
	bool in_tx = false, writing = true;

	memset(res, 0, sizeof *res);
	m.errors_before = diag_errors(d);
	if (len > MEASURE_IMPORT_MAX_BYTES) {
		diag_error(d, name, "the file is %zu bytes; at most %u are accepted", len, MEASURE_IMPORT_MAX_BYTES);
		return PEJL_EINPUT;
	}
	if (o->strategy)
		code = o->strategy;
	else if ((rc = store_strategy_default(&defcode, s, a)) < 0)
		return rc;
	else
		code = defcode;
	if ((rc = store_strategy_load(&m.doc, s, a, code)) < 0)
		return rc;
	for (size_t i = 0; i < m.doc->strategy.npejlemaerker; i++)
		m.ngoals += m.doc->strategy.pejlemaerker[i].ngoals;
	m.goals = arena_calloc(a, m.ngoals, sizeof *m.goals);
	m.ngoals = 0;
	for (size_t i = 0; i < m.doc->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < m.doc->strategy.pejlemaerker[i].ngoals; j++)
			m.goals[m.ngoals++].g = &m.doc->strategy.pejlemaerker[i].goals[j];
	m.units = m.doc->units;
	m.nunits = m.doc->nunits;
	m.groups = m.doc->groups;
	m.ngroups = m.doc->ngroups;
	orgindex_build(&m.ix, m.units, m.nunits, arena_calloc(a, m.nunits ? m.nunits : 1, sizeof(char *)));

	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		rc = rows_open_xlsx(&rows, name, data, len, o->sheet);
	else
		rc = rows_open_csv(&rows, name, data, len);
	if (rc < 0) {
		diag_error(d, name, "%s", err_last());
		return err_set(PEJL_EINPUT, "%s: nothing was imported", name);
	}
	m.separator = rows_separator(rows);
	if ((rc = read_header(&m, rows, cols)) < 0)
		goto out;
	if ((rc = store_begin(s)) < 0)
		goto out;
	in_tx = true;
	crypto_hash_sha256(hash, (const unsigned char *)data, len);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	if ((rc = store_batch_add(&res->batch, s, o->actor, "measurements", name, hex)) < 0)
		goto out;
	while ((rc = rows_next(rows, &cells, &n, &line)) > 0) {
		struct obs_row r;
		struct goal_ref *gr;
		const struct goal_version *v;
		enum obs_put_outcome outcome;
		size_t need = 0, seen;

		bool blank = true;

		for (size_t i = 0; i < n; i++) {
			need += strlen(cells[i]) + 1;
			blank = blank && strspn(cells[i], " \t") == strlen(cells[i]);
		}
		if (blank)
			continue; /* a row of empty cells, as spreadsheets export */
		if (need > tmpcap) {
			tmpcap = need * 2;
			free(tmp);
			tmp = xmalloc(tmpcap);
		}
		res->rows++;
		if (o->progress && (res->rows & 0xffff) == 0)
			o->progress(o->progress_ctx, res->rows);
		if (!check_row(&m, cells, n, cols, line, &r, &gr, &v, tmp)) {
			writing = false;
			continue;
		}
		if ((seen = keyset_add(&ks, row_key(&m, &r), line))) {
			row_error(&m, line, cols[C_GOAL],
				  "the same goal, period, unit and group as line %zu (%s %s %s%s%s): one value per key",
				  seen, gr->g->code, r.period, r.unit, *r.group ? " " : "", r.group);
			writing = false;
			continue;
		}
		if (r.state != OBS_MISSING) {
			double val;

			if (measure_value(v->measure, v->rate_factor, &r.v, &val))
				check_outlier(&m, gr, v, r.unit, r.group, val, line,
					      cols[v->measure == MEASURE_PROPORTION || v->measure == MEASURE_RATE ? C_NUM
														  : C_VALUE]);
		}
		if (!writing)
			continue;
		if ((rc = store_obs_put(s, &r, res->batch, &outcome)) < 0)
			goto out;
		res->added += outcome == OBS_ADDED;
		res->revised += outcome == OBS_REVISED;
		res->unchanged += outcome == OBS_UNCHANGED;
	}
	if (rc < 0) {
		diag_error(d, name, "%s", err_last());
		rc = err_set(PEJL_EINPUT, "%s: nothing was imported", name);
		goto out;
	}
	if (diag_errors(d) > m.errors_before) {
		rc = err_set(PEJL_EINPUT, "%s: %zu mistake%s; nothing was imported", name,
			     diag_errors(d) - m.errors_before, diag_errors(d) - m.errors_before == 1 ? "" : "s");
		goto out;
	}
	if ((rc = store_batch_finish(s, res->batch, (long)res->rows, (long)res->added, (long)res->revised)) < 0)
		goto out;
	if (res->added || res->revised) {
		char detail[200];

		snprintf(detail, sizeof detail, "%zu rows: %zu added, %zu revised, %zu unchanged", res->rows, res->added,
			 res->revised, res->unchanged);
		if ((rc = store_audit(s, o->actor, "measurements.import", name, detail)) < 0)
			goto out;
	}
	if (o->dry_run) {
		store_rollback(s);
		in_tx = false;
		res->batch = 0;
		rc = 0;
		goto out;
	}
	rc = store_commit(s);
	in_tx = false;
out:
	if (in_tx) {
		store_rollback(s);
		res->batch = 0;
	}
	free(tmp);
	free(ks.keys);
	free(ks.lines);
	for (size_t i = 0; i < m.ngoals; i++)
		free(m.goals[i].ranges);
	free(m.trees);
	rows_close(rows);
	return rc;
}
