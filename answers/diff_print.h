/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_PRINT_H
#define CLONETRACE_ANSWERS_DIFF_PRINT_H

/* `clonetrace diff`'s differences written out: as text, or as JSON (docs/stats.md). */

#include <stdio.h>

#include "answers/diff.h"

/* diff_end()'s differences on out, as o says.  1 the same, 0 different, -1 writing failed. */
int diff_print(FILE *out, const struct diffs *ds, const struct diff_opts *o);

/* All of it for two traces in memory: the differences of b from a on out, as diff_print(). */
int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o);

#endif
