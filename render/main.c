/*
 * `clonetrace render` and `clonetrace show`: the front ends.  Only these two
 * functions decide exit statuses: 0 done, 1 bad trace or failed output,
 * 2 bad usage.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/filter.h"
#include "render/graph.h"
#include "render/render.h"
#include "render/show.h"
#include "render/text.h"
#include "render/trace.h"
#include "render/view.h"

/* More units than this make an unreadable picture: fold them unless told not to. */
#define AUTO_COLLAPSE 300
/* More than this takes dot over half a minute: cut generations unless told not to. */
#define MAX_NODES 5000
/* dot runs out of memory on chains of some ten thousand ranks: never draw deeper. */
#define MAX_DEPTH 4000

enum { COLLAPSE_AUTO, COLLAPSE_ALWAYS, COLLAPSE_NEVER };

static const struct view *const views[] = { &view_tree, &view_sharing, &view_namespaces };

static void render_usage(FILE *f)
{
	fputs("usage: clonetrace render [--view tree|sharing|namespaces] [--ns KIND]\n"
	      "                         [--collapse|--no-collapse] [--focus TID] [--depth N]\n"
	      "                         [-e FILTER]... [-o FILE] [-T svg|png|pdf|dot] TRACE.json\n"
	      "  --collapse       fold identical sibling subtrees and each process's threads\n"
	      "  --depth N        draw N process generations below the top\n"
	      "  -e, --filter F   draw the tasks F keeps and what leads to them (clonetrace(1)\n"
	      "                   FILTERS: syscall=, status=failed, ns=, comm=, exe=, pid=,\n"
	      "                   tree=, time=A..B)\n"
	      "  --focus TID      draw only what the task with this tid created\n"
	      "  -h, --help       this text\n"
	      "  --no-collapse    never fold, however large the trace\n"
	      "  --ns KIND        namespaces view: cgroup, ipc, mnt, net, pid (default), time,\n"
	      "                   user or uts\n"
	      "  -o, --output F   write to F (default: TRACE with the format's extension;\n"
	      "                   - is standard output)\n"
	      "  -T, --format F   svg, png, pdf or dot (default: from -o's extension, else svg)\n"
	      "  --view V         tree (default), sharing or namespaces\n", f);
}

static void show_usage(FILE *f)
{
	fputs("usage: clonetrace show [-t] [--stack] [TRACE.json]\n"
	      "  -h, --help     this text\n"
	      "  --stack        print each task's creation stack (recorded with --stack)\n"
	      "  -t, --threads  a line per thread (default: threads folded as {N threads})\n"
	      "TRACE.json defaults to clonetrace.json; - reads standard input.\n", f);
}

/* A decimal number in [min, max], all of s. */
static int parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;

	if (!*s)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || *end || *out < min || *out > max ? -1 : 0;
}

static int load(struct trace *t, const char *path)
{
	struct trace_error e;

	if (trace_load(t, path, &e) == 0)
		return 0;
	if (e.line > 0)
		warnx("%s:%d:%d: %s", strcmp(path, "-") ? path : "<stdin>", e.line, e.column,
		      e.text);
	else
		warnx("%s: %s", strcmp(path, "-") ? path : "<stdin>", e.text);
	return -1;
}

/* TRACE.json -> TRACE.svg beside it. */
static char *default_output(const char *trace, const char *format)
{
	size_t n = strlen(trace);
	char *out;

	if (n > 5 && strcmp(trace + n - 5, ".json") == 0)
		n -= 5;
	out = malloc(n + strlen(format) + 2);
	if (out)
		sprintf(out, "%.*s.%s", (int)n, trace, format);
	return out;
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
	struct sbuf filter_text;
	const struct view *view;
	int collapse;
	const char *output, *format, *trace;
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
	long long n;
	int c;
	char err[256];

	memset(a, 0, sizeof(*a));
	filter_init(&a->filter);
	sb_init(&a->filter_text);
	a->view = &view_tree;
	a->o.ns = NS_PID;
	a->o.sel.depth = -1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+e:ho:T:", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (filter_parse(&a->filter, optarg, err, sizeof(err)) < 0) {
				warnx("render: -e: %s", err);
				return -1;
			}
			break;
		case 'h':
			render_usage(stdout);
			return 1;
		case 'o':
			a->output = optarg;
			break;
		case 'T':
			a->format = optarg;
			if (!graph_format_known(optarg)) {
				warnx("render: -T %s: unknown format (svg, png, pdf or dot)", optarg);
				return -1;
			}
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
			a->o.ns = trace_ns_kind(optarg);
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
			if (parse_num(optarg, 1, INT_MAX, &n) < 0) {
				warnx("render: --focus %s: expected a tid", optarg);
				return -1;
			}
			a->o.sel.focus = n;
			break;
		case O_DEPTH:
			if (parse_num(optarg, 0, INT_MAX, &n) < 0) {
				warnx("render: --depth %s: expected a number, 0 or more", optarg);
				return -1;
			}
			a->o.sel.depth = (int)n;
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
		a->format = graph_format_of(a->output);
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

static int rebuild(struct model *m, const struct trace *t, struct render_args *a)
{
	const struct view *v = a->view;
	char err[160];

	model_free(m);
	if (model_build(m, t, v->mode(a->o.sel.collapse), &a->o.sel, v->key, &a->o, err,
			sizeof(err)) == 0)
		return 0;
	warnx("render: %s", err);
	return -1;
}

