/* SPDX-License-Identifier: MIT */
/* `clonetrace diff`'s differences as text or as JSON (docs/stats.md), one item each. */
#include <stdio.h>
#include <string.h>

#include "answers/diff_print.h"
#include "answers/esc.h"

/* "    A: value" lines; the calls give a line each one side has alone, "(none)" for nothing. */
static void value_lines(struct sbuf *b, const char *side, const char *v,
			const struct diff_lines *only)
{
	if (v) {
		sb_printf(b, "    %s: %s\n", side, *v ? v : "(none)");
		return;
	}
	for (int i = 0; i < only->n; i++)
		sb_printf(b, "    %s only: %s\n", side, only->v[i]);
}

/* "PATH" or "PATH (B: B-PATH)" */
static void where(struct sbuf *b, const struct diff_item *o)
{
	sb_add(b, o->path);
	if (o->b_path)
		sb_printf(b, " (B: %s)", o->b_path);
}

static void difference_text(struct sbuf *b, const struct diff_item *o)
{
	if (strncmp(o->what, "only_in_", 8) == 0) {
		bool in_a = o->what[8] == 'a';

		sb_add(b, in_a ? "- " : "+ ");
		if (o->count > 1)
			sb_printf(b, "%lld x ", o->count);
		sb_printf(b, "%s: only in %s%s (%lld task%s)\n", o->path, in_a ? "A" : "B",
			  o->passed_over ? ", passed over" : "", o->tasks, o->tasks == 1 ? "" : "s");
		return;
	}
	sb_add(b, "! ");
	where(b, o);
	if (strcmp(o->what, "count") == 0) {
		sb_printf(b, ": %lld in A, %lld in B\n", o->a_count, o->b_count);
		return;
	}
	sb_printf(b, ": %s\n", o->field);
	value_lines(b, "A", o->a, &o->a_only);
	value_lines(b, "B", o->b, &o->b_only);
}

static json_t *lines_json(const struct diff_lines *l)
{
	json_t *arr = json_array();

	for (int i = 0; i < l->n; i++)
		json_array_append_new(arr, json_string(l->v[i]));
	return arr;
}

/* A difference as docs/stats.md has it: {"what", "path", "a_task", "b_task", ...}. */
static json_t *difference_json(const struct diff_item *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "what", json_string(o->what));
	json_object_set_new(j, "path", json_string(o->path));
	if (o->b_path)
		json_object_set_new(j, "b_path", json_string(o->b_path));
	if (o->has_a)
		json_object_set_new(j, "a_task", json_pack("{sIsI}", "id", (json_int_t)o->a_id,
							   "tid", (json_int_t)o->a_tid));
	if (o->has_b)
		json_object_set_new(j, "b_task", json_pack("{sIsI}", "id", (json_int_t)o->b_id,
							   "tid", (json_int_t)o->b_tid));
	if (strncmp(o->what, "only_in_", 8) == 0) {
		json_object_set_new(j, "count", json_integer(o->count));
		json_object_set_new(j, "tasks", json_integer(o->tasks));
		json_object_set_new(j, "passed_over", json_boolean(o->passed_over));
	} else if (strcmp(o->what, "count") == 0) {
		json_object_set_new(j, "a", json_integer(o->a_count));
		json_object_set_new(j, "b", json_integer(o->b_count));
	} else {
		json_object_set_new(j, "field", json_string(o->field));
		json_object_set_new(j, "a", o->a ? json_string(o->a) : lines_json(&o->a_only));
		json_object_set_new(j, "b", o->b ? json_string(o->b) : lines_json(&o->b_only));
	}
	return j;
}

int diff_print(FILE *out, const struct diffs *ds, const struct diff_opts *o)
{
	bool same = ds->n == 0;
	struct sbuf text;
	int rc = 0;

	sb_init(&text);
	if (o->json) {
		json_t *arr = json_array(), *doc;

		for (int i = 0; i < ds->n; i++)
			json_array_append_new(arr, difference_json(&ds->v[i]));
		doc = json_pack("{sbsIso}", "same", same, "count", (json_int_t)ds->n,
				"differences", arr);
		if (json_dumpf(doc, out, JSON_INDENT(2)) < 0 || fputc('\n', out) == EOF)
			rc = -1;
		json_decref(doc);
	} else if (!same) {
		sb_add(&text, "--- A: ");
		esc_add(&text, o->name_a, ESC_TEXT);
		sb_add(&text, "\n+++ B: ");
		esc_add(&text, o->name_b, ESC_TEXT);
		sb_add(&text, "\n");
		for (int i = 0; i < ds->n; i++)
			difference_text(&text, &ds->v[i]);
		sb_printf(&text, "%d difference%s\n", ds->n, ds->n == 1 ? "" : "s");
		if (fwrite(text.s, 1, text.len, out) != text.len)
			rc = -1;
	}
	sb_free(&text);
	return rc < 0 ? -1 : same;
}

int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o)
{
	struct diffs *ds = diff_new(a, b, o);
	int rc = diff_print(out, ds, o);

	diff_free(ds);
	return rc;
}
