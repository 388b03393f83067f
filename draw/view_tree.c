/* SPDX-License-Identifier: MIT */
/*
 * The tree view: who created whom.  A node per task, the threads of a
 * process in one cluster, an edge per creating call labelled with its short
 * flags; failed calls as dashed nodes.  Collapsed, a node per process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/compat.h"
#include "answers/describe.h"
#include "draw/draw.h"
#include "draw/graph.h"
#include "draw/view.h"

/* This many leaf threads (or processes) of one creator or more are laid out in a grid. */
#define GRID_MIN 10

static enum unit_mode tree_mode(bool collapsed)
{
	return collapsed ? UNIT_GROUPS : UNIT_TASKS;
}

static void tree_key(struct sbuf *key, const struct units *m, int unit, const void *ctx)
{
	int *calls, *counts, n = units_failed(m, unit, &calls, &counts);

	draw_unit_key(key, m, unit);
	for (int i = 0; i < n; i++) {
		sb_printf(key, "%d*", counts[i]);
		describe_failed(key, &m->t->calls[calls[i]], ESC_TEXT);
		sb_add(key, "\x1f");
	}
	free(calls);
	free(counts);
}

/* A dashed node for count equal failed calls of which call is the first. */
static void draw_failed(Agraph_t *g, Agnode_t *from, const struct units *m, int call, int count)
{
	const struct tr_call *c = &m->t->calls[call];
	struct sbuf b;
	Agnode_t *n;
	Agedge_t *e;

	sb_init(&b);
	sb_printf(&b, "c%lld", c->id);
	n = graph_node(g, sb_str(&b));
	sb_reset(&b);
	if (count > 1)
		sb_printf(&b, "%d x ", count);
	describe_failed(&b, c, ESC_LABEL);
	graph_set(n, "label", sb_str(&b));
	graph_set(n, "style", "rounded,dashed");
	graph_set(n, "color", "#c00000");
	graph_set(n, "fontcolor", "#c00000");
	sb_reset(&b);
	if (count > 1) {
		sb_printf(&b, "the first of %d identical failed calls", count);
		esc_newline(&b, ESC_TOOLTIP);
	}
	describe_call(&b, m->t, call, ESC_TOOLTIP);
	graph_set(n, "tooltip", sb_str(&b));
	e = graph_edge(g, from, n);
	graph_set(e, "style", "dashed");
	graph_set(e, "color", "#c00000");
	graph_set(e, "tooltip", sb_str(&b));
	sb_free(&b);
}

/* CLONE_PARENT: the real parent is not the creator; a dotted edge says so. */
static void draw_parent(Agraph_t *g, const struct units *m, int unit)
{
	const struct tr_task *k = &m->t->tasks[m->u[unit].task];
	struct sbuf b;
	Agnode_t *from, *to;
	Agedge_t *e;
	int p;

	/* CLONE_PARENT without CLONE_THREAD: a thread's parent is its process's anyway. */
	if (k->call < 0 || (m->t->calls[k->call].mask & (CLONE_PARENT | CLONE_THREAD)) != CLONE_PARENT ||
	    k->parent < 0 || k->parent == k->creator)
		return;
	p = m->of_task[k->parent];
	if (p == m->u[unit].parent || p == unit || !m->u[p].shown)
		return;
	sb_init(&b);
	draw_unit_name(&b, m, p);
	from = agnode(g, (char *)sb_str(&b), 0);
	sb_reset(&b);
	draw_unit_name(&b, m, unit);
	to = agnode(g, (char *)sb_str(&b), 0);
	if (from && to) {
		e = graph_edge(g, from, to);
		graph_set(e, "style", "dotted");
		graph_set(e, "constraint", "false");
		graph_set(e, "label", "parent");
		sb_reset(&b);
		sb_add(&b, "real parent of ");
		describe_task_ref(&b, m->t, m->u[unit].task);
		sb_add(&b, " (CLONE_PARENT: not its creator)");
		graph_set(e, "tooltip", sb_str(&b));
	}
	sb_free(&b);
}

/* The threads of a process, when more than one of them is drawn, share a cluster. */
static Agraph_t **make_clusters(Agraph_t *g, const struct units *m)
{
	const struct trace *t = m->t;
	Agraph_t **cl = xcalloc(t->n_groups, sizeof(*cl));
	int *shown = xcalloc(t->n_groups, sizeof(int));
	struct sbuf b;

	if (m->mode == UNIT_GROUPS)
		goto out;
	for (int u = 0; u < m->n; u++)
		shown[m->u[u].group] += m->u[u].shown;
	sb_init(&b);
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], grp = m->u[u].group;
		const struct tr_task *leader = &t->tasks[t->groups[grp].leader];

		if (!m->u[u].shown || shown[grp] < 2 || cl[grp])
			continue;
		sb_reset(&b);
		sb_printf(&b, "cluster_p%lld", leader->id);
		cl[grp] = graph_cluster(g, sb_str(&b));
		sb_reset(&b);
		sb_printf(&b, "process %lld: %d tasks", leader->tgid, t->groups[grp].n_tasks);
		graph_set(cl[grp], "label", sb_str(&b));
		graph_set(cl[grp], "style", "rounded");
		graph_set(cl[grp], "color", "#9090c0");
	}
	sb_free(&b);
