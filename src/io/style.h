/*
 * style.h — the one stylesheet (style_css) of the web pages and the public
 * edition, and the edition's additions (style_edition_css: wide tables,
 * print). Plain CSS text, NUL-terminated.
 */
#ifndef PEJL_STYLE_H
#define PEJL_STYLE_H

#include <stddef.h>

extern const char style_css[];
extern const size_t style_css_len;
extern const char style_edition_css[];
extern const size_t style_edition_css_len;

#endif
