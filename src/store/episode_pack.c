/*
 * episode_pack.c — the packed text of an episode's forms (episode_pack.h).
 */
#include "store/episode_pack.h"

#include "util/xmalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool special(unsigned char c)
{
	return c < 0x20 || c == '%' || c == ',' || c == '|' || c == ';';
}

static void put_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!special(c))
			continue;
		buf_append(b, run, (size_t)(s - run));
		buf_putc(b, '%');
		buf_putc(b, hex[c >> 4]);
		buf_putc(b, hex[c & 15]);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

static void put_int(struct buf *b, long v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* The index of s in the dictionary, added when new. */
static size_t intern(const char **dict, size_t *n, const char *s)
{
	if (!s)
		s = "";
	for (size_t i = *n; i-- > 0;)
		if (dict[i] == s || strcmp(dict[i], s) == 0)
			return i;
	dict[*n] = s;
	return (*n)++;
}

void episode_pack_encode(struct buf *b, const struct feedback_form_row *f, size_t n)
{
	const char **dict;
	size_t *ix, nd = 0;

	if (n == 0)
		return;
	dict = xcalloc(3 * n, sizeof *dict);
	ix = xcalloc(3 * n, sizeof *ix);
	for (size_t i = 0; i < n; i++) {
		ix[3 * i] = intern(dict, &nd, f[i].date);
		ix[3 * i + 1] = intern(dict, &nd, f[i].instrument);
		ix[3 * i + 2] = intern(dict, &nd, f[i].rater);
	}
	buf_puts(b, "1|");
	for (size_t i = 0; i < nd; i++) {
		if (i)
			buf_putc(b, ',');
		put_string(b, dict[i]);
	}
	buf_putc(b, '|');
	for (size_t i = 0; i < n; i++) {
		size_t items = f[i].nitems < 5 ? f[i].nitems : 5;

		if (i)
			buf_putc(b, ';');
		put_int(b, f[i].session);
		for (int k = 0; k < 3; k++) {
			buf_putc(b, ',');
			put_int(b, (long)ix[3 * i + (size_t)k]);
		}
		buf_puts(b, f[i].skipped ? ",1" : ",0");
		for (size_t k = 0; k < items; k++) {
			buf_putc(b, ',');
			put_int(b, f[i].items[k]);
		}
	}
	free(dict);
	free(ix);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A decimal integer from lo to hi at *p (an optional '-', then digits). */
static bool get_int(const char **p, long lo, long hi, long *out)
{
	const char *q = *p;
	bool neg = *q == '-';
	long v = 0;

	if (neg)
		q++;
	if (*q < '0' || *q > '9')
		return false;
	for (; *q >= '0' && *q <= '9'; q++) {
		if (v > 100000000000L)
			return false;
		v = v * 10 + (*q - '0');
	}
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return false;
	*p = q;
	*out = v;
	return true;
}

int episode_pack_decode(struct feedback_form_row **out, size_t *n, const char *text, size_t len, struct arena *a,
			size_t *where)
{
	const char *hdr_end, *end = text + len, *q, *p;
	const char **str;
	char *w;
	size_t nstr = 1, cap = 0, k = 0;
	struct feedback_form_row *v;

	*n = 0;
	*where = 0;
	if (!text || len == 0) {
		*out = arena_calloc(a, 1, sizeof **out);
		return 0;
	}
	if (len < 2 || text[0] != '1' || text[1] != '|') {
		*where = len < 1 || text[0] != '1' ? 0 : 1;
		return -1;
	}
	if ((q = memchr(text, '\0', len))) {
		*where = (size_t)(q - text);
		return -1;
	}
	if (!(hdr_end = memchr(text + 2, '|', len - 2))) {
		*where = len;
		return -1;
	}
	for (p = text + 2; p < hdr_end; p++)
		nstr += *p == ',';
	str = arena_calloc(a, nstr, sizeof *str);
	/* the strings, unescaped into a copy (never longer than their text) */
	w = arena_alloc(a, (size_t)(hdr_end - text));
	p = text + 2;
	for (size_t i = 0; i < nstr; i++) {
		str[i] = w;
		for (; *p != ',' && *p != '|'; p++) {
			int hi, lo;

			if (*p != '%') {
				*w++ = *p;
				continue;
			}
			hi = hexval(p[1]);
			lo = hi < 0 ? -1 : hexval(p[2]);
			if (lo < 0 || hi * 16 + lo == 0 || !special((unsigned char)(hi * 16 + lo))) {
				*where = (size_t)(p - text);
				return -1;
			}
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		}
		p++; /* past the separator */
		*w++ = '\0';
	}
	/* the forms, read from the text itself (it ends with NUL, checked
	 * above to be at len): at most one more than there are separators */
	q = hdr_end + 1;
	if (q < end) {
		cap = 1;
		for (const char *c = q; (c = memchr(c, ';', (size_t)(end - c))); c++)
			cap++;
	}
	v = arena_calloc(a, cap + 1, sizeof *v);
	for (; q < end; k++) {
		struct feedback_form_row *f = &v[k];
		long x, ix[3];

		if (!get_int(&q, -1000000000L, 1000000000L, &x))
			goto bad;
		f->session = (int)x;
		for (int j = 0; j < 3; j++)
			if (*q++ != ',' || !get_int(&q, 0, (long)nstr - 1, &ix[j]))
				goto bad;
		f->date = str[ix[0]];
		f->instrument = str[ix[1]];
		f->rater = str[ix[2]];
		if (*q++ != ',' || !get_int(&q, 0, 1, &x))
			goto bad;
		f->skipped = x != 0;
		while (*q == ',') {
			q++;
			if (f->nitems == 5 || !get_int(&q, -1000000000L, 1000000000L, &x))
				goto bad;
			f->items[f->nitems++] = (int)x;
		}
		if (*q == ';' && q + 1 < end)
			q++;
		else if (q < end)
			goto bad;
	}
	*out = v;
	*n = k;
	return 0;
bad:
	*where = q <= end ? (size_t)(q - text) : len;
	return -1;
}
