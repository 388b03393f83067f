#ifndef CLONETRACE_RENDER_DIFF_H
#define CLONETRACE_RENDER_DIFF_H

/*
 * `clonetrace diff`: two traces compared by structure.  Tasks match by their
 * place in the tree (kind, comm, exe, argv and creating call), never by pid or
 * time; identical sibling subtrees (a pool of workers) compare by count; new
 * namespaces compare by the call that created them, never by inode.
 */

#include <stdbool.h>
#include <stdio.h>

#include "render/filter.h"
#include "render/trace.h"

struct diff_opts {
	const struct filter *filter;	/* compare only what it keeps of each trace */
	bool json;			/* the differences as JSON, else text */
	const char *name_a, *name_b;	/* the traces' names, for the text */
};

/* The differences of b from a on out.  1 the same, 0 different, -1 writing failed. */
int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o);

/* The same as a JSON array of differences (docs/stats.md); a new reference. */
json_t *diff_new(const struct trace *a, const struct trace *b, const struct filter *f);

#endif
