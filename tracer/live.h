/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_LIVE_H
#define CLONETRACE_TRACER_LIVE_H

/*
 * The live stream (-v): one strace-like line per call, execve and exit as
 * it completes, on stderr or in --log's file, each stamped as --timestamps
 * asks.
 */

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "tracer/options.h"

struct live {
	FILE *f;		/* NULL: no stream */
	enum ts_format ts;
	uint64_t t0;		/* CLOCK_MONOTONIC ns at the trace's start, for TS_REL */
};

/* Opens the stream -v and --log ask for.  0, or -1 (errno) when --log's file can't be opened. */
int live_open(struct live *l, const struct options *o);
void live_close(struct live *l);
/* "[pid TID] " and the stamp, then fmt, then a newline.  Nothing without a stream. */
void live_line(const struct live *l, pid_t tid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct tracer;
struct task;
struct call;
/* The lines of one call with its result, one execve (err 0: it worked), one task's end. */
void live_result(struct tracer *tr, struct call *c);
void live_exec(struct tracer *tr, const struct task *t, pid_t tid, int err);
void live_death(struct tracer *tr, const struct task *t, int status);

#endif
