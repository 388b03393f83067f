/* SPDX-License-Identifier: MIT */
/*
 * One unit's line in `show`:
 *   [N*[]comm(tid[, N in ns])[]] [ns:KINDS] [container:ID] [{N threads}] [CHAIN] [[CALL]]
 *       [unshare FLAGS] [setns FLAGS] EXIT [-> COMM EXIT] [(+N tasks below not shown)] [-- ARGV]
 * CHAIN is what the process ran, "fork_exec -> sh -> ls": the program its
 * creator ran at the call, then each execve.  container:ID is marked where
 * the tasks enter a container (container:- where they leave one).  Trace text is escaped
 * (ESC_TEXT): nothing in a trace can move the cursor.
 */
#include <stdlib.h>
#include <string.h>

#include "answers/ctr.h"
#include "answers/describe.h"
#include "answers/showline.h"
#include "answers/showstack.h"

static const char *const sgr[] = {
	[C_NONE] = "", [C_BOLD] = "\033[1m", [C_DIM] = "\033[2m", [C_RED] = "\033[31m",
	[C_YELLOW] = "\033[33m", [C_MAGENTA] = "\033[35m", [C_CYAN] = "\033[36m",
};

/* The kinds a namespace transition is marked for (pstree -S), in its order. */
static const enum ns_kind marked[] = {
	NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_TIME, NS_USER, NS_UTS,
};

void showline_paint(struct sbuf *b, const struct show_opts *o, enum show_color c,
		    const char *text)
{
	if (o->color && c != C_NONE) {
		sb_add(b, sgr[c]);
		sb_add(b, text);
		sb_add(b, "\033[0m");
	} else {
		sb_add(b, text);
	}
}

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash && slash[1] ? slash + 1 : path;
}

/* The program task ran at time ns: its last execve by then, else what it started as. */
static const char *image_at(const struct trace *t, const char **image, int task, long long ns)
{
	const struct tr_task *k = &t->tasks[task];
	const char *name = image[task];

	for (int i = 0; i < k->n_execs && k->execs[i].time_ns <= ns; i++)
		name = k->execs[i].program;
	return name;
}

const char **showline_images(const struct trace *t)
{
	const char **image = xcalloc(t->n_tasks, sizeof(*image));

	/* Every task comes after its creator in t->order. */
	for (int i = 0; i < t->n_tasks; i++) {
		int x = t->order[i];
		const struct tr_task *k = &t->tasks[x];

		if (k->creator >= 0 && k->call >= 0)
			image[x] = image_at(t, image, k->creator, t->calls[k->call].time_ns);
	}
	return image;
}

/*
 * "(2002)", or "(2002, 1 in ns)" for a task in another PID namespace;
 * "(2002, ? in ns)" when its pids were never read (nspid null).
 */
static void pid_words(struct sbuf *b, const struct tr_task *k)
{
	sb_printf(b, "(%lld", k->tid);
	if (k->n_nspid > 1 && k->nspid[k->n_nspid - 1] != k->tid)
		sb_printf(b, ", %lld in ns", k->nspid[k->n_nspid - 1]);
	else if (k->nspid_unknown)
		sb_add(b, ", ? in ns");
	sb_add(b, ")");
}

void showline_task(struct sbuf *b, const struct trace *t, int task, const struct show_opts *o)
{
	const struct tr_task *k = &t->tasks[task];
	struct sbuf s;

	sb_init(&s);
	esc_add(&s, k->comm, ESC_TEXT);
	showline_paint(b, o, C_BOLD, sb_str(&s));
	pid_words(b, k);
	sb_free(&s);
}

unsigned long long showline_ns_flag(int kind)
{
	return kind == NS_PID_FOR_CHILDREN || kind == NS_TIME_FOR_CHILDREN ? 0 : ct_ns[kind].flag;
}

/* Did task change its namespace of kind (unshare, setns) after time ns? */
static bool ns_changed_after(const struct trace *t, int task, int kind, long long ns)
{
	const struct tr_task *k = &t->tasks[task];

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *c = &t->calls[k->calls[j]];

		if (c->time_ns > ns && c->result == RESULT_VALUE && (c->mask & showline_ns_flag(kind)) &&
		    (strcmp(c->syscall, "unshare") == 0 || strcmp(c->syscall, "setns") == 0))
			return true;
	}
	return false;
}

