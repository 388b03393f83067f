/* SPDX-License-Identifier: MIT */
/*
 * The sharing view: a node per process and an undirected edge, one colour per
 * kind, for each resource instance (vm, files, fs, sighand, sysvsem, io) that
 * two processes hold.  Sharing inside a thread group is implied, not drawn.
 * An instance held by several processes is drawn as a star from its first
 * holder (usually the creator whose call shared it): holders may have held
 * it one after the other (vfork children until their execve), so an edge
 * between every pair would claim more than the trace says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "base/strmap.h"
#include "draw/draw.h"
#include "draw/graph.h"
#include "draw/view.h"

#define N_KINDS R_TGROUP	/* the kinds drawn: vm .. io */

static const char *const colors[N_KINDS] = {
	[R_VM] = "#d62728", [R_FILES] = "#1f77b4", [R_FS] = "#2ca02c",
	[R_SIGHAND] = "#ff7f0e", [R_SYSVSEM] = "#9467bd", [R_IO] = "#8c564b",
};

struct instance {
	const char *id;
	int kind;
	int *tasks;
	int n_tasks, cap;
};

static enum unit_mode sharing_mode(bool collapsed)
{
	return UNIT_GROUPS;
}

/* Siblings made by equal calls share the same things with their creator. */
static void sharing_key(struct sbuf *key, const struct units *m, int unit, const void *ctx)
{
	draw_unit_key(key, m, unit);
}

static int kind_of(const char *name)
{
	for (int k = 0; k < N_KINDS; k++)
		if (strcmp(name, ct_res[k].name) == 0)
			return k;
	return -1;
}

static void add_holder(struct strmap *index, struct instance **in, int *n, int *cap,
		       const char *id, int kind, int task)
{
	bool added;
	long long *at = strmap_add(index, id, &added);
	struct instance *x;

	if (added) {
		*in = xgrow(*in, cap, *n + 1, sizeof(**in));
		(*in)[*n] = (struct instance){ .id = id, .kind = kind };
		*at = (*n)++;
	}
	x = &(*in)[*at];
	x->tasks = xgrow(x->tasks, &x->cap, x->n_tasks + 1, sizeof(int));
	x->tasks[x->n_tasks++] = task;
}

/*
 * Every instance with its holders: resources[] (who held it while traced)
 * and tasks[].shares (who held it at the end), which the first should contain.
 */
static struct instance *instances(const struct trace *t, int *n)
{
	struct strmap index;
	struct instance *in = NULL;
	int cap = 0;

	strmap_init(&index);
	*n = 0;
	for (int i = 0; i < t->n_res; i++) {
		int kind = kind_of(t->res[i].kind);

		for (int j = 0; kind >= 0 && j < t->res[i].n_tasks; j++)
			add_holder(&index, &in, n, &cap, t->res[i].id, kind,
				   t->res[i].tasks[j]);
	}
	for (int i = 0; i < t->n_tasks; i++)
		for (int k = 0; k < N_KINDS; k++)
			if (t->tasks[i].shares[k])
				add_holder(&index, &in, n, &cap, t->tasks[i].shares[k], k, i);
	strmap_free(&index);
	return in;
}

static void node_name(struct sbuf *b, const struct units *m, int unit)
{
	sb_reset(b);
	draw_unit_name(b, m, unit);
}

/* How an instance was held between two processes, as drawn and in the legend. */
enum { HELD_TO_END = 1, HELD_A_WHILE = 2 };

static void sharing_edge(Agraph_t *g, Agnode_t *a, Agnode_t *b, const struct instance *x,
			 const char *tip, int held)
{
	Agedge_t *e = graph_edge(g, a, b);
	char color[16];

	graph_set(e, "dir", "none");
	graph_set(e, "constraint", "false");
	graph_set(e, "tooltip", tip);
	if (held == HELD_TO_END) {
		graph_set(e, "color", colors[x->kind]);
		graph_set(e, "penwidth", "2");
		return;
	}
	/* a vfork child's vm until its execve: thin, dashed, half transparent */
	snprintf(color, sizeof(color), "%s80", colors[x->kind]);
	graph_set(e, "color", color);
	graph_set(e, "style", "dashed");
	graph_set(e, "penwidth", "0.8");
}

/* Did a task of the unit hold x until its end (its "shares" name x)? */
static bool kept(const struct units *m, int unit, const struct instance *x)
{
	const int *tasks;
	int n = units_tasks(m, unit, &tasks);

	for (int i = 0; i < n; i++) {
		const char *id = m->t->tasks[tasks[i]].shares[x->kind];

		if (id && strcmp(id, x->id) == 0)
			return true;
	}
	return false;
}

/*
 * Draws instance x between the distinct shown units holding it; returns how
 * (HELD_* bits): a unit that held it only for a while (it is in resources[]
 * but not in the unit's final shares) gets a lighter, dashed edge.
 */
