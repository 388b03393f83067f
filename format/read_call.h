/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_READ_CALL_H
#define CLONETRACE_FORMAT_READ_CALL_H

/* Inside the trace reader: one record of "calls", JSON in, checked struct out. */

#include <jansson.h>

#include "format/typed.h"

/* calls[idx] from o into t->calls[idx], which is zeroed.  0, or -1 with e filled. */
int read_call(struct trace *t, int idx, json_t *o, struct trace_error *e);

#endif
