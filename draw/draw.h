/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_DRAW_H
#define CLONETRACE_DRAW_DRAW_H

/* Pieces every view draws with: the graph's title, a unit's node, a creation's edge, a legend. */

#include <gvc.h>

#include "answers/esc.h"
#include "answers/units.h"
#include "draw/view.h"

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
