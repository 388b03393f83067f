/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_VIEW_H
#define CLONETRACE_DRAW_VIEW_H

/* The three pictures of a trace: tree.c, sharing.c, namespaces.c; common pieces in draw.c. */

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

#endif
