/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace show --ns-audit`: the container auditor's view.  One line per
 * call that created or joined a namespace, or tried to, in time order:
 *   +12.000 ms  runc(2000)  clone3 NEWPID|NEWNS -> init(2002, 1 in ns)  new pid 4026532400, mnt 4026532401
 *   +40.000 ms  runc(2000)  clone NEWUSER = -1 EPERM; breaks: ...
 * then, for each namespace made during the trace, the tasks that lived in it
 * with their pids there.  The trace holds each task's namespaces as they
 * were at its end: a namespace a task left again by a later call of the same
 * kind is not known, and shows as "?".
 */
#include <stdlib.h>
#include <string.h>

#include "answers/audit.h"
#include "answers/ctr_audit.h"
#include "answers/describe.h"
#include "answers/showline.h"

/* A namespace made during the trace: by which call, of which kind. */
struct made {
	int kind;
	long long inode;
	int call;
};

struct audit {
	FILE *out;
	const struct trace *t;
	const struct show_opts *o;
	struct sbuf line;
	struct made *made;
	int n_made, cap_made;
};

static bool ns_call(const struct tr_call *c)
{
	unsigned long long all = 0;

	for (int k = 0; k < NS_COUNT; k++)
		all |= showline_ns_flag(k);
	return strcmp(c->syscall, "setns") == 0 ||
	       ((c->mask & all) && strcmp(c->syscall, "vfork") != 0);
}

static int by_time(const void *a, const void *b, void *ctx)
{
	const struct trace *t = ctx;
	const struct tr_call *x = &t->calls[*(const int *)a], *y = &t->calls[*(const int *)b];

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The kinds a setns joined: its ns_type when the fd said, else its flags. */
static bool joins(const struct tr_call *c, int kind)
{
	if (c->ns_type >= 0)
		return c->ns_type == kind;
	return (c->mask & showline_ns_flag(kind)) != 0;
}

/* The task's namespace of kind after call c, or 0 when a later call of the task changed it. */
static long long ns_after(const struct trace *t, int task, int kind, const struct tr_call *c)
{
	const struct tr_task *k = &t->tasks[task];
	long long when = c ? c->time_ns : -1;

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *x = &t->calls[k->calls[j]];

		if (x == c || x->time_ns < when || x->result != RESULT_VALUE)
			continue;
		if (strcmp(x->syscall, "setns") == 0 ? joins(x, kind) :
		    strcmp(x->syscall, "unshare") == 0 && (x->mask & showline_ns_flag(kind)))
			return 0;
	}
	/* unshare and setns of pid and time change what children get, not the caller's own */
	if (c && strcmp(c->syscall, "clone") != 0 && strcmp(c->syscall, "clone3") != 0)
		kind = ct_ns[kind].inherit;
	return k->ns[kind];
}

/* "new pid 4026532400, mnt ?" or "joined net 4026532500". */
static void inodes(struct audit *a, int call)
{
	const struct tr_call *c = &a->t->calls[call];
	bool setns = strcmp(c->syscall, "setns") == 0, clone = c->child >= 0;
	const char *sep = setns ? "  joined " : "  new ";

	for (int kind = 0; kind < NS_COUNT; kind++) {
		long long inode;

		if (!showline_ns_flag(kind) || (setns ? !joins(c, kind) :
						!(c->mask & showline_ns_flag(kind))))
			continue;
		inode = clone ? ns_after(a->t, c->child, kind, NULL) : ns_after(a->t, c->task, kind, c);
		/* setns says which namespace its fd named */
		if (setns && c->has_ns_inode)
			inode = c->ns_inode;
		sb_printf(&a->line, "%s%s ", sep, ct_ns[kind].name);
		sep = ", ";
		if (!inode) {
			sb_add(&a->line, "?");
			continue;
		}
		sb_printf(&a->line, "%lld", inode);
		if (!setns) {
			a->made = xgrow(a->made, &a->cap_made, a->n_made + 1, sizeof(*a->made));
			a->made[a->n_made++] = (struct made){ kind, inode, call };
		}
	}
}

static int emit(struct audit *a)
{
	sb_add(&a->line, "\n");
	if (fwrite(a->line.s, 1, a->line.len, a->out) != a->line.len)
		return -1;
	sb_reset(&a->line);
	return 0;
}

static int call_line(struct audit *a, int call)
{
	const struct tr_call *c = &a->t->calls[call];
	struct sbuf w;

	sb_init(&w);
	sb_add(&a->line, "  ");
	sb_add(&w, "+");
	esc_time(&w, c->time_ns);
	sb_printf(&a->line, "%11s  ", sb_str(&w));
	showline_task(&a->line, a->t, c->task, a->o);
	sb_add(&a->line, "  ");
	sb_reset(&w);
	if (c->result == RESULT_ERRNO) {
		describe_failed(&w, c, ESC_TEXT);
		showline_paint(&a->line, a->o, C_RED, sb_str(&w));
	} else {
		describe_call_short(&w, c, ESC_TEXT);
		showline_paint(&a->line, a->o, C_MAGENTA, sb_str(&w));
		if (c->child >= 0) {
			sb_add(&a->line, " -> ");
			showline_task(&a->line, a->t, c->child, a->o);
		}
		if (c->result == RESULT_VALUE)
			inodes(a, call);
		else
			sb_add(&a->line, "  (never returned while traced)");
	}
	sb_free(&w);
	return emit(a);
}

/* The tasks of namespace x: processes, and threads whose process is not in it. */
static int members(struct audit *a, const struct made *x)
{
	const struct trace *t = a->t;
	const struct tr_call *c = &t->calls[x->call];
	int rc, n = 0;

	sb_printf(&a->line, "%s namespace %lld, made by ", ct_ns[x->kind].name, x->inode);
	describe_call_short(&a->line, c, ESC_TEXT);
	sb_add(&a->line, " of ");
	showline_task(&a->line, t, c->task, a->o);
	sb_add(&a->line, " at +");
	esc_time(&a->line, c->time_ns);
	sb_add(&a->line, ":");
	rc = emit(a);
	for (int i = 0; i < t->n_tasks && rc == 0; i++) {
		const struct tr_task *k = &t->tasks[t->order[i]];
		int leader = t->groups[k->group].leader;

		if (k->ns[x->kind] != x->inode ||
		    (k->thread && t->tasks[leader].ns[x->kind] == x->inode && leader != t->order[i]))
			continue;
		sb_add(&a->line, "    ");
		if (k->thread)
			sb_add(&a->line, "thread ");
		showline_task(&a->line, t, t->order[i], a->o);
		rc = emit(a);
		n++;
	}
	if (rc == 0 && n == 0) {
		sb_add(&a->line, "    (no task of the trace ended in it)");
		rc = emit(a);
	}
	return rc;
}

int audit_write(FILE *out, const struct trace *t, const struct show_opts *o)
{
	struct audit a = { .out = out, .t = t, .o = o };
	int *calls = xcalloc(t->n_calls + 1, sizeof(int)), n = 0, rc = 0;
	bool *seen;

	sb_init(&a.line);
	/* -e: the calls the filter keeps */
	for (int i = 0; i < t->n_calls; i++)
		if (ns_call(&t->calls[i]) && (!o->sel.keep_call || o->sel.keep_call[i]))
			calls[n++] = i;
	qsort_r(calls, n, sizeof(int), by_time, (void *)t);
	sb_add(&a.line, n ? "namespace calls, in time order:" :
	       "no call created or joined a namespace");
	rc = emit(&a);
	for (int i = 0; i < n && rc == 0; i++)
		rc = call_line(&a, calls[i]);
	/* A namespace is listed once, under the first call that made it. */
	seen = xcalloc(a.n_made + 1, sizeof(bool));
	for (int i = 0; i < a.n_made && rc == 0; i++) {
		for (int j = 0; j < i && !seen[i]; j++)
			seen[i] = a.made[j].kind == a.made[i].kind &&
				  a.made[j].inode == a.made[i].inode;
		if (seen[i])
			continue;
		rc = emit(&a);
		if (rc == 0)
			rc = members(&a, &a.made[i]);
	}
	/* then each container: its tasks, and the namespaces made for it */
	if (rc == 0)
		rc = ctr_audit_write(out, t, o);
	if (rc == 0 && !t->meta.complete) {
		sb_add(&a.line, "(trace incomplete: clonetrace was interrupted)");
		rc = emit(&a);
	}
	free(seen);
	free(a.made);
	free(calls);
	sb_free(&a.line);
	return rc;
}
