/*
 * plan_report.h — the plan and red-thread views, read from the store and
 * written as a terminal text, JSON (DESIGN §7) or a table for CSV and XLSX
 * (src/io/export.h). The CLI and the web both use these, so a view means
 * the same everywhere.
 *
 * The views:
 *   plans list   one row per plan (the effective version, else the latest),
 *                or every version; optionally one unit's (or its subtree's);
 *   red thread   per pejlemærke: its goals → the initiatives serving them →
 *                their plans → the units, with the goal's latest commentary;
 *   unit thread  a unit's plans, the plans above and below them, and what
 *                their initiatives serve;
 *   gaps         core/plan.h redthread_gaps on a given day.
 *
 * Table headers and JSON keys are stable English names (the contract of
 * the exports); text output is English like the rest of the CLI.
 * Everything is allocated from the caller's arena.
 */
#ifndef PEJL_PLAN_REPORT_H
#define PEJL_PLAN_REPORT_H

#include "core/plan.h"
#include "io/table.h"
#include "store/store.h"
#include "util/buf.h"

struct plan_report {
	struct strategy_doc *doc; /* the strategy (default: the latest) with units */
	const struct strategy *st;
	struct plan *plans; /* every version */
	size_t nplans;
	char today[11];
	/* the latest commentary of each goal (by goal id), when loaded */
	long *goal_ids;
	struct commentary **latest;
	size_t ngoals;
};

/* Loads the strategy (NULL: the default one), its units, every plan and,
 * with commentary, each goal's latest commentary. today: "YYYY-MM-DD". */
int plan_report_load(struct plan_report *out, struct store *s, struct arena *a, const char *strategy,
		     const char *today, bool commentary);

/* The unit's name (its row valid today, else its latest row), or NULL. */
const char *plan_report_unit_name(const struct plan_report *r, const char *code);
/* Does the unit code exist (in any period)? */
bool plan_report_unit_exists(const struct plan_report *r, const char *code);
/* The latest commentary of a goal, or NULL. */
const struct commentary *plan_report_commentary(const struct plan_report *r, const struct goal *g);

/* --- plans list --------------------------------------------------------------- */

struct plan_select {
	const char *unit; /* NULL: every unit */
	bool subtree;     /* with unit: also the units below it (today's tree) */
	bool all;         /* every version, not one row per plan */
};

/* The selected plan versions, in code then version order. */
size_t plan_report_select(const struct plan ***out, const struct plan_report *r, const struct plan_select *f,
			  struct arena *a);
/* Header: code, version, type, title, unit, unit_name, from, to, parent,
 * status, approved_on, approved_by, decision, archived_on, initiatives. */
void plan_report_plans_table(struct table *t, const struct plan_report *r, const struct plan *const *v, size_t n);
/* A list of plan objects (src/io/plan_json.h). */
void plan_report_plans_json(struct buf *b, const struct plan_report *r, const struct plan *const *v, size_t n,
			    bool pretty);
void plan_report_plans_text(struct buf *b, const struct plan_report *r, const struct plan *const *v, size_t n);

/* --- the red thread by pejlemærke ------------------------------------------------ */

/* number: one pejlemærke, or 0 for all. The table has one row per
 * (pejlemærke or goal, initiative), and one with empty initiative columns
 * for a goal nothing serves. Header: pejlemaerke, pejlemaerke_title, goal,
 * goal_title, initiative_id, initiative, initiative_status, plan,
 * plan_version, plan_type, plan_status, unit, unit_name. */
void plan_report_thread_table(struct table *t, const struct plan_report *r, const struct redthread *rt, int number);
void plan_report_thread_json(struct buf *b, const struct plan_report *r, const struct redthread *rt, int number,
			     bool pretty);
void plan_report_thread_text(struct buf *b, const struct plan_report *r, const struct redthread *rt, int number);

/* --- the red thread of a unit ------------------------------------------------------ */

/* Header: unit, plan, plan_version, plan_type, plan_status, from, to, above,
 * initiative_id, initiative, initiative_status, serves_kind, serves_ref,
 * serves_title (one row per link; an initiative without links has one row
 * with empty serves columns; a plan without initiatives one row). */
void plan_report_unit_table(struct table *t, const struct plan_report *r, const char *unit,
			    const struct unit_plan *v, size_t n);
void plan_report_unit_json(struct buf *b, const struct plan_report *r, const char *unit, const struct unit_plan *v,
			   size_t n, bool pretty);
void plan_report_unit_text(struct buf *b, const struct plan_report *r, const char *unit, const struct unit_plan *v,
			   size_t n);

/* --- gaps ----------------------------------------------------------------------------- */

/* Header: kind, ref, title, plan, unit, initiative, due, days_overdue. */
void plan_report_gaps_table(struct table *t, const struct plan_report *r, const struct gaps *g);
void plan_report_gaps_json(struct buf *b, const struct plan_report *r, const struct gaps *g, bool pretty);
void plan_report_gaps_text(struct buf *b, const struct plan_report *r, const struct gaps *g);

#endif
