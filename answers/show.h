/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_SHOW_H
#define CLONETRACE_ANSWERS_SHOW_H

/* `clonetrace show`: the trace as a pstree-like text tree (the audit: audit.h). */

#include <stdbool.h>
#include <stdio.h>

#include "answers/show_opts.h"
#include "format/trace.h"

/* Writes the tree to out; 0, or -1 when writing failed (or --focus names no task). */
int show_write(FILE *out, const struct trace *t, const struct show_opts *o);

#endif
