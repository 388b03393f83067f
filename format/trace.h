/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_TRACE_H
#define CLONETRACE_FORMAT_TRACE_H

/* Reading a trace into typed records (format/typed.h): the reader's face. */

#include <stddef.h>
#include <stdio.h>

#include "format/typed.h"

/* Reads path ("-": standard input).  0, or -1 with *e filled. */
int trace_load(struct trace *t, const char *path, struct trace_error *e);
/* The same from a buffer. */
int trace_load_buffer(struct trace *t, const char *buf, size_t len, struct trace_error *e);
/*
 * trace_load_buffer() that calls field(at, name, arg) for every field the
 * reader looks for, present or not ("tasks[3].exit", "code"): the fields it
 * accepts, for tests/unit/t-format-doc.c.
 */
int trace_load_fields(struct trace *t, const char *buf, size_t len, struct trace_error *e,
		      void (*field)(const char *at, const char *name, void *arg), void *arg);
/*
 * Reads a regular file laid out as clonetrace writes it, a record at a
 * time.  0; or -1 for anything else, valid or not, with t freed: trace_load()
 * then reads the whole document, which says what is wrong exactly.
 */
int trace_load_stream(struct trace *t, FILE *f);
void trace_free(struct trace *t);

/* The namespace instance v names (a tr_task.ns or tr_call.made value), or NULL for 0. */
const struct tr_ns *trace_ns(const struct trace *t, long long v);
/* Index of the first task with this tid, or -1; *count receives how many have it. */
int trace_find_tid(const struct trace *t, long long tid, int *count);

#endif
