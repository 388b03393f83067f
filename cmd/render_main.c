/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace render`: the front end of the pictures and the timeline.  It
 * decides its exit status: 0 done, 1 bad trace or failed output, 2 bad usage.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "answers/esc.h"
#include "answers/filter.h"
#include "cmd/args.h"
#include "cmd/render_main.h"
#include "draw/fit.h"
#include "draw/graph.h"
#include "draw/html.h"
#include "draw/outfile.h"
#include "draw/perfetto.h"
#include "draw/view.h"
#include "format/trace.h"

/* -T perfetto: the timeline, written as TRACE.perfetto.json. */
#define PERFETTO "perfetto"
/* -T html: the interactive report, TRACE.html. */
#define HTML "html"

static const struct view *const views[] = { &view_tree, &view_sharing, &view_namespaces };

static void render_usage(FILE *f)
{
	fputs("usage: clonetrace render [--view tree|sharing|namespaces] [--ns KIND]\n"
	      "                         [--collapse|--no-collapse] [--focus TID] [--depth N]\n"
	      "                         [-e FILTER]... [-o FILE] [-T svg|png|pdf|dot|perfetto|html]\n"
	      "                         TRACE.json\n"
	      "  --collapse       fold identical sibling subtrees and each process's threads\n"
	      "  --depth N        draw N process generations below the top\n"
	      "  -e, --filter F   only the tasks F keeps and what leads to them (clonetrace(1)\n"
	      "                   FILTERS: syscall=, status=failed, ns=, comm=, exe=, pid=,\n"
	      "                   tree=, time=A..B)\n"
	      "  --focus TID      draw only the task with this tid and what it created\n"
	      "  -h, --help       this text\n"
	      "  --no-collapse    never fold, however large the trace\n"
	      "  --ns KIND        namespaces view: cgroup, ipc, mnt, net, pid (default), time,\n"
	      "                   user or uts\n"
	      "  -o, --output F   write to F (default: TRACE with the format's extension;\n"
	      "                   - is standard output)\n"
	      "  -T, --format F   svg, png, pdf, dot, any other format of Graphviz's (jpg, gif,\n"
	      "                   ps...), perfetto: a timeline for ui.perfetto.dev and\n"
	      "                   chrome://tracing, or html: one self-contained page to\n"
	      "                   explore the trace (default: from -o's extension, else svg)\n"
	      "  --view V         tree (default), sharing or namespaces\n", f);
}

/* TRACE.json -> TRACE.svg beside it. */
static char *default_output(const char *trace, const char *format)
{
	size_t n = strlen(trace);

	if (n > 5 && strcmp(trace + n - 5, ".json") == 0)
		n -= 5;
	return xasprintf("%.*s.%s", (int)n, trace, format);
}

/* The picture must not replace the trace it was drawn from. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

struct render_args {
	struct render_opts o;
	struct filter filter;
	const struct view *view;
	int collapse;
	const char *output, *format, *trace;
	char format_buf[32];
	bool format_from_name;	/* the format is -o's extension, not yet known to be Graphviz's */
};

static int render_args(int argc, char **argv, struct render_args *a)
{
	enum { O_VIEW = 256, O_NS, O_COLLAPSE, O_NO_COLLAPSE, O_FOCUS, O_DEPTH };
	static const struct option opts[] = {
		{ "collapse", no_argument, NULL, O_COLLAPSE },
		{ "depth", required_argument, NULL, O_DEPTH },
		{ "filter", required_argument, NULL, 'e' },
		{ "focus", required_argument, NULL, O_FOCUS },
		{ "format", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-collapse", no_argument, NULL, O_NO_COLLAPSE },
		{ "ns", required_argument, NULL, O_NS },
		{ "output", required_argument, NULL, 'o' },
		{ "view", required_argument, NULL, O_VIEW },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	filter_init(&a->filter);
	a->view = &view_tree;
	a->o.ns = NS_PID;
	a->o.sel.depth = -1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+e:ho:T:", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (args_filter("render", &a->filter) < 0)
				return -1;
			break;
		case 'h':
			render_usage(stdout);
			return 1;
		case 'o':
			a->output = optarg;
			break;
		case 'T':
			/* Graphviz's -T names: any case; checked against its devices once loaded */
			snprintf(a->format_buf, sizeof(a->format_buf), "%s", optarg);
			for (char *p = a->format_buf; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			a->format = a->format_buf;
			break;
		case O_VIEW:
			a->view = NULL;
			for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
				if (strcmp(optarg, views[i]->name) == 0)
					a->view = views[i];
			if (!a->view) {
				warnx("render: --view %s: unknown view (tree, sharing or namespaces)",
				      optarg);
				return -1;
			}
			break;
		case O_NS:
			a->o.ns = ns_by_name(optarg);
			if (a->o.ns < 0 || a->o.ns == NS_PID_FOR_CHILDREN ||
			    a->o.ns == NS_TIME_FOR_CHILDREN) {
				warnx("render: --ns %s: unknown namespace kind (cgroup, ipc, mnt, net, "
				      "pid, time, user or uts)", optarg);
				return -1;
			}
			break;
		case O_COLLAPSE:
			a->collapse = COLLAPSE_ALWAYS;
			break;
		case O_NO_COLLAPSE:
			a->collapse = COLLAPSE_NEVER;
			break;
		case O_FOCUS:
		case O_DEPTH:
			if (args_select(c == O_FOCUS ? 'f' : 'd', "render", &a->o.sel) < 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc - 1) {
		warnx("render: %s", optind >= argc ? "which trace? (TRACE.json)" :
		      "one trace at a time");
		return -1;
	}
	a->trace = argv[optind];
	a->o.view = a->view->name;
	if (!a->format && a->output && strcmp(a->output, "-") != 0) {
		size_t n = strlen(a->output);

		a->format = graph_format_of(a->output);
		/* only the timeline is JSON: x.json, x.perfetto.json */
		if (!a->format && n > 5 && strcasecmp(a->output + n - 5, ".json") == 0)
			a->format = PERFETTO;
		if (!a->format && ((n > 5 && strcasecmp(a->output + n - 5, ".html") == 0) ||
				   (n > 4 && strcasecmp(a->output + n - 4, ".htm") == 0)))
			a->format = HTML;
		/* any other extension may be one of Graphviz's formats (jpg, gif, ps, ...) */
		const char *dot = strrchr(a->output, '.');

		if (!a->format && dot && dot[1] && !strchr(dot, '/') &&
		    strlen(dot + 1) < sizeof(a->format_buf)) {
			snprintf(a->format_buf, sizeof(a->format_buf), "%s", dot + 1);
			for (char *p = a->format_buf; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			a->format = a->format_buf;
			a->format_from_name = true;
		}
		if (!a->format) {
			warnx("render: -o %s: cannot tell the format from the name; add -T FORMAT",
			      a->output);
			return -1;
		}
	}
	if (!a->format)
		a->format = "svg";
	return 0;
}

/* -T perfetto: every task (or those --focus and --depth select) on a timeline; never folded. */
static int timeline(struct render_args *a, const char *output)
{
	struct trace t;
	struct units m;
	struct filter_match fm;
	struct sbuf text;
	struct outfile out;
	char err[512];
	int rc = 1;

	if (args_load(&t, NULL, a->trace) < 0)
		return 1;
	sb_init(&text);
	args_filter_select(&a->o.sel, &a->filter, &t, &fm, &text);
	if (units_build(&m, &t, UNIT_TASKS, &a->o.sel, NULL, NULL, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
		goto out_trace;
	}
	/* written as it is made; a file takes its name only once complete */
	if (outfile_open(&out, output, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
	} else if (perfetto_write(out.f, &m) < 0) {
		warnx("render: %s: %s", strcmp(output, "-") ? output : "standard output",
		      strerror(errno));
		outfile_abort(&out);
	} else if (outfile_close(&out, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
	} else {
		rc = 0;
	}
	units_free(&m);
out_trace:
	filter_match_free(&fm);
	sb_free(&text);
	trace_free(&t);
	return rc;
}

/* -T html: the report of every task the filters, --focus and --depth keep. */
static int report(struct render_args *a, const char *output)
{
	struct trace t;
	struct filter_match fm;
	struct sbuf text;
	struct outfile out;
	char err[512];
	GVC_t *gvc;
	int rc = 1;

	if (args_load(&t, NULL, a->trace) < 0)
		return 1;
	sb_init(&text);
	args_filter_select(&a->o.sel, &a->filter, &t, &fm, &text);
	gvc = gvContext();
	err[0] = '\0';
	if (outfile_open(&out, output, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
	} else if (html_write(out.f, &t, &a->o.sel, gvc, err, sizeof(err)) < 0) {
		if (errno)
			warnx("render: %s: %s", strcmp(output, "-") ? output : "standard output",
			      strerror(errno));
		else
			warnx("render: %s", err);
		outfile_abort(&out);
	} else if (outfile_close(&out, err, sizeof(err)) < 0) {
		warnx("render: %s", err);
	} else {
		rc = 0;
	}
	gvFreeContext(gvc);
	filter_match_free(&fm);
	sb_free(&text);
	trace_free(&t);
	return rc;
}

int render_main(int argc, char **argv)
{
	struct render_args a;
	struct trace t;
	struct units m;
	struct filter_match fm;
	struct sbuf text;
	char *output = NULL, err[512];
	GVC_t *gvc;
	Agraph_t *g;
	bool laid;
	int rc = 1;

	sb_init(&text);
	switch (render_args(argc, argv, &a)) {
	case 1:
		filter_free(&a.filter);
		return 0;
	case -1:
		filter_free(&a.filter);
		fputs("Try 'clonetrace render --help'.\n", stderr);
		return 2;
	}
	if (a.output)
		output = xstrdup(a.output);
	else if (strcmp(a.trace, "-") == 0)
		output = xstrdup("-");
	else
		output = default_output(a.trace, strcmp(a.format, PERFETTO) ? a.format :
					PERFETTO ".json");
	if (strcmp(output, "-") != 0 && same_file(output, a.trace)) {
		warnx("render: %s: would overwrite the trace", output);
		rc = 2;
		goto out_filter;
	}
	if (strcmp(a.format, PERFETTO) == 0) {
		rc = timeline(&a, output);
		goto out_filter;
	}
	if (strcmp(a.format, HTML) == 0) {
		rc = report(&a, output);
		goto out_filter;
	}
	/* Before any graph: the context sets the attribute defaults graphs are made with. */
	gvc = gvContext();
	if (!graph_format_known(a.format) && !graph_device_known(gvc, a.format, err, sizeof(err))) {
		if (a.format_from_name)
			warnx("render: -o %s: '%s' is no format this Graphviz writes (%s, perfetto "
			      "and html); add -T FORMAT", a.output, a.format, err);
		else
			warnx("render: -T %s: unknown format; this Graphviz writes %s, perfetto and html",
			      a.format, err);
		free(output);
		gvFreeContext(gvc);
		return 2;
	}
	if (args_load(&t, NULL, a.trace) < 0)
		goto out_gvc;
	args_filter_select(&a.o.sel, &a.filter, &t, &fm, &text);
	if (fit_build(&m, &t, a.view, &a.o, a.collapse) < 0)
		goto out_trace;
	g = fit_draw(gvc, &m, &t, a.view, &a.o, a.collapse, strcmp(a.format, "dot") == 0,
		     &laid);
	if (!g)
		goto out_model;
	if (graph_write(gvc, g, laid, a.format, output, err, sizeof(err)) < 0)
		warnx("render: %s", err);
	else
		rc = 0;
	agclose(g);
out_model:
	units_free(&m);
out_trace:
	filter_match_free(&fm);
	trace_free(&t);
out_gvc:
	gvFreeContext(gvc);
out_filter:
	sb_free(&text);
	filter_free(&a.filter);
	free(output);
	return rc;
}
