/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_BASE_CHECK_H
#define CLONETRACE_BASE_CHECK_H

/*
 * A function that returns -1 (or NULL) for an error its caller must look
 * at: the compiler warns where a call drops the result.  Out of memory is
 * no such error (base/alloc.h: it ends the program), so what is marked is
 * what can really happen: memory the tracee unmapped, a file that isn't a
 * trace, a task that died.
 */
#define CT_MUST_CHECK __attribute__((warn_unused_result))

#endif
