/* SPDX-License-Identifier: MIT */
/*
 * The namespaces view: processes in nested clusters, one per namespace of the
 * kind asked for (--ns, default pid).  A namespace sits inside the one it was
 * made from: for pid and user namespaces that is the kernel's own hierarchy;
 * for the other kinds, the namespace it was copied from.  Namespaces created
 * during the trace are highlighted; each process shows its pid in its own PID
 * namespace beside the global one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "base/strmap.h"
#include "draw/draw.h"
#include "draw/graph.h"
#include "draw/view.h"

struct ns {
	long long inst;		/* its instance (format/typed.h) */
	int origin;		/* the namespace it came from, -1: unknown */
	int first;		/* the first unit seen in it */
	bool created;		/* during the trace */
	Agraph_t *cluster;
};

static enum unit_mode ns_mode(bool collapsed)
{
	return UNIT_GROUPS;
}

static void ns_key(struct sbuf *key, const struct units *m, int unit, const void *ctx)
{
	const struct render_opts *o = ctx;

	draw_unit_key(key, m, unit);
	sb_printf(key, "\x1f%lld", m->t->tasks[m->u[unit].task].ns[o->ns]);
}

/* A successful unshare by the unit's tasks with flag; *how names it. */
static bool unshared(const struct units *m, int unit, unsigned long long flag)
{
	const int *tasks;
	int n = units_tasks(m, unit, &tasks);

	for (int i = 0; i < n; i++) {
		const struct tr_task *k = &m->t->tasks[tasks[i]];

		for (int j = 0; j < k->n_calls; j++) {
			const struct tr_call *c = &m->t->calls[k->calls[j]];

			if (c->result == RESULT_VALUE && (c->mask & flag) &&
			    strcmp(c->syscall, "unshare") == 0)
				return true;
		}
	}
	return false;
}

/* Was the namespace inst, first seen at unit, made by the trace? */
static bool created_at(const struct units *m, int unit, int kind, long long inst)
{
	const struct tr_task *k = &m->t->tasks[m->u[unit].task];
	const struct tr_ns *x = trace_ns(m->t, inst);
	unsigned long long flag = ct_ns[kind].flag;

	/* a version 2 trace says: a call made it, or a task moved to it unseen */
	if (m->t->version >= 2)
		return x->call >= 0 || x->unseen;

	if (k->call >= 0 && (m->t->calls[k->call].mask & flag) &&
	    strcmp(m->t->calls[k->call].syscall, "setns") != 0)
		return true;
	/* unshare(CLONE_NEWPID/NEWTIME) moves the caller's children, not the caller */
	return (kind != NS_PID && kind != NS_TIME && unshared(m, unit, flag)) ||
	       (m->u[unit].parent >= 0 && unshared(m, m->u[unit].parent, flag));
}

/* The namespaces of the shown units, in order of first appearance. */
static struct ns *find_namespaces(const struct units *m, int kind, int *n, int *of_unit)
{
	struct strmap index;
	struct ns *ns = NULL;
	char key[32];
	int cap = 0;

	strmap_init(&index);
	*n = 0;
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i], p = m->u[u].parent;
		long long inst = m->t->tasks[m->u[u].task].ns[kind], *at;
		bool added;

		of_unit[u] = -1;
		if (!m->u[u].shown || !inst)
			continue;
		snprintf(key, sizeof(key), "%lld", inst);
		at = strmap_add(&index, key, &added);
		if (!added) {
			of_unit[u] = (int)*at;
			continue;
		}
		*at = *n;
		ns = xgrow(ns, &cap, *n + 1, sizeof(*ns));
		ns[*n] = (struct ns){ .inst = inst, .origin = -1, .first = u };
		/* The parent comes first in order, so its namespace is known by now. */
		if (p >= 0 && m->u[p].shown && of_unit[p] >= 0)
			ns[*n].origin = of_unit[p];
		ns[*n].created = created_at(m, u, kind, inst);
		of_unit[u] = (*n)++;
	}
	strmap_free(&index);
	return ns;
}

static void make_cluster(Agraph_t *g, struct ns *all, int i, int kind, const struct units *m)
{
	struct ns *x = &all[i];
	struct sbuf b;

	sb_init(&b);
	sb_printf(&b, "cluster_ns%d", i);
	x->cluster = graph_cluster(x->origin >= 0 ? all[x->origin].cluster : g, sb_str(&b));
	sb_reset(&b);
	sb_printf(&b, "%s namespace ", ct_ns[kind].name);
	describe_namespace(&b, m->t, x->inst);
	sb_printf(&b, "%s\\l", x->created ? " (new)" : "");
	graph_set(x->cluster, "label", sb_str(&b));
	if (x->created) {
		graph_set(x->cluster, "style", "rounded,filled,bold");
		graph_set(x->cluster, "color", "#d08000");
		graph_set(x->cluster, "fillcolor", "#fff4d6");
	} else {
		graph_set(x->cluster, "style", "rounded");
		graph_set(x->cluster, "color", "#a0a0a0");
	}
	sb_reset(&b);
	sb_printf(&b, "%s namespace ", ct_ns[kind].name);
	describe_namespace(&b, m->t, x->inst);
	sb_printf(&b, ": %s; first seen with ",
		  x->created ? "created during the trace" : "there before the trace");
	describe_task_ref(&b, m->t, m->u[x->first].task);
	graph_set(x->cluster, "tooltip", sb_str(&b));
	sb_free(&b);
}

static Agraph_t *ns_draw(const struct units *m, const struct render_opts *o)
{
	int n_ns, *of_unit = xcalloc(m->n, sizeof(int));
	struct ns *ns = find_namespaces(m, o->ns, &n_ns, of_unit);
	struct sbuf what;
	Agraph_t *g;

	sb_init(&what);
	sb_printf(&what, "%s namespaces", ct_ns[o->ns].name);
	g = draw_open(m, o, sb_str(&what));
	sb_free(&what);
	graph_set(g, "rankdir", "LR");
	for (int i = 0; i < n_ns; i++)
		make_cluster(g, ns, i, o->ns, m);
	for (int i = 0; i < m->n; i++) {
		int u = m->order[i];

		if (m->u[u].shown)
			draw_unit(of_unit[u] >= 0 ? ns[of_unit[u]].cluster : g, m, u, true);
	}
	for (int i = 0; i < m->n; i++)
		if (m->u[m->order[i]].shown)
			draw_creation(g, m, m->order[i]);
	free(ns);
	free(of_unit);
	return g;
}

const struct view view_namespaces = {
	.name = "namespaces",
	.mode = ns_mode,
	.key = ns_key,
	.draw = ns_draw,
};
