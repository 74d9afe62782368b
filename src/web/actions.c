/*
 * actions.c — see actions.h.
 */
#include "web/actions.h"

#include "web/commit.h"

#include "io/csvw.h"
#include "io/feedback_import.h"
#include "io/instrument_file.h"
#include "io/strategy_file.h"
#include "core/access.h"
#include "util/date.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Cell i of a one-row CSV the importers read back: quoted as it is. */
static void raw_cell(struct buf *b, size_t i, const char *v)
{
	if (i)
		buf_putc(b, ',');
	buf_putc(b, '"');
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

int action_login(struct login_result *out, struct http_req *r, const char *name, const char *password)
{
	struct user *u = NULL;
	const char *hash = NULL;
	long now = (long)time(NULL), failures = 0;
	char token_hash[SECRET_TOKEN_HEX];
	bool ok;
	int rc;

	memset(out, 0, sizeof *out);
	if (!name || !*name || !password || strlen(name) > 64 || strlen(password) > 200)
		return err_set(PEJL_EPERM, "wrong name or password");
	if ((rc = store_login_failures(&failures, r->store, name, r->remote_ip, now - r->cfg->login_window)) < 0)
		return rc;
	if (failures >= r->cfg->login_failures)
		return err_set(PEJL_ECONFLICT, "too many failed logins; wait %ld minutes", r->cfg->login_window / 60);
	rc = store_user_get(&u, &hash, r->store, r->a, name);
	if (rc < 0 && rc != PEJL_ENOTFOUND)
		return rc;
	/* verify against a dummy hash for unknown names so timing says nothing */
	ok = secret_check_password(hash ? hash
					: "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
					  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				   password) &&
	     u && !u->disabled;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_login_attempt(r->store, name, r->remote_ip, now, ok)) < 0)
		goto fail;
	if (!ok) {
		if ((rc = store_commit(r->store)) < 0)
			return rc;
		return err_set(PEJL_EPERM, "wrong name or password");
	}
	secret_token(out->token);
	secret_token(out->csrf);
	secret_sha256_hex(token_hash, out->token, strlen(out->token));
	if ((rc = store_session_expire(r->store, now - r->cfg->session_idle, now - r->cfg->session_absolute)) < 0 ||
	    (rc = store_session_add(r->store, token_hash, u->id, out->csrf, now)) < 0 ||
	    (rc = store_audit(r->store, u->name, "session.login", u->name, r->remote_ip)) < 0)
		goto fail;
	out->user = u;
	return store_commit(r->store);
fail:
	store_rollback(r->store);
	return rc;
}

int action_logout(struct http_req *r)
{
	int rc;

	if (!r->session_hash)
		return 0;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_session_delete(r->store, r->session_hash)) < 0 ||
	    (rc = store_audit(r->store, r->user->name, "session.logout", r->user->name, NULL)) < 0) {
		store_rollback(r->store);
		return rc;
	}
	return store_commit(r->store);
}

const char *session_cookie(struct http_req *r, const char *token)
{
	return arena_printf(r->a, "pejl_session=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
			    r->tls ? "; Secure" : "");
}

const char *session_cookie_clear(struct http_req *r)
{
	return arena_printf(r->a, "pejl_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
			    r->tls ? "; Secure" : "");
}

/* Rewrites "form:2:5" locations into field names for people. */
static void locate_fields(struct diag *d)
{
	static const char *const cols[] = {"goal", "period", "unit", "group", "value", "numerator", "denominator",
					   "n", "sd", "state", "source", "note"};

	for (size_t i = 0; i < d->n; i++) {
		const char *c = strrchr(d->items[i].where, ':');
		int col = c ? atoi(c + 1) : 0;

		if (col >= 1 && col <= 12 && strncmp(d->items[i].where, "form:", 5) == 0) {
			free(d->items[i].where);
			d->items[i].where = strdup(cols[col - 1]);
		}
	}
}

int action_entry(struct measure_import_result *res, struct http_req *r, const struct kv *fields, size_t n,
		 struct diag *d)
{
	static const char *const cols[] = {"goal", "period", "unit", "group", "value", "numerator", "denominator",
					   "n", "sd", "state", "source", "note", NULL};
	struct buf b = BUF_INIT;
	struct csvw w;
	int rc;

