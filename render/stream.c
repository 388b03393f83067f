/*
 * A trace read a record at a time.  jansson reads one task, call or resource
 * object at a time from the file (JSON_DISABLE_EOF_CHECK stops it at the
 * object's closing brace); trace.c reads it into struct trace; then the
 * strings it points to are copied into an arena and the few JSON values it
 * keeps (argv, flags, args, rules, stacks) are held on their own, the same
 * flag sets and rules once, and the record goes.  A 100 MB trace read whole
 * took 1.1 GB; the top level is scanned here, by hand, only as far as the
 * layout clonetrace writes: anything else is left to the whole-document
 * reader, whose errors are exact.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "render/links.h"
#include "render/stream.h"
#include "render/text.h"

struct tr_arena {
	struct tr_arena *next;
	size_t used, cap;
	char data[];
};

#define ARENA_CHUNK (1 << 20)

static const char *keep_str(struct trace *t, const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if (!t->arena || t->arena->cap - t->arena->used < n) {
		size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		struct tr_arena *a = malloc(sizeof(*a) + cap);

		if (!a)
			abort();
		a->next = t->arena;
		a->used = 0;
		a->cap = cap;
		t->arena = a;
	}
	d = t->arena->data + t->arena->used;
	memcpy(d, s, n);
	t->arena->used += n;
	return d;
}

/* v outlives its record: held in t->kept (one reference). */
static json_t *keep_json(struct trace *t, json_t *v)
{
	if (!v)
		return NULL;
	if (!t->kept)
		t->kept = json_array();
	json_array_append(t->kept, v);
	return v;
}

/* The same value once for all records (flag sets, rules): the first one seen. */
static json_t *keep_alike(struct trace *t, json_t *v)
{
	char *key;
	json_t *have;

	if (!v)
		return NULL;
	key = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!key)
		return keep_json(t, v);
	if (!t->alike)
		t->alike = json_object();
	have = json_object_get(t->alike, key);
	if (!have) {
		json_object_set(t->alike, key, v);
		have = v;
	}
	free(key);
	return have;
}

static void detach_exec(struct trace *t, struct tr_exec *x)
{
	x->path = keep_str(t, x->path);
	x->err = keep_str(t, x->err);
	x->argv = keep_json(t, x->argv);
}

static void detach_task(struct trace *t, struct tr_task *k)
{
	k->comm = keep_str(t, k->comm);
	k->exe = keep_str(t, k->exe);
	k->exit.signal = keep_str(t, k->exit.signal);
	for (int i = 0; i < R_COUNT; i++)
		k->shares[i] = keep_str(t, k->shares[i]);
	for (int i = 0; i < k->n_execs; i++)
		detach_exec(t, &k->execs[i]);
	for (int i = 0; i < k->n_exec_failures; i++)
		detach_exec(t, &k->exec_failures[i]);
	/* a task's argv is its last exec's, most of the time */
	if (k->argv && k->n_execs > 0 && json_equal(k->argv, k->execs[k->n_execs - 1].argv))
		k->argv = k->execs[k->n_execs - 1].argv;
	else
		k->argv = keep_json(t, k->argv);
}

static void detach_call(struct trace *t, struct tr_call *c)
{
	c->syscall = keep_str(t, c->syscall);
	c->arch = keep_str(t, c->arch);
	c->flags_value = keep_str(t, c->flags_value);
	c->err = keep_str(t, c->err);
	c->stack_error = keep_str(t, c->stack_error);
	c->decoded_from = keep_str(t, c->decoded_from);
	c->flags = keep_alike(t, c->flags);
	c->violates = keep_alike(t, c->violates);
	c->exit_signal = keep_alike(t, c->exit_signal);
	c->args = keep_json(t, c->args);
	c->stack = keep_json(t, c->stack);
}

static void detach_meta(struct trace *t)
{
	struct tr_meta *m = &t->meta;

	m->tool = keep_str(t, m->tool);
	m->host_arch = keep_str(t, m->host_arch);
	m->kernel = keep_str(t, m->kernel);
	m->mode = keep_str(t, m->mode);
	m->start_time = keep_str(t, m->start_time);
	m->argv = keep_json(t, m->argv);
	m->notes = keep_json(t, m->notes);
}

static void detach_resource(struct trace *t, struct tr_resource *r)
{
	r->id = keep_str(t, r->id);
	r->kind = keep_str(t, r->kind);
}

void stream_detach_all(struct trace *t)
{
	detach_meta(t);
	for (int i = 0; i < t->n_tasks; i++)
		detach_task(t, &t->tasks[i]);
	for (int i = 0; i < t->n_calls; i++)
		detach_call(t, &t->calls[i]);
	for (int i = 0; i < t->n_res; i++)
		detach_resource(t, &t->res[i]);
}

