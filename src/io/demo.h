/*
 * demo.h — synthetic demo data (DESIGN §7a). Everything it adds is labelled
 * synthetic ("(syntetisk)" in names, "demo" in the audit log), so it can
 * never be mistaken for Copenhagen's real figures.
 */
#ifndef PEJL_DEMO_H
#define PEJL_DEMO_H

#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"

#include <stddef.h>

struct demo_result {
	size_t units_added;
	size_t observations_added;
	size_t episodes_added, forms_added;
	size_t plans_added;
};

/* Adds the demo organisation below the citizen centres of the 2014
 * strategy (centre communities, centres, services) and synthetic
 * measurements 2013–2017 for every goal of strategy kk-2014, by service and
 * target group, in one transaction. The series are shaped so the status page
 * shows every kind of verdict: goals met, progress, decline, no change, a
 * data break (8A, user survey wording) and a biennial count (1D, 1E).
 * Also synthetic plans for the demo units with their initiatives, a
 * version history and deliberate gaps in the red thread (demo.c lists
 * them). Running it again adds nothing. */
int demo_load(struct demo_result *res, struct store *s, const char *actor);

/* The demo's strategy: the built-in 2014 strategy file (data, len) with two
 * synthetic goals computed from citizens' feedback (5B: reliable
 * improvement; 9C: good alliance), labelled as demo goals, written as a
 * strategy file into out. data/strategy-kk-2014.json keeps only the goals
 * known from public sources. */
int demo_strategy(struct buf *out, struct arena *a, const char *name, const char *data, size_t len, struct diag *d);

#endif
