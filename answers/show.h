/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_SHOW_H
#define CLONETRACE_ANSWERS_SHOW_H

/* `clonetrace show`: the trace as a pstree-like text tree, or its namespace audit. */

#include <stdbool.h>
#include <stdio.h>

#include "answers/units.h"
#include "format/trace.h"

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

/* Writes the tree to out; 0, or -1 when writing failed (or --focus names no task). */
int show_write(FILE *out, const struct trace *t, const struct show_opts *o);

/*
 * The namespace audit: every call that created or joined a namespace (or
 * failed to), in time order, then the tasks of each new namespace with
 * their namespace-local pids.  0, or -1 when writing failed.
 */
int show_ns_audit(FILE *out, const struct trace *t, const struct show_opts *o);

#endif
