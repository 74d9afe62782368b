/*
 * htmlw.h — writing HTML that escapes by default.
 *
 * html_f is printf for HTML: %s arguments are escaped (& < > " ' become
 * entities), so they are safe in text and in quoted attribute values. The
 * only way to put unescaped markup in is %r, for trusted fragments the
 * program built itself (another html_f result, a chart); never pass user
 * data to %r. Supported: %s %r %d %ld %zu %c %%.
 */
#ifndef PEJL_HTMLW_H
#define PEJL_HTMLW_H

#include "util/buf.h"

void html_f(struct buf *b, const char *fmt, ...);
/* Appends s escaped. */
void html_esc(struct buf *b, const char *s);
/* Appends s escaped for use inside a URL query value (percent-encoding). */
void html_url(struct buf *b, const char *s);

#endif