out:
	free(shown);
	return cl;
}

/* What the legend explains, each when the picture has it. */
enum { L_SIGNAL, L_BAD_EXIT, L_THREAD, L_ESCAPED, L_FOLDED, L_FAILED, L_DOTTED, L_COUNT };

static const struct {
	const char *swatch;	/* attributes of the sample cell */
	const char *text;
} legend_rows[L_COUNT] = {
	[L_SIGNAL] = { .swatch = "BORDER=\"2\" COLOR=\"#c00000\" BGCOLOR=\"#ffe0e0\"",
		       .text = "killed by a signal" },
	[L_BAD_EXIT] = { .swatch = "BORDER=\"1\" COLOR=\"#c06000\"", .text = "exit status not 0" },
	[L_THREAD] = { .swatch = "BORDER=\"1\" BGCOLOR=\"#eef3ff\"", .text = "a thread" },
	[L_ESCAPED] = { .swatch = "BORDER=\"1\" COLOR=\"#808080\" STYLE=\"dashed\"",
			.text = "escaped tracing (CLONE_UNTRACED)" },
	[L_FOLDED] = { .swatch = "BORDER=\"3\"",
		       .text = "N alike processes folded into one (N x name)" },
	[L_FAILED] = { .swatch = "BORDER=\"1\" COLOR=\"#c00000\" STYLE=\"dashed\"",
		       .text = "a failed call, with the rules it breaks" },
	[L_DOTTED] = { .swatch = "BORDER=\"0\"",
		       .text = "&#x2508;&#x2508; real parent (CLONE_PARENT), or no call seen (attach)" },
};

/* Which legend rows the unit needs. */
static void legend_marks(const struct units *m, int unit, bool *has)
{
	const struct unit *u = &m->u[unit];
	const struct tr_task *k = &m->t->tasks[u->task];
	int *calls, *counts;

	has[L_SIGNAL] |= k->exit.kind == EXIT_SIGNAL;
	has[L_BAD_EXIT] |= k->exit.kind != EXIT_SIGNAL && describe_exit_bad(k);
	has[L_THREAD] |= k->thread && m->mode == UNIT_TASKS;
	has[L_ESCAPED] |= k->escaped;
	has[L_FOLDED] |= u->count > 1;
	has[L_FAILED] |= units_failed(m, unit, &calls, &counts) > 0;
	has[L_DOTTED] |= (k->call < 0 && u->parent >= 0) || (k->parent >= 0 && k->creator >= 0 &&
							     k->parent != k->creator);
	free(calls);
	free(counts);
}

static void tree_legend(Agraph_t *g, const bool *has)
{
	struct sbuf b;

	sb_init(&b);
	for (int i = 0; i < L_COUNT; i++)
		if (has[i])
			sb_printf(&b, "<TR><TD %s WIDTH=\"16\"> </TD><TD ALIGN=\"LEFT\">%s</TD></TR>",
				  legend_rows[i].swatch, legend_rows[i].text);
	if (b.len)
		draw_legend(g, "colours and lines", sb_str(&b));
	sb_free(&b);
}

/* A unit's shown children that are leaf threads (processes), alike enough to stand in a grid. */
static bool grid_member(const struct units *m, int k, bool threads)
{
	int *calls, *counts, n;

	if (!m->u[k].shown || m->t->tasks[m->u[k].task].thread != threads || m->u[k].count != 1 ||
	    m->u[k].gap)
		return false;
	for (int c = m->u[k].kid; c >= 0; c = m->u[c].sib)
		if (m->u[c].shown)
			return false;
	n = units_failed(m, k, &calls, &counts);
	free(calls);
	free(counts);
	return n == 0;
}

static Agnode_t *node_of(Agraph_t *g, const struct units *m, int unit, struct sbuf *b)
{
	sb_reset(b);
	draw_unit_name(b, m, unit);
	return agnode(g, (char *)sb_str(b), 0);
}

/* "N x clone thread" when the grid's calls all read alike, else "N threads". */
static void grid_edge_label(struct sbuf *b, const struct units *m, const int *kids, int n,
			    bool threads)
{
	struct sbuf one, other;
	bool alike = true;

	sb_init(&one);
	sb_init(&other);
	for (int i = 0; i < n && alike; i++) {
		int call = m->t->tasks[m->u[kids[i]].task].call;

		sb_reset(i ? &other : &one);
		if (call >= 0)
			describe_call_short(i ? &other : &one, &m->t->calls[call], ESC_LABEL);
		alike = call >= 0 && (i == 0 || !strcmp(sb_str(&one), sb_str(&other)));
	}
	if (alike)
		sb_printf(b, "%d x %s", n, sb_str(&one));
	else
		sb_printf(b, "%d %s", n, threads ? "threads" : "processes");
	sb_free(&one);
	sb_free(&other);
}

