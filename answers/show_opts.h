/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_SHOW_OPTS_H
#define CLONETRACE_ANSWERS_SHOW_OPTS_H

/* What `clonetrace show` is asked for: the tree's (show.c, showline.c) and the audit's (audit.c). */

#include <stdbool.h>

#include "answers/units.h"

struct show_opts {
	bool threads;		/* -t: a line per thread */
	bool stack;		/* --stack: creation stacks under each line, threads' too */
	bool color;		/* ANSI colours */
	bool argv;		/* -a: full paths in exec chains, and the last argv */
	bool failed_execs;	/* -x: failed execve calls in exec chains */
	bool times;		/* --times: start offset and lifetime columns */
	/* --focus, --depth, --collapse (on unless --no-collapse); depth -1: no limit */
	struct select sel;
};

#endif