	csvw_init(&w, &b);
	for (size_t i = 0; cols[i]; i++)
		csvw_text(&w, cols[i]);
	csvw_end_row(&w);
	for (size_t i = 0; cols[i]; i++) {
		const char *v = NULL;

		for (size_t k = 0; k < n; k++)
			if (strcmp(fields[k].key, cols[i]) == 0)
				v = fields[k].value;
		/* raw cell, quoted: the importer checks it; no formula neutralising
		 * here since this text is read back, not opened in a spreadsheet */
		raw_cell(&b, i, v);
	}
	buf_puts(&b, "\r\n");
	/* a form without goal or period would be a blank row, which the
	 * importer skips: say what is missing instead */
	for (size_t i = 0; i < 2; i++) {
		const char *v = NULL;

		for (size_t k = 0; k < n; k++)
			if (strcmp(fields[k].key, cols[i]) == 0)
				v = fields[k].value;
		if (!v || !*v)
			diag_error(d, cols[i], "is required");
	}
	if (diag_errors(d)) {
		buf_free(&b);
		memset(res, 0, sizeof *res);
		return PEJL_EINPUT;
	}
	rc = action_import(res, r, "form", buf_cstr(&b), b.len, false, NULL, d);
	buf_free(&b);
	locate_fields(d);
	return rc;
}

int action_import(struct measure_import_result *res, struct http_req *r, const char *name, const char *data,
		  size_t len, bool dry_run, const char *sheet, struct diag *d)
{
	struct measure_import_opts o = {0};

	o.actor = r->user->name;
	o.dry_run = dry_run;
	o.sheet = sheet;
	return measure_import(res, r->store, r->a, name, data, len, &o, d);
}

/* The value of a form field; NULL when it is missing or empty. */
static const char *field(const struct kv *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, key) == 0)
			return *f[i].value ? f[i].value : NULL;
	return NULL;
}

/* One recorded session as the work of a group commit (web/commit.h): it
 * runs on the leading request's thread and store. */
struct session_job {
	struct feedback_import_result *res;
	struct http_req *r;
	struct buf *csv;
	const struct instrument_set *set;
	struct diag *d;
};

static int session_work(void *ctx, struct store *s)
{
	struct session_job *j = ctx;

	return feedback_import(j->res, s, j->r->a, "form", buf_cstr(j->csv), j->csv->len, j->r->cfg->key, j->set,
			       j->r->user->name, false, j->d);
}

