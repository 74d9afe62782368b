/*
 * migrations.h — the numbered schema migrations, shared by both backends.
 *
 * Migration N (1-based) is store_migrations[N-1]. The text uses only SQL
 * that SQLite and PostgreSQL both accept, except for the token {ID}, which
 * the backend replaces with its auto-increment primary key type. Migrations
 * are append-only: a released migration is never edited.
 */
#ifndef PEJL_MIGRATIONS_H
#define PEJL_MIGRATIONS_H

#include <stddef.h>

extern const char *const store_migrations[];
extern const size_t store_nmigrations;

#endif
