/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace diff`: matching two traces' trees and saying how they differ.
 *
 * Siblings are grouped into classes of identical subtrees (equal signatures,
 * diff_desc.c): a pool of N alike workers is one class of count N.  Classes
 * with equal signatures match and differ at most in count.  The rest pair up
 * in order of appearance, first by kind, comm and creating syscall, then by
 * kind and creating syscall alone (an exec changes comm); a pair is compared
 * field by field and its children matched the same way.  What pairs with
 * nothing is only in A or only in B.  Depth-first without recursion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/diff.h"
#include "answers/diff_desc.h"
#include "base/strmap.h"

/* Labels of a path shown in a difference; deeper ones are elided. */
#define PATH_MAX_LABELS 6

struct class {
	int rep;		/* first task of the class */
	int count;
	int sig;
	int other;		/* index of the paired class on the other side; -1: none */
	bool same;		/* paired by equal signatures */
};

struct pair {
	int a, b;		/* tasks whose children to match; -1, -1: the tops */
};

struct differ {
	struct diff_side a, b;
	int sides;		/* how many are built */
	const struct filter *filter;
	struct strmap sigs;	/* the signatures of both sides */
	struct diffs *out;
	struct pair *stack;
	int n_stack, cap_stack;
};

/* The kept children of task (the tops for -1) grouped by signature, in order of appearance. */
static int classes(const struct diff_side *s, int task, struct class **out)
{
	struct strmap seen;
	int n = 0, cap = 0;
	struct class *c = NULL;
	char key[16];

	strmap_init(&seen);
	for (int x = task < 0 ? s->top : s->k[task].kid; x >= 0; x = s->k[x].sib) {
		bool added;
		long long *at;

		snprintf(key, sizeof(key), "%d", s->k[x].sig);
		at = strmap_add(&seen, key, &added);
		if (!added) {
			c[*at].count++;
			continue;
		}
		*at = n;
		c = xgrow(c, &cap, n + 1, sizeof(*c));
		c[n++] = (struct class){ .rep = x, .count = 1, .sig = s->k[x].sig, .other = -1 };
	}
	strmap_free(&seen);
	*out = c;
	return n;
}

/* A new difference about class ca of A and/or cb of B: what it is and where. */
static struct diff_item *difference(struct differ *d, const char *what, const struct class *ca,
				    const struct class *cb)
{
	struct diffs *ds = d->out;
	struct diff_item *o;
	struct sbuf p;

	ds->v = xgrow(ds->v, &ds->cap, ds->n + 1, sizeof(*ds->v));
	o = &ds->v[ds->n++];
	memset(o, 0, sizeof(*o));
	sb_init(&p);
	if (ca)
		diff_path(&p, &d->a, ca->rep, PATH_MAX_LABELS);
	else
		diff_path(&p, &d->b, cb->rep, PATH_MAX_LABELS);
	o->what = what;
	o->path = sb_steal(&p);
	if (ca) {
		o->has_a = true;
		o->a_id = d->a.k[ca->rep].id;
		o->a_tid = d->a.k[ca->rep].tid;
	}
	if (cb) {
		o->has_b = true;
		o->b_id = d->b.k[cb->rep].id;
		o->b_tid = d->b.k[cb->rep].tid;
	}
	return o;
}

static void only(struct differ *d, const struct diff_side *s, const struct class *c, bool in_a)
{
	struct diff_item *o = difference(d, in_a ? "only_in_a" : "only_in_b", in_a ? c : NULL,
					 in_a ? NULL : c);

	o->count = c->count;
	o->tasks = (long long)c->count * s->k[c->rep].size;
}

static void count(struct differ *d, const struct class *ca, const struct class *cb)
{
	struct diff_item *o;

	if (ca->count == cb->count)
		return;
	o = difference(d, "count", ca, cb);
	o->a_count = ca->count;
	o->b_count = cb->count;
}

/* The kind of difference a field makes: call, exec, namespaces, sharing or task. */
static const char *what_of(enum diff_field f)
{
	if (f >= DF_SHARE)
		return "sharing";
	if (f >= DF_NS)
		return "namespaces";
	if (f == DF_CALL || f == DF_RESULT || f == DF_VIOLATES || f == DF_CALLS)
		return "call";
	if (f == DF_EXECS || f == DF_EXEC_FAILURES)
		return "exec";
	return "task";
}

/* Each line of a only in a: the calls only one side made. */
static struct diff_lines lines_missing(const char *a, const char *b)
{
	struct diff_lines out = { 0 };
	struct strmap left;
	const char *p;
	int cap = 0;

	strmap_init(&left);
	/* b's lines, counted; then a's lines not used up */
	for (p = b; *p; ) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));

		++*strmap_add(&left, line, NULL);
		free(line);
		p = nl ? nl + 1 : p + strlen(p);
	}
	for (p = a; *p; ) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		long long *n = strmap_get(&left, line);

		if (n && *n > 0) {
			--*n;
			free(line);
		} else {
			out.v = xgrow(out.v, &cap, out.n + 1, sizeof(*out.v));
			out.v[out.n++] = line;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	strmap_free(&left);
	return out;
}

static void compare(struct differ *d, const struct class *ca, const struct class *cb)
{
	const struct diff_task *x = &d->a.k[ca->rep], *y = &d->b.k[cb->rep];
	struct sbuf name;

	sb_init(&name);
	for (int f = 0; f < DF_COUNT; f++) {
		struct diff_item *o;

		if (x->f[f] == y->f[f] || strcmp(x->f[f], y->f[f]) == 0)
			continue;
		o = difference(d, what_of(f), ca, cb);
		sb_reset(&name);
		diff_field_name(&name, f);
		o->field = xstrdup(sb_str(&name));
		if (f == DF_CALLS) {
			o->a_only = lines_missing(x->f[f], y->f[f]);
			o->b_only = lines_missing(y->f[f], x->f[f]);
		} else {
			o->a = xstrdup(x->f[f]);
			o->b = xstrdup(y->f[f]);
		}
	}
	sb_free(&name);
	count(d, ca, cb);
}

/* The fields (n of them) of a class as one key; sig < 0: its signature alone. */
static void pair_key(struct sbuf *b, const struct diff_side *s, const struct class *c,
		     const enum diff_field *fields, int n)
{
	sb_reset(b);
	if (!fields)
		sb_printf(b, "%d", c->sig);
	for (int f = 0; f < n; f++) {
		sb_add(b, s->k[c->rep].f[fields[f]]);
		sb_add(b, "\x1f");
	}
}

/*
 * Pairs the unpaired classes of A and B with equal keys (signatures when
 * fields is NULL), each with the first unpaired one of the other side.
 */
static void pair_by(struct differ *d, struct class *ca, int na, struct class *cb, int nb,
		    const enum diff_field *fields, int n)
{
	struct strmap head;
	int *next = xcalloc(nb + 1, sizeof(int));
	struct sbuf key;

	strmap_init(&head);
	sb_init(&key);
	/* backwards, so each key's list of B classes is in order of appearance */
	for (int j = nb - 1; j >= 0; j--) {
		long long *h;
		bool added;

		if (cb[j].other >= 0)
			continue;
		pair_key(&key, &d->b, &cb[j], fields, n);
		h = strmap_add(&head, sb_str(&key), &added);
		next[j] = added ? -1 : (int)*h;
		*h = j;
	}
	for (int i = 0; i < na; i++) {
		long long *h;
		int j;

		if (ca[i].other >= 0)
			continue;
		pair_key(&key, &d->a, &ca[i], fields, n);
		h = strmap_get(&head, sb_str(&key));
		if (!h || (j = (int)*h) < 0)
			continue;
		*h = next[j];
		ca[i].other = j;
		cb[j].other = i;
		ca[i].same = !fields;
	}
	strmap_free(&head);
	free(next);
	sb_free(&key);
}

static void push(struct differ *d, int a, int b)
{
	d->stack = xgrow(d->stack, &d->cap_stack, d->n_stack + 1, sizeof(*d->stack));
	d->stack[d->n_stack++] = (struct pair){ a, b };
}

static void match_children(struct differ *d, struct pair p)
{
	static const enum diff_field strong[] = { DF_KIND, DF_COMM, DF_CALL },
				     weak[] = { DF_KIND, DF_CALL }, weakest[] = { DF_KIND };
	struct class *ca, *cb;
	int na = classes(&d->a, p.a, &ca), nb = classes(&d->b, p.b, &cb), first = d->n_stack;

	pair_by(d, ca, na, cb, nb, NULL, 0);
	pair_by(d, ca, na, cb, nb, strong, 3);
	pair_by(d, ca, na, cb, nb, weak, 2);
	/* the creating syscall itself may differ (fork vs clone) */
	pair_by(d, ca, na, cb, nb, weakest, 1);
	for (int i = 0; i < na; i++) {
		if (ca[i].other < 0) {
			only(d, &d->a, &ca[i], true);
		} else if (ca[i].same) {
			count(d, &ca[i], &cb[ca[i].other]);
		} else {
			compare(d, &ca[i], &cb[ca[i].other]);
			push(d, ca[i].rep, cb[ca[i].other].rep);
		}
	}
	for (int j = 0; j < nb; j++)
		if (cb[j].other < 0)
			only(d, &d->b, &cb[j], false);
	/* first sibling's subtree first */
	for (int i = first, j = d->n_stack - 1; i < j; i++, j--) {
		struct pair t = d->stack[i];

		d->stack[i] = d->stack[j];
		d->stack[j] = t;
	}
	free(ca);
	free(cb);
}

struct differ *diff_begin(const struct filter *f)
{
	struct differ *d = xcalloc(1, sizeof(*d));

	d->filter = f;
	strmap_init(&d->sigs);
	return d;
}

void diff_add(struct differ *d, const struct trace *t)
{
	if (d->sides < 2)
		diff_side_build(d->sides++ ? &d->b : &d->a, t, d->filter, &d->sigs);
}

struct diffs *diff_end(struct differ *d)
{
	struct diffs *out = d->sides == 2 ? xcalloc(1, sizeof(*out)) : NULL;

	d->out = out;
	if (out)
		push(d, -1, -1);
	while (d->n_stack > 0)
		match_children(d, d->stack[--d->n_stack]);
	free(d->stack);
	diff_side_free(&d->a);
	diff_side_free(&d->b);
	strmap_free(&d->sigs);
	free(d);
	return out;
}

static void lines_free(struct diff_lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

void diff_free(struct diffs *ds)
{
	if (!ds)
		return;
	for (int i = 0; i < ds->n; i++) {
		struct diff_item *o = &ds->v[i];

		free(o->path);
		free(o->field);
		free(o->a);
		free(o->b);
		lines_free(&o->a_only);
		lines_free(&o->b_only);
	}
	free(ds->v);
	free(ds);
}

struct diffs *diff_new(const struct trace *a, const struct trace *b, const struct filter *f)
{
	struct differ *d = diff_begin(f);

	diff_add(d, a);
	diff_add(d, b);
	return diff_end(d);
}

/* "    A: value" lines; the calls give a line each one side has alone, "(none)" for nothing. */
static void value_lines(struct sbuf *b, const char *side, const char *v,
			const struct diff_lines *only)
{
	if (v) {
		sb_printf(b, "    %s: %s\n", side, *v ? v : "(none)");
		return;
	}
	for (int i = 0; i < only->n; i++)
		sb_printf(b, "    %s only: %s\n", side, only->v[i]);
}

static void difference_text(struct sbuf *b, const struct diff_item *o)
{
	if (strcmp(o->what, "only_in_a") == 0 || strcmp(o->what, "only_in_b") == 0) {
		bool in_a = o->what[8] == 'a';

		sb_add(b, in_a ? "- " : "+ ");
		if (o->count > 1)
			sb_printf(b, "%lld x ", o->count);
		sb_printf(b, "%s: only in %s (%lld task%s)\n", o->path, in_a ? "A" : "B", o->tasks,
			  o->tasks == 1 ? "" : "s");
		return;
	}
	if (strcmp(o->what, "count") == 0) {
		sb_printf(b, "! %s: %lld in A, %lld in B\n", o->path, o->a_count, o->b_count);
		return;
	}
	sb_printf(b, "! %s: %s\n", o->path, o->field);
	value_lines(b, "A", o->a, &o->a_only);
	value_lines(b, "B", o->b, &o->b_only);
}

static json_t *lines_json(const struct diff_lines *l)
{
	json_t *arr = json_array();

	for (int i = 0; i < l->n; i++)
		json_array_append_new(arr, json_string(l->v[i]));
	return arr;
}

/* A difference as docs/stats.md has it: {"what", "path", "a_task", "b_task", ...}. */
static json_t *difference_json(const struct diff_item *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "what", json_string(o->what));
	json_object_set_new(j, "path", json_string(o->path));
	if (o->has_a)
		json_object_set_new(j, "a_task", json_pack("{sIsI}", "id", (json_int_t)o->a_id,
							   "tid", (json_int_t)o->a_tid));
	if (o->has_b)
		json_object_set_new(j, "b_task", json_pack("{sIsI}", "id", (json_int_t)o->b_id,
							   "tid", (json_int_t)o->b_tid));
	if (strncmp(o->what, "only_in_", 8) == 0) {
		json_object_set_new(j, "count", json_integer(o->count));
		json_object_set_new(j, "tasks", json_integer(o->tasks));
	} else if (strcmp(o->what, "count") == 0) {
		json_object_set_new(j, "a", json_integer(o->a_count));
		json_object_set_new(j, "b", json_integer(o->b_count));
	} else {
		json_object_set_new(j, "field", json_string(o->field));
		json_object_set_new(j, "a", o->a ? json_string(o->a) : lines_json(&o->a_only));
		json_object_set_new(j, "b", o->b ? json_string(o->b) : lines_json(&o->b_only));
	}
	return j;
}

int diff_print(FILE *out, const struct diffs *ds, const struct diff_opts *o)
{
	bool same = ds->n == 0;
	struct sbuf text;
	int rc = 0;

	sb_init(&text);
	if (o->json) {
		json_t *arr = json_array(), *doc;

		for (int i = 0; i < ds->n; i++)
			json_array_append_new(arr, difference_json(&ds->v[i]));
		doc = json_pack("{sbsIso}", "same", same, "count", (json_int_t)ds->n,
				"differences", arr);
		if (json_dumpf(doc, out, JSON_INDENT(2)) < 0 || fputc('\n', out) == EOF)
			rc = -1;
		json_decref(doc);
	} else if (!same) {
		sb_add(&text, "--- A: ");
		esc_add(&text, o->name_a, ESC_TEXT);
		sb_add(&text, "\n+++ B: ");
		esc_add(&text, o->name_b, ESC_TEXT);
		sb_add(&text, "\n");
		for (int i = 0; i < ds->n; i++)
			difference_text(&text, &ds->v[i]);
		sb_printf(&text, "%d difference%s\n", ds->n, ds->n == 1 ? "" : "s");
		if (fwrite(text.s, 1, text.len, out) != text.len)
			rc = -1;
	}
	sb_free(&text);
	return rc < 0 ? -1 : same;
}

int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o)
{
	struct diffs *ds = diff_new(a, b, o->filter);
	int rc = diff_print(out, ds, o);

	diff_free(ds);
	return rc;
}
