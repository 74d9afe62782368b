/*
 * pseudonym.h — the installation key and the citizen pseudonym (DESIGN §5).
 *
 * CPR numbers are never stored. A citizen is known by
 *
 *   pseudonym = HMAC-SHA-256(installation key, normalised CPR)
 *
 * as 64 lowercase hex characters, where the normalised CPR is the ten
 * digits without the dash (core/cpr.h), so "DDMMYY-SSSS" and "DDMMYYSSSS"
 * give the same pseudonym. The key is 32 random bytes kept as 64 hex
 * characters and a newline in a file of mode 0600 outside the database
 * directory. Every pseudonym depends on it: a lost or replaced key cuts
 * every citizen off from their history, so it is never overwritten.
 *
 * Secrets are wiped with sodium_memzero: the key's file contents after
 * reading, the normalised CPR as soon as the HMAC is taken. The caller owns
 * the struct pseudonym_key and wipes it with pseudonym_key_wipe when done.
 */
#ifndef PEJL_PSEUDONYM_H
#define PEJL_PSEUDONYM_H

#define PSEUDONYM_KEY_BYTES 32
#define PSEUDONYM_HEX       65 /* 64 hex characters and a NUL */

struct pseudonym_key {
	unsigned char bytes[PSEUDONYM_KEY_BYTES];
};

/* Creates the key file at path with 32 fresh random bytes, mode 0600. Never
 * overwrites: PEJL_ECONFLICT when path exists (even as a dangling symlink);
 * PEJL_EIO when it cannot be written (a partly written file is removed). */
int pseudonym_keygen(const char *path);

/* Reads the key file at path into *key. Refuses (PEJL_EPERM) a file that
 * group or others have any access to, naming the file and its mode; refuses
 * (PEJL_EINPUT) anything but 64 hex characters and an optional newline.
 * PEJL_ENOTFOUND when it does not exist. *key is untouched on failure. */
int pseudonym_key_load(struct pseudonym_key *key, const char *path);

/* Wipes the key from memory. */
void pseudonym_key_wipe(struct pseudonym_key *key);

/* The pseudonym of a CPR number (either form, validated by cpr_parse) as
 * hex into out. PEJL_EINPUT with cpr_parse's message (which never quotes
 * the number) when it is not a valid CPR number; out is then "". libsodium
 * must be initialised: pseudonym_key_load does it, and a caller that builds
 * a key otherwise calls secret_init first. */
int pseudonym_of(char out[PSEUDONYM_HEX], const struct pseudonym_key *key, const char *cpr);

#endif
