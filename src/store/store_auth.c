/*
 * store_auth.c — accounts, sessions, API tokens, login attempts and goal
 * commentary (store.h).
 */
#include "store/store_impl.h"

#include "util/err.h"

#include <assert.h>
#include <string.h>

static void read_user(struct user *u, struct db_stmt *st, struct arena *a, int c)
{
	u->id = (long)db_col_int(st, c);
	u->name = store_dup_col(a, st, c + 1);
	role_parse(&u->role, db_col_text(st, c + 2));
	u->unit = store_dup_col(a, st, c + 3);
	u->disabled = db_col_int(st, c + 4) != 0;
}

#define USER_COLS "u.id, u.name, u.role, u.unit, u.disabled"

int store_user_add(struct store *s, const char *name, enum role role, const char *unit, const char *pw_hash)
{
	struct db_stmt *st = NULL;
	char now[32];
	int rc;

	assert(s->in_tx);
	store_now(now);
	PREPARE(st, "SELECT 1 FROM app_user WHERE name = ?");
	db_bind_text(st, 0, name);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc > 0) {
		rc = err_set(PEJL_ECONFLICT, "a user named %s exists already", name);
		goto out;
	}
	store_finalize(&st);
	PREPARE(st, "INSERT INTO app_user (name, role, unit, pw_hash, created, disabled) VALUES (?, ?, ?, ?, ?, 0)");
	db_bind_text(st, 0, name);
	db_bind_text(st, 1, role_name(role));
	db_bind_text(st, 2, unit);
	db_bind_text(st, 3, pw_hash);
	db_bind_text(st, 4, now);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_user_set_password(struct store *s, const char *name, const char *pw_hash)
{
	struct db_stmt *st = NULL;
	size_t n;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "UPDATE app_user SET pw_hash = ? WHERE name = ? RETURNING id");
	db_bind_text(st, 0, pw_hash);
	db_bind_text(st, 1, name);
	if ((rc = db_step(st)) < 0)
		goto out;
	n = (size_t)rc;
	rc = n ? 0 : err_set(PEJL_ENOTFOUND, "no user named %s", name);
out:
	store_finalize(&st);
	return rc;
}

int store_user_get(struct user **out, const char **pw_hash, struct store *s, struct arena *a, const char *name)
{
	struct db_stmt *st = NULL;
	struct user *u;
	int rc;

	PREPARE(st, "SELECT " USER_COLS ", u.pw_hash FROM app_user u WHERE u.name = ?");
	db_bind_text(st, 0, name);
	if ((rc = db_step(st)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(PEJL_ENOTFOUND, "no user named %s", name);
		goto out;
	}
	u = arena_calloc(a, 1, sizeof *u);
	read_user(u, st, a, 0);
	if (pw_hash)
		*pw_hash = store_dup_col(a, st, 5);
	*out = u;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_user_list(struct user **out, size_t *n, struct store *s, struct arena *a)
{
	struct db_stmt *st = NULL;
	size_t total, len = 0;
	struct user *v;
	int rc;

	if ((rc = store_count_rows(&total, s, "SELECT COUNT(*) FROM app_user WHERE id > ?", 0)) < 0)
		return rc;
	v = arena_calloc(a, total + 1, sizeof *v);
	PREPARE(st, "SELECT " USER_COLS " FROM app_user u ORDER BY u.name");
	while ((rc = db_step(st)) > 0 && len < total)
		read_user(&v[len++], st, a, 0);
	if (rc < 0)
		goto out;
	*out = v;
	*n = len;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_session_add(struct store *s, const char *token_hash, long user_id, const char *csrf, long now)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "INSERT INTO session (token_hash, user_id, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)");
	db_bind_text(st, 0, token_hash);
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, csrf);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, now);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

static const char *const SQL_SESSION_GET =
	"SELECT " USER_COLS ", s.csrf, s.created, s.last_seen FROM session s JOIN app_user u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND u.disabled = 0";

int store_session_get(struct session_row *out, struct store *s, struct arena *a, const char *token_hash)
{
	struct db_stmt *st;
	int rc;

	if ((rc = store_cached(&st, s, SQL_SESSION_GET)) < 0)
		return rc;
	db_bind_text(st, 0, token_hash);
	if ((rc = db_step(st)) < 0)
		return rc;
	if (rc == 0) {
		db_reset(st);
		return err_set(PEJL_ENOTFOUND, "no such session");
	}
	read_user(&out->user, st, a, 0);
	out->csrf = store_dup_col(a, st, 5);
	out->created = (long)db_col_int(st, 6);
	out->last_seen = (long)db_col_int(st, 7);
	db_reset(st);
	return 0;
}