/*
 * The leaf threads a unit created, when there are GRID_MIN or more, in a
 * grid of about 16:9 (dot ranks are its columns, invisible edges keep the
 * rows) inside a cluster with one edge to it: a column of 200 threads would
 * be 14,000 px tall.  The same for its leaf processes.  Marks in_grid[] the
 * units whose edge the grid draws.
 */
static void grid(Agraph_t *g, Agraph_t *where, const struct units *m, int unit, bool *in_grid,
		 bool threads)
{
	int n = 0, *kids = NULL, cap = 0, rows;
	Agnode_t *from, *prev = NULL;
	Agraph_t *cl;
	Agedge_t *e;
	struct sbuf b;

	for (int k = m->u[unit].kid; k >= 0; k = m->u[k].sib)
		if (grid_member(m, k, threads)) {
			kids = xgrow(kids, &cap, n + 1, sizeof(int));
			kids[n++] = k;
		}
	if (n < GRID_MIN) {
		free(kids);
		return;
	}
	sb_init(&b);
	for (rows = 1; rows * rows * 16 < n * 9 * 111 / 45; rows++)
		;
	sb_printf(&b, "cluster_grid%s%lld", threads ? "" : "p", m->t->tasks[m->u[unit].task].id);
	cl = graph_cluster(where, sb_str(&b));
	sb_reset(&b);
	sb_printf(&b, "%d %s created by %lld", n, threads ? "threads" : "processes",
		  m->t->tasks[m->u[unit].task].tid);
	graph_set(cl, "label", sb_str(&b));
	graph_set(cl, "style", "dashed");
	graph_set(cl, "color", "#9090c0");
	from = node_of(g, m, unit, &b);
	for (int i = 0; i < n && from; i++) {
		Agnode_t *x = node_of(g, m, kids[i], &b);

		in_grid[kids[i]] = true;
		agsubnode(cl, x, 1);
		/* column 0 one rank after the creator; each row a chain of invisible edges */
		e = graph_edge(g, i < rows ? from : node_of(g, m, kids[i - rows], &b), x);
		graph_set(e, "style", "invis");
		prev = x;
	}
	if (from && prev) {
		e = graph_edge(g, from, node_of(g, m, kids[0], &b));
		graph_set(e, "lhead", agnameof(cl));
		sb_reset(&b);
		grid_edge_label(&b, m, kids, n, threads);
		graph_set(e, "label", sb_str(&b));
		graph_set(e, "tooltip", threads ? "each thread's tooltip has the call that created it" :
			  "each process's tooltip has the call that created it");
		graph_set(g, "compound", "true");
	}
	sb_free(&b);
	free(kids);
}

static Agraph_t *tree_draw(const struct units *m, const struct render_opts *o)
{
	Agraph_t *g = draw_open(m, o, "tree");
	Agraph_t **cl = make_clusters(g, m);
	bool has[L_COUNT] = { false }, *in_grid = xcalloc(m->n + 1, sizeof(bool));

	graph_set(g, "rankdir", "LR");
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i];

		if (m->u[u].shown)
			draw_unit(cl[m->u[u].group] ? cl[m->u[u].group] : g, m, u, false);
	}
	for (int i = 0; i < m->n; i++)
		if (m->u[m->order[i]].shown) {
			Agraph_t *where = cl[m->u[m->order[i]].group] ? cl[m->u[m->order[i]].group] : g;

			if (m->mode == UNIT_TASKS)
				grid(g, where, m, m->order[i], in_grid, true);
			grid(g, g, m, m->order[i], in_grid, false);
		}
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], *calls, *counts, n;
		struct sbuf b;
		Agnode_t *from;

		if (!m->u[u].shown)
			continue;
		legend_marks(m, u, has);
		if (!in_grid[u])
			draw_creation(g, m, u);
		draw_parent(g, m, u);
		sb_init(&b);
		draw_unit_name(&b, m, u);
		from = agnode(g, (char *)sb_str(&b), 0);
		sb_free(&b);
		n = units_failed(m, u, &calls, &counts);
		for (int j = 0; j < n && from; j++)
			draw_failed(g, from, m, calls[j], counts[j]);
		free(calls);
		free(counts);
	}
	tree_legend(g, has);
	free(in_grid);
	free(cl);
	return g;
}

const struct view view_tree = {
	.name = "tree",
	.mode = tree_mode,
	.key = tree_key,
	.draw = tree_draw,
};