/* pstree -S: the kinds of namespace in which the task differs from the one above it. */
static void ns_marker(struct sbuf *b, const struct show_line *s, int unit)
{
	const struct units *m = s->m;
	const struct tr_task *k = &m->t->tasks[m->u[unit].task];
	int up = m->u[unit].parent >= 0 ? m->u[m->u[unit].parent].task : -1;
	const char *sep = " ns:";
	struct sbuf w;

	if (up < 0)
		return;
	sb_init(&w);
	for (size_t i = 0; i < sizeof(marked) / sizeof(marked[0]); i++) {
		int kind = marked[i];
		long long then = k->call >= 0 ? m->t->calls[k->call].time_ns : k->start_ns;

		/* The one above changed it later: what it had at the call is not known. */
		if (!k->ns[kind] || !m->t->tasks[up].ns[kind] ||
		    k->ns[kind] == m->t->tasks[up].ns[kind] ||
		    ns_changed_after(m->t, up, kind, then))
			continue;
		sb_add(&w, sep);
		sb_add(&w, ct_ns[kind].name);
		sep = ",";
	}
	if (w.len)
		showline_paint(b, s->o, C_MAGENTA, sb_str(&w));
	sb_free(&w);
}

/* container:ID where the unit's task is in another container than the one above it. */
static void ctr_marker(struct sbuf *b, const struct show_line *s, int unit)
{
	const struct units *m = s->m;
	const struct tr_task *k = &m->t->tasks[m->u[unit].task];
	int up = m->u[unit].parent >= 0 ? m->u[m->u[unit].parent].task : -1;
	const char *mine = k->container.id, *above = up >= 0 ? m->t->tasks[up].container.id : NULL;
	struct sbuf w;

	if (mine == above || (mine && above && strcmp(mine, above) == 0))
		return;
	sb_init(&w);
	sb_add(&w, " container:");
	if (mine)
		ctr_short_id(&w, mine);
	else
		sb_add(&w, "-");
	showline_paint(b, s->o, C_MAGENTA, sb_str(&w));
	sb_free(&w);
}

/* A step of the chain: a path, its basename unless -a. */
static void chain_name(struct sbuf *b, const struct show_line *s, const char *path)
{
	esc_add(b, s->o->argv ? path : base_name(path), ESC_TEXT);
}

/*
 * Failed execs from *j on that read alike (the name shown and the errno), as
 * one step: a PATH search (execvp trying /usr/local/bin/as, /usr/bin/as, ...)
 * is "(10 x as: ENOENT)"; with -a, where whole paths are shown, only the
 * same path.
 */
static void chain_failed(struct sbuf *b, const struct show_line *s, const struct tr_task *k,
			 int *j)
{
	const struct tr_exec *x = &k->exec_failures[*j];
	const char *path = x->program, *shown = s->o->argv ? path : base_name(path);
	int n = 1;

	while (*j + n < k->n_exec_failures) {
		const struct tr_exec *y = &k->exec_failures[*j + n];

		if (strcmp(s->o->argv ? y->program : base_name(y->program), shown) ||
		    strcmp(y->err, x->err))
			break;
		n++;
	}
	*j += n;
	sb_add(b, "(");
	if (n > 1)
		sb_printf(b, "%d x ", n);
	chain_name(b, s, path);
	sb_add(b, ": ");
	esc_add(b, x->err, ESC_TEXT);
	sb_add(b, ")");
}

/* The exe, when nothing else says what the task runs (or -a asks for paths). */
static void exe_words(struct sbuf *b, const struct show_line *s, const struct tr_task *k)
{
	struct sbuf w;

	if (!k->exe || (!s->o->argv && strncmp(base_name(k->exe), k->comm, 15) == 0))
		return;
	sb_init(&w);
	sb_add(&w, " ");
	esc_add(&w, k->exe, ESC_TEXT);
	showline_paint(b, s->o, C_DIM, sb_str(&w));
	sb_free(&w);
}

/* " fork_exec -> sh -> ls": only when it says more than the comm does; else the exe. */
static void exec_chain(struct sbuf *b, const struct show_line *s, int task)
{
	const struct tr_task *k = &s->m->t->tasks[task];
	const char *start = s->image[task];
	int steps = (start != NULL) + k->n_execs, nf = s->o->failed_execs ? k->n_exec_failures : 0;
	struct sbuf c;

	const char *only = base_name(start ? start : k->n_execs ? k->execs[0].program : NULL);

	/* a process that never exec'd runs its creator's program: its exe says so */
	if (nf == 0 && (k->n_execs == 0 || (steps == 1 && !s->o->argv &&
				       (!only || strncmp(only, k->comm, 15) == 0)))) {
		if (!k->thread || s->m->mode == UNIT_GROUPS)
			exe_words(b, s, k);
		return;
	}
	sb_init(&c);
	sb_add(&c, " ");
	if (start)
		chain_name(&c, s, start);
	for (int i = 0, j = 0; i < k->n_execs || j < nf;) {
		bool fail = j < nf && (i == k->n_execs ||
				       k->exec_failures[j].time_ns <= k->execs[i].time_ns);

		if (c.len > 1)
			sb_add(&c, " -> ");
		if (fail)
			chain_failed(&c, s, k, &j);
		else
			chain_name(&c, s, k->execs[i++].program);
	}
	showline_paint(b, s->o, C_CYAN, sb_str(&c));
	sb_free(&c);
}

