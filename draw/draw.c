/* SPDX-License-Identifier: MIT */
/* What every view draws the same way: titles, unit nodes, creation edges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "draw/draw.h"
#include "draw/graph.h"
#include "draw/view.h"

#define FONT "DejaVu Sans Mono,Menlo,Consolas,Liberation Mono,monospace"
#define MAX_EXECS_SHOWN 4	/* an exec chain longer than this shows its ends */
#define MAX_NSCALLS_SHOWN 3	/* unshare and setns calls listed in a node */
/*
 * Past this many nodes dot's network simplex (x placement) and crossing
 * minimisation dominate; limiting their iterations costs some compactness
 * and keeps a 4,000-task picture within seconds (trees have few crossings).
 */
#define BIG_GRAPH 800

Agraph_t *draw_open(const struct units *m, const struct render_opts *o, const char *what)
{
	const struct trace *t = m->t;
	Agraph_t *g = graph_open("clonetrace");
	struct sbuf b;

	sb_init(&b);
	graph_default(g, AGRAPH, "fontname", FONT);
	graph_default(g, AGNODE, "fontname", FONT);
	graph_default(g, AGNODE, "fontsize", "10");
	graph_default(g, AGNODE, "shape", "box");
	graph_default(g, AGNODE, "style", "rounded");
	graph_default(g, AGEDGE, "fontname", FONT);
	graph_default(g, AGEDGE, "fontsize", "9");
	if (m->n_shown > BIG_GRAPH) {
		graph_set(g, "nslimit", "2");
		graph_set(g, "nslimit1", "2");
		graph_set(g, "mclimit", "0.2");
	}
	graph_set(g, "labelloc", "t");
	graph_set(g, "labeljust", "l");
	sb_printf(&b, "clonetrace %s: ", what);
	if (t->meta.argv.n > 0)
		describe_argv(&b, t->meta.argv, ESC_LABEL, LABEL_MAX);
	else
		esc_add_max(&b, t->tasks[0].comm, ESC_LABEL, LABEL_MAX);
	sb_printf(&b, "\\l%d task%s in %d process%s", t->n_tasks, t->n_tasks == 1 ? "" : "s",
		  t->n_groups, t->n_groups == 1 ? "" : "es");
	if (o->sel.focus)
		sb_printf(&b, "; below tid %lld", o->sel.focus);
	if (o->sel.depth >= 0)
		sb_printf(&b, "; %d generation%s deep", o->sel.depth, o->sel.depth == 1 ? "" : "s");
	if (o->sel.filter) {
		sb_add(&b, "; filter: ");
		esc_add_max(&b, o->sel.filter, ESC_LABEL, TOOLTIP_MAX);
	}
	if (o->collapsed)
		sb_add(&b, "; identical subtrees and threads folded (N x name)");
	if (o->note[0])
		sb_printf(&b, "\\l%s", o->note);
	if (!t->meta.complete)
		sb_add(&b, "; trace incomplete (interrupted)");
	sb_add(&b, "\\l");
	graph_set(g, "label", sb_str(&b));
	sb_free(&b);
	return g;
}

void draw_unit_name(struct sbuf *b, const struct units *m, int unit)
{
	sb_printf(b, "%c%lld", m->mode == UNIT_TASKS ? 't' : 'p',
		  m->t->tasks[m->u[unit].task].id);
}

/* "exec /bin/sh -> /usr/bin/ls": the chain of execs, its ends when long. */
/*
 * What a box shows of a program's path: its last component ("/usr/bin/true"
 * -> "true"), most of a box's width otherwise; the tooltip has the whole
 * path.  A memfd's name ("memfd:runc_cloned:/proc/self/exe") and a path in
 * /proc ("/proc/self/exe", "/proc/self/fd/3": "exe" or "3" would say nothing)
 * are kept whole.
 */
static const char *box_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strncmp(path, "memfd:", 6) == 0 || strncmp(path, "/proc/", 6) == 0 || !slash ||
	    !slash[1])
		return path;
	return slash + 1;
}

static void exec_chain(struct sbuf *b, const struct tr_task *k)
{
	sb_add(b, "exec ");
	for (int i = 0; i < k->n_execs; i++) {
		if (k->n_execs > MAX_EXECS_SHOWN && i == 1) {
			sb_printf(b, " -> (%d more)", k->n_execs - 3);
			i = k->n_execs - 2;
		}
		if (i)
			sb_add(b, " -> ");
		esc_add_max(b, box_name(k->execs[i].program), ESC_LABEL, LABEL_MAX);
	}
	sb_add(b, "\\l");
}

