/* SPDX-License-Identifier: MIT */
/* The tracer's clock and its debug output. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "tracer/options.h"
#include "tracer/tracer.h"

uint64_t now_ns(const struct tracer *tr)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec - tr->t0;
}

bool tracer_attached(const struct tracer *tr)
{
	return tr->mode == MODE_ATTACH || tr->mode == MODE_ATTACH_SYSCALL;
}

void debug(const struct options *opt, const char *fmt, ...)
{
	va_list ap;

	if (!opt->debug)
		return;
	va_start(ap, fmt);
	fputs("clonetrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
