#ifndef CLONETRACE_RENDER_SHOW_H
#define CLONETRACE_RENDER_SHOW_H

/* `clonetrace show`: the trace as a pstree-like text tree. */

#include <stdbool.h>
#include <stdio.h>

#include "render/trace.h"

struct show_opts {
	bool threads;		/* -t: a line per thread */
	bool stack;		/* --stack: creation stacks under each line */
	bool color;		/* ANSI colours */
};

/* Writes the tree to out; 0, or -1 when writing failed. */
int show_write(FILE *out, const struct trace *t, const struct show_opts *o);

#endif
