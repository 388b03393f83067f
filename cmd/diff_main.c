/* SPDX-License-Identifier: MIT */
/* `clonetrace diff`: the front end of the comparison.  Exit 0 the same, 1 different, 2 trouble. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/diff.h"
#include "answers/diff_print.h"
#include "answers/filter.h"
#include "cmd/args.h"
#include "cmd/diff_main.h"
#include "format/trace.h"

static void diff_usage(FILE *f)
{
	fputs("usage: clonetrace diff [--counts] [--json] [-e FILTER]... A.json B.json\n"
	      "  --counts        compare how many alike siblings (threads, workers) each has too\n"
	      "  -e, --filter F  compare only what F keeps of each trace (clonetrace(1) FILTERS)\n"
	      "  -h, --help      this text\n"
	      "  --json          the differences as JSON\n"
	      "Tasks are matched by their role (what ran, argv, creating call, place among\n"
	      "their siblings), not by pid or time; names made up on each run (mkstemp's,\n"
	      "memfd's, /proc/PID) are written alike.  Exit 0: the same; 1: different;\n"
	      "2: trouble (a filter that keeps nothing of a trace too).\n", f);
}

int diff_main(int argc, char **argv)
{
	struct args_answer a;
	struct trace t;
	struct diff_opts o;
	struct differ *d;
	struct diffs *diffs;
	int rc = 2, same;

	switch (args_answer(argc, argv, "diff", diff_usage, &a, true)) {
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
	d = diff_begin(&a.filter, a.counts);
	for (int i = 0; i < 2; i++) {
		const char *path = argv[a.first + i];
		int kept;

		if (args_load(&t, "diff", path) < 0) {
			diff_end(d);
			goto out_filter;
		}
		kept = diff_add(d, &t);
		trace_free(&t);
		/* nothing to compare is no sameness: say which trace the filter emptied */
		if (kept == 0) {
			warnx("diff: the filter keeps nothing of %s (%s)",
			      strcmp(path, "-") ? path : "<stdin>", i ? "B" : "A");
			diff_end(d);
			goto out_filter;
		}
	}
	diffs = diff_end(d);
	o.filter = &a.filter;
	o.counts = a.counts;
	o.json = a.json;
	o.name_a = argv[a.first];
	o.name_b = argv[a.first + 1];
	same = diff_print(stdout, diffs, &o);
	if (args_written(stdout, "diff") == 0 && same >= 0)
		rc = same ? 0 : 1;
	diff_free(diffs);
out_filter:
	filter_free(&a.filter);
	return rc;
}
