/* SPDX-License-Identifier: MIT */
/*
 * Tasks in words that survive a rerun, for `clonetrace diff`: no pid, no
 * time, no inode.  A task's namespace is "inherited" from its creator, "new
 * by its creating call" or "by its unshare"; any other is named by the call
 * that created it ("new by the clone3 NEWNET making runc > init"), the top's
 * as "initial", the rest "outside #N" in order of appearance.  A shared
 * resource is named by whom it is shared with (creator, parent, others) or "own".
 */
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "answers/diff_desc.h"

/* Labels of a namespace's creator kept in its name: enough to tell, bounded for deep chains. */
#define NS_PATH_MAX 4

static const char *const field_names[DF_NS] = {
	[DF_KIND] = "kind", [DF_COMM] = "comm", [DF_EXE] = "exe", [DF_ARGV] = "argv",
	[DF_EXECS] = "exec chain", [DF_EXEC_FAILURES] = "failed execs",
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

/* s as one string owned by the side; equal strings share it. */
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

/* Calls the task made that created no kept task: unshare, setns, failures. */
static void own_calls(struct sbuf *b, const struct diff_side *s, int task)
{
	const struct tr_task *k = &s->t->tasks[task];

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *c = &s->t->calls[k->calls[j]];

		if (!s->m.call[k->calls[j]] || (c->child >= 0 && s->m.task[c->child]))
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

/* A namespace's key in the side's map: "<kind>:<inode>". */
static void ns_key(struct sbuf *b, int kind, long long inode)
{
	sb_reset(b);
	sb_printf(b, "%d:%lld", kind, inode);
}

/* The namespaces named so far: "<kind>:<inode>" -> its name and the call that made it. */
struct ns_names {
	struct strmap index;		/* -> v[] */
	struct ns_name {
		const char *name;	/* interned in the side */
		int call;		/* index of the creating call, or -1 */
	} *v;
	int n, cap;
};

/* The entry of key, made with name and call when new. */
static const struct ns_name *ns_name(struct diff_side *s, struct ns_names *names,
				     const char *key, const char *name, int call)
{
	bool added;
	long long *at = strmap_add(&names->index, key, &added);

	if (added) {
		names->v = xgrow(names->v, &names->cap, names->n + 1, sizeof(*names->v));
		names->v[names->n] = (struct ns_name){ intern(s, name), call };
		*at = names->n++;
	}
	return &names->v[*at];
}

/* The name of a namespace (kind, inode), first come first named. */
static void name_ns(struct diff_side *s, struct ns_names *names, int kind, long long inode,
		    const char *name, int call)
{
	struct sbuf key;

	if (!inode)
		return;
	sb_init(&key);
	ns_key(&key, kind, inode);
	ns_name(s, names, sb_str(&key), name, call);
	sb_free(&key);
}

/* The namespace a call created, of kind k, is where its child (or unsharing caller) is. */
static void name_created(struct diff_side *s, struct ns_names *names, int call)
{
	const struct tr_call *c = &s->t->calls[call];
	unsigned kinds = filter_ns_kinds(c);
	bool unshare = strcmp(c->syscall, "unshare") == 0;
	int task = unshare ? c->task : c->child;
	struct sbuf name;

	if (!kinds || c->result == RESULT_ERRNO || task < 0)
		return;
	sb_init(&name);
	sb_add(&name, "new by the ");
	describe_call_short(&name, c, ESC_TEXT);
	sb_add(&name, unshare ? " of " : " making ");
	diff_path(&name, s, task, NS_PATH_MAX);
	for (int k = 0; k < NS_COUNT; k++) {
		const long long *ns = s->t->tasks[task].ns;

		if (!(kinds & (1u << k)))
			continue;
		/* unshare(CLONE_NEWPID) and (CLONE_NEWTIME) move only the caller's children. */
		if (k == NS_PID || k == NS_TIME) {
			int kc = k == NS_PID ? NS_PID_FOR_CHILDREN : NS_TIME_FOR_CHILDREN;

			name_ns(s, names, kc, ns[kc], sb_str(&name), call);
			if (unshare)
				continue;
		}
		name_ns(s, names, k, ns[k], sb_str(&name), call);
	}
	sb_free(&name);
}

/*
 * A task's namespace of kind k, relative to the task: "inherited" (its
 * creator's), "new by its creating call", "new by its unshare", else the
 * namespace's own name ("initial", "outside #N", "new by the ... of PATH").
 */
static const char *ns_words(struct diff_side *s, struct ns_names *names, int task, int k,
			    int *outside)
{
	const struct tr_task *x = &s->t->tasks[task];
	const struct tr_call *c;
	const struct ns_name *n;
	struct sbuf key;
	long long *at;

	if (!x->ns[k])
		return "-";
	if (x->up >= 0 && s->t->tasks[x->up].ns[ct_ns[k].inherit] == x->ns[k])
		return "inherited";
	sb_init(&key);
	ns_key(&key, k, x->ns[k]);
	at = strmap_get(&names->index, sb_str(&key));
	if (at) {
		n = &names->v[*at];
	} else {
		struct sbuf b;

		sb_init(&b);
		sb_printf(&b, "outside #%d", ++*outside);
		n = ns_name(s, names, sb_str(&key), sb_str(&b), -1);
		sb_free(&b);
	}
	sb_free(&key);
	c = n->call >= 0 ? &s->t->calls[n->call] : NULL;
	if (c && n->call == x->call)
		return "new by its creating call";
	if (c && c->task == task)
		return "new by its unshare";
	return n->name;
}

static void describe_ns(struct diff_side *s)
{
	const struct trace *t = s->t;
	struct ns_names names = { 0 };
	int outside = 0;

	strmap_init(&names.index);
	for (int i = 0; i < t->n_tasks; i++)
		if (t->tasks[i].up < 0)
			for (int k = 0; k < NS_COUNT; k++)
				name_ns(s, &names, k, t->tasks[i].ns[k], "initial", -1);
	for (int i = 0; i < t->n_calls; i++)
		name_created(s, &names, i);
	for (int i = 0; i < t->n_tasks; i++) {
		int task = t->order[i];

		if (s->m.task[task])
			for (int k = 0; k < NS_COUNT; k++)
				s->k[task].f[DF_NS + k] = ns_words(s, &names, task, k, &outside);
	}
	strmap_free(&names.index);
	free(names.v);
}

/* qsort_r: shares of (task, kind) pairs, numbered task * R_COUNT + kind, by instance. */
static int by_instance(const void *a, const void *b, void *arg)
{
	const struct trace *t = arg;
	int x = *(const int *)a, y = *(const int *)b;

	return strcmp(t->tasks[x / R_COUNT].shares[x % R_COUNT],
		      t->tasks[y / R_COUNT].shares[y % R_COUNT]);
}

/* shared[task * R_COUNT + kind]: the instance has other holders (sorted, not hashed: small). */
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
		for (j = i + 1; j < n && by_instance(&held[i], &held[j], (void *)t) == 0; j++)
			;
		for (int x = i; j - i > 1 && x < j; x++)
			shared[held[x]] = true;
	}
	free(held);
	return shared;
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
			const char *inst = x->shares[k], *w;

			if (!inst)
				w = "-";
			else if (x->creator >= 0 && t->tasks[x->creator].shares[k] &&
				 strcmp(t->tasks[x->creator].shares[k], inst) == 0)
				w = "with its creator";
			else if (x->parent >= 0 && t->tasks[x->parent].shares[k] &&
				 strcmp(t->tasks[x->parent].shares[k], inst) == 0)
				w = "with its parent";
			else if (shared[i * R_COUNT + k])
				w = "with other tasks";
			else
				w = "own";
			s->k[i].f[DF_SHARE + k] = w;
		}
	}
	free(shared);
}