/* Successful unshare and setns calls of the unit's tasks: they change namespaces. */
static void ns_calls(struct sbuf *b, const struct units *m, int unit)
{
	int *calls, n = units_ns_calls(m, unit, &calls);

	for (int i = 0; i < n && i < MAX_NSCALLS_SHOWN; i++) {
		describe_call_short(b, &m->t->calls[calls[i]], ESC_LABEL);
		sb_add(b, "\\l");
	}
	if (n > MAX_NSCALLS_SHOWN)
		sb_printf(b, "(%d more unshare/setns)\\l", n - MAX_NSCALLS_SHOWN);
	free(calls);
}

void draw_unit_label(struct sbuf *b, const struct units *m, int unit, bool nspid)
{
	const struct unit *u = &m->u[unit];
	const struct trace *t = m->t;
	const struct tr_task *k = &t->tasks[u->task];
	const struct tr_task *leader = &t->tasks[t->groups[k->group].leader];

	if (u->count > 1) {
		sb_printf(b, "%d x ", u->count);
		esc_add_max(b, k->comm, ESC_LABEL, LABEL_MAX);
	} else if (k->thread && m->mode == UNIT_TASKS) {
		sb_printf(b, "thread %lld", k->tid);
		if (strcmp(k->comm, leader->comm) != 0) {
			sb_add(b, " ");
			esc_add_max(b, k->comm, ESC_LABEL, LABEL_MAX);
		}
	} else {
		esc_add_max(b, k->comm, ESC_LABEL, LABEL_MAX);
		sb_printf(b, " %lld", k->tid);
	}
	if (nspid && k->n_nspid > 1 && u->count == 1)
		sb_printf(b, " (%lld in its namespace)", k->nspid[k->n_nspid - 1]);
	sb_add(b, "\\l");
	if (u->threads > 0)
		sb_printf(b, "{%d thread%s}\\l", u->threads, u->threads == 1 ? "" : "s");
	if (k->n_execs > 0)
		exec_chain(b, k);
	/* the program it runs, unless the name above or its last exec says it already */
	if (k->exe && !(k->thread && m->mode == UNIT_TASKS) &&
	    (k->n_execs > 0 ? strcmp(box_name(k->exe), box_name(k->execs[k->n_execs - 1].program)) != 0
			    : strncmp(box_name(k->exe), k->comm, 15) != 0)) {
		esc_add_max(b, box_name(k->exe), ESC_LABEL, LABEL_MAX);
		sb_add(b, "\\l");
	}
	ns_calls(b, m, unit);
	if (u->count > 1 && k->exit.kind == EXIT_CODE) {
		long long lo = k->exit.code, hi = k->exit.code;

		for (int f = u->folded; f >= 0; f = m->u[f].folded) {
			long long c = t->tasks[m->u[f].task].exit.code;

			lo = c < lo ? c : lo;
			hi = c > hi ? c : hi;
		}
		if (lo == hi)
			sb_printf(b, "exit %lld\\l", lo);
		else
			sb_printf(b, "exit %lld..%lld\\l", lo, hi);
	} else if (!k->thread || m->mode == UNIT_GROUPS || describe_exit_bad(k)) {
		describe_exit(b, k, ESC_LABEL);
		sb_add(b, "\\l");
	}
	if (m->mode == UNIT_GROUPS && t->groups[u->group].last != u->task) {
		const struct tr_task *x = &t->tasks[t->groups[u->group].last];

		sb_add(b, "then a thread's execve: ");
		esc_add_max(b, x->comm, ESC_LABEL, LABEL_MAX);
		sb_add(b, "\\l");
		if (x->n_execs > 0)
			exec_chain(b, x);
		describe_exit(b, x, ESC_LABEL);
		sb_add(b, "\\l");
	}
	if (k->escaped)
		sb_add(b, "escaped tracing\\l");
	if (k->pre_existing)
		sb_add(b, "there before attach\\l");
	if (u->hidden > 0)
		sb_printf(b, "+%d task%s below not drawn\\l", u->hidden, u->hidden == 1 ? "" : "s");
}

