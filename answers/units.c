/* SPDX-License-Identifier: MIT */
/* Units, the --focus/--depth cut and the --collapse fold; no recursion, traces nest deep. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* qsort_r */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "answers/units.h"
#include "base/strmap.h"

static void link_units(struct units *m)
{
	/* Walking backwards and prepending leaves every child list in order. */
	for (int i = m->n - 1; i >= 0; i--) {
		struct unit *u = &m->u[i];

		if (u->parent < 0)
			continue;
		u->sib = m->u[u->parent].kid;
		m->u[u->parent].kid = i;
	}
}

/* Preorder without recursion. */
static void make_order(struct units *m)
{
	int *stack = xcalloc(m->n, sizeof(int));
	int top = 0, len = 0;

	m->order = xcalloc(m->n, sizeof(int));
	for (int i = m->n - 1; i >= 0; i--)
		if (m->u[i].parent < 0)
			stack[top++] = i;
	while (top > 0) {
		int i = stack[--top], kids = 0;

		m->order[len++] = i;
		for (int k = m->u[i].kid; k >= 0; k = m->u[k].sib)
			kids++;
		top += kids;
		for (int k = m->u[i].kid, at = top - 1; k >= 0; k = m->u[k].sib)
			stack[at--] = k;
	}
	free(stack);
}

static void make_units(struct units *m)
{
	const struct trace *t = m->t;

	m->n = m->mode == UNIT_TASKS ? t->n_tasks : t->n_groups;
	m->u = xcalloc(m->n, sizeof(*m->u));
	m->of_task = xcalloc(t->n_tasks, sizeof(int));
	for (int i = 0; i < m->n; i++) {
		struct unit *u = &m->u[i];

		u->kid = u->sib = u->folded = -1;
		u->count = 1;
		if (m->mode == UNIT_TASKS) {
			u->task = i;
			u->parent = t->tasks[i].up;
		} else {
			u->task = t->groups[i].leader;
			u->parent = t->groups[i].up;
			u->threads = t->groups[i].n_tasks - 1;
		}
		u->group = t->tasks[u->task].group;
	}
	for (int i = 0; i < t->n_tasks; i++)
		m->of_task[i] = m->mode == UNIT_TASKS ? i : t->tasks[i].group;
	link_units(m);
	make_order(m);
}

int units_tasks(const struct units *m, int unit, const int **tasks)
{
	if (m->mode == UNIT_TASKS) {
		*tasks = &m->u[unit].task;
		return 1;
	}
	*tasks = m->t->groups[m->u[unit].group].tasks;
	return m->t->groups[m->u[unit].group].n_tasks;
}

/* A generation is a step into another thread group: threads sit beside their process. */
static int step(const struct units *m, int from, int to)
{
	return m->u[from].group != m->u[to].group;
}

/* Marks sel[] from the top units down to depth; cut subtrees are counted in .hidden. */
static void cut(struct units *m, const int *tops, int n_tops, int depth, bool *sel)
{
	int *size = xcalloc(m->n, sizeof(int)), *gen = xcalloc(m->n, sizeof(int));
	int *stack = xcalloc(m->n, sizeof(int)), top = 0;
	const int *tasks;

	for (int i = m->n - 1; i >= 0; i--) {
		int u = m->order[i];

		size[u] += units_tasks(m, u, &tasks);
		if (m->u[u].parent >= 0)
			size[m->u[u].parent] += size[u];
	}
	for (int i = 0; i < n_tops; i++) {
		sel[tops[i]] = true;
		stack[top++] = tops[i];
	}
	while (top > 0) {
		int u = stack[--top];

		for (int k = m->u[u].kid; k >= 0; k = m->u[k].sib) {
			gen[k] = gen[u] + step(m, u, k);
			if (depth >= 0 && gen[k] > depth) {
				m->u[u].hidden += size[k];
				continue;
			}
			sel[k] = true;
			stack[top++] = k;
		}
	}
	free(size);
	free(gen);
	free(stack);
}

/* -e: units with no kept task in their subtree leave the selection. */
static void keep(struct units *m, const bool *keep_task, bool *sel)
{
	bool *any = xcalloc(m->n + 1, sizeof(bool));
	const int *tasks;

	for (int i = m->n - 1; i >= 0; i--) {
		int u = m->order[i], n = units_tasks(m, u, &tasks);

		for (int j = 0; j < n && !any[u]; j++)
			any[u] = keep_task[tasks[j]];
		if (any[u] && m->u[u].parent >= 0)
			any[m->u[u].parent] = true;
		sel[u] = sel[u] && any[u];
	}
	free(any);
}

