/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_AUDIT_H
#define CLONETRACE_ANSWERS_AUDIT_H

/* `clonetrace show --ns-audit`. */

#include <stdio.h>

#include "answers/show_opts.h"
#include "format/trace.h"

/*
 * The namespace audit: every call that created or joined a namespace (or
 * failed to), in time order, then the tasks of each new namespace with
 * their namespace-local pids.  0, or -1 when writing failed.
 */
int audit_write(FILE *out, const struct trace *t, const struct show_opts *o);

#endif
