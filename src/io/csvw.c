/*
 * csvw.c — see csvw.h.
 */
#include "io/csvw.h"

#include "io/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void csvw_init(struct csvw *w, struct buf *b)
{
	w->b = b;
	w->sep = ',';
	w->decimal_comma = false;
	w->at_line_start = true;
}

void csvw_init_danish(struct csvw *w, struct buf *b)
{
	csvw_init(w, b);
	w->sep = ';';
	w->decimal_comma = true;
	buf_puts(b, "\xEF\xBB\xBF");
}

static void sep(struct csvw *w)
{
	if (!w->at_line_start)
		buf_putc(w->b, w->sep);
	w->at_line_start = false;
}

void csvw_text(struct csvw *w, const char *s)
{
	bool neutralise, quote;

	sep(w);
	if (!s || !*s)
		return;
	neutralise = strchr("=+-@\t\r", s[0]) != NULL;
	quote = neutralise || strpbrk(s, "\",;\n\r") != NULL;
	if (quote)
		buf_putc(w->b, '"');
	if (neutralise)
		buf_putc(w->b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(w->b, '"');
		buf_putc(w->b, *p);
	}
	if (quote)
		buf_putc(w->b, '"');
}

void csvw_num(struct csvw *w, double v, int decimals)
{
	char tmp[64];

	sep(w);
	if (!isfinite(v))
		return;
	if (decimals >= 0)
		snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	else
		json_format_double(tmp, v);
	if (strcmp(tmp, "-0") == 0 || (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)))
		memmove(tmp, tmp + 1, strlen(tmp));
	if (w->decimal_comma)
		for (char *p = tmp; *p; p++)
			if (*p == '.')
				*p = ',';
	buf_puts(w->b, tmp);
}

void csvw_int(struct csvw *w, long long v)
{
	sep(w);
	buf_printf(w->b, "%lld", v);
}

void csvw_end_row(struct csvw *w)
{
	buf_puts(w->b, "\r\n");
	w->at_line_start = true;
}
