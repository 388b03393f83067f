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

/* n bytes in the arena, aligned to align (a power of two). */
static void *arena_get(struct trace *t, size_t n, size_t align)
{
	struct tr_arena *a = t->arena;
	size_t pad = a ? -(uintptr_t)(a->data + a->used) & (align - 1) : 0;
	char *d;

	if (!a || a->cap - a->used < n + pad) {
		size_t cap = n + align > ARENA_CHUNK ? n + align : ARENA_CHUNK;

		a = xmalloc(sizeof(*a) + cap);
		a->next = t->arena;
		a->used = 0;
		a->cap = cap;
		t->arena = a;
		pad = -(uintptr_t)a->data & (align - 1);
	}
	d = a->data + a->used + pad;
	a->used += pad + n;
	return d;
}

void *keep_mem(struct trace *t, size_t n)
{
	return arena_get(t, n, 16);
}

const char *keep_str(struct trace *t, const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	return memcpy(arena_get(t, n, 1), s, n);
}

/* A JSON array of strings (or NULL) as a struct tr_strings of its own. */
struct tr_strings keep_strings(struct trace *t, json_t *arr)
{
	static const char *const empty[1];
	struct tr_strings s = { 0 };
	const char **v;
	json_t *x;
	size_t i;

	if (!arr)
		return s;
	s.n = (int)json_array_size(arr);
	if (s.n == 0) {
		s.v = empty;
		return s;
	}
	v = keep_mem(t, (size_t)s.n * sizeof(*v));
	json_array_foreach(arr, i, x)
		v[i] = keep_str(t, json_string_value(x));
	s.v = v;
	return s;
}

/* The same array of strings once for all records (flag sets, rules): the first one seen. */
struct tr_strings keep_alike(struct trace *t, json_t *arr)
{
	char *key;
	json_t *have;

	if (!arr)
		return keep_strings(t, NULL);
	key = json_dumps(arr, JSON_COMPACT);
	if (!t->alike)
		t->alike = json_object();
	have = json_object_get(t->alike, key);
	if (!have) {
		t->sets = xgrow(t->sets, &t->cap_sets, t->n_sets + 1, sizeof(*t->sets));
		t->sets[t->n_sets] = keep_strings(t, arr);
		/* ours: jansson's dump of a value it read, UTF-8 */
		json_object_set_new(t->alike, key, have = json_integer(t->n_sets++));
	}
	free(key);
	return t->sets[json_integer_value(have)];
}

/* The strings of a and of the JSON array b are the same. */
static bool same_strings(struct tr_strings a, json_t *b)
{
	if (!a.v || a.n != (int)json_array_size(b))
		return false;
	for (int i = 0; i < a.n; i++)
		if (strcmp(a.v[i], json_string_value(json_array_get(b, i))) != 0)
			return false;
	return true;
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
struct tr_strings keep_argv(struct trace *t, const struct tr_task *k, json_t *argv)
{
	const struct tr_task *up[] = { earlier(t, k, k->creator_id), earlier(t, k, k->parent_id) };

	if (!argv)
		return keep_strings(t, NULL);
	if (k->n_execs > 0 && same_strings(k->execs[k->n_execs - 1].argv, argv))
		return k->execs[k->n_execs - 1].argv;
	for (size_t i = 0; i < sizeof(up) / sizeof(up[0]); i++)
		if (up[i] && same_strings(up[i]->argv, argv))
			return up[i]->argv;
	return keep_strings(t, argv);
}

/*
 * What each kind of record keeps of the document when it goes: its strings
 * (into the arena), as offsets into the record, each list ending with END.
 * Its arrays and frames were made in the arena as it was read.
 */
#define END SIZE_MAX
#define AT(type, field) offsetof(struct type, field)

struct kept {
	const size_t *str;
};

static const struct kept exec_kept = {
	.str = (const size_t[]){ AT(tr_exec, path), AT(tr_exec, err), AT(tr_exec, fd_path), END },
};

static const struct kept name_kept = {
	.str = (const size_t[]){ AT(tr_name, comm), AT(tr_name, via), END },
};

static const struct kept task_kept = {
	.str = (const size_t[]){ AT(tr_task, comm), AT(tr_task, exe), AT(tr_task, exit.signal),
				 AT(tr_task, container.runtime), AT(tr_task, container.id),
				 AT(tr_task, container.pod), AT(tr_task, container.via), END },
};

static const struct kept call_kept = {
	.str = (const size_t[]){ AT(tr_call, syscall), AT(tr_call, arch), AT(tr_call, flags_value),
				 AT(tr_call, err), AT(tr_call, stack_error),
				 AT(tr_call, decoded_from), AT(tr_call, exit_signal), END },
};

static const struct kept meta_kept = {
	.str = (const size_t[]){ AT(tr_meta, tool), AT(tr_meta, host_arch), AT(tr_meta, kernel),
				 AT(tr_meta, mode), AT(tr_meta, start_time), END },
};

static const struct kept ns_kept = {
	.str = (const size_t[]){ AT(tr_ns, id), END },
};

static const struct kept resource_kept = {
	.str = (const size_t[]){ AT(tr_resource, id), AT(tr_resource, kind), END },
};

static void detach(struct trace *t, void *rec, const struct kept *k)
{
	char *at = rec;

	for (const size_t *o = k->str; *o != END; o++)
		*(const char **)(at + *o) = keep_str(t, *(const char **)(at + *o));
}

static void detach_task(struct trace *t, void *rec)
{
	struct tr_task *k = rec;

	detach(t, k, &task_kept);
	for (int i = 0; i < R_COUNT; i++)
		k->shares[i] = keep_str(t, k->shares[i]);
	for (int i = 0; i < NS_COUNT; i++)
		k->ns_inst[i] = keep_str(t, k->ns_inst[i]);
	for (int i = 0; i < k->n_execs; i++)
		detach(t, &k->execs[i], &exec_kept);
	for (int i = 0; i < k->n_exec_failures; i++)
		detach(t, &k->exec_failures[i], &exec_kept);
	for (int i = 0; i < k->n_names; i++)
		detach(t, &k->names[i], &name_kept);
}

static void detach_call(struct trace *t, void *rec)
{
	struct tr_call *c = rec;

	detach(t, c, &call_kept);
	for (int i = 0; i < NS_COUNT; i++)
		c->made_id[i] = keep_str(t, c->made_id[i]);
}

static void detach_ns(struct trace *t, void *rec)
{
	detach(t, rec, &ns_kept);
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
	[KEY_TASKS] = { .size = sizeof(struct tr_task), .items = AT(trace, tasks),
			.count = AT(trace, n_tasks), .detach = detach_task },
	[KEY_CALLS] = { .size = sizeof(struct tr_call), .items = AT(trace, calls),
			.count = AT(trace, n_calls), .detach = detach_call },
	[KEY_NAMESPACES] = { .size = sizeof(struct tr_ns), .items = AT(trace, nss),
			     .count = AT(trace, n_nss), .detach = detach_ns },
	[KEY_RESOURCES] = { .size = sizeof(struct tr_resource), .items = AT(trace, res),
			    .count = AT(trace, n_res), .detach = detach_resource },
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
	json_decref(t->alike);
	free(t->sets);
	t->alike = NULL;
	t->sets = NULL;
	t->n_sets = t->cap_sets = 0;
}

