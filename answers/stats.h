/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_STATS_H
#define CLONETRACE_ANSWERS_STATS_H

/*
 * `clonetrace stats`: the numbers of a trace, strace -c style.  stats_new()
 * computes them as the JSON object `--json` prints (docs/stats.md lists every
 * field); stats_write_text() prints that object as tables.
 */

#include <stdio.h>
#include <jansson.h>

#include "answers/filter.h"
#include "format/trace.h"

/* The statistics of what m keeps of t (f is only described).  A new reference. */
json_t *stats_new(const struct trace *t, const struct filter *f, const struct filter_match *m);
/* The object of stats_new() as tables, times human-readable.  0, or -1 when writing failed. */
int stats_write_text(FILE *out, const json_t *stats);

#endif