static int draw_instance(Agraph_t *g, const struct units *m, const struct instance *x,
			 int index, int *stamp, int *units)
{
	const struct trace *t = m->t;
	struct sbuf b, tip;
	Agnode_t **nodes;
	bool first_kept;
	int n = 0, drawn = 0;

	for (int i = 0; i < x->n_tasks; i++) {
		int u = m->of_task[x->tasks[i]];

		if (!m->u[u].shown || stamp[u] == index + 1)
			continue;
		stamp[u] = index + 1;
		units[n++] = u;
	}
	if (n < 2)
		return 0;
	sb_init(&b);
	sb_init(&tip);
	esc_add_max(&tip, x->id, ESC_TOOLTIP, LABEL_MAX);
	sb_add(&tip, " held by");
	nodes = xcalloc(n, sizeof(*nodes));
	for (int i = 0; i < n; i++) {
		const struct tr_task *k = &t->tasks[m->u[units[i]].task];

		node_name(&b, m, units[i]);
		nodes[i] = agnode(g, (char *)sb_str(&b), 0);
		esc_newline(&tip, ESC_TOOLTIP);
		sb_printf(&tip, "process %lld ", k->tgid);
		esc_add_max(&tip, k->comm, ESC_TOOLTIP, LABEL_MAX);
		if (!kept(m, units[i], x))
			sb_add(&tip, " (for a while: not at its end)");
	}
	first_kept = kept(m, units[0], x);
	for (int i = 1; i < n; i++) {
		int held = first_kept && kept(m, units[i], x) ? HELD_TO_END : HELD_A_WHILE;

		if (nodes[0] && nodes[i]) {
			sharing_edge(g, nodes[0], nodes[i], x, sb_str(&tip), held);
			drawn |= held;
		}
	}
	free(nodes);
	sb_free(&b);
	sb_free(&tip);
	return drawn;
}

/* The legend is clonetrace's own text only, so an HTML-like label is safe here. */
static void legend(Agraph_t *g, const int *drawn, const struct units *m)
{
	int shown = 0, threads = 0;

	for (int u = 0; u < m->n; u++)
		if (m->u[u].shown) {
			shown++;
			threads += m->u[u].threads;
		}
	struct sbuf b;
	bool any = false;

	sb_init(&b);
	for (int k = 0; k < N_KINDS; k++) {
		if (drawn[k] & HELD_TO_END)
			sb_printf(&b, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">&#x2501;&#x2501; %s"
				  "</FONT></TD></TR>", colors[k], ct_res[k].name);
		if (drawn[k] & HELD_A_WHILE)
			sb_printf(&b, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">&#x254C;&#x254C; %s, "
				  "for a while (a vfork child until its execve)</FONT></TD></TR>",
				  colors[k], ct_res[k].name);
		any |= drawn[k] != 0;
	}
	/* nothing to draw: say why, so an empty picture is an answer */
	if (!any && shown == 1)
		sb_printf(&b, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">nothing: one process is drawn%s</TD></TR>",
			  threads ? ";<BR ALIGN=\"LEFT\"/>its threads share with each other what their "
			  "creating calls' flags say<BR ALIGN=\"LEFT\"/>(the tree view's tooltips)" : "");
	else if (!any)
		sb_printf(&b, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">nothing: no two of the %d processes drawn "
			  "hold one<BR ALIGN=\"LEFT\"/>address space, fd table, fs info, signal "
			  "handlers,<BR ALIGN=\"LEFT\"/>SysV undo list or I/O context</TD></TR>", shown);
	draw_legend(g, "shared between processes", sb_str(&b));
	sb_free(&b);
}

static Agraph_t *sharing_draw(const struct units *m, const struct render_opts *o)
{
	Agraph_t *g = draw_open(m, o, "sharing");
	int n_in, *stamp = xcalloc(m->n, sizeof(int)), *units = xcalloc(m->n, sizeof(int));
	struct instance *in = instances(m->t, &n_in);
	int drawn[N_KINDS] = { 0 };

	graph_set(g, "rankdir", "LR");
	for (int i = 0; i < m->n; i++)
		if (m->u[m->order[i]].shown)
			draw_unit(g, m, m->order[i], false);
	for (int i = 0; i < m->n; i++) {
		Agedge_t *e;

		if (!m->u[m->order[i]].shown || !(e = draw_creation(g, m, m->order[i])))
			continue;
		graph_set(e, "color", "#b0b0b0");
		graph_set(e, "fontcolor", "#909090");
	}
	for (int i = 0; i < n_in; i++)
		drawn[in[i].kind] |= draw_instance(g, m, &in[i], i, stamp, units);
	/* Now that the kinds drawn are known. */
	legend(g, drawn, m);
	for (int i = 0; i < n_in; i++)
		free(in[i].tasks);
	free(in);
	free(stamp);
	free(units);
	return g;
}

const struct view view_sharing = {
	.name = "sharing",
	.mode = sharing_mode,
	.key = sharing_key,
	.draw = sharing_draw,
};
