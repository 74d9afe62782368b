/*
 * plan_json.c — see plan_json.h.
 */
#include "io/plan_json.h"

#include "io/jsonr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The JSON arrays of a links object, by link kind. */
static const char *const link_keys[LINK_KIND_COUNT] = {"goals", "pejlemaerker", "principles", "commitments"};
static const char *const link_keys_null[] = {"goals", "pejlemaerker", "principles", "commitments", NULL};

void plan_links_json_write(struct jsonw *w, const struct plan_link *l, size_t n)
{
	jsonw_obj_begin(w);
	for (int k = 0; k < LINK_KIND_COUNT; k++) {
		jsonw_key(w, link_keys[k]);
		jsonw_arr_begin(w);
		for (size_t i = 0; i < n; i++) {
			if ((int)l[i].kind != k)
				continue;
			if (k == LINK_PEJLEMAERKE || k == LINK_PRINCIPLE)
				jsonw_int(w, atol(l[i].ref));
			else
				jsonw_str(w, l[i].ref);
		}
		jsonw_arr_end(w);
	}
	jsonw_obj_end(w);
}

void initiative_json_write(struct jsonw *w, const struct initiative *in)
{
	jsonw_obj_begin(w);
	jsonw_kint(w, "id", in->id);
	jsonw_kstr(w, "title", in->title);
	jsonw_kstr(w, "description", in->description);
	jsonw_kstr(w, "owner", in->owner);
	jsonw_kstr(w, "start", in->start);
	jsonw_kstr(w, "end", in->end);
	jsonw_kstr(w, "status", initiative_status_name(in->status));
	jsonw_key(w, "milestones");
	jsonw_arr_begin(w);
	for (size_t k = 0; k < in->nmilestones; k++) {
		jsonw_obj_begin(w);
		jsonw_kint(w, "id", in->milestones[k].id);
		jsonw_kstr(w, "title", in->milestones[k].title);
		jsonw_kstr(w, "due", in->milestones[k].due);
		jsonw_kstr(w, "done", in->milestones[k].done_on);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "partners");
	jsonw_arr_begin(w);
	for (size_t k = 0; k < in->npartners; k++) {
		jsonw_obj_begin(w);
		jsonw_kstr(w, "kind", partner_kind_name(in->partners[k].kind));
		jsonw_kstr(w, "name", in->partners[k].name);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "links");
	plan_links_json_write(w, in->links, in->nlinks);
	jsonw_obj_end(w);
}

void plan_json_write(struct jsonw *w, const struct plan *p, const char *unit_name)
{
	jsonw_obj_begin(w);
	jsonw_kstr(w, "code", p->code);
	jsonw_kint(w, "version", p->version);
	jsonw_kstr(w, "type", plan_type_name(p->type));
	jsonw_kstr(w, "title", p->title);
	jsonw_kstr(w, "description", p->description);
	jsonw_kstr(w, "unit", p->unit);
	jsonw_kstr(w, "unit_name", unit_name);
	jsonw_kint(w, "from", p->year_from);
	jsonw_kint(w, "to", p->year_to);
	jsonw_kstr(w, "parent", p->parent);
	jsonw_kstr(w, "strategy", p->strategy);
	jsonw_kstr(w, "status", plan_status_name(p->status));
	jsonw_kstr(w, "approved_on", p->approved_on);
	jsonw_kstr(w, "approved_by", p->approved_by);
	jsonw_kstr(w, "decision", p->decision);
	jsonw_kstr(w, "archived_on", p->archived_on);
	jsonw_kstr(w, "note", p->note);
	jsonw_kstr(w, "created_by", p->created_by);
	jsonw_kstr(w, "created_at", p->created_at);
	jsonw_key(w, "initiatives");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < p->ninitiatives; i++)
		initiative_json_write(w, &p->initiatives[i]);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

/* --- reading ------------------------------------------------------------------------- */

/* An id the client sent back (0 when absent). */
static long read_id(struct jsonr *r, json_t *obj)
{
	long id = 0;

	if (!jsonr_integer(r, obj, "id", false, 0, 1L << 53, &id))
		id = 0;
	return id;
}

static void read_links(struct jsonr *r, json_t *obj, struct initiative *in)
{
	json_t *links = jsonr_object(r, obj, "links", false);
	size_t n = 0, k = 0;
	size_t old;

	if (!links)
		return;
	old = jsonr_push(r, ".links");
	jsonr_check_keys(r, links, link_keys_null);
	for (int kind = 0; kind < LINK_KIND_COUNT; kind++) {
		json_t *arr = jsonr_array(r, links, link_keys[kind], false);

		n += arr ? json_array_size(arr) : 0;
	}
	in->links = arena_calloc(r->a, n + 1, sizeof *in->links);
	for (int kind = 0; kind < LINK_KIND_COUNT; kind++) {
		json_t *arr = json_object_get(links, link_keys[kind]);

		if (!arr || !json_is_array(arr))
			continue;
		for (size_t i = 0; i < json_array_size(arr); i++) {
			json_t *v = json_array_get(arr, i);
			size_t o = jsonr_push(r, ".%s[%zu]", link_keys[kind], i);
			char num[32];

			if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= 40 &&
			    strlen(json_string_value(v)) == json_string_length(v)) {
				in->links[k].kind = (enum link_kind)kind;
				in->links[k++].ref = arena_strdup(r->a, json_string_value(v));
			} else if (json_is_integer(v) && (kind == LINK_PEJLEMAERKE || kind == LINK_PRINCIPLE) &&
				   json_integer_value(v) >= 0 && json_integer_value(v) <= 1000) {
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
				in->links[k].kind = (enum link_kind)kind;
				in->links[k++].ref = arena_strdup(r->a, num);
			} else {
				jsonr_bad(r, NULL, "must be %s, not %s",
					  kind == LINK_PEJLEMAERKE || kind == LINK_PRINCIPLE ? "a number"
											       : "a code (a string of 1 to 40 characters)",
					  jsonr_type_name(v));
			}
			jsonr_pop(r, o);
		}
	}
	in->nlinks = k;
	jsonr_pop(r, old);
}

