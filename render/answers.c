/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace stats` and `clonetrace diff`: the front ends.  Only these two
 * functions decide exit statuses.  stats: 0 done, 1 bad trace or failed
 * output, 2 bad usage (as render and show).  diff: diff(1)'s convention,
 * 0 the same, 1 different, 2 trouble (bad usage, a bad trace, failed output).
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/diff.h"
#include "answers/filter.h"
#include "render/render.h"
#include "answers/stats.h"
#include "format/trace.h"

static void stats_usage(FILE *f)
{
	fputs("usage: clonetrace stats [--json] [-e FILTER]... [TRACE.json]\n"
	      "  -e, --filter F  count only what F keeps (clonetrace(1) FILTERS):\n"
	      "                  syscall=clone3,vfork status=failed ns=net comm=GLOB exe=GLOB\n"
	      "                  pid=N tree=TID time=1s..2s; every -e must hold\n"
	      "  -h, --help      this text\n"
	      "  --json          the same numbers as JSON (times in ns)\n"
	      "TRACE.json defaults to clonetrace.json; - reads standard input.\n", f);
}

static void diff_usage(FILE *f)
{
	fputs("usage: clonetrace diff [--json] [-e FILTER]... A.json B.json\n"
	      "  -e, --filter F  compare only what F keeps of each trace (clonetrace(1) FILTERS)\n"
	      "  -h, --help      this text\n"
	      "  --json          the differences as JSON\n"
	      "Tasks are matched by their place in the tree (comm, exe, argv and creating call),\n"
	      "not by pid or time.  Exit 0: the same; 1: different; 2: trouble.\n", f);
}

static int load(struct trace *t, const char *cmd, const char *path)
{
	struct trace_error e = { 0 };
	const char *name = strcmp(path, "-") ? path : "<stdin>";

	if (trace_load(t, path, &e) == 0)
		return 0;
	if (e.line > 0)
		warnx("%s: %s:%d:%d: %s", cmd, name, e.line, e.column, e.text);
	else
		warnx("%s: %s: %s", cmd, name, e.text);
	return -1;
}

struct answer_args {
	struct filter filter;
	bool json;
	int first;		/* index of the first trace in argv */
};

/* Options both commands take.  0, 1 for --help (done), -1 bad usage. */
static int answer_args(int argc, char **argv, const char *cmd, void (*usage)(FILE *),
		       struct answer_args *a)
{
	enum { O_JSON = 256 };
	static const struct option opts[] = {
		{ "filter", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, O_JSON },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	int c;

	memset(a, 0, sizeof(*a));
	filter_init(&a->filter);
	optind = 0;
	while ((c = getopt_long(argc, argv, "+e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (filter_parse(&a->filter, optarg, err, sizeof(err)) < 0) {
				warnx("%s: -e: %s", cmd, err);
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			return 1;
		case O_JSON:
			a->json = true;
			break;
		default:
			return -1;
		}
	}
	a->first = optind;
	return 0;
}

static int written(FILE *out, const char *cmd)
{
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	warn("%s: standard output", cmd);
	return -1;
}

int stats_main(int argc, char **argv)
{
	struct answer_args a;
	const char *path = "clonetrace.json";
	struct filter_match m;
	struct trace t;
	json_t *st;
	int rc = 1;

	switch (answer_args(argc, argv, "stats", stats_usage, &a)) {
	case 1:
		filter_free(&a.filter);
		return 0;
	case 0:
		if (a.first >= argc - 1)
			break;
		warnx("stats: one trace at a time");
		/* fall through */
	default:
		filter_free(&a.filter);
		fputs("Try 'clonetrace stats --help'.\n", stderr);
		return 2;
	}
	if (a.first == argc - 1)
		path = argv[a.first];
	if (load(&t, "stats", path) < 0)
		goto out_filter;
	filter_apply(&a.filter, &t, &m);
	st = stats_new(&t, &a.filter, &m);
	if (a.json) {
		if (json_dumpf(st, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) == 0 &&
		    fputc('\n', stdout) != EOF)
			rc = 0;
	} else {
		rc = stats_write_text(stdout, st);
	}
	if (written(stdout, "stats") < 0 || rc < 0)
		rc = 1;
	json_decref(st);
	filter_match_free(&m);
	trace_free(&t);
out_filter:
	filter_free(&a.filter);
	return rc;
}

int diff_main(int argc, char **argv)
{
	struct answer_args a;
	struct trace t;
	struct diff_opts o;
	struct differ *d;
	json_t *diffs;
	int rc = 2, same;

	switch (answer_args(argc, argv, "diff", diff_usage, &a)) {
	case 1:
		filter_free(&a.filter);
		return 0;
	case 0:
		if (a.first == argc - 2)
			break;
		warnx("diff: %s", a.first >= argc - 1 ? "two traces to compare (A.json B.json)" :
		      "two traces, no more");
		/* fall through */
	default:
		filter_free(&a.filter);
		fputs("Try 'clonetrace diff --help'.\n", stderr);
		return 2;
	}
	/* a trace at a time: A is described and gone before B is read */
	d = diff_begin(&a.filter);
	for (int i = 0; i < 2; i++) {
		if (load(&t, "diff", argv[a.first + i]) < 0) {
			diff_end(d);
			goto out_filter;
		}
		diff_add(d, &t);
		trace_free(&t);
	}
	diffs = diff_end(d);
	o.filter = &a.filter;
	o.json = a.json;
	o.name_a = argv[a.first];
	o.name_b = argv[a.first + 1];
	same = diff_print(stdout, diffs, &o);
	if (written(stdout, "diff") == 0 && same >= 0)
		rc = same ? 0 : 1;
	json_decref(diffs);
out_filter:
	filter_free(&a.filter);
	return rc;
}
