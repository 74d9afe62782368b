/*
 * stats.c — see stats.h. The incomplete beta function uses the continued
 * fraction of Numerical Recipes (Lentz's method), accurate to ~1e-12 for
 * the arguments a t-test produces.
 */
#include "core/stats.h"

#include <math.h>

double stats_norm_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

static double betacf(double a, double b, double x)
{
	const double eps = 1e-15, fpmin = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < fpmin)
		d = fpmin;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

		d = 1 + aa * d;
		if (fabs(d) < fpmin)
			d = fpmin;
		c = 1 + aa / c;
		if (fabs(c) < fpmin)
			c = fpmin;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < fpmin)
			d = fpmin;
		c = 1 + aa / c;
		if (fabs(c) < fpmin)
			c = fpmin;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

double stats_betainc(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x));
	if (x < (a + 1) / (a + b + 2))
		return bt * betacf(a, b, x) / a;
	return 1 - bt * betacf(b, a, 1 - x) / b;
}

double stats_t_cdf(double t, double df)
{
	double x = df / (df + t * t);
	double tail = 0.5 * stats_betainc(df / 2, 0.5, x);

	return t >= 0 ? 1 - tail : tail;
}

struct test_result stats_two_proportion(double p1, double n1, double p2, double n2)
{
	struct test_result r = {0};
	double pooled, se;

	if (!(n1 > 0) || !(n2 > 0) || !(p1 >= 0 && p1 <= 1) || !(p2 >= 0 && p2 <= 1))
		return r;
	r.ok = true;
	pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
	se = sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
	if (se == 0) {
		/* both proportions are 0 or both are 1: no difference */
		r.statistic = 0;
		r.p = 1;
		return r;
	}
	r.statistic = (p2 - p1) / se;
	r.p = 2 * (1 - stats_norm_cdf(fabs(r.statistic)));
	r.significant = r.p < 0.05;
	return r;
}

struct test_result stats_welch(double m1, double sd1, double n1, double m2, double sd2, double n2)
{
	struct test_result r = {0};
	double v1, v2, se2;

	if (!(n1 > 1) || !(n2 > 1) || !(sd1 >= 0) || !(sd2 >= 0) || !isfinite(m1) || !isfinite(m2))
		return r;
	v1 = sd1 * sd1 / n1;
	v2 = sd2 * sd2 / n2;
	se2 = v1 + v2;
	r.ok = true;
	if (se2 == 0) {
		r.statistic = 0;
		r.p = m1 == m2 ? 1 : 0;
		r.significant = m1 != m2;
		r.df = n1 + n2 - 2;
		return r;
	}
	r.statistic = (m2 - m1) / sqrt(se2);
	r.df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
	r.p = 2 * (1 - stats_t_cdf(fabs(r.statistic), r.df));
	r.significant = r.p < 0.05;
	return r;
}
