/* SPDX-License-Identifier: MIT */
/*
 * Tasks in words that survive a rerun, for `clonetrace diff`: no pid, no
 * time, no inode, made-up names written alike (diff_norm.c), namespaces by
 * where they came from (diff_ns.c).  A shared resource is named by whom it
 * is shared with (creator, parent, tasks of other processes) or "own" (its
 * process's threads aside).  Threads hang under their process's first task
 * and processes under the first task of the process that made them, so a
 * pool of threads is one list whichever thread made which.
 */
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "answers/diff_desc.h"
#include "answers/diff_norm.h"
#include "answers/diff_ns.h"

static const char *const field_names[DF_NS] = {
	[DF_KIND] = "kind", [DF_COMM] = "comm", [DF_EXE] = "exe", [DF_ARGV] = "argv",
	[DF_EXECS] = "exec chain", [DF_EXEC_FAILURES] = "failed execs", [DF_CONTAINER] = "container",
	[DF_CALL] = "creating call", [DF_RESULT] = "creating call's result",
	[DF_VIOLATES] = "creating call's broken rules", [DF_CALLS] = "calls",
};

void diff_field_name(struct sbuf *b, enum diff_field f)
{
	if (f < DF_NS)
		sb_add(b, field_names[f]);
	else if (f < DF_SHARE)
		sb_printf(b, "ns %s", ct_ns[f - DF_NS].name);
	else
		sb_printf(b, "sharing %s", ct_res[f - DF_SHARE].name);
}

/* str as one string owned by the side; equal strings share it. */
static const char *intern(struct diff_side *s, const char *str)
{
	return strmap_intern(&s->strings, str);
}

static const char *intern_sb(struct diff_side *s, struct sbuf *b)
{
	const char *r = intern(s, sb_str(b));

	sb_reset(b);
	return r;
}

/* "comm [clone3 thread]": the task's label in paths. */
static void label_task(struct diff_side *s, int task, struct sbuf *b)
{
	const struct tr_task *k = &s->t->tasks[task];

	esc_add(b, k->comm, ESC_TEXT);
	if (k->call >= 0) {
		sb_add(b, " [");
		describe_call_short(b, &s->t->calls[k->call], ESC_TEXT);
		sb_add(b, "]");
	}
	s->k[task].label = intern_sb(s, b);
	s->k[task].id = k->id;
	s->k[task].tid = k->tid;
}

void diff_path(struct sbuf *b, const struct diff_side *s, int task, int max)
{
	int *chain = xcalloc(max + 1, sizeof(int)), n = 0;

	for (int at = task; at >= 0 && n < max; at = s->k[at].up)
		chain[n++] = at;
	if (n == max && s->k[chain[n - 1]].up >= 0)
		sb_add(b, "... > ");
	while (n > 0) {
		sb_add(b, s->k[chain[--n]].label);
		if (n)
			sb_add(b, " > ");
	}
	free(chain);
}

/* The full flag names, "|"-joined, and the exit signal: the call as asked. */
static void call_words(struct sbuf *b, const struct tr_call *c)
{
	esc_add(b, c->syscall, ESC_TEXT);
	sb_add(b, " ");
	if (c->flags.n == 0)
		sb_add(b, "0");
	for (int i = 0; i < c->flags.n; i++) {
		sb_add(b, i ? "|" : "");
		esc_add(b, c->flags.v[i], ESC_TEXT);
	}
	if (c->exit_signal)
		sb_printf(b, " exit_signal=%s", c->exit_signal);
	else if (c->has_exit_signal)
		sb_printf(b, " exit_signal=%lld", c->exit_signal_nr);
}

static void result_words(struct sbuf *b, const struct tr_call *c)
{
	if (c->result == RESULT_ERRNO) {
		sb_add(b, "-1 ");
		esc_add(b, c->err, ESC_TEXT);
	} else {
		sb_add(b, c->result == RESULT_VALUE ? "ok" : "unfinished");
	}
}

static void rules_words(struct sbuf *b, const struct tr_call *c)
{
	for (int i = 0; i < c->violates.n; i++) {
		sb_add(b, i ? "; " : "");
		esc_add(b, c->violates.v[i], ESC_TEXT);
	}
}

/* Calls the task made that created no task: unshare, setns, failures. */
static void own_calls(struct sbuf *b, const struct diff_side *s, int task)
{
	const struct tr_task *k = &s->t->tasks[task];

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *c = &s->t->calls[k->calls[j]];

		if (!s->m.call[k->calls[j]] || c->child >= 0)
			continue;
		call_words(b, c);
		sb_add(b, " = ");
		result_words(b, c);
		if (c->violates.n > 0) {
			sb_add(b, " breaks: ");
			rules_words(b, c);
		}
		sb_add(b, "\n");
	}
}

