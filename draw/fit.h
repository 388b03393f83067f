/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_FIT_H
#define CLONETRACE_DRAW_FIT_H

/*
 * What render draws of a trace so that the picture can be read and laid out:
 * folded when larger than 4,000 px a side or than 300 nodes (and folding
 * makes it smaller), long chains folded or cut when too deep for dot; what
 * was done is said on stderr and on the picture's title.
 */

#include "draw/view.h"

/* --collapse, --no-collapse, or neither: clonetrace decides. */
enum fit_collapse { COLLAPSE_AUTO, COLLAPSE_ALWAYS, COLLAPSE_NEVER };

/* The units to draw, by count: folded past 300, cut past 5,000 or 4,000 deep.  0 or -1. */
int fit_build(struct units *m, const struct trace *t, const struct view *v,
	      struct render_opts *o, enum fit_collapse collapse);

/*
 * Draws m with v.  When clonetrace decides folding and the picture, laid out,
 * is larger than 4,000 px a side, folds m (identical subtrees, then long
 * chains) where that makes it smaller, notes it and draws again.  *laid says
 * whether the graph returned is laid out (never when fresh: -T dot writes
 * the graph as built); NULL on a layout failure (said).
 */
Agraph_t *fit_draw(GVC_t *gvc, struct units *m, const struct trace *t, const struct view *v,
		   struct render_opts *o, enum fit_collapse collapse, bool fresh, bool *laid);

#endif
