/*
 * xmalloc.h — allocation that cannot fail: on out-of-memory the process
 * prints a message and aborts. Everything else in pejl can then treat
 * allocation as infallible and keep its error paths for real errors.
 */
#ifndef PEJL_XMALLOC_H
#define PEJL_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* Grows p to nmemb*size bytes, checking the multiplication for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
