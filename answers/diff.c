/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace diff`: matching two traces' trees and saying how they differ.
 *
 * The children of a matched pair (and the tops) are grouped into classes of
 * alike subtrees (equal signatures, diff_desc.c): a pool of N alike workers
 * is one class of N.  Classes with equal signatures match, and differ at
 * most in count.  The rest pair up by role: what ran (the exec chain, else
 * comm), argv and creating call; then fewer of them; then comm and creating
 * call (what ran differs); each with the likest of the other side (argv
 * words and children's programs in common), else the first in order of
 * appearance (its place among its siblings).  What pairs with nothing is
 * passed over where what it made has a process whose role (what ran and
 * argv) the other side has unmatched at this level or below (runc's
 * runc:[0:PARENT] and runc:[1:CHILD] stand between runc and the
 * container's first process, crun has nothing between), its children
 * joining the level; then comm alone pairs what is left (a program at
 * another path); the rest is only in A or only in B.  A pair is compared
 * field by field and its children matched the same way.  Depth first
 * without recursion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/diff.h"
#include "answers/diff_desc.h"
#include "base/strmap.h"

/* Labels of a path shown in a difference; deeper ones are elided. */
#define PATH_MAX_LABELS 6
/* Passing over: how deep below an unmatched task its role is looked for, and how many tasks. */
#define PASS_DEPTH 8
#define PASS_BUDGET 4096
/* Rounds of passing over at one level. */
#define PASS_ROUNDS 16

struct class {
	int rep;		/* first task of the class */
	int count;
	int sig;
	int other;		/* index of the paired class on the other side; -1: none */
	bool same;		/* paired by equal signatures */
	bool pass;		/* passed over: its children join the level */
};

struct pair {
	int a, b;		/* tasks whose children to match; -1, -1: the tops */
};

/* Tasks to match at one level, on one side. */
struct list {
	int *v;
	int n, cap;
};

struct differ {
	struct diff_side a, b;
	int sides;		/* how many are built */
	const struct filter *filter;
	bool counts;
	struct strmap sigs;	/* the signatures of both sides */
	struct diffs *out;
	struct pair *stack;
	int n_stack, cap_stack;
};

static void list_add(struct list *l, int task)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = task;
}

/* The kept children of task (the tops for -1), in order of id. */
static void kids(const struct diff_side *s, int task, struct list *l)
{
	for (int x = task < 0 ? s->top : s->k[task].kid; x >= 0; x = s->k[x].sib)
		list_add(l, x);
}

/* The tasks of l grouped by signature, in order of appearance; of[i]: the class of l->v[i]. */
static int classes(const struct diff_side *s, const struct list *l, struct class **out, int *of)
{
	struct strmap seen;
	int n = 0, cap = 0;
	struct class *c = NULL;
	char key[16];

	strmap_init(&seen);
	for (int i = 0; i < l->n; i++) {
		int x = l->v[i];
		bool added;
		long long *at;

		snprintf(key, sizeof(key), "%d", s->k[x].sig);
		at = strmap_add(&seen, key, &added);
		if (added) {
			*at = n;
			c = xgrow(c, &cap, n + 1, sizeof(*c));
			c[n++] = (struct class){ .rep = x, .sig = s->k[x].sig, .other = -1 };
		}
		c[*at].count++;
		of[i] = (int)*at;
	}
	strmap_free(&seen);
	*out = c;
	return n;
}

/* A new difference about task a of A and/or b of B (-1: none): what it is and where. */
static struct diff_item *difference(struct differ *d, const char *what, int a, int b)
{
	struct diffs *ds = d->out;
	struct diff_item *o;
	struct sbuf p;

	ds->v = xgrow(ds->v, &ds->cap, ds->n + 1, sizeof(*ds->v));
	o = &ds->v[ds->n++];
	memset(o, 0, sizeof(*o));
	sb_init(&p);
	diff_path(&p, a >= 0 ? &d->a : &d->b, a >= 0 ? a : b, PATH_MAX_LABELS);
	o->path = sb_steal(&p);
	if (a >= 0 && b >= 0) {
		diff_path(&p, &d->b, b, PATH_MAX_LABELS);
		if (strcmp(sb_str(&p), o->path))
			o->b_path = sb_steal(&p);
	}
	sb_free(&p);
	o->what = what;
	if (a >= 0) {
		o->has_a = true;
		o->a_id = d->a.k[a].id;
		o->a_tid = d->a.k[a].tid;
	}
	if (b >= 0) {
		o->has_b = true;
		o->b_id = d->b.k[b].id;
		o->b_tid = d->b.k[b].tid;
	}
	return o;
}

/* The kept threads hung under task. */
static int threads_of(const struct diff_side *s, int task)
{
	int n = 0;

	for (int x = s->k[task].kid; x >= 0; x = s->k[x].sib)
		n += s->k[x].thread ? s->k[x].size : 0;
	return n;
}

static void only(struct differ *d, const struct diff_side *s, const struct class *c, bool in_a)
{
	struct diff_item *o = difference(d, in_a ? "only_in_a" : "only_in_b", in_a ? c->rep : -1,
					 in_a ? -1 : c->rep);

	o->count = c->count;
	o->passed_over = c->pass;
	o->tasks = c->pass ? 1 + threads_of(s, c->rep) : (long long)c->count * s->k[c->rep].size;
}

static void count(struct differ *d, const struct class *ca, const struct class *cb)
{
	struct diff_item *o;

	if (!d->counts || ca->count == cb->count)
		return;
	o = difference(d, "count", ca->rep, cb->rep);
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

static const char *shown(const struct diff_task *x, int f)
{
	return x->show[f] ? x->show[f] : x->f[f];
}

static bool field_differs(const struct diff_task *x, const struct diff_task *y, int f)
{
	return x->f[f] != y->f[f] && strcmp(x->f[f], y->f[f]) != 0;
}

/*
 * The kinds from `from` to `to` (namespaces or sharing) that differ as f
 * does, with the same two values: one difference for all ("ns ipc,mnt,net").
 */
static void alike_kinds(struct differ *d, int a, int b, int f, int from, int to, bool *done)
{
	const struct diff_task *x = &d->a.k[a], *y = &d->b.k[b];
	struct diff_item *o = difference(d, what_of(f), a, b);
	struct sbuf name;

	sb_init(&name);
	diff_field_name(&name, f);
	for (int g = f + 1; g < to; g++) {
		if (done[g - from] || !field_differs(x, y, g) || strcmp(x->f[g], x->f[f]) ||
		    strcmp(y->f[g], y->f[f]))
			continue;
		done[g - from] = true;
		sb_add(&name, ",");
		sb_add(&name, f >= DF_SHARE ? ct_res[g - DF_SHARE].name : ct_ns[g - DF_NS].name);
	}
	o->field = sb_steal(&name);
	o->a = xstrdup(x->f[f]);
	o->b = xstrdup(y->f[f]);
}

static void compare(struct differ *d, int a, int b)
{
	const struct diff_task *x = &d->a.k[a], *y = &d->b.k[b];
	bool done[DF_COUNT] = { false };
	struct sbuf name;

	sb_init(&name);
	for (int f = 0; f < DF_COUNT; f++) {
		struct diff_item *o;

		if (done[f] || !field_differs(x, y, f))
			continue;
		if (f >= DF_SHARE) {
			alike_kinds(d, a, b, f, 0, DF_COUNT, done);
			continue;
		}
		if (f >= DF_NS) {
			alike_kinds(d, a, b, f, 0, DF_SHARE, done);
			continue;
		}
		o = difference(d, what_of(f), a, b);
		sb_reset(&name);
		diff_field_name(&name, f);
		o->field = xstrdup(sb_str(&name));
		if (f == DF_CALLS) {
			o->a_only = lines_missing(x->f[f], y->f[f]);
			o->b_only = lines_missing(y->f[f], x->f[f]);
		} else {
			o->a = xstrdup(shown(x, f));
			o->b = xstrdup(shown(y, f));
		}
	}
	sb_free(&name);
}

/* The role fields of a task, n of them, as one key; fields NULL: its signature alone. */
static void pair_key(struct sbuf *b, const struct diff_side *s, const struct class *c,
		     const enum diff_field *fields, int n)
{
	const struct diff_task *x = &s->k[c->rep];

	sb_reset(b);
	if (!fields)
		sb_printf(b, "%d", c->sig);
	for (int f = 0; f < n; f++) {
		/* DF_COUNT stands for what ran */
		sb_add(b, fields[f] == DF_COUNT ? x->what : x->f[fields[f]]);
		sb_add(b, "\x1f");
	}
}

/* Among candidates of one key, how many are weighed for the likest; the rest go by order. */
#define LIKEST_MAX 64

/* The \x1f-separated words of a that b has too. */
static int words_shared(const char *a, const char *b, char sep)
{
	int n = 0;

	for (const char *p = a; *p; ) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);

		for (const char *q = b; *q; ) {
			const char *qe = strchr(q, sep);
			size_t ql = qe ? (size_t)(qe - q) : strlen(q);

			if (ql == len && memcmp(p, q, len) == 0) {
				n++;
				break;
			}
			q = qe ? qe + 1 : q + ql;
		}
		p = end ? end + 1 : p + len;
	}
	return n;
}

/* How alike two tasks are: the argv words and the children's programs they share. */
static int likeness(const struct differ *d, int a, int b)
{
	const struct diff_task *x = &d->a.k[a], *y = &d->b.k[b];
	int n = words_shared(x->f[DF_ARGV], y->f[DF_ARGV], '\x1f'), i = 0;

	for (int c = x->kid; c >= 0 && i < LIKEST_MAX; c = d->a.k[c].sib, i++) {
		int j = 0;

		for (int e = y->kid; e >= 0 && j < LIKEST_MAX; e = d->b.k[e].sib, j++)
			if (strcmp(d->a.k[c].what, d->b.k[e].what) == 0) {
				n += 2;
				break;
			}
	}
	return n;
}

/*
 * Pairs the unpaired classes of A and B with equal keys (signatures when
 * fields is NULL), each with the likest unpaired one of the other side with
 * its key (the first of the likest, in order of appearance).
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
		int best = -1, best_score = -1, prev = -1, best_prev = -1, seen = 0;

		if (ca[i].other >= 0)
			continue;
		pair_key(&key, &d->a, &ca[i], fields, n);
		h = strmap_get(&head, sb_str(&key));
		if (!h || *h < 0)
			continue;
		for (int j = (int)*h; j >= 0 && seen < LIKEST_MAX; prev = j, j = next[j], seen++) {
			int score = fields && next[*h] >= 0 ? likeness(d, ca[i].rep, cb[j].rep) : 0;

			if (score > best_score) {
				best = j;
				best_score = score;
				best_prev = prev;
			}
			if (!fields || next[*h] < 0)
				break;
		}
		if (best < 0)
			continue;
		if (best_prev < 0)
			*h = next[best];
		else
			next[best_prev] = next[best];
		ca[i].other = best;
		cb[best].other = i;
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

/* The role of a process for passing over: what ran and its argv. */
static void role_key(struct sbuf *b, const struct diff_task *x)
{
	sb_reset(b);
	sb_add(b, x->what);
	sb_add(b, "\x1f");
	sb_add(b, x->f[DF_ARGV]);
}

/*
 * The roles of the processes below task (self too, when self), breadth
 * first, PASS_DEPTH deep, into m; or, when look, whether one of them is in m.
 */
static bool roles_below(const struct diff_side *s, int task, bool self, struct strmap *m,
			bool look)
{
	int *q = xcalloc(PASS_BUDGET, sizeof(int)), *depth = xcalloc(PASS_BUDGET, sizeof(int));
	int n = 0;
	bool found = false;
	struct sbuf key;

	sb_init(&key);
	q[n++] = task;
	for (int at = 0; at < n && !found; at++) {
		const struct diff_task *x = &s->k[q[at]];

		if ((at > 0 || self) && !x->thread) {
			role_key(&key, x);
			if (look)
				found = strmap_get(m, sb_str(&key)) != NULL;
			else
				strmap_add(m, sb_str(&key), NULL);
		}
		for (int c = x->kid; c >= 0 && depth[at] < PASS_DEPTH && n < PASS_BUDGET;
		     c = s->k[c].sib) {
			depth[n] = depth[at] + 1;
			q[n++] = c;
		}
	}
	sb_free(&key);
	free(q);
	free(depth);
	return found;
}

/*
 * Marks the unpaired classes of one side (mine) to pass over: a lone process
 * whose own role the other side (theirs) has nowhere unpaired, at this level
 * or below, but with a process below it whose role it has.  How many were marked.
 */
static int mark_pass(const struct diff_side *me, struct class *mine, int nm,
		     const struct diff_side *them, const struct class *theirs, int nt)
{
	struct strmap roles;
	struct sbuf key;
	int marked = 0;

	strmap_init(&roles);
	for (int j = 0; j < nt; j++)
		if (theirs[j].other < 0 && !them->k[theirs[j].rep].thread)
			roles_below(them, theirs[j].rep, true, &roles, false);
	sb_init(&key);
	for (int i = 0; i < nm; i++) {
		const struct diff_task *x = &me->k[mine[i].rep];

		if (mine[i].other >= 0 || mine[i].count != 1 || x->thread || x->kid < 0)
			continue;
		role_key(&key, x);
		if (roles.n && !strmap_get(&roles, sb_str(&key)) &&
		    roles_below(me, mine[i].rep, false, &roles, true)) {
			mine[i].pass = true;
			marked++;
		}
	}
	sb_free(&key);
	strmap_free(&roles);
	return marked;
}

/* The next level's tasks: the unpaired ones not passed over, and the processes below those passed over. */
static void next_level(const struct diff_side *s, const struct list *l, const int *of,
		       const struct class *c, struct list *out)
{
	out->n = 0;
	for (int i = 0; i < l->n; i++) {
		const struct class *k = &c[of[i]];

		if (k->other >= 0)
			continue;
		if (!k->pass) {
			list_add(out, l->v[i]);
			continue;
		}
		for (int x = s->k[l->v[i]].kid; x >= 0; x = s->k[x].sib)
			if (!s->k[x].thread)
				list_add(out, x);
	}
}

/* One round at a level: pairs, compares and pushes; true when some were passed over. */
static bool match_round(struct differ *d, struct list *la, struct list *lb, int round)
{
	static const enum diff_field role_full[] = { DF_KIND, DF_COUNT, DF_ARGV, DF_CALL },
				     role_argv[] = { DF_KIND, DF_COUNT, DF_ARGV },
				     role_call[] = { DF_KIND, DF_COUNT, DF_CALL },
				     role_what[] = { DF_KIND, DF_COUNT },
				     comm_call[] = { DF_KIND, DF_COMM, DF_CALL },
				     comm[] = { DF_KIND, DF_COMM };
	int *ofa = xcalloc(la->n + 1, sizeof(int)), *ofb = xcalloc(lb->n + 1, sizeof(int));
	struct class *ca, *cb;
	int na = classes(&d->a, la, &ca, ofa), nb = classes(&d->b, lb, &cb, ofb), passed = 0;
	struct list na_l = { 0 }, nb_l = { 0 };

	pair_by(d, ca, na, cb, nb, NULL, 0);
	pair_by(d, ca, na, cb, nb, role_full, 4);
	pair_by(d, ca, na, cb, nb, role_argv, 3);
	pair_by(d, ca, na, cb, nb, role_call, 3);
	pair_by(d, ca, na, cb, nb, role_what, 2);
	/* made alike and named alike: what ran differs (runc's memfd:runc_cloned or not) */
	pair_by(d, ca, na, cb, nb, comm_call, 3);
	/* passing over before comm alone, which pairs what is left (a program at another path) */
	if (round < PASS_ROUNDS) {
		passed = mark_pass(&d->a, ca, na, &d->b, cb, nb);
		passed += mark_pass(&d->b, cb, nb, &d->a, ca, na);
	}
	if (!passed)
		pair_by(d, ca, na, cb, nb, comm, 2);
	for (int i = 0; i < na; i++) {
		if (ca[i].other < 0)
			continue;
		if (!ca[i].same) {
			compare(d, ca[i].rep, cb[ca[i].other].rep);
			push(d, ca[i].rep, cb[ca[i].other].rep);
		}
		count(d, &ca[i], &cb[ca[i].other]);
	}
	for (int i = 0; i < na; i++)
		if (ca[i].other < 0 && (ca[i].pass || !passed))
			only(d, &d->a, &ca[i], true);
	for (int j = 0; j < nb; j++)
		if (cb[j].other < 0 && (cb[j].pass || !passed))
			only(d, &d->b, &cb[j], false);
	if (passed) {
		next_level(&d->a, la, ofa, ca, &na_l);
		next_level(&d->b, lb, ofb, cb, &nb_l);
		free(la->v);
		free(lb->v);
		*la = na_l;
		*lb = nb_l;
	}
	free(ofa);
	free(ofb);
	free(ca);
	free(cb);
	return passed > 0;
}

static void match_children(struct differ *d, struct pair p)
{
	struct list la = { 0 }, lb = { 0 };
	int first = d->n_stack;

	kids(&d->a, p.a, &la);
	kids(&d->b, p.b, &lb);
	for (int round = 0; match_round(d, &la, &lb, round); round++)
		;
	/* first sibling's subtree first */
	for (int i = first, j = d->n_stack - 1; i < j; i++, j--) {
		struct pair t = d->stack[i];

		d->stack[i] = d->stack[j];
		d->stack[j] = t;
	}
	free(la.v);
	free(lb.v);
}

struct differ *diff_begin(const struct filter *f, bool counts)
{
	struct differ *d = xcalloc(1, sizeof(*d));

	d->filter = f;
	d->counts = counts;
	strmap_init(&d->sigs);
	return d;
}

int diff_add(struct differ *d, const struct trace *t)
{
	struct diff_side *s = d->sides ? &d->b : &d->a;

	if (d->sides >= 2)
		return 0;
	d->sides++;
	diff_side_build(s, t, d->filter, &d->sigs, d->counts);
	return s->kept;
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
		free(o->b_path);
		free(o->field);
		free(o->a);
		free(o->b);
		lines_free(&o->a_only);
		lines_free(&o->b_only);
	}
	free(ds->v);
	free(ds);
}

struct diffs *diff_new(const struct trace *a, const struct trace *b, const struct diff_opts *o)
{
	struct differ *d = diff_begin(o->filter, o->counts);

	diff_add(d, a);
	diff_add(d, b);
	return diff_end(d);
}
