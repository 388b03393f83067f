/* SPDX-License-Identifier: MIT */
/*
 * One call of a trace, JSON in, checked struct out: its flags, exit signal,
 * arguments, result and stack, each as C values kept in the trace's arena.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/fields.h"
#include "format/keep.h"
#include "format/read_call.h"

static int read_result(struct tr_call *c, const char *at, json_t *o, struct trace_error *e)
{
	json_t *r;
	char where[64];

	if (fields_get(e, at, o, "result", T_OBJ | T_NULL, &r) < 0)
		return -1;
	c->result = RESULT_NONE;
	if (json_is_null(r))
		return 0;
	snprintf(where, sizeof(where), "%s.result", at);
	if (json_object_get(r, "errno")) {
		c->result = RESULT_ERRNO;
		return fields_str(e, where, r, "errno", 0, &c->err);
	}
	if (json_object_get(r, "value")) {
		c->result = RESULT_VALUE;
		return fields_int(e, where, r, "value", 0, LLONG_MIN, LLONG_MAX, &c->value);
	}
	return fields_error(e, "%s: expected \"value\" or \"errno\"", where);
}

/* "exit_signal": a name, a number, or null. */
static int read_exit_signal(struct tr_call *c, const char *at, json_t *o, struct trace_error *e)
{
	json_t *v;

	if (fields_get(e, at, o, "exit_signal", T_STR | T_INT | T_NULL | T_ABSENT, &v) < 0)
		return -1;
	c->has_exit_signal = v && !json_is_null(v);
	c->exit_signal = json_string_value(v);
	c->exit_signal_nr = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	return 0;
}

/*
 * "args": each argument in order, strings as they are and other values as
 * compact JSON; setns's ns_type and ns_inode as values of their own.
 */
static int read_args(struct trace *t, struct tr_call *c, const char *at, json_t *o,
		     struct trace_error *e)
{
	struct tr_arg *args;
	const char *key;
	json_t *a, *v;
	int i = 0;

	c->ns_type = -1;
	if (fields_get(e, at, o, "args", T_OBJ | T_ABSENT, &a) < 0)
		return -1;
	if (!a)
		return 0;
	args = keep_mem(t, (json_object_size(a) + 1) * sizeof(*args));
	json_object_foreach(a, key, v) {
		struct tr_arg *x = &args[i++];
		char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

		x->name = keep_str(t, key);
		x->string = json_is_string(v);
		x->text = keep_str(t, x->string ? json_string_value(v) : text ? text : "?");
		free(text);
	}
	c->args = args;
	c->n_args = i;
	v = json_object_get(a, "ns_type");
	if (json_is_string(v))
		c->ns_type = ns_by_name(json_string_value(v));
	v = json_object_get(a, "ns_inode");
	c->has_ns_inode = json_is_integer(v);
	c->ns_inode = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	return 0;
}

/* A string of a frame or an inlined call, kept; NULL when it is not a string. */
static char *frame_str(struct trace *t, json_t *o, const char *name)
{
	return (char *)keep_str(t, json_string_value(json_object_get(o, name)));
}

/* "file" and "line" where both are given, as the views want them. */
static void frame_line(struct trace *t, json_t *o, char **file, int *line)
{
	json_t *l = json_object_get(o, "line");

	*file = json_is_integer(l) && json_integer_value(l) >= INT_MIN &&
		json_integer_value(l) <= INT_MAX ? frame_str(t, o, "file") : NULL;
	*line = *file ? (int)json_integer_value(l) : 0;
}

/* The calls inlined at a frame's pc, innermost first (one that is no object: all unknown). */
static void read_inlined(struct trace *t, struct frame_record *r, json_t *f)
{
	json_t *arr = json_object_get(f, "inlined"), *in;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	r->inlined = keep_mem(t, json_array_size(arr) * sizeof(*r->inlined));
	json_array_foreach(arr, i, in) {
		struct inlined_record *x = &r->inlined[r->n_inlined++];

		x->function = frame_str(t, in, "function");
		frame_line(t, in, &x->file, &x->line);
	}
}

/* One frame {"pc", "function", "offset", "module", ...} of a stack. */
static int read_frame(struct trace *t, struct tr_frame *fr, const char *where, json_t *f,
		      struct trace_error *e)
{
	struct frame_record *r = &fr->rec;
	const char *pc, *fn, *mod;
	long long off = -1;

	memset(fr, 0, sizeof(*fr));
	if (!json_is_object(f))
		return fields_error(e, "%s: expected an object", where);
	if (fields_str(e, where, f, "pc", T_NULL | T_ABSENT, &pc) < 0 ||
	    fields_str(e, where, f, "function", T_NULL | T_ABSENT, &fn) < 0 ||
	    fields_str(e, where, f, "module", T_NULL | T_ABSENT, &mod) < 0 ||
	    fields_int(e, where, f, "offset", T_NULL | T_ABSENT, 0, LLONG_MAX, &off) < 0)
		return -1;
	fr->pc = keep_str(t, pc);
	r->pc = pc ? strtoull(pc, NULL, 16) : 0;
	r->function = (char *)keep_str(t, fn);
	r->module = (char *)keep_str(t, mod);
	r->has_offset = off >= 0;
	r->offset = off >= 0 ? (unsigned long long)off : 0;
	r->build_id = frame_str(t, f, "build_id");
	r->in_module = json_object_get(f, "module_offset") != NULL;
	r->module_offset = strtoull(json_string_value(json_object_get(f, "module_offset")) ?: "0",
				    NULL, 16);
	frame_line(t, f, &r->file, &r->line);
	r->jit = json_is_true(json_object_get(f, "jit"));
	read_inlined(t, r, f);
	return 0;
}

