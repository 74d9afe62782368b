/*
 * secret.c — see secret.h.
 */
#include "io/secret.h"

#include "util/err.h"

#include <sodium.h>
#include <string.h>

#define OPS 2
#define MEM (19u << 20)

int secret_init(void)
{
	if (sodium_init() < 0)
		return err_set(PEJL_EIO, "libsodium could not start");
	return 0;
}

int secret_hash_password(char out[SECRET_HASH_MAX], const char *password)
{
	if (crypto_pwhash_str(out, password, strlen(password), OPS, MEM) != 0)
		return err_set(PEJL_EIO, "out of memory while hashing a password");
	return 0;
}

bool secret_check_password(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_token(char out[SECRET_TOKEN_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, SECRET_TOKEN_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void secret_sha256_hex(char out[SECRET_TOKEN_HEX], const char *s, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2hex(out, SECRET_TOKEN_HEX, h, sizeof h);
}

bool secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la == lb && sodium_memcmp(a, b, la) == 0;
}
