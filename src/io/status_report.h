/*
 * status_report.h — the status of a strategy at a period: observations
 * read from the store, aggregated over the unit tree and target groups
 * (core/aggregate), judged by the rules (core/status), and written as a
 * terminal table, JSON (DESIGN §7) or CSV.
 *
 * status_report_build allocates everything from the caller's arena.
 * status_all_units is the whole-organisation variant used by benchmarks and
 * leader views: every goal at every unit.
 */
#ifndef PEJL_STATUS_REPORT_H
#define PEJL_STATUS_REPORT_H

#include "core/status.h"
#include "store/store.h"
#include "util/buf.h"

struct status_opts {
	const char *strategy; /* NULL: default */
	const char *period;   /* NULL: the strategy's last year, or last year */
	const char *unit;     /* NULL: the root of the organisation */
	const char *group;    /* NULL: all target groups */
};

struct goal_status {
	const struct goal *goal;
	const struct goal_version *version;
	struct period at; /* the goal's own period for the report period */
	struct status st;
	struct point *series; /* the unit's points, oldest first */
	size_t nseries;
};

struct pm_status {
	const struct pejlemaerke *pm;
	struct pejlemaerke_status roll;
	struct goal_status *goals; /* pm->ngoals */
};

struct status_report {
	const struct strategy_doc *doc;
	char period[16];
	const char *unit;       /* unit code */
	const char *unit_name;
	const char *group;      /* NULL: all groups */
	struct pm_status *pms;
	size_t npms;
	struct strategy_summary summary;
	size_t goal_counts[VERDICT_COUNT];
};

int status_report_build(struct status_report **out, struct store *s, struct arena *a, const struct status_opts *o);

void status_report_json(struct buf *b, const struct status_report *r, bool pretty);
void status_report_csv(struct buf *b, const struct status_report *r);
void status_report_text(struct buf *b, const struct status_report *r, enum lang lang);

/* A goal's figures broken down for publishing: every period of the goal's
 * cadence up to the report's period that has observations, every unit code
 * (the organisation's whole history, struct orgindex order) and every group
 * (0: all groups, g: doc->groups[g-1]), aggregated by the same rules as the
 * status (core/aggregate). parents[p * ncodes + code] is the tree in period
 * p (orgtree_parents: -1 root, -2 not in the tree then). Allocated from a. */
struct breakdown {
	size_t nperiods;
	struct period *periods;
	size_t ncodes;
	const char **codes;
	size_t ngroups; /* doc->ngroups + 1 */
	long *parents;
	struct point *pts;
};

int status_breakdown(struct breakdown *out, struct store *s, struct arena *a, const struct status_report *r,
		     const struct goal_status *gs);
/* The point of one group, period and unit code. */
const struct point *breakdown_point(const struct breakdown *b, size_t group, size_t period, size_t code);

/* Every goal of the strategy at every unit for one period: calls cb for
 * each (goal, unit) with its status. Returns the number of statuses via
 * *count. */
typedef void (*status_unit_cb)(void *ctx, const struct goal *g, const char *unit, const struct status *st);
int status_all_units(size_t *count, struct store *s, struct arena *a, const struct status_opts *o, status_unit_cb cb,
		     void *ctx);

#endif
