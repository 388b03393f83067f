/* SPDX-License-Identifier: MIT */
/*
 * What a read trace keeps of its JSON: of each record only what struct
 * trace points to.  The strings it points to are copied into an arena and
 * the few JSON values it keeps (argv, flags, args, rules, stacks) are held
 * on their own, the same flag sets and rules once, so that the record's
 * JSON may go: a 100 MB trace read whole took 1.1 GB.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "format/keep.h"

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
		/* ours: jansson's dump of a value it read, UTF-8 */
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
	size_t size;			/* of a record */
	size_t items, count;		/* the array and its length in struct trace */
	void (*detach)(struct trace *t, void *rec);
} arrays[KEY_COUNT] = {
	[KEY_TASKS] = { sizeof(struct tr_task), AT(trace, tasks), AT(trace, n_tasks), detach_task },
	[KEY_CALLS] = { sizeof(struct tr_call), AT(trace, calls), AT(trace, n_calls), detach_call },
	[KEY_RESOURCES] = { sizeof(struct tr_resource), AT(trace, res), AT(trace, n_res),
			    detach_resource },
};

/* The i-th record of array a in t. */
static void *record(struct trace *t, const struct array *a, int i)
{
	char *items;

	memcpy(&items, (char *)t + a->items, sizeof(items));
	return items + (size_t)i * a->size;
}

void keep_meta(struct trace *t)
{
	detach(t, &t->meta, &meta_kept);
}

void keep_record(struct trace *t, enum format_key array, int i)
{
	arrays[array].detach(t, record(t, &arrays[array], i));
}

void keep_all(struct trace *t)
{
	keep_meta(t);
	for (enum format_key k = KEY_TASKS; k <= KEY_RESOURCES; k++) {
		int n;

		memcpy(&n, (char *)t + arrays[k].count, sizeof(n));
		for (int i = 0; i < n; i++)
			keep_record(t, k, i);
	}
}

void keep_free(struct trace *t)
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

