/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_ESC_H
#define CLONETRACE_ANSWERS_ESC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/alloc.h"
#include "base/sbuf.h"

/*
 * How esc_add() writes a string from the trace:
 *  ESC_TEXT     control characters, C1 controls and bidi overrides as \n, \x1b, \u202e
 *               and a backslash doubled: safe on a terminal, and unambiguous;
 *  ESC_LABEL    ESC_TEXT, then made literal for a Graphviz label (\N, \l, &amp; ...);
 *  ESC_TOOLTIP  ESC_TEXT, then made literal for a Graphviz tooltip, which Graphviz
 *               unescapes twice.
 */
enum esc {
	ESC_TEXT,
	ESC_LABEL,
	ESC_TOOLTIP,
};

void esc_add(struct sbuf *b, const char *s, enum esc how);
/* At most max bytes of s (cut between characters, then "..."). */
void esc_add_max(struct sbuf *b, const char *s, enum esc how, size_t max);
/* A line break inside a label or tooltip ("\l" left-justified, "\n" in a tooltip). */
void esc_newline(struct sbuf *b, enum esc how);
/* 1234567 ns as "1.234 ms". */
void esc_time(struct sbuf *b, long long ns);
#endif
