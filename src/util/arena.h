/*
 * arena.h — region allocation: many small allocations, one free.
 *
 * A CLI command or a request gets an arena; everything it allocates for its
 * own use comes from it and is released by arena_free. Allocation cannot fail
 * (it aborts through xmalloc). Built with -DPEJL_ARENA_MALLOC (the `make san`
 * build) every allocation is a separate malloc, so AddressSanitizer sees each
 * block and its bounds.
 */
#ifndef PEJL_ARENA_H
#define PEJL_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Frees every block; accepts NULL. */
void arena_free(struct arena *a);

/* Releases everything allocated, keeping one block for what comes next
 * (a loop that needs an arena per round reuses one). */
void arena_reset(struct arena *a);

/* n bytes aligned for any type, zero-filled. */
void *arena_alloc(struct arena *a, size_t n);
/* nmemb*size bytes, overflow-checked, zero-filled. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for benchmarks and tests). */
size_t arena_used(const struct arena *a);

#endif
