/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace show --ns-audit`: the container auditor's view.  One line per
 * call that created or joined a namespace, or tried to, in time order:
 *   +12.000 ms  runc(2000)  clone3 NEWPID|NEWNS -> init(2002, 1 in ns)  new pid 4026532400, mnt 4026532401
 *   +40.000 ms  runc(2000)  clone NEWUSER = -1 EPERM; breaks: ...
 * and, in light and attach modes, where a task's own namespaces changed by a
 * call those modes do not see; then, for each namespace made during the
 * trace, the tasks that ended in it with their pids there.  A namespace is
 * an instance (format/typed.h): the kernel reuses a freed one's inode, so
 * a later namespace with an inode seen before is shown "4026532174#2".  A
 * namespace a task left again by a later call of the same kind is known
 * from the call that made it (its "made"), with no task ended in it.
 */
#include <stdlib.h>
#include <string.h>

#include "answers/audit.h"
#include "answers/ctr_audit.h"
#include "answers/describe.h"
#include "answers/showline.h"

/* A namespace made during the trace: by which call (-1: a change not seen), of which kind. */
struct made {
	int kind;
	long long ns;			/* the instance (format/typed.h) */
	int call;
};

/* Instances an unseen call gave one task are found by one read: within a millisecond. */
#define UNSEEN_TOGETHER_NS 1000000

struct audit {
	FILE *out;
	const struct trace *t;
	const struct show_opts *o;
	struct sbuf line;
	struct made *made;
	int n_made, cap_made;
};

/* One line of the audit: a call (>= 0), or -1 - i for an unseen change first seen in t->nss[i]. */
struct event {
	long long time_ns;
	int call;
};

static bool ns_call(const struct tr_call *c)
{
	unsigned long long all = 0;

	for (int k = 0; k < NS_COUNT; k++)
		all |= showline_ns_flag(k);
	return strcmp(c->syscall, "setns") == 0 ||
	       ((c->mask & all) && strcmp(c->syscall, "vfork") != 0);
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return x->call < y->call ? -1 : x->call > y->call;
}

/* The kinds a setns joined: its ns_type when the fd said, else its flags. */
static bool joins(const struct tr_call *c, int kind)
{
	if (c->ns_type >= 0)
		return c->ns_type == kind;
	return (c->mask & showline_ns_flag(kind)) != 0;
}

/* The task's namespace of kind after its setns c, or 0 when a later call of the task changed it. */
static long long ns_after(const struct trace *t, int task, int kind, const struct tr_call *c)
{
	const struct tr_task *k = &t->tasks[task];

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *x = &t->calls[k->calls[j]];

		if (x == c || x->time_ns < c->time_ns || x->result != RESULT_VALUE)
			continue;
		if (strcmp(x->syscall, "setns") == 0 ? joins(x, kind) :
		    strcmp(x->syscall, "unshare") == 0 && (x->mask & showline_ns_flag(kind)))
			return 0;
	}
	/* setns of pid and time changes what children get, not the caller's own */
	return k->ns[ct_ns[kind].inherit];
}

static void made_add(struct audit *a, int kind, long long ns, int call)
{
	a->made = xgrow(a->made, &a->cap_made, a->n_made + 1, sizeof(*a->made));
	a->made[a->n_made++] = (struct made){ kind, ns, call };
}

/* "new pid 4026532400, mnt ?" or "joined net 4026532500". */
static void inodes(struct audit *a, int call)
{
	const struct tr_call *c = &a->t->calls[call];
	bool setns = strcmp(c->syscall, "setns") == 0;
	const char *sep = setns ? "  joined " : "  new ";

	for (int kind = 0; kind < NS_COUNT; kind++) {
		long long ns;

		if (!showline_ns_flag(kind) || (setns ? !joins(c, kind) :
						!(c->mask & showline_ns_flag(kind))))
			continue;
		sb_printf(&a->line, "%s%s ", sep, ct_ns[kind].name);
		sep = ", ";
		/* setns says which namespace its fd named */
		if (setns && c->has_ns_inode) {
			sb_printf(&a->line, "%lld", c->ns_inode);
			continue;
		}
		ns = setns ? ns_after(a->t, c->task, kind, c) : c->made[kind];
		describe_namespace(&a->line, a->t, ns);
		if (!setns && ns)
			made_add(a, kind, ns, call);
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

/*
 * "unshare(10027)  unshare or setns, not seen (light mode)  now in mnt
 * 4026532174, pid 4026532175": the instances from first, one task's
 * namespaces an unseen call changed, found together.
 */
static int unseen_line(struct audit *a, int first)
{
	const struct trace *t = a->t;
	const struct tr_ns *x = &t->nss[first];
	struct sbuf w;
	const char *sep = "  now in ";

	sb_init(&w);
	sb_add(&w, "+");
	esc_time(&w, x->time_ns);
	sb_printf(&a->line, "  %11s  ", sb_str(&w));
	showline_task(&a->line, t, x->task, a->o);
	sb_reset(&w);
	sb_printf(&w, "  unshare or setns, not seen (%s mode)", t->meta.mode ? t->meta.mode : "this");
	showline_paint(&a->line, a->o, C_MAGENTA, sb_str(&w));
	sb_free(&w);
	for (int i = first; i < t->n_nss && t->nss[i].unseen && t->nss[i].task == x->task; i++) {
		if (i > first && t->nss[i - 1].time_ns + UNSEEN_TOGETHER_NS < t->nss[i].time_ns)
			break;
		sb_printf(&a->line, "%s%s ", sep, ct_ns[t->nss[i].kind].name);
		describe_namespace(&a->line, t, i + 1);
		made_add(a, t->nss[i].kind, i + 1, -1);
		sep = ", ";
	}
	return emit(a);
}

/* The tasks of namespace x: processes, and threads whose process is not in it. */
static int members(struct audit *a, const struct made *x)
{
	const struct trace *t = a->t;
	const struct tr_ns *ns = trace_ns(t, x->ns);
	int rc, n = 0;

	sb_printf(&a->line, "%s namespace ", ct_ns[x->kind].name);
	describe_namespace(&a->line, t, x->ns);
	if (x->call >= 0) {
		const struct tr_call *c = &t->calls[x->call];

		sb_add(&a->line, ", made by ");
		describe_call_short(&a->line, c, ESC_TEXT);
		sb_add(&a->line, " of ");
		showline_task(&a->line, t, c->task, a->o);
		sb_add(&a->line, " at +");
		esc_time(&a->line, c->time_ns);
	} else {
		sb_add(&a->line, ", new to ");
		showline_task(&a->line, t, ns->task, a->o);
		sb_add(&a->line, " by an unshare or setns not seen, first seen at +");
		esc_time(&a->line, ns->time_ns);
	}
	sb_add(&a->line, ":");
	rc = emit(a);
	for (int i = 0; i < t->n_tasks && rc == 0; i++) {
		const struct tr_task *k = &t->tasks[t->order[i]];
		int leader = t->groups[k->group].leader;

		if (k->ns[x->kind] != x->ns ||
		    (k->thread && t->tasks[leader].ns[x->kind] == x->ns && leader != t->order[i]))
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
	struct event *ev = xcalloc(t->n_calls + t->n_nss + 1, sizeof(*ev));
	int n = 0, rc = 0;
	bool *seen;

	sb_init(&a.line);
	/* -e: the calls the filter keeps */
	for (int i = 0; i < t->n_calls; i++)
		if (ns_call(&t->calls[i]) && (!o->sel.keep_call || o->sel.keep_call[i]))
			ev[n++] = (struct event){ t->calls[i].time_ns, i };
	/* light and attach modes: a task's own namespaces changed by a call not seen */
	for (int i = 0; i < t->n_nss; i++)
		if (t->nss[i].unseen && t->nss[i].task >= 0 &&
		    (i == 0 || !t->nss[i - 1].unseen || t->nss[i - 1].task != t->nss[i].task ||
		     t->nss[i - 1].time_ns + UNSEEN_TOGETHER_NS < t->nss[i].time_ns) &&
		    (!o->sel.keep_task || o->sel.keep_task[t->nss[i].task]))
			ev[n++] = (struct event){ t->nss[i].time_ns, -1 - i };
	qsort(ev, n, sizeof(*ev), by_time);
	sb_add(&a.line, n ? "namespace calls, in time order:" :
	       "no call created or joined a namespace");
	rc = emit(&a);
	for (int i = 0; i < n && rc == 0; i++)
		rc = ev[i].call >= 0 ? call_line(&a, ev[i].call) : unseen_line(&a, -1 - ev[i].call);
	/* A namespace is listed once, under the first call that made it. */
	seen = xcalloc(a.n_made + 1, sizeof(bool));
	for (int i = 0; i < a.n_made && rc == 0; i++) {
		for (int j = 0; j < i && !seen[i]; j++)
			seen[i] = a.made[j].ns == a.made[i].ns;
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
	free(ev);
	sb_free(&a.line);
	return rc;
}
