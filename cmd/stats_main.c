/* SPDX-License-Identifier: MIT */
/* `clonetrace stats`: the front end of the numbers.  Exit 0 done, 1 bad trace or output, 2 bad usage. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "answers/filter.h"
#include "answers/stats.h"
#include "cmd/args.h"
#include "cmd/stats_main.h"
#include "format/trace.h"

static void stats_usage(FILE *f)
{
	fputs("usage: clonetrace stats [--json] [-e FILTER]... [TRACE.json]\n"
	      "  -e, --filter F  count only what F keeps (clonetrace(1) FILTERS):\n"
	      "                  syscall=clone3,vfork status=failed ns=net comm=GLOB exe=GLOB\n"
	      "                  pid=N tree=TID time=1s..2s in=mnt:2; every -e must hold\n"
	      "  -h, --help      this text\n"
	      "  --json          the same numbers as JSON (times in ns)\n"
	      "TRACE.json defaults to clonetrace.json; - reads standard input.\n", f);
}

int stats_main(int argc, char **argv)
{
	struct args_answer a;
	const char *path = "clonetrace.json";
	struct filter_match m;
	struct trace t;
	struct stats *st;
	int rc = 1;

	switch (args_answer(argc, argv, "stats", stats_usage, &a, false)) {
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
	if (args_load(&t, "stats", path) < 0)
		goto out_filter;
	filter_apply(&a.filter, &t, &m);
	st = stats_new(&t, &a.filter, &m);
	rc = a.json ? stats_json_write(stdout, st) : stats_text_write(stdout, st);
	if (args_written(stdout, "stats") < 0 || rc < 0)
		rc = 1;
	stats_free(st);
	filter_match_free(&m);
	trace_free(&t);
out_filter:
	filter_free(&a.filter);
	return rc;
}