/* A stack: null, or frames, innermost first. */
static int read_stack(struct trace *t, struct tr_call *c, const char *at, json_t *o,
		      struct trace_error *e)
{
	struct tr_frame *frames;
	json_t *s, *f;
	size_t i;
	char where[80];

	if (fields_get(e, at, o, "stack", T_ARR | T_NULL | T_ABSENT, &s) < 0)
		return -1;
	if (!s || !json_is_array(s) || json_array_size(s) == 0)
		return 0;
	frames = keep_mem(t, json_array_size(s) * sizeof(*frames));
	json_array_foreach(s, i, f) {
		snprintf(where, sizeof(where), "%s.stack[%zu]", at, i);
		if (read_frame(t, &frames[i], where, f, e) < 0)
			return -1;
	}
	c->stack = frames;
	c->n_stack = (int)i;
	return 0;
}

/*
 * The call's bits are "flags_value" (c->mask, read as hex); "flags" names
 * them for the views to show.  The writer makes both of one value, so names
 * that say other bits than the value are a bad trace: each name this reader
 * knows gives its bits, a hex remainder ("0x100000000") its own.  A name it
 * does not know (a later writer's) may stand for any of the value's bits, so
 * beside one the known names need only be among them.  A null flags_value
 * is flags the tracer lost, and names none; a call without "flags" has only
 * the value (the views show it then).
 */
static int check_flags(const struct tr_call *c, const char *at, struct trace_error *e)
{
	unsigned long long named = 0, bits;
	bool unknown = false;

	if (!c->flags_value) {
		if (c->flags.n == 0)
			return 0;
		return fields_error(e, "%s (call id %lld): \"flags_value\" is null but \"flags\" "
				    "names flags", at, c->id);
	}
	if (!c->flags.v)
		return 0;
	for (int i = 0; i < c->flags.n; i++) {
		bits = flag_value(FLAGS_TRACE, c->flags.v[i]);
		if (!bits && !fields_hex_value(c->flags.v[i], &bits))
			unknown = true;
		named |= bits;
	}
	if (unknown ? (named & ~c->mask) == 0 : named == c->mask)
		return 0;
	return fields_error(e, "%s (call id %lld): \"flags_value\" 0x%llx is not the bits "
			    "\"flags\" names (0x%llx)", at, c->id, c->mask, named);
}

/* "made" (version 2 on): the instance of each kind the call made; nslinks.c resolves them. */
static int read_made(struct trace *t, struct tr_call *c, const char *at, json_t *o,
		     struct trace_error *e)
{
	json_t *m;
	char where[64];

	if (t->version < 2)
		return 0;
	if (fields_get(e, at, o, "made", T_OBJ | T_ABSENT, &m) < 0)
		return -1;
	snprintf(where, sizeof(where), "%s.made", at);
	for (int k = 0; m && k < NS_COUNT; k++)
		if ((int)ct_ns[k].own == k &&
		    fields_str(e, where, m, ct_ns[k].name, T_NULL | T_ABSENT, &c->made_id[k]) < 0)
			return -1;
	return 0;
}

int read_call(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_call *c = &t->calls[idx];
	json_t *flags = NULL, *violates = NULL;
	char at[48];

	snprintf(at, sizeof(at), "calls[%d]", idx);
	if (!json_is_object(o))
		return fields_error(e, "%s: expected an object", at);
	c->nr = -1;
	if (fields_ref(e, at, o, "id", 0, &c->id) < 0 ||
	    fields_int(e, at, o, "time_ns", 0, 0, LLONG_MAX, &c->time_ns) < 0 ||
	    fields_ref(e, at, o, "task", 0, &c->task_id) < 0 ||
	    fields_ref(e, at, o, "child", T_NULL | T_ABSENT, &c->child_id) < 0 ||
	    fields_str(e, at, o, "syscall", 0, &c->syscall) < 0 ||
	    fields_str(e, at, o, "arch", T_NULL | T_ABSENT, &c->arch) < 0 ||
	    fields_int(e, at, o, "nr", T_NULL | T_ABSENT, 0, INT_MAX, &c->nr) < 0 ||
	    fields_strings(e, at, o, "flags", T_ABSENT, &flags) < 0 ||
	    fields_hex(e, at, o, "flags_value", T_NULL, &c->flags_value, &c->mask) < 0 ||
	    read_exit_signal(c, at, o, e) < 0 || read_args(t, c, at, o, e) < 0 ||
	    fields_strings(e, at, o, "violates", T_ABSENT, &violates) < 0 ||
	    read_result(c, at, o, e) < 0 || read_stack(t, c, at, o, e) < 0 ||
	    fields_str(e, at, o, "stack_error", T_NULL | T_ABSENT, &c->stack_error) < 0 ||
	    fields_str(e, at, o, "decoded_from", T_NULL | T_ABSENT, &c->decoded_from) < 0 ||
	    read_made(t, c, at, o, e) < 0)
		return -1;
	c->flags = keep_alike(t, flags);
	c->violates = keep_alike(t, violates);
	if (check_flags(c, at, e) < 0)
		return -1;
	if (c->n_stack > 0)
		t->has_stacks = true;
	return 0;
}
