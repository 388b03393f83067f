/* SPDX-License-Identifier: MIT */
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
#include <stddef.h>
#include <stdint.h>
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

/*
 * What each kind of record keeps: its strings (into the arena), its JSON
 * values (held), and those it shares with alike records (flag sets, rules),
 * as offsets into the record, each list ending with END.
 */
#define END SIZE_MAX
#define AT(type, field) offsetof(struct type, field)

struct kept {
	const size_t *str, *json, *alike;
};

static const size_t none[] = { END };

static const struct kept exec_kept = {
	.str = (const size_t[]){ AT(tr_exec, path), AT(tr_exec, err), END },
	.json = (const size_t[]){ AT(tr_exec, argv), END },
	.alike = none,
};

static const struct kept task_kept = {
	.str = (const size_t[]){ AT(tr_task, comm), AT(tr_task, exe), AT(tr_task, exit.signal), END },
	.json = none,		/* argv: see detach_task() */
	.alike = none,
};

static const struct kept call_kept = {
	.str = (const size_t[]){ AT(tr_call, syscall), AT(tr_call, arch), AT(tr_call, flags_value),
				 AT(tr_call, err), AT(tr_call, stack_error),
				 AT(tr_call, decoded_from), END },
	.json = (const size_t[]){ AT(tr_call, args), AT(tr_call, stack), END },
	.alike = (const size_t[]){ AT(tr_call, flags), AT(tr_call, violates),
				   AT(tr_call, exit_signal), END },
};

static const struct kept meta_kept = {
	.str = (const size_t[]){ AT(tr_meta, tool), AT(tr_meta, host_arch), AT(tr_meta, kernel),
				 AT(tr_meta, mode), AT(tr_meta, start_time), END },
	.json = (const size_t[]){ AT(tr_meta, argv), AT(tr_meta, notes), END },
	.alike = none,
};

static const struct kept resource_kept = {
	.str = (const size_t[]){ AT(tr_resource, id), AT(tr_resource, kind), END },
	.json = none,
	.alike = none,
};

static void detach(struct trace *t, void *rec, const struct kept *k)
{
	char *at = rec;

	for (const size_t *o = k->str; *o != END; o++)
		*(const char **)(at + *o) = keep_str(t, *(const char **)(at + *o));
	for (const size_t *o = k->json; *o != END; o++)
		*(json_t **)(at + *o) = keep_json(t, *(json_t **)(at + *o));
	for (const size_t *o = k->alike; *o != END; o++)
		*(json_t **)(at + *o) = keep_alike(t, *(json_t **)(at + *o));
}

/* The task with this id among those read so far, where ids are 1, 2, 3...; else NULL. */
static const struct tr_task *earlier(const struct trace *t, const struct tr_task *k, long long id)
{
	const struct tr_task *x = id > 0 && id <= k - t->tasks ? &t->tasks[id - 1] : NULL;

	return x && x->id == id ? x : NULL;
}

/*
 * A task's argv is most often its last exec's, or its creator's or parent's
 * (every thread of a process, a forked child until it execs): held once.
 */
static void keep_argv(struct trace *t, struct tr_task *k)
{
	const struct tr_task *up[] = { earlier(t, k, k->creator_id), earlier(t, k, k->parent_id) };

	if (!k->argv)
		return;
	if (k->n_execs > 0 && json_equal(k->argv, k->execs[k->n_execs - 1].argv)) {
		k->argv = k->execs[k->n_execs - 1].argv;
		return;
	}
	for (size_t i = 0; i < sizeof(up) / sizeof(up[0]); i++)
		if (up[i] && up[i]->argv && json_equal(k->argv, up[i]->argv)) {
			k->argv = up[i]->argv;
			return;
		}
	k->argv = keep_json(t, k->argv);
}

static void detach_task(struct trace *t, void *rec)
{
	struct tr_task *k = rec;

	detach(t, k, &task_kept);
	for (int i = 0; i < R_COUNT; i++)
		k->shares[i] = keep_str(t, k->shares[i]);
	for (int i = 0; i < k->n_execs; i++)
		detach(t, &k->execs[i], &exec_kept);
	for (int i = 0; i < k->n_exec_failures; i++)
		detach(t, &k->exec_failures[i], &exec_kept);
	keep_argv(t, k);
}

static void detach_call(struct trace *t, void *rec)
{
	detach(t, rec, &call_kept);
}

static void detach_resource(struct trace *t, void *rec)
{
	detach(t, rec, &resource_kept);
}

/* The arrays of records: where struct trace holds each, and what its records keep. */
static const struct array {
	const char *name;
	size_t size;			/* of a record */
	size_t items, count;		/* the array and its length in struct trace */
	void (*detach)(struct trace *t, void *rec);
} arrays[] = {
	{ "tasks", sizeof(struct tr_task), AT(trace, tasks), AT(trace, n_tasks), detach_task },
	{ "calls", sizeof(struct tr_call), AT(trace, calls), AT(trace, n_calls), detach_call },
	{ "resources", sizeof(struct tr_resource), AT(trace, res), AT(trace, n_res),
	  detach_resource },
};

#define N_ARRAYS (sizeof(arrays) / sizeof(arrays[0]))

/* The i-th record of array a in t. */
static void *record(struct trace *t, const struct array *a, int i)
{
	char *items;

	memcpy(&items, (char *)t + a->items, sizeof(items));
	return items + (size_t)i * a->size;
}

void stream_detach_all(struct trace *t)
{
	detach(t, &t->meta, &meta_kept);
	for (size_t j = 0; j < N_ARRAYS; j++) {
		int n;

		memcpy(&n, (char *)t + arrays[j].count, sizeof(n));
		for (int i = 0; i < n; i++)
			arrays[j].detach(t, record(t, &arrays[j], i));
	}
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
static int records(struct trace *t, FILE *f, const struct array *a, struct trace_error *e)
{
	int cap = 0, c;

	if (next_char(f) != '[')
		return -1;
	if ((c = next_char(f)) == ']')
		return 0;
	ungetc(c, f);
	for (int i = 0;; i++) {
		json_t *v = one_value(f);
		void *items;
		int rc;

		if (!v || i >= INT_MAX / 4)
			return -1;
		memcpy(&items, (char *)t + a->items, sizeof(items));
		items = xgrow(items, &cap, i + 1, a->size);
		memcpy((char *)t + a->items, &items, sizeof(items));
		memset(record(t, a, i), 0, a->size);
		/* counted first: trace_free() then releases what a failed record holds */
		memcpy((char *)t + a->count, &(int){ i + 1 }, sizeof(int));
		rc = trace_read_record(t, a->name, i, v, e);
		if (rc == 0)
			a->detach(t, record(t, a, i));
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
			detach(t, &t->meta, &meta_kept);
		}
		if (at >= 4 && records(t, f, &arrays[at - 4], e) < 0)
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
