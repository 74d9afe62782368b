/*
 * store_plan.c — plans, their versions and initiatives (store.h).
 *
 * The rule kept here, whatever the caller: approved and archived versions
 * are never changed, except that progress (an initiative's status, a
 * milestone's done date) may be recorded on an approved version. A change
 * to an approved plan is a new draft version (store_plan_new_version); a
 * code has at most one draft and at most one approved version at a time.
 *
 * Reads load plans and then their initiatives, milestones, partners and
 * links with one query each, attaching children to parents by id.
 */
#include "store/store_impl.h"

#include "util/err.h"
#include "util/xmalloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_COLS                                                                                                      \
	"id, code, version, strategy, type, title, description, unit, year_from, year_to, parent, status,"            \
	" approved_on, approved_by, decision, archived_on, note, created_by, created_at"

static void read_plan(struct plan *p, struct db_stmt *st, struct arena *a)
{
	p->id = (long)db_col_int(st, 0);
	p->code = store_dup_col(a, st, 1);
	p->version = (int)db_col_int(st, 2);
	p->strategy = store_dup_col(a, st, 3);
	plan_type_parse(&p->type, db_col_text(st, 4));
	p->title = store_dup_col(a, st, 5);
	p->description = store_dup_col(a, st, 6);
	p->unit = store_dup_col(a, st, 7);
	p->year_from = (int)db_col_int(st, 8);
	p->year_to = (int)db_col_int(st, 9);
	p->parent = store_dup_col(a, st, 10);
	plan_status_parse(&p->status, db_col_text(st, 11));
	p->approved_on = store_dup_col(a, st, 12);
	p->approved_by = store_dup_col(a, st, 13);
	p->decision = store_dup_col(a, st, 14);
	p->archived_on = store_dup_col(a, st, 15);
	p->note = store_dup_col(a, st, 16);
	p->created_by = store_dup_col(a, st, 17);
	p->created_at = store_dup_col(a, st, 18);
}

/* id → index pairs, sorted by id, for attaching children. */
struct idx {
	long id;
	size_t i;
};