/* Successful unshare and setns calls of the unit's tasks, where they were made. */
static void ns_calls(struct sbuf *b, const struct show_line *s, int unit)
{
	int *calls, n = units_ns_calls(s->m, unit, &calls);
	struct sbuf w;

	sb_init(&w);
	for (int i = 0; i < n; i++) {
		sb_add(&w, i ? "; " : " ");
		describe_call_short(&w, &s->m->t->calls[calls[i]], ESC_TEXT);
	}
	if (w.len)
		showline_paint(b, s->o, C_MAGENTA, sb_str(&w));
	sb_free(&w);
	free(calls);
}

static void exit_words(struct sbuf *b, const struct show_opts *o, const struct tr_task *k)
{
	struct sbuf w;

	sb_init(&w);
	sb_add(&w, " ");
	describe_exit(&w, k, ESC_TEXT);
	showline_paint(b, o, k->exit.kind == EXIT_SIGNAL ? C_RED :
		       describe_exit_bad(k) ? C_YELLOW : C_NONE, sb_str(&w));
	sb_free(&w);
}

/* The name part: "comm(tid)", "{comm}(tid)" for a thread, "N*[comm]" for folded ones. */
static void unit_name(struct sbuf *b, const struct show_line *s, int unit, bool key)
{
	const struct unit *u = &s->m->u[unit];
	const struct tr_task *k = &s->m->t->tasks[u->task];
	int n = u->count * (key ? 1 : s->mult);
	bool thread = k->thread && s->m->mode == UNIT_TASKS, folded = n > 1 && !key;
	struct sbuf w;

	sb_init(&w);
	sb_add(&w, thread ? "{" : "");
	esc_add(&w, k->comm, ESC_TEXT);
	sb_add(&w, thread ? "}" : "");
	if (folded) {
		sb_printf(b, "%d*[", n);
		showline_paint(b, s->o, C_BOLD, sb_str(&w));
		sb_add(b, "]");
	} else if (key) {
		sb_add(b, sb_str(&w));
	} else {
		showline_paint(b, s->o, C_BOLD, sb_str(&w));
		pid_words(b, k);
	}
	sb_free(&w);
}

static void unit_text(struct sbuf *b, const struct show_line *s, int unit, bool key)
{
	const struct units *m = s->m;
	const struct unit *u = &m->u[unit];
	const struct tr_task *k = &m->t->tasks[u->task];
	const struct tr_group *g = &m->t->groups[u->group];
	struct sbuf w;

	sb_init(&w);
	unit_name(b, s, unit, key);
	ns_marker(b, s, unit);
	ctr_marker(b, s, unit);
	if (u->threads > 0)
		sb_printf(b, " {%d thread%s}", u->threads, u->threads == 1 ? "" : "s");
	exec_chain(b, s, u->task);
	if (k->call >= 0) {
		sb_add(&w, " [");
		describe_call_short(&w, &m->t->calls[k->call], ESC_TEXT);
		sb_add(&w, "]");
		showline_paint(b, s->o, C_DIM, sb_str(&w));
	}
	ns_calls(b, s, unit);
	if (m->mode == UNIT_GROUPS && g->last != u->task) {
		/* a thread's execve took the process over: "then thread 7327's execve -> prog" */
		const struct tr_task *x = &m->t->tasks[g->last];
		long long old = x->n_execs ? x->execs[0].old_tid : 0;

		sb_reset(&w);
		if (old > 0)
			sb_printf(&w, " then thread %lld's execve ->", old);
		else
			sb_add(&w, " then a thread's execve ->");
		showline_paint(b, s->o, C_DIM, sb_str(&w));
		sb_reset(&w);
		for (int i = 0; i < x->n_execs; i++) {
			sb_add(&w, i ? " -> " : " ");
			chain_name(&w, s, x->execs[i].program);
		}
		showline_paint(b, s->o, C_CYAN, sb_str(&w));
		exit_words(b, s->o, x);
	} else {
		exit_words(b, s->o, k);
	}
	if (k->escaped)
		showline_paint(b, s->o, C_MAGENTA, " (escaped tracing)");
	if (k->pre_existing)
		sb_add(b, " (there before attach)");
	if (!key) {
		/* --depth: what is cut below every alike subtree this line stands for */
		long hidden = 0;

		for (int f = unit; f >= 0; f = m->u[f].folded)
			hidden += m->u[f].hidden;
		hidden *= s->mult;
		if (hidden > 0)
			sb_printf(b, " (+%ld task%s below not shown)", hidden, hidden == 1 ? "" : "s");
	}
	if (s->o->argv && k->argv.v) {
		sb_reset(&w);
		sb_add(&w, " -- ");
		describe_argv(&w, k->argv, ESC_TEXT, TOOLTIP_MAX);
		showline_paint(b, s->o, C_DIM, sb_str(&w));
	}
	sb_free(&w);
}

