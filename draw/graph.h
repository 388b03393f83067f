/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_GRAPH_H
#define CLONETRACE_DRAW_GRAPH_H

/*
 * Graphviz plumbing: graphs built with libcgraph, laid out and written with
 * libgvc.  Every string reaches Graphviz through cgraph, which quotes it; the
 * views escape trace text with esc_add() (ESC_LABEL, ESC_TOOLTIP) first.
 */

#include <stdbool.h>
#include <stddef.h>
#include <gvc.h>

#include "base/sbuf.h"

/* A new directed graph with clonetrace's defaults; gvc must exist (it sets attribute defaults). */
Agraph_t *graph_open(const char *name);
Agraph_t *graph_cluster(Agraph_t *parent, const char *name);
Agnode_t *graph_node(Agraph_t *g, const char *name);
Agedge_t *graph_edge(Agraph_t *g, Agnode_t *tail, Agnode_t *head);
/* The default of an attribute for kind AGRAPH, AGNODE or AGEDGE of g. */
void graph_default(Agraph_t *g, int kind, const char *attr, const char *value);
/* Sets an attribute of a graph, node or edge, declaring it (default "") if needed. */
void graph_set(void *obj, const char *attr, const char *value);
/* An HTML-like label made only of clonetrace's own text, never of trace text. */
void graph_set_html(void *obj, const char *attr, const char *html);

/* "svg" for "x.svg" (.svg .png .pdf .dot .gv); NULL when the extension says nothing. */
const char *graph_format_of(const char *path);
/* Whether clonetrace writes this format. */
int graph_format_known(const char *format);
/*
 * Is format one of this Graphviz's output devices (less those that open a
 * window)?  When not, the ones there are go into list (comma-separated).
 */
int graph_device_known(GVC_t *gvc, const char *format, char *list, size_t n);

/* Lays g out with dot; *width and *height receive its size in points.  0, or -1 with err. */
int graph_layout(GVC_t *gvc, Agraph_t *g, double *width, double *height, char *err,
		 size_t errlen);

/*
 * Lays g out (unless laid says graph_layout() did) and writes it as format
 * to path ("-": standard output), atomically: a temporary file beside path
 * renamed over it, so a failure leaves no half-written file.  "dot" writes
 * the graph as built, unlaid.  0, or -1 with a message in err.
 */
int graph_write(GVC_t *gvc, Agraph_t *g, bool laid, const char *format, const char *path,
		char *err, size_t errlen);

/* g as SVG (laid out unless laid says so), added to out.  0, or -1 with a message in err. */
int graph_svg(GVC_t *gvc, Agraph_t *g, bool laid, struct sbuf *out, char *err, size_t errlen);

#endif
