/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_OUTPUT_H
#define CLONETRACE_TRACER_OUTPUT_H

/* The trace, streamed a record a line through format/'s writers (output.c). */

struct tracer;

/* Writes the whole trace to fd; 0, or -1 with errno set. */
int output_write(struct tracer *tr, int fd);

#endif