struct fold {
	const struct units *m;
	int *sig;
};

static int by_sig(const void *a, const void *b, void *ctx)
{
	const struct fold *f = ctx;
	int x = *(const int *)a, y = *(const int *)b;

	if (f->sig[x] != f->sig[y])
		return f->sig[x] < f->sig[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * Sorts units[] by signature; the first of each run of equal signatures
 * stands for the run (count), the rest fold away.  Appends "sig*count," per
 * run to key when key is not NULL.
 */
static void fold_siblings(struct units *m, struct fold *f, int *units, int n, struct sbuf *key)
{
	qsort_r(units, n, sizeof(int), by_sig, f);
	for (int i = 0; i < n; ) {
		int j = i + 1;

		while (j < n && f->sig[units[j]] == f->sig[units[i]]) {
			m->u[units[j - 1]].folded = units[j];
			m->u[units[j++]].count = 0;
		}
		m->u[units[i]].count = j - i;
		if (key)
			sb_printf(key, "%d*%d,", f->sig[units[i]], j - i);
		i = j;
	}
}

/* Bottom up: a unit's signature is its key and its children's folded signatures. */
static void collapse(struct units *m, const bool *sel, units_key_fn key_fn, const void *ctx)
{
	struct fold f = { m, xcalloc(m->n, sizeof(int)) };
	int *kids = xcalloc(m->n, sizeof(int)), n_kids;
	struct strmap seen;
	struct sbuf key;

	strmap_init(&seen);
	sb_init(&key);
	for (int i = m->n - 1; i >= 0; i--) {
		int u = m->order[i];
		long long *id;
		bool added;

		if (!sel[u])
			continue;
		n_kids = 0;
		for (int k = m->u[u].kid; k >= 0; k = m->u[k].sib)
			if (sel[k])
				kids[n_kids++] = k;
		sb_reset(&key);
		key_fn(&key, m, u, ctx);
		sb_printf(&key, "\n%d<", m->u[u].hidden);
		fold_siblings(m, &f, kids, n_kids, &key);
		id = strmap_add(&seen, sb_str(&key), &added);
		if (added)
			*id = (long long)seen.n - 1;
		f.sig[u] = (int)*id;
	}
	/* The tops are siblings too (several roots when clonetrace attached). */
	n_kids = 0;
	for (int u = 0; u < m->n; u++)
		if (sel[u] && (m->u[u].parent < 0 || !sel[m->u[u].parent]))
			kids[n_kids++] = u;
	fold_siblings(m, &f, kids, n_kids, NULL);
	sb_free(&key);
	strmap_free(&seen);
	free(kids);
	free(f.sig);
}

/* The shown child of a shown unit when it has exactly one; -1 otherwise. */
static int sole_child(const struct units *m, int u)
{
	int only = -1;

	for (int k = m->u[u].kid; k >= 0; k = m->u[k].sib)
		if (m->u[k].shown) {
			if (only >= 0)
				return -1;
			only = k;
		}
	return only;
}

/*
 * Every chain of shown units longer than 2 * keep + 1 keeps keep units at
 * each end; the middle ones are hidden, counted in the gap of the first
 * unit after them.  A chain starts at a unit with a sole shown child whose
 * parent is not one (no recursion: chains run thousands deep).
 */
static void fold_chains(struct units *m, int keep)
{
	int *run = xcalloc(m->n, sizeof(int));

	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], p = m->u[u].parent, n = 0;

		if (!m->u[u].shown || sole_child(m, u) < 0 ||
		    (p >= 0 && m->u[p].shown && sole_child(m, p) == u))
			continue;
		for (int x = u; x >= 0; x = sole_child(m, x))
			run[n++] = x;
		if (n <= 2 * keep + 1)
			continue;
		for (int j = keep; j < n - keep; j++)
			m->u[run[j]].shown = false;
		m->u[run[n - keep]].gap = n - 2 * keep;
		m->u[run[n - keep]].gap_top = run[keep - 1];
	}
	free(run);
}

