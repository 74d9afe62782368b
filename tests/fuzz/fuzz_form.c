/*
 * fuzz_form.c — fuzz target for the HTTP form parsers (urlencoded and
 * multipart). The first byte picks the parser; for multipart the next line
 * is the content type. Nothing may crash, and every parsed field and file
 * must lie inside the input.
 */
#include "web/http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *body = (const char *)data + 1;
	size_t len = size ? size - 1 : 0;

	if (size == 0)
		goto out;
	if (data[0] & 1) {
		struct kv *f;
		size_t n;

		if (form_parse_urlencoded(&f, &n, a, body, len) == 0)
			for (size_t i = 0; i < n; i++)
				if (!f[i].key || !f[i].value || strlen(f[i].key) > len || strlen(f[i].value) > len)
					abort();
	} else {
		const char *nl = memchr(body, '\n', len);
		struct kv *f;
		struct upload *u;
		size_t nf, nu;
		char *ct;

		if (!nl)
			goto out;
		ct = arena_strndup(a, body, (size_t)(nl - body));
		if (form_parse_multipart(&f, &nf, &u, &nu, a, ct, nl + 1, len - (size_t)(nl + 1 - body)) == 0)
			for (size_t i = 0; i < nu; i++)
				if (u[i].data < nl + 1 || u[i].data + u[i].len > body + len)
					abort();
	}
out:
	arena_free(a);
	return 0;
}
