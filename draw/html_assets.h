/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_HTML_ASSETS_H
#define CLONETRACE_DRAW_HTML_ASSETS_H

/* The report's files (draw/html/), built into the binary by html_assets.c. */

#include <stddef.h>

enum html_part { HTML_PAGE, HTML_CSS, HTML_JS };

/* The text of a file, and its length in *len. */
const char *html_asset(enum html_part part, size_t *len);

#endif
