/*
 * arena.c — see arena.h. Blocks are chained; a request larger than a quarter
 * of the block size gets a block of its own so big allocations do not waste
 * the tail of the current block.
 */
#include "util/arena.h"

#include "util/xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN _Alignof(max_align_t)

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	struct block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void arena_reset(struct arena *a)
{
	struct block *b, *next, *keep = NULL;

	for (b = a->head; b; b = next) {
		next = b->next;
#ifndef PEJL_ARENA_MALLOC
		if (!keep && b->size == BLOCK_SIZE) {
			keep = b;
			continue;
		}
#endif
		free(b);
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
	a->total = 0;
}

static struct block *block_new(size_t size)
{
	struct block *b = xmalloc(sizeof *b + size);

	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct block *b;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ALIGN)
		abort();
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	a->total += n;
#ifdef PEJL_ARENA_MALLOC
	b = block_new(n);
	b->used = n;
	b->next = a->head;
	a->head = b;
	memset(b->data, 0, n);
	return b->data;
#else
	if (n > BLOCK_SIZE / 4) {
		b = block_new(n);
		b->used = n;
		if (a->head) { /* keep the current block at the head */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			a->head = b;
		}
		memset(b->data, 0, n);
		return b->data;
	}
	b = a->head;
	if (!b || b->size - b->used < n) {
		b = block_new(BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
	{
		void *p = b->data + b->used;

		b->used += n;
		memset(p, 0, n);
		return p;
	}
#endif
}

void *arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		abort();
	return arena_alloc(a, nmemb * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
