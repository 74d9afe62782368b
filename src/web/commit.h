/*
 * commit.h — group commit for the server's small writes (a recorded
 * session): one transaction, and so one flush to disk, for every request
 * that arrives while the previous flush is under way.
 *
 * The first request to find no commit in progress leads: it takes every
 * request queued so far, runs each one's work in its own savepoint of one
 * transaction on its own store connection, commits, and wakes the others;
 * each request gets its own work's result, or the commit's error. A
 * request answers only after the transaction that holds its work is
 * committed, so what is acknowledged is on disk (SQLite synchronous=FULL).
 * The work of a request runs on the leader's thread and store while the
 * request's own thread waits, so it may use the request's memory but must
 * use the store it is given.
 */
#ifndef PEJL_WEB_COMMIT_H
#define PEJL_WEB_COMMIT_H

#include "store/store.h"

typedef int (*group_work)(void *ctx, struct store *s);

/* Runs work(ctx, store) in a shared transaction (see above); returns its
 * result, or the commit's error when the transaction could not commit. */
int group_commit(struct store *s, group_work work, void *ctx);

#endif
