/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_BASE_STRMAP_H
#define CLONETRACE_BASE_STRMAP_H

/*
 * A map from strings to numbers (an index, a count), for the readers that
 * group things by a name or a key they wrote.  Keys are copied; it never
 * fails (base/alloc.h's policy).
 */

#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
	char *key;		/* NULL: empty */
	long long value;
};

struct strmap {
	struct strmap_slot *slot;
	size_t cap;		/* a power of two, or 0 */
	size_t n;		/* keys held */
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* key's value, or NULL when key is not held; valid until the next strmap_add(). */
long long *strmap_get(const struct strmap *m, const char *key);
/* The map's own copy of s, added (as 0) when new: equal strings share it while m lives. */
const char *strmap_intern(struct strmap *m, const char *s);
/*
 * key's value, added as 0 when key is new (*added then true, when added is
 * not NULL); valid until the next strmap_add().
 */
long long *strmap_add(struct strmap *m, const char *key, bool *added);

#endif
