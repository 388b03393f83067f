/* SPDX-License-Identifier: MIT */
/* A task's namespaces by where they came from, for `clonetrace diff` (diff_ns.h). */
#include <stdlib.h>
#include <string.h>

#include "answers/diff_ns.h"
#include "answers/esc.h"
#include "base/alloc.h"
#include "base/sbuf.h"
#include "base/strmap.h"

/* Where a namespace came from. */
struct origin {
	int call;		/* the call that made it; -1: none */
	int outside;		/* 0: the traced command's own ("initial"); else its number */
};

/* The namespaces placed so far: "<type>:<number>" -> v[]. */
struct origins {
	struct strmap index;
	struct origin *v;
	int n, cap;
};

/*
 * A namespace's key: its type (pid_for_children and pid are one type, as are
 * the time ones: a kind's `inherit` slot) and its number in the trace.
 */
static const char *ns_key(struct sbuf *b, int kind, long long number)
{
	sb_reset(b);
	sb_printf(b, "%d:%lld", (int)ct_ns[kind].inherit, number);
	return sb_str(b);
}

/* The origin of (kind, number); added as o when not placed yet. */
static const struct origin *place(struct origins *os, int kind, long long number,
				  struct origin o)
{
	struct sbuf key;
	bool added;
	long long *at;

	sb_init(&key);
	at = strmap_add(&os->index, ns_key(&key, kind, number), &added);
	sb_free(&key);
	if (added) {
		os->v = xgrow(os->v, &os->cap, os->n + 1, sizeof(*os->v));
		os->v[os->n] = o;
		*at = os->n++;
	}
	return &os->v[*at];
}

/* The origin of (kind, number), or NULL when not placed yet. */
static const struct origin *find(const struct origins *os, int kind, long long number)
{
	struct sbuf key;
	long long *at;

	sb_init(&key);
	at = strmap_get(&os->index, ns_key(&key, kind, number));
	sb_free(&key);
	return at ? &os->v[*at] : NULL;
}

static bool is_unshare(const struct tr_call *c)
{
	return strcmp(c->syscall, "unshare") == 0;
}

/* The namespaces a call made, as the trace says (calls[].made). */
static void place_made(const struct trace *t, struct origins *os, int call)
{
	const struct tr_call *c = &t->calls[call];

	if (c->result == RESULT_ERRNO)
		return;
	for (int k = 0; k < NS_COUNT; k++)
		if (c->made[k])
			place(os, k, c->made[k], (struct origin){ call, 0 });
}

/*
 * task's setns into (kind, number) that worked, or -1.  number is a
 * namespace instance (format/typed.h); a setns's fd names an inode, which
 * the instance has (a later namespace with a reused inode is another).
 */
static int joined_by(const struct trace *t, int task, int kind, long long number)
{
	const struct tr_task *x = &t->tasks[task];
	const struct tr_ns *n = trace_ns(t, number);

	for (int j = 0; j < x->n_calls; j++) {
		const struct tr_call *c = &t->calls[x->calls[j]];

		if (strcmp(c->syscall, "setns") == 0 && c->result == RESULT_VALUE &&
		    c->has_ns_inode && n && c->ns_inode == n->inode && c->ns_type >= 0 &&
		    ct_ns[c->ns_type].inherit == ct_ns[kind].inherit)
			return x->calls[j];
	}
	return -1;
}

static void comm_words(struct sbuf *b, const struct trace *t, int task)
{
	esc_add(b, t->tasks[task].comm, ESC_TEXT);
}

/* The words for task's namespace of kind k into b. */
static void ns_words(struct sbuf *b, const struct trace *t, struct origins *os, int task, int k,
		     int *outside)
{
	const struct tr_task *x = &t->tasks[task];
	int from = x->creator >= 0 ? x->creator : x->up;
	const struct origin *o;
	const struct tr_call *c;

	if (!x->ns[k]) {
		sb_add(b, "-");
		return;
	}
	o = find(os, k, x->ns[k]);
	c = o && o->call >= 0 ? &t->calls[o->call] : NULL;
	if (c && o->call == x->call) {
		/* which call it was is the creating call's difference, not this one's */
		sb_add(b, "new, made by its creating call");
	} else if (c && c->task == task) {
		sb_add(b, "new, made by its unshare");
	} else if (joined_by(t, task, k, x->ns[k]) >= 0) {
		sb_add(b, "joined by its setns");
	} else if (from >= 0 && t->tasks[from].ns[ct_ns[k].inherit] == x->ns[k]) {
		/* its creator's: say where the creator got it, when the creator itself changed it */
		if (c && c->task == from && is_unshare(c)) {
			sb_add(b, "new, made by its creator ");
			comm_words(b, t, from);
			sb_add(b, "'s unshare");
		} else if (joined_by(t, from, k, x->ns[k]) >= 0) {
			sb_add(b, "joined by its creator ");
			comm_words(b, t, from);
			sb_add(b, "'s setns");
		} else {
			sb_add(b, "inherited");
		}
	} else if (c) {
		sb_add(b, "new, made by ");
		comm_words(b, t, c->task);
		sb_printf(b, "'s %s", c->syscall);
	} else if (o && o->outside == 0) {
		sb_add(b, "initial");
	} else {
		if (!o)
			o = place(os, k, x->ns[k], (struct origin){ -1, ++*outside });
		sb_printf(b, "outside #%d", o->outside);
	}
}

void diff_ns_words(const struct trace *t, const bool *kept,
		   void (*fn)(void *arg, int task, int kind, const char *words), void *arg)
{
	struct origins os = { 0 };
	struct sbuf b;
	int outside = 0;

	strmap_init(&os.index);
	sb_init(&b);
	/* made by a call first: a top that unshares is not in its new namespace from the start */
	for (int i = 0; i < t->n_calls; i++)
		place_made(t, &os, i);
	for (int i = 0; i < t->n_tasks; i++)
		if (t->tasks[i].up < 0)
			for (int k = 0; k < NS_COUNT; k++)
				if (t->tasks[i].ns[k])
					place(&os, k, t->tasks[i].ns[k], (struct origin){ -1, 0 });
	for (int i = 0; i < t->n_tasks; i++) {
		int task = t->order[i];

		if (!kept[task])
			continue;
		for (int k = 0; k < NS_COUNT; k++) {
			ns_words(&b, t, &os, task, k, &outside);
			fn(arg, task, k, sb_str(&b));
			sb_reset(&b);
		}
	}
	sb_free(&b);
	strmap_free(&os.index);
	free(os.v);
}
