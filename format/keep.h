/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_KEEP_H
#define CLONETRACE_FORMAT_KEEP_H

/*
 * Inside the trace reader: keeping of each record only what struct trace
 * points to (strings copied into an arena, small JSON values such as argv
 * and flags held, alike ones once), so that the record's JSON may go and
 * the reader needs a small multiple of the file's size, not the eleven
 * times a whole jansson document takes.
 */

#include "format/keys.h"
#include "format/trace.h"

/* Detaches t->meta from its JSON. */
void keep_meta(struct trace *t);
/* Detaches record i of array (KEY_TASKS, KEY_CALLS, KEY_RESOURCES). */
void keep_record(struct trace *t, enum format_key array, int i);
/* After a whole document was read: detaches all of t from it, which may then go. */
void keep_all(struct trace *t);
/* What the above keep; trace_free() calls it. */
void keep_free(struct trace *t);

#endif
