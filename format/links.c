/* SPDX-License-Identifier: MIT */
/* From the ids of a trace to indices; thread groups; cycles refused. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* qsort_r */
#endif
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "format/fields.h"
#include "format/links.h"
#include "format/nslinks.h"

/* Sorted ids for lookups; ids are usually 1..n in order, which needs no search. */
struct idmap {
	long long *ids;		/* sorted */
	int *idx;		/* idx[i]: the array index holding ids[i] */
	int n;
	bool direct;		/* id == index + 1 for every entry */
};

static int by_id(const void *a, const void *b, void *ids)
{
	const long long *key = ids;
	long long x = key[*(const int *)a], y = key[*(const int *)b];

	return x < y ? -1 : x > y;
}

/* what: "tasks" or "calls"; ids[i] is the id of entry i. */
static int idmap_build(struct idmap *m, const long long *ids, int n, const char *what,
		       struct trace_error *e)
{
	m->n = n;
	m->direct = true;
	m->ids = NULL;
	m->idx = NULL;
	for (int i = 0; i < n && m->direct; i++)
		m->direct = ids[i] == (long long)i + 1;
	if (m->direct)
		return 0;
	m->idx = xcalloc(n, sizeof(*m->idx));
	m->ids = xcalloc(n, sizeof(*m->ids));
	for (int i = 0; i < n; i++)
		m->idx[i] = i;
	qsort_r(m->idx, n, sizeof(*m->idx), by_id, (void *)ids);
	for (int i = 0; i < n; i++) {
		m->ids[i] = ids[m->idx[i]];
		if (i > 0 && m->ids[i] == m->ids[i - 1])
			return fields_error(e, "%s[%d].id: %lld is also the id of %s[%d]", what,
					       m->idx[i], m->ids[i], what, m->idx[i - 1]);
	}
	return 0;
}

static void idmap_free(struct idmap *m)
{
	free(m->ids);
	free(m->idx);
}

