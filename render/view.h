/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_RENDER_VIEW_H
#define CLONETRACE_RENDER_VIEW_H

/* The three pictures of a trace: tree.c, sharing.c, ns.c; common pieces in draw.c. */

#include <gvc.h>

#include "answers/units.h"
#include "answers/esc.h"
#include "format/trace.h"

struct render_opts {
	const char *view;	/* "tree", "sharing", "namespaces" */
	int ns;			/* enum ns_kind drawn by the namespaces view */
	struct select sel;
	bool collapsed;		/* sel.collapse, asked for or automatic */
	char note[200];		/* why clonetrace folded the picture, for its title; "" */
};

struct view {
	const char *name;
	/* The units the view draws, plain or collapsed. */
	enum unit_mode (*mode)(bool collapsed);
	units_key_fn key;	/* ctx: the const struct render_opts */
	Agraph_t *(*draw)(const struct units *m, const struct render_opts *o);
};

extern const struct view view_tree, view_sharing, view_namespaces;

/* draw.c: pieces every view uses. */

/* A new graph titled with the traced command, the view and what was left out. */
Agraph_t *draw_open(const struct units *m, const struct render_opts *o, const char *what);
/* The node of a unit: "t<id>" for a task, "p<id>" for a process with its threads. */
void draw_unit_name(struct sbuf *b, const struct units *m, int unit);
/* Label of a unit: [N x] comm pid, [{N threads}], exe, execs, exit, hidden tasks... */
void draw_unit_label(struct sbuf *b, const struct units *m, int unit, bool nspid);
/* Style of a unit: death by signal stands out, escaped tasks are dashed. */
void draw_unit_style(Agnode_t *n, const struct units *m, int unit);
/* Tooltip of a unit: its task, and a count of the tasks folded into it. */
void draw_unit_tooltip(struct sbuf *b, const struct units *m, int unit);
/* A node for a unit in g, fully labelled. */
Agnode_t *draw_unit(Agraph_t *g, const struct units *m, int unit, bool nspid);
/* The edge from the unit above to unit, labelled with the creating call. */
Agedge_t *draw_creation(Agraph_t *g, const struct units *m, int unit);
/*
 * A legend: title and rows (<TR>...</TR> of clonetrace's own HTML-like text,
 * never the trace's) in a node kept apart from the drawing, after its last
 * rank, where no edge passes.
 */
void draw_legend(Agraph_t *g, const char *title, const char *rows);
/* The shared part of every view's --collapse key. */
void draw_unit_key(struct sbuf *key, const struct units *m, int unit);

#endif