void showline_unit(struct sbuf *b, const struct show_line *s, int unit)
{
	unit_text(b, s, unit, false);
}

/* v with three significant digits, never in exponent form: 0.205, 1.44, 12.5, 233, 1234. */
static void digits3(struct sbuf *b, double v)
{
	sb_printf(b, "%.*f", v < 1 ? 3 : v < 10 ? 2 : v < 100 ? 1 : 0, v);
}

/* "4.94-227 ms": a range of durations, in the unit of the longer, three digits each. */
static void time_range(struct sbuf *b, long long lo, long long hi)
{
	double div = hi < 1000000 ? 1e3 : hi < 1000000000 ? 1e6 : 1e9;

	digits3(b, lo / div);
	sb_add(b, "-");
	digits3(b, hi / div);
	sb_add(b, div == 1e3 ? " us" : div == 1e6 ? " ms" : " s");
}

/*
 * The start and lifetime columns.  A folded line stands for several tasks:
 * the earliest start and the range of lifetimes over them; under a folded
 * line (s->mult > 1) the tasks it stands for are not at hand, so nothing,
 * rather than one task's times as if they were all of them.
 */
void showline_times(struct sbuf *b, const struct show_line *s, int unit)
{
	const struct tr_task *k;
	const struct units *m = s->m;
	long long start, lo = -1, hi = -1;
	bool alive = false;
	struct sbuf a, l;

	if (unit < 0 || s->mult > 1) {
		sb_printf(b, "%11s %13s  ", "", "");
		return;
	}
	k = &m->t->tasks[m->u[unit].task];
	start = k->start_ns;
	for (int f = unit; f >= 0; f = m->u[f].folded) {
		const struct tr_task *x = &m->t->tasks[m->u[f].task];
		long long life = x->end_ns - x->start_ns;

		start = x->start_ns < start ? x->start_ns : start;
		if (x->end_ns < 0) {
			alive = true;
			continue;
		}
		lo = lo < 0 || life < lo ? life : lo;
		hi = life > hi ? life : hi;
	}
	sb_init(&a);
	sb_init(&l);
	sb_add(&a, "+");
	esc_time(&a, start);
	if (alive)
		sb_add(&l, "alive");
	else if (lo == hi)
		esc_time(&l, lo);
	else
		time_range(&l, lo, hi);
	sb_printf(b, "%11s %13s  ", sb_str(&a), sb_str(&l));
	sb_free(&a);
	sb_free(&l);
}

void showline_failed(struct sbuf *b, const struct show_line *s, int call, int count)
{
	struct sbuf w;

	sb_init(&w);
	sb_add(&w, "! ");
	if (count > 1)
		sb_printf(&w, "%d x ", count);
	describe_failed(&w, &s->m->t->calls[call], ESC_TEXT);
	showline_paint(b, s->o, C_RED, sb_str(&w));
	sb_free(&w);
}

void showline_key(struct sbuf *key, const struct units *m, int unit, const void *ctx)
{
	const struct show_line *s = ctx;
	int *calls, *counts, n = units_failed(m, unit, &calls, &counts);
	struct show_line plain = *s;
	struct show_opts o = *s->o;

	/* Folding is decided before the model is complete: work with the one being built. */
	o.color = false;
	plain.o = &o;
	plain.m = m;
	unit_text(key, &plain, unit, true);
	for (int i = 0; i < n; i++) {
		sb_printf(key, "\x1f%d*", counts[i]);
		describe_failed(key, &m->t->calls[calls[i]], ESC_TEXT);
	}
	if (o.stack) {
		sb_add(key, "\x1f");
		showline_stacks(key, m, unit);
	}
	free(calls);
	free(counts);
}