/* Index of id, or -1. */
static int idmap_find(const struct idmap *m, long long id)
{
	int lo = 0, hi = m->n;

	if (m->direct)
		return id >= 1 && id <= m->n ? (int)(id - 1) : -1;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (m->ids[mid] == id)
			return m->idx[mid];
		if (m->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* *out = index of id (0 leaves -1); an id that names nothing is an error. */
static int ref(const struct idmap *m, long long id, int *out, const char *what, int at,
	       const char *field, const char *target, struct trace_error *e)
{
	*out = -1;
	if (id == 0)
		return 0;
	*out = idmap_find(m, id);
	if (*out < 0)
		return fields_error(e, "%s[%d].%s: no %s has id %lld", what, at, field, target,
				       id);
	return 0;
}

static int resolve_ids(struct trace *t, struct trace_error *e)
{
	struct idmap tm = { 0 }, cm = { 0 };
	long long *ids = xcalloc(t->n_tasks + t->n_calls, sizeof(*ids));
	int rc = -1;

	for (int i = 0; i < t->n_tasks; i++)
		ids[i] = t->tasks[i].id;
	for (int i = 0; i < t->n_calls; i++)
		ids[t->n_tasks + i] = t->calls[i].id;
	if (idmap_build(&tm, ids, t->n_tasks, "tasks", e) < 0 ||
	    idmap_build(&cm, ids + t->n_tasks, t->n_calls, "calls", e) < 0)
		goto out;
	for (int i = 0; i < t->n_tasks; i++) {
		struct tr_task *k = &t->tasks[i];

		if (ref(&tm, k->parent_id, &k->parent, "tasks", i, "parent", "task", e) < 0 ||
		    ref(&tm, k->creator_id, &k->creator, "tasks", i, "creator", "task", e) < 0 ||
		    ref(&cm, k->call_id, &k->call, "tasks", i, "call", "call", e) < 0 ||
		    ref(&tm, k->container.runtime_task, &k->container.named_by, "tasks", i,
			"container.runtime_task", "task", e) < 0)
			goto out;
		k->up = k->creator >= 0 ? k->creator : k->parent;
	}
	for (int i = 0; i < t->n_calls; i++) {
		struct tr_call *c = &t->calls[i];

		if (ref(&tm, c->task_id, &c->task, "calls", i, "task", "task", e) < 0 ||
		    ref(&tm, c->child_id, &c->child, "calls", i, "child", "task", e) < 0)
			goto out;
	}
	for (int i = 0; i < t->n_nss; i++) {
		struct tr_ns *x = &t->nss[i];

		if (ref(&cm, x->call_id, &x->call, "namespaces", i, "call", "call", e) < 0 ||
		    ref(&tm, x->task_id, &x->task, "namespaces", i, "task", "task", e) < 0)
			goto out;
	}
	for (int i = 0; i < t->n_res; i++) {
		struct tr_resource *r = &t->res[i];

		for (int j = 0; j < r->n_tasks; j++) {
			r->tasks[j] = idmap_find(&tm, r->task_ids[j]);
			if (r->tasks[j] < 0) {
				fields_error(e, "resources[%d].tasks[%d]: no task has id %lld",
						i, j, r->task_ids[j]);
				goto out;
			}
		}
	}
	rc = 0;
out:
	idmap_free(&tm);
	idmap_free(&cm);
	free(ids);
	return rc;
}

/*
 * Refuses a cycle in the links next(i) (-1 ends a chain).  Each chain is
 * walked once, stamping its entries; meeting the current stamp again is a cycle.
 */
static int no_cycle(const struct trace *t, int n, int (*next)(const struct trace *, int),
		    const char *what, long long (*id)(const struct trace *, int),
		    struct trace_error *e)
{
	int *stamp = xcalloc(n, sizeof(*stamp));
	int j;

	for (int i = 0; i < n; i++) {
		for (j = i; j >= 0 && stamp[j] == 0; j = next(t, j))
			stamp[j] = i + 1;
		if (j < 0 || stamp[j] != i + 1)
			continue;
		struct sbuf b;
		int k = j, shown = 0;

		sb_init(&b);
		do {
			sb_printf(&b, "%lld -> ", id(t, k));
			k = next(t, k);
		} while (k != j && ++shown < 8);
		sb_printf(&b, "%s%lld", k == j ? "" : "... -> ", id(t, j));
		fields_error(e, "%s form a cycle: %s", what, sb_str(&b));
		sb_free(&b);
		free(stamp);
		return -1;
	}
	free(stamp);
	return 0;
}

static int next_parent(const struct trace *t, int i)
{
	return t->tasks[i].parent;
}

static int next_up(const struct trace *t, int i)
{
	return t->tasks[i].up;
}

static int next_group(const struct trace *t, int i)
{
	return t->groups[i].up;
}

static long long task_id(const struct trace *t, int i)
{
	return t->tasks[i].id;
}

static long long group_tgid(const struct trace *t, int i)
{
	return t->tasks[t->groups[i].leader].tgid;
}

/* Tasks of one thread_group instance (or, without one, of one tgid) form a group. */
static void make_groups(struct trace *t)
{
	json_t *seen = json_object();
	struct sbuf key;
	int *fill;

	sb_init(&key);
	for (int i = 0; i < t->n_tasks; i++) {
		struct tr_task *k = &t->tasks[i];
		json_t *g;

		sb_reset(&key);
		if (k->shares[R_TGROUP])
			sb_printf(&key, "s%s", k->shares[R_TGROUP]);
		else
			sb_printf(&key, "t%lld", k->tgid);
		g = json_object_get(seen, sb_str(&key));
		if (g) {
			k->group = (int)json_integer_value(g);
		} else {
			k->group = t->n_groups++;
			/* ours: a letter and a string jansson read, UTF-8 */
			json_object_set_new(seen, sb_str(&key), json_integer(k->group));
		}
	}
	sb_free(&key);
	json_decref(seen);

	t->groups = xcalloc(t->n_groups, sizeof(*t->groups));
	for (int i = 0; i < t->n_tasks; i++)
		t->groups[t->tasks[i].group].n_tasks++;
	for (int g = 0; g < t->n_groups; g++) {
		t->groups[g].tasks = xcalloc(t->groups[g].n_tasks, sizeof(int));
		t->groups[g].leader = t->groups[g].last = -1;
	}
	fill = xcalloc(t->n_groups, sizeof(*fill));
	for (int i = 0; i < t->n_tasks; i++) {
		struct tr_group *g = &t->groups[t->tasks[i].group];

		g->tasks[fill[t->tasks[i].group]++] = i;
		if (g->leader < 0 || (t->tasks[g->leader].thread && !t->tasks[i].thread))
			g->leader = i;
		if (g->last < 0 || !t->tasks[i].thread)
			g->last = i;
	}
	free(fill);
	for (int g = 0; g < t->n_groups; g++) {
		int up = t->tasks[t->groups[g].leader].up;

		t->groups[g].up = up >= 0 && t->tasks[up].group != g ? t->tasks[up].group : -1;
	}
}

/* The calls each task made, in order of the calls array. */
static void calls_by_task(struct trace *t)
{
	for (int i = 0; i < t->n_calls; i++)
		t->tasks[t->calls[i].task].n_calls++;
	for (int i = 0; i < t->n_tasks; i++) {
		t->tasks[i].calls = xcalloc(t->tasks[i].n_calls, sizeof(int));
		t->tasks[i].n_calls = 0;
	}
	for (int i = 0; i < t->n_calls; i++) {
		struct tr_task *k = &t->tasks[t->calls[i].task];

		k->calls[k->n_calls++] = i;
	}
}

/* Depth-first, children in order of id, without recursion: chains may be thousands deep. */
static void make_order(struct trace *t)
{
	int n = t->n_tasks, top = 0, len = 0;
	int *first = xcalloc(n, sizeof(int)), *next = xcalloc(n, sizeof(int));
	int *last = xcalloc(n, sizeof(int)), *stack = xcalloc(n, sizeof(int));

	for (int i = 0; i < n; i++)
		first[i] = next[i] = last[i] = -1;
	for (int i = 0; i < n; i++) {
		int up = t->tasks[i].up;

		if (up < 0)
			continue;
		if (last[up] < 0)
			first[up] = i;
		else
			next[last[up]] = i;
		last[up] = i;
	}
	t->order = xcalloc(n, sizeof(int));
	for (int r = n - 1; r >= 0; r--)
		if (t->tasks[r].up < 0)
			stack[top++] = r;
	while (top > 0) {
		int i = stack[--top], kids = 0;

		t->order[len++] = i;
		for (int c = first[i]; c >= 0; c = next[c])
			kids++;
		/* Push the children last first so that the first is taken next. */
		top += kids;
		for (int c = first[i], at = top - 1; c >= 0; c = next[c])
			stack[at--] = c;
	}
	free(first);
	free(next);
	free(last);
	free(stack);
}

int links_resolve(struct trace *t, struct trace_error *e)
{
	if (resolve_ids(t, e) < 0 ||
	    no_cycle(t, t->n_tasks, next_parent, "parents (task ids)", task_id, e) < 0 ||
	    no_cycle(t, t->n_tasks, next_up, "creators (task ids)", task_id, e) < 0)
		return -1;
	make_groups(t);
	if (no_cycle(t, t->n_groups, next_group, "thread groups (tgids)", group_tgid, e) < 0)
		return -1;
	calls_by_task(t);
	if (nslinks_resolve(t, e) < 0)
		return -1;
	make_order(t);
	return 0;
}