/* The exec chain (what ran), or the failed execs (path and errno). */
static void execs_words(struct sbuf *b, const struct tr_exec *x, int n, bool failed)
{
	for (int i = 0; i < n; i++) {
		sb_add(b, i ? (failed ? ", " : " -> ") : "");
		esc_add(b, x[i].program, ESC_TEXT);
		if (failed) {
			sb_add(b, ": ");
			esc_add(b, x[i].err, ESC_TEXT);
		}
	}
}

/* qsort_r: shares of (task, kind) pairs, numbered task * R_COUNT + kind, by instance. */
static int by_instance(const void *a, const void *b, void *arg)
{
	const struct trace *t = arg;
	int x = *(const int *)a, y = *(const int *)b;

	return strcmp(t->tasks[x / R_COUNT].shares[x % R_COUNT],
		      t->tasks[y / R_COUNT].shares[y % R_COUNT]);
}

/*
 * shared[task * R_COUNT + kind]: the instance has holders in other processes
 * than the task's (sorted, not hashed: small).
 */
static bool *shared_instances(const struct trace *t)
{
	int *held = xcalloc((size_t)t->n_tasks * R_COUNT + 1, sizeof(int)), n = 0;
	bool *shared = xcalloc((size_t)t->n_tasks * R_COUNT + 1, sizeof(bool));

	for (int i = 0; i < t->n_tasks; i++)
		for (int k = 0; k < R_COUNT; k++)
			if (t->tasks[i].shares[k])
				held[n++] = i * R_COUNT + k;
	qsort_r(held, n, sizeof(int), by_instance, (void *)t);
	for (int i = 0, j; i < n; i = j) {
		bool groups = false;

		for (j = i + 1; j < n && by_instance(&held[i], &held[j], (void *)t) == 0; j++)
			groups |= t->tasks[held[j] / R_COUNT].group !=
				  t->tasks[held[i] / R_COUNT].group;
		for (int x = i; groups && x < j; x++)
			shared[held[x]] = true;
	}
	free(held);
	return shared;
}

/* task's resource of kind k is the same instance as other's. */
static bool shares_with(const struct trace *t, int task, int other, int k)
{
	const char *mine = t->tasks[task].shares[k];

	return other >= 0 && t->tasks[other].shares[k] &&
	       strcmp(t->tasks[other].shares[k], mine) == 0;
}

static void describe_sharing(struct diff_side *s)
{
	const struct trace *t = s->t;
	bool *shared = shared_instances(t);

	for (int i = 0; i < t->n_tasks; i++) {
		const struct tr_task *x = &t->tasks[i];

		if (!s->m.task[i])
			continue;
		for (int k = 0; k < R_COUNT; k++) {
			const char *w;

			if (!x->shares[k])
				w = "-";
			else if (shares_with(t, i, x->creator, k))
				w = "with its creator";
			else if (shares_with(t, i, x->parent, k))
				w = "with its parent";
			else if (shared[i * R_COUNT + k])
				w = "with other processes";
			else
				w = "own";
			s->k[i].f[DF_SHARE + k] = w;
		}
	}
	free(shared);
}

/* b's text as field f of task, compared as written alike (diff_norm.c), shown as it is. */
static void field_norm(struct diff_side *s, int task, enum diff_field f, struct sbuf *b)
{
	struct sbuf n;

	sb_init(&n);
	diff_norm(&n, sb_str(b));
	s->k[task].f[f] = intern(s, sb_str(&n));
	s->k[task].show[f] = strcmp(sb_str(&n), sb_str(b)) ? intern(s, sb_str(b)) : NULL;
	sb_free(&n);
	sb_reset(b);
}

/* The argv whole, each argument written alike, for comparing; shown as describe_argv() has it. */
static void argv_words(struct diff_side *s, int task, struct sbuf *b)
{
	struct tr_strings argv = s->t->tasks[task].argv;
	struct sbuf n;

	sb_init(&n);
	for (int i = 0; i < argv.n; i++) {
		struct sbuf one;

		sb_init(&one);
		esc_add(&one, argv.v[i], ESC_TEXT);
		diff_norm(&n, sb_str(&one));
		sb_add(&n, "\x1f");
		sb_free(&one);
	}
	s->k[task].f[DF_ARGV] = intern(s, sb_str(&n));
	if (argv.v)
		describe_argv(b, argv, ESC_TEXT, TOOLTIP_MAX);
	s->k[task].show[DF_ARGV] = intern_sb(s, b);
	sb_free(&n);
}

