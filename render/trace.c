/* SPDX-License-Identifier: MIT */
/*
 * Reading a trace: JSON (jansson) in, checked structs out.  Every field named
 * in docs/trace-format.md is checked for its type and range; names this
 * version does not know are ignored, as the format asks.  References between
 * tasks and calls, thread groups and cycles are resolved in links.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/fields.h"
#include "render/links.h"
#include "render/stream.h"
#include "render/text.h"
#include "render/trace.h"

int trace_error_set(struct trace_error *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return -1;
}

static int read_exit(struct trace_error *e, const char *at, json_t *obj, const char *name,
		     struct tr_exit *x)
{
	json_t *v;
	char where[96];

	memset(x, 0, sizeof(*x));
	if (trace_get(e, at, obj, name, T_OBJ | T_NULL | T_ABSENT, &v) < 0)
		return -1;
	if (!v || json_is_null(v))
		return 0;
	snprintf(where, sizeof(where), "%s.%s", at, name);
	if (json_object_get(v, "code")) {
		x->kind = EXIT_CODE;
		return get_int(e, where, v, "code", 0, INT_MIN, INT_MAX, &x->code);
	}
	if (json_object_get(v, "signal")) {
		json_t *sig;

		x->kind = EXIT_SIGNAL;
		if (trace_get(e, where, v, "signal", T_STR | T_INT, &sig) < 0)
			return -1;
		/* A signal without a name is written as its number. */
		x->signal = json_is_string(sig) ? json_string_value(sig) : NULL;
		x->code = json_is_integer(sig) ? (long long)json_integer_value(sig) : 0;
		if (json_is_integer(sig) && (x->code < 0 || x->code > 1024))
			return trace_error_set(e, "%s.signal: %lld is out of range (0..1024)",
					       where, x->code);
		return get_bool(e, where, v, "core", &x->core);
	}
	if (json_object_get(v, "exec")) {
		bool exec;

		x->kind = EXIT_EXEC;
		return get_bool(e, where, v, "exec", &exec);
	}
	return trace_error_set(e, "%s: expected \"code\", \"signal\" or \"exec\"", where);
}

static int read_meta(struct trace *t, json_t *root, struct trace_error *e)
{
	struct tr_meta *m = &t->meta;
	const char *at = "meta";
	json_t *o;

	m->duration_ns = -1;
	if (trace_get(e, "trace", root, "meta", T_OBJ, &o) < 0)
		return -1;
	if (get_str(e, at, o, "tool", T_ABSENT, &m->tool) < 0 ||
	    get_str(e, at, o, "host_arch", T_ABSENT, &m->host_arch) < 0 ||
	    get_str(e, at, o, "kernel", T_ABSENT, &m->kernel) < 0 ||
	    get_str(e, at, o, "mode", T_ABSENT, &m->mode) < 0 ||
	    get_str(e, at, o, "start_time", T_ABSENT, &m->start_time) < 0 ||
	    get_strings(e, at, o, "argv", T_ABSENT | T_NULL, &m->argv) < 0 ||
	    get_strings(e, at, o, "notes", T_ABSENT, &m->notes) < 0 ||
	    get_int(e, at, o, "duration_ns", T_ABSENT, 0, LLONG_MAX, &m->duration_ns) < 0 ||
	    get_bool(e, at, o, "complete", &m->complete) < 0)
		return -1;
	/* Only a trace that says so is incomplete. */
	m->complete = m->complete || !json_object_get(o, "complete");
	/* meta.exit repeats the root task's exit; only its shape is checked. */
	struct tr_exit x;
	return read_exit(e, at, o, "exit", &x);
}

static int read_ns(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	json_t *ns;
	char where[96];

	if (trace_get(e, at, obj, "ns", T_OBJ | T_ABSENT, &ns) < 0)
		return -1;
	if (!ns)
		return 0;
	snprintf(where, sizeof(where), "%s.ns", at);
	for (int i = 0; i < NS_COUNT; i++)
		if (get_int(e, where, ns, ct_ns[i].name, T_ABSENT, 1, LLONG_MAX, &k->ns[i]) < 0)
			return -1;
	return 0;
}