static void word_task(struct diff_side *s, int task, struct sbuf *b)
{
	const struct tr_task *k = &s->t->tasks[task];
	const struct tr_call *c = k->call >= 0 ? &s->t->calls[k->call] : NULL;
	const char **f = s->k[task].f;

	f[DF_KIND] = k->thread ? "thread" : "process";
	esc_add(b, k->comm, ESC_TEXT);
	f[DF_COMM] = intern_sb(s, b);
	esc_add(b, k->exe ? k->exe : "-", ESC_TEXT);
	f[DF_EXE] = intern_sb(s, b);
	if (k->argv.v)
		describe_argv(b, k->argv, ESC_TEXT, TOOLTIP_MAX);
	f[DF_ARGV] = intern_sb(s, b);
	execs_words(b, k->execs, k->n_execs, false);
	f[DF_EXECS] = intern_sb(s, b);
	execs_words(b, k->exec_failures, k->n_exec_failures, true);
	f[DF_EXEC_FAILURES] = intern_sb(s, b);
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

/* Bottom up (t->order backwards): the fields, then the children's signatures, sorted. */
static void sign(struct diff_side *s, struct strmap *sigs)
{
	const struct trace *t = s->t;
	int *kids = xcalloc(t->n_tasks + 1, sizeof(int));
	struct sbuf b;

	sb_init(&b);
	for (int i = t->n_tasks - 1; i >= 0; i--) {
		int task = t->order[i], n = 0;
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

/* Kept tasks hang under their nearest kept ancestor; lists in order of id. */
static void link_kept(struct diff_side *s)
{
	const struct trace *t = s->t;
	int *last = xcalloc(t->n_tasks + 1, sizeof(int)), last_top = -1;

	s->top = -1;
	for (int i = 0; i < t->n_tasks; i++) {
		int task = t->order[i], up = t->tasks[task].up;

		last[task] = -1;
		s->k[task].kid = s->k[task].sib = -1;
		/* the nearest kept ancestor: the up task's own, when it is not kept */
		s->k[task].up = up < 0 ? -1 : s->m.task[up] ? up : s->k[up].up;
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
}

void diff_side_build(struct diff_side *s, const struct trace *t, const struct filter *f,
		     struct strmap *sigs)
{
	struct sbuf b;

	memset(s, 0, sizeof(*s));
	s->t = t;
	strmap_init(&s->strings);
	s->k = xcalloc(t->n_tasks + 1, sizeof(*s->k));
	filter_apply(f, t, &s->m);
	link_kept(s);
	sb_init(&b);
	for (int i = 0; i < t->n_tasks; i++) {
		label_task(s, i, &b);
		if (s->m.task[i])
			word_task(s, i, &b);
	}
	sb_free(&b);
	describe_ns(s);
	describe_sharing(s);
	sign(s, sigs);
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
