/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_PERFETTO_H
#define CLONETRACE_DRAW_PERFETTO_H

/*
 * `clonetrace render -T perfetto`: the trace as a timeline in the Chrome
 * JSON Trace Event Format, which ui.perfetto.dev and chrome://tracing open.
 * A process is a track group, a task a track with its lifetime as a slice
 * named by comm; execs are slices nested in it, creating calls slices with a
 * flow arrow to the child's track, failed calls and failed execs instant
 * events.  Written with jansson: no hand-made JSON.
 */

#include <stdio.h>

#include "answers/units.h"

/*
 * The shown tasks of m (a UNIT_TASKS model) as a trace event document, an
 * event a line, written to out as it is made.  0, or -1 with errno when a
 * write failed.
 */
int perfetto_write(FILE *out, const struct units *m);

#endif
