/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_KEEP_H
#define CLONETRACE_FORMAT_KEEP_H

/*
 * Inside the trace reader: keeping of each record only what struct trace
 * points to (strings and arrays copied into an arena, alike flag sets
 * once), so that the record's JSON may go and
 * the reader needs a small multiple of the file's size, not the eleven
 * times a whole jansson document takes.
 */

#include <jansson.h>

#include "format/keys.h"
#include "format/typed.h"

/* n bytes (not zeroed) or a copy of s (NULL: NULL) that live as long as t. */
void *keep_mem(struct trace *t, size_t n);
const char *keep_str(struct trace *t, const char *s);
/* A JSON array of strings (NULL: absent) as t's own. */
struct tr_strings keep_strings(struct trace *t, json_t *arr);
/* The same, one copy for all alike arrays (flag sets, rules broken). */
struct tr_strings keep_alike(struct trace *t, json_t *arr);
/* Task k's argv: its last exec's, its creator's or parent's if the same, else its own. */
struct tr_strings keep_argv(struct trace *t, const struct tr_task *k, json_t *argv);

/* Detaches t->meta from its JSON. */
void keep_meta(struct trace *t);
/* Detaches record i of array (KEY_TASKS, KEY_CALLS, KEY_RESOURCES). */
void keep_record(struct trace *t, enum format_key array, int i);
/* After a whole document was read: detaches all of t from it, which may then go. */
void keep_all(struct trace *t);
/* What the above keep; trace_free() calls it. */
void keep_free(struct trace *t);

#endif
