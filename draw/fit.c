/* SPDX-License-Identifier: MIT */
/*
 * Fitting a picture to what can be read and laid out: folding (the model's
 * --collapse) and cutting generations (--depth), decided by the number of
 * nodes before drawing and by the size of the laid-out picture after.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "draw/fit.h"
#include "draw/graph.h"

/* More units than this make an unreadable picture: fold them unless told not to. */
#define AUTO_COLLAPSE 300
/* More than this takes dot over half a minute: cut generations unless told not to. */
#define MAX_NODES 5000
/* dot runs out of memory on chains of some ten thousand ranks: never draw deeper. */
#define MAX_DEPTH 4000
/* A screen, in points (1/72 inch; 1920 x 1080 pixels at 96 per inch): larger is folded. */
#define SCREEN_W 1440.0
#define SCREEN_H 810.0
#define PX(pt) ((int)((pt) * 96 / 72 + 0.5))

/* The title's note: what was folded, and how to draw it all. */
static void set_note(struct render_opts *o, const char *why)
{
	snprintf(o->note, sizeof(o->note), "folded because %s: --no-collapse draws every task",
		 why);
}

static int rebuild(struct units *m, const struct trace *t, const struct view *v,
		   struct render_opts *o)
{
	char err[160];

	units_free(m);
	if (units_build(m, t, v->mode(o->sel.collapse), &o->sel, v->key, o, err,
			sizeof(err)) == 0)
		return 0;
	warnx("render: %s", err);
	return -1;
}

/* The deepest generation cut that leaves at most max units, by bisection. */
static int fit_depth(struct units *m, const struct trace *t, const struct view *v,
		     struct render_opts *o, int max)
{
	int lo = 0, hi = m->depth_shown;

	while (lo < hi) {
		o->sel.depth = lo + (hi - lo + 1) / 2;
		if (rebuild(m, t, v, o) < 0)
			return -1;
		if (m->n_shown <= max)
			lo = o->sel.depth;
		else
			hi = o->sel.depth - 1;
	}
	o->sel.depth = lo;
	return rebuild(m, t, v, o);
}

/*
 * Builds the units as asked; then, in one line on stderr, says what was done
 * to a picture too large to read (fold it) or too large for Graphviz (cut it:
 * dot fails on chains some ten thousand ranks long).
 */
int fit_build(struct units *m, const struct trace *t, const struct view *v,
	      struct render_opts *o, enum fit_collapse collapse)
{
	bool auto_fit = collapse == COLLAPSE_AUTO;
	int before;
	struct sbuf note;

	memset(m, 0, sizeof(*m));
	o->sel.collapse = collapse == COLLAPSE_ALWAYS;
	if (rebuild(m, t, v, o) < 0)
		return -1;
	if (m->focus_matches > 1)
		warnx("render: --focus %lld: %d tasks had that tid; drawing the first",
		      o->sel.focus, m->focus_matches);
	before = m->n_shown;
	sb_init(&note);
	if (!o->sel.collapse && ((auto_fit && m->n_shown > AUTO_COLLAPSE) ||
				   m->depth_shown > MAX_DEPTH)) {
		o->sel.collapse = true;
		if (rebuild(m, t, v, o) < 0)
			goto fail;
		if (m->n_shown < before) {
			char why[64];

			sb_printf(&note, "; folded identical subtrees and threads into %d",
				  m->n_shown);
			snprintf(why, sizeof(why), "%d nodes are too many to read", before);
			set_note(o, why);
		} else
			sb_add(&note, "; nothing alike to fold");
	}
	if (m->depth_shown > MAX_DEPTH) {
		o->sel.depth = MAX_DEPTH;
		if (rebuild(m, t, v, o) < 0)
			goto fail;
		sb_printf(&note, "; drew %d generations (--depth %d), %d nodes", MAX_DEPTH,
			  MAX_DEPTH, m->n_shown);
	}
	if (auto_fit && m->n_shown > MAX_NODES) {
		if (fit_depth(m, t, v, o, MAX_NODES) < 0)
			goto fail;
		sb_printf(&note, "; drew %d generation%s (--depth %d), %d nodes",
			  o->sel.depth, o->sel.depth == 1 ? "" : "s", o->sel.depth, m->n_shown);
	}
	if (note.len > 0)
		warnx("render: %d nodes are too many to draw well%s (--no-collapse, --focus and "
		      "--depth draw otherwise)", before, sb_str(&note));
	o->collapsed = o->sel.collapse;
	sb_free(&note);
	return 0;
fail:
	sb_free(&note);
	return -1;
}


Agraph_t *fit_draw(GVC_t *gvc, struct units *m, const struct trace *t, const struct view *v,
		   struct render_opts *o, enum fit_collapse collapse, bool fresh, bool *laid)
{
	Agraph_t *g = v->draw(m, o);
	char err[256], why[128];
	double w, h;
	int before = m->n_shown;

	*laid = false;
	if (collapse != COLLAPSE_AUTO || o->collapsed)
		return g;
	if (graph_layout(gvc, g, &w, &h, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
		agclose(g);
		return NULL;
	}
	*laid = true;
	if (w <= SCREEN_W && h <= SCREEN_H && !fresh)
		return g;
	/* dot's layout leaves marks in the graph (bb, edges moved into clusters) */
	gvFreeLayout(gvc, g);
	if (w <= SCREEN_W && h <= SCREEN_H) {
		agclose(g);
		*laid = false;
		return v->draw(m, o);
	}
	o->sel.collapse = true;
	if (rebuild(m, t, v, o) < 0) {
		agclose(g);
		return NULL;
	}
	*laid = false;
	agclose(g);
	if (m->n_shown >= before) {
		/* nothing alike to fold: the unfolded picture it is */
		o->sel.collapse = false;
		return rebuild(m, t, v, o) < 0 ? NULL : v->draw(m, o);
	}
	o->collapsed = true;
	snprintf(why, sizeof(why), "%d nodes would draw %d x %d px, more than a screen", before,
		 PX(w), PX(h));
	set_note(o, why);
	warnx("render: %s; folded identical subtrees and threads into %d (--no-collapse draws "
	      "every task)", why, m->n_shown);
	return v->draw(m, o);
}