int units_build(struct units *m, const struct trace *t, enum unit_mode mode,
		const struct select *s, units_key_fn key, const void *ctx,
		char *err, size_t errlen)
{
	bool *sel;
	int *tops, *depth, n_tops = 0;

	memset(m, 0, sizeof(*m));
	m->t = t;
	m->mode = mode;
	make_units(m);
	tops = xcalloc(m->n, sizeof(int));
	if (s->focus) {
		int f = trace_find_tid(t, s->focus, &m->focus_matches);

		if (f < 0) {
			snprintf(err, errlen, "--focus %lld: no task has that tid", s->focus);
			free(tops);
			units_free(m);
			return -1;
		}
		tops[n_tops++] = m->of_task[f];
	} else {
		for (int u = 0; u < m->n; u++)
			if (m->u[u].parent < 0)
				tops[n_tops++] = u;
	}
	sel = xcalloc(m->n, sizeof(bool));
	depth = xcalloc(m->n, sizeof(int));
	cut(m, tops, n_tops, s->depth, sel);
	if (s->keep_task)
		keep(m, s->keep_task, sel);
	m->keep_call = s->keep_call;
	if (s->collapse && key)
		collapse(m, sel, key, ctx);
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], p = m->u[u].parent;
		struct unit *x = &m->u[u];

		x->shown = sel[u] && x->count > 0 && (p < 0 || !sel[p] || m->u[p].shown);
		x->gap = 0;
		x->gap_top = -1;
	}
	if (s->fold_chains > 0)
		fold_chains(m, s->fold_chains);
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], p = m->u[u].gap ? m->u[u].gap_top : m->u[u].parent;
		struct unit *x = &m->u[u];

		m->n_shown += x->shown;
		if (x->shown && p >= 0 && m->u[p].shown)
			depth[u] = depth[p] + 1;
		if (depth[u] > m->depth_shown)
			m->depth_shown = depth[u];
	}
	free(depth);
	free(sel);
	free(tops);
	return 0;
}

void units_free(struct units *m)
{
	free(m->u);
	free(m->of_task);
	free(m->order);
	memset(m, 0, sizeof(*m));
}

int units_failed(const struct units *m, int unit, int **calls, int **counts)
{
	const struct trace *t = m->t;
	struct strmap seen;
	const int *tasks;
	int nt = units_tasks(m, unit, &tasks), n = 0, cap_calls = 0, cap_counts = 0;
	struct sbuf key;

	*calls = *counts = NULL;
	strmap_init(&seen);
	sb_init(&key);
	for (int i = 0; i < nt; i++) {
		const struct tr_task *k = &t->tasks[tasks[i]];

		for (int j = 0; j < k->n_calls; j++) {
			const struct tr_call *c = &t->calls[k->calls[j]];
			long long *at;
			bool added;

			if (c->result != RESULT_ERRNO || (m->keep_call && !m->keep_call[k->calls[j]]))
				continue;
			sb_reset(&key);
			describe_failed(&key, c, ESC_TEXT);
			at = strmap_add(&seen, sb_str(&key), &added);
			if (!added) {
				(*counts)[*at]++;
				continue;
			}
			*at = n;
			*calls = xgrow(*calls, &cap_calls, n + 1, sizeof(int));
			*counts = xgrow(*counts, &cap_counts, n + 1, sizeof(int));
			(*calls)[n] = k->calls[j];
			(*counts)[n] = 1;
			n++;
		}
	}
	strmap_free(&seen);
	sb_free(&key);
	return n;
}

int units_ns_calls(const struct units *m, int unit, int **calls)
{
	const struct trace *t = m->t;
	const int *tasks;
	int nt = units_tasks(m, unit, &tasks), n = 0, cap = 0;

	*calls = NULL;
	for (int i = 0; i < nt; i++) {
		const struct tr_task *k = &t->tasks[tasks[i]];

		for (int j = 0; j < k->n_calls; j++) {
			const struct tr_call *c = &t->calls[k->calls[j]];

			if (c->result != RESULT_VALUE || (strcmp(c->syscall, "unshare") != 0 &&
							  strcmp(c->syscall, "setns") != 0))
				continue;
			*calls = xgrow(*calls, &cap, n + 1, sizeof(int));
			(*calls)[n++] = k->calls[j];
		}
	}
	return n;
}
