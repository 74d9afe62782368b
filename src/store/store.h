/*
 * store.h — the one interface to the database.
 *
 * Only src/store talks SQL. A store is opened from a URL: a file path (or
 * "file:PATH") means SQLite, "postgresql://…" or "postgres://…" means
 * PostgreSQL (libpq's URL; the bare "postgresql://" takes everything from
 * the PG* environment variables). Both behave the same: the conformance
 * suite (tests/store) runs unchanged against each. Opening applies any
 * pending numbered migrations.
 *
 * Transactions: every write happens between store_begin and store_commit
 * (or store_rollback); calling a write outside a transaction is a
 * programmer error. Reads may run inside or outside one.
 *
 * Memory: functions that return data take an arena and allocate everything
 * they return from it; the caller owns the arena. All functions return 0 or
 * a negative enum pejl_err with a message set (err_last()).
 */
#ifndef PEJL_STORE_H
#define PEJL_STORE_H

#include "core/access.h"
#include "core/measure.h"
#include "core/plan.h"
#include "core/strategy.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>

struct store;

enum store_open_flags {
	STORE_CREATE = 1, /* create the database if it does not exist */
};

/* Opens the store at url and migrates it to the current schema. With
 * STORE_CREATE a missing database is created (SQLite: the file; PostgreSQL:
 * the database, UTF-8 with C collation, when the user may). Without it a
 * missing SQLite file, a missing PostgreSQL database or one without pejl's
 * schema is PEJL_ENOTFOUND. *out is NULL on failure. */
int store_open(struct store **out, const char *url, int flags);

/* Is url a PostgreSQL URL (postgresql:// or postgres://)? */
bool store_url_is_pg(const char *url);
/* url as it may be shown: a PostgreSQL URL's password masked as "***".
 * Every message that names a database uses this. */
void store_url_redact(char *out, size_t size, const char *url);
/* Closes; rolls back an open transaction. Accepts NULL. */
void store_close(struct store *s);

/* Resets every cached statement, so nothing holds a read snapshot open
 * (servers call it after each request; commit and rollback do too). */
void store_release(struct store *s);

/* One slot for a cache of the caller's that belongs with this connection
 * (a server keeps one store per thread); store_close frees it with
 * free_fn, and so does the rollback of a whole transaction (the cache may
 * hold what the transaction undid), leaving the slot NULL. */
void **store_user_cache(struct store *s, void (*free_fn)(void *));
/* A number that changes whenever a goal version is added (versions are
 * never changed), to key caches of the strategy's goals. */
int store_strategy_stamp(struct store *s, long *out);

/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *s);

/* Transactions nest: store_begin inside a transaction opens a savepoint,
 * and the matching store_commit or store_rollback ends just that part, so
 * a unit of work can run alone or as one of many in a shared transaction
 * (the server's group commit). */
int store_begin(struct store *s);
int store_commit(struct store *s);
/* Rolls back the open transaction (or the innermost savepoint), if any;
 * always safe to call. */
void store_rollback(struct store *s);

/* A number that grows with every committed write, in any process sharing
 * the database: a cache keyed by it is never stale. */
int store_change_counter(struct store *s, long *out);

/* The schema version (number of migrations applied). */
int store_schema_version(struct store *s, int *out);

/* --- whole databases --------------------------------------------------------- */

struct store_table_count {
	const char *table;
	long rows;
};

/* Every table of the store with its number of rows, in the order the
 * tables were created. */
int store_table_counts(struct store_table_count **out, size_t *n, struct store *s, struct arena *a);

/* Called after each table store_copy copied. */
typedef void (*store_copy_cb)(void *ctx, const char *table, long rows);

/* Copies every row of every table of src into dst, ids included, in one
 * transaction of dst (all or nothing), while src is held in a transaction
 * of its own so no writer changes it meanwhile. dst must be empty (only
 * what opening it created): PEJL_ECONFLICT naming a table with rows
 * otherwise. Both must be at the same schema version. Neither may be in a
 * transaction. progress (may be NULL) hears of each table. */
int store_copy(struct store *dst, struct store *src, struct arena *a, store_copy_cb progress, void *ctx);

/* --- strategies ---------------------------------------------------------- */

struct strategy_info {
	char *code;
	char *name;
	int valid_from, valid_to;
	size_t npejlemaerker, ngoals;
};

/* All strategies, newest validity first. */
int store_strategy_list(struct strategy_info **out, size_t *n, struct store *s, struct arena *a);

/* The code of the strategy to use when none is named: the one with the
 * latest valid_from. PEJL_ENOTFOUND when the database has none. */
int store_strategy_default(char **out, struct store *s, struct arena *a);

