/*
 * access.c — see access.h.
 */
#include "core/access.h"

#include "core/orgtree.h"

#include <string.h>

static const char *const names[] = {"viewer", "analyst", "leader", "practitioner", "admin"};
static const char *const labels_da[] = {"læser", "analytiker", "leder", "medarbejder", "administrator"};
static const char *const labels_en[] = {"viewer", "analyst", "leader", "practitioner", "admin"};

const char *role_name(enum role r)
{
	return names[r];
}

const char *role_label(enum role r, bool danish)
{
	return danish ? labels_da[r] : labels_en[r];
}

bool role_parse(enum role *out, const char *s)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum role)i;
			return true;
		}
	return false;
}

bool role_needs_unit(enum role r)
{
	return r == ROLE_LEADER || r == ROLE_PRACTITIONER;
}

bool unit_in_subtree(const struct unit *units, size_t n, const char *user_unit, const char *unit, const char *date)
{
	const char *code = unit;

	for (size_t steps = 0; code && steps <= n; steps++) {
		const char *parent = NULL;

		if (strcmp(code, user_unit) == 0)
			return true;
		for (size_t i = 0; i < n; i++)
			if (strcmp(units[i].code, code) == 0 && unit_valid_on(&units[i], date)) {
				parent = units[i].parent;
				break;
			}
		code = parent;
	}
	return false;
}
