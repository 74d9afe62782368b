/*
 * plan.h — plans, initiatives and the red thread (DESIGN §2).
 *
 * A plan (target-group plan, centre plan, development plan, action plan)
 * belongs to an owner unit, covers a period of whole years, may hang under a
 * parent plan, and carries initiatives. Each initiative has an owner, dates,
 * a status, milestones, partners (the co-creation principle) and links to
 * what it serves in one strategy: goals, pejlemærker, principles and
 * commitments.
 *
 * A plan is known by its code; every change to an approved plan is a new
 * version of the code, so a plan code has versions 1, 2, … of which at most
 * one is a draft and at most one is approved (in force); earlier approved
 * versions are archived. The version "in force or being prepared" of a code
 * (plan_effective) is its approved version when it has one, else its latest
 * draft; a code whose versions are all archived has none.
 *
 * The red thread reads these structures: for a pejlemærke, its goals → the
 * initiatives serving them → their plans → the units (redthread_build); for
 * a unit, its plans with the plans above and below them (redthread_unit);
 * and the gaps: commitments and goals nothing serves, units without a
 * current approved plan, initiatives linked to nothing, overdue milestones
 * (redthread_gaps). All of it is pure: plain structs in, plain structs out,
 * allocated from the caller's arena; "today" is always an argument.
 */
#ifndef PEJL_PLAN_H
#define PEJL_PLAN_H

#include "core/strategy.h"
#include "util/arena.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

enum plan_type { PLAN_TARGET_GROUP, PLAN_CENTRE, PLAN_DEVELOPMENT, PLAN_ACTION };
#define PLAN_TYPE_COUNT 4
enum plan_status { PLAN_DRAFT, PLAN_APPROVED, PLAN_ARCHIVED };
#define PLAN_STATUS_COUNT 3
enum initiative_status { INITIATIVE_PLANNED, INITIATIVE_ACTIVE, INITIATIVE_DONE, INITIATIVE_STOPPED };
#define INITIATIVE_STATUS_COUNT 4
enum partner_kind { PARTNER_NGO, PARTNER_VOLUNTEER, PARTNER_BUSINESS, PARTNER_ADMINISTRATION };
#define PARTNER_KIND_COUNT 4
enum link_kind { LINK_GOAL, LINK_PEJLEMAERKE, LINK_PRINCIPLE, LINK_COMMITMENT };
#define LINK_KIND_COUNT 4

/* Canonical names ("target_group", "draft", "planned", "ngo", "goal") used
 * in files, the database and the API; parse accepts exactly those. Labels
 * are for people, in Danish or English. */
const char *plan_type_name(enum plan_type t);
bool plan_type_parse(enum plan_type *out, const char *s);
const char *plan_type_label(enum plan_type t, bool danish);
const char *plan_status_name(enum plan_status s);
bool plan_status_parse(enum plan_status *out, const char *s);
const char *plan_status_label(enum plan_status s, bool danish);
const char *initiative_status_name(enum initiative_status s);
bool initiative_status_parse(enum initiative_status *out, const char *s);
const char *initiative_status_label(enum initiative_status s, bool danish);
const char *partner_kind_name(enum partner_kind k);
/* Also accepts the Danish words (forening, frivillige, virksomhed,
 * forvaltning), any case. */
bool partner_kind_parse(enum partner_kind *out, const char *s);
const char *partner_kind_label(enum partner_kind k, bool danish);
const char *link_kind_name(enum link_kind k);
bool link_kind_parse(enum link_kind *out, const char *s);
const char *link_kind_label(enum link_kind k, bool danish);

struct milestone {
	long id; /* the store's id; 0 when new */
	const char *title;
	const char *due;     /* "YYYY-MM-DD" */
	const char *done_on; /* "YYYY-MM-DD", NULL while not done */
};

struct partner {
	const char *name;
	enum partner_kind kind;
};

/* What an initiative serves, by the strategy's own keys: a goal code
 * ("1A"), a pejlemærke or principle number ("3"), a commitment code
 * ("4.2"). */
