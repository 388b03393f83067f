/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_CTR_AUDIT_H
#define CLONETRACE_ANSWERS_CTR_AUDIT_H

/* show --ns-audit's part about containers (ctr_audit.c). */

#include <stdio.h>

#include "answers/show_opts.h"
#include "format/trace.h"

/*
 * Each container with its tasks and the calls that made or joined
 * namespaces for it (those its tasks made, and those whose child is one
 * of its tasks); nothing when t has none.  0, or -1 when writing failed.
 */
int ctr_audit_write(FILE *out, const struct trace *t, const struct show_opts *o);

#endif