static int read_nspid(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	json_t *arr, *v;
	size_t i;

	if (trace_get(e, at, obj, "nspid", T_ARR | T_NULL | T_ABSENT, &arr) < 0)
		return -1;
	if (!arr || !json_is_array(arr))
		return 0;
	if (json_array_size(arr) > 64)
		return trace_error_set(e, "%s.nspid: %zu levels (a PID namespace nests 32 deep)",
				       at, json_array_size(arr));
	k->nspid = xcalloc(json_array_size(arr), sizeof(*k->nspid));
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > INT_MAX)
			return trace_error_set(e, "%s.nspid[%zu]: expected a pid (1..%d)", at, i,
					       INT_MAX);
		k->nspid[k->n_nspid++] = json_integer_value(v);
	}
	return 0;
}

static int read_shares(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	json_t *sh;
	char where[96];

	if (trace_get(e, at, obj, "shares", T_OBJ | T_ABSENT, &sh) < 0)
		return -1;
	if (!sh)
		return 0;
	snprintf(where, sizeof(where), "%s.shares", at);
	for (int i = 0; i < R_COUNT; i++)
		if (get_str(e, where, sh, ct_res[i].name, T_ABSENT, &k->shares[i]) < 0)
			return -1;
	return 0;
}

/* execs[] (the execve calls that worked) or, with failures, exec_failures[]. */
static int read_execs(struct tr_task *k, const char *at, json_t *obj, bool failures,
		      struct trace_error *e)
{
	const char *name = failures ? "exec_failures" : "execs";
	struct tr_exec **xs = failures ? &k->exec_failures : &k->execs;
	int *n = failures ? &k->n_exec_failures : &k->n_execs;
	json_t *arr, *v;
	size_t i;
	char where[96];

	if (trace_get(e, at, obj, name, T_ARR | T_ABSENT, &arr) < 0)
		return -1;
	if (!arr)
		return 0;
	*xs = xcalloc(json_array_size(arr), sizeof(**xs));
	json_array_foreach(arr, i, v) {
		struct tr_exec *x = &(*xs)[(*n)++];

		snprintf(where, sizeof(where), "%s.%s[%zu]", at, name, i);
		if (!json_is_object(v))
			return trace_error_set(e, "%s: expected an object", where);
		x->time_ns = -1;
		if (get_int(e, where, v, "time_ns", T_ABSENT, 0, LLONG_MAX, &x->time_ns) < 0 ||
		    get_str(e, where, v, "path", T_NULL | T_ABSENT, &x->path) < 0 ||
		    get_strings(e, where, v, "argv", T_NULL | T_ABSENT, &x->argv) < 0 ||
		    get_int(e, where, v, "old_tid", T_NULL | T_ABSENT, 1, INT_MAX, &x->old_tid) < 0 ||
		    (failures && get_str(e, where, v, "errno", T_ABSENT, &x->err) < 0))
			return -1;
		if (failures && !x->err)
			x->err = "?";
	}
	return 0;
}

static int read_task(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_task *k = &t->tasks[idx];
	char at[48];
	const char *kind;

	snprintf(at, sizeof(at), "tasks[%d]", idx);
	if (!json_is_object(o))
		return trace_error_set(e, "%s: expected an object", at);
	k->end_ns = -1;
	if (get_ref(e, at, o, "id", 0, &k->id) < 0 ||
	    get_int(e, at, o, "tid", 0, 1, INT_MAX, &k->tid) < 0 ||
	    get_int(e, at, o, "tgid", 0, 1, INT_MAX, &k->tgid) < 0 ||
	    get_str(e, at, o, "kind", 0, &kind) < 0)
		return -1;
	if (strcmp(kind, "process") && strcmp(kind, "thread"))
		return trace_error_set(e, "%s.kind: expected \"process\" or \"thread\"", at);
	k->thread = strcmp(kind, "thread") == 0;
	/* links.c turns the ids into indices. */
	if (get_ref(e, at, o, "parent", T_NULL, &k->parent_id) < 0 ||
	    get_ref(e, at, o, "creator", T_NULL, &k->creator_id) < 0 ||
	    get_ref(e, at, o, "call", T_NULL, &k->call_id) < 0 ||
	    get_str(e, at, o, "comm", 0, &k->comm) < 0 ||
	    get_str(e, at, o, "exe", T_NULL | T_ABSENT, &k->exe) < 0 ||
	    get_strings(e, at, o, "argv", T_NULL | T_ABSENT, &k->argv) < 0 ||
	    get_int(e, at, o, "start_ns", 0, 0, LLONG_MAX, &k->start_ns) < 0 ||
	    get_int(e, at, o, "end_ns", T_NULL | T_ABSENT, 0, LLONG_MAX, &k->end_ns) < 0 ||
	    read_exit(e, at, o, "exit", &k->exit) < 0 ||
	    read_ns(k, at, o, e) < 0 || read_nspid(k, at, o, e) < 0 ||
	    read_shares(k, at, o, e) < 0 || read_execs(k, at, o, false, e) < 0 ||
	    read_execs(k, at, o, true, e) < 0 ||
	    get_bool(e, at, o, "escaped", &k->escaped) < 0 ||
	    get_bool(e, at, o, "pre_existing", &k->pre_existing) < 0)
		return -1;
	if (k->end_ns >= 0 && k->end_ns < k->start_ns)
		return trace_error_set(e, "%s.end_ns: %lld is before start_ns %lld", at,
				       k->end_ns, k->start_ns);
	return 0;
}

