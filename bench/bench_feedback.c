/*
 * bench_feedback.c — the feedback benchmark of issue 5: every episode's
 * outcome (with alerts) and the aggregates per unit subtree for one year,
 * timed in phases, with the process's peak resident memory.
 *
 * usage: bench_feedback DB YEAR
 */
#include "io/feedback_import.h"
#include "io/feedback_report.h"
#include "io/instrument_file.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct store *s = NULL;
	struct arena *a = arena_new(), *b = arena_new();
	struct instrument_set set;
	struct episode_row *rows;
	struct feedback_session *scratch = NULL;
	struct feedback_units_view v;
	struct rusage ru;
	struct diag d;
	size_t n, room = 0, forms = 0, classes[OUTCOME_CLASS_COUNT] = {0}, alerts = 0;
	double t0, t1, t2, t3;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_feedback DB YEAR\n");
		return 2;
	}
	diag_init(&d);
	if (instrument_builtin(&set, a, &d) < 0 || store_open(&s, argv[1], 0) < 0) {
		fprintf(stderr, "bench_feedback: %s\n", err_last());
		return 1;
	}
	t0 = now();
	if (store_episodes(&rows, &n, s, a, NULL) < 0) {
		fprintf(stderr, "bench_feedback: %s\n", err_last());
		return 1;
	}
	t1 = now();
	for (size_t i = 0; i < n; i++) {
		struct feedback_episode ep;
		struct feedback_outcome o;
		struct feedback_alerts al = {0};

		if (rows[i].nforms >= room) {
			room = rows[i].nforms + 16;
			scratch = xreallocarray(scratch, room, sizeof *scratch);
		}
		feedback_episode_from_row(&ep, &rows[i], scratch);
		forms += rows[i].nforms;
		if (feedback_outcome(&o, &ep, &set, "self") == 0)
			classes[o.cls]++;
		feedback_alerts(&al, &ep, &set);
		alerts += al.n;
	}
	t2 = now();
	if (feedback_units_view_rows(&v, s, b, rows, n, NULL, argv[2], &set, SUPPRESS_K_INTERNAL) < 0) {
		fprintf(stderr, "bench_feedback: %s\n", err_last());
		return 1;
	}
	t3 = now();
	getrusage(RUSAGE_SELF, &ru);
	printf("   %zu episodes, %zu forms loaded in %.3f s; outcomes and alerts in %.3f s (%zu recovered, %zu "
	       "alerts)\n",
	       n, forms, t1 - t0, t2 - t1, classes[OUTCOME_RECOVERED], alerts);
	printf("   aggregates %s: %zu episodes ended, %zu unit rows in %.3f s\n", argv[2], v.nepisodes,
	       v.nrows, t3 - t2);
	printf("   total %.3f s, peak RSS %.1f MiB\n", t3 - t0, (double)ru.ru_maxrss / 1024.0);
	free(scratch);
	store_close(s);
	arena_free(a);
	arena_free(b);
	diag_free(&d);
	return 0;
}