/* Loads a whole strategy with every goal version, plus all units and target
 * groups of the database, in the order they were stored. PEJL_ENOTFOUND if
 * there is no strategy with that code. */
int store_strategy_load(struct strategy_doc **out, struct store *s, struct arena *a, const char *code);


/* Inserts a whole strategy (principles, commitments, pejlemærker, goals and
 * their versions). PEJL_ECONFLICT if the code exists. In a transaction. */
int store_strategy_insert(struct store *s, const struct strategy *st);

/* Appends a version to a goal; its date must be later than the goal's
 * latest version (history is never rewritten: PEJL_ECONFLICT otherwise).
 * PEJL_ENOTFOUND for an unknown strategy or goal. In a transaction. */
int store_goal_version_add(struct store *s, const char *strategy_code, const char *goal_code,
			   const struct goal_version *v);

/* --- organisation ---------------------------------------------------------- */

/* All unit rows (a code may have several over time), in stored order. */
int store_unit_list(struct unit **out, size_t *n, struct store *s, struct arena *a);

/* Adds a unit row. Returns 0 if added, 1 if an identical row (same code and
 * valid_from) was there already, PEJL_ECONFLICT if a different row with that
 * code and valid_from exists or its interval overlaps another row of the
 * code, PEJL_ENOTFOUND if the parent code is unknown. In a transaction. */
int store_unit_put(struct store *s, const struct unit *u);

/* Sets valid_to of the open row of a unit code (closing it). PEJL_ENOTFOUND
 * if the code has no open row. In a transaction. */
int store_unit_close(struct store *s, const char *code, const char *valid_to);

int store_group_list(struct target_group **out, size_t *n, struct store *s, struct arena *a);
/* As store_unit_put, for target groups keyed by code. */
int store_group_put(struct store *s, const struct target_group *g);

/* --- observations ----------------------------------------------------------- */

/* One observation (DESIGN §2): goal × period × unit × target group. group ""
 * means all groups (not broken down). Corrections append a revision; the
 * latest revision counts and earlier ones stay readable. */
struct obs_row {
	long goal_id;
	const char *period;
	const char *unit;
	const char *group;
	enum obs_state state;
	struct obs_values v;
	const char *source; /* may be NULL */
	const char *note;   /* may be NULL */
	bool computed;      /* derived by pejl (e.g. from feedback), not reported */
	/* set by reads */
	int revision;
	const char *actor; /* who and when: those of the batch that wrote it */
	const char *at;
	long batch;
};

enum obs_put_outcome { OBS_ADDED, OBS_UNCHANGED, OBS_REVISED };

/* Starts a batch: every write of observations belongs to one, which records
 * who wrote them and when (kind "measurements" for a file, "entry" for a
 * form, "demo", "computed"; name = the file name or a description). */
int store_batch_add(long *id, struct store *s, const char *actor, const char *kind, const char *name,
		    const char *sha256);
/* A figure computed from feedback (core/fbmetric.h) for all groups:
 * sets it to num of den (delta false) or adds num and den to the stored
 * one (delta true; no figure yet counts as 0 of 0; PEJL_ECONFLICT when the
 * stored figure is a reported one, or when the result does not add up). The value is 100 · num / den; den 0
 * makes it missing. A computed figure is updated in place (it is derived,
 * not reported: no revision per session); a reported one gets a computed
 * revision on top. *changed tells whether anything was written. In a
 * transaction. */
int store_obs_computed(struct store *s, long goal_id, const char *period, const char *unit, bool delta, long num,
		       long den, long batch, bool *changed);
/* Records the batch's counts when it is done. */
int store_batch_finish(struct store *s, long id, long rows, long added, long revised);

/* Stores r as the first revision of its key, or as a new revision when the
 * latest one differs, or not at all when it is identical (*outcome says
 * which), as part of batch. In a transaction; one key at most once per
 * transaction. */
int store_obs_put(struct store *s, const struct obs_row *r, long batch, enum obs_put_outcome *outcome);

/* Calls cb for the latest revision of every observation of a goal with
 * from <= period <= to (NULL: open), ordered by period, unit, group. The row
 * and its strings are valid during the call only. A non-zero return from cb
 * stops the scan and is returned. */
typedef int (*store_obs_cb)(void *ctx, const struct obs_row *r);
int store_obs_scan(struct store *s, long goal_id, const char *from, const char *to, store_obs_cb cb, void *ctx);

/* Every revision of one observation key, oldest first. */
int store_obs_history(struct obs_row **out, size_t *n, struct store *s, struct arena *a, long goal_id,
		      const char *period, const char *unit, const char *group);

/* Number of observation rows (all revisions). */
int store_obs_count(struct store *s, long *out);

/* --- accounts, sessions, tokens --------------------------------------------- */