int action_feedback_session(struct feedback_import_result *res, struct http_req *r, const struct kv *fields,
			    size_t n, struct diag *d)
{
	static const char *const cols[] = {"episode", "cpr",   "unit",	  "practitioner", "date",     "session",
					   "instrument", "i1", "i2",	  "i3",		  "i4",	      "i5",
					   "total",	 "rater", "skipped", "end_date",	  "end_reason", NULL};
	struct instrument_set set;
	struct unit *units;
	struct buf b = BUF_INIT;
	const char *unit = NULL;
	size_t nunits;
	char today[11], session[16] = "";
	int rc;

	memset(res, 0, sizeof *res);
	for (size_t k = 0; k < n; k++)
		if (strcmp(fields[k].key, "unit") == 0)
			unit = fields[k].value;
	if (!unit || !*unit) {
		diag_error(d, "unit", "is required");
		return PEJL_EINPUT;
	}
	if (!r->cfg->key)
		return err_set(PEJL_EIO, "feedback cannot be recorded: the server has no pseudonym key (PEJL_KEY)");
	date_format(today, date_today());
	if ((rc = store_unit_list(&units, &nunits, r->store, r->a)) < 0)
		return rc;
	if (!r->user->unit || !unit_in_subtree(units, nunits, r->user->unit, unit, today))
		return err_set(PEJL_EPERM, "unit %s is not in your part of the organisation", unit);
	{
		struct diag id;

		diag_init(&id);
		rc = instrument_builtin(&set, r->a, &id);
		diag_free(&id);
		if (rc < 0)
			return rc;
	}
	/* the session number when not given: the next one of a known episode,
	 * 1 for a new one */
	{
		const char *ep = field(fields, n, "episode"), *sn = field(fields, n, "session");
		struct episode_row *known;

		if (ep && *ep && (!sn || !*sn)) {
			int next = 1;

			if ((rc = store_episode_get(&known, r->store, r->a, ep)) == 0) {
				for (size_t k = 0; k < known->nforms; k++)
					if (known->forms[k].session >= next)
						next = known->forms[k].session + 1;
			} else if (rc != PEJL_ENOTFOUND) {
				return rc;
			}
			snprintf(session, sizeof session, "%d", next);
		}
	}
	for (size_t i = 0; cols[i]; i++)
		buf_printf(&b, "%s%s", i ? "," : "", cols[i]);
	buf_puts(&b, "\r\n");
	/* the outcome form, then the alliance form of the same session when
	 * one is given (fields alliance, a1..a5) */
	for (int row = 0; row < 2; row++) {
		const char *alliance = field(fields, n, "alliance");

		if (row == 1 && (!alliance || !*alliance))
			break;
		if (row == 1) { /* no alliance items and not skipped: no alliance form this time */
			bool any = field(fields, n, "skipped") != NULL;

			for (int k = 1; k <= 5 && !any; k++) {
				char key[3] = {'a', (char)('0' + k), '\0'};

				any = field(fields, n, key) != NULL;
			}
			if (!any)
				break;
		}
		for (size_t i = 0; cols[i]; i++) {
			const char *v = field(fields, n, cols[i]);

			if (row == 1 && strcmp(cols[i], "instrument") == 0)
				v = alliance;
			else if (row == 1 && cols[i][0] == 'i' && cols[i][1] >= '1' && cols[i][1] <= '5' && !cols[i][2]) {
				char key[3] = {'a', cols[i][1], '\0'};

				v = field(fields, n, key);
			} else if (row == 1 && strcmp(cols[i], "total") == 0)
				v = NULL;
			if (strcmp(cols[i], "session") == 0 && (!v || !*v) && session[0])
				v = session;
			if (strcmp(cols[i], "practitioner") == 0)
				v = r->user->name; /* who records it, always */
			raw_cell(&b, i, v);
		}
		buf_puts(&b, "\r\n");
	}
	{
		struct session_job job = {res, r, &b, &set, d};

		rc = group_commit(r->store, session_work, &job);
	}
	buf_free(&b);
	/* "form:2:7" → the field's name (line 3 is the alliance form: its
	 * instrument is "alliance" and its items a1..a5) */
	for (size_t i = 0; i < d->n; i++) {
		const char *c = strrchr(d->items[i].where, ':');
		int col = c ? atoi(c + 1) : 0, line = strncmp(d->items[i].where, "form:", 5) == 0 ? atoi(d->items[i].where + 5) : 0;

		if (col >= 1 && col <= 17 && line > 0) {
			const char *name = cols[col - 1];
			char key[3] = {'a', name[1], '\0'};

			if (line == 3 && strcmp(name, "instrument") == 0)
				name = "alliance";
			else if (line == 3 && name[0] == 'i' && name[1] >= '1' && name[1] <= '5' && !name[2])
				name = key;
			/* the message starts with the column's name ("i2: 11 is …"): the field's */
			if (name != cols[col - 1] && strncmp(d->items[i].msg, cols[col - 1], strlen(cols[col - 1])) == 0 &&
			    d->items[i].msg[strlen(cols[col - 1])] == ':') {
				char *msg = arena_printf(r->a, "%s%s", name, d->items[i].msg + strlen(cols[col - 1]));

				free(d->items[i].msg);
				d->items[i].msg = strdup(msg);
			}
			free(d->items[i].where);
			d->items[i].where = strdup(name);
		}
	}
	return rc;
}

int find_goal(const struct goal **out, struct strategy_doc **doc, struct http_req *r, const char *code)
{
	char *def;
	int rc;

	if ((rc = store_strategy_default(&def, r->store, r->a)) < 0 ||
	    (rc = store_strategy_load(doc, r->store, r->a, def)) < 0)
		return rc;
	for (size_t i = 0; i < (*doc)->strategy.npejlemaerker; i++)
		for (size_t j = 0; j < (*doc)->strategy.pejlemaerker[i].ngoals; j++)
			if (strcmp((*doc)->strategy.pejlemaerker[i].goals[j].code, code) == 0) {
				*out = &(*doc)->strategy.pejlemaerker[i].goals[j];
				return 0;
			}
	return err_set(PEJL_ENOTFOUND, "no goal %s", code);
}

static bool number_field(const struct kv *f, size_t n, const char *key, double *out, struct diag *d, bool *present)
{
	const char *v = field(f, n, key);

	*present = v != NULL;
	if (!v)
		return true;
	if (!parse_decimal(v, out)) {
		diag_error(d, key, "\"%s\" is not a number", v);
		return false;
	}
	return true;
}