void draw_unit_style(Agnode_t *n, const struct units *m, int unit)
{
	const struct unit *u = &m->u[unit];
	const struct tr_task *k = &m->t->tasks[u->task];
	struct sbuf style;

	sb_init(&style);
	sb_add(&style, "rounded");
	if (k->exit.kind == EXIT_SIGNAL) {
		sb_add(&style, ",filled,bold");
		graph_set(n, "color", "#c00000");
		graph_set(n, "fillcolor", "#ffe0e0");
	} else if (describe_exit_bad(k)) {
		graph_set(n, "color", "#c06000");
	} else if (k->thread && m->mode == UNIT_TASKS) {
		sb_add(&style, ",filled");
		graph_set(n, "fillcolor", "#eef3ff");
	}
	if (k->escaped) {
		sb_add(&style, ",dashed");
		graph_set(n, "color", "#808080");
		graph_set(n, "fontcolor", "#606060");
	}
	if (u->count > 1)
		graph_set(n, "peripheries", "2");
	if (strcmp(sb_str(&style), "rounded") != 0)
		graph_set(n, "style", sb_str(&style));
	sb_free(&style);
}

void draw_unit_tooltip(struct sbuf *b, const struct units *m, int unit)
{
	const struct unit *u = &m->u[unit];
	const struct tr_group *g = &m->t->groups[u->group];

	if (u->count > 1) {
		int shown = 0;

		sb_printf(b, "%d alike processes (with what they created), pids %lld", u->count,
			  m->t->tasks[u->task].tid);
		for (int f = u->folded; f >= 0; f = m->u[f].folded) {
			if (++shown > 32) {
				sb_add(b, " ...");
				break;
			}
			sb_printf(b, " %lld", m->t->tasks[m->u[f].task].tid);
		}
		esc_newline(b, ESC_TOOLTIP);
		sb_add(b, "the first of them:");
		esc_newline(b, ESC_TOOLTIP);
	}
	describe_task(b, m->t, u->task, ESC_TOOLTIP);
	if (m->mode == UNIT_GROUPS && g->last != u->task) {
		esc_newline(b, ESC_TOOLTIP);
		sb_add(b, "then a thread's execve took the process over:");
		esc_newline(b, ESC_TOOLTIP);
		describe_task(b, m->t, g->last, ESC_TOOLTIP);
	}
	if (u->threads > 0) {
		esc_newline(b, ESC_TOOLTIP);
		sb_printf(b, "threads:");
		for (int i = 0, shown = 0; i < g->n_tasks; i++) {
			if (g->tasks[i] == u->task)
				continue;
			if (++shown > 32) {
				sb_add(b, " ...");
				break;
			}
			sb_printf(b, " %lld", m->t->tasks[g->tasks[i]].tid);
		}
	}
	/* cut below every alike process the box stands for */
	long hidden = 0;

	for (int f = unit; f >= 0; f = m->u[f].folded)
		hidden += m->u[f].hidden;
	if (hidden > 0) {
		esc_newline(b, ESC_TOOLTIP);
		sb_printf(b, "%ld task%s below %s not drawn (--depth)", hidden,
			  hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are");
	}
}

Agnode_t *draw_unit(Agraph_t *g, const struct units *m, int unit, bool nspid)
{
	struct sbuf b;
	Agnode_t *n;

	sb_init(&b);
	draw_unit_name(&b, m, unit);
	n = graph_node(g, sb_str(&b));
	sb_reset(&b);
	draw_unit_label(&b, m, unit, nspid);
	graph_set(n, "label", sb_str(&b));
	sb_reset(&b);
	draw_unit_tooltip(&b, m, unit);
	graph_set(n, "tooltip", sb_str(&b));
	draw_unit_style(n, m, unit);
	sb_free(&b);
	return n;
}

/*
 * The node standing for the generations of a long chain folded above unit
 * (units.h, gap), with an edge from the last unit shown above them.
 */
static Agnode_t *draw_gap(Agraph_t *g, const struct units *m, int unit, struct sbuf *b)
{
	const struct unit *u = &m->u[unit];
	Agnode_t *top, *n;
	Agedge_t *e;

	sb_reset(b);
	draw_unit_name(b, m, u->gap_top);
	top = agnode(g, (char *)sb_str(b), 0);
	sb_add(b, "-gap");
	n = graph_node(g, sb_str(b));
	sb_reset(b);
	sb_printf(b, "... %d more generation%s ...", u->gap, u->gap == 1 ? "" : "s");
	graph_set(n, "label", sb_str(b));
	graph_set(n, "shape", "plaintext");
	sb_reset(b);
	sb_printf(b, "a chain of %d generations, each the only child drawn of the one before, "
		  "folded: --focus TID draws it from any of its tasks", u->gap);
	graph_set(n, "tooltip", sb_str(b));
	if (top) {
		e = graph_edge(g, top, n);
		graph_set(e, "style", "dashed");
		graph_set(e, "tooltip", sb_str(b));
	}
	return n;
}

Agedge_t *draw_creation(Agraph_t *g, const struct units *m, int unit)
{
	const struct unit *u = &m->u[unit];
	const struct tr_task *k = &m->t->tasks[u->task];
	Agnode_t *from, *to;
	struct sbuf b;
	Agedge_t *e;

	if (u->gap > 0) {
		if (u->gap_top < 0 || !m->u[u->gap_top].shown)
			return NULL;
	} else if (u->parent < 0 || !m->u[u->parent].shown) {
		return NULL;
	}
	sb_init(&b);
	if (u->gap > 0) {
		from = draw_gap(g, m, unit, &b);
	} else {
		draw_unit_name(&b, m, u->parent);
		from = agnode(g, (char *)sb_str(&b), 0);
	}
	sb_reset(&b);
	draw_unit_name(&b, m, unit);
	to = agnode(g, (char *)sb_str(&b), 0);
	if (!from || !to) {
		sb_free(&b);
		return NULL;
	}
	e = graph_edge(g, from, to);
	sb_reset(&b);
	if (k->call >= 0) {
		describe_call_short(&b, &m->t->calls[k->call], ESC_LABEL);
		graph_set(e, "label", sb_str(&b));
		sb_reset(&b);
		describe_call(&b, m->t, k->call, ESC_TOOLTIP);
	} else {
		/* No creating call seen (attached): the real parent is all there is. */
		graph_set(e, "style", "dotted");
		sb_add(&b, "parent of ");
		describe_task_ref(&b, m->t, u->task);
	}
	graph_set(e, "tooltip", sb_str(&b));
	if (k->escaped)
		graph_set(e, "style", "dashed");
	sb_free(&b);
	return e;
}

void draw_unit_key(struct sbuf *key, const struct units *m, int unit)
{
	const struct unit *u = &m->u[unit];
	const struct tr_task *k = &m->t->tasks[u->task];

	sb_printf(key, "%s\x1f%s\x1f%d\x1f%d%d%d\x1f", k->comm, k->exe ? k->exe : "", u->threads,
		  k->thread, k->escaped, k->pre_existing);
	for (int i = 0; i < k->n_execs; i++)
		sb_printf(key, "%s\x1f", k->execs[i].program);
	/* Exit codes may differ between folded siblings: the label gives their range. */
	if (k->exit.kind == EXIT_CODE)
		sb_add(key, k->exit.code ? "exit non-zero" : "exit 0");
	else
		describe_exit(key, k, ESC_TEXT);
	sb_add(key, "\x1f");
	if (k->call >= 0)
		describe_call_short(key, &m->t->calls[k->call], ESC_TEXT);
	sb_add(key, "\x1f");
	ns_calls(key, m, unit);
	if (m->mode == UNIT_GROUPS && m->t->groups[u->group].last != u->task) {
		const struct tr_task *x = &m->t->tasks[m->t->groups[u->group].last];

		sb_printf(key, "\x1f%s\x1f%s\x1f", x->comm, x->exe ? x->exe : "");
		describe_exit(key, x, ESC_TEXT);
	}
}

void draw_legend(Agraph_t *g, const char *title, const char *rows)
{
	Agraph_t *sink = agsubg(g, "legend_rank", 1);
	Agnode_t *n = graph_node(sink, "legend");
	struct sbuf b;

	graph_set(sink, "rank", "sink");
	sb_init(&b);
	sb_printf(&b, "<TABLE BORDER=\"1\" COLOR=\"#c0c0c0\" CELLBORDER=\"0\" CELLSPACING=\"1\" "
		  "CELLPADDING=\"2\"><TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><B>%s</B></TD></TR>%s"
		  "</TABLE>", title,
		  rows);
	graph_set(n, "shape", "plain");
	graph_set_html(n, "label", sb_str(&b));
	graph_set(n, "tooltip", "what the colours and lines mean");
	sb_free(&b);
}
