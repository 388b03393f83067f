/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_HTML_H
#define CLONETRACE_DRAW_HTML_H

/*
 * `clonetrace render -T html`: one self-contained HTML file to explore a
 * trace (the tree, search and -e filters, task details, a timeline, the
 * namespace audit, the Graphviz views).  The page is draw/html/report.html,
 * .css and .js, embedded at build time (html_assets.c); the trace's data is
 * a JSON document in a <script type="application/json">, made with jansson
 * from the typed records (html_data.c), '<' written as \u003c so that no
 * name can end the element.  The script shows every name with textContent.
 */

#include <stdio.h>
#include <gvc.h>

#include "answers/units.h"
#include "format/trace.h"

/*
 * The report of the tasks sel keeps of t (its filter, --focus, --depth),
 * written to out as it is made.  gvc draws the Graphviz views of a trace
 * small enough.  0, or -1 with errno when a write failed, or with a
 * message in err (errno 0).
 */
int html_write(FILE *out, const struct trace *t, const struct select *sel, GVC_t *gvc,
	       char *err, size_t errlen);

#endif
