/*
 * htmlw.c — see htmlw.h.
 */
#include "io/htmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_esc(struct buf *b, const char *s)
{
	const char *run = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

void html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			buf_putc(b, (char)c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void html_f(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *run = fmt;

	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_append(b, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case 's':
			html_esc(b, va_arg(ap, const char *));
			break;
		case 'r': {
			const char *raw = va_arg(ap, const char *);

			if (raw)
				buf_puts(b, raw);
			break;
		}
		case 'd':
			buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'l':
			if (p[1] == 'd') {
				p++;
				buf_printf(b, "%ld", va_arg(ap, long));
			}
			break;
		case 'z':
			if (p[1] == 'u') {
				p++;
				buf_printf(b, "%zu", va_arg(ap, size_t));
			}
			break;
		case 'c':
			buf_putc(b, (char)va_arg(ap, int));
			break;
		case '%':
			buf_putc(b, '%');
			break;
		default:
			/* an unknown directive is a programmer error; print it */
			buf_putc(b, '%');
			if (*p)
				buf_putc(b, *p);
			break;
		}
		if (!*p) {
			run = p;
			break;
		}
		run = p + 1;
	}
	if (*run)
		buf_puts(b, run);
	va_end(ap);
}
