/*
 * stats.h — the significance tests of DESIGN §3 rule 5, and the
 * distributions they need. Pure functions of their arguments.
 */
#ifndef PEJL_STATS_H
#define PEJL_STATS_H

#include <stdbool.h>

struct test_result {
	bool ok;          /* the test could be computed */
	double statistic; /* z or t */
	double df;        /* degrees of freedom (t only) */
	double p;         /* two-sided p-value */
	bool significant; /* p < 0.05 */
};

/* Two-proportion z-test with pooled variance: proportions p1, p2 in 0..1 of
 * samples n1, n2 (> 0). ok is false when n1 or n2 is not positive. */
struct test_result stats_two_proportion(double p1, double n1, double p2, double n2);

/* Welch's t-test for two means with standard deviations and sizes (n > 1). */
struct test_result stats_welch(double m1, double sd1, double n1, double m2, double sd2, double n2);

/* Standard normal CDF. */
double stats_norm_cdf(double z);
/* Student t CDF with df degrees of freedom (df > 0). */
double stats_t_cdf(double t, double df);
/* Regularized incomplete beta I_x(a, b). */
double stats_betainc(double a, double b, double x);

#endif
