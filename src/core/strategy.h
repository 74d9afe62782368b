/*
 * strategy.h — the strategy model of DESIGN §2: strategies, principles and
 * their commitments, pejlemærker, goals and goal versions, organisation
 * units and target groups.
 *
 * These are plain structs. Whoever builds one (the strategy-file reader, the
 * store) allocates every string and array from one arena, and the arena
 * owns it all. Enumerations have canonical English names that are used in
 * files, the database and the API alike (enum_name / enum_parse pairs).
 *
 * strategy_validate checks the rules that do not depend on how the data
 * arrived (unique codes, one main goal, target kinds against direction and
 * baseline, periods of the right cadence, ...) and reports each problem with
 * its path in the strategy file's terms.
 */
#ifndef PEJL_STRATEGY_H
#define PEJL_STRATEGY_H

#include "core/period.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

enum measure { MEASURE_COUNT, MEASURE_PROPORTION, MEASURE_RATE, MEASURE_MEAN };
enum direction { DIRECTION_UP, DIRECTION_DOWN };
enum sampling { SAMPLING_CENSUS, SAMPLING_SAMPLE };
enum target_kind { TARGET_NONE, TARGET_LEVEL, TARGET_DELTA, TARGET_PERCENT, TARGET_MAX, TARGET_MIN };
enum unit_kind { UNIT_ADMINISTRATION, UNIT_CITIZEN_CENTRE, UNIT_CENTRE_COMMUNITY, UNIT_CENTRE, UNIT_SERVICE };

const char *measure_name(enum measure m);
bool measure_parse(enum measure *out, const char *s);
const char *direction_name(enum direction d);
bool direction_parse(enum direction *out, const char *s);
const char *sampling_name(enum sampling s);
bool sampling_parse(enum sampling *out, const char *s);
const char *target_kind_name(enum target_kind k);
bool target_kind_parse(enum target_kind *out, const char *s);
const char *unit_kind_name(enum unit_kind k);
bool unit_kind_parse(enum unit_kind *out, const char *s);
/* Danish label of a unit kind ("borgercenter", ...). */
const char *unit_kind_label_da(enum unit_kind k);

/* One version of a goal: everything about a goal that is a political
 * decision. The version in force at a date is the latest with date <= it. */
struct goal_version {
	const char *date;     /* "YYYY-MM-DD" the version took effect */
	const char *decision; /* decision reference, e.g. case number; may be NULL */
	const char *note;     /* may be NULL */
	const char *title;
	const char *title_en; /* may be NULL */
	const char *definition;
	const char *source;       /* may be NULL */
	const char *metric;       /* computed from feedback, "ORS:reliable_improvement" (core/fbmetric.h); may be NULL */
	const char *owner;        /* unit code; may be NULL */
	const char *display_unit; /* may be NULL */
	enum measure measure;
	double rate_factor; /* > 0 for MEASURE_RATE, else 0 */
	int decimals;
	enum direction direction;
	enum sampling sampling;
	enum cadence cadence;
	bool has_baseline;
	const char *baseline_period; /* NULL unless has_baseline */
	double baseline_value;
	enum target_kind target_kind;
	double target_value;   /* unused for TARGET_NONE */
	const char *target_period;   /* NULL for TARGET_NONE */
	double tolerance;      /* >= 0 */
};

struct goal {
	long id;          /* the store's id; 0 when not from a store */
	const char *code; /* "1A" */
	bool main;
	struct goal_version *versions; /* oldest first; the last is in force */
	size_t nversions;              /* >= 1 */
};

struct pejlemaerke {
	int number;
	const char *title;
	const char *title_en;    /* may be NULL */
	const char *description; /* may be NULL */
	struct goal *goals;
	size_t ngoals;
};

struct commitment {
	const char *code; /* "1.3" */
	const char *text;
};

struct principle {
	int number;
	const char *title;
	const char *title_en;
	const char *description;
	struct commitment *commitments;
	size_t ncommitments;
};

struct strategy {
	const char *code; /* "kk-2014" */
	const char *name;
	const char *name_en;
	const char *description;
	int valid_from, valid_to; /* years */
	const char *decision_date;      /* "YYYY-MM-DD" */
	const char *decision_body;
	const char *decision_case;
	struct principle *principles;
	size_t nprinciples;
	struct pejlemaerke *pejlemaerker;
	size_t npejlemaerker;
};

struct unit {
	const char *code;
	const char *name;
	enum unit_kind kind;
	const char *parent;     /* unit code, NULL for a root */
	const char *valid_from; /* "YYYY-MM-DD" */
	const char *valid_to;   /* inclusive last day, NULL when open */
};

struct target_group {
	const char *code;
	const char *name;
	const char *name_en; /* may be NULL */
};

/* A whole strategy file: one strategy and the organisation it refers to. */
struct strategy_doc {
	struct strategy strategy;
	struct unit *units;
	size_t nunits;
	struct target_group *groups;
	size_t ngroups;
};

/* The resolved target value T of a version (DESIGN §2 table). Returns false
 * when there is none (TARGET_NONE, or delta/percent without a baseline). */
bool goal_version_target(const struct goal_version *v, double *out);

/* The version in force on date ("YYYY-MM-DD"), or NULL if none yet. A NULL
 * date means the latest. */
const struct goal_version *goal_version_at(const struct goal *g, const char *date);

/* Validates doc. `where` prefixes every location (usually the file name);
 * extra_units lists unit codes that exist outside the document (in the
 * database) and may be referred to. Adds one diagnostic per problem; returns
 * the number of errors added. */
size_t strategy_validate(const struct strategy_doc *doc, const char *where, const char *const *extra_units,
			 size_t nextra, struct diag *d);

/* Syntax checks shared by readers: strategy codes [a-z0-9-]{1,32}, goal
 * codes [0-9]+[A-Z]+ up to 8 chars, unit codes [A-Za-z0-9_.-]{1,32}, group
 * codes [a-z0-9_-]{1,32}. */
bool strategy_code_valid(const char *s);
bool goal_code_valid(const char *s);
bool unit_code_valid(const char *s);
bool group_code_valid(const char *s);

#endif
