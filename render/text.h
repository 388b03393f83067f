/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_RENDER_TEXT_H
#define CLONETRACE_RENDER_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A growing string.  Allocation failure aborts: every caller would have to give up anyway. */
struct sbuf {
	char *s;
	size_t len, cap;
};

/*
 * How sb_esc() writes a string from the trace:
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

void sb_init(struct sbuf *b);
void sb_free(struct sbuf *b);
void sb_reset(struct sbuf *b);
/* The string so far; "" when empty; valid until the next change. */
const char *sb_str(const struct sbuf *b);
void sb_add(struct sbuf *b, const char *s);
void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_esc(struct sbuf *b, const char *s, enum esc how);
/* At most max bytes of s (cut between characters, then "..."). */
void sb_esc_max(struct sbuf *b, const char *s, enum esc how, size_t max);
/* A line break inside a label or tooltip ("\l" left-justified, "\n" in a tooltip). */
void sb_newline(struct sbuf *b, enum esc how);
/* 1234567 ns as "1.234 ms". */
void sb_time(struct sbuf *b, long long ns);
/* Takes the string; the buffer is empty afterwards.  Free the result with free(). */
char *sb_steal(struct sbuf *b);

void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
/* p with room for at least need elements, *cap of them, growing by doubling. */
void *xgrow(void *p, int *cap, int need, size_t size);
char *xstrdup(const char *s);

#endif
