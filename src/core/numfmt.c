/*
 * numfmt.c — see numfmt.h.
 */
#include "core/numfmt.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

char *numfmt(char *out, size_t size, double v, int decimals, enum lang lang)
{
	char raw[64], *dot, *p = out;
	size_t intlen, k = 0;
	char thou = lang == LANG_DA ? '.' : ',', dec = lang == LANG_DA ? ',' : '.';
	const char *digits;

	if (size == 0)
		return out;
	if (!isfinite(v)) {
		snprintf(out, size, "-");
		return out;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	{
		/* Halves round away from zero, as people and spreadsheets do
		 * (1418.5 → 1.419), with a nudge for decimals that binary
		 * cannot hold exactly (2.675 is 2.67499999…). */
		double scale = pow(10, decimals), scaled = v * scale;

		if (fabs(scaled) < 1e15)
			v = round(scaled + copysign(4 * DBL_EPSILON * fabs(scaled), scaled)) / scale;
	}
	snprintf(raw, sizeof raw, "%.*f", decimals, v);
	digits = raw;
	if (raw[0] == '-') {
		/* "-0.0" rounds to zero: no sign */
		if (strspn(raw + 1, "0.") != strlen(raw + 1) && k + 1 < size)
			out[k++] = '-';
		digits = raw + 1;
	}
	dot = strchr(digits, '.');
	intlen = dot ? (size_t)(dot - digits) : strlen(digits);
	for (size_t i = 0; i < intlen && k + 1 < size; i++) {
		if (i > 0 && (intlen - i) % 3 == 0 && k + 1 < size)
			out[k++] = thou;
		if (k + 1 < size)
			out[k++] = digits[i];
	}
	if (dot) {
		if (k + 1 < size)
			out[k++] = dec;
		for (const char *q = dot + 1; *q && k + 1 < size; q++)
			out[k++] = *q;
	}
	out[k] = '\0';
	(void)p;
	return out;
}
