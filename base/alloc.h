/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_BASE_ALLOC_H
#define CLONETRACE_BASE_ALLOC_H

/*
 * The one out-of-memory policy of the whole program: an allocation that
 * fails is fatal, as in strace (xmalloc(), die_out_of_memory()) and git.
 * The x-allocators below never return NULL: on failure they print one line,
 * "clonetrace: out of memory", run the fatal hook if one is set, and exit
 * with status 1.  So no function returns -1 or NULL for want of memory, and
 * no caller checks for it (what does return -1 for another error is marked
 * CT_MUST_CHECK, base/check.h).  alloc_init() gives jansson the same allocator
 * (json_set_alloc_funcs), so a JSON value that can't be made ends the same way.
 *
 * The hook is the tracer's: it lets every tracee go (PTRACE_DETACH) before
 * clonetrace exits, so that the traced program runs on; PTRACE_O_EXITKILL
 * would otherwise kill it.  It runs once, in the thread that ran out.
 *
 * The exception to "only main() exits": nothing can be done without memory,
 * and every caller would give up anyway.
 */

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc(p, n * size), failing on overflow too. */
void *xreallocarray(void *p, size_t n, size_t size);
/* p with room for at least need elements, *cap of them, growing by doubling. */
void *xgrow(void *p, int *cap, int need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A new string, printf-style; free() it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Says "clonetrace: out of memory", runs the hook, exits 1 (strace's die_out_of_memory()). */
void alloc_die(void) __attribute__((noreturn));
/*
 * hook(ctx) runs once, before the exit, when an allocation fails; NULL
 * unsets it.  It must not allocate.
 */
void alloc_set_fatal_hook(void (*hook)(void *ctx), void *ctx);
/* jansson allocates through xmalloc() too: call first thing in main(). */
void alloc_init(void);

#endif