struct plan_link {
	enum link_kind kind;
	const char *ref;
};

struct initiative {
	long id; /* the store's id; 0 when new */
	const char *title;
	const char *description; /* may be NULL */
	const char *owner;       /* a person or post, e.g. "Centerchef" */
	const char *start;       /* "YYYY-MM-DD" or NULL */
	const char *end;         /* "YYYY-MM-DD" or NULL */
	enum initiative_status status;
	struct milestone *milestones; /* by due date as entered */
	size_t nmilestones;
	struct partner *partners;
	size_t npartners;
	struct plan_link *links;
	size_t nlinks;
};

struct plan {
	long id; /* the store's id of this version; 0 when new */
	const char *code;
	int version; /* 1, 2, … */
	const char *strategy; /* the strategy code its links refer to */
	enum plan_type type;
	const char *title;
	const char *description; /* may be NULL */
	const char *unit;        /* owner unit code */
	int year_from, year_to;  /* the period, whole years */
	const char *parent;      /* parent plan code, or NULL */
	enum plan_status status;
	const char *approved_on; /* approved: date, by whom, decision reference */
	const char *approved_by;
	const char *decision;
	const char *archived_on; /* archived: the date it went out of force */
	const char *note;        /* why this version was made; may be NULL */
	const char *created_by;
	const char *created_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	struct initiative *initiatives;
	size_t ninitiatives;
};

/* Plan codes: 1 to 40 of A-Z a-z 0-9 _ . - (they appear in URLs). */
bool plan_code_valid(const char *s);

/* Is the approved plan p in force in the year of `today` ("YYYY-MM-DD")? */
bool plan_current(const struct plan *p, const char *today);

/* The title of what a link points to in st (the goal's latest title, the
 * pejlemærke's or principle's title, the commitment's text), or NULL when
 * st has no such thing. */
const char *plan_link_title(const struct strategy *st, const struct plan_link *l);

/* Checks one plan's own content against the rules, adding one diagnostic
 * per problem located as prefix + field path ("title", "year_to",
 * "initiatives[1].milestones[0].due", "initiatives[0].links[2]"). st: the
 * strategy its links must resolve in (NULL: not checked); units: the unit
 * rows its owner must be among (NULL: not checked). Returns the number of
 * errors added. */
size_t plan_validate(const struct plan *p, const struct strategy *st, const struct unit *units, size_t nunits,
		     const char *prefix, struct diag *d);

/* Checks a parent plan code for plan `code` against the stored plans: it
 * must exist, differ from code, and not make a cycle. Adds a diagnostic at
 * `where` and returns false otherwise. */
bool plan_check_parent(const struct plan *plans, size_t n, const char *code, const char *parent, const char *where,
		       struct diag *d);

/* Everything plan_validate checks, and against the stored plans: the
 * parent (plan_check_parent) and, for a new plan, that its code is not
 * taken. Returns the number of errors added. */
size_t plan_check(const struct plan *p, const struct strategy *st, const struct unit *units, size_t nunits,
		  const struct plan *plans, size_t nplans, bool is_new, const char *prefix, struct diag *d);

/* Index into plans of the effective version of code (approved, else the
 * latest draft), or -1. */
long plan_effective(const struct plan *plans, size_t n, const char *code);
/* Index of the version of code to show in lists: the effective one, else
 * the latest version; -1 when the code is unknown. */
long plan_shown(const struct plan *plans, size_t n, const char *code);
/* Index of the version of code with that number, or -1. */
long plan_version_index(const struct plan *plans, size_t n, const char *code, int version);
/* The distinct plan codes, sorted: fills idx with the index of each code's
 * plan_shown version and returns the count. idx holds n entries. */
size_t plan_codes(size_t *idx, const struct plan *plans, size_t n);

/* --- the red thread ------------------------------------------------------ */

struct thread_item {
	const struct plan *plan; /* the effective version */
	const struct initiative *initiative;
};

