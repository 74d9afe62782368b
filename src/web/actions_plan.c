/*
 * actions_plan.c — writing plans, written once for the pages and the API
 * (actions.h). Each write: the leader's unit subtree is checked (the old
 * and the new owner unit), the content is validated against the strategy,
 * the units and the other plans (core/plan.h), then one transaction does
 * the write and its audit entry.
 */
#include "web/actions.h"

#include "core/access.h"
#include "util/date.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void plan_today(char out[11])
{
	date_format(out, date_today_env());
}

int plan_may_write(struct http_req *r, const struct unit *units, size_t nunits, const char *unit)
{
	char today[11];

	plan_today(today);
	if (r->user->role != ROLE_LEADER || !r->user->unit || !unit ||
	    !unit_in_subtree(units, nunits, r->user->unit, unit, today))
		return err_set(PEJL_EPERM, "unit %s is not in your part of the organisation (%s)", unit ? unit : "?",
			       r->user->unit ? r->user->unit : "none");
	return 0;
}

/* The default strategy with its units, and every plan. */
static int context(struct strategy_doc **doc, struct plan **plans, size_t *nplans, struct http_req *r)
{
	char *code;
	int rc;

	if ((rc = store_strategy_default(&code, r->store, r->a)) < 0 ||
	    (rc = store_strategy_load(doc, r->store, r->a, code)) < 0)
		return rc;
	return store_plan_list(plans, nplans, r->store, r->a);
}

static int finish(struct http_req *r, int rc)
{
	if (rc < 0) {
		store_rollback(r->store);
		return rc;
	}
	return store_commit(r->store);
}

int action_plan_create(struct http_req *r, struct plan *p, const char *prefix, struct diag *d)
{
	struct strategy_doc *doc;
	struct plan *plans;
	size_t nplans, before = diag_errors(d);
	long id;
	int rc;

	if ((rc = context(&doc, &plans, &nplans, r)) < 0)
		return rc;
	if (!p->strategy)
		p->strategy = doc->strategy.code;
	p->created_by = r->user->name;
	if (p->unit && *p->unit && (rc = plan_may_write(r, doc->units, doc->nunits, p->unit)) < 0)
		return rc;
	plan_check(p, &doc->strategy, doc->units, doc->nunits, plans, nplans, true, prefix, d);
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_plan_create(&id, r->store, p)) == 0)
		rc = store_audit(r->store, r->user->name, "plan.create", p->code, p->title);
	return finish(r, rc);
}

int action_plan_update(struct http_req *r, struct plan *p, const char *prefix, struct diag *d)
{
	struct strategy_doc *doc;
	struct plan *plans;
	size_t nplans, before = diag_errors(d);
	long k;
	int rc;

	if ((rc = context(&doc, &plans, &nplans, r)) < 0)
		return rc;
	if ((k = plan_shown(plans, nplans, p->code)) < 0)
		return err_set(PEJL_ENOTFOUND, "there is no plan %s", p->code);
	if ((rc = plan_may_write(r, doc->units, doc->nunits, plans[k].unit)) < 0)
		return rc;
	if (p->unit && *p->unit && strcmp(p->unit, plans[k].unit) != 0 &&
	    (rc = plan_may_write(r, doc->units, doc->nunits, p->unit)) < 0)
		return rc;
	if (!p->strategy)
		p->strategy = plans[k].strategy;
	plan_check(p, &doc->strategy, doc->units, doc->nunits, plans, nplans, false, prefix, d);
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_plan_replace_draft(r->store, p)) == 0)
		rc = store_audit(r->store, r->user->name, "plan.update", p->code, p->title);
	return finish(r, rc);
}

/* The plan (its version shown in lists) and every plan, after checking
 * that the user may write it. */
static int writable(const struct plan **out, struct plan **plans, size_t *nplans, struct strategy_doc **doc,
		    struct http_req *r, const char *code)
{
	long k;
	int rc;

	if ((rc = context(doc, plans, nplans, r)) < 0)
		return rc;
	if ((k = plan_shown(*plans, *nplans, code)) < 0)
		return err_set(PEJL_ENOTFOUND, "there is no plan %s", code);
	*out = &(*plans)[k];
	return plan_may_write(r, (*doc)->units, (*doc)->nunits, (*out)->unit);
}

