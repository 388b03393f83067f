/* SPDX-License-Identifier: MIT */
/* Graphviz plumbing: cgraph objects, layout, output written atomically. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw/graph.h"
#include "draw/outfile.h"
#include "answers/esc.h"

static const struct {
	const char *ext, *format;
} formats[] = {
	{ .ext = "svg", .format = "svg" },
	{ .ext = "png", .format = "png" },
	{ .ext = "pdf", .format = "pdf" },
	{ .ext = "dot", .format = "dot" },
	{ .ext = "gv", .format = "dot" },
};

/*
 * Graphviz reports through one process-wide callback with no context: the
 * last message is kept here for graph_write() to quote.
 */
static char gv_last_error[256];

static int gv_error(char *msg)
{
	size_t n;

	snprintf(gv_last_error, sizeof(gv_last_error), "%s", msg);
	n = strlen(gv_last_error);
	while (n > 0 && (gv_last_error[n - 1] == '\n' || gv_last_error[n - 1] == ' '))
		gv_last_error[--n] = '\0';
	return 0;
}

Agraph_t *graph_open(const char *name)
{
	Agraph_t *g;

	agseterrf(gv_error);
	agseterr(AGERR);
	g = agopen((char *)name, Agdirected, NULL);
	return g;
}

Agraph_t *graph_cluster(Agraph_t *parent, const char *name)
{
	return agsubg(parent, (char *)name, 1);
}

Agnode_t *graph_node(Agraph_t *g, const char *name)
{
	return agnode(g, (char *)name, 1);
}

Agedge_t *graph_edge(Agraph_t *g, Agnode_t *tail, Agnode_t *head)
{
	return agedge(g, tail, head, NULL, 1);
}

void graph_default(Agraph_t *g, int kind, const char *attr, const char *value)
{
	agattr(g, kind, (char *)attr, (char *)value);
}

void graph_set(void *obj, const char *attr, const char *value)
{
	agsafeset(obj, (char *)attr, (char *)value, "");
}

void graph_set_html(void *obj, const char *attr, const char *html)
{
	char *s = agstrdup_html(agraphof(obj), (char *)html);

	agsafeset(obj, (char *)attr, s, "");
	agstrfree(agraphof(obj), s);
}

const char *graph_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcasecmp(dot + 1, formats[i].ext) == 0)
			return formats[i].format;
	return NULL;
}

int graph_format_known(const char *format)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(format, formats[i].format) == 0)
			return 1;
	return 0;
}

int graph_device_known(GVC_t *gvc, const char *format, char *list, size_t n)
{
	static const char *const windows[] = { "gtk", "x11", "xlib" };
	int count = 0, found = 0;
	char **devs = gvPluginList(gvc, "device", &count, NULL);
	size_t len = 0;

	if (n)
		list[0] = 0;
	for (int i = 0; i < count; i++) {
		bool window = false;

		for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++)
			window |= strcmp(devs[i], windows[w]) == 0;
		if (!window && strcmp(devs[i], format) == 0)
			found = 1;
		if (!window && len < n)
			len += (size_t)snprintf(list + len, n - len, "%s%s", len ? ", " : "", devs[i]);
		free(devs[i]);
	}
	free(devs);
	return found;
}

/* The graph as DOT text, unlaid: what a golden test compares. */
static int write_dot(Agraph_t *g, char **data, size_t *len)
{
	FILE *f = open_memstream(data, len);

	if (!f)
		return -1;
	if (agwrite(g, f) != 0) {
		fclose(f);
		free(*data);
		*data = NULL;
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

int graph_layout(GVC_t *gvc, Agraph_t *g, double *width, double *height, char *err,
		 size_t errlen)
{
	gv_last_error[0] = '\0';
	if (gvLayout(gvc, g, "dot") != 0) {
		snprintf(err, errlen, "graphviz layout failed: %s",
			 gv_last_error[0] ? gv_last_error : "no reason given");
		return -1;
	}
	*width = GD_bb(g).UR.x - GD_bb(g).LL.x;
	*height = GD_bb(g).UR.y - GD_bb(g).LL.y;
	return 0;
}

/* g laid out (unless laid) and rendered as format into *data (gvFreeRenderData). 0, or -1 with err. */
static int render_data(GVC_t *gvc, Agraph_t *g, bool laid, const char *format, char **data,
		       size_t *len, char *err, size_t errlen)
{
	unsigned int glen = 0;
	double w, h;
	int rc;

	*data = NULL;
	if (!laid && graph_layout(gvc, g, &w, &h, err, errlen) < 0)
		return -1;
	rc = gvRenderData(gvc, g, format, data, &glen);
	gvFreeLayout(gvc, g);
	if (rc != 0 || !*data) {
		snprintf(err, errlen, "graphviz cannot write %s: %s", format,
			 gv_last_error[0] ? gv_last_error : "no reason given");
		if (*data)
			gvFreeRenderData(*data);
		return -1;
	}
	*len = glen;
	return 0;
}

int graph_write(GVC_t *gvc, Agraph_t *g, bool laid, const char *format, const char *path,
		char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	gv_last_error[0] = '\0';
	if (strcmp(format, "dot") == 0) {
		/* the graph as built: what was laid out to measure it goes */
		if (laid)
			gvFreeLayout(gvc, g);
		if (write_dot(g, &data, &len) < 0) {
			snprintf(err, errlen, "cannot write DOT: %s", strerror(errno));
			return -1;
		}
	} else if (render_data(gvc, g, laid, format, &data, &len, err, errlen) < 0) {
		return -1;
	}
	rc = outfile_write(path, data, len, err, errlen);
	if (strcmp(format, "dot") == 0)
		free(data);
	else
		gvFreeRenderData(data);
	return rc;
}

int graph_svg(GVC_t *gvc, Agraph_t *g, bool laid, struct sbuf *out, char *err, size_t errlen)
{
	char *data;
	size_t len;

	gv_last_error[0] = '\0';
	if (render_data(gvc, g, laid, "svg", &data, &len, err, errlen) < 0)
		return -1;
	sb_addn(out, data, len);
	gvFreeRenderData(data);
	return 0;
}
