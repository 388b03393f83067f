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
/*
 * A picture larger than this on a side, in pixels at 96 per inch, is folded
 * when folding makes it smaller: a grid of 200 named threads (2,400 x 1,400
 * px) reads better than one box saying "200 threads".
 */
#define MAX_SIDE_PX 4000
/* A chain folded keeps this many generations at each end (answers/units.h, fold_chains). */
#define CHAIN_KEEP 4
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
		int depth = m->depth_shown;

		o->sel.fold_chains = CHAIN_KEEP;
		if (rebuild(m, t, v, o) < 0)
			goto fail;
		if (m->depth_shown < depth)
			sb_printf(&note, "; folded chains deeper than %d generations, %d nodes",
				  2 * CHAIN_KEEP + 1, m->n_shown);
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


/* Lays g out; its size in points, or -1 (said). */
static int laid_size(GVC_t *gvc, Agraph_t *g, double *w, double *h)
{
	char err[256];

	if (graph_layout(gvc, g, w, h, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
		return -1;
	}
	return 0;
}

static bool too_large(double w, double h)
{
	return PX(w) > MAX_SIDE_PX || PX(h) > MAX_SIDE_PX;
}

/*
 * A picture drawn with a selection, and the size dot lays it out at.  Its
 * layout is freed at once: gvc keeps one layout at a time, and dot leaves
 * marks in a graph it laid out, so the chosen one is drawn again.
 */
struct candidate {
	Agraph_t *g;		/* NULL: none */
	struct select sel;
	double w, h;
};

/* Draws m as o->sel now selects and measures it into c; -1 on failure (said). */
static int candidate_draw(GVC_t *gvc, struct units *m, const struct trace *t,
			  const struct view *v, struct render_opts *o, struct candidate *c)
{
	if (rebuild(m, t, v, o) < 0)
		return -1;
	c->sel = o->sel;
	c->g = v->draw(m, o);
	if (laid_size(gvc, c->g, &c->w, &c->h) < 0) {
		agclose(c->g);
		c->g = NULL;
		return -1;
	}
	gvFreeLayout(gvc, c->g);
	return 0;
}

/*
 * Is c the smaller picture: within the bounds where best is not, or else no
 * longer side and less area?
 */
static bool smaller(const struct candidate *c, const struct candidate *best)
{
	double cmax = c->w > c->h ? c->w : c->h, bmax = best->w > best->h ? best->w : best->h;

	if (too_large(c->w, c->h) != too_large(best->w, best->h))
		return !too_large(c->w, c->h);
	return cmax <= bmax && c->w * c->h < best->w * best->h;
}

/* Keeps c in best when it is smaller; closes the other. */
static void keep_smaller(struct candidate *best, struct candidate *c)
{
	if (smaller(c, best)) {
		agclose(best->g);
		*best = *c;
	} else {
		agclose(c->g);
	}
	c->g = NULL;
}

Agraph_t *fit_draw(GVC_t *gvc, struct units *m, const struct trace *t, const struct view *v,
		   struct render_opts *o, enum fit_collapse collapse, bool fresh, bool *laid)
{
	struct candidate best = { .g = v->draw(m, o), .sel = o->sel }, c = { 0 };
	char why[128];
	int before = m->n_shown;
	double w, h;

	*laid = false;
	if (collapse != COLLAPSE_AUTO || o->collapsed)
		return best.g;
	if (laid_size(gvc, best.g, &best.w, &best.h) < 0) {
		agclose(best.g);
		return NULL;
	}
	if (!too_large(best.w, best.h) && !fresh) {
		*laid = true;
		return best.g;
	}
	gvFreeLayout(gvc, best.g);
	w = best.w;
	h = best.h;
	/* folded only when that draws a smaller picture: identical subtrees, then long chains */
	if (too_large(w, h)) {
		o->sel.collapse = true;
		if (candidate_draw(gvc, m, t, v, o, &c) < 0)
			goto fail;
		keep_smaller(&best, &c);
		if (too_large(best.w, best.h)) {
			o->sel = best.sel;
			o->sel.fold_chains = CHAIN_KEEP;
			if (candidate_draw(gvc, m, t, v, o, &c) < 0)
				goto fail;
			keep_smaller(&best, &c);
		}
	}
	agclose(best.g);
	o->sel = best.sel;
	if (rebuild(m, t, v, o) < 0)
		return NULL;
	if (best.w != w || best.h != h) {
		o->collapsed = o->sel.collapse;
		snprintf(why, sizeof(why), "%d nodes would draw %d x %d px, more than %d px a side",
			 before, PX(w), PX(h), MAX_SIDE_PX);
		set_note(o, why);
		warnx("render: %s; %s into %d nodes, %d x %d px (--no-collapse draws every task)",
		      why, o->sel.collapse && o->sel.fold_chains ? "folded identical subtrees, "
		      "threads and long chains" : o->sel.collapse ? "folded identical subtrees and "
		      "threads" : "folded long chains", m->n_shown, PX(best.w), PX(best.h));
	}
	return v->draw(m, o);
fail:
	agclose(best.g);
	return NULL;
}
