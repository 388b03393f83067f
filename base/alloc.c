/* SPDX-License-Identifier: MIT */
/* The x-allocators and the one out-of-memory policy (alloc.h). */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "base/alloc.h"

static void (*fatal_hook)(void *ctx);
static void *fatal_ctx;

void alloc_set_fatal_hook(void (*hook)(void *ctx), void *ctx)
{
	fatal_hook = hook;
	fatal_ctx = ctx;
}

void alloc_die(void)
{
	static const char msg[] = "clonetrace: out of memory\n";
	void (*hook)(void *ctx) = fatal_hook;

	/* write(2), not stdio: a stream's buffer may be what could not be had */
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to say it with */
	}
	/* once: a hook that runs out itself comes back here and exits */
	fatal_hook = NULL;
	if (hook)
		hook(fatal_ctx);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		alloc_die();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		alloc_die();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		alloc_die();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		alloc_die();
	return xrealloc(p, n * size);
}

void *xgrow(void *p, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return p;
	if (*cap > INT_MAX / 2)
		alloc_die();
	*cap = *cap ? *cap * 2 : 8;
	if (*cap < need)
		*cap = need;
	return xreallocarray(p, (size_t)*cap, size);
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		alloc_die();
	return d;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	if (!d)
		alloc_die();
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		alloc_die();
	return s;
}

void alloc_init(void)
{
	json_set_alloc_funcs(xmalloc, free);
}
