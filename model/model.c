/* SPDX-License-Identifier: MIT */
/* The sharing and namespace model (model.h): flags and facts in, instances and inodes out. */
#include <stdlib.h>

#include "base/alloc.h"
#include "model/model.h"
#include "names/compat.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"

void model_state_free(struct model_state *m)
{
	for (int k = 0; k < R_COUNT; k++) {
		free(m->members[k]);
		m->members[k] = NULL;
		m->n_members[k] = m->cap_members[k] = 0;
	}
}

int model_instance_new(struct model_state *m, enum res_kind k)
{
	return ++m->next[k];
}

void model_hold(struct model_state *m, int task, int res[R_COUNT], enum res_kind k, int inst)
{
	res[k] = inst;
	if (m->n_members[k] == m->cap_members[k]) {
		m->cap_members[k] = m->cap_members[k] ? m->cap_members[k] * 2 : 256;
		m->members[k] = xreallocarray(m->members[k], m->cap_members[k], sizeof(*m->members[k]));
	}
	m->members[k][m->n_members[k]++] = (struct member){ .inst = inst, .task = task };
}

void model_hold_new(struct model_state *m, int task, int res[R_COUNT])
{
	for (int k = 0; k < R_COUNT; k++)
		model_hold(m, task, res, k, model_instance_new(m, k));
}

void model_clone(struct model_state *m, int task, int res[R_COUNT], const int creator[R_COUNT],
		 uint64_t flags)
{
	for (int k = 0; k < R_COUNT; k++)
		model_hold(m, task, res, k, flags & ct_res[k].share_flag ? creator[k] :
			   model_instance_new(m, k));
}

void model_execve(struct model_state *m, int task, int res[R_COUNT])
{
	model_hold(m, task, res, R_VM, model_instance_new(m, R_VM));
	model_hold(m, task, res, R_FILES, model_instance_new(m, R_FILES));
	model_hold(m, task, res, R_SIGHAND, model_instance_new(m, R_SIGHAND));
}

bool model_unshare(struct model_state *m, int task, int res[R_COUNT], uint64_t flags)
{
	uint64_t f = unshare_implied_flags(flags);

	/* ksys_unshare(): a new IPC namespace also drops the semaphore undo list */
	if (f & CLONE_NEWIPC)
		f |= CLONE_SYSVSEM;
	if (f & CLONE_FILES)
		model_hold(m, task, res, R_FILES, model_instance_new(m, R_FILES));
	if (f & CLONE_FS)
		model_hold(m, task, res, R_FS, model_instance_new(m, R_FS));
	if (f & CLONE_SYSVSEM)
		model_hold(m, task, res, R_SYSVSEM, model_instance_new(m, R_SYSVSEM));
	return f & ns_flags_all();
}

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->inst != y->inst)
		return x->inst - y->inst;
	return x->task - y->task;
}

/* A kind at a time: qsort's scratch copy is then one kind's list, not all of them. */
void model_members_sort(struct model_state *m)
{
	for (int k = 0; k < R_COUNT; k++)
		qsort(m->members[k], m->n_members[k], sizeof(*m->members[k]), member_cmp);
}

uint64_t model_flags_of(const struct kinship *k)
{
	uint64_t f = 0;

	for (int r = 0; r < R_COUNT; r++)
		if (ct_res[r].kcmp >= 0 && k->same[r] == 1)
			f |= ct_res[r].share_flag;
	if (k->same_tgid)
		f |= CLONE_THREAD;
	else if (k->other_parent)
		f |= CLONE_PARENT;
	return f;
}

void model_ns_inherit(uint64_t child[NS_COUNT], const uint64_t creator[NS_COUNT])
{
	for (int k = 0; k < NS_COUNT; k++)
		child[k] = creator[ct_ns[k].inherit];
}

bool model_ns_unknown(uint64_t flags, bool attached, const uint64_t creator[NS_COUNT])
{
	return flags & ns_flags_all() || attached || !creator[NS_PID_FOR_CHILDREN] ||
	       (creator[NS_TIME] && !creator[NS_TIME_FOR_CHILDREN]);
}

bool model_nspid_unknown(uint64_t flags, bool attached, const uint64_t creator[NS_COUNT],
			 int creator_n_nspid)
{
	return flags & CLONE_NEWPID || attached || creator_n_nspid != 1 ||
	       creator[NS_PID_FOR_CHILDREN] != creator[NS_PID];
}
