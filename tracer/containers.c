/* SPDX-License-Identifier: MIT */
/* The container each task is in, named at the end of the trace (containers.h). */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/alloc.h"
#include "format/record.h"
#include "names/container.h"
#include "tracer/containers.h"
#include "tracer/tracer.h"

/* A runtime's command line is short: the words looked at, at most. */
#define ARGV_MAX 64

/* What one text of /proc/TID/cgroup names (tasks alike share the text). */
struct by_cgroup {
	const char *text;
	bool named;
	struct container_name name;
};

struct containers {
	const struct tracer *tr;
	/* by task index: the task (itself, or its nearest creator) whose command line names a container, or -1 */
	int *runtime;
	struct container_name *names;	/* by task index: what that command line names */
	struct by_cgroup *seen;		/* [n_seen] */
	int n_seen, cap_seen;
};

/* The index of t, or -1 if it is not tr's (ids are 1, 2, 3 ... in order). */
static int index_of(const struct tracer *tr, const struct task *t)
{
	return t && t->id >= 1 && (size_t)t->id <= tr->records.n_tasks &&
	       tr->records.tasks[t->id - 1] == t ? t->id - 1 : -1;
}

/* Whether t's own argv (not its creator's, which t shares until it execs) names a container. */
static bool names_own(const struct task *t, struct container_name *out)
{
	const char *v[ARGV_MAX];
	int n = 0;

	if (!t->argv || (t->creator && t->creator->argv == t->argv))
		return false;
	for (size_t i = 0; i < json_array_size(t->argv) && n < ARGV_MAX; i++)
		v[n++] = json_string_value(json_array_get(t->argv, i));
	return container_of_argv(v, n, out);
}

struct containers *containers_new(const struct tracer *tr)
{
	struct containers *c = xcalloc(1, sizeof(*c));
	size_t n = tr->records.n_tasks;

	c->tr = tr;
	c->runtime = xcalloc(n ? n : 1, sizeof(*c->runtime));
	c->names = xcalloc(n ? n : 1, sizeof(*c->names));
	/* in order of ids: a task's creator came before it */
	for (size_t i = 0; i < n; i++) {
		const struct task *t = tr->records.tasks[i];
		int up = index_of(tr, t->creator);

		if (names_own(t, &c->names[i]))
			c->runtime[i] = (int)i;
		else
			c->runtime[i] = up >= 0 && (size_t)up < i ? c->runtime[up] : -1;
	}
	return c;
}

/* What a cgroup text names: the v2 path first, then each v1 hierarchy's. */
static const struct by_cgroup *by_text(struct containers *c, const char *text)
{
	struct cgroup_line v[64];
	struct by_cgroup *b;
	char *copy;
	int n;

	for (int i = 0; i < c->n_seen; i++)
		if (c->seen[i].text == text)
			return &c->seen[i];
	c->seen = xgrow(c->seen, &c->cap_seen, c->n_seen + 1, sizeof(*c->seen));
	b = &c->seen[c->n_seen++];
	memset(b, 0, sizeof(*b));
	b->text = text;
	copy = xstrdup(text);
	n = cgroup_lines(copy, v, 64);
	for (int i = 0; i < n && !b->named; i++)
		b->named = v[i].hierarchy == 0 && container_of_cgroup(v[i].path, &b->name);
	for (int i = 0; i < n && !b->named; i++)
		b->named = v[i].hierarchy != 0 && container_of_cgroup(v[i].path, &b->name);
	free(copy);
	return b;
}

bool containers_of(struct containers *c, const struct task *t, struct container_record *out)
{
	int i = index_of(c->tr, t), r;
	const struct by_cgroup *b;
	const struct task *rt;

	memset(out, 0, sizeof(*out));
	/* never read: nothing is named, and nothing guessed */
	if (i < 0 || !t->cgroup)
		return false;
	b = by_text(c, t->cgroup);
	if (b->named) {
		*out = (struct container_record){ .runtime = b->name.runtime, .id = b->name.id,
						  .pod = b->name.pod[0] ? b->name.pod : NULL };
		return true;
	}
	r = c->runtime[i];
	rt = r >= 0 ? c->tr->records.tasks[r] : NULL;
	/* the texts are shared: two tasks in the same cgroups have the same one */
	if (!rt || !rt->cgroup || rt->cgroup == t->cgroup)
		return false;
	*out = (struct container_record){ .runtime = c->names[r].runtime, .id = c->names[r].id,
					  .runtime_task = rt->id };
	return true;
}

void containers_free(struct containers *c)
{
	if (!c)
		return;
	free(c->runtime);
	free(c->names);
	free(c->seen);
	free(c);
}
