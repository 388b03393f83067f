/* SPDX-License-Identifier: MIT */
/* `clonetrace diff`: the front end of the comparison.  Exit 0 the same, 1 different, 2 trouble. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "answers/diff.h"
#include "answers/filter.h"
#include "cmd/args.h"
#include "cmd/diff_main.h"
#include "format/trace.h"

static void diff_usage(FILE *f)
{
	fputs("usage: clonetrace diff [--json] [-e FILTER]... A.json B.json\n"
	      "  -e, --filter F  compare only what F keeps of each trace (clonetrace(1) FILTERS)\n"
	      "  -h, --help      this text\n"
	      "  --json          the differences as JSON\n"
	      "Tasks are matched by their place in the tree (comm, exe, argv and creating call),\n"
	      "not by pid or time.  Exit 0: the same; 1: different; 2: trouble.\n", f);
}

int diff_main(int argc, char **argv)
{
	struct args_answer a;
	struct trace t;
	struct diff_opts o;
	struct differ *d;
	struct diffs *diffs;
	int rc = 2, same;

	switch (args_answer(argc, argv, "diff", diff_usage, &a)) {
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
		if (args_load(&t, "diff", argv[a.first + i]) < 0) {
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
	if (args_written(stdout, "diff") == 0 && same >= 0)
		rc = same ? 0 : 1;
	diff_free(diffs);
out_filter:
	filter_free(&a.filter);
	return rc;
}
