/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_SHOWLINE_H
#define CLONETRACE_ANSWERS_SHOWLINE_H

/*
 * What `show` says about one unit (a process, or a task with -t): its line,
 * the lines of its creation stacks, its failed calls.  show.c places them in
 * the tree; audit.c uses the names and the colours.
 */

#include "answers/units.h"
#include "answers/show_opts.h"
#include "answers/esc.h"

enum show_color { C_NONE, C_BOLD, C_DIM, C_RED, C_YELLOW, C_MAGENTA, C_CYAN };

struct show_line {
	const struct units *m;
	const struct show_opts *o;
	const char **image;	/* per task: the program it started as (path), or NULL */
	/*
	 * How many alike subtrees the unit printed now stands in: the product
	 * of the folded counts above it (1: none).  Under "36*[cc]" a cc1 is
	 * "36*[cc1]", each of the 36 made one.
	 */
	int mult;
};

/* The CLONE_NEW* flag that makes a namespace of this kind; 0 for the *_for_children ones. */
unsigned long long showline_ns_flag(int kind);
/* The program (path) each task started as: its creator's at the call; NULL for a root.  Free it. */
const char **showline_images(const struct trace *t);

/* text in colour c when the options ask for colour. */
void showline_paint(struct sbuf *b, const struct show_opts *o, enum show_color c,
		    const char *text);
/* "comm(tid)" of a task, the tid in its own PID namespace beside it when it differs. */
void showline_task(struct sbuf *b, const struct trace *t, int task, const struct show_opts *o);
/* The unit's line without the tree's prefix. */
void showline_unit(struct sbuf *b, const struct show_line *s, int unit);
/* The start offset and lifetime columns (--times); blank when unit < 0. */
void showline_times(struct sbuf *b, const struct show_line *s, int unit);
/* A failed call, count times alike: "! clone3 THREAD = -1 EINVAL; breaks: ...". */
void showline_failed(struct sbuf *b, const struct show_line *s, int call, int count);
/* What makes two units alike for folding: everything the lines say but pids and times. */
void showline_key(struct sbuf *key, const struct units *m, int unit, const void *ctx);

#endif