int action_goal_version(struct http_req *r, const char *goal_code, const struct kv *f, size_t n, struct diag *d)
{
	struct strategy_doc *doc;
	const struct goal *g;
	struct goal_version v, *vs;
	struct goal *mg;
	const char *s;
	bool present;
	double x;
	size_t before = diag_errors(d);
	int rc;

	if ((rc = find_goal(&g, &doc, r, goal_code)) < 0)
		return rc;
	v = g->versions[g->nversions - 1];
	/* every field may be given; absent ones keep the version in force */
#define TEXT(key, member)                                                                                              \
	if ((s = field(f, n, key)))                                                                                    \
	v.member = s
	TEXT("title", title);
	TEXT("title_en", title_en);
	TEXT("definition", definition);
	TEXT("source", source);
	TEXT("owner", owner);
	TEXT("display_unit", display_unit);
#undef TEXT
	if ((s = field(f, n, "direction")) && !direction_parse(&v.direction, s))
		diag_error(d, "direction", "\"%s\" is not up or down", s);
	if ((s = field(f, n, "sampling")) && !sampling_parse(&v.sampling, s))
		diag_error(d, "sampling", "\"%s\" is not census or sample", s);
	if ((s = field(f, n, "cadence")) && !cadence_parse(&v.cadence, s))
		diag_error(d, "cadence", "\"%s\" is not yearly, biennial, quarterly, monthly or school_year", s);
	if ((s = field(f, n, "measure")) && !measure_parse(&v.measure, s))
		diag_error(d, "measure", "\"%s\" is not count, proportion, rate or mean", s);
	if (number_field(f, n, "decimals", &x, d, &present) && present) {
		if (x != floor(x) || x < 0 || x > 6)
			diag_error(d, "decimals", "must be a whole number from 0 to 6");
		else
			v.decimals = (int)x;
	}
	if (number_field(f, n, "tolerance", &x, d, &present) && present)
		v.tolerance = x;
	if (number_field(f, n, "rate_factor", &x, d, &present) && present)
		v.rate_factor = x;
	if ((s = field(f, n, "baseline_period"))) {
		v.has_baseline = true;
		v.baseline_period = s;
	}
	if (number_field(f, n, "baseline_value", &x, d, &present) && present)
		v.baseline_value = x;
	if ((s = field(f, n, "target_kind")) && !target_kind_parse(&v.target_kind, s))
		diag_error(d, "target_kind", "\"%s\" is not level, delta, percent, max, min or none", s);
	if (number_field(f, n, "target_value", &x, d, &present) && present)
		v.target_value = x;
	if ((s = field(f, n, "target_period")))
		v.target_period = s;
	if (v.target_kind == TARGET_NONE)
		v.target_period = NULL;
	v.date = field(f, n, "date");
	v.decision = field(f, n, "decision");
	v.note = field(f, n, "note");
	if (!v.date)
		diag_error(d, "date", "the date the decision took effect is required");
	if (!v.decision)
		diag_error(d, "decision", "the decision reference (e.g. a case number) is required");
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	/* Validate the whole strategy with the new version appended, so every
	 * rule of the strategy file applies; report by field. */
	vs = arena_calloc(r->a, g->nversions + 1, sizeof *vs);
	memcpy(vs, g->versions, g->nversions * sizeof *vs);
	vs[g->nversions] = v;
	mg = (struct goal *)(uintptr_t)g;
	mg->versions = vs;
	mg->nversions++;
	{
		struct diag vd;
		const char **codes = arena_calloc(r->a, doc->nunits + 1, sizeof *codes);

		for (size_t i = 0; i < doc->nunits; i++)
			codes[i] = doc->units[i].code;
		diag_init(&vd);
		strategy_validate(doc, "goal", codes, doc->nunits, &vd);
		for (size_t i = 0; i < vd.n; i++) {
			/* "goal: $.strategy….goals[3].target.value" → "target_value" */
			const char *w = vd.items[i].where, *b = strrchr(w, ']');
			const char *key = b && b[1] == '.' ? b + 2 : w;
			char name[64];

			snprintf(name, sizeof name, "%s", key);
			if (strcmp(name, "version.date") == 0)
				snprintf(name, sizeof name, "date");
			for (char *c = name; *c; c++)
				if (*c == '.')
					*c = '_';
			diag_error(d, name, "%s", vd.items[i].msg);
		}
		diag_free(&vd);
	}
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	rc = store_goal_version_add(r->store, doc->strategy.code, g->code, &v);
	if (rc == PEJL_ECONFLICT) {
		diag_error(d, "date", "%s", err_last());
		store_rollback(r->store);
		return PEJL_EINPUT;
	}
	if (rc < 0 || (rc = store_audit(r->store, r->user->name, "goal.version", g->code, v.decision)) < 0) {
		store_rollback(r->store);
		return rc;
	}
	return store_commit(r->store);
}

