/* SPDX-License-Identifier: MIT */
/*
 * A creation stack and its frames as docs/trace-format.md gives them
 * ("stack", "stack_error", "Stack frames"): pointers and module addresses
 * in hex, names and paths, which are the tracee's bytes (its files, its
 * symbols, its debug info), through json_bytes_new().
 */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "format/json.h"
#include "format/record.h"

struct frame_record *frame_record_new(uint64_t pc)
{
	struct frame_record *f = xcalloc(1, sizeof(*f));

	f->refs = 1;
	f->pc = pc;
	return f;
}

struct frame_record *frame_record_ref(struct frame_record *f)
{
	f->refs++;
	return f;
}

void frame_record_unref(struct frame_record *f)
{
	if (!f || --f->refs > 0)
		return;
	for (int i = 0; i < f->n_inlined; i++) {
		free(f->inlined[i].function);
		free(f->inlined[i].file);
	}
	free(f->inlined);
	free(f->function);
	free(f->module);
	free(f->build_id);
	free(f->file);
	free(f);
}

void frame_record_add_inlined(struct frame_record *f, const char *function, const char *file, int line)
{
	f->inlined = xreallocarray(f->inlined, (size_t)f->n_inlined + 1, sizeof(*f->inlined));
	f->inlined[f->n_inlined++] = (struct inlined_record){
		.function = function ? xstrdup(function) : NULL,
		.file = file ? xstrdup(file) : NULL,
		.line = line,
	};
}

static json_t *bytes_or_null(const char *s)
{
	return s ? json_bytes_new(s) : json_null();
}

static json_t *inlined_json_new(const struct frame_record *f)
{
	json_t *a = json_array();

	for (int i = 0; a && i < f->n_inlined; i++) {
		const struct inlined_record *in = &f->inlined[i];
		json_t *o = json_pack("{s:o}", "function", bytes_or_null(in->function));

		if (o && in->file) {
			json_object_set_new(o, "file", json_bytes_new(in->file));
			json_object_set_new(o, "line", json_integer(in->line));
		}
		json_array_append_new(a, o);
	}
	return a;
}

json_t *frame_record_json_new(const struct frame_record *f)
{
	json_t *o = json_pack("{s:o,s:o,s:o,s:o}", "pc", hex_json_new(f->pc),
			      "function", bytes_or_null(f->function),
			      "offset", f->has_offset ? json_integer((json_int_t)f->offset) : json_null(),
			      "module", bytes_or_null(f->module));

	if (!o)
		return NULL;
	if (f->jit)
		json_object_set_new(o, "jit", json_true());
	if (f->in_module) {
		/* ours: module.c's hex of the build-id note's bytes */
		json_object_set_new(o, "build_id", f->build_id ? json_string(f->build_id) : json_null());
		json_object_set_new(o, "module_offset", hex_json_new(f->module_offset));
	}
	if (f->file) {
		json_object_set_new(o, "file", json_bytes_new(f->file));
		json_object_set_new(o, "line", json_integer(f->line));
	}
	if (f->n_inlined > 0)
		json_object_set_new(o, "inlined", inlined_json_new(f));
	return o;
}

void stack_record_add(struct stack_record *s, struct frame_record *f)
{
	/* room doubles at each power of two */
	if ((s->n_frames & (s->n_frames - 1)) == 0)
		s->frames = xreallocarray(s->frames, s->n_frames ? 2 * (size_t)s->n_frames : 1,
					  sizeof(*s->frames));
	s->frames[s->n_frames++] = f;
}

void stack_record_release(struct stack_record *s)
{
	for (int i = 0; i < s->n_frames; i++)
		frame_record_unref(s->frames[i]);
	free(s->frames);
	free(s->error);
	memset(s, 0, sizeof(*s));
}

json_t *stack_record_json_new(const struct stack_record *s)
{
	json_t *a;

	if (!s->walked)
		return json_null();
	a = json_array();
	for (int i = 0; i < s->n_frames; i++)
		json_array_append_new(a, frame_record_json_new(s->frames[i]));
	return a;
}