/* A thread's name, its digits as "#": "GC Thread#3" and "pool-1-thread-12" are one pool. */
static void thread_name(struct sbuf *b, const char *comm)
{
	for (const char *p = comm; *p; ) {
		size_t n = strspn(p, "0123456789");

		sb_add(b, n ? "#" : "");
		p += n;
		if (*p && !n)
			sb_addn(b, p++, 1);
	}
}

/*
 * Whether the task is in a container, compared; which (runtime and id) only
 * shown: two runs name their containers as they like, and runc's and crun's
 * are both containers.
 */
static void container_words(struct diff_side *s, int task, struct sbuf *b)
{
	const struct tr_container *c = &s->t->tasks[task].container;

	if (!c->id) {
		s->k[task].f[DF_CONTAINER] = "";
		return;
	}
	s->k[task].f[DF_CONTAINER] = "in a container";
	esc_add(b, c->runtime ? c->runtime : "?", ESC_TEXT);
	sb_add(b, " container ");
	esc_add(b, c->id, ESC_TEXT);
	s->k[task].show[DF_CONTAINER] = intern_sb(s, b);
}

static void word_task(struct diff_side *s, int task, struct sbuf *b)
{
	const struct tr_task *k = &s->t->tasks[task];
	const struct tr_call *c = k->call >= 0 ? &s->t->calls[k->call] : NULL;
	struct diff_task *d = &s->k[task];
	const char **f = d->f;

	d->thread = k->thread;
	f[DF_KIND] = k->thread ? "thread" : "process";
	esc_add(b, k->comm, ESC_TEXT);
	if (k->thread) {
		struct sbuf n;

		sb_init(&n);
		thread_name(&n, sb_str(b));
		f[DF_COMM] = intern(s, sb_str(&n));
		d->show[DF_COMM] = strcmp(sb_str(&n), sb_str(b)) ? intern(s, sb_str(b)) : NULL;
		sb_free(&n);
		sb_reset(b);
	} else {
		f[DF_COMM] = intern_sb(s, b);
	}
	/* a thread runs its process's program with its argv: said once, of the process */
	if (!k->thread) {
		esc_add(b, k->exe ? k->exe : "-", ESC_TEXT);
		field_norm(s, task, DF_EXE, b);
		argv_words(s, task, b);
	} else {
		f[DF_EXE] = f[DF_ARGV] = "";
	}
	execs_words(b, k->execs, k->n_execs, false);
	field_norm(s, task, DF_EXECS, b);
	execs_words(b, k->exec_failures, k->n_exec_failures, true);
	field_norm(s, task, DF_EXEC_FAILURES, b);
	d->what = *f[DF_EXECS] ? f[DF_EXECS] : f[DF_COMM];
	container_words(s, task, b);
	if (c)
		call_words(b, c);
	f[DF_CALL] = intern_sb(s, b);
	if (c)
		result_words(b, c);
	f[DF_RESULT] = intern_sb(s, b);
	if (c)
		rules_words(b, c);
	f[DF_VIOLATES] = intern_sb(s, b);
	own_calls(b, s, task);
	f[DF_CALLS] = intern_sb(s, b);
}

