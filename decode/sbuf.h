/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DECODE_SBUF_H
#define CLONETRACE_DECODE_SBUF_H

#include <stddef.h>

/* snprintf into a fixed buffer, piece by piece: counts what it wanted, writes what fits. */
struct sbuf {
	char *buf;
	size_t n, len;
};

void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
