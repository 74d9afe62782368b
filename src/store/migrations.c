/*
 * migrations.c — see migrations.h.
 */
#include "store/migrations.h"

const char *const store_migrations[] = {
	/* 1: the strategy model, organisation, audit log. */
	"CREATE TABLE strategy ("
	" id {ID}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_en TEXT, description TEXT,"
	" valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL,"
	" decision_date TEXT, decision_body TEXT, decision_case TEXT);"
	"CREATE TABLE principle ("
	" id {ID}, strategy_id INTEGER NOT NULL REFERENCES strategy(id),"
	" number INTEGER NOT NULL, title TEXT NOT NULL, title_en TEXT, description TEXT,"
	" UNIQUE (strategy_id, number));"
	"CREATE TABLE commitment ("
	" id {ID}, principle_id INTEGER NOT NULL REFERENCES principle(id),"
	" position INTEGER NOT NULL, code TEXT NOT NULL, text TEXT NOT NULL);"
	"CREATE INDEX commitment_principle ON commitment(principle_id, position);"
	"CREATE TABLE pejlemaerke ("
	" id {ID}, strategy_id INTEGER NOT NULL REFERENCES strategy(id),"
	" number INTEGER NOT NULL, title TEXT NOT NULL, title_en TEXT, description TEXT,"
	" UNIQUE (strategy_id, number));"
	"CREATE TABLE goal ("
	" id {ID}, strategy_id INTEGER NOT NULL REFERENCES strategy(id),"
	" pejlemaerke_id INTEGER NOT NULL REFERENCES pejlemaerke(id),"
	" position INTEGER NOT NULL, code TEXT NOT NULL, is_main INTEGER NOT NULL,"
	" UNIQUE (strategy_id, code));"
	"CREATE TABLE goal_version ("
	" id {ID}, goal_id INTEGER NOT NULL REFERENCES goal(id),"
	" valid_from TEXT NOT NULL, decision TEXT, note TEXT,"
	" title TEXT NOT NULL, title_en TEXT, definition TEXT NOT NULL, source TEXT, owner TEXT,"
	" display_unit TEXT, measure TEXT NOT NULL, rate_factor DOUBLE PRECISION NOT NULL,"
	" decimals INTEGER NOT NULL, direction TEXT NOT NULL, sampling TEXT NOT NULL,"
	" cadence TEXT NOT NULL, baseline_period TEXT, baseline_value DOUBLE PRECISION,"
	" target_kind TEXT NOT NULL, target_value DOUBLE PRECISION, target_period TEXT,"
	" tolerance DOUBLE PRECISION NOT NULL,"
	" UNIQUE (goal_id, valid_from));"
	"CREATE TABLE unit ("
	" id {ID}, code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT,"
	" valid_from TEXT NOT NULL, valid_to TEXT,"
	" UNIQUE (code, valid_from));"
	"CREATE TABLE target_group ("
	" id {ID}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_en TEXT);"
	"CREATE TABLE audit ("
	" id {ID}, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
	" object TEXT NOT NULL, detail TEXT);",

	/* 2: observations with revisions, import batches. */
	"CREATE TABLE import_batch ("
	" id {ID}, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL, name TEXT, sha256 TEXT,"
	" rows INTEGER NOT NULL, added INTEGER NOT NULL, revised INTEGER NOT NULL);"
	"CREATE TABLE observation ("
	" id {ID}, goal_id INTEGER NOT NULL REFERENCES goal(id), period TEXT NOT NULL, unit TEXT NOT NULL,"
	" grp TEXT NOT NULL, revision INTEGER NOT NULL, latest INTEGER NOT NULL, state TEXT NOT NULL,"
	" value DOUBLE PRECISION, numerator DOUBLE PRECISION, denominator DOUBLE PRECISION,"
	" n DOUBLE PRECISION, sd DOUBLE PRECISION, source TEXT, note TEXT, computed INTEGER NOT NULL,"
	" batch_id INTEGER NOT NULL REFERENCES import_batch(id));"
	"CREATE UNIQUE INDEX observation_key ON observation (goal_id, period, unit, grp, revision);",

	/* 3: accounts, sessions, API tokens, login throttling, commentary, and a
	 * change counter that lets any server process see that data changed. */
	"CREATE TABLE app_user ("
	" id {ID}, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, unit TEXT, pw_hash TEXT NOT NULL,"
	" created TEXT NOT NULL, disabled INTEGER NOT NULL);"
	"CREATE TABLE session ("
	" id {ID}, token_hash TEXT NOT NULL UNIQUE, user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" csrf TEXT NOT NULL, created INTEGER NOT NULL, last_seen INTEGER NOT NULL);"
	"CREATE TABLE api_token ("
	" id {ID}, token_hash TEXT NOT NULL UNIQUE, user_id INTEGER NOT NULL REFERENCES app_user(id),"
	" label TEXT, created TEXT NOT NULL, revoked INTEGER NOT NULL);"
	"CREATE TABLE login_attempt ("
	" id {ID}, name TEXT NOT NULL, ip TEXT NOT NULL, at INTEGER NOT NULL, ok INTEGER NOT NULL);"
	"CREATE INDEX login_attempt_name ON login_attempt (name, at);"
	"CREATE TABLE commentary ("
	" id {ID}, goal_id INTEGER NOT NULL REFERENCES goal(id), period TEXT NOT NULL,"
	" analysis TEXT NOT NULL, next_steps TEXT, author TEXT NOT NULL, at TEXT NOT NULL);"
	"CREATE INDEX commentary_goal ON commentary (goal_id, period);"
	"CREATE TABLE change_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
	"INSERT INTO change_counter (id, n) VALUES (1, 0);",

	/* 4: citizen feedback (episodes and the forms of their sessions) and
	 * the access log of citizen-level reads. No CPR number is stored: the
	 * pseudonym is an HMAC of it, and retention clears it. */
	"CREATE TABLE episode ("
	" id {ID}, code TEXT NOT NULL UNIQUE, pseudonym TEXT, unit TEXT NOT NULL, practitioner TEXT NOT NULL,"
	" start_date TEXT NOT NULL, age_band TEXT NOT NULL, outcome_instrument TEXT NOT NULL,"
	" alliance_instrument TEXT, end_date TEXT, end_reason TEXT, batch_id INTEGER NOT NULL REFERENCES import_batch(id));"
	"CREATE INDEX episode_unit ON episode (unit);"
	"CREATE INDEX episode_pseudonym ON episode (pseudonym);"
	"CREATE TABLE feedback_form ("
	" id {ID}, episode_id INTEGER NOT NULL REFERENCES episode(id), session INTEGER NOT NULL, date TEXT NOT NULL,"
	" instrument TEXT NOT NULL, rater TEXT NOT NULL, skipped INTEGER NOT NULL,"
	" i1 INTEGER, i2 INTEGER, i3 INTEGER, i4 INTEGER, i5 INTEGER,"
	" UNIQUE (episode_id, session, instrument, rater));"
	"CREATE TABLE access_log ("
	" id {ID}, at TEXT NOT NULL, actor TEXT NOT NULL, what TEXT NOT NULL, pseudonym TEXT, episode TEXT,"
	" via TEXT NOT NULL);"
	"CREATE INDEX access_log_at ON access_log (at);",

	/* 5: plans and their versions, initiatives with milestones, partners
	 * and links to what they serve in the strategy (the red thread). A
	 * plan code has versions 1, 2, …; approved and archived versions are
	 * never changed (store_plan.c keeps that rule). */
	"CREATE TABLE plan ("
	" id {ID}, code TEXT NOT NULL, version INTEGER NOT NULL, strategy TEXT NOT NULL, type TEXT NOT NULL,"
	" title TEXT NOT NULL, description TEXT, unit TEXT NOT NULL, year_from INTEGER NOT NULL,"
	" year_to INTEGER NOT NULL, parent TEXT, status TEXT NOT NULL, approved_on TEXT, approved_by TEXT,"
	" decision TEXT, archived_on TEXT, note TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
	" UNIQUE (code, version));"
	"CREATE INDEX plan_unit ON plan (unit);"
	"CREATE TABLE initiative ("
	" id {ID}, plan_id INTEGER NOT NULL REFERENCES plan(id), position INTEGER NOT NULL, title TEXT NOT NULL,"
	" description TEXT, owner TEXT NOT NULL, start_date TEXT, end_date TEXT, status TEXT NOT NULL);"
	"CREATE INDEX initiative_plan ON initiative (plan_id, position);"
	"CREATE TABLE milestone ("
	" id {ID}, initiative_id INTEGER NOT NULL REFERENCES initiative(id), position INTEGER NOT NULL,"
	" title TEXT NOT NULL, due TEXT NOT NULL, done_on TEXT);"
	"CREATE INDEX milestone_initiative ON milestone (initiative_id, position);"
	"CREATE TABLE initiative_partner ("
	" id {ID}, initiative_id INTEGER NOT NULL REFERENCES initiative(id), position INTEGER NOT NULL,"
	" name TEXT NOT NULL, kind TEXT NOT NULL);"
	"CREATE INDEX initiative_partner_initiative ON initiative_partner (initiative_id, position);"
	"CREATE TABLE initiative_link ("
	" id {ID}, initiative_id INTEGER NOT NULL REFERENCES initiative(id), position INTEGER NOT NULL,"
	" kind TEXT NOT NULL, ref TEXT NOT NULL, UNIQUE (initiative_id, kind, ref));",
	/* 6: goals computed from feedback instruments (the metric of a goal
	 * version). */
	"ALTER TABLE goal_version ADD COLUMN metric TEXT;"
	/* every form column in key order, so reading all episodes' forms
	 * episode by episode reads this index alone, front to back */
	"CREATE INDEX feedback_form_all ON feedback_form (episode_id, session, instrument, rater, date, skipped,"
	" i1, i2, i3, i4, i5);",
	/* 7: each episode's forms packed in its row (store/episode_pack.h), so
	 * reading an episode reads one row; the forms' own rows stay the truth
	 * and the pack is made from them (store.c packs those already stored
	 * right after this step). The covering index of 6 is no longer read.
	 * Episodes by their end, for a period's aggregates. */
	"ALTER TABLE episode ADD COLUMN forms TEXT;"
	"DROP INDEX feedback_form_all;"
	"CREATE INDEX episode_end ON episode (end_date);",
};

const size_t store_nmigrations = sizeof store_migrations / sizeof store_migrations[0];
