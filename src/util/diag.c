/*
 * diag.c — see diag.h.
 */
#include "util/diag.h"

#include "util/xmalloc.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_init(struct diag *d)
{
	d->items = NULL;
	d->n = d->cap = 0;
	d->max = 1000;
	d->dropped = 0;
	d->dropped_warnings = 0;
}

void diag_free(struct diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].where);
		free(d->items[i].msg);
	}
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}

static void add(struct diag *d, int warning, const char *where, const char *fmt, va_list ap)
{
	struct diag_item *it;
	va_list ap2;
	int len;

	if (d->n >= (d->max ? d->max : 1000)) {
		if (warning)
			d->dropped_warnings++;
		else
			d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xreallocarray(d->items, d->cap, sizeof *d->items);
	}
	it = &d->items[d->n++];
	it->warning = warning;
	it->where = xstrdup(where ? where : "");
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	it->msg = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	vsnprintf(it->msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
}

void diag_error(struct diag *d, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, 0, where, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, 1, where, fmt, ap);
	va_end(ap);
}

size_t diag_errors(const struct diag *d)
{
	size_t k = 0;

	for (size_t i = 0; i < d->n; i++)
		k += !d->items[i].warning;
	return k + d->dropped;
}

size_t diag_warnings(const struct diag *d)
{
	size_t k = 0;

	for (size_t i = 0; i < d->n; i++)
		k += d->items[i].warning;
	return k + d->dropped_warnings;
}

void diag_print(const struct diag *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(f, "%s: %s: %s\n", d->items[i].where, d->items[i].warning ? "warning" : "error",
			d->items[i].msg);
	if (d->dropped)
		fprintf(f, "... and %zu more errors\n", d->dropped);
	if (d->dropped_warnings)
		fprintf(f, "... and %zu more warnings\n", d->dropped_warnings);
}
