/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_RENDER_STREAM_H
#define CLONETRACE_RENDER_STREAM_H

/*
 * Inside the trace reader: reading a trace a record at a time, and keeping
 * of each record only what struct trace points to (strings copied into an
 * arena, small JSON values such as argv and flags kept, alike ones once),
 * so that the reader needs a small multiple of the file's size, not the
 * eleven times a whole jansson document takes.
 */

#include <stdio.h>

#include "render/trace.h"

/*
 * Reads a regular file laid out as clonetrace writes it (the top-level names
 * in the order format, version, meta, tasks, calls, resources), record by
 * record.  0; or -1 for anything else, valid or not, with t freed: the
 * caller then reads the whole document, which says what is wrong exactly.
 */
int stream_load(struct trace *t, FILE *f);

/* After a whole document was read: detaches t from it, which may then go. */
void stream_detach_all(struct trace *t);

/* What stream_load and stream_detach_all keep; trace_free calls it. */
void stream_free(struct trace *t);

/* trace.c: one record of "tasks", "calls" or "resources", and the header and meta. */
int trace_read_record(struct trace *t, const char *array, int idx, json_t *o,
		      struct trace_error *e);
int trace_read_head(struct trace *t, json_t *root, struct trace_error *e);

#endif
