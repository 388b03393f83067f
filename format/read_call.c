/* SPDX-License-Identifier: MIT */
/* One call of a trace, JSON in, checked struct out: its result, its flags, its stack. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "format/fields.h"
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

/* A stack: null, or frames {"pc", "function", "offset", "module"}, innermost first. */
static int read_stack(struct tr_call *c, const char *at, json_t *o, struct trace_error *e)
{
	json_t *s, *f;
	size_t i;
	char where[80];
	const char *str;
	long long off;

	if (fields_get(e, at, o, "stack", T_ARR | T_NULL | T_ABSENT, &s) < 0)
		return -1;
	if (!s || !json_is_array(s))
		return 0;
	json_array_foreach(s, i, f) {
		snprintf(where, sizeof(where), "%s.stack[%zu]", at, i);
		if (!json_is_object(f))
			return fields_error(e, "%s: expected an object", where);
		if (fields_str(e, where, f, "pc", T_NULL | T_ABSENT, &str) < 0 ||
		    fields_str(e, where, f, "function", T_NULL | T_ABSENT, &str) < 0 ||
		    fields_str(e, where, f, "module", T_NULL | T_ABSENT, &str) < 0 ||
		    fields_int(e, where, f, "offset", T_NULL | T_ABSENT, 0, LLONG_MAX, &off) < 0)
			return -1;
	}
	c->stack = s;
	return 0;
}

int read_call(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_call *c = &t->calls[idx];
	char at[48];
	size_t i;
	json_t *v;

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
	    fields_strings(e, at, o, "flags", T_ABSENT, &c->flags) < 0 ||
	    fields_str(e, at, o, "flags_value", T_NULL | T_ABSENT, &c->flags_value) < 0 ||
	    fields_get(e, at, o, "exit_signal", T_STR | T_INT | T_NULL | T_ABSENT, &v) < 0)
		return -1;
	c->exit_signal = v && !json_is_null(v) ? v : NULL;
	if (fields_get(e, at, o, "args", T_OBJ | T_ABSENT, &c->args) < 0 ||
	    fields_strings(e, at, o, "violates", T_ABSENT, &c->violates) < 0 ||
	    read_result(c, at, o, e) < 0 || read_stack(c, at, o, e) < 0 ||
	    fields_str(e, at, o, "stack_error", T_NULL | T_ABSENT, &c->stack_error) < 0 ||
	    fields_str(e, at, o, "decoded_from", T_NULL | T_ABSENT, &c->decoded_from) < 0)
		return -1;
	if (c->flags)
		json_array_foreach(c->flags, i, v)
			c->mask |= flag_value(FLAGS_TRACE, json_string_value(v));
	if (c->stack && json_array_size(c->stack) > 0)
		t->has_stacks = true;
	return 0;
}
