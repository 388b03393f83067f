/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_READ_H
#define CLONETRACE_FORMAT_READ_H

/* Inside the trace reader: one record of a trace, JSON in, checked struct out. */

#include <jansson.h>

#include "format/keys.h"
#include "format/typed.h"

/* The header (format, version) and the meta of root into t->meta.  0, or -1 with e filled. */
int read_head(struct trace *t, json_t *root, struct trace_error *e);
/* Record idx of array (KEY_TASKS, KEY_CALLS, KEY_NAMESPACES, KEY_RESOURCES) into t's, which is zeroed. */
int read_record(struct trace *t, enum format_key array, int idx, json_t *o,
		struct trace_error *e);

#endif