void stream_free(struct trace *t)
{
	while (t->arena) {
		struct tr_arena *next = t->arena->next;

		free(t->arena);
		t->arena = next;
	}
	json_decref(t->kept);
	json_decref(t->alike);
	t->kept = t->alike = NULL;
}

/* The top level, by hand. */

static int next_char(FILE *f)
{
	int c;

	do
		c = getc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	return c;
}

/* A name or string without escapes, into buf; -1 otherwise. */
static int plain_string(FILE *f, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	if (next_char(f) != '"')
		return -1;
	while ((c = getc(f)) != '"') {
		if (c == EOF || c == '\\' || c < 0x20 || n + 1 >= size)
			return -1;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return 0;
}

static json_t *one_value(FILE *f)
{
	json_error_t je;

	return json_loadf(f, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
}

/* "[" record, ... "]", each read into t by trace.c and detached at once. */
static int records(struct trace *t, FILE *f, const char *name, struct trace_error *e)
{
	int *n = strcmp(name, "tasks") == 0 ? &t->n_tasks : strcmp(name, "calls") == 0 ?
		 &t->n_calls : &t->n_res;
	int cap = 0, c;

	if (next_char(f) != '[')
		return -1;
	if ((c = next_char(f)) == ']')
		return 0;
	ungetc(c, f);
	for (int i = 0;; i++) {
		json_t *v = one_value(f);
		int rc;

		if (!v || i >= INT_MAX / 4)
			return -1;
		if (*name == 't') {
			t->tasks = xgrow(t->tasks, &cap, i + 1, sizeof(*t->tasks));
			memset(&t->tasks[i], 0, sizeof(*t->tasks));
		} else if (*name == 'c') {
			t->calls = xgrow(t->calls, &cap, i + 1, sizeof(*t->calls));
			memset(&t->calls[i], 0, sizeof(*t->calls));
		} else {
			t->res = xgrow(t->res, &cap, i + 1, sizeof(*t->res));
			memset(&t->res[i], 0, sizeof(*t->res));
		}
		/* counted first: trace_free() then releases what a failed record holds */
		*n = i + 1;
		rc = trace_read_record(t, name, i, v, e);
		if (rc == 0 && *name == 't')
			detach_task(t, &t->tasks[i]);
		else if (rc == 0 && *name == 'c')
			detach_call(t, &t->calls[i]);
		else if (rc == 0)
			detach_resource(t, &t->res[i]);
		json_decref(v);
		if (rc < 0)
			return -1;
		c = next_char(f);
		if (c == ']')
			return 0;
		if (c != ',')
			return -1;
	}
}

/* The names in the order clonetrace writes them; resources may be left out. */
static const char *const layout[] = { "format", "version", "meta", "tasks", "calls", "resources" };

static int scan(struct trace *t, FILE *f, json_t *head, struct trace_error *e)
{
	char name[16], value[16];
	size_t at = 0;
	json_t *meta;
	int c;

	if (next_char(f) != '{')
		return -1;
	for (;;) {
		if (plain_string(f, name, sizeof(name)) < 0 || next_char(f) != ':' ||
		    at >= sizeof(layout) / sizeof(layout[0]) || strcmp(name, layout[at++]) != 0)
			return -1;
		if (at == 1 && (plain_string(f, value, sizeof(value)) < 0 ||
				strcmp(value, "clonetrace") != 0))
			return -1;
		if (at == 2 && (next_char(f) != '1' || (c = next_char(f)) != ',' ||
				ungetc(c, f) == EOF))
			return -1;
		if (at == 3) {
			if (!(meta = one_value(f)))
				return -1;
			json_object_set_new(head, "meta", meta);
			if (trace_read_head(t, head, e) < 0)
				return -1;
			detach_meta(t);
		}
		if (at >= 4 && records(t, f, name, e) < 0)
			return -1;
		c = next_char(f);
		if (c == '}')
			break;
		if (c != ',')
			return -1;
	}
	return at >= 5 && next_char(f) == EOF ? 0 : -1;
}

int stream_load(struct trace *t, FILE *f)
{
	json_t *head = json_pack("{s:s, s:i}", "format", "clonetrace", "version", 1);
	struct trace_error e = { 0 };
	int rc;

	memset(t, 0, sizeof(*t));
	rc = scan(t, f, head, &e);
	json_decref(head);
	if (rc == 0 && t->n_tasks > 0 && links_resolve(t, &e) == 0)
		return 0;
	trace_free(t);
	return -1;
}
