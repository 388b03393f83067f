/* SPDX-License-Identifier: MIT */
/* A map from strings to numbers: open addressing, linear probing, FNV-1a. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strmap.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The slot holding key, or the empty one where it would go. */
static struct strmap_slot *find(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);

	while (m->slot[i].key && strcmp(m->slot[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

/* Twice the room, each key moved to its place in it. */
static void grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 16;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].key)
			*find(m, old.slot[i].key) = old.slot[i];
	free(old.slot);
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i].key);
	free(m->slot);
	strmap_init(m);
}

long long *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (m->n == 0)
		return NULL;
	s = find(m, key);
	return s->key ? &s->value : NULL;
}

const char *strmap_intern(struct strmap *m, const char *s)
{
	strmap_add(m, s, NULL);
	return find(m, s)->key;
}

long long *strmap_add(struct strmap *m, const char *key, bool *added)
{
	struct strmap_slot *s;

	/* at most three quarters full, so that a probe ends */
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	s = find(m, key);
	if (added)
		*added = !s->key;
	if (!s->key) {
		s->key = xstrdup(key);
		s->value = 0;
		m->n++;
	}
	return &s->value;
}