static int by_id(const void *a, const void *b)
{
	const struct idx *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static long find_id(const struct idx *v, size_t n, long id)
{
	struct idx key = {id, 0}, *hit = bsearch(&key, v, n, sizeof *v, by_id);

	return hit ? (long)hit->i : -1;
}

/* Grows an arena array by doubling (the old block stays in the arena). */
static void *grow(struct arena *a, void *v, size_t len, size_t *cap, size_t size)
{
	void *nv;

	if (len < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	nv = arena_calloc(a, *cap, size);
	if (len)
		memcpy(nv, v, len * size);
	return nv;
}

/* The children of the initiatives in ins (sorted index ix): kind 0
 * milestones, 1 partners, 2 links, of every plan or of plan_id. Rows come
 * ordered by initiative and position, so each initiative's rows are one
 * run of the flat array, which becomes its slice. */
static int load_children(struct store *s, struct arena *a, struct initiative *ins, const struct idx *ix, size_t nins,
			 long plan_id, int kind)
{
	static const char *const sql[3][2] = {
		{"SELECT c.initiative_id, c.id, c.title, c.due, c.done_on FROM milestone c"
		 " ORDER BY c.initiative_id, c.position",
		 "SELECT c.initiative_id, c.id, c.title, c.due, c.done_on FROM milestone c"
		 " JOIN initiative i ON i.id = c.initiative_id WHERE i.plan_id = ? ORDER BY c.initiative_id, c.position"},
		{"SELECT c.initiative_id, c.kind, c.name FROM initiative_partner c ORDER BY c.initiative_id, c.position",
		 "SELECT c.initiative_id, c.kind, c.name FROM initiative_partner c"
		 " JOIN initiative i ON i.id = c.initiative_id WHERE i.plan_id = ? ORDER BY c.initiative_id, c.position"},
		{"SELECT c.initiative_id, c.kind, c.ref FROM initiative_link c ORDER BY c.initiative_id, c.position",
		 "SELECT c.initiative_id, c.kind, c.ref FROM initiative_link c"
		 " JOIN initiative i ON i.id = c.initiative_id WHERE i.plan_id = ? ORDER BY c.initiative_id, c.position"},
	};
	struct db_stmt *st = NULL;
	struct milestone *ms = NULL;
	struct partner *ps = NULL;
	struct plan_link *ls = NULL;
	long *owner = NULL;
	size_t len = 0, cap = 0, ocap = 0;
	int rc;

	PREPARE(st, sql[kind][plan_id != 0]);
	if (plan_id)
		db_bind_int(st, 0, plan_id);
	while ((rc = db_step(st)) > 0) {
		long k = find_id(ix, nins, (long)db_col_int(st, 0));

		if (k < 0)
			continue;
		owner = grow(a, owner, len, &ocap, sizeof *owner);
		owner[len] = k;
		if (kind == 0) {
			ms = grow(a, ms, len, &cap, sizeof *ms);
			ms[len].id = (long)db_col_int(st, 1);
			ms[len].title = store_dup_col(a, st, 2);
			ms[len].due = store_dup_col(a, st, 3);
			ms[len].done_on = store_dup_col(a, st, 4);
		} else if (kind == 1) {
			ps = grow(a, ps, len, &cap, sizeof *ps);
			partner_kind_parse(&ps[len].kind, db_col_text(st, 1));
			ps[len].name = store_dup_col(a, st, 2);
		} else {
			ls = grow(a, ls, len, &cap, sizeof *ls);
			link_kind_parse(&ls[len].kind, db_col_text(st, 1));
			ls[len].ref = store_dup_col(a, st, 2);
		}
		len++;
	}
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < len;) {
		struct initiative *in = &ins[owner[i]];
		size_t j = i;

		while (j < len && owner[j] == owner[i])
			j++;
		if (kind == 0) {
			in->milestones = &ms[i];
			in->nmilestones = j - i;
		} else if (kind == 1) {
			in->partners = &ps[i];
			in->npartners = j - i;
		} else {
			in->links = &ls[i];
			in->nlinks = j - i;
		}
		i = j;
	}
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

/* Loads the plans that sql selects (PLAN_COLS, with at most one text and
 * one integer parameter) and everything below them: the initiatives of
 * plan_id, or of every plan when plan_id is 0. */
static int load_plans(struct plan **out, size_t *n, struct store *s, struct arena *a, const char *sql,
		      const char *text, long num, long plan_id)
{
	struct db_stmt *st = NULL;
	struct plan *v = NULL;
	struct initiative *ins = NULL;
	struct idx *pix, *iix;
	size_t len = 0, cap = 0, nins = 0, icap = 0;
	int rc;

	PREPARE(st, sql);
	if (text)
		db_bind_text(st, 0, text);
	if (num)
		db_bind_int(st, text ? 1 : 0, num);
	while ((rc = db_step(st)) > 0) {
		v = grow(a, v, len, &cap, sizeof *v);
		read_plan(&v[len++], st, a);
	}
	if (rc < 0)
		goto out;
	store_finalize(&st);
	pix = arena_calloc(a, len + 1, sizeof *pix);
	for (size_t i = 0; i < len; i++)
		pix[i] = (struct idx){v[i].id, i};
	qsort(pix, len, sizeof *pix, by_id);
	if (plan_id) {
		PREPARE(st, "SELECT id, plan_id, title, description, owner, start_date, end_date, status FROM initiative"
			    " WHERE plan_id = ? ORDER BY plan_id, position");
		db_bind_int(st, 0, plan_id);
	} else {
		PREPARE(st, "SELECT id, plan_id, title, description, owner, start_date, end_date, status FROM initiative"
			    " ORDER BY plan_id, position");
	}
	while ((rc = db_step(st)) > 0) {
		struct initiative *in;

		ins = grow(a, ins, nins, &icap, sizeof *ins);
		in = &ins[nins++];
		in->id = (long)db_col_int(st, 0);
		in->title = store_dup_col(a, st, 2);
		in->description = store_dup_col(a, st, 3);
		in->owner = store_dup_col(a, st, 4);
		in->start = store_dup_col(a, st, 5);
		in->end = store_dup_col(a, st, 6);
		initiative_status_parse(&in->status, db_col_text(st, 7));
		/* remember the plan id in the milestone count slot until the
		 * initiatives are attached below */
		in->nmilestones = (size_t)db_col_int(st, 1);
	}
	if (rc < 0)
		goto out;
	/* attach: rows come grouped by plan id */
	for (size_t i = 0; i < nins;) {
		long pid = (long)ins[i].nmilestones, k = find_id(pix, len, pid);
		size_t j = i;

		while (j < nins && (long)ins[j].nmilestones == pid)
			j++;
		if (k >= 0) {
			v[k].initiatives = &ins[i];
			v[k].ninitiatives = j - i;
		}
		i = j;
	}
	iix = arena_calloc(a, nins + 1, sizeof *iix);
	for (size_t i = 0; i < nins; i++) {
		ins[i].nmilestones = 0;
		iix[i] = (struct idx){ins[i].id, i};
	}
	qsort(iix, nins, sizeof *iix, by_id);
	for (int kind = 0; kind < 3; kind++)
		if ((rc = load_children(s, a, ins, iix, nins, plan_id, kind)) < 0)
			goto out;
	*out = v;
	*n = len;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_plan_list(struct plan **out, size_t *n, struct store *s, struct arena *a)
{
	return load_plans(out, n, s, a, "SELECT " PLAN_COLS " FROM plan ORDER BY code, version", NULL, 0, 0);
}

/* The id of version `version` of code (0: the effective one, else the
 * latest), or PEJL_ENOTFOUND. */
static int version_id(long *id, struct store *s, const char *code, int version)
{
	struct db_stmt *st = NULL;
	int rc;

	if (version > 0) {
		PREPARE(st, "SELECT id FROM plan WHERE code = ? AND version = ?");
		db_bind_text(st, 0, code);
		db_bind_int(st, 1, version);
	} else {
		/* approved first, then draft, then archived; newest first */
		PREPARE(st, "SELECT id FROM plan WHERE code = ? ORDER BY CASE status WHEN 'approved' THEN 0"
			    " WHEN 'draft' THEN 1 ELSE 2 END, version DESC");
		db_bind_text(st, 0, code);
	}
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = version > 0 ? err_set(PEJL_ENOTFOUND, "plan %s has no version %d", code, version)
				 : err_set(PEJL_ENOTFOUND, "there is no plan %s", code);
		goto out;
	}
	*id = (long)db_col_int(st, 0);
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

static int plan_by_id(struct plan **out, struct store *s, struct arena *a, long id)
{
	struct plan *v;
	size_t n;
	int rc;

	if ((rc = load_plans(&v, &n, s, a, "SELECT " PLAN_COLS " FROM plan WHERE id = ?", NULL, id, id)) < 0)
		return rc;
	if (n != 1)
		return err_set(PEJL_ENOTFOUND, "no plan version with id %ld", id);
	*out = v;
	return 0;
}

int store_plan_get(struct plan **out, struct store *s, struct arena *a, const char *code, int version)
{
	long id = 0;
	int rc;

	if ((rc = version_id(&id, s, code, version)) < 0)
		return rc;
	return plan_by_id(out, s, a, id);
}

int store_initiative_get(struct plan **plan, const struct initiative **in, struct store *s, struct arena *a, long id)
{
	struct db_stmt *st = NULL;
	struct plan *p;
	long pid;
	int rc;

	PREPARE(st, "SELECT plan_id FROM initiative WHERE id = ?");
	db_bind_int(st, 0, id);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "there is no initiative %ld", id);
		goto out;
	}
	pid = (long)db_col_int(st, 0);
	store_finalize(&st);
	if ((rc = plan_by_id(&p, s, a, pid)) < 0)
		goto out;
	rc = err_set(PEJL_ENOTFOUND, "there is no initiative %ld", id);
	for (size_t i = 0; i < p->ninitiatives; i++)
		if (p->initiatives[i].id == id) {
			*plan = p;
			*in = &p->initiatives[i];
			rc = 0;
		}
out:
	store_finalize(&st);
	return rc;
}

/* --- writes ------------------------------------------------------------------------ */

/* Inserts an initiative's milestones, partners and links. */
static int insert_children(struct store *s, long iid, const struct initiative *in)
{
	struct db_stmt *st = NULL;
	int rc = 0;

	for (size_t k = 0; k < in->nmilestones; k++) {
		PREPARE(st, "INSERT INTO milestone (initiative_id, position, title, due, done_on) VALUES (?, ?, ?, ?, ?)");
		db_bind_int(st, 0, iid);
		db_bind_int(st, 1, (int64_t)k);
		db_bind_text(st, 2, in->milestones[k].title);
		db_bind_text(st, 3, in->milestones[k].due);
		db_bind_text(st, 4, in->milestones[k].done_on);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
	for (size_t k = 0; k < in->npartners; k++) {
		PREPARE(st, "INSERT INTO initiative_partner (initiative_id, position, name, kind) VALUES (?, ?, ?, ?)");
		db_bind_int(st, 0, iid);
		db_bind_int(st, 1, (int64_t)k);
		db_bind_text(st, 2, in->partners[k].name);
		db_bind_text(st, 3, partner_kind_name(in->partners[k].kind));
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
	for (size_t k = 0; k < in->nlinks; k++) {
		PREPARE(st, "INSERT INTO initiative_link (initiative_id, position, kind, ref) VALUES (?, ?, ?, ?)");
		db_bind_int(st, 0, iid);
		db_bind_int(st, 1, (int64_t)k);
		db_bind_text(st, 2, link_kind_name(in->links[k].kind));
		db_bind_text(st, 3, in->links[k].ref);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
out:
	store_finalize(&st);
	return rc;
}

static int delete_children(struct store *s, long iid)
{
	static const char *const sql[] = {"DELETE FROM milestone WHERE initiative_id = ?",
					  "DELETE FROM initiative_partner WHERE initiative_id = ?",
					  "DELETE FROM initiative_link WHERE initiative_id = ?"};
	struct db_stmt *st = NULL;
	int rc = 0;

	for (size_t k = 0; k < sizeof sql / sizeof sql[0]; k++) {
		PREPARE(st, sql[k]);
		db_bind_int(st, 0, iid);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
out:
	store_finalize(&st);
	return rc;
}

static void bind_initiative(struct db_stmt *st, int c, const struct initiative *in)
{
	db_bind_text(st, c, in->title);
	db_bind_text(st, c + 1, in->description);
	db_bind_text(st, c + 2, in->owner);
	db_bind_text(st, c + 3, in->start);
	db_bind_text(st, c + 4, in->end);
	db_bind_text(st, c + 5, initiative_status_name(in->status));
}

static int insert_initiative(struct store *s, long plan_id, size_t position, const struct initiative *in)
{
	struct db_stmt *st = NULL;
	int64_t iid;
	int rc;

	PREPARE(st, "INSERT INTO initiative (plan_id, position, title, description, owner, start_date, end_date, status)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int(st, 0, plan_id);
	db_bind_int(st, 1, (int64_t)position);
	bind_initiative(st, 2, in);
	if ((rc = store_insert_id(&iid, st)) < 0)
		goto out;
	rc = insert_children(s, (long)iid, in);
out:
	store_finalize(&st);
	return rc;
}

/* Inserts a plan version as given (status and approval fields included)
 * with every initiative. */
static int insert_plan(long *id, struct store *s, const struct plan *p, int version, const char *status)
{
	struct db_stmt *st = NULL;
	char now[32];
	int64_t pid;
	int rc;

	store_now(now);
	PREPARE(st, "INSERT INTO plan (code, version, strategy, type, title, description, unit, year_from, year_to,"
		    " parent, status, approved_on, approved_by, decision, archived_on, note, created_by, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, ?) RETURNING id");
	db_bind_text(st, 0, p->code);
	db_bind_int(st, 1, version);
	db_bind_text(st, 2, p->strategy);
	db_bind_text(st, 3, plan_type_name(p->type));
	db_bind_text(st, 4, p->title);
	db_bind_text(st, 5, p->description);
	db_bind_text(st, 6, p->unit);
	db_bind_int(st, 7, p->year_from);
	db_bind_int(st, 8, p->year_to);
	db_bind_text(st, 9, p->parent && *p->parent ? p->parent : NULL);
	db_bind_text(st, 10, status);
	db_bind_text(st, 11, p->note);
	db_bind_text(st, 12, p->created_by ? p->created_by : "?");
	db_bind_text(st, 13, now);
	if ((rc = store_insert_id(&pid, st)) < 0)
		goto out;
	for (size_t i = 0; i < p->ninitiatives; i++)
		if ((rc = insert_initiative(s, (long)pid, i, &p->initiatives[i])) < 0)
			goto out;
	*id = (long)pid;
out:
	store_finalize(&st);
	return rc;
}

int store_plan_create(long *id, struct store *s, const struct plan *p)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT 1 FROM plan WHERE code = ?");
	db_bind_text(st, 0, p->code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		rc = err_set(PEJL_ECONFLICT, "a plan with code %s exists already", p->code);
		goto out;
	}
	rc = insert_plan(id, s, p, 1, "draft");
out:
	store_finalize(&st);
	return rc;
}

/* The id of code's version in `status`, 0 when there is none;
 * PEJL_ENOTFOUND when the code is unknown. */
static int status_id(long *id, int *version, struct store *s, const char *code, const char *status)
{
	struct db_stmt *st = NULL;
	int rc;

	*id = 0;
	PREPARE(st, "SELECT id, version, status FROM plan WHERE code = ? ORDER BY version DESC");
	db_bind_text(st, 0, code);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "there is no plan %s", code);
		goto out;
	}
	do {
		if (!*id && strcmp(db_col_text(st, 2), status) == 0) {
			*id = (long)db_col_int(st, 0);
			if (version)
				*version = (int)db_col_int(st, 1);
		}
	} while ((rc = db_step(st)) > 0);
	if (rc < 0)
		goto out;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_plan_replace_draft(struct store *s, const struct plan *p)
{
	struct db_stmt *st = NULL;
	long draft, *old = NULL;
	size_t nold = 0, cap = 0;
	int rc;

	assert(s->in_tx);
	if ((rc = status_id(&draft, NULL, s, p->code, "draft")) < 0)
		return rc;
	if (!draft)
		return err_set(PEJL_ECONFLICT,
			       "plan %s has no draft: an approved plan is read-only; start a new version to change it",
			       p->code);
	PREPARE(st, "SELECT id FROM initiative WHERE plan_id = ?");
	db_bind_int(st, 0, draft);
	while ((rc = db_step(st)) > 0) {
		if (nold == cap) {
			cap = cap ? cap * 2 : 16;
			old = xreallocarray(old, cap, sizeof *old);
		}
		old[nold++] = (long)db_col_int(st, 0);
	}
	if (rc < 0)
		goto out;
	store_finalize(&st);
	for (size_t i = 0; i < p->ninitiatives; i++) {
		bool found = p->initiatives[i].id == 0;

		for (size_t k = 0; k < nold && !found; k++)
			found = old[k] == p->initiatives[i].id;
		if (!found) {
			rc = err_set(PEJL_ECONFLICT, "initiative %ld is not part of the draft of plan %s (reload it)",
				     p->initiatives[i].id, p->code);
			goto out;
		}
	}
	PREPARE(st, "UPDATE plan SET strategy = ?, type = ?, title = ?, description = ?, unit = ?, year_from = ?,"
		    " year_to = ?, parent = ?, note = ? WHERE id = ?");
	db_bind_text(st, 0, p->strategy);
	db_bind_text(st, 1, plan_type_name(p->type));
	db_bind_text(st, 2, p->title);
	db_bind_text(st, 3, p->description);
	db_bind_text(st, 4, p->unit);
	db_bind_int(st, 5, p->year_from);
	db_bind_int(st, 6, p->year_to);
	db_bind_text(st, 7, p->parent && *p->parent ? p->parent : NULL);
	db_bind_text(st, 8, p->note);
	db_bind_int(st, 9, draft);
	if ((rc = store_exec_one(st)) < 0)
		goto out;
	store_finalize(&st);
	/* the draft's initiatives that p no longer has */
	for (size_t k = 0; k < nold; k++) {
		bool kept = false;

		for (size_t i = 0; i < p->ninitiatives && !kept; i++)
			kept = p->initiatives[i].id == old[k];
		if (kept)
			continue;
		if ((rc = delete_children(s, old[k])) < 0)
			goto out;
		PREPARE(st, "DELETE FROM initiative WHERE id = ?");
		db_bind_int(st, 0, old[k]);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
	for (size_t i = 0; i < p->ninitiatives; i++) {
		const struct initiative *in = &p->initiatives[i];

		if (!in->id) {
			if ((rc = insert_initiative(s, draft, i, in)) < 0)
				goto out;
			continue;
		}
		PREPARE(st, "UPDATE initiative SET position = ?, title = ?, description = ?, owner = ?, start_date = ?,"
			    " end_date = ?, status = ? WHERE id = ?");
		db_bind_int(st, 0, (int64_t)i);
		bind_initiative(st, 1, in);
		db_bind_int(st, 7, in->id);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
		if ((rc = delete_children(s, in->id)) < 0 || (rc = insert_children(s, in->id, in)) < 0)
			goto out;
	}
	rc = 0;
out:
	store_finalize(&st);
	free(old);
	return rc;
}

int store_plan_approve(int *version, struct store *s, const char *code, const char *on, const char *by,
		       const char *decision)
{
	struct db_stmt *st = NULL;
	long draft, approved;
	int rc;

	assert(s->in_tx);
	if ((rc = status_id(&draft, version, s, code, "draft")) < 0 ||
	    (rc = status_id(&approved, NULL, s, code, "approved")) < 0)
		return rc;
	if (!draft)
		return err_set(PEJL_ECONFLICT, "plan %s has no draft to approve", code);
	if (approved) {
		PREPARE(st, "UPDATE plan SET status = 'archived', archived_on = ? WHERE id = ?");
		db_bind_text(st, 0, on);
		db_bind_int(st, 1, approved);
		if ((rc = store_exec_one(st)) < 0)
			goto out;
		store_finalize(&st);
	}
	PREPARE(st, "UPDATE plan SET status = 'approved', approved_on = ?, approved_by = ?, decision = ? WHERE id = ?");
	db_bind_text(st, 0, on);
	db_bind_text(st, 1, by);
	db_bind_text(st, 2, decision);
	db_bind_int(st, 3, draft);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_plan_archive(int *version, struct store *s, const char *code, const char *on)
{
	struct db_stmt *st = NULL;
	long approved;
	int rc;

	assert(s->in_tx);
	if ((rc = status_id(&approved, version, s, code, "approved")) < 0)
		return rc;
	if (!approved)
		return err_set(PEJL_ECONFLICT, "plan %s has no approved version to archive", code);
	PREPARE(st, "UPDATE plan SET status = 'archived', archived_on = ? WHERE id = ?");
	db_bind_text(st, 0, on);
	db_bind_int(st, 1, approved);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_plan_new_version(int *version, struct store *s, const char *code, const char *note, const char *actor)
{
	struct arena *a = arena_new();
	struct db_stmt *st = NULL;
	struct plan *p, copy;
	long draft, approved, id = 0;
	int rc, latest;

	assert(s->in_tx);
	if ((rc = status_id(&draft, NULL, s, code, "draft")) < 0 ||
	    (rc = status_id(&approved, NULL, s, code, "approved")) < 0)
		goto out;
	if (draft) {
		rc = err_set(PEJL_ECONFLICT, "plan %s has a draft already; change that one", code);
		goto out;
	}
	if (!approved) {
		rc = err_set(PEJL_ECONFLICT, "plan %s has no approved version to start a new version from", code);
		goto out;
	}
	PREPARE(st, "SELECT MAX(version) FROM plan WHERE code = ?");
	db_bind_text(st, 0, code);
	if ((rc = db_step(st)) < 0)
		goto out;
	latest = (int)db_col_int(st, 0);
	store_finalize(&st);
	if ((rc = plan_by_id(&p, s, a, approved)) < 0)
		goto out;
	copy = *p;
	copy.note = note;
	copy.created_by = actor;
	if ((rc = insert_plan(&id, s, &copy, latest + 1, "draft")) < 0)
		goto out;
	*version = latest + 1;
out:
	store_finalize(&st);
	arena_free(a);
	return rc;
}

int store_initiative_progress(struct store *s, long initiative_id, enum initiative_status status,
			      const struct milestone *ms, size_t n)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "SELECT p.status, p.code FROM initiative i JOIN plan p ON p.id = i.plan_id WHERE i.id = ?");
	db_bind_int(st, 0, initiative_id);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "there is no initiative %ld", initiative_id);
		goto out;
	}
	if (strcmp(db_col_text(st, 0), "archived") == 0) {
		rc = err_set(PEJL_ECONFLICT, "initiative %ld belongs to an archived version of plan %s", initiative_id,
			     db_col_text(st, 1));
		goto out;
	}
	store_finalize(&st);
	PREPARE(st, "UPDATE initiative SET status = ? WHERE id = ?");
	db_bind_text(st, 0, initiative_status_name(status));
	db_bind_int(st, 1, initiative_id);
	if ((rc = store_exec_one(st)) < 0)
		goto out;
	for (size_t k = 0; k < n; k++) {
		store_finalize(&st);
		PREPARE(st, "UPDATE milestone SET done_on = ? WHERE id = ? AND initiative_id = ? RETURNING id");
		db_bind_text(st, 0, ms[k].done_on);
		db_bind_int(st, 1, ms[k].id);
		db_bind_int(st, 2, initiative_id);
		if ((rc = db_step(st)) < 0)
			goto out;
		if (rc == 0) {
			rc = err_set(PEJL_ENOTFOUND, "milestone %ld is not a milestone of initiative %ld", ms[k].id,
				     initiative_id);
			goto out;
		}
	}
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}
