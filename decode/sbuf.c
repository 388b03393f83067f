/* SPDX-License-Identifier: MIT */
/* See sbuf.h. */
#include <stdarg.h>
#include <stdio.h>

#include "decode/sbuf.h"

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(b->len < b->n ? b->buf + b->len : NULL,
		      b->len < b->n ? b->n - b->len : 0, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->len += (size_t)k;
}