static int read_result(struct tr_call *c, const char *at, json_t *o, struct trace_error *e)
{
	json_t *r;
	char where[64];

	if (trace_get(e, at, o, "result", T_OBJ | T_NULL, &r) < 0)
		return -1;
	c->result = RESULT_NONE;
	if (json_is_null(r))
		return 0;
	snprintf(where, sizeof(where), "%s.result", at);
	if (json_object_get(r, "errno")) {
		c->result = RESULT_ERRNO;
		return get_str(e, where, r, "errno", 0, &c->err);
	}
	if (json_object_get(r, "value")) {
		c->result = RESULT_VALUE;
		return get_int(e, where, r, "value", 0, LLONG_MIN, LLONG_MAX, &c->value);
	}
	return trace_error_set(e, "%s: expected \"value\" or \"errno\"", where);
}

/* A stack: null, or frames {"pc", "function", "offset", "module"}, innermost first. */
static int read_stack(struct tr_call *c, const char *at, json_t *o, struct trace_error *e)
{
	json_t *s, *f;
	size_t i;
	char where[80];
	const char *str;
	long long off;

	if (trace_get(e, at, o, "stack", T_ARR | T_NULL | T_ABSENT, &s) < 0)
		return -1;
	if (!s || !json_is_array(s))
		return 0;
	json_array_foreach(s, i, f) {
		snprintf(where, sizeof(where), "%s.stack[%zu]", at, i);
		if (!json_is_object(f))
			return trace_error_set(e, "%s: expected an object", where);
		if (get_str(e, where, f, "pc", T_NULL | T_ABSENT, &str) < 0 ||
		    get_str(e, where, f, "function", T_NULL | T_ABSENT, &str) < 0 ||
		    get_str(e, where, f, "module", T_NULL | T_ABSENT, &str) < 0 ||
		    get_int(e, where, f, "offset", T_NULL | T_ABSENT, 0, LLONG_MAX, &off) < 0)
			return -1;
	}
	c->stack = s;
	return 0;
}

static int read_call(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_call *c = &t->calls[idx];
	char at[48];
	size_t i;
	json_t *v;

	snprintf(at, sizeof(at), "calls[%d]", idx);
	if (!json_is_object(o))
		return trace_error_set(e, "%s: expected an object", at);
	c->nr = -1;
	if (get_ref(e, at, o, "id", 0, &c->id) < 0 ||
	    get_int(e, at, o, "time_ns", 0, 0, LLONG_MAX, &c->time_ns) < 0 ||
	    get_ref(e, at, o, "task", 0, &c->task_id) < 0 ||
	    get_ref(e, at, o, "child", T_NULL | T_ABSENT, &c->child_id) < 0 ||
	    get_str(e, at, o, "syscall", 0, &c->syscall) < 0 ||
	    get_str(e, at, o, "arch", T_NULL | T_ABSENT, &c->arch) < 0 ||
	    get_int(e, at, o, "nr", T_NULL | T_ABSENT, 0, INT_MAX, &c->nr) < 0 ||
	    get_strings(e, at, o, "flags", T_ABSENT, &c->flags) < 0 ||
	    get_str(e, at, o, "flags_value", T_NULL | T_ABSENT, &c->flags_value) < 0 ||
	    trace_get(e, at, o, "exit_signal", T_STR | T_INT | T_NULL | T_ABSENT, &v) < 0)
		return -1;
	c->exit_signal = v && !json_is_null(v) ? v : NULL;
	if (trace_get(e, at, o, "args", T_OBJ | T_ABSENT, &c->args) < 0 ||
	    get_strings(e, at, o, "violates", T_ABSENT, &c->violates) < 0 ||
	    read_result(c, at, o, e) < 0 || read_stack(c, at, o, e) < 0 ||
	    get_str(e, at, o, "stack_error", T_NULL | T_ABSENT, &c->stack_error) < 0 ||
	    get_str(e, at, o, "decoded_from", T_NULL | T_ABSENT, &c->decoded_from) < 0)
		return -1;
	if (c->flags)
		json_array_foreach(c->flags, i, v)
			c->mask |= flag_value(FLAGS_TRACE, json_string_value(v));
	if (c->stack && json_array_size(c->stack) > 0)
		t->has_stacks = true;
	return 0;
}

