/*
 * access.h — roles and what they may see (DESIGN §1, §5).
 *
 * One place decides access: a role mask per route (src/web/routes.c) and,
 * for unit-scoped roles (leader, practitioner), whether a unit lies in the
 * user's subtree. Analysts and admins never see citizen-level data.
 */
#ifndef PEJL_ACCESS_H
#define PEJL_ACCESS_H

#include "core/strategy.h"

#include <stdbool.h>

enum role { ROLE_VIEWER, ROLE_ANALYST, ROLE_LEADER, ROLE_PRACTITIONER, ROLE_ADMIN };
#define ROLE_COUNT 5

/* Role masks: bit (1 << role); PUBLIC also admits anonymous requests. */
#define ROLES_PUBLIC 0x100u
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ANY_USER 0x1Fu

const char *role_name(enum role r);
const char *role_label(enum role r, bool danish);
bool role_parse(enum role *out, const char *s);
/* Does the role need a unit (leader, practitioner)? */
bool role_needs_unit(enum role r);

/* Is `unit` the user's unit or below it in the tree on `date`? units are
 * all unit rows. */
bool unit_in_subtree(const struct unit *units, size_t n, const char *user_unit, const char *unit, const char *date);

#endif
