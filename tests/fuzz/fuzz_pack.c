/*
 * fuzz_pack.c — fuzz target for the decoder of the packed forms an episode
 * row keeps (src/store/episode_pack.c). Any input is refused with an offset
 * inside it, or decoded; decoded forms encode to a text that decodes to
 * the same forms and encodes to the same text again (the encoder's text is
 * canonical).
 */
#include "store/episode_pack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const struct feedback_form_row *x, const struct feedback_form_row *y, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (x[i].session != y[i].session || strcmp(x[i].date, y[i].date) != 0 ||
		    strcmp(x[i].instrument, y[i].instrument) != 0 || strcmp(x[i].rater, y[i].rater) != 0 ||
		    x[i].skipped != y[i].skipped || x[i].nitems != y[i].nitems || x[i].nitems > 5)
			return false;
		for (size_t k = 0; k < x[i].nitems; k++)
			if (x[i].items[k] != y[i].items[k])
				return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *text = malloc(size + 1);
	struct feedback_form_row *f, *g, *h;
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	size_t n, m, k, where = (size_t)-1;

	memcpy(text, data, size);
	text[size] = '\0'; /* the decoder's contract: a NUL at text[len] */
	if (episode_pack_decode(&f, &n, text, size, a, &where) < 0) {
		if (where > size) {
			fprintf(stderr, "refused at %zu, past the end (%zu)\n", where, size);
			abort();
		}
		goto out;
	}
	episode_pack_encode(&b1, f, n);
	if (episode_pack_decode(&g, &m, buf_cstr(&b1), b1.len, a, &where) < 0 || m != n || !same(f, g, n)) {
		fprintf(stderr, "the encoded text does not decode to the same forms\n");
		abort();
	}
	episode_pack_encode(&b2, g, m);
	if (b1.len != b2.len || memcmp(buf_cstr(&b1), buf_cstr(&b2), b1.len) != 0 ||
	    episode_pack_decode(&h, &k, buf_cstr(&b2), b2.len, a, &where) < 0 || k != n || !same(f, h, n)) {
		fprintf(stderr, "the encoding is not canonical\n");
		abort();
	}
out:
	buf_free(&b1);
	buf_free(&b2);
	free(text);
	arena_free(a);
	return 0;
}
