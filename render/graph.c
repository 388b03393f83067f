/* Graphviz plumbing: cgraph objects, layout, output written atomically. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/graph.h"
#include "render/text.h"

static const struct {
	const char *ext, *format;
} formats[] = {
	{ "svg", "svg" },
	{ "png", "png" },
	{ "pdf", "pdf" },
	{ "dot", "dot" },
	{ "gv", "dot" },
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

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A file that is not a regular one (a terminal, a pipe, /dev/null) is written in place. */
static int write_in_place(const char *path, const char *data, size_t len, char *err,
			  size_t errlen)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_atomic(const char *path, const char *data, size_t len, char *err,
			size_t errlen)
{
	struct stat st;
	struct sbuf tmp;
	mode_t mask;
	int fd, rc = -1;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_in_place(path, data, len, err, errlen);
	sb_init(&tmp);
	sb_printf(&tmp, "%s.XXXXXX", path);
	fd = mkstemp(tmp.s);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* mkstemp makes 0600; the picture gets what a new file would. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", tmp.s, strerror(errno));
		close(fd);
		unlink(tmp.s);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp.s, path) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp.s);
		goto out;
	}
	rc = 0;
out:
	sb_free(&tmp);
	return rc;
}

int graph_write(GVC_t *gvc, Agraph_t *g, const char *format, const char *path,
		char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	unsigned int glen = 0;
	int rc;

	gv_last_error[0] = '\0';
	if (strcmp(format, "dot") == 0) {
		if (write_dot(g, &data, &len) < 0) {
			snprintf(err, errlen, "cannot write DOT: %s", strerror(errno));
			return -1;
		}
	} else {
		if (gvLayout(gvc, g, "dot") != 0) {
			snprintf(err, errlen, "graphviz layout failed: %s",
				 gv_last_error[0] ? gv_last_error : "no reason given");
			return -1;
		}
		rc = gvRenderData(gvc, g, format, &data, &glen);
		gvFreeLayout(gvc, g);
		if (rc != 0 || !data) {
			snprintf(err, errlen, "graphviz cannot write %s: %s", format,
				 gv_last_error[0] ? gv_last_error : "no reason given");
			if (data)
				gvFreeRenderData(data);
			return -1;
		}
		len = glen;
	}
	if (strcmp(path, "-") == 0) {
		rc = write_all(STDOUT_FILENO, data, len);
		if (rc < 0)
			snprintf(err, errlen, "standard output: %s", strerror(errno));
	} else {
		rc = write_atomic(path, data, len, err, errlen);
	}
	if (strcmp(format, "dot") == 0)
		free(data);
	else
		gvFreeRenderData(data);
	return rc;
}