int store_session_touch(struct store *s, const char *token_hash, long now)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "UPDATE session SET last_seen = ? WHERE token_hash = ?");
	db_bind_int(st, 0, now);
	db_bind_text(st, 1, token_hash);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_session_delete(struct store *s, const char *token_hash)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "DELETE FROM session WHERE token_hash = ?");
	db_bind_text(st, 0, token_hash);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_session_expire(struct store *s, long idle_before, long created_before)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "DELETE FROM session WHERE last_seen < ? OR created < ?");
	db_bind_int(st, 0, idle_before);
	db_bind_int(st, 1, created_before);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_login_attempt(struct store *s, const char *name, const char *ip, long at, bool ok)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "INSERT INTO login_attempt (name, ip, at, ok) VALUES (?, ?, ?, ?)");
	db_bind_text(st, 0, name);
	db_bind_text(st, 1, ip);
	db_bind_int(st, 2, at);
	db_bind_int(st, 3, ok);
	rc = store_exec_one(st);
	if (rc == 0 && ok) {
		/* a successful login clears the name's failures */
		store_finalize(&st);
		PREPARE(st, "DELETE FROM login_attempt WHERE name = ? AND ok = 0");
		db_bind_text(st, 0, name);
		rc = store_exec_one(st);
	}
out:
	store_finalize(&st);
	return rc;
}

int store_login_failures(long *out, struct store *s, const char *name, const char *ip, long since)
{
	struct db_stmt *st = NULL;
	int rc;

	PREPARE(st, "SELECT COUNT(*) FROM login_attempt WHERE ok = 0 AND at >= ? AND (name = ? OR ip = ?)");
	db_bind_int(st, 0, since);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, ip);
	if ((rc = db_step(st)) < 0)
		goto out;
	*out = (long)db_col_int(st, 0);
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}

int store_token_add(long *id, struct store *s, const char *token_hash, long user_id, const char *label)
{
	struct db_stmt *st = NULL;
	char now[32];
	int64_t tid;
	int rc;

	assert(s->in_tx);
	store_now(now);
	PREPARE(st, "INSERT INTO api_token (token_hash, user_id, label, created, revoked) VALUES (?, ?, ?, ?, 0)"
		    " RETURNING id");
	db_bind_text(st, 0, token_hash);
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, label);
	db_bind_text(st, 3, now);
	if ((rc = store_insert_id(&tid, st)) < 0)
		goto out;
	*id = (long)tid;
out:
	store_finalize(&st);
	return rc;
}

static const char *const SQL_TOKEN_USER = "SELECT " USER_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id"
					  " WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0";

int store_token_user(struct user *out, struct store *s, struct arena *a, const char *token_hash)
{
	struct db_stmt *st;
	int rc;

	if ((rc = store_cached(&st, s, SQL_TOKEN_USER)) < 0)
		return rc;
	db_bind_text(st, 0, token_hash);
	if ((rc = db_step(st)) < 0)
		return rc;
	if (rc == 0) {
		db_reset(st);
		return err_set(PEJL_ENOTFOUND, "no such token");
	}
	read_user(out, st, a, 0);
	db_reset(st);
	return 0;
}

int store_token_revoke(struct store *s, long id, long user_id)
{
	struct db_stmt *st = NULL;
	int rc;

	assert(s->in_tx);
	PREPARE(st, "UPDATE api_token SET revoked = 1 WHERE id = ? AND user_id = ? RETURNING id");
	db_bind_int(st, 0, id);
	db_bind_int(st, 1, user_id);
	if ((rc = db_step(st)) < 0)
		goto out;
	rc = rc > 0 ? 0 : err_set(PEJL_ENOTFOUND, "no token %ld", id);
out:
	store_finalize(&st);
	return rc;
}

int store_commentary_add(struct store *s, long goal_id, const char *period, const char *analysis,
			 const char *next_steps, const char *author)
{
	struct db_stmt *st = NULL;
	char now[32];
	int rc;

	assert(s->in_tx);
	store_now(now);
	PREPARE(st, "INSERT INTO commentary (goal_id, period, analysis, next_steps, author, at) VALUES (?, ?, ?, ?, ?, ?)");
	db_bind_int(st, 0, goal_id);
	db_bind_text(st, 1, period);
	db_bind_text(st, 2, analysis);
	db_bind_text(st, 3, next_steps);
	db_bind_text(st, 4, author);
	db_bind_text(st, 5, now);
	rc = store_exec_one(st);
out:
	store_finalize(&st);
	return rc;
}

int store_commentary_list(struct commentary **out, size_t *n, struct store *s, struct arena *a, long goal_id)
{
	struct db_stmt *st = NULL;
	size_t total, len = 0;
	struct commentary *v;
	int rc;

	if ((rc = store_count_rows(&total, s, "SELECT COUNT(*) FROM commentary WHERE goal_id = ?", goal_id)) < 0)
		return rc;
	v = arena_calloc(a, total + 1, sizeof *v);
	PREPARE(st, "SELECT id, period, analysis, next_steps, author, at FROM commentary WHERE goal_id = ?"
		    " ORDER BY period DESC, id DESC");
	db_bind_int(st, 0, goal_id);
	while ((rc = db_step(st)) > 0 && len < total) {
		v[len].id = (long)db_col_int(st, 0);
		v[len].period = store_dup_col(a, st, 1);
		v[len].analysis = store_dup_col(a, st, 2);
		v[len].next_steps = store_dup_col(a, st, 3);
		v[len].author = store_dup_col(a, st, 4);
		v[len].at = store_dup_col(a, st, 5);
		len++;
	}
	if (rc < 0)
		goto out;
	*out = v;
	*n = len;
	rc = 0;
out:
	store_finalize(&st);
	return rc;
}
