/*
 * demo.c — see demo.h. The organisation is a fixed table so every demo
 * database looks the same and tests can rely on it.
 */
#include "io/demo.h"

#include "util/err.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *code, *name, *kind, *parent;
} demo_units[] = {
	{"BBU-FOR", "Centerfællesskab Forebyggelse og Rådgivning (syntetisk)", "centre_community", "BBU"},
	{"BBU-FOR-1", "Center for Familieråd Nord (syntetisk)", "centre", "BBU-FOR"},
	{"BBU-FOR-1A", "Familiehuset Nørrebro (syntetisk)", "service", "BBU-FOR-1"},
	{"BBU-FOR-1B", "Ungerådgivningen Bispebjerg (syntetisk)", "service", "BBU-FOR-1"},
	{"BBU-ANB", "Centerfællesskab Anbringelse (syntetisk)", "centre_community", "BBU"},
	{"BBU-ANB-1", "Center for Døgntilbud (syntetisk)", "centre", "BBU-ANB"},
	{"BBU-ANB-1A", "Døgninstitutionen Lærkereden (syntetisk)", "service", "BBU-ANB-1"},
	{"BCH-BOT", "Centerfællesskab Botilbud (syntetisk)", "centre_community", "BCH"},
	{"BCH-BOT-1", "Center for Autisme og ADHD (syntetisk)", "centre", "BCH-BOT"},
	{"BCH-BOT-1A", "Bofællesskabet Amagerbro (syntetisk)", "service", "BCH-BOT-1"},
	{"BCH-BOT-1B", "Aktivitetshuset Valby (syntetisk)", "service", "BCH-BOT-1"},
	{"BCV-HJL", "Centerfællesskab Hjemløse (syntetisk)", "centre_community", "BCV"},
	{"BCV-HJL-1", "Center for Udsatte Voksne (syntetisk)", "centre", "BCV-HJL"},
	{"BCV-HJL-1A", "Herberget Vesterbro (syntetisk)", "service", "BCV-HJL-1"},
	{"BCV-HJL-1B", "Bostøtten Indre By (syntetisk)", "service", "BCV-HJL-1"},
	{"BCV-MIS", "Centerfællesskab Misbrug (syntetisk)", "centre_community", "BCV"},
	{"BCV-MIS-1", "Center for Misbrugsbehandling (syntetisk)", "centre", "BCV-MIS"},
	{"BCV-MIS-1A", "Ambulant Behandling Nordvest (syntetisk)", "service", "BCV-MIS-1"},
	{"BCV-SIN", "Centerfællesskab Sindslidelse (syntetisk)", "centre_community", "BCV"},
	{"BCV-SIN-1", "Center for Socialpsykiatri (syntetisk)", "centre", "BCV-SIN"},
	{"BCV-SIN-1A", "Botilbuddet Sundholm (syntetisk)", "service", "BCV-SIN-1"},
	{"BCV-SIN-1B", "Værestedet Østerbro (syntetisk)", "service", "BCV-SIN-1"},
};

int demo_load(struct demo_result *res, struct store *s, const char *actor)
{
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = store_begin(s)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof demo_units / sizeof demo_units[0]; i++) {
		struct unit u = {0};

		u.code = demo_units[i].code;
		u.name = demo_units[i].name;
		u.parent = demo_units[i].parent;
		u.valid_from = "2010-01-01";
		unit_kind_parse(&u.kind, demo_units[i].kind);
		if ((rc = store_unit_put(s, &u)) < 0)
			goto out;
		res->units_added += rc == 0;
	}
	if (res->units_added && (rc = store_audit(s, actor, "demo.load", "units", "synthetic demo units")) < 0)
		goto out;
	return store_commit(s);
out:
	store_rollback(s);
	return rc;
}
