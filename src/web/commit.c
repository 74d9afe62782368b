/*
 * commit.c — see commit.h.
 */
#include "web/commit.h"

#include "util/err.h"

#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>

struct job {
	group_work work;
	void *ctx;
	int rc;
	char msg[512]; /* the error message (messages are per thread) */
	bool done;
	struct job *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct job *queue, **tail = &queue;
static bool leading;

/* Runs a batch in one transaction on s. */
static void run_batch(struct store *s, struct job *batch)
{
	int rc = store_begin(s);

	for (struct job *j = batch; j; j = j->next)
		if ((j->rc = rc < 0 ? rc : j->work(j->ctx, s)) < 0)
			snprintf(j->msg, sizeof j->msg, "%s", err_last());
	if (rc == 0 && (rc = store_commit(s)) < 0)
		store_rollback(s);
	if (rc < 0)
		for (struct job *j = batch; j; j = j->next)
			if (j->rc >= 0) {
				j->rc = rc;
				snprintf(j->msg, sizeof j->msg, "%s", err_last());
			}
}

int group_commit(struct store *s, group_work work, void *ctx)
{
	struct job me = {work, ctx, 0, "", false, NULL};

	pthread_mutex_lock(&mu);
	*tail = &me;
	tail = &me.next;
	while (!me.done) {
		if (!leading) {
			struct job *batch = queue, *next;

			leading = true;
			queue = NULL;
			tail = &queue;
			pthread_mutex_unlock(&mu);
			run_batch(s, batch);
			pthread_mutex_lock(&mu);
			for (struct job *j = batch; j; j = next) {
				next = j->next;
				j->done = true;
			}
			leading = false;
			pthread_cond_broadcast(&cv);
		} else {
			pthread_cond_wait(&cv, &mu);
		}
	}
	pthread_mutex_unlock(&mu);
	return me.rc < 0 ? err_set(me.rc, "%s", me.msg) : me.rc;
}