/* The deepest generation cut that leaves at most max units, by bisection. */
static int fit_depth(struct model *m, const struct trace *t, struct render_args *a, int max)
{
	int lo = 0, hi = m->depth_shown;

	while (lo < hi) {
		a->o.sel.depth = lo + (hi - lo + 1) / 2;
		if (rebuild(m, t, a) < 0)
			return -1;
		if (m->n_shown <= max)
			lo = a->o.sel.depth;
		else
			hi = a->o.sel.depth - 1;
	}
	a->o.sel.depth = lo;
	return rebuild(m, t, a);
}

/*
 * Builds the units as asked; then, in one line on stderr, says what was done
 * to a picture too large to read (fold it) or too large for Graphviz (cut it:
 * dot fails on chains some ten thousand ranks long).
 */
static int build(struct model *m, const struct trace *t, struct render_args *a)
{
	bool auto_fit = a->collapse == COLLAPSE_AUTO;
	int before;
	struct sbuf note;

	memset(m, 0, sizeof(*m));
	a->o.sel.collapse = a->collapse == COLLAPSE_ALWAYS;
	if (rebuild(m, t, a) < 0)
		return -1;
	if (m->focus_matches > 1)
		warnx("render: --focus %lld: %d tasks had that tid; drawing the first",
		      a->o.sel.focus, m->focus_matches);
	before = m->n_shown;
	sb_init(&note);
	if (!a->o.sel.collapse && ((auto_fit && m->n_shown > AUTO_COLLAPSE) ||
				   m->depth_shown > MAX_DEPTH)) {
		a->o.sel.collapse = true;
		if (rebuild(m, t, a) < 0)
			goto fail;
		if (m->n_shown < before)
			sb_printf(&note, "; folded identical subtrees and threads into %d",
				  m->n_shown);
		else
			sb_add(&note, "; nothing alike to fold");
	}
	if (m->depth_shown > MAX_DEPTH) {
		a->o.sel.depth = MAX_DEPTH;
		if (rebuild(m, t, a) < 0)
			goto fail;
		sb_printf(&note, "; drew %d generations (--depth %d), %d nodes", MAX_DEPTH,
			  MAX_DEPTH, m->n_shown);
	}
	if (auto_fit && m->n_shown > MAX_NODES) {
		if (fit_depth(m, t, a, MAX_NODES) < 0)
			goto fail;
		sb_printf(&note, "; drew %d generation%s (--depth %d), %d nodes",
			  a->o.sel.depth, a->o.sel.depth == 1 ? "" : "s", a->o.sel.depth, m->n_shown);
	}
	if (note.len > 0)
		warnx("render: %d nodes are too many to draw well%s (--no-collapse, --focus and "
		      "--depth draw otherwise)", before, sb_str(&note));
	a->o.collapsed = a->o.sel.collapse;
	sb_free(&note);
	return 0;
fail:
	sb_free(&note);
	return -1;
}

int render_main(int argc, char **argv)
{
	struct render_args a;
	struct trace t;
	struct model m;
	struct filter_match match;
	char *output = NULL, err[512];
	GVC_t *gvc;
	Agraph_t *g;
	int rc = 1;

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
		output = strdup(a.output);
	else if (strcmp(a.trace, "-") == 0)
		output = strdup("-");
	else
		output = default_output(a.trace, a.format);
	if (!output) {
		warnx("render: out of memory");
		filter_free(&a.filter);
		return 1;
	}
	if (strcmp(output, "-") != 0 && same_file(output, a.trace)) {
		warnx("render: %s: would overwrite the trace", output);
		filter_free(&a.filter);
		free(output);
		return 2;
	}
	/* Before any graph: the context sets the attribute defaults graphs are made with. */
	gvc = gvContext();
	if (load(&t, a.trace) < 0)
		goto out_gvc;
	filter_apply(&a.filter, &t, &match);
	if (!filter_empty(&a.filter)) {
		filter_describe(&a.filter_text, &a.filter);
		a.o.sel.keep_task = match.task;
		a.o.sel.keep_call = match.call;
		a.o.sel.filter = sb_str(&a.filter_text);
	}
	if (build(&m, &t, &a) < 0)
		goto out_trace;
	g = a.view->draw(&m, &a.o);
	if (graph_write(gvc, g, a.format, output, err, sizeof(err)) < 0)
		warnx("render: %s", err);
	else
		rc = 0;
	agclose(g);
	model_free(&m);
out_trace:
	filter_match_free(&match);
	trace_free(&t);
out_gvc:
	gvFreeContext(gvc);
	sb_free(&a.filter_text);
	filter_free(&a.filter);
	free(output);
	return rc;
}

int show_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "stack", no_argument, NULL, 's' },
		{ "threads", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct show_opts o = { 0 };
	const char *path = "clonetrace.json", *nc = getenv("NO_COLOR");
	struct trace t;
	int c, rc = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+ht", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			show_usage(stdout);
			return 0;
		case 's':
			o.stack = true;
			break;
		case 't':
			o.threads = true;
			break;
		default:
			fputs("Try 'clonetrace show --help'.\n", stderr);
			return 2;
		}
	}
	if (optind < argc - 1) {
		warnx("show: one trace at a time");
		return 2;
	}
	if (optind == argc - 1)
		path = argv[optind];
	/* https://no-color.org: NO_COLOR set and not empty turns colour off. */
	o.color = isatty(STDOUT_FILENO) && !(nc && *nc);
	if (load(&t, path) < 0)
		return 1;
	if (show_write(stdout, &t, &o) < 0 || fflush(stdout) != 0) {
		warn("show: standard output");
		rc = 1;
	}
	trace_free(&t);
	return rc;
}
