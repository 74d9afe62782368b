/*
 * buf.h — one growable byte buffer with a size cap and a sticky error.
 *
 * Writers (JSON, CSV, HTML, SVG) append to a struct buf. Appending past the
 * cap sets buf.err to PEJL_EINPUT and turns every later append into a no-op,
 * so a writer can append freely and check once at the end (buf_error()).
 * The content is always NUL-terminated (buf.data[buf.len] == '\0') once
 * anything was appended. The buffer owns its memory; buf_free releases it.
 */
#ifndef PEJL_BUF_H
#define PEJL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;   /* allocated bytes */
	size_t limit; /* maximum len; 0 means BUF_DEFAULT_LIMIT */
	int err;      /* 0, or the first error; sticky */
};

#define BUF_DEFAULT_LIMIT ((size_t)1 << 30)
#define BUF_INIT {NULL, 0, 0, 0, 0}

/* Initialises an empty buffer that may grow to limit bytes (0: default). */
void buf_init(struct buf *b, size_t limit);
void buf_free(struct buf *b);
/* Empties the buffer and clears the error; keeps the memory. */
void buf_reset(struct buf *b);

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* 0, or the sticky error (with a message set when it happened). */
int buf_error(const struct buf *b);

/* The content as a C string ("" when empty). Owned by the buffer. */
const char *buf_cstr(struct buf *b);

/* Hands the content to the caller (who frees it) and empties the buffer. */
char *buf_detach(struct buf *b, size_t *len);

#endif
