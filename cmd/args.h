/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_CMD_ARGS_H
#define CLONETRACE_CMD_ARGS_H

/* What the reading subcommands share: options they all take, loading the trace, stdout. */

#include <stdbool.h>
#include <stdio.h>

#include "answers/filter.h"
#include "answers/units.h"
#include "base/sbuf.h"
#include "format/trace.h"

/* A decimal number in [min, max], all of s: 0, else -1. */
int args_num(const char *s, long long min, long long max, long long *out);
/* --focus (c 'f') and --depth (c 'd') of optarg into sel; -1 when bad (with a message). */
int args_select(int c, const char *cmd, struct select *sel);
/* -e FILTER (optarg): adds its terms to f; -1 when bad (with a message). */
int args_filter(const char *cmd, struct filter *f);
/* What the filters keep of a loaded trace, and their text, into sel; free m and text after. */
void args_filter_select(struct select *sel, const struct filter *f, const struct trace *t,
			struct filter_match *m, struct sbuf *text);
/*
 * Reads the trace at path ("-": standard input); -1 with a message, which
 * names cmd unless it is NULL (render and show).
 */
int args_load(struct trace *t, const char *cmd, const char *path);

/* The options stats and diff take. */
struct args_answer {
	struct filter filter;
	bool json;
	bool counts;		/* --counts (diff's alone: counts_ok) */
	int first;		/* index of the first trace in argv */
};
/* 0, 1 for --help (done), -1 bad usage; counts_ok: --counts is taken. */
int args_answer(int argc, char **argv, const char *cmd, void (*usage)(FILE *),
		struct args_answer *a, bool counts_ok);
/* Flushes out: 0, or -1 with a message. */
int args_written(FILE *out, const char *cmd);

#endif
