/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_STREAM_H
#define CLONETRACE_FORMAT_STREAM_H

/*
 * Inside the trace reader: a trace read a record at a time.  The scanner
 * knows the document's frame (format/keys.h) and nothing of what a record
 * means: it hands the meta and each record to its caller.
 */

#include <stdio.h>
#include <jansson.h>

#include "format/keys.h"

/* Where the records go.  Each returns 0, or -1 to stop the scan. */
struct stream_sink {
	int (*meta)(void *ctx, int version, json_t *meta);
	/* record i of array (KEY_TASKS, KEY_CALLS, KEY_NAMESPACES, KEY_RESOURCES), freed after the call */
	int (*record)(void *ctx, enum format_key array, int i, json_t *v);
	void *ctx;
};

/*
 * Reads a file laid out as clonetrace writes it (the top-level names in the
 * order of format_keys[]), record by record, into sink.  0; or -1 for
 * anything else, valid or not, or when sink said stop: the caller then reads
 * the whole document, which says what is wrong exactly.
 */
int stream_scan(FILE *f, const struct stream_sink *sink);

#endif