struct user {
	long id;
	const char *name;
	enum role role;
	const char *unit; /* for leaders and practitioners; else NULL */
	bool disabled;
};

/* Adds a user with an Argon2id hash string (crypto_pwhash_str). In a
 * transaction. PEJL_ECONFLICT if the name exists. */
int store_user_add(struct store *s, const char *name, enum role role, const char *unit, const char *pw_hash);
/* Sets a user's password hash. PEJL_ENOTFOUND for an unknown name. */
int store_user_set_password(struct store *s, const char *name, const char *pw_hash);
/* A user by name, and the stored hash (may be NULL). PEJL_ENOTFOUND. */
int store_user_get(struct user **out, const char **pw_hash, struct store *s, struct arena *a, const char *name);
int store_user_list(struct user **out, size_t *n, struct store *s, struct arena *a);

struct session_row {
	struct user user;
	const char *csrf;
	long created, last_seen; /* unix seconds */
};

/* Sessions are keyed by the SHA-256 (hex) of the cookie token; the token
 * itself is never stored. Writes need a transaction. */
int store_session_add(struct store *s, const char *token_hash, long user_id, const char *csrf, long now);
/* PEJL_ENOTFOUND when there is no such session or its user is disabled. */
int store_session_get(struct session_row *out, struct store *s, struct arena *a, const char *token_hash);
int store_session_touch(struct store *s, const char *token_hash, long now);
int store_session_delete(struct store *s, const char *token_hash);
/* Deletes sessions idle since before idle_before or created before
 * created_before. */
int store_session_expire(struct store *s, long idle_before, long created_before);

/* Login attempts, for throttling across server processes. */
int store_login_attempt(struct store *s, const char *name, const char *ip, long at, bool ok);
/* Failed attempts for name or from ip since `since`. */
int store_login_failures(long *out, struct store *s, const char *name, const char *ip, long since);

/* API tokens, stored as SHA-256 (hex). */
int store_token_add(long *id, struct store *s, const char *token_hash, long user_id, const char *label);
int store_token_user(struct user *out, struct store *s, struct arena *a, const char *token_hash);
int store_token_revoke(struct store *s, long id, long user_id);

/* --- commentary ------------------------------------------------------------- */

struct commentary {
	long id;
	const char *period;
	const char *analysis;
	const char *next_steps; /* may be NULL */
	const char *author;
	const char *at;
};

int store_commentary_add(struct store *s, long goal_id, const char *period, const char *analysis,
			 const char *next_steps, const char *author);
/* A goal's commentary, newest period first, newest entry first. */
int store_commentary_list(struct commentary **out, size_t *n, struct store *s, struct arena *a, long goal_id);

/* --- plans and initiatives (store_plan.c) ------------------------------------ */

/* Every version of every plan with its initiatives, their milestones,
 * partners and links, ordered by code and version (initiatives in their
 * plan's order). */
int store_plan_list(struct plan **out, size_t *n, struct store *s, struct arena *a);

/* One version of a plan (version 0: the effective one, else the latest).
 * PEJL_ENOTFOUND when there is no such plan or version. */
int store_plan_get(struct plan **out, struct store *s, struct arena *a, const char *code, int version);

/* The plan version that holds an initiative, and the initiative in it.
 * PEJL_ENOTFOUND for an unknown id. */
int store_initiative_get(struct plan **plan, const struct initiative **in, struct store *s, struct arena *a, long id);

/* Adds a new plan as version 1, a draft, with its initiatives (p's status,
 * version and approval fields are ignored). *id is the new version's id.
 * PEJL_ECONFLICT when the code exists. In a transaction. */
int store_plan_create(long *id, struct store *s, const struct plan *p);

/* Replaces the content of the draft version of p->code with p: the plan's
 * fields and its initiatives. An initiative of p with the id of one of the
 * draft's initiatives replaces that one (keeping the id); one with id 0 is
 * added; the draft's initiatives not in p are removed. PEJL_ENOTFOUND for
 * an unknown code; PEJL_ECONFLICT when the plan has no draft (approved and
 * archived versions are read-only) or an initiative id is not the draft's.
 * In a transaction. */
int store_plan_replace_draft(struct store *s, const struct plan *p);

/* Approves the draft of code (on a date, by whom, with a decision
 * reference); the version approved before it, if any, is archived on the
 * same date. *version is the version approved. PEJL_ENOTFOUND,
 * PEJL_ECONFLICT when there is no draft. In a transaction. */
int store_plan_approve(int *version, struct store *s, const char *code, const char *on, const char *by,
		       const char *decision);

/* Archives the approved version of code (it goes out of force on `on`).
 * PEJL_ENOTFOUND, PEJL_ECONFLICT when no version is approved. In a
 * transaction. */
int store_plan_archive(int *version, struct store *s, const char *code, const char *on);