static void need_date(struct diag *d, const char *field, const char *v)
{
	struct date dt;

	if (!v || !*v)
		diag_error(d, field, "is required (a date YYYY-MM-DD)");
	else if (!date_parse(&dt, v))
		diag_error(d, field, "\"%.40s\" is not a real date YYYY-MM-DD", v);
}

static void need_text(struct diag *d, const char *field, const char *v, size_t max)
{
	if (!v || !*v)
		diag_error(d, field, "is required");
	else if (strlen(v) > max)
		diag_error(d, field, "is longer than %zu characters", max);
}

int action_plan_approve(int *version, struct http_req *r, const char *code, const char *on, const char *by,
			const char *decision, struct diag *d)
{
	struct strategy_doc *doc;
	const struct plan *p, *draft = NULL;
	struct plan *plans;
	size_t nplans, before = diag_errors(d);
	char detail[400];
	int rc;

	if ((rc = writable(&p, &plans, &nplans, &doc, r, code)) < 0)
		return rc;
	for (size_t i = 0; i < nplans; i++)
		if (strcmp(plans[i].code, code) == 0 && plans[i].status == PLAN_DRAFT)
			draft = &plans[i];
	if (!draft)
		return err_set(PEJL_ECONFLICT, "plan %s has no draft to approve", code);
	need_date(d, "date", on);
	need_text(d, "by", by, 200);
	need_text(d, "decision", decision, 200);
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	/* what is approved must hold up against the strategy and units of today */
	if (plan_validate(draft, strcmp(draft->strategy, doc->strategy.code) == 0 ? &doc->strategy : NULL, doc->units,
			  doc->nunits, "", d))
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	snprintf(detail, sizeof detail, "%s, %s: %s", on, by, decision);
	if ((rc = store_plan_approve(version, r->store, code, on, by, decision)) == 0)
		rc = store_audit(r->store, r->user->name, "plan.approve", arena_printf(r->a, "%s v%d", code, *version),
				 detail);
	return finish(r, rc);
}

int action_plan_archive(int *version, struct http_req *r, const char *code, const char *on, struct diag *d)
{
	struct strategy_doc *doc;
	const struct plan *p;
	struct plan *plans;
	size_t nplans, before = diag_errors(d);
	int rc;

	if ((rc = writable(&p, &plans, &nplans, &doc, r, code)) < 0)
		return rc;
	need_date(d, "date", on);
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_plan_archive(version, r->store, code, on)) == 0)
		rc = store_audit(r->store, r->user->name, "plan.archive", arena_printf(r->a, "%s v%d", code, *version), on);
	return finish(r, rc);
}

int action_plan_new_version(int *version, struct http_req *r, const char *code, const char *note, struct diag *d)
{
	struct strategy_doc *doc;
	const struct plan *p;
	struct plan *plans;
	size_t nplans, before = diag_errors(d);
	int rc;

	if ((rc = writable(&p, &plans, &nplans, &doc, r, code)) < 0)
		return rc;
	need_text(d, "note", note, 2000);
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_plan_new_version(version, r->store, code, note, r->user->name)) == 0)
		rc = store_audit(r->store, r->user->name, "plan.version", arena_printf(r->a, "%s v%d", code, *version),
				 note);
	return finish(r, rc);
}

int action_initiative_save(long *id, struct http_req *r, const char *code, const struct initiative *in, bool remove,
			   struct diag *d)
{
	struct strategy_doc *doc;
	struct plan *plans, *draft = NULL, edit;
	struct initiative *v;
	size_t nplans, n = 0, before = diag_errors(d), at = 0;
	bool found = in->id == 0;
	int rc;

