/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace show`: the front end of the text tree and the namespace audit.
 * It decides its exit status: 0 done, 1 bad trace or failed output, 2 bad usage.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "answers/audit.h"
#include "answers/filter.h"
#include "answers/show.h"
#include "cmd/args.h"
#include "cmd/show_main.h"
#include "format/trace.h"

static void show_usage(FILE *f)
{
	fputs("usage: clonetrace show [-atx] [--stack] [--times] [--collapse|--no-collapse]\n"
	      "                       [--focus TID] [--depth N] [-e FILTER]... [TRACE.json]\n"
	      "       clonetrace show --ns-audit [-e FILTER]... [TRACE.json]\n"
	      "  -a, --argv          full paths in exec chains, and each process's argv\n"
	      "  --collapse          fold identical siblings as N*[name] (the default)\n"
	      "  --depth N           show N process generations below the top\n"
	      "  -e, --filter F      only the tasks F keeps and what leads to them\n"
	      "  --focus TID         show only the task with this tid and what it created\n"
	      "                      (a thread's tid: that thread, not its process)\n"
	      "  -h, --help          this text\n"
	      "  --no-collapse       a line for every process, alike or not\n"
	      "  --ns-audit          every call that created or joined a namespace, in time\n"
	      "                      order, then the tasks in each new namespace\n"
	      "  --stack             each task's creation stack, threads' too (record --stack)\n"
	      "  -t, --threads       a line per thread (default: threads folded as {N threads})\n"
	      "  --times             start offset and lifetime columns\n"
	      "  -x, --failed-execs  failed execve calls in exec chains: (3 x ls: ENOENT)\n"
	      "TRACE.json defaults to clonetrace.json; - reads standard input.\n", f);
}

static int show_args(int argc, char **argv, struct show_opts *o, struct filter *f, bool *audit,
		     const char **path)
{
	enum { O_STACK = 256, O_TIMES, O_COLLAPSE, O_NO_COLLAPSE, O_AUDIT };
	static const struct option opts[] = {
		{ "argv", no_argument, NULL, 'a' },
		{ "collapse", no_argument, NULL, O_COLLAPSE },
		{ "depth", required_argument, NULL, 'd' },
		{ "failed-execs", no_argument, NULL, 'x' },
		{ "filter", required_argument, NULL, 'e' },
		{ "focus", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-collapse", no_argument, NULL, O_NO_COLLAPSE },
		{ "ns-audit", no_argument, NULL, O_AUDIT },
		{ "stack", no_argument, NULL, O_STACK },
		{ "threads", no_argument, NULL, 't' },
		{ "times", no_argument, NULL, O_TIMES },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	const char *tree_only = NULL;	/* an option of the tree's, which --ns-audit does not take */

	memset(o, 0, sizeof(*o));
	o->sel.depth = -1;
	o->sel.collapse = true;
	*audit = false;
	optind = 0;
	/* -d and -f are no short options: only --depth and --focus reach them */
	while ((c = getopt_long(argc, argv, "+ae:htx", opts, NULL)) != -1) {
		switch (c) {
		case 'a': o->argv = true; break;
		case 'e':
			if (args_filter("show", f) < 0)
				return -1;
			break;
		case 'h': show_usage(stdout); return 1;
		case 't': o->threads = true; break;
		case 'x': o->failed_execs = true; break;
		case 'd':
		case 'f':
			if (args_select(c, "show", &o->sel) < 0)
				return -1;
			break;
		case O_STACK: o->stack = true; break;
		case O_TIMES: o->times = true; break;
		case O_COLLAPSE: o->sel.collapse = true; break;
		case O_NO_COLLAPSE: o->sel.collapse = false; break;
		case O_AUDIT: *audit = true; break;
		default: return -1;
		}
		for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]) - 1; i++)
			if (opts[i].val == c && c != 'e' && c != 'h' && c != O_AUDIT)
				tree_only = opts[i].name;
	}
	if (*audit && tree_only) {
		warnx("show: --ns-audit lists calls, not the tree: it takes -e, not --%s", tree_only);
		return -1;
	}
	if (optind < argc - 1) {
		warnx("show: one trace at a time");
		return -1;
	}
	if (optind == argc - 1)
		*path = argv[optind];
	return 0;
}

int show_main(int argc, char **argv)
{
	struct show_opts o;
	const char *path = "clonetrace.json", *nc = getenv("NO_COLOR");
	struct filter f;
	struct filter_match fm;
	struct sbuf text;
	struct trace t;
	bool audit;
	int rc = 1, matches;

	filter_init(&f);
	sb_init(&text);
	switch (show_args(argc, argv, &o, &f, &audit, &path)) {
	case 1:
		rc = 0;
		goto out_filter;
	case -1:
		fputs("Try 'clonetrace show --help'.\n", stderr);
		rc = 2;
		goto out_filter;
	}
	/* https://no-color.org: NO_COLOR set and not empty turns colour off. */
	o.color = isatty(STDOUT_FILENO) && !(nc && *nc);
	if (args_load(&t, NULL, path) < 0)
		goto out_filter;
	args_filter_select(&o.sel, &f, &t, &fm, &text);
	if (o.sel.focus && trace_find_tid(&t, o.sel.focus, &matches) < 0) {
		warnx("show: --focus %lld: no task has that tid", o.sel.focus);
		goto out_trace;
	}
	if (o.sel.focus && matches > 1)
		warnx("show: --focus %lld: %d tasks had that tid; showing the first", o.sel.focus,
		      matches);
	if ((audit ? audit_write(stdout, &t, &o) : show_write(stdout, &t, &o)) < 0 ||
	    (o.sel.filter && printf("(filter: %s; %d of %d tasks kept)\n", o.sel.filter,
				    fm.n_tasks, t.n_tasks) < 0) ||
	    fflush(stdout) != 0)
		warn("show: standard output");
	else
		rc = 0;
out_trace:
	filter_match_free(&fm);
	trace_free(&t);
out_filter:
	sb_free(&text);
	filter_free(&f);
	return rc;
}