int action_commentary(struct http_req *r, const char *goal_code, const char *period, const char *analysis,
		      const char *next_steps, struct diag *d)
{
	struct strategy_doc *doc;
	const struct goal *g;
	struct period p;
	int rc;

	if ((rc = find_goal(&g, &doc, r, goal_code)) < 0)
		return rc;
	if (!period || !period_parse(&p, period))
		diag_error(d, "period", "\"%s\" is not a period (2017, 2017Q3, 2017-03 or 2016/17)", period ? period : "");
	if (!analysis || !*analysis)
		diag_error(d, "analysis", "write the analysis");
	else if (strlen(analysis) > 20000)
		diag_error(d, "analysis", "at most 20,000 characters");
	if (next_steps && strlen(next_steps) > 20000)
		diag_error(d, "next_steps", "at most 20,000 characters");
	if (diag_errors(d))
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_commentary_add(r->store, g->id, period, analysis, next_steps && *next_steps ? next_steps : NULL,
				       r->user->name)) < 0 ||
	    (rc = store_audit(r->store, r->user->name, "goal.commentary", g->code, period)) < 0) {
		store_rollback(r->store);
		return rc;
	}
	return store_commit(r->store);
}

/* --- the answer cache ---------------------------------------------------------------- */

#define CACHE_SLOTS 64

static struct {
	char key[200];
	long counter;
	char *data;
	size_t len;
	unsigned long used;
} cache[CACHE_SLOTS];
static unsigned long cache_clock;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

bool cache_get(const char **data, size_t *len, struct http_req *r, const char *key, long counter)
{
	bool hit = false;

	if (strlen(key) >= sizeof cache[0].key)
		return false; /* too long to keep exactly: never cached */
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].data && cache[i].counter == counter && strcmp(cache[i].key, key) == 0) {
			cache[i].used = ++cache_clock;
			*data = arena_strndup(r->a, cache[i].data, cache[i].len);
			*len = cache[i].len;
			hit = true;
			break;
		}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

void cache_put(const char *key, long counter, const char *data, size_t len)
{
	size_t slot = 0;

	if (strlen(key) >= sizeof cache[0].key)
		return;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 1; i < CACHE_SLOTS; i++)
		if (cache[i].used < cache[slot].used)
			slot = i;
	free(cache[slot].data);
	snprintf(cache[slot].key, sizeof cache[slot].key, "%s", key);
	cache[slot].counter = counter;
	cache[slot].data = xmalloc(len + 1);
	memcpy(cache[slot].data, data, len);
	cache[slot].data[len] = '\0';
	cache[slot].len = len;
	cache[slot].used = ++cache_clock;
	pthread_mutex_unlock(&cache_lock);
}

const char *status_cache_key(struct http_req *r, const char *kind)
{
	const char *p = req_query(r, "period"), *u = req_query(r, "unit"), *g = req_query(r, "group");

	return arena_printf(r->a, "%s|%s|%s|%s|%s", kind, r->lang == LANG_EN ? "en" : "da", p ? p : "", u ? u : "",
			    g ? g : "");
}

int status_for_request(struct status_report **out, struct http_req *r)
{
	struct status_opts o = {0};

	o.period = req_query(r, "period");
	o.unit = req_query(r, "unit");
	o.group = req_query(r, "group");
	if (o.period && !*o.period)
		o.period = NULL;
	if (o.unit && !*o.unit)
		o.unit = NULL;
	if (o.group && !*o.group)
		o.group = NULL;
	return status_report_build(out, r->store, r->a, &o);
}

int cached_status_json(const char **json, size_t *len, struct http_req *r)
{
	const char *key = status_cache_key(r, "json");
	struct status_report *rep;
	struct buf b = BUF_INIT;
	long counter;
	int rc;

	if ((rc = store_change_counter(r->store, &counter)) < 0)
		return rc;
	if (cache_get(json, len, r, key, counter))
		return 0;
	if ((rc = status_for_request(&rep, r)) < 0)
		return rc;
	status_report_json(&b, rep, false);
	if ((rc = buf_error(&b)) < 0) {
		buf_free(&b);
		return rc;
	}
	cache_put(key, counter, buf_cstr(&b), b.len);
	*len = b.len;
	*json = arena_strndup(r->a, buf_cstr(&b), b.len);
	buf_free(&b);
	return 0;
}
