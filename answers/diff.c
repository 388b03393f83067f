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
	json_t *sigs;		/* the signatures of both sides */
	json_t *out;		/* the array of differences */
	struct pair *stack;
	int n_stack, cap_stack;
};

/* The kept children of task (the tops for -1) grouped by signature, in order of appearance. */
static int classes(const struct diff_side *s, int task, struct class **out)
{
	json_t *seen = json_object();
	int n = 0, cap = 0;
	struct class *c = NULL;
	char key[16];

	for (int x = task < 0 ? s->top : s->k[task].kid; x >= 0; x = s->k[x].sib) {
		json_t *at;

		snprintf(key, sizeof(key), "%d", s->k[x].sig);
		at = json_object_get(seen, key);
		if (at) {
			c[json_integer_value(at)].count++;
			continue;
		}
		json_object_set_new(seen, key, json_integer(n));
		c = xgrow(c, &cap, n + 1, sizeof(*c));
		c[n++] = (struct class){ .rep = x, .count = 1, .sig = s->k[x].sig, .other = -1 };
	}
	json_decref(seen);
	*out = c;
	return n;
}

static json_t *task_json(const struct diff_side *s, int task)
{
	return json_pack("{sIsI}", "id", (json_int_t)s->k[task].id, "tid",
			 (json_int_t)s->k[task].tid);
}

/* A new difference {"what", "path", "a", "b"} about class ca of A and/or cb of B. */
static json_t *difference(struct differ *d, const char *what, const struct class *ca,
			  const struct class *cb)
{
	json_t *o = json_object();
	struct sbuf p;

	sb_init(&p);
	if (ca)
		diff_path(&p, &d->a, ca->rep, PATH_MAX_LABELS);
	else
		diff_path(&p, &d->b, cb->rep, PATH_MAX_LABELS);
	json_object_set_new(o, "what", json_string(what));
	json_object_set_new(o, "path", json_string(sb_str(&p)));
	if (ca)
		json_object_set_new(o, "a_task", task_json(&d->a, ca->rep));
	if (cb)
		json_object_set_new(o, "b_task", task_json(&d->b, cb->rep));
	json_array_append_new(d->out, o);
	sb_free(&p);
	return o;
}

static void only(struct differ *d, const struct diff_side *s, const struct class *c, bool in_a)
{
	json_t *o = difference(d, in_a ? "only_in_a" : "only_in_b", in_a ? c : NULL,
			       in_a ? NULL : c);

	json_object_set_new(o, "count", json_integer(c->count));
	json_object_set_new(o, "tasks", json_integer((json_int_t)c->count * s->k[c->rep].size));
}

