/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_NS_H
#define CLONETRACE_ANSWERS_DIFF_NS_H

/*
 * Inside `clonetrace diff`: each kept task's namespaces by where they came
 * from, never by number: "inherited" from its creator, "new, made by its
 * creating call", "new, made by its unshare", "new, made by its creator
 * runc:[1:CHILD]'s unshare" (a creator that unshared before making it),
 * "joined by its setns", "initial" (the traced command's), "new, made by
 * COMM's CALL" (elsewhere in the trace), or "outside #N" (none of these, in
 * order of appearance).
 */

#include <stdbool.h>

#include "format/trace.h"

/* fn(arg, task, kind, words) for every kind of namespace of every kept task (kept[task]). */
void diff_ns_words(const struct trace *t, const bool *kept,
		   void (*fn)(void *arg, int task, int kind, const char *words), void *arg);

#endif