/* Starts a change of an approved plan: a new draft version copying the
 * approved one (initiatives, milestones, partners, links), with note saying
 * why and created by actor. PEJL_ECONFLICT when the plan has a draft
 * already or no approved version. In a transaction. */
int store_plan_new_version(int *version, struct store *s, const char *code, const char *note, const char *actor);

/* Records progress on an initiative of a draft or approved plan: its
 * status, and the done date of each of its milestones given (by id; NULL
 * done_on: not done). PEJL_ENOTFOUND for an unknown initiative or a
 * milestone that is not its own; PEJL_ECONFLICT when the plan version is
 * archived. In a transaction. */
int store_initiative_progress(struct store *s, long initiative_id, enum initiative_status status,
			      const struct milestone *ms, size_t n);

/* --- citizen feedback ------------------------------------------------------- */

/* One filled-in form (or a skipped one) of a session. Item values are raw
 * integers in the instrument's resolution (tenths for the ORS family). */
struct feedback_form_row {
	int session;
	const char *date;
	const char *instrument;
	const char *rater; /* "self" or a collateral's label */
	bool skipped;
	int items[5];
	size_t nitems;
};

struct episode_row {
	long id;
	const char *code;
	const char *pseudonym; /* NULL once retention has cleared it */
	const char *unit;
	const char *practitioner;
	const char *start_date;
	const char *age_band;
	const char *outcome_instrument;
	const char *alliance_instrument; /* may be NULL */
	const char *end_date;            /* NULL while open */
	const char *end_reason;          /* "planned", "unplanned" or NULL */
	struct feedback_form_row *forms; /* by session, instrument, rater */
	size_t nforms;
};

/* Adds an episode, or checks it against the stored one (same pseudonym,
 * unit, instrument; the end may be set later). Returns its id in *id and 1
 * when it existed. In a transaction. PEJL_ECONFLICT on a contradiction. */
int store_episode_put(long *id, int *existed, struct store *s, const struct episode_row *e, long batch);
/* Adds a form; 1 when an identical one was there; PEJL_ECONFLICT when a
 * different one was. In a transaction. */
int store_form_put(struct store *s, long episode_id, const struct feedback_form_row *f);

/* Episodes with their forms, by episode code, optionally only those of the
 * given units (a NULL-terminated list of unit codes, each episode once
 * however often its unit is listed; NULL: all). Every read of
 * citizen-level data must be logged by the caller (store_access_log). */
int store_episodes(struct episode_row **out, size_t *n, struct store *s, struct arena *a, const char *const *units);
/* Calls fn for every episode, by id, with its forms, one episode at a time
 * (memory does not grow with the number of episodes); the row and its
 * strings are valid during the call only. A non-zero return from fn stops
 * the walk and is returned. The same logging duty. */
typedef int (*store_episode_cb)(void *ctx, const struct episode_row *e);
int store_episodes_each(struct store *s, store_episode_cb fn, void *ctx);
/* The same for the episodes that ended from `from` to `to` (dates, both
 * included), in no set order (the aggregates of a period read them so). */
int store_episodes_ended_each(struct store *s, const char *from, const char *to, store_episode_cb fn, void *ctx);

/* One episode with its forms, by its code; PEJL_ENOTFOUND when there is
 * none. The same logging duty. */
int store_episode_get(struct episode_row **out, struct store *s, struct arena *a, const char *code);

/* The latest end date of any episode ("" when none has ended). */
int store_episodes_last_end(char out[11], struct store *s);

/* Records a read of citizen-level data (DESIGN §5). In a transaction. */
int store_access_log(struct store *s, const char *actor, const char *what, const char *pseudonym, const char *episode,
		     const char *via);

struct access_entry {
	const char *at, *actor, *what, *pseudonym, *episode, *via;
};
int store_access_list(struct access_entry **out, size_t *n, struct store *s, struct arena *a, size_t limit);

/* Retention: clears the pseudonym of episodes that ended before
 * `ended_before` (a date) and deletes access-log entries older than
 * `log_before` (a timestamp). Counts what it did. In a transaction. */
int store_retention(long *unlinked, long *log_deleted, struct store *s, const char *ended_before,
		    const char *log_before);

/* --- audit ----------------------------------------------------------------- */

struct audit_entry {
	long id;
	char *at; /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	char *actor;
	char *action;
	char *object;
	char *detail;
};

/* Records a write: who, what action, on what, with detail. In the same
 * transaction as the write it describes. */
int store_audit(struct store *s, const char *actor, const char *action, const char *object, const char *detail);

/* The latest `limit` audit entries, newest first. */
int store_audit_list(struct audit_entry **out, size_t *n, struct store *s, struct arena *a, size_t limit);

#endif
