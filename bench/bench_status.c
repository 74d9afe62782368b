/*
 * bench_status.c — times the full status for one period: every goal of the
 * strategy at every unit (status_all_units), and reports wall time, the
 * number of statuses and the process's peak resident memory.
 *
 * usage: bench_status DB PERIOD [RUNS]
 */
#include "io/status_report.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static size_t verdicts[VERDICT_COUNT];

static void count(void *ctx, const struct goal *g, const char *unit, const struct status *st)
{
	(void)ctx;
	(void)g;
	(void)unit;
	verdicts[st->verdict]++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct store *s = NULL;
	struct status_opts o = {0};
	struct rusage ru;
	int runs = argc > 3 ? atoi(argv[3]) : 3;
	double best = 1e9;
	size_t n = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_status DB PERIOD [RUNS]\n");
		return 2;
	}
	o.period = argv[2];
	if (store_open(&s, argv[1], 0) < 0) {
		fprintf(stderr, "bench_status: %s\n", err_last());
		return 1;
	}
	for (int r = 0; r < runs; r++) {
		struct arena *a = arena_new();
		double t0 = now(), t;

		for (int k = 0; k < VERDICT_COUNT; k++)
			verdicts[k] = 0;
		if (status_all_units(&n, s, a, &o, count, NULL) < 0) {
			fprintf(stderr, "bench_status: %s\n", err_last());
			return 1;
		}
		t = now() - t0;
		if (t < best)
			best = t;
		arena_free(a);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("status %s: %zu goal×unit statuses in %.3f s (best of %d); peak RSS %.1f MiB\n", argv[2], n, best, runs,
	       (double)ru.ru_maxrss / 1024.0);
	printf("  verdicts:");
	for (int k = 0; k < VERDICT_COUNT; k++)
		printf(" %s=%zu", verdict_code((enum verdict)k), verdicts[k]);
	printf("\n");
	store_close(s);
	return 0;
}