	if ((rc = context(&doc, &plans, &nplans, r)) < 0)
		return rc;
	for (size_t i = 0; i < nplans; i++)
		if (strcmp(plans[i].code, code) == 0 && plans[i].status == PLAN_DRAFT)
			draft = &plans[i];
	if (!draft) {
		if (plan_shown(plans, nplans, code) < 0)
			return err_set(PEJL_ENOTFOUND, "there is no plan %s", code);
		return err_set(PEJL_ECONFLICT,
			       "plan %s has no draft: an approved plan is read-only; start a new version to change it", code);
	}
	if ((rc = plan_may_write(r, doc->units, doc->nunits, draft->unit)) < 0)
		return rc;
	edit = *draft;
	v = arena_calloc(r->a, draft->ninitiatives + 1, sizeof *v);
	for (size_t i = 0; i < draft->ninitiatives; i++) {
		if (in->id && draft->initiatives[i].id == in->id) {
			found = true;
			if (remove)
				continue;
			at = n;
			v[n++] = *in;
			continue;
		}
		v[n++] = draft->initiatives[i];
	}
	if (!found)
		return err_set(PEJL_ENOTFOUND, "initiative %ld is not in the draft of plan %s (reload the page)", in->id,
			       code);
	if (!in->id && !remove) {
		at = n;
		v[n++] = *in;
	}
	edit.initiatives = v;
	edit.ninitiatives = n;
	if (!remove) {
		struct diag vd;
		char prefix[48];

		/* report the edited initiative's problems by its form's field names */
		diag_init(&vd);
		plan_validate(&edit, &doc->strategy, doc->units, doc->nunits, "", &vd);
		snprintf(prefix, sizeof prefix, "initiatives[%zu].", at);
		for (size_t i = 0; i < vd.n; i++)
			if (strncmp(vd.items[i].where, prefix, strlen(prefix)) == 0)
				diag_error(d, vd.items[i].where + strlen(prefix), "%s", vd.items[i].msg);
			else
				diag_error(d, vd.items[i].where, "%s", vd.items[i].msg);
		diag_free(&vd);
		if (diag_errors(d) > before)
			return PEJL_EINPUT;
	}
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	rc = store_plan_replace_draft(r->store, &edit);
	if (rc == 0)
		rc = store_audit(r->store, r->user->name, remove ? "initiative.remove" : in->id ? "initiative.update"
											: "initiative.add",
				 code, in->title ? in->title : "");
	if ((rc = finish(r, rc)) < 0)
		return rc;
	*id = in->id;
	if (!in->id && !remove) {
		struct plan *after;

		/* the new initiative's id: the one at its position */
		if ((rc = store_plan_get(&after, r->store, r->a, code, draft->version)) < 0)
			return rc;
		if (at < after->ninitiatives)
			*id = after->initiatives[at].id;
	}
	return 0;
}

int action_initiative_progress(struct http_req *r, long id, const char *status, const struct milestone *ms, size_t n,
			       struct diag *d)
{
	struct strategy_doc *doc;
	struct plan *p, *plans;
	const struct initiative *in;
	enum initiative_status st = INITIATIVE_PLANNED;
	size_t nplans, before = diag_errors(d);
	int rc;

	if ((rc = context(&doc, &plans, &nplans, r)) < 0 ||
	    (rc = store_initiative_get(&p, &in, r->store, r->a, id)) < 0 ||
	    (rc = plan_may_write(r, doc->units, doc->nunits, p->unit)) < 0)
		return rc;
	if (!status || !initiative_status_parse(&st, status))
		diag_error(d, "status", "\"%.40s\" is not planned, active, done or stopped", status ? status : "");
	for (size_t k = 0; k < n; k++) {
		struct date dt;
		char where[48];

		snprintf(where, sizeof where, "milestones[%zu].done", k);
		if (ms[k].done_on && !date_parse(&dt, ms[k].done_on))
			diag_error(d, where, "\"%.40s\" is not a real date YYYY-MM-DD", ms[k].done_on);
	}
	if (diag_errors(d) > before)
		return PEJL_EINPUT;
	if ((rc = store_begin(r->store)) < 0)
		return rc;
	if ((rc = store_initiative_progress(r->store, id, st, ms, n)) == 0)
		rc = store_audit(r->store, r->user->name, "initiative.progress",
				 arena_printf(r->a, "%s #%ld", p->code, id), status);
	return finish(r, rc);
}