struct thread_goal {
	const struct goal *goal;
	struct thread_item *items;
	size_t nitems;
};

struct thread_pm {
	const struct pejlemaerke *pm;
	struct thread_item *direct; /* initiatives linked to the pejlemærke itself */
	size_t ndirect;
	struct thread_goal *goals; /* pm->ngoals, in the strategy's order */
};

struct redthread {
	struct thread_pm *pms; /* st->npejlemaerker */
	size_t npms;
};

/* For every pejlemærke of st and each of its goals, the initiatives of the
 * effective plans of st that serve it, in plan-code and initiative order
 * (stopped ones included: the status shows). */
void redthread_build(struct redthread *out, const struct strategy *st, const struct plan *plans, size_t nplans,
		     struct arena *a);

struct unit_plan {
	const struct plan *plan;       /* an effective plan owned by the unit */
	const struct plan **ancestors; /* its parent, the parent's parent, … */
	size_t nancestors;
	const struct plan **children; /* effective plans whose parent it is */
	size_t nchildren;
};

/* The effective plans owned by unit (in code order), each with the chain
 * of plans above it and the plans directly below it. */
void redthread_unit(struct unit_plan **out, size_t *n, const struct plan *plans, size_t nplans, const char *unit,
		    struct arena *a);

enum gap_kind { GAP_COMMITMENT, GAP_GOAL, GAP_UNIT, GAP_INITIATIVE, GAP_MILESTONE };
#define GAP_KIND_COUNT 5

/* "commitment_without_initiative", … (CSV), and the headings. */
const char *gap_kind_name(enum gap_kind k);
const char *gap_kind_label(enum gap_kind k, bool danish);

struct gap {
	enum gap_kind kind;
	const char *ref;   /* commitment code, goal code, unit code, initiative or milestone id */
	const char *title; /* commitment text, goal title, unit name, initiative or milestone title */
	int number;        /* the commitment's principle, the goal's pejlemærke */
	const struct plan *plan;             /* initiative and milestone gaps */
	const struct initiative *initiative; /* initiative and milestone gaps */
	const struct milestone *milestone;   /* milestone gaps */
	const struct unit *unit;             /* unit gaps */
	long days_overdue;                   /* milestone gaps */
};

struct gaps {
	struct gap *items; /* by kind, then in the strategy's, tree's or plan order */
	size_t n;
	size_t count[GAP_KIND_COUNT];
};

/* The gaps of the red thread on `today` ("YYYY-MM-DD"):
 *  - commitments and goals of st that no initiative serves (initiatives of
 *    effective plans of st that are not stopped);
 *  - units valid today without an approved plan whose years include
 *    today's year;
 *  - initiatives of effective plans linked to nothing (stopped ones aside);
 *  - milestones not done and due before today, of planned or active
 *    initiatives of effective plans, oldest first.
 * PEJL_EINPUT when today is not a date. */
int redthread_gaps(struct gaps *out, const struct strategy *st, const struct plan *plans, size_t nplans,
		   const struct unit *units, size_t nunits, const char *today, struct arena *a);

/* --- text forms used by the web forms ------------------------------------ */

/* Parses milestones written one per line as "DUE | TITLE" or
 * "DUE | TITLE | DONE" (dates YYYY-MM-DD; blank lines skipped). Problems go
 * to d located as "<where> line N". Returns the number of errors added. */
size_t plan_parse_milestones(struct milestone **out, size_t *n, const char *text, const char *where, struct arena *a,
			     struct diag *d);
/* Parses partners written one per line as "KIND | NAME" (KIND as for
 * partner_kind_parse). */
size_t plan_parse_partners(struct partner **out, size_t *n, const char *text, const char *where, struct arena *a,
			   struct diag *d);
/* Writes them back in the same form, for editing. */
char *plan_format_milestones(const struct milestone *m, size_t n, struct arena *a);
char *plan_format_partners(const struct partner *p, size_t n, struct arena *a);

#endif
