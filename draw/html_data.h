/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_HTML_DATA_H
#define CLONETRACE_DRAW_HTML_DATA_H

/* The report's data (html.h): the JSON document its script reads. */

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "answers/units.h"

/* Where the report goes; error: errno of the first write that failed, 0: none. */
struct html_out {
	FILE *f;
	int error;
};

/* n bytes of s; nothing after a failed write. */
void html_put(struct html_out *o, const char *s, size_t n);
/* v as compact JSON with every '<' as \u003c, which no text can end a <script> with; takes v. */
void html_put_json(struct html_out *o, json_t *v);

/*
 * The data of the tasks m (a UNIT_TASKS model) shows, as one JSON object,
 * extra's members added to it (the audit, the views).
 */
void html_data(struct html_out *out, const struct units *m, const struct select *sel,
	       json_t *extra);

#endif
