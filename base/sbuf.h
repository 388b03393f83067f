/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_BASE_SBUF_H
#define CLONETRACE_BASE_SBUF_H

/*
 * The program's one string buffer: a string that grows as it is written,
 * piece by piece.  It never fails (base/alloc.h's policy).  sb_copy() hands
 * it out snprintf-style, for the functions that fill a caller's char[].
 */

#include <stddef.h>

struct sbuf {
	char *s;
	size_t len, cap;
};

void sb_init(struct sbuf *b);
void sb_free(struct sbuf *b);
void sb_reset(struct sbuf *b);
/* The string so far; "" when empty; valid until the next change. */
const char *sb_str(const struct sbuf *b);
void sb_add(struct sbuf *b, const char *s);
void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * As snprintf: what fits of the string into buf[n], always terminated when
 * n > 0 (buf may be NULL when n is 0); returns the whole string's length.
 */
int sb_copy(const struct sbuf *b, char *buf, size_t n);
/* Takes the string; the buffer is empty afterwards.  Free the result with free(). */
char *sb_steal(struct sbuf *b);

#endif
