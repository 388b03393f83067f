/* SPDX-License-Identifier: MIT */
/*
 * show --ns-audit's part about containers (ctr_audit.h), after the
 * namespaces: each container, its tasks, and the calls that made or
 * joined namespaces for it.
 *   container ctA (runc, named by the command line of runc(2000); cgroup /ctA): 9 tasks, 5 processes
 *     tasks:
 *       runc:[1:CHILD](2004)
 *       sh(2005, 1 in ns) {4 threads}
 *     namespaces made or joined for it:
 *           +12.000 ms  runc:[1:CHILD](2004)  unshare NEWNS|NEWUTS|NEWIPC|NEWPID|NEWNET
 */
#include <stdlib.h>
#include <string.h>

#include "answers/ctr.h"
#include "answers/ctr_audit.h"
#include "answers/describe.h"
#include "answers/esc.h"
#include "answers/showline.h"

struct out {
	FILE *f;
	const struct trace *t;
	const struct show_opts *o;
	struct sbuf line;
};

static int emit(struct out *w)
{
	sb_add(&w->line, "\n");
	if (fwrite(w->line.s, 1, w->line.len, w->f) != w->line.len)
		return -1;
	sb_reset(&w->line);
	return 0;
}

/* "container ctA (runc, named by runc(2000)'s command line; cgroup /ctA): 9 tasks, 4 processes" */
static int head(struct out *w, const struct ctr *c)
{
	const struct tr_task *k = &w->t->tasks[c->tasks[0]];

	sb_add(&w->line, "container ");
	ctr_short_id(&w->line, c->id);
	sb_add(&w->line, " (");
	esc_add(&w->line, c->runtime, ESC_TEXT);
	if (c->pod) {
		sb_add(&w->line, ", pod ");
		esc_add(&w->line, c->pod, ESC_TEXT);
	}
	if (k->container.named_by >= 0) {
		sb_add(&w->line, ", named by the command line of ");
		showline_task(&w->line, w->t, k->container.named_by, w->o);
	}
	if (c->cgroup) {
		sb_add(&w->line, "; cgroup ");
		esc_add(&w->line, c->cgroup, ESC_TEXT);
	}
	sb_printf(&w->line, "): %d task%s, %d process%s", c->n_tasks, c->n_tasks == 1 ? "" : "s",
		  c->processes, c->processes == 1 ? "" : "es");
	return emit(w);
}

/* Its processes, each with the number of its threads in the container; threads alone too. */
static int tasks(struct out *w, const struct ctr *c, const bool *in)
{
	const struct trace *t = w->t;
	int rc;

	sb_add(&w->line, "  tasks:");
	rc = emit(w);
	for (int i = 0; i < c->n_tasks && rc == 0; i++) {
		int task = c->tasks[i], leader = t->groups[t->tasks[task].group].leader, threads = 0;
		const struct tr_group *g = &t->groups[t->tasks[task].group];

		/* a thread is counted with its process, where that is in the container too */
		if (t->tasks[task].thread && leader != task && in[leader])
			continue;
		for (int j = 0; j < g->n_tasks; j++)
			threads += g->tasks[j] != task && in[g->tasks[j]] && t->tasks[g->tasks[j]].thread;
		sb_add(&w->line, "    ");
		if (t->tasks[task].thread)
			sb_add(&w->line, "thread ");
		showline_task(&w->line, t, task, w->o);
		if (threads)
			sb_printf(&w->line, " {%d thread%s}", threads, threads == 1 ? "" : "s");
		rc = emit(w);
	}
	return rc;
}

/* The namespace calls its tasks made, and those that made one of its tasks, in time order. */
static int ns_calls(struct out *w, const bool *in)
{
	const struct trace *t = w->t;
	int rc = 0, n = 0;
	struct sbuf s;

	sb_init(&s);
	for (int i = 0; i < t->n_calls && rc == 0; i++) {
		const struct tr_call *c = &t->calls[i];

		if (!ctr_ns_call_for(c, in))
			continue;
		if (n++ == 0) {
			sb_add(&w->line, "  namespaces made or joined for it:");
			rc = emit(w);
		}
		sb_reset(&s);
		sb_add(&s, "+");
		esc_time(&s, c->time_ns);
		sb_printf(&w->line, "    %11s  ", sb_str(&s));
		showline_task(&w->line, t, c->task, w->o);
		sb_add(&w->line, "  ");
		sb_reset(&s);
		if (c->result == RESULT_ERRNO)
			describe_failed(&s, c, ESC_TEXT);
		else
			describe_call_short(&s, c, ESC_TEXT);
		showline_paint(&w->line, w->o, c->result == RESULT_ERRNO ? C_RED : C_MAGENTA, sb_str(&s));
		if (c->child >= 0 && c->result != RESULT_ERRNO) {
			sb_add(&w->line, " -> ");
			showline_task(&w->line, t, c->child, w->o);
		}
		if (rc == 0)
			rc = emit(w);
	}
	if (rc == 0 && n == 0) {
		sb_add(&w->line, "  (no call made or joined a namespace for it)");
		rc = emit(w);
	}
	sb_free(&s);
	return rc;
}

int ctr_audit_write(FILE *f, const struct trace *t, const struct show_opts *o)
{
	struct out w = { .f = f, .t = t, .o = o };
	const bool *keep = o->sel.keep_task;
	int n, rc = 0;
	struct ctr *v = ctr_list(t, keep, &n);
	bool *in = xcalloc((size_t)t->n_tasks + 1, sizeof(bool));

	sb_init(&w.line);
	for (int i = 0; i < n && rc == 0; i++) {
		memset(in, 0, (size_t)t->n_tasks);
		for (int j = 0; j < v[i].n_tasks; j++)
			in[v[i].tasks[j]] = true;
		rc = emit(&w);
		if (rc == 0)
			rc = head(&w, &v[i]);
		if (rc == 0)
			rc = tasks(&w, &v[i], in);
		if (rc == 0)
			rc = ns_calls(&w, in);
	}
	sb_free(&w.line);
	free(in);
	ctr_list_free(v, n);
	return rc;
}