static void count(struct differ *d, const struct class *ca, const struct class *cb)
{
	json_t *o;

	if (ca->count == cb->count)
		return;
	o = difference(d, "count", ca, cb);
	json_object_set_new(o, "a", json_integer(ca->count));
	json_object_set_new(o, "b", json_integer(cb->count));
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

/* Each line of a only in a, as an array: the calls only one side made. */
static json_t *lines_missing(const char *a, const char *b)
{
	json_t *arr = json_array(), *left = json_object();
	const char *p;

	/* b's lines, counted; then a's lines not used up */
	for (p = b; *p; ) {
		const char *nl = strchr(p, '\n');
		char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		json_t *n = line ? json_object_get(left, line) : NULL;

		if (line)
			json_object_set_new(left, line, json_integer(n ? json_integer_value(n) + 1 : 1));
		free(line);
		p = nl ? nl + 1 : p + strlen(p);
	}
	for (p = a; *p; ) {
		const char *nl = strchr(p, '\n');
		char *line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		json_t *n = line ? json_object_get(left, line) : NULL;

		if (n && json_integer_value(n) > 0)
			json_integer_set(n, json_integer_value(n) - 1);
		else if (line)
			json_array_append_new(arr, json_string(line));
		free(line);
		p = nl ? nl + 1 : p + strlen(p);
	}
	json_decref(left);
	return arr;
}

static void compare(struct differ *d, const struct class *ca, const struct class *cb)
{
	const struct diff_task *x = &d->a.k[ca->rep], *y = &d->b.k[cb->rep];
	struct sbuf name;

	sb_init(&name);
	for (int f = 0; f < DF_COUNT; f++) {
		json_t *o;

		if (x->f[f] == y->f[f] || strcmp(x->f[f], y->f[f]) == 0)
			continue;
		o = difference(d, what_of(f), ca, cb);
		sb_reset(&name);
		diff_field_name(&name, f);
		json_object_set_new(o, "field", json_string(sb_str(&name)));
		if (f == DF_CALLS) {
			json_object_set_new(o, "a", lines_missing(x->f[f], y->f[f]));
			json_object_set_new(o, "b", lines_missing(y->f[f], x->f[f]));
		} else {
			json_object_set_new(o, "a", json_string(x->f[f]));
			json_object_set_new(o, "b", json_string(y->f[f]));
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
	json_t *head = json_object();
	int *next = xcalloc(nb + 1, sizeof(int));
	struct sbuf key;

	sb_init(&key);
	/* backwards, so each key's list of B classes is in order of appearance */
	for (int j = nb - 1; j >= 0; j--) {
		json_t *h;

		if (cb[j].other >= 0)
			continue;
		pair_key(&key, &d->b, &cb[j], fields, n);
		h = json_object_get(head, sb_str(&key));
		next[j] = h ? (int)json_integer_value(h) : -1;
		json_object_set_new(head, sb_str(&key), json_integer(j));
	}
	for (int i = 0; i < na; i++) {
		json_t *h;
		int j;

		if (ca[i].other >= 0)
			continue;
		pair_key(&key, &d->a, &ca[i], fields, n);
		h = json_object_get(head, sb_str(&key));
		if (!h || (j = (int)json_integer_value(h)) < 0)
			continue;
		json_integer_set(h, next[j]);
		ca[i].other = j;
		cb[j].other = i;
		ca[i].same = !fields;
	}
	json_decref(head);
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
	d->sigs = json_object();
	return d;
}

void diff_add(struct differ *d, const struct trace *t)
{
	if (d->sides < 2)
		diff_side_build(d->sides++ ? &d->b : &d->a, t, d->filter, d->sigs);
}

json_t *diff_end(struct differ *d)
{
	json_t *out = d->sides == 2 ? json_array() : NULL;

	d->out = out;
	if (out)
		push(d, -1, -1);
	while (d->n_stack > 0)
		match_children(d, d->stack[--d->n_stack]);
	free(d->stack);
	diff_side_free(&d->a);
	diff_side_free(&d->b);
	json_decref(d->sigs);
	free(d);
	return out;
}

json_t *diff_new(const struct trace *a, const struct trace *b, const struct filter *f)
{
	struct differ *d = diff_begin(f);

	diff_add(d, a);
	diff_add(d, b);
	return diff_end(d);
}

/* "    A: value" lines; an array (calls) gives a line per element, "(none)" for nothing. */
static void value_lines(struct sbuf *b, const char *side, json_t *v)
{
	size_t i;
	json_t *x;

	if (json_is_string(v)) {
		sb_printf(b, "    %s: %s\n", side,
			  *json_string_value(v) ? json_string_value(v) : "(none)");
		return;
	}
	json_array_foreach(v, i, x)
		sb_printf(b, "    %s only: %s\n", side, json_string_value(x));
}

static void difference_text(struct sbuf *b, json_t *o)
{
	const char *what = json_string_value(json_object_get(o, "what"));
	const char *path = json_string_value(json_object_get(o, "path"));
	long long n = (long long)json_integer_value(json_object_get(o, "count"));
	long long tasks = (long long)json_integer_value(json_object_get(o, "tasks"));

	if (strcmp(what, "only_in_a") == 0 || strcmp(what, "only_in_b") == 0) {
		bool in_a = what[8] == 'a';

		sb_add(b, in_a ? "- " : "+ ");
		if (n > 1)
			sb_printf(b, "%lld x ", n);
		sb_printf(b, "%s: only in %s (%lld task%s)\n", path, in_a ? "A" : "B", tasks,
			  tasks == 1 ? "" : "s");
		return;
	}
	if (strcmp(what, "count") == 0) {
		sb_printf(b, "! %s: %lld in A, %lld in B\n", path,
			  (long long)json_integer_value(json_object_get(o, "a")),
			  (long long)json_integer_value(json_object_get(o, "b")));
		return;
	}
	sb_printf(b, "! %s: %s\n", path, json_string_value(json_object_get(o, "field")));
	value_lines(b, "A", json_object_get(o, "a"));
	value_lines(b, "B", json_object_get(o, "b"));
}

int diff_print(FILE *out, json_t *diffs, const struct diff_opts *o)
{
	json_t *v;
	bool same = json_array_size(diffs) == 0;
	struct sbuf text;
	size_t i;
	int rc = 0;

	sb_init(&text);
	if (o->json) {
		json_t *doc = json_pack("{sbsIsO}", "same", same, "count",
					(json_int_t)json_array_size(diffs), "differences", diffs);

		if (json_dumpf(doc, out, JSON_INDENT(2)) < 0 || fputc('\n', out) == EOF)
			rc = -1;
		json_decref(doc);
	} else if (!same) {
		sb_add(&text, "--- A: ");
		esc_add(&text, o->name_a, ESC_TEXT);
		sb_add(&text, "\n+++ B: ");
		esc_add(&text, o->name_b, ESC_TEXT);
		sb_add(&text, "\n");
		json_array_foreach(diffs, i, v)
			difference_text(&text, v);
		sb_printf(&text, "%zu difference%s\n", json_array_size(diffs),
			  json_array_size(diffs) == 1 ? "" : "s");
		if (fwrite(text.s, 1, text.len, out) != text.len)
			rc = -1;
	}
	sb_free(&text);
	return rc < 0 ? -1 : same;
}

int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o)
{
	json_t *diffs = diff_new(a, b, o->filter);
	int rc = diff_print(out, diffs, o);

	json_decref(diffs);
	return rc;
}
