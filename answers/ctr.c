/* SPDX-License-Identifier: MIT */
/* The containers of a trace (ctr.h): tasks grouped by the container tasks[].container names. */
#include <stdlib.h>
#include <string.h>

#include "answers/ctr.h"
#include "answers/esc.h"
#include "base/strmap.h"
#include "names/ns.h"

const char *ctr_cgroup_path(const struct tr_task *k)
{
	const struct tr_strings *c = &k->cgroup;

	/* pairs: "" and the v2 path first where there is one, then the v1 ones */
	for (int i = 0; c->v && i + 1 < c->n; i += 2)
		if (!c->v[i][0])
			return c->v[i + 1];
	for (int i = 0; c->v && i + 1 < c->n; i += 2)
		if (strcmp(c->v[i + 1], "/") != 0)
			return c->v[i + 1];
	return NULL;
}

bool ctr_ns_call(const struct tr_call *c)
{
	return strcmp(c->syscall, "setns") == 0 ||
	       ((c->mask & ns_flags_all()) && strcmp(c->syscall, "vfork") != 0);
}

bool ctr_ns_call_for(const struct tr_call *c, const bool *in)
{
	return ctr_ns_call(c) && (in[c->task] || (c->child >= 0 && in[c->child]));
}

void ctr_short_id(struct sbuf *b, const char *id)
{
	size_t n = strlen(id);

	if (n == 64 && strspn(id, "0123456789abcdef") == 64)
		sb_addn(b, id, 12);
	else
		esc_add(b, id, ESC_TEXT);
}

struct ctr *ctr_list(const struct trace *t, const bool *keep, int *n)
{
	struct strmap index;
	struct ctr *v = NULL;
	int cap = 0;

	*n = 0;
	strmap_init(&index);
	for (int i = 0; i < t->n_tasks; i++) {
		int task = t->order[i];
		const struct tr_task *k = &t->tasks[task];
		struct sbuf key;
		struct ctr *c;
		bool added;
		long long *at;

		if (!k->container.id || (keep && !keep[task]))
			continue;
		sb_init(&key);
		sb_printf(&key, "%s%c%s", k->container.runtime, '\0' + 1, k->container.id);
		at = strmap_add(&index, sb_str(&key), &added);
		sb_free(&key);
		if (added) {
			v = xgrow(v, &cap, *n + 1, sizeof(*v));
			v[*n] = (struct ctr){ .runtime = k->container.runtime, .id = k->container.id,
					      .pod = k->container.pod, .via = k->container.via,
					      .cgroup = ctr_cgroup_path(k) };
			*at = (*n)++;
		}
		c = &v[*at];
		c->tasks = xreallocarray(c->tasks, (size_t)c->n_tasks + 1, sizeof(*c->tasks));
		c->tasks[c->n_tasks++] = task;
		if (k->thread)
			c->threads++;
		else
			c->processes++;
	}
	strmap_free(&index);
	return v;
}

void ctr_list_free(struct ctr *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].tasks);
	free(v);
}