static int read_resource(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_resource *r = &t->res[idx];
	char at[48];
	json_t *arr, *v;
	size_t i;

	snprintf(at, sizeof(at), "resources[%d]", idx);
	if (!json_is_object(o))
		return trace_error_set(e, "%s: expected an object", at);
	if (get_str(e, at, o, "id", 0, &r->id) < 0 ||
	    get_str(e, at, o, "kind", 0, &r->kind) < 0 ||
	    trace_get(e, at, o, "tasks", T_ARR, &arr) < 0)
		return -1;
	r->task_ids = xcalloc(json_array_size(arr), sizeof(*r->task_ids));
	r->tasks = xcalloc(json_array_size(arr), sizeof(*r->tasks));
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return trace_error_set(e, "%s.tasks[%zu]: expected a task id", at, i);
		r->task_ids[r->n_tasks++] = json_integer_value(v);
	}
	return 0;
}

/* Reads an array of objects with fn; its length is checked against INT_MAX. */
static int read_array(struct trace *t, json_t *root, const char *name, unsigned types, int *n,
		      int (*fn)(struct trace *, int, json_t *, struct trace_error *),
		      struct trace_error *e)
{
	json_t *arr, *v;
	size_t i;

	if (trace_get(e, "trace", root, name, types | T_ARR, &arr) < 0)
		return -1;
	if (!arr)
		return 0;
	if (json_array_size(arr) > INT_MAX / 4)
		return trace_error_set(e, "%s: too many entries", name);
	json_array_foreach(arr, i, v) {
		/* Counted first: trace_free() then releases what a failed entry holds. */
		*n = (int)i + 1;
		if (fn(t, (int)i, v, e) < 0)
			return -1;
	}
	return 0;
}

static int check_header(json_t *root, struct trace_error *e)
{
	json_t *f, *v;

	if (!json_is_object(root))
		return trace_error_set(e, "not a clonetrace trace: the top level is not an object");
	f = json_object_get(root, "format");
	if (!json_is_string(f) || strcmp(json_string_value(f), "clonetrace") != 0)
		return trace_error_set(e, "not a clonetrace trace: \"format\" is %s",
				       !f ? "missing" : json_is_string(f) ?
				       "not \"clonetrace\"" : "not a string");
	v = json_object_get(root, "version");
	if (!json_is_integer(v))
		return trace_error_set(e, "\"version\" is %s", v ? "not an integer" : "missing");
	if (json_integer_value(v) != 1)
		return trace_error_set(e, "trace version %lld is not supported (this clonetrace "
				       "reads version 1)", (long long)json_integer_value(v));
	return 0;
}

static int parse(struct trace *t, json_t *root, struct trace_error *e)
{
	json_t *arr;

	memset(t, 0, sizeof(*t));
	t->root = root;
	if (check_header(root, e) < 0 || read_meta(t, root, e) < 0)
		return -1;
	if (trace_get(e, "trace", root, "tasks", T_ARR, &arr) < 0)
		return -1;
	t->tasks = xcalloc(json_array_size(arr), sizeof(*t->tasks));
	if (trace_get(e, "trace", root, "calls", T_ARR, &arr) < 0)
		return -1;
	t->calls = xcalloc(json_array_size(arr), sizeof(*t->calls));
	if (trace_get(e, "trace", root, "resources", T_ARR | T_ABSENT, &arr) < 0)
		return -1;
	t->res = xcalloc(arr ? json_array_size(arr) : 0, sizeof(*t->res));
	if (read_array(t, root, "tasks", 0, &t->n_tasks, read_task, e) < 0 ||
	    read_array(t, root, "calls", 0, &t->n_calls, read_call, e) < 0 ||
	    read_array(t, root, "resources", T_ABSENT, &t->n_res, read_resource, e) < 0)
		return -1;
	if (t->n_tasks == 0)
		return trace_error_set(e, "tasks: the trace holds no task");
	if (links_resolve(t, e) < 0)
		return -1;
	stream_detach_all(t);
	json_decref(t->root);
	t->root = NULL;
	return 0;
}

