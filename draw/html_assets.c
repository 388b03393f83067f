/* SPDX-License-Identifier: MIT */
/*
 * The report's page, style and script (draw/html/), in the binary: the
 * assembler's .incbin takes each file's bytes at build time, with a NUL
 * after them (they are text), so no tool writes a C array of them.  The
 * paths are from the top of the tree, where make runs the compiler; the
 * Makefile makes this object depend on the files.
 */
#include <string.h>

#include "draw/html_assets.h"

#define ASSET(sym, path)						\
	__asm__("	.section .rodata\n"					\
		"	.balign 16\n"						\
		"	.globl " #sym "\n"					\
		"	.hidden " #sym "\n"					\
		#sym ":\n"							\
		"	.incbin \"" path "\"\n"					\
		"	.byte 0\n"						\
		"	.previous\n")

ASSET(ct_html_page, "draw/html/report.html");
ASSET(ct_html_css, "draw/html/report.css");
ASSET(ct_html_js, "draw/html/report.js");

extern const char ct_html_page[], ct_html_css[], ct_html_js[];

const char *html_asset(enum html_part part, size_t *len)
{
	const char *s = part == HTML_PAGE ? ct_html_page : part == HTML_CSS ? ct_html_css :
			ct_html_js;

	*len = strlen(s);
	return s;
}
