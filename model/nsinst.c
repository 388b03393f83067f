/* SPDX-License-Identifier: MIT */
/* Namespace instances (nsinst.h): kind, inode and kernel id in, one namespace over its life out. */
#include <stdio.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "model/nsinst.h"
#include "names/ns.h"

void nsinst_init(struct nsinst_state *m)
{
	*m = (struct nsinst_state){ 0 };
	strmap_init(&m->latest);
}

void nsinst_free(struct nsinst_state *m)
{
	free(m->v);
	strmap_free(&m->latest);
	*m = (struct nsinst_state){ 0 };
}

const struct ns_instance *nsinst_get(const struct nsinst_state *m, int i)
{
	return i > 0 && (size_t)i <= m->n ? &m->v[i - 1] : NULL;
}

static long long *latest_slot(struct nsinst_state *m, int kind, uint64_t inode)
{
	char key[48];

	snprintf(key, sizeof(key), "%d %llu", kind, (unsigned long long)inode);
	return strmap_add(&m->latest, key, NULL);
}

static int instance_new(struct nsinst_state *m, int kind, uint64_t inode, uint64_t kid, int call,
			int task, uint64_t time_ns)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	m->v[m->n++] = (struct ns_instance){ .kind = kind, .num = ++m->next[kind], .inode = inode,
					     .kid = kid, .time_ns = time_ns, .call = call,
					     .task = task };
	*latest_slot(m, kind, inode) = (long long)m->n;
	return (int)m->n;
}

int nsinst_resolve(struct nsinst_state *m, int k, uint64_t inode, uint64_t kid,
		   const struct ns_origin *o, int task, uint64_t time_ns)
{
	int kind = ct_ns[k].own;
	int call = o ? o->call[kind] : 0;
	long long at = *latest_slot(m, kind, inode);
	struct ns_instance *last = at ? &m->v[at - 1] : NULL;

	if (!inode)
		return 0;
	/* the kernel's id names one namespace for the whole boot */
	if (kid && last && last->kid)
		return last->kid == kid ? (int)at :
		       instance_new(m, kind, inode, kid, call, task, time_ns);
	/* a call just made it: whatever had the inode before is gone */
	if (call)
		return last && last->call == call ? (int)at :
		       instance_new(m, kind, inode, kid, call, task, time_ns);
	/* no inode in use is handed out again: a traced task still in it keeps it */
	if (last && last->live > 0) {
		if (!last->kid)
			last->kid = kid;
		return (int)at;
	}
	return instance_new(m, kind, inode, kid, 0, task, time_ns);
}

void nsinst_enter(struct nsinst_state *m, int i)
{
	if (i > 0 && (size_t)i <= m->n)
		m->v[i - 1].live++;
}

void nsinst_leave(struct nsinst_state *m, int i)
{
	if (i > 0 && (size_t)i <= m->n && m->v[i - 1].live > 0)
		m->v[i - 1].live--;
}

void nsinst_unseen(struct nsinst_state *m, int i, int seen, int task)
{
	struct ns_instance *x = i > 0 && (size_t)i <= m->n ? &m->v[i - 1] : NULL;

	if (!x || x->call || x->unseen || x->task != seen)
		return;
	x->unseen = true;
	x->task = task;
}
