/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_H
#define CLONETRACE_ANSWERS_DIFF_H

/*
 * `clonetrace diff`: two traces compared by structure.  Tasks match by their
 * place in the tree (kind, comm, exe, argv and creating call), never by pid or
 * time; identical sibling subtrees (a pool of workers) compare by count; new
 * namespaces compare by the call that created them, never by inode.
 */

#include <stdbool.h>
#include <stdio.h>

#include "answers/filter.h"
#include "format/trace.h"

struct diff_opts {
	const struct filter *filter;	/* compare only what it keeps of each trace */
	bool json;			/* the differences as JSON, else text */
	const char *name_a, *name_b;	/* the traces' names, for the text */
};

/*
 * A comparison a trace at a time, so that two large traces need not be in
 * memory together: diff_add() keeps what comparing needs of a trace (A
 * first, then B), which may go after it; diff_end() gives the differences
 * as a JSON array (docs/stats.md, a new reference; NULL when fewer than two
 * traces were added: given up) and frees d.  Only what f (kept by reference
 * until then) keeps of each trace is compared.
 */
struct differ *diff_begin(const struct filter *f);
void diff_add(struct differ *d, const struct trace *t);
json_t *diff_end(struct differ *d);

/* diff_end()'s differences on out, as o says.  1 the same, 0 different, -1 writing failed. */
int diff_print(FILE *out, json_t *diffs, const struct diff_opts *o);

/* All of it for two traces in memory: the differences of b from a on out, as diff_print(). */
int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o);

/* The same as a JSON array of differences; a new reference. */
json_t *diff_new(const struct trace *a, const struct trace *b, const struct filter *f);

#endif