static void read_initiative(struct jsonr *r, json_t *obj, struct initiative *in)
{
	static const char *const keys[] = {"id", "title", "description", "owner", "start", "end", "status",
					   "milestones", "partners", "links", NULL};
	json_t *arr;
	char *s;

	jsonr_check_keys(r, obj, keys);
	in->id = read_id(r, obj);
	in->title = jsonr_text(r, obj, "title", true, 200);
	in->description = jsonr_text(r, obj, "description", false, 20000);
	in->owner = jsonr_text(r, obj, "owner", true, 200);
	in->start = jsonr_text(r, obj, "start", false, 10);
	in->end = jsonr_text(r, obj, "end", false, 10);
	in->status = INITIATIVE_PLANNED;
	if ((s = jsonr_text(r, obj, "status", false, 20)) && !initiative_status_parse(&in->status, s))
		jsonr_bad(r, "status", "\"%s\" is not planned, active, done or stopped", s);
	if ((arr = jsonr_array(r, obj, "milestones", false))) {
		size_t old = jsonr_push(r, ".milestones");

		in->milestones = arena_calloc(r->a, json_array_size(arr) + 1, sizeof *in->milestones);
		JSONR_EACH_OBJECT(r, arr, i, m, {
			static const char *const mk[] = {"id", "title", "due", "done", NULL};
			struct milestone *x = &in->milestones[in->nmilestones++];

			jsonr_check_keys(r, m, mk);
			x->id = read_id(r, m);
			x->title = jsonr_text(r, m, "title", true, 200);
			x->due = jsonr_text(r, m, "due", true, 10);
			x->done_on = jsonr_text(r, m, "done", false, 10);
		})
		jsonr_pop(r, old);
	}
	if ((arr = jsonr_array(r, obj, "partners", false))) {
		size_t old = jsonr_push(r, ".partners");

		in->partners = arena_calloc(r->a, json_array_size(arr) + 1, sizeof *in->partners);
		JSONR_EACH_OBJECT(r, arr, i, p, {
			static const char *const pk[] = {"kind", "name", NULL};
			struct partner *x = &in->partners[in->npartners++];
			char *kind;

			jsonr_check_keys(r, p, pk);
			x->name = jsonr_text(r, p, "name", true, 200);
			if ((kind = jsonr_text(r, p, "kind", true, 40)) && !partner_kind_parse(&x->kind, kind))
				jsonr_bad(r, "kind", "\"%s\" is not ngo, volunteer, business or administration", kind);
		})
		jsonr_pop(r, old);
	}
	read_links(r, obj, in);
}

size_t plan_json_read(struct plan *out, json_t *obj, const char *name, struct arena *a, struct diag *d)
{
	static const char *const keys[] = {
		"code", "type", "title", "description", "unit", "from", "to", "parent", "strategy", "note", "initiatives",
		/* set by pejl; ignored when sent back */
		"version", "status", "approved_on", "approved_by", "decision", "archived_on", "created_by", "created_at",
		"unit_name", NULL};
	struct jsonr r = {a, d, name, "$", 0};
	json_t *arr;
	long y;
	char *s;

	memset(out, 0, sizeof *out);
	jsonr_check_keys(&r, obj, keys);
	out->code = jsonr_text(&r, obj, "code", true, 40);
	if ((s = jsonr_text(&r, obj, "type", true, 40)) && !plan_type_parse(&out->type, s))
		jsonr_bad(&r, "type", "\"%s\" is not target_group, centre, development or action", s);
	out->title = jsonr_text(&r, obj, "title", true, 200);
	out->description = jsonr_text(&r, obj, "description", false, 20000);
	out->unit = jsonr_text(&r, obj, "unit", true, 32);
	if (jsonr_integer(&r, obj, "from", true, 2000, 2100, &y))
		out->year_from = (int)y;
	if (jsonr_integer(&r, obj, "to", true, 2000, 2100, &y))
		out->year_to = (int)y;
	out->parent = jsonr_text(&r, obj, "parent", false, 40);
	out->strategy = jsonr_text(&r, obj, "strategy", false, 32);
	out->note = jsonr_text(&r, obj, "note", false, 2000);
	if ((arr = jsonr_array(&r, obj, "initiatives", false))) {
		if (json_array_size(arr) > 500) {
			jsonr_bad(&r, "initiatives", "at most 500 initiatives per plan");
		} else {
			size_t old = jsonr_push(&r, ".initiatives");

			out->initiatives = arena_calloc(a, json_array_size(arr) + 1, sizeof *out->initiatives);
			JSONR_EACH_OBJECT(&r, arr, i, in, { read_initiative(&r, in, &out->initiatives[out->ninitiatives++]); })
			jsonr_pop(&r, old);
		}
	}
	return r.errors;
}
