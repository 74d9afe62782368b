/*
 * plan_json.h — plans as JSON, the API's form of them (docs/decisions.md,
 * src/web/openapi.json):
 *
 *   {"code": "UP-HJL-1A-2017", "type": "development", "title": "…",
 *    "description": "…", "unit": "BCV-HJL-1A", "from": 2017, "to": 2018,
 *    "parent": "CP-HJL", "strategy": "kk-2014", "note": "…",
 *    "initiatives": [{"id": 12, "title": "…", "description": "…",
 *      "owner": "…", "start": "2017-01-01", "end": "2017-12-31",
 *      "status": "active",
 *      "milestones": [{"id": 40, "title": "…", "due": "2017-06-30",
 *                      "done": null}],
 *      "partners": [{"kind": "ngo", "name": "Kirkens Korshær"}],
 *      "links": {"goals": ["1A"], "pejlemaerker": [1], "principles": [4],
 *                "commitments": ["4.2"]}}]}
 *
 * The writer adds what the store sets (id, version, status, approval,
 * archiving, who and when, the unit's name); the reader ignores those keys,
 * so a plan read from the API can be sent back changed. Any other unknown
 * key is an error.
 */
#ifndef PEJL_PLAN_JSON_H
#define PEJL_PLAN_JSON_H

#include "core/plan.h"
#include "io/jsonw.h"
#include "util/arena.h"
#include "util/diag.h"

#include <jansson.h>

/* Writes p as one object; unit_name may be NULL. */
void plan_json_write(struct jsonw *w, const struct plan *p, const char *unit_name);
/* Writes one initiative as an object. */
void initiative_json_write(struct jsonw *w, const struct initiative *in);
/* Writes an initiative's links as {"goals": […], "pejlemaerker": […], …}. */
void plan_links_json_write(struct jsonw *w, const struct plan_link *l, size_t n);

/* Reads a plan from obj (a JSON object) into out, strings copied into a;
 * status and approval fields stay zero. Problems go to d located as
 * "name: $.initiatives[0].title". Returns the number of errors added (the
 * content rules are plan_validate's; this checks the JSON's shape). */
size_t plan_json_read(struct plan *out, json_t *obj, const char *name, struct arena *a, struct diag *d);

#endif