static int by_sig(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * Bottom up (s->order backwards): the fields, then the children's
 * signatures, sorted (and each once, unless counts).
 */
static void sign(struct diff_side *s, const int *order, struct strmap *sigs, bool counts)
{
	const struct trace *t = s->t;
	int *kids = xcalloc(t->n_tasks + 1, sizeof(int));
	struct sbuf b;

	sb_init(&b);
	for (int i = t->n_tasks - 1; i >= 0; i--) {
		int task = order[i], n = 0;
		struct diff_task *d = &s->k[task];
		long long *id;
		bool added;

		if (!s->m.task[task])
			continue;
		d->size = 1;
		for (int f = 0; f < DF_COUNT; f++) {
			sb_add(&b, d->f[f]);
			sb_add(&b, "\x1f");
		}
		for (int x = d->kid; x >= 0; x = s->k[x].sib) {
			kids[n++] = s->k[x].sig;
			d->size += s->k[x].size;
		}
		qsort(kids, n, sizeof(int), by_sig);
		for (int j = 0; j < n; j++)
			if (counts || j == 0 || kids[j] != kids[j - 1])
				sb_printf(&b, "%d,", kids[j]);
		id = strmap_add(sigs, sb_str(&b), &added);
		if (added)
			*id = (long long)sigs->n - 1;
		d->sig = (int)*id;
		sb_reset(&b);
	}
	sb_free(&b);
	free(kids);
}

/*
 * The task a task hangs under: a thread under its process's first task, a
 * process under the first task of its creator's process; its "up" task
 * where that one would not come before it.  pos: each task's place in order.
 */
static int hang_under(const struct trace *t, int task, const int *pos)
{
	const struct tr_task *k = &t->tasks[task];
	int to = -1;

	if (k->group < 0 || k->up < 0)
		return k->up;
	if (k->thread)
		to = t->groups[k->group].leader;
	if (to < 0 || to == task)
		to = t->tasks[k->up].group >= 0 ? t->groups[t->tasks[k->up].group].leader : -1;
	return to >= 0 && to != task && pos[to] < pos[task] ? to : k->up;
}

/*
 * Kept tasks hang under their nearest kept ancestor (hang_under()); lists in
 * order of id.  order gets the tasks, each after the one it hangs under.
 */
static void link_kept(struct diff_side *s, int *order)
{
	const struct trace *t = s->t;
	int *last = xcalloc(t->n_tasks + 1, sizeof(int)), last_top = -1;
	int *pos = xcalloc(t->n_tasks + 1, sizeof(int)), *under = xcalloc(t->n_tasks + 1,
									     sizeof(int));
	int *next = xcalloc(t->n_tasks + 1, sizeof(int)), *first = xcalloc(t->n_tasks + 1,
									      sizeof(int));
	int n = 0;

	for (int i = 0; i < t->n_tasks; i++)
		pos[t->order[i]] = i;
	for (int i = 0; i < t->n_tasks; i++) {
		int task = t->order[i];

		under[task] = hang_under(t, task, pos);
		first[task] = next[task] = -1;
		last[task] = -1;
		s->k[task].kid = s->k[task].sib = -1;
		/* the nearest kept ancestor: the one above's own, when that one is not kept */
		s->k[task].up = under[task] < 0 ? -1 : s->m.task[under[task]] ? under[task] :
			s->k[under[task]].up;
	}
	/* order: tops, then breadth first through the tasks each hangs under */
	for (int task = t->n_tasks - 1; task >= 0; task--)
		if (under[task] >= 0) {
			next[task] = first[under[task]];
			first[under[task]] = task;
		}
	for (int task = 0; task < t->n_tasks; task++) {
		if (under[task] >= 0)
			continue;
		order[n++] = task;
		for (int at = n - 1; at < n; at++)
			for (int c = first[order[at]]; c >= 0; c = next[c])
				order[n++] = c;
	}
	for (int task = 0; task < t->n_tasks; task++) {
		int up = s->k[task].up;

		if (!s->m.task[task])
			continue;
		if (up < 0) {
			if (last_top < 0)
				s->top = task;
			else
				s->k[last_top].sib = task;
			last_top = task;
		} else {
			if (last[up] < 0)
				s->k[up].kid = task;
			else
				s->k[last[up]].sib = task;
			last[up] = task;
		}
	}
	free(last);
	free(pos);
	free(under);
	free(next);
	free(first);
}

/* diff_ns_words()'s words as the task's field. */
static void ns_field(void *arg, int task, int kind, const char *words)
{
	struct diff_side *s = arg;

	s->k[task].f[DF_NS + kind] = intern(s, words);
}

void diff_side_build(struct diff_side *s, const struct trace *t, const struct filter *f,
		     struct strmap *sigs, bool counts)
{
	int *order = xcalloc(t->n_tasks + 1, sizeof(int));
	struct sbuf b;

	memset(s, 0, sizeof(*s));
	s->t = t;
	strmap_init(&s->strings);
	s->k = xcalloc(t->n_tasks + 1, sizeof(*s->k));
	filter_apply(f, t, &s->m);
	s->top = -1;
	link_kept(s, order);
	sb_init(&b);
	for (int i = 0; i < t->n_tasks; i++) {
		label_task(s, i, &b);
		if (s->m.task[i]) {
			word_task(s, i, &b);
			s->kept++;
		}
	}
	sb_free(&b);
	diff_ns_words(t, s->m.task, ns_field, s);
	describe_sharing(s);
	sign(s, order, sigs, counts);
	free(order);
	/* what comparing needs is in s->k now: the trace may go */
	filter_match_free(&s->m);
	s->t = NULL;
}

void diff_side_free(struct diff_side *s)
{
	filter_match_free(&s->m);
	free(s->k);
	strmap_free(&s->strings);
	memset(s, 0, sizeof(*s));
}
