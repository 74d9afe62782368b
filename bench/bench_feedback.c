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

struct run {
	const struct instrument_set *set;
	struct feedback_scratch scratch;
	size_t n, forms, recovered, alerts;
};

static int one(void *ctx, const struct episode_row *row)
{
	struct run *r = ctx;
	struct feedback_episode ep;
	struct feedback_outcome o;
	struct feedback_alerts al = {0};

	feedback_episode_from_row_in(&ep, row, &r->scratch);
	r->n++;
	r->forms += row->nforms;
	if (feedback_outcome(&o, &ep, r->set, "self") == 0)
		r->recovered += o.cls == OUTCOME_RECOVERED;
	feedback_alerts(&al, &ep, r->set);
	r->alerts += al.n;
	return 0;
}

int main(int argc, char **argv)
{
	struct store *s = NULL;
	struct arena *a = arena_new(), *b = arena_new();
	struct instrument_set set;
	struct feedback_units_view v;
	struct run run = {0};
	struct rusage ru;
	struct diag d;
	double t0, t2, t3;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_feedback DB YEAR\n");
		return 2;
	}
	diag_init(&d);
	run.set = &set;
	if (instrument_builtin(&set, a, &d) < 0 || store_open(&s, argv[1], 0) < 0) {
		fprintf(stderr, "bench_feedback: %s\n", err_last());
		return 1;
	}
	t0 = now();
	/* every episode's outcome and alerts, one episode at a time */
	if (store_episodes_each(s, one, &run) < 0) {
		fprintf(stderr, "bench_feedback: %s\n", err_last());
		return 1;
	}
	t2 = now();
	/* the aggregates per unit subtree for the year, from the episodes that
	 * ended in it */
	if (feedback_units_view(&v, s, b, NULL, argv[2], &set, SUPPRESS_K_INTERNAL) < 0) {
		fprintf(stderr, "bench_feedback: %s\n", err_last());
		return 1;
	}
	t3 = now();
	getrusage(RUSAGE_SELF, &ru);
	printf("   every outcome and the alerts: %zu episodes, %zu forms in %.3f s (%zu recovered, %zu alerts)\n", run.n,
	       run.forms, t2 - t0, run.recovered, run.alerts);
	printf("   aggregates %s: %zu episodes ended, %zu unit rows in %.3f s\n", argv[2], v.nepisodes,
	       v.nrows, t3 - t2);
	printf("   total %.3f s, peak RSS %.1f MiB\n", t3 - t0, (double)ru.ru_maxrss / 1024.0);
	feedback_scratch_free(&run.scratch);
	store_close(s);
	arena_free(a);
	arena_free(b);
	diag_free(&d);
	return 0;
}
