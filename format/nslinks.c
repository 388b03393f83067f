/* SPDX-License-Identifier: MIT */
/* The namespace instances of a trace's tasks and calls (nslinks.h). */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "format/fields.h"
#include "format/keep.h"
#include "format/nslinks.h"

static void inode_key(char *buf, size_t n, int kind, long long inode)
{
	snprintf(buf, n, "%d %lld", kind, inode);
}

/* Version 2: instances by id, each checked against the inode the task's "ns" gives. */
static int by_id(struct trace *t, struct trace_error *e)
{
	struct strmap ids;
	bool added;
	int rc = -1;

	strmap_init(&ids);
	for (int i = 0; i < t->n_nss; i++) {
		*strmap_add(&ids, t->nss[i].id, &added) = i + 1;
		if (!added) {
			fields_error(e, "namespaces[%d].id: \"%s\" is also an earlier one's", i,
				     t->nss[i].id);
			goto out;
		}
	}
	for (int i = 0; i < t->n_tasks; i++) {
		struct tr_task *k = &t->tasks[i];

		for (int kind = 0; kind < NS_COUNT; kind++) {
			long long *at = k->ns_inst[kind] ? strmap_get(&ids, k->ns_inst[kind]) : NULL;
			const struct tr_ns *x = at ? &t->nss[*at - 1] : NULL;

			if (!k->ns_inst[kind] && !k->ns_inode[kind])
				continue;
			if (!x || x->kind != (int)ct_ns[kind].own || x->inode != k->ns_inode[kind]) {
				fields_error(e, "tasks[%d].ns_inst.%s: %s%s%s is not a %s namespace "
					     "of namespaces[] with inode %lld, as its ns.%s says", i,
					     ct_ns[kind].name, k->ns_inst[kind] ? "\"" : "",
					     k->ns_inst[kind] ? k->ns_inst[kind] : "(absent)",
					     k->ns_inst[kind] ? "\"" : "", ct_ns[ct_ns[kind].own].name,
					     k->ns_inode[kind], ct_ns[kind].name);
				goto out;
			}
			k->ns[kind] = *at;
		}
	}
	for (int i = 0; i < t->n_calls; i++) {
		struct tr_call *c = &t->calls[i];

		for (int kind = 0; kind < NS_COUNT; kind++) {
			long long *at = c->made_id[kind] ? strmap_get(&ids, c->made_id[kind]) : NULL;

			if (c->made_id[kind] && (!at || t->nss[*at - 1].kind != kind)) {
				fields_error(e, "calls[%d].made.%s: \"%s\" is no %s namespace of "
					     "namespaces[]", i, ct_ns[kind].name, c->made_id[kind],
					     ct_ns[kind].name);
				goto out;
			}
			c->made[kind] = at ? *at : 0;
		}
	}
	rc = 0;
out:
	strmap_free(&ids);
	return rc;
}

/* Version 1: one instance per kind and inode, in order of first sight. */
static void by_inode(struct trace *t)
{
	struct strmap seen;
	char key[48], id[48];
	int next[NS_COUNT] = { 0 }, cap = 0;
	bool added;

	strmap_init(&seen);
	for (int i = 0; i < t->n_tasks; i++) {
		struct tr_task *k = &t->tasks[i];

		for (int kind = 0; kind < NS_COUNT; kind++) {
			int own = ct_ns[kind].own;
			long long *at;

			if (!k->ns_inode[kind])
				continue;
			inode_key(key, sizeof(key), own, k->ns_inode[kind]);
			at = strmap_add(&seen, key, &added);
			if (added) {
				t->nss = xgrow(t->nss, &cap, t->n_nss + 1, sizeof(*t->nss));
				snprintf(id, sizeof(id), "%s:%d", ct_ns[own].name, ++next[own]);
				t->nss[t->n_nss++] = (struct tr_ns){
					.id = keep_str(t, id), .kind = own,
					.inode = k->ns_inode[kind], .time_ns = -1, .call = -1,
					.task = -1,
				};
				*at = t->n_nss;
			}
			k->ns[kind] = *at;
		}
	}
	strmap_free(&seen);
}

/*
 * Version 1: the namespace of kind a call made is where it left the task
 * it made (its child, or the unsharing caller: pid_for_children), unless a
 * later call of that task changed that kind again (then unknown, 0).
 */
static long long made_v1(const struct trace *t, const struct tr_call *c, int kind)
{
	bool clone = c->child >= 0;
	int task = clone ? c->child : c->task;
	const struct tr_task *k = &t->tasks[task];

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *x = &t->calls[k->calls[j]];
		bool setns = strcmp(x->syscall, "setns") == 0;

		if (x == c || x->time_ns < c->time_ns || x->result != RESULT_VALUE)
			continue;
		if (setns ? (x->ns_type >= 0 ? (int)ct_ns[x->ns_type].own == kind :
			     (x->mask & ct_ns[kind].flag) != 0) :
		    strcmp(x->syscall, "unshare") == 0 && (x->mask & ct_ns[kind].flag))
			return 0;
	}
	/* unshare of pid and time changes what children get, not the caller's own */
	return k->ns[clone ? kind : (int)ct_ns[kind].inherit];
}

static void made_by_v1(struct trace *t)
{
	for (int i = 0; i < t->n_calls; i++) {
		struct tr_call *c = &t->calls[i];
		bool unshare = strcmp(c->syscall, "unshare") == 0;

		if (c->result != RESULT_VALUE || strcmp(c->syscall, "vfork") == 0 ||
		    (!unshare && c->child < 0) || strcmp(c->syscall, "setns") == 0)
			continue;
		for (int kind = 0; kind < NS_COUNT; kind++)
			if ((int)ct_ns[kind].own == kind && (c->mask & ct_ns[kind].flag))
				c->made[kind] = made_v1(t, c, kind);
	}
}

/* Each instance's nth: later instances of a kind and inode the trace saw before. */
static void number_reused(struct trace *t)
{
	struct strmap seen;
	char key[48];

	strmap_init(&seen);
	for (int i = 0; i < t->n_nss; i++) {
		inode_key(key, sizeof(key), t->nss[i].kind, t->nss[i].inode);
		t->nss[i].nth = (int)++*strmap_add(&seen, key, NULL);
	}
	strmap_free(&seen);
}

int nslinks_resolve(struct trace *t, struct trace_error *e)
{
	if (t->version >= 2) {
		if (by_id(t, e) < 0)
			return -1;
	} else {
		by_inode(t);
		made_by_v1(t);
	}
	number_reused(t);
	return 0;
}
