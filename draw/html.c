/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace render -T html`: the page around the data (html_data.c).
 *   <!DOCTYPE html> ... <style>report.css</style> ... report.html
 *   <script type="application/json" id="ct-data">{...}</script>
 *   <script>report.js</script>
 * No text of the trace is written outside the JSON, which the script
 * reads and shows with textContent: the only HTML here is the tree's own.
 * The Graphviz views of a small selection are drawn as SVG into the data;
 * the page shows them as images, in which no script runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "answers/audit.h"
#include "draw/fit.h"
#include "draw/graph.h"
#include "draw/html.h"
#include "draw/html_assets.h"
#include "draw/html_data.h"
#include "draw/view.h"

/* A view is drawn when the selection has at most this many tasks (fit.c folds past 300). */
#define VIEW_MAX_TASKS 300

static void put_str(struct html_out *o, const char *s)
{
	html_put(o, s, strlen(s));
}

static void put_asset(struct html_out *o, enum html_part part)
{
	size_t len;
	const char *s = html_asset(part, &len);

	html_put(o, s, len);
}

/* One view as {"name", "svg"} or {"name", "why"}: why it is not drawn. */
static json_t *view_svg(GVC_t *gvc, const struct trace *t, const struct select *sel,
			const struct view *v, int n_shown)
{
	json_t *o = json_object();
	struct render_opts ro = { .view = v->name, .ns = NS_PID, .sel = *sel };
	struct units m;
	struct sbuf svg;
	char err[512];
	Agraph_t *g;
	bool laid;

	json_object_set_new(o, "name", json_string(v->name));
	if (n_shown > VIEW_MAX_TASKS) {
		snprintf(err, sizeof(err), "not drawn: %d tasks are more than a readable picture "
			 "holds (%d); the tree and the timeline show them all, and "
			 "clonetrace render --view %s folds them", n_shown, VIEW_MAX_TASKS, v->name);
		json_object_set_new(o, "why", json_string(err));
		return o;
	}
	sb_init(&svg);
	if (fit_build(&m, t, v, &ro, COLLAPSE_AUTO) < 0) {
		json_object_set_new(o, "why", json_string("not drawn: nothing to draw"));
		sb_free(&svg);
		return o;
	}
	g = fit_draw(gvc, &m, t, v, &ro, COLLAPSE_AUTO, false, &laid);
	if (!g) {
		json_object_set_new(o, "why", json_string("not drawn: Graphviz could not lay it out"));
	} else if (graph_svg(gvc, g, laid, &svg, err, sizeof(err)) < 0) {
		json_object_set_new(o, "why", json_string(err));
	} else {
		json_t *s = json_stringn(svg.s, svg.len);

		json_object_set_new(o, s ? "svg" : "why", s ? s : json_string("not drawn: not UTF-8"));
		if (ro.note[0])
			json_object_set_new(o, "note", json_string(ro.note));
	}
	if (g)
		agclose(g);
	units_free(&m);
	sb_free(&svg);
	return o;
}

/* The namespace audit, as `show --ns-audit` writes it (of the tasks and calls sel keeps). */
static json_t *audit_text(const struct trace *t, const struct select *sel)
{
	struct show_opts o = { .sel = *sel };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	json_t *s = NULL;

	if (!f)
		return json_null();
	if (audit_write(f, t, &o) == 0 && fflush(f) == 0)
		s = json_stringn(text, len);
	fclose(f);
	if (!s && text)
		s = json_stringn(text, len);
	free(text);
	return s ? s : json_null();
}

int html_write(FILE *f, const struct trace *t, const struct select *sel, GVC_t *gvc,
	       char *err, size_t errlen)
{
	static const struct view *const views[] = { &view_tree, &view_sharing, &view_namespaces };
	struct html_out out = { .f = f };
	json_t *extra = json_object(), *vs = json_array();
	struct units m;

	if (units_build(&m, t, UNIT_TASKS, sel, NULL, NULL, err, errlen) < 0) {
		json_decref(extra);
		json_decref(vs);
		errno = 0;
		return -1;
	}
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		json_array_append_new(vs, view_svg(gvc, t, sel, views[i], m.n_shown));
	json_object_set_new(extra, "views", vs);
	json_object_set_new(extra, "audit", audit_text(t, sel));
	put_str(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src blob:\">\n"
		"<title>clonetrace report</title>\n<style>\n");
	put_asset(&out, HTML_CSS);
	put_str(&out, "</style>\n</head>\n<body>\n");
	put_asset(&out, HTML_PAGE);
	put_str(&out, "<script type=\"application/json\" id=\"ct-data\">");
	html_data(&out, &m, sel, extra);
	put_str(&out, "</script>\n<script>\n");
	put_asset(&out, HTML_JS);
	put_str(&out, "</script>\n</body>\n</html>\n");
	json_decref(extra);
	units_free(&m);
	errno = out.error;
	return out.error ? -1 : 0;
}