int trace_read_record(struct trace *t, const char *array, int idx, json_t *o,
		      struct trace_error *e)
{
	if (strcmp(array, "tasks") == 0)
		return read_task(t, idx, o, e);
	if (strcmp(array, "calls") == 0)
		return read_call(t, idx, o, e);
	return read_resource(t, idx, o, e);
}

int trace_read_head(struct trace *t, json_t *root, struct trace_error *e)
{
	return check_header(root, e) < 0 || read_meta(t, root, e) < 0 ? -1 : 0;
}

/* jansson quotes the text near an error as it is: show only printable ASCII of it. */
static void json_failed(const json_error_t *je, struct trace_error *e)
{
	struct sbuf b;

	sb_init(&b);
	for (const unsigned char *s = (const unsigned char *)je->text; *s; s++) {
		if (*s >= 0x20 && *s < 0x7f)
			sb_addn(&b, (const char *)s, 1);
		else
			sb_printf(&b, "\\x%02x", *s);
	}
	e->line = je->line;
	e->column = je->column;
	snprintf(e->text, sizeof(e->text), "invalid JSON: %s", sb_str(&b));
	sb_free(&b);
}

/* Clears *e but for its field hook. */
static void error_clear(struct trace_error *e)
{
	struct trace_error keep = { .field = e->field, .field_arg = e->field_arg };

	*e = keep;
}

static int finish(struct trace *t, json_t *root, const json_error_t *je, struct trace_error *e)
{
	error_clear(e);
	if (!root) {
		memset(t, 0, sizeof(*t));
		json_failed(je, e);
		return -1;
	}
	if (parse(t, root, e) < 0) {
		trace_free(t);
		return -1;
	}
	return 0;
}

/* Duplicate names would make "the" value of a field a matter of parser choice. */
#define LOAD_FLAGS (JSON_REJECT_DUPLICATES)

int trace_load(struct trace *t, const char *path, struct trace_error *e)
{
	json_error_t je;
	json_t *root;
	struct stat st;
	FILE *f;

	memset(e, 0, sizeof(*e));
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	e->field = NULL;
	if (!f || fstat(fileno(f), &st) < 0 || S_ISDIR(st.st_mode)) {
		memset(t, 0, sizeof(*t));
		error_clear(e);
		trace_error_set(e, "%s", !f || !S_ISDIR(st.st_mode) ? strerror(errno) :
				"is a directory");
		if (f && f != stdin)
			fclose(f);
		return -1;
	}
	/* A file as clonetrace writes it is read a record at a time; else, whole. */
	if (f != stdin && S_ISREG(st.st_mode)) {
		if (stream_load(t, f) == 0) {
			fclose(f);
			memset(e, 0, sizeof(*e));
			return 0;
		}
		rewind(f);
	}
	root = json_loadf(f, LOAD_FLAGS, &je);
	if (f != stdin)
		fclose(f);
	return finish(t, root, &je, e);
}

int trace_load_buffer(struct trace *t, const char *buf, size_t len, struct trace_error *e)
{
	return trace_load_fields(t, buf, len, e, NULL, NULL);
}

int trace_load_fields(struct trace *t, const char *buf, size_t len, struct trace_error *e,
		      void (*field)(const char *at, const char *name, void *arg), void *arg)
{
	json_error_t je;

	e->field = field;
	e->field_arg = arg;
	return finish(t, json_loadb(buf, len, LOAD_FLAGS, &je), &je, e);
}

void trace_free(struct trace *t)
{
	for (int i = 0; i < t->n_tasks; i++) {
		free(t->tasks[i].nspid);
		free(t->tasks[i].execs);
		free(t->tasks[i].exec_failures);
		free(t->tasks[i].calls);
	}
	for (int i = 0; i < t->n_res; i++) {
		free(t->res[i].tasks);
		free(t->res[i].task_ids);
	}
	for (int i = 0; i < t->n_groups; i++)
		free(t->groups[i].tasks);
	free(t->tasks);
	free(t->calls);
	free(t->res);
	free(t->groups);
	free(t->order);
	stream_free(t);
	json_decref(t->root);
	memset(t, 0, sizeof(*t));
}

int trace_find_tid(const struct trace *t, long long tid, int *count)
{
	int first = -1;

	*count = 0;
	for (int i = 0; i < t->n_tasks; i++) {
		if (t->tasks[i].tid != tid)
			continue;
		if (first < 0)
			first = i;
		(*count)++;
	}
	return first;
}
