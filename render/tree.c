/*
 * The tree view: who created whom.  A node per task, the threads of a
 * process in one cluster, an edge per creating call labelled with its short
 * flags; failed calls as dashed nodes.  Collapsed, a node per process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/compat.h"
#include "render/describe.h"
#include "render/graph.h"
#include "render/view.h"

static enum unit_mode tree_mode(bool collapsed)
{
	return collapsed ? UNIT_GROUPS : UNIT_TASKS;
}

static void tree_key(struct sbuf *key, const struct model *m, int unit, const void *ctx)
{
	int *calls, *counts, n = model_failed(m, unit, &calls, &counts);

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
static void draw_failed(Agraph_t *g, Agnode_t *from, const struct model *m, int call, int count)
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
		sb_newline(&b, ESC_TOOLTIP);
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
static void draw_parent(Agraph_t *g, const struct model *m, int unit)
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
static Agraph_t **make_clusters(Agraph_t *g, const struct model *m)
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

static Agraph_t *tree_draw(const struct model *m, const struct render_opts *o)
{
	Agraph_t *g = draw_open(m, o, "tree");
	Agraph_t **cl = make_clusters(g, m);

	graph_set(g, "rankdir", "LR");
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i];

		if (m->u[u].shown)
			draw_unit(cl[m->u[u].group] ? cl[m->u[u].group] : g, m, u, false);
	}
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], *calls, *counts, n;
		struct sbuf b;
		Agnode_t *from;

		if (!m->u[u].shown)
			continue;
		draw_creation(g, m, u);
		draw_parent(g, m, u);
		sb_init(&b);
		draw_unit_name(&b, m, u);
		from = agnode(g, (char *)sb_str(&b), 0);
		sb_free(&b);
		n = model_failed(m, u, &calls, &counts);
		for (int j = 0; j < n && from; j++)
			draw_failed(g, from, m, calls[j], counts[j]);
		free(calls);
		free(counts);
	}
	free(cl);
	return g;
}

const struct view view_tree = {
	.name = "tree",
	.mode = tree_mode,
	.key = tree_key,
	.draw = tree_draw,
};
