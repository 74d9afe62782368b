/*
 * secret.h — passwords, random tokens and hashes (libsodium).
 *
 * Passwords are hashed with Argon2id (crypto_pwhash_str) at 2 passes and
 * 19 MiB, the OWASP baseline, so a login costs tens of milliseconds and a
 * server's memory stays small. Tokens are 256-bit random values written as
 * 64 hex characters; only their SHA-256 is ever stored.
 */
#ifndef PEJL_SECRET_H
#define PEJL_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define SECRET_TOKEN_HEX 65 /* 64 hex characters and a NUL */

/* Must be called once before the other functions (idempotent). */
int secret_init(void);

/* Argon2id hash string of password into out. */
int secret_hash_password(char out[SECRET_HASH_MAX], const char *password);
/* True when password matches the stored hash string. Constant time in the
 * password. */
bool secret_check_password(const char *hash, const char *password);

/* 256 random bits as hex. */
void secret_token(char out[SECRET_TOKEN_HEX]);
/* SHA-256 of s as hex. */
void secret_sha256_hex(char out[SECRET_TOKEN_HEX], const char *s, size_t len);
/* Constant-time comparison of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

#endif
